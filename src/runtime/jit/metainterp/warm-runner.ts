/**
 * The JIT's entry for one portal (RPython's warmspot.py ll_portal_runner and warmstate.py
 * maybe_compile_and_run, with the llgraph backend's way of running traces). The portal runs as
 * ordinary code (ahead of time in the binary, in the LL interpreter for `rts run --llinterp
 * --jit`); when it reaches its jit_merge_point after a can_enter_jit, it calls
 * maybeCompileAndRun with the merge point's values (the LL operation jit_maybe_compile_and_run,
 * see src/jit/merge-point.ts), which ticks the warm state for the green key and
 * - not hot: MCR_CONTINUE, the caller goes on from its merge point with the same values;
 * - hot: traces a loop from the merge point with these values (the meta-interpreter running
 *   the portal's jitcode and recording), then runs the closed loop; or the key has a compiled
 *   loop: runs it, with the trace interpreter (trace-interp.ts). Compiled code leaves through a
 *   guard that failed: the blackhole interpreter resumes from its resume data
 *   (resume-blackhole.ts) and runs to the next merge point of the portal's frame, or a bridge is
 *   traced from the guard when it failed trace_eagerness times. A trace that aborts is finished
 *   in the blackhole interpreter from the meta-interpreter's frames as they are (RPython's
 *   SwitchToBlackhole: what the iteration did while it was traced is not done again). At that
 *   merge point the warm state is asked again when a can_enter_jit ran before it (the loop goes
 *   on: maybe in compiled code again); else MCR_RESTART: the caller goes on from its merge point
 *   with restartValues. Or the portal ended there: MCR_DONE, MCR_EXCEPTION, MCR_FATAL, the
 *   outcome in mi (resultKind/resultValue/resultFloat, exception, fatalMessage/fatalSite, frames).
 * So the program's references are held as integers by the JIT only while it traces, runs
 * compiled code or blackholes, never while the portal runs as ordinary code (docs/architecture.md,
 * "The JIT's entry: the merge point"). Everything runs on the same BlackholeCPU, so the
 * program's results are the same whichever way each part ran. `run` plays the portal's
 * ordinary code with the blackhole interpreter, for tests of the runtime alone.
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

import { floatHighWord, floatLowWord } from "rts";
import { type AbstractValue, ConstPtr, FinalDescr, Trace, detachValues } from "../history.js";
import { ALL_OPTS, JitParams, P_DISABLE_UNROLLING, P_ENABLE_OPTS, P_LOOP_LONGEVITY, enableOptsText } from "../../../lib/jit-params.js";
import { ABORT_BRIDGE, hex, logAbort, logBackendBridge, logBackendLoop, logMemCollect, logNoopt, logOptBridge, logOptLoop, tracingStart, tracingStop } from "../jitlog.js";
import { JitProfiler, PROF_ABORT_BRIDGE, PROF_ABORT_TOO_LONG, PROF_BACKEND, PROF_OPT_GUARDS, PROF_OPT_OPS, PROF_TOTAL_FREED_BRIDGES, PROF_TOTAL_FREED_LOOPS } from "../jitprof.js";
import { materializeVirtuals } from "../optimizeopt/guard-virtuals.js";
import { optimizeTraceOn } from "../optimizeopt/optimize.js";
import { JitCode } from "../jitcode.js";
import { RESOPS, opnumOf } from "../resoperation.js";
import { BlackholeCPU } from "../blackhole-cpu.js";
import { BlackholeInterpreter, enterFrame, mergePointEnd } from "../blackhole.js";
import { opcodeOf } from "../jitcode-insns.js";
import { insnLength } from "../jitcode-print.js";
import { TraceValues } from "../trace-cpu.js";
import { CompiledTrace, TraceExit, compileTrace, runTrace } from "../trace-interp.js";
import { MachineTrace, TraceBackend } from "../trace-backend.js";
import { ENTER_RUN, ENTER_TRACE, WarmState } from "../warmstate.js";
import { CompiledBridge, CompiledLoop } from "./loops.js";
import { MemoryManager } from "./memmgr.js";
import { MI_ABORTED, MI_CLOSED, MI_DONE, MI_EXCEPTION, MI_FATAL, MI_MERGE_POINT, MODE_LOOP, MergePointArgs, MetaInterp, MetaInterpError, constOf, greenKeyHash } from "./metainterp.js";
import { interpret } from "./opimpl.js";
import { bridgeRefusal, startBridge } from "./resume.js";
import { blackholeFrameOf, resumeInBlackhole, toMetaInterpFrame } from "./resume-blackhole.js";
import { ResumeGuardDescr, detachResumeData } from "./snapshot.js";

/** maybeCompileAndRun's outcomes. Nothing was done (the key is not hot, or the runner is busy): the caller goes on from its merge point with the same values. */
export const MCR_CONTINUE = 0;
/** The portal returned (its result in mi: resultKind, resultValue, resultFloat). */
export const MCR_DONE = MI_DONE;
/** An exception left the portal (mi.exception). */
export const MCR_EXCEPTION = MI_EXCEPTION;
/** A check failed: the program stops (mi.fatalMessage at mi.fatalSite, mi.frames where it happened). */
export const MCR_FATAL = MI_FATAL;
/** The JIT ran the portal to a later merge point: the caller goes on from its merge point with the values in restartValues. */
export const MCR_RESTART = 4;
/** Inside the runner: the blackhole interpreter reached the merge point after a can_enter_jit (the warm state is asked again). */
const JIT_AT_HOT_MERGE_POINT = 5;
/** Inside the runner: the meta-interpreter is tracing (a loop or a bridge). */
const JIT_TRACING = 6;
/** The abort reasons a runner keeps (WarmRunner.abortReasons). */
const MAX_ABORT_REASONS = 100;

