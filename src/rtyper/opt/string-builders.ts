/**
 * String builders (issue 18): a string variable that a loop builds by appending (`s += x`) is
 * carried around the loop as a STRBUILDER (../rstr-builder.ts) instead of a STR, so that each
 * append writes into spare capacity instead of copying the whole string: n appends cost O(n)
 * instead of O(n^2), as on Node. It is "an in-place append when the left operand is not shared",
 * with the sharing decided here, statically, on one graph's variables.
 *
 * A web is a set W of string variables of one graph that become builders. A variable may be in W
 * when it is an input argument of an inner block or the result of ll_strconcat(left, x) with left
 * in W, and when the builder it holds is used linearly:
 * - consumed at most once on any path: as the left operand of one concatenation (which appends in
 *   place and gives the builder to its result) or passed on links into input arguments in W (at
 *   most once per link; two exits of a block are two paths);
 * - otherwise only read before it is consumed: its length (ll_strbuilder_length) or a code unit
 *   (read from the buffer directly), or used as a string by any other operation or link, which
 *   then gets a copy (ll_strbuilder_build). Such an escape is allowed only where the builder is
 *   not consumed afterwards (a string printed after its loop), so that no copy is made per
 *   iteration.
 * W is the largest such set found by removing violators until none is left; then only its
 * connected parts with a cycle through a concatenation (a loop that appends) are kept: elsewhere a
 * builder would only add copies. Values entering W from outside (a constant "", a string
 * argument) become verbatim builders on their link (ll_strbuilder_new does not read them), and W
 * values leaving it for a plain string input argument are copied on their link, in a block put on
 * that link.
 *
 * It runs first among the optimisations (every append is still a call of ll_strconcat, not yet
 * inlined), on native and LL-interpreter graphs only: the JIT's
 * codewriter took its copies of the graphs before any optimisation, and a builder never crosses a
 * jit_merge_point (that use is an escape inside the loop, so its web is not kept).
 */

import { LLBlock, LLConstant, type LLGraph, LLLink, LLOperation, LLVariable, LL_LAST_EXCEPTION, type LLValue, functionConstant } from "../../llir/llgraph.js";
import { PtrType, STR, Void, type LLType } from "../../llir/lltype.js";
import { STRBUILDERP, type StringBuilderHelpers } from "../rstr-builder.js";
import { STRP } from "../rstr.js";
import { calleeOf } from "./inline.js";

const isString = (v: LLValue): boolean => v.type instanceof PtrType && v.type.to === STR;

type Use = { kind: "op"; block: LLBlock; index: number } | { kind: "link"; link: LLLink; position: number } | { kind: "switch" };

/** What a graph's string variables are and where they are used. */
class StringUses {
  readonly uses = new Map<LLVariable, Use[]>();
  /** The appending concatenation each concatenation result comes from. */
  readonly concatOf = new Map<LLVariable, LLOperation>();
  /** Each block's input arguments as they were before the rewrite. */
  readonly inputs = new Map<LLBlock, LLVariable[]>();
  readonly candidates: LLVariable[] = [];

  constructor(graph: LLGraph, blocks: readonly LLBlock[], concat: LLGraph) {
    const inner = (b: LLBlock) => b !== graph.startblock && b !== graph.returnblock && b !== graph.exceptblock;
    for (const block of blocks) {
      this.inputs.set(block, [...block.inputargs]);
      if (inner(block)) for (const v of block.inputargs) if (isString(v)) this.candidates.push(v);
      block.operations.forEach((op, index) => {
        // An append: its left operand alone, and not a call whose exception the block catches (its result would be defined by two operations).
        const caught = index === block.operations.length - 1 && block.exitswitch === LL_LAST_EXCEPTION;
        if (calleeOf(op) === concat && op.args[1] !== op.args[2] && !caught) {
          this.concatOf.set(op.result, op);
          this.candidates.push(op.result);
        }
        for (const a of new Set(op.args)) if (a instanceof LLVariable) this.add(a, { kind: "op", block, index });
      });
      if (block.exitswitch instanceof LLVariable) this.add(block.exitswitch, { kind: "switch" });
      for (const link of block.exits) link.args.forEach((a, position) => a instanceof LLVariable && this.add(a, { kind: "link", link, position }));
    }
  }

  private add(v: LLVariable, use: Use): void {
    const list = this.uses.get(v);
    if (list) list.push(use);
    else this.uses.set(v, [use]);
  }
}

/**
 * Turns the webs of string variables of graph that a loop builds by appending into builders;
 * returns how many webs it rewrote. concat is the program's ll_strconcat.
 */
