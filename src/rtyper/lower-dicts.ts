/**
 * The lowering of Map and Set operations: `new Map()`, `new Set(iterable)`, get, set, has,
 * delete, clear, add, size and the iterators keys(), values(), entries(). Each calls a helper
 * graph of the dict's representation (rdict.ts).
 */

import { Constant } from "../frontend/model.js";
import { LLConstant, type LLGraph, type LLValue, functionConstant } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Bool, Char, Ptr, STR, Signed, Void } from "../llir/lltype.js";
import { callGraph, type BuiltinLowering, type BuiltinLowerings, type Lowering } from "./lower-common.js";
import { DictRepr } from "./rdict.js";
import { builderGen, hopGen, iterationOf, IteratorRepr } from "./riterator.js";
import { ListRepr } from "./rlist.js";
import { CHAR, type Repr } from "./rmodel.js";
import { nullishPointer } from "./rnullable.js";
import { StringRepr } from "./rstr.js";
import { TupleRepr } from "./rtuple.js";
import type { HighLevelOp, RTyper } from "./rtyper.js";

function dictOf(hop: HighLevelOp): { repr: DictRepr; d: LLValue } {
  const repr = hop.argsR[0];
  if (!(repr instanceof DictRepr)) throw hop.error(`internal error: ${hop.op.opname} of ${repr?.name} as a Map or Set`);
  return { repr, d: hop.input(0, repr) };
}

/**
 * Operand i as a key of the dict; undefined when it is a constant that cannot be one (a
 * string of several characters looked up among char keys), so nothing is found.
 */
function keyOperand(hop: HighLevelOp, i: number, repr: DictRepr): LLValue | undefined {
  const arg = hop.op.args[i];
  if (arg instanceof Constant && ["string", "number", "boolean"].includes(typeof arg.value)) {
    if (repr.keyRepr === CHAR && (arg.value as string).length !== 1) return undefined;
    return repr.keyRepr.convertConst(arg.value);
  }
  return hop.input(i, repr.keyRepr);
}

/** A lookup (get, has, delete): the helper's result, or `absent` when the key cannot be there. */
function lookup(graph: (repr: DictRepr, hop: HighLevelOp) => LLGraph, absent: (hop: HighLevelOp) => LLValue): BuiltinLowering {
  return (hop, first) => {
    const { repr, d } = dictOf(hop);
    const hint = hop.constName(1);
    if (repr.keyRepr === CHAR && hop.argsR[first] instanceof StringRepr && !(hop.op.args[first] instanceof Constant)) {
      const inner = graph(repr, hop);
      return callGraph(hop, charKeyGraph(repr, inner, absent(hop) as LLConstant), [d, hop.input(first, hop.argsR[first]!)], hint);
    }
    const key = keyOperand(hop, first, repr);
    if (!key) return absent(hop);
    return callGraph(hop, graph(repr, hop), [d, key], hint);
  };
}

/**
 * A lookup among char keys (the keys were all one-character constants) with a string: only a
 * string of one character can be there; the lookup helper `inner` then gets that character.
 */
function charKeyGraph(repr: DictRepr, inner: LLGraph, absent: LLConstant): LLGraph {
  let graph = repr.charKeyGraphs.get(inner);
  if (graph) return graph;
  const [dictType] = inner.argTypes;
  const b = new LLGraphBuilder(`${inner.name} by string`, [dictType!, Ptr(STR)], inner.resultType);
  const [d, s] = b.args as [LLValue, LLValue];
  const chars = new LLConstant("chars", Void);
  b.ifThen(b.op("ptr_iszero", [s], Bool), () => b.returnValue(absent));
  b.ifThen(b.op("ptr_eq", [s, nullishPointer(null, Ptr(STR))!], Bool), () => b.returnValue(absent));
  b.ifThen(b.op("int_ne", [b.op("getinteriorarraysize", [s, chars], Signed), new LLConstant(1, Signed)], Bool), () => b.returnValue(absent));
  const c = b.op("getinteriorfield", [s, chars, new LLConstant(0, Signed)], Char, "c");
  b.returnValue(b.op("direct_call", [functionConstant(inner), d, c], inner.resultType, "found"));
  graph = b.build();
  repr.charKeyGraphs.set(inner, graph);
  return graph;
}

const FALSE = () => new LLConstant(false, Bool);

const get = lookup(
  (repr, hop) => repr.getGraph(hop.resultR),
  (hop) => hop.resultR.convertConst(undefined),
);
const has = lookup((repr) => repr.containsGraph(), FALSE);
const remove = lookup((repr) => repr.deleteGraph(), FALSE);

