// rts/testing's metaInterp and its checks on small loops (RPython's test_ajit.py: test_loop and
// its neighbours), and each check failing on a wrong expectation with the traces in its message.

import { describe, expect, it } from "vitest";
import { repoRoot } from "../../helpers/run-rts.ts";

const dist = <T>(path: string): Promise<T> => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`) as Promise<T>;
const { loadInterpreter, metaInterp, JitCheckError } = await dist<typeof import("../../../src/testing/index.ts")>("testing/index.js");
const m = await loadInterpreter<typeof import("./fixtures/loops.ts")>(`${repoRoot}/tests/jit/ajit/fixtures/loops.ts`);
const { PROF_TOTAL_COMPILED_LOOPS, PROF_TOTAL_FREED_BRIDGES, PROF_TOTAL_FREED_LOOPS } = await dist<typeof import("../../../src/runtime/jit/jitprof.ts")>("runtime/jit/jitprof.js");

/** The operations of sum's peeled loop: res += x and y -= 1 checked for overflow, y > 0. */
const SUM_LOOP = { int_add_ovf: 1, int_sub_ovf: 1, guard_no_overflow: 2, int_gt: 1, guard_true: 1, jump: 1 } as const;

describe("metaInterp on a counting loop", () => {
  const run = metaInterp(m.sum, [6, 7]);

  it("gives the function's result, as on Node and without the JIT", () => {
    expect(run.result).toBe(m.sum(6, 7));
    expect(run.result).toBe(42);
    expect(metaInterp(m.sum, [6, 7], "off").result).toBe(42);
  });

  it("compiles one loop, no bridge, no abort, and runs it", () => {
    run.checkTraceCount(1);
    run.checkLoopCount(1);
    run.checkBridgeCount(0);
    run.checkAbortedCount(0);
    expect(run.loopRuns).toBe(1);
  });

  it("counts the peeled loop's operations (checkSimpleLoop) and the preamble's with it (checkResops)", () => {
    run.checkSimpleLoop(SUM_LOOP);
    // the preamble holds the same operations, ending in the peeled loop's label instead of a jump
    run.checkResops({ int_add_ovf: 2, int_sub_ovf: 2, guard_no_overflow: 4, int_gt: 2, guard_true: 2, jump: 1 });
    run.checkResops({ int_gt: 2 }, { exact: false });
  });

  it("compiles nothing with the JIT off, nor when the loop never gets hot", () => {
    metaInterp(m.sum, [6, 7], "off").checkTraceCount(0);
    metaInterp(m.sum, [6, 2]).checkTraceCount(0);
    metaInterp(m.sum, [6, 100], { threshold: 1000 }).checkTraceCount(0);
  });
});

describe("each check fails on a wrong expectation, showing the traces", () => {
  const run = metaInterp(m.sum, [6, 7]);
  const failure = (check: () => void): string => {
    try {
      check();
    } catch (error) {
      expect(error).toBeInstanceOf(JitCheckError);
      return (error as Error).message;
    }
    throw new Error("the check passed");
  };

  it("checkTraceCount, checkLoopCount, checkBridgeCount, checkAbortedCount", () => {
    expect(failure(() => run.checkTraceCount(2))).toMatch(/^expected 2 traces \(loops and bridges\), found 1 \(1 loops, 0 bridges\)\n# loop 0\n\[i0, i1, i2\]\nlabel\(/);
    expect(failure(() => run.checkLoopCount(0))).toMatch(/^expected 0 loops, found 1\n/);
    expect(failure(() => run.checkBridgeCount(1))).toMatch(/^expected 1 bridges, found 0\n/);
    expect(failure(() => run.checkAbortedCount(1))).toMatch(/^expected 1 aborted traces, found 0\n/);
  });

  it("checkResops and checkSimpleLoop: a count off by one, an operation missing, one not expected", () => {
    expect(failure(() => run.checkSimpleLoop({ ...SUM_LOOP, int_gt: 2 }))).toContain("operations in the loop differ:\n  int_gt: expected 2, found 1\n");
    const { jump: _jump, ...withoutJump } = SUM_LOOP;
    expect(failure(() => run.checkSimpleLoop(withoutJump))).toContain("jump: expected none, found 1");
    expect(failure(() => run.checkSimpleLoop({ ...SUM_LOOP, int_mul: 1 }))).toContain("int_mul: expected 1, found 0");
    expect(failure(() => run.checkResops({ int_add_ovf: 1 }, { exact: false }))).toContain("operations in the loops and bridges differ:\n  int_add_ovf: expected 1, found 2\n");
    expect(failure(() => run.checkResops({ no_such_op: 1 } as never))).toMatch(/^'no_such_op' is no resoperation\n/);
  });

  it("checkSimpleLoop wants exactly one loop", () => {
    const two = metaInterp(m.twoLoops, [20]);
    expect(failure(() => two.checkSimpleLoop({ jump: 1 }))).toMatch(/^checkSimpleLoop: expected one loop, found 2\n/);
  });
});

describe("metaInterp on other loops", () => {
  it("compiles a loop per green key", () => {
    const run = metaInterp(m.twoLoops, [30]);
    expect(run.result).toBe(m.twoLoops(30));
    run.checkLoopCount(2);
    run.checkAbortedCount(0);
  });

  it("compiles a bridge for a branch taken every other iteration, and leaves the blackhole interpreter few iterations", () => {
    const run = metaInterp(m.countOdd, [400]);
    expect(run.result).toBe(200);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    expect(run.bridgeRuns).toBeGreaterThan(150);
    // the guard fails trace_eagerness (2) times before its bridge is traced: only those resume in the blackhole
    expect(run.blackholeResumes).toBeLessThanOrEqual(2);
  });

  it("carries a float red", () => {
    const run = metaInterp(m.halve, [1000.5, 40]);
    expect(run.result).toBe(m.halve(1000.5, 40));
    run.checkSimpleLoop({ float_truediv: 1, int_sub_ovf: 1, guard_no_overflow: 1, int_gt: 1, guard_true: 1, jump: 1 });
  });

  it("names each debug_merge_point by the driver's getPrintableLocation", () => {
    const run = metaInterp(m.named, ["adj", 30]);
    expect(run.result).toBe(m.named("adj", 30));
    run.checkLoopCount(1);
    const text = run.tracesText();
    for (const [pc, c] of [[0, "a"], [1, "d"], [2, "j"]] as const) expect(text).toContain(`debug_merge_point(0, 0, '${c} at ${pc} of adj')`);
  });

  it("refuses a function from elsewhere, and arguments that are not numbers, booleans or strings", () => {
    expect(() => metaInterp(() => 1, [])).toThrow("does not come from a module loaded with loadInterpreter");
    expect(() => metaInterp(m.sum, [[1] as never, 2])).toThrow("an argument must be a number, a boolean or a string, not object");
  });
});

describe("a tape machine's loops over a Uint8Array (a Brainfuck interpreter in small)", () => {
  it("[-] clears its cell with the cell's value in a register: no bounds check, no read in the loop", () => {
    const program = `${"+".repeat(200)}[-]>+++`;
    const run = metaInterp(m.tapeMachine, [program, 4]);
    expect(run.result).toBe(m.tapeMachine(program, 4));
    expect(run.result).toBe(6);
    run.checkTraceCount(1);
    // the cell comes in a label argument (the short preamble), the store of a byte that fits is
    // forwarded to the next read, and the length of the invariant tape is known from the preamble
    run.checkSimpleLoop({ int_sub: 1, int_and: 1, setarrayitem_gc: 1, int_ne: 1, guard_true: 1, jump: 1 });
  });

  it("[->+<] moves a cell to the next one: the pointer comes back unchanged, both cells come in registers", () => {
    const program = `${"+".repeat(100)}[->+<]`;
    const run = metaInterp(m.tapeMachine, [program, 4]);
    expect(run.result).toBe(m.tapeMachine(program, 4));
    expect(run.result).toBe(200);
    run.checkTraceCount(1);
    // ptr + 1 - 1 is ptr: invariant (the preamble computes ptr + 1 and checks both bounds once)
    run.checkSimpleLoop({ int_sub: 1, int_add: 1, int_and: 2, setarrayitem_gc: 2, int_ne: 1, guard_true: 1, jump: 1 });
  });

  it("nested loops and a moving pointer give the interpreter's result", () => {
    // cells 1..4 get 3 * 7 = 21 added each, moved along by an inner loop whose pointer varies
    const program = `${"+".repeat(7)}[>${"+".repeat(3)}[>+<-]>[>+<-]>[>+<-]>[<<<+>>>-]<<<<-]>>>>[-<+>]`;
    const off = metaInterp(m.tapeMachine, [program, 8], "off").result;
    expect(off).toBe(m.tapeMachine(program, 8));
    const run = metaInterp(m.tapeMachine, [program, 8]);
    expect(run.result).toBe(off);
    const eager = metaInterp(m.tapeMachine, [program, 8], { threshold: 1, trace_eagerness: 1 });
    expect(eager.result).toBe(off);
  });
});

describe("an inner loop is a loop of its own (RPython's reached_loop_header)", () => {
  // Markers and data side by side: the outer loop [>[-]>] walks the markers (6 of them), the
  // inner [-] clears each data cell: the first three are 0 (it never runs), the last three 3. So
  // the outer loop gets hot before the inner one ever went round, and its trace meets it cold.
  // A trace that went round it would copy each of its iterations, with their guards, into the
  // outer loop's trace and into every bridge that passes it (bf's mandel.b with every guard
  // bridged at once made traces without end that way).
  const program = `+>>+>>+>>+>+++>+>+++>+>+++<<<<<<<<<<<[>[-]>]`;
  const innerHeader = program.indexOf("[-]") + 1;

  /** The pc of each debug_merge_point of a recorded trace. */
  const mergePoints = (trace: { operations: readonly { name(): string; args: readonly unknown[] }[] }): number[] =>
    trace.operations.filter((op) => op.name() === "debug_merge_point").map((op) => Number(/^pc=(\d+),/.exec((op.args[2] as { text: string }).text)![1]));
  /** The loop headers a trace reaches by a jump back (a `]` taken), in order: a loop gone round once more repeats one. */
  const headersReached = (pcs: number[]): number[] => pcs.filter((pc, i) => i > 0 && pc < pcs[i - 1]!);

  for (const [label, params] of [
    ["the default parameters", { threshold: 3 }],
    ["every guard bridged at once", { threshold: 1, trace_eagerness: 1 }],
  ] as const) {
    it(`with ${label}: the interpreter's result, and no trace goes round a loop twice`, () => {
      const run = metaInterp(m.tapeMachine, [program, 14], params);
      expect(run.result).toBe(m.tapeMachine(program, 14));
      const traces = [...run.loops.map((l) => l.trace), ...run.bridges.map((b) => b.trace)];
      expect(traces.length).toBeGreaterThan(1);
      for (const trace of traces) {
        const headers = headersReached(mergePoints(trace));
        expect(new Set(headers).size, mergePoints(trace).join(" ")).toBe(headers.length);
      }
      expect(traces.flatMap(mergePoints).length).toBeGreaterThan(traces.length);
      // the inner loop was traced from its own header
      expect(run.loops.some((l) => mergePoints(l.trace)[0] === innerHeader)).toBe(true);
    });
  }
});

