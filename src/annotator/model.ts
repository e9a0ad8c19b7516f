/**
 * The annotation lattice: the "Some" values the annotator infers for every variable, field and
 * container item (RPython's annotation/model.py and the union rules of binaryop.py).
 *
 * Inputs: nothing but the values themselves; ClassDefs, ListDefs and DictDefs (classdef.ts,
 * listdef.ts, dictdef.ts) are the shared, mutable parts, and `P` is the caller's opaque type of
 * the places that read them (reflowed through a `Reflow<P>` when a cell generalises).
 * Outputs: `union` (the join; or a `UnionError` value, never a throw, for a user type error),
 * `contains` (a ⊒ b), `equal`, `nonNull`, `nullable`, `describe` (TypeScript-like text).
 *
 * Invariants:
 * - SomeValues are immutable; everything that generalises in place is a cell (attribute, list
 *   item, map key or value) owned by a ClassDef, ListDef or DictDef.
 * - `empty` is the set of empty values (null, undefined) the annotation may also hold. Kind
 *   `none` holds only empty values, so its `empty` is never 0; `impossible` has `empty` 0.
 * - `const` is a known constant. It is the single value of the annotation: a constant is never
 *   also nullable (a nullable constant is no constant), so `const !== undefined` implies
 *   `empty === 0`, except for `none` with exactly one empty value, whose const is that value.
 * - Union never fails because of constants: different constants are just dropped.
 * - A union that merges containers has side effects: the merged ListDefs/DictDefs stay merged.
 *   A failed merge leaves its two cells apart, but containers nested in them (or in earlier
 *   items of a tuple) that did merge stay merged: after a UnionError the annotator reports and
 *   stops. `contains`, `equal` and `describe` have no side effects.
 */

import { commonBase, isSubclass } from "./classdef.js";
import type { ClassDef } from "./classdef.js";
import type { DictDef } from "./dictdef.js";
import type { ListDef } from "./listdef.js";

// ---------------------------------------------------------------------------------------------
// Empty values: a 2-bit set, because the translated program must keep `null !== undefined`.

export const EMPTY_NONE = 0;
export const EMPTY_NULL = 1;
export const EMPTY_UNDEFINED = 2;
export const EMPTY_BOTH = 3;
export type EmptySet = 0 | 1 | 2 | 3;

function emptyUnion(a: EmptySet, b: EmptySet): EmptySet {
  return (a | b) as EmptySet;
}

// ---------------------------------------------------------------------------------------------
// The kinds.

/** A descriptor of a live function, class or prebuilt frozen object, provided by the caller. */
export interface Desc {
  readonly kind: "function" | "class" | "frozen";
  readonly name: string;
}

/** The constant values an annotation can carry; null and undefined are the consts of `none`. */
export type ConstValue = number | string | boolean | object;

/** Boxed so that a constant `undefined` (of kind `none`) differs from "no constant". */
export interface Const {
  readonly value: ConstValue | null | undefined;
}

/**
 * The annotator's hooks: `reflow(place)` re-schedules a place that read a cell that changed;
 * `kindChanged(cell, s)` says that a cell (an attribute, a list's items, a Map's keys or values)
 * took a new kind of value because `s` was stored into it (the annotator records where, to say
 * where a type came from in its errors).
 */
export interface Reflow<P> {
  reflow(place: P): void;
  kindChanged?(cell: object, s: SomeValue<P>): void;
}

/**
 * Whether `next` (a generalisation of `old`) is another kind of value as messages name types:
 * another kind, other empty values, an integer-or-NaN float become any float, another class.
 */
export function kindDiffers<P>(old: SomeValue<P>, next: SomeValue<P>): boolean {
  if (old.kind !== next.kind || old.empty !== next.empty) return true;
  if (old.kind === "float" && next.kind === "float") return old.integerOrNaN !== next.integerOrNaN;
  if (old.kind === "instance" && next.kind === "instance") return old.classdef !== next.classdef;
  return false;
}

export const TYPED_ARRAY_KINDS = [
  "Uint8Array",
  "Int8Array",
  "Uint16Array",
  "Int16Array",
  "Uint32Array",
  "Int32Array",
  "Float32Array",
  "Float64Array",
] as const;
export type TypedArrayKind = (typeof TYPED_ARRAY_KINDS)[number];

