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

  it("rejects malformed declarations", () => {
    expect(() => new JitDriver({ greens: [], reds: ["a"] })).toThrow("needs at least one green variable");
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
