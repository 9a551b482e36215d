/* The supervisors' console: log in, watch the hall live, pause and resume
 * windows, close and open queues, set the notice. Every change carries the
 * session's CSRF token. */
"use strict";

(function () {
  var csrf = null, es = null, last = null, skew = 0;

  function $(id) { return document.getElementById(id); }

  function post(action, body) {
    var headers = { "Content-Type": "application/json" };
    if (csrf) headers["X-CSRF-Token"] = csrf;
    return fetch("/console/" + action, {
      method: "POST", headers: headers, credentials: "same-origin",
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, body: j }; });
    });
  }

  function act(action, body, what) {
    post(action, body).then(function (r) {
      $("result").textContent = r.ok ? "✓ " + what : "✗ " + r.body.message;
      $("result").className = r.ok ? "result" : "result error";
    });
  }

  function since(ms) {
    if (!ms) return "";
    var s = Math.max(0, Math.round((Date.now() + skew - ms) / 1000));
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }

  function button(text, onClick) {
    var b = qh.el("button", null, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function render(s) {
    last = s;
    skew = s.now - Date.now();
    $("hall").textContent = s.hall.zh + " · 大厅管理";
    var qb = $("queues").tBodies[0];
    qh.clear(qb);
    s.queues.forEach(function (q) {
      var tr = qh.el("tr");
      tr.appendChild(qh.el("td", null, q.queue + " " + q.name_zh));
      tr.appendChild(qh.el("td", "num", q.waiting));
      tr.appendChild(qh.el("td", "num",
        q.est_wait_s === null ? "—" : qh.minutes(q.est_wait_s) + " 分"));
      tr.appendChild(qh.el("td", q.open ? "" : "off", q.open ? "开放" : "已关闭"));
      var td = qh.el("td");
      td.appendChild(q.open
        ? button("关闭 Close", function () { act("queue-close", { queue: q.queue }, q.queue + " 已关闭"); })
        : button("开放 Open", function () { act("queue-open", { queue: q.queue }, q.queue + " 已开放"); }));
      tr.appendChild(td);
      qb.appendChild(tr);
    });
    var wb = $("windows").tBodies[0];
    qh.clear(wb);
    s.windows.forEach(function (w) {
      var tr = qh.el("tr");
      tr.dataset.window = w.window;
      tr.appendChild(qh.el("td", "num", w.window));
      tr.appendChild(qh.el("td", w.state === "paused" ? "off" : "",
        w.state === "paused" ? "暂停 " + (w.reason || "") : "开放"));
      tr.appendChild(qh.el("td", null, w.staff ? w.staff.name + " (" + w.staff.id + ")" : "—"));
      var t = w.ticket;
      tr.appendChild(qh.el("td", null, t ? t.number + " " +
        (t.state === "serving" ? "办理 " + since(t.served_at) : "叫号 " + since(t.called_at)) : ""));
      tr.appendChild(qh.el("td", "num", w.served_today));
      var td = qh.el("td");
      if (w.state === "paused") {
        td.appendChild(button("恢复 Resume", function () {
          act("resume", { window: w.window }, w.window + " 号窗口已恢复");
        }));
      } else {
        var reason = qh.el("input", "reason");
        reason.placeholder = "原因 reason";
        reason.maxLength = 60;
        td.appendChild(reason);
        td.appendChild(button("暂停 Pause", function () {
          var body = { window: w.window };
          if (reason.value) body.reason = reason.value;
          act("pause", body, w.window + " 号窗口已暂停");
        }));
      }
      tr.appendChild(td);
      wb.appendChild(tr);
    });
    if (document.activeElement !== $("notice")) $("notice").value = s.notice;
  }

  function showHall(me) {
    csrf = me.csrf;
    $("login").hidden = true;
    $("hall-view").hidden = false;
    $("logout").hidden = false;
    $("me").textContent = me.name + " (" + me.staff + ")";
    if (es) es.close();
    es = qh.stream("/console/events", { status: render }, function (up) {
      $("live").textContent = up ? "实时 Live" : "连接中断 Reconnecting…";
      $("live").className = up ? "live" : "live off";
    });
  }

  function showLogin() {
    $("login").hidden = false;
    $("hall-view").hidden = true;
    $("logout").hidden = true;
    $("me").textContent = "";
  }

  $("login").addEventListener("submit", function (e) {
    e.preventDefault();
    post("login", { staff: $("staff").value, pin: $("pin").value })
      .then(function (r) {
        $("pin").value = "";
        if (!r.ok) { $("login-error").textContent = r.body.message; return; }
        $("login-error").textContent = "";
        showHall(r.body);
      });
  });
  $("logout").addEventListener("click", function () {
    post("logout").then(function () { if (es) es.close(); csrf = null; showLogin(); });
  });
  $("notice-form").addEventListener("submit", function (e) {
    e.preventDefault();
    act("notice", { text: $("notice").value }, "公告已发布");
  });
  setInterval(function () { if (last) render(last); }, 5000);
  fetch("/console/state", { credentials: "same-origin" }).then(function (r) {
    r.json().then(function (s) {
      if (!s.me) { showLogin(); return; }
      showHall(s.me);
      render(s);
    });
  });
})();
