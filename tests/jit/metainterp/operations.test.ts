// Each arithmetic jitcode instruction, traced inside a loop by the meta-interpreter, records the
// resoperation whose meaning is the instruction's: the trace interpreter running the loop from
// the inputs tracing started with reaches the same result as interpreting the jitcode (on
// variables: recorded; on constants: folded, nothing recorded).

import { describe, expect, it } from "vitest";
import { assemble, type AsmLine, type AsmOperand } from "../../../src/jit/codewriter/assembler.ts";
import type { JitInsnName } from "../../../src/runtime/jit/jitcode-insns.ts";
import { JitCode, JitDriverDescr, LiveVars } from "../../../src/runtime/jit/jitcode.ts";
import { JitParams } from "../../../src/lib/jit-params.ts";
import { JitProfiler } from "../../../src/runtime/jit/jitprof.ts";
import { MergePointArgs, MetaInterp, MI_CLOSED, MI_DONE, MI_MERGE_POINT } from "../../../src/runtime/jit/metainterp/metainterp.ts";
import { interpret } from "../../../src/runtime/jit/metainterp/opimpl.ts";
import { traceText } from "../../../src/runtime/jit/print-trace.ts";
import { interpretTrace } from "../../../src/runtime/jit/trace-interp.ts";
import { FakeMemory } from "../trace-helpers.ts";

const driver = new JitDriverDescr("JitDriver ops", [], ["n", "a", "b", "acc"]);
const i = (n: number): AsmOperand => ({ reg: "i", n });
const f = (n: number): AsmOperand => ({ reg: "f", n });
const I = (...items: AsmOperand[]): AsmOperand => ({ list: "i", items });
const R = (): AsmOperand => ({ list: "r", items: [] });
const F = (...items: AsmOperand[]): AsmOperand => ({ list: "f", items });

/**
 * loop(n, a, b, acc): while n > 0 { acc = acc + (a OP b) (or acc OP2= ...); a += 1; n -= 1 }; return acc.
 * Integers: %i0 n, %i1 a, %i2 b, %i3 the result, %i4 acc. `b` may be a constant operand instead.
 */
function intLoop(insn: JitInsnName, unary: boolean, b: AsmOperand): JitCode {
  const live = (ints: number[]): AsmLine => ({ insn: "live", args: [{ live: new LiveVars(ints, [], []) }] });
  const lines: AsmLine[] = [
    { label: "top" },
    live([0, 1, 2, 4]),
    { insn: "jit_merge_point", args: [{ descr: driver }, I(), R(), F(), I(i(0), i(1), i(2), i(4)), R(), F()] },
    live([0, 1, 2, 4]),
    { insn: "goto_if_not_int_gt", args: [i(0), { const: "i", value: 0 }, { label: "end" }] },
    { insn, args: unary ? [i(1)] : [i(1), b], result: { reg: "i", n: 3 } },
    { insn: "int_add", args: [i(4), i(3)], result: { reg: "i", n: 4 } },
    { insn: "int_add", args: [i(1), { const: "i", value: 1 }], result: { reg: "i", n: 1 } },
    { insn: "int_sub", args: [i(0), { const: "i", value: 1 }], result: { reg: "i", n: 0 } },
    { insn: "loop_header", args: [{ descr: driver }] },
    { insn: "goto", args: [{ label: "top" }] },
    { label: "end" },
    { insn: "int_return", args: [i(4)] },
  ];
  return assemble({ name: `loop_${insn}`, lines, numRegs: { i: 5, r: 0, f: 0 }, argKinds: "iiii", argRegs: [0, 1, 2, 4], resultKind: "i" });
}

