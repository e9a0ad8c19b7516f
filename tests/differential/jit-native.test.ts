// `rts translate --jit`: the JIT running inside translated binaries. Each portal's merge point
// calls the JIT's runtime (src/translator/jit-entry-lowering.ts), which traces, compiles and runs
// loops and bridges and resumes in the blackhole interpreter, on the binary's own memory and
// collector (src/runtime/jit/native-cpu.ts: write barriers, the heap held while the JIT holds
// references as integers, collections at its safe points). Every run is compared with a run
// the JIT takes no part in, and every group proves the JIT was active: its jit-summary counts the
// compiled loops (RTS_JIT=threshold=1,trace_eagerness=1 forces them), and RTS_GC_STRESS=1 runs
// count their minor collections.
//
// - tests/jit/fixtures/count-vm.ts, the small machine written for the JIT's tests (loops,
//   bridges, a caught exception, an uncaught one, a failed bounds check inside a loop): each case
//   against the same binary with RTS_JIT=off, and the errors against `rts run --llinterp` (the
//   stack traces: the JIT's frames then the portal's callers);
// - examples/bf on its programs (tests/fixtures/bf/programs, with their .out);
// - examples/lox on the project's Lox programs and the conformance suite (and RTS_JIT=off), checked against their
//   expectations as tests/differential/native-lox.test.ts checks the binary without the JIT.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bfFixtures } from "../helpers/bf-programs.ts";
import { describeWithSuite, LOX_SUITE } from "../helpers/external-suites.ts";
import { checkRun, findLoxTests, LOX_FIXTURES, LOX_SUITE_EXCLUDED, readExpectations, runLox } from "../helpers/lox-expectations.ts";
import { findSections, parsePypylog } from "../helpers/pypylog.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, runBinary, translateTarget } from "./native-harness.ts";

// everything compiled, every guard bridged at its first failure: the mode that reaches the most of the JIT
const FORCED = "threshold=1,trace_eagerness=1";
const logs = mkdtempSync(path.join(os.tmpdir(), "rts-jit-native-"));
let nextLog = 0;

/** The environment of a run with the JIT forced on (and GC stress), its jit-summary and gc-minor sections written to a file of its own. */
function jitEnv(stress: boolean): { env: NodeJS.ProcessEnv; log: string } {
  const log = path.join(logs, `run-${nextLog++}.log`);
  const env: NodeJS.ProcessEnv = { ...process.env, RTS_JIT: FORCED, RTSLOG: `jit-summary,jit-backend,gc-minor:${log}` };
  if (stress) env.RTS_GC_STRESS = "1";
  return { env, log };
}

/**
 * What a run's log says: compiled loops (0 without a summary: a fatal error stops before it),
 * loops and bridges in machine code and in the trace interpreter (jit-backend), minor collections.
 */
function logged(log: string): { loops: number; machine: number; notCompiled: number; minors: number } {
  let text = "";
  try {
    text = readFileSync(log, "latin1");
  } catch {
    return { loops: 0, machine: 0, notCompiled: 0, minors: 0 };
  }
  const loops = /Total # of loops:\s*(\d+)/.exec(text);
  const count = (pattern: RegExp) => (text.match(pattern) ?? []).length;
  return {
    loops: loops ? Number(loops[1]) : 0,
    machine: count(/ has address 0x[0-9a-f]+ to 0x[0-9a-f]+\n/g),
    notCompiled: count(/ not compiled: /g),
    minors: text.split("{gc-minor").length - 1,
  };
}

const binaries = new Map<string, Promise<string>>();
beforeAll(() => {
  for (const [name, target] of [
    ["count-vm-jit", "tests/jit/fixtures/count-vm.ts"],
    ["bf-jit", "examples/bf/bf.ts"],
    ["lox-jit", "examples/lox/lox.ts"],
    ["many-loops-jit", "tests/jit/fixtures/many-loops-vm.ts"],
    ["quasi-jit", "tests/jit/fixtures/jitgaps-quasi.ts"],
  ] as const) {
    const binary = translateTarget(target, name, "2", ["--jit"]);
    binary.catch(() => {});
    binaries.set(name, binary);
  }
});
afterAll(() => {
  removeScratch();
  rmSync(logs, { recursive: true, force: true });
});