const OP_JIT_MERGE_POINT = opcodeOf("jit_merge_point");

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
  /** Which loops to free (loop_longevity). */
  readonly memmgr: MemoryManager;
  /** Counts, for tests and logs: compiled code entered, guards failed, bridges run, aborts. */
  loopRuns: number;
  guardFailures: number;
  bridgeRuns: number;
  /** Guard failures resumed in the blackhole interpreter, and the instructions it ran for them. */
  blackholeResumes: number;
  blackholeSteps: number;
  /** Aborted traces finished in the blackhole interpreter (to the next merge point), and the instructions it ran for them. */
  abortBlackholes: number;
  abortBlackholeSteps: number;
  /** After MCR_RESTART: the merge point's values, as the portal's arguments (argKinds order). */
  readonly restartValues: TraceValues;
  /** Whether maybeCompileAndRun is running (a call from inside it gives MCR_CONTINUE). */
  busy: boolean;
  private shape: PortalShape | null;
  /** Loops and bridges invalidated by a change of a quasi-immutable field they assumed (quasiimmut.ts). */
  invalidations: number;
  /** Aborted traces and refused bridges, counted. */
  aborts: number;
  /** The reasons of the first MAX_ABORT_REASONS of them, in order (for tests; a program may abort without end). */
  readonly abortReasons: string[];
  /** Whether a jit-tracing log section is open (a trace is being recorded, or was closed and is not yet compiled). */
  private tracingLogged: boolean;
  /** Where compiled traces run: machine code when the backend compiles them (a binary's JIT), else the trace interpreter. */
  backend: TraceBackend;

  constructor(cpu: BlackholeCPU, params: JitParams, profiler: JitProfiler) {
    this.mi = new MetaInterp(cpu, params, profiler);
    this.warmstate = new WarmState(params);
    this.mi.warmstate = this.warmstate;
    this.memmgr = new MemoryManager();
    this.loopRuns = 0;
    this.guardFailures = 0;
    this.bridgeRuns = 0;
    this.blackholeResumes = 0;
    this.blackholeSteps = 0;
    this.abortBlackholes = 0;
    this.abortBlackholeSteps = 0;
    this.restartValues = new TraceValues();
    this.backend = new TraceBackend();
    this.busy = false;
    this.shape = null;
    this.invalidations = 0;
    this.abortReasons = [];
    this.aborts = 0;
    this.tracingLogged = false;
  }

  /**
   * The portal's merge point was reached by its ahead-of-time code after a can_enter_jit (the
   * LL operation jit_maybe_compile_and_run; RPython's maybe_compile_and_run): the values are the
   * portal's arguments there (greens then reds, by kind in the jitcode's argKinds order). Ticks
   * the warm state for the green key; when it is hot, traces a loop from this merge point, or
   * runs the key's compiled loop; gives MCR_* (see the constants). The runner does one thing at a
   * time: called again while it runs (a residual call reaching the portal's merge point), it
   * gives MCR_CONTINUE.
   */
  maybeCompileAndRun(jitcode: JitCode, ints: number[], refs: number[], floats: number[]): number {
    if (this.busy) return MCR_CONTINUE;
    this.busy = true;
    let status = MCR_FATAL;
    try {
      status = this.enterAt(jitcode, ints, refs, floats);
    } finally {
      this.busy = false;
    }
    return status;
  }

  private enterAt(jitcode: JitCode, ints: number[], refs: number[], floats: number[]): number {
    // From here to the status the JIT holds references as integers (the merge point's values
    // first): the heap holds still, but for the collections the JIT makes itself where every
    // reference it holds is a root (before tracing, at due safe points: TraceCPU.emptyNursery).
    // Held before anything allocates (the warm state's new cell, the shape at the first call):
    // a collection then would move what refs holds. The values of a restart are read before
    // anything allocates.
    const cpu = this.mi.cpu;
    cpu.holdHeap();
    try {
      const shape = this.shapeOf(jitcode);
      let vi = ints;
      let vr = refs;
      let vf = floats;
      let restarted = false;
      for (;;) {
        const greens = shape.greenKey(vi, vr, vf);
        if (this.warmstate.isLastBlacklisted(greens, shape.greenKinds)) return restarted ? MCR_RESTART : MCR_CONTINUE;
        const decision = this.warmstate.enter(greenKeyHash(greens, shape.greenKinds), greens, shape.greenKinds, false);
        if (decision !== ENTER_TRACE && decision !== ENTER_RUN) return restarted ? MCR_RESTART : MCR_CONTINUE;
        // a trace starts with every object old, so that its constants stay where they are
        if (decision === ENTER_TRACE && cpu.emptyNursery(vr)) {
          const moved = shape.greenKey(vi, vr, vf);
          this.warmstate.rekey(greenKeyHash(moved, shape.greenKinds), moved, shape.greenKinds);
        }
        let status = MCR_CONTINUE;
        if (decision === ENTER_TRACE) {
          // a new generation: maybe loops to free (nothing runs compiled code now)
          this.nextGeneration();
          this.startLoopTrace(jitcode, vi, vr, vf);
          status = JIT_TRACING;
        } else {
          status = this.runCompiled(this.mi.registry.loop(this.warmstate.cell!.loop)!, shape.redValues(vi, vr, vf));
        }
        while (status === JIT_TRACING) status = this.driveTracing();
        if (status !== JIT_AT_HOT_MERGE_POINT) return status;
        // the blackhole interpreter reached the merge point after a can_enter_jit: ask again with
        // its values, which are all the JIT holds here (a safe point)
        restarted = true;
        if (cpu.safePointDue()) cpu.emptyNursery(this.restartValues.refs);
        const args = new ArgsByKind(this.restartValues);
        vi = args.ints;
        vr = args.refs;
        vf = args.floats;
      }
    } finally {
      cpu.releaseHeap();
    }
  }

  /** The merge point's layout in the portal's jitcode (computed at the first call: a runner serves one portal). */
  private shapeOf(jitcode: JitCode): PortalShape {
    let shape = this.shape;
    if (shape === null || shape.jitcode !== jitcode) {
      shape = new PortalShape(jitcode);
      this.shape = shape;
    }
    return shape;
  }

  /** Starts tracing a loop at the portal's merge point with these values (the jitcode's instructions before it run untraced: copies, the greens' guard_values). */
  private startLoopTrace(jitcode: JitCode, ints: number[], refs: number[], floats: number[]): void {
    const mi = this.mi;
    mi.enterJitCode(jitcode, ints, refs, floats);
    // as after a loop_header, so that interpreting stops at the merge point (MI_MERGE_POINT)
    mi.seenLoopHeader = true;
    if (interpret(mi) !== MI_MERGE_POINT) throw new MetaInterpError(`${jitcode.name}: the portal does not reach its jit_merge_point before anything else`);
    mi.cell = this.warmstate.cell;
    this.startTracingLog();
    mi.startLoop();
  }

  /**
   * Runs the meta-interpreter, which is tracing a loop or a bridge, until the trace closes (then
   * runs the compiled code), aborts (then the blackhole interpreter finishes the iteration) or
   * the portal ends; gives MCR_*, JIT_AT_HOT_MERGE_POINT or JIT_TRACING.
   */
  private driveTracing(): number {
    const mi = this.mi;
    const status = interpret(mi);
    if (this.tracingLogged && !mi.tracing) this.endTracingLog();
    if (status === MI_CLOSED) {
      this.compilePending();
      const frame = mi.frames[0]!;
      if (this.codeOfLoop(mi.closedTo!).dropped) {
        // the loop runs ahead of time: the portal goes on from its merge point with the values the trace closed with
        mi.tracing = false;
        this.setRestartValues(frame.jitcode, frame.valuesI, frame.valuesR, frame.valuesF, frame.code, frame.pc);
        return MCR_RESTART;
      }
      const args = new MergePointArgs(frame, frame.pc);
      return this.runCompiled(mi.closedTo!, args.redValues(frame));
    }
    if (status === MI_ABORTED) {
      this.noteAbort(mi.abortReason);
      return this.switchToBlackhole();
    }
    if (status === MI_DONE || status === MI_EXCEPTION || status === MI_FATAL) return status;
    throw new MetaInterpError(`the meta-interpreter stopped tracing with status ${status}`);
  }

  private noteAbort(reason: string): void {
    this.aborts++;
    if (this.abortReasons.length < MAX_ABORT_REASONS) this.abortReasons.push(reason);
  }

  /**
   * A trace was abandoned in the middle of an iteration (RPython's SwitchToBlackhole): its
   * instructions so far were run for real while tracing, so the blackhole interpreter goes on
   * from the meta-interpreter's frames as they are (nothing runs twice) to the portal's next
   * merge point, or its end.
   */
  private switchToBlackhole(): number {
    const mi = this.mi;
    const bottom = mi.frames[0]!;
    if (mi.frames.length === 1 && bottom.code[bottom.pc] === OP_JIT_MERGE_POINT) {
      // abandoned at the merge point itself (a jump past trace_limit, a green not constant): go on
      // from there; at an inner loop's header, by tracing that loop now (it may not come round
      // again: a bridge that passed it twice would be given up at every failure of its guard)
      this.setRestartValues(bottom.jitcode, bottom.valuesI, bottom.valuesR, bottom.valuesF, bottom.code, bottom.pc);
      return mi.abortedAtInnerLoop ? JIT_AT_HOT_MERGE_POINT : MCR_RESTART;
    }
    const bh = new BlackholeInterpreter(mi.cpu);
    bh.stopAtMergePoint = true;
    for (let k = 0; k < mi.frames.length; k++) bh.pushFrame(blackholeFrameOf(mi.frames[k]!));
    bh.exception = mi.exception;
    bh.pushedInt = mi.pushedIValue;
    bh.pushedRef = mi.pushedRValue;
    bh.pushedFloat = mi.pushedFValue;
    bh.bottomLoopHeader = mi.seenLoopHeader;
    bh.run();
    this.abortBlackholes++;
    this.abortBlackholeSteps += bh.steps;
    return this.afterBlackhole(bh);
  }

  /**
   * Runs compiled code from the loop with the inputs until it leaves compiled code: gives MCR_*
   * (the portal ended there, or the blackhole interpreter ran to its next merge point),
   * JIT_AT_HOT_MERGE_POINT (that merge point after a can_enter_jit) or JIT_TRACING (a bridge).
   */
  runCompiled(start: CompiledLoop, inputs: TraceValues): number {
    const mi = this.mi;
    let code = this.codeOfLoop(start);
    let values = inputs;
    this.loopRuns++;
    this.memmgr.keepLoopAlive(start);
    for (;;) {
      const exit = this.execute(code, values);
      const d = exit.descr;
      if (!exit.guardFailed) {
        if (d instanceof JumpToLoopDescr) {
          this.memmgr.keepLoopAlive(d.target);
          code = this.codeOfLoop(d.target);
          values = this.safePoint(exit.values);
          continue;
        }
        if (d === mi.registry.exceptionDescr) {
          mi.exception = exit.values.refs[0]!;
          mi.status = MI_EXCEPTION;
          return MCR_EXCEPTION;
        }
        const kind = exit.values.count() === 0 ? "v" : exit.values.kinds[0]!;
        mi.resultKind = kind;
        if (kind === "i") mi.resultValue = exit.values.ints[0]!;
        else if (kind === "r") mi.resultValue = exit.values.refs[0]!;
        else if (kind === "f") mi.resultFloat = exit.values.floats[0]!;
        mi.status = MI_DONE;
        return MCR_DONE;
      }
      if (!(d instanceof ResumeGuardDescr)) throw new Error(`a guard without resume data: ${d.name}`);
      this.guardFailures++;
      // the frame's values, in the positions of d.failArgs: virtuals allocated and filled
      const frameValues = materializeVirtuals(mi.cpu, exit.op, exit.values);
      if (d.bridge >= 0) {
        this.bridgeRuns++;
        code = mi.registry.bridgeOf(d)!.code!;
        values = this.safePoint(frameValues);
        continue;
      }
      // an invalidated trace's guard_not_invalidated gets no bridge (RPython's ResumeGuardNotInvalidated)
      if (d.guardOpnum !== R_GUARD_NOT_INVALIDATED && !d.noBridge && this.warmstate.guardFailed(d.hash)) {
        const refusal = bridgeRefusal(mi, d);
        if (refusal === "") {
          // a new generation (the guard's family is in use: it is not freed)
          this.memmgr.keepLoopAlive(mi.registry.loop(d.family)!);
          this.nextGeneration();
          // the bridge's constants must be old objects, as a loop's are: the guard's values are all the JIT holds here
          mi.cpu.emptyNursery(frameValues.refs);
          this.startTracingLog();
          if (startBridge(mi, d, frameValues)) return JIT_TRACING;
          this.endTracingLog();
        } else {
          mi.profiler.count(PROF_ABORT_BRIDGE, 1);
          this.noteAbort(refusal);
          logAbort(ABORT_BRIDGE, "");
        }
      }
      const bh = resumeInBlackhole(mi.cpu, d, frameValues);
      this.blackholeResumes++;
      this.blackholeSteps += bh.steps;
      return this.afterBlackhole(bh);
    }
  }

  /** Between two traces: the values passed are all the JIT holds, so a collection that is due runs here (TraceCPU.safePointDue). */
  private safePoint(values: TraceValues): TraceValues {
    const cpu = this.mi.cpu;
    if (cpu.safePointDue()) cpu.emptyNursery(values.refs);
    return values;
  }

  /**
   * Where the blackhole interpreter stopped: at the portal's merge point (its values in
   * restartValues; JIT_AT_HOT_MERGE_POINT when a can_enter_jit ran before it, so the warm state
   * is asked, else MCR_RESTART), or the portal's end, put where the result readers find it.
   */
  private afterBlackhole(bh: BlackholeInterpreter): number {
    const mi = this.mi;
    const result = bh.result;
    mi.tracing = false;
    if (result.kind === "merge") {
      const frame = bh.frames[0]!;
      this.setRestartValues(frame.jitcode, frame.ints, frame.refs, frame.floats, frame.code, frame.pc);
      return bh.bottomLoopHeader ? JIT_AT_HOT_MERGE_POINT : MCR_RESTART;
    }
    while (mi.frames.length > 0) mi.frames.pop();
    // a failed check leaves the frames where it happened, as interpreting does (callers give the call chain from them)
    if (result.kind === "fatal") for (let k = 0; k < bh.frames.length; k++) mi.frames.push(toMetaInterpFrame(bh.frames[k]!));
    if (result.kind === "exception") {
      mi.exception = result.ref;
      mi.exceptionBox = constOf("r", result.ref);
      mi.status = MI_EXCEPTION;
      return MCR_EXCEPTION;
    }
    if (result.kind === "fatal") {
      mi.fatalMessage = result.message;
      mi.fatalSite = result.site;
      mi.status = MI_FATAL;
      return MCR_FATAL;
    }
    mi.resultKind = result.kind;
    mi.resultValue = result.kind === "r" ? result.ref : result.int;
    mi.resultFloat = result.float;
    mi.resultBox = constOf(result.kind === "r" ? "r" : "i", mi.resultValue);
    mi.status = MI_DONE;
    return MCR_DONE;
  }

  /**
   * restartValues := the greens and reds of the jit_merge_point at pc, read from the registers,
   * as the portal's arguments (argKinds order: by kind, greens before reds).
   */
  private setRestartValues(jitcode: JitCode, regsI: number[], regsR: number[], regsF: number[], code: number[], pc: number): void {
    const values = this.restartValues;
    values.clear();
    const ints = mergePointRegs(code, pc, 0, 3);
    const refs = mergePointRegs(code, pc, 1, 4);
    const floats = mergePointRegs(code, pc, 2, 5);
    let ki = 0;
    let kr = 0;
    let kf = 0;
    for (let k = 0; k < jitcode.argKinds.length; k++) {
      const kind = jitcode.argKinds.charAt(k);
      if (kind === "i") values.addInt(regsI[ints[ki++]!]!);
      else if (kind === "r") values.addRef(regsR[refs[kr++]!]!);
      else values.addFloat(regsF[floats[kf++]!]!);
    }
  }

  /**
   * Runs one call of the portal to its end as `rts run --llinterp --jit` and the binary do, the
   * blackhole interpreter standing for the portal's ahead-of-time code: at each merge point
   * reached after a can_enter_jit it calls maybeCompileAndRun, and goes on with the same values
   * (MCR_CONTINUE) or the JIT's (MCR_RESTART, from the merge point again). Gives MI_DONE,
   * MI_EXCEPTION or MI_FATAL (the result in mi). For tests of the runtime without the LL
   * interpreter, and JitRuntime.callPortal.
   */
  run(jitcode: JitCode, ints: number[], refs: number[], floats: number[]): number {
    const mi = this.mi;
    let bh = new BlackholeInterpreter(mi.cpu);
    bh.stopAtMergePoint = true;
    bh.pushFrame(enterFrame(jitcode, ints, refs, floats));
    for (;;) {
      bh.run();
      if (bh.result.kind !== "merge") return this.afterBlackhole(bh);
      const frame = bh.frames[0]!;
      let status = MCR_CONTINUE;
      if (bh.bottomLoopHeader) {
        this.setRestartValues(jitcode, frame.ints, frame.refs, frame.floats, frame.code, frame.pc);
        const args = new ArgsByKind(this.restartValues);
        status = this.maybeCompileAndRun(jitcode, args.ints, args.refs, args.floats);
        if (status === MCR_DONE || status === MCR_EXCEPTION || status === MCR_FATAL) return status;
      }
      bh.bottomLoopHeader = false;
      if (status === MCR_RESTART) {
        bh = new BlackholeInterpreter(mi.cpu);
        bh.stopAtMergePoint = true;
        const args = new ArgsByKind(this.restartValues);
        bh.pushFrame(enterFrame(jitcode, args.ints, args.refs, args.floats));
        // the instructions before the merge point (copies, the greens' guard_values) run again; then past it
        bh.run();
        if (bh.result.kind !== "merge") throw new MetaInterpError(`${jitcode.name}: the portal does not reach its jit_merge_point before anything else`);
      }
      const at = bh.frames[0]!;
      at.pc = mergePointEnd(at.code, at.pc);
    }
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
    if (loop.code === null) this.compilePendingLoops();
    const code = loop.code;
    if (code === null) throw new MetaInterpError(`loop ${loop.index} is not among the loops to compile`);
    return code;
  }

  /** Optimizes and compiles every loop and bridge closed since the last call (in the order they closed, as the logs show them). */
  compilePending(): void {
    const registry = this.mi.registry;
    // optimizing and compiling allocate only the JIT's own objects, most of them garbage at once:
    // young, where they cost nothing to drop (the program's objects the trace names are old)
    const cpu = this.mi.cpu;
    const before = cpu.allocateYoung(true);
    try {
      this.compilePendingLoops();
      for (let bridge = registry.takePendingBridge(); bridge !== null; bridge = registry.takePendingBridge()) this.compileBridge(bridge);
    } finally {
      cpu.allocateYoung(before);
    }
  }

  private compilePendingLoops(): void {
    const registry = this.mi.registry;
    for (let loop = registry.takePendingLoop(); loop !== null; loop = registry.takePendingLoop()) this.compileLoop(loop);
  }

  /**
   * A trace starts (RPython's try_to_free_some_loops): the memory manager's next generation
   * (loop_longevity as the parameters say now), and at its checks the old loops freed.
   */
  private nextGeneration(): void {
    const memmgr = this.memmgr;
    const longevity = Math.max(0, this.mi.params.get(P_LOOP_LONGEVITY));
    if (longevity !== memmgr.maxAge) memmgr.setMaxAge(longevity);
    if (memmgr.nextGeneration()) this.freeOldLoops();
  }

  /**
   * Frees the loops the memory manager finds old, with their families: their machine code and
   * exits (the backend), the constants their code kept alive, their warm state (their keys count
   * again), their resume data (garbage once nothing holds it). Logged in jit-mem-collect.
   */
  private freeOldLoops(): void {
    // every loop made has its code (and its generation) before anything is freed
    this.compilePending();
    const registry = this.mi.registry;
    const before = registry.loops.length;
    const old = this.memmgr.oldLoops(registry.loops);
    let bridges = 0;
    if (old.length > 0) {
      const numbers: number[] = [];
      for (let i = 0; i < old.length; i++) {
        const loop = old[i]!;
        numbers.push(loop.index);
        this.freeCode(loop.code);
        for (let k = 0; k < loop.bridges.length; k++) this.freeCode(loop.bridges[k]!.code);
        bridges += loop.bridges.length;
      }
      registry.removeFamilies(old);
      this.warmstate.loopsFreed(numbers);
      this.keepLiveConstants();
      const profiler = this.mi.profiler;
      profiler.count(PROF_TOTAL_FREED_LOOPS, old.length);
      profiler.count(PROF_TOTAL_FREED_BRIDGES, bridges);
    }
    logMemCollect(this.memmgr.current, before, old.length, bridges, registry.loops.length);
  }

  private freeCode(code: CompiledTrace | null): void {
    if (code === null) return;
    const machine = code.machine;
    if (machine === null) return;
    this.backend.free(machine);
    code.machine = null;
  }

  /** The CPU keeps alive the reference constants of the live loops and bridges only. */
  private keepLiveConstants(): void {
    const registry = this.mi.registry;
    const refs: number[] = [];
    for (let i = 0; i < registry.loops.length; i++) {
      const loop = registry.loops[i]!;
      addConstants(refs, loop.code);
      for (let k = 0; k < loop.bridges.length; k++) addConstants(refs, loop.bridges[k]!.code);
    }
    this.mi.cpu.keepOnly(refs);
  }

  private compileLoop(loop: CompiledLoop): void {
    const optimized = this.optimize(loop.trace);
    loop.optimized = optimized;
    const location = this.mi.locations.location(loop.driver, loop.greens, loop.kinds);
    logOptLoop(loop.index, location, optimized);
    const runnable = runnableTrace(optimized, loop.jumpsTo);
    const code = this.compile(runnable, "entry " + String(loop.index), "Loop " + String(loop.index) + " (" + location + ")");
    // machine code keeps what it needs: the optimized trace is for tests of the trace interpreter's runs
    if (code.machine !== null) {
      loop.optimized = null;
      loop.trace = new Trace();
    }
    loop.code = code;
    this.memmgr.keepLoopAlive(loop);
    if (this.backend.makesMachineCode()) {
      const m = code.machine;
      const why = this.backendRefusal(code, runnable);
      logBackendLoop(loop.index, location, m === null ? 0 : m.address, m === null ? 0 : m.instructionsSize, why);
      if (why !== "") {
        code.dropped = true;
        this.warmstate.loopDropped(loop.index);
      } else {
        this.linkJump(runnable, code);
      }
    }
    // a quasi-immutable field changed while the loop was traced: it is invalid from the start
    if (loop.invalidated) this.markInvalidated(code);
    else if (!loop.quasiImmut.stillValid(this.mi.cpu)) this.invalidateLoop(loop);
  }

  private compileBridge(bridge: CompiledBridge): void {
    const optimized = this.optimize(bridge.trace);
    bridge.optimized = optimized;
    logOptBridge(bridge.guard.index, optimized);
    const runnable = runnableTrace(optimized, bridge.target);
    const code = this.compile(runnable, "bridge " + String(bridge.guard.index), "bridge out of Guard 0x" + hex(bridge.guard.index));
    if (code.machine !== null) {
      bridge.optimized = null;
      bridge.trace = new Trace();
    }
    bridge.code = code;
    if (this.backend.makesMachineCode()) {
      const m = code.machine;
      const why = this.backendRefusal(code, runnable);
      logBackendBridge(bridge.guard.index, m === null ? 0 : m.address, m === null ? 0 : m.instructionsSize, why);
      if (why !== "") {
        // the guard fails into the blackhole interpreter, as before the bridge, for good
        code.dropped = true;
        if (bridge.guard.bridge === bridge.index) bridge.guard.bridge = -1;
        bridge.guard.noBridge = true;
        return;
      }
      // the guard's exits go straight to the bridge, in every trace holding a copy of the guard
      if (m !== null && !bridge.invalidated) this.backend.linkExits(bridge.guard, m, familyMachineCode(bridge.owner));
      this.linkJump(runnable, code);
    }
    if (bridge.invalidated) this.markInvalidated(code);
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
    if (loop.code !== null) this.markInvalidated(loop.code);
    this.warmstate.loopsFreed([loop.index]);
    this.invalidations++;
  }

  /**
   * The bridge's guards_not_invalidated fail from now on (a run inside it leaves there), and its
   * guard no longer enters it: the guard's failures resume in the blackhole interpreter and count
   * towards a new bridge.
   */
  private invalidateBridge(bridge: CompiledBridge): void {
    bridge.invalidated = true;
    if (bridge.code !== null) this.markInvalidated(bridge.code);
    if (bridge.guard.bridge === bridge.index) bridge.guard.bridge = -1;
    this.invalidations++;
  }

  /** The code's guard_not_invalidated fail from now on: interpreted (CompiledTrace.invalidated) or in machine code (the backend's invalidation word). */
  private markInvalidated(code: CompiledTrace): void {
    code.invalidated = true;
    const machine = code.machine;
    if (machine !== null) this.backend.invalidate(machine);
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
    const optimized = optimizeTraceOn(trace, this.enableOpts(trace.operations.length), this.mi.cpu).trace;
    const ops = optimized.operations;
    let guards = 0;
    for (let k = 0; k < ops.length; k++) if (RESOPS[ops[k]!.opnum]!.guard) guards++;
    const profiler = this.mi.profiler;
    profiler.count(PROF_OPT_OPS, ops.length);
    profiler.count(PROF_OPT_GUARDS, guards);
    return optimized;
  }

  /**
   * Why the backend's code of a runnable trace cannot run ("" when it can): the backend refused
   * it, or it ends with a jump to a loop that was dropped.
   */
  private backendRefusal(code: CompiledTrace, runnable: Trace): string {
    if (code.machine === null) return this.backend.lastRefusal();
    const jump = jumpToLoopOf(runnable);
    if (jump !== null && this.codeOfLoop(jump.target).dropped) return `it jumps to loop ${jump.target.index}, which runs ahead of time`;
    return "";
  }

  /** A runnable trace in machine code that ends with a jump to another loop goes on in that loop's machine code. */
  private linkJump(runnable: Trace, code: CompiledTrace): void {
    const jump = jumpToLoopOf(runnable);
    const own = code.machine;
    if (own === null || jump === null) return;
    const target = this.codeOfLoop(jump.target);
    const machine = target.machine;
    if (machine !== null && !target.invalidated) this.backend.linkExits(jump, machine, [own]);
  }

  /** Runs a compiled trace from its start: its machine code when it has some, else in the trace interpreter. */
  private execute(code: CompiledTrace, values: TraceValues): TraceExit {
    const machine = code.machine;
    if (machine === null) return runTrace(code, this.mi.cpu, values);
    return this.backend.run(machine, values);
  }

  /** The trace's runnable form; name is how jit-backend-counts names its entry (`entry 3`, `bridge 42`). */
  private compile(trace: Trace, name: string, title: string): CompiledTrace {
    const profiler = this.mi.profiler;
    profiler.startPhase(PROF_BACKEND);
    const machine = this.backend.compile(trace, name, title);
    // machine code needs no interpreted form (an empty one holds it), nor the trace
    const code = machine === null ? compileTrace(trace) : new CompiledTrace(new Trace(), 0);
    code.machine = machine;
    // its reference constants live as long as the code (they are old objects: they do not move)
    const ops = trace.operations;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      keepConstantsAlive(this.mi.cpu, op.args, code.constants);
      const failArgs = op.failArgs;
      if (failArgs !== null) keepConstantsAlive(this.mi.cpu, failArgs, code.constants);
    }
    if (machine !== null) {
      // What outlives the trace holds detached values, so that its operations are garbage: the
      // exits the backend keeps (guards and finishes: their kinds, their virtuals) and the guards'
      // resume data (the recorded trace's boxes).
      const detached = new Map<AbstractValue, AbstractValue>();
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i]!;
        const failArgs = op.failArgs;
        if (failArgs !== null) detachValues(failArgs, detached);
        if (RESOPS[op.opnum]!.final) detachValues(op.args, detached);
        const d = op.descr;
        if (d !== null && d instanceof ResumeGuardDescr) detachResumeData(d, detached);
      }
    }
    profiler.endPhase(PROF_BACKEND);
    return code;
  }
}

