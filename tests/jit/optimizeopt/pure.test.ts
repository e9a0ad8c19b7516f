// The pure pass: sharing of pure operations and elidable calls (src/runtime/jit/optimizeopt/pure.ts).

import { describe, expect, it } from "vitest";
import { optimize } from "./harness.ts";

const P = { opts: "pure" };

describe("pure: common subexpressions", () => {
  it("shares an operation with the same arguments", () => {
    const r = optimize("[i0, i1]\ni2 = int_add(i0, i1)\ni3 = int_add(i0, i1)\ni4 = int_mul(i2, i3)\nfinish(i4)", "[i0, i1]\ni2 = int_add(i0, i1)\ni4 = int_mul(i2, i2)\nfinish(i4)", P);
    expect(r.stats.count("pure_shared")).toBe(1);
  });

  it("does not share operations with arguments in another order", () => {
    optimize("[i0, i1]\ni2 = int_sub(i0, i1)\ni3 = int_sub(i1, i0)\nfinish(i2, i3)", "[i0, i1]\ni2 = int_sub(i0, i1)\ni3 = int_sub(i1, i0)\nfinish(i2, i3)", P);
  });

  it("does not share different operations on the same arguments", () => {
    optimize("[i0, i1]\ni2 = int_add(i0, i1)\ni3 = int_mul(i0, i1)\nfinish(i2, i3)", "[i0, i1]\ni2 = int_add(i0, i1)\ni3 = int_mul(i0, i1)\nfinish(i2, i3)", P);
  });

  it("shares with constant arguments", () => {
    optimize("[i0]\ni1 = int_add(i0, 5)\ni2 = int_add(i0, 5)\ni3 = int_add(i0, 6)\nfinish(i1, i2, i3)", "[i0]\ni1 = int_add(i0, 5)\ni3 = int_add(i0, 6)\nfinish(i1, i1, i3)", P);
  });

  it("shares transitively: equal arguments make equal results", () => {
    optimize(
      "[i0, i1]\ni2 = int_add(i0, i1)\ni3 = int_add(i0, i1)\ni4 = int_mul(i2, 2)\ni5 = int_mul(i3, 2)\nfinish(i4, i5)",
      "[i0, i1]\ni2 = int_add(i0, i1)\ni4 = int_mul(i2, 2)\nfinish(i4, i4)",
      P,
    );
  });

  it("shares a comparison found with its operands swapped", () => {
    const r = optimize("[i0, i1]\ni2 = int_lt(i0, i1)\ni3 = int_gt(i1, i0)\nfinish(i2, i3)", "[i0, i1]\ni2 = int_lt(i0, i1)\nfinish(i2, i2)", P);
    expect(r.stats.count("pure_shared_reflex")).toBe(1);
  });

  it("shares float operations and comparisons", () => {
    optimize("[f0, f1]\nf2 = float_add(f0, f1)\nf3 = float_add(f0, f1)\ni4 = float_lt(f2, f3)\ni5 = float_lt(f2, f3)\nfinish(i4, i5)", "[f0, f1]\nf2 = float_add(f0, f1)\ni4 = float_lt(f2, f2)\nfinish(i4, i4)", P);
  });

  it("shares pointer operations", () => {
    optimize("[p0, p1]\ni2 = ptr_eq(p0, p1)\ni3 = ptr_eq(p0, p1)\ni4 = cast_ptr_to_int(p0)\ni5 = cast_ptr_to_int(p0)\nfinish(i2, i3, i4, i5)", "[p0, p1]\ni2 = ptr_eq(p0, p1)\ni4 = cast_ptr_to_int(p0)\nfinish(i2, i2, i4, i4)", P);
  });

  it("shares strlen and strgetitem (strings are immutable)", () => {
    optimize(
      "[p0, i1]\ni2 = strlen(p0, descr=strdescr)\ni3 = strlen(p0, descr=strdescr)\ni4 = strgetitem(p0, 1, descr=strdescr)\ni5 = strgetitem(p0, 1, descr=strdescr)\nfinish(i2, i3, i4, i5)",
      "[p0, i1]\ni2 = strlen(p0, descr=strdescr)\ni4 = strgetitem(p0, 1, descr=strdescr)\nfinish(i2, i2, i4, i4)",
      P,
    );
  });

  it("does not share reads of memory", () => {
    optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ni2 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i1, i2)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ni2 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i1, i2)",
      P,
    );
  });

  it("does not share allocations", () => {
    optimize("[i0]\np1 = new(descr=plainsize)\np2 = new(descr=plainsize)\nfinish(p1, p2)", "[i0]\np1 = new(descr=plainsize)\np2 = new(descr=plainsize)\nfinish(p1, p2)", P);
  });
});

