/**
 * Instruction selection: one entry per LL operation (lloperation.ts), each emitting the x86-64
 * code of one operation given its operands' locations (function.ts). Immediates are folded into
 * the instruction when they fit 32 bits; array and field accesses become one addressing mode
 * ([base + index*scale + disp]); comparisons that end a block are fused into its branch
 * (conditionOf, emitCompare); safety checks branch to an out-of-line call of the runtime's
 * fatal routines.
 *
 * Scratch registers: rax and r11 (and xmm14, xmm15) are never allocated, so an operation may
 * load an operand that lives in a spill slot into one of them; results that live in a slot are
 * computed into r11 (or xmm15) and stored by `finish`.
 */

import { stackTrace } from "./trace-table.js";
import { LLConstant, LLVariable, type LLOperation, type LLValue } from "../../llir/llgraph.js";
import { Bool, Float, Void } from "../../llir/lltype.js";
import type { LLOpHandlers, LLOpName, LLOpRefusal } from "../../llir/lloperation.js";
import { NULL_OBJECT, NULL_WORD, UNDEFINED_WORD } from "../../rtyper/rnullable.js";
import { CC_A, CC_AE, CC_B, CC_BE, CC_E, CC_G, CC_GE, CC_L, CC_LE, CC_NE, CC_NP, CC_O, CC_P, CC_S } from "../../runtime/x86/encoding.js";
import type { Form } from "../../runtime/x86/encoding.js";
import * as I from "../../runtime/x86/instructions.js";
import { Label, mem, type Mem } from "../../runtime/x86/operands.js";
import { R11, RAX, RCX, RDX, RSP } from "../../runtime/x86/registers.js";
import { constantNumber, fitsImm32, type FunctionCompiler, type Operand } from "./function.js";
import { SCRATCH, SCRATCH2, XSCRATCH, XSCRATCH2, isSlot } from "./locations.js";
import { arrayLength, getarrayitem, getfield, getinteriorfield, getitemfield, malloc, mallocVarsize, rawLoad, rawStore, setarrayitem, setfield, setinteriorfield, setitemfield } from "./ops-memory.js";
import { GC_OPERATIONS } from "./ops-gc.js";
import { callMachineCode, callMachineCodeByKind, directCall, indirectCall, osClock, osClose, osExit, osOpenRead, readWrite, SYS_READ, SYS_WRITE } from "./ops-calls.js";

export interface Condition {
  cc: number;
  /** Float equality needs the parity flag too: "ordered" = and not unordered, "unordered" = or unordered. */
  parity: "none" | "ordered" | "unordered";
}

export type Emit = (fc: FunctionCompiler, op: LLOperation) => void;

const TWO_53 = 2 ** 53;

// ---- comparisons

interface Comparison {
  kind: "int" | "float" | "test" | "between";
  cc: number;
  /** For "float": compare the operands in swapped order (ucomisd b, a). */
  swap?: boolean;
  parity?: "ordered" | "unordered";
}

const COMPARISONS: Partial<Record<LLOpName, Comparison>> = {
  int_lt: { kind: "int", cc: CC_L },
  int_le: { kind: "int", cc: CC_LE },
  int_eq: { kind: "int", cc: CC_E },
  int_ne: { kind: "int", cc: CC_NE },
  int_gt: { kind: "int", cc: CC_G },
  int_ge: { kind: "int", cc: CC_GE },
  char_lt: { kind: "int", cc: CC_L },
  char_le: { kind: "int", cc: CC_LE },
  char_eq: { kind: "int", cc: CC_E },
  char_ne: { kind: "int", cc: CC_NE },
  char_gt: { kind: "int", cc: CC_G },
  char_ge: { kind: "int", cc: CC_GE },
  ptr_eq: { kind: "int", cc: CC_E },
  ptr_ne: { kind: "int", cc: CC_NE },
  ptr_nonzero: { kind: "test", cc: CC_NE },
  ptr_iszero: { kind: "test", cc: CC_E },
  int_between: { kind: "between", cc: CC_B },
  // ucomisd x, y sets CF when x < y, ZF when equal, and CF, ZF and PF when unordered (NaN).
  float_lt: { kind: "float", cc: CC_A, swap: true },
  float_le: { kind: "float", cc: CC_AE, swap: true },
  float_gt: { kind: "float", cc: CC_A },
  float_ge: { kind: "float", cc: CC_AE },
  float_eq: { kind: "float", cc: CC_E, parity: "ordered" },
  float_ne: { kind: "float", cc: CC_NE, parity: "unordered" },
};

/** The condition code that holds after cmp b, a when cc held after cmp a, b. */
const SWAPPED: Record<number, number> = { [CC_L]: CC_G, [CC_G]: CC_L, [CC_LE]: CC_GE, [CC_GE]: CC_LE, [CC_E]: CC_E, [CC_NE]: CC_NE, [CC_B]: CC_A, [CC_A]: CC_B, [CC_BE]: CC_AE, [CC_AE]: CC_BE };

