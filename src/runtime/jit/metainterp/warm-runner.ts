/**
 * The JIT's main loop for one portal (RPython's warmspot.py and warmstate.py maybe_compile_and_run,
 * with the llgraph backend's way of running traces): runs a jitcode under the meta-interpreter,
 * interpreting until the warm state says a green key is hot, then tracing it into a loop, running
 * compiled loops with the trace interpreter (trace-interp.ts), resuming after guard failures in
 * the blackhole interpreter (resume-blackhole.ts) up to the next merge point of the portal's frame,
 * from where the meta-interpreter goes on interpreting (or the warm state is asked, when a
 * loop_header was passed, as interpreting does), and tracing a bridge from a guard that failed
 * trace_eagerness times. Everything runs on the same BlackholeCPU, so the program's results are
 * the same whichever way each part ran.
 *
 * The meta-interpreter's own resume (resume.ts resumeInterpreting) is not used here: it stays for
 * callers that run a MetaInterp alone, and inside startBridge's refusal (which this runner checks
 * before, resuming in the blackhole instead).
 *
 * Each closed loop and bridge goes through the optimizer (optimizeopt/optimize.ts) with the
 * parameters' enable_opts before the trace interpreter compiles it (RPython's compile_loop and
 * compile_trace): logged as recorded (jit-log-noopt) and optimized (jit-log-opt-loop,
 * jit-log-opt-bridge), counted (PROF_OPT_OPS, PROF_OPT_GUARDS), the compilation timed as the
 * backend phase. The optimizer keeps each guard's ResumeGuardDescr and the frame positions of
 * its fail arguments; a guard whose fail arguments hold virtuals (GuardWithVirtuals) gives, when
 * it fails, NULL at a virtual's place and the fields' values after the frame's: the runner
 * materialises the virtuals (allocated through the CPU, fields filled) before anything reads the
 * values (blackholeFramesOf, startBridge, an attached bridge's inputs), so the frames see the
 * objects the unoptimized trace would have allocated. After unrolling, the peeled preamble and
 * the loop hold copies of a guard with one descriptor (the guard's resume data, its failure
 * count and its bridge are shared, as the frame positions are the same); what differs, the
 * virtuals, is read from the guard operation that failed (TraceExit.op), not from the descr.
 * A loop is always entered at its optimized trace's start with the reds (see loops.ts).
 *
 * Running a bridge, or a loop that ends in another loop: it ends with a jump to another trace's
 * label, which the trace interpreter cannot follow across traces; the runner runs a copy whose
 * jump is a finish with a JumpToLoopDescr, then enters the loop with the jump's values.
 *
 * RTS: classes with fields and arrays.
 */

import { FinalDescr, Trace } from "../history.js";
import { ALL_OPTS, JitParams, P_DISABLE_UNROLLING, P_ENABLE_OPTS, enableOptsText } from "../../../lib/jit-params.js";
import { ABORT_BRIDGE, logAbort, logNoopt, logOptBridge, logOptLoop, tracingStart, tracingStop } from "../jitlog.js";
import { JitProfiler, PROF_ABORT_BRIDGE, PROF_ABORT_TOO_LONG, PROF_BACKEND, PROF_OPT_GUARDS, PROF_OPT_OPS } from "../jitprof.js";
import { materializeVirtuals } from "../optimizeopt/guard-virtuals.js";
import { optimizeTrace } from "../optimizeopt/optimize.js";
import { JitCode } from "../jitcode.js";
import { RESOPS, opnumOf } from "../resoperation.js";
import { BlackholeCPU } from "../blackhole-cpu.js";
import { TraceValues } from "../trace-cpu.js";
import { CompiledTrace, compileTrace, runTrace } from "../trace-interp.js";
import { ENTER_RUN, ENTER_TRACE, WarmState } from "../warmstate.js";
import { CompiledBridge, CompiledLoop } from "./loops.js";
import { MI_ABORTED, MI_CLOSED, MI_DONE, MI_EXCEPTION, MI_FATAL, MI_MERGE_POINT, MI_RUNNING, MODE_LOOP, MergePointArgs, MetaInterp, constOf, greenKeyHash } from "./metainterp.js";
import { interpret } from "./opimpl.js";
import { bridgeRefusal, startBridge } from "./resume.js";
import { resumeInBlackhole, toMetaInterpFrame } from "./resume-blackhole.js";
import { ResumeGuardDescr } from "./snapshot.js";

