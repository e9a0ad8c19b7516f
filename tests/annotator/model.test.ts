// The union rules, contains(), nullable/const handling and describe() of the annotation lattice.

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
  isConstant,
  isImpossible,
  nonNull,
  nullable,
  someBool,
  someBuiltin,
  someChar,
  someConstant,
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
  typedArrayItem,
  union,
  unionAll,
} from "../../src/annotator/model.ts";
import type { Desc, SomeValue } from "../../src/annotator/model.ts";
import { RecordingReflow } from "./reflow-stub.ts";

type S = SomeValue<string>;

/** The union, failing the test on a UnionError. */
function join(a: S, b: S, reflow = new RecordingReflow()): S {
  const u = union(a, b, reflow);
  if (u.kind === "unionError") throw new Error(`unexpected union error: ${u.message}`);
  return u;
}

/** The UnionError's message, failing the test on success. */
function unionMessage(a: S, b: S): string {
  const u = union(a, b, new RecordingReflow());
  if (u.kind !== "unionError") throw new Error(`expected a union error, got ${describe(u)}`);
  return u.message;
}

const fn = (name: string): Desc => ({ kind: "function", name });
const cls = (name: string): Desc => ({ kind: "class", name });
const frozen = (name: string): Desc => ({ kind: "frozen", name });

function hierarchy() {
  const base = new ClassDef<string>({ name: "Base" });
  const sub1 = new ClassDef<string>({ name: "Sub1", base });
  const sub2 = new ClassDef<string>({ name: "Sub2", base });
  const subsub = new ClassDef<string>({ name: "SubSub", base: sub1 });
  const other = new ClassDef<string>({ name: "Other" });
  return { base, sub1, sub2, subsub, other };
}

group("constructors", () => {
  it("derives nonNeg from a constant", () => {
    expect(someInteger({ const: 5 }).nonNeg).toBe(true);
    expect(someInteger({ const: 0 }).nonNeg).toBe(true);
    expect(someInteger({ const: -1 }).nonNeg).toBe(false);
    expect(someInteger().nonNeg).toBe(false);
    expect(someInteger({ nonNeg: true }).nonNeg).toBe(true);
  });

  it("gives kind none the constant of its single empty value", () => {
    expect(someNone(EMPTY_NULL).const).toEqual({ value: null });
    expect(someNone(EMPTY_UNDEFINED).const).toEqual({ value: undefined });
    expect(someNone(EMPTY_UNDEFINED).const).not.toBeUndefined();
    expect(someNone(EMPTY_BOTH).const).toBeUndefined();
  });

  it("rejects a nullable constant, an empty none, an empty or mixed pbc", () => {
    expect(() => someString({ const: "a", empty: EMPTY_NULL })).toThrow("both a constant and nullable");
    expect(() => someNone(0)).toThrow("at least one empty value");
    expect(() => somePBC([])).toThrow("at least one descriptor");
    expect(() => somePBC([fn("f"), cls("C")])).toThrow("pbc mixes function and class");
  });

  it("rejects a Map annotation on a Set's DictDef and the reverse", () => {
    expect(() => someMap(new DictDef<string>("set"))).toThrow("someMap of a Set's DictDef");
    expect(() => someSet(new DictDef<string>("map"))).toThrow("someSet of a Map's DictDef");
  });

  it("annotates primitive constants", () => {
    expect(someConstant(3)).toEqual(someInteger({ const: 3 }));
    expect(someConstant(-3)).toEqual(someInteger({ const: -3 }));
    expect(someConstant(1.5)).toEqual(someFloat({ const: 1.5 }));
    expect(someConstant(-0)).toEqual(someFloat({ const: -0 }));
    expect(someConstant(2 ** 60)).toEqual(someFloat({ const: 2 ** 60 }));
    expect(someConstant("x")).toEqual(someChar({ const: "x" }));
    expect(someConstant("")).toEqual(someString({ const: "" }));
    expect(someConstant("xy")).toEqual(someString({ const: "xy" }));
    expect(someConstant(true)).toEqual(someBool({ const: true }));
    expect(someConstant(null)).toEqual(someNone(EMPTY_NULL));
    expect(someConstant(undefined)).toEqual(someNone(EMPTY_UNDEFINED));
  });

  it("gives the items of typed arrays", () => {
    expect(typedArrayItem("Uint8Array")).toEqual(someInteger({ nonNeg: true }));
    expect(typedArrayItem("Int32Array")).toEqual(someInteger());
    expect(typedArrayItem("Float64Array")).toEqual(someFloat());
  });
});

