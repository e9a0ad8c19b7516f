/**
 * What GNU objdump (Intel syntax) prints for an instruction form with given operands, derived
 * from the form's instruction column: the mnemonic, then each operand word rendered as objdump
 * renders it. With the chosen alternative's own column, a wrong opcode, a swapped reg/rm, a
 * missing REX bit or a wrong displacement all show up as a different text.
 *
 * Also: the operand lists the tests feed to every form, and a dispatcher from a form's shape to
 * the Assembler method that takes it.
 */

import { Assembler, chooseEncoding } from "../../src/runtime/x86/assembler.ts";
import {
  SHAPE_L, SHAPE_M, SHAPE_MI, SHAPE_MR, SHAPE_NONE, SHAPE_R, SHAPE_RI, SHAPE_RM, SHAPE_RMI, SHAPE_RR, SHAPE_RRI,
  type Encoding, type Form,
} from "../../src/runtime/x86/encoding.ts";
import { Label, Mem, mem, memAbsolute, memIndexed, memRip } from "../../src/runtime/x86/operands.ts";
import { NO_REG, REG16_NAMES, REG32_NAMES, REG64_NAMES, REG8_NAMES, RIP, XMM_NAMES } from "../../src/runtime/x86/registers.ts";

/** An operand: a register number or immediate, a memory operand, or a label. */
export type Operand = number | Mem | Label;

/** The operands of a form in its own order (the instruction column's, implicit ones left out). */
export function emit(asm: Assembler, form: Form, ops: Operand[]): void {
  const n = (i: number) => ops[i] as number;
  const m = (i: number) => ops[i] as Mem;
  switch (form.shape) {
    case SHAPE_NONE: return asm.none(form);
    case SHAPE_R: return asm.r(form, n(0));
    case SHAPE_M: return asm.m(form, m(0));
    case SHAPE_RR: return asm.rr(form, n(0), n(1));
    case SHAPE_RI: return asm.ri(form, n(0), n(1));
    case SHAPE_RM: return asm.rm(form, n(0), m(1));
    case SHAPE_MR: return asm.mr(form, m(0), n(1));
    case SHAPE_MI: return asm.mi(form, m(0), n(1));
    case SHAPE_RRI: return asm.rri(form, n(0), n(1), n(2));
    case SHAPE_RMI: return asm.rmi(form, n(0), m(1), n(2));
    case SHAPE_L: return asm.l(form, ops[0] as Label);
    default: throw new Error(`unknown shape ${form.shape}`);
  }
}

/** The alternative the assembler takes for these operands (by the same rule as its methods). */
export function chosen(form: Form, ops: Operand[]): Encoding {
  const reg = (i: number) => (typeof ops[i] === "number" && form.kinds[i] !== "i" ? (ops[i] as number) : -1);
  const immIndex = form.kinds.indexOf("i");
  const imm = immIndex >= 0 ? (ops[immIndex] as number) : 0;
  return chooseEncoding(form, reg(0), reg(1), imm);
}

/** Unsigned hex of v taken modulo 2^bits. */
export function hex(v: number, bits: number): string {
  const modulus = 1n << BigInt(bits);
  return "0x" + (((BigInt(v) % modulus) + modulus) % modulus).toString(16);
}

const PTR: Record<number, string> = { 8: "BYTE", 16: "WORD", 32: "DWORD", 64: "QWORD", 128: "XMMWORD" };

/** objdump's rendering of a memory operand (without the size). */
export function memText(m: Mem, ripTarget?: number): string {
  if (m.base === RIP) return `[rip+${hex(ripTarget ?? m.disp, 64)}]`;
  if (m.base === NO_REG && m.index === NO_REG) return `ds:${hex(m.disp, 64)}`;
  let text = m.base === NO_REG ? "" : REG64_NAMES[m.base]!;
  if (m.index !== NO_REG) text += `${m.base === NO_REG ? "" : "+"}${REG64_NAMES[m.index]}*${m.scale}`;
  const hasDisp = m.base === NO_REG || m.disp !== 0 || (m.base & 7) === 5;
  if (hasDisp) text += m.disp < 0 ? `-0x${(-m.disp).toString(16)}` : `+0x${m.disp.toString(16)}`;
  return `[${text}]`;
}

