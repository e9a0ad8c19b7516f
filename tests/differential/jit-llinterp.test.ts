// `rts run --llinterp --jit` against `rts run` on the examples and the corpus (issue 16): with
// RTS_JIT=threshold=3,trace_eagerness=2, the output, errors and exit status of
//   - examples/bf on the project's small programs (tests/fixtures/bf/programs but letters.b, and
//     a few more: tape growth, wrapping, the bracket errors, a missing file), against their .out
//     files and the LL interpreter alone;
//   - examples/lox on Lox scripts, against the conformance suite's expectations (as
//     tests/differential/lox-llinterp.test.ts checks the LL interpreter alone) and the LL
//     interpreter alone;
//   - the annotator's corpus (tests/annotator/golden/ok) batched (tests/helpers/batch-driver.ts),
//     with no arguments and with two, against the LL interpreter alone;
// while loops and bridges are compiled and run: each group asserts its counts (the same counters
// the jit-summary log prints; one run through the CLI checks that log), so that the JIT was
// really on.
//
// Each program is lowered once (the JIT's jitcodes made once) and every run has a fresh
// interpreter (JitLLInterpreter.fresh(): a fresh heap, no warm state), as a process of its own.
// The LL interpreter alone (`rts run --llinterp`) is the reference where the suite has no
// expectations: tests/differential/{bf,lox}-llinterp.test.ts and corpus.test.ts check it against
// `rts run`. (In the sample, to save a lowering, the reference runs the graphs lowered with the
// JIT's settings in a plain LL interpreter; the full run lowers the program for it separately.)
// Programs that read stdin run through the CLI, against `rts run` (the LL interpreter reads this
// process's own fd 0).
//
// In `npm test` a sample runs (about 20 s): the bf programs, the first Lox script of each folder
// of the suite (limit/ left out: its scripts are thousands of constants or locals, seconds each)
// with the scripts whose loops compile, two of the project's Lox programs that compile bridges,
// and the corpus. RTS_JIT_DIFF_ALL=1 (`npm run jit-diff`) runs everything: all 246 scripts of the
// conformance suite and the 75 of tests/fixtures/lox, every bf program (the ones reading input
// too), the corpus, each with the JIT at those parameters and with RTS_JIT=off, and prints a
// summary (runs, identical, different, loops and bridges compiled, time).

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeBatchDriver } from "../helpers/batch-driver.ts";
import { bfFixtures } from "../helpers/bf-programs.ts";
import { describeWithSuite, LOX_SUITE } from "../helpers/external-suites.ts";
import { checkRun, findLoxTests, LOX_FIXTURES, LOX_SUITE_EXCLUDED, readExpectations } from "../helpers/lox-expectations.ts";
import { findSections, parsePypylog } from "../helpers/pypylog.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it (the loader needs its hooks built).
const dist = <T>(file: string): Promise<T> => import(/* @vite-ignore */ `${repoRoot}/dist/${file}`) as Promise<T>;
const { loadProgram } = await dist<typeof import("../../src/frontend/modules.ts")>("frontend/modules.js");
const { lowerProgram } = await dist<typeof import("../../src/translator/lower.ts")>("translator/lower.js");
const { describeLLException, runLowered } = await dist<typeof import("../../src/rtyper/run-llinterp.ts")>("rtyper/run-llinterp.js");
const { jitParamsOf, lowerProgramForJit } = await dist<typeof import("../../src/translator/jit-llinterp.ts")>("translator/jit-llinterp.js");
type JitLLInterpreter = import("../../src/translator/jit-llinterp.ts").JitLLInterpreter;
type LoweredProgram = import("../../src/rtyper/run-llinterp.ts").LoweredProgram;

const PARAMS = "threshold=3,trace_eagerness=2";
const ALL = process.env.RTS_JIT_DIFF_ALL === "1";
/** The JIT settings each group runs with: RTS_JIT=off too in the full run. */
const MODES = ALL ? [PARAMS, "off"] : [PARAMS];

const directory = mkdtempSync(path.join(tmpdir(), "rts-jit-diff-"));

interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
}

