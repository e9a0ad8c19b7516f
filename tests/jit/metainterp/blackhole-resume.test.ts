// Guard failures resumed in the blackhole interpreter (src/runtime/jit/metainterp/resume-blackhole.ts):
// a guard's snapshot chain and fail values become blackhole frames (two when the guard is in an
// inlined callee), which run to the portal's next merge point; the warm runner then goes on from
// there. Under the runner, every guard failure without a bridge is counted as a blackhole resume,
// and the programs give what interpreting gives: results, exceptions pending at the failure, and
// failed checks with the same message and site.

import { describe, expect, it } from "vitest";
import { assemble, type AsmLine, type AsmOperand } from "../../../src/jit/codewriter/assembler.ts";
import { SizeDescr, type ResOperation } from "../../../src/runtime/jit/history.ts";
import { opcodeOf } from "../../../src/runtime/jit/jitcode-insns.ts";
import { JitParams, P_THRESHOLD, P_TRACE_EAGERNESS } from "../../../src/lib/jit-params.ts";
import { JitCode, JitDriverDescr, LiveVars } from "../../../src/runtime/jit/jitcode.ts";
import { JitProfiler } from "../../../src/runtime/jit/jitprof.ts";
import { MI_DONE, MI_EXCEPTION, MI_FATAL, MI_MERGE_POINT, MetaInterp } from "../../../src/runtime/jit/metainterp/metainterp.ts";
import { interpret } from "../../../src/runtime/jit/metainterp/opimpl.ts";
import { blackholeFramesOf, resumeInBlackhole } from "../../../src/runtime/jit/metainterp/resume-blackhole.ts";
import { ResumeGuardDescr, snapshotsBottomUp } from "../../../src/runtime/jit/metainterp/snapshot.ts";
import { WarmRunner } from "../../../src/runtime/jit/metainterp/warm-runner.ts";
import { TraceValues } from "../../../src/runtime/jit/trace-cpu.ts";
import { FakeMemory } from "../trace-helpers.ts";
import { OP, TinyMemory, dataDescr, tinyJitCode } from "./tiny-interp.ts";

const i = (n: number): AsmOperand => ({ reg: "i", n });
const ci = (value: number): AsmOperand => ({ const: "i", value });
const I = (...items: AsmOperand[]): AsmOperand => ({ list: "i", items });
const R = (): AsmOperand => ({ list: "r", items: [] });
const F = (): AsmOperand => ({ list: "f", items: [] });
const live = (ints: number[]): AsmLine => ({ insn: "live", args: [{ live: new LiveVars(ints, [], []) }] });
const to = (n: number) => ({ reg: "i" as const, n });

const excSize = new SizeDescr("excsize", 16, 9, 3000);
const bhDriver = new JitDriverDescr("JitDriver steps", [], ["n", "acc"]);

/** step(x) = 10 when x % 4 == 0, else 1: its branch is a guard in the inlined callee's frame. */
function stepJitCode(): JitCode {
  const lines: AsmLine[] = [
    live([0]),
    { insn: "int_and", args: [i(0), ci(3)], result: to(1) },
    live([0, 1]),
    { insn: "goto_if_not_int_eq", args: [i(1), ci(0), { label: "other" }] },
    { insn: "int_return", args: [ci(10)] },
    { label: "other" },
    { insn: "int_return", args: [ci(1)] },
  ];
  return assemble({ name: "step", lines, numRegs: { i: 2, r: 0, f: 0 }, argKinds: "i", argRegs: [0], resultKind: "i" });
}

