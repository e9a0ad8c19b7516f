/**
 * The array methods that take a function (map, filter, forEach, some, every, find, findIndex,
 * reduce, sort; src/annotator/builtins-callbacks.ts says what each accepts): one LL helper graph
 * per (method, list representation, function), as RPython specialises a helper on a constant
 * function. The helper loops over the array and calls the function directly (one known
 * function: a module-level function, an unbound method, an arrow written at the call, whose
 * captured variables are extra parameters of the helper) or through a pointer (a value that is
 * one of several functions: the pointer is a parameter, called with its call family's row).
 *
 * JavaScript's rules kept: the length is read once at the start, and an item is visited only
 * while it still exists (a callback that pops items ends the loop early; pushed items are not
 * visited); callbacks get (item, index, array) — as many as they declare; sort is a stable
 * merge sort on a copy, where the comparator's sign decides (positive: b before a; negative,
 * zero or NaN: keep the order), written back at the end; reduce without an initial value throws
 * JavaScript's TypeError on an empty array (a runtime helper written in RTS).
 * Exceptions thrown by a callback leave the helper (the exception transform adds the checks).
 */

import type { FunctionDesc } from "../annotator/bookkeeper.js";
import { declaredParams } from "../annotator/builtins-callbacks.js";
import { isImpossible } from "../annotator/model.js";
import { LLConstant, cachedGraph, functionConstant, type LLGraph, type LLOperation, type LLValue } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Bool, Float, FuncType, Ptr, Signed, Void, type LLType } from "../llir/lltype.js";
import { callGraph, type BuiltinLowerings } from "./lower-common.js";
import { noteMethodSite } from "./lower-exceptions.js";
import { stringRepr } from "./lower-strings.js";
import { BOOL, CHAR, FLOAT, INT, type Repr } from "./rmodel.js";
import { ListRepr } from "./rlist.js";
import { DescRepr, FunctionsRepr, convertInRow, type Emitter } from "./rpbc.js";
import { StringRepr } from "./rstr.js";
import type { HighLevelOp, RTyper } from "./rtyper.js";

const name = (n: string) => new LLConstant(n, Void);
const int = (n: number) => new LLConstant(n, Signed);

type Typed = { value: LLValue; repr: Repr };

/**
 * How a helper calls the function given to the method: the helper's extra parameters (a
 * pointer, captured values), what the call site passes for them, and the call itself.
 */
interface Callee {
  /** What the helper is specialised on (a desc or a call family). */
  readonly identity: object;
  readonly label: string;
  readonly inputTypes: LLType[];
  /** How many of the call's last operands are an arrow's captured values. */
  readonly captured: number;
  /**
   * Whether the function was ever called while annotating: not when the array's items are never
   * known (it is always empty), and then the helper has no loop.
   */
  readonly reached: boolean;
  operands(hop: HighLevelOp, first: number): LLValue[];
  /** Emits the call in b with the helper's extra inputs and the arguments JavaScript passes. */
  call(b: LLGraphBuilder, inputs: LLValue[], args: Typed[]): Typed;
}

/** Conversions and operations emitted into a helper being built. */
function emitterIn(rtyper: RTyper, b: LLGraphBuilder): Emitter {
  return {
    convertValue: (value, from, to) => {
      const ops: LLOperation[] = [];
      const converted = rtyper.convert(value, from, to, ops, undefined);
      b.append(ops);
      return converted;
    },
    genop: (opname, args, type, hint) => b.op(opname, args, type, hint),
  };
}

