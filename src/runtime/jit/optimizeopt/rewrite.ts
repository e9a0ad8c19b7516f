/**
 * The rewrite pass (RPython's optimizeopt/rewrite.py): constant folding of pure operations on
 * constants, and peepholes, each a named rule counted in the optimizer's stats:
 *
 * - arithmetic identities: x + 0, x - 0, x - x, x * 1, x * 0, x * 2^k as a shift, x / 1, x & 0,
 *   x & -1, x & x, x | 0, x | x, x ^ 0, x ^ x, shifts by 0, -(-x), ~~x, (x + c1) + c2;
 * - comparisons of a value with itself, int_is_true and int_is_zero of a comparison (which is
 *   already 0 or 1), ptr_eq of a value with itself, of a non-null value with NULL, of a virtual
 *   with anything else; float x * 1.0, -(-x); casts there and back; same_as;
 * - guards on what is known: guard_true/false on a constant, guard_value on its constant,
 *   guard_class on a known class, guard_nonnull on a non-null value, guard_isnull on NULL,
 *   guard_nonnull_class made guard_class when the value is known non-null; after each guard,
 *   what it proves (the value is the constant, has the class, is not null);
 * - cond_call_n on a constant condition; call_loopinvariant_* called once per trace.
 *
 * A guard proven to always fail stays (RPython gives up the loop: InvalidLoop); it is counted
 * `guard_always_fails`. RTS.
 */

import { type AbstractValue, ConstFloat, ConstInt, ConstPtr, ResOperation, sameConstant } from "../history.js";
import { opnumOf, RESOPS, type ResOpName } from "../resoperation.js";
import { inverseComparison } from "./comparisons.js";
import { foldConstant } from "./fold.js";
import { Optimization, Optimizer } from "./optimizer.js";

export class OptRewrite extends Optimization {
  /** call_loopinvariant_*: the functions called so far and their results. */
  readonly loopInvariantFuncs: number[];
  readonly loopInvariantResults: AbstractValue[];

  constructor(optimizer: Optimizer) {
    super(optimizer);
    this.loopInvariantFuncs = [];
    this.loopInvariantResults = [];
  }

  override name(): string {
    return "rewrite";
  }

  /** A loop-invariant call's result stays known in the loop unless it is a variant value. */
  override enterLoop(variant: AbstractValue[]): void {
    let j = 0;
    for (let i = 0; i < this.loopInvariantFuncs.length; i++) {
      const result = this.optimizer.getBox(this.loopInvariantResults[i]!);
      if (variant.indexOf(result) >= 0) continue;
      this.loopInvariantFuncs[j] = this.loopInvariantFuncs[i]!;
      this.loopInvariantResults[j] = result;
      j++;
    }
    this.loopInvariantFuncs.length = j;
    this.loopInvariantResults.length = j;
  }

  private arg(op: ResOperation, k: number): AbstractValue {
    return this.optimizer.getBox(op.args[k]!);
  }

  private hit(rule: string): void {
    this.optimizer.stats.hit(rule);
  }

  /** The operation is `value`: it is removed. */
  private replaceWith(op: ResOperation, value: AbstractValue, rule: string): void {
    this.hit(rule);
    this.optimizer.makeEqual(op, value);
  }

  /** The operation becomes another of the same result (same number); the new one goes on. */
  private changeTo(op: ResOperation, name: ResOpName, args: AbstractValue[], rule: string): void {
    this.hit(rule);
    const changed = new ResOperation(opnumOf(name), args, null, op.number);
    this.optimizer.replaceOp(op, changed);
    this.emit(changed);
  }

  private isInt(op: ResOperation, k: number, n: number): boolean {
    return this.optimizer.isConstIntEqual(op.args[k]!, n);
  }

  override propagateForward(op: ResOperation): void {
    const info = RESOPS[op.opnum]!;
    if (info.pure && this.foldIfConstant(op)) return;
    const name = info.name;
    if (info.guard) {
      this.guard(op, name);
      return;
    }
    if (this.peephole(op, name)) return;
    this.emit(op);
  }

