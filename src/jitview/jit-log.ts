/**
 * What a JIT log says, read from its sections (src/runtime/jit/jitlog.ts writes them, PyPy's
 * names and lines): the model rts jitview's page is made from.
 *
 *   jit-log-opt-loop     `# Loop N (location) : loop with M ops`, then the trace: a loop
 *   jit-log-opt-bridge   `# bridge out of Guard 0x2a with M ops`, then the trace: a bridge, out of
 *                        the guard whose descriptor is `<Guard0x2a>` in another trace
 *   jit-log-noopt        `# Traced loop or bridge with M ops`: the trace as recorded, before the
 *                        optimizer; it belongs to the jit-log-opt-* section that follows it
 *   jit-backend-counts   PyPy's counts at exit (rpython/jit/backend/x86/assembler.py,
 *                        finish_once), one `NAME:COUNT` a line: `entry N` (times loop N was
 *                        entered), `bridge N` (times the bridge out of guard N, in decimal, was
 *                        entered), or a label's descriptor as the trace text shows it (PyPy:
 *                        `TargetToken(140234)`; rts: `loop0-peeled`): times the label was
 *                        passed, that is iterations of the loop body after it
 *   jit-backend          machine code, per trace: a header line as PyPy's jit-backend-addr
 *                        writes it, `Loop N (location) has address 0x.. to 0x..` (PyPy adds
 *                        ` (bootstrap 0x..)`) or `bridge out of Guard 0x2a has address 0x.. to
 *                        0x..`, then the disassembly, shown as written, up to the next header.
 *   jit-backend-dump     PyPy's dumps of machine code: `CODE_DUMP @ADDRESS +OFFSET  HEXBYTES`
 *                        lines (BACKEND and SYS_EXECUTABLE lines are skipped), in the order
 *                        written: a trace's code, then the patches of its jumps. The bytes are
 *                        kept (JitLog.codeDumps, machineCodeBytes); the viewer's command
 *                        disassembles them (this folder reads text only).
 *   jit-summary          jitprof.ts's counters, `name: values` a line
 *   jit-abort            `~~~ ABORTING TRACING reason at location`; when the log has no jit-abort
 *                        section, the same lines of jit-tracing are read instead
 *
 * Each operation of a trace is grouped under the debug_merge_point before it: the location text
 * of the interpreter's getPrintableLocation, the user-level position the operations come from.
 * The traces are listed hottest first when the log has counts (a trace's count is the largest
 * of its entry's and labels': how often its hottest point ran), else loops by number and then
 * bridges in the order they were made.
 */

import { type LogSection, sectionsInOrder } from "./pypylog.js";
import { parseTraceLine, type TraceOp } from "./trace-text.js";

/** A log the viewer cannot read (a section that is not what its name says): where and why. */
export class JitLogError extends Error {
  readonly line: number | undefined;
  readonly reason: string;

  constructor(line: number | undefined, reason: string) {
    super(line === undefined ? reason : `line ${line}: ${reason}`);
    this.name = "JitLogError";
    this.line = line;
    this.reason = reason;
  }
}

/** The operations after one debug_merge_point (location null: those before the first). */
export interface OpGroup {
  location: string | null;
  ops: TraceOp[];
}

/** One count of jit-backend-counts, as named there. */
export interface TraceCount {
  name: string;
  count: number;
}

export interface MachineCode {
  /** The header line (`Loop 0 (...) has address 0x.. to 0x..`). */
  header: string;
  start: string;
  stop: string;
  /** The disassembly, as logged. */
  lines: string[];
}

