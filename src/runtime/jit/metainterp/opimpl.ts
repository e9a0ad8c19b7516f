/**
 * What the meta-interpreter does for each jitcode instruction (RPython's pyjitpl.py opimpl_*):
 * executes it concretely on the CPU and, when tracing, records it through the MetaInterp's
 * rules (metainterp.ts: folding on constants, guards with resume data, calls and their
 * exception guards). `interpret` is the loop that runs the handlers.
 *
 * Operands are read as the instruction table says (jitcode-insns.ts): operand k of the
 * instruction at pc is code[pc + k]; lists take their length and their registers; the result
 * register comes last. A handler gives the next pc, or SWITCHED (the frames changed), RAISED
 * (mi.exception left the instruction: the frame's pc is already past it) or STOPPED (the status
 * changed).
 *
 * RTS: METAINTERP_OPERATIONS is a record over the instruction table (`JitCodeOpHandlers`), so
 * an instruction added to the table does not compile until this file decides; it is read as an
 * array by opcode, built at import time.
 */

import {
  AbstractValue,
  ArrayDescr,
  Const,
  ConstPtr,
  Descr,
  FieldDescr,
  SizeDescr,
  allConstant,
  constInt,
} from "../history.js";
import { addOverflows, bitAnd, bitOr, bitXor, bool, integer, mulOverflows, shiftLeft, shiftRight, signExtend, subOverflows, unsignedLess, unsignedShiftRight } from "../int-arith.js";
import { JITCODE_INSNS, type JitCodeOpHandlers } from "../jitcode-insns.js";
import { SiteDescr, SwitchDescr } from "../jitcode.js";
import { opnumOf } from "../resoperation.js";
import { inlineCall, residualCall } from "./calls.js";
import { MIFrame } from "./mi-frame.js";
import { fieldValue } from "./quasiimmut.js";
import { MetaInterp, MetaInterpError, RAISED, MI_RUNNING, type MIHandler } from "./metainterp.js";

/** 2^53 - 1 (an RTS integer literal: 2^53 itself reads as a float); a value past it fails the guard and resumes, harmlessly. */
const MAX_EXACT = 9007199254740991;

const OVERFLOW = "integer overflow: the result is beyond the integers JavaScript keeps exact (2^53)";
const NULL_VALUE = "null or undefined where a value was expected";

// resoperation numbers
const R_INT_ADD = opnumOf("int_add");
const R_INT_SUB = opnumOf("int_sub");
const R_INT_MUL = opnumOf("int_mul");
const R_INT_AND = opnumOf("int_and");
const R_INT_OR = opnumOf("int_or");
const R_INT_XOR = opnumOf("int_xor");
const R_INT_LSHIFT = opnumOf("int_lshift");
const R_INT_RSHIFT = opnumOf("int_rshift");
const R_UINT_RSHIFT = opnumOf("uint_rshift");
const R_INT_SIGNEXT = opnumOf("int_signext");
const R_INT_LT = opnumOf("int_lt");
const R_INT_LE = opnumOf("int_le");
const R_INT_EQ = opnumOf("int_eq");
const R_INT_NE = opnumOf("int_ne");
const R_INT_GT = opnumOf("int_gt");
const R_INT_GE = opnumOf("int_ge");
const R_UINT_LT = opnumOf("uint_lt");
const R_INT_NEG = opnumOf("int_neg");
const R_INT_INVERT = opnumOf("int_invert");
const R_INT_IS_TRUE = opnumOf("int_is_true");
const R_INT_IS_ZERO = opnumOf("int_is_zero");
const R_INT_ADD_OVF = opnumOf("int_add_ovf");
const R_INT_SUB_OVF = opnumOf("int_sub_ovf");
const R_INT_MUL_OVF = opnumOf("int_mul_ovf");
const R_INT_FLOORDIV = opnumOf("int_floordiv");
const R_INT_MOD = opnumOf("int_mod");
const R_FLOAT_ADD = opnumOf("float_add");
const R_FLOAT_SUB = opnumOf("float_sub");
const R_FLOAT_MUL = opnumOf("float_mul");
const R_FLOAT_TRUEDIV = opnumOf("float_truediv");
const R_FLOAT_NEG = opnumOf("float_neg");
const R_FLOAT_ABS = opnumOf("float_abs");
const R_FLOAT_LT = opnumOf("float_lt");
const R_FLOAT_LE = opnumOf("float_le");
const R_FLOAT_EQ = opnumOf("float_eq");
const R_FLOAT_NE = opnumOf("float_ne");
const R_FLOAT_GT = opnumOf("float_gt");
const R_FLOAT_GE = opnumOf("float_ge");
const R_CAST_INT_TO_FLOAT = opnumOf("cast_int_to_float");
const R_PTR_EQ = opnumOf("ptr_eq");
const R_PTR_NE = opnumOf("ptr_ne");
const R_CAST_PTR_TO_INT = opnumOf("cast_ptr_to_int");
const R_CAST_INT_TO_PTR = opnumOf("cast_int_to_ptr");
const R_GETFIELD_GC_I = opnumOf("getfield_gc_i");
const R_GETFIELD_GC_R = opnumOf("getfield_gc_r");
const R_GETFIELD_GC_F = opnumOf("getfield_gc_f");
const R_GETFIELD_RAW_I = opnumOf("getfield_raw_i");
const R_GUARD_CLASS = opnumOf("guard_class");
const R_QUASIIMMUT_FIELD = opnumOf("quasiimmut_field");
const R_GUARD_NOT_INVALIDATED = opnumOf("guard_not_invalidated");
const R_SETFIELD_GC = opnumOf("setfield_gc");
const R_SETFIELD_RAW = opnumOf("setfield_raw");
const R_GETARRAYITEM_GC_I = opnumOf("getarrayitem_gc_i");
const R_GETARRAYITEM_GC_R = opnumOf("getarrayitem_gc_r");
const R_GETARRAYITEM_GC_F = opnumOf("getarrayitem_gc_f");
const R_GETARRAYITEM_RAW_I = opnumOf("getarrayitem_raw_i");
const R_SETARRAYITEM_GC = opnumOf("setarrayitem_gc");
const R_SETARRAYITEM_RAW = opnumOf("setarrayitem_raw");
const R_ARRAYLEN_GC = opnumOf("arraylen_gc");
const R_RAW_LOAD_I = opnumOf("raw_load_i");
const R_RAW_LOAD_F = opnumOf("raw_load_f");
const R_RAW_STORE = opnumOf("raw_store");
const R_STRLEN = opnumOf("strlen");
const R_STRGETITEM = opnumOf("strgetitem");
const R_STRSETITEM = opnumOf("strsetitem");
const R_NEW = opnumOf("new");
const R_NEW_WITH_VTABLE = opnumOf("new_with_vtable");
const R_NEW_ARRAY_CLEAR = opnumOf("new_array_clear");
const R_NEWSTR = opnumOf("newstr");
const R_GUARD_TRUE = opnumOf("guard_true");
const R_GUARD_FALSE = opnumOf("guard_false");
const R_GUARD_NONNULL = opnumOf("guard_nonnull");
const R_GUARD_ISNULL = opnumOf("guard_isnull");
const R_GUARD_NO_OVERFLOW = opnumOf("guard_no_overflow");

