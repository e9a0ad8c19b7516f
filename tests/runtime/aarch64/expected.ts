/**
 * What GNU objdump prints for an A64 form with given operands, derived from the chosen
 * alternative's syntax column (the manual's notation) and the tests' own reading of the manual:
 * each operand word rendered as objdump renders it, then objdump's preferred aliases (CMP for
 * SUBS to XZR, MOV for ORR from XZR, CINC, LSR #0 for LSL #0, ...). A wrong fixed bit, a field
 * in the wrong place or a wrong choice of alternative shows up as a different text.
 *
 * Also: the operand lists the tests feed to every form (every register in every register
 * position, immediates at their range edges, every addressing mode at its corners), and a
 * dispatcher from a form's shape to the Assembler method that takes it.
 */

import { Assembler, chooseEncoding } from "../../../src/runtime/aarch64/assembler.ts";
import {
  CC_NAMES, OP_ADDSUB_IMM, OP_COND, OP_COND_INVERTED, OP_FIELD, OP_FPREG, OP_LABEL14, OP_LABEL19, OP_LABEL26, OP_LABEL_ADR, OP_LOGICAL_IMM, OP_LSL_IMM,
  OP_MEM_LITERAL, OP_MEM_PAIR, OP_MEM_PAIR_POST, OP_MEM_PAIR_PRE, OP_MEM_POST, OP_MEM_PRE, OP_MEM_REGISTER, OP_MEM_UNSCALED, OP_MEM_UNSIGNED,
  OP_PAGES, OP_REG, OP_REG_SP, OP_TEST_BIT,
  SHAPE_I, SHAPE_L, SHAPE_NONE, SHAPE_R, SHAPE_RI, SHAPE_RII, SHAPE_RIL, SHAPE_RL, SHAPE_RM, SHAPE_RR, SHAPE_RRI, SHAPE_RRII, SHAPE_RRM, SHAPE_RRR,
  SHAPE_RRRI, SHAPE_RRRII, SHAPE_RRRR,
  type Encoding, type Form, type Operand as FormOperand,
} from "../../../src/runtime/aarch64/encoding.ts";
import { EXTEND_NAMES, Label, Mem, SHIFT_NAMES, mem, memIndexed, memPost, memPre } from "../../../src/runtime/aarch64/operands.ts";
import { SP, wName, xName } from "../../../src/runtime/aarch64/registers.ts";

/** An operand: a register number, immediate, condition, shift or extend; a memory operand; a label. */
export type Operand = number | Mem | Label;

export function emit(asm: Assembler, form: Form, ops: Operand[]): void {
  const n = (i: number) => ops[i] as number;
  const m = (i: number) => ops[i] as Mem;
  const l = (i: number) => ops[i] as Label;
  switch (form.shape) {
    case SHAPE_NONE: return asm.none(form);
    case SHAPE_I: return asm.i(form, n(0));
    case SHAPE_R: return asm.r(form, n(0));
    case SHAPE_RR: return asm.rr(form, n(0), n(1));
    case SHAPE_RRR: return asm.rrr(form, n(0), n(1), n(2));
    case SHAPE_RRRR: return asm.rrrr(form, n(0), n(1), n(2), n(3));
    case SHAPE_RI: return asm.ri(form, n(0), n(1));
    case SHAPE_RII: return asm.rii(form, n(0), n(1), n(2));
    case SHAPE_RRI: return asm.rri(form, n(0), n(1), n(2));
    case SHAPE_RRII: return asm.rrii(form, n(0), n(1), n(2), n(3));
    case SHAPE_RRRI: return asm.rrri(form, n(0), n(1), n(2), n(3));
    case SHAPE_RRRII: return asm.rrrii(form, n(0), n(1), n(2), n(3), n(4));
    case SHAPE_RM: return asm.rm(form, n(0), m(1));
    case SHAPE_RRM: return asm.rrm(form, n(0), n(1), m(2));
    case SHAPE_L: return asm.l(form, l(0));
    case SHAPE_RL: return asm.rl(form, n(0), l(1));
    case SHAPE_RIL: return asm.ril(form, n(0), n(1), l(2));
    default: throw new Error(`unknown shape ${form.shape}`);
  }
}

