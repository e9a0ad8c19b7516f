/**
 * Calls of functions and methods of the program, and static members of classes (RPython's
 * rpbc.py and rclass.py rtype_* methods).
 *
 * - A call of one known function is a direct_call; of a value that is one of several functions,
 *   an indirect_call through the pointer, with the arguments and result converted to the call
 *   family's row (rpbc.ts).
 * - A method call whose receiver's class reaches one implementation is a direct_call; with
 *   several (overrides in subclasses), an indirect_call of the slot of the receiver's class
 *   record (rclass.ts). A "method" that is a field holding a function calls the field's value.
 * - Static members are read from the live class: static fields are constants after import time.
 * - Functions and classes compare by identity: of function pointers, of class records.
 */

import { LL_COMPARISONS, type LLComparison } from "../llir/lloperation.js";
import type { ClassDesc, FrozenDesc, FunctionDesc } from "../annotator/bookkeeper.js";
import { LLConstant, type LLValue } from "../llir/llgraph.js";
import { Bool, Ptr, Void } from "../llir/lltype.js";
import { callForResult, fieldHolder, operands } from "./lower-common.js";
import { InstanceRepr, OBJECT, OBJECT_VTABLE, methodImplementations } from "./rclass.js";
import type { Repr } from "./rmodel.js";
import { ClassesRepr, DescRepr, FunctionsRepr, convertInRow, type Row } from "./rpbc.js";
import type { HighLevelOp } from "./rtyper.js";

type Arg = { value: LLValue; repr: Repr };

/** simple_call of a function value (not a builtin). */
export function callFunctionValue(hop: HighLevelOp): LLValue | undefined {
  const repr = hop.argsR[0]!;
  return callThrough(hop, repr, () => hop.input(0, repr), 1);
}

/**
 * call_method on an instance of the program's classes or on a class (a static method); builtin
 * receivers are lowered by their tables before this.
 */
export function callMethodOf(hop: HighLevelOp): LLValue | undefined {
  const self = hop.argsS[0]!;
  const repr = hop.argsR[0]!;
  const name = hop.constName(1);
  if (repr instanceof DescRepr && (repr.desc.kind === "class" || repr.desc.kind === "frozen")) {
    const fn = liveMember(repr, name);
    if (typeof fn !== "function") throw hop.error(`${repr.name}.${name} is not a function`);
    return callForResult(hop, hop.rtyper.annotator.bk.functionDesc(fn), operands(hop, 2));
  }
  if (self.kind !== "instance" || !(repr instanceof InstanceRepr)) throw hop.error(`methods of ${repr.name} are not supported by the rtyper yet`);
  const targets = methodImplementations(hop.rtyper.annotator.bk, self.classdef.desc as ClassDesc, name);
  if (targets.length === 1) return callForResult(hop, targets[0]!, [{ value: hop.input(0, repr), repr }, ...operands(hop, 2)]);
  if (targets.length > 1) return dispatch(hop, repr, name);
  // A field holding a function value, called as a function.
  const { ptr, owner } = fieldHolder(hop, repr, name);
  const fieldR = hop.rtyper.reprOf(owner.layout.classdef.attrs.get(name)!.value);
  return callThrough(hop, fieldR, () => hop.genop("getfield", [ptr, new LLConstant(`f_${name}`, Void)], fieldR.lowleveltype, name), 2);
}

/** getattr of a class or frozen object known when translating: the live member's value. */
export function pbcAttribute(hop: HighLevelOp): LLValue {
  const repr = hop.argsR[0] as DescRepr;
  return hop.resultR.convertConst(liveMember(repr, hop.constName(1)));
}

function liveMember(repr: DescRepr, name: string): unknown {
  const live = (repr.desc as ClassDesc | FrozenDesc).live as unknown as Record<string, unknown>;
  return live[name];
}

/** A call of the function a value of representation fnR holds, with the operands from first on. */
function callThrough(hop: HighLevelOp, fnR: Repr, pointer: () => LLValue, first: number): LLValue | undefined {
  if (fnR instanceof DescRepr && fnR.desc.kind === "function") return callForResult(hop, fnR.desc as FunctionDesc, operands(hop, first));
  if (fnR instanceof FunctionsRepr) return indirectCall(hop, pointer(), fnR.family.row(), operands(hop, first));
  throw hop.error(`calling ${fnR.name} is not supported by the rtyper yet`);
}

/** indirect_call of a function pointer of the given row; missing arguments are undefined, extra ones dropped. */
function indirectCall(hop: HighLevelOp, fn: LLValue, row: Row, given: Arg[]): LLValue {
  const args = row.params.map((param, i) => {
    const arg = given[i];
    return arg ? convertInRow(hop, arg.value, arg.repr, param) : param.convertConst(undefined);
  });
  const result = hop.genop("indirect_call", [fn, ...args], row.result.lowleveltype, "result");
  return convertInRow(hop, result, row.result, hop.resultR);
}

/** obj.name(...) through the slot of obj's class record. */
function dispatch(hop: HighLevelOp, repr: InstanceRepr, name: string): LLValue {
  const classes = hop.rtyper.classes;
  const slot = classes.slotFor(repr.layout, name);
  const recordType = Ptr(classes.recordType(slot.owner));
  const self = hop.input(0, repr);
  const obj = hop.genop("cast_pointer", [new LLConstant(Ptr(OBJECT), Void), self], Ptr(OBJECT), "obj");
  const typeptr = hop.genop("getfield", [obj, new LLConstant("typeptr", Void)], Ptr(OBJECT_VTABLE), "typeptr");
  const record = hop.genop("cast_pointer", [new LLConstant(recordType, Void), typeptr], recordType, "vtable");
  const fn = hop.genop("getfield", [record, new LLConstant(slot.field, Void)], Ptr(slot.row.funcType), name);
  return indirectCall(hop, fn, slot.row, [{ value: self, repr }, ...operands(hop, 2)]);
}

/** super.name(...): the base class's method, called directly. */
export function superMethod(hop: HighLevelOp): LLValue | undefined {
  const base = hop.argsR[1]!;
  const name = hop.constName(2);
  if (!(base instanceof DescRepr) || base.desc.kind !== "class") throw hop.error(`super.${name}() of ${base.name}`);
  const method = hop.rtyper.annotator.bk.findMethod(base.desc as ClassDesc, name);
  if (!method?.graph) throw hop.error(`the base class ${base.name} has no method ${name}() that the rtyper can call`);
  const self = hop.argsR[0]!;
  return callForResult(hop, method, [{ value: hop.input(0, self), repr: self }, ...operands(hop, 3)]);
}

/** `===` and `!==` of functions or classes: the same function pointer or class record; two known ones are known. */
export function comparePbc(hop: HighLevelOp, name: LLComparison): LLValue | undefined {
  if (name !== "eq" && name !== "ne") return undefined;
  const [a, b] = hop.argsR as [Repr, Repr];
  if (a instanceof DescRepr && b instanceof DescRepr) return new LLConstant((a.desc === b.desc) === (name === "eq"), Bool);
  const target = [a, b].find((r) => r instanceof ClassesRepr || r instanceof FunctionsRepr);
  if (!target) return undefined;
  return hop.genop(LL_COMPARISONS.ptr[name], [hop.input(0, target), hop.input(1, target)], Bool);
}