/** The function given to the method (operand `first`; an arrow's captured values are the last operands). */
function calleeOf(hop: HighLevelOp, first: number): Callee {
  const rtyper = hop.rtyper;
  const repr = hop.argsR[first]!;
  if (repr instanceof DescRepr && repr.desc.kind === "function") {
    const desc = repr.desc as FunctionDesc;
    const graph = desc.graph;
    const captured = desc.source.kind === "arrow" ? (desc.source.captured?.length ?? 0) : 0;
    const called = graph && rtyper.annotator.reached(graph.startblock) && graph.startblock.inputargs.every((v) => !isImpossible(rtyper.annotation(v)));
    if (!graph || !called) {
      // Never called while annotating (the array is always empty): the helper has no call.
      return {
        identity: desc,
        label: desc.name.replace(/[^\w]/g, "_"),
        inputTypes: [],
        captured,
        reached: false,
        operands: () => [],
        call: () => {
          throw hop.error(`internal error: a call of ${desc.name}, which was never annotated`);
        },
      };
    }
    const params = graph.startblock.inputargs.map((v) => rtyper.reprOf(rtyper.annotation(v)));
    const result = rtyper.reprOf(rtyper.annotation(graph.returnblock.inputargs[0]!));
    const declared = declaredParams(desc);
    return {
      identity: desc,
      label: desc.name.replace(/[^\w]/g, "_"),
      captured,
      reached: true,
      inputTypes: params.slice(0, captured).map((p) => p.lowleveltype),
      operands: (h) => {
        const from = h.op.args.length - captured;
        return params.slice(0, captured).map((p, i) => h.input(from + i, p));
      },
      call: (b, inputs, args) => {
        const out = emitterIn(rtyper, b);
        const values = params.map((param, i) => {
          if (i < captured) return inputs[i]!;
          const arg = i - captured < declared ? args[i - captured] : undefined;
          return arg ? out.convertValue(arg.value, arg.repr, param) : param.convertConst(undefined);
        });
        const type = Ptr(new FuncType(params.map((p) => p.lowleveltype), result.lowleveltype));
        const value = b.op("direct_call", [new LLConstant(rtyper.functionRef(desc), type), ...values], result.lowleveltype, "r");
        return { value: result.lowleveltype === Void ? new LLConstant(null, Void) : value, repr: result };
      },
    };
  }
  if (repr instanceof FunctionsRepr) {
    const row = repr.family.row();
    return {
      identity: repr.family,
      label: "fnptr",
      captured: 0,
      reached: true,
      inputTypes: [repr.lowleveltype],
      operands: (h) => [h.input(first, repr)],
      call: (b, inputs, args) => {
        const out = emitterIn(rtyper, b);
        const values = row.params.map((param, i) => {
          const arg = args[i];
          return arg ? convertInRow(out, arg.value, arg.repr, param) : param.convertConst(undefined);
        });
        const value = b.op("indirect_call", [inputs[0]!, ...values], row.result.lowleveltype, "r");
        return { value: row.result.lowleveltype === Void ? new LLConstant(null, Void) : value, repr: row.result };
      },
    };
  }
  throw hop.error(`calling ${repr.name} from an array method is not supported by the rtyper yet`);
}

/** The helper graph of list, callee and what the helper does, built once (kept by the list representation). */
function cached(list: ListRepr, callee: Callee | undefined, what: string, build: () => LLGraph): LLGraph {
  const key = callee?.identity ?? list;
  let graphs = list.callbackHelpers.get(key);
  if (!graphs) {
    graphs = new Map();
    list.callbackHelpers.set(key, graphs);
  }
  return cachedGraph(graphs, what, build);
}

/** The parts every helper starts with: the list argument, the callee's inputs, the original length. */
interface Loop {
  callee: Callee;
  b: LLGraphBuilder;
  list: LLValue;
  inputs: LLValue[];
  length: LLValue;
}

function startHelper(method: string, repr: ListRepr, callee: Callee, extraTypes: LLType[], resultType: LLType): Loop & { extras: LLValue[] } {
  const b = new LLGraphBuilder(`ll_${method}_${callee.label}`, [repr.lowleveltype, ...callee.inputTypes, ...extraTypes], resultType);
  const list = b.args[0]!;
  const inputs = b.args.slice(1, 1 + callee.inputTypes.length);
  const extras = b.args.slice(1 + callee.inputTypes.length);
  const length = b.op("getfield", [list, name("length")], Signed, "length");
  return { callee, b, list, inputs, extras, length };
}

