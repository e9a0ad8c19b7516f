/**
 * x86-64 as a Target (src/backend/target.ts): its code generator (codegen/), registers
 * (codegen/locations.ts), ELF machine and disassembler.
 */

import { X86_64_MACHINE } from "../backend/elf.js";
import type { Target } from "../backend/target.js";
import { generateCode } from "./codegen/index.js";
import { X86_REGISTERS } from "./codegen/locations.js";
import { X86Disassembler } from "./disassembler.js";

export function x86_64Target(): Target {
  let disassembler: X86Disassembler | undefined;
  return {
    name: "x86-64",
    machine: X86_64_MACHINE,
    registers: X86_REGISTERS,
    generateCode,
    disassemble(code, start, end, base) {
      disassembler ??= new X86Disassembler();
      return disassembler.disassemble(code, start, end, base);
    },
  };
}
