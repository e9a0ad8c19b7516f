/**
 * The disassembler: machine code back to text, read from the same instruction table the
 * assembler encodes from (instructions.ts, encoding.ts), for `rts translate --dump-asm` and the
 * tests. It decodes exactly the forms of the table, which are all the code generator emits, and
 * prints them as GNU objdump does in Intel syntax (`mov rax,QWORD PTR [rbp-0x8]`), so that the
 * two can be compared; anything else is `(bad)`, one byte at a time.
 *
 * Translation-time TypeScript, not RTS: the JIT will not run it.
 */

import { MODRM_NONE, MODRM_REG, type Encoding } from "../runtime/x86/encoding.js";
import { ALL_FORMS } from "../runtime/x86/instructions.js";
import { REG16_NAMES, REG32_NAMES, REG64_NAMES, REG8_NAMES, XMM_NAMES } from "../runtime/x86/registers.js";

export interface DecodedInstruction {
  /** Where the instruction starts, as an address (the code's base address plus its offset). */
  address: number;
  /** Its bytes. */
  bytes: Uint8Array;
  /** objdump's Intel-syntax text: `mnemonic operands`, one space between them, operands joined by commas. */
  text: string;
  /** The address a jump, a call or a rip-relative operand refers to (objdump's `# 0x...` comment for rip). */
  target: number | undefined;
}

/** Without a REX prefix, 8-bit register numbers 4-7 are the high bytes of the first four. */
const LEGACY_BYTE_NAMES: readonly string[] = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"];
const GENERAL: Readonly<Record<number, readonly string[]>> = { 8: REG8_NAMES, 16: REG16_NAMES, 32: REG32_NAMES, 64: REG64_NAMES };
const PTR: Readonly<Record<number, string>> = { 8: "BYTE", 16: "WORD", 32: "DWORD", 64: "QWORD", 128: "XMMWORD" };
const FIXED_SIZES: Readonly<Record<string, number>> = { AL: 8, AX: 16, EAX: 32, RAX: 64 };
const PREFIXES: readonly number[] = [0x66, 0xf2, 0xf3];

/** Unsigned hex of v modulo 2^bits, as objdump prints numbers. */
function hex(v: bigint | number, bits: number): string {
  return "0x" + BigInt.asUintN(bits, BigInt(v)).toString(16);
}

/** The decoded ModRM operand: a register number, or a memory operand as objdump prints it. */
interface ModRm {
  mod: number;
  /** The reg field with REX.R. */
  reg: number;
  /** The r/m register with REX.B, when mod is 3. */
  rm: number;
  /** The memory operand's text (mod < 3), and its rip-relative displacement if it is one. */
  memory: string;
  ripDisp: number | undefined;
  /** Bytes the ModRM, SIB and displacement take. */
  length: number;
}

export class X86Disassembler {
  /** The table's alternative encodings (one per distinct opcode and instruction text), by their first opcode byte. */
  private readonly byFirstByte = new Map<number, Encoding[]>();

