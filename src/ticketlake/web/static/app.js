// ticketlake web: small enhancements over server-rendered pages, through the JSON API.
// Every page works without this script; with it, checks appear live, fields that do not
// apply are hidden, and invite links copy with one click.
"use strict";

document.documentElement.classList.add("js");

function fieldValue(wrapper) {
  const input = wrapper.querySelector("select, input:not([type=hidden])");
  if (!input || input.disabled) return null;
  if (input.type === "checkbox") return input.checked ? "true" : "false";
  if (input.type === "password") return null;
  return input.value;
}

function holds(conditions, state) {
  return conditions.every((c) => c.field in state && c.values.includes(state[c.field]));
}

// Show only the fields (and choices) whose conditions hold, judged in form order.
function applyConditions(form) {
  const state = {};
  for (const wrapper of form.querySelectorAll(".field[data-field]")) {
    const conditions = JSON.parse(wrapper.dataset.when || "[]");
    const visible = holds(conditions, state);
    wrapper.classList.toggle("inactive", !visible);
    wrapper.hidden = !visible;
    for (const el of wrapper.querySelectorAll("input, select")) el.disabled = !visible;
    const select = wrapper.querySelector("select");
    if (visible && select) filterOptions(select, state);
    const value = visible ? fieldValue(wrapper) : null;
    if (value !== null) state[wrapper.dataset.field] = value;
  }
}

function filterOptions(select, state) {
  for (const option of select.options) {
    const ok = holds(JSON.parse(option.dataset.when || "[]"), state);
    option.hidden = !ok;
    option.disabled = !ok;
  }
  const current = select.options[select.selectedIndex];
  if (current && current.disabled) {
    const first = Array.from(select.options).find((o) => !o.disabled);
    if (first) select.value = first.value;
  }
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Build one check exactly like the server's _check.html (text only, never HTML).
function renderCheck(r) {
  const li = el("li", "check " + r.status);
  li.dataset.check = r.id;
  const head = el("div", "check-head");
  head.append(el("span", "badge " + r.status, r.status), " ", el("strong", "check-title", r.title));
  li.append(head);
  if (r.summary) li.append(el("p", "summary", r.summary));
  if ((r.status === "fail" || r.status === "warn") && (r.remediation || r.step)) {
    const fix = el("div", "fix");
    fix.append(el("strong", "", "How to fix:"), " ", el("span", "remediation", r.remediation));
    if (r.step) fix.append(el("span", "step", r.step));
    li.append(fix);
  }
  if (r.evidence.length) {
    const details = el("details", "evidence");
    details.append(el("summary", "", "Evidence"));
    const ul = el("ul");
    for (const e of r.evidence) {
      const item = el("li");
      item.append(el("code", "", e.method + " " + e.path));
      if (e.status !== null) item.append(" → HTTP " + e.status);
      if (e.elapsed_ms !== null) item.append(" (" + Math.round(e.elapsed_ms) + " ms)");
      if (e.excerpt) item.append(el("pre", "", e.excerpt));
      ul.append(item);
    }
    details.append(ul);
    li.append(details);
  }
  return li;
}

// The headline, its tone and what each warning means come from the server (checks.verdict),
// so this page and the one a refresh renders say the same.
const TONES = { passed: "ok", passed_with_warnings: "warning" };

function showRunStatus(box, run) {
  const status = box.querySelector("#run-status");
  status.classList.remove("running", "ok", "warning", "failing");
  if (run.error) {
    status.textContent = "The checks stopped: " + run.error;
    status.classList.add("failing");
  } else {
    status.textContent = run.headline + (run.next_step ? " " + run.next_step : "");
    status.classList.add(TONES[run.verdict] || "failing");
  }
  const list = box.querySelector("#run-consequences");
  if (!list) return;
  list.replaceChildren(...(run.error ? [] : run.consequences).map((c) => el("li", "", c)));
  list.hidden = Boolean(run.error) || !run.consequences.length;
}

// Long-poll the run: the server answers as soon as a new check completes.
async function followRun(box) {
  const list = box.querySelector("#check-list");
  let count = Number(box.dataset.count);
  for (;;) {
    let run;
    try {
      const response = await fetch(
        "/api/check-runs/" + box.dataset.run + "?after=" + count + "&wait=20",
        { credentials: "same-origin", headers: { Accept: "application/json" } },
      );
      if (!response.ok) return;
      run = await response.json();
    } catch (error) {
      return;
    }
    for (const check of run.checks) list.append(renderCheck(check));
    count += run.checks.length;
    box.dataset.count = String(count);
    if (run.done) {
      box.dataset.done = "true";
      showRunStatus(box, run);
      return;
    }
  }
}

// While a sync runs, fetch this page now and then and swap in its live parts ([data-live]:
// the running sync, the runs) exactly as the server renders them (parsed as a document, never
// run or assigned as HTML); reload the page once when the sync has ended, to show its run
// and what the store holds.
async function followSync(section) {
  const page = "/connections/" + encodeURIComponent(section.dataset.connection);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    let doc;
    try {
      const response = await fetch(page, { credentials: "same-origin" });
      if (!response.ok) return;
      doc = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch (error) {
      return;
    }
    if (!doc.getElementById("live-sync")) {
      window.location.replace(page);
      return;
    }
    for (const shown of document.querySelectorAll("[data-live][id]")) {
      const fresh = doc.getElementById(shown.id);
      if (fresh) shown.replaceWith(document.adoptNode(fresh));
    }
  }
}

function enableCopy(button) {
  const input = document.getElementById(button.dataset.copy);
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
    } catch (error) {
      input.select();
      document.execCommand("copy");
    }
    button.textContent = "Copied";
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("connection-form");
  if (form) {
    applyConditions(form);
    form.addEventListener("change", () => applyConditions(form));
  }
  const box = document.getElementById("checks");
  if (box && box.dataset.done === "false") followRun(box);
  const section = document.getElementById("connection");
  if (section && section.dataset.syncing === "true") followSync(section);
  for (const button of document.querySelectorAll("button[data-copy]")) enableCopy(button);
});
