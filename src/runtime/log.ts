/**
 * The runtime's log (RTSLOG), in the format of PyPy's PYPYLOG (rpython/rlib/debug.py
 * debug_start/debug_stop/debug_print, rpython/translator/c/src/debug_print.c), so that PyPy's
 * log tools and habits carry over. The collector writes its gc-* sections here; the JIT will
 * write its jit-* ones through the same functions. RTS code that runs inside the collector: it
 * allocates no GC object (the text goes byte by byte into a raw buffer, written with osWriteRaw
 * when full and at logFlush) and keeps its state in one prebuilt instance of numbers.
 *
 * A section is
 *     [<timestamp in lowercase hex>] {category
 *     ...text lines...
 *     [<timestamp>] category}
 * and sections nest. Timestamps are nanoseconds on the monotonic clock since the log was opened
 * (PyPy writes the TSC; only differences mean anything either way), never decreasing.
 *
 * The variable is read once, at the first logEnabled or logStart, with PyPy's rules:
 *   RTSLOG=cats:path  the sections whose category starts with one of the comma-separated
 *                     prefixes of cats, with their text ("gc" enables gc-minor and gc-major; an
 *                     empty prefix, as in ":path" or "gc,", enables every category);
 *   RTSLOG=path       no colon (or "+path", for a path that contains one): PyPy's profiling
 *                     mode, every section's start and stop lines but none of their text;
 *   path "-" or ""    standard error, as is a path that cannot be created (as PyPy does; but
 *                     the start check, settings.ts, stops the program first: see
 *                     logCannotCreate).
 * Unset or empty: nothing is logged, and logEnabled costs one comparison. Not done: PyPy's "%d"
 * in the path (the process id) and its colours on a terminal.
 *
 * Text is written only inside an enabled section (PyPy also writes text outside any section);
 * that keeps every log a well-formed tree (tests/helpers/pypylog.ts parses them strictly).
 * Nothing is written at exit by itself: whoever writes a section calls logFlush after it.
 *
 * The protocol for timing a piece of work, which every category follows (PyPy's debug_start
 * before the work, debug_stop after it): logStart writes the start stamp at once and says
 * whether the section's text is wanted; the work runs; its text, with the time it took from
 * logElapsed (measured from the section's own start stamp, so the text and the stamps cannot
 * disagree); then logStop writes the stop stamp. A section opened after its work would make
 * PyPy's tools, which time sections by their stamps, see the work as free.
 *
 *     const logging = logStart("gc-minor");   // always paired with logStop
 *     ...the work...
 *     if (logging) { logText("time taken: "); logFloat(logElapsed()); logNewline(); }
 *     logStop("gc-minor");
 *     logFlush();
 */

import { CLOCK_MONOTONIC, loadByte, loadWord, osClock, osClose, osCreate, osMmap, osWriteRaw, storeByte, storeWord } from "rts/system";
import { envValue } from "./env.js";

/** Bytes of the raw output buffer. */
const BUFFER_SIZE = 65536;
/** Room logInt and logFloat need in the buffer at once (their digits are reversed in place). */
const NUMBER_ROOM = 64;
/** Sections nested deeper than this write nothing (their enabled bits would not fit in an integer). */
const MAX_DEPTH = 48;
/** After the buffer, in the same mapping: the start stamp of each open section, one word per depth. */
const STAMPS_BYTES = MAX_DEPTH * 8;
const STDERR = 2;
/** The fd before RTSLOG is read, and when nothing is logged. */
const NO_FD = -1;

const CHAR_0 = 48;
const CHAR_COLON = 58;
const CHAR_COMMA = 44;
const CHAR_PLUS = 43;
const CHAR_MINUS = 45;
const CHAR_DOT = 46;
const CHAR_NEWLINE = 10;
const CHAR_SPACE = 32;
const CHAR_OPEN_BRACKET = 91;
const CHAR_CLOSE_BRACKET = 93;
const CHAR_OPEN_BRACE = 123;
const CHAR_CLOSE_BRACE = 125;
const HEX_DIGITS = "0123456789abcdef";
const TWO_53 = 9007199254740992;
const MAX_FINITE = 1.7976931348623157e308;