  private foldIfConstant(op: ResOperation): boolean {
    const args: AbstractValue[] = [];
    for (let k = 0; k < op.args.length; k++) {
      const a = this.arg(op, k);
      if (!this.optimizer.isConstant(a)) return false;
      args.push(a);
    }
    const folded = foldConstant(op.name(), args);
    if (folded === null) return false;
    this.replaceWith(op, folded, "fold_constants");
    return true;
  }

  /** The integer operations' identities; true when the operation was removed or changed. */
  private peephole(op: ResOperation, name: string): boolean {
    const o = this.optimizer;
    switch (name) {
      case "same_as_i":
      case "same_as_r":
      case "same_as_f":
        this.replaceWith(op, this.arg(op, 0), "same_as");
        return true;
      case "int_add":
        if (this.isInt(op, 1, 0)) return this.removeTo(op, 0, "int_add_zero");
        if (this.isInt(op, 0, 0)) return this.removeTo(op, 1, "int_add_zero");
        return this.addConstChain(op);
      case "int_sub":
        if (this.isInt(op, 1, 0)) return this.removeTo(op, 0, "int_sub_zero");
        if (this.arg(op, 0) === this.arg(op, 1)) {
          this.replaceWith(op, new ConstInt(0, ""), "int_sub_self");
          return true;
        }
        if (this.isInt(op, 0, 0)) {
          this.changeTo(op, "int_neg", [this.arg(op, 1)], "int_sub_from_zero");
          return true;
        }
        return this.subOfAdd(op);
      case "int_mul":
        if (this.isInt(op, 1, 1)) return this.removeTo(op, 0, "int_mul_one");
        if (this.isInt(op, 0, 1)) return this.removeTo(op, 1, "int_mul_one");
        if (this.isInt(op, 1, 0) || this.isInt(op, 0, 0)) {
          this.replaceWith(op, new ConstInt(0, ""), "int_mul_zero");
          return true;
        }
        return this.mulPow2(op, 1, 0) || this.mulPow2(op, 0, 1);
      case "int_floordiv":
        if (this.isInt(op, 1, 1)) return this.removeTo(op, 0, "int_floordiv_one");
        return false;
      case "int_and":
        if (this.isInt(op, 1, 0) || this.isInt(op, 0, 0)) {
          this.replaceWith(op, new ConstInt(0, ""), "int_and_zero");
          return true;
        }
        if (this.isInt(op, 1, -1)) return this.removeTo(op, 0, "int_and_minus_one");
        if (this.isInt(op, 0, -1)) return this.removeTo(op, 1, "int_and_minus_one");
        if (this.arg(op, 0) === this.arg(op, 1)) return this.removeTo(op, 0, "int_and_self");
        return false;
      case "int_or":
        if (this.isInt(op, 1, 0)) return this.removeTo(op, 0, "int_or_zero");
        if (this.isInt(op, 0, 0)) return this.removeTo(op, 1, "int_or_zero");
        if (this.arg(op, 0) === this.arg(op, 1)) return this.removeTo(op, 0, "int_or_self");
        return false;
      case "int_xor":
        if (this.isInt(op, 1, 0)) return this.removeTo(op, 0, "int_xor_zero");
        if (this.isInt(op, 0, 0)) return this.removeTo(op, 1, "int_xor_zero");
        if (this.arg(op, 0) === this.arg(op, 1)) {
          this.replaceWith(op, new ConstInt(0, ""), "int_xor_self");
          return true;
        }
        return false;
      case "int_lshift":
      case "int_rshift":
      case "uint_rshift":
        if (this.isInt(op, 1, 0)) return this.removeTo(op, 0, "shift_zero");
        if (this.isInt(op, 0, 0)) {
          this.replaceWith(op, new ConstInt(0, ""), "shift_of_zero");
          return true;
        }
        return false;
      case "int_neg":
      case "int_invert":
      case "float_neg":
        return this.involution(op, name);
      case "int_eq":
      case "int_le":
      case "int_ge":
      case "uint_le":
      case "uint_ge":
        if (this.arg(op, 0) === this.arg(op, 1)) {
          this.replaceWith(op, new ConstInt(1, ""), "compare_self");
          return true;
        }
        return false;
      case "int_ne":
      case "int_lt":
      case "int_gt":
      case "uint_lt":
      case "uint_gt":
        if (this.arg(op, 0) === this.arg(op, 1)) {
          this.replaceWith(op, new ConstInt(0, ""), "compare_self");
          return true;
        }
        return false;
      case "int_is_true":
        if (this.isComparison(this.arg(op, 0))) return this.removeTo(op, 0, "int_is_true_of_bool");
        return false;
      case "int_is_zero":
        return this.isZeroOfComparison(op);
      case "ptr_eq":
      case "ptr_ne":
        return this.pointerCompare(op, name === "ptr_eq");
      case "float_mul":
        if (this.isFloat(op, 1, 1.0)) return this.removeTo(op, 0, "float_mul_one");
        if (this.isFloat(op, 0, 1.0)) return this.removeTo(op, 1, "float_mul_one");
        return false;
      case "cast_ptr_to_int":
        return this.castBack(op, "cast_int_to_ptr");
      case "cast_int_to_ptr":
        return this.castBack(op, "cast_ptr_to_int");
      case "cond_call_n":
        if (o.isConstInt(op.args[0]!)) {
          if (o.constIntValue(op.args[0]!) === 0) {
            this.hit("cond_call_never");
            return true;
          }
          const args: AbstractValue[] = [];
          for (let k = 1; k < op.args.length; k++) args.push(this.arg(op, k));
          this.hit("cond_call_always");
          this.emit(o.newOp(opnumOf("call_n"), args, op.descr));
          return true;
        }
        return false;
      case "call_loopinvariant_i":
      case "call_loopinvariant_r":
      case "call_loopinvariant_f":
      case "call_loopinvariant_n":
        return this.loopInvariantCall(op);
      default:
        return false;
    }
  }

