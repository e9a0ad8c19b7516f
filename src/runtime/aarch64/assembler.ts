/**
 * The AArch64 (A64) assembler: writes the instruction words of forms (instructions.ts) into a
 * growable buffer, with labels for branches, literals, addresses and jump tables.
 *
 * RTS: the JIT runs this class inside translated binaries, so everything here is run-time code:
 * a class, numbers, arrays and a Uint8Array; no closures, no Map. It reads the forms' encodings
 * (plain numbers built at import time) and never parses anything.
 *
 * One method per operand shape, taking the form first and its operands in the manual's order
 * (v operands go where the shape says r; conditions, shifts and extends where it says i):
 *
 *   asm.rri(ADD_rri, X0, SP, 16)              asm.rrr(MUL_rrr, X0, X1, X2)
 *   asm.rm(LDR_rm, X0, mem(X1, 8))            asm.rrm(STP_rrm, FP, LR, memPre(SP, -16))
 *   asm.rrrii(ADD_rrrsi, X0, X1, X2, SHIFT_LSL, 3)
 *   asm.l(Bcc_l[CC_NE], loop)                 asm.ril(TBZ_ril, X0, 63, slow)
 *   asm.movConstant(X0, -2)                   asm.none(RET)
 *
 * Each method checks that the form has its shape and that the operands fit one of its
 * alternatives (AsmError otherwise, naming each alternative's ranges).
 *
 * Every instruction is one 32-bit word, so every offset is final the moment it is written:
 * position() may be recorded (stack maps, patch sites), a reference to a label not bound yet is
 * a zero field patched by bind(), and any branch can be re-targeted later (patchBranch).
 */

import { encodeBitmask, logicalImmediate } from "./bitmask.js";
import {
  OP_ADDSUB_IMM, OP_COND, OP_COND_INVERTED, OP_FIELD, OP_FPREG, OP_LABEL14, OP_LABEL19, OP_LABEL26, OP_LABEL_ADR,
  OP_LOGICAL_IMM, OP_LSL_IMM, OP_MEM_LITERAL, OP_MEM_PAIR, OP_MEM_PAIR_POST, OP_MEM_PAIR_PRE, OP_MEM_POST, OP_MEM_PRE,
  OP_MEM_REGISTER, OP_MEM_UNSCALED, OP_MEM_UNSIGNED, OP_PAGES, OP_REG, OP_REG_SP, OP_TEST_BIT,
  SHAPE_I, SHAPE_L, SHAPE_NAMES, SHAPE_NONE, SHAPE_R, SHAPE_RI, SHAPE_RII, SHAPE_RIL, SHAPE_RL, SHAPE_RM, SHAPE_RR,
  SHAPE_RRI, SHAPE_RRII, SHAPE_RRM, SHAPE_RRR, SHAPE_RRRI, SHAPE_RRRII, SHAPE_RRRR,
  type Encoding, type Form, type Operand,
} from "./encoding.js";
import { MOVK_rii, MOVN_rii, MOVZ_rii, ORR_rri } from "./instructions.js";
import { AsmError, Label, MEM_INDEX, MEM_LITERAL, MEM_OFFSET, MEM_POST, MEM_PRE, Mem } from "./operands.js";
import { SP, XZR } from "./registers.js";

/** Fixup kinds: the field of an instruction word a label fills, or a datum. */
const FIX_BRANCH26 = 0;
const FIX_BRANCH19 = 1;
const FIX_BRANCH14 = 2;
const FIX_ADR = 3;
const FIX_DATA32 = 4;
/** A 64-bit code offset that the code's loader turns into an address (see relocations()). */
const FIX_DATA64 = 5;

const TWO_32 = 4294967296;
const NOP_WORD = -721215457; // 0xd503201f

function isInt(v: number): boolean {
  return Math.floor(v) === v;
}

/** log2 of an access size (1, 2, 4, 8, 16). */
function log2(scale: number): number {
  let n = 0;
  while (1 << n < scale) n++;
  return n;
}

/** The register field value of a base register (SP is 31). */
function baseBits(base: number): number {
  return base === SP ? 31 : base;
}