group("union of scalars", () => {
  it("impossible is the identity", () => {
    const s = someString();
    expect(join(someImpossible(), s)).toBe(s);
    expect(join(s, someImpossible())).toBe(s);
    expect(join(someImpossible(), someImpossible())).toEqual(someImpossible());
  });

  it("none makes the other side nullable", () => {
    expect(join(someNone(EMPTY_NULL), someString())).toEqual(someString({ empty: EMPTY_NULL }));
    expect(join(someString(), someNone(EMPTY_UNDEFINED))).toEqual(someString({ empty: EMPTY_UNDEFINED }));
    expect(join(someNone(EMPTY_NULL), someInteger({ empty: EMPTY_UNDEFINED }))).toEqual(
      someInteger({ empty: EMPTY_BOTH }),
    );
    expect(join(someNone(EMPTY_NULL), someNone(EMPTY_UNDEFINED))).toEqual(someNone(EMPTY_BOTH));
    expect(join(someNone(EMPTY_NULL), someNone(EMPTY_NULL))).toEqual(someNone(EMPTY_NULL));
  });

  it("int with int keeps nonNeg only when both are", () => {
    expect(join(someInteger({ nonNeg: true }), someInteger({ nonNeg: true }))).toEqual(someInteger({ nonNeg: true }));
    expect(join(someInteger({ nonNeg: true }), someInteger())).toEqual(someInteger());
    expect(join(someInteger(), someInteger({ nonNeg: true }))).toEqual(someInteger());
  });

  it("int and float give float, char and string give string", () => {
    expect(join(someInteger({ nonNeg: true }), someFloat())).toEqual(someFloat());
    expect(join(someFloat(), someInteger())).toEqual(someFloat());
    expect(join(someInteger({ empty: EMPTY_NULL }), someFloat())).toEqual(someFloat({ empty: EMPTY_NULL }));
    expect(join(someChar(), someString())).toEqual(someString());
    expect(join(someString({ empty: EMPTY_UNDEFINED }), someChar())).toEqual(someString({ empty: EMPTY_UNDEFINED }));
    expect(join(someChar(), someChar())).toEqual(someChar());
    expect(join(someBool(), someBool())).toEqual(someBool());
  });

  it("keeps JavaScript's types apart", () => {
    expect(unionMessage(someBool(), someInteger())).toBe("bool and int are different types");
    expect(unionMessage(someInteger(), someBool())).toBe("int and bool are different types");
    expect(unionMessage(someString(), someInteger())).toBe("string and int are different types");
    expect(unionMessage(someChar(), someFloat())).toBe("char and float are different types");
    expect(unionMessage(someBool(), someString())).toBe("bool and string are different types");
    expect(unionMessage(someString({ empty: EMPTY_NULL }), someInteger({ empty: EMPTY_UNDEFINED }))).toBe(
      "string | null and int | undefined are different types",
    );
  });
});

group("constants in unions", () => {
  it("keeps a constant both sides share", () => {
    expect(join(someInteger({ const: 1 }), someInteger({ const: 1 }))).toEqual(someInteger({ const: 1 }));
    expect(join(someString({ const: "ab" }), someString({ const: "ab" }))).toEqual(someString({ const: "ab" }));
    expect(join(someInteger({ const: 1 }), someFloat({ const: 1 }))).toEqual(someFloat({ const: 1 }));
    expect(join(someChar({ const: "a" }), someString({ const: "a" }))).toEqual(someString({ const: "a" }));
  });

  it("drops different constants without an error", () => {
    expect(join(someInteger({ const: 1 }), someInteger({ const: 2 }))).toEqual(someInteger({ nonNeg: true }));
    expect(join(someInteger({ const: -1 }), someInteger({ const: 2 }))).toEqual(someInteger());
    expect(join(someBool({ const: true }), someBool({ const: false }))).toEqual(someBool());
    expect(join(someInteger({ const: 0 }), someFloat({ const: -0 }))).toEqual(someFloat());
    expect(join(someInteger({ const: 1 }), someInteger())).toEqual(someInteger());
    expect(join(someInteger(), someInteger({ const: 1 }))).toEqual(someInteger());
  });

  it("a constant that becomes nullable is no longer a constant", () => {
    expect(join(someString({ const: "a" }), someNone(EMPTY_NULL))).toEqual(someString({ empty: EMPTY_NULL }));
    expect(join(someNone(EMPTY_UNDEFINED), someInteger({ const: 7 }))).toEqual(
      someInteger({ nonNeg: true, empty: EMPTY_UNDEFINED }),
    );
    expect(nullable(someInteger({ const: 7 }), EMPTY_NULL)).toEqual(someInteger({ nonNeg: true, empty: EMPTY_NULL }));
  });

  it("compares live constants by identity", () => {
    const c = new ClassDef<string>({ name: "Foo" });
    const obj = {};
    expect(join(someInstance(c, { const: obj }), someInstance(c, { const: obj }))).toEqual(
      someInstance(c, { const: obj }),
    );
    expect(join(someInstance(c, { const: obj }), someInstance(c, { const: {} }))).toEqual(someInstance(c));
  });
});

