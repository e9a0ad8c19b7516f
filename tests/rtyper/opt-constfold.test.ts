// Constant folding and propagation (src/rtyper/opt/constfold.ts) on graphs built by hand and on
// lowered fixtures: the printed graph after the pass, the LL graph verifier, and the same
// outcome when run before and after.

import { describe, expect, it } from "vitest";
import { dist, llKit, lower, outcome, printed } from "./opt-lowering.ts";

async function passes() {
  const { constantFold } = await dist("rtyper/opt/constfold.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  return { constantFold, checkLLGraph };
}

/** f(a): arithmetic on constants, a check that passes and an overflow that does not. */
async function arithmetic() {
  const k = await llKit();
  const { Signed, Bool, Void, c, v, op, block, link, graph } = k;
  const a = v(Signed, "a");
  const start = block([a]);
  const g = graph("f", start, Signed);
  const five = op(start, "int_add", [c(2, Signed), c(3, Signed)], Signed, "five");
  const twenty = op(start, "int_mul_ovf", [five, c(4, Signed)], Signed, "twenty", 1);
  const d = op(start, "int_mul_ovf", [twenty, a], Signed, "d", 2);
  op(start, "check_index", [c(1, Signed), five], Void, "v", 3);
  const t = op(start, "int_lt", [five, c(4, Signed)], Bool, "t");
  const x = v(Signed, "x");
  const small = block([x]);
  small.closeBlock([link([x], g.returnblock)]);
  const y = v(Signed, "y");
  const kk = v(Signed, "k");
  const large = block([y, kk]);
  const o = op(large, "int_add_ovf", [c(9007199254740991, Signed), kk], Signed, "o", 4);
  const s = op(large, "int_add_ovf", [y, o], Signed, "s", 5);
  large.closeBlock([link([s], g.returnblock)]);
  start.closeBlock([link([d, five], large, false), link([d], small, true)], t);
  return g;
}

describe("constant folding", () => {
  it("folds pure operations and failing ones that do not fail, keeps those that do, folds the exitswitch", async () => {
    const { constantFold, checkLLGraph } = await passes();
    const g = await arithmetic();
    const before = await outcome(g, [1]);
    expect(before).toEqual({ fatal: expect.stringContaining("hand.ts:4:1: integer overflow") });
    expect(constantFold(g)).toBeGreaterThan(0);
    checkLLGraph(g);
    expect(await printed(g)).toBe(
      [
        "graph f(a_0: Signed) -> Signed",
        "block0(a_0: Signed):",
        "  d_1: Signed = int_mul_ovf(20, a_0)  @2:1",
        "  goto block1(d_1)",
        "block1(y_2: Signed):",
        "  o_3: Signed = int_add_ovf(9007199254740991, 5)  @4:1",
        "  s_4: Signed = int_add_ovf(y_2, o_3)  @5:1",
        "  return s_4",
        "",
      ].join("\n"),
    );
    expect(await outcome(g, [1])).toEqual(before);
  });

  it("keeps a bounds check and a division that fail, reads no memory, folds null tests", async () => {
    const { constantFold, checkLLGraph } = await passes();
    const k = await llKit();
    const { Signed, Bool, Void, Ptr, c, v, op, block, link, graph } = k;
    const { STR } = k;
    const s = v(Ptr(STR), "s");
    const start = block([s]);
    const g = graph("g", start, Signed);
    op(start, "check_index", [c(3, Signed), c(3, Signed)], Void, "v", 1);
    const q = op(start, "int_floordiv", [c(7, Signed), c(0, Signed)], Signed, "q", 2);
    const hash = op(start, "getfield", [c({ kind: "prebuilt", type: STR, name: "s", fields: new Map([["hash", c(5, Signed)]]), items: [] }, Ptr(STR)), c("hash", Void)], Signed, "hash");
    const isNull = op(start, "ptr_iszero", [c(null, Ptr(STR))], Bool, "isnull");
    const n = op(start, "cast_bool_to_int", [isNull], Signed, "n");
    const sum = op(start, "int_add", [hash, q], Signed, "sum");
    const total = op(start, "int_add", [sum, n], Signed, "total");
    start.closeBlock([link([total], g.returnblock)]);
    constantFold(g);
    checkLLGraph(g);
    expect(await printed(g)).toBe(
      [
        "graph g(s_0: Ptr(STR)) -> Signed",
        "block0(s_0: Ptr(STR)):",
        "  v_1: Void = check_index(3, 3)  @1:1",
        "  q_2: Signed = int_floordiv(7, 0)  @2:1",
        '  hash_3: Signed = getfield(<s>, "hash")',
        "  sum_4: Signed = int_add(hash_3, q_2)",
        "  total_5: Signed = int_add(sum_4, 1)",
        "  return total_5",
        "",
      ].join("\n"),
    );
  });

  it("never folds a read of a prebuilt object, whatever the result type (issue 20: Bool fields were folded)", async () => {
    const { constantFold, checkLLGraph } = await passes();
    const k = await llKit();
    const { Signed, Bool, Void, Ptr, StructType, ArrayType, c, v, op, block, link, graph } = k;
    const FLAGS = new StructType("flags", true, [
      { name: "verbose", type: Bool },
      { name: "count", type: Signed },
    ]);
    const BITS = new ArrayType(Bool, { gc: true });
    const flags = c({ kind: "prebuilt", type: FLAGS, name: "flags", fields: new Map([["verbose", c(false, Bool)], ["count", c(0, Signed)]]), items: [] }, Ptr(FLAGS));
    const bits = c({ kind: "prebuilt", type: BITS, name: "bits", fields: new Map(), items: [c(false, Bool)] }, Ptr(BITS));
    const start = block([]);
    const g = graph("reads", start, Bool);
    const verbose = op(start, "getfield", [flags, c("verbose", Void)], Bool, "verbose");
    const bit = op(start, "getarrayitem", [bits, c(0, Signed)], Bool, "bit");
    const either = op(start, "bool_or", [verbose, bit], Bool, "either");
    start.closeBlock([link([either], g.returnblock)]);
    expect(constantFold(g)).toBe(0);
    checkLLGraph(g);
    expect(await printed(g)).toBe(
      [
        "graph reads() -> Bool",
        "block0():",
        '  verbose_0: Bool = getfield(<flags>, "verbose")',
        "  bit_1: Bool = getarrayitem(<bits>, 0)",
        "  either_2: Bool = bool_or(verbose_0, bit_1)",
        "  return either_2",
        "",
      ].join("\n"),
    );
  });

  it("propagates a constant every link passes, through a switch on it", async () => {
    const { constantFold, checkLLGraph } = await passes();
    const k = await llKit();
    const { Signed, LL_DEFAULT, c, v, op, block, link, graph } = k;
    const a = v(Signed, "a");
    const start = block([a]);
    const g = graph("h", start, Signed);
    const m = v(Signed, "m");
    const b = v(Signed, "b");
    const dispatch = block([m, b]);
    start.closeBlock([link([c(2, Signed), a], dispatch)]);
    const cases = [1, 2].map((value) => {
      const x = v(Signed, "x");
      const target = block([x]);
      const r = op(target, "int_mul", [x, c(value * 10, Signed)], Signed, "r");
      target.closeBlock([link([r], g.returnblock)]);
      return link([b], target, value);
    });
    dispatch.closeBlock([...cases, link([b], g.returnblock, LL_DEFAULT)], m);
    constantFold(g);
    checkLLGraph(g);
    expect(await printed(g)).toBe(
      [
        "graph h(a_0: Signed) -> Signed",
        "block0(a_0: Signed):",
        "  goto block1(a_0)",
        "block1(b_1: Signed):",
        "  goto block2(b_1)",
        "block2(x_2: Signed):",
        "  r_3: Signed = int_mul(x_2, 20)",
        "  return r_3",
        "",
      ].join("\n"),
    );
    expect(await outcome(g, [3])).toEqual({ value: 60 });
  });

  it("folds the branches on module constants of a lowered function", async () => {
    const { constantFold } = await passes();
    const { graph, live } = await lower("opt-objects.ts", "folded", { constfold: false, dce: false, mallocRemoval: false });
    const before = await printed(graph);
    expect(before).toContain("int_eq(2, 1)");
    constantFold(graph);
    const after = await printed(graph);
    expect(after).not.toMatch(/int_eq\(2, [12]\)|int_lshift\(|int_or\(/);
    expect(after).not.toContain("1000");
    expect(after.split("\n").length).toBeLessThan(before.split("\n").length);
    for (const n of [0, 5]) expect(await outcome(graph, [n])).toEqual({ value: live(n) });
  });
});