const GENERAL: Record<number, readonly string[]> = { 8: REG8_NAMES, 16: REG16_NAMES, 32: REG32_NAMES, 64: REG64_NAMES };

const FIXED_SIZES: Record<string, number> = { AL: 8, AX: 16, EAX: 32, RAX: 64 };

/**
 * Whether alternative enc of form holds the value v in its immediate, by the test's own reading
 * of the manual (independent of the assembler's ranges): the instruction must compute with v.
 */
export function holds(form: Form, enc: Encoding, v: number): boolean {
  if (enc.operands.includes("1")) return v === 1;
  const word = enc.operands.find((w) => w.startsWith("imm"));
  if (word === undefined || !Number.isInteger(v)) return false;
  const bits = Number(word.slice(3));
  const size = enc.size;
  const widest = Math.max(...form.encodings.map((e) => e.size));
  if (["SHL", "SHR", "SAR"].includes(enc.mnemonic)) return v >= 0 && v < size; // a count
  if (bits === 64) return Number.isSafeInteger(v);
  if (size > bits) return v >= -(2 ** (bits - 1)) && v < 2 ** (bits - 1); // sign-extended
  if (size !== 0 && widest > size) return v >= 0 && v < 2 ** bits; // zero-extended by a 32-bit write
  return v >= -(2 ** (bits - 1)) && v < 2 ** bits; // any bit pattern of the operand's width
}

function checkRepresentable(form: Form, enc: Encoding, v: number): void {
  if (!holds(form, enc, v)) throw new Error(`${form.name}: the assembler took '${enc.instructionText}' for ${v}, which it cannot hold`);
}

/**
 * The text objdump prints for form with ops, given where labels ended up (`target` for a label
 * operand: its position).
 */
export function expectedText(form: Form, ops: Operand[], labelTarget?: number): string {
  const enc = chosen(form, ops);
  const words = enc.operands.map((word, i) => {
    const op = ops[i];
    let match: RegExpExecArray | null;
    if ((match = /^r(8|16|32|64)$/.exec(word))) return GENERAL[Number(match[1])]![op as number]!;
    if ((match = /^r\/m(8|16|32|64)$/.exec(word))) {
      const bits = Number(match[1]);
      return op instanceof Mem ? `${PTR[bits]} PTR ${memText(op)}` : GENERAL[bits]![op as number]!;
    }
    if (word === "m") return memText(op as Mem);
    if (/^xmm[12]?$/.test(word)) return XMM_NAMES[op as number]!;
    if ((match = /^xmm[12]?\/m(32|64|128)$/.exec(word))) {
      return op instanceof Mem ? `${PTR[Number(match[1])]} PTR ${memText(op)}` : XMM_NAMES[op as number]!;
    }
    if ((match = /^imm(8|16|32|64)$/.exec(word))) {
      const bits = Number(match[1]);
      checkRepresentable(form, enc, op as number);
      return hex(op as number, enc.size > 0 ? enc.size : bits);
    }
    if (/^rel(8|32)$/.test(word)) return hex(labelTarget!, 64);
    // Fixed operands are rendered from the operand's value, so that an alternative taken for
    // the wrong register or immediate reads differently from what objdump decodes.
    if (word in FIXED_SIZES) return GENERAL[FIXED_SIZES[word]!]![op as number]!;
    if (word === "1") {
      checkRepresentable(form, enc, op as number);
      return String(op);
    }
    if (word === "CL") return "cl";
    throw new Error(`no rendering for operand word ${word}`);
  });
  const mnemonic = enc.mnemonic === "MOV" && enc.operands.includes("imm64") ? "movabs" : enc.mnemonic.toLowerCase();
  return words.length === 0 ? mnemonic : `${mnemonic} ${words.join(",")}`;
}

// --- Operand sets -----------------------------------------------------------------------------

export const REGISTERS = Array.from({ length: 16 }, (_, i) => i);

