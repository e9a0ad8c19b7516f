/**
 * The comparisons' opposite and swapped forms (resoperation.ts's BOOL_INVERSE and BOOL_REFLEX,
 * as functions RTS code can call: those are records for the toolchain). RTS.
 */

/** not (a < b) is a >= b: the opposite comparison, "" when `name` is none. */
export function inverseComparison(name: string): string {
  switch (name) {
    case "int_eq": return "int_ne";
    case "int_ne": return "int_eq";
    case "int_lt": return "int_ge";
    case "int_ge": return "int_lt";
    case "int_gt": return "int_le";
    case "int_le": return "int_gt";
    case "uint_lt": return "uint_ge";
    case "uint_ge": return "uint_lt";
    case "uint_gt": return "uint_le";
    case "uint_le": return "uint_gt";
    case "float_eq": return "float_ne";
    case "float_ne": return "float_eq";
    case "float_lt": return "float_ge";
    case "float_ge": return "float_lt";
    case "float_gt": return "float_le";
    case "float_le": return "float_gt";
    case "ptr_eq": return "ptr_ne";
    case "ptr_ne": return "ptr_eq";
    default: return "";
  }
}

/** a < b is b > a: the comparison with its operands swapped, "" when `name` is none. */
export function reflexComparison(name: string): string {
  switch (name) {
    case "int_eq": return "int_eq";
    case "int_ne": return "int_ne";
    case "int_lt": return "int_gt";
    case "int_gt": return "int_lt";
    case "int_le": return "int_ge";
    case "int_ge": return "int_le";
    case "uint_lt": return "uint_gt";
    case "uint_gt": return "uint_lt";
    case "uint_le": return "uint_ge";
    case "uint_ge": return "uint_le";
    case "float_eq": return "float_eq";
    case "float_ne": return "float_ne";
    case "float_lt": return "float_gt";
    case "float_gt": return "float_lt";
    case "float_le": return "float_ge";
    case "float_ge": return "float_le";
    case "ptr_eq": return "ptr_eq";
    case "ptr_ne": return "ptr_ne";
    default: return "";
  }
}

/** 2^n for n in 0..63, as an exact float. */
export function powerOfTwo(n: number): number {
  let p = 1;
  for (let i = 0; i < n; i++) p = p * 2;
  return p;
}

/** floor(a / b) for b > 0, as an integer (the bounds of shifts and divisions); 0 when not one. */
export function floorDivide(a: number, b: number): number {
  const q = Math.floor(a / b);
  if (Number.isInteger(q)) return q;
  return 0;
}