group("union of instances", () => {
  it("goes to the nearest common base", () => {
    const { base, sub1, sub2, subsub } = hierarchy();
    expect(join(someInstance(sub1), someInstance(sub2))).toEqual(someInstance(base));
    expect(join(someInstance(subsub), someInstance(sub2))).toEqual(someInstance(base));
    expect(join(someInstance(subsub), someInstance(sub1))).toEqual(someInstance(sub1));
    expect(join(someInstance(base), someInstance(subsub))).toEqual(someInstance(base));
    expect(join(someInstance(sub1, { empty: EMPTY_NULL }), someInstance(sub2))).toEqual(
      someInstance(base, { empty: EMPTY_NULL }),
    );
  });

  it("needs a common base other than the implicit root", () => {
    const { sub1, other } = hierarchy();
    expect(unionMessage(someInstance(sub1), someInstance(other))).toBe("Sub1 and Other have no common base class");
    expect(unionMessage(someInstance(other, { empty: EMPTY_NULL }), someInstance(sub1))).toBe(
      "Other and Sub1 have no common base class",
    );
  });

  it("meets user exceptions at a builtin base", () => {
    const error = new ClassDef<string>({ name: "Error", builtin: true });
    const rangeError = new ClassDef<string>({ name: "RangeError", base: error, builtin: true });
    const mine = new ClassDef<string>({ name: "LoxError", base: error });
    expect(join(someInstance(mine), someInstance(rangeError))).toEqual(someInstance(error));
  });

  it("does not mix with other kinds", () => {
    const { base } = hierarchy();
    expect(unionMessage(someInstance(base), someString())).toBe("Base and string are different types");
    expect(unionMessage(someInstance(base), somePBC([cls("Base")]))).toBe("Base and class Base are different types");
  });
});

