/**
 * The stack-trace table of a translated program (src/rtyper/stack-trace.ts), for every target:
 * the rows from return addresses to the frames each call shows, which the runtime's printer
 * (src/runtime/stack-trace.ts) reads. A target records every call it emits (`CallSite`) and
 * captures return addresses by its own routine; this file writes the table.
 *
 * Every call the code generator emits records its site: the return address (the text offset
 * after the call), the graph and the LL position of the operation (with its inlining chain).
 * The table, in .rodata, its address in the collector's shared block (SHARED_TRACE_TABLE):
 *
 *     [0]                     count: the number of rows
 *     [8 + 24 k]              row k, by increasing return address: return address,
 *                             index of its first frame, number of frames
 *     [8 + 24 count + 16 f]   frame f: address and length of its text (`    at name (file:line:col)\n`, UTF-8)
 *
 * Calls whose site shows no frame (the toolchain's own code) have no row: an address the table
 * does not hold shows nothing.
 */

import { formatFrame } from "../frontend/stack-frames.js";
import type { LLGraph, LLPos } from "../llir/llgraph.js";
import { siteFrames } from "../rtyper/stack-trace.js";
import type { ProgramData } from "./data-image.js";

/** A call in the code: the offset of its return address in the text, and what it was at. */
export interface CallSite {
  readonly returnOffset: number;
  readonly graph: LLGraph;
  readonly pos: LLPos | undefined;
}

/** Writes the table into .rodata (relocations to the text for the return addresses); returns its offset. */
export function writeTraceTable(data: ProgramData, sites: readonly CallSite[]): number {
  const rows = sites
    .map((s) => ({ offset: s.returnOffset, frames: siteFrames(s.graph, s.pos).map((f) => Buffer.from(formatFrame(f) + "\n", "utf8")) }))
    .filter((r) => r.frames.length > 0)
    .sort((a, b) => a.offset - b.offset);
  const frameCount = rows.reduce((n, r) => n + r.frames.length, 0);
  const table = data.rodata.reserve(8 + 24 * rows.length + 16 * frameCount, 8);
  const framesAt = table + 8 + 24 * rows.length;
  data.rodata.view().setBigInt64(table, BigInt(rows.length), true);
  let frame = 0;
  rows.forEach((row, k) => {
    const at = table + 8 + 24 * k;
    data.rodata.view().setBigInt64(at + 8, BigInt(frame), true);
    data.rodata.view().setBigInt64(at + 16, BigInt(row.frames.length), true);
    data.relocations.push({ section: "rodata", offset: at, targetSection: "text", targetOffset: row.offset });
    for (const text of row.frames) {
      const textAt = data.rodata.reserve(text.length, 1);
      data.rodata.bytes.set(text, textAt);
      const entry = framesAt + 16 * frame;
      data.rodata.view().setBigInt64(entry + 8, BigInt(text.length), true);
      data.relocations.push({ section: "rodata", offset: entry, targetSection: "rodata", targetOffset: textAt });
      frame++;
    }
  });
  return table;
}