/** A bridge's jump to a loop, as the runnable copy's finish says it. */
export class JumpToLoopDescr extends FinalDescr {
  readonly target: CompiledLoop;

  constructor(target: CompiledLoop) {
    super(`jump to ${target.token.name}`, 2);
    this.target = target;
  }
}

export class WarmRunner {
  readonly mi: MetaInterp;
  readonly warmstate: WarmState;
  /** The runnable form of the loops and bridges, by index (compiled when first run). */
  readonly loopCode: CompiledTrace[];
  readonly bridgeCode: CompiledTrace[];
  /** Counts, for tests and logs: compiled code entered, guards failed, bridges run, aborts. */
  loopRuns: number;
  guardFailures: number;
  bridgeRuns: number;
  /** Guard failures resumed in the blackhole interpreter, and the instructions it ran for them. */
  blackholeResumes: number;
  blackholeSteps: number;
  /** Loops and bridges invalidated by a change of a quasi-immutable field they assumed (quasiimmut.ts). */
  invalidations: number;
  /** The reason of each aborted trace (and refused bridge), in order: their count is the aborts'. */
  readonly abortReasons: string[];
  /** Whether a jit-tracing log section is open (a trace is being recorded, or was closed and is not yet compiled). */
  private tracingLogged: boolean;

  constructor(cpu: BlackholeCPU, params: JitParams, profiler: JitProfiler) {
    this.mi = new MetaInterp(cpu, params, profiler);
    this.warmstate = new WarmState(params);
    this.mi.warmstate = this.warmstate;
    this.loopCode = [];
    this.bridgeCode = [];
    this.loopRuns = 0;
    this.guardFailures = 0;
    this.bridgeRuns = 0;
    this.blackholeResumes = 0;
    this.blackholeSteps = 0;
    this.invalidations = 0;
    this.abortReasons = [];
    this.tracingLogged = false;
  }

  /** Runs the jitcode with the arguments (by kind, in argKinds' order) to its end; gives MI_DONE, MI_EXCEPTION or MI_FATAL (the result is in mi). */
  run(jitcode: JitCode, ints: number[], refs: number[], floats: number[]): number {
    const mi = this.mi;
    mi.enterJitCode(jitcode, ints, refs, floats);
    for (;;) {
      const status = interpret(mi);
      if (this.tracingLogged && !mi.tracing) this.endTracingLog();
      if (status === MI_MERGE_POINT) {
        const frame = mi.frames[0]!;
        const args = new MergePointArgs(frame, frame.pc);
        const greens = args.greenValues(frame);
        const kinds = args.greenKinds();
        const decision = this.warmstate.enter(greenKeyHash(greens, kinds), greens, kinds, false);
        if (decision === ENTER_TRACE) {
          mi.cell = this.warmstate.cell;
          this.startTracingLog();
          mi.startLoop();
        } else if (decision === ENTER_RUN) {
          const cell = this.warmstate.cell!;
          if (this.runCompiled(mi.registry.loops[cell.loop]!, args.redValues(frame))) return mi.status;
        } else {
          mi.continueInterpreting();
        }
      } else if (status === MI_CLOSED) {
        this.compilePending();
        const target = mi.closedTo!;
        const frame = mi.frames[0]!;
        const args = new MergePointArgs(frame, frame.pc);
        if (this.runCompiled(target, args.redValues(frame))) return mi.status;
      } else if (status === MI_ABORTED) {
        this.abortReasons.push(mi.abortReason);
        mi.continueInterpreting();
      } else {
        return status;
      }
    }
  }

