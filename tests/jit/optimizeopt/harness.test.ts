// The harness itself can fail: a wrong expectation, and an optimized trace that behaves
// differently (a wrong constant, a lost store, a wrong virtual), are caught.

import { describe, expect, it } from "vitest";
import { compareRuns, optimize, parse, traceDifference } from "./harness.ts";

describe("the optimizer test harness", () => {
  it("rejects a wrong expected trace", () => {
    expect(() => optimize("[i0]\ni1 = int_add(i0, 0)\nfinish(i1)", "[i0]\ni1 = int_add(i0, 0)\nfinish(i1)", { opts: "rewrite" })).toThrow();
  });

  it("allows renaming, but not a renaming that merges two values", () => {
    expect(traceDifference(parse("[i0, i1]\ni2 = int_add(i0, i1)\nfinish(i2)"), parse("[i5, i7]\ni9 = int_add(i5, i7)\nfinish(i9)"))).toBe("");
    expect(traceDifference(parse("[i0, i1]\ni2 = int_add(i0, i1)\nfinish(i2)"), parse("[i5, i7]\ni9 = int_add(i7, i5)\nfinish(i9)"))).not.toBe("");
    expect(traceDifference(parse("[i0]\nguard_true(i0, descr=a) []\nfinish(i0)"), parse("[i0]\nguard_true(i0, descr=b) []\nfinish(i0)"))).not.toBe("");
    expect(traceDifference(parse("[i0]\nguard_true(i0, descr=a) []\nfinish(i0)"), parse("[i0]\nguard_true(i0) []\nfinish(i0)"))).toBe("");
  });

  it("runs both traces and compares exits, values, the heap and the calls", () => {
    const original = parse(`
[i0, p1]
i2 = int_lt(i0, 5)
guard_true(i2, descr=g) [i0]
setfield_gc(p1, i0, descr=valuedescr)
finish(i0, descr=done)
`);
    expect(compareRuns(original, original, 12, 1)).toBeGreaterThan(8);
    const wrongValue = parse(`
[i0, p1]
i2 = int_lt(i0, 5)
guard_true(i2, descr=g) [i0]
setfield_gc(p1, i0, descr=valuedescr)
finish(5, descr=done)
`);
    expect(() => compareRuns(original, wrongValue, 12, 1)).toThrow();
    const lostStore = parse(`
[i0, p1]
i2 = int_lt(i0, 5)
guard_true(i2, descr=g) [i0]
finish(i0, descr=done)
`);
    expect(() => compareRuns(original, lostStore, 12, 1)).toThrow();
  });

  it("compares new objects by content", () => {
    const a = parse(`
[i0]
p1 = new_with_vtable(descr=nodesize)
setfield_gc(p1, i0, descr=valuedescr)
finish(p1, descr=done)
`);
    const b = parse(`
[i0]
p5 = new_with_vtable(descr=nodesize)
p1 = new_with_vtable(descr=nodesize)
setfield_gc(p1, i0, descr=valuedescr)
finish(p1, descr=done)
`);
    const c = parse(`
[i0]
p1 = new_with_vtable(descr=nodesize)
i2 = int_add(i0, 1)
setfield_gc(p1, i2, descr=valuedescr)
finish(p1, descr=done)
`);
    expect(compareRuns(a, b, 6, 2)).toBe(6);
    expect(() => compareRuns(a, c, 6, 2)).toThrow();
  });
});
