// A small interpreter with a JitDriver and every JIT hint (tests/fixtures/native/ops-jit-hints.ts)
// runs in the LL interpreter as on Node, with the LL graphs optimised (weAreJitted() folded to
// false by constfold) and not (jit_we_are_jitted, jit_merge_point and can_enter_jit run as
// operations). native-ops.test.ts translates the same program at both levels.

import { describe, expect, it } from "vitest";
import { runRts } from "../helpers/run-rts.ts";
import { outcome } from "./native-harness.ts";

const target = "tests/fixtures/native/ops-jit-hints.ts";

describe.concurrent("JIT hints in the LL interpreter", () => {
  const node = runRts(["run", target]);
  for (const opt of ["2", "0"]) {
    it(`runs the hinted interpreter as rts run does (--opt ${opt})`, async () => {
      const [expected, actual] = await Promise.all([node, runRts(["run", "--llinterp", "--opt", opt, target])]);
      expect(expected.status).toBe(0);
      expect(expected.stdout).toContain("+++[--+!] 97");
      expect(outcome(actual)).toEqual(outcome(expected));
    });
  }
});
