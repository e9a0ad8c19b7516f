// The rewrite pass: constant folding and named peepholes (src/runtime/jit/optimizeopt/rewrite.ts).
// Each case is a trace in, the expected trace out, and random runs of both (harness.ts).

import { describe, expect, it } from "vitest";
import { optimize } from "./harness.ts";

const R = { opts: "rewrite" };

/** One-operation identities: `[i0, i1]`, the operation, finish of its result; expected: finish of `result`. */
const identities: [string, string, string, string][] = [
  // rule, operation, result, rule name
  ["x + 0", "int_add(i0, 0)", "i0", "int_add_zero"],
  ["0 + x", "int_add(0, i1)", "i1", "int_add_zero"],
  ["x - 0", "int_sub(i0, 0)", "i0", "int_sub_zero"],
  ["x - x", "int_sub(i1, i1)", "0", "int_sub_self"],
  ["x * 1", "int_mul(i0, 1)", "i0", "int_mul_one"],
  ["1 * x", "int_mul(1, i1)", "i1", "int_mul_one"],
  ["x * 0", "int_mul(i0, 0)", "0", "int_mul_zero"],
  ["0 * x", "int_mul(0, i0)", "0", "int_mul_zero"],
  ["x // 1", "int_floordiv(i0, 1)", "i0", "int_floordiv_one"],
  ["x & 0", "int_and(i0, 0)", "0", "int_and_zero"],
  ["x & -1", "int_and(i0, -1)", "i0", "int_and_minus_one"],
  ["-1 & x", "int_and(-1, i1)", "i1", "int_and_minus_one"],
  ["x & x", "int_and(i1, i1)", "i1", "int_and_self"],
  ["x | 0", "int_or(i0, 0)", "i0", "int_or_zero"],
  ["0 | x", "int_or(0, i1)", "i1", "int_or_zero"],
  ["x | x", "int_or(i0, i0)", "i0", "int_or_self"],
  ["x ^ 0", "int_xor(i0, 0)", "i0", "int_xor_zero"],
  ["x ^ x", "int_xor(i1, i1)", "0", "int_xor_self"],
  ["x << 0", "int_lshift(i0, 0)", "i0", "shift_zero"],
  ["x >> 0", "int_rshift(i0, 0)", "i0", "shift_zero"],
  ["x >>> 0", "uint_rshift(i0, 0)", "i0", "shift_zero"],
  ["x == x", "int_eq(i0, i0)", "1", "compare_self"],
  ["x != x", "int_ne(i0, i0)", "0", "compare_self"],
  ["x < x", "int_lt(i0, i0)", "0", "compare_self"],
  ["x <= x", "int_le(i1, i1)", "1", "compare_self"],
  ["x > x", "int_gt(i1, i1)", "0", "compare_self"],
  ["x >= x", "int_ge(i1, i1)", "1", "compare_self"],
  ["unsigned x < x", "uint_lt(i0, i0)", "0", "compare_self"],
  ["unsigned x >= x", "uint_ge(i0, i0)", "1", "compare_self"],
  ["same_as", "same_as_i(i0)", "i0", "same_as"],
];

describe("rewrite: integer identities", () => {
  for (const [what, operation, result, rule] of identities) {
    it(`${what} (${rule})`, () => {
      const r = optimize(`[i0, i1]\ni2 = ${operation}\nfinish(i2)`, `[i0, i1]\nfinish(${result})`, R);
      expect(r.stats.count(rule)).toBe(1);
    });
  }
});