  /**
   * Runs compiled code from the loop with the inputs until it leaves compiled code: true when
   * the program ended there (a finish), false when mi is set up to go on (interpreting, or
   * tracing a bridge).
   */
  runCompiled(start: CompiledLoop, inputs: TraceValues): boolean {
    const mi = this.mi;
    let code = this.codeOfLoop(start);
    let values = inputs;
    this.loopRuns++;
    for (;;) {
      const exit = runTrace(code, mi.cpu, values);
      const d = exit.descr;
      if (!exit.guardFailed) {
        if (d instanceof JumpToLoopDescr) {
          code = this.codeOfLoop(d.target);
          values = exit.values;
          continue;
        }
        if (d === mi.registry.exceptionDescr) {
          mi.exception = exit.values.refs[0]!;
          mi.status = MI_EXCEPTION;
          return true;
        }
        const kind = exit.values.count() === 0 ? "v" : exit.values.kinds[0]!;
        mi.resultKind = kind;
        if (kind === "i") mi.resultValue = exit.values.ints[0]!;
        else if (kind === "r") mi.resultValue = exit.values.refs[0]!;
        else if (kind === "f") mi.resultFloat = exit.values.floats[0]!;
        mi.status = MI_DONE;
        return true;
      }
      if (!(d instanceof ResumeGuardDescr)) throw new Error(`a guard without resume data: ${d.name}`);
      this.guardFailures++;
      // the frame's values, in the positions of d.failArgs: virtuals allocated and filled
      const frameValues = materializeVirtuals(mi.cpu, exit.op, exit.values);
      if (d.bridge >= 0) {
        this.bridgeRuns++;
        code = this.codeOfBridge(d.bridge);
        values = frameValues;
        continue;
      }
      // an invalidated trace's guard_not_invalidated gets no bridge (RPython's ResumeGuardNotInvalidated)
      if (d.guardOpnum !== R_GUARD_NOT_INVALIDATED && this.warmstate.guardFailed(d.hash)) {
        const refusal = bridgeRefusal(mi, d);
        if (refusal === "") {
          this.startTracingLog();
          if (startBridge(mi, d, frameValues)) return false;
          this.endTracingLog();
        } else {
          mi.profiler.count(PROF_ABORT_BRIDGE, 1);
          this.abortReasons.push(refusal);
          logAbort(ABORT_BRIDGE, "");
        }
      }
      return this.resumeInBlackhole(d, frameValues);
    }
  }

  /**
   * Goes on after the guard failed (no bridge traced): the blackhole interpreter runs from its
   * resume data to the next merge point of the portal's frame, where mi is set up to go on (true
   * when the program ended in the blackhole interpreter instead, mi's status saying how).
   */
  private resumeInBlackhole(guard: ResumeGuardDescr, values: TraceValues): boolean {
    const mi = this.mi;
    const bh = resumeInBlackhole(mi.cpu, guard, values);
    this.blackholeResumes++;
    this.blackholeSteps += bh.steps;
    const result = bh.result;
    mi.tracing = false;
    if (result.kind === "merge") {
      while (mi.frames.length > 0) mi.frames.pop();
      mi.frames.push(toMetaInterpFrame(bh.frames[0]!));
      mi.seenLoopHeader = false;
      if (bh.bottomLoopHeader) {
        // as interpreting would stop here: the run loop asks the warm state
        mi.status = MI_MERGE_POINT;
      } else {
        mi.continueInterpreting();
      }
      return false;
    }
    while (mi.frames.length > 0) mi.frames.pop();
    // a failed check leaves the frames where it happened, as interpreting does (callers give the call chain from them)
    if (result.kind === "fatal") for (let k = 0; k < bh.frames.length; k++) mi.frames.push(toMetaInterpFrame(bh.frames[k]!));
    if (result.kind === "exception") {
      mi.exception = result.ref;
      mi.exceptionBox = constOf("r", result.ref);
      mi.status = MI_EXCEPTION;
    } else if (result.kind === "fatal") {
      mi.fatalMessage = result.message;
      mi.fatalSite = result.site;
      mi.status = MI_FATAL;
    } else {
      mi.resultKind = result.kind;
      mi.resultValue = result.kind === "r" ? result.ref : result.int;
      mi.resultFloat = result.float;
      mi.resultBox = constOf(result.kind === "r" ? "r" : "i", mi.resultValue);
      mi.status = MI_DONE;
    }
    return true;
  }

