// The lattice laws on a sample of annotations: union is commutative, idempotent and
// associative, an upper bound of both sides, the least one (contains agrees with union), and
// fails symmetrically. Samples are factories, since a union of containers merges their cells.

import { describe as group, expect, it } from "vitest";
import { ClassDef } from "../../src/annotator/classdef.ts";
import { DictDef } from "../../src/annotator/dictdef.ts";
import { ListDef } from "../../src/annotator/listdef.ts";
import {
  EMPTY_BOTH,
  EMPTY_NULL,
  EMPTY_UNDEFINED,
  contains,
  describe,
  equal,
  someBool,
  someBuiltin,
  someChar,
  someFloat,
  someImpossible,
  someInstance,
  someInteger,
  someIterator,
  someList,
  someMap,
  someNone,
  somePBC,
  someSet,
  someString,
  someTuple,
  someTypedArray,
  union,
} from "../../src/annotator/model.ts";
import type { Desc, SomeValue } from "../../src/annotator/model.ts";
import { RecordingReflow } from "./reflow-stub.ts";

type S = SomeValue<string>;

const base = new ClassDef<string>({ name: "Base" });
const sub1 = new ClassDef<string>({ name: "Sub1", base });
const sub2 = new ClassDef<string>({ name: "Sub2", base });
const other = new ClassDef<string>({ name: "Other" });
const f: Desc = { kind: "function", name: "f" };
const g: Desc = { kind: "function", name: "g" };
const c: Desc = { kind: "class", name: "C" };
const live = {};

/** Annotations without containers: union has no side effects on them. */
const scalars: S[] = [
  someImpossible(),
  someNone(EMPTY_NULL),
  someNone(EMPTY_UNDEFINED),
  someNone(EMPTY_BOTH),
  someInteger(),
  someInteger({ nonNeg: true }),
  someInteger({ const: 1 }),
  someInteger({ const: 2 }),
  someInteger({ const: -1 }),
  someInteger({ empty: EMPTY_UNDEFINED }),
  someFloat(),
  someFloat({ const: 1 }),
  someFloat({ empty: EMPTY_NULL }),
  someFloat({ integerOrNaN: true }),
  someFloat({ integerOrNaN: true, empty: EMPTY_UNDEFINED }),
  someBool(),
  someBool({ const: true }),
  someChar(),
  someChar({ const: "a" }),
  someString(),
  someString({ const: "a" }),
  someString({ empty: EMPTY_BOTH }),
  someInstance(base),
  someInstance(sub1),
  someInstance(sub2, { empty: EMPTY_NULL }),
  someInstance(sub1, { const: live }),
  someInstance(other),
  someTypedArray("Uint8Array"),
  someTypedArray("Float64Array", { empty: EMPTY_NULL }),
  someTuple([someInteger(), someChar()]),
  someTuple([someFloat(), someString({ empty: EMPTY_NULL })]),
  someTuple([someInteger()]),
  somePBC([f]),
  somePBC([g]),
  somePBC([f, g], { empty: EMPTY_NULL }),
  somePBC([c]),
  someBuiltin("Math.floor"),
  someBuiltin("charCodeAt", { self: someChar() }),
  someBuiltin("charCodeAt", { self: someString() }),
  someIterator(someString(), "values", someChar()),
  someIterator(someChar(), "values", someChar()),
  someIterator(someString(), "keys", someInteger()),
];

/** Factories of annotations with containers: fresh cells for every law checked. */
const containerFactories: (() => S)[] = [
  () => someList(new ListDef<string>(someInteger())),
  () => someList(new ListDef<string>(someFloat())),
  () => someList(new ListDef<string>(someString())),
  () => someList(new ListDef<string>(someList(new ListDef<string>(someChar())))),
  () => someMap(new DictDef<string>("map", someString(), someInteger())),
  () => someMap(new DictDef<string>("map", someChar(), someFloat({ empty: EMPTY_UNDEFINED }))),
  () => someSet(new DictDef<string>("set", someInteger({ nonNeg: true }))),
  () => someTuple([someList(new ListDef<string>(someInteger())), someInteger()]),
];

const reflow = new RecordingReflow();
const pairs = <T>(xs: readonly T[]): [T, T][] => xs.flatMap((x) => xs.map((y): [T, T] => [x, y]));