/** The same with floats: %f0 a, %f1 b, %f2 the result, %f3 acc; a float comparison's result is %i3, added as 0.0 or 1.0. */
function floatLoop(insn: JitInsnName, unary: boolean, comparison: boolean): JitCode {
  const live = (): AsmLine => ({ insn: "live", args: [{ live: new LiveVars([0], [], [0, 1, 3]) }] });
  const op: AsmLine = comparison
    ? { insn, args: [f(0), f(1)], result: { reg: "i", n: 3 } }
    : { insn, args: unary ? [f(0)] : [f(0), f(1)], result: { reg: "f", n: 2 } };
  const lines: AsmLine[] = [
    { label: "top" },
    live(),
    { insn: "jit_merge_point", args: [{ descr: driver }, I(), R(), F(), I(i(0)), R(), F(f(0), f(1), f(3))] },
    live(),
    { insn: "goto_if_not_int_gt", args: [i(0), { const: "i", value: 0 }, { label: "end" }] },
    op,
    ...(comparison ? [{ insn: "cast_int_to_float", args: [i(3)], result: { reg: "f", n: 2 } } as AsmLine] : []),
    { insn: "float_add", args: [f(3), f(2)], result: { reg: "f", n: 3 } },
    { insn: "float_add", args: [f(0), { const: "f", value: 0.75 }], result: { reg: "f", n: 0 } },
    { insn: "int_sub", args: [i(0), { const: "i", value: 1 }], result: { reg: "i", n: 0 } },
    { insn: "loop_header", args: [{ descr: driver }] },
    { insn: "goto", args: [{ label: "top" }] },
    { label: "end" },
    { insn: "float_return", args: [f(3)] },
  ];
  return assemble({ name: `loop_${insn}`, lines, numRegs: { i: 4, r: 0, f: 4 }, argKinds: "ifff", argRegs: [0, 0, 1, 3], resultKind: "f" });
}

function newMetaInterp(): MetaInterp {
  return new MetaInterp(new FakeMemory(), new JitParams(), new JitProfiler());
}

/** The result of interpreting the loop alone. */
function plain(jitcode: JitCode, ints: number[], floats: number[]): number {
  const mi = newMetaInterp();
  mi.enterJitCode(jitcode, ints, [], floats);
  for (;;) {
    const status = interpret(mi);
    if (status === MI_DONE) return jitcode.resultKind === "f" ? mi.resultFloat : mi.resultValue;
    expect(status).toBe(MI_MERGE_POINT);
    mi.continueInterpreting();
  }
}

/** Traces the loop's second iteration, then runs the trace from there: the acc when the loop's guard fails, and the trace's operation names. */
function traced(jitcode: JitCode, ints: number[], floats: number[]): { acc: number; ops: string[] } {
  const mi = newMetaInterp();
  mi.enterJitCode(jitcode, ints, [], floats);
  expect(interpret(mi)).toBe(MI_MERGE_POINT);
  const frame = mi.frames[0]!;
  const inputs = new MergePointArgs(frame, frame.pc).redValues(frame);
  mi.startLoop();
  expect(interpret(mi)).toBe(MI_CLOSED);
  const exit = interpretTrace(mi.trace, mi.cpu, inputs);
  expect(exit.guardFailed).toBe(true);
  const acc = jitcode.resultKind === "f" ? exit.values.floats[exit.values.count() - 1]! : exit.values.ints[exit.values.count() - 1]!;
  return { acc, ops: mi.trace.operations.map((op) => op.name()) };
}

const BINARY: [JitInsnName, string, number][] = [
  ["int_add", "int_add", 5],
  ["int_sub", "int_sub", 5],
  ["int_mul", "int_mul", -3],
  ["int_and", "int_and", 6],
  ["int_or", "int_or", 6],
  ["int_xor", "int_xor", 6],
  ["int_lshift", "int_lshift", 3],
  ["int_rshift", "int_rshift", 1],
  ["uint_rshift", "uint_rshift", 1],
  ["int_signext", "int_signext", 1],
  ["int_lt", "int_lt", 20],
  ["int_le", "int_le", 20],
  ["int_eq", "int_eq", 21],
  ["int_ne", "int_ne", 21],
  ["int_gt", "int_gt", 20],
  ["int_ge", "int_ge", 20],
  ["uint_lt", "uint_lt", 20],
];
const UNARY: [JitInsnName, string][] = [
  ["int_neg", "int_neg"],
  ["int_invert", "int_invert"],
  ["int_is_true", "int_is_true"],
  ["int_is_zero", "int_is_zero"],
];