/**
 * Memory operands covering every addressing form and its corners: each base register with no,
 * 8-bit and 32-bit displacements (both signs, at the boundaries), RSP/R12 (SIB needed) and
 * RBP/R13 (disp8 0 needed) as bases, every index with every scale, no base, rip-relative, absolute.
 */
export function memoryOperands(): Mem[] {
  const list: Mem[] = [];
  for (const base of REGISTERS) {
    for (const disp of [0, 0x7f, -0x80, 0x80, -0x81, 0x12345678, -0x80000000, 0x7fffffff]) list.push(mem(base, disp));
  }
  const scales = [1, 2, 4, 8];
  const disps = [0, 0x10, -0x80, 0x1000, -0x12345];
  REGISTERS.filter((r) => r !== 4).forEach((index, k) => {
    for (const [j, base] of [(index + 5) % 16, 4, 5, 12, 13, NO_REG].entries()) {
      list.push(memIndexed(base, index, scales[(k + j) % 4]!, disps[(k + j) % disps.length]!));
    }
  });
  for (const disp of [0, 0x10, -0x10, 0x7fffffff, -0x80000000]) list.push(memRip(disp));
  for (const address of [0, 0x1000, -8, 0x7fffffff, -0x80000000]) list.push(memAbsolute(address));
  return list;
}

/** Immediates at the boundaries of every alternative's range, that the form accepts. */
export function immediates(form: Form): number[] {
  const withImm = form.encodings.filter((e) => e.immSize > 0);
  const min = Math.min(...withImm.map((e) => e.immMin));
  const max = Math.max(...withImm.map((e) => e.immMax));
  const candidates = new Set<number>([0, 1, 2, -1, 5, 31, 63, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff]);
  for (const v of [0x7fffffff, 0x80000000, 0xffffffff, 0x100000000, 2 ** 53 - 1]) {
    candidates.add(v);
    candidates.add(-v);
  }
  candidates.add(-0x81);
  candidates.add(-0x80000001);
  for (const e of withImm) {
    for (const v of [e.immMin, e.immMax]) {
      candidates.add(v);
      candidates.add(v - 1);
      candidates.add(v + 1);
    }
  }
  return [...candidates].filter((v) => v >= min && v <= max).sort((a, b) => a - b);
}

/** Operand lists for a non-label form (encodings.test.ts and disassembler.test.ts): each register in each register position, each memory operand, each immediate. */
export function operandLists(form: Form): Operand[][] {
  const mems = memoryOperands();
  const imms = form.kinds.includes("i") ? immediates(form) : [0];
  const lists: Operand[][] = [];
  const reg = (k: number) => REGISTERS[k % 16]!;
  switch (form.shape) {
    case SHAPE_RR:
      for (const r of REGISTERS) lists.push([r, reg(r * 5 + 3)], [reg(r * 7 + 1), r], [r, r]);
      break;
    case SHAPE_RRI:
      for (const r of REGISTERS) lists.push([r, reg(r * 5 + 3), imms[r % imms.length]!], [reg(r * 7 + 1), r, imms[(r + 3) % imms.length]!]);
      imms.forEach((imm, k) => lists.push([reg(k), reg(k + 9), imm]));
      break;
    case SHAPE_RI:
      for (const r of REGISTERS) for (const imm of imms) lists.push([r, imm]);
      break;
    case SHAPE_RM:
      mems.forEach((m, k) => lists.push([reg(k), m]));
      break;
    case SHAPE_MR:
      mems.forEach((m, k) => lists.push([m, reg(k)]));
      break;
    case SHAPE_MI:
      mems.forEach((m, k) => lists.push([m, imms[k % imms.length]!]));
      break;
    case SHAPE_RMI:
      mems.forEach((m, k) => lists.push([reg(k), m, imms[k % imms.length]!]));
      break;
    case SHAPE_M:
      for (const m of mems) lists.push([m]);
      break;
    default:
      if (form.kinds.length === 0 || form.kinds.every((k) => k === "cl")) lists.push([]);
      else for (const r of REGISTERS) lists.push([r]);
  }
  return lists;
}