/** Whether memory operand m suits an operand of memory kind `kind` with access size `scale`. */
function memoryFits(kind: number, scale: number, m: Mem): boolean {
  const offset = m.offset;
  if (kind === OP_MEM_UNSIGNED) return m.mode === MEM_OFFSET && offset >= 0 && offset % scale === 0 && offset <= 4095 * scale;
  if (kind === OP_MEM_UNSCALED) return m.mode === MEM_OFFSET && offset >= -256 && offset <= 255;
  if (kind === OP_MEM_PRE) return m.mode === MEM_PRE && offset >= -256 && offset <= 255;
  if (kind === OP_MEM_POST) return m.mode === MEM_POST && offset >= -256 && offset <= 255;
  if (kind === OP_MEM_REGISTER) return m.mode === MEM_INDEX && (m.extend & 2) !== 0 && (m.shift === 0 || m.shift === log2(scale));
  if (kind === OP_MEM_LITERAL) return m.mode === MEM_LITERAL;
  const pairOffset = offset % scale === 0 && offset >= -64 * scale && offset <= 63 * scale;
  if (kind === OP_MEM_PAIR) return m.mode === MEM_OFFSET && pairOffset;
  if (kind === OP_MEM_PAIR_PRE) return m.mode === MEM_PRE && pairOffset;
  return m.mode === MEM_POST && pairOffset;
}

/** Whether operand op accepts value (or m, for a memory operand). */
function fits(op: Operand, value: number, m: Mem | null): boolean {
  const kind = op.kind;
  if (kind >= OP_MEM_UNSIGNED) return m !== null && memoryFits(kind, op.scale, m);
  if (kind >= OP_LABEL26 && kind <= OP_LABEL_ADR) return true;
  if (!isInt(value)) return false;
  if (kind === OP_REG) return value >= 0 && value <= XZR;
  if (kind === OP_REG_SP) return (value >= 0 && value <= 30) || value === SP;
  if (kind === OP_FPREG) return value >= 0 && value <= 31;
  if (kind === OP_ADDSUB_IMM) return (value >= 0 && value <= 4095) || (value > 0 && value % 4096 === 0 && value <= 4095 * 4096);
  if (kind === OP_LOGICAL_IMM) return logicalImmediate(value, op.size) >= 0;
  if (kind === OP_PAGES) return value >= -1048576 && value <= 1048575;
  // OP_FIELD, OP_LSL_IMM, OP_TEST_BIT, OP_COND, OP_COND_INVERTED: multiples of scale in [0, max].
  return value >= 0 && value <= op.max && value % op.scale === 0;
}

/** What operand op accepts, for error messages. */
function accepted(op: Operand): string {
  const kind = op.kind;
  if (kind === OP_REG) return "x0-x30 or xzr";
  if (kind === OP_REG_SP) return "x0-x30 or sp";
  if (kind === OP_FPREG) return "v0-v31";
  if (kind === OP_ADDSUB_IMM) return "0-4095, or a multiple of 4096 up to 0xfff000";
  if (kind === OP_LOGICAL_IMM) return `a ${op.size}-bit logical immediate (a repeated rotated run of ones)`;
  if (kind === OP_PAGES) return "-2^20 to 2^20-1 pages";
  if (kind === OP_MEM_UNSIGNED) return `[base, #offset] with offset a multiple of ${op.scale} in 0-${4095 * op.scale}`;
  if (kind === OP_MEM_UNSCALED) return "[base, #offset] with offset in -256-255";
  if (kind === OP_MEM_PRE) return "memPre with offset in -256-255";
  if (kind === OP_MEM_POST) return "memPost with offset in -256-255";
  if (kind === OP_MEM_REGISTER) return `memIndexed with lsl, uxtw, sxtw or sxtx and shift 0 or ${log2(op.scale)}`;
  if (kind === OP_MEM_LITERAL) return "memLabel";
  if (kind >= OP_MEM_PAIR) return `${kind === OP_MEM_PAIR ? "mem" : kind === OP_MEM_PAIR_PRE ? "memPre" : "memPost"} with offset a multiple of ${op.scale} in ${-64 * op.scale}-${63 * op.scale}`;
  return op.scale > 1 ? `a multiple of ${op.scale} in 0-${op.max}` : `0-${op.max}`;
}

function describe(value: number, m: Mem | null): string {
  if (m === null) return String(value);
  return `a memory operand (mode ${m.mode}, offset ${m.offset})`;
}

/** The operand with index i among the integer operands a..e. */
function pick(i: number, a: number, b: number, c: number, d: number, e: number): number {
  if (i === 0) return a;
  if (i === 1) return b;
  if (i === 2) return c;
  if (i === 3) return d;
  return e;
}

