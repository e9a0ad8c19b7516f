// A fixed-seed sample of the fuzzer (npm run fuzz, src/fuzz/README.md), run as users run it:
//   - 80 generated programs (seeds 1..80), batched 40 to a program, through the fast modes:
//     untranslated (`rts run`) against the LL interpreter at --opt 0 and --opt 2;
//   - 16 more (seeds 100001..100016), batched into one program, translated at --opt 0 and --opt 2
//     and run as binaries, with and without RTS_GC_STRESS=1.
// No program may be refused by the annotator (that would be a generator bug), none may crash the
// fuzzer, and every mode must agree with `rts run`.

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runCommand } from "../helpers/run-rts.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "rts-fuzz-sample-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function fuzz(args: string[]) {
  const run = await runCommand(process.execPath, [path.join(repoRoot, "dist/fuzz/main.js"), ...args, "--json", "--reduce-tries", "0", "--found-dir", scratch]);
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as { programs: number; differences: unknown[]; refusals: unknown[]; crashes: unknown[]; features: Record<string, number> };
}

describe.concurrent("a fixed-seed sample of generated programs", () => {
  it("agrees between rts run and the LL interpreter (--opt 0, --opt 2)", { timeout: 600_000 }, async () => {
    const summary = await fuzz(["--count", "80", "--seed", "1", "--batch", "40", "--jobs", "1", "--modes", "node,ll0,ll2"]);
    expect(summary.programs).toBe(80);
    expect({ refusals: summary.refusals, crashes: summary.crashes, differences: summary.differences }).toEqual({ refusals: [], crashes: [], differences: [] });
  });

  it("agrees between rts run and the binaries (--opt 0, --opt 2, with and without GC stress)", { timeout: 600_000 }, async () => {
    const summary = await fuzz(["--count", "16", "--seed", "100001", "--batch", "16", "--jobs", "1", "--modes", "node,bin0,bin0-stress,bin2,bin2-stress"]);
    expect(summary.programs).toBe(16);
    expect({ refusals: summary.refusals, crashes: summary.crashes, differences: summary.differences }).toEqual({ refusals: [], crashes: [], differences: [] });
  });
});
