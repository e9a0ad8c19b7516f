/**
 * rts/testing: running a function of an RTS interpreter under the JIT, untranslated, and checking
 * what the JIT made of it (RPython's metainterp/test/support.py: `self.meta_interp(f, args)`, then
 * `self.check_trace_count(n)`, `self.check_resops(...)`, ...).
 *
 *     const { run } = await loadInterpreter<typeof import("./vm.ts")>(new URL("./vm.ts", import.meta.url));
 *     const jitted = metaInterp(run, [10]);            // threshold=3, trace_eagerness=2 by default
 *     expect(jitted.result).toBe(run(10));             // the same function, on Node
 *     jitted.checkTraceCount(1);
 *     jitted.checkSimpleLoop({ int_add: 1, int_lt: 1, guard_true: 1, jump: 1 });
 *
 * The function is annotated from the types of the arguments (an integral number is an int, any
 * other a float, booleans and strings as themselves), lowered as `rts run --llinterp --jit` lowers
 * a program (src/translator/jit-llinterp.ts), and called in the LL interpreter with the JIT hooked
 * on its portals (the functions with a jitMergePoint it reaches). The lowering is made once per
 * function and kinds of arguments (kept with the function); each call runs in a fresh LL
 * interpreter (JitLLInterpreter.fresh: a new heap, so the program's prebuilt objects start as
 * they were, no warm state, no compiled loops), as a new process would. So every run starts from
 * the module-level state as it was when the function was first lowered: unlike calls on Node, a
 * run does not see what earlier runs or calls changed in module-level objects (compare results
 * with Node only for functions whose result does not depend on earlier calls).
 *
 * What is counted is RPython's: the operations of the optimized traces (the loops and bridges as
 * they run, the peeled preamble included), leaving out `label` and `debug_merge_point`;
 * checkResops skips the traces that end in a `finish` (leaving the loop for good), as RPython's
 * omit_finish does. A check that fails throws a JitCheckError whose message shows what was found
 * and the traces.
 */

import type { Some } from "../annotator/bookkeeper.js";
import { someBool, someFloat, someInteger, someString } from "../annotator/model.js";
import { loadProgram, type LoadedProgram } from "../frontend/modules.js";
import { JitParams, JIT_PARAMETERS, parseJitParams, StringParamText } from "../lib/jit-params.js";
import { LLException, LLFatalError, type LLInterpreter, type LLRuntimeValue } from "../llir/llinterp.js";
import { LLExit } from "../llir/llinterp-system.js";
import { Bool, Float, PtrType, STR, type LLType } from "../llir/lltype.js";
import { callWithExceptions } from "../rtyper/exceptions.js";
import { describeLLException, formatFatal, newString, readString } from "../rtyper/run-llinterp.js";
import type { Trace } from "../runtime/jit/history.js";
import type { CompiledBridge, CompiledLoop } from "../runtime/jit/metainterp/loops.js";
import { traceText } from "../runtime/jit/print-trace.js";
import { RESOPS, type ResOpName } from "../runtime/jit/resoperation.js";
import { lowerEntryForJit, type JitLLInterpreter, type JitLoweredProgram } from "../translator/jit-llinterp.js";

/** The loaded program a function of loadInterpreter's result belongs to (a property of the function itself, not a table). */
const PROGRAM = Symbol("rts/testing program");

/** The lowerings of a function made so far, by the kinds of its arguments (a property of the function). */
const LOWERED = Symbol("rts/testing lowered");

type WithProgram = Function & { [PROGRAM]?: LoadedProgram; [LOWERED]?: Map<string, JitLoweredProgram> };

/**
 * Loads an interpreter's module as `rts run` loads a target (no `main` needed) and gives its
 * exports: the functions are the live ones, callable on Node, and metaInterp knows their program.
 */
export async function loadInterpreter<T = Record<string, unknown>>(file: string | URL): Promise<T> {
  const path = file instanceof URL ? file.pathname : file.startsWith("file:") ? new URL(file).pathname : file;
  const program = await loadProgram(path, false, true);
  const exports: Record<string, unknown> = {};
  for (const name of program.entry.exportedNames()) {
    const lookup = program.entry.exported(name);
    if (!lookup.found) continue;
    const value = lookup.value;
    if (typeof value === "function" && !Object.prototype.hasOwnProperty.call(value, PROGRAM)) {
      Object.defineProperty(value, PROGRAM, { value: program, enumerable: false });
    }
    exports[name] = value;
  }
  return exports as T;
}