describe("pure: overflow operations", () => {
  it("shares an _ovf operation that did not overflow, with its guard", () => {
    const r = optimize(
      "[i0, i1]\ni2 = int_add_ovf(i0, i1)\nguard_no_overflow() []\ni3 = int_add_ovf(i0, i1)\nguard_no_overflow() []\nfinish(i2, i3)",
      "[i0, i1]\ni2 = int_add_ovf(i0, i1)\nguard_no_overflow() []\nfinish(i2, i2)",
      P,
    );
    expect(r.stats.count("remove_overflow_guard")).toBe(1);
  });

  it("does not share an _ovf operation followed by guard_overflow", () => {
    optimize(
      "[i0, i1]\ni2 = int_mul_ovf(i0, i1)\nguard_overflow(descr=o) []\ni3 = int_mul_ovf(i0, i1)\nguard_overflow(descr=o2) []\nfinish(i2, i3)",
      "[i0, i1]\ni2 = int_mul_ovf(i0, i1)\nguard_overflow(descr=o) []\ni3 = int_mul_ovf(i0, i1)\nguard_overflow(descr=o2) []\nfinish(i2, i3)",
      P,
    );
  });

  it("does not share int_sub_ovf with int_add_ovf", () => {
    optimize(
      "[i0, i1]\ni2 = int_add_ovf(i0, i1)\nguard_no_overflow() []\ni3 = int_sub_ovf(i0, i1)\nguard_no_overflow() []\nfinish(i2, i3)",
      "[i0, i1]\ni2 = int_add_ovf(i0, i1)\nguard_no_overflow() []\ni3 = int_sub_ovf(i0, i1)\nguard_no_overflow() []\nfinish(i2, i3)",
      P,
    );
  });
});

describe("pure: elidable calls", () => {
  it("shares call_pure with equal arguments and emits it as a plain call", () => {
    const r = optimize(
      `
[i0, i1]
i2 = call_pure_i(ConstClass(func_elidable), i0, i1, descr=elidableintcalldescr)
guard_no_exception() []
i3 = call_pure_i(ConstClass(func_elidable), i0, i1, descr=elidableintcalldescr)
guard_no_exception() []
finish(i2, i3)
`,
      `
[i0, i1]
i2 = call_i(ConstClass(func_elidable), i0, i1, descr=elidableintcalldescr)
guard_no_exception() []
finish(i2, i2)
`,
      P,
    );
    expect(r.stats.count("pure_call_shared")).toBe(1);
    expect(r.stats.count("remove_exception_guard")).toBe(1);
  });

  it("does not share a call that raised while tracing (guard_exception follows), nor share a later call with it", () => {
    const r = optimize(
      `
[i0, i1]
i2 = call_pure_i(ConstClass(func_elidable), i0, i1, descr=elidableintcalldescr)
p3 = guard_exception(1000, descr=e1) []
i4 = call_pure_i(ConstClass(func_elidable), i0, i1, descr=elidableintcalldescr)
p5 = guard_exception(1000, descr=e2) []
i6 = call_pure_i(ConstClass(func_elidable), i0, i1, descr=elidableintcalldescr)
guard_no_exception() []
finish(p3, p5, i6)
`,
      `
[i0, i1]
i2 = call_i(ConstClass(func_elidable), i0, i1, descr=elidableintcalldescr)
p3 = guard_exception(1000, descr=e1) []
i4 = call_i(ConstClass(func_elidable), i0, i1, descr=elidableintcalldescr)
p5 = guard_exception(1000, descr=e2) []
i6 = call_i(ConstClass(func_elidable), i0, i1, descr=elidableintcalldescr)
guard_no_exception() []
finish(p3, p5, i6)
`,
      P,
    );
    expect(r.stats.count("pure_call_shared")).toBe(0);
  });

  it("does not share call_pure with other arguments", () => {
    optimize(
      "[i0, i1]\ni2 = call_pure_i(ConstClass(func_elidable), i0, i1, descr=elidableintcalldescr)\ni3 = call_pure_i(ConstClass(func_elidable), i1, i0, descr=elidableintcalldescr)\nfinish(i2, i3)",
      "[i0, i1]\ni2 = call_i(ConstClass(func_elidable), i0, i1, descr=elidableintcalldescr)\ni3 = call_i(ConstClass(func_elidable), i1, i0, descr=elidableintcalldescr)\nfinish(i2, i3)",
      P,
    );
  });

  it("shares a plain call whose descriptor says elidable", () => {
    optimize(
      "[i0, f1]\nf2 = call_f(ConstClass(func_float), i0, f1, descr=elidablecalldescr)\nf3 = call_f(ConstClass(func_float), i0, f1, descr=elidablecalldescr)\nfinish(f2, f3)",
      "[i0, f1]\nf2 = call_f(ConstClass(func_float), i0, f1, descr=elidablecalldescr)\nfinish(f2, f2)",
      P,
    );
  });

  it("does not share calls that are not elidable", () => {
    optimize(
      "[i0]\ni1 = call_i(ConstClass(func_raise), i0, descr=raisingcalldescr)\nguard_no_exception() []\ni2 = call_i(ConstClass(func_raise), i0, descr=raisingcalldescr)\nguard_no_exception() []\nfinish(i1, i2)",
      "[i0]\ni1 = call_i(ConstClass(func_raise), i0, descr=raisingcalldescr)\nguard_no_exception() []\ni2 = call_i(ConstClass(func_raise), i0, descr=raisingcalldescr)\nguard_no_exception() []\nfinish(i1, i2)",
      P,
    );
  });

  it("a lone call_pure becomes call_i", () => {
    optimize(
      "[i0]\ni1 = call_pure_i(ConstClass(func_elidable), i0, 3, descr=elidableintcalldescr)\nfinish(i1)",
      "[i0]\ni1 = call_i(ConstClass(func_elidable), i0, 3, descr=elidableintcalldescr)\nfinish(i1)",
      P,
    );
  });
});

