// pitwall web page, part four: the answer's chart and the "What can I
// ask?" panel. Loaded after table.js; uses app.js's $, el, api and ask.
//
// The chart is drawn by the server (GET /v1/history/{id}/chart.svg, the
// same pitwall-charts code as the admin dashboard), fetched with the
// page's usual credentials and shown through an <img> with a data: URL,
// which the CSP allows (img-src 'self' data:). An SVG shown as an image
// runs no script, and every label in it was escaped by the server, so a
// label such as <img onerror=...> stays text. The alt text is built here
// from the answer's hint and labels and names every series.
"use strict";

// Bumped by every answer shown: a chart that arrives for an older answer
// is dropped.
let chartSeq = 0;

// The text alternative: what is measured against what, and every series.
function chartAlt(a) {
  const hint = a.chart;
  const labels = Array.isArray(a.column_labels) ? a.column_labels : [];
  const label = (name) => {
    const i = (a.columns || []).indexOf(name);
    return i >= 0 && labels[i] ? labels[i] : String(name);
  };
  const what = (hint.y || []).map(label).join(" / ");
  const kind = hint.kind === "bar" ? "Bar chart" : "Line chart";
  const series = (hint.series || []).map(String).join(", ");
  return `${kind}: ${what} by ${label(hint.x).toLowerCase()}. Series: ${series}.`;
}

// Shows the chart of answer `a` above the table, or hides the box when
// the answer has no chart (or it cannot be fetched: the table still has
// every value).
async function renderChart(a) {
  const seq = ++chartSeq;
  const box = $("chart-box");
  // No image element at all while there is no chart.
  box.hidden = true;
  box.replaceChildren();
  if (!a || !a.chart || !a.id) return;
  const width = Math.round(Math.min(1280, Math.max(300, box.parentElement.clientWidth || 640)));
  try {
    const res = await api(`/v1/history/${encodeURIComponent(a.id)}/chart.svg?width=${width}`);
    if (!res.ok || seq !== chartSeq) return;
    const svg = await res.text();
    if (seq !== chartSeq) return;
    const img = document.createElement("img");
    img.id = "chart";
    img.alt = chartAlt(a);
    img.dataset.series = String((a.chart.series || []).length);
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
    box.replaceChildren(img);
    box.hidden = false;
  } catch (_) {
    /* no chart: the table below has the values */
  }
}

// The "What can I ask?" panel, from the engine's own list of kinds. Each
// example is a button (keyboard-activatable) that asks it.
async function initCapabilities() {
  const list = $("capabilities-list");
  let body = null;
  try {
    const res = await fetch("/v1/capabilities", { credentials: "omit" });
    if (!res.ok) return;
    body = await res.json();
  } catch (_) {
    return;
  }
  list.replaceChildren();
  for (const kind of body.kinds || []) {
    const item = el("li");
    item.appendChild(el("h2", kind.title));
    const examples = el("ul", null, "capability-examples");
    for (const q of kind.examples || []) {
      const li = el("li");
      const b = el("button", q, "secondary");
      b.type = "button";
      b.addEventListener("click", () => ask(q));
      li.appendChild(b);
      examples.appendChild(li);
    }
    item.appendChild(examples);
    list.appendChild(item);
  }
  $("capabilities").hidden = list.children.length === 0;
}