/** Runs the meta-interpreter until its status changes from MI_RUNNING; gives the new status. */
export function interpret(mi: MetaInterp): number {
  mi.interpreting = true;
  while (mi.status === MI_RUNNING) {
    const f = mi.frames[mi.frames.length - 1]!;
    const opcode = f.code[f.pc]!;
    if (opcode < 0 || opcode >= HANDLERS.length) throw new MetaInterpError(`${f.jitcode.name}: pc ${f.pc}: no instruction ${opcode}`);
    mi.steps++;
    const next = HANDLERS[opcode]!(mi, f, f.pc);
    if (next >= 0) f.pc = next;
    else if (next === RAISED) mi.unwind();
  }
  mi.interpreting = false;
  return mi.status;
}

// ---------------------------------------------------------------------------------------------
// operands

function bi(f: MIFrame, pc: number, k: number): AbstractValue {
  return f.boxesI[f.code[pc + k]!]!;
}
function vi(f: MIFrame, pc: number, k: number): number {
  return f.valuesI[f.code[pc + k]!]!;
}
function br(f: MIFrame, pc: number, k: number): AbstractValue {
  return f.boxesR[f.code[pc + k]!]!;
}
function vr(f: MIFrame, pc: number, k: number): number {
  return f.valuesR[f.code[pc + k]!]!;
}
function bf(f: MIFrame, pc: number, k: number): AbstractValue {
  return f.boxesF[f.code[pc + k]!]!;
}
function vf(f: MIFrame, pc: number, k: number): number {
  return f.valuesF[f.code[pc + k]!]!;
}
function descr(f: MIFrame, pc: number, k: number): Descr {
  return f.jitcode.descrs[f.code[pc + k]!]!;
}
function fieldDescr(f: MIFrame, pc: number, k: number): FieldDescr {
  const d = descr(f, pc, k);
  if (d instanceof FieldDescr) return d;
  throw new MetaInterpError(`${f.jitcode.name}: pc ${pc} needs a field descriptor`);
}
function arrayDescr(f: MIFrame, pc: number, k: number): ArrayDescr {
  const d = descr(f, pc, k);
  if (d instanceof ArrayDescr) return d;
  throw new MetaInterpError(`${f.jitcode.name}: pc ${pc} needs an array descriptor`);
}
function sizeDescr(f: MIFrame, pc: number, k: number): SizeDescr {
  const d = descr(f, pc, k);
  if (d instanceof SizeDescr) return d;
  throw new MetaInterpError(`${f.jitcode.name}: pc ${pc} needs a size descriptor`);
}
function siteDescr(f: MIFrame, pc: number, k: number): SiteDescr {
  const d = descr(f, pc, k);
  if (d instanceof SiteDescr) return d;
  throw new MetaInterpError(`${f.jitcode.name}: pc ${pc} needs a site descriptor`);
}

/** Sets the result register at place `at` and gives next. */
function putI(f: MIFrame, at: number, box: AbstractValue, value: number, next: number): number {
  f.setInt(f.code[at]!, box, value);
  return next;
}
function putR(f: MIFrame, at: number, box: AbstractValue, value: number, next: number): number {
  f.setRef(f.code[at]!, box, value);
  return next;
}
function putF(f: MIFrame, at: number, box: AbstractValue, value: number, next: number): number {
  f.setFloat(f.code[at]!, box, value);
  return next;
}

// ---------------------------------------------------------------------------------------------
// arithmetic

/** A binary integer operation `a, b -> r` recorded as the pure resoperation. */
function binInt(mi: MetaInterp, f: MIFrame, pc: number, opnum: number, value: number): number {
  return putI(f, pc + 3, mi.pure2(opnum, bi(f, pc, 1), bi(f, pc, 2), value), value, pc + 4);
}
function unInt(mi: MetaInterp, f: MIFrame, pc: number, opnum: number, value: number): number {
  return putI(f, pc + 2, mi.pure1(opnum, bi(f, pc, 1), value), value, pc + 3);
}
function binFloat(mi: MetaInterp, f: MIFrame, pc: number, opnum: number, value: number): number {
  return putF(f, pc + 3, mi.pure2F(opnum, bf(f, pc, 1), bf(f, pc, 2), value), value, pc + 4);
}
function cmpFloat(mi: MetaInterp, f: MIFrame, pc: number, opnum: number, holds: boolean): number {
  const value = bool(holds);
  return putI(f, pc + 3, mi.pure2(opnum, bf(f, pc, 1), bf(f, pc, 2), value), value, pc + 4);
}

/** `a, b, site -> r` checked: stops the program when it overflows; else the operation and guard_no_overflow. */
function ovf(mi: MetaInterp, f: MIFrame, pc: number, opnum: number, a: AbstractValue, b: AbstractValue, overflows: boolean, value: number, siteAt: number): number {
  if (overflows) return mi.fatal(OVERFLOW, siteDescr(f, pc, siteAt));
  const args: AbstractValue[] = [a, b];
  const box = mi.result(opnum, args, null, value, true);
  if (!(box instanceof Const)) {
    const none: AbstractValue[] = [];
    mi.guard(R_GUARD_NO_OVERFLOW, none, mi.livePcBefore(f, pc));
  }
  return putI(f, pc + siteAt + 1, box, value, pc + siteAt + 2);
}

