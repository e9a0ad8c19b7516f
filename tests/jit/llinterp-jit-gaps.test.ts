// `rts run --llinterp --jit` (src/translator/jit-llinterp.ts) on small machines written for
// these tests (tests/jit/fixtures/jitgaps-*.ts), for what jitcodes must keep exact: the call
// chain of a fatal error in a function called from two places (the inline calls' sites).

import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it: `npm run build` first.
const dist = <T>(path: string): Promise<T> => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`) as Promise<T>;
const { loadProgram } = await dist<typeof import("../../src/frontend/modules.ts")>("frontend/modules.js");
const { lowerProgram } = await dist<typeof import("../../src/translator/lower.ts")>("translator/lower.js");
const { describeLLException, runLowered } = await dist<typeof import("../../src/rtyper/run-llinterp.ts")>("rtyper/run-llinterp.js");
const { jitParamsOf, lowerProgramForJit } = await dist<typeof import("../../src/translator/jit-llinterp.ts")>("translator/jit-llinterp.js");
type JitLLInterpreter = import("../../src/translator/jit-llinterp.ts").JitLLInterpreter;
type LoadedProgram = import("../../src/frontend/modules.ts").LoadedProgram;

const PARAMS = "threshold=3,trace_eagerness=2";

interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
}

function capture(run: (output: (fd: number, bytes: Uint8Array) => void) => number): Outcome {
  const out: string[] = [];
  const err: string[] = [];
  const status = run((fd, bytes) => (fd === 1 ? out : err).push(Buffer.from(bytes).toString("utf8")));
  return { stdout: out.join(""), stderr: err.join(""), status };
}

/** A fixture run in the LL interpreter alone and with the JIT. */
async function fixture(file: string) {
  const path = `tests/jit/fixtures/${file}`;
  const program: LoadedProgram = await loadProgram(`${repoRoot}/${path}`, true, true);
  // lowered once: each run has an LL interpreter of its own
  const lowered = lowerProgram(program);
  if (typeof lowered === "string") throw new Error(lowered);
  return {
    plain(args: string[]): Outcome {
      return capture((output) => runLowered(lowered, [path, ...args], describeLLException, output));
    },
    jitted(args: string[], params = PARAMS): Outcome & { interp: JitLLInterpreter } {
      const lowered = lowerProgramForJit(program, jitParamsOf(params));
      if (typeof lowered === "string") throw new Error(lowered);
      return { ...capture((output) => runLowered(lowered, [path, ...args], describeLLException, output, lowered.interp)), interp: lowered.interp };
    },
  };
}

describe("the call chain of a fatal error in jitcodes", async () => {
  const sites = await fixture("jitgaps-sites.ts");
  // load is called at 22 (a) and at 23 (b); b's call fails
  const expectedFrames = /^fatal error: index (30|2) out of bounds \(length \1\)\n {4}at load \(tests\/jit\/fixtures\/jitgaps-sites\.ts:11:10\)\n {4}at run \(tests\/jit\/fixtures\/jitgaps-sites\.ts:23:32\)\n {4}at main \(/;

  it("names the second of two calls of the same function when the check fails in a compiled loop", () => {
    const expected = sites.plain(["abij", "0", "30"]);
    expect(expected.status).toBe(70);
    expect(expected.stderr).toMatch(expectedFrames);
    const { interp, ...withJit } = sites.jitted(["abij", "0", "30"]);
    expect(withJit).toEqual(expected);
    const runner = [...interp.portals.values()][0]!.runner;
    expect(interp.loopsCompiled).toBe(1);
    expect(runner.guardFailures).toBeGreaterThan(0);
  });

  it("names it when the check fails while the meta-interpreter interprets", () => {
    const expected = sites.plain(["abij", "0", "2"]);
    expect(expected.stderr).toMatch(expectedFrames);
    const { interp, ...withJit } = sites.jitted(["abij", "0", "2"]);
    expect(withJit).toEqual(expected);
    expect(interp.loopsCompiled).toBe(0);
  });
});