const R_JUMP = opnumOf("jump");
const R_GUARD_NOT_INVALIDATED = opnumOf("guard_not_invalidated");
const R_FINISH = opnumOf("finish");

/** Every reference constant among values: a root while the code lives (TraceCPU.keepAlive), listed in kept. */
function keepConstantsAlive(cpu: BlackholeCPU, values: AbstractValue[], kept: number[]): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (v instanceof ConstPtr && v.value !== 0) {
      cpu.keepAlive(v.value);
      kept.push(v.value);
    }
  }
}

/** The machine code of the loop's family (its own, its bridges'): where its guards' exits are. */
function familyMachineCode(loop: CompiledLoop): MachineTrace[] {
  const traces: MachineTrace[] = [];
  addMachineCode(traces, loop.code);
  for (let k = 0; k < loop.bridges.length; k++) addMachineCode(traces, loop.bridges[k]!.code);
  return traces;
}

function addMachineCode(traces: MachineTrace[], code: CompiledTrace | null): void {
  if (code === null) return;
  const machine = code.machine;
  if (machine !== null) traces.push(machine);
}

/** The reference constants the code keeps alive, added to refs. */
function addConstants(refs: number[], code: CompiledTrace | null): void {
  if (code === null) return;
  const constants = code.constants;
  for (let k = 0; k < constants.length; k++) refs.push(constants[k]!);
}

