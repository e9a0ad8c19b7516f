/**
 * Where a call's arguments go under a target's internal convention, for the caller (moving them
 * there) and the callee (taking them from there): in order, each Float argument takes the next
 * float argument register, every other non-Void one the next general argument register, and
 * once a class's registers are used up the argument goes on the stack, numbered in argument
 * order across both classes (System V and AAPCS64 alike). Void arguments take no place.
 */

import type { SourcePos } from "../frontend/model.js";
import { LLConstant, LLVariable, type LLValue } from "../llir/llgraph.js";
import type { LLType } from "../llir/lltype.js";
import { Float, Signed, Void } from "../llir/lltype.js";
import { POSITION_LINE } from "../runtime/native.js";
import type { Location, RegisterFile } from "./location.js";
import type { Move } from "./moves.js";

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

/** A string of a fatal routine's arguments, made at translation time (null: the null pointer). */
export interface TranslatedString {
  string: string | null;
}

/** A fatal routine's own argument: a value of the function, or a string the code generator makes. */
export interface FatalArgument {
  value: LLValue | TranslatedString;
  float: boolean;
}

/**
 * The moves into a fatal routine's argument registers: its own arguments, then the failed check's
 * file (one string per file) and its position word, line * POSITION_LINE + column, as
 * runtime/native.ts nativeFatal reads them. locationOf gives where a variable of the function is.
 */
export function fatalArgumentMoves(registers: RegisterFile, args: readonly FatalArgument[], pos: SourcePos | undefined, locationOf: (v: LLVariable) => Location): Move<LLConstant | TranslatedString>[] {
  const file: TranslatedString = { string: pos ? pos.file : null };
  const position = new LLConstant(pos ? pos.line * POSITION_LINE + Math.min(pos.column, POSITION_LINE - 1) : 0, Signed);
  const all: FatalArgument[] = [...args, { value: file, float: false }, { value: position, float: false }];
  const places = argumentPlaces(registers, all.map(({ float }) => (float ? Float : Signed)));
  return all.map(({ value }, i) => {
    const place = places[i]!;
    if (!("register" in place)) throw new Error("internal error: a fatal routine takes its arguments in registers");
    return { src: value instanceof LLVariable ? locationOf(value) : value, dst: place.register, float: place.float };
  });
}
