// Unrolling (src/runtime/jit/optimizeopt/unroll.ts): a peeled preamble, then the loop with what
// the preamble computed on invariant values hoisted out. Each loop here ends on random inputs.

import { describe, expect, it } from "vitest";
import { buildOptimizer } from "../../../src/runtime/jit/optimizeopt/optimize.ts";
import { unrollLoop } from "../../../src/runtime/jit/optimizeopt/unroll.ts";
import { traceText } from "../../../src/runtime/jit/print-trace.ts";
import { ALL, optimize, parse } from "./harness.ts";

const U = { opts: ALL };

describe("unroll: peeling", () => {
  it("peels one iteration of a counting loop", () => {
    const r = optimize(
      `
[i0]
label(i0, descr=loop)
i1 = int_add(i0, 1)
i2 = int_lt(i1, 10)
guard_true(i2, descr=g) [i1]
jump(i1, descr=loop)
`,
      `
[i0]
label(i0, descr=loop)
i1 = int_add(i0, 1)
i2 = int_lt(i1, 10)
guard_true(i2, descr=g) [i1]
label(i1, descr=loop-peeled)
i3 = int_add(i1, 1)
i4 = int_lt(i3, 10)
guard_true(i4, descr=g) [i3]
jump(i3, descr=loop-peeled)
`,
      U,
    );
    expect(r.stats.count("unroll_peeled")).toBe(1);
  });

  it("a trace that is not a loop is not unrolled", () => {
    optimize("[i0]\ni1 = int_add(i0, 1)\nfinish(i1)", "[i0]\ni1 = int_add(i0, 1)\nfinish(i1)", U);
  });

  it("without unroll, the loop is optimized once", () => {
    optimize(
      "[i0, i1]\nlabel(i0, i1, descr=loop)\ni2 = int_mul(i1, 3)\ni3 = int_add(i0, 1)\ni4 = int_lt(i3, 50)\nguard_true(i4) [i3, i2]\njump(i3, i1, descr=loop)",
      "[i0, i1]\nlabel(i0, i1, descr=loop)\ni2 = int_mul(i1, 3)\ni3 = int_add(i0, 1)\ni4 = int_lt(i3, 50)\nguard_true(i4) [i3, i2]\njump(i3, i1, descr=loop)",
      { opts: "intbounds:rewrite:virtualize:string:pure:heap" },
    );
  });
});

