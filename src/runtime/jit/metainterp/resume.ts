/**
 * Rebuilding the frames a guard's resume data describes (RPython's resume.py, the reading half:
 * rebuild_from_resumedata), with the values the guard's fail arguments had when it failed. Two
 * uses:
 * - tracing a bridge (startBridge): each fail argument becomes an input argument of the new
 *   trace, so the frames' registers hold those boxes;
 * - going on without tracing (resumeInterpreting): every register is a constant of its value
 *   (what the blackhole interpreter does, here with the meta-interpreter not recording).
 * Constants of the snapshot stay constants. A frame below the top one resumes at the `live`
 * after its inline call; the callee's result goes to the register just before that `live` (the
 * call's last operand), as RPython's blackhole interpreter finds it.
 *
 * A guard that failed with an exception pending (guard_no_exception, guard_exception, after a
 * residual call) resumes by raising it in the top frame when interpreting; tracing a bridge from
 * there is refused (RPython records save_exception, which this trace IR has not).
 *
 * RTS: classes with fields and arrays.
 */

import { AbstractValue, Const, ConstFloat, Trace } from "../history.js";
import { JITCODE_INSNS, opcodeOf } from "../jitcode-insns.js";
import { PROF_ABORT_BRIDGE } from "../jitprof.js";
import { opnumOf } from "../resoperation.js";
import { TraceValues } from "../trace-cpu.js";
import { MI_RUNNING, MetaInterp, constFloatValue, constIntValue, constOf } from "./metainterp.js";
import { MIFrame } from "./mi-frame.js";
import { ResumeGuardDescr, ResumeError, indexOfBox, liveVarsAt, snapshotsBottomUp } from "./snapshot.js";

const R_GUARD_NO_EXCEPTION = opnumOf("guard_no_exception");
const R_GUARD_EXCEPTION = opnumOf("guard_exception");
const R_GUARD_TRUE = opnumOf("guard_true");
const R_GUARD_FALSE = opnumOf("guard_false");
const OP_LIVE = opcodeOf("live");

/** Replaces mi's frames by those of the guard's resume data; fail argument k gets boxes[k] and the value values[k]. */
export function rebuildFrames(mi: MetaInterp, guard: ResumeGuardDescr, boxes: AbstractValue[], values: TraceValues): void {
  if (values.count() !== guard.failArgs.length) {
    throw new ResumeError(`${guard.name} has ${guard.failArgs.length} fail arguments, got ${values.count()} values`);
  }
  while (mi.frames.length > 0) mi.frames.pop();
  const chain = snapshotsBottomUp(guard.snapshot);
  for (let i = 0; i < chain.length; i++) {
    const snapshot = chain[i]!;
    const frame = new MIFrame(snapshot.jitcode);
    frame.pc = snapshot.pc;
    frame.lastLivePc = snapshot.pc;
    const live = liveVarsAt(snapshot.jitcode, snapshot.pc);
    let k = 0;
    for (let j = 0; j < live.ints.length; j++) setFromSnapshot(frame, "i", live.ints[j]!, snapshot.boxes[k++]!, guard, boxes, values);
    for (let j = 0; j < live.refs.length; j++) setFromSnapshot(frame, "r", live.refs[j]!, snapshot.boxes[k++]!, guard, boxes, values);
    for (let j = 0; j < live.floats.length; j++) setFromSnapshot(frame, "f", live.floats[j]!, snapshot.boxes[k++]!, guard, boxes, values);
    if (i > 0) {
      const caller = mi.frames[mi.frames.length - 1]!;
      if (frame.jitcode.resultKind !== "v") frame.returnReg = caller.code[caller.pc - 1]!;
    }
    mi.frames.push(frame);
  }
}

function setFromSnapshot(frame: MIFrame, kind: string, reg: number, box: AbstractValue, guard: ResumeGuardDescr, boxes: AbstractValue[], values: TraceValues): void {
  if (box instanceof Const) {
    if (kind === "i") frame.setInt(reg, box, constIntValue(box));
    else if (kind === "r") frame.setRef(reg, box, constIntValue(box));
    else frame.setFloat(reg, box, constFloatValue(box));
    return;
  }
  const k = indexOfBox(guard.failArgs, box);
  if (k < 0) throw new ResumeError(`${guard.name}: a box of the snapshot is not among the fail arguments`);
  if (kind === "i") frame.setInt(reg, boxes[k]!, values.ints[k]!);
  else if (kind === "r") frame.setRef(reg, boxes[k]!, values.refs[k]!);
  else frame.setFloat(reg, boxes[k]!, values.floats[k]!);
}

