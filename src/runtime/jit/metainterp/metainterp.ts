/**
 * The tracing meta-interpreter (RPython's rpython/jit/metainterp/pyjitpl.py MetaInterp): runs
 * jitcodes concretely, instruction by instruction (opimpl.ts, one handler per instruction), on a
 * BlackholeCPU (memory, allocation, calls; the same CPU the blackhole interpreter resumes on), and while `tracing` records what each instruction did as
 * resoperations into a Trace. Each register holds a box (a constant, an input argument of the
 * trace or a recorded operation) and its concrete value (mi-frame.ts).
 *
 * Recording rules (the handlers apply them through the methods here):
 * - an operation without side effect whose arguments are all constants is executed, not
 *   recorded: its result is a constant (pure operations; reads through immutable descriptors);
 * - a branch on a non-constant records the guard of the direction taken; `switch` and promotion
 *   record guard_value and make the value a constant;
 * - each guard gets a ResumeGuardDescr with its resume data (snapshot.ts);
 * - residual calls record call_* (elidable ones with constant arguments run now and give a
 *   constant, call_pure_* otherwise), followed by guard_no_exception, or guard_exception when
 *   the call raised (the exception is then handled inside the trace);
 * - inline calls push a frame, returns pop one; an exception leaves frames until a
 *   catch_exception takes it.
 *
 * When not `tracing`, the same code is an interpreter of jitcodes: nothing is recorded, every
 * result is a constant. The runner (warm-runner.ts) uses it only for the portal's instructions
 * before its merge point, where a loop trace starts (the program runs as ordinary code until then,
 * and the blackhole interpreter finishes what a trace leaves).
 *
 * Tracing a loop starts at a jit_merge_point of the bottom frame (startLoop): the greens are
 * constants, the reds become the trace's input arguments and a label. It ends:
 * - at a jit_merge_point of the bottom frame after a loop_header (RPython's can_enter_jit):
 *   with the green key the trace started at, a jump to the label (status CLOSED); with the key of
 *   another compiled loop, a jump to that loop's label; else a debug_merge_point, and on;
 * - when the bottom frame returns or an exception leaves it: a finish (status DONE or EXCEPTION);
 * - abandoned with a reason (status ABORTED): more than trace_limit operations
 *   (PROF_ABORT_TOO_LONG), a check that stops the program (FATAL), a green that is not a
 *   constant, a bridge from a pending exception, a loop header without a compiled loop passed a
 *   second time (the trace goes round an inner loop: RPython's reached_loop_header compiles that
 *   loop from the trace; here the runner traces it at once from that header, and the next trace
 *   through it closes at its label). The warm state is told (tracingAborted) so that a key
 *   that keeps aborting is blacklisted.
 * Tracing a bridge (startBridge) rebuilds the frames from a guard's resume data with the fail
 * arguments as input arguments (resume.ts) and ends the same way, at the first merge point whose
 * key has a compiled loop.
 *
 * RTS: classes with fields. The handlers and the loop that runs them are opimpl.ts (`interpret`).
 */

import { HeapCache } from "./heapcache.js";
import { floatHighWord, floatLowWord } from "rts";
import { AbstractValue, Const, ConstFloat, ConstInt, ConstPtr, ConstText, Descr, ResOperation, TargetToken, Trace, allConstant, constInt } from "../history.js";
import { HASH_SEED, hashMix } from "../jit-counter.js";
import { JitParams, P_TRACE_LIMIT } from "../../../lib/jit-params.js";
import { JitProfiler, PROF_ABORT_BAD_LOOP, PROF_ABORT_TOO_LONG, PROF_GUARDS, PROF_RECORDED_OPS, PROF_TOTAL_COMPILED_BRIDGES, PROF_TOTAL_COMPILED_LOOPS, PROF_TRACING } from "../jitprof.js";
import { opcodeOf } from "../jitcode-insns.js";
import { JitCode, JitDriverDescr, SiteDescr } from "../jitcode.js";
import { RESOPS, opnumOf } from "../resoperation.js";
import { BlackholeCPU } from "../blackhole-cpu.js";
import { TraceValues } from "../trace-cpu.js";
import { JitCell, WarmState } from "../warmstate.js";
import { CompiledLoop, LocationPrinter, LoopRegistry } from "./loops.js";
import { MIFrame } from "./mi-frame.js";
import { QuasiImmutDeps } from "./quasiimmut.js";
import { ResumeGuardDescr, captureResumeData, failArgsOf } from "./snapshot.js";

