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
 * - A narrow integer field or item (isNarrowInteger: 8, 16 or 32 bits) keeps only the low bytes
 *   of a value stored: a later read gets the stored value only when it is known to fit (its
 *   bounds lie in the item's range, or it was read from a field or item of the same size and
 *   signedness); else what is known of the field or item is forgotten.
 *
 * Immutable fields (FieldDescr.immutable) are never forgotten, nor array lengths. Across the
 * loop's label (unroll.ts) the heap gives the loop what the preamble knows of objects that are
 * the same in every iteration: their immutable fields and array lengths as they are, and
 * their other fields and items through the short preamble (ShortHeapEntry). RTS.
 */

import { type AbstractValue, ArrayDescr, CallDescr, EF_FORCES_VIRTUAL_OR_VIRTUALIZABLE, FieldDescr, ResOperation, isNarrowInteger, sameValue } from "../history.js";
import { opnumOf, RESOPS } from "../resoperation.js";
import { sizeBound } from "./intbounds.js";
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

/**
 * An entry of the short preamble (RPython's shortpreamble.py, for heap reads; unroll.ts): what
 * the heap knows at the end of the preamble of a field (`field`) of an object, or of an item
 * (`array`) of an array at an index, where the object and the index are the same in every
 * iteration. The loop's label gets `labelArg` (the unroller's copy of `value`), the loop starts
 * knowing the field or item is labelArg, and the loop's jump passes `jumpValue`: what the heap
 * knows of it then, or a read made just before the jump (the short preamble's operation,
 * inlined there). The read is safe to repeat: the preamble read or wrote that field of that
 * object, or that item at that index (after its bounds check: array lengths do not change).
 */
export class ShortHeapEntry {
  readonly field: FieldDescr | null;
  readonly array: ArrayDescr | null;
  readonly obj: AbstractValue;
  readonly index: AbstractValue | null;
  readonly value: AbstractValue;
  labelArg: AbstractValue;
  jumpValue: AbstractValue | null;

  constructor(field: FieldDescr | null, array: ArrayDescr | null, obj: AbstractValue, index: AbstractValue | null, value: AbstractValue) {
    this.field = field;
    this.array = array;
    this.obj = obj;
    this.index = index;
    this.value = value;
    this.labelArg = value;
    this.jumpValue = null;
  }
}

