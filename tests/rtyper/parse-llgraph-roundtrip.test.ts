// The parser of LL text (src/llir/parse-llgraph.ts) on what the rtyper makes: the LL graph of
// every golden file of tests/rtyper/golden (the text of its `==== lltype` section) and every
// graph it reaches (helpers and callees), printed, parsed back with the environment collected
// from the original graphs, printed again: the same text, graphs that pass the verifier, and the
// same graphs structurally (the types of constants, which the text leaves out, included). The
// same for a few fixtures of tests/fixtures/llinterp from main (classes, exceptions caught and
// ignored, prebuilt objects seen through base pointers, helpers specialised per type under one name),
// and two of them again after the optimisations, the exception transform and the GC transform.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { readGoldenCases } from "../helpers/golden.ts";
import { repoRoot } from "../helpers/run-rts.ts";
import { llGraphDifferences } from "./llgraph-compare.ts";

type Any = any; // values of the compiled toolchain
const dist = (p: string): Promise<Any> => import(/* @vite-ignore */ `${repoRoot}/dist/${p}`);

const cases = readGoldenCases(path.join(import.meta.dirname, "golden"), ".ts", true);

/** The LL graph of fn in the file, as `rts lltype file fn` makes it, and every graph it reaches. */
async function lowerExample(file: string, fn = "example") {
  const { loadProgram } = await dist("frontend/modules.js");
  const { Annotator } = await dist("annotator/annotator.js");
  const { RTyper } = await dist("rtyper/rtyper.js");
  const { reachableGraphs } = await dist("llir/llgraph.js");
  const program = await loadProgram(file, true, true);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  const desc = annotator.annotatedFunctions().find((d: { name: string }) => d.name === fn);
  const graph = new RTyper(annotator).specializeFrom(desc);
  return { graph, reached: reachableGraphs([graph]) as Any[] };
}

describe("LL text round trip", () => {
  it("has the golden cases", () => expect(cases.length).toBeGreaterThanOrEqual(6));

  it("compares graphs beyond their text: a constant's type, a position", async () => {
    const { parseLLGraphs } = await dist("llir/parse-llgraph.js");
    const graph = (operand: string, pos: string) => parseLLGraphs(`graph f(a: Signed) -> Signed\nblock0(a: Signed):\n  r = int_add(a, ${operand})${pos}\n  return r\n`)[0];
    expect(llGraphDifferences(graph("3", ""), graph("3", ""))).toEqual([]);
    expect(llGraphDifferences(graph("3", ""), graph("3: Unsigned", ""))).toEqual(["f: block 0 op 0 int_add operand 1: const 3:Signed != const 3:Unsigned"]);
    expect(llGraphDifferences(graph("3", "  @1:2"), graph("3", "  @1:3"))).toEqual(["f: block 0 op 0 int_add: position 1:2 != 1:3"]);
  });

  for (const golden of cases) {
    it(golden.name, async () => {
      const { printLLGraph } = await dist("llir/print-llgraph.js");
      const { checkLLGraph } = await dist("llir/checkllgraph.js");
      const { parseLLGraphs, collectLLParseEnvironment } = await dist("llir/parse-llgraph.js");
      const { graph, reached } = await lowerExample(golden.file);
      // The golden text itself (what golden-lltype.test.ts checks `rts lltype` prints).
      expect(printLLGraph(graph)).toBe(golden.expected);
      const env = collectLLParseEnvironment(reached);
      const [parsed] = parseLLGraphs(golden.expected, env, golden.name);
      expect(printLLGraph(parsed)).toBe(golden.expected);
      checkLLGraph(parsed);
      expect(llGraphDifferences(graph, parsed)).toEqual([]);

      // Every graph it reaches, as one text (`rts lltype --callees`): calls between them resolve to the parsed graphs.
      const text = reached.map(printLLGraph).join("");
      const all = parseLLGraphs(text, env, golden.name);
      expect(all.map(printLLGraph).join("")).toBe(text);
      all.forEach((g: Any, i: number) => {
        checkLLGraph(g);
        expect(llGraphDifferences(reached[i], g)).toEqual([]);
      });
    });
  }
});

/** Parses the graphs' text with their environment: the same text and the same graphs. */
async function expectRoundTrip(reached: Any[], file: string) {
  const { printLLGraph } = await dist("llir/print-llgraph.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  const { parseLLGraphs, collectLLParseEnvironment } = await dist("llir/parse-llgraph.js");
  const text = reached.map(printLLGraph).join("");
  const parsed = parseLLGraphs(text, collectLLParseEnvironment(reached), file);
  expect(parsed.map(printLLGraph).join("")).toBe(text);
  const differences = parsed.flatMap((g: Any, i: number) => {
    checkLLGraph(g);
    return llGraphDifferences(reached[i], g);
  });
  expect(differences.slice(0, 5)).toEqual([]);
}

describe("LL text round trip of whole programs", () => {
  for (const fixture of ["classes.ts", "exceptions.ts", "prebuilt.ts", "iterators.ts"]) {
    it(fixture, async () => {
      const { reached } = await lowerExample(`${repoRoot}/tests/fixtures/llinterp/${fixture}`, "main");
      expect(reached.length).toBeGreaterThan(10);
      await expectRoundTrip(reached, fixture);
    });
  }
});

describe("LL text round trip after the later stages", () => {
  // What the optimisations, the exception transform and the GC transform make is LL text too
  // (raw memory, shadow stack and exception data operations, helper graphs they add).
  for (const fixture of ["exceptions.ts", "classes.ts"]) {
    it(fixture, async () => {
      const { reachableGraphs } = await dist("llir/llgraph.js");
      const { optimizeGraphs } = await dist("rtyper/opt/index.js");
      const { transformExceptions } = await dist("rtyper/exceptions.js");
      const { gcTransform } = await dist("gctransform/transform.js");
      const { graph } = await lowerExample(`${repoRoot}/tests/fixtures/llinterp/${fixture}`, "main");
      optimizeGraphs([graph]);
      await expectRoundTrip(reachableGraphs([graph]), `${fixture} optimized`);
      transformExceptions([graph]);
      await expectRoundTrip(reachableGraphs([graph]), `${fixture} after the exception transform`);
      gcTransform([graph]);
      await expectRoundTrip(reachableGraphs([graph]), `${fixture} after the GC transform`);
    });
  }
});
