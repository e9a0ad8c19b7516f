/**
 * examples/lox untranslated, one test per script, checked as the book's test runner checks clox
 * (stdout, compile errors, runtime errors with their line, exit status), on:
 * - the project's own Lox programs (tests/fixtures/lox), which always run;
 * - the Lox conformance suite (craftinginterpreters' test/ folder: ../shared/lox/test or
 *   RTS_LOX_SUITE), a skipped group when it is missing (tests/helpers/external-suites.ts).
 *
 * By default the interpreter runs in this process: its main is imported and called with console
 * captured (examples/lox is synchronous, so a run is never interleaved with another), which
 * spares a Node process per script (about 320 of them, minutes of CPU on a small machine);
 * tests/examples/lox-example.test.ts runs it through `rts run`. LOX_COMMAND names a command
 * instead, run once per script, so the same tests can run `rts run` or a translated binary:
 *   LOX_COMMAND='["node","bin/rts","run","examples/lox/lox.ts"]' npx vitest run tests/examples/lox-suite.test.ts
 *   LOX_COMMAND='["./lox-c"]' npx vitest run tests/examples/lox-suite.test.ts
 * LOX_JOBS sets how many commands run at once (default 4).
 */

import os from "node:os";
import path from "node:path";
import { format } from "node:util";
import pLimit from "p-limit";
import { describe, expect, it } from "vitest";
import { describeWithSuite, LOX_SUITE } from "../helpers/external-suites.ts";
import {
  checkRun,
  findLoxTests,
  LOX_FIXTURES,
  LOX_FIXTURE_COUNT,
  LOX_SUITE_EXCLUDED,
  LOX_SUITE_TEST_COUNT,
  readExpectations,
  runLox,
  type RunResult,
} from "../helpers/lox-expectations.ts";
import { repoRoot } from "../helpers/run-rts.ts";
import { main as loxMain } from "../../examples/lox/lox.ts";

/** The command that runs one Lox script (the script's path is appended), or null to run examples/lox in this process. */
const command: string[] | null = process.env.LOX_COMMAND ? (JSON.parse(process.env.LOX_COMMAND) as string[]) : null;
const TARGET = "examples/lox/lox.ts";

/** Runs examples/lox's main on file in this process, collecting what it prints and its status. */
function runInProcess(file: string): RunResult {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const { log, error } = console;
  console.log = (...args: unknown[]) => void stdout.push(`${format(...args)}\n`);
  console.error = (...args: unknown[]) => void stderr.push(`${format(...args)}\n`);
  const started = performance.now();
  let status: number;
  try {
    status = loxMain([TARGET, file]);
  } finally {
    console.log = log;
    console.error = error;
  }
  return { stdout: stdout.join(""), stderr: stderr.join(""), status, signal: null, timedOut: false, elapsed: performance.now() - started };
}

const jobs = Number(process.env.LOX_JOBS ?? Math.min(4, Math.max(2, os.availableParallelism())));
const limit = pLimit(jobs);
const RUN_TIMEOUT_MS = 60_000;

/** One concurrent test per script of root. */
function declareScripts(root: string, tests: string[]): void {
  for (const test of tests) {
    it.concurrent(
      test,
      async ({ expect }) => {
        const file = path.join(root, test);
        const expected = readExpectations(file, "c");
        expect(expected.isTest).toBe(true);
        const run = command === null ? runInProcess(file) : await limit(() => runLox(command, file, repoRoot, RUN_TIMEOUT_MS));
        const failures = checkRun(expected, run);
        expect(failures, `${command === null ? TARGET : command.join(" ")} ${file}`).toEqual([]);
      },
      RUN_TIMEOUT_MS * 3,
    );
  }
}

describe("lox programs of this project (tests/fixtures/lox)", () => {
  const tests = findLoxTests(LOX_FIXTURES, []);
  it(`finds the ${LOX_FIXTURE_COUNT} programs`, () => expect(tests.length).toBe(LOX_FIXTURE_COUNT));
  declareScripts(LOX_FIXTURES, tests);
});

describeWithSuite(LOX_SUITE, "lox conformance suite", (suiteRoot) => {
  const tests = findLoxTests(suiteRoot, LOX_SUITE_EXCLUDED);
  it(`finds the ${LOX_SUITE_TEST_COUNT} tests of the C suite`, () => expect(tests.length).toBe(LOX_SUITE_TEST_COUNT));
  declareScripts(suiteRoot, tests);
});
