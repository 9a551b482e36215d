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
      route: "您的办理路线（一个号码办到底）",
      stepDone: "已办结", stepWaiting: "等候中", stepServing: "正在办理",
      stepPending: "待办理", stepBoth: "同时排队，不分先后",
      stepDoneAt: "已办：",
      live: "实时更新", offline: "连接中断，正在重新连接…",
      priority: "优先",
      rateTitle: "请您评价本次服务", rateHint: "补评截止 {d}，评价自愿。",
      levels: ["非常满意", "满意", "基本满意", "不满意", "非常不满意"],
      reasons: "请选择不满意的原因（可多选）", send: "提交评价",
      phone: "回访电话（选填，仅用于回访）",
      sending: "正在提交…", thanks: "感谢您的评价！",
      rated: "本次服务已评价，谢谢。", failed: "未能提交："
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
      route: "Your route (one number all the way)",
      stepDone: "Done", stepWaiting: "Waiting", stepServing: "Being served",
      stepPending: "Later", stepBoth: "both at once, either order",
      stepDoneAt: "Done: ",
      live: "Live", offline: "Connection lost, reconnecting…",
      priority: "Priority",
      rateTitle: "Please rate this service",
      rateHint: "You may rate until {d}; rating is up to you.",
      levels: ["Very satisfied", "Satisfied", "Fair", "Dissatisfied",
        "Very dissatisfied"],
      reasons: "Why were you dissatisfied? (one or more)", send: "Send",
      phone: "Phone for our callback (optional)",
      sending: "Sending…", thanks: "Thank you for your rating!",
      rated: "This service has been rated. Thank you.",
      failed: "Not sent: "
    }
  };
  var lang = qh.lang();
  var last = null, up = false;
  var parts = location.pathname.split("/");
  var key = new URLSearchParams(location.search).get("k") || "";
  var base = "/t/" + encodeURIComponent(parts[2]) + "/" +
    encodeURIComponent(parts[3]);
  /* The citizen's choice while the page offers a rating: nothing chosen
   * at first, always (no default rating). */
  var chosen = 0, picked = {}, sending = false, sentMsg = "";

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
    renderRoute(t.route);
    renderRate(t.rating);
  }

  /* 并联审批: each step of the item's route, where the citizen is on it. */
  function renderRoute(steps) {
    var s = T[lang];
    var sec = document.getElementById("route");
    var ol = document.getElementById("route-list");
    sec.hidden = !steps;
    qh.clear(ol);
    if (!steps) return;
    document.getElementById("route-title").textContent = s.route;
    var word = { done: s.stepDone, waiting: s.stepWaiting,
      serving: s.stepServing, pending: s.stepPending };
    steps.forEach(function (st) {
      var li = qh.el("li", "route-step route-" + st.state);
      li.appendChild(qh.el("span", "route-name", name(st.name)));
      li.appendChild(qh.el("span", "route-state", word[st.state] || st.state));
      if (st.queues.length > 1 && st.state !== "done") {
        li.appendChild(qh.el("div", "route-sub", s.stepBoth));
        if (st.done.length)
          li.appendChild(qh.el("div", "route-sub",
            s.stepDoneAt + name(st.done_name)));
      }
      ol.appendChild(li);
    });
  }

  /* 补评: five equal buttons, 非常满意 first, the same order always. */
  function renderRate(r) {
    var s = T[lang];
    var sec = document.getElementById("rate");
    var msg = document.getElementById("rate-msg");
    sec.hidden = !r || (!r.open && !r.rated && !sentMsg);
    if (sec.hidden) return;
    document.getElementById("rate-title").textContent = s.rateTitle;
    var open = r.open && !sending;
    var levels = document.getElementById("rate-levels");
    var reasons = document.getElementById("rate-reasons");
    var send = document.getElementById("rate-send");
    document.getElementById("rate-hint").textContent = r.open ?
      s.rateHint.replace("{d}", new Date(r.until).toLocaleString(
        lang === "en" ? "en-GB" : "zh-CN", { month: "numeric",
          day: "numeric", hour: "2-digit", minute: "2-digit" })) : "";
    qh.clear(levels);
    levels.hidden = !r.open;
    send.hidden = !r.open;
    if (!r.open) {
      reasons.hidden = true;
      msg.textContent = sentMsg || s.rated;
      return;
    }
    for (var level = 5; level >= 1; level--) {
      var b = qh.el("button", "rate-level", s.levels[5 - level]);
      b.type = "button";
      b.dataset.level = String(level);
      b.setAttribute("aria-pressed", chosen === level ? "true" : "false");
      b.disabled = !open;
      b.addEventListener("click", choose);
      levels.appendChild(b);
    }
    reasons.hidden = !(chosen >= 1 && chosen <= 2);
    document.getElementById("rate-reasons-title").textContent = s.reasons;
    document.getElementById("rate-phone-label").textContent = s.phone;
    document.getElementById("rate-phone").disabled = !open;
    var list = document.getElementById("rate-reasons-list");
    qh.clear(list);
    r.reasons.forEach(function (name) {
      var l = qh.el("label", "rate-reason");
      var c = document.createElement("input");
      c.type = "checkbox";
      c.value = name;
      c.checked = !!picked[name];
      c.disabled = !open;
      c.addEventListener("change", function () {
        picked[name] = c.checked;
        renderRate(last.rating);
      });
      l.appendChild(c);
      l.appendChild(document.createTextNode(" " + name));
      list.appendChild(l);
    });
    send.textContent = sending ? s.sending : s.send;
    send.disabled = !open || chosen === 0 ||
      (chosen <= 2 && chosenReasons().length === 0);
    if (!sending) msg.textContent = sentMsg;
  }

  function chosenReasons() {
    return last.rating.reasons.filter(function (n) { return picked[n]; });
  }

  function choose(ev) {
    chosen = Number(ev.currentTarget.dataset.level);
    sentMsg = "";
    renderRate(last.rating);
  }

  function sendRating() {
    var body = { level: chosen };
    var phone = document.getElementById("rate-phone").value.trim();
    if (chosen <= 2) body.reasons = chosenReasons();
    if (chosen <= 2 && phone) body.phone = phone;
    sending = true;
    renderRate(last.rating);
    fetch(base + "/rate?k=" + encodeURIComponent(key), {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().then(function (j) { return { ok: res.ok, j: j }; });
    }).then(function (x) {
      sending = false;
      if (x.ok) {
        sentMsg = T[lang].thanks;
        last.rating.open = false;
        last.rating.rated = true;
      } else {
        sentMsg = T[lang].failed + (x.j.message || x.j.code);
      }
      renderRate(last.rating);
    }).catch(function () {
      sending = false;
      sentMsg = T[lang].failed + T[lang].offline;
      renderRate(last.rating);
    });
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

  document.getElementById("rate-send").addEventListener("click", sendRating);

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
