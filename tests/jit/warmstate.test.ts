// The JIT's parameters (jit-params.ts), counters (jit-counter.ts) and warm state (warmstate.ts):
// RPython's defaults and text form, counting to the thresholds, decay, guard counters, cells,
// blacklisting.

import { describe, expect, it } from "vitest";
import {
  ALL_OPTS,
  ALL_OPTS_MASK,
  JIT_PARAMETERS,
  JitParams,
  P_ENABLE_OPTS,
  P_FUNCTION_THRESHOLD,
  P_THRESHOLD,
  P_TRACE_EAGERNESS,
  P_TRACE_LIMIT,
  StringParamText,
  enableOptsMask,
  enableOptsText,
  jitParameterIndex,
  parseJitParams,
} from "../../src/lib/jit-params.ts";
import { ALL_OPTS as OPTIMIZER_PASSES } from "../../src/runtime/jit/optimizeopt/optimize.ts";
import { COUNTER_SIZE, HASH_SEED, JitCounter, counterIncrement, hashMix } from "../../src/runtime/jit/jit-counter.ts";
import {
  ABORTS_BEFORE_BLACKLIST,
  ENTER_INTERPRET,
  ENTER_RUN,
  ENTER_TRACE,
  JC_DONT_TRACE_HERE,
  JC_TRACING,
  WarmState,
} from "../../src/runtime/jit/warmstate.ts";

function parsed(text: string): JitParams | number {
  const params = new JitParams();
  const bad = parseJitParams(new StringParamText(text), params);
  return bad >= 0 ? bad : params;
}

function value(params: JitParams | number, name: string): number {
  if (typeof params === "number") throw new Error(`malformed at ${params}`);
  return params.get(jitParameterIndex(name));
}

describe("JIT parameters", () => {
  it("has RPython's names and defaults", () => {
    const defaults = Object.fromEntries(JIT_PARAMETERS.map((p) => [p.name, p.defaultValue]));
    expect(defaults).toEqual({
      threshold: 1039,
      function_threshold: 1619,
      trace_eagerness: 200,
      decay: 40,
      trace_limit: 6000,
      inlining: 1,
      loop_longevity: 1000,
      retrace_limit: 0,
      max_retrace_guards: 15,
      max_unroll_loops: 0,
      disable_unrolling: 200,
      enable_opts: ALL_OPTS_MASK,
      max_unroll_recursion: 7,
    });
    expect(ALL_OPTS).toEqual(["intbounds", "rewrite", "virtualize", "string", "pure", "heap", "unroll"]);
    expect(ALL_OPTS_MASK).toBe(2 ** ALL_OPTS.length - 1);
  });

  it("reads name=value items, off and default", () => {
    const p = parsed("threshold=3,trace_eagerness=2");
    expect(value(p, "threshold")).toBe(3);
    expect(value(p, "trace_eagerness")).toBe(2);
    expect(value(p, "trace_limit")).toBe(6000);
    expect(value(parsed(" threshold=5 , decay=0 "), "decay")).toBe(0);
    expect(value(parsed("threshold=-1"), "threshold")).toBe(-1);
    const off = parsed("off");
    expect([value(off, "threshold"), value(off, "function_threshold"), value(off, "trace_eagerness")]).toEqual([-1, -1, 200]);
    const params = new JitParams();
    params.set(P_TRACE_LIMIT, 5);
    expect(parseJitParams(new StringParamText("default"), params)).toBe(-1);
    expect(params.get(P_TRACE_LIMIT)).toBe(6000);
  });

  it("reads enable_opts as a mask of passes", () => {
    expect(value(parsed("enable_opts=all"), "enable_opts")).toBe(ALL_OPTS_MASK);
    expect(value(parsed("enable_opts="), "enable_opts")).toBe(0);
    const p = parsed("enable_opts=intbounds:pure:unroll,threshold=7");
    expect(value(p, "enable_opts")).toBe(1 + 16 + 64);
    expect(value(p, "threshold")).toBe(7);
    const params = p as JitParams;
    expect(ALL_OPTS.filter((_, i) => params.optEnabled(i))).toEqual(["intbounds", "pure", "unroll"]);
    expect(enableOptsMask("rewrite:rewrite")).toBe(2);
    expect(enableOptsText(1 + 16 + 64)).toBe("intbounds:pure:unroll");
    expect(enableOptsText(0)).toBe("");
    // the optimizer's passes, in its order
    expect(enableOptsText(ALL_OPTS_MASK)).toBe(OPTIMIZER_PASSES);
    expect(enableOptsMask("earlyforce")).toBe(-1);
  });

  it("refuses malformed text at the bad item, and sets nothing then", () => {
    expect(parsed("")).toBe(0);
    expect(parsed("threshold")).toBe(0);
    expect(parsed("treshold=3")).toBe(0);
    expect(parsed("threshold=3,trace_eagerness=two")).toBe(12);
    expect(parsed("threshold=3,")).toBe(12);
    expect(parsed("threshold=3x")).toBe(0);
    expect(parsed("threshold=")).toBe(0);
    expect(parsed("threshold=99999999999999999")).toBe(0);
    expect(parsed("enable_opts=intbounds:")).toBe(0);
    expect(parsed("enable_opts=intbounds:vec")).toBe(0);
    expect(parsed("vec=1")).toBe(0);
    const params = new JitParams();
    expect(parseJitParams(new StringParamText("threshold=3,bogus=1"), params)).toBe(12);
    expect(params.get(P_THRESHOLD)).toBe(1039);
    // checking only (the start check passes no params)
    expect(parseJitParams(new StringParamText("threshold=3"), null)).toBe(-1);
    expect(parseJitParams(new StringParamText("threshold=x"), null)).toBe(0);
  });
});

