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
 * taken by the runtime's fatal graph, native-runtime.ts), or `    at file:line:col` when there
 * are none. The check's position comes as its file (one string per file in the binary's data) and
 * `line * POSITION_LINE + column` (0: none): one string per check made 16% of a --jit binary.
 * Never returns.
 */
export function nativeFatal(message: string, file: string | undefined, position: number, trace: Int32Array): void {
  flushAll();
  writeStderr("fatal error: " + message + "\n");
  if (writeStackTrace(trace) === 0 && file !== undefined) writeStderr("    at " + file + positionText(position) + "\n");
  osExit(FATAL_EXIT_STATUS);
}

/** What a check's position word packs: line * POSITION_LINE + column. */
export const POSITION_LINE = 1048576;

/** `:line:col` of a position word, or nothing for 0. */
function positionText(position: number): string {
  if (position === 0) return "";
  const column = position % POSITION_LINE;
  return ":" + String((position - column) / POSITION_LINE) + ":" + String(column);
}

/** A failed bounds check (the LL interpreter's check_index). */
export function nativeFatalIndex(index: number, length: number, file: string | undefined, position: number, trace: Int32Array): void {
  nativeFatal("index " + String(index) + " out of bounds (length " + String(length) + ")", file, position, trace);
}

/** A float that is no integer where one is needed (the LL interpreter's cast_float_to_int). */
export function nativeFatalNotInteger(x: number, file: string | undefined, position: number, trace: Int32Array): void {
  nativeFatal("the number " + String(x) + " is not an integer the program can hold", file, position, trace);
}

/** What Node throws when the stack is exhausted; the program may catch it. */
export function nativeStackOverflow(): void {
  throw new RangeError("Maximum call stack size exceeded");
}
