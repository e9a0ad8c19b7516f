// The rewrite pass: constant folding and named peepholes (src/runtime/jit/optimizeopt/rewrite.ts).

import { describe, expect, it } from "vitest";
import { optimize } from "./harness.ts";

const R = { opts: "rewrite" };

describe("rewrite: constant folding", () => {
  it("folds integer arithmetic on constants", () => {
    const r = optimize(
      `
[i0]
i1 = int_add(3, 4)
i2 = int_mul(i1, 6)
i3 = int_add(i0, i2)
finish(i3)
`,
      `
[i0]
i3 = int_add(i0, 42)
finish(i3)
`,
      R,
    );
    expect(r.stats.count("fold_constants")).toBe(2);
  });

  it("folds comparisons and removes the guard they prove", () => {
    optimize(
      `
[i0]
i1 = int_lt(3, 5)
guard_true(i1) [i0]
finish(i0)
`,
      `
[i0]
finish(i0)
`,
      R,
    );
  });
});

describe("rewrite: peepholes", () => {
  it("x + 0 is x", () => {
    const r = optimize(
      `
[i0]
i1 = int_add(i0, 0)
i2 = int_add(0, i1)
finish(i2)
`,
      `
[i0]
finish(i0)
`,
      R,
    );
    expect(r.stats.count("int_add_zero")).toBe(2);
  });
});
