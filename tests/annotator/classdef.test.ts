// ClassDef: the hierarchy queries and attributes living on the most general class that has them.

import { describe as group, expect, it } from "vitest";
import {
  ClassDef,
  allSubclasses,
  commonBase,
  generalizeAttr,
  isSubclass,
  lookupAttr,
  mro,
  readAttr,
} from "../../src/annotator/classdef.ts";
import type { Attribute } from "../../src/annotator/classdef.ts";
import {
  EMPTY_NULL,
  someFloat,
  someImpossible,
  someInteger,
  someNone,
  someString,
} from "../../src/annotator/model.ts";
import type { Desc, UnionError } from "../../src/annotator/model.ts";
import { RecordingReflow } from "./reflow-stub.ts";

function hierarchy() {
  const base = new ClassDef<string>({ name: "Base" });
  const sub1 = new ClassDef<string>({ name: "Sub1", base });
  const sub2 = new ClassDef<string>({ name: "Sub2", base });
  const subsub = new ClassDef<string>({ name: "SubSub", base: sub1 });
  const other = new ClassDef<string>({ name: "Other" });
  return { base, sub1, sub2, subsub, other };
}

function attr(x: Attribute<string> | UnionError): Attribute<string> {
  if ("kind" in x) throw new Error(`unexpected union error: ${x.message}`);
  return x;
}

const names = (defs: Iterable<ClassDef<string>>) => [...defs].map((c) => c.name);
const holders = (defs: Iterable<ClassDef<string>>, name: string) =>
  [...defs].filter((c) => c.attrs.has(name)).map((c) => c.name);

group("hierarchy", () => {
  it("records bases, subclasses, descriptor and builtin flag", () => {
    const { base, sub1, sub2, subsub } = hierarchy();
    expect(names(base.subclasses)).toEqual(["Sub1", "Sub2"]);
    expect(names(mro(subsub))).toEqual(["SubSub", "Sub1", "Base"]);
    expect(names(allSubclasses(base))).toEqual(["Base", "Sub1", "SubSub", "Sub2"]);
    expect(sub2.base).toBe(base);
    expect([base.builtin, base.desc]).toEqual([false, null]);
    const desc: Desc = { kind: "class", name: "E" };
    const e = new ClassDef<string>({ name: "Error", builtin: true, desc });
    expect([e.builtin, e.desc]).toEqual([true, desc]);
    expect(sub1.base).toBe(base);
  });

  it("answers isSubclass and commonBase", () => {
    const { base, sub1, sub2, subsub, other } = hierarchy();
    expect(isSubclass(subsub, base)).toBe(true);
    expect(isSubclass(base, base)).toBe(true);
    expect(isSubclass(base, subsub)).toBe(false);
    expect(isSubclass(sub2, sub1)).toBe(false);
    expect(commonBase(subsub, sub2)).toBe(base);
    expect(commonBase(subsub, sub1)).toBe(sub1);
    expect(commonBase(sub1, subsub)).toBe(sub1);
    expect(commonBase(base, base)).toBe(base);
    expect(commonBase(sub1, other)).toBeNull();
  });
});