/** int_floordiv and int_mod: a guard that b is not 0 (b = 0 stops the program), then the operation. */
function division(mi: MetaInterp, f: MIFrame, pc: number, opnum: number, message: string): number {
  const a = vi(f, pc, 1);
  const b = vi(f, pc, 2);
  if (b === 0) return mi.fatal(message, siteDescr(f, pc, 3));
  const bBox = bi(f, pc, 2);
  if (!(bBox instanceof Const)) guardTrue(mi, f, pc, mi.pure1(R_INT_IS_TRUE, bBox, 1));
  const value = opnum === R_INT_MOD ? integer(a % b) : integer(Math.trunc(a / b));
  return putI(f, pc + 4, mi.pure2(opnum, bi(f, pc, 1), bBox, value), value, pc + 5);
}

/** guard_true on a box known true (none when it is a constant), resuming at the live before pc. */
function guardTrue(mi: MetaInterp, f: MIFrame, pc: number, box: AbstractValue): void {
  if (box instanceof Const) return;
  const args: AbstractValue[] = [box];
  mi.guard(R_GUARD_TRUE, args, mi.livePcBefore(f, pc));
}

// ---------------------------------------------------------------------------------------------
// branches

/** goto_if_not on a condition's box and value: the guard of the direction taken, then the jump. */
function branch(mi: MetaInterp, f: MIFrame, pc: number, cond: AbstractValue, holds: boolean, labelAt: number): number {
  if (!(cond instanceof Const)) {
    const args: AbstractValue[] = [cond];
    mi.guard(holds ? R_GUARD_TRUE : R_GUARD_FALSE, args, mi.livePcBefore(f, pc));
  }
  return holds ? labelAt + 1 : f.code[labelAt]!;
}

function branchCmp(mi: MetaInterp, f: MIFrame, pc: number, opnum: number, holds: boolean): number {
  const cond = mi.pure2(opnum, bi(f, pc, 1), bi(f, pc, 2), bool(holds));
  return branch(mi, f, pc, cond, holds, pc + 3);
}

/** goto_if_not_ptr_*: guard_nonnull or guard_isnull, as the reference is. */
function branchPtr(mi: MetaInterp, f: MIFrame, pc: number, wantNonNull: boolean): number {
  const box = br(f, pc, 1);
  const isNull = vr(f, pc, 1) === 0;
  if (!(box instanceof Const)) {
    const args: AbstractValue[] = [box];
    mi.guard(isNull ? R_GUARD_ISNULL : R_GUARD_NONNULL, args, mi.livePcBefore(f, pc));
  }
  const holds = wantNonNull ? !isNull : isNull;
  return holds ? pc + 3 : f.code[pc + 2]!;
}

function switchInsn(mi: MetaInterp, f: MIFrame, pc: number): number {
  const d = descr(f, pc, 2);
  if (!(d instanceof SwitchDescr)) throw new MetaInterpError(`${f.jitcode.name}: pc ${pc} needs a switch descriptor`);
  const value = vi(f, pc, 1);
  mi.promote("i", bi(f, pc, 1), value, mi.livePcBefore(f, pc));
  const target = d.targetOf(value);
  return target >= 0 ? target : pc + 3;
}

/**
 * guard_class `obj -> cls` (RPython's opimpl_guard_class): the class of the object, a constant of
 * the trace. Tracing records guard_class the first time an object's class is read; its class is
 * then known (heapcache.ts), as is that of an object the trace allocated and set the typeptr of.
 */
function guardClassInsn(mi: MetaInterp, f: MIFrame, pc: number): number {
  const box = br(f, pc, 1);
  const cls = mi.cpu.classOf(vr(f, pc, 1));
  const c = constInt(cls);
  if (mi.tracing && !(box instanceof Const) && mi.heapCache.knownClass(box) !== cls) {
    const args: AbstractValue[] = [box, c];
    mi.guard(R_GUARD_CLASS, args, mi.livePcBefore(f, pc));
    mi.heapCache.noteClass(box, cls);
  }
  return putI(f, pc + 2, c, cls, pc + 3);
}

function promoteInsn(mi: MetaInterp, f: MIFrame, pc: number, kind: string): number {
  const resumePc = mi.livePcBefore(f, pc);
  if (kind === "i") mi.promote("i", bi(f, pc, 1), vi(f, pc, 1), resumePc);
  else if (kind === "r") mi.promote("r", br(f, pc, 1), vr(f, pc, 1), resumePc);
  else mi.promoteFloat(bf(f, pc, 1), vf(f, pc, 1), resumePc);
  return pc + 2;
}

// ---------------------------------------------------------------------------------------------
// memory

/**
 * A load `base, descr -> r` (field) of the descriptor's kind; folded on a constant base when the
 * field is immutable, or quasi-immutable (the codewriter puts record_quasiimmut_field before such
 * a read: the trace depends on the field from there on).
 */
/** The box of a field read the trace just recorded (or folded), remembered by the heap cache when it was asked. */
function rememberedField(mi: MetaInterp, cached: boolean, baseBox: AbstractValue, d: FieldDescr, box: AbstractValue): AbstractValue {
  if (cached) mi.heapCache.rememberField(baseBox, d, box);
  return box;
}

function getField(mi: MetaInterp, f: MIFrame, pc: number, baseBox: AbstractValue, base: number, opnum: number): number {
  const d = fieldDescr(f, pc, 2);
  const address = base + d.offset;
  const args: AbstractValue[] = [baseBox];
  const foldable = d.immutable || d.quasiImmutable;
  // a field the trace read or stored before is that box (heapcache.ts): nothing is recorded
  const cached = opnum !== R_GETFIELD_RAW_I && mi.tracing && !(foldable && baseBox instanceof Const);
  const known = cached ? mi.heapCache.getfield(baseBox, d) : null;
  if (d.kind === "r") {
    const value = mi.cpu.loadRef(address);
    const box = known !== null ? known : rememberedField(mi, cached, baseBox, d, mi.result(opnum, args, d, value, foldable));
    return putR(f, pc + 3, box, value, pc + 4);
  }
  if (d.kind === "f") {
    const value = mi.cpu.loadFloat(address);
    const box = known !== null ? known : rememberedField(mi, cached, baseBox, d, mi.resultF(opnum, args, d, value, foldable));
    return putF(f, pc + 3, box, value, pc + 4);
  }
  const value = mi.cpu.loadInt(address, d.size, d.signed);
  const box = known !== null ? known : rememberedField(mi, cached, baseBox, d, mi.result(opnum, args, d, value, foldable));
  return putI(f, pc + 3, box, value, pc + 4);
}