export function conditionOf(opname: LLOpName): Comparison | undefined {
  return COMPARISONS[opname];
}

/** Emits the comparison of op (one of COMPARISONS) and returns the condition that means true. */
export function emitCompare(fc: FunctionCompiler, op: LLOperation): Condition {
  const c = COMPARISONS[op.opname]!;
  const asm = fc.asm;
  switch (c.kind) {
    case "test": {
      const a = fc.operand(op.args[0]!);
      if (a.kind === "reg") asm.rr(I.TEST_rr, a.reg, a.reg);
      else if (a.kind === "mem") asm.mi(I.CMP_mi, a.mem, 0);
      else {
        asm.ri(I.MOV_ri, SCRATCH, a.value);
        asm.rr(I.TEST_rr, SCRATCH, SCRATCH);
      }
      return { cc: c.cc, parity: "none" };
    }
    case "int":
      return { cc: compareInts(fc, op.args[0]!, op.args[1]!, c.cc), parity: "none" };
    case "between": {
      // lo <= x < hi as one unsigned comparison: x - lo < hi - lo (the table's contract: lo <= hi).
      const [lo, x, hi] = op.args as [LLValue, LLValue, LLValue];
      const low = lo instanceof LLConstant ? constantNumber(lo) : undefined;
      const high = hi instanceof LLConstant ? constantNumber(hi) : undefined;
      if (low !== undefined && high !== undefined && low <= high && fitsImm32(low) && fitsImm32(high - low)) {
        fc.toGpr(x, SCRATCH);
        if (low !== 0) asm.ri(I.SUB_ri, SCRATCH, low);
        asm.ri(I.CMP_ri, SCRATCH, high - low);
        return { cc: CC_B, parity: "none" };
      }
      // Bounds in registers (a helper not inlined, ll_instanceof at --opt 0): the same test.
      fc.toGpr(hi, SCRATCH2);
      fc.toGpr(x, SCRATCH);
      const l = lo instanceof LLConstant ? { kind: "imm" as const, value: low } : fc.operand(lo);
      if (l.kind === "reg") {
        asm.rr(I.SUB_rr, SCRATCH2, l.reg);
        asm.rr(I.SUB_rr, SCRATCH, l.reg);
      } else if (l.kind === "mem") {
        asm.rm(I.SUB_rm, SCRATCH2, l.mem);
        asm.rm(I.SUB_rm, SCRATCH, l.mem);
      } else if (l.value !== undefined && fitsImm32(l.value)) {
        asm.ri(I.SUB_ri, SCRATCH2, l.value);
        asm.ri(I.SUB_ri, SCRATCH, l.value);
      } else {
        throw new Error(`internal error: int_between with a constant lower bound beyond 32 bits and a variable upper bound (${fc.graph.name})`);
      }
      asm.rr(I.CMP_rr, SCRATCH, SCRATCH2);
      return { cc: CC_B, parity: "none" };
    }
    case "float": {
      let [a, b] = op.args as [LLValue, LLValue];
      if (c.swap) [a, b] = [b, a];
      const x = fc.xmmOf(a, XSCRATCH2);
      const y = floatOperand(fc, b, XSCRATCH);
      if (y.kind === "mem") asm.rm(I.UCOMISD_xm, x, y.mem);
      else asm.rr(I.UCOMISD_xx, x, y.reg);
      return { cc: c.cc, parity: c.parity ?? "none" };
    }
  }
}

/** cmp a, b; returns the condition code meaning "a cc b" after the operands were possibly swapped. */
function compareInts(fc: FunctionCompiler, a: LLValue, b: LLValue, cc: number): number {
  let A = fc.operand(a, SCRATCH);
  let B = fc.operand(b, SCRATCH2);
  if (A.kind === "imm" && B.kind !== "imm") {
    [A, B] = [B, A];
    cc = SWAPPED[cc]!;
  }
  if (A.kind === "imm" || (A.kind === "mem" && B.kind === "mem")) {
    A = { kind: "reg", reg: fc.gpr(A.kind === "imm" ? a : a, SCRATCH) };
  }
  alu(fc, CMP, A, B);
  return cc;
}

/** A float operand: an SSE register, or the spill slot it lives in. */
function floatOperand(fc: FunctionCompiler, v: LLValue, scratch: number): { kind: "reg"; reg: number } | { kind: "mem"; mem: Mem } {
  if (v instanceof LLVariable) {
    const loc = fc.locOf(v);
    if (loc !== undefined && isSlot(loc)) return { kind: "mem", mem: fc.slotMem(loc) };
  }
  return { kind: "reg", reg: fc.xmmOf(v, scratch) };
}

