/* Shared by the hall's pages: elements, language, and a live stream.
 * No framework and nothing from outside the hall: halls may be offline. */
"use strict";

var qh = {};

qh.el = function (tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
};

qh.clear = function (e) {
  while (e.firstChild) e.removeChild(e.firstChild);
};

/* Chinese unless ?lang=en or the visitor chose English before. */
qh.lang = function () {
  var q = new URLSearchParams(location.search).get("lang");
  if (q === "en" || q === "zh") return q;
  try {
    var s = localStorage.getItem("qhall-lang");
    if (s === "en" || s === "zh") return s;
  } catch (e) { /* private mode: no storage */ }
  return "zh";
};

qh.setLang = function (lang) {
  try { localStorage.setItem("qhall-lang", lang); } catch (e) { /* none */ }
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
};

/* An EventSource that says when it is live; it reconnects by itself and
 * the daemon sends the whole state first on every connect. */
qh.stream = function (url, handlers, onState) {
  var es = new EventSource(url);
  es.onopen = function () { onState(true); };
  es.onerror = function () { onState(false); };
  Object.keys(handlers).forEach(function (name) {
    es.addEventListener(name, function (ev) {
      handlers[name](JSON.parse(ev.data));
    });
  });
  return es;
};

qh.minutes = function (s) {
  return Math.max(1, Math.round(s / 60));
};
