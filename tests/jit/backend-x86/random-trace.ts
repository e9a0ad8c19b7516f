// Random valid traces (RPython's test_random.py idea, for the x86-64 trace backend): a loop of
// random integer and float operations with guards that fail sometimes, bounded by a counter guard, or a
// straight trace ending in a finish; and random inputs for it. Written as trace text, so that a
// failing trace can be printed and replayed.
//
// Every value stays among the integers RTS keeps exact (|x| <= 2^53), where the trace
// interpreter's results are the 64-bit ones: the generator tracks a bound of each value and only
// emits an operation whose result stays within it (the `_ovf` operations are exempt: their check
// is what is tested), and the values carried by the jump are reduced to the inputs' bound.

import type { TraceNamespace } from "../../../src/jit/parse-trace.ts";
import { ArrayDescr, FieldDescr } from "../../../src/runtime/jit/history.ts";
import { TraceValues } from "../../../src/runtime/jit/trace-cpu.ts";

/** A small deterministic PRNG (mulberry32). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

const SAFE = 2 ** 53;
/** The bound of the inputs and of the values a jump carries. */
const INPUT_BOUND = 2 ** 20;

/** A value of the trace being generated: its name and a bound of its magnitude (Infinity or NaN for a float that may be anything). */
interface Value {
  name: string;
  bound: number;
}

const FLOAT_BINARY = ["float_add", "float_sub", "float_mul", "float_truediv"] as const;
const FLOAT_COMPARISONS = ["float_lt", "float_le", "float_eq", "float_ne", "float_gt", "float_ge"] as const;
const FLOAT_CONSTANTS = [0.5, -1.25, 3.0, 1e10, -0.0, 0.1];

/** The smallest power of two above b: and, or and xor of values within b stay within it. */
function bitBound(b: number): number {
  let p = 1;
  while (p <= b) p *= 2;
  return p;
}

export interface RandomTrace {
  text: string;
  /**
   * The kinds of the inputs: `i`, `f`, `p` (the memory's words, a reference), `a` (the address of
   * its bytes, an integer); the last one is the loop's counter when it loops.
   */
  kinds: string;
  loops: boolean;
}

// Memory (MEMORY_BYTES at the base address the harness gives): 32 words read and written whole
// (the integers in them stay below MEMORY_BOUND, so that every load is exact), an array among them
// (its length word at 8, items from 16), then 256 bytes read and written by 1, 2 and 4 bytes at
// any aligned offset (raw fields and items, raw_load/raw_store).
export const MEMORY_BYTES = 512;
const BYTES_AT = 256;
const MEMORY_BOUND = 2 ** 40;
const SUBWORD_SIZES = [1, 2, 4];

/** The descriptors the memory operations of random traces name. */
export function memoryNamespace(): TraceNamespace {
  const ns: Record<string, FieldDescr | ArrayDescr> = {};
  for (let k = 0; k < 32; k++) ns[`w${k}`] = new FieldDescr(`w${k}`, "WORDS", `w${k}`, 8 * k, 8, "i", true, false, false);
  ns.words = new ArrayDescr("words", 16, 8, 8, "i", true, false, 2);
  for (const size of SUBWORD_SIZES) {
    for (const signed of [true, false]) {
      const sign = signed ? "s" : "u";
      for (let off = 0; off < 256; off += size) ns[`b${size}${sign}${off}`] = new FieldDescr(`b${size}${sign}${off}`, "BYTES", `at${off}`, off, size, "i", signed, false, false);
      ns[`items${size}${sign}`] = new ArrayDescr(`items${size}${sign}`, 0, size, 0, "i", signed, false, 0);
    }
  }
  return ns;
}

