/**
 * Instruction selection for memory: fields, array items and raw memory as one addressing mode
 * each where A64 has it ([base, #offset] scaled or unscaled, [base, index, lsl #size]), else the
 * address computed into x16 first; prebuilt objects addressed by ADRP and ADD; loads and stores
 * at every storage width; and allocation (the bump pointer's fast path inline at each site).
 *
 * Registers: an address uses x16 (and x17 for an index) only; a stored value that is not in a
 * register is loaded into x18, so the two never meet.
 */

import { LLConstant, LLVariable, type LLOperation, type LLValue } from "../../llir/llgraph.js";
import type { AllocationRoots } from "../../backend/allocation-roots.js";
import { ArrayType, Bool, Char, Float, Float32, Int16, Int32, Int8, PtrType, Signed, StructType, Uint16, Uint32, Uint8, Void, computeLayout, fieldType, findNested, itemFieldLayout, sizeOf, type ItemFieldLayout, type LLType } from "../../llir/lltype.js";
import { MIN_OBJECT_SIZE, SHARED_LARGE_THRESHOLD } from "../../runtime/gc/layout.js";
import { chooseEncoding } from "../../runtime/aarch64/assembler.js";
import { CC_HI } from "../../runtime/aarch64/encoding.js";
import type { Form } from "../../runtime/aarch64/encoding.js";
import * as I from "../../runtime/aarch64/instructions.js";
import { EXTEND_LSL, Label, SHIFT_LSL, mem, memIndexed, type Mem } from "../../runtime/aarch64/operands.js";
import { constantNumber, type FunctionCompiler } from "./function.js";
import { SCRATCH, SCRATCH2, SCRATCH3, XSCRATCH, XSCRATCH2 } from "./locations.js";
import type { Emit } from "./ops.js";
import { gcRestoreRoot, gcSaveRoot } from "./ops-gc.js";

// ---- memory

/** An address: a base register and a byte offset, or a base plus an index register shifted by log2 of the access size. */
type Address = { base: number; offset: number } | { base: number; index: number; shift: number } | { data: number };

interface Access {
  load: Form;
  store: Form;
  /** The access size in bytes. */
  size: number;
  float?: boolean;
}

const BYTE: Access = { load: I.LDRB_rm, store: I.STRB_rm, size: 1 };
const ACCESSES: ReadonlyMap<LLType, Access> = new Map<LLType, Access>([
  [Bool, BYTE],
  [Uint8, BYTE],
  [Int8, { load: I.LDRSB_rm, store: I.STRB_rm, size: 1 }],
  [Char, { load: I.LDRH_rm, store: I.STRH_rm, size: 2 }],
  [Uint16, { load: I.LDRH_rm, store: I.STRH_rm, size: 2 }],
  [Int16, { load: I.LDRSH_rm, store: I.STRH_rm, size: 2 }],
  [Int32, { load: I.LDRSW_rm, store: I.STR32_rm, size: 4 }],
  [Uint32, { load: I.LDR32_rm, store: I.STR32_rm, size: 4 }],
  [Float, { load: I.LDR_vm, store: I.STR_vm, size: 8, float: true }],
  [Float32, { load: I.LDR32_vm, store: I.STR32_vm, size: 4, float: true }],
]);
const WORD: Access = { load: I.LDR_rm, store: I.STR_rm, size: 8 };

export const accessOf = (t: LLType): Access => ACCESSES.get(t) ?? WORD;

const log2 = (n: number) => Math.log2(n);
const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

const isPrebuilt = (p: LLValue): p is LLConstant =>
  p instanceof LLConstant && typeof p.value === "object" && p.value !== null && "kind" in p.value && p.value.kind === "prebuilt";

/** [p + disp]: p in its register or loaded into x16; in a prebuilt p, a .data offset (memFor addresses it). */
function fieldAddress(fc: FunctionCompiler, p: LLValue, disp: number): Address {
  if (isPrebuilt(p)) return { data: fc.program.data.prebuilt(p.value as never) + disp };
  return { base: fc.gpr(p, SCRATCH), offset: disp };
}

/** [p + itemsOffset + i * itemSize], p and i in registers (x16 and x17 when loaded). */
function elementAddress(fc: FunctionCompiler, p: LLValue, i: LLValue, itemsOffset: number, itemSize: number, access: Access): Address {
  const n = i instanceof LLConstant ? constantNumber(i) : undefined;
  if (n !== undefined) return fieldAddress(fc, p, itemsOffset + n * itemSize);
  const base = fc.gpr(p, SCRATCH);
  const index = fc.gpr(i, SCRATCH2);
  if (itemsOffset === 0 && (itemSize === 1 || itemSize === access.size)) return { base, index, shift: log2(itemSize) };
  if (isPowerOfTwo(itemSize)) fc.asm.rrrii(I.ADD_rrrsi, SCRATCH, base, index, SHIFT_LSL, log2(itemSize));
  else {
    fc.asm.movConstant(SCRATCH3, itemSize);
    fc.asm.rrrr(I.MADD_rrrr, SCRATCH, index, SCRATCH3, base);
  }
  return { base: SCRATCH, offset: itemsOffset };
}