/**
 * record_quasiimmut_field `base, descr` (RPython's opimpl_record_quasiimmut_field): tracing, on a
 * constant object, records quasiimmut_field and a guard_not_invalidated resuming before it, and
 * notes the field's value among the trace's dependencies (mi.quasiImmut); the getfield after it
 * then folds. Not on a constant object: nothing (the getfield is recorded).
 */
function recordQuasiImmutField(mi: MetaInterp, f: MIFrame, pc: number): number {
  const box = br(f, pc, 1);
  if (mi.tracing && box instanceof Const) {
    const d = fieldDescr(f, pc, 2);
    const object = vr(f, pc, 1);
    const args: AbstractValue[] = [box];
    mi.effect(R_QUASIIMMUT_FIELD, args, d);
    const none: AbstractValue[] = [];
    mi.guard(R_GUARD_NOT_INVALIDATED, none, mi.livePcBefore(f, pc));
    mi.quasiImmut.add(object, d, fieldValue(mi.cpu, object, d));
  }
  return pc + 3;
}

function setField(mi: MetaInterp, f: MIFrame, pc: number, baseBox: AbstractValue, base: number, kind: string, opnum: number): number {
  const d = fieldDescr(f, pc, 3);
  const address = base + d.offset;
  const reg = f.code[pc + 2]!;
  if (kind === "r") {
    mi.cpu.writeBarrier(base);
    mi.cpu.storeRef(address, f.valuesR[reg]!);
  }
  else if (kind === "f") mi.cpu.storeFloat(address, f.valuesF[reg]!);
  else mi.cpu.storeInt(address, d.size, f.valuesI[reg]!);
  const valueBox = f.boxOf(kind, reg);
  const args: AbstractValue[] = [baseBox, valueBox];
  mi.effect(opnum, args, d);
  if (mi.tracing && opnum === R_SETFIELD_GC) {
    mi.heapCache.setfield(baseBox, d, valueBox);
    // an object the trace made: its class is known from the store of its typeptr
    if (d.fieldName === "typeptr") mi.heapCache.noteClass(baseBox, f.valuesI[reg]!);
  }
  return pc + 4;
}

function itemAddress(d: ArrayDescr, base: number, index: number): number {
  return base + d.baseOffset + index * d.itemSize;
}

/** An item load `base, index, descr -> r`; folded on constants when the array is immutable (or `pure`, as strings are). */
/** The box of an item read the trace just recorded (or folded), remembered by the heap cache when it was asked. */
function rememberedItem(mi: MetaInterp, cached: boolean, baseBox: AbstractValue, indexBox: AbstractValue, d: ArrayDescr, box: AbstractValue): AbstractValue {
  if (cached) mi.heapCache.rememberItem(baseBox, indexBox, d, box);
  return box;
}

function getItem(mi: MetaInterp, f: MIFrame, pc: number, baseBox: AbstractValue, base: number, kind: string, opnum: number, pure: boolean): number {
  const d = arrayDescr(f, pc, 3);
  const address = itemAddress(d, base, vi(f, pc, 2));
  const indexBox = bi(f, pc, 2);
  const args: AbstractValue[] = [baseBox, indexBox];
  const foldable = pure || d.immutable;
  // an item the trace read or stored before is that box (heapcache.ts): nothing is recorded
  const cached = !pure && opnum !== R_GETARRAYITEM_RAW_I && mi.tracing && !(foldable && allConstant(args));
  const known = cached ? mi.heapCache.getarrayitem(baseBox, indexBox, d) : null;
  if (kind === "r") {
    const value = mi.cpu.loadRef(address);
    const box = known !== null ? known : rememberedItem(mi, cached, baseBox, indexBox, d, mi.result(opnum, args, d, value, foldable));
    return putR(f, pc + 4, box, value, pc + 5);
  }
  if (kind === "f") {
    const value = mi.cpu.loadFloat(address);
    const box = known !== null ? known : rememberedItem(mi, cached, baseBox, indexBox, d, mi.resultF(opnum, args, d, value, foldable));
    return putF(f, pc + 4, box, value, pc + 5);
  }
  const value = mi.cpu.loadInt(address, d.fieldSize, d.signed);
  const box = known !== null ? known : rememberedItem(mi, cached, baseBox, indexBox, d, mi.result(opnum, args, d, value, foldable));
  return putI(f, pc + 4, box, value, pc + 5);
}

function setItem(mi: MetaInterp, f: MIFrame, pc: number, baseBox: AbstractValue, base: number, kind: string, opnum: number): number {
  const d = arrayDescr(f, pc, 4);
  const address = itemAddress(d, base, vi(f, pc, 2));
  const reg = f.code[pc + 3]!;
  if (kind === "r") {
    mi.cpu.writeBarrier(base);
    mi.cpu.storeRef(address, f.valuesR[reg]!);
  }
  else if (kind === "f") mi.cpu.storeFloat(address, f.valuesF[reg]!);
  else mi.cpu.storeInt(address, d.fieldSize, f.valuesI[reg]!);
  const indexBox = bi(f, pc, 2);
  const valueBox = f.boxOf(kind, reg);
  const args: AbstractValue[] = [baseBox, indexBox, valueBox];
  mi.effect(opnum, args, d);
  if (mi.tracing && opnum === R_SETARRAYITEM_GC) mi.heapCache.setarrayitem(baseBox, indexBox, d, valueBox);
  return pc + 5;
}

/** arraylen_gc and strlen: a length never changes, so a constant array's folds. */
function arrayLength(mi: MetaInterp, f: MIFrame, pc: number, opnum: number): number {
  const d = arrayDescr(f, pc, 2);
  const value = mi.cpu.loadInt(vr(f, pc, 1) + d.lengthOffset, 8, true);
  const args: AbstractValue[] = [br(f, pc, 1)];
  return putI(f, pc + 3, mi.result(opnum, args, d, value, true), value, pc + 4);
}

