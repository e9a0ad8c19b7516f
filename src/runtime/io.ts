/**
 * The runtime's input and output, written in RTS on the system primitives ("rts/system"):
 * what console.log, process.stdout.write, rts.writeByte, rts.readByte and readFileSync become
 * in a translated program. Standard output is buffered and flushed when full and at exit (as
 * Node's writes to a file or pipe all arrive before the process ends); standard error is
 * flushed after every write, so that messages appear in order with a crash. Strings are written
 * as UTF-8, a lone surrogate as U+FFFD, as Node writes them.
 */

import { CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_REALTIME, osClock, osClose, osExit, osOpenRead, osRead, osWrite, strFromUnits } from "rts/system";

const BUFFER_SIZE = 8192;

class OutputBuffer {
  fd: number;
  bytes: Uint8Array;
  length: number;
  constructor(fd: number) {
    this.fd = fd;
    this.bytes = new Uint8Array(BUFFER_SIZE);
    this.length = 0;
  }
}

class InputBuffer {
  bytes: Uint8Array;
  start: number;
  end: number;
  constructor() {
    this.bytes = new Uint8Array(BUFFER_SIZE);
    this.start = 0;
    this.end = 0;
  }
}

const STDOUT = new OutputBuffer(1);
const STDERR = new OutputBuffer(2);
const STDIN = new InputBuffer();

/** The exit status of a program whose output cannot be written (sysexits' EX_IOERR), translated or not. */
const OUTPUT_ERROR_STATUS = 74;
const EINTR = 4;
const EAGAIN = 11;

function flush(out: OutputBuffer): void {
  let done = 0;
  while (done < out.length) {
    const n = osWrite(out.fd, out.bytes, done, out.length - done);
    if (n === -EINTR || n === -EAGAIN) continue;
    if (n < 0) {
      out.length = 0;
      outputFailed(out.fd, -n);
      return;
    }
    if (n === 0) break;
    done += n;
  }
  out.length = 0;
}

/** The name Node gives a write's errno. */
function writeErrorCode(errno: number): string {
  if (errno === 5) return "EIO";
  if (errno === 9) return "EBADF";
  if (errno === 27) return "EFBIG";
  if (errno === 28) return "ENOSPC";
  if (errno === 32) return "EPIPE";
  if (errno === 122) return "EDQUOT";
  return "errno " + String(errno);
}

/**
 * A write to standard output or error failed (a full device, a closed pipe): the output is lost,
 * so the program ends, with a message on standard error when that is not what failed (as `rts
 * run` does, src/cli/run.ts).
 */
function outputFailed(fd: number, errno: number): void {
  if (fd === 1) {
    // Written directly, not through putString and flush: those call this function, and a cycle
    // would put stack checks into every putByte. The message is ASCII; a failure here is ignored.
    const message = "error: cannot write to standard output (" + writeErrorCode(errno) + ")\n";
    const bytes = new Uint8Array(message.length);
    for (let i = 0; i < message.length; i++) bytes[i] = message.charCodeAt(i);
    flushNow(STDERR);
    osWrite(2, bytes, 0, bytes.length);
  }
  osExit(OUTPUT_ERROR_STATUS);
}

/** Writes what out holds, once, ignoring failures (standard error before the message above). */
function flushNow(out: OutputBuffer): void {
  if (out.length > 0) osWrite(out.fd, out.bytes, 0, out.length);
  out.length = 0;
}

function putByte(out: OutputBuffer, byte: number): void {
  if (out.length === BUFFER_SIZE) flush(out);
  out.bytes[out.length] = byte;
  out.length += 1;
}

function putString(out: OutputBuffer, s: string): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    i += 1;
    if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate pair is one code point; a lone surrogate becomes U+FFFD.
      if (c <= 0xdbff && i < n) {
        const low = s.charCodeAt(i);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i += 1;
        } else {
          c = 0xfffd;
        }
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x80) {
      putByte(out, c);
    } else if (c < 0x800) {
      putByte(out, 0xc0 | (c >> 6));
      putByte(out, 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      putByte(out, 0xe0 | (c >> 12));
      putByte(out, 0x80 | ((c >> 6) & 0x3f));
      putByte(out, 0x80 | (c & 0x3f));
    } else {
      putByte(out, 0xf0 | (c >> 18));
      putByte(out, 0x80 | ((c >> 12) & 0x3f));
      putByte(out, 0x80 | ((c >> 6) & 0x3f));
      putByte(out, 0x80 | (c & 0x3f));
    }
  }
}

/** process.stdout.write(s) */
export function writeStdout(s: string): void {
  putString(STDOUT, s);
}

/** process.stderr.write(s); standard output is flushed first, so that the two keep their order on a terminal. */
export function writeStderr(s: string): void {
  flush(STDOUT);
  putString(STDERR, s);
  flush(STDERR);
}

/** rts.writeByte(b) */
export function writeByteStdout(byte: number): void {
  putByte(STDOUT, byte & 0xff);
}

/** rts.writeBytes(bytes, start, end) */
export function writeBytesStdout(bytes: Uint8Array, start: number, end: number): void {
  for (let i = start; i < end; i++) putByte(STDOUT, bytes[i]!);
}

