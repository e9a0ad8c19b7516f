/**
 * The rts library: what an RTS interpreter imports (`import { JitDriver, promote } from "rts"`).
 * Untranslated, the hints check their use and otherwise do nothing; the translator recognises
 * them and generates the JIT from them. I/O is done with the Node APIs interpreters already
 * use (console.log, process.stdout.write, readFileSync); this library adds only what Node has
 * no word for.
 */

import { readSync } from "node:fs";
import { markFunction } from "./hints.js";

export { JitDriver, JitHintError } from "./jitdriver.js";
export type { JitDriverSpec } from "./jitdriver.js";

/** Asks the JIT to treat x as a constant in the trace (guarding on its value); returns x. */
export function promote<T>(x: T): T {
  return x;
}

/** Marks a function whose result depends only on its arguments, so the JIT may fold its calls. */
export function elidable<F extends (...args: never[]) => unknown>(fn: F): F {
  return markFunction("elidable", fn);
}

/** Marks a function with loops the JIT may unroll completely when tracing it. */
export function unrollSafe<F extends (...args: never[]) => unknown>(fn: F): F {
  return markFunction("unrollSafe", fn);
}

/** Marks a function the JIT must call rather than trace through. */
export function dontLookInside<F extends (...args: never[]) => unknown>(fn: F): F {
  return markFunction("dontLookInside", fn);
}

/** True in code the JIT compiled; false untranslated and in the interpreter. */
export function weAreJitted(): boolean {
  return false;
}

/** Writes one byte (the low 8 bits of byte) to standard output. */
export function writeByte(byte: number): void {
  process.stdout.write(Buffer.of(byte & 0xff));
}

/** Writes bytes[start..end) to standard output, exactly as given. */
export function writeBytes(bytes: Uint8Array, start: number = 0, end: number = bytes.length): void {
  process.stdout.write(Buffer.from(bytes.subarray(start, end)));
}

/**
 * The processor time the process has used so far (user and system), in seconds: what C's
 * `clock() / CLOCKS_PER_SEC` gives, and what a benchmark's own timing should read to compare
 * with an interpreter written in C. Translated, clock_gettime(CLOCK_PROCESS_CPUTIME_ID).
 */
export function cpuTime(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

const inputByte = new Uint8Array(1);

/** Reads one byte from standard input; -1 at end of input. */
export function readByte(): number {
  for (;;) {
    try {
      return readSync(0, inputByte, 0, 1, null) === 1 ? inputByte[0]! : -1;
    } catch (error) {
      // A non-blocking stdin (a pipe set up by the parent) reports EAGAIN until data arrives.
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
    }
  }
}

export { floatHighWord, floatLowWord, floatFromWords } from "./float-bits.js";