/** Running (interpreting or tracing). */
export const MI_RUNNING = 0;
/** The bottom frame returned (resultKind, resultValue; a trace ends with finish). */
export const MI_DONE = 1;
/** An exception left the bottom frame (exception; a trace ends with finish). */
export const MI_EXCEPTION = 2;
/** A check failed: the program stops (fatalMessage at fatalSite). */
export const MI_FATAL = 3;
/** The trace was closed by a jump (to its own label or another loop's). */
export const MI_CLOSED = 4;
/** The trace was abandoned (abortReason); the frames are still right, the run may go on interpreting. */
export const MI_ABORTED = 5;
/** Not tracing, the bottom frame is at a jit_merge_point after a loop_header: the runner decides (the frame's pc is at it). */
export const MI_MERGE_POINT = 6;

/** Loop traces and bridge traces. */
export const MODE_LOOP = 0;
export const MODE_BRIDGE = 1;

/** A handler's other outcomes than the next pc. */
export const SWITCHED = -1;
export const RAISED = -2;
export const STOPPED = -3;

const OP_LIVE = opcodeOf("live");
const OP_CATCH_EXCEPTION = opcodeOf("catch_exception");
const OP_JIT_MERGE_POINT = opcodeOf("jit_merge_point");

/** A jitcode that breaks the meta-interpreter's contract (a guard without a live before it, an unknown descriptor): a bug of its writer. */
export class MetaInterpError extends Error {}

/** The greens or reds of a jit_merge_point, read from its operands. */
export class MergePointArgs {
  readonly driver: JitDriverDescr;
  /** Registers by kind: greens, then reds. */
  readonly greenI: number[];
  readonly greenR: number[];
  readonly greenF: number[];
  readonly redI: number[];
  readonly redR: number[];
  readonly redF: number[];
  /** The pc after the instruction. */
  readonly next: number;

  constructor(frame: MIFrame, pc: number) {
    const code = frame.code;
    const d = frame.jitcode.descrs[code[pc + 1]!]!;
    if (!(d instanceof JitDriverDescr)) throw new MetaInterpError(`${frame.jitcode.name}: pc ${pc}: jit_merge_point needs a driver descriptor`);
    this.driver = d;
    let at = pc + 2;
    this.greenI = readRegs(code, at);
    at += code[at]! + 1;
    this.greenR = readRegs(code, at);
    at += code[at]! + 1;
    this.greenF = readRegs(code, at);
    at += code[at]! + 1;
    this.redI = readRegs(code, at);
    at += code[at]! + 1;
    this.redR = readRegs(code, at);
    at += code[at]! + 1;
    this.redF = readRegs(code, at);
    at += code[at]! + 1;
    this.next = at;
  }

  /**
   * The kinds of the green key's words, in order: `i` per integer green, `r` per reference, and
   * `ii` per float green (its high and low 32-bit words: a key holds integers only, so that the
   * annotator keeps it an array of integers).
   */
  greenKinds(): string {
    let kinds = "";
    for (let k = 0; k < this.greenI.length; k++) kinds += "i";
    for (let k = 0; k < this.greenR.length; k++) kinds += "r";
    for (let k = 0; k < this.greenF.length; k++) kinds += "ii";
    return kinds;
  }

  /** The green key's words (greenKinds). */
  greenValues(frame: MIFrame): number[] {
    const values: number[] = [];
    for (let k = 0; k < this.greenI.length; k++) values.push(frame.valuesI[this.greenI[k]!]!);
    for (let k = 0; k < this.greenR.length; k++) values.push(frame.valuesR[this.greenR[k]!]!);
    for (let k = 0; k < this.greenF.length; k++) {
      const x = frame.valuesF[this.greenF[k]!]!;
      values.push(floatHighWord(x));
      values.push(floatLowWord(x));
    }
    return values;
  }

  /** Whether every green's box is a constant. */
  greensConstant(frame: MIFrame): boolean {
    for (let k = 0; k < this.greenI.length; k++) if (!(frame.boxesI[this.greenI[k]!]! instanceof Const)) return false;
    for (let k = 0; k < this.greenR.length; k++) if (!(frame.boxesR[this.greenR[k]!]! instanceof Const)) return false;
    for (let k = 0; k < this.greenF.length; k++) if (!(frame.boxesF[this.greenF[k]!]! instanceof Const)) return false;
    return true;
  }

