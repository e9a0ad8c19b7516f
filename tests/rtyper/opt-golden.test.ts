// The LL optimisations (src/rtyper/opt) as LL text in, LL text out: each tests/rtyper/opt-golden/*.ll
// holds graphs written as LL text (src/llir/parse-llgraph.ts), a `# passes:` line naming the
// passes to run in order, and after `==== optimized` the graphs as printed after them. Every
// graph passes the verifier after each pass; a `# run: a b; c d` line (`()`: no arguments) runs the first graph in
// the LL interpreter on each argument list before and after, and the outcome must not change;
// the output, with the input's declarations, parses back to itself.
// UPDATE_GOLDEN=1 rewrites the expected sections; review the diff.
//
// Passes: constfold, dce, mallocremoval, loadcse, intbounds (each on every graph of the file), inline (the inlining
// of optimizeGraphs, callees first, `inline=N` for a threshold of N operations), all
// (optimizeGraphs with every pass).

import path from "node:path";
import { describe, expect, it } from "vitest";
import { blessGolden, readGoldenCases, updating } from "../helpers/golden.ts";
import { dist, outcome } from "./opt-lowering.ts";

type Any = any; // values of the compiled toolchain

const cases = readGoldenCases(path.join(import.meta.dirname, "opt-golden"), ".ll");

/** The environment of hand-written LL text: the rtyper's root object and class record types, strings, the exception type. */
async function environment() {
  const { OBJECT, OBJECT_VTABLE } = await dist("rtyper/rclass.js");
  const { STR, Ptr } = await dist("llir/lltype.js");
  const types = new Map<string, Any>([
    ["object", OBJECT],
    ["object_vtable", OBJECT_VTABLE],
    ["STR", STR],
  ]);
  return { types, exceptionType: Ptr(OBJECT) };
}

async function runPasses(graphs: Any[], passes: string[], file: string) {
  const { constantFold, removeDeadCode, removeMallocs, removeRedundantLoads, removeProvenOverflowChecks, optimizeGraphs } = await dist("rtyper/opt/index.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  for (const pass of passes) {
    const [name, arg] = pass.split("=");
    switch (name) {
      case "constfold":
        graphs.forEach((g) => constantFold(g));
        break;
      case "dce":
        graphs.forEach((g) => removeDeadCode(g));
        break;
      case "mallocremoval":
        graphs.forEach((g) => removeMallocs(g));
        break;
      case "loadcse":
        graphs.forEach((g) => removeRedundantLoads(g));
        break;
      case "intbounds":
        graphs.forEach((g) => removeProvenOverflowChecks(g));
        break;
      case "inline":
        optimizeGraphs(graphs, { constfold: false, dce: false, mallocRemoval: false, loadCse: false, inlineThreshold: arg === undefined ? undefined : Number(arg) });
        break;
      case "all":
        optimizeGraphs(graphs, {});
        break;
      default:
        throw new Error(`${file}: unknown pass '${pass}'`);
    }
    for (const g of graphs) checkLLGraph(g);
  }
}

describe("LL optimisations on LL text", () => {
  it("has the golden cases", () => expect(cases.length).toBeGreaterThanOrEqual(40));

  for (const golden of cases) {
    it(golden.name, async () => {
      const { parseLLGraphs } = await dist("llir/parse-llgraph.js");
      const { printLLGraph } = await dist("llir/print-llgraph.js");
      const { checkLLGraph } = await dist("llir/checkllgraph.js");
      const passes = /^# passes: (.*)$/m.exec(golden.input)?.[1]?.split(/,\s*/);
      expect(passes, `${golden.name} has no '# passes:' line`).toBeDefined();
      const runs = (/^# run: (.*)$/m.exec(golden.input)?.[1] ?? "")
        .split(";")
        .map((args) => args.trim())
        .filter(Boolean)
        .map((args) => (args === "()" ? [] : args.split(/\s+/)).map((a) => (a === "true" || a === "false" ? a === "true" : Number(a))));
      const graphs = parseLLGraphs(golden.input, await environment(), golden.name);
      for (const g of graphs) checkLLGraph(g);
      const before = [];
      for (const args of runs) before.push(await outcome(graphs[0], args));
      await runPasses(graphs, passes!, golden.name);
      const actual = graphs.map(printLLGraph).join("");
      for (const [i, args] of runs.entries()) expect(await outcome(graphs[0], args), `run ${args.join(" ")}`).toEqual(before[i]);
      if (updating) return blessGolden(golden, "optimized", actual);
      expect(golden.section, `${golden.name} has no expected section; run with UPDATE_GOLDEN=1`).toBe("optimized");
      expect(actual).toBe(golden.expected);
      // The output is LL text too: with the input's declarations, it parses back to itself.
      const declarations = golden.input.split("\n").filter((line) => /^(struct|array|func|prebuilt) /.test(line));
      const again = parseLLGraphs([...declarations, actual].join("\n"), await environment(), golden.name);
      expect(again.map(printLLGraph).join("")).toBe(actual);
    });
  }
});
