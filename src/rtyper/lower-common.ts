/**
 * What the lowerings of every kind of value share (lower.ts and the lower-*.ts files): the
 * Lowering type, numeric and truth conversions, calls of annotated functions and of LL helper
 * graphs, field and item access on instances and strings.
 */

import type { FunctionDesc, Some } from "../annotator/bookkeeper.js";
import { LLConstant, type LLGraph, type LLValue, functionConstant } from "../llir/llgraph.js";
import { Bool, Char, Float, FuncType, Ptr, Signed, Void } from "../llir/lltype.js";
import { InstanceRepr } from "./rclass.js";
import { BOOL, CHAR, FLOAT, INT, type Repr } from "./rmodel.js";
import { ListRepr } from "./rlist.js";
import { nullableTruth } from "./lower-nullable.js";
import { StringRepr } from "./rstr.js";
import { TypedArrayRepr } from "./rtypedarray.js";
import type { HighLevelOp, RuntimeHelperName } from "./rtyper.js";

export type Lowering = (hop: HighLevelOp) => LLValue | undefined;

/**
 * The lowering of a builtin function or method: `first` is the index of the first argument among
 * the operands (after the function, or after the receiver and the method name).
 */
export type BuiltinLowering = (hop: HighLevelOp, first: number) => LLValue | undefined;

/**
 * What one kind of value contributes to the tables of lower.ts, keyed by the builtin's name:
 * `calls` by the function's name ("Math.floor", "console.log", "parseInt"); `methods` and
 * `attrs` by the receiver's Repr.builtinName and the name ("string.slice", "map.size").
 */
export interface BuiltinLowerings {
  calls?: Record<string, BuiltinLowering>;
  methods?: Record<string, BuiltinLowering>;
  attrs?: Record<string, Lowering>;
}

export const isInt = (r: Repr) => r === INT;
export const isFloat = (r: Repr) => r === FLOAT;

/** The common representation of two numeric operands: int if both are, else float. */
export function numericRepr(hop: HighLevelOp): Repr {
  const [a, b] = hop.argsR;
  if (isInt(a!) && isInt(b!)) return INT;
  if ((isInt(a!) || isFloat(a!)) && (isInt(b!) || isFloat(b!))) return FLOAT;
  throw hop.error(`${hop.op.opname} of ${a!.name} and ${b!.name} is not supported by the rtyper yet`);
}


export function rootRepr(hop: HighLevelOp, r: InstanceRepr): Repr {
  let layout = r.layout;
  while (layout.base) layout = layout.base;
  return hop.rtyper.reprOf({ kind: "instance", classdef: layout.classdef, empty: 0, const: undefined });
}


/** JavaScript's ToInt32 of an operand. */
export function int32(hop: HighLevelOp, i: number): LLValue {
  const r = hop.argsR[i]!;
  if (isFloat(r)) return hop.genop("float_to_int32", [hop.input(i, FLOAT)], Signed);
  return hop.genop("int_to_int32", [hop.input(i, INT)], Signed);
}


/** ToBoolean of an operand. */
export function truth(hop: HighLevelOp, i: number): LLValue {
  const nullable = nullableTruth(hop, i);
  if (nullable) return nullable;
  const r = hop.argsR[i]!;
  if (r === BOOL) return hop.input(i, BOOL);
  if (isInt(r)) return hop.genop("int_ne", [hop.input(i, INT), new LLConstant(0, Signed)], Bool);
  if (isFloat(r)) {
    // false for 0, -0 and NaN: 0 < |x| is exactly that.
    const abs = hop.genop("float_abs", [hop.input(i, FLOAT)], Float);
    return hop.genop("float_lt", [new LLConstant(0, Float), abs], Bool);
  }
  if (r === CHAR) return new LLConstant(true, Bool);
  if (r instanceof StringRepr) {
    const length = hop.genop("getinteriorarraysize", [hop.input(i, r), new LLConstant("chars", Void)], Signed, "length");
    return hop.genop("int_ne", [length, new LLConstant(0, Signed)], Bool);
  }
  if (r instanceof InstanceRepr) return hop.genop("ptr_nonzero", [hop.input(i, r)], Bool);
  throw hop.error(`the truth of ${r.name} is not supported by the rtyper yet`);
}