/**
 * The first alternative of form that accepts these operands (a..e the integer operands in the
 * form's order, m the memory operand), or null. Exported for the tests and for code generators
 * that ask whether an immediate or an offset can be folded.
 */
export function chooseEncoding(form: Form, a: number, b: number, c: number, d: number, e: number, m: Mem | null): Encoding | null {
  const encodings = form.encodings;
  for (let j = 0; j < encodings.length; j++) {
    const enc = encodings[j];
    const operands = enc.operands;
    let ok = true;
    for (let i = 0; i < operands.length && ok; i++) ok = fits(operands[i], pick(i, a, b, c, d, e), m);
    if (ok) return enc;
  }
  return null;
}

/** The AsmError for operands no alternative of form accepts: each alternative's first refusal. */
function refusal(form: Form, a: number, b: number, c: number, d: number, e: number, m: Mem | null): AsmError {
  let text = `${form.name}:`;
  const encodings = form.encodings;
  for (let j = 0; j < encodings.length; j++) {
    const operands = encodings[j].operands;
    for (let i = 0; i < operands.length; i++) {
      const value = pick(i, a, b, c, d, e);
      if (!fits(operands[i], value, m)) {
        text += `${j > 0 ? ";" : ""} ${encodings.length > 1 ? `'${encodings[j].syntax}': ` : ""}operand ${i + 1} (${operands[i].word}) is ${describe(value, operands[i].kind >= OP_MEM_UNSIGNED ? m : null)}, not ${accepted(operands[i])}`;
        break;
      }
    }
  }
  return new AsmError(text);
}

/** The bits of operand op with value v (or m); labels and literals are filled by fixups. */
function operandBits(op: Operand, v: number, m: Mem | null): number {
  const kind = op.kind;
  if (kind === OP_REG || kind === OP_FPREG || kind === OP_COND) return v << op.lsb;
  if (kind === OP_REG_SP) return baseBits(v) << op.lsb;
  if (kind === OP_FIELD) return (v >> op.scaleShift) << op.lsb;
  if (kind === OP_COND_INVERTED) return (v ^ 1) << op.lsb;
  if (kind === OP_ADDSUB_IMM) return v <= 4095 ? v << 10 : (1 << 22) | ((v >> 12) << 10);
  if (kind === OP_LOGICAL_IMM) return logicalImmediate(v, op.size) << 10;
  if (kind === OP_LSL_IMM) return (((op.size - v) % op.size) << 16) | ((op.size - 1 - v) << 10);
  if (kind === OP_TEST_BIT) return ((v >> 5) << 31) | ((v & 31) << 19);
  if (kind === OP_PAGES) return ((v & 3) << 29) | (((v >> 2) & 0x7ffff) << 5);
  if (m === null || kind < OP_MEM_UNSIGNED || kind === OP_MEM_LITERAL) return 0;
  const base = baseBits(m.base) << 5;
  if (kind === OP_MEM_UNSIGNED) return base | ((m.offset >> op.scaleShift) << 10);
  if (kind === OP_MEM_REGISTER) return base | (m.index << 16) | (m.extend << 13) | (m.shift !== 0 ? 1 << 12 : 0);
  if (kind >= OP_MEM_PAIR) return base | (((m.offset >> op.scaleShift) & 0x7f) << 15);
  return base | ((m.offset & 0x1ff) << 12);
}

/** A run of `length` ones (1-15) rotated left by `rotation` (0-15) within 16 bits. */
function rotateRun16(length: number, rotation: number): number {
  const run = (1 << length) - 1;
  return ((run << rotation) | (run >>> (16 - rotation))) & 0xffff;
}

/** Whether the memory operand kind writes its base back (pre- and post-index). */
function writesBack(kind: number): boolean {
  return kind === OP_MEM_PRE || kind === OP_MEM_POST || kind === OP_MEM_PAIR_PRE || kind === OP_MEM_PAIR_POST;
}

export class Assembler {
  /** The code; only the first `size` bytes are meaningful. */
  private code: Uint8Array;
  private size: number;
  /** Fixups (references to labels not bound yet), as parallel arrays; a label chains its own. */
  private fixupAt: number[];
  private fixupKind: number[];
  /** The value written is label position - fixupFrom (the instruction's own offset, for branches). */
  private fixupFrom: number[];
  private fixupNext: number[];
  private unresolved: number;
  /** Offsets of 8-byte slots holding code offsets that become absolute addresses at load time. */
  private absolute: number[];

