// The heap pass (src/runtime/jit/optimizeopt/heap.ts): field and array caching, lazy stores,
// what calls and guards make it forget or emit.

import { describe, expect, it } from "vitest";
import { optimize } from "./harness.ts";

const H = { opts: "rewrite:heap" };

describe("heap: reading fields", () => {
  it("a field read twice is read once", () => {
    const r = optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ni2 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i1, i2)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i1, i1)",
      H,
    );
    expect(r.stats.count("heap_getfield_cached")).toBe(1);
  });

  it("fields of two objects are two reads", () => {
    optimize(
      "[p0, p1]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ni2 = getfield_gc_i(p1, descr=valuedescr)\nfinish(i1, i2)",
      "[p0, p1]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ni2 = getfield_gc_i(p1, descr=valuedescr)\nfinish(i1, i2)",
      H,
    );
  });

  it("two fields of one object are two reads, each cached", () => {
    optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\np2 = getfield_gc_r(p0, descr=nextdescr)\ni3 = getfield_gc_i(p0, descr=valuedescr)\np4 = getfield_gc_r(p0, descr=nextdescr)\nfinish(i1, p2, i3, p4)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\np2 = getfield_gc_r(p0, descr=nextdescr)\nfinish(i1, p2, i1, p2)",
      H,
    );
  });

  it("a float field read twice is read once", () => {
    optimize("[p0]\nf1 = getfield_gc_f(p0, descr=floatdescr)\nf2 = getfield_gc_f(p0, descr=floatdescr)\nf3 = float_add(f1, f2)\nfinish(f3)", "[p0]\nf1 = getfield_gc_f(p0, descr=floatdescr)\nf3 = float_add(f1, f1)\nfinish(f3)", H);
  });

  it("a field stays known across guards", () => {
    optimize(
      "[p0, i5]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ni2 = int_lt(i1, i5)\nguard_true(i2) []\ni3 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i3)",
      "[p0, i5]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ni2 = int_lt(i1, i5)\nguard_true(i2) []\nfinish(i1)",
      H,
    );
  });

  it("a chain p.next.next read twice is read once", () => {
    optimize(
      "[p0]\np1 = getfield_gc_r(p0, descr=nextdescr)\np2 = getfield_gc_r(p1, descr=nextdescr)\np3 = getfield_gc_r(p0, descr=nextdescr)\np4 = getfield_gc_r(p3, descr=nextdescr)\nfinish(p2, p4)",
      "[p0]\np1 = getfield_gc_r(p0, descr=nextdescr)\np2 = getfield_gc_r(p1, descr=nextdescr)\nfinish(p2, p2)",
      H,
    );
  });

  it("raw fields are not cached", () => {
    optimize(
      "[i0]\ni1 = getfield_raw_i(i0, descr=valuedescr)\ni2 = getfield_raw_i(i0, descr=valuedescr)\nfinish(i1, i2)",
      "[i0]\ni1 = getfield_raw_i(i0, descr=valuedescr)\ni2 = getfield_raw_i(i0, descr=valuedescr)\nfinish(i1, i2)",
      { ...H, runs: 0 },
    );
  });
});

