/**
 * Residual calls from the JIT's runtime in a binary, until rts/system can call an address with
 * the internal calling convention (src/runtime/jit/native-cpu.ts says why this interim): the
 * graph that every call of `nativeResidualCall(index, ints, refs, floats, out)` is made to call
 * instead. It switches on index, the target's place in the list of the functions whose addresses
 * the jitcodes hold (the symbolic words of functions: residual calls' targets and the
 * codewriter's one-operation helpers); each case takes the arguments from the lists by kind, in
 * the target's parameter order, converts each to the parameter's own type (Bool, Char, a GC
 * pointer of its struct, ...), calls the target directly, and stores its result (int, bool,
 * char, reference as an address; or float) or the exception it raised (as an address) in out.
 *
 * Built on the rtyper's graphs, before the LL passes: the exception transform turns the catch
 * into exc_data's test, the GC transform saves the lists and out around each call.
 */

import { LLBlock, LLConstant, LLGraph, LLLink, LLOperation, LLVariable, LL_CATCH, LL_DEFAULT, LL_LAST_EXCEPTION, functionConstant, reachableGraphs, type LLValue } from "../llir/llgraph.js";
import { ArrayType, Float, PtrType, Signed, StructType, Void, typeName, type LLType } from "../llir/lltype.js";
import type { SymbolicWord } from "../llir/symbolic.js";
import { EXCEPTION_TYPE } from "../rtyper/rexception.js";
import { hasWord, opMaker, valueOfWord, wordOf } from "./word-casts.js";

/** The graph of each symbolic function address (the dispatcher's cases, in the words' order). */
export function residualTargets(words: readonly SymbolicWord[]): LLGraph[] {
  return words.map((word) => {
    const referent = word.addressOf();
    if (referent?.kind !== "function" || !referent.graph) throw new Error(`internal error: ${String(word)} is no function with a graph`);
    return referent.graph;
  });
}

/**
 * The functions a residual call from a jitcode may reach: those the jitcodes name (direct calls'
 * targets, the codewriter's helpers) and every function held in prebuilt data reachable from the
 * roots (class records' methods, functions as values: what an indirect call loads), those whose
 * parameters and result the dispatcher can pass, each once.
 */
export function dispatchableFunctions(named: readonly LLConstant[], roots: readonly LLGraph[]): LLConstant[] {
  const chosen: LLConstant[] = [];
  const seenGraphs = new Set<LLGraph>();
  const add = (c: LLConstant) => {
    const ref = c.value as { kind?: string; graph?: LLGraph };
    if (ref.kind !== "function" || !ref.graph || seenGraphs.has(ref.graph) || !canDispatch(ref.graph)) return;
    seenGraphs.add(ref.graph);
    chosen.push(c);
  };
  named.forEach(add);
  const seenPrebuilt = new Set<object>();
  const pending: LLConstant[] = [];
  for (const graph of reachableGraphs(roots)) {
    for (const block of graph.iterBlocks()) for (const op of block.operations) for (const a of op.args) if (a instanceof LLConstant) pending.push(a);
  }
  for (let c = pending.pop(); c; c = pending.pop()) {
    const v = c.value;
    if (typeof v !== "object" || v === null || !("kind" in v) || v.kind !== "prebuilt" || seenPrebuilt.has(v)) continue;
    seenPrebuilt.add(v);
    for (const field of [...v.fields.values(), ...v.items]) {
      const fv = field.value;
      if (typeof fv === "object" && fv !== null && "kind" in fv && fv.kind === "function") add(field);
      else pending.push(field);
    }
  }
  return chosen;
}

/** Whether the dispatcher can pass the graph's parameters and take its result (callBlock's conversions). */
function canDispatch(graph: LLGraph): boolean {
  const passable = (t: LLType) => t === Void || t === Float || hasWord(t);
  return graph.argTypes.every(passable) && passable(graph.resultType);
}

const name = (n: string) => new LLConstant(n, Void);

/** The item type of a list pointer type (ListRepr: a struct with `items`, a pointer to the item array). */
function listItemType(list: LLType): LLType {
  const struct = list instanceof PtrType ? list.to : undefined;
  const items = struct instanceof StructType ? struct.fields.find((f) => f.name === "items")?.type : undefined;
  const array = items instanceof PtrType ? items.to : undefined;
  if (!(array instanceof ArrayType)) throw new Error(`internal error: nativeResidualCall takes ${typeName(list)}, not a list`);
  return array.item;
}