group("union of containers", () => {
  it("merges lists", () => {
    const reflow = new RecordingReflow();
    const a = new ListDef<string>(someInteger({ nonNeg: true }));
    const b = new ListDef<string>(someFloat());
    a.readItem("ra");
    b.readItem("rb");
    const u = join(someList(a), someList(b), reflow);
    expect(u.kind === "list" && u.listdef.sameAs(a) && u.listdef.sameAs(b)).toBe(true);
    expect(a.item).toEqual(someFloat());
    expect(b.item).toEqual(someFloat());
    expect(reflow.take()).toEqual(["ra"]);
    expect(describe(u)).toBe("float[]");
  });

  it("returns the same list when already merged", () => {
    const a = new ListDef<string>(someInteger());
    const s = someList(a);
    expect(join(s, someList(a))).toBe(s);
  });

  it("names both lists and the items on a merge failure", () => {
    const a = someList(new ListDef<string>(someInteger()));
    const b = someList(new ListDef<string>(someString()));
    expect(unionMessage(a, b)).toBe("int[] and string[] have incompatible items: int and string are different types");
    const nested = someList(new ListDef<string>(someList(new ListDef<string>(someBool()))));
    const nested2 = someList(new ListDef<string>(someList(new ListDef<string>(someChar()))));
    expect(unionMessage(nested, nested2)).toBe(
      "bool[][] and char[][] have incompatible items: bool[] and char[] have incompatible items: " +
        "bool and char are different types",
    );
  });

  it("keeps lists and tuples apart", () => {
    const list = someList(new ListDef<string>(someInteger()));
    const tuple = someTuple([someInteger(), someInteger()]);
    expect(unionMessage(list, tuple)).toBe("int[] and [int, int] are different types");
    expect(unionMessage(tuple, list)).toBe("[int, int] and int[] are different types");
  });

  it("unions tuples item by item", () => {
    expect(
      join(someTuple([someInteger(), someChar()]), someTuple([someFloat(), someNone(EMPTY_NULL)])),
    ).toEqual(someTuple([someFloat(), someChar({ empty: EMPTY_NULL })]));
    const t = someTuple([someInteger()]);
    expect(join(t, someTuple([someInteger()]))).toBe(t);
    expect(unionMessage(someTuple([someInteger()]), someTuple([someInteger(), someInteger()]))).toBe(
      "[int] and [int, int] have different lengths",
    );
    expect(unionMessage(someTuple([someInteger(), someInteger()]), someTuple([someInteger(), someString()]))).toBe(
      "[int, int] and [int, string] have incompatible items at index 1: int and string are different types",
    );
  });

  it("merges maps and sets", () => {
    const reflow = new RecordingReflow();
    const m1 = new DictDef<string>("map", someString(), someInteger());
    const m2 = new DictDef<string>("map", someChar(), someFloat());
    m2.readValue("v2");
    m1.readKey("k1");
    const u = join(someMap(m1), someMap(m2), reflow);
    expect(describe(u)).toBe("Map<string, float>");
    expect(m1.sameAs(m2)).toBe(true);
    expect(reflow.take()).toEqual([]);
    const s1 = new DictDef<string>("set", someInteger({ nonNeg: true }));
    const s2 = new DictDef<string>("set", someInteger());
    s1.readKey("k1");
    expect(describe(join(someSet(s1), someSet(s2), reflow))).toBe("Set<int>");
    expect(reflow.take()).toEqual(["k1"]);
  });

  it("names keys or values on a map merge failure", () => {
    const keys = unionMessage(
      someMap(new DictDef<string>("map", someString(), someInteger())),
      someMap(new DictDef<string>("map", someInteger(), someInteger())),
    );
    expect(keys).toBe(
      "Map<string, int> and Map<int, int> have incompatible keys: string and int are different types",
    );
    const values = unionMessage(
      someMap(new DictDef<string>("map", someString(), someInteger())),
      someMap(new DictDef<string>("map", someString(), someBool())),
    );
    expect(values).toBe(
      "Map<string, int> and Map<string, bool> have incompatible values: int and bool are different types",
    );
    expect(
      unionMessage(someMap(new DictDef<string>("map", someString(), someInteger())), someSet(new DictDef("set", someString()))),
    ).toBe("Map<string, int> and Set<string> are different types");
  });

  it("unions typed arrays of the same kind only", () => {
    expect(join(someTypedArray("Uint8Array"), someTypedArray("Uint8Array"))).toEqual(someTypedArray("Uint8Array"));
    expect(unionMessage(someTypedArray("Uint8Array"), someTypedArray("Int32Array"))).toBe(
      "Uint8Array and Int32Array are different types",
    );
    expect(unionMessage(someTypedArray("Float64Array"), someList(new ListDef<string>(someFloat())))).toBe(
      "Float64Array and float[] are different types",
    );
  });
});