/** What an iterator yields, with JavaScript's names: for-of on a Map gives "entries". */
export type IterVariant = "keys" | "values" | "entries";

interface Flags {
  readonly empty: EmptySet;
  readonly const: Const | undefined;
}

export interface SomeImpossible extends Flags {
  readonly kind: "impossible";
}
export interface SomeInt extends Flags {
  readonly kind: "int";
  /** Provably >= 0: lets the rtyper drop the negative-index and sign checks. */
  readonly nonNeg: boolean;
}
export interface SomeFloat extends Flags {
  readonly kind: "float";
  /**
   * Every value is an integer or NaN (parseInt's result, Math.floor of one): held as a float,
   * it becomes an int where a test excludes NaN (`isNaN(x)` false), see narrowing.ts.
   */
  readonly integerOrNaN: boolean;
}
export interface SomeBool extends Flags {
  readonly kind: "bool";
}
export interface SomeChar extends Flags {
  readonly kind: "char";
}
export interface SomeString extends Flags {
  readonly kind: "string";
}
export interface SomeNone extends Flags {
  readonly kind: "none";
}
export interface SomeInstance<P> extends Flags {
  readonly kind: "instance";
  readonly classdef: ClassDef<P>;
}
export interface SomeList<P> extends Flags {
  readonly kind: "list";
  readonly listdef: ListDef<P>;
}
export interface SomeTypedArray extends Flags {
  readonly kind: "typedArray";
  readonly arrayKind: TypedArrayKind;
}
export interface SomeTuple<P> extends Flags {
  readonly kind: "tuple";
  readonly items: readonly SomeValue<P>[];
}
export interface SomeMap<P> extends Flags {
  readonly kind: "map";
  readonly dictdef: DictDef<P>;
}
export interface SomeSet<P> extends Flags {
  readonly kind: "set";
  readonly dictdef: DictDef<P>;
}
export interface SomePBC extends Flags {
  readonly kind: "pbc";
  readonly descKind: Desc["kind"];
  /** Non-empty, all of `descKind`. */
  readonly descs: ReadonlySet<Desc>;
}
export interface SomeBuiltin<P> extends Flags {
  readonly kind: "builtin";
  /** The builtin table's name: "Math.floor"; for a bound method the method name, "charCodeAt". */
  readonly name: string;
  /** The receiver of a bound method (`s` in `s.charCodeAt`), or undefined. */
  readonly self: SomeValue<P> | undefined;
}
export interface SomeIterator<P> extends Flags {
  readonly kind: "iterator";
  readonly container: SomeValue<P>;
  readonly variant: IterVariant;
  readonly yields: SomeValue<P>;
}

export type SomeValue<P> =
  | SomeImpossible
  | SomeInt
  | SomeFloat
  | SomeBool
  | SomeChar
  | SomeString
  | SomeNone
  | SomeInstance<P>
  | SomeList<P>
  | SomeTypedArray
  | SomeTuple<P>
  | SomeMap<P>
  | SomeSet<P>
  | SomePBC
  | SomeBuiltin<P>
  | SomeIterator<P>;

export type Kind = SomeValue<unknown>["kind"];

/** A user type error found by `union`: the annotator adds positions and call chains. */
export interface UnionError {
  readonly kind: "unionError";
  readonly message: string;
}

export function isUnionError<P>(x: SomeValue<P> | UnionError): x is UnionError {
  return x.kind === "unionError";
}

export function assertNever(x: never): never {
  throw new Error(`internal error: unexpected ${JSON.stringify(x)}`);
}

// ---------------------------------------------------------------------------------------------
// Constructors.

export interface FlagOptions {
  readonly empty?: EmptySet;
  readonly const?: ConstValue;
}

function flags(opts: FlagOptions | undefined): Flags {
  const empty = opts?.empty ?? EMPTY_NONE;
  const value = opts?.const;
  if (value !== undefined && empty !== EMPTY_NONE) {
    throw new Error("internal error: an annotation cannot be both a constant and nullable");
  }
  return { empty, const: value === undefined ? undefined : { value } };
}

export function someImpossible(): SomeImpossible {
  return { kind: "impossible", empty: EMPTY_NONE, const: undefined };
}

