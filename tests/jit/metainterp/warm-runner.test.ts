// The meta-interpreter under the warm runner (src/runtime/jit/metainterp/warm-runner.ts): the
// tiny interpreter's programs give the same results, failures and messages as interpreting them
// alone, while loops are traced and run by the trace interpreter, guards fail and resume from
// their snapshots (frames rebuilt, nested ones too), bridges are traced from guards that keep
// failing and jump back to the loop, and a key whose traces keep aborting is blacklisted.

import { describe, expect, it } from "vitest";
import { checkTrace } from "../../../src/runtime/jit/check-trace.ts";
import { ALL_OPTS, ALL_OPTS_MASK, JitParams, P_ENABLE_OPTS, P_THRESHOLD, P_TRACE_EAGERNESS, P_TRACE_LIMIT } from "../../../src/lib/jit-params.ts";
import { JitProfiler, PROF_ABORT_TOO_LONG, PROF_TOTAL_COMPILED_BRIDGES, PROF_TOTAL_COMPILED_LOOPS } from "../../../src/runtime/jit/jitprof.ts";
import { MI_DONE, MI_EXCEPTION, MI_FATAL, MI_MERGE_POINT, MetaInterp } from "../../../src/runtime/jit/metainterp/metainterp.ts";
import { interpret } from "../../../src/runtime/jit/metainterp/opimpl.ts";
import { MCR_CONTINUE, MCR_DONE, MCR_RESTART, WarmRunner } from "../../../src/runtime/jit/metainterp/warm-runner.ts";
import { traceText } from "../../../src/runtime/jit/print-trace.ts";
import { JC_DONT_TRACE_HERE } from "../../../src/runtime/jit/warmstate.ts";
import { OP, TinyLocations, TinyMemory, dataDescr, tinyJitCode } from "./tiny-interp.ts";

const tiny = tinyJitCode();
type Program = [number, number][];

function outcome(mi: MetaInterp, status: number): string {
  if (status === MI_DONE) return `${mi.resultValue}`;
  if (status === MI_FATAL) return `fatal ${mi.fatalSite!.file}:${mi.fatalSite!.line}:${mi.fatalSite!.column}: ${mi.fatalMessage}`;
  if (status === MI_EXCEPTION) return `exception ${mi.exception}`;
  return `status ${status}`;
}

/** Runs the program by interpreting only. */
function plain(program: Program, acc: number, n: number, data: number[] = []): string {
  const mem = new TinyMemory();
  const mi = new MetaInterp(mem, new JitParams(), new JitProfiler());
  mi.enterJitCode(tiny, [0, acc, n], [mem.program(program), mem.intArray(data, dataDescr)], []);
  for (;;) {
    const status = interpret(mi);
    if (status !== MI_MERGE_POINT) return outcome(mi, status);
    mi.continueInterpreting();
  }
}

/** Runs the program under the JIT (threshold 3, trace_eagerness 2 unless said). */
function jitted(program: Program, acc: number, n: number, data: number[] = [], traceLimit = 6000, traceEagerness = 2, enableOpts = ALL_OPTS_MASK) {
  const mem = new TinyMemory();
  const params = new JitParams();
  params.set(P_THRESHOLD, 3);
  params.set(P_TRACE_EAGERNESS, traceEagerness);
  params.set(P_TRACE_LIMIT, traceLimit);
  params.set(P_ENABLE_OPTS, enableOpts);
  const runner = new WarmRunner(mem, params, new JitProfiler());
  runner.warmstate.paramsChanged();
  runner.mi.locations = new TinyLocations(mem);
  const status = runner.run(tiny, [0, acc, n], [mem.program(program), mem.intArray(data, dataDescr)], []);
  return { runner, mem, result: outcome(runner.mi, status) };
}

const SUM: Program = [[OP.ADDN, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]];
// n odd: acc += 3; then acc += n for every n
const BRANCHY: Program = [[OP.JEVEN, 4], [OP.ADD, 3], [OP.ADDN, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]];

