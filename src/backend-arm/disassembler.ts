/**
 * The AArch64 disassembler: machine code back to text, read from the same instruction table the
 * assembler encodes from (src/runtime/aarch64/instructions.ts), for `rts translate --dump-asm` and
 * the tests. Each alternative encoding of the table is a pattern (its fixed bits); a word is the
 * most specific pattern it matches (an alias such as CMP before the SUBS it stands for), its
 * operands read back from the fields, and printed as GNU objdump prints them (`add x0, x1,
 * #0x10`, `ldr x0, [sp, #8]`, `b.ne 0x400120`; objdump's preferred aliases: mov, cmp, cset, ...;
 * one space after the mnemonic). It decodes the forms of the table, which are all the code
 * generator emits; any other word is `.inst 0x... ; undefined` (`udf #n` when its top half is
 * zero), as objdump prints a word it does not know.
 *
 * Translation-time TypeScript, not RTS: the JIT will not run it.
 */

import type { Instruction } from "../backend/listing.js";
import {
  CC_NAMES, FIELD_WIDTHS, OP_ADDSUB_IMM, OP_COND, OP_COND_INVERTED, OP_FIELD, OP_FPREG, OP_LABEL14, OP_LABEL19, OP_LABEL26, OP_LABEL_ADR,
  OP_LOGICAL_IMM, OP_LSL_IMM, OP_MEM_LITERAL, OP_MEM_PAIR, OP_MEM_PAIR_POST, OP_MEM_PAIR_PRE, OP_MEM_POST, OP_MEM_PRE, OP_MEM_REGISTER,
  OP_MEM_UNSCALED, OP_MEM_UNSIGNED, OP_PAGES, OP_REG, OP_REG_SP, OP_TEST_BIT,
  type Encoding, type Form, type Operand,
} from "../runtime/aarch64/encoding.js";
import { ALL_FORMS } from "../runtime/aarch64/instructions.js";
import { EXTEND_NAMES, MEM_INDEX, MEM_LITERAL, MEM_OFFSET, MEM_POST, MEM_PRE, SHIFT_NAMES } from "../runtime/aarch64/operands.js";
import { SP, wName, xName } from "../runtime/aarch64/registers.js";

/** One alternative of the table as a pattern: the word matches when (word & mask) === bits. */
interface Pattern {
  form: Form;
  enc: Encoding;
  mask: number;
  bits: number;
  /** How many bits are fixed: the most specific pattern wins. */
  fixed: number;
}

/** A decoded memory operand. */
interface Memory {
  mode: number;
  base: number;
  offset: number;
  index: number;
  extend: number;
  shift: number;
}

/** A decoded operand: a number (register, immediate, condition, shift, extend), a 64-bit pattern (logical immediates), a memory operand or an address (labels, pages). */
type Value = { n: number } | { pattern: bigint } | { memory: Memory } | { address: number };

const hex = (v: bigint | number) => `0x${BigInt(v).toString(16)}`;
const signed = (value: number, bits: number) => (value << (32 - bits)) >> (32 - bits);
const field = (word: number, lsb: number, width: number) => (word >>> lsb) & (width === 32 ? -1 : (1 << width) - 1);

/** The mask and fixed bits of an encoding's template (the manual's diagram, bit 31 first). */
function template(text: string): { mask: number; bits: number; fixed: number } {
  let position = 32;
  let mask = 0;
  let bits = 0;
  let fixed = 0;
  for (const token of text.trim().split(/\s+/)) {
    const named = /^[A-Za-z][A-Za-z0-9]*=([01]+)$/.exec(token);
    const constant = /^[01]+$/.test(token) ? token : named?.[1];
    if (constant !== undefined) {
      position -= constant.length;
      mask |= ((1 << constant.length) - 1) << position;
      bits |= parseInt(constant, 2) << position;
      fixed += constant.length;
    } else position -= FIELD_WIDTHS[token]!;
  }
  return { mask: mask | 0, bits: bits | 0, fixed };
}

