// `rts translate --jit examples/bf/bf.ts`: the binary with the JIT's runtime linked (its merge
// point still the no-op it is ahead of time: the native merge point is the next step) behaves
// exactly as the program does under `rts run`, with the JIT's settings in every mode (default,
// RTS_JIT=off, everything hot at once, and malformed, which stops it as every binary does), and
// writes the jit-summary section at exit under RTSLOG=jit-summary. One translation for the file;
// examples/lox gets the same check by hand (see src/translator/README.md), its translation being
// the long one.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand, runRts } from "../helpers/run-rts.ts";

const dir = mkdtempSync(path.join(tmpdir(), "rts-jit-bf-"));
const binary = path.join(dir, "bf-jit");
/** Small programs (rts run is the slow side): two hellos, a loop printing ABC, and one the interpreter refuses. */
const loop = path.join(dir, "abc.b");
const broken = path.join(dir, "broken.b");
writeFileSync(loop, "++++++++[>++++++++<-]>+.+.+.\n");
writeFileSync(broken, "+[.\n");
const programs = ["examples/bf/hello.b", "../shared/bench/bf/hello.b", loop, broken];
/** The JIT's settings: they change nothing the program does (a malformed one stops it at start, as under rts run). */
const MODES: Record<string, string | undefined>[] = [{}, { RTS_JIT: "off" }, { RTS_JIT: "threshold=1,trace_eagerness=1" }];
const MALFORMED = { RTS_JIT: "threshold=1,enable_opts=bogus" };

describe("rts translate --jit examples/bf/bf.ts", () => {
  beforeAll(async () => {
    const translated = await runRts(["translate", "--jit", "examples/bf/bf.ts", "-o", binary]);
    expect(translated.stderr).toBe("");
    expect(translated.status).toBe(0);
    expect(translated.stdout).toMatch(/\n {2}codewriter +\(\d+ ms\) {2}\d+ jitcodes from run__portal/);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const program of programs) {
    it(`runs ${program.startsWith(dir) ? path.basename(program) : program} as rts run does, in every RTS_JIT mode`, async () => {
      const node = await runRts(["run", "examples/bf/bf.ts", program]);
      for (const env of MODES) expect(await runCommand(binary, [program], { env }), JSON.stringify(env)).toEqual(node);
      const refused = await runCommand(binary, [program], { env: MALFORMED });
      expect(refused.status).toBe(2);
      expect(refused).toEqual(await runRts(["run", "examples/bf/bf.ts", program], { env: MALFORMED }));
    }, 60_000);
  }

  it("writes jit-summary at exit under RTSLOG=jit-summary", async () => {
    const result = await runCommand(binary, ["examples/bf/hello.b"], { env: { RTSLOG: "jit-summary:-" } });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("Hello World!\n");
    expect(result.stderr).toMatch(/^\[[0-9a-f]+\] \{jit-summary\nTracing: {6}\t0\t0\.0+\n[^]*Total # of loops:\t0\n[^]*\[[0-9a-f]+\] jit-summary\}\n$/);
  });
});