/**
 * The memory operand of an address for this form (of an access of `size` bytes), adding a
 * too-large offset into x16 first. A .data address is ADRP into x16 then, for an 8-byte access
 * of an 8-aligned word, the low 12 bits in the access itself (`lo12`: the caller relocates the
 * access, emitted next) or else an ADD.
 */
function memFor(fc: FunctionCompiler, form: Form, address: Address, size: number): { m: Mem; lo12?: number } {
  if ("data" in address) {
    if (size === 8 && address.data % 8 === 0) {
      fc.dataPage(SCRATCH, "data", address.data);
      return { m: mem(SCRATCH, 0), lo12: address.data };
    }
    fc.dataAddress(SCRATCH, "data", address.data);
    return { m: mem(SCRATCH, 0) };
  }
  if ("index" in address) return { m: memIndexed(address.base, address.index, EXTEND_LSL, address.shift) };
  const m = mem(address.base, address.offset);
  if (chooseEncoding(form, 0, 0, 0, 0, 0, m) !== null) return { m };
  fc.addConstant(SCRATCH, address.base, address.offset);
  return { m: mem(SCRATCH, 0) };
}

/** The access at m, its low-12-bit relocation first when it has one. */
function access(fc: FunctionCompiler, form: Form, reg: number, { m, lo12 }: { m: Mem; lo12?: number }): void {
  if (lo12 !== undefined) fc.relocate("ldst64Lo12", "data", lo12);
  fc.asm.rm(form, reg, m);
}

/** Loads a value of storage type t at address into the result. */
function load(fc: FunctionCompiler, t: LLType, address: Address, result: LLVariable): void {
  if (t === Void) return;
  const a = accessOf(t);
  const m = memFor(fc, a.load, address, a.size);
  if (a.float) {
    const d = fc.fdst(result);
    access(fc, a.load, d, m);
    if (t === Float32) fc.asm.rr(I.FCVT_vv, d, d);
    fc.finish(result, d);
    return;
  }
  const d = fc.dst(result);
  access(fc, a.load, d, m);
  fc.finish(result, d);
}

/** Stores value (of storage type t) at address. */
function store(fc: FunctionCompiler, t: LLType, address: Address, value: LLValue): void {
  if (t === Void) return;
  const a = accessOf(t);
  const m = memFor(fc, a.store, address, a.size);
  if (a.float) {
    let x = fc.fprOf(value, XSCRATCH2);
    if (t === Float32) {
      fc.asm.rr(I.FCVT32_vv, XSCRATCH, x);
      x = XSCRATCH;
    }
    access(fc, a.store, x, m);
    return;
  }
  access(fc, a.store, fc.gprOrZero(value, SCRATCH3), m);
}

function structOf(p: LLValue): StructType {
  const t = p.type;
  if (!(t instanceof PtrType) || !(t.to instanceof StructType)) throw new Error(`internal error: a field access on ${t}`);
  return t.to;
}

function fieldOf(p: LLValue, name: LLValue): { offset: number; type: LLType } {
  const struct = structOf(p);
  const fieldName = (name as LLConstant).value as string;
  const layout = computeLayout(struct);
  const offset = layout.offsets.get(fieldName) ?? findNested(layout.offsets, fieldName);
  if (offset === undefined) throw new Error(`internal error: ${struct.name} has no field ${fieldName}`);
  return { offset, type: fieldType(struct, fieldName) };
}

export function arrayLayout(p: LLValue): { item: LLType; itemsOffset: number; itemSize: number; lengthOffset: number } {
  const t = p.type;
  if (!(t instanceof PtrType)) throw new Error(`internal error: an array access on ${t}`);
  const to = t.to;
  if (to instanceof ArrayType) {
    const layout = computeLayout(to);
    return { item: to.item, itemsOffset: layout.itemsOffset!, itemSize: layout.itemSize!, lengthOffset: layout.lengthOffset ?? -1 };
  }
  if (to instanceof StructType && to.varsize) {
    const layout = computeLayout(to);
    const array = to.fields[to.fields.length - 1]!.type as ArrayType;
    return { item: array.item, itemsOffset: layout.itemsOffset!, itemSize: layout.itemSize!, lengthOffset: layout.lengthOffset! };
  }
  throw new Error(`internal error: an array access on ${t}`);
}

export const getfield: Emit = (fc, op) => {
  const { offset, type } = fieldOf(op.args[0]!, op.args[1]!);
  load(fc, type, fieldAddress(fc, op.args[0]!, offset), op.result);
};