group("union of pbcs, builtins, iterators", () => {
  it("unions descriptor sets of one kind", () => {
    const f = fn("f");
    const g = fn("g");
    const u = join(somePBC([f]), somePBC([g]));
    expect(u.kind === "pbc" && [...u.descs]).toEqual([f, g]);
    expect(describe(u)).toBe("function f | function g");
    const fg = somePBC([f, g]);
    expect(join(fg, somePBC([g]))).toBe(fg);
    expect(describe(join(somePBC([frozen("A")]), somePBC([frozen("B")])))).toBe("frozen A | frozen B");
    expect(describe(join(somePBC([cls("A")]), someNone(EMPTY_NULL)))).toBe("class A | null");
  });

  it("does not mix functions, classes and frozen objects", () => {
    expect(unionMessage(somePBC([fn("f")]), somePBC([cls("C")]))).toBe("function f and class C are different types");
    expect(unionMessage(somePBC([frozen("O")]), somePBC([fn("f"), fn("g")]))).toBe(
      "frozen O and function f | function g are different types",
    );
  });

  it("keeps the constant of a single descriptor", () => {
    const live = () => 1;
    const f = fn("f");
    expect(join(somePBC([f], { const: live }), somePBC([f], { const: live }))).toEqual(somePBC([f], { const: live }));
    expect(isConstant(join(somePBC([f], { const: live }), somePBC([fn("g")], { const: () => 2 })))).toBe(false);
  });

  it("unions a builtin only with itself, receivers unioned", () => {
    const floor = someBuiltin<string>("Math.floor");
    expect(join(floor, someBuiltin("Math.floor"))).toBe(floor);
    expect(unionMessage(floor, someBuiltin("Math.ceil"))).toBe("Math.floor and Math.ceil are different types");
    const bound = join(someBuiltin("charCodeAt", { self: someChar() }), someBuiltin("charCodeAt", { self: someString() }));
    expect(bound).toEqual(someBuiltin("charCodeAt", { self: someString() }));
    expect(unionMessage(someBuiltin("charCodeAt", { self: someString() }), someBuiltin("charCodeAt"))).toBe(
      "string.charCodeAt and charCodeAt are different types",
    );
    expect(
      unionMessage(
        someBuiltin("push", { self: someList(new ListDef<string>(someInteger())) }),
        someBuiltin("push", { self: someList(new ListDef<string>(someString())) }),
      ),
    ).toBe(
      "int[].push and string[].push have incompatible receivers: " +
        "int[] and string[] have incompatible items: int and string are different types",
    );
  });

  it("unions iterators of the same variant", () => {
    const a = someIterator<string>(someChar(), "values", someChar());
    const b = someIterator<string>(someString(), "values", someChar());
    expect(join(a, b)).toEqual(someIterator(someString(), "values", someChar()));
    const m = someMap(new DictDef<string>("map", someString(), someInteger()));
    expect(
      unionMessage(someIterator(m, "keys", someString()), someIterator(m, "values", someInteger())),
    ).toBe("MapIterator<string> over keys and MapIterator<int> over values are different iterators");
    const l1 = someList(new ListDef<string>(someInteger()));
    const l2 = someList(new ListDef<string>(someString()));
    expect(unionMessage(someIterator(l1, "values", someInteger()), someIterator(l2, "values", someString()))).toBe(
      "ArrayIterator<int> and ArrayIterator<string> have incompatible containers: " +
        "int[] and string[] have incompatible items: int and string are different types",
    );
  });

  it("unions many values", () => {
    expect(unionAll([someInteger({ nonNeg: true }), someNone(EMPTY_NULL), someFloat()], new RecordingReflow())).toEqual(
      someFloat({ empty: EMPTY_NULL }),
    );
    expect(unionAll([], new RecordingReflow())).toEqual(someImpossible());
    const e = unionAll([someInteger(), someString(), someFloat()], new RecordingReflow());
    expect(e).toEqual({ kind: "unionError", message: "int and string are different types" });
  });
});