/** Materializes a condition as 0 or 1 in the result's register. */
function setCondition(fc: FunctionCompiler, cond: Condition, result: LLVariable): void {
  const asm = fc.asm;
  const d = fc.dst(result);
  asm.r(I.SETcc_r[cond.cc]!, d);
  asm.rr(I.MOVZX8_rr, d, d);
  if (cond.parity !== "none") {
    asm.r(I.SETcc_r[cond.parity === "ordered" ? CC_NP : CC_P]!, RAX);
    asm.rr(I.MOVZX8_rr, RAX, RAX);
    asm.rr(cond.parity === "ordered" ? I.AND_rr : I.OR_rr, d, RAX);
  }
  fc.finish(result, d);
}

const compare: Emit = (fc, op) => setCondition(fc, emitCompare(fc, op), op.result);

// ---- integer arithmetic

interface AluForms {
  rr: Form;
  rm: Form;
  ri: Form;
  mr?: Form;
  mi?: Form;
}

const ADD: AluForms = { rr: I.ADD_rr, rm: I.ADD_rm, ri: I.ADD_ri, mr: I.ADD_mr, mi: I.ADD_mi };
const SUB: AluForms = { rr: I.SUB_rr, rm: I.SUB_rm, ri: I.SUB_ri, mr: I.SUB_mr, mi: I.SUB_mi };
const AND: AluForms = { rr: I.AND_rr, rm: I.AND_rm, ri: I.AND_ri, mr: I.AND_mr, mi: I.AND_mi };
const OR: AluForms = { rr: I.OR_rr, rm: I.OR_rm, ri: I.OR_ri, mr: I.OR_mr, mi: I.OR_mi };
const XOR: AluForms = { rr: I.XOR_rr, rm: I.XOR_rm, ri: I.XOR_ri, mr: I.XOR_mr, mi: I.XOR_mi };
const CMP: AluForms = { rr: I.CMP_rr, rm: I.CMP_rm, ri: I.CMP_ri, mr: I.CMP_mr, mi: I.CMP_mi };
const IMUL: AluForms = { rr: I.IMUL_rr, rm: I.IMUL_rm, ri: I.IMUL_rri };

/** op A, B for an ALU form family (A a register or memory, B anything but memory when A is). */
function alu(fc: FunctionCompiler, forms: AluForms, A: Operand, B: Operand): void {
  const asm = fc.asm;
  if (A.kind === "reg") {
    if (B.kind === "reg") asm.rr(forms.rr, A.reg, B.reg);
    else if (B.kind === "mem") asm.rm(forms.rm, A.reg, B.mem);
    else if (forms === IMUL) asm.rri(I.IMUL_rri, A.reg, A.reg, B.value);
    else asm.ri(forms.ri, A.reg, B.value);
  } else if (A.kind === "mem") {
    if (B.kind === "reg") asm.mr(forms.mr!, A.mem, B.reg);
    else if (B.kind === "imm") asm.mi(forms.mi!, A.mem, B.value);
    else throw new Error("internal error: memory to memory ALU operation");
  } else throw new Error("internal error: ALU operation on an immediate");
}

/**
 * d = a op b: computed in the result's register (or r11), which first receives a. When that
 * register holds b, a commutative operation swaps its operands; others compute in r11.
 */
function binary(forms: AluForms, commutative: boolean, check?: (fc: FunctionCompiler, op: LLOperation, d: number) => void): Emit {
  return (fc, op) => {
    let [a, b] = op.args as [LLValue, LLValue];
    let d = fc.dst(op.result);
    if (fc.inGpr(b, d) && !fc.inGpr(a, d)) {
      if (commutative) [a, b] = [b, a];
      else d = SCRATCH2;
    }
    fc.toGpr(a, d);
    alu(fc, forms, { kind: "reg", reg: d }, fc.operand(b, SCRATCH));
    check?.(fc, op, d);
    fc.finish(op.result, d);
  };
}

const add: Emit = (fc, op) => {
  const [a, b] = op.args as [LLValue, LLValue];
  const n = b instanceof LLConstant ? constantNumber(b) : undefined;
  const d = fc.dst(op.result);
  // a + constant in three operands, when a is in a register: lea d, [a + n].
  if (n !== undefined && fitsImm32(n) && a instanceof LLVariable && !isSlot(fc.locOf(a) ?? 32) && !fc.inGpr(a, d)) {
    fc.asm.rm(I.LEA_rm, d, mem(fc.gpr(a, SCRATCH), n));
    fc.finish(op.result, d);
    return;
  }
  binary(ADD, true)(fc, op);
};

const OVERFLOW = "integer overflow: the result is beyond the integers JavaScript keeps exact (2^53)";

