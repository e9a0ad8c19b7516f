/**
 * Resume data (RPython's resume.py, the snapshot half): what a guard needs so that, when it
 * fails, the interpreter frames the trace stood for can be rebuilt (resume.ts) and run on by the
 * blackhole interpreter, or traced on into a bridge.
 *
 * A Snapshot is one frame: its jitcode, the pc of a `live` instruction (where the frame resumes:
 * for the frame on top, the `live` before the guarding instruction, which runs again; for the
 * frames below, the `live` just after their inline call, whose result register is the last
 * operand before it), and the boxes of the registers that `live` names, integers then references
 * then floats in the order of its LiveVars. `prev` is the snapshot of the frame below, or null.
 *
 * Snapshots of the frames below the top one are shared between guards, as RPython's are: a frame
 * keeps the snapshot of the frames below it (MIFrame.parentSnapshot), made by the first guard
 * recorded while it is on top, since the frames below cannot change while it runs. Each guard
 * then costs one new Snapshot.
 *
 * A guard's fail arguments are the distinct non-constant boxes of its snapshots, from the bottom
 * frame up, each frame's in its snapshot's order; constants stay in the snapshot.
 *
 * RTS: classes with fields and arrays.
 */

import { AbstractValue, Const, FailDescr, detachValues } from "../history.js";
import { opcodeOf } from "../jitcode-insns.js";
import { JitCode, LiveVars } from "../jitcode.js";
import { MIFrame } from "./mi-frame.js";
import { guardDescrName } from "../jitlog.js";

const OP_LIVE = opcodeOf("live");

export class Snapshot {
  readonly jitcode: JitCode;
  readonly pc: number;
  /** The live registers' boxes: integers, then references, then floats (liveVarsAt(jitcode, pc)). */
  readonly boxes: AbstractValue[];
  readonly prev: Snapshot | null;

  constructor(jitcode: JitCode, pc: number, boxes: AbstractValue[], prev: Snapshot | null) {
    this.jitcode = jitcode;
    this.pc = pc;
    this.boxes = boxes;
    this.prev = prev;
  }
}

/**
 * The fail descriptor of a guard recorded by the meta-interpreter (RPython's ResumeGuardDescr):
 * its resume data, the guard's operation, and what the warm state counts its failures by.
 */
export class ResumeGuardDescr extends FailDescr {
  readonly snapshot: Snapshot;
  /** The guard's resoperation number. */
  readonly guardOpnum: number;
  /** The guard's fail arguments (the distinct non-constant boxes of the snapshots, see the header). */
  readonly failArgs: AbstractValue[];
  /** The hash the warm state counts this guard's failures under (JitCounter.fetchNextHash, given when it is recorded). */
  hash: number;
  /** The bridge attached to this guard (the runner's number for it), or -1. */
  bridge: number;
  /** Its bridge was dropped (a machine-code backend refused it): no bridge is traced from it again. */
  noBridge: boolean;
  /** The number of the loop whose family holds the guard (set when its trace is compiled; -1 before): a bridge from it joins that family (loops.ts). */
  family: number;

  constructor(index: number, snapshot: Snapshot, guardOpnum: number, failArgs: AbstractValue[]) {
    super(guardDescrName(index), index);
    this.snapshot = snapshot;
    this.guardOpnum = guardOpnum;
    this.failArgs = failArgs;
    this.hash = 0;
    this.bridge = -1;
    this.noBridge = false;
    this.family = -1;
  }
}

/** A jitcode, a pc, or a register set that does not fit the resume data's contract: a bug of the jitcode's writer. */
export class ResumeError extends Error {}

/** The live registers at the `live` instruction at pc. */
export function liveVarsAt(jitcode: JitCode, pc: number): LiveVars {
  if (pc < 0 || pc + 1 >= jitcode.code.length || jitcode.code[pc] !== OP_LIVE) {
    throw new ResumeError(`${jitcode.name}: pc ${pc} is not a live instruction (a guard resumes at one)`);
  }
  return jitcode.liveness[jitcode.code[pc + 1]!]!;
}

/** The snapshot of a frame at the `live` at pc, on top of prev. */
export function snapshotFrame(frame: MIFrame, pc: number, prev: Snapshot | null): Snapshot {
  const live = liveVarsAt(frame.jitcode, pc);
  const boxes: AbstractValue[] = [];
  for (let k = 0; k < live.ints.length; k++) boxes.push(frame.boxesI[live.ints[k]!]!);
  for (let k = 0; k < live.refs.length; k++) boxes.push(frame.boxesR[live.refs[k]!]!);
  for (let k = 0; k < live.floats.length; k++) boxes.push(frame.boxesF[live.floats[k]!]!);
  return new Snapshot(frame.jitcode, pc, boxes, prev);
}

/**
 * The snapshot chain of the frames, the top one at resumePc (RPython's capture_resumedata): the
 * frames below are snapshotted once per top frame (see the header); each frame below resumes at
 * its pc, the `live` after its inline call.
 */
export function captureResumeData(frames: MIFrame[], resumePc: number): Snapshot {
  const n = frames.length - 1;
  return snapshotFrame(frames[n]!, resumePc, parentSnapshotOf(frames, n));
}

function parentSnapshotOf(frames: MIFrame[], n: number): Snapshot | null {
  if (n === 0) return null;
  const frame = frames[n]!;
  if (!frame.parentSnapshotMade) {
    const below = frames[n - 1]!;
    frame.parentSnapshot = snapshotFrame(below, below.pc, parentSnapshotOf(frames, n - 1));
    frame.parentSnapshotMade = true;
  }
  return frame.parentSnapshot;
}

/** The snapshots from the bottom frame up. */
export function snapshotsBottomUp(top: Snapshot): Snapshot[] {
  const topDown: Snapshot[] = [];
  let s: Snapshot | null = top;
  while (s !== null) {
    topDown.push(s);
    s = s.prev;
  }
  const chain: Snapshot[] = [];
  for (let i = topDown.length - 1; i >= 0; i--) chain.push(topDown[i]!);
  return chain;
}

/** The fail arguments of a guard with this resume data: its distinct non-constant boxes, bottom frame first. */
export function failArgsOf(top: Snapshot): AbstractValue[] {
  const chain = snapshotsBottomUp(top);
  const failArgs: AbstractValue[] = [];
  for (let i = 0; i < chain.length; i++) {
    const boxes = chain[i]!.boxes;
    for (let k = 0; k < boxes.length; k++) {
      const box = boxes[k]!;
      if (box instanceof Const) continue;
      if (indexOfBox(failArgs, box) < 0) failArgs.push(box);
    }
  }
  return failArgs;
}

/** The place of the box (by identity) in the list, or -1. */
/**
 * Once a trace is machine code, its guards' resume data need their boxes only as identities
 * (which fail argument a snapshot's box is): each box becomes a DetachedValue, the same one
 * wherever the box was (`map`, one per trace: snapshots are shared between its guards).
 */
export function detachResumeData(guard: ResumeGuardDescr, map: Map<AbstractValue, AbstractValue>): void {
  detachValues(guard.failArgs, map);
  for (let s: Snapshot | null = guard.snapshot; s !== null; s = s.prev) detachValues(s.boxes, map);
}

export function indexOfBox(boxes: AbstractValue[], box: AbstractValue): number {
  for (let i = 0; i < boxes.length; i++) if (boxes[i] === box) return i;
  return -1;
}
