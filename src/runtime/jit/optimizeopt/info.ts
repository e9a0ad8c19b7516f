/**
 * What the optimizer knows of a value (RPython's optimizeopt/info.py and intutils.py): the
 * bounds of an integer, and of a reference whether it is null, its class, and whether it is a
 * virtual object (an allocation the optimizer has not emitted, with its fields' values).
 *
 * Infos belong to the optimized trace's values (the representative a value is forwarded to,
 * optimizer.ts) and are kept by the Optimizer in tables indexed by the value's number. RTS.
 */

import { AbstractValue, ArrayDescr, Descr, FieldDescr, SizeDescr } from "../history.js";

/**
 * A bound at or past these is no bound: the largest integers RTS keeps (2^53 - 1; a translated
 * program stops on arithmetic past them, so bounds are computed with safeAdd and safeMul).
 */
export const MAX_BOUND = 9007199254740991;
export const MIN_BOUND = -9007199254740991;

/** a + b, or MAX_BOUND / MIN_BOUND when it would reach past them. */
export function safeAdd(a: number, b: number): number {
  if (b > 0 && a >= MAX_BOUND - b) return MAX_BOUND;
  if (b < 0 && a <= MIN_BOUND - b) return MIN_BOUND;
  return a + b;
}

/** a * b, or MAX_BOUND / MIN_BOUND when it would reach past them. */
export function safeMul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  const limit = Math.floor(MAX_BOUND / (a < 0 ? -a : a));
  if ((b < 0 ? -b : b) >= limit) return (a < 0) === (b < 0) ? MAX_BOUND : MIN_BOUND;
  return a * b;
}

/**
 * The closed interval an integer is in (RPython's IntBound, without its known bits). A bound at
 * MIN_BOUND or MAX_BOUND means unbounded on that side; arithmetic whose bound leaves the exact
 * integers gives up that side, which also covers 64-bit wrapping.
 */
export class IntBound {
  lower: number;
  upper: number;

  constructor(lower: number, upper: number) {
    this.lower = lower;
    this.upper = upper;
  }

  hasLower(): boolean {
    return this.lower > MIN_BOUND;
  }

  hasUpper(): boolean {
    return this.upper < MAX_BOUND;
  }

  isConstant(): boolean {
    return this.hasLower() && this.lower === this.upper;
  }

  contains(n: number): boolean {
    return this.lower <= n && n <= this.upper;
  }

  /** Whether every value is >= 0. */
  knownNonNegative(): boolean {
    return this.lower >= 0;
  }

  /** Narrows to at most n; true when that changed anything. */
  makeLe(n: number): boolean {
    if (n < this.upper) {
      this.upper = n;
      return true;
    }
    return false;
  }

  makeLt(n: number): boolean {
    return this.makeLe(safeAdd(n, -1));
  }

  makeGe(n: number): boolean {
    if (n > this.lower) {
      this.lower = n;
      return true;
    }
    return false;
  }

  makeGt(n: number): boolean {
    return this.makeGe(safeAdd(n, 1));
  }

  /** Narrows to the intersection with the other bound. */
  intersect(other: IntBound): boolean {
    const a = this.makeGe(other.lower);
    const b = this.makeLe(other.upper);
    return a || b;
  }

  /** Whether every value of this is < every value of other. */
  knownLt(other: IntBound): boolean {
    return this.hasUpper() && other.hasLower() && this.upper < other.lower;
  }

  knownLe(other: IntBound): boolean {
    return this.hasUpper() && other.hasLower() && this.upper <= other.lower;
  }

  knownGt(other: IntBound): boolean {
    return other.knownLt(this);
  }

  knownGe(other: IntBound): boolean {
    return other.knownLe(this);
  }

  /** Whether no value is in both. */
  disjoint(other: IntBound): boolean {
    return this.knownLt(other) || other.knownLt(this);
  }

  clone(): IntBound {
    return new IntBound(this.lower, this.upper);
  }

  text(): string {
    const lo = this.hasLower() ? String(this.lower) : "-inf";
    const hi = this.hasUpper() ? String(this.upper) : "inf";
    return `[${lo}, ${hi}]`;
  }
}

export function unbounded(): IntBound {
  return new IntBound(MIN_BOUND, MAX_BOUND);
}

/** A bound, with a side that left the exact integers made unbounded. */
export function bounded(lower: number, upper: number): IntBound {
  const lo = lower <= MIN_BOUND || lower >= MAX_BOUND ? MIN_BOUND : lower;
  const hi = upper >= MAX_BOUND || upper <= MIN_BOUND ? MAX_BOUND : upper;
  return new IntBound(lo, hi);
}

export function addBounds(a: IntBound, b: IntBound): IntBound {
  const lo = a.hasLower() && b.hasLower() ? safeAdd(a.lower, b.lower) : MIN_BOUND;
  const hi = a.hasUpper() && b.hasUpper() ? safeAdd(a.upper, b.upper) : MAX_BOUND;
  // a side past the exact integers may wrap: then neither side holds
  if (lo <= MIN_BOUND && a.hasLower() && b.hasLower()) return unbounded();
  if (hi >= MAX_BOUND && a.hasUpper() && b.hasUpper()) return unbounded();
  return bounded(lo, hi);
}

