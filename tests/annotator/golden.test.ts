// The golden corpus of the annotator: each tests/annotator/golden/ok/*.ts is an RTS program
// whose final comment holds the expected `rts annotate` output (`==== annotate`, exit 0); each
// tests/annotator/golden/errors/*.ts is a program that is not RTS, with the expected errors
// (`==== error`, exit 2: message, position, code frame and call chain of every error).
// UPDATE_GOLDEN=1 rewrites the expectations; review the diff, it is the specification.
// To add a case, write the program (exporting main(argv: string[]): number) and bless it.
//
// The command runs in this process (the compiled src/cli/annotate.ts, its output captured, a
// UserError shown as the CLI shows it): two hundred Node starts cost more than the annotations.
// The CLI around it (arguments, statuses, colours) is tested in tests/cli.

import path from "node:path";
import { describe, expect, it } from "vitest";
import type * as AnnotateCommand from "../../src/cli/annotate.ts";
import type * as Diagnostic from "../../src/frontend/diagnostic.ts";
import { blessGolden, readGoldenCases, updating } from "../helpers/golden.ts";
import { repoRoot } from "../helpers/run-rts.ts";

// Plain text, as `rts annotate` prints into a pipe (chalk reads this when it is loaded).
process.env.FORCE_COLOR = "0";
// The compiled toolchain, loaded by Node itself so that its module hooks load the programs as bin/rts does.
const { annotateCommand } = (await import(path.join(repoRoot, "dist/cli/annotate.js"))) as typeof AnnotateCommand;
const { UserError } = (await import(path.join(repoRoot, "dist/frontend/diagnostic.js"))) as typeof Diagnostic;

let running: Promise<unknown> = Promise.resolve();
/** `rts annotate file` in this process, one at a time (the output is captured from process.stdout and stderr). */
function annotate(file: string): Promise<{ stdout: string; stderr: string; status: number }> {
  const run = running.then(async () => {
    const out: string[] = [];
    const err: string[] = [];
    const writeOut = process.stdout.write;
    const writeErr = process.stderr.write;
    process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
    let status: number;
    try {
      status = await annotateCommand(file, {});
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      err.push(error.message + "\n");
      status = 2;
    } finally {
      process.stdout.write = writeOut;
      process.stderr.write = writeErr;
    }
    return { stdout: out.join(""), stderr: err.join(""), status };
  });
  running = run.catch(() => {});
  return run;
}

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
        const result = await annotate(path.relative(repoRoot, golden.file));
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
