/**
 * Simplification of freshly built flow graphs (RPython's flowspace simplify.py): the builder
 * makes a join block at every place control flow may meet, with an inputarg for every variable
 * in scope; this removes what turned out not to be needed.
 *
 * Requires: a graph satisfying checkGraph. Produces: the same graph, still satisfying it, where
 * - a block whose exitswitch is a constant keeps only the exit it selects;
 * - a block with no operations and one exit is bypassed;
 * - a block with a single predecessor that has a single exit is merged into it;
 * - an inputarg that receives the same constant on every incoming link becomes that constant;
 * - an inputarg whose value no operation, exitswitch or later block uses is removed.
 */

import { Block, Constant, DEFAULT_CASE, FunctionGraph, Link, Variable, type Value } from "./model.js";

export function simplifyGraph(graph: FunctionGraph): void {
  for (let changed = true; changed; ) {
    changed = false;
    changed = foldConstantExitswitches(graph) || changed;
    changed = bypassEmptyBlocks(graph) || changed;
    changed = joinBlocks(graph) || changed;
    changed = propagateConstantInputargs(graph) || changed;
    changed = removeDeadInputargs(graph) || changed;
  }
}

function predecessors(graph: FunctionGraph): Map<Block, Link[]> {
  const result = new Map<Block, Link[]>();
  for (const block of graph.iterBlocks()) {
    for (const link of block.exits) {
      const list = result.get(link.target) ?? [];
      list.push(link);
      result.set(link.target, list);
    }
  }
  return result;
}

function isSpecial(graph: FunctionGraph, block: Block): boolean {
  return block === graph.startblock || block === graph.returnblock || block === graph.exceptblock;
}

/** Replaces variables by values in a block's operations, exitswitch and exits. */
function rename(block: Block, mapping: Map<Variable, Value>): void {
  const sub = (v: Value): Value => (v instanceof Variable ? (mapping.get(v) ?? v) : v);
  for (const op of block.operations) op.args = op.args.map(sub);
  if (block.exitswitch instanceof Variable || block.exitswitch instanceof Constant) block.exitswitch = sub(block.exitswitch);
  for (const link of block.exits) link.args = link.args.map(sub);
}

function foldConstantExitswitches(graph: FunctionGraph): boolean {
  let changed = false;
  for (const block of graph.iterBlocks()) {
    if (!(block.exitswitch instanceof Constant)) continue;
    const value = block.exitswitch.value;
    const chosen = block.exits.find((l) => l.exitcase === value) ?? block.exits.find((l) => l.exitcase === DEFAULT_CASE);
    if (!chosen) continue;
    chosen.exitcase = null;
    block.closeBlock([chosen], null);
    changed = true;
  }
  return changed;
}

function bypassEmptyBlocks(graph: FunctionGraph): boolean {
  let changed = false;
  const preds = predecessors(graph);
  for (const block of graph.iterBlocks()) {
    if (isSpecial(graph, block) || block.operations.length > 0 || block.exitswitch !== null || block.exits.length !== 1) continue;
    const exit = block.exits[0]!;
    if (exit.target === block) continue;
    for (const link of preds.get(block) ?? []) {
      const mapping = new Map<Variable, Value>(block.inputargs.map((v, i) => [v, link.args[i]!]));
      link.args = exit.args.map((a) => (a instanceof Variable ? (mapping.get(a) ?? a) : a));
      link.target = exit.target;
      changed = true;
    }
  }
  return changed;
}

function joinBlocks(graph: FunctionGraph): boolean {
  let changed = false;
  const preds = predecessors(graph);
  const merged = new Set<Block>();
  for (const block of graph.iterBlocks()) {
    if (merged.has(block)) continue;
    while (block.exitswitch === null && block.exits.length === 1) {
      const link = block.exits[0]!;
      const next = link.target;
      if (next === block || isSpecial(graph, next) || (preds.get(next) ?? []).length !== 1) break;
      rename(next, new Map(next.inputargs.map((v, i) => [v, link.args[i]!])));
      block.operations.push(...next.operations);
      block.closeBlock(next.exits, next.exitswitch); // the same link objects now leave `block`
      merged.add(next);
      changed = true;
    }
  }
  return changed;
}

function propagateConstantInputargs(graph: FunctionGraph): boolean {
  let changed = false;
  const preds = predecessors(graph);
  for (const block of graph.iterBlocks()) {
    if (isSpecial(graph, block)) continue;
    const incoming = preds.get(block) ?? [];
    if (incoming.length === 0) continue;
    const keep: number[] = [];
    const mapping = new Map<Variable, Value>();
    block.inputargs.forEach((v, i) => {
      const values = incoming.map((l) => l.args[i]!);
      const first = values[0];
      const same =
        first instanceof Constant && values.every((a) => a instanceof Constant && Object.is(a.value, first.value));
      if (same) mapping.set(v, first);
      else keep.push(i);
    });
    if (mapping.size === 0) continue;
    rename(block, mapping);
    block.inputargs = keep.map((i) => block.inputargs[i]!);
    for (const link of incoming) link.args = keep.map((i) => link.args[i]!);
    changed = true;
  }
  return changed;
}

function removeDeadInputargs(graph: FunctionGraph): boolean {
  const blocks = graph.iterBlocks();
  const needed = new Set<Variable>([...graph.returnblock.inputargs, ...graph.exceptblock.inputargs]);
  for (const block of blocks) {
    for (const op of block.operations) for (const a of op.args) if (a instanceof Variable) needed.add(a);
    if (block.exitswitch instanceof Variable) needed.add(block.exitswitch);
  }
  // A value passed on a link is needed when the inputarg it feeds is needed.
  for (let grew = true; grew; ) {
    grew = false;
    for (const block of blocks) {
      for (const link of block.exits) {
        link.args.forEach((arg, i) => {
          if (arg instanceof Variable && !needed.has(arg) && needed.has(link.target.inputargs[i]!)) {
            needed.add(arg);
            grew = true;
          }
        });
      }
    }
  }
  let changed = false;
  const preds = predecessors(graph);
  for (const block of blocks) {
    if (isSpecial(graph, block)) continue;
    const keep = block.inputargs.map((v, i) => (needed.has(v) ? i : -1)).filter((i) => i >= 0);
    if (keep.length === block.inputargs.length) continue;
    block.inputargs = keep.map((i) => block.inputargs[i]!);
    for (const link of preds.get(block) ?? []) link.args = keep.map((i) => link.args[i]!);
    changed = true;
  }
  return changed;
}
