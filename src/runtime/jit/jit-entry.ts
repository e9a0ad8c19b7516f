/**
 * The JIT's entry points in a program built with `--jit` (RPython's warmspot.py: the portal
 * runner, set_param, and the profiler's summary at exit). Issue 17 (part 2) translates this
 * file with the user's interpreter: the translator makes one prebuilt JitRuntime holding the
 * CPU of the binary's memory and the jitcodes the codewriter wrote for each portal (`addPortal`,
 * at translation time), then
 *
 * - at start (after the start check, src/runtime/settings.ts, accepted RTS_JIT): `start`,
 *   which applies RTS_JIT to the JIT's parameters;
 * - at the portal's merge point, after a can_enter_jit (the LL operation
 *   jit_maybe_compile_and_run, src/jit/merge-point.ts): the generated code stores the merge
 *   point's values in the portal's arrays (`setPortalInt` / `setPortalRef` / `setPortalFloat`:
 *   by kind, in the jitcode's argKinds order, greens then reds; no array is made per call) and
 *   calls `maybeCompileAndRun(index)`, whose status (WarmRunner's MCR_*) says how the portal
 *   goes on: MCR_CONTINUE from its merge point with the same values; MCR_RESTART from its merge
 *   point with `portalArgInt` / `portalArgFloat` (jit_portal_arg); MCR_DONE, MCR_EXCEPTION,
 *   MCR_FATAL: `portalResult*` / `portalException` / `portalFatal*` give the outcome, which the
 *   generated code returns, raises or stops the program with;
 * - `callPortal(index, ints, refs, floats)` runs a whole call of the portal with its runner's
 *   `run` (the blackhole interpreter playing the portal's ahead-of-time code, which calls
 *   maybeCompileAndRun at its merge points): for tests of the runtime alone. PORTAL_NOT_RUN:
 *   the JIT is off, or the portal is already running under its runner;
 * - `driver.setParam` and `driver.setUserParam` (jit_set_param, jitSetUserParam): `setParam`,
 *   `setUserParam`; the parameters are the whole JIT's (RPython's set_param with driver None);
 * - at exit: `finish`, which writes jit-summary.
 *
 * It is also what tests/jit/jit-runtime-examples.test.ts annotates with each example
 * interpreter, so that `rts annotate` is known to accept the whole runtime (warm runner,
 * meta-interpreter, optimizer, blackhole resume, bridges, logs, profiler, parameters) before
 * part 2 links it.
 *
 * RTS: classes with fields and arrays; nothing module-level is written.
 */

import { JitParams, P_FUNCTION_THRESHOLD, P_THRESHOLD, ParamText, parseJitParams, parseUserParams } from "../../lib/jit-params.js";
import { envValue } from "../env.js";
import { BlackholeCPU } from "./blackhole-cpu.js";
import { JitCode } from "./jitcode.js";
import { JitProfiler } from "./jitprof.js";
import { MI_DONE, MI_EXCEPTION, MI_FATAL, MetaInterp } from "./metainterp/metainterp.js";
import { MCR_CONTINUE, WarmRunner } from "./metainterp/warm-runner.js";
import { TraceBackend } from "./trace-backend.js";

/** callPortal's status when it did not run the portal (the JIT is off, or the portal is already running under its runner): the caller runs it ahead of time. */
export const PORTAL_NOT_RUN = -1;
/** callPortal's other statuses, the meta-interpreter's: returned, raised, stopped by a failed check. */
export const PORTAL_DONE = MI_DONE;
export const PORTAL_EXCEPTION = MI_EXCEPTION;
export const PORTAL_FATAL = MI_FATAL;

/** One portal (a function holding a jit_merge_point): its jitcode and the runner that keeps its warm state across calls. */
export class JitPortal {
  readonly jitcode: JitCode;
  readonly runner: WarmRunner;
  busy: boolean;
  /** Calls run under the runner, and calls left to the ahead-of-time code (PORTAL_NOT_RUN). */
  calls: number;
  plainCalls: number;
  /** The merge point's values for maybeCompileAndRun, by kind in the jitcode's argKinds order (the generated code stores them). */
  readonly ints: number[];
  readonly refs: number[];
  readonly floats: number[];

  constructor(jitcode: JitCode, runner: WarmRunner) {
    this.jitcode = jitcode;
    this.runner = runner;
    this.busy = false;
    this.calls = 0;
    this.plainCalls = 0;
    this.ints = [];
    this.refs = [];
    this.floats = [];
    for (let k = 0; k < jitcode.argKinds.length; k++) {
      const kind = jitcode.argKinds.charAt(k);
      if (kind === "i") this.ints.push(0);
      else if (kind === "r") this.refs.push(0);
      else this.floats.push(0.0);
    }
  }
}

/** The JIT of a program: its CPU, parameters, profiler and portals. */
export class JitRuntime {
  readonly cpu: BlackholeCPU;
  readonly params: JitParams;
  readonly profiler: JitProfiler;
  readonly portals: JitPortal[];
  /** Where the portals' compiled traces run (every runner's): the trace interpreter unless a binary's JIT gives machine code. */
  backend: TraceBackend;

