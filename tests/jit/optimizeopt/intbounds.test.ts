// The integer bounds pass (src/runtime/jit/optimizeopt/intbounds.ts): comparisons decided by
// bounds, overflow checks removed, bounds from guards flowing back through additions.

import { describe, expect, it } from "vitest";
import { optimize, optimizedText } from "./harness.ts";

const B = { opts: "intbounds:rewrite" };

describe("intbounds: comparisons implied by guards", () => {
  it("i < 10 implies i < 20", () => {
    const r = optimize(
      "[i0]\ni1 = int_lt(i0, 10)\nguard_true(i1) []\ni2 = int_lt(i0, 20)\nguard_true(i2) []\nfinish(i0)",
      "[i0]\ni1 = int_lt(i0, 10)\nguard_true(i1) []\nfinish(i0)",
      B,
    );
    expect(r.stats.count("intbounds_compare")).toBe(1);
  });

  it("i < 10 does not imply i < 5", () => {
    optimize(
      "[i0]\ni1 = int_lt(i0, 10)\nguard_true(i1) []\ni2 = int_lt(i0, 5)\nguard_true(i2) []\nfinish(i0)",
      "[i0]\ni1 = int_lt(i0, 10)\nguard_true(i1) []\ni2 = int_lt(i0, 5)\nguard_true(i2) []\nfinish(i0)",
      B,
    );
  });

  it("i < 10 makes i >= 10 false", () => {
    optimize(
      "[i0]\ni1 = int_lt(i0, 10)\nguard_true(i1) []\ni2 = int_ge(i0, 10)\nguard_false(i2) []\nfinish(i0)",
      "[i0]\ni1 = int_lt(i0, 10)\nguard_true(i1) []\nfinish(i0)",
      B,
    );
  });

  it("not (i < 0) implies i >= 0 and i > -5", () => {
    optimize(
      "[i0]\ni1 = int_lt(i0, 0)\nguard_false(i1) []\ni2 = int_ge(i0, 0)\ni3 = int_gt(i0, -5)\nfinish(i2, i3)",
      "[i0]\ni1 = int_lt(i0, 0)\nguard_false(i1) []\nfinish(1, 1)",
      B,
    );
  });

  it("i <= 7 implies i < 8 and i != 9", () => {
    optimize(
      "[i0]\ni1 = int_le(i0, 7)\nguard_true(i1) []\ni2 = int_lt(i0, 8)\ni3 = int_ne(i0, 9)\ni4 = int_eq(i0, 9)\nfinish(i2, i3, i4)",
      "[i0]\ni1 = int_le(i0, 7)\nguard_true(i1) []\nfinish(1, 1, 0)",
      B,
    );
  });

  it("i > 3 and i < 5 make i the constant 4", () => {
    const r = optimize(
      "[i0]\ni1 = int_gt(i0, 3)\nguard_true(i1) []\ni2 = int_lt(i0, 5)\nguard_true(i2) []\ni3 = int_add(i0, 1)\nfinish(i3)",
      "[i0]\ni1 = int_gt(i0, 3)\nguard_true(i1) []\ni2 = int_lt(i0, 5)\nguard_true(i2) []\nfinish(5)",
      B,
    );
    expect(r.stats.count("intbounds_made_constant")).toBe(1);
  });

  it("bounds between two variables: i < n and n <= 10 give i < 10", () => {
    optimize(
      "[i0, i1]\ni2 = int_le(i1, 10)\nguard_true(i2) []\ni3 = int_lt(i0, i1)\nguard_true(i3) []\ni4 = int_lt(i0, 10)\nguard_true(i4) []\nfinish(i0)",
      "[i0, i1]\ni2 = int_le(i1, 10)\nguard_true(i2) []\ni3 = int_lt(i0, i1)\nguard_true(i3) []\nfinish(i0)",
      B,
    );
  });

  it("i > n and n >= 0 give i > 0", () => {
    optimize(
      "[i0, i1]\ni2 = int_ge(i1, 0)\nguard_true(i2) []\ni3 = int_gt(i0, i1)\nguard_true(i3) []\ni4 = int_gt(i0, 0)\nfinish(i4)",
      "[i0, i1]\ni2 = int_ge(i1, 0)\nguard_true(i2) []\ni3 = int_gt(i0, i1)\nguard_true(i3) []\nfinish(1)",
      B,
    );
  });

  it("a guard_value gives the bound of its constant", () => {
    optimize("[i0]\nguard_value(i0, 5) []\ni1 = int_lt(i0, 6)\nfinish(i1)", "[i0]\nguard_value(i0, 5) []\nfinish(1)", B);
  });

  it("i == 3 gives i the constant's bound", () => {
    optimize(
      "[i0]\ni1 = int_eq(i0, 3)\nguard_true(i1) []\ni2 = int_add(i0, 1)\nfinish(i2)",
      "[i0]\ni1 = int_eq(i0, 3)\nguard_true(i1) []\nfinish(4)",
      B,
    );
  });

  it("unsigned i < n with n >= 0 gives 0 <= i < n", () => {
    optimize(
      "[i0]\ni1 = uint_lt(i0, 10)\nguard_true(i1) []\ni2 = int_ge(i0, 0)\ni3 = int_lt(i0, 10)\nfinish(i2, i3)",
      "[i0]\ni1 = uint_lt(i0, 10)\nguard_true(i1) []\nfinish(1, 1)",
      B,
    );
  });

  it("int_is_true after i > 0 is 1", () => {
    const r = optimize("[i0]\ni1 = int_gt(i0, 0)\nguard_true(i1) []\ni2 = int_is_true(i0)\ni3 = int_is_zero(i0)\nfinish(i2, i3)", "[i0]\ni1 = int_gt(i0, 0)\nguard_true(i1) []\nfinish(1, 0)", B);
    expect(r.stats.count("intbounds_nonzero")).toBe(2);
  });

  it("guard_true(int_is_true(i)) on i >= 0 gives i >= 1", () => {
    optimize(
      "[i0]\ni1 = int_ge(i0, 0)\nguard_true(i1) []\ni2 = int_is_true(i0)\nguard_true(i2) []\ni3 = int_gt(i0, 0)\nfinish(i3)",
      "[i0]\ni1 = int_ge(i0, 0)\nguard_true(i1) []\ni2 = int_is_true(i0)\nguard_true(i2) []\nfinish(1)",
      B,
    );
  });

  it("guard_false(int_is_true(i)) makes i 0", () => {
    optimize("[i0]\ni1 = int_is_true(i0)\nguard_false(i1) []\ni2 = int_add(i0, 3)\nfinish(i2)", "[i0]\ni1 = int_is_true(i0)\nguard_false(i1) []\nfinish(3)", B);
  });
});

