/**
 * The parts of a native program's runtime that RTS can express (src/rtyper/native-runtime.ts
 * builds the rest by hand): main's argv from the bytes of the C strings, the report of an
 * uncaught exception, fatal errors and the RangeError of a stack overflow. Each prints exactly
 * what `rts run --llinterp` prints (run-llinterp.ts runLowered and formatFatal,
 * rexception.ts formatUncaughtError), so that a translated program and the LL interpreter agree.
 */

import { osExit } from "rts/system";
import { decodeUtf8, flushAll, writeStderr } from "./runtime-io.js";

/** Exit status of a program stopped by an uncaught exception (cli/run.ts UNCAUGHT_EXIT_STATUS). */
const UNCAUGHT_EXIT_STATUS = 1;
/** Exit status of a program stopped by a fatal error (run-llinterp.ts FATAL_EXIT_STATUS). */
const FATAL_EXIT_STATUS = 70;

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
 * An exception escaped main: flushes standard output, prints `Name: message` and where the
 * error was made (fields that are unset, a null pointer, read as undefined), and gives the status.
 */
export function nativeUncaught(name: string | undefined, message: string | undefined, where: string | undefined): number {
  flushAll();
  const shownName = name === undefined ? "" : name;
  let text = message !== undefined && message.length > 0 ? shownName + ": " + message : shownName;
  if (where !== undefined && where.length > 0) text += "\n    at " + where;
  writeStderr(text + "\n");
  return UNCAUGHT_EXIT_STATUS;
}

/** A failed safety check: `fatal error: message`, then `    at where` when it is known; never returns. */
export function nativeFatal(message: string, where: string | undefined): void {
  flushAll();
  let text = "fatal error: " + message + "\n";
  if (where !== undefined) text += "    at " + where + "\n";
  writeStderr(text);
  osExit(FATAL_EXIT_STATUS);
}

/** A failed bounds check (the LL interpreter's check_index). */
export function nativeFatalIndex(index: number, length: number, where: string | undefined): void {
  nativeFatal("index " + String(index) + " out of bounds (length " + String(length) + ")", where);
}

/** A float that is no integer where one is needed (the LL interpreter's cast_float_to_int). */
export function nativeFatalNotInteger(x: number, where: string | undefined): void {
  nativeFatal("the number " + String(x) + " is not an integer the program can hold", where);
}

/** What Node throws when the stack is exhausted; the program may catch it. */
export function nativeStackOverflow(): void {
  throw new RangeError("Maximum call stack size exceeded");
}
