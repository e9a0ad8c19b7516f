/**
 * Inlining (RPython's backendopt/inline.py): a direct call of a small function is replaced by a
 * copy of the callee's blocks.
 *
 * The block of the call is cut in two: the operations before the call jump to the copy of the
 * callee's start block; the copy's returns jump to a new block holding the operations after the
 * call. Variables are block-local, so every copied block also takes, and passes on, the caller's
 * values that the operations after the call still need (RPython's "passon" variables).
 *
 * Exceptions: a raise of the callee becomes a raise of the caller, except at a call guarded by
 * the caller (the last operation of a block whose exitswitch is LAST_EXCEPTION): there it becomes
 * a jump to the caller's handler, with the exception in the place of the caught value. Such a
 * callee must catch around every operation of its own that may raise (it does when everything it
 * calls that may raise is in its own try); otherwise an exception could leave the copy without
 * passing through the caller's handler, and the call is not inlined.
 *
 * Which calls: callees of at most `threshold` operations (copies and casts are free), never a
 * function of a recursive cycle (a strongly connected component of the call graph), never one
 * marked neverInline, never one with a JIT marker (the JIT's portal stays a graph of its own), and only where the JIT hints
 * agree (jitHintsAllowInlining). Callers are done callees first, so that what is copied has
 * already had its own calls inlined.
 */

import { LLBlock, LLConstant, LLGraph, LLLink, LLOperation, LLVariable, LL_CATCH, LL_LAST_EXCEPTION, type LLFunctionRef, type LLPos } from "../../llir/llgraph.js";
import { llOpInfo } from "../../llir/lloperation.js";
import { PtrType, Void } from "../../llir/lltype.js";
import { renamed, renameUses, type Renaming } from "./graph-edit.js";

export const DEFAULT_INLINE_THRESHOLD = 30;

/** The graph a direct_call calls, if it is known. */
export function calleeOf(op: LLOperation): LLGraph | undefined {
  if (op.opname !== "direct_call") return undefined;
  const fn = op.args[0];
  const value = fn instanceof LLConstant ? fn.value : undefined;
  if (typeof value !== "object" || value === null || !("kind" in value) || value.kind !== "function") return undefined;
  return (value as LLFunctionRef).graph;
}

function callees(graph: LLGraph): LLGraph[] {
  return graph.iterBlocks().flatMap((b) => b.operations.map(calleeOf).filter((g): g is LLGraph => g !== undefined));
}

/**
 * The graphs and everything they call, callees before callers (the strongly connected components
 * of the call graph in Tarjan's order), and the graphs that are part of a recursive cycle.
 */
export function callGraphOrder(roots: Iterable<LLGraph>): { order: LLGraph[]; recursive: Set<LLGraph> } {
  const order: LLGraph[] = [];
  const recursive = new Set<LLGraph>();
  const index = new Map<LLGraph, number>();
  const low = new Map<LLGraph, number>();
  const onStack = new Set<LLGraph>();
  const stack: LLGraph[] = [];
  const edges = new Map<LLGraph, LLGraph[]>();
  const edgesOf = (g: LLGraph) => {
    let e = edges.get(g);
    if (!e) edges.set(g, (e = callees(g)));
    return e;
  };
  const visit = (g: LLGraph) => {
    index.set(g, index.size);
    low.set(g, index.get(g)!);
    stack.push(g);
    onStack.add(g);
    for (const callee of edgesOf(g)) {
      if (!index.has(callee)) {
        visit(callee);
        low.set(g, Math.min(low.get(g)!, low.get(callee)!));
      } else if (onStack.has(callee)) {
        low.set(g, Math.min(low.get(g)!, index.get(callee)!));
      }
    }
    if (low.get(g) !== index.get(g)) return;
    const component: LLGraph[] = [];
    let member: LLGraph;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== g);
    if (component.length > 1 || edgesOf(g).includes(g)) for (const m of component) recursive.add(m);
    order.push(...component);
  };
  for (const root of roots) if (!index.has(root)) visit(root);
  return { order, recursive };
}

/** Inlines, into graph, the calls of callees that shouldInline accepts; returns how many. */
export function inlineCalls(graph: LLGraph, shouldInline: (callee: LLGraph) => boolean): number {
  let inlined = 0;
  // The blocks still to look at: after a call is inlined, the rest of its block and the copies.
  const pending = graph.iterBlocks();
  while (pending.length > 0) {
    const block = pending.pop()!;
    const k = block.operations.findIndex((op) => {
      const callee = calleeOf(op);
      return callee !== undefined && callee !== graph && shouldInline(callee) && jitHintsAllowInlining(graph, callee) && canInline(block, op, callee);
    });
    if (k < 0) continue;
    pending.push(...inlineCall(graph, block, k, calleeOf(block.operations[k]!)!));
    inlined++;
  }
  return inlined;
}