  constructor(cpu: BlackholeCPU) {
    this.cpu = cpu;
    this.backend = new TraceBackend();
    this.params = new JitParams();
    this.profiler = new JitProfiler();
    this.portals = [];
  }

  /** Adds a portal with the codewriter's jitcode for it; gives its index for callPortal. */
  addPortal(jitcode: JitCode): number {
    const runner = new WarmRunner(this.cpu, this.params, this.profiler);
    runner.backend = this.backend;
    this.portals.push(new JitPortal(jitcode, runner));
    return this.portals.length - 1;
  }

  /** At the program's start: RTS_JIT applied to the parameters, the profiler started. */
  start(): void {
    // the start check (src/runtime/settings.ts) refused a malformed value before this runs
    const value = envValue("RTS_JIT");
    if (value !== 0) parseJitParams(new ParamText("", value), this.params);
    this.paramsChanged();
    this.profiler.start();
  }

  /** Whether the JIT is off (RTS_JIT=off or setParam): portals then run their ahead-of-time code. */
  isOff(): boolean {
    return this.params.get(P_THRESHOLD) < 0 && this.params.get(P_FUNCTION_THRESHOLD) < 0;
  }

  /** driver.setParam(name, value): the parameter of that index (src/lib/jit-params.ts P_*) set. */
  setParam(index: number, value: number): void {
    this.params.set(index, value);
    this.paramsChanged();
  }

  /**
   * jit_force_quasi_immutable, before a write of the quasi-immutable field at offset of object:
   * every portal's loops and bridges that assumed it are invalidated (WarmRunner.quasiImmutWritten).
   */
  quasiImmutWritten(object: number, offset: number): void {
    for (let k = 0; k < this.portals.length; k++) this.portals[k]!.runner.quasiImmutWritten(object, offset);
  }

  /** driver.setUserParam(text): whether the text is well formed, and then its parameters set. */
  setUserParam(text: string): boolean {
    if (!parseUserParams(text, this.params)) return false;
    this.paramsChanged();
    return true;
  }

  /** Runs one call of the portal (see the header); PORTAL_NOT_RUN, or how it ended (MI_DONE, MI_EXCEPTION, MI_FATAL). */
  callPortal(index: number, ints: number[], refs: number[], floats: number[]): number {
    const portal = this.portals[index]!;
    if (portal.busy || this.isOff()) {
      portal.plainCalls++;
      return PORTAL_NOT_RUN;
    }
    portal.busy = true;
    portal.calls++;
    let status = MI_FATAL;
    try {
      status = portal.runner.run(portal.jitcode, ints, refs, floats);
    } finally {
      portal.busy = false;
    }
    return status;
  }

  /** The merge point's k-th integer, reference or float value (by kind, argKinds order), before maybeCompileAndRun. */
  setPortalInt(index: number, k: number, value: number): void {
    this.portals[index]!.ints[k] = value;
  }

  setPortalRef(index: number, k: number, address: number): void {
    this.portals[index]!.refs[k] = address;
  }

  setPortalFloat(index: number, k: number, value: number): void {
    this.portals[index]!.floats[k] = value;
  }

  /** The portal reached its merge point after a can_enter_jit with the values set before: WarmRunner.maybeCompileAndRun's MCR_* (MCR_CONTINUE when the JIT is off). */
  maybeCompileAndRun(index: number): number {
    const portal = this.portals[index]!;
    if (this.isOff()) return MCR_CONTINUE;
    return portal.runner.maybeCompileAndRun(portal.jitcode, portal.ints, portal.refs, portal.floats);
  }

  /** After MCR_RESTART: the portal's argument at position (argKinds order), an integer, bool, char or reference. */
  portalArgInt(index: number, position: number): number {
    const values = this.portals[index]!.runner.restartValues;
    if (values.kinds[position] === "r") return values.refs[position]!;
    return values.ints[position]!;
  }

  portalArgFloat(index: number, position: number): number {
    return this.portals[index]!.runner.restartValues.floats[position]!;
  }

  /** The result of the portal's last call that ended with MI_DONE: an integer, bool, char or reference. */
  portalResultInt(index: number): number {
    return this.metaInterp(index).resultValue;
  }

  portalResultFloat(index: number): number {
    return this.metaInterp(index).resultFloat;
  }

  /** The exception (an instance's address) that left the portal's last call (MI_EXCEPTION). */
  portalException(index: number): number {
    return this.metaInterp(index).exception;
  }

  /** What stopped the program in the portal's last call (MI_FATAL): the message, and where ("file:line:column"). */
  portalFatalMessage(index: number): string {
    return this.metaInterp(index).fatalMessage;
  }

  portalFatalSite(index: number): string {
    const site = this.metaInterp(index).fatalSite;
    if (site === null) return "";
    return `${site.file}:${site.line}:${site.column}`;
  }

  /** At the program's exit: the jit-summary section (when RTSLOG asks for it). */
  finish(): void {
    this.backend.writeCounts();
    this.profiler.printSummary();
  }

  private metaInterp(index: number): MetaInterp {
    return this.portals[index]!.runner.mi;
  }

  private paramsChanged(): void {
    for (let k = 0; k < this.portals.length; k++) this.portals[k]!.runner.warmstate.paramsChanged();
  }
}