/** What one run gave, for the summary. */
interface Record {
  group: string;
  mode: string;
  name: string;
  same: boolean;
  loops: number;
  bridges: number;
  /** How many times compiled loops and bridges were entered. */
  entered: number;
}
const records: Record[] = [];
const started = performance.now();

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
  if (!ALL) return;
  const lines = ["jit-diff: rts run --llinterp --jit against rts run"];
  for (const mode of [PARAMS, "off"]) {
    for (const group of [...new Set(records.map((r) => r.group))]) {
      const runs = records.filter((r) => r.group === group && r.mode === mode);
      if (runs.length === 0) continue;
      const identical = runs.filter((r) => r.same).length;
      const loops = runs.reduce((n, r) => n + r.loops, 0);
      const bridges = runs.reduce((n, r) => n + r.bridges, 0);
      const entered = runs.reduce((n, r) => n + r.entered, 0);
      lines.push(`  RTS_JIT=${mode} ${group}: ${runs.length} runs, ${identical} identical, ${runs.length - identical} different; ${loops} loops and ${bridges} bridges compiled, entered ${entered} times`);
      for (const r of runs.filter((r) => !r.same)) lines.push(`    different: ${r.name}`);
    }
  }
  lines.push(`  ${records.length} runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(lines.join("\n"));
});

function capture(run: (output: (fd: number, bytes: Uint8Array) => void) => number): Outcome {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const status = run((fd, bytes) => (fd === 1 ? out : err).push(Buffer.from(bytes)));
  return { stdout: Buffer.concat(out).toString("latin1"), stderr: Buffer.concat(err).toString("utf8"), status };
}

/** A program lowered once with the JIT's settings; each run in a fresh interpreter. */
class JitProgram {
  private readonly lowered: LoweredProgram & { interp: JitLLInterpreter };

  constructor(lowered: LoweredProgram & { interp: JitLLInterpreter }) {
    this.lowered = lowered;
  }

  static async load(file: string, params: string): Promise<JitProgram> {
    const lowered = lowerProgramForJit(await loadProgram(file, true, true), jitParamsOf(params));
    if (typeof lowered === "string") throw new Error(lowered);
    return new JitProgram(lowered);
  }

  run(argv: string[]): Outcome & { interp: JitLLInterpreter } {
    const interp = this.lowered.interp.fresh();
    return { ...capture((output) => runLowered(this.lowered, argv, describeLLException, output, interp)), interp };
  }

  /**
   * A run of the same graphs in the LL interpreter with the JIT off (RTS_JIT=off: every merge
   * point goes on as ordinary code; the graphs hold the JIT's entry at the portal's merge point,
   * src/jit/merge-point.ts, which an interpreter without a JIT refuses).
   */
  readonly runPlain = (argv: string[]): Outcome => capture((output) => runLowered(this.lowered, argv, describeLLException, output, this.lowered.interp.fresh(jitParamsOf("off"))));
}

/** The program lowered for the LL interpreter alone; each run in a fresh interpreter. */
async function plainProgram(file: string): Promise<(argv: string[]) => Outcome> {
  const lowered = lowerProgram(await loadProgram(file, true, true));
  if (typeof lowered === "string") throw new Error(lowered);
  return (argv) => capture((output) => runLowered(lowered, argv, describeLLException, output));
}

/** Loops and bridges compiled by one run, and how many times compiled code was entered (loops run from the interpreter, bridges from failing guards). */
function compiled(interp: JitLLInterpreter): { loops: number; bridges: number; entered: number } {
  let entered = 0;
  for (const portal of interp.portals.values()) entered += portal.runner.loopRuns + portal.runner.bridgeRuns;
  return { loops: interp.loopsCompiled, bridges: interp.bridgesCompiled, entered };
}
const outcome = (o: Outcome): Outcome => ({ stdout: o.stdout, stderr: o.stderr, status: o.status });

function addTo(total: { loops: number; bridges: number; entered: number }, counts: { loops: number; bridges: number; entered: number }): void {
  total.loops += counts.loops;
  total.bridges += counts.bridges;
  total.entered += counts.entered;
}

/** Memoised per key (a lowering shared by the tests of a group, made when first needed). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

// ---- bf ----

const BF = "examples/bf/bf.ts";

function bfProgram(name: string, text: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
}

const BF_CASES: { name: string; file: () => string; input?: string; output?: string }[] = [
  ...bfFixtures()
    .filter((p) => p.name !== "letters.b")
    .map((p) => ({ name: p.name, file: () => p.file, input: p.input === "" ? undefined : p.input, output: p.output })),
  { name: "tape growth", file: () => bfProgram("grow.b", "<" + "+".repeat(66) + ".>>>" + "+".repeat(67) + ".<<<.") },
  // a counted loop of 65536 steps (a bridge where the inner loop exits)
  { name: "wrapping", file: () => bfProgram("wrap.b", "-." + "+.+.>++++[<++++++++>-]<[>+<-]>." + "+[>+[+]<+]>.") },
  { name: "echo", file: () => bfProgram("echo.b", ",----------[++++++++++.,----------]"), input: "some input\nnot this line\n" },
  { name: "unmatched ]", file: () => bfProgram("bad1.b", "+\n+]") },
  { name: "unmatched [", file: () => bfProgram("bad2.b", "[\n[]") },
  { name: "missing file", file: () => path.join(directory, "no-such.b") },
];

describe("examples/bf: rts run --llinterp --jit gives what rts run gives", () => {
  const jits = new Map(MODES.map((mode) => [mode, once(() => JitProgram.load(path.join(repoRoot, BF), mode))]));
  // The reference (see the corpus's): in the sample, the JIT's graphs in the LL interpreter alone.
  const plain = once(async () => (ALL ? plainProgram(path.join(repoRoot, BF)) : (await jits.get(PARAMS)!()).runPlain));
  for (const mode of MODES) {
    const jit = jits.get(mode)!;
    const inProcess = BF_CASES.filter((c) => c.input === undefined);
    it(`RTS_JIT=${mode}: the programs that read no input`, async () => {
      const total = { loops: 0, bridges: 0, entered: 0 };
      for (const c of inProcess) {
        const argv = [BF, c.file()];
        const expected = (await plain())(argv);
        if (c.output !== undefined) expect({ name: c.name, ...expected }).toEqual({ name: c.name, stdout: c.output, stderr: "", status: 0 });
        const { interp, ...run } = (await jit()).run(argv);
        const counts = compiled(interp);
        records.push({ group: "bf", mode, name: c.name, same: JSON.stringify(run) === JSON.stringify(expected), ...counts });
        expect({ name: c.name, ...run }).toEqual({ name: c.name, ...expected });
        if (mode === PARAMS && (c.name === "hello.b" || c.name === "countdown.b")) expect(counts.loops, c.name).toBeGreaterThan(0);
        if (mode === "off") expect(interp.portals.size).toBe(0);
        addTo(total, counts);
      }
      if (mode === PARAMS) {
        expect(total.loops).toBeGreaterThan(0);
        expect(total.bridges).toBeGreaterThan(0);
        expect(total.entered).toBeGreaterThan(0);
      } else {
        expect(total).toEqual({ loops: 0, bridges: 0, entered: 0 });
      }
    });
  }

  // The programs that read stdin, through the CLI; in the sample only one, with its jit-summary log.
  const reading = BF_CASES.filter((c) => c.input !== undefined && (ALL || c.name === "add-digits.b"));
  for (const mode of MODES) {
    for (const c of reading) {
      it(`RTS_JIT=${mode}: ${c.name} (reads its input), with the jit-summary log`, async () => {
        const log = path.join(directory, `${c.name}-${mode}.log`);
        const [expected, run] = await Promise.all([
          runRts(["run", BF, c.file()], { input: c.input }),
          runRts(["run", "--llinterp", "--jit", BF, c.file()], { input: c.input, env: { RTS_JIT: mode, RTSLOG: `jit-summary:${log}` } }),
        ]);
        if (c.output !== undefined) expect(expected.stdout).toBe(Buffer.from(c.output, "latin1").toString("utf8"));
        const [summary] = findSections(parsePypylog(readFileSync(log, "utf8")), "jit-summary");
        const total = (what: string) => Number(summary!.lines.find((line) => line.startsWith(`Total # of ${what}:`))!.split("\t")[1]);
        records.push({ group: "bf", mode, name: c.name, same: JSON.stringify(run) === JSON.stringify(expected), loops: total("loops"), bridges: total("bridges"), entered: 0 });
        expect(run).toEqual(expected);
        if (mode === PARAMS) expect(total("loops")).toBeGreaterThan(0);
        else expect([total("loops"), total("bridges")]).toEqual([0, 0]);
      });
    }
  }
});

