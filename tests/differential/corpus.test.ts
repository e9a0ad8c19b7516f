// The annotator's positive corpus (tests/annotator/golden/ok) run in every mode and compared with
// `rts run`, its reference: each program with no arguments and with two ("7", "word") must print
// the same stdout and stderr and exit with the same status
//   - in the LL interpreter, lowered with --opt 2 (for the programs an optimisation could change,
//     prebuilt objects mutated at run time and negative zero, also with --opt 0);
//   - translated with --opt 2 (those programs also with --opt 0), the binary run plainly and with
//     RTS_GC_STRESS=1;
//   - with `rts run --checked` (with the two arguments).
// `rts run` and `rts run --checked` run as users run them, in child processes. Lowering and
// translating run in this process (src/fuzz/modes.ts, compiled), as the fuzzer does: one program
// is lowered once for both argument lists, and the toolchain is not loaded again for each
// program; the CLI around them has its own tests (tests/cli). Each binary runs in a child process.

import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type * as Modes from "../../src/fuzz/modes.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, runBinary, scratchPath } from "./native-harness.ts";

// The compiled runner, loaded by Node itself so that its module hooks load the programs as bin/rts does.
const modes = (await import(path.join(repoRoot, "dist/fuzz/modes.js"))) as typeof Modes;

const corpus = "tests/annotator/golden/ok";
const programs = readdirSync(path.join(repoRoot, corpus)).filter((f) => f.endsWith(".ts")).sort();
const ARGUMENT_SETS: string[][] = [[], ["7", "word"]];
/** The argument list `rts run --checked` gets. */
const CHECKED_ARGUMENTS = ARGUMENT_SETS[1]!;
/** Programs an optimisation could change (issue 20): also lowered and translated with --opt 0. */
const UNOPTIMISED_TOO = /^(prebuilt-mutation-.*|negative-zero|instanceof-nullable|try-after-raising-call)\.ts$/;
const GC_STRESS = { ...process.env, RTS_GC_STRESS: "1" };

/** What differs from run to run (the clock), masked before comparing. */
const NONDETERMINISTIC: Record<string, (text: string) => string> = {
  "timing.ts": (text) => text.replace(/ in \d+\.\d ms at \d+/, " in T ms at S"),
};

afterAll(removeScratch);

type Shown = { stdout: string; stderr: string; status: number | string | null };

describe.concurrent("the golden corpus agrees with rts run in every mode", () => {
  it("has the corpus, with the programs run unoptimised too", () => {
    expect(programs.length).toBeGreaterThanOrEqual(100);
    expect(programs.filter((p) => UNOPTIMISED_TOO.test(p)).length).toBeGreaterThanOrEqual(6);
  });

  for (const program of programs) {
    it(program, { timeout: 600_000 }, async () => {
      const file = `${corpus}/${program}`;
      const mask = NONDETERMINISTIC[program] ?? ((text: string) => text);
      const shown = (run: Shown) => ({ ...run, stdout: mask(run.stdout) });
      // The references and the checked run, in child processes, while this process lowers and translates.
      const references = Promise.all(ARGUMENT_SETS.map((args) => limit(() => runRts(["run", file, ...args]))));
      const checked = limit(() => runRts(["run", "--checked", file, ...CHECKED_ARGUMENTS]));
      const opts = UNOPTIMISED_TOO.test(program) ? (["2", "0"] as const) : (["2"] as const);

      const results: { mode: string; args: string[]; run: Shown }[] = [];
      for (const opt of opts) {
        const ll = await modes.runLLInterpWith(file, opt === "2", ARGUMENT_SETS);
        ARGUMENT_SETS.forEach((args, i) => results.push({ mode: `llinterp --opt ${opt}`, args, run: ll[i]! }));
        const binary = scratchPath(`${path.basename(program, ".ts")}-O${opt}-c`);
        const failed = await modes.translateInProcess(file, binary, opt === "2");
        for (const args of ARGUMENT_SETS) {
          if (failed) {
            results.push({ mode: `native --opt ${opt}`, args, run: failed });
            continue;
          }
          const [plain, stressed] = await Promise.all([
            limit(() => runBinary(binary, args, { cwd: repoRoot, timeoutMs: 60_000 })),
            limit(() => runBinary(binary, args, { cwd: repoRoot, timeoutMs: 60_000, env: GC_STRESS })),
          ]);
          results.push({ mode: `native --opt ${opt}`, args, run: outcome(plain) });
          results.push({ mode: `native --opt ${opt} RTS_GC_STRESS=1`, args, run: outcome(stressed) });
        }
      }
      const expected = (await references).map(outcome);
      results.push({ mode: "run --checked", args: CHECKED_ARGUMENTS, run: outcome(await checked) });

      for (const { mode, args, run } of results) {
        const reference = expected[ARGUMENT_SETS.indexOf(args)]!;
        expect({ mode, args, ...shown(run) }).toEqual({ mode, args, ...shown(reference) });
      }
    });
  }
});
