/**
 * Instruction selection for memory: fields, array items and raw memory as one addressing mode
 * each ([base + index*scale + disp], prebuilt objects rip-relative), loads and stores at every
 * storage width, and allocation (the bump pointer's fast path inline at each site).
 */

import { LLConstant, LLVariable, type LLOperation, type LLValue } from "../../llir/llgraph.js";
import { ArrayType, Bool, Char, Float, Float32, Int16, Int32, Int8, PtrType, Signed, StructType, Uint16, Uint32, Uint8, Void, computeLayout, sizeOf, type LLType, fieldType, findNested, itemFieldLayout, type ItemFieldLayout } from "../../llir/lltype.js";
import { CC_A } from "../../runtime/x86/encoding.js";
import { MIN_OBJECT_SIZE, SHARED_LARGE_THRESHOLD } from "../../runtime/gc/layout.js";
import type { Form } from "../../runtime/x86/encoding.js";
import * as I from "../../runtime/x86/instructions.js";
import { Label, mem, memIndexed, memRip, type Mem } from "../../runtime/x86/operands.js";
import { NO_REG, R11, RAX } from "../../runtime/x86/registers.js";
import { constantNumber, fitsImm32, type FunctionCompiler } from "./function.js";
import { SCRATCH, XSCRATCH, XSCRATCH2, isSlot } from "./locations.js";
import type { Emit } from "./ops.js";
import type { AllocationRoots } from "../../backend/allocation-roots.js";
import { gcRestoreRoot, gcSaveRoot } from "./ops-gc.js";

// ---- memory

/** A memory operand, with the relocation of its displacement when it is rip-relative (a prebuilt object). */
interface Address {
  mem: Mem;
  reloc?: { targetSection: "data"; targetOffset: number };
}

/** [p + disp]: p in its register, or loaded into scratch; a prebuilt p is addressed rip-relative. */
function fieldAddress(fc: FunctionCompiler, p: LLValue, disp: number, scratch: number): Address {
  if (p instanceof LLConstant && typeof p.value === "object" && p.value !== null && "kind" in p.value && p.value.kind === "prebuilt") {
    return { mem: memRip(0), reloc: { targetSection: "data", targetOffset: fc.program.data.prebuilt(p.value) + disp } };
  }
  return { mem: mem(fc.gpr(p, scratch), disp) };
}

/** [p + itemsOffset + i * itemSize], with p in rax (if loaded) and i in r11 (if loaded or scaled). */
function elementAddress(fc: FunctionCompiler, p: LLValue, i: LLValue, itemsOffset: number, itemSize: number): { address: Address; usesR11: boolean } {
  const n = i instanceof LLConstant ? constantNumber(i) : undefined;
  if (n !== undefined && fitsImm32(itemsOffset + n * itemSize)) {
    return { address: fieldAddress(fc, p, itemsOffset + n * itemSize, SCRATCH), usesR11: false };
  }
  const base = fc.gpr(p, SCRATCH);
  let index = fc.gpr(i, R11);
  let scale = itemSize;
  if (scale !== 1 && scale !== 2 && scale !== 4 && scale !== 8) {
    fc.asm.rri(I.IMUL_rri, R11, index, scale);
    index = R11;
    scale = 1;
  }
  return { address: { mem: memIndexed(base, index, scale, itemsOffset) }, usesR11: index === R11 };
}

function emitRM(fc: FunctionCompiler, form: Form, reg: number, address: Address): void {
  fc.asm.rm(form, reg, address.mem);
  if (address.reloc) fc.ripRelocation(address.reloc);
}

function emitMR(fc: FunctionCompiler, form: Form, address: Address, reg: number): void {
  fc.asm.mr(form, address.mem, reg);
  if (address.reloc) fc.ripRelocation(address.reloc);
}

const LOADS: ReadonlyMap<LLType, Form> = new Map<LLType, Form>([
  [Bool, I.MOVZX8_rm],
  [Uint8, I.MOVZX8_rm],
  [Int8, I.MOVSX8_rm],
  [Char, I.MOVZX16_rm],
  [Uint16, I.MOVZX16_rm],
  [Int16, I.MOVSX16_rm],
  [Int32, I.MOVSX32_rm],
  [Uint32, I.MOV32_rm],
]);

