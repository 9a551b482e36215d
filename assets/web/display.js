/* The lobby display: the latest call large, recent calls, waiting per
 * queue and the notice; ?window=N shows one counter's call only. */
"use strict";

(function () {
  var params = new URLSearchParams(location.search);
  var only = parseInt(params.get("window") || "0", 10);
  var token = params.get("token");
  var calls = []; /* {number, window, at}, newest first */
  var sound = false, speaking = [], busy = false;
  var zone = "Asia/Shanghai";

  function say(c) {
    if (!sound) return;
    speaking.push(c);
    if (!busy) next();
  }

  /* One announcement at a time: chime, then the words, never overlapping. */
  function next() {
    var c = speaking.shift();
    if (!c) { busy = false; return; }
    busy = true;
    var chime = new Audio("/static/chime.wav");
    var speak = function () {
      if (!window.speechSynthesis) { next(); return; }
      var u = new SpeechSynthesisUtterance(
        "请 " + c.number.split("").join(" ") + " 号到 " + c.window + " 号窗口");
      u.lang = "zh-CN";
      u.onend = u.onerror = next;
      speechSynthesis.speak(u);
    };
    chime.onended = speak;
    chime.play().catch(speak);
  }

  function addCall(t, w, at, announce) {
    if (only && w !== only) return;
    calls = calls.filter(function (c) { return c.number !== t.number; });
    calls.unshift({ number: t.number, window: w, at: at });
    calls = calls.slice(0, 8);
    if (announce) {
      var l = document.getElementById("latest");
      l.classList.remove("flash");
      void l.offsetWidth; /* restart the animation */
      l.classList.add("flash");
      say(calls[0]);
    }
  }

  function renderCalls() {
    var c = calls[0];
    document.getElementById("latest-num").textContent = c ? c.number : "—";
    document.getElementById("latest-to").textContent =
      c ? "请到 " + c.window + " 号窗口 · Window " + c.window : "";
    var ul = document.getElementById("recent");
    qh.clear(ul);
    calls.slice(1).forEach(function (r) {
      var li = qh.el("li");
      li.appendChild(qh.el("span", null, r.number));
      li.appendChild(qh.el("span", null, r.window + " 号窗口"));
      ul.appendChild(li);
    });
  }

  function onStatus(s) {
    if (s.error) return;
    zone = s.timezone || zone;
    document.getElementById("hall").textContent =
      s.hall.zh + (only ? " · " + only + " 号窗口" : "");
    if (calls.length === 0) {
      /* After a start or a reconnect: who is at a window now. */
      s.windows.filter(function (w) { return w.ticket; })
        .sort(function (a, b) { return a.ticket.called_at - b.ticket.called_at; })
        .forEach(function (w) { addCall(w.ticket, w.window, w.ticket.called_at, false); });
    }
    renderCalls();
    var q = document.getElementById("queues");
    qh.clear(q);
    if (!only)
      s.queues.forEach(function (x) {
        q.appendChild(qh.el("span", x.open ? "" : "off",
          x.name_zh + " " + x.queue + " 等候 " + x.waiting + (x.open ? "" : " · 已暂停")));
      });
    document.getElementById("notice").textContent = s.notice;
    document.getElementById("notice").hidden = !s.notice;
  }

  function onEvent(e) {
    if ((e.event === "called" || e.event === "recalled") && e.ticket) {
      addCall(e.ticket, e.window, e.at, true);
      renderCalls();
    }
  }

  function tick() {
    document.getElementById("clock").textContent =
      new Date().toLocaleTimeString("zh-CN", { timeZone: zone, hour12: false });
  }

  document.getElementById("sound").addEventListener("click", function () {
    sound = !sound;
    this.textContent = sound ? "声音 开" : "声音 Sound";
  });
  setInterval(tick, 1000);
  tick();
  qh.stream("/display/events" + (token ? "?token=" + encodeURIComponent(token) : ""),
    { status: onStatus, event: onEvent },
    function (up) {
      var l = document.getElementById("live");
      l.textContent = up ? "" : "连接中断 Reconnecting…";
      l.className = up ? "" : "off";
      if (!up) calls = []; /* the next status says who is called now */
    });
})();
