/**
 * Numbers to strings exactly as JavaScript (V8) writes them: Number::toString (formatFloat),
 * integers (formatInt), toFixed, toExponential and toPrecision. RTS code: the rtyper lowers
 * String(x), template literals, `x + ""`, console.log of a number and the Number.prototype
 * methods to calls of these functions, translated with the program.
 *
 * Two digit generators, both exact (bignums of numbers-bignum.ts), both giving a Decimal:
 *   - shortestDigits: Burger & Dybvig's free-format algorithm ("Printing Floating-Point Numbers
 *     Quickly and Accurately", 1996; Steele & White's Dragon4 with exact scaling): the fewest
 *     digits that read back as x, the ones closest to x, and on a tie the even one (V8's choice,
 *     which ECMAScript recommends). Rounding intervals are closed when the significand is even,
 *     since the reader rounds halfway cases to even.
 *   - exactDigits: every digit of the exact value of x (f * 2^e is f * 5^-e / 10^-e), for the
 *     methods that are defined on that value; roundDigits then rounds half away from zero, as
 *     toFixed, toExponential and toPrecision require ("pick the larger n").
 * Integers below 2^53 take a fast path without bignums.
 */

import {
  bigCompare,
  bigCompareSum,
  bigFromInt,
  bigMul,
  bigMulPow5,
  bigMulSmall,
  bigPow2,
  bigQuotient,
  bigShiftLeft,
  bigToDigits,
  type BigNat,
} from "./numbers-bignum.js";
import { INFINITY, TWO_52, TWO_53, unpackDouble } from "./numbers-double.js";

/** Digit characters for radixes up to 36. */
const DIGIT_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz";
/** log10(2), for estimating the decimal exponent from the binary one. */
const LOG10_2 = 0.30102999566398114;

/**
 * A positive decimal number 0.d1 d2 ... dn * 10^point: digits (each 0..9, the first nonzero) and
 * the position of the decimal point relative to the first digit. No digits means zero.
 */
export class Decimal {
  digits: number[];
  point: number;

  constructor(digits: number[], point: number) {
    this.digits = digits;
    this.point = point;
  }
}

/** The decimal digits of an integer 0 <= n < 2^53 (none for 0). */
function integerDigits(n: number): number[] {
  const digits: number[] = [];
  let v = n;
  while (v > 0) {
    // v / 10 is at least 0.1 away from the next integer and its rounding error is below 2^-4.
    const q = Math.floor(v / 10);
    digits.push(v - q * 10);
    v = q;
  }
  for (let lo = 0, hi = digits.length - 1; lo < hi; lo++, hi--) {
    const t = digits[lo];
    digits[lo] = digits[hi];
    digits[hi] = t;
  }
  return digits;
}

/** The text of digits[start..end). */
function digitText(digits: number[], start: number, end: number): string {
  let text = "";
  for (let i = start; i < end; i++) text += DIGIT_CHARS.charAt(digits[i]);
  return text;
}

/** n zeros. */
function zeros(n: number): string {
  return n > 0 ? "0".repeat(n) : "";
}

/** An exponent as JavaScript writes it after "e": "+21", "-7". */
function exponentText(e: number): string {
  return e < 0 ? "-" + formatInt(-e) : "+" + formatInt(e);
}

/**
 * The shortest digits that read back as x (positive, finite): Burger & Dybvig's free-format
 * algorithm. With v- and v+ the midpoints between x and its neighbours, the invariant is: r / s
 * is what remains of x / 10^k once the digits generated so far are taken off (each step
 * multiplies by 10 and takes the integer part as the next digit), and m- / s and m+ / s are the
 * distances from x to v- and v+ on the same scale.
 */
