/**
 * The JIT's log sections (RPython's rpython/jit/metainterp/logger.py and pyjitpl's tracing
 * messages), written through the runtime's log (RTSLOG, PyPy's PYPYLOG format, src/runtime/log.ts)
 * so that PyPy's log tools read them:
 *
 *     {jit-tracing                       one per trace being recorded (loop or bridge); holds the
 *     ~~~ ABORTING TRACING trace too long    abort message when it is abandoned, and nests the
 *     jit-tracing}                           sections below that are written meanwhile
 *     {jit-log-noopt                     the trace as recorded:
 *     # Traced loop or bridge with 12 ops
 *     [i0, p1]
 *     i2 = int_add(i0, 1)
 *     ...
 *     jit-log-noopt}
 *     {jit-log-opt-loop                  the optimized loop:
 *     # Loop 0 (count at 3) : loop with 9 ops
 *     [i0, p1]
 *     ...
 *     jit-log-opt-loop}
 *     {jit-log-opt-bridge                an optimized bridge:
 *     # bridge out of Guard 0x2a with 4 ops    (the guard shown descr=<Guard0x2a> in its trace)
 *     ...
 *     jit-log-opt-bridge}
 *     {jit-abort                         why a trace was abandoned, and where it started:
 *     ~~~ ABORTING TRACING trace too long at count at 3
 *     jit-abort}
 *     {jit-backend                       where the backend put a loop or bridge (PyPy's jit-backend-addr
 *     Loop 0 (count at 3) has address 0x7f.. to 0x7f..          header; the bytes in jit-backend-dump), or why
 *     bridge out of Guard 0x2a not compiled: call_i: ...        it did not compile it (the code it was
 *     jit-backend}                                              traced from runs there instead)
 *     {jit-backend-dump                  the bytes of each trace's code where the backend wrote them, and
 *     BACKEND x86_64                     of each patch of its jumps (PyPy's format: rts jitview
 *     CODE_DUMP @7f.. +0  554889E5..     disassembles them under the jit-backend header)
 *     jit-backend-dump}
 *     {jit-mem-collect                   at each check of loop_longevity (metainterp/memmgr.ts), as
 *     Current generation: 1032           RPython's: the loops there were, freed (with their families'
 *     Loop tokens before: 40             bridges) and left
 *     Loop tokens freed:  31
 *     Bridges freed:      12
 *     Loop tokens left:   9
 *     jit-mem-collect}
 *     {jit-backend-counts                at exit, written by a machine-code backend (trace-backend.ts
 *     entry 0:1234                       writeCounts): how often each loop and bridge was entered
 *     loop0-peeled:1000000               and each label passed
 *     bridge 42:17
 *     jit-backend-counts}
 *
 * The operations are the trace text of print-trace.ts (RPython's oparser text, which PyPy's
 * logparser reads). A trace backend that knows machine-code offsets gives them per operation
 * (`+123: i2 = int_add(i0, 1)` and `+456: --end of the loop--`); the trace interpreter has none.
 */

import { logFlush, logInt, logNewline, logStart, logStop, logText } from "../log.js";
import type { Trace } from "./history.js";
import { traceText } from "./print-trace.js";

// Why tracing stopped (jitprof.ts counts them; RPython's Counters names).
export const ABORT_TOO_LONG = 0;
export const ABORT_BRIDGE = 1;
export const ABORT_ESCAPE = 2;
export const ABORT_BAD_LOOP = 3;
export const ABORT_FORCE_QUASIIMMUT = 4;

/** The words PyPy's logs use for each abort reason. */
export const ABORT_NAMES: readonly string[] = ["trace too long", "compiling", "vable escape", "bad loop", "force quasi-immut"];

/** Opens the jit-tracing section of a trace about to be recorded; close it with tracingStop. */
export function tracingStart(): void {
  logStart("jit-tracing");
}

export function tracingStop(): void {
  logStop("jit-tracing");
  logFlush();
}

/** A check of loop_longevity: jit-mem-collect (see the header). */
export function logMemCollect(generation: number, before: number, freed: number, bridgesFreed: number, left: number): void {
  if (logStart("jit-mem-collect")) {
    memLine("Current generation: ", generation);
    memLine("Loop tokens before: ", before);
    memLine("Loop tokens freed:  ", freed);
    memLine("Bridges freed:      ", bridgesFreed);
    memLine("Loop tokens left:   ", left);
  }
  logStop("jit-mem-collect");
}

function memLine(label: string, value: number): void {
  logText(label);
  logInt(value);
  logNewline();
}

