/**
 * The arrays of a graph whose length and items are immutable for the JIT (RPython's
 * jtransform.immutable_arrays, for `lst[*]` in _immutable_fields_): the value read from a field
 * marked `immutable-items` (an interpreter's bytecode, its constant pool) and what is read out of
 * it (a list's `items` array). jtransform reads a list's length and items from these values
 * through immutable descriptors (DescrFactory.field/array with itemsView), which the
 * meta-interpreter folds on a constant list: a trace reading its bytecode then has no loads,
 * bounds checks or guard_value on opcodes left.
 *
 * Only what is read out of such a value is marked, not the items: a list of lists has immutable
 * outer items, and its inner lists are ordinary. A block's input is marked when every link
 * into it passes a marked value (a fixpoint from nothing marked, so a value merged with an
 * ordinary list is ordinary).
 */

import { LLVariable, type LLGraph, type LLValue } from "../../llir/llgraph.js";
import { PtrType, StructType } from "../../llir/lltype.js";
import { findField } from "./descriptors.js";

/** Whether the operation reads a field declared `immutable-items`. */
function readsItemsField(base: LLValue, name: unknown): boolean {
  const type = base.type;
  if (!(type instanceof PtrType) || !(type.to instanceof StructType) || typeof name !== "string") return false;
  return findField(type.to, name)?.mutability === "immutable-items";
}

function isGcPointer(v: LLValue): boolean {
  return v.type instanceof PtrType && v.type.to.kind !== "func" && v.type.to.gc;
}

/** The values of graph that are (or are read out of) arrays with immutable items. */
export function immutableItemsValues(graph: LLGraph): Set<LLValue> {
  const marked = new Set<LLValue>();
  const blocks = graph.iterBlocks();
  for (let changed = true; changed; ) {
    changed = false;
    const mark = (v: LLValue) => {
      if (!marked.has(v)) {
        marked.add(v);
        changed = true;
      }
    };
    for (const block of blocks) {
      for (const op of block.operations) {
        if (op.opname === "getfield") {
          const base = op.args[0]!;
          const name = (op.args[1] as { value?: unknown }).value;
          if (readsItemsField(base, name) || (marked.has(base) && isGcPointer(op.result))) mark(op.result);
        } else if ((op.opname === "same_as" || op.opname === "cast_pointer") && marked.has(op.args[op.args.length - 1]!)) {
          mark(op.result);
        }
      }
    }
    // block inputs: marked when every incoming link passes a marked value
    const incoming = new Map<LLVariable, boolean>();
    for (const block of blocks) {
      for (const link of block.exits) {
        const target = link.target;
        if (target === graph.returnblock || target === graph.exceptblock) continue;
        for (let k = 0; k < link.args.length; k++) {
          const input = target.inputargs[k]!;
          const passes = marked.has(link.args[k]!);
          incoming.set(input, (incoming.get(input) ?? true) && passes);
        }
      }
    }
    for (const [input, all] of incoming) if (all && !graph.startblock.inputargs.includes(input)) mark(input);
  }
  return marked;
}