/** An int; a constant >= 0 is nonNeg by itself. */
export function someInteger(opts?: FlagOptions & { readonly nonNeg?: boolean }): SomeInt {
  const c = opts?.const;
  const nonNeg = (opts?.nonNeg ?? false) || (typeof c === "number" && c >= 0);
  return { kind: "int", nonNeg, ...flags(opts) };
}

export function someFloat(opts?: FlagOptions & { readonly integerOrNaN?: boolean }): SomeFloat {
  return { kind: "float", integerOrNaN: opts?.integerOrNaN ?? false, ...flags(opts) };
}

/** Whether s is an integer or NaN: an int, or a float that is one (see SomeFloat). */
export function isIntegerOrNaN<P>(s: SomeValue<P>): boolean {
  return s.kind === "int" || (s.kind === "float" && s.integerOrNaN);
}

export function someBool(opts?: FlagOptions): SomeBool {
  return { kind: "bool", ...flags(opts) };
}

export function someChar(opts?: FlagOptions): SomeChar {
  return { kind: "char", ...flags(opts) };
}

export function someString(opts?: FlagOptions): SomeString {
  return { kind: "string", ...flags(opts) };
}

/** Only empty values; with exactly one, it is that constant. */
export function someNone(empty: EmptySet = EMPTY_NULL): SomeNone {
  if (empty === EMPTY_NONE) throw new Error("internal error: kind none needs at least one empty value");
  const value = empty === EMPTY_NULL ? { value: null } : empty === EMPTY_UNDEFINED ? { value: undefined } : undefined;
  return { kind: "none", empty, const: value };
}

export function someInstance<P>(classdef: ClassDef<P>, opts?: FlagOptions): SomeInstance<P> {
  return { kind: "instance", classdef, ...flags(opts) };
}

export function someList<P>(listdef: ListDef<P>, opts?: FlagOptions): SomeList<P> {
  return { kind: "list", listdef, ...flags(opts) };
}

export function someTypedArray(arrayKind: TypedArrayKind, opts?: FlagOptions): SomeTypedArray {
  return { kind: "typedArray", arrayKind, ...flags(opts) };
}

export function someTuple<P = never>(items: readonly SomeValue<P>[], opts?: FlagOptions): SomeTuple<P> {
  return { kind: "tuple", items, ...flags(opts) };
}

export function someMap<P>(dictdef: DictDef<P>, opts?: FlagOptions): SomeMap<P> {
  if (dictdef.dictKind !== "map") throw new Error("internal error: someMap of a Set's DictDef");
  return { kind: "map", dictdef, ...flags(opts) };
}

export function someSet<P>(dictdef: DictDef<P>, opts?: FlagOptions): SomeSet<P> {
  if (dictdef.dictKind !== "set") throw new Error("internal error: someSet of a Map's DictDef");
  return { kind: "set", dictdef, ...flags(opts) };
}

/** Descriptors of one kind; the caller gives the live object as const for a single desc. */
export function somePBC(descs: Iterable<Desc>, opts?: FlagOptions): SomePBC {
  const set = new Set(descs);
  const first = set.values().next();
  if (first.done === true) throw new Error("internal error: a pbc needs at least one descriptor");
  const descKind = first.value.kind;
  for (const d of set) {
    if (d.kind !== descKind) throw new Error(`internal error: pbc mixes ${descKind} and ${d.kind} descriptors`);
  }
  return { kind: "pbc", descKind, descs: set, ...flags(opts) };
}

export function someBuiltin<P = never>(name: string, opts?: FlagOptions & { readonly self?: SomeValue<P> }): SomeBuiltin<P> {
  return { kind: "builtin", name, self: opts?.self, ...flags(opts) };
}

export function someIterator<P = never>(
  container: SomeValue<P>,
  variant: IterVariant,
  yields: SomeValue<P>,
  opts?: FlagOptions,
): SomeIterator<P> {
  return { kind: "iterator", container, variant, yields, ...flags(opts) };
}

/**
 * The annotation of a primitive constant (RPython's immutablevalue, for the values that need
 * no descriptor): safe integers are ints (-0 is a float), one-character strings chars.
 */