group("lattice laws on annotations without containers", () => {
  it("union is idempotent and contains is reflexive", () => {
    for (const a of scalars) {
      const u = union(a, a, reflow);
      expect(u.kind !== "unionError" && equal(u, a), describe(a)).toBe(true);
      expect(contains(a, a), describe(a)).toBe(true);
    }
  });

  it("union is commutative, an upper bound, and fails symmetrically", () => {
    let errors = 0;
    for (const [a, b] of pairs(scalars)) {
      const ab = union(a, b, reflow);
      const ba = union(b, a, reflow);
      const label = `${describe(a)} ⊔ ${describe(b)}`;
      expect(ab.kind === "unionError", label).toBe(ba.kind === "unionError");
      if (ab.kind === "unionError" || ba.kind === "unionError") {
        errors++;
        continue;
      }
      expect(equal(ab, ba), label).toBe(true);
      expect(contains(ab, a) && contains(ab, b), label).toBe(true);
    }
    // The sample must exercise both outcomes.
    expect(errors).toBeGreaterThan(100);
    expect(errors).toBeLessThan(pairs(scalars).length - 100);
  });

  it("contains(a, b) exactly when union(a, b) is a", () => {
    let containing = 0;
    for (const [a, b] of pairs(scalars)) {
      const ab = union(a, b, reflow);
      const isA = ab.kind !== "unionError" && equal(ab, a);
      expect(contains(a, b), `${describe(a)} ⊒ ${describe(b)}`).toBe(isA);
      if (isA) containing++;
    }
    expect(containing).toBeGreaterThan(scalars.length);
  });

  it("union is associative where defined", () => {
    for (const [a, b] of pairs(scalars)) {
      for (const x of scalars) {
        const ab = union(a, b, reflow);
        const bx = union(b, x, reflow);
        if (ab.kind === "unionError" || bx.kind === "unionError") continue;
        const left = union(ab, x, reflow);
        const right = union(a, bx, reflow);
        const label = `${describe(a)} ⊔ ${describe(b)} ⊔ ${describe(x)}`;
        expect(left.kind === "unionError", label).toBe(right.kind === "unionError");
        if (left.kind !== "unionError" && right.kind !== "unionError") expect(equal(left, right), label).toBe(true);
      }
    }
  });

  it("is monotone in the nullable flags", () => {
    for (const a of scalars) {
      const u = union(a, someNone(EMPTY_NULL), reflow);
      if (u.kind === "unionError") throw new Error(u.message);
      expect((u.empty & EMPTY_NULL) !== 0, describe(a)).toBe(true);
      expect(u.empty & a.empty, describe(a)).toBe(a.empty);
    }
  });
});

group("lattice laws on containers", () => {
  it("union is idempotent", () => {
    for (const make of containerFactories) {
      const a = make();
      const u = union(a, a, reflow);
      expect(u.kind !== "unionError" && equal(u, a), describe(a)).toBe(true);
    }
  });

  it("union is commutative and an upper bound, on fresh containers", () => {
    for (const [makeA, makeB] of pairs(containerFactories)) {
      const a = makeA();
      const b = makeB();
      const label = `${describe(a)} ⊔ ${describe(b)}`;
      const ab = union(a, b, reflow);
      const ba = union(b, a, reflow);
      if (ab.kind === "unionError") {
        // Same failure the other way round, on fresh containers (the failed merge left these apart).
        expect(union(makeB(), makeA(), reflow).kind, label).toBe("unionError");
        continue;
      }
      expect(ba.kind !== "unionError" && equal(ab, ba), label).toBe(true);
      expect(contains(ab, a) && contains(ab, b), label).toBe(true);
      // Merged for good: the two sides are now the same annotation (up to flags).
      expect(contains(a, b) && contains(b, a), label).toBe(true);
    }
  });

  it("fresh containers do not contain each other, and contains does not merge them", () => {
    for (const make of containerFactories) {
      const a = make();
      const b = make();
      if (a.kind === "tuple") continue;
      expect(contains(a, b), describe(a)).toBe(false);
      // Asked again: the first call merged nothing.
      expect(contains(a, b), describe(a)).toBe(false);
    }
  });
});

group("integers that may be NaN", () => {
  const intOrNaN = someFloat({ integerOrNaN: true });
  it("stay integers or NaN with ints, and become plain floats with other floats", () => {
    const withInt = union(someInteger({ nonNeg: true }), intOrNaN, reflow);
    expect(withInt.kind === "float" && withInt.integerOrNaN).toBe(true);
    const withFloat = union(intOrNaN, someFloat(), reflow);
    expect(withFloat.kind === "float" && !withFloat.integerOrNaN).toBe(true);
    expect(contains(intOrNaN, someInteger())).toBe(true);
    expect(contains(intOrNaN, someFloat())).toBe(false);
    expect(contains(someFloat(), intOrNaN)).toBe(true);
    expect(equal(intOrNaN, someFloat())).toBe(false);
    expect(describe(intOrNaN)).toBe("float");
  });
});
