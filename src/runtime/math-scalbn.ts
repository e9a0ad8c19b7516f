/**
 * scalbn(x, n) = x * 2^n with a single rounding (only when the result is subnormal), as libm's:
 * the exponent field is rewritten, so no power of two need be representable. RTS code, shared by
 * the trigonometric reduction (math-trig.ts) and pow (math-fdlibm.ts).
 */

import { floatFromWords, floatHighWord, floatLowWord } from "rts";

const TWO54 = 18014398509481984;
const TWOM54 = 1 / TWO54;
const HUGE = 1e300;
const TINY = 1e-300;

/** x * 2^n, exactly unless the result is subnormal (then rounded once) or out of range. */
export function scalbn(x0: number, n: number): number {
  let x = x0;
  let hx = floatHighWord(x) | 0;
  let k = (hx & 0x7ff00000) >> 20;
  if (k === 0) {
    // 0 or subnormal: normalize first.
    if (((hx & 0x7fffffff) | floatLowWord(x)) === 0) return x;
    x *= TWO54;
    hx = floatHighWord(x) | 0;
    k = ((hx & 0x7ff00000) >> 20) - 54;
  }
  if (k === 0x7ff) return x + x; // NaN or Inf
  k += n;
  if (k > 0x7fe) return x < 0 ? -HUGE * HUGE : HUGE * HUGE;
  if (k > 0) return floatFromWords(((hx & 0x800fffff) | (k << 20)) >>> 0, floatLowWord(x));
  if (k <= -54) return x < 0 ? -TINY * TINY : TINY * TINY;
  k += 54;
  return floatFromWords(((hx & 0x800fffff) | (k << 20)) >>> 0, floatLowWord(x)) * TWOM54;
}
