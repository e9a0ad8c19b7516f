/**
 * Exact natural numbers for the number conversions (numbers-format.ts, numbers-parse.ts): just
 * the operations that Burger & Dybvig's shortest digits, exact decimal expansions and correctly
 * rounded parsing need. RTS code: it runs untranslated on Node and is translated with the program.
 *
 * Representation: a BigNat holds little-endian limbs of 24 bits in a `number[]`, with no zero limb
 * at the top (zero is the empty array). Why 24 bits: untranslated every limb operation is done in
 * doubles, so every intermediate value must stay an exact integer below 2^53:
 *   - a limb times a small multiplier (< 2^28) plus its carry (<= 2^28) is below 2^52 + 2^29;
 *   - a limb times a limb plus a limb plus a carry is at most 2^48 - 1 (bigMul);
 *   - a remainder (< 2^28) times 2^24 plus a limb is below 2^52 + 2^24 (bigDivSmall).
 * Translated, limbs are 64-bit integers and the same bounds keep them far from overflow. Carries
 * are taken as Math.floor(t / 2^24) (exact: a division by a power of two of an integer below 2^53).
 *
 * Operations with a void result update their first argument in place, and so do bigDivSmall and
 * bigQuotient (which leave the quotient, or the remainder, there) and bigToDigits (which consumes
 * it); the others return new numbers and leave their arguments alone.
 */

import { asFloat } from "./numbers-double.js";

/** Bits per limb. */
export const LIMB_BITS = 24;
/** 2^24, the base of the limbs. */
const LIMB_BASE = 16777216;
/** Multipliers of bigMulSmall and divisors of bigDivSmall must be below this (2^28). */
const SMALL_LIMIT = 268435456;
/** 2^26: bigMulInt splits its multiplier into a high part (< 2^27) and a low part below this. */
const SPLIT = 67108864;
/** 5^12, the largest power of five below SMALL_LIMIT. */
const FIVE_12 = 244140625;

/** A natural number: little-endian 24-bit limbs, no zero limb at the top (zero has no limbs). */
export class BigNat {
  limbs: number[];

  constructor() {
    this.limbs = [];
  }
}

/** Drops zero limbs from the top of a, restoring the invariant. */
function trim(a: BigNat): void {
  const limbs = a.limbs;
  while (limbs.length > 0 && limbs[limbs.length - 1] === 0) limbs.pop();
}

/** The BigNat of an integer 0 <= n < 2^53. */
export function bigFromInt(n: number): BigNat {
  const a = new BigNat();
  let v = n;
  while (v > 0) {
    const high = Math.floor(v / LIMB_BASE);
    a.limbs.push(v - high * LIMB_BASE);
    v = high;
  }
  return a;
}

/** 2^n as a BigNat (n >= 0). */
export function bigPow2(n: number): BigNat {
  const a = bigFromInt(1);
  bigShiftLeft(a, n);
  return a;
}

/** A copy of a. */
export function bigCopy(a: BigNat): BigNat {
  const b = new BigNat();
  b.limbs = a.limbs.slice();
  return b;
}

/** True when a is zero. */
export function bigIsZero(a: BigNat): boolean {
  return a.limbs.length === 0;
}

/** The number of bits of a (0 for zero). */
export function bigBitLength(a: BigNat): number {
  const n = a.limbs.length;
  if (n === 0) return 0;
  let top = a.limbs[n - 1];
  let bits = (n - 1) * LIMB_BITS;
  while (top > 0) {
    bits++;
    top = top >>> 1;
  }
  return bits;
}

/** a = a * m, for an integer 0 <= m < 2^28. */
export function bigMulSmall(a: BigNat, m: number): void {
  const limbs = a.limbs;
  if (m === 0) {
    a.limbs = [];
    return;
  }
  let carry = 0;
  for (let i = 0; i < limbs.length; i++) {
    const t = limbs[i] * m + carry;
    carry = Math.floor(t / LIMB_BASE);
    limbs[i] = t - carry * LIMB_BASE;
  }
  while (carry > 0) {
    const high = Math.floor(carry / LIMB_BASE);
    limbs.push(carry - high * LIMB_BASE);
    carry = high;
  }
}

/** a = a + m, for an integer 0 <= m < 2^52. */
export function bigAddSmall(a: BigNat, m: number): void {
  const limbs = a.limbs;
  let carry = m;
  for (let i = 0; carry > 0; i++) {
    if (i === limbs.length) limbs.push(0);
    const t = limbs[i] + carry;
    carry = Math.floor(t / LIMB_BASE);
    limbs[i] = t - carry * LIMB_BASE;
  }
}

