// Inlining (src/rtyper/opt/inline.ts) on lowered fixtures: the printed graph after the pass,
// which calls stay (recursive cycles, callees too big, callees that could raise past the
// caller's handler), and the same outcome before and after, exceptions included.

import { describe, expect, it } from "vitest";
import { dist, lower, outcome, printed } from "./opt-lowering.ts";

const INLINE_ONLY = { constfold: false, dce: false, mallocRemoval: false };

describe("inlining", () => {
  it("replaces calls of a small function by copies of its blocks", async () => {
    const { graph } = await lower("opt-small.ts", "sumOfSquares", INLINE_ONLY);
    expect(await printed(graph)).toBe(
      [
        "graph sumOfSquares(a_0: Signed, b_1: Signed) -> Signed",
        "block0(a_0: Signed, b_1: Signed):",
        "  goto block1(a_0, b_1)",
        "block1(x_2: Signed, b_3: Signed):",
        "  v_4: Signed = int_mul_ovf(x_2, x_2)  @4:10",
        "  goto block2(v_4, b_3)",
        "block2(result_5: Signed, b_6: Signed):",
        "  goto block3(b_6, result_5)",
        "block3(x_7: Signed, result_8: Signed):",
        "  v_9: Signed = int_mul_ovf(x_7, x_7)  @4:10",
        "  goto block4(v_9, result_8)",
        "block4(result_10: Signed, result_11: Signed):",
        "  v_12: Signed = int_add_ovf(result_11, result_10)  @8:10",
        "  return v_12",
        "",
      ].join("\n"),
    );
    expect(await outcome(graph, [3, 4])).toEqual({ value: 25 });
  });

  it("never inlines a function of a recursive cycle", async () => {
    const { graph } = await lower("opt-small.ts", "callsRecursive", { inline: true });
    const text = await printed(graph);
    expect(text).toContain("direct_call(<fn fact>, n_0)");
    expect(text).not.toContain("<fn square>");
    const { reachableGraphs } = await dist("llir/llgraph.js");
    const fact = reachableGraphs([graph]).find((g: { name: string }) => g.name === "fact");
    expect(await printed(fact)).toContain("direct_call(<fn fact>");
    expect(await outcome(graph, [5])).toEqual({ value: 145 });
  });

  it("leaves callees above the threshold", async () => {
    const { graph } = await lower("opt-small.ts", "sumOfSquares", { ...INLINE_ONLY, inlineThreshold: 0 });
    expect((await printed(graph)).match(/direct_call\(<fn square>/g)).toHaveLength(2);
  });

  it("sends the raises of a callee inlined at a guarded call to the caller's handler", async () => {
    const { graph, stats } = await lower("opt-objects.ts", "guarded", INLINE_ONLY);
    const text = await printed(graph);
    expect(stats.inlined).toBeGreaterThan(0);
    expect(text).not.toContain("<fn checked>");
    expect(text).not.toContain("catch");
    expect(text).toContain("return -1");
    expect(await outcome(graph, [2])).toEqual({ value: 5 });
    expect(await outcome(graph, [5])).toEqual({ value: -1 });
  });

  it("lets the raises of a callee inlined at an unguarded call leave the caller", async () => {
    const { graph } = await lower("opt-objects.ts", "unguarded", INLINE_ONLY);
    const text = await printed(graph);
    expect(text).not.toContain("<fn checked>");
    expect(text).toMatch(/^ {2}raise /m);
    expect(await outcome(graph, [2])).toEqual({ value: 6 });
    expect(await outcome(graph, [4])).toEqual({ raised: true });
  });

  it("does not inline at a guarded call a callee whose calls may raise without a handler", async () => {
    const { graph } = await lower("opt-objects.ts", "guardedRecursive", INLINE_ONLY);
    const text = await printed(graph);
    expect(text).toContain("direct_call(<fn viaRecursion>");
    expect(text).toContain("catch");
    expect(await outcome(graph, [200])).toEqual({ value: -1 });
  });

  it("keeps the handlers of an inlined callee and its raises again", async () => {
    for (const fn of ["nestedHandlers", "rethrown"]) {
      const { graph, live } = await lower("opt-objects.ts", fn, INLINE_ONLY);
      expect(await printed(graph)).not.toMatch(/<fn (recovers|rethrows|checked)>/);
      for (const n of [1, 3, 5, 6]) expect(await outcome(graph, [n])).toEqual({ value: live(n) });
    }
  });
});
