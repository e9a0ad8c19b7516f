// The Brainfuck example runs every program of ../shared/bench/bf untranslated, output checked
// against checksums recorded from an independent implementation (a plain C interpreter with
// 8-bit wrapping cells), which agree with ../shared/bench/bf/README.md.

import { createHash } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCommand, rtsBin } from "../helpers/run-rts.ts";

const benchDir = path.resolve(repoRoot, "../shared/bench/bf");

const EXPECTED: Record<string, { md5: string; bytes: number }> = {
  "hello.b": { md5: "8ddd8be4b179a529afa5f2ffae4b9858", bytes: 13 },
  "bench.b": { md5: "ff84a182ecc6da31db638d7c562996d6", bytes: 27 },
  "mandel.b": { md5: "5024283fa65866ddd347b877798e84d8", bytes: 6240 },
  "hanoi.b": { md5: "013caafcc396feaf9b6d8347d3c32f54", bytes: 19090 },
};

/** The command that runs the example; later stages run a translated binary the same way. */
const bfCommand = [process.execPath, rtsBin, "run", "examples/bf/bf.ts"];

function runBf(args: string[], input?: string) {
  return runCommand(bfCommand[0]!, [...bfCommand.slice(1), ...args], { input });
}

const md5 = (text: string) => createHash("md5").update(Buffer.from(text, "latin1")).digest("hex");

describe.concurrent("bf example on ../shared/bench/bf", () => {
  for (const [program, expected] of Object.entries(EXPECTED)) {
    it(program, { timeout: 900_000 }, async () => {
      const result = await runBf([path.join(benchDir, program)]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect({ md5: md5(result.stdout), bytes: Buffer.byteLength(result.stdout, "latin1") }).toEqual(expected);
    });
  }
});

describe("bf example", () => {
  it("runs the bundled hello world", async () => {
    expect(await runBf(["examples/bf/hello.b"])).toEqual({ stdout: "Hello World!\n", stderr: "", status: 0 });
  });

  it("reads input with ',' and writes raw bytes", async () => {
    // Echo three bytes, adding one to each: "abc" -> "bcd"
    const result = await runBf(["tests/fixtures/bf/echo-plus-one.b"], "abc");
    expect(result).toEqual({ stdout: "bcd", stderr: "", status: 0 });
  });

  it("grows the tape in both directions", async () => {
    const result = await runBf(["tests/fixtures/bf/wide-tape.b"]);
    expect(result).toEqual({ stdout: "AB", stderr: "", status: 0 });
  });

  it("reports an unmatched bracket", async () => {
    const result = await runBf(["tests/fixtures/bf/unmatched.b"]);
    expect(result).toEqual({ stdout: "", stderr: "bf: tests/fixtures/bf/unmatched.b: unmatched '[' on line 2\n", status: 1 });
  });

  it("reports a usage error", async () => {
    expect(await runBf([])).toEqual({ stdout: "", stderr: "usage: bf program.b\n", status: 2 });
  });
});
