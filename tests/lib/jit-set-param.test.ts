// driver.setParam and driver.setUserParam in an interpreter (tests/fixtures/native/jit-set-param.ts):
// the same output and status untranslated, in the LL interpreter (jit_set_param a no-op there)
// and translated (a no-op in ahead-of-time code; setUserParam a call of the runtime's parser),
// RTS_JIT set or not; and in jitcodes, each setParam is a residual call with the parameter's
// index and value (enable_opts as its pass mask).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand, runRts } from "../helpers/run-rts.ts";
import { ALL_OPTS_MASK, P_ENABLE_OPTS, P_THRESHOLD, enableOptsMask } from "../../src/lib/jit-params.ts";

const target = "tests/fixtures/native/jit-set-param.ts";
const scratch = mkdtempSync(path.join(tmpdir(), "rts-set-param-"));
const binary = path.join(scratch, "jit-set-param");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Command-line arguments: well formed and not, as an interpreter's --jit option would pass them. */
const INPUTS: string[][] = [[], ["threshold=5", "bad"], ["off", "enable_opts=rewrite:heap", "enable_opts=rewrite::heap", "trace_limit=-7,decay=1000"]];

describe("setParam and setUserParam in an interpreter", () => {
  beforeAll(async () => {
    const translated = await runRts(["translate", target, "-o", binary]);
    expect(translated.stderr).toBe("");
    expect(translated.status).toBe(0);
  }, 120_000);

  for (const args of INPUTS) {
    it(`gives the same output everywhere with arguments [${args.join(" ")}]`, async () => {
      const node = await runRts(["run", target, ...args]);
      const wellFormed = args.filter((a) => !a.includes("bad") && !a.includes("::")).length;
      expect(node.status).toBe(wellFormed);
      expect(node.stderr).toBe("");
      expect(node.stdout).toContain("interpret 103\n");
      expect(node.stdout).toContain('setUserParam "threshold=3,trace_eagerness=2" true\nsetUserParam "off" true\n');
      expect(node.stdout).toContain('setUserParam "treshold=3" false\n');
      for (const arg of args) expect(node.stdout).toContain(`argv "${arg}" ${!arg.includes("bad") && !arg.includes("::")}\n`);
      const [llinterp, native, nativeWithJitSettings] = await Promise.all([
        runRts(["run", "--llinterp", target, ...args]),
        runCommand(binary, args),
        runCommand(binary, args, { env: { RTS_JIT: "threshold=3,trace_eagerness=2" } }),
      ]);
      expect(llinterp).toEqual(node);
      expect(native).toEqual(node);
      expect(nativeWithJitSettings).toEqual(node);
    }, 60_000);
  }

  it("makes each setParam a residual call in jitcodes, with the parameter's index and value", async () => {
    const jitcodes = await runRts(["jitcodes", target]);
    expect(jitcodes.stderr).toBe("");
    const calls = jitcodes.stdout.split("\n").filter((line) => line.includes("residual_call") && line.includes("jit_set_param"));
    expect(calls.map((line) => line.match(/I\[[^\]]*\]/)![0])).toEqual([
      `I[$${P_THRESHOLD}, %i0]`,
      `I[$${P_ENABLE_OPTS}, $${enableOptsMask("intbounds:rewrite:pure")}]`,
      `I[$${P_ENABLE_OPTS}, $${ALL_OPTS_MASK}]`,
    ]);
  }, 60_000);
});
