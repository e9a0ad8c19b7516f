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
  const { LLInterpreter } = await dist("llir/llinterp.js");
  const lltype = await dist("llir/lltype.js");
  const env = { types: new Map<string, Any>([["object", OBJECT]]), exceptionType: lltype.Ptr(OBJECT) };
  const parse = (text: string): Any[] => parseLLGraphs(text, env, "test.ll");
  return { parse, printLLGraph, checkLLGraph, rewriteMergePoint, MergePointError, LLInterpreter };
}

/** A portal as portal.ts splits it: the start block goes to the merge point; the loop goes back to a copy of the original block, a can_enter_jit then the merge point. */
const PORTAL = `graph count__portal(n_0: Signed, i_1: Signed, o_2: Ptr(object)) -> Signed
block0(n_0: Signed, i_1: Signed, o_2: Ptr(object)):
  goto block1(n_0, i_1, o_2)
block1(n_3: Signed, i_4: Signed, o_5: Ptr(object)):
  v_6: Void = jit_merge_point("count", 1, n_3, i_4, o_5)  @3:5
  more_7: Bool = int_lt(i_4, n_3)  @4:9
  if more_7 then block2(n_3, i_4, o_5) else return i_4
block2(n_8: Signed, i_9: Signed, o_10: Ptr(object)):
  k_11: Signed = int_add(i_9, 1)  @5:9
  goto block3(n_8, k_11, o_10)
block3(n_12: Signed, i_13: Signed, o_14: Ptr(object)):
  v_15: Void = can_enter_jit("count", 1, n_12, i_13, o_14)  @2:5
  v_16: Void = jit_merge_point("count", 1, n_12, i_13, o_14)  @3:5
  more_17: Bool = int_lt(i_13, n_12)  @4:9
  if more_17 then block2(n_12, i_13, o_14) else return i_13
`;