export const setfield: Emit = (fc, op) => {
  const { offset, type } = fieldOf(op.args[0]!, op.args[1]!);
  store(fc, type, fieldAddress(fc, op.args[0]!, offset), op.args[2]!);
};

export const getarrayitem: Emit = (fc, op) => {
  const { item, itemsOffset, itemSize } = arrayLayout(op.args[0]!);
  load(fc, item, elementAddress(fc, op.args[0]!, op.args[1]!, itemsOffset, itemSize, accessOf(item)), op.result);
};

export const setarrayitem: Emit = (fc, op) => {
  const { item, itemsOffset, itemSize } = arrayLayout(op.args[0]!);
  store(fc, item, elementAddress(fc, op.args[0]!, op.args[1]!, itemsOffset, itemSize, accessOf(item)), op.args[2]!);
};

/** A field of the items of an array of inline structs: an array of its own, whose items start at the field (lltype.ts itemFieldLayout). */
function itemFieldOf(p: LLValue, name: LLValue): ItemFieldLayout {
  const t = p.type;
  if (!(t instanceof PtrType) || !(t.to instanceof ArrayType)) throw new Error(`internal error: an item field access on ${t}`);
  return itemFieldLayout(t.to, (name as LLConstant).value as string);
}

export const getitemfield: Emit = (fc, op) => {
  const { type, itemsOffset, itemSize } = itemFieldOf(op.args[0]!, op.args[2]!);
  load(fc, type, elementAddress(fc, op.args[0]!, op.args[1]!, itemsOffset, itemSize, accessOf(type)), op.result);
};

export const setitemfield: Emit = (fc, op) => {
  const { type, itemsOffset, itemSize } = itemFieldOf(op.args[0]!, op.args[2]!);
  store(fc, type, elementAddress(fc, op.args[0]!, op.args[1]!, itemsOffset, itemSize, accessOf(type)), op.args[3]!);
};

export const getinteriorfield: Emit = (fc, op) => {
  const { item, itemsOffset, itemSize } = arrayLayout(op.args[0]!);
  load(fc, item, elementAddress(fc, op.args[0]!, op.args[2]!, itemsOffset, itemSize, accessOf(item)), op.result);
};

export const setinteriorfield: Emit = (fc, op) => {
  const { item, itemsOffset, itemSize } = arrayLayout(op.args[0]!);
  store(fc, item, elementAddress(fc, op.args[0]!, op.args[2]!, itemsOffset, itemSize, accessOf(item)), op.args[3]!);
};

export const arrayLength: Emit = (fc, op) => {
  const { lengthOffset } = arrayLayout(op.args[0]!);
  load(fc, Signed, fieldAddress(fc, op.args[0]!, lengthOffset), op.result);
};

export const rawLoad: Emit = (fc, op) => {
  const t = (op.args[0] as LLConstant).value as LLType;
  load(fc, t, elementAddress(fc, op.args[1]!, op.args[2]!, 0, 1, accessOf(t)), op.result);
};

export const rawStore: Emit = (fc, op) => {
  const t = (op.args[0] as LLConstant).value as LLType;
  store(fc, t, elementAddress(fc, op.args[1]!, op.args[2]!, 0, 1, accessOf(t)), op.args[3]!);
};

// ---- allocation (the nursery's bump pointer inline; the collector behind the slow path)

/**
 * x16 = nursery free; x17 = x16 + bytes; if x17 passes the nursery top (x18), the collector's
 * gcAllocSlow (through a stub keeping every register: type id in x16, bytes in x17, the object
 * back in x16) collects or allocates a large object; else the free pointer moves to x17. Then
 * the GC header's type id, and the length of a variable-sized object. Objects take at least
 * MIN_OBJECT_SIZE bytes (the collector forwards a moved object through its second word).
 */
