/**
 * AArch64 as a Target (src/backend/target.ts): its code generator (codegen/), registers
 * (codegen/locations.ts), ELF machine (elf.ts) and disassembler (disassembler.ts).
 */

import type { Target } from "../backend/target.js";
import { generateCode } from "./codegen/index.js";
import { AARCH64_REGISTERS } from "./codegen/locations.js";
import { A64Disassembler } from "./disassembler.js";
import { AARCH64_MACHINE } from "./elf.js";

export function aarch64Target(): Target {
  let disassembler: A64Disassembler | undefined;
  return {
    name: "aarch64",
    machine: AARCH64_MACHINE,
    registers: AARCH64_REGISTERS,
    generateCode,
    disassemble(code, start, end, base) {
      disassembler ??= new A64Disassembler();
      return disassembler.disassemble(code, start, end, base);
    },
  };
}
