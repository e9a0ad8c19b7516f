// Malloc removal (src/rtyper/opt/mallocremoval.ts): objects that never leave their function are
// replaced by their fields, after inlining has brought their constructors and methods in; objects
// that escape stay. Printed graphs, malloc counts, and the same outcome before and after.

import { describe, expect, it } from "vitest";
import { countOps, dist, llKit, lower, outcome, printed } from "./opt-lowering.ts";

async function passes() {
  const { removeMallocs } = await dist("rtyper/opt/mallocremoval.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  return { removeMallocs, checkLLGraph };
}

describe("malloc removal after inlining", () => {
  it("makes the Points allocated in a loop disappear", async () => {
    const { graph: plain } = await lower("opt-objects.ts", "pointLoop");
    expect(await countOps(plain, "malloc")).toBe(2);
    const { graph: inlined } = await lower("opt-objects.ts", "pointLoop", { constfold: false, dce: false, mallocRemoval: false });
    expect(await countOps(inlined, "malloc")).toBe(3); // Point.add's own, inlined
    const { graph, stats, live } = await lower("opt-objects.ts", "pointLoop", {});
    expect(stats.mallocsRemoved).toBe(3);
    expect(await countOps(graph, "malloc")).toBe(0);
    expect(await countOps(graph, "direct_call")).toBe(0);
    for (const n of [0, 1, 7]) expect(await outcome(graph, [n])).toEqual({ value: live(n) });
  });

  it("replaces a small object by its fields", async () => {
    const { graph } = await lower("opt-small.ts", "vecLength2", {});
    expect(await printed(graph)).toBe(
      [
        "graph vecLength2(a_0: Signed, b_1: Signed) -> Signed",
        "block0(a_0: Signed, b_1: Signed):",
        "  v_2: Signed = int_mul_ovf(a_0, a_0)  @27:12",
        "  v_3: Signed = int_mul_ovf(b_1, b_1)  @27:31",
        "  v_4: Signed = int_add_ovf(v_2, v_3)  @27:12",
        "  return v_4",
        "",
      ].join("\n"),
    );
  });

  it("joins the fields of objects made before a loop and in it, and of a pair set on one branch", async () => {
    for (const fn of ["previous", "pairLoop"]) {
      const { graph, stats, live } = await lower("opt-objects.ts", fn, {});
      expect(stats.mallocsRemoved, fn).toBeGreaterThan(0);
      expect(await countOps(graph, "malloc"), fn).toBe(0);
      for (const n of [0, 6, 9]) expect(await outcome(graph, [n])).toEqual({ value: live(n) });
    }
  });

  it("keeps objects that escape: stored in an array, or passed to a call that is not inlined", async () => {
    const { graph, live } = await lower("opt-objects.ts", "escapes", {});
    expect(await printed(graph)).toMatch(/= malloc\(inst_Point\)/);
    expect(await outcome(graph, [4])).toEqual({ value: live(4) });
    const { graph: notInlined } = await lower("opt-small.ts", "vecLength2", { inline: false });
    expect(await countOps(notInlined, "malloc")).toBe(1);
  });
});

describe("malloc removal on graphs built by hand", () => {
  /** f(flag, x): a pair set on one branch, tested for null, its fields read where the branches join. */
  async function pairGraph() {
    const { Signed, Bool, Void, Ptr, StructType, c, v, op, block, link, graph } = await llKit();
    const PAIR = new StructType("pair", true, [
      { name: "a", type: Signed },
      { name: "b", type: Signed },
    ]);
    const [flag, x] = [v(Bool, "flag"), v(Signed, "x")];
    const start = block([flag, x]);
    const g = graph("f", start, Signed);
    const p = op(start, "malloc", [c(PAIR, Void)], Ptr(PAIR), "p");
    op(start, "setfield", [p, c("a", Void), x], Void);
    const nz = op(start, "ptr_nonzero", [p], Bool, "nz");
    const [q, nz1] = [v(Ptr(PAIR), "q"), v(Bool, "nz")];
    const join = block([q, nz1]);
    const a = op(join, "getfield", [q, c("a", Void)], Signed, "a");
    const b = op(join, "getfield", [q, c("b", Void)], Signed, "b");
    const s = op(join, "int_add", [a, b], Signed, "s");
    const n = op(join, "cast_bool_to_int", [nz1], Signed, "n");
    const t = op(join, "int_add", [s, n], Signed, "t");
    join.closeBlock([link([t], g.returnblock)]);
    const r = v(Ptr(PAIR), "r");
    const other = block([r]);
    op(other, "setfield", [r, c("b", Void), c(5, Signed)], Void);
    other.closeBlock([link([r, c(false, Bool)], join)]);
    start.closeBlock([link([p], other, false), link([p, nz], join, true)], flag);
    return { g, PAIR };
  }

  it("expands input arguments and link arguments into fields; null tests are known", async () => {
    const { removeMallocs, checkLLGraph } = await passes();
    const { g } = await pairGraph();
    const before = [await outcome(g, [true, 3]), await outcome(g, [false, 3])];
    expect(removeMallocs(g)).toBe(1);
    checkLLGraph(g);
    expect(await printed(g)).toBe(
      [
        "graph f(flag_0: Bool, x_1: Signed) -> Signed",
        "block0(flag_0: Bool, x_1: Signed):",
        "  if flag_0 then block2(x_1, 0, true) else block1(x_1, 0)",
        "block1(r_a_2: Signed, r_b_3: Signed):",
        "  goto block2(r_a_2, 5, false)",
        "block2(q_a_4: Signed, q_b_5: Signed, nz_6: Bool):",
        "  s_7: Signed = int_add(q_a_4, q_b_5)",
        "  n_8: Signed = cast_bool_to_int(nz_6)",
        "  t_9: Signed = int_add(s_7, n_8)",
        "  return t_9",
        "",
      ].join("\n"),
    );
    expect([await outcome(g, [true, 3]), await outcome(g, [false, 3])]).toEqual(before);
    expect(before).toEqual([{ value: 4 }, { value: 8 }]);
  });

  it("keeps an object into whose variables null may flow, or that is returned", async () => {
    const { removeMallocs } = await passes();
    const { Signed, Void, Ptr, c, op, block, link, graph } = await llKit();
    const { g, PAIR } = await pairGraph();
    // A null on the link into the join: the join's q is not always the pair.
    const [start] = g.iterBlocks();
    start.exits[1].args[0] = c(null, Ptr(PAIR));
    expect(removeMallocs(g)).toBe(0);

    const returned = block([]);
    const h = graph("h", returned, Ptr(PAIR));
    const p = op(returned, "malloc", [c(PAIR, Void)], Ptr(PAIR), "p");
    op(returned, "setfield", [p, c("a", Void), c(1, Signed)], Void);
    returned.closeBlock([link([p], h.returnblock)]);
    expect(removeMallocs(h)).toBe(0);
  });

  it("removes an object stored only in an object that is removed", async () => {
    const { removeMallocs, checkLLGraph } = await passes();
    const { Signed, Void, Ptr, StructType, c, v, op, block, link, graph } = await llKit();
    const PAIR = new StructType("pair", true, [
      { name: "a", type: Signed },
      { name: "b", type: Signed },
    ]);
    const BOX = new StructType("box", true, [{ name: "content", type: Ptr(PAIR) }]);
    const x = v(Signed, "x");
    const start = block([x]);
    const g = graph("boxed", start, Signed);
    const inner = op(start, "malloc", [c(PAIR, Void)], Ptr(PAIR), "inner");
    op(start, "setfield", [inner, c("a", Void), x], Void);
    const outer = op(start, "malloc", [c(BOX, Void)], Ptr(BOX), "outer");
    op(start, "setfield", [outer, c("content", Void), inner], Void);
    const got = op(start, "getfield", [outer, c("content", Void)], Ptr(PAIR), "got");
    const a = op(start, "getfield", [got, c("a", Void)], Signed, "a");
    start.closeBlock([link([a], g.returnblock)]);
    expect(removeMallocs(g)).toBe(2);
    checkLLGraph(g);
    expect(await printed(g)).toBe(["graph boxed(x_0: Signed) -> Signed", "block0(x_0: Signed):", "  return x_0", ""].join("\n"));
  });
});
