/**
 * Printing a stack trace in a translated program (src/rtyper/stack-trace.ts): the sites of a
 * trace, return addresses, looked up in the table the code generator wrote
 * (src/backend-x86/codegen/trace-table.ts, its address in the collector's shared block), each
 * row's frames written to standard error as they are stored (the text `    at name
 * (file:line:col)\n`, as stack-frames.ts formats it for `rts run` and the LL interpreter).
 * Allocates nothing, so that an out-of-memory stop can use it.
 */

import { gcShared, loadWord, osWriteRaw } from "rts/system";

/** The shared block's word holding the table's address (src/runtime/gc/layout.ts SHARED_TRACE_TABLE). */
const SHARED_TRACE_TABLE = 64;
/** How many frames a trace shows at most (src/frontend/stack-frames.ts SHOWN_FRAMES). */
export const SHOWN_FRAMES = 10;
const STDERR = 2;
const ROW_BYTES = 24;
const FRAME_BYTES = 16;

/** Writes the frames of the trace's sites (until a site 0) to standard error; returns how many it wrote. */
export function writeStackTrace(trace: Int32Array): number {
  return writeStackTraceFrom(trace, 0, 0);
}

/**
 * Writes the frames of the trace's sites from site `first` on, after `before` frames something
 * else wrote (the JIT's, jit-native.ts: all count towards SHOWN_FRAMES); returns how many frames
 * there are now.
 */
export function writeStackTraceFrom(trace: Int32Array, first: number, before: number): number {
  const table = loadWord(gcShared(), SHARED_TRACE_TABLE);
  if (table === 0) return before;
  const count = loadWord(table, 0);
  const frames = table + 8 + ROW_BYTES * count;
  let shown = before;
  for (let i = first; i < trace.length && shown < SHOWN_FRAMES; i++) {
    const site = trace[i]!;
    if (site === 0) break;
    const row = findRow(table, count, site);
    if (row < 0) continue;
    const first = loadWord(table + 8 + ROW_BYTES * row, 8);
    const n = loadWord(table + 8 + ROW_BYTES * row, 16);
    for (let f = first; f < first + n && shown < SHOWN_FRAMES; f++) {
      osWriteRaw(STDERR, loadWord(frames + FRAME_BYTES * f, 0), loadWord(frames + FRAME_BYTES * f, 8));
      shown++;
    }
  }
  return shown;
}

/** The row of the table whose return address is site (rows are sorted by it), or -1. */
function findRow(table: number, count: number, site: number): number {
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const address = loadWord(table + 8 + ROW_BYTES * middle, 0);
    if (address === site) return middle;
    if (address < site) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