export function someConstant(value: number | string | boolean | null | undefined): SomeValue<never> {
  if (value === null) return someNone(EMPTY_NULL);
  if (value === undefined) return someNone(EMPTY_UNDEFINED);
  switch (typeof value) {
    case "number":
      return Number.isSafeInteger(value) && !Object.is(value, -0)
        ? someInteger({ const: value })
        : someFloat({ const: value });
    case "string":
      return value.length === 1 ? someChar({ const: value }) : someString({ const: value });
    case "boolean":
      return someBool({ const: value });
    default:
      return assertNever(value);
  }
}

/** The item annotation of a typed array kind. */
export function typedArrayItem(arrayKind: TypedArrayKind): SomeInt | SomeFloat {
  switch (arrayKind) {
    case "Uint8Array":
    case "Uint16Array":
    case "Uint32Array":
      return someInteger({ nonNeg: true });
    case "Int8Array":
    case "Int16Array":
    case "Int32Array":
      return someInteger();
    case "Float32Array":
    case "Float64Array":
      return someFloat();
    default:
      return assertNever(arrayKind);
  }
}

// ---------------------------------------------------------------------------------------------
// Queries and the nullable/const operations.

export function isImpossible<P>(s: SomeValue<P>): s is SomeImpossible {
  return s.kind === "impossible";
}

export function isConstant<P>(s: SomeValue<P>): boolean {
  return s.const !== undefined;
}

/** The same annotation without its empty values: what `x` is after `x !== null && x !== undefined`. */
export function nonNull<P>(s: SomeValue<P>): SomeValue<P> {
  if (s.kind === "none") return someImpossible();
  if (s.empty === EMPTY_NONE) return s;
  return { ...s, empty: EMPTY_NONE };
}

/** The same annotation that may also be the given empty values; a constant stops being one. */
export function nullable<P>(s: SomeValue<P>, empty: EmptySet): SomeValue<P> {
  if (empty === EMPTY_NONE) return s;
  if (s.kind === "impossible") return someNone(empty);
  const all = emptyUnion(s.empty, empty);
  if (all === s.empty) return s;
  return withFlags(s, all, undefined);
}

/** `s` with the given flags; kind none derives its const from its empty set. */
function withFlags<P>(s: SomeValue<P>, empty: EmptySet, c: Const | undefined): SomeValue<P> {
  if (s.kind === "none") return s.empty === empty ? s : someNone(empty);
  if (s.empty === empty && sameConst(s.const, c)) return s;
  return { ...s, empty, const: c };
}

function sameConst(a: Const | undefined, b: Const | undefined): boolean {
  return a === undefined || b === undefined ? a === b : Object.is(a.value, b.value);
}

// ---------------------------------------------------------------------------------------------
// Union.

function typeError(a: SomeValue<unknown>, b: SomeValue<unknown>): UnionError {
  return { kind: "unionError", message: `${describe(a)} and ${describe(b)} are different types` };
}

/** An error inside a container, named with the containers' texts taken before any merge. */
function nestedError(aText: string, bText: string, what: string, inner: UnionError): UnionError {
  return { kind: "unionError", message: `${aText} and ${bText} have incompatible ${what}: ${inner.message}` };
}

/** Prefixes an error with its context, e.g. the attribute whose values did not unite. */
export function unionErrorIn(context: string, inner: UnionError): UnionError {
  return { kind: "unionError", message: `${context}: ${inner.message}` };
}

/** The unions between two different kinds that are not errors (keyed "from|to", both orders). */
const CROSS_KIND_UNIONS: Readonly<Partial<Record<`${Kind}|${Kind}`, (a: SomeValue<unknown>, b: SomeValue<unknown>) => SomeFloat | SomeString>>> =
  Object.freeze({
    // An int joins an integer-or-NaN float and stays one.
    "int|float": (_a, b) => someFloat({ integerOrNaN: isIntegerOrNaN(b) }),
    "float|int": (a) => someFloat({ integerOrNaN: isIntegerOrNaN(a) }),
    "char|string": () => someString(),
    "string|char": () => someString(),
  });

/** `b`, known to have the kind of `a` (the caller compared them), typed as such. */
function sameKind<P, S extends SomeValue<P>>(_a: S, b: SomeValue<P>): S {
  return b as S;
}

/**
 * The least annotation containing both, or a UnionError naming both types. Merges the ListDefs
 * and DictDefs of containers found on both sides, reflowing their readers through `reflow`.
 */