/** The out-of-line stop of an operation whose integer result left the safe range. */
function overflowPath(fc: FunctionCompiler, op: LLOperation): Label {
  return fc.fatalPath(fc.program.runtime.fatal, [{ value: { string: OVERFLOW }, float: false }], op.pos);
}

/** Stops the program unless |r| <= 2^53, the integers JavaScript keeps exact. */
function checkSafeInteger(fc: FunctionCompiler, r: number, op: LLOperation): void {
  checkSafeIntegerWith(fc, r, overflowPath(fc, op));
}

/** a op b, stopping the program when the result leaves the safe integers (int_add_ovf and friends). */
function checkedBinary(forms: AluForms, commutative: boolean): Emit {
  return binary(forms, commutative, (fc, op, d) => {
    const fail = overflowPath(fc, op);
    // A product of two safe integers may not fit 64 bits at all.
    if (forms === IMUL) fc.asm.l(I.Jcc_l[CC_O]!, fail);
    checkSafeIntegerWith(fc, d, fail);
  });
}

/**
 * a + n and a - n for a constant n, stopping the program when the result leaves the safe
 * integers: a is one (every Signed value is, the invariant the checks keep), so a + n can only
 * leave them on n's side, and one comparison tells (`lea d, [a + n]; cmp d, [2^53]; jg`), where
 * an operation of two variables needs the two-sided test of checkSafeIntegerWith. Other shapes
 * go to checkedBinary.
 */
function checkedAddConstant(sign: 1 | -1, general: Emit): Emit {
  return (fc, op) => {
    let [a, b] = op.args as [LLValue, LLValue];
    if (sign === 1 && a instanceof LLConstant && !(b instanceof LLConstant)) [a, b] = [b, a];
    const n = b instanceof LLConstant ? constantNumber(b) : undefined;
    if (n === undefined || !(a instanceof LLVariable) || !fitsImm32(sign * n)) return general(fc, op);
    const delta = sign * n;
    const d = fc.dst(op.result);
    if (!isSlot(fc.locOf(a) ?? 32) && !fc.inGpr(a, d)) fc.asm.rm(I.LEA_rm, d, mem(fc.gpr(a, SCRATCH), delta));
    else {
      fc.toGpr(a, d);
      if (delta !== 0) fc.asm.ri(I.ADD_ri, d, delta);
    }
    if (delta !== 0) {
      fc.ripOperand(I.CMP_rm, d, fc.program.data.int64(delta > 0 ? TWO_53 : -TWO_53));
      fc.asm.l(I.Jcc_l[delta > 0 ? CC_G : CC_L]!, overflowPath(fc, op));
    }
    fc.finish(op.result, d);
  };
}

/** -a, ~a: computed in place in the result's register. */
function unary(form: Form): Emit {
  return (fc, op) => {
    const d = fc.dst(op.result);
    fc.toGpr(op.args[0]!, d);
    fc.asm.r(form, d);
    fc.finish(op.result, d);
  };
}

const intAbs: Emit = (fc, op) => {
  const d = fc.dst(op.result);
  fc.toGpr(op.args[0]!, RAX);
  if (d !== RAX) fc.asm.rr(I.MOV_rr, d, RAX);
  fc.asm.r(I.NEG_r, d);
  fc.asm.rr(I.CMOVcc_rr[CC_S]!, d, RAX); // -a < 0 means a was positive: keep a
  fc.finish(op.result, d);
};

/** a / b or a % b with idiv (quotient in rax, remainder in rdx); rdx is saved around it. */
function division(remainder: boolean, message: string): Emit {
  return (fc, op) => {
    const asm = fc.asm;
    const [a, b] = op.args as [LLValue, LLValue];
    let divisor: number;
    if (b instanceof LLVariable && !isSlot(fc.locOf(b) ?? 32) && fc.locOf(b) !== RDX) divisor = fc.locOf(b)!;
    else {
      fc.toGpr(b, R11);
      divisor = R11;
    }
    asm.rr(I.TEST_rr, divisor, divisor);
    asm.l(I.Jcc_l[CC_E]!, fc.fatalPath(fc.program.runtime.fatal, [{ value: { string: message }, float: false }], op.pos));
    fc.toGpr(a, RAX);
    asm.r(I.PUSH_r, RDX);
    asm.none(I.CQO);
    asm.r(I.IDIV_r, divisor);
    if (remainder) asm.rr(I.MOV_rr, RAX, RDX);
    asm.r(I.POP_r, RDX);
    fc.finish(op.result, RAX);
  };
}

interface ShiftForms {
  ri: Form;
  rcl: Form;
}

