// rts/testing's metaInterp on objects inside traces (RPython's test_virtual.py, test_exception.py
// and the checks of test_ajit.py): temporary objects removed, virtuals materialised when a guard
// fails, exceptions raised and caught around compiled code, and checks failing inside compiled code
// with the message and frames of a run without the JIT.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../helpers/run-rts.ts";

const dist = <T>(path: string): Promise<T> => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`) as Promise<T>;
const { loadInterpreter, metaInterp } = await dist<typeof import("../../../src/testing/index.ts")>("testing/index.js");
type Run = ReturnType<typeof metaInterp>;

const FIXTURE = "tests/jit/ajit/fixtures/objects.ts";
const m = await loadInterpreter<typeof import("./fixtures/objects.ts")>(`${repoRoot}/${FIXTURE}`);
const fixtureLines = readFileSync(`${repoRoot}/${FIXTURE}`, "utf8").split("\n");

/** A frame as errors print it: `at fn (file:line:col)`, where `code` starts on the one line of the fixture that holds `line` (code itself by default). */
function frame(fn: string, code: string, line: string = code): string {
  const lines = fixtureLines.flatMap((text, i) => (text.includes(line) && text.includes(code) ? [i] : []));
  if (lines.length !== 1) throw new Error(`'${line}' is on ${lines.length} lines of the fixture, not one`);
  const where = `${FIXTURE}:${lines[0]! + 1}:${fixtureLines[lines[0]!]!.indexOf(code) + 1}`;
  return fn === "" ? `    at ${where}` : `    at ${fn} (${where})`;
}

/** What Node gives: the value, or the error's message. */
function onNode(run: () => number): number | string {
  try {
    return run();
  } catch (error) {
    return (error as Error).message;
  }
}

/** The operations of the bridges alone (checkResops counts loops and bridges together). */
function bridgeOps(run: Run): string[] {
  return run.bridges.flatMap((b) => b.optimized!.operations.map((op) => op.name()));
}

describe("virtuals: objects that do not escape are not allocated", () => {
  it("removes a Point made and read in each iteration (test_virtual's test_virtualized1)", () => {
    const run = metaInterp(m.pointSum, [30]);
    expect(run.result).toBe(m.pointSum(30));
    run.checkTraceCount(1);
    // no new, no setfield_gc or getfield_gc: the Point's fields are the values it was made with
    run.checkResops({ int_mul_ovf: 2, int_add_ovf: 4, int_sub_ovf: 2, guard_no_overflow: 8, int_gt: 2, guard_true: 2, jump: 1 });
  });

  it("keeps an IntBox carried around the loop as a red virtual across the jump", () => {
    const run = metaInterp(m.boxedCount, [30]);
    expect(run.result).toBe(m.boxedCount(30));
    expect(run.result).toBe(465);
    run.checkTraceCount(1);
    // the box read once, in the preamble (it came in allocated); the loop makes none and reads none
    run.checkResops({ new: 0, setfield_gc: 0, getfield_gc_i: 1 }, { exact: false });
    run.checkSimpleLoop({ int_add_ovf: 1, int_sub_ovf: 1, guard_no_overflow: 2, int_gt: 1, guard_true: 1, jump: 1 });
  });

  it("removes a three-element array literal (a list, its items array and their reads)", () => {
    const run = metaInterp(m.arraySum, [30]);
    expect(run.result).toBe(m.arraySum(30));
    run.checkTraceCount(1);
    run.checkResops({ int_add_ovf: 8, int_sub_ovf: 2, guard_no_overflow: 10, int_gt: 2, guard_true: 2, jump: 1 });
  });

  it("removes a fixed-size typed array written and read in each iteration", () => {
    const run = metaInterp(m.typedArraySum, [30]);
    expect(run.result).toBe(m.typedArraySum(30));
    run.checkTraceCount(1);
    // a[0] * a[1] folded to int32(n) * 3: no new_array, no setarrayitem_gc, no getarrayitem_gc;
    // the Int32Array keeps n's low 32 bits (int_signext), whose product by 3 cannot overflow
    run.checkResops({ int_signext: 2, int_mul: 2, int_add_ovf: 2, guard_no_overflow: 4, int_sub_ovf: 2, int_gt: 2, guard_true: 2, jump: 1 });
  });

  it("reads back from a virtual Int32Array the low 32 bits of what was stored", () => {
    const run = metaInterp(m.typedArrayWrap, [30]);
    expect(run.result).toBe(m.typedArrayWrap(30));
    run.checkTraceCount(1);
    run.checkResops({ new_array_clear: 0, getarrayitem_gc_i: 0, setarrayitem_gc: 0 }, { exact: false });
  });

  it("reads back from an Int32Array in the heap the low 32 bits of what was stored", () => {
    const run = metaInterp(m.typedArrayWrapHeap, [30]);
    expect(run.result).toBe(m.typedArrayWrapHeap(30));
    run.checkTraceCount(1);
  });

  it("removes a pair (a tuple) made in each iteration", () => {
    const run = metaInterp(m.tupleSum, [30]);
    expect(run.result).toBe(m.tupleSum(30));
    run.checkTraceCount(1);
    run.checkResops({ int_sub_ovf: 4, int_add_ovf: 2, guard_no_overflow: 6, int_gt: 2, guard_true: 2, jump: 1 });
  });

  it("allocates a Point that escapes into a list", () => {
    const run = metaInterp(m.keepEvenPoints, [30]);
    expect(run.result).toBe(m.keepEvenPoints(30));
    run.checkTraceCount(1);
    // one Point per iteration (preamble and loop): allocated, its class and both fields stored, then appended
    run.checkResops({ new: 2, setfield_gc: 6, call_i: 2 }, { exact: false });
    run.checkSimpleLoop({ new: 1, setfield_gc: 3, call_i: 1, getfield_gc_i: 0 }, { exact: false });
  });

  it("allocates a Point passed to a function the JIT does not look inside", () => {
    const run = metaInterp(m.residualNorms, [30]);
    expect(run.result).toBe(m.residualNorms(30));
    expect(run.result).toBe(metaInterp(m.residualNorms, [30], "off").result);
    run.checkTraceCount(1);
    run.checkSimpleLoop({ new: 1, setfield_gc: 3, call_i: 1, getfield_gc_i: 0 }, { exact: false });
  });
});

describe("materialisation: a guard fails while an object is virtual", () => {
  it("gives the fields of the last iteration's Point after the loop's exit guard failed", () => {
    const run = metaInterp(m.lastPoint, [30]);
    expect(run.result).toBe(m.lastPoint(30));
    expect(run.result).toBe(metaInterp(m.lastPoint, [30], "off").result);
    run.checkTraceCount(1);
    run.checkSimpleLoop({ new: 0, getfield_gc_i: 0, setfield_gc: 0 }, { exact: false });
    // the loop left once, by its exit guard, into the blackhole interpreter with the Point rebuilt
    expect([run.loopRuns, run.guardFailures, run.blackholeResumes]).toEqual([1, 1, 1]);
  });

  it("reads a virtual Point in a branch taken only on the last iteration", () => {
    const run = metaInterp(m.rareBranch, [6]);
    expect(run.result).toBe(m.rareBranch(6));
    run.checkTraceCount(1);
    run.checkResops({ new: 0 }, { exact: false });
    // n === 1 failed the guard once; the loop's exit guard did not run again
    expect([run.guardFailures, run.blackholeResumes, run.bridgeRuns]).toEqual([1, 1, 0]);
  });

  it("reads a virtual Point in a branch taken every seventh iteration: blackhole first, then a bridge", () => {
    const run = metaInterp(m.rareBranch, [60]);
    expect(run.result).toBe(m.rareBranch(60));
    expect(run.result).toBe(metaInterp(m.rareBranch, [60], "off").result);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    run.checkSimpleLoop({ new: 0, setfield_gc: 0 }, { exact: false });
    expect(run.bridgeRuns).toBeGreaterThan(2);
    // the bridge gets the Point materialised (RPython's would get it virtual: a missed optimisation) and reads it
    expect(bridgeOps(run).filter((name) => name === "getfield_gc_i")).toHaveLength(1);
    expect(bridgeOps(run)).not.toContain("new");
  });

  it("rebuilds a Counter holding an IntBox, both virtual across the jump, at the loop's exit", () => {
    const run = metaInterp(m.nestedState, [30]);
    expect(run.result).toBe(m.nestedState(30));
    expect(run.result).toBe(metaInterp(m.nestedState, [30], "off").result);
    run.checkTraceCount(1);
    run.checkResops({ new: 0, setfield_gc: 0 }, { exact: false });
    run.checkSimpleLoop({ getfield_gc_i: 0, getfield_gc_r: 0 }, { exact: false });
    expect(run.guardFailures).toBe(1);
  });

  it("rebuilds a Pair of two Points at each failure of a guard taken every fifth iteration", () => {
    const run = metaInterp(m.rarePair, [40]);
    expect(run.result).toBe(m.rarePair(40));
    expect(run.result).toBe(metaInterp(m.rarePair, [40], "off").result);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    run.checkSimpleLoop({ new: 0, setfield_gc: 0, getfield_gc_i: 0, getfield_gc_r: 0 }, { exact: false });
    expect(run.blackholeResumes).toBeGreaterThan(0);
    expect(run.bridgeRuns).toBeGreaterThan(2);
    // the bridge reads both Points out of the materialised Pair
    expect(bridgeOps(run).filter((name) => name === "getfield_gc_r")).toHaveLength(2);
  });
  it("keeps a Particle with float, string and boolean fields virtual; allocates it only on the path that keeps it", () => {
    const run = metaInterp(m.particleSteps, [50]);
    expect(run.result).toBe(m.particleSteps(50));
    expect(run.result).toBe(metaInterp(m.particleSteps, [50], "off").result);
    run.checkLoopCount(1);
    // the loop neither allocates nor reads the Particle; the bridge of the path that pushes it allocates it
    run.checkSimpleLoop({ new: 0, setfield_gc: 0, getfield_gc_f: 0, getfield_gc_i: 0, getfield_gc_r: 0 }, { exact: false });
    expect(bridgeOps(run).filter((name) => name === "new")).toHaveLength(1);
    expect(bridgeOps(run).filter((name) => name === "call_i")).toHaveLength(2);
    expect(run.bridgeRuns).toBeGreaterThan(20);
  });

  it("rebuilds a virtual of the loop's frame when a guard fails inside an inlined callee", () => {
    const run = metaInterp(m.virtualAcrossCallee, [50]);
    expect(run.result).toBe(m.virtualAcrossCallee(50));
    expect(run.result).toBe(metaInterp(m.virtualAcrossCallee, [50], "off").result);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    run.checkSimpleLoop({ new: 0, getfield_gc_i: 0 }, { exact: false });
    expect(run.blackholeResumes).toBe(2);
    expect(run.bridgeRuns).toBeGreaterThan(2);
  });

  it("rebuilds a virtual array (a list and its items) when a guard fails", () => {
    const run = metaInterp(m.rareArray, [50]);
    expect(run.result).toBe(m.rareArray(50));
    expect(run.result).toBe(metaInterp(m.rareArray, [50], "off").result);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    run.checkSimpleLoop({ new: 0, new_array: 0, new_array_clear: 0, setarrayitem_gc: 0, getarrayitem_gc_i: 0 }, { exact: false });
    // the bridge reads the materialised list: its length, then items 1 and 2
    expect(bridgeOps(run).filter((name) => name === "getarrayitem_gc_i")).toHaveLength(2);
    expect(run.bridgeRuns).toBeGreaterThan(5);
  });
  it("allocates the loop's virtual Point when it leaves by a return (a bridge ending in finish)", () => {
    const run = metaInterp(m.returnVirtual, [8]);
    expect(run.result).toBe(m.returnVirtual(8));
    expect(run.result).toBe(metaInterp(m.returnVirtual, [8], "off").result);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    run.checkSimpleLoop({ new: 0, getfield_gc_i: 0 }, { exact: false });
    // the guard's Point is materialised before the bridge, which returns it as it is
    const bridge = run.bridges[0]!.optimized!.operations;
    expect(bridge[bridge.length - 1]!.name()).toBe("finish");
    expect(run.bridgeRuns).toBe(6);
  });

  it("rebuilds a virtual of the catching frame for the handler when an inlined callee raises", () => {
    const run = metaInterp(m.virtualInHandler, [50]);
    expect(run.result).toBe(m.virtualInHandler(50));
    expect(run.result).toBe(metaInterp(m.virtualInHandler, [50], "off").result);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    run.checkSimpleLoop({ new: 0, getfield_gc_i: 0 }, { exact: false });
    // The bridge jumps to the loop's start, which takes the IntBox as a pointer: it allocates
    // the new box (a bridge reaching the peeled loop with its virtual state would not).
    expect(bridgeOps(run).filter((name) => name === "new")).toHaveLength(1);
    expect(run.bridgeRuns).toBeGreaterThan(5);
  });
});

describe("exceptions raised and caught around traces", () => {
  it("catches a VMError raised and caught in the loop body; the bridge keeps the error virtual", () => {
    const run = metaInterp(m.catchInBody, [40]);
    expect(run.result).toBe(m.catchInBody(40));
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    expect(run.bridgeRuns).toBeGreaterThan(5);
    // raising and catching inside the bridge: the VMError's fields are read back without allocating it
    expect(bridgeOps(run)).not.toContain("new");
    expect(bridgeOps(run)).not.toContain("getfield_gc_i");
    run.checkSimpleLoop({ int_mod: 1, guard_false: 1, new: 0 }, { exact: false });
  });

  it("catches a VMError raised by an inlined callee", () => {
    const run = metaInterp(m.catchFromCallee, [40]);
    expect(run.result).toBe(m.catchFromCallee(40));
    expect(run.result).toBe(metaInterp(m.catchFromCallee, [40], "off").result);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    // the message is built (a residual concatenation) and its length read; the error itself stays virtual
    expect(bridgeOps(run)).toEqual(expect.arrayContaining(["call_r", "strlen"]));
    expect(bridgeOps(run)).not.toContain("new");
  });

  it("lets the loop's VMError reach the caller, which reads its fields", () => {
    const run = metaInterp(m.catchOutside, [300]);
    expect(run.result).toBe(m.catchOutside(300));
    run.checkTraceCount(1);
    expect(run.loopRuns).toBe(1);
    expect(run.guardFailures).toBe(1);
  });

  it("raises from a compiled bridge (finish with exit_frame_with_exception) to a caller that catches", () => {
    const run = metaInterp(m.catchOutsideRepeatedly, [8]);
    expect(run.result).toBe(m.catchOutsideRepeatedly(8));
    expect(run.result).toBe(metaInterp(m.catchOutsideRepeatedly, [8], "off").result);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    const bridge = run.bridges[0]!.optimized!;
    const last = bridge.operations[bridge.operations.length - 1]!;
    expect(last.name()).toBe("finish");
    expect(String(last.descr?.name)).toBe("exit_frame_with_exception");
    // the error escapes, so the bridge allocates it
    expect(bridgeOps(run).filter((name) => name === "new")).toHaveLength(1);
    // the first failure resumed in the blackhole, the second traced the bridge, the other six ran it
    expect([run.guardFailures, run.blackholeResumes, run.bridgeRuns]).toEqual([8, 1, 6]);
  });

  it("leaves an uncaught VMError with the message and frames of a run without the JIT", () => {
    const run = metaInterp(m.uncaughtFromLoop, [300]);
    const off = metaInterp(m.uncaughtFromLoop, [300], "off");
    const expected = ["Error: limit 300 passed", frame("sumUntil", "new VMError(`limit"), frame("uncaughtFromLoop", "sumUntil(limit) + 1")].join("\n");
    expect(onNode(() => m.uncaughtFromLoop(300))).toBe("limit 300 passed");
    expect(off.error).toBe(expected);
    expect(run.error).toBe(expected);
    expect(run.result).toBeUndefined();
    run.checkTraceCount(1);
    expect(run.loopRuns).toBe(1);
  });

  it("leaves an uncaught VMError raised by a compiled bridge with the frames of a run without the JIT", () => {
    const run = metaInterp(m.uncaughtAfterCaught, [8]);
    const off = metaInterp(m.uncaughtAfterCaught, [8], "off");
    const expected = ["Error: limit 7 passed", frame("sumUntil", "new VMError(`limit"), frame("uncaughtAfterCaught", "sumUntil(7)")].join("\n");
    expect(onNode(() => m.uncaughtAfterCaught(8))).toBe("limit 7 passed");
    expect(off.error).toBe(expected);
    expect(run.error).toBe(expected);
    run.checkBridgeCount(1);
    // nine raises: one resumed in the blackhole, one traced, the last seven (the uncaught one too) by the bridge
    expect([run.guardFailures, run.blackholeResumes, run.bridgeRuns]).toEqual([9, 1, 7]);
  });

  it("gives an uncaught VMError of a residual call the frame of the loop's function, as without the JIT", () => {
    const expected = ["Error: residual 10", frame("", "new VMError(`residual"), frame("sumChecked", "residualCheck(n)", "sum = sum + residualCheck(n);"), frame("uncaughtFromResidual", "sumChecked(n) * 2")].join("\n");
    expect(onNode(() => m.uncaughtFromResidual(14))).toBe("residual 10");
    expect(metaInterp(m.uncaughtFromResidual, [14], "off").error).toBe(expected);
    const run = metaInterp(m.uncaughtFromResidual, [14]);
    expect(run.error).toBe(expected);
    // raised by the residual call of the compiled loop: guard_no_exception failed
    run.checkTraceCount(1);
    expect([run.loopRuns, run.guardFailures]).toEqual([1, 1]);
    // and before any loop is compiled, the meta-interpreter making the call
    const early = metaInterp(m.uncaughtFromResidual, [5]);
    expect(early.error).toBe(expected.replace("residual 10", "residual 5"));
    early.checkTraceCount(0);
  });

  it("gives an uncaught VMError made by the jitcodes of an inlined callee the frames of the callee and the loop", () => {
    const expected = ["Error: 21 passed 20", frame("checkedBelow", "new VMError(`${x} passed"), frame("sumBelow", "checkedBelow(i, limit)"), frame("uncaughtFromCallee", "sumBelow(limit) - 1")].join("\n");
    expect(onNode(() => m.uncaughtFromCallee(20))).toBe("21 passed 20");
    expect(metaInterp(m.uncaughtFromCallee, [20], "off").error).toBe(expected);
    const run = metaInterp(m.uncaughtFromCallee, [20]);
    expect(run.error).toBe(expected);
    run.checkTraceCount(1);
    expect([run.loopRuns, run.guardFailures]).toEqual([1, 1]);
  });

  it("catches a VMError raised in a residual call (guard_no_exception fails)", () => {
    const run = metaInterp(m.catchFromResidual, [40]);
    expect(run.result).toBe(m.catchFromResidual(40));
    expect(run.result).toBe(metaInterp(m.catchFromResidual, [40], "off").result);
    run.checkLoopCount(1);
    run.checkSimpleLoop({ call_i: 1, guard_no_exception: 1 }, { exact: false });
    // No bridge: one from a guard_no_exception that failed with the exception pending is refused
    // (RPython's starts with save_exception; RTS has no such operation), so every raise is
    // resumed in the blackhole interpreter: a missed optimisation.
    run.checkBridgeCount(0);
    run.checkAbortedCount(3);
    expect(run.abortReasons).toEqual(Array(3).fill("a bridge from a guard that failed with an exception pending"));
    expect(run.blackholeResumes).toBe(8);
  });

  it("runs a finally around the loop when it ends normally and when a VMError leaves it", () => {
    const run = metaInterp(m.finallyAroundLoop, [30, 5]);
    expect(run.result).toBe(m.finallyAroundLoop(30, 5));
    expect(run.result).toBe(metaInterp(m.finallyAroundLoop, [30, 5], "off").result);
    // log.value === 11: the finally ran twice
    expect((run.result as number) % 100).toBe(11);
    run.checkLoopCount(1);
    expect(run.loopRuns).toBe(2);
    // the second run leaves the loop at n === failAt while acc is virtual: materialised for the error's code
    expect(run.guardFailures).toBe(2);
  });

  it("catches a VMError two inlined calls deep in the middle one, whose finally runs every time", () => {
    const run = metaInterp(m.catchInMiddle, [50]);
    expect(run.result).toBe(m.catchInMiddle(50));
    expect(run.result).toBe(metaInterp(m.catchInMiddle, [50], "off").result);
    expect((run.result as number) % 1000).toBe(50);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    // the finally's store to the log is in the loop; the error stays virtual in the bridge
    run.checkSimpleLoop({ setfield_gc: 1, new: 0 }, { exact: false });
    expect(bridgeOps(run)).not.toContain("new");
    expect(run.bridgeRuns).toBeGreaterThan(5);
  });
});

