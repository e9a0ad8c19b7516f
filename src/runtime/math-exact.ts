/**
 * The two exact conversions of doubles that native code gets from RTS rather than from an
 * instruction: `x % y` on doubles (JavaScript's remainder is C's fmod, whose result is always
 * exact, so any exact method gives V8's bits) and ToInt32 of doubles too large for cvttsd2si.
 * RTS code on the integer significands (below 2^53, so exact translated and untranslated).
 */

import { floatHighWord, floatLowWord } from "rts";
import { INFINITY, NAN, NEGATIVE_ZERO } from "./numbers-double.js";
import { scalbn } from "./math-scalbn.js";

const TWO_32 = 4294967296;
const TWO_52 = 4503599627370496;

/** 2^0 .. 2^52 as integers (not Math.pow, a float operation these helpers implement). */
const POWERS_OF_TWO = buildPowersOfTwo();

function buildPowersOfTwo(): number[] {
  const table: number[] = [];
  for (let i = 0; i <= 52; i++) table.push(2 ** i);
  return table;
}

/** The number of significant bits of a positive integer below 2^53 (read off its exponent). */
function bitLength(m: number): number {
  return ((floatHighWord(m / 1) >>> 20) & 0x7ff) - 1022;
}

/**
 * x % y for doubles, as JavaScript (and C's fmod): x - n*y for the integer n = trunc(x/y), which
 * is exact; NaN when x is infinite or y is 0 or either is NaN; x itself when |x| < |y| or y is
 * infinite; the sign is x's.
 */
export function floatMod(x: number, y: number): number {
  if (x !== x || y !== y) return NAN;
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (ay === 0 || ax === INFINITY) return NAN;
  if (ax < ay) return x; // also y infinite, and x = +-0
  // |x| = mx * 2^ex and |y| = my * 2^ey with integer significands below 2^53.
  const hx = floatHighWord(ax);
  const bx = hx >>> 20;
  let mx = (hx & 0xfffff) * TWO_32 + floatLowWord(ax);
  if (bx !== 0) mx += TWO_52;
  const ex = (bx === 0 ? 1 : bx) - 1075;
  const hy = floatHighWord(ay);
  const by = hy >>> 20;
  let my = (hy & 0xfffff) * TWO_32 + floatLowWord(ay);
  if (by !== 0) my += TWO_52;
  let ey = (by === 0 ? 1 : by) - 1075;
  // An odd divisor significand leaves the most room for shifting the remainder left below.
  while (my % 2 === 0) {
    my = Math.floor(my / 2);
    ey++;
  }
  if (ex < ey) {
    // |x| >= |y| yet a lower exponent: y's significand shifted to x's scale stays below 2^53.
    while (ey > ex) {
      my *= 2;
      ey--;
    }
  }
  // |x| mod |y| = 2^ey * ((mx * 2^(ex-ey)) mod my), taking the shift in steps that stay exact.
  let r = mx % my;
  let d = ex - ey;
  const room = 53 - bitLength(my);
  while (d > 0 && r !== 0) {
    if (room <= 1) {
      // One bit at a time: 2r mod my without forming 2r (which may pass 2^53).
      r = r >= my - r ? r - (my - r) : r + r;
      d--;
    } else {
      let shift = room;
      if (shift > d) shift = d;
      r = (r * POWERS_OF_TWO[shift]!) % my;
      d -= shift;
    }
  }
  if (r === 0) return x < 0 ? NEGATIVE_ZERO : 0.0 / 1;
  const result = scalbn(r / 1, ey); // exact: the remainder is a multiple of |y|'s last place
  return x < 0 ? -result : result;
}

/**
 * JavaScript's ToInt32 of any double: the integer part modulo 2^32, as a signed 32-bit value;
 * 0 for NaN and the infinities. Native code calls it for |x| >= 2^63 (cvttsd2si does the rest).
 */
export function toInt32Large(x: number): number {
  const high = floatHighWord(x);
  const biased = (high >>> 20) & 0x7ff;
  if (biased === 0x7ff || biased < 1023) return 0; // NaN, infinite, or |x| < 1
  const low = floatLowWord(x);
  const e = biased - 1075; // |x| = significand * 2^e
  let bitsMod32 = 0;
  if (e >= 32) {
    bitsMod32 = 0; // a multiple of 2^32
  } else if (e >= 0) {
    bitsMod32 = low << e; // the significand's higher word only adds multiples of 2^32
  } else {
    const significand = ((high & 0xfffff) + 0x100000) * TWO_32 + low;
    bitsMod32 = Math.floor(significand / POWERS_OF_TWO[-e]!) | 0;
  }
  return high >>> 31 === 0 ? bitsMod32 : -bitsMod32 | 0;
}
