// A failed write to standard output (a full device, a pipe whose reader has gone) ends the
// program with one line on standard error and status 74, untranslated (`rts run`, no Node stack
// trace), in the LL interpreter and translated (the binary ignores SIGPIPE, as Node does).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, rtsBin, runCommand } from "../helpers/run-rts.ts";
import { removeScratch, translateTarget } from "./native-harness.ts";

const target = "tests/fixtures/run/many-lines.ts";
let binary: Promise<string>;
beforeAll(() => {
  binary = translateTarget(target, "many-lines-c");
  binary.catch(() => {});
});
afterAll(removeScratch);

/** Runs command (a shell word list) with stdout into /dev/full, or into `head -1`; its stderr and status. */
async function failingOutput(command: string[], into: "full" | "closed pipe") {
  const quoted = command.map((w) => `'${w}'`).join(" ");
  const script = into === "full" ? `${quoted} > /dev/full; echo "status $?" >&2` : `${quoted} | head -1 > /dev/null; echo "status \${PIPESTATUS[0]}" >&2`;
  const result = await runCommand("bash", ["-c", script], { cwd: repoRoot });
  return result.stderr;
}

describe.concurrent("a failed write to standard output", () => {
  const modes: [string, () => Promise<string[]>][] = [
    ["rts run", async () => [process.execPath, rtsBin, "run", target]],
    ["rts run --llinterp", async () => [process.execPath, rtsBin, "run", "--llinterp", target]],
    ["translated", async () => [await binary]],
  ];
  for (const [mode, command] of modes) {
    it(`${mode}: a full device`, { timeout: 600_000 }, async () => {
      expect(await failingOutput(await command(), "full")).toBe("error: cannot write to standard output (ENOSPC)\nstatus 74\n");
    });
    it(`${mode}: a closed pipe`, { timeout: 600_000 }, async () => {
      expect(await failingOutput(await command(), "closed pipe")).toBe("error: cannot write to standard output (EPIPE)\nstatus 74\n");
    });
  }
});
