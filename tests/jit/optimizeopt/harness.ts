// The optimizer's test harness (RPython's optimizeopt/test/test_optimizebasic.py): a trace in
// oparser text is optimized and compared with the expected text structurally (values may be
// renamed; a guard's fail descriptor named <GuardN> by the parser matches any), the result must
// pass check-trace, and both traces are run in the trace interpreter on random inputs over the
// same small heap: the same exit (guard or finish), the same values (virtuals in fail arguments
// materialised; new objects compared by content), the same heap after, the same observable calls.

import { expect } from "vitest";
import { parseTrace } from "../../../src/jit/parse-trace.ts";
import { checkTrace } from "../../../src/runtime/jit/check-trace.ts";
import {
  type AbstractValue,
  ArrayDescr,
  CallDescr,
  Const,
  ConstFloat,
  ConstInt,
  ConstPtr,
  ConstText,
  type Descr,
  EF_CAN_RAISE,
  EF_CANNOT_RAISE,
  EF_ELIDABLE_CANNOT_RAISE,
  EF_LOOPINVARIANT,
  EF_RANDOM_EFFECTS,
  EffectInfo,
  FailDescr,
  FieldDescr,
  SizeDescr,
  type Trace,
} from "../../../src/runtime/jit/history.ts";
import { materializeVirtuals } from "../../../src/runtime/jit/optimizeopt/guard-virtuals.ts";
import { optimizeTrace, type OptimizeResult } from "../../../src/runtime/jit/optimizeopt/optimize.ts";
import type { OptStats } from "../../../src/runtime/jit/optimizeopt/stats.ts";
import { traceText } from "../../../src/runtime/jit/print-trace.ts";
import { TraceValues } from "../../../src/runtime/jit/trace-cpu.ts";
import { interpretTrace, type TraceExit } from "../../../src/runtime/jit/trace-interp.ts";
import { FakeMemory, testNamespace } from "../trace-helpers.ts";

/** Every pass but unroll: what RPython's basic tests run. */
export const BASIC_OPTS = "intbounds:rewrite:virtualize:string:pure:heap";
export const ALL = "intbounds:rewrite:virtualize:string:pure:heap:unroll";

// functions callable from traces, by address
export const FUNC_ADD = 7001;
export const FUNC_FLOAT = 7002;
export const FUNC_RAISE = 7003;
export const FUNC_VOID = 7004;
export const FUNC_WRITE_VALUE = 7005;
export const FUNC_READ_VALUE = 7006;
export const FUNC_ELIDABLE = 7007;
export const FUNC_LOOPINV = 7008;
export const FUNC_RANDOM = 7009;

/** The elidable and loop-invariant functions: a removed call of them is no difference. */
const UNOBSERVABLE = new Set([FUNC_FLOAT, FUNC_ELIDABLE, FUNC_LOOPINV]);

const eff = (extra: number, canRaise: boolean, readsF: FieldDescr[] = [], writesF: FieldDescr[] = [], readsA: ArrayDescr[] = [], writesA: ArrayDescr[] = []) =>
  new EffectInfo(extra, canRaise, false, readsF, writesF, readsA, writesA);