const REWRITTEN = `graph count__portal(n_0: Signed, i_1: Signed, o_2: Ptr(object)) -> Signed
block0(n_0: Signed, i_1: Signed, o_2: Ptr(object)):
  goto block1(n_0, i_1, o_2, false)
block1(n_3: Signed, i_4: Signed, o_5: Ptr(object), seen_6: Bool):
  goto block2(n_3, i_4, o_5, seen_6)
block2(n_7: Signed, i_8: Signed, o_9: Ptr(object), seen_10: Bool):
  if seen_10 then block13(n_7, i_8, o_9) else block3(n_7, i_8, o_9)
block3(n_11: Signed, i_12: Signed, o_13: Ptr(object)):
  more_14: Bool = int_lt(i_12, n_11)  @4:9
  if more_14 then block4(n_11, i_12, o_13, false) else return i_12
block4(n_15: Signed, i_16: Signed, o_17: Ptr(object), seen_18: Bool):
  k_19: Signed = int_add(i_16, 1)  @5:9
  goto block5(n_15, k_19, o_17, seen_18)
block5(n_20: Signed, i_21: Signed, o_22: Ptr(object), seen_23: Bool):
  goto block6(n_20, i_21, o_22, true)
block6(n_24: Signed, i_25: Signed, o_26: Ptr(object), seen_27: Bool):
  if seen_27 then block8(n_24, i_25, o_26) else block7(n_24, i_25, o_26)
block7(n_28: Signed, i_29: Signed, o_30: Ptr(object)):
  more_31: Bool = int_lt(i_29, n_28)  @4:9
  if more_31 then block4(n_28, i_29, o_30, false) else return i_29
block8(n_32: Signed, i_33: Signed, o_34: Ptr(object)):
  status_35: Signed = jit_maybe_compile_and_run(0, n_32, i_33, o_34)  @3:5
  switch status_35:
    0 -> block7(n_32, i_33, o_34)
    4 -> block9()
    1 -> block10()
    2 -> block11()
    default -> block12()
block9():
  n_36: Signed = jit_portal_arg(0, 0)  @3:5
  i_37: Signed = jit_portal_arg(0, 1)  @3:5
  o_38: Ptr(object) = jit_portal_arg(0, 2)  @3:5
  goto block6(n_36, i_37, o_38, false)
block10():
  result_39: Signed = jit_portal_result(0)  @3:5
  return result_39
block11():
  exception_40: Ptr(object) = jit_portal_exception(0)  @3:5
  raise exception_40
block12():
  stopped_41: Void = jit_portal_fatal(0)  @3:5
  return 0
block13(n_42: Signed, i_43: Signed, o_44: Ptr(object)):
  status_45: Signed = jit_maybe_compile_and_run(0, n_42, i_43, o_44)  @3:5
  switch status_45:
    0 -> block3(n_42, i_43, o_44)
    4 -> block14()
    1 -> block10()
    2 -> block11()
    default -> block12()
block14():
  n_46: Signed = jit_portal_arg(0, 0)  @3:5
  i_47: Signed = jit_portal_arg(0, 1)  @3:5
  o_48: Ptr(object) = jit_portal_arg(0, 2)  @3:5
  goto block2(n_46, i_47, o_48, false)
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
    const [portal] = parse(PORTAL.replace("-> Signed", "-> Void").replace("else return i_4", "else return void").replace("else return i_13", "else return void"));
    rewriteMergePoint(portal, 3);
    checkLLGraph(portal);
    const text = printLLGraph(portal);
    expect(text.match(/jit_maybe_compile_and_run\(3, n_\d+, i_\d+, o_\d+\)/g)).toHaveLength(2);
    expect(text).toContain("jit_portal_arg(3, 2)");
    expect(text).not.toContain("jit_portal_result");
    expect(text).not.toContain("jit_merge_point");
    expect(text).not.toContain("can_enter_jit");
  });

  it("refuses a graph that is not a split portal", async () => {
    const { parse, rewriteMergePoint, MergePointError } = await kit();
    const [twoDrivers] = parse(PORTAL.replace('jit_merge_point("count", 1, n_12', 'jit_merge_point("other", 1, n_12'));
    expect(() => rewriteMergePoint(twoDrivers, 0)).toThrow(MergePointError);
    const [none] = parse(PORTAL.replace(/  v_(6|16): Void = jit_merge_point[^\n]*\n/g, ""));
    expect(() => rewriteMergePoint(none, 0)).toThrow(/without a jit_merge_point/);
  });

  it("runs in the LL interpreter: the JIT called after each can_enter_jit, its statuses followed; without a JIT, refused", async () => {
    const { parse, rewriteMergePoint, LLInterpreter } = await kit();
    const [portal] = parse(PORTAL);
    rewriteMergePoint(portal, 0);
    // a stand-in JIT: continues twice, then restarts at i = 7, then says the portal returned 42
    class StandIn extends LLInterpreter {
      readonly calls: unknown[][] = [];
      jitMaybeCompileAndRun(index: number, values: unknown[]): number {
        this.calls.push([index, ...values]);
        return this.calls.length <= 2 ? 0 : this.calls.length === 3 ? 4 : 1;
      }
      jitPortalArg(_index: number, position: number): unknown {
        return [10, 7, 0][position];
      }
      jitPortalResult(): unknown {
        return 42;
      }
    }
    const interp = new StandIn();
    expect(interp.call(portal, [10, 0, 0])).toBe(42);
    // the merge point is entered at i = 0 (no can_enter_jit before it: no call), then after each back edge
    expect(interp.calls).toEqual([
      [0, 10, 1, 0],
      [0, 10, 2, 0],
      [0, 10, 3, 0],
      [0, 10, 8, 0],
    ]);
    expect(() => new LLInterpreter().call(portal, [10, 0, 0])).toThrow(/jit_maybe_compile_and_run of portal 0 in an LL interpreter without the JIT/);
  });
});
