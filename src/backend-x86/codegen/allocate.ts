/**
 * Register allocation for x86-64: the shared linear scan (src/backend/regalloc.ts) on this
 * target's registers (locations.ts).
 */

import { allocateRegisters as allocate, type Allocation, type AllocationInput } from "../../backend/regalloc.js";
import { X86_REGISTERS } from "./locations.js";

export type { Allocation };

export function allocateRegisters(input: Omit<AllocationInput, "registers">): Allocation {
  return allocate({ ...input, registers: X86_REGISTERS });
}
