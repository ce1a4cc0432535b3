// pitwall web page. Every piece of user or server text is inserted with
// textContent / createTextNode, never innerHTML, so nothing typed into the
// box (or stored in history) can become markup or script.
// share.js (loaded after this file) adds /?q= links, back/forward, the
// screen-reader announcements and the keyboard shortcuts: it provides
// announce(), rememberAsked(), shown() and initShare() used below.
// table.js (loaded last) draws the answer table and the SQL box:
// renderTable(), renderSql() and initTable(). chart.js draws the answer's
// chart and the "What can I ask?" panel: renderChart(), initCapabilities().
"use strict";

const EXAMPLES = [
  "Who won the 2021 Abu Dhabi Grand Prix?",
  "Who was on pole at Monza in 2018?",
  "Hamilton vs Rosberg in 2016",
  "How many races did Nico Rosberg win?",
  "Top 3 of the 2023 constructors' championship?",
  "Which teams did Sebastian Vettel drive for?",
];
const SLOW_AFTER_MS = 400;
const TIMEOUT_MS = 65000;

const $ = (id) => document.getElementById(id);
let historyCursor = null;
// Bumped by every question asked and by back/forward (share.js): an answer
// that arrives after either is stale and is not drawn.
let askSeq = 0;

// An API key the user pasted, kept in this tab's sessionStorage only (never
// localStorage, never a cookie) and sent as a bearer header. The browser
// never attaches it by itself, so another site cannot make it ride along on
// a forged request: there is no CSRF surface.
const KEY_SLOT = "pitwall.apiKey";

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
  $("key-note").textContent = "Forgotten; asking anonymously.";
  clearStatus();
  historyCursor = null;
  loadHistory(true);
}

// Every call to the API goes through here, with the key when there is one.
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
  $("key-state").textContent = has ? "key saved for this tab" : "none, asking anonymously";
  $("key-forget").hidden = !has;
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function cellText(v) {
  if (v === null || v === undefined) return "—";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

// `action`, when given, is a button shown after the message: {id, label, run}.
function showStatus(message, kind, spinner, action) {
  const box = $("status");
  box.replaceChildren();
  if (spinner) box.appendChild(el("span", null, "spinner"));
  box.appendChild(document.createTextNode(message));
  if (action) {
    const b = el("button", action.label, "status-action");
    b.type = "button";
    b.id = action.id;
    b.addEventListener("click", action.run);
    box.appendChild(b);
  }
  box.className = "status" + (kind === "error" ? " error" : "");
  box.dataset.kind = kind;
  box.hidden = false;
  announce(message, kind === "error");
}

function clearStatus() {
  $("status").hidden = true;
  $("status").dataset.kind = "";
}

// What the server understood, above the answer, so a misreading shows
// before anyone reads the numbers.
function renderInterpretation(a) {
  const box = $("interpretation");
  box.textContent = a.interpretation || "";
  box.hidden = !a.interpretation;
}

// On a decline, the words the engine could not place, one chip each.
function renderUnparsed(a) {
  const box = $("unparsed");
  box.replaceChildren();
  const words = a.unparsed || [];
  if (words.length) {
    box.appendChild(document.createTextNode("Not understood: "));
    for (const w of words) box.appendChild(el("span", w, "word"));
  }
  box.hidden = words.length === 0;
}

function renderAnswer(a) {
  $("result").hidden = false;
  renderInterpretation(a);
  $("answer").textContent = a.answer;
  renderUnparsed(a);
  const meta = [`source: ${a.source}`];
  if (a.intent) meta.push(`intent: ${a.intent}`);
  if (typeof a.confidence === "number") meta.push(`confidence: ${a.confidence.toFixed(2)}`);
  meta.push(`${a.elapsed_ms} ms`);
  $("meta").textContent = meta.join(" · ");

  const sugg = $("suggestions");
  sugg.replaceChildren();
  for (const s of a.suggestions || []) {
    const li = el("li");
    const b = el("button", s);
    b.type = "button";
    b.addEventListener("click", () => ask(s));
    li.appendChild(b);
    sugg.appendChild(li);
  }
  sugg.hidden = sugg.children.length === 0;

  renderChart(a);
  renderTable(a);
  renderSql(a);
}

// Shows why the server refused a request: a refused key (with an offer to
// forget it), a blocked user, a limit (with the time to wait from
// Retry-After), or the problem's own detail.
async function showProblem(res) {
  let p = null;
  try {
    p = await res.json();
  } catch (_) { /* not JSON */ }
  const code = (p && p.code) || "";
  const detail = (p && p.detail) || `The server answered ${res.status}.`;
  if (res.status === 401 && storedKey()) {
    showStatus(
      "Your API key was refused (unauthorized): it may be mistyped, revoked or expired. " +
        "Forget it to ask anonymously, or paste another.",
      "error",
      false,
      { id: "status-forget", label: "Forget the key", run: forgetKey },
    );
  } else if (res.status === 401) {
    showStatus(`Not authorised: ${detail}`, "error");
  } else if (res.status === 403 && code === "blocked") {
    showStatus("This key's user is blocked (403 blocked); ask an operator.", "error");
  } else if (res.status === 403) {
    showStatus(`Not allowed: ${detail}`, "error");
  } else if (res.status === 429) {
    const header = parseInt(res.headers.get("Retry-After") || "", 10);
    const secs = Number.isFinite(header) ? header : (p && p.retry_after);
    const wait = typeof secs === "number" && secs >= 0
      ? ` Try again in ${secs} s.` : " Try again later.";
    showStatus(`Too many requests (${code || "429"}): ${detail}.${wait}`, "error");
  } else {
    showStatus(detail, "error");
  }
}

// `how` says what an answer does to the browser history (see shown() in
// share.js): "push" (a new entry, the default), "replace" (the current one).
async function ask(question, how) {
  question = (question || "").trim();
  $("question").value = question;
  if (!question) {
    showStatus("Type a question first.", "error");
    return;
  }
  rememberAsked(question);
  const seq = ++askSeq;
  const button = $("ask-button");
  button.disabled = true;
  const slow = setTimeout(() => {
    if (seq === askSeq) showStatus("Thinking…", "loading", true);
  }, SLOW_AFTER_MS);
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const res = await api("/v1/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question }),
      signal: controller.signal,
    });
    if (seq !== askSeq) {
      loadHistory(true);
      return;
    }
    if (!res.ok) {
      await showProblem(res);
      return;
    }
    const answer = await res.json();
    if (seq !== askSeq) return;
    clearStatus();
    renderAnswer(answer);
    shown(question, answer, how || "push");
    loadHistory(true);
  } catch (e) {
    if (seq !== askSeq) return;
    const msg = e && e.name === "AbortError"
      ? "The answer took too long. Try again, or ask a simpler question."
      : "Cannot reach the pitwall server. Is it running?";
    showStatus(msg, "error");
  } finally {
    clearTimeout(slow);
    clearTimeout(timeout);
    button.disabled = false;
  }
}

