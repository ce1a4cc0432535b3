// pitwall web page, part three: the answer table and its SQL. Loaded after
// app.js and share.js (all deferred, in order) and uses app.js's $ and el;
// app.js calls renderTable(), renderSql() and initTable() defined here.
// Every cell is set with textContent (through el()), never as HTML, so a
// value from the data or a model can never become markup.
//
// - A column whose non-empty cells are all numbers is a numeric column:
//   right-aligned, tabular numerals (class "num"). Anything else is text.
// - A column whose machine name says milliseconds (`milliseconds`, `…_ms`,
//   `ms_…`) or a lap/race time (`fastest_lap_time`, `lap_time`,
//   `race_time`) given as whole milliseconds is shown as a time
//   (4526665 → 1:15:26.665, 76609 → 1:16.609); the raw value stays in the
//   cell's title. A value that is already text ("1:16.609") and any column
//   not named so (points, positions, years) is shown as it is.
// - Long tables show their first TABLE_FIRST_ROWS rows and a "Show all N
//   rows" button that toggles to "Show first 20".
// - The SQL is behind a <details> disclosure, with a "Copy SQL" button.
// - Headers show the answer's `column_labels` ("Lewis Hamilton ahead");
//   the machine name stays in the header's data-column attribute.
"use strict";

const TABLE_FIRST_ROWS = 20;
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
// Names that say the value is in milliseconds.
const MS_NAME = /(^|[_\s.])(milliseconds?|millis|ms)($|[_\s])|milliseconds?$/i;
// Names that say the value is a lap or race time (in ms when an integer).
const TIME_NAME = /(^|_)(fastest_)?(lap|race)_?time$/i;
// A lap time shorter than this many ms is not a lap time.
const MIN_LAP_MS = 10000;

// The SQL on screen, copied as it came (not read back from the page).
let shownSql = "";
let tableExpanded = false;

function isEmptyCell(v) {
  return v === null || v === undefined || v === "";
}

function isNumberCell(v) {
  if (typeof v === "number") return Number.isFinite(v);
  return typeof v === "string" && NUMBER_TEXT.test(v.trim());
}

function isWholeMs(v) {
  const n = typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

// How column `i` is shown: {numeric, duration}.
function columnKind(name, rows, i) {
  const values = rows.map((r) => r[i]).filter((v) => !isEmptyCell(v));
  const numeric = values.length > 0 && values.every(isNumberCell);
  const label = String(name);
  let duration = false;
  if (numeric && values.every(isWholeMs)) {
    if (MS_NAME.test(label)) duration = true;
    else if (TIME_NAME.test(label)) duration = values.every((v) => Number(v) >= MIN_LAP_MS);
  }
  return { numeric, duration };
}

// 76609 → "1:16.609"; 4526665 → "1:15:26.665"; 2345 → "2.345".
function formatMs(value) {
  const ms = Number(value);
  const frac = String(ms % 1000).padStart(3, "0");
  const totalS = Math.floor(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  if (h > 0) return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}.${frac}`;
  if (m > 0) return `${m}:${String(s).padStart(2, "0")}.${frac}`;
  return `${s}.${frac}`;
}

function tableCell(v, kind) {
  if (kind.duration && !isEmptyCell(v)) {
    const td = el("td", formatMs(v), "num");
    td.title = String(v);
    return td;
  }
  return el("td", cellText(v), kind.numeric ? "num" : null);
}

// Shows the first TABLE_FIRST_ROWS rows, or all of them, and labels the button.
function applyRowLimit() {
  const rows = $("table").tBodies[0].rows;
  const more = $("table-more");
  const long = rows.length > TABLE_FIRST_ROWS;
  for (let i = 0; i < rows.length; i += 1) {
    rows[i].hidden = long && !tableExpanded && i >= TABLE_FIRST_ROWS;
  }
  more.hidden = !long;
  more.textContent = tableExpanded
    ? `Show first ${TABLE_FIRST_ROWS}`
    : `Show all ${rows.length} rows`;
  more.setAttribute("aria-expanded", String(tableExpanded));
}

function renderTable(a) {
  const table = $("table");
  const thead = table.tHead;
  const tbody = table.tBodies[0];
  thead.replaceChildren();
  tbody.replaceChildren();
  const columns = a.columns || [];
  const rows = (a.rows || []).filter(Array.isArray);
  if (columns.length) {
    const kinds = columns.map((c, i) => columnKind(c, rows, i));
    const labels = Array.isArray(a.column_labels) && a.column_labels.length === columns.length
      ? a.column_labels : columns;
    const tr = el("tr");
    columns.forEach((c, i) => {
      // The human label is shown; the machine name (what API users and the
      // SQL see) stays in a data attribute.
      const th = el("th", labels[i], kinds[i].numeric ? "num" : null);
      th.scope = "col";
      th.dataset.column = String(c);
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    for (const row of rows) {
      const r = el("tr");
      columns.forEach((_, i) => r.appendChild(tableCell(row[i], kinds[i])));
      tbody.appendChild(r);
    }
  }
  table.hidden = columns.length === 0;
  table.parentElement.hidden = table.hidden; // no empty tab stop
  tableExpanded = false;
  applyRowLimit();
}

function renderSql(a) {
  shownSql = a.sql || "";
  $("sql").textContent = shownSql;
  $("sql-note").textContent = "";
  $("sql-box").hidden = !shownSql;
}

// "Copy SQL": to the clipboard when the browser allows it; otherwise the
// SQL text is selected for the user to copy.
async function copySql() {
  if (!shownSql) return;
  const note = $("sql-note");
  note.textContent = "";
  try {
    if (!navigator.clipboard || !navigator.clipboard.writeText) throw new Error("no clipboard");
    await navigator.clipboard.writeText(shownSql);
    note.textContent = "SQL copied";
  } catch (_) {
    const range = document.createRange();
    range.selectNodeContents($("sql"));
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    note.textContent = "SQL selected: press Ctrl+C or ⌘C to copy it";
  }
}

// Called once by app.js when the page is ready.
function initTable() {
  $("table-more").addEventListener("click", () => {
    tableExpanded = !tableExpanded;
    applyRowLimit();
  });
  $("copy-sql").addEventListener("click", copySql);
}
