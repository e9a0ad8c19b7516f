/**
 * The parts of a native program's runtime that RTS can express (src/rtyper/native-runtime.ts
 * builds the rest by hand): main's argv from the bytes of the C strings, the report of an
 * uncaught exception, fatal errors and the RangeError of a stack overflow. Each prints exactly
 * what `rts run --llinterp` prints (run-llinterp.ts runLowered and formatFatal,
 * rexception.ts formatUncaughtError), so that a translated program and the LL interpreter agree.
 */

import { osExit } from "rts/system";
import { decodeUtf8, flushAll, writeStderr } from "./io.js";
import { writeStackTrace } from "./stack-trace.js";

/** Exit status of a program stopped by an uncaught exception (cli/run.ts UNCAUGHT_EXIT_STATUS). */
const UNCAUGHT_EXIT_STATUS = 1;
/** Exit status of a program stopped by a fatal error (run-llinterp.ts FATAL_EXIT_STATUS). */
export const FATAL_EXIT_STATUS = 70;

/**
 * main's argv: first (the target's path, as `rts run` gives it), then one string per
 * NUL-terminated UTF-8 string of bytes[0, length) (the C strings argv[1..], copied there).
 */
export function nativeArgv(first: string, bytes: Uint8Array, length: number): string[] {
  const argv: string[] = [first];
  let start = 0;
  for (let i = 0; i < length; i++) {
    if (bytes[i] !== 0) continue;
    // decodeUtf8 reads from the start of its array: each argument gets a copy of its own.
    const one = new Uint8Array(i - start);
    for (let k = start; k < i; k++) one[k - start] = bytes[k]!;
    argv.push(decodeUtf8(one, i - start));
    start = i + 1;
  }
  return argv;
}

/**
 * An exception escaped main: flushes standard output, prints `Name: message` and the frames of
 * the calls that made the error, or where it was made when it has no trace (an error made at
 * import time); fields that are unset, a null pointer, read as undefined. Gives the status.
 */
export function nativeUncaught(name: string | undefined, message: string | undefined, where: string | undefined, trace: Int32Array | undefined): number {
  flushAll();
  const shownName = name === undefined ? "" : name;
  const text = message !== undefined && message.length > 0 ? shownName + ": " + message : shownName;
  writeStderr(text + "\n");
  const shown = trace === undefined ? 0 : writeStackTrace(trace);
  if (shown === 0 && where !== undefined && where.length > 0) writeStderr("    at " + where + "\n");
  return UNCAUGHT_EXIT_STATUS;
}

/**
 * A failed safety check: `fatal error: message`, then the frames of the calls it stopped (trace,
 * taken by the runtime's fatal graph, native-runtime.ts), or `    at where` when there are none;
 * never returns.
 */
export function nativeFatal(message: string, where: string | undefined, trace: Int32Array): void {
  flushAll();
  writeStderr("fatal error: " + message + "\n");
  if (writeStackTrace(trace) === 0 && where !== undefined) writeStderr("    at " + where + "\n");
  osExit(FATAL_EXIT_STATUS);
}

/** A failed bounds check (the LL interpreter's check_index). */
export function nativeFatalIndex(index: number, length: number, where: string | undefined, trace: Int32Array): void {
  nativeFatal("index " + String(index) + " out of bounds (length " + String(length) + ")", where, trace);
}

/** A float that is no integer where one is needed (the LL interpreter's cast_float_to_int). */
export function nativeFatalNotInteger(x: number, where: string | undefined, trace: Int32Array): void {
  nativeFatal("the number " + String(x) + " is not an integer the program can hold", where, trace);
}

/** What Node throws when the stack is exhausted; the program may catch it. */
export function nativeStackOverflow(): void {
  throw new RangeError("Maximum call stack size exceeded");
}