  /** The reds' boxes, in order (integers, references, floats). */
  redBoxes(frame: MIFrame): AbstractValue[] {
    const boxes: AbstractValue[] = [];
    for (let k = 0; k < this.redI.length; k++) boxes.push(frame.boxesI[this.redI[k]!]!);
    for (let k = 0; k < this.redR.length; k++) boxes.push(frame.boxesR[this.redR[k]!]!);
    for (let k = 0; k < this.redF.length; k++) boxes.push(frame.boxesF[this.redF[k]!]!);
    return boxes;
  }

  /** The reds' concrete values, as the trace's inputs (TraceValues of their kinds). */
  redValues(frame: MIFrame): TraceValues {
    const values = new TraceValues();
    for (let k = 0; k < this.redI.length; k++) values.addInt(frame.valuesI[this.redI[k]!]!);
    for (let k = 0; k < this.redR.length; k++) values.addRef(frame.valuesR[this.redR[k]!]!);
    for (let k = 0; k < this.redF.length; k++) values.addFloat(frame.valuesF[this.redF[k]!]!);
    return values;
  }
}

function readRegs(code: number[], at: number): number[] {
  const regs: number[] = [];
  const n = code[at]!;
  for (let k = 1; k <= n; k++) regs.push(code[at + k]!);
  return regs;
}

/** The hash of a green key (its words: MergePointArgs.greenValues), as the warm state's counters and cells take it. */
export function greenKeyHash(greens: number[], _kinds: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < greens.length; i++) h = hashMix(h, greens[i]!);
  return h;
}

/** A constant box of an integer or reference value (kind `i` or `r`; floats are ConstFloat). */
export function constOf(kind: string, value: number): Const {
  if (kind === "r") return new ConstPtr(value, "");
  return constInt(value);
}

/** The value of an integer or reference constant box. */
export function constIntValue(box: AbstractValue): number {
  if (box instanceof ConstInt) return box.value;
  if (box instanceof ConstPtr) return box.value;
  return 0;
}

/** The value of a float constant box. */
export function constFloatValue(box: AbstractValue): number {
  if (box instanceof ConstFloat) return box.value;
  return 0.0;
}

export class MetaInterp {
  readonly cpu: BlackholeCPU;
  readonly params: JitParams;
  readonly profiler: JitProfiler;
  readonly registry: LoopRegistry;
  /** The printable location of merge points (replace it to give the driver's own). */
  locations: LocationPrinter;
  /** The warm state to tell of closed and aborted traces (null: none), and the cell of the key being traced. */
  warmstate: WarmState | null;
  cell: JitCell | null;
  /** The address of the object RTS uses for null references, which check_nonnull rejects as well as 0 (the CPU's nullObject() unless set). */
  nullObject: number;

  readonly frames: MIFrame[];
  status: number;
  tracing: boolean;
  mode: number;
  trace: Trace;
  /** The loop's label token, the start key (loops). */
  token: TargetToken;
  startGreens: number[];
  startKinds: string;
  startHash: number;
  startDriver: JitDriverDescr | null;
  /** The profiler counter of the last abort (PROF_ABORT_*), -1 when the trace being or last recorded was not aborted. */
  abortCounter: number;
  /** For bridges: the guard traced from. */
  bridgeGuard: ResumeGuardDescr | null;
  /** A loop_header was executed since the last jit_merge_point of the bottom frame. */
  seenLoopHeader: boolean;
  /**
   * The keys of the loop headers the trace being recorded passed (RPython's
   * current_merge_points), other than its start: hashes, greens and kinds side by side.
   */
  readonly headerHashes: number[];
  readonly headerDrivers: JitDriverDescr[];
  readonly headerGreens: number[][];
  readonly headerKinds: string[];
  /** The loop the trace closed to (MI_CLOSED), or null. */
  closedTo: CompiledLoop | null;
  abortReason: string;
  /** The trace was given up at a loop header because it runs around that inner loop: the runner traces that loop from there at once. */
  abortedAtInnerLoop: boolean;
  /** The quasi-immutable fields the trace being recorded assumed (quasiimmut.ts); the closed loop or bridge keeps them. */
  quasiImmut: QuasiImmutDeps;
  /** The fields, items and classes the trace being recorded knows (heapcache.ts): guard_class is recorded once per object. */
  readonly heapCache: HeapCache;
  /** Whether interpret is running the frames (a residual call is made from them: an error's call chain). */
  interpreting: boolean;

