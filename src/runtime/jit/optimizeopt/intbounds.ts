/**
 * The integer bounds pass (RPython's optimizeopt/intbounds.py): the interval each integer is in,
 * from constants, from the operations that make it (comparisons give 0..1, a length is >= 0, a
 * small field has its size's range, x & c is in 0..c, ...) and from the guards that passed on
 * comparisons (guard_true(i < n) bounds i above and n below; the bound flows back through
 * x + c and x - c). With them:
 *
 * - a comparison whose result the bounds decide is that constant (and its guard then goes in
 *   rewrite); int_is_true / int_is_zero of a value that cannot be 0 likewise;
 * - int_add_ovf, int_sub_ovf and int_mul_ovf that cannot overflow (by the bounds, or an identity
 *   such as x + 0 or x * 1) become the plain operation and their guard_no_overflow goes;
 * - int_force_ge_zero of a non-negative value, int_signext of a value in range, x & c with x in
 *   0..c are x; x % c and x // c of a non-negative x by a power of two are a mask and a shift.
 *
 * RTS.
 */

import { type AbstractValue, ResOperation } from "../history.js";
import { opnumOf, RESOPS } from "../resoperation.js";
import { addBounds, bounded, IntBound, MAX_BOUND, MIN_BOUND, mulBounds, safeAdd, safeMul, subBounds, unbounded } from "./info.js";
import { floorDivide, powerOfTwo } from "./comparisons.js";
import { arrayDescrOf, fieldDescrOf, Optimization, Optimizer } from "./optimizer.js";

export class OptIntBounds extends Optimization {
  constructor(optimizer: Optimizer) {
    super(optimizer);
  }

  override name(): string {
    return "intbounds";
  }

  private bound(value: AbstractValue): IntBound {
    return this.optimizer.getIntBound(value);
  }

  private hit(rule: string): void {
    this.optimizer.stats.hit(rule);
  }

  private toConstant(op: ResOperation, n: number, rule: string): void {
    this.hit(rule);
    this.optimizer.makeConstantInt(op, n);
  }

  override propagateForward(op: ResOperation): void {
    const name = RESOPS[op.opnum]!.name;
    if (name === "guard_true" || name === "guard_false") {
      // the condition as it is before the guard: rewrite makes it a constant after
      const cond = this.optimizer.producer(op.args[0]!);
      this.emit(op);
      if (cond !== null) this.proveCondition(cond, name === "guard_true");
      return;
    }
    if (this.before(op, name)) return;
    this.emit(op);
    this.after(op, name);
  }

  /** Decides the operation from the bounds; true when it was removed or replaced. */
  private before(op: ResOperation, name: string): boolean {
    const o = this.optimizer;
    switch (name) {
      case "int_lt":
      case "int_le":
      case "int_gt":
      case "int_ge":
      case "int_eq":
      case "int_ne": {
        const result = compareBounds(name, this.bound(op.args[0]!), this.bound(op.args[1]!));
        if (result >= 0) {
          this.toConstant(op, result, "intbounds_compare");
          return true;
        }
        return false;
      }
      case "uint_lt":
      case "uint_ge": {
        // unsigned a < b with both non-negative is signed a < b
        const a = this.bound(op.args[0]!);
        const b = this.bound(op.args[1]!);
        if (a.knownNonNegative() && b.knownNonNegative()) {
          const result = compareBounds(name === "uint_lt" ? "int_lt" : "int_ge", a, b);
          if (result >= 0) {
            this.toConstant(op, result, "intbounds_compare");
            return true;
          }
        }
        return false;
      }
      case "int_is_true":
      case "int_is_zero": {
        const b = this.bound(op.args[0]!);
        if (!b.contains(0)) {
          this.toConstant(op, name === "int_is_true" ? 1 : 0, "intbounds_nonzero");
          return true;
        }
        return false;
      }
      case "int_force_ge_zero":
        if (this.bound(op.args[0]!).knownNonNegative()) {
          this.hit("intbounds_force_ge_zero");
          o.makeEqual(op, op.args[0]!);
          return true;
        }
        return false;
      case "int_signext": {
        if (!o.isConstInt(op.args[1]!)) return false;
        const bytes = o.constIntValue(op.args[1]!);
        if (bytes < 1 || bytes > 4) return false;
        const half = bytes === 4 ? 2147483648 : bytes === 2 ? 32768 : 128;
        const b = this.bound(op.args[0]!);
        if (b.lower >= -half && b.upper < half) {
          this.hit("intbounds_signext");
          o.makeEqual(op, op.args[0]!);
          return true;
        }
        return false;
      }
      case "int_and": {
        // x & c with x in 0..c where c is all ones below its top bit
        if (!o.isConstInt(op.args[1]!)) return false;
        const c = o.constIntValue(op.args[1]!);
        const b = this.bound(op.args[0]!);
        if (c >= 0 && isMask(c) && b.knownNonNegative() && b.upper <= c) {
          this.hit("intbounds_and_mask");
          o.makeEqual(op, op.args[0]!);
          return true;
        }
        return false;
      }
      case "int_add_ovf":
      case "int_sub_ovf":
      case "int_mul_ovf":
        return this.noOverflow(op, name);
      default:
        return false;
    }
  }