describe("unroll: loop-invariant code motion", () => {
  it("a pure operation on an invariant value is computed once, in the preamble", () => {
    optimize(
      `
[i0, i1, i7]
label(i0, i1, i7, descr=loop)
i2 = int_mul(i1, 3)
i3 = int_add(i0, i2)
i8 = int_add(i7, 1)
i4 = int_lt(i8, 6)
guard_true(i4) [i3]
jump(i3, i1, i8, descr=loop)
`,
      `
[i0, i1, i7]
label(i0, i1, i7, descr=loop)
i2 = int_mul(i1, 3)
i3 = int_add(i0, i2)
i8 = int_add(i7, 1)
i4 = int_lt(i8, 6)
guard_true(i4) [i3]
label(i3, i1, i8, i2, descr=loop-peeled)
i5 = int_add(i3, i2)
i9 = int_add(i8, 1)
i6 = int_lt(i9, 6)
guard_true(i6) [i5]
jump(i5, i1, i9, i2, descr=loop-peeled)
`,
      U,
    );
  });

  it("a guard on an invariant value is checked once", () => {
    optimize(
      `
[i0, i1]
label(i0, i1, descr=loop)
i2 = int_gt(i1, 0)
guard_true(i2, descr=pos) [i0]
i3 = int_add(i0, i1)
i4 = int_lt(i3, 30)
guard_true(i4, descr=end) [i3]
jump(i3, i1, descr=loop)
`,
      `
[i0, i1]
label(i0, i1, descr=loop)
i2 = int_gt(i1, 0)
guard_true(i2, descr=pos) [i0]
i3 = int_add(i0, i1)
i4 = int_lt(i3, 30)
guard_true(i4, descr=end) [i3]
label(i3, i1, descr=loop-peeled)
i5 = int_add(i3, i1)
i6 = int_lt(i5, 30)
guard_true(i6, descr=end) [i5]
jump(i5, i1, descr=loop-peeled)
`,
      U,
    );
  });

  it("guard_class on an invariant object is checked once", () => {
    optimize(
      `
[i0, p1]
label(i0, p1, descr=loop)
guard_nonnull_class(p1, ConstClass(node_vtable), descr=cls) [i0]
i2 = int_add(i0, 1)
i3 = int_lt(i2, 8)
guard_true(i3, descr=end) [i2]
jump(i2, p1, descr=loop)
`,
      `
[i0, p1]
label(i0, p1, descr=loop)
guard_nonnull_class(p1, ConstClass(node_vtable), descr=cls) [i0]
i2 = int_add(i0, 1)
i3 = int_lt(i2, 8)
guard_true(i3, descr=end) [i2]
label(i2, p1, descr=loop-peeled)
i4 = int_add(i2, 1)
i5 = int_lt(i4, 8)
guard_true(i5, descr=end) [i4]
jump(i4, p1, descr=loop-peeled)
`,
      U,
    );
  });

  it("a guard on a variant value is checked in every iteration", () => {
    optimize(
      `
[i0]
label(i0, descr=loop)
i1 = int_gt(i0, -10)
guard_true(i1, descr=low) [i0]
i2 = int_sub(i0, 1)
jump(i2, descr=loop)
`,
      `
[i0]
label(i0, descr=loop)
i1 = int_gt(i0, -10)
guard_true(i1, descr=low) [i0]
i2 = int_sub(i0, 1)
label(i2, descr=loop-peeled)
i3 = int_gt(i2, -10)
guard_true(i3, descr=low) [i2]
i4 = int_sub(i2, 1)
jump(i4, descr=loop-peeled)
`,
      U,
    );
  });

  it("an elidable call on invariant arguments is called once", () => {
    optimize(
      `
[i0, i1]
label(i0, i1, descr=loop)
i2 = call_pure_i(ConstClass(func_elidable), i1, 2, descr=elidableintcalldescr)
guard_no_exception() []
i3 = int_add(i0, 1)
i4 = int_lt(i3, 10)
guard_true(i4, descr=end) [i3, i2]
jump(i3, i1, descr=loop)
`,
      `
[i0, i1]
label(i0, i1, descr=loop)
i2 = call_i(ConstClass(func_elidable), i1, 2, descr=elidableintcalldescr)
guard_no_exception() []
i3 = int_add(i0, 1)
i4 = int_lt(i3, 10)
guard_true(i4, descr=end) [i3, i2]
label(i3, i1, i2, descr=loop-peeled)
i5 = int_add(i3, 1)
i6 = int_lt(i5, 10)
guard_true(i6, descr=end) [i5, i2]
jump(i5, i1, i2, descr=loop-peeled)
`,
      U,
    );
  });

  it("a loop-invariant call is called once", () => {
    optimize(
      `
[i0]
label(i0, descr=loop)
i1 = call_loopinvariant_i(ConstClass(func_loopinv), 5, descr=loopinvcalldescr)
guard_no_exception() []
i2 = int_add(i0, i1)
i3 = int_lt(i2, 3000)
guard_true(i3, descr=end) [i2]
jump(i2, descr=loop)
`,
      `
[i0]
label(i0, descr=loop)
i1 = call_loopinvariant_i(ConstClass(func_loopinv), 5, descr=loopinvcalldescr)
guard_no_exception() []
i2 = int_add(i0, i1)
i3 = int_lt(i2, 3000)
guard_true(i3, descr=end) [i2]
label(i2, i1, descr=loop-peeled)
i4 = int_add(i2, i1)
i5 = int_lt(i4, 3000)
guard_true(i5, descr=end) [i4]
jump(i4, i1, descr=loop-peeled)
`,
      U,
    );
  });

  it("an invariant value made constant by a guard is no label argument", () => {
    optimize(
      `
[i0, i1]
label(i0, i1, descr=loop)
guard_value(i1, 3, descr=v) [i0]
i2 = int_add(i0, i1)
i3 = int_lt(i2, 20)
guard_true(i3, descr=end) [i2]
jump(i2, i1, descr=loop)
`,
      `
[i0, i1]
label(i0, i1, descr=loop)
guard_value(i1, 3, descr=v) [i0]
i2 = int_add(i0, 3)
i3 = int_lt(i2, 20)
guard_true(i3, descr=end) [i2]
label(i2, descr=loop-peeled)
i4 = int_add(i2, 3)
i5 = int_lt(i4, 20)
guard_true(i5, descr=end) [i4]
jump(i4, descr=loop-peeled)
`,
      U,
    );
  });

  it("a constant the jump passes is that constant in the loop: no label argument (RPython's virtual state)", () => {
    optimize(
      `
[i0, i1]
label(i0, i1, descr=loop)
i2 = int_lt(i0, 5)
guard_true(i2, descr=end) [i0, i1]
i3 = int_add(i0, 1)
jump(i3, 7, descr=loop)
`,
      `
[i0, i1]
label(i0, i1, descr=loop)
i2 = int_lt(i0, 5)
guard_true(i2, descr=end) [i0, i1]
i3 = int_add(i0, 1)
label(i3, descr=loop-peeled)
i4 = int_lt(i3, 5)
guard_true(i4, descr=end) [i3, 7]
i5 = int_add(i3, 1)
jump(i5, descr=loop-peeled)
`,
      U,
    );
  });

  it("a value passed twice is copied once into the loop's label", () => {
    optimize(
      `
[i0, i1]
label(i0, i1, descr=loop)
i2 = int_add(i0, 1)
i3 = int_lt(i2, 10)
guard_true(i3, descr=end) [i2, i1]
jump(i2, i2, descr=loop)
`,
      `
[i0, i1]
label(i0, i1, descr=loop)
i2 = int_add(i0, 1)
i3 = int_lt(i2, 10)
guard_true(i3, descr=end) [i2, i1]
i9 = same_as_i(i2)
label(i2, i9, descr=loop-peeled)
i4 = int_add(i2, 1)
i5 = int_lt(i4, 10)
guard_true(i5, descr=end) [i4, i9]
jump(i4, i4, descr=loop-peeled)
`,
      U,
    );
  });

  it("swapped label arguments are variant", () => {
    optimize(
      `
[i0, i1, i2]
label(i0, i1, i2, descr=loop)
i3 = int_sub(i2, 1)
i4 = int_gt(i3, 0)
guard_true(i4, descr=end) [i0, i1, i3]
i5 = int_mul(i0, 2)
jump(i1, i0, i3, descr=loop)
`,
      `
[i0, i1, i2]
label(i0, i1, i2, descr=loop)
i3 = int_sub(i2, 1)
i4 = int_gt(i3, 0)
guard_true(i4, descr=end) [i0, i1, i3]
i5 = int_lshift(i0, 1)
label(i1, i0, i3, descr=loop-peeled)
i6 = int_sub(i3, 1)
i7 = int_gt(i6, 0)
guard_true(i7, descr=end) [i1, i0, i6]
i8 = int_lshift(i1, 1)
jump(i0, i1, i6, descr=loop-peeled)
`,
      U,
    );
  });
});