describe("heap: stores", () => {
  it("a field read after a store is the stored value", () => {
    optimize(
      "[p0, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\ni2 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i2)",
      "[p0, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\nfinish(i1)",
      H,
    );
  });

  it("a store to another object's field forgets the first object's field (they may be one)", () => {
    optimize(
      "[p0, p1, i2]\ni3 = getfield_gc_i(p0, descr=valuedescr)\nsetfield_gc(p1, i2, descr=valuedescr)\ni4 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i3, i4)",
      "[p0, p1, i2]\ni3 = getfield_gc_i(p0, descr=valuedescr)\nsetfield_gc(p1, i2, descr=valuedescr)\ni4 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i3, i4)",
      H,
    );
  });

  it("a store to another field keeps the first field known", () => {
    optimize(
      "[p0, p1, p2]\ni3 = getfield_gc_i(p0, descr=valuedescr)\nsetfield_gc(p1, p2, descr=nextdescr)\ni4 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i3, i4)",
      "[p0, p1, p2]\ni3 = getfield_gc_i(p0, descr=valuedescr)\nsetfield_gc(p1, p2, descr=nextdescr)\nfinish(i3, i3)",
      H,
    );
  });

  it("a store of the value the field holds is gone", () => {
    const r = optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\nsetfield_gc(p0, i1, descr=valuedescr)\nfinish(i1)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i1)",
      H,
    );
    expect(r.stats.count("heap_setfield_same_value")).toBe(1);
  });

  it("a store overwritten before anything reads it is gone", () => {
    const r = optimize(
      "[p0, i1, i2]\nsetfield_gc(p0, i1, descr=valuedescr)\nsetfield_gc(p0, i2, descr=valuedescr)\nfinish(i1)",
      "[p0, i1, i2]\nsetfield_gc(p0, i2, descr=valuedescr)\nfinish(i1)",
      H,
    );
    expect(r.stats.count("heap_setfield_overwritten")).toBe(1);
  });

  it("a store is delayed past reads of other fields", () => {
    optimize(
      "[p0, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\np2 = getfield_gc_r(p0, descr=nextdescr)\nsetfield_gc(p0, 5, descr=valuedescr)\nfinish(p2)",
      "[p0, i1]\np2 = getfield_gc_r(p0, descr=nextdescr)\nsetfield_gc(p0, 5, descr=valuedescr)\nfinish(p2)",
      H,
    );
  });

  it("a delayed store is emitted before a read of the same field of another object", () => {
    optimize(
      "[p0, p1, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\ni2 = getfield_gc_i(p1, descr=valuedescr)\nsetfield_gc(p0, 5, descr=valuedescr)\nfinish(i2)",
      "[p0, p1, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\ni2 = getfield_gc_i(p1, descr=valuedescr)\nsetfield_gc(p0, 5, descr=valuedescr)\nfinish(i2)",
      H,
    );
  });

  it("a delayed store is emitted before a guard", () => {
    optimize(
      "[p0, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\nguard_true(i1) []\nsetfield_gc(p0, 5, descr=valuedescr)\nfinish(i1)",
      "[p0, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\nguard_true(i1) []\nsetfield_gc(p0, 5, descr=valuedescr)\nfinish(i1)",
      H,
    );
  });

  it("a delayed store is emitted before an _ovf operation, not between it and its guard_no_overflow", () => {
    optimize(
      "[p0, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\ni2 = int_add_ovf(i1, 20)\nguard_no_overflow() []\nsetfield_gc(p0, i2, descr=valuedescr)\nfinish(i2)",
      "[p0, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\ni2 = int_add_ovf(i1, 20)\nguard_no_overflow() []\nsetfield_gc(p0, i2, descr=valuedescr)\nfinish(i2)",
      H,
    );
  });

  it("stores to two objects in turn are kept", () => {
    optimize(
      "[p0, p1, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\nsetfield_gc(p1, 3, descr=valuedescr)\nsetfield_gc(p0, 4, descr=valuedescr)\nfinish(i1)",
      "[p0, p1, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\nsetfield_gc(p1, 3, descr=valuedescr)\nsetfield_gc(p0, 4, descr=valuedescr)\nfinish(i1)",
      H,
    );
  });

  it("stores to one object's fields are emitted at the end in order of their fields' first store", () => {
    optimize(
      "[p0, p1, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\nsetfield_gc(p0, p1, descr=nextdescr)\nsetfield_gc(p0, 7, descr=valuedescr)\njump(p0, p1, i1, descr=somewhere)",
      "[p0, p1, i1]\nsetfield_gc(p0, 7, descr=valuedescr)\nsetfield_gc(p0, p1, descr=nextdescr)\njump(p0, p1, i1, descr=somewhere)",
      { ...H, runs: 0 },
    );
  });
});

