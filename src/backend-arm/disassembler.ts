/**
 * The listing's view of AArch64 code (`rts translate --dump-asm`): one instruction per word. So far
 * each word is printed as GNU objdump prints a word it does not decode (`.inst 0x...`), with the
 * target of a pc-relative branch (B, BL, B.cond, CBZ, CBNZ, TBZ, TBNZ) given so that the listing
 * can name it. Decoding every form of the table (src/runtime/aarch64/instructions.ts) into
 * objdump's text is still to be written (issue 19).
 */

import type { Instruction } from "../backend/listing.js";

const signed = (value: number, bits: number) => (value << (32 - bits)) >> (32 - bits);

/** The address a pc-relative branch at address reaches, or undefined. */
function branchTarget(word: number, address: number): number | undefined {
  if ((word & 0x7c000000) === 0x14000000) return address + 4 * signed(word & 0x3ffffff, 26); // B, BL
  if ((word & 0xff000010) === 0x54000000 || (word & 0x7e000000) === 0x34000000) return address + 4 * signed((word >>> 5) & 0x7ffff, 19); // B.cond, CBZ, CBNZ
  if ((word & 0x7e000000) === 0x36000000) return address + 4 * signed((word >>> 5) & 0x3fff, 14); // TBZ, TBNZ
  return undefined;
}

export function disassemble(code: Uint8Array, start: number, end: number, base: number): Instruction[] {
  const out: Instruction[] = [];
  const view = new DataView(code.buffer, code.byteOffset, code.byteLength);
  for (let at = start; at + 4 <= end; at += 4) {
    const word = view.getUint32(at, true);
    const address = base + at;
    out.push({ address, bytes: code.slice(at, at + 4), text: `.inst\t0x${word.toString(16).padStart(8, "0")}`, target: branchTarget(word | 0, address) });
  }
  return out;
}