class LogState {
  /** 1 once RTSLOG was read. */
  opened: number;
  /** Where the log goes; NO_FD when nothing is logged. */
  fd: number;
  /** 1 in PyPy's profiling mode: every section's start and stop, no text. */
  profile: number;
  /** 1 when the log's path could not be created (the log went to standard error instead). */
  createFailed: number;
  /** The comma-separated category prefixes (in the environment block, which lives as long as the process), and their length. */
  categories: number;
  categoriesLength: number;
  /** The raw output buffer (0 until the log is opened) and the bytes in it. */
  buffer: number;
  length: number;
  /** The sections open now, and one bit per section (bit 0 the innermost): 1 when it writes its text. */
  depth: number;
  textBits: number;
  /** osClock(CLOCK_MONOTONIC) when the log was opened, and the last timestamp written. */
  clockStart: number;
  lastStamp: number;
  constructor() {
    this.opened = 0;
    this.fd = NO_FD;
    this.profile = 0;
    this.createFailed = 0;
    this.categories = 0;
    this.categoriesLength = 0;
    this.buffer = 0;
    this.length = 0;
    this.depth = 0;
    this.textBits = 0;
    this.clockStart = 0.0;
    this.lastStamp = 0;
  }
}

const STATE = new LogState();

/** Reads RTSLOG and opens the log it names, once. */
function openLog(): void {
  STATE.opened = 1;
  const value = envValue("RTSLOG");
  if (value === 0 || loadByte(value, 0) === 0) return;
  let colon = -1;
  for (let i = 0; loadByte(value, i) !== 0; i++) {
    if (loadByte(value, i) === CHAR_COLON) {
      colon = i;
      break;
    }
  }
  let path = value;
  if (loadByte(value, 0) === CHAR_PLUS) {
    STATE.profile = 1;
    path = value + 1;
  } else if (colon < 0) {
    STATE.profile = 1;
  } else {
    STATE.categories = value;
    STATE.categoriesLength = colon;
    path = value + colon + 1;
  }
  const buffer = osMmap(BUFFER_SIZE + STAMPS_BYTES);
  if (buffer < 0) return; // no memory for a log: run without one
  STATE.buffer = buffer;
  STATE.length = 0;
  // The path is the NUL-terminated tail of the variable's own bytes: no copy needed.
  const first = loadByte(path, 0);
  let fd = STDERR;
  if (first !== 0 && !(first === CHAR_MINUS && loadByte(path, 1) === 0)) {
    fd = osCreate(path);
    if (fd < 0) {
      fd = STDERR;
      STATE.createFailed = 1;
    }
  }
  STATE.fd = fd;
  STATE.clockStart = osClock(CLOCK_MONOTONIC);
  STATE.lastStamp = 0;
}

/** Whether category starts with one of the prefixes of RTSLOG (PyPy's startswithoneof). */
function matchesCategories(category: string): boolean {
  const n = category.length;
  let start = 0;
  while (start <= STATE.categoriesLength) {
    let end = start;
    while (end < STATE.categoriesLength && loadByte(STATE.categories, end) !== CHAR_COMMA) end++;
    if (end - start <= n) {
      let same = true;
      for (let i = start; i < end; i++) {
        if (loadByte(STATE.categories, i) !== category.charCodeAt(i - start)) {
          same = false;
          break;
        }
      }
      if (same) return true;
    }
    start = end + 1;
  }
  return false;
}

/** Opens the log if RTSLOG names one; whether its file could not be created (settings.ts stops the program then). */
export function logCannotCreate(): boolean {
  if (STATE.opened === 0) openLog();
  return STATE.createFailed === 1;
}

/** Whether sections of category are logged (the caller skips gathering its numbers otherwise). */
export function logEnabled(category: string): boolean {
  if (STATE.opened === 0) openLog();
  if (STATE.fd === NO_FD) return false;
  return STATE.profile === 1 || matchesCategories(category);
}

/** Writes the buffer out (a failed write drops the bytes: the log must not stop the program). */
export function logFlush(): void {
  let done = 0;
  while (done < STATE.length) {
    const n = osWriteRaw(STATE.fd, STATE.buffer + done, STATE.length - done);
    if (n <= 0) break;
    done += n;
  }
  STATE.length = 0;
}