// ---- Lox ----

const LOX = "examples/lox/lox.ts";
const lox = new Map(MODES.map((mode) => [mode, once(() => JitProgram.load(path.join(repoRoot, LOX), mode))]));
/** The reference, as bf's: the suite's expectations allow any stderr after a runtime error's first two lines. */
const loxPlain = once(async () => (ALL ? plainProgram(path.join(repoRoot, LOX)) : (await lox.get(PARAMS)!()).runPlain));

/**
 * The scripts of the conformance suite whose loops run long enough to compile at threshold=3
 * (no other does). None runs long enough to enter its loop once compiled: the project's Lox
 * programs (LOX_BRIDGING) do, and their groups assert it.
 */
const LOX_LOOPING = ["for/closure_in_body.lox", "for/syntax.lox", "while/closure_in_body.lox", "while/syntax.lox"];
/** Two of the project's Lox programs whose loops compile bridges too. */
const LOX_BRIDGING = ["programs/linked_list.lox", "programs/strings_build.lox"];

/** The sample: the first script of each folder (the top's files as one), limit/ left out, and the looping ones. */
function loxSample(scripts: string[]): string[] {
  const firsts = new Map<string, string>();
  for (const script of scripts) {
    const folder = script.includes("/") ? script.slice(0, script.indexOf("/")) : "";
    if (folder !== "limit" && !firsts.has(folder)) firsts.set(folder, script);
  }
  return [...new Set([...firsts.values(), ...LOX_LOOPING])].sort();
}