/** a << n and friends: an immediate count, or the count in cl (rcx is saved in r11 around it). */
function shift(forms: ShiftForms, width32: boolean): Emit {
  return (fc, op) => {
    const asm = fc.asm;
    const [a, n] = op.args as [LLValue, LLValue];
    const count = n instanceof LLConstant ? constantNumber(n) : undefined;
    if (count !== undefined) {
      const d = fc.dst(op.result);
      fc.toGpr(a, d);
      asm.ri(forms.ri, d, count & (width32 ? 31 : 63));
      if (width32) asm.rr(I.MOVSX32_rr, d, d);
      fc.finish(op.result, d);
      return;
    }
    fc.toGpr(a, RAX);
    const saveRcx = !fc.inGpr(n, RCX);
    if (saveRcx) {
      asm.rr(I.MOV_rr, R11, RCX);
      fc.toGpr(n, RCX);
    }
    asm.r(forms.rcl, RAX);
    if (saveRcx) asm.rr(I.MOV_rr, RCX, R11);
    if (width32) asm.rr(I.MOVSX32_rr, RAX, RAX);
    fc.finish(op.result, RAX);
  };
}

/** An operation that only moves its last operand into its result (casts that change nothing, same_as, promote). */
const copy: Emit = (fc, op) => {
  const v = op.args[op.args.length - 1]!;
  const loc = fc.locOf(op.result);
  if (loc === undefined || op.result.type === Void) return;
  if (v instanceof LLConstant) fc.loadConstant(v, loc, op.result.type === Float);
  else fc.move(fc.locOf(v)!, loc, op.result.type === Float);
};

/** A unary operation from one general register to another (movsx, movzx, mov r32). */
function extend(form: Form, formMem?: Form): Emit {
  return (fc, op) => {
    const d = fc.dst(op.result);
    const a = fc.operand(op.args[0]!, SCRATCH);
    if (a.kind === "mem" && formMem) fc.asm.rm(formMem, d, a.mem);
    else fc.asm.rr(form, d, a.kind === "reg" ? a.reg : fc.gpr(op.args[0]!, SCRATCH));
    fc.finish(op.result, d);
  };
}

const boolNot: Emit = (fc, op) => {
  const d = fc.dst(op.result);
  fc.toGpr(op.args[0]!, d);
  fc.asm.ri(I.XOR_ri, d, 1);
  fc.finish(op.result, d);
};

// ---- floats

interface FloatForms {
  xx: Form;
  xm: Form;
}

function floatBinary(forms: FloatForms, commutative: boolean): Emit {
  return (fc, op) => {
    let [a, b] = op.args as [LLValue, LLValue];
    let d = fc.dst(op.result, XSCRATCH2);
    if (fc.inXmm(b, d) && !fc.inXmm(a, d)) {
      if (commutative) [a, b] = [b, a];
      else d = XSCRATCH2;
    }
    fc.toXmm(a, d);
    const B = floatOperand(fc, b, XSCRATCH);
    if (B.kind === "mem") fc.asm.rm(forms.xm, d, B.mem);
    else fc.asm.rr(forms.xx, d, B.reg);
    fc.finish(op.result, d);
  };
}

/** A float operation with a 16-byte mask constant (xorpd to negate, andpd for the absolute value). */
function floatMask(form: Form, low: bigint): Emit {
  return (fc, op) => {
    const d = fc.dst(op.result, XSCRATCH2);
    fc.toXmm(op.args[0]!, d);
    fc.ripOperand(form, d, fc.program.data.int128(low, low));
    fc.finish(op.result, d);
  };
}

/** sqrtsd, roundsd: one float operand into the result. */
function floatUnary(emit: (fc: FunctionCompiler, d: number, a: number) => void): Emit {
  return (fc, op) => {
    const d = fc.dst(op.result, XSCRATCH2);
    const a = fc.xmmOf(op.args[0]!, XSCRATCH);
    emit(fc, d, a);
    fc.finish(op.result, d);
  };
}

const ROUND_FLOOR = 9; // round down, exceptions suppressed
const ROUND_CEIL = 10;
const ROUND_TRUNC = 11;

const intToFloat: Emit = (fc, op) => {
  const d = fc.dst(op.result, XSCRATCH2);
  const a = fc.operand(op.args[0]!, SCRATCH);
  fc.asm.rr(I.XORPD_xx, d, d); // cvtsi2sd writes only the low half: break the dependency on the old value
  if (a.kind === "mem") fc.asm.rm(I.CVTSI2SD_xm, d, a.mem);
  else fc.asm.rr(I.CVTSI2SD_xr, d, a.kind === "reg" ? a.reg : fc.gpr(op.args[0]!, SCRATCH));
  fc.finish(op.result, d);
};

