// A failed write to standard output ends an AArch64 binary (run under qemu-aarch64) as it ends
// the x86-64 one (tests/differential/output-errors.test.ts): one line on standard error and
// status 74, for a full device and for a pipe whose reader has gone (the binary's _start
// ignores SIGPIPE through AArch64's rt_sigaction, so the write fails with EPIPE instead of
// killing the process).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCommand } from "../helpers/run-rts.ts";
import { removeScratch } from "../differential/native-harness.ts";
import { translateAarch64 } from "./qemu.ts";

const target = "tests/fixtures/run/many-lines.ts";
let binary: Promise<string>;
beforeAll(() => {
  binary = translateAarch64(target, "many-lines-a64");
  binary.catch(() => {});
});
afterAll(removeScratch);

/** Runs the binary under qemu-aarch64 with stdout into /dev/full, or into `head -1`; its stderr and status. */
async function failingOutput(into: "full" | "closed pipe") {
  const command = `qemu-aarch64 '${await binary}'`;
  const script = into === "full" ? `${command} > /dev/full; echo "status $?" >&2` : `${command} | head -1 > /dev/null; echo "status \${PIPESTATUS[0]}" >&2`;
  return (await runCommand("bash", ["-c", script], { cwd: repoRoot })).stderr;
}

describe.concurrent("a failed write to standard output in an AArch64 binary", () => {
  it("a full device", { timeout: 600_000 }, async () => {
    expect(await failingOutput("full")).toBe("error: cannot write to standard output (ENOSPC)\nstatus 74\n");
  });
  it("a closed pipe", { timeout: 600_000 }, async () => {
    expect(await failingOutput("closed pipe")).toBe("error: cannot write to standard output (EPIPE)\nstatus 74\n");
  });
});