  constructor() {
    const seen = new Set<string>();
    for (const form of ALL_FORMS) {
      for (const enc of form.encodings) {
        const key = `${enc.opcodeText}|${enc.instructionText}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const first = enc.opcode[0]!;
        const firsts = enc.plusReg && enc.opcode.length === 1 ? [0, 1, 2, 3, 4, 5, 6, 7].map((r) => first + r) : [first];
        for (const byte of firsts) {
          let list = this.byFirstByte.get(byte);
          if (!list) this.byFirstByte.set(byte, (list = []));
          list.push(enc);
        }
      }
    }
  }

  /** The instructions of code[start, end), code[0] being at address base. */
  disassemble(code: Uint8Array, start = 0, end = code.length, base = 0): DecodedInstruction[] {
    const out: DecodedInstruction[] = [];
    let at = start;
    while (at < end) {
      const decoded = this.decodeOne(code, at, end, base);
      out.push(decoded);
      at += decoded.bytes.length;
    }
    return out;
  }

  private decodeOne(code: Uint8Array, start: number, end: number, base: number): DecodedInstruction {
    const bad = (): DecodedInstruction => ({ address: base + start, bytes: code.slice(start, start + 1), text: "(bad)", target: undefined });
    let p = start;
    const prefix = PREFIXES.includes(code[p]!) ? code[p++]! : 0;
    const rex = p < end && code[p]! >= 0x40 && code[p]! <= 0x4f ? code[p++]! : 0;
    if (p >= end) return bad();
    for (const enc of this.byFirstByte.get(code[p]!) ?? []) {
      if (enc.prefix !== prefix || enc.rexW !== ((rex & 8) !== 0)) continue;
      const n = enc.opcode.length;
      if (p + n > end) continue;
      let same = true;
      for (let i = 0; i < n; i++) {
        const byte = code[p + i]!;
        if (i === n - 1 && enc.plusReg ? (byte & ~7) !== enc.opcode[i] : byte !== enc.opcode[i]) same = false;
      }
      if (!same) continue;
      let q = p + n;
      let modrm: ModRm | undefined;
      if (enc.modrm !== MODRM_NONE) {
        if (q >= end) continue;
        modrm = decodeModRm(code, q, end, rex);
        if (!modrm) continue;
        if (enc.modrm !== MODRM_REG && (code[q]! >> 3 & 7) !== enc.modrm) continue;
        if (modrm.mod === 3 && enc.operands.some((w) => /^m(8|16|32|64|128)?$/.test(w))) continue;
        q += modrm.length;
      }
      if (q + enc.immSize + enc.relSize > end) continue;
      const immediate = enc.immSize > 0 ? readSigned(code, q, enc.immSize) : 0n;
      q += enc.immSize;
      const rel = enc.relSize > 0 ? Number(readSigned(code, q, enc.relSize)) : 0;
      q += enc.relSize;
      const next = base + q;
      const plusRegister = enc.plusReg ? (code[p + n - 1]! & 7) | ((rex & 1) << 3) : -1;
      let target: number | undefined;
      const words = enc.operands.map((word) => {
        let match: RegExpExecArray | null;
        if ((match = /^r(8|16|32|64)$/.exec(word))) return generalName(Number(match[1]), enc.plusReg ? plusRegister : modrm!.reg, rex);
        if ((match = /^r\/m(8|16|32|64)$/.exec(word))) {
          const bits = Number(match[1]);
          return modrm!.mod === 3 ? generalName(bits, modrm!.rm, rex) : `${PTR[bits]} PTR ${modrm!.memory}`;
        }
        if (/^m(8|16|32|64|128)?$/.test(word)) return modrm!.memory;
        if (/^xmm[12]?$/.test(word)) return XMM_NAMES[modrm!.reg]!;
        if ((match = /^xmm[12]?\/m(32|64|128)$/.exec(word))) return modrm!.mod === 3 ? XMM_NAMES[modrm!.rm]! : `${PTR[Number(match[1])]} PTR ${modrm!.memory}`;
        if ((match = /^imm(8|16|32|64)$/.exec(word))) return hex(immediate, enc.size > 0 ? enc.size : Number(match[1]));
        if (/^rel(8|32)$/.test(word)) {
          target = next + rel;
          return hex(target, 64);
        }
        if (word in FIXED_SIZES) return GENERAL[FIXED_SIZES[word]!]![0]!;
        if (word === "1") return "1";
        if (word === "CL") return "cl";
        throw new Error(`internal error: the disassembler cannot render ${word}`);
      });
      if (modrm && modrm.mod !== 3 && modrm.ripDisp !== undefined) target = next + modrm.ripDisp;
      const mnemonic = enc.mnemonic === "MOV" && enc.operands.includes("imm64") ? "movabs" : enc.mnemonic.toLowerCase();
      return { address: base + start, bytes: code.slice(start, q), text: words.length === 0 ? mnemonic : `${mnemonic} ${words.join(",")}`, target };
    }
    return bad();
  }
}

function generalName(bits: number, register: number, rex: number): string {
  if (bits === 8 && rex === 0) return LEGACY_BYTE_NAMES[register]!;
  return GENERAL[bits]![register]!;
}

function readSigned(code: Uint8Array, at: number, size: number): bigint {
  let value = 0n;
  for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(code[at + i]!);
  return BigInt.asIntN(size * 8, value);
}

/** The ModRM byte at q with its SIB and displacement, or undefined when the code ends inside them. */
function decodeModRm(code: Uint8Array, q: number, end: number, rex: number): ModRm | undefined {
  const byte = code[q]!;
  const mod = byte >> 6;
  const reg = ((byte >> 3) & 7) | ((rex & 4) << 1);
  const rmLow = byte & 7;
  const rm = rmLow | ((rex & 1) << 3);
  if (mod === 3) return { mod, reg, rm, memory: "", ripDisp: undefined, length: 1 };
  let length = 1;
  let baseReg = -1;
  let index = -1;
  let scale = 1;
  let rip = false;
  let dispSize = mod === 1 ? 1 : mod === 2 ? 4 : 0;
  if (rmLow === 4) {
    if (q + 1 >= end) return undefined;
    const sib = code[q + 1]!;
    length++;
    scale = 1 << (sib >> 6);
    const indexReg = ((sib >> 3) & 7) | ((rex & 2) << 2);
    if (indexReg !== 4) index = indexReg;
    if ((sib & 7) === 5 && mod === 0) dispSize = 4;
    else baseReg = (sib & 7) | ((rex & 1) << 3);
  } else if (rmLow === 5 && mod === 0) {
    rip = true;
    dispSize = 4;
  } else {
    baseReg = rm;
  }
  if (q + length + dispSize > end) return undefined;
  const disp = dispSize > 0 ? Number(readSigned(code, q + length, dispSize)) : 0;
  length += dispSize;
  let memory: string;
  if (rip) memory = `[rip+${hex(disp, 64)}]`;
  else if (baseReg < 0 && index < 0) memory = `ds:${hex(disp, 64)}`;
  else {
    let text = baseReg < 0 ? "" : REG64_NAMES[baseReg]!;
    if (index >= 0) text += `${baseReg < 0 ? "" : "+"}${REG64_NAMES[index]}*${scale}`;
    if (dispSize > 0) text += disp < 0 ? `-0x${(-disp).toString(16)}` : `+0x${disp.toString(16)}`;
    memory = `[${text}]`;
  }
  return { mod, reg, rm, memory, ripDisp: rip ? disp : undefined, length };
}