describe("intbounds: bounds flowing back through additions", () => {
  it("i + 1 < 10 gives i < 9", () => {
    optimize(
      "[i0]\ni1 = int_add(i0, 1)\ni2 = int_lt(i1, 10)\nguard_true(i2) []\ni3 = int_lt(i0, 9)\nfinish(i3)",
      "[i0]\ni1 = int_add(i0, 1)\ni2 = int_lt(i1, 10)\nguard_true(i2) []\nfinish(1)",
      B,
    );
  });

  it("i - 2 >= 0 gives i >= 2", () => {
    optimize(
      "[i0]\ni1 = int_sub(i0, 2)\ni2 = int_ge(i1, 0)\nguard_true(i2) []\ni3 = int_ge(i0, 2)\nfinish(i3)",
      "[i0]\ni1 = int_sub(i0, 2)\ni2 = int_ge(i1, 0)\nguard_true(i2) []\nfinish(1)",
      B,
    );
  });

  it("bounds flow forward through additions: 0 <= i < 10 gives 5 <= i + 5 < 15", () => {
    optimize(
      "[i0]\ni1 = int_ge(i0, 0)\nguard_true(i1) []\ni2 = int_lt(i0, 10)\nguard_true(i2) []\ni3 = int_add(i0, 5)\ni4 = int_lt(i3, 15)\ni5 = int_ge(i3, 5)\nfinish(i3, i4, i5)",
      "[i0]\ni1 = int_ge(i0, 0)\nguard_true(i1) []\ni2 = int_lt(i0, 10)\nguard_true(i2) []\ni3 = int_add(i0, 5)\nfinish(i3, 1, 1)",
      B,
    );
  });

  it("bounds through subtraction and multiplication", () => {
    optimize(
      "[i0]\ni1 = uint_lt(i0, 4)\nguard_true(i1) []\ni2 = int_mul(i0, 3)\ni3 = int_le(i2, 9)\ni4 = int_sub(10, i0)\ni5 = int_gt(i4, 6)\nfinish(i3, i5)",
      "[i0]\ni1 = uint_lt(i0, 4)\nguard_true(i1) []\ni2 = int_mul(i0, 3)\ni4 = int_sub(10, i0)\nfinish(1, 1)",
      B,
    );
  });
});

