// Every pass but unroll together, on traces in the spirit of RPython's test_optimizebasic.py:
// what one pass proves lets another remove more.

import { describe, expect, it } from "vitest";
import { optimize } from "./harness.ts";

describe("the passes together", () => {
  it("a guard_class after new_with_vtable of that class is gone (test_remove_guard_class_after_new)", () => {
    optimize(
      "[i0]\np1 = new_with_vtable(descr=nodesize)\nguard_class(p1, ConstClass(node_vtable)) [i0]\nsetfield_gc(p1, i0, descr=valuedescr)\nfinish(p1)",
      "[i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p1, i0, descr=valuedescr)\nfinish(p1)",
    );
  });

  it("a node read, changed and written back (test_p123_simple shape)", () => {
    optimize(
      `
[i1, p2, p3]
i3 = getfield_gc_i(p3, descr=valuedescr)
i4 = int_add(i3, i1)
setfield_gc(p3, i4, descr=valuedescr)
i5 = getfield_gc_i(p3, descr=valuedescr)
i6 = int_lt(i5, 100)
guard_true(i6, descr=g) [i5]
finish(i5)
`,
      `
[i1, p2, p3]
i3 = getfield_gc_i(p3, descr=valuedescr)
i4 = int_add(i3, i1)
i6 = int_lt(i4, 100)
setfield_gc(p3, i4, descr=valuedescr)
guard_true(i6, descr=g) [i4]
finish(i4)
`,
    );
  });

  it("a null check after reading a field twice (test_ooisnull_oononnull shape)", () => {
    optimize(
      `
[p0]
p1 = getfield_gc_r(p0, descr=nextdescr)
guard_nonnull(p1, descr=nn) []
p2 = getfield_gc_r(p0, descr=nextdescr)
guard_nonnull(p2, descr=nn2) []
i3 = ptr_eq(p2, NULL)
guard_false(i3, descr=nn3) []
finish(p2)
`,
      `
[p0]
p1 = getfield_gc_r(p0, descr=nextdescr)
guard_nonnull(p1, descr=nn) []
finish(p1)
`,
    );
  });

  it("a boxed integer added twice is unboxed", () => {
    optimize(
      `
[i0, i1]
p2 = new_with_vtable(descr=nodesize)
setfield_gc(p2, i0, descr=valuedescr)
p3 = new_with_vtable(descr=nodesize)
setfield_gc(p3, i1, descr=valuedescr)
i4 = getfield_gc_i(p2, descr=valuedescr)
i5 = getfield_gc_i(p3, descr=valuedescr)
i6 = int_add_ovf(i4, i5)
guard_no_overflow(descr=ovf) [p2, p3]
p7 = new_with_vtable(descr=nodesize)
setfield_gc(p7, i6, descr=valuedescr)
guard_class(p7, ConstClass(node_vtable), descr=cls) [p7]
i8 = getfield_gc_i(p7, descr=valuedescr)
finish(i8)
`,
      `
[i0, i1]
i6 = int_add_ovf(i0, i1)
guard_no_overflow(descr=ovf) [NULL, NULL, i0, i1]
finish(i6)
`,
    );
  });

  it("a comparison made constant by bounds removes its guard, and its fail arguments go with it", () => {
    optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=ubytedescr)\ni2 = int_lt(i1, 300)\nguard_true(i2, descr=g) [p0]\ni3 = int_add_ovf(i1, 1)\nguard_no_overflow(descr=o) []\nfinish(i3)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=ubytedescr)\ni3 = int_add(i1, 1)\nfinish(i3)",
    );
  });

  it("an array used as a temporary pair is removed", () => {
    optimize(
      `
[i0, i1]
p2 = new_array(2, descr=arraydescr)
setarrayitem_gc(p2, 0, i0, descr=arraydescr)
setarrayitem_gc(p2, 1, i1, descr=arraydescr)
i3 = arraylen_gc(p2, descr=arraydescr)
i4 = getarrayitem_gc_i(p2, 0, descr=arraydescr)
i5 = getarrayitem_gc_i(p2, 1, descr=arraydescr)
i6 = int_sub(i4, i5)
i7 = int_add(i6, i3)
finish(i7)
`,
      "[i0, i1]\ni6 = int_sub(i0, i1)\ni7 = int_add(i6, 2)\nfinish(i7)",
    );
  });

  it("the same call_pure on the same constants after a guard_value is shared", () => {
    optimize(
      `
[i0]
guard_value(i0, 4, descr=v) []
i1 = call_pure_i(ConstClass(func_elidable), i0, 1, descr=elidableintcalldescr)
guard_no_exception(descr=e) []
i2 = call_pure_i(ConstClass(func_elidable), 4, 1, descr=elidableintcalldescr)
guard_no_exception(descr=e2) []
i3 = int_add(i1, i2)
finish(i3)
`,
      `
[i0]
guard_value(i0, 4, descr=v) []
i1 = call_i(ConstClass(func_elidable), 4, 1, descr=elidableintcalldescr)
guard_no_exception(descr=e) []
i3 = int_add(i1, i1)
finish(i3)
`,
    );
  });

  it("a field known from a store feeds constant folding", () => {
    optimize(
      "[p0]\nsetfield_gc(p0, 5, descr=valuedescr)\ni1 = getfield_gc_i(p0, descr=valuedescr)\ni2 = int_mul(i1, 3)\ni3 = int_lt(i2, 10)\nguard_false(i3, descr=g) []\nfinish(i2)",
      "[p0]\nsetfield_gc(p0, 5, descr=valuedescr)\nfinish(15)",
    );
  });

  it("a virtual stored into a virtual, read back through both", () => {
    optimize(
      `
[i0]
p1 = new_with_vtable(descr=nodesize)
p2 = new_with_vtable(descr=node2size)
setfield_gc(p2, i0, descr=valuedescr)
setfield_gc(p1, p2, descr=nextdescr)
p3 = getfield_gc_r(p1, descr=nextdescr)
guard_class(p3, ConstClass(node_vtable2), descr=c) []
i4 = getfield_gc_i(p3, descr=valuedescr)
finish(i4)
`,
      "[i0]\nfinish(i0)",
    );
  });

  it("a guard on a virtual's class that does not match stays (it always fails), the virtual forced", () => {
    const r = optimize(
      "[i0]\np1 = new_with_vtable(descr=nodesize)\nguard_class(p1, ConstClass(node_vtable2), descr=c) [i0]\nfinish(i0)",
      "[i0]\np1 = new_with_vtable(descr=nodesize)\nguard_class(p1, ConstClass(node_vtable2), descr=c) [i0]\nfinish(i0)",
    );
    expect(r.stats.count("guard_always_fails")).toBe(1);
  });

  it("an integer field and a float field of a virtual in fail arguments", () => {
    optimize(
      `
[i0, f1]
p2 = new_with_vtable(descr=nodesize)
setfield_gc(p2, i0, descr=valuedescr)
setfield_gc(p2, f1, descr=floatdescr)
i3 = int_gt(i0, 4)
guard_false(i3, descr=g) [p2, f1]
f4 = getfield_gc_f(p2, descr=floatdescr)
f5 = float_add(f4, f1)
finish(f5)
`,
      `
[i0, f1]
i3 = int_gt(i0, 4)
guard_false(i3, descr=g) [NULL, f1, i0]
f5 = float_add(f1, f1)
finish(f5)
`,
    );
  });

  it("a raising call keeps its exception guard; a call made twice is made twice", () => {
    optimize(
      `
[i0]
i1 = call_i(ConstClass(func_raise), i0, descr=raisingcalldescr)
guard_no_exception(descr=e) [i0]
i2 = call_i(ConstClass(func_raise), i0, descr=raisingcalldescr)
guard_no_exception(descr=e2) [i0]
i3 = int_add(i1, i2)
finish(i3)
`,
      `
[i0]
i1 = call_i(ConstClass(func_raise), i0, descr=raisingcalldescr)
guard_no_exception(descr=e) [i0]
i2 = call_i(ConstClass(func_raise), i0, descr=raisingcalldescr)
guard_no_exception(descr=e2) [i0]
i3 = int_add(i1, i2)
finish(i3)
`,
    );
  });

  it("guard_exception keeps its result", () => {
    optimize(
      `
[i0]
call_n(ConstClass(func_raise), i0, descr=raisingvoiddescr)
p1 = guard_exception(ConstClass(node_vtable2), descr=e) [i0]
i2 = ptr_eq(p1, p1)
finish(p1, i2)
`,
      `
[i0]
call_n(ConstClass(func_raise), i0, descr=raisingvoiddescr)
p1 = guard_exception(ConstClass(node_vtable2), descr=e) [i0]
finish(p1, 1)
`,
    );
  });

  it("debug_merge_point stays where it is", () => {
    optimize(
      "[i0]\ndebug_merge_point(0, 0, 'at 1')\ni1 = int_add(i0, 0)\ndebug_merge_point(0, 0, 'at 2')\nfinish(i1)",
      "[i0]\ndebug_merge_point(0, 0, 'at 1')\ndebug_merge_point(0, 0, 'at 2')\nfinish(i0)",
    );
  });

  it("raw memory is left alone", () => {
    optimize(
      "[i0, i1]\nsetarrayitem_raw(i0, 1, i1, descr=int32raw)\ni2 = getarrayitem_raw_i(i0, 1, descr=int32raw)\nraw_store(i0, 8, i2, descr=int32raw)\ni3 = raw_load_i(i0, 8, descr=int32raw)\nfinish(i3)",
      "[i0, i1]\nsetarrayitem_raw(i0, 1, i1, descr=int32raw)\ni2 = getarrayitem_raw_i(i0, 1, descr=int32raw)\nraw_store(i0, 8, i2, descr=int32raw)\ni3 = raw_load_i(i0, 8, descr=int32raw)\nfinish(i3)",
      { runs: 0 },
    );
  });
});
