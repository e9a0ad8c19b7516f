// `rts run --checked` on correct programs: the Brainfuck example prints exactly what plain
// `rts run` prints, with the same status (the annotator's positive corpus is compared in
// tests/differential/corpus.test.ts, with the other modes); an uncaught error
// names the same position although the checks move columns; import time runs unchecked and
// prints once; a program that is not RTS gets the annotator's errors as translate gives them.
// (The buggy programs are compared with the binary in tests/differential/native-checked.test.ts.)

import path from "node:path";
import { describe, expect, it } from "vitest";
import pLimit from "p-limit";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

const limit = pLimit(2);
const fixture = (name: string) => `tests/fixtures/checked/${name}`;

async function both(args: string[], input?: string) {
  const [plain, checked] = await Promise.all([limit(() => runRts(["run", ...args], { input })), limit(() => runRts(["run", "--checked", ...args], { input }))]);
  return { plain, checked };
}

describe.concurrent("rts run --checked agrees with rts run on the Brainfuck example", () => {
  for (const [program, input] of [["examples/bf/hello.b", ""], ["tests/fixtures/bf/echo-plus-one.b", "abc"], ["tests/fixtures/bf/wide-tape.b", ""], ["tests/fixtures/bf/unmatched.b", ""]] as const) {
    it(`examples/bf/bf.ts ${program}`, { timeout: 600_000 }, async () => {
      const { plain, checked } = await both(["examples/bf/bf.ts", program], input);
      expect(checked).toEqual(plain);
    });
  }
});

describe("rts run --checked", () => {
  it("names the position of an uncaught error as rts run does, on lines whose columns the checks move", async () => {
    const { plain, checked } = await both([fixture("throws.ts")]);
    expect(plain).toEqual({ stdout: "", stderr: `Error: sum 3\n    at check (${fixture("throws.ts")}:6:51)\n    at main (${fixture("throws.ts")}:11:24)\n`, status: 1 });
    expect(checked).toEqual(plain);
  });

  it("runs import time unchecked and shows its output once", async () => {
    const result = await runRts(["run", "--checked", fixture("import-time.ts")]);
    expect(result).toEqual({
      stdout: "import time: 3 entries\n0,11,20\n",
      stderr: `fatal error: index 3 out of bounds (length 3)\n    at put (${fixture("import-time.ts")}:6:3)\n    at main (${fixture("import-time.ts")}:15:3)\n`,
      status: 70,
    });
  });

  it("reports a program that is not RTS as translate does, with status 2", async () => {
    const [checked, translated] = await Promise.all([
      runRts(["run", "--checked", fixture("not-rts.ts")]),
      runRts(["translate", fixture("not-rts.ts"), "-o", path.join(repoRoot, "node_modules/.checked-not-rts-c")]),
    ]);
    expect(checked.stderr).toContain(`${fixture("not-rts.ts")}:3:17: error: object literals are not RTS`);
    expect(checked.stderr).toBe(translated.stderr);
    expect(checked.stdout).toBe("");
    expect([checked.status, translated.status]).toEqual([2, 2]);
  });

  it("leaves an item read inside an optional chain in the chain", async () => {
    const { plain, checked } = await both([fixture("optional-chain.ts")]);
    expect(plain).toEqual({ stdout: "1 -1\n", stderr: "", status: 0 });
    expect(checked).toEqual(plain);
  });

  it("is described by rts run --help", async () => {
    const result = await runRts(["run", "--help"]);
    expect(result.stdout).toMatch(/--checked +stop as the translated program stops/);
  });

  it("refuses --checked with --llinterp", async () => {
    const result = await runRts(["run", "--checked", "--llinterp", fixture("throws.ts")]);
    expect(result.stderr).toContain("--checked and --llinterp are two ways to run: choose one");
    expect(result.status).toBe(2);
  });
});