/** The dispatcher for the stub's signature (index, ints, refs, floats, out) -> Void, calling the targets. */
export function residualDispatchGraph(stub: LLGraph, targets: readonly LLGraph[]): LLGraph {
  const [indexType, intsType, refsType, floatsType, outType] = stub.argTypes as [LLType, LLType, LLType, LLType, LLType];
  const itemTypes = { i: listItemType(intsType), r: listItemType(refsType), f: listItemType(floatsType) };
  const index = new LLVariable(indexType, "index");
  const lists = { i: new LLVariable(intsType, "ints"), r: new LLVariable(refsType, "refs"), f: new LLVariable(floatsType, "floats") };
  const out = new LLVariable(outType, "out");
  const start = new LLBlock([index, lists.i, lists.r, lists.f, out]);
  const graph = new LLGraph("rts_jit_residual_dispatch", start, Void, EXCEPTION_TYPE, undefined);
  const items = (["i", "r", "f"] as const).map((k) => {
    const list = (lists[k].type as PtrType).to as StructType;
    const v = new LLVariable(list.fields.find((f) => f.name === "items")!.type, `${k}items`);
    start.operations.push(new LLOperation("getfield", [lists[k], name("items")], v, undefined));
    return v;
  });
  const done = new LLBlock([]);
  done.closeBlock([new LLLink([new LLConstant(null, Void)], graph.returnblock)]);
  const exits: LLLink[] = targets.map((target, k) => new LLLink([...items, out], callBlock(target, itemTypes, items, out, done), k));
  exits.push(new LLLink([], done, LL_DEFAULT));
  start.closeBlock(exits, index);
  return graph;
}

/** One case: the arguments unpacked and converted, the call, its result or exception stored in out. */
function callBlock(target: LLGraph, itemTypes: Record<"i" | "r" | "f", LLType>, itemsOfStart: LLVariable[], outOfStart: LLVariable, done: LLBlock): LLBlock {
  const items = itemsOfStart.map((v) => new LLVariable(v.type, v.hint));
  const out = new LLVariable(outOfStart.type, "out");
  const block = new LLBlock([...items, out]);
  const op = opMaker(block.operations, undefined);
  const next = { i: 0, r: 0, f: 0 };
  const item = (kind: "i" | "r" | "f"): LLVariable => op("getarrayitem", [items[kind === "i" ? 0 : kind === "r" ? 1 : 2]!, new LLConstant(next[kind]++, Signed)], itemTypes[kind], `arg${kind}`);
  const args: LLValue[] = target.argTypes.map((type) => {
    if (type === Void) return new LLConstant(null, Void);
    if (type === Float) return item("f");
    if (!hasWord(type)) throw new Error(`internal error: the JIT's residual dispatcher cannot pass a ${typeName(type)} to ${target.name}`);
    return valueOfWord(item(type instanceof PtrType ? "r" : "i"), type, op, "arg");
  });
  // the block's last operation, with its exception exit
  const result = op("direct_call", [functionConstant(target), ...args], target.resultType, "result");

  const returned = new LLVariable(result.type, "result");
  const outAfter = new LLVariable(out.type, "out");
  const store = new LLBlock([returned, outAfter]);
  const storeOp = opMaker(store.operations, undefined);
  const t = returned.type;
  if (t === Float) storeOp("setfield", [outAfter, name("f_float"), returned], Void, "v");
  else if (t !== Void) {
    if (!hasWord(t)) throw new Error(`internal error: the JIT's residual dispatcher cannot return a ${typeName(t)} from ${target.name}`);
    storeOp("setfield", [outAfter, name("f_int"), wordOf(returned, storeOp)], Void, "v");
  }
  store.closeBlock([new LLLink([], done)]);

  const exc = new LLVariable(EXCEPTION_TYPE, "exc");
  const raisedExc = new LLVariable(EXCEPTION_TYPE, "exc");
  const outRaised = new LLVariable(out.type, "out");
  const raised = new LLBlock([raisedExc, outRaised]);
  const raisedOp = opMaker(raised.operations, undefined);
  raisedOp("setfield", [outRaised, name("f_exception"), wordOf(raisedExc, raisedOp)], Void, "v");
  raised.closeBlock([new LLLink([], done)]);

  const catchLink = new LLLink([exc, out], raised, LL_CATCH);
  catchLink.caught = exc;
  block.closeBlock([new LLLink([result, out], store), catchLink], LL_LAST_EXCEPTION);
  return block;
}

/** Every direct_call of the stub in the graphs made a call of the dispatcher. */
export function callDispatcherInstead(graphs: readonly LLGraph[], stub: LLGraph, dispatcher: LLGraph): number {
  let count = 0;
  for (const graph of graphs) {
    for (const block of graph.iterBlocks()) {
      block.operations = block.operations.map((op) => {
        const fn = op.opname === "direct_call" ? (op.args[0] as LLConstant).value : undefined;
        if (typeof fn !== "object" || fn === null || !("kind" in fn) || fn.kind !== "function" || fn.graph !== stub) return op;
        count++;
        return new LLOperation("direct_call", [functionConstant(dispatcher), ...op.args.slice(1)], op.result, op.pos);
      });
    }
  }
  return count;
}