export interface JitTrace {
  /** The page's anchor: `loop-0`, `bridge-2a` (the guard's number in hexadecimal). */
  id: string;
  kind: "loop" | "bridge";
  /** The loop's number, or the guard's the bridge leaves from. */
  number: number;
  /** The header line, without `# `. */
  header: string;
  /** A loop's location (from its header); a bridge's first debug_merge_point's, or "". */
  location: string;
  /** The first line of the trace: its input arguments (`[i0, p1]`). */
  inputArgs: string;
  groups: OpGroup[];
  /** Operations, debug_merge_points included (as the header counts them). */
  opCount: number;
  /** The descriptors of its labels, in order. */
  labels: string[];
  /** Its counts from jit-backend-counts (entry or bridge first, then its labels'). */
  counts: TraceCount[];
  /** The largest of counts, or null without any. */
  hotness: number | null;
  /** The trace as recorded (jit-log-noopt's lines after its header), or null. */
  noopt: string[] | null;
  machineCode: MachineCode | null;
  /** Why the backend did not compile it (jit-backend's `... not compiled: REASON`: the interpreter's own code runs there), or null. */
  notCompiled: string | null;
  /** For a bridge: the id of the trace holding its guard, or null when no trace of the log has it. */
  parent: string | null;
}

export interface SummaryLine {
  name: string;
  values: string[];
}

export interface Abort {
  reason: string;
  /** Where tracing started, or "" (a bridge's trace, or PyPy's lines, which name none). */
  location: string;
}

export interface JitLog {
  /** Hottest first with counts, else loops by number then bridges in log order. */
  traces: JitTrace[];
  /** Whether the log has a jit-backend-counts section. */
  hasCounts: boolean;
  /** Counts naming no trace of the log (a freed loop's, or a label it does not show). */
  unmatchedCounts: TraceCount[];
  /** jit-summary's lines (the last section's), or null without one. */
  summary: SummaryLine[] | null;
  aborts: Abort[];
  /** Guard number -> the id of the first trace (in log order) whose operations hold it. */
  guardHolders: Map<number, string>;
  /** The log's sections read (their names, each once, in the order first met). */
  sectionNames: string[];
  /** jit-backend-dump's bytes, in the order written. */
  codeDumps: CodeDump[];
}

/** Bytes of machine code as jit-backend-dump wrote them, at an address. */
export interface CodeDump {
  address: number;
  bytes: Uint8Array;
}

/** Section names the viewer reads; a log with none of them is not a JIT log (jit-tracing: its abort lines). */
export const JIT_SECTIONS: readonly string[] = [
  "jit-log-opt-loop",
  "jit-log-opt-bridge",
  "jit-log-noopt",
  "jit-backend-counts",
  "jit-backend",
  "jit-backend-dump",
  "jit-summary",
  "jit-abort",
  "jit-tracing",
];

const LOOP_HEADER = /^# Loop (\d+) \((.*)\) : .* with (\d+) ops$/;
const BRIDGE_HEADER = /^# bridge out of Guard 0x(-?[0-9a-f]+) with (\d+) ops$/;
const NOOPT_HEADER = /^# Traced loop or bridge with (\d+) ops$/;
const COUNT_LINE = /^(.+):(\d+)$/;
const LOOP_ADDRESS = /^Loop (\d+) \(.*\) has address (0x[0-9a-f]+) to (0x[0-9a-f]+)/;
const BRIDGE_ADDRESS = /^bridge out of Guard 0x(-?[0-9a-f]+) has address (0x[0-9a-f]+) to (0x[0-9a-f]+)/;
/** rts's line for a trace its backend did not compile (src/runtime/jit/jitlog.ts logBackendLoop). */
const LOOP_NOT_COMPILED = /^Loop (\d+) \(.*\) not compiled: (.*)$/;
const BRIDGE_NOT_COMPILED = /^bridge out of Guard 0x(-?[0-9a-f]+) not compiled: (.*)$/;
const ABORT_LINE = /^~~~ ABORTING TRACING (.*)$/;
/** `name:<padding>\tvalue\tvalue`; a name may hold ": " itself (abort: trace too long), values hold none. */
const SUMMARY_LINE = /^(.*):([^:]*)$/;