  /** An `_ovf` operation whose bounds cannot leave the exact integers is the plain one, without its guard. */
  private noOverflow(op: ResOperation, name: string): boolean {
    const o = this.optimizer;
    const next = o.peekNext();
    if (next === null || next.name() !== "guard_no_overflow") return false;
    const a = this.bound(op.args[0]!);
    const b = this.bound(op.args[1]!);
    const result = name === "int_add_ovf" ? addBounds(a, b) : name === "int_sub_ovf" ? subBounds(a, b) : mulBounds(a, b);
    // x + 0, 0 + x, x - 0, x * 1, 1 * x, x * 0 and 0 * x cannot overflow whatever x is (rewrite then folds them)
    const identity =
      name === "int_add_ovf" ? isExactly(a, 0) || isExactly(b, 0) : name === "int_sub_ovf" ? isExactly(b, 0) : isExactly(a, 1) || isExactly(b, 1) || isExactly(a, 0) || isExactly(b, 0);
    if (!identity && !cannotOverflow(name, a, b, result)) return false;
    const plain = name === "int_add_ovf" ? "int_add" : name === "int_sub_ovf" ? "int_sub" : "int_mul";
    this.hit(identity ? "intbounds_no_overflow_identity" : "intbounds_no_overflow");
    const changed = new ResOperation(opnumOf(plain), [o.getBox(op.args[0]!), o.getBox(op.args[1]!)], null, op.number);
    o.replaceOp(op, changed);
    o.dropNextOverflowGuard = true;
    this.emit(changed);
    this.setResult(changed, result);
    return true;
  }

  private setResult(op: AbstractValue, b: IntBound): void {
    const o = this.optimizer;
    if (o.isConstant(op) || op.kind !== "i") return;
    o.getIntBound(op).intersect(b);
  }