/**
 * Runs the scripts of root with the mode's lowering, each checked against its expectations and
 * against the LL interpreter alone; gives the loops and bridges compiled in all.
 */
async function runLox(group: string, mode: string, root: string, scripts: string[], mustLoop: readonly string[]): Promise<{ loops: number; bridges: number; entered: number }> {
  const program = await lox.get(mode)!();
  const plain = await loxPlain();
  const failures: { script: string; failures: string[] }[] = [];
  const total = { loops: 0, bridges: 0, entered: 0 };
  for (const script of scripts) {
    const file = path.join(root, script);
    const begun = performance.now();
    const { interp, ...run } = program.run([LOX, file]);
    const failed = checkRun(readExpectations(file, "c"), { ...run, stdout: Buffer.from(run.stdout, "latin1").toString("utf8"), signal: null, timedOut: false, elapsed: performance.now() - begun });
    const expected = plain([LOX, file]);
    if (JSON.stringify(run) !== JSON.stringify(expected)) failed.push(`not what the LL interpreter alone gives: ${JSON.stringify(expected)}`);
    const counts = compiled(interp);
    records.push({ group, mode, name: script, same: failed.length === 0, ...counts });
    if (failed.length > 0) failures.push({ script, failures: failed });
    if (mode === PARAMS && mustLoop.includes(script)) expect(counts.loops, script).toBeGreaterThan(0);
    if (mode === "off") expect(interp.portals.size).toBe(0);
    addTo(total, counts);
  }
  expect(failures).toEqual([]);
  return total;
}

describeWithSuite(LOX_SUITE, "examples/lox: rts run --llinterp --jit on the conformance suite", (suiteRoot) => {
  const all = findLoxTests(suiteRoot, LOX_SUITE_EXCLUDED);
  const scripts = ALL ? all : loxSample(all);
  for (const mode of MODES) {
    it(`RTS_JIT=${mode}: ${scripts.length} scripts give the output, errors and status they expect`, { timeout: 600_000 }, async () => {
      for (const script of LOX_LOOPING) expect(all).toContain(script);
      const { loops } = await runLox("Lox suite", mode, suiteRoot, scripts, LOX_LOOPING);
      if (mode === PARAMS) expect(loops).toBeGreaterThanOrEqual(LOX_LOOPING.length);
      else expect(loops).toBe(0);
    });
  }
});

describe("examples/lox: rts run --llinterp --jit on the project's Lox programs", () => {
  const scripts = ALL ? findLoxTests(LOX_FIXTURES, []) : LOX_BRIDGING;
  for (const mode of MODES) {
    it(`RTS_JIT=${mode}: ${scripts.length} programs give the output, errors and status they expect`, { timeout: 600_000 }, async () => {
      const total = await runLox("Lox programs", mode, LOX_FIXTURES, scripts, LOX_BRIDGING);
      if (mode === PARAMS) {
        expect(total.loops).toBeGreaterThan(0);
        expect(total.bridges).toBeGreaterThan(0);
        expect(total.entered).toBeGreaterThan(0);
      } else {
        expect(total).toEqual({ loops: 0, bridges: 0, entered: 0 });
      }
    });
  }
});