/** Constant folding of one operation: its constant arguments and its value. */
const folds: [string, string][] = [
  ["int_add(3, 4)", "7"],
  ["int_sub(3, 10)", "-7"],
  ["int_mul(-6, 7)", "-42"],
  ["int_floordiv(-7, 2)", "-3"],
  ["int_mod(-7, 2)", "-1"],
  ["int_and(12, 10)", "8"],
  ["int_or(12, 10)", "14"],
  ["int_xor(12, 10)", "6"],
  ["int_lshift(3, 4)", "48"],
  ["int_rshift(-16, 2)", "-4"],
  ["uint_rshift(16, 2)", "4"],
  ["int_neg(5)", "-5"],
  ["int_invert(5)", "-6"],
  ["int_is_zero(0)", "1"],
  ["int_is_true(9)", "1"],
  ["int_force_ge_zero(-3)", "0"],
  ["int_signext(255, 1)", "-1"],
  ["int_lt(1, 2)", "1"],
  ["int_ge(1, 2)", "0"],
  ["uint_lt(-1, 2)", "0"],
  ["uint_gt(-1, 2)", "1"],
  ["int_and(-1, 4294967296)", "4294967296"],
];

describe("rewrite: constant folding", () => {
  for (const [operation, value] of folds) {
    it(`folds ${operation} to ${value}`, () => {
      const r = optimize(`[i0]\ni1 = ${operation}\nfinish(i0, i1)`, `[i0]\nfinish(i0, ${value})`, R);
      expect(r.stats.count("fold_constants")).toBe(1);
    });
  }

  it("folds a chain of operations on constants", () => {
    const r = optimize(
      `
[i0]
i1 = int_add(3, 4)
i2 = int_mul(i1, 6)
i3 = int_add(i0, i2)
finish(i3)
`,
      `
[i0]
i3 = int_add(i0, 42)
finish(i3)
`,
      R,
    );
    expect(r.stats.count("fold_constants")).toBe(2);
  });

  it("folds floats and comparisons of floats", () => {
    optimize(
      `
[f0]
f1 = float_add(1.5, 2.25)
f2 = float_mul(f1, 2.0)
i3 = float_lt(f2, 8.0)
guard_true(i3) []
f4 = float_add(f0, f2)
finish(f4)
`,
      `
[f0]
f4 = float_add(f0, 7.5)
finish(f4)
`,
      R,
    );
  });

  it("does not fold a division by zero (the trace keeps it)", () => {
    optimize("[i0]\ni1 = int_floordiv(7, 0)\nfinish(i0)", "[i0]\ni1 = int_floordiv(7, 0)\nfinish(i0)", { ...R, runs: 0 });
  });

  it("does not fold a result past the exact integers", () => {
    optimize("[i0]\ni1 = int_add(9007199254740000, 1000)\nfinish(i0)", "[i0]\ni1 = int_add(9007199254740000, 1000)\nfinish(i0)", { ...R, runs: 0 });
  });

  it("folds casts, and pointer comparisons of constants", () => {
    optimize(
      `
[i0]
f1 = cast_int_to_float(3)
i2 = cast_float_to_int(f1)
i3 = ptr_eq(NULL, NULL)
i4 = int_add(i2, i3)
i5 = int_add(i0, i4)
finish(i5)
`,
      `
[i0]
i5 = int_add(i0, 4)
finish(i5)
`,
      R,
    );
  });
});

