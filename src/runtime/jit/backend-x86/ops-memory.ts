/**
 * Loads and stores (RPython's genop_getfield_gc, genop_getarrayitem_gc, genop_discard_setfield_gc
 * and friends): fields at the descriptor's offset, array items at base + baseOffset + i * itemSize
 * (one addressing mode when the item size is 1, 2, 4 or 8, else i * itemSize computed first: the
 * items of an array of inline structs, whose descriptor's fieldSize is what is loaded or stored),
 * lengths as the word at lengthOffset,
 * raw loads and stores at address + offset; integers of 1, 2, 4 or 8 bytes zero- or sign-extended
 * as the descriptor says, floats as 8 bytes.
 *
 * A store of a GC reference into a GC object comes after the collector's write barrier
 * (calls.ts emitWriteBarrier).
 *
 * Scratch registers: a constant base goes to R11, a constant index to RCX, a constant value to RAX
 * (XMM15 for a float).
 *
 * RTS.
 */

import { type AbstractValue, ArrayDescr, Const, FieldDescr, type ResOperation } from "../history.js";
import {
  ADD_ri, CC_LE, IMUL_rri, Jcc_l, JMP_l, Label, LEA_rm, MOV_rr, SUB_ri, TEST_rr,
  type Mem, mem, memIndexed, MOV_mr, MOV_rm, MOV16_mr, MOV32_mr, MOV32_rm, MOV8_mr, MOVSD_mx, MOVSD_xm, MOVSX16_rm, MOVSX32_rm,
  MOVSX8_rm, MOVZX16_rm, MOVZX8_rm, R11, RAX, RCX, RDX,
} from "./asm.js";
import { emitWriteBarrier } from "./calls.js";
import { type TraceAssembler, TraceRefused } from "./trace-assembler.js";

function fieldDescr(op: ResOperation): FieldDescr {
  const d = op.descr;
  // null first: an instanceof of a nullable reference is a call of ll_instanceof (src/runtime/jit/README.md)
  if (d === null) throw new TraceRefused(`${op.name()} without a field descriptor`);
  if (d instanceof FieldDescr) return d;
  throw new TraceRefused(`${op.name()} without a field descriptor`);
}

function arrayDescr(op: ResOperation): ArrayDescr {
  const d = op.descr;
  if (d === null) throw new TraceRefused(`${op.name()} without an array descriptor`);
  if (d instanceof ArrayDescr) return d;
  throw new TraceRefused(`${op.name()} without an array descriptor`);
}

/** Loads a value of the kind (`i`, `r`, `f`) and size at m into op's result. */
function load(t: TraceAssembler, op: ResOperation, kind: string, size: number, signed: boolean, m: Mem): void {
  if (kind === "f") {
    t.asm.rm(MOVSD_xm, t.resultXmm(op), m);
    return;
  }
  const d = t.resultGpr(op);
  if (kind === "r" || size === 8) t.asm.rm(MOV_rm, d, m);
  else if (size === 4) t.asm.rm(signed ? MOVSX32_rm : MOV32_rm, d, m);
  else if (size === 2) t.asm.rm(signed ? MOVSX16_rm : MOVZX16_rm, d, m);
  else if (size === 1) t.asm.rm(signed ? MOVSX8_rm : MOVZX8_rm, d, m);
  else throw new TraceRefused(`${op.name()} of ${size} bytes`);
}

/** Stores value (of the kind, its low `size` bytes) at m. */
function store(t: TraceAssembler, op: ResOperation, kind: string, size: number, m: Mem, value: AbstractValue): void {
  if (kind === "f") {
    t.asm.mr(MOVSD_mx, m, t.xmm(value, 15));
    return;
  }
  const s = t.gpr(value, RAX);
  if (kind === "r" || size === 8) t.asm.mr(MOV_mr, m, s);
  else if (size === 4) t.asm.mr(MOV32_mr, m, s);
  else if (size === 2) t.asm.mr(MOV16_mr, m, s);
  else if (size === 1) t.asm.mr(MOV8_mr, m, s);
  else throw new TraceRefused(`${op.name()} of ${size} bytes`);
}

/** [base + offset]. */
function at(t: TraceAssembler, base: AbstractValue, offset: number): Mem {
  return mem(t.gpr(base, R11), offset);
}

/** [base + offset + index * scale]. */
function indexed(t: TraceAssembler, op: ResOperation, base: AbstractValue, index: AbstractValue, scale: number, offset: number): Mem {
  const b = t.gpr(base, R11);
  if (index instanceof Const) return mem(b, offset + t.constInt(index) * scale);
  if (scale !== 1 && scale !== 2 && scale !== 4 && scale !== 8) {
    // items of another size (a field of an array's inline struct items): index * scale into RCX first
    t.asm.rri(IMUL_rri, RCX, t.gpr(index, RCX), scale);
    return memIndexed(b, RCX, 1, offset);
  }
  return memIndexed(b, t.gpr(index, RCX), scale, offset);
}

