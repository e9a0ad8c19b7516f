// The number parsing helpers against Node's own: parseFloat, Number(s) and parseInt on syntax
// corner cases, every white space character, random decimal strings (long mantissas, exponents
// near overflow and underflow, garbage around them), exact midpoints between doubles, String(x)
// of random doubles, and random strings in every radix. Numbers are compared with Object.is.

import { describe, expect, it } from "vitest";
import { parseFloatPrefix, parseIntRadix, stringToNumber } from "../../src/runtime/numbers.ts";
import { floatFromWords, floatHighWord, floatLowWord } from "../../src/lib/index.ts";
import { Random } from "../helpers/random.ts";


/** The inputs where parse(s) differs from expected(s) (Object.is), as readable lines (the first 20). */
function mismatches(inputs: string[], parse: (s: string) => number, expected: (s: string) => number): string[] {
  const bad: string[] = [];
  for (const s of inputs) {
    const got = parse(s);
    const want = expected(s);
    if (!Object.is(got, want) && bad.length < 20) bad.push(`${JSON.stringify(s.length > 200 ? s.slice(0, 200) + "..." : s)}: want ${want}, got ${got}`);
  }
  return bad;
}

/** Checks all three parsers against Node's on the inputs. */
function expectAllAgree(inputs: string[]): void {
  expect(mismatches(inputs, parseFloatPrefix, parseFloat), "parseFloat").toEqual([]);
  expect(mismatches(inputs, stringToNumber, Number), "Number").toEqual([]);
  expect(mismatches(inputs, (s) => parseIntRadix(s, 0), (s) => parseInt(s)), "parseInt").toEqual([]);
}

const SYNTAX = [
  "", " ", "0", "-0", "+0", "00", "-00", "0.", ".0", ".", "-.", "+.", "..1", "1..", "1.", ".5", "+.5", "-.5", "-.5e1", ".e1",
  "1e", "1e+", "1e-", "1E5", "1e+5", "1e-5", "1.e1", "1.5e", "e5", "-e5", "1e5.5", "1e05", "1e-0", "--1", "+-1", "-+1", "- 1",
  "Infinity", "+Infinity", "-Infinity", "Infinityx", "-Infinityx", "Infinit", "infinity", "INFINITY", "-Inf", "NaN", "nan",
  "0x", "0x1", "0X1F", "0xg", "-0x10", "+0x10", "0x10.5", "0b", "0b101", "0B2", "0o", "0o17", "0O8", "-0b1", "0x_1", "1_000",
  "00012", "08", "0777", "1 2", "12abc", "abc12", "  12  ", "\t\n\r\v\f12\u2028", "12\u00a0", "\ufeff12", "\u180e12",
  "9007199254740993", "9007199254740992.5", "1e1000", "-1e-1000", "1e-400", "2.4703282292062327e-324", "2.4703282292062328e-324",
  "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999",
  "4.9406564584124654e-324", "5e-324", "3e-324", "2e-324", "0.0000000000000000000000001", "1" + "0".repeat(400), "0." + "0".repeat(400) + "1",
  "1e0000000000000000000000005", "1e1000000000000", "0e1000000000000", "1e-1000000000000", "-0e5", ".0e-5", "0.0e+0",
  "  +  1", "0x1p3", "1" + "0".repeat(308), "1" + "0".repeat(309), "0x" + "f".repeat(300), "0b" + "1".repeat(1100), "0o" + "7".repeat(400),
];

describe("the three parsers", () => {
  it("agree with Node on syntax corner cases", () => {
    expectAllAgree(SYNTAX);
  });

  it("trim exactly the white space JavaScript trims", () => {
    const inputs: string[] = [];
    for (let c = 0; c < 65536; c++) {
      const ch = String.fromCharCode(c);
      inputs.push(ch + "1" + ch, ch + "-.5", ch);
    }
    expectAllAgree(inputs);
  });
});

/** A random decimal string: sign, digits, point, exponent, white space and garbage. */
function randomDecimal(random: Random): string {
  let s = "";
  if (random.below(4) === 0) s += random.pick([" ", "\t", "\n", "\u00a0", "  \u2029"]);
  if (random.below(3) === 0) s += random.pick(["-", "+"]);
  if (random.below(5) === 0) s += "0".repeat(1 + random.below(5));
  const length = random.below(10) === 0 ? 20 + random.below(900) : 1 + random.below(25);
  const mantissa = random.chars("0123456789", length);
  const point = random.below(length + 2);
  if (point <= length && random.below(4) !== 0) s += mantissa.slice(0, point) + "." + mantissa.slice(point);
  else s += mantissa;
  if (random.below(3) !== 0) {
    s += random.pick(["e", "E"]) + random.pick(["", "+", "-"]);
    const magnitude = random.below(4) === 0 ? random.below(30) : random.below(400);
    s += String(magnitude);
  }
  if (random.below(4) === 0) s += random.pick([" ", "x", "e", ".", "5", "e+", "..", "\u3000", "abc", "Infinity"]);
  return s;
}

/** The exact decimal expansion of m * 2^e (m a positive integer), as a string. */
function exactText(m: bigint, e: number): string {
  if (e >= 0) return (m << BigInt(e)).toString();
  const digits = (m * 5n ** BigInt(-e)).toString().padStart(-e + 1, "0");
  return digits.slice(0, digits.length + e) + "." + digits.slice(digits.length + e);
}

/** The significand and exponent of a positive finite double. */
function unpack(x: number): [bigint, number] {
  const high = floatHighWord(x);
  const low = floatLowWord(x);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  return biased === 0 ? [fraction, -1074] : [fraction | (1n << 52n), biased - 1075];
}

