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