const STORES: ReadonlyMap<LLType, { mr: Form; mi: Form }> = new Map<LLType, { mr: Form; mi: Form }>([
  [Bool, { mr: I.MOV8_mr, mi: I.MOV8_mi }],
  [Uint8, { mr: I.MOV8_mr, mi: I.MOV8_mi }],
  [Int8, { mr: I.MOV8_mr, mi: I.MOV8_mi }],
  [Char, { mr: I.MOV16_mr, mi: I.MOV16_mi }],
  [Uint16, { mr: I.MOV16_mr, mi: I.MOV16_mi }],
  [Int16, { mr: I.MOV16_mr, mi: I.MOV16_mi }],
  [Int32, { mr: I.MOV32_mr, mi: I.MOV32_mi }],
  [Uint32, { mr: I.MOV32_mr, mi: I.MOV32_mi }],
]);

/** Loads a value of storage type t at address into the result. */
function load(fc: FunctionCompiler, t: LLType, address: Address, result: LLVariable): void {
  if (t === Void) return;
  if (t === Float || t === Float32) {
    const d = fc.dst(result, XSCRATCH2);
    emitRM(fc, t === Float ? I.MOVSD_xm : I.CVTSS2SD_xm, d, address);
    fc.finish(result, d);
    return;
  }
  const d = fc.dst(result);
  emitRM(fc, LOADS.get(t) ?? I.MOV_rm, d, address);
  fc.finish(result, d);
}

/** Stores value (of storage type t) at address; scratchFree says whether r11 may take the value. */
function store(fc: FunctionCompiler, t: LLType, address: Address, value: LLValue, scratchFree: boolean): void {
  const asm = fc.asm;
  if (t === Void) return;
  if (t === Float || t === Float32) {
    let x = fc.xmmOf(value, XSCRATCH2);
    if (t === Float32) {
      asm.rr(I.CVTSD2SS_xx, XSCRATCH, x);
      x = XSCRATCH;
    }
    emitMR(fc, t === Float ? I.MOVSD_mx : I.MOVSS_mx, address, x);
    return;
  }
  const forms = STORES.get(t) ?? { mr: I.MOV_mr, mi: I.MOV_mi };
  const n = value instanceof LLConstant ? constantNumber(value) : undefined;
  if (n !== undefined && fitsImm32(n) && !address.reloc) {
    asm.mi(forms.mi, address.mem, t === Bool || t === Uint8 || t === Int8 ? n & 0xff : t === Char || t === Uint16 || t === Int16 ? n & 0xffff : n);
    return;
  }
  if (value instanceof LLVariable && !isSlot(fc.locOf(value) ?? 32)) {
    emitMR(fc, forms.mr, address, fc.locOf(value)!);
    return;
  }
  let m = address;
  if (!scratchFree) {
    // Both scratch registers hold the address's parts: fold them into rax first.
    asm.rm(I.LEA_rm, RAX, address.mem);
    m = { mem: mem(RAX, 0) };
  }
  fc.toGpr(value, R11);
  emitMR(fc, forms.mr, m, R11);
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
  load(fc, type, fieldAddress(fc, op.args[0]!, offset, SCRATCH), op.result);
};

export const setfield: Emit = (fc, op) => {
  const { offset, type } = fieldOf(op.args[0]!, op.args[1]!);
  store(fc, type, fieldAddress(fc, op.args[0]!, offset, SCRATCH), op.args[2]!, true);
};

export const getarrayitem: Emit = (fc, op) => {
  const { item, itemsOffset, itemSize } = arrayLayout(op.args[0]!);
  load(fc, item, elementAddress(fc, op.args[0]!, op.args[1]!, itemsOffset, itemSize).address, op.result);
};

export const setarrayitem: Emit = (fc, op) => {
  const { item, itemsOffset, itemSize } = arrayLayout(op.args[0]!);
  const { address, usesR11 } = elementAddress(fc, op.args[0]!, op.args[1]!, itemsOffset, itemSize);
  store(fc, item, address, op.args[2]!, !usesR11);
};