/** a = a * 2^n (n >= 0). */
export function bigShiftLeft(a: BigNat, n: number): void {
  if (a.limbs.length === 0 || n === 0) return;
  const whole = Math.floor(n / LIMB_BITS);
  const part = n - whole * LIMB_BITS;
  if (part > 0) bigMulSmall(a, 1 << part);
  if (whole > 0) {
    const shifted: number[] = [];
    for (let i = 0; i < whole; i++) shifted.push(0);
    for (const limb of a.limbs) shifted.push(limb);
    a.limbs = shifted;
  }
}

/** a = a + b. */
export function bigAdd(a: BigNat, b: BigNat): void {
  const la = a.limbs;
  const lb = b.limbs;
  const n = lb.length;
  while (la.length < n) la.push(0);
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const t = la[i] + lb[i] + carry;
    if (t >= LIMB_BASE) {
      la[i] = t - LIMB_BASE;
      carry = 1;
    } else {
      la[i] = t;
      carry = 0;
    }
  }
  for (let i = n; carry > 0 && i < la.length; i++) {
    if (la[i] === LIMB_BASE - 1) {
      la[i] = 0;
    } else {
      la[i] = la[i] + 1;
      carry = 0;
    }
  }
  if (carry > 0) la.push(1);
}

/** a = a - b, for a >= b. */
export function bigSub(a: BigNat, b: BigNat): void {
  const la = a.limbs;
  const lb = b.limbs;
  let borrow = 0;
  for (let i = 0; i < lb.length; i++) {
    const t = la[i] - lb[i] - borrow;
    if (t < 0) {
      la[i] = t + LIMB_BASE;
      borrow = 1;
    } else {
      la[i] = t;
      borrow = 0;
    }
  }
  for (let i = lb.length; borrow > 0 && i < la.length; i++) {
    if (la[i] === 0) {
      la[i] = LIMB_BASE - 1;
    } else {
      la[i] = la[i] - 1;
      borrow = 0;
    }
  }
  trim(a);
}

/** The product a * b, a new BigNat. */
export function bigMul(a: BigNat, b: BigNat): BigNat {
  const la = a.limbs;
  const lb = b.limbs;
  const product = new BigNat();
  if (la.length === 0 || lb.length === 0) return product;
  const out = product.limbs;
  for (let i = 0; i < la.length + lb.length; i++) out.push(0);
  for (let i = 0; i < la.length; i++) {
    const ai = la[i];
    if (ai === 0) continue;
    // out[i + j] + ai * lb[j] + carry <= (2^24 - 1) + (2^24 - 1)^2 + (2^24 - 1) < 2^48, and the
    // carry stays below 2^24; out[i + lb.length] is still zero when the row ends.
    let carry = 0;
    for (let j = 0; j < lb.length; j++) {
      const t = out[i + j] + ai * lb[j] + carry;
      carry = Math.floor(t / LIMB_BASE);
      out[i + j] = t - carry * LIMB_BASE;
    }
    out[i + lb.length] = carry;
  }
  trim(product);
  return product;
}

/** The product a * q, a new BigNat, for an integer 0 <= q < 2^53. */
export function bigMulInt(a: BigNat, q: number): BigNat {
  const product = bigCopy(a);
  if (q < SMALL_LIMIT) {
    bigMulSmall(product, q);
    return product;
  }
  const high = Math.floor(q / SPLIT);
  const low = bigCopy(a);
  bigMulSmall(low, q - high * SPLIT);
  bigMulSmall(product, high);
  bigShiftLeft(product, 26);
  bigAdd(product, low);
  return product;
}

/** 5^(2^i) for i = 0..11: bigMulPow5 multiplies by the ones that make up its exponent. */
const POW5_SQUARES: BigNat[] = buildPow5Squares(12);

function buildPow5Squares(count: number): BigNat[] {
  const table: BigNat[] = [bigFromInt(5)];
  for (let i = 1; i < count; i++) table.push(bigMul(table[i - 1], table[i - 1]));
  return table;
}

/** a = a * 5^n (n >= 0). */
export function bigMulPow5(a: BigNat, n: number): void {
  if (a.limbs.length === 0) return;
  let left = n;
  // Large exponents: the squares 5^(2^i) for i >= 4 whose bits are set in n, a product each.
  for (let i = POW5_SQUARES.length - 1; i >= 4; i--) {
    const power = 1 << i;
    while (left >= power) {
      a.limbs = bigMul(a, POW5_SQUARES[i]).limbs;
      left -= power;
    }
  }
  // The rest (below 16) by small multiplications.
  while (left >= 12) {
    bigMulSmall(a, FIVE_12);
    left -= 12;
  }
  let small = 1;
  for (let i = 0; i < left; i++) small *= 5;
  if (small > 1) bigMulSmall(a, small);
}

/** a = a * 10^n (n >= 0). */
export function bigMulPow10(a: BigNat, n: number): void {
  bigMulPow5(a, n);
  bigShiftLeft(a, n);
}

