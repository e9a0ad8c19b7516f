/**
 * Write barriers (RPython's gctransform/framework.py, transform_generic_set): before a store of a
 * GC pointer into a GC object that may be old, the machine code must tell the collector, so that
 * a minor collection finds the old-to-young pointer without scanning the old generation.
 *
 * - setfield(obj, name, v)             -> gc_write_barrier(obj) first;
 * - setarrayitem(arr, i, v)            -> gc_write_barrier_array(arr, i) first (card marking);
 * - setinteriorfield(obj, name, i, v)  -> gc_write_barrier_array(obj, i) first;
 * - setitemfield(arr, i, name, v)      -> gc_write_barrier_array(arr, i) first (a field of item i
 *   of an array of inline structs: the card of item i, whose pointer fields the collector's
 *   type table lists per item).
 *
 * No barrier when the stored value is a constant (a prebuilt object: never young, never moved),
 * when the target is not a GC object (a raw struct such as exc_data: see the report in
 * transform.ts), or when the target was allocated earlier in the same block with no operation
 * that may collect in between: a fresh object is young (in the nursery, or a large object
 * flagged LARGE_YOUNG until the next minor collection), and stores into young objects need no
 * barrier. Freshness follows cast_pointer and same_as, which name the same object.
 */

import type { LLOpName } from "../llir/lloperation.js";
import { LLOperation, LLVariable, type LLBlock, type LLGraph, type LLValue } from "../llir/llgraph.js";
import { Void, isGcPointer } from "../llir/lltype.js";
import { operationMayCollect } from "./may-collect.js";

export interface BarrierStats {
  barriersInserted: number;
  /** Stores of a GC pointer variable into an object known to be young (no barrier needed). */
  barriersElided: number;
  /** Stores of a GC pointer variable into a raw (non-GC) struct or array: outside the collector's view. */
  rawPointerStores: number;
}

/** Where each store operation keeps its target and, for items, its index. */
const STORES: Partial<Record<LLOpName, { target: number; index: number | undefined; value: number }>> = {
  setfield: { target: 0, index: undefined, value: 2 },
  setarrayitem: { target: 0, index: 1, value: 2 },
  setinteriorfield: { target: 0, index: 2, value: 3 },
  setitemfield: { target: 0, index: 1, value: 3 },
};

/** Operations whose result is the same object as their operand (at the given position). */
const SAME_OBJECT: Partial<Record<LLOpName, number>> = { cast_pointer: 1, same_as: 0 };

export function insertWriteBarriers(graph: LLGraph, collecting: ReadonlySet<LLGraph>, stats: BarrierStats): void {
  for (const block of graph.iterBlocks()) insertInBlock(block, collecting, stats);
}

function insertInBlock(block: LLBlock, collecting: ReadonlySet<LLGraph>, stats: BarrierStats): void {
  const fresh = new Set<LLValue>();
  const result: LLOperation[] = [];
  for (const op of block.operations) {
    const store = STORES[op.opname];
    const value = store ? op.args[store.value]! : undefined;
    if (store && value instanceof LLVariable && isGcPointer(value.type)) {
      const target = op.args[store.target]!;
      if (!isGcPointer(target.type)) stats.rawPointerStores++;
      else if (fresh.has(target)) stats.barriersElided++;
      else {
        const args = store.index === undefined ? [target] : [target, op.args[store.index]!];
        const opname = store.index === undefined ? "gc_write_barrier" : "gc_write_barrier_array";
        result.push(new LLOperation(opname, args, new LLVariable(Void), op.pos));
        stats.barriersInserted++;
      }
    }
    result.push(op);
    if (operationMayCollect(op, collecting)) fresh.clear();
    if (op.opname === "malloc" || op.opname === "malloc_varsize") fresh.add(op.result);
    const same = SAME_OBJECT[op.opname];
    if (same !== undefined && fresh.has(op.args[same]!)) fresh.add(op.result);
  }
  block.operations = result;
}
