/**
 * The x86-64 instruction forms, one line each in the Intel manual's notation: the form's name
 * (mnemonic and operand kinds, as rx86), then for each alternative encoding its opcode column and
 * its instruction column. encoding.ts explains the notation and how an alternative is chosen.
 *
 * Covered: what a code generator for 64-bit integers, doubles and pointers needs (integer
 * arithmetic, shifts, multiplication and division, compares, conditional sets, moves and jumps,
 * loads and stores of 8 to 64 bits with zero or sign extension, SSE2 scalar doubles, conversions,
 * calls and returns) and what the JIT needs besides: 64-bit immediates (MOV_ri64, always 10
 * bytes so that it can be patched), jumps that stay near (JMP_l32, Jcc_l32) to be patched later,
 * indirect jumps and calls, traps. Checked against GNU objdump and GNU as by
 * tests/backend-x86/encodings.test.ts.
 *
 * Operands are in the manual's order, destination first: ADD_rr(dst, src), MOV_mr(mem, src).
 * Families (names with cc) are arrays indexed by condition code: Jcc_l[CC_E] is JE_l.
 */

import { family, form, type Form } from "./encoding.js";

export {
  CC_A, CC_AE, CC_B, CC_BE, CC_E, CC_G, CC_GE, CC_L, CC_LE, CC_NE, CC_NO, CC_NP, CC_NS, CC_O, CC_P, CC_S, CC_NAMES,
  invertCondition,
} from "./encoding.js";

// A table line: one form, or a family of forms (one per condition code). ALL_FORMS, at the end,
// lists them all.
const def = form;
const defFamily = family;

// --- Integer arithmetic and logic, 64-bit ----------------------------------------------------

export const ADD_rr = def("ADD_rr", "REX.W 01 /r", "ADD r/m64, r64");
export const ADD_rm = def("ADD_rm", "REX.W 03 /r", "ADD r64, r/m64");
export const ADD_mr = def("ADD_mr", "REX.W 01 /r", "ADD r/m64, r64");
export const ADD_ri = def("ADD_ri", "REX.W 83 /0 ib", "ADD r/m64, imm8", "REX.W 05 id", "ADD RAX, imm32", "REX.W 81 /0 id", "ADD r/m64, imm32");
export const ADD_mi = def("ADD_mi", "REX.W 83 /0 ib", "ADD r/m64, imm8", "REX.W 81 /0 id", "ADD r/m64, imm32");

export const OR_rr = def("OR_rr", "REX.W 09 /r", "OR r/m64, r64");
export const OR_rm = def("OR_rm", "REX.W 0B /r", "OR r64, r/m64");
export const OR_mr = def("OR_mr", "REX.W 09 /r", "OR r/m64, r64");
export const OR_ri = def("OR_ri", "REX.W 83 /1 ib", "OR r/m64, imm8", "REX.W 0D id", "OR RAX, imm32", "REX.W 81 /1 id", "OR r/m64, imm32");
export const OR_mi = def("OR_mi", "REX.W 83 /1 ib", "OR r/m64, imm8", "REX.W 81 /1 id", "OR r/m64, imm32");

export const AND_rr = def("AND_rr", "REX.W 21 /r", "AND r/m64, r64");
export const AND_rm = def("AND_rm", "REX.W 23 /r", "AND r64, r/m64");
export const AND_mr = def("AND_mr", "REX.W 21 /r", "AND r/m64, r64");
export const AND_ri = def("AND_ri", "REX.W 83 /4 ib", "AND r/m64, imm8", "REX.W 25 id", "AND RAX, imm32", "REX.W 81 /4 id", "AND r/m64, imm32");
export const AND_mi = def("AND_mi", "REX.W 83 /4 ib", "AND r/m64, imm8", "REX.W 81 /4 id", "AND r/m64, imm32");

export const SUB_rr = def("SUB_rr", "REX.W 29 /r", "SUB r/m64, r64");
export const SUB_rm = def("SUB_rm", "REX.W 2B /r", "SUB r64, r/m64");
export const SUB_mr = def("SUB_mr", "REX.W 29 /r", "SUB r/m64, r64");
export const SUB_ri = def("SUB_ri", "REX.W 83 /5 ib", "SUB r/m64, imm8", "REX.W 2D id", "SUB RAX, imm32", "REX.W 81 /5 id", "SUB r/m64, imm32");
export const SUB_mi = def("SUB_mi", "REX.W 83 /5 ib", "SUB r/m64, imm8", "REX.W 81 /5 id", "SUB r/m64, imm32");

