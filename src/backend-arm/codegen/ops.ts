/**
 * Instruction selection for values: comparisons (fused into the block's branch when they end it:
 * cmp and b.cond, or cbz/cbnz for a test against zero), integer arithmetic with immediates
 * folded where the assembler says they fit (add/sub/cmp's imm12, logical bitmask immediates),
 * doubles, conversions and the safety checks, which branch to an out-of-line call of the
 * runtime's fatal routines. ops-table.ts maps every LL operation to its emitter.
 *
 * A64 has three-operand forms, so a result is written once, after its operands are read: an
 * operand whose last use this is may share the result's register (the allocator allows it).
 * Scratch: x16 and x17 take operands that live in slots, x18 a result bound for a slot (d30
 * and d31 for doubles); sequences never write the result before reading the last operand.
 */

import { LLConstant, LLVariable, type LLOperation, type LLValue } from "../../llir/llgraph.js";
import { Bool, Float, Void } from "../../llir/lltype.js";
import type { LLOpName } from "../../llir/lloperation.js";
import { NULL_OBJECT, NULL_WORD, UNDEFINED_WORD } from "../../rtyper/rnullable.js";
import { CC_EQ, CC_GE, CC_GT, CC_HI, CC_HS, CC_LE, CC_LO, CC_LS, CC_LT, CC_MI, CC_NE, CC_VS } from "../../runtime/aarch64/encoding.js";
import type { Form } from "../../runtime/aarch64/encoding.js";
import * as I from "../../runtime/aarch64/instructions.js";
import { Label, SHIFT_ASR, SHIFT_LSL } from "../../runtime/aarch64/operands.js";
import { constantNumber, fitsAddSub, fitsLogical, type Condition, type FunctionCompiler } from "./function.js";
import { SCRATCH, SCRATCH2, SCRATCH3, XSCRATCH, XSCRATCH2 } from "./locations.js";

export type Emit = (fc: FunctionCompiler, op: LLOperation) => void;

const TWO_53 = 2 ** 53;

const numberOf = (v: LLValue): number | undefined => (v instanceof LLConstant ? constantNumber(v) : undefined);

// ---- comparisons

interface Comparison {
  kind: "int" | "float" | "test" | "between";
  cc: number;
}

/**
 * Integer conditions are the signed ones (chars are 16-bit values, zero-extended); doubles use
 * the conditions that are false when unordered (MI for <, LS for <=: FCMP sets C and V on a NaN),
 * except NE, which a NaN makes true, as JavaScript's !== does.
 */
const COMPARISONS: Partial<Record<LLOpName, Comparison>> = {
  int_lt: { kind: "int", cc: CC_LT },
  int_le: { kind: "int", cc: CC_LE },
  int_eq: { kind: "int", cc: CC_EQ },
  int_ne: { kind: "int", cc: CC_NE },
  int_gt: { kind: "int", cc: CC_GT },
  int_ge: { kind: "int", cc: CC_GE },
  char_lt: { kind: "int", cc: CC_LT },
  char_le: { kind: "int", cc: CC_LE },
  char_eq: { kind: "int", cc: CC_EQ },
  char_ne: { kind: "int", cc: CC_NE },
  char_gt: { kind: "int", cc: CC_GT },
  char_ge: { kind: "int", cc: CC_GE },
  ptr_eq: { kind: "int", cc: CC_EQ },
  ptr_ne: { kind: "int", cc: CC_NE },
  ptr_nonzero: { kind: "test", cc: CC_NE },
  ptr_iszero: { kind: "test", cc: CC_EQ },
  int_between: { kind: "between", cc: CC_LO },
  float_lt: { kind: "float", cc: CC_MI },
  float_le: { kind: "float", cc: CC_LS },
  float_gt: { kind: "float", cc: CC_GT },
  float_ge: { kind: "float", cc: CC_GE },
  float_eq: { kind: "float", cc: CC_EQ },
  float_ne: { kind: "float", cc: CC_NE },
};

/** The condition that holds after cmp b, a when cc held after cmp a, b. */
const SWAPPED: Record<number, number> = {
  [CC_LT]: CC_GT, [CC_GT]: CC_LT, [CC_LE]: CC_GE, [CC_GE]: CC_LE, [CC_EQ]: CC_EQ, [CC_NE]: CC_NE,
  [CC_LO]: CC_HI, [CC_HI]: CC_LO, [CC_LS]: CC_HS, [CC_HS]: CC_LS,
};