/** body(item, k) for each item from `from` on that still exists (k below both the original and the current length). */
function forEachItem(loop: Loop, repr: ListRepr, from: LLValue, body: (item: LLValue, k: LLValue) => void): void {
  const { b, list, length } = loop;
  if (!loop.callee.reached) return;
  const k = b.local(Signed, from, "k");
  b.whileLoop(
    () => {
      // The length read once at the start, and the items that still exist: pops end the loop.
      const current = b.op("getfield", [list, name("length")], Signed, "current");
      const inOriginal = b.op("int_lt", [b.get(k), length], Bool);
      return b.op("bool_and", [inOriginal, b.op("int_lt", [b.get(k), current], Bool)], Bool);
    },
    () => {
      const items = b.op("getfield", [list, name("items")], repr.itemsType, "items");
      const item = b.op("getarrayitem", [items, b.get(k)], repr.item.lowleveltype, "item");
      const index = b.get(k);
      body(item, index);
      b.set(k, b.op("int_add", [index, int(1)], Signed));
    },
  );
}

/** The arguments JavaScript gives a callback of the list: (item, index, array). */
function itemArgs(repr: ListRepr, list: LLValue, item: LLValue, k: LLValue): Typed[] {
  return [
    { value: item, repr: repr.item },
    { value: k, repr: INT },
    { value: list, repr },
  ];
}

/** The result of a predicate (a boolean, as the annotator requires). */
function asBool(rtyper: RTyper, b: LLGraphBuilder, r: Typed): LLValue {
  return emitterIn(rtyper, b).convertValue(r.value, r.repr, BOOL);
}

function mapGraph(hop: HighLevelOp, repr: ListRepr, callee: Callee, result: ListRepr): LLGraph {
  return cached(repr, callee, `map:${result.name}`, () => {
    const loop = startHelper("map", repr, callee, [], result.lowleveltype);
    const { b, list, inputs, length } = loop;
    const copy = b.op("malloc", [new LLConstant(result.struct, Void)], result.lowleveltype, "copy");
    const copyItems = b.op("malloc_varsize", [new LLConstant(result.itemsArray, Void), length], result.itemsType, "copyitems");
    b.op("setfield", [copy, name("items"), copyItems], Void);
    forEachItem(loop, repr, int(0), (item, k) => {
      const r = callee.call(b, inputs, itemArgs(repr, list, item, k));
      const value = emitterIn(hop.rtyper, b).convertValue(r.value, r.repr, result.item);
      const items = b.op("getfield", [copy, name("items")], result.itemsType, "items");
      b.op("setarrayitem", [items, k, value], Void);
      b.op("setfield", [copy, name("length"), b.op("int_add", [k, int(1)], Signed)], Void);
    });
    b.returnValue(copy);
    return b.build();
  });
}

function forEachGraph(hop: HighLevelOp, repr: ListRepr, callee: Callee): LLGraph {
  return cached(repr, callee, "forEach", () => {
    const loop = startHelper("forEach", repr, callee, [], Void);
    const { b, list, inputs } = loop;
    forEachItem(loop, repr, int(0), (item, k) => void callee.call(b, inputs, itemArgs(repr, list, item, k)));
    b.returnValue(new LLConstant(null, Void));
    return b.build();
  });
}

function filterGraph(hop: HighLevelOp, repr: ListRepr, callee: Callee, result: ListRepr): LLGraph {
  return cached(repr, callee, `filter:${result.name}`, () => {
    const loop = startHelper("filter", repr, callee, [], result.lowleveltype);
    const { b, list, inputs } = loop;
    const copy = b.op("malloc", [new LLConstant(result.struct, Void)], result.lowleveltype, "copy");
    const copyItems = b.op("malloc_varsize", [new LLConstant(result.itemsArray, Void), int(0)], result.itemsType, "copyitems");
    b.op("setfield", [copy, name("items"), copyItems], Void);
    const append = result.appendHelper();
    forEachItem(loop, repr, int(0), (item, k) => {
      const keep = asBool(hop.rtyper, b, callee.call(b, inputs, itemArgs(repr, list, item, k)));
      b.ifThen(keep, () => {
        const value = emitterIn(hop.rtyper, b).convertValue(item, repr.item, result.item);
        b.op("direct_call", [functionConstant(append), copy, value], Signed, "length");
      });
    });
    b.returnValue(copy);
    return b.build();
  });
}

