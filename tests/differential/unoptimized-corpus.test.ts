// Programs of the golden corpus whose outcome an optimisation could change (issue 20: a read of
// a prebuilt object's Bool field was folded to its import-time value at --opt 2), run without
// optimisations and compared with `rts run`: in the LL interpreter at --opt 0, and translated at
// --opt 0, the binary also under RTS_GC_STRESS=1. With golden-llinterp.test.ts (the LL
// interpreter at --opt 2) and native-corpus.test.ts (translated at --opt 2, stressed and not),
// which run the whole corpus, each of these programs runs in every mode. Arguments: none, and two.

import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, runBinary, translateTarget } from "./native-harness.ts";

const corpus = "tests/annotator/golden/ok";
/** Prebuilt objects changed at run time, and negative zero (printing and comparing). */
const SELECTED = /^(prebuilt-mutation-.*|negative-zero)\.ts$/;
const programs = readdirSync(path.join(repoRoot, corpus)).filter((f) => SELECTED.test(f)).sort();
const ARGUMENT_SETS: string[][] = [[], ["7", "word"]];
const GC_STRESS = { ...process.env, RTS_GC_STRESS: "1" };

let binaries: Map<string, Promise<string>>;
beforeAll(() => {
  binaries = new Map();
  for (const program of programs) {
    const promise = translateTarget(`${corpus}/${program}`, `${path.basename(program, ".ts")}-O0-c`, "0");
    promise.catch(() => {});
    binaries.set(program, promise);
  }
});
afterAll(removeScratch);

describe.concurrent("unoptimised, the LL interpreter and the binary agree with rts run", () => {
  it("selects the programs", () => expect(programs.length).toBeGreaterThanOrEqual(6));

  for (const program of programs) {
    it(program, { timeout: 600_000 }, async () => {
      const file = `${corpus}/${program}`;
      const binary = await binaries.get(program)!;
      for (const args of ARGUMENT_SETS) {
        const [node, ll, native, stressed] = await Promise.all([
          limit(() => runRts(["run", file, ...args])),
          limit(() => runRts(["run", "--llinterp", "--opt", "0", file, ...args])),
          limit(() => runBinary(binary, args, { cwd: repoRoot, timeoutMs: 60_000 })),
          limit(() => runBinary(binary, args, { cwd: repoRoot, timeoutMs: 60_000, env: GC_STRESS })),
        ]);
        const expected = { args, ...outcome(node) };
        expect({ mode: "llinterp --opt 0", args, ...outcome(ll) }).toEqual({ mode: "llinterp --opt 0", ...expected });
        expect({ mode: "native --opt 0", args, ...outcome(native) }).toEqual({ mode: "native --opt 0", ...expected });
        expect({ mode: "native --opt 0 RTS_GC_STRESS=1", args, ...outcome(stressed) }).toEqual({ mode: "native --opt 0 RTS_GC_STRESS=1", ...expected });
      }
    });
  }
});