describe("rewrite: more peepholes", () => {
  it("x * 2^k is a shift", () => {
    const r = optimize("[i0]\ni1 = int_mul(i0, 8)\ni2 = int_mul(4, i0)\ni3 = int_add(i1, i2)\nfinish(i3)", "[i0]\ni1 = int_lshift(i0, 3)\ni2 = int_lshift(i0, 2)\ni3 = int_add(i1, i2)\nfinish(i3)", R);
    expect(r.stats.count("int_mul_pow2")).toBe(2);
  });

  it("0 << x is 0 (x in 0..15)", () => {
    const r = optimize("[i0]\ni1 = int_and(i0, 15)\ni2 = int_lshift(0, i1)\nfinish(i2)", "[i0]\ni1 = int_and(i0, 15)\nfinish(0)", R);
    expect(r.stats.count("shift_of_zero")).toBe(1);
  });

  it("x * 6 stays a multiplication", () => {
    optimize("[i0]\ni1 = int_mul(i0, 6)\nfinish(i1)", "[i0]\ni1 = int_mul(i0, 6)\nfinish(i1)", R);
  });

  it("0 - x is -x", () => {
    optimize("[i0]\ni1 = int_sub(0, i0)\nfinish(i1)", "[i0]\ni1 = int_neg(i0)\nfinish(i1)", R);
  });

  it("(x + c1) + c2 is x + (c1 + c2)", () => {
    const r = optimize(
      "[i0]\ni1 = int_add(i0, 3)\ni2 = int_add(i1, 4)\nfinish(i1, i2)",
      "[i0]\ni1 = int_add(i0, 3)\ni2 = int_add(i0, 7)\nfinish(i1, i2)",
      R,
    );
    expect(r.stats.count("int_add_const_chain")).toBe(1);
  });

  it("(x + y) - y is x and (x + y) - x is y", () => {
    const r = optimize(
      "[i0, i1]\ni2 = int_add(i0, i1)\ni3 = int_sub(i2, i1)\ni4 = int_sub(i2, i0)\nfinish(i3, i4)",
      "[i0, i1]\ni2 = int_add(i0, i1)\nfinish(i0, i1)",
      R,
    );
    expect(r.stats.count("int_sub_of_add")).toBe(2);
  });

  it("-(-x) and ~~x are x", () => {
    optimize("[i0]\ni1 = int_neg(i0)\ni2 = int_neg(i1)\ni3 = int_invert(i0)\ni4 = int_invert(i3)\nfinish(i2, i4)", "[i0]\ni1 = int_neg(i0)\ni3 = int_invert(i0)\nfinish(i0, i0)", R);
  });

  it("-(-x) of floats is x, x * 1.0 is x", () => {
    optimize("[f0]\nf1 = float_neg(f0)\nf2 = float_neg(f1)\nf3 = float_mul(f2, 1.0)\nf4 = float_mul(1.0, f3)\nfinish(f4)", "[f0]\nf1 = float_neg(f0)\nfinish(f0)", R);
  });

  it("int_is_true of a comparison is the comparison", () => {
    const r = optimize("[i0, i1]\ni2 = int_lt(i0, i1)\ni3 = int_is_true(i2)\nguard_true(i3) []\nfinish(i2)", "[i0, i1]\ni2 = int_lt(i0, i1)\nguard_true(i2) []\nfinish(1)", R);
    expect(r.stats.count("int_is_true_of_bool")).toBe(1);
  });

  it("int_is_zero of a comparison is the opposite comparison", () => {
    const r = optimize("[i0, i1]\ni2 = int_lt(i0, i1)\ni3 = int_is_zero(i2)\nfinish(i3)", "[i0, i1]\ni2 = int_lt(i0, i1)\ni3 = int_ge(i0, i1)\nfinish(i3)", R);
    expect(r.stats.count("int_is_zero_of_bool")).toBe(1);
  });

  it("int_is_true of an arbitrary integer stays", () => {
    optimize("[i0]\ni1 = int_is_true(i0)\nfinish(i1)", "[i0]\ni1 = int_is_true(i0)\nfinish(i1)", R);
  });

  it("casts there and back are the value", () => {
    const r = optimize("[p0, i5]\ni1 = cast_ptr_to_int(p0)\np2 = cast_int_to_ptr(i1)\nfinish(p2)", "[p0, i5]\ni1 = cast_ptr_to_int(p0)\nfinish(p0)", R);
    expect(r.stats.count("cast_roundtrip")).toBe(1);
  });

  it("ptr_eq of a value with itself is 1, ptr_ne 0", () => {
    optimize("[p0]\ni1 = ptr_eq(p0, p0)\ni2 = ptr_ne(p0, p0)\nfinish(i1, i2)", "[p0]\nfinish(1, 0)", R);
  });

  it("ptr_eq of a non-null value with NULL is 0", () => {
    const r = optimize("[p0]\nguard_nonnull(p0) []\ni1 = ptr_eq(p0, NULL)\ni2 = ptr_ne(NULL, p0)\nfinish(i1, i2)", "[p0]\nguard_nonnull(p0) []\nfinish(0, 1)", R);
    expect(r.stats.count("ptr_eq_null")).toBe(2);
  });

  it("ptr_eq of an unknown value with NULL stays", () => {
    optimize("[p0]\ni1 = ptr_eq(p0, NULL)\nfinish(i1)", "[p0]\ni1 = ptr_eq(p0, NULL)\nfinish(i1)", R);
  });

  it("cond_call_n on a constant false is gone, on a constant true is a call", () => {
    const r = optimize(
      "[p0]\ncond_call_n(0, ConstClass(func_void), p0, descr=voidcalldescr)\ncond_call_n(1, ConstClass(func_void), p0, descr=voidcalldescr)\nfinish(p0)",
      "[p0]\ncall_n(ConstClass(func_void), p0, descr=voidcalldescr)\nfinish(p0)",
      R,
    );
    expect(r.stats.count("cond_call_never")).toBe(1);
    expect(r.stats.count("cond_call_always")).toBe(1);
  });

  it("cond_call_n on a variable stays", () => {
    optimize("[i0, p0]\ncond_call_n(i0, ConstClass(func_void), p0, descr=voidcalldescr)\nfinish(p0)", "[i0, p0]\ncond_call_n(i0, ConstClass(func_void), p0, descr=voidcalldescr)\nfinish(p0)", R);
  });

  it("call_loopinvariant of the same function is called once", () => {
    const r = optimize(
      `
[i0]
i1 = call_loopinvariant_i(ConstClass(func_loopinv), i0, descr=loopinvcalldescr)
guard_no_exception() []
i2 = call_loopinvariant_i(ConstClass(func_loopinv), i0, descr=loopinvcalldescr)
guard_no_exception() []
i3 = int_add(i1, i2)
finish(i3)
`,
      `
[i0]
i1 = call_loopinvariant_i(ConstClass(func_loopinv), i0, descr=loopinvcalldescr)
guard_no_exception() []
i3 = int_add(i1, i1)
finish(i3)
`,
      R,
    );
    expect(r.stats.count("call_loopinvariant_cached")).toBe(1);
    expect(r.stats.count("remove_exception_guard")).toBe(1);
  });
});

