// The virtualize pass (src/runtime/jit/optimizeopt/virtualize.ts): allocation removal, forcing on
// escape, and virtuals in guards' fail arguments, materialised by the harness when the guard fails.

import { describe, expect, it } from "vitest";
import { guardVirtualsText } from "../../../src/runtime/jit/optimizeopt/guard-virtuals.ts";
import { optimize } from "./harness.ts";

const V = { opts: "rewrite:virtualize" };

/** The text of the virtuals of the optimized trace's guard number `k`. */
function virtualsOfGuard(result: ReturnType<typeof optimize>, k: number): string {
  const guards = result.trace.operations.filter((op) => op.isGuard());
  return guardVirtualsText(guards[k]!);
}

describe("virtualize: objects that do not escape", () => {
  it("a new object written and read is gone", () => {
    const r = optimize(
      "[i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p1, i0, descr=valuedescr)\ni2 = getfield_gc_i(p1, descr=valuedescr)\nfinish(i2)",
      "[i0]\nfinish(i0)",
      V,
    );
    expect(r.stats.count("virtual_struct")).toBe(1);
    expect(r.stats.count("force_virtual")).toBe(0);
  });

  it("a field never written reads as zero", () => {
    optimize("[i0]\np1 = new(descr=plainsize)\ni2 = getfield_gc_i(p1, descr=valuedescr)\np3 = getfield_gc_r(p1, descr=nextdescr)\nf4 = getfield_gc_f(p1, descr=floatdescr)\nfinish(i2, p3, f4)", "[i0]\nfinish(0, NULL, 0.0)", V);
  });

  it("guard_class and guard_nonnull on a virtual are known", () => {
    optimize(
      "[i0]\np1 = new_with_vtable(descr=nodesize)\nguard_nonnull(p1) []\nguard_class(p1, ConstClass(node_vtable)) []\nguard_nonnull_class(p1, ConstClass(node_vtable)) []\nfinish(i0)",
      "[i0]\nfinish(i0)",
      V,
    );
  });

  it("a virtual is not equal to any other object", () => {
    const r = optimize("[p0]\np1 = new_with_vtable(descr=nodesize)\ni2 = ptr_eq(p1, p0)\ni3 = ptr_ne(p0, p1)\ni4 = ptr_eq(p1, p1)\nfinish(i2, i3, i4)", "[p0]\nfinish(0, 1, 1)", V);
    expect(r.stats.count("ptr_eq_virtual")).toBe(2);
  });

  it("a chain of virtuals is gone", () => {
    optimize(
      `
[i0]
p1 = new_with_vtable(descr=nodesize)
p2 = new_with_vtable(descr=nodesize)
setfield_gc(p1, p2, descr=nextdescr)
setfield_gc(p2, i0, descr=valuedescr)
p3 = getfield_gc_r(p1, descr=nextdescr)
i4 = getfield_gc_i(p3, descr=valuedescr)
i5 = int_add(i4, 1)
finish(i5)
`,
      "[i0]\ni5 = int_add(i0, 1)\nfinish(i5)",
      V,
    );
  });

  it("a field written twice holds the second value", () => {
    optimize(
      "[i0, i1]\np1 = new(descr=plainsize)\nsetfield_gc(p1, i0, descr=valuedescr)\nsetfield_gc(p1, i1, descr=valuedescr)\ni2 = getfield_gc_i(p1, descr=valuedescr)\nfinish(i2)",
      "[i0, i1]\nfinish(i1)",
      V,
    );
  });

  it("a virtual array of constant length written and read is gone", () => {
    const r = optimize(
      "[i0]\np1 = new_array(3, descr=arraydescr)\nsetarrayitem_gc(p1, 1, i0, descr=arraydescr)\ni2 = getarrayitem_gc_i(p1, 1, descr=arraydescr)\ni3 = getarrayitem_gc_i(p1, 0, descr=arraydescr)\ni4 = arraylen_gc(p1, descr=arraydescr)\nfinish(i2, i3, i4)",
      "[i0]\nfinish(i0, 0, 3)",
      V,
    );
    expect(r.stats.count("virtual_array")).toBe(1);
  });

  it("a virtual array of references and floats", () => {
    optimize(
      "[p0, f0]\np1 = new_array_clear(2, descr=gcarraydescr)\nsetarrayitem_gc(p1, 0, p0, descr=gcarraydescr)\np2 = getarrayitem_gc_r(p1, 0, descr=gcarraydescr)\np3 = getarrayitem_gc_r(p1, 1, descr=gcarraydescr)\np4 = new_array(1, descr=floatarraydescr)\nsetarrayitem_gc(p4, 0, f0, descr=floatarraydescr)\nf5 = getarrayitem_gc_f(p4, 0, descr=floatarraydescr)\nfinish(p2, p3, f5)",
      "[p0, f0]\nfinish(p0, NULL, f0)",
      V,
    );
  });
});