describe("integer instructions, recorded on variables and folded on constants", () => {
  for (const [insn, resop, b] of BINARY) {
    it(insn, () => {
      const onVariable = intLoop(insn, false, i(2));
      const args = [40, 17, b, 0];
      const expected = plain(onVariable, args, []);
      const run = traced(onVariable, args, []);
      expect(run.acc).toBe(expected);
      expect(run.ops).toContain(resop);
      const onConstant = intLoop(insn, false, { const: "i", value: b });
      expect(traced(onConstant, args, []).acc).toBe(plain(onConstant, args, []));
    });
  }
  for (const [insn, resop] of UNARY) {
    it(insn, () => {
      const jitcode = intLoop(insn, true, i(2));
      const args = [40, -5, 0, 0];
      const run = traced(jitcode, args, []);
      expect(run.acc).toBe(plain(jitcode, args, []));
      expect(run.ops).toContain(resop);
    });
  }
});

const FLOAT_BINARY: JitInsnName[] = ["float_add", "float_sub", "float_mul", "float_truediv"];
const FLOAT_UNARY: JitInsnName[] = ["float_neg", "float_abs"];
const FLOAT_COMPARISONS: JitInsnName[] = ["float_lt", "float_le", "float_eq", "float_ne", "float_gt", "float_ge"];

describe("float instructions", () => {
  for (const insn of [...FLOAT_BINARY, ...FLOAT_UNARY, ...FLOAT_COMPARISONS]) {
    it(insn, () => {
      const jitcode = floatLoop(insn, FLOAT_UNARY.includes(insn), FLOAT_COMPARISONS.includes(insn));
      const ints = [30];
      const floats = [-4.5, 2.25, 0.5];
      const run = traced(jitcode, ints, floats);
      expect(run.acc).toBe(plain(jitcode, ints, floats));
      expect(run.ops).toContain(insn);
    });
  }
});

describe("promoting a float", () => {
  it("records guard_value with the float constant, which later operations use", () => {
    const lines: AsmLine[] = [
      { label: "top" },
      { insn: "live", args: [{ live: new LiveVars([0], [], [0, 1, 3]) }] },
      { insn: "jit_merge_point", args: [{ descr: driver }, I(), R(), F(), I(i(0)), R(), F(f(0), f(1), f(3))] },
      { insn: "live", args: [{ live: new LiveVars([0], [], [0, 1, 3]) }] },
      { insn: "goto_if_not_int_gt", args: [i(0), { const: "i", value: 0 }, { label: "end" }] },
      { insn: "live", args: [{ live: new LiveVars([0], [], [0, 1, 3]) }] },
      { insn: "float_guard_value", args: [f(1)] },
      { insn: "float_mul", args: [f(0), f(1)], result: { reg: "f", n: 2 } },
      { insn: "float_add", args: [f(3), f(2)], result: { reg: "f", n: 3 } },
      { insn: "int_sub", args: [i(0), { const: "i", value: 1 }], result: { reg: "i", n: 0 } },
      { insn: "loop_header", args: [{ descr: driver }] },
      { insn: "goto", args: [{ label: "top" }] },
      { label: "end" },
      { insn: "float_return", args: [f(3)] },
    ];
    const jitcode = assemble({ name: "promote_float", lines, numRegs: { i: 1, r: 0, f: 4 }, argKinds: "ifff", argRegs: [0, 0, 1, 3], resultKind: "f" });
    const mi = newMetaInterp();
    mi.enterJitCode(jitcode, [5], [], [1.5, 2.25, 0.0]);
    expect(interpret(mi)).toBe(MI_MERGE_POINT);
    mi.startLoop();
    expect(interpret(mi)).toBe(MI_CLOSED);
    expect(traceText(mi.trace)).toContain("guard_value(f2, 2.25, descr=<Guard0x1>) [i0, f1, f2, f3]\nf5 = float_mul(f1, 2.25)\n");
    expect(traced(jitcode, [5], [1.5, 2.25, 0.0]).acc).toBe(plain(jitcode, [5], [1.5, 2.25, 0.0]));
  });
});