/** The memory's first contents: small integers in the words (the array's length 14), random bytes after. */
export function randomMemory(rnd: Random): Uint8Array {
  const bytes = new Uint8Array(MEMORY_BYTES);
  const view = new DataView(bytes.buffer);
  for (let k = 0; k < 32; k++) view.setBigInt64(8 * k, BigInt(rnd.int(-INPUT_BOUND, INPUT_BOUND)), true);
  view.setBigInt64(8, 14n, true);
  for (let i = BYTES_AT; i < MEMORY_BYTES; i++) bytes[i] = rnd.int(0, 255);
  return bytes;
}

const BINARY = ["int_add", "int_sub", "int_mul", "int_and", "int_or", "int_xor"] as const;
const COMPARISONS = ["int_lt", "int_le", "int_eq", "int_ne", "int_gt", "int_ge", "uint_lt", "uint_le", "uint_gt", "uint_ge"] as const;
const OVF = ["int_add_ovf", "int_sub_ovf", "int_mul_ovf"] as const;

class Generator {
  readonly lines: string[] = [];
  readonly values: Value[] = [];
  readonly floats: Value[] = [];
  /** The memory's inputs (a reference to the words, the address of the bytes), or "" without memory. */
  words = "";
  bytes = "";
  readonly rnd: Random;
  private next: number;
  private guards = 0;

  constructor(rnd: Random, first: number) {
    this.rnd = rnd;
    this.next = first;
  }

  fresh(bound: number): Value {
    const v = { name: `i${this.next++}`, bound };
    this.values.push(v);
    return v;
  }

  freshFloat(bound: number): Value {
    const v = { name: `f${this.next++}`, bound };
    this.floats.push(v);
    return v;
  }

  floatOperand(): Value {
    if (this.floats.length === 0 || this.rnd.chance(0.2)) {
      const x = this.rnd.pick(FLOAT_CONSTANTS);
      return { name: Object.is(x, -0) ? "-0.0" : x.toFixed(Number.isInteger(x) ? 1 : 2), bound: Math.abs(x) };
    }
    return this.rnd.pick(this.floats);
  }

  floatOp(name: string, args: string[], bound: number): Value {
    const v = this.freshFloat(bound);
    this.lines.push(`${v.name} = ${name}(${args.join(", ")})`);
    return v;
  }

  /** A random float operation (floats only when the trace has some, or from an integer). */
  floatStep(): void {
    const r = this.rnd;
    const choice = r.int(0, 5);
    const x = this.floatOperand();
    const y = this.floatOperand();
    if (choice <= 1) {
      const name = r.pick(FLOAT_BINARY);
      const bound = name === "float_mul" ? x.bound * y.bound : name === "float_truediv" ? Infinity : x.bound + y.bound;
      this.floatOp(name, [x.name, y.name], bound);
    } else if (choice === 2) {
      const c = this.op(r.pick(FLOAT_COMPARISONS), [x.name, y.name], 1);
      if (r.chance(0.4)) this.guard(r.chance(0.5) ? "guard_true" : "guard_false", c.name);
    } else if (choice === 3) {
      if (x.name.startsWith("f")) this.floatOp(r.chance(0.5) ? "float_neg" : "float_abs", [x.name], x.bound);
    } else if (choice === 4) {
      const a = this.rnd.pick(this.values);
      this.floatOp("cast_int_to_float", [a.name], a.bound);
    } else {
      // back to an integer only when the float is known to be one that fits
      const known = this.floats.filter((f) => f.bound < SAFE);
      if (known.length > 0) {
        const f = r.pick(known);
        this.op("cast_float_to_int", [f.name], f.bound);
      } else if (x.name.startsWith("f") && r.chance(0.2)) {
        this.guard("guard_value", `${x.name}, ${r.pick(FLOAT_CONSTANTS).toFixed(2)}`);
      }
    }
  }

  operand(): Value | { name: string; bound: number } {
    if (this.rnd.chance(0.25)) {
      const c = this.rnd.chance(0.5) ? this.rnd.int(-20, 20) : this.rnd.int(-(2 ** 31), 2 ** 31 - 1);
      return { name: String(c), bound: Math.abs(c) };
    }
    return this.rnd.pick(this.values);
  }

