// `rts jitcodes target.ts [FUNCTION]` (src/cli/jitcodes.ts): golden files in tests/jit/golden,
// each `<fixture> [function]` (arguments, relative to tests/jit/fixtures) then `==== jitcodes` and
// the expected output (UPDATE_GOLDEN=1 rewrites it); errors exit with status 2 and one line.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { blessGolden, readGoldenCases, updating } from "../helpers/golden.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

const dir = path.join(repoRoot, "tests/jit/golden");
const fixtures = "tests/jit/fixtures";

describe("rts jitcodes", () => {
  for (const golden of readGoldenCases(dir, ".jitcodes")) {
    it(`prints ${golden.input.trim()}`, async () => {
      const [fixture, ...rest] = golden.input.trim().split(/\s+/);
      const result = await runRts(["jitcodes", `${fixtures}/${fixture}`, ...rest]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      if (updating) blessGolden(golden, "jitcodes", result.stdout);
      else expect(result.stdout).toBe(golden.expected);
    });
  }

  it("says there is no portal, or no such function, with status 2", async () => {
    const [none, missing, outside] = await Promise.all([
      runRts(["jitcodes", `${fixtures}/jitcode-target.ts`]),
      runRts(["jitcodes", `${fixtures}/tiny-interp.ts`, "nowhere"]),
      runRts(["jitcodes", `${fixtures}/tiny-interp.ts`, "countBits"]),
    ]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no function reachable from main calls jitMergePoint/);
    expect(none.stderr).not.toMatch(/\n\s+at /);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no function, method or constructor named 'nowhere'/);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/'countBits' has no jitcode: the JIT does not look inside it/);
  });
});