/** The JIT parameters of a run: RPython's names (`{ threshold: 3, trace_limit: 100 }`) or RTS_JIT's text. */
export type MetaInterpParams = string | Partial<Record<(typeof JIT_PARAMETERS)[number]["name"], number | string>>;

/** The parameters metaInterp starts from, as RPython's meta_interp for tests: a loop is traced on its third iteration. */
export const TEST_PARAMS = "threshold=3,function_threshold=4,trace_eagerness=2";

/** An argument of the function: what the annotator sees it as. */
type Argument = number | boolean | string;

/** A check of what the JIT did that does not hold. */
export class JitCheckError extends Error {
  override name = "JitCheckError";
}

/** Operations no count includes (RPython's _check_insns pops the same). */
const NOT_COUNTED: ReadonlySet<string> = new Set(["label", "debug_merge_point"]);

/** One run of a function under the JIT: its result or error, its output, and what the JIT compiled. */
export class MetaInterpRun {
  /** What the function returned (a number, a boolean, a string; a pointer as its address), or undefined when it raised, stopped or returned nothing. */
  readonly result: unknown;
  /** `Name: message` and frames when an exception left the function; the fatal error's text when a check stopped it; undefined otherwise. */
  readonly error: string | undefined;
  /** The status of process.exit, when the function called it. */
  readonly exitStatus: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** The loops and bridges the JIT compiled, in the order they were made (every portal's). */
  readonly loops: readonly CompiledLoop[];
  readonly bridges: readonly CompiledBridge[];
  /** Traces aborted (trace_limit, or another reason), and the reasons. */
  readonly aborts: number;
  readonly abortReasons: readonly string[];
  /** Times compiled code was entered, guards failed, bridges ran; guard failures resumed in the blackhole interpreter and the jitcode instructions it ran. */
  readonly loopRuns: number;
  readonly guardFailures: number;
  readonly bridgeRuns: number;
  readonly blackholeResumes: number;
  readonly blackholeSteps: number;
  /** Aborted traces whose iteration the blackhole interpreter finished (to the portal's next merge point), and the instructions it ran for them. */
  readonly abortBlackholes: number;
  readonly abortBlackholeSteps: number;
  /** The interpreter it ran in (its portals, runners, profiler). */
  readonly interp: JitLLInterpreter;

  constructor(interp: JitLLInterpreter, outcome: Outcome) {
    this.interp = interp;
    this.result = outcome.result;
    this.error = outcome.error;
    this.exitStatus = outcome.exitStatus;
    this.stdout = outcome.stdout;
    this.stderr = outcome.stderr;
    const loops: CompiledLoop[] = [];
    const bridges: CompiledBridge[] = [];
    const reasons: string[] = [];
    let aborts = 0;
    let loopRuns = 0;
    let guardFailures = 0;
    let bridgeRuns = 0;
    let blackholeResumes = 0;
    let blackholeSteps = 0;
    let abortBlackholes = 0;
    let abortBlackholeSteps = 0;
    for (const portal of interp.portals.values()) {
      const runner = portal.runner;
      runner.compilePending();
      loops.push(...runner.mi.registry.loops);
      bridges.push(...runner.mi.registry.bridges);
      reasons.push(...runner.abortReasons);
      aborts += runner.aborts;
      loopRuns += runner.loopRuns;
      guardFailures += runner.guardFailures;
      bridgeRuns += runner.bridgeRuns;
      blackholeResumes += runner.blackholeResumes;
      blackholeSteps += runner.blackholeSteps;
      abortBlackholes += runner.abortBlackholes;
      abortBlackholeSteps += runner.abortBlackholeSteps;
    }
    this.loops = loops;
    this.bridges = bridges;
    this.aborts = aborts;
    this.abortReasons = reasons;
    this.loopRuns = loopRuns;
    this.guardFailures = guardFailures;
    this.bridgeRuns = bridgeRuns;
    this.blackholeResumes = blackholeResumes;
    this.blackholeSteps = blackholeSteps;
    this.abortBlackholes = abortBlackholes;
    this.abortBlackholeSteps = abortBlackholeSteps;
  }

  /** The optimized traces (what runs): loops then bridges. */
  get traces(): Trace[] {
    return [...this.loops.map((l) => l.optimized!), ...this.bridges.map((b) => b.optimized!)];
  }

  /** The optimized traces as text, loops then bridges, each headed by what it is. */
  tracesText(): string {
    const loops = this.loops.map((l) => `# loop ${l.index}\n${traceText(l.optimized!)}`);
    const bridges = this.bridges.map((b) => `# bridge ${b.index} (from guard ${b.guard.index})\n${traceText(b.optimized!)}`);
    return [...loops, ...bridges].join("\n");
  }

  /** Loops and bridges compiled, together (RPython's check_trace_count). */
  checkTraceCount(expected: number): void {
    const found = this.loops.length + this.bridges.length;
    if (found !== expected) this.fail(`expected ${expected} traces (loops and bridges), found ${found} (${this.loops.length} loops, ${this.bridges.length} bridges)`);
  }

  /** Loops compiled (a bridge is not one). */
  checkLoopCount(expected: number): void {
    if (this.loops.length !== expected) this.fail(`expected ${expected} loops, found ${this.loops.length}`);
  }

  checkBridgeCount(expected: number): void {
    if (this.bridges.length !== expected) this.fail(`expected ${expected} bridges, found ${this.bridges.length}`);
  }

  /** Traces aborted (RPython's check_aborted_count). */
  checkAbortedCount(expected: number): void {
    if (this.aborts !== expected) this.fail(`expected ${expected} aborted traces, found ${this.aborts}${this.abortReasons.length > 0 ? ` (${this.abortReasons.join("; ")})` : ""}`);
  }

  /**
   * The operations of every loop and bridge, except those ending in `finish` (RPython's
   * check_resops): `exact` (the default) compares the whole count, so an operation not named
   * must not occur; with `{ exact: false }` only the named operations are checked.
   */
  checkResops(expected: Partial<Record<ResOpName, number>>, options: { exact?: boolean } = {}): void {
    const traces = this.traces.filter((t) => !endsInFinish(t));
    this.checkCounts(countOps(traces, 0), expected, options.exact ?? true, "in the loops and bridges");
  }

  /**
   * The operations of the one loop, from the label its final jump goes to (the peeled loop
   * after unrolling) to the jump, bridges left out (RPython's check_simple_loop); with `loop`,
   * of that loop (its index in `loops`) among several.
   */
  checkSimpleLoop(expected: Partial<Record<ResOpName, number>>, options: { exact?: boolean; loop?: number } = {}): void {
    if (options.loop === undefined && this.loops.length !== 1) this.fail(`checkSimpleLoop: expected one loop, found ${this.loops.length}`);
    if (options.loop !== undefined && this.loops[options.loop] === undefined) this.fail(`checkSimpleLoop: no loop ${options.loop}, found ${this.loops.length}`);
    const trace = this.loops[options.loop ?? 0]!.optimized!;
    const ops = trace.operations;
    const last = ops[ops.length - 1];
    if (last === undefined || RESOPS[last.opnum]!.name !== "jump") this.fail("checkSimpleLoop: the loop does not end with a jump");
    let start = -1;
    for (let i = 0; i < ops.length; i++) if (RESOPS[ops[i]!.opnum]!.name === "label" && ops[i]!.descr === last!.descr) start = i;
    if (start < 0) this.fail("checkSimpleLoop: the loop's jump goes to no label of its own");
    this.checkCounts(countOps([trace], start), expected, options.exact ?? true, "in the loop");
  }

  private checkCounts(found: Map<string, number>, expected: Partial<Record<ResOpName, number>>, exact: boolean, where: string): void {
    for (const name of Object.keys(expected)) {
      if (!RESOPS.some((info) => info.name === name)) this.fail(`'${name}' is no resoperation`);
    }
    const problems: string[] = [];
    for (const [name, count] of Object.entries(expected) as [string, number][]) {
      const n = found.get(name) ?? 0;
      if (n !== count) problems.push(`${name}: expected ${count}, found ${n}`);
    }
    if (exact) {
      for (const [name, n] of found) if (!(name in expected)) problems.push(`${name}: expected none, found ${n}`);
    }
    if (problems.length > 0) {
      const all = [...found].map(([name, n]) => `${name}: ${n}`).join(", ");
      this.fail(`operations ${where} differ:\n  ${problems.join("\n  ")}\nfound ${all || "nothing"}`);
    }
  }

  private fail(message: string): never {
    throw new JitCheckError(`${message}\n${this.tracesText()}`);
  }
}

function endsInFinish(trace: Trace): boolean {
  const ops = trace.operations;
  return ops.length > 0 && RESOPS[ops[ops.length - 1]!.opnum]!.name === "finish";
}

function countOps(traces: Trace[], from: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const trace of traces) {
    for (let i = from; i < trace.operations.length; i++) {
      const name = RESOPS[trace.operations[i]!.opnum]!.name;
      if (!NOT_COUNTED.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return counts;
}

interface Outcome {
  result: unknown;
  error: string | undefined;
  exitStatus: number | undefined;
  stdout: string;
  stderr: string;
}

/**
 * Runs fn (an export of a module loaded with loadInterpreter) with the arguments in the LL
 * interpreter under the JIT, with the parameters (TEST_PARAMS, then those given; `"off"` runs
 * without the JIT). Throws when the function is not RTS (the annotator's errors, as `rts
 * annotate` prints them); an exception or fatal error of the function is the run's `error`.
 */
export function metaInterp(fn: Function, args: readonly Argument[], params: MetaInterpParams = {}): MetaInterpRun {
  const program = (fn as WithProgram)[PROGRAM];
  if (program === undefined) {
    throw new Error(`metaInterp: ${fn.name || "the function"} does not come from a module loaded with loadInterpreter (rts/testing)`);
  }
  const lowered = loweredFor(fn as WithProgram, program, args);
  const interp = lowered.interp.fresh(jitParams(params));
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  interp.output = (fd, bytes) => (fd === 1 ? out : err).push(Buffer.from(bytes));
  const params_ = lowered.main.startblock.inputargs;
  const llArgs = args.map((arg, i) => (typeof arg === "string" ? newString(interp, arg) : params_[i]!.type === Float ? Number(arg) : arg));
  const outcome: Outcome = { result: undefined, error: undefined, exitStatus: undefined, stdout: "", stderr: "" };
  try {
    outcome.result = resultValue(interp, lowered.main.resultType, callWithExceptions(interp, lowered.main, llArgs));
  } catch (error) {
    if (error instanceof LLExit) outcome.exitStatus = error.status;
    else if (error instanceof LLException) outcome.error = describeLLException(interp, error.value);
    else if (error instanceof LLFatalError) outcome.error = formatFatal(error);
    else throw error;
  }
  try {
    callWithExceptions(interp, lowered.flush, []);
  } catch (error) {
    if (!(error instanceof LLExit)) throw error;
  }
  outcome.stdout = Buffer.concat(out).toString("utf8");
  outcome.stderr = Buffer.concat(err).toString("utf8");
  return new MetaInterpRun(interp, outcome);
}

/** The function lowered for arguments of these kinds: made on the first call, then kept with the function. */
function loweredFor(fn: WithProgram, program: LoadedProgram, args: readonly Argument[]): JitLoweredProgram {
  const key = args.map(argumentKind).join(",");
  let byKinds = fn[LOWERED];
  if (byKinds === undefined) {
    byKinds = new Map();
    Object.defineProperty(fn, LOWERED, { value: byKinds, enumerable: false });
  }
  let lowered = byKinds.get(key);
  if (lowered === undefined) {
    const made = lowerEntryForJit(program, fn, args.map(argumentAnnotation));
    if (typeof made === "string") throw new Error(`metaInterp: ${fn.name} is not RTS:\n${made}`);
    lowered = made;
    byKinds.set(key, lowered);
  }
  return lowered;
}

function argumentKind(arg: Argument): string {
  return argumentAnnotation(arg).kind;
}

function argumentAnnotation(arg: Argument): Some {
  if (typeof arg === "boolean") return someBool();
  if (typeof arg === "string") return someString();
  if (typeof arg === "number") return Number.isInteger(arg) && Math.abs(arg) < 2 ** 53 ? someInteger() : someFloat();
  throw new Error(`metaInterp: an argument must be a number, a boolean or a string, not ${typeof arg}`);
}

function jitParams(params: MetaInterpParams): JitParams {
  const given = typeof params === "string" ? params : Object.entries(params).map(([name, value]) => `${name}=${value}`).join(",");
  const text = given === "off" ? "off" : given === "" ? TEST_PARAMS : `${TEST_PARAMS},${given}`;
  const result = new JitParams();
  const error = parseJitParams(new StringParamText(text), result);
  if (error >= 0) throw new Error(`metaInterp: bad JIT parameters at character ${error} of "${text}"`);
  return result;
}

/** The function's result as JavaScript sees it: booleans and strings read back, a pointer as its address. */
function resultValue(interp: LLInterpreter, type: LLType, value: LLRuntimeValue): unknown {
  if (type === Bool) return value === true || value === 1;
  if (type instanceof PtrType && type.to === STR) return value === 0 || value === interp.nullAddress ? null : readString(interp, value as number);
  return value;
}
