// examples/bf through the LL interpreter against examples/bf untranslated: the same stdout,
// stderr and exit status on the project's short programs (tests/fixtures/bf/programs; letters.b's
// ten million commands are beyond what an interpreter of LL graphs finishes in a test run), on
// small programs that exercise every command, tape growth at both ends, input, and the errors
// (unmatched brackets, a missing file), and on hello.b of the benchmark programs (../shared/bench/bf
// or RTS_BF_PROGRAMS; a skipped group when missing). The other benchmark programs execute 0.95 to
// 10.5 billion commands; their translated runs are checked in tests/differential/native-bf.test.ts.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bfFixtures } from "../helpers/bf-programs.ts";
import { BF_PROGRAMS, describeWithSuite } from "../helpers/external-suites.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it (its module hooks need Node's
// loader). bf is lowered once, in this process, and each case runs in a fresh LL interpreter with
// its own input (as tests/differential/lox-llinterp.test.ts does); `rts run --llinterp` itself,
// the command, runs on hello.b below.
const dist = (file: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${file}`);
const target = "examples/bf/bf.ts";
type Run = (argv: string[], input: string | undefined) => { stdout: string; stderr: string; status: number };
let runLL: Run;

beforeAll(async () => {
  const { loadProgram } = await dist("frontend/modules.js");
  const { lowerProgram } = await dist("translator/lower.js");
  const { runLowered, describeLLException } = await dist("rtyper/run-llinterp.js");
  const { LLInterpreter } = await dist("llir/llinterp.js");
  const program = await loadProgram(path.join(repoRoot, target), true, true);
  const lowered = lowerProgram(program);
  if (typeof lowered === "string") throw new Error(lowered);
  runLL = (argv, input) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const interp = new LLInterpreter();
    let rest = Buffer.from(input ?? "", "latin1");
    interp.input = (length: number) => {
      const chunk = rest.subarray(0, length);
      rest = rest.subarray(chunk.length);
      return chunk;
    };
    const status = runLowered(lowered, argv, describeLLException, (fd: number, bytes: Uint8Array) => (fd === 1 ? out : err).push(Buffer.from(bytes)), interp);
    return { stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), status };
  };
}, 120_000);

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-bf-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function program(name: string, text: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
}

const CASES: { name: string; file: () => string; input?: string }[] = [
  ...bfFixtures()
    .filter((p) => p.name !== "letters.b")
    .map((p) => ({ name: p.name, file: () => p.file, input: p.input })),
  // A to Z, then a newline: nested loops and output.
  { name: "alphabet", file: () => program("alphabet.b", "+".repeat(26) + ">" + "+".repeat(65) + "<[>.+<-]" + "+".repeat(10) + ".") },
  // Moving left of the first cell grows the tape to the left. (Growing it to the right takes a
  // source of 30000 '>': the parser's `code += c` copies the string each time, which is quadratic
  // in the LL interpreter; tests/examples/bf.test.ts covers it untranslated.)
  { name: "tape growth", file: () => program("grow.b", "<" + "+".repeat(66) + ".>>>" + "+".repeat(67) + ".<<<.") },
  // Cells wrap at 8 bits both ways; a counted loop of 65536 steps.
  { name: "wrapping", file: () => program("wrap.b", "-." + "+.+.>++++[<++++++++>-]<[>+<-]>." + "+[>+[+]<+]>.") },
  // Echoes its input up to the first newline (a cell is left unchanged at the end of input).
  { name: "echo", file: () => program("echo.b", ",----------[++++++++++.,----------]"), input: "some input\nnot this line\n" },
  { name: "unmatched ]", file: () => program("bad1.b", "+\n+]") },
  { name: "unmatched [", file: () => program("bad2.b", "[\n[]") },
  { name: "missing file", file: () => path.join(directory, "no-such.b") },
];

/** rts run against the LL interpreter in this process. */
async function compare(file: string, input?: string): Promise<void> {
  const node = await runRts(["run", target, file], { input });
  const ll = runLL([target, file], input);
  expect(ll).toEqual(node);
}

describe.concurrent("examples/bf in the LL interpreter agrees with rts run", () => {
  for (const c of CASES) {
    it(c.name, () => compare(c.file(), c.input));
  }
});

describeWithSuite(BF_PROGRAMS, "examples/bf through rts run --llinterp on the benchmark programs", (dir) => {
  it("hello.b", async () => {
    const args = [target, path.join(dir, "hello.b")];
    const [node, ll] = await Promise.all([runRts(["run", ...args]), runRts(["run", "--llinterp", ...args])]);
    expect(ll).toEqual(node);
  });
});
