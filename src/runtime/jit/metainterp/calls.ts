/**
 * The meta-interpreter's calls (RPython's pyjitpl.py do_residual_call and the inline calls):
 * residual calls run on the CPU and are recorded as call_* (arguments in the call descriptor's
 * order, as RPython's _build_allboxes puts them), elidable ones on constants fold, then the
 * exception guards; inline calls push the callee's frame. Used by opimpl.ts's table.
 *
 * RTS: classes with fields and arrays.
 */

import { AbstractValue, CallDescr, Const, ConstFloat, ConstInt, ConstPtr, Descr, EF_FORCES_VIRTUAL_OR_VIRTUALIZABLE, EF_LOOPINVARIANT, allConstant } from "../history.js";
import { JitCode } from "../jitcode.js";
import { opnumOf, RESOPS } from "../resoperation.js";
import { MIFrame } from "./mi-frame.js";
import { MetaInterp, MetaInterpError, RAISED, SWITCHED, constOf } from "./metainterp.js";

const R_GUARD_NO_EXCEPTION = opnumOf("guard_no_exception");
const R_GUARD_EXCEPTION = opnumOf("guard_exception");
const R_GUARD_NOT_FORCED = opnumOf("guard_not_forced");

function bi(f: MIFrame, pc: number, k: number): AbstractValue {
  return f.boxesI[f.code[pc + k]!]!;
}
function vi(f: MIFrame, pc: number, k: number): number {
  return f.valuesI[f.code[pc + k]!]!;
}
function descr(f: MIFrame, pc: number, k: number): Descr {
  return f.jitcode.descrs[f.code[pc + k]!]!;
}

/** The argument lists of a call instruction, read by kind: boxes and values. */
class CallArgs {
  readonly boxesI: AbstractValue[];
  readonly valuesI: number[];
  readonly boxesR: AbstractValue[];
  readonly valuesR: number[];
  readonly boxesF: AbstractValue[];
  readonly valuesF: number[];
  /** The place after the lists. */
  at: number;

  constructor(f: MIFrame, at: number, args: string) {
    this.boxesI = [];
    this.valuesI = [];
    this.boxesR = [];
    this.valuesR = [];
    this.boxesF = [];
    this.valuesF = [];
    this.at = at;
    if (args !== "r") this.readList(f, "i");
    this.readList(f, "r");
    if (args === "irf") this.readList(f, "f");
  }

  private readList(f: MIFrame, kind: string): void {
    const n = f.code[this.at]!;
    for (let k = 1; k <= n; k++) {
      const reg = f.code[this.at + k]!;
      if (kind === "i") {
        this.boxesI.push(f.boxesI[reg]!);
        this.valuesI.push(f.valuesI[reg]!);
      } else if (kind === "r") {
        this.boxesR.push(f.boxesR[reg]!);
        this.valuesR.push(f.valuesR[reg]!);
      } else {
        this.boxesF.push(f.boxesF[reg]!);
        this.valuesF.push(f.valuesF[reg]!);
      }
    }
    this.at += n + 1;
  }

  /** The arguments' boxes in the call descriptor's order (RPython's _build_allboxes), the function first. */
  allBoxes(func: AbstractValue, d: CallDescr, where: string): AbstractValue[] {
    const all: AbstractValue[] = [func];
    let ki = 0;
    let kr = 0;
    let kf = 0;
    for (let k = 0; k < d.argKinds.length; k++) {
      const kind = d.argKinds.charAt(k);
      if (kind === "i" && ki < this.boxesI.length) all.push(this.boxesI[ki++]!);
      else if (kind === "r" && kr < this.boxesR.length) all.push(this.boxesR[kr++]!);
      else if (kind === "f" && kf < this.boxesF.length) all.push(this.boxesF[kf++]!);
      else throw new MetaInterpError(`${where}: the call's arguments do not match ${d.name}'s kinds ${d.argKinds}`);
    }
    if (ki !== this.boxesI.length || kr !== this.boxesR.length || kf !== this.boxesF.length) {
      throw new MetaInterpError(`${where}: the call's arguments do not match ${d.name}'s kinds ${d.argKinds}`);
    }
    return all;
  }
}


/** The call resoperation for the effect and result kind (`i`, `r`, `f`, `v`). */
/** The call's resoperation; an elidable call that raised is a plain call (RPython's do_residual_call), never shared with another. */
function callOpnum(d: CallDescr, result: string, raised: boolean): number {
  const suffix = result === "v" ? "n" : result;
  const extra = d.effect.extraEffect;
  if (d.effect.isElidable() && !raised) return callOp("call_pure_", suffix);
  if (extra === EF_LOOPINVARIANT) return callOp("call_loopinvariant_", suffix);
  if (extra === EF_FORCES_VIRTUAL_OR_VIRTUALIZABLE) return callOp("call_may_force_", suffix);
  return callOp("call_", suffix);
}

function callOp(prefix: string, suffix: string): number {
  const name = prefix + suffix;
  for (let k = 0; k < CALL_OPNAMES.length; k++) if (CALL_OPNAMES[k] === name) return CALL_OPNUMS[k]!;
  throw new MetaInterpError(`no resoperation ${name}`);
}

