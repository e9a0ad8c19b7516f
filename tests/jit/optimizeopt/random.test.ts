// Random traces (not text-in/text-out: a property): straight-line traces of integer arithmetic,
// comparisons and guards, overflow checks, temporary objects and arrays, fields of an object
// passed in, optimized with every pass and with random subsets of them; each optimized trace
// must pass check-trace and behave as its original on random inputs (harness.ts compareRuns).

import { describe, expect, it } from "vitest";
import { checkTrace } from "../../../src/runtime/jit/check-trace.ts";
import { optimizeTrace } from "../../../src/runtime/jit/optimizeopt/optimize.ts";
import { traceText } from "../../../src/runtime/jit/print-trace.ts";
import { BASIC_OPTS, compareRuns, parse } from "./harness.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * A random straight-line trace over [i0, i1, i2, p3 (a node), p4 (an int array)], and integer
 * inputs that pass most of its guards: the generator computes the integers it can (not those
 * read from memory) on those inputs and turns each guard the way the inputs go.
 */
export function randomTrace(seed: number): { text: string; inputs: number[] } {
  const random = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const ints = ["i0", "i1", "i2"];
  const inputs = [pick([0, 1, 3, 5, 10, -2, 7]), pick([2, 4, 100, -1, 6]), pick([0, 9, 12, -3])];
  const known = new Map<string, number>([["i0", inputs[0]!], ["i1", inputs[1]!], ["i2", inputs[2]!]]);
  const valueOf = (operand: string): number | undefined => (/^-?\d+$/.test(operand) ? Number(operand) : known.get(operand));
  const compute = (op: string, a: number, b: number): number | undefined => {
    switch (op) {
      case "int_add": return a + b;
      case "int_sub": return a - b;
      case "int_and": return a & b;
      case "int_or": return a | b;
      case "int_xor": return a ^ b;
      case "int_mul": return a * b;
      case "int_lt": return a < b ? 1 : 0;
      case "int_le": return a <= b ? 1 : 0;
      case "int_eq": return a === b ? 1 : 0;
      case "int_ne": return a !== b ? 1 : 0;
      case "int_gt": return a > b ? 1 : 0;
      case "int_ge": return a >= b ? 1 : 0;
      case "uint_lt": return (a >= 0) === (b >= 0) ? (a < b ? 1 : 0) : a >= 0 ? 1 : 0;
      default: return undefined;
    }
  };
  const define = (v: string, op: string, a: string, b: string): void => {
    const x = valueOf(a);
    const y = valueOf(b);
    const r = x === undefined || y === undefined ? undefined : compute(op, x, y);
    if (r !== undefined) known.set(v, op === "int_and" && b === "4095" ? r & 4095 : r);
  };
  const nodes = ["p3"];
  let next = 5;
  let guards = 0;
  const lines = ["[i0, i1, i2, p3, p4]", "guard_nonnull(p3, descr=nn3) []", "guard_nonnull(p4, descr=nn4) []"];
  const fresh = (letter: string) => `${letter}${next++}`;
  const failArgs = () => {
    const live = [...ints, ...nodes].filter(() => random() < 0.4);
    return `[${live.join(", ")}]`;
  };
  const steps = 14 + Math.floor(random() * 18);
  for (let s = 0; s < steps; s++) {
    const r = random();
    if (r < 0.25) {
      const v = fresh("i");
      const op = pick(["int_add", "int_sub", "int_and", "int_or", "int_xor", "int_add", "int_sub"]);
      const b = random() < 0.5 ? pick(ints) : String(pick([0, 1, 2, 3, -1, 7, 255]));
      const a = pick(ints);
      lines.push(`${v} = ${op}(${a}, ${b})`);
      define(v, op, a, b);
      ints.push(v);
    } else if (r < 0.32) {
      const v = fresh("i");
      const a = pick(ints);
      const k = String(pick([0, 1, 2, 3, 4, 8]));
      lines.push(`${v} = int_mul(${a}, ${k})`);
      define(v, "int_mul", a, k);
      const m = fresh("i");
      lines.push(`${m} = int_and(${v}, 4095)`);
      define(m, "int_and", v, "4095");
      ints.push(m);
    } else if (r < 0.5) {
      const c = fresh("i");
      const op = pick(["int_lt", "int_le", "int_eq", "int_ne", "int_gt", "int_ge", "uint_lt", "int_lt", "int_le"]);
      const b = random() < 0.5 ? pick(ints) : String(pick([0, 1, 5, 10, 100]));
      const a = pick(ints);
      lines.push(`${c} = ${op}(${a}, ${b})`);
      define(c, op, a, b);
      const value = known.get(c);
      const guard = value === undefined ? pick(["guard_true", "guard_false"]) : value !== 0 ? "guard_true" : "guard_false";
      if (random() < 0.8) lines.push(`${guard}(${c}, descr=g${guards++}) ${failArgs()}`);
      else ints.push(c);
    } else if (r < 0.58) {
      const v = fresh("i");
      lines.push(`${v} = ${pick(["int_add_ovf", "int_sub_ovf", "int_mul_ovf"])}(${pick(ints)}, ${pick(ints)})`);
      lines.push(`guard_no_overflow(descr=g${guards++}) ${failArgs()}`);
      const m = fresh("i");
      lines.push(`${m} = int_and(${v}, 65535)`);
      ints.push(m);
    } else if (r < 0.66) {
      const p = fresh("p");
      lines.push(`${p} = new_with_vtable(descr=nodesize)`);
      nodes.push(p);
    } else if (r < 0.76) {
      lines.push(`setfield_gc(${pick(nodes)}, ${pick(ints)}, descr=valuedescr)`);
    } else if (r < 0.84) {
      const v = fresh("i");
      lines.push(`${v} = getfield_gc_i(${pick(nodes)}, descr=valuedescr)`);
      ints.push(v);
    } else if (r < 0.88) {
      lines.push(`setfield_gc(${pick(nodes)}, ${pick(nodes)}, descr=nextdescr)`);
    } else if (r < 0.92) {
      const v = fresh("i");
      lines.push(`${v} = getarrayitem_gc_i(p4, ${Math.floor(random() * 10)}, descr=arraydescr)`);
      ints.push(v);
    } else if (r < 0.96) {
      lines.push(`setarrayitem_gc(p4, ${Math.floor(random() * 10)}, ${pick(ints)}, descr=arraydescr)`);
    } else {
      lines.push(`guard_class(${pick(nodes)}, ConstClass(node_vtable), descr=g${guards++}) ${failArgs()}`);
    }
  }
  lines.push(`finish(${[pick(ints), pick(ints), pick(nodes)].join(", ")}, descr=done)`);
  return { text: lines.join("\n"), inputs };
}

const SUBSETS = ["rewrite", "intbounds:rewrite", "virtualize:heap", "pure:heap", "intbounds:virtualize:pure", "rewrite:virtualize:string:heap"];

describe("random traces behave the same optimized", () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`random trace ${seed}`, () => {
      const { text, inputs } = randomTrace(seed);
      const original = parse(text);
      for (const opts of [BASIC_OPTS, SUBSETS[seed % SUBSETS.length]!]) {
        const optimized = optimizeTrace(original, opts).trace;
        expect(checkTrace(optimized), `${opts}\n${text}\n---\n${traceText(optimized)}`).toBe("");
        compareRuns(original, optimized, 10, seed * 7919, [inputs, inputs, inputs]);
      }
    });
  }
});
