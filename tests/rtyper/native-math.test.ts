// The elementary float functions of native code (src/runtime/math-*.ts: fdlibm as V8 has
// it, exact fmod, ToInt32 of huge doubles) against Node's own Math, bit for bit, run untranslated
// on many inputs; then a program whose float operations lowerNativeOps turned into calls of
// them, run by the LL interpreter, printing what Node prints.

import { describe, expect, it } from "vitest";
import { floatFromWords, floatHighWord, floatLowWord } from "../../src/lib/index.ts";
import { floatMod, toInt32Large } from "../../src/runtime/math-exact.ts";
import { mathAtan, mathAtan2, mathExp, mathLog, mathLog10, mathLog2, mathPow } from "../../src/runtime/math-fdlibm.ts";
import { mathCos, mathSin, mathTan } from "../../src/runtime/math-trig.ts";
import { Random } from "../helpers/random.ts";
import { repoRoot } from "../helpers/run-rts.ts";

const random = new Random(20240611);

/** A double with a random significand and sign whose binary exponent is e (-1074..1023; subnormal below -1022). */
function withExponent(e: number, positive = false): number {
  const sign = positive || random.below(2) === 0 ? 0 : 0x80000000;
  if (e < -1022) {
    // subnormal: a random significand below 2^(e + 1075)
    const bits = e + 1074;
    const m = Math.floor((random.word() / 4294967296) * 2 ** bits) + 2 ** bits;
    const value = m * 2 ** -1074;
    return sign ? -value : value;
  }
  return floatFromWords(sign | ((e + 1023) << 20) | random.below(0x100000), random.word());
}

/** n doubles with exponents uniform in [lo, hi]. */
function spread(n: number, lo: number, hi: number, positive = false): number[] {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(withExponent(lo + random.below(hi - lo + 1), positive));
  return xs;
}

/** x moved by k units in the last place (toward +Infinity for k > 0 on positive x). */
function ulps(x: number, k: number): number {
  const high = floatHighWord(x);
  const low = floatLowWord(x);
  const n = BigInt(high) * 2n ** 32n + BigInt(low) + BigInt(k);
  return floatFromWords(Number(n >> 32n), Number(n & 0xffffffffn));
}

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 1, -1, 0.5, -0.5, 2, -2, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, 2.225073858507201e-308, Number.MAX_VALUE, -Number.MAX_VALUE, Number.EPSILON, 1e-300, 1e300, 2 ** 1000, 2 ** -1000, 2 ** 63, 2 ** 64, 1e22, 3, 10, 0.1];

/** Inputs near multiples of pi/2, where the argument reduction cancels most. */
function nearPiOver2(): number[] {
  const xs: number[] = [];
  for (const k of [1, 2, 3, 4, 5, 6, 7, 8, 16, 31, 32, 33, 100, 1000, 12345, 2 ** 19, 2 ** 20 - 1, 2 ** 20, 2 ** 21, 1e6, 1e9, 2 ** 30, 1e15, 2 ** 52]) {
    const x = (k * Math.PI) / 2;
    for (let d = -3; d <= 3; d++) xs.push(ulps(x, d), -ulps(x, d));
  }
  // Doubles whose reduction modulo pi/2 is famously hard (Kahan, Muller) and huge ones.
  xs.push(6381956970095103 * 2 ** 797, 5.319372648326541e255, 1e300, 1e308, 2 ** 1000, 2 ** 1023, 1e22, 2 ** 120, 8.98846567431158e307, 1.5707963267948966e300);
  for (let e = 20; e <= 1023; e += 7) xs.push(2 ** e, ulps(2 ** e, -1), 3 * 2 ** (e - 2));
  return xs;
}

type Unary = (x: number) => number;
type Binary = (x: number, y: number) => number;

/** The inputs on which f differs from g (bit patterns compared; every NaN is the same). */
function differences(f: Unary, g: Unary, xs: number[]): string[] {
  const bad: string[] = [];
  for (const x of xs) {
    const got = f(x);
    const want = g(x);
    if (!Object.is(got, want)) bad.push(`${x}: ${got} (expected ${want})`);
  }
  return bad.slice(0, 10);
}

