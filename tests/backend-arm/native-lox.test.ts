// examples/lox translated for aarch64 (once) and run under qemu-aarch64 with an empty
// environment, each script checked against its expectations (stdout, compile errors, runtime
// errors with their line, exit status) exactly as tests/differential/native-lox.test.ts checks
// the x86-64 binary, normally and with RTS_GC_STRESS=1 (a minor collection at every allocation,
// a major one often: a pointer the collector misses shows): the project's 75 Lox programs
// (tests/fixtures/lox) and, with RTS_A64_FULL=1 (CI), the 246 scripts of the conformance suite
// (../shared/lox/test or RTS_LOX_SUITE; a skipped group when missing), about a minute under qemu
// on two cores (the x86-64 binary runs them in every `npm test`). That the stress
// really collects is proven by the log: a run of binary_trees.lox under stress logs a minor
// collection for each of thousands of allocations.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithSuite, LOX_SUITE } from "../helpers/external-suites.ts";
import { checkRun, findLoxTests, LOX_FIXTURES, LOX_FIXTURE_COUNT, LOX_SUITE_EXCLUDED, LOX_SUITE_TEST_COUNT, readExpectations, runLox } from "../helpers/lox-expectations.ts";
import { findSections, parsePypylog } from "../helpers/pypylog.ts";
import { repoRoot } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch } from "../differential/native-harness.ts";
import { GC_STRESS_ENV, runAarch64, translateAarch64 } from "./qemu.ts";
import { describeFull } from "./full-run.ts";

const RUN_TIMEOUT_MS = 300_000;
const directory = mkdtempSync(path.join(os.tmpdir(), "rts-a64-lox-"));

let binary: Promise<string>;
beforeAll(() => {
  binary = translateAarch64("examples/lox/lox.ts", "lox-a64");
  binary.catch(() => {});
});
afterAll(() => {
  removeScratch();
  rmSync(directory, { recursive: true, force: true });
});

/** One concurrent test per script of root, run normally and with GC stress. */
function declareScripts(root: string, tests: string[]): void {
  for (const test of tests) {
    it.concurrent(test, { timeout: 900_000 }, async ({ expect }) => {
      const lox = await binary;
      const file = path.join(root, test);
      const expected = readExpectations(file, "c");
      for (const env of [{}, GC_STRESS_ENV]) {
        const run = await limit(() => runLox(["qemu-aarch64", lox], file, repoRoot, RUN_TIMEOUT_MS, env));
        expect(checkRun(expected, run), `${JSON.stringify(env)} qemu-aarch64 ${lox} ${file}`).toEqual([]);
      }
    });
  }
}

describe("examples/lox for aarch64: GC stress collects", () => {
  it("binary_trees.lox prints the same under RTS_GC_STRESS=1, which logs thousands of minor collections", { timeout: 900_000 }, async () => {
    const lox = await binary;
    const script = "tests/fixtures/lox/programs/binary_trees.lox";
    const log = path.join(directory, "stress.log");
    const [plain, stressed] = await Promise.all([
      limit(() => runAarch64(lox, [script], { cwd: repoRoot, timeoutMs: RUN_TIMEOUT_MS })),
      limit(() => runAarch64(lox, [script], { cwd: repoRoot, timeoutMs: RUN_TIMEOUT_MS, env: { ...GC_STRESS_ENV, RTSLOG: `gc-minor:${log}` } })),
    ]);
    expect(plain.status).toBe(0);
    expect(plain.stdout.length).toBeGreaterThan(0);
    expect(outcome(stressed)).toEqual(outcome(plain));
    expect(findSections(parsePypylog(readFileSync(log, "utf8")), "gc-minor").length).toBeGreaterThan(2_000);
  });
});

describe("examples/lox for aarch64 on the project's Lox programs", () => {
  const tests = findLoxTests(LOX_FIXTURES, []);
  it(`has the ${LOX_FIXTURE_COUNT} programs of tests/fixtures/lox`, () => expect(tests.length).toBe(LOX_FIXTURE_COUNT));
  declareScripts(LOX_FIXTURES, tests);
});

describeFull("examples/lox for aarch64 on the Lox suite", () =>
  describeWithSuite(LOX_SUITE, "the conformance scripts", (suiteRoot) => {
    const tests = findLoxTests(suiteRoot, LOX_SUITE_EXCLUDED);
    it(`has the ${LOX_SUITE_TEST_COUNT} scripts of the C suite`, () => expect(tests.length).toBe(LOX_SUITE_TEST_COUNT));
    declareScripts(suiteRoot, tests);
  }),
);