describe("checks failing inside compiled code: the message and frames of a run without the JIT", () => {
  /** Runs with the JIT and without; both must give `expected`, and the JIT's run must have compiled the loop. */
  function failsAsWithoutJit(fn: (...args: number[]) => number, args: number[], expected: string): Run {
    const off = metaInterp(fn, args, "off");
    expect(off.error).toBe(expected);
    const run = metaInterp(fn, args);
    expect(run.error).toBe(expected);
    expect(run.result).toBeUndefined();
    return run;
  }

  it("stops at an index out of bounds reached after the loop compiled", () => {
    const expected = ["fatal error: index 30 out of bounds (length 30)", frame("sumPrefix", "items[i]!", "sum += items[i]!;"), frame("indexPastEnd", "sumPrefix(items, stop)")].join("\n");
    const run = failsAsWithoutJit(m.indexPastEnd, [30, 40], expected);
    expect(m.indexPastEnd(30, 40)).toBeNaN();
    run.checkTraceCount(1);
    // the bounds check (uint_lt + guard_true) failed in the loop; the blackhole interpreter stopped at it
    run.checkSimpleLoop({ uint_lt: 1 }, { exact: false });
    expect([run.loopRuns, run.guardFailures, run.blackholeResumes]).toEqual([1, 1, 1]);
  });

  it("gives the sum when the loop stays in bounds", () => {
    const run = metaInterp(m.indexPastEnd, [30, 30]);
    expect(run.result).toBe(m.indexPastEnd(30, 30));
    expect(run.error).toBeUndefined();
  });

  it("stops at an integer overflow past 2^53 inside the compiled loop", () => {
    const expected = ["fatal error: integer overflow: the result is beyond the integers JavaScript keeps exact (2^53)", frame("tripleOverflow", "x * 3 + 1")].join("\n");
    const run = failsAsWithoutJit(m.tripleOverflow, [60], expected);
    expect(m.tripleOverflow(60)).toBeGreaterThan(2 ** 53);
    run.checkTraceCount(1);
    expect(run.loopRuns).toBe(1);
    expect(run.guardFailures).toBe(1);
  });

  it("stops at Math.floor of a division by zero inside a residual helper the compiled loop calls", () => {
    const expected = ["fatal error: the number Infinity is not an integer the program can hold", frame("divideDown", "Math.floor(1000 / (n - d))", "Math.floor(1000 / (n - d)) +")].join("\n");
    const run = failsAsWithoutJit(m.divideDown, [30, 10], expected);
    run.checkTraceCount(1);
    // the check failed in the residual call of ll_cast_float_to_int, in compiled code: no guard failed
    run.checkSimpleLoop({ call_i: 1, call_f: 1 }, { exact: false });
    expect([run.loopRuns, run.guardFailures]).toEqual([1, 0]);
  });

  it("stops at the same division by zero before any loop is compiled", () => {
    const expected = ["fatal error: the number Infinity is not an integer the program can hold", frame("divideDown", "Math.floor(1000 / (n - d))", "Math.floor(1000 / (n - d)) +")].join("\n");
    const run = failsAsWithoutJit(m.divideDown, [30, 29], expected);
    run.checkTraceCount(0);
  });

  it("stops at the division by zero in the blackhole interpreter after a guard failed", () => {
    const expected = ["fatal error: the number Infinity is not an integer the program can hold", frame("divideDownBranch", "Math.floor(1000 / (n - d))", "sum += Math.floor(1000 / (n - d));")].join("\n");
    const run = failsAsWithoutJit(m.divideDownBranch, [30, 10], expected);
    run.checkTraceCount(1);
    expect([run.loopRuns, run.guardFailures]).toEqual([1, 1]);
  });

  it("names the inlined callee, the loop's function and its caller when the division by zero is in a callee", () => {
    const expected = [
      "fatal error: the number Infinity is not an integer the program can hold",
      frame("ratio", "Math.floor(a / b)"),
      frame("divideInCallee", "ratio(1000, n - d)"),
      frame("divideFromCaller", "divideInCallee(n, d) + 1"),
    ].join("\n");
    const run = failsAsWithoutJit(m.divideFromCaller, [30, 10], expected);
    run.checkTraceCount(1);
    expect([run.loopRuns, run.guardFailures]).toEqual([1, 0]);
  });

  it("gives the frame of the loop below a residual function whose index check fails", () => {
    const expected = ["fatal error: index 30 out of bounds (length 30)", frame("", "items[i]! * 2"), frame("residualIndexPastEnd", "residualItem(items, i)")].join("\n");
    const run = failsAsWithoutJit(m.residualIndexPastEnd, [30, 40], expected);
    run.checkTraceCount(1);
    expect([run.loopRuns, run.guardFailures]).toEqual([1, 0]);
  });

  it("stops at `!` of a missing Map value inside the compiled loop", () => {
    const expected = ["fatal error: null or undefined where a value was expected", frame("lookupDown", "table.get(n)!.value")].join("\n");
    const run = failsAsWithoutJit(m.lookupDown, [30, 10], expected);
    expect(onNode(() => m.lookupDown(30, 10))).toMatch(/Cannot read properties of undefined/);
    run.checkTraceCount(1);
    expect([run.loopRuns, run.guardFailures]).toEqual([1, 1]);
  });
});
