// Differential tests of Math at the low level: functions of tests/fixtures/llinterp/math.ts are
// annotated, rtyped and run by the LL interpreter, and must return exactly what they return on
// Node (Math.random: statistics that hold for a good generator).

import { describe, expect, it } from "vitest";
import { Random } from "../helpers/random.ts";
import { agree as agreeOn, lowered, type Arg } from "./lowered-strings.ts";

const agree = (fn: string, cases: Arg[][]) => agreeOn("math.ts", fn, cases);

const random = new Random(7);
// Not -0: an int result cannot hold it (Math.floor(-0) is 0 here).
const SPECIAL = [0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, 4503599627370495.5, -4503599627370495.5, 1e15 + 0.5, 0.1, -0.1, 3.7, -3.7, 1e-300];

describe("Math at the low level", () => {
  it("rounds as JavaScript (halves up, -0, large values)", async () => {
    const xs = [...SPECIAL];
    for (let i = 0; i < 200; i++) xs.push((random.below(2 ** 32) - 2 ** 31) / (1 + random.below(64)));
    await agree("rounding", xs.map((x) => [x]));
    await agree("roundInts", [[0], [5], [-5], [2 ** 40]]);
  });

  it("stops the program when floor() of NaN or Infinity must be an int", async () => {
    const { run } = await lowered("math.ts", "rounding");
    expect(() => run(NaN)).toThrow(/not an integer/);
    expect(() => run(-Infinity)).toThrow(/not an integer/);
  });

  it("min and max with NaN and signed zeros", async () => {
    const values = [0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity];
    const cases: Arg[][] = [];
    for (const x of values) for (const y of values) cases.push([x, y]);
    await agree("minMax", cases);
    await agree("intMinMax", [[0, 0], [1, 2], [5, -3], [-7, 100]]);
  });

  it("computes the elementary functions and ** as the host", async () => {
    const cases: Arg[][] = [[0, 1], [-0, -1], [1, Infinity], [-1, Infinity], [2, 0.5], [-8, 1 / 3], [NaN, 0], [Infinity, -Infinity], [1e-310, 2]];
    for (let i = 0; i < 50; i++) cases.push([random.below(1000) / 7 - 50, random.below(20) / 3 - 3]);
    await agree("elementary", cases);
    await agree("intPow", [[2, 10], [3, 0], [0, 0], [7, 3]]);
  });

  it("multiplies 32-bit integers as Math.imul", async () => {
    const cases: Arg[][] = [[0, 0], [-1, -1], [0x7fffffff, 0x7fffffff], [-(2 ** 31), -1], [2 ** 32 + 5, 3], [123456789, 987654321]];
    for (let i = 0; i < 100; i++) cases.push([random.below(2 ** 32) - 2 ** 31, random.below(2 ** 32)]);
    await agree("imul", cases);
  });

  it("reads the constants of Math", async () => {
    await agree("constants", [[1], [3]]);
  });

  it("draws Math.random from [0, 1) without repeats and with mean near 1/2", async () => {
    const { run } = await lowered("math.ts", "randomStats");
    expect(run(20000)).toBe("0 0 true");
  });
});
