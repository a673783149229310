/* hepkit sheet, part two: "Show my physio" (a summary of the log this phone keeps, as a picture, as
   QR codes and as text, in the format of docs/patient-log.md), "What's new" when the physio changed
   the prescription, and a notice when the browser has lost the log. It reads the log sheet.js keeps
   and sends nothing anywhere: the patient hands the summary over, or not. Needs qrcode.js. */
(function () {
  "use strict";
  var H = window.hepkitSheet;
  if (!H) { return; }
  var data = H.data, W = data.handover, say = H.say, el = H.el;
  var SVG = "http://www.w3.org/2000/svg";
  var PART_DAYS = 28;  // four weeks a code: one QR code for a 4-week program, numbered codes beyond
  var PAIN = "0123456789A";

  function crc32(text) {  // CRC-32 of an ASCII line, as Python's zlib.crc32: 8 hex digits
    var crc = -1;
    for (var i = 0; i < text.length; i++) {
      var c = (crc ^ text.charCodeAt(i)) & 0xff;
      for (var k = 0; k < 8; k++) { c = c & 1 ? (c >>> 1) ^ 0xEDB88320 : c >>> 1; }
      crc = (crc >>> 8) ^ c;
    }
    var hex = ((crc ^ -1) >>> 0).toString(16).toUpperCase();
    return "00000000".slice(hex.length) + hex;
  }
  function dateOf(key) { return new Date(key + "T00:00:00"); }
  function later(d, n) { var x = new Date(d.getTime()); x.setDate(x.getDate() + n); return x; }
  function compact(d) { return H.dayKey(d).replace(/-/g, ""); }
  function weekly(g) { return !g.days && g.perWeek ? Math.min(g.perWeek[0], 9) : 0; }
  function svg(tag, attrs, text) {
    var n = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (name) { n.setAttribute(name, attrs[name]); });
    if (text !== undefined) { n.textContent = text; }
    return n;
  }

  /* --- The log, day by day from the start of the sheet to today --- */
  function logDays() {  // from the start, or as far back as the phone keeps days (it keeps 60)
    var days = [], last = dateOf(H.dayKey(new Date())), first = dateOf(data.start), kept = later(last, 1 - H.keepDays);
    for (var d = first < kept ? kept : first; d <= last; d = later(d, 1)) { days.push(d); }
    return days;
  }
  function dayOf(d) {  // for each group [done, due]; the two ratings
    var kept = H.state().days[H.dayKey(d)];
    return {
      groups: data.groups.map(function (g, i) {
        var done = kept && kept.ticks[i] ? kept.ticks[i].filter(Boolean).length : 0;
        return [Math.min(done, 9), weekly(g) ? 0 : (H.dueOn(g, d) ? Math.min(g.sessions[0], 9) : 0)];
      }),
      during: kept ? kept.during : null, morning: kept ? kept.morning : null
    };
  }
  function anything(days) {
    return days.some(function (d) {
      var day = dayOf(d);
      return day.during !== null || day.morning !== null || day.groups.some(function (g) { return g[0] > 0; });
    });
  }

  /* --- The summary's lines (the format handover/summary.py reads back) --- */
  function rating(v) { return v === null || v === undefined ? "-" : PAIN.charAt(v); }
  function dayText(d) {
    var day = dayOf(d);
    return day.groups.map(function (g) { return String(g[0]) + g[1]; }).join("") + rating(day.during) + rating(day.morning);
  }
  function groupsText() {
    return data.groups.map(function (g) {
      return g.cards.map(function (c) { return data.cards[c].tag; }).join(".") + (weekly(g) ? "W" + weekly(g) : "");
    }).join("+");
  }
  function summaryLines(days) {
    var total = Math.max(1, Math.ceil(days.length / PART_DAYS)), lines = [];
    for (var p = 0; p < total; p++) {
      var chunk = days.slice(p * PART_DAYS, (p + 1) * PART_DAYS);
      var body = ["HEP1", data.sheet.toUpperCase(), (p + 1) + "/" + total, compact(chunk[0]), groupsText(),
                  chunk.map(dayText).join("")].join(":");
      lines.push(body + ":" + crc32(body));
    }
    return lines;
  }

  /* --- What the summary says, in words --- */
  function totals(days) {
    var groups = data.groups.map(function () { return [0, 0]; }), rated = 0, over = 0, any = 0;
    days.forEach(function (d) {
      var day = dayOf(d);
      day.groups.forEach(function (g, i) { groups[i][0] += g[0]; groups[i][1] += g[1]; });
      if (day.during !== null) { rated += 1; if (data.pain && day.during > data.pain.limit) { over += 1; } }
      if (day.during !== null || day.morning !== null) { any += 1; }
    });
    return { groups: groups, rated: rated, over: over, any: any, weeks: Math.max(1, Math.ceil(days.length / 7)) };
  }
  function sentences(days) {
    var t = totals(days), out = [];
    data.groups.forEach(function (g, i) {
      var label = g.name;
      out.push(weekly(g) ? say(W.group_weekly, { label: label, done: t.groups[i][0], per_week: weekly(g) })
                         : say(W.group, { label: label, done: t.groups[i][0], due: t.groups[i][1] }));
    });
    out.push(say(W.rated, { n: t.any, days: days.length }));
    if (data.pain) { out.push(say(W.over, { limit: data.pain.limit, n: t.over, rated: t.rated })); }
    return out;
  }

  /* --- The picture: a week-by-week grid of sessions, and a pain line against the limit --- */
  function state(day) {
    var due = 0, done = 0, weeklyDone = 0;
    day.groups.forEach(function (g, i) {
      if (weekly(data.groups[i])) { weeklyDone += g[0]; return; }
      due += g[1]; done += Math.min(g[0], g[1]);
    });
    if (!due) { return weeklyDone ? "all" : "off"; }
    return done >= due ? "all" : (done || weeklyDone) ? "some" : "none";
  }
  function grid(days) {
    var first = later(days[0], -((days[0].getDay() + 6) % 7)), size = 34, top = 18;
    var rows = Math.ceil(((days[0].getDay() + 6) % 7 + days.length) / 7);
    var box = svg("svg", { "class": "week-grid", viewBox: "0 0 " + 7 * size + " " + (top + rows * size + 30),
                           role: "img", "aria-label": W.weeks });
    data.calendar.initials.forEach(function (name, i) {
      box.appendChild(svg("text", { x: i * size + size / 2, y: 12, "text-anchor": "middle", "class": "wd" }, name));
    });
    var byKey = {};
    days.forEach(function (d) { byKey[H.dayKey(d)] = d; });
    for (var i = 0; i < rows * 7; i++) {
      var d = later(first, i), x = (i % 7) * size, y = top + Math.floor(i / 7) * size;
      if (!byKey[H.dayKey(d)]) { continue; }
      var s = state(dayOf(d));
      box.appendChild(svg("rect", { x: x + 2, y: y + 2, width: size - 4, height: size - 4, rx: 4, "class": "day " + s }));
      box.appendChild(svg("text", { x: x + size / 2, y: y + size / 2 + 4, "text-anchor": "middle", "class": "n " + s },
                          String(d.getDate())));
    }
    var key = [["all", W.all_done], ["some", W.some_done], ["none", W.none_done], ["off", W.day_off]];
    key.forEach(function (k, i) {
      var x = (i % 2) * 3.5 * size, y = top + rows * size + 6 + Math.floor(i / 2) * 12;
      box.appendChild(svg("rect", { x: x, y: y, width: 10, height: 10, rx: 2, "class": "day " + k[0] }));
      box.appendChild(svg("text", { x: x + 14, y: y + 9, "class": "key" }, k[1]));
    });
    return box;
  }
  function painLine(days) {
    var w = 238, h = 110, pad = 22, step = days.length > 1 ? (w - pad - 6) / (days.length - 1) : 0;
    var box = svg("svg", { "class": "pain-line", viewBox: "0 0 " + w + " " + (h + 26), role: "img",
                           "aria-label": say(W.pain, { limit: data.pain ? data.pain.limit : "" }) });
    function y(v) { return 6 + (10 - v) * (h - 12) / 10; }
    [0, 5, 10].forEach(function (v) {
      box.appendChild(svg("text", { x: pad - 6, y: y(v) + 3, "text-anchor": "end", "class": "key" }, String(v)));
      box.appendChild(svg("line", { x1: pad, x2: w - 6, y1: y(v), y2: y(v), "class": "axis" }));
    });
    if (data.pain) {
      box.appendChild(svg("line", { x1: pad, x2: w - 6, y1: y(data.pain.limit), y2: y(data.pain.limit), "class": "limit" }));
    }
    [["during", "during"], ["morning", "morning"]].forEach(function (kind) {
      var points = [];
      days.forEach(function (d, i) {
        var v = dayOf(d)[kind[0]];
        if (v !== null && v !== undefined) { points.push([pad + i * step, y(v), v]); }
      });
      if (points.length > 1) {
        box.appendChild(svg("polyline", { points: points.map(function (p) { return p[0] + "," + p[1]; }).join(" "),
                                          "class": "series " + kind[1] }));
      }
      points.forEach(function (p) {
        var over = data.pain && kind[0] === "during" && p[2] > data.pain.limit;
        box.appendChild(svg("circle", { cx: p[0], cy: p[1], r: over ? 4 : 3, "class": "dot " + kind[1] + (over ? " over" : "") }));
      });
    });
    box.appendChild(svg("circle", { cx: pad + 4, cy: h + 8, r: 3, "class": "dot during" }));
    box.appendChild(svg("text", { x: pad + 11, y: h + 11, "class": "key" }, W.during));
    box.appendChild(svg("circle", { cx: pad + 124, cy: h + 8, r: 3, "class": "dot morning" }));
    box.appendChild(svg("text", { x: pad + 131, y: h + 11, "class": "key" }, W.morning));
    return box;
  }
  function qrPicture(line, label) {
    var q = qrcode(0, "M");
    q.addData(line, "Alphanumeric");
    q.make();
    var n = q.getModuleCount(), path = "";
    for (var r = 0; r < n; r++) {
      for (var c = 0; c < n; c++) { if (q.isDark(r, c)) { path += "M" + (c + 4) + " " + (r + 4) + "h1v1h-1z"; } }
    }
    var box = svg("svg", { "class": "qr", viewBox: "0 0 " + (n + 8) + " " + (n + 8), role: "img", "aria-label": label,
                           "shape-rendering": "crispEdges" });
    box.appendChild(svg("rect", { width: n + 8, height: n + 8, fill: "#fff" }));
    box.appendChild(svg("path", { d: path, fill: "#000" }));
    return box;
  }

  /* --- "Show my physio" --- */
  function summaryText(days, lines) {
    var title = say(W.text_title, { clinic: data.clinic, from: H.dateWords(days[0]),
                                    to: H.dateWords(days[days.length - 1]), code: data.sheet });
    return [title].concat(sentences(days), ["", W.text_code], lines).join("\n");
  }
  function copy(text, area, said) {
    function fallback() {
      area.focus(); area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      said.textContent = ok ? W.copied : W.copy_failed;
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { said.textContent = W.copied; }, fallback);
    } else { fallback(); }
  }
  function showSummary(box) {
    box.textContent = "";
    var days = logDays();
    if (!days.length || !anything(days)) { box.appendChild(el("p", {}, W.nothing)); return; }
    var lines = summaryLines(days), text = summaryText(days, lines);
    box.appendChild(el("h3", {}, say(W.heading, { from: H.dateWords(days[0]), to: H.dateWords(days[days.length - 1]) })));
    var pictures = el("div", { "class": "summary-pictures" });
    var weeks = el("figure", {});
    weeks.appendChild(el("figcaption", {}, W.weeks));
    weeks.appendChild(grid(days));
    pictures.appendChild(weeks);
    if (data.pain) {
      var pain = el("figure", {});
      pain.appendChild(el("figcaption", {}, say(W.pain, { limit: data.pain.limit })));
      pain.appendChild(painLine(days));
      pictures.appendChild(pain);
    }
    box.appendChild(pictures);
    var list = el("ul", { "class": "summary-lines" });
    sentences(days).forEach(function (s) { list.appendChild(el("li", {}, s)); });
    box.appendChild(list);
    box.appendChild(el("p", {}, lines.length > 1 ? say(W.scan_parts, { n: lines.length }) : W.scan));
    var codes = el("div", { "class": "qr-codes" });
    lines.forEach(function (line, i) {
      var label = lines.length > 1 ? say(W.part, { n: i + 1, total: lines.length }) : W.show;
      var fig = el("figure", { "data-qr": String(i + 1) });
      fig.appendChild(qrPicture(line, label));
      if (lines.length > 1) { fig.appendChild(el("figcaption", {}, label)); }
      codes.appendChild(fig);
    });
    box.appendChild(codes);
    var area = el("textarea", { readonly: "readonly", rows: "4", "aria-label": W.copy, "data-summary-text": "" });
    area.value = text;
    var said = el("p", { "class": "small", "aria-live": "polite" });
    var row = el("div", { "class": "tool-row" });
    var copyButton = H.button(W.copy, "copy", true);
    copyButton.addEventListener("click", function () { copy(text, area, said); });
    row.appendChild(copyButton);
    if (navigator.share) {
      var share = H.button(W.share, "share");
      share.addEventListener("click", function () {
        navigator.share({ title: W.show, text: text }).catch(function () { /* the patient closed it */ });
      });
      row.appendChild(share);
    }
    box.appendChild(row);
    box.appendChild(said);
    box.appendChild(area);
  }
  var tools = document.querySelector("[data-handover-tools]");
  if (tools) {
    var open = H.button(W.show, "show-physio", true), box = el("div", { "class": "summary", "data-summary": "" });
    box.hidden = true;
    open.setAttribute("aria-expanded", "false");
    open.addEventListener("click", function () {
      var showing = box.hidden;
      if (showing) { showSummary(box); }
      box.hidden = !showing;
      open.textContent = showing ? W.hide : W.show;
      open.setAttribute("aria-expanded", showing ? "true" : "false");
    });
    tools.appendChild(open);
    tools.appendChild(box);
    tools.hidden = false;
  }

  /* --- What's new: this sheet's prescription against the one this phone saw last --- */
  var SEEN = H.key + ":seen";
  function prescription() {
    var now = {};
    Object.keys(data.cards).forEach(function (c) { now[data.cards[c].id] = { title: data.cards[c].title, dose: data.cards[c].dose }; });
    return now;
  }
  function remember(now) { try { if (H.store) { H.store.setItem(SEEN, JSON.stringify(now)); } } catch (e) { /* full */ } }
  function whatsNew() {
    var now = prescription(), seen = null;
    try { seen = JSON.parse(H.store ? H.store.getItem(SEEN) : "null"); } catch (e) { seen = null; }
    if (!seen || typeof seen !== "object") { remember(now); return; }
    var added = [], changed = [], stopped = [];
    Object.keys(now).forEach(function (id) {
      if (!seen[id]) { added.push(now[id].title); }
      else if (seen[id].dose !== now[id].dose) { changed.push(say(W.dose_changed, { title: now[id].title, old: seen[id].dose, "new": now[id].dose })); }
    });
    Object.keys(seen).forEach(function (id) { if (!now[id] && seen[id] && seen[id].title) { stopped.push(seen[id].title); } });
    if (!added.length && !changed.length && !stopped.length) { return; }
    var box = document.querySelector("[data-whats-new]");
    if (!box) { return; }
    box.appendChild(el("h2", {}, W.changed_title));
    if (added.length) { box.appendChild(el("p", {}, say(W.added, { list: added.join(", ") }))); }
    changed.forEach(function (line) { box.appendChild(el("p", {}, line)); });
    if (stopped.length) { box.appendChild(el("p", {}, say(W.stopped, { list: stopped.join(", ") }))); }
    var ok = H.button(W.got_it, "got-it");
    ok.addEventListener("click", function () { remember(now); box.hidden = true; });
    box.appendChild(ok);
    box.hidden = false;
  }
  var openedBefore = false;  // this phone showed this sheet before: its record of the prescription is there
  try { openedBefore = !!(H.store && H.store.getItem(SEEN)); } catch (e) { openedBefore = false; }
  whatsNew();

  /* --- A log the browser lost: say so, rather than start again from zero without a word. Storage
     that was cleared took the record of the prescription with it; a phone that kept that record
     but has no days was opened and not used, so it has lost nothing. --- */
  var today = H.dayKey(new Date()), kept = Object.keys(H.state().days).filter(function (k) { return k < today; });
  if (H.store && !H.cleared && !openedBefore && !kept.length && H.dayKey(later(dateOf(data.start), 1)) < today) {
    H.notice(data.handedUntil ? say(W.lost_handed, { day: H.dateWords(dateOf(data.handedUntil)) }) : W.lost);
  }
})();
