/**
 * The low-level helpers for numbers and strings: what the rtyper lowers String(x), template
 * literals, `x + ""`, console.log of numbers, toFixed/toExponential/toPrecision, parseFloat,
 * Number(s) and parseInt to. Written in RTS, as RPython writes its ll helpers in RPython: they run
 * untranslated on Node (where tests compare them with Node's own conversions) and are translated
 * with the user's program, so a translated program prints and reads numbers exactly as Node does,
 * without libc.
 *
 * - numbers-format.ts: numbers to strings (Burger & Dybvig's shortest digits; exact expansions).
 * - numbers-parse.ts: strings to numbers (correct rounding by exact division with remainder).
 * - numbers-bignum.ts: the exact arithmetic both use (24-bit limbs, see there why).
 * - numbers-double.ts: doubles taken apart and put together (through the rts library's bits).
 */

export { formatFloat, formatFloatForLog, formatInt, toExponential, toExponentialShortest, toFixed, toPrecision } from "./numbers-format.js";
export { parseFloatPrefix, parseIntRadix, stringToNumber } from "./numbers-parse.js";
