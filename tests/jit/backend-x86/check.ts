// Compiles traces written as text, runs each on its inputs natively (one executable for all) and
// in the trace interpreter, and gives every difference as a line of text.

import { parseTrace, type TraceNamespace } from "../../../src/jit/parse-trace.ts";
import { assembleTrace, type AssembledTrace } from "../../../src/runtime/jit/backend-x86/assemble-trace.ts";
import { BackendConfig } from "../../../src/runtime/jit/backend-x86/trace-assembler.ts";
import type { Trace } from "../../../src/runtime/jit/history.ts";
import { compileTrace, runTrace } from "../../../src/runtime/jit/trace-interp.ts";
import type { TraceValues } from "../../../src/runtime/jit/trace-cpu.ts";
import { BufferCPU, compareWithInterpreter, NativeBatch } from "./harness.ts";

/** The backend as the tests configure it: an instance's class at offset 8 (BufferCPU's and tests/jit's FakeMemory's). */
export const TEST_CONFIG = new BackendConfig(8);

/**
 * The same with made-up runtime addresses (calls.ts: allocation, barriers, safe points, the
 * exception word), for code that is only disassembled, never run: the golden files.
 */
export function disassemblyConfig(): BackendConfig {
  const config = new BackendConfig(8);
  config.allocSlow = 0x401000;
  config.writeBarrier = 0x402000;
  config.writeBarrierArray = 0x403000;
  config.safePoint = 0x404000;
  config.excValue = 0x600000;
  config.safePointDue = 0x600100;
  config.gcFlagsOffset = 4;
  config.gcTrackYoungPtrs = 1;
  config.nurseryStart = 0x700000;
  config.nurseryEnd = 0xf00000;
  config.gcPrebuilt = 4;
  config.gcLargeYoung = 1024;
  return config;
}

export interface TraceCase {
  name: string;
  trace: Trace;
  /** Each run's inputs, given the memory's address. */
  inputs: (memory: number) => TraceValues[];
}

export function traceCase(name: string, text: string, inputs: (memory: number) => TraceValues[], namespace: TraceNamespace = {}): TraceCase {
  return { name, trace: parseTrace(text, namespace, name), inputs };
}

export function compile(trace: Trace, config: BackendConfig = TEST_CONFIG): AssembledTrace {
  const assembled = assembleTrace(trace, config);
  if (assembled.refusal !== "") throw new Error(`refused: ${assembled.refusal}`);
  return assembled;
}

/** Runs every case's runs natively and in the interpreter (on copies of `memory`); the differences. */
export function checkCases(cases: TraceCase[], memory: Uint8Array = new Uint8Array(64)): string[] {
  const runs: { c: TraceCase; assembled: AssembledTrace; run: number }[] = [];
  const compiled = new Map<TraceCase, AssembledTrace>();
  for (const c of cases) compiled.set(c, compile(c.trace));
  // the layout depends on the number of runs only, so ask for addresses with a first guess
  const counts = new Map<TraceCase, number>();
  for (const c of cases) counts.set(c, c.inputs(0).length);
  for (const c of cases) for (let i = 0; i < counts.get(c)!; i++) runs.push({ c, assembled: compiled.get(c)!, run: i });
  const batch = new NativeBatch(runs.map((r) => r.assembled), memory.length);
  const base = batch.memoryAddress();
  const inputs = runs.map((r) => r.c.inputs(base)[r.run]!);
  const native = batch.run(inputs, memory);
  const cpuMemory = new Uint8Array(memory);
  const cpu = new BufferCPU(cpuMemory, base);
  const problems: string[] = [];
  runs.forEach((r, i) => {
    const expected = runTrace(compileTrace(r.c.trace), cpu, inputs[i]!);
    const diff = compareWithInterpreter(r.assembled, native.results[i]!, expected);
    if (diff !== "") problems.push(`${r.c.name} run ${r.run}: ${diff}`);
  });
  const memDiff = native.memory.findIndex((b, i) => b !== cpuMemory[i]);
  if (memDiff >= 0) problems.push(`memory differs first at byte ${memDiff}`);
  return problems;
}