describe("heap: calls", () => {
  it("a call that writes nothing keeps fields known and stores delayed", () => {
    optimize(
      "[p0, i1]\ni2 = getfield_gc_i(p0, descr=valuedescr)\ni3 = call_i(ConstClass(func_add), i1, i2, descr=plaincalldescr)\ni4 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i3, i4)",
      "[p0, i1]\ni2 = getfield_gc_i(p0, descr=valuedescr)\ni3 = call_i(ConstClass(func_add), i1, i2, descr=plaincalldescr)\nfinish(i3, i2)",
      H,
    );
  });

  it("a call that writes the field forgets it", () => {
    optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ncall_n(ConstClass(func_write_value), p0, descr=writevaluecalldescr)\ni2 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i1, i2)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ncall_n(ConstClass(func_write_value), p0, descr=writevaluecalldescr)\ni2 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i1, i2)",
      H,
    );
  });

  it("a call that writes one field keeps the others", () => {
    optimize(
      "[p0]\np1 = getfield_gc_r(p0, descr=nextdescr)\ncall_n(ConstClass(func_write_value), p0, descr=writevaluecalldescr)\np2 = getfield_gc_r(p0, descr=nextdescr)\nfinish(p1, p2)",
      "[p0]\np1 = getfield_gc_r(p0, descr=nextdescr)\ncall_n(ConstClass(func_write_value), p0, descr=writevaluecalldescr)\nfinish(p1, p1)",
      H,
    );
  });

  it("a delayed store is emitted before a call that reads the field", () => {
    optimize(
      "[p0, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\ni2 = call_i(ConstClass(func_read_value), p0, descr=readvaluecalldescr)\nsetfield_gc(p0, i2, descr=valuedescr)\nfinish(i2)",
      "[p0, i1]\nsetfield_gc(p0, i1, descr=valuedescr)\ni2 = call_i(ConstClass(func_read_value), p0, descr=readvaluecalldescr)\nsetfield_gc(p0, i2, descr=valuedescr)\nfinish(i2)",
      H,
    );
  });

  it("a call that reads the field keeps it known", () => {
    optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ni2 = call_i(ConstClass(func_read_value), p0, descr=readvaluecalldescr)\ni3 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i2, i3)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ni2 = call_i(ConstClass(func_read_value), p0, descr=readvaluecalldescr)\nfinish(i2, i1)",
      H,
    );
  });

  it("a call with random effects forgets everything and gets the delayed stores first", () => {
    optimize(
      "[p0, i1]\np2 = getfield_gc_r(p0, descr=nextdescr)\nsetfield_gc(p0, i1, descr=valuedescr)\ncall_n(ConstClass(func_random), p0, descr=randomcalldescr)\np3 = getfield_gc_r(p0, descr=nextdescr)\ni4 = getfield_gc_i(p0, descr=valuedescr)\nfinish(p2, p3, i4)",
      "[p0, i1]\np2 = getfield_gc_r(p0, descr=nextdescr)\nsetfield_gc(p0, i1, descr=valuedescr)\ncall_n(ConstClass(func_random), p0, descr=randomcalldescr)\np3 = getfield_gc_r(p0, descr=nextdescr)\ni4 = getfield_gc_i(p0, descr=valuedescr)\nfinish(p2, p3, i4)",
      H,
    );
  });

  it("an immutable field stays known across a call with random effects", () => {
    optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=immutdescr)\ncall_n(ConstClass(func_void), p0, descr=randomcalldescr)\ni2 = getfield_gc_i(p0, descr=immutdescr)\nfinish(i1, i2)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=immutdescr)\ncall_n(ConstClass(func_void), p0, descr=randomcalldescr)\nfinish(i1, i1)",
      { ...H, runs: 0 },
    );
  });

  it("call_may_force forgets everything", () => {
    optimize(
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ncall_may_force_n(ConstClass(func_void), p0, descr=voidcalldescr)\nguard_not_forced() []\ni2 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i1, i2)",
      "[p0]\ni1 = getfield_gc_i(p0, descr=valuedescr)\ncall_may_force_n(ConstClass(func_void), p0, descr=voidcalldescr)\nguard_not_forced() []\ni2 = getfield_gc_i(p0, descr=valuedescr)\nfinish(i1, i2)",
      H,
    );
  });
});