/** A guard's or bridge's number as the page's anchors write it. */
export function hexNumber(n: number): string {
  return n < 0 ? `-${(-n).toString(16)}` : n.toString(16);
}

export function loopId(number: number): string {
  return `loop-${number}`;
}

export function bridgeId(guard: number): string {
  return `bridge-${hexNumber(guard)}`;
}

export function guardId(guard: number): string {
  return `guard-${hexNumber(guard)}`;
}

/** The JIT's view of a parsed log; JitLogError when one of its sections is not what its name says. */
export function readJitLog(sections: LogSection[]): JitLog {
  const ordered = sectionsInOrder(sections);
  const sectionNames: string[] = [];
  for (const section of ordered) if (JIT_SECTIONS.includes(section.name) && !sectionNames.includes(section.name)) sectionNames.push(section.name);
  const traces: JitTrace[] = [];
  let noopt: string[] | null = null;
  for (const section of ordered) {
    if (section.name === "jit-log-noopt") {
      if (section.lines.length === 0) continue; // profiling mode: stamps only
      if (!NOOPT_HEADER.test(section.lines[0]!)) throw headerError(section, "# Traced loop or bridge with N ops");
      noopt = section.lines.slice(1);
    } else if (section.name === "jit-log-opt-loop" || section.name === "jit-log-opt-bridge") {
      if (section.lines.length === 0) continue;
      traces.push(readTrace(section, noopt));
      noopt = null;
    }
  }
  const guardHolders = linkBridges(traces);
  readMachineCode(ordered, traces);
  const countSections = ordered.filter((s) => s.name === "jit-backend-counts");
  const unmatchedCounts = countSections.length === 0 ? [] : attachCounts(countSections, traces);
  return {
    traces: listOrder(traces),
    hasCounts: countSections.length > 0,
    unmatchedCounts,
    summary: readSummary(ordered),
    aborts: readAborts(ordered),
    guardHolders,
    sectionNames,
    codeDumps: readCodeDumps(ordered),
  };
}

const CODE_DUMP = /^CODE_DUMP @([0-9a-fA-F]+) \+(\d+) +([0-9a-fA-F]*)$/;

function readCodeDumps(ordered: LogSection[]): CodeDump[] {
  const dumps: CodeDump[] = [];
  for (const section of ordered) {
    if (section.name !== "jit-backend-dump") continue;
    section.lines.forEach((line, index) => {
      if (line.startsWith("BACKEND ") || line.startsWith("SYS_EXECUTABLE ") || line === "") return;
      const m = CODE_DUMP.exec(line);
      if (m === null || m[3]!.length % 2 !== 0) throw new JitLogError(section.line + 1 + index, `jit-backend-dump: ${JSON.stringify(line.slice(0, 60))} is not CODE_DUMP @ADDRESS +OFFSET  HEXBYTES`);
      dumps.push({ address: parseInt(m[1]!, 16) + Number(m[2]!), bytes: new Uint8Array(Buffer.from(m[3]!, "hex")) });
    });
  }
  return dumps;
}

/**
 * The bytes of the machine code at [start, stop) as the dumps leave them (later ones over earlier
 * ones: patched jumps), or null when they do not cover all of it.
 */
export function machineCodeBytes(dumps: readonly CodeDump[], start: number, stop: number): Uint8Array | null {
  if (!(stop > start)) return null;
  const bytes = new Uint8Array(stop - start);
  const covered = new Uint8Array(stop - start);
  for (const dump of dumps) {
    const from = Math.max(start, dump.address);
    const to = Math.min(stop, dump.address + dump.bytes.length);
    for (let a = from; a < to; a++) {
      bytes[a - start] = dump.bytes[a - dump.address]!;
      covered[a - start] = 1;
    }
  }
  return covered.every((c) => c === 1) ? bytes : null;
}

function headerError(section: LogSection, expected: string): JitLogError {
  return new JitLogError(section.line + 1, `${section.name} starts with ${JSON.stringify(section.lines[0])}, not ${JSON.stringify(expected)}`);
}

