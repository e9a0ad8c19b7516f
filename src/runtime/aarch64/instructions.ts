/**
 * The A64 instruction forms, one line each in the Arm Architecture Reference Manual's notation:
 * the form's name (mnemonic and operand kinds), then for each alternative encoding its encoding
 * diagram (bit 31 first) and its assembler syntax. encoding.ts explains the notation and how an
 * alternative is chosen.
 *
 * Covered: what a code generator for 64-bit integers, doubles and pointers needs (add/sub with
 * immediates, shifted and extended registers, logical operations with bitmask immediates,
 * shifts, multiplication and division, conditional selects, wide moves, pc-relative addresses,
 * loads and stores of 8 to 64 bits with zero or sign extension in every addressing mode, pairs,
 * branches, scalar doubles and their conversions) and what the JIT needs besides (indirect
 * branches, traps, the cache maintenance that makes new code visible). Checked against GNU
 * objdump and GNU as by tests/runtime/aarch64/encodings.test.ts.
 *
 * Operands are in the manual's order, destination first. Aliases are forms of their own, with
 * the manual's alias syntax and the encoding it stands for (CMP_rri is SUBS with Rd = XZR).
 */

import { family, form, type Form } from "./encoding.js";

export {
  CC_AL, CC_CC, CC_CS, CC_EQ, CC_GE, CC_GT, CC_HI, CC_HS, CC_LE, CC_LO, CC_LS, CC_LT, CC_MI, CC_NAMES, CC_NE, CC_NV, CC_PL, CC_VC, CC_VS,
  invertCondition,
} from "./encoding.js";

const def = form;
const defFamily = family;

// --- Add and subtract: immediate (sf op S 100010 sh imm12 Rn Rd) -----------------------------

export const ADD_rri = def("ADD_rri", "sf=1 op=0 S=0 100010 sh imm12 Rn Rd", "ADD <Xd|SP>, <Xn|SP>, #<imm>{, <shift>}");
export const ADDS_rri = def("ADDS_rri", "sf=1 op=0 S=1 100010 sh imm12 Rn Rd", "ADDS <Xd>, <Xn|SP>, #<imm>{, <shift>}");
export const SUB_rri = def("SUB_rri", "sf=1 op=1 S=0 100010 sh imm12 Rn Rd", "SUB <Xd|SP>, <Xn|SP>, #<imm>{, <shift>}");
export const SUBS_rri = def("SUBS_rri", "sf=1 op=1 S=1 100010 sh imm12 Rn Rd", "SUBS <Xd>, <Xn|SP>, #<imm>{, <shift>}");
export const CMP_ri = def("CMP_ri", "sf=1 op=1 S=1 100010 sh imm12 Rn Rd=11111", "CMP <Xn|SP>, #<imm>{, <shift>}");
export const CMN_ri = def("CMN_ri", "sf=1 op=0 S=1 100010 sh imm12 Rn Rd=11111", "CMN <Xn|SP>, #<imm>{, <shift>}");
export const ADD32_rri = def("ADD32_rri", "sf=0 op=0 S=0 100010 sh imm12 Rn Rd", "ADD <Wd|WSP>, <Wn|WSP>, #<imm>{, <shift>}");
export const SUB32_rri = def("SUB32_rri", "sf=0 op=1 S=0 100010 sh imm12 Rn Rd", "SUB <Wd|WSP>, <Wn|WSP>, #<imm>{, <shift>}");
export const CMP32_ri = def("CMP32_ri", "sf=0 op=1 S=1 100010 sh imm12 Rn Rd=11111", "CMP <Wn|WSP>, #<imm>{, <shift>}");

// --- Add and subtract: shifted register (sf op S 01011 shift 0 Rm imm6 Rn Rd) ------------------

