// Dead code removal (src/rtyper/opt/dce.ts) on graphs built by hand and on lowered fixtures: the
// printed graph after the pass, the LL graph verifier, and the same outcome before and after.

import { describe, expect, it } from "vitest";
import { dist, llKit, lower, outcome, printed } from "./opt-lowering.ts";

async function passes() {
  const { removeDeadCode } = await dist("rtyper/opt/dce.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  return { removeDeadCode, checkLLGraph };
}

describe("dead code removal", () => {
  it("removes unused pure operations and values carried around a loop unread; keeps effects and checks", async () => {
    const { removeDeadCode, checkLLGraph } = await passes();
    const { Signed, Bool, Void, Ptr, StructType, c, v, op, block, link, graph } = await llKit();
    const POINT = new StructType("point", true, [{ name: "x", type: Signed }]);
    const p = v(Ptr(POINT), "p");
    const a = v(Signed, "a");
    const start = block([p, a]);
    const g = graph("f", start, Signed);
    const u = op(start, "int_add", [a, c(1, Signed)], Signed, "u");
    op(start, "int_mul", [u, c(2, Signed)], Signed, "w");
    op(start, "int_add_ovf", [a, c(1, Signed)], Signed, "o");
    op(start, "getfield", [p, c("x", Void)], Signed, "x");
    op(start, "setfield", [p, c("x", Void), a], Void);
    const [n, i, junk] = [v(Signed, "n"), v(Signed, "i"), v(Signed, "junk")];
    const loop = block([n, i, junk]);
    start.closeBlock([link([a, c(0, Signed), c(0, Signed)], loop)]);
    const [n2, i2, junk2] = [v(Signed, "n"), v(Signed, "i"), v(Signed, "junk")];
    const body = block([n2, i2, junk2]);
    const t = op(loop, "int_lt", [i, n], Bool, "t");
    loop.closeBlock([link([i], g.returnblock, false), link([n, i, junk], body, true)], t);
    const j = op(body, "int_add", [junk2, c(1, Signed)], Signed, "j");
    const i3 = op(body, "int_add", [i2, c(1, Signed)], Signed, "i");
    body.closeBlock([link([n2, i3, j], loop)]);

    expect(removeDeadCode(g)).toBe(6);
    checkLLGraph(g);
    expect(await printed(g)).toBe(
      [
        "graph f(p_0: Ptr(point), a_1: Signed) -> Signed",
        "block0(p_0: Ptr(point), a_1: Signed):",
        "  o_2: Signed = int_add_ovf(a_1, 1)",
        '  v_3: Void = setfield(p_0, "x", a_1)',
        "  goto block1(a_1, 0)",
        "block1(n_4: Signed, i_5: Signed):",
        "  t_6: Bool = int_lt(i_5, n_4)",
        "  if t_6 then block2(n_4, i_5) else return i_5",
        "block2(n_7: Signed, i_8: Signed):",
        "  i_9: Signed = int_add(i_8, 1)",
        "  goto block1(n_7, i_9)",
        "",
      ].join("\n"),
    );
  });

  it("skips empty blocks and joins a block into its only predecessor", async () => {
    const { removeDeadCode, checkLLGraph } = await passes();
    const { Signed, Bool, c, v, op, block, link, graph } = await llKit();
    const a = v(Signed, "a");
    const start = block([a]);
    const g = graph("g", start, Signed);
    const x = op(start, "int_add", [a, c(1, Signed)], Signed, "x");
    const [y, a2] = [v(Signed, "y"), v(Signed, "a")];
    const next = block([y, a2]);
    start.closeBlock([link([x, a], next)]);
    const z = op(next, "int_mul", [y, a2], Signed, "z");
    const big = op(next, "int_gt", [z, c(10, Signed)], Bool, "big");
    const [r, tag] = [v(Signed, "r"), v(Signed, "tag")];
    const join = block([r, tag]);
    const s = op(join, "int_add", [r, tag], Signed, "s");
    join.closeBlock([link([s], g.returnblock)]);
    const empties = [1, 2].map((t) => {
      const e = v(Signed, "e");
      const empty = block([e]);
      empty.closeBlock([link([e, c(t, Signed)], join)]);
      return empty;
    });
    next.closeBlock([link([z], empties[1], false), link([z], empties[0], true)], big);
    const before = [await outcome(g, [1]), await outcome(g, [5])];

    removeDeadCode(g);
    checkLLGraph(g);
    expect(await printed(g)).toBe(
      [
        "graph g(a_0: Signed) -> Signed",
        "block0(a_0: Signed):",
        "  x_1: Signed = int_add(a_0, 1)",
        "  z_2: Signed = int_mul(x_1, a_0)",
        "  big_3: Bool = int_gt(z_2, 10)",
        "  if big_3 then block1(z_2, 1) else block1(z_2, 2)",
        "block1(r_4: Signed, tag_5: Signed):",
        "  s_6: Signed = int_add(r_4, tag_5)",
        "  return s_6",
        "",
      ].join("\n"),
    );
    expect([await outcome(g, [1]), await outcome(g, [5])]).toEqual(before);
    expect(before).toEqual([{ value: 4 }, { value: 31 }]);
  });

  it("drops the values a lowered loop carries for an object that malloc removal made disappear", async () => {
    const { removeDeadCode } = await passes();
    const { graph, live } = await lower("numbers.ts", "compute", { dce: false });
    const loopHeader = /^block1\((.*)\):$/m;
    expect((await printed(graph)).match(loopHeader)![1]).toContain("a_");
    removeDeadCode(graph);
    expect((await printed(graph)).match(loopHeader)![1]).not.toContain("a_");
    expect(await outcome(graph, [3, 4])).toEqual({ value: live(3, 4) });
  });
});
