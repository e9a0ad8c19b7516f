/**
 * Dead code removal (RPython's backendopt/removenoops.py, simplify.py's transform_dead_op_vars
 * and join_blocks).
 *
 * - Operations whose result nothing needs and which are pure or only read memory (the table's
 *   `pure` and `read` flags) go, and with them the input arguments nothing needs and the values
 *   links pass for them. "Needed" is computed over the whole graph, so a value carried around a
 *   loop and never read goes too.
 * - An input argument that every link passes the same value as another input argument is that
 *   one (inlining makes them: the object a constructor gets as `this` and as the value of `new`).
 * - A block without operations that only jumps on is skipped: links into it go where it goes.
 * - A block reached by one link from a block with a single exit joins that block.
 * - Unreachable blocks need no work: a graph is what is reachable from its start block, so a
 *   block that no link reaches any more (after constant folding, say) is gone.
 */

import { LLGraph, LLVariable, type LLBlock, type LLLink, type LLOperation, type LLValue } from "../../llir/llgraph.js";
import { incomingLinks, isInnerBlock, isRemovable, removeInputArg, renamed, renameUses, sameConstant, type Renaming } from "./graph-edit.js";

/** Runs the simplifications until nothing changes; returns how many things were removed or merged. */
export function removeDeadCode(graph: LLGraph): number {
  let total = 0;
  for (;;) {
    const changed = removeDeadValues(graph) + mergeDuplicateInputs(graph) + skipEmptyBlocks(graph) + joinBlocks(graph);
    if (changed === 0) return total;
    total += changed;
  }
}

/** Removes unneeded pure operations and input arguments; returns how many. */
export function removeDeadValues(graph: LLGraph): number {
  const blocks = graph.iterBlocks();
  const incoming = incomingLinks(graph);
  const definedBy = new Map<LLVariable, LLOperation>();
  const inputOf = new Map<LLVariable, { block: LLBlock; index: number }>();
  for (const block of blocks) {
    block.inputargs.forEach((v, index) => inputOf.set(v, { block, index }));
    for (const op of block.operations) definedBy.set(op.result, op);
  }
  const needed = new Set<LLVariable>();
  const stack: LLVariable[] = [];
  const need = (value: unknown) => {
    if (value instanceof LLVariable && !needed.has(value)) {
      needed.add(value);
      stack.push(value);
    }
  };
  for (const block of blocks) {
    for (const op of block.operations) if (!isRemovable(op.opname)) op.args.forEach(need);
    need(block.exitswitch);
    if (!isInnerBlock(graph, block)) block.inputargs.forEach(need);
  }
  while (stack.length > 0) {
    const v = stack.pop()!;
    const op = definedBy.get(v);
    if (op) op.args.forEach(need);
    const input = inputOf.get(v);
    if (input) for (const link of incoming.get(input.block) ?? []) need(link.args[input.index]);
  }
  let removed = 0;
  for (const block of blocks) {
    const kept = block.operations.filter((op) => !isRemovable(op.opname) || needed.has(op.result));
    removed += block.operations.length - kept.length;
    block.operations = kept;
    if (!isInnerBlock(graph, block)) continue;
    const links = incoming.get(block) ?? [];
    const keep = block.inputargs.map((v) => needed.has(v));
    if (keep.every(Boolean)) continue;
    removed += keep.filter((k) => !k).length;
    block.inputargs = block.inputargs.filter((_, i) => keep[i]);
    for (const link of links) link.args = link.args.filter((_, i) => keep[i]);
  }
  return removed;
}

/** Merges the input arguments that receive the same value from every link; returns how many. */
export function mergeDuplicateInputs(graph: LLGraph): number {
  const incoming = incomingLinks(graph);
  const same = (a: LLValue, b: LLValue) => a === b || sameConstant(a, b);
  let merged = 0;
  for (const block of graph.iterBlocks()) {
    const links = incoming.get(block) ?? [];
    if (!isInnerBlock(graph, block) || links.length === 0) continue;
    for (let j = block.inputargs.length - 1; j > 0; j--) {
      const i = block.inputargs.findIndex((_, i) => i < j && links.every((l) => same(l.args[i]!, l.args[j]!)));
      if (i < 0) continue;
      renameUses(block, new Map([[block.inputargs[j]!, block.inputargs[i]!]]));
      removeInputArg(block, j, links);
      merged++;
    }
  }
  return merged;
}

/** Links into a block that has no operations and one exit go straight to that exit's target. */
function skipEmptyBlocks(graph: LLGraph): number {
  const incoming = incomingLinks(graph);
  let skipped = 0;
  for (const block of graph.iterBlocks()) {
    if (!isInnerBlock(graph, block) || block.operations.length > 0 || block.exits.length !== 1) continue;
    const exit = block.exits[0]!;
    if (exit.target === block) continue;
    for (const link of incoming.get(block) ?? []) {
      const renaming: Renaming = new Map(block.inputargs.map((v, i) => [v, link.args[i]!]));
      link.args = exit.args.map((a) => renamed(a, renaming));
      link.target = exit.target;
      skipped++;
    }
  }
  return skipped;
}

/** A block with one exit absorbs the block it leads to when it is that block's only way in. */
function joinBlocks(graph: LLGraph): number {
  const incoming = incomingLinks(graph);
  const absorbed = new Set<LLBlock>();
  let joined = 0;
  for (const block of graph.iterBlocks()) {
    if (absorbed.has(block)) continue;
    for (;;) {
      if (block.exitswitch !== null || block.exits.length !== 1) break;
      const link: LLLink = block.exits[0]!;
      const next = link.target;
      if (next === block || !isInnerBlock(graph, next) || incoming.get(next)!.length !== 1) break;
      const renaming: Renaming = new Map(next.inputargs.map((v, i) => [v, link.args[i]!]));
      renameUses(next, renaming);
      block.operations.push(...next.operations);
      block.closeBlock([...next.exits], next.exitswitch);
      absorbed.add(next);
      joined++;
    }
  }
  return joined;
}