const floatToInt: Emit = (fc, op) => {
  const asm = fc.asm;
  const x = fc.xmmOf(op.args[0]!, XSCRATCH2);
  const d = fc.dst(op.result);
  const fail = fc.fatalPath(fc.program.runtime.fatalNotInteger, [{ value: op.args[0]!, float: true }], op.pos);
  asm.rr(I.CVTTSD2SI_rx, d, x);
  asm.rr(I.XORPD_xx, XSCRATCH, XSCRATCH);
  asm.rr(I.CVTSI2SD_xr, XSCRATCH, d);
  asm.rr(I.UCOMISD_xx, x, XSCRATCH);
  asm.l(I.Jcc_l[CC_NE]!, fail);
  asm.l(I.Jcc_l[CC_P]!, fail);
  checkSafeIntegerWith(fc, d, fail);
  fc.finish(op.result, d);
};

/** Jumps to fail unless |r| <= 2^53: r + 2^53 must be at most 2^54 as an unsigned number. */
function checkSafeIntegerWith(fc: FunctionCompiler, r: number, fail: Label): void {
  fc.asm.rr(I.MOV_rr, RAX, r);
  fc.ripOperand(I.ADD_rm, RAX, fc.program.data.int64(TWO_53));
  fc.ripOperand(I.CMP_rm, RAX, fc.program.data.int64(2 * TWO_53));
  fc.asm.l(I.Jcc_l[CC_A]!, fail);
}

/**
 * JavaScript's ToInt32: cvttsd2si gives the integer part when |x| < 2^63, of which the low 32
 * bits are the answer. Beyond (and for NaN and the infinities, where it gives 2^63) the slow path
 * first takes x modulo 2^32 exactly: x - trunc(x / 2^32) * 2^32 (both terms are multiples of
 * x's unit in the last place, so the difference is exact), NaN and infinities giving NaN, then 0.
 */
const floatToInt32: Emit = (fc, op) => {
  const asm = fc.asm;
  const x = fc.xmmOf(op.args[0]!, XSCRATCH2);
  const d = fc.dst(op.result);
  const slow = new Label();
  const back = new Label();
  asm.rr(I.CVTTSD2SI_rx, d, x);
  asm.ri(I.CMP_ri, d, 1);
  asm.l(I.Jcc_l[CC_O]!, slow); // d - 1 overflows only for the "indefinite" 2^63
  asm.bind(back);
  asm.rr(I.MOVSX32_rr, d, d);
  fc.finish(op.result, d);
  fc.defer(() => {
    asm.bind(slow);
    asm.rr(I.MOVSD_xx, XSCRATCH, x);
    fc.ripOperand(I.MULSD_xm, XSCRATCH, fc.program.data.float(2 ** -32));
    asm.rri(I.ROUNDSD_xxi, XSCRATCH, XSCRATCH, ROUND_TRUNC);
    fc.ripOperand(I.MULSD_xm, XSCRATCH, fc.program.data.float(-(2 ** 32)));
    asm.rr(I.ADDSD_xx, XSCRATCH, x);
    asm.rr(I.CVTTSD2SI_rx, d, XSCRATCH);
    asm.l(I.JMP_l, back);
  });
};

const floatHighWord: Emit = (fc, op) => {
  const d = fc.dst(op.result);
  fc.asm.rr(I.MOVQ_rx, d, fc.xmmOf(op.args[0]!, XSCRATCH2));
  fc.asm.ri(I.SHR_ri, d, 32);
  fc.finish(op.result, d);
};

const floatLowWord: Emit = (fc, op) => {
  const d = fc.dst(op.result);
  fc.asm.rr(I.MOVQ_rx, d, fc.xmmOf(op.args[0]!, XSCRATCH2));
  fc.asm.rr(I.MOV32_rr, d, d);
  fc.finish(op.result, d);
};

const floatFromWords: Emit = (fc, op) => {
  const asm = fc.asm;
  fc.toGpr(op.args[0]!, RAX);
  asm.ri(I.SHL_ri, RAX, 32);
  fc.toGpr(op.args[1]!, R11);
  asm.rr(I.MOV32_rr, R11, R11);
  asm.rr(I.OR_rr, RAX, R11);
  const d = fc.dst(op.result, XSCRATCH2);
  asm.rr(I.MOVQ_xr, d, RAX);
  fc.finish(op.result, d);
};

// ---- checks

const checkIndex: Emit = (fc, op) => {
  const [i, n] = op.args as [LLValue, LLValue];
  const cc = compareInts(fc, i, n, CC_AE); // unsigned: a negative index is above any length
  const fail = fc.fatalPath(
    fc.program.runtime.fatalIndex,
    [
      { value: i, float: false },
      { value: n, float: false },
    ],
    op.pos,
  );
  fc.asm.l(I.Jcc_l[cc]!, fail);
};

const NULL_MESSAGE = "null or undefined where a value was expected";

