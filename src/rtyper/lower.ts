/**
 * The lowering of each flow operation (RPython's rtype_* methods of the reprs): a table from
 * operation name to a function that, given the HighLevelOp, emits LL operations and returns the
 * LL value of the result. Which LL operations depends on the representations of the operands
 * (an `add` of two ints is int_add_ovf, of a float and an int float_add after a conversion).
 *
 * Numbers keep JavaScript's meaning: integer results beyond ±2^53 stop the program (the _ovf
 * operations) rather than lose precision silently; the bit operations work on 32 bits (ToInt32).
 */

import type { ClassDesc, FrozenDesc } from "../annotator/bookkeeper.js";
import type { JitDriver } from "../lib/jitdriver.js";
import { LLConstant, type LLValue } from "../llir/llgraph.js";
import { Bool, Float, Ptr, PtrType, Signed, StructType, Void, widened } from "../llir/lltype.js";
import {
  callFunction,
  callGraph,
  charAt,
  fieldHolder,
  int32,
  isFloat,
  isInt,
  lengthOf,
  numericRepr,
  rootRepr,
  truth,
  type BuiltinLowering,
  type BuiltinLowerings,
  type Lowering,
} from "./lower-common.js";
import { compareNullableWords, compareWithNullish, nonNull } from "./lower-nullable.js";
import { MATH_LOWERINGS, power } from "./lower-math.js";
import { compareStrings, concatenate, stringOf, STRING_LOWERINGS } from "./lower-strings.js";
import { LIST_CALLBACK_LOWERINGS } from "./lower-list-callbacks.js";
import { LIST_LOWERINGS, setListLength } from "./lower-lists.js";
import { SYSTEM_LOWERINGS } from "./lower-system.js";
import { lowerJitParamHint } from "./lower-jit-params.js";
import { errorCreated, errorSuperCall, EXCEPTION_LOWERINGS, noteCallSite } from "./lower-exceptions.js";
import { callFunctionValue, callMethodOf, comparePbc, pbcAttribute, superMethod } from "./lower-calls.js";
import { InstanceRepr, OBJECT, OBJECT_VTABLE } from "./rclass.js";
import { DescRepr } from "./rpbc.js";
import { BOOL, CHAR, FLOAT, INT, type Repr } from "./rmodel.js";
import { ListRepr } from "./rlist.js";
import { DictRepr } from "./rdict.js";
import { DICTS, lowerNewDict } from "./lower-dicts.js";
import { ITERATOR_LOWERINGS, ITERATORS } from "./lower-iterators.js";
import { lowerNewTuple, lowerTupleItem, TupleRepr } from "./rtuple.js";
import { StringRepr } from "./rstr.js";
import { TypedArrayRepr } from "./rtypedarray.js";
import type { HighLevelOp } from "./rtyper.js";
import { LL_COMPARISONS, type LLComparison, type LLOpName } from "../llir/lloperation.js";

function arithmetic(intOp: LLOpName, floatOp: LLOpName): Lowering {
  return (hop) => {
    const repr = isInt(hop.resultR) ? INT : FLOAT;
    const op = repr === INT ? intOp : floatOp;
    return hop.genop(op, [hop.input(0, repr), hop.input(1, repr)], repr.lowleveltype);
  };
}

const COMPARISONS: readonly LLComparison[] = ["lt", "le", "gt", "ge", "eq", "ne"];

