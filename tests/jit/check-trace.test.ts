// The consistency check of traces (src/runtime/jit/check-trace.ts): parsed traces pass, and each
// kind of malformed trace built by hand is named.

import { describe, expect, it } from "vitest";
import { checkTrace } from "../../src/runtime/jit/check-trace.ts";
import { ConstInt, ConstText, FailDescr, type FieldDescr, InputArg, TargetToken, Trace } from "../../src/runtime/jit/history.ts";
import { rop } from "../../src/runtime/jit/resoperation.ts";
import { parseTrace } from "../../src/jit/parse-trace.ts";
import { testNamespace } from "./trace-helpers.ts";

const ns = testNamespace();
const guard = () => new FailDescr("<Guard0>", 0);

describe("checkTrace", () => {
  it("passes well-formed traces", () => {
    const loop = parseTrace(
      `[i0, p1, f2]
label(i0, p1, f2, descr=loop)
debug_merge_point(0, 0, 'here')
i3 = getfield_gc_i(p1, descr=valuedescr)
setfield_gc(p1, f2, descr=floatdescr)
i4 = int_add(i0, i3)
guard_value(f2, 1.5) [i4]
i5 = call_i(7, i4, p1, descr=plaincalldescr)
guard_no_exception() []
jump(i5, p1, f2, descr=loop)
`,
      ns,
    );
    expect(checkTrace(loop)).toBe("");
  });

  it("names each inconsistency", () => {
    const cases: [string, (t: Trace, i0: InputArg, p1: InputArg) => void][] = [
      ["operation 0 (int_add): argument 2: i9 is not defined before it", (t, i0) => t.record(rop.int_add, [i0, new InputArg("i", 9)], null)],
      ["operation 0 (int_add): takes 2 arguments, has 1", (t, i0) => t.record(rop.int_add, [i0], null)],
      ["operation 0 (int_add): argument 1 (p1) is of kind r, the operation takes i", (t, _i0, p1) => t.record(rop.int_add, [p1, new ConstInt(1, "")], null)],
      ["operation 0 (setfield_gc): argument 2 (p1) is of kind r, the operation takes i", (t, _i0, p1) => t.record(rop.setfield_gc, [p1, p1], ns.valuedescr as FieldDescr)],
      ["operation 0 (guard_true): a guard without fail arguments", (t, i0) => t.record(rop.guard_true, [i0], guard())],
      ["operation 0 (guard_true): fail argument 1: i9 is not defined before it", (t, i0) => t.recordGuard(rop.guard_true, [i0], guard(), [new InputArg("i", 9)])],
      ["operation 0 (int_is_true): fail arguments on an operation that is not a guard", (t, i0) => (t.record(rop.int_is_true, [i0], null).failArgs = [])],
      ["operation 0 (getfield_gc_i): needs a field descriptor", (t, _i0, p1) => t.record(rop.getfield_gc_i, [p1], null)],
      ["operation 0 (getfield_gc_i): needs a field descriptor, has <Guard0>", (t, _i0, p1) => t.record(rop.getfield_gc_i, [p1], guard())],
      ["operation 0 (int_neg): takes no descriptor, has <Guard0>", (t, i0) => t.record(rop.int_neg, [i0], guard())],
      ["operation 0 (int_neg): argument 1 is a string, which only debug_merge_point takes", (t) => t.record(rop.int_neg, [new ConstText("x")], null)],
      [
        "operation 1 (int_neg): argument 1: an operation without result is no value",
        (t, _i0, p1) => t.record(rop.int_neg, [t.record(rop.setfield_gc, [p1, new ConstInt(1, "")], ns.valuedescr as FieldDescr)], null),
      ],
      [
        "operation 1 (jump): passes 1 values to a label that takes 2",
        (t, i0, p1) => {
          const token = new TargetToken("l");
          t.record(rop.label, [i0, p1], token);
          t.record(rop.jump, [i0], token);
        },
      ],
      [
        "operation 1 (jump): value 2 is of kind i, the label takes r",
        (t, i0, p1) => {
          const token = new TargetToken("l");
          t.record(rop.label, [i0, p1], token);
          t.record(rop.jump, [i0, i0], token);
        },
      ],
      ["input argument i0 is defined twice", (t) => t.inputArgs.push(new InputArg("i", 0))],
      [
        "operation 1 (int_neg): its result i2 is defined twice",
        (t, i0) => {
          t.record(rop.int_neg, [i0], null);
          t.nextNumber = 2;
          t.record(rop.int_neg, [i0], null);
        },
      ],
    ];
    for (const [message, build] of cases) {
      const t = new Trace();
      const i0 = t.addInputArg("i");
      const p1 = t.addInputArg("r");
      build(t, i0, p1);
      expect(checkTrace(t), message).toBe(message);
    }
  });
});
