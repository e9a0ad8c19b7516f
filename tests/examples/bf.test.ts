// The Brainfuck example untranslated (rts run): the project's own programs
// (tests/fixtures/bf/programs, output compared byte for byte with NAME.out, which was written by an
// independent implementation, bench/bf-reference.c), the small cases (input, tape growth, errors),
// and hello.b of the external benchmark programs (../shared/bench/bf or RTS_BF_PROGRAMS; a
// skipped group when missing). The benchmark-sized programs (bench.b, mandel.b, hanoi.b: 0.95 to
// 10.5 billion commands, minutes each untranslated) are not run untranslated here: `npm run bench`
// does that; their output is checked translated in tests/differential/native-bf.test.ts.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { bfChecksums, bfFixtures, md5 } from "../helpers/bf-programs.ts";
import { BF_PROGRAMS, describeWithSuite } from "../helpers/external-suites.ts";
import { runCommand, rtsBin } from "../helpers/run-rts.ts";
import { runBinary } from "../differential/native-harness.ts";

/** The command that runs the example; later stages run a translated binary the same way. */
const bfCommand = [process.execPath, rtsBin, "run", "examples/bf/bf.ts"];

function runBf(args: string[], input?: string) {
  return runCommand(bfCommand[0]!, [...bfCommand.slice(1), ...args], { input });
}

/** Runs bf with its output decoded as latin1 (raw bytes). */
function runBfBytes(args: string[], input: string) {
  return runBinary(bfCommand[0]!, [...bfCommand.slice(1), ...args], { input, env: { ...process.env, FORCE_COLOR: "0" } }, "latin1");
}

describe.concurrent("bf example on the project's programs (tests/fixtures/bf/programs)", () => {
  const programs = bfFixtures();
  it("has its programs", () => expect(programs.length).toBeGreaterThanOrEqual(5));
  for (const program of programs) {
    it(program.name, async () => {
      const run = await runBfBytes([program.file], program.input);
      expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({ stdout: program.output, stderr: "", status: 0 });
    });
  }
});

describeWithSuite(BF_PROGRAMS, "bf example on the benchmark programs", (dir) => {
  it("hello.b prints what the published checksum says", async () => {
    const run = await runBfBytes([path.join(dir, "hello.b")], "");
    expect({ md5: md5(run.stdout), stderr: run.stderr, status: run.status }).toEqual({ md5: bfChecksums(dir).get("hello.b"), stderr: "", status: 0 });
  });
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