  /** The bound of the result, and what a guard proves. */
  private after(op: ResOperation, name: string): void {
    const o = this.optimizer;
    if (RESOPS[op.opnum]!.guard) {
      this.afterGuard(op, name);
      return;
    }
    if (op.kind !== "i") return;
    switch (name) {
      case "int_add":
      case "int_add_ovf":
        this.setResult(op, addBounds(this.bound(op.args[0]!), this.bound(op.args[1]!)));
        return;
      case "int_sub":
      case "int_sub_ovf":
        this.setResult(op, subBounds(this.bound(op.args[0]!), this.bound(op.args[1]!)));
        return;
      case "int_mul":
      case "int_mul_ovf":
        this.setResult(op, mulBounds(this.bound(op.args[0]!), this.bound(op.args[1]!)));
        return;
      case "int_neg":
        this.setResult(op, subBounds(new IntBound(0, 0), this.bound(op.args[0]!)));
        return;
      case "int_and": {
        const a = this.bound(op.args[0]!);
        const b = this.bound(op.args[1]!);
        if (a.knownNonNegative() && b.knownNonNegative()) this.setResult(op, new IntBound(0, Math.min(a.upper, b.upper)));
        else if (a.knownNonNegative()) this.setResult(op, new IntBound(0, a.upper));
        else if (b.knownNonNegative()) this.setResult(op, new IntBound(0, b.upper));
        return;
      }
      case "int_or":
      case "int_xor": {
        const a = this.bound(op.args[0]!);
        const b = this.bound(op.args[1]!);
        if (a.knownNonNegative() && b.knownNonNegative() && a.hasUpper() && b.hasUpper()) {
          this.setResult(op, new IntBound(0, nextPow2Minus1(Math.max(a.upper, b.upper))));
        }
        return;
      }
      case "int_mod": {
        const b = this.bound(op.args[1]!);
        const a = this.bound(op.args[0]!);
        if (b.hasLower() && b.hasUpper() && b.lower > 0) {
          const m = safeAdd(b.upper, -1);
          this.setResult(op, a.knownNonNegative() ? new IntBound(0, Math.min(m, a.upper)) : new IntBound(-m, m));
        }
        return;
      }
      case "int_floordiv": {
        const a = this.bound(op.args[0]!);
        const b = this.bound(op.args[1]!);
        if (b.lower > 0 && a.knownNonNegative()) this.setResult(op, new IntBound(0, a.upper));
        return;
      }
      case "int_rshift":
      case "uint_rshift": {
        const a = this.bound(op.args[0]!);
        if (a.knownNonNegative() && o.isConstInt(op.args[1]!)) {
          const n = o.constIntValue(op.args[1]!);
          if (n >= 0 && n < 53) this.setResult(op, new IntBound(0, a.hasUpper() ? floorDivide(a.upper, powerOfTwo(n)) : MAX_BOUND));
        } else if (name === "int_rshift" && o.isConstInt(op.args[1]!) && a.hasLower() && a.hasUpper()) {
          const n = o.constIntValue(op.args[1]!);
          if (n >= 0 && n < 53) this.setResult(op, new IntBound(floorDivide(a.lower, powerOfTwo(n)), floorDivide(a.upper, powerOfTwo(n))));
        }
        return;
      }
      case "int_lshift": {
        const a = this.bound(op.args[0]!);
        if (o.isConstInt(op.args[1]!) && a.hasLower() && a.hasUpper()) {
          const n = o.constIntValue(op.args[1]!);
          if (n >= 0 && n < 53) this.setResult(op, bounded(safeMul(a.lower, powerOfTwo(n)), safeMul(a.upper, powerOfTwo(n))));
        }
        return;
      }
      case "int_force_ge_zero": {
        const a = this.bound(op.args[0]!);
        this.setResult(op, new IntBound(0, a.hasUpper() ? Math.max(0, a.upper) : MAX_BOUND));
        return;
      }
      case "int_signext": {
        if (!o.isConstInt(op.args[1]!)) return;
        const bytes = o.constIntValue(op.args[1]!);
        const half = bytes === 4 ? 2147483648 : bytes === 2 ? 32768 : bytes === 1 ? 128 : 0;
        if (half > 0) this.setResult(op, new IntBound(-half, half - 1));
        return;
      }
      case "int_lt":
      case "int_le":
      case "int_gt":
      case "int_ge":
      case "int_eq":
      case "int_ne":
      case "uint_lt":
      case "uint_le":
      case "uint_gt":
      case "uint_ge":
      case "int_is_true":
      case "int_is_zero":
      case "float_lt":
      case "float_le":
      case "float_gt":
      case "float_ge":
      case "float_eq":
      case "float_ne":
      case "ptr_eq":
      case "ptr_ne":
        this.setResult(op, new IntBound(0, 1));
        return;
      case "strlen":
      case "arraylen_gc":
        this.setResult(op, new IntBound(0, MAX_BOUND - 1));
        return;
      case "strgetitem":
        this.setResult(op, new IntBound(0, 65535));
        return;
      case "getfield_gc_i":
      case "getfield_raw_i": {
        const d = fieldDescrOf(op);
        if (d !== null) this.setResult(op, sizeBound(d.size, d.signed));
        return;
      }
      case "getarrayitem_gc_i":
      case "getarrayitem_raw_i":
      case "raw_load_i": {
        const d = arrayDescrOf(op);
        if (d !== null) this.setResult(op, sizeBound(d.fieldSize, d.signed));
        return;
      }
      default:
        return;
    }
  }

