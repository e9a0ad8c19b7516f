/**
 * The process's environment variables, for the runtime's own settings (the collector's nursery
 * size and growth factors, RTSLOG): RTS code that runs inside the collector, so it allocates no
 * GC object. It reads the raw envp block the start code leaves in the shared word SHARED_ENVP
 * (src/runtime/gc/layout.ts) and parses values in place, byte by byte.
 *
 * Sizes are written as PyPy's GC variables take them (rpython/memory/gc/env.py read_from_env):
 * "4194304", "512KB", "4MB", "1.5GB", case-insensitive, the "B" optional, K = 1024. A malformed
 * value never reaches the readers: settings.ts stops the program at start on one (PyPy
 * ignores them, which leaves a typo unnoticed). The readers still fall back on their default
 * for one, so that they have a defined result on any input.
 */

import { gcShared, loadByte, loadWord } from "rts/system";
import { SHARED_ENVP } from "./gc/layout.js";

const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_DOT = 46;
const CHAR_EQUALS = 61;
const CHAR_LOWER_B = 98;
/** ORed into an ASCII letter, gives its lower case. */
const ASCII_LOWER = 32;
/** The size suffixes, in order: each is 1024 times the one before (k = 1024). */
const SIZE_UNITS = "kmg";
/** Sizes above this are malformed (also keeps every intermediate integer below 2^53). */
const MAX_SIZE = 4503599627370496; // 2^52 bytes, 4 PiB
/** Digits kept of a decimal number: 10^15 < 2^53, so the digits and their scale are exact integers. */
const MAX_MANTISSA = 100000000000000; // 10^14: one more digit still fits
const MAX_SCALE = 1000000000000000; // 10^15

function isDigit(c: number): boolean {
  return c >= CHAR_0 && c <= CHAR_9;
}

/** The factor of the size suffix letter c (k, m or g, either case), or 1 when c is none of them. */
function unitFactor(c: number): number {
  let factor = 1;
  for (let k = 0; k < SIZE_UNITS.length; k++) {
    factor *= 1024;
    if ((c | ASCII_LOWER) === SIZE_UNITS.charCodeAt(k)) return factor;
  }
  return 1;
}

/** Whether the NUL-terminated entry "NAME=value" at address entry is for the variable name. */
function entryIsNamed(entry: number, name: string): boolean {
  const n = name.length;
  for (let i = 0; i < n; i++) {
    if (loadByte(entry, i) !== name.charCodeAt(i)) return false; // also stops at the entry's NUL
  }
  return loadByte(entry, n) === CHAR_EQUALS;
}

/** The address of the first byte of the value of the variable name (NUL-terminated), or 0 when it is unset. */
export function envValue(name: string): number {
  const envp = loadWord(gcShared(), SHARED_ENVP);
  if (envp === 0) return 0;
  for (let i = 0; ; i++) {
    const entry = loadWord(envp, i * 8);
    if (entry === 0) return 0;
    // The first entry wins, as with getenv(3).
    if (entryIsNamed(entry, name)) return entry + name.length + 1;
  }
}

/**
 * The number of bytes the NUL-terminated size at address value says ("4194304", "512KB", "4mb",
 * "1.5GB", "2g"), or -1 when it is malformed (empty, signed, other suffixes, trailing bytes,
 * above 2^52 bytes = 4 PiB). A fraction of a unit is truncated to whole bytes, as PyPy's
 * int(float * factor).
 */
export function parseSize(value: number): number {
  if (value === 0) return -1;
  let i = 0;
  let whole = 0;
  let digits = 0;
  let c = loadByte(value, 0);
  while (isDigit(c)) {
    // Checked before the step: a translated program stops on an integer past 2^53.
    if (whole >= MAX_SIZE / 10) return -1;
    whole = whole * 10 + (c - CHAR_0);
    digits += 1;
    i += 1;
    c = loadByte(value, i);
  }
  // The fraction as fractionDigits / fractionScale, both exact integers.
  let fractionDigits = 0;
  let fractionScale = 1;
  if (c === CHAR_DOT) {
    i += 1;
    c = loadByte(value, i);
    while (isDigit(c)) {
      if (fractionScale < MAX_SCALE) {
        fractionDigits = fractionDigits * 10 + (c - CHAR_0);
        fractionScale *= 10;
      }
      digits += 1;
      i += 1;
      c = loadByte(value, i);
    }
  }
  if (digits === 0) return -1;
  const factor = unitFactor(c);
  if (factor > 1) {
    i += 1;
    c = loadByte(value, i);
  }
  if ((c | ASCII_LOWER) === CHAR_LOWER_B) {
    i += 1;
    c = loadByte(value, i);
  }
  if (c !== 0) return -1;
  if (whole > MAX_SIZE / factor) return -1;
  // In floats: fractionDigits * factor may be past 2^53; the fraction's bytes are below factor.
  return whole * factor + Math.floor((fractionDigits / fractionScale) * factor);
}

/**
 * The positive decimal number at address value ("1.82", "2", ".5", "3."), or -1 when it is
 * malformed (no digits, a sign, an exponent, trailing bytes, zero, more than 15 digits before the
 * point). Digits past the 15th significant one are ignored.
 */
export function parseFactor(value: number): number {
  if (value === 0) return -1;
  let i = 0;
  let mantissa = 0;
  let scale = 1;
  let digits = 0;
  let c = loadByte(value, 0);
  while (isDigit(c)) {
    if (mantissa >= MAX_MANTISSA) return -1;
    mantissa = mantissa * 10 + (c - CHAR_0);
    digits += 1;
    i += 1;
    c = loadByte(value, i);
  }
  if (c === CHAR_DOT) {
    i += 1;
    c = loadByte(value, i);
    while (isDigit(c)) {
      if (mantissa < MAX_MANTISSA && scale < MAX_SCALE) {
        mantissa = mantissa * 10 + (c - CHAR_0);
        scale *= 10;
      }
      digits += 1;
      i += 1;
      c = loadByte(value, i);
    }
  }
  if (digits === 0 || c !== 0 || mantissa === 0) return -1;
  // Both exact integers below 2^53: the quotient is the correctly rounded value.
  return mantissa / scale;
}

/** The size in bytes the variable name gives (see parseSize), or fallback when it is unset or malformed. */
export function envBytes(name: string, fallback: number): number {
  const value = envValue(name);
  if (value === 0) return fallback;
  const bytes = parseSize(value);
  return bytes < 0 ? fallback : bytes;
}

/** The positive number the variable name gives (see parseFactor), or fallback when it is unset or malformed. */
export function envFactor(name: string, fallback: number): number {
  const value = envValue(name);
  if (value === 0) return fallback;
  const factor = parseFactor(value);
  return factor < 0 ? fallback : factor;
}

/** Whether the variable name is set to something other than "" and "0". */
export function envFlag(name: string): boolean {
  const value = envValue(name);
  if (value === 0) return false;
  const first = loadByte(value, 0);
  if (first === 0) return false;
  return !(first === CHAR_0 && loadByte(value, 1) === 0);
}
