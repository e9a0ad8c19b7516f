/**
 * The methods of arrays and typed arrays that need code (pop, indexOf, includes, slice, setting
 * the length, fill, set, slice of a typed array): LL helper graphs built once per item
 * representation, with JavaScript's index rules (negative from the end, clamped to the length).
 */

import { LLConstant, type LLGraph, type LLOperation, type LLValue, cachedGraph, functionConstant } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Bool, Float, PtrType, Signed, Void, widened, type LLType } from "../llir/lltype.js";
import { callGraph, type BuiltinLowerings, type Lowering } from "./lower-common.js";
import { FLOAT, INT, VoidRepr, type Repr } from "./rmodel.js";
import { ListRepr } from "./rlist.js";
import { StringRepr } from "./rstr.js";
import { strEqualGraph } from "./rstr-hash.js";
import { TypedArrayRepr } from "./rtypedarray.js";
import type { HighLevelOp, RTyper } from "./rtyper.js";

const name = (n: string) => new LLConstant(n, Void);
const int = (n: number) => new LLConstant(n, Signed);

/** The helper graph of repr that does what, built once (kept by the representation, which belongs to one rtyper). */
function cached(repr: ListRepr | TypedArrayRepr, what: string, build: () => LLGraph): LLGraph {
  return cachedGraph(repr.methodHelpers, what, build);
}

/** JavaScript's relative index: negative counts from length; the result is clamped to [0, length]. */
function relativeIndex(b: LLGraphBuilder, index: LLValue, length: LLValue): LLValue {
  const result = b.local(Signed, index, "index");
  b.ifThen(
    b.op("int_lt", [index, int(0)], Bool),
    () => {
      const fromEnd = b.op("int_add", [index, length], Signed);
      b.set(result, fromEnd);
      b.ifThen(b.op("int_lt", [fromEnd, int(0)], Bool), () => b.set(result, int(0)));
    },
    () => b.ifThen(b.op("int_gt", [index, length], Bool), () => b.set(result, length)),
  );
  return b.get(result);
}

function listLength(b: LLGraphBuilder, list: LLValue): LLValue {
  return b.op("getfield", [list, name("length")], Signed, "length");
}

function listItems(b: LLGraphBuilder, list: LLValue, repr: ListRepr): LLValue {
  return b.op("getfield", [list, name("items")], repr.itemsType, "items");
}

/** The zero of a type: what an emptied slot holds, so that the GC does not keep its old value alive. */
function zero(type: LLType): LLConstant {
  if (type instanceof PtrType) return new LLConstant(null, type);
  if (type === Float) return new LLConstant(0, Float);
  if (type === Bool) return new LLConstant(false, Bool);
  return new LLConstant(0, type);
}

/** list.pop(): the last item, or undefined when empty (held in result, the item's nullable form). */
function popGraph(hop: HighLevelOp, repr: ListRepr, result: Repr): LLGraph {
  return cached(repr, `pop:${result.name}`, () => {
    const b = new LLGraphBuilder(`ll_pop_${repr.item.name}`, [repr.lowleveltype], result.lowleveltype);
    const list = b.args[0]!;
    const value = b.local(result.lowleveltype, result.convertConst(undefined), "item");
    const length = listLength(b, list);
    b.ifThen(b.op("int_gt", [length, int(0)], Bool), () => {
      const last = b.op("int_sub", [length, int(1)], Signed, "last");
      const items = listItems(b, list, repr);
      const item = b.op("getarrayitem", [items, last], repr.item.lowleveltype, "item");
      b.op("setarrayitem", [items, last, zero(repr.item.lowleveltype)], Void);
      b.op("setfield", [list, name("length"), last], Void);
      const ops: LLOperation[] = [];
      const converted = hop.rtyper.convert(item, repr.item, result, ops, undefined);
      b.append(ops);
      b.set(value, converted);
    });
    b.returnValue(b.get(value));
    return b.build();
  });
}