export function union<P>(a: SomeValue<P>, b: SomeValue<P>, reflow: Reflow<P>): SomeValue<P> | UnionError {
  if (a === b || b.kind === "impossible") return a;
  if (a.kind === "impossible") return b;
  const empty = emptyUnion(a.empty, b.empty);
  const c = a.const !== undefined && sameConst(a.const, b.const) ? a.const : undefined;
  if (a.kind === "none") return withFlags(b, empty, c);
  if (b.kind === "none") return withFlags(a, empty, c);
  const core =
    a.kind === b.kind ? unionSameKind(a, b, reflow) : (CROSS_KIND_UNIONS[`${a.kind}|${b.kind}`]?.(a, b) ?? typeError(a, b));
  return core.kind === "unionError" ? core : withFlags(core, empty, c);
}

/** The union of two non-empty annotations of the same kind, before flags. */
function unionSameKind<P>(a: SomeValue<P>, bAny: SomeValue<P>, reflow: Reflow<P>): SomeValue<P> | UnionError {
  switch (a.kind) {
    case "impossible":
    case "none":
    case "bool":
    case "char":
    case "string":
      return a;
    case "float": {
      const b = sameKind(a, bAny);
      return a.integerOrNaN === b.integerOrNaN ? a : someFloat();
    }
    case "int": {
      const b = sameKind(a, bAny);
      return a.nonNeg === b.nonNeg ? a : someInteger({ nonNeg: false });
    }
    case "instance": {
      const b = sameKind(a, bAny);
      if (a.classdef === b.classdef) return a;
      const base = commonBase(a.classdef, b.classdef);
      if (base === null) {
        return { kind: "unionError", message: `${a.classdef.name} and ${b.classdef.name} have no common base class` };
      }
      return someInstance(base);
    }
    case "list": {
      const b = sameKind(a, bAny);
      if (a.listdef.sameAs(b.listdef)) return a;
      const [aText, bText] = [describe(a), describe(b)];
      const err = a.listdef.merge(b.listdef, reflow);
      return err === undefined ? a : nestedError(aText, bText, "items", err);
    }
    case "typedArray": {
      const b = sameKind(a, bAny);
      return a.arrayKind === b.arrayKind ? a : typeError(a, b);
    }
    case "tuple": {
      const b = sameKind(a, bAny);
      if (a.items.length !== b.items.length) {
        return { kind: "unionError", message: `${describe(a)} and ${describe(b)} have different lengths` };
      }
      const items: SomeValue<P>[] = [];
      for (let i = 0; i < a.items.length; i++) {
        const item = union(a.items[i]!, b.items[i]!, reflow);
        if (item.kind === "unionError") return nestedError(describe(a), describe(b), `items at index ${i}`, item);
        items.push(item);
      }
      return items.every((item, i) => item === a.items[i]) ? a : someTuple(items);
    }
    case "map":
    case "set": {
      const b = sameKind(a, bAny);
      if (a.dictdef.sameAs(b.dictdef)) return a;
      const [aText, bText] = [describe(a), describe(b)];
      const keyErr = a.dictdef.mergeKeys(b.dictdef, reflow);
      if (keyErr !== undefined) return nestedError(aText, bText, "keys", keyErr);
      const valueErr = a.dictdef.mergeValues(b.dictdef, reflow);
      return valueErr === undefined ? a : nestedError(aText, bText, "values", valueErr);
    }
    case "pbc": {
      const b = sameKind(a, bAny);
      if (a.descKind !== b.descKind) return typeError(a, b);
      if ([...b.descs].every((d) => a.descs.has(d))) return a;
      return somePBC([...a.descs, ...b.descs]);
    }
    case "builtin": {
      const b = sameKind(a, bAny);
      if (a.name !== b.name || (a.self === undefined) !== (b.self === undefined)) return typeError(a, b);
      if (a.self === undefined || b.self === undefined) return a;
      const self = union(a.self, b.self, reflow);
      if (self.kind === "unionError") return nestedError(describe(a), describe(b), "receivers", self);
      return self === a.self ? a : someBuiltin(a.name, { self });
    }
    case "iterator": {
      const b = sameKind(a, bAny);
      if (a.variant !== b.variant) {
        return {
          kind: "unionError",
          message: `${describe(a)} over ${a.variant} and ${describe(b)} over ${b.variant} are different iterators`,
        };
      }
      const container = union(a.container, b.container, reflow);
      if (container.kind === "unionError") return nestedError(describe(a), describe(b), "containers", container);
      const yields = union(a.yields, b.yields, reflow);
      if (yields.kind === "unionError") return nestedError(describe(a), describe(b), "items", yields);
      return container === a.container && yields === a.yields ? a : someIterator(container, a.variant, yields);
    }
    default:
      return assertNever(a);
  }
}