  /** Opens the jit-tracing section a trace's logs go in (PyPy's: the trace's compilation is inside it). */
  private startTracingLog(): void {
    tracingStart();
    this.tracingLogged = true;
  }

  /** The trace ended: its abort, or its compilation (jit-log-noopt, jit-log-opt-*), then the end of jit-tracing. */
  private endTracingLog(): void {
    const mi = this.mi;
    this.tracingLogged = false;
    if (mi.abortCounter >= 0) {
      const loop = mi.mode === MODE_LOOP && mi.startDriver !== null;
      logAbort(mi.abortCounter - PROF_ABORT_TOO_LONG, loop ? mi.locations.location(mi.startDriver!, mi.startGreens, mi.startKinds) : "");
    } else {
      this.compilePending();
    }
    tracingStop();
  }

  /** The runnable form of the loop (compiled with every loop made before it: a loop's trace is complete once registered). */
  private codeOfLoop(loop: CompiledLoop): CompiledTrace {
    const loops = this.mi.registry.loops;
    while (this.loopCode.length <= loop.index) this.compileLoop(loops[this.loopCode.length]!);
    return this.loopCode[loop.index]!;
  }

  private codeOfBridge(index: number): CompiledTrace {
    const bridges = this.mi.registry.bridges;
    while (this.bridgeCode.length <= index) this.compileBridge(bridges[this.bridgeCode.length]!);
    return this.bridgeCode[index]!;
  }

  /** Optimizes and compiles every loop and bridge closed since the last call (in the order they closed, as the logs show them). */
  compilePending(): void {
    const registry = this.mi.registry;
    while (this.loopCode.length < registry.loops.length) this.compileLoop(registry.loops[this.loopCode.length]!);
    while (this.bridgeCode.length < registry.bridges.length) this.compileBridge(registry.bridges[this.bridgeCode.length]!);
  }

  private compileLoop(loop: CompiledLoop): void {
    const optimized = this.optimize(loop.trace);
    loop.optimized = optimized;
    logOptLoop(loop.index, this.mi.locations.location(loop.driver, loop.greens, loop.kinds), optimized);
    this.loopCode.push(this.compile(runnableTrace(optimized, loop.jumpsTo)));
    // a quasi-immutable field changed while the loop was traced: it is invalid from the start
    if (loop.invalidated) this.loopCode[loop.index]!.invalidated = true;
    else if (!loop.quasiImmut.stillValid(this.mi.cpu)) this.invalidateLoop(loop);
  }

  private compileBridge(bridge: CompiledBridge): void {
    const optimized = this.optimize(bridge.trace);
    bridge.optimized = optimized;
    logOptBridge(bridge.guard.index, optimized);
    this.bridgeCode.push(this.compile(runnableTrace(optimized, bridge.target)));
    if (bridge.invalidated) this.bridgeCode[bridge.index]!.invalidated = true;
    else if (!bridge.quasiImmut.stillValid(this.mi.cpu)) this.invalidateBridge(bridge);
  }

