/* The ticket page: the state of one ticket, live, in large type. */
"use strict";

(function () {
  var T = {
    zh: {
      title: "排队进度", other: "English", ahead: "前面还有",
      people: "人", wait: "预计等候约", min: "分钟",
      waiting: "等候中", called: "请到 {w} 号窗口", calledSub: "正在叫您的号",
      serving: "正在 {w} 号窗口办理", done: "已办结，谢谢", no_show: "已过号",
      rejoin: "今天回到大厅可到窗口登记，顺延后重新叫号。",
      noRejoin: "今天已不能重新排队，请重新取号。",
      expired: "已过期，请重新取号。", cancelled: "已取消",
      materials: "请核对所需材料（一次性告知）",
      live: "实时更新", offline: "连接中断，正在重新连接…",
      priority: "优先"
    },
    en: {
      title: "Your place in line", other: "中文", ahead: "Ahead of you:",
      people: "", wait: "Estimated wait: about", min: "min",
      waiting: "Waiting", called: "Please go to window {w}",
      calledSub: "Your number is being called",
      serving: "Being served at window {w}", done: "Done, thank you",
      no_show: "Missed",
      rejoin: "Come back today and register at a window to rejoin the line.",
      noRejoin: "It can no longer rejoin today; please take a new number.",
      expired: "Expired; please take a new number.", cancelled: "Cancelled",
      materials: "Check the materials you need",
      live: "Live", offline: "Connection lost, reconnecting…",
      priority: "Priority"
    }
  };
  var lang = qh.lang();
  var last = null, up = false;
  var parts = location.pathname.split("/");
  var key = new URLSearchParams(location.search).get("k") || "";
  var base = "/t/" + encodeURIComponent(parts[2]) + "/" +
    encodeURIComponent(parts[3]);

  function name(o) {
    if (!o) return "";
    return (lang === "en" && o.en) ? o.en : o.zh;
  }

  function render(t) {
    var s = T[lang];
    var st = document.getElementById("state");
    document.title = t.number + " · " + s.title;
    document.getElementById("hall").textContent = name(t.hall);
    document.getElementById("lang").textContent = s.other;
    document.getElementById("number").textContent = t.number;
    document.getElementById("queue").textContent =
      name(t.queue_name) + (t.priority ? " · " + s.priority : "");
    document.getElementById("item").textContent = name(t.item_name);
    qh.clear(st);
    st.className = "card state state-" + t.state;
    if (t.state === "waiting") {
      st.appendChild(qh.el("div", "big", s.waiting));
      st.appendChild(qh.el("div", "line",
        s.ahead + " " + t.ahead + " " + s.people));
      if (t.est_wait_s !== null)
        st.appendChild(qh.el("div", "line",
          s.wait + " " + qh.minutes(t.est_wait_s) + " " + s.min));
    } else if (t.state === "called") {
      st.appendChild(qh.el("div", "huge", s.called.replace("{w}", t.window)));
      st.appendChild(qh.el("div", "line", s.calledSub));
    } else if (t.state === "serving") {
      st.appendChild(qh.el("div", "big", s.serving.replace("{w}", t.window)));
    } else if (t.state === "no_show") {
      st.appendChild(qh.el("div", "big", s.no_show));
      st.appendChild(qh.el("div", "line", t.can_rejoin ? s.rejoin : s.noRejoin));
    } else {
      st.appendChild(qh.el("div", "big", s[t.state] || t.state));
    }
    var rules = document.getElementById("rules");
    rules.hidden = t.state !== "no_show" && t.state !== "waiting";
    rules.textContent = lang === "en" ? t.hall.rules_en : t.hall.rules_zh;
    var m = document.getElementById("materials");
    var lines = t.materials ? (lang === "en" && t.materials.en.length ?
      t.materials.en : t.materials.zh) : [];
    m.hidden = lines.length === 0 || t.state === "done";
    document.getElementById("materials-title").textContent = s.materials;
    var ul = document.getElementById("materials-list");
    qh.clear(ul);
    lines.forEach(function (l) { ul.appendChild(qh.el("li", null, l)); });
  }

  function alertCalled(t) {
    if (t.state !== "called" || (last && last.state === "called" &&
        last.calls === t.calls))
      return;
    /* Browsers let a page vibrate only after the visitor touched it. */
    var touched = !navigator.userActivation ||
      navigator.userActivation.hasBeenActive;
    if (navigator.vibrate && touched) navigator.vibrate([300, 150, 300]);
    try {
      var a = new Audio("/static/chime.wav");
      a.play().catch(function () { /* needs a tap first: fine */ });
    } catch (e) { /* no audio */ }
  }

  function onTicket(t) {
    alertCalled(t);
    last = t;
    render(t);
  }

  document.getElementById("lang").addEventListener("click", function () {
    lang = lang === "zh" ? "en" : "zh";
    qh.setLang(lang);
    if (last) render(last);
    showLive();
  });

  function showLive() {
    var l = document.getElementById("live");
    l.textContent = up ? T[lang].live : T[lang].offline;
    l.className = up ? "live" : "live off";
  }

  qh.setLang(lang);
  qh.stream(base + "/events?k=" + encodeURIComponent(key),
    { ticket: onTicket },
    function (isUp) {
      up = isUp;
      showLive();
    });
})();
