/**
 * rts jitview's page: one self-contained HTML file (inline CSS and a little inline JavaScript, no
 * request) made from a JitLog (jit-log.ts). Every text of the log is escaped (traces hold `<`,
 * `>`, `&` and quotes).
 *
 * The page works without JavaScript: the list of traces (hottest first) links to each trace;
 * traces, their groups of operations (one per user-level position, a debug_merge_point's
 * location), the trace as recorded and the machine code are <details> elements, closed until
 * opened. Each guard with a bridge links to it (`#bridge-2a`), each bridge back to its guard
 * (`#guard-2a`), each jump to the trace holding its label. The script only opens what a link
 * points to (the page's address ending in `#bridge-2a` opens that bridge; `#guard-2a` opens
 * its trace and group), works the "open all" and "close all" buttons, highlights a value
 * (`i3`) everywhere in its trace while it is pointed at, and marks the page `data-ready` once
 * it ran.
 *
 * Anchors: `loop-N`, `bridge-H` (H: the guard's number in hexadecimal, as the log writes it),
 * `guard-H` (the guard's operation, in the first trace showing it), `label-NAME` (a label's
 * descriptor), `asm-ID` (a trace's machine code).
 */

import { type Abort, bridgeId, guardId, type JitLog, type JitTrace, type OpGroup, type TraceCount } from "./jit-log.js";
import { END_OF_LOOP, type TraceOp } from "./trace-text.js";

/** The five characters that matter in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Escaped trace text with each value (`i3`, `p0`, `f12`) in a span the script highlights, in its trace, when pointed at. */
function withValues(text: string): string {
  return escapeHtml(text).replace(/\b([ipf]\d+)\b/g, '<span class="v" data-v="$1">$1</span>');
}

/** An id made of any text (a label's descriptor): characters outside [A-Za-z0-9_-] as `.HH`. */
function anchorOf(prefix: string, text: string): string {
  let out = "";
  for (const c of text) out += /[A-Za-z0-9_-]/.test(c) ? c : `.${c.codePointAt(0)!.toString(16)}`;
  return `${prefix}-${out}`;
}

