/**
 * Resuming in the blackhole interpreter after a guard failed (RPython's resume.py
 * blackhole_from_resumedata + blackhole.py resume_in_blackhole): the guard's snapshot chain and
 * the values its fail arguments had become BlackholeFrames, bottom frame first, each register of
 * each frame's `live` set filled from the snapshot's constant or from the fail value of its box;
 * the blackhole interpreter then runs them until
 * - the bottom frame reaches its next jit_merge_point (RPython's ContinueRunningNormally): the
 *   frame is left there, its registers holding the greens and reds, for the warm runner to go on
 *   from (toMetaInterpFrame);
 * - or the portal returns, an exception leaves it, or a check fails (the message and site of the
 *   LL operation, as interpreting gives them).
 *
 * The frames' pcs are the snapshots': the top frame at the `live` before the guarding
 * instruction (which runs again), or after the call for a call's guards; the frames below at
 * the `live` after their inline call, whose result register pushResumedFrames finds. A guard
 * after a call (guard_no_exception, guard_exception) that failed with an exception pending in the
 * CPU resumes by raising it in the top frame, where the call left it.
 *
 * RTS: classes with fields and arrays.
 */

import { AbstractValue, Const, ConstFloat } from "../history.js";
import { BlackholeCPU } from "../blackhole-cpu.js";
import { BlackholeFrame, BlackholeInterpreter, BlackholeResult, pushResumedFrames } from "../blackhole.js";
import { opnumOf } from "../resoperation.js";
import { TraceValues } from "../trace-cpu.js";
import { constFloatValue, constIntValue, constOf } from "./metainterp.js";
import { MIFrame } from "./mi-frame.js";
import { ResumeError, ResumeGuardDescr, indexOfBox, liveVarsAt, snapshotsBottomUp } from "./snapshot.js";

const R_GUARD_NO_EXCEPTION = opnumOf("guard_no_exception");
const R_GUARD_EXCEPTION = opnumOf("guard_exception");

/** The frames the guard's resume data describes, bottom first, their live registers set from the fail values. */
export function blackholeFramesOf(guard: ResumeGuardDescr, values: TraceValues): BlackholeFrame[] {
  if (values.count() !== guard.failArgs.length) {
    throw new ResumeError(`${guard.name} has ${guard.failArgs.length} fail arguments, got ${values.count()} values`);
  }
  const chain = snapshotsBottomUp(guard.snapshot);
  const frames: BlackholeFrame[] = [];
  for (let i = 0; i < chain.length; i++) {
    const snapshot = chain[i]!;
    const frame = new BlackholeFrame(snapshot.jitcode);
    frame.pc = snapshot.pc;
    const live = liveVarsAt(snapshot.jitcode, snapshot.pc);
    let k = 0;
    for (let j = 0; j < live.ints.length; j++) frame.ints[live.ints[j]!] = intOf(snapshot.boxes[k++]!, guard, values);
    for (let j = 0; j < live.refs.length; j++) frame.refs[live.refs[j]!] = refOf(snapshot.boxes[k++]!, guard, values);
    for (let j = 0; j < live.floats.length; j++) frame.floats[live.floats[j]!] = floatOf(snapshot.boxes[k++]!, guard, values);
    frames.push(frame);
  }
  return frames;
}

function failIndex(box: AbstractValue, guard: ResumeGuardDescr): number {
  const k = indexOfBox(guard.failArgs, box);
  if (k < 0) throw new ResumeError(`${guard.name}: a box of the snapshot is not among the fail arguments`);
  return k;
}

function intOf(box: AbstractValue, guard: ResumeGuardDescr, values: TraceValues): number {
  if (box instanceof Const) return constIntValue(box);
  return values.ints[failIndex(box, guard)]!;
}

function refOf(box: AbstractValue, guard: ResumeGuardDescr, values: TraceValues): number {
  if (box instanceof Const) return constIntValue(box);
  return values.refs[failIndex(box, guard)]!;
}

function floatOf(box: AbstractValue, guard: ResumeGuardDescr, values: TraceValues): number {
  if (box instanceof Const) return constFloatValue(box);
  return values.floats[failIndex(box, guard)]!;
}

/**
 * Resumes after the guard failed with these fail values and runs the blackhole interpreter until
 * the bottom frame reaches its merge point (result `merge`; bh.frames[0] is left at it) or the
 * portal ends (`i`/`r`/`f`/`v`, `exception`, `fatal`). Gives the interpreter, its result in bh.result.
 */
export function resumeInBlackhole(cpu: BlackholeCPU, guard: ResumeGuardDescr, values: TraceValues): BlackholeInterpreter {
  const bh = new BlackholeInterpreter(cpu);
  bh.stopAtMergePoint = true;
  pushResumedFrames(bh, blackholeFramesOf(guard, values));
  if (guard.guardOpnum === R_GUARD_NO_EXCEPTION || guard.guardOpnum === R_GUARD_EXCEPTION) {
    const exception = cpu.pendingException();
    if (exception !== 0) {
      cpu.clearException();
      if (bh.raiseInTopFrame(exception)) return bh;
    }
  }
  bh.run();
  return bh;
}

/** Whether the run stopped with the bottom frame at its merge point (the program goes on from there). */
export function stoppedAtMergePoint(result: BlackholeResult): boolean {
  return result.kind === "merge";
}

/**
 * The meta-interpreter's frame for the blackhole frame (the bottom one, at its merge point after
 * resumeInBlackhole): every register a constant of its value, as the portal's frame is when the
 * normal interpreter goes on (RPython's ContinueRunningNormally passes the greens and reds). Also
 * each frame left by a failed check, so that the meta-interpreter's frames show where it failed.
 */
export function toMetaInterpFrame(frame: BlackholeFrame): MIFrame {
  const jitcode = frame.jitcode;
  const mf = new MIFrame(jitcode);
  mf.pc = frame.pc;
  for (let k = 0; k < jitcode.numRegsI; k++) mf.setInt(k, constOf("i", frame.ints[k]!), frame.ints[k]!);
  for (let k = 0; k < jitcode.numRegsR; k++) mf.setRef(k, constOf("r", frame.refs[k]!), frame.refs[k]!);
  for (let k = 0; k < jitcode.numRegsF; k++) mf.setFloat(k, new ConstFloat(frame.floats[k]!), frame.floats[k]!);
  return mf;
}

/**
 * The blackhole interpreter's frame for a frame of the meta-interpreter (RPython's
 * SwitchToBlackhole, convert_and_run_from_pyjitpl): the same jitcode, pc and register values,
 * so that a run abandoned while tracing goes on where it is.
 */
export function blackholeFrameOf(mf: MIFrame): BlackholeFrame {
  const jitcode = mf.jitcode;
  const frame = new BlackholeFrame(jitcode);
  frame.pc = mf.pc;
  frame.returnReg = mf.returnReg;
  for (let k = 0; k < jitcode.numRegsI; k++) frame.ints[k] = mf.valuesI[k]!;
  for (let k = 0; k < jitcode.numRegsR; k++) frame.refs[k] = mf.valuesR[k]!;
  for (let k = 0; k < jitcode.numRegsF; k++) frame.floats[k] = mf.valuesF[k]!;
  return frame;
}