  /**
   * The quasi-immutable field at offset of object is being written (jit_force_quasi_immutable,
   * before the write): every loop and bridge that assumed it is invalidated (quasiimmut.ts). A
   * trace being recorded that assumed it is caught when it is compiled (its value changed).
   */
  quasiImmutWritten(object: number, offset: number): void {
    const registry = this.mi.registry;
    for (let i = 0; i < registry.loops.length; i++) {
      const loop = registry.loops[i]!;
      if (!loop.invalidated && loop.quasiImmut.dependsOn(object, offset)) this.invalidateLoop(loop);
    }
    for (let i = 0; i < registry.bridges.length; i++) {
      const bridge = registry.bridges[i]!;
      if (!bridge.invalidated && bridge.quasiImmut.dependsOn(object, offset)) this.invalidateBridge(bridge);
    }
  }

  /** The loop's guards_not_invalidated fail from now on; the warm state forgets it, so its key counts again and is traced anew. */
  private invalidateLoop(loop: CompiledLoop): void {
    loop.invalidated = true;
    if (loop.index < this.loopCode.length) this.loopCode[loop.index]!.invalidated = true;
    this.warmstate.loopFreed(loop.index);
    this.invalidations++;
  }

  /**
   * The bridge's guards_not_invalidated fail from now on (a run inside it leaves there), and its
   * guard no longer enters it: the guard's failures resume in the blackhole interpreter and count
   * towards a new bridge.
   */
  private invalidateBridge(bridge: CompiledBridge): void {
    bridge.invalidated = true;
    if (bridge.index < this.bridgeCode.length) this.bridgeCode[bridge.index]!.invalidated = true;
    if (bridge.guard.bridge === bridge.index) bridge.guard.bridge = -1;
    this.invalidations++;
  }

  /** The enable_opts text the parameters give now for a trace of that many operations: disable_unrolling (an operation count) takes unroll out of longer ones, as RPython's compile_loop does. */
  enableOpts(recordedOps: number): string {
    const params = this.mi.params;
    let mask = params.get(P_ENABLE_OPTS);
    const unrollBit = 2 ** ALL_OPTS.indexOf("unroll");
    if (recordedOps > params.get(P_DISABLE_UNROLLING) && Math.floor(mask / unrollBit) % 2 === 1) mask -= unrollBit;
    return enableOptsText(mask);
  }

  /** The trace through the optimizer (RPython's optimize_trace), logged before and counted after. */
  private optimize(trace: Trace): Trace {
    logNoopt(trace);
    const optimized = optimizeTrace(trace, this.enableOpts(trace.operations.length)).trace;
    const ops = optimized.operations;
    let guards = 0;
    for (let k = 0; k < ops.length; k++) if (RESOPS[ops[k]!.opnum]!.guard) guards++;
    const profiler = this.mi.profiler;
    profiler.count(PROF_OPT_OPS, ops.length);
    profiler.count(PROF_OPT_GUARDS, guards);
    return optimized;
  }

  private compile(trace: Trace): CompiledTrace {
    const profiler = this.mi.profiler;
    profiler.startPhase(PROF_BACKEND);
    const code = compileTrace(trace);
    profiler.endPhase(PROF_BACKEND);
    return code;
  }
}

const R_JUMP = opnumOf("jump");
const R_GUARD_NOT_INVALIDATED = opnumOf("guard_not_invalidated");
const R_FINISH = opnumOf("finish");

/** A copy of a trace (a bridge, or a loop ending in another loop) whose final jump to the target loop is a finish with a JumpToLoopDescr (see the header). */
export function runnableTrace(trace: Trace, target: CompiledLoop | null): Trace {
  const ops = trace.operations;
  const last = ops.length > 0 ? ops[ops.length - 1]! : null;
  if (target === null || last === null || last.opnum !== R_JUMP) return trace;
  const copy = new Trace();
  for (let i = 0; i < trace.inputArgs.length; i++) copy.inputArgs.push(trace.inputArgs[i]!);
  for (let i = 0; i < ops.length - 1; i++) copy.operations.push(ops[i]!);
  copy.nextNumber = trace.nextNumber;
  copy.record(R_FINISH, last.args, new JumpToLoopDescr(target));
  return copy;
}
