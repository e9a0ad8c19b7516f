// The backend translated: tests/jit/fixtures/trace-backend-batch.ts, an RTS program, compiles the
// random traces of random.test.ts (the same seeds, the optimized ones too; RTS_RANDOM_TRACES of
// each kind, 300 by default) and a hand-written trace with the operations they lack, read from a
// file; as a native executable it must give, trace by
// trace, the code the backend gives on Node (its size and checksum, exits and frame), which
// random.test.ts runs natively against the trace interpreter.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseTrace } from "../../../src/jit/parse-trace.ts";
import { assembleTrace } from "../../../src/runtime/jit/backend-x86/assemble-trace.ts";
import type { Trace } from "../../../src/runtime/jit/history.ts";
import { ALL_OPTS, optimizeTrace } from "../../../src/runtime/jit/optimizeopt/optimize.ts";
import { runCommand, runRts } from "../../helpers/run-rts.ts";
import { testNamespace } from "../trace-helpers.ts";
import { TEST_CONFIG } from "./check.ts";
import { memoryNamespace, Random, randomTrace } from "./random-trace.ts";
import { codeChecksum, serializeTrace } from "./serialize.ts";

const COUNT = Number(process.env.RTS_RANDOM_TRACES ?? 300);
const SEED = Number(process.env.RTS_RANDOM_SEED ?? 17);
const dir = mkdtempSync(path.join(tmpdir(), "rts-trace-backend-batch-"));

/** Hand-written traces with the operations random traces do not have (classes, strings, raw floats, copies). */
const HAND_WRITTEN = [
  `[p0, i1, f2]
   guard_nonnull_class(p0, ConstClass(node_vtable), descr=g0) [i1]
   guard_class(p0, 1000, descr=g1) [i1]
   guard_nonnull(p0, descr=g2) []
   p3 = getfield_gc_r(p0, descr=nextdescr)
   guard_isnull(p3, descr=g3) [p3]
   f4 = getfield_gc_f(p0, descr=floatdescr)
   setfield_gc(p0, f2, descr=floatdescr)
   i5 = getfield_gc_i(p0, descr=shortdescr)
   setfield_gc(p0, i1, descr=ubytedescr)
   i6 = strlen(p0, descr=strdescr)
   i7 = strgetitem(p0, i1, descr=strdescr)
   strsetitem(p0, 0, i7, descr=strdescr)
   copystrcontent(p0, p0, i1, 0, i6, descr=strdescr)
   p8 = getarrayitem_gc_r(p0, i1, descr=gcarraydescr)
   f9 = getarrayitem_gc_f(p0, 2, descr=floatarraydescr)
   setarrayitem_gc(p0, i1, f9, descr=floatarraydescr)
   i10 = cast_ptr_to_int(p8)
   f11 = getfield_raw_f(i10, descr=floatdescr)
   f12 = getarrayitem_raw_f(i10, i1, descr=floatarraydescr)
   f13 = raw_load_f(i10, 8, descr=floatarraydescr)
   raw_store(i10, 16, f13, descr=floatarraydescr)
   setarrayitem_raw(i10, i1, f12, descr=floatarraydescr)
   p14 = cast_int_to_ptr(i10)
   p15 = same_as_r(p14)
   i16 = ptr_eq(p15, p0)
   i17 = ptr_ne(p8, NULL)
   guard_value(f11, 2.5, descr=g4) [f4, i5, i16, i17]
   f18 = float_neg(f4)
   f19 = float_abs(f18)
   i20 = float_ne(f19, f2)
   i21 = float_eq(f19, f2)
   i22 = int_signext(i1, 1)
   i23 = int_force_ge_zero(i22)
   debug_merge_point(0, 0, 'somewhere')
   finish(i20, i21, i23, f19, descr=done)`,
];

/** random.test.ts's traces: COUNT as generated (seed), COUNT optimized (seed + 1; those the optimizer fails on left out). */
function traces(): Trace[] {
  const all: Trace[] = [];
  const namespace = memoryNamespace();
  for (const text of HAND_WRITTEN) all.push(parseTrace(text, testNamespace()));
  for (let k = 0; k < COUNT; k++) all.push(parseTrace(randomTrace(new Random(SEED * 1_000_003 + k)).text, namespace));
  for (let k = 0; k < COUNT; k++) {
    const trace = parseTrace(randomTrace(new Random((SEED + 1) * 1_000_003 + k)).text, namespace);
    try {
      all.push(optimizeTrace(trace, ALL_OPTS).trace);
    } catch {
      // random guards that contradict each other (see random.test.ts)
    }
  }
  return all;
}

describe("the trace backend translated", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`compiles ${COUNT} random traces and as many optimized ones to the same code as on Node`, async () => {
    const all = traces();
    const input = path.join(dir, "traces.txt");
    writeFileSync(input, all.map(serializeTrace).join(""));
    const expected = all.map((trace, i) => {
      const compiled = assembleTrace(trace, TEST_CONFIG);
      if (compiled.refusal !== "") return `${i}: refused: ${compiled.refusal}`;
      return `${i}: ${compiled.code.length} bytes, checksum ${codeChecksum(compiled.code)}, ${compiled.exits.length} exits, ${compiled.frameWords} frame words`;
    });
    expect(expected.filter((line) => line.includes("refused"))).toEqual([]);
    const binary = path.join(dir, "trace-backend-batch");
    const translated = await runRts(["translate", "tests/jit/fixtures/trace-backend-batch.ts", "-o", binary]);
    expect(translated.status, translated.stderr).toBe(0);
    const result = await runCommand(binary, [input]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    const differing = lines.map((line, i) => (line === expected[i] ? "" : `${line}\n  on Node: ${expected[i]}`)).filter((d) => d !== "");
    expect(differing.slice(0, 5)).toEqual([]);
    expect(lines.length).toBe(expected.length);
    console.log(`translated backend: ${lines.length} traces compiled to the same bytes as on Node`);
  }, 300_000);
});