describe("rewrite: guards", () => {
  it("guard_true on a constant 1 is gone", () => {
    const r = optimize("[i0]\nguard_true(1) [i0]\nfinish(i0)", "[i0]\nfinish(i0)", R);
    expect(r.stats.count("guard_on_constant")).toBe(1);
  });

  it("guard_false on a constant 0 is gone", () => {
    optimize("[i0]\nguard_false(0) [i0]\nfinish(i0)", "[i0]\nfinish(i0)", R);
  });

  it("a guard that always fails stays, counted", () => {
    const r = optimize("[i0]\ni1 = int_lt(5, 3)\nguard_true(i1, descr=never) [i0]\nfinish(i0)", "[i0]\nguard_true(0, descr=never) [i0]\nfinish(i0)", R);
    expect(r.stats.count("guard_always_fails")).toBe(1);
  });

  it("the same guard twice is once", () => {
    optimize(
      "[i0, i1]\ni2 = int_lt(i0, i1)\nguard_true(i2) [i0]\nguard_true(i2) [i1]\nfinish(i2)",
      "[i0, i1]\ni2 = int_lt(i0, i1)\nguard_true(i2) [i0]\nfinish(1)",
      R,
    );
  });

  it("guard_false makes its value 0 after it", () => {
    optimize("[i0]\nguard_false(i0) [i0]\ni1 = int_add(i0, 5)\nfinish(i1)", "[i0]\nguard_false(i0) [i0]\nfinish(5)", R);
  });

  it("guard_true on a non-boolean integer does not make it 1", () => {
    optimize("[i0]\nguard_true(i0) [i0]\ni1 = int_add(i0, 5)\nfinish(i1)", "[i0]\nguard_true(i0) [i0]\ni1 = int_add(i0, 5)\nfinish(i1)", R);
  });

  it("guard_value makes the value a constant after it", () => {
    const r = optimize(
      "[i0]\nguard_value(i0, 7) [i0]\ni1 = int_mul(i0, 3)\nguard_value(i0, 7) [i0]\nfinish(i1)",
      "[i0]\nguard_value(i0, 7) [i0]\nfinish(21)",
      R,
    );
    expect(r.stats.count("guard_value_known")).toBe(1);
  });

  it("guard_value on a reference and on a float", () => {
    optimize(
      "[p0, f1]\nguard_value(p0, ConstPtr(myptr)) []\nguard_value(f1, 2.5) []\ni2 = ptr_eq(p0, ConstPtr(myptr))\nf3 = float_add(f1, 1.0)\nfinish(i2, f3)",
      "[p0, f1]\nguard_value(p0, ConstPtr(myptr)) []\nguard_value(f1, 2.5) []\nfinish(1, 3.5)",
      { ...R, runs: 0 },
    );
  });

  it("guard_value of a comparison's result is guard_true or guard_false", () => {
    const r = optimize(
      "[i0, i1]\ni2 = int_lt(i0, i1)\nguard_value(i2, 1, descr=t) [i0]\ni3 = int_gt(i0, 7)\nguard_value(i3, 0, descr=f) [i1]\nfinish(i2, i3)",
      "[i0, i1]\ni2 = int_lt(i0, i1)\nguard_true(i2, descr=t) [i0]\ni3 = int_gt(i0, 7)\nguard_false(i3, descr=f) [i1]\nfinish(1, 0)",
      R,
    );
    expect(r.stats.count("guard_value_of_bool")).toBe(2);
  });

  it("guard_value of an integer that is not a boolean stays", () => {
    optimize("[i0]\nguard_value(i0, 1, descr=v) []\nfinish(i0)", "[i0]\nguard_value(i0, 1, descr=v) []\nfinish(1)", R);
  });

  it("guard_value on a constant that differs stays", () => {
    const r = optimize("[i0]\ni1 = int_add(2, 2)\nguard_value(i1, 5) [i0]\nfinish(i0)", "[i0]\nguard_value(4, 5) [i0]\nfinish(i0)", R);
    expect(r.stats.count("guard_always_fails")).toBe(1);
  });

  it("guard_nonnull after guard_nonnull is gone", () => {
    const r = optimize("[p0]\nguard_nonnull(p0) []\nguard_nonnull(p0) []\nfinish(p0)", "[p0]\nguard_nonnull(p0) []\nfinish(p0)", R);
    expect(r.stats.count("guard_nonnull_known")).toBe(1);
  });

  it("guard_nonnull on a non-null constant is gone", () => {
    optimize("[i0]\nguard_nonnull(ConstPtr(myptr)) []\nfinish(i0)", "[i0]\nfinish(i0)", R);
  });

  it("guard_isnull makes the value NULL after it", () => {
    const r = optimize("[p0]\nguard_isnull(p0) []\nguard_isnull(p0) []\ni1 = ptr_eq(p0, NULL)\nfinish(i1)", "[p0]\nguard_isnull(p0) []\nfinish(1)", R);
    expect(r.stats.count("guard_isnull_known")).toBe(1);
  });

  it("guard_class after guard_class of the same class is gone, and implies non-null", () => {
    const r = optimize(
      "[p0]\nguard_class(p0, ConstClass(node_vtable)) []\nguard_class(p0, ConstClass(node_vtable)) []\nguard_nonnull(p0) []\nfinish(p0)",
      "[p0]\nguard_class(p0, ConstClass(node_vtable)) []\nfinish(p0)",
      { ...R, runs: 0 },
    );
    expect(r.stats.count("guard_class_known")).toBe(1);
    expect(r.stats.count("guard_nonnull_known")).toBe(1);
  });

  it("guard_class of another class after a known class always fails", () => {
    const r = optimize(
      "[p0]\nguard_nonnull_class(p0, ConstClass(node_vtable)) []\nguard_class(p0, ConstClass(node_vtable2), descr=other) []\nfinish(p0)",
      "[p0]\nguard_nonnull_class(p0, ConstClass(node_vtable)) []\nguard_class(p0, ConstClass(node_vtable2), descr=other) []\nfinish(p0)",
      R,
    );
    expect(r.stats.count("guard_always_fails")).toBe(1);
  });

  it("guard_nonnull_class of a value known non-null is guard_class", () => {
    const r = optimize(
      "[p0]\nguard_nonnull(p0) []\nguard_nonnull_class(p0, ConstClass(node_vtable), descr=cls) [p0]\nfinish(p0)",
      "[p0]\nguard_nonnull(p0) []\nguard_class(p0, ConstClass(node_vtable), descr=cls) [p0]\nfinish(p0)",
      R,
    );
    expect(r.stats.count("guard_nonnull_class_to_class")).toBe(1);
  });

  it("guard_nonnull_class then guard_nonnull and guard_class are gone", () => {
    optimize(
      "[p0]\nguard_nonnull_class(p0, ConstClass(node_vtable)) []\nguard_nonnull(p0) []\nguard_class(p0, ConstClass(node_vtable)) []\nfinish(p0)",
      "[p0]\nguard_nonnull_class(p0, ConstClass(node_vtable)) []\nfinish(p0)",
      R,
    );
  });

  it("fail arguments follow the values they were replaced by", () => {
    optimize(
      "[i0, i1]\ni2 = int_add(i0, 0)\ni3 = int_mul(2, 3)\ni4 = int_lt(i1, i0)\nguard_true(i4, descr=g) [i2, i3, i1]\nfinish(i2)",
      "[i0, i1]\ni4 = int_lt(i1, i0)\nguard_true(i4, descr=g) [i0, 6, i1]\nfinish(i0)",
      R,
    );
  });
});