describe("intbounds: bounds of results", () => {
  it("a comparison's result is 0 or 1", () => {
    optimize("[i0, i1]\ni2 = int_lt(i0, i1)\ni3 = int_lt(i2, 2)\ni4 = int_ge(i2, 0)\nfinish(i3, i4)", "[i0, i1]\ni2 = int_lt(i0, i1)\nfinish(1, 1)", B);
  });

  it("an array's length is >= 0", () => {
    optimize("[p0]\ni1 = arraylen_gc(p0, descr=arraydescr)\ni2 = int_ge(i1, 0)\nfinish(i2)", "[p0]\ni1 = arraylen_gc(p0, descr=arraydescr)\nfinish(1)", B);
  });

  it("a string's length is >= 0 and its code units are 0..65535", () => {
    optimize(
      "[p0]\ni1 = strlen(p0, descr=strdescr)\ni2 = int_lt(i1, 0)\ni3 = strgetitem(p0, 0, descr=strdescr)\ni4 = int_le(i3, 65535)\nfinish(i2, i4)",
      "[p0]\ni1 = strlen(p0, descr=strdescr)\ni3 = strgetitem(p0, 0, descr=strdescr)\nfinish(0, 1)",
      B,
    );
  });

  it("a field of one unsigned byte is 0..255, a signed short -32768..32767", () => {
    optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=ubytedescr)\ni2 = int_lt(i1, 256)\ni3 = int_ge(i1, 0)\ni4 = getfield_gc_i(p0, descr=shortdescr)\ni5 = int_ge(i4, -32768)\ni6 = int_ge(i4, 0)\nfinish(i2, i3, i5, i6)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=ubytedescr)\ni4 = getfield_gc_i(p0, descr=shortdescr)\ni6 = int_ge(i4, 0)\nfinish(1, 1, 1, i6)",
      B,
    );
  });

  it("x & 15 is 0..15", () => {
    optimize("[i0]\ni1 = int_and(i0, 15)\ni2 = int_lt(i1, 16)\ni3 = int_ge(i1, 0)\nfinish(i2, i3)", "[i0]\ni1 = int_and(i0, 15)\nfinish(1, 1)", B);
  });

  it("x % 8 of a non-negative x is 0..7", () => {
    optimize(
      "[i0]\ni1 = int_ge(i0, 0)\nguard_true(i1) []\ni2 = int_mod(i0, 8)\ni3 = int_lt(i2, 8)\ni4 = int_ge(i2, 0)\nfinish(i3, i4)",
      "[i0]\ni1 = int_ge(i0, 0)\nguard_true(i1) []\ni2 = int_mod(i0, 8)\nfinish(1, 1)",
      B,
    );
  });

  it("x % 8 of any x is -7..7", () => {
    optimize("[i0]\ni2 = int_mod(i0, 8)\ni3 = int_lt(i2, 8)\ni4 = int_ge(i2, 0)\nfinish(i3, i4)", "[i0]\ni2 = int_mod(i0, 8)\ni4 = int_ge(i2, 0)\nfinish(1, i4)", B);
  });

  it("x >> 2 of 0..100 is 0..25", () => {
    optimize(
      "[i0]\ni1 = uint_le(i0, 100)\nguard_true(i1) []\ni2 = int_rshift(i0, 2)\ni3 = int_le(i2, 25)\nfinish(i3)",
      "[i0]\ni1 = uint_le(i0, 100)\nguard_true(i1) []\ni2 = int_rshift(i0, 2)\nfinish(1)",
      B,
    );
  });

  it("int_force_ge_zero is >= 0, and of a non-negative value is the value", () => {
    const r = optimize(
      "[i0]\ni1 = int_force_ge_zero(i0)\ni2 = int_ge(i1, 0)\ni3 = int_force_ge_zero(i1)\nfinish(i2, i3)",
      "[i0]\ni1 = int_force_ge_zero(i0)\nfinish(1, i1)",
      B,
    );
    expect(r.stats.count("intbounds_force_ge_zero")).toBe(1);
  });

  it("int_signext of a value already in range is the value", () => {
    const r = optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=shortdescr)\ni2 = int_signext(i1, 2)\ni3 = int_signext(i1, 1)\nfinish(i2, i3)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=shortdescr)\ni3 = int_signext(i1, 1)\nfinish(i1, i3)",
      B,
    );
    expect(r.stats.count("intbounds_signext")).toBe(1);
  });

  it("x & 255 of an unsigned byte is the byte", () => {
    optimize("[p0]\ni1 = getfield_gc_i(p0, descr=ubytedescr)\ni2 = int_and(i1, 255)\nfinish(i2)", "[p0]\ni1 = getfield_gc_i(p0, descr=ubytedescr)\nfinish(i1)", B);
  });

  it("unsigned comparison of non-negative values is decided like a signed one", () => {
    optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=ubytedescr)\ni2 = uint_lt(i1, 256)\ni3 = uint_ge(i1, 300)\nfinish(i2, i3)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=ubytedescr)\nfinish(1, 0)",
      B,
    );
  });
});