/** The function a constant operand designates, or undefined. */
export function functionOf(hop: HighLevelOp, s: Some): FunctionDesc | undefined {
  if (s.kind === "pbc" && s.descKind === "function" && s.descs.size === 1) return [...s.descs][0] as FunctionDesc;
  void hop;
  return undefined;
}

/**
 * direct_call of desc with the given argument values, converted to the callee's parameters;
 * returns the call's result in the callee's representation.
 */
export function callFunction(hop: HighLevelOp, desc: FunctionDesc, args: { value: LLValue; repr: Repr }[]): { value: LLValue; repr: Repr } {
  const rtyper = hop.rtyper;
  const graph = desc.graph!;
  const params = graph.startblock.inputargs.map((v) => rtyper.reprOf(rtyper.annotation(v)));
  const values: LLValue[] = params.map((param, i) => {
    const arg = args[i];
    return arg ? hop.convertValue(arg.value, arg.repr, param) : param.convertConst(undefined);
  });
  const result = rtyper.reprOf(rtyper.annotation(graph.returnblock.inputargs[0]!));
  const fn = rtyper.functionRef(desc);
  const type = Ptr(new FuncType(params.map((p) => p.lowleveltype), result.lowleveltype));
  const called = hop.genop("direct_call", [new LLConstant(fn, type), ...values], result.lowleveltype, "result");
  return { value: called, repr: result };
}

/** A call whose result is the operation's result. */
export function callForResult(hop: HighLevelOp, desc: FunctionDesc, args: { value: LLValue; repr: Repr }[]): LLValue {
  const { value, repr } = callFunction(hop, desc, args);
  return hop.convertValue(value, repr, hop.resultR);
}


/** The pointer to the struct of the class that holds attribute name, from an instance pointer. */
export function fieldHolder(hop: HighLevelOp, repr: InstanceRepr, name: string): { ptr: LLValue; owner: InstanceRepr } {
  let layout = repr.layout;
  while (!layout.classdef.attrs.has(name)) {
    if (!layout.base) throw hop.error(`${repr.name} has no field ${name}`);
    layout = layout.base;
  }
  const owner = hop.rtyper.reprOf({ kind: "instance", classdef: layout.classdef, empty: 0, const: undefined }) as InstanceRepr;
  return { ptr: hop.input(0, owner), owner };
}

/** The length of a string (its chars), a typed array or an array. */
export function lengthOf(hop: HighLevelOp, i: number): LLValue | undefined {
  const repr = hop.argsR[i]!;
  if (repr instanceof ListRepr) return hop.genop("getfield", [hop.input(i, repr), new LLConstant("length", Void)], Signed, "length");
  if (repr instanceof StringRepr) return hop.genop("getinteriorarraysize", [hop.input(i, repr), new LLConstant("chars", Void)], Signed, "length");
  if (repr instanceof TypedArrayRepr) return hop.genop("getarraylength", [hop.input(i, repr)], Signed, "length");
  return undefined;
}

/** Char i of a string, bounds checked. */
export function charAt(hop: HighLevelOp, s: number, i: number): LLValue {
  const str = hop.input(s, hop.argsR[s]!);
  const index = hop.input(i, INT);
  const length = hop.genop("getinteriorarraysize", [str, new LLConstant("chars", Void)], Signed, "length");
  hop.genop("check_index", [index, length], Void);
  return hop.genop("getinteriorfield", [str, new LLConstant("chars", Void), index], Char, "c");
}


/** direct_call of an LL helper graph (built by llbuilder.ts); returns its result. */
export function callGraph(hop: HighLevelOp, graph: LLGraph, args: LLValue[], hint = "v"): LLValue {
  return hop.genop("direct_call", [functionConstant(graph), ...args], graph.resultType, hint);
}

/**
 * A call of a helper written in RTS (src/runtime), annotated for the given argument
 * annotations on first use; args are the operation's operands or LL values with their reprs.
 */
export function callRtsHelper(hop: HighLevelOp, name: RuntimeHelperName, argsS: Some[], args: { value: LLValue; repr: Repr }[]): { value: LLValue; repr: Repr } {
  const desc = hop.rtyper.rtsHelper(name, argsS);
  return callFunction(hop, desc, args);
}

/** The operands from i on, each in its own representation (for calls). */
export function operands(hop: HighLevelOp, from: number): { value: LLValue; repr: Repr }[] {
  return hop.argsR.slice(from).map((repr, i) => ({ value: hop.input(i + from, repr), repr }));
}
