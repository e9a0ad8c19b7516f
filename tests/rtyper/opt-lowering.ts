// What the tests of the LL graph optimisations (src/rtyper/opt) share: fixtures of
// tests/fixtures/llinterp annotated once and rtyped afresh for each configuration of the passes
// (they change graphs in place), every graph checked, runs compared by their outcome.

import { expect } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as in llinterp.test.ts: one copy of the LL types, so
// that graphs built here and graphs lowered there share them.
type Any = any; // values of the compiled toolchain, typed there
export const dist = (path: string): Promise<Any> => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`);

export interface OptimizeOptions {
  inline?: boolean;
  inlineThreshold?: number;
  constfold?: boolean;
  dce?: boolean;
  mallocRemoval?: boolean;
  loadCse?: boolean;
  intbounds?: boolean;
}

/** Every pass off, then each alone, then all: the configurations differential tests compare. */
export const CONFIGURATIONS: Record<string, OptimizeOptions> = {
  inline: { constfold: false, dce: false, mallocRemoval: false, loadCse: false },
  constfold: { inline: false, dce: false, mallocRemoval: false, loadCse: false },
  dce: { inline: false, constfold: false, mallocRemoval: false, loadCse: false, intbounds: false },
  intbounds: { inline: false, constfold: false, dce: false, mallocRemoval: false, loadCse: false },
  loadcse: { inline: false, constfold: false, dce: false, mallocRemoval: false, intbounds: false },
  "inline+mallocremoval": { constfold: false, dce: false, loadCse: false },
  // Load CSE finds most after inlining, which puts the reads of a callee next to the caller's.
  "inline+loadcse": { constfold: false, dce: false, mallocRemoval: false, intbounds: false },
  "all but inline": { inline: false },
  "all but loadcse": { loadCse: false },
  all: {},
};

const annotated = new Map<string, Promise<{ program: Any; annotator: Any }>>();

function annotate(fixture: string) {
  let known = annotated.get(fixture);
  if (!known) {
    known = (async () => {
      const { loadProgram } = await dist("frontend/modules.js");
      const { Annotator } = await dist("annotator/annotator.js");
      const program = await loadProgram(`${repoRoot}/tests/fixtures/llinterp/${fixture}`, true, true);
      const annotator = new Annotator(program);
      annotator.annotateMain();
      expect(annotator.errors).toEqual([]);
      return { program, annotator };
    })();
    annotated.set(fixture, known);
  }
  return known;
}

/** The LL graph of fn, optimised with options (not at all with null), every reachable graph checked. */
export async function lower(fixture: string, fn: string, options: OptimizeOptions | null = null) {
  const { program, annotator } = await annotate(fixture);
  const { RTyper } = await dist("rtyper/rtyper.js");
  const { reachableGraphs } = await dist("llir/llgraph.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  const { optimizeGraphs } = await dist("rtyper/opt/index.js");
  const desc = annotator.annotatedFunctions().find((d: { name: string }) => d.name === fn);
  expect(desc, fn).toBeDefined();
  const graph = new RTyper(annotator).specializeFrom(desc);
  const stats = options ? optimizeGraphs([graph], options) : undefined;
  for (const g of reachableGraphs([graph])) checkLLGraph(g);
  const live = program.entry.binding(fn).value as (...args: number[]) => unknown;
  return { graph, stats, live };
}

export type Outcome = { value: unknown } | { fatal: string } | { raised: true };

/**
 * What running graph on args gives: a value, a fatal error (its message names the position) or
 * an exception; `transformed` for a graph that went through the exception transform.
 */
export async function outcome(graph: Any, args: (number | boolean)[], transformed = false): Promise<Outcome> {
  const { LLInterpreter, LLFatalError, LLException } = await dist("llir/llinterp.js");
  const { callWithExceptions } = await dist("rtyper/exceptions.js");
  try {
    const interp = new LLInterpreter();
    return { value: transformed ? callWithExceptions(interp, graph, args) : interp.call(graph, args) };
  } catch (error) {
    if (error instanceof LLFatalError) return { fatal: (error as Error).message };
    if (error instanceof LLException) return { raised: true };
    throw error;
  }
}

/** What running the function on Node gives, in the same terms (fatal errors have no Node counterpart). */
export function liveOutcome(live: (...args: number[]) => unknown, args: number[]): Outcome {
  try {
    return { value: live(...args) };
  } catch {
    return { raised: true };
  }
}

export async function printed(graph: Any): Promise<string> {
  const { printLLGraph } = await dist("llir/print-llgraph.js");
  return printLLGraph(graph);
}

/** How many operations of the given name the graph has. */
export async function countOps(graph: Any, opname: string): Promise<number> {
  return (await printed(graph)).split("\n").filter((line) => line.includes(`= ${opname}(`)).length;
}

/** For graphs built by hand: the LL classes and types, and op() appending an operation to a block. */
export async function llKit() {
  const graphs = await dist("llir/llgraph.js");
  const types = await dist("llir/lltype.js");
  const { OBJECT } = await dist("rtyper/rclass.js");
  const { LLConstant, LLVariable, LLOperation, LLBlock, LLGraph, LLLink } = graphs;
  return {
    ...graphs,
    ...types,
    c: (value: unknown, type: Any) => new LLConstant(value, type),
    v: (type: Any, hint: string) => new LLVariable(type, hint),
    block: (inputargs: Any[]) => new LLBlock(inputargs),
    link: (args: Any[], target: Any, exitcase: unknown = null) => new LLLink(args, target, exitcase),
    graph: (name: string, start: Any, result: Any) => new LLGraph(name, start, result, types.Ptr(OBJECT), undefined),
    /** Appends opname(args) to block; line gives it a position in "hand.ts" (fatal errors name it). */
    op(block: Any, opname: string, args: Any[], type: Any, hint = "v", line?: number) {
      const result = new LLVariable(type, hint);
      block.operations.push(new LLOperation(opname, args, result, line === undefined ? undefined : { file: "hand.ts", line, column: 1 }));
      return result;
    },
  };
}
