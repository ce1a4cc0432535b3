// pitwall web page, part two: shareable /?q= links, the browser's back and
// forward between asked questions, screen-reader announcements and the
// keyboard shortcuts. Loaded after app.js (both deferred, in order) and uses
// its $, el, ask, renderAnswer and clearStatus; app.js calls announce(),
// rememberAsked(), shown() and initShare() defined here. As in app.js, text
// is only ever set with textContent or an input's value, never as HTML.
"use strict";

// The question currently answered on screen (what "copy link" links to).
let shownQuestion = null;

// The questions asked in this tab, oldest first, for ArrowUp/ArrowDown in
// the box (like a shell). `recall` is the position being shown; at
// asked.length the box holds `draft`, whatever was typed before recalling.
const asked = [];
const ASKED_MAX = 100;
let recall = 0;
let draft = "";

// The link that asks `question`: /?q=<question>, URL-encoded.
function linkFor(question, absolute) {
  const path = `/?q=${encodeURIComponent(question)}`;
  return absolute ? location.origin + path : path;
}

// The question in the address bar's ?q=, decoded ("" when there is none).
function questionInUrl() {
  return (new URLSearchParams(location.search).get("q") || "").trim();
}

// Says `message` to screen readers: errors in the assertive region
// (role=alert), everything else in the polite one. Cleared first and set a
// moment later so the same words said twice are announced twice.
let announceTimer = null;
function announce(message, urgent) {
  const polite = $("live");
  const alert = $("live-alert");
  if (!polite || !alert) return;
  const box = urgent ? alert : polite;
  polite.textContent = "";
  alert.textContent = "";
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => { box.textContent = message; }, 50);
}

// Called for every question asked (before the answer arrives).
function rememberAsked(question) {
  if (asked[asked.length - 1] !== question) asked.push(question);
  if (asked.length > ASKED_MAX) asked.shift();
  recall = asked.length;
  draft = "";
}

function announceAnswer(question, answer, prefix) {
  announce(`${prefix}${question}. Answer: ${answer.answer}`);
}

// An answer is on screen. `how` says what it does to the browser history:
// "push" a new /?q= entry (the same question as the current entry replaces
// it instead, so asking twice in a row adds no duplicate), "replace" the
// current entry (the question asked on load, or re-asked after back or
// forward), or "none". The entry's state keeps the question and the whole
// answer, so back and forward re-render without asking again.
function shown(question, answer, how) {
  shownQuestion = question;
  $("share-link").value = linkFor(question, true);
  $("share-link").hidden = true;
  $("copy-note").textContent = "";
  announceAnswer(question, answer, "");
  if (how === "none") return;
  const current = history.state;
  const replace = how === "replace" || (current && current.q === question);
  // A re-ask that lands after the user moved on must not overwrite the
  // entry they are now on.
  if (how === "replace" && questionInUrl() !== question) return;
  const url = linkFor(question, false);
  try {
    if (replace) history.replaceState({ q: question, answer }, "", url);
    else history.pushState({ q: question, answer }, "", url);
  } catch (_) {
    // The answer is too large to keep in the entry: keep the question
    // only, and back/forward will ask it again.
    if (replace) history.replaceState({ q: question }, "", url);
    else history.pushState({ q: question }, "", url);
  }
}

// Back or forward. The entry's state normally holds the answer, which is
// drawn again with no request and no reload. When the state is missing
// (an entry this page did not make, or an answer too large to store), the
// question in the URL is asked again and the answer replaces that entry.
// The entry with no question (the bare page) clears the answer.
function onPopState(ev) {
  askSeq += 1; // an answer still on its way is for another entry
  const st = ev.state;
  if (st && st.q && st.answer) {
    $("question").value = st.q;
    clearStatus();
    renderAnswer(st.answer);
    shownQuestion = st.q;
    $("share-link").value = linkFor(st.q, true);
    $("share-link").hidden = true;
    $("copy-note").textContent = "";
    announceAnswer(st.q, st.answer, "Back to: ");
    return;
  }
  const q = (st && st.q) || questionInUrl();
  if (q) {
    ask(q, "replace");
    return;
  }
  shownQuestion = null;
  $("question").value = "";
  $("result").hidden = true;
  clearStatus();
  announce("Back to the start: no question asked.");
}

// "Copy link": to the clipboard when the browser allows it; otherwise the
// link is shown in a read-only field, selected, for the user to copy.
async function copyLink() {
  if (!shownQuestion) return;
  const link = linkFor(shownQuestion, true);
  const field = $("share-link");
  const note = $("copy-note");
  field.value = link;
  try {
    if (!navigator.clipboard || !navigator.clipboard.writeText) throw new Error("no clipboard");
    await navigator.clipboard.writeText(link);
    field.hidden = true;
    note.textContent = "Link copied.";
    announce("Link copied.");
  } catch (_) {
    field.hidden = false;
    field.focus();
    field.select();
    note.textContent = "Copy the selected link (Ctrl+C or ⌘C).";
    announce("The link is selected; press Control C or Command C to copy it.");
  }
}

// Whether typing "/" in this element is typing, not a shortcut.
function isTextField(node) {
  if (!node) return false;
  if (node.isContentEditable) return true;
  const tag = node.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  return !["button", "submit", "reset", "checkbox", "radio", "range", "color", "file"]
    .includes(node.type);
}

// "/" anywhere but in a text field focuses the box, its text selected.
function onPageKey(ev) {
  if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
  if (isTextField(document.activeElement)) return;
  ev.preventDefault();
  const box = $("question");
  box.focus();
  box.select();
}

function setBox(value) {
  const box = $("question");
  box.value = value;
  box.setSelectionRange(value.length, value.length);
}

// In the box: ArrowUp/ArrowDown walk through this tab's questions, Escape
// clears it. (Enter asks: it submits the form.)
function onBoxKey(ev) {
  if (ev.isComposing || ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const box = $("question");
  if (ev.key === "ArrowUp") {
    if (recall === 0) return;
    ev.preventDefault();
    if (recall === asked.length) draft = box.value;
    recall -= 1;
    setBox(asked[recall]);
  } else if (ev.key === "ArrowDown") {
    if (recall >= asked.length) return;
    ev.preventDefault();
    recall += 1;
    setBox(recall === asked.length ? draft : asked[recall]);
  } else if (ev.key === "Escape" && box.value !== "") {
    ev.preventDefault();
    setBox("");
    recall = asked.length;
    draft = "";
  }
}

// Called once by app.js when the page is ready: wires the controls, and
// asks the question of a /?q= link.
function initShare() {
  $("copy-link").addEventListener("click", copyLink);
  $("question").addEventListener("keydown", onBoxKey);
  document.addEventListener("keydown", onPageKey);
  window.addEventListener("popstate", onPopState);
  const q = questionInUrl();
  if (q) ask(q, "replace");
}