/** The test namespace of trace-helpers.ts, with more descriptors and the functions' addresses. */
export function optNamespace(): Record<string, Descr | number> {
  const ns = testNamespace();
  const value = ns.valuedescr as FieldDescr;
  const array = ns.arraydescr as ArrayDescr;
  return {
    ...ns,
    node2size: new SizeDescr("node2size", 48, 1, 1001),
    plainsize: new SizeDescr("plainsize", 48, 1, 0),
    otherdescr: new FieldDescr("otherdescr", "NODE", "other", 24, 8, "r", false, false, false),
    quasidescr: new FieldDescr("quasidescr", "NODE", "quasi", 16, 8, "i", true, false, true),
    writevaluecalldescr: new CallDescr("writevaluecalldescr", "r", "n", 0, false, eff(EF_CANNOT_RAISE, false, [], [value])),
    readvaluecalldescr: new CallDescr("readvaluecalldescr", "r", "i", 8, true, eff(EF_CANNOT_RAISE, false, [value], [])),
    writearraycalldescr: new CallDescr("writearraycalldescr", "r", "n", 0, false, eff(EF_CANNOT_RAISE, false, [], [], [], [array])),
    randomcalldescr: new CallDescr("randomcalldescr", "r", "n", 0, false, eff(EF_RANDOM_EFFECTS, true, [], [], [], [])),
    elidableintcalldescr: new CallDescr("elidableintcalldescr", "ii", "i", 8, true, eff(EF_ELIDABLE_CANNOT_RAISE, false)),
    loopinvcalldescr: new CallDescr("loopinvcalldescr", "i", "i", 8, true, eff(EF_LOOPINVARIANT, false)),
    raisingvoiddescr: new CallDescr("raisingvoiddescr", "i", "n", 0, false, eff(EF_CAN_RAISE, true)),
    func_add: FUNC_ADD,
    func_float: FUNC_FLOAT,
    func_raise: FUNC_RAISE,
    func_void: FUNC_VOID,
    func_write_value: FUNC_WRITE_VALUE,
    func_read_value: FUNC_READ_VALUE,
    func_elidable: FUNC_ELIDABLE,
    func_loopinv: FUNC_LOOPINV,
    func_random: FUNC_RANDOM,
  };
}

const NS = optNamespace();

// ---------------------------------------------------------------------------------------------
// the heap the traces run on

/** A FakeMemory that records its allocations, holds a few objects, and has the test functions. */
export class World extends FakeMemory {
  /** address -> [bytes, typeId] of every allocation. */
  readonly allocations = new Map<number, [number, number]>();
  readonly nodes: number[] = [];
  readonly arrays = new Map<number, number[]>(); // typeId -> addresses
  readonly setupTop: number;
  /** The calls whose effects are observable: [function, ...arguments]. */
  readonly observed: string[] = [];

  constructor() {
    super();
    for (let i = 0; i < 4; i++) {
      const n = this.allocate(48, 1);
      this.setClass(n, i === 3 ? 1001 : 1000);
      this.storeInt(n + 16, 8, [3, -2, 10, 7][i]!);
      this.storeFloat(n + 32, [1.5, -0.25, 8, 0][i]!);
      this.storeInt(n + 40, 2, [300, -7, 0, 1][i]!);
      this.storeInt(n + 42, 1, [200, 3, 0, 255][i]!);
      this.nodes.push(n);
    }
    for (let i = 0; i < 4; i++) this.storeRef(this.nodes[i]! + 24, i < 3 ? this.nodes[i + 1]! : 0);
    const arrayOf = (typeId: number, itemSize: number, n: number, fill: (k: number) => number, isFloat = false) => {
      const a = this.allocate(16 + n * itemSize, typeId);
      this.storeInt(a + 8, 8, n);
      for (let k = 0; k < n; k++) {
        if (isFloat) this.storeFloat(a + 16 + k * 8, fill(k));
        else this.storeInt(a + 16 + k * itemSize, itemSize, fill(k));
      }
      const list = this.arrays.get(typeId) ?? [];
      list.push(a);
      this.arrays.set(typeId, list);
    };
    arrayOf(2, 8, 10, (k) => k * 3 - 4);
    arrayOf(2, 8, 10, (k) => 100 - k);
    arrayOf(3, 8, 4, (k) => this.nodes[k]!);
    arrayOf(4, 8, 4, (k) => k * 0.5, true);
    arrayOf(5, 1, 10, (k) => k * 20);
    arrayOf(6, 2, 6, (k) => 65 + k);
    this.setupTop = this.top;
    const fns = this.functions;
    fns.set(FUNC_ADD, (ints) => ints[0]! + ints[1]!);
    fns.set(FUNC_FLOAT, (ints, _r, floats) => ints[0]! * floats[0]!);
    fns.set(FUNC_RAISE, (ints) => {
      this.observed.push(`raise(${ints[0]})`);
      if (ints[0]! < 0) this.exception = this.nodes[3]!;
      return ints[0]! * 2;
    });
    fns.set(FUNC_VOID, (_i, refs) => {
      this.observed.push(`void(${refs[0] === 0 ? 0 : "p"})`);
      return 0;
    });
    fns.set(FUNC_WRITE_VALUE, (_i, refs) => {
      this.observed.push("write_value");
      if (refs[0]! !== 0) this.storeInt(refs[0]! + 16, 8, this.loadInt(refs[0]! + 16, 8, true) + 1);
      return 0;
    });
    fns.set(FUNC_READ_VALUE, (_i, refs) => (refs[0] === 0 ? 0 : this.loadInt(refs[0]! + 16, 8, true)));
    fns.set(FUNC_ELIDABLE, (ints) => ints[0]! * 10 + ints[1]!);
    fns.set(FUNC_LOOPINV, (ints) => ints[0]! + 1000);
    fns.set(FUNC_RANDOM, (_i, refs) => {
      this.observed.push("random");
      for (const n of this.nodes) this.storeInt(n + 16, 8, this.loadInt(n + 16, 8, true) * 2);
      const a = this.arrays.get(2)![0]!;
      this.storeInt(a + 16, 8, this.loadInt(a + 16, 8, true) + 1);
      if (refs[0]! !== 0 && refs[0]! < this.top) this.storeRef(refs[0]! + 24, 0);
      return 0;
    });
  }