/** The descriptor of the finish that stands for a runnable trace's jump to another loop (runnableTrace), or null. */
function jumpToLoopOf(runnable: Trace): JumpToLoopDescr | null {
  const ops = runnable.operations;
  const jump = ops.length > 0 ? ops[ops.length - 1]!.descr : null;
  return jump instanceof JumpToLoopDescr ? jump : null;
}

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

/**
 * Where the portal's merge point has its greens (RPython's green key) among the portal's
 * arguments: the first ones, by kind (argKinds order: by kind, greens before reds).
 */
class PortalShape {
  readonly jitcode: JitCode;
  readonly greensI: number;
  readonly greensR: number;
  readonly greensF: number;
  /** The key's word kinds, as MergePointArgs.greenKinds gives them. */
  readonly greenKinds: string;
  /** greenKey's result, filled in place at every call (the merge point is reached at every loop iteration: no allocation there). */
  private readonly key: number[];

  constructor(jitcode: JitCode) {
    this.jitcode = jitcode;
    const code = jitcode.code;
    let pc = 0;
    while (pc < code.length && code[pc] !== OP_JIT_MERGE_POINT) pc += insnLength(code, pc);
    if (pc >= code.length) throw new MetaInterpError(`${jitcode.name}: a portal without a jit_merge_point`);
    this.greensI = code[pc + 2]!;
    this.greensR = code[pc + 3 + this.greensI]!;
    this.greensF = code[pc + 4 + this.greensI + this.greensR]!;
    let kinds = "";
    for (let k = 0; k < this.greensI; k++) kinds += "i";
    for (let k = 0; k < this.greensR; k++) kinds += "r";
    for (let k = 0; k < this.greensF; k++) kinds += "ii";
    this.greenKinds = kinds;
    this.key = [];
    for (let k = 0; k < kinds.length; k++) this.key.push(0);
  }