export const XOR_rr = def("XOR_rr", "REX.W 31 /r", "XOR r/m64, r64");
export const XOR_rm = def("XOR_rm", "REX.W 33 /r", "XOR r64, r/m64");
export const XOR_mr = def("XOR_mr", "REX.W 31 /r", "XOR r/m64, r64");
export const XOR_ri = def("XOR_ri", "REX.W 83 /6 ib", "XOR r/m64, imm8", "REX.W 35 id", "XOR RAX, imm32", "REX.W 81 /6 id", "XOR r/m64, imm32");
export const XOR_mi = def("XOR_mi", "REX.W 83 /6 ib", "XOR r/m64, imm8", "REX.W 81 /6 id", "XOR r/m64, imm32");
/** xor r32, r32: the short way to zero a register (a 32-bit result clears the upper half). */
export const XOR32_rr = def("XOR32_rr", "31 /r", "XOR r/m32, r32");

export const CMP_rr = def("CMP_rr", "REX.W 39 /r", "CMP r/m64, r64");
export const CMP_rm = def("CMP_rm", "REX.W 3B /r", "CMP r64, r/m64");
export const CMP_mr = def("CMP_mr", "REX.W 39 /r", "CMP r/m64, r64");
export const CMP_ri = def("CMP_ri", "REX.W 83 /7 ib", "CMP r/m64, imm8", "REX.W 3D id", "CMP RAX, imm32", "REX.W 81 /7 id", "CMP r/m64, imm32");
export const CMP_mi = def("CMP_mi", "REX.W 83 /7 ib", "CMP r/m64, imm8", "REX.W 81 /7 id", "CMP r/m64, imm32");
/** Compares a byte in memory (a tag, a flag byte) with an 8-bit immediate. */
export const CMP8_mi = def("CMP8_mi", "80 /7 ib", "CMP r/m8, imm8");

export const TEST_rr = def("TEST_rr", "REX.W 85 /r", "TEST r/m64, r64");
export const TEST_mr = def("TEST_mr", "REX.W 85 /r", "TEST r/m64, r64");
export const TEST_ri = def("TEST_ri", "REX.W A9 id", "TEST RAX, imm32", "REX.W F7 /0 id", "TEST r/m64, imm32");
export const TEST_mi = def("TEST_mi", "REX.W F7 /0 id", "TEST r/m64, imm32");
export const TEST8_ri = def("TEST8_ri", "A8 ib", "TEST AL, imm8", "F6 /0 ib", "TEST r/m8, imm8");
/** Tests bits of a byte in memory (the GC's header flags). */
export const TEST8_mi = def("TEST8_mi", "F6 /0 ib", "TEST r/m8, imm8");

export const NEG_r = def("NEG_r", "REX.W F7 /3", "NEG r/m64");
export const NOT_r = def("NOT_r", "REX.W F7 /2", "NOT r/m64");
export const INC_r = def("INC_r", "REX.W FF /0", "INC r/m64");
export const DEC_r = def("DEC_r", "REX.W FF /1", "DEC r/m64");

// --- Multiplication and division -------------------------------------------------------------

export const IMUL_rr = def("IMUL_rr", "REX.W 0F AF /r", "IMUL r64, r/m64");
export const IMUL_rm = def("IMUL_rm", "REX.W 0F AF /r", "IMUL r64, r/m64");
export const IMUL_rri = def("IMUL_rri", "REX.W 6B /r ib", "IMUL r64, r/m64, imm8", "REX.W 69 /r id", "IMUL r64, r/m64, imm32");
export const IMUL_rmi = def("IMUL_rmi", "REX.W 6B /r ib", "IMUL r64, r/m64, imm8", "REX.W 69 /r id", "IMUL r64, r/m64, imm32");
/** The 32-bit product sign-extended afterwards is Math.imul. */
export const IMUL32_rr = def("IMUL32_rr", "0F AF /r", "IMUL r32, r/m32");
/** RDX:RAX = RAX * r, signed (the high half tells whether the product overflowed). */
export const IMUL_r = def("IMUL_r", "REX.W F7 /5", "IMUL r/m64");
/** RDX:RAX = RAX * r, unsigned. */
export const MUL_r = def("MUL_r", "REX.W F7 /4", "MUL r/m64");
/** RAX = RDX:RAX / r, RDX = the remainder, signed (CQO first). */
export const IDIV_r = def("IDIV_r", "REX.W F7 /7", "IDIV r/m64");
/** RAX = RDX:RAX / r, RDX = the remainder, unsigned (RDX = 0 first). */
export const DIV_r = def("DIV_r", "REX.W F7 /6", "DIV r/m64");
/** RDX:RAX = RAX sign-extended. */
export const CQO = def("CQO", "REX.W 99", "CQO");

