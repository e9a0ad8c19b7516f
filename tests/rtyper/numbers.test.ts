// The number formatting helpers against Node's own conversions: String(x), toFixed,
// toExponential and toPrecision on special values, boundaries, every power of two and of ten,
// and many random doubles (seeded, deterministic). Strings are compared exactly. Parsing is in
// numbers-parse.test.ts; that the helpers are RTS, in numbers-rts.test.ts.

import { describe, expect, it } from "vitest";
import {
  formatFloat,
  formatInt,
  toExponential,
  toExponentialShortest,
  toFixed,
  toPrecision,
} from "../../src/runtime/numbers.ts";
import { floatFromWords, floatHighWord, floatLowWord } from "../../src/lib/index.ts";
import { Random } from "../helpers/random.ts";


/** The double after x (x positive and finite). */
function nextUp(x: number): number {
  const high = floatHighWord(x);
  const low = floatLowWord(x);
  return low === 0xffffffff ? floatFromWords(high + 1, 0) : floatFromWords(high, low + 1);
}

/** The double before x (x positive). */
function nextDown(x: number): number {
  const high = floatHighWord(x);
  const low = floatLowWord(x);
  return low === 0 ? floatFromWords(high - 1, 0xffffffff) : floatFromWords(high, low - 1);
}

/** The values where format(x) differs from expected(x), as readable lines (the first 20). */
function mismatches(values: number[], format: (x: number) => string, expected: (x: number) => string): string[] {
  const bad: string[] = [];
  for (const x of values) {
    const got = format(x);
    const want = expected(x);
    if (got !== want && bad.length < 20) bad.push(`${want}: got ${got}`);
  }
  return bad;
}

/** Both signs of each value. */
function signed(values: number[]): number[] {
  const out: number[] = [];
  for (const x of values) out.push(x, -x);
  return out;
}

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, Number.MIN_VALUE, Number.MAX_VALUE, Number.EPSILON, 2.2250738585072014e-308, 2.225073858507201e-308];

function boundaries(): number[] {
  const values: number[] = [...SPECIAL];
  for (const x of [2 ** 53, 2 ** 54, 1e21, 1e-7, 1e-6, 1e15, 1e16, 1e17, 1e20, 1e22, 1e23, 2 ** 63, 2 ** 64, 4294967296, 2147483648, 0.1, 0.5, 1, 10]) {
    let up = x;
    let down = x;
    for (let i = 0; i < 4; i++) {
      values.push(up, down);
      up = nextUp(up);
      down = nextDown(down);
    }
  }
  for (let k = -20; k <= 20; k++) values.push(2 ** 53 + k, 9007199254740991 + k);
  return signed(values);
}

describe("the bits of doubles (rts library)", () => {
  it("reads and writes the two 32-bit words", () => {
    expect([floatHighWord(1), floatLowWord(1)]).toEqual([0x3ff00000, 0]);
    expect([floatHighWord(-0), floatLowWord(-0)]).toEqual([0x80000000, 0]);
    expect([floatHighWord(Number.MIN_VALUE), floatLowWord(Number.MIN_VALUE)]).toEqual([0, 1]);
    expect([floatHighWord(-Number.MAX_VALUE), floatLowWord(-Number.MAX_VALUE)]).toEqual([0xffefffff, 0xffffffff]);
    expect(floatFromWords(0x7ff00000, 0)).toBe(Infinity);
    expect(floatFromWords(0x7ff80000, 0)).toBeNaN();
    expect(Object.is(floatFromWords(0x80000000, 0), -0)).toBe(true);
    const random = new Random(1);
    for (let i = 0; i < 1000; i++) {
      const x = random.bits();
      if (!Number.isNaN(x)) expect(floatFromWords(floatHighWord(x), floatLowWord(x))).toBe(x);
    }
  });
});

