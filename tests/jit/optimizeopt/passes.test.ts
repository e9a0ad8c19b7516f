// The passes as a list switchable by enable_opts: each pass, turned off, changes the output of
// a named test trace (so none is dead), enable_opts is checked, and the chain keeps RPython's order.

import { describe, expect, it } from "vitest";
import { ALL_OPTS, buildOptimizer, parseEnableOpts } from "../../../src/runtime/jit/optimizeopt/optimize.ts";
import { ALL, optimizedText } from "./harness.ts";

/** For each pass, a trace whose optimized text changes when that pass alone is off. */
const WITNESS: Record<string, string> = {
  // intbounds: i < 10 implies i < 20
  intbounds: "[i0]\ni1 = int_lt(i0, 10)\nguard_true(i1) []\ni2 = int_lt(i0, 20)\nguard_true(i2) []\nfinish(i0)",
  // rewrite: x * 1 (not x + 0, which pure's linear forms find too)
  rewrite: "[i0]\ni1 = int_mul(i0, 1)\nfinish(i1)",
  // virtualize: a temporary object
  virtualize: "[i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p1, i0, descr=valuedescr)\ni2 = getfield_gc_i(p1, descr=valuedescr)\nfinish(i2)",
  // string: a string built and read
  string: "[i0]\np1 = newstr(1, descr=strdescr)\nstrsetitem(p1, 0, 7, descr=strdescr)\ni2 = strgetitem(p1, 0, descr=strdescr)\nfinish(i2)",
  // pure: a repeated addition
  pure: "[i0, i1]\ni2 = int_add(i0, i1)\ni3 = int_add(i0, i1)\nfinish(i2, i3)",
  // heap: a field read twice
  heap: "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ni2 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i1, i2)",
  // unroll: a loop
  unroll: "[i0]\nlabel(i0, descr=loop)\ni1 = int_add(i0, 1)\ni2 = int_lt(i1, 10)\nguard_true(i2) [i1]\njump(i1, descr=loop)",
};

function without(pass: string): string {
  return ALL_OPTS.split(":")
    .filter((p) => p !== pass)
    .join(":");
}

describe("the optimizer's passes", () => {
  it("are RPython's, in RPython's order", () => {
    expect(ALL_OPTS).toBe("intbounds:rewrite:virtualize:string:pure:heap:unroll");
    expect(buildOptimizer(ALL).passes.map((p) => p.name())).toEqual(["intbounds", "rewrite", "virtualize", "string", "pure", "heap"]);
    expect(buildOptimizer("heap:rewrite").passes.map((p) => p.name())).toEqual(["rewrite", "heap"]);
  });

  for (const pass of ALL_OPTS.split(":")) {
    it(`turning ${pass} off changes the output of its witness`, () => {
      const trace = WITNESS[pass]!;
      expect(optimizedText(trace, without(pass))).not.toBe(optimizedText(trace, ALL));
    });
  }

  it("with no pass, the trace is copied unchanged", () => {
    expect(optimizedText(WITNESS.pure!, "")).toBe("[i0, i1]\ni2 = int_add(i0, i1)\ni3 = int_add(i0, i1)\nfinish(i2, i3, descr=<Finish0>)\n");
  });

  it("rejects an unknown name in enable_opts, naming the known ones", () => {
    expect(() => parseEnableOpts("rewrite:unrol")).toThrow("unknown optimization 'unrol' in enable_opts (the optimizations are intbounds, rewrite, virtualize, string, pure, heap, unroll)");
    expect(parseEnableOpts("pure::pure:heap")).toEqual(["pure", "heap"]);
    expect(parseEnableOpts("")).toEqual([]);
  });
});
