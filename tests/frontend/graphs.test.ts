// Golden tests of flow graphs: each tests/frontend/graphs/*.ts is a module; its final comment
// holds the expected `rts graph` output for all its functions (`==== graph`), or the expected
// error line (`==== error`). UPDATE_GOLDEN=1 rewrites the expectations.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { blessGolden, readGoldenCases, updating } from "../helpers/golden.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

const dir = path.join(import.meta.dirname, "graphs");

describe.concurrent("flow graph golden cases", () => {
  for (const golden of readGoldenCases(dir, ".ts", true)) {
    it(golden.name, async () => {
      const result = await runRts(["graph", path.relative(repoRoot, golden.file)]);
      const section = result.status === 0 ? "graph" : "error";
      const actual = result.status === 0 ? result.stdout : result.stderr;
      if (result.status !== 0) expect(result.status).toBe(2);
      if (updating) return blessGolden(golden, section, actual);
      expect(golden.section, `${golden.name} has no expected section; run with UPDATE_GOLDEN=1`).toBe(section);
      expect(actual).toBe(golden.expected);
    });
  }
});
