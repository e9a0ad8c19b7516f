/**
 * 64-bit integer operations on RTS integers, for the trace interpreter: exact while |x| <= 2^53,
 * the integers RTS keeps (a translated program stops past them, as its own arithmetic does).
 * RTS's bitwise operators are JavaScript's 32-bit ones, so the 64-bit and, or and xor work on the
 * two 32-bit halves; shifts multiply and divide by powers of two; `_ovf` operations overflow past
 * 2^53, as the LL operation int_add_ovf does. RTS.
 */

const MAX_EXACT = 9007199254740992;
const TWO_32 = 4294967296;

/** 2^n for n in 0..64, as floats. */
const POW2: Float64Array = (() => {
  const table = new Float64Array(65);
  for (let n = 0; n <= 64; n++) table[n] = 2 ** n;
  return table;
})();

function high32(a: number): number {
  return Math.floor(a / TWO_32);
}

function low32(a: number): number {
  return a - high32(a) * TWO_32;
}

export function bitAnd(a: number, b: number): number {
  return (high32(a) & high32(b)) * TWO_32 + ((low32(a) & low32(b)) >>> 0);
}

export function bitOr(a: number, b: number): number {
  return (high32(a) | high32(b)) * TWO_32 + ((low32(a) | low32(b)) >>> 0);
}

export function bitXor(a: number, b: number): number {
  return (high32(a) ^ high32(b)) * TWO_32 + ((low32(a) ^ low32(b)) >>> 0);
}

export function shiftLeft(a: number, n: number): number {
  return Math.floor(a * POW2[n]!);
}

export function shiftRight(a: number, n: number): number {
  return Math.floor(a / POW2[n]!);
}

export function unsignedShiftRight(a: number, n: number): number {
  if (a >= 0 || n === 0) return n === 0 ? a : shiftRight(a, n);
  const high = high32(a) + TWO_32;
  if (n >= 32) return Math.floor(high / POW2[n - 32]!);
  return Math.floor(high * POW2[32 - n]!) + Math.floor(low32(a) / POW2[n]!);
}

export function signExtend(a: number, bytes: number): number {
  if (bytes >= 8) return a;
  const bits = bytes * 8;
  const low = bytes === 4 ? low32(a) : low32(a) & (POW2[bits]! - 1);
  return low >= POW2[bits - 1]! ? low - Math.floor(POW2[bits]!) : low;
}

/** Unsigned 64-bit a < b: a negative value is past every non-negative one. */
export function unsignedLess(a: number, b: number): boolean {
  if (a >= 0 === b >= 0) return a < b;
  return a >= 0;
}

export function addOverflows(a: number, b: number): boolean {
  return (b > 0 && a > MAX_EXACT - b) || (b < 0 && a < -MAX_EXACT - b);
}

export function subOverflows(a: number, b: number): boolean {
  return (b < 0 && a > MAX_EXACT + b) || (b > 0 && a < -MAX_EXACT + b);
}

export function mulOverflows(a: number, b: number): boolean {
  if (a === 0 || b === 0) return false;
  return Math.abs(b) > MAX_EXACT / Math.abs(a);
}

/** x, with JavaScript's -0 as 0 (an integer has no -0: untranslated, a product or quotient may give it). */
export function integer(x: number): number {
  return x === 0 ? 0 : x;
}

export function bool(x: boolean): number {
  return x ? 1 : 0;
}