  private afterGuard(op: ResOperation, name: string): void {
    if (name === "guard_value" && op.args[0]!.kind === "i") {
      const b = this.bound(op.args[1]!);
      this.narrow(op.args[0]!, b);
    }
  }

  /** After a guard: the comparison `cond` is true (or false); narrows its operands' bounds. */
  private proveCondition(cond: ResOperation, isTrue: boolean): void {
    let name = cond.name();
    if (name === "int_is_true" || name === "int_is_zero") {
      const nonZero = (name === "int_is_true") === isTrue;
      const b = this.bound(cond.args[0]!);
      if (nonZero) {
        if (b.lower === 0) this.narrowGe(cond.args[0]!, 1);
        else if (b.upper === 0) this.narrowLe(cond.args[0]!, -1);
      } else {
        this.narrow(cond.args[0]!, new IntBound(0, 0));
      }
      return;
    }
    // Only a comparison of two integers says something here: a guard on any other integer (an
    // int_neg, an int_and, ...) only says it is non-zero, which is not narrowed (RPython neither).
    if (cond.args.length !== 2 || cond.args[0]!.kind !== "i" || cond.args[1]!.kind !== "i") return;
    if (!isTrue) {
      const inverse = inverseName(name);
      if (inverse === "") return;
      name = inverse;
    }
    const a = cond.args[0]!;
    const b = cond.args[1]!;
    const ba = this.bound(a);
    const bb = this.bound(b);
    switch (name) {
      case "int_lt":
        if (bb.hasUpper()) this.narrowLe(a, safeAdd(bb.upper, -1));
        if (ba.hasLower()) this.narrowGe(b, safeAdd(ba.lower, 1));
        return;
      case "int_le":
        if (bb.hasUpper()) this.narrowLe(a, bb.upper);
        if (ba.hasLower()) this.narrowGe(b, ba.lower);
        return;
      case "int_gt":
        if (bb.hasLower()) this.narrowGe(a, safeAdd(bb.lower, 1));
        if (ba.hasUpper()) this.narrowLe(b, safeAdd(ba.upper, -1));
        return;
      case "int_ge":
        if (bb.hasLower()) this.narrowGe(a, bb.lower);
        if (ba.hasUpper()) this.narrowLe(b, ba.upper);
        return;
      case "int_eq": {
        const both = ba.clone();
        both.intersect(bb);
        this.narrow(a, both);
        this.narrow(b, both);
        return;
      }
      case "uint_lt":
        // a < b unsigned with b >= 0: 0 <= a < b
        if (bb.knownNonNegative()) {
          this.narrowGe(a, 0);
          if (bb.hasUpper()) this.narrowLe(a, safeAdd(bb.upper, -1));
        }
        return;
      case "uint_le":
        if (bb.knownNonNegative()) {
          this.narrowGe(a, 0);
          if (bb.hasUpper()) this.narrowLe(a, bb.upper);
        }
        return;
      default:
        return;
    }
  }

  private narrowLe(value: AbstractValue, n: number): void {
    this.narrow(value, new IntBound(MIN_BOUND, n));
  }

  private narrowGe(value: AbstractValue, n: number): void {
    this.narrow(value, new IntBound(n, MAX_BOUND));
  }

  /** Narrows a value's bound, and through x + c, x - c back to x (RPython's propagate_bounds_backward). */
  private narrow(value: AbstractValue, b: IntBound): void {
    const o = this.optimizer;
    const box = o.getBox(value);
    if (o.isConstant(box) || box.kind !== "i") return;
    const own = o.getIntBound(box);
    if (!own.intersect(b)) return;
    if (own.isConstant()) {
      this.hit("intbounds_made_constant");
      o.makeConstantInt(box, own.lower);
      return;
    }
    const producer = o.producer(box);
    if (producer === null) return;
    const name = producer.name();
    if ((name === "int_add" || name === "int_sub") && producer.args.length === 2) {
      const x = producer.args[0]!;
      const y = producer.args[1]!;
      if (name === "int_add" && o.isConstInt(y)) this.narrow(x, shifted(own, -o.constIntValue(y)));
      else if (name === "int_add" && o.isConstInt(x)) this.narrow(y, shifted(own, -o.constIntValue(x)));
      else if (name === "int_sub" && o.isConstInt(y)) this.narrow(x, shifted(own, o.constIntValue(y)));
    }
  }
}