export const ADD_rrr = def("ADD_rrr", "sf=1 op=0 S=0 01011 shift=00 0 Rm imm6=000000 Rn Rd", "ADD <Xd>, <Xn>, <Xm>");
export const ADDS_rrr = def("ADDS_rrr", "sf=1 op=0 S=1 01011 shift=00 0 Rm imm6=000000 Rn Rd", "ADDS <Xd>, <Xn>, <Xm>");
export const SUB_rrr = def("SUB_rrr", "sf=1 op=1 S=0 01011 shift=00 0 Rm imm6=000000 Rn Rd", "SUB <Xd>, <Xn>, <Xm>");
export const SUBS_rrr = def("SUBS_rrr", "sf=1 op=1 S=1 01011 shift=00 0 Rm imm6=000000 Rn Rd", "SUBS <Xd>, <Xn>, <Xm>");
export const ADD_rrrsi = def("ADD_rrrsi", "sf=1 op=0 S=0 01011 shift 0 Rm imm6 Rn Rd", "ADD <Xd>, <Xn>, <Xm>{, <shift> #<amount>}");
export const ADDS_rrrsi = def("ADDS_rrrsi", "sf=1 op=0 S=1 01011 shift 0 Rm imm6 Rn Rd", "ADDS <Xd>, <Xn>, <Xm>{, <shift> #<amount>}");
export const SUB_rrrsi = def("SUB_rrrsi", "sf=1 op=1 S=0 01011 shift 0 Rm imm6 Rn Rd", "SUB <Xd>, <Xn>, <Xm>{, <shift> #<amount>}");
export const SUBS_rrrsi = def("SUBS_rrrsi", "sf=1 op=1 S=1 01011 shift 0 Rm imm6 Rn Rd", "SUBS <Xd>, <Xn>, <Xm>{, <shift> #<amount>}");
export const CMP_rr = def("CMP_rr", "sf=1 op=1 S=1 01011 shift=00 0 Rm imm6=000000 Rn Rd=11111", "CMP <Xn>, <Xm>");
export const CMP_rrsi = def("CMP_rrsi", "sf=1 op=1 S=1 01011 shift 0 Rm imm6 Rn Rd=11111", "CMP <Xn>, <Xm>{, <shift> #<amount>}");
export const CMN_rr = def("CMN_rr", "sf=1 op=0 S=1 01011 shift=00 0 Rm imm6=000000 Rn Rd=11111", "CMN <Xn>, <Xm>");
export const NEG_rr = def("NEG_rr", "sf=1 op=1 S=0 01011 shift=00 0 Rm imm6=000000 Rn=11111 Rd", "NEG <Xd>, <Xm>");
export const NEGS_rr = def("NEGS_rr", "sf=1 op=1 S=1 01011 shift=00 0 Rm imm6=000000 Rn=11111 Rd", "NEGS <Xd>, <Xm>");
export const ADD32_rrr = def("ADD32_rrr", "sf=0 op=0 S=0 01011 shift=00 0 Rm imm6=000000 Rn Rd", "ADD <Wd>, <Wn>, <Wm>");
export const SUB32_rrr = def("SUB32_rrr", "sf=0 op=1 S=0 01011 shift=00 0 Rm imm6=000000 Rn Rd", "SUB <Wd>, <Wn>, <Wm>");
export const ADDS32_rrr = def("ADDS32_rrr", "sf=0 op=0 S=1 01011 shift=00 0 Rm imm6=000000 Rn Rd", "ADDS <Wd>, <Wn>, <Wm>");
export const SUBS32_rrr = def("SUBS32_rrr", "sf=0 op=1 S=1 01011 shift=00 0 Rm imm6=000000 Rn Rd", "SUBS <Wd>, <Wn>, <Wm>");
export const CMP32_rr = def("CMP32_rr", "sf=0 op=1 S=1 01011 shift=00 0 Rm imm6=000000 Rn Rd=11111", "CMP <Wn>, <Wm>");
export const NEG32_rr = def("NEG32_rr", "sf=0 op=1 S=0 01011 shift=00 0 Rm imm6=000000 Rn=11111 Rd", "NEG <Wd>, <Wm>");

// --- Add and subtract: extended register (sf op S 01011 00 1 Rm option imm3 Rn Rd) -------------

export const ADD_rrrei = def("ADD_rrrei", "sf=1 op=0 S=0 01011 opt=00 1 Rm option imm3 Rn Rd", "ADD <Xd|SP>, <Xn|SP>, <R><m>{, <extend> {#<amount>}}");
export const ADDS_rrrei = def("ADDS_rrrei", "sf=1 op=0 S=1 01011 opt=00 1 Rm option imm3 Rn Rd", "ADDS <Xd>, <Xn|SP>, <R><m>{, <extend> {#<amount>}}");
export const SUB_rrrei = def("SUB_rrrei", "sf=1 op=1 S=0 01011 opt=00 1 Rm option imm3 Rn Rd", "SUB <Xd|SP>, <Xn|SP>, <R><m>{, <extend> {#<amount>}}");
export const SUBS_rrrei = def("SUBS_rrrei", "sf=1 op=1 S=1 01011 opt=00 1 Rm option imm3 Rn Rd", "SUBS <Xd>, <Xn|SP>, <R><m>{, <extend> {#<amount>}}");
export const CMP_rrei = def("CMP_rrei", "sf=1 op=1 S=1 01011 opt=00 1 Rm option imm3 Rn Rd=11111", "CMP <Xn|SP>, <R><m>{, <extend> {#<amount>}}");

// --- Logical: immediate (sf opc 100100 N immr imms Rn Rd) and shifted register (sf opc 01010 shift N Rm imm6 Rn Rd)