  /** The result of the bottom frame (MI_DONE): its kind (`i`, `r`, `f`, `v`), value (an integer or reference, or the float in resultFloat) and box. */
  resultKind: string;
  resultValue: number;
  resultFloat: number;
  resultBox: AbstractValue;
  /** The exception travelling up or last caught: its value and box. */
  exception: number;
  exceptionBox: AbstractValue;
  fatalMessage: string;
  fatalSite: SiteDescr | null;
  /** What int_push and friends keep aside. */
  pushedI: AbstractValue;
  pushedIValue: number;
  pushedR: AbstractValue;
  pushedRValue: number;
  pushedF: AbstractValue;
  pushedFValue: number;
  /** Guards made so far (names their descriptors). */
  guardCount: number;
  /** Instructions executed. */
  steps: number;

  constructor(cpu: BlackholeCPU, params: JitParams, profiler: JitProfiler) {
    this.cpu = cpu;
    this.params = params;
    this.profiler = profiler;
    this.registry = new LoopRegistry();
    this.locations = new LocationPrinter();
    this.warmstate = null;
    this.headerHashes = [];
    this.headerDrivers = [];
    this.headerGreens = [];
    this.headerKinds = [];
    this.cell = null;
    this.nullObject = cpu.nullObject();
    this.frames = [];
    this.status = MI_RUNNING;
    this.tracing = false;
    this.mode = MODE_LOOP;
    this.trace = new Trace();
    this.token = new TargetToken("loop");
    this.startGreens = [];
    this.startKinds = "";
    this.startHash = 0;
    this.startDriver = null;
    this.abortCounter = -1;
    this.bridgeGuard = null;
    this.seenLoopHeader = false;
    this.closedTo = null;
    this.abortReason = "";
    this.abortedAtInnerLoop = false;
    this.quasiImmut = new QuasiImmutDeps();
    this.heapCache = new HeapCache();
    this.interpreting = false;
    this.resultKind = "v";
    this.resultValue = 0;
    this.resultFloat = 0.0;
    this.resultBox = constInt(0);
    this.exception = 0;
    this.exceptionBox = new ConstPtr(0, "");
    this.fatalMessage = "";
    this.fatalSite = null;
    this.pushedI = constInt(0);
    this.pushedIValue = 0;
    this.pushedR = new ConstPtr(0, "");
    this.pushedRValue = 0;
    this.pushedF = new ConstFloat(0.0);
    this.pushedFValue = 0.0;
    this.guardCount = 0;
    this.steps = 0;
  }

  // -------------------------------------------------------------------------------------------
  // starting

  /** Starts interpreting the jitcode from its entry with the arguments (by kind, in argKinds' order). */
  enterJitCode(jitcode: JitCode, ints: number[], refs: number[], floats: number[]): void {
    while (this.frames.length > 0) this.frames.pop();
    const none: AbstractValue[] = [];
    this.pushFrame(jitcode, ints, refs, floats, false, none, none, none);
    this.tracing = false;
    this.status = MI_RUNNING;
  }

  /**
   * Pushes a frame of the jitcode with its arguments (values by kind in argKinds' order; with
   * `withBoxes`, their boxes, else constants of the values).
   */
  pushFrame(jitcode: JitCode, ints: number[], refs: number[], floats: number[], withBoxes: boolean, boxesI: AbstractValue[], boxesR: AbstractValue[], boxesF: AbstractValue[]): MIFrame {
    const frame = new MIFrame(jitcode);
    let ki = 0;
    let kr = 0;
    let kf = 0;
    for (let k = 0; k < jitcode.argKinds.length; k++) {
      const kind = jitcode.argKinds.charAt(k);
      const reg = jitcode.argRegs[k]!;
      if (kind === "i") {
        frame.setInt(reg, withBoxes ? boxesI[ki]! : constInt(ints[ki]!), ints[ki]!);
        ki++;
      } else if (kind === "r") {
        frame.setRef(reg, withBoxes ? boxesR[kr]! : new ConstPtr(refs[kr]!, ""), refs[kr]!);
        kr++;
      } else {
        frame.setFloat(reg, withBoxes ? boxesF[kf]! : new ConstFloat(floats[kf]!), floats[kf]!);
        kf++;
      }
    }
    this.frames.push(frame);
    return frame;
  }

  /** The frame on top. */
  top(): MIFrame {
    return this.frames[this.frames.length - 1]!;
  }

