/**
 * Which graphs and operations may start a garbage collection (RPython's
 * translator/backendopt/graphanalyze.py, as used by gctransform/framework.py's
 * CollectAnalyzer): the GC transform saves roots only around those, and elides write barriers
 * only on objects allocated since the last of them.
 *
 * A graph may collect when it contains an allocation (malloc, malloc_varsize), an indirect call
 * (conservatively: any taken function may be its callee), a stack_check (its slow path calls the
 * runtime's stackOverflow, which allocates the RangeError), a direct call of a graph that may
 * collect, or a direct call of a function whose graph is unknown. The least fixpoint over the
 * call graph: recursion alone collects nothing.
 */

import { LLConstant, reachableGraphs, type LLFunctionRef, type LLGraph, type LLOperation } from "../llir/llgraph.js";
import { llOpInfo } from "../llir/lloperation.js";

/** The graph a direct_call calls, when its callee is a constant function with a graph. */
export function calleeGraph(op: LLOperation): LLGraph | undefined {
  const fn = op.args[0];
  if (!(fn instanceof LLConstant) || typeof fn.value !== "object" || fn.value === null || !("kind" in fn.value)) return undefined;
  return fn.value.kind === "function" ? (fn.value as LLFunctionRef).graph : undefined;
}

/**
 * Whether the operation may start a collection, given the graphs that may. stack_check counts
 * (its slow path allocates); the root transform decides separately that it needs no roots.
 */
export function operationMayCollect(op: LLOperation, collecting: ReadonlySet<LLGraph>): boolean {
  if (op.opname === "stack_check") return true;
  if (!llOpInfo(op.opname).canAllocate) return false;
  if (op.opname !== "direct_call") return true;
  const callee = calleeGraph(op);
  return callee === undefined || collecting.has(callee);
}

/** The graphs reachable from roots that may start a collection. */
export function mayCollectGraphs(roots: Iterable<LLGraph>): Set<LLGraph> {
  const graphs = reachableGraphs(roots);
  const collecting = new Set<LLGraph>();
  // Callers of each graph, so that the fixpoint revisits only what a new member affects.
  const callers = new Map<LLGraph, Set<LLGraph>>();
  const pending: LLGraph[] = [];
  for (const graph of graphs) {
    let collects = false;
    for (const block of graph.iterBlocks()) {
      for (const op of block.operations) {
        const callee = op.opname === "direct_call" ? calleeGraph(op) : undefined;
        if (callee) {
          let set = callers.get(callee);
          if (!set) callers.set(callee, (set = new Set()));
          set.add(graph);
        } else if (operationMayCollect(op, collecting)) {
          collects = true;
        }
      }
    }
    if (collects) {
      collecting.add(graph);
      pending.push(graph);
    }
  }
  for (let g = pending.pop(); g; g = pending.pop()) {
    for (const caller of callers.get(g) ?? []) {
      if (collecting.has(caller)) continue;
      collecting.add(caller);
      pending.push(caller);
    }
  }
  return collecting;
}
