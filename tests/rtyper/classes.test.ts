// Classes and functions as values at the low level: the functions of
// tests/fixtures/llinterp/classes.ts under the LL interpreter must return what they return on
// Node; and the calls that have one target stay direct while the others go through class record
// slots or function pointers.

import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";
import { agree, lowered, type Graph } from "./lowered-fixture.ts";

/** The operations of a graph with that name. */
function opnames(graph: Graph): string[] {
  return graph.iterBlocks().flatMap((b) => b.operations.map((op) => op.opname));
}

describe("classes under the LL interpreter agree with Node", () => {
  const ns = [0, 1, 2, 3, 4, 7, 12];

  it("calls methods overridden at three levels through base-typed variables", async () => {
    await agree("classes.ts", "dispatch", ns);
    await agree("classes.ts", "throughMiddle", ns);
  });

  it("calls an abstract method through the base's record", async () => agree("classes.ts", "abstractOps", ns));

  it("reads static fields and calls static methods", async () => agree("classes.ts", "statics", ns));
});

describe("functions as values under the LL interpreter agree with Node", () => {
  const ns = [0, 1, 2, 3, 4, 5, 11];
  for (const fn of ["table", "mixedResults", "mixedParams", "passed", "fields", "identities"]) {
    it(fn, async () => agree("classes.ts", fn, ns));
  }
});

describe("lowering makes no class the annotator did not", () => {
  it("leaves the operations after a call that never returns unannotated (their constants' classes unmade)", async () => {
    const { rtyper, run, live } = await lowered("never-returns.ts", "neverReturns");
    const annotator = rtyper.annotator as { bk: { allClasses(): { name: string }[] } };
    // the records of Animal and Dog (a dispatch) were built: every class record slot was found
    expect(annotator.bk.allClasses().map((c) => c.name)).not.toContain("Square");
    for (const n of [0, 3]) expect(run(n)).toBe(live(n));
  });
});

describe("what the calls become", () => {
  it("dispatches through the class record's slot: typeptr, the slot, indirect_call", async () => {
    const { graph } = await lowered("classes.ts", "dispatch");
    const ops = opnames(graph);
    // area, label and sides have several implementations; weight (defined once) is a direct call.
    expect(ops.filter((op) => op === "indirect_call").length).toBe(3);
    const slots = graph.iterBlocks().flatMap((b) => b.operations.filter((op) => op.opname === "getfield").map((op) => op.args[1]!.value));
    expect(slots).toEqual(expect.arrayContaining(["typeptr", "m_area", "m_label", "m_sides"]));
    expect(slots).not.toContain("m_weight");
  });

  it("keeps a direct call where one implementation is reachable", async () => {
    const { rtyper } = await lowered("classes.ts", "abstractOps");
    const graphs = [...rtyper.allGraphs().values()] as Graph[];
    // twice() is defined once: called directly; apply() through the slot.
    const main = graphs.find((g) => g.name === "abstractOps")!;
    const direct = main.iterBlocks().flatMap((b) => b.operations.filter((op) => op.opname === "direct_call").map((op) => (op.args[0]!.value as { name: string }).name));
    expect(direct).toContain("Op.twice");
    const twice = graphs.find((g) => g.name === "Op.twice")!;
    expect(opnames(twice).filter((op) => op === "indirect_call").length).toBe(2);
  });

  it("gives a function whose signature differs from its family's an adapter", async () => {
    const { graph } = await lowered("classes.ts", "mixedParams");
    expect(opnames(graph)).toContain("indirect_call");
    // scaleBy takes a float; the family's pointer takes an int (inc's parameter).
    const { reachableGraphs } = await import(/* @vite-ignore */ `${repoRoot}/dist/llir/llgraph.js`);
    const adapter = (reachableGraphs([graph]) as Graph[]).find((g) => g.name === "scaleBy__row")!;
    expect(opnames(adapter)).toEqual(["cast_int_to_float", "direct_call"]);
  });
});
