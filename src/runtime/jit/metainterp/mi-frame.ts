/**
 * A frame of the meta-interpreter (RPython's pyjitpl.py MIFrame): one activation of a jitcode
 * while tracing, its pc, and per kind a register file holding both each register's box (the
 * trace value it stands for: a constant, an input argument or a recorded operation) and its
 * concrete value. The registers come first, then the jitcode's constants (jitcode.ts), so an
 * operand is read the same way whether it names a register or a constant.
 *
 * RTS: classes with fields and arrays. Integer (and reference) values and float values never
 * share a variable: the annotator would make them all floats.
 */

import { AbstractValue, ConstFloat, ConstInt, ConstPtr, constInt } from "../history.js";
import { JitCode } from "../jitcode.js";
import type { Snapshot } from "./snapshot.js";

export class MIFrame {
  readonly jitcode: JitCode;
  readonly code: number[];
  pc: number;
  /** The pc of the last `live` executed in this frame (where a guard of the next instruction resumes), -1 before any. */
  lastLivePc: number;
  readonly boxesI: AbstractValue[];
  readonly valuesI: number[];
  readonly boxesR: AbstractValue[];
  readonly valuesR: number[];
  readonly boxesF: AbstractValue[];
  readonly valuesF: number[];
  /** Where the caller wants this frame's result: a register of the caller (-1: none). */
  returnReg: number;
  /**
   * The snapshot of the frames below this one (RPython's parent_snapshot): made by the first
   * guard recorded while this frame is on top of them, then shared by every later guard, since
   * the frames below cannot change while this one runs.
   */
  parentSnapshot: Snapshot | null;
  parentSnapshotMade: boolean;

  constructor(jitcode: JitCode) {
    this.jitcode = jitcode;
    this.code = jitcode.code;
    this.pc = 0;
    this.lastLivePc = -1;
    this.boxesI = [];
    this.valuesI = [];
    this.boxesR = [];
    this.valuesR = [];
    this.boxesF = [];
    this.valuesF = [];
    this.returnReg = -1;
    this.parentSnapshot = null;
    this.parentSnapshotMade = false;
    const zeroI = constInt(0);
    const zeroR = new ConstPtr(0, "");
    const zeroF = new ConstFloat(0.0);
    for (let k = 0; k < jitcode.numRegsI; k++) this.setInt(k, zeroI, 0);
    for (let k = 0; k < jitcode.constantsI.length; k++) {
      const value = jitcode.constantsI[k]!;
      const name = k < jitcode.constantNamesI.length ? jitcode.constantNamesI[k]! : "";
      this.setInt(jitcode.numRegsI + k, new ConstInt(value, name), value);
    }
    for (let k = 0; k < jitcode.numRegsR; k++) this.setRef(k, zeroR, 0);
    for (let k = 0; k < jitcode.constantsR.length; k++) {
      const value = jitcode.constantsR[k]!;
      const name = k < jitcode.constantNamesR.length ? jitcode.constantNamesR[k]! : "";
      this.setRef(jitcode.numRegsR + k, new ConstPtr(value, name), value);
    }
    for (let k = 0; k < jitcode.numRegsF; k++) this.setFloat(k, zeroF, 0.0);
    for (let k = 0; k < jitcode.constantsF.length; k++) {
      const value = jitcode.constantsF[k]!;
      this.setFloat(jitcode.numRegsF + k, new ConstFloat(value), value);
    }
  }

  setInt(reg: number, box: AbstractValue, value: number): void {
    while (this.boxesI.length <= reg) {
      this.boxesI.push(box);
      this.valuesI.push(0);
    }
    this.boxesI[reg] = box;
    this.valuesI[reg] = value;
  }

  setRef(reg: number, box: AbstractValue, value: number): void {
    while (this.boxesR.length <= reg) {
      this.boxesR.push(box);
      this.valuesR.push(0);
    }
    this.boxesR[reg] = box;
    this.valuesR[reg] = value;
  }

  setFloat(reg: number, box: AbstractValue, value: number): void {
    while (this.boxesF.length <= reg) {
      this.boxesF.push(box);
      this.valuesF.push(0.0);
    }
    this.boxesF[reg] = box;
    this.valuesF[reg] = value * 1.0;
  }

  /** Copies register `from` to register `to`, both of the kind (`i`, `r`, `f`). */
  copyReg(kind: string, from: number, to: number): void {
    if (kind === "i") this.setInt(to, this.boxesI[from]!, this.valuesI[from]!);
    else if (kind === "r") this.setRef(to, this.boxesR[from]!, this.valuesR[from]!);
    else this.setFloat(to, this.boxesF[from]!, this.valuesF[from]!);
  }

  boxOf(kind: string, reg: number): AbstractValue {
    if (kind === "i") return this.boxesI[reg]!;
    if (kind === "r") return this.boxesR[reg]!;
    return this.boxesF[reg]!;
  }
}