function comparison(name: LLComparison): Lowering {
  return (hop) => {
    const nullish = compareWithNullish(hop, name) ?? compareNullableWords(hop, name);
    if (nullish) return nullish;
    const pbc = comparePbc(hop, name);
    if (pbc) return pbc;
    const text = compareStrings(hop, name);
    if (text) return text;
    const [a, b] = hop.argsR;
    if (a === CHAR && b === CHAR) return hop.genop(LL_COMPARISONS.char[name], [hop.input(0, CHAR), hop.input(1, CHAR)], Bool);
    if (a === BOOL && b === BOOL && (name === "eq" || name === "ne")) {
      const x = hop.genop("cast_bool_to_int", [hop.input(0, BOOL)], Signed);
      const y = hop.genop("cast_bool_to_int", [hop.input(1, BOOL)], Signed);
      return hop.genop(LL_COMPARISONS.int[name], [x, y], Bool);
    }
    if (a === b && (a instanceof DictRepr || a instanceof TupleRepr) && (name === "eq" || name === "ne")) return hop.genop(LL_COMPARISONS.ptr[name], [hop.input(0, a), hop.input(1, a)], Bool);
    if (a instanceof InstanceRepr && b instanceof InstanceRepr && (name === "eq" || name === "ne")) {
      const target = a.layout.base || b.layout.base ? rootRepr(hop, a) : a;
      return hop.genop(LL_COMPARISONS.ptr[name], [hop.input(0, target), hop.input(1, target)], Bool);
    }
    const repr = numericRepr(hop);
    return hop.genop(LL_COMPARISONS[repr === INT ? "int" : "float"][name], [hop.input(0, repr), hop.input(1, repr)], Bool);
  };
}

function bitwise(op: LLOpName): Lowering {
  return (hop) => hop.genop(op, [int32(hop, 0), int32(hop, 1)], Signed);
}

function shift(kind: "lshift" | "rshift" | "urshift"): Lowering {
  return (hop) => {
    const count = hop.genop("int_and", [int32(hop, 1), new LLConstant(31, Signed)], Signed);
    if (kind === "urshift") {
      const value = hop.genop("int_to_uint32", [int32(hop, 0)], Signed);
      return hop.genop("uint_rshift", [value, count], Signed);
    }
    if (kind === "rshift") return hop.genop("int_rshift", [int32(hop, 0), count], Signed);
    return hop.genop("int32_lshift", [int32(hop, 0), count], Signed);
  };
}

const simpleCall: Lowering = (hop) => {
  const callee = hop.argsS[0]!;
  if (callee.kind === "builtin") return builtinCall(hop, callee.name, 1);
  return callFunctionValue(hop);
};

/** list.push(items...): the append helper for the list's item type, once per item. */
function push(hop: HighLevelOp): LLValue {
  const repr = hop.argsR[0] as ListRepr;
  const list = hop.input(0, repr);
  const graph = repr.appendHelper();
  let length: LLValue = new LLConstant(0, Signed);
  for (let i = 2; i < hop.op.args.length; i++) length = callGraph(hop, graph, [list, hop.input(i, repr.item)], "length");
  return length;
}

const CORE: BuiltinLowerings = {
  methods: {
    "array.push": push,
  },
};

/** The builtin tables, merged from each kind of value's lowerings. */
function merge(parts: BuiltinLowerings[]): Required<BuiltinLowerings> {
  const all: Required<BuiltinLowerings> = { calls: {}, methods: {}, attrs: {} };
  for (const part of parts) {
    for (const table of ["calls", "methods", "attrs"] as const) {
      for (const [key, lowering] of Object.entries(part[table] ?? {})) {
        if (key in all[table]) throw new Error(`internal error: two lowerings of ${key}`);
        (all[table] as Record<string, unknown>)[key] = lowering;
      }
    }
  }
  return all;
}

const BUILTINS = merge([CORE, SYSTEM_LOWERINGS, LIST_LOWERINGS, LIST_CALLBACK_LOWERINGS, STRING_LOWERINGS, DICTS, ITERATORS, MATH_LOWERINGS]);

/** The lowering of a builtin call: `Math.floor(x)` (simple_call) or `console.log(x)` (call_method on a namespace). */
function builtinCall(hop: HighLevelOp, name: string, first: number): LLValue | undefined {
  const lower: BuiltinLowering | undefined = BUILTINS.calls[name];
  if (!lower) throw hop.error(`${name}() is not supported by the rtyper yet`);
  noteCallSite(hop, name);
  return lower(hop, first);
}

const callMethod: Lowering = (hop) => {
  const self = hop.argsS[0]!;
  const repr = hop.argsR[0]!;
  if (self.kind === "builtin") return builtinCall(hop, `${self.name}.${hop.constName(1)}`, 2);
  const receiver = repr.builtinName;
  if (receiver) {
    const lower = BUILTINS.methods[`${receiver}.${hop.constName(1)}`];
    if (!lower) throw hop.error(`${receiver}.${hop.constName(1)}() is not supported by the rtyper yet`);
    return lower(hop, 2);
  }
  return callMethodOf(hop);
};