/** A field of the items of an array of inline structs: an array of its own, whose items start at the field (lltype.ts itemFieldLayout). */
function itemFieldOf(p: LLValue, name: LLValue): ItemFieldLayout {
  const t = p.type;
  if (!(t instanceof PtrType) || !(t.to instanceof ArrayType)) throw new Error(`internal error: an item field access on ${t}`);
  return itemFieldLayout(t.to, (name as LLConstant).value as string);
}

export const getitemfield: Emit = (fc, op) => {
  const { type, itemsOffset, itemSize } = itemFieldOf(op.args[0]!, op.args[2]!);
  load(fc, type, elementAddress(fc, op.args[0]!, op.args[1]!, itemsOffset, itemSize).address, op.result);
};

export const setitemfield: Emit = (fc, op) => {
  const { type, itemsOffset, itemSize } = itemFieldOf(op.args[0]!, op.args[2]!);
  const { address, usesR11 } = elementAddress(fc, op.args[0]!, op.args[1]!, itemsOffset, itemSize);
  store(fc, type, address, op.args[3]!, !usesR11);
};

export const getinteriorfield: Emit = (fc, op) => {
  const { item, itemsOffset, itemSize } = arrayLayout(op.args[0]!);
  load(fc, item, elementAddress(fc, op.args[0]!, op.args[2]!, itemsOffset, itemSize).address, op.result);
};

export const setinteriorfield: Emit = (fc, op) => {
  const { item, itemsOffset, itemSize } = arrayLayout(op.args[0]!);
  const { address, usesR11 } = elementAddress(fc, op.args[0]!, op.args[2]!, itemsOffset, itemSize);
  store(fc, item, address, op.args[3]!, !usesR11);
};

export const arrayLength: Emit = (fc, op) => {
  const { lengthOffset } = arrayLayout(op.args[0]!);
  load(fc, Signed, fieldAddress(fc, op.args[0]!, lengthOffset, SCRATCH), op.result);
};


export const rawLoad: Emit = (fc, op) => {
  const t = (op.args[0] as LLConstant).value as LLType;
  const { address } = elementAddress(fc, op.args[1]!, op.args[2]!, 0, 1);
  load(fc, t, address, op.result);
};

export const rawStore: Emit = (fc, op) => {
  const t = (op.args[0] as LLConstant).value as LLType;
  const { address, usesR11 } = elementAddress(fc, op.args[1]!, op.args[2]!, 0, 1);
  store(fc, t, address, op.args[3]!, !usesR11);
};

// ---- allocation (the nursery's bump pointer inline; the collector behind the slow path)

/**
 * rax = nursery free; r11 = rax + bytes; if r11 passes the nursery top, the collector's
 * gcAllocSlow (through a stub keeping every register: type id in rax, bytes in r11, the object
 * back in rax) collects or allocates a large object; else the free pointer moves to r11. Then
 * the GC header's type id, and the length of a variable-sized object. Objects take at least
 * MIN_OBJECT_SIZE bytes (the collector forwards a moved object through its second word).
 */