describe("a --jit binary of tests/jit/fixtures/count-vm.ts", () => {
  // [program, n, whether a loop is compiled before it ends]
  const CASES: [string, string, boolean][] = [
    ["adj", "40", true],
    ["asodj", "57", true],
    ["aodj", "300", true],
    ["iodoj", "300", true],
    ["axdj", "200", true],
    ["aaaaxdj", "900", true],
    ["mdj", "45", true],
    ["aej", "5", false],
    ["azj", "5", false],
  ];
  for (const [code, n, compiles] of CASES) {
    it.concurrent(`${code} ${n}: the JIT forced on, and with GC stress, as with RTS_JIT=off`, async ({ expect }) => {
      const binary = await binaries.get("count-vm-jit")!;
      const off = outcome(await limit(() => runBinary(binary, [code, n], { env: { ...process.env, RTS_JIT: "off" } })));
      for (const stress of [false, true]) {
        const { env, log } = jitEnv(stress);
        const jit = outcome(await limit(() => runBinary(binary, [code, n], { env })));
        expect(jit, `RTS_JIT=${FORCED}${stress ? " RTS_GC_STRESS=1" : ""} ${code} ${n}`).toEqual(off);
        const { loops, machine, notCompiled, minors } = logged(log);
        if (compiles) expect(loops).toBeGreaterThan(0);
        if (compiles) expect(machine + notCompiled, "every compiled trace is logged by jit-backend").toBeGreaterThanOrEqual(loops);
        if (stress) expect(minors).toBeGreaterThan(0);
      }
    });
  }

  it("stops at a failed check inside a compiled loop as `rts run --llinterp` does: its message, the JIT's frames, the portal's callers", async () => {
    const binary = await binaries.get("count-vm-jit")!;
    const expected = outcome(await runRts(["run", "--llinterp", "tests/jit/fixtures/count-vm.ts", "mddj", "41"]));
    expect(expected.stderr).toMatch(/^fatal error: index 50 out of bounds \(length 50\)\n {4}at run \(tests\/jit\/fixtures\/count-vm\.ts:\d+:\d+\)\n {4}at main \(/);
    // RTSLOG=jit-log-opt-loop: the log is written before the program stops, the summary is not
    const log = path.join(logs, "fatal.log");
    const jit = outcome(await runBinary(binary, ["mddj", "41"], { cwd: repoRoot, env: { ...process.env, RTS_JIT: FORCED, RTSLOG: `jit-log-opt-loop:${log}` } }));
    expect(jit).toEqual(expected);
    expect(readFileSync(log, "latin1")).toContain("{jit-log-opt-loop");
  });

  // adj N runs its loop N times: traced after a few (threshold 3), then entered once as machine
  // code, which counts each pass of its labels (PyPy's jit-backend-counts, inline counters)
  it("counts a compiled loop's entries and iterations exactly (jit-backend-counts)", async () => {
    const binary = await binaries.get("count-vm-jit")!;
    const counts = async (n: number): Promise<Map<string, number>> => {
      const log = path.join(logs, `counts-${n}.log`);
      const run = await runBinary(binary, ["adj", String(n)], { env: { ...process.env, RTS_JIT: FORCED, RTSLOG: `jit-backend-counts:${log}` } });
      expect(run.stdout).toBe(`adj ${n}: ${(n * (n + 1)) / 2}\n`);
      const section = /\{jit-backend-counts\n([^]*?)\[[0-9a-f]+\] jit-backend-counts\}/.exec(readFileSync(log, "latin1"));
      expect(section, "a jit-backend-counts section").not.toBeNull();
      return new Map(section![1]!.trim().split("\n").map((line) => [line.slice(0, line.lastIndexOf(":")), Number(line.slice(line.lastIndexOf(":") + 1))]));
    };
    const short = await counts(1000);
    const long = await counts(4000);
    expect(short.get("entry 0")).toBe(1);
    expect(long.get("entry 0")).toBe(1);
    // the same warm-up, then every further iteration passes the peeled loop's label once
    expect(long.get("loop0-peeled")! - short.get("loop0-peeled")!).toBe(3000);
    expect(short.get("loop0-peeled")).toBeGreaterThan(990);
  });

  it("writes /tmp/perf-PID.map with RTS_PERF_MAP=1: a line per trace in machine code, as jit-backend names it", async () => {
    const binary = await binaries.get("count-vm-jit")!;
    const child = spawn(binary, ["aodj", "300"], { env: { ...process.env, RTS_JIT: FORCED, RTS_PERF_MAP: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(status).toBe(0);
    const map = `/tmp/perf-${child.pid}.map`;
    try {
      const lines = readFileSync(map, "latin1").trimEnd().split("\n");
      expect(lines[0]).toMatch(/^[0-9a-f]+ [0-9a-f]+ Loop 0 \(pc=0, code=\d+\)$/);
      expect(lines.slice(1).every((line) => /^[0-9a-f]+ [0-9a-f]+ bridge out of Guard 0x[0-9a-f]+$/.test(line))).toBe(true);
      expect(lines.length).toBeGreaterThan(1);
    } finally {
      rmSync(map, { force: true });
    }
  });

  // idajz runs its loop compiled, then z raises after it: the error leaves the JIT and the portal.
  // With threshold=3,trace_eagerness=2 the error is made by the portal's own code after the JIT
  // restarted it. Made by jitcodes (threshold=1,trace_eagerness=1: while tracing the bridge), its
  // trace shows the merge point's line in place of the portal's frame: not yet as rts run.
  it("reports an exception that leaves the JIT and the portal as `rts run --llinterp` does (one frame for the portal's function)", async () => {
    const binary = await binaries.get("count-vm-jit")!;
    const expected = outcome(await runRts(["run", "--llinterp", "tests/jit/fixtures/count-vm.ts", "idajz", "30"]));
    expect(expected.stderr).toMatch(/^Error: bad instruction 122 at 4\n {4}at run \(tests\/jit\/fixtures\/count-vm\.ts:\d+:\d+\)\n {4}at main \(/);
    const { log } = jitEnv(false);
    const env = { ...process.env, RTS_JIT: "threshold=3,trace_eagerness=2", RTSLOG: `jit-summary:${log}` };
    const jit = outcome(await runBinary(binary, ["idajz", "30"], { cwd: repoRoot, env }));
    expect(jit).toEqual(expected);
    expect(logged(log).loops).toBe(1);
  });
});

describe("the size of a --jit binary", () => {
  it("examples/bf with the JIT is under 2 MB (issue 17)", async () => {
    const binary = await binaries.get("bf-jit")!;
    expect(statSync(binary).size).toBeLessThan(2_000_000);
  });
});

describe("a --jit binary of tests/jit/fixtures/jitgaps-quasi.ts (quasi-immutable fields: guard_not_invalidated in machine code)", () => {
  // the cases of tests/jit/llinterp-jit-quasi.test.ts: the field written between runs by
  // ahead-of-time code, mid-run by the interpreted program, on a bridge's path; a loop or bridge
  // that kept running on a stale scale would print another sum
  const cases = [
    ["adj", "200", "3"],
    ["asdj", "200", "2"],
    ["bdj", "200", "3"],
    ["amdj", "400", "2"],
  ];
  for (const args of cases) {
    it(`${args.join(" ")}: as rts run, every loop and bridge in machine code`, async () => {
      const binary = await binaries.get("quasi-jit")!;
      const expected = outcome(await runRts(["run", "tests/jit/fixtures/jitgaps-quasi.ts", ...args]));
      expect(expected.status).toBe(0);
      for (const mode of ["threshold=3,trace_eagerness=2", FORCED]) {
        for (const stress of [false, true]) {
          const log = path.join(logs, `quasi-${nextLog++}.log`);
          const env: NodeJS.ProcessEnv = { ...process.env, RTS_JIT: mode, RTSLOG: `jit-backend,jit-summary:${log}` };
          if (stress) env.RTS_GC_STRESS = "1";
          expect(outcome(await runBinary(binary, args, { env })), `${mode}${stress ? " with GC stress" : ""}`).toEqual(expected);
          const text = readFileSync(log, "utf8");
          expect(text).toMatch(/^Total # of loops:\t[1-9]/m);
          // nothing was left to the interpreter's own code for want of guard_not_invalidated
          expect(text).not.toMatch(/not compiled/);
        }
      }
    }, 120_000);
  }
});

describe("a --jit binary making a hot loop per key of 100,000 (loop_longevity, issue 17)", () => {
  // each key's loop is traced at its 5th iteration and its bridge at the 2nd failure of its guard
  const PARAMS = "threshold=5,trace_eagerness=2";
  /** keyLoop(k, 20) is 5k - 15: what main prints for `keys` keys. */
  const total = (keys: number): number => (5 * keys * (keys - 1)) / 2 - 15 * keys;
  /** The two peaks `--memory` prints (KiB): after a tenth of the keys and at the end. */
  function peaks(stdout: string, keys: number): [number, number] {
    const found = new RegExp(`peak resident set: (\\d+) KiB after ${keys / 10} loops, (\\d+) KiB after ${keys}`).exec(stdout);
    expect(found, stdout).not.toBeNull();
    return [Number(found![1]), Number(found![2])];
  }
  /** A jit-summary line's count. */
  function summaryCount(log: string, label: string): number {
    const found = new RegExp(`^${label}:\\t(\\d+)$`, "m").exec(log);
    expect(found, log).not.toBeNull();
    return Number(found![1]);
  }

  it("frees the loops no longer entered: with 100,000 made, its memory stays where it was after 10,000", async () => {
    const binary = await binaries.get("many-loops-jit")!;
    const log = path.join(logs, "many-loops.log");
    // no bridges (a guard never fails often enough): a trace per key, the cheapest 100,000 loops
    const run = await runBinary(binary, ["100000", "20", "--memory"], { env: { ...process.env, RTS_JIT: "threshold=5,trace_eagerness=1000", RTSLOG: `jit-summary,jit-mem-collect:${log}` } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(`100000 loops of 20 iterations: ${total(100000)}`);
    const [early, late] = peaks(run.stdout, 100000);
    // kept: the loops of the last loop_longevity (1000) generations; 90,000 more loops made and
    // freed cost nothing that stays (a prebuilt Map's epochs once kept 30 bytes a loop: 3 MiB more here)
    expect(late - early).toBeLessThan(2 * 1024);
    const text = readFileSync(log, "utf8");
    expect(summaryCount(text, "Total # of loops")).toBe(100000);
    expect(summaryCount(text, "Freed # of loops")).toBeGreaterThan(98000);
    // a check every sqrt(1000) generations, each in PyPy's words
    const checks = findSections(parsePypylog(text), "jit-mem-collect");
    expect(checks.length).toBeGreaterThan(3000);
    expect(checks.at(-1)!.lines).toEqual([
      expect.stringMatching(/^Current generation: \d+$/),
      expect.stringMatching(/^Loop tokens before: \d+$/),
      expect.stringMatching(/^Loop tokens freed: {2}\d+$/),
      expect.stringMatching(/^Bridges freed: {6}\d+$/),
      expect.stringMatching(/^Loop tokens left: {3}[1-9]\d*$/),
    ]);
  }, 300_000);

  it("frees each loop's bridges with it, and the next traces reuse their exits and code", async () => {
    const binary = await binaries.get("many-loops-jit")!;
    const log = path.join(logs, "many-loops-bridges.log");
    const run = await runBinary(binary, ["10000", "20"], { env: { ...process.env, RTS_JIT: `${PARAMS},loop_longevity=100`, RTS_GC_STRESS: "1", RTSLOG: `jit-summary:${log}` } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`10000 loops of 20 iterations: ${total(10000)}\n`);
    const text = readFileSync(log, "utf8");
    expect(summaryCount(text, "Total # of bridges")).toBe(10000);
    expect(summaryCount(text, "Freed # of loops")).toBeGreaterThan(9800);
    expect(summaryCount(text, "Freed # of bridges")).toBeGreaterThan(9800);
  }, 120_000);

  it("keeps every loop with loop_longevity=0: its memory grows with them (what the test above would see without freeing)", async () => {
    const binary = await binaries.get("many-loops-jit")!;
    const log = path.join(logs, "many-loops-kept.log");
    const run = await runBinary(binary, ["5000", "20", "--memory"], { env: { ...process.env, RTS_JIT: `${PARAMS},loop_longevity=0`, RTSLOG: `jit-summary:${log}` } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(`5000 loops of 20 iterations: ${total(5000)}`);
    const [early, late] = peaks(run.stdout, 5000);
    expect(late - early).toBeGreaterThan(32 * 1024);
    expect(summaryCount(readFileSync(log, "utf8"), "Freed # of loops")).toBe(0);
  }, 120_000);
});

describe.concurrent("a --jit binary of examples/bf on its programs", () => {
  let loops = 0;
  let machine = 0;
  let notCompiled = 0;
  for (const program of bfFixtures()) {
    it(program.name, async ({ expect }) => {
      const binary = await binaries.get("bf-jit")!;
      for (const stress of [false, true]) {
        const { env, log } = jitEnv(stress);
        const run = await limit(() => runBinary(binary, [program.file], { env, input: program.input }, "latin1"));
        expect(outcome(run), `${stress ? "RTS_GC_STRESS=1 " : ""}${program.name}`).toEqual({ stdout: program.output, stderr: "", status: 0 });
        const counts = logged(log);
        loops += counts.loops;
        machine += counts.machine;
        notCompiled += counts.notCompiled;
        if (stress) expect(counts.minors).toBeGreaterThan(0);
      }
      // and with the JIT off, as a binary without it
      const off = await limit(() => runBinary(binary, [program.file], { env: { ...process.env, RTS_JIT: "off" }, input: program.input }, "latin1"));
      expect(outcome(off), `RTS_JIT=off ${program.name}`).toEqual({ stdout: program.output, stderr: "", status: 0 });
    });
  }
  afterAll(() => {
    expect(loops, "loops compiled in all").toBeGreaterThan(0);
    // bf's traces call nothing but for output and input: most become machine code
    expect(machine, "loops and bridges in machine code").toBeGreaterThan(notCompiled);
  });
});

/** One concurrent test per script: its expectations, with the JIT forced on and off; the project's own programs with GC stress too. */
function declareLox(root: string, tests: string[], stressToo: boolean): { loops: () => number } {
  let loops = 0;
  for (const test of tests) {
    it.concurrent(test, { timeout: 600_000 }, async ({ expect }) => {
      const binary = await binaries.get("lox-jit")!;
      const file = path.join(root, test);
      const expected = readExpectations(file, "c");
      for (const stress of stressToo ? [false, true] : [false]) {
        const { env, log } = jitEnv(stress);
        const run = await limit(() => runLox([binary], file, repoRoot, 60_000, env));
        expect(checkRun(expected, run), `${stress ? "RTS_GC_STRESS=1 " : ""}${file}`).toEqual([]);
        loops += logged(log).loops;
      }
      const off = await limit(() => runLox([binary], file, repoRoot, 60_000, { ...process.env, RTS_JIT: "off" }));
      expect(checkRun(expected, off), `RTS_JIT=off ${file}`).toEqual([]);
    });
  }
  return { loops: () => loops };
}

describe("a --jit binary of examples/lox on the project's Lox programs", () => {
  const counted = declareLox(LOX_FIXTURES, findLoxTests(LOX_FIXTURES, []), true);

  it("collects inside a compiled loop that allocates (its safe point): a million numbers in bounded memory", async () => {
    // Without the safe point at the loop's label the loop's 70 MB of numbers stay (the JIT holds
    // the heap while machine code runs): over RTS_GC_MAX, the run stops out of memory.
    const binary = await binaries.get("lox-jit")!;
    const file = path.join(logs, "alloc-loop.lox");
    writeFileSync(file, "var i = 0;\nvar s = 0;\nwhile (i < 1000000) {\n  var x = i * 2.5;\n  s = s + x;\n  i = i + 1;\n}\nprint s;\n");
    const { env, log } = jitEnv(false);
    const run = outcome(await limit(() => runBinary(binary, [file], { env: { ...env, RTS_GC_MAX: "32MB" } })));
    expect(run).toEqual({ stdout: "1.25e+12\n", stderr: "", status: 0 });
    const { machine, minors } = logged(log);
    expect(machine).toBeGreaterThan(0);
    expect(minors).toBeGreaterThan(2);
  });

  afterAll(() => expect(counted.loops(), "loops compiled in all").toBeGreaterThan(0));
});

describeWithSuite(LOX_SUITE, "a --jit binary of examples/lox on the Lox suite", (suiteRoot) => {
  const counted = declareLox(suiteRoot, findLoxTests(suiteRoot, LOX_SUITE_EXCLUDED), false);
  afterAll(() => expect(counted.loops(), "loops compiled in all").toBeGreaterThan(0));
});