const getattr: Lowering = (hop) => {
  const repr = hop.argsR[0]!;
  const name = hop.constName(1);
  // A member of a namespace (process.stdout, Math.PI): known when translating.
  if (hop.argsS[0]!.kind === "builtin") {
    if (hop.resultS.kind === "builtin") return undefined;
    if (hop.resultS.const) return hop.resultR.convertConst(hop.resultS.const.value);
  }
  if (repr instanceof DescRepr) return pbcAttribute(hop);
  // A method read through a prebuilt object (helper.scale): one known function, nothing to hold.
  if (hop.resultR instanceof DescRepr) return undefined;
  if (name === "length") {
    // A tuple's length is part of its type (the annotation's constant).
    if (hop.argsS[0]!.kind === "tuple") return new LLConstant(hop.argsS[0]!.items.length, Signed);
    const length = lengthOf(hop, 0);
    if (length) return length;
  }
  const builtinAttr = repr.builtinName ? BUILTINS.attrs[`${repr.builtinName}.${name}`] : undefined;
  if (builtinAttr) return builtinAttr(hop);
  if (!(repr instanceof InstanceRepr)) throw hop.error(`.${name} of ${repr.name} is not supported by the rtyper yet`);
  const { ptr } = fieldHolder(hop, repr, name);
  return hop.genop("getfield", [ptr, new LLConstant(`f_${name}`, Void)], hop.resultR.lowleveltype, name);
};

const setattr: Lowering = (hop) => {
  const repr = hop.argsR[0]!;
  const name = hop.constName(1);
  if (repr instanceof ListRepr && name === "length") return setListLength(hop);
  if (!(repr instanceof InstanceRepr)) throw hop.error(`setting .${name} of ${repr.name} is not supported by the rtyper yet`);
  const { ptr, owner } = fieldHolder(hop, repr, name);
  const fieldS = owner.layout.classdef.attrs.get(name)!.value;
  const value = hop.input(2, hop.rtyper.reprOf(fieldS));
  const field = new LLConstant(`f_${name}`, Void);
  // a quasi-immutable field: what the JIT compiled assuming its value is invalidated first (RPython's rclass does the same)
  const struct = ptr.type instanceof PtrType && ptr.type.to instanceof StructType ? ptr.type.to : undefined;
  if (struct?.fields.find((f) => f.name === field.value)?.mutability === "quasi-immutable") hop.genop("jit_force_quasi_immutable", [ptr, field], Void);
  hop.genop("setfield", [ptr, field, value], Void);
  return undefined;
};

const newInstance: Lowering = (hop) => {
  const cls = hop.argsS[0]!;
  if (hop.resultR instanceof TypedArrayRepr) {
    return hop.genop("malloc_varsize", [new LLConstant(hop.resultR.array, Void), hop.input(1, INT)], hop.resultR.lowleveltype, "array");
  }
  if (hop.resultR instanceof DictRepr) return lowerNewDict(hop, hop.resultR);
  if (cls.kind !== "pbc" || cls.descKind !== "class") throw hop.error(`new of ${hop.argsR[0]!.name} is not supported by the rtyper yet`);
  const desc = [...cls.descs][0] as ClassDesc;
  const repr = hop.resultR as InstanceRepr;
  const layout = repr.layout;
  const obj = hop.genop("malloc", [new LLConstant(layout.struct, Void)], repr.lowleveltype, "new");
  const asObject = hop.genop("cast_pointer", [new LLConstant(Ptr(OBJECT), Void), obj], Ptr(OBJECT), "obj");
  hop.genop("setfield", [asObject, new LLConstant("typeptr", Void), new LLConstant(layout.vtable, Ptr(OBJECT_VTABLE))], Void);
  errorCreated(hop, obj, repr, desc);
  if (desc.constructorDesc?.graph) {
    const args = [{ value: obj as LLValue, repr: repr as Repr }, ...hop.argsR.slice(1).map((r, i) => ({ value: hop.input(i + 1, r), repr: r }))];
    callFunction(hop, desc.constructorDesc, args);
  }
  return obj;
};

