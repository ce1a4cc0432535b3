// pitwall admin dashboard. Like the main page, every piece of server text
// goes in with textContent, never innerHTML; the charts are SVG documents
// drawn by the server and shown through <img> (a data: URL), so no SVG is
// ever part of this document and nothing in one can run.
"use strict";

const $ = (id) => document.getElementById(id);
// The admin key, in this tab's sessionStorage only (never a cookie), in a
// slot of its own so the question page never sends it.
const KEY_SLOT = "pitwall.adminKey";
let llmEnabled = null;

function storedKey() {
  try {
    return sessionStorage.getItem(KEY_SLOT) || "";
  } catch (_) {
    return "";
  }
}

function saveKey(key) {
  try {
    sessionStorage.setItem(KEY_SLOT, key);
    return true;
  } catch (_) {
    return false;
  }
}

function forgetKey() {
  try {
    sessionStorage.removeItem(KEY_SLOT);
  } catch (_) { /* storage disabled: nothing stored */ }
  renderKeyState();
  $("key-note").textContent = "Forgotten.";
  load();
}

function api(path, options) {
  const opts = Object.assign({}, options || {});
  const headers = Object.assign({}, opts.headers || {});
  const key = storedKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  opts.headers = headers;
  opts.credentials = "omit";
  return fetch(path, opts);
}

