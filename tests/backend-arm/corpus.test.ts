// The annotator's positive corpus (tests/annotator/golden/ok, 134 programs) translated for aarch64
// and run under qemu-aarch64 (an empty environment), compared with `rts run` as
// tests/differential/corpus.test.ts compares the x86-64 binaries: each program with no arguments
// and with two ("7", "word"), plainly and with RTS_GC_STRESS=1, must print the same stdout and
// stderr and exit with the same status. The programs are batched (tests/helpers/batch-driver.ts):
// one translation at --opt 2 covers them all, each run still runs one program alone. A plain
// `npm test` runs each program once, with the arguments and without stress, to keep its time (the
// collector under stress is tested on aarch64 by the Lox and bf programs); RTS_A64_FULL=1 (CI)
// runs both argument sets, each plainly and under stress.

import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withoutDriverFrames, writeBatchDriver } from "../helpers/batch-driver.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, scratchPath } from "../differential/native-harness.ts";
import { GC_STRESS_ENV, runAarch64, translateAarch64 } from "./qemu.ts";
import { fullRun } from "./full-run.ts";

const corpus = "tests/annotator/golden/ok";
const programs = readdirSync(path.join(repoRoot, corpus)).filter((f) => f.endsWith(".ts")).sort();
const ARGUMENT_SETS: string[][] = fullRun() ? [[], ["7", "word"]] : [["7", "word"]];
const ENVIRONMENTS: NodeJS.ProcessEnv[] = fullRun() ? [{}, GC_STRESS_ENV] : [{}];

/** What differs from run to run (the clock), masked before comparing. */
const NONDETERMINISTIC: Record<string, (text: string) => string> = {
  "timing.ts": (text) => text.replace(/ in \d+\.\d ms at \d+/, " in T ms at S"),
};

const driver = scratchPath("corpus-a64.ts");
let binary: Promise<string>;
beforeAll(() => {
  writeBatchDriver(driver, programs.map((name) => ({ name, file: `${corpus}/${name}` })));
  binary = translateAarch64(driver, "corpus-a64");
  binary.catch(() => {});
});
afterAll(removeScratch);

describe.concurrent("the golden corpus translated for aarch64 agrees with rts run", () => {
  it("has the corpus", () => expect(programs.length).toBeGreaterThanOrEqual(100));
  for (const program of programs) {
    it(program, { timeout: 900_000 }, async () => {
      const file = `${corpus}/${program}`;
      const mask = NONDETERMINISTIC[program] ?? ((text: string) => text);
      const shown = (run: { stdout: string; stderr: string; status: number | string | null }) => ({ ...run, stdout: mask(run.stdout), stderr: mask(run.stderr) });
      const references = await Promise.all(ARGUMENT_SETS.map((args) => limit(() => runRts(["run", file, ...args]))));
      const a64 = await binary;
      for (const [i, args] of ARGUMENT_SETS.entries()) {
        for (const env of ENVIRONMENTS) {
          const run = await limit(() => runAarch64(a64, [program, ...args], { cwd: repoRoot, timeoutMs: 300_000, env }));
          const native = { ...outcome(run), stderr: withoutDriverFrames(driver, run.stderr) };
          expect({ args, env, ...shown(native) }).toEqual({ args, env, ...shown(outcome(references[i]!)) });
        }
      }
    });
  }
});