// ---- the corpus ----

const CORPUS = "tests/annotator/golden/ok";
const ARGUMENT_SETS: string[][] = [[], ["7", "word"]];
/** What differs from run to run (the clock), masked before comparing. */
const NONDETERMINISTIC: { [program: string]: (text: string) => string } = {
  "timing.ts": (text) => text.replace(/ in \d+\.\d ms at \d+/, " in T ms at S"),
};

describe("the annotator's corpus: rts run --llinterp --jit gives what rts run --llinterp gives", () => {
  const programs = readdirSync(path.join(repoRoot, CORPUS)).filter((f) => f.endsWith(".ts")).sort();
  const driver = path.join(directory, "corpus-driver.ts");
  // The reference: the driver lowered for the LL interpreter alone; in the sample, to save a
  // lowering, the graphs lowered with the JIT's settings run in the LL interpreter alone.
  const batch = once(async () => {
    writeBatchDriver(driver, programs.map((name) => ({ name, file: `${CORPUS}/${name}` })));
    const jit = new Map<string, JitProgram>();
    for (const mode of MODES) jit.set(mode, await JitProgram.load(driver, mode));
    return { plain: ALL ? await plainProgram(driver) : jit.get(PARAMS)!.runPlain, jit };
  });
  for (const mode of MODES) {
    it(`RTS_JIT=${mode}: ${programs.length} programs, each with no arguments and with two`, { timeout: 600_000 }, async () => {
      const { plain, jit } = await batch();
      const differences: unknown[] = [];
      let portalCalls = 0;
      const total = { loops: 0, bridges: 0, entered: 0 };
      for (const program of programs) {
        const mask = NONDETERMINISTIC[program] ?? ((text: string) => text);
        for (const args of ARGUMENT_SETS) {
          const argv = [driver, program, ...args];
          const expected = plain(argv);
          const { interp, ...run } = jit.get(mode)!.run(argv);
          const same = JSON.stringify({ ...run, stdout: mask(run.stdout) }) === JSON.stringify({ ...expected, stdout: mask(expected.stdout) });
          const counts = compiled(interp);
          addTo(total, counts);
          records.push({ group: "corpus", mode, name: `${program} ${args.join(" ")}`, same, ...counts });
          if (!same) differences.push({ program, args, run: outcome(run), expected: outcome(expected) });
          for (const portal of interp.portals.values()) portalCalls += portal.calls;
        }
      }
      expect(differences).toEqual([]);
      // The corpus's JIT drivers run under the JIT in their programs; jit-loop-bridge.ts's loops
      // turn enough to compile, with a bridge, and run.
      if (mode === PARAMS) {
        expect(portalCalls).toBeGreaterThan(0);
        expect(total.loops).toBeGreaterThan(0);
        expect(total.bridges).toBeGreaterThan(0);
        expect(total.entered).toBeGreaterThan(0);
      } else {
        expect(portalCalls).toBe(0);
        expect(total.loops).toBe(0);
      }
    });
  }
});

// ---- fresh interpreters ----

describe("a fresh interpreter per run (JitLLInterpreter.fresh)", () => {
  const FIXTURE = "tests/jit/fixtures/jitdiff-fresh.ts";

  it("starts from the prebuilt objects' import-time values and no warm state, and compiles again", async () => {
    const lowered = lowerProgramForJit(await loadProgram(path.join(repoRoot, FIXTURE), true, true), jitParamsOf(PARAMS));
    if (typeof lowered === "string") throw new Error(lowered);
    const program = new JitProgram(lowered);
    for (let i = 0; i < 2; i++) {
      const { interp, ...run } = program.run([FIXTURE]);
      expect(run).toEqual({ stdout: "sum 210 after 1 runs\n", stderr: "", status: 0 });
      expect(interp.loopsCompiled).toBe(1);
    }
    // the same interpreter run twice keeps its heap (the prebuilt array) and its compiled loop
    const interp = lowered.interp.fresh();
    const twice = [0, 1].map(() => capture((output) => runLowered(lowered, [FIXTURE], describeLLException, output, interp)).stdout);
    expect(twice).toEqual(["sum 210 after 1 runs\n", "sum 420 after 2 runs\n"]);
    expect(interp.loopsCompiled).toBe(1);
  });
});