/** Whether two items are equal: strict equality (indexOf), or SameValueZero (includes: NaN is found). */
function itemsEqual(rtyper: RTyper, b: LLGraphBuilder, item: Repr, x: LLValue, y: LLValue, sameValueZero: boolean): LLValue {
  const t = item.lowleveltype;
  // The items of an array that is never filled do not exist: never compared.
  if (item instanceof VoidRepr && item.name === "impossible") return new LLConstant(false, Bool);
  if (item instanceof StringRepr) return b.op("direct_call", [functionConstant(strEqualGraph(rtyper)), x, y], Bool, "eq");
  if (t === Float) {
    const eq = b.op("float_eq", [x, y], Bool, "eq");
    if (!sameValueZero) return eq;
    const bothNaN = b.op("bool_and", [b.op("float_ne", [x, x], Bool), b.op("float_ne", [y, y], Bool)], Bool);
    return b.op("bool_or", [eq, bothNaN], Bool, "eq");
  }
  if (t instanceof PtrType) return b.op("ptr_eq", [x, y], Bool, "eq");
  if (t === Bool) return b.op("int_eq", [b.op("cast_bool_to_int", [x], Signed), b.op("cast_bool_to_int", [y], Signed)], Bool, "eq");
  if (t === Signed) return b.op("int_eq", [x, y], Bool, "eq");
  return b.op(`char_eq`, [x, y], Bool, "eq");
}


/** list.indexOf(item, from) -> index or -1; includes -> whether found. */
function searchGraph(rtyper: RTyper, repr: ListRepr, includes: boolean): LLGraph {
  return cached(repr, includes ? "includes" : "indexOf", () => {
    const itemType = repr.item.lowleveltype;
    const b = new LLGraphBuilder(`ll_${includes ? "includes" : "indexof"}_${repr.item.name}`, [repr.lowleveltype, itemType, Signed], Signed);
    const [list, wanted, from] = b.args as [LLValue, LLValue, LLValue];
    const length = listLength(b, list);
    const items = listItems(b, list, repr);
    const found = b.local(Signed, int(-1), "found");
    const i = b.local(Signed, relativeIndex(b, from, length), "i");
    b.whileLoop(
      () => b.op("bool_and", [b.op("int_lt", [b.get(i), length], Bool), b.op("int_lt", [b.get(found), int(0)], Bool)], Bool),
      () => {
        const item = b.op("getarrayitem", [items, b.get(i)], itemType, "item");
        b.ifThen(itemsEqual(rtyper, b, repr.item, item, wanted, includes), () => b.set(found, b.get(i)));
        b.set(i, b.op("int_add", [b.get(i), int(1)], Signed));
      },
    );
    b.returnValue(b.get(found));
    return b.build();
  });
}

/** list.slice(start, end): a new list of the items [start, end) (relative indices). */
function sliceGraph(repr: ListRepr, result: ListRepr): LLGraph {
  return cached(repr, `slice:${result.name}`, () => {
    const b = new LLGraphBuilder(`ll_slice_${repr.item.name}`, [repr.lowleveltype, Signed, Signed], result.lowleveltype);
    const [list, start, end] = b.args as [LLValue, LLValue, LLValue];
    const length = listLength(b, list);
    const from = relativeIndex(b, start, length);
    const to = relativeIndex(b, end, length);
    const count = b.local(Signed, b.op("int_sub", [to, from], Signed), "count");
    b.ifThen(b.op("int_lt", [b.get(count), int(0)], Bool), () => b.set(count, int(0)));
    const items = listItems(b, list, repr);
    const copy = b.op("malloc", [new LLConstant(result.struct, Void)], result.lowleveltype, "copy");
    const copyItems = b.op("malloc_varsize", [new LLConstant(result.itemsArray, Void), b.get(count)], result.itemsType, "copyitems");
    b.forRange(int(0), b.get(count), (k) => {
      const item = b.op("getarrayitem", [items, b.op("int_add", [from, k], Signed)], repr.item.lowleveltype, "item");
      b.op("setarrayitem", [copyItems, k, item], Void);
    }, Signed);
    b.op("setfield", [copy, name("length"), b.get(count)], Void);
    b.op("setfield", [copy, name("items"), copyItems], Void);
    b.returnValue(copy);
    return b.build();
  });
}