/**
 * some, every, find, findIndex: the first item whose answer is `stopOn`; returns what found()
 * gives for it, or notFound.
 */
function searchGraph(
  hop: HighLevelOp,
  method: string,
  repr: ListRepr,
  callee: Callee,
  resultR: Repr,
  stopOn: boolean,
  found: (b: LLGraphBuilder, item: LLValue, k: LLValue) => LLValue,
  notFound: LLValue,
): LLGraph {
  return cached(repr, callee, `${method}:${resultR.name}`, () => {
    const loop = startHelper(method, repr, callee, [], resultR.lowleveltype);
    const { b, list, inputs } = loop;
    forEachItem(loop, repr, int(0), (item, k) => {
      const answer = asBool(hop.rtyper, b, callee.call(b, inputs, itemArgs(repr, list, item, k)));
      b.ifThen(stopOn ? answer : b.op("bool_not", [answer], Bool), () => b.returnValue(found(b, item, k)));
    });
    b.returnValue(notFound);
    return b.build();
  });
}

function reduceGraph(hop: HighLevelOp, repr: ListRepr, callee: Callee, acc: Repr, withInitial: boolean): LLGraph {
  return cached(repr, callee, `reduce:${withInitial}:${acc.name}`, () => {
    const loop = startHelper("reduce", repr, callee, withInitial ? [acc.lowleveltype] : [], acc.lowleveltype);
    const { b, list, inputs, extras, length } = loop;
    const out = emitterIn(hop.rtyper, b);
    let start: LLValue = int(0);
    let initial: LLValue;
    if (withInitial) {
      initial = extras[0]!;
    } else {
      b.ifThen(b.op("int_eq", [length, int(0)], Bool), () => {
        const thrower = hop.rtyper.rtsHelper("reduceOfEmptyArray", []);
        b.op("direct_call", [new LLConstant(hop.rtyper.functionRef(thrower), Ptr(new FuncType([], Void))), ], Void);
      });
      if (callee.reached) {
        const items = b.op("getfield", [list, name("items")], repr.itemsType, "items");
        initial = out.convertValue(b.op("getarrayitem", [items, int(0)], repr.item.lowleveltype, "first"), repr.item, acc);
      } else {
        initial = acc.convertConst(undefined); // never used: the array is always empty, reduce always throws
      }
      start = int(1);
    }
    const value = b.local(acc.lowleveltype, initial, "acc");
    forEachItem(loop, repr, start, (item, k) => {
      const r = callee.call(b, inputs, [{ value: b.get(value), repr: acc }, ...itemArgs(repr, list, item, k)]);
      b.set(value, out.convertValue(r.value, r.repr, acc));
    });
    b.returnValue(b.get(value));
    return b.build();
  });
}

/**
 * sort: a stable bottom-up merge sort of a copy of the items, written back at the end.
 * `after(b, x, y)` says whether x goes after y (the comparator's result is positive).
 */
