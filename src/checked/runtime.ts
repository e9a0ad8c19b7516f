/**
 * What the instrumented modules of `rts run --checked` call when a check fails (instrument.ts
 * imports these into every module under `__rts_` names): each prints what a translated binary
 * prints for the same failed check (src/runtime/native.ts nativeFatal and
 * src/backend-x86/codegen/ops.ts): `fatal error: message` and `    at file:line:col` on stderr,
 * after standard output (written synchronously by Node on Linux), then exits with status 70.
 *
 * The fast paths of the checks are generated into each module, one small function per checked
 * expression, so that V8 sees each site's own types; only the failures and the rare exact
 * arithmetic come here.
 */

import { writeSync } from "node:fs";
import { formatTrace, SHOWN_FRAMES } from "../frontend/stack-frames.js";
import { framesOfStack } from "../frontend/uncaught.js";

/** Exit status of a program stopped by a fatal error (run-llinterp.ts FATAL_EXIT_STATUS). */
export const FATAL_EXIT_STATUS = 70;

export const OVERFLOW_MESSAGE = "integer overflow: the result is beyond the integers JavaScript keeps exact (2^53)";
export const MODULO_BY_ZERO_MESSAGE = "integer modulo by zero";
export const NULL_MESSAGE = "null or undefined where a value was expected";

const TWO_53 = 2n ** 53n;

/**
 * The checks stop the program only while main runs: import time is plain JavaScript (as when
 * translating), so a function that main also calls may do there what JavaScript allows.
 */
const state = { active: false };

/** Called just before main: from now on a failed check stops the program. */
export function activateChecks(): void {
  state.active = true;
}

/** Stops the program, once main runs: `fatal error: message` and where, status 70. */
export function stop(message: string, where: string): void {
  if (!state.active) return;
  writeSync(2, `fatal error: ${message}\n${traceAt(where)}`);
  process.exit(FATAL_EXIT_STATUS);
}

/**
 * The trace a translated program prints for a fatal error at where (`file:line:col`): the frames
 * of the user's functions now running, innermost first, the innermost placed at where itself
 * (V8's frame is the call of the check's helper). The helpers (`__rts_...`) and the toolchain's
 * frames are left out.
 */
function traceAt(where: string | undefined): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = SHOWN_FRAMES + 8;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  const frames = framesOfStack(stack.split("\n").filter((line) => !line.trimStart().startsWith("at __rts_")).join("\n"));
  if (where === undefined) return formatTrace(frames);
  const at = /^(.*):(\d+):(\d+)$/.exec(where);
  if (frames.length === 0 || !at) return `    at ${where}\n`;
  frames[0] = { name: frames[0]!.name, pos: { file: at[1]!, line: Number(at[2]), column: Number(at[3]) } };
  return formatTrace(frames);
}

/** A check made in a helper of the binary, whose message names no position. */
export function stopHere(message: string, where?: string): void {
  if (!state.active) return;
  writeSync(2, `fatal error: ${message}\n${traceAt(where)}`);
  process.exit(FATAL_EXIT_STATUS);
}

/** A failed bounds check. */
export function stopIndex(index: number, length: number, where: string): void {
  stop(`index ${String(index)} out of bounds (length ${String(length)})`, where);
}

/** A float that is no integer the program can hold, where the binary converts it to one. */
export function stopNotInteger(x: number, where: string): void {
  stop(`the number ${String(x)} is not an integer the program can hold`, where);
}

export function stopOverflow(where: string): void {
  stop(OVERFLOW_MESSAGE, where);
}

export function stopModuloByZero(where: string): void {
  stop(MODULO_BY_ZERO_MESSAGE, where);
}

export function stopNull(where: string): void {
  stop(NULL_MESSAGE, where);
}

/**
 * a op b for two integers whose double result reached 2^53, computed exactly: the binary stops
 * when the exact result is beyond ±2^53 (2^53 + 1 rounds to 2^53 as a double, so the double
 * alone cannot tell).
 */
export function exactArith(op: "add" | "sub" | "mul", a: number, b: number, where: string): number {
  if (!Number.isInteger(a) || !Number.isInteger(b)) return op === "add" ? a + b : op === "sub" ? a - b : a * b;
  const x = BigInt(a);
  const y = BigInt(b);
  const exact = op === "add" ? x + y : op === "sub" ? x - y : x * y;
  if (exact > TWO_53 || exact < -TWO_53) {
    stopOverflow(where);
    return op === "add" ? a + b : op === "sub" ? a - b : a * b;
  }
  return Number(exact);
}
