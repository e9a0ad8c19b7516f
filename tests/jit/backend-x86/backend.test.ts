// The x86-64 trace backend (src/runtime/jit/backend-x86): hand-written traces compiled and run
// natively (one executable per test), each run compared with the trace interpreter.

import { describe, expect, it } from "vitest";
import { parseTrace } from "../../../src/jit/parse-trace.ts";
import { assembleTrace, X86_TRACE_OPERATIONS } from "../../../src/runtime/jit/backend-x86/assemble-trace.ts";
import { ConstInt, FinalDescr, Trace } from "../../../src/runtime/jit/history.ts";
import { rop, undecidedResOps } from "../../../src/runtime/jit/resoperation.ts";
import { TraceValues } from "../../../src/runtime/jit/trace-cpu.ts";
import { testNamespace } from "../trace-helpers.ts";
import { checkCases, TEST_CONFIG, traceCase } from "./check.ts";

function ints(...values: number[]): TraceValues {
  const v = new TraceValues();
  for (const x of values) v.addInt(x);
  return v;
}

function floats(...values: number[]): TraceValues {
  const v = new TraceValues();
  for (const x of values) v.addFloat(x);
  return v;
}

const TWO_53 = 2 ** 53;
const SOME_INTS = [0, 1, -1, 7, -7, 12345, -99999, 2 ** 31, -(2 ** 31) - 5, 2 ** 40 + 3, -(2 ** 52), TWO_53, -TWO_53];

/** Every pair of SOME_INTS, as inputs of a two-input trace. */
function pairs(): TraceValues[] {
  const runs: TraceValues[] = [];
  for (const a of SOME_INTS) for (const b of SOME_INTS) runs.push(ints(a, b));
  return runs;
}