group("contains", () => {
  it("orders scalars", () => {
    expect(contains(someFloat(), someInteger())).toBe(true);
    expect(contains(someInteger(), someFloat())).toBe(false);
    expect(contains(someString(), someChar())).toBe(true);
    expect(contains(someChar(), someString())).toBe(false);
    expect(contains(someInteger(), someInteger({ nonNeg: true }))).toBe(true);
    expect(contains(someInteger({ nonNeg: true }), someInteger())).toBe(false);
    expect(contains(someInteger(), someBool())).toBe(false);
    expect(contains(someBool(), someInteger())).toBe(false);
    expect(contains(someImpossible(), someImpossible())).toBe(true);
    expect(contains(someImpossible(), someInteger())).toBe(false);
    expect(contains(someInteger(), someImpossible())).toBe(true);
  });

  it("checks empty values and constants", () => {
    expect(contains(someString({ empty: EMPTY_NULL }), someNone(EMPTY_NULL))).toBe(true);
    expect(contains(someString({ empty: EMPTY_NULL }), someNone(EMPTY_UNDEFINED))).toBe(false);
    expect(contains(someString({ empty: EMPTY_BOTH }), someString({ empty: EMPTY_UNDEFINED }))).toBe(true);
    expect(contains(someString(), someString({ empty: EMPTY_NULL }))).toBe(false);
    expect(contains(someNone(EMPTY_BOTH), someNone(EMPTY_NULL))).toBe(true);
    expect(contains(someNone(EMPTY_NULL), someString())).toBe(false);
    expect(contains(someInteger(), someInteger({ const: 3 }))).toBe(true);
    expect(contains(someInteger({ const: 3 }), someInteger({ const: 3 }))).toBe(true);
    expect(contains(someInteger({ const: 3 }), someInteger({ const: 4 }))).toBe(false);
    expect(contains(someInteger({ const: 3 }), someInteger({ nonNeg: true }))).toBe(false);
    expect(contains(someFloat({ const: 3 }), someInteger({ const: 3 }))).toBe(true);
  });

  it("orders instances by subclassing", () => {
    const { base, sub1, subsub, sub2 } = hierarchy();
    expect(contains(someInstance(base), someInstance(subsub))).toBe(true);
    expect(contains(someInstance(sub1), someInstance(subsub))).toBe(true);
    expect(contains(someInstance(sub1), someInstance(sub2))).toBe(false);
    expect(contains(someInstance(subsub), someInstance(base))).toBe(false);
    expect(contains(someInstance(base, { empty: EMPTY_NULL }), someNone(EMPTY_NULL))).toBe(true);
  });

  it("compares containers by identity of their cells, without merging", () => {
    const a = new ListDef<string>(someFloat());
    const b = new ListDef<string>(someInteger());
    expect(contains(someList(a), someList(b))).toBe(false);
    expect(a.sameAs(b)).toBe(false);
    expect(contains(someList(a), someList(a))).toBe(true);
    const m1 = new DictDef<string>("map", someString(), someInteger());
    const m2 = new DictDef<string>("map", someString(), someInteger());
    expect(contains(someMap(m1), someMap(m2))).toBe(false);
    expect(m1.sameAs(m2)).toBe(false);
  });

  it("orders tuples, pbcs, builtins, iterators", () => {
    expect(contains(someTuple([someFloat(), someString()]), someTuple([someInteger(), someChar()]))).toBe(true);
    expect(contains(someTuple([someFloat()]), someTuple([someInteger(), someChar()]))).toBe(false);
    const f = fn("f");
    const g = fn("g");
    expect(contains(somePBC([f, g]), somePBC([g]))).toBe(true);
    expect(contains(somePBC([g]), somePBC([f, g]))).toBe(false);
    expect(contains(someBuiltin("m", { self: someString() }), someBuiltin("m", { self: someChar() }))).toBe(true);
    expect(contains(someBuiltin("m", { self: someChar() }), someBuiltin("m", { self: someString() }))).toBe(false);
    expect(contains(someBuiltin("m"), someBuiltin("m", { self: someChar() }))).toBe(false);
    expect(contains(someTypedArray("Int8Array"), someTypedArray("Uint8Array"))).toBe(false);
    expect(
      contains(someIterator<string>(someString(), "values", someChar()), someIterator(someChar(), "values", someChar())),
    ).toBe(true);
    expect(
      contains(someIterator<string>(someString(), "values", someChar()), someIterator(someString(), "keys", someChar())),
    ).toBe(false);
  });
});

group("nonNull and nullable", () => {
  it("removes the empty values", () => {
    expect(nonNull(someString({ empty: EMPTY_BOTH }))).toEqual(someString());
    const s = someInteger();
    expect(nonNull(s)).toBe(s);
    expect(isImpossible(nonNull(someNone(EMPTY_NULL)))).toBe(true);
    expect(nonNull(someImpossible())).toEqual(someImpossible());
    const { base } = hierarchy();
    expect(nonNull(someInstance(base, { empty: EMPTY_UNDEFINED }))).toEqual(someInstance(base));
  });

  it("adds empty values", () => {
    expect(nullable(someString(), EMPTY_NULL)).toEqual(someString({ empty: EMPTY_NULL }));
    expect(nullable(someString({ empty: EMPTY_NULL }), EMPTY_UNDEFINED)).toEqual(someString({ empty: EMPTY_BOTH }));
    expect(nullable(someImpossible(), EMPTY_UNDEFINED)).toEqual(someNone(EMPTY_UNDEFINED));
    expect(nullable(someNone(EMPTY_NULL), EMPTY_UNDEFINED)).toEqual(someNone(EMPTY_BOTH));
    const s = someString({ empty: EMPTY_NULL });
    expect(nullable(s, EMPTY_NULL)).toBe(s);
    expect(nullable(s, 0)).toBe(s);
  });
});

