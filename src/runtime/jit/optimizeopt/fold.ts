/**
 * Constant folding: the value of a pure operation on constant arguments, computed as the trace
 * interpreter computes it (int-arith.ts), or null when folding would not be exact (a result past
 * the integers RTS keeps, a division by zero, a shift out of range: those stay in the trace,
 * where they behave as they did). RTS.
 */

import { type AbstractValue, ConstFloat, ConstInt, ConstPtr } from "../history.js";
import {
  addOverflows,
  bitAnd,
  bitOr,
  bitXor,
  bool,
  mulOverflows,
  shiftLeft,
  shiftRight,
  signExtend,
  subOverflows,
  unsignedLess,
  unsignedShiftRight,
} from "../int-arith.js";
import { MAX_BOUND, MIN_BOUND } from "./info.js";

function intOf(v: AbstractValue): number {
  if (v instanceof ConstInt) return v.value;
  if (v instanceof ConstPtr) return v.value;
  return 0;
}

function floatOf(v: AbstractValue): number {
  if (v instanceof ConstFloat) return v.value;
  return 0.0;
}

/** The integer constant n, or null when n is no integer RTS keeps (a float result of Math, past 2^53). */
function exactInt(n: number): ConstInt | null {
  if (!Number.isInteger(n)) return null;
  if (n >= MAX_BOUND || n <= MIN_BOUND) return null;
  return new ConstInt(n === 0 ? 0 : n, "");
}

/** The constant result of the pure operation `name` on the constant arguments, or null. */
export function foldConstant(name: string, args: AbstractValue[]): AbstractValue | null {
  const a = args.length > 0 ? intOf(args[0]!) : 0;
  const b = args.length > 1 ? intOf(args[1]!) : 0;
  const x = args.length > 0 ? floatOf(args[0]!) : 0.0;
  const y = args.length > 1 ? floatOf(args[1]!) : 0.0;
  switch (name) {
    case "int_add":
      return addOverflows(a, b) ? null : exactInt(a + b);
    case "int_sub":
      return subOverflows(a, b) ? null : exactInt(a - b);
    case "int_mul":
      return mulOverflows(a, b) ? null : exactInt(a * b);
    case "int_floordiv":
      return b === 0 ? null : exactInt(Math.trunc(a / b));
    case "int_mod":
      return b === 0 ? null : exactInt(a % b);
    case "int_and":
      return exactInt(bitAnd(a, b));
    case "int_or":
      return exactInt(bitOr(a, b));
    case "int_xor":
      return exactInt(bitXor(a, b));
    case "int_lshift":
      return b < 0 || b > 63 ? null : exactInt(shiftLeft(a, b));
    case "int_rshift":
      return b < 0 || b > 63 ? null : exactInt(shiftRight(a, b));
    case "uint_rshift":
      return b < 0 || b > 63 ? null : exactInt(unsignedShiftRight(a, b));
    case "int_neg":
      return subOverflows(0, a) ? null : exactInt(0 - a);
    case "int_invert":
      return subOverflows(-1, a) ? null : exactInt(-1 - a);
    case "int_is_zero":
      return new ConstInt(bool(a === 0), "");
    case "int_is_true":
      return new ConstInt(bool(a !== 0), "");
    case "int_force_ge_zero":
      return new ConstInt(a < 0 ? 0 : a, "");
    case "int_signext":
      return b === 1 || b === 2 || b === 4 || b === 8 ? exactInt(signExtend(a, b)) : null;
    case "int_lt":
      return new ConstInt(bool(a < b), "");
    case "int_le":
      return new ConstInt(bool(a <= b), "");
    case "int_eq":
      return new ConstInt(bool(a === b), "");
    case "int_ne":
      return new ConstInt(bool(a !== b), "");
    case "int_gt":
      return new ConstInt(bool(a > b), "");
    case "int_ge":
      return new ConstInt(bool(a >= b), "");
    case "uint_lt":
      return new ConstInt(bool(unsignedLess(a, b)), "");
    case "uint_le":
      return new ConstInt(bool(!unsignedLess(b, a)), "");
    case "uint_gt":
      return new ConstInt(bool(unsignedLess(b, a)), "");
    case "uint_ge":
      return new ConstInt(bool(!unsignedLess(a, b)), "");
    case "float_add":
      return new ConstFloat(x + y);
    case "float_sub":
      return new ConstFloat(x - y);
    case "float_mul":
      return new ConstFloat(x * y);
    case "float_truediv":
      return new ConstFloat(x / y);
    case "float_neg":
      return new ConstFloat(-x);
    case "float_abs":
      return new ConstFloat(Math.abs(x));
    case "float_lt":
      return new ConstInt(bool(x < y), "");
    case "float_le":
      return new ConstInt(bool(x <= y), "");
    case "float_eq":
      return new ConstInt(bool(x === y), "");
    case "float_ne":
      return new ConstInt(bool(x !== y), "");
    case "float_gt":
      return new ConstInt(bool(x > y), "");
    case "float_ge":
      return new ConstInt(bool(x >= y), "");
    case "cast_float_to_int":
      return x !== x || Math.abs(x) >= MAX_BOUND ? null : exactInt(Math.trunc(x));
    case "cast_int_to_float":
      return new ConstFloat(a * 1.0);
    case "same_as_i":
    case "same_as_r":
    case "same_as_f":
      return args[0]!;
    case "cast_ptr_to_int":
      return new ConstInt(a, "");
    case "cast_int_to_ptr":
      return new ConstPtr(a, "");
    case "ptr_eq":
      return new ConstInt(bool(a === b), "");
    case "ptr_ne":
      return new ConstInt(bool(a !== b), "");
    default:
      // strlen, strgetitem: they read memory (immutable, but not the optimizer's)
      return null;
  }
}
