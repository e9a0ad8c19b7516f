// The warm runner sends each closed loop and bridge through the optimizer (issue 16, items 6 and
// 7 joined): a boxed-counter interpreter's loop loses its allocation (no new_with_vtable in the
// optimized trace, fewer operations than recorded), a guard failing with the box virtual in its
// fail arguments materialises it and resumes in the blackhole interpreter (or in a bridge traced
// from that guard) with the results of interpreting, and each pass turned off still gives them.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTrace } from "../../../src/jit/parse-trace.ts";
import { resetSimulatedMemory } from "../../../src/lib/system.ts";
import { logReset } from "../../../src/runtime/log.ts";
import { traceText } from "../../../src/runtime/jit/print-trace.ts";
import { findSections, parsePypylog } from "../../helpers/pypylog.ts";
import { setSimulatedEnvironment } from "../../helpers/simulated-env.ts";
import { assemble, type AsmLine, type AsmOperand } from "../../../src/jit/codewriter/assembler.ts";
import { checkTrace } from "../../../src/runtime/jit/check-trace.ts";
import { FieldDescr, SizeDescr, Trace } from "../../../src/runtime/jit/history.ts";
import { ALL_OPTS, ALL_OPTS_MASK, JitParams, P_DISABLE_UNROLLING, P_ENABLE_OPTS, P_THRESHOLD, P_TRACE_EAGERNESS } from "../../../src/lib/jit-params.ts";
import { JitCode, JitDriverDescr, LiveVars } from "../../../src/runtime/jit/jitcode.ts";
import { JitProfiler, PROF_OPT_GUARDS, PROF_OPT_OPS } from "../../../src/runtime/jit/jitprof.ts";
import { MI_DONE, MI_MERGE_POINT, MetaInterp } from "../../../src/runtime/jit/metainterp/metainterp.ts";
import { interpret } from "../../../src/runtime/jit/metainterp/opimpl.ts";
import { ResumeGuardDescr } from "../../../src/runtime/jit/metainterp/snapshot.ts";
import { WarmRunner } from "../../../src/runtime/jit/metainterp/warm-runner.ts";
import { GuardWithVirtuals } from "../../../src/runtime/jit/optimizeopt/guard-virtuals.ts";
import { RESOPS } from "../../../src/runtime/jit/resoperation.ts";
import { FakeMemory, testNamespace } from "../trace-helpers.ts";

const ns = testNamespace();
const valuedescr = ns.valuedescr as FieldDescr;
const nodesize = ns.nodesize as SizeDescr;
const driver = new JitDriverDescr("JitDriver boxed", [], ["n", "box"]);

const i = (n: number): AsmOperand => ({ reg: "i", n });
const r = (n: number): AsmOperand => ({ reg: "r", n });
const ci = (value: number): AsmOperand => ({ const: "i", value });
const I = (...items: AsmOperand[]): AsmOperand => ({ list: "i", items });
const R = (...items: AsmOperand[]): AsmOperand => ({ list: "r", items });
const F = (): AsmOperand => ({ list: "f", items: [] });
const live = (ints: number[], refs: number[]): AsmLine => ({ insn: "live", args: [{ live: new LiveVars(ints, refs, []) }] });
const to = (reg: "i" | "r", n: number) => ({ reg, n });

/**
 * boxed(n, box) -> box.value after: while n > 0 { box = new Box(box.value + n); [branchy: if n
 * is odd, box.value += 100]; n -= 1 }. %i0 n, %i1 a value, %i2 n's parity; %r0 box. The counter
 * lives in a new object each iteration, as an interpreter's boxed integers do.
 */
/** parity(x) = x & 1, by a branch (a guard in the callee's frame when inlined). */
function parityJitCode(): JitCode {
  return assemble({
    name: "parity",
    numRegs: { i: 2, r: 0, f: 0 },
    argKinds: "i",
    argRegs: [0],
    resultKind: "i",
    lines: [
      { insn: "int_and", args: [i(0), ci(1)], result: to("i", 1) },
      { insn: "live", args: [{ live: new LiveVars([1], [], []) }] },
      { insn: "goto_if_not_int_eq", args: [i(1), ci(0), { label: "odd" }] },
      { insn: "int_return", args: [ci(0)] },
      { label: "odd" },
      { insn: "int_return", args: [ci(1)] },
    ],
  });
}