/** DecodeBitMasks: the 64-bit (or 32-bit) pattern of a logical immediate's N:immr:imms. */
function bitmask(n: number, immr: number, imms: number, size: number): bigint {
  const combined = (n << 6) | (~imms & 0x3f);
  let len = 6;
  while (len >= 0 && ((combined >> len) & 1) === 0) len--;
  const esize = 1 << len;
  const levels = esize - 1;
  const s = imms & levels;
  const r = immr & levels;
  const ones = (1n << BigInt(s + 1)) - 1n;
  const width = BigInt(esize);
  const all = (1n << width) - 1n;
  const rotated = ((ones >> BigInt(r)) | (ones << (width - BigInt(r)))) & all;
  let result = 0n;
  for (let i = 0; i < size; i += esize) result |= rotated << BigInt(i);
  return result;
}

/** The value of operand op in word (at address). */
function decodeOperand(op: Operand, word: number, address: number): Value {
  switch (op.kind) {
    case OP_REG:
      return { n: field(word, op.lsb, 5) };
    case OP_REG_SP: {
      const r = field(word, op.lsb, 5);
      return { n: r === 31 ? SP : r };
    }
    case OP_FPREG:
      return { n: field(word, op.lsb, 5) };
    case OP_FIELD:
      return { n: field(word, op.lsb, op.width) << op.scaleShift };
    case OP_COND:
      return { n: field(word, op.lsb, 4) };
    case OP_COND_INVERTED:
      return { n: field(word, op.lsb, 4) ^ 1 };
    case OP_ADDSUB_IMM: {
      const imm = field(word, 10, 12);
      return { n: field(word, 22, 1) === 1 ? imm * 4096 : imm };
    }
    case OP_LOGICAL_IMM:
      return { pattern: bitmask(field(word, 22, 1), field(word, 16, 6), field(word, 10, 6), op.size) };
    case OP_LSL_IMM:
      return { n: op.size - 1 - field(word, 10, 6) };
    case OP_TEST_BIT:
      return { n: (field(word, 31, 1) << 5) | field(word, 19, 5) };
    case OP_PAGES:
      return { address: Math.floor(address / 4096) * 4096 + 4096 * signed((field(word, 5, 19) << 2) | field(word, 29, 2), 21) };
    case OP_LABEL26:
      return { address: address + 4 * signed(field(word, 0, 26), 26) };
    case OP_LABEL19:
      return { address: address + 4 * signed(field(word, 5, 19), 19) };
    case OP_LABEL14:
      return { address: address + 4 * signed(field(word, 5, 14), 14) };
    case OP_LABEL_ADR:
      return { address: address + signed((field(word, 5, 19) << 2) | field(word, 29, 2), 21) };
    default:
      return { memory: decodeMemory(op, word, address) };
  }
}

function decodeMemory(op: Operand, word: number, address: number): Memory {
  const rn = field(word, 5, 5);
  const base = rn === 31 ? SP : rn;
  const memory = (mode: number, offset: number): Memory => ({ mode, base, offset, index: -1, extend: 0, shift: 0 });
  switch (op.kind) {
    case OP_MEM_UNSIGNED:
      return memory(MEM_OFFSET, field(word, 10, 12) * op.scale);
    case OP_MEM_UNSCALED:
      return memory(MEM_OFFSET, signed(field(word, 12, 9), 9));
    case OP_MEM_PRE:
      return memory(MEM_PRE, signed(field(word, 12, 9), 9));
    case OP_MEM_POST:
      return memory(MEM_POST, signed(field(word, 12, 9), 9));
    case OP_MEM_REGISTER:
      return { mode: MEM_INDEX, base, offset: 0, index: field(word, 16, 5), extend: field(word, 13, 3), shift: field(word, 12, 1) === 1 ? op.scaleShift : 0 };
    case OP_MEM_LITERAL:
      return { mode: MEM_LITERAL, base: -1, offset: address + 4 * signed(field(word, 5, 19), 19), index: -1, extend: 0, shift: 0 };
    case OP_MEM_PAIR:
      return memory(MEM_OFFSET, signed(field(word, 15, 7), 7) * op.scale);
    case OP_MEM_PAIR_PRE:
      return memory(MEM_PRE, signed(field(word, 15, 7), 7) * op.scale);
    default:
      return memory(MEM_POST, signed(field(word, 15, 7), 7) * op.scale);
  }
}