export function introduceStringBuilders(graph: LLGraph, concat: LLGraph, helpers: StringBuilderHelpers): number {
  const blocks = graph.iterBlocks();
  if (!blocks.some((block) => block.operations.some((op) => calleeOf(op) === concat))) return 0;
  const info = new StringUses(graph, blocks, concat);
  const web = new Set(info.candidates);
  const inWeb = (a: LLValue | undefined): a is LLVariable => a instanceof LLVariable && web.has(a);

  /** Whether the operation at index of block appends to v (v is its left operand only, and it is not a call whose exception the block catches). */
  const appendsTo = (v: LLVariable, block: LLBlock, index: number) => info.concatOf.get(block.operations[index]!.result)?.args[1] === v;
  const reads = (v: LLVariable, op: LLOperation) => (op.args[0] === v && readOfString(op) !== undefined) || deadCopy(op, info);

  const violates = (v: LLVariable): boolean => {
    const from = info.concatOf.get(v);
    if (from && !inWeb(from.args[1])) return true;
    let appendAt = -1;
    let lastOpUse = -1;
    let opEscapes = false;
    const passedOn = new Set<LLLink>();
    const escapedOn = new Set<LLLink>();
    for (const use of info.uses.get(v) ?? []) {
      if (use.kind === "switch") return true;
      if (use.kind === "op") {
        if (appendsTo(v, use.block, use.index)) {
          if (appendAt >= 0) return true;
          appendAt = use.index;
        } else {
          lastOpUse = Math.max(lastOpUse, use.index);
          if (!reads(v, use.block.operations[use.index]!)) opEscapes = true;
        }
      } else if (web.has(info.inputs.get(use.link.target)![use.position]!)) {
        if (passedOn.has(use.link)) return true;
        passedOn.add(use.link);
      } else {
        escapedOn.add(use.link);
      }
    }
    // Consumed at most once on each path: by an append, or on each link (the exits of a block are different paths).
    if (appendAt >= 0 && (passedOn.size > 0 || escapedOn.size > 0 || lastOpUse > appendAt)) return true;
    for (const link of passedOn) if (escapedOn.has(link)) return true;
    // A copy where the builder is consumed afterwards would be made on every iteration.
    return opEscapes && (appendAt >= 0 || passedOn.size > 0);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const v of [...web]) {
      if (violates(v)) {
        web.delete(v);
        changed = true;
      }
    }
  }
  keepLoopingWebs(web, info);
  if (web.size === 0) return 0;
  return rewrite(blocks, web, info, helpers);
}

/** What op reads of the string that is its first operand (and none of its others): its length or a code unit. */
function readOfString(op: LLOperation): "length" | "unit" | undefined {
  if (op.args.lastIndexOf(op.args[0]!) !== 0) return undefined;
  return op.opname === "getinteriorarraysize" ? "length" : op.opname === "getinteriorfield" ? "unit" : undefined;
}

/** A copy nothing uses (the rtyper leaves the value of `s += x` as an expression, unused). */
function deadCopy(op: LLOperation, info: StringUses): boolean {
  return op.opname === "same_as" && !info.uses.has(op.result);
}

/** Removes from web the connected parts without a cycle through a concatenation. */
function keepLoopingWebs(web: Set<LLVariable>, info: StringUses): void {
  const successors = new Map<LLVariable, LLVariable[]>();
  for (const v of web) successors.set(v, []);
  for (const v of web) {
    for (const use of info.uses.get(v) ?? []) {
      if (use.kind === "op") {
        const result = use.block.operations[use.index]!.result;
        if (web.has(result) && info.concatOf.get(result)?.args[1] === v) successors.get(v)!.push(result);
      } else if (use.kind === "link") {
        const target = info.inputs.get(use.link.target)![use.position]!;
        if (web.has(target)) successors.get(v)!.push(target);
      }
    }
  }
  // Tarjan's strongly connected components; a component with a concatenation result in a cycle makes its part loop.
  const index = new Map<LLVariable, number>();
  const low = new Map<LLVariable, number>();
  const stack: LLVariable[] = [];
  const onStack = new Set<LLVariable>();
  const looping = new Set<LLVariable>();
  let counter = 0;
  const visit = (root: LLVariable) => {
    // Iterative depth-first search: a long chain of appends must not exhaust the toolchain's stack.
    const frames: { v: LLVariable; next: number }[] = [{ v: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const succ = successors.get(frame.v)!;
      if (frame.next < succ.length) {
        const w = succ[frame.next++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          frames.push({ v: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]!.v;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.v)!));
      }
      if (low.get(frame.v) === index.get(frame.v)) {
        const component: LLVariable[] = [];
        for (;;) {
          const w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
          if (w === frame.v) break;
        }
        const cyclic = component.length > 1 || successors.get(frame.v)!.includes(frame.v);
        if (cyclic && component.some((w) => info.concatOf.has(w))) for (const w of component) looping.add(w);
      }
    }
  };
  for (const v of web) if (!index.has(v)) visit(v);
  // Connected parts (edges either way) that hold a looping component stay.
  const neighbours = new Map<LLVariable, LLVariable[]>();
  for (const v of web) neighbours.set(v, []);
  for (const [v, succ] of successors) {
    for (const w of succ) {
      neighbours.get(v)!.push(w);
      neighbours.get(w)!.push(v);
    }
  }
  const kept = new Set<LLVariable>();
  for (const start of looping) {
    if (kept.has(start)) continue;
    const todo = [start];
    kept.add(start);
    while (todo.length > 0) {
      for (const w of neighbours.get(todo.pop()!)!) {
        if (!kept.has(w)) {
          kept.add(w);
          todo.push(w);
        }
      }
    }
  }
  for (const v of [...web]) if (!kept.has(v)) web.delete(v);
}