const checkNonnull: Emit = (fc, op) => {
  const asm = fc.asm;
  const fail = fc.fatalPath(fc.program.runtime.fatal, [{ value: { string: NULL_MESSAGE }, float: false }], op.pos);
  const p = fc.gpr(op.args[0]!, R11);
  asm.rr(I.TEST_rr, p, p);
  asm.l(I.Jcc_l[CC_E]!, fail);
  fc.ripLoad(I.LEA_rm, RAX, { targetSection: "data", targetOffset: fc.program.data.prebuilt(NULL_OBJECT) });
  asm.rr(I.CMP_rr, p, RAX);
  asm.l(I.Jcc_l[CC_E]!, fail);
};

const checkDefined: Emit = (fc, op) => {
  const asm = fc.asm;
  const fail = fc.fatalPath(fc.program.runtime.fatal, [{ value: { string: NULL_MESSAGE }, float: false }], op.pos);
  const v = fc.gpr(op.args[0]!, R11);
  fc.ripOperand(I.CMP_rm, v, fc.program.data.int64(UNDEFINED_WORD));
  asm.l(I.Jcc_l[CC_E]!, fail);
  fc.ripOperand(I.CMP_rm, v, fc.program.data.int64(NULL_WORD));
  asm.l(I.Jcc_l[CC_E]!, fail);
};

const debugFatal: Emit = (fc, op) => {
  const message = String((op.args[0] as LLConstant).value);
  fc.asm.l(I.JMP_l, fc.fatalPath(fc.program.runtime.fatal, [{ value: { string: message }, float: false }], op.pos));
};

/** rsp below the limit computed at start: call the stackOverflow graph (which raises RangeError). */
const stackCheck: Emit = (fc, op) => {
  const asm = fc.asm;
  const slow = new Label();
  const back = new Label();
  fc.ripLoad(I.CMP_rm, RSP, { targetSection: "data", targetOffset: fc.program.stackLimit });
  asm.l(I.Jcc_l[CC_B]!, slow);
  asm.bind(back);
  fc.defer(() => {
    asm.bind(slow);
    asm.l(I.CALL_l, fc.program.functionLabel(op.args[0] as LLConstant));
    fc.site(op.pos);
    asm.l(I.JMP_l, back);
  });
};

const nothing: Emit = () => {};

/** rts.weAreJitted() in ahead-of-time code: 0 (jitcodes have their own answer). */
const weAreNotJitted: Emit = (fc, op) => {
  const loc = fc.locOf(op.result);
  if (loc !== undefined) fc.loadConstant(new LLConstant(false, Bool), loc, false);
};

/** The float functions the machine has no instruction for: native-ops.ts replaces them before code generation. */
const BY_JIT_ENTRY_LOWERING: LLOpRefusal = { refused: "with --jit, src/translator/jit-entry-lowering.ts makes it calls of the JIT's runtime before the LL optimisations" };
const BY_NATIVE_CALL: LLOpRefusal = { refused: "lowerNativeOps (native-ops.ts) turns it into a call of a runtime helper before code generation" };