export function shortestDigits(x: number): Decimal {
  const u = unpackDouble(x);
  const f = u.significand;
  const e = u.exponent;
  // Closed interval when f is even: a reader rounds the midpoints to the even neighbour, x.
  const even = f % 2 === 0;
  // At a power of two (above the smallest normal) the neighbour below is half as far.
  const unequal = f === TWO_52 && u.biased > 1;
  const r = bigFromInt(f);
  let s: BigNat;
  let mPlus: BigNat;
  let mMinus: BigNat;
  if (e >= 0) {
    if (unequal) {
      bigShiftLeft(r, e + 2);
      s = bigFromInt(4);
      mPlus = bigPow2(e + 1);
      mMinus = bigPow2(e);
    } else {
      bigShiftLeft(r, e + 1);
      s = bigFromInt(2);
      mPlus = bigPow2(e);
      mMinus = mPlus;
    }
  } else if (unequal) {
    bigShiftLeft(r, 2);
    s = bigPow2(2 - e);
    mPlus = bigFromInt(2);
    mMinus = bigFromInt(1);
  } else {
    bigShiftLeft(r, 1);
    s = bigPow2(1 - e);
    mPlus = bigFromInt(1);
    mMinus = mPlus;
  }
  // k, the number of integer digits of v+, estimated from the binary exponent: right or one
  // too small (then the fix-up below adds it).
  let bits = 0;
  for (let t = f; t > 0; t = Math.floor(t / 2)) bits++;
  let k = Math.ceil((e + bits - 1) * LOG10_2 - 1e-10);
  if (k >= 0) {
    bigMulPow5(s, k);
    bigShiftLeft(s, k);
  } else {
    const scale = bigPow2(-k);
    bigMulPow5(scale, -k);
    r.limbs = bigMul(r, scale).limbs;
    const scaledPlus = bigMul(mPlus, scale);
    mMinus = mMinus === mPlus ? scaledPlus : bigMul(mMinus, scale);
    mPlus = scaledPlus;
  }
  const shared = mMinus === mPlus;
  // Fix k up: v+ must be below 10^k (or at most 10^k when the interval is open).
  const high = bigCompareSum(r, mPlus, s);
  if (even ? high >= 0 : high > 0) {
    bigMulSmall(s, 10);
    k++;
  }
  const digits: number[] = [];
  for (;;) {
    bigMulSmall(r, 10);
    bigMulSmall(mPlus, 10);
    if (!shared) bigMulSmall(mMinus, 10);
    const d = bigQuotient(r, s);
    const low = bigCompare(r, mMinus);
    const up = bigCompareSum(r, mPlus, s);
    // tc1: the digits so far, with d, read back as x; tc2: so do they with d + 1.
    const tc1 = even ? low <= 0 : low < 0;
    const tc2 = even ? up >= 0 : up > 0;
    if (!tc1 && !tc2) {
      digits.push(d);
      continue;
    }
    if (tc1 && !tc2) {
      digits.push(d);
    } else if (tc2 && !tc1) {
      digits.push(d + 1);
    } else {
      // Both read back: the closer one, and on a tie the even one.
      const half = bigCompareSum(r, r, s);
      digits.push(half < 0 || (half === 0 && d % 2 === 0) ? d : d + 1);
    }
    break;
  }
  return new Decimal(digits, k);
}

/** Every digit of the exact value of x (positive, finite), trailing zeros dropped. */
export function exactDigits(x: number): Decimal {
  if (x < TWO_53 && Math.floor(x) === x) {
    const digits = integerDigits(Math.floor(x));
    const point = digits.length;
    while (digits.length > 0 && digits[digits.length - 1] === 0) digits.pop();
    return new Decimal(digits, point);
  }
  const u = unpackDouble(x);
  let f = u.significand;
  let e = u.exponent;
  // Fewer powers of five to multiply by: take the factors of two out of f first.
  while (e < 0 && f % 2 === 0) {
    f = Math.floor(f / 2);
    e++;
  }
  const n = bigFromInt(f);
  let scale = 0;
  if (e >= 0) {
    bigShiftLeft(n, e);
  } else {
    // f * 2^e = f * 5^-e / 10^-e
    bigMulPow5(n, -e);
    scale = -e;
  }
  const digits = bigToDigits(n);
  const point = digits.length - scale;
  while (digits.length > 0 && digits[digits.length - 1] === 0) digits.pop();
  return new Decimal(digits, point);
}

