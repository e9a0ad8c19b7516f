// ListDef: the shared item cell, its readers and flags, and merging as one union-find class.

import { describe as group, expect, it } from "vitest";
import { ListDef } from "../../src/annotator/listdef.ts";
import {
  EMPTY_NULL,
  describe,
  someChar,
  someFloat,
  someImpossible,
  someInteger,
  someList,
  someNone,
  someString,
  union,
} from "../../src/annotator/model.ts";
import { RecordingReflow } from "./reflow-stub.ts";

group("ListDef items", () => {
  it("starts impossible, or with the given item", () => {
    expect(new ListDef<string>().item).toEqual(someImpossible());
    expect(new ListDef<string>(someChar()).item).toEqual(someChar());
  });

  it("reflows every reader when the item generalises, and only then", () => {
    const reflow = new RecordingReflow();
    const list = new ListDef<string>();
    expect(list.readItem("r1")).toEqual(someImpossible());
    expect(list.generalizeItem(someInteger({ nonNeg: true }), reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["r1"]);
    expect(list.readItem("r2")).toEqual(someInteger({ nonNeg: true }));
    expect(list.generalizeItem(someInteger({ const: 3 }), reflow)).toBeUndefined();
    expect(reflow.take()).toEqual([]);
    expect(list.generalizeItem(someInteger(), reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["r1", "r2"]);
    expect(list.generalizeItem(someNone(EMPTY_NULL), reflow)).toBeUndefined();
    expect(list.item).toEqual(someInteger({ empty: EMPTY_NULL }));
    expect(reflow.take()).toEqual(["r1", "r2"]);
    expect([...list.cell.readers].sort()).toEqual(["r1", "r2"]);
  });

  it("returns the union error and keeps the item", () => {
    const reflow = new RecordingReflow();
    const list = new ListDef<string>(someString());
    list.readItem("r");
    expect(list.generalizeItem(someInteger(), reflow)).toEqual({
      kind: "unionError",
      message: "string and int are different types",
    });
    expect(list.item).toEqual(someString());
    expect(reflow.take()).toEqual([]);
  });

  it("has flags; resizing mutates", () => {
    const list = new ListDef<string>();
    expect([list.resized, list.mutated]).toEqual([false, false]);
    list.mutate();
    expect([list.resized, list.mutated]).toEqual([false, true]);
    const other = new ListDef<string>();
    other.resize();
    expect([other.resized, other.mutated]).toEqual([true, true]);
  });
});

group("ListDef merging", () => {
  it("unions the items and reflows the readers whose value changed", () => {
    const reflow = new RecordingReflow();
    const a = new ListDef<string>(someInteger());
    const b = new ListDef<string>(someFloat());
    a.readItem("a1");
    b.readItem("b1");
    expect(a.merge(b, reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["a1"]);
    expect(a.item).toEqual(someFloat());
    expect(b.item).toEqual(someFloat());
    expect(a.sameAs(b) && b.sameAs(a)).toBe(true);
    expect(a.cell).toBe(b.cell);
    expect(a.merge(b, reflow)).toBeUndefined();
    expect(reflow.take()).toEqual([]);
  });

  it("reflows both sides when both change", () => {
    const reflow = new RecordingReflow();
    const a = new ListDef<string>(someInteger());
    const b = new ListDef<string>(someNone(EMPTY_NULL));
    a.readItem("a1");
    b.readItem("b1");
    expect(b.merge(a, reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["a1", "b1"]);
    expect(a.item).toEqual(someInteger({ empty: EMPTY_NULL }));
  });

  it("behaves as one list afterwards, whichever side generalises", () => {
    const reflow = new RecordingReflow();
    const a = new ListDef<string>(someChar());
    const b = new ListDef<string>(someChar());
    a.readItem("a1");
    b.readItem("b1");
    expect(a.merge(b, reflow)).toBeUndefined();
    expect(reflow.take()).toEqual([]);
    expect(b.generalizeItem(someString(), reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["a1", "b1"]);
    expect(a.item).toEqual(someString());
    a.readItem("a2");
    expect(a.generalizeItem(someNone(EMPTY_NULL), reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["a1", "a2", "b1"]);
    expect(b.item).toEqual(someString({ empty: EMPTY_NULL }));
  });

  it("merges transitively", () => {
    const reflow = new RecordingReflow();
    const [a, b, c, d] = [new ListDef<string>(), new ListDef<string>(), new ListDef<string>(), new ListDef<string>()];
    c.readItem("c");
    expect(a.merge(b, reflow)).toBeUndefined();
    expect(c.merge(d, reflow)).toBeUndefined();
    expect(b.merge(d, reflow)).toBeUndefined();
    expect(a.sameAs(c)).toBe(true);
    expect(a.generalizeItem(someInteger(), reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["c"]);
    expect(d.item).toEqual(someInteger());
  });

  it("merges the flags", () => {
    const a = new ListDef<string>();
    const b = new ListDef<string>();
    const c = new ListDef<string>();
    b.resize();
    c.mutate();
    expect(a.merge(b, new RecordingReflow())).toBeUndefined();
    expect([a.resized, a.mutated]).toEqual([true, true]);
    expect(c.merge(a, new RecordingReflow())).toBeUndefined();
    expect([c.resized, c.mutated]).toEqual([true, true]);
    const d = new ListDef<string>();
    const e = new ListDef<string>();
    e.mutate();
    expect(d.merge(e, new RecordingReflow())).toBeUndefined();
    expect([d.resized, d.mutated]).toEqual([false, true]);
    d.resize();
    expect(e.resized).toBe(true);
  });

  it("leaves both lists apart on a union error", () => {
    const reflow = new RecordingReflow();
    const a = new ListDef<string>(someInteger());
    const b = new ListDef<string>(someString());
    a.readItem("a");
    expect(a.merge(b, reflow)).toEqual({ kind: "unionError", message: "int and string are different types" });
    expect(a.sameAs(b)).toBe(false);
    expect(a.item).toEqual(someInteger());
    expect(b.item).toEqual(someString());
    expect(reflow.take()).toEqual([]);
  });

  it("merges nested lists along with the outer ones", () => {
    const reflow = new RecordingReflow();
    const innerA = new ListDef<string>(someInteger());
    const innerB = new ListDef<string>(someFloat());
    innerA.readItem("ia");
    const a = new ListDef<string>(someList(innerA));
    const b = new ListDef<string>(someList(innerB));
    expect(a.merge(b, reflow)).toBeUndefined();
    expect(innerA.sameAs(innerB)).toBe(true);
    expect(reflow.take()).toEqual(["ia"]);
    expect(describe(someList(a))).toBe("float[][]");
  });

  it("terminates on lists that contain themselves", () => {
    const reflow = new RecordingReflow();
    const a = new ListDef<string>();
    const b = new ListDef<string>();
    expect(a.generalizeItem(someList(a), reflow)).toBeUndefined();
    expect(b.generalizeItem(someList(b), reflow)).toBeUndefined();
    a.readItem("a");
    b.readItem("b");
    expect(a.merge(b, reflow)).toBeUndefined();
    expect(a.sameAs(b)).toBe(true);
    const item = a.item;
    expect(item.kind === "list" && item.listdef.sameAs(a)).toBe(true);
    const u = union(someList(a), someList(b), reflow);
    expect(u.kind === "list" && u.listdef.sameAs(b)).toBe(true);
    expect(describe(someList(b))).toBe("...[]");
  });
});