const R_GETFIELD_GC_I = opnumOf("getfield_gc_i");
const R_GETFIELD_GC_R = opnumOf("getfield_gc_r");
const R_GETFIELD_GC_F = opnumOf("getfield_gc_f");
const R_GETARRAYITEM_GC_I = opnumOf("getarrayitem_gc_i");
const R_GETARRAYITEM_GC_R = opnumOf("getarrayitem_gc_r");
const R_GETARRAYITEM_GC_F = opnumOf("getarrayitem_gc_f");

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
   * The peeled loop forgets the heap, except the immutable fields and the array lengths of
   * objects that are the same in every iteration: neither the object nor the value read is a
   * variant label argument, so the value holds in the loop too, which uses it without reading
   * it again (the unroller makes it a label argument; loop-invariant code motion, as pure's
   * enterLoop does for pure operations). The other fields and items the preamble knew come
   * back through the short preamble (importShort).
   */
  override enterLoop(variant: AbstractValue[]): void {
    let kept = 0;
    for (let i = 0; i < this.fields.length; i++) {
      const cached = this.fields[i]!;
      if (!cached.descr.immutable) continue;
      if (this.keepInvariantPairs(cached.objects, cached.values, variant) > 0) this.fields[kept++] = cached;
    }
    this.fields.length = kept;
    this.arrays.length = 0;
    // array lengths never change: an invariant array's length is known in the loop too
    this.keepInvariantPairs(this.lengthObjects, this.lengthValues, variant);
    this.seenGuardNotInvalidated = false;
  }

  /**
   * Keeps, in place and in order, the pairs (objects[k], values[k]) of which neither is a
   * variant label argument; gives how many are left.
   */
  private keepInvariantPairs(objects: AbstractValue[], values: AbstractValue[], variant: AbstractValue[]): number {
    const o = this.optimizer;
    let kept = 0;
    for (let k = 0; k < objects.length; k++) {
      if (variant.indexOf(o.getBox(objects[k]!)) >= 0 || variant.indexOf(o.getBox(values[k]!)) >= 0) continue;
      objects[kept] = objects[k]!;
      values[kept] = values[k]!;
      kept++;
    }
    objects.length = kept;
    values.length = kept;
    return kept;
  }

  /**
   * The short preamble's candidates, at the end of the preamble (unroll.ts): each field (but
   * the immutable ones, which enterLoop keeps as they are) and item the heap knows, of an object
   * at an index that are not `variant` (the loop's variant label arguments: they change from
   * one iteration to the next), whose value is not virtual.
   */
  shortEntries(variant: AbstractValue[]): ShortHeapEntry[] {
    const o = this.optimizer;
    const entries: ShortHeapEntry[] = [];
    for (let i = 0; i < this.fields.length; i++) {
      const cached = this.fields[i]!;
      if (cached.descr.immutable) continue;
      for (let k = 0; k < cached.objects.length; k++) {
        const obj = o.getBox(cached.objects[k]!);
        const value = o.getBox(cached.values[k]!);
        if (variant.indexOf(obj) >= 0 || o.isVirtual(obj) || o.isVirtual(value)) continue;
        entries.push(new ShortHeapEntry(cached.descr, null, obj, null, value));
      }
    }
    for (let i = 0; i < this.arrays.length; i++) {
      const items = this.arrays[i]!;
      for (let k = 0; k < items.objects.length; k++) {
        const obj = o.getBox(items.objects[k]!);
        const index = o.getBox(items.indexes[k]!);
        const value = o.getBox(items.values[k]!);
        if (variant.indexOf(obj) >= 0 || variant.indexOf(index) >= 0 || o.isVirtual(obj) || o.isVirtual(value)) continue;
        entries.push(new ShortHeapEntry(null, items.descr, obj, index, value));
      }
    }
    return entries;
  }

  /**
   * The loop starts (after enterLoop) knowing the short preamble's entries: each field or item
   * is its label argument, within the range of a narrow integer item (a read gives no other
   * value, and a store forwarded is known to fit).
   */
  importShort(entries: ShortHeapEntry[]): void {
    const o = this.optimizer;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      const f = e.field;
      const a = e.array;
      const index = e.index;
      if (f !== null) {
        this.field(f).remember(o, e.obj, e.labelArg);
        if (isNarrowInteger(f.kind, f.size)) o.getIntBound(e.labelArg).intersect(sizeBound(f.size, f.signed));
      } else if (a !== null && index !== null) {
        this.arrayItems(a).remember(o, e.obj, index, e.labelArg);
        if (isNarrowInteger(a.itemKind, a.fieldSize)) o.getIntBound(e.labelArg).intersect(sizeBound(a.fieldSize, a.signed));
      }
    }
  }

  /**
   * The value of a short preamble entry at the loop's jump: what the heap knows of it, else a
   * read sent through the chain now, just before the jump (delayed stores it may see are
   * emitted before it, as for any read).
   */
  shortJumpValue(e: ShortHeapEntry): AbstractValue {
    const o = this.optimizer;
    const obj = o.getBox(e.obj);
    const f = e.field;
    const a = e.array;
    const index = e.index;
    let read: ResOperation | null = null;
    if (f !== null) {
      const known = this.field(f).lookup(o, obj);
      if (known !== null) return known;
      const opnum = f.kind === "r" ? R_GETFIELD_GC_R : f.kind === "f" ? R_GETFIELD_GC_F : R_GETFIELD_GC_I;
      read = o.newOp(opnum, [obj], f);
    } else if (a !== null && index !== null) {
      const known = this.arrayItems(a).lookup(o, obj, o.getBox(index));
      if (known !== null) return known;
      const opnum = a.itemKind === "r" ? R_GETARRAYITEM_GC_R : a.itemKind === "f" ? R_GETARRAYITEM_GC_F : R_GETARRAYITEM_GC_I;
      read = o.newOp(opnum, [obj, o.getBox(index)], a);
    }
    if (read === null) throw new Error("a short preamble entry without a descriptor");
    o.stats.hit("heap_short_preamble_read");
    o.send(read);
    return o.getBox(read);
  }

  /**
   * Whether an integer stored into a narrow field or item of `size` bytes is known to fit it (a
   * read gives it back): its bounds lie in the item's range, or it was read from a field or
   * item of the same size and signedness.
   */
  private fitsNarrow(value: AbstractValue, size: number, signed: boolean): boolean {
    const o = this.optimizer;
    const range = sizeBound(size, signed);
    const b = o.getIntBound(value);
    if (b.lower >= range.lower && b.upper <= range.upper) return true;
    const producer = o.producer(value);
    if (producer === null) return false;
    const name = producer.name();
    if (name === "getfield_gc_i") {
      const d = fieldDescrOf(producer);
      return d !== null && d.size === size && d.signed === signed;
    }
    if (name === "getarrayitem_gc_i") {
      const d = arrayDescrOf(producer);
      return d !== null && d.fieldSize === size && d.signed === signed;
    }
    return false;
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
        // a narrow integer field keeps only the low bytes of the value: a read gives those back,
        // the value itself only when it is known to fit
        if (isNarrowInteger(d.kind, d.size) && !this.fitsNarrow(value, d.size, d.signed)) cached.clear();
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
        if (isNarrowInteger(d.itemKind, d.fieldSize) && !this.fitsNarrow(value, d.fieldSize, d.signed)) items.forget(o, index);
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
