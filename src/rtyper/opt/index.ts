/**
 * The backend-independent optimisations of LL graphs (RPython's translator/backendopt/all.py),
 * run between the rtyper and the exception transform, GC transform and backends: inlining,
 * constant folding, dead code removal, malloc removal. Each pass is its own file and may be
 * switched off (tests compare the program's behaviour with and without each).
 *
 * Graphs are changed in place. Callees are done before their callers, so that a callee is
 * simplified (and has its own small callees inlined) before it is measured and copied; malloc
 * removal runs after inlining, when the constructors of small objects are in the function that
 * allocates them, and is followed by folding and dead code removal again (the fields' values
 * are often constants, their tests fold).
 */

import type { LLGraph } from "../../llir/llgraph.js";
import { ConstantFolder, constantFold } from "./constfold.js";
import { removeDeadCode } from "./dce.js";
import { graphSize } from "./graph-edit.js";
import { callGraphOrder, DEFAULT_INLINE_THRESHOLD, inlineCalls } from "./inline.js";
import { removeMallocs } from "./mallocremoval.js";

export interface OptimizeOptions {
  inline?: boolean;
  /** The largest callee inlined, in operations (copies and casts are free). */
  inlineThreshold?: number;
  constfold?: boolean;
  dce?: boolean;
  mallocRemoval?: boolean;
}

/** What the passes did, for logs and tests. */
export interface OptimizeStats {
  inlined: number;
  folded: number;
  removed: number;
  mallocsRemoved: number;
}

/**
 * Optimises graphs and every graph they call (the helpers among them). Returns what was done;
 * graphs that were inlined everywhere are still there, unused: which graphs a program keeps is
 * what is reachable from its entry points, as always.
 */
export function optimizeGraphs(graphs: Iterable<LLGraph>, options: OptimizeOptions = {}): OptimizeStats {
  const stats: OptimizeStats = { inlined: 0, folded: 0, removed: 0, mallocsRemoved: 0 };
  const threshold = options.inlineThreshold ?? DEFAULT_INLINE_THRESHOLD;
  const { order, recursive } = callGraphOrder(graphs);
  // Callees are done before their callers, so a callee's size is final when it is first asked.
  const sizes = new Map<LLGraph, number>();
  const sizeOf = (graph: LLGraph) => sizes.get(graph) ?? sizes.set(graph, graphSize(graph)).get(graph)!;
  const folder = new ConstantFolder();
  const simplify = (graph: LLGraph) => {
    if (options.constfold !== false) stats.folded += constantFold(graph, folder);
    if (options.dce !== false) stats.removed += removeDeadCode(graph);
  };
  for (const graph of order) {
    if (options.inline !== false && !graph.beforeCollector) {
      stats.inlined += inlineCalls(graph, (callee) => !recursive.has(callee) && sizeOf(callee) <= threshold);
    }
    simplify(graph);
    if (options.mallocRemoval !== false) {
      const removed = removeMallocs(graph);
      stats.mallocsRemoved += removed;
      if (removed > 0) simplify(graph);
    }
  }
  return stats;
}

export { callGraphOrder, constantFold, inlineCalls, removeDeadCode, removeMallocs };