describe("formatFloat", () => {
  it("writes the special values and boundaries as String does", () => {
    expect(formatFloat(NaN)).toBe("NaN");
    expect(formatFloat(-0)).toBe("0");
    expect(formatFloat(-Infinity)).toBe("-Infinity");
    expect(formatFloat(1e21)).toBe("1e+21");
    expect(formatFloat(1.5e-7)).toBe("1.5e-7");
    expect(formatFloat(-1.7976931348623157e308)).toBe("-1.7976931348623157e+308");
    expect(formatFloat(5e-324)).toBe("5e-324");
    expect(formatFloat(123e-20)).toBe("1.23e-18");
    expect(formatFloat(0.000001)).toBe("0.000001");
    expect(mismatches(boundaries(), formatFloat, String)).toEqual([]);
  });

  it("writes every power of two and its neighbours", () => {
    const values: number[] = [];
    for (let e = -1074; e <= 1023; e++) {
      const x = 2 ** e;
      values.push(x, nextUp(x));
      if (e > -1074) values.push(nextDown(x));
    }
    expect(values.length).toBeGreaterThan(6000);
    expect(mismatches(signed(values), formatFloat, String)).toEqual([]);
  });

  it("writes every power of ten and its neighbours", () => {
    const values: number[] = [];
    for (let k = -323; k <= 308; k++) {
      const x = Number(`1e${k}`);
      values.push(x, nextUp(x), nextDown(x), Number(`5e${k}`), Number(`9.999999999999999e${k}`));
    }
    expect(mismatches(signed(values), formatFloat, String)).toEqual([]);
  });

  it("writes subnormals", () => {
    const random = new Random(11);
    const values: number[] = [];
    for (let bit = 0; bit < 52; bit++) {
      values.push(bit < 32 ? floatFromWords(0, 2 ** bit) : floatFromWords(2 ** (bit - 32), 0));
    }
    for (let i = 0; i < 5000; i++) values.push(floatFromWords(random.word() & 0xfffff, random.word()));
    for (let i = 1; i < 1000; i++) values.push(i * Number.MIN_VALUE);
    expect(mismatches(signed(values), formatFloat, String)).toEqual([]);
  });

  it("writes integers of every size", () => {
    const random = new Random(12);
    const values: number[] = [];
    for (let i = 0; i < 2000; i++) values.push(i);
    for (let i = 0; i < 20000; i++) {
      const bits = 1 + random.below(70);
      values.push(Math.floor(random.word() / 4294967296 * 2 ** bits) * (bits > 53 ? 2 ** random.below(30) : 1));
    }
    expect(mismatches(signed(values), formatFloat, String)).toEqual([]);
  });

  it("writes 200,000 doubles of random bits", () => {
    const random = new Random(13);
    const values: number[] = [];
    for (let i = 0; i < 200000; i++) values.push(random.bits());
    expect(mismatches(values, formatFloat, String)).toEqual([]);
  });

  it("writes 100,000 short decimals", () => {
    const random = new Random(14);
    const values: number[] = [];
    for (let i = 0; i < 100000; i++) {
      // A random integer of up to 16 digits, divided or multiplied by a power of ten.
      const digits = 1 + random.below(16);
      const mantissa = digits <= 8 ? random.below(10 ** digits) : random.below(10 ** 8) * 10 ** (digits - 8) + random.below(10 ** (digits - 8));
      const scale = random.below(30);
      values.push(random.below(2) ? mantissa / 10 ** scale : mantissa * 10 ** (scale - 15));
    }
    expect(mismatches(signed(values), formatFloat, String)).toEqual([]);
  });
});

describe("formatInt", () => {
  it("writes every safe integer size exactly", () => {
    const random = new Random(21);
    const values: number[] = [0, 1, -1, 9, 10, 99, 100, 2 ** 53, -(2 ** 53), 2 ** 53 - 1, 2 ** 31, -(2 ** 31), 2 ** 32];
    for (let i = 0; i < 50000; i++) {
      const bits = random.below(54);
      values.push(Math.floor((random.word() / 4294967296) * 2 ** bits) + random.below(2 ** Math.min(bits, 20)));
    }
    expect(mismatches(signed(values), formatInt, String)).toEqual([]);
    expect(formatInt(-0)).toBe("0");
  });
});