function allocate(fc: FunctionCompiler, typeId: number, bytes: number | LLValue, itemSize: number, base: number, lengthOffset: number | undefined, length: LLValue | undefined, result: LLVariable, roots?: AllocationRoots): void {
  const asm = fc.asm;
  const { heapTop, heapLimit } = fc.program;
  const large = new Label();
  /** SCRATCH2 = the variable-sized object's size in bytes. */
  const varsizeBytes = (n: LLValue) => {
    // bytes = (n * itemSize + base + 7) & ~7
    const r = fc.gpr(n, SCRATCH2);
    if (isPowerOfTwo(itemSize)) asm.rri(I.LSL_rri, SCRATCH2, r, log2(itemSize));
    else {
      asm.movConstant(SCRATCH3, itemSize);
      asm.rrr(I.MUL_rrr, SCRATCH2, r, SCRATCH3);
    }
    asm.rri(I.ADD_rri, SCRATCH2, SCRATCH2, base + 7);
    asm.rri(I.AND_rri, SCRATCH2, SCRATCH2, -8);
  };
  if (typeof bytes === "number") {
    fc.loadWord(SCRATCH, heapTop);
    fc.addConstant(SCRATCH2, SCRATCH, bytes);
  } else {
    varsizeBytes(bytes);
    // A large object never passes through the nursery: the collector gives it cards in the old space.
    fc.loadWord(SCRATCH3, fc.program.shared + SHARED_LARGE_THRESHOLD);
    asm.rr(I.CMP_rr, SCRATCH2, SCRATCH3);
    asm.l(I.Bcc_l[CC_HI]!, large);
    fc.loadWord(SCRATCH, heapTop);
    asm.rrr(I.ADD_rrr, SCRATCH2, SCRATCH2, SCRATCH);
  }
  fc.loadWord(SCRATCH3, heapLimit);
  asm.rr(I.CMP_rr, SCRATCH2, SCRATCH3);
  const slow = new Label();
  const back = new Label();
  asm.l(I.Bcc_l[CC_HI]!, slow);
  fc.storeWord(SCRATCH2, heapTop, SCRATCH3);
  asm.bind(back);
  /** The header's type id and length, then the object (in SCRATCH) in the result's location. */
  const finishObject = () => {
    if (typeId > 0) {
      asm.movConstant(SCRATCH2, typeId);
      asm.rm(I.STR32_rm, SCRATCH2, mem(SCRATCH, 0));
    }
    if (lengthOffset !== undefined && length !== undefined) asm.rm(I.STR_rm, fc.gprOrZero(length, SCRATCH2), mem(SCRATCH, lengthOffset));
    fc.finish(result, SCRATCH);
  };
  finishObject();
  const pos = fc.currentPos;
  if (!roots) {
    fc.defer(() => {
      asm.bind(slow);
      asm.rrr(I.SUB_rrr, SCRATCH2, SCRATCH2, SCRATCH);
      asm.bind(large);
      asm.movConstant(SCRATCH, typeId);
      asm.l(I.BL_l, fc.program.runtime.allocSlow);
      fc.site(pos);
      asm.l(I.B_l, back);
    });
    return;
  }
  // As on x86-64 (src/backend/allocation-roots.ts): the fast path collected nothing, so each
  // reloaded root is the pointer it saved, moved in the reloads' order; the saves and the
  // reloads from the slots run on the slow path.
  const done = new Label();
  const reloads = roots.reloads.filter((op) => fc.locOf(op.result) !== undefined);
  for (const op of reloads) fc.move(fc.locOf(op.args[1] as LLVariable)!, fc.locOf(op.result)!, false);
  asm.bind(done);
  fc.defer(() => {
    asm.bind(slow);
    asm.bind(large);
    for (const save of roots.saves) gcSaveRoot(fc, save);
    if (typeof bytes === "number") asm.movConstant(SCRATCH2, bytes);
    else varsizeBytes(bytes);
    asm.movConstant(SCRATCH, typeId);
    asm.l(I.BL_l, fc.program.runtime.allocSlow);
    fc.site(pos);
    finishObject();
    for (const reload of reloads) gcRestoreRoot(fc, reload);
    asm.l(I.B_l, done);
  });
}

export const malloc: Emit = (fc, op) => mallocWithRoots(fc, op);

/** malloc or malloc_varsize, with the roots saved before it and reloaded after it (src/backend/allocation-roots.ts). */
export function mallocWithRoots(fc: FunctionCompiler, op: LLOperation, roots?: AllocationRoots): void {
  if (op.opname === "malloc_varsize") return mallocVarsizeWithRoots(fc, op, roots);
  const type = (op.args[0] as LLConstant).value as StructType | ArrayType;
  allocate(fc, fc.program.data.typeId(type), Math.max(sizeOf(type), MIN_OBJECT_SIZE), 0, 0, undefined, undefined, op.result, roots);
}

export const mallocVarsize: Emit = (fc, op) => mallocVarsizeWithRoots(fc, op);

function mallocVarsizeWithRoots(fc: FunctionCompiler, op: LLOperation, roots?: AllocationRoots): void {
  const type = (op.args[0] as LLConstant).value as StructType | ArrayType;
  const layout = computeLayout(type);
  const n = op.args[1]!;
  const count = n instanceof LLConstant ? constantNumber(n) : undefined;
  const typeId = fc.program.data.typeId(type);
  // A constant count below the large-object threshold's smallest value allocates in the nursery directly (as on x86-64: imm32 sizes).
  if (count !== undefined && sizeOf(type, count) < 2 ** 31) allocate(fc, typeId, Math.max(sizeOf(type, count), MIN_OBJECT_SIZE), 0, 0, layout.lengthOffset, n, op.result, roots);
  else allocate(fc, typeId, n, layout.itemSize!, layout.size, layout.lengthOffset, n, op.result, roots);
}
