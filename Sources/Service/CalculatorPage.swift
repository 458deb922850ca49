/// The web calculator served at `/`: one self-contained page (plain JavaScript, inline SVG,
/// no request anywhere but this server's JSON API). Everything it shows comes from the API:
/// the page formats numbers and draws them, it computes no measure of its own.
enum CalculatorPage {
    static let contentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>acss: algorithmic complexity calculator</title>
<style>
:root { --fg: #1b1b1b; --muted: #555; --line: #c8c8c8; --accent: #0b5cad; --bad: #a40000; --band: #dbe8f6; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif; color: var(--fg); margin: 0; padding: 0 1rem 3rem; max-width: 70rem; margin-inline: auto; }
header { border-bottom: 1px solid var(--line); margin-bottom: 1rem; }
h1 { font-size: 1.5rem; margin: 1rem 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
p.lead { margin: 0 0 .75rem; color: var(--muted); }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1rem; padding: .75rem; }
legend { font-weight: 600; padding: 0 .25rem; }
label { display: inline-block; margin: .25rem 1rem .25rem 0; }
textarea { width: 100%; min-height: 8rem; font: 15px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; padding: .5rem; }
input, select, button, textarea { font-size: 1rem; }
input[type=number] { width: 5.5rem; }
button { background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding: .55rem 1.1rem; margin: .25rem .5rem .25rem 0; cursor: pointer; min-height: 44px; }
button.secondary { background: #fff; color: var(--accent); border: 1px solid var(--accent); }
button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, a:focus-visible { outline: 3px solid #f5a300; outline-offset: 2px; }
.row { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: flex-end; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-size: .93rem; min-width: 100%; }
caption { text-align: left; color: var(--muted); padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: right; white-space: nowrap; }
th:first-child, td:first-child, td.text { text-align: left; }
td.note { white-space: normal; min-width: 14rem; text-align: left; color: var(--muted); }
td.error { color: var(--bad); white-space: normal; text-align: left; }
#status { min-height: 1.5rem; }
#tableinfo, p, label { overflow-wrap: anywhere; }
#status.bad { color: var(--bad); }
.muted { color: var(--muted); }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
code { white-space: nowrap; overflow-wrap: normal; }
svg { max-width: 100%; height: auto; display: block; }
svg text { font: 12px system-ui, "Liberation Sans", Arial, sans-serif; fill: var(--fg); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { margin-top: 2rem; border-top: 1px solid var(--line); padding-top: .75rem; color: var(--muted); font-size: .9rem; }
</style>
</head>
<body>
<header>
<h1>Algorithmic complexity calculator</h1>
<p class="lead">Kolmogorov complexity K of short sequences by the Coding Theorem Method (and BDM for longer ones), from <code>acss serve</code> <span id="version"></span>. Every figure comes from the JSON API of this server.</p>
</header>
<main>
<form id="form" onsubmit="return false">
<fieldset>
<legend>Sequences</legend>
<label for="sequences">One sequence per line: one symbol per character (HTHHTHTT, 3152646213) or symbols separated by commas or spaces. For arrays, rows separated by “/” (000/010/000).</label>
<textarea id="sequences" name="sequences" spellcheck="false" autocapitalize="off" autocomplete="off">HTHHTHTT
HHHHTTTT
HTHTHTHT</textarea>
<div class="row">
<label>Or a CSV file <input type="file" id="csv" accept=".csv,.tsv,.txt,text/csv"></label>
<label id="columnLabel" hidden>Column <select id="column"></select></label>
</div>
</fieldset>
<fieldset>
<legend>Task and options</legend>
<div class="row">
<label>Task
<select id="task">
<option value="1d">strings (1-D)</option>
<option value="2d">binary arrays (2-D)</option>
</select></label>
<label>Alphabet (possible symbols)
<select id="alphabet">
<option value="">infer per sequence</option>
<option value="2" selected>2 (coin)</option>
<option value="3">3</option><option value="4">4</option><option value="5">5</option>
<option value="6">6 (die)</option><option value="7">7</option><option value="8">8</option><option value="9">9</option>
</select></label>
<label>Prior of a random source <input type="number" id="prior" value="0.5" min="0.01" max="0.99" step="0.01"></label>
</div>
<button type="button" id="score">Score</button>
<button type="button" id="download" class="secondary" disabled>Download CSV</button>
</fieldset>
</form>
<div id="status" role="status" aria-live="polite"></div>
<p id="tableinfo" class="muted"></p>

<section aria-labelledby="h-results">
<h2 id="h-results">Scores</h2>
<div class="scroll"><table id="results"><caption>K in bits; z and percentile against all random sequences of the same length; prob_random the posterior probability of a random source.</caption><thead></thead><tbody></tbody></table></div>
</section>

<section aria-labelledby="h-plot">
<h2 id="h-plot">K against the uniform reference</h2>
<div id="plot"></div>
</section>

<section aria-labelledby="h-local">
<h2 id="h-local">Local complexity of one sequence</h2>
<div class="row">
<label>Sequence <select id="localSeq"></select></label>
<label>Window (span) <input type="number" id="span" value="5" min="2" max="12"></label>
<button type="button" id="local" class="secondary">Windows</button>
</div>
<div id="localPlot"></div>
</section>

<section aria-labelledby="h-bdm">
<h2 id="h-bdm">Block Decomposition Method</h2>
<div class="row">
<label>Block size <input type="number" id="blockSize" value="10" min="2" max="12"></label>
<label>Overlap (symbols shared by consecutive blocks) <input type="number" id="overlap" value="0" min="0" max="11"></label>
<button type="button" id="bdm" class="secondary">BDM</button>
</div>
<div class="scroll"><table id="bdmResults"><thead></thead><tbody></tbody></table></div>
</section>
</main>
<footer>
<p>API: <a href="/v1/openapi.json">/v1/openapi.json</a> · <a href="/v1/tables">/v1/tables</a> · <a href="/healthz">/healthz</a>. Documentation in the acss-swift repository: docs/scoring.md (every column), docs/online-experiments.md (jsPsych, PsychoPy), README.md.</p>
</footer>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const state = { tables: {}, rows: [], bdmRows: [], csv: null };

function setStatus(text, bad) { const s = $("status"); s.textContent = text; s.className = bad ? "bad" : ""; }

async function api(path, body) {
  const init = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  const json = await response.json();
  if (!response.ok) throw new Error(json.error + (json.field ? " (field " + json.field + ")" : ""));
  return json;
}

function sequences() { return $("sequences").value.split(/\r?\n/).map((s) => s.trim()).filter((s) => s.length > 0); }
function alphabet() { const a = $("alphabet").value; return a === "" ? undefined : Number(a); }
function is2d() { return $("task").value === "2d"; }

const fmt = {
  K: (v) => v.toFixed(4), D: (v) => v.toExponential(3), z: (v) => v.toFixed(2), percentile: (v) => v.toFixed(1),
  prob_random: (v) => v.toFixed(4), entropy: (v) => v.toFixed(4), K_se: (v) => v.toFixed(4), BDM: (v) => v.toFixed(4),
  mean_K: (v) => v.toFixed(4),
};
function show(key, value) {
  if (value === null || value === undefined) return "–";
  if (typeof value === "number" && fmt[key]) return fmt[key](value);
  return String(value);
}

function fillTable(table, rows, keys) {
  const thead = table.tHead, tbody = table.tBodies[0];
  thead.innerHTML = ""; tbody.innerHTML = "";
  const tr = document.createElement("tr");
  for (const k of keys) { const th = document.createElement("th"); th.scope = "col"; th.textContent = k; tr.appendChild(th); }
  thead.appendChild(tr);
  for (const row of rows) {
    const r = document.createElement("tr");
    for (const k of keys) {
      const td = document.createElement("td");
      td.dataset.key = k;
      td.dataset.value = row[k] === null || row[k] === undefined ? "" : String(row[k]);
      td.textContent = show(k, row[k]);
      if (typeof row[k] === "string") td.className = k === "note" ? "note" : k === "error" ? "error" : "text";
      r.appendChild(td);
    }
    tbody.appendChild(r);
  }
}

const scoreKeys = ["string", "length", "K", "D", "z", "percentile", "prob_random", "entropy", "K_se", "method", "table", "note", "error"];

async function score() {
  const seqs = sequences();
  if (seqs.length === 0) { setStatus("Enter at least one sequence.", true); return; }
  const body = { sequences: seqs };
  const prior = Number($("prior").value);
  if (prior !== 0.5) body.prior = prior;
  if (is2d()) body["2d"] = true; else if (alphabet() !== undefined) body.alphabet = alphabet();
  setStatus("Scoring " + seqs.length + " sequence" + (seqs.length === 1 ? "" : "s") + "…");
  try {
    const answer = await api("/v1/score", body);
    state.rows = answer.results;
    fillTable($("results"), state.rows, scoreKeys);
    const failed = state.rows.filter((r) => r.error).length;
    setStatus("Scored " + (state.rows.length - failed) + " of " + state.rows.length + (failed ? "; " + failed + " failed (see the error column)." : "."), failed > 0);
    $("download").disabled = false;
    describeTables();
    fillLocalChoices();
    await plot();
  } catch (e) { setStatus(e.message, true); }
}

function describeTables() {
  const names = [...new Set(state.rows.map((r) => r.table).filter((t) => t))];
  $("tableinfo").textContent = names.length === 0 ? "" : "Scored with " + names.map((n) => {
    const t = state.tables[n];
    return n + (t && t.sha256 ? " (sha256 " + t.sha256 + ")" : "");
  }).join(", ") + ".";
}

function escapeXML(s) { return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]); }

/// A scatter of K by length with the reference mean ± SD band, as SVG text.
function chart(points, band, labelX, labelY, title, joined) {
  const W = 640, H = 300, L = 56, R = 16, T = 16, B = 44;
  const xs = points.map((p) => p.x).concat(band.map((b) => b.x));
  const ys = points.map((p) => p.y).concat(band.flatMap((b) => [b.lo, b.hi]));
  if (xs.length === 0) return "";
  let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  if (y0 === y1) { y0 -= 1; y1 += 1; }
  const pad = (y1 - y0) * 0.08; y0 -= pad; y1 += pad;
  const sx = (x) => L + (x - x0) / (x1 - x0) * (W - L - R), sy = (y) => H - B - (y - y0) / (y1 - y0) * (H - T - B);
  let s = '<svg viewBox="0 0 ' + W + " " + H + '" width="' + W + '" role="img" aria-label="' + escapeXML(title) + '"><title>' + escapeXML(title) + "</title>";
  if (band.length > 0) {
    const up = band.map((b) => sx(b.x) + "," + sy(b.hi)).join(" "), down = band.slice().reverse().map((b) => sx(b.x) + "," + sy(b.lo)).join(" ");
    s += '<polygon points="' + up + " " + down + '" fill="#dbe8f6"/>';
    s += '<polyline points="' + band.map((b) => sx(b.x) + "," + sy(b.mean)).join(" ") + '" fill="none" stroke="#0b5cad" stroke-width="1.5"/>';
  }
  s += '<line x1="' + L + '" y1="' + (H - B) + '" x2="' + (W - R) + '" y2="' + (H - B) + '" stroke="#555"/><line x1="' + L + '" y1="' + T + '" x2="' + L + '" y2="' + (H - B) + '" stroke="#555"/>';
  const step = Math.max(1, Math.ceil((x1 - x0) / 12));
  for (let x = Math.ceil(x0); x <= x1; x += step) s += '<text x="' + sx(x) + '" y="' + (H - B + 16) + '" text-anchor="middle">' + x + "</text>";
  const digits = Math.min(3, Math.max(0, 1 - Math.floor(Math.log10((y1 - y0) / 4))));
  for (let i = 0; i <= 4; i++) { const y = y0 + (y1 - y0) * i / 4; s += '<text x="' + (L - 6) + '" y="' + (sy(y) + 4) + '" text-anchor="end">' + y.toFixed(digits) + "</text>"; }
  s += '<text x="' + ((L + W - R) / 2) + '" y="' + (H - 6) + '" text-anchor="middle">' + escapeXML(labelX) + "</text>";
  s += '<text transform="translate(14,' + ((T + H - B) / 2) + ') rotate(-90)" text-anchor="middle">' + escapeXML(labelY) + "</text>";
  if (joined && points.length > 1) s += '<polyline points="' + points.map((p) => sx(p.x) + "," + sy(p.y)).join(" ") + '" fill="none" stroke="#c0392b" stroke-opacity=".6"/>';
  for (const p of points) s += '<circle cx="' + sx(p.x) + '" cy="' + sy(p.y) + '" r="4" fill="#c0392b" fill-opacity=".8"><title>' + escapeXML(p.label) + "</title></circle>";
  return s + "</svg>";
}

async function plot() {
  const ok = state.rows.filter((r) => !r.error && typeof r.K === "number");
  const points = ok.map((r) => ({ x: r.length, y: r.K, label: r.string + ": K = " + r.K.toFixed(4) }));
  let band = [], note = "";
  const alphabets = [...new Set(ok.map((r) => r.alphabet))];
  if (!is2d() && alphabets.length >= 1) {
    try {
      const ref = await api("/v1/reference", { alphabet: alphabets[0], length: "1-12" });
      band = ref.results.map((r) => ({ x: r.length, mean: r.mean, lo: r.mean - r.sd, hi: r.mean + r.sd }));
      const lengths = ok.map((r) => r.length);
      const lo = Math.min(...lengths), hi = Math.max(...lengths);
      band = band.filter((b) => b.x >= Math.max(1, lo - 1) && b.x <= Math.min(12, hi + 1));
      note = "Band: mean ± SD of K over all " + alphabets[0] + "-symbol strings of each length (" + ref.results[0].table + ")" + (alphabets.length > 1 ? "; points of other alphabets are on their own scales." : ".");
    } catch (e) { note = "No reference: " + e.message; }
  }
  $("plot").innerHTML = chart(points, band, is2d() ? "cells" : "length", "K (bits)", "K of each sequence against the uniform reference") + '<p class="muted">' + escapeXML(note) + "</p>";
}

function fillLocalChoices() {
  const select = $("localSeq");
  select.innerHTML = "";
  for (const s of sequences()) { const o = document.createElement("option"); o.value = s; o.textContent = s.length > 40 ? s.slice(0, 40) + "…" : s; select.appendChild(o); }
}

async function local() {
  if (is2d()) { setStatus("Local complexity is for strings.", true); return; }
  if ($("localSeq").options.length === 0) fillLocalChoices();
  const seq = $("localSeq").value;
  if (!seq) { setStatus("Enter a sequence first.", true); return; }
  const body = { sequences: [seq], span: Number($("span").value) };
  if (alphabet() !== undefined) body.alphabet = alphabet();
  try {
    const answer = await api("/v1/local", body);
    const rows = answer.results;
    if (rows.length === 1 && rows[0].error) { setStatus(rows[0].error, true); $("localPlot").innerHTML = ""; return; }
    const points = rows.map((r) => ({ x: r.position, y: r.K, label: "position " + r.position + " (" + r.window + "): K = " + r.K.toFixed(4) }));
    $("localPlot").innerHTML = chart(points, [], "window start", "K (bits)", "K of every window of " + body.span + " symbols", true)
      + '<div class="scroll"><table id="localResults"><thead></thead><tbody></tbody></table></div>';
    fillTable($("localResults"), rows, ["position", "window", "K"]);
    setStatus(rows.length + " windows of " + body.span + " symbols.");
  } catch (e) { setStatus(e.message, true); }
}

async function bdm() {
  const seqs = sequences();
  if (seqs.length === 0) { setStatus("Enter at least one sequence.", true); return; }
  const size = Number($("blockSize").value), overlap = Number($("overlap").value);
  const body = { sequences: seqs, block_size: size, step: size - overlap };
  if (is2d()) { body["2d"] = true; delete body.step; } else if (alphabet() !== undefined) body.alphabet = alphabet();
  try {
    const answer = await api("/v1/bdm", body);
    state.bdmRows = answer.results;
    const keys = is2d() ? ["array", "rows", "columns", "BDM", "block_entropy", "block_size", "blocks", "distinct_blocks", "table", "error"]
                        : ["string", "length", "BDM", "flavour", "block_size", "step", "blocks", "distinct_blocks", "table", "error"];
    fillTable($("bdmResults"), state.bdmRows, keys);
    setStatus("BDM of " + seqs.length + " sequence" + (seqs.length === 1 ? "" : "s") + ".");
  } catch (e) { setStatus(e.message, true); }
}

function csvField(v) {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function download() {
  if (state.rows.length === 0) return;
  const keys = Object.keys(state.rows[0]);
  const text = keys.join(",") + "\n" + state.rows.map((r) => keys.map((k) => csvField(r[k])).join(",")).join("\n") + "\n";
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  a.download = "acss-scores.csv";
  document.body.appendChild(a); a.click(); a.remove();
}

/// RFC 4180 records; the delimiter (comma, semicolon or tab) is the header line's most frequent.
function parseCSV(text) {
  const head = text.split(/\r?\n/, 1)[0];
  const delimiter = [",", ";", "\t"].map((d) => [d, head.split(d).length]).sort((a, b) => b[1] - a[1])[0][0];
  const rows = []; let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false; } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) { row.push(field); field = ""; }
    else if (c === "\n" || c === "\r") { if (c === "\r" && text[i + 1] === "\n") i++; row.push(field); rows.push(row); row = []; field = ""; }
    else field += c;
  }
  if (field !== "" || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.length > 1 || r[0] !== "");
}

function useColumn() {
  if (!state.csv) return;
  const i = Number($("column").value);
  $("sequences").value = state.csv.slice(1).map((r) => (r[i] || "").trim()).filter((s) => s).join("\n");
  fillLocalChoices();
}

$("csv").addEventListener("change", (event) => {
  const file = event.target.files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => {
    state.csv = parseCSV(String(reader.result).replace(/^\uFEFF/, ""));
    const select = $("column");
    select.innerHTML = "";
    (state.csv[0] || []).forEach((name, i) => { const o = document.createElement("option"); o.value = String(i); o.textContent = name; select.appendChild(o); });
    const guess = (state.csv[0] || []).findIndex((n) => /response|sequence|string/i.test(n));
    if (guess >= 0) select.value = String(guess);
    $("columnLabel").hidden = false;
    useColumn();
    setStatus(file.name + ": " + (state.csv.length - 1) + " rows; choose the column to score.");
  };
  reader.readAsText(file);
});
$("column").addEventListener("change", useColumn);
$("score").addEventListener("click", score);
$("local").addEventListener("click", local);
$("bdm").addEventListener("click", bdm);
$("download").addEventListener("click", download);
$("task").addEventListener("change", () => { $("alphabet").disabled = is2d(); });
$("sequences").addEventListener("change", fillLocalChoices);

(async () => {
  try {
    const v = await api("/v1/version");
    $("version").textContent = v.version;
    const catalogue = await api("/v1/tables");
    for (const t of catalogue.tables) state.tables[t.name] = t;
    describeTables();
  } catch (e) { setStatus("The API did not answer: " + e.message, true); }
  fillLocalChoices();
})();
</script>
</body>
</html>

"""#
}