function boxedCounter(branchy: boolean, callee = false): JitCode {
  const lines: AsmLine[] = [
    { label: "top" },
    live([0], [0]),
    { insn: "jit_merge_point", args: [{ descr: driver }, I(), R(), F(), I(i(0)), R(r(0)), F()] },
    live([0], [0]),
    { insn: "goto_if_not_int_gt", args: [i(0), ci(0), { label: "end" }] },
    { insn: "getfield_gc_i", args: [r(0), { descr: valuedescr }], result: to("i", 1) },
    { insn: "int_add", args: [i(1), i(0)], result: to("i", 1) },
    { insn: "new_with_vtable", args: [{ descr: nodesize }], result: to("r", 0) },
    { insn: "setfield_gc_i", args: [r(0), i(1), { descr: valuedescr }] },
  ];
  if (branchy) {
    lines.push(
      callee
        ? { insn: "inline_call_ir_i", args: [{ descr: parityJitCode() }, I(i(0)), R()], result: to("i", 2) }
        : { insn: "int_and", args: [i(0), ci(1)], result: to("i", 2) },
      live([0, 2], [0]),
      { insn: "goto_if_not_int_eq", args: [i(2), ci(0), { label: "odd" }] },
    );
  }
  lines.push(
    { label: "next" },
    { insn: "int_sub", args: [i(0), ci(1)], result: to("i", 0) },
    { insn: "loop_header", args: [{ descr: driver }] },
    { insn: "goto", args: [{ label: "top" }] },
    { label: "end" },
    { insn: "getfield_gc_i", args: [r(0), { descr: valuedescr }], result: to("i", 1) },
    { insn: "int_return", args: [i(1)] },
  );
  if (branchy) {
    lines.push(
      { label: "odd" },
      { insn: "getfield_gc_i", args: [r(0), { descr: valuedescr }], result: to("i", 1) },
      { insn: "int_add", args: [i(1), ci(100)], result: to("i", 1) },
      { insn: "setfield_gc_i", args: [r(0), i(1), { descr: valuedescr }] },
      { insn: "goto", args: [{ label: "next" }] },
    );
  }
  return assemble({ name: callee ? "boxed_callee" : branchy ? "boxed_branchy" : "boxed", lines, numRegs: { i: 3, r: 1, f: 0 }, argKinds: "ir", argRegs: [0, 0], resultKind: "i" });
}

const BOXED = boxedCounter(false);
const BRANCHY = boxedCounter(true);
/** BRANCHY with n's parity from an inlined callee that branches: its guard fails with the caller's box virtual. */
const CALLEE = boxedCounter(true, true);

function newBox(mem: FakeMemory, value: number): number {
  const box = mem.allocate(nodesize.size, nodesize.typeId);
  mem.setClass(box, nodesize.vtable);
  mem.storeInt(box + valuedescr.offset, 8, value);
  return box;
}

/** The program's result by interpreting only. */
function plain(jitcode: JitCode, n: number, start: number): number {
  const mem = new FakeMemory();
  const mi = new MetaInterp(mem, new JitParams(), new JitProfiler());
  mi.enterJitCode(jitcode, [n], [newBox(mem, start)], []);
  while (interpret(mi) === MI_MERGE_POINT) mi.continueInterpreting();
  expect(mi.status).toBe(MI_DONE);
  return mi.resultValue;
}

/** The program under the JIT (threshold 3, trace_eagerness 2) with the pass mask. */
function jitted(jitcode: JitCode, n: number, start: number, mask = ALL_OPTS_MASK) {
  const mem = new FakeMemory();
  const params = new JitParams();
  params.set(P_THRESHOLD, 3);
  params.set(P_TRACE_EAGERNESS, 2);
  params.set(P_ENABLE_OPTS, mask);
  const runner = new WarmRunner(mem, params, new JitProfiler());
  runner.warmstate.paramsChanged();
  const status = runner.run(jitcode, [n], [newBox(mem, start)], []);
  expect(status).toBe(MI_DONE);
  return { runner, result: runner.mi.resultValue };
}

const names = (trace: Trace) => trace.operations.map((op) => RESOPS[op.opnum]!.name);
const count = (trace: Trace, name: string) => names(trace).filter((n) => n === name).length;
const maskWithout = (pass: string) => ALL_OPTS_MASK - 2 ** ALL_OPTS.indexOf(pass);