  /**
   * Starts tracing a loop at the jit_merge_point the bottom frame is at (status MI_MERGE_POINT,
   * or a frame set up there): the reds become the input arguments and the label's arguments.
   */
  startLoop(): void {
    if (this.frames.length !== 1) throw new MetaInterpError("a loop is traced from a jit_merge_point of the bottom frame");
    const frame = this.frames[0]!;
    if (frame.code[frame.pc] !== OP_JIT_MERGE_POINT) throw new MetaInterpError(`${frame.jitcode.name}: pc ${frame.pc} is not a jit_merge_point`);
    const args = new MergePointArgs(frame, frame.pc);
    this.beginTrace(MODE_LOOP);
    const trace = this.trace;
    for (let k = 0; k < args.redI.length; k++) frame.setInt(args.redI[k]!, trace.addInputArg("i"), frame.valuesI[args.redI[k]!]!);
    for (let k = 0; k < args.redR.length; k++) frame.setRef(args.redR[k]!, trace.addInputArg("r"), frame.valuesR[args.redR[k]!]!);
    for (let k = 0; k < args.redF.length; k++) frame.setFloat(args.redF[k]!, trace.addInputArg("f"), frame.valuesF[args.redF[k]!]!);
    const labelArgs: AbstractValue[] = [];
    for (let k = 0; k < trace.inputArgs.length; k++) labelArgs.push(trace.inputArgs[k]!);
    this.token = new TargetToken(`loop${this.registry.nextLoop}`);
    this.record(opnumOf("label"), labelArgs, this.token);
    this.startDriver = args.driver;
    this.startKinds = args.greenKinds();
    this.startGreens = args.greenValues(frame);
    this.startHash = greenKeyHash(this.startGreens, this.startKinds);
    this.recordMergePoint(args, frame);
    this.seenLoopHeader = false;
    frame.pc = args.next;
  }

  /** Starts tracing a bridge from the guard: `frames` were rebuilt from its resume data with input arguments (resume.ts). */
  startBridgeWith(guard: ResumeGuardDescr, trace: Trace): void {
    this.tracing = true;
    this.mode = MODE_BRIDGE;
    this.trace = trace;
    this.bridgeGuard = guard;
    this.status = MI_RUNNING;
    this.closedTo = null;
    this.abortReason = "";
    this.abortedAtInnerLoop = false;
    this.quasiImmut = new QuasiImmutDeps();
    this.heapCache.reset();
    this.abortCounter = -1;
    this.seenLoopHeader = false;
    this.forgetHeaders();
    this.profiler.startPhase(PROF_TRACING);
  }

  private beginTrace(mode: number): void {
    this.tracing = true;
    this.mode = mode;
    this.trace = new Trace();
    this.bridgeGuard = null;
    this.status = MI_RUNNING;
    this.closedTo = null;
    this.abortReason = "";
    this.abortedAtInnerLoop = false;
    this.quasiImmut = new QuasiImmutDeps();
    this.heapCache.reset();
    this.abortCounter = -1;
    this.forgetHeaders();
    for (let i = 0; i < this.frames.length; i++) {
      this.frames[i]!.parentSnapshot = null;
      this.frames[i]!.parentSnapshotMade = false;
    }
    this.profiler.startPhase(PROF_TRACING);
  }

  // -------------------------------------------------------------------------------------------
  // running

  /** Goes on after MI_MERGE_POINT or MI_ABORTED, interpreting (the merge point runs as a no-op). */
  continueInterpreting(): void {
    this.tracing = false;
    this.status = MI_RUNNING;
    const frame = this.frames[0]!;
    if (frame.code[frame.pc] === OP_JIT_MERGE_POINT) {
      frame.pc = new MergePointArgs(frame, frame.pc).next;
      this.seenLoopHeader = false;
    }
  }

  /** An exception (this.exception) left the top frame's instruction, whose pc is past it: finds the catch_exception that takes it, leaving frames that have none. */
  unwind(): void {
    for (;;) {
      const f = this.frames[this.frames.length - 1]!;
      let pc = f.pc;
      if (pc < f.code.length && f.code[pc] === OP_LIVE) pc += 2;
      if (pc < f.code.length && f.code[pc] === OP_CATCH_EXCEPTION) {
        f.pc = f.code[pc + 1]!;
        return;
      }
      this.frames.pop();
      if (this.frames.length === 0) {
        if (this.tracing) this.finishTrace(this.exceptionBox, this.registry.exceptionDescr);
        this.status = MI_EXCEPTION;
        return;
      }
    }
  }

