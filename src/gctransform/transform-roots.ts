/**
 * The shadow stack (RPython's gctransform/shadowstack.py): a moving collector must find, and
 * update, every GC pointer a running function still needs. Around each operation that may
 * collect, a function stores the GC pointer variables live after it into its slots of the
 * shadow stack and reloads them after, as the collector may have moved the objects:
 *
 *     gc_save_root(-16, p)          # before: p is live after the call
 *     r = direct_call(f, x)
 *     p' = gc_restore_root(-16)     # after: every later use of p in the block becomes p'
 *
 * After an allocation (malloc, malloc_varsize) the reload is `p' = gc_reload_root(-16, p)`: it
 * names the pointer as saved, so that a backend whose inline allocation has a slow path keeping
 * every register may run the saves on that path only and keep p on the fast path, where nothing
 * collected (src/backend/allocation-roots.ts). A slot saved there is then not known to hold its
 * variable after the allocation, and a later collecting operation saves it again.
 *
 * A function with n slots reserves them on entry (gc_push_roots(n), which zeroes them, so that
 * the collector never sees a stale word) and releases them before each return (gc_pop_roots(n));
 * slot k is at byte offset -8 * (n - k) from the shadow stack's top. Variables are local to
 * their block, so liveness is one backward scan of the block; constants are prebuilt objects,
 * which never move, and need no slot.
 *
 * Fewer stores: a variable restored from slot s is still in slot s until something else is
 * saved there, so before a later collecting operation of the same block it keeps slot s and is
 * not saved again (the collector updates the slot when it moves the object). A slot whose
 * variable is dead is reused; its stale content is still a valid object (it was a root at every
 * collection since it was stored), so leaving it costs at most the retention of that object
 * until the function returns.
 *
 * stack_check needs no roots: after the exception transform it is followed by the check of
 * exc_data (getfield exc_value; ptr_nonzero; branch), and it calls (and so allocates) only when
 * the stack is nearly full, in which case stackOverflow always raises; the raising exit then
 * passes nothing of this frame on (it goes to the block that returns at once), so no GC pointer
 * of this frame is used after a collection there. stackCheckNeedsNoRoots verifies that shape
 * for each stack_check; one that does not have it is treated like a call.
 */

import { LLBlock, LLConstant, LLLink, LLOperation, LLVariable, LL_LAST_EXCEPTION, type LLGraph, type LLValue } from "../llir/llgraph.js";
import { EXC_DATA_PREBUILT } from "../rtyper/exceptions.js";
import { Signed, Void, isGcPointer } from "../llir/lltype.js";
import type { LLOpName } from "../llir/lloperation.js";
import { prependOperation } from "../rtyper/opt/graph-edit.js";
import { operationMayCollect } from "./may-collect.js";

/** The allocations after which the roots are reloaded with gc_reload_root (src/backend/allocation-roots.ts groups them with their saves and reloads). */
export const INLINE_ALLOCATIONS: ReadonlySet<LLOpName> = new Set<LLOpName>(["malloc", "malloc_varsize"]);

export interface RootStats {
  /** gc_save_root operations inserted. */
  rootsSaved: number;
  /** gc_restore_root operations inserted. */
  rootsRestored: number;
  /** Graphs that got a frame of slots (gc_push_roots). */
  graphsWithRoots: number;
  /** The most slots one graph reserves. */
  maxSlots: number;
}

const WORD = 8;

/** Adds the shadow stack operations to one exception-transformed graph. */
export function insertRoots(graph: LLGraph, collecting: ReadonlySet<LLGraph>, stats: RootStats): void {
  checkTransformedForm(graph);
  // The slot of each save/restore, patched into an offset once the frame's size is known.
  const slotted: { op: LLOperation; slot: number }[] = [];
  let slots = 0;
  for (const block of graph.iterBlocks()) {
    if (block === graph.returnblock || block === graph.exceptblock) continue;
    slots = Math.max(slots, rootsInBlock(block, collecting, slotted, stats));
  }
  if (slots === 0) return;
  for (const { op, slot } of slotted) op.args[0] = new LLConstant(-WORD * (slots - slot), Signed);
  popBeforeReturns(graph, slots);
  pushOnEntry(graph, slots);
  stats.graphsWithRoots++;
  stats.maxSlots = Math.max(stats.maxSlots, slots);
}

/** The transform needs exceptions as explicit checks: an exception thrown past a frame would skip its gc_pop_roots. */
function checkTransformedForm(graph: LLGraph): void {
  for (const block of graph.iterBlocks()) {
    const wrong = block.exitswitch === LL_LAST_EXCEPTION || block.exits.some((l) => l.target === graph.exceptblock);
    if (wrong) throw new Error(`internal error: the GC transform runs after the exception transform; ${graph.name} still raises`);
  }
}

/** For each position of the block, the variables used from the next operation on (and by the exits). */
function usedAfter(block: LLBlock): Set<LLVariable>[] {
  const ops = block.operations;
  const used = new Set<LLVariable>();
  const add = (v: LLValue) => {
    if (v instanceof LLVariable) used.add(v);
  };
  for (const link of block.exits) for (const a of link.args) if (a !== link.caught) add(a);
  if (block.exitswitch instanceof LLVariable) used.add(block.exitswitch);
  const result: Set<LLVariable>[] = new Array(ops.length);
  for (let i = ops.length - 1; i >= 0; i--) {
    result[i] = new Set(used);
    ops[i]!.args.forEach(add);
  }
  return result;
}