function sortGraph(repr: ListRepr, callee: Callee | undefined, label: string, after: (b: LLGraphBuilder, inputs: LLValue[], x: LLValue, y: LLValue) => LLValue): LLGraph {
  return cached(repr, callee, "sort", () => {
    const b = new LLGraphBuilder(`ll_sort_${label}`, [repr.lowleveltype, ...(callee?.inputTypes ?? [])], repr.lowleveltype);
    const list = b.args[0]!;
    const inputs = b.args.slice(1);
    if (callee && !callee.reached) {
      b.returnValue(list); // the items are never known: the array is always empty
      return b.build();
    }
    const n = b.op("getfield", [list, name("length")], Signed, "n");
    const itemsArray = new LLConstant(repr.itemsArray, Void);
    const itemType = repr.item.lowleveltype;
    const source = b.local(repr.itemsType, b.op("malloc_varsize", [itemsArray, n], repr.itemsType, "run"), "src");
    const target = b.local(repr.itemsType, b.op("malloc_varsize", [itemsArray, n], repr.itemsType, "merged"), "dst");
    const items = b.op("getfield", [list, name("items")], repr.itemsType, "items");
    b.forRange(int(0), n, (k) => b.op("setarrayitem", [b.get(source), k, b.op("getarrayitem", [items, k], itemType, "item")], Void), Signed);
    const min = (x: LLValue, y: LLValue): LLValue => {
      const m = b.local(Signed, x, "min");
      b.ifThen(b.op("int_lt", [y, x], Bool), () => b.set(m, y));
      return b.get(m);
    };
    const width = b.local(Signed, int(1), "width");
    b.whileLoop(
      () => b.op("int_lt", [b.get(width), n], Bool),
      () => {
        const lo = b.local(Signed, int(0), "lo");
        b.whileLoop(
          () => b.op("int_lt", [b.get(lo), n], Bool),
          () => {
            const mid = min(b.op("int_add", [b.get(lo), b.get(width)], Signed), n);
            const hi = min(b.op("int_add", [b.get(lo), b.op("int_add", [b.get(width), b.get(width)], Signed)], Signed), n);
            const i = b.local(Signed, b.get(lo), "i");
            const j = b.local(Signed, mid, "j");
            b.forRange(b.get(lo), hi, (k) => {
              const takeRight = b.local(Bool, new LLConstant(true, Bool), "right");
              b.ifThen(b.op("int_lt", [b.get(i), mid], Bool), () => {
                b.set(takeRight, new LLConstant(false, Bool));
                b.ifThen(b.op("int_lt", [b.get(j), hi], Bool), () => {
                  const x = b.op("getarrayitem", [b.get(source), b.get(i)], itemType, "x");
                  const y = b.op("getarrayitem", [b.get(source), b.get(j)], itemType, "y");
                  b.set(takeRight, after(b, inputs, x, y));
                });
              });
              b.ifThen(
                b.get(takeRight),
                () => {
                  b.op("setarrayitem", [b.get(target), k, b.op("getarrayitem", [b.get(source), b.get(j)], itemType, "y")], Void);
                  b.set(j, b.op("int_add", [b.get(j), int(1)], Signed));
                },
                () => {
                  b.op("setarrayitem", [b.get(target), k, b.op("getarrayitem", [b.get(source), b.get(i)], itemType, "x")], Void);
                  b.set(i, b.op("int_add", [b.get(i), int(1)], Signed));
                },
              );
            }, Signed);
            b.set(lo, hi);
          },
        );
        const swapped = b.get(source);
        b.set(source, b.get(target));
        b.set(target, swapped);
        b.set(width, b.op("int_add", [b.get(width), b.get(width)], Signed));
      },
    );
    // Written back into the list as it is now (a comparator may have changed it).
    const now = b.op("getfield", [list, name("items")], repr.itemsType, "items");
    const count = min(n, b.op("getfield", [list, name("length")], Signed, "length"));
    b.forRange(int(0), count, (k) => b.op("setarrayitem", [now, k, b.op("getarrayitem", [b.get(source), k], itemType, "item")], Void), Signed);
    b.returnValue(list);
    return b.build();
  });
}

/** Whether a comparator's result is positive (NaN is not: the order is kept, as for 0). */
function positive(b: LLGraphBuilder, r: Typed, rtyper: RTyper): LLValue {
  if (r.repr === INT) return b.op("int_gt", [r.value, int(0)], Bool);
  const f = emitterIn(rtyper, b).convertValue(r.value, r.repr, FLOAT);
  return b.op("float_gt", [f, new LLConstant(0, Float)], Bool);
}

/** Calls a helper with the list, the callee's operands and extra values; returns its result. */
function callHelper(hop: HighLevelOp, graph: LLGraph, callee: Callee | undefined, first: number, extra: LLValue[] = []): LLValue {
  const repr = hop.argsR[0] as ListRepr;
  return callGraph(hop, graph, [hop.input(0, repr), ...(callee?.operands(hop, first) ?? []), ...extra], "result");
}