export const AND_rri = def("AND_rri", "sf=1 opc=00 100100 N immr imms Rn Rd", "AND <Xd|SP>, <Xn>, #<imm>");
export const ORR_rri = def("ORR_rri", "sf=1 opc=01 100100 N immr imms Rn Rd", "ORR <Xd|SP>, <Xn>, #<imm>");
export const EOR_rri = def("EOR_rri", "sf=1 opc=10 100100 N immr imms Rn Rd", "EOR <Xd|SP>, <Xn>, #<imm>");
export const ANDS_rri = def("ANDS_rri", "sf=1 opc=11 100100 N immr imms Rn Rd", "ANDS <Xd>, <Xn>, #<imm>");
export const TST_ri = def("TST_ri", "sf=1 opc=11 100100 N immr imms Rn Rd=11111", "TST <Xn>, #<imm>");
export const AND32_rri = def("AND32_rri", "sf=0 opc=00 100100 N=0 immr imms Rn Rd", "AND <Wd|WSP>, <Wn>, #<imm>");
export const ORR32_rri = def("ORR32_rri", "sf=0 opc=01 100100 N=0 immr imms Rn Rd", "ORR <Wd|WSP>, <Wn>, #<imm>");
export const EOR32_rri = def("EOR32_rri", "sf=0 opc=10 100100 N=0 immr imms Rn Rd", "EOR <Wd|WSP>, <Wn>, #<imm>");
export const TST32_ri = def("TST32_ri", "sf=0 opc=11 100100 N=0 immr imms Rn Rd=11111", "TST <Wn>, #<imm>");

export const AND_rrr = def("AND_rrr", "sf=1 opc=00 01010 shift=00 N=0 Rm imm6=000000 Rn Rd", "AND <Xd>, <Xn>, <Xm>");
export const ORR_rrr = def("ORR_rrr", "sf=1 opc=01 01010 shift=00 N=0 Rm imm6=000000 Rn Rd", "ORR <Xd>, <Xn>, <Xm>");
export const EOR_rrr = def("EOR_rrr", "sf=1 opc=10 01010 shift=00 N=0 Rm imm6=000000 Rn Rd", "EOR <Xd>, <Xn>, <Xm>");
export const ANDS_rrr = def("ANDS_rrr", "sf=1 opc=11 01010 shift=00 N=0 Rm imm6=000000 Rn Rd", "ANDS <Xd>, <Xn>, <Xm>");
export const BIC_rrr = def("BIC_rrr", "sf=1 opc=00 01010 shift=00 N=1 Rm imm6=000000 Rn Rd", "BIC <Xd>, <Xn>, <Xm>");
export const ORN_rrr = def("ORN_rrr", "sf=1 opc=01 01010 shift=00 N=1 Rm imm6=000000 Rn Rd", "ORN <Xd>, <Xn>, <Xm>");
export const AND_rrrsi = def("AND_rrrsi", "sf=1 opc=00 01010 shift N=0 Rm imm6 Rn Rd", "AND <Xd>, <Xn>, <Xm>{, <shift> #<amount>}");
export const ORR_rrrsi = def("ORR_rrrsi", "sf=1 opc=01 01010 shift N=0 Rm imm6 Rn Rd", "ORR <Xd>, <Xn>, <Xm>{, <shift> #<amount>}");
export const EOR_rrrsi = def("EOR_rrrsi", "sf=1 opc=10 01010 shift N=0 Rm imm6 Rn Rd", "EOR <Xd>, <Xn>, <Xm>{, <shift> #<amount>}");
export const TST_rr = def("TST_rr", "sf=1 opc=11 01010 shift=00 N=0 Rm imm6=000000 Rn Rd=11111", "TST <Xn>, <Xm>");
export const MVN_rr = def("MVN_rr", "sf=1 opc=01 01010 shift=00 N=1 Rm imm6=000000 Rn=11111 Rd", "MVN <Xd>, <Xm>");
/** A register copy: ORR with XZR, or ADD #0 when either operand is SP (GNU as's choice too). */
export const MOV_rr = def(
  "MOV_rr",
  "sf=1 opc=01 01010 shift=00 N=0 Rm imm6=000000 Rn=11111 Rd", "MOV <Xd>, <Xm>",
  "sf=1 op=0 S=0 100010 sh=0 imm12=000000000000 Rn Rd", "MOV <Xd|SP>, <Xn|SP>",
);
export const AND32_rrr = def("AND32_rrr", "sf=0 opc=00 01010 shift=00 N=0 Rm imm6=000000 Rn Rd", "AND <Wd>, <Wn>, <Wm>");
export const ORR32_rrr = def("ORR32_rrr", "sf=0 opc=01 01010 shift=00 N=0 Rm imm6=000000 Rn Rd", "ORR <Wd>, <Wn>, <Wm>");
export const EOR32_rrr = def("EOR32_rrr", "sf=0 opc=10 01010 shift=00 N=0 Rm imm6=000000 Rn Rd", "EOR <Wd>, <Wn>, <Wm>");
export const MVN32_rr = def("MVN32_rr", "sf=0 opc=01 01010 shift=00 N=1 Rm imm6=000000 Rn=11111 Rd", "MVN <Wd>, <Wm>");
/** A 32-bit copy clears the upper half: zero-extension from 32 bits (JavaScript's >>> 0). */
export const MOV32_rr = def("MOV32_rr", "sf=0 opc=01 01010 shift=00 N=0 Rm imm6=000000 Rn=11111 Rd", "MOV <Wd>, <Wm>");