describe("JIT counters", () => {
  it("reach 1 after threshold ticks and start again", () => {
    const counter = new JitCounter();
    const hash = hashMix(HASH_SEED, 42);
    const inc = counterIncrement(3);
    expect([counter.tick(hash, inc), counter.tick(hash, inc), counter.tick(hash, inc)]).toEqual([false, false, true]);
    expect(counter.timeOf(hash)).toBe(0);
    expect([counter.tick(hash, inc), counter.tick(hash, inc), counter.tick(hash, inc)]).toEqual([false, false, true]);
    // threshold 1: every tick; threshold <= 0: never
    expect(counter.tick(hash, counterIncrement(1))).toBe(true);
    for (let i = 0; i < 10000; i++) expect(counter.tick(hash, counterIncrement(0))).toBe(false);
  });

  it("counts the default threshold exactly", () => {
    const counter = new JitCounter();
    const inc = counterIncrement(1039);
    let ticks = 1;
    while (!counter.tick(7, inc)) ticks++;
    expect(ticks).toBe(1039);
  });

  it("keeps up to five hashes of one entry apart, and the hottest survive a sixth", () => {
    const counter = new JitCounter();
    // same entry (top bits 0), subhashes 1..6
    const inc = counterIncrement(100);
    for (let h = 1; h <= 5; h++) for (let k = 0; k < h * 10; k++) counter.tick(h, inc);
    for (let h = 1; h <= 5; h++) expect(counter.timeOf(h)).toBeCloseTo(h * 10 * inc, 9);
    counter.tick(6, inc);
    expect(counter.timeOf(6)).toBeCloseTo(inc, 9);
    expect(counter.timeOf(5)).toBeCloseTo(50 * inc, 9);
    expect(counter.timeOf(4)).toBeCloseTo(40 * inc, 9);
  });

  it("decays every time by decay/1000", () => {
    const counter = new JitCounter();
    counter.setDecay(500);
    counter.tick(99, 0.5);
    counter.decayAll();
    expect(counter.timeOf(99)).toBeCloseTo(0.25, 12);
    counter.setDecay(0);
    counter.decayAll();
    expect(counter.timeOf(99)).toBeCloseTo(0.25, 12);
  });

  it("gives guards hashes in different entries", () => {
    const counter = new JitCounter();
    const entries = new Set<number>();
    for (let i = 0; i < 64; i++) entries.add(counter.indexOf(counter.fetchNextHash()));
    expect(entries.size).toBe(64);
    expect(Math.max(...entries)).toBeLessThan(COUNTER_SIZE);
  });

  it("hashes integers of any size into 32 bits, spread", () => {
    const hashes = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const h = hashMix(HASH_SEED, i);
      expect(h).toBe(h | 0);
      hashes.add(h);
    }
    expect(hashes.size).toBe(1000);
    expect(hashMix(HASH_SEED, 2 ** 40)).not.toBe(hashMix(HASH_SEED, 0));
    expect(hashMix(HASH_SEED, -1)).toBe(hashMix(HASH_SEED, -1) | 0);
  });
});