describe("the x86-64 trace backend", () => {
  it("decides every resoperation", () => {
    expect(undecidedResOps(X86_TRACE_OPERATIONS)).toEqual([]);
  });

  it("refuses what needs runtime support, saying why", () => {
    // a backend not given the runtime's addresses (calls.ts) refuses what needs them
    const alloc = parseTrace(`[i0]\np1 = new(descr=nodesize)\nfinish(p1)`, testNamespace());
    expect(assembleTrace(alloc, TEST_CONFIG).refusal).toBe("allocation: this backend was not given the runtime's address for it");
    const store = parseTrace(`[p0, p1]\nsetfield_gc(p0, p1, descr=nextdescr)\nfinish()`, testNamespace());
    expect(assembleTrace(store, TEST_CONFIG).refusal).toBe("the write barrier: this backend was not given the runtime's address for it");
    const forcing = parseTrace(`[i0]\ni1 = call_may_force_i(i0, 1, 2, descr=plaincalldescr)\nfinish(i1)`, testNamespace());
    expect(assembleTrace(forcing, TEST_CONFIG).refusal).toContain("call_may_force_i: call_may_force needs forcing virtualizables");
    const out = parseTrace(`[i0]\nlabel(i0, descr=a)\njump(i0, descr=elsewhere)`);
    expect(assembleTrace(out, TEST_CONFIG).refusal).toContain("a jump to a label outside this trace");
  });

  it("runs a counting loop to its guard's failure", () => {
    const sum = traceCase(
      "sum",
      `[i0, i1]
       label(i0, i1, descr=loop)
       i2 = int_add(i1, i0)
       i3 = int_sub(i0, 1)
       i4 = int_gt(i3, 0)
       guard_true(i4) [i3, i2]
       jump(i3, i2, descr=loop)`,
      () => [ints(10, 0), ints(1, 5), ints(1000, -7)],
    );
    // a jump that swaps its values (a cycle of moves) and passes a constant
    const swap = traceCase(
      "swap",
      `[i0, i1, i2]
       label(i0, i1, i2, descr=loop)
       i3 = int_sub(i2, 1)
       i4 = int_ge(i3, 0)
       guard_true(i4, descr=done) [i0, i1, i3]
       i5 = int_mul(i0, 3)
       guard_value(i1, 5) [i0, i1, i5]
       jump(i1, i5, i3, descr=loop)`,
      () => [ints(2, 5, 10), ints(5, 5, 0), ints(1, 2, 3)],
    );
    expect(checkCases([sum, swap])).toEqual([]);
  });

  it("computes every integer operation as the interpreter does", () => {
    const binary = ["int_add", "int_sub", "int_mul", "int_and", "int_or", "int_xor", "int_lt", "int_le", "int_eq", "int_ne", "int_gt", "int_ge", "uint_lt", "uint_le", "uint_gt", "uint_ge"];
    const cases = binary.map((name) =>
      traceCase(
        name,
        `[i0, i1]
         i2 = ${name}(i0, i1)
         i3 = ${name}(i0, 3)
         i4 = ${name}(-5, i1)
         i5 = ${name}(i0, 4294967296)
         finish(i2, i3, i4, i5)`,
        () => pairs().filter((p) => name !== "int_mul" || Math.abs(p.ints[0]! * p.ints[1]!) <= TWO_53),
      ),
    );
    const constants = traceCase(
      "the largest constants",
      `[i0]
       i1 = int_sub(9007199254740991, i0)
       i2 = int_add(-9007199254740991, i0)
       i3 = int_eq(i0, 9007199254740991)
       guard_value(i0, -9007199254740991, descr=not_min) [i1, i2, i3]
       finish(i1, i2, i3)`,
      () => [ints(0), ints(1), ints(TWO_53 - 1), ints(-(TWO_53 - 1)), ints(-5)],
    );
    const unary = traceCase(
      "unary",
      `[i0, i1]
       i2 = int_neg(i0)
       i3 = int_invert(i0)
       i4 = int_is_zero(i0)
       i5 = int_is_true(i1)
       i6 = int_force_ge_zero(i0)
       i7 = int_signext(i0, 1)
       i8 = int_signext(i0, 2)
       i9 = int_signext(i1, 4)
       i10 = same_as_i(i1)
       finish(i2, i3, i4, i5, i6, i7, i8, i9, i10)`,
      pairs,
    );
    const division = traceCase(
      "division",
      `[i0, i1]
       i2 = int_floordiv(i0, i1)
       i3 = int_mod(i0, i1)
       i4 = int_floordiv(i0, 7)
       i5 = int_mod(-100, i1)
       finish(i2, i3, i4, i5)`,
      () => pairs().filter((p) => p.ints[1] !== 0),
    );
    const shifts = traceCase(
      "shifts",
      `[i0, i1]
       i2 = int_and(i1, 7)
       i3 = int_lshift(i0, i2)
       i4 = int_rshift(i0, i2)
       i5 = int_rshift(i0, 40)
       i6 = int_lshift(i0, 2)
       i7 = uint_rshift(i0, 12)
       i8 = int_add(i2, 11)
       i9 = uint_rshift(i0, i8)
       finish(i3, i4, i5, i6, i7, i9)`,
      () => pairs().filter((p) => Math.abs(p.ints[0]!) <= 2 ** 45),
    );
    // ±2^53, which text does not give (the parser stops at 2^53 - 1) but a recorded trace may
    const recorded = new Trace();
    const i0 = recorded.addInputArg("i");
    const up = recorded.record(rop.int_sub, [new ConstInt(TWO_53, ""), i0], null);
    const down = recorded.record(rop.int_add, [new ConstInt(-TWO_53, ""), i0], null);
    recorded.record(rop.finish, [up, down], new FinalDescr("done", 0));
    const extremes = { name: "±2^53", trace: recorded, inputs: () => [ints(0), ints(1), ints(12345)] };
    expect(checkCases([...cases, constants, extremes, unary, division, shifts])).toEqual([]);
  });

  it("overflows past 2^53 as the interpreter does, with either guard", () => {
    const ovf = ["int_add_ovf", "int_sub_ovf", "int_mul_ovf"].flatMap((name) => [
      traceCase(
        `${name} guard_no_overflow`,
        `[i0, i1]
         i2 = ${name}(i0, i1)
         guard_no_overflow(descr=overflowed) [i0, i1, i2]
         i3 = ${name}(i0, 1000)
         guard_no_overflow(descr=overflowed2) [i3]
         finish(i2, i3)`,
        pairs,
      ),
      traceCase(
        `${name} guard_overflow`,
        `[i0, i1]
         i2 = ${name}(i1, i0)
         guard_overflow(descr=no_overflow) [i0, i2]
         finish(i2)`,
        pairs,
      ),
      traceCase(`${name} alone`, `[i0, i1]\ni2 = ${name}(i0, i1)\nfinish(i2)`, pairs),
    ]);
    const loop = traceCase(
      "doubling until it overflows",
      `[i0, i1]
       label(i0, i1, descr=loop)
       i2 = int_mul_ovf(i0, 2)
       guard_no_overflow(descr=overflowed) [i0, i1]
       i3 = int_add(i1, 1)
       jump(i2, i3, descr=loop)`,
      () => [ints(1, 0), ints(-3, 0), ints(TWO_53 / 2, 0)],
    );
    expect(checkCases([...ovf, loop])).toEqual([]);
  });

  it("computes floats as the interpreter does (NaN, -0.0, the casts)", () => {
    const xs = [0, -0, 1.5, -2.25, 1e300, -1e-300, Infinity, -Infinity, NaN, 3];
    const floatPairs = () => xs.flatMap((a) => xs.map((b) => floats(a, b)));
    const arithmetic = traceCase(
      "float arithmetic",
      `[f0, f1]
       f2 = float_add(f0, f1)
       f3 = float_sub(f0, f1)
       f4 = float_mul(f0, f1)
       f5 = float_truediv(f0, f1)
       f6 = float_neg(f0)
       f7 = float_abs(f1)
       f8 = float_add(f0, 0.5)
       f9 = float_truediv(-3.0, f1)
       f10 = same_as_f(f0)
       finish(f2, f3, f4, f5, f6, f7, f8, f9, f10)`,
      floatPairs,
    );
    const comparisons = traceCase(
      "float comparisons",
      `[f0, f1]
       i2 = float_lt(f0, f1)
       i3 = float_le(f0, f1)
       i4 = float_eq(f0, f1)
       i5 = float_ne(f0, f1)
       i6 = float_gt(f0, f1)
       i7 = float_ge(f0, f1)
       i8 = float_lt(f0, 1.5)
       finish(i2, i3, i4, i5, i6, i7, i8)`,
      floatPairs,
    );
    const casts = traceCase(
      "casts",
      `[f0, i1]
       i2 = cast_float_to_int(f0)
       f3 = cast_int_to_float(i1)
       guard_value(f0, -2.25, descr=not_that) [i2, f3]
       finish(i2, f3)`,
      () => [1.5, -2.25, 1e15 + 0.5, -0, 12345.678].flatMap((x) => SOME_INTS.map((n) => new TraceValues().addFloat(x).addInt(n))),
    );
    const loop = traceCase(
      "float loop",
      `[f0, f1, i0]
       label(f0, f1, i0, descr=loop)
       f2 = float_mul(f0, f1)
       f3 = float_add(f2, 0.25)
       i1 = int_sub(i0, 1)
       i2 = float_lt(f3, 1000000.0)
       guard_true(i2, descr=big) [f3, i1]
       i3 = int_gt(i1, 0)
       guard_true(i3, descr=count) [f3, f1]
       jump(f3, f1, i1, descr=loop)`,
      () => [new TraceValues().addFloat(1).addFloat(1.5).addInt(100), new TraceValues().addFloat(1).addFloat(0.5).addInt(10)],
    );
    expect(checkCases([arithmetic, comparisons, casts, loop])).toEqual([]);
  });

  it("spills when values outnumber registers, and keeps them across the loop", () => {
    const n = 24;
    const inputs = Array.from({ length: n }, (_, i) => `i${i}`);
    const body: string[] = [];
    let next = n;
    const updated: string[] = [];
    for (let i = 0; i < n; i++) {
      body.push(`i${next} = int_add(i${i}, i${(i + 1) % n})`);
      updated.push(`i${next}`);
      next++;
    }
    const counter = `i${next}`;
    const text = `[${inputs.join(", ")}, i100]
      label(${inputs.join(", ")}, i100, descr=loop)
      ${body.join("\n")}
      ${counter} = int_sub(i100, 1)
      i${next + 1} = int_gt(${counter}, 0)
      guard_true(i${next + 1}) [${updated.join(", ")}, ${counter}]
      jump(${updated.slice(1).join(", ")}, ${updated[0]}, ${counter}, descr=loop)`;
    const runs = () => [3, 10, 20].map((count) => ints(...Array.from({ length: n }, (_, i) => (i * 37) % 11 - 5), count));
    expect(checkCases([traceCase("many values", text, runs)])).toEqual([]);
  });

  it("spills floats too, and moves them in parallel at the back edge", () => {
    const n = 20;
    const names = Array.from({ length: n }, (_, i) => `f${i}`);
    const body = names.map((_, i) => `f${100 + i} = float_add(f${i}, f${(i + 3) % n})`);
    const updated = names.map((_, i) => `f${100 + i}`);
    const text = `[${names.join(", ")}, i50]
      label(${names.join(", ")}, i50, descr=loop)
      ${body.join("\n")}
      i51 = int_sub(i50, 1)
      i52 = int_gt(i51, 0)
      guard_true(i52) [${updated.join(", ")}, i51]
      jump(${[...updated.slice(2), updated[1], updated[0]].join(", ")}, i51, descr=loop)`;
    const runs = () =>
      [1, 4, 9].map((count) => {
        const v = new TraceValues();
        for (let i = 0; i < n; i++) v.addFloat(i * 0.37 - 2);
        return v.addInt(count);
      });
    expect(checkCases([traceCase("many floats", text, runs)])).toEqual([]);
  });

  it("loads and stores fields, items, lengths and raw memory", () => {
    const ns = testNamespace();
    // a NODE at 0 (class 1000), an array of 4 ints at 64, a string "hé中l日" at 128, raw bytes at 192
    const memory = new Uint8Array(256);
    const view = new DataView(memory.buffer);
    view.setBigInt64(8, 1000n, true);
    view.setBigInt64(16, -42n, true);
    view.setFloat64(32, 2.5, true);
    view.setInt16(40, -3, true);
    view.setUint8(42, 200);
    view.setBigInt64(64 + 8, 4n, true);
    [5, -6, 7, 1 << 20].forEach((x, i) => view.setBigInt64(64 + 16 + 8 * i, BigInt(x), true));
    view.setBigInt64(128 + 8, 5n, true);
    [104, 233, 0x4e2d, 108, 0x65e5].forEach((c, i) => view.setUint16(128 + 16 + 2 * i, c, true));
    for (let i = 0; i < 32; i++) view.setUint8(192 + i, (i * 53) & 255);
    const fields = traceCase(
      "fields",
      `[p0, i1]
       guard_nonnull_class(p0, ConstClass(node_vtable), descr=wrong_class) [i1]
       guard_class(p0, ConstClass(node_vtable), descr=wrong_class2) [i1]
       guard_nonnull(p0, descr=null) []
       i2 = getfield_gc_i(p0, descr=valuedescr)
       f3 = getfield_gc_f(p0, descr=floatdescr)
       i4 = getfield_gc_i(p0, descr=shortdescr)
       i5 = getfield_gc_i(p0, descr=ubytedescr)
       i6 = int_add(i2, i1)
       setfield_gc(p0, i6, descr=valuedescr)
       setfield_gc(p0, i1, descr=shortdescr)
       setfield_gc(p0, i1, descr=ubytedescr)
       f7 = float_add(f3, 1.0)
       setfield_gc(p0, f7, descr=floatdescr)
       finish(i2, f3, i4, i5, i6)`,
      (base) => [1, -70000, 300].map((x) => new TraceValues().addRef(base).addInt(x)),
      ns,
    );
    const wrongClass = traceCase(
      "wrong class",
      `[p0]\nguard_class(p0, 1001, descr=wrong_class) [p0]\nfinish()`,
      (base) => [new TraceValues().addRef(base)],
      ns,
    );
    const isNull = traceCase(
      "null checks",
      `[p0]\nguard_isnull(p0, descr=not_null) []\nguard_nonnull_class(p0, 1000, descr=null) []\nfinish()`,
      (base) => [new TraceValues().addRef(0), new TraceValues().addRef(base)],
      ns,
    );
    const arrays = traceCase(
      "arrays and strings",
      `[p0, p1, i2, i9]
       i3 = arraylen_gc(p0, descr=arraydescr)
       i4 = getarrayitem_gc_i(p0, i2, descr=arraydescr)
       i5 = getarrayitem_gc_i(p0, 3, descr=arraydescr)
       setarrayitem_gc(p0, i2, i5, descr=arraydescr)
       i6 = strlen(p1, descr=strdescr)
       i7 = strgetitem(p1, i2, descr=strdescr)
       i10 = int_add(i2, 65)
       strsetitem(p1, 0, i10, descr=strdescr)
       i11 = getarrayitem_raw_i(i9, i2, descr=bytearraydescr)
       i12 = raw_load_i(i9, i2, descr=int32raw)
       i13 = int_sub(i12, 1000000)
       raw_store(i9, 8, i13, descr=int32raw)
       i14 = strgetitem(p1, 0, descr=strdescr)
       finish(i3, i4, i5, i6, i7, i11, i12, i14)`,
      (base) => [0, 1, 2, 3].map((i) => new TraceValues().addRef(base + 64).addRef(base + 128).addInt(i).addInt(base + 192)),
      ns,
    );
    const loop = traceCase(
      "array sum loop",
      `[p0, i0, i1]
       label(p0, i0, i1, descr=loop)
       i2 = arraylen_gc(p0, descr=arraydescr)
       i3 = int_lt(i0, i2)
       guard_true(i3, descr=end) [i1]
       i4 = getarrayitem_gc_i(p0, i0, descr=arraydescr)
       i5 = int_add(i1, i4)
       i6 = int_add(i0, 1)
       jump(p0, i6, i5, descr=loop)`,
      (base) => [new TraceValues().addRef(base + 64).addInt(0).addInt(0)],
      ns,
    );
    const copy = traceCase(
      "copystrcontent",
      `[p0, i1, i2, i3]
       copystrcontent(p0, p0, i1, i2, i3, descr=strdescr)
       i4 = int_add(i2, 1)
       copystrcontent(p0, p0, 0, i4, 2, descr=strdescr)
       i5 = strgetitem(p0, i2, descr=strdescr)
       finish(i5)`,
      (base) => [[2, 0, 3], [0, 3, 2], [1, 0, 4], [2, 2, 0], [4, 1, 1]].map(([a, b, n]) => new TraceValues().addRef(base + 128).addInt(a!).addInt(b!).addInt(n!)),
      ns,
    );
    expect(checkCases([fields, wrongClass, isNull, arrays, loop, copy], memory)).toEqual([]);
  });

  it("loads and stores a field of an array's inline struct items at the field's width, stepping by the struct's", () => {
    // an array of 3 items of 16 bytes { Int16 at 0, a word at 8 } at 0
    const memory = new Uint8Array(64);
    const view = new DataView(memory.buffer);
    view.setBigInt64(8, 3n, true);
    [[-3, 1000], [7, -2], [32767, 1 << 40]].forEach(([short, value], i) => {
      view.setInt16(16 + 16 * i, short!, true);
      view.setBigInt64(24 + 16 * i, BigInt(value!), true);
    });
    const entries = traceCase(
      "inline struct items",
      `[p0, i1, i2]
       i3 = arraylen_gc(p0, descr=entryshortdescr)
       i4 = getarrayitem_gc_i(p0, i1, descr=entryshortdescr)
       i5 = getarrayitem_gc_i(p0, i1, descr=entryvaluedescr)
       setarrayitem_gc(p0, i1, i2, descr=entryshortdescr)
       i6 = getarrayitem_gc_i(p0, i1, descr=entryvaluedescr)
       i7 = getarrayitem_gc_i(p0, i1, descr=entryshortdescr)
       i8 = int_add(i5, i2)
       setarrayitem_gc(p0, 2, i8, descr=entryvaluedescr)
       finish(i3, i4, i5, i6, i7)`,
      (base) => [0, 1, 2].flatMap((i) => [-70000, 5].map((x) => new TraceValues().addRef(base).addInt(i).addInt(x))),
      testNamespace(),
    );
    expect(checkCases([entries], memory)).toEqual([]);
  });
});