export function conditionOf(opname: LLOpName): Comparison | undefined {
  return COMPARISONS[opname];
}

/** Emits the comparison of op (one of COMPARISONS) and returns the condition that means true. */
export function emitCompare(fc: FunctionCompiler, op: LLOperation): Condition {
  const c = COMPARISONS[op.opname]!;
  const asm = fc.asm;
  switch (c.kind) {
    case "test":
      return { kind: "zero", reg: fc.gpr(op.args[0]!, SCRATCH), zero: c.cc === CC_EQ };
    case "int":
      return compareInts(fc, op.args[0]!, op.args[1]!, c.cc);
    case "between": {
      // lo <= x < hi as one unsigned comparison: x - lo < hi - lo (the table's contract: lo <= hi).
      const [lo, x, hi] = op.args as [LLValue, LLValue, LLValue];
      const low = numberOf(lo);
      const high = numberOf(hi);
      if (low !== undefined && high !== undefined && low <= high) {
        fc.addConstant(SCRATCH, fc.gpr(x, SCRATCH), -low);
        fc.compareConstant(SCRATCH, high - low);
        return { kind: "flags", cc: CC_LO };
      }
      // Bounds in registers (a helper not inlined, ll_instanceof at --opt 0): the same test.
      const l = fc.gpr(lo, SCRATCH3);
      asm.rrr(I.SUB_rrr, SCRATCH, fc.gpr(x, SCRATCH), l);
      asm.rrr(I.SUB_rrr, SCRATCH2, fc.gpr(hi, SCRATCH2), l);
      asm.rr(I.CMP_rr, SCRATCH, SCRATCH2);
      return { kind: "flags", cc: CC_LO };
    }
    case "float": {
      const a = fc.fprOf(op.args[0]!, XSCRATCH2);
      const b = fc.fprOf(op.args[1]!, XSCRATCH);
      asm.rr(I.FCMP_vv, a, b);
      return { kind: "flags", cc: c.cc };
    }
  }
}

/** Compares a with b (an immediate folded, either side, when it fits) and returns the condition meaning "a cc b". */
function compareInts(fc: FunctionCompiler, a: LLValue, b: LLValue, cc: number): Condition {
  let A = a;
  let B = b;
  if (numberOf(A) !== undefined && numberOf(B) === undefined) {
    [A, B] = [B, A];
    cc = SWAPPED[cc]!;
  }
  const n = numberOf(B);
  if (n === 0 && (cc === CC_EQ || cc === CC_NE) && numberOf(A) === undefined) return { kind: "zero", reg: fc.gpr(A, SCRATCH), zero: cc === CC_EQ };
  const r = fc.gpr(A, SCRATCH);
  if (n !== undefined && (fitsAddSub(n) || fitsAddSub(-n))) fc.compareConstant(r, n);
  else fc.asm.rr(I.CMP_rr, r, fc.gprOrZero(B, SCRATCH2));
  return { kind: "flags", cc };
}

/** Materializes a condition as 0 or 1 in the result's register. */
function setCondition(fc: FunctionCompiler, cond: Condition, result: LLVariable): void {
  let cc: number;
  if (cond.kind === "zero") {
    fc.asm.ri(I.CMP_ri, cond.reg, 0);
    cc = cond.zero ? CC_EQ : CC_NE;
  } else cc = cond.cc;
  const d = fc.dst(result);
  fc.asm.ri(I.CSET_rc, d, cc);
  fc.finish(result, d);
}

export const compare: Emit = (fc, op) => setCondition(fc, emitCompare(fc, op), op.result);

// ---- integer arithmetic

interface AluForms {
  rrr: Form;
  /** With an immediate: add/sub's imm12 (negated into the other when negative) or a logical bitmask. */
  rri?: Form;
  /** The form of the negated immediate (sub for add, add for sub). */
  negated?: Form;
  logical?: boolean;
}

const ADD: AluForms = { rrr: I.ADD_rrr, rri: I.ADD_rri, negated: I.SUB_rri };
const SUB: AluForms = { rrr: I.SUB_rrr, rri: I.SUB_rri, negated: I.ADD_rri };
const AND: AluForms = { rrr: I.AND_rrr, rri: I.AND_rri, logical: true };
const OR: AluForms = { rrr: I.ORR_rrr, rri: I.ORR_rri, logical: true };
const XOR: AluForms = { rrr: I.EOR_rrr, rri: I.EOR_rri, logical: true };
const MUL: AluForms = { rrr: I.MUL_rrr };