async function openHistory(id) {
  try {
    const res = await api(`/v1/history/${encodeURIComponent(id)}`);
    if (!res.ok) {
      await showProblem(res);
      return;
    }
    const a = await res.json();
    $("question").value = a.question;
    clearStatus();
    renderAnswer(a);
    shown(a.question, a, "push");
  } catch (_) {
    showStatus("Cannot reach the pitwall server. Is it running?", "error");
  }
}

async function loadHistory(reset) {
  const params = new URLSearchParams({ limit: "10" });
  if (!reset && historyCursor) params.set("before", historyCursor);
  let page;
  try {
    const res = await api(`/v1/history?${params}`);
    if (!res.ok) {
      // A refused key or a limit says so (a refused key's list is not
      // shown); other failures leave the list be.
      if (res.status === 401 || res.status === 403) $("history").replaceChildren();
      if ([401, 403, 429].includes(res.status)) await showProblem(res);
      return;
    }
    page = await res.json();
  } catch (_) {
    return;
  }
  const list = $("history");
  if (reset) list.replaceChildren();
  for (const item of page.items) {
    const li = el("li");
    const b = el("button");
    b.type = "button";
    b.appendChild(document.createTextNode(item.question));
    b.appendChild(el("small", `${item.answer}`));
    b.addEventListener("click", () => openHistory(item.id));
    li.appendChild(b);
    list.appendChild(li);
  }
  historyCursor = page.next_before || null;
  $("history-more").hidden = !historyCursor;
}

document.addEventListener("DOMContentLoaded", () => {
  const examples = $("examples");
  for (const q of EXAMPLES) {
    const b = el("button", q);
    b.type = "button";
    b.addEventListener("click", () => ask(q));
    examples.appendChild(b);
  }
  $("ask-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    ask($("question").value);
  });
  $("history-more").addEventListener("click", () => loadHistory(false));
  $("key-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const input = $("api-key");
    const key = input.value.trim();
    // A header value must be visible ASCII; anything else is not a key.
    if (!/^[\x21-\x7e]{1,512}$/.test(key)) {
      $("key-note").textContent = "That is not a key: paste the whole pw_… key.";
      return;
    }
    if (!saveKey(key)) {
      $("key-note").textContent = "This browser does not allow session storage; asking anonymously.";
      return;
    }
    input.value = "";
    $("key-note").textContent = "Saved in this tab only; it is gone when the tab closes.";
    renderKeyState();
    clearStatus();
    historyCursor = null;
    loadHistory(true);
  });
  $("key-forget").addEventListener("click", forgetKey);
  renderKeyState();
  loadHistory(true);
  initTable();
  initCapabilities();
  initShare();
});
