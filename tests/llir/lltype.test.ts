// Layouts of LL types on a 64-bit target: offsets include the GC header, subclass structs
// extend their base's prefix, variable-sized arrays come last.

import { describe, expect, it } from "vitest";
import {
  ArrayType,
  Bool,
  Char,
  Float,
  GC_HEADER_SIZE,
  Ptr,
  Signed,
  StructType,
  computeLayout,
  sizeOf,
} from "../../src/llir/lltype.ts";

describe("computeLayout", () => {
  it("lays out a GC struct after the header, aligning each field", () => {
    const point = new StructType("Point", true, [
      { name: "flag", type: Bool },
      { name: "x", type: Signed },
      { name: "c", type: Char },
      { name: "y", type: Float },
    ]);
    const layout = computeLayout(point);
    expect([...layout.offsets]).toEqual([
      ["flag", 8],
      ["x", 16],
      ["c", 24],
      ["y", 32],
    ]);
    expect(layout.size).toBe(40);
    expect(sizeOf(point)).toBe(40);
  });

  it("puts a subclass's fields after its base's, so a subclass pointer is a base pointer", () => {
    const vtable = new StructType("vtable", false, [{ name: "id", type: Signed }]);
    const base = new StructType("inst_Base", true, [
      { name: "cls", type: Ptr(vtable) },
      { name: "a", type: Bool },
    ]);
    const sub = new StructType("inst_Sub", true, [
      { name: "super", type: base },
      { name: "b", type: Signed },
    ]);
    const layout = computeLayout(sub);
    expect(layout.offsets.get("super.cls")).toBe(GC_HEADER_SIZE);
    expect(layout.offsets.get("super.a")).toBe(16);
    expect(layout.offsets.get("b")).toBe(24);
    expect(layout.size).toBe(32);
  });

  it("gives a string its chars after a hash and a length", () => {
    const str = new StructType("STR", true, [
      { name: "hash", type: Signed },
      { name: "chars", type: new ArrayType(Char, { gc: false }) },
    ]);
    const layout = computeLayout(str);
    expect(layout.offsets.get("hash")).toBe(8);
    expect(layout.lengthOffset).toBe(16);
    expect(layout.itemsOffset).toBe(24);
    expect(layout.itemSize).toBe(2);
    expect(sizeOf(str, 3)).toBe(32); // 24 + 3 * 2 = 30, rounded to 8
  });

  it("gives a GC array a length then its items", () => {
    const items = new ArrayType(Ptr(new StructType("X", true, [])), { gc: true });
    const layout = computeLayout(items);
    expect(layout.lengthOffset).toBe(8);
    expect(layout.itemsOffset).toBe(16);
    expect(sizeOf(items, 4)).toBe(48);
  });

  it("refuses a variable-sized array that is not the last field", () => {
    expect(
      () =>
        new StructType("Bad", true, [
          { name: "chars", type: new ArrayType(Char, { gc: false }) },
          { name: "after", type: Signed },
        ]),
    ).toThrow("a variable-sized array must be the last field");
  });
});

describe("the LL operation table", () => {
  it("parses signatures and flags", async () => {
    const { LL_OPS, llOpInfo } = await import("../../src/llir/lloperation.ts");
    expect(llOpInfo("int_add")).toMatchObject({ args: ["Signed", "Signed"], result: "Signed", pure: true, canRaise: false });
    expect(LL_OPS.direct_call).toMatchObject({ args: ["fn"], variadic: true, canRaise: true, canAllocate: true });
    expect(LL_OPS.malloc).toMatchObject({ canAllocate: true, pure: false });
    expect(LL_OPS.int_mod.canFail).toBe(true);
    expect(() => llOpInfo("int_frobnicate")).toThrow("unknown LL operation");
  });

  it("reads the places of signatures, and refuses a word that is no LL type or place", async () => {
    const { LL_OPS, parsePlace } = await import("../../src/llir/lloperation.ts");
    expect(parsePlace("Signed|Char", "test")).toEqual({ kind: "types", names: ["Signed", "Char"] });
    expect(parsePlace("type:T", "test")).toEqual({ kind: "type", binds: "T" });
    expect(parsePlace("Ptr(T)", "test")).toEqual({ kind: "var", name: "T", pointer: true });
    expect(() => parsePlace("Signed|Chars", "x")).toThrow("LL operation table: x: 'Chars' is no LL type or place");
    expect(LL_OPS.direct_call).toMatchObject({ args: ["fn"], tail: "args", result: "result" });
    expect(LL_OPS.jit_merge_point).toMatchObject({ args: ["name", "Signed"], tail: "any" });
    expect(LL_OPS.jit_we_are_jitted).toMatchObject({ args: [], tail: undefined, result: "Bool" });
  });

  it("gives every signature places the verifier can resolve", async () => {
    const { LL_OPS } = await import("../../src/llir/lloperation.ts");
    for (const info of Object.values(LL_OPS)) {
      const places = [...info.argPlaces, info.resultPlace];
      const has = (kind: string) => info.argPlaces.some((p) => p.kind === kind);
      const wrong: string[] = [];
      // A type variable is fixed by a `type:T` operand or by an operand written T before it is a result.
      const fixed = new Set(info.argPlaces.flatMap((p) => (p.kind === "type" && p.binds ? [p.binds] : p.kind === "var" ? [p.name] : [])));
      if (info.resultPlace.kind === "var" && !fixed.has(info.resultPlace.name)) wrong.push("a result type variable no operand fixes");
      if (places.some((p) => p.kind === "field") && !has("name")) wrong.push("a field without a name operand");
      if (places.some((p) => p.kind === "field" || p.kind === "item") && info.args[0] !== "ptr") wrong.push("a field or item not of the pointer operand 1");
      if ((info.tail === "args" || info.resultPlace.kind === "result") && info.args[0] !== "fn" && info.args[0] !== "fnptr") wrong.push("a call's arguments or result without a function operand 1");
      if (info.argPlaces.some((p) => p.kind === "result")) wrong.push("`result` as an operand");
      expect([info.name, wrong]).toEqual([info.name, []]);
    }
  });

  it("never marks an operation both pure and effectful, allocating or failing", async () => {
    const { LL_OPS } = await import("../../src/llir/lloperation.ts");
    for (const info of Object.values(LL_OPS)) {
      if (info.pure) expect({ name: info.name, effect: info.sideEffects, alloc: info.canAllocate, fatal: info.canFail, raise: info.canRaise }).toEqual({ name: info.name, effect: false, alloc: false, fatal: false, raise: false });
    }
  });
});
