/**
 * Stack traces of the LL interpreter and of translated programs (docs/architecture.md, "Stack
 * traces"; the frames' form is src/frontend/stack-frames.ts).
 *
 * A trace is a list of *sites*, innermost first: the operation each running function is at. The
 * innermost is where the trace was taken (the `new` of an error, or a failed safety check); each
 * outer one is a call. An error records its trace when it is made, as V8 does (a rethrown error
 * shows where it was made, not where it was rethrown): the lowering of `new E(...)` allocates an
 * Int32Array of CAPTURED_SITES items, fills it with the `stack_trace` operation and stores it in
 * Error's field `trace`. What a site is depends on the machine:
 *
 * - the LL interpreter: the number of the site in its own table of (graph, position), from 1;
 * - native code: a return address (the `stack_trace` operation's own call of its routine for
 *   the innermost site, then the return addresses of the frame-pointer chain); the code generator
 *   writes a table from each return address to the frames of its call (codegen/trace-table.ts).
 *
 * An item 0 ends the trace. One site shows several frames when its operation was inlined
 * (LLPos.inlined: the chain of original functions), and none when it is in the toolchain (the
 * runtime helpers, the collector, graphs without positions): more sites are captured than
 * frames shown, for those.
 */

import { isToolchainFile, type Frame } from "../frontend/stack-frames.js";
import type { LLGraph, LLPos } from "../llir/llgraph.js";

/** The sites an error records (more than SHOWN_FRAMES: the toolchain's are dropped). */
export const CAPTURED_SITES = 16;

/** The field of Error's struct that holds its trace (an Int32Array of sites, null for errors made at import time). */
export const TRACE_FIELD = "trace";

/** The frames a site shows: an operation at pos in graph; innermost first. */
export function siteFrames(graph: LLGraph, pos: LLPos | undefined): Frame[] {
  if (!pos) return [];
  const chain = pos.inlined ?? [];
  const names = [...chain.map((c) => c.callee), graph.frameName];
  const positions = [pos, ...chain.map((c) => c.at)];
  const frames: Frame[] = [];
  positions.forEach((p, i) => {
    if (i === 0 && pos.hidden) return;
    if (p && !isToolchainFile(p.file)) frames.push({ name: names[i], pos: { file: p.file, line: p.line, column: p.column } });
  });
  return frames;
}
