/**
 * Strings to numbers exactly as JavaScript (V8) reads them: parseFloat (parseFloatPrefix),
 * Number(s) (stringToNumber) and parseInt (parseIntRadix). RTS code, translated with the program.
 *
 * Decimal literals are correctly rounded (to nearest, ties to even), as V8's are:
 *   1. scanning keeps the first MAX_DIGITS significant digits and, when a nonzero digit was
 *      dropped after them, appends a 1 (a midpoint between two doubles has at most 769
 *      significant digits, so this sticky digit keeps every comparison with a midpoint exact);
 *   2. values that are certainly 0 or Infinity by their exponent stop there;
 *   3. Clinger's fast path: up to 15 digits and a power of ten that is an exact double take one
 *      correctly rounded multiplication or division;
 *   4. otherwise Clinger's AlgorithmM ("How to Read Floating Point Numbers Accurately", 1990):
 *      the value D * 10^q is the exact fraction num / den * 2^q (num = D * 5^q or den = 5^-q);
 *      roundQuotient scales it by a power of two chosen from the bit lengths so that the integer
 *      quotient has 53 bits (fewer for subnormals), divides exactly and rounds with the remainder.
 * Power-of-two radixes (0x, 0o, 0b, parseInt with radix 2, 4, 8, 16, 32) are correctly rounded
 * bit by bit. Other parseInt radixes reproduce V8's double arithmetic, which the specification
 * allows to be approximate and which Node's results therefore depend on.
 */

import {
  bigBitLength,
  bigCompare,
  bigFromDigits,
  bigFromInt,
  bigMulPow5,
  bigQuotient,
  bigShiftLeft,
  bigSub,
  type BigNat,
} from "./numbers-bignum.js";
import { EXACT_POWERS_OF_TEN, INFINITY, NAN, TWO_52, asFloat, makeDouble } from "./numbers-double.js";

/** Significant digits kept by the scanner (more than the 769 a midpoint between doubles needs). */
const MAX_DIGITS = 800;
/** Exponents saturate here: any literal past it is 0 or Infinity (strings are shorter than 10^8). */
const EXPONENT_LIMIT = 1000000000;

const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_PLUS = 43;
const CHAR_MINUS = 45;
const CHAR_DOT = 46;
const CHAR_LOWER_A = 97;
const CHAR_UPPER_A = 65;

/** True for the code units JavaScript trims from numbers (WhiteSpace and LineTerminator). */
export function isStrWhiteSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13) || c === 160) return true;
  if (c < 5760) return false;
  return c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
}

/** The value of c as a digit of radix 36 (a..z and A..Z are 10..35), or 36 when it is none. */
function digitValue(c: number): number {
  if (c >= CHAR_0 && c <= CHAR_9) return c - CHAR_0;
  if (c >= CHAR_LOWER_A && c < CHAR_LOWER_A + 26) return c - CHAR_LOWER_A + 10;
  if (c >= CHAR_UPPER_A && c < CHAR_UPPER_A + 26) return c - CHAR_UPPER_A + 10;
  return 36;
}

function isDecimalDigit(c: number): boolean {
  return c >= CHAR_0 && c <= CHAR_9;
}

/**
 * The correctly rounded double nearest to num / den * 2^exp2 (num, den > 0; ties to even).
 * Consumes num and den.
 */
function roundQuotient(num: BigNat, den: BigNat, exp2: number): number {
  // floor(log2(num / den)) is upper or upper - 1.
  const upper = bigBitLength(num) - bigBitLength(den) + exp2;
  // Scale by 2^scale so that the quotient has 53 bits, or has its last bit at 2^-1074.
  let scale = 52 - upper;
  if (scale > 1074) scale = 1074;
  const shift = exp2 + scale;
  if (shift >= 0) bigShiftLeft(num, shift);
  else bigShiftLeft(den, -shift);
  let q = bigQuotient(num, den);
  if (q < TWO_52 && scale < 1074) {
    // The estimate of the exponent was one too high: one more bit of quotient.
    bigShiftLeft(num, 1);
    q *= 2;
    scale++;
    if (bigCompare(num, den) >= 0) {
      bigSub(num, den);
      q++;
    }
  }
  // Round with the remainder: compare it with half of den.
  bigShiftLeft(num, 1);
  const half = bigCompare(num, den);
  if (half > 0 || (half === 0 && q % 2 === 1)) q++;
  return makeDouble(q, -scale);
}