const CALL_OPNAMES: readonly string[] = [
  "call_i", "call_r", "call_f", "call_n",
  "call_pure_i", "call_pure_r", "call_pure_f", "call_pure_n",
  "call_loopinvariant_i", "call_loopinvariant_r", "call_loopinvariant_f", "call_loopinvariant_n",
  "call_may_force_i", "call_may_force_r", "call_may_force_f", "call_may_force_n",
];
const CALL_OPNUMS: readonly number[] = [
  opnumOf("call_i"), opnumOf("call_r"), opnumOf("call_f"), opnumOf("call_n"),
  opnumOf("call_pure_i"), opnumOf("call_pure_r"), opnumOf("call_pure_f"), opnumOf("call_pure_n"),
  opnumOf("call_loopinvariant_i"), opnumOf("call_loopinvariant_r"), opnumOf("call_loopinvariant_f"), opnumOf("call_loopinvariant_n"),
  opnumOf("call_may_force_i"), opnumOf("call_may_force_r"), opnumOf("call_may_force_f"), opnumOf("call_may_force_n"),
];

/**
 * residual_call_<args>_<result>: the function, the lists, the call descriptor, the result.
 * Runs the call; records it (an elidable call on constants that did not raise gives a
 * constant), then guard_not_forced for may-force calls, then guard_exception when it raised
 * (the exception then travels: RAISED) or guard_no_exception when it could have.
 */
export function residualCall(mi: MetaInterp, f: MIFrame, pc: number, args: string, result: string): number {
  const funcBox = bi(f, pc, 1);
  const func = vi(f, pc, 1);
  const lists = new CallArgs(f, pc + 2, args);
  const d = descr(f, pc, 0 + lists.at - pc);
  if (!(d instanceof CallDescr)) throw new MetaInterpError(`${f.jitcode.name}: pc ${pc} needs a call descriptor`);
  const resultAt = lists.at + 1;
  const next = result === "v" ? resultAt : resultAt + 1;
  const cpu = mi.cpu;
  let value = 0;
  let valueF = 0.0;
  if (result === "i") value = cpu.callInt(func, d, lists.valuesI, lists.valuesR, lists.valuesF);
  else if (result === "r") value = cpu.callRef(func, d, lists.valuesI, lists.valuesR, lists.valuesF);
  else if (result === "f") valueF = cpu.callFloat(func, d, lists.valuesI, lists.valuesR, lists.valuesF);
  else cpu.callVoid(func, d, lists.valuesI, lists.valuesR, lists.valuesF);
  const exception = cpu.pendingException();
  const allBoxes = lists.allBoxes(funcBox, d, `${f.jitcode.name}: pc ${pc}`);
  let box: AbstractValue = result === "f" ? new ConstFloat(valueF) : constOf(result, value);
  let recorded = false;
  if (mi.tracing && !(d.effect.isElidable() && exception === 0 && allConstant(allBoxes))) {
    const opnum = callOpnum(d, result, exception !== 0);
    const op = mi.effect(opnum, allBoxes, d);
    if (op !== null) {
      box = op;
      recorded = true;
    }
    // what the call may write is no longer known (heapcache.ts)
    mi.heapCache.call(d, RESOPS[opnum]!.callKind === "may_force");
  }
  if (exception === 0) {
    if (result === "i") f.setInt(f.code[resultAt]!, box, value);
    else if (result === "r") f.setRef(f.code[resultAt]!, box, value);
    else if (result === "f") f.setFloat(f.code[resultAt]!, box, valueF);
  }
  if (recorded && d.effect.extraEffect === EF_FORCES_VIRTUAL_OR_VIRTUALIZABLE) {
    const none: AbstractValue[] = [];
    mi.guard(R_GUARD_NOT_FORCED, none, mi.livePcAfter(f, next));
  }
  if (exception !== 0) {
    cpu.clearException();
    mi.exception = exception;
    mi.exceptionBox = new ConstPtr(exception, "");
    if (recorded) {
      const cls: AbstractValue[] = [new ConstInt(cpu.classOf(exception), "")];
      const op = mi.guard(R_GUARD_EXCEPTION, cls, mi.livePcAfter(f, next));
      if (op !== null) mi.exceptionBox = op;
    }
    f.pc = next;
    return RAISED;
  }
  if (recorded && d.effect.canRaise) {
    const none: AbstractValue[] = [];
    mi.guard(R_GUARD_NO_EXCEPTION, none, mi.livePcAfter(f, next));
  }
  return next;
}

/** inline_call_<args>_<result>: the callee's jitcode, the lists, the result register. Pushes the callee's frame. */
export function inlineCall(mi: MetaInterp, f: MIFrame, pc: number, args: string, result: string): number {
  const callee = descr(f, pc, 1);
  if (!(callee instanceof JitCode)) throw new MetaInterpError(`${f.jitcode.name}: pc ${pc} needs a jitcode`);
  const lists = new CallArgs(f, pc + 2, args);
  let at = lists.at;
  const returnReg = result === "v" ? -1 : f.code[at]!;
  if (result !== "v") at++;
  f.pc = at;
  const frame = mi.pushFrame(callee, lists.valuesI, lists.valuesR, lists.valuesF, true, lists.boxesI, lists.boxesR, lists.boxesF);
  frame.returnReg = returnReg;
  return SWITCHED;
}
