/**
 * `rts run target.ts [args...]`: runs a target untranslated on Node. The process exits with the
 * status main returns; an uncaught exception prints `Name: message` and the TypeScript position
 * where the error was created, then exits 1 (the form translated binaries print too). A bad
 * RTS_* setting stops either mode before the program starts, as in a translated binary.
 */

import { writeSync } from "node:fs";
import { UserError } from "../frontend/diagnostic.js";
import { ImportTimeError, loadTarget } from "../frontend/load.js";
import { formatUncaught } from "../frontend/uncaught.js";
import { loadProgram, type LoadedProgram } from "../frontend/modules.js";
import { describeLLException, runLowered } from "../rtyper/run-llinterp.js";
import { asUserError, lowerProgram } from "../translator/lower.js";
import { checkRuntimeSettingsOnNode, withRuntimeEnvironment } from "./runtime-settings.js";
import { colourError, highlightFrames } from "./style.js";

/** Exit status of a program stopped by an uncaught exception. */
export const UNCAUGHT_EXIT_STATUS = 1;
const USER_ERROR_STATUS = 2;

/** The exit status of a program whose output cannot be written, as translated programs end (src/runtime/io.ts). */
const OUTPUT_ERROR_STATUS = 74;

/**
 * A failed write to standard output or error (a full device, a closed pipe: Node reports it as an
 * 'error' event, which would otherwise end the process with Node's stack trace) ends the program
 * as a translated one ends: a message on standard error when that is not what failed, status 74.
 */
function exitOnOutputError(): void {
  const failed = (what: "output" | "error") => (error: NodeJS.ErrnoException) => {
    if (what === "output") {
      try {
        writeSync(2, `error: cannot write to standard output (${error.code ?? "EIO"})\n`);
      } catch {
        // standard error is gone too
      }
    }
    process.exit(OUTPUT_ERROR_STATUS);
  };
  process.stdout.on("error", failed("output"));
  process.stderr.on("error", failed("error"));
}

/** Runs the target with the given arguments and returns the exit status. */
export async function runCommand(target: string, args: string[]): Promise<number> {
  checkRuntimeSettingsOnNode();
  exitOnOutputError();
  let loaded;
  try {
    loaded = await loadTarget(target);
  } catch (error) {
    if (error instanceof ImportTimeError) return reportUncaught(error.thrown);
    throw error;
  }
  if (/^class\b/.test(Function.prototype.toString.call(loaded.main))) {
    throw new UserError(loaded.file, undefined, undefined, "'main' is a class; a target exports function main(argv: string[]): number");
  }
  let status: unknown;
  try {
    status = loaded.main!([target, ...args]);
  } catch (error) {
    return reportUncaught(error);
  }
  if (typeof status !== "number" || !Number.isInteger(status)) {
    throw new UserError(loaded.file, undefined, undefined, `main returned ${typeof status === "string" ? JSON.stringify(status) : String(status)}; it must return the exit status (an integer)`);
  }
  return status;
}

/** `rts run --llinterp`: the program annotated, lowered and run by the LL interpreter; with jit, its portals under the JIT (src/translator/jit-llinterp.ts). */
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

/** Prints an exception that escaped the program, as `Name: message` plus where it was created. */
export function reportUncaught(thrown: unknown): number {
  process.stderr.write(formatUncaught(thrown) + "\n");
  return UNCAUGHT_EXIT_STATUS;
}