const superCall: Lowering = (hop) => {
  const base = hop.argsS[1]!;
  if (base.kind !== "pbc" || base.descKind !== "class") throw hop.error("super(...) of a non-class");
  const desc = [...base.descs][0] as ClassDesc;
  if (!desc.constructorDesc) return errorSuperCall(hop, desc); // a builtin base: Error and its kin
  const args = [{ value: hop.input(0, hop.argsR[0]!), repr: hop.argsR[0]! }, ...hop.argsR.slice(2).map((r, i) => ({ value: hop.input(i + 2, r), repr: r }))];
  callFunction(hop, desc.constructorDesc, args);
  return undefined;
};


/** The item array of a list, after checking index against its length. */
function listItems(hop: HighLevelOp, repr: ListRepr): { items: LLValue; index: LLValue } {
  const list = hop.input(0, repr);
  const index = hop.input(1, INT);
  const length = hop.genop("getfield", [list, new LLConstant("length", Void)], Signed, "length");
  hop.genop("check_index", [index, length], Void);
  return { items: hop.genop("getfield", [list, new LLConstant("items", Void)], repr.itemsType, "items"), index };
}

/** Item i of an array, a typed array or a string, bounds checked. */
const getitem: Lowering = (hop) => {
  const repr = hop.argsR[0]!;
  if (repr instanceof StringRepr) return charAt(hop, 0, 1);
  if (repr instanceof TupleRepr) return lowerTupleItem(hop, repr);
  if (repr instanceof ListRepr) {
    const { items, index } = listItems(hop, repr);
    const item = hop.genop("getarrayitem", [items, index], repr.item.lowleveltype, "item");
    return hop.convertValue(item, repr.item, hop.resultR);
  }
  if (!(repr instanceof TypedArrayRepr)) throw hop.error(`indexing ${repr.name} is not supported by the rtyper yet`);
  const array = hop.input(0, repr);
  const index = hop.input(1, INT);
  const length = hop.genop("getarraylength", [array], Signed, "length");
  hop.genop("check_index", [index, length], Void);
  return hop.genop("getarrayitem", [array, index], widened(repr.array.item), "item");
};

const setitem: Lowering = (hop) => {
  const repr = hop.argsR[0]!;
  if (repr instanceof ListRepr) {
    const { items, index } = listItems(hop, repr);
    hop.genop("setarrayitem", [items, index, hop.input(2, repr.item)], Void);
    return undefined;
  }
  if (!(repr instanceof TypedArrayRepr)) throw hop.error(`storing into ${repr.name} is not supported by the rtyper yet`);
  const array = hop.input(0, repr);
  const index = hop.input(1, INT);
  const length = hop.genop("getarraylength", [array], Signed, "length");
  hop.genop("check_index", [index, length], Void);
  // Integer arrays take ToInt32 of a float (then keep the low bits); float arrays take any number.
  const isFloatArray = widened(repr.array.item) === Float;
  const value = isFloatArray ? hop.input(2, FLOAT) : hop.argsR[2] === FLOAT ? hop.genop("float_to_int32", [hop.input(2, FLOAT)], Signed) : hop.input(2, INT);
  hop.genop("setarrayitem", [array, index, value], Void);
  return undefined;
};

/** An array literal: the list and its item array, filled. */
const newarray: Lowering = (hop) => {
  const repr = hop.resultR;
  if (repr instanceof TupleRepr) return lowerNewTuple(hop, repr);
  if (!(repr instanceof ListRepr)) throw hop.error(`${repr.name} literals are not supported by the rtyper yet`);
  const n = hop.op.args.length;
  const list = hop.genop("malloc", [new LLConstant(repr.struct, Void)], repr.lowleveltype, "list");
  const items = n === 0 ? repr.emptyItems() : hop.genop("malloc_varsize", [new LLConstant(repr.itemsArray, Void), new LLConstant(n, Signed)], repr.itemsType, "items");
  for (let i = 0; i < n; i++) hop.genop("setarrayitem", [items, new LLConstant(i, Signed), hop.input(i, repr.item)], Void);
  hop.genop("setfield", [list, new LLConstant("length", Void), new LLConstant(n, Signed)], Void);
  hop.genop("setfield", [list, new LLConstant("items", Void), items], Void);
  return list;
};