/** Whether the guard is one after a call, where an exception may be pending when it fails. */
function isExceptionGuard(guard: ResumeGuardDescr): boolean {
  return guard.guardOpnum === R_GUARD_NO_EXCEPTION || guard.guardOpnum === R_GUARD_EXCEPTION;
}

/**
 * Goes on after the guard failed, interpreting (nothing recorded) from its resume data with the
 * fail arguments' values; then `interpret(mi)` runs to the next merge point or the end.
 */
export function resumeInterpreting(mi: MetaInterp, guard: ResumeGuardDescr, values: TraceValues): void {
  const boxes: AbstractValue[] = [];
  for (let k = 0; k < values.count(); k++) {
    const kind = values.kinds[k]!;
    if (kind === "i") boxes.push(constOf("i", values.ints[k]!));
    else if (kind === "r") boxes.push(constOf("r", values.refs[k]!));
    else boxes.push(new ConstFloat(values.floats[k]!));
  }
  rebuildFrames(mi, guard, boxes, values);
  mi.tracing = false;
  mi.status = MI_RUNNING;
  mi.seenLoopHeader = false;
  raisePending(mi, guard);
}

/** After an exception guard failed with an exception pending: the top frame raises it (mi.exception travels up). */
function raisePending(mi: MetaInterp, guard: ResumeGuardDescr): void {
  if (!isExceptionGuard(guard)) return;
  const exception = mi.cpu.pendingException();
  if (exception === 0) return;
  mi.cpu.clearException();
  mi.exception = exception;
  mi.exceptionBox = constOf("r", exception);
  mi.unwind();
}

/** Why no bridge can be traced from the guard that just failed ("" when one can): an exception pending after a call's guard. */
export function bridgeRefusal(mi: MetaInterp, guard: ResumeGuardDescr): string {
  if (isExceptionGuard(guard) && mi.cpu.pendingException() !== 0) return "a bridge from a guard that failed with an exception pending";
  return "";
}

/**
 * Starts tracing a bridge from the guard: a new trace whose input arguments are its fail
 * arguments (of their kinds, with these values). False, with the reason in mi.abortReason, when
 * it cannot be (an exception pending); the frames are then rebuilt to go on interpreting.
 */
export function startBridge(mi: MetaInterp, guard: ResumeGuardDescr, values: TraceValues): boolean {
  const refusal = bridgeRefusal(mi, guard);
  if (refusal !== "") {
    mi.profiler.count(PROF_ABORT_BRIDGE, 1);
    resumeInterpreting(mi, guard, values);
    mi.abortReason = refusal;
    return false;
  }
  const trace = new Trace();
  const boxes: AbstractValue[] = [];
  for (let k = 0; k < values.count(); k++) boxes.push(trace.addInputArg(values.kinds[k]!));
  rebuildFrames(mi, guard, boxes, values);
  followFailedBranch(mi, guard);
  mi.startBridgeWith(guard, trace);
  return true;
}

/**
 * When the guard that failed is a goto_if_not's guard_true or guard_false, the branch goes the
 * other way now: the bridge starts past it, on the other side (RPython's
 * prepare_resume_from_failure follows the jump), rather than recording the comparison again
 * with a guard that cannot fail. The registers live at the `live` before the branch are those
 * both sides start from.
 */
function followFailedBranch(mi: MetaInterp, guard: ResumeGuardDescr): void {
  if (guard.guardOpnum !== R_GUARD_TRUE && guard.guardOpnum !== R_GUARD_FALSE) return;
  const f = mi.frames[mi.frames.length - 1]!;
  let pc = f.pc;
  if (pc < f.code.length && f.code[pc] === OP_LIVE) pc += 2;
  if (pc >= f.code.length) return;
  // a goto_if_not of any condition (the instruction table says where its label operand is)
  const insn = JITCODE_INSNS[f.code[pc]!]!;
  if (insn.name.indexOf("goto_if_not") !== 0) return;
  const labelAt = pc + 1 + insn.operands.indexOf("L");
  // guard_false failed: the condition holds now, the branch falls through; guard_true: it jumps
  f.pc = guard.guardOpnum === R_GUARD_FALSE ? labelAt + 1 : f.code[labelAt]!;
}
