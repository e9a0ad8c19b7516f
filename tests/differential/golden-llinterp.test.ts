// Differential tests of the whole pipeline on the annotator's positive corpus: every program runs
// untranslated (`rts run`) and through the LL interpreter (`rts run --llinterp`), with no
// arguments and with two, and must print the same stdout and stderr and exit with the same status.

import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

const corpus = path.join(repoRoot, "tests/annotator/golden/ok");
const programs = readdirSync(corpus).filter((f) => f.endsWith(".ts")).sort();
const ARGUMENT_SETS: string[][] = [[], ["7", "word"]];

/** What differs from run to run (the clock), masked before comparing. */
const NONDETERMINISTIC: Record<string, (text: string) => string> = {
  "timing.ts": (text) => text.replace(/ in \d+\.\d ms at \d+/, " in T ms at S"),
};

describe.concurrent("rts run --llinterp agrees with rts run on the golden corpus", () => {
  for (const program of programs) {
    it(program, async () => {
      const file = path.join("tests/annotator/golden/ok", program);
      for (const args of ARGUMENT_SETS) {
        const [node, ll] = await Promise.all([runRts(["run", file, ...args]), runRts(["run", "--llinterp", file, ...args])]);
        const mask = NONDETERMINISTIC[program] ?? ((text: string) => text);
        const shown = (r: typeof node) => ({ args, stdout: mask(r.stdout), stderr: r.stderr, status: r.status });
        expect(shown(ll)).toEqual(shown(node));
      }
    });
  }
});
