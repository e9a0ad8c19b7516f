/**
 * The Lox conformance suite (craftinginterpreters' test/ folder, in ../shared/lox/test) run
 * against examples/lox untranslated: one test per .lox file, checked as the book's test runner
 * checks clox (stdout, compile errors, runtime errors with their line, exit status).
 *
 * The command that runs one script is a single parameter, so the same suite can run a translated
 * binary: LOX_COMMAND='["./lox-c"]' npx vitest run tests/examples/lox-suite.test.ts
 * LOX_JOBS sets how many scripts run at once (default 4).
 */

import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import pLimit from "p-limit";
import { checkRun, findLoxTests, readExpectations, runLox } from "../helpers/lox-expectations.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const suiteRoot = path.resolve(repoRoot, "../shared/lox/test");

/** The command that runs one Lox script (the script's path is appended). */
const DEFAULT_COMMAND = ["node", "bin/rts", "run", "examples/lox/lox.ts"];
const command: string[] = process.env.LOX_COMMAND ? (JSON.parse(process.env.LOX_COMMAND) as string[]) : DEFAULT_COMMAND;

/** The folders the C implementation's suite leaves out (they test the tree-walker's chapters). */
const EXCLUDED = ["scanning", "expressions", "benchmark"];
const EXPECTED_TEST_COUNT = 246;

const jobs = Number(process.env.LOX_JOBS ?? Math.min(4, Math.max(2, os.availableParallelism())));
const limit = pLimit(jobs);
const RUN_TIMEOUT_MS = 60_000;

const tests = findLoxTests(suiteRoot, EXCLUDED);

describe("lox conformance suite", () => {
  it(`finds the ${EXPECTED_TEST_COUNT} tests of the C suite in ${path.relative(repoRoot, suiteRoot)}`, () => {
    expect(tests.length).toBe(EXPECTED_TEST_COUNT);
  });

  for (const test of tests) {
    it.concurrent(
      test,
      async ({ expect }) => {
        const file = path.join(suiteRoot, test);
        const expected = readExpectations(file, "c");
        expect(expected.isTest).toBe(true);
        const run = await limit(() => runLox(command, file, repoRoot, RUN_TIMEOUT_MS));
        const failures = checkRun(expected, run);
        expect(failures, `${command.join(" ")} ${file}`).toEqual([]);
      },
      RUN_TIMEOUT_MS * 3,
    );
  }
});