function register(word: string, r: number, other?: number): string {
  if (word.startsWith("<D")) return `d${r}`;
  if (word.startsWith("<S")) return `s${r}`;
  if (word === "<R><m>") return (other! & 3) === 3 ? xName(r) : wName(r);
  if (word === "<R><t>") return other! >= 32 ? xName(r) : wName(r);
  return word.startsWith("<W") ? wName(r) : xName(r);
}

function memoryText(op: Operand, m: Memory): string {
  const base = xName(m.base);
  switch (op.kind) {
    case OP_MEM_UNSIGNED:
    case OP_MEM_UNSCALED:
    case OP_MEM_PAIR:
      return m.offset === 0 ? `[${base}]` : `[${base}, #${m.offset}]`;
    case OP_MEM_PRE:
    case OP_MEM_PAIR_PRE:
      return `[${base}, #${m.offset}]!`;
    case OP_MEM_POST:
    case OP_MEM_PAIR_POST:
      return `[${base}], #${m.offset}`;
    case OP_MEM_REGISTER: {
      const index = (m.extend & 1) === 1 ? xName(m.index) : wName(m.index);
      const extend = m.extend === 3 ? "lsl" : EXTEND_NAMES[m.extend]!;
      if (m.shift === 0) return m.extend === 3 ? `[${base}, ${index}]` : `[${base}, ${index}, ${extend}]`;
      return `[${base}, ${index}, ${extend} #${m.shift}]`;
    }
    default:
      return hex(m.offset); // a literal: its address
  }
}

/** Whether a MOVZ or MOVN (of `bits` bits) could write the pattern: objdump then prefers ORR over MOV for ORR-immediate. */
function singleWide(p: bigint, bits: number): boolean {
  for (const candidate of [p, BigInt.asUintN(bits, ~p)]) {
    let nonzero = 0;
    for (let k = 0; k < bits / 16; k++) if ((candidate >> BigInt(16 * k)) & 0xffffn) nonzero++;
    if (nonzero <= 1) return true;
  }
  return false;
}

const numberOf = (v: Value | undefined): number => (v !== undefined && "n" in v ? v.n : 0);