function rawLoad(mi: MetaInterp, f: MIFrame, pc: number, kind: string): number {
  const d = arrayDescr(f, pc, 3);
  const address = vi(f, pc, 1) + vi(f, pc, 2);
  const args: AbstractValue[] = [bi(f, pc, 1), bi(f, pc, 2)];
  if (kind === "f") {
    const value = mi.cpu.loadFloat(address);
    return putF(f, pc + 4, mi.resultF(R_RAW_LOAD_F, args, d, value, d.immutable), value, pc + 5);
  }
  const value = mi.cpu.loadInt(address, d.itemSize, d.signed);
  return putI(f, pc + 4, mi.result(R_RAW_LOAD_I, args, d, value, d.immutable), value, pc + 5);
}

function rawStore(mi: MetaInterp, f: MIFrame, pc: number, kind: string): number {
  const d = arrayDescr(f, pc, 4);
  const address = vi(f, pc, 1) + vi(f, pc, 2);
  const reg = f.code[pc + 3]!;
  if (kind === "f") mi.cpu.storeFloat(address, f.valuesF[reg]!);
  else mi.cpu.storeInt(address, d.itemSize, f.valuesI[reg]!);
  const args: AbstractValue[] = [bi(f, pc, 1), bi(f, pc, 2), f.boxOf(kind, reg)];
  mi.effect(R_RAW_STORE, args, d);
  return pc + 5;
}

/** An allocation's result: the recorded operation, or a constant when not tracing. */
function allocated(mi: MetaInterp, opnum: number, args: AbstractValue[], d: Descr, ref: number): AbstractValue {
  const op = mi.effect(opnum, args, d);
  if (op === null) return new ConstPtr(ref, "");
  return op;
}

function newStruct(mi: MetaInterp, f: MIFrame, pc: number, withVtable: boolean): number {
  const d = sizeDescr(f, pc, 1);
  const ref = mi.cpu.newStruct(d);
  if (withVtable) mi.cpu.setClass(ref, d.vtable);
  const none: AbstractValue[] = [];
  return putR(f, pc + 2, allocated(mi, withVtable ? R_NEW_WITH_VTABLE : R_NEW, none, d, ref), ref, pc + 3);
}

function newArray(mi: MetaInterp, f: MIFrame, pc: number, opnum: number): number {
  const d = arrayDescr(f, pc, 2);
  const n = vi(f, pc, 1);
  const ref = mi.cpu.newArray(d, n);
  const args: AbstractValue[] = [bi(f, pc, 1)];
  return putR(f, pc + 3, allocated(mi, opnum, args, d, ref), ref, pc + 4);
}

// ---------------------------------------------------------------------------------------------
// checks

function checkNonNull(mi: MetaInterp, f: MIFrame, pc: number): number {
  const p = vr(f, pc, 1);
  if (p === 0 || p === mi.nullObject) return mi.fatal(NULL_VALUE, siteDescr(f, pc, 2));
  const box = br(f, pc, 1);
  if (!(box instanceof Const)) {
    const args: AbstractValue[] = [box];
    mi.guard(R_GUARD_NONNULL, args, mi.livePcBefore(f, pc));
    if (mi.nullObject !== 0) guardTrue(mi, f, pc, mi.pure2(R_PTR_NE, box, new ConstPtr(mi.nullObject, ""), 1));
  }
  return pc + 3;
}

function checkDefined(mi: MetaInterp, f: MIFrame, pc: number): number {
  const x = vi(f, pc, 1);
  if (mi.cpu.isMissingWord(x)) return mi.fatal(NULL_VALUE, siteDescr(f, pc, 2));
  // The missing words are +-2^60, past the integers RTS keeps (|x| <= 2^53): the trace checks
  // that bound instead (two guards), since its constants must be RTS integers themselves.
  const box = bi(f, pc, 1);
  if (!(box instanceof Const)) {
    guardTrue(mi, f, pc, mi.pure2(R_INT_LE, box, constInt(MAX_EXACT), 1));
    guardTrue(mi, f, pc, mi.pure2(R_INT_GE, box, constInt(-MAX_EXACT), 1));
  }
  return pc + 3;
}

function checkIndex(mi: MetaInterp, f: MIFrame, pc: number): number {
  const index = vi(f, pc, 1);
  const length = vi(f, pc, 2);
  if (index < 0 || index >= length) return mi.fatal("index " + String(index) + " out of bounds (length " + String(length) + ")", siteDescr(f, pc, 3));
  guardTrue(mi, f, pc, mi.pure2(R_UINT_LT, bi(f, pc, 1), bi(f, pc, 2), 1));
  return pc + 4;
}

// ---------------------------------------------------------------------------------------------
// the table

function copy(f: MIFrame, pc: number, kind: string): number {
  f.copyReg(kind, f.code[pc + 1]!, f.code[pc + 2]!);
  return pc + 3;
}