const cases: [string, Program, number, number, number[]][] = [
  ["sum", SUM, 0, 1000, []],
  ["branchy", BRANCHY, 0, 1000, []],
  ["inline call", [[OP.SQUARE, 0], [OP.ADD, -1], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 1, 200, []],
  ["residual and elidable calls", [[OP.RES, 1], [OP.ELID, 2], [OP.ELIDN, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 0, 30, []],
  ["promotion", [[OP.PROM, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 0, 100, []],
  ["array reads", [[OP.IDX, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 0, 99, Array.from({ length: 100 }, (_, k) => k * 7)],
  ["a bounds check failing inside the loop", [[OP.IDX, 0], [OP.DEC, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 0, 41, Array.from({ length: 50 }, (_, k) => k)],
  ["an overflow inside an inlined call", [[OP.SQUARE, 0], [OP.JNZ, 0], [OP.HALT, 0]], 2, 1, []],
  ["an exception raised inside the loop, caught by the portal", [[OP.ADD, 7], [OP.TRY, 0], [OP.JNZ, 0], [OP.HALT, 0]], 0, 1, []],
  ["nested loops", [[OP.SETN, 3], [OP.ADDN, 0], [OP.DEC, 0], [OP.JNZ, 2], [OP.DECD, 0], [OP.JDNZ, 0], [OP.HALT, 0]], 0, 0, [50]],
];

describe("programs under the JIT give what they give interpreted", () => {
  for (const [name, program, acc, n, data] of cases) {
    it(name, () => {
      const expected = plain(program, acc, n, data);
      const { runner, result } = jitted(program, acc, n, data);
      expect(result).toBe(expected);
      expect(runner.mi.registry.loops.length, "a loop was compiled").toBeGreaterThan(0);
      for (const loop of runner.mi.registry.loops) expect(checkTrace(loop.trace)).toBe("");
      for (const bridge of runner.mi.registry.bridges) expect(checkTrace(bridge.trace)).toBe("");
      // every tracing phase (loops, bridges, aborts) was closed
      expect(runner.mi.profiler.depth).toBe(0);
      expect(runner.mi.profiler.broken).toBe(false);
    });
  }

  it("stops with the same message and position when a check fails inside a trace", () => {
    const program: Program = [[OP.IDX, 0], [OP.DEC, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]];
    const { runner, result } = jitted(program, 0, 41, Array.from({ length: 50 }, (_, k) => k));
    expect(result).toBe("fatal tiny.ts:20:9: index -1 out of bounds (length 50)");
    expect(runner.loopRuns).toBeGreaterThan(0);
    const overflow = jitted([[OP.SQUARE, 0], [OP.JNZ, 0], [OP.HALT, 0]], 2, 1);
    expect(overflow.result).toBe("fatal tiny.ts:30:12: integer overflow: the result is beyond the integers JavaScript keeps exact (2^53)");
    // the overflow happened in compiled code: its guard, in square's frame, failed and resumed
    expect(overflow.runner.guardFailures).toBeGreaterThan(0);
  });
});

describe("bridges", () => {
  it("traces a bridge from a guard that keeps failing, which jumps back to the loop", () => {
    const { runner, result } = jitted(BRANCHY, 0, 1000);
    expect(result).toBe(plain(BRANCHY, 0, 1000));
    const registry = runner.mi.registry;
    expect(registry.loops).toHaveLength(1);
    expect(registry.bridges).toHaveLength(1);
    expect(runner.mi.profiler.counters[PROF_TOTAL_COMPILED_LOOPS]).toBe(1);
    expect(runner.mi.profiler.counters[PROF_TOTAL_COMPILED_BRIDGES]).toBe(1);
    const bridge = registry.bridges[0]!;
    expect(bridge.target).toBe(registry.loops[0]);
    const text = traceText(bridge.trace);
    // it starts past the branch whose guard failed (JEVEN, now going the other way: its test is not
    // recorded again), and ends at the loop's label
    expect(text).toMatch(/^\[i0, i1, i2, p3\]\ndebug_merge_point\(0, 0, '(2: ADD|4: ADDN)'\)\n/);
    expect(text).not.toMatch(/int_eq/);
    expect(text).toMatch(/jump\([^)]*descr=loop0\)\n$/);
    // after the bridge, failures of the guard run it instead of resuming: fewer than 1% resume
    expect(runner.bridgeRuns).toBeGreaterThan(490);
    expect(runner.guardFailures - runner.bridgeRuns).toBeLessThan(10);
  });

  it("rebuilds the frames from the guard's snapshot with the bridge's input arguments", () => {
    const { runner } = jitted(BRANCHY, 0, 1000);
    const bridge = runner.mi.registry.bridges[0]!;
    const guard = bridge.guard;
    // the bridge's inputs are the guard's fail arguments, one each, of the same kinds
    expect(bridge.trace.inputArgs.map((a) => a.kind)).toEqual(guard.failArgs.map((a) => a.kind));
    expect(guard.bridge).toBe(0);
    expect(guard.snapshot.jitcode).toBe(tiny);
    expect(guard.snapshot.prev).toBeNull();
  });
});

describe("nested loops", () => {
  // for data[0] times: n = 3; do { acc += n; n -= 1 } while (n != 0)
  const NESTED: Program = [[OP.SETN, 3], [OP.ADDN, 0], [OP.DEC, 0], [OP.JNZ, 2], [OP.DECD, 0], [OP.JDNZ, 0], [OP.HALT, 0]];

  it("traces the inner loop, then a bridge from its exit through the outer loop back into it", () => {
    const { runner, result } = jitted(NESTED, 0, 0, [200]);
    expect(result).toBe(plain(NESTED, 0, 0, [200]));
    expect(result).toBe(`${200 * 6}`);
    const registry = runner.mi.registry;
    expect(registry.loops).toHaveLength(1);
    expect(traceText(registry.loops[0]!.trace)).toContain("debug_merge_point(0, 0, '2: ADDN')");
    // the bridge stores data[0], passes the outer loop's head and re-enters the inner loop
    expect(registry.bridges).toHaveLength(1);
    const bridge = registry.bridges[0]!;
    expect(bridge.target).toBe(registry.loops[0]);
    const text = traceText(bridge.trace);
    expect(text).toContain("setarrayitem_gc(");
    expect(text).toContain("debug_merge_point(0, 0, '0: SETN')");
    expect(runner.bridgeRuns).toBeGreaterThan(150);
  });

  it("traces the outer loop into the inner one when its key gets hot before a bridge", () => {
    const { runner, result } = jitted(NESTED, 0, 0, [200], 6000, 1000);
    expect(result).toBe(`${200 * 6}`);
    const registry = runner.mi.registry;
    expect(registry.loops).toHaveLength(2);
    expect(registry.bridges).toHaveLength(0);
    // the outer trace starts at pc 0 and ends at the inner loop's label
    const outerText = traceText(registry.loops[1]!.trace);
    expect(outerText).toContain("label(i0, i1, p2, descr=loop1)\ndebug_merge_point(0, 0, '0: SETN')");
    expect(outerText).toMatch(/jump\([^)]*descr=loop0\)\n$/);
  });
});

describe("aborts", () => {
  it("aborts traces longer than trace_limit, and blacklists the key after three", () => {
    const { runner, result } = jitted(SUM, 0, 3000, [], 5);
    expect(result).toBe(plain(SUM, 0, 3000));
    expect(runner.abortReasons.length).toBe(3);
    expect(runner.aborts).toBe(3);
    expect(runner.abortReasons[2]).toMatch(/trace_limit/);
    expect(runner.mi.profiler.counters[PROF_ABORT_TOO_LONG]).toBe(3);
    expect(runner.mi.registry.loops).toHaveLength(0);
    const cells = runner.warmstate.chains.filter((c) => c !== null);
    expect(cells).toHaveLength(1);
    expect(cells[0]!.flags & JC_DONT_TRACE_HERE).toBe(JC_DONT_TRACE_HERE);
  });
});

describe("the same results with each optimization off (loops and bridges run optimized)", () => {
  const masks: [string, number][] = [["no optimization", 0], ...ALL_OPTS.map((pass): [string, number] => [`without ${pass}`, ALL_OPTS_MASK - 2 ** ALL_OPTS.indexOf(pass)])];
  for (const [name, mask] of masks) {
    it(name, () => {
      for (const [caseName, program, acc, n, data] of cases) {
        const { runner, result } = jitted(program, acc, n, data, 6000, 2, mask);
        expect(result, caseName).toBe(plain(program, acc, n, data));
        for (const loop of runner.mi.registry.loops) expect(checkTrace(loop.optimized!), caseName).toBe("");
        for (const bridge of runner.mi.registry.bridges) if (bridge.optimized !== null) expect(checkTrace(bridge.optimized), caseName).toBe("");
      }
    });
  }
});

describe("random programs under the JIT, optimized with random passes, give what they give interpreted", () => {
  /** A body of 1 to 6 instructions (forward branches inside it), then DEC, JNZ 0, HALT. */
  function randomProgram(next: () => number): Program {
    const size = 1 + (next() % 6);
    const body: Program = [];
    for (let k = 0; k < size; k++) {
      const pick = next() % 10;
      if (pick === 0) body.push([OP.ADD, (next() % 7) - 3]);
      else if (pick === 1) body.push([OP.ADDN, 0]);
      else if (pick === 2) body.push([OP.RES, next() % 3]);
      else if (pick === 3) body.push([OP.ELID, next() % 4]);
      else if (pick === 4) body.push([OP.ELIDN, 0]);
      else if (pick === 5) body.push([OP.PROM, 0]);
      else if (pick === 6) body.push([OP.IDX, 0]);
      else if (pick === 7) body.push([OP.TRY, 0]);
      // a forward branch to a later instruction of the body or to DEC (pcs count two words an instruction)
      else body.push([OP.JEVEN, 2 * (k + 1 + (next() % (size - k)))]);
    }
    return [...body, [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]];
  }

  it("40 programs", () => {
    let seed = 12345;
    let compiled = 0;
    let bridges = 0;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536);
    };
    for (let p = 0; p < 40; p++) {
      const program = randomProgram(next);
      const n = 8 + (next() % 30);
      const mask = next() % (ALL_OPTS_MASK + 1);
      const data = Array.from({ length: n + 1 }, (_, k) => (k * 13) % 17);
      const { result, runner } = jitted(program, 1, n, data, 6000, 2, mask);
      compiled += runner.mi.registry.loops.length;
      bridges += runner.mi.registry.bridges.length;
      expect(result, `program ${JSON.stringify(program)} n=${n} mask=${mask}`).toBe(plain(program, 1, n, data));
    }
    // most of them ran compiled loops, many with bridges
    expect(compiled).toBeGreaterThan(30);
    expect(bridges).toBeGreaterThan(20);
  });
});

describe("an aborted trace is finished by the blackhole interpreter (RPython's SwitchToBlackhole)", () => {
  // RES calls a residual function: FakeMemory records each call, a side effect of the iteration
  const CALLS: Program = [[OP.RES, 1], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]];

  it("from where the trace stopped: the residual call made while tracing is not made again", () => {
    const expected = plain(CALLS, 0, 20);
    // trace_limit 5: label, debug_merge_point, call_i, then the abort in the middle of the iteration
    const { runner, mem, result } = jitted(CALLS, 0, 20, [], 5);
    expect(result).toBe(expected);
    expect(runner.abortReasons).toHaveLength(3);
    expect(runner.abortBlackholes).toBe(3);
    expect(runner.abortBlackholeSteps).toBeGreaterThan(0);
    expect(mem.calls).toHaveLength(20);
  });

  it("not at all when the trace stopped at the merge point (its closing jump passed trace_limit)", () => {
    const { runner, mem, result } = jitted(CALLS, 0, 20, [], 8);
    expect(result).toBe(plain(CALLS, 0, 20));
    expect(runner.abortReasons).toHaveLength(3);
    expect(runner.abortBlackholes).toBe(0);
    expect(mem.calls).toHaveLength(20);
  });
});

describe("maybeCompileAndRun, called by the portal's ordinary code at its merge point", () => {
  it("gives MCR_CONTINUE until the key is hot, then traces and runs the loop, and hands back the next merge point's values (MCR_RESTART); busy, MCR_CONTINUE", () => {
    const mem = new TinyMemory();
    const params = new JitParams();
    params.set(P_THRESHOLD, 3);
    const runner = new WarmRunner(mem, params, new JitProfiler());
    runner.warmstate.paramsChanged();
    const ints = [0, 0, 100];
    const refs = [mem.program(SUM), mem.intArray([], dataDescr)];
    const statuses: number[] = [];
    for (let k = 0; k < 3; k++) statuses.push(runner.maybeCompileAndRun(tiny, ints, refs, []));
    // the third call traces from the merge point's values, closes the loop and runs it until its
    // guard fails (n = 0); the blackhole interpreter goes on to the next merge point (the
    // dispatch loop's, at HALT: pc 6, acc 5050, n 0) and hands it back
    expect(statuses).toEqual([MCR_CONTINUE, MCR_CONTINUE, MCR_RESTART]);
    expect(runner.mi.registry.loops).toHaveLength(1);
    const values = runner.restartValues;
    expect([values.ints[0], values.ints[1], values.ints[2], values.refs[3], values.refs[4]]).toEqual([6, 5050, 0, refs[0], refs[1]]);
    // from there (no can_enter_jit before it) the ordinary code runs HALT: the JIT is not called; a call at the loop's key runs the loop
    expect(runner.maybeCompileAndRun(tiny, [0, 0, 100], refs, [])).toBe(MCR_RESTART);
    expect(runner.loopRuns).toBe(2);
    runner.busy = true;
    expect(runner.maybeCompileAndRun(tiny, ints, refs, [])).toBe(MCR_CONTINUE);
  });

  it("gives MCR_RESTART with the values of the next merge point after a guard failure resumed in the blackhole interpreter", () => {
    const mem = new TinyMemory();
    const params = new JitParams();
    params.set(P_THRESHOLD, 1);
    params.set(P_TRACE_EAGERNESS, 1000);
    const runner = new WarmRunner(mem, params, new JitProfiler());
    runner.warmstate.paramsChanged();
    const refs = [mem.program(BRANCHY), mem.intArray([], dataDescr)];
    // n = 9: the trace takes the odd branch (acc 3 + 9, n 8); at n = 8 the guard of the branch
    // fails, the blackhole interpreter takes the even branch to the next merge point (the
    // dispatch loop's, at ADDN: pc 4) and hands it back
    expect(runner.maybeCompileAndRun(tiny, [0, 0, 9], refs, [])).toBe(MCR_RESTART);
    const values = runner.restartValues;
    expect(values.kinds.join("")).toBe(tiny.argKinds);
    expect(runner.guardFailures).toBe(1);
    expect(runner.blackholeResumes).toBe(1);
    const byKind = values.kinds.map((k, i) => (k === "r" ? values.refs[i] : values.ints[i]));
    expect(byKind).toEqual([4, 3 + 9, 8, refs[0], refs[1]]);
  });
});