// --- Shifts and extensions: bitfield aliases (sf opc 100110 N immr imms Rn Rd) and registers ----

export const LSL_rri = def("LSL_rri", "sf=1 opc=10 100110 N=1 immr imms Rn Rd", "LSL <Xd>, <Xn>, #<shift>");
export const LSR_rri = def("LSR_rri", "sf=1 opc=10 100110 N=1 immr imms=111111 Rn Rd", "LSR <Xd>, <Xn>, #<shift>");
export const ASR_rri = def("ASR_rri", "sf=1 opc=00 100110 N=1 immr imms=111111 Rn Rd", "ASR <Xd>, <Xn>, #<shift>");
export const LSL32_rri = def("LSL32_rri", "sf=0 opc=10 100110 N=0 immr imms Rn Rd", "LSL <Wd>, <Wn>, #<shift>");
export const LSR32_rri = def("LSR32_rri", "sf=0 opc=10 100110 N=0 immr imms=011111 Rn Rd", "LSR <Wd>, <Wn>, #<shift>");
export const ASR32_rri = def("ASR32_rri", "sf=0 opc=00 100110 N=0 immr imms=011111 Rn Rd", "ASR <Wd>, <Wn>, #<shift>");
export const SXTB_rr = def("SXTB_rr", "sf=1 opc=00 100110 N=1 immr=000000 imms=000111 Rn Rd", "SXTB <Xd>, <Wn>");
export const SXTH_rr = def("SXTH_rr", "sf=1 opc=00 100110 N=1 immr=000000 imms=001111 Rn Rd", "SXTH <Xd>, <Wn>");
export const SXTW_rr = def("SXTW_rr", "sf=1 opc=00 100110 N=1 immr=000000 imms=011111 Rn Rd", "SXTW <Xd>, <Wn>");
export const UXTB_rr = def("UXTB_rr", "sf=0 opc=10 100110 N=0 immr=000000 imms=000111 Rn Rd", "UXTB <Wd>, <Wn>");
export const UXTH_rr = def("UXTH_rr", "sf=0 opc=10 100110 N=0 immr=000000 imms=001111 Rn Rd", "UXTH <Wd>, <Wn>");
/** Register shifts take the count modulo the size, as JavaScript's << >> >>> take it modulo 32 (the 32-bit forms). */
export const LSL_rrr = def("LSL_rrr", "sf=1 0 0 11010110 Rm 0010 op2=00 Rn Rd", "LSL <Xd>, <Xn>, <Xm>");
export const LSR_rrr = def("LSR_rrr", "sf=1 0 0 11010110 Rm 0010 op2=01 Rn Rd", "LSR <Xd>, <Xn>, <Xm>");
export const ASR_rrr = def("ASR_rrr", "sf=1 0 0 11010110 Rm 0010 op2=10 Rn Rd", "ASR <Xd>, <Xn>, <Xm>");
export const LSL32_rrr = def("LSL32_rrr", "sf=0 0 0 11010110 Rm 0010 op2=00 Rn Rd", "LSL <Wd>, <Wn>, <Wm>");
export const LSR32_rrr = def("LSR32_rrr", "sf=0 0 0 11010110 Rm 0010 op2=01 Rn Rd", "LSR <Wd>, <Wn>, <Wm>");
export const ASR32_rrr = def("ASR32_rrr", "sf=0 0 0 11010110 Rm 0010 op2=10 Rn Rd", "ASR <Wd>, <Wn>, <Wm>");

// --- Multiplication and division ---------------------------------------------------------------

export const MADD_rrrr = def("MADD_rrrr", "sf=1 00 11011 000 Rm o0=0 Ra Rn Rd", "MADD <Xd>, <Xn>, <Xm>, <Xa>");
export const MSUB_rrrr = def("MSUB_rrrr", "sf=1 00 11011 000 Rm o0=1 Ra Rn Rd", "MSUB <Xd>, <Xn>, <Xm>, <Xa>");
export const MUL_rrr = def("MUL_rrr", "sf=1 00 11011 000 Rm o0=0 Ra=11111 Rn Rd", "MUL <Xd>, <Xn>, <Xm>");
export const MUL32_rrr = def("MUL32_rrr", "sf=0 00 11011 000 Rm o0=0 Ra=11111 Rn Rd", "MUL <Wd>, <Wn>, <Wm>");
/** The high 64 bits of the 128-bit product (overflow checks of a 64-bit multiplication). */
export const SMULH_rrr = def("SMULH_rrr", "1 00 11011 010 Rm o0=0 Ra=11111 Rn Rd", "SMULH <Xd>, <Xn>, <Xm>");
export const UMULH_rrr = def("UMULH_rrr", "1 00 11011 110 Rm o0=0 Ra=11111 Rn Rd", "UMULH <Xd>, <Xn>, <Xm>");
/** The 64-bit product of two 32-bit values. */
export const SMULL_rrr = def("SMULL_rrr", "1 00 11011 001 Rm o0=0 Ra=11111 Rn Rd", "SMULL <Xd>, <Wn>, <Wm>");
/** Division rounds toward zero; a zero divisor gives 0 (no trap: the code checks first). */
export const SDIV_rrr = def("SDIV_rrr", "sf=1 0 0 11010110 Rm 00001 o1=1 Rn Rd", "SDIV <Xd>, <Xn>, <Xm>");
export const UDIV_rrr = def("UDIV_rrr", "sf=1 0 0 11010110 Rm 00001 o1=0 Rn Rd", "UDIV <Xd>, <Xn>, <Xm>");
export const SDIV32_rrr = def("SDIV32_rrr", "sf=0 0 0 11010110 Rm 00001 o1=1 Rn Rd", "SDIV <Wd>, <Wn>, <Wm>");

