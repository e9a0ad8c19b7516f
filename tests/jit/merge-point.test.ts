// The merge point as the JIT's entry (src/jit/merge-point.ts): the portal's jit_merge_point
// becomes the call of the JIT's runtime (jit_maybe_compile_and_run) made only after a
// can_enter_jit (the `seen` input every block gets), with the switch on its status: the code
// after the merge point, the reload of the JIT's values back to the merge point, return, raise,
// and the fatal stop. Golden in LL text; the result verifies.

import { describe, expect, it } from "vitest";
import { dist } from "../rtyper/opt-lowering.ts";

type Any = any; // values of the compiled toolchain

async function kit() {
  const { parseLLGraphs } = await dist("llir/parse-llgraph.js");
  const { printLLGraph } = await dist("llir/print-llgraph.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  const { rewriteMergePoint, MergePointError } = await dist("jit/merge-point.js");
  const { OBJECT } = await dist("rtyper/rclass.js");
  const lltype = await dist("llir/lltype.js");
  const env = { types: new Map<string, Any>([["object", OBJECT]]), exceptionType: lltype.Ptr(OBJECT) };
  const parse = (text: string): Any[] => parseLLGraphs(text, env, "test.ll");
  return { parse, printLLGraph, checkLLGraph, rewriteMergePoint, MergePointError };
}

/** A portal as portal.ts splits it: the start block goes to the merge point; a can_enter_jit on the back edge. */
const PORTAL = `graph count__portal(n_0: Signed, i_1: Signed, o_2: Ptr(object)) -> Signed
block0(n_0: Signed, i_1: Signed, o_2: Ptr(object)):
  goto block1(n_0, i_1, o_2)
block1(n_3: Signed, i_4: Signed, o_5: Ptr(object)):
  v_6: Void = jit_merge_point("count", 1, n_3, i_4, o_5)  @3:5
  more_7: Bool = int_lt(i_4, n_3)  @4:9
  if more_7 then block2(n_3, i_4, o_5) else return i_4
block2(n_8: Signed, i_9: Signed, o_10: Ptr(object)):
  k_11: Signed = int_add(i_9, 1)  @5:9
  v_12: Void = can_enter_jit("count", 1, n_8, k_11, o_10)  @6:5
  goto block1(n_8, k_11, o_10)
`;

const REWRITTEN = `graph count__portal(n_0: Signed, i_1: Signed, o_2: Ptr(object)) -> Signed
block0(n_0: Signed, i_1: Signed, o_2: Ptr(object)):
  goto block1(n_0, i_1, o_2, false)
block1(n_3: Signed, i_4: Signed, o_5: Ptr(object), seen_6: Bool):
  if seen_6 then block4(n_3, i_4, o_5) else block2(n_3, i_4, o_5)
block2(n_7: Signed, i_8: Signed, o_9: Ptr(object)):
  more_10: Bool = int_lt(i_8, n_7)  @4:9
  if more_10 then block3(n_7, i_8, o_9, false) else return i_8
block3(n_11: Signed, i_12: Signed, o_13: Ptr(object), seen_14: Bool):
  k_15: Signed = int_add(i_12, 1)  @5:9
  goto block1(n_11, k_15, o_13, true)
block4(n_16: Signed, i_17: Signed, o_18: Ptr(object)):
  status_19: Signed = jit_maybe_compile_and_run(0, n_16, i_17, o_18)  @3:5
  switch status_19:
    0 -> block2(n_16, i_17, o_18)
    4 -> block5()
    1 -> block6()
    2 -> block7()
    default -> block8()
block5():
  n_20: Signed = jit_portal_arg(0, 0)  @3:5
  i_21: Signed = jit_portal_arg(0, 1)  @3:5
  o_22: Ptr(object) = jit_portal_arg(0, 2)  @3:5
  goto block1(n_20, i_21, o_22, false)
block6():
  result_23: Signed = jit_portal_result(0)  @3:5
  return result_23
block7():
  exception_24: Ptr(object) = jit_portal_exception(0)  @3:5
  raise exception_24
block8():
  stopped_25: Void = jit_portal_fatal(0)  @3:5
  return 0
`;

describe("the merge point as the JIT's entry", () => {
  it("rewrites the portal's jit_merge_point into the call of the runtime and the switch on its status", async () => {
    const { parse, printLLGraph, checkLLGraph, rewriteMergePoint } = await kit();
    const [portal] = parse(PORTAL);
    rewriteMergePoint(portal, 0);
    checkLLGraph(portal);
    expect(printLLGraph(portal)).toBe(REWRITTEN);
  });

  it("gives each operation the portal's index, and a Void result portal returns without jit_portal_result", async () => {
    const { parse, printLLGraph, checkLLGraph, rewriteMergePoint } = await kit();
    const [portal] = parse(PORTAL.replace("-> Signed", "-> Void").replace("else return i_4", "else return void"));
    rewriteMergePoint(portal, 3);
    checkLLGraph(portal);
    const text = printLLGraph(portal);
    expect(text).toContain("jit_maybe_compile_and_run(3, n_16, i_17, o_18)");
    expect(text).toContain("jit_portal_arg(3, 2)");
    expect(text).not.toContain("jit_portal_result");
    expect(text).not.toContain("jit_merge_point");
    expect(text).not.toContain("can_enter_jit");
  });

  it("refuses a graph that is not a split portal", async () => {
    const { parse, rewriteMergePoint, MergePointError } = await kit();
    const [twice] = parse(PORTAL.replace("  more_7:", '  v_99: Void = jit_merge_point("count", 1, n_3, i_4, o_5)\n  more_7:'));
    expect(() => rewriteMergePoint(twice, 0)).toThrow(MergePointError);
    const [none] = parse(PORTAL.replace(/  v_6: Void = jit_merge_point[^\n]*\n/, ""));
    expect(() => rewriteMergePoint(none, 0)).toThrow(/found 0/);
  });
});