/** The alternative the assembler takes for these operands. */
export function chosen(form: Form, ops: Operand[]): Encoding {
  const ints = ops.map((o) => (typeof o === "number" ? o : 0));
  const m = ops.find((o): o is Mem => o instanceof Mem) ?? null;
  const enc = chooseEncoding(form, ints[0] ?? 0, ints[1] ?? 0, ints[2] ?? 0, ints[3] ?? 0, ints[4] ?? 0, m);
  if (!enc) throw new Error(`${form.name}: no alternative for the test's operands`);
  return enc;
}

const hex = (v: bigint | number) => `0x${BigInt(v).toString(16)}`;
/** The pattern of value as an unsigned number of `bits` bits. */
export const pattern = (v: number, bits: number) => BigInt.asUintN(bits, BigInt(v));

function register(word: string, r: number, other?: number): string {
  if (word.startsWith("<D")) return `d${r}`;
  if (word.startsWith("<S")) return `s${r}`;
  if (word === "<R><m>") return (other! & 3) === 3 ? xName(r) : wName(r);
  if (word === "<R><t>") return other! >= 32 ? xName(r) : wName(r);
  return word.startsWith("<W") ? wName(r) : xName(r);
}

function memText(op: FormOperand, m: Mem, labelTarget?: number): string {
  const base = xName(m.base);
  const off = (o: number) => (o === 0 ? `[${base}]` : `[${base}, #${o}]`);
  switch (op.kind) {
    case OP_MEM_UNSIGNED: case OP_MEM_UNSCALED: case OP_MEM_PAIR: return off(m.offset);
    case OP_MEM_PRE: case OP_MEM_PAIR_PRE: return `[${base}, #${m.offset}]!`;
    case OP_MEM_POST: case OP_MEM_PAIR_POST: return `[${base}], #${m.offset}`;
    case OP_MEM_REGISTER: {
      const index = (m.extend & 1) === 1 ? xName(m.index) : wName(m.index);
      const extend = m.extend === 3 ? "lsl" : EXTEND_NAMES[m.extend]!;
      if (m.shift === 0) return m.extend === 3 ? `[${base}, ${index}]` : `[${base}, ${index}, ${extend}]`;
      return `[${base}, ${index}, ${extend} #${m.shift}]`;
    }
    case OP_MEM_LITERAL: return hex(labelTarget!);
    default: throw new Error(`not a memory operand: ${op.word}`);
  }
}

/** Whether a MOVZ or MOVN (of `bits` bits) could write the pattern: objdump then prefers ORR over MOV for ORR-immediate. */
function singleWide(p: bigint, bits: number): boolean {
  const halves = bits / 16;
  for (const candidate of [p, BigInt.asUintN(bits, ~p)]) {
    let nonzero = 0;
    for (let k = 0; k < halves; k++) if ((candidate >> BigInt(16 * k)) & 0xffffn) nonzero++;
    if (nonzero <= 1) return true;
  }
  return false;
}

/**
 * The text objdump prints for form with ops (labelTarget: the position of the label operand;
 * at: the instruction's own offset, for ADRP).
 */