/** Rewrites the graph's blocks so that the variables of web hold builders; returns the number of webs' entries made. */
function rewrite(blocks: readonly LLBlock[], web: Set<LLVariable>, info: StringUses, helpers: StringBuilderHelpers): number {
  const builders = new Map<LLVariable, LLVariable>();
  for (const v of web) builders.set(v, new LLVariable(STRBUILDERP, v.hint));
  const builderOf = (a: LLValue | undefined) => (a instanceof LLVariable ? builders.get(a) : undefined);
  const call = (ops: LLOperation[], graph: LLGraph, args: LLValue[], type: LLType, pos: LLOperation["pos"], result = new LLVariable(type, "s")): LLVariable => {
    ops.push(new LLOperation("direct_call", [functionConstant(graph), ...args], result, pos));
    return result;
  };
  let entries = 0;
  for (const block of blocks) {
    block.inputargs = block.inputargs.map((v) => builders.get(v) ?? v);
    const ops: LLOperation[] = [];
    for (const op of block.operations) {
      const left = info.concatOf.has(op.result) ? builderOf(op.args[1]) : undefined;
      if (left) {
        const rightBuilder = builderOf(op.args[2]);
        const right = rightBuilder ? call(ops, helpers.buildGraph(), [rightBuilder], STRP, op.pos) : op.args[2]!;
        const result = builders.get(op.result);
        if (result) {
          call(ops, helpers.appendGraph(), [left, right], STRBUILDERP, op.pos, result);
        } else {
          const appended = call(ops, helpers.appendGraph(), [left, right], STRBUILDERP, op.pos);
          call(ops, helpers.buildGraph(), [appended], STRP, op.pos, op.result);
        }
        continue;
      }
      if (builderOf(op.args[0]) && deadCopy(op, info)) continue;
      const read = builderOf(op.args[0]);
      const kind = read ? readOfString(op) : undefined;
      if (read && kind === "length") {
        call(ops, helpers.lengthGraph(), [read], op.result.type, op.pos, op.result);
        continue;
      }
      if (read && kind === "unit") {
        const buf = new LLVariable(STRP, "buf");
        ops.push(new LLOperation("getfield", [read, new LLConstant("buf", Void)], buf, op.pos));
        ops.push(new LLOperation("getinteriorfield", [buf, ...op.args.slice(1)], op.result, op.pos));
        continue;
      }
      if (op.args.some((a) => builderOf(a))) {
        const args = op.args.map((a) => {
          const b = builderOf(a);
          return b ? call(ops, helpers.buildGraph(), [b], STRP, op.pos) : a;
        });
        ops.push(new LLOperation(op.opname, args, op.result, op.pos));
        continue;
      }
      ops.push(op);
    }
    block.operations = ops;
    for (const link of block.exits) {
      const targetInputs = info.inputs.get(link.target)!;
      const conversions = new Map<number, "new" | "build">();
      link.args.forEach((a, j) => {
        const fromWeb = a instanceof LLVariable && web.has(a);
        const toWeb = web.has(targetInputs[j]!);
        if (toWeb && !fromWeb) conversions.set(j, "new");
        if (fromWeb && !toWeb) conversions.set(j, "build");
      });
      link.args = link.args.map((a) => builderOf(a) ?? a);
      if (conversions.size === 0) continue;
      entries += [...conversions.values()].filter((c) => c === "new").length;
      // A block of its own on the link does the conversions, whatever else leaves the source block.
      const middle = new LLBlock([]);
      const passed: LLValue[] = [];
      const out = link.args.map((a, j) => {
        let value: LLValue = a;
        if (a instanceof LLVariable) {
          value = new LLVariable(a.type, a.hint);
          middle.inputargs.push(value);
          passed.push(a);
        }
        const conversion = conversions.get(j);
        if (conversion === "new") return call(middle.operations, helpers.newGraph(), [value], STRBUILDERP, undefined);
        if (conversion === "build") return call(middle.operations, helpers.buildGraph(), [value], STRP, undefined);
        return value;
      });
      middle.closeBlock([new LLLink(out, link.target)]);
      link.args = passed;
      link.target = middle;
    }
  }
  return entries;
}
