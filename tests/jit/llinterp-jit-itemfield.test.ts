// Arrays of inline structs under the JIT (`rts run --llinterp --jit`, src/translator/jit-llinterp.ts):
// tests/jit/fixtures/items-vm.ts loops over `step`, which the test replaces after rtyping by an LL
// graph reading and writing every field of an item of a prebuilt array of structs (getitemfield,
// setitemfield: getarrayitem_gc_* and setarrayitem_gc with one array descriptor per field) and of
// an array of structs it allocates (malloc_varsize: a residual call of a helper, never a virtual
// array). Traced, optimized and run by the trace interpreter (bridges and the blackhole
// interpreter included), it must print what it prints with the JIT off, which is what the model
// below computes.

import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

const dist = <T>(path: string): Promise<T> => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`) as Promise<T>;
type Any = any; // values of the compiled toolchain
const { loadProgram } = await dist<Any>("frontend/modules.js");
const { Annotator } = await dist<Any>("annotator/annotator.js");
const { RTyper } = await dist<Any>("rtyper/rtyper.js");
const { buildStackOverflowGraph, prepareNativeRuntime } = await dist<Any>("rtyper/native-runtime.js");
const { describeLLException, runLowered } = await dist<Any>("rtyper/run-llinterp.js");
const { JitLLInterpreter, jitIsOff, jitParamsOf } = await dist<Any>("translator/jit-llinterp.js");
const { passesFor, runPasses } = await dist<Any>("translator/passes.js");
const { splitPortals } = await dist<Any>("jit/portal.js");
const { rewriteMergePoint } = await dist<Any>("jit/merge-point.js");
const { printJitCode } = await dist<Any>("runtime/jit/jitcode-print.js");
const { LLConstant, functionConstant, reachableGraphs } = await dist<Any>("llir/llgraph.js");
const { LLGraphBuilder } = await dist<Any>("llir/llbuilder.js");
const { ArrayType, Bool, Float, Int32, Ptr, Signed, StructType, Void } = await dist<Any>("llir/lltype.js");

const FIXTURE = "tests/jit/fixtures/items-vm.ts";
const program = await loadProgram(`${repoRoot}/${FIXTURE}`, true, true);
const SIZE = 8;

/** What the replaced step gives, run n, n - 1, ..., 1 (as "sdj" runs it). */
function model(n: number): number {
  const key = Array.from({ length: SIZE }, (_, k) => 100 + k);
  const hash = Array.from({ length: SIZE }, (_, k) => k);
  const flag = Array.from({ length: SIZE }, (_, k) => k % 2 === 0);
  const small = Array.from({ length: SIZE }, (_, k) => -k);
  const value = Array.from({ length: SIZE }, (_, k) => k * 0.5);
  let acc = 0;
  for (let m = n; m > 0; m--) {
    const k = m & 7;
    const [h, f, s, v] = [hash[k]!, flag[k]!, small[k]!, value[k]!];
    [hash[k], flag[k], small[k], value[k]] = [h + m, !f, s - 3, v + 0.5];
    const kv = key[(m + 1) & 7]!;
    key[k] = m;
    acc = acc + h + (f ? 1 : 0) + s + v * 2 + kv + SIZE + m;
  }
  return acc;
}

/** step(acc, n) over a prebuilt table of SIZE entries {key: Ptr(Node), hash, flag: Bool, small: Int32, value: Float}. */
function stepGraph(): Any {
  const NODE = new StructType("Node", true, [{ name: "v", type: Signed }]);
  const ENTRY = new StructType("Entry", false, [
    { name: "key", type: Ptr(NODE) },
    { name: "hash", type: Signed },
    { name: "flag", type: Bool },
    { name: "small", type: Int32 },
    { name: "value", type: Float },
  ]);
  const ENTRIES = new ArrayType(ENTRY, { gc: true, name: "Entries" });
  const int = (n: number) => new LLConstant(n, Signed);
  const name = (s: string) => new LLConstant(s, Void);
  const prebuilt = (type: Any, label: string, fields: [string, Any][]) => ({ kind: "prebuilt", type, name: label, fields: new Map(fields), items: [] });
  const items = Array.from({ length: SIZE }, (_, k) =>
    new LLConstant(
      prebuilt(ENTRY, `entry${k}`, [
        ["key", new LLConstant(prebuilt(NODE, `node${k}`, [["v", int(100 + k)]]), Ptr(NODE))],
        ["hash", int(k)],
        ["flag", new LLConstant(k % 2 === 0, Bool)],
        ["small", new LLConstant(-k, Int32)],
        ["value", new LLConstant(k * 0.5, Float)],
      ]),
      ENTRY,
    ),
  );
  const table = new LLConstant({ kind: "prebuilt", type: ENTRIES, name: "table", fields: new Map(), items }, Ptr(ENTRIES));
  // a position in the fixture: the codewriter's policy looks inside graphs of the program, not inside the rtyper's helpers (no position)
  const b = new LLGraphBuilder("step_items", [Signed, Signed], Signed, { file: `${repoRoot}/${FIXTURE}`, line: 10, column: 1 });
  const [acc, n] = b.args;
  const add = (x: Any, y: Any) => b.op("int_add", [x, y], Signed);
  const k = b.op("int_and", [n, int(7)], Signed, "k");
  const get = (array: Any, i: Any, field: string, type: Any) => b.op("getitemfield", [array, i, name(field)], type, field);
  const set = (array: Any, i: Any, field: string, value: Any) => b.op("setitemfield", [array, i, name(field), value], Void);
  const h = get(table, k, "hash", Signed);
  set(table, k, "hash", add(h, n));
  const f = get(table, k, "flag", Bool);
  set(table, k, "flag", b.op("bool_not", [f], Bool));
  const s = get(table, k, "small", Signed);
  set(table, k, "small", b.op("int_sub", [s, int(3)], Signed));
  const v = get(table, k, "value", Float);
  set(table, k, "value", b.op("float_add", [v, new LLConstant(0.5, Float)], Float));
  const next = get(table, b.op("int_and", [add(n, int(1)), int(7)], Signed), "key", Ptr(NODE));
  const kv = b.op("getfield", [next, name("v")], Signed, "kv");
  const node = b.op("malloc", [new LLConstant(NODE, Void)], Ptr(NODE), "node");
  b.op("setfield", [node, name("v"), n], Void);
  set(table, k, "key", node);
  const fresh = b.op("malloc_varsize", [new LLConstant(ENTRIES, Void), int(2)], Ptr(ENTRIES), "fresh");
  set(fresh, int(1), "hash", n);
  const x = add(get(fresh, int(1), "hash", Signed), get(fresh, int(0), "hash", Signed));
  const parts = [
    h,
    b.op("cast_bool_to_int", [f], Signed),
    s,
    b.op("cast_float_to_int", [b.op("float_mul", [v, new LLConstant(2, Float)], Float)], Signed),
    kv,
    b.op("getarraylength", [table], Signed),
    x,
  ];
  b.returnValue(parts.reduce(add, acc));
  return b.build();
}

/** The fixture lowered as lowerProgramForJit lowers it, with step's call calling the graph above. */
function lower(params: string): Any {
  const annotator = new Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  prepareNativeRuntime(annotator);
  const rtyper = new RTyper(annotator);
  const main = rtyper.specializeFrom(annotator.bk.functionDesc(program.main));
  const flush = rtyper.specializeFrom(rtyper.rtsHelper("flushAll", []));
  const stackOverflow = buildStackOverflowGraph(rtyper);
  const step = stepGraph();
  let replaced = 0;
  for (const g of reachableGraphs([main])) {
    for (const block of g.iterBlocks()) {
      for (const op of block.operations) {
        if (op.opname === "direct_call" && op.args[0].value.graph?.name === "step") {
          op.args[0] = functionConstant(step);
          replaced++;
        }
      }
    }
  }
  expect(replaced).toBe(1);
  const jitParams = jitParamsOf(params);
  const interp = new JitLLInterpreter(jitParams);
  if (!jitIsOff(jitParams)) {
    splitPortals([main]).forEach((portal: Any, index: number) => {
      interp.addPortal(portal);
      rewriteMergePoint(portal, index);
    });
  }
  runPasses(passesFor("llinterp", true), [main, flush, stackOverflow], { rtyper, stackOverflow }, { verify: true });
  return { rtyper, main, flush, interp };
}

function run(params: string, n: number): { stdout: string; status: number; interp: Any } {
  const lowered = lower(params);
  const out: string[] = [];
  const status = runLowered(lowered, [FIXTURE, String(n)], describeLLException, (fd: number, bytes: Uint8Array) => out.push(Buffer.from(bytes).toString("utf8")), lowered.interp);
  return { stdout: out.join(""), status, interp: lowered.interp };
}

describe("an array of inline structs in traces", () => {
  it("gives with the JIT what it gives without, loops compiled", () => {
    for (const n of [5, 60, 300]) {
      const off = run("off", n);
      expect({ stdout: off.stdout, status: off.status }).toEqual({ stdout: `${model(n)}\n`, status: 0 });
      const jitted = run("threshold=3,trace_eagerness=2", n);
      expect({ stdout: jitted.stdout, status: jitted.status }, `n = ${n}`).toEqual({ stdout: `${model(n)}\n`, status: 0 });
      if (n >= 60) expect(jitted.interp.loopsCompiled).toBeGreaterThan(0);
    }
  });

  it("reads and writes each field through its own array descriptor, and allocates the array by a residual call", () => {
    const { interp } = run("threshold=3,trace_eagerness=2", 5);
    const [portal] = [...interp.portals.values()];
    const text = portal.jitcodes.jitcodes.map((j: Any) => printJitCode(j)).join("");
    for (const field of ["key", "hash", "flag", "small", "value"]) expect(text).toContain(`<ArrayDescr Entries.${field}>`);
    expect(text).toMatch(/getarrayitem_gc_f .*<ArrayDescr Entries\.value>/);
    expect(text).toMatch(/getarrayitem_gc_r .*<ArrayDescr Entries\.key>/);
    expect(text).toMatch(/setarrayitem_gc_i .*<ArrayDescr Entries\.flag>/);
    expect(text).toMatch(/arraylen_gc .*<ArrayDescr Entries\.key>/);
    expect(text).not.toMatch(/new_array/);
    expect(text).toMatch(/residual_call_\w+_r .*<CallDescr ll_malloc_varsize>/);
  });
});