describe("loop_longevity frees the loops no longer entered (RPython's test_memmgr)", () => {
  type Run = ReturnType<typeof metaInterp>;
  const counter = (run: Run, index: number): number => run.interp.profiler.counters[index]!;
  /** The warm state's cells (the keys it knows) of every portal. */
  function cellCount(run: Run): number {
    let n = 0;
    for (const portal of run.interp.portals.values()) {
      for (const chain of portal.runner.warmstate.chains) for (let cell = chain; cell !== null; cell = cell.next) n++;
    }
    return n;
  }
  const KEYS = 40;
  const expected = m.manyLoops(KEYS, 2, 24);

  it("keeps every loop with loop_longevity=0", () => {
    const run = metaInterp(m.manyLoops, [KEYS, 2, 24], { loop_longevity: 0 });
    expect(run.result).toBe(expected);
    expect(run.loops.length).toBe(KEYS);
    expect(counter(run, PROF_TOTAL_FREED_LOOPS)).toBe(0);
    // the second pass runs every key's loop as compiled in the first
    expect(counter(run, PROF_TOTAL_COMPILED_LOOPS)).toBe(KEYS);
  });

  it("frees loops and their bridges, keeps few, and traces a key hot again anew", () => {
    // a generation per trace (a loop and a bridge per key); a check every 2 generations
    const run = metaInterp(m.manyLoops, [KEYS, 2, 24], { loop_longevity: 4 });
    expect(run.result).toBe(expected);
    const compiled = counter(run, PROF_TOTAL_COMPILED_LOOPS);
    const freed = counter(run, PROF_TOTAL_FREED_LOOPS);
    expect(freed).toBeGreaterThan(KEYS);
    expect(counter(run, PROF_TOTAL_FREED_BRIDGES)).toBeGreaterThan(KEYS);
    // the live loops are those made or entered in the last loop_longevity generations, and the check's
    expect(run.loops.length).toBe(compiled - freed);
    expect(run.loops.length).toBeLessThanOrEqual(4 + 2 + 1);
    // the second pass found the first pass's loops freed: every key traced again
    expect(compiled).toBeGreaterThan(KEYS + KEYS / 2);
    // a freed loop's key is forgotten by the warm state: its cell goes with it
    expect(cellCount(run)).toBeLessThanOrEqual(run.loops.length + 1);
    // each live bridge belongs to a live loop's family
    for (const bridge of run.bridges) expect(run.loops).toContain(bridge.owner);
  });
});
