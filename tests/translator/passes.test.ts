// The LL passes as one list (src/translator/passes.ts): its order and names, the prefix each mode
// runs, and the verifier run after every pass: on fixture programs every pass leaves graphs that
// verify, and a broken pass slipped into a copy of the list is caught, named, right after it runs.

import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

type Any = any; // values of the compiled toolchain
const dist = (p: string): Promise<Any> => import(/* @vite-ignore */ `${repoRoot}/dist/${p}`);
const passes = await dist("translator/passes.js");
const names = (list: { name: string }[]) => list.map((p) => p.name);

/** The optimisations of src/rtyper/opt that are graph passes (one sweep), in order. */
const GRAPH_OPTIMISATIONS = ["inline", "constfold", "dce", "malloc-removal", "constfold-again", "dce-again", "load-cse", "dce-after-cse", "intbounds"];
/** Every optimisation: string builders is a program pass, before the sweep. */
const OPTIMISATIONS = ["string-builders", ...GRAPH_OPTIMISATIONS];
/** The passes without the JIT, in order. */
const ALL = [...OPTIMISATIONS, "native-ops", "stack-checks", "exceptions", "gc"];
/** Every pass: the JIT's portal split runs first (the codewriter takes the rtyper's graphs). */
const EVERY = ["jit-portal", ...OPTIMISATIONS, "native-ops", "stack-checks", "exceptions", "gc"];

/** A fixture lowered as `rts translate` lowers it (the native runtime around main), before any pass. */
async function lowerForNative(fixture: string) {
  const { loadProgram } = await dist("frontend/modules.js");
  const { Annotator } = await dist("annotator/annotator.js");
  const { lowerForNative } = await dist("translator/lower.js");
  const program = await loadProgram(`${repoRoot}/tests/fixtures/llinterp/${fixture}`, true, true);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  return lowerForNative(program, annotator);
}

describe("the list of LL passes", () => {
  it("holds every pass once, in the order they run", () => {
    expect(passes.LL_PASS_NAMES).toEqual(EVERY);
    expect(names(passes.LL_PASSES)).toEqual(EVERY);
    expect(new Set(passes.LL_PASS_NAMES).size).toBe(passes.LL_PASS_NAMES.length);
  });

  it("has the optimisations of src/rtyper/opt as its graph passes, in their order", async () => {
    const { GRAPH_PASSES } = await dist("rtyper/opt/index.js");
    const graphPasses = passes.LL_PASSES.filter((p: Any) => p.kind === "graph");
    expect(graphPasses.map((p: Any) => p.graphPass)).toEqual(GRAPH_PASSES);
    expect(names(graphPasses)).toEqual(GRAPH_OPTIMISATIONS);
    expect(graphPasses.every((p: Any) => p.phase === "optimisation")).toBe(true);
    expect(passes.LL_PASSES.filter((p: Any) => p.kind === "program").map((p: Any) => p.phase)).toEqual(["jit", "optimisation", "transforms", "transforms", "transforms", "transforms"]);
  });

  it("gives each mode its passes: native code all, the LL interpreter no native operations and no GC transform, --opt 0 no optimisation", () => {
    expect(names(passes.passesFor("native", true))).toEqual(ALL);
    expect(names(passes.passesFor("native", false))).toEqual(["native-ops", "stack-checks", "exceptions", "gc"]);
    expect(names(passes.passesFor("llinterp", true))).toEqual([...OPTIMISATIONS, "stack-checks", "exceptions"]);
    expect(names(passes.passesFor("llinterp", false))).toEqual(["stack-checks", "exceptions"]);
    expect(names(passes.passesFor("native", true, undefined, true))).toEqual(EVERY);
    expect(names(passes.passesFor("llinterp", false, undefined, true))).toEqual(["jit-portal", "stack-checks", "exceptions"]);
    expect(names(passes.passesFor("llinterp", true, undefined, true))).toEqual(["jit-portal", ...OPTIMISATIONS, "stack-checks", "exceptions"]);
  });

  it("stops after a program pass, or at the end of a graph pass's sweep (a graph pass sees callees the later ones changed)", () => {
    expect(names(passes.passesFor("native", true, "stack-checks"))).toEqual([...OPTIMISATIONS, "native-ops", "stack-checks"]);
    expect(names(passes.passesFor("native", false, "native-ops"))).toEqual(["native-ops"]);
    expect(names(passes.passesFor("native", true, "inline"))).toEqual(OPTIMISATIONS);
    expect(names(passes.passesFor("native", true, "dce-again"))).toEqual(OPTIMISATIONS);
    expect(names(passes.passesFor("native", true, "string-builders"))).toEqual(["string-builders"]);
    expect(names(passes.passesFor("llinterp", true, "exceptions"))).toEqual([...OPTIMISATIONS, "stack-checks", "exceptions"]);
  });

  it("refuses a name that is no pass, or a pass the mode does not run, saying why", () => {
    expect(() => passes.passesFor("native", true, "inlining")).toThrow(new passes.PassChoiceError(`unknown pass 'inlining'; the passes are, in order: ${EVERY.join(", ")}`));
    expect(() => passes.passesFor("native", true, "jit-portal")).toThrow("the pass 'jit-portal' runs only with the JIT");
    expect(names(passes.passesFor("native", true, "jit-portal", true))).toEqual(["jit-portal"]);
    expect(() => passes.passesFor("native", false, "constfold")).toThrow("the pass 'constfold' does not run at --opt 0");
    expect(() => passes.passesFor("llinterp", true, "gc")).toThrow("the pass 'gc' does not run for the LL interpreter");
    expect(() => passes.passesFor("llinterp", false, "native-ops")).toThrow("the pass 'native-ops' does not run for the LL interpreter");
    expect(passes.unknownPassMessage("gc")).toBeUndefined();
  });
});

