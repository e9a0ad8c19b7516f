// The tracer's heap cache (src/runtime/jit/metainterp/heapcache.ts): what a trace being recorded
// knows of fields and items, and what a store or a call makes it forget.

import { describe, expect, it } from "vitest";
import { HeapCache } from "../../../src/runtime/jit/metainterp/heapcache.ts";
import { AbstractValue, ArrayDescr, CallDescr, ConstInt, ConstPtr, EF_CANNOT_RAISE, EF_RANDOM_EFFECTS, EffectInfo, FieldDescr } from "../../../src/runtime/jit/history.ts";

const value = new FieldDescr("value", "NODE", "value", 16, 8, "i", true, false, false);
const next = new FieldDescr("next", "NODE", "next", 24, 8, "r", true, false, false);
const small = new FieldDescr("small", "NODE", "small", 32, 4, "i", true, false, false);
const frozen = new FieldDescr("frozen", "NODE", "frozen", 40, 8, "i", true, true, false);
const items = new ArrayDescr("items", 16, 8, 8, "r", true, false, 3);
const bytes = new ArrayDescr("bytes", 16, 1, 8, "i", false, false, 4);

const box = (kind: string, n: number) => new AbstractValue(kind, n);
const call = (effect: EffectInfo) => new CallDescr("f", "r", "i", 8, true, effect);

describe("the tracer's heap cache", () => {
  it("knows a field read or stored on the same object (a constant object by its address)", () => {
    const c = new HeapCache();
    const p = box("r", 1);
    const v = box("i", 2);
    expect(c.getfield(p, value)).toBeNull();
    c.rememberField(p, value, v);
    expect(c.getfield(p, value)).toBe(v);
    expect(c.getfield(p, next)).toBeNull();
    c.rememberField(new ConstPtr(64, ""), value, v);
    expect(c.getfield(new ConstPtr(64, ""), value)).toBe(v);
  });

  it("forgets the field of every other object when one is stored (they may be the same)", () => {
    const c = new HeapCache();
    const [p, q, a, b, w] = [box("r", 1), box("r", 2), box("i", 3), box("i", 4), box("r", 5)];
    c.rememberField(p, value, a);
    c.rememberField(q, value, b);
    c.rememberField(q, next, w);
    c.setfield(p, value, b);
    expect(c.getfield(p, value)).toBe(b);
    expect(c.getfield(q, value)).toBeNull();
    expect(c.getfield(q, next)).toBe(w);
  });

  it("does not take the value stored in a narrow integer field for what a read gives", () => {
    const c = new HeapCache();
    const p = box("r", 1);
    c.setfield(p, small, box("i", 2));
    expect(c.getfield(p, small)).toBeNull();
    c.setarrayitem(p, new ConstInt(0, ""), bytes, box("i", 3));
    expect(c.getarrayitem(p, new ConstInt(0, ""), bytes)).toBeNull();
  });

  it("keeps items at other constant indexes when one is stored, and forgets those at unknown ones", () => {
    const c = new HeapCache();
    const [p, i, x, y, z] = [box("r", 1), box("i", 2), box("r", 3), box("r", 4), box("r", 5)];
    c.rememberItem(p, new ConstInt(0, ""), items, x);
    c.rememberItem(p, i, items, y);
    c.setarrayitem(p, new ConstInt(1, ""), items, z);
    expect(c.getarrayitem(p, new ConstInt(0, ""), items)).toBe(x);
    expect(c.getarrayitem(p, i, items)).toBeNull();
    expect(c.getarrayitem(p, new ConstInt(1, ""), items)).toBe(z);
  });

  it("forgets what a call writes, everything but immutable fields after a call with random effects", () => {
    const c = new HeapCache();
    const [p, a, b, d] = [box("r", 1), box("i", 2), box("r", 3), box("i", 4)];
    c.rememberField(p, value, a);
    c.rememberField(p, next, b);
    c.rememberField(p, frozen, d);
    c.call(call(new EffectInfo(EF_CANNOT_RAISE, false, false, [], [value], [], [])), false);
    expect(c.getfield(p, value)).toBeNull();
    expect(c.getfield(p, next)).toBe(b);
    c.call(call(new EffectInfo(EF_RANDOM_EFFECTS, true, true, [], [], [], [])), false);
    expect(c.getfield(p, next)).toBeNull();
    expect(c.getfield(p, frozen)).toBe(d);
  });
});