// --- Shifts (the count is masked to 6 bits, to 5 in the 32-bit forms as JavaScript does) ------

export const SHL_ri = def("SHL_ri", "REX.W D1 /4", "SHL r/m64, 1", "REX.W C1 /4 ib", "SHL r/m64, imm8");
export const SHR_ri = def("SHR_ri", "REX.W D1 /5", "SHR r/m64, 1", "REX.W C1 /5 ib", "SHR r/m64, imm8");
export const SAR_ri = def("SAR_ri", "REX.W D1 /7", "SAR r/m64, 1", "REX.W C1 /7 ib", "SAR r/m64, imm8");
export const SHL_rcl = def("SHL_rcl", "REX.W D3 /4", "SHL r/m64, CL");
export const SHR_rcl = def("SHR_rcl", "REX.W D3 /5", "SHR r/m64, CL");
export const SAR_rcl = def("SAR_rcl", "REX.W D3 /7", "SAR r/m64, CL");
export const SHL32_ri = def("SHL32_ri", "D1 /4", "SHL r/m32, 1", "C1 /4 ib", "SHL r/m32, imm8");
export const SHR32_ri = def("SHR32_ri", "D1 /5", "SHR r/m32, 1", "C1 /5 ib", "SHR r/m32, imm8");
export const SAR32_ri = def("SAR32_ri", "D1 /7", "SAR r/m32, 1", "C1 /7 ib", "SAR r/m32, imm8");
export const SHL32_rcl = def("SHL32_rcl", "D3 /4", "SHL r/m32, CL");
export const SHR32_rcl = def("SHR32_rcl", "D3 /5", "SHR r/m32, CL");
export const SAR32_rcl = def("SAR32_rcl", "D3 /7", "SAR r/m32, CL");

// --- Moves, loads and stores -----------------------------------------------------------------

export const MOV_rr = def("MOV_rr", "REX.W 89 /r", "MOV r/m64, r64");
export const MOV_rm = def("MOV_rm", "REX.W 8B /r", "MOV r64, r/m64");
export const MOV_mr = def("MOV_mr", "REX.W 89 /r", "MOV r/m64, r64");
/** The shortest of: a zero-extended 32-bit move, a sign-extended imm32, a 64-bit immediate. */
export const MOV_ri = def("MOV_ri", "B8+rd id", "MOV r32, imm32", "REX.W C7 /0 id", "MOV r/m64, imm32", "REX.W B8+rd io", "MOV r64, imm64");
/** Always the 10-byte form: its immediate (an address, a constant) can be patched in place. */
export const MOV_ri64 = def("MOV_ri64", "REX.W B8+rd io", "MOV r64, imm64");
export const MOV_mi = def("MOV_mi", "REX.W C7 /0 id", "MOV r/m64, imm32");
/** A 32-bit move clears the upper half: zero-extension from 32 bits (JavaScript's >>> 0). */
export const MOV32_rr = def("MOV32_rr", "89 /r", "MOV r/m32, r32");
export const MOV32_rm = def("MOV32_rm", "8B /r", "MOV r32, r/m32");
export const MOV32_mr = def("MOV32_mr", "89 /r", "MOV r/m32, r32");
export const MOV32_mi = def("MOV32_mi", "C7 /0 id", "MOV r/m32, imm32");
export const MOV16_mr = def("MOV16_mr", "66 89 /r", "MOV r/m16, r16");
export const MOV16_mi = def("MOV16_mi", "66 C7 /0 iw", "MOV r/m16, imm16");
export const MOV8_mr = def("MOV8_mr", "88 /r", "MOV r/m8, r8");
export const MOV8_mi = def("MOV8_mi", "C6 /0 ib", "MOV r/m8, imm8");
export const MOVZX8_rr = def("MOVZX8_rr", "0F B6 /r", "MOVZX r32, r/m8");
export const MOVZX8_rm = def("MOVZX8_rm", "0F B6 /r", "MOVZX r32, r/m8");
export const MOVZX16_rr = def("MOVZX16_rr", "0F B7 /r", "MOVZX r32, r/m16");
export const MOVZX16_rm = def("MOVZX16_rm", "0F B7 /r", "MOVZX r32, r/m16");
export const MOVSX8_rr = def("MOVSX8_rr", "REX.W 0F BE /r", "MOVSX r64, r/m8");
export const MOVSX8_rm = def("MOVSX8_rm", "REX.W 0F BE /r", "MOVSX r64, r/m8");
export const MOVSX16_rr = def("MOVSX16_rr", "REX.W 0F BF /r", "MOVSX r64, r/m16");
export const MOVSX16_rm = def("MOVSX16_rm", "REX.W 0F BF /r", "MOVSX r64, r/m16");
export const MOVSX32_rr = def("MOVSX32_rr", "REX.W 63 /r", "MOVSXD r64, r/m32");
export const MOVSX32_rm = def("MOVSX32_rm", "REX.W 63 /r", "MOVSXD r64, r/m32");
export const LEA_rm = def("LEA_rm", "REX.W 8D /r", "LEA r64, m");