  /** The top frame returns a value of the kind (`v`: none; a float's value is valueF, the others' value). */
  returnValue(kind: string, box: AbstractValue, value: number, valueF: number): number {
    const done = this.frames.pop()!;
    if (this.frames.length === 0) {
      this.resultKind = kind;
      this.resultValue = value;
      this.resultFloat = valueF;
      this.resultBox = box;
      if (this.tracing) {
        if (kind === "v") this.finishTrace(null, this.registry.doneDescr);
        else this.finishTrace(box, this.registry.doneDescr);
      }
      this.status = MI_DONE;
      return STOPPED;
    }
    if (done.returnReg >= 0) {
      const caller = this.top();
      if (kind === "i") caller.setInt(done.returnReg, box, value);
      else if (kind === "r") caller.setRef(done.returnReg, box, value);
      else if (kind === "f") caller.setFloat(done.returnReg, box, valueF);
    }
    return SWITCHED;
  }

  /** A check failed: the program stops with the message at the site (a trace being recorded is abandoned). */
  fatal(message: string, site: SiteDescr): number {
    if (this.tracing) this.abort("a check failed: the program stops there", PROF_ABORT_BAD_LOOP);
    this.fatalMessage = message;
    this.fatalSite = site;
    this.status = MI_FATAL;
    return STOPPED;
  }

  /** Abandons the trace with the reason, counted under the profiler's counter (-1: none). */
  abort(reason: string, counter: number): void {
    if (!this.tracing) return;
    this.tracing = false;
    this.abortReason = reason;
    this.abortCounter = counter >= 0 ? counter : PROF_ABORT_BAD_LOOP;
    if (counter >= 0) this.profiler.count(counter, 1);
    this.profiler.endPhase(PROF_TRACING);
    const cell = this.cell;
    const warmstate = this.warmstate;
    if (this.mode === MODE_LOOP && cell !== null && warmstate !== null) warmstate.tracingAborted(cell);
    this.status = MI_ABORTED;
  }

  private finishTrace(box: AbstractValue | null, descr: Descr): void {
    const args: AbstractValue[] = [];
    if (box !== null) args.push(box);
    this.record(opnumOf("finish"), args, descr);
    this.closeTrace(null);
  }

  /** The trace is complete: it becomes a loop (loop mode, with its own label) or a bridge. */
  private closeTrace(target: CompiledLoop | null): void {
    if (!this.tracing) return;
    this.tracing = false;
    this.profiler.endPhase(PROF_TRACING);
    if (this.mode === MODE_BRIDGE) {
      const guard = this.bridgeGuard;
      if (guard === null) throw new MetaInterpError("a bridge trace without its guard");
      this.registry.addBridge(this.trace, guard, target).quasiImmut = this.quasiImmut;
      this.profiler.count(PROF_TOTAL_COMPILED_BRIDGES, 1);
      this.closedTo = target;
      return;
    }
    const driver = this.startDriver!;
    const loop = this.registry.addLoop(this.trace, this.token, driver, this.startGreens, this.startKinds, this.startHash, target);
    loop.quasiImmut = this.quasiImmut;
    this.profiler.count(PROF_TOTAL_COMPILED_LOOPS, 1);
    this.closedTo = target === null ? loop : target;
    const cell = this.cell;
    const warmstate = this.warmstate;
    if (cell !== null && warmstate !== null) warmstate.tracingDone(cell, loop.index);
  }

  // -------------------------------------------------------------------------------------------
  // merge points

