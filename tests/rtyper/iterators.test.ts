// for...of at the low level: the functions of tests/fixtures/llinterp/iterators.ts under the LL
// interpreter must return what they return on Node.

import { describe, expect, it } from "vitest";
import { agree, lowered } from "./lowered-fixture.ts";

describe("for...of under the LL interpreter agrees with Node", () => {
  const ns = [0, 1, 2, 5, 17];
  for (const fn of ["arrays", "objectsAndTuples", "strings", "loneSurrogates", "typedArrays", "dictIterators"]) {
    it(fn, async () => agree("iterators.ts", fn, ns));
  }

  it("stops with the loop's position on a character outside the Basic Multilingual Plane", async () => {
    const { run, live } = await lowered("iterators.ts", "astral");
    expect(run(0)).toBe(live(0));
    expect(() => run(1)).toThrow(/tests\/fixtures\/llinterp\/iterators\.ts:73:\d+: for\.\.\.of reached a character outside the Basic Multilingual Plane/);
  });
});
