/**
 * The lowering of each flow operation (RPython's rtype_* methods of the reprs): a table from
 * operation name to a function that, given the HighLevelOp, emits LL operations and returns the
 * LL value of the result. Which LL operations depends on the representations of the operands
 * (an `add` of two ints is int_add_ovf, of a float and an int float_add after a conversion).
 *
 * Numbers keep JavaScript's meaning: integer results beyond ±2^53 stop the program (the _ovf
 * operations) rather than lose precision silently; the bit operations work on 32 bits (ToInt32).
 */

import type { ClassDesc, FunctionDesc } from "../annotator/bookkeeper.js";
import { LLConstant, type LLValue } from "./llgraph.js";
import { Bool, Float, Ptr, Signed, Void, widened } from "./lltype.js";
import {
  callForResult,
  callFunction,
  callGraph,
  charAt,
  fieldHolder,
  functionOf,
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
import { InstanceRepr, OBJECT, OBJECT_VTABLE } from "./rclass.js";
import { BOOL, CHAR, FLOAT, INT, type Repr } from "./rmodel.js";
import { ListRepr } from "./rlist.js";
import { StringRepr } from "./rstr.js";
import { TypedArrayRepr } from "./rtypedarray.js";
import type { HighLevelOp } from "./rtyper.js";

function arithmetic(intOp: string, floatOp: string): Lowering {
  return (hop) => {
    const repr = isInt(hop.resultR) ? INT : FLOAT;
    const op = repr === INT ? intOp : floatOp;
    return hop.genop(op, [hop.input(0, repr), hop.input(1, repr)], repr.lowleveltype);
  };
}

const COMPARISONS: Record<string, string> = { lt: "lt", le: "le", gt: "gt", ge: "ge", eq: "eq", ne: "ne" };

function comparison(name: string): Lowering {
  return (hop) => {
    const [a, b] = hop.argsR;
    if (a === CHAR && b === CHAR) return hop.genop(`char_${name}`, [hop.input(0, CHAR), hop.input(1, CHAR)], Bool);
    if (a === BOOL && b === BOOL && (name === "eq" || name === "ne")) {
      const x = hop.genop("cast_bool_to_int", [hop.input(0, BOOL)], Signed);
      const y = hop.genop("cast_bool_to_int", [hop.input(1, BOOL)], Signed);
      return hop.genop(`int_${name}`, [x, y], Bool);
    }
    if (a instanceof InstanceRepr && b instanceof InstanceRepr && (name === "eq" || name === "ne")) {
      const target = a.layout.base || b.layout.base ? rootRepr(hop, a) : a;
      return hop.genop(`ptr_${name}`, [hop.input(0, target), hop.input(1, target)], Bool);
    }
    const repr = numericRepr(hop);
    return hop.genop(`${repr === INT ? "int" : "float"}_${name}`, [hop.input(0, repr), hop.input(1, repr)], Bool);
  };
}

function bitwise(op: string): Lowering {
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
    const shifted = hop.genop("int_lshift", [int32(hop, 0), count], Signed);
    return hop.genop("int_to_int32", [shifted], Signed);
  };
}

const simpleCall: Lowering = (hop) => {
  const callee = hop.argsS[0]!;
  if (callee.kind === "builtin") return builtinCall(hop, callee.name, 1);
  const desc = functionOf(hop, callee);
  if (!desc) throw hop.error(`calling ${hop.argsR[0]!.name} is not supported by the rtyper yet`);
  const args = hop.argsR.slice(1).map((repr, i) => ({ value: hop.input(i + 1, repr), repr }));
  return callForResult(hop, desc, args);
};

/** The methods a call `obj.name()` can reach: the inherited one and overrides below it. */
function methodTargets(hop: HighLevelOp, classDesc: ClassDesc, name: string): FunctionDesc[] {
  const bk = hop.rtyper.annotator.bk;
  const targets: FunctionDesc[] = [];
  const inherited = bk.findMethod(classDesc, name);
  if (inherited) targets.push(inherited);
  for (const sub of bk.subclassesOf(classDesc)) {
    const override = sub.methods.get(name);
    if (override) targets.push(override);
  }
  return targets;
}

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
    "string.charCodeAt": (hop) => hop.genop("cast_char_to_int", [charAt(hop, 0, 2)], Signed),
    "string.charAt": (hop) => charAt(hop, 0, 2),
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

const BUILTINS = merge([CORE]);

