// The backend translated: tests/jit/fixtures/trace-backend-batch.ts, an RTS program, compiles the
// random traces of random.test.ts (the same seeds, the optimized ones too; RTS_RANDOM_TRACES of
// each kind, 300 by default) read from a file; as a native executable it must give, trace by
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
import { TEST_CONFIG } from "./check.ts";
import { memoryNamespace, Random, randomTrace } from "./random-trace.ts";
import { codeChecksum, serializeTrace } from "./serialize.ts";

const COUNT = Number(process.env.RTS_RANDOM_TRACES ?? 300);
const SEED = Number(process.env.RTS_RANDOM_SEED ?? 17);
const dir = mkdtempSync(path.join(tmpdir(), "rts-trace-backend-batch-"));

/** random.test.ts's traces: COUNT as generated (seed), COUNT optimized (seed + 1; those the optimizer fails on left out). */
function traces(): Trace[] {
  const all: Trace[] = [];
  const namespace = memoryNamespace();
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