/**
 * The correctly rounded double nearest to D * 10^exp10, where D is the integer written by
 * digits[0..n) (decimal digit values, the first nonzero, or none for zero).
 */
function decimalToDouble(digits: number[], exp10: number): number {
  const n = digits.length;
  if (n === 0) return 0;
  // D * 10^exp10 >= 10^(exp10 + n - 1) >= 10^309 is above the largest double; below
  // 10^(exp10 + n) <= 10^-324 it is below half the smallest one.
  if (exp10 + n > 309) return INFINITY;
  if (exp10 + n <= -324) return 0;
  if (n <= 15) {
    let m = 0;
    for (let i = 0; i < n; i++) m = m * 10 + digits[i];
    if (exp10 >= 0 && exp10 <= 22) return m * EXACT_POWERS_OF_TEN[exp10];
    if (exp10 < 0 && exp10 >= -22) return m / EXACT_POWERS_OF_TEN[-exp10];
    // m * 10^(exp10 - 22) is still an exact integer below 10^15.
    if (exp10 > 22 && exp10 <= 37 - n) return m * EXACT_POWERS_OF_TEN[exp10 - 22] * EXACT_POWERS_OF_TEN[22];
  }
  const num = bigFromDigits(digits, 0, n);
  const den = bigFromInt(1);
  if (exp10 >= 0) bigMulPow5(num, exp10);
  else bigMulPow5(den, -exp10);
  return roundQuotient(num, den, exp10);
}

/**
 * The significant digits of a literal and its decimal exponent: the value is D * 10^exp10 with D
 * the integer written by digits. Long literals keep MAX_DIGITS digits and a sticky 1.
 */
class DigitCollector {
  digits: number[] = [];
  /** Significant digits (kept or dropped) before the decimal point; negative for 0.000ddd. */
  point = 0;
  /** A nonzero digit was dropped after MAX_DIGITS. */
  dropped = false;

  /** Adds one digit, before the decimal point when integral. */
  add(d: number, integral: boolean): void {
    if (this.digits.length === 0 && d === 0) {
      if (!integral) this.point--;
      return;
    }
    if (this.digits.length < MAX_DIGITS) this.digits.push(d);
    else if (d !== 0) this.dropped = true;
    if (integral) this.point++;
  }

  /** The value times 10^exponent, correctly rounded. */
  value(exponent: number): number {
    const digits = this.digits;
    if (this.dropped) {
      digits.push(1);
    } else {
      while (digits.length > 0 && digits[digits.length - 1] === 0) digits.pop();
    }
    return decimalToDouble(digits, this.point + exponent - digits.length);
  }
}

/** What scanDecimal read: the value and the index after the literal (-1 when there is none). */
class Scan {
  value: number;
  end: number;

  constructor(value: number, end: number) {
    this.value = value;
    this.end = end;
  }
}

/** True when s[i..end) starts with "Infinity". */
function startsWithInfinity(s: string, i: number, end: number): boolean {
  return i + 8 <= end && s.slice(i, i + 8) === "Infinity";
}

/**
 * The longest StrDecimalLiteral at s[start..end): an optional sign, then "Infinity" or digits with
 * an optional point and fraction (".5" and "5." are both numbers) and an optional exponent.
 */
