// The x86-64 trace backend (src/runtime/jit/backend-x86): hand-written traces compiled and run
// natively in one executable, each run compared with the trace interpreter.

import { describe, expect, it } from "vitest";
import { TraceValues } from "../../../src/runtime/jit/trace-cpu.ts";
import { checkCases, traceCase } from "./check.ts";

function ints(...values: number[]): TraceValues {
  const v = new TraceValues();
  for (const x of values) v.addInt(x);
  return v;
}

describe("the x86-64 trace backend", () => {
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
    expect(checkCases([sum])).toEqual([]);
  });
});
