// examples/bf translated for aarch64 (once) and run under qemu-aarch64 with an empty
// environment. The project's programs (tests/fixtures/bf/programs) must print their NAME.out,
// normally and with RTS_GC_STRESS=1; the small cases (input, tape growth at both ends, wrapping,
// the errors, the usage message) must give stdout, stderr and exit status identical to
// `rts run`, normally and under GC stress. Of the benchmark programs (../shared/bench/bf or
// RTS_BF_PROGRAMS; a skipped group when missing), hello.b (normally and under stress) and
// bench.b (0.95 G commands, ~30 s under qemu; normally) run always; with RTS_A64_FULL=1 also
// bench.b under stress, and mandel.b and hanoi.b (about 2 minutes each under qemu on an idle
// core, 5 and more on a loaded one) normally.

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bfChecksums, bfFixtures, md5 } from "../helpers/bf-programs.ts";
import { BF_PROGRAMS, describeWithSuite } from "../helpers/external-suites.ts";
import { repoRoot, rtsBin } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, runBinary } from "../differential/native-harness.ts";
import { describeFull, fullRun } from "./full-run.ts";
import { GC_STRESS_ENV, runAarch64, translateAarch64 } from "./qemu.ts";
import { bfSmallCases } from "../helpers/bf-cases.ts";

const target = "examples/bf/bf.ts";

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-a64-bf-"));
const CASES = bfSmallCases(directory);

let binary: Promise<string>;
beforeAll(() => {
  binary = translateAarch64(target, "bf-a64");
  binary.catch(() => {});
});
afterAll(() => {
  removeScratch();
  rmSync(directory, { recursive: true, force: true });
});

const plainEnv = { ...process.env, FORCE_COLOR: "0" };

describe.concurrent("examples/bf for aarch64 on the project's programs (tests/fixtures/bf/programs)", () => {
  for (const program of bfFixtures()) {
    it(program.name, { timeout: 600_000 }, async () => {
      const bf = await binary;
      for (const env of [{}, GC_STRESS_ENV]) {
        const run = await limit(() => runAarch64(bf, [program.file], { cwd: repoRoot, input: program.input, timeoutMs: 300_000, env }, "latin1"));
        expect({ env, ...outcome(run) }).toEqual({ env, stdout: program.output, stderr: "", status: 0 });
      }
    });
  }
});

describe.concurrent("examples/bf for aarch64 agrees with rts run", () => {
  for (const c of CASES) {
    it(c.name, { timeout: 600_000 }, async () => {
      const bf = await binary;
      const args = c.args();
      const [node, native, stressed] = await Promise.all([
        limit(() => runBinary(process.execPath, [rtsBin, "run", target, ...args], { cwd: repoRoot, input: c.input, env: plainEnv }, "latin1")),
        limit(() => runAarch64(bf, args, { cwd: repoRoot, input: c.input, timeoutMs: 300_000 }, "latin1")),
        limit(() => runAarch64(bf, args, { cwd: repoRoot, input: c.input, timeoutMs: 300_000, env: GC_STRESS_ENV }, "latin1")),
      ]);
      expect(outcome(native)).toEqual(outcome(node));
      expect(outcome(stressed)).toEqual(outcome(node));
    });
  }
});

/** The benchmark programs and the environments they run in, always (the rest with RTS_A64_FULL=1). */
const ALWAYS: Record<string, Record<string, string>[]> = { "hello.b": [{}, GC_STRESS_ENV], "bench.b": [{}] };
const FULL: Record<string, Record<string, string>[]> = { "bench.b": [GC_STRESS_ENV], "mandel.b": [{}], "hanoi.b": [{}] };

function declareBenchmarks(benchDir: string, runs: Record<string, Record<string, string>[]>): void {
  const checksums = bfChecksums(benchDir);
  for (const [name, envs] of Object.entries(runs)) {
    it.concurrent(`${name} (${envs.map((e) => (Object.keys(e).length === 0 ? "plain" : "RTS_GC_STRESS=1")).join(", ")})`, { timeout: 1_800_000 }, async ({ expect }) => {
      const bf = await binary;
      for (const env of envs) {
        const run = await limit(() => runAarch64(bf, [path.join(benchDir, name)], { cwd: repoRoot, timeoutMs: 1_500_000, env }, "latin1"));
        expect({ env, ...outcome(run), stdout: md5(run.stdout) }).toEqual({ env, stdout: checksums.get(name), stderr: "", status: 0 });
      }
    });
  }
}

describeWithSuite(BF_PROGRAMS, "examples/bf for aarch64 on the benchmark programs", (benchDir) => {
  it("has the programs it runs, each with its published checksum", () => {
    const present = readdirSync(benchDir).filter((f) => f.endsWith(".b"));
    const runs = fullRun() ? [...Object.keys(ALWAYS), ...Object.keys(FULL)] : Object.keys(ALWAYS);
    expect(runs.filter((p) => !present.includes(p) || !bfChecksums(benchDir).has(p))).toEqual([]);
  });
  declareBenchmarks(benchDir, ALWAYS);
  describeFull("the long runs", () => declareBenchmarks(benchDir, FULL));
});