/** The lowering of a builtin call: `Math.floor(x)` (simple_call) or `console.log(x)` (call_method on a namespace). */
function builtinCall(hop: HighLevelOp, name: string, first: number): LLValue | undefined {
  const lower: BuiltinLowering | undefined = BUILTINS.calls[name];
  if (!lower) throw hop.error(`${name}() is not supported by the rtyper yet`);
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
  if (self.kind !== "instance" || !(repr instanceof InstanceRepr)) {
    throw hop.error(`methods of ${repr.name} are not supported by the rtyper yet`);
  }
  const classDesc = self.classdef.desc as ClassDesc;
  const name = hop.constName(1);
  const targets = methodTargets(hop, classDesc, name);
  if (targets.length !== 1) throw hop.error(`${name}() has ${targets.length} implementations here; calls through the class record are not supported by the rtyper yet`);
  const args = [{ value: hop.input(0, repr), repr }, ...hop.argsR.slice(2).map((r, i) => ({ value: hop.input(i + 2, r), repr: r }))];
  return callForResult(hop, targets[0]!, args);
};

const getattr: Lowering = (hop) => {
  const repr = hop.argsR[0]!;
  const name = hop.constName(1);
  if (name === "length") {
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
  if (!(repr instanceof InstanceRepr)) throw hop.error(`setting .${name} of ${repr.name} is not supported by the rtyper yet`);
  const { ptr, owner } = fieldHolder(hop, repr, name);
  const fieldS = owner.layout.classdef.attrs.get(name)!.value;
  const value = hop.input(2, hop.rtyper.reprOf(fieldS));
  hop.genop("setfield", [ptr, new LLConstant(`f_${name}`, Void), value], Void);
  return undefined;
};

const newInstance: Lowering = (hop) => {
  const cls = hop.argsS[0]!;
  if (hop.resultR instanceof TypedArrayRepr) {
    return hop.genop("malloc_varsize", [new LLConstant(hop.resultR.array, Void), hop.input(1, INT)], hop.resultR.lowleveltype, "array");
  }
  if (cls.kind !== "pbc" || cls.descKind !== "class") throw hop.error(`new of ${hop.argsR[0]!.name} is not supported by the rtyper yet`);
  const desc = [...cls.descs][0] as ClassDesc;
  const repr = hop.resultR as InstanceRepr;
  const layout = repr.layout;
  const obj = hop.genop("malloc", [new LLConstant(layout.struct, Void)], repr.lowleveltype, "new");
  const asObject = hop.genop("cast_pointer", [new LLConstant(Ptr(OBJECT), Void), obj], Ptr(OBJECT), "obj");
  hop.genop("setfield", [asObject, new LLConstant("typeptr", Void), new LLConstant(layout.vtable, Ptr(OBJECT_VTABLE))], Void);
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
  if (!desc.constructorDesc?.graph) return undefined; // a builtin base: nothing to run yet
  const args = [{ value: hop.input(0, hop.argsR[0]!), repr: hop.argsR[0]! }, ...hop.argsR.slice(2).map((r, i) => ({ value: hop.input(i + 2, r), repr: r }))];
  callFunction(hop, desc.constructorDesc, args);
  return undefined;
};

const nonNull: Lowering = (hop) => {
  const repr = hop.argsR[0]!;
  const value = hop.input(0, repr);
  if (repr instanceof InstanceRepr) hop.genop("check_nonnull", [value], Void);
  return hop.convertValue(value, repr, hop.resultR);
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
  if (!(repr instanceof ListRepr)) throw hop.error(`${repr.name} literals are not supported by the rtyper yet`);
  const n = hop.op.args.length;
  const list = hop.genop("malloc", [new LLConstant(repr.struct, Void)], repr.lowleveltype, "list");
  const items = hop.genop("malloc_varsize", [new LLConstant(repr.itemsArray, Void), new LLConstant(n, Signed)], repr.itemsType, "items");
  for (let i = 0; i < n; i++) hop.genop("setarrayitem", [items, new LLConstant(i, Signed), hop.input(i, repr.item)], Void);
  hop.genop("setfield", [list, new LLConstant("length", Void), new LLConstant(n, Signed)], Void);
  hop.genop("setfield", [list, new LLConstant("items", Void), items], Void);
  return list;
};

const passThrough: Lowering = (hop) => hop.input(0, hop.resultR);

export const LOWERINGS: Record<string, Lowering> = {
  add: arithmetic("int_add_ovf", "float_add"),
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
  ...Object.fromEntries(Object.keys(COMPARISONS).map((name) => [name, comparison(name)])),
  simple_call: simpleCall,
  call_method: callMethod,
  getattr,
  setattr,
  getitem,
  setitem,
  newarray,
  new: newInstance,
  super_call: superCall,
  jit_hint: (hop) => {
    const names = hop.constValue(2) as string[];
    const values = names.map((_, i) => hop.input(i + 3, hop.repr(i + 3)));
    hop.genop("jit_marker", [new LLConstant(hop.constName(1), Void), ...values], Void);
    return undefined;
  },
};

