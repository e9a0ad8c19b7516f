// The untranslated hints check their use as RPython's do: a JitDriver's greens and reds must be
// named exactly at every jitMergePoint and canEnterJit.

import { describe, expect, it } from "vitest";
import { JitDriver, JitHintError, dontLookInside, elidable, promote, unrollSafe, weAreJitted } from "../../src/lib/index.ts";
import { hintsOf } from "../../src/lib/hints.ts";

const makeDriver = () => new JitDriver({ greens: ["pc", "program"], reds: ["tape", "ptr"], name: "bf" });

describe("JitDriver", () => {
  it("accepts exactly the declared greens and reds, in any order", () => {
    const driver = makeDriver();
    expect(() => driver.jitMergePoint({ pc: 0, program: "+", tape: [], ptr: 0 })).not.toThrow();
    expect(() => driver.canEnterJit({ ptr: 0, tape: [], program: "+", pc: 0 })).not.toThrow();
  });

  it("names a missing red variable", () => {
    expect(() => makeDriver().jitMergePoint({ pc: 0, program: "+", tape: [] })).toThrow(
      new JitHintError("bf.jitMergePoint(): missing red variable 'ptr' (greens: pc, program; reds: tape, ptr)"),
    );
  });

  it("names a missing green variable", () => {
    expect(() => makeDriver().canEnterJit({ program: "+", tape: [], ptr: 0 })).toThrow(
      "bf.canEnterJit(): missing green variable 'pc' (greens: pc, program; reds: tape, ptr)",
    );
  });

  it("names an extra variable", () => {
    expect(() => makeDriver().jitMergePoint({ pc: 0, program: "+", tape: [], ptr: 0, extra: 1 })).toThrow(
      "bf.jitMergePoint(): 'extra' is neither a green nor a red (greens: pc, program; reds: tape, ptr)",
    );
  });

  it("checks the first 100000 calls of each hint, then stops checking", () => {
    const driver = makeDriver();
    const wrong = { pc: 0, program: "+", tape: [], ptr: 0, stray: 1 };
    for (let i = 0; i < 99_999; i++) driver.jitMergePoint({ pc: i, program: "+", tape: [], ptr: 0 });
    expect(() => driver.canEnterJit(wrong)).toThrow("'stray' is neither a green nor a red");
    expect(() => driver.jitMergePoint(wrong)).toThrow("'stray' is neither a green nor a red");
    driver.jitMergePoint({ pc: 0, program: "+", tape: [], ptr: 0 });
    expect(() => driver.jitMergePoint(wrong)).not.toThrow();
    expect(() => driver.canEnterJit(wrong)).toThrow("'stray' is neither a green nor a red");
  });

  it("accepts a driver without greens (one loop, one position: RPython's tests have many)", () => {
    const driver = new JitDriver({ greens: [], reds: ["a"] });
    expect(() => driver.jitMergePoint({ a: 1 })).not.toThrow();
  });

  it("rejects malformed declarations", () => {
    expect(() => new JitDriver({ greens: ["a"], reds: ["a"] })).toThrow("'a' is declared both green and red");
    expect(() => new JitDriver({ greens: ["a", "a"], reds: [] })).toThrow("'a' is listed twice in greens");
    expect(() => new JitDriver({ greens: ["not a name"], reds: [] })).toThrow('greens must name variables, got the string "not a name"');
    expect(() => new JitDriver({ greens: "pc" as unknown as string[], reds: [] })).toThrow("greens must be an array");
  });

  it("keeps its declaration for the translator", () => {
    const driver = makeDriver();
    expect(driver.greens).toEqual(["pc", "program"]);
    expect(driver.reds).toEqual(["tape", "ptr"]);
    expect(driver.name).toBe("bf");
  });
});