/** d = a op b, into register d, the immediate folded when it fits (a constant a swapped in when commutative). */
function alu(fc: FunctionCompiler, forms: AluForms, commutative: boolean, d: number, a: LLValue, b: LLValue): void {
  const asm = fc.asm;
  if (commutative && numberOf(a) !== undefined && numberOf(b) === undefined) [a, b] = [b, a];
  const n = numberOf(b);
  // x + 0, x - 0, x | 0, x ^ 0: a copy.
  if (n === 0 && (forms === ADD || forms === SUB || forms === OR || forms === XOR)) {
    const r = fc.gpr(a, d);
    if (r !== d) asm.rr(I.MOV_rr, d, r);
    return;
  }
  if (n !== undefined && forms.rri) {
    if (forms.logical ? fitsLogical(n) : fitsAddSub(n)) {
      asm.rri(forms.rri, d, fc.gpr(a, SCRATCH), n);
      return;
    }
    if (!forms.logical && forms.negated && fitsAddSub(-n)) {
      asm.rri(forms.negated, d, fc.gpr(a, SCRATCH), -n);
      return;
    }
  }
  if (forms === SUB && numberOf(a) === 0) {
    asm.rr(I.NEG_rr, d, fc.gpr(b, SCRATCH2));
    return;
  }
  asm.rrr(forms.rrr, d, fc.gprOrZero(a, SCRATCH), fc.gprOrZero(b, SCRATCH2));
}

function binary(forms: AluForms, commutative: boolean): Emit {
  return (fc, op) => {
    const d = fc.dst(op.result);
    alu(fc, forms, commutative, d, op.args[0]!, op.args[1]!);
    fc.finish(op.result, d);
  };
}

const OVERFLOW = "integer overflow: the result is beyond the integers JavaScript keeps exact (2^53)";

/** The out-of-line stop of an operation whose integer result left the safe range. */
function overflowPath(fc: FunctionCompiler, op: LLOperation): Label {
  return fc.fatalPath(fc.program.runtime.fatal, [{ value: { string: OVERFLOW }, float: false }], op.pos);
}

/**
 * Jumps to fail unless |r| <= 2^53: r + 2^53 must be at most 2^54 as an unsigned number
 * (x16 = 2^53, x17 = r + 2^53, compared with x16 << 1). r is neither x16 nor x17.
 */
export function checkSafeIntegerWith(fc: FunctionCompiler, r: number, fail: Label): void {
  const asm = fc.asm;
  asm.movConstant(SCRATCH, TWO_53);
  asm.rrr(I.ADD_rrr, SCRATCH2, r, SCRATCH);
  asm.rrii(I.CMP_rrsi, SCRATCH2, SCRATCH, SHIFT_LSL, 1);
  asm.l(I.Bcc_l[CC_HI]!, fail);
}

/** a op b, stopping the program when the result leaves the safe integers (int_add_ovf, int_sub_ovf). */
function checkedBinary(forms: AluForms, commutative: boolean): Emit {
  return (fc, op) => {
    const d = fc.dst(op.result);
    alu(fc, forms, commutative, d, op.args[0]!, op.args[1]!);
    checkSafeIntegerWith(fc, d, overflowPath(fc, op));
    fc.finish(op.result, d);
  };
}

/** a * b, stopping when the product leaves the safe integers: its high 64 bits (smulh) must be the low half's sign first. */
const mulOvf: Emit = (fc, op) => {
  const asm = fc.asm;
  const d = fc.dst(op.result);
  const fail = overflowPath(fc, op);
  const a = fc.gpr(op.args[0]!, SCRATCH);
  const b = fc.gpr(op.args[1]!, SCRATCH2);
  asm.rrr(I.SMULH_rrr, SCRATCH3, a, b);
  const low = d === SCRATCH3 ? SCRATCH : d;
  asm.rrr(I.MUL_rrr, low, a, b);
  asm.rrii(I.CMP_rrsi, SCRATCH3, low, SHIFT_ASR, 63);
  asm.l(I.Bcc_l[CC_NE]!, fail);
  if (low !== d) asm.rr(I.MOV_rr, d, low);
  checkSafeIntegerWith(fc, d, fail);
  fc.finish(op.result, d);
};

