/**
 * What the rule files (rules.ts, rules-access.ts, rules-calls.ts) share: the shape of a rule,
 * the tests of annotations they keep making, and the wording of the errors about values that
 * may be null or undefined.
 */

import { Constant, type SpaceOperation } from "../frontend/model.js";
import { NotRtsValue, type Place, type Some } from "./bookkeeper.js";
import { OpFailure, type OpContext } from "./context.js";
import type { DictDef } from "./dictdef.js";
import { placeText, unionAdvice } from "./diagnostics.js";
import type { ListDef } from "./listdef.js";
import { EMPTY_BOTH, EMPTY_NULL, describe, type UnionError } from "./model.js";

/** The annotation of an operation's result from the annotations of its arguments. */
export type Rule = (ctx: OpContext, args: Some[]) => Some;

export const numeric = (s: Some) => (s.kind === "int" || s.kind === "float") && s.empty === 0;
export const textual = (s: Some) => (s.kind === "string" || s.kind === "char") && s.empty === 0;
export const primitive = (s: Some) => ["int", "float", "bool", "char", "string", "none"].includes(s.kind);
export const nonNeg = (s: Some) => s.kind === "int" && s.nonNeg;

/** "null", "undefined" or "null or undefined": the empty values s may be. */
export function emptyWord(s: Some): string {
  return s.empty === EMPTY_BOTH ? "null or undefined" : s.empty === EMPTY_NULL ? "null" : "undefined";
}

/** What to do about a value that may be empty where it must not be. */
export function emptyAdvice(s: Some): string {
  const test = s.empty === EMPTY_BOTH ? "!= null" : s.empty === EMPTY_NULL ? "!== null" : "!== undefined";
  return `test it first (x ${test}), or write x! if it cannot be ${emptyWord(s)} here`;
}

/**
 * Fails when s may be (or is always) null or undefined: `action` says what the operation does,
 * ending with the word before "a value": "reading .size of", "calling parse() on", "indexing".
 * The error is about s, the receiver of a member operation: its caret stays on the receiver.
 */
export function requirePresent(ctx: OpContext, s: Some, action: string): void {
  if (s.kind === "none") {
    throw new OpFailure(`${action} a value that is always ${emptyWord(s)} here (no other value ever reaches this place)`, [], true);
  }
  if (s.empty !== 0) throw new OpFailure(`${action} a value that may be ${emptyWord(s)} (${describe(s)}): ${emptyAdvice(s)}`, [], true);
}

/**
 * What to add to "must be an integer, got float": the test that makes the value an int (an
 * integer or NaN after isNaN(x) is false, any float after Number.isInteger(x) is true).
 */
export function integerAdvice(s: Some, expected = "an integer"): string {
  if (s.kind !== "float" || s.empty !== 0 || !expected.includes("integer")) return "";
  if (s.integerOrNaN) return " (an integer or NaN: after a test that isNaN(x) is false, x is an integer)";
  return " (after a test that Number.isInteger(x) is true, x is an integer)";
}

/** Fails when an operand of a number operator is a number that may be empty. */
export function requirePresentNumbers(ctx: OpContext, symbol: string, operands: Some[]): void {
  for (const s of operands) {
    if ((s.kind === "int" || s.kind === "float" || s.kind === "none") && s.empty !== 0) requirePresent(ctx, s, `${symbol} on`);
  }
}

/** The constant name argument of getattr, setattr and call_method. */
export function constName(op: SpaceOperation, index: number): string {
  return (op.args[index] as Constant).value as string;
}

/** The annotation of a live value met while annotating (a static member, a namespace constant). */
export function constantOf(ctx: OpContext, value: unknown): Some {
  try {
    return ctx.bk.immutableValue(value);
  } catch (error) {
    if (error instanceof NotRtsValue) return ctx.fail(error.message);
    throw error;
  }
}

/**
 * The message when a value does not fit the items (keys, values) of a container: what it holds
 * and where it was made, what was attempted, and why: "this array holds int (it was made at
 * line 4); cannot push string: int and string are different types".
 */
export function containerError(ctx: OpContext, def: ListDef<Place> | DictDef<Place>, holds: string, attempt: string, error: UnionError): string {
  const site = ctx.bk.siteOf(def);
  const made = site ? ` (it was made at ${placeText(site, ctx.op.pos)})` : "";
  return `${holds}${made}; ${attempt}: ${unionAdvice(error.message, "", undefined, ctx.op.pos)}`;
}