/** list.length = n: shrinks (emptying the dropped slots); growing would make holes, which RTS arrays do not have. */
function setLengthGraph(repr: ListRepr): LLGraph {
  return cached(repr, "setlength", () => {
    const b = new LLGraphBuilder(`ll_setlength_${repr.item.name}`, [repr.lowleveltype, Signed], Void);
    const [list, n] = b.args as [LLValue, LLValue];
    const length = listLength(b, list);
    b.ifThen(b.op("bool_or", [b.op("int_lt", [n, int(0)], Bool), b.op("int_gt", [n, length], Bool)], Bool), () => {
      b.op("debug_fatal", [new LLConstant("an array's length can only be set to a smaller length in RTS (growing it would leave holes)", Void)], Void);
    });
    const items = listItems(b, list, repr);
    b.forRange(n, length, (k) => b.op("setarrayitem", [items, k, zero(repr.item.lowleveltype)], Void), Signed);
    b.op("setfield", [list, name("length"), n], Void);
    b.returnValue(new LLConstant(null, Void));
    return b.build();
  });
}

/** typedArray.fill(value, start, end) */
function fillGraph(repr: TypedArrayRepr): LLGraph {
  return cached(repr, "fill", () => {
    const valueType = widened(repr.array.item);
    const b = new LLGraphBuilder(`ll_fill_${repr.name}`, [repr.lowleveltype, valueType, Signed, Signed], Void);
    const [array, value, start, end] = b.args as [LLValue, LLValue, LLValue, LLValue];
    const length = b.op("getarraylength", [array], Signed, "length");
    const from = relativeIndex(b, start, length);
    const to = relativeIndex(b, end, length);
    b.forRange(from, to, (k) => b.op("setarrayitem", [array, k, value], Void), Signed);
    b.returnValue(new LLConstant(null, Void));
    return b.build();
  });
}

/** typedArray.slice(start, end): a copy. */
function typedSliceGraph(repr: TypedArrayRepr): LLGraph {
  return cached(repr, "slice", () => {
    const b = new LLGraphBuilder(`ll_typedslice_${repr.name}`, [repr.lowleveltype, Signed, Signed], repr.lowleveltype);
    const [array, start, end] = b.args as [LLValue, LLValue, LLValue];
    const length = b.op("getarraylength", [array], Signed, "length");
    const from = relativeIndex(b, start, length);
    const to = relativeIndex(b, end, length);
    const count = b.local(Signed, b.op("int_sub", [to, from], Signed), "count");
    b.ifThen(b.op("int_lt", [b.get(count), int(0)], Bool), () => b.set(count, int(0)));
    const copy = b.op("malloc_varsize", [new LLConstant(repr.array, Void), b.get(count)], repr.lowleveltype, "copy");
    b.forRange(int(0), b.get(count), (k) => {
      const item = b.op("getarrayitem", [array, b.op("int_add", [from, k], Signed)], widened(repr.array.item), "item");
      b.op("setarrayitem", [copy, k, item], Void);
    }, Signed);
    b.returnValue(copy);
    return b.build();
  });
}

