// examples/lox translated, on the whole Lox conformance suite (../shared/lox/test, the 246
// scripts the C implementation's runner uses): each script runs natively and is checked against
// its expectations (stdout, compile errors, runtime errors with their line, exit status) exactly
// as tests/examples/lox-suite.test.ts checks the untranslated interpreter, so the two agree.
// Each script runs twice: normally, and with RTS_GC_STRESS=1 (a minor collection at every
// allocation, a major one often), which makes any pointer the collector misses show.

import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRun, findLoxTests, readExpectations, runLox } from "../helpers/lox-expectations.ts";
import { repoRoot } from "../helpers/run-rts.ts";
import { limit, removeScratch, translateTarget } from "./native-harness.ts";

const suiteRoot = path.resolve(repoRoot, "../shared/lox/test");
const EXCLUDED = ["scanning", "expressions", "benchmark"];
const tests = findLoxTests(suiteRoot, EXCLUDED);
const RUN_TIMEOUT_MS = 60_000;
const GC_STRESS = { ...process.env, RTS_GC_STRESS: "1" };

let binary: Promise<string>;
beforeAll(() => {
  binary = translateTarget("examples/lox/lox.ts", "lox-c");
  binary.catch(() => {});
});
afterAll(removeScratch);

describe("translated examples/lox on the Lox suite", () => {
  it("has the 246 scripts of the C suite", () => expect(tests.length).toBe(246));

  for (const test of tests) {
    it.concurrent(test, { timeout: 600_000 }, async ({ expect }) => {
      const lox = await binary;
      const file = path.join(suiteRoot, test);
      const expected = readExpectations(file, "c");
      const run = await limit(() => runLox([lox], file, repoRoot, RUN_TIMEOUT_MS));
      expect(checkRun(expected, run), `${lox} ${file}`).toEqual([]);
      const stressed = await limit(() => runLox([lox], file, repoRoot, RUN_TIMEOUT_MS, GC_STRESS));
      expect(checkRun(expected, stressed), `RTS_GC_STRESS=1 ${lox} ${file}`).toEqual([]);
    });
  }
});