describe("unroll with the other passes", () => {
  it("bounds of an invariant value hold in the loop", () => {
    optimize(
      `
[i0, i1]
label(i0, i1, descr=loop)
i2 = int_lt(i1, 100)
guard_true(i2, descr=small) []
i3 = int_ge(i1, 0)
guard_true(i3, descr=pos) []
i4 = int_add_ovf(i1, 1)
guard_no_overflow() []
i5 = int_add(i0, i4)
i6 = int_lt(i5, 300)
guard_true(i6, descr=end) [i5]
jump(i5, i1, descr=loop)
`,
      `
[i0, i1]
label(i0, i1, descr=loop)
i2 = int_lt(i1, 100)
guard_true(i2, descr=small) []
i3 = int_ge(i1, 0)
guard_true(i3, descr=pos) []
i4 = int_add(i1, 1)
i5 = int_add(i0, i4)
i6 = int_lt(i5, 300)
guard_true(i6, descr=end) [i5]
label(i5, i1, i4, descr=loop-peeled)
i7 = int_add(i5, i4)
i8 = int_lt(i7, 300)
guard_true(i8, descr=end) [i7]
jump(i7, i1, i4, descr=loop-peeled)
`,
      U,
    );
  });

  it("a field of an invariant object read in the preamble is a label argument of the loop (short preamble)", () => {
    const r = optimize(
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = getfield_gc_i(p1, descr=valuedescr)
i3 = int_add(i0, 1)
i4 = int_lt(i3, 20)
guard_true(i4, descr=end) [i3, i2]
jump(i3, p1, descr=loop)
`,
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = getfield_gc_i(p1, descr=valuedescr)
i3 = int_add(i0, 1)
i4 = int_lt(i3, 20)
guard_true(i4, descr=end) [i3, i2]
i5 = same_as_i(i2)
label(i3, p1, i5, descr=loop-peeled)
i6 = int_add(i3, 1)
i7 = int_lt(i6, 20)
guard_true(i7, descr=end) [i6, i5]
jump(i6, p1, i5, descr=loop-peeled)
`,
      U,
    );
    expect(r.stats.count("unroll_short_preamble")).toBe(1);
    expect(r.stats.count("heap_short_preamble_read")).toBe(0);
  });

  it("an immutable field of a loop-invariant object is read in the preamble only, its value a label argument", () => {
    optimize(
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = getfield_gc_i(p1, descr=immutdescr)
i3 = getfield_gc_i(p1, descr=shortdescr)
i4 = int_add(i2, i3)
i5 = int_add(i0, 1)
i6 = int_lt(i5, 20)
guard_true(i6, descr=end) [i5, i4]
jump(i5, p1, descr=loop)
`,
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = getfield_gc_i(p1, descr=immutdescr)
i3 = getfield_gc_i(p1, descr=shortdescr)
i4 = int_add(i2, i3)
i5 = int_add(i0, 1)
i6 = int_lt(i5, 20)
guard_true(i6, descr=end) [i5, i4]
i7 = same_as_i(i3)
label(i5, p1, i7, i2, descr=loop-peeled)
i8 = int_add(i2, i7)
i9 = int_add(i5, 1)
i10 = int_lt(i9, 20)
guard_true(i10, descr=end) [i9, i8]
jump(i9, p1, i7, i2, descr=loop-peeled)
`,
      U,
    );
  });

  it("a store and a read of a field in the loop body use the heap cache in each iteration", () => {
    optimize(
      `
[i0, p1]
label(i0, p1, descr=loop)
setfield_gc(p1, i0, descr=valuedescr)
i2 = getfield_gc_i(p1, descr=valuedescr)
i3 = int_add(i2, 1)
i4 = int_lt(i3, 12)
guard_true(i4, descr=end) [i3]
jump(i3, p1, descr=loop)
`,
      `
[i0, p1]
label(i0, p1, descr=loop)
i3 = int_add(i0, 1)
i4 = int_lt(i3, 12)
setfield_gc(p1, i0, descr=valuedescr)
guard_true(i4, descr=end) [i3]
label(i3, p1, descr=loop-peeled)
i5 = int_add(i3, 1)
i6 = int_lt(i5, 12)
setfield_gc(p1, i3, descr=valuedescr)
guard_true(i6, descr=end) [i5]
jump(i5, p1, descr=loop-peeled)
`,
      U,
    );
  });

  it("a temporary object in the loop body is removed in both copies", () => {
    optimize(
      `
[i0]
label(i0, descr=loop)
p1 = new_with_vtable(descr=nodesize)
setfield_gc(p1, i0, descr=valuedescr)
i2 = getfield_gc_i(p1, descr=valuedescr)
i3 = int_add(i2, 2)
i4 = int_lt(i3, 15)
guard_true(i4, descr=end) [p1]
jump(i3, descr=loop)
`,
      `
[i0]
label(i0, descr=loop)
i3 = int_add(i0, 2)
i4 = int_lt(i3, 15)
guard_true(i4, descr=end) [NULL, i0]
label(i3, descr=loop-peeled)
i5 = int_add(i3, 2)
i6 = int_lt(i5, 15)
guard_true(i6, descr=end) [NULL, i3]
jump(i5, descr=loop-peeled)
`,
      U,
    );
  });

  it("an object passed by the jump stays virtual in the loop: its fields are passed instead (virtual state)", () => {
    const r = optimize(
      `
[i0, p0]
label(i0, p0, descr=loop)
i1 = getfield_gc_i(p0, descr=valuedescr)
i2 = int_add(i1, 1)
p3 = new_with_vtable(descr=nodesize)
setfield_gc(p3, i2, descr=valuedescr)
i4 = int_lt(i2, 9)
guard_true(i4, descr=end) [i2]
jump(i0, p3, descr=loop)
`,
      `
[i0, p0]
label(i0, p0, descr=loop)
i1 = getfield_gc_i(p0, descr=valuedescr)
i2 = int_add(i1, 1)
i4 = int_lt(i2, 9)
guard_true(i4, descr=end) [i2]
label(i0, i2, descr=loop-peeled)
i6 = int_add(i2, 1)
i7 = int_lt(i6, 9)
guard_true(i7, descr=end) [i6]
jump(i0, i6, descr=loop-peeled)
`,
      U,
    );
    expect(r.stats.count("unroll_virtual_carried")).toBe(1);
  });

  it("a carried virtual in a loop guard's fail arguments is described", () => {
    optimize(
      `
[i0, p0]
label(i0, p0, descr=loop)
i1 = getfield_gc_i(p0, descr=valuedescr)
i2 = int_add(i1, 1)
p3 = new_with_vtable(descr=nodesize)
setfield_gc(p3, i2, descr=valuedescr)
i4 = int_lt(i2, 9)
guard_true(i4, descr=end) [p3, p0]
jump(i0, p3, descr=loop)
`,
      `
[i0, p0]
label(i0, p0, descr=loop)
i1 = getfield_gc_i(p0, descr=valuedescr)
i2 = int_add(i1, 1)
i4 = int_lt(i2, 9)
guard_true(i4, descr=end) [NULL, p0, i2]
label(i0, i2, descr=loop-peeled)
i6 = int_add(i2, 1)
i7 = int_lt(i6, 9)
guard_true(i7, descr=end) [NULL, NULL, i6, i2]
jump(i0, i6, descr=loop-peeled)
`,
      U,
    );
  });

  it("a chain of two virtuals is carried", () => {
    optimize(
      `
[i0, p0]
label(i0, p0, descr=loop)
p1 = getfield_gc_r(p0, descr=nextdescr)
i2 = getfield_gc_i(p1, descr=valuedescr)
i3 = int_add(i2, 2)
i4 = int_lt(i3, 11)
guard_true(i4, descr=end) [i3]
p5 = new_with_vtable(descr=nodesize)
p6 = new_with_vtable(descr=nodesize)
setfield_gc(p6, i3, descr=valuedescr)
setfield_gc(p5, p6, descr=nextdescr)
jump(i0, p5, descr=loop)
`,
      `
[i0, p0]
label(i0, p0, descr=loop)
p1 = getfield_gc_r(p0, descr=nextdescr)
i2 = getfield_gc_i(p1, descr=valuedescr)
i3 = int_add(i2, 2)
i4 = int_lt(i3, 11)
guard_true(i4, descr=end) [i3]
label(i0, i3, descr=loop-peeled)
i7 = int_add(i3, 2)
i8 = int_lt(i7, 11)
guard_true(i8, descr=end) [i7]
jump(i0, i7, descr=loop-peeled)
`,
      U,
    );
  });

  it("a carried virtual that escapes in the loop is allocated there", () => {
    optimize(
      `
[i0, p0]
label(i0, p0, descr=loop)
i1 = getfield_gc_i(p0, descr=valuedescr)
call_n(ConstClass(func_void), p0, descr=voidcalldescr)
i2 = int_add(i1, 1)
i4 = int_lt(i2, 6)
guard_true(i4, descr=end) [i2]
p3 = new_with_vtable(descr=nodesize)
setfield_gc(p3, i2, descr=valuedescr)
jump(i0, p3, descr=loop)
`,
      `
[i0, p0]
label(i0, p0, descr=loop)
i1 = getfield_gc_i(p0, descr=valuedescr)
call_n(ConstClass(func_void), p0, descr=voidcalldescr)
i2 = int_add(i1, 1)
i4 = int_lt(i2, 6)
guard_true(i4, descr=end) [i2]
label(i0, i2, descr=loop-peeled)
p5 = new_with_vtable(descr=nodesize)
setfield_gc(p5, i2, descr=valuedescr)
call_n(ConstClass(func_void), p5, descr=voidcalldescr)
i6 = int_add(i2, 1)
i7 = int_lt(i6, 6)
guard_true(i7, descr=end) [i6]
jump(i0, i6, descr=loop-peeled)
`,
      U,
    );
  });

  it("a loop whose jump passes an object of another shape than the preamble's is not unrolled", () => {
    // a list built backwards: in the preamble the new node points to the old one (a plain
    // value), in the loop to the node carried virtual: the shapes differ
    const r = optimize(
      `
[i0, p0]
label(i0, p0, descr=loop)
i1 = int_add(i0, 1)
i2 = int_lt(i1, 4)
guard_true(i2, descr=end) [i1, p0]
p3 = new_with_vtable(descr=nodesize)
setfield_gc(p3, p0, descr=nextdescr)
jump(i1, p3, descr=loop)
`,
      `
[i0, p0]
label(i0, p0, descr=loop)
i1 = int_add(i0, 1)
i2 = int_lt(i1, 4)
guard_true(i2, descr=end) [i1, p0]
p3 = new_with_vtable(descr=nodesize)
setfield_gc(p3, p0, descr=nextdescr)
jump(i1, p3, descr=loop)
`,
      U,
    );
    expect(r.stats.count("unroll_failed")).toBe(1);
    expect(r.stats.count("unroll_peeled")).toBe(0);
  });

  it("operations before the label are in the preamble only", () => {
    optimize(
      `
[i0, i1]
i2 = int_mul(i1, 2)
label(i0, i2, descr=loop)
i3 = int_add(i0, 1)
i4 = int_lt(i3, 25)
guard_true(i4, descr=end) [i3, i2]
jump(i3, i2, descr=loop)
`,
      `
[i0, i1]
i2 = int_lshift(i1, 1)
label(i0, i2, descr=loop)
i3 = int_add(i0, 1)
i4 = int_lt(i3, 25)
guard_true(i4, descr=end) [i3, i2]
label(i3, i2, descr=loop-peeled)
i5 = int_add(i3, 1)
i6 = int_lt(i5, 25)
guard_true(i6, descr=end) [i5, i2]
jump(i5, i2, descr=loop-peeled)
`,
      U,
    );
  });

  it("a float loop with an invariant product", () => {
    optimize(
      `
[f0, f1, i0]
label(f0, f1, i0, descr=loop)
f2 = float_mul(f1, f1)
f3 = float_add(f0, f2)
i1 = int_add(i0, 1)
i2 = int_lt(i1, 6)
guard_true(i2, descr=end) [f3, i1]
jump(f3, f1, i1, descr=loop)
`,
      `
[f0, f1, i0]
label(f0, f1, i0, descr=loop)
f2 = float_mul(f1, f1)
f3 = float_add(f0, f2)
i1 = int_add(i0, 1)
i2 = int_lt(i1, 6)
guard_true(i2, descr=end) [f3, i1]
label(f3, f1, i1, f2, descr=loop-peeled)
f4 = float_add(f3, f2)
i3 = int_add(i1, 1)
i4 = int_lt(i3, 6)
guard_true(i4, descr=end) [f4, i3]
jump(f4, f1, i3, f2, descr=loop-peeled)
`,
      U,
    );
  });

  it("facts before the label do not hold after it (whoever jumps there brings other values)", () => {
    optimize(
      `
[i0, p1]
guard_value(i0, 0, descr=v) []
guard_class(p1, ConstClass(node_vtable), descr=c) []
label(i0, p1, descr=loop)
guard_class(p1, ConstClass(node_vtable), descr=c2) [i0]
i2 = int_add(i0, 1)
i3 = int_lt(i2, 5)
guard_true(i3, descr=end) [i2]
jump(i2, p1, descr=loop)
`,
      `
[i0, p1]
guard_value(i0, 0, descr=v) []
guard_class(p1, ConstClass(node_vtable), descr=c) []
i9 = same_as_i(0)
label(i9, p1, descr=loop)
guard_class(p1, ConstClass(node_vtable), descr=c2) [i9]
i2 = int_add(i9, 1)
i3 = int_lt(i2, 5)
guard_true(i3, descr=end) [i2]
jump(i2, p1, descr=loop)
`,
      { opts: "intbounds:rewrite:virtualize:string:pure:heap" },
    );
  });

  // label(i0, i0) binds i0 twice: after it, i0 is the last position's value (the trace interpreter's jump writes them in order)
  it("a label's value passed twice, or a virtual, becomes a value of its own", () => {
    optimize(
      `
[i0]
p1 = new_with_vtable(descr=nodesize)
setfield_gc(p1, i0, descr=valuedescr)
label(i0, i0, p1, descr=loop)
i2 = getfield_gc_i(p1, descr=valuedescr)
i3 = int_add(i2, 1)
i4 = int_lt(i3, 5)
guard_true(i4, descr=end) [i3]
p5 = new_with_vtable(descr=nodesize)
setfield_gc(p5, i3, descr=valuedescr)
jump(i3, i0, p5, descr=loop)
`,
      `
[i0]
i9 = same_as_i(i0)
p1 = new_with_vtable(descr=nodesize)
setfield_gc(p1, i0, descr=valuedescr)
label(i0, i9, p1, descr=loop)
i2 = getfield_gc_i(p1, descr=valuedescr)
i3 = int_add(i2, 1)
i4 = int_lt(i3, 5)
guard_true(i4, descr=end) [i3]
p5 = new_with_vtable(descr=nodesize)
setfield_gc(p5, i3, descr=valuedescr)
jump(i3, i9, p5, descr=loop)
`,
      { opts: "intbounds:rewrite:virtualize:string:pure:heap" },
    );
  });
});

