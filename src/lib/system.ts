/**
 * The system primitives ("rts/system"): the few operations the runtime written in RTS
 * (src/rtyper/helpers) needs from below, as RPython's ll helpers use rffi and llop. Untranslated
 * they run on Node (so the helpers are tested as plain TypeScript); the translator lowers each
 * call to one LL operation (`os_write`, `str_from_units`, ...), which the LL interpreter and each
 * backend implement (the backends as Linux system calls).
 *
 * Interpreters written in RTS do not import this module: they use console.log,
 * process.stdout.write and readFileSync, which the rtyper lowers to the runtime built on these.
 */

import { closeSync, openSync, readSync, writeSync } from "node:fs";

/** write(2): writes bytes [start, start + length) of buf to fd; returns the count written, or -errno. */
export function osWrite(fd: number, buf: Uint8Array, start: number, length: number): number {
  try {
    return writeSync(fd, buf, start, length);
  } catch (error) {
    return errnoOf(error);
  }
}

/** read(2) into bytes [start, start + length) of buf; returns the count read (0 at end of file), or -errno. */
export function osRead(fd: number, buf: Uint8Array, start: number, length: number): number {
  try {
    return readSync(fd, buf, start, length, null);
  } catch (error) {
    return errnoOf(error);
  }
}

/** open(2) for reading of the file named by the bytes of path up to its first 0; returns the fd, or -errno. */
export function osOpenRead(path: Uint8Array): number {
  let end = 0;
  while (end < path.length && path[end] !== 0) end++;
  try {
    return openSync(Buffer.from(path.subarray(0, end)), "r");
  } catch (error) {
    return errnoOf(error);
  }
}

/** close(2). */
export function osClose(fd: number): number {
  try {
    closeSync(fd);
    return 0;
  } catch (error) {
    return errnoOf(error);
  }
}

/** exit_group(2): ends the process at once (the runtime flushes its buffers first). */
export function osExit(status: number): void {
  process.exit(status);
}

/** clock_gettime(2) in seconds: the monotonic clock, or with realtime the time since 1970. */
export function osClock(realtime: boolean): number {
  if (realtime) return Date.now() / 1000;
  return Number(process.hrtime.bigint()) / 1e9;
}

/** A new string of the UTF-16 code units [start, end) of units. */
export function strFromUnits(units: Uint16Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i += 4096) s += String.fromCharCode(...units.subarray(i, Math.min(end, i + 4096)));
  return s;
}

function errnoOf(error: unknown): number {
  const errno = (error as { errno?: unknown }).errno;
  return typeof errno === "number" ? -Math.abs(errno) : -5; // EIO when Node does not say
}
