/**
 * The tracer's heap cache (RPython's metainterp/heapcache.py): while a trace is recorded, a
 * field or array item read again, or read after the trace stored it, is the box it held, and no
 * operation is recorded. The optimizer's heap pass (optimizeopt/heap.ts) would remove those
 * reads too; removing them here keeps them out of the trace's length, which trace_limit bounds,
 * and out of the time spent recording and optimizing.
 *
 * What is known is forgotten as the heap pass forgets it: a store to a field (an item) forgets
 * that field (those items) of every other object, which it may alias (items at two constant
 * indexes that differ do not alias); a call forgets the fields and arrays its EffectInfo says it
 * writes, and everything when it has random effects or may force. Immutable fields are kept.
 * Descriptors are compared by identity (one per field and array: codewriter/descriptors.ts).
 *
 * It also knows the class of the objects that passed guard_class or whose typeptr the trace
 * stored (RPython's heapcache class_now_known): a class never changes, so nothing forgets it.
 * RTS.
 */

import { type AbstractValue, ArrayDescr, CallDescr, ConstInt, type Descr, EF_FORCES_VIRTUAL_OR_VIRTUALIZABLE, FieldDescr, isNarrowInteger, sameValue } from "../history.js";

/** Whether two indexes surely differ: constants of different values. */
function differentIndexes(a: AbstractValue, b: AbstractValue): boolean {
  if (!(a instanceof ConstInt)) return false;
  if (!(b instanceof ConstInt)) return false;
  return a.value !== b.value;
}

export class HeapCache {
  /** Known fields: the descriptor, the object, the value, in parallel lists. */
  readonly fieldDescrs: FieldDescr[];
  readonly fieldObjects: AbstractValue[];
  readonly fieldValues: AbstractValue[];
  /** Known array items: the descriptor, the array, the index, the value. */
  readonly itemDescrs: ArrayDescr[];
  readonly itemArrays: AbstractValue[];
  readonly itemIndexes: AbstractValue[];
  readonly itemValues: AbstractValue[];
  /** Known classes: the object, its class. */
  readonly classObjects: AbstractValue[];
  readonly classValues: number[];

  constructor() {
    this.fieldDescrs = [];
    this.fieldObjects = [];
    this.fieldValues = [];
    this.itemDescrs = [];
    this.itemArrays = [];
    this.itemIndexes = [];
    this.itemValues = [];
    this.classObjects = [];
    this.classValues = [];
  }

  /** Forgets everything (a new trace). */
  reset(): void {
    this.fieldDescrs.length = 0;
    this.fieldObjects.length = 0;
    this.fieldValues.length = 0;
    this.itemDescrs.length = 0;
    this.itemArrays.length = 0;
    this.itemIndexes.length = 0;
    this.itemValues.length = 0;
    this.classObjects.length = 0;
    this.classValues.length = 0;
  }

  /** The class the object in box is known to have, or 0. */
  knownClass(box: AbstractValue): number {
    const k = this.classObjects.indexOf(box);
    return k >= 0 ? this.classValues[k]! : 0;
  }

  noteClass(box: AbstractValue, cls: number): void {
    const k = this.classObjects.indexOf(box);
    if (k >= 0) {
      this.classValues[k] = cls;
      return;
    }
    this.classObjects.push(box);
    this.classValues.push(cls);
  }

  /** The box the field of obj is known to hold, or null. */
  getfield(obj: AbstractValue, descr: FieldDescr): AbstractValue | null {
    for (let i = 0; i < this.fieldDescrs.length; i++) {
      if (this.fieldDescrs[i] === descr && sameValue(this.fieldObjects[i]!, obj)) return this.fieldValues[i]!;
    }
    return null;
  }

  /** The field of obj was read as value (nothing else changes). */
  rememberField(obj: AbstractValue, descr: FieldDescr, value: AbstractValue): void {
    for (let i = 0; i < this.fieldDescrs.length; i++) {
      if (this.fieldDescrs[i] === descr && sameValue(this.fieldObjects[i]!, obj)) {
        this.fieldValues[i] = value;
        return;
      }
    }
    this.fieldDescrs.push(descr);
    this.fieldObjects.push(obj);
    this.fieldValues.push(value);
  }

