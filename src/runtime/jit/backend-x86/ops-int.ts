/**
 * The integer operations (RPython's x86/assembler.py genop_int_*, reduced): each computes what
 * the trace interpreter computes (trace-interp.ts, int-arith.ts) on 64-bit registers. For the
 * integers RTS keeps exact (|x| <= 2^53) the two agree: the wrapping operations give the same
 * result, and the `_ovf` operations overflow exactly when the result leaves |x| <= 2^53 (the LL
 * int_add_ovf's meaning, not the CPU's 64-bit overflow flag), their result 0 then.
 *
 * RTS.
 */

import { type AbstractValue, Const, type ResOperation } from "../history.js";
import {
  ADD_rr, CC_A, CC_O, CC_S, CMOVcc_rr, CMP_ri, CMP_rr, CQO, type Form, IDIV_r, Jcc_l32, JMP_l, Label, MOV_ri, MOV_rr,
  MOVSX16_rr, MOVSX32_rr, MOVSX8_rr, MOVZX8_rr, R11, RAX, RCX, RDX, SETcc_r, SHL_ri, TEST_rr, XOR32_rr,
} from "./asm.js";
import { type TraceAssembler, TraceRefused } from "./trace-assembler.js";

/** a op b computed in place: `rr` with b in a register, `ri` with a 32-bit immediate b. */
export function emitAlu(t: TraceAssembler, op: ResOperation, rr: Form, ri: Form): number {
  const a = op.args[0]!;
  const b = op.args[1]!;
  if (t.isImm32(b)) {
    const d = t.inPlaceGpr(op, a);
    t.asm.ri(ri, d, t.constInt(b));
    return d;
  }
  const s = t.gpr(b, R11);
  const d = t.inPlaceGpr(op, a);
  t.asm.rr(rr, d, s);
  return d;
}

/** a * b in place (imul has a three-operand immediate form). */
export function emitMul(t: TraceAssembler, op: ResOperation, rr: Form, rri: Form): number {
  const a = op.args[0]!;
  const b = op.args[1]!;
  if (t.isImm32(b)) {
    const d = t.inPlaceGpr(op, a);
    t.asm.rri(rri, d, d, t.constInt(b));
    return d;
  }
  const s = t.gpr(b, R11);
  const d = t.inPlaceGpr(op, a);
  t.asm.rr(rr, d, s);
  return d;
}

/** a shifted by b: an immediate count, or the count in CL. */
export function emitShift(t: TraceAssembler, op: ResOperation, rcl: Form, ri: Form): void {
  const a = op.args[0]!;
  const b = op.args[1]!;
  if (b instanceof Const) {
    const d = t.inPlaceGpr(op, a);
    t.asm.ri(ri, d, t.constInt(b) & 63);
    return;
  }
  const s = t.gpr(b, RCX);
  if (s !== RCX) t.asm.rr(MOV_rr, RCX, s);
  const d = t.inPlaceGpr(op, a);
  t.asm.r(rcl, d);
}

/** -a, ~a in place. */
export function emitUnary(t: TraceAssembler, op: ResOperation, form: Form): void {
  const d = t.inPlaceGpr(op, op.args[0]!);
  t.asm.r(form, d);
}

/** A copy (same_as, the casts between references and integers). */
export function emitCopy(t: TraceAssembler, op: ResOperation): void {
  t.inPlaceGpr(op, op.args[0]!);
}

/** a / b truncated (the quotient of idiv) or a % b with a's sign (its remainder); b is not 0 (the codewriter guards it). */
export function emitDivision(t: TraceAssembler, op: ResOperation, remainder: boolean): void {
  const s = t.gpr(op.args[1]!, R11);
  const a = t.gpr(op.args[0]!, RAX);
  if (a !== RAX) t.asm.rr(MOV_rr, RAX, a);
  t.asm.none(CQO);
  t.asm.r(IDIV_r, s);
  const d = t.resultGpr(op);
  t.asm.rr(MOV_rr, d, remainder ? RDX : RAX);
}

