/**
 * Operands other than registers and immediates: memory operands (`Mem`) and labels (`Label`),
 * and the error every encoder throws (`AsmError`).
 *
 * A memory operand is one of A64's addressing modes (each a different encoding, chosen by the
 * form's alternatives):
 *   - base + offset              mem(X1, 16)        [x1, #16]     scaled imm12, or ldur's imm9
 *   - pre-index                  memPre(SP, -16)    [sp, #-16]!   base += offset, then access
 *   - post-index                 memPost(SP, 16)    [sp], #16     access, then base += offset
 *   - base + extended index      memIndexed(X1, X2, EXTEND_LSL, 3)   [x1, x2, lsl #3]
 *   - pc-relative literal        memLabel(label)    a label in the same code (ldr's imm19)
 * The base is a general register or SP (never XZR); the index a general register or XZR.
 * Whether the offset fits is the assembler's business (an AsmError names the ranges).
 *
 * RTS: classes with number fields and module-level functions, used at run time by the JIT.
 */

import { SP, XZR } from "./registers.js";

import { AsmError, Label } from "../asm/labels.js";

export { AsmError, Label };

/** Mem.mode: the addressing modes. */
export const MEM_OFFSET = 0;
export const MEM_PRE = 1;
export const MEM_POST = 2;
export const MEM_INDEX = 3;
export const MEM_LITERAL = 4;

/** The extend/shift operations of extended registers and register offsets (the `option` field's values). */
export const EXTEND_UXTB = 0;
export const EXTEND_UXTH = 1;
export const EXTEND_UXTW = 2;
export const EXTEND_UXTX = 3;
/** UXTX under its other name: an X index shifted left (`[x1, x2, lsl #3]`). */
export const EXTEND_LSL = 3;
export const EXTEND_SXTB = 4;
export const EXTEND_SXTH = 5;
export const EXTEND_SXTW = 6;
export const EXTEND_SXTX = 7;
export const EXTEND_NAMES: readonly string[] = ["uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"];

/** The shifts of shifted-register operands (the `shift` field's values). */
export const SHIFT_LSL = 0;
export const SHIFT_LSR = 1;
export const SHIFT_ASR = 2;
export const SHIFT_ROR = 3;
export const SHIFT_NAMES: readonly string[] = ["lsl", "lsr", "asr", "ror"];

/** A memory operand; build it with mem, memPre, memPost, memIndexed or memLabel. */
export class Mem {
  /** MEM_*. */
  mode: number;
  /** A general register (0-30) or SP; unused for MEM_LITERAL. */
  base: number;
  /** The byte offset (MEM_OFFSET, MEM_PRE, MEM_POST; for MEM_LITERAL added to the label's position). */
  offset: number;
  /** MEM_INDEX: the index register (0-31, XZR allowed), its extension and its left shift in bits. */
  index: number;
  extend: number;
  shift: number;
  /** MEM_LITERAL: the label. */
  label: Label | null;

  constructor(mode: number, base: number, offset: number, index: number, extend: number, shift: number, label: Label | null) {
    this.mode = mode;
    this.base = base;
    this.offset = offset;
    this.index = index;
    this.extend = extend;
    this.shift = shift;
    this.label = label;
  }
}

function checkBase(base: number): void {
  if (!((base >= 0 && base <= 30) || base === SP) || Math.floor(base) !== base) {
    throw new AsmError(`base ${base} is not x0-x30 or sp`);
  }
}

function checkOffset(offset: number): void {
  if (Math.floor(offset) !== offset || !(offset >= -1048576 && offset <= 1048576)) {
    throw new AsmError(`offset ${offset} is not an integer within ±1 MiB`);
  }
}

/** [base, #offset]: an unsigned multiple of the access size up to 4095 of them, or -256..255. */
export function mem(base: number, offset: number): Mem {
  checkBase(base);
  checkOffset(offset);
  return new Mem(MEM_OFFSET, base, offset, -1, 0, 0, null);
}

/** [base, #offset]!: base += offset, then the access (the stack's push). */
export function memPre(base: number, offset: number): Mem {
  checkBase(base);
  checkOffset(offset);
  return new Mem(MEM_PRE, base, offset, -1, 0, 0, null);
}

/** [base], #offset: the access, then base += offset (the stack's pop). */
export function memPost(base: number, offset: number): Mem {
  checkBase(base);
  checkOffset(offset);
  return new Mem(MEM_POST, base, offset, -1, 0, 0, null);
}

/**
 * [base, index, extend #shift]: extend is EXTEND_LSL (an X index), EXTEND_UXTW or EXTEND_SXTW
 * (a W index), or EXTEND_SXTX; shift is 0 or log2 of the access size.
 */
export function memIndexed(base: number, index: number, extend: number, shift: number): Mem {
  checkBase(base);
  if (!(index >= 0 && index <= XZR) || Math.floor(index) !== index) throw new AsmError(`index ${index} is not x0-x30 or xzr`);
  if (extend !== EXTEND_UXTW && extend !== EXTEND_LSL && extend !== EXTEND_SXTW && extend !== EXTEND_SXTX) {
    throw new AsmError(`extend ${extend} is not lsl, uxtw, sxtw or sxtx`);
  }
  if (!(shift >= 0 && shift <= 4) || Math.floor(shift) !== shift) throw new AsmError(`shift ${shift} is not 0-4`);
  return new Mem(MEM_INDEX, base, 0, index, extend, shift, null);
}

/** The literal at label (+ offset): pc-relative, within ±1 MiB of the instruction. */
export function memLabel(label: Label, offset: number = 0): Mem {
  checkOffset(offset);
  return new Mem(MEM_LITERAL, -1, offset, -1, 0, 0, label);
}