describe("virtualize: escapes force the object", () => {
  it("an object returned by finish is allocated with the fields written", () => {
    const r = optimize(
      "[i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p1, i0, descr=valuedescr)\nfinish(p1)",
      "[i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p1, i0, descr=valuedescr)\nfinish(p1)",
      V,
    );
    expect(r.stats.count("force_virtual")).toBe(1);
  });

  it("an object stored into an object that is not virtual escapes, its fields with it", () => {
    optimize(
      "[p0, i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p1, i0, descr=valuedescr)\nsetfield_gc(p0, p1, descr=nextdescr)\nfinish(i0)",
      "[p0, i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p1, i0, descr=valuedescr)\nsetfield_gc(p0, p1, descr=nextdescr)\nfinish(i0)",
      V,
    );
  });

  it("after escaping, the object is no longer virtual: later stores are emitted", () => {
    optimize(
      "[p0, i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p0, p1, descr=nextdescr)\nsetfield_gc(p1, i0, descr=valuedescr)\ni2 = getfield_gc_i(p1, descr=valuedescr)\nfinish(i2)",
      "[p0, i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p0, p1, descr=nextdescr)\nsetfield_gc(p1, i0, descr=valuedescr)\ni2 = getfield_gc_i(p1, descr=valuedescr)\nfinish(i2)",
      V,
    );
  });

  it("an object passed to a call escapes", () => {
    optimize(
      "[i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p1, i0, descr=valuedescr)\ncall_n(ConstClass(func_void), p1, descr=voidcalldescr)\nfinish(i0)",
      "[i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p1, i0, descr=valuedescr)\ncall_n(ConstClass(func_void), p1, descr=voidcalldescr)\nfinish(i0)",
      V,
    );
  });

  it("forcing an object forces the virtuals it points to first", () => {
    optimize(
      "[i0]\np1 = new_with_vtable(descr=nodesize)\np2 = new_with_vtable(descr=nodesize)\nsetfield_gc(p2, i0, descr=valuedescr)\nsetfield_gc(p1, p2, descr=nextdescr)\nfinish(p1)",
      "[i0]\np1 = new_with_vtable(descr=nodesize)\np2 = new_with_vtable(descr=nodesize)\nsetfield_gc(p2, i0, descr=valuedescr)\nsetfield_gc(p1, p2, descr=nextdescr)\nfinish(p1)",
      V,
    );
  });

  it("a cycle of virtuals is forced once each", () => {
    optimize(
      "[i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p1, p1, descr=nextdescr)\nfinish(p1)",
      "[i0]\np1 = new_with_vtable(descr=nodesize)\nsetfield_gc(p1, p1, descr=nextdescr)\nfinish(p1)",
      V,
    );
  });

  it("a virtual array indexed by a variable escapes", () => {
    optimize(
      "[i0]\np1 = new_array(4, descr=arraydescr)\nsetarrayitem_gc(p1, 0, 7, descr=arraydescr)\ni5 = int_and(i0, 3)\ni2 = getarrayitem_gc_i(p1, i5, descr=arraydescr)\nfinish(i2)",
      "[i0]\ni5 = int_and(i0, 3)\np1 = new_array(4, descr=arraydescr)\nsetarrayitem_gc(p1, 0, 7, descr=arraydescr)\ni2 = getarrayitem_gc_i(p1, i5, descr=arraydescr)\nfinish(i2)",
      V,
    );
  });

  it("an array of variable length is not virtual", () => {
    optimize(
      "[i0]\ni5 = int_and(i0, 3)\np1 = new_array(i5, descr=arraydescr)\ni2 = arraylen_gc(p1, descr=arraydescr)\nfinish(i2)",
      "[i0]\ni5 = int_and(i0, 3)\np1 = new_array(i5, descr=arraydescr)\ni2 = arraylen_gc(p1, descr=arraydescr)\nfinish(i2)",
      V,
    );
  });

  it("a virtual compared by cast_ptr_to_int escapes", () => {
    optimize(
      "[i0]\np1 = new(descr=plainsize)\ni2 = cast_ptr_to_int(p1)\ni3 = int_is_true(i2)\nfinish(i3)",
      "[i0]\np1 = new(descr=plainsize)\ni2 = cast_ptr_to_int(p1)\ni3 = int_is_true(i2)\nfinish(i3)",
      V,
    );
  });
});

