/**
 * What the collector does when the system refuses memory: there is no way to go on (the
 * collector cannot throw, and the program's allocation cannot fail), so the process stops with
 * the status of a fatal error, after the program's buffered output.
 */

import { osExit } from "rts/system";
import { flushAll, writeStderr } from "../rtyper/helpers/runtime-io.js";

/** Exit status of a fatal error (as run-llinterp.ts FATAL_EXIT_STATUS). */
const OUT_OF_MEMORY_EXIT_STATUS = 70;

/** Flushes standard output, reports "fatal error: out of memory" on standard error and exits; does not return when translated. */
export function gcOutOfMemory(): void {
  flushAll();
  // A constant string: writing it allocates nothing.
  writeStderr("fatal error: out of memory\n");
  osExit(OUT_OF_MEMORY_EXIT_STATUS);
}