// --- Conditional select (sf op S 11010100 Rm cond op2 Rn Rd) -------------------------------------

export const CSEL_rrrc = def("CSEL_rrrc", "sf=1 op=0 S=0 11010100 Rm cond op2=00 Rn Rd", "CSEL <Xd>, <Xn>, <Xm>, <cond>");
export const CSINC_rrrc = def("CSINC_rrrc", "sf=1 op=0 S=0 11010100 Rm cond op2=01 Rn Rd", "CSINC <Xd>, <Xn>, <Xm>, <cond>");
export const CSINV_rrrc = def("CSINV_rrrc", "sf=1 op=1 S=0 11010100 Rm cond op2=00 Rn Rd", "CSINV <Xd>, <Xn>, <Xm>, <cond>");
export const CSNEG_rrrc = def("CSNEG_rrrc", "sf=1 op=1 S=0 11010100 Rm cond op2=01 Rn Rd", "CSNEG <Xd>, <Xn>, <Xm>, <cond>");
/** 1 if cond holds, else 0. */
export const CSET_rc = def("CSET_rc", "sf=1 op=0 S=0 11010100 Rm=11111 invert(cond) op2=01 Rn=11111 Rd", "CSET <Xd>, <cond>");
/** -1 (all ones) if cond holds, else 0. */
export const CSETM_rc = def("CSETM_rc", "sf=1 op=1 S=0 11010100 Rm=11111 invert(cond) op2=00 Rn=11111 Rd", "CSETM <Xd>, <cond>");

// --- Wide moves (sf opc 100101 hw imm16 Rd): Assembler.movConstant picks a sequence -----------

export const MOVZ_rii = def("MOVZ_rii", "sf=1 opc=10 100101 hw imm16 Rd", "MOVZ <Xd>, #<imm>{, LSL #<shift>}");
export const MOVN_rii = def("MOVN_rii", "sf=1 opc=00 100101 hw imm16 Rd", "MOVN <Xd>, #<imm>{, LSL #<shift>}");
export const MOVK_rii = def("MOVK_rii", "sf=1 opc=11 100101 hw imm16 Rd", "MOVK <Xd>, #<imm>{, LSL #<shift>}");
export const MOVZ32_rii = def("MOVZ32_rii", "sf=0 opc=10 100101 hw imm16 Rd", "MOVZ <Wd>, #<imm>{, LSL #<shift>}");
export const MOVK32_rii = def("MOVK32_rii", "sf=0 opc=11 100101 hw imm16 Rd", "MOVK <Wd>, #<imm>{, LSL #<shift>}");

// --- PC-relative addresses (op immlo 10000 immhi Rd) ---------------------------------------------

/** The address of a label within ±1 MiB. */
export const ADR_rl = def("ADR_rl", "op=0 immlo 10000 immhi Rd", "ADR <Xd>, <label>");
/** The address of the 4 KiB page `pages` pages from this instruction's page (±4 GiB); add the low 12 bits after. */
export const ADRP_ri = def("ADRP_ri", "op=1 immlo 10000 immhi Rd", "ADRP <Xd>, <label>");

// --- Loads and stores: unsigned offset, unscaled, post-index, pre-index, register offset, literal

/** The alternatives of a load or store: size and opc, the mnemonic, its unscaled mnemonic, the register word. */
function loadStore(name: string, size: string, v: string, opc: string, mnemonic: string, unscaled: string, reg: string, literalOpc?: string): Form {
  const head = `size=${size} 111 V=${v}`;
  const columns = [
    `${head} 01 opc=${opc} imm12 Rn Rt`, `${mnemonic} ${reg}, [<Xn|SP>{, #<pimm>}]`,
    `${head} 00 opc=${opc} 0 imm9 00 Rn Rt`, `${unscaled} ${reg}, [<Xn|SP>{, #<simm>}]`,
    `${head} 00 opc=${opc} 0 imm9 11 Rn Rt`, `${mnemonic} ${reg}, [<Xn|SP>, #<simm>]!`,
    `${head} 00 opc=${opc} 0 imm9 01 Rn Rt`, `${mnemonic} ${reg}, [<Xn|SP>], #<simm>`,
    `${head} 00 opc=${opc} 1 Rm option S 10 Rn Rt`, `${mnemonic} ${reg}, [<Xn|SP>, (<Wm>|<Xm>){, <extend> {<amount>}}]`,
  ];
  if (literalOpc !== undefined) columns.push(`opc=${literalOpc} 011 V=${v} 00 imm19 Rt`, `${mnemonic} ${reg}, <label>`);
  return def(name, ...columns);
}