const negOvf: Emit = (fc, op) => {
  const d = fc.dst(op.result);
  fc.asm.rr(I.NEG_rr, d, fc.gpr(op.args[0]!, SCRATCH));
  checkSafeIntegerWith(fc, d, overflowPath(fc, op));
  fc.finish(op.result, d);
};

/** A one-register operation d = f(a) (neg, mvn, sxtw, uxth, mov w). */
function unary(form: Form): Emit {
  return (fc, op) => {
    const d = fc.dst(op.result);
    fc.asm.rr(form, d, fc.gpr(op.args[0]!, SCRATCH));
    fc.finish(op.result, d);
  };
}

const intAbs: Emit = (fc, op) => {
  const d = fc.dst(op.result);
  const a = fc.gpr(op.args[0]!, SCRATCH);
  fc.asm.ri(I.CMP_ri, a, 0);
  fc.asm.rrri(I.CSNEG_rrrc, d, a, a, CC_GE);
  fc.finish(op.result, d);
};

/** a / b (sdiv, toward zero) or a % b (a - (a / b) * b: the dividend's sign), a zero divisor stopping the program. */
function division(remainder: boolean, message: string): Emit {
  return (fc, op) => {
    const asm = fc.asm;
    const d = fc.dst(op.result);
    const divisor = numberOf(op.args[1]!);
    const b = fc.gpr(op.args[1]!, SCRATCH2);
    if (divisor === undefined || divisor === 0) asm.rl(I.CBZ_rl, b, fc.fatalPath(fc.program.runtime.fatal, [{ value: { string: message }, float: false }], op.pos));
    const a = fc.gpr(op.args[0]!, SCRATCH);
    if (remainder) {
      asm.rrr(I.SDIV_rrr, SCRATCH3, a, b);
      asm.rrrr(I.MSUB_rrrr, d, SCRATCH3, b, a);
    } else asm.rrr(I.SDIV_rrr, d, a, b);
    fc.finish(op.result, d);
  };
}

interface ShiftForms {
  rri: Form;
  rrr: Form;
}

/** a << n and friends: an immediate count (modulo the width), or the count in a register (which A64 takes modulo the width too). */
function shift(forms: ShiftForms, width32: boolean): Emit {
  return (fc, op) => {
    const asm = fc.asm;
    const [a, n] = op.args as [LLValue, LLValue];
    const count = numberOf(n);
    const d = fc.dst(op.result);
    const ra = fc.gpr(a, SCRATCH);
    if (count !== undefined) asm.rri(forms.rri, d, ra, count & (width32 ? 31 : 63));
    else asm.rrr(forms.rrr, d, ra, fc.gpr(n, SCRATCH2));
    if (width32) asm.rr(I.SXTW_rr, d, d);
    fc.finish(op.result, d);
  };
}

/** An operation that only moves its last operand into its result (casts that change nothing, same_as, promote). */
export const copy: Emit = (fc, op) => {
  const v = op.args[op.args.length - 1]!;
  const loc = fc.locOf(op.result);
  if (loc === undefined || op.result.type === Void) return;
  const float = op.result.type === Float;
  if (v instanceof LLConstant) fc.loadConstant(v, loc, float);
  else fc.move(fc.locOf(v)!, loc, float);
};

const boolNot: Emit = (fc, op) => {
  const d = fc.dst(op.result);
  fc.asm.rri(I.EOR_rri, d, fc.gpr(op.args[0]!, SCRATCH), 1);
  fc.finish(op.result, d);
};

// ---- doubles

function floatBinary(form: Form): Emit {
  return (fc, op) => {
    const a = fc.fprOf(op.args[0]!, XSCRATCH2);
    const b = fc.fprOf(op.args[1]!, XSCRATCH);
    const d = fc.fdst(op.result);
    fc.asm.rrr(form, d, a, b);
    fc.finish(op.result, d);
  };
}

/** fneg, fabs, fsqrt, frint*: one double into the result. */
function floatUnary(form: Form): Emit {
  return (fc, op) => {
    const a = fc.fprOf(op.args[0]!, XSCRATCH2);
    const d = fc.fdst(op.result);
    fc.asm.rr(form, d, a);
    fc.finish(op.result, d);
  };
}

const intToFloat: Emit = (fc, op) => {
  const a = fc.gpr(op.args[0]!, SCRATCH);
  const d = fc.fdst(op.result);
  fc.asm.rr(I.SCVTF_vr, d, a);
  fc.finish(op.result, d);
};

