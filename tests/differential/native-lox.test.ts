// examples/lox translated, on the project's Lox programs (tests/fixtures/lox) and on the whole Lox
// conformance suite (../shared/lox/test or RTS_LOX_SUITE, the 246 scripts the C implementation's
// runner uses; a skipped group when missing): each script runs natively and is checked against
// its expectations (stdout, compile errors, runtime errors with their line, exit status) exactly
// as tests/examples/lox-suite.test.ts checks the untranslated interpreter, so the two agree.
// Each script runs twice: normally, and with RTS_GC_STRESS=1 (a minor collection at every
// allocation, a major one often), which makes any pointer the collector misses show.

import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithSuite, LOX_SUITE } from "../helpers/external-suites.ts";
import { checkRun, findLoxTests, LOX_FIXTURES, LOX_FIXTURE_COUNT, LOX_SUITE_EXCLUDED, LOX_SUITE_TEST_COUNT, readExpectations, runLox } from "../helpers/lox-expectations.ts";
import { repoRoot } from "../helpers/run-rts.ts";
import { limit, removeScratch, translateTarget } from "./native-harness.ts";

const RUN_TIMEOUT_MS = 60_000;
const GC_STRESS = { ...process.env, RTS_GC_STRESS: "1" };

let binary: Promise<string>;
beforeAll(() => {
  binary = translateTarget("examples/lox/lox.ts", "lox-c");
  binary.catch(() => {});
});
afterAll(removeScratch);

/** One concurrent test per script of root, run normally and with GC stress. */
function declareScripts(root: string, tests: string[]): void {
  for (const test of tests) {
    it.concurrent(test, { timeout: 600_000 }, async ({ expect }) => {
      const lox = await binary;
      const file = path.join(root, test);
      const expected = readExpectations(file, "c");
      const run = await limit(() => runLox([lox], file, repoRoot, RUN_TIMEOUT_MS));
      expect(checkRun(expected, run), `${lox} ${file}`).toEqual([]);
      const stressed = await limit(() => runLox([lox], file, repoRoot, RUN_TIMEOUT_MS, GC_STRESS));
      expect(checkRun(expected, stressed), `RTS_GC_STRESS=1 ${lox} ${file}`).toEqual([]);
    });
  }
}

describe("translated examples/lox on the project's Lox programs", () => {
  const tests = findLoxTests(LOX_FIXTURES, []);
  it(`has the ${LOX_FIXTURE_COUNT} programs of tests/fixtures/lox`, () => expect(tests.length).toBe(LOX_FIXTURE_COUNT));
  declareScripts(LOX_FIXTURES, tests);
});

describeWithSuite(LOX_SUITE, "translated examples/lox on the Lox suite", (suiteRoot) => {
  const tests = findLoxTests(suiteRoot, LOX_SUITE_EXCLUDED);
  it(`has the ${LOX_SUITE_TEST_COUNT} scripts of the C suite`, () => expect(tests.length).toBe(LOX_SUITE_TEST_COUNT));
  declareScripts(suiteRoot, tests);
});