  constructor() {
    this.code = new Uint8Array(256);
    this.size = 0;
    this.fixupAt = [];
    this.fixupKind = [];
    this.fixupFrom = [];
    this.fixupNext = [];
    this.unresolved = 0;
    this.absolute = [];
  }

  /** The offset of the next byte. */
  position(): number {
    return this.size;
  }

  /** A copy of the code. Throws if a label that something refers to was never bound. */
  bytes(): Uint8Array {
    if (this.unresolved > 0) throw new AsmError(`${this.unresolved} reference(s) to labels that were never bound`);
    return this.code.slice(0, this.size);
  }

  /**
   * Offsets of the 8-byte slots written by dataLabelAddress: each holds a code offset, to which
   * whoever places the code in memory (the JIT, the ELF writer) adds the code's address.
   */
  relocations(): number[] {
    return this.absolute.slice(0);
  }

  /** The instruction word at offset at (a signed 32-bit value). */
  wordAt(at: number): number {
    if (!(at >= 0 && at + 4 <= this.size) || at % 4 !== 0) throw new AsmError(`no instruction word at ${at}`);
    const c = this.code;
    return c[at] | (c[at + 1] << 8) | (c[at + 2] << 16) | (c[at + 3] << 24);
  }

  // --- Labels --------------------------------------------------------------------------------

  newLabel(): Label {
    return new Label();
  }

  /** Binds label to the current position and patches every reference made to it so far. */
  bind(label: Label): void {
    if (label.position >= 0) throw new AsmError(`label bound twice (at ${label.position} and ${this.size})`);
    label.position = this.size;
    let i = label.pending;
    while (i >= 0) {
      this.patch(this.fixupAt[i], this.fixupKind[i], label.position - this.fixupFrom[i]);
      this.unresolved--;
      i = this.fixupNext[i];
    }
    label.pending = -1;
  }

  /** A field of `kind` at `at` that receives label's position minus `from`. */
  private refer(label: Label, at: number, kind: number, from: number): void {
    if (label.position >= 0) {
      this.patch(at, kind, label.position - from);
      return;
    }
    this.fixupAt.push(at);
    this.fixupKind.push(kind);
    this.fixupFrom.push(from);
    this.fixupNext.push(label.pending);
    label.pending = this.fixupAt.length - 1;
    this.unresolved++;
  }

  private patch(at: number, kind: number, value: number): void {
    if (kind === FIX_DATA32) {
      this.put32(at, value);
      return;
    }
    if (kind === FIX_DATA64) {
      this.put32(at, value);
      this.put32(at + 4, 0);
      return;
    }
    this.put32(at, this.withOffset(this.wordAt(at), kind, value, at));
  }

  /** Word with its pc-relative field of `kind` set to `delta` bytes; an AsmError when it does not reach. */
  private withOffset(word: number, kind: number, delta: number, at: number): number {
    const bits = kind === FIX_BRANCH26 ? 28 : kind === FIX_BRANCH14 ? 16 : 21;
    const limit = 1 << (bits - 1);
    if (!(delta >= -limit && delta < limit)) {
      const reach = kind === FIX_BRANCH26 ? "±128 MiB of b and bl" : kind === FIX_BRANCH14 ? "±32 KiB of tbz and tbnz" : kind === FIX_ADR ? "±1 MiB of adr" : "±1 MiB of b.cond, cbz, cbnz and ldr (literal)";
      throw new AsmError(`the instruction at ${at} cannot reach ${delta} bytes away, beyond the ${reach}`);
    }
    if (kind === FIX_ADR) return (word & ~((3 << 29) | (0x7ffff << 5))) | ((delta & 3) << 29) | (((delta >> 2) & 0x7ffff) << 5);
    if (delta % 4 !== 0) throw new AsmError(`the instruction at ${at} cannot reach ${delta} bytes away: not a multiple of 4`);
    const words = delta >> 2;
    if (kind === FIX_BRANCH26) return (word & ~0x3ffffff) | (words & 0x3ffffff);
    if (kind === FIX_BRANCH19) return (word & ~(0x7ffff << 5)) | ((words & 0x7ffff) << 5);
    return (word & ~(0x3fff << 5)) | ((words & 0x3fff) << 5);
  }