function renderKeyState() {
  const has = storedKey() !== "";
  $("key-state").textContent = has ? "key saved for this tab" : "none";
  $("key-forget").hidden = !has;
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function showStatus(message, kind) {
  const box = $("status");
  box.textContent = message;
  box.className = "status" + (kind === "error" ? " error" : "");
  box.dataset.kind = kind;
  box.hidden = false;
}

function clearStatus() {
  $("status").hidden = true;
  $("status").dataset.kind = "";
}

// Says why the server refused: no or a bad key (401), a key without the
// admin role or a non-loopback caller without a token (403), or the detail.
async function showProblem(res) {
  let p = null;
  try {
    p = await res.json();
  } catch (_) { /* not JSON */ }
  const detail = (p && p.detail) || `The server answered ${res.status}.`;
  if (res.status === 401) {
    showStatus(storedKey()
      ? "Refused (401 unauthorized): this key was not accepted. Paste an admin key."
      : "Refused (401 unauthorized): an admin key is needed. Paste one above.", "error");
  } else if (res.status === 403) {
    showStatus(`Refused (403 forbidden): ${detail}`, "error");
  } else {
    showStatus(detail, "error");
  }
  if (res.status === 401 || res.status === 403) {
    $("dashboard").hidden = true;
    $("key-panel").open = true;
  }
}

function usd(micros, digits) {
  return typeof micros === "number" ? `$${(micros / 1e6).toFixed(digits)}` : "no cap";
}

function facts(dl, pairs) {
  dl.replaceChildren();
  for (const [name, value] of pairs) {
    dl.appendChild(el("dt", name));
    dl.appendChild(el("dd", value === null || value === undefined ? "—" : value));
  }
}

function resetSwitch() {
  $("llm-confirm").hidden = true;
  $("llm-cancel").hidden = true;
  $("llm-toggle").hidden = false;
  $("llm-toggle").disabled = false;
}

function renderLlm(llm) {
  llmEnabled = llm.enabled;
  const state = !llm.enabled ? "off (switched off: fallback answers only)"
    : llm.configured ? "on" : "on, but no API key is configured";
  $("llm-state").textContent = state;
  $("llm-state").dataset.enabled = String(llm.enabled);
  const budgets = (llm.budgets || []).map((b) => {
    const scope = (b.scope && b.scope.scope) || "budget";
    return `${scope} ${b.period}: ${usd(b.spent, 4)} spent of ${usd(b.cap, 2)}`;
  });
  $("llm-detail").textContent = [`model ${llm.model}`].concat(budgets).join(" · ");
  $("llm-toggle").textContent = llm.enabled ? "Switch the LLM off" : "Switch the LLM on";
  $("llm-confirm").textContent = llm.enabled
    ? "Confirm: switch the LLM off" : "Confirm: switch the LLM on";
  resetSwitch();
  const b = llm.breaker;
  facts($("breaker"), [
    ["breaker", b ? b.state : "not configured"],
    ["failure rate", b ? `${(b.failure_rate * 100).toFixed(1)} % of ${b.requests_in_window}` : null],
    ["opened at", b && b.opened_at],
    ["reason", b && b.reason],
    ["queued", llm.queue.queued],
    ["in flight", llm.queue.in_flight],
  ]);
}

function renderData(f1) {
  if (!f1) {
    facts($("f1-data"), [["status", "unreadable right now (see the server log)"]]);
    return;
  }
  const last = f1.last_season ? `${f1.last_season} round ${f1.last_round}` : "none";
  facts($("f1-data"), [
    ["last race", `${last} (${f1.last_race_date || "no date"})`],
    ["generation", f1.generation],
    ["races", f1.races],
    ["results", f1.results],
  ]);
}

function renderAlerts(alerts) {
  const list = $("alerts");
  list.replaceChildren();
  if (!alerts.length) list.appendChild(el("li", "None firing."));
  for (const a of alerts) {
    const li = el("li");
    li.appendChild(el("span", `[${a.severity}] ${a.rule}`, a.severity === "critical" ? "critical" : ""));
    li.appendChild(document.createTextNode(` — ${a.summary} (since ${a.fired_at})`));
    list.appendChild(li);
  }
}

function renderCharts(charts) {
  const box = $("charts");
  box.replaceChildren();
  for (const c of charts) {
    const fig = el("figure", null, "chart");
    const img = document.createElement("img");
    img.id = `chart-${c.id}`;
    img.alt = c.title;
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(c.svg);
    fig.appendChild(img);
    box.appendChild(fig);
  }
}

async function load() {
  let res;
  try {
    res = await api("/v1/admin/dashboard");
  } catch (_) {
    showStatus("Cannot reach the pitwall server. Is it running?", "error");
    return;
  }
  if (!res.ok) {
    await showProblem(res);
    return;
  }
  const d = await res.json();
  clearStatus();
  $("generated").textContent =
    `As of ${d.generated_at} · last ${d.window.minutes} min per minute, ${d.window.hours} h bars, ${d.window.days} days of spend`;
  renderLlm(d.panels.llm);
  renderData(d.panels.f1_data);
  renderAlerts(d.panels.alerts);
  renderCharts(d.charts);
  $("dashboard").hidden = false;
  $("key-panel").open = false;
}

// The kill switch: the first click only shows a confirmation button.
async function switchLlm() {
  const enabled = !llmEnabled;
  $("llm-confirm").disabled = true;
  try {
    const res = await api("/v1/admin/llm", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ enabled }),
    });
    if (!res.ok) {
      await showProblem(res);
      return;
    }
    $("llm-note").textContent = enabled ? "The LLM is switched on." : "The LLM is switched off.";
    await load();
  } catch (_) {
    showStatus("Cannot reach the pitwall server. Is it running?", "error");
  } finally {
    $("llm-confirm").disabled = false;
    resetSwitch();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("key-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const input = $("admin-key");
    const key = input.value.trim();
    if (!/^[\x21-\x7e]{1,512}$/.test(key)) {
      $("key-note").textContent = "That is not a key: paste the whole key.";
      return;
    }
    if (!saveKey(key)) {
      $("key-note").textContent = "This browser does not allow session storage.";
      return;
    }
    input.value = "";
    $("key-note").textContent = "Saved in this tab only; it is gone when the tab closes.";
    renderKeyState();
    load();
  });
  $("key-forget").addEventListener("click", forgetKey);
  $("llm-toggle").addEventListener("click", () => {
    $("llm-note").textContent = "";
    $("llm-toggle").hidden = true;
    $("llm-confirm").hidden = false;
    $("llm-cancel").hidden = false;
  });
  $("llm-cancel").addEventListener("click", resetSwitch);
  $("llm-confirm").addEventListener("click", switchLlm);
  $("refresh").addEventListener("click", load);
  renderKeyState();
  load();
});
