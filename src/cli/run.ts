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
import { checkRuntimeSettingsOnNode } from "./runtime-settings.js";

/** Exit status of a program stopped by an uncaught exception. */
export const UNCAUGHT_EXIT_STATUS = 1;

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

/** Prints an exception that escaped the program, as `Name: message` plus where it was created. */
export function reportUncaught(thrown: unknown): number {
  process.stderr.write(formatUncaught(thrown) + "\n");
  return UNCAUGHT_EXIT_STATUS;
}