function allocate(fc: FunctionCompiler, typeId: number, bytes: number | LLValue, itemSize: number, base: number, lengthOffset: number | undefined, length: LLValue | undefined, result: LLVariable, roots?: AllocationRoots): void {
  const asm = fc.asm;
  const { heapTop, heapLimit } = fc.program;
  const large = new Label();
  /** r11 = the object's size in bytes. */
  const bytesToR11 = () => {
    if (typeof bytes === "number") {
      asm.ri(I.MOV_ri, R11, bytes);
      return;
    }
    // bytes = (n * itemSize + base + 7) & ~7
    const n = fc.gpr(bytes, R11);
    if (itemSize === 1 || itemSize === 2 || itemSize === 4 || itemSize === 8) asm.rm(I.LEA_rm, R11, memIndexed(NO_REG, n, itemSize, base + 7));
    else {
      asm.rri(I.IMUL_rri, R11, n, itemSize);
      asm.ri(I.ADD_ri, R11, base + 7);
    }
    asm.ri(I.AND_ri, R11, -8);
  };
  if (typeof bytes === "number") {
    fc.ripLoad(I.MOV_rm, RAX, { targetSection: "data", targetOffset: heapTop });
    asm.rm(I.LEA_rm, R11, mem(RAX, bytes));
  } else {
    bytesToR11();
    // A large object never passes through the nursery: the collector gives it cards in the old space.
    fc.ripLoad(I.CMP_rm, R11, { targetSection: "data", targetOffset: fc.program.shared + SHARED_LARGE_THRESHOLD });
    asm.l(I.Jcc_l[CC_A]!, large);
    fc.ripLoad(I.MOV_rm, RAX, { targetSection: "data", targetOffset: heapTop });
    asm.rr(I.ADD_rr, R11, RAX);
  }
  fc.ripLoad(I.CMP_rm, R11, { targetSection: "data", targetOffset: heapLimit });
  const slow = new Label();
  const back = new Label();
  asm.l(I.Jcc_l[CC_A]!, slow);
  asm.mr(I.MOV_mr, memRip(0), R11);
  fc.ripRelocation({ targetSection: "data", targetOffset: heapTop });
  asm.bind(back);
  /** The header's type id and length, then the object in the result's location. */
  const finishObject = () => {
    if (typeId > 0) asm.mi(I.MOV32_mi, mem(RAX, 0), typeId);
    if (lengthOffset !== undefined && length !== undefined) {
      const n = length instanceof LLConstant ? constantNumber(length) : undefined;
      if (n !== undefined && fitsImm32(n)) asm.mi(I.MOV_mi, mem(RAX, lengthOffset), n);
      else asm.mr(I.MOV_mr, mem(RAX, lengthOffset), fc.gpr(length, R11));
    }
    fc.finish(result, RAX);
  };
  finishObject();
  const pos = fc.currentPos;
  if (!roots) {
    fc.defer(() => {
      asm.bind(slow);
      asm.rr(I.SUB_rr, R11, RAX);
      asm.bind(large);
      asm.ri(I.MOV_ri, RAX, typeId);
      asm.l(I.CALL_l, fc.program.runtime.allocSlow);
      fc.site(pos);
      asm.l(I.JMP_l, back);
    });
    return;
  }
  // The fast path collected nothing: each reloaded root is the pointer it saved (no save ran).
  // Moved one by one, in order, as the reloads would load them: a reload uses its pointer and
  // defines its result at the next position, so a result never takes the register of a later
  // reload's pointer (still live), and a dead result may share a register with a later one.
  const done = new Label();
  const reloads = roots.reloads.filter((op) => fc.locOf(op.result) !== undefined);
  for (const op of reloads) fc.move(fc.locOf(op.args[1] as LLVariable)!, fc.locOf(op.result)!, false);
  asm.bind(done);
  fc.defer(() => {
    // The slow path saves the roots (their registers still hold them: only rax and r11 changed),
    // collects or allocates, and reloads them from their slots, as the collector may have moved them.
    asm.bind(slow);
    asm.bind(large);
    for (const save of roots.saves) gcSaveRoot(fc, save);
    bytesToR11();
    asm.ri(I.MOV_ri, RAX, typeId);
    asm.l(I.CALL_l, fc.program.runtime.allocSlow);
    fc.site(pos);
    finishObject();
    for (const reload of reloads) gcRestoreRoot(fc, reload);
    asm.l(I.JMP_l, done);
  });
}

export const malloc: Emit = (fc, op) => mallocWithRoots(fc, op);

/** malloc or malloc_varsize, with the roots saved before it and reloaded after it (see AllocationRoots). */
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
  if (count !== undefined && fitsImm32(sizeOf(type, count))) allocate(fc, typeId, Math.max(sizeOf(type, count), MIN_OBJECT_SIZE), 0, 0, layout.lengthOffset, n, op.result, roots);
  else allocate(fc, typeId, n, layout.itemSize!, layout.size, layout.lengthOffset, n, op.result, roots);
}