/** Sets register d to 1 when the flags say cc, else 0. */
export function setFromFlags(t: TraceAssembler, d: number, cc: number): void {
  t.asm.r(SETcc_r[cc]!, d);
  t.asm.rr(MOVZX8_rr, d, d);
}

/** Flags as after CMP a, b, for integers and references. */
function compare(t: TraceAssembler, a: AbstractValue, b: AbstractValue): void {
  const r = t.gpr(a, R11);
  if (t.isImm32(b)) {
    t.asm.ri(CMP_ri, r, t.constInt(b));
    return;
  }
  t.asm.rr(CMP_rr, r, t.gpr(b, RAX));
}

/** a <cc> b as 0 or 1. */
export function emitCompare(t: TraceAssembler, op: ResOperation, cc: number): void {
  if (t.fusesWithGuard(op)) {
    compare(t, op.args[0]!, op.args[1]!);
    t.fuse(op, cc);
    return;
  }
  const d = t.resultGpr(op);
  compare(t, op.args[0]!, op.args[1]!);
  setFromFlags(t, d, cc);
}

/** a != 0 (cc CC_NE) or a == 0 (CC_E) as 0 or 1. */
export function emitZeroTest(t: TraceAssembler, op: ResOperation, cc: number): void {
  const r = t.gpr(op.args[0]!, R11);
  if (t.fusesWithGuard(op)) {
    t.asm.rr(TEST_rr, r, r);
    t.fuse(op, cc);
    return;
  }
  const d = t.resultGpr(op);
  t.asm.rr(TEST_rr, r, r);
  setFromFlags(t, d, cc);
}

export function emitForceGeZero(t: TraceAssembler, op: ResOperation): void {
  const d = t.inPlaceGpr(op, op.args[0]!);
  t.asm.rr(XOR32_rr, RAX, RAX);
  t.asm.rr(TEST_rr, d, d);
  t.asm.rr(CMOVcc_rr[CC_S]!, d, RAX);
}

/** The low n bytes of a sign-extended; n is a constant 1, 2, 4 or 8. */
export function emitSignExt(t: TraceAssembler, op: ResOperation): void {
  const n = op.args[1]!;
  if (!(n instanceof Const)) throw new TraceRefused("int_signext with a byte count that is not a constant");
  const bytes = t.constInt(n);
  if (bytes >= 8) {
    t.inPlaceGpr(op, op.args[0]!);
    return;
  }
  const s = t.gpr(op.args[0]!, R11);
  const d = t.resultGpr(op);
  if (bytes === 1) t.asm.rr(MOVSX8_rr, d, s);
  else if (bytes === 2) t.asm.rr(MOVSX16_rr, d, s);
  else if (bytes === 4) t.asm.rr(MOVSX32_rr, d, s);
  else throw new TraceRefused(`int_signext of ${bytes} bytes`);
}

/**
 * An `_ovf` operation: the 64-bit result (for a product, the CPU's overflow flag first: two
 * exact integers may have a product past 64 bits), then |d| <= 2^53 as d + 2^53 <= 2^54 unsigned.
 * Both failures go to one label: the next operation's (guard_no_overflow, guard_overflow), or a
 * path right here that sets the result to 0.
 */
export function emitOvf(t: TraceAssembler, d: number): void {
  const asm = t.asm;
  const overflow = new Label();
  asm.l(Jcc_l32[CC_O]!, overflow);
  asm.rr(MOV_rr, RAX, d);
  asm.ri(MOV_ri, R11, 1);
  asm.ri(SHL_ri, R11, 53); // 2^53 (past the 64-bit immediates RTS integers give exactly)
  asm.rr(ADD_rr, RAX, R11);
  asm.rr(ADD_rr, R11, R11);
  asm.rr(CMP_rr, RAX, R11);
  asm.l(Jcc_l32[CC_A]!, overflow);
  const next = t.nextOp();
  const nextName = next === null ? "" : next.name();
  if (nextName === "guard_no_overflow" || nextName === "guard_overflow") {
    t.ovfLabel = overflow;
    t.ovfResult = d;
    return;
  }
  const over = new Label();
  asm.l(JMP_l, over);
  asm.bind(overflow);
  asm.rr(XOR32_rr, d, d);
  asm.bind(over);
}