export function labelId(descr: string): string {
  return anchorOf("label", descr);
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 1em 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin: 1.2em 0 .4em; }
table { border-collapse: collapse; } td, th { padding: .15em .8em .15em 0; text-align: left; vertical-align: top; }
th { border-bottom: 1px solid #999; } td.number, th.number { text-align: right; }
code, pre, .ops, .inputs { font-family: ui-monospace, monospace; font-size: .9em; }
pre { margin: .2em 0 .2em 1.5em; white-space: pre-wrap; }
details.trace { border: 1px solid #ccc; border-radius: 4px; margin: .4em 0; padding: .2em .6em; }
details.trace > summary { font-weight: bold; cursor: pointer; }
details.group { margin-left: 1em; } details.group > summary { color: #035; cursor: pointer; }
.group.empty { margin-left: 2.2em; color: #579; font-family: ui-monospace, monospace; font-size: .9em; }
.op { margin-left: 1.5em; white-space: pre-wrap; } .op .offset { color: #888; }
.op.guard { color: #740; } .op a.bridge { margin-left: 1em; }
.loc { font-weight: normal; color: #035; } .count { font-weight: normal; color: #060; }
:target, .target { background: #ffe98a; } .v.hl { background: #bde0ff; outline: 1px solid #6ab; }
.meta { margin: .3em 0 .3em 1em; color: #444; }
button { margin-right: .5em; }
`;

const SCRIPT = `
(function () {
  function reveal(id) {
    var target = document.getElementById(id);
    if (!target) return;
    for (var e = target; e; e = e.parentElement) if (e.tagName === "DETAILS") e.open = true;
    var old = document.querySelectorAll(".target");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("target");
    target.classList.add("target");
    target.scrollIntoView({ block: "center" });
  }
  function onHash() {
    if (location.hash.length > 1) reveal(decodeURIComponent(location.hash.slice(1)));
  }
  function setAll(open) {
    var all = document.querySelectorAll("details.trace, details.group");
    for (var i = 0; i < all.length; i++) all[i].open = open;
  }
  document.getElementById("open-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("close-all").addEventListener("click", function () { setAll(false); });
  // pointing at a value highlights it everywhere in its trace
  document.addEventListener("mouseover", function (event) {
    var lit = document.querySelectorAll(".v.hl");
    for (var i = 0; i < lit.length; i++) lit[i].classList.remove("hl");
    var v = event.target;
    if (!v.classList || !v.classList.contains("v")) return;
    var trace = v.closest("details.trace");
    if (!trace) return;
    var same = trace.querySelectorAll('.v[data-v="' + v.getAttribute("data-v") + '"]');
    for (var j = 0; j < same.length; j++) same[j].classList.add("hl");
  });
  window.addEventListener("hashchange", onHash);
  onHash();
  document.documentElement.setAttribute("data-ready", "1");
})();
`;

/** The whole page for the log read from `logName` (shown in its title). */
export function renderPage(log: JitLog, logName: string): string {
  const traces = new Map(log.traces.map((t) => [t.id, t]));
  const anchors = new Map<TraceOp, string>();
  for (const [guard, holder] of log.guardHolders) {
    const op = traces.get(holder)!.groups.flatMap((g) => g.ops).find((o) => o.guard === guard)!;
    anchors.set(op, guardId(guard));
  }
  const labelHolders = new Map<string, JitTrace>();
  for (const trace of log.traces) {
    for (const op of trace.groups.flatMap((g) => g.ops)) {
      if (op.name !== "label" || op.descr === null || labelHolders.has(op.descr)) continue;
      labelHolders.set(op.descr, trace);
      anchors.set(op, labelId(op.descr));
    }
  }
  const context: Context = { traces, anchors, labelHolders, bridges: new Map(log.traces.filter((t) => t.kind === "bridge").map((t) => [t.number, t])) };
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>rts jitview: ${escapeHtml(logName)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n`);
  parts.push(`<h1>JIT log <code>${escapeHtml(logName)}</code></h1>\n`);
  parts.push(`<p class="meta">Sections: ${log.sectionNames.map((n) => `<code>${escapeHtml(n)}</code>`).join(", ")}. ${escapeHtml(orderNote(log))}</p>\n`);
  parts.push(traceList(log));
  if (log.unmatchedCounts.length > 0) parts.push(unmatchedCounts(log.unmatchedCounts));
  parts.push(`<h2>Traces</h2>\n<p><button id="open-all" type="button">open all</button><button id="close-all" type="button">close all</button></p>\n<div id="traces">\n`);
  for (const trace of log.traces) parts.push(traceView(trace, context));
  parts.push(`</div>\n`);
  if (log.aborts.length > 0) parts.push(abortsView(log.aborts));
  if (log.summary !== null) parts.push(summaryView(log));
  parts.push(`<script>${SCRIPT}</script>\n</body>\n</html>\n`);
  return parts.join("");
}

interface Context {
  traces: Map<string, JitTrace>;
  /** The operations that are link targets: a guard's first appearance (in log order), a label's. */
  anchors: Map<TraceOp, string>;
  /** Label descriptor -> the trace holding it. */
  labelHolders: Map<string, JitTrace>;
  /** Guard number -> the bridge out of it. */
  bridges: Map<number, JitTrace>;
}

function orderNote(log: JitLog): string {
  if (log.traces.length === 0) return "No loop or bridge was logged (jit-log-opt).";
  if (log.hasCounts) return "Traces are listed hottest first (jit-backend-counts).";
  return "No jit-backend-counts: loops are listed by number, then bridges in the order they were made.";
}

function traceTitle(trace: JitTrace): string {
  return trace.kind === "loop" ? `Loop ${trace.number}` : `Bridge out of guard 0x${trace.number.toString(16)}`;
}

/** The list of traces; the count and machine-code columns only when the log has them. */
function traceList(log: JitLog): string {
  if (log.traces.length === 0) return "";
  const withCode = log.traces.some((t) => t.machineCode !== null || t.notCompiled !== null);
  const rows = log.traces.map((trace) => {
    const cells = [`<td><a href="#${trace.id}">${escapeHtml(traceTitle(trace))}</a></td>`, `<td>${escapeHtml(trace.location)}</td>`];
    if (log.hasCounts) cells.push(`<td class="number">${trace.hotness ?? ""}</td>`);
    cells.push(`<td class="number">${trace.opCount}</td>`);
    if (withCode) cells.push(`<td>${trace.machineCode !== null ? "yes" : trace.notCompiled !== null ? `<span title="${escapeHtml(trace.notCompiled)}">no</span>` : ""}</td>`);
    return `<tr data-trace="${trace.id}">${cells.join("")}</tr>`;
  });
  const head = ["<th>trace</th>", "<th>location</th>"];
  if (log.hasCounts) head.push(`<th class="number">count</th>`);
  head.push(`<th class="number">ops</th>`);
  if (withCode) head.push("<th>machine code</th>");
  return `<h2>Loops and bridges</h2>\n<table id="trace-list">\n<tr>${head.join("")}</tr>\n${rows.join("\n")}\n</table>\n`;
}

function unmatchedCounts(counts: TraceCount[]): string {
  const rows = counts.map((c) => `<tr><td><code>${escapeHtml(c.name)}</code></td><td class="number">${c.count}</td></tr>`);
  return `<h2>Counts of traces not in the log</h2>\n<table id="unmatched-counts">\n${rows.join("\n")}\n</table>\n`;
}

function traceView(trace: JitTrace, context: Context): string {
  const parts: string[] = [];
  const count = trace.hotness === null ? "" : ` <span class="count">count ${trace.hotness}</span>`;
  parts.push(`<details class="trace" id="${trace.id}" data-kind="${trace.kind}"><summary>${escapeHtml(traceTitle(trace))} <span class="loc">${escapeHtml(trace.location)}</span>${count}</summary>\n`);
  parts.push(`<div class="meta">${escapeHtml(trace.header)}</div>\n`);
  if (trace.counts.length > 0) {
    parts.push(`<div class="meta">Counts: ${trace.counts.map((c) => `<code>${escapeHtml(c.name)}</code> ${c.count}`).join(", ")}</div>\n`);
  }
  if (trace.kind === "bridge") {
    const guard = `guard 0x${trace.number.toString(16)}`;
    parts.push(
      trace.parent === null
        ? `<div class="meta">Out of ${escapeHtml(guard)}, which no trace of this log shows.</div>\n`
        : `<div class="meta">Out of <a class="parent" href="#${guardId(trace.number)}">${escapeHtml(guard)}</a> in <a href="#${trace.parent}">${escapeHtml(context.traces.get(trace.parent)!.header)}</a></div>\n`,
    );
  }
  if (trace.noopt !== null) {
    parts.push(`<details class="noopt"><summary>As recorded, before the optimizer (${trace.noopt.length - 1} ops)</summary><pre>${escapeHtml(trace.noopt.join("\n"))}</pre></details>\n`);
  }
  if (trace.notCompiled !== null) parts.push(`<div class="meta not-compiled">Not compiled (the interpreter's own code runs there): ${escapeHtml(trace.notCompiled)}</div>\n`);
  if (trace.machineCode !== null) {
    const code = trace.machineCode;
    parts.push(`<details class="asm" id="asm-${trace.id}"><summary>Machine code, ${escapeHtml(code.start)} to ${escapeHtml(code.stop)}</summary><pre>${escapeHtml(code.lines.join("\n"))}</pre></details>\n`);
  }
  parts.push(`<div class="inputs">${withValues(trace.inputArgs)}</div>\n`);
  for (const group of trace.groups) parts.push(groupView(group, context));
  parts.push(`</details>\n`);
  return parts.join("");
}

function groupView(group: OpGroup, context: Context): string {
  const title = group.location === null ? "(before the first position)" : group.location;
  if (group.ops.length === 0) return `<div class="group empty">${escapeHtml(title)}</div>\n`;
  const ops = group.ops.map((op) => opView(op, context)).join("");
  return `<details class="group"><summary>${escapeHtml(title)} <span class="count">(${group.ops.length} ops)</span></summary>\n<div class="ops">\n${ops}</div></details>\n`;
}

function opView(op: TraceOp, context: Context): string {
  const offset = op.offset === null ? "" : `<span class="offset">+${op.offset}: </span>`;
  const classes = ["op"];
  const anchor = context.anchors.get(op);
  const id = anchor === undefined ? "" : ` id="${anchor}"`;
  let link = "";
  if (op.guard !== null) {
    classes.push("guard");
    const bridge = context.bridges.get(op.guard);
    if (bridge !== undefined) link = ` <a class="bridge" href="#${bridgeId(op.guard)}">bridge (${bridge.opCount} ops${bridge.hotness === null ? "" : `, count ${bridge.hotness}`})</a>`;
  } else if (op.name === "jump" && op.descr !== null) {
    const target = context.labelHolders.get(op.descr);
    if (target !== undefined) link = ` <a class="jump" href="#${labelId(op.descr)}">to ${escapeHtml(traceTitle(target))}</a>`;
  } else if (op.name === END_OF_LOOP) {
    classes.push("end");
  }
  const text = op.name === "debug_merge_point" ? escapeHtml(op.text) : withValues(op.text);
  return `<div class="${classes.join(" ")}"${id}>${offset}${text}${link}</div>\n`;
}

function abortsView(aborts: Abort[]): string {
  const byReason = new Map<string, Abort[]>();
  for (const abort of aborts) byReason.set(abort.reason, [...(byReason.get(abort.reason) ?? []), abort]);
  const rows = [...byReason].map(([reason, list]) => {
    const locations = [...new Set(list.map((a) => a.location).filter((l) => l !== ""))];
    return `<tr><td>${escapeHtml(reason)}</td><td class="number">${list.length}</td><td>${locations.map((l) => `<code>${escapeHtml(l)}</code>`).join(", ")}</td></tr>`;
  });
  return `<h2>Aborted traces</h2>\n<table id="aborts">\n<tr><th>reason</th><th class="number">times</th><th>where tracing started</th></tr>\n${rows.join("\n")}\n</table>\n`;
}

function summaryView(log: JitLog): string {
  const rows = log.summary!.map((line) => `<tr><td>${escapeHtml(line.name)}</td>${line.values.map((v) => `<td class="number">${escapeHtml(v)}</td>`).join("")}</tr>`);
  return `<h2>Summary (jit-summary)</h2>\n<table id="summary">\n${rows.join("\n")}\n</table>\n`;
}
