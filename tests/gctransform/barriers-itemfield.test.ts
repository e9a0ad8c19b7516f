// The write barrier of setitemfield (src/gctransform/transform-barriers.ts): storing a GC pointer
// into a field of item i of a GC array of inline structs marks the card of item i, as
// setarrayitem does (gc_write_barrier_array(array, i)); no barrier for a non-pointer field, a
// constant, an array allocated in the same block with nothing collecting since, or a raw array.

import { describe, expect, it } from "vitest";
import { insertWriteBarriers, type BarrierStats } from "../../src/gctransform/transform-barriers.ts";
import { checkLLGraph } from "../../src/llir/checkllgraph.ts";
import { LLGraphBuilder } from "../../src/llir/llbuilder.ts";
import { LLConstant, type LLGraph, type LLPrebuilt } from "../../src/llir/llgraph.ts";
import { ArrayType, Ptr, Signed, StructType, Void } from "../../src/llir/lltype.ts";
import { printLLGraph } from "../../src/llir/print-llgraph.ts";

const NODE = new StructType("Node", true, [{ name: "v", type: Signed }]);
const ENTRY = new StructType("Entry", false, [
  { name: "key", type: Ptr(NODE) },
  { name: "hash", type: Signed },
]);
const ENTRIES = new ArrayType(ENTRY, { gc: true, name: "Entries" });
const RAW_ENTRIES = new ArrayType(ENTRY, { gc: false, name: "RawEntries" });
const PREBUILT_NODE: LLPrebuilt = { kind: "prebuilt", type: NODE, name: "n", fields: new Map(), items: [] };

const name = (n: string) => new LLConstant(n, Void);

function barriers(build: (b: LLGraphBuilder) => void): { text: string; stats: BarrierStats } {
  const b = new LLGraphBuilder("g", [Ptr(ENTRIES), Ptr(NODE), Signed, Ptr(RAW_ENTRIES)], Void);
  build(b);
  b.returnValue(new LLConstant(null, Void));
  const graph: LLGraph = b.build();
  checkLLGraph(graph);
  const stats: BarrierStats = { barriersInserted: 0, barriersElided: 0, rawPointerStores: 0 };
  insertWriteBarriers(graph, new Set(), stats);
  checkLLGraph(graph);
  return { text: printLLGraph(graph), stats };
}

describe("write barriers before setitemfield", () => {
  it("puts gc_write_barrier_array(array, i) before a GC pointer stored into a field of item i", () => {
    const { text, stats } = barriers((b) => {
      const [t, node, i] = b.args;
      b.op("setitemfield", [t!, i!, name("key"), node!], Void);
    });
    expect(text).toMatch(/= gc_write_barrier_array\(a0_0, a2_2\)\n.*= setitemfield\(a0_0, a2_2, "key", a1_1\)/);
    expect(stats).toEqual({ barriersInserted: 1, barriersElided: 0, rawPointerStores: 0 });
  });

  it("puts none before an integer field, a prebuilt constant, a store into a fresh array or into a raw array", () => {
    const { text, stats } = barriers((b) => {
      const [t, node, i, raw] = b.args;
      b.op("setitemfield", [t!, i!, name("hash"), i!], Void);
      b.op("setitemfield", [t!, i!, name("key"), new LLConstant(PREBUILT_NODE, Ptr(NODE))], Void);
      const fresh = b.op("malloc_varsize", [new LLConstant(ENTRIES, Void), i!], Ptr(ENTRIES), "fresh");
      b.op("setitemfield", [fresh, i!, name("key"), node!], Void);
      b.op("setitemfield", [raw!, i!, name("key"), node!], Void);
    });
    expect(text).not.toContain("gc_write_barrier");
    expect(stats).toEqual({ barriersInserted: 0, barriersElided: 1, rawPointerStores: 1 });
  });
});