/** Double to integer, stopping the program unless the double is an integer within 2^53: converted there and back, it must compare equal (a NaN never does). */
const floatToInt: Emit = (fc, op) => {
  const asm = fc.asm;
  const x = fc.fprOf(op.args[0]!, XSCRATCH2);
  const d = fc.dst(op.result);
  const fail = fc.fatalPath(fc.program.runtime.fatalNotInteger, [{ value: op.args[0]!, float: true }], op.pos);
  asm.rr(I.FCVTZS_rv, d, x);
  asm.rr(I.SCVTF_vr, XSCRATCH, d);
  asm.rr(I.FCMP_vv, x, XSCRATCH);
  asm.l(I.Bcc_l[CC_NE]!, fail);
  checkSafeIntegerWith(fc, d, fail);
  fc.finish(op.result, d);
};

/**
 * JavaScript's ToInt32: fcvtzs gives the integer part when |x| < 2^63, of which the low 32 bits
 * are the answer; it saturates beyond (and at the infinities), which x ^ (x >> 63) = 2^63 - 1
 * tells apart (cmn with 1 overflows). The slow path first takes x modulo 2^32 exactly:
 * x - trunc(x / 2^32) * 2^32 (both terms are multiples of x's unit in the last place, so the
 * difference is exact), NaN and infinities giving NaN, which fcvtzs makes 0.
 */
const floatToInt32: Emit = (fc, op) => {
  const asm = fc.asm;
  const x = fc.fprOf(op.args[0]!, XSCRATCH2);
  const d = fc.dst(op.result);
  const slow = new Label();
  const back = new Label();
  asm.rr(I.FCVTZS_rv, d, x);
  asm.rrrii(I.EOR_rrrsi, SCRATCH, d, d, SHIFT_ASR, 63);
  asm.ri(I.CMN_ri, SCRATCH, 1);
  asm.l(I.Bcc_l[CC_VS]!, slow);
  asm.bind(back);
  asm.rr(I.SXTW_rr, d, d);
  fc.finish(op.result, d);
  fc.defer(() => {
    asm.bind(slow);
    fc.loadDouble(XSCRATCH, 2 ** -32);
    asm.rrr(I.FMUL_vvv, XSCRATCH, x, XSCRATCH);
    asm.rr(I.FRINTZ_vv, XSCRATCH, XSCRATCH);
    fc.loadDouble(XSCRATCH2, -(2 ** 32));
    asm.rrr(I.FMUL_vvv, XSCRATCH, XSCRATCH, XSCRATCH2);
    // x again: d30 held it when it lives in a slot (or is a constant).
    asm.rrr(I.FADD_vvv, XSCRATCH, XSCRATCH, fc.fprOf(op.args[0]!, XSCRATCH2));
    asm.rr(I.FCVTZS_rv, d, XSCRATCH);
    asm.l(I.B_l, back);
  });
};

const floatHighWord: Emit = (fc, op) => {
  const d = fc.dst(op.result);
  fc.asm.rr(I.FMOV_rv, d, fc.fprOf(op.args[0]!, XSCRATCH2));
  fc.asm.rri(I.LSR_rri, d, d, 32);
  fc.finish(op.result, d);
};

const floatLowWord: Emit = (fc, op) => {
  const d = fc.dst(op.result);
  fc.asm.rr(I.FMOV_rv, d, fc.fprOf(op.args[0]!, XSCRATCH2));
  fc.asm.rr(I.MOV32_rr, d, d);
  fc.finish(op.result, d);
};

const floatFromWords: Emit = (fc, op) => {
  const asm = fc.asm;
  asm.rr(I.MOV32_rr, SCRATCH2, fc.gpr(op.args[1]!, SCRATCH2));
  asm.rrrii(I.ORR_rrrsi, SCRATCH, SCRATCH2, fc.gpr(op.args[0]!, SCRATCH), SHIFT_LSL, 32);
  const d = fc.fdst(op.result);
  asm.rr(I.FMOV_vr, d, SCRATCH);
  fc.finish(op.result, d);
};

// ---- checks

const checkIndex: Emit = (fc, op) => {
  const [i, n] = op.args as [LLValue, LLValue];
  const fail = fc.fatalPath(
    fc.program.runtime.fatalIndex,
    [
      { value: i, float: false },
      { value: n, float: false },
    ],
    op.pos,
  );
  // unsigned: a negative index is above any length
  const cond = compareInts(fc, i, n, CC_HS);
  if (cond.kind === "zero") throw new Error("internal error: check_index compared as a test");
  fc.jumpIf(cond, fail);
};

