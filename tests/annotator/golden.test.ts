// The golden corpus of the annotator: each tests/annotator/golden/ok/*.ts is an RTS program
// whose final comment holds the expected `rts annotate` output (`==== annotate`, exit 0); each
// tests/annotator/golden/errors/*.ts is a program that is not RTS, with the expected errors
// (`==== error`, exit 2: message, position, code frame and call chain of every error).
// UPDATE_GOLDEN=1 rewrites the expectations; review the diff, it is the specification.
// To add a case, write the program (exporting main(argv: string[]): number) and bless it.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { blessGolden, readGoldenCases, updating } from "../helpers/golden.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

const root = path.join(import.meta.dirname, "golden");

const SUITES = [
  { dir: "ok", section: "annotate", status: 0, minimum: 60 },
  { dir: "errors", section: "error", status: 2, minimum: 30 },
] as const;

for (const suite of SUITES) {
  const cases = readGoldenCases(path.join(root, suite.dir), ".ts", true);

  describe.concurrent(`annotator golden cases: ${suite.dir}`, () => {
    it(`has at least ${suite.minimum} cases`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(suite.minimum);
    });

    for (const golden of cases) {
      it(golden.name, async () => {
        const result = await runRts(["annotate", path.relative(repoRoot, golden.file)]);
        const actual = suite.status === 0 ? result.stdout : result.stderr;
        const other = suite.status === 0 ? result.stderr : result.stdout;
        if (updating && result.status === suite.status) return blessGolden(golden, suite.section, actual);
        expect(result.status, `${golden.name} exited ${result.status}:\n${result.stderr}`).toBe(suite.status);
        expect(other).toBe("");
        expect(golden.section, `${golden.name} has no expected section; run with UPDATE_GOLDEN=1`).toBe(suite.section);
        expect(actual).toBe(golden.expected);
      });
    }
  });
}