describe("unroll: the short preamble (heap reads, RPython's shortpreamble.py) and array lengths", () => {
  it("an invariant array's length is known in the loop; an item at a variant index is not carried", () => {
    const r = optimize(
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = arraylen_gc(p1, descr=arraydescr)
i3 = uint_lt(i0, i2)
guard_true(i3, descr=bound) [i0]
i4 = getarrayitem_gc_i(p1, i0, descr=arraydescr)
i5 = int_add(i0, 1)
guard_true(i4, descr=nz) [i0]
jump(i5, p1, descr=loop)
`,
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = arraylen_gc(p1, descr=arraydescr)
i3 = uint_lt(i0, i2)
guard_true(i3, descr=bound) [i0]
i4 = getarrayitem_gc_i(p1, i0, descr=arraydescr)
i5 = int_add(i0, 1)
guard_true(i4, descr=nz) [i0]
label(i5, p1, i2, descr=loop-peeled)
i8 = uint_lt(i5, i2)
guard_true(i8, descr=bound) [i5]
i9 = getarrayitem_gc_i(p1, i5, descr=arraydescr)
i10 = int_add(i5, 1)
guard_true(i9, descr=nz) [i5]
jump(i10, p1, i2, descr=loop-peeled)
`,
      U,
    );
    expect(r.stats.count("unroll_short_preamble")).toBe(0);
  });

  it("Brainfuck's [-]: the cell comes in a register, its bounds check and reads are gone from the loop", () => {
    const r = optimize(
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = arraylen_gc(p1, descr=bytearraydescr)
i3 = uint_lt(i0, i2)
guard_true(i3, descr=bound) [i0, i2, p1]
i4 = getarrayitem_gc_i(p1, i0, descr=bytearraydescr)
i5 = int_sub(i4, 1)
i7 = int_and(i5, 255)
setarrayitem_gc(p1, i0, i7, descr=bytearraydescr)
i12 = getarrayitem_gc_i(p1, i0, descr=bytearraydescr)
i13 = int_ne(i12, 0)
guard_true(i13, descr=zero) [i0, i12, p1]
jump(i0, p1, descr=loop)
`,
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = arraylen_gc(p1, descr=bytearraydescr)
i3 = uint_lt(i0, i2)
guard_true(i3, descr=bound) [i0, i2, p1]
i4 = getarrayitem_gc_i(p1, i0, descr=bytearraydescr)
i5 = int_sub(i4, 1)
i7 = int_and(i5, 255)
setarrayitem_gc(p1, i0, i7, descr=bytearraydescr)
i13 = int_ne(i7, 0)
guard_true(i13, descr=zero) [i0, i7, p1]
i14 = same_as_i(i7)
label(i0, p1, i14, descr=loop-peeled)
i18 = int_sub(i14, 1)
i19 = int_and(i18, 255)
setarrayitem_gc(p1, i0, i19, descr=bytearraydescr)
i21 = int_ne(i19, 0)
guard_true(i21, descr=zero) [i0, i19, p1]
jump(i0, p1, i19, descr=loop-peeled)
`,
      U,
    );
    expect(r.stats.count("unroll_short_preamble")).toBe(1);
    expect(r.stats.count("heap_short_preamble_read")).toBe(0);
  });

  it("Brainfuck's [->+<]: the pointer the jump passes is ptr + 1 - 1, found invariant; both cells come in registers", () => {
    optimize(
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = arraylen_gc(p1, descr=bytearraydescr)
i3 = uint_lt(i0, i2)
guard_true(i3, descr=bound) [i0]
i4 = getarrayitem_gc_i(p1, i0, descr=bytearraydescr)
i5 = int_sub(i4, 1)
i6 = int_and(i5, 255)
setarrayitem_gc(p1, i0, i6, descr=bytearraydescr)
i7 = int_add(i0, 1)
i8 = uint_lt(i7, i2)
guard_true(i8, descr=bound2) [i7]
i9 = getarrayitem_gc_i(p1, i7, descr=bytearraydescr)
i10 = int_add(i9, 1)
i11 = int_and(i10, 255)
setarrayitem_gc(p1, i7, i11, descr=bytearraydescr)
i12 = int_sub(i7, 1)
i13 = getarrayitem_gc_i(p1, i12, descr=bytearraydescr)
i14 = int_ne(i13, 0)
guard_true(i14, descr=zero) [i12]
jump(i12, p1, descr=loop)
`,
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = arraylen_gc(p1, descr=bytearraydescr)
i3 = uint_lt(i0, i2)
guard_true(i3, descr=bound) [i0]
i4 = getarrayitem_gc_i(p1, i0, descr=bytearraydescr)
i5 = int_sub(i4, 1)
i6 = int_and(i5, 255)
setarrayitem_gc(p1, i0, i6, descr=bytearraydescr)
i7 = int_add(i0, 1)
i8 = uint_lt(i7, i2)
guard_true(i8, descr=bound2) [i7]
i9 = getarrayitem_gc_i(p1, i7, descr=bytearraydescr)
i10 = int_add(i9, 1)
i11 = int_and(i10, 255)
setarrayitem_gc(p1, i7, i11, descr=bytearraydescr)
i14 = int_ne(i6, 0)
guard_true(i14, descr=zero) [i0]
i15 = same_as_i(i6)
i16 = same_as_i(i11)
label(i0, p1, i15, i16, i7, descr=loop-peeled)
i20 = int_sub(i15, 1)
i21 = int_and(i20, 255)
setarrayitem_gc(p1, i0, i21, descr=bytearraydescr)
i25 = int_add(i16, 1)
i26 = int_and(i25, 255)
setarrayitem_gc(p1, i7, i26, descr=bytearraydescr)
i29 = int_ne(i21, 0)
guard_true(i29, descr=zero) [i0]
jump(i0, p1, i21, i26, i7, descr=loop-peeled)
`,
      U,
    );
  });

  it("fields of each kind, and a constant stored: the jump passes what the loop knows", () => {
    optimize(
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = getfield_gc_i(p1, descr=valuedescr)
i3 = int_add(i0, i2)
i4 = int_lt(i3, 40)
guard_true(i4, descr=end) [i3]
setfield_gc(p1, 3, descr=valuedescr)
f5 = getfield_gc_f(p1, descr=floatdescr)
p6 = getfield_gc_r(p1, descr=nextdescr)
guard_nonnull(p6, descr=nn) [i3, f5]
jump(i3, p1, descr=loop)
`,
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = getfield_gc_i(p1, descr=valuedescr)
i3 = int_add(i0, i2)
i4 = int_lt(i3, 40)
guard_true(i4, descr=end) [i3]
f5 = getfield_gc_f(p1, descr=floatdescr)
p6 = getfield_gc_r(p1, descr=nextdescr)
setfield_gc(p1, 3, descr=valuedescr)
guard_nonnull(p6, descr=nn) [i3, f5]
i7 = same_as_i(3)
f8 = same_as_f(f5)
p9 = same_as_r(p6)
label(i3, p1, i7, f8, p9, descr=loop-peeled)
i11 = int_add(i3, i7)
i12 = int_lt(i11, 40)
guard_true(i12, descr=end) [i11]
setfield_gc(p1, 3, descr=valuedescr)
guard_nonnull(p9, descr=nn) [i11, f8]
jump(i11, p1, 3, f8, p9, descr=loop-peeled)
`,
      U,
    );
  });

  it("the fields of an object the jump changes are not carried", () => {
    const r = optimize(
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = getfield_gc_i(p1, descr=valuedescr)
p3 = getfield_gc_r(p1, descr=nextdescr)
i4 = int_add(i0, i2)
i5 = int_lt(i4, 30)
guard_true(i5, descr=end) [i4]
guard_nonnull(p3, descr=nn) [i4]
jump(i4, p3, descr=loop)
`,
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = getfield_gc_i(p1, descr=valuedescr)
p3 = getfield_gc_r(p1, descr=nextdescr)
i4 = int_add(i0, i2)
i5 = int_lt(i4, 30)
guard_true(i5, descr=end) [i4]
guard_nonnull(p3, descr=nn) [i4]
label(i4, p3, descr=loop-peeled)
i8 = getfield_gc_i(p3, descr=valuedescr)
p9 = getfield_gc_r(p3, descr=nextdescr)
i10 = int_add(i4, i8)
i11 = int_lt(i10, 30)
guard_true(i11, descr=end) [i10]
guard_nonnull(p9, descr=nn) [i10]
jump(i10, p9, descr=loop-peeled)
`,
      U,
    );
    expect(r.stats.count("unroll_short_preamble")).toBe(0);
  });

  it("a value the loop stores is passed by its jump; the delayed store is emitted before the label and the jump", () => {
    optimize(
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = getfield_gc_i(p1, descr=valuedescr)
i4 = int_add(i0, 1)
i5 = int_lt(i4, 6)
guard_true(i5, descr=end) [i4]
i3 = int_add(i2, i0)
setfield_gc(p1, i3, descr=valuedescr)
jump(i4, p1, descr=loop)
`,
      `
[i0, p1]
label(i0, p1, descr=loop)
i2 = getfield_gc_i(p1, descr=valuedescr)
i4 = int_add(i0, 1)
i5 = int_lt(i4, 6)
guard_true(i5, descr=end) [i4]
i3 = int_add(i2, i0)
setfield_gc(p1, i3, descr=valuedescr)
i6 = same_as_i(i3)
label(i4, p1, i6, descr=loop-peeled)
i8 = int_add(i4, 1)
i9 = int_lt(i8, 6)
guard_true(i9, descr=end) [i8]
i10 = int_add(i6, i4)
setfield_gc(p1, i10, descr=valuedescr)
jump(i8, p1, i10, descr=loop-peeled)
`,
      U,
    );
  });

  it("a call that writes the array: the read before it comes from the label, the read after it stays and is passed", () => {
    optimize(
      `
[i0, p1, i9]
label(i0, p1, i9, descr=loop)
i2 = getarrayitem_gc_i(p1, 2, descr=arraydescr)
call_n(ConstClass(func_void), p1, descr=writearraycalldescr)
i3 = getarrayitem_gc_i(p1, 2, descr=arraydescr)
i4 = int_add(i2, i3)
i5 = int_add(i9, i4)
i6 = int_add(i0, 1)
i7 = int_lt(i6, 5)
guard_true(i7, descr=end) [i6, i5]
jump(i6, p1, i5, descr=loop)
`,
      `
[i0, p1, i9]
label(i0, p1, i9, descr=loop)
i2 = getarrayitem_gc_i(p1, 2, descr=arraydescr)
call_n(ConstClass(func_void), p1, descr=writearraycalldescr)
i3 = getarrayitem_gc_i(p1, 2, descr=arraydescr)
i4 = int_add(i2, i3)
i5 = int_add(i9, i4)
i6 = int_add(i0, 1)
i7 = int_lt(i6, 5)
guard_true(i7, descr=end) [i6, i5]
i10 = same_as_i(i3)
label(i6, p1, i5, i10, descr=loop-peeled)
call_n(ConstClass(func_void), p1, descr=writearraycalldescr)
i12 = getarrayitem_gc_i(p1, 2, descr=arraydescr)
i13 = int_add(i10, i12)
i14 = int_add(i5, i13)
i15 = int_add(i6, 1)
i16 = int_lt(i15, 5)
guard_true(i16, descr=end) [i15, i14]
jump(i15, p1, i14, i12, descr=loop-peeled)
`,
      U,
    );
  });

  it("a call that writes the array after the read: nothing is carried (the preamble forgot it too)", () => {
    const r = optimize(
      `
[i0, p1, i9]
label(i0, p1, i9, descr=loop)
i2 = getarrayitem_gc_i(p1, 2, descr=arraydescr)
i5 = int_add(i9, i2)
call_n(ConstClass(func_void), p1, descr=writearraycalldescr)
i6 = int_add(i0, 1)
i7 = int_lt(i6, 5)
guard_true(i7, descr=end) [i6, i5]
jump(i6, p1, i5, descr=loop)
`,
      `
[i0, p1, i9]
label(i0, p1, i9, descr=loop)
i2 = getarrayitem_gc_i(p1, 2, descr=arraydescr)
i5 = int_add(i9, i2)
call_n(ConstClass(func_void), p1, descr=writearraycalldescr)
i6 = int_add(i0, 1)
i7 = int_lt(i6, 5)
guard_true(i7, descr=end) [i6, i5]
label(i6, p1, i5, descr=loop-peeled)
i10 = getarrayitem_gc_i(p1, 2, descr=arraydescr)
i11 = int_add(i5, i10)
call_n(ConstClass(func_void), p1, descr=writearraycalldescr)
i12 = int_add(i6, 1)
i13 = int_lt(i12, 5)
guard_true(i13, descr=end) [i12, i11]
jump(i12, p1, i11, descr=loop-peeled)
`,
      U,
    );
    expect(r.stats.count("unroll_short_preamble")).toBe(0);
  });

  it("when the loop forgets an item the preamble knew, the jump reads it again", () => {
    // without intbounds, the byte stored in the preamble fits (it was read from a byte field),
    // the one stored in the loop (a field of the carried virtual, a label argument) may not
    const r = optimize(
      `
[i0, p0, p1]
label(i0, p0, p1, descr=loop)
i2 = getarrayitem_gc_i(p1, 0, descr=bytearraydescr)
i3 = getfield_gc_i(p0, descr=ubytedescr)
setarrayitem_gc(p1, 0, i3, descr=bytearraydescr)
i4 = int_add(i0, 1)
i5 = int_lt(i4, 5)
guard_true(i5, descr=end) [i4, i2]
p6 = new_with_vtable(descr=nodesize)
setfield_gc(p6, i2, descr=ubytedescr)
jump(i4, p6, p1, descr=loop)
`,
      `
[i0, p0, p1]
label(i0, p0, p1, descr=loop)
i2 = getarrayitem_gc_i(p1, 0, descr=bytearraydescr)
i3 = getfield_gc_i(p0, descr=ubytedescr)
setarrayitem_gc(p1, 0, i3, descr=bytearraydescr)
i4 = int_add(i0, 1)
i5 = int_lt(i4, 5)
guard_true(i5, descr=end) [i4, i2]
i7 = int_and(i2, 255)
i9 = same_as_i(i3)
label(i4, i7, p1, i9, descr=loop-peeled)
setarrayitem_gc(p1, 0, i7, descr=bytearraydescr)
i13 = int_add(i4, 1)
i14 = int_lt(i13, 5)
guard_true(i14, descr=end) [i13, i9]
i16 = int_and(i9, 255)
i17 = getarrayitem_gc_i(p1, 0, descr=bytearraydescr)
jump(i13, i16, p1, i17, descr=loop-peeled)
`,
      { opts: "rewrite:virtualize:string:pure:heap:unroll" },
    );
    expect(r.stats.count("heap_short_preamble_read")).toBe(1);
  });

  it("an entry the loop uses only in a delayed store is carried (the store is emitted before the jump)", () => {
    optimize(
      `
[i0, p1, p2]
label(i0, p1, p2, descr=loop)
i2 = getfield_gc_i(p1, descr=valuedescr)
i4 = int_add(i0, 1)
i5 = int_lt(i4, 6)
guard_true(i5, descr=end) [i4]
setfield_gc(p2, i2, descr=quasidescr)
jump(i4, p1, p2, descr=loop)
`,
      `
[i0, p1, p2]
label(i0, p1, p2, descr=loop)
i2 = getfield_gc_i(p1, descr=valuedescr)
i4 = int_add(i0, 1)
i5 = int_lt(i4, 6)
guard_true(i5, descr=end) [i4]
setfield_gc(p2, i2, descr=quasidescr)
i6 = same_as_i(i2)
label(i4, p1, p2, i6, descr=loop-peeled)
i9 = int_add(i4, 1)
i10 = int_lt(i9, 6)
guard_true(i10, descr=end) [i9]
setfield_gc(p2, i6, descr=quasidescr)
jump(i9, p1, p2, i6, descr=loop-peeled)
`,
      U,
    );
  });

  it("a new object stored in a field of an invariant object is allocated at the jump and passed", () => {
    optimize(
      `
[i0, p1]
label(i0, p1, descr=loop)
p2 = getfield_gc_r(p1, descr=nextdescr)
i3 = getfield_gc_i(p2, descr=valuedescr)
i4 = int_add(i0, i3)
i5 = int_lt(i4, 40)
guard_true(i5, descr=end) [i4]
p6 = new_with_vtable(descr=nodesize)
setfield_gc(p6, i4, descr=valuedescr)
setfield_gc(p1, p6, descr=nextdescr)
jump(i4, p1, descr=loop)
`,
      `
[i0, p1]
label(i0, p1, descr=loop)
p2 = getfield_gc_r(p1, descr=nextdescr)
i3 = getfield_gc_i(p2, descr=valuedescr)
i4 = int_add(i0, i3)
i5 = int_lt(i4, 40)
guard_true(i5, descr=end) [i4]
p6 = new_with_vtable(descr=nodesize)
setfield_gc(p6, i4, descr=valuedescr)
setfield_gc(p1, p6, descr=nextdescr)
p7 = same_as_r(p6)
label(i4, p1, p7, descr=loop-peeled)
i10 = getfield_gc_i(p7, descr=valuedescr)
i11 = int_add(i4, i10)
i12 = int_lt(i11, 40)
guard_true(i12, descr=end) [i11]
p13 = new_with_vtable(descr=nodesize)
setfield_gc(p13, i11, descr=valuedescr)
setfield_gc(p1, p13, descr=nextdescr)
jump(i11, p1, p13, descr=loop-peeled)
`,
      U,
    );
  });

  it("an object the jump passes that a delayed store made escape is not carried as a virtual (it would be two objects)", () => {
    const r = optimize(
      `
[i0, p1, p0]
label(i0, p1, p0, descr=loop)
i2 = getfield_gc_i(p0, descr=valuedescr)
i3 = int_add(i2, 1)
i4 = int_add(i0, 1)
i5 = int_lt(i4, 6)
guard_true(i5, descr=end) [i4]
p6 = new_with_vtable(descr=nodesize)
setfield_gc(p6, i3, descr=valuedescr)
setfield_gc(p1, p6, descr=nextdescr)
jump(i4, p1, p6, descr=loop)
`,
      `
[i0, p1, p0]
label(i0, p1, p0, descr=loop)
i2 = getfield_gc_i(p0, descr=valuedescr)
i3 = int_add(i2, 1)
i4 = int_add(i0, 1)
i5 = int_lt(i4, 6)
guard_true(i5, descr=end) [i4]
p6 = new_with_vtable(descr=nodesize)
setfield_gc(p6, i3, descr=valuedescr)
setfield_gc(p1, p6, descr=nextdescr)
label(i4, p1, p6, descr=loop-peeled)
i8 = getfield_gc_i(p6, descr=valuedescr)
i9 = int_add(i8, 1)
i10 = int_add(i4, 1)
i11 = int_lt(i10, 6)
guard_true(i11, descr=end) [i10]
p12 = new_with_vtable(descr=nodesize)
setfield_gc(p12, i9, descr=valuedescr)
setfield_gc(p1, p12, descr=nextdescr)
jump(i10, p1, p12, descr=loop-peeled)
`,
      U,
    );
    expect(r.stats.count("unroll_virtual_carried")).toBe(0);
  });

  it("the object a delayed store made escape is the one the loop changes (it was two objects: a virtual and the field's)", () => {
    // in the second iteration p0 is p1.next: the store to p0 is read back through p1.next
    optimize(
      `
[i0, p1, p0]
label(i0, p1, p0, descr=loop)
setfield_gc(p0, i0, descr=valuedescr)
p7 = getfield_gc_r(p1, descr=nextdescr)
i8 = getfield_gc_i(p7, descr=valuedescr)
i4 = int_add(i0, 1)
i5 = int_lt(i4, 6)
guard_true(i5, descr=end) [i4, i8]
p6 = new_with_vtable(descr=nodesize)
setfield_gc(p6, 7, descr=valuedescr)
setfield_gc(p1, p6, descr=nextdescr)
jump(i4, p1, p6, descr=loop)
`,
      `
[i0, p1, p0]
label(i0, p1, p0, descr=loop)
p7 = getfield_gc_r(p1, descr=nextdescr)
setfield_gc(p0, i0, descr=valuedescr)
i8 = getfield_gc_i(p7, descr=valuedescr)
i4 = int_add(i0, 1)
i5 = int_lt(i4, 6)
guard_true(i5, descr=end) [i4, i8]
p6 = new_with_vtable(descr=nodesize)
setfield_gc(p6, 7, descr=valuedescr)
setfield_gc(p1, p6, descr=nextdescr)
p10 = same_as_r(p6)
label(i4, p1, p6, p10, descr=loop-peeled)
setfield_gc(p6, i4, descr=valuedescr)
i12 = getfield_gc_i(p10, descr=valuedescr)
i13 = int_add(i4, 1)
i14 = int_lt(i13, 6)
guard_true(i14, descr=end) [i13, i12]
p15 = new_with_vtable(descr=nodesize)
setfield_gc(p15, 7, descr=valuedescr)
setfield_gc(p1, p15, descr=nextdescr)
jump(i13, p1, p15, p15, descr=loop-peeled)
`,
      U,
    );
  });

  it("what the loop does not use is not carried, and its copy goes", () => {
    optimize(
      `
[i0, p1]
label(i0, p1, descr=loop)
setfield_gc(p1, i0, descr=valuedescr)
i2 = getfield_gc_i(p1, descr=valuedescr)
i3 = getarrayitem_gc_i(p1, 1, descr=arraydescr)
i4 = int_add(i0, 1)
i5 = int_lt(i4, 6)
guard_true(i5, descr=end) [i4]
setarrayitem_gc(p1, 1, 7, descr=arraydescr)
jump(i4, p1, descr=loop)
`,
      `
[i0, p1]
label(i0, p1, descr=loop)
i3 = getarrayitem_gc_i(p1, 1, descr=arraydescr)
i4 = int_add(i0, 1)
i5 = int_lt(i4, 6)
setfield_gc(p1, i0, descr=valuedescr)
guard_true(i5, descr=end) [i4]
setarrayitem_gc(p1, 1, 7, descr=arraydescr)
label(i4, p1, descr=loop-peeled)
i10 = int_add(i4, 1)
i11 = int_lt(i10, 6)
setfield_gc(p1, i4, descr=valuedescr)
guard_true(i11, descr=end) [i10]
setarrayitem_gc(p1, 1, 7, descr=arraydescr)
jump(i10, p1, descr=loop-peeled)
`,
      U,
    );
  });
});

describe("unroll: label arguments found invariant", () => {
  const loop = `
[i0, i9]
label(i0, i9, descr=loop)
i1 = int_add(i0, 1)
i2 = int_sub(i1, 1)
i3 = int_lt(i0, 100)
guard_true(i3, descr=small) [i0]
i4 = int_add(i9, 1)
i5 = int_lt(i4, 50)
guard_true(i5, descr=end) [i4, i0]
jump(i2, i4, descr=loop)
`;

  it("a value the preamble finds equal to the label's (i + 1 - 1) is invariant: its guard is checked once", () => {
    optimize(
      loop,
      `
[i0, i9]
label(i0, i9, descr=loop)
i1 = int_add(i0, 1)
i3 = int_lt(i0, 100)
guard_true(i3, descr=small) [i0]
i4 = int_add(i9, 1)
i5 = int_lt(i4, 50)
guard_true(i5, descr=end) [i4, i0]
label(i0, i4, descr=loop-peeled)
i6 = int_add(i4, 1)
i7 = int_lt(i6, 50)
guard_true(i7, descr=end) [i6, i0]
jump(i0, i6, descr=loop-peeled)
`,
      U,
    );
  });

  it("unrolled without `proved`, only what the jump passes back as recorded is invariant (the retry when the loop does not find it again)", () => {
    const text = traceText(unrollLoop(buildOptimizer(ALL), parse(loop), false)!);
    // i0 is variant in the loop: its guard is checked in every iteration
    expect(text.match(/descr=small/g)?.length).toBe(2);
    expect(traceText(unrollLoop(buildOptimizer(ALL), parse(loop), true)!).match(/descr=small/g)?.length).toBe(1);
  });
});