describe("rewrite: more edges", () => {
  it("guard_nonnull on NULL and guard_isnull on a non-null value always fail, and stay", () => {
    const r = optimize(
      "[p0, i1]\ni2 = int_lt(i1, 3)\nguard_true(i2, descr=first) []\nguard_nonnull(NULL, descr=n) []\nfinish(i1)",
      "[p0, i1]\ni2 = int_lt(i1, 3)\nguard_true(i2, descr=first) []\nguard_nonnull(NULL, descr=n) []\nfinish(i1)",
      R,
    );
    expect(r.stats.count("guard_always_fails")).toBe(1);
    const r2 = optimize("[p0]\nguard_nonnull(p0, descr=a) []\nguard_isnull(p0, descr=b) []\nfinish(p0)", "[p0]\nguard_nonnull(p0, descr=a) []\nguard_isnull(p0, descr=b) []\nfinish(p0)", R);
    expect(r2.stats.count("guard_always_fails")).toBe(1);
  });

  it("same_as of references and floats is the value", () => {
    optimize("[p0, f1]\np2 = same_as_r(p0)\nf3 = same_as_f(f1)\nfinish(p2, f3)", "[p0, f1]\nfinish(p0, f1)", R);
  });

  it("float comparisons with NaN fold as IEEE says", () => {
    optimize("[i0]\ni1 = float_eq(nan, nan)\ni2 = float_ne(nan, nan)\ni3 = float_lt(nan, 1.0)\nfinish(i1, i2, i3)", "[i0]\nfinish(0, 1, 0)", R);
  });

  it("cast_float_to_int of NaN or infinity is not folded", () => {
    optimize("[i0]\ni1 = cast_float_to_int(nan)\ni2 = cast_float_to_int(inf)\ni3 = cast_float_to_int(-2.75)\nfinish(i0, i3)", "[i0]\ni1 = cast_float_to_int(nan)\ni2 = cast_float_to_int(inf)\nfinish(i0, -2)", { ...R, runs: 0 });
  });

  it("a guard_value on a float keeps -0.0 and 0.0 apart", () => {
    const r = optimize("[i0]\nf1 = float_neg(0.0)\nguard_value(f1, 0.0, descr=z) []\nfinish(i0)", "[i0]\nguard_value(-0.0, 0.0, descr=z) []\nfinish(i0)", R);
    expect(r.stats.count("guard_always_fails")).toBe(1);
  });
});