describe("virtualize: virtuals in guards' fail arguments", () => {
  it("a virtual in fail arguments stays virtual: the guard describes it", () => {
    const r = optimize(
      "[i0, i1]\np2 = new_with_vtable(descr=nodesize)\nsetfield_gc(p2, i1, descr=valuedescr)\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [i0, p2]\nfinish(i0)",
      "[i0, i1]\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [i0, NULL, i1]\nfinish(i0)",
      V,
    );
    expect(virtualsOfGuard(r, 0)).toBe("virtual 0 = new_with_vtable(descr=nodesize) valuedescr=#2\nat #1=virtual 0");
    expect(r.stats.count("virtual_in_fail_args")).toBe(1);
  });

  it("a field value already among the fail arguments is not repeated", () => {
    const r = optimize(
      "[i0]\np2 = new_with_vtable(descr=nodesize)\nsetfield_gc(p2, i0, descr=valuedescr)\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [i0, p2]\nfinish(i0)",
      "[i0]\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [i0, NULL]\nfinish(i0)",
      V,
    );
    expect(virtualsOfGuard(r, 0)).toBe("virtual 0 = new_with_vtable(descr=nodesize) valuedescr=#0\nat #1=virtual 0");
  });

  it("nested virtuals in fail arguments", () => {
    const r = optimize(
      `
[i0, i1]
p2 = new_with_vtable(descr=nodesize)
p3 = new_with_vtable(descr=nodesize2)
setfield_gc(p3, i1, descr=valuedescr)
setfield_gc(p2, p3, descr=nextdescr)
setfield_gc(p2, 5, descr=valuedescr)
i4 = int_gt(i0, 2)
guard_false(i4, descr=g) [p2]
finish(i0)
`.replace("nodesize2", "node2size"),
      "[i0, i1]\ni4 = int_gt(i0, 2)\nguard_false(i4, descr=g) [NULL, 5, i1]\nfinish(i0)",
      V,
    );
    expect(virtualsOfGuard(r, 0)).toBe(
      "virtual 0 = new_with_vtable(descr=nodesize) nextdescr=virtual 1 valuedescr=#1\nvirtual 1 = new_with_vtable(descr=node2size) valuedescr=#2\nat #0=virtual 0",
    );
  });

  it("one virtual twice in fail arguments is one object", () => {
    const r = optimize(
      "[i0]\np2 = new(descr=plainsize)\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [p2, i0, p2]\nfinish(i0)",
      "[i0]\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [NULL, i0, NULL]\nfinish(i0)",
      V,
    );
    expect(virtualsOfGuard(r, 0)).toBe("virtual 0 = new(descr=plainsize)\nat #0=virtual 0 #2=virtual 0");
  });

  it("a virtual array in fail arguments", () => {
    const r = optimize(
      "[i0, i1]\np2 = new_array(3, descr=arraydescr)\nsetarrayitem_gc(p2, 2, i1, descr=arraydescr)\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [p2]\nfinish(i0)",
      "[i0, i1]\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [NULL, i1]\nfinish(i0)",
      V,
    );
    expect(virtualsOfGuard(r, 0)).toBe("virtual 0 = new_array(3, descr=arraydescr) [2]=#1\nat #0=virtual 0");
  });

  it("a virtual self-cycle in fail arguments", () => {
    const r = optimize(
      "[i0]\np2 = new_with_vtable(descr=nodesize)\nsetfield_gc(p2, p2, descr=nextdescr)\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [p2]\nfinish(i0)",
      "[i0]\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [NULL]\nfinish(i0)",
      V,
    );
    expect(virtualsOfGuard(r, 0)).toBe("virtual 0 = new_with_vtable(descr=nodesize) nextdescr=virtual 0\nat #0=virtual 0");
  });

  it("a virtual with a constant field in fail arguments", () => {
    optimize(
      "[i0]\np2 = new_with_vtable(descr=nodesize)\nsetfield_gc(p2, 42, descr=valuedescr)\nsetfield_gc(p2, 1.5, descr=floatdescr)\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [p2, i0]\nfinish(i0)",
      "[i0]\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [NULL, i0, 42, 1.5]\nfinish(i0)",
      V,
    );
  });

  it("a virtual in fail arguments of several guards, changed in between", () => {
    optimize(
      `
[i0, i1]
p2 = new_with_vtable(descr=nodesize)
setfield_gc(p2, i1, descr=valuedescr)
i3 = int_lt(i0, 5)
guard_true(i3, descr=g1) [p2]
setfield_gc(p2, i0, descr=valuedescr)
i4 = int_lt(i0, 2)
guard_true(i4, descr=g2) [p2]
finish(p2)
`,
      `
[i0, i1]
i3 = int_lt(i0, 5)
guard_true(i3, descr=g1) [NULL, i1]
i4 = int_lt(i0, 2)
guard_true(i4, descr=g2) [NULL, i0]
p2 = new_with_vtable(descr=nodesize)
setfield_gc(p2, i0, descr=valuedescr)
finish(p2)
`,
      V,
    );
  });

  it("an escaped object in fail arguments is a plain value", () => {
    optimize(
      "[i0]\np2 = new_with_vtable(descr=nodesize)\ncall_n(ConstClass(func_void), p2, descr=voidcalldescr)\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [p2]\nfinish(i0)",
      "[i0]\np2 = new_with_vtable(descr=nodesize)\ncall_n(ConstClass(func_void), p2, descr=voidcalldescr)\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [p2]\nfinish(i0)",
      V,
    );
  });

  it("a virtual pointing at an old object in fail arguments", () => {
    optimize(
      "[p0, i0]\np2 = new_with_vtable(descr=nodesize)\nsetfield_gc(p2, p0, descr=nextdescr)\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [p2]\nfinish(i0)",
      "[p0, i0]\ni3 = int_lt(i0, 3)\nguard_true(i3, descr=g) [NULL, p0]\nfinish(i0)",
      V,
    );
  });
});