  private removeTo(op: ResOperation, k: number, rule: string): boolean {
    this.replaceWith(op, this.arg(op, k), rule);
    return true;
  }

  private isFloat(op: ResOperation, k: number, x: number): boolean {
    const a = this.arg(op, k);
    return a instanceof ConstFloat && a.value === x;
  }

  /** The operation that made a value, when it is an operation of the output. */
  private producer(value: AbstractValue, name: string): ResOperation | null {
    const op = this.optimizer.producer(value);
    if (op !== null && op.name() === name) return op;
    return null;
  }

  /** Whether the integer is 0 or 1: a comparison's result, or bounded so. */
  private isBoolean(value: AbstractValue): boolean {
    if (this.isComparison(value)) return true;
    const op = this.optimizer.producer(value);
    if (op !== null && (op.name() === "int_is_true" || op.name() === "int_is_zero")) return true;
    const bound = this.optimizer.getIntBound(value);
    return bound.lower >= 0 && bound.upper <= 1;
  }

  private isComparison(value: AbstractValue): boolean {
    const op = this.optimizer.producer(value);
    if (op === null) return false;
    return inverseComparison(op.name()) !== "";
  }

  /** int_is_zero(a < b) is a >= b. */
  private isZeroOfComparison(op: ResOperation): boolean {
    const value = this.optimizer.producer(op.args[0]!);
    if (value === null) return false;
    const inverse = inverseComparison(value.name());
    if (inverse === "") return false;
    const args: AbstractValue[] = [this.optimizer.getBox(value.args[0]!), this.optimizer.getBox(value.args[1]!)];
    this.changeTo(op, inverse as ResOpName, args, "int_is_zero_of_bool");
    return true;
  }

