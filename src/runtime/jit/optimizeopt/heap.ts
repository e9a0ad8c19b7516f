/**
 * The heap pass (RPython's optimizeopt/heap.py): caching of fields and array items, and lazy
 * stores.
 *
 * - getfield_gc_* of a field whose value is known (read or written before, on the same object)
 *   is that value; arraylen_gc is known once read (or from new_array); getarrayitem_gc_* at an
 *   index known to be the same (a constant, or the same value plus the same constant:
 *   linear.ts) likewise.
 * - setfield_gc is delayed (lazy): a later store to the same field of the same object replaces
 *   it, a store of the value the field is known to hold goes. Delayed stores are emitted before
 *   what may observe them: a read of the same field of another object (it may be the same
 *   object), a call that reads or writes the field, and any guard, jump, finish or label, or an
 *   `_ovf` operation (its guard_no_overflow must follow it directly).
 * - What is known of a field is forgotten when a store to that field of another object may
 *   alias it, and when a call may write it (its EffectInfo's writesFields / writesArrays; a
 *   call with random effects or that forces virtuals forgets everything). Raw memory is never
 *   cached and does not alias GC objects.
 * - quasiimmut_field goes (the guard_not_invalidated after it stays once until a call).
 *
 * Immutable fields (FieldDescr.immutable) are never forgotten. RTS.
 */

import { type AbstractValue, ArrayDescr, CallDescr, EF_FORCES_VIRTUAL_OR_VIRTUALIZABLE, FieldDescr, ResOperation, isNarrowInteger, sameValue } from "../history.js";
import { RESOPS } from "../resoperation.js";
import { compareInts } from "./linear.js";
import { arrayDescrOf, fieldDescrOf, Optimization, Optimizer } from "./optimizer.js";

/** What is known of one field descriptor: values by object, and the store delayed, if any. */
export class CachedField {
  readonly descr: FieldDescr;
  readonly objects: AbstractValue[];
  readonly values: AbstractValue[];
  lazySet: ResOperation | null;

  constructor(descr: FieldDescr) {
    this.descr = descr;
    this.objects = [];
    this.values = [];
    this.lazySet = null;
  }

  lookup(optimizer: Optimizer, obj: AbstractValue): AbstractValue | null {
    for (let i = 0; i < this.objects.length; i++) {
      if (sameValue(optimizer.getBox(this.objects[i]!), obj)) return optimizer.getBox(this.values[i]!);
    }
    return null;
  }

  remember(optimizer: Optimizer, obj: AbstractValue, value: AbstractValue): void {
    for (let i = 0; i < this.objects.length; i++) {
      if (sameValue(optimizer.getBox(this.objects[i]!), obj)) {
        this.values[i] = value;
        return;
      }
    }
    this.objects.push(obj);
    this.values.push(value);
  }

  /** Forgets every object but `keep` (a store to keep's field may alias any other). */
  forgetOthers(optimizer: Optimizer, keep: AbstractValue): void {
    let j = 0;
    for (let i = 0; i < this.objects.length; i++) {
      if (sameValue(optimizer.getBox(this.objects[i]!), keep)) {
        this.objects[j] = this.objects[i]!;
        this.values[j] = this.values[i]!;
        j++;
      }
    }
    this.objects.length = j;
    this.values.length = j;
  }

  clear(): void {
    this.objects.length = 0;
    this.values.length = 0;
  }
}

/**
 * What is known of the items of one array descriptor, by object and index. Indexes are told
 * apart as linear.ts does: constants by value, `x + 1` and `x + 2` as different, anything else
 * as possibly the same.
 */
export class CachedArrayItems {
  readonly descr: ArrayDescr;
  readonly objects: AbstractValue[];
  readonly indexes: AbstractValue[];
  readonly values: AbstractValue[];

  constructor(descr: ArrayDescr) {
    this.descr = descr;
    this.objects = [];
    this.indexes = [];
    this.values = [];
  }

  lookup(optimizer: Optimizer, obj: AbstractValue, index: AbstractValue): AbstractValue | null {
    for (let i = 0; i < this.objects.length; i++) {
      if (sameValue(optimizer.getBox(this.objects[i]!), obj) && compareInts(optimizer, this.indexes[i]!, index) === "same") return optimizer.getBox(this.values[i]!);
    }
    return null;
  }

  /** Remembers obj[index] = value, forgetting the items of any array that index may alias. */
  store(optimizer: Optimizer, obj: AbstractValue, index: AbstractValue, value: AbstractValue): void {
    this.forget(optimizer, index);
    this.remember(optimizer, obj, index, value);
  }

  /** Forgets the items of any array that index may alias. */
  forget(optimizer: Optimizer, index: AbstractValue): void {
    let j = 0;
    for (let i = 0; i < this.objects.length; i++) {
      if (compareInts(optimizer, this.indexes[i]!, index) === "different") {
        this.objects[j] = this.objects[i]!;
        this.indexes[j] = this.indexes[i]!;
        this.values[j] = this.values[i]!;
        j++;
      }
    }
    this.objects.length = j;
    this.indexes.length = j;
    this.values.length = j;
  }

