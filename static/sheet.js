/* hepkit sheet helpers: hold timer, rep counter, today's tick-off and pain rating.
   Progressive enhancement: the page is complete without this script. Everything is kept in
   this phone's localStorage under the sheet's id and never sent anywhere. */
(function () {
  "use strict";
  var body = document.body;
  var sheetId = body.getAttribute("data-sheet");
  if (!sheetId) { return; }
  var key = "hepkit:" + sheetId;
  var sessions = parseInt(body.getAttribute("data-sessions"), 10) || 1;
  var painOk = body.hasAttribute("data-pain-ok") ? parseInt(body.getAttribute("data-pain-ok"), 10) : null;

  var store = null;
  try { localStorage.setItem(key + ":probe", "1"); localStorage.removeItem(key + ":probe"); store = localStorage; }
  catch (e) { store = null; }  // private mode or a preview without storage: the tools still work, unsaved
  function load() {
    try { return (store && JSON.parse(store.getItem(key))) || {}; } catch (e) { return {}; }
  }
  function save() {
    try { if (store) { store.setItem(key, JSON.stringify(state)); } } catch (e) { /* storage full: ignore */ }
  }
  var state = load();
  if (!state.days) { state.days = {}; }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function todayKey() { var d = new Date(); return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function day() {
    var k = todayKey();
    if (!state.days[k]) { state.days[k] = { done: [], pain: null }; }
    return state.days[k];
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, name)) { node.setAttribute(name, attrs[name]); } }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function clock(seconds) { return Math.floor(seconds / 60) + ":" + pad(seconds % 60); }

  function signal() {
    try { if (navigator.vibrate) { navigator.vibrate([200, 100, 200]); } } catch (e) { /* not allowed */ }
    try {
      var Audio = window.AudioContext || window.webkitAudioContext;
      if (!Audio) { return; }
      var ctx = new Audio();
      var tone = ctx.createOscillator();
      var gain = ctx.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.2;
      tone.connect(gain); gain.connect(ctx.destination);
      tone.start(); tone.stop(ctx.currentTime + 0.4);
      tone.onended = function () { ctx.close(); };
    } catch (e) { /* no sound available */ }
  }

  /* --- Today: sessions ticked off and the pain rating --- */
  function painAdvice(score) {
    if (painOk === null) { return ""; }
    if (score <= painOk) {
      return score + " out of 10 is OK during exercise. Check that it has settled by tomorrow morning.";
    }
    return score + " out of 10 is more than the " + painOk + " out of 10 that is OK. Do less next time: " +
      "fewer reps or shorter holds. If it has not settled by the next morning, call the clinic.";
  }

  var today = document.querySelector("[data-today]");
  if (today) {
    var record = day();
    var sessionRow = el("div", { "class": "row", role: "group", "aria-label": "Sessions done today" });
    var status = el("p", { "class": "sessions-status", "aria-live": "polite" });
    function showSessions() {
      var done = record.done.filter(Boolean).length;
      status.textContent = done + " of " + sessions + " session" + (sessions === 1 ? "" : "s") + " done today.";
    }
    for (var i = 0; i < sessions; i++) {
      (function (index) {
        var button = el("button", { type: "button", "aria-pressed": record.done[index] ? "true" : "false",
                                     "data-session": String(index + 1) },
                        "Session " + (index + 1) + " done");
        button.addEventListener("click", function () {
          record.done[index] = !record.done[index];
          button.setAttribute("aria-pressed", record.done[index] ? "true" : "false");
          save(); showSessions();
        });
        sessionRow.appendChild(button);
      })(i);
    }
    today.appendChild(el("p", {}, "Tick each session when you finish it."));
    today.appendChild(sessionRow);
    today.appendChild(status);
    showSessions();

    if (painOk !== null) {
      today.appendChild(el("h3", { id: "pain-rate-title" }, "How much pain did you have during today's exercises?"));
      today.appendChild(el("p", {}, "0 means no pain. 10 means the worst pain you can imagine."));
      var scale = el("div", { "class": "scale", role: "group", "aria-labelledby": "pain-rate-title" });
      var advice = el("p", { "class": "advice", "aria-live": "polite" });
      var buttons = [];
      for (var score = 0; score <= 10; score++) {
        (function (value) {
          var button = el("button", { type: "button", "aria-pressed": record.pain === value ? "true" : "false",
                                       "data-pain": String(value) }, String(value));
          button.addEventListener("click", function () {
            record.pain = value;
            buttons.forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
            advice.textContent = painAdvice(value);
            save();
          });
          buttons.push(button);
          scale.appendChild(button);
        })(score);
      }
      today.appendChild(scale);
      today.appendChild(advice);
      if (record.pain !== null && record.pain !== undefined) { advice.textContent = painAdvice(record.pain); }
    }
    if (!store) { today.appendChild(el("p", { "class": "muted" }, "This browser cannot save your ticks, so they go when you close the page.")); }
    today.hidden = false;
  }

  /* --- One timer or rep counter per exercise card --- */
  Array.prototype.forEach.call(document.querySelectorAll(".exercise"), function (card) {
    var tools = card.querySelector("[data-tools]");
    if (!tools) { return; }
    var hold = parseInt(card.getAttribute("data-hold"), 10) || 0;
    var reps = parseInt(card.getAttribute("data-reps"), 10) || 0;
    if (!hold && !reps) { return; }
    var title = card.querySelector(".exercise-title").textContent.replace(/^\d+\.\s*/, "");
    var count = 0;
    var repsText = el("p", { "class": "reps-done", "aria-live": "polite" });
    function showReps() { repsText.textContent = reps ? "Reps done: " + count + " of " + reps : "Reps done: " + count; }

    if (hold) {
      var left = hold, running = false, endsAt = 0, ticker = null;
      var display = el("p", { "class": "clock", role: "timer", "aria-label": "Hold time left for " + title }, clock(hold));
      var start = el("button", { type: "button", "class": "primary", "data-action": "start" }, "Start hold");
      var reset = el("button", { type: "button", "data-action": "reset" }, "Reset");
      var finish = function () {
        clearInterval(ticker); running = false; left = hold; count += 1;
        display.textContent = "Done!";
        start.textContent = "Start next hold";
        showReps(); signal();
      };
      var tick = function () {
        var remaining = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
        left = remaining;
        display.textContent = clock(remaining);
        if (remaining <= 0) { finish(); }
      };
      start.addEventListener("click", function () {
        if (running) {
          clearInterval(ticker); running = false; start.textContent = "Carry on";
          return;
        }
        running = true; endsAt = Date.now() + left * 1000; start.textContent = "Pause";
        display.textContent = clock(left);
        ticker = setInterval(tick, 250);
      });
      reset.addEventListener("click", function () {
        clearInterval(ticker); running = false; left = hold; count = 0;
        display.textContent = clock(hold); start.textContent = "Start hold"; showReps();
      });
      var row = el("div", { "class": "row" });
      row.appendChild(start); row.appendChild(reset);
      tools.appendChild(el("p", { "class": "label" }, "Hold timer (" + clock(hold) + " each)"));
      tools.appendChild(display);
      tools.appendChild(row);
    } else {
      var add = el("button", { type: "button", "class": "primary", "data-action": "rep" }, "+1 rep");
      var clear = el("button", { type: "button", "data-action": "reset" }, "Reset");
      add.addEventListener("click", function () { count += 1; showReps(); if (count === reps) { signal(); } });
      clear.addEventListener("click", function () { count = 0; showReps(); });
      var buttonsRow = el("div", { "class": "row" });
      buttonsRow.appendChild(add); buttonsRow.appendChild(clear);
      tools.appendChild(el("p", { "class": "label" }, "Rep counter"));
      tools.appendChild(buttonsRow);
    }
    tools.appendChild(repsText);
    showReps();
    tools.hidden = false;
  });
})();