  /**
   * The field of obj was stored: other objects' values of that field are forgotten (they may be
   * obj). The value stored is what a read gives, but for a narrow integer field (a store keeps
   * its low bytes only): that field of obj is then forgotten too.
   */
  setfield(obj: AbstractValue, descr: FieldDescr, value: AbstractValue): void {
    let j = 0;
    for (let i = 0; i < this.fieldDescrs.length; i++) {
      if (this.fieldDescrs[i] === descr) continue;
      this.keepField(j++, i);
    }
    this.truncateFields(j);
    if (!isNarrowInteger(descr.kind, descr.size)) this.rememberField(obj, descr, value);
  }

  /** The box the item is known to hold, or null. */
  getarrayitem(array: AbstractValue, index: AbstractValue, descr: ArrayDescr): AbstractValue | null {
    for (let i = 0; i < this.itemDescrs.length; i++) {
      if (this.itemDescrs[i] === descr && sameValue(this.itemIndexes[i]!, index) && sameValue(this.itemArrays[i]!, array)) return this.itemValues[i]!;
    }
    return null;
  }

  rememberItem(array: AbstractValue, index: AbstractValue, descr: ArrayDescr, value: AbstractValue): void {
    for (let i = 0; i < this.itemDescrs.length; i++) {
      if (this.itemDescrs[i] === descr && sameValue(this.itemIndexes[i]!, index) && sameValue(this.itemArrays[i]!, array)) {
        this.itemValues[i] = value;
        return;
      }
    }
    this.itemDescrs.push(descr);
    this.itemArrays.push(array);
    this.itemIndexes.push(index);
    this.itemValues.push(value);
  }

  /** An item was stored: the items of that descriptor it may alias are forgotten (narrow integer items as setfield says). */
  setarrayitem(array: AbstractValue, index: AbstractValue, descr: ArrayDescr, value: AbstractValue): void {
    let j = 0;
    for (let i = 0; i < this.itemDescrs.length; i++) {
      if (this.itemDescrs[i] === descr && !differentIndexes(this.itemIndexes[i]!, index)) continue;
      this.keepItem(j++, i);
    }
    this.truncateItems(j);
    if (!isNarrowInteger(descr.itemKind, descr.fieldSize)) this.rememberItem(array, index, descr, value);
  }

  /** A residual call was recorded: what it may write is forgotten. */
  call(descr: Descr | null, mayForce: boolean): void {
    if (!(descr instanceof CallDescr) || mayForce) {
      this.forgetMutable();
      return;
    }
    const effect = descr.effect;
    if (effect.isElidable()) return;
    if (effect.extraEffect >= EF_FORCES_VIRTUAL_OR_VIRTUALIZABLE) {
      this.forgetMutable();
      return;
    }
    let j = 0;
    for (let i = 0; i < this.fieldDescrs.length; i++) {
      if (effect.writesFields.indexOf(this.fieldDescrs[i]!) >= 0) continue;
      this.keepField(j++, i);
    }
    this.truncateFields(j);
    j = 0;
    for (let i = 0; i < this.itemDescrs.length; i++) {
      if (effect.writesArrays.indexOf(this.itemDescrs[i]!) >= 0) continue;
      this.keepItem(j++, i);
    }
    this.truncateItems(j);
  }

  /** Everything but immutable fields and items is forgotten. */
  private forgetMutable(): void {
    let j = 0;
    for (let i = 0; i < this.fieldDescrs.length; i++) {
      if (!this.fieldDescrs[i]!.immutable) continue;
      this.keepField(j++, i);
    }
    this.truncateFields(j);
    j = 0;
    for (let i = 0; i < this.itemDescrs.length; i++) {
      if (!this.itemDescrs[i]!.immutable) continue;
      this.keepItem(j++, i);
    }
    this.truncateItems(j);
  }

  private keepField(to: number, from: number): void {
    this.fieldDescrs[to] = this.fieldDescrs[from]!;
    this.fieldObjects[to] = this.fieldObjects[from]!;
    this.fieldValues[to] = this.fieldValues[from]!;
  }

  private truncateFields(n: number): void {
    this.fieldDescrs.length = n;
    this.fieldObjects.length = n;
    this.fieldValues.length = n;
  }

  private keepItem(to: number, from: number): void {
    this.itemDescrs[to] = this.itemDescrs[from]!;
    this.itemArrays[to] = this.itemArrays[from]!;
    this.itemIndexes[to] = this.itemIndexes[from]!;
    this.itemValues[to] = this.itemValues[from]!;
  }

  private truncateItems(n: number): void {
    this.itemDescrs.length = n;
    this.itemArrays.length = n;
    this.itemIndexes.length = n;
    this.itemValues.length = n;
  }
}
