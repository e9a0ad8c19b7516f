/**
 * The collector's memory from the system (RTS), and what happens when there is no more. Every
 * mapping the collector makes (nursery, arenas, large objects with their cards, the class table,
 * the address stacks) goes through gcMap and gcUnmap, which count the bytes, so that RTS_GC_MAX
 * is a cap on what the collector really holds rather than on the bytes of live objects: the
 * process's peak RSS stays under it. The shadow stack is not counted (it is mapped large and
 * only its touched pages cost anything).
 *
 * Out of memory there is no way to go on (the collector cannot throw, and the program's
 * allocation cannot fail): the process stops with the status of a fatal error, after the
 * program's buffered output, with a message naming the cause. The message is built in a
 * prebuilt byte array (digits included), since nothing may be allocated here.
 */

import { osExit, osMmap, osMunmap, osWrite, stackTrace } from "rts/system";
import { flushAll } from "../io.js";
import { writeStackTrace } from "../stack-trace.js";

/** Exit status of a fatal error (as run-llinterp.ts FATAL_EXIT_STATUS). */
const OUT_OF_MEMORY_EXIT_STATUS = 70;
const STDERR = 2;
/**
 * Bytes of the limit left for what the collector does not map: the executable, the machine
 * stack, the touched part of the shadow stack, the log's buffer. An eighth of the limit for
 * small limits (tests), so that something is left for the heap.
 */
const PROCESS_RESERVE = 1024 * 1024;
const CHAR_0 = 48;

class MemoryState {
  /** Bytes the collector has mapped and not unmapped. */
  mapped: number;
  /** RTS_GC_MAX in bytes (0: no limit), and what of it the collector's mappings may take. */
  limit: number;
  budget: number;
  /** Calls of gcMap that mapped memory, since the start (the log's, and tests': mmap calls cost system time and page faults). */
  mapCalls: number;
  constructor() {
    this.mapped = 0;
    this.limit = 0;
    this.budget = 0;
    this.mapCalls = 0;
  }
}

const MEMORY = new MemoryState();
/** The message being written (the longest is under 120 bytes). */
const MESSAGE = new Uint8Array(160);
/** The stack trace of the allocation that failed: the collector's own frames come first (and are not shown), so more sites than an error's. */
const TRACE = new Int32Array(40);

/** Sets the limit (RTS_GC_MAX in bytes; 0: none). Called by gcInit before its first mapping. */
export function memorySetLimit(limit: number): void {
  MEMORY.limit = limit;
  if (limit <= 0) {
    MEMORY.budget = 0;
    return;
  }
  const eighth = Math.floor(limit / 8);
  MEMORY.budget = limit - (eighth < PROCESS_RESERVE ? eighth : PROCESS_RESERVE);
}

/** Whether RTS_GC_MAX is set. */
export function memoryLimited(): boolean {
  return MEMORY.limit > 0;
}

/** The bytes the collector's mappings may take in all (meaningful when memoryLimited()). */
export function memoryBudget(): number {
  return MEMORY.budget;
}

/** Bytes mapped by the collector now. */
export function memoryMapped(): number {
  return MEMORY.mapped;
}

/** How many mappings the collector has made since the start. */
export function memoryMapCalls(): number {
  return MEMORY.mapCalls;
}

/** Whether `bytes` more would take the collector's mappings past the budget. */
export function memoryWouldExceed(bytes: number): boolean {
  return MEMORY.limit > 0 && MEMORY.mapped + bytes > MEMORY.budget;
}

/**
 * Fresh zero-filled memory of `bytes` (page-aligned), counted. Past the budget, or when the
 * system refuses, the process stops with out of memory (the callers run inside collections and
 * stack pushes, where nothing can be freed first: the collector checks the budget itself at the
 * points where a collection could make room). Returns 0 only when the stop returned (tests).
 */
export function gcMap(bytes: number): number {
  if (memoryWouldExceed(bytes)) {
    gcOutOfMemoryLimit();
    return 0;
  }
  const address = osMmap(bytes);
  if (address < 0) {
    gcOutOfMemorySystem(bytes);
    return 0;
  }
  MEMORY.mapped += bytes;
  MEMORY.mapCalls += 1;
  return address;
}

/** Returns memory gcMap gave (the same `bytes`). */
export function gcUnmap(address: number, bytes: number): void {
  osMunmap(address, bytes);
  MEMORY.mapped -= bytes;
}

/** "fatal error: out of memory (the heap would grow past RTS_GC_MAX=N bytes)", exit status 70. */
export function gcOutOfMemoryLimit(): void {
  let at = putText(0, "fatal error: out of memory (the heap would grow past RTS_GC_MAX=");
  at = putDecimal(at, MEMORY.limit);
  at = putText(at, " bytes)\n");
  stop(at);
}

/** "fatal error: out of memory (the system refused N more bytes)", exit status 70. */
export function gcOutOfMemorySystem(bytes: number): void {
  let at = putText(0, "fatal error: out of memory (the system refused ");
  at = putDecimal(at, bytes);
  at = putText(at, " more bytes)\n");
  stop(at);
}

/** Flushes the program's output, writes the message's `length` bytes to standard error and exits; does not return when translated. */
function stop(length: number): void {
  flushAll();
  let done = 0;
  while (done < length) {
    const n = osWrite(STDERR, MESSAGE, done, length - done);
    if (n <= 0) break;
    done += n;
  }
  // The program's calls that allocated (translated: the frames of the table; untranslated, none).
  stackTrace(TRACE);
  writeStackTrace(TRACE);
  osExit(OUT_OF_MEMORY_EXIT_STATUS);
}

/** Copies the ASCII text s into the message at `at`; the position after it. */
function putText(at: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) MESSAGE[at + i] = s.charCodeAt(i);
  return at + n;
}

/** The decimal digits of 0 <= n < 2^53 at `at`, most significant first; the position after them. */
function putDecimal(at: number, n: number): number {
  let digits = 1;
  let scale = 1;
  while (scale <= Math.floor(n / 10)) {
    scale *= 10;
    digits += 1;
  }
  let rest = n;
  for (let i = 0; i < digits; i++) {
    const digit = Math.floor(rest / scale);
    MESSAGE[at + i] = CHAR_0 + digit;
    rest -= digit * scale;
    scale = Math.floor(scale / 10);
  }
  return at + digits;
}

/** Tests only, after resetSimulatedMemory: forgets the count and the limit. */
export function memoryReset(): void {
  MEMORY.mapped = 0;
  MEMORY.limit = 0;
  MEMORY.budget = 0;
  MEMORY.mapCalls = 0;
}