  remember(optimizer: Optimizer, obj: AbstractValue, index: AbstractValue, value: AbstractValue): void {
    for (let i = 0; i < this.objects.length; i++) {
      if (sameValue(optimizer.getBox(this.objects[i]!), obj) && compareInts(optimizer, this.indexes[i]!, index) === "same") {
        this.values[i] = value;
        return;
      }
    }
    this.objects.push(obj);
    this.indexes.push(index);
    this.values.push(value);
  }

  clear(): void {
    this.objects.length = 0;
    this.indexes.length = 0;
    this.values.length = 0;
  }
}

export class OptHeap extends Optimization {
  readonly fields: CachedField[];
  readonly arrays: CachedArrayItems[];
  /** arraylen_gc known, by object (array lengths never change). */
  readonly lengthObjects: AbstractValue[];
  readonly lengthValues: AbstractValue[];
  /** Whether a guard_not_invalidated was emitted since the last call. */
  seenGuardNotInvalidated: boolean;

  constructor(optimizer: Optimizer) {
    super(optimizer);
    this.fields = [];
    this.arrays = [];
    this.lengthObjects = [];
    this.lengthValues = [];
    this.seenGuardNotInvalidated = false;
  }

  override name(): string {
    return "heap";
  }

  /**
   * The peeled loop forgets the heap (the preamble's reads are not redone: RPython's short
   * preamble is not here), except the immutable fields of objects that are the same in every
   * iteration: neither the object nor the value read is a variant label argument, so the value
   * holds in the loop too, which uses it without reading it again (the unroller makes it a label
   * argument; loop-invariant code motion, as pure's enterLoop does for pure operations).
   */
  override enterLoop(variant: AbstractValue[]): void {
    const o = this.optimizer;
    let kept = 0;
    for (let i = 0; i < this.fields.length; i++) {
      const cached = this.fields[i]!;
      if (!cached.descr.immutable) continue;
      let j = 0;
      for (let k = 0; k < cached.objects.length; k++) {
        if (variant.indexOf(o.getBox(cached.objects[k]!)) >= 0 || variant.indexOf(o.getBox(cached.values[k]!)) >= 0) continue;
        cached.objects[j] = cached.objects[k]!;
        cached.values[j] = cached.values[k]!;
        j++;
      }
      cached.objects.length = j;
      cached.values.length = j;
      if (j > 0) this.fields[kept++] = cached;
    }
    this.fields.length = kept;
    this.arrays.length = 0;
    this.lengthObjects.length = 0;
    this.lengthValues.length = 0;
    this.seenGuardNotInvalidated = false;
  }

  private field(descr: FieldDescr): CachedField {
    for (let i = 0; i < this.fields.length; i++) if (this.fields[i]!.descr === descr) return this.fields[i]!;
    const made = new CachedField(descr);
    this.fields.push(made);
    return made;
  }

  private arrayItems(descr: ArrayDescr): CachedArrayItems {
    for (let i = 0; i < this.arrays.length; i++) if (this.arrays[i]!.descr === descr) return this.arrays[i]!;
    const made = new CachedArrayItems(descr);
    this.arrays.push(made);
    return made;
  }

  private emitLazySet(cached: CachedField): void {
    const set = cached.lazySet;
    if (set === null) return;
    cached.lazySet = null;
    this.emit(set);
  }

  /** Emits every delayed store. */
  forceAllLazySets(): void {
    for (let i = 0; i < this.fields.length; i++) this.emitLazySet(this.fields[i]!);
  }

