/**
 * The AArch64 executable: the shared ELF writer (src/backend/elf.ts) with e_machine EM_AARCH64,
 * segments on 64 KiB pages (AArch64 kernels run with 4, 16 or 64 KiB pages; GNU ld's
 * max-page-size there), and the relocations A64 code needs, named after their ELF counterparts
 * (R_AARCH64_*). Each patches a field of the instruction word at the slot; `place` is the slot's
 * own address, as A64's pc-relative fields count from the instruction:
 *
 *   adrPage21   ADRP's immhi:immlo: the target's 4 KiB page minus the instruction's, in pages
 *   addLo12     ADD (immediate)'s imm12: the target's low 12 bits (after ADRP: the full address)
 *   ldst64Lo12  LDR/STR (unsigned offset, 8 bytes)'s imm12: the low 12 bits / 8
 *   jump26      B and BL's imm26: (target - place) / 4
 *   condbr19    B.cond, CBZ, CBNZ and LDR (literal)'s imm19: (target - place) / 4
 *
 * Translation-time TypeScript, not RTS.
 */

import { EM_AARCH64, writeExecutable as writeFor, type ElfMachine, type ExecutableImage, type RelocationKind } from "../backend/elf.js";

export * from "../backend/elf.js";

const page = (address: number) => Math.floor(address / 4096) * 4096;
/** A whole number of words, or Infinity (which no range holds) when the distance is not one. */
const words = (target: number, place: number) => ((target - place) % 4 === 0 ? (target - place) / 4 : Infinity);

const RELOCATIONS: Readonly<Record<string, RelocationKind>> = {
  adrPage21: {
    size: 4, min: -(2 ** 20), max: 2 ** 20 - 1,
    value: (target, _end, place) => (page(target) - page(place)) / 4096,
    insert: (old, v) => ((old & 0x9f00001f) | ((v & 3) << 29) | (((v >> 2) & 0x7ffff) << 5)) >>> 0,
  },
  addLo12: { size: 4, min: 0, max: 4095, value: (target) => target % 4096, insert: (old, v) => ((old & 0xffc003ff) | (v << 10)) >>> 0 },
  ldst64Lo12: {
    size: 4, min: 0, max: 511,
    value: (target) => (target % 8 === 0 ? (target % 4096) / 8 : Infinity),
    insert: (old, v) => ((old & 0xffc003ff) | (v << 10)) >>> 0,
  },
  jump26: { size: 4, min: -(2 ** 25), max: 2 ** 25 - 1, value: (target, _end, place) => words(target, place), insert: (old, v) => ((old & 0xfc000000) | (v & 0x3ffffff)) >>> 0 },
  condbr19: { size: 4, min: -(2 ** 18), max: 2 ** 18 - 1, value: (target, _end, place) => words(target, place), insert: (old, v) => ((old & 0xff00001f) | ((v & 0x7ffff) << 5)) >>> 0 },
};

export const AARCH64_MACHINE: ElfMachine = { name: "aarch64", eMachine: EM_AARCH64, eFlags: 0, pageSize: 0x10000, relocations: RELOCATIONS };

/** The static AArch64 executable of image, relocations applied. */
export function writeExecutable(image: ExecutableImage): Uint8Array {
  return writeFor(image, AARCH64_MACHINE);
}
