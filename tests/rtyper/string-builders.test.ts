// The string-builders pass (src/rtyper/opt/string-builders.ts): which strings built by appending
// become builders, and that every function of tests/fixtures/llinterp/string-builders.ts gives in
// the LL interpreter, after the pass and after the pass and the other optimisations, what it gives
// on Node. The native runs of the same shapes are tests/fixtures/native/ops-string-builders.ts.

import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";
import { dist, outcome } from "./opt-lowering.ts";

type Any = any; // values of the compiled toolchain

const FIXTURE = `${repoRoot}/tests/fixtures/llinterp/string-builders.ts`;

/** Each function, the arguments it runs with, and how many strings the pass makes builders of in it (and in what it calls). */
const CASES: Record<string, { runs: number[]; builders: number }> = {
  appendLoop: { runs: [0, 1, 9, 40], builders: 1 },
  mixedAppends: { runs: [0, 2, 4, 30], builders: 2 },
  readsWhileBuilding: { runs: [0, 1, 50], builders: 1 },
  nestedLoops: { runs: [0, 1, 12], builders: 1 },
  flushedLines: { runs: [0, 6, 7, 50], builders: 2 },
  aliased: { runs: [0, 5], builders: 0 },
  passedAround: { runs: [0, 5], builders: 0 },
  doubling: { runs: [0, 1, 10], builders: 0 },
  prepending: { runs: [0, 1, 20], builders: 0 },
  conditionalAppends: { runs: [0, 5, 6, 30], builders: 1 },
  appendsInTry: { runs: [0, 5, 9], builders: 1 },
  maybeUndefined: { runs: [0, 1, 6], builders: 0 },
  builtKeys: { runs: [0, 3, 9], builders: 1 },
};

let loaded: Promise<{ program: Any; annotator: Any }> | undefined;
function annotate() {
  loaded ??= (async () => {
    const { loadProgram } = await dist("frontend/modules.js");
    const { Annotator } = await dist("annotator/annotator.js");
    const program = await loadProgram(FIXTURE, true, true);
    const annotator = new Annotator(program);
    annotator.annotateMain();
    expect(annotator.errors).toEqual([]);
    return { program, annotator };
  })();
  return loaded;
}

/** fn lowered afresh, with the pass run on every graph it reaches (and then the other optimisations when optimize). */
async function lowerWithBuilders(fn: string, optimize: boolean) {
  const { program, annotator } = await annotate();
  const { RTyper } = await dist("rtyper/rtyper.js");
  const { reachableGraphs } = await dist("llir/llgraph.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  const { optimizeGraphs } = await dist("rtyper/opt/index.js");
  const { introduceStringBuilders } = await dist("rtyper/opt/string-builders.js");
  const { StringBuilderHelpers } = await dist("rtyper/rstr-builder.js");
  const { stringRepr } = await dist("rtyper/lower-strings.js");
  const desc = annotator.annotatedFunctions().find((d: { name: string }) => d.name === fn);
  const rtyper = new RTyper(annotator);
  const graph = rtyper.specializeFrom(desc);
  const strings = stringRepr(rtyper);
  const concat = strings.builtHelper("ll_strconcat");
  let builders = 0;
  if (concat) {
    const helpers = new StringBuilderHelpers(strings);
    for (const g of reachableGraphs([graph])) builders += introduceStringBuilders(g, concat, helpers);
  }
  for (const g of reachableGraphs([graph])) checkLLGraph(g);
  if (optimize) optimizeGraphs([graph], {});
  for (const g of reachableGraphs([graph])) checkLLGraph(g);
  const live = program.entry.binding(fn).value as (n: number) => number;
  return { graph, builders, live };
}

describe("string builders", () => {
  for (const [fn, { runs, builders }] of Object.entries(CASES)) {
    it(`${fn}: ${builders === 0 ? "left alone" : `${builders} builder(s)`}, the same results as on Node`, async () => {
      const plain = await lowerWithBuilders(fn, false);
      expect(plain.builders).toBe(builders);
      const optimized = await lowerWithBuilders(fn, true);
      for (const n of runs) {
        const expected = { value: plain.live(n) };
        expect(await outcome(plain.graph, [n]), `${fn}(${n})`).toEqual(expected);
        expect(await outcome(optimized.graph, [n]), `${fn}(${n}) optimized`).toEqual(expected);
      }
    });
  }

  it("a builder's graph calls the builder helpers and no longer ll_strconcat in the loop", async () => {
    const { printLLGraph } = await dist("llir/print-llgraph.js");
    const { graph } = await lowerWithBuilders("appendLoop", false);
    const text = printLLGraph(graph);
    expect(text).toContain("ll_strbuilder_new");
    expect(text).toContain("ll_strbuilder_append");
    expect(text).toContain("ll_strbuilder_length");
    expect(text).not.toContain("ll_strconcat");
  });
});
