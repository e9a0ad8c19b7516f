/**
 * Block order and branch planning, for every target: the order blocks are emitted in, the moves
 * a link needs, which of a two-way branch's links is taken by a jump and which falls through,
 * which comparisons fuse into their block's branch, and which switches become jump tables.
 * A target's function compiler asks; it emits the jumps and moves itself.
 */

import { LLConstant, type LLBlock, type LLGraph, type LLLink, type LLOperation } from "../llir/llgraph.js";
import { Float, Void } from "../llir/lltype.js";
import type { Location } from "./location.js";
import type { Move } from "./moves.js";

/** Reverse postorder from the start block, leaving out the return block (its value goes to the result register). */
export function blockOrder(graph: LLGraph): LLBlock[] {
  const seen = new Set<LLBlock>();
  const post: LLBlock[] = [];
  const stack: { block: LLBlock; next: number }[] = [{ block: graph.startblock, next: 0 }];
  seen.add(graph.startblock);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.block.exits.length) {
      const target = top.block.exits[top.next++]!.target;
      if (!seen.has(target)) {
        seen.add(target);
        stack.push({ block: target, next: 0 });
      }
    } else {
      post.push(top.block);
      stack.pop();
    }
  }
  return post.reverse().filter((b) => b !== graph.returnblock);
}

/**
 * The parallel move a link makes: each of its values to the location of its target's inputarg
 * (constants loaded; inputargs with no location, never used, and Void ones left out).
 */
export function linkMoves(graph: LLGraph, link: LLLink, loc: ReadonlyMap<unknown, Location>): Move<LLConstant>[] {
  const moves: Move<LLConstant>[] = [];
  link.args.forEach((a, i) => {
    const target = link.target.inputargs[i]!;
    const dst = loc.get(target);
    if (dst === undefined || target.type === Void) return;
    const float = target.type === Float;
    if (a instanceof LLConstant) moves.push({ src: a, dst, float });
    else {
      const src = loc.get(a);
      if (src === undefined) throw new Error(`internal error: ${graph.name}: a link passes a value with no location`);
      moves.push({ src, dst, float });
    }
  });
  return moves;
}

/** Whether following link means moving values (a return, or a target's inputargs not where the link's values are). */
export function linkNeedsMoves(graph: LLGraph, link: LLLink, loc: ReadonlyMap<unknown, Location>): boolean {
  if (link.target === graph.returnblock) return true;
  return linkMoves(graph, link, loc).some((m) => typeof m.src !== "number" || m.src !== m.dst);
}

/** A link of a two-way branch as the planner sees it. */
export interface BranchLink {
  readonly needsMoves: boolean;
  readonly target: LLBlock;
}

/**
 * How a two-way branch on a condition is emitted, the block `next` coming after it:
 * - `jump`: one conditional jump straight to the target of the link `jump` names (on the
 *   condition for "true", on its negation for "false"), then the other link followed (its moves,
 *   and a jump unless its target is next: nothing at all when it needs no moves and falls
 *   through). Only a link without moves can be a jump's target.
 * - `around`: both need moves: jump on the negation to a label, follow the true link (always
 *   ending in a jump), bind the label, follow the false link.
 */
export type BranchPlan = { kind: "jump"; jump: "true" | "false" } | { kind: "around" };

export function planBranch(trueLink: BranchLink, falseLink: BranchLink, next: LLBlock | undefined): BranchPlan {
  if (trueLink.needsMoves && !falseLink.needsMoves) return { kind: "jump", jump: "false" };
  if (!trueLink.needsMoves) {
    // The true link's target comes next (and its move-less way falls through): jump when false.
    if (trueLink.target === next && !falseLink.needsMoves) return { kind: "jump", jump: "false" };
    return { kind: "jump", jump: "true" };
  }
  return { kind: "around" };
}

/**
 * The blocks whose exit switch is their last operation, a comparison read by nothing else (not
 * passed on a link): the target computes it as flags and branches on them (x86-64's cmp and jcc,
 * AArch64's cmp and b.cond or cbz), and the comparison's result gets no location.
 */
export function fusableComparisons(order: readonly LLBlock[], isComparison: (op: LLOperation) => boolean): Map<LLBlock, LLOperation> {
  const fused = new Map<LLBlock, LLOperation>();
  for (const block of order) {
    const last = block.operations[block.operations.length - 1];
    if (last && block.exitswitch === last.result && isComparison(last) && block.exits.every((l) => !l.args.includes(last.result))) fused.set(block, last);
  }
  return fused;
}

/**
 * Whether a switch on these case values is dense enough for a jump table: at least 4 cases over
 * a range of at most 8 per case plus 8 values (and under 65536 entries): a table of 4-byte
 * entries that size costs less than the chain of compares a dispatch on it would run (bf's eight
 * commands, from '+' to ']', span 51 values: its dispatch went down a chain of up to eight
 * compares per command, and bench.b runs 5% faster with the table). Gives the smallest value
 * and the range; a target may refuse a table for reasons of its own (an immediate that does not fit).
 */
export function denseSwitch(values: readonly number[]): { min: number; range: number } | undefined {
  if (values.length < 4) return undefined;
  const min = Math.min(...values);
  const range = Math.max(...values) - min + 1;
  return range <= 8 * values.length + 8 && range < 65536 ? { min, range } : undefined;
}