describe("intbounds: overflow", () => {
  it("i + 1 of an index below a length cannot overflow, whatever i's lower bound (an addend >= 0 only pushes up)", () => {
    const r = optimize(
      "[i0, p1]\ni3 = arraylen_gc(p1, descr=arraydescr)\ni4 = int_ge(i0, i3)\nguard_false(i4) []\ni5 = int_add_ovf(i0, 1)\nguard_no_overflow() []\ni6 = int_sub_ovf(i0, -1)\nguard_no_overflow() []\nfinish(i5, i6)",
      "[i0, p1]\ni3 = arraylen_gc(p1, descr=arraydescr)\ni4 = int_ge(i0, i3)\nguard_false(i4) []\ni5 = int_add(i0, 1)\ni6 = int_sub(i0, -1)\nfinish(i5, i6)",
      B,
    );
    expect(r.stats.count("intbounds_no_overflow")).toBe(2);
  });

  it("i - 1 of the same index, and i + 1 of an index bounded only below, keep their checks", () => {
    optimize(
      "[i0, p1]\ni3 = arraylen_gc(p1, descr=arraydescr)\ni4 = int_ge(i0, i3)\nguard_false(i4) []\ni5 = int_sub_ovf(i0, 1)\nguard_no_overflow() []\ni6 = int_lt(i0, 0)\nguard_false(i6) []\nfinish(i5)",
      "[i0, p1]\ni3 = arraylen_gc(p1, descr=arraydescr)\ni4 = int_ge(i0, i3)\nguard_false(i4) []\ni5 = int_sub_ovf(i0, 1)\nguard_no_overflow() []\ni6 = int_lt(i0, 0)\nguard_false(i6) []\nfinish(i5)",
      B,
    );
    optimize(
      "[i0]\ni1 = int_lt(i0, 0)\nguard_false(i1) []\ni2 = int_add_ovf(i0, 1)\nguard_no_overflow() []\nfinish(i2)",
      "[i0]\ni1 = int_lt(i0, 0)\nguard_false(i1) []\ni2 = int_add_ovf(i0, 1)\nguard_no_overflow() []\nfinish(i2)",
      B,
    );
  });

  it("int_add_ovf of bounded values is int_add, without its guard", () => {
    const r = optimize(
      "[i0]\ni1 = int_and(i0, 255)\ni2 = int_add_ovf(i1, 1)\nguard_no_overflow() []\nfinish(i2)",
      "[i0]\ni1 = int_and(i0, 255)\ni2 = int_add(i1, 1)\nfinish(i2)",
      B,
    );
    expect(r.stats.count("intbounds_no_overflow")).toBe(1);
    expect(r.stats.count("remove_overflow_guard")).toBe(1);
  });

  it("int_sub_ovf and int_mul_ovf of bounded values lose their guards", () => {
    optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=shortdescr)\ni2 = int_sub_ovf(i1, 7)\nguard_no_overflow() []\ni3 = int_mul_ovf(i2, i1)\nguard_no_overflow() []\nfinish(i3)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=shortdescr)\ni2 = int_sub(i1, 7)\ni3 = int_mul(i2, i1)\nfinish(i3)",
      B,
    );
  });

  it("int_mul_ovf of an unbounded value by 0 is 0, without its guard (0 times anything is 0)", () => {
    optimize(
      "[i0]\ni1 = int_mul_ovf(i0, 0)\nguard_no_overflow() []\ni2 = int_mul_ovf(0, i0)\nguard_no_overflow() []\nfinish(i1, i2)",
      "[i0]\nfinish(0, 0)",
      B,
    );
  });

  it("int_add_ovf of unbounded values keeps its guard", () => {
    optimize(
      "[i0, i1]\ni2 = int_add_ovf(i0, i1)\nguard_no_overflow() []\nfinish(i2)",
      "[i0, i1]\ni2 = int_add_ovf(i0, i1)\nguard_no_overflow() []\nfinish(i2)",
      B,
    );
  });

  it("x + 0, 0 + x, x - 0 and x * 1 of unbounded values cannot overflow: they are x (an unrolled loop's first step)", () => {
    const r = optimize(
      "[i0]\ni1 = int_add_ovf(i0, 0)\nguard_no_overflow() []\ni2 = int_add_ovf(0, i1)\nguard_no_overflow() []\ni3 = int_sub_ovf(i2, 0)\nguard_no_overflow() []\ni4 = int_mul_ovf(1, i3)\nguard_no_overflow() []\ni5 = int_mul_ovf(i4, 0)\nguard_no_overflow() []\nfinish(i4, i5)",
      "[i0]\nfinish(i0, 0)",
      B,
    );
    expect(r.stats.count("intbounds_no_overflow_identity")).toBe(5);
  });

  it("0 - x of an unbounded value keeps its guard", () => {
    optimize(
      "[i0]\ni1 = int_sub_ovf(0, i0)\nguard_no_overflow() []\nfinish(i1)",
      "[i0]\ni1 = int_sub_ovf(0, i0)\nguard_no_overflow() []\nfinish(i1)",
      B,
    );
  });

  it("int_add_ovf bounded on one side only keeps its guard", () => {
    optimize(
      "[i0]\ni1 = int_gt(i0, 0)\nguard_true(i1) []\ni2 = int_add_ovf(i0, 1)\nguard_no_overflow() []\nfinish(i2)",
      "[i0]\ni1 = int_gt(i0, 0)\nguard_true(i1) []\ni2 = int_add_ovf(i0, 1)\nguard_no_overflow() []\nfinish(i2)",
      B,
    );
  });

  it("an _ovf operation followed by guard_overflow is kept", () => {
    optimize(
      "[i0]\ni1 = int_and(i0, 255)\ni2 = int_add_ovf(i1, 1)\nguard_overflow(descr=o) []\nfinish(i2)",
      "[i0]\ni1 = int_and(i0, 255)\ni2 = int_add_ovf(i1, 1)\nguard_overflow(descr=o) []\nfinish(i2)",
      B,
    );
  });

  it("the result of int_add_ovf that passed its guard is bounded", () => {
    optimize(
      "[i0]\ni1 = int_lt(i0, 100)\nguard_true(i1) []\ni2 = int_gt(i0, 0)\nguard_true(i2) []\ni3 = int_add_ovf(i0, 10)\nguard_no_overflow() []\ni4 = int_lt(i3, 110)\nfinish(i4)",
      "[i0]\ni1 = int_lt(i0, 100)\nguard_true(i1) []\ni2 = int_gt(i0, 0)\nguard_true(i2) []\ni3 = int_add(i0, 10)\nfinish(1)",
      B,
    );
  });

  it("a loop counter bounded by its guard does not overflow when incremented", () => {
    optimize(
      "[i0]\ni1 = int_lt(i0, 1000)\nguard_true(i1) []\ni2 = int_ge(i0, 0)\nguard_true(i2) []\ni3 = int_add_ovf(i0, 1)\nguard_no_overflow() []\nfinish(i3)",
      "[i0]\ni1 = int_lt(i0, 1000)\nguard_true(i1) []\ni2 = int_ge(i0, 0)\nguard_true(i2) []\ni3 = int_add(i0, 1)\nfinish(i3)",
      B,
    );
  });
});