group("attributes", () => {
  it("creates an attribute where it is first written and generalises it there", () => {
    const reflow = new RecordingReflow();
    const { sub1, subsub, base } = hierarchy();
    const x = attr(generalizeAttr(sub1, "x", someInteger({ nonNeg: true }), reflow));
    expect(x.value).toEqual(someInteger({ nonNeg: true }));
    expect(holders(allSubclasses(base), "x")).toEqual(["Sub1"]);
    expect(readAttr(subsub, "x", "r1", reflow)).toEqual(someInteger({ nonNeg: true }));
    expect([...x.readers]).toEqual(["r1"]);
    expect(reflow.take()).toEqual([]);
    // Written through a subclass: goes to the class that has it.
    expect(attr(generalizeAttr(subsub, "x", someInteger({ const: 4 }), reflow))).toBe(x);
    expect(reflow.take()).toEqual([]);
    expect(attr(generalizeAttr(subsub, "x", someNone(EMPTY_NULL), reflow)).value).toEqual(
      someInteger({ nonNeg: true, empty: EMPTY_NULL }),
    );
    expect(reflow.take()).toEqual(["r1"]);
    expect(holders(allSubclasses(base), "x")).toEqual(["Sub1"]);
    expect(lookupAttr(subsub, "x")).toEqual({ owner: sub1, attr: x });
    expect(lookupAttr(base, "x")).toBeUndefined();
  });

  it("moves the attributes of subclasses up when the base writes it, reflowing all readers", () => {
    const reflow = new RecordingReflow();
    const { base, sub1, sub2, subsub } = hierarchy();
    attr(generalizeAttr(subsub, "x", someInteger({ nonNeg: true }), reflow));
    attr(generalizeAttr(sub2, "x", someInteger({ nonNeg: true }), reflow));
    readAttr(subsub, "x", "r1", reflow);
    readAttr(sub2, "x", "r2", reflow);
    expect(holders(allSubclasses(base), "x")).toEqual(["SubSub", "Sub2"]);
    const x = attr(generalizeAttr(base, "x", someInteger({ nonNeg: true }), reflow));
    expect(holders(allSubclasses(base), "x")).toEqual(["Base"]);
    expect(x.value).toEqual(someInteger({ nonNeg: true }));
    expect([...x.readers].sort()).toEqual(["r1", "r2"]);
    expect(reflow.take()).toEqual(["r1", "r2"]);
    expect(lookupAttr(sub1, "x")?.owner).toBe(base);
  });

  it("moves them up when the base reads it, with the values unioned", () => {
    const reflow = new RecordingReflow();
    const { base, sub1, sub2 } = hierarchy();
    attr(generalizeAttr(sub1, "y", someInteger(), reflow));
    attr(generalizeAttr(sub2, "y", someFloat(), reflow));
    readAttr(sub1, "y", "r1", reflow);
    expect(readAttr(base, "y", "rb", reflow)).toEqual(someFloat());
    expect(reflow.take()).toEqual(["r1"]);
    const y = lookupAttr(sub1, "y");
    expect(y?.owner).toBe(base);
    expect([...y!.attr.readers].sort()).toEqual(["r1", "rb"]);
    expect(holders(allSubclasses(base), "y")).toEqual(["Base"]);
  });

  it("moves subclass attributes into an attribute the base already had", () => {
    const reflow = new RecordingReflow();
    const { base, sub1, subsub } = hierarchy();
    attr(generalizeAttr(subsub, "z", someString(), reflow));
    readAttr(subsub, "z", "rs", reflow);
    // A sibling path: Sub1 gets z too, and reads it; SubSub's z must join it.
    const z = attr(generalizeAttr(sub1, "z", someNone(EMPTY_NULL), reflow));
    expect(holders(allSubclasses(base), "z")).toEqual(["Sub1"]);
    expect(z.value).toEqual(someString({ empty: EMPTY_NULL }));
    expect([...z.readers]).toEqual(["rs"]);
    expect(reflow.take()).toEqual(["rs"]);
  });

  it("creates a read-only attribute impossible where it is read", () => {
    const reflow = new RecordingReflow();
    const { base, sub1 } = hierarchy();
    expect(readAttr(sub1, "w", "r", reflow)).toEqual(someImpossible());
    expect(holders(allSubclasses(base), "w")).toEqual(["Sub1"]);
    attr(generalizeAttr(sub1, "w", someString(), reflow));
    expect(reflow.take()).toEqual(["r"]);
  });

  it("reports a union error naming the attribute, and moves nothing", () => {
    const reflow = new RecordingReflow();
    const { base, sub1, sub2 } = hierarchy();
    attr(generalizeAttr(sub1, "v", someInteger(), reflow));
    attr(generalizeAttr(sub2, "v", someString(), reflow));
    expect(readAttr(base, "v", "r", reflow)).toEqual({
      kind: "unionError",
      message: "field Base.v is given values of different types: int and string are different types",
    });
    expect(holders(allSubclasses(base), "v")).toEqual(["Sub1", "Sub2"]);
    expect(generalizeAttr(sub1, "v", someString(), reflow)).toEqual({
      kind: "unionError",
      message: "field Sub1.v is given values of different types: int and string are different types",
    });
    expect(lookupAttr(sub1, "v")?.attr.value).toEqual(someInteger());
    expect(reflow.take()).toEqual([]);
  });
});
