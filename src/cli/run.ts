/**
 * `rts run target.ts [args...]`: runs a target untranslated on Node. The process exits with the
 * status main returns; an uncaught exception prints `Name: message` and the TypeScript position
 * where the error was created, then exits 1 (the form translated binaries print too).
 */

import { UserError } from "../frontend/diagnostic.js";
import { ImportTimeError, loadTarget } from "../frontend/load.js";
import { formatUncaught } from "../frontend/uncaught.js";

/** Exit status of a program stopped by an uncaught exception. */
export const UNCAUGHT_EXIT_STATUS = 1;

/** Runs the target with the given arguments and returns the exit status. */
export async function runCommand(target: string, args: string[]): Promise<number> {
  let loaded;
  try {
    loaded = await loadTarget(target);
  } catch (error) {
    if (error instanceof ImportTimeError) return reportUncaught(error.thrown);
    throw error;
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