/** The union of all the values (impossible for none); stops at the first error. */
export function unionAll<P>(values: Iterable<SomeValue<P>>, reflow: Reflow<P>): SomeValue<P> | UnionError {
  let result: SomeValue<P> = someImpossible();
  for (const s of values) {
    const u: SomeValue<P> | UnionError = union(result, s, reflow);
    if (u.kind === "unionError") return u;
    result = u;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Order and equality, without side effects.

/** a ⊒ b: every value of b is a value of a (so union(a, b) would equal a). */
export function contains<P>(a: SomeValue<P>, b: SomeValue<P>): boolean {
  if (a === b || b.kind === "impossible") return true;
  if (a.kind === "impossible") return false;
  if ((b.empty & ~a.empty) !== 0) return false;
  if (a.const !== undefined && !sameConst(a.const, b.const)) return false;
  if (b.kind === "none") return true;
  if (a.kind === "none") return false;
  if (a.kind !== b.kind) {
    const joined = CROSS_KIND_UNIONS[`${b.kind}|${a.kind}`]?.(b, a);
    if (joined?.kind !== a.kind) return false;
    return joined.kind !== "float" || a.kind !== "float" || !a.integerOrNaN || joined.integerOrNaN;
  }
  switch (a.kind) {
    case "float":
      return !a.integerOrNaN || sameKind(a, b).integerOrNaN;
    case "bool":
    case "char":
    case "string":
      return true;
    case "int":
      return !a.nonNeg || sameKind(a, b).nonNeg;
    case "instance":
      return isSubclass(sameKind(a, b).classdef, a.classdef);
    case "list":
      return a.listdef.sameAs(sameKind(a, b).listdef);
    case "typedArray":
      return a.arrayKind === sameKind(a, b).arrayKind;
    case "tuple": {
      const bt = sameKind(a, b);
      return a.items.length === bt.items.length && a.items.every((item, i) => contains(item, bt.items[i]!));
    }
    case "map":
    case "set":
      return a.dictdef.sameAs(sameKind(a, b).dictdef);
    case "pbc": {
      const bp = sameKind(a, b);
      return a.descKind === bp.descKind && [...bp.descs].every((d) => a.descs.has(d));
    }
    case "builtin": {
      const bb = sameKind(a, b);
      if (a.name !== bb.name) return false;
      if (a.self === undefined || bb.self === undefined) return a.self === bb.self;
      return contains(a.self, bb.self);
    }
    case "iterator": {
      const bi = sameKind(a, b);
      return a.variant === bi.variant && contains(a.container, bi.container) && contains(a.yields, bi.yields);
    }
    default:
      return assertNever(a);
  }
}

/** The same annotation: what a cell compares to decide whether its readers must reflow. */
export function equal<P>(a: SomeValue<P>, b: SomeValue<P>): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.empty !== b.empty || !sameConst(a.const, b.const)) return false;
  switch (a.kind) {
    case "impossible":
    case "none":
    case "bool":
    case "char":
    case "string":
      return true;
    case "float":
      return a.integerOrNaN === sameKind(a, b).integerOrNaN;
    case "int":
      return a.nonNeg === sameKind(a, b).nonNeg;
    case "instance":
      return a.classdef === sameKind(a, b).classdef;
    case "list":
      return a.listdef.sameAs(sameKind(a, b).listdef);
    case "typedArray":
      return a.arrayKind === sameKind(a, b).arrayKind;
    case "tuple": {
      const bt = sameKind(a, b);
      return a.items.length === bt.items.length && a.items.every((item, i) => equal(item, bt.items[i]!));
    }
    case "map":
    case "set":
      return a.dictdef.sameAs(sameKind(a, b).dictdef);
    case "pbc": {
      const bp = sameKind(a, b);
      return a.descs.size === bp.descs.size && [...bp.descs].every((d) => a.descs.has(d));
    }
    case "builtin": {
      const bb = sameKind(a, b);
      if (a.name !== bb.name) return false;
      if (a.self === undefined || bb.self === undefined) return a.self === bb.self;
      return equal(a.self, bb.self);
    }
    case "iterator": {
      const bi = sameKind(a, b);
      return a.variant === bi.variant && equal(a.container, bi.container) && equal(a.yields, bi.yields);
    }
    default:
      return assertNever(a);
  }
}