describe("function hints", () => {
  it("return the function itself, marked for the translator", () => {
    function lookup(key: number): number {
      return key * 2;
    }
    expect(elidable(lookup)).toBe(lookup);
    expect(unrollSafe(lookup)).toBe(lookup);
    expect(dontLookInside(lookup)).toBe(lookup);
    expect(hintsOf(lookup)).toEqual(["elidable", "unrollSafe", "dontLookInside"]);
    expect(lookup(21)).toBe(42);
  });

  it("mark methods through their prototype", () => {
    class Table {
      get(i: number): number {
        return i;
      }
    }
    elidable(Table.prototype.get);
    expect(hintsOf(Table.prototype.get)).toEqual(["elidable"]);
    expect(hintsOf(function unmarked() {})).toEqual([]);
  });

  it("reject what is not a function", () => {
    expect(() => elidable(3 as unknown as () => void)).toThrow("elidable() expects a function, got 3");
  });

  it("promote returns its argument and weAreJitted is false untranslated", () => {
    const o = { a: 1 };
    expect(promote(o)).toBe(o);
    expect(promote(7)).toBe(7);
    expect(weAreJitted()).toBe(false);
  });
});

describe("JitDriver.setParam and setUserParam untranslated (no JIT: they check, and set nothing)", () => {
  const driver = makeDriver();

  it("setParam accepts each parameter with an integer, enable_opts with passes", () => {
    for (const name of ["threshold", "function_threshold", "trace_eagerness", "decay", "trace_limit", "loop_longevity", "retrace_limit", "max_retrace_guards", "max_unroll_loops"]) {
      expect(() => driver.setParam(name, 3)).not.toThrow();
    }
    expect(() => driver.setParam("threshold", -1)).not.toThrow();
    expect(() => driver.setParam("enable_opts", "all")).not.toThrow();
    expect(() => driver.setParam("enable_opts", "intbounds:rewrite:pure")).not.toThrow();
    expect(() => driver.setParam("enable_opts", "")).not.toThrow();
  });

  it("setParam names the parameters when the name is not one", () => {
    expect(() => driver.setParam("treshold", 3)).toThrow(
      new JitHintError(
        'bf.setParam(): the string "treshold" is not a JIT parameter (threshold, function_threshold, trace_eagerness, decay, trace_limit, inlining, loop_longevity, retrace_limit, max_retrace_guards, max_unroll_loops, disable_unrolling, enable_opts, max_unroll_recursion)',
      ),
    );
    expect(() => driver.setParam(3 as unknown as string, 3)).toThrow("bf.setParam(): 3 is not a JIT parameter");
  });

  it("setParam refuses a value that is not an integer, or passes that are not the optimizer's", () => {
    expect(() => driver.setParam("threshold", 1.5)).toThrow("bf.setParam(): threshold takes an integer, got 1.5");
    expect(() => driver.setParam("trace_limit", "3")).toThrow('bf.setParam(): trace_limit takes an integer, got the string "3"');
    expect(() => driver.setParam("decay", NaN)).toThrow("decay takes an integer, got NaN");
    expect(() => driver.setParam("enable_opts", 3)).toThrow("bf.setParam(): enable_opts takes \"all\", or the optimizer's passes separated by colons (intbounds:rewrite:virtualize:string:pure:heap:unroll), got 3");
    expect(() => driver.setParam("enable_opts", "rewrite:inline")).toThrow('got the string "rewrite:inline"');
  });

  it("setUserParam gives whether the text is well formed, as RTS_JIT reads it", () => {
    for (const text of ["off", "default", "threshold=3", "threshold=3,trace_eagerness=2", " decay=0 , trace_limit=-1", "enable_opts=intbounds:unroll", "enable_opts=all,threshold=5"]) {
      expect(driver.setUserParam(text), text).toBe(true);
    }
    for (const text of ["", "on", "threshold", "threshold=", "threshold=x", "treshold=3", "threshold=3,", "enable_opts=bogus", "enable_opts=rewrite:", "threshold=3\u0000,bad", "off,threshold=3"]) {
      expect(driver.setUserParam(text), JSON.stringify(text)).toBe(false);
    }
    expect(() => driver.setUserParam(3 as unknown as string)).toThrow("bf.setUserParam() takes a string, got 3");
  });
});