/**
 * Whether the JIT hints let callee be copied into caller. A hint speaks for a whole function,
 * and the codewriter's policy reads it per graph (RPython's policy.py: look_inside_graph), so
 * inlining must not make it wrong:
 * - a callee with hints is copied only into a caller holding each of them: copied elsewhere,
 *   an elidable call would no longer be folded, a dontLookInside body would be traced, an
 *   unrollSafe loop would stop the JIT from looking inside its caller;
 * - into an unrollSafe caller, a callee with a loop is copied only when it is unrollSafe too:
 *   the caller's author vouched for its own loops, not for the callee's.
 * RPython keeps the same promise by order (the codewriter takes its graphs before backendopt
 * inlines anything, and backendopt honours _dont_inline_); this rule keeps it whatever the order
 * (src/rtyper/opt/README.md).
 */
export function jitHintsAllowInlining(caller: LLGraph, callee: LLGraph): boolean {
  if (!callee.jitHints.every((hint) => caller.jitHints.includes(hint))) return false;
  if (caller.jitHints.includes("unrollSafe") && !callee.jitHints.includes("unrollSafe") && hasLoop(callee)) return false;
  return true;
}

/** Whether a path of graph's blocks comes back to a block it passed (a depth-first search finds a back edge). */
function hasLoop(graph: LLGraph): boolean {
  const state = new Map<LLBlock, "open" | "done">();
  const visit = (block: LLBlock): boolean => {
    state.set(block, "open");
    for (const link of block.exits) {
      const s = state.get(link.target);
      if (s === "open") return true;
      if (s === undefined && visit(link.target)) return true;
    }
    state.set(block, "done");
    return false;
  };
  return visit(graph.startblock);
}

/** Whether op, a call of callee in block, can be replaced by a copy of callee. */
function canInline(block: LLBlock, op: LLOperation, callee: LLGraph): boolean {
  const params = callee.argTypes;
  const args = op.args.slice(1);
  if (op.result.type !== callee.resultType || args.length !== params.length || args.some((a, i) => a.type !== params[i])) return false;
  const blocks = callee.iterBlocks();
  // a portal stays a graph of its own (its merge point, or the JIT's entry made of it: src/jit/merge-point.ts)
  if (callee.portal || callee.neverInline || blocks.some((b) => b.operations.some((o) => o.opname === "jit_merge_point" || o.opname === "can_enter_jit" || o.opname === "jit_maybe_compile_and_run"))) return false;
  if (block.exitswitch !== LL_LAST_EXCEPTION || block.operations[block.operations.length - 1] !== op) return true;
  // A guarded call: every exception of the copy must reach the caller's handler.
  const handler = block.exits.find((l) => l.exitcase === LL_CATCH);
  const raised = callee.exceptblock.inputargs[0]!.type;
  if (!handler || (handler.caught && raised !== handler.caught.type && !(raised instanceof PtrType && handler.caught.type instanceof PtrType))) return false;
  for (const b of blocks) {
    const unguarded = b.exitswitch === LL_LAST_EXCEPTION ? b.operations.slice(0, -1) : b.operations;
    if (unguarded.some((o) => llOpInfo(o.opname).canRaise)) return false;
  }
  return true;
}

/**
 * The position of an operation of callee copied to a call at callPos: the callee's frame is kept
 * in the chain (LLPos.inlined), so that a stack trace through the copy still shows it. An
 * operation without a position (a helper made by the rtyper) takes the call's: it happens there.
 */
function inlinedPos(pos: LLPos | undefined, callee: LLGraph, callPos: LLPos | undefined): LLPos | undefined {
  if (!pos) return callPos;
  const at = callPos ? { file: callPos.file, line: callPos.line, column: callPos.column } : undefined;
  const inlined = [...(pos.inlined ?? []), { callee: callee.frameName, at }, ...(callPos?.inlined ?? [])];
  return pos.hidden ? { file: pos.file, line: pos.line, column: pos.column, inlined, hidden: true } : { file: pos.file, line: pos.line, column: pos.column, inlined };
}