  override allocate(bytes: number, typeId: number): number {
    const a = super.allocate(bytes, typeId);
    if (this.top > this.view.byteLength - 256) throw new Error("the test heap is full");
    this.allocations.set(a, [bytes, typeId]);
    return a;
  }

  override loadInt(address: number, size: number, signed: boolean): number {
    if (address < 0 || address + size > this.view.byteLength) throw new Error(`load at ${address}`);
    return super.loadInt(address, size, signed);
  }
}

/** The offsets of the references in an object of the type (nodes: next; arrays of pointers: the items). */
function refOffsets(w: World, address: number, typeId: number): number[] {
  if (typeId === 1) return [24];
  if (typeId === 3) {
    const n = w.loadInt(address + 8, 8, true);
    const out: number[] = [];
    for (let k = 0; k < n && k < 64; k++) out.push(16 + k * 8);
    return out;
  }
  return [];
}

/** Whether two references are the same: the same old object, or new objects of the same content. */
function sameRef(a: number, b: number, wa: World, wb: World, seen: Map<number, number>): boolean {
  if (a < wa.setupTop || b < wb.setupTop) return a === b;
  if (seen.has(a)) return seen.get(a) === b;
  const ra = wa.allocations.get(a);
  const rb = wb.allocations.get(b);
  if (!ra || !rb || ra[0] !== rb[0] || ra[1] !== rb[1]) return false;
  seen.set(a, b);
  return sameContent(a, b, ra[0], ra[1], wa, wb, seen);
}

function sameContent(a: number, b: number, bytes: number, typeId: number, wa: World, wb: World, seen: Map<number, number>): boolean {
  const refs = new Set(refOffsets(wa, a, typeId));
  for (let off = 0; off < bytes; off += 8) {
    if (refs.has(off)) {
      if (!sameRef(wa.loadRef(a + off), wb.loadRef(b + off), wa, wb, seen)) return false;
      continue;
    }
    const n = Math.min(8, bytes - off);
    for (let k = 0; k < n; k++) if (wa.view.getUint8(a + off + k) !== wb.view.getUint8(b + off + k)) return false;
  }
  return true;
}