const NULL_MESSAGE = "null or undefined where a value was expected";

const checkNonnull: Emit = (fc, op) => {
  const asm = fc.asm;
  const fail = fc.fatalPath(fc.program.runtime.fatal, [{ value: { string: NULL_MESSAGE }, float: false }], op.pos);
  const p = fc.gpr(op.args[0]!, SCRATCH);
  asm.rl(I.CBZ_rl, p, fail);
  fc.dataAddress(SCRATCH2, "data", fc.program.data.prebuilt(NULL_OBJECT));
  asm.rr(I.CMP_rr, p, SCRATCH2);
  asm.l(I.Bcc_l[CC_EQ]!, fail);
};

const checkDefined: Emit = (fc, op) => {
  const asm = fc.asm;
  const fail = fc.fatalPath(fc.program.runtime.fatal, [{ value: { string: NULL_MESSAGE }, float: false }], op.pos);
  const v = fc.gpr(op.args[0]!, SCRATCH);
  fc.compareConstant(v, UNDEFINED_WORD);
  asm.l(I.Bcc_l[CC_EQ]!, fail);
  fc.compareConstant(v, NULL_WORD);
  asm.l(I.Bcc_l[CC_EQ]!, fail);
};

const debugFatal: Emit = (fc, op) => {
  const message = String((op.args[0] as LLConstant).value);
  fc.asm.l(I.B_l, fc.fatalPath(fc.program.runtime.fatal, [{ value: { string: message }, float: false }], op.pos));
};

export const nothing: Emit = () => {};

/** rts.weAreJitted() in ahead-of-time code: 0 (jitcodes have their own answer). */
const weAreNotJitted: Emit = (fc, op) => {
  const loc = fc.locOf(op.result);
  if (loc !== undefined) fc.loadConstant(new LLConstant(false, Bool), loc, false);
};

export const VALUE_OPERATIONS = {
  int_add: binary(ADD, true),
  int_sub: binary(SUB, false),
  int_mul: binary(MUL, true),
  int_add_ovf: checkedBinary(ADD, true),
  int_sub_ovf: checkedBinary(SUB, false),
  int_mul_ovf: mulOvf,
  int_neg_ovf: negOvf,
  int_mod: division(true, "integer modulo by zero"),
  int_floordiv: division(false, "integer division by zero"),
  int_neg: unary(I.NEG_rr),
  int_abs: intAbs,
  int_and: binary(AND, true),
  int_or: binary(OR, true),
  int_xor: binary(XOR, true),
  int_invert: unary(I.MVN_rr),
  int32_lshift: shift({ rri: I.LSL32_rri, rrr: I.LSL32_rrr }, true),
  int_lshift: shift({ rri: I.LSL_rri, rrr: I.LSL_rrr }, false),
  int_rshift: shift({ rri: I.ASR_rri, rrr: I.ASR_rrr }, false),
  uint_rshift: shift({ rri: I.LSR_rri, rrr: I.LSR_rrr }, false),
  int_to_int32: unary(I.SXTW_rr),
  int_to_uint32: unary(I.MOV32_rr),
  float_add: floatBinary(I.FADD_vvv),
  float_sub: floatBinary(I.FSUB_vvv),
  float_mul: floatBinary(I.FMUL_vvv),
  float_truediv: floatBinary(I.FDIV_vvv),
  float_neg: floatUnary(I.FNEG_vv),
  float_abs: floatUnary(I.FABS_vv),
  float_sqrt: floatUnary(I.FSQRT_vv),
  float_floor: floatUnary(I.FRINTM_vv),
  float_ceil: floatUnary(I.FRINTP_vv),
  float_trunc: floatUnary(I.FRINTZ_vv),
  cast_int_to_float: intToFloat,
  cast_float_to_int: floatToInt,
  float_to_int32: floatToInt32,
  cast_int_to_char: unary(I.UXTH_rr),
  bool_not: boolNot,
  bool_and: binary(AND, true),
  bool_or: binary(OR, true),
  adr_add: binary(ADD, true),
  adr_sub: binary(SUB, false),
  check_nonnull: checkNonnull,
  check_defined: checkDefined,
  check_index: checkIndex,
  float_high_word: floatHighWord,
  float_low_word: floatLowWord,
  float_from_words: floatFromWords,
  debug_fatal: debugFatal,
  jit_we_are_jitted: weAreNotJitted,
};

