// The annotator's positive corpus translated: every program of tests/annotator/golden/ok is
// translated once (`rts translate`), then run natively and untranslated (`rts run`) with no
// arguments and with two, and must print the same stdout and stderr and exit with the same
// status, and again under RTS_GC_STRESS=1. (main's argv[0] is the target's path in both: the translator fixes it, as `rts run`
// passes it.)

import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, runBinary, translateAll } from "./native-harness.ts";

const corpus = "tests/annotator/golden/ok";
const programs = readdirSync(path.join(repoRoot, corpus)).filter((f) => f.endsWith(".ts")).sort();
const ARGUMENT_SETS: string[][] = [[], ["7", "word"]];
/** Each binary also runs with a minor collection at every allocation. */
const GC_STRESS = { ...process.env, RTS_GC_STRESS: "1" };

/** What differs from run to run (the clock), masked before comparing. */
const NONDETERMINISTIC: Record<string, (text: string) => string> = {
  "timing.ts": (text) => text.replace(/ in \d+\.\d ms at \d+/, " in T ms at S"),
};

let binaries: Map<string, Promise<string>>;
beforeAll(() => {
  binaries = translateAll(programs.map((p) => ({ target: `${corpus}/${p}`, name: path.basename(p, ".ts") + "-c" })));
});
afterAll(removeScratch);

describe.concurrent("translated programs of the golden corpus agree with rts run", () => {
  for (const program of programs) {
    it(program, { timeout: 600_000 }, async () => {
      const file = `${corpus}/${program}`;
      const binary = await binaries.get(file)!;
      const mask = NONDETERMINISTIC[program] ?? ((text: string) => text);
      for (const args of ARGUMENT_SETS) {
        const [node, native, stressed] = await Promise.all([
          limit(() => runRts(["run", file, ...args])),
          limit(() => runBinary(binary, args, { cwd: repoRoot, timeoutMs: 60_000 })),
          limit(() => runBinary(binary, args, { cwd: repoRoot, timeoutMs: 60_000, env: GC_STRESS })),
        ]);
        const shown = (r: ReturnType<typeof outcome>) => ({ args, ...r, stdout: mask(r.stdout) });
        expect(shown(outcome(native))).toEqual(shown(outcome(node)));
        expect({ RTS_GC_STRESS: 1, ...shown(outcome(stressed)) }).toEqual({ RTS_GC_STRESS: 1, ...shown(outcome(node)) });
      }
    });
  }
});