/** Values for the fixed-digit methods: random bits, short decimals, halves and integers. */
function methodValues(seed: number, count: number): number[] {
  const random = new Random(seed);
  const values: number[] = [...SPECIAL, 0.5, 1.5, 2.5, 1.005, 1.0005, 0.125, 0.375, 1.45, 8.345, 1e21, 999999999999999900000, 0.000001, 123.456];
  for (let i = 0; i < count; i++) {
    switch (i % 5) {
      case 0:
        values.push(random.bits());
        break;
      case 1:
        values.push(random.below(2 ** 31) / 10 ** random.below(12));
        break;
      case 2:
        // Exact binary fractions: their decimal expansions end in 5, the halfway cases.
        values.push(random.below(2 ** 20) / 2 ** (1 + random.below(30)));
        break;
      case 3:
        values.push(random.below(2 ** 32) * 2 ** random.below(40));
        break;
      default:
        values.push((random.word() / 4294967296) * 10 ** (random.below(44) - 22));
    }
  }
  return signed(values);
}

describe("toFixed", () => {
  it("rounds the exact value for every digit count", () => {
    const values = methodValues(31, 3000).filter((x) => Math.abs(x) < 1e21 || !Number.isFinite(x));
    for (let digits = 0; digits <= 20; digits++) {
      expect(mismatches(values, (x) => toFixed(x, digits), (x) => x.toFixed(digits)), `toFixed(${digits})`).toEqual([]);
    }
    for (const digits of [21, 50, 100]) {
      expect(mismatches(values.slice(0, 300), (x) => toFixed(x, digits), (x) => x.toFixed(digits))).toEqual([]);
    }
  });

  it("writes String(x) from 1e21 up, and refuses digit counts outside 0..100", () => {
    expect(toFixed(1e21, 2)).toBe("1e+21");
    expect(toFixed(-1.5e300, 5)).toBe("-1.5e+300");
    expect(toFixed(-1e-10, 2)).toBe("-0.00");
    expect(toFixed(-0, 2)).toBe("0.00");
    expect(() => toFixed(1, 101)).toThrow(new RangeError("toFixed() digits argument must be between 0 and 100"));
    expect(() => toFixed(Infinity, -1)).toThrow(RangeError);
  });
});

describe("toExponential", () => {
  it("rounds the exact value for every digit count", () => {
    const values = methodValues(41, 3000);
    for (let digits = 0; digits <= 20; digits++) {
      expect(mismatches(values, (x) => toExponential(x, digits), (x) => x.toExponential(digits)), `toExponential(${digits})`).toEqual([]);
    }
    for (const digits of [21, 50, 100]) {
      expect(mismatches(values.slice(0, 300), (x) => toExponential(x, digits), (x) => x.toExponential(digits))).toEqual([]);
    }
  });

  it("without digits writes the shortest digits", () => {
    const values = methodValues(42, 20000);
    expect(mismatches(values, toExponentialShortest, (x) => x.toExponential())).toEqual([]);
  });

  it("refuses digit counts outside 0..100 after NaN and the infinities", () => {
    expect(toExponential(NaN, -1)).toBe("NaN");
    expect(toExponential(-Infinity, 101)).toBe("-Infinity");
    expect(() => toExponential(1, 101)).toThrow(new RangeError("toExponential() argument must be between 0 and 100"));
  });
});

describe("toPrecision", () => {
  it("rounds the exact value for every precision", () => {
    const values = methodValues(51, 3000);
    for (let precision = 1; precision <= 21; precision++) {
      expect(mismatches(values, (x) => toPrecision(x, precision), (x) => x.toPrecision(precision)), `toPrecision(${precision})`).toEqual([]);
    }
    for (const precision of [22, 50, 100]) {
      expect(mismatches(values.slice(0, 300), (x) => toPrecision(x, precision), (x) => x.toPrecision(precision))).toEqual([]);
    }
  });

  it("refuses precisions outside 1..100 after NaN and the infinities", () => {
    expect(toPrecision(NaN, 0)).toBe("NaN");
    expect(toPrecision(Infinity, 0)).toBe("Infinity");
    expect(toPrecision(0, 3)).toBe("0.00");
    expect(() => toPrecision(1, 0)).toThrow(new RangeError("toPrecision() argument must be between 1 and 100"));
  });
});