  failArgs(): string {
    const n = this.rnd.int(0, Math.min(6, this.values.length));
    const chosen = new Set<string>();
    for (let i = 0; i < n; i++) chosen.add(this.rnd.pick(this.values).name);
    if (this.floats.length > 0 && this.rnd.chance(0.5)) chosen.add(this.rnd.pick(this.floats).name);
    return `[${[...chosen].join(", ")}]`;
  }

  guard(kind: string, args: string): void {
    this.lines.push(`${kind}(${args}${args === "" ? "" : ", "}descr=g${this.guards++}) ${this.failArgs()}`);
  }

  op(name: string, args: string[], bound: number): Value {
    const v = this.fresh(bound);
    this.lines.push(`${v.name} = ${name}(${args.join(", ")})`);
    return v;
  }

  /** A value that may be stored as a whole word (below MEMORY_BOUND). */
  storable(): Value | null {
    const small = this.values.filter((v) => v.bound < MEMORY_BOUND);
    return small.length === 0 ? null : this.rnd.pick(small);
  }

  /** A random load or store. */
  memoryStep(): void {
    const r = this.rnd;
    const choice = r.int(0, 7);
    const any = r.pick(this.values);
    if (choice === 0) {
      this.op("getfield_gc_i", [this.words, `descr=w${r.int(0, 31)}`], MEMORY_BOUND);
    } else if (choice === 1) {
      const v = this.storable();
      if (v !== null) this.lines.push(`setfield_gc(${this.words}, ${v.name}, descr=w${r.int(0, 31)})`);
    } else if (choice === 2 || choice === 3) {
      const index = this.op("int_and", [any.name, "15"], 15);
      if (choice === 2) {
        this.op("getarrayitem_gc_i", [this.words, index.name, "descr=words"], MEMORY_BOUND);
      } else {
        const v = this.storable();
        if (v !== null) this.lines.push(`setarrayitem_gc(${this.words}, ${index.name}, ${v.name}, descr=words)`);
      }
    } else if (choice === 4) {
      this.op("arraylen_gc", [this.words, "descr=words"], MEMORY_BOUND);
    } else if (choice === 5 || choice === 6) {
      const size = r.pick(SUBWORD_SIZES);
      const sign = r.chance(0.5) ? "s" : "u";
      const off = size * r.int(0, 256 / size - 1);
      if (choice === 5) this.op("getfield_raw_i", [this.bytes, `descr=b${size}${sign}${off}`], 2 ** (8 * size));
      else this.lines.push(`setfield_raw(${this.bytes}, ${any.name}, descr=b${size}${sign}${off})`);
    } else {
      const size = r.pick(SUBWORD_SIZES);
      const sign = r.chance(0.5) ? "s" : "u";
      const index = this.op("int_and", [any.name, String(256 / size - 1)], 256 / size - 1);
      const roll = r.int(0, 3);
      if (roll === 0) this.op("getarrayitem_raw_i", [this.bytes, index.name, `descr=items${size}${sign}`], 2 ** (8 * size));
      else if (roll === 1) this.lines.push(`setarrayitem_raw(${this.bytes}, ${index.name}, ${any.name}, descr=items${size}${sign})`);
      else if (roll === 2) this.op("raw_load_i", [this.bytes, String(size * r.int(0, 256 / size - 1)), `descr=items${size}${sign}`], 2 ** (8 * size));
      else this.lines.push(`raw_store(${this.bytes}, ${String(size * r.int(0, 256 / size - 1))}, ${any.name}, descr=items${size}${sign})`);
    }
  }