/** -1, 0 or 1 as a < b, a = b or a > b. */
export function bigCompare(a: BigNat, b: BigNat): number {
  const la = a.limbs;
  const lb = b.limbs;
  if (la.length !== lb.length) return la.length < lb.length ? -1 : 1;
  for (let i = la.length - 1; i >= 0; i--) {
    if (la[i] !== lb[i]) return la[i] < lb[i] ? -1 : 1;
  }
  return 0;
}

/** -1, 0 or 1 as a + b < c, a + b = c or a + b > c. */
export function bigCompareSum(a: BigNat, b: BigNat, c: BigNat): number {
  const longer = a.limbs.length > b.limbs.length ? a.limbs.length : b.limbs.length;
  if (longer + 1 < c.limbs.length) return -1;
  if (longer > c.limbs.length) return 1;
  const sum = bigCopy(a);
  bigAdd(sum, b);
  return bigCompare(sum, c);
}

/** a = floor(a / m); returns a mod m. For an integer 0 < m < 2^28. */
export function bigDivSmall(a: BigNat, m: number): number {
  const limbs = a.limbs;
  let remainder = 0;
  for (let i = limbs.length - 1; i >= 0; i--) {
    // t / m is below 2^24 and at least 1/m (> 2^-28) from the next integer: floor is exact.
    const t = remainder * LIMB_BASE + limbs[i];
    const q = Math.floor(t / m);
    limbs[i] = q;
    remainder = t - q * m;
  }
  trim(a);
  return remainder;
}

/** The top limbs of a (up to 4) as a double (rounded: four limbs are 96 bits). */
function topLimbs(a: BigNat): number {
  const n = a.limbs.length;
  const low = n > 4 ? n - 4 : 0;
  let value = asFloat(0);
  for (let i = n - 1; i >= low; i--) value = value * LIMB_BASE + a.limbs[i];
  return value;
}

/** How many limbs of a lie below those topLimbs reads. */
function limbsBelowTop(a: BigNat): number {
  return a.limbs.length > 4 ? a.limbs.length - 4 : 0;
}

/**
 * floor(num / den) for den > 0 when the quotient is below 2^53; num becomes num mod den. The
 * quotient is estimated from the top limbs of both (relative error about 2^-51), then corrected
 * exactly, so an estimate off by any amount still gives the right answer, only later.
 */
export function bigQuotient(num: BigNat, den: BigNat): number {
  if (bigCompare(num, den) < 0) return 0;
  let estimate = topLimbs(num) / topLimbs(den);
  for (let i = limbsBelowTop(den); i < limbsBelowTop(num); i++) estimate *= LIMB_BASE;
  // The estimate of a quotient just below 2^53 may pass it a little; more breaks the contract.
  if (estimate > 9007199254742016) throw new Error("bigQuotient: the quotient is not below 2^53");
  let q = estimate < 9007199254740991 ? Math.floor(estimate) : 9007199254740991;
  if (q > 0) {
    const product = bigMulInt(den, q);
    while (bigCompare(product, num) > 0) {
      bigSub(product, den);
      q--;
    }
    bigSub(num, product);
  }
  while (bigCompare(num, den) >= 0) {
    bigSub(num, den);
    q++;
  }
  return q;
}

/**
 * The decimal digits of a, most significant first (an empty array for zero). Consumes a: it is
 * divided by 10^7 repeatedly, seven digits at a time.
 */
export function bigToDigits(a: BigNat): number[] {
  const chunks: number[] = [];
  while (a.limbs.length > 0) chunks.push(bigDivSmall(a, 10000000));
  const digits: number[] = [];
  for (let i = chunks.length - 1; i >= 0; i--) {
    let chunk = chunks[i];
    const start = digits.length;
    for (let j = 0; j < 7; j++) {
      const high = Math.floor(chunk / 10);
      digits.push(chunk - high * 10);
      chunk = high;
    }
    // This chunk's digits were pushed least significant first: reverse them in place.
    for (let lo = start, hi = start + 6; lo < hi; lo++, hi--) {
      const t = digits[lo];
      digits[lo] = digits[hi];
      digits[hi] = t;
    }
  }
  let first = 0;
  while (first < digits.length && digits[first] === 0) first++;
  return first === 0 ? digits : digits.slice(first);
}

/** The BigNat of decimal digits (values 0..9, most significant first) digits[start..end). */
export function bigFromDigits(digits: number[], start: number, end: number): BigNat {
  const a = new BigNat();
  let i = start;
  while (i < end) {
    // Up to seven digits at a time: multiplier 10^k < 2^28, added value < 10^7.
    let chunk = 0;
    let scale = 1;
    for (let k = 0; k < 7 && i < end; k++) {
      chunk = chunk * 10 + digits[i];
      scale *= 10;
      i++;
    }
    bigMulSmall(a, scale);
    bigAddSmall(a, chunk);
  }
  return a;
}