const passThrough: Lowering = (hop) => hop.input(0, hop.resultR);

export const LOWERINGS: Record<string, Lowering> = {
  ...EXCEPTION_LOWERINGS,
  ...ITERATOR_LOWERINGS,
  add: (hop) => (hop.resultR instanceof StringRepr ? concatenate(hop) : arithmetic("int_add_ovf", "float_add")(hop)),
  to_string: (hop) => stringOf(hop, 0),
  pow: power,
  sub: arithmetic("int_sub_ovf", "float_sub"),
  mul: arithmetic("int_mul_ovf", "float_mul"),
  div: (hop) => hop.genop("float_truediv", [hop.input(0, FLOAT), hop.input(1, FLOAT)], Float),
  mod: arithmetic("int_mod", "float_mod"),
  neg: (hop) => (isInt(hop.resultR) ? hop.genop("int_neg_ovf", [hop.input(0, INT)], Signed) : hop.genop("float_neg", [hop.input(0, FLOAT)], Float)),
  pos: passThrough,
  same_as: passThrough,
  non_null: nonNull,
  not: (hop) => hop.genop("bool_not", [truth(hop, 0)], Bool),
  truthy: (hop) => truth(hop, 0),
  bitand: bitwise("int_and"),
  bitor: bitwise("int_or"),
  bitxor: bitwise("int_xor"),
  bitnot: (hop) => hop.genop("int_invert", [int32(hop, 0)], Signed),
  lshift: shift("lshift"),
  rshift: shift("rshift"),
  urshift: shift("urshift"),
  ...Object.fromEntries(COMPARISONS.map((name) => [name, comparison(name)])),
  // RTS allows == and != only against undefined and null.
  loose_eq: (hop) => compareWithNullish(hop, "loose_eq") ?? comparison("eq")(hop),
  loose_ne: (hop) => compareWithNullish(hop, "loose_ne") ?? comparison("ne")(hop),
  simple_call: simpleCall,
  call_method: callMethod,
  getattr,
  setattr,
  // The annotator gives typeof a constant result (the type is known statically) or refuses it.
  typeof: (hop) => {
    if (!hop.resultS.const) throw hop.error("typeof of a value whose type is not known statically is not supported by the rtyper");
    return hop.resultR.convertConst(hop.resultS.const.value);
  },
  getitem,
  setitem,
  newarray,
  new: newInstance,
  super_call: superCall,
  super_method: superMethod,
  jit_hint: lowerJitHint,
};


/**
 * `driver.jitMergePoint({...})` / `driver.canEnterJit({...})`: one operation naming the driver,
 * with the count of its greens, then its greens and reds in the order the driver declares them
 * (whatever order the call wrote them in: the annotator checked that each is named once).
 * setParam and setUserParam: lower-jit-params.ts.
 */
function lowerJitHint(hop: HighLevelOp): LLValue | undefined {
  const hint = hop.constName(1);
  if (hint === "setParam" || hint === "setUserParam") return lowerJitParamHint(hop, hint);
  const names = hop.constValue(2) as string[];
  const driverS = hop.argsS[0]!;
  if (driverS.kind !== "pbc") throw hop.error(`${hint}() must be called on a JitDriver made at import time`);
  const driver = ([...driverS.descs][0] as FrozenDesc).live as JitDriver;
  const values = [...driver.greens, ...driver.reds].map((name) => {
    const i = names.indexOf(name) + 3;
    return hop.input(i, hop.repr(i));
  });
  const opname = hint === "jitMergePoint" ? "jit_merge_point" : "can_enter_jit";
  hop.rtyper.jitDrivers.set(driver.name, driver);
  hop.genop(opname, [new LLConstant(driver.name, Void), new LLConstant(driver.greens.length, Signed), ...values], Void);
  return undefined;
}
