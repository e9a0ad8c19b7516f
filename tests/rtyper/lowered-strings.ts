// The harness of the differential tests of strings and Math (strings.test.ts, math.test.ts): a
// fixture's function lowered with the runtime helpers, run by the LL interpreter on JavaScript
// arguments (strings are copied into the interpreter's memory, a string result read back).

import { expect } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it (see llinterp.test.ts).
const dist = (path: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`);

export type Arg = number | boolean | string;

/** The fixture's function fn, lowered: run(args) under the LL interpreter, live(args) on Node. */
export async function lowered(fixture: string, fn: string) {
  const { loadProgram } = await dist("frontend/modules.js");
  const { Annotator } = await dist("annotator/annotator.js");
  const { RTyper } = await dist("rtyper/rtyper.js");
  const { LLInterpreter } = await dist("rtyper/llinterp.js");
  const { checkLLGraph } = await dist("rtyper/checkllgraph.js");
  const { reachableGraphs } = await dist("rtyper/llgraph.js");
  const { STR, Char, Ptr, computeLayout } = await dist("rtyper/lltype.js");
  const program = await loadProgram(`${repoRoot}/tests/fixtures/llinterp/${fixture}`, true, true);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  const desc = annotator.annotatedFunctions().find((d: { name: string }) => d.name === fn);
  const rtyper = new RTyper(annotator);
  const graph = rtyper.specializeFrom(desc);
  for (const g of reachableGraphs([graph])) checkLLGraph(g);
  const interp = new LLInterpreter();
  const layout = computeLayout(STR);
  const toLL = (value: Arg, i: number) => {
    if (typeof value !== "string") return value;
    // A parameter the annotator made a char takes the code unit.
    if (graph.startblock.inputargs[i].type === Char) return value.charCodeAt(0);
    const address = interp.memory.allocate(STR, value.length);
    for (let k = 0; k < value.length; k++) interp.memory.store(Char, address + layout.itemsOffset + k * layout.itemSize, value.charCodeAt(k));
    return address;
  };
  const fromLL = (value: unknown) => {
    if (graph.resultType !== Ptr(STR)) return value;
    const address = value as number;
    const n = interp.memory.loadWord(address + layout.lengthOffset);
    let s = "";
    for (let k = 0; k < n; k++) s += String.fromCharCode(interp.memory.load(Char, address + layout.itemsOffset + k * layout.itemSize) as number);
    return s;
  };
  const live = program.entry.binding(fn).value as (...args: Arg[]) => unknown;
  return { run: (...args: Arg[]) => fromLL(interp.call(graph, args.map(toLL))), live };
}

/** Expects the fixture's fn to give Node's result on each list of arguments. */
export async function agree(fixture: string, fn: string, cases: Arg[][]): Promise<void> {
  const { run, live } = await lowered(fixture, fn);
  for (const args of cases) expect([args, run(...args)]).toEqual([args, live(...args)]);
}