function differences2(f: Binary, g: Binary, pairs: [number, number][]): string[] {
  const bad: string[] = [];
  for (const [x, y] of pairs) {
    const got = f(x, y);
    const want = g(x, y);
    if (!Object.is(got, want)) bad.push(`(${x}, ${y}): ${got} (expected ${want})`);
  }
  return bad.slice(0, 10);
}

const everywhere = (n: number, positive = false) => [...SPECIAL, ...spread(n, -1074, 1023, positive)];

describe("the elementary functions in RTS, untranslated", () => {
  it("sin, cos and tan give Node's bits", () => {
    const xs = [...everywhere(20000), ...spread(60000, -30, 30), ...spread(20000, 19, 70), ...nearPiOver2()];
    expect(differences(mathSin, Math.sin, xs)).toEqual([]);
    expect(differences(mathCos, Math.cos, xs)).toEqual([]);
    expect(differences(mathTan, Math.tan, xs)).toEqual([]);
  });

  it("atan and atan2 give Node's bits", () => {
    const xs = [...everywhere(20000), ...spread(60000, -30, 70)];
    expect(differences(mathAtan, Math.atan, xs)).toEqual([]);
    const pairs: [number, number][] = [];
    for (const x of SPECIAL) for (const y of SPECIAL) pairs.push([y, x]);
    const near = spread(40000, -40, 40);
    for (let i = 0; i + 1 < near.length; i += 2) pairs.push([near[i]!, near[i + 1]!]);
    const far = spread(20000, -1074, 1023);
    for (let i = 0; i + 1 < far.length; i += 2) pairs.push([far[i]!, far[i + 1]!]);
    expect(differences2(mathAtan2, Math.atan2, pairs)).toEqual([]);
  });

  it("exp gives Node's bits", () => {
    const xs = [...everywhere(20000), ...spread(40000, -30, 9)];
    for (let i = 0; i < 40000; i++) xs.push((random.word() / 4294967296) * 1500 - 750);
    for (const t of [709.782712893384, -745.1332191019411, -708.3964185322641, 0.34657359027997264, 1.0397207708399179])
      for (let d = -3; d <= 3; d++) xs.push(ulps(t, d), -ulps(t, d));
    for (let k = -1100; k <= 1100; k += 1) xs.push(k * Math.LN2, k / 3);
    expect(differences(mathExp, Math.exp, xs)).toEqual([]);
  });

  it("log, log2 and log10 give Node's bits", () => {
    const xs = [...everywhere(40000), ...everywhere(40000, true), ...spread(20000, -3, 3, true)];
    for (let e = -1074; e <= 1023; e++) xs.push(2 ** e, ulps(2 ** e, 1), ulps(2 ** e, -1));
    for (let e = -323; e <= 308; e++) xs.push(Number(`1e${e}`));
    for (let d = -1000; d <= 1000; d++) xs.push(ulps(1, d), ulps(Math.SQRT2, d), ulps(Math.SQRT1_2, d));
    expect(differences(mathLog, Math.log, xs)).toEqual([]);
    expect(differences(mathLog2, Math.log2, xs)).toEqual([]);
    expect(differences(mathLog10, Math.log10, xs)).toEqual([]);
  });

  it("pow gives Node's bits, ECMAScript's corner cases included", () => {
    const pairs: [number, number][] = [];
    // Every pair of special values (ES Number::exponentiate's cases: NaN, +-0, +-Infinity, +-1, odd and even integers).
    const specials = [...SPECIAL, 3, -3, 0.25, 1.5, -1.5, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 2 ** 31, 2 ** 31 + 1, 2 ** 64 + 2 ** 12, 1 - 2 ** -53, 1 + 2 ** -52];
    for (const x of specials) for (const y of specials) pairs.push([x, y]);
    for (let i = 0; i < 40000; i++) pairs.push([withExponent(random.below(8) - 4, true), (random.word() / 4294967296 - 0.5) * 400]);
    for (let i = 0; i < 20000; i++) pairs.push([withExponent(random.below(60) - 30), random.below(80) - 40]);
    for (let i = 0; i < 20000; i++) pairs.push([withExponent(random.below(2098) - 1074), withExponent(random.below(20) - 10)]);
    for (let i = 0; i < 10000; i++) pairs.push([ulps(1, random.below(2001) - 1000), withExponent(random.below(60))]);
    for (let b = 2; b <= 20; b++) for (let n = -1100; n <= 1100; n += 3) pairs.push([b, n], [-b, n], [1 / b, n]);
    expect(differences2(mathPow, Math.pow, pairs)).toEqual([]);
  });

  it("the remainder of doubles is JavaScript's %, exactly", () => {
    const pairs: [number, number][] = [];
    for (const x of SPECIAL) for (const y of SPECIAL) pairs.push([x, y]);
    for (let i = 0; i < 20000; i++) pairs.push([withExponent(random.below(2098) - 1074), withExponent(random.below(2098) - 1074)]);
    for (let i = 0; i < 20000; i++) pairs.push([withExponent(random.below(100) - 50), withExponent(random.below(40) - 20)]);
    for (let i = 0; i < 5000; i++) pairs.push([withExponent(random.below(2098) - 1074), random.below(100) - 50]);
    for (let i = 0; i < 5000; i++) pairs.push([random.word() - 2 ** 31, random.below(1000) + 1]);
    expect(differences2(floatMod, (x, y) => x % y, pairs)).toEqual([]);
  });

  it("ToInt32 of any double, huge ones included", () => {
    const xs = [...everywhere(20000), ...spread(20000, 53, 100), ...spread(2000, 0, 52)];
    for (let e = 0; e <= 1023; e++) xs.push(2 ** e, -(2 ** e), ulps(2 ** e, 1), -ulps(2 ** e, 1), ulps(2 ** e, -1));
    expect(differences(toInt32Large, (x) => x | 0, xs)).toEqual([]);
  });
});

