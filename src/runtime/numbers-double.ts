/**
 * Doubles taken apart and put together, for the number conversions (numbers-format.ts,
 * numbers-parse.ts). RTS code, through the bit access of the rts library (floatHighWord,
 * floatLowWord, floatFromWords), which the translator turns into LL operations.
 *
 * A positive finite double is f * 2^e with an integer significand f < 2^53: for a normal number
 * f = 2^52 + fraction and e = biased exponent - 1075; for a subnormal f = fraction and e = -1074.
 */

import { floatFromWords, floatHighWord, floatLowWord } from "rts";

/** 2^32, the weight of a double's high word. */
const TWO_32 = 4294967296;
/** 2^52, the implicit bit of a normal significand. */
export const TWO_52 = 4503599627370496;
/** 2^53: every integer up to it is a double. */
export const TWO_53 = 9007199254740992;
/** +Infinity (a module constant: RTS has no literal for it). */
export const INFINITY = 1 / 0;
/** NaN (a module constant: RTS has no literal for it). */
export const NAN = 0 / 0;
/** -0. */
export const NEGATIVE_ZERO = -0;

/**
 * n as a float. RTS types a number by the operations that make it, and `/` always gives a float:
 * a variable that accumulates integers past 2^53 in double arithmetic must start as one.
 */
export function asFloat(n: number): number {
  return n / 1;
}

/** A positive finite double as significand * 2^exponent (see the file comment). */
export class Unpacked {
  /** The integer significand, below 2^53. */
  significand: number;
  /** The binary exponent, -1074..971. */
  exponent: number;
  /** The biased exponent field: 0 for subnormals. */
  biased: number;

  constructor(significand: number, exponent: number, biased: number) {
    this.significand = significand;
    this.exponent = exponent;
    this.biased = biased;
  }
}

/** The significand and exponent of a positive finite double x. */
export function unpackDouble(x: number): Unpacked {
  const high = floatHighWord(x);
  const low = floatLowWord(x);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (high & 0xfffff) * TWO_32 + low;
  if (biased === 0) return new Unpacked(fraction, -1074, 0);
  return new Unpacked(fraction + TWO_52, biased - 1075, biased);
}

/**
 * The double m * 2^e, for an integer 0 <= m <= 2^53 whose value is representable: m < 2^53, and
 * when the result is subnormal, e = -1074 (the caller has rounded m at that position). Gives
 * Infinity when the value is beyond the largest double.
 */
export function makeDouble(m: number, e: number): number {
  if (m === 0) return 0;
  let significand = m;
  let exponent = e;
  if (significand === TWO_53) {
    significand = TWO_52;
    exponent++;
  }
  while (significand < TWO_52 && exponent > -1074) {
    significand *= 2;
    exponent--;
  }
  if (significand < TWO_52) {
    const subHigh = Math.floor(significand / TWO_32);
    return floatFromWords(subHigh, significand - subHigh * TWO_32);
  }
  const biased = exponent + 1075;
  if (biased >= 2047) return INFINITY;
  const fraction = significand - TWO_52;
  const fractionHigh = Math.floor(fraction / TWO_32);
  return floatFromWords(biased * 1048576 + fractionHigh, fraction - fractionHigh * TWO_32);
}

/** 10^0 .. 10^22: the powers of ten that are exact doubles. */
export const EXACT_POWERS_OF_TEN: Float64Array = buildPowersOfTen(23);

function buildPowersOfTen(count: number): Float64Array {
  const table = new Float64Array(count);
  table[0] = 1;
  for (let i = 1; i < count; i++) table[i] = table[i - 1] * 10;
  return table;
}
