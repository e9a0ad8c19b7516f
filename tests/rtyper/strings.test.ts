// Differential tests of strings and number/string conversions at the low level: functions of
// tests/fixtures/llinterp/strings2.ts are annotated, rtyped (with the runtime helpers written in
// RTS) and run by the LL interpreter, and must return exactly the string they return on Node.

import { describe, expect, it } from "vitest";
import { formatRadix } from "../../src/runtime/strings-radix.ts";
import { Random } from "../helpers/random.ts";
import { agree as agreeOn, type Arg } from "./lowered-strings.ts";

/** Expects fn to give Node's result on each list of arguments. */
const agree = (fn: string, cases: Arg[][]) => agreeOn("strings2.ts", fn, cases);

const random = new Random(20240611);

describe("String(x) at the low level", () => {
  it("writes ints as Node does", async () => {
    const ints = [0, 1, -1, 7, 10, -10, 99, 100, 12345, -98765, 2 ** 31, -(2 ** 31), 2 ** 53, -(2 ** 53), 2 ** 53 - 1, 1e15, 123456789012345];
    for (let i = 0; i < 100; i++) ints.push(random.below(2 ** 32) * (random.below(2) ? 1 : -1), random.below(1000) - 500);
    await agree("showInt", ints.map((n) => [n]));
  });

  it("writes floats as Node does, random doubles included", async () => {
    const floats = [0.1, 0.5, -0, 0, 1e21, 1e-7, 1.5e-7, 123e20, 1 / 3, -2 / 3, NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308, 2 ** 53, 2 ** 60, 0.000001, 1e-6, 100, -1.25];
    for (let i = 0; i < 300; i++) floats.push(random.bits());
    for (let i = 0; i < 100; i++) floats.push(random.below(1e6) / 1000);
    await agree("showFloat", floats.map((x) => [x]));
  });

  it("writes booleans, chars, and values that may be undefined or null", async () => {
    await agree("showBool", [[true], [false]]);
    await agree("showChar", [["a\u00e9\u4e16", 0], ["a\u00e9\u4e16", 1], ["a\u00e9\u4e16", 2]]);
    await agree("showNullable", [[0, 0, ""], [3, 0.25, "s"], [9, -1, "xyz"]]);
  });

  it("fills template literals and concatenates with +", async () => {
    await agree("template", [[1, 0.1, "abc"], [3, -2.5e-9, "\u00e9t\u00e9"]]);
    await agree("concat", [["ab", "cd"], ["x", ""]]);
  });
});

describe("string operations at the low level", () => {
  it("compare by UTF-16 code units", async () => {
    const words = ["", "a", "b", "ab", "abc", "abd", "B", "\u00e9", "\ud83d\ude00", "\uffff", "a\u0000"];
    const cases: Arg[][] = [];
    for (const a of words) for (const b of words) if (a !== "") cases.push([a, b]);
    await agree("compare", cases);
  });

  it("switch on strings", async () => {
    await agree("classify", [["+"], ["-"], ["("], ["while"], [""], ["whil"], ["x"], ["+-"]]);
  });

  it("search as Node does", async () => {
    const cases: Arg[][] = [];
    for (const s of ["hello world", "", "lll", "abcabc"]) for (const t of ["l", "", "lo", "abc", "zz", "hello world!"]) for (const n of [-3, 0, 2, 5, 50]) cases.push([s, t, n]);
    await agree("search", cases);
  });

  it("slice, substring, trim, case, repeat and pad as Node does", async () => {
    const cases: Arg[][] = [];
    for (const s of ["hello", "", "  \t padded \n\u00a0\u3000", "Stra\u00dfe \u0130stanbul \u01c5 \u03a3\u03b1 \u0149", "\u1f80\ufb01 k\u212a"]) {
      for (const [a, b] of [[0, 2], [1, 10], [-2, 3], [3, 1], [7, -1]]) cases.push([s, a!, b!]);
    }
    await agree("slices", cases);
    await agree(
      "transform",
      cases.filter((c) => (c[1] as number) >= 0).map((c) => [c[0]!, c[1]!]),
    );
  });

  it("maps case over the whole Basic Multilingual Plane as Node does (but the final sigma)", async () => {
    let all = "";
    for (let c = 0; c <= 0xffff; c++) if ((c < 0xd800 || c > 0xdfff) && c !== 0x3a3) all += String.fromCharCode(c) + " ";
    await agree("cases", [[all]]);
  });

  it("split and join as Node does", async () => {
    await agree("splitJoin", [["hello world", "l"], ["", "l"], ["", ""], ["abc", ""], ["l", "l"], ["a,b,,c", ","], ["xyz", "xyz"], ["aaa", "aa"]]);
    await agree("joinNumbers", [[0], [1], [5]]);
  });

  it("chars, String.fromCharCode, concat() and codePointAt", async () => {
    await agree("chars", [["ab\u00e9", 65], ["\ud83d\ude00x", 0x3b1], ["z", 0xffff]]);
  });
});

describe("numbers to strings and back at the low level", () => {
  it("toFixed, toPrecision, toExponential and toString(radix)", async () => {
    const cases: Arg[][] = [];
    for (const x of [0, -0, 1.005, 123.456, -0.000123, 1e21, 2.5, 1 / 3, 1e-10, 255.5, NaN, -Infinity]) for (const d of [0, 1, 5, 14]) cases.push([x, d]);
    for (let i = 0; i < 40; i++) cases.push([random.bits(), random.below(20)]);
    await agree("numberMethods", cases);
    await agree("intMethods", [[255, 16], [-255, 2], [0, 36], [123456789, 36], [7, 10]]);
  });

  it("toString(radix) of random doubles as Node (untranslated)", () => {
    for (let i = 0; i < 20000; i++) {
      const x = i % 2 ? random.bits() : (random.below(2 ** 32) - 2 ** 31) / (1 + random.below(1000));
      const radix = 2 + random.below(35);
      expect([x, radix, formatRadix(x, radix)]).toEqual([x, radix, x.toString(radix)]);
    }
  });

  it("Number, parseFloat, parseInt, isNaN, isFinite, Number.isInteger", async () => {
    await agree("parsing", [["42"], [" 0x1F "], ["3.25e2xyz"], [""], ["-Infinity"], ["abc"], ["1e400"], ["  -0  "], ["12.0"]]);
  });
});