/** Flushes standard output and error: at the end of main, at process.exit and after an uncaught exception. */
export function flushAll(): void {
  flush(STDOUT);
  flush(STDERR);
}

/** process.exit(status) */
export function exitProcess(status: number): void {
  flushAll();
  osExit(status);
}

/** rts.readByte(): the next byte of standard input, or -1 at its end. */
export function readByteStdin(): number {
  if (STDIN.start === STDIN.end) {
    const n = osRead(0, STDIN.bytes, 0, BUFFER_SIZE);
    if (n <= 0) return -1;
    STDIN.start = 0;
    STDIN.end = n;
  }
  const byte = STDIN.bytes[STDIN.start]!;
  STDIN.start += 1;
  return byte;
}

/** performance.now(): milliseconds on the monotonic clock (only differences mean anything, as on Node). */
export function nowMillis(): number {
  return osClock(CLOCK_MONOTONIC) * 1000;
}

/** rts's cpuTime(): the processor time the process used, user and system, in seconds (C's clock() / CLOCKS_PER_SEC). */
export function cpuTimeSeconds(): number {
  return osClock(CLOCK_PROCESS_CPUTIME_ID);
}

/** Date.now(): milliseconds since 1970. */
export function dateNow(): number {
  return Math.floor(osClock(CLOCK_REALTIME) * 1000);
}

/** The error message Node gives for a failed open or read of path. */
function fileErrorMessage(errno: number, syscall: string, path: string): string {
  if (errno === 2) return "ENOENT: no such file or directory, " + syscall + " '" + path + "'";
  if (errno === 13) return "EACCES: permission denied, " + syscall + " '" + path + "'";
  if (errno === 21) return "EISDIR: illegal operation on a directory, read";
  if (errno === 20) return "ENOTDIR: not a directory, " + syscall + " '" + path + "'";
  return "EIO: i/o error, " + syscall + " '" + path + "'";
}

/** The UTF-8 bytes of s, then a 0 (a path for the system). */
function cString(s: string): Uint8Array {
  const out = new OutputBuffer(-1);
  out.bytes = new Uint8Array(s.length * 3 + 1);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out.bytes[out.length] = c;
      out.length += 1;
    } else if (c < 0x800) {
      out.bytes[out.length] = 0xc0 | (c >> 6);
      out.bytes[out.length + 1] = 0x80 | (c & 0x3f);
      out.length += 2;
    } else {
      out.bytes[out.length] = 0xe0 | (c >> 12);
      out.bytes[out.length + 1] = 0x80 | ((c >> 6) & 0x3f);
      out.bytes[out.length + 2] = 0x80 | (c & 0x3f);
      out.length += 3;
    }
  }
  return out.bytes;
}

/** readFileSync(path, "utf8"): the file's bytes decoded as UTF-8 (an invalid sequence as U+FFFD, as Node decodes). */
export function readFileUtf8(path: string): string {
  const fd = osOpenRead(cString(path));
  if (fd < 0) throw new Error(fileErrorMessage(-fd, "open", path));
  let bytes = new Uint8Array(BUFFER_SIZE);
  let length = 0;
  for (;;) {
    if (length === bytes.length) {
      const grown = new Uint8Array(bytes.length * 2);
      for (let i = 0; i < length; i++) grown[i] = bytes[i]!;
      bytes = grown;
    }
    const n = osRead(fd, bytes, length, bytes.length - length);
    if (n < 0) {
      osClose(fd);
      throw new Error(fileErrorMessage(-n, "read", path));
    }
    if (n === 0) break;
    length += n;
  }
  osClose(fd);
  return decodeUtf8(bytes, length);
}

/** The UTF-16 string of UTF-8 bytes[0, length), each maximal invalid subsequence as U+FFFD (the WHATWG decoder). */
export function decodeUtf8(bytes: Uint8Array, length: number): string {
  const units = new Uint16Array(length + 1);
  let n = 0;
  let i = 0;
  while (i < length) {
    const b = bytes[i]!;
    i += 1;
    if (b < 0x80) {
      units[n] = b;
      n += 1;
      continue;
    }
    let need = 0;
    let cp = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else {
      units[n] = 0xfffd;
      n += 1;
      continue;
    }
    let ok = true;
    while (need > 0) {
      if (i >= length) {
        ok = false;
        break;
      }
      const next = bytes[i]!;
      if (next < lower || next > upper) {
        ok = false;
        break;
      }
      lower = 0x80;
      upper = 0xbf;
      cp = (cp << 6) | (next & 0x3f);
      i += 1;
      need -= 1;
    }
    if (!ok) {
      units[n] = 0xfffd;
      n += 1;
    } else if (cp >= 0x10000) {
      cp -= 0x10000;
      units[n] = 0xd800 + (cp >> 10);
      units[n + 1] = 0xdc00 + (cp & 0x3ff);
      n += 2;
    } else {
      units[n] = cp;
      n += 1;
    }
  }
  return strFromUnits(units, 0, n);
}
