// Differential tests of lowering: functions of tests/fixtures/llinterp are annotated, rtyped and
// run by the LL interpreter, and must return what they return on Node.

import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it: its module hooks need Node's own
// module loader, which vitest's does not replace for files outside the test's import graph.
const dist = (path: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`);

async function lowered(fixture: string, fn: string) {
  const { loadProgram } = await dist("frontend/modules.js");
  const { Annotator } = await dist("annotator/annotator.js");
  const { RTyper } = await dist("rtyper/rtyper.js");
  const { LLInterpreter } = await dist("rtyper/llinterp.js");
  const program = await loadProgram(`${repoRoot}/tests/fixtures/llinterp/${fixture}`);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  const desc = annotator.annotatedFunctions().find((d: { name: string }) => d.name === fn);
  const graph = new RTyper(annotator).specializeFrom(desc);
  const interp = new LLInterpreter();
  const live = program.entry.binding(fn).value as (...args: number[]) => number;
  return { run: (...args: number[]) => interp.call(graph, args), live };
}

describe("LL interpreter on lowered numbers, calls and instances", () => {
  it("computes what Node computes", async () => {
    const { run, live } = await lowered("numbers.ts", "compute");
    for (const [a, b] of [
      [0, 0],
      [1, 2],
      [3, 4],
      [10, -3],
    ]) {
      expect(run(a!, b!)).toBe(live(a!, b!));
    }
  });
});
