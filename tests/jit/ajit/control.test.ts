// rts/testing's metaInterp on control flow (RPython's test_ajit.py, test_loop.py,
// test_recursive.py): branchy loops and their bridges (with the guard failures that go to the
// blackhole interpreter counted), trace_limit aborts and blacklisting, nested loops, a small
// bytecode interpreter whose dispatch the trace removes, a loop jumping into another, a portal
// calling itself, and the JIT off. Fixture: fixtures/control.ts.

import { describe, expect, it } from "vitest";
import { repoRoot } from "../../helpers/run-rts.ts";

const dist = <T>(path: string): Promise<T> => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`) as Promise<T>;
const { loadInterpreter, metaInterp, JitCheckError } = await dist<typeof import("../../../src/testing/index.ts")>("testing/index.js");
const { RESOPS } = await dist<typeof import("../../../src/runtime/jit/resoperation.ts")>("runtime/jit/resoperation.js");
const { ConstInt, ConstText } = await dist<typeof import("../../../src/runtime/jit/history.ts")>("runtime/jit/history.js");
const { ABORTS_BEFORE_BLACKLIST, JC_DONT_TRACE_HERE } = await dist<typeof import("../../../src/runtime/jit/warmstate.ts")>("runtime/jit/warmstate.js");
const m = await loadInterpreter<typeof import("./fixtures/control.ts")>(`${repoRoot}/tests/jit/ajit/fixtures/control.ts`);

type Run = ReturnType<typeof metaInterp>;
type Trace = Run["traces"][number];

/** The operations of a trace by name, label and debug_merge_point included, in order. */
function opNames(trace: Trace): string[] {
  return trace.operations.map((op) => RESOPS[op.opnum]!.name);
}

/** How many of each operation a trace has (label and debug_merge_point left out, as the checks do). */
function opCounts(trace: Trace): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of opNames(trace)) if (name !== "label" && name !== "debug_merge_point") counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** The operations of the peeled loop: from the label its jump goes to, to the jump. */
function peeledLoop(trace: Trace): string[] {
  const ops = trace.operations;
  const jump = ops[ops.length - 1]!;
  const start = ops.findIndex((op) => RESOPS[op.opnum]!.name === "label" && op.descr === jump.descr);
  return opNames(trace).slice(start);
}

function lastOp(trace: Trace): string {
  return RESOPS[trace.operations[trace.operations.length - 1]!.opnum]!.name;
}

/** The warm state's cells of every portal of the run: flags and aborted traces. */
function cells(run: Run): { flags: number; aborts: number }[] {
  const found: { flags: number; aborts: number }[] = [];
  for (const portal of run.interp.portals.values()) {
    for (const chain of portal.runner.warmstate.chains) {
      for (let cell = chain; cell !== null; cell = cell.next) found.push({ flags: cell.flags, aborts: cell.aborts });
    }
  }
  return found;
}

describe("a branchy loop compiles a bridge", () => {
  const branchy = metaInterp(m.branchy, [1000]);

  it("gives Node's result and the JIT-off result", () => {
    expect(branchy.error).toBeUndefined();
    expect(branchy.result).toBe(m.branchy(1000));
    expect(branchy.result).toBe(metaInterp(m.branchy, [1000], "off").result);
  });

  it("compiles one loop and one bridge, the bridge running back into the loop", () => {
    branchy.checkLoopCount(1);
    branchy.checkBridgeCount(1);
    branchy.checkAbortedCount(0);
    expect(() => branchy.checkBridgeCount(0)).toThrow(JitCheckError);
    const bridge = branchy.bridges[0]!;
    expect(lastOp(bridge.optimized!)).toBe("jump");
    expect(bridge.optimized!.operations.at(-1)!.descr).toBe(branchy.loops[0]!.optimized!.operations[0]!.descr);
    // two iterations in three run the bridge, less the few before it was compiled
    expect(branchy.bridgeRuns).toBeGreaterThan((2 * 1000) / 3 - 10);
  });

  it("sends fewer than 1% of the iterations to the blackhole interpreter", () => {
    // measured: 2 resumes (the failures before the bridge was traced) in 1000 iterations
    expect(branchy.blackholeResumes).toBeGreaterThan(0);
    expect(branchy.blackholeResumes * 100).toBeLessThan(1000);
  });

  it("the loop and the bridge hold exactly the operations of their path", () => {
    branchy.checkSimpleLoop({ int_mod: 1, int_eq: 1, guard_true: 2, int_add_ovf: 2, guard_no_overflow: 2, int_lt: 1, jump: 1 });
    // the bridge starts past the branch whose guard failed: `i % 3 === 0` is not tested again (RPython's prepare_resume_from_failure)
    expect(opCounts(branchy.bridges[0]!.optimized!)).toEqual({ int_sub_ovf: 1, int_add_ovf: 1, guard_no_overflow: 2, int_lt: 1, guard_true: 1, jump: 1 });
  });

  it("a data-dependent three-way loop (Collatz) gets a bridge per other path, <1% of its iterations in the blackhole interpreter", () => {
    const run = metaInterp(m.collatz, [1, 100]);
    const iterations = m.collatz(1, 100);
    expect(run.result).toBe(iterations);
    expect(run.result).toBe(metaInterp(m.collatz, [1, 100], "off").result);
    run.checkLoopCount(1);
    run.checkBridgeCount(2);
    for (const bridge of run.bridges) expect(lastOp(bridge.optimized!)).toBe("jump");
    // measured: 3 resumes in 3216 iterations (0.09%); most iterations leave the loop by a guard into a bridge
    expect(run.blackholeResumes * 100).toBeLessThan(iterations);
    // every other failure ran a bridge, but the two that started tracing one
    expect(run.guardFailures - run.blackholeResumes - run.bridges.length).toBe(run.bridgeRuns);
    expect(run.bridgeRuns).toBeGreaterThan(iterations / 2);
  });

  it("a branch switching at half time runs the second half in its bridge", () => {
    const run = metaInterp(m.halfSwitch, [200]);
    expect(run.result).toBe(m.halfSwitch(200));
    run.checkTraceCount(2);
    run.checkBridgeCount(1);
    expect(run.blackholeResumes).toBeLessThanOrEqual(2);
    // the bridge enters the loop at its preamble, whose guard fails again into the bridge: one bridge run per iteration of the second half
    expect(run.bridgeRuns).toBeGreaterThanOrEqual(100 - 3);
    expect(run.bridgeRuns).toBeLessThanOrEqual(100);
    expect(opCounts(run.bridges[0]!.optimized!)).toMatchObject({ int_add_ovf: 2, jump: 1 });
  });

  it("a guard failing fewer than trace_eagerness times gets no bridge", () => {
    const run = metaInterp(m.rareBranch, [200, 50]);
    expect(run.result).toBe(m.rareBranch(200, 50));
    run.checkLoopCount(1);
    run.checkBridgeCount(0);
    // once at i === 50, once at the loop's end: both resumed in the blackhole interpreter
    expect(run.guardFailures).toBe(2);
    expect(run.blackholeResumes).toBe(2);
  });

  it("with trace_eagerness=1 the same single failures each get a bridge", () => {
    const run = metaInterp(m.rareBranch, [200, 50], { trace_eagerness: 1 });
    expect(run.result).toBe(m.rareBranch(200, 50));
    run.checkLoopCount(1);
    run.checkBridgeCount(2);
    expect(run.blackholeResumes).toBe(0);
    // the bridge of i === 50 jumps back to the loop, the one of the loop's end finishes the function
    expect(run.bridges.map((b) => lastOp(b.optimized!)).sort()).toEqual(["finish", "jump"]);
  });

  it("a switch on a red value: guard_value in the loop, a bridge for the second case and one out of that bridge for the third", () => {
    const run = metaInterp(m.threeWay, [600]);
    expect(run.result).toBe(m.threeWay(600));
    run.checkLoopCount(1);
    run.checkBridgeCount(2);
    const [first, second] = run.bridges as typeof run.bridges;
    expect(first!.optimized!.operations.some((op) => op.descr === second!.guard)).toBe(true);
    for (const bridge of run.bridges) expect(bridge.target).toBe(run.loops[0]);
    // each bridge guards the case it was traced for, and nothing else is a guard_value
    run.checkResops({ guard_value: 4, int_add_ovf: 8, guard_no_overflow: 8, int_mod: 2, int_lt: 4, guard_true: 4, jump: 3 });
    expect(run.blackholeResumes * 100).toBeLessThan(600);
  });

  it("`continue` and `break`: the loop's other paths, the break's guard failing once", () => {
    const run = metaInterp(m.continueBreak, [1000, 500]);
    expect(run.result).toBe(m.continueBreak(1000, 500));
    expect(metaInterp(m.continueBreak, [1000, 500], "off").result).toBe(run.result);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    // the loop was traced on one path, the bridge is the other and goes back; the break leaves once, in the blackhole interpreter
    expect(run.bridges[0]!.target).toBe(run.loops[0]);
    expect(run.blackholeResumes).toBe(2);
    const noBreak = metaInterp(m.continueBreak, [1000, 5000]);
    expect(noBreak.result).toBe(m.continueBreak(1000, 5000));
  });
});

describe("trace_limit", () => {
  const limited = metaInterp(m.longBody, [300], { trace_limit: 30 });

  it("a body too long for trace_limit aborts, and the result is still right", () => {
    expect(limited.error).toBeUndefined();
    expect(limited.result).toBe(m.longBody(300));
    limited.checkLoopCount(0);
    limited.checkAbortedCount(ABORTS_BEFORE_BLACKLIST);
    expect(limited.abortReasons.length).toBe(ABORTS_BEFORE_BLACKLIST);
    for (const reason of limited.abortReasons) expect(reason).toMatch(/too long/);
  });

  it("the key is blacklisted after repeated aborts: the aborts stay bounded however long it runs", () => {
    const keys = cells(limited);
    expect(keys.length).toBe(1);
    expect(keys[0]!.flags & JC_DONT_TRACE_HERE).toBe(JC_DONT_TRACE_HERE);
    expect(keys[0]!.aborts).toBe(ABORTS_BEFORE_BLACKLIST);
    const longer = metaInterp(m.longBody, [3000], { trace_limit: 30 });
    expect(longer.result).toBe(m.longBody(3000));
    longer.checkAbortedCount(ABORTS_BEFORE_BLACKLIST);
  });

  it("the same loop with a high trace_limit compiles", () => {
    const run = metaInterp(m.longBody, [300], { trace_limit: 6000 });
    expect(run.result).toBe(m.longBody(300));
    run.checkLoopCount(1);
    run.checkAbortedCount(0);
    // the bounds of each `% p` remove the next step's overflow checks; missed: the bounds of res
    // (a `% 10079`) and of i (< n) are lost at the peeled loop's label, so res * 3, + i and
    // i + 1 keep theirs
    run.checkSimpleLoop({ int_mul_ovf: 1, int_add_ovf: 2, guard_no_overflow: 3, int_mul: 7, int_add: 7, int_mod: 8, int_lt: 1, guard_true: 1, jump: 1 });
  });

  it("a trace_limit the closing jump passes aborts (it used to leave the trace half closed and crash the runner)", () => {
    const full = metaInterp(m.longBody, [50]);
    const recorded = full.loops[0]!.trace.operations.length;
    const exact = metaInterp(m.longBody, [50], { trace_limit: recorded });
    exact.checkLoopCount(1);
    exact.checkAbortedCount(0);
    const short = metaInterp(m.longBody, [50], { trace_limit: recorded - 1 });
    expect(short.error).toBeUndefined();
    expect(short.result).toBe(m.longBody(50));
    short.checkLoopCount(0);
    short.checkAbortedCount(ABORTS_BEFORE_BLACKLIST);
  });

  it("a bytecode program too long for trace_limit aborts and gives the interpreter's result", () => {
    const program = "ABMXABMXABMXABMXABMXDJ0";
    const run = metaInterp(m.bytecode, [program, 0, 1, 100], { trace_limit: 40 });
    expect(run.result).toBe(m.bytecode(program, 0, 1, 100));
    run.checkLoopCount(0);
    run.checkAbortedCount(ABORTS_BEFORE_BLACKLIST);
    const compiled = metaInterp(m.bytecode, [program, 0, 1, 100]);
    expect(compiled.result).toBe(run.result);
    compiled.checkLoopCount(1);
  });
});

describe("trace_limit on a bridge", () => {
  it("a bridge too long for trace_limit is retried every trace_eagerness failures, without bound (as RPython when no inlined function can be disabled)", () => {
    const run = metaInterp(m.longBranch, [200], { trace_limit: 30 });
    expect(run.result).toBe(m.longBranch(200));
    run.checkLoopCount(1);
    run.checkBridgeCount(0);
    for (const reason of run.abortReasons) expect(reason).toMatch(/too long/);
    // every other failure of the long path's guard starts a bridge that aborts; the loop's key is not
    // blacklisted (its own trace fitted), and nothing counts the guard's aborts: about n / 4 of them
    expect(run.aborts).toBeGreaterThan(200 / 4 - 5);
    expect(cells(run).every((cell) => (cell.flags & JC_DONT_TRACE_HERE) === 0)).toBe(true);
    const fits = metaInterp(m.longBranch, [200]);
    expect(fits.result).toBe(run.result);
    fits.checkBridgeCount(1);
    fits.checkAbortedCount(0);
  });
});

describe("nested loops", () => {
  const twoDrivers = metaInterp(m.nestedTwoDrivers, [20, 15]);
  const oneDriver = metaInterp(m.nestedOneDriver, [30, 30]);

  it("two drivers: the inner and the outer loop both compile, the outer calling the inner portal", () => {
    const run = twoDrivers;
    expect(run.result).toBe(m.nestedTwoDrivers(20, 15));
    expect(run.result).toBe(metaInterp(m.nestedTwoDrivers, [20, 15], "off").result);
    run.checkLoopCount(2);
    run.checkAbortedCount(0);
    const calls = run.loops.map((loop) => opCounts(loop.optimized!).call_i ?? 0);
    expect(calls.sort()).toEqual([0, 2]);
  });

  it("two drivers: the inner loop's exit guard gets a bridge that returns to the outer loop", () => {
    const run = twoDrivers;
    run.checkBridgeCount(1);
    expect(lastOp(run.bridges[0]!.optimized!)).toBe("finish");
    // one inner loop run per outer iteration, each leaving by the bridge
    expect(run.bridgeRuns).toBeGreaterThanOrEqual(20 - 3);
    expect(run.blackholeResumes * 100).toBeLessThan(20 * 15);
  });

  it("one driver, greens telling the heads apart: the inner loop compiles, the outer one is its exit guard's bridge", () => {
    const run = oneDriver;
    expect(run.result).toBe(m.nestedOneDriver(30, 30));
    expect(run.result).toBe(metaInterp(m.nestedOneDriver, [30, 30], "off").result);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    const bridge = run.bridges[0]!.optimized!;
    // the bridge goes through the outer head and back into the inner loop
    expect(bridge.operations.filter((op) => RESOPS[op.opnum]!.name === "debug_merge_point").length).toBe(2);
    expect(lastOp(bridge)).toBe("jump");
    expect(bridge.operations.at(-1)!.descr).toBe(run.loops[0]!.optimized!.operations[0]!.descr);
    // measured: 2 resumes in 930 iterations
    expect(run.blackholeResumes * 100).toBeLessThan(30 * 31);
  });

  it("one driver: the inner loop is exactly the inner body", () => {
    const run = oneDriver;
    run.checkSimpleLoop({ int_lt: 1, guard_true: 1, int_mul_ovf: 1, int_add_ovf: 3, guard_no_overflow: 4, jump: 1 });
  });

  it("one driver: the outer loop's bridge, the inner body's first iteration folded (i * 0 + 1 is 1)", () => {
    const run = oneDriver;
    // from the inner loop's exit, past its test `j < m` (not recorded again): i += 1, i < n, then the inner loop's first turn
    expect(opCounts(run.bridges[0]!.optimized!)).toEqual({ int_lt: 2, guard_true: 2, int_add_ovf: 2, guard_no_overflow: 2, jump: 1 });
  });

  it("an inner loop in a helper without a driver is a residual call, as RPython's codewriter leaves a function with a loop", () => {
    const run = metaInterp(m.helperLoop, [200]);
    expect(run.result).toBe(m.helperLoop(200));
    run.checkTraceCount(1);
    // not unrolled: the helper's varying trip count (i % 5) makes no guard and no bridge
    run.checkSimpleLoop({ int_mod: 1, call_i: 1, int_add_ovf: 2, guard_no_overflow: 2, int_lt: 1, guard_true: 1, jump: 1 });
  });

  it("a bytecode program's nested loops: the inner loop and the outer loop's bridge into it", () => {
    const program = "KAEL1DJ0";
    const run = metaInterp(m.bytecode, [program, 0, 3, 100]);
    expect(run.result).toBe(m.bytecode(program, 0, 3, 100));
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    expect(run.bridges[0]!.optimized!.operations.at(-1)!.descr).toBe(run.loops[0]!.optimized!.operations[0]!.descr);
    // measured: 2 resumes for 300 turns of the inner loop (1200 instructions)
    expect(run.blackholeResumes * 100).toBeLessThan(100 * 3);
  });
});

describe("the dispatch of a bytecode interpreter is gone from its loop", () => {
  const program = "ABMDJ0";
  const run = metaInterp(m.bytecode, [program, 0, 1, 100]);

  it("gives Node's result and the JIT-off result", () => {
    expect(run.result).toBe(m.bytecode(program, 0, 1, 100));
    expect(run.result).toBe(metaInterp(m.bytecode, [program, 0, 1, 100], "off").result);
  });

  it("the loop holds the five instructions, one debug_merge_point each", () => {
    run.checkTraceCount(1);
    const loop = peeledLoop(run.loops[0]!.optimized!);
    expect(loop.filter((name) => name === "debug_merge_point").length).toBe(program.length - 1);
  });

  it("no read of the code, no guard on an opcode, no switch: exactly the instructions' arithmetic", () => {
    run.checkSimpleLoop({ int_add_ovf: 2, int_mul_ovf: 1, int_mod: 1, int_sub_ovf: 1, guard_no_overflow: 4, int_gt: 1, guard_true: 1, jump: 1 });
    for (const trace of run.traces) {
      for (const name of opNames(trace)) expect(["strgetitem", "strlen", "getarrayitem_gc_i", "guard_value"]).not.toContain(name);
    }
  });

  it("another program pins its own instructions (xor and two adds)", () => {
    const other = "AXBADJ0";
    const run2 = metaInterp(m.bytecode, [other, 5, 3, 80]);
    expect(run2.result).toBe(m.bytecode(other, 5, 3, 80));
    // `a ^ b` is JavaScript's, on the 32-bit values of a and b
    run2.checkSimpleLoop({ int_add_ovf: 3, int_signext: 2, int_xor: 1, int_sub_ovf: 1, guard_no_overflow: 4, int_gt: 1, guard_true: 1, jump: 1 });
  });
});

describe("loops reaching other loops, and the portal calling itself", () => {
  // no bridge for the inner loop's exit (trace_eagerness high): the outer head gets hot and is traced into the inner loop
  const program = "KAEL1DJ0";
  const intoInner = metaInterp(m.bytecode, [program, 0, 3, 30], { trace_eagerness: 100 });

  it("a loop whose trace reaches another compiled loop jumps into it", () => {
    const run = intoInner;
    expect(run.result).toBe(m.bytecode(program, 0, 3, 30));
    run.checkLoopCount(2);
    run.checkBridgeCount(0);
    const [inner, outer] = run.loops as typeof run.loops;
    expect(outer!.optimized!.operations.at(-1)!.descr).toBe(inner!.optimized!.operations[0]!.descr);
    expect(opCounts(outer!.optimized!)).toEqual({ int_add_ovf: 1, int_sub_ovf: 1, guard_no_overflow: 2, int_gt: 1, guard_true: 1, jump: 1 });
  });

  it("the outer loop runs into the inner one at each outer iteration", () => {
    const run = intoInner;
    // every inner loop exit resumes in the blackhole interpreter (no bridge), then the outer loop runs
    expect(run.loopRuns).toBeGreaterThanOrEqual(30 - 3);
    expect(run.blackholeResumes).toBe(run.guardFailures);
  });

  it("a call of the portal from itself is inlined into the caller's loop", () => {
    const program = "C6DJ0RMAR";
    const run = metaInterp(m.bytecode, [program, 1, 2, 40]);
    expect(run.result).toBe(m.bytecode(program, 1, 2, 40));
    expect(run.result).toBe(metaInterp(m.bytecode, [program, 1, 2, 40], "off").result);
    run.checkTraceCount(1);
    run.checkSimpleLoop({ int_mul_ovf: 1, int_mod: 1, int_add_ovf: 1, int_sub_ovf: 1, guard_no_overflow: 3, int_gt: 1, guard_true: 1, jump: 1 });
    // the callee's instructions are merge points one frame deeper
    const mergePoints = run.loops[0]!.optimized!.operations.filter((op) => RESOPS[op.opnum]!.name === "debug_merge_point");
    const text = (op: (typeof mergePoints)[number]): string => (op.args[2] instanceof ConstText ? op.args[2].text : "");
    const depth = (op: (typeof mergePoints)[number]): number => (op.args[1] instanceof ConstInt ? op.args[1].value : -1);
    // each named by the driver's getPrintableLocation, bytecodeLocation: `pc:instruction`
    const depthAt = (pc: number): number[] => [...new Set(mergePoints.filter((op) => text(op).startsWith(`${pc}:`)).map(depth))];
    expect(depthAt(0)).toEqual([0]);
    expect(depthAt(6)).toHaveLength(1);
    expect(depthAt(6)[0]).toBeGreaterThan(0);
    expect(depthAt(7)).toEqual(depthAt(6));
  });

  it("a callee with a loop of its own is unrolled into the caller's loop", () => {
    const program = "C6DJ0RKAEL7R";
    const run = metaInterp(m.bytecode, [program, 1, 3, 40]);
    expect(run.result).toBe(m.bytecode(program, 1, 3, 40));
    // the callee is the portal called again: while the caller's loop is not yet compiled, the
    // callee runs as ordinary code and its own loop gets hot at its can_enter_jit (RPython: each
    // portal call enters the JIT at its merge point): a loop of its own (pc 7) and a bridge
    // from its exit to its return; then the caller's loop (pc 0), with the callee inlined
    run.checkLoopCount(2);
    run.checkBridgeCount(1);
    expect(run.loops.map((loop) => loop.greens[0])).toEqual([7, 0]);
    run.checkSimpleLoop({ int_add_ovf: 1, int_sub_ovf: 1, guard_no_overflow: 2, int_gt: 1, guard_true: 1, jump: 1 }, { loop: 0 });
    // b = 3 turns of the callee's loop per iteration; their counter is loop-invariant, so only the adds stay
    run.checkSimpleLoop({ int_add_ovf: 3, int_sub_ovf: 1, guard_no_overflow: 4, int_gt: 1, guard_true: 1, jump: 1 }, { loop: 1 });
  });
});

describe("recursion through the portal", () => {
  // the main loop calls the subroutine at 6, which calls itself b - 1 levels deep: a += b - 1, b - 2, ..., 1
  const program = "C6DJ0RGZAC6R";

  it("every level of a recursion is inlined: the loop is the recursion's adds", () => {
    const run = metaInterp(m.bytecode, [program, 0, 5, 40]);
    expect(run.result).toBe(m.bytecode(program, 0, 5, 40));
    expect(run.result).toBe(metaInterp(m.bytecode, [program, 0, 5, 40], "off").result);
    run.checkTraceCount(1);
    // the levels' b - 1 are loop-invariant (b is the same at each call): only the adds stay in the loop
    run.checkSimpleLoop({ int_add_ovf: 4, int_sub_ovf: 1, guard_no_overflow: 5, int_gt: 1, guard_true: 1, jump: 1 });
  });

  it("a recursion 30 deep is inlined whole (max_unroll_recursion=7 is not applied, nor call_assembler)", () => {
    const run = metaInterp(m.bytecode, [program, 0, 30, 20], { disable_unrolling: 1000 });
    expect(run.result).toBe(m.bytecode(program, 0, 30, 20));
    run.checkTraceCount(1);
    run.checkSimpleLoop({ int_add_ovf: 29, int_sub_ovf: 1, guard_no_overflow: 30, int_gt: 1, guard_true: 1, jump: 1 });
    for (const trace of run.traces) expect(opNames(trace)).not.toContain("call_assembler_i");
  });

  it("past disable_unrolling operations the loop is not peeled: each level's b - 1 and its test stay in it", () => {
    const run = metaInterp(m.bytecode, [program, 0, 30, 20]);
    expect(run.result).toBe(m.bytecode(program, 0, 30, 20));
    run.checkTraceCount(1);
    expect(opNames(run.loops[0]!.optimized!).filter((name) => name === "label")).toHaveLength(1);
    // below the first level, b - 1 of a b just tested > 0 cannot overflow (intbounds): a plain int_sub
    run.checkSimpleLoop({ int_add_ovf: 29, int_sub_ovf: 2, int_sub: 29, guard_no_overflow: 31, int_le: 30, guard_false: 29, guard_true: 2, int_gt: 1, jump: 1 });
  });

  it("a recursion too deep for trace_limit aborts, is blacklisted, and gives the interpreter's result", () => {
    const run = metaInterp(m.bytecode, [program, 0, 30, 40], { trace_limit: 100 });
    expect(run.result).toBe(m.bytecode(program, 0, 30, 40));
    run.checkTraceCount(0);
    run.checkAbortedCount(ABORTS_BEFORE_BLACKLIST);
  });
});

describe("RTS_JIT off", () => {
  const cases: [string, () => Run, unknown][] = [
    ["branchy", () => metaInterp(m.branchy, [300], "off"), m.branchy(300)],
    ["longBody", () => metaInterp(m.longBody, [100], "off"), m.longBody(100)],
    ["nestedTwoDrivers", () => metaInterp(m.nestedTwoDrivers, [10, 10], "off"), m.nestedTwoDrivers(10, 10)],
    ["bytecode", () => metaInterp(m.bytecode, ["C6DJ0RKAEL7R", 1, 3, 20], "off"), m.bytecode("C6DJ0RKAEL7R", 1, 3, 20)],
  ];
  for (const [name, run, expected] of cases) {
    it(`${name}: compiles nothing and gives the same result`, () => {
      const off = run();
      expect(off.result).toBe(expected);
      off.checkTraceCount(0);
      off.checkAbortedCount(0);
      expect(off.loopRuns + off.blackholeResumes).toBe(0);
    });
  }
});
