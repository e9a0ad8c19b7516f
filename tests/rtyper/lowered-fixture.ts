// Loading a fixture of tests/fixtures/llinterp and running one of its functions under the LL
// interpreter and on Node (classes.test.ts, prebuilt.test.ts).

import { expect } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it (see llinterp.test.ts).
const dist = (path: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`);

export type Graph = { name: string; iterBlocks(): { operations: { opname: string; args: { value: unknown }[] }[] }[] };

export async function lowered(fixture: string, fn: string) {
  const { loadProgram } = await dist("frontend/modules.js");
  const { Annotator } = await dist("annotator/annotator.js");
  const { RTyper } = await dist("rtyper/rtyper.js");
  const { LLInterpreter } = await dist("llir/llinterp.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  const { reachableGraphs } = await dist("llir/llgraph.js");
  const program = await loadProgram(`${repoRoot}/tests/fixtures/llinterp/${fixture}`, true, true);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  const desc = annotator.annotatedFunctions().find((d: { name: string }) => d.name === fn);
  const rtyper = new RTyper(annotator);
  const graph = rtyper.specializeFrom(desc);
  // Graphs reached through function pointers and class records included.
  const all: Graph[] = [...new Set([...reachableGraphs([graph]), ...rtyper.allGraphs().values()])];
  for (const g of all) checkLLGraph(g);
  const interp = new LLInterpreter();
  const live = program.entry.binding(fn).value as (n: number) => number;
  return { run: (n: number) => interp.call(graph, [n]) as number, live, graph: graph as Graph, rtyper, interp, program };
}

export async function agree(fixture: string, fn: string, ns: number[]): Promise<void> {
  const { run, live } = await lowered(fixture, fn);
  for (const n of ns) expect([n, run(n)]).toEqual([n, live(n)]);
}