describe("intbounds: guards on values that are not comparisons", () => {
  // Found by the x86-64 backend's random traces: a guard_true on an int_neg (or any integer
  // that is not a comparison) read the comparison's second operand, which it has not.
  it("a guard on an int_neg narrows nothing and stays", () => {
    optimize(
      "[i0]\ni1 = int_neg(i0)\nguard_true(i1) []\ni2 = int_lt(i0, 5)\nfinish(i2)",
      "[i0]\ni1 = int_neg(i0)\nguard_true(i1) []\ni2 = int_lt(i0, 5)\nfinish(i2)",
      B,
    );
  });

  it("the random backend's trace optimizes with every pass", () => {
    const input = [
      "[i0, i1, i2, i3, i6]",
      "label(i0, i1, i2, i3, i6, descr=loop)",
      "i7 = int_neg(i3)",
      "i8 = int_signext(i3, 4)",
      "i9 = int_mul_ovf(i3, i1)",
      "guard_overflow(descr=g0) []",
      "i10 = int_or(i7, 1)",
      "guard_true(i7, descr=g2) []",
      "i12 = int_is_true(i1)",
      "i14 = int_sub(-19, i10)",
      "i15 = int_ge(i14, i12)",
      "i23 = int_and(i9, 1048575)",
      "i24 = int_signext(i14, 2)",
      "i25 = int_and(i8, 1048575)",
      "i26 = int_sub(i6, 1)",
      "jump(i15, i23, i24, i25, i26, descr=loop)",
    ].join("\n");
    expect(optimizedText(input, "intbounds:rewrite:virtualize:string:pure:heap:unroll")).toContain("guard_true");
  });
});
