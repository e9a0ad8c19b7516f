// Random traces (RPython's test_random.py idea): RTS_RANDOM_TRACES traces (300 by default;
// issue 17 asks for a run of 10,000) of random integer and float operations, loads and stores, and guards, each compiled by
// the x86-64 trace backend and run natively on random inputs (batches of traces in one
// executable), against the trace interpreter: the same exit, the same fail values, the same memory after. A third as
// many are optimized first with every pass (unroll: a preamble and a peeled loop, two labels),
// the shape the backend gets from the warm runner.

import { describe, expect, it } from "vitest";
import { parseTrace } from "../../../src/jit/parse-trace.ts";
import type { Trace } from "../../../src/runtime/jit/history.ts";
import { ALL_OPTS, optimizeTrace } from "../../../src/runtime/jit/optimizeopt/optimize.ts";
import { traceText } from "../../../src/runtime/jit/print-trace.ts";
import { compileTrace, runTrace } from "../../../src/runtime/jit/trace-interp.ts";
import type { TraceValues } from "../../../src/runtime/jit/trace-cpu.ts";
import { compile } from "./check.ts";
import { BufferCPU, compareWithInterpreter, NativeBatch } from "./harness.ts";
import { MEMORY_BYTES, memoryNamespace, Random, randomInputs, randomMemory, randomTrace, type RandomTrace } from "./random-trace.ts";

const COUNT = Number(process.env.RTS_RANDOM_TRACES ?? 300);
const SEED = Number(process.env.RTS_RANDOM_SEED ?? 17);
const RUNS_PER_TRACE = 3;
const TRACES_PER_BATCH = 400;

interface Figures {
  runs: number;
  steps: number;
  counterExits: number;
  guardExits: number;
  finishes: number;
  labels: number;
  /** Traces with float operations. */
  floatTraces: number;
  /** Traces whose code spills values to frame slots. */
  spilling: number;
  /** Traces with loads and stores. */
  memoryTraces: number;
  /** Traces `prepare` gave up on (null). */
  skipped: number;
  problems: string[];
}

/** Generates, compiles and runs `count` random traces (each through `prepare`), comparing each run with the interpreter. */
function runRandom(count: number, seed: number, prepare: (trace: Trace) => Trace | null): Figures {
  const figures: Figures = { runs: 0, steps: 0, counterExits: 0, guardExits: 0, finishes: 0, labels: 0, floatTraces: 0, spilling: 0, memoryTraces: 0, skipped: 0, problems: [] };
  const namespace = memoryNamespace();
  for (let first = 0; first < count; first += TRACES_PER_BATCH) {
    // the traces first (the executable's layout, and so the memory's address, depends on them), then the inputs
    const traces: { generated: RandomTrace; rnd: Random; trace: Trace; assembled: ReturnType<typeof compile> }[] = [];
    for (let k = first; k < Math.min(count, first + TRACES_PER_BATCH); k++) {
      const rnd = new Random(seed * 1_000_003 + k);
      const generated = randomTrace(rnd);
      const trace = prepare(parseTrace(generated.text, namespace, `random trace ${k}`));
      if (trace === null) {
        figures.skipped++;
        continue;
      }
      figures.labels += trace.operations.filter((op) => op.name() === "label").length;
      if (trace.operations.some((op) => op.name().startsWith("float_"))) figures.floatTraces++;
      if (generated.kinds.includes("p")) figures.memoryTraces++;
      const assembled = compile(trace);
      if (assembled.frameWords > 1 + assembled.ioSlots) figures.spilling++;
      traces.push({ generated, rnd, trace, assembled });
    }
    const perRun = traces.flatMap((t) => Array.from({ length: RUNS_PER_TRACE }, () => t));
    const batch = new NativeBatch(perRun.map((t) => t.assembled), MEMORY_BYTES);
    const base = batch.memoryAddress();
    const inputs = perRun.map((t) => randomInputs(t.rnd, t.generated, base));
    const memory = randomMemory(new Random(seed + first));
    const native = batch.run(inputs, memory);
    const cpuMemory = new Uint8Array(memory);
    const cpu = new BufferCPU(cpuMemory, base);
    perRun.forEach((r, i) => {
      const expected = runTrace(compileTrace(r.trace), cpu, inputs[i]!);
      figures.steps += expected.steps;
      const last = r.trace.operations[r.trace.operations.length - 1]!;
      if (!expected.guardFailed) figures.finishes++;
      else if (last.name() === "jump" && expected.op === r.trace.operations[r.trace.operations.length - 2]) figures.counterExits++;
      else figures.guardExits++;
      const diff = compareWithInterpreter(r.assembled, native.results[i]!, expected);
      if (diff !== "" && figures.problems.length < 5) figures.problems.push(`${diff}\ninputs ${JSON.stringify(inputs[i])}\n${traceText(r.trace)}`);
    });
    const differs = native.memory.findIndex((b, i) => b !== cpuMemory[i]);
    if (differs >= 0) figures.problems.push(`batch from trace ${first}: the memory differs first at byte ${differs}`);
    figures.runs += perRun.length;
  }
  return figures;
}

function summary(what: string, count: number, f: Figures): string {
  return (
    `${what}: ${count} traces (${f.labels} labels, ${f.floatTraces} with floats, ${f.spilling} spilling, ${f.memoryTraces} with memory), ${f.runs} runs (${f.steps} operations run): ${f.counterExits} loops ran out their counter, ` +
    `${f.guardExits} runs left at another guard, ${f.finishes} finished` +
    (f.skipped > 0 ? `; ${f.skipped} the optimizer failed on` : "")
  );
}

describe("random traces", () => {
  it(`${COUNT} random traces give the trace interpreter's exits and values (seed ${SEED})`, () => {
    const f = runRandom(COUNT, SEED, (trace) => trace);
    console.log(summary("random traces", COUNT, f));
    expect(f.problems).toEqual([]);
    // the generator reaches each way out (loops to their end, guards failing on the way, finishes), and floats
    expect(f.counterExits).toBeGreaterThan(f.runs / 10);
    expect(f.guardExits).toBeGreaterThan(f.runs / 10);
    expect(f.finishes).toBeGreaterThan(f.runs / 20);
    expect(f.floatTraces).toBeGreaterThan(COUNT / 5);
    expect(f.spilling).toBeGreaterThan(COUNT / 20);
    expect(f.memoryTraces).toBeGreaterThan(COUNT / 5);
  });

  it(`${Math.ceil(COUNT / 3)} random traces optimized with every pass give the interpreter's results (seed ${SEED + 1})`, () => {
    const count = Math.ceil(COUNT / 3);
    // Random guards may contradict each other (guard_value(i1, -1) then guard_value(i1, -3)), as a
    // recorded trace never does; the optimizer still optimizes them (it used to fail on a guard
    // of a value that is not a comparison: tests/jit/optimizeopt/intbounds.test.ts).
    const f = runRandom(count, SEED + 1, (trace) => optimizeTrace(trace, ALL_OPTS).trace);
    console.log(summary("optimized random traces", count, f));
    expect(f.problems).toEqual([]);
    expect(f.skipped).toBe(0);
    // unrolled: most loops have a preamble and a peeled loop
    expect(f.labels).toBeGreaterThan(count);
  });
});