export function subBounds(a: IntBound, b: IntBound): IntBound {
  const lo = a.hasLower() && b.hasUpper() ? safeAdd(a.lower, -b.upper) : MIN_BOUND;
  const hi = a.hasUpper() && b.hasLower() ? safeAdd(a.upper, -b.lower) : MAX_BOUND;
  if (lo <= MIN_BOUND && a.hasLower() && b.hasUpper()) return unbounded();
  if (hi >= MAX_BOUND && a.hasUpper() && b.hasLower()) return unbounded();
  return bounded(lo, hi);
}

export function mulBounds(a: IntBound, b: IntBound): IntBound {
  // zero times anything is zero, however unbounded the other factor (x * 0 never overflows)
  if (isZeroBound(a) || isZeroBound(b)) return new IntBound(0, 0);
  if (!a.hasLower() || !a.hasUpper() || !b.hasLower() || !b.hasUpper()) return unbounded();
  const p1 = safeMul(a.lower, b.lower);
  const p2 = safeMul(a.lower, b.upper);
  const p3 = safeMul(a.upper, b.lower);
  const p4 = safeMul(a.upper, b.upper);
  const lo = Math.min(Math.min(p1, p2), Math.min(p3, p4));
  const hi = Math.max(Math.max(p1, p2), Math.max(p3, p4));
  if (lo <= MIN_BOUND || hi >= MAX_BOUND) return unbounded();
  return new IntBound(lo === 0 ? 0 : lo, hi === 0 ? 0 : hi);
}

function isZeroBound(b: IntBound): boolean {
  return b.hasLower() && b.hasUpper() && b.lower === 0 && b.upper === 0;
}

// ---------------------------------------------------------------------------------------------
// references

/** What is known of a reference: not null, its class (0: unknown). Virtual objects are subclasses. */
export class PtrInfo {
  nonNull: boolean;
  knownClass: number;

  constructor(nonNull: boolean, knownClass: number) {
    this.nonNull = nonNull;
    this.knownClass = knownClass;
  }

  isVirtual(): boolean {
    return false;
  }
}

/**
 * A virtual object or array: an allocation not emitted (yet), with the values of its fields or
 * items (values of the optimized trace; null: never written, so zero). `allocation` is the
 * allocating operation, emitted when the object is forced.
 */
export class VirtualInfo extends PtrInfo {
  readonly allocation: AbstractValue;
  /** new_with_vtable, new: the SizeDescr; new_array*, newstr: the ArrayDescr. */
  readonly descr: Descr;
  /** Set once forced: from then on the object is a plain allocation of the trace. */
  forced: boolean;

  constructor(allocation: AbstractValue, descr: Descr, knownClass: number) {
    super(true, knownClass);
    this.allocation = allocation;
    this.descr = descr;
    this.forced = false;
  }

  override isVirtual(): boolean {
    return !this.forced;
  }
}

/** A virtual struct (new, new_with_vtable): its fields written so far, in order of first write. */
export class VirtualStructInfo extends VirtualInfo {
  readonly fieldDescrs: FieldDescr[];
  readonly fieldValues: AbstractValue[];

  constructor(allocation: AbstractValue, descr: SizeDescr, knownClass: number) {
    super(allocation, descr, knownClass);
    this.fieldDescrs = [];
    this.fieldValues = [];
  }

  /** The value of the field, or null when it was never written. */
  getField(descr: FieldDescr): AbstractValue | null {
    for (let i = 0; i < this.fieldDescrs.length; i++) {
      if (this.fieldDescrs[i] === descr) return this.fieldValues[i]!;
    }
    return null;
  }

  setField(descr: FieldDescr, value: AbstractValue): void {
    for (let i = 0; i < this.fieldDescrs.length; i++) {
      if (this.fieldDescrs[i] === descr) {
        this.fieldValues[i] = value;
        return;
      }
    }
    this.fieldDescrs.push(descr);
    this.fieldValues.push(value);
  }
}

/** A virtual array (new_array, new_array_clear) or string under construction (newstr) of a constant length. */
export class VirtualArrayInfo extends VirtualInfo {
  readonly arrayDescr: ArrayDescr;
  /** The items; null: never written (zero). */
  readonly items: (AbstractValue | null)[];
  /** Whether it is a string (forcing emits newstr and strsetitem). */
  readonly isString: boolean;

  constructor(allocation: AbstractValue, descr: ArrayDescr, length: number, isString: boolean) {
    super(allocation, descr, 0);
    this.arrayDescr = descr;
    this.items = [];
    for (let i = 0; i < length; i++) this.items.push(null);
    this.isString = isString;
  }

  length(): number {
    return this.items.length;
  }
}
