// Every reproducer the fuzzer wrote (tests/fuzz/found/*.ts, see src/fuzz/README.md) runs in every
// mode: untranslated (`rts run`), the LL interpreter with --opt 0 and --opt 2, and translated
// with --opt 0 and --opt 2, each binary also with RTS_GC_STRESS=1. Each mode must give the
// outcome written at the end of the file (what `rts run` gave when the reproducer was written).

import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type * as Modes from "../../src/fuzz/modes.ts";
import { parseReproducer } from "../../src/fuzz/reproducer.ts";
import { repoRoot } from "../helpers/run-rts.ts";

const FOUND = "tests/fuzz/found";
const reproducers = readdirSync(path.join(repoRoot, FOUND)).filter((f) => f.endsWith(".ts")).sort();
const scratch = mkdtempSync(path.join(os.tmpdir(), "rts-fuzz-found-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The compiled runner, loaded by Node itself so that its module hooks load the programs as bin/rts does.
const modes = (await import(path.join(repoRoot, "dist/fuzz/modes.js"))) as typeof Modes;

describe("the fuzzer's reproducers agree with their expectation in every mode", () => {
  it("has a folder of reproducers (each file below is one test)", () => {
    expect(reproducers.every((f) => /^seed-\d+\.ts$/.test(f))).toBe(true);
  });
  for (const name of reproducers) {
    it(name, { timeout: 600_000 }, async () => {
      const file = path.join(FOUND, name);
      const { expected } = parseReproducer(readFileSync(path.join(repoRoot, file), "utf8"));
      const results = await modes.runModes(file, modes.MODES, { timeoutMs: 60_000, binDir: scratch });
      for (const mode of modes.MODES) expect({ mode, ...results.get(mode) }).toEqual({ mode, ...expected });
    });
  }
});