export const PUSH_r = def("PUSH_r", "50+rd", "PUSH r64");
export const POP_r = def("POP_r", "58+rd", "POP r64");

// --- Conditions ------------------------------------------------------------------------------

export const SETcc_r = defFamily("SETcc_r", "0F 90+cc /0", "SETcc r/m8");
export const CMOVcc_rr = defFamily("CMOVcc_rr", "REX.W 0F 40+cc /r", "CMOVcc r64, r/m64");
export const CMOVcc_rm = defFamily("CMOVcc_rm", "REX.W 0F 40+cc /r", "CMOVcc r64, r/m64");

// --- Jumps and calls: `_l` picks rel8 when the label is bound and near, `_l8` is always rel8
// (an error at bind time when the target is too far), `_l32` always rel32 (patchable) --------

export const Jcc_l = defFamily("Jcc_l", "70+cc cb", "Jcc rel8", "0F 80+cc cd", "Jcc rel32");
export const Jcc_l8 = defFamily("Jcc_l8", "70+cc cb", "Jcc rel8");
export const Jcc_l32 = defFamily("Jcc_l32", "0F 80+cc cd", "Jcc rel32");
export const JMP_l = def("JMP_l", "EB cb", "JMP rel8", "E9 cd", "JMP rel32");
export const JMP_l8 = def("JMP_l8", "EB cb", "JMP rel8");
export const JMP_l32 = def("JMP_l32", "E9 cd", "JMP rel32");
export const JMP_r = def("JMP_r", "FF /4", "JMP r/m64");
/** An indirect jump through memory: jmp [table + index*8] dispatches through a jump table. */
export const JMP_m = def("JMP_m", "FF /4", "JMP r/m64");
export const CALL_l = def("CALL_l", "E8 cd", "CALL rel32");
export const CALL_r = def("CALL_r", "FF /2", "CALL r/m64");
export const CALL_m = def("CALL_m", "FF /2", "CALL r/m64");
export const RET = def("RET", "C3", "RET");

// --- Traps and the rest ----------------------------------------------------------------------

export const UD2 = def("UD2", "0F 0B", "UD2");
export const INT3 = def("INT3", "CC", "INT3");
export const NOP = def("NOP", "90", "NOP");
export const SYSCALL = def("SYSCALL", "0F 05", "SYSCALL");

// --- SSE2 scalar doubles (and the single-precision loads, stores and conversions) -------------