function scanDecimal(s: string, start: number, end: number): Scan {
  let i = start;
  let negative = false;
  if (i < end) {
    const c = s.charCodeAt(i);
    if (c === CHAR_PLUS) {
      i++;
    } else if (c === CHAR_MINUS) {
      negative = true;
      i++;
    }
  }
  if (startsWithInfinity(s, i, end)) return new Scan(negative ? -INFINITY : INFINITY, i + 8);
  const collector = new DigitCollector();
  let sawDigit = false;
  while (i < end && isDecimalDigit(s.charCodeAt(i))) {
    collector.add(s.charCodeAt(i) - CHAR_0, true);
    sawDigit = true;
    i++;
  }
  if (i < end && s.charCodeAt(i) === CHAR_DOT) {
    let j = i + 1;
    while (j < end && isDecimalDigit(s.charCodeAt(j))) {
      collector.add(s.charCodeAt(j) - CHAR_0, false);
      sawDigit = true;
      j++;
    }
    // "5." is a number; "." alone is not.
    if (sawDigit) i = j;
  }
  if (!sawDigit) return new Scan(NAN, -1);
  let exponent = 0;
  if (i < end && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69)) {
    let j = i + 1;
    let exponentNegative = false;
    if (j < end && (s.charCodeAt(j) === CHAR_PLUS || s.charCodeAt(j) === CHAR_MINUS)) {
      exponentNegative = s.charCodeAt(j) === CHAR_MINUS;
      j++;
    }
    // "1e" and "1e+" end before the e.
    if (j < end && isDecimalDigit(s.charCodeAt(j))) {
      while (j < end && isDecimalDigit(s.charCodeAt(j))) {
        if (exponent < EXPONENT_LIMIT) exponent = exponent * 10 + (s.charCodeAt(j) - CHAR_0);
        j++;
      }
      if (exponentNegative) exponent = -exponent;
      i = j;
    }
  }
  const value = collector.value(exponent);
  return new Scan(negative ? -value : value, i);
}

/**
 * The correctly rounded value of the digits s[start..end) in radix 2^bitsPerDigit (all of them
 * valid digits): the first 53 significant bits, the next one and whether any later bit is set.
 */
function powerOfTwoRadixValue(s: string, start: number, end: number, bitsPerDigit: number): number {
  let m = 0;
  let bits = 0;
  let roundBit = 0;
  let sticky = false;
  for (let i = start; i < end; i++) {
    const d = digitValue(s.charCodeAt(i));
    for (let k = bitsPerDigit - 1; k >= 0; k--) {
      const bit = (d >> k) & 1;
      if (bits === 0 && bit === 0) continue;
      if (bits < 53) m = m * 2 + bit;
      else if (bits === 53) roundBit = bit;
      else if (bit === 1) sticky = true;
      bits++;
    }
  }
  if (bits <= 53) return m;
  if (roundBit === 1 && (sticky || m % 2 === 1)) m++;
  return makeDouble(m, bits - 53);
}

/** log2(radix) for 2, 4, 8, 16 and 32; 0 for other radixes. */
function radixBits(radix: number): number {
  switch (radix) {
    case 2:
      return 1;
    case 4:
      return 2;
    case 8:
      return 3;
    case 16:
      return 4;
    case 32:
      return 5;
    default:
      return 0;
  }
}

/**
 * V8's value for digits of a radix that is neither a power of two nor 10: chunks of digits whose
 * multiplier stays below 2^32 / 36, accumulated in doubles, result = result * multiplier + chunk.
 * The double roundings are the result Node gives, so they are kept exactly.
 */
function genericRadixValue(s: string, start: number, end: number, radix: number): number {
  const maximumMultiplier = Math.floor(4294967295 / 36);
  let result = asFloat(0);
  let i = start;
  while (i < end) {
    let part = 0;
    let multiplier = 1;
    while (i < end) {
      const m = multiplier * radix;
      if (m > maximumMultiplier) break;
      part = part * radix + digitValue(s.charCodeAt(i));
      multiplier = m;
      i++;
    }
    result = result * multiplier + part;
  }
  return result;
}

