/**
 * Narrowing (RPython's knowntypedata): what the result of a test proves about the variables it
 * tested, when it is true and when it is false. The annotator records it for each test it
 * annotates, and an exit of a block that switches on the test passes the narrowed annotations
 * (an exit on which some variable would be impossible is not taken at all).
 *
 * The tests, each a table entry:
 * - `x === null`, `x !== undefined`, `x == null`, ... against a constant null or undefined;
 * - `x instanceof C`;
 * - `truthy(x)` (the condition value of x): a true x is not empty; a false reference (object,
 *   array, function, ...) is empty, since every non-empty reference is true;
 * - `!t` swaps what t proves, and truthy(t) of a test keeps it;
 * - the number tests of NUMBER_TESTS (`isNaN(x)`, `Number.isInteger(x)`, ...) as calls of the
 *   builtin or of the method of `Number`: an integer or NaN (parseInt's result) is an int where
 *   NaN is excluded, any float is an int where it is proved integral. The rtyper converts the
 *   float to an int on that exit, exactly (the value is integral there).
 */

import { Constant, Variable, type SpaceOperation } from "../frontend/model.js";
import type { ClassDesc, Some } from "./bookkeeper.js";
import { nonNull, nullable, someImpossible, someInstance, someInteger, someNone, type EmptySet } from "./model.js";

/** What one test proves about other variables when it is true or false. */
export type KnownTypes = Map<Variable, { whenTrue?: Some; whenFalse?: Some }>;

/** Kinds whose non-empty values are always true. */
const REFERENCE_KINDS: ReadonlySet<string> = new Set(["instance", "list", "map", "set", "typedArray", "tuple", "pbc", "builtin", "iterator"]);

type Narrowing = (op: SpaceOperation, args: Some[], inner: (v: Variable) => KnownTypes | undefined) => KnownTypes | undefined;

function emptyTest(op: SpaceOperation, args: Some[]): KnownTypes | undefined {
  const [a, b] = op.args;
  if (!(a instanceof Variable) || !(b instanceof Constant) || (b.value !== null && b.value !== undefined)) return undefined;
  const s = args[0]!;
  // x === null proves x is not null when false; x == null proves x is neither when false.
  const bits = op.opname.startsWith("loose") ? 3 : b.value === null ? 1 : 2;
  const remaining = (s.empty & ~bits) as EmptySet;
  const present = s.kind === "none" ? (remaining ? someNone(remaining) : someImpossible()) : nullable(nonNull(s), remaining);
  const absentBits = (s.empty & bits) as EmptySet;
  const absent = absentBits ? someNone(absentBits) : someImpossible();
  const isEq = op.opname === "eq" || op.opname === "loose_eq";
  return new Map([[a, isEq ? { whenTrue: absent, whenFalse: present } : { whenTrue: present, whenFalse: absent }]]);
}

/**
 * What each number test proves about its float argument: on which exit it is an integer, and
 * whether that needs a float known to be an integer or NaN (a NaN test says nothing of 1.5).
 */
const NUMBER_TESTS: Record<string, { integerWhen: boolean; onlyIntegerOrNaN: boolean }> = {
  isNaN: { integerWhen: false, onlyIntegerOrNaN: true },
  "Number.isNaN": { integerWhen: false, onlyIntegerOrNaN: true },
  isFinite: { integerWhen: true, onlyIntegerOrNaN: true },
  "Number.isFinite": { integerWhen: true, onlyIntegerOrNaN: true },
  "Number.isInteger": { integerWhen: true, onlyIntegerOrNaN: false },
  "Number.isSafeInteger": { integerWhen: true, onlyIntegerOrNaN: false },
};

/** A call `isNaN(x)` (simple_call of the builtin) or `Number.isNaN(x)` (call_method on Number). */
function numberTest(op: SpaceOperation, args: Some[]): KnownTypes | undefined {
  const fn = args[0]!;
  if (fn.kind !== "builtin") return undefined;
  const name = op.opname === "simple_call" ? fn.name : op.args[1] instanceof Constant ? `${fn.name}.${String(op.args[1].value)}` : "";
  const test = NUMBER_TESTS[name];
  const argIndex = op.opname === "simple_call" ? 1 : 2;
  const x = op.args[argIndex];
  const s = args[argIndex];
  if (!test || op.args.length !== argIndex + 1 || !(x instanceof Variable) || s?.kind !== "float" || s.empty !== 0) return undefined;
  if (test.onlyIntegerOrNaN && !s.integerOrNaN) return undefined;
  const integer = someInteger();
  return new Map([[x, test.integerWhen ? { whenTrue: integer } : { whenFalse: integer }]]);
}

const NARROWINGS: Partial<Record<string, Narrowing>> = {
  simple_call: numberTest,
  call_method: numberTest,
  eq: emptyTest,
  ne: emptyTest,
  loose_eq: emptyTest,
  loose_ne: emptyTest,
  instanceof: (op, args) => {
    const [a] = op.args;
    const cls = args[1]!;
    if (!(a instanceof Variable) || cls.kind !== "pbc" || cls.descKind !== "class") return undefined;
    const desc = [...cls.descs][0] as ClassDesc;
    return new Map([[a, { whenTrue: someInstance(desc.classdef) }]]);
  },
  truthy: (op, args, inner) => {
    const [a] = op.args;
    if (!(a instanceof Variable)) return undefined;
    const known: KnownTypes = new Map(inner(a) ?? []);
    const s = args[0]!;
    if (s.kind === "none") known.set(a, { whenTrue: someImpossible() });
    else if (REFERENCE_KINDS.has(s.kind)) known.set(a, { whenTrue: nonNull(s), whenFalse: s.empty ? someNone(s.empty) : someImpossible() });
    else if (s.empty !== 0) known.set(a, { whenTrue: nonNull(s) });
    return known;
  },
  not: (op, _args, inner) => {
    const [a] = op.args;
    const known = a instanceof Variable ? inner(a) : undefined;
    if (!known) return undefined;
    return new Map([...known].map(([v, k]) => [v, { whenTrue: k.whenFalse, whenFalse: k.whenTrue }]));
  },
};

/** What the result of op proves; inner gives what a tested variable itself proves. */
export function knownTypesOf(op: SpaceOperation, args: Some[], inner: (v: Variable) => KnownTypes | undefined): KnownTypes | undefined {
  const known = NARROWINGS[op.opname]?.(op, args, inner);
  return known && known.size > 0 ? known : undefined;
}
