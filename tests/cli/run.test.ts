// `rts run`: a target runs untranslated with its argv and exit status; bad input is one clear
// line with exit status 2 and never a stack trace of the toolchain.

import { describe, expect, it } from "vitest";
import { runRts } from "../helpers/run-rts.ts";

const fixture = (name: string) => `tests/fixtures/run/${name}`;

/** Asserts the shape every user error has: one line, exit 2, no toolchain stack trace. */
function expectUserError(result: { stdout: string; stderr: string; status: number | null }, line: string) {
  expect(result.stderr).toBe(line + "\n");
  expect(result.stdout).toBe("");
  expect(result.status).toBe(2);
}

describe("rts run", () => {
  it("passes [target, ...args] to main, exits with its result and resolves .js imports to .ts", async () => {
    const result = await runRts(["run", fixture("args.ts"), "a", "-b", "--c"]);
    expect(result).toEqual({ stdout: `${fixture("args.ts")}|a|-b|--c\nhelper: done\n`, stderr: "", status: 3 });
  });

  it("resolves the rts library and reports a wrong hint at the call site", async () => {
    const result = await runRts(["run", fixture("bad-hint.ts")]);
    expect(result.stderr).toBe(
      "JitHintError: jitdriver.jitMergePoint(): 'stray' is neither a green nor a red (greens: pc; reds: acc)\n" +
        `    at main (${fixture("bad-hint.ts")}:8:12)\n`,
    );
    expect(result.status).toBe(1);
  });

  it("prints an uncaught exception with the TypeScript functions and positions of the calls that made it", async () => {
    const result = await runRts(["run", fixture("throws.ts")]);
    expect(result).toEqual({ stdout: "before\n", stderr: `Error: too big: 6\n    at check (${fixture("throws.ts")}:2:20)\n    at main (${fixture("throws.ts")}:8:3)\n`, status: 1 });
  });

  it("names a user-defined error class", async () => {
    const result = await runRts(["run", fixture("throws-subclass.ts")]);
    expect(result.stderr).toBe(`LexError: unexpected character\n    at main (${fixture("throws-subclass.ts")}:9:9)\n`);
    expect(result.status).toBe(1);
  });

  it("treats an exception at import time as uncaught", async () => {
    const result = await runRts(["run", fixture("throws-at-import.ts")]);
    expect(result.stderr).toBe(`RangeError: empty table\n    at ${fixture("throws-at-import.ts")}:2:31\n`);
    expect(result.status).toBe(1);
  });
});

describe("rts run on bad input", () => {
  it("a missing file", async () => {
    expectUserError(await runRts(["run", "nowhere/missing.ts"]), "nowhere/missing.ts: error: no such file");
  });

  it("a syntax error", async () => {
    expectUserError(await runRts(["run", fixture("syntax-error.ts")]), `${fixture("syntax-error.ts")}:2:16: error: expression expected`);
  });

  it("an enum", async () => {
    expectUserError(
      await runRts(["run", fixture("enum.ts")]),
      `${fixture("enum.ts")}:1:1: error: 'enum' is not erasable TypeScript; use module-level constants (const RED = 0) or a class instead`,
    );
  });

  it("an enum in an imported module", async () => {
    expectUserError(
      await runRts(["run", fixture("imports-enum.ts")]),
      `${fixture("enum.ts")}:1:1: error: 'enum' is not erasable TypeScript; use module-level constants (const RED = 0) or a class instead`,
    );
  });

  it("a namespace", async () => {
    expectUserError(
      await runRts(["run", fixture("namespace.ts")]),
      `${fixture("namespace.ts")}:5:1: error: 'namespace' with values is not erasable TypeScript; use a module (a separate file) instead`,
    );
  });

  it("a parameter property", async () => {
    expectUserError(
      await runRts(["run", fixture("parameter-property.ts")]),
      `${fixture("parameter-property.ts")}:2:15: error: a parameter property is not erasable TypeScript; declare the field in the class body and assign it in the constructor`,
    );
  });

  it("a module with no main export", async () => {
    expectUserError(
      await runRts(["run", fixture("no-main.ts")]),
      `${fixture("no-main.ts")}: error: no 'main' export; a target exports function main(argv: string[]): number`,
    );
  });

  it("an import of a missing module", async () => {
    expectUserError(
      await runRts(["run", fixture("imports-missing.ts")]),
      `${fixture("imports-missing.ts")}:1:25: error: cannot find module './not-there.ts'`,
    );
  });

  it("a main that returns something other than an integer", async () => {
    expectUserError(
      await runRts(["run", fixture("returns-string.ts")]),
      `${fixture("returns-string.ts")}: error: main returned "ok"; it must return the exit status (an integer)`,
    );
  });

  it("a missing target argument and an unknown command", async () => {
    expectUserError(await runRts(["run"]), "rts: error: missing required argument 'target'");
    expectUserError(await runRts(["compile"]), "rts: error: unknown command 'compile'");
  });
});

describe("rts --help", () => {
  it("describes the commands and their options", async () => {
    const top = await runRts(["--help"]);
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/^Usage: rts \[options\] \[command\]/);
    expect(top.stdout).toContain("run [options] <target> [args...]");
    const run = await runRts(["run", "--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: rts run [options] <target> [args...]");
    expect(run.stdout).toContain("arguments passed to main after the target's path");
    expect(run.stdout).toContain("--llinterp");
    expect(run.stdout).toContain("--opt <level>");
    expect(run.stdout).toMatch(/\(choices:\s+"0",\s+"2",\s+default:\s+"2"\)/);
  });
});
