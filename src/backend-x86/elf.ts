/**
 * The x86-64 executable: the shared ELF writer (src/backend/elf.ts) with e_machine EM_X86_64.
 * Everything else of the writer (layout, relocations, symbols) is re-exported as it is.
 */

import { X86_64_MACHINE, writeExecutable as writeFor, type ExecutableImage } from "../backend/elf.js";

export * from "../backend/elf.js";

/** The static x86-64 executable of image, relocations applied. */
export function writeExecutable(image: ExecutableImage): Uint8Array {
  return writeFor(image, X86_64_MACHINE);
}
