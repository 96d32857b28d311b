/*
 * The SCORM runtime of an rm-course package (SCORM 1.2 or 2004), loaded by launch.html only.
 * The launch page holds one LMS session and shows the package's pages in a frame of its own, so
 * moving from page to page never ends the session. It records which lesson pages were opened and
 * which checklist boxes are ticked, bookmarks the page open, and sets completion once every lesson
 * page was opened and every box ticked. Progress fits in SCORM 1.2's 4,096 characters of suspend
 * data: "1|<package id>|<pages opened, hex bits>|<boxes ticked, hex bits per page, dot-separated>".
 * Without an LMS (the page opened on its own) the pages work as a plain site. No request leaves it.
 */
(function () {
  "use strict";

  var P = window.RM_SCORM_PACKAGE;
  var V2004 = P.standard === "scorm2004";
  var CALLS = V2004
    ? { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate" }
    : { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish" };
  var CMI = V2004
    ? { location: "cmi.location", status: "cmi.completion_status", exit: "cmi.exit", time: "cmi.session_time" }
    : { location: "cmi.core.lesson_location", status: "cmi.core.lesson_status", exit: "cmi.core.exit",
        time: "cmi.core.session_time" };
  var SUSPEND_LIMIT = 4096;
  var LOCATION_LIMIT = V2004 ? 1000 : 255;

  var api = null, frame = null, open = false, complete = false;
  var started = new Date();
  var seen = [], ticks = [];
  var root = window.location.pathname.replace(/[^\/]*$/, "");

  function findApi(win) {
    var name = V2004 ? "API_1484_11" : "API";
    for (var depth = 0; win && depth < 12; depth += 1) {
      try {
        if (win[name]) return win[name];
      } catch (e) { /* a frame of another origin: look further up */ }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  function lms(call, name, value) {
    if (!api || !open) return "";
    try {
      if (call === "set") return api[CALLS.set](name, String(value));
      if (call === "get") return String(api[CALLS.get](name) || "");
      return api[CALLS[call]]("");
    } catch (e) {
      return "";
    }
  }

  function hexBits(bits, count) {
    var out = "";
    for (var i = 0; i < count; i += 4) {
      var n = 0;
      for (var j = 0; j < 4; j += 1) if (bits[i + j]) n |= 1 << j;
      out += n.toString(16);
    }
    return out;
  }

  function readBits(hex, count) {
    var bits = [];
    for (var i = 0; i < count; i += 1) bits.push(((parseInt(hex.charAt(i >> 2), 16) || 0) & (1 << (i & 3))) !== 0);
    return bits;
  }

  function encode() {
    var boxes = [];
    for (var i = 0; i < P.pages.length; i += 1) if (P.boxes[i]) boxes.push(hexBits(ticks[i], P.boxes[i]));
    return ["1", P.id, hexBits(seen, P.pages.length), boxes.join(".")].join("|");
  }

  function decode(text) {
    var parts = String(text || "").split("|");
    var known = parts[0] === "1" && parts[1] === P.id;  // another version of the package starts afresh
    var pages = readBits(known ? parts[2] || "" : "", P.pages.length);
    var boxes = known ? (parts[3] || "").split(".") : [];
    var k = 0;
    for (var i = 0; i < P.pages.length; i += 1) {
      seen[i] = pages[i];
      ticks[i] = readBits(P.boxes[i] ? boxes[k++] || "" : "", P.boxes[i]);
    }
  }

  function progress() {
    var done = 0, total = P.pages.length;
    for (var i = 0; i < P.pages.length; i += 1) {
      if (seen[i]) done += 1;
      total += P.boxes[i];
      for (var b = 0; b < P.boxes[i]; b += 1) if (ticks[i][b]) done += 1;
    }
    return total ? done / total : 1;
  }

  function save(page) {
    if (page && page.length <= LOCATION_LIMIT) lms("set", CMI.location, page);
    var data = encode();
    if (data.length <= SUSPEND_LIMIT) lms("set", "cmi.suspend_data", data);
    var share = progress();
    if (V2004) lms("set", "cmi.progress_measure", share.toFixed(4));
    if (share >= 1 && !complete) {
      complete = true;
      lms("set", CMI.status, "completed");
    }
    lms("commit");
  }

  function pageIn(win) {
    var path;
    try {
      path = decodeURIComponent(win.location.pathname);
    } catch (e) {
      return null;
    }
    var base = decodeURIComponent(root);
    if (path.indexOf(base) !== 0) return null;
    path = path.slice(base.length);
    return /\/$/.test(path) || path === "" ? path + "index.html" : path;
  }

  function wireBoxes(doc, i) {
    var boxes = doc.querySelectorAll(".task-list-control input[type=checkbox]");
    Array.prototype.forEach.call(boxes, function (box, b) {
      if (b >= P.boxes[i]) return;
      box.checked = ticks[i][b];
      box.addEventListener("change", function () {
        ticks[i][b] = box.checked;
        save(null);
      });
    });
  }

  function pageLoaded() {
    var win = frame.contentWindow;
    var page = pageIn(win);
    if (page === null) return;
    try {
      if (win.document.title) document.title = win.document.title;
    } catch (e) { /* not ours */ }
    var i = P.pages.indexOf(page);
    if (i >= 0) {
      seen[i] = true;
      wireBoxes(win.document, i);
    }
    save(P.all.indexOf(page) >= 0 ? page : null);
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  function sessionTime() {
    var seconds = Math.max(0, (new Date() - started) / 1000);
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    if (V2004) return "PT" + h + "H" + m + "M" + s.toFixed(2) + "S";
    return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + pad(s.toFixed(2), 5);
  }

  function finish() {
    if (!open) return;
    lms("set", CMI.time, sessionTime());
    lms("set", CMI.exit, complete ? (V2004 ? "normal" : "") : "suspend");
    lms("commit");
    lms("finish");
    open = false;
  }

  function start() {
    frame = document.getElementById("rm-scorm-page");
    api = findApi(window);
    decode("");
    var bookmark = "";
    if (api && String(api[CALLS.init]("")) === "true") {
      open = true;
      decode(lms("get", "cmi.suspend_data"));
      bookmark = lms("get", CMI.location);
      var status = lms("get", CMI.status);
      complete = status === "completed" || status === "passed";
      if (!complete) lms("set", CMI.status, "incomplete");
    }
    frame.addEventListener("load", pageLoaded);
    frame.src = P.all.indexOf(bookmark) >= 0 ? bookmark : P.pages[0];
  }

  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