function readTrace(section: LogSection, noopt: string[] | null): JitTrace {
  const header = section.lines[0]!;
  let kind: "loop" | "bridge";
  let number: number;
  let location = "";
  let opCount: number;
  if (section.name === "jit-log-opt-loop") {
    const loop = LOOP_HEADER.exec(header);
    if (loop === null) throw headerError(section, "# Loop N (location) : loop with N ops");
    kind = "loop";
    number = Number(loop[1]);
    location = loop[2]!;
    opCount = Number(loop[3]);
  } else {
    const bridge = BRIDGE_HEADER.exec(header);
    if (bridge === null) throw headerError(section, "# bridge out of Guard 0x.. with N ops");
    kind = "bridge";
    number = parseInt(bridge[1]!, 16);
    opCount = Number(bridge[2]);
  }
  const inputArgs = section.lines[1] ?? "[]";
  const groups: OpGroup[] = [{ location: null, ops: [] }];
  const labels: string[] = [];
  for (const line of section.lines.slice(2)) {
    const op = parseTraceLine(line);
    if (op.location !== null) groups.push({ location: op.location, ops: [] });
    else groups[groups.length - 1]!.ops.push(op);
    if (op.name === "label" && op.descr !== null) labels.push(op.descr);
  }
  if (groups[0]!.ops.length === 0) groups.shift();
  if (kind === "bridge") location = groups.find((g) => g.location !== null)?.location ?? "";
  return {
    id: kind === "loop" ? loopId(number) : bridgeId(number),
    kind,
    number,
    header: header.slice(2),
    location,
    inputArgs,
    groups,
    opCount,
    labels,
    counts: [],
    hotness: null,
    noopt,
    machineCode: null,
    notCompiled: null,
    parent: null,
  };
}

/** Gives each bridge its parent, the first trace where its guard's descriptor appears; returns where each guard first appears. */
function linkBridges(traces: JitTrace[]): Map<number, string> {
  const guardHolder = new Map<number, string>();
  for (const trace of traces) {
    for (const group of trace.groups) {
      for (const op of group.ops) if (op.guard !== null && !guardHolder.has(op.guard)) guardHolder.set(op.guard, trace.id);
    }
  }
  for (const trace of traces) if (trace.kind === "bridge") trace.parent = guardHolder.get(trace.number) ?? null;
  return guardHolder;
}

function readMachineCode(ordered: LogSection[], traces: JitTrace[]): void {
  const byId = new Map(traces.map((t) => [t.id, t]));
  for (const section of ordered) {
    if (section.name !== "jit-backend") continue;
    let current: MachineCode | null = null;
    section.lines.forEach((line, index) => {
      const notCompiledLoop = LOOP_NOT_COMPILED.exec(line);
      const notCompiledBridge = notCompiledLoop === null ? BRIDGE_NOT_COMPILED.exec(line) : null;
      if (notCompiledLoop !== null || notCompiledBridge !== null) {
        const id = notCompiledLoop !== null ? loopId(Number(notCompiledLoop[1])) : bridgeId(parseInt(notCompiledBridge![1]!, 16));
        const trace = byId.get(id);
        if (trace !== undefined) trace.notCompiled = (notCompiledLoop ?? notCompiledBridge)![2]!;
        current = null;
        return;
      }
      const loop = LOOP_ADDRESS.exec(line);
      const bridge = loop === null ? BRIDGE_ADDRESS.exec(line) : null;
      if (loop !== null || bridge !== null) {
        const match = (loop ?? bridge)!;
        current = { header: line, start: match[2]!, stop: match[3]!, lines: [] };
        const id = loop !== null ? loopId(Number(loop[1])) : bridgeId(parseInt(bridge![1]!, 16));
        const trace = byId.get(id);
        // machine code of a trace the log does not show (its jit-log-opt was not asked for) is dropped
        if (trace !== undefined) trace.machineCode = current;
        return;
      }
      if (current === null) {
        throw new JitLogError(section.line + 1 + index, `jit-backend: a line before the first "Loop N (...) has address 0x.. to 0x.." or "bridge out of Guard 0x.. has address 0x.. to 0x.." header`);
      }
      (current as MachineCode).lines.push(line);
    });
  }
}

