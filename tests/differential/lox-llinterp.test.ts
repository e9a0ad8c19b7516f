// examples/lox through the LL interpreter: the program is annotated and lowered once, then every
// Lox program of the project (tests/fixtures/lox) and of the conformance suite (../shared/lox/test
// or RTS_LOX_SUITE; a skipped group when missing) runs in it (in this process, its output
// captured), checked against the script's expectations exactly as tests/examples/lox-suite.test.ts
// checks the untranslated interpreter.

import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeWithSuite, LOX_SUITE } from "../helpers/external-suites.ts";
import { checkRun, findLoxTests, LOX_FIXTURES, LOX_FIXTURE_COUNT, LOX_SUITE_EXCLUDED, LOX_SUITE_TEST_COUNT, readExpectations } from "../helpers/lox-expectations.ts";
import { repoRoot } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it (its module hooks need Node's loader).
const dist = (file: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${file}`);

const target = "examples/lox/lox.ts";

type Run = (argv: string[]) => { stdout: string; stderr: string; status: number };
let run: Run;

beforeAll(async () => {
  const { loadProgram } = await dist("frontend/modules.js");
  const { lowerProgram } = await dist("translator/lower.js");
  const { runLowered } = await dist("rtyper/run-llinterp.js");
  const { describeLLException } = await dist("rtyper/run-llinterp.js");
  const program = await loadProgram(path.join(repoRoot, target), true, true);
  const lowered = lowerProgram(program);
  if (typeof lowered === "string") throw new Error(lowered);
  run = (argv) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const status = runLowered(lowered, argv, describeLLException, (fd: number, bytes: Uint8Array) => (fd === 1 ? out : err).push(Buffer.from(bytes)));
    return { stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), status };
  };
}, 120_000);

/** One test per script of root. */
function declareScripts(root: string, tests: string[]): void {
  for (const test of tests) {
    it(test, () => {
      const file = path.join(root, test);
      const expected = readExpectations(file, "c");
      const started = performance.now();
      const result = run([target, file]);
      const failures = checkRun(expected, { ...result, signal: null, timedOut: false, elapsed: performance.now() - started });
      expect(failures).toEqual([]);
    });
  }
}

describe("the project's Lox programs through the LL interpreter", () => {
  const tests = findLoxTests(LOX_FIXTURES, []);
  it(`has the ${LOX_FIXTURE_COUNT} programs of tests/fixtures/lox`, () => expect(tests.length).toBe(LOX_FIXTURE_COUNT));
  declareScripts(LOX_FIXTURES, tests);
});

describeWithSuite(LOX_SUITE, "the Lox suite through the LL interpreter", (suiteRoot) => {
  const tests = findLoxTests(suiteRoot, LOX_SUITE_EXCLUDED);
  it(`has the ${LOX_SUITE_TEST_COUNT} scripts of the C suite`, () => expect(tests.length).toBe(LOX_SUITE_TEST_COUNT));
  declareScripts(suiteRoot, tests);
});