describe("virtualize with the heap pass", () => {
  it("a virtual stored lazily into an object is forced only when the store is emitted", () => {
    optimize(
      `
[p0, i0]
p1 = new_with_vtable(descr=nodesize)
setfield_gc(p0, p1, descr=nextdescr)
setfield_gc(p1, i0, descr=valuedescr)
p2 = getfield_gc_r(p0, descr=nextdescr)
i3 = getfield_gc_i(p2, descr=valuedescr)
finish(i3)
`,
      `
[p0, i0]
p1 = new_with_vtable(descr=nodesize)
setfield_gc(p1, i0, descr=valuedescr)
setfield_gc(p0, p1, descr=nextdescr)
finish(i0)
`,
      { opts: "rewrite:virtualize:heap" },
    );
  });
});

describe("virtualize: calls that may force", () => {
  it("a virtual in the fail arguments of guard_not_forced is described", () => {
    optimize(
      "[i0, p1]\np2 = new_with_vtable(descr=nodesize)\nsetfield_gc(p2, i0, descr=valuedescr)\ncall_may_force_n(ConstClass(func_void), p1, descr=voidcalldescr)\nguard_not_forced(descr=f) [p2]\nfinish(i0)",
      "[i0, p1]\ncall_may_force_n(ConstClass(func_void), p1, descr=voidcalldescr)\nguard_not_forced(descr=f) [NULL, i0]\nfinish(i0)",
      V,
    );
  });

  it("a virtual passed to call_may_force is forced before the call", () => {
    optimize(
      "[i0]\np2 = new_with_vtable(descr=nodesize)\nsetfield_gc(p2, i0, descr=valuedescr)\ncall_may_force_n(ConstClass(func_void), p2, descr=voidcalldescr)\nguard_not_forced(descr=f) [p2]\nfinish(i0)",
      "[i0]\np2 = new_with_vtable(descr=nodesize)\nsetfield_gc(p2, i0, descr=valuedescr)\ncall_may_force_n(ConstClass(func_void), p2, descr=voidcalldescr)\nguard_not_forced(descr=f) [p2]\nfinish(i0)",
      V,
    );
  });
});

