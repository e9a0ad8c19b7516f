// Exceptions at the low level: the functions of tests/fixtures/llinterp/exceptions.ts are
// annotated, rtyped and run by the LL interpreter twice, as the rtyper makes them (exception
// exits) and after the exception transform (explicit checks of exc_data); both must return what
// Node returns, and an error that escapes must show what Node shows (name, message, and the
// frames of the fixture's functions that made it; Node's frames go on into this test's).

import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

const dist = (path: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`);

const FUNCTIONS = ["acrossCalls", "catchByClass", "finallyPaths", "finallyRethrows", "nested", "identity", "constructorThrows", "uncaught", "instances", "nullableInstances", "missingFile"];
const INPUTS = Array.from({ length: 16 }, (_, i) => i - 2);

let loaded: ReturnType<typeof load> | undefined;

/** The fixture, loaded and annotated once; each test lowers it with a rtyper of its own. */
function toolchain() {
  loaded ??= load();
  return loaded;
}

async function load() {
  const { loadProgram } = await dist("frontend/modules.js");
  const { Annotator } = await dist("annotator/annotator.js");
  const { RTyper } = await dist("rtyper/rtyper.js");
  const { LLInterpreter, LLException } = await dist("llir/llinterp.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  const { reachableGraphs, LL_LAST_EXCEPTION } = await dist("llir/llgraph.js");
  const { describeLLException } = await dist("rtyper/run-llinterp.js");
  const { transformExceptions, callWithExceptions, graphMayRaise } = await dist("rtyper/exceptions.js");
  const { formatUncaught } = await dist("frontend/uncaught.js");
  // With the runtime helpers: readFileSync raises from one of them.
  const program = await loadProgram(`${repoRoot}/tests/fixtures/llinterp/exceptions.ts`, true, true);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  return { program, annotator, RTyper, LLInterpreter, LLException, checkLLGraph, reachableGraphs, LL_LAST_EXCEPTION, describeLLException, transformExceptions, callWithExceptions, graphMayRaise, formatUncaught };
}

type Toolchain = Awaited<ReturnType<typeof load>>;

/** The function's graph, lowered by a fresh rtyper (the transform changes graphs in place). */
function lower(t: Toolchain, fn: string) {
  const desc = t.annotator.annotatedFunctions().find((d: { name: string }) => d.name === fn);
  const graph = new t.RTyper(t.annotator).specializeFrom(desc);
  for (const g of t.reachableGraphs([graph])) t.checkLLGraph(g);
  return graph;
}

/** What a call gives: its result, or what an escaping error shows (its frames in the fixture). */
function outcome(t: Toolchain, run: () => unknown, interp: () => unknown): string {
  const inFixture = (text: string) => text.split("\n").filter((line, i) => i === 0 || line.includes("tests/fixtures/")).join("\n");
  try {
    return `returns ${String(run())}`;
  } catch (error) {
    if (error instanceof t.LLException) return `throws ${inFixture(t.describeLLException(interp(), (error as { value: number }).value))}`;
    if (error instanceof Error && error.constructor.name !== "LLFatalError") return `throws ${inFixture(t.formatUncaught(error))}`;
    throw error;
  }
}

function onNode(t: Toolchain, fn: string): string[] {
  const live = t.program.entry.binding(fn).value as (n: number) => number;
  return INPUTS.map((n) => outcome(t, () => live(n), () => undefined));
}

describe("exceptions under the LL interpreter", () => {
  it("throw, catch by class, rethrow, finally and instanceof give what Node gives", async () => {
    const t = await toolchain();
    for (const fn of FUNCTIONS) {
      const graph = lower(t, fn);
      const interp = new t.LLInterpreter();
      const results = INPUTS.map((n) => outcome(t, () => interp.call(graph, [n]), () => interp));
      expect(results, fn).toEqual(onNode(t, fn));
    }
  });

  it("shows an escaping error as Node does: name, message and the calls that made it", async () => {
    const t = await toolchain();
    const graph = lower(t, "uncaught");
    const interp = new t.LLInterpreter();
    const shown = [1, 2, 3, 4].map((n) => outcome(t, () => interp.call(graph, [n]), () => interp));
    expect(shown).toEqual([
      "throws RangeError: negative opcode\n    at step (tests/fixtures/llinterp/exceptions.ts:33:25)\n    at uncaught (tests/fixtures/llinterp/exceptions.ts:191:23)",
      "throws UnknownOpcode: unknown opcode\n    at step (tests/fixtures/llinterp/exceptions.ts:32:26)\n    at uncaught (tests/fixtures/llinterp/exceptions.ts:192:23)",
      "throws Error\n    at step (tests/fixtures/llinterp/exceptions.ts:35:27)\n    at uncaught (tests/fixtures/llinterp/exceptions.ts:193:23)",
      "throws Error: stack underflow\n    at step (tests/fixtures/llinterp/exceptions.ts:31:25)\n    at uncaught (tests/fixtures/llinterp/exceptions.ts:194:23)",
    ]);
  });

  it("shows an error a runtime helper made at the call of the builtin, as Node does", async () => {
    const t = await toolchain();
    const graph = lower(t, "missingFile");
    const interp = new t.LLInterpreter();
    expect(outcome(t, () => interp.call(graph, [6]), () => interp)).toBe(
      "throws Error: ENOENT: no such file or directory, open '/nonexistent/rts-exceptions-fixture.txt'\n    at missingFile (tests/fixtures/llinterp/exceptions.ts:181:21)",
    );
  });
});

describe("the exception transform", () => {
  it("gives the same results as the exception exits it replaces", async () => {
    const t = await toolchain();
    for (const fn of FUNCTIONS) {
      const graph = lower(t, fn);
      t.transformExceptions([graph]);
      const interp = new t.LLInterpreter();
      const results = INPUTS.map((n) => outcome(t, () => t.callWithExceptions(interp, graph, [n]), () => interp));
      expect(results, fn).toEqual(onNode(t, fn));
    }
  });

  it("leaves graphs with no exception exits, that pass the verifier", async () => {
    const t = await toolchain();
    const graph = lower(t, "main");
    t.transformExceptions([graph]);
    for (const g of t.reachableGraphs([graph])) {
      t.checkLLGraph(g);
      const blocks = g.iterBlocks();
      expect(blocks.includes(g.exceptblock), g.name).toBe(false);
      expect(blocks.some((b: { exitswitch: unknown }) => b.exitswitch === t.LL_LAST_EXCEPTION), g.name).toBe(false);
    }
  });

  it("checks for an exception only after calls that may raise", async () => {
    const t = await toolchain();
    const graph = lower(t, "acrossCalls");
    t.transformExceptions([graph]);
    const byName = new Map(t.reachableGraphs([graph]).map((g: { name: string }) => [g.name, g]));
    expect(t.graphMayRaise(byName.get("step"))).toBe(true);
    expect(t.graphMayRaise(byName.get("Machine.run"))).toBe(true);
    expect(t.graphMayRaise(byName.get("Machine.constructor"))).toBe(false);
    // acrossCalls catches everything it calls.
    expect(t.graphMayRaise(graph)).toBe(false);
    const ops = graph.iterBlocks().flatMap((b: { operations: { opname: string; args: { value?: unknown }[] }[] }) => b.operations);
    const checks = ops.filter((op: { opname: string; args: { value?: unknown }[] }) => op.opname === "getfield" && (op.args[1]!.value as string) === "exc_value");
    const calls = ops.filter((op: { opname: string }) => op.opname === "direct_call");
    // Machine's constructor and run are called; only run may raise.
    expect(calls.length).toBe(2);
    expect(checks.length).toBe(1);
  });
});
