/* The supervisors' console: log in, watch the hall live, see and answer
 * its alerts, pause and resume windows, close and open queues, set the
 * notice, see the 差评 ledger. Every change carries the session's CSRF
 * token. */
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

  var STATES = {
    to_verify: "待核实", verified: "属实", not_verified: "不属实",
    fixing: "整改", called_back: "回访", closed: "已结", appealed: "申诉",
    excluded: "已排除"
  };

  function day(ms) {
    if (!ms) return "—";
    var d = new Date(ms);
    return (d.getMonth() + 1) + "/" + d.getDate() + " " +
      ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  /* The ledger: open entries first asked for; overdue ones say so. */
  function loadLedger() {
    var q = [];
    if ($("ledger-open").checked) q.push("open=1");
    if ($("ledger-overdue").checked) q.push("overdue=1");
    fetch("/console/reviews" + (q.length ? "?" + q.join("&") : ""),
      { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) return;
      r.json().then(renderLedger);
    });
  }

  function renderLedger(j) {
    var tb = $("reviews").tBodies[0];
    qh.clear(tb);
    var late = 0;
    j.reviews.forEach(function (e) {
      var tr = qh.el("tr", e.overdue ? "overdue" : "");
      tr.dataset.review = e.id;
      if (e.overdue) late++;
      tr.appendChild(qh.el("td", "num", e.id));
      tr.appendChild(qh.el("td", null, e.number + " · " + e.day));
      tr.appendChild(qh.el("td", "num", e.window));
      tr.appendChild(qh.el("td", null, e.staff || "—"));
      tr.appendChild(qh.el("td", null, e.level === 1 ? "非常不满意" : "不满意"));
      tr.appendChild(qh.el("td", e.overdue ? "off" : "",
        (STATES[e.state] || e.state) + (e.overdue ? " · 超期 OVERDUE" : "")));
      tr.appendChild(qh.el("td", null, day(e.reply_due)));
      tr.appendChild(qh.el("td", null, day(e.fix_due)));
      tr.appendChild(qh.el("td", null, e.phone || "—"));
      tb.appendChild(tr);
    });
    $("ledger-count").textContent = j.reviews.length +
      (late ? " · 超期 " + late : "");
    $("ledger-empty").hidden = j.reviews.length > 0;
  }

  /* What each kind of alert says, and its figure in its unit. */
  var ALERTS = {
    queue_wait: "等候超时", queue_length: "排队过长", service_long: "办理超时",
    window_idle: "窗口空闲（有人等候）", window_paused: "暂停过久",
    help: "呼叫工作人员", printer_paper: "取号机缺纸"
  };

  function figure(a, v) {
    if (a.kind === "queue_length") return v + " 人";
    if (a.kind === "help" || a.kind === "printer_paper") return "—";
    return Math.floor(v / 60) + ":" + ("0" + (v % 60)).slice(-2);
  }

  /* The kiosk's screens by the names it sends. */
  var SCREENS = {
    home: "首页", queue: "事项列表", item: "事项说明", ticket: "号票",
    priority: "绿色通道", notice: "须知", offline: "离线"
  };

  function subject(a) {
    if (a.kind === "help") return a.subject + " · " + (SCREENS[a.screen] || a.screen || "");
    if (a.kind === "printer_paper") return a.subject;
    if (a.window) return a.window + " 号窗口";
    return a.subject + " 队列";
  }

  function loadAlerts() {
    fetch("/console/alerts", { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) return;
      r.json().then(renderAlerts);
    });
  }

  function renderAlerts(j) {
    var tb = $("alerts").tBodies[0];
    qh.clear(tb);
    j.alerts.forEach(function (a) {
      var tr = qh.el("tr", a.kind === "help" ? "help" : "alert");
      tr.dataset.alert = a.id;
      tr.appendChild(qh.el("td", "off", ALERTS[a.kind] || a.kind));
      tr.appendChild(qh.el("td", null, subject(a)));
      tr.appendChild(qh.el("td", "num", figure(a, a.figure)));
      tr.appendChild(qh.el("td", "num", figure(a, a.threshold)));
      tr.appendChild(qh.el("td", null, day(a.raised_at)));
      tr.appendChild(qh.el("td", null, a.acked_by ? "已知悉 " + a.acked_by : "未处理"));
      var td = qh.el("td");
      if (!a.acked_at) {
        td.appendChild(button(a.kind === "help" ? "已响应 On my way" : "知悉 Acknowledge",
          function () { act("alert-ack", { alert: a.id }, "告警 " + a.id + " 已处理"); }));
      }
      tr.appendChild(td);
      tb.appendChild(tr);
    });
    $("alerts-count").textContent = j.alerts.length ? String(j.alerts.length) : "";
    $("alerts-empty").hidden = j.alerts.length > 0;
    $("alerts-card").className = j.alerts.length ? "card alerting" : "card";
  }

  function onEvent(e) {
    if (e.event && e.event.indexOf("alert_") === 0) loadAlerts();
  }

  function showHall(me) {
    csrf = me.csrf;
    $("login").hidden = true;
    $("hall-view").hidden = false;
    $("logout").hidden = false;
    $("me").textContent = me.name + " (" + me.staff + ")";
    loadLedger();
    loadAlerts();
    if (es) es.close();
    es = qh.stream("/console/events", { status: render, event: onEvent }, function (up) {
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
  $("ledger-open").addEventListener("change", loadLedger);
  $("ledger-overdue").addEventListener("change", loadLedger);
  $("ledger-refresh").addEventListener("click", loadLedger);
  setInterval(function () { if (last) render(last); }, 5000);
  setInterval(function () { if (csrf) loadLedger(); }, 30000);
  /* The daemon looks every check_s seconds and says so on the stream;
   * this only refreshes the figures of standing alerts. */
  setInterval(function () { if (csrf) loadAlerts(); }, 60000);
  fetch("/console/state", { credentials: "same-origin" }).then(function (r) {
    r.json().then(function (s) {
      if (!s.me) { showLogin(); return; }
      showHall(s.me);
      render(s);
    });
  });
})();
