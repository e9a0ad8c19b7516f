// A fixture interpreter of tests/jit/fixtures run by `rts run --llinterp` and by `rts run
// --llinterp --jit` (src/translator/jit-llinterp.ts) in this process, for the tests of the JIT
// running untranslated on small machines written for them.

import { repoRoot } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it: `npm run build` first. Every
// class comes from dist, so that instanceof agrees.
export const dist = <T>(path: string): Promise<T> => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`) as Promise<T>;
const { loadProgram } = await dist<typeof import("../../src/frontend/modules.ts")>("frontend/modules.js");
const { lowerProgram } = await dist<typeof import("../../src/translator/lower.ts")>("translator/lower.js");
const { describeLLException, runLowered } = await dist<typeof import("../../src/rtyper/run-llinterp.ts")>("rtyper/run-llinterp.js");
const { jitParamsOf, lowerProgramForJit } = await dist<typeof import("../../src/translator/jit-llinterp.ts")>("translator/jit-llinterp.js");
export type JitLLInterpreter = import("../../src/translator/jit-llinterp.ts").JitLLInterpreter;

/** The JIT's parameters of these tests: loops hot after 3 runs, bridges after 2 failures. */
export const PARAMS = "threshold=3,trace_eagerness=2";

export interface Outcome {
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

export interface LLInterpFixture {
  /** The program in the LL interpreter alone. */
  plain(args: string[]): Outcome;
  /** The program with the JIT (RTS_JIT's text as params), and the interpreter it ran in. */
  jitted(args: string[], params?: string): Outcome & { interp: JitLLInterpreter };
}

/** The fixture tests/jit/fixtures/file, loaded once (lowered once for the LL interpreter alone: each run has an interpreter of its own). */
export async function llinterpFixture(file: string): Promise<LLInterpFixture> {
  const path = `tests/jit/fixtures/${file}`;
  const program = await loadProgram(`${repoRoot}/${path}`, true, true);
  const lowered = lowerProgram(program);
  if (typeof lowered === "string") throw new Error(lowered);
  return {
    plain(args) {
      return capture((output) => runLowered(lowered, [path, ...args], describeLLException, output));
    },
    jitted(args, params = PARAMS) {
      const withJit = lowerProgramForJit(program, jitParamsOf(params));
      if (typeof withJit === "string") throw new Error(withJit);
      return { ...capture((output) => runLowered(withJit, [path, ...args], describeLLException, output, withJit.interp)), interp: withJit.interp };
    },
  };
}
