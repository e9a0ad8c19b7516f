/**
 * The backend-independent optimisations of LL graphs (RPython's translator/backendopt/all.py),
 * run between the rtyper and the transforms (native operations, stack checks, exceptions, GC)
 * and backends: inlining, constant folding, dead code removal, malloc removal, redundant reads,
 * integer bounds. Each pass is its own file, named in GRAPH_PASSES, and may be switched off
 * (tests compare the program's behaviour with and without each); the driver's list of LL passes
 * (src/translator/passes.ts) takes GRAPH_PASSES as its first passes.
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
import { removeProvenOverflowChecks } from "./intbounds.js";
import { removeRedundantLoads } from "./loadcse.js";

export interface OptimizeOptions {
  inline?: boolean;
  /** The largest callee inlined, in operations (copies and casts are free). */
  inlineThreshold?: number;
  constfold?: boolean;
  dce?: boolean;
  mallocRemoval?: boolean;
  loadCse?: boolean;
  intbounds?: boolean;
}

/** What the passes did, for logs and tests. */
export interface OptimizeStats {
  inlined: number;
  folded: number;
  removed: number;
  mallocsRemoved: number;
  loadsRemoved: number;
  overflowChecksRemoved: number;
}

/** What a graph pass gets besides its graph: what the sweep over the program shares. */
export interface GraphPassContext {
  /** Whether a call of callee may be inlined: not on a recursive cycle, and small enough. */
  inlinable(callee: LLGraph): boolean;
  /** The LL interpreter constants are folded with, one for the whole sweep. */
  folder: ConstantFolder;
}

/**
 * One optimisation of one graph, in place; returns how many things it changed (calls inlined,
 * operations folded or removed, mallocs removed), which count towards stats[counts].
 */
export interface GraphPass {
  readonly name: string;
  /** The switch of OptimizeOptions that turns it off. */
  readonly option: "inline" | "constfold" | "dce" | "mallocRemoval" | "loadCse" | "intbounds";
  readonly counts: keyof OptimizeStats;
  /** Runs on a graph only when the named pass, earlier in the list, changed that graph in this sweep. */
  readonly onlyAfterChangeBy?: string;
  run(graph: LLGraph, context: GraphPassContext): number;
}

/**
 * The optimisations, in the order each graph gets them (RPython's backend_optimizations). A
 * sweep (runGraphPasses) takes the graphs callees first and runs the whole list on one graph
 * before the next, so that a callee is simplified (and has its own small callees inlined) before
 * it is measured and copied; malloc removal follows inlining, when the constructors of small
 * objects are in the function that allocates them, and folding and dead code removal run again
 * on a graph it changed (the fields' values are often constants, their tests fold).
 */
export const GRAPH_PASSES: readonly GraphPass[] = [
  // Nothing is inlined into a graph that runs before the collector starts (LLGraph.beforeCollector).
  { name: "inline", option: "inline", counts: "inlined", run: (graph, context) => (graph.beforeCollector ? 0 : inlineCalls(graph, context.inlinable)) },
  { name: "constfold", option: "constfold", counts: "folded", run: (graph, context) => constantFold(graph, context.folder) },
  { name: "dce", option: "dce", counts: "removed", run: (graph) => removeDeadCode(graph) },
  { name: "malloc-removal", option: "mallocRemoval", counts: "mallocsRemoved", run: (graph) => removeMallocs(graph) },
  { name: "constfold-again", option: "constfold", counts: "folded", onlyAfterChangeBy: "malloc-removal", run: (graph, context) => constantFold(graph, context.folder) },
  { name: "dce-again", option: "dce", counts: "removed", onlyAfterChangeBy: "malloc-removal", run: (graph) => removeDeadCode(graph) },
  // After inlining and malloc removal have put the reads of one object side by side; before
  // intbounds, which then sees one length where there were several reads of it.
  { name: "load-cse", option: "loadCse", counts: "loadsRemoved", run: (graph) => removeRedundantLoads(graph) },
  // The values links passed only to be read again in the next block are no longer needed.
  { name: "dce-after-cse", option: "dce", counts: "removed", onlyAfterChangeBy: "load-cse", run: (graph) => removeDeadCode(graph) },
  // Last: folding and inlining have put the comparisons and the arithmetic they bound side by side.
  { name: "intbounds", option: "intbounds", counts: "overflowChecksRemoved", run: (graph) => removeProvenOverflowChecks(graph) },
];

/** Called after a graph pass ran on a graph (to print it, or to verify it). */
export type AfterGraphPass = (pass: GraphPass, graph: LLGraph) => void;

/**
 * Runs passes (a sublist of GRAPH_PASSES, in its order) over graphs and every graph they call,
 * callees first, each graph getting every pass before the next graph; after(pass, graph) is
 * called after each pass that ran. Returns what was done.
 */
export function runGraphPasses(graphs: Iterable<LLGraph>, passes: readonly GraphPass[], threshold = DEFAULT_INLINE_THRESHOLD, after?: AfterGraphPass): OptimizeStats {
  const stats: OptimizeStats = { inlined: 0, folded: 0, removed: 0, mallocsRemoved: 0, loadsRemoved: 0, overflowChecksRemoved: 0 };
  const { order, recursive } = callGraphOrder(graphs);
  // Callees are done before their callers, so a callee's size is final when it is first asked.
  const sizes = new Map<LLGraph, number>();
  const sizeOf = (graph: LLGraph) => sizes.get(graph) ?? sizes.set(graph, graphSize(graph)).get(graph)!;
  const context: GraphPassContext = { inlinable: (callee) => !recursive.has(callee) && sizeOf(callee) <= threshold, folder: new ConstantFolder() };
  for (const graph of order) {
    const changes = new Map<string, number>();
    for (const pass of passes) {
      if (pass.onlyAfterChangeBy !== undefined && !(changes.get(pass.onlyAfterChangeBy)! > 0)) continue;
      const changed = pass.run(graph, context);
      changes.set(pass.name, changed);
      stats[pass.counts] += changed;
      after?.(pass, graph);
    }
  }
  return stats;
}

/**
 * Optimises graphs and every graph they call (the helpers among them): GRAPH_PASSES but those
 * options switch off. Returns what was done; graphs that were inlined everywhere are still there,
 * unused: which graphs a program keeps is what is reachable from its entry points, as always.
 */
export function optimizeGraphs(graphs: Iterable<LLGraph>, options: OptimizeOptions = {}): OptimizeStats {
  return runGraphPasses(
    graphs,
    GRAPH_PASSES.filter((pass) => options[pass.option] !== false),
    options.inlineThreshold,
  );
}

export { callGraphOrder, constantFold, inlineCalls, removeDeadCode, removeMallocs, removeProvenOverflowChecks, removeRedundantLoads };
