/**
 * A64's logical immediates ("bitmask immediates", the operand of AND, ORR, EOR, ANDS and TST
 * with an immediate): a pattern is encodable when it is one element of e bits (e = 2, 4, 8,
 * 16, 32 or 64) repeated to fill the register, and the element is a rotated run of ones that is
 * neither empty nor all ones. The encoding is 13 bits N:immr:imms (the manual's DecodeBitMasks
 * read backwards): N = 1 for e = 64; imms holds e's size code in its high bits and the run's
 * length minus one below; immr is the right rotation that moves the run from bit 0 to its place.
 * 5,334 patterns are encodable as 64-bit operands, 1,302 as 32-bit ones.
 *
 * A 64-bit pattern is passed as its two 32-bit halves (RTS integers are exact only up to 2^53),
 * each in [0, 2^32) or as a signed 32-bit value; `logicalImmediate` takes an integer.
 *
 * RTS: run-time code (the JIT folds masks with it); 32-bit bit operations only.
 */

const TWO_32 = 4294967296;

/** Bit i (0-63) of the pattern high:low. */
function bitAt(high: number, low: number, i: number): number {
  return i < 32 ? (low >>> i) & 1 : (high >>> (i - 32)) & 1;
}

/**
 * The 13-bit N:immr:imms encoding of the pattern high:low as an operand of `size` bits (32: high
 * must repeat low, as the 32-bit pattern is that pattern's low half), or -1 when it has none.
 */
export function encodeBitmask(high: number, low: number, size: number): number {
  const hi = high >>> 0;
  const lo = low >>> 0;
  if (size === 32 && hi !== lo) return -1;
  let e = 64;
  if (hi === lo) {
    // The smallest period: halve while the two halves of the element agree.
    e = 32;
    while (e > 2) {
      const half = e / 2;
      const mask = half === 16 ? 0xffff : (1 << half) - 1;
      if (((lo ^ (lo >>> half)) & mask) !== 0) break;
      e = half;
    }
  }
  // The element (bits 0..e-1) must hold one circular run of ones: exactly one place where a one
  // follows a zero (going up), and neither all zeros nor all ones.
  let ones = 0;
  let start = -1;
  let starts = 0;
  for (let i = 0; i < e; i++) {
    const bit = bitAt(hi, lo, i);
    ones += bit;
    if (bit === 1 && bitAt(hi, lo, (i + e - 1) % e) === 0) {
      start = i;
      starts++;
    }
  }
  if (starts !== 1) return -1;
  const immr = (e - start) % e;
  const n = e === 64 ? 1 : 0;
  const imms = ((~(e - 1) << 1) & 0x3f) | (ones - 1);
  return (n << 12) | (immr << 6) | imms;
}

/**
 * The encoding of the integer value (in [-2^63, 2^64): two's complement when negative) as a
 * logical immediate of `size` bits (32: in [-2^31, 2^32)), or -1.
 */
export function logicalImmediate(value: number, size: number): number {
  if (Math.floor(value) !== value) return -1;
  if (size === 32) {
    if (!(value >= -2147483648 && value < TWO_32)) return -1;
    return encodeBitmask(value, value, 32);
  }
  if (!(value >= -9223372036854775808 && value < 18446744073709551616)) return -1;
  const high = Math.floor(value / TWO_32);
  return encodeBitmask(high, value - high * TWO_32, 64);
}

/** Whether value can be the immediate of AND/ORR/EOR/ANDS/TST with operands of `size` bits. */
export function isLogicalImmediate(value: number, size: number): boolean {
  return logicalImmediate(value, size) >= 0;
}