/** set(key, value) and add(key): the receiver is the result. */
const store: BuiltinLowering = (hop, first) => {
  const { repr, d } = dictOf(hop);
  const args = [d, keyOperand(hop, first, repr) ?? hop.input(first, repr.keyRepr)];
  if (repr.kind === "map") args.push(hop.input(first + 1, repr.valueRepr));
  callGraph(hop, repr.setitemGraph(), args);
  return hop.convertValue(d, repr, hop.resultR);
};

const clear: BuiltinLowering = (hop) => {
  const { repr, d } = dictOf(hop);
  callGraph(hop, repr.clearGraph(), [d]);
  return undefined;
};

const size: Lowering = (hop) => {
  const { d } = dictOf(hop);
  return hop.genop("getfield", [d, new LLConstant("size", Void)], Signed, "size");
};

/** keys(), values(), entries(): an iterator over the receiver. */
const iterator: BuiltinLowering = (hop) => {
  const repr = hop.resultR;
  if (!(repr instanceof IteratorRepr)) throw hop.error(`internal error: ${hop.constName(1)}() gives ${repr.name}`);
  return repr.create(hopGen(hop), hop.input(0, repr.container));
};

export const DICTS: BuiltinLowerings = {
  methods: {
    "map.get": get,
    "map.set": store,
    "map.has": has,
    "map.delete": remove,
    "map.clear": clear,
    "map.keys": iterator,
    "map.values": iterator,
    "map.entries": iterator,
    "set.add": store,
    "set.has": has,
    "set.delete": remove,
    "set.clear": clear,
    "set.keys": iterator,
    "set.values": iterator,
  },
  attrs: {
    "map.size": size,
    "set.size": size,
  },
};

/** `new Map()`, `new Set()`, and the same from an iterable (operand 1). */
export function lowerNewDict(hop: HighLevelOp, repr: DictRepr): LLValue {
  if (hop.op.args.length < 2) return callGraph(hop, repr.newGraph(), [], repr.kind);
  const from = hop.argsR[1]!;
  return callGraph(hop, fromIterableGraph(hop.rtyper, repr, hop.argsS[1]!.kind === "iterator", from, hop.rtyper.reprOf(iterationOf(hop.argsS[1]!)) as IteratorRepr), [hop.input(1, from)], repr.kind);
}

/** `ll_from(iterable) -> dict`: a new dict with the items of an array, string, Set, Map or iterator, in order. */
function fromIterableGraph(rtyper: RTyper, dict: DictRepr, isIterator: boolean, from: Repr, iter: IteratorRepr): LLGraph {
  const known = dict.fromIterableGraphs.get(from);
  if (known) return known;
  const b = new LLGraphBuilder(`ll_${dict.kind}_from ${dict.name}`, [from.lowleveltype], dict.lowleveltype);
  const gen = builderGen(b, rtyper);
  const d = b.op("direct_call", [functionConstant(dict.newGraph())], dict.lowleveltype, "d");
  const it = isIterator ? b.args[0]! : iter.create(gen, gen.convert(b.args[0]!, from, iter.container));
  b.whileLoop(
    () => b.op("bool_not", [iter.done(gen, it)], Bool),
    () => {
      const item = iter.next(gen, it);
      const args: LLValue[] = [d];
      if (dict.kind === "set") args.push(gen.convert(item, iter.yields, dict.keyRepr));
      else args.push(...pairOf(b, gen, item, iter.yields, [dict.keyRepr, dict.valueRepr]));
      b.op("direct_call", [functionConstant(dict.setitemGraph()), ...args], Void);
    },
  );
  b.returnValue(d);
  const graph = b.build();
  dict.fromIterableGraphs.set(from, graph);
  return graph;
}

/** The key and value of one [key, value] item: a tuple, or an array of at least two items. */
function pairOf(b: LLGraphBuilder, gen: ReturnType<typeof builderGen>, item: LLValue, repr: Repr, to: [Repr, Repr]): LLValue[] {
  if (repr instanceof TupleRepr) return to.map((r, i) => gen.convert(repr.item(gen.emit, item, i), repr.items[i]!, r));
  if (repr instanceof ListRepr) {
    b.op("check_index", [new LLConstant(1, Signed), b.op("getfield", [item, new LLConstant("length", Void)], Signed, "length")], Void);
    const items = b.op("getfield", [item, new LLConstant("items", Void)], repr.itemsType, "items");
    return to.map((r, i) => gen.convert(b.op("getarrayitem", [items, new LLConstant(i, Signed)], repr.item.lowleveltype, "item"), repr.item, r));
  }
  throw new Error(`internal error: new Map() from items of ${repr.name}`);
}
