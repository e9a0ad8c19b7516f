// `rts translate --dump-after PASS[:FUNCTION]` and `rts lltype --after PASS`: the LL graphs as
// translation has them right after one LL pass (src/translator/passes.ts). The text parses back
// (src/llir/parse-llgraph.ts, with the environment of the same graphs made in this process) to
// graphs printed identically; a function's graphs change from pass to pass as the pass says; an
// unknown pass is a bad command line naming the passes; no executable is written.

import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

type Any = any; // values of the compiled toolchain
const dist = (p: string): Promise<Any> => import(/* @vite-ignore */ `${repoRoot}/dist/${p}`);

const FIXTURE = "tests/fixtures/llinterp/opt-small.ts";
const PASSES = "jit-portal, string-builders, inline, constfold, dce, malloc-removal, constfold-again, dce-again, load-cse, dce-after-cse, intbounds, native-ops, stack-checks, exceptions, gc";

/** Parses text with the environment of the fixture's graphs after the same pass, made in this process; returns the graphs printed again. */
async function parsedBack(text: string, pass: string): Promise<string> {
  const { loadProgram } = await dist("frontend/modules.js");
  const { Annotator } = await dist("annotator/annotator.js");
  const { lowerForNative } = await dist("translator/lower.js");
  const { passesFor, runPasses } = await dist("translator/passes.js");
  const { reachableGraphs } = await dist("llir/llgraph.js");
  const { printLLGraph } = await dist("llir/print-llgraph.js");
  const { parseLLGraphs, collectLLParseEnvironment } = await dist("llir/parse-llgraph.js");
  const annotator = new Annotator(await loadProgram(`${repoRoot}/${FIXTURE}`, true, true));
  annotator.annotateMain();
  const lowered = lowerForNative(annotator.program, annotator);
  runPasses(passesFor("native", true, pass), lowered.roots, lowered.context);
  const graphs = parseLLGraphs(text, collectLLParseEnvironment(reachableGraphs(lowered.roots)), "dump");
  return graphs.map(printLLGraph).join("");
}

describe.concurrent("rts translate --dump-after", () => {
  it("prints every graph of the program after a transform, text that parses back, and writes no executable", async () => {
    const result = await runRts(["translate", FIXTURE, "--dump-after", "gc"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^graph /);
    expect(result.stdout).toContain("graph main(");
    expect(result.stdout).toContain("graph rts_entry(");
    // The GC transform's shadow stack and barriers, and the exception transform's exc_data before them.
    expect(result.stdout).toContain("= gc_save_root(");
    expect(result.stdout).toContain("= gc_write_barrier(");
    expect(result.stdout).toContain("getfield(<exc_data>, \"exc_value\")");
    expect(await parsedBack(result.stdout, "gc")).toBe(result.stdout);
    expect(existsSync(`${repoRoot}/tests/fixtures/llinterp/opt-small-c`)).toBe(false);
  });

  it("prints one function's graphs with PASS:FUNCTION, as they are after that pass", async () => {
    // Before the passes (rts lltype) sumOfSquares calls square twice.
    const inlined = await runRts(["translate", FIXTURE, "--dump-after", "inline:sumOfSquares"]);
    expect(inlined.status).toBe(0);
    expect(inlined.stdout.match(/^graph .*$/gm)).toEqual(["graph sumOfSquares(a_0: Signed, b_1: Signed) -> Signed"]);
    expect(inlined.stdout).not.toContain("direct_call");
    expect(inlined.stdout.match(/int_mul_ovf/g)).toHaveLength(2);
    // After the stack checks a recursive function starts with one; the exception transform then checks after it.
    const checked = await runRts(["translate", FIXTURE, "--dump-after", "stack-checks:fact"]);
    expect(checked.stdout).toMatch(/^graph fact\(n_0: Signed\) -> Signed\nblock0\(n_0: Signed\):\n {2}v_1: Void = stack_check\(<fn rts_stack_overflow>\)/);
    expect(await parsedBack(checked.stdout, "stack-checks")).toBe(checked.stdout);
  });

  it("refuses an unknown pass as a bad command line, naming the passes", async () => {
    const message = `rts: error: option '--dump-after <pass[:function]>' argument 'inlining:main' is invalid. unknown pass 'inlining'; the passes are, in order: ${PASSES}.\n`;
    expect(await runRts(["translate", FIXTURE, "--dump-after", "inlining:main"])).toEqual({ stdout: "", stderr: message, status: 2 });
  });

  it("refuses an optimisation at --opt 0, and a function that no longer has a graph", async () => {
    expect(await runRts(["translate", FIXTURE, "--opt", "0", "--dump-after", "dce"])).toEqual({ stdout: "", stderr: "rts: error: the pass 'dce' does not run at --opt 0\n", status: 2 });
    const gone = await runRts(["translate", FIXTURE, "--dump-after", "gc:callsRecursive"]);
    expect(gone).toEqual({
      stdout: "",
      stderr: `${FIXTURE}: error: no graph of 'callsRecursive' is left after the pass 'gc': every call of it was inlined or removed by then\n`,
      status: 2,
    });
  });

  it("lists the passes in --help", async () => {
    const help = await runRts(["translate", "--help"]);
    expect(help.stdout.replace(/\s+/g, " ")).toContain(`the passes, in order: ${PASSES}`);
  });
});

describe.concurrent("rts lltype --after", () => {
  it("prints a function's graph after a pass: the object malloc removal took apart", async () => {
    const before = await runRts(["lltype", FIXTURE, "vecLength2"]);
    expect(before.stdout).toContain("malloc(inst_Vec)");
    const removed = await runRts(["lltype", FIXTURE, "vecLength2", "--after", "malloc-removal"]);
    expect(removed).toEqual({
      stdout: [
        "graph vecLength2(a_0: Signed, b_1: Signed) -> Signed",
        "block0(a_0: Signed, b_1: Signed):",
        "  v_2: Signed = int_mul_ovf(a_0, a_0)  @27:12",
        "  v_3: Signed = int_mul_ovf(b_1, b_1)  @27:31",
        "  v_4: Signed = int_add_ovf(v_2, v_3)  @27:12",
        "  return v_4",
        "",
      ].join("\n"),
      stderr: "",
      status: 0,
    });
  });

  it("prints main by default, with --callees what it reaches, parsing back", async () => {
    const callees = await runRts(["lltype", FIXTURE, "--after", "exceptions", "--callees"]);
    // What main reaches once the calls it makes are inlined, the RangeError of the stack check included.
    expect(callees.stdout.match(/^graph \S+\(/gm)).toEqual(["graph rts_stack_overflow(", "graph main(", "graph fact("]);
    expect(callees.stdout).toContain("getfield(<exc_data>, \"exc_value\")");
    expect(await parsedBack(callees.stdout, "exceptions")).toBe(callees.stdout);
  });

  it("refuses an unknown pass with commander's choices", async () => {
    const result = await runRts(["lltype", FIXTURE, "--after", "nope"]);
    expect(result).toEqual({ stdout: "", stderr: `rts: error: option '--after <pass>' argument 'nope' is invalid. Allowed choices are ${PASSES}.\n`, status: 2 });
  });
});