  /** One random operation (with its guard when it has one). */
  step(): void {
    const r = this.rnd;
    if (this.words !== "" && r.chance(0.25)) {
      this.memoryStep();
      return;
    }
    if (this.floats.length > 0 ? r.chance(0.3) : r.chance(0.05)) {
      this.floatStep();
      return;
    }
    const choice = r.int(0, 11);
    const a = this.operand();
    const b = this.operand();
    if (choice <= 2) {
      const name = r.pick(BINARY);
      const bound = name === "int_add" || name === "int_sub" ? a.bound + b.bound : name === "int_mul" ? a.bound * b.bound : bitBound(Math.max(a.bound, b.bound));
      if (bound < SAFE) this.op(name, [a.name, b.name], bound);
    } else if (choice === 3) {
      const c = this.op(r.pick(COMPARISONS), [a.name, b.name], 1);
      if (r.chance(0.4)) this.guard(r.chance(0.5) ? "guard_true" : "guard_false", c.name);
    } else if (choice === 4) {
      const name = r.pick(OVF);
      // always with its guard, as RPython's traces have it (the optimizer relies on it), and on a
      // value at least (the meta-interpreter folds constants)
      if (!a.name.startsWith("i") && !b.name.startsWith("i")) return;
      this.op(name, [a.name, b.name], SAFE);
      this.guard(r.chance(0.85) ? "guard_no_overflow" : "guard_overflow", "");
    } else if (choice === 5) {
      const name = r.pick(["int_neg", "int_invert", "int_is_zero", "int_is_true", "int_force_ge_zero", "same_as_i"]);
      if (a.name.startsWith("i")) this.op(name, [a.name], name === "int_is_zero" || name === "int_is_true" ? 1 : a.bound + 1);
    } else if (choice === 6) {
      const bytes = r.pick([1, 2, 4, 8]);
      if (a.name.startsWith("i")) this.op("int_signext", [a.name, String(bytes)], bytes === 8 ? a.bound : 2 ** (8 * bytes - 1));
    } else if (choice === 7) {
      // shifts: by a constant, or by a count masked to 0..15
      const kind = r.pick(["int_lshift", "int_rshift", "uint_rshift"]);
      if (kind === "uint_rshift") {
        const n = r.int(11, 63);
        this.op(kind, [a.name, String(n)], a.bound < SAFE ? Math.max(a.bound, 2 ** (64 - n)) : 2 ** (64 - n));
      } else if (r.chance(0.5)) {
        const n = r.int(0, 63);
        const bound = kind === "int_lshift" ? a.bound * 2 ** n : a.bound;
        if (bound < SAFE) this.op(kind, [a.name, String(n)], bound);
      } else if (b.name.startsWith("i")) {
        const count = this.op("int_and", [b.name, "15"], 15);
        const bound = kind === "int_lshift" ? a.bound * 2 ** 15 : a.bound;
        if (bound < SAFE) this.op(kind, [a.name, count.name], bound);
      }
    } else if (choice === 8) {
      // division by a divisor that is never 0
      if (b.name.startsWith("i")) {
        const d = this.op("int_or", [b.name, "1"], bitBound(b.bound));
        this.op(r.chance(0.5) ? "int_floordiv" : "int_mod", [a.name, d.name], a.bound);
      }
    } else if (choice === 9) {
      // a guard that fails sometimes: a value against a threshold
      if (a.name.startsWith("i")) {
        const c = this.op(r.pick(COMPARISONS), [a.name, String(r.int(-(2 ** 21), 2 ** 21))], 1);
        this.guard(r.chance(0.8) ? "guard_true" : "guard_false", c.name);
      }
    } else if (choice === 10) {
      if (a.name.startsWith("i") && r.chance(0.3)) this.guard("guard_value", `${a.name}, ${r.int(-3, 3)}`);
    } else {
      if (a.name.startsWith("i")) this.guard(r.chance(0.9) ? "guard_true" : "guard_false", a.name);
    }
  }

  /** A value bounded by the inputs' bound, for a jump. */
  carried(): string {
    const v = this.rnd.pick(this.values);
    if (v.bound < INPUT_BOUND) return v.name;
    if (this.rnd.chance(0.5)) return this.op("int_and", [v.name, String(INPUT_BOUND - 1)], INPUT_BOUND - 1).name;
    return this.op("int_signext", [v.name, "2"], 2 ** 15).name;
  }
}