  /** (x + c1) + c2 is x + (c1 + c2). */
  private addConstChain(op: ResOperation): boolean {
    const o = this.optimizer;
    if (!o.isConstInt(op.args[1]!)) return false;
    const inner = this.producer(this.arg(op, 0), "int_add");
    if (inner === null || !o.isConstInt(inner.args[1]!)) return false;
    const sum = o.constIntValue(inner.args[1]!) + o.constIntValue(op.args[1]!);
    if (Math.abs(sum) >= 4503599627370496) return false;
    this.changeTo(op, "int_add", [o.getBox(inner.args[0]!), new ConstInt(sum, "")], "int_add_const_chain");
    return true;
  }

  /** (x + y) - y is x, (x + y) - x is y. */
  private subOfAdd(op: ResOperation): boolean {
    const inner = this.producer(this.arg(op, 0), "int_add");
    if (inner === null) return false;
    const y = this.arg(op, 1);
    if (this.optimizer.getBox(inner.args[1]!) === y) return this.removeToValue(op, inner.args[0]!, "int_sub_of_add");
    if (this.optimizer.getBox(inner.args[0]!) === y) return this.removeToValue(op, inner.args[1]!, "int_sub_of_add");
    return false;
  }

  private removeToValue(op: ResOperation, value: AbstractValue, rule: string): boolean {
    this.replaceWith(op, this.optimizer.getBox(value), rule);
    return true;
  }

  private mulPow2(op: ResOperation, constArg: number, other: number): boolean {
    const o = this.optimizer;
    if (!o.isConstInt(op.args[constArg]!)) return false;
    const c = o.constIntValue(op.args[constArg]!);
    if (c < 2) return false;
    let shift = 0;
    let p = 1;
    while (p < c) {
      p = p * 2;
      shift++;
    }
    if (p !== c) return false;
    this.changeTo(op, "int_lshift", [this.arg(op, other), new ConstInt(shift, "")], "int_mul_pow2");
    return true;
  }

  /** -(-x) is x, ~~x is x. */
  private involution(op: ResOperation, name: string): boolean {
    const inner = this.producer(this.arg(op, 0), name);
    if (inner === null) return false;
    return this.removeToValue(op, inner.args[0]!, "double_negation");
  }

  private castBack(op: ResOperation, inverse: string): boolean {
    const inner = this.producer(this.arg(op, 0), inverse);
    if (inner === null) return false;
    return this.removeToValue(op, inner.args[0]!, "cast_roundtrip");
  }

  private pointerCompare(op: ResOperation, isEq: boolean): boolean {
    const o = this.optimizer;
    const a = this.arg(op, 0);
    const b = this.arg(op, 1);
    if (a === b) {
      this.replaceWith(op, new ConstInt(isEq ? 1 : 0, ""), "ptr_eq_self");
      return true;
    }
    if ((o.isNonNull(a) && isNull(b)) || (o.isNonNull(b) && isNull(a))) {
      this.replaceWith(op, new ConstInt(isEq ? 0 : 1, ""), "ptr_eq_null");
      return true;
    }
    if (o.isVirtual(a) || o.isVirtual(b)) {
      // a virtual is a new object: no other value is it
      this.replaceWith(op, new ConstInt(isEq ? 0 : 1, ""), "ptr_eq_virtual");
      return true;
    }
    return false;
  }

