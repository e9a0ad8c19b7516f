/**
 * The runtime's settings from the environment, checked at start (RTS, translated into every
 * binary; gcInit calls checkRuntimeSettings before it reads any of them). A variable that is set
 * to a value its reader would not understand stops the program at once, with status 2 and a
 * message naming the variable and the forms it takes, rather than being silently ignored (a
 * typo in RTS_GC_NURSERY would otherwise run the program with the default nursery and nobody
 * would know). `rts run` (on Node and with --llinterp) runs the same check on Node's environment
 * before the program starts (src/cli/settings.ts), so all three ways of running a
 * program accept and refuse the same values.
 *
 * SETTINGS is the list of every variable the runtime reads: a new setting (the JIT's) is a new
 * line there, with the kind of value its reader parses. An empty value counts as unset, as for
 * RTSLOG. Nothing here allocates a GC object: the collector is not started yet; the message is
 * built in a prebuilt byte array.
 */

import { loadByte, osExit, osWrite } from "rts/system";
import { envValue, parseFactor, parseSize } from "./env.js";
import { logCannotCreate } from "./log.js";
import { JIT_PARAMS_FORMS, ParamText, parseJitParams } from "../lib/jit-params.js";

/** Exit status of a program stopped by a bad setting (as a bad command line). */
const BAD_SETTING_EXIT_STATUS = 2;
const STDERR = 2;
/** Bytes of a value shown in the message; a longer one is cut, with "...". */
const MAX_SHOWN_VALUE = 200;

/** The kinds of value, each with its parser in env.ts. */
const SIZE = 0; // parseSize: bytes, with K, M, G suffixes
const FACTOR = 1; // parseFactor, at least 1
const FLAG = 2; // 0 or 1 (envFlag)
const LOG = 3; // RTSLOG (log.ts)
const JIT = 4; // RTS_JIT (src/lib/jit-params.ts)

const CHAR_0 = 48;
const CHAR_1 = 49;
const CHAR_9 = 57;
const CHAR_COLON = 58;
const CHAR_COMMA = 44;
const CHAR_PLUS = 43;
const CHAR_MINUS = 45;
const CHAR_UNDERSCORE = 95;
const CHAR_NEWLINE = 10;
const ASCII_LOWER = 32;
const CHAR_LOWER_A = 97;
const CHAR_LOWER_Z = 122;

class Setting {
  name: string;
  kind: number;
  /** What the message says the variable takes. */
  forms: string;
  constructor(name: string, kind: number, forms: string) {
    this.name = name;
    this.kind = kind;
    this.forms = forms;
  }
}

const SIZE_FORMS = "a size in bytes, such as 4194304, 512KB, 4MB or 1.5GB (K, M and G are powers of 1024; the B is optional)";

/** Every environment variable the runtime reads. */
const SETTINGS: Setting[] = [
  new Setting("RTS_GC_NURSERY", SIZE, SIZE_FORMS),
  new Setting("RTS_GC_MAX", SIZE, SIZE_FORMS),
  new Setting("RTS_GC_MAJOR_COLLECT", FACTOR, "a decimal number of at least 1, such as 1.82 or 2"),
  new Setting("RTS_GC_STRESS", FLAG, "0 or 1"),
  new Setting(
    "RTSLOG",
    LOG,
    "categories:path, such as gc-minor,gc-major:gc.log or gc:- (standard error), or a path alone (the start and stop of every section); categories are made of letters, digits, - and _, separated by commas",
  ),
  // Checked in every program, with the JIT or without, so that a typo is found the same way in
  // every mode; a program without the JIT then ignores it.
  new Setting("RTS_JIT", JIT, JIT_PARAMS_FORMS),
  // a binary's JIT writes /tmp/perf-PID.map for Linux perf (src/runtime/jit/perf-map.ts)
  new Setting("RTS_PERF_MAP", FLAG, "0 or 1"),
];

/** Prebuilt: the check runs before the collector exists, so it allocates nothing; the value's address is set before each read. */
const ENV_TEXT = new ParamText("", 0);

/** The message being written. */
const MESSAGE = new Uint8Array(1024);

/** Stops the program (status 2) at the first setting whose value is malformed; returns when all are good. */
export function checkRuntimeSettings(): void {
  for (let i = 0; i < SETTINGS.length; i++) {
    const setting = SETTINGS[i]!;
    const value = envValue(setting.name);
    if (value === 0 || loadByte(value, 0) === 0) continue;
    if (!wellFormed(setting.kind, value)) {
      refuse(setting.name, value, "expected ", setting.forms);
      return;
    }
    if (setting.kind === LOG && logCannotCreate()) {
      refuse(setting.name, value, "cannot create the log file", "");
      return;
    }
  }
}

function wellFormed(kind: number, value: number): boolean {
  if (kind === SIZE) return parseSize(value) >= 0;
  if (kind === FACTOR) return parseFactor(value) >= 1;
  if (kind === FLAG) return (loadByte(value, 0) === CHAR_0 || loadByte(value, 0) === CHAR_1) && loadByte(value, 1) === 0;
  if (kind === JIT) {
    ENV_TEXT.address = value;
    return parseJitParams(ENV_TEXT, null) < 0;
  }
  return logWellFormed(value);
}

/** RTSLOG: what log.ts openLog reads; the categories before the first colon are names. */
function logWellFormed(value: number): boolean {
  if (loadByte(value, 0) === CHAR_PLUS) return true; // "+path": a path, whatever it holds
  let end = 0;
  while (loadByte(value, end) !== 0 && loadByte(value, end) !== CHAR_COLON) end++;
  if (loadByte(value, end) === 0) return true; // no colon: a path
  for (let i = 0; i < end; i++) {
    const c = loadByte(value, i);
    const lower = c | ASCII_LOWER;
    const letter = lower >= CHAR_LOWER_A && lower <= CHAR_LOWER_Z;
    const digit = c >= CHAR_0 && c <= CHAR_9;
    if (!letter && !digit && c !== CHAR_MINUS && c !== CHAR_UNDERSCORE && c !== CHAR_COMMA) return false;
  }
  return true;
}

/** "error: invalid NAME=value: <why><forms>" on standard error, exit status 2; returns only untranslated, in tests that catch the exit. */
function refuse(name: string, value: number, why: string, forms: string): void {
  let at = putText(0, "error: invalid ");
  at = putText(at, name);
  at = putText(at, "=");
  let n = 0;
  while (loadByte(value, n) !== 0 && n < MAX_SHOWN_VALUE) {
    MESSAGE[at] = loadByte(value, n);
    at += 1;
    n += 1;
  }
  if (loadByte(value, n) !== 0) at = putText(at, "...");
  at = putText(at, ": ");
  at = putText(at, why);
  at = putText(at, forms);
  MESSAGE[at] = CHAR_NEWLINE;
  at += 1;
  let done = 0;
  while (done < at) {
    const written = osWrite(STDERR, MESSAGE, done, at - done);
    if (written <= 0) break;
    done += written;
  }
  osExit(BAD_SETTING_EXIT_STATUS);
}

/** Copies the ASCII text s into the message at `at`; the position after it. */
function putText(at: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) MESSAGE[at + i] = s.charCodeAt(i);
  return at + n;
}