/** The trace as recorded: jit-log-noopt. */
export function logNoopt(trace: Trace): void {
  if (logStart("jit-log-noopt")) {
    logText("# Traced loop or bridge with ");
    logInt(trace.operations.length);
    logText(" ops");
    logNewline();
    logText(traceText(trace));
  }
  logStop("jit-log-noopt");
  logFlush();
}

/** An optimized loop: its number, its printable location (the greens' text) and its operations. */
export function logOptLoop(number: number, location: string, trace: Trace): void {
  if (logStart("jit-log-opt-loop")) {
    logText("# Loop ");
    logInt(number);
    logText(" (");
    logText(location);
    logText(") : loop with ");
    logInt(trace.operations.length);
    logText(" ops");
    logNewline();
    logText(traceText(trace));
  }
  logStop("jit-log-opt-loop");
  logFlush();
}

/**
 * How a guard's descriptor is shown in trace text: `<Guard0x2a>` for guard 42, PyPy's form. The
 * same hexadecimal number names the guard in the header of the bridge out of it
 * (`# bridge out of Guard 0x2a`), so that a reader (and rts jitview) links the two.
 */
export function guardDescrName(index: number): string {
  return "<Guard0x" + hex(index) + ">";
}

/** An optimized bridge, out of the guard numbered guard (guardDescrName's number). */
export function logOptBridge(guard: number, trace: Trace): void {
  if (logStart("jit-log-opt-bridge")) {
    logText("# bridge out of Guard 0x");
    logText(hex(guard));
    logText(" with ");
    logInt(trace.operations.length);
    logText(" ops");
    logNewline();
    logText(traceText(trace));
  }
  logStop("jit-log-opt-bridge");
  logFlush();
}

/** A trace abandoned: the reason (ABORT_*) and where tracing started; also the line in the enclosing jit-tracing. */
export function logAbort(reason: number, location: string): void {
  if (logStart("jit-abort")) abortLine(reason, location);
  logStop("jit-abort");
  abortLine(reason, location);
  logFlush();
}

function abortLine(reason: number, location: string): void {
  logText("~~~ ABORTING TRACING ");
  logText(ABORT_NAMES[reason]!);
  if (location !== "") {
    logText(" at ");
    logText(location);
  }
  logNewline();
}

/**
 * Where the backend put a compiled loop (jit-backend), or why it did not: `Loop N (location) has
 * address 0x.. to 0x..`, or `Loop N (location) not compiled: REASON` (the warm runner dropped it:
 * the code it was traced from runs there instead).
 */
export function logBackendLoop(number: number, location: string, address: number, size: number, refusal: string): void {
  if (logStart("jit-backend")) {
    logText("Loop ");
    logInt(number);
    logText(" (");
    logText(location);
    logText(")");
    backendPlace(address, size, refusal);
  }
  logStop("jit-backend");
  logFlush();
}

/** The same for the bridge out of the guard numbered guard (guardDescrName's number). */
export function logBackendBridge(guard: number, address: number, size: number, refusal: string): void {
  if (logStart("jit-backend")) {
    logText("bridge out of Guard 0x");
    logText(hex(guard));
    backendPlace(address, size, refusal);
  }
  logStop("jit-backend");
  logFlush();
}

function backendPlace(address: number, size: number, refusal: string): void {
  if (refusal === "") {
    logText(" has address 0x");
    logText(hex(address));
    logText(" to 0x");
    logText(hex(address + size));
  } else {
    logText(" not compiled: ");
    logText(refusal);
  }
  logNewline();
}

const HEX_DIGITS = "0123456789abcdef";
const HEX_UPPER = "0123456789ABCDEF";

/**
 * jit-backend-dump (PyPy's, which its viewers disassemble): machine code's bytes where they were
 * written, `CODE_DUMP @ADDRESS +0  BYTES` (two uppercase hexadecimal digits a byte), for a new
 * trace and for each patch of a linked jump (later dumps overwrite earlier ones).
 */
export function logCodeDump(address: number, code: Uint8Array, length: number): void {
  if (logStart("jit-backend-dump")) {
    logText("BACKEND x86_64");
    logNewline();
    logText("CODE_DUMP @");
    logText(hex(address));
    logText(" +0  ");
    for (let i = 0; i < length; i++) {
      const b = code[i]!;
      logText(HEX_UPPER.charAt(b >> 4));
      logText(HEX_UPPER.charAt(b & 15));
    }
    logNewline();
  }
  logStop("jit-backend-dump");
  logFlush();
}

/** n (>= 0) in lowercase hexadecimal. */
export function hex(n: number): string {
  if (n < 16) return HEX_DIGITS.charAt(n);
  return hex(Math.floor(n / 16)) + HEX_DIGITS.charAt(n % 16);
}