/** Every jitcode instruction: the meta-interpreter runs them all (tests/jit/metainterp walks it). */
export const METAINTERP_OPERATIONS: JitCodeOpHandlers<MIHandler> = {
  live: (_mi, f, pc) => {
    f.lastLivePc = pc;
    return pc + 2;
  },
  goto: (_mi, f, pc) => f.code[pc + 1]!,
  goto_if_not: (mi, f, pc) => branch(mi, f, pc, bi(f, pc, 1), vi(f, pc, 1) !== 0, pc + 2),
  goto_if_not_int_lt: (mi, f, pc) => branchCmp(mi, f, pc, R_INT_LT, vi(f, pc, 1) < vi(f, pc, 2)),
  goto_if_not_int_le: (mi, f, pc) => branchCmp(mi, f, pc, R_INT_LE, vi(f, pc, 1) <= vi(f, pc, 2)),
  goto_if_not_int_eq: (mi, f, pc) => branchCmp(mi, f, pc, R_INT_EQ, vi(f, pc, 1) === vi(f, pc, 2)),
  goto_if_not_int_ne: (mi, f, pc) => branchCmp(mi, f, pc, R_INT_NE, vi(f, pc, 1) !== vi(f, pc, 2)),
  goto_if_not_int_gt: (mi, f, pc) => branchCmp(mi, f, pc, R_INT_GT, vi(f, pc, 1) > vi(f, pc, 2)),
  goto_if_not_int_ge: (mi, f, pc) => branchCmp(mi, f, pc, R_INT_GE, vi(f, pc, 1) >= vi(f, pc, 2)),
  goto_if_not_ptr_nonzero: (mi, f, pc) => branchPtr(mi, f, pc, true),
  goto_if_not_ptr_iszero: (mi, f, pc) => branchPtr(mi, f, pc, false),
  switch: switchInsn,
  int_return: (mi, f, pc) => mi.returnValue("i", bi(f, pc, 1), vi(f, pc, 1), 0.0),
  ref_return: (mi, f, pc) => mi.returnValue("r", br(f, pc, 1), vr(f, pc, 1), 0.0),
  float_return: (mi, f, pc) => mi.returnValue("f", bf(f, pc, 1), 0, vf(f, pc, 1)),
  void_return: (mi, _f, _pc) => mi.returnValue("v", constInt(0), 0, 0.0),
  raise: (mi, f, pc) => {
    mi.exception = vr(f, pc, 1);
    mi.exceptionBox = br(f, pc, 1);
    f.pc = pc + 2;
    return RAISED;
  },
  reraise: (_mi, f, pc) => {
    f.pc = pc + 1;
    return RAISED;
  },
  // reached when the instruction before did not raise
  catch_exception: (_mi, _f, pc) => pc + 2,
  last_exc_value: (mi, f, pc) => putR(f, pc + 1, mi.exceptionBox, mi.exception, pc + 2),

  int_copy: (_mi, f, pc) => copy(f, pc, "i"),
  // true in the trace (a constant, nothing recorded); false while only interpreting, as ahead-of-time code has it
  we_are_jitted: (mi, f, pc) => {
    const value = mi.tracing ? 1 : 0;
    return putI(f, pc + 1, constInt(value), value, pc + 2);
  },
  ref_copy: (_mi, f, pc) => copy(f, pc, "r"),
  float_copy: (_mi, f, pc) => copy(f, pc, "f"),
  int_push: (mi, f, pc) => {
    mi.pushedI = bi(f, pc, 1);
    mi.pushedIValue = vi(f, pc, 1);
    return pc + 2;
  },
  ref_push: (mi, f, pc) => {
    mi.pushedR = br(f, pc, 1);
    mi.pushedRValue = vr(f, pc, 1);
    return pc + 2;
  },
  float_push: (mi, f, pc) => {
    mi.pushedF = bf(f, pc, 1);
    mi.pushedFValue = vf(f, pc, 1);
    return pc + 2;
  },
  int_pop: (mi, f, pc) => putI(f, pc + 1, mi.pushedI, mi.pushedIValue, pc + 2),
  ref_pop: (mi, f, pc) => putR(f, pc + 1, mi.pushedR, mi.pushedRValue, pc + 2),
  float_pop: (mi, f, pc) => putF(f, pc + 1, mi.pushedF, mi.pushedFValue, pc + 2),

  int_add: (mi, f, pc) => binInt(mi, f, pc, R_INT_ADD, vi(f, pc, 1) + vi(f, pc, 2)),
  int_sub: (mi, f, pc) => binInt(mi, f, pc, R_INT_SUB, vi(f, pc, 1) - vi(f, pc, 2)),
  int_mul: (mi, f, pc) => binInt(mi, f, pc, R_INT_MUL, integer(vi(f, pc, 1) * vi(f, pc, 2))),
  int_and: (mi, f, pc) => binInt(mi, f, pc, R_INT_AND, bitAnd(vi(f, pc, 1), vi(f, pc, 2))),
  int_or: (mi, f, pc) => binInt(mi, f, pc, R_INT_OR, bitOr(vi(f, pc, 1), vi(f, pc, 2))),
  int_xor: (mi, f, pc) => binInt(mi, f, pc, R_INT_XOR, bitXor(vi(f, pc, 1), vi(f, pc, 2))),
  int_lshift: (mi, f, pc) => binInt(mi, f, pc, R_INT_LSHIFT, shiftLeft(vi(f, pc, 1), vi(f, pc, 2))),
  int_rshift: (mi, f, pc) => binInt(mi, f, pc, R_INT_RSHIFT, shiftRight(vi(f, pc, 1), vi(f, pc, 2))),
  uint_rshift: (mi, f, pc) => binInt(mi, f, pc, R_UINT_RSHIFT, unsignedShiftRight(vi(f, pc, 1), vi(f, pc, 2))),
  int_signext: (mi, f, pc) => binInt(mi, f, pc, R_INT_SIGNEXT, signExtend(vi(f, pc, 1), vi(f, pc, 2))),
  int_lt: (mi, f, pc) => binInt(mi, f, pc, R_INT_LT, bool(vi(f, pc, 1) < vi(f, pc, 2))),
  int_le: (mi, f, pc) => binInt(mi, f, pc, R_INT_LE, bool(vi(f, pc, 1) <= vi(f, pc, 2))),
  int_eq: (mi, f, pc) => binInt(mi, f, pc, R_INT_EQ, bool(vi(f, pc, 1) === vi(f, pc, 2))),
  int_ne: (mi, f, pc) => binInt(mi, f, pc, R_INT_NE, bool(vi(f, pc, 1) !== vi(f, pc, 2))),
  int_gt: (mi, f, pc) => binInt(mi, f, pc, R_INT_GT, bool(vi(f, pc, 1) > vi(f, pc, 2))),
  int_ge: (mi, f, pc) => binInt(mi, f, pc, R_INT_GE, bool(vi(f, pc, 1) >= vi(f, pc, 2))),
  uint_lt: (mi, f, pc) => binInt(mi, f, pc, R_UINT_LT, bool(unsignedLess(vi(f, pc, 1), vi(f, pc, 2)))),
  int_neg: (mi, f, pc) => unInt(mi, f, pc, R_INT_NEG, 0 - vi(f, pc, 1)),
  int_invert: (mi, f, pc) => unInt(mi, f, pc, R_INT_INVERT, -1 - vi(f, pc, 1)),
  int_is_true: (mi, f, pc) => unInt(mi, f, pc, R_INT_IS_TRUE, bool(vi(f, pc, 1) !== 0)),
  int_is_zero: (mi, f, pc) => unInt(mi, f, pc, R_INT_IS_ZERO, bool(vi(f, pc, 1) === 0)),
  int_add_ovf: (mi, f, pc) => ovf(mi, f, pc, R_INT_ADD_OVF, bi(f, pc, 1), bi(f, pc, 2), addOverflows(vi(f, pc, 1), vi(f, pc, 2)), vi(f, pc, 1) + vi(f, pc, 2), 3),
  int_sub_ovf: (mi, f, pc) => ovf(mi, f, pc, R_INT_SUB_OVF, bi(f, pc, 1), bi(f, pc, 2), subOverflows(vi(f, pc, 1), vi(f, pc, 2)), vi(f, pc, 1) - vi(f, pc, 2), 3),
  int_mul_ovf: (mi, f, pc) => ovf(mi, f, pc, R_INT_MUL_OVF, bi(f, pc, 1), bi(f, pc, 2), mulOverflows(vi(f, pc, 1), vi(f, pc, 2)), integer(vi(f, pc, 1) * vi(f, pc, 2)), 3),
  // -a as int_sub_ovf(0, a), as the blackhole interpreter checks it
  int_neg_ovf: (mi, f, pc) => ovf(mi, f, pc, R_INT_SUB_OVF, constInt(0), bi(f, pc, 1), subOverflows(0, vi(f, pc, 1)), 0 - vi(f, pc, 1), 2),
  int_floordiv: (mi, f, pc) => division(mi, f, pc, R_INT_FLOORDIV, "integer division by zero"),
  int_mod: (mi, f, pc) => division(mi, f, pc, R_INT_MOD, "integer modulo by zero"),

  float_add: (mi, f, pc) => binFloat(mi, f, pc, R_FLOAT_ADD, vf(f, pc, 1) + vf(f, pc, 2)),
  float_sub: (mi, f, pc) => binFloat(mi, f, pc, R_FLOAT_SUB, vf(f, pc, 1) - vf(f, pc, 2)),
  float_mul: (mi, f, pc) => binFloat(mi, f, pc, R_FLOAT_MUL, vf(f, pc, 1) * vf(f, pc, 2)),
  float_truediv: (mi, f, pc) => binFloat(mi, f, pc, R_FLOAT_TRUEDIV, vf(f, pc, 1) / vf(f, pc, 2)),
  float_neg: (mi, f, pc) => putF(f, pc + 2, mi.pure1F(R_FLOAT_NEG, bf(f, pc, 1), -vf(f, pc, 1)), -vf(f, pc, 1), pc + 3),
  float_abs: (mi, f, pc) => putF(f, pc + 2, mi.pure1F(R_FLOAT_ABS, bf(f, pc, 1), Math.abs(vf(f, pc, 1))), Math.abs(vf(f, pc, 1)), pc + 3),
  float_lt: (mi, f, pc) => cmpFloat(mi, f, pc, R_FLOAT_LT, vf(f, pc, 1) < vf(f, pc, 2)),
  float_le: (mi, f, pc) => cmpFloat(mi, f, pc, R_FLOAT_LE, vf(f, pc, 1) <= vf(f, pc, 2)),
  float_eq: (mi, f, pc) => cmpFloat(mi, f, pc, R_FLOAT_EQ, vf(f, pc, 1) === vf(f, pc, 2)),
  float_ne: (mi, f, pc) => cmpFloat(mi, f, pc, R_FLOAT_NE, vf(f, pc, 1) !== vf(f, pc, 2)),
  float_gt: (mi, f, pc) => cmpFloat(mi, f, pc, R_FLOAT_GT, vf(f, pc, 1) > vf(f, pc, 2)),
  float_ge: (mi, f, pc) => cmpFloat(mi, f, pc, R_FLOAT_GE, vf(f, pc, 1) >= vf(f, pc, 2)),
  cast_int_to_float: (mi, f, pc) => putF(f, pc + 2, mi.pure1F(R_CAST_INT_TO_FLOAT, bi(f, pc, 1), vi(f, pc, 1) * 1.0), vi(f, pc, 1) * 1.0, pc + 3),

  ptr_eq: (mi, f, pc) => putI(f, pc + 3, mi.pure2(R_PTR_EQ, br(f, pc, 1), br(f, pc, 2), bool(vr(f, pc, 1) === vr(f, pc, 2))), bool(vr(f, pc, 1) === vr(f, pc, 2)), pc + 4),
  ptr_ne: (mi, f, pc) => putI(f, pc + 3, mi.pure2(R_PTR_NE, br(f, pc, 1), br(f, pc, 2), bool(vr(f, pc, 1) !== vr(f, pc, 2))), bool(vr(f, pc, 1) !== vr(f, pc, 2)), pc + 4),
  // no resoperation of its own: ptr_ne(p, NULL) and ptr_eq(p, NULL)
  ptr_nonzero: (mi, f, pc) => putI(f, pc + 2, mi.pure2(R_PTR_NE, br(f, pc, 1), new ConstPtr(0, ""), bool(vr(f, pc, 1) !== 0)), bool(vr(f, pc, 1) !== 0), pc + 3),
  ptr_iszero: (mi, f, pc) => putI(f, pc + 2, mi.pure2(R_PTR_EQ, br(f, pc, 1), new ConstPtr(0, ""), bool(vr(f, pc, 1) === 0)), bool(vr(f, pc, 1) === 0), pc + 3),
  cast_ptr_to_int: (mi, f, pc) => putI(f, pc + 2, mi.pure1(R_CAST_PTR_TO_INT, br(f, pc, 1), vr(f, pc, 1)), vr(f, pc, 1), pc + 3),
  cast_int_to_ptr: (mi, f, pc) => putR(f, pc + 2, mi.pure1(R_CAST_INT_TO_PTR, bi(f, pc, 1), vi(f, pc, 1)), vi(f, pc, 1), pc + 3),

  getfield_gc_i: (mi, f, pc) => getField(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), R_GETFIELD_GC_I),
  getfield_gc_r: (mi, f, pc) => getField(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), R_GETFIELD_GC_R),
  getfield_gc_f: (mi, f, pc) => getField(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), R_GETFIELD_GC_F),
  setfield_gc_i: (mi, f, pc) => setField(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), "i", R_SETFIELD_GC),
  setfield_gc_r: (mi, f, pc) => setField(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), "r", R_SETFIELD_GC),
  setfield_gc_f: (mi, f, pc) => setField(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), "f", R_SETFIELD_GC),
  getfield_raw_i: (mi, f, pc) => getField(mi, f, pc, bi(f, pc, 1), vi(f, pc, 1), R_GETFIELD_RAW_I),
  record_quasiimmut_field: (mi, f, pc) => recordQuasiImmutField(mi, f, pc),
  setfield_raw_i: (mi, f, pc) => setField(mi, f, pc, bi(f, pc, 1), vi(f, pc, 1), "i", R_SETFIELD_RAW),
  getarrayitem_gc_i: (mi, f, pc) => getItem(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), "i", R_GETARRAYITEM_GC_I, false),
  getarrayitem_gc_r: (mi, f, pc) => getItem(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), "r", R_GETARRAYITEM_GC_R, false),
  getarrayitem_gc_f: (mi, f, pc) => getItem(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), "f", R_GETARRAYITEM_GC_F, false),
  setarrayitem_gc_i: (mi, f, pc) => setItem(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), "i", R_SETARRAYITEM_GC),
  setarrayitem_gc_r: (mi, f, pc) => setItem(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), "r", R_SETARRAYITEM_GC),
  setarrayitem_gc_f: (mi, f, pc) => setItem(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), "f", R_SETARRAYITEM_GC),
  arraylen_gc: (mi, f, pc) => arrayLength(mi, f, pc, R_ARRAYLEN_GC),
  getarrayitem_raw_i: (mi, f, pc) => getItem(mi, f, pc, bi(f, pc, 1), vi(f, pc, 1), "i", R_GETARRAYITEM_RAW_I, false),
  setarrayitem_raw_i: (mi, f, pc) => setItem(mi, f, pc, bi(f, pc, 1), vi(f, pc, 1), "i", R_SETARRAYITEM_RAW),
  raw_load_i: (mi, f, pc) => rawLoad(mi, f, pc, "i"),
  raw_load_f: (mi, f, pc) => rawLoad(mi, f, pc, "f"),
  raw_store_i: (mi, f, pc) => rawStore(mi, f, pc, "i"),
  raw_store_f: (mi, f, pc) => rawStore(mi, f, pc, "f"),
  strlen: (mi, f, pc) => arrayLength(mi, f, pc, R_STRLEN),
  // strings are immutable: a constant string's code unit folds
  strgetitem: (mi, f, pc) => getItem(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), "i", R_STRGETITEM, true),
  strsetitem: (mi, f, pc) => setItem(mi, f, pc, br(f, pc, 1), vr(f, pc, 1), "i", R_STRSETITEM),
  new: (mi, f, pc) => newStruct(mi, f, pc, false),
  new_with_vtable: (mi, f, pc) => newStruct(mi, f, pc, true),
  new_array_clear: (mi, f, pc) => newArray(mi, f, pc, R_NEW_ARRAY_CLEAR),
  newstr: (mi, f, pc) => newArray(mi, f, pc, R_NEWSTR),

  check_nonnull: checkNonNull,
  check_defined: checkDefined,
  check_index: checkIndex,
  debug_fatal: (mi, f, pc) => {
    const site = siteDescr(f, pc, 1);
    return mi.fatal(site.message, site);
  },

  residual_call_r_i: (mi, f, pc) => residualCall(mi, f, pc, "r", "i"),
  residual_call_r_r: (mi, f, pc) => residualCall(mi, f, pc, "r", "r"),
  residual_call_r_f: (mi, f, pc) => residualCall(mi, f, pc, "r", "f"),
  residual_call_r_v: (mi, f, pc) => residualCall(mi, f, pc, "r", "v"),
  residual_call_ir_i: (mi, f, pc) => residualCall(mi, f, pc, "ir", "i"),
  residual_call_ir_r: (mi, f, pc) => residualCall(mi, f, pc, "ir", "r"),
  residual_call_ir_f: (mi, f, pc) => residualCall(mi, f, pc, "ir", "f"),
  residual_call_ir_v: (mi, f, pc) => residualCall(mi, f, pc, "ir", "v"),
  residual_call_irf_i: (mi, f, pc) => residualCall(mi, f, pc, "irf", "i"),
  residual_call_irf_r: (mi, f, pc) => residualCall(mi, f, pc, "irf", "r"),
  residual_call_irf_f: (mi, f, pc) => residualCall(mi, f, pc, "irf", "f"),
  residual_call_irf_v: (mi, f, pc) => residualCall(mi, f, pc, "irf", "v"),
  inline_call_r_i: (mi, f, pc) => inlineCall(mi, f, pc, "r", "i"),
  inline_call_r_r: (mi, f, pc) => inlineCall(mi, f, pc, "r", "r"),
  inline_call_r_f: (mi, f, pc) => inlineCall(mi, f, pc, "r", "f"),
  inline_call_r_v: (mi, f, pc) => inlineCall(mi, f, pc, "r", "v"),
  inline_call_ir_i: (mi, f, pc) => inlineCall(mi, f, pc, "ir", "i"),
  inline_call_ir_r: (mi, f, pc) => inlineCall(mi, f, pc, "ir", "r"),
  inline_call_ir_f: (mi, f, pc) => inlineCall(mi, f, pc, "ir", "f"),
  inline_call_ir_v: (mi, f, pc) => inlineCall(mi, f, pc, "ir", "v"),
  inline_call_irf_i: (mi, f, pc) => inlineCall(mi, f, pc, "irf", "i"),
  inline_call_irf_r: (mi, f, pc) => inlineCall(mi, f, pc, "irf", "r"),
  inline_call_irf_f: (mi, f, pc) => inlineCall(mi, f, pc, "irf", "f"),
  inline_call_irf_v: (mi, f, pc) => inlineCall(mi, f, pc, "irf", "v"),

  jit_merge_point: (mi, f, pc) => mi.mergePoint(f, pc),
  // can_enter_jit: the next jit_merge_point of the bottom frame may close the loop (or, interpreting, start one)
  loop_header: (mi, _f, pc) => {
    if (mi.frames.length === 1) mi.seenLoopHeader = true;
    return pc + 2;
  },
  int_guard_value: (mi, f, pc) => promoteInsn(mi, f, pc, "i"),
  ref_guard_value: (mi, f, pc) => promoteInsn(mi, f, pc, "r"),
  float_guard_value: (mi, f, pc) => promoteInsn(mi, f, pc, "f"),
  guard_class: (mi, f, pc) => guardClassInsn(mi, f, pc),
};

/** The handlers by opcode (what interpret calls). */
const HANDLERS: readonly MIHandler[] = JITCODE_INSNS.map((info) => {
  const h = (METAINTERP_OPERATIONS as Record<string, MIHandler | { refused: string }>)[info.name];
  if (typeof h !== "function") throw new Error(`the meta-interpreter has no handler for ${info.name}`);
  return h;
});
