/**
 * The test programs that live outside the repository: the Lox conformance suite
 * (craftinginterpreters' test/ folder) and the Brainfuck benchmark programs. Every test that
 * needs one finds it here and nowhere else, so that a clone with nothing beside it still passes:
 *
 * - the folder named by the suite's environment variable (RTS_LOX_SUITE, RTS_BF_PROGRAMS), else
 *   its place in ../shared beside the checkout;
 * - when it is missing, the tests that need it are ONE skipped group whose name says what is
 *   missing and how to supply it; with CI=true (CI must run everything) the group is one failing
 *   test with the same message instead.
 *
 * The project's own programs (tests/fixtures/lox, tests/fixtures/bf/programs) need nothing of
 * this and always run.
 */

import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { describe, it } from "vitest";
import { repoRoot } from "./run-rts.ts";

export interface ExternalSuite {
  /** What the suite is, in the messages. */
  title: string;
  /** The environment variable that names the suite's folder. */
  variable: string;
  /** Where the suite is looked for when the variable is not set (relative to the repository root). */
  defaultPath: string;
  /** A file that every copy of the suite has at its top: a folder without it is the wrong one. */
  marker: string;
}

export const LOX_SUITE: ExternalSuite = {
  title: "the Lox conformance suite (the test/ folder of github.com/munificent/craftinginterpreters)",
  variable: "RTS_LOX_SUITE",
  defaultPath: "../shared/lox/test",
  marker: "precedence.lox",
};

export const BF_PROGRAMS: ExternalSuite = {
  title: "the Brainfuck benchmark programs (hello.b, bench.b, mandel.b, hanoi.b and the README.md with their checksums)",
  variable: "RTS_BF_PROGRAMS",
  defaultPath: "../shared/bench/bf",
  marker: "README.md",
};

export type Located = { found: true; dir: string } | { found: false; reason: string };

/** Finds the suite's folder from env (default: this process's environment). */
export function locateSuite(suite: ExternalSuite, env: NodeJS.ProcessEnv = process.env): Located {
  const given = env[suite.variable];
  const dir = given ? path.resolve(repoRoot, given) : path.resolve(repoRoot, suite.defaultPath);
  const named = given ? `${suite.variable}=${given}` : `${suite.defaultPath} (${suite.variable} is not set)`;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { found: false, reason: `${named}: no such folder` };
  if (!existsSync(path.join(dir, suite.marker))) return { found: false, reason: `${named}: the folder has no ${suite.marker}` };
  return { found: true, dir };
}

/** True when the environment says this is CI, where a missing suite is a failure. */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI;
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/** What is missing and how to supply it, in one line. */
export function missingMessage(suite: ExternalSuite, reason: string): string {
  return `missing ${suite.title}: ${reason}; put it at ${suite.defaultPath} beside the checkout or set ${suite.variable}=/path/to/folder`;
}

/**
 * Declares the group `name` whose tests body declares from the suite's folder. When the suite is
 * missing, the group is skipped with a name that says why (or, under CI=true, fails with that
 * message), and body is not called, so nothing reads the missing folder.
 */
export function describeWithSuite(suite: ExternalSuite, name: string, body: (dir: string) => void, env: NodeJS.ProcessEnv = process.env): void {
  const located = locateSuite(suite, env);
  if (located.found) {
    describe(name, () => body(located.dir));
    return;
  }
  const message = missingMessage(suite, located.reason);
  if (isCI(env)) {
    describe(name, () => {
      it(`needs ${suite.variable}`, () => {
        throw new Error(`${message} (CI=true: a missing suite is a failure, not a skip)`);
      });
    });
  } else {
    console.warn(`skipped: ${name}: ${message}`);
    describe.skip(`${name}: SKIPPED, ${message}`, () => {
      it(`needs ${suite.variable}`, () => {});
    });
  }
}
