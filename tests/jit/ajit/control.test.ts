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