function ensureRoom(bytes: number): void {
  if (STATE.length + bytes > BUFFER_SIZE) logFlush();
}

function putByte(byte: number): void {
  if (STATE.length === BUFFER_SIZE) logFlush();
  storeByte(STATE.buffer, STATE.length, byte);
  STATE.length += 1;
}

/** The UTF-8 bytes of s (a lone surrogate as U+FFFD). */
function putString(s: string): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    i += 1;
    if (c >= 0xd800 && c <= 0xdfff) {
      const low = i < n ? s.charCodeAt(i) : 0;
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i += 1;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x80) {
      putByte(c);
    } else if (c < 0x800) {
      putByte(0xc0 | (c >> 6));
      putByte(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      putByte(0xe0 | (c >> 12));
      putByte(0x80 | ((c >> 6) & 0x3f));
      putByte(0x80 | (c & 0x3f));
    } else {
      putByte(0xf0 | (c >> 18));
      putByte(0x80 | ((c >> 12) & 0x3f));
      putByte(0x80 | ((c >> 6) & 0x3f));
      putByte(0x80 | (c & 0x3f));
    }
  }
}

/** Reverses the buffer's bytes [from, STATE.length): digits are produced last first. */
function reverseTail(from: number): void {
  let lo = from;
  let hi = STATE.length - 1;
  while (lo < hi) {
    const t = loadByte(STATE.buffer, lo);
    storeByte(STATE.buffer, lo, loadByte(STATE.buffer, hi));
    storeByte(STATE.buffer, hi, t);
    lo += 1;
    hi -= 1;
  }
}

/** The digits of the integer 0 <= n < 2^53 in radix 10 or 16, at least minDigits of them (zero-padded). */
function putUnsigned(n: number, radix: number, minDigits: number): void {
  ensureRoom(NUMBER_ROOM);
  const from = STATE.length;
  let v = n;
  let count = 0;
  while (v > 0 || count < minDigits || count === 0) {
    // v / radix is at least 1/radix away from the next integer and its rounding error far smaller.
    const q = Math.floor(v / radix);
    putByte(HEX_DIGITS.charCodeAt(v - q * radix));
    v = q;
    count += 1;
  }
  reverseTail(from);
}

/** The time stamp now: nanoseconds since the log was opened, never less than the last one. */
function takeStamp(): number {
  const nanoseconds = (osClock(CLOCK_MONOTONIC) - STATE.clockStart) * 1e9;
  // Past 2^53 ns (104 days) the stamp stays put rather than leave the exact integers.
  if (nanoseconds < TWO_53) {
    const stamp = Math.floor(nanoseconds);
    if (stamp > STATE.lastStamp) STATE.lastStamp = stamp;
  }
  return STATE.lastStamp;
}

/** Writes "[stamp] " with the stamp now; returns the stamp. */
function putTimestamp(): number {
  const stamp = takeStamp();
  putByte(CHAR_OPEN_BRACKET);
  putUnsigned(stamp, 16, 1);
  putByte(CHAR_CLOSE_BRACKET);
  putByte(CHAR_SPACE);
  return stamp;
}

/** Whether the innermost open section writes its text. */
function textEnabled(): boolean {
  return STATE.fd !== NO_FD && STATE.textBits % 2 === 1;
}

/**
 * Opens a section before the work it times: "[ts] {category" now, when it is logged. Returns
 * whether its text is written (the caller gathers its numbers only then). Each logStart needs
 * its logStop, whatever it returned. Costs two comparisons when nothing is logged.
 */
export function logStart(category: string): boolean {
  if (STATE.opened === 0) openLog();
  if (STATE.fd === NO_FD) return false;
  STATE.depth += 1;
  if (STATE.depth > MAX_DEPTH) return false;
  const logged = STATE.profile === 1 || matchesCategories(category);
  const text = logged && STATE.profile === 0;
  STATE.textBits = STATE.textBits * 2 + (text ? 1 : 0);
  if (!logged) return false;
  // A flush of a full buffer happens now, not between the stamp and the work it times.
  ensureRoom(NUMBER_ROOM + category.length * 3);
  const stamp = putTimestamp();
  storeWord(STATE.buffer + BUFFER_SIZE, (STATE.depth - 1) * 8, stamp);
  putByte(CHAR_OPEN_BRACE);
  putString(category);
  putByte(CHAR_NEWLINE);
  return text;
}