describe("heap: arrays", () => {
  it("an item at a constant index read twice is read once", () => {
    const r = optimize(
      "[p0]\ni1 = getarrayitem_gc_i(p0, 2, descr=arraydescr)\ni2 = getarrayitem_gc_i(p0, 2, descr=arraydescr)\nfinish(i1, i2)",
      "[p0]\ni1 = getarrayitem_gc_i(p0, 2, descr=arraydescr)\nfinish(i1, i1)",
      H,
    );
    expect(r.stats.count("heap_getarrayitem_cached")).toBe(1);
  });

  it("an item read after a store at the same constant index is the stored value", () => {
    optimize(
      "[p0, i1]\nsetarrayitem_gc(p0, 1, i1, descr=arraydescr)\ni2 = getarrayitem_gc_i(p0, 1, descr=arraydescr)\nfinish(i2)",
      "[p0, i1]\nsetarrayitem_gc(p0, 1, i1, descr=arraydescr)\nfinish(i1)",
      H,
    );
  });

  it("a store at another constant index keeps the item known", () => {
    optimize(
      "[p0, i1]\ni2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nsetarrayitem_gc(p0, 1, i1, descr=arraydescr)\ni3 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nfinish(i2, i3)",
      "[p0, i1]\ni2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nsetarrayitem_gc(p0, 1, i1, descr=arraydescr)\nfinish(i2, i2)",
      H,
    );
  });

  it("a store at a variable index forgets the items", () => {
    optimize(
      "[p0, i1]\ni2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\ni5 = int_and(i1, 7)\nsetarrayitem_gc(p0, i5, 9, descr=arraydescr)\ni3 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nfinish(i2, i3)",
      "[p0, i1]\ni2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\ni5 = int_and(i1, 7)\nsetarrayitem_gc(p0, i5, 9, descr=arraydescr)\ni3 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nfinish(i2, i3)",
      H,
    );
  });

  it("a store into another array at the same index forgets the item", () => {
    optimize(
      "[p0, p1]\ni2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nsetarrayitem_gc(p1, 0, 9, descr=arraydescr)\ni3 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nfinish(i2, i3)",
      "[p0, p1]\ni2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nsetarrayitem_gc(p1, 0, 9, descr=arraydescr)\ni3 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nfinish(i2, i3)",
      H,
    );
  });

  it("a store of the value the item holds is gone", () => {
    optimize(
      "[p0]\ni1 = getarrayitem_gc_i(p0, 3, descr=arraydescr)\nsetarrayitem_gc(p0, 3, i1, descr=arraydescr)\nfinish(i1)",
      "[p0]\ni1 = getarrayitem_gc_i(p0, 3, descr=arraydescr)\nfinish(i1)",
      H,
    );
  });

  it("an item at a variable index is read once", () => {
    optimize(
      "[p0, i1]\ni5 = int_and(i1, 7)\ni2 = getarrayitem_gc_i(p0, i5, descr=arraydescr)\ni3 = getarrayitem_gc_i(p0, i5, descr=arraydescr)\nfinish(i2, i3)",
      "[p0, i1]\ni5 = int_and(i1, 7)\ni2 = getarrayitem_gc_i(p0, i5, descr=arraydescr)\nfinish(i2, i2)",
      H,
    );
  });

  it("indexes that differ by a constant are different items: a store at i + 1 keeps the item at i + 2", () => {
    optimize(
      "[p0, i1, i9]\ni2 = int_add(i1, 2)\ni3 = getarrayitem_gc_i(p0, i2, descr=arraydescr)\ni4 = int_add(i1, 1)\nsetarrayitem_gc(p0, i4, i9, descr=arraydescr)\ni5 = int_add(i4, 1)\ni6 = getarrayitem_gc_i(p0, i5, descr=arraydescr)\ni7 = getarrayitem_gc_i(p0, i4, descr=arraydescr)\nfinish(i3, i6, i7)",
      "[p0, i1, i9]\ni2 = int_add(i1, 2)\ni3 = getarrayitem_gc_i(p0, i2, descr=arraydescr)\ni4 = int_add(i1, 1)\nsetarrayitem_gc(p0, i4, i9, descr=arraydescr)\ni5 = int_add(i1, 2)\nfinish(i3, i3, i9)",
      H,
    );
  });

  it("a store at an index that may be any forgets every item", () => {
    optimize(
      "[p0, i1, i8, i9]\ni3 = getarrayitem_gc_i(p0, i1, descr=arraydescr)\ni4 = getarrayitem_gc_i(p0, 2, descr=arraydescr)\nsetarrayitem_gc(p0, i8, i9, descr=arraydescr)\ni5 = getarrayitem_gc_i(p0, i1, descr=arraydescr)\ni6 = getarrayitem_gc_i(p0, 2, descr=arraydescr)\nfinish(i3, i4, i5, i6)",
      "[p0, i1, i8, i9]\ni3 = getarrayitem_gc_i(p0, i1, descr=arraydescr)\ni4 = getarrayitem_gc_i(p0, 2, descr=arraydescr)\nsetarrayitem_gc(p0, i8, i9, descr=arraydescr)\ni5 = getarrayitem_gc_i(p0, i1, descr=arraydescr)\ni6 = getarrayitem_gc_i(p0, 2, descr=arraydescr)\nfinish(i3, i4, i5, i6)",
      H,
    );
  });

  it("an array's length is read once", () => {
    const r = optimize(
      "[p0]\ni1 = arraylen_gc(p0, descr=arraydescr)\ni2 = arraylen_gc(p0, descr=arraydescr)\nfinish(i1, i2)",
      "[p0]\ni1 = arraylen_gc(p0, descr=arraydescr)\nfinish(i1, i1)",
      H,
    );
    expect(r.stats.count("heap_arraylen_cached")).toBe(1);
  });

  it("the length of an array allocated in the trace is its size", () => {
    optimize(
      "[i0]\ni5 = int_and(i0, 7)\np1 = new_array(i5, descr=arraydescr)\ni2 = arraylen_gc(p1, descr=arraydescr)\nfinish(i2)",
      "[i0]\ni5 = int_and(i0, 7)\np1 = new_array(i5, descr=arraydescr)\nfinish(i5)",
      H,
    );
  });

  it("a call that writes the array forgets its items", () => {
    optimize(
      "[p0]\ni1 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\ncall_n(ConstClass(func_void), p0, descr=writearraycalldescr)\ni2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nfinish(i1, i2)",
      "[p0]\ni1 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\ncall_n(ConstClass(func_void), p0, descr=writearraycalldescr)\ni2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nfinish(i1, i2)",
      H,
    );
  });

  it("items of two array types do not alias", () => {
    optimize(
      "[p0, p1]\ni2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nsetarrayitem_gc(p1, 0, 3, descr=bytearraydescr)\ni3 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nfinish(i2, i3)",
      "[p0, p1]\ni2 = getarrayitem_gc_i(p0, 0, descr=arraydescr)\nsetarrayitem_gc(p1, 0, 3, descr=bytearraydescr)\nfinish(i2, i2)",
      H,
    );
  });
});