// ---------------------------------------------------------------------------------------------
// Text.

/** TypeScript-like text: `int`, `string | null`, `Foo`, `(int | undefined)[]`, `Map<string, int>`. */
export function describe<P>(s: SomeValue<P>): string {
  return describeIn(s, new Set());
}

/** `seen` holds the cells being described, so that a list containing itself prints `...[]`. */
function describeIn<P>(s: SomeValue<P>, seen: Set<object>): string {
  const core = describeCore(s, seen);
  if (s.kind === "none") return core;
  return core + ((s.empty & EMPTY_NULL) !== 0 ? " | null" : "") + ((s.empty & EMPTY_UNDEFINED) !== 0 ? " | undefined" : "");
}

/** Whether the text of `s` is a top-level union that needs parentheses inside `T[]` or `T.m`. */
function isUnionText<P>(s: SomeValue<P>): boolean {
  if (s.kind === "none") return s.empty === EMPTY_BOTH;
  return s.empty !== EMPTY_NONE || (s.kind === "pbc" && s.descs.size > 1);
}

function describeInner<P>(s: SomeValue<P>, seen: Set<object>): string {
  const text = describeIn(s, seen);
  return isUnionText(s) ? `(${text})` : text;
}

function describeCell<P>(cell: object, value: SomeValue<P>, seen: Set<object>, inner: boolean): string {
  if (seen.has(cell)) return "...";
  seen.add(cell);
  const text = inner ? describeInner(value, seen) : describeIn(value, seen);
  seen.delete(cell);
  return text;
}

function iteratorName<P>(container: SomeValue<P>): string {
  switch (container.kind) {
    case "list":
    case "typedArray":
    case "tuple":
      return "ArrayIterator";
    case "string":
    case "char":
      return "StringIterator";
    case "map":
      return "MapIterator";
    case "set":
      return "SetIterator";
    default:
      return "Iterator";
  }
}

function describeCore<P>(s: SomeValue<P>, seen: Set<object>): string {
  switch (s.kind) {
    case "impossible":
      return "never";
    case "int":
    case "float":
    case "bool":
    case "char":
    case "string":
      return s.kind;
    case "none":
      return s.empty === EMPTY_NULL ? "null" : s.empty === EMPTY_UNDEFINED ? "undefined" : "null | undefined";
    case "instance":
      return s.classdef.name;
    case "list":
      // A list met again inside its own item type is that whole type again: `...`.
      if (seen.has(s.listdef.cell)) return "...";
      return `${describeCell(s.listdef.cell, s.listdef.item, seen, true)}[]`;
    case "typedArray":
      return s.arrayKind;
    case "tuple":
      return `[${s.items.map((item) => describeIn(item, seen)).join(", ")}]`;
    case "map": {
      if (seen.has(s.dictdef.keyCell) || seen.has(s.dictdef.valueCell)) return "...";
      const key = describeCell(s.dictdef.keyCell, s.dictdef.key, seen, false);
      return `Map<${key}, ${describeCell(s.dictdef.valueCell, s.dictdef.value, seen, false)}>`;
    }
    case "set":
      if (seen.has(s.dictdef.keyCell)) return "...";
      return `Set<${describeCell(s.dictdef.keyCell, s.dictdef.key, seen, false)}>`;
    case "pbc":
      return [...s.descs].map((d) => `${d.kind} ${d.name}`).join(" | ");
    case "builtin":
      return s.self === undefined ? s.name : `${describeInner(s.self, seen)}.${s.name}`;
    case "iterator":
      return `${iteratorName(s.container)}<${describeIn(s.yields, seen)}>`;
    default:
      return assertNever(s);
  }
}
