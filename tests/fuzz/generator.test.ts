// The program generator (src/fuzz/generate.ts): deterministic from its seed, and its coverage:
// over 200 seeds every language feature the fuzzer promises occurs (a count per feature, none
// zero). Generation only, no running: that is sample.test.ts.

import { describe, expect, it } from "vitest";
import { generateProgram } from "../../src/fuzz/generate.ts";
import { FEATURES, countFeatures, printProgram, type Feature } from "../../src/fuzz/model.ts";

describe("the program generator", () => {
  it("gives the same program for the same seed, and different programs for different seeds", () => {
    expect(printProgram(generateProgram(42))).toBe(printProgram(generateProgram(42)));
    expect(printProgram(generateProgram(42))).not.toBe(printProgram(generateProgram(43)));
  });

  it("covers every listed feature over 200 seeds", () => {
    const counts = new Map<Feature, number>();
    for (let seed = 1; seed <= 200; seed++) countFeatures(generateProgram(seed), counts);
    const zero = FEATURES.filter((f) => (counts.get(f) ?? 0) === 0);
    expect(zero).toEqual([]);
    // Each feature in a fair share of programs, not once by luck.
    for (const f of FEATURES) expect(counts.get(f), f).toBeGreaterThanOrEqual(10);
  });

  it("stores into no prebuilt object's fields when told not to", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const counts = countFeatures(generateProgram(seed, { prebuiltFieldStores: false }));
      expect(counts.get("prebuilt-object-mutated") ?? 0, `seed ${seed}`).toBe(0);
    }
  });

  it("prints a module with main, every declaration before its use at import time", () => {
    const source = printProgram(generateProgram(7));
    expect(source).toMatch(/^export function main\(argv: string\[\]\): number \{$/m);
    // Prebuilt objects are created at import time: their classes come first.
    for (const m of source.matchAll(/^const (pb\d+) = new (C\d+)\(/gm)) {
      expect(source.indexOf(`class ${m[2]} `)).toBeLessThan(source.indexOf(`const ${m[1]} `));
    }
  });
});