/**
 * d rounded to its first `keep` digits (keep may be 0 or negative: the digits are then all
 * below the rounding position), halfway cases away from zero.
 */
export function roundDigits(d: Decimal, keep: number): Decimal {
  const digits = d.digits;
  if (keep >= digits.length) return d;
  if (keep < 0) return new Decimal([], d.point);
  if (keep === 0) return digits[0] >= 5 ? new Decimal([1], d.point + 1) : new Decimal([], d.point);
  const kept = digits.slice(0, keep);
  let point = d.point;
  if (digits[keep] >= 5) {
    let i = keep - 1;
    while (i >= 0 && kept[i] === 9) {
      kept[i] = 0;
      i--;
    }
    if (i < 0) {
      kept[0] = 1;
      point++;
    } else {
      kept[i] = kept[i] + 1;
    }
  }
  while (kept.length > 0 && kept[kept.length - 1] === 0) kept.pop();
  return new Decimal(kept, point);
}

/** The text of a nonnegative integer. */
function formatNonNegative(n: number): string {
  if (n < 10) return DIGIT_CHARS.charAt(n);
  let text = "";
  let v = n;
  while (v > 0) {
    const q = Math.floor(v / 10);
    text = DIGIT_CHARS.charAt(v - q * 10) + text;
    v = q;
  }
  return text;
}

/**
 * The text of an integer, as String(n): exact for |n| <= 2^53 (the digits come from divisions
 * that are exact in that range).
 */
export function formatInt(n: number): string {
  return n < 0 ? "-" + formatNonNegative(-n) : formatNonNegative(n);
}

/** Number::toString's layout of the shortest digits of a positive number. */
function layoutShortest(d: Decimal): string {
  const digits = d.digits;
  const k = digits.length;
  const n = d.point;
  if (k <= n && n <= 21) return digitText(digits, 0, k) + zeros(n - k);
  if (0 < n && n <= 21) return digitText(digits, 0, n) + "." + digitText(digits, n, k);
  if (-6 < n && n <= 0) return "0." + zeros(-n) + digitText(digits, 0, k);
  const mantissa = k === 1 ? digitText(digits, 0, 1) : digitText(digits, 0, 1) + "." + digitText(digits, 1, k);
  return mantissa + "e" + exponentText(n - 1);
}

/**
 * JavaScript's Number::toString(x) (String(x)): "NaN", "Infinity", "-Infinity", "0" for both
 * zeros, otherwise the shortest round-trip digits, in decimal notation for 1e-7 <= |x| < 1e21 and
 * in exponent notation ("1e+21", "1.5e-7") otherwise.
 */
export function formatFloat(x: number): string {
  if (x !== x) return "NaN";
  if (x === 0) return "0";
  if (x < 0) return "-" + formatPositive(-x);
  return formatPositive(x);
}

/**
 * How console.log prints a double (Node's util.inspect of a number): as String(x) does, except
 * that negative zero prints "-0" (String(-0) is "0").
 */
export function formatFloatForLog(x: number): string {
  if (x === 0 && 1 / x < 0) return "-0";
  return formatFloat(x);
}

function formatPositive(x: number): string {
  if (x === INFINITY) return "Infinity";
  if (x < TWO_53 && Math.floor(x) === x) return formatNonNegative(Math.floor(x));
  return layoutShortest(shortestDigits(x));
}

/** The first `count` digits of d as text, padded with zeros. */
function paddedDigits(d: Decimal, count: number): string {
  const k = d.digits.length < count ? d.digits.length : count;
  return digitText(d.digits, 0, k) + zeros(count - k);
}

/**
 * x.toFixed(fractionDigits) for an integer 0 <= fractionDigits <= 100 (a RangeError otherwise,
 * as JavaScript): the exact value of x rounded to that many decimals, halfway cases away from
 * zero; String(x) when |x| >= 1e21.
 */