const list = (hop: HighLevelOp) => hop.argsR[0] as ListRepr;

export const LIST_CALLBACK_LOWERINGS: BuiltinLowerings = {
  methods: {
    "array.map": (hop, first) => {
      const callee = calleeOf(hop, first);
      return callHelper(hop, mapGraph(hop, list(hop), callee, hop.resultR as ListRepr), callee, first);
    },
    "array.forEach": (hop, first) => {
      const callee = calleeOf(hop, first);
      callHelper(hop, forEachGraph(hop, list(hop), callee), callee, first);
      return undefined;
    },
    "array.filter": (hop, first) => {
      const callee = calleeOf(hop, first);
      return callHelper(hop, filterGraph(hop, list(hop), callee, hop.resultR as ListRepr), callee, first);
    },
    "array.some": (hop, first) => {
      const callee = calleeOf(hop, first);
      const graph = searchGraph(hop, "some", list(hop), callee, BOOL, true, () => new LLConstant(true, Bool), new LLConstant(false, Bool));
      return callHelper(hop, graph, callee, first);
    },
    "array.every": (hop, first) => {
      const callee = calleeOf(hop, first);
      const graph = searchGraph(hop, "every", list(hop), callee, BOOL, false, () => new LLConstant(false, Bool), new LLConstant(true, Bool));
      return callHelper(hop, graph, callee, first);
    },
    "array.findIndex": (hop, first) => {
      const callee = calleeOf(hop, first);
      const graph = searchGraph(hop, "findIndex", list(hop), callee, INT, true, (_b, _item, k) => k, int(-1));
      return callHelper(hop, graph, callee, first);
    },
    "array.find": (hop, first) => {
      const callee = calleeOf(hop, first);
      const repr = list(hop);
      const resultR = hop.resultR;
      const found = (b: LLGraphBuilder, item: LLValue) => emitterIn(hop.rtyper, b).convertValue(item, repr.item, resultR);
      const graph = searchGraph(hop, "find", repr, callee, resultR, true, found, resultR.convertConst(undefined));
      return callHelper(hop, graph, callee, first);
    },
    "array.reduce": (hop, first) => {
      const callee = calleeOf(hop, first);
      const withInitial = hop.op.args.length - callee.captured > first + 1;
      const acc = hop.resultR;
      const graph = reduceGraph(hop, list(hop), callee, acc, withInitial);
      if (!withInitial) noteMethodSite(hop);
      return callHelper(hop, graph, callee, first, withInitial ? [hop.input(first + 1, acc)] : []);
    },
    "array.sort": (hop, first) => {
      const repr = list(hop);
      if (hop.op.args.length <= first) {
        // An array whose items are never known is always empty: nothing to sort.
        if (repr.item.lowleveltype === Void) return hop.input(0, repr);
        const strings = stringRepr(hop.rtyper);
        const after =
          repr.item instanceof StringRepr
            ? (b: LLGraphBuilder, _inputs: LLValue[], x: LLValue, y: LLValue) =>
                b.op("int_gt", [b.op("direct_call", [functionConstant(strings.compareGraph()), x, y], Signed, "cmp"), int(0)], Bool)
            : (b: LLGraphBuilder, _inputs: LLValue[], x: LLValue, y: LLValue) =>
                b.op("int_gt", [b.op("cast_char_to_int", [x], Signed), b.op("cast_char_to_int", [y], Signed)], Bool);
        if (!(repr.item instanceof StringRepr) && repr.item !== CHAR) throw hop.error(`sort() of ${repr.name} without a comparator`);
        return callHelper(hop, sortGraph(repr, undefined, "strings", after), undefined, first);
      }
      const callee = calleeOf(hop, first);
      const after = (b: LLGraphBuilder, inputs: LLValue[], x: LLValue, y: LLValue) =>
        positive(b, callee.call(b, inputs, [{ value: x, repr: repr.item }, { value: y, repr: repr.item }]), hop.rtyper);
      return callHelper(hop, sortGraph(repr, callee, callee.label, after), callee, first);
    },
  },
};