/** Every operation of the table (lloperation.ts): its code, or why it never reaches this backend. */
export const OPERATIONS: LLOpHandlers<Emit> = {
  int_add: add,
  int_sub: binary(SUB, false),
  int_mul: binary(IMUL, true),
  int_add_ovf: checkedAddConstant(1, checkedBinary(ADD, true)),
  int_sub_ovf: checkedAddConstant(-1, checkedBinary(SUB, false)),
  int_mul_ovf: checkedBinary(IMUL, true),
  int_neg_ovf: (fc, op) => {
    const d = fc.dst(op.result);
    fc.toGpr(op.args[0]!, d);
    fc.asm.r(I.NEG_r, d);
    checkSafeInteger(fc, d, op);
    fc.finish(op.result, d);
  },
  int_mod: division(true, "integer modulo by zero"),
  int_floordiv: division(false, "integer division by zero"),
  int_neg: unary(I.NEG_r),
  int_abs: intAbs,
  int_and: binary(AND, true),
  int_or: binary(OR, true),
  int_xor: binary(XOR, true),
  int_invert: unary(I.NOT_r),
  int32_lshift: shift({ ri: I.SHL32_ri, rcl: I.SHL32_rcl }, true),
  int_lshift: shift({ ri: I.SHL_ri, rcl: I.SHL_rcl }, false),
  int_rshift: shift({ ri: I.SAR_ri, rcl: I.SAR_rcl }, false),
  uint_rshift: shift({ ri: I.SHR_ri, rcl: I.SHR_rcl }, false),
  int_to_int32: extend(I.MOVSX32_rr, I.MOVSX32_rm),
  int_to_uint32: extend(I.MOV32_rr, I.MOV32_rm),
  float_add: floatBinary({ xx: I.ADDSD_xx, xm: I.ADDSD_xm }, true),
  float_sub: floatBinary({ xx: I.SUBSD_xx, xm: I.SUBSD_xm }, false),
  float_mul: floatBinary({ xx: I.MULSD_xx, xm: I.MULSD_xm }, true),
  float_truediv: floatBinary({ xx: I.DIVSD_xx, xm: I.DIVSD_xm }, false),
  float_neg: floatMask(I.XORPD_xm, 0x8000000000000000n),
  float_abs: floatMask(I.ANDPD_xm, 0x7fffffffffffffffn),
  float_sqrt: floatUnary((fc, d, a) => fc.asm.rr(I.SQRTSD_xx, d, a)),
  float_floor: floatUnary((fc, d, a) => fc.asm.rri(I.ROUNDSD_xxi, d, a, ROUND_FLOOR)),
  float_ceil: floatUnary((fc, d, a) => fc.asm.rri(I.ROUNDSD_xxi, d, a, ROUND_CEIL)),
  float_trunc: floatUnary((fc, d, a) => fc.asm.rri(I.ROUNDSD_xxi, d, a, ROUND_TRUNC)),
  float_mod: BY_NATIVE_CALL,
  float_sin: BY_NATIVE_CALL,
  float_cos: BY_NATIVE_CALL,
  float_tan: BY_NATIVE_CALL,
  float_atan: BY_NATIVE_CALL,
  float_atan2: BY_NATIVE_CALL,
  float_exp: BY_NATIVE_CALL,
  float_log: BY_NATIVE_CALL,
  float_log2: BY_NATIVE_CALL,
  float_log10: BY_NATIVE_CALL,
  float_pow: BY_NATIVE_CALL,
  cast_int_to_float: intToFloat,
  cast_float_to_int: floatToInt,
  float_to_int32: floatToInt32,
  cast_bool_to_int: copy,
  cast_char_to_int: copy,
  cast_int_to_char: extend(I.MOVZX16_rr, I.MOVZX16_rm),
  bool_not: boolNot,
  bool_and: binary(AND, true),
  bool_or: binary(OR, true),
  malloc,
  malloc_varsize: mallocVarsize,
  getfield,
  setfield,
  getarrayitem,
  setarrayitem,
  getitemfield,
  setitemfield,
  getarraylength: arrayLength,
  getinteriorfield,
  setinteriorfield,
  getinteriorarraysize: arrayLength,
  cast_pointer: copy,
  direct_call: directCall,
  indirect_call: indirectCall,
  raw_load: rawLoad,
  raw_store: rawStore,
  adr_add: add,
  adr_sub: binary(SUB, false),
  cast_ptr_to_adr: copy,
  cast_adr_to_ptr: copy,
  cast_adr_to_int: copy,
  cast_int_to_adr: copy,
  ...GC_OPERATIONS,
  check_nonnull: checkNonnull,
  check_defined: checkDefined,
  check_index: checkIndex,
  float_high_word: floatHighWord,
  float_low_word: floatLowWord,
  float_from_words: floatFromWords,
  os_write: readWrite(SYS_WRITE),
  os_read: readWrite(SYS_READ),
  os_open_read: osOpenRead,
  os_close: osClose,
  os_exit: osExit,
  os_clock: osClock,
  call_machine_code: callMachineCode,
  call_machine_code_by_kind: callMachineCodeByKind,
  same_as: copy,
  debug_fatal: debugFatal,
  stack_check: stackCheck,
  stack_trace: stackTrace,
  jit_promote: copy,
  jit_merge_point: nothing,
  can_enter_jit: nothing,
  jit_we_are_jitted: weAreNotJitted,
  // no JIT in the binary yet whose parameters it would set (issue 16 part 2)
  jit_set_param: nothing,
  // no compiled loops in the binary yet to invalidate (issue 16 part 2 checks a mutate slot here)
  jit_force_quasi_immutable: nothing,
  // the merge point as the JIT's entry (src/jit/merge-point.ts), lowered to calls of the runtime
  jit_maybe_compile_and_run: BY_JIT_ENTRY_LOWERING,
  jit_portal_arg: BY_JIT_ENTRY_LOWERING,
  jit_portal_result: BY_JIT_ENTRY_LOWERING,
  jit_portal_exception: BY_JIT_ENTRY_LOWERING,
  jit_portal_fatal: BY_JIT_ENTRY_LOWERING,
  // the comparisons (COMPARISONS): a value here, fused into the branch when they end a block
  int_lt: compare,
  int_le: compare,
  int_eq: compare,
  int_ne: compare,
  int_gt: compare,
  int_ge: compare,
  int_between: compare,
  char_lt: compare,
  char_le: compare,
  char_eq: compare,
  char_ne: compare,
  char_gt: compare,
  char_ge: compare,
  ptr_eq: compare,
  ptr_ne: compare,
  ptr_nonzero: compare,
  ptr_iszero: compare,
  float_lt: compare,
  float_le: compare,
  float_eq: compare,
  float_ne: compare,
  float_gt: compare,
  float_ge: compare,
};
