// examples/bf through the LL interpreter against examples/bf untranslated: the same stdout,
// stderr and exit status on hello.b and on small programs that exercise every command, tape
// growth at both ends, input, and the errors (unmatched brackets, a missing file). The benchmark
// programs of ../shared/bench/bf execute 0.95 to 10.5 billion commands, beyond what an
// interpreter of LL graphs finishes in a test run; their translated runs are checked in
// tests/examples/bf.test.ts and by the native backend's tests.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-bf-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function program(name: string, text: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
}

const CASES: { name: string; file: () => string; input?: string }[] = [
  { name: "hello.b", file: () => path.join(repoRoot, "../shared/bench/bf/hello.b") },
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

describe.concurrent("examples/bf through rts run --llinterp agrees with rts run", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const file = c.file();
      const args = ["examples/bf/bf.ts", file];
      const [node, ll] = await Promise.all([runRts(["run", ...args], { input: c.input }), runRts(["run", "--llinterp", ...args], { input: c.input })]);
      expect(ll).toEqual(node);
    });
  }
});