/**
 * Seconds since the innermost open section's start stamp, inside a logged section (0 outside
 * one): the time its work took, in the same clock and units as the stamps.
 */
export function logElapsed(): number {
  if (!textEnabled() || STATE.depth > MAX_DEPTH) return 0.0;
  const start = loadWord(STATE.buffer + BUFFER_SIZE, (STATE.depth - 1) * 8);
  return (takeStamp() - start) / 1e9;
}

/** Closes the innermost section: "[ts] category}" when it is logged. */
export function logStop(category: string): void {
  if (STATE.fd === NO_FD || STATE.depth === 0) return;
  STATE.depth -= 1;
  if (STATE.depth >= MAX_DEPTH) return;
  const text = STATE.textBits % 2;
  STATE.textBits = Math.floor(STATE.textBits / 2);
  if (text === 0 && STATE.profile === 0) return;
  putTimestamp();
  putString(category);
  putByte(CHAR_CLOSE_BRACE);
  putByte(CHAR_NEWLINE);
}

/** Constant text, inside a logged section. */
export function logText(s: string): void {
  if (textEnabled()) putString(s);
}

/** An integer in decimal, inside a logged section. */
export function logInt(n: number): void {
  if (!textEnabled()) return;
  if (n < 0) {
    putByte(CHAR_MINUS);
    putUnsigned(-n, 10, 1);
  } else {
    putUnsigned(n, 10, 1);
  }
}

/**
 * A number with 6 decimals ("0.000123", "-2.500000"), inside a logged section: seconds, ratios.
 * From 2^53 millionths on (about 9e9), "d.dddddde+NN"; "nan" and "inf" for those.
 */
export function logFloat(x: number): void {
  if (!textEnabled()) return;
  if (x !== x) {
    putString("nan");
    return;
  }
  let v = x;
  if (v < 0) {
    putByte(CHAR_MINUS);
    v = -v;
  }
  if (v > MAX_FINITE) {
    putString("inf");
    return;
  }
  if (v * 1e6 < TWO_53) {
    putFixed6(v);
    return;
  }
  let exponent = 0;
  while (v >= 10) {
    v /= 10;
    exponent += 1;
  }
  putFixed6(v);
  putString("e+");
  putUnsigned(exponent, 10, 2);
}

/** 0 <= v < 2^53 / 1e6 with 6 decimals, rounded half up. */
function putFixed6(v: number): void {
  const millionths = Math.round(v * 1e6);
  let whole = Math.floor(millionths / 1000000);
  let fraction = millionths - whole * 1000000;
  // The quotient may round up to the next integer near 2^53 / 1e6.
  if (fraction < 0) {
    whole -= 1;
    fraction += 1000000;
  }
  putUnsigned(whole, 10, 1);
  putByte(CHAR_DOT);
  putUnsigned(fraction, 10, 6);
}

/** Ends a text line, inside a logged section. */
export function logNewline(): void {
  if (textEnabled()) putByte(CHAR_NEWLINE);
}

/**
 * Untranslated only (tests): forgets the log, so that the next logEnabled reads RTSLOG again.
 * Unflushed bytes are dropped (the buffer may be gone with resetSimulatedMemory()); a log file
 * is closed.
 */
export function logReset(): void {
  if (STATE.fd > STDERR) osClose(STATE.fd);
  STATE.opened = 0;
  STATE.fd = NO_FD;
  STATE.profile = 0;
  STATE.createFailed = 0;
  STATE.categories = 0;
  STATE.categoriesLength = 0;
  STATE.buffer = 0;
  STATE.length = 0;
  STATE.depth = 0;
  STATE.textBits = 0;
  STATE.clockStart = 0.0;
  STATE.lastStamp = 0;
}