export const MOVSD_xx = def("MOVSD_xx", "F2 0F 10 /r", "MOVSD xmm1, xmm2/m64");
export const MOVSD_xm = def("MOVSD_xm", "F2 0F 10 /r", "MOVSD xmm1, xmm2/m64");
export const MOVSD_mx = def("MOVSD_mx", "F2 0F 11 /r", "MOVSD xmm1/m64, xmm2");
/** A whole-register copy: no dependency on the destination's old upper half, unlike MOVSD_xx. */
export const MOVAPD_xx = def("MOVAPD_xx", "66 0F 28 /r", "MOVAPD xmm1, xmm2/m128");
export const MOVSS_xm = def("MOVSS_xm", "F3 0F 10 /r", "MOVSS xmm1, xmm2/m32");
export const MOVSS_mx = def("MOVSS_mx", "F3 0F 11 /r", "MOVSS xmm1/m32, xmm2");
/** Moves the 64 bits of a double between a general and an xmm register. */
export const MOVQ_xr = def("MOVQ_xr", "66 REX.W 0F 6E /r", "MOVQ xmm, r/m64");
export const MOVQ_rx = def("MOVQ_rx", "66 REX.W 0F 7E /r", "MOVQ r/m64, xmm");

export const ADDSD_xx = def("ADDSD_xx", "F2 0F 58 /r", "ADDSD xmm1, xmm2/m64");
export const ADDSD_xm = def("ADDSD_xm", "F2 0F 58 /r", "ADDSD xmm1, xmm2/m64");
export const SUBSD_xx = def("SUBSD_xx", "F2 0F 5C /r", "SUBSD xmm1, xmm2/m64");
export const SUBSD_xm = def("SUBSD_xm", "F2 0F 5C /r", "SUBSD xmm1, xmm2/m64");
export const MULSD_xx = def("MULSD_xx", "F2 0F 59 /r", "MULSD xmm1, xmm2/m64");
export const MULSD_xm = def("MULSD_xm", "F2 0F 59 /r", "MULSD xmm1, xmm2/m64");
export const DIVSD_xx = def("DIVSD_xx", "F2 0F 5E /r", "DIVSD xmm1, xmm2/m64");
export const DIVSD_xm = def("DIVSD_xm", "F2 0F 5E /r", "DIVSD xmm1, xmm2/m64");
export const SQRTSD_xx = def("SQRTSD_xx", "F2 0F 51 /r", "SQRTSD xmm1, xmm2/m64");
export const SQRTSD_xm = def("SQRTSD_xm", "F2 0F 51 /r", "SQRTSD xmm1, xmm2/m64");
export const MINSD_xx = def("MINSD_xx", "F2 0F 5D /r", "MINSD xmm1, xmm2/m64");
export const MAXSD_xx = def("MAXSD_xx", "F2 0F 5F /r", "MAXSD xmm1, xmm2/m64");
/** Rounds by the mode in the immediate (SSE4.1, x86-64-v2): Math.floor, ceil, trunc. */
export const ROUNDSD_xxi = def("ROUNDSD_xxi", "66 0F 3A 0B /r ib", "ROUNDSD xmm1, xmm2/m64, imm8");
/** Unordered compare: sets ZF, PF, CF (PF when either is NaN); compare with CC_A/CC_AE/... */
export const UCOMISD_xx = def("UCOMISD_xx", "66 0F 2E /r", "UCOMISD xmm1, xmm2/m64");
export const UCOMISD_xm = def("UCOMISD_xm", "66 0F 2E /r", "UCOMISD xmm1, xmm2/m64");
export const COMISD_xx = def("COMISD_xx", "66 0F 2F /r", "COMISD xmm1, xmm2/m64");
/** Bitwise xor and and of doubles: negation and absolute value with a sign mask, and zeroing. */
export const XORPD_xx = def("XORPD_xx", "66 0F 57 /r", "XORPD xmm1, xmm2/m128");
export const XORPD_xm = def("XORPD_xm", "66 0F 57 /r", "XORPD xmm1, xmm2/m128");
export const ANDPD_xx = def("ANDPD_xx", "66 0F 54 /r", "ANDPD xmm1, xmm2/m128");
export const ANDPD_xm = def("ANDPD_xm", "66 0F 54 /r", "ANDPD xmm1, xmm2/m128");