  /**
   * Re-targets the branch at `at` (B, BL, B.cond, CBZ, CBNZ, TBZ or TBNZ: any may be patched)
   * to the code offset `target`: how the JIT redirects a guard's branch to a new bridge.
   */
  patchBranch(at: number, target: number): void {
    const word = this.wordAt(at);
    let kind = -1;
    if ((word & 0x7c000000) === 0x14000000) kind = FIX_BRANCH26;
    else if ((word & 0xff000010) === 0x54000000 || (word & 0x7e000000) === 0x34000000) kind = FIX_BRANCH19;
    else if ((word & 0x7e000000) === 0x36000000) kind = FIX_BRANCH14;
    if (kind < 0) throw new AsmError(`the word at ${at} is not a branch with an offset`);
    this.put32(at, this.withOffset(word, kind, target - at, at));
  }

  // --- Bytes ---------------------------------------------------------------------------------

  private byte(b: number): void {
    if (this.size === this.code.length) {
      const bigger = new Uint8Array(this.code.length * 2);
      bigger.set(this.code, 0);
      this.code = bigger;
    }
    this.code[this.size] = b & 0xff;
    this.size++;
  }

  private put32(at: number, v: number): void {
    this.code[at] = v & 0xff;
    this.code[at + 1] = (v >> 8) & 0xff;
    this.code[at + 2] = (v >> 16) & 0xff;
    this.code[at + 3] = (v >> 24) & 0xff;
  }

  private word(w: number): void {
    if (this.size % 4 !== 0) throw new AsmError(`an instruction at offset ${this.size}, which is not a multiple of 4: align(4) after data8`);
    for (let i = 0; i < 4; i++) this.byte(w >> (8 * i));
  }

  /** Raw data in the code: a byte, a 32-bit or a 64-bit value (each within its signed or unsigned range). */
  data8(v: number): void {
    if (!(v >= -128 && v <= 255) || !isInt(v)) throw new AsmError(`data8: ${v} does not fit 8 bits`);
    this.byte(v);
  }

  data32(v: number): void {
    if (!(v >= -2147483648 && v <= 4294967295) || !isInt(v)) throw new AsmError(`data32: ${v} does not fit 32 bits`);
    for (let i = 0; i < 4; i++) this.byte(v >> (8 * i));
  }

  /** A 64-bit value: an integer in [-2^63, 2^64) (two's complement when negative). */
  data64(v: number): void {
    if (!(v >= -9223372036854775808 && v < 18446744073709551616) || !isInt(v)) throw new AsmError(`data64: ${v} does not fit 64 bits`);
    const high = Math.floor(v / TWO_32);
    this.data64Bits(high, v - high * TWO_32);
  }

  /** A 64-bit pattern from its halves (a double's bits: floatHighWord, floatLowWord). */
  data64Bits(high: number, low: number): void {
    for (let i = 0; i < 4; i++) this.byte(low >> (8 * i));
    for (let i = 0; i < 4; i++) this.byte(high >> (8 * i));
  }

  /** A 32-bit entry of a position-independent jump table: target's offset minus base's (bound). */
  dataLabelOffset32(target: Label, base: Label): void {
    if (base.position < 0) throw new AsmError("dataLabelOffset32: the base label must be bound first");
    const at = this.size;
    this.data32(0);
    this.refer(target, at, FIX_DATA32, base.position);
  }

  /** A 64-bit entry holding target's address once the code is placed (see relocations()). */
  dataLabelAddress(target: Label): void {
    const at = this.size;
    this.data32(0);
    this.data32(0);
    this.absolute.push(at);
    this.refer(target, at, FIX_DATA64, 0);
  }

  /** Pads to a multiple of `alignment` (a power of two): zero bytes up to a word, then NOPs. */
  align(alignment: number): void {
    while (this.size % 4 !== 0 && this.size % alignment !== 0) this.byte(0);
    while (this.size % alignment !== 0) this.word(NOP_WORD);
  }

  // --- One method per operand shape ------------------------------------------------------------

  none(form: Form): void {
    this.emit(form, SHAPE_NONE, 0, 0, 0, 0, 0, null, null);
  }

  i(form: Form, imm: number): void {
    this.emit(form, SHAPE_I, imm, 0, 0, 0, 0, null, null);
  }

  r(form: Form, a: number): void {
    this.emit(form, SHAPE_R, a, 0, 0, 0, 0, null, null);
  }