/** steps(n, acc): while (n > 0) { acc += step(n); n -= 1 } return acc. %i0 n, %i1 acc, %i2 step's result. */
function stepsJitCode(): JitCode {
  const lines: AsmLine[] = [
    { label: "top" },
    live([0, 1]),
    { insn: "jit_merge_point", args: [{ descr: bhDriver }, I(), R(), F(), I(i(0), i(1)), R(), F()] },
    live([0, 1]),
    { insn: "goto_if_not_int_gt", args: [i(0), ci(0), { label: "end" }] },
    { insn: "inline_call_ir_i", args: [{ descr: stepJitCode() }, I(i(0)), R()], result: to(2) },
    live([0, 1, 2]),
    { insn: "int_add", args: [i(1), i(2)], result: to(1) },
    { insn: "int_sub", args: [i(0), ci(1)], result: to(0) },
    { insn: "loop_header", args: [{ descr: bhDriver }] },
    { insn: "goto", args: [{ label: "top" }] },
    { label: "end" },
    { insn: "int_return", args: [i(1)] },
  ];
  return assemble({ name: "steps", lines, numRegs: { i: 3, r: 0, f: 0 }, argKinds: "ii", argRegs: [0, 1], resultKind: "i" });
}

function stepsExpected(n: number, acc: number): number {
  for (let k = n; k > 0; k--) acc += k % 4 === 0 ? 10 : 1;
  return acc;
}

function runner(mem: FakeMemory, traceEagerness: number): WarmRunner {
  const params = new JitParams();
  params.set(P_THRESHOLD, 3);
  params.set(P_TRACE_EAGERNESS, traceEagerness);
  const r = new WarmRunner(mem, params, new JitProfiler());
  r.warmstate.paramsChanged();
  return r;
}

/** The guards of a trace whose resume data holds two frames (the guard is in the inlined callee). */
function calleeGuards(operations: ResOperation[]): ResumeGuardDescr[] {
  const guards: ResumeGuardDescr[] = [];
  for (const op of operations) {
    const d = op.descr;
    if (d instanceof ResumeGuardDescr && d.snapshot.prev !== null) guards.push(d);
  }
  return guards;
}

describe("frames rebuilt from a guard's resume data", () => {
  it("gives each frame's live registers from the fail values, and runs two frames to the portal's merge point", () => {
    const steps = stepsJitCode();
    const r = runner(new FakeMemory(), 1000);
    expect(r.run(steps, [20, 0], [], [])).toBe(MI_DONE);
    const guard = calleeGuards(r.mi.registry.loops[0]!.trace.operations)[0]!;
    expect(guard).toBeDefined();
    const chain = snapshotsBottomUp(guard.snapshot);
    expect(chain.map((s) => s.jitcode.name)).toEqual(["steps", "step"]);
    // the values: the portal at n = 8, acc = 100; step's x = 8, x & 3 = 0
    const byReg: Record<string, number> = { "0:0": 8, "0:1": 100, "0:2": 0, "1:0": 8, "1:1": 0 };
    const values = new TraceValues();
    for (const box of guard.failArgs) {
      let value = -1;
      chain.forEach((s, f) => {
        const regs = s.jitcode.liveness[s.jitcode.code[s.pc + 1]!]!.ints;
        s.boxes.forEach((b, k) => {
          if (b === box && value === -1) value = byReg[`${f}:${regs[k]}`]!;
        });
      });
      values.addInt(value);
    }
    const frames = blackholeFramesOf(guard, values);
    expect(frames.map((f) => [f.jitcode.name, f.pc])).toEqual(chain.map((s) => [s.jitcode.name, s.pc]));
    expect(frames[0]!.ints.slice(0, 2)).toEqual([8, 100]);
    expect(frames[1]!.ints.slice(0, 2)).toEqual([8, 0]);

    const bh = resumeInBlackhole(new FakeMemory(), guard, values);
    expect(bh.result.kind).toBe("merge");
    expect(bh.frames).toHaveLength(1);
    // step(8) = 10 returned into the portal: acc 110, n 7, stopped at the merge point after the loop_header
    expect(bh.frames[0]!.ints.slice(0, 2)).toEqual([7, 110]);
    expect(bh.bottomLoopHeader).toBe(true);
    expect(bh.frames[0]!.code[bh.frames[0]!.pc]).toBe(opcodeOf("jit_merge_point"));
  });

  it("runs the portal's frame alone to its return when the loop's exit guard fails", () => {
    const r = runner(new FakeMemory(), 1000);
    r.run(stepsJitCode(), [20, 0], [], []);
    const ops = r.mi.registry.loops[0]!.trace.operations;
    const exit = ops.map((op) => op.descr).find((d) => d instanceof ResumeGuardDescr && d.snapshot.prev === null) as ResumeGuardDescr;
    expect(exit.failArgs.map((a) => a.kind)).toEqual(["i", "i"]);
    const bh = resumeInBlackhole(new FakeMemory(), exit, new TraceValues().addInt(0).addInt(42));
    expect(bh.result.kind).toBe("i");
    expect(bh.result.int).toBe(42);
    expect(bh.bottomLoopHeader).toBe(false);
  });

  it("refuses fail values that do not match the guard's fail arguments", () => {
    const r = runner(new FakeMemory(), 1000);
    r.run(stepsJitCode(), [20, 0], [], []);
    const guard = calleeGuards(r.mi.registry.loops[0]!.trace.operations)[0]!;
    expect(() => blackholeFramesOf(guard, new TraceValues())).toThrow(/fail arguments, got 0 values/);
  });
});