export const LDR_rm = loadStore("LDR_rm", "11", "0", "01", "LDR", "LDUR", "<Xt>", "01");
export const LDR32_rm = loadStore("LDR32_rm", "10", "0", "01", "LDR", "LDUR", "<Wt>", "00");
/** Loads of 8 and 16 bits zero-extend (into the whole X register); the S forms sign-extend to 64 bits. */
export const LDRB_rm = loadStore("LDRB_rm", "00", "0", "01", "LDRB", "LDURB", "<Wt>");
export const LDRSB_rm = loadStore("LDRSB_rm", "00", "0", "10", "LDRSB", "LDURSB", "<Xt>");
export const LDRH_rm = loadStore("LDRH_rm", "01", "0", "01", "LDRH", "LDURH", "<Wt>");
export const LDRSH_rm = loadStore("LDRSH_rm", "01", "0", "10", "LDRSH", "LDURSH", "<Xt>");
export const LDRSW_rm = loadStore("LDRSW_rm", "10", "0", "10", "LDRSW", "LDURSW", "<Xt>", "10");
export const STR_rm = loadStore("STR_rm", "11", "0", "00", "STR", "STUR", "<Xt>");
export const STR32_rm = loadStore("STR32_rm", "10", "0", "00", "STR", "STUR", "<Wt>");
export const STRB_rm = loadStore("STRB_rm", "00", "0", "00", "STRB", "STURB", "<Wt>");
export const STRH_rm = loadStore("STRH_rm", "01", "0", "00", "STRH", "STURH", "<Wt>");
export const LDR_vm = loadStore("LDR_vm", "11", "1", "01", "LDR", "LDUR", "<Dt>", "01");
export const STR_vm = loadStore("STR_vm", "11", "1", "00", "STR", "STUR", "<Dt>");
export const LDR32_vm = loadStore("LDR32_vm", "10", "1", "01", "LDR", "LDUR", "<St>", "00");
export const STR32_vm = loadStore("STR32_vm", "10", "1", "00", "STR", "STUR", "<St>");

/** Pairs (opc 101 V mode L imm7 Rt2 Rn Rt): signed offset, pre-index, post-index; frames push and pop with them. */
function pair(name: string, opc: string, v: string, load: string, mnemonic: string, reg: string): Form {
  const head = `opc=${opc} 101 V=${v}`;
  const regs = `${reg}1>, ${reg}2>`;
  return def(
    name,
    `${head} 010 L=${load} imm7 Rt2 Rn Rt`, `${mnemonic} ${regs}, [<Xn|SP>{, #<imm>}]`,
    `${head} 011 L=${load} imm7 Rt2 Rn Rt`, `${mnemonic} ${regs}, [<Xn|SP>, #<imm>]!`,
    `${head} 001 L=${load} imm7 Rt2 Rn Rt`, `${mnemonic} ${regs}, [<Xn|SP>], #<imm>`,
  );
}

export const LDP_rrm = pair("LDP_rrm", "10", "0", "1", "LDP", "<Xt");
export const STP_rrm = pair("STP_rrm", "10", "0", "0", "STP", "<Xt");
export const LDP_vvm = pair("LDP_vvm", "01", "1", "1", "LDP", "<Dt");
export const STP_vvm = pair("STP_vvm", "01", "1", "0", "STP", "<Dt");

// --- Branches: every one is one word with its offset in a field, so any can be re-targeted ------

/** ±128 MiB. */
export const B_l = def("B_l", "op=0 00101 imm26", "B <label>");
export const BL_l = def("BL_l", "op=1 00101 imm26", "BL <label>");
/** ±1 MiB; `Bcc_l[CC_EQ]` is B.EQ. */
export const Bcc_l = defFamily("Bcc_l", "0101010 o1=0 imm19 o0=0 cond", "B.<cond> <label>");
export const CBZ_rl = def("CBZ_rl", "sf=1 011010 op=0 imm19 Rt", "CBZ <Xt>, <label>");
export const CBNZ_rl = def("CBNZ_rl", "sf=1 011010 op=1 imm19 Rt", "CBNZ <Xt>, <label>");
export const CBZ32_rl = def("CBZ32_rl", "sf=0 011010 op=0 imm19 Rt", "CBZ <Wt>, <label>");
export const CBNZ32_rl = def("CBNZ32_rl", "sf=0 011010 op=1 imm19 Rt", "CBNZ <Wt>, <label>");
/** Branch if bit #imm (0-63) of the register is zero (TBZ) or not (TBNZ); ±32 KiB. */
export const TBZ_ril = def("TBZ_ril", "b5 011011 op=0 b40 imm14 Rt", "TBZ <R><t>, #<imm>, <label>");
export const TBNZ_ril = def("TBNZ_ril", "b5 011011 op=1 b40 imm14 Rt", "TBNZ <R><t>, #<imm>, <label>");
export const BR_r = def("BR_r", "1101011 0000 11111 000000 Rn 00000", "BR <Xn>");
export const BLR_r = def("BLR_r", "1101011 0001 11111 000000 Rn 00000", "BLR <Xn>");
export const RET = def("RET", "1101011 0010 11111 000000 Rn=11110 00000", "RET");

