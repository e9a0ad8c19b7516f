/**
 * Number.prototype.toString(radix) exactly as V8 writes it (DoubleToRadixCString): the integer
 * part digit by digit from the exact remainders (digits below the double's precision written as
 * 0), then fraction digits until they pin the double down, that is while the remaining fraction
 * is at least half the distance to the next double, the last digit rounded to even. RTS code,
 * translated with the program.
 */

import { floatFromWords, floatHighWord, floatLowWord } from "rts";
import { INFINITY, TWO_53 } from "./numbers-double.js";
import { formatFloat } from "./numbers-format.js";

const DIGIT_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz";

/** The double after a positive finite x. */
function nextDouble(x: number): number {
  const high = floatHighWord(x);
  const low = floatLowWord(x);
  if (low === 0xffffffff) return floatFromWords(high + 1, 0);
  return floatFromWords(high, low + 1);
}

/** x.toString(radix) for an integer radix 2..36 (a RangeError otherwise, as JavaScript). */
export function formatRadix(x: number, radix: number): string {
  if (radix < 2 || radix > 36) throw new RangeError("toString() radix must be between 2 and 36");
  if (radix === 10 || x !== x || x === INFINITY || x === -INFINITY || x === 0) return formatFloat(x);
  const negative = x < 0;
  const value = negative ? -x : x;
  // value % 1 is exact, so this is floor(value) for every double, however large.
  let integer = value - (value % 1);
  let fraction = value - integer;
  let delta = 0.5 * (nextDouble(value) - value);
  const smallest = nextDouble(0);
  if (delta < smallest) delta = smallest;
  const fractionDigits: number[] = [];
  if (fraction >= delta) {
    for (;;) {
      fraction *= radix;
      delta *= radix;
      const digit = Math.floor(fraction);
      fractionDigits.push(digit);
      fraction -= digit;
      if (fraction > 0.5 || (fraction === 0.5 && (digit & 1) === 1)) {
        if (fraction + delta > 1) {
          // Round up: drop the digits that carry over, possibly into the integer part.
          for (;;) {
            const n = fractionDigits.length;
            if (n === 0) {
              integer += 1;
              break;
            }
            const last = fractionDigits[n - 1];
            fractionDigits.pop();
            if (last + 1 < radix) {
              fractionDigits.push(last + 1);
              break;
            }
          }
          break;
        }
      }
      if (fraction < delta) break;
    }
  }
  // Digits below the precision of the integer part are zeros.
  let zeros = 0;
  while (integer / radix >= TWO_53) {
    integer /= radix;
    zeros++;
  }
  let text = "";
  for (;;) {
    const remainder = integer % radix;
    text = DIGIT_CHARS.charAt(Math.floor(remainder)) + text;
    integer = (integer - remainder) / radix;
    if (integer <= 0) break;
  }
  for (let i = 0; i < zeros; i++) text += "0";
  if (fractionDigits.length > 0) {
    text += ".";
    for (let i = 0; i < fractionDigits.length; i++) text += DIGIT_CHARS.charAt(fractionDigits[i]);
  }
  return negative ? "-" + text : text;
}
