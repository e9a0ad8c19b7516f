/**
 * ClassDef: what the annotator knows about one class (RPython's classdesc.py ClassDef): its
 * place in the single-inheritance hierarchy and its attributes (fields and methods seen on
 * instances), each a shared cell with the places that read it.
 *
 * Inputs: classes as the caller discovers them (name, base, descriptor); attribute writes and
 * reads with their reading places `P`; a `Reflow<P>` for each generalisation.
 * Outputs: the hierarchy queries (`isSubclass`, `commonBase`, `mro`, `allSubclasses`) and the
 * attribute cells (`lookupAttr`, `generalizeAttr`, `readAttr`).
 *
 * Invariant (RPython's invariant (I)): an attribute lives on the most general class that
 * defines it, so along any chain of bases an attribute name is held by at most one ClassDef.
 * A write or read through a class whose base holds the attribute goes to the base; a write or
 * read through a class whose subclasses hold it moves them up into that class. Roots
 * (base null) have no common base: the implicit root of all classes holds nothing.
 */

import { equal, kindDiffers, someImpossible, union, unionErrorIn } from "./model.js";
import type { Desc, Reflow, SomeValue, UnionError } from "./model.js";
import type { SourcePos } from "../frontend/model.js";

/** One attribute cell: its value on every instance of the owning class and its subclasses. */
export interface Attribute<P> {
  readonly name: string;
  value: SomeValue<P>;
  readonly readers: Set<P>;
  /**
   * Where the field is first set other than while its object is made (not on `this` in a
   * constructor): undefined for a field the JIT may take as immutable (fields.ts).
   */
  writtenAfterConstruction?: SourcePos;
}

export interface ClassDefOptions<P> {
  readonly name: string;
  readonly base?: ClassDef<P> | null;
  /** Error, RangeError, TypeError, ...: classes of the runtime that user classes may extend. */
  readonly builtin?: boolean;
  /** The class descriptor it came from; null for builtin classes that have none. */
  readonly desc?: Desc | null;
}

export class ClassDef<P> {
  readonly name: string;
  readonly base: ClassDef<P> | null;
  readonly builtin: boolean;
  readonly desc: Desc | null;
  readonly attrs = new Map<string, Attribute<P>>();
  readonly #subclasses: ClassDef<P>[] = [];
  /**
   * An instance of exactly this class exists: made by `new` in annotated code or at import time
   * (bookkeeper.markInstantiated). Reads of fields of a class none of whose classes below has
   * instances are dead code (rules-access.ts instanceField).
   */
  instantiated = false;

  constructor(opts: ClassDefOptions<P>) {
    this.name = opts.name;
    this.base = opts.base ?? null;
    this.builtin = opts.builtin ?? false;
    this.desc = opts.desc ?? null;
    if (this.base !== null) this.base.#subclasses.push(this);
  }

  /** The direct subclasses, in order of creation. */
  get subclasses(): readonly ClassDef<P>[] {
    return this.#subclasses;
  }
}

/** The class and its bases, most derived first. */
export function* mro<P>(classdef: ClassDef<P>): Generator<ClassDef<P>> {
  for (let c: ClassDef<P> | null = classdef; c !== null; c = c.base) yield c;
}

/** The class and all its subclasses, depth first. */
export function* allSubclasses<P>(classdef: ClassDef<P>): Generator<ClassDef<P>> {
  yield classdef;
  for (const sub of classdef.subclasses) yield* allSubclasses(sub);
}

/** Whether `a` is `b` or derives from it. */
export function isSubclass<P>(a: ClassDef<P>, b: ClassDef<P>): boolean {
  for (const c of mro(a)) if (c === b) return true;
  return false;
}

/** The nearest class both derive from (possibly one of them), or null. */
export function commonBase<P>(a: ClassDef<P>, b: ClassDef<P>): ClassDef<P> | null {
  const bases = new Set(mro(a));
  for (const c of mro(b)) if (bases.has(c)) return c;
  return null;
}

/** The class holding the attribute, searching `classdef` and its bases. */
export function lookupAttr<P>(
  classdef: ClassDef<P>,
  name: string,
): { readonly owner: ClassDef<P>; readonly attr: Attribute<P> } | undefined {
  for (const owner of mro(classdef)) {
    const attr = owner.attrs.get(name);
    if (attr !== undefined) return { owner, attr };
  }
  return undefined;
}

/**
 * Makes attribute `name` of the instances of `classdef` at least `s` (impossible just makes
 * sure it exists). The value goes to the base that holds the attribute; if none does, it goes
 * to `classdef`, and the attributes of its subclasses move up into it (values unioned, readers
 * merged and all reflowed). Readers are reflowed whenever the value becomes more general.
 * On a UnionError nothing has moved.
 */
export function generalizeAttr<P>(
  classdef: ClassDef<P>,
  name: string,
  s: SomeValue<P>,
  reflow: Reflow<P>,
): Attribute<P> | UnionError {
  const owner = lookupAttr(classdef, name)?.owner ?? classdef;
  const existing = owner.attrs.get(name);
  // By invariant (I), subclasses can hold the attribute only when no base of classdef did.
  const below: [ClassDef<P>, Attribute<P>][] = [];
  for (const sub of allSubclasses(owner)) {
    const attr = sub === owner ? undefined : sub.attrs.get(name);
    if (attr !== undefined) below.push([sub, attr]);
  }
  let value: SomeValue<P> = existing?.value ?? someImpossible();
  for (const v of [...below.map(([, attr]) => attr.value), s]) {
    const u = union(value, v, reflow);
    if (u.kind === "unionError") return unionErrorIn(`field ${owner.name}.${name} is given values of different types`, u);
    value = u;
  }
  if (below.length === 0 && existing !== undefined) {
    if (!equal(value, existing.value)) {
      if (kindDiffers(existing.value, value)) reflow.kindChanged?.(existing, s);
      existing.value = value;
      for (const place of [...existing.readers]) reflow.reflow(place);
    }
    return existing;
  }
  const attr: Attribute<P> = existing ?? { name, value: someImpossible(), readers: new Set() };
  if (kindDiffers(attr.value, value)) reflow.kindChanged?.(attr, s);
  attr.value = value;
  for (const [sub, moved] of below) {
    sub.attrs.delete(name);
    for (const place of moved.readers) attr.readers.add(place);
    attr.writtenAfterConstruction ??= moved.writtenAfterConstruction;
  }
  owner.attrs.set(name, attr);
  // The readers of the moved attributes now read the merged cell: reflow them all.
  for (const place of [...attr.readers]) reflow.reflow(place);
  return attr;
}

function isUnionErrorNotAttr<P>(x: Attribute<P> | UnionError): x is UnionError {
  return "kind" in x;
}

/**
 * The value of attribute `name` read at `place` on an instance of `classdef`, registering the
 * reader. An attribute nobody has written yet is created, impossible, where it is read (moving
 * up the subclasses' attributes, which can fail as in `generalizeAttr`).
 */
export function readAttr<P>(
  classdef: ClassDef<P>,
  name: string,
  place: P,
  reflow: Reflow<P>,
): SomeValue<P> | UnionError {
  const attr = lookupAttr(classdef, name)?.attr ?? generalizeAttr(classdef, name, someImpossible(), reflow);
  if (isUnionErrorNotAttr(attr)) return attr;
  attr.readers.add(place);
  return attr.value;
}
