/**
 * What the optimisation passes share to edit LL graphs in place: the links into each block,
 * renaming values inside a block, removing a block's input argument with the values every link
 * passes for it, the zero value of a type, an operation put first in a graph.
 *
 * Variables are block-local (llgraph.ts), so a rename inside one block never reaches another:
 * each pass rewrites a block and then the links that leave it.
 */

import { LLBlock, LLConstant, LLGraph, LLLink, LLOperation, LLVariable, type LLValue } from "../../llir/llgraph.js";
import { llOpInfo, type LLOpName } from "../../llir/lloperation.js";
import { Bool, PtrType, Void, type LLType } from "../../llir/lltype.js";

/** The links into every block reachable from the start (unreachable blocks do not count). */
export function incomingLinks(graph: LLGraph): Map<LLBlock, LLLink[]> {
  const incoming = new Map<LLBlock, LLLink[]>();
  for (const block of graph.iterBlocks()) {
    for (const link of block.exits) {
      let links = incoming.get(link.target);
      if (!links) incoming.set(link.target, (links = []));
      links.push(link);
    }
  }
  return incoming;
}

/** The blocks other than the start, return and except blocks: their input arguments may change. */
export function isInnerBlock(graph: LLGraph, block: LLBlock): boolean {
  return block !== graph.startblock && block !== graph.returnblock && block !== graph.exceptblock;
}

export type Renaming = Map<LLVariable, LLValue>;

export function renamed(value: LLValue, renaming: Renaming): LLValue {
  return value instanceof LLVariable ? (renaming.get(value) ?? value) : value;
}

/** Renames the uses (not the definitions) of a block: operands, exitswitch, link arguments. */
export function renameUses(block: LLBlock, renaming: Renaming): void {
  if (renaming.size === 0) return;
  for (let i = 0; i < block.operations.length; i++) {
    const op = block.operations[i]!;
    if (op.args.some((a) => a instanceof LLVariable && renaming.has(a))) {
      block.operations[i] = withArgs(op, op.args.map((a) => renamed(a, renaming)));
    }
  }
  if (block.exitswitch instanceof LLVariable) block.exitswitch = renamed(block.exitswitch, renaming);
  for (const link of block.exits) link.args = link.args.map((a) => renamed(a, renaming));
}

/** The same operation over other operands (operations are immutable). */
export function withArgs(op: LLOperation, args: LLValue[]): LLOperation {
  return new LLOperation(op.opname, args, op.result, op.pos);
}

/** Drops input argument i of block, and what each of its incoming links passes for it. */
export function removeInputArg(block: LLBlock, i: number, incoming: readonly LLLink[]): void {
  block.inputargs = block.inputargs.filter((_, j) => j !== i);
  for (const link of incoming) link.args = link.args.filter((_, j) => j !== i);
}

/** The value of a zero-filled field of the type, as malloc leaves it. */
export function zeroOf(type: LLType): LLConstant {
  if (type instanceof PtrType || type === Void) return new LLConstant(null, type);
  if (type === Bool) return new LLConstant(false, Bool);
  return new LLConstant(0, type);
}

/** Two constants that hold the same value (numbers compared as bits: 0 and -0 differ). */
export function sameConstant(a: LLValue, b: LLValue): boolean {
  return a instanceof LLConstant && b instanceof LLConstant && a.type === b.type && Object.is(a.value, b.value);
}

/** Whether an operation may be dropped when its result is unused: the table's `pure` and `read` flags. */
export function isRemovable(opname: LLOpName): boolean {
  const info = llOpInfo(opname);
  return info.pure || info.readsMemory;
}

/** The graph's size for the inlining heuristic: its operations, copies and casts free. */
export function graphSize(graph: LLGraph): number {
  let size = 0;
  for (const block of graph.iterBlocks()) {
    for (const op of block.operations) if (op.opname !== "same_as" && op.opname !== "cast_pointer") size++;
  }
  return size;
}

/**
 * Puts op first in the graph, to run once per call. A start block that is also a loop head (or
 * that the caller wants left whole, e.g. because it ends in a catching call) keeps op to itself:
 * its code moves to a new block, and the back edges go there.
 */
export function prependOperation(graph: LLGraph, op: LLOperation, ownBlock = false): void {
  const start = graph.startblock;
  const incoming = graph.iterBlocks().flatMap((b) => b.exits.filter((l) => l.target === start));
  if (incoming.length === 0 && !ownBlock) {
    start.operations.unshift(op);
    return;
  }
  const body = new LLBlock(start.inputargs);
  body.operations = start.operations;
  body.closeBlock(start.exits, start.exitswitch);
  for (const link of incoming) link.target = body;
  start.inputargs = start.inputargs.map((v) => new LLVariable(v.type, v.hint));
  start.operations = [op];
  start.closeBlock([new LLLink([...start.inputargs], body)]);
}
