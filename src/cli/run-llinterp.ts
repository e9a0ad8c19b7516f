/**
 * `rts run --llinterp [--jit] target.ts [args...]`: the program annotated, lowered and run by the
 * LL interpreter. Apart from run.ts so that a plain `rts run` does not load the toolchain.
 */

import { loadProgram, type LoadedProgram } from "../frontend/modules.js";
import { describeLLException, runLowered } from "../rtyper/run-llinterp.js";
import { asUserError, lowerProgram } from "../translator/lower.js";
import { checkRuntimeSettingsOnNode, withRuntimeEnvironment } from "./runtime-settings.js";
import { colourError, highlightFrames } from "./style.js";

const USER_ERROR_STATUS = 2;

/** The program annotated, lowered and run by the LL interpreter; with jit, its portals under the JIT (src/translator/jit-llinterp.ts). */
export async function runLLInterpCommand(target: string, args: string[], optimize = true, jit = false): Promise<number> {
  checkRuntimeSettingsOnNode();
  const program = await loadProgram(target, true, true);
  if (jit) return runJitCommand(program, target, args, optimize);
  // What the rtyper refuses is the user's problem (something RTS allows that it does not support yet).
  const lowered = asUserError(program, () => lowerProgram(program, colourError, optimize, highlightFrames()));
  if (typeof lowered === "string") {
    process.stderr.write(lowered);
    return USER_ERROR_STATUS;
  }
  return runLowered(lowered, [target, ...args], describeLLException);
}

/** `rts run --llinterp --jit`: RTS_JIT's parameters (checked at start), the run, then the jit-summary when RTSLOG asks for it. */
async function runJitCommand(program: LoadedProgram, target: string, args: string[], optimize: boolean): Promise<number> {
  const { jitParamsOf, lowerProgramForJit } = await import("../translator/jit-llinterp.js");
  const params = jitParamsOf(process.env["RTS_JIT"]);
  const lowered = asUserError(program, () => lowerProgramForJit(program, params, colourError, optimize, highlightFrames()));
  if (typeof lowered === "string") {
    process.stderr.write(lowered);
    return USER_ERROR_STATUS;
  }
  // The JIT's runtime logs (jit-tracing, jit-log-*, jit-summary at the end) as RTS code does, on
  // the simulated memory with RTSLOG from the environment, for the whole run.
  let status = 0;
  withRuntimeEnvironment(() => {
    try {
      status = runLowered(lowered, [target, ...args], describeLLException, undefined, lowered.interp);
    } finally {
      lowered.interp.profiler.printSummary();
    }
  });
  return status;
}

