/**
 * The GC transform (RPython's memory/gctransform/framework.py with the shadow stack root
 * finder): makes LL graphs ready for the moving, generational collector of this folder. It runs
 * on the final graphs of a program, after transformExceptions and insertStackChecks, and adds
 * - write barriers before stores of GC pointers into objects that may be old
 *   (transform-barriers.ts), and
 * - the shadow stack: every GC pointer variable live across an operation that may collect is
 *   saved to a slot before it and reloaded after (transform-roots.ts);
 * both need to know which calls may collect (may-collect.ts).
 *
 * Barriers go in first: their elision reasons about the variables a malloc defines, which the
 * root transform renames after each collecting operation. The barrier operations themselves
 * never collect, and they use the target variable, which the root transform then keeps alive
 * and renames like any other use.
 *
 * The current exception: exc_data (exceptions.ts) is a raw struct outside the heap, so the
 * pointer in exc_value is no root the collector sees. It needs none: exc_value is set by a raise
 * block (setfield, then return), and every caller reads it right after the call returns, with no
 * operation that may collect in between (a propagating caller returns at once; a catching one
 * clears exc_value and holds the exception in a variable from then on, which is a root like any
 * other). So at every collection exc_value is null; the LL interpreter test's moving collector
 * checks this. The error site (error_site.where, rexception.ts) is a raw struct too, but only
 * ever holds prebuilt strings, which never move.
 */

import { reachableGraphs, type LLGraph } from "../llir/llgraph.js";
import { mayCollectGraphs } from "./may-collect.js";
import { insertWriteBarriers, type BarrierStats } from "./transform-barriers.js";
import { insertRoots, type RootStats } from "./transform-roots.js";

export interface GcTransformStats extends RootStats, BarrierStats {
  /** Graphs transformed (reachable, not transformed by an earlier call). */
  graphs: number;
  /** Of those, the graphs that may start a collection. */
  collectingGraphs: number;
}

/**
 * Transforms, in place, every graph reachable from roots that has not been transformed yet
 * (LLGraph.gcTransformed: a second call over shared helpers leaves them alone, and a graph
 * transformed before stays collecting for its new callers).
 */
export function gcTransform(roots: Iterable<LLGraph>): GcTransformStats {
  const graphs = reachableGraphs(roots).filter((g) => g.gcTransformed === undefined);
  const found = mayCollectGraphs(graphs);
  const all = reachableGraphs(graphs);
  // Graphs of earlier calls are analysed again from their transformed form, which still holds
  // every allocation and call; what an earlier analysis said also stands.
  const collecting = new Set<LLGraph>(all.filter((g) => found.has(g) || g.gcTransformed?.collecting === true));
  const stats: GcTransformStats = {
    graphs: graphs.length,
    collectingGraphs: 0,
    rootsSaved: 0,
    rootsRestored: 0,
    graphsWithRoots: 0,
    maxSlots: 0,
    barriersInserted: 0,
    barriersElided: 0,
    rawPointerStores: 0,
  };
  for (const graph of graphs) {
    graph.gcTransformed = { collecting: collecting.has(graph) };
    if (collecting.has(graph)) stats.collectingGraphs++;
  }
  for (const graph of graphs) insertWriteBarriers(graph, collecting, stats);
  for (const graph of graphs) insertRoots(graph, collecting, stats);
  return stats;
}

/** A one-line summary for the translate command. */
export function formatGcTransformStats(stats: GcTransformStats): string {
  return (
    `gc transform: ${stats.graphs} graphs, ${stats.collectingGraphs} may collect; ` +
    `${stats.rootsSaved} roots saved, ${stats.rootsRestored} restored in ${stats.graphsWithRoots} frames (at most ${stats.maxSlots} slots); ` +
    `${stats.barriersInserted} write barriers, ${stats.barriersElided} elided`
  );
}
