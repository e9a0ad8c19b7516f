/**
 * The bits of IEEE 754 doubles, for RTS code that takes numbers apart (the number formatting and
 * parsing helpers of src/runtime). Untranslated they go through one 8-byte buffer seen both
 * as a Float64Array and as a Uint32Array; the translator replaces each function with the LL
 * operation that moves the bits between a float and integer registers, so this module state
 * never exists in a translated program.
 */

const floatView = new Float64Array(1);
const wordView = new Uint32Array(floatView.buffer);

// Which of the two words holds the sign and exponent: 1 on little-endian hosts (all of ours).
floatView[0] = 1;
const HIGH = wordView[1] === 0x3ff00000 ? 1 : 0;
const LOW = 1 - HIGH;

/** The high 32 bits of x's IEEE 754 representation (sign, exponent, top of the fraction), unsigned. */
export function floatHighWord(x: number): number {
  floatView[0] = x;
  return wordView[HIGH];
}

/** The low 32 bits of x's IEEE 754 representation (the bottom of the fraction), unsigned. */
export function floatLowWord(x: number): number {
  floatView[0] = x;
  return wordView[LOW];
}

/** The double whose IEEE 754 representation has the given high and low 32-bit words. */
export function floatFromWords(high: number, low: number): number {
  wordView[HIGH] = high;
  wordView[LOW] = low;
  return floatView[0];
}