/** Differences between the old objects of two worlds after the runs, as text ("" when none). */
function heapDifference(wa: World, wb: World): string {
  const seen = new Map<number, number>();
  for (const [address, [bytes, typeId]] of wa.allocations) {
    if (address >= wa.setupTop) continue;
    if (!sameContent(address, address, bytes, typeId, wa, wb, seen)) return `the object at ${address} (type ${typeId}) differs after the runs`;
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// random inputs

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What kind of object each reference input is used as (its first use with a descriptor): a typeId, or 1 for nodes. */
function refTypes(trace: Trace): Map<number, number> {
  const types = new Map<number, number>();
  for (const op of trace.operations) {
    const a = op.args[0];
    if (!a || a.kind !== "r" || a.number < 0 || types.has(a.number)) continue;
    const d = op.descr;
    if (d instanceof ArrayDescr && d.typeId > 0) types.set(a.number, d.typeId);
    else if (d instanceof FieldDescr) types.set(a.number, 1);
  }
  return types;
}

function inputsFor(trace: Trace, random: () => number, world: World): TraceValues {
  const ints = [0, 1, -1, 2, 3, 5, 7, 10, -5, 100];
  for (const op of trace.operations) {
    for (const a of op.args) if (a instanceof ConstInt && Math.abs(a.value) < 1e6 && a.name === "") ints.push(a.value - 1, a.value, a.value + 1);
  }
  const floats = [0, 1.5, -2, 3.25, 0.5];
  const types = refTypes(trace);
  const values = new TraceValues();
  for (const arg of trace.inputArgs) {
    if (arg.kind === "i") values.addInt(ints[Math.floor(random() * ints.length)]!);
    else if (arg.kind === "f") values.addFloat(floats[Math.floor(random() * floats.length)]!);
    else {
      const t = types.get(arg.number) ?? 1;
      const pool = t === 1 ? world.nodes : (world.arrays.get(t) ?? world.nodes);
      values.addRef(random() < 0.1 ? 0 : pool[Math.floor(random() * pool.length)]!);
    }
  }
  return values;
}

function describeExit(exit: TraceExit, values: TraceValues): string {
  const vs = values.kinds.map((k, i) => (k === "i" ? values.ints[i] : k === "r" ? `r${values.refs[i]}` : `f${values.floats[i]}`));
  return `${exit.guardFailed ? "guard" : "finish"} ${exit.descr.name} [${vs.join(", ")}]`;
}

/** Runs both traces on `runs` random inputs, expecting the same behaviour; gives how many runs reached an exit. */
export function compareRuns(original: Trace, optimized: Trace, runs: number, seed: number): number {
  const random = rng(seed);
  let compared = 0;
  for (let run = 0; run < runs; run++) {
    const wa = new World();
    const wb = new World();
    const inputs = inputsFor(original, random, wa);
    let exitA: TraceExit;
    try {
      exitA = interpretTrace(original, wa, inputs);
    } catch {
      continue; // the unoptimized trace cannot run on these inputs (a read past the heap, ...)
    }
    const exitB = interpretTrace(optimized, wb, inputs);
    const valuesA = exitA.values;
    const valuesB = materializeVirtuals(wb, exitB.op, exitB.values);
    const context = `run ${run} on ${inputs.kinds.map((k, i) => (k === "i" ? inputs.ints[i] : k === "r" ? `r${inputs.refs[i]}` : `f${inputs.floats[i]}`)).join(", ")}:\n  unoptimized: ${describeExit(exitA, valuesA)}\n  optimized:   ${describeExit(exitB, valuesB)}\n${traceText(optimized)}`;
    expect(exitB.descr.name, context).toBe(exitA.descr.name);
    expect(exitB.guardFailed, context).toBe(exitA.guardFailed);
    expect(valuesB.kinds, context).toEqual(valuesA.kinds);
    const seen = new Map<number, number>();
    for (let i = 0; i < valuesA.kinds.length; i++) {
      const k = valuesA.kinds[i];
      if (k === "i") expect(valuesB.ints[i], context).toBe(valuesA.ints[i]);
      else if (k === "f") expect(Object.is(valuesB.floats[i], valuesA.floats[i]) || (Number.isNaN(valuesA.floats[i]) && Number.isNaN(valuesB.floats[i])), context).toBe(true);
      else expect(sameRef(valuesA.refs[i]!, valuesB.refs[i]!, wa, wb, seen), `${context}\nfail argument ${i} differs`).toBe(true);
    }
    expect(heapDifference(wa, wb), context).toBe("");
    expect(wb.observed, context).toEqual(wa.observed);
    expect(wb.exception === 0, context).toBe(wa.exception === 0);
    compared++;
  }
  return compared;
}

// ---------------------------------------------------------------------------------------------
// structural comparison

function constKey(v: AbstractValue): string | null {
  if (v instanceof ConstInt) return `i:${v.value}`;
  if (v instanceof ConstPtr) return `r:${v.value}`;
  if (v instanceof ConstFloat) return `f:${Object.is(v.value, -0) ? "-0" : String(v.value)}`;
  if (v instanceof ConstText) return `s:${v.text}`;
  return null;
}

/** Whether two traces are equal up to the names of values; "" or the first difference. */
export function traceDifference(actual: Trace, expected: Trace): string {
  const forward = new Map<AbstractValue, AbstractValue>();
  const backward = new Map<AbstractValue, AbstractValue>();
  const bind = (a: AbstractValue, e: AbstractValue): boolean => {
    if (a.kind !== e.kind) return false;
    if (forward.has(a) || backward.has(e)) return forward.get(a) === e && backward.get(e) === a;
    forward.set(a, e);
    backward.set(e, a);
    return true;
  };
  const same = (a: AbstractValue, e: AbstractValue): boolean => {
    const ka = constKey(a);
    const ke = constKey(e);
    if (ka !== null || ke !== null) return ka === ke;
    return forward.get(a) === e;
  };
  if (actual.inputArgs.length !== expected.inputArgs.length) return "the input arguments differ";
  for (let i = 0; i < actual.inputArgs.length; i++) if (!bind(actual.inputArgs[i]!, expected.inputArgs[i]!)) return `input argument ${i} differs`;
  const n = Math.max(actual.operations.length, expected.operations.length);
  for (let i = 0; i < n; i++) {
    const a = actual.operations[i];
    const e = expected.operations[i];
    if (!a || !e) return `operation ${i}: ${a ? "an extra operation" : "missing operation"}`;
    if (a.name() !== e.name()) return `operation ${i}: ${a.name()} instead of ${e.name()}`;
    if (a.args.length !== e.args.length) return `operation ${i}: the number of arguments differs`;
    for (let k = 0; k < a.args.length; k++) if (!same(a.args[k]!, e.args[k]!)) return `operation ${i} (${a.name()}): argument ${k} differs`;
    const da = a.descr;
    const de = e.descr;
    const wildcard = de instanceof FailDescr && de.name.startsWith("<Guard");
    if (!wildcard && (da === null) !== (de === null)) return `operation ${i}: the descriptor differs`;
    if (!wildcard && da !== null && de !== null && da.name !== de.name) return `operation ${i}: descr=${da.name} instead of descr=${de.name}`;
    const fa = a.failArgs;
    const fe = e.failArgs;
    if ((fa === null) !== (fe === null)) return `operation ${i}: fail arguments differ`;
    if (fa !== null && fe !== null) {
      if (fa.length !== fe.length) return `operation ${i} (${a.name()}): ${fa.length} fail arguments instead of ${fe.length}`;
      for (let k = 0; k < fa.length; k++) if (!same(fa[k]!, fe[k]!)) return `operation ${i} (${a.name()}): fail argument ${k} differs`;
    }
    if (a.kind !== "n" && !bind(a, e)) return `operation ${i}: its result's name is used twice`;
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// the test entry

export interface OptimizeOptions {
  /** enable_opts; BASIC_OPTS by default. */
  readonly opts?: string;
  /** Random runs (default 12); 0 for a trace that cannot run. */
  readonly runs?: number;
}

/** Optimizes `input` and expects `expected`, then compares runs; gives the result (stats, trace). */
export function optimize(input: string, expected: string, options: OptimizeOptions = {}): OptimizeResult {
  const original = parseTrace(input, NS);
  const before = traceText(original);
  const result = optimizeTrace(original, options.opts ?? BASIC_OPTS);
  const actual = result.trace;
  expect(traceText(original), "the optimizer changed its input").toBe(before);
  const text = traceText(actual);
  const want = parseTrace(expected, NS, "<expected>");
  const difference = traceDifference(actual, want);
  if (difference !== "") {
    expect(`${difference}\n${text}`, "the optimized trace").toBe(`(no difference)\n${traceText(want)}`);
  }
  expect(checkTrace(actual), text).toBe("");
  const runs = options.runs ?? 12;
  if (runs > 0) {
    const seed = [...input].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
    compareRuns(original, actual, runs, seed);
  }
  return result;
}

/** The optimized text of a trace (for tests that look at it as a whole). */
export function optimizedText(input: string, opts = BASIC_OPTS): string {
  return traceText(optimizeTrace(parseTrace(input, NS), opts).trace);
}

export function statsOf(input: string, opts = BASIC_OPTS): OptStats {
  return optimizeTrace(parseTrace(input, NS), opts).stats;
}

export function parse(input: string): Trace {
  return parseTrace(input, NS);
}

export function isConst(v: AbstractValue): boolean {
  return v instanceof Const;
}
