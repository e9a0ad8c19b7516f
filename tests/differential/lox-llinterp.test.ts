// The Lox conformance suite through the LL interpreter: examples/lox is annotated and lowered
// once, then every script of ../shared/lox/test runs in it (in this process, its output
// captured), checked against the script's expectations exactly as tests/examples/lox-suite.test.ts
// checks the untranslated interpreter.

import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkRun, findLoxTests, readExpectations } from "../helpers/lox-expectations.ts";
import { repoRoot } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it (its module hooks need Node's loader).
const dist = (file: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${file}`);

const suiteRoot = path.resolve(repoRoot, "../shared/lox/test");
const EXCLUDED = ["scanning", "expressions", "benchmark"];
const tests = findLoxTests(suiteRoot, EXCLUDED);
const target = "examples/lox/lox.ts";

type Run = (argv: string[]) => { stdout: string; stderr: string; status: number };
let run: Run;

beforeAll(async () => {
  const { loadProgram } = await dist("frontend/modules.js");
  const { lowerProgram, runLowered } = await dist("rtyper/run-llinterp.js");
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

describe("the Lox suite through the LL interpreter", () => {
  it("has the 246 scripts of the C suite", () => expect(tests.length).toBe(246));

  for (const test of tests) {
    it(test, () => {
      const file = path.join(suiteRoot, test);
      const expected = readExpectations(file, "c");
      const started = performance.now();
      const result = run([target, file]);
      const failures = checkRun(expected, { ...result, signal: null, timedOut: false, elapsed: performance.now() - started });
      expect(failures).toEqual([]);
    });
  }
});
