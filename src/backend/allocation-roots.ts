/**
 * The shadow stack operations the GC transform puts around an allocation: the gc_save_root
 * operations right before a malloc or malloc_varsize and the gc_reload_root operations right
 * after it. A backend that allocates inline with a slow path that keeps every register may run
 * the saves on the slow path only and, on the fast path, keep each reloaded pointer where it was
 * (gc_reload_root's second operand): nothing collected, nothing moved. An allocation in the
 * Lox interpreter's dispatch loop saved and reloaded four pointers every time before.
 */

import type { LLBlock, LLOperation } from "../llir/llgraph.js";
import type { LLOpName } from "../llir/lloperation.js";

/**
 * The shadow stack operations around one allocation: the saves to run on its slow path only, the
 * reloads whose pointers its fast path keeps.
 */
export interface AllocationRoots {
  saves: LLOperation[];
  reloads: LLOperation[];
}

export interface AllocationGroup {
  /** The index of the allocation in the block's operations (the saves come before it from the group's start). */
  allocation: number;
  /** The index after the group's last reload. */
  end: number;
}

const ALLOCATIONS: ReadonlySet<string> = new Set<LLOpName>(["malloc", "malloc_varsize"]);

/** The groups of a block, by the index of their first operation. */
export function allocationGroups(block: LLBlock): Map<number, AllocationGroup> {
  const ops = block.operations;
  const groups = new Map<number, AllocationGroup>();
  ops.forEach((op, m) => {
    if (!ALLOCATIONS.has(op.opname)) return;
    let start = m;
    while (start > 0 && ops[start - 1]!.opname === "gc_save_root") start--;
    let end = m + 1;
    while (end < ops.length && ops[end]!.opname === "gc_reload_root") end++;
    if (start < m || end > m + 1) groups.set(start, { allocation: m, end });
  });
  return groups;
}