  /**
   * The green key's words of the portal's arguments (MergePointArgs.greenValues), in an array
   * the next call overwrites (the warm state copies a key it keeps).
   */
  greenKey(ints: number[], refs: number[], floats: number[]): number[] {
    const key = this.key;
    let n = 0;
    for (let k = 0; k < this.greensI; k++) key[n++] = ints[k]!;
    for (let k = 0; k < this.greensR; k++) key[n++] = refs[k]!;
    for (let k = 0; k < this.greensF; k++) {
      key[n++] = floatHighWord(floats[k]!);
      key[n++] = floatLowWord(floats[k]!);
    }
    return key;
  }

  /** The reds of the portal's arguments, as a loop's inputs (MergePointArgs.redValues). */
  redValues(ints: number[], refs: number[], floats: number[]): TraceValues {
    const values = new TraceValues();
    for (let k = this.greensI; k < ints.length; k++) values.addInt(ints[k]!);
    for (let k = this.greensR; k < refs.length; k++) values.addRef(refs[k]!);
    for (let k = this.greensF; k < floats.length; k++) values.addFloat(floats[k]!);
    return values;
  }
}

/** Values in argKinds order (a TraceValues) as the three lists by kind that jitcodes take their arguments in. */
class ArgsByKind {
  readonly ints: number[];
  readonly refs: number[];
  readonly floats: number[];

  constructor(values: TraceValues) {
    this.ints = [];
    this.refs = [];
    this.floats = [];
    for (let k = 0; k < values.count(); k++) {
      const kind = values.kinds[k]!;
      if (kind === "i") this.ints.push(values.ints[k]!);
      else if (kind === "r") this.refs.push(values.refs[k]!);
      else this.floats.push(values.floats[k]!);
    }
  }
}

/** The registers of a jit_merge_point's operand lists a then b (0-5: greens i, r, f, reds i, r, f), in order. */
function mergePointRegs(code: number[], pc: number, a: number, b: number): number[] {
  const regs: number[] = [];
  let at = pc + 2;
  for (let list = 0; list < 6; list++) {
    const n = code[at]!;
    if (list === a || list === b) for (let k = 1; k <= n; k++) regs.push(code[at + k]!);
    at += n + 1;
  }
  return regs;
}