export function expectedText(form: Form, ops: Operand[], labelTarget?: number, at = 0): string {
  const enc = chosen(form, ops);
  const mnemonic = enc.mnemonic.toLowerCase();
  const operands = enc.operands;
  const value = (i: number) => ops[i] as number;
  const parts: string[] = [];
  // Fixed words of the syntax (ISH, CVAU, CTR_EL0, #0.0) in place: enough for the forms that have them.
  const fixed = (enc.syntax.match(/(?<= |, )(ISH|CVAU|IVAU|CTR_EL0|#0\.0)\b/g) ?? []).map((w) => w.toLowerCase());
  if (fixed.length > 0 && !enc.syntax.endsWith(fixed.at(-1)!.toUpperCase())) parts.push(...fixed);
  let extendFor = -1;
  operands.forEach((op, i) => {
    const v = value(i);
    switch (op.kind) {
      case OP_REG: case OP_REG_SP: case OP_FPREG: {
        const other = op.word === "<R><m>" ? value(operands.findIndex((o) => o.word === "<extend>")) : op.word === "<R><t>" ? value(i + 1) : undefined;
        parts.push(register(op.word, v, other));
        break;
      }
      case OP_ADDSUB_IMM: parts.push(v <= 4095 ? `#${hex(v)}` : `#${hex(v / 4096)}, lsl #12`); break;
      case OP_LOGICAL_IMM: parts.push(`#${hex(pattern(v, op.size))}`); break;
      case OP_LSL_IMM: case OP_TEST_BIT: parts.push(`#${v}`); break;
      case OP_COND: case OP_COND_INVERTED: parts.push(CC_NAMES[v]!); break;
      case OP_PAGES: parts.push(hex(BigInt.asUintN(64, BigInt(at - (at % 4096)) + BigInt(v) * 4096n))); break;
      case OP_LABEL26: case OP_LABEL19: case OP_LABEL14: case OP_LABEL_ADR: parts.push(hex(labelTarget!)); break;
      case OP_FIELD:
        if (op.word === "<shift>") {
          const amount = value(i + 1);
          if (!(v === 0 && amount === 0)) parts.push(`${SHIFT_NAMES[v]} #${amount}`);
        } else if (op.word === "<extend>") {
          extendFor = i;
        } else if (op.word === "#<amount>" && extendFor >= 0) {
          const extend = value(extendFor);
          const sp = (operands[0]!.kind === OP_REG_SP && value(0) === SP) || value(1) === SP;
          if (sp && (extend === 3 || (extend === 2 && op.size === 32))) {
            if (v !== 0) parts.push(`lsl #${v}`);
          } else {
            parts.push(v === 0 ? EXTEND_NAMES[extend]! : `${EXTEND_NAMES[extend]} #${v}`);
          }
        } else if (op.word === "#<amount>") {
          // printed with its <shift>
        } else if (op.word === "#<shift>" && op.scale === 16) {
          if (v !== 0) parts.push(`lsl #${v}`);
        } else if (op.word === "#<shift>") {
          parts.push(`#${v}`);
        } else {
          parts.push(`#${hex(v)}`);
        }
        break;
      default: {
        const m = ops[i] as Mem;
        parts.push(memText(op, m, labelTarget));
      }
    }
  });
  if (fixed.length > 0 && enc.syntax.endsWith(fixed.at(-1)!.toUpperCase())) parts.push(...fixed);
  return preferredAlias(form, enc, mnemonic, parts, ops);
}

/** objdump's preferred alias of an instruction (the manual's alias conditions, as objdump applies them). */
function preferredAlias(form: Form, enc: Encoding, mnemonic: string, parts: string[], ops: Operand[]): string {
  const text = (m: string, ps: string[]) => (ps.length === 0 ? m : `${m} ${ps.join(", ")}`);
  const v = (i: number) => ops[i] as number;
  const zr = (s: string | undefined) => s === "xzr" || s === "wzr";
  const syntax = enc.syntax;
  const kinds = enc.operands.map((o) => o.kind);
  const addSubImm = kinds.includes(OP_ADDSUB_IMM);
  if (addSubImm && mnemonic === "add" && parts[2] === "#0x0" && (parts[0] === "sp" || parts[0] === "wsp" || parts[1] === "sp" || parts[1] === "wsp")) {
    return text("mov", parts.slice(0, 2));
  }
  const flagsOnly = /^(adds|subs|ands)$/.test(mnemonic) && zr(parts[0]);
  if (flagsOnly) return text(mnemonic === "adds" ? "cmn" : mnemonic === "subs" ? "cmp" : "tst", parts.slice(1));
  if (mnemonic === "negs" && zr(parts[0])) return text("cmp", [parts[0]!, ...parts.slice(1)]);
  if (/^(sub|subs)$/.test(mnemonic) && !addSubImm && !syntax.includes("<extend>") && zr(parts[1])) {
    return text(mnemonic === "sub" ? "neg" : "negs", [parts[0]!, ...parts.slice(2)]);
  }
  if (mnemonic === "orr" && kinds.includes(OP_LOGICAL_IMM) && zr(parts[1])) {
    const size = enc.operands[2]!.size;
    // MOV unless a MOVZ or MOVN would do (those cannot write SP: objdump says MOV to SP always)
    const sp = parts[0] === "sp" || parts[0] === "wsp";
    return singleWide(pattern(v(2), size), size) && !sp ? text(mnemonic, parts) : text("mov", [parts[0]!, parts[2]!]);
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

// --- The operand lists -----------------------------------------------------------------------

const GENERAL = Array.from({ length: 32 }, (_, r) => r); // x0-x30, xzr
const GENERAL_SP = [...Array.from({ length: 31 }, (_, r) => r), SP];

/** The registers an operand takes. */
function registersOf(op: FormOperand): number[] {
  return op.kind === OP_REG_SP ? GENERAL_SP : GENERAL;
}

/** Values at the edges of an immediate operand's range (c, s, e operands too). */
function immediatesOf(op: FormOperand, size: number): number[] {
  switch (op.kind) {
    case OP_ADDSUB_IMM: return [0, 1, 4095, 4096, 0x123000, 0xfff000];
    case OP_LOGICAL_IMM:
      return size === 64
        ? [1, 0xff, -2, 2 ** 63, -(2 ** 63), 0xffff0000ffff0000, 0x0001000100010001, 0x7ffffffffffff800, 0xfff0, 0xffff0000]
        : [1, 0xff, -2, 0xfffffffe, 0x55555555, 0xaaaaaaaa, 0x80000000, 0x7fffffff, 0xfff0, 0xffff0000];
    case OP_LSL_IMM: return [0, 1, size - 1];
    case OP_TEST_BIT: return [0, 1, 31, 32, 63];
    case OP_COND: return Array.from({ length: 16 }, (_, c) => c);
    case OP_COND_INVERTED: return Array.from({ length: 14 }, (_, c) => c);
    case OP_PAGES: return [-(2 ** 20), -1, 0, 1, 2 ** 20 - 1];
    case OP_FIELD:
      if (op.word === "<extend>") return [0, 1, 2, 3, 4, 5, 6, 7];
      if (op.word === "<shift>") return op.max === 3 ? [0, 1, 2, 3] : [0, 1, 2];
      if (op.scale === 16) return Array.from({ length: op.max / 16 + 1 }, (_, k) => 16 * k);
      return [...new Set([0, 1, op.max])];
    default: throw new Error(`not an immediate: ${op.word}`);
  }
}

function memoriesOf(op: FormOperand): Mem[] {
  const s = op.scale;
  const bases = [...Array.from({ length: 31 }, (_, r) => r), SP];
  const withBases = (make: (base: number) => Mem) => bases.map(make);
  switch (op.kind) {
    case OP_MEM_UNSIGNED: return [...withBases((b) => mem(b, 0)), mem(1, s), mem(2, 4095 * s), mem(SP, 8 * s)];
    case OP_MEM_UNSCALED: return [mem(3, -256), mem(SP, -1), mem(4, 255), ...(s > 1 ? [mem(5, 1), mem(6, s + 1)] : [])];
    case OP_MEM_PRE: return [...withBases((b) => memPre(b, -256)), memPre(SP, 0), memPre(7, 255)];
    case OP_MEM_POST: return [...withBases((b) => memPost(b, 255)), memPost(SP, 0), memPost(8, -256)];
    case OP_MEM_REGISTER: {
      const list = [...withBases((b) => memIndexed(b, 9, 3, 0)), ...GENERAL.map((x) => memIndexed(10, x, 3, Math.log2(s)))];
      for (const extend of [2, 3, 6, 7]) for (const shift of [0, Math.log2(s)]) list.push(memIndexed(11, 12, extend, shift));
      return list;
    }
    case OP_MEM_PAIR: return [...withBases((b) => mem(b, -64 * s)), mem(13, 0), mem(SP, 63 * s), mem(14, s)];
    case OP_MEM_PAIR_PRE: return [...withBases((b) => memPre(b, -64 * s)), memPre(SP, 63 * s), memPre(15, 0)];
    case OP_MEM_PAIR_POST: return [...withBases((b) => memPost(b, 63 * s)), memPost(SP, -64 * s), memPost(16, 0)];
    default: throw new Error(`not a memory operand: ${op.word}`);
  }
}

/** Whether the assembler refuses these operands as unpredictable (tested on their own). */
export function unpredictable(enc: Encoding, ops: Operand[]): boolean {
  const m = ops.find((o): o is Mem => o instanceof Mem);
  if (!m) return false;
  const memory = enc.operands.at(-1)!;
  const regs = enc.operands.slice(0, -1).map((o, i) => (o.kind === OP_REG ? (ops[i] as number) : -1));
  if (enc.load && regs.length === 2 && ops[0] === ops[1]) return true;
  const writeback = [OP_MEM_PRE, OP_MEM_POST, OP_MEM_PAIR_PRE, OP_MEM_PAIR_POST].includes(memory.kind);
  return writeback && m.base !== SP && regs.includes(m.base);
}

/**
 * The operand lists for one alternative of a non-label form: a base list (distinct registers,
 * first values), then each register position through every register, each immediate through its
 * edges, the memory operand through its corners.
 */
function listsFor(enc: Encoding): Operand[][] {
  const ops = enc.operands;
  const size = ops[0]?.size || 64;
  const choices: Operand[][] = ops.map((op) => {
    if (op.kind === OP_REG || op.kind === OP_REG_SP || op.kind === OP_FPREG) return registersOf(op);
    if (op.kind >= OP_MEM_UNSIGNED) return memoriesOf(op);
    return immediatesOf(op, op.size || size);
  });
  const base: Operand[] = choices.map((c, i) => {
    const op = ops[i]!;
    if (op.kind === OP_REG || op.kind === OP_REG_SP || op.kind === OP_FPREG) return i + 1;
    // A memory operand on SP, so that no transferred register collides with a written-back base.
    if (op.kind >= OP_MEM_UNSIGNED) return c.find((m) => m instanceof Mem && m.base === SP && m.offset !== 0) ?? c[0]!;
    return c[Math.min(2, c.length - 1)]!;
  });
  const lists: Operand[][] = [base];
  choices.forEach((c, i) => {
    for (const value of c) lists.push(base.map((b, j) => (j === i ? value : b)));
  });
  // Each register beside an SP (the alternatives that only SP selects: MOV_rr's ADD #0).
  ops.forEach((op, j) => {
    if (op.kind !== OP_REG_SP) return;
    choices.forEach((c, i) => {
      if (i === j || registerValues(ops[i]!) === undefined) return;
      for (const value of c) lists.push(base.map((b, k) => (k === i ? value : k === j ? SP : b)));
    });
  });
  return lists.filter((l) => !unpredictable(enc, l));
}

/** The register numbers an operand accepts (all of them must appear in its position). */
export function registerValues(op: FormOperand): number[] | undefined {
  if (op.kind === OP_REG || op.kind === OP_FPREG) return GENERAL;
  if (op.kind === OP_REG_SP) return GENERAL_SP;
  return undefined;
}

/** Every operand list the tests feed to a non-label form: those of each alternative, kept if the assembler takes that alternative for them. */
export function operandLists(form: Form): Operand[][] {
  const lists: Operand[][] = [];
  for (const enc of form.encodings) {
    if (needsLabels(enc)) continue;
    for (const l of listsFor(enc)) if (chosen(form, l) === enc) lists.push(l);
  }
  return lists;
}

/** Whether an alternative needs the label batch (labels, literals, ADRP's page distance). */
export function needsLabels(enc: Encoding): boolean {
  return enc.operands.some((o) => [OP_LABEL26, OP_LABEL19, OP_LABEL14, OP_LABEL_ADR, OP_MEM_LITERAL, OP_PAGES].includes(o.kind));
}