/** The text objdump prints for an encoding with its decoded operands. */
function render(enc: Encoding, values: Value[]): string {
  const mnemonic = enc.mnemonic.toLowerCase();
  const operands = enc.operands;
  const parts: string[] = [];
  // Fixed words of the syntax (ISH, CVAU, CTR_EL0, #0.0) in place.
  const fixed = (enc.syntax.match(/(?<= |, )(ISH|CVAU|IVAU|CTR_EL0|#0\.0)\b/g) ?? []).map((w) => w.toLowerCase());
  const fixedLast = fixed.length > 0 && enc.syntax.endsWith(fixed.at(-1)!.toUpperCase());
  if (fixed.length > 0 && !fixedLast) parts.push(...fixed);
  let extendFor = -1;
  operands.forEach((op, i) => {
    const value = values[i]!;
    const v = numberOf(value);
    switch (op.kind) {
      case OP_REG:
      case OP_REG_SP:
      case OP_FPREG: {
        const other = op.word === "<R><m>" ? numberOf(values[operands.findIndex((o) => o.word === "<extend>")]) : op.word === "<R><t>" ? numberOf(values[i + 1]) : undefined;
        parts.push(register(op.word, v, other));
        break;
      }
      case OP_ADDSUB_IMM:
        parts.push(v <= 4095 ? `#${hex(v)}` : `#${hex(v / 4096)}, lsl #12`);
        break;
      case OP_LOGICAL_IMM:
        parts.push(`#${hex((value as { pattern: bigint }).pattern)}`);
        break;
      case OP_LSL_IMM:
      case OP_TEST_BIT:
        parts.push(`#${v}`);
        break;
      case OP_COND:
      case OP_COND_INVERTED:
        parts.push(CC_NAMES[v]!);
        break;
      case OP_PAGES:
        parts.push(hex(BigInt.asUintN(64, BigInt((value as { address: number }).address))));
        break;
      case OP_LABEL26:
      case OP_LABEL19:
      case OP_LABEL14:
      case OP_LABEL_ADR:
        parts.push(hex((value as { address: number }).address));
        break;
      case OP_FIELD:
        if (op.word === "<shift>") {
          const amount = numberOf(values[i + 1]);
          if (!(v === 0 && amount === 0)) parts.push(`${SHIFT_NAMES[v]} #${amount}`);
        } else if (op.word === "<extend>") {
          extendFor = i;
        } else if (op.word === "#<amount>" && extendFor >= 0) {
          const extend = numberOf(values[extendFor]);
          const sp = (operands[0]!.kind === OP_REG_SP && numberOf(values[0]) === SP) || numberOf(values[1]) === SP;
          if (sp && (extend === 3 || (extend === 2 && op.size === 32))) {
            if (v !== 0) parts.push(`lsl #${v}`);
          } else parts.push(v === 0 ? EXTEND_NAMES[extend]! : `${EXTEND_NAMES[extend]} #${v}`);
        } else if (op.word === "#<amount>") {
          // printed with its <shift>
        } else if (op.word === "#<shift>" && op.scale === 16) {
          if (v !== 0) parts.push(`lsl #${v}`);
        } else if (op.word === "#<shift>") {
          parts.push(`#${v}`);
        } else parts.push(`#${hex(v)}`);
        break;
      default:
        parts.push(memoryText(op, (value as { memory: Memory }).memory));
    }
  });
  if (fixedLast) parts.push(...fixed);
  return preferredAlias(enc, mnemonic, parts, values);
}

/** objdump's preferred alias of an instruction (the manual's alias conditions, as objdump applies them). */
function preferredAlias(enc: Encoding, mnemonic: string, parts: string[], values: Value[]): string {
  const text = (m: string, ps: string[]) => (ps.length === 0 ? m : `${m} ${ps.join(", ")}`);
  const v = (i: number) => numberOf(values[i]);
  const zr = (s: string | undefined) => s === "xzr" || s === "wzr";
  const kinds = enc.operands.map((o) => o.kind);
  const addSubImm = kinds.includes(OP_ADDSUB_IMM);
  if (addSubImm && mnemonic === "add" && parts[2] === "#0x0" && (parts[0] === "sp" || parts[0] === "wsp" || parts[1] === "sp" || parts[1] === "wsp")) return text("mov", parts.slice(0, 2));
  if (/^(adds|subs|ands)$/.test(mnemonic) && zr(parts[0])) return text(mnemonic === "adds" ? "cmn" : mnemonic === "subs" ? "cmp" : "tst", parts.slice(1));
  if (mnemonic === "negs" && zr(parts[0])) return text("cmp", [parts[0]!, ...parts.slice(1)]);
  if (/^(sub|subs)$/.test(mnemonic) && !addSubImm && !enc.syntax.includes("<extend>") && zr(parts[1])) return text(mnemonic === "sub" ? "neg" : "negs", [parts[0]!, ...parts.slice(2)]);
  if (mnemonic === "orr" && kinds.includes(OP_LOGICAL_IMM) && zr(parts[1])) {
    const size = enc.operands[2]!.size;
    const sp = parts[0] === "sp" || parts[0] === "wsp";
    return singleWide((values[2] as { pattern: bigint }).pattern, size) && !sp ? text(mnemonic, parts) : text("mov", [parts[0]!, parts[2]!]);
  }
  if (mnemonic === "orr" && !kinds.includes(OP_LOGICAL_IMM) && zr(parts[1]) && parts.length === 3) return text("mov", [parts[0]!, parts[2]!]);
  if (mnemonic === "orn" && zr(parts[1])) return text("mvn", [parts[0]!, ...parts.slice(2)]);
  if ((mnemonic === "madd" || mnemonic === "msub") && zr(parts[3])) return text(mnemonic === "madd" ? "mul" : "mneg", parts.slice(0, 3));
  if (/^(csinc|csinv|csneg)$/.test(mnemonic) && parts[1] === parts[2] && v(3) < 14) {
    const cond = CC_NAMES[v(3) ^ 1]!;
    if (zr(parts[1]) && mnemonic !== "csneg") return text(mnemonic === "csinc" ? "cset" : "csetm", [parts[0]!, cond]);
    return text(mnemonic === "csinc" ? "cinc" : mnemonic === "csinv" ? "cinv" : "cneg", [parts[0]!, parts[1]!, cond]);
  }
  if (mnemonic === "lsl" && parts[2] === "#0" && kinds.includes(OP_LSL_IMM)) return text("lsr", parts);
  if (mnemonic === "movz" || mnemonic === "movn") {
    const bits = enc.operands[0]!.size;
    const imm = v(1);
    const shift = v(2);
    const keep = (imm === 0 && shift !== 0) || (mnemonic === "movn" && bits === 32 && imm === 0xffff);
    if (!keep) {
      const moved = BigInt(imm) << BigInt(shift);
      return text("mov", [parts[0]!, `#${hex(BigInt.asUintN(bits, mnemonic === "movz" ? moved : ~moved))}`]);
    }
  }
  return text(mnemonic, parts);
}

export class A64Disassembler {
  /** Every alternative of the table, the most specific first. */
  private readonly patterns: Pattern[] = [];

  constructor() {
    for (const form of ALL_FORMS) {
      for (const enc of form.encodings) {
        // MOV_rr's ADD #0 is ADD_rri's word: decoded as ADD, which objdump calls mov only beside sp.
        if (form.name === "MOV_rr" && enc.mnemonic === "MOV" && enc.syntax.includes("|SP")) continue;
        const t = template(enc.encodingText);
        // A family member (B.EQ of Bcc_l) has its condition in the cond field, which its form fixes.
        if (form.cc >= 0) this.patterns.push({ form, enc, mask: t.mask | 0xf, bits: t.bits | form.cc, fixed: t.fixed + 4 });
        else this.patterns.push({ form, enc, ...t });
      }
    }
    this.patterns.sort((a, b) => b.fixed - a.fixed);
  }

  /** The instruction word at address as objdump prints it, and the address a branch or pc-relative operand refers to. */
  decode(word: number, address: number): { text: string; target: number | undefined } {
    const w = word | 0;
    const found = this.patterns.find((p) => (w & p.mask) === p.bits);
    if (!found) {
      // objdump: UDF for the permanently undefined words (top half zero), else the word itself.
      if (w >>> 16 === 0) return { text: `udf #${w & 0xffff}`, target: undefined };
      return { text: `.inst 0x${(w >>> 0).toString(16).padStart(8, "0")} ; undefined`, target: undefined };
    }
    const values = found.enc.operands.map((op) => decodeOperand(op, w, address));
    let target: number | undefined;
    for (const v of values) {
      if ("address" in v) target = v.address;
      else if ("memory" in v && v.memory.mode === MEM_LITERAL) target = v.memory.offset;
    }
    return { text: render(found.enc, values), target };
  }

  disassemble(code: Uint8Array, start: number, end: number, base: number): Instruction[] {
    const out: Instruction[] = [];
    const view = new DataView(code.buffer, code.byteOffset, code.byteLength);
    for (let at = start; at + 4 <= end; at += 4) {
      const address = base + at;
      const { text, target } = this.decode(view.getUint32(at, true), address);
      out.push({ address, bytes: code.slice(at, at + 4), text, target });
    }
    return out;
  }
}