export const CVTSI2SD_xr = def("CVTSI2SD_xr", "F2 REX.W 0F 2A /r", "CVTSI2SD xmm1, r/m64");
export const CVTSI2SD_xm = def("CVTSI2SD_xm", "F2 REX.W 0F 2A /r", "CVTSI2SD xmm1, r/m64");
/** Double to integer, truncating; out of range or NaN gives 0x8000000000000000. */
export const CVTTSD2SI_rx = def("CVTTSD2SI_rx", "F2 REX.W 0F 2C /r", "CVTTSD2SI r64, xmm1/m64");
export const CVTTSD2SI_rm = def("CVTTSD2SI_rm", "F2 REX.W 0F 2C /r", "CVTTSD2SI r64, xmm1/m64");
/** Double to integer, rounding by MXCSR (to nearest even). */
export const CVTSD2SI_rx = def("CVTSD2SI_rx", "F2 REX.W 0F 2D /r", "CVTSD2SI r64, xmm1/m64");
export const CVTSS2SD_xx = def("CVTSS2SD_xx", "F3 0F 5A /r", "CVTSS2SD xmm1, xmm2/m32");
export const CVTSS2SD_xm = def("CVTSS2SD_xm", "F3 0F 5A /r", "CVTSS2SD xmm1, xmm2/m32");
export const CVTSD2SS_xx = def("CVTSD2SS_xx", "F2 0F 5A /r", "CVTSD2SS xmm1, xmm2/m64");

/**
 * Every form of the table, families expanded, in table order (for tests, dumps and disassembly):
 * a read-only list made once; tests/backend-x86/notation.test.ts checks that it holds every form
 * this module exports.
 */
export const ALL_FORMS: readonly Form[] = Object.freeze([
  ADD_rr, ADD_rm, ADD_mr, ADD_ri, ADD_mi, OR_rr, OR_rm, OR_mr, OR_ri, OR_mi, AND_rr, AND_rm,
  AND_mr, AND_ri, AND_mi, SUB_rr, SUB_rm, SUB_mr, SUB_ri, SUB_mi, XOR_rr, XOR_rm, XOR_mr, XOR_ri,
  XOR_mi, XOR32_rr, CMP_rr, CMP_rm, CMP_mr, CMP_ri, CMP_mi, CMP8_mi, TEST_rr, TEST_mr, TEST_ri,
  TEST_mi, TEST8_ri, TEST8_mi, NEG_r, NOT_r, INC_r, DEC_r, IMUL_rr, IMUL_rm, IMUL_rri, IMUL_rmi,
  IMUL32_rr, IMUL_r, MUL_r, IDIV_r, DIV_r, CQO, SHL_ri, SHR_ri, SAR_ri, SHL_rcl, SHR_rcl, SAR_rcl,
  SHL32_ri, SHR32_ri, SAR32_ri, SHL32_rcl, SHR32_rcl, SAR32_rcl, MOV_rr, MOV_rm, MOV_mr, MOV_ri,
  MOV_ri64, MOV_mi, MOV32_rr, MOV32_rm, MOV32_mr, MOV32_mi, MOV16_mr, MOV16_mi, MOV8_mr, MOV8_mi,
  MOVZX8_rr, MOVZX8_rm, MOVZX16_rr, MOVZX16_rm, MOVSX8_rr, MOVSX8_rm, MOVSX16_rr, MOVSX16_rm,
  MOVSX32_rr, MOVSX32_rm, LEA_rm, PUSH_r, POP_r, ...SETcc_r, ...CMOVcc_rr, ...CMOVcc_rm, ...Jcc_l,
  ...Jcc_l8, ...Jcc_l32, JMP_l, JMP_l8, JMP_l32, JMP_r, JMP_m, CALL_l, CALL_r, CALL_m, RET, UD2,
  INT3, NOP, SYSCALL, MOVSD_xx, MOVSD_xm, MOVSD_mx, MOVAPD_xx, MOVSS_xm, MOVSS_mx, MOVQ_xr,
  MOVQ_rx, ADDSD_xx, ADDSD_xm, SUBSD_xx, SUBSD_xm, MULSD_xx, MULSD_xm, DIVSD_xx, DIVSD_xm,
  SQRTSD_xx, SQRTSD_xm, MINSD_xx, MAXSD_xx, ROUNDSD_xxi, UCOMISD_xx, UCOMISD_xm, COMISD_xx,
  XORPD_xx, XORPD_xm, ANDPD_xx, ANDPD_xm, CVTSI2SD_xr, CVTSI2SD_xm, CVTTSD2SI_rx, CVTTSD2SI_rm,
  CVTSD2SI_rx, CVTSS2SD_xx, CVTSS2SD_xm, CVTSD2SS_xx,
]);