// ---- the rewritten operations in a lowered program

// The toolchain is loaded compiled (dist/), as bin/rts runs it (its module hooks need Node's loader).
const dist = (file: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${file}`);

const PROGRAM = `
/** x as console.log shows it, -0 included. */
function show(x: number): string {
  if (x === 0 && 1 / x < 0) return "-0";
  return \`\${x}\`;
}

export function main(argv: string[]): number {
  const xs: number[] = [];
  for (let i = 1; i < argv.length; i++) xs.push(parseFloat(argv[i]!));
  for (let i = 0; i < 20; i++) xs.push(i * 11.3 - 100.25);
  for (const x of xs) {
    let line = show(x) + ":";
    line += " " + show(Math.sin(x)) + " " + show(Math.cos(x)) + " " + show(Math.tan(x)) + " " + show(Math.atan(x));
    line += " " + show(Math.exp(x)) + " " + show(Math.log(x)) + " " + show(Math.log2(x)) + " " + show(Math.log10(x));
    console.log(line);
  }
  for (const x of xs) {
    let line = show(x) + ":";
    for (let j = 0; j < xs.length; j += 4) {
      const y = xs[j]!;
      line += " " + show(Math.atan2(x, y)) + " " + show(Math.pow(x, y)) + " " + show(x ** y) + " " + show(x % y);
    }
    console.log(line);
  }
  return 0;
}
`;

const ARGS = ["0", "-0", "1", "-1", "0.5", "2", "3", "-3", "1e300", "-1e300", "1.0715086071862673e301", "1e-310", "Infinity", "-Infinity", "NaN", "709.8", "-745.2", "1e22", "355", "-7.25", "0.1"];

describe("lowerNativeOps", () => {
  it("turns the float functions of a program into calls of the RTS helpers, which print what Node prints", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const directory = mkdtempSync(path.join(os.tmpdir(), "rts-native-math-"));
    try {
      const target = path.join(directory, "target.ts");
      writeFileSync(target, PROGRAM);
      const { loadProgram } = await dist("frontend/modules.js");
      const { Annotator } = await dist("annotator/annotator.js");
      const { RTyper } = await dist("rtyper/rtyper.js");
      const { optimizeGraphs } = await dist("rtyper/opt/index.js");
      const { transformExceptions } = await dist("rtyper/exceptions.js");
      const { reachableGraphs } = await dist("llir/llgraph.js");
      const { lowerNativeOps, NATIVE_OP_NAMES } = await dist("rtyper/native-ops.js");
      const { runLowered, describeLLException } = await dist("rtyper/run-llinterp.js");

      const program = await loadProgram(target, true, true);
      const annotator = new Annotator(program);
      annotator.annotateMain();
      expect(annotator.errors).toEqual([]);
      const rtyper = new RTyper(annotator);
      const main = rtyper.specializeFrom(annotator.bk.functionDesc(program.main));
      const flush = rtyper.specializeFrom(rtyper.rtsHelper("flushAll", []));
      optimizeGraphs([main, flush]);

      type Op = { opname: string; args: { value: unknown }[] };
      type G = { name: string; iterBlocks(): { operations: Op[] }[] };
      const operations = (): Op[] => (reachableGraphs([main, flush]) as G[]).flatMap((g) => g.iterBlocks().flatMap((b) => b.operations));
      const native = (ops: Op[]) => ops.filter((op) => NATIVE_OP_NAMES.includes(op.opname)).map((op) => op.opname);
      expect(new Set(native(operations()))).toEqual(new Set(NATIVE_OP_NAMES));
      lowerNativeOps(rtyper, [main, flush]);
      expect(native(operations())).toEqual([]);
      const callees = new Set(operations().filter((op) => op.opname === "direct_call").map((op) => (op.args[0]!.value as { name: string }).name));
      for (const helper of ["mathSin", "mathCos", "mathTan", "mathAtan", "mathAtan2", "mathExp", "mathLog", "mathLog2", "mathLog10", "mathPow", "floatMod"]) {
        expect([...callees].some((name) => name.includes(helper))).toBe(true);
      }
      transformExceptions([main, flush]);
      expect(native(operations())).toEqual([]);

      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const status = runLowered({ rtyper, main, flush }, [target, ...ARGS], describeLLException, (fd: number, bytes: Uint8Array) => (fd === 1 ? out : err).push(Buffer.from(bytes)));
      expect(Buffer.concat(err).toString("utf8")).toBe("");
      expect(status).toBe(0);

      // The same program on Node.
      const lines: string[] = [];
      const live = program.entry.binding("main").value as (argv: string[]) => number;
      const log = console.log;
      console.log = (...items: unknown[]) => void lines.push(items.join(" "));
      try {
        live([target, ...ARGS]);
      } finally {
        console.log = log;
      }
      const printed = Buffer.concat(out).toString("utf8").split("\n");
      expect(printed).toEqual([...lines, ""]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("lowers toInt32Large, which the native code generator calls for ToInt32 of |x| >= 2^63", async () => {
    const { loadProgram } = await dist("frontend/modules.js");
    const { Annotator } = await dist("annotator/annotator.js");
    const { RTyper } = await dist("rtyper/rtyper.js");
    const { LLInterpreter } = await dist("llir/llinterp.js");
    const { someFloat } = await dist("annotator/model.js");
    const program = await loadProgram(`${repoRoot}/tests/fixtures/llinterp/math.ts`, false, true);
    const annotator = new Annotator(program);
    const rtyper = new RTyper(annotator);
    const graph = rtyper.specializeFrom(rtyper.rtsHelper("toInt32Large", [someFloat()]));
    const interp = new LLInterpreter();
    const xs = [2 ** 63, -(2 ** 63), 2 ** 63 + 2 ** 11, -(2 ** 64 + 2 ** 12 * 3), 2 ** 83 + 2 ** 31, 1.7976931348623157e308, Infinity, -Infinity, NaN, 5.5, -5.5, 2 ** 40 + 7, -(2 ** 52) - 1, ...spread(200, 0, 100)];
    for (const x of xs) expect([x, interp.call(graph, [x])]).toEqual([x, x | 0]);
  });
});