/** Gives each trace its counts; returns those naming no trace. */
function attachCounts(countSections: LogSection[], traces: JitTrace[]): TraceCount[] {
  const owner = new Map<string, JitTrace>();
  for (const trace of traces) {
    owner.set(trace.kind === "loop" ? `entry ${trace.number}` : `bridge ${trace.number}`, trace);
    for (const label of trace.labels) if (!owner.has(label)) owner.set(label, trace);
  }
  const unmatched: TraceCount[] = [];
  // PyPy writes the section once at exit; a log holding several (runs appended) adds them up
  const totals = new Map<string, number>();
  for (const section of countSections) {
    section.lines.forEach((line, index) => {
      const count = COUNT_LINE.exec(line);
      if (count === null) throw new JitLogError(section.line + 1 + index, `jit-backend-counts: ${JSON.stringify(line)} is not NAME:COUNT (entry N:COUNT, bridge N:COUNT, TargetToken(N):COUNT)`);
      totals.set(count[1]!, (totals.get(count[1]!) ?? 0) + Number(count[2]));
    });
  }
  for (const [name, count] of totals) {
    const trace = owner.get(name);
    if (trace === undefined) unmatched.push({ name, count });
    else trace.counts.push({ name, count });
  }
  for (const trace of traces) {
    const own = trace.kind === "loop" ? `entry ${trace.number}` : `bridge ${trace.number}`;
    trace.counts.sort((a, b) => (a.name === own ? -1 : b.name === own ? 1 : trace.labels.indexOf(a.name) - trace.labels.indexOf(b.name)));
    if (trace.counts.length > 0) trace.hotness = Math.max(...trace.counts.map((c) => c.count));
  }
  return unmatched;
}

/** Hottest first (traces without a count last); ties, and logs without counts, as loops by number then bridges in log order. */
function listOrder(traces: JitTrace[]): JitTrace[] {
  const loops = traces.filter((t) => t.kind === "loop").sort((a, b) => a.number - b.number);
  const bridges = traces.filter((t) => t.kind === "bridge");
  return [...loops, ...bridges].sort((a, b) => (b.hotness ?? -1) - (a.hotness ?? -1));
}

function readSummary(ordered: LogSection[]): SummaryLine[] | null {
  const summaries = ordered.filter((s) => s.name === "jit-summary" && s.lines.length > 0);
  const last = summaries[summaries.length - 1];
  if (last === undefined) return null;
  return last.lines.map((line) => {
    const parts = SUMMARY_LINE.exec(line);
    if (parts === null) return { name: line.trim(), values: [] };
    // PyPy's columns are tab-separated after padding: TOTAL's empty count column stays empty
    const rest = parts[2]!;
    const values = rest.includes("\t") ? rest.split("\t").slice(1) : rest.split(/\s+/).filter((v) => v !== "");
    return { name: parts[1]!.trim(), values: values.map((v) => v.trim()) };
  });
}

function readAborts(ordered: LogSection[]): Abort[] {
  const hasAbortSections = ordered.some((s) => s.name === "jit-abort");
  const from = ordered.filter((s) => s.name === (hasAbortSections ? "jit-abort" : "jit-tracing"));
  const aborts: Abort[] = [];
  for (const section of from) {
    for (const line of section.lines) {
      const abort = ABORT_LINE.exec(line);
      if (abort === null) continue;
      const text = abort[1]!;
      const at = text.indexOf(" at ");
      aborts.push(at < 0 ? { reason: text, location: "" } : { reason: text.slice(0, at), location: text.slice(at + 4) });
    }
  }
  return aborts;
}