describe("pure with rewrite: folding makes more sharing", () => {
  it("operations equal after constant folding are shared", () => {
    optimize(
      "[i0]\ni1 = int_add(2, 3)\ni2 = int_add(i0, i1)\ni3 = int_add(i0, 5)\nfinish(i2, i3)",
      "[i0]\ni2 = int_add(i0, 5)\nfinish(i2, i2)",
      { opts: "rewrite:pure" },
    );
  });

  it("a guard on a shared comparison is removed the second time", () => {
    optimize(
      "[i0, i1]\ni2 = int_lt(i0, i1)\nguard_true(i2) []\ni3 = int_lt(i0, i1)\nguard_true(i3) []\nfinish(i0)",
      "[i0, i1]\ni2 = int_lt(i0, i1)\nguard_true(i2) []\nfinish(i0)",
      { opts: "rewrite:pure" },
    );
  });

  it("a guard on the swapped comparison is removed", () => {
    optimize(
      "[i0, i1]\ni2 = int_le(i0, i1)\nguard_false(i2) []\ni3 = int_ge(i1, i0)\nguard_false(i3) []\nfinish(i0)",
      "[i0, i1]\ni2 = int_le(i0, i1)\nguard_false(i2) []\nfinish(i0)",
      { opts: "rewrite:pure" },
    );
  });
});

describe("pure: sums of a constant (linear forms)", () => {
  it("finds (x + 1) - 1 is x, and (x + 2) - 1 an earlier x + 1", () => {
    const r = optimize(
      "[i0]\ni1 = int_add(i0, 1)\ni2 = int_sub(i1, 1)\ni3 = int_add(i1, 1)\ni4 = int_sub(i3, 1)\nfinish(i2, i4)",
      "[i0]\ni1 = int_add(i0, 1)\ni3 = int_add(i1, 1)\nfinish(i0, i1)",
      P,
    );
    expect(r.stats.count("pure_linear_shared")).toBe(2);
  });

  it("shares checked sums when every step was checked, with their guard_no_overflow", () => {
    optimize(
      "[i0]\ni1 = int_add_ovf(i0, 1)\nguard_no_overflow() [i0]\ni2 = int_add_ovf(i1, 1)\nguard_no_overflow() [i0]\ni3 = int_sub_ovf(i2, 1)\nguard_no_overflow() [i0]\nfinish(i3)",
      "[i0]\ni1 = int_add_ovf(i0, 1)\nguard_no_overflow() [i0]\ni2 = int_add_ovf(i1, 1)\nguard_no_overflow() [i0]\nfinish(i1)",
      P,
    );
  });

  it("does not take a checked sum for a wrapping one: x + 1 wrapped may be the checked x + 1 that overflows", () => {
    optimize(
      "[i0]\ni1 = int_add(i0, 1)\ni2 = int_add_ovf(i0, 1)\nguard_no_overflow() [i0]\nfinish(i1, i2)",
      "[i0]\ni1 = int_add(i0, 1)\ni2 = int_add_ovf(i0, 1)\nguard_no_overflow() [i0]\nfinish(i1, i2)",
      P,
    );
  });

  it("does not share a checked sum whose steps wrapped: (x + 1 wrapping) - 1 checked may overflow", () => {
    optimize(
      "[i0]\ni1 = int_add(i0, 1)\ni2 = int_sub_ovf(i1, 1)\nguard_no_overflow() [i0]\nfinish(i2)",
      "[i0]\ni1 = int_add(i0, 1)\ni2 = int_sub_ovf(i1, 1)\nguard_no_overflow() [i0]\nfinish(i2)",
      P,
    );
  });
});