  override propagateForward(op: ResOperation): void {
    const o = this.optimizer;
    const info = RESOPS[op.opnum]!;
    const name = info.name;
    switch (name) {
      case "getfield_gc_i":
      case "getfield_gc_r":
      case "getfield_gc_f": {
        const d = fieldDescrOf(op);
        if (d === null) break;
        const cached = this.field(d);
        const obj = o.getBox(op.args[0]!);
        const known = cached.lookup(o, obj);
        if (known !== null) {
          o.stats.hit("heap_getfield_cached");
          o.makeEqual(op, known);
          return;
        }
        // a delayed store to another object's field may be this one
        this.emitLazySet(cached);
        this.emit(op);
        cached.remember(o, obj, op);
        return;
      }
      case "setfield_gc": {
        const d = fieldDescrOf(op);
        if (d === null) break;
        const cached = this.field(d);
        const obj = o.getBox(op.args[0]!);
        const value = o.getBox(op.args[1]!);
        const known = cached.lookup(o, obj);
        if (known === value) {
          o.stats.hit("heap_setfield_same_value");
          return;
        }
        const pending = cached.lazySet;
        if (pending !== null && sameValue(o.getBox(pending.args[0]!), obj)) {
          o.stats.hit("heap_setfield_overwritten");
        } else {
          this.emitLazySet(cached);
        }
        cached.forgetOthers(o, obj);
        // a narrow integer field keeps only the low bytes of the value: a read gives those back, not the value
        if (isNarrowInteger(d.kind, d.size)) cached.clear();
        else cached.remember(o, obj, value);
        cached.lazySet = op;
        return;
      }
      case "arraylen_gc": {
        const obj = o.getBox(op.args[0]!);
        const known = this.knownLength(obj);
        if (known !== null) {
          o.stats.hit("heap_arraylen_cached");
          o.makeEqual(op, known);
          return;
        }
        this.emit(op);
        this.rememberLength(obj, op);
        return;
      }
      case "new_array":
      case "new_array_clear":
        this.emit(op);
        this.rememberLength(o.getBox(op), o.getBox(op.args[0]!));
        return;
      case "getarrayitem_gc_i":
      case "getarrayitem_gc_r":
      case "getarrayitem_gc_f": {
        const d = arrayDescrOf(op);
        if (d === null) break;
        const index = o.getBox(op.args[1]!);
        const items = this.arrayItems(d);
        const obj = o.getBox(op.args[0]!);
        const known = items.lookup(o, obj, index);
        if (known !== null) {
          o.stats.hit("heap_getarrayitem_cached");
          o.makeEqual(op, known);
          return;
        }
        this.emit(op);
        items.remember(o, obj, index, op);
        return;
      }
      case "setarrayitem_gc": {
        const d = arrayDescrOf(op);
        if (d === null) break;
        const items = this.arrayItems(d);
        const obj = o.getBox(op.args[0]!);
        const index = o.getBox(op.args[1]!);
        const value = o.getBox(op.args[2]!);
        if (items.lookup(o, obj, index) === value) {
          o.stats.hit("heap_setarrayitem_same_value");
          return;
        }
        this.emit(op);
        // a narrow integer item keeps only the low bytes of the value (as for fields)
        if (isNarrowInteger(d.itemKind, d.fieldSize)) items.forget(o, index);
        else items.store(o, obj, index, value);
        return;
      }
      case "quasiimmut_field":
        o.stats.hit("heap_quasiimmut_removed");
        return;
      case "guard_not_invalidated":
        if (this.seenGuardNotInvalidated) {
          o.stats.hit("heap_guard_not_invalidated_repeated");
          return;
        }
        this.forceAllLazySets();
        this.emit(op);
        this.seenGuardNotInvalidated = true;
        return;
      default:
        break;
    }
    if (info.guard || info.final || name === "label" || info.ovf) {
      // an _ovf operation's guard must follow it directly: the delayed stores go before both
      this.forceAllLazySets();
      this.emit(op);
      return;
    }
    if (info.call) {
      this.beforeCall(op);
      this.emit(op);
      return;
    }
    if (name === "copystrcontent" || name === "strsetitem") {
      const d = arrayDescrOf(op);
      if (d !== null) this.arrayItems(d).clear();
    }
    this.emit(op);
  }

  private knownLength(obj: AbstractValue): AbstractValue | null {
    const o = this.optimizer;
    for (let i = 0; i < this.lengthObjects.length; i++) {
      if (sameValue(o.getBox(this.lengthObjects[i]!), obj)) return o.getBox(this.lengthValues[i]!);
    }
    return null;
  }

  private rememberLength(obj: AbstractValue, length: AbstractValue): void {
    this.lengthObjects.push(obj);
    this.lengthValues.push(length);
  }

  /** A call: delayed stores it may read or write are emitted; what it may write is forgotten. */
  private beforeCall(op: ResOperation): void {
    const d = op.descr;
    if (d === null || !(d instanceof CallDescr)) {
      this.forgetAll();
      return;
    }
    const effect = d.effect;
    if (effect.isElidable()) return;
    this.seenGuardNotInvalidated = false;
    if (effect.extraEffect >= EF_FORCES_VIRTUAL_OR_VIRTUALIZABLE || RESOPS[op.opnum]!.callKind === "may_force") {
      this.forgetAll();
      return;
    }
    for (let i = 0; i < this.fields.length; i++) {
      const cached = this.fields[i]!;
      if (cached.descr.immutable) continue;
      const reads = effect.readsFields.indexOf(cached.descr) >= 0;
      const writes = effect.writesFields.indexOf(cached.descr) >= 0;
      if (reads || writes) this.emitLazySet(cached);
      if (writes) cached.clear();
    }
    for (let i = 0; i < this.arrays.length; i++) {
      const items = this.arrays[i]!;
      if (effect.writesArrays.indexOf(items.descr) >= 0) items.clear();
    }
  }

  private forgetAll(): void {
    this.forceAllLazySets();
    for (let i = 0; i < this.fields.length; i++) {
      if (!this.fields[i]!.descr.immutable) this.fields[i]!.clear();
    }
    for (let i = 0; i < this.arrays.length; i++) this.arrays[i]!.clear();
  }
}