/** Inlines the call at index k of block; returns the new blocks (the copies, the rest of the block). */
function inlineCall(graph: LLGraph, block: LLBlock, k: number, callee: LLGraph): LLBlock[] {
  const call = block.operations[k]!;
  const guarded = block.exitswitch === LL_LAST_EXCEPTION && k === block.operations.length - 1;
  const before = block.operations.slice(0, k);
  const after = block.operations.slice(k + 1);
  const handler = guarded ? block.exits.find((l) => l.exitcase === LL_CATCH)! : undefined;
  const normalExits = guarded ? [block.exits[0]!] : block.exits;

  // The caller's values the rest of the block needs: every copied block passes them on.
  const definedBefore = new Set<LLVariable>([...block.inputargs, ...before.map((o) => o.result)]);
  const passon = new Set<LLVariable>();
  const use = (v: unknown) => {
    if (v instanceof LLVariable && definedBefore.has(v)) passon.add(v);
  };
  for (const op of after) op.args.forEach(use);
  use(block.exitswitch);
  for (const link of [...normalExits, ...(handler ? [handler] : [])]) link.args.forEach(use);
  const passed = [...passon];
  const fresh = (v: LLVariable) => new LLVariable(v.type, v.hint);

  const rest = new LLBlock([fresh(call.result), ...passed.map(fresh)]);
  rest.operations = after;
  if (guarded) normalExits[0]!.exitcase = null;
  rest.closeBlock([...normalExits], guarded ? null : block.exitswitch);
  renameUses(rest, new Map<LLVariable, LLVariable>([[call.result, rest.inputargs[0]!], ...passed.map((v, i): [LLVariable, LLVariable] => [v, rest.inputargs[i + 1]!])]));

  // Where the copy's raises go at a guarded call: the caller's handler, the exception cast to
  // the type of the caller's caught variable (a base class of what the callee raises).
  const landing = handler ? landingBlock(callee, handler, passed) : undefined;

  // The copies, made first so that links can point at them.
  const copies = new Map<LLBlock, { block: LLBlock; renaming: Renaming; passon: LLVariable[] }>();
  const calleeBlocks = callee.iterBlocks().filter((b) => b !== callee.returnblock && b !== callee.exceptblock);
  for (const original of calleeBlocks) {
    const renaming: Renaming = new Map();
    const inputs = original.inputargs.map((v) => {
      const copy = fresh(v);
      renaming.set(v, copy);
      return copy;
    });
    const passCopies = passed.map(fresh);
    copies.set(original, { block: new LLBlock([...inputs, ...passCopies]), renaming, passon: passCopies });
  }
  for (const original of calleeBlocks) {
    const { block: copy, renaming, passon: passCopies } = copies.get(original)!;
    copy.operations = original.operations.map((op) => {
      const args = op.args.map((a) => renamed(a, renaming));
      const result = fresh(op.result);
      renaming.set(op.result, result);
      return new LLOperation(op.opname, args, result, inlinedPos(op.pos, callee, call.pos));
    });
    const exits = original.exits.map((link) => {
      const caught = link.caught ? fresh(link.caught) : null;
      if (link.caught) renaming.set(link.caught, caught!);
      const args = link.args.map((a) => renamed(a, renaming));
      let copied: LLLink;
      if (link.target === callee.returnblock) {
        copied = new LLLink([args[0]!, ...passCopies], rest, link.exitcase);
      } else if (link.target === callee.exceptblock && landing) {
        copied = new LLLink([args[0]!, ...passCopies], landing, link.exitcase);
      } else if (link.target === callee.exceptblock) {
        copied = new LLLink(args, graph.exceptblock, link.exitcase);
      } else {
        copied = new LLLink([...args, ...passCopies], copies.get(link.target)!.block, link.exitcase);
      }
      copied.caught = caught;
      return copied;
    });
    const sw = original.exitswitch;
    copy.closeBlock(exits, sw instanceof LLVariable ? renamed(sw, renaming) : sw);
  }

  block.operations = before;
  block.closeBlock([new LLLink([...call.args.slice(1), ...passed], copies.get(callee.startblock)!.block)], null);
  return [rest, ...[...copies.values()].map((c) => c.block)];
}

/** A block taking the exception and the passed-on values, that goes where the handler goes. */
function landingBlock(callee: LLGraph, handler: LLLink, passed: LLVariable[]): LLBlock {
  const exception = new LLVariable(callee.exceptblock.inputargs[0]!.type, "exc");
  const passCopies = passed.map((v) => new LLVariable(v.type, v.hint));
  const landing = new LLBlock([exception, ...passCopies]);
  const toHandler: Renaming = new Map(passed.map((v, i) => [v, passCopies[i]!]));
  if (handler.caught) {
    let caught: LLVariable = exception;
    if (handler.caught.type !== exception.type) {
      caught = new LLVariable(handler.caught.type, handler.caught.hint);
      landing.operations.push(new LLOperation("cast_pointer", [new LLConstant(handler.caught.type, Void), exception], caught, undefined));
    }
    toHandler.set(handler.caught, caught);
  }
  landing.closeBlock([new LLLink(handler.args.map((a) => renamed(a, toHandler)), handler.target)]);
  return landing;
}
