/**
 * The float operations (SSE2 scalar doubles; RPython's genop_float_*): IEEE 754 arithmetic as
 * JavaScript's, comparisons false on NaN (ucomisd's unordered result: ZF, PF and CF set), the
 * sign handled on the bits (neg flips it, abs clears it), and the conversions: truncation toward
 * zero (cvttsd2si; the codewriter checks the range before) and the nearest double (cvtsi2sd).
 *
 * RTS.
 */

import { ConstFloat, type ResOperation } from "../history.js";
import {
  AND_rr, CC_E, CC_NE, CC_NP, CC_P, CVTSI2SD_xr, CVTTSD2SI_rx, type Form, memRipLabel, MOV_ri, MOVQ_rx, MOVZX8_rr, MOVQ_xr, OR_rr, R11, RAX,
  SETcc_r, SHL_ri, SHR_ri, UCOMISD_xx, XOR_rr,
} from "./asm.js";
import { setFromFlags } from "./ops-int.js";
import type { TraceAssembler } from "./trace-assembler.js";

/** a op b in place: `xx` with b in a register, `xm` with a constant b from the pool. */
export function emitFloatBinary(t: TraceAssembler, op: ResOperation, xx: Form, xm: Form): void {
  const a = op.args[0]!;
  const b = op.args[1]!;
  if (b instanceof ConstFloat) {
    const d = t.inPlaceXmm(op, a);
    t.asm.rm(xm, d, memRipLabel(t.floatConstant(b.value), 0));
    return;
  }
  const s = t.xmm(b, 15);
  const d = t.inPlaceXmm(op, a);
  t.asm.rr(xx, d, s);
}

/** -a (negate: the sign bit flipped) or |a| (the sign bit cleared), on the bits in RAX. */
export function emitFloatSign(t: TraceAssembler, op: ResOperation, negate: boolean): void {
  t.asm.rr(MOVQ_rx, RAX, t.xmm(op.args[0]!, 15));
  if (negate) {
    t.asm.ri(MOV_ri, R11, 1);
    t.asm.ri(SHL_ri, R11, 63);
    t.asm.rr(XOR_rr, RAX, R11);
  } else {
    t.asm.ri(SHL_ri, RAX, 1);
    t.asm.ri(SHR_ri, RAX, 1);
  }
  t.asm.rr(MOVQ_xr, t.resultXmm(op), RAX);
}

/**
 * A comparison as 0 or 1: ucomisd x, y then `cc` (CC_A for >, CC_AE for >=, both false on NaN);
 * `swap` compares b with a (a < b is b > a).
 */
export function emitFloatCompare(t: TraceAssembler, op: ResOperation, swap: boolean, cc: number): void {
  const fused = t.fusesWithGuard(op);
  const d = fused ? -1 : t.resultGpr(op);
  const x = t.xmm(op.args[swap ? 1 : 0]!, 15);
  const y = t.xmm(op.args[swap ? 0 : 1]!, 14);
  t.asm.rr(UCOMISD_xx, x, y);
  // A and AE are false when unordered (CF set), so their inverses hold for NaN: a fused guard_true fails on NaN
  if (fused) t.fuse(op, cc);
  else setFromFlags(t, d, cc);
}

/** a == b (equal and ordered) or a != b (not equal or unordered). */
export function emitFloatEquality(t: TraceAssembler, op: ResOperation, equal: boolean): void {
  const d = t.resultGpr(op);
  const x = t.xmm(op.args[0]!, 15);
  const y = t.xmm(op.args[1]!, 14);
  t.asm.rr(UCOMISD_xx, x, y);
  if (equal) {
    t.asm.r(SETcc_r[CC_E]!, d);
    t.asm.r(SETcc_r[CC_NP]!, RAX);
    t.asm.rr(AND_rr, d, RAX);
  } else {
    t.asm.r(SETcc_r[CC_NE]!, d);
    t.asm.r(SETcc_r[CC_P]!, RAX);
    t.asm.rr(OR_rr, d, RAX);
  }
  setFromFlagsDone(t, d);
}

/** Zero-extends the byte in d (after SETcc and a combination of two). */
function setFromFlagsDone(t: TraceAssembler, d: number): void {
  t.asm.rr(MOVZX8_rr, d, d);
}

export function emitFloatToInt(t: TraceAssembler, op: ResOperation): void {
  const x = t.xmm(op.args[0]!, 15);
  t.asm.rr(CVTTSD2SI_rx, t.resultGpr(op), x);
}

export function emitIntToFloat(t: TraceAssembler, op: ResOperation): void {
  const r = t.gpr(op.args[0]!, R11);
  t.asm.rr(CVTSI2SD_xr, t.resultXmm(op), r);
}

export function emitFloatCopy(t: TraceAssembler, op: ResOperation): void {
  t.inPlaceXmm(op, op.args[0]!);
}