/** Whether ops[i], a stack_check, is followed by the exception check whose raising exit passes nothing defined before it (see the file's comment). */
export function stackCheckNeedsNoRoots(block: LLBlock, i: number): boolean {
  const ops = block.operations;
  const read = ops[i + 1];
  const test = ops[i + 2];
  if (!read || !test || i + 3 !== ops.length) return false;
  const from = read.args[0];
  const readsExcValue =
    read.opname === "getfield" && from instanceof LLConstant && from.value === EXC_DATA_PREBUILT && read.args[1] instanceof LLConstant && read.args[1].value === "exc_value";
  if (!readsExcValue || test.opname !== "ptr_nonzero" || test.args[0] !== read.result || block.exitswitch !== test.result) return false;
  const raising = block.exits.find((l) => l.exitcase === true);
  if (!raising) return false;
  const after = new Set<LLValue>([read.result, test.result]);
  return raising.args.every((a) => !(a instanceof LLVariable) || !isGcPointer(a.type) || after.has(a));
}

/** Saves and restores around the block's collecting operations; returns the slots it needs. */
function rootsInBlock(block: LLBlock, collecting: ReadonlySet<LLGraph>, slotted: { op: LLOperation; slot: number }[], stats: RootStats): number {
  const ops = block.operations;
  const used = usedAfter(block);
  const rename = new Map<LLVariable, LLVariable>();
  const current = (v: LLValue): LLValue => (v instanceof LLVariable ? (rename.get(v) ?? v) : v);
  /** Which variable's value each slot is known to hold (the latest name: a restore defines a new one). */
  const content: (LLVariable | undefined)[] = [];
  /** The GC pointer variables defined so far, in order (by their original names). */
  const defined = block.inputargs.filter((v) => isGcPointer(v.type));
  let slots = 0;
  const result: LLOperation[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const renamed = rename.size === 0 ? op : new LLOperation(op.opname, op.args.map(current), op.result, op.pos);
    const needsRoots = operationMayCollect(op, collecting) && !(op.opname === "stack_check" && stackCheckNeedsNoRoots(block, i));
    if (!needsRoots) {
      result.push(renamed);
      if (isGcPointer(op.result.type)) defined.push(op.result);
      continue;
    }
    const live = defined.filter((v) => used[i]!.has(v));
    // Variables already in a slot keep it; the others take the lowest slots no live variable holds.
    const slotOf = new Map<LLVariable, number>();
    const taken = new Set<number>();
    for (const v of live) {
      const s = content.indexOf(current(v) as LLVariable);
      if (s >= 0) {
        slotOf.set(v, s);
        taken.add(s);
      }
    }
    /** The slots that already held their variable: no save here, so they hold it after the allocation too. */
    const keptSlots = new Set(taken);
    let free = 0;
    for (const v of live) {
      if (slotOf.has(v)) continue;
      while (taken.has(free)) free++;
      slotOf.set(v, free);
      taken.add(free);
      const save = new LLOperation("gc_save_root", [new LLConstant(0, Signed), current(v)], new LLVariable(Void), op.pos);
      slotted.push({ op: save, slot: free });
      result.push(save);
      content[free] = current(v) as LLVariable;
      stats.rootsSaved++;
    }
    result.push(renamed);
    // After an allocation, a backend may run the saves on its slow path only (gc_reload_root):
    // then a slot saved here is not known to hold its variable afterwards.
    const allocation = INLINE_ALLOCATIONS.has(op.opname);
    for (const v of live) {
      const slot = slotOf.get(v)!;
      const reloaded = new LLVariable(v.type, v.hint);
      const restore = allocation
        ? new LLOperation("gc_reload_root", [new LLConstant(0, Signed), current(v)], reloaded, op.pos)
        : new LLOperation("gc_restore_root", [new LLConstant(0, Signed)], reloaded, op.pos);
      slotted.push({ op: restore, slot });
      result.push(restore);
      rename.set(v, reloaded);
      content[slot] = allocation && !keptSlots.has(slot) ? undefined : reloaded;
      slots = Math.max(slots, slot + 1);
      stats.rootsRestored++;
    }
    if (isGcPointer(op.result.type)) defined.push(op.result);
  }
  block.operations = result;
  if (rename.size > 0) {
    if (block.exitswitch instanceof LLVariable) block.exitswitch = current(block.exitswitch);
    for (const link of block.exits) link.args = link.args.map((a) => (a === link.caught ? a : current(a)));
  }
  return slots;
}

/** gc_pop_roots(n) on every way to the returnblock: at the end of a block whose only exit returns, else on a block of its own on the link. */
function popBeforeReturns(graph: LLGraph, slots: number): void {
  const pop = () => new LLOperation("gc_pop_roots", [new LLConstant(slots, Signed)], new LLVariable(Void), undefined);
  for (const block of graph.iterBlocks()) {
    for (const link of block.exits) {
      if (link.target !== graph.returnblock) continue;
      if (block.exits.length === 1) {
        block.operations.push(pop());
        continue;
      }
      const inputs = link.args.map((a) => new LLVariable(a.type, a instanceof LLVariable ? a.hint : "v"));
      const exit = new LLBlock(inputs);
      exit.operations.push(pop());
      exit.closeBlock([new LLLink([...inputs], graph.returnblock)]);
      link.target = exit;
    }
  }
}

/** gc_push_roots(n) first; a startblock that is also a loop head hands its code to a new block (the graph's startblock is fixed). */
function pushOnEntry(graph: LLGraph, slots: number): void {
  prependOperation(graph, new LLOperation("gc_push_roots", [new LLConstant(slots, Signed)], new LLVariable(Void), graph.pos));
}