describe("loops run optimized", () => {
  it("removes the boxed counter's allocation: no new_with_vtable, fewer operations than recorded", () => {
    const { runner, result } = jitted(BOXED, 100, 7);
    expect(result).toBe(plain(BOXED, 100, 7));
    const loops = runner.mi.registry.loops;
    expect(loops.length).toBe(1);
    const loop = loops[0]!;
    const optimized = loop.optimized!;
    expect(optimized).not.toBeNull();
    expect(checkTrace(optimized)).toBe("");
    expect(count(loop.trace, "new_with_vtable")).toBe(1);
    expect(count(optimized, "new_with_vtable")).toBe(0);
    expect(count(optimized, "setfield_gc")).toBe(0);
    // unrolled: a preamble and a peeled loop, each one label
    expect(count(optimized, "label")).toBe(2);
    // the peeled loop alone is smaller than the recorded loop
    const peeled = optimized.operations.slice(names(optimized).lastIndexOf("label"));
    expect(peeled.length).toBeLessThan(loop.trace.operations.length);
    expect(peeled.map((op) => RESOPS[op.opnum]!.name)).not.toContain("getfield_gc_i");
    // the loop's exit guard holds the virtual box: it was materialised when it failed
    const virtualGuards = optimized.operations.filter((op) => op instanceof GuardWithVirtuals && op.virtuals.length > 0);
    expect(virtualGuards.length).toBeGreaterThan(0);
    expect(runner.guardFailures).toBe(1);
    expect(runner.blackholeResumes).toBe(1);
    // counted as PyPy's jit-summary counts them
    const c = runner.mi.profiler.counters;
    expect(c[PROF_OPT_OPS]).toBe(optimized.operations.length);
    expect(c[PROF_OPT_GUARDS]).toBe(optimized.operations.filter((op) => RESOPS[op.opnum]!.guard).length);
  });

  it("keeps the allocation when virtualize is off, and forces it at the jump when unroll is off", () => {
    const noVirtualize = jitted(BOXED, 50, 0, maskWithout("virtualize"));
    expect(count(noVirtualize.runner.mi.registry.loops[0]!.optimized!, "new_with_vtable")).toBeGreaterThan(0);
    const noUnroll = jitted(BOXED, 50, 0, maskWithout("unroll"));
    const optimized = noUnroll.runner.mi.registry.loops[0]!.optimized!;
    expect(count(optimized, "label")).toBe(1);
    // the box stays virtual until the jump, which forces it
    expect(count(optimized, "new_with_vtable")).toBe(1);
    expect(names(optimized).indexOf("new_with_vtable")).toBeGreaterThan(names(optimized).lastIndexOf("guard_true"));
    // disable_unrolling: longer traces are not unrolled
    const mem = new FakeMemory();
    const params = new JitParams();
    params.set(P_THRESHOLD, 3);
    params.set(P_DISABLE_UNROLLING, 2);
    const runner = new WarmRunner(mem, params, new JitProfiler());
    runner.warmstate.paramsChanged();
    runner.run(BOXED, [50], [newBox(mem, 0)], []);
    expect(runner.mi.resultValue).toBe(plain(BOXED, 50, 0));
    expect(count(runner.mi.registry.loops[0]!.optimized!, "label")).toBe(1);
  });

  it("resumes with the virtual box materialised whichever iteration the exit guard fails in", () => {
    for (const n of [3, 4, 5, 6, 7, 8, 9, 10, 20, 333]) {
      expect(jitted(BOXED, n, 11).result, `n=${n}`).toBe(plain(BOXED, n, 11));
    }
  });
});

describe("bridges from guards of optimized loops", () => {
  it("a guard failing with the virtual box in its fail arguments gets a bridge, which jumps back to the loop's entry", () => {
    for (const n of [12, 13, 100, 1001]) {
      const { runner, result } = jitted(BRANCHY, n, 5);
      expect(result, `n=${n}`).toBe(plain(BRANCHY, n, 5));
      const registry = runner.mi.registry;
      expect(registry.bridges.length, `n=${n}`).toBeGreaterThan(0);
      for (const bridge of registry.bridges) {
        expect(bridge.optimized).not.toBeNull();
        expect(checkTrace(bridge.optimized!)).toBe("");
      }
      // the branch's guard in the peeled loop held the box virtual
      const loop = registry.loops[0]!.optimized!;
      const guarded = loop.operations.filter((op) => op instanceof GuardWithVirtuals && op.virtuals.length > 0 && op.descr === registry.bridges[0]!.guard);
      expect(guarded.length, `n=${n}`).toBeGreaterThan(0);
      expect(count(loop, "new_with_vtable")).toBe(0);
      // the bridge jumps to the loop's entry, the preamble's label (the reds), not to the peeled loop's
      const bridgeOps = registry.bridges[0]!.optimized!.operations;
      const jump = bridgeOps[bridgeOps.length - 1]!;
      expect(RESOPS[jump.opnum]!.name).toBe("jump");
      expect(jump.descr).toBe(registry.loops[0]!.token);
      expect(jump.args.length).toBe(registry.loops[0]!.trace.inputArgs.length);
      if (n > 100) {
        expect(runner.bridgeRuns).toBeGreaterThan(n / 4);
        expect(runner.blackholeResumes).toBeLessThan(5);
      }
    }
  });
});

