// The type check of the whole project (src, examples, tests: tsconfig.check.json, `npm run
// typecheck`), as a test: it runs beside the other test files instead of before them all, where
// the one-threaded compiler left the second core idle (`pretest` builds dist/ only).

import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCommand } from "../helpers/run-rts.ts";

describe("the project type-checks", () => {
  it("tsc -p tsconfig.check.json reports nothing", { timeout: 600_000 }, async () => {
    const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
    const run = await runCommand(process.execPath, [tsc, "-p", path.join(repoRoot, "tsconfig.check.json")]);
    expect({ status: run.status, output: run.stdout + run.stderr }).toEqual({ status: 0, output: "" });
  });
});
