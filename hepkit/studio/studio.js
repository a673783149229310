// The pose studio: edits one illustration block as data, asks the server to draw it (the same
// code as the build) on every change, and saves it back into the exercise file.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  let meta = null, block = null, exerciseId = "", frameIndex = 0, pending = null, sequence = 0, drawn = [];

  const post = (action, data) => fetch(`/_studio/api/${action}`, {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(data),
  }).then((r) => r.json());
  const get = (path) => fetch(path).then((r) => r.json());
  const words = (text) => text.split(",").map((w) => w.trim()).filter(Boolean);
  const el = (tag, attrs = {}, text = "") => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;
    return node;
  };

  function frame() { return block.frames[frameIndex]; }

  function showFrameTabs() {
    const tabs = $("frames");
    tabs.replaceChildren();
    block.frames.forEach((f, i) => {
      const button = el("button", {type: "button", "aria-pressed": String(i === frameIndex)}, f.caption || `Frame ${i + 1}`);
      button.addEventListener("click", () => { frameIndex = i; showFrame(); redraw(); });
      tabs.append(button);
    });
  }

  function sides(value) {
    if (value === undefined || value === null || value === "auto") return [null, null];
    if (typeof value === "object") return [value.left ?? null, value.right ?? null];
    return [value, value];
  }

  function setJoint(name, side, value) {
    const f = frame();
    const [left, right] = sides(f[name]);
    const pair = side === "left" ? [value, right] : side === "right" ? [left, value] : [value, value];
    if (meta.one_per_body.includes(name) || pair[0] === pair[1]) f[name] = pair[0];
    else {
      const both = {};
      if (pair[0] !== null) both.left = pair[0];
      if (pair[1] !== null) both.right = pair[1];
      f[name] = both;
    }
  }

  function jointRow(name, [low, high, says]) {
    const row = el("tr", {"data-joint": name});
    const head = el("th", {scope: "row", title: says}, name.replace(/_/g, " "));
    row.append(head);
    const one = meta.one_per_body.includes(name);
    for (const side of one ? ["both"] : ["left", "right"]) {
      const cell = el("td", one ? {colspan: "2"} : {});
      const range = el("input", {type: "range", min: low, max: high, step: "1", "aria-label": `${name} ${side}`});
      const box = el("input", {type: "number", min: low, max: high, step: "1", "aria-label": `${name} ${side} (degrees)`});
      const change = (value) => {
        range.value = box.value = value;
        setJoint(name, side, Number(value));
        row.classList.remove("unset");
        schedule();
      };
      range.addEventListener("input", () => change(range.value));
      box.addEventListener("change", () => change(box.value));
      cell.append(range, box);
      row.append(cell);
    }
    return row;
  }

  function showFrame() {
    showFrameTabs();
    const f = frame();
    $("base").value = f.base || "";
    $("caption").value = f.caption || "";
    $("contacts").value = (f.contacts || []).join(", ");
    for (const row of $("joints").tBodies[0].rows) {
      const name = row.dataset.joint;
      const [given, givenRight] = sides(f[name]);
      const found = (drawn[frameIndex] || {})[name] || [0, 0];  // as drawn: base defaults, solved joints
      const left = given ?? found[0], right = givenRight ?? found[1];
      const inputs = row.querySelectorAll("input");
      const values = inputs.length === 2 ? [left, left] : [left, left, right, right];
      inputs.forEach((input, i) => { input.value = values[i] ?? 0; });
      row.classList.toggle("unset", f[name] === undefined || f[name] === "auto");
    }
  }

  function showBlock() {
    $("view").value = block.view || "";
    $("band").value = (block.band || []).join(", ");
    for (const box of $("props").querySelectorAll("input")) box.checked = (block.props || []).includes(box.value);
    frameIndex = Math.min(frameIndex, block.frames.length - 1);
    showFrame();
  }

  function schedule() {
    clearTimeout(pending);
    pending = setTimeout(redraw, 20);
  }

  function showResult(result) {
    if (result.angles && result.angles.length) {
      drawn = result.angles;
      showFrame();
    }
    const errors = $("errors");
    errors.replaceChildren(...(result.errors || []).map((e) => el("p", {}, e)));
    if (result.frames && result.frames.length) {
      $("figure").innerHTML = result.frames[Math.min(frameIndex, result.frames.length - 1)];
      $("strip").innerHTML = result.frames.join("");
    }
    if (result.yaml) $("yaml").textContent = result.yaml;
  }

  function redraw() {
    const mine = ++sequence;
    post("draw", {id: exerciseId, illustration: block}).then((result) => {
      if (mine === sequence) showResult(result);
    });
  }

  function load(id) {
    exerciseId = id;
    get(`/_studio/api/block?id=${encodeURIComponent(id)}`).then((data) => {
      block = data.illustration || {frames: [{base: "standing"}, {base: "standing"}]};
      frameIndex = 0;
      $("undo").disabled = !data.undo;
      showBlock();
      redraw();
    });
  }

  function start(data) {
    meta = data;
    for (const id of data.exercises) $("exercise").append(el("option", {value: id}, id));
    for (const view of data.views) $("view").append(el("option", {value: view}, view));
    for (const base of data.bases) $("base").append(el("option", {value: base}, base));
    for (const prop of data.props) {
      const label = el("label");
      const box = el("input", {type: "checkbox", value: prop});
      box.addEventListener("change", () => {
        const chosen = [...$("props").querySelectorAll("input:checked")].map((b) => b.value);
        block.props = chosen;
        schedule();
      });
      label.append(box, ` ${prop}`);
      $("props").append(label);
    }
    const body = $("joints").tBodies[0];
    for (const [name, limits] of Object.entries(data.joints)) body.append(jointRow(name, limits));
    $("exercise").addEventListener("change", () => load($("exercise").value));
    $("view").addEventListener("change", () => { block.view = $("view").value; schedule(); });
    $("band").addEventListener("change", () => { block.band = words($("band").value); schedule(); });
    $("base").addEventListener("change", () => { frame().base = $("base").value; schedule(); });
    $("caption").addEventListener("change", () => { frame().caption = $("caption").value; schedule(); });
    $("contacts").addEventListener("change", () => { frame().contacts = words($("contacts").value); schedule(); });
    $("save").addEventListener("click", () => post("save", {id: exerciseId, illustration: block}).then((result) => {
      showResult(result);
      $("status").textContent = result.ok ? "Saved. The site is rebuilding." : "Not saved: fix the problems above.";
      if (result.ok) $("undo").disabled = false;
    }));
    $("undo").addEventListener("click", () => post("undo", {id: exerciseId}).then((result) => {
      if (result.ok) {
        block = result.illustration || block;
        showBlock();
        redraw();
        $("undo").disabled = !result.undo;
        $("status").textContent = "The earlier block is back in the file.";
      }
    }));
    const wanted = new URLSearchParams(location.search).get("exercise");
    const first = data.exercises.includes(wanted) ? wanted : data.exercises[0];
    if (first) { $("exercise").value = first; load(first); }
  }

  get("/_studio/api/exercises").then(start);
})();