  /** jit_merge_point at pc of frame f; gives the next pc or a status. */
  mergePoint(f: MIFrame, pc: number): number {
    const args = new MergePointArgs(f, pc);
    const bottom = this.frames.length === 1;
    if (!this.tracing) {
      if (bottom && this.seenLoopHeader) {
        this.status = MI_MERGE_POINT;
        return STOPPED;
      }
      return args.next;
    }
    if (!args.greensConstant(f)) {
      this.abort("a green of jit_merge_point is not a constant", PROF_ABORT_BAD_LOOP);
      return STOPPED;
    }
    if (bottom && this.seenLoopHeader) {
      this.seenLoopHeader = false;
      const kinds = args.greenKinds();
      const greens = args.greenValues(f);
      const hash = greenKeyHash(greens, kinds);
      if (this.mode === MODE_LOOP && args.driver === this.startDriver && hash === this.startHash && sameGreens(greens, this.startGreens) && kinds === this.startKinds) {
        this.record(opnumOf("jump"), args.redBoxes(f), this.token);
        // the jump itself may pass trace_limit: then the trace was aborted (MI_ABORTED), not closed
        if (!this.tracing) return STOPPED;
        this.closeTrace(null);
        this.status = MI_CLOSED;
        return STOPPED;
      }
      const loop = this.registry.find(hash, greens, kinds);
      if (loop !== null) {
        this.record(opnumOf("jump"), args.redBoxes(f), loop.token);
        if (!this.tracing) return STOPPED;
        this.closeTrace(loop);
        this.status = MI_CLOSED;
        return STOPPED;
      }
      // A header passed twice: the trace runs around a loop of its own inside (RPython's
      // reached_loop_header). Unrolled, each of its iterations would be copied, with all their
      // guards, into this trace and into every bridge that passes it. That loop is traced on
      // its own first, from its next arrival; this trace is given up, and the next one closes
      // at that loop's label.
      if (this.passedHeader(args.driver, hash, greens, kinds)) {
        if (this.warmstate !== null) this.warmstate.traceNextTime(hash, greens, kinds);
        this.abort("the trace runs around an inner loop at " + this.locations.location(args.driver, greens, kinds) + ": that loop is traced first", PROF_ABORT_BAD_LOOP);
        this.abortedAtInnerLoop = true;
        return STOPPED;
      }
      this.headerHashes.push(hash);
      this.headerDrivers.push(args.driver);
      this.headerGreens.push(greens.slice());
      this.headerKinds.push(kinds);
    }
    this.recordMergePoint(args, f);
    return args.next;
  }

  /** Whether the trace being recorded passed a loop header with this key (headerHashes). */
  private passedHeader(driver: JitDriverDescr, hash: number, greens: number[], kinds: string): boolean {
    for (let i = 0; i < this.headerHashes.length; i++) {
      if (this.headerDrivers[i] === driver && this.headerHashes[i] === hash && this.headerKinds[i] === kinds && sameGreens(greens, this.headerGreens[i]!)) return true;
    }
    return false;
  }

  private forgetHeaders(): void {
    while (this.headerHashes.length > 0) {
      this.headerHashes.pop();
      this.headerDrivers.pop();
      this.headerGreens.pop();
      this.headerKinds.pop();
    }
  }

  private recordMergePoint(args: MergePointArgs, f: MIFrame): void {
    const location = this.locations.location(args.driver, args.greenValues(f), args.greenKinds());
    const dmp: AbstractValue[] = [constInt(0), constInt(this.frames.length - 1), new ConstText(location)];
    this.record(opnumOf("debug_merge_point"), dmp, null);
  }

  // -------------------------------------------------------------------------------------------
  // recording

  /** Records an operation (when tracing); counts it and enforces trace_limit. */
  record(opnum: number, args: AbstractValue[], descr: Descr | null): ResOperation | null {
    if (!this.tracing) return null;
    const op = this.trace.record(opnum, args, descr);
    this.profiler.count(PROF_RECORDED_OPS, 1);
    if (this.trace.operations.length > this.params.get(P_TRACE_LIMIT)) this.abort("trace too long (more operations than trace_limit)", PROF_ABORT_TOO_LONG);
    return op;
  }

  /**
   * The box of an operation's integer or reference result whose value is already computed (floats: resultF): a constant when not
   * tracing or when `foldable` (an operation without side effect on constant arguments), else
   * the recorded operation.
   */
  result(opnum: number, args: AbstractValue[], descr: Descr | null, value: number, foldable: boolean): AbstractValue {
    if (!this.tracing || (foldable && allConstant(args))) return constOf(RESOPS[opnum]!.result, value);
    const op = this.record(opnum, args, descr);
    if (op === null) return constOf(RESOPS[opnum]!.result, value);
    return op;
  }

  /** The same for a float result. */
  resultF(opnum: number, args: AbstractValue[], descr: Descr | null, value: number, foldable: boolean): AbstractValue {
    if (!this.tracing || (foldable && allConstant(args))) return new ConstFloat(value);
    const op = this.record(opnum, args, descr);
    if (op === null) return new ConstFloat(value);
    return op;
  }