function shifted(b: IntBound, by: number): IntBound {
  return bounded(b.hasLower() ? safeAdd(b.lower, by) : MIN_BOUND, b.hasUpper() ? safeAdd(b.upper, by) : MAX_BOUND);
}

/** 1 or 0 when the bounds decide the comparison, -1 when they do not. */
function compareBounds(name: string, a: IntBound, b: IntBound): number {
  switch (name) {
    case "int_lt":
      return a.knownLt(b) ? 1 : a.knownGe(b) ? 0 : -1;
    case "int_le":
      return a.knownLe(b) ? 1 : a.knownGt(b) ? 0 : -1;
    case "int_gt":
      return a.knownGt(b) ? 1 : a.knownLe(b) ? 0 : -1;
    case "int_ge":
      return a.knownGe(b) ? 1 : a.knownLt(b) ? 0 : -1;
    case "int_eq":
      if (a.disjoint(b)) return 0;
      return a.isConstant() && b.isConstant() && a.lower === b.lower ? 1 : -1;
    case "int_ne":
      if (a.disjoint(b)) return 1;
      return a.isConstant() && b.isConstant() && a.lower === b.lower ? 0 : -1;
    default:
      return -1;
  }
}

function inverseName(name: string): string {
  switch (name) {
    case "int_lt":
      return "int_ge";
    case "int_ge":
      return "int_lt";
    case "int_le":
      return "int_gt";
    case "int_gt":
      return "int_le";
    case "int_eq":
      return "int_ne";
    case "int_ne":
      return "int_eq";
    case "uint_lt":
      return "uint_ge";
    case "uint_ge":
      return "uint_lt";
    case "uint_le":
      return "uint_gt";
    case "uint_gt":
      return "uint_le";
    default:
      return "";
  }
}

/** The range of an integer of `size` bytes (unbounded from 8 bytes on). */
export function sizeBound(size: number, signed: boolean): IntBound {
  if (size >= 8) return unbounded();
  const range = powerOfTwo(size * 8);
  const half = powerOfTwo(size * 8 - 1);
  return signed ? new IntBound(-half, half - 1) : new IntBound(0, range - 1);
}

/** Whether c is 2^k - 1. */
function isMask(c: number): boolean {
  if (c > 4503599627370496) return false;
  let p = 1;
  while (p - 1 < c) p = p * 2;
  return p - 1 === c;
}

function nextPow2Minus1(n: number): number {
  if (n > 4503599627370496) return MAX_BOUND;
  let p = 1;
  while (p - 1 < n) p = p * 2;
  return p - 1;
}

/** Whether the bound is the one value n. */
function isExactly(b: IntBound, n: number): boolean {
  return b.isConstant() && b.lower === n;
}

/**
 * Whether a + b, a - b or a * b (bounds a, b; result their result's bound) stays within the
 * exact integers on both sides. A side the result's bound does not know is safe still when the
 * other operand pushes away from it: a + b with b >= 0 is no lower than a, itself an exact
 * integer (the common `i + 1` of an index that is bounded only above, by a length).
 */
function cannotOverflow(name: string, a: IntBound, b: IntBound, result: IntBound): boolean {
  if (name === "int_add_ovf") {
    const low = result.hasLower() || (a.hasLower() && a.lower >= 0) || (b.hasLower() && b.lower >= 0);
    const high = result.hasUpper() || (a.hasUpper() && a.upper <= 0) || (b.hasUpper() && b.upper <= 0);
    return low && high;
  }
  if (name === "int_sub_ovf") {
    const low = result.hasLower() || (b.hasUpper() && b.upper <= 0);
    const high = result.hasUpper() || (b.hasLower() && b.lower >= 0);
    return low && high;
  }
  return result.hasLower() && result.hasUpper();
}