  private loopInvariantCall(op: ResOperation): boolean {
    const o = this.optimizer;
    const func = this.arg(op, 0);
    if (!o.isConstInt(func)) return false;
    const address = o.constIntValue(func);
    for (let i = 0; i < this.loopInvariantFuncs.length; i++) {
      if (this.loopInvariantFuncs[i] === address) {
        this.replaceWith(op, this.loopInvariantResults[i]!, "call_loopinvariant_cached");
        o.dropNextExceptionGuard = true;
        return true;
      }
    }
    this.loopInvariantFuncs.push(address);
    this.loopInvariantResults.push(op);
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // guards

  private guard(op: ResOperation, name: string): void {
    const o = this.optimizer;
    switch (name) {
      case "guard_true":
      case "guard_false": {
        const value = this.arg(op, 0);
        const want = name === "guard_true" ? 1 : 0;
        if (o.isConstInt(value)) {
          const holds = want === 1 ? o.constIntValue(value) !== 0 : o.constIntValue(value) === 0;
          if (holds) {
            this.hit("guard_on_constant");
            return;
          }
          this.hit("guard_always_fails");
          this.emit(op);
          return;
        }
        this.emit(op);
        // guard_true proves a boolean 1; any other integer only not 0
        if (want === 0 || this.isBoolean(value)) o.makeConstantInt(value, want);
        return;
      }
      case "guard_value": {
        const value = this.arg(op, 0);
        const constant = this.arg(op, 1);
        if (o.isConstant(value)) {
          if (sameConstant(value, constant)) {
            this.hit("guard_value_known");
            return;
          }
          this.hit("guard_always_fails");
          this.emit(op);
          return;
        }
        // a boolean's guard_value is guard_true or guard_false (RPython's optimize_GUARD_VALUE)
        if (value.kind === "i" && (o.isConstIntEqual(constant, 0) || o.isConstIntEqual(constant, 1)) && this.isBoolean(value)) {
          const name = o.constIntValue(constant) === 1 ? "guard_true" : "guard_false";
          const changed = o.newOp(opnumOf(name), [value], op.descr);
          changed.failArgs = op.failArgs;
          this.hit("guard_value_of_bool");
          this.emit(changed);
        } else {
          this.emit(op);
        }
        if (o.isConstant(constant)) o.makeEqual(value, constant);
        return;
      }
      case "guard_nonnull":
        if (o.isNonNull(op.args[0]!)) {
          this.hit("guard_nonnull_known");
          return;
        }
        if (isNull(this.arg(op, 0))) this.hit("guard_always_fails");
        this.emit(op);
        o.ensurePtrInfo(op.args[0]!).nonNull = true;
        return;
      case "guard_isnull":
        if (isNull(this.arg(op, 0))) {
          this.hit("guard_isnull_known");
          return;
        }
        if (o.isNonNull(op.args[0]!)) this.hit("guard_always_fails");
        this.emit(op);
        if (!o.isNonNull(op.args[0]!)) o.makeEqual(op.args[0]!, o.nullConst);
        return;
      case "guard_class":
      case "guard_nonnull_class": {
        const cls = o.isConstInt(op.args[1]!) ? o.constIntValue(op.args[1]!) : 0;
        const known = o.knownClass(op.args[0]!);
        if (known !== 0 && known === cls) {
          this.hit("guard_class_known");
          return;
        }
        // an object found to be a constant (a heap read of what the trace stored): its class
        // never changes, and the CPU tells it (RPython's optimize_GUARD_CLASS on a constant)
        const obj = this.arg(op, 0);
        const cpu = o.cpu;
        if (name === "guard_class" && cpu !== null && cls !== 0 && obj instanceof ConstPtr && obj.value !== 0) {
          if (cpu.classOf(obj.value) === cls) {
            this.hit("guard_class_constant");
            return;
          }
          this.hit("guard_always_fails");
        }
        if (known !== 0 && cls !== 0) {
          this.hit("guard_always_fails");
          this.emit(op);
          return;
        }
        if (name === "guard_nonnull_class" && o.isNonNull(op.args[0]!)) {
          this.hit("guard_nonnull_class_to_class");
          const changed = o.newOp(opnumOf("guard_class"), [this.arg(op, 0), this.arg(op, 1)], op.descr);
          changed.failArgs = op.failArgs;
          this.emit(changed);
        } else {
          this.emit(op);
        }
        if (cls !== 0 && !isNull(this.arg(op, 0))) {
          const info = o.ensurePtrInfo(op.args[0]!);
          info.nonNull = true;
          info.knownClass = cls;
        }
        return;
      }
      default:
        this.emit(op);
    }
  }
}

function isNull(value: AbstractValue): boolean {
  return value instanceof ConstPtr && value.value === 0;
}