group("equal", () => {
  it("compares kind, flags, constants and contents", () => {
    expect(equal(someInteger(), someInteger())).toBe(true);
    expect(equal(someInteger(), someInteger({ nonNeg: true }))).toBe(false);
    expect(equal(someInteger(), someInteger({ empty: EMPTY_NULL }))).toBe(false);
    expect(equal(someInteger({ const: 1 }), someInteger({ const: 1, nonNeg: true }))).toBe(true);
    expect(equal(someFloat({ const: 0 }), someFloat({ const: -0 }))).toBe(false);
    expect(equal(someFloat({ const: NaN }), someFloat({ const: NaN }))).toBe(true);
    expect(equal(someTuple([someChar()]), someTuple([someChar()]))).toBe(true);
    expect(equal(somePBC([fn("f")]), somePBC([fn("f")]))).toBe(false);
    const f = fn("f");
    expect(equal(somePBC([f]), somePBC([f]))).toBe(true);
  });
});

group("describe", () => {
  it("writes TypeScript-like text", () => {
    const { base } = hierarchy();
    const cases: [S, string][] = [
      [someImpossible(), "never"],
      [someInteger({ nonNeg: true }), "int"],
      [someFloat(), "float"],
      [someBool(), "bool"],
      [someChar(), "char"],
      [someString(), "string"],
      [someNone(EMPTY_NULL), "null"],
      [someNone(EMPTY_UNDEFINED), "undefined"],
      [someNone(EMPTY_BOTH), "null | undefined"],
      [someString({ empty: EMPTY_NULL }), "string | null"],
      [someInteger({ empty: EMPTY_UNDEFINED }), "int | undefined"],
      [someInteger({ empty: EMPTY_BOTH }), "int | null | undefined"],
      [someInstance(base), "Base"],
      [someInstance(base, { empty: EMPTY_NULL }), "Base | null"],
      [someList(new ListDef<string>(someInteger())), "int[]"],
      [someList(new ListDef<string>()), "never[]"],
      [someList(new ListDef<string>(someString({ empty: EMPTY_NULL }))), "(string | null)[]"],
      [someList(new ListDef<string>(someList(new ListDef<string>(someChar())))), "char[][]"],
      [someTuple([someInteger(), someString({ empty: EMPTY_NULL })]), "[int, string | null]"],
      [someTypedArray("Uint8Array"), "Uint8Array"],
      [someMap(new DictDef<string>("map", someString(), someInteger())), "Map<string, int>"],
      [someMap(new DictDef<string>("map", someString(), someInteger({ empty: EMPTY_NULL }))), "Map<string, int | null>"],
      [someSet(new DictDef<string>("set", someString())), "Set<string>"],
      [somePBC([fn("parse")]), "function parse"],
      [somePBC([cls("Foo")]), "class Foo"],
      [somePBC([frozen("OPCODES")]), "frozen OPCODES"],
      [someBuiltin("Math.floor"), "Math.floor"],
      [someBuiltin("charCodeAt", { self: someString() }), "string.charCodeAt"],
      [someBuiltin("push", { self: someList(new ListDef<string>(someInteger())) }), "int[].push"],
      [someIterator<string>(someString(), "values", someChar()), "StringIterator<char>"],
      [someIterator<string>(someSet(new DictDef<string>("set", someInteger())), "values", someInteger()), "SetIterator<int>"],
      [
        someIterator<string>(
          someMap(new DictDef<string>("map", someString(), someInteger())),
          "entries",
          someTuple([someString(), someInteger()]),
        ),
        "MapIterator<[string, int]>",
      ],
      [someIterator<string>(someList(new ListDef<string>(someFloat())), "values", someFloat()), "ArrayIterator<float>"],
      [someIterator<string>(someTypedArray("Int32Array"), "keys", someInteger()), "ArrayIterator<int>"],
    ];
    for (const [s, text] of cases) expect(describe(s)).toBe(text);
  });

  it("parenthesises a union of descriptors inside a list", () => {
    const s = someList(new ListDef<string>(somePBC([fn("f"), fn("g")])));
    expect(describe(s)).toBe("(function f | function g)[]");
  });

  it("does not loop on a list that contains itself", () => {
    const listdef = new ListDef<string>();
    const self = someList(listdef);
    listdef.generalizeItem(self, new RecordingReflow());
    expect(describe(self)).toBe("...[]");
  });
});
