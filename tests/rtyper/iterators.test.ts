// for...of at the low level: the functions of tests/fixtures/llinterp/iterators.ts under the LL
// interpreter must return what they return on Node.

import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it (see llinterp.test.ts).
const dist = (path: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`);

/** fn of the fixture: run(n) under the LL interpreter, live(n) on Node. */
async function lowered(fixture: string, fn: string) {
  const { loadProgram } = await dist("frontend/modules.js");
  const { Annotator } = await dist("annotator/annotator.js");
  const { RTyper } = await dist("rtyper/rtyper.js");
  const { LLInterpreter } = await dist("rtyper/llinterp.js");
  const { checkLLGraph } = await dist("rtyper/checkllgraph.js");
  const { reachableGraphs } = await dist("rtyper/llgraph.js");
  const program = await loadProgram(`${repoRoot}/tests/fixtures/llinterp/${fixture}`, true, true);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  const desc = annotator.annotatedFunctions().find((d: { name: string }) => d.name === fn);
  const graph = new RTyper(annotator).specializeFrom(desc);
  for (const g of reachableGraphs([graph])) checkLLGraph(g);
  const interp = new LLInterpreter();
  const live = program.entry.binding(fn).value as (n: number) => number;
  return { run: (n: number) => interp.call(graph, [n]) as number, live };
}

async function agree(fn: string, ns: number[]): Promise<void> {
  const { run, live } = await lowered("iterators.ts", fn);
  for (const n of ns) expect([n, run(n)]).toEqual([n, live(n)]);
}

describe("for...of under the LL interpreter agrees with Node", () => {
  const ns = [0, 1, 2, 5, 17];
  for (const fn of ["arrays", "objectsAndTuples", "strings", "loneSurrogates", "typedArrays", "dictIterators"]) {
    it(fn, async () => agree(fn, ns));
  }

  it("stops with the loop's position on a character outside the Basic Multilingual Plane", async () => {
    const { run, live } = await lowered("iterators.ts", "astral");
    expect(run(0)).toBe(live(0));
    expect(() => run(1)).toThrow(/tests\/fixtures\/llinterp\/iterators\.ts:73:\d+: for\.\.\.of reached a character outside the Basic Multilingual Plane/);
  });
});
