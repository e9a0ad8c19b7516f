/**
 * The x86-64 assembler: writes the bytes of instruction forms (instructions.ts) into a growable
 * buffer, with labels for jumps, calls, rip-relative operands and jump tables.
 *
 * RTS: the JIT runs this class inside translated binaries, so everything here is run-time code:
 * a class, numbers, arrays and a Uint8Array; no closures, no Map. It reads the forms' encodings
 * (plain numbers built at import time) and never parses anything.
 *
 * One method per operand shape, taking the form first and its operands in the manual's order:
 *
 *   asm.rr(ADD_rr, RAX, R12)            asm.ri(CMP_ri, RCX, 1000)
 *   asm.rm(MOV_rm, RAX, mem(RBP, -8))   asm.mr(MOVSD_mx, mem(RSP, 0), XMM1)
 *   asm.l(Jcc_l[CC_NE], loop)           asm.none(RET)
 *
 * `x` operands go where the shape says `r` (asm.rr(ADDSD_xx, XMM0, XMM1)). Each method checks
 * that the form has its shape and that registers and immediates are in range, and throws an
 * AsmError otherwise.
 *
 * Labels (see README.md): a jump or call to a bound label takes the shortest alternative that
 * reaches it; one to a label not bound yet takes the last, widest alternative (rel32 for JMP_l
 * and Jcc_l) and is patched by bind(). Offsets are final as soon as they are written: nothing is
 * moved afterwards, so position() may be recorded (stack maps, patch sites).
 */

import { MODRM_REG, SHAPE_L, SHAPE_M, SHAPE_MI, SHAPE_MR, SHAPE_NAMES, SHAPE_NONE, SHAPE_R, SHAPE_RI, SHAPE_RM, SHAPE_RMI, SHAPE_RR, SHAPE_RRI, type Encoding, type Form } from "./encoding.js";
import { AsmError, Label, Mem } from "./operands.js";
import { NO_REG, RIP } from "./registers.js";

/** Fixup kinds, by the size of the field they fill. */
const FIX_REL8 = 1;
const FIX_REL32 = 4;
/** A 64-bit code offset that the code's loader turns into an address (see relocations()). */
const FIX_ABS64 = 8;

const TWO_32 = 4294967296;

/**
 * The first alternative of form that can encode these operands: op0 and op1 are the register
 * operands (-1 for a memory operand or none), imm the immediate (0 if none). Exported for the
 * tests, which print what the chosen alternative should disassemble to.
 */
export function chooseEncoding(form: Form, op0: number, op1: number, imm: number): Encoding {
  for (const enc of form.encodings) {
    if (enc.immSize > 0 && !(imm >= enc.immMin && imm <= enc.immMax)) continue;
    if (enc.fixedOperand >= 0) {
      if (enc.fixedIsImm) {
        if (imm !== enc.fixedValue) continue;
      } else if ((enc.fixedOperand === 0 ? op0 : op1) !== enc.fixedValue) {
        continue;
      }
    }
    return enc;
  }
  throw new AsmError(`${form.name}: no encoding for immediate ${imm}`);
}

function checkRegister(form: Form, reg: number): void {
  if (!(reg >= 0 && reg <= 15) || Math.floor(reg) !== reg) throw new AsmError(`${form.name}: ${reg} is not a register (0-15)`);
}

function checkImmediate(form: Form, imm: number): void {
  if (Math.floor(imm) !== imm) throw new AsmError(`${form.name}: immediate ${imm} is not an integer`);
}

/** The operand with index `which` among the operands a, b (-1 when which is not 0 or 1). */
function operand(which: number, a: number, b: number): number {
  if (which === 0) return a;
  if (which === 1) return b;
  return -1;
}

function scaleBits(scale: number): number {
  if (scale === 1) return 0;
  if (scale === 2) return 1;
  if (scale === 4) return 2;
  return 3;
}