  rr(form: Form, a: number, b: number): void {
    this.emit(form, SHAPE_RR, a, b, 0, 0, 0, null, null);
  }

  rrr(form: Form, a: number, b: number, c: number): void {
    this.emit(form, SHAPE_RRR, a, b, c, 0, 0, null, null);
  }

  rrrr(form: Form, a: number, b: number, c: number, d: number): void {
    this.emit(form, SHAPE_RRRR, a, b, c, d, 0, null, null);
  }

  ri(form: Form, a: number, imm: number): void {
    this.emit(form, SHAPE_RI, a, imm, 0, 0, 0, null, null);
  }

  rii(form: Form, a: number, imm: number, imm2: number): void {
    this.emit(form, SHAPE_RII, a, imm, imm2, 0, 0, null, null);
  }

  rri(form: Form, a: number, b: number, imm: number): void {
    this.emit(form, SHAPE_RRI, a, b, imm, 0, 0, null, null);
  }

  rrii(form: Form, a: number, b: number, imm: number, imm2: number): void {
    this.emit(form, SHAPE_RRII, a, b, imm, imm2, 0, null, null);
  }

  rrri(form: Form, a: number, b: number, c: number, imm: number): void {
    this.emit(form, SHAPE_RRRI, a, b, c, imm, 0, null, null);
  }

  rrrii(form: Form, a: number, b: number, c: number, imm: number, imm2: number): void {
    this.emit(form, SHAPE_RRRII, a, b, c, imm, imm2, null, null);
  }

  rm(form: Form, a: number, m: Mem): void {
    this.emit(form, SHAPE_RM, a, 0, 0, 0, 0, m, null);
  }

  rrm(form: Form, a: number, b: number, m: Mem): void {
    this.emit(form, SHAPE_RRM, a, b, 0, 0, 0, m, null);
  }

  /** A branch to label (B, BL, B.cond). */
  l(form: Form, label: Label): void {
    this.emit(form, SHAPE_L, 0, 0, 0, 0, 0, null, label);
  }

  rl(form: Form, a: number, label: Label): void {
    this.emit(form, SHAPE_RL, a, 0, 0, 0, 0, null, label);
  }

  ril(form: Form, a: number, imm: number, label: Label): void {
    this.emit(form, SHAPE_RIL, a, imm, 0, 0, 0, null, label);
  }

  /**
   * Xd = value, any integer in [-2^63, 2^64) (two's complement when negative), in the fewest
   * instructions: see movConstantBits.
   */
  movConstant(rd: number, value: number): void {
    if (!(value >= -9223372036854775808 && value < 18446744073709551616) || !isInt(value)) {
      throw new AsmError(`movConstant: ${value} is not a 64-bit integer`);
    }
    const high = Math.floor(value / TWO_32);
    this.movConstantBits(rd, high, value - high * TWO_32);
  }