describe("the warm state", () => {
  function warm(text: string): WarmState {
    const params = new JitParams();
    expect(parseJitParams(new StringParamText(text), params)).toBe(-1);
    return new WarmState(params);
  }

  it("interprets until threshold, traces once, then runs the compiled loop", () => {
    const w = warm("threshold=3,function_threshold=5");
    const h = hashMix(HASH_SEED, 10);
    expect([w.enter(h, [10], "i", false), w.enter(h, [10], "i", false)]).toEqual([ENTER_INTERPRET, ENTER_INTERPRET]);
    expect(w.enter(h, [10], "i", false)).toBe(ENTER_TRACE);
    const cell = w.cell!;
    expect(cell.greens).toEqual([10]);
    // while tracing, the same key does not start a second trace
    for (let i = 0; i < 10; i++) expect(w.enter(h, [10], "i", false)).toBe(ENTER_INTERPRET);
    w.tracingDone(cell, 0);
    expect(w.enter(h, [10], "i", false)).toBe(ENTER_RUN);
    expect(w.cell).toBe(cell);
    w.loopsFreed([0]);
    expect(w.enter(h, [10], "i", false)).toBe(ENTER_INTERPRET);
  });

  it("counts the portal's entries with function_threshold", () => {
    const w = warm("threshold=100,function_threshold=2");
    const h = hashMix(HASH_SEED, 1);
    expect([w.enter(h, [1], "i", true), w.enter(h, [1], "i", true)]).toEqual([ENTER_INTERPRET, ENTER_TRACE]);
  });

  it("keeps keys with the same hash apart by their greens", () => {
    const w = warm("threshold=1");
    expect(w.enter(5, [1, 2], "ir", false)).toBe(ENTER_TRACE);
    w.tracingDone(w.cell!, 7);
    expect(w.enter(5, [1, 2], "ir", false)).toBe(ENTER_RUN);
    expect(w.enter(5, [1, 3], "ir", false)).toBe(ENTER_TRACE);
    expect(w.cell!.loop).toBe(-1);
    expect(w.lookup(5, [0.5], "f")).toBe(null);
    expect(w.enter(5, [-0], "f", false)).toBe(ENTER_TRACE);
    w.tracingDone(w.cell!, 8);
    expect(w.enter(5, [0], "f", false)).toBe(ENTER_TRACE);
    expect(w.enter(5, [-0], "f", false)).toBe(ENTER_RUN);
  });

  it("blacklists a key whose traces keep aborting", () => {
    const w = warm("threshold=2");
    const h = hashMix(HASH_SEED, 3);
    let traces = 0;
    for (let i = 0; i < 100; i++) {
      if (w.enter(h, [3], "i", false) === ENTER_TRACE) {
        traces++;
        w.tracingAborted(w.cell!);
      }
    }
    expect(traces).toBe(ABORTS_BEFORE_BLACKLIST);
    expect(w.lookup(h, [3], "i")!.flags & JC_DONT_TRACE_HERE).toBe(JC_DONT_TRACE_HERE);
    // the last blacklisted key met is known without hashing (a dropped loop's merge point, every iteration)
    expect(w.isLastBlacklisted([3], "i")).toBe(true);
    expect(w.isLastBlacklisted([4], "i")).toBe(false);
  });

  it("blacklists a dropped loop's key, and compares a float green by its bits", () => {
    const w = warm("threshold=1");
    expect(w.enter(9, [-0], "f", false)).toBe(ENTER_TRACE);
    w.tracingDone(w.cell!, 4);
    w.loopDropped(4);
    expect(w.enter(9, [-0], "f", false)).toBe(ENTER_INTERPRET);
    expect(w.isLastBlacklisted([-0], "f")).toBe(true);
    expect(w.isLastBlacklisted([0], "f")).toBe(false);
    for (let i = 0; i < 10; i++) expect(w.enter(9, [-0], "f", false)).toBe(ENTER_INTERPRET);
  });

  it("moves the tracing mark to the key where a moved green is now (rekey)", () => {
    const w = warm("threshold=1");
    expect(w.enter(hashMix(HASH_SEED, 100), [100], "i", false)).toBe(ENTER_TRACE);
    const old = w.cell!;
    w.rekey(hashMix(HASH_SEED, 200), [200], "i");
    expect(old.flags & JC_TRACING).toBe(0);
    expect(w.cell!.greens).toEqual([200]);
    expect(w.cell!.flags & JC_TRACING).toBe(JC_TRACING);
    w.tracingDone(w.cell!, 0);
    expect(w.enter(hashMix(HASH_SEED, 200), [200], "i", false)).toBe(ENTER_RUN);
    // the old address may be another object's later: its key starts counting afresh
    expect(w.enter(hashMix(HASH_SEED, 100), [100], "i", false)).toBe(ENTER_TRACE);
  });

  it("never traces with the JIT off", () => {
    const w = warm("off");
    for (let i = 0; i < 5000; i++) {
      expect(w.enter(1, [1], "i", false)).toBe(ENTER_INTERPRET);
      expect(w.enter(1, [1], "i", true)).toBe(ENTER_INTERPRET);
    }
  });

  it("says when a guard has failed trace_eagerness times, and follows parameter changes", () => {
    const w = warm("trace_eagerness=3");
    const g = w.counter.fetchNextHash();
    expect([w.guardFailed(g), w.guardFailed(g), w.guardFailed(g)]).toEqual([false, false, true]);
    w.params.set(P_TRACE_EAGERNESS, 1);
    w.paramsChanged();
    expect(w.guardFailed(g)).toBe(true);
    w.params.set(P_FUNCTION_THRESHOLD, 1);
    w.params.set(P_ENABLE_OPTS, 0);
    w.paramsChanged();
    expect(w.enter(77, [77], "i", true)).toBe(ENTER_TRACE);
  });
});