// --- System: calls, traps, barriers, cache maintenance for code the JIT writes ------------------

export const SVC_i = def("SVC_i", "11010100 000 imm16 000 01", "SVC #<imm>");
export const BRK_i = def("BRK_i", "11010100 001 imm16 000 00", "BRK #<imm>");
export const NOP = def("NOP", "1101010100 0 00 011 0010 0000 000 11111", "NOP");
export const ISB = def("ISB", "1101010100 0 00 011 0011 1111 110 11111", "ISB");
export const DSB = def("DSB", "1101010100 0 00 011 0011 1011 100 11111", "DSB ISH");
/** Cleans the data cache line holding the address in Xt to the point of unification. */
export const DC_CVAU_r = def("DC_CVAU_r", "1101010100 0 01 011 0111 1011 001 Rt", "DC CVAU, <Xt>");
/** Invalidates the instruction cache line holding the address in Xt. */
export const IC_IVAU_r = def("IC_IVAU_r", "1101010100 0 01 011 0111 0101 001 Rt", "IC IVAU, <Xt>");
/** Reads the cache type register (the line sizes that cache maintenance steps by). */
export const MRS_CTR_r = def("MRS_CTR_r", "1101010100 1 11 011 0000 0000 001 Rt", "MRS <Xt>, CTR_EL0");

// --- Scalar doubles (and the singles of loads, stores and conversions): ftype 01 is double ------

function fp2(name: string, opcode: string, mnemonic: string): Form {
  return def(name, `0 0 0 11110 ftype=01 1 Rm opcode=${opcode} 10 Rn Rd`, `${mnemonic} <Dd>, <Dn>, <Dm>`);
}
function fp1(name: string, opcode: string, mnemonic: string): Form {
  return def(name, `0 0 0 11110 ftype=01 1 opcode=${opcode} 10000 Rn Rd`, `${mnemonic} <Dd>, <Dn>`);
}

export const FADD_vvv = fp2("FADD_vvv", "0010", "FADD");
export const FSUB_vvv = fp2("FSUB_vvv", "0011", "FSUB");
export const FMUL_vvv = fp2("FMUL_vvv", "0000", "FMUL");
export const FDIV_vvv = fp2("FDIV_vvv", "0001", "FDIV");
/** NaN if either operand is NaN; -0 below +0: Math.max and Math.min. */
export const FMAX_vvv = fp2("FMAX_vvv", "0100", "FMAX");
export const FMIN_vvv = fp2("FMIN_vvv", "0101", "FMIN");
export const FMOV_vv = fp1("FMOV_vv", "000000", "FMOV");
export const FABS_vv = fp1("FABS_vv", "000001", "FABS");
export const FNEG_vv = fp1("FNEG_vv", "000010", "FNEG");
export const FSQRT_vv = fp1("FSQRT_vv", "000011", "FSQRT");
/** Rounding to an integral double: to nearest even, toward +inf (ceil), -inf (floor), zero (trunc). */
export const FRINTN_vv = fp1("FRINTN_vv", "001000", "FRINTN");
export const FRINTP_vv = fp1("FRINTP_vv", "001001", "FRINTP");
export const FRINTM_vv = fp1("FRINTM_vv", "001010", "FRINTM");
export const FRINTZ_vv = fp1("FRINTZ_vv", "001011", "FRINTZ");
/** Double to single and back. */
export const FCVT32_vv = def("FCVT32_vv", "0 0 0 11110 ftype=01 1 opcode=000100 10000 Rn Rd", "FCVT <Sd>, <Dn>");
export const FCVT_vv = def("FCVT_vv", "0 0 0 11110 ftype=00 1 opcode=000101 10000 Rn Rd", "FCVT <Dd>, <Sn>");
/** Compares and sets NZCV: unordered (a NaN) is C and V set, so CC_VS tells NaN apart. */
export const FCMP_vv = def("FCMP_vv", "0 0 0 11110 ftype=01 1 Rm 00 1000 Rn opcode2=00000", "FCMP <Dn>, <Dm>");
export const FCMP0_v = def("FCMP0_v", "0 0 0 11110 ftype=01 1 Rm=00000 00 1000 Rn opcode2=01000", "FCMP <Dn>, #0.0");
export const FCSEL_vvvc = def("FCSEL_vvvc", "0 0 0 11110 ftype=01 1 Rm cond 11 Rn Rd", "FCSEL <Dd>, <Dn>, <Dm>, <cond>");
/** The 64 bits of a double between a general and a SIMD&FP register. */
export const FMOV_vr = def("FMOV_vr", "sf=1 0 0 11110 ftype=01 1 rmode=00 opcode=111 000000 Rn Rd", "FMOV <Dd>, <Xn>");
export const FMOV_rv = def("FMOV_rv", "sf=1 0 0 11110 ftype=01 1 rmode=00 opcode=110 000000 Rn Rd", "FMOV <Xd>, <Dn>");
/** Double to integer, toward zero; saturating (NaN gives 0). */
export const FCVTZS_rv = def("FCVTZS_rv", "sf=1 0 0 11110 ftype=01 1 rmode=11 opcode=000 000000 Rn Rd", "FCVTZS <Xd>, <Dn>");
export const SCVTF_vr = def("SCVTF_vr", "sf=1 0 0 11110 ftype=01 1 rmode=00 opcode=010 000000 Rn Rd", "SCVTF <Dd>, <Xn>");