export class Assembler {
  /** The code; only the first `size` bytes are meaningful. */
  private code: Uint8Array;
  private size: number;
  /** Fixups (references to labels not bound yet), as parallel arrays; a label chains its own. */
  private fixupAt: number[];
  private fixupKind: number[];
  /** The value written is label position - fixupFrom (the end of the instruction, for jumps). */
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
    if (kind === FIX_REL8) {
      if (value < -128 || value > 127) {
        throw new AsmError(`the rel8 jump with its offset at ${at} cannot reach ${value} bytes away; use a _l or _l32 form`);
      }
      this.code[at] = value & 0xff;
    } else if (kind === FIX_REL32) {
      this.put32(at, value);
    } else {
      this.put32(at, value);
      this.put32(at + 4, 0);
    }
  }

  /**
   * Re-targets the rel32 field that ends at `end` (a JMP_l32, Jcc_l32 or CALL_l just emitted
   * ends there) to the code offset `target`: how the JIT redirects a jump to a new bridge.
   */
  patchJump32(end: number, target: number): void {
    if (end < 4 || end > this.size) throw new AsmError(`no rel32 field ends at ${end}`);
    this.put32(end - 4, target - end);
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

  /** An immediate of `bytes` bytes, little-endian; the caller checked its range. */
  private immediate(v: number, bytes: number): void {
    if (bytes === 8) {
      const high = Math.floor(v / TWO_32);
      this.immediate(v - high * TWO_32, 4);
      this.immediate(high, 4);
      return;
    }
    for (let i = 0; i < bytes; i++) this.byte((v >> (8 * i)) & 0xff);
  }

  /** Raw data in the code: a byte, a 32-bit or a 64-bit value (each within its signed or unsigned range). */
  data8(v: number): void {
    if (!(v >= -128 && v <= 255)) throw new AsmError(`data8: ${v} does not fit 8 bits`);
    this.byte(v);
  }

  data32(v: number): void {
    if (!(v >= -2147483648 && v <= 4294967295)) throw new AsmError(`data32: ${v} does not fit 32 bits`);
    this.immediate(v, 4);
  }

  data64(v: number): void {
    this.immediate(v, 8);
  }

  /** A 32-bit entry of a position-independent jump table: target's offset minus base's (bound). */
  dataLabelOffset32(target: Label, base: Label): void {
    if (base.position < 0) throw new AsmError("dataLabelOffset32: the base label must be bound first");
    const at = this.size;
    this.immediate(0, 4);
    this.refer(target, at, FIX_REL32, base.position);
  }

  /** A 64-bit entry holding target's address once the code is placed (see relocations()). */
  dataLabelAddress(target: Label): void {
    const at = this.size;
    this.immediate(0, 8);
    this.absolute.push(at);
    this.refer(target, at, FIX_ABS64, 0);
  }

  /** Pads with NOPs up to a multiple of `alignment` (a power of two). */
  align(alignment: number): void {
    while (this.size % alignment !== 0) this.byte(0x90);
  }

  // --- One method per operand shape ------------------------------------------------------------

  none(form: Form): void {
    this.expect(form, SHAPE_NONE);
    this.encode(form.encodings[0], -1, -1, null, 0);
  }

  r(form: Form, a: number): void {
    this.expect(form, SHAPE_R);
    checkRegister(form, a);
    const enc = chooseEncoding(form, a, -1, 0);
    this.encode(enc, operand(enc.regOperand, a, -1), operand(enc.rmOperand, a, -1), null, 0);
  }

  m(form: Form, a: Mem): void {
    this.expect(form, SHAPE_M);
    this.encode(chooseEncoding(form, -1, -1, 0), -1, -1, a, 0);
  }

  rr(form: Form, a: number, b: number): void {
    this.expect(form, SHAPE_RR);
    checkRegister(form, a);
    checkRegister(form, b);
    const enc = chooseEncoding(form, a, b, 0);
    this.encode(enc, operand(enc.regOperand, a, b), operand(enc.rmOperand, a, b), null, 0);
  }

  ri(form: Form, a: number, imm: number): void {
    this.expect(form, SHAPE_RI);
    checkRegister(form, a);
    checkImmediate(form, imm);
    const enc = chooseEncoding(form, a, -1, imm);
    this.encode(enc, operand(enc.regOperand, a, -1), operand(enc.rmOperand, a, -1), null, imm);
  }

  rm(form: Form, a: number, b: Mem): void {
    this.expect(form, SHAPE_RM);
    checkRegister(form, a);
    const enc = chooseEncoding(form, a, -1, 0);
    this.encode(enc, a, -1, b, 0);
  }

  mr(form: Form, a: Mem, b: number): void {
    this.expect(form, SHAPE_MR);
    checkRegister(form, b);
    const enc = chooseEncoding(form, -1, b, 0);
    this.encode(enc, b, -1, a, 0);
  }

  mi(form: Form, a: Mem, imm: number): void {
    this.expect(form, SHAPE_MI);
    checkImmediate(form, imm);
    const enc = chooseEncoding(form, -1, -1, imm);
    this.encode(enc, -1, -1, a, imm);
  }

  rri(form: Form, a: number, b: number, imm: number): void {
    this.expect(form, SHAPE_RRI);
    checkRegister(form, a);
    checkRegister(form, b);
    checkImmediate(form, imm);
    const enc = chooseEncoding(form, a, b, imm);
    this.encode(enc, operand(enc.regOperand, a, b), operand(enc.rmOperand, a, b), null, imm);
  }

  rmi(form: Form, a: number, b: Mem, imm: number): void {
    this.expect(form, SHAPE_RMI);
    checkRegister(form, a);
    checkImmediate(form, imm);
    const enc = chooseEncoding(form, a, -1, imm);
    this.encode(enc, a, -1, b, imm);
  }

  /** A jump or call to label: the shortest alternative if it is bound, else the widest. */
  l(form: Form, label: Label): void {
    this.expect(form, SHAPE_L);
    const encodings = form.encodings;
    if (label.position >= 0) {
      for (const enc of encodings) {
        const end = this.size + enc.opcode.length + enc.relSize;
        const distance = label.position - end;
        if (enc.relSize === 4 || (distance >= -128 && distance <= 127)) {
          this.opcode(enc, 0);
          this.immediate(distance, enc.relSize);
          return;
        }
      }
      throw new AsmError(`${form.name}: the label is ${label.position - this.size} bytes away, out of rel8 reach; use a _l or _l32 form`);
    }
    const enc = encodings[encodings.length - 1];
    this.opcode(enc, 0);
    const at = this.size;
    this.immediate(0, enc.relSize);
    this.refer(label, at, enc.relSize === 1 ? FIX_REL8 : FIX_REL32, at + enc.relSize);
  }

  private expect(form: Form, shape: number): void {
    if (form.shape !== shape) {
      throw new AsmError(`${form.name} takes operands (${SHAPE_NAMES[form.shape]}), not (${SHAPE_NAMES[shape]}): call asm.${SHAPE_NAMES[form.shape]}()`);
    }
  }

  // --- Encoding ------------------------------------------------------------------------------

  /**
   * Writes one instruction: reg goes in the ModRM reg field or the opcode (+r), rm in the ModRM
   * r/m field as a register, or else m as a memory operand; imm is the immediate, if any.
   */
  private encode(enc: Encoding, reg: number, rm: number, m: Mem | null, imm: number): void {
    if (enc.prefix !== 0) this.byte(enc.prefix);
    let rex = enc.rexW ? 0x48 : 0;
    if (reg >= 8) rex |= enc.plusReg ? 0x41 : 0x44;
    else if (reg >= 4 && enc.regIsByte) rex |= 0x40;
    if (rm >= 8) rex |= 0x41;
    else if (rm >= 4 && enc.rmIsByte) rex |= 0x40;
    if (m !== null) {
      if (m.base >= 8 && m.base <= 15) rex |= 0x41;
      if (m.index >= 8) rex |= 0x42;
    }
    if (rex !== 0) this.byte(rex);
    this.opcode(enc, enc.plusReg ? reg & 7 : 0);
    if (enc.modrm >= 0) {
      const field = enc.modrm === MODRM_REG ? reg & 7 : enc.modrm;
      if (m === null) this.byte(0xc0 | (field << 3) | (rm & 7));
      else this.address(field, m, enc.immSize);
    }
    if (enc.immSize > 0) this.immediate(imm, enc.immSize);
  }

  private opcode(enc: Encoding, addend: number): void {
    const bytes = enc.opcode;
    const last = bytes.length - 1;
    for (let i = 0; i < last; i++) this.byte(bytes[i]);
    this.byte(bytes[last] + addend);
  }

  /**
   * The ModRM byte (with `field` in its reg bits), SIB and displacement of memory operand m;
   * `trailing` bytes of immediate follow, which a rip-relative displacement must count.
   */
  private address(field: number, m: Mem, trailing: number): void {
    const base = m.base;
    const index = m.index;
    const disp = m.disp;
    if (base === RIP) {
      this.byte(0x05 | (field << 3));
      const label = m.label;
      if (label === null) {
        this.immediate(disp, 4);
      } else {
        const at = this.size;
        this.immediate(0, 4);
        this.refer(label, at, FIX_REL32, at + 4 + trailing - disp);
      }
      return;
    }
    if (base === NO_REG) {
      // mod 00 with a SIB whose base is 101: no base register, a disp32.
      this.byte(0x04 | (field << 3));
      this.byte(index === NO_REG ? 0x25 : (scaleBits(m.scale) << 6) | ((index & 7) << 3) | 5);
      this.immediate(disp, 4);
      return;
    }
    // RBP and R13 (base 101) with mod 00 would mean rip or no base: they take a disp8 of 0.
    let mod = 2;
    if (disp === 0 && (base & 7) !== 5) mod = 0;
    else if (disp >= -128 && disp <= 127) mod = 1;
    if (index === NO_REG && (base & 7) !== 4) {
      this.byte((mod << 6) | (field << 3) | (base & 7));
    } else {
      // RSP and R12 (base 100) need a SIB; index 100 without REX.X means no index.
      this.byte((mod << 6) | (field << 3) | 4);
      const indexBits = index === NO_REG ? 4 : index & 7;
      this.byte((scaleBits(m.scale) << 6) | (indexBits << 3) | (base & 7));
    }
    if (mod === 1) this.byte(disp);
    else if (mod === 2) this.immediate(disp, 4);
  }
}