/** typedArray.set(source, offset): copies a typed array or an array of numbers in; a RangeError in JavaScript when it does not fit. */
function typedSetGraph(repr: TypedArrayRepr, source: Repr): LLGraph {
  return cached(repr, `set:${source.name}`, () => {
    const b = new LLGraphBuilder(`ll_typedset_${repr.name}`, [repr.lowleveltype, source.lowleveltype, Signed], Void);
    const [array, from, offset] = b.args as [LLValue, LLValue, LLValue];
    const length = b.op("getarraylength", [array], Signed, "length");
    const isList = source instanceof ListRepr;
    const count = isList ? listLength(b, from) : b.op("getarraylength", [from], Signed, "count");
    const items = isList ? listItems(b, from, source as ListRepr) : from;
    const fits = b.op("bool_and", [b.op("int_ge", [offset, int(0)], Bool), b.op("int_le", [b.op("int_add", [offset, count], Signed), length], Bool)], Bool);
    b.ifThen(b.op("bool_not", [fits], Bool), () => b.op("debug_fatal", [new LLConstant("typed array set(): the source does not fit (RangeError: offset is out of bounds)", Void)], Void));
    const itemType = isList ? (source as ListRepr).item.lowleveltype : widened((source as TypedArrayRepr).array.item);
    const targetType = widened(repr.array.item);
    b.forRange(int(0), count, (k) => {
      let item: LLValue = b.op("getarrayitem", [items, k], itemType, "item");
      if (itemType === Float && targetType !== Float) item = b.op("float_to_int32", [item], Signed);
      else if (itemType !== Float && targetType === Float) item = b.op("cast_int_to_float", [item], Float);
      b.op("setarrayitem", [array, b.op("int_add", [offset, k], Signed), item], Void);
    }, Signed);
    b.returnValue(new LLConstant(null, Void));
    return b.build();
  });
}

/** Operand i as an int, or a default when it is not given. */
function intArg(hop: HighLevelOp, i: number, fallback: LLValue): LLValue {
  return i < hop.op.args.length ? hop.input(i, INT) : fallback;
}

export const LIST_LOWERINGS: BuiltinLowerings = {
  methods: {
    "array.pop": (hop) => {
      const repr = hop.argsR[0] as ListRepr;
      return callGraph(hop, popGraph(hop, repr, hop.resultR), [hop.input(0, repr)], "item");
    },
    "array.indexOf": (hop, first) => {
      const repr = hop.argsR[0] as ListRepr;
      return callGraph(hop, searchGraph(hop.rtyper, repr, false), [hop.input(0, repr), hop.input(first, repr.item), intArg(hop, first + 1, int(0))], "index");
    },
    "array.includes": (hop, first) => {
      const repr = hop.argsR[0] as ListRepr;
      const index = callGraph(hop, searchGraph(hop.rtyper, repr, true), [hop.input(0, repr), hop.input(first, repr.item), int(0)], "index");
      return hop.genop("int_ge", [index, int(0)], Bool, "found");
    },
    "array.slice": (hop, first) => {
      const repr = hop.argsR[0] as ListRepr;
      const end = intArg(hop, first + 1, int(2 ** 53));
      return callGraph(hop, sliceGraph(repr, hop.resultR as ListRepr), [hop.input(0, repr), intArg(hop, first, int(0)), end], "copy");
    },
    "typedArray.fill": (hop, first) => {
      const repr = hop.argsR[0] as TypedArrayRepr;
      const isFloat = widened(repr.array.item) === Float;
      const value = isFloat ? hop.input(first, FLOAT) : hop.argsR[first] === FLOAT ? hop.genop("float_to_int32", [hop.input(first, FLOAT)], Signed) : hop.input(first, INT);
      const array = hop.input(0, repr);
      callGraph(hop, fillGraph(repr), [array, value, intArg(hop, first + 1, int(0)), intArg(hop, first + 2, int(2 ** 53))]);
      return array;
    },
    "typedArray.slice": (hop, first) => {
      const repr = hop.argsR[0] as TypedArrayRepr;
      return callGraph(hop, typedSliceGraph(repr), [hop.input(0, repr), intArg(hop, first, int(0)), intArg(hop, first + 1, int(2 ** 53))], "copy");
    },
    "typedArray.set": (hop, first) => {
      const repr = hop.argsR[0] as TypedArrayRepr;
      const source = hop.argsR[first]!;
      callGraph(hop, typedSetGraph(repr, source), [hop.input(0, repr), hop.input(first, source), intArg(hop, first + 1, int(0))]);
      return undefined;
    },
  },
};

/** `list.length = n` */
export const setListLength: Lowering = (hop) => {
  const repr = hop.argsR[0] as ListRepr;
  callGraph(hop, setLengthGraph(repr), [hop.input(0, repr), hop.input(2, INT)]);
  return undefined;
};
