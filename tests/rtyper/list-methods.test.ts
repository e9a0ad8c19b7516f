// The array and typed array methods built as LL helper graphs (src/rtyper/lower-lists.ts): pop,
// indexOf and includes (strict equality and SameValueZero), slice with relative indices,
// shrinking by setting the length, fill, set and slice of typed arrays; each function of the
// fixture returns under the LL interpreter what it returns on Node.

import { describe, expect, it } from "vitest";
import { agree, lowered } from "./lowered-fixture.ts";

const NS = [0, 1, 2, 3, 5, 9];

describe("array and typed array methods at the low level", () => {
  for (const fn of ["popAll", "popStrings", "search", "slices", "setLength", "typedArrays"]) {
    it(fn, async () => agree("list-methods.ts", fn, NS));
  }

  it("stops when a length is set beyond the array (growing would make holes)", async () => {
    const { run } = await lowered("list-methods.ts", "growLength");
    expect(run(0)).toBe(0);
    expect(run(2)).toBe(2);
    expect(() => run(3)).toThrow("tests/fixtures/llinterp/list-methods.ts:65:3: an array's length can only be set to a smaller length");
  });
});
