/**
 * Where a call's arguments go under a target's internal convention, for the caller (moving them
 * there) and the callee (taking them from there): in order, each Float argument takes the next
 * float argument register, every other non-Void one the next general argument register, and
 * once a class's registers are used up the argument goes on the stack, numbered in argument
 * order across both classes (System V and AAPCS64 alike). Void arguments take no place.
 */

import type { LLType } from "../llir/lltype.js";
import { Float, Void } from "../llir/lltype.js";
import type { Location, RegisterFile } from "./location.js";

/** An argument passed on the stack: the k-th such argument (the caller pushes them, last first). */
export interface StackArgument {
  readonly stackIndex: number;
}

export type ArgumentPlace = { readonly register: Location; readonly float: boolean } | (StackArgument & { readonly float: boolean }) | undefined;

/** The place of each argument of these types (undefined for a Void one). */
export function argumentPlaces(registers: RegisterFile, types: readonly LLType[]): ArgumentPlace[] {
  let general = 0;
  let float = 0;
  let stack = 0;
  return types.map((type) => {
    if (type === Void) return undefined;
    const isFloat = type === Float;
    const args = isFloat ? registers.float.args : registers.general.args;
    const next = isFloat ? float : general;
    if (next < args.length) {
      if (isFloat) float++;
      else general++;
      return { register: args[next]!, float: isFloat };
    }
    return { stackIndex: stack++, float: isFloat };
  });
}
