// Machine code made and run inside a translated AArch64 binary, under qemu-aarch64: the program
// tests/fixtures/machine-code/machine-code-a64.ts assembles functions at run time with the A64
// assembler of src/runtime/aarch64 (RTS, translated into the binary), maps them, makes them
// read+execute and calls them (callMachineCode with ten arguments, two on the stack;
// callMachineCodeByKind[Float] through rts.callByKind), one calling back a function of the
// program by its address, which allocates (and, under RTS_GC_STRESS=1, collects) and throws.
// Translated once for aarch64; each case is a run. The expected values are computed here, as in
// tests/backend-x86/machine-code.test.ts, not copied from a run.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";
import { outcome, removeScratch } from "../differential/native-harness.ts";
import { runAarch64, translateAarch64 } from "./qemu.ts";

const target = "tests/fixtures/machine-code/machine-code-a64.ts";
let binary: Promise<string>;
beforeAll(() => {
  binary = translateAarch64(target, "machine-code-a64");
  binary.catch(() => {});
});
afterAll(removeScratch);

const run = async (args: string[], env: Record<string, string> = {}) => outcome(await runAarch64(await binary, args, { cwd: repoRoot, timeoutMs: 120_000, env }));

/** The line every run prints first: page-sized code, and mprotect's EINVAL for an unaligned address and for unknown bits. */
const INSTALLED = "installed 4096 4096 -22 -22";

const digits = (values: number[]) => values.reduceRight((n, d) => n * 10 + d, 0);
const sumTo = (n: number) => {
  let s = 0;
  for (let i = 1; i <= n; i++) s += i;
  return s;
};
/** viaCallback(a, b) = callback(b, a) + 1, callback(a, b) = a * 1000 + b. */
const viaCallback = (a: number, b: number) => b * 1000 + a + 1;

const CASES: Record<string, string[]> = {
  add: [`add ${40 + 2} ${2 ** 40 - 7}`],
  sum: [`sum ${sumTo(100)} 0 ${sumTo(100000)}`],
  digits: [`digits ${digits([1, 2, 3, 4, 5, 6, 7, 8, 9, 1])}`],
  affine: [`affine ${1.5 * 2.25 + 3} ${0.1 * 3 + -1}`],
  byKind: [`byKind ${digits([1, 2, 3, 4, 5, 6]) * 1000 + Math.trunc(100.5 - 1 + 2 - 3 + 4 - 5 + 6 - 7)}`],
  callback: [`callback ${viaCallback(34, 12)} kept? across the call`, "callback caught callback refuses -3"],
  patch: ["patch 7 123456"],
};

const expected = (lines: string[], argc: number) => [INSTALLED, ...lines.map((l) => l.replace("kept?", `kept${argc}`)), "unmapped 0", ""].join("\n");

describe.concurrent("machine code assembled and called in a translated aarch64 binary", () => {
  it("runs every case in one process", { timeout: 600_000 }, async () => {
    expect(await run([])).toEqual({ stdout: expected(Object.values(CASES).flat(), 1), stderr: "", status: 0 });
  });

  for (const [name, lines] of Object.entries(CASES)) {
    it(`${name} alone`, { timeout: 600_000 }, async () => {
      expect(await run([name])).toEqual({ stdout: expected(lines, 2), stderr: "", status: 0 });
    });
  }

  it("keeps the program's objects and the callback's allocations right with a collection at every allocation", { timeout: 600_000 }, async () => {
    expect(await run(["callback"], { RTS_GC_STRESS: "1" })).toEqual({ stdout: expected(CASES.callback!, 2), stderr: "", status: 0 });
  });

  it("stops a call by kind with more integers than it passes, naming the call", { timeout: 600_000 }, async () => {
    const result = await run(["tooMany"]);
    expect(result.status).toBe(70);
    expect(result.stdout).toBe(`${INSTALLED}\n`);
    expect(result.stderr).toMatch(/^fatal error: callMachineCodeByKind: more than 6 integer or 8 float arguments .*\n {4}at main \(tests\/fixtures\/machine-code\/machine-code-a64\.ts:\d+:\d+\)\n$/);
  });

  it("shows an exception leaving the callback with the frames on both sides of the machine code", { timeout: 600_000 }, async () => {
    const result = await run(["uncaught"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(`${INSTALLED}\n`);
    const frames = result.stderr.split("\n").filter((line) => line.startsWith("    at "));
    expect(result.stderr.split("\n")[0]).toBe("Error: callback refuses -4");
    expect(frames.map((f) => f.replace(/:\d+:\d+\)$/, ")"))).toEqual([`    at callback (${target})`, `    at main (${target})`]);
  });
});