describe("decimal strings", () => {
  it("agree with Node on 40,000 random decimal strings", () => {
    const random = new Random(61);
    const inputs: string[] = [];
    for (let i = 0; i < 40000; i++) inputs.push(randomDecimal(random));
    expectAllAgree(inputs);
  });

  it("round-trip String(x) of 100,000 random doubles", () => {
    const random = new Random(62);
    const inputs: string[] = [];
    for (let i = 0; i < 100000; i++) {
      const x = random.bits();
      inputs.push(String(x));
      if (i % 10 === 0) inputs.push(x.toExponential(random.below(25)), x.toPrecision(17 + random.below(5)));
    }
    expect(mismatches(inputs, parseFloatPrefix, parseFloat), "parseFloat").toEqual([]);
    expect(mismatches(inputs, stringToNumber, Number), "Number").toEqual([]);
    let roundTrips = 0;
    for (let i = 0; i < 1000; i++) {
      const x = random.bits();
      if (Number.isNaN(x) || Object.is(parseFloatPrefix(String(x)), x)) roundTrips++;
    }
    expect(roundTrips).toBe(1000);
  });

  it("round exact midpoints between doubles to even, and values just off them the right way", () => {
    const random = new Random(63);
    const inputs: string[] = ["9007199254740993", "9007199254740995", "9007199254740993.0000000000000000000001", "9007199254740992.9999999999999999999"];
    for (let i = 0; i < 3000; i++) {
      let x = Math.abs(random.bits());
      if (!Number.isFinite(x)) x = 1;
      if (i % 3 === 0) x = floatFromWords(random.below(0x200000), random.word()); // subnormals and small normals
      if (i % 3 === 1) x = floatFromWords(0x7fe00000 + random.below(0x100000), random.word()); // near overflow
      const [m, e] = unpack(x);
      const midpoint = exactText(2n * m + 1n, e - 1);
      inputs.push(midpoint, midpoint + "0000000000001", midpoint.slice(0, midpoint.length - 1 - random.below(5)));
      // Past the 800 significant digits the scanner keeps: only a sticky digit says "above".
      const point = midpoint.includes(".") ? "" : ".";
      inputs.push(midpoint + point + "0".repeat(800 + random.below(200)) + "1", midpoint + point + "0".repeat(900));
      if (midpoint.includes(".")) inputs.push(midpoint.replace(".", "") + "e-" + (midpoint.length - 1 - midpoint.indexOf(".")));
    }
    // The midpoint above the largest double rounds to Infinity; just below it does not.
    const [m, e] = unpack(Number.MAX_VALUE);
    const top = exactText(2n * m + 1n, e - 1);
    inputs.push(top, top.slice(0, -1) + "4" + "9".repeat(20));
    expect(mismatches(inputs, parseFloatPrefix, parseFloat), "parseFloat").toEqual([]);
    expect(mismatches(inputs, stringToNumber, Number), "Number").toEqual([]);
    expect(parseFloatPrefix(top)).toBe(Infinity);
    expect(parseFloatPrefix("9007199254740993")).toBe(9007199254740992);
  });

  it("agree with Node on exponents near overflow and underflow", () => {
    const random = new Random(64);
    const inputs: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const digits = random.chars("0123456789", 1 + random.below(i % 2 ? 20 : 120));
      const exponent = i % 2 ? 290 + random.below(40) : -(300 + random.below(130));
      inputs.push(`${digits}e${exponent}`, `0.${digits}e${exponent}`);
    }
    expectAllAgree(inputs);
  });
});

describe("integers in other radixes", () => {
  it("agree with Number on random 0x, 0o and 0b literals", () => {
    const random = new Random(71);
    const inputs: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const [prefix, alphabet] = random.pick(["0x|0123456789abcdefABCDEF", "0X|0123456789abcdef", "0o|01234567", "0b|01", "0B|01"]).split("|") as [string, string];
      const length = random.below(8) === 0 ? 1 + random.below(400) : 1 + random.below(24);
      let s = prefix + random.chars(alphabet, length);
      if (random.below(10) === 0) s = " " + s + random.pick([" ", "g", "2", "."]);
      inputs.push(s);
    }
    expect(mismatches(inputs, stringToNumber, Number)).toEqual([]);
  });

  it("agree with parseInt in every radix, correctly rounded or as V8 rounds", () => {
    const random = new Random(72);
    const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const failures: string[] = [];
    for (let i = 0; i < 30000; i++) {
      const radix = i % 40 === 0 ? random.pick(["0", "1", "37", "-1", "4294967306", "NaN", "16"]) : String(2 + random.below(35));
      const length = random.below(10) === 0 ? 1 + random.below(400) : 1 + random.below(30);
      let s = random.chars(alphabet.slice(0, Math.max(2, Number(radix) || 10) + 2), length);
      if (random.below(5) === 0) s = random.pick(["-", "+", " ", "0x", "-0x", " -0"]) + s;
      const got = parseIntRadix(s, Number(radix));
      const want = parseInt(s, Number(radix));
      if (!Object.is(got, want) && failures.length < 20) failures.push(`parseInt(${JSON.stringify(s)}, ${radix}): want ${want}, got ${got}`);
    }
    expect(failures).toEqual([]);
    expect(Object.is(parseIntRadix("-0", 10), -0)).toBe(true);
    expect(parseIntRadix("0x", 16)).toBeNaN();
    expect(parseIntRadix("-0x1f", 16)).toBe(-31);
    expect(parseIntRadix("z".repeat(30), 36)).toBe(parseInt("z".repeat(30), 36));
  });
});