describe("a guard in an inlined callee failing with the caller's box virtual", () => {
  it("rebuilds both frames with the box materialised, in the blackhole interpreter and in a bridge", () => {
    for (const n of [5, 6, 12, 13, 101, 300]) {
      const { runner, result } = jitted(CALLEE, n, 9);
      expect(result, `n=${n}`).toBe(plain(CALLEE, n, 9));
      const registry = runner.mi.registry;
      const loop = registry.loops[0]!.optimized!;
      expect(count(loop, "new_with_vtable")).toBe(0);
      // the callee's guards: two frames of resume data, the caller's box virtual in the peeled loop's copy
      const calleeGuards = loop.operations.filter((op) => op instanceof GuardWithVirtuals && op.virtuals.length > 0 && (op.descr as ResumeGuardDescr).snapshot.prev !== null);
      expect(calleeGuards.length, `n=${n}`).toBeGreaterThan(0);
      if (n > 100) {
        expect(registry.bridges.length).toBeGreaterThan(0);
        expect(registry.bridges[0]!.guard.snapshot.prev).not.toBeNull();
        expect(runner.bridgeRuns).toBeGreaterThan(n / 4);
      }
    }
  });
});

describe("each pass off still gives the results of interpreting", () => {
  const masks: [string, number][] = [["none", 0], ["all", ALL_OPTS_MASK], ...ALL_OPTS.map((pass): [string, number] => [`without ${pass}`, maskWithout(pass)])];
  for (const [name, mask] of masks) {
    it(name, () => {
      for (const [jitcode, n] of [[BOXED, 40], [BRANCHY, 41], [BRANCHY, 200], [CALLEE, 41], [CALLEE, 200]] as [JitCode, number][]) {
        const { runner, result } = jitted(jitcode, n, 3, mask);
        expect(result, `${jitcode.name} n=${n}`).toBe(plain(jitcode, n, 3));
        for (const loop of runner.mi.registry.loops) expect(checkTrace(loop.optimized!)).toBe("");
        if (mask === 0) expect(runner.mi.registry.loops[0]!.optimized!.operations.length).toBe(runner.mi.registry.loops[0]!.trace.operations.length);
      }
    });
  }
});

describe("the logs of optimization", () => {
  it("writes each trace in jit-log-noopt, then the loop in jit-log-opt-loop and the bridge in jit-log-opt-bridge", () => {
    const directory = mkdtempSync(join(tmpdir(), "rts-optrun-"));
    try {
      logReset();
      resetSimulatedMemory();
      const path = join(directory, "jit.log");
      setSimulatedEnvironment([`RTSLOG=jit-log:${path}`]);
      const { runner } = jitted(BRANCHY, 100, 5);
      logReset();
      const log = parsePypylog(readFileSync(path, "utf8"));
      const registry = runner.mi.registry;
      expect(log.map((s) => s.name)).toEqual(["jit-log-noopt", "jit-log-opt-loop", "jit-log-noopt", "jit-log-opt-bridge"]);
      const [loopNoopt, bridgeNoopt] = findSections(log, "jit-log-noopt");
      expect(loopNoopt!.lines[0]).toBe(`# Traced loop or bridge with ${registry.loops[0]!.trace.operations.length} ops`);
      expect(bridgeNoopt!.lines[0]).toBe(`# Traced loop or bridge with ${registry.bridges[0]!.trace.operations.length} ops`);
      const optimized = registry.loops[0]!.optimized!;
      const [opt] = findSections(log, "jit-log-opt-loop");
      expect(opt!.lines[0]).toBe(`# Loop 0 () : loop with ${optimized.operations.length} ops`);
      expect(opt!.lines.slice(1).join("\n") + "\n").toBe(traceText(optimized));
      const guard = registry.bridges[0]!.guard;
      expect(findSections(log, "jit-log-opt-bridge")[0]!.lines[0]).toBe(`# bridge out of Guard 0x${guard.index.toString(16)} with ${registry.bridges[0]!.optimized!.operations.length} ops`);
      // the optimized loop's text parses back (oparser text)
      expect(traceText(parseTrace(opt!.lines.slice(1).join("\n"), { ...ns, valuedescr, nodesize }))).toBe(traceText(optimized));
    } finally {
      logReset();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