/**
 * Every form of the table, the family expanded, in table order (for tests and dumps);
 * tests/runtime/aarch64/notation.test.ts checks that it holds every form this module exports.
 */
export const ALL_FORMS: readonly Form[] = Object.freeze([
  ADD_rri, ADDS_rri, SUB_rri, SUBS_rri, CMP_ri, CMN_ri, ADD32_rri, SUB32_rri, CMP32_ri,
  ADD_rrr, ADDS_rrr, SUB_rrr, SUBS_rrr, ADD_rrrsi, ADDS_rrrsi, SUB_rrrsi, SUBS_rrrsi, CMP_rr, CMP_rrsi, CMN_rr, NEG_rr,
  NEGS_rr, ADD32_rrr, SUB32_rrr, ADDS32_rrr, SUBS32_rrr, CMP32_rr, NEG32_rr,
  ADD_rrrei, ADDS_rrrei, SUB_rrrei, SUBS_rrrei, CMP_rrei,
  AND_rri, ORR_rri, EOR_rri, ANDS_rri, TST_ri, AND32_rri, ORR32_rri, EOR32_rri, TST32_ri,
  AND_rrr, ORR_rrr, EOR_rrr, ANDS_rrr, BIC_rrr, ORN_rrr, AND_rrrsi, ORR_rrrsi, EOR_rrrsi, TST_rr, MVN_rr, MOV_rr,
  AND32_rrr, ORR32_rrr, EOR32_rrr, MVN32_rr, MOV32_rr,
  LSL_rri, LSR_rri, ASR_rri, LSL32_rri, LSR32_rri, ASR32_rri, SXTB_rr, SXTH_rr, SXTW_rr, UXTB_rr, UXTH_rr,
  LSL_rrr, LSR_rrr, ASR_rrr, LSL32_rrr, LSR32_rrr, ASR32_rrr,
  MADD_rrrr, MSUB_rrrr, MUL_rrr, MUL32_rrr, SMULH_rrr, UMULH_rrr, SMULL_rrr, SDIV_rrr, UDIV_rrr, SDIV32_rrr,
  CSEL_rrrc, CSINC_rrrc, CSINV_rrrc, CSNEG_rrrc, CSET_rc, CSETM_rc,
  MOVZ_rii, MOVN_rii, MOVK_rii, MOVZ32_rii, MOVK32_rii, ADR_rl, ADRP_ri,
  LDR_rm, LDR32_rm, LDRB_rm, LDRSB_rm, LDRH_rm, LDRSH_rm, LDRSW_rm, STR_rm, STR32_rm, STRB_rm, STRH_rm,
  LDR_vm, STR_vm, LDR32_vm, STR32_vm, LDP_rrm, STP_rrm, LDP_vvm, STP_vvm,
  B_l, BL_l, ...Bcc_l, CBZ_rl, CBNZ_rl, CBZ32_rl, CBNZ32_rl, TBZ_ril, TBNZ_ril, BR_r, BLR_r, RET,
  SVC_i, BRK_i, NOP, ISB, DSB, DC_CVAU_r, IC_IVAU_r, MRS_CTR_r,
  FADD_vvv, FSUB_vvv, FMUL_vvv, FDIV_vvv, FMAX_vvv, FMIN_vvv, FMOV_vv, FABS_vv, FNEG_vv, FSQRT_vv,
  FRINTN_vv, FRINTP_vv, FRINTM_vv, FRINTZ_vv, FCVT32_vv, FCVT_vv, FCMP_vv, FCMP0_v, FCSEL_vvvc,
  FMOV_vr, FMOV_rv, FCVTZS_rv, SCVTF_vr,
]);
