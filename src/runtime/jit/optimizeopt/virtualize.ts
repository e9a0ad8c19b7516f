/**
 * The virtualize pass (RPython's optimizeopt/virtualize.py): allocation removal. new,
 * new_with_vtable, and new_array / new_array_clear of a constant length (at most
 * MAX_VIRTUAL_ARRAY items) are not emitted: the object is virtual, its fields or items are
 * values the optimizer keeps, stores into it update them, loads from it are those values (zero
 * when never written), arraylen_gc is its length, and guards on its class or nullness are known
 * (rewrite reads the PtrInfo). A virtual escapes when an emitted operation takes it (a store into
 * another object, a call, a jump, an item at an index not constant, ...): the optimizer's
 * emitFinal forces it then, emitting the allocation and the stores of what is known. In a guard's
 * fail arguments it stays virtual: the guard describes it (guard-virtuals.ts). RTS.
 */

import { type AbstractValue, ConstInt, isNarrowInteger, ResOperation } from "../history.js";
import { bitAnd, signExtend } from "../int-arith.js";
import { opnumOf, RESOPS } from "../resoperation.js";
import { VirtualArrayInfo, VirtualStructInfo } from "./info.js";
import { arrayDescrOf, fieldDescrOf, Optimization, Optimizer, sizeDescrOf } from "./optimizer.js";

const R_INT_SIGNEXT = opnumOf("int_signext");
const R_INT_AND = opnumOf("int_and");
/** The masks of unsigned narrow integers, by size in bytes. */
const UNSIGNED_MASKS: readonly number[] = [0, 255, 65535, 0, 4294967295];

/** The longest array made virtual: longer ones are allocated (forcing would emit too many stores). */
export const MAX_VIRTUAL_ARRAY = 64;

export class OptVirtualize extends Optimization {
  constructor(optimizer: Optimizer) {
    super(optimizer);
  }

  override name(): string {
    return "virtualize";
  }

  override propagateForward(op: ResOperation): void {
    const o = this.optimizer;
    const name = RESOPS[op.opnum]!.name;
    switch (name) {
      case "new_with_vtable":
      case "new": {
        const d = sizeDescrOf(op);
        if (d === null) break;
        o.setPtrInfo(op, new VirtualStructInfo(op, d, name === "new_with_vtable" ? d.vtable : 0));
        o.stats.hit("virtual_struct");
        return;
      }
      case "new_array":
      case "new_array_clear": {
        const d = arrayDescrOf(op);
        if (d === null || !o.isConstInt(op.args[0]!)) break;
        const n = o.constIntValue(op.args[0]!);
        if (n < 0 || n > MAX_VIRTUAL_ARRAY) break;
        o.setPtrInfo(op, new VirtualArrayInfo(op, d, n, false));
        o.stats.hit("virtual_array");
        return;
      }
      case "setfield_gc": {
        const v = o.virtualStruct(op.args[0]!);
        const d = fieldDescrOf(op);
        if (v === null || d === null) break;
        v.setField(d, this.narrowed(o.getBox(op.args[1]!), d.kind, d.size, d.signed));
        o.stats.hit("virtual_setfield");
        return;
      }
      case "getfield_gc_i":
      case "getfield_gc_r":
      case "getfield_gc_f": {
        const v = o.virtualStruct(op.args[0]!);
        const d = fieldDescrOf(op);
        if (v === null || d === null) break;
        const value = v.getField(d);
        o.makeEqual(op, value === null ? o.zeroOf(op.kind) : value);
        o.stats.hit("virtual_getfield");
        return;
      }
      case "setarrayitem_gc": {
        const v = o.virtualArray(op.args[0]!);
        const index = this.constIndex(v, op.args[1]!);
        const item = arrayDescrOf(op);
        if (v === null || index < 0 || item === null) break;
        v.items[index] = this.narrowed(o.getBox(op.args[2]!), item.itemKind, item.fieldSize, item.signed);
        o.stats.hit("virtual_setarrayitem");
        return;
      }
      case "getarrayitem_gc_i":
      case "getarrayitem_gc_r":
      case "getarrayitem_gc_f": {
        const v = o.virtualArray(op.args[0]!);
        const index = this.constIndex(v, op.args[1]!);
        if (v === null || index < 0) break;
        const value = v.items[index];
        o.makeEqual(op, value === undefined || value === null ? o.zeroOf(op.kind) : value);
        o.stats.hit("virtual_getarrayitem");
        return;
      }
      case "arraylen_gc": {
        const v = o.virtualArray(op.args[0]!);
        if (v === null) break;
        o.makeConstantInt(op, v.length());
        o.stats.hit("virtual_arraylen");
        return;
      }
      default:
        break;
    }
    this.emit(op);
  }

  /** The constant index into a virtual array, -1 when the index is not a constant in range (then the array escapes). */
  /**
   * What a narrow integer field or item gives back of the value stored: its low bytes,
   * sign-extended or not (memory keeps only those; a virtual keeps the value, so it is narrowed
   * here, as a constant or with int_signext / int_and). Other values are themselves.
   */
  private narrowed(value: AbstractValue, kind: string, size: number, signed: boolean): AbstractValue {
    if (!isNarrowInteger(kind, size)) return value;
    const o = this.optimizer;
    if (value instanceof ConstInt) return new ConstInt(signed ? signExtend(value.value, size) : bitAnd(value.value, UNSIGNED_MASKS[size]!), "");
    const args: AbstractValue[] = signed ? [value, new ConstInt(size, "")] : [value, new ConstInt(UNSIGNED_MASKS[size]!, "")];
    const op = o.newOp(signed ? R_INT_SIGNEXT : R_INT_AND, args, null);
    this.emit(op);
    return o.getBox(op);
  }

  private constIndex(v: VirtualArrayInfo | null, index: AbstractValue): number {
    if (v === null) return -1;
    const o = this.optimizer;
    const box = o.getBox(index);
    if (!(box instanceof ConstInt)) return -1;
    if (box.value < 0 || box.value >= v.length()) return -1;
    return box.value;
  }
}