  /** A pure operation with one or two arguments and a float result: folded on constants. */
  pure1F(opnum: number, a: AbstractValue, value: number): AbstractValue {
    const args: AbstractValue[] = [a];
    return this.resultF(opnum, args, null, value, true);
  }

  pure2F(opnum: number, a: AbstractValue, b: AbstractValue, value: number): AbstractValue {
    const args: AbstractValue[] = [a, b];
    return this.resultF(opnum, args, null, value, true);
  }

  /** A pure operation with one or two arguments and an integer result: folded on constants. */
  pure1(opnum: number, a: AbstractValue, value: number): AbstractValue {
    const args: AbstractValue[] = [a];
    return this.result(opnum, args, null, value, true);
  }

  pure2(opnum: number, a: AbstractValue, b: AbstractValue, value: number): AbstractValue {
    const args: AbstractValue[] = [a, b];
    return this.result(opnum, args, null, value, true);
  }

  /** An operation that must be recorded when tracing (side effects, allocation), whatever its arguments. */
  effect(opnum: number, args: AbstractValue[], descr: Descr | null): ResOperation | null {
    return this.record(opnum, args, descr);
  }

  /**
   * Records a guard (when tracing and unless its argument is a constant, which holds already)
   * with resume data: the frames, the top one resuming at the `live` at resumePc.
   */
  guard(opnum: number, args: AbstractValue[], resumePc: number): ResOperation | null {
    if (!this.tracing) return null;
    const snapshot = captureResumeData(this.frames, resumePc);
    const failArgs = failArgsOf(snapshot);
    const descr = new ResumeGuardDescr(this.guardCount, snapshot, opnum, failArgs);
    this.guardCount++;
    // the family the guard's trace joins: the loop it will be (one trace is recorded at a time), or the bridge's
    const from = this.bridgeGuard;
    descr.family = this.mode === MODE_BRIDGE && from !== null ? from.family : this.registry.nextLoop;
    const warmstate = this.warmstate;
    if (warmstate !== null) descr.hash = warmstate.counter.fetchNextHash();
    const op = this.record(opnum, args, descr);
    if (op === null) return null;
    op.failArgs = failArgs;
    this.profiler.count(PROF_GUARDS, 1);
    return op;
  }

  /** The pc of the `live` just before the instruction at pc in the frame (where its guard resumes). */
  livePcBefore(f: MIFrame, pc: number): number {
    const live = f.lastLivePc;
    if (live < 0 || live + 2 !== pc) throw new MetaInterpError(`${f.jitcode.name}: pc ${pc}: a guarding instruction without a live just before it`);
    return live;
  }

  /** The pc of the `live` just after a call ending at next (where its guards resume). */
  livePcAfter(f: MIFrame, next: number): number {
    if (next >= f.code.length || f.code[next] !== OP_LIVE) throw new MetaInterpError(`${f.jitcode.name}: pc ${next}: a call without a live just after it`);
    return next;
  }

  /** Promotion of an integer or reference: guard_value on a non-constant box, which becomes the constant in every frame's registers (RPython's implement_guard_value and replace_box). */
  promote(kind: string, box: AbstractValue, value: number, resumePc: number): Const {
    return this.promoteTo(box, constOf(kind, value), resumePc);
  }

  promoteFloat(box: AbstractValue, value: number, resumePc: number): Const {
    return this.promoteTo(box, new ConstFloat(value), resumePc);
  }

  private promoteTo(box: AbstractValue, c: Const, resumePc: number): Const {
    if (box instanceof Const) return c;
    const args: AbstractValue[] = [box, c];
    this.guard(opnumOf("guard_value"), args, resumePc);
    this.replaceBox(box, c);
    return c;
  }

  /** Replaces the box by another in every register of every frame. */
  replaceBox(old: AbstractValue, box: AbstractValue): void {
    for (let i = 0; i < this.frames.length; i++) {
      const frame = this.frames[i]!;
      replaceIn(frame.boxesI, old, box);
      replaceIn(frame.boxesR, old, box);
      replaceIn(frame.boxesF, old, box);
    }
  }
}

function replaceIn(boxes: AbstractValue[], old: AbstractValue, box: AbstractValue): void {
  for (let k = 0; k < boxes.length; k++) if (boxes[k] === old) boxes[k] = box;
}


function sameGreens(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A handler (opimpl.ts): runs the instruction at pc of frame f; gives the next pc, or SWITCHED, RAISED, STOPPED. */
export type MIHandler = (mi: MetaInterp, f: MIFrame, pc: number) => number;