export function toFixed(x: number, fractionDigits: number): string {
  if (fractionDigits < 0 || fractionDigits > 100) throw new RangeError("toFixed() digits argument must be between 0 and 100");
  if (x !== x) return "NaN";
  if (x >= 1e21 || x <= -1e21) return formatFloat(x);
  const sign = x < 0 ? "-" : "";
  const v = x < 0 ? -x : x;
  // The digits of n = round(v * 10^fractionDigits), at least fractionDigits + 1 of them.
  let n: string;
  if (v < TWO_53 && Math.floor(v) === v) {
    n = formatNonNegative(Math.floor(v)) + zeros(fractionDigits);
  } else {
    const exact = exactDigits(v);
    const rounded = roundDigits(exact, exact.point + fractionDigits);
    if (rounded.digits.length === 0) n = "0";
    else n = paddedDigits(rounded, rounded.point + fractionDigits);
  }
  if (fractionDigits === 0) return sign + n;
  if (n.length <= fractionDigits) n = zeros(fractionDigits + 1 - n.length) + n;
  const split = n.length - fractionDigits;
  return sign + n.slice(0, split) + "." + n.slice(split);
}

/** The exponent notation of toExponential and toPrecision: m (all digits) and the exponent e. */
function layoutExponential(sign: string, m: string, e: number): string {
  const mantissa = m.length === 1 ? m : m.slice(0, 1) + "." + m.slice(1);
  return sign + mantissa + "e" + exponentText(e);
}

/**
 * x.toExponential(fractionDigits) for an integer 0 <= fractionDigits <= 100 (a RangeError
 * otherwise, after NaN and the infinities, as JavaScript): one digit, the point, fractionDigits
 * digits of the exact value rounded halfway away from zero, and the exponent.
 */
export function toExponential(x: number, fractionDigits: number): string {
  if (x !== x) return "NaN";
  if (x === INFINITY || x === -INFINITY) return formatFloat(x);
  if (fractionDigits < 0 || fractionDigits > 100) throw new RangeError("toExponential() argument must be between 0 and 100");
  const sign = x < 0 ? "-" : "";
  const v = x < 0 ? -x : x;
  if (v === 0) return layoutExponential(sign, zeros(fractionDigits + 1), 0);
  const rounded = roundDigits(exactDigits(v), fractionDigits + 1);
  return layoutExponential(sign, paddedDigits(rounded, fractionDigits + 1), rounded.point - 1);
}

/** x.toExponential() without an argument: the shortest round-trip digits in exponent notation. */
export function toExponentialShortest(x: number): string {
  if (x !== x) return "NaN";
  if (x === INFINITY || x === -INFINITY) return formatFloat(x);
  const sign = x < 0 ? "-" : "";
  const v = x < 0 ? -x : x;
  if (v === 0) return "0e+0";
  const d = v < TWO_53 && Math.floor(v) === v ? exactDigits(v) : shortestDigits(v);
  return layoutExponential(sign, digitText(d.digits, 0, d.digits.length), d.point - 1);
}

/**
 * x.toPrecision(precision) for an integer 1 <= precision <= 100 (a RangeError otherwise, after
 * NaN and the infinities, as JavaScript): that many significant digits of the exact value rounded
 * halfway away from zero, in exponent notation when the exponent is below -6 or at least precision.
 */
export function toPrecision(x: number, precision: number): string {
  if (x !== x) return "NaN";
  if (x === INFINITY || x === -INFINITY) return formatFloat(x);
  if (precision < 1 || precision > 100) throw new RangeError("toPrecision() argument must be between 1 and 100");
  const sign = x < 0 ? "-" : "";
  const v = x < 0 ? -x : x;
  let m: string;
  let e: number;
  if (v === 0) {
    m = zeros(precision);
    e = 0;
  } else {
    const rounded = roundDigits(exactDigits(v), precision);
    m = paddedDigits(rounded, precision);
    e = rounded.point - 1;
  }
  if (e < -6 || e >= precision) return layoutExponential(sign, m, e);
  if (e === precision - 1) return sign + m;
  if (e >= 0) return sign + m.slice(0, e + 1) + "." + m.slice(e + 1);
  return sign + "0." + zeros(-(e + 1)) + m;
}
