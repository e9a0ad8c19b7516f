// Golden files of the LL graph printer: each tests/rtyper/golden/*.ts is an RTS program whose
// final comment holds what `rts lltype file.ts example` prints (`==== lltype`): the LL graph of
// its function `example` as the rtyper makes it, one operation per line with types and source
// positions. UPDATE_GOLDEN=1 rewrites the expectations; review the diff.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { blessGolden, readGoldenCases, updating } from "../helpers/golden.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

const cases = readGoldenCases(path.join(import.meta.dirname, "golden"), ".ts", true);

describe.concurrent("the printed form of LL graphs", () => {
  it("has the golden cases", () => expect(cases.length).toBeGreaterThanOrEqual(6));

  for (const golden of cases) {
    it(golden.name, async () => {
      const result = await runRts(["lltype", path.relative(repoRoot, golden.file), "example"]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      if (updating) return blessGolden(golden, "lltype", result.stdout);
      expect(golden.section, `${golden.name} has no expected section; run with UPDATE_GOLDEN=1`).toBe("lltype");
      expect(result.stdout).toBe(golden.expected);
    });
  }
});