  /**
   * Xd = the 64-bit pattern high:low (halves in [0, 2^32) or signed 32-bit), in the fewest
   * instructions: one MOVZ or MOVN when all but one halfword are 0 or all ones, else one ORR
   * when the pattern is a logical immediate, else ORR and one MOVK when a logical immediate
   * differs from the pattern in one halfword, else MOVZ or MOVN (whichever leaves fewer
   * halfwords) and a MOVK for each remaining halfword. (tests/runtime/aarch64/immediates.test.ts
   * holds it to a brute-force search over those shapes.)
   */
  movConstantBits(rd: number, high: number, low: number): void {
    if (!(rd >= 0 && rd <= 30) || !isInt(rd)) throw new AsmError(`movConstant: ${rd} is not x0-x30`);
    const h0 = low & 0xffff;
    const h1 = (low >>> 16) & 0xffff;
    const h2 = high & 0xffff;
    const h3 = (high >>> 16) & 0xffff;
    let zeros = 0;
    let ones = 0;
    for (let k = 0; k < 4; k++) {
      const h = pick(k, h0, h1, h2, h3, 0);
      if (h === 0) zeros++;
      if (h === 0xffff) ones++;
    }
    const viaMovz = zeros === 4 ? 1 : 4 - zeros;
    const viaMovn = ones === 4 ? 1 : 4 - ones;
    const wide = viaMovz <= viaMovn ? viaMovz : viaMovn;
    if (wide > 1) {
      const single = encodeBitmask(high, low, 64);
      if (single >= 0) {
        this.orrPattern(rd, single);
        return;
      }
    }
    if (wide > 2) {
      // A logical immediate that differs from the pattern in halfword k only, then MOVK. Its
      // halfword k repeats another halfword (elements of up to 32 bits), or it is a 16-bit
      // window of a 64-bit rotated run: a value with at most two circular transitions. Those
      // 3 + 242 are all the candidates.
      for (let k = 0; k < 4; k++) {
        for (let c = -5; c < 240; c++) {
          const h = c < -2 ? pick((k - 2 - c) & 3, h0, h1, h2, h3, 0) : c === -2 ? 0 : c === -1 ? 0xffff : rotateRun16((c >> 4) + 1, c & 15);
          const lowK = k === 0 ? (low & ~0xffff) | h : k === 1 ? (low & 0xffff) | (h << 16) : low;
          const highK = k === 2 ? (high & ~0xffff) | h : k === 3 ? (high & 0xffff) | (h << 16) : high;
          const encoded = encodeBitmask(highK, lowK, 64);
          if (encoded >= 0) {
            this.orrPattern(rd, encoded);
            this.rii(MOVK_rii, rd, pick(k, h0, h1, h2, h3, 0), 16 * k);
            return;
          }
        }
      }
    }
    const inverted = viaMovn < viaMovz;
    const skip = inverted ? 0xffff : 0;
    let first = true;
    for (let k = 0; k < 4; k++) {
      const h = pick(k, h0, h1, h2, h3, 0);
      if (h === skip) continue;
      if (first) this.rii(inverted ? MOVN_rii : MOVZ_rii, rd, inverted ? h ^ 0xffff : h, 16 * k);
      else this.rii(MOVK_rii, rd, h, 16 * k);
      first = false;
    }
    if (first) this.rii(inverted ? MOVN_rii : MOVZ_rii, rd, 0, 0);
  }

  /** ORR Xd, XZR, #pattern with the pattern's N:immr:imms already computed. */
  private orrPattern(rd: number, encoded: number): void {
    this.word(ORR_rri.encodings[0].bits | (encoded << 10) | (XZR << 5) | rd);
  }

  private emit(form: Form, shape: number, a: number, b: number, c: number, d: number, e: number, m: Mem | null, label: Label | null): void {
    if (form.shape !== shape) {
      throw new AsmError(`${form.name} takes operands (${SHAPE_NAMES[form.shape]}), not (${SHAPE_NAMES[shape]}): call asm.${SHAPE_NAMES[form.shape]}()`);
    }
    const enc = chooseEncoding(form, a, b, c, d, e, m);
    if (enc === null) throw refusal(form, a, b, c, d, e, m);
    const operands = enc.operands;
    const at = this.size;
    let word = enc.bits;
    let fixKind = -1;
    for (let i = 0; i < operands.length; i++) {
      const op = operands[i];
      const kind = op.kind;
      if (kind === OP_LABEL26) fixKind = FIX_BRANCH26;
      else if (kind === OP_LABEL19 || kind === OP_MEM_LITERAL) fixKind = FIX_BRANCH19;
      else if (kind === OP_LABEL14) fixKind = FIX_BRANCH14;
      else if (kind === OP_LABEL_ADR) fixKind = FIX_ADR;
      else word |= operandBits(op, pick(i, a, b, c, d, e), m);
      if (m !== null && kind >= OP_MEM_UNSIGNED && writesBack(kind) && m.base !== SP) {
        // Writing back a base that the instruction also transfers is CONSTRAINED UNPREDICTABLE.
        for (let k = 0; k < i; k++) {
          if (operands[k].kind === OP_REG && pick(k, a, b, c, d, e) === m.base) {
            throw new AsmError(`${form.name}: the base register x${m.base} is written back and also transferred (unpredictable)`);
          }
        }
      }
    }
    if (enc.load && shape === SHAPE_RRM && a === b) throw new AsmError(`${form.name}: a pair load into one register twice (unpredictable)`);
    this.word(word);
    if (fixKind >= 0) {
      // Tested, not asserted: in a program that never makes a literal, m.label is always null
      // there, and RTS refuses an assertion (!) it can prove false.
      const target = m !== null ? m.label : label;
      if (target === null) throw new AsmError(`${form.name}: a label operand without a label`);
      this.refer(target, at, fixKind, m !== null ? at - m.offset : at);
    }
  }
}
