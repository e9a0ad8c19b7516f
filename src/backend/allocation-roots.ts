/**
 * The shadow stack operations the GC transform puts around an allocation: the gc_save_root
 * operations right before a malloc or malloc_varsize and the gc_reload_root operations right
 * after it. A backend that allocates inline with a slow path that keeps every register may run
 * the saves on the slow path only and, on the fast path, keep each reloaded pointer where it was
 * (gc_reload_root's second operand): nothing collected, nothing moved. An allocation in the
 * Lox interpreter's dispatch loop saved and reloaded four pointers every time before.
 */

import type { LLBlock, LLOperation } from "../llir/llgraph.js";
import { INLINE_ALLOCATIONS } from "../gctransform/transform-roots.js";

/**
 * The shadow stack operations around one allocation: the saves to run on its slow path only, the
 * reloads whose pointers its fast path keeps.
 */
export interface AllocationRoots {
  saves: LLOperation[];
  reloads: LLOperation[];
}

/** One step of a block's emission: an operation, or an allocation with the roots around it. */
export interface EmissionStep {
  op: LLOperation;
  /** For an allocation with saves before it or reloads after it: those operations, which the step covers. */
  roots?: AllocationRoots;
}

/**
 * The block's operations in order, each gc_save_root right before an allocation and each
 * gc_reload_root right after it folded into the allocation's step.
 */
export function emissionSteps(block: LLBlock): EmissionStep[] {
  const ops = block.operations;
  const steps: EmissionStep[] = [];
  for (let i = 0; i < ops.length; i++) {
    let m = i;
    while (m < ops.length && ops[m]!.opname === "gc_save_root") m++;
    const allocation = ops[m];
    if (allocation && INLINE_ALLOCATIONS.has(allocation.opname)) {
      let end = m + 1;
      while (end < ops.length && ops[end]!.opname === "gc_reload_root") end++;
      steps.push(i === m && end === m + 1 ? { op: allocation } : { op: allocation, roots: { saves: ops.slice(i, m), reloads: ops.slice(m + 1, end) } });
      i = end - 1;
    } else steps.push({ op: ops[i]! });
  }
  return steps;
}