describe("the warm runner resumes guard failures in the blackhole interpreter", () => {
  it("a guard in an inlined callee: two frames rebuilt, the same result as interpreting", () => {
    for (const n of [30, 200, 1001]) {
      const r = runner(new FakeMemory(), 1000000);
      expect(r.run(stepsJitCode(), [n, 5], [], [])).toBe(MI_DONE);
      expect(r.mi.resultValue).toBe(stepsExpected(n, 5));
      expect(r.mi.registry.loops.length).toBe(1);
      expect(r.mi.registry.bridges.length).toBe(0);
      expect(calleeGuards(r.mi.registry.loops[0]!.trace.operations).length).toBeGreaterThan(0);
      // every failure (no bridge: trace_eagerness is never reached) resumed in the blackhole
      expect(r.guardFailures).toBeGreaterThan(n / 8);
      expect(r.blackholeResumes).toBe(r.guardFailures);
      expect(r.blackholeSteps).toBeGreaterThan(r.blackholeResumes);
    }
  });

  it("with bridges, only the failures before the bridge resume in the blackhole (the one that traced it does not)", () => {
    const r = runner(new FakeMemory(), 2);
    r.run(stepsJitCode(), [1000, 0], [], []);
    expect(r.mi.resultValue).toBe(stepsExpected(1000, 0));
    expect(r.mi.registry.bridges.length).toBe(1);
    expect(r.blackholeResumes).toBe(r.guardFailures - r.bridgeRuns - r.mi.registry.bridges.length);
    expect(r.blackholeResumes).toBeLessThan(5);
  });

  const tiny = tinyJitCode();
  function tinyRun(jit: boolean, program: [number, number][], acc: number, n: number, data: number[] = []) {
    const mem = new TinyMemory();
    const args: [number[], number[]] = [[0, acc, n], [mem.program(program), mem.intArray(data, dataDescr)]];
    if (!jit) {
      const mi = new MetaInterp(mem, new JitParams(), new JitProfiler());
      mi.enterJitCode(tiny, args[0], args[1], []);
      for (;;) {
        const status = interpret(mi);
        if (status !== MI_MERGE_POINT) return { status, mi, r: null };
        mi.continueInterpreting();
      }
    }
    const r = runner(mem, 1000000);
    const status = r.run(tiny, args[0], args[1], []);
    return { status, mi: r.mi, r };
  }

  it("a guard after a call that failed with an exception pending: raised in the resumed frame and caught there", () => {
    // acc += 7; acc = raising(acc), which raises once acc > 100: the portal catches it and returns -1
    const program: [number, number][] = [[OP.ADD, 7], [OP.TRY, 0], [OP.JNZ, 0], [OP.HALT, 0]];
    const plain = tinyRun(false, program, 0, 1);
    const jitted = tinyRun(true, program, 0, 1);
    expect(plain.status).toBe(MI_DONE);
    expect(plain.mi.resultValue).toBe(-1);
    expect(jitted.status).toBe(MI_DONE);
    expect(jitted.mi.resultValue).toBe(-1);
    const r = jitted.r!;
    expect(r.mi.registry.loops.length).toBe(1);
    expect(r.blackholeResumes).toBe(1);
    // the pending exception was taken by the blackhole (not left in the CPU)
    expect((r.mi.cpu as TinyMemory).exception).toBe(0);
  });

  it("a check failing after resuming stops with the message and site interpreting gives", () => {
    // IDX reads data[n] with n going below 0 inside the loop: the bounds guard fails, the blackhole runs the check
    const program: [number, number][] = [[OP.IDX, 0], [OP.DEC, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]];
    const data = Array.from({ length: 50 }, (_, k) => k);
    const plain = tinyRun(false, program, 0, 41, data);
    const jitted = tinyRun(true, program, 0, 41, data);
    expect(plain.status).toBe(MI_FATAL);
    expect(jitted.status).toBe(MI_FATAL);
    expect(jitted.mi.fatalMessage).toBe("index -1 out of bounds (length 50)");
    expect(jitted.mi.fatalMessage).toBe(plain.mi.fatalMessage);
    expect(jitted.mi.fatalSite).toBe(plain.mi.fatalSite);
    expect(jitted.r!.blackholeResumes).toBe(1);
    // an overflow inside the inlined square: its guard fails in the callee's frame, the blackhole stops there
    const overflow = tinyRun(true, [[OP.SQUARE, 0], [OP.JNZ, 0], [OP.HALT, 0]], 2, 1);
    expect(overflow.status).toBe(MI_FATAL);
    expect(overflow.mi.fatalSite!.name).toBe("square");
    expect(overflow.r!.blackholeResumes).toBe(1);
    // the frames are left where the check failed, as interpreting leaves them (the call chain of the error)
    const plainOverflow = tinyRun(false, [[OP.SQUARE, 0], [OP.JNZ, 0], [OP.HALT, 0]], 2, 1);
    expect(overflow.mi.frames.map((f) => [f.jitcode.name, f.pc])).toEqual(plainOverflow.mi.frames.map((f) => [f.jitcode.name, f.pc]));
    expect(overflow.mi.frames.map((f) => f.jitcode.name)).toEqual(["tiny", "square"]);
  });

  it("an exception leaving the portal from the blackhole ends the run with it", () => {
    // steps' callee replaced: raise from the portal when n reaches 3, after the loop is compiled
    const lines: AsmLine[] = [
      { label: "top" },
      live([0, 1]),
      { insn: "jit_merge_point", args: [{ descr: bhDriver }, I(), R(), F(), I(i(0), i(1)), R(), F()] },
      live([0, 1]),
      { insn: "goto_if_not_int_ne", args: [i(0), ci(3), { label: "raise" }] },
      { insn: "int_add", args: [i(1), i(0)], result: to(1) },
      { insn: "int_sub", args: [i(0), ci(1)], result: to(0) },
      { insn: "loop_header", args: [{ descr: bhDriver }] },
      { insn: "goto", args: [{ label: "top" }] },
      { label: "raise" },
      { insn: "new_with_vtable", args: [{ descr: excSize }], result: { reg: "r", n: 0 } },
      { insn: "raise", args: [{ reg: "r", n: 0 }] },
    ];
    const jitcode = assemble({ name: "raiser", lines, numRegs: { i: 2, r: 1, f: 0 }, argKinds: "ii", argRegs: [0, 1], resultKind: "i" });
    const mem = new FakeMemory();
    const r = runner(mem, 1000000);
    expect(r.run(jitcode, [40, 0], [], [])).toBe(MI_EXCEPTION);
    expect(r.mi.exception).not.toBe(0);
    expect(mem.classOf(r.mi.exception)).toBe(excSize.vtable);
    expect(r.blackholeResumes).toBe(1);
    expect(r.mi.registry.loops.length).toBe(1);
  });
});