export function emitGetField(t: TraceAssembler, op: ResOperation): void {
  const d = fieldDescr(op);
  load(t, op, d.kind, d.size, d.signed, at(t, op.args[0]!, d.offset));
}

export function emitSetField(t: TraceAssembler, op: ResOperation, gc: boolean): void {
  const d = fieldDescr(op);
  if (gc && d.kind === "r") emitWriteBarrier(t, op.args[0]!, null, op.args[1]!);
  store(t, op, d.kind, d.size, at(t, op.args[0]!, d.offset), op.args[1]!);
}

export function emitGetItem(t: TraceAssembler, op: ResOperation): void {
  const d = arrayDescr(op);
  load(t, op, d.itemKind, d.fieldSize, d.signed, indexed(t, op, op.args[0]!, op.args[1]!, d.itemSize, d.baseOffset));
}

export function emitSetItem(t: TraceAssembler, op: ResOperation, gc: boolean): void {
  const d = arrayDescr(op);
  if (gc && d.itemKind === "r") emitWriteBarrier(t, op.args[0]!, op.args[1]!, op.args[2]!);
  store(t, op, d.itemKind, d.fieldSize, indexed(t, op, op.args[0]!, op.args[1]!, d.itemSize, d.baseOffset), op.args[2]!);
}

/** arraylen_gc, strlen: the length word. */
export function emitLength(t: TraceAssembler, op: ResOperation): void {
  const d = arrayDescr(op);
  load(t, op, "i", 8, true, at(t, op.args[0]!, d.lengthOffset));
}

/** raw_load_i / raw_load_f: at address + offset (bytes). */
export function emitRawLoad(t: TraceAssembler, op: ResOperation, kind: string): void {
  const d = arrayDescr(op);
  load(t, op, kind, kind === "f" ? 8 : d.itemSize, d.signed, indexed(t, op, op.args[0]!, op.args[1]!, 1, 0));
}

/**
 * copystrcontent(source, target, sourceStart, targetStart, n): n code units copied forward one by
 * one, as the trace interpreter copies them. RAX and RDX walk the two strings, RCX counts.
 */
export function emitCopyStrContent(t: TraceAssembler, op: ResOperation): void {
  const d = arrayDescr(op);
  const size = d.itemSize;
  if (size !== 1 && size !== 2 && size !== 4 && size !== 8) throw new TraceRefused(`copystrcontent: units of ${size} bytes`);
  const asm = t.asm;
  const source = t.gpr(op.args[0]!, R11);
  asm.rm(LEA_rm, RAX, indexedAddress(t, source, op.args[2]!, size, d.baseOffset));
  const target = t.gpr(op.args[1]!, R11);
  asm.rm(LEA_rm, RDX, indexedAddress(t, target, op.args[3]!, size, d.baseOffset));
  const n = t.gpr(op.args[4]!, RCX);
  if (n !== RCX) asm.rr(MOV_rr, RCX, n);
  const loop = new Label();
  const done = new Label();
  asm.bind(loop);
  asm.rr(TEST_rr, RCX, RCX);
  asm.l(Jcc_l[CC_LE]!, done);
  load8to(t, size, mem(RAX, 0));
  storeFrom(t, size, mem(RDX, 0));
  asm.ri(ADD_ri, RAX, size);
  asm.ri(ADD_ri, RDX, size);
  asm.ri(SUB_ri, RCX, 1);
  asm.l(JMP_l, loop);
  asm.bind(done);
}

/** [base + offset + index * scale] for a LEA: a constant index folded, else the index in a register (RCX when constant-loaded is never needed). */
function indexedAddress(t: TraceAssembler, base: number, index: AbstractValue, scale: number, offset: number): Mem {
  if (index instanceof Const) return mem(base, offset + t.constInt(index) * scale);
  return memIndexed(base, t.gpr(index, RCX), scale, offset);
}

/** R11 = the unit of `size` bytes at m, zero-extended. */
function load8to(t: TraceAssembler, size: number, m: Mem): void {
  if (size === 8) t.asm.rm(MOV_rm, R11, m);
  else if (size === 4) t.asm.rm(MOV32_rm, R11, m);
  else if (size === 2) t.asm.rm(MOVZX16_rm, R11, m);
  else t.asm.rm(MOVZX8_rm, R11, m);
}

/** The low `size` bytes of R11 to m. */
function storeFrom(t: TraceAssembler, size: number, m: Mem): void {
  if (size === 8) t.asm.mr(MOV_mr, m, R11);
  else if (size === 4) t.asm.mr(MOV32_mr, m, R11);
  else if (size === 2) t.asm.mr(MOV16_mr, m, R11);
  else t.asm.mr(MOV8_mr, m, R11);
}

export function emitRawStore(t: TraceAssembler, op: ResOperation): void {
  const d = arrayDescr(op);
  store(t, op, d.itemKind, d.itemSize, indexed(t, op, op.args[0]!, op.args[1]!, 1, 0), op.args[2]!);
}