/** The value of the decimal digits s[start..end) (all digits), correctly rounded. */
function decimalIntegerValue(s: string, start: number, end: number): number {
  const collector = new DigitCollector();
  for (let i = start; i < end; i++) collector.add(s.charCodeAt(i) - CHAR_0, true);
  return collector.value(0);
}

/** The first index at or after i that is not JavaScript white space. */
function skipWhiteSpace(s: string, i: number): number {
  let j = i;
  while (j < s.length && isStrWhiteSpace(s.charCodeAt(j))) j++;
  return j;
}

/**
 * JavaScript's parseFloat(s): leading white space skipped, then the longest prefix that is a
 * decimal literal (with sign, "Infinity", fraction and exponent; no hex), correctly rounded; NaN
 * when there is none.
 */
export function parseFloatPrefix(s: string): number {
  const scan = scanDecimal(s, skipWhiteSpace(s, 0), s.length);
  return scan.end < 0 ? NAN : scan.value;
}

/**
 * JavaScript's Number(s): white space trimmed at both ends; "" is 0; 0x, 0o and 0b integers
 * (unsigned); otherwise the whole rest must be a decimal literal (Infinity included); NaN for
 * anything else.
 */
export function stringToNumber(s: string): number {
  const start = skipWhiteSpace(s, 0);
  let end = s.length;
  while (end > start && isStrWhiteSpace(s.charCodeAt(end - 1))) end--;
  if (start === end) return 0;
  if (end - start >= 2 && s.charCodeAt(start) === CHAR_0) {
    const prefix = s.charCodeAt(start + 1) | 32;
    const bits = prefix === 120 ? 4 : prefix === 111 ? 3 : prefix === 98 ? 1 : 0;
    if (bits > 0) {
      const radix = 1 << bits;
      if (end - start === 2) return NAN;
      for (let i = start + 2; i < end; i++) {
        if (digitValue(s.charCodeAt(i)) >= radix) return NAN;
      }
      return powerOfTwoRadixValue(s, start + 2, end, bits);
    }
  }
  const scan = scanDecimal(s, start, end);
  return scan.end === end ? scan.value : NAN;
}

/**
 * JavaScript's parseInt(s, radix), radix 0 standing for an absent one: white space skipped, a
 * sign, a 0x/0X prefix when the radix is 16 or absent (which then means 10 unless the prefix is
 * there), the longest run of digits of the radix; NaN when there is none or the radix is not 2..36
 * (after ToInt32). Radix 10 and the powers of two are correctly rounded, the others as V8.
 */
export function parseIntRadix(s: string, radix: number): number {
  let r = radix | 0;
  const end = s.length;
  let i = skipWhiteSpace(s, 0);
  let negative = false;
  if (i < end && s.charCodeAt(i) === CHAR_PLUS) {
    i++;
  } else if (i < end && s.charCodeAt(i) === CHAR_MINUS) {
    negative = true;
    i++;
  }
  let stripPrefix = true;
  if (r !== 0) {
    if (r < 2 || r > 36) return NAN;
    if (r !== 16) stripPrefix = false;
  } else {
    r = 10;
  }
  if (stripPrefix && i + 1 < end && s.charCodeAt(i) === CHAR_0 && (s.charCodeAt(i + 1) | 32) === 120) {
    i += 2;
    r = 16;
  }
  let j = i;
  while (j < end && digitValue(s.charCodeAt(j)) < r) j++;
  if (j === i) return NAN;
  // Leading zeros do not count: V8's chunks of the generic radixes start after them.
  while (i < j && s.charCodeAt(i) === CHAR_0) i++;
  const bits = radixBits(r);
  let value: number;
  if (r === 10) value = decimalIntegerValue(s, i, j);
  else if (bits > 0) value = powerOfTwoRadixValue(s, i, j, bits);
  else value = genericRadixValue(s, i, j, r);
  return negative ? -value : value;
}