describe("heap: narrow integer fields and items", () => {
  const B = { opts: "intbounds:rewrite:heap" };

  it("a store to a narrow field of a value known to fit is read back as that value", () => {
    const r = optimize(
      "[p0, i1]\ni2 = int_and(i1, 255)\nsetfield_gc(p0, i2, descr=ubytedescr)\ni3 = getfield_gc_i(p0, descr=ubytedescr)\nfinish(i3)",
      "[p0, i1]\ni2 = int_and(i1, 255)\nsetfield_gc(p0, i2, descr=ubytedescr)\nfinish(i2)",
      B,
    );
    expect(r.stats.count("heap_getfield_cached")).toBe(1);
  });

  it("a store to a narrow field of a value that may not fit is not forwarded (the read gives its low bytes)", () => {
    optimize(
      "[p0, i1]\nsetfield_gc(p0, i1, descr=ubytedescr)\ni3 = getfield_gc_i(p0, descr=ubytedescr)\nfinish(i3)",
      "[p0, i1]\nsetfield_gc(p0, i1, descr=ubytedescr)\ni3 = getfield_gc_i(p0, descr=ubytedescr)\nfinish(i3)",
      B,
    );
  });

  it("an unsigned 16-bit value does not fit a signed 16-bit field; an unsigned byte does", () => {
    optimize(
      "[p0, i1]\ni2 = int_and(i1, 65535)\nsetfield_gc(p0, i2, descr=shortdescr)\ni3 = getfield_gc_i(p0, descr=shortdescr)\ni4 = int_and(i1, 255)\nsetfield_gc(p0, i4, descr=shortdescr)\ni5 = getfield_gc_i(p0, descr=shortdescr)\nfinish(i3, i5)",
      "[p0, i1]\ni2 = int_and(i1, 65535)\nsetfield_gc(p0, i2, descr=shortdescr)\ni3 = getfield_gc_i(p0, descr=shortdescr)\ni4 = int_and(i1, 255)\nsetfield_gc(p0, i4, descr=shortdescr)\nfinish(i3, i4)",
      B,
    );
  });

  it("a value read from a narrow field of the same type fits, even without bounds (intbounds off)", () => {
    optimize(
      "[p0, p1]\ni2 = getfield_gc_i(p0, descr=shortdescr)\nsetfield_gc(p1, i2, descr=shortdescr)\ni3 = getfield_gc_i(p1, descr=shortdescr)\nfinish(i3)",
      "[p0, p1]\ni2 = getfield_gc_i(p0, descr=shortdescr)\nsetfield_gc(p1, i2, descr=shortdescr)\nfinish(i2)",
      H,
    );
  });

  it("a byte item: a constant that fits and a masked value are forwarded, a constant that does not fit is not", () => {
    optimize(
      `
[p0, i1]
setarrayitem_gc(p0, 1, 200, descr=bytearraydescr)
i2 = getarrayitem_gc_i(p0, 1, descr=bytearraydescr)
setarrayitem_gc(p0, 2, 300, descr=bytearraydescr)
i3 = getarrayitem_gc_i(p0, 2, descr=bytearraydescr)
i4 = int_sub(i1, 1)
i5 = int_and(i4, 255)
setarrayitem_gc(p0, i1, i5, descr=bytearraydescr)
i6 = getarrayitem_gc_i(p0, i1, descr=bytearraydescr)
finish(i2, i3, i6)
`,
      `
[p0, i1]
setarrayitem_gc(p0, 1, 200, descr=bytearraydescr)
setarrayitem_gc(p0, 2, 300, descr=bytearraydescr)
i3 = getarrayitem_gc_i(p0, 2, descr=bytearraydescr)
i4 = int_sub(i1, 1)
i5 = int_and(i4, 255)
setarrayitem_gc(p0, i1, i5, descr=bytearraydescr)
finish(200, i3, i5)
`,
      B,
    );
  });

  it("a byte item stored with a value that may not fit is read again", () => {
    optimize(
      "[p0, i1, i7]\ni4 = int_sub(i7, 1)\nsetarrayitem_gc(p0, i1, i4, descr=bytearraydescr)\ni6 = getarrayitem_gc_i(p0, i1, descr=bytearraydescr)\nfinish(i6)",
      "[p0, i1, i7]\ni4 = int_sub(i7, 1)\nsetarrayitem_gc(p0, i1, i4, descr=bytearraydescr)\ni6 = getarrayitem_gc_i(p0, i1, descr=bytearraydescr)\nfinish(i6)",
      B,
    );
  });
});

describe("heap: quasi-immutable fields", () => {
  it("quasiimmut_field goes, and guard_not_invalidated is emitted once until a call", () => {
    const r = optimize(
      `
[p0]
quasiimmut_field(p0, descr=quasidescr)
guard_not_invalidated() []
i1 = getfield_gc_i(p0, descr=quasidescr)
quasiimmut_field(p0, descr=quasidescr)
guard_not_invalidated() []
i2 = getfield_gc_i(p0, descr=quasidescr)
call_n(ConstClass(func_void), p0, descr=voidcalldescr)
guard_not_invalidated() []
finish(i1, i2)
`,
      `
[p0]
guard_not_invalidated() []
i1 = getfield_gc_i(p0, descr=quasidescr)
call_n(ConstClass(func_void), p0, descr=voidcalldescr)
guard_not_invalidated() []
finish(i1, i1)
`,
      H,
    );
    expect(r.stats.count("heap_quasiimmut_removed")).toBe(2);
    expect(r.stats.count("heap_guard_not_invalidated_repeated")).toBe(1);
  });
});
