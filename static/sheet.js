/* hepkit sheet helpers: a counter and hold timer that follow the dose, today's sessions, and the
   pain check-ins. Progressive enhancement: the page is complete without this script. Progress is
   kept in this phone's localStorage for the day, under this sheet's code, and never sent anywhere.
   Every word comes from the page's JSON (#sheet-data), so the script holds no text of its own. */
(function () {
  "use strict";
  var node = document.getElementById("sheet-data");
  if (!node) { return; }
  var data;
  try { data = JSON.parse(node.textContent); } catch (e) { return; }
  var W = data.words;
  var KEY = "hepkit:v2:" + data.sheet;
  var KEEP_DAYS = 60;

  function say(text, values) {
    return text.replace(/\{(\w+)\}/g, function (match, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }
  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { n.setAttribute(name, attrs[name]); });
    if (text !== undefined) { n.textContent = text; }
    return n;
  }
  function button(label, action, primary) {
    var b = el("button", { type: "button", "data-action": action }, label);
    if (primary) { b.className = "primary"; }
    return b;
  }
  function range(pair) { return pair[0] === pair[1] ? String(pair[0]) : pair[0] + "–" + pair[1]; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function dayKey(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function clock(seconds) { return Math.floor(seconds / 60) + ":" + pad(seconds % 60); }

  /* --- Storage: only what this script wrote is trusted; anything else is dropped with a notice. --- */
  var store = null;
  try { localStorage.setItem(KEY + ":probe", "1"); localStorage.removeItem(KEY + ":probe"); store = localStorage; }
  catch (e) { store = null; }  // private mode or a preview without storage: the tools work, unsaved
  var cleared = false;

  function isInt(v, low, high) { return typeof v === "number" && v % 1 === 0 && v >= low && v <= high; }
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function goodProgress(p) {
    var back = p && p.back;  // where the last step to another side or set came from, for Undo
    return isObject(p) && isInt(p.round, 0, 20) && isInt(p.set, 0, 20) && isInt(p.side, 0, 1) && isInt(p.rep, 0, 100) &&
      (back === undefined || back === null || (Array.isArray(back) && back.length === 4 && isInt(back[0], 0, 20) &&
        isInt(back[1], 0, 1) && isInt(back[2], 0, 100) && isInt(back[3], 0, 1)));
  }
  function goodDay(d) {
    if (!isObject(d) || !isObject(d.ticks) || !isObject(d.ex)) { return false; }
    if (d.during !== null && !isInt(d.during, 0, 10)) { return false; }
    if (d.morning !== null && !isInt(d.morning, 0, 10)) { return false; }
    var ok = Object.keys(d.ticks).every(function (g) {
      return Array.isArray(d.ticks[g]) && d.ticks[g].length <= 20 &&
        d.ticks[g].every(function (t) { return typeof t === "boolean"; });
    });
    return ok && Object.keys(d.ex).every(function (id) { return goodProgress(d.ex[id]); });
  }
  function load() {
    var raw = null, parsed = null, days = {};
    try { raw = store && store.getItem(KEY); } catch (e) { raw = null; }
    if (raw === null || raw === undefined) { return { v: 2, days: days }; }
    try { parsed = JSON.parse(raw); } catch (e) { parsed = null; }
    if (!isObject(parsed) || parsed.v !== 2 || !isObject(parsed.days)) { cleared = true; return { v: 2, days: days }; }
    Object.keys(parsed.days).forEach(function (k) {
      if (/^\d{4}-\d{2}-\d{2}$/.test(k) && goodDay(parsed.days[k])) { days[k] = parsed.days[k]; } else { cleared = true; }
    });
    return { v: 2, days: days };
  }
  function save() {
    var keys = Object.keys(state.days).sort();
    keys.slice(0, Math.max(0, keys.length - KEEP_DAYS)).forEach(function (k) { delete state.days[k]; });
    try { if (store) { store.setItem(KEY, JSON.stringify(state)); } } catch (e) { /* full: keep going unsaved */ }
  }
  var state = load();
  var today = dayKey(new Date());
  function record(key) {
    var k = key || today;
    if (!state.days[k]) { state.days[k] = { ticks: {}, ex: {}, during: null, morning: null }; }
    return state.days[k];
  }

  /* --- Sound, buzz and keeping the screen on while a hold runs --- */
  var audio = null, wakeLock = null;
  function unlockSound() {  // called from the tap that starts a hold, so phones allow the sound later
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) { return; }
      audio = audio || new Ctx();
      if (audio.resume) { audio.resume(); }
    } catch (e) { audio = null; }
  }
  function signal() {
    try { if (navigator.vibrate) { navigator.vibrate([200, 100, 200]); } } catch (e) { /* not allowed */ }
    try {
      if (!audio) { return; }
      var tone = audio.createOscillator(), gain = audio.createGain();
      tone.frequency.value = 880; gain.gain.value = 0.2;
      tone.connect(gain); gain.connect(audio.destination);
      tone.start(); tone.stop(audio.currentTime + 0.4);
    } catch (e) { /* no sound available */ }
  }
  function keepAwake(on) {
    try {
      if (on && navigator.wakeLock && !wakeLock) {
        navigator.wakeLock.request("screen").then(function (lock) { wakeLock = lock; }, function () { wakeLock = null; });
      } else if (!on && wakeLock) { wakeLock.release(); wakeLock = null; }
    } catch (e) { wakeLock = null; }
  }
  function now() { return window.performance && performance.now ? performance.now() : Date.now(); }

  /* --- Groups: exercises done equally often, and which days they are due --- */
  function weekday(d) { return (d.getDay() + 6) % 7; }  // Monday 0
  function dueOn(group, d) { return group.due[weekday(d)]; }  // the rule is Python's (schedule.py)
  function dateWords(d) {  // "Fri 6 Nov", in the sheet's language
    return say(W.date, { weekday: data.calendar.weekdays[weekday(d)], day: d.getDate(),
                         month: data.calendar.months[d.getMonth()] });
  }
  function nextDue(group) {
    var d = new Date();
    for (var i = 1; i <= 7; i++) {
      d.setDate(d.getDate() + 1);
      if (dueOn(group, d)) { return dateWords(d); }
    }
    return "";
  }
  function weekCount(g) {  // days this week (Monday to today) with a session of group g ticked
    var d = new Date(), count = 0;
    for (var i = 0; i <= weekday(new Date()); i++) {
      var day = state.days[dayKey(d)];
      if (day && day.ticks[g] && day.ticks[g].some(Boolean)) { count += 1; }
      d.setDate(d.getDate() - 1);
    }
    return count;
  }
  var groupOfCard = {};
  data.groups.forEach(function (g, index) { g.cards.forEach(function (c) { groupOfCard[c] = index; }); });

  /* --- One counter per card, following sets × reps × sides exactly --- */
  var counters = [], byCard = {};
  var running = null;  // the one hold that may run at a time

  function Counter(card, cfg) {
    this.card = card; this.cfg = cfg; this.group = groupOfCard[card.id];
    this.sets = cfg.sets || [1, 1];
    this.reps = cfg.reps || [1, 1];
    this.sides = cfg.sides === "each" ? ["left", "right"] : [null];
    // "one side then the other": every set on the left, then on the right, as the card's steps say;
    // "alternate": left then right within each set.
    this.alternate = cfg.order === "alternate" || this.sides.length < 2;
    this.beforeRestart = null;  // the progress a restart wiped, until something else is done
    this.box = card.querySelector("[data-tools]");
    this.build();
  }
  Counter.prototype.progress = function () {
    var day = record();
    var p = day.ex[this.cfg.id];
    if (!p) { p = day.ex[this.cfg.id] = { round: 0, set: 0, side: 0, rep: 0 }; }
    if (p.set >= this.sets[1] || p.side >= this.sides.length || p.rep > this.reps[1]) {
      p.set = 0; p.side = 0; p.rep = 0;  // the dose changed since this was saved
    }
    return p;
  };
  Counter.prototype.lastSide = function (p) { return p.side === this.sides.length - 1; };
  Counter.prototype.isDone = function (p) {  // the fewest sets on every side, the fewest reps: done
    if (this.alternate) {
      return p.set >= this.sets[0] || (p.set + 1 >= this.sets[0] && this.lastSide(p) && p.rep >= this.reps[0]);
    }
    return this.lastSide(p) && (p.set >= this.sets[0] || (p.set + 1 >= this.sets[0] && p.rep >= this.reps[0]));
  };
  Counter.prototype.nextPass = function (p) {  // the set and side "Next" goes to, or null at the end
    if (this.alternate) {
      if (!this.lastSide(p)) { return { set: p.set, side: p.side + 1 }; }
      return p.set + 1 < this.sets[1] ? { set: p.set + 1, side: 0 } : null;
    }
    if (p.set + 1 < this.sets[0]) { return { set: p.set + 1, side: p.side }; }
    if (!this.lastSide(p)) { return { set: 0, side: p.side + 1 }; }
    return p.set + 1 < this.sets[1] ? { set: p.set + 1, side: p.side } : null;
  };
  Counter.prototype.hasNext = function (p) { return this.nextPass(p) !== null; };
  Counter.prototype.build = function () {
    var self = this, cfg = this.cfg;
    this.where = el("p", { "class": "where", "aria-live": "polite" });
    this.count = el("p", { "class": "count", "aria-live": "polite" });
    this.finished = el("p", { "class": "finished", "aria-live": "polite" });
    this.box.appendChild(this.where);
    if (cfg.hold) {
      this.display = el("p", { "class": "clock", role: "timer", "aria-label": say(W.time_left) }, clock(cfg.hold));
      this.box.appendChild(this.display);
    }
    this.box.appendChild(this.count);
    this.resting = el("p", { "class": "resting", role: "timer", "aria-live": "off" });
    this.resting.hidden = true;
    this.box.appendChild(this.resting);
    this.box.appendChild(this.finished);
    var row = el("div", { "class": "row" });
    this.main = cfg.hold ? button(W.start_hold, "start", true) : button(W.add_rep, "rep", true);
    this.stop = button(W.stop_hold, "stop");
    this.next = button(W.next_set, "next");
    this.undo = button(W.undo, "undo");
    this.again = button(W.again, "again");
    this.skip = button(W.skip_rest, "skip-rest");
    this.skip.hidden = true;
    [this.main, this.skip, this.stop, this.next, this.undo, this.again].forEach(function (b) { row.appendChild(b); });
    this.box.appendChild(row);
    this.box.setAttribute("aria-label", say(cfg.hold ? W.timer_of : W.counter_of, { title: cfg.title }));
    this.main.addEventListener("click", function () { self.onMain(); });
    this.stop.addEventListener("click", function () { self.cancelHold(); });
    this.next.addEventListener("click", function () {
      self.advance(self.progress(), 0); save(); self.startRest(); self.show();
    });
    this.undo.addEventListener("click", function () { self.onUndo(); });
    this.again.addEventListener("click", function () { self.restart(); });
    this.skip.addEventListener("click", function () { self.endRest(false); });
    this.box.hidden = false;
  };
  Counter.prototype.onMain = function () {
    this.endRest(false);  // the patient is ready before the rest is over
    if (!this.cfg.hold) { this.addRep(); return; }
    if (running && running.counter === this) { this.togglePause(); return; }
    if (running) { running.counter.cancelHold(); running = null; }
    unlockSound();
    if (this.progress().rep >= this.reps[1]) { return; }
    running = { counter: this, phase: "lead", endsAt: now() + 3000, left: 0, paused: false, ticker: null };
    keepAwake(true);
    var self = this;
    running.ticker = setInterval(function () { self.tick(); }, 200);
    this.tick();
  };
  Counter.prototype.tick = function () {
    var r = running;
    if (!r || r.counter !== this || r.paused) { return; }
    var left = Math.max(0, Math.ceil((r.endsAt - now()) / 1000));
    if (r.phase === "lead") {
      if (left > 0) { this.display.textContent = W.get_ready + " " + left; this.show(); return; }
      r.phase = "hold"; r.endsAt = now() + this.cfg.hold * 1000; left = this.cfg.hold;
    }
    this.display.textContent = clock(left);
    if (left <= 0) { this.endHold(); } else { this.show(); }
  };
  Counter.prototype.togglePause = function () {
    var r = running;
    if (r.paused) { r.paused = false; r.endsAt = now() + r.left; this.tick(); }
    else { r.paused = true; r.left = Math.max(0, r.endsAt - now()); }
    this.show();
  };
  Counter.prototype.cancelHold = function () {  // stops the hold in progress; the tally stays as it was
    if (running && running.counter === this) { clearInterval(running.ticker); running = null; keepAwake(false); }
    if (this.display) { this.display.textContent = clock(this.cfg.hold); }
    this.show();
  };
  Counter.prototype.endHold = function () {
    clearInterval(running.ticker); running = null; keepAwake(false);
    signal();
    this.addRep();
    this.display.textContent = clock(this.cfg.hold);
  };
  Counter.prototype.addRep = function () {
    var p = this.progress();
    if (p.rep >= this.reps[1]) { return; }
    p.rep += 1;
    this.beforeRestart = null;
    // A full side or set that is not the end of what is required moves on by itself.
    var before = p.set + "/" + p.side;
    if (p.rep >= this.reps[1] && !this.isDone(p)) { this.advance(p, 1); }
    save();
    // The dose's rest: between sets when it has sets, else between reps or holds.
    var moved = before !== p.set + "/" + p.side;
    if (!this.isDone(p) && (this.cfg.sets ? moved : p.rep < this.reps[1])) { this.startRest(); }
    this.show();
    if (this.isDone(p)) { sessionCheck(this.group); }
  };
  Counter.prototype.startRest = function () {
    if (!this.cfg.rest) { return; }
    this.endRest(false);
    var self = this;
    this.rest = { endsAt: now() + this.cfg.rest * 1000, ticker: setInterval(function () { self.restTick(); }, 250) };
    this.restTick();
  };
  Counter.prototype.restTick = function () {
    if (!this.rest) { return; }
    var left = Math.max(0, Math.ceil((this.rest.endsAt - now()) / 1000));
    if (left <= 0) { this.endRest(true); return; }
    this.resting.textContent = say(W.rest, { time: clock(left) });
    this.resting.hidden = false;
    this.skip.hidden = false;
  };
  Counter.prototype.endRest = function (ended) {  // `ended`: the rest ran out (a beep says so)
    if (!this.rest) { return; }
    clearInterval(this.rest.ticker);
    this.rest = null;
    this.resting.hidden = true;
    this.skip.hidden = true;
    if (ended) { signal(); }
  };
  Counter.prototype.advance = function (p, byRep) {  // on to the next side or set; `byRep` 1: a rep moved it
    var next = this.nextPass(p);
    if (p.rep < this.reps[0] || !next) { return; }
    p.back = [p.set, p.side, p.rep, byRep];
    p.set = next.set; p.side = next.side; p.rep = 0;
    this.beforeRestart = null;
  };
  Counter.prototype.onUndo = function () {  // the last rep, the last step to another side or set, or a restart
    var p = this.progress();
    if (p.rep > 0) { p.rep -= 1; }
    else if (p.back) { p.set = p.back[0]; p.side = p.back[1]; p.rep = p.back[2] - p.back[3]; p.back = null; }
    else if (this.beforeRestart) { record().ex[this.cfg.id] = this.beforeRestart; this.beforeRestart = null; }
    save(); this.show(); renderGroup(this.group);
  };
  Counter.prototype.restart = function () {  // undoable: Undo puts back what it wiped
    this.cancelHold();
    this.endRest(false);
    var p = this.progress();
    var round = this.isDone(p) ? p.round + 1 : p.round;
    this.beforeRestart = JSON.parse(JSON.stringify(p));
    record().ex[this.cfg.id] = { round: Math.min(round, 20), set: 0, side: 0, rep: 0 };
    save(); this.show(); renderGroup(this.group);
  };
  Counter.prototype.show = function () {
    var cfg = this.cfg, p = this.progress(), r = running && running.counter === this ? running : null;
    var done = this.isDone(p);
    var parts = [];
    if (this.sets[1] > 1) { parts.push(say(W.set_of, { set: p.set + 1, sets: range(this.sets) })); }
    if (this.sides[p.side]) { parts.push(cfg.sideNames[this.sides[p.side]]); }
    this.where.textContent = parts.join(" · ");
    this.where.hidden = parts.length === 0;
    var target = range(this.reps);
    var counted = say(cfg.hold ? W.hold_of : W.rep_of, { done: p.rep + (r ? 1 : 0), target: target });  // the hold running counts
    if (p.rep >= this.reps[0] && this.reps[1] > this.reps[0]) {
      counted += p.rep < this.reps[1] ? " ✓ · " + say(W.extra, { more: this.reps[1] - p.rep }) : " ✓";
    }
    this.count.textContent = counted;
    var session = data.groups[this.group].sessions;
    this.finished.textContent = done ? W.done : "";
    this.finished.hidden = !done;
    this.box.classList.toggle("is-done", done);
    var full = p.rep >= this.reps[1];
    if (cfg.hold) {
      this.main.textContent = r ? (r.paused ? W.carry_on : W.pause) : W.start_hold;
      this.main.disabled = !r && full;
      this.stop.hidden = !r;
    } else {
      this.main.disabled = full;
      this.main.textContent = p.rep >= this.reps[0] && this.reps[1] > this.reps[0] ? W.add_extra : W.add_rep;
      this.stop.hidden = true;
    }
    var next = this.nextPass(p);
    this.next.hidden = !(p.rep >= this.reps[0] && next && !r);
    this.next.textContent = next && next.side !== p.side ? say(W.next_side, { side: cfg.sideNames[this.sides[next.side]] })
      : W.next_set;
    this.next.className = full ? "primary" : "";
    this.undo.disabled = (p.rep === 0 && !p.back && !this.beforeRestart) || !!r;
    this.again.hidden = !(p.rep || p.set || p.side);
    this.again.textContent = done && p.round + 1 < session[1] ? say(W.next_session, { n: p.round + 2 }) : W.again;
    var status = document.querySelector('[data-status="' + this.card.id + '"]');
    if (status) {
      status.textContent = done ? W.done : (p.rep || p.set || p.side ? [this.where.textContent, counted].filter(Boolean).join(" · ") : "");
      status.className = "plan-status" + (done ? " done" : "");
      status.parentNode.classList.toggle("is-done", done);
    }
  };

  /* --- Today: session ticks per group --- */
  function sessionCheck(g) {  // every card of the group finished: tick the session they belong to
    var day = record(), group = data.groups[g];
    var cards = group.cards.map(function (id) { return byCard[id]; });
    var progress = cards.map(function (c) { return c ? day.ex[c.cfg.id] : null; });
    if (cards.every(function (c, i) { return c && progress[i] && c.isDone(progress[i]); })) {
      var round = Math.min.apply(null, progress.map(function (p) { return p.round; }));
      var ticks = day.ticks[g] || (day.ticks[g] = []);
      if (round < group.sessions[1]) { ticks[round] = true; }
      save();
    }
    renderGroup(g);
  }
  function renderGroup(g) {
    var box = document.querySelector('[data-ticks="' + g + '"]');
    if (!box) { return; }
    var group = data.groups[g], day = record(), ticks = day.ticks[g] || [];
    box.textContent = "";
    var due = dueOn(group, new Date());
    group.cards.forEach(function (id) {
      var row = document.querySelector('[data-status="' + id + '"]');
      if (row) { row.parentNode.classList.toggle("not-today", !due); }
      if (row && !due) { row.textContent = ""; }  // the group's box below says it once for all of them
    });
    if (!due) { box.appendChild(el("p", {}, say(W.not_today, { day: nextDue(group) }))); box.hidden = false; return; }
    var row = el("div", { "class": "row", role: "group", "aria-label": group.label || W.tick });
    var count = group.sessions[1];
    for (var i = 0; i < count; i++) {
      (function (index) {
        var label = count === 1 ? W.tick : say(index < group.sessions[0] ? W.session : W.session_extra, { n: index + 1 });
        var b = el("button", { type: "button", "aria-pressed": ticks[index] ? "true" : "false", "data-session": String(index + 1) }, label);
        b.addEventListener("click", function () {
          var t = record().ticks[g] || (record().ticks[g] = []);
          t[index] = !t[index];
          for (var j = 0; j < t.length; j++) { t[j] = !!t[j]; }
          save(); renderGroup(g);
        });
        row.appendChild(b);
      })(i);
    }
    var done = ticks.filter(Boolean).length;
    var status;
    if (group.perWeek && !group.days) {
      status = say(W.week_status, { done: weekCount(g), target: range(group.perWeek) });
    } else if (done >= group.sessions[0]) {
      status = W.sessions_done;
    } else {
      status = say(W.sessions_status, { done: done, target: range(group.sessions) });
    }
    if (count > 1) { box.appendChild(el("p", {}, W.tick_lead)); }
    box.appendChild(row);
    if (count === 1 && !(group.perWeek && !group.days)) { status = done ? W.sessions_done : ""; }
    box.appendChild(el("p", { "class": "sessions-status", "aria-live": "polite" }, status));
    box.hidden = false;
  }

  /* --- Pain check-ins, answered by the program's one pain rule --- */
  function daysBack(count) {  // the stored days before today, nearest first (null where nothing was kept)
    var found = [], d = new Date();
    for (var i = 1; i <= count; i++) { d.setDate(d.getDate() - 1); found.push(state.days[dayKey(d)] || null); }
    return found;
  }
  function usualMorning(days) {  // the usual level: the middle of this week's earlier morning ratings
    var seen = days.map(function (day) { return day ? day.morning : null; })
      .filter(function (v) { return v !== null; }).sort(function (a, b) { return a - b; });
    return seen.length ? seen[Math.floor((seen.length - 1) / 2)] : null;
  }
  function buildingFrom(days, n) {  // three or more mornings in a row, each higher than the one before
    var run = [n];
    for (var i = 0; i < days.length && days[i] && days[i].morning !== null && days[i].morning < run[0]; i++) {
      run.unshift(days[i].morning);
    }
    return run.length >= 3 ? run[0] : null;
  }
  function doLess() {  // " Next time, for example: Bridge hold, 3 holds of 30 seconds; …" for what is due today
    var items = [];
    data.groups.forEach(function (group) {
      if (!dueOn(group, new Date())) { return; }
      group.cards.forEach(function (id) {
        var c = data.cards[id];
        if (c.less) { items.push(c.title + ", " + c.less); }
      });
    });
    return items.length ? " " + say(W.do_less, { list: items.join("; ") }) : "";
  }
  function painAnswer(kind, n) {  // the program's one rule, with what the phone remembers of this week
    var P = data.pain;
    if (kind === "during") { return n <= P.limit ? say(P.ok_during, { n: n }) : say(P.high_during, { n: n }) + doLess(); }
    var week = daysBack(7), usual = usualMorning(week), yesterday = week[0];
    if (n > P.limit) { return say(P.high_morning, { n: n }); }
    var from = buildingFrom(week, n);
    if (from !== null) { return say(P.building, { n: n, from: from }); }
    if (yesterday && yesterday.during !== null && yesterday.during > P.limit && n > (usual === null ? 0 : usual)) {
      return say(P.after_high, { n: n, during: yesterday.during });
    }
    if (usual !== null && n > usual) { return say(P.above_usual, { n: n, usual: usual }); }
    if (usual !== null) { return say(P.usual_morning, { n: n, usual: usual }); }
    return say(P.ok_morning, { n: n });
  }
  function scale(kind, question) {
    var wrap = el("div", { "class": "pain-check", "data-check": kind });
    var id = "ask-" + kind;
    wrap.appendChild(el("h3", { id: id }, question));
    var buttons = el("div", { "class": "scale", role: "group", "aria-labelledby": id });
    var answer = el("p", { "class": "advice", "aria-live": "polite" });
    var chosen = record()[kind];
    for (var n = 0; n <= 10; n++) {
      (function (value) {
        var b = el("button", { type: "button", "data-pain": String(value), "aria-pressed": chosen === value ? "true" : "false" }, String(value));
        b.addEventListener("click", function () {
          record()[kind] = value; save();
          Array.prototype.forEach.call(buttons.children, function (x) { x.setAttribute("aria-pressed", x === b ? "true" : "false"); });
          answer.textContent = painAnswer(kind, value);
        });
        buttons.appendChild(b);
      })(n);
    }
    if (chosen !== null) { answer.textContent = painAnswer(kind, chosen); }
    wrap.appendChild(buttons);
    wrap.appendChild(answer);
    return wrap;
  }
  function renderCheckin() {
    var box = document.querySelector("[data-checkin]");
    if (!box || !data.pain) { return; }
    box.textContent = "";
    box.appendChild(scale("morning", data.pain.ask_morning));
    box.appendChild(scale("during", data.pain.ask_during));
    box.appendChild(el("p", { "class": "small" }, data.pain.scale));
    box.hidden = false;
  }

  /* --- Putting it together; a new day starts at local midnight --- */
  function renderDates() {  // what is due today first, the other groups under "Other days"; a passed review
    var date = new Date(), due = 0, off = 0;
    data.groups.forEach(function (group, index) {
      var box = document.querySelector('[data-group="' + index + '"]'), today = dueOn(group, date);
      if (box) { box.classList.toggle("other-day", !today); }
      if (today) { due += 1; } else { off += 1; }
    });
    var heading = document.querySelector("[data-other-days]"), rest = document.querySelector("[data-rest-day]");
    if (heading) { heading.textContent = W.other_days; heading.hidden = !off; }
    if (rest) { rest.textContent = W.rest_day; rest.hidden = due > 0; }
    var passed = document.querySelector("[data-review-passed]");
    if (passed && data.review) {
      passed.textContent = say(W.review_passed, { day: dateWords(new Date(data.review + "T00:00:00")) });
      passed.hidden = dayKey(date) <= data.review;
    }
  }
  function renderAll() {
    counters.forEach(function (c) { c.cancelHold(); });
    data.groups.forEach(function (g, index) { renderGroup(index); });
    renderDates();
    renderCheckin();
  }
  function notice(text) {
    var n = document.querySelector("[data-notice]");
    if (n && text) { n.textContent = text; n.hidden = false; }
  }
  function checkDay() {
    var key = dayKey(new Date());
    if (key !== today) { today = key; renderAll(); }
  }

  Object.keys(data.cards).forEach(function (id) {
    var card = document.getElementById(id), cfg = data.cards[id];
    if (!card || !card.querySelector("[data-tools]") || (!cfg.reps && !cfg.hold)) { return; }
    try { byCard[id] = new Counter(card, cfg); counters.push(byCard[id]); } catch (e) { /* leave the card as text */ }
  });
  renderAll();
  // What handover.js (Show my physio, What's new) reads; it never writes the log.
  window.hepkitSheet = { data: data, say: say, el: el, button: button, dayKey: dayKey, dueOn: dueOn,
                         dateWords: dateWords, notice: notice, key: KEY, store: store, cleared: cleared,
                         keepDays: KEEP_DAYS,
                         state: function () { return state; } };
  if (cleared) { notice(W.cleared); save(); }
  if (!store) { notice(W.no_storage); }
  setInterval(checkDay, 30000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { checkDay(); } });

  /* Folded parts open when something links to them, and for printing. */
  function openFor(hash) {
    var target = hash && hash.length > 1 ? document.getElementById(hash.slice(1)) : null;
    var fold = target && target.closest ? target.closest("details") : null;
    if (fold) { fold.open = true; }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
    if (link) { openFor(link.getAttribute("href")); }
  });
  openFor(location.hash);
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    folded.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { folded.forEach(function (d) { d.open = false; }); });
})();