describe("the verifier after every pass", () => {
  // Classes and virtual calls, exceptions caught and raised, objects malloc removal takes apart, float operations native code calls helpers for.
  for (const fixture of ["classes.ts", "exceptions.ts", "opt-objects.ts", "math.ts"]) {
    it(`passes on ${fixture} after each pass, for native code and for the LL interpreter`, async () => {
      const lowered = await lowerForNative(fixture);
      const seen = new Map<string, number>();
      const after = (pass: Any, graphs: Any[]) => seen.set(pass.name, (seen.get(pass.name) ?? 0) + graphs.length);
      passes.runPasses(passes.passesFor("native", true), lowered.roots, lowered.context, { verify: true, after });
      // Every pass ran on some graph and its graphs were handed over, so verified (the "-again"
      // passes run on the graphs malloc removal changed: the runtime's helpers have some; so a
      // graph without such a change gets intbounds first).
      expect([...seen.keys()].sort()).toEqual([...ALL].sort());
      expect([...seen.values()].every((n) => n > 0)).toBe(true);

      const { loadProgram } = await dist("frontend/modules.js");
      const { lowerProgram } = await dist("translator/lower.js");
      const program = await loadProgram(`${repoRoot}/tests/fixtures/llinterp/${fixture}`, true, true);
      expect(typeof lowerProgram(program, undefined, true, false, { verify: true })).toBe("object");
    });
  }

  it("catches a broken pass slipped into a copy of the list, naming it, whether a program pass or a graph pass; and a graph broken before the passes", async () => {
    const { LLOperation, LLVariable, LLConstant } = await dist("llir/llgraph.js");
    const { Signed } = await dist("llir/lltype.js");
    // An operation using a variable nothing defines.
    const breakGraph = (graph: Any) => {
      const op = new LLOperation("int_add", [new LLVariable(Signed, "stray"), new LLConstant(1, Signed)], new LLVariable(Signed, "broken"));
      graph.startblock.operations.unshift(op);
    };
    const list = passes.passesFor("native", true);
    const broken = { kind: "program", name: "break-the-entry", title: "broken", phase: "transforms", nativeOnly: false, run: (roots: Any[]) => void breakGraph(roots[0]) };
    const at = list.findIndex((p: Any) => p.name === "exceptions") + 1;

    const withBrokenProgramPass = [...list.slice(0, at), broken, ...list.slice(at)];
    const first = await lowerForNative("classes.ts");
    expect(() => passes.runPasses(withBrokenProgramPass, first.roots, first.context, { verify: true })).toThrow(
      /^internal error: after the pass 'break-the-entry': LL graph rts_entry: block0: broken_\d+: Signed = int_add\(stray_\d+, 1\): int_add uses stray_\d+, which its block does not define$/,
    );

    // The same list without verification runs to its end: the verifier is what caught it.
    const second = await lowerForNative("classes.ts");
    expect(() => passes.runPasses(withBrokenProgramPass, second.roots, second.context, {})).not.toThrow();

    // A graph broken before the passes is the rtyper's, not the first pass's.
    const fourth = await lowerForNative("classes.ts");
    breakGraph(fourth.roots[0]);
    expect(() => passes.runPasses(list, fourth.roots, fourth.context, { verify: true })).toThrow(/^internal error: before the pass 'string-builders': LL graph rts_entry: block\d+: \S+: Signed = int_add\(stray_\d+, 1\): int_add uses stray_\d+/);

    const brokenGraphPass = {
      kind: "graph",
      name: "break-each-graph",
      phase: "optimisation",
      nativeOnly: false,
      graphPass: { name: "break-each-graph", option: "dce", counts: "removed", run: (graph: Any) => (breakGraph(graph), 0) },
    };
    const withBrokenGraphPass = [...list.slice(0, 2), brokenGraphPass, ...list.slice(2)];
    const third = await lowerForNative("classes.ts");
    expect(() => passes.runPasses(withBrokenGraphPass, third.roots, third.context, { verify: true })).toThrow(/^internal error: after the pass 'break-each-graph': LL graph \S+: block\d+: \S+: Signed = int_add\(stray_\d+, 1\): int_add uses stray_\d+/);
  });
});