/** A random trace: integer and float inputs (a loop's last input is its counter). */
export function randomTrace(rnd: Random): RandomTrace {
  // sometimes more values than registers (10 general, 14 XMM), so that values are spilled
  const n = rnd.int(1, rnd.chance(0.3) ? 16 : 8);
  const m = rnd.chance(0.4) ? rnd.int(1, rnd.chance(0.3) ? 18 : 3) : 0;
  const loops = rnd.chance(0.75);
  const memory = rnd.chance(0.4);
  const g = new Generator(rnd, n + m + 3);
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    names.push(`i${i}`);
    g.values.push({ name: `i${i}`, bound: INPUT_BOUND });
  }
  const floatNames: string[] = [];
  for (let i = 0; i < m; i++) {
    floatNames.push(`f${n + i}`);
    g.floats.push({ name: `f${n + i}`, bound: NaN });
  }
  const memoryNames = memory ? [`p${n + m}`, `i${n + m + 1}`] : [];
  if (memory) {
    g.words = memoryNames[0]!;
    g.bytes = memoryNames[1]!;
  }
  const counter = `i${n + m + 2}`;
  const head = [...names, ...floatNames, ...memoryNames, ...(loops ? [counter] : [])];
  const lines = [`[${head.join(", ")}]`];
  if (loops) lines.push(`label(${head.join(", ")}, descr=loop)`);
  const steps = rnd.int(3, rnd.chance(0.3) ? 60 : 30);
  for (let i = 0; i < steps; i++) g.step();
  if (loops) {
    const carried = names.map(() => g.carried());
    const carriedFloats = floatNames.map(() => rnd.pick(g.floats).name);
    const left = g.op("int_sub", [counter, "1"], INPUT_BOUND);
    const more = g.op("int_gt", [left.name, "0"], 1);
    g.guard("guard_true", more.name);
    lines.push(...g.lines, `jump(${[...carried, ...carriedFloats, ...memoryNames, left.name].join(", ")}, descr=loop)`);
  } else {
    const out = new Set<string>();
    for (let i = 0; i < rnd.int(0, 6); i++) out.add(rnd.pick(g.values).name);
    if (g.floats.length > 0) out.add(rnd.pick(g.floats).name);
    lines.push(...g.lines, `finish(${[...out, "descr=done"].join(", ")})`);
  }
  const kinds = "i".repeat(n) + "f".repeat(m) + (memory ? "pa" : "") + (loops ? "i" : "");
  return { text: lines.join("\n"), kinds, loops };
}

const FLOAT_INPUTS = [0, -0, 1.5, -2.75, 1e300, -1e-300, Infinity, -Infinity, NaN, 3, 1e10];

/** Random inputs for a trace of randomTrace: small and large integers, special floats, the memory at `memory`, the counter 1..30. */
export function randomInputs(rnd: Random, trace: RandomTrace, memory: number): TraceValues {
  const values = new TraceValues();
  const n = trace.loops ? trace.kinds.length - 1 : trace.kinds.length;
  for (let i = 0; i < n; i++) {
    if (trace.kinds[i] === "p") {
      values.addRef(memory);
      continue;
    }
    if (trace.kinds[i] === "a") {
      values.addInt(memory + BYTES_AT);
      continue;
    }
    if (trace.kinds[i] === "f") {
      values.addFloat(rnd.chance(0.5) ? rnd.pick(FLOAT_INPUTS) : (rnd.next() - 0.5) * 1000);
      continue;
    }
    const roll = rnd.next();
    values.addInt(roll < 0.3 ? rnd.int(-3, 3) : roll < 0.6 ? rnd.int(-1000, 1000) : rnd.int(-INPUT_BOUND, INPUT_BOUND));
  }
  if (trace.loops) values.addInt(rnd.int(1, 30));
  return values;
}
