// The whole JIT running untranslated (src/translator/jit-llinterp.ts, `rts run --llinterp --jit`):
// the programs of a small machine written for the tests (tests/jit/fixtures/count-vm.ts) give,
// with RTS_JIT=threshold=3,trace_eagerness=2, the output, errors and exit status they give in
// the LL interpreter alone and on Node, while loops and bridges are compiled and run; a check
// failing inside a compiled loop stops the program with the same message and frames; RTS_JIT=off
// compiles nothing; an exception made by jitcodes and leaving the portal prints as without the
// JIT; the CLI writes the jit-summary RTSLOG asks for.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findSections, parsePypylog } from "../helpers/pypylog.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it (the loader needs its hooks built):
// `npm run build` first. Every class comes from dist, so that instanceof agrees.
const dist = <T>(path: string): Promise<T> => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`) as Promise<T>;
const { loadProgram } = await dist<typeof import("../../src/frontend/modules.ts")>("frontend/modules.js");
const { lowerProgram } = await dist<typeof import("../../src/translator/lower.ts")>("translator/lower.js");
const { describeLLException, runLowered } = await dist<typeof import("../../src/rtyper/run-llinterp.ts")>("rtyper/run-llinterp.js");
const { jitParamsOf, lowerProgramForJit } = await dist<typeof import("../../src/translator/jit-llinterp.ts")>("translator/jit-llinterp.js");
type JitLLInterpreter = import("../../src/translator/jit-llinterp.ts").JitLLInterpreter;

const FIXTURE = "tests/jit/fixtures/count-vm.ts";
const PARAMS = "threshold=3,trace_eagerness=2";

interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
}

const program = await loadProgram(`${repoRoot}/${FIXTURE}`, true, true);

function capture(run: (output: (fd: number, bytes: Uint8Array) => void) => number): Outcome {
  const out: string[] = [];
  const err: string[] = [];
  const status = run((fd, bytes) => (fd === 1 ? out : err).push(Buffer.from(bytes).toString("utf8")));
  return { stdout: out.join(""), stderr: err.join(""), status };
}

/** The program in the LL interpreter alone (`rts run --llinterp`). */
function plain(args: string[]): Outcome {
  const lowered = lowerProgram(program);
  if (typeof lowered === "string") throw new Error(lowered);
  return capture((output) => runLowered(lowered, [FIXTURE, ...args], describeLLException, output));
}

/** The program with the JIT (`rts run --llinterp --jit`), and the interpreter it ran in. */
function jitted(args: string[], params = PARAMS): Outcome & { interp: JitLLInterpreter } {
  const lowered = lowerProgramForJit(program, jitParamsOf(params));
  if (typeof lowered === "string") throw new Error(lowered);
  return { ...capture((output) => runLowered(lowered, [FIXTURE, ...args], describeLLException, output, lowered.interp)), interp: lowered.interp };
}

const outcome = (o: Outcome): Outcome => ({ stdout: o.stdout, stderr: o.stderr, status: o.status });

describe("rts run --llinterp --jit on a small machine's programs", () => {
  it("gives the output and status of the LL interpreter and of Node, with loops and bridges compiled and run", async () => {
    const expected = plain([]);
    expect(expected.status).toBe(3);
    expect(expected.stdout).toContain("aodj: 880");
    const onNode = await runRts(["run", FIXTURE], { env: { RTS_JIT: PARAMS } });
    expect({ stdout: onNode.stdout, stderr: onNode.stderr, status: onNode.status }).toEqual(expected);

    const { interp, ...withJit } = jitted([]);
    expect(withJit).toEqual(expected);
    // seven programs, each one loop; the branchy ones (o) made bridges
    expect(interp.loopsCompiled).toBeGreaterThanOrEqual(7);
    expect(interp.bridgesCompiled).toBeGreaterThan(0);
    const jit = [...interp.portals.values()][0]!;
    expect(jit.calls).toBe(7);
    expect(jit.runner.loopRuns).toBeGreaterThan(0);
    expect(jit.runner.bridgeRuns).toBeGreaterThan(0);
    expect(interp.profiler.depth).toBe(0);
  });

  it("gives the same result for single programs run with arguments", () => {
    for (const args of [["asodj", "57"], ["mdj", "45"], ["axdj", "200"]]) {
      const { interp, ...withJit } = jitted(args);
      expect([args, withJit]).toEqual([args, plain(args)]);
      expect(interp.loopsCompiled, args.join(" ")).toBeGreaterThan(0);
    }
  });

  it("stops with the same message, position and frames when a check fails inside a compiled loop", () => {
    // mddj from 41: mem[45 - n] runs 23 times in bounds, then n = -5 reads mem[50]
    const expected = plain(["mddj", "41"]);
    expect(expected.status).toBe(70);
    expect(expected.stderr).toMatch(/^fatal error: index 50 out of bounds \(length 50\)\n {4}at run \(tests\/jit\/fixtures\/count-vm\.ts:28:35\)\n {4}at main \(/);
    const { interp, ...withJit } = jitted(["mddj", "41"]);
    expect(withJit).toEqual(expected);
    const runner = [...interp.portals.values()][0]!.runner;
    // the check failed in compiled code: its guard failed and the meta-interpreter stopped there
    expect(runner.loopRuns).toBeGreaterThan(0);
    expect(runner.guardFailures).toBeGreaterThan(0);
  });

  const sameException = (args: string[], loops: number) => {
    const expected = plain(args);
    expect(expected.status).toBe(1);
    expect(expected.stderr).toMatch(/^Error: (error at 4 with acc 31|bad instruction 122 at 4)\n {4}at run \(tests\/jit\/fixtures\/count-vm\.ts:\d+:\d+\)\n {4}at main \(/);
    const { interp, ...withJit } = jitted(args);
    expect(withJit.stderr.split("\n")[0]).toBe(expected.stderr.split("\n")[0]);
    expect(interp.loopsCompiled).toBe(loops);
    expect(withJit).toEqual(expected);
  };

  it("raises an exception leaving the portal as the LL interpreter does, with the same frames", () => {
    // e raises in the first iteration
    sameException(["iadxej", "30"], 0);
  });

  // idajz runs its loop compiled, then z (no instruction) raises after it: the error made by
  // jitcodes shows its own position (45:18), not the first `new` of an error's (38:34, e's), as
  // the codewriter's stack_trace helper is one per site.
  it("raises an exception made after a compiled loop with its own position", () => {
    sameException(["idajz", "30"], 1);
  });

  it("compiles nothing with RTS_JIT=off, and gives the same output", () => {
    const { interp, ...withJit } = jitted([], "off");
    expect(withJit).toEqual(plain([]));
    expect(interp.portals.size).toBe(0);
    expect(interp.loopsCompiled).toBe(0);
  });
});

describe("the command line", () => {
  const directory = mkdtempSync(join(tmpdir(), "rts-llinterp-jit-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("runs with --llinterp --jit and writes the logs RTSLOG asks for: each trace's inside its jit-tracing, the jit-summary", async () => {
    const log = join(directory, "jit.log");
    const run = await runRts(["run", "--llinterp", "--jit", FIXTURE, "aodj", "30"], { env: { RTS_JIT: PARAMS, RTSLOG: `jit-tracing,jit-log-noopt,jit-log-opt,jit-summary:${log}` } });
    expect(outcome({ stdout: run.stdout, stderr: run.stderr, status: run.status! })).toEqual(plain(["aodj", "30"]));
    const sections = parsePypylog(readFileSync(log, "utf8"));
    // one loop and one bridge (o's odd branch), each traced, optimized and compiled inside its jit-tracing
    expect(sections.map((s) => s.name)).toEqual(["jit-tracing", "jit-tracing", "jit-summary"]);
    expect(sections[0]!.children.map((s) => s.name)).toEqual(["jit-log-noopt", "jit-log-opt-loop"]);
    expect(sections[1]!.children.map((s) => s.name)).toEqual(["jit-log-noopt", "jit-log-opt-bridge"]);
    const [summary] = findSections(sections, "jit-summary");
    const loops = summary!.lines.find((line) => line.startsWith("Total # of loops:"));
    expect(Number(loops!.split("\t")[1])).toBeGreaterThan(0);
    const bridges = summary!.lines.find((line) => line.startsWith("Total # of bridges:"));
    expect(Number(bridges!.split("\t")[1])).toBeGreaterThan(0);
  });

  it("writes an abort in jit-abort and as the line of its jit-tracing section", async () => {
    const abortLog = join(directory, "abort.log");
    const aborted = await runRts(["run", "--llinterp", "--jit", FIXTURE, "aodj", "30"], { env: { RTS_JIT: `${PARAMS},trace_limit=5`, RTSLOG: `jit-tracing,jit-abort,jit-summary:${abortLog}` } });
    expect(outcome({ stdout: aborted.stdout, stderr: aborted.stderr, status: aborted.status! })).toEqual(plain(["aodj", "30"]));
    const abortSections = parsePypylog(readFileSync(abortLog, "utf8"));
    const tracing = abortSections.filter((s) => s.name === "jit-tracing");
    expect(tracing.length).toBeGreaterThan(0);
    const line = "~~~ ABORTING TRACING trace too long at pc=0, code=";
    for (const section of tracing) {
      expect(section.lines.length).toBe(1);
      expect(section.lines[0]).toMatch(new RegExp(`^${line}\\d+$`));
      expect(section.children.map((s) => s.name)).toEqual(["jit-abort"]);
      expect(section.children[0]!.lines).toEqual(section.lines);
    }
    const summary = findSections(abortSections, "jit-summary")[0]!;
    expect(summary.lines).toContain(`abort: trace too long:\t${tracing.length}`);
  });

  it("writes a summary of nothing compiled with RTS_JIT=off", async () => {
    const log = join(directory, "off.log");
    const run = await runRts(["run", "--llinterp", "--jit", FIXTURE, "aodj", "30"], { env: { RTS_JIT: "off", RTSLOG: `jit-summary:${log}` } });
    expect(run.status).toBe(0);
    const [summary] = findSections(parsePypylog(readFileSync(log, "utf8")), "jit-summary");
    expect(summary!.lines).toContain("Total # of loops:\t0");
  });

  // The examples' interpreters: a loop of the user program is compiled (their greens are
  // promoted at the merge point: bf's jump target comes from an array), the output is unchanged.
  it.each([
    ["examples/bf/bf.ts", "hello.b", "++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++.------.--------.>>+.>++.\n"],
    ["examples/lox/lox.ts", "sum.lox", "var i = 0; var s = 0;\nwhile (i < 200) { s = s + i; i = i + 1; }\nprint s;\n"],
  ])("compiles a loop of %s's user program and prints what --llinterp prints", async (target, name, source) => {
    const file = join(directory, name);
    writeFileSync(file, source);
    const log = join(directory, `${name}.log`);
    const [jit, plainRun] = await Promise.all([
      runRts(["run", "--llinterp", "--jit", target, file], { env: { RTS_JIT: PARAMS, RTSLOG: `jit-summary,jit-log-opt:${log}` } }),
      runRts(["run", "--llinterp", target, file]),
    ]);
    expect(plainRun.status).toBe(0);
    expect(jit).toEqual(plainRun);
    const sections = parsePypylog(readFileSync(log, "utf8"));
    const loops = findSections(sections, "jit-summary")[0]!.lines.find((line) => line.startsWith("Total # of loops:"));
    expect(Number(loops!.split("\t")[1])).toBeGreaterThan(0);
    expect(findSections(sections, "jit-log-opt-loop").length).toBeGreaterThan(0);
  });

  // examples/lox keeps an instance's fields by map (value.ts InstanceMap): with the map promoted
  // and fieldIndex elidable, a field read or write in a loop is a guard on the map and an item
  // access, with no call (a Map<string, LoxValue> per instance made each a call of ll_map_get).
  it("examples/lox: reading and writing fields in a loop makes no call, only a guard on the instance's map", async () => {
    const file = join(directory, "fields.lox");
    writeFileSync(file, "class P { init() { this.x = 1; this.y = 2; } }\nvar p = P(); var i = 0; var s = 0;\nwhile (i < 300) { s = s + p.y; p.x = i; i = i + 1; }\nprint s; print p.x;\n");
    const log = join(directory, "fields.log");
    const run = await runRts(["run", "--llinterp", "--jit", "examples/lox/lox.ts", file], { env: { RTS_JIT: PARAMS, RTSLOG: `jit-log-opt:${log}` } });
    expect(run).toMatchObject({ stdout: "600\n299\n", status: 0 });
    const loops = findSections(parsePypylog(readFileSync(log, "utf8")), "jit-log-opt-loop");
    expect(loops.length).toBeGreaterThan(0);
    const operations = loops.flatMap((loop) => loop.lines).filter((line) => !line.startsWith("#") && !line.startsWith("debug_merge_point"));
    expect(operations.filter((line) => /\bcall/.test(line))).toEqual([]);
    expect(operations.some((line) => /guard_value\(p\d+, ConstPtr/.test(line))).toBe(true);
  });

  it("refuses --jit without --llinterp (status 2)", async () => {
    const run = await runRts(["run", "--jit", FIXTURE]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--jit runs only with --llinterp");
  });
});
