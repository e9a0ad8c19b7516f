// Differential tests of lowering: functions of tests/fixtures/llinterp are annotated, rtyped and
// run by the LL interpreter, and must return what they return on Node.

import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it: its module hooks need Node's own
// module loader, which vitest's does not replace for files outside the test's import graph.
const dist = (path: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`);

async function lowered(fixture: string, fn: string) {
  const { loadProgram } = await dist("frontend/modules.js");
  const { Annotator } = await dist("annotator/annotator.js");
  const { RTyper } = await dist("rtyper/rtyper.js");
  const { LLInterpreter } = await dist("llir/llinterp.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  const program = await loadProgram(`${repoRoot}/tests/fixtures/llinterp/${fixture}`);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  const desc = annotator.annotatedFunctions().find((d: { name: string }) => d.name === fn);
  const rtyper = new RTyper(annotator);
  const graph = rtyper.specializeFrom(desc);
  const { reachableGraphs } = await dist("llir/llgraph.js");
  const all = reachableGraphs([graph]);
  for (const lowered of all) checkLLGraph(lowered);
  const interp = new LLInterpreter();
  const live = program.entry.binding(fn).value as (...args: number[]) => number;
  return { run: (...args: number[]) => interp.call(graph, args), live };
}

describe("LL interpreter on lowered numbers, calls and instances", () => {
  it("computes what Node computes", async () => {
    const { run, live } = await lowered("numbers.ts", "compute");
    for (const [a, b] of [
      [0, 0],
      [1, 2],
      [3, 4],
      [10, -3],
    ]) {
      expect(run(a!, b!)).toBe(live(a!, b!));
    }
  });
});

describe("LL interpreter on lowered strings and typed arrays", () => {
  it("reads strings by index and code unit", async () => {
    for (const fn of ["checksum", "countLetter"]) {
      const { run, live } = await lowered("strings.ts", fn);
      for (const n of [0, 1, 7]) expect(run(n)).toBe(live(n));
    }
  });

  it("stores into typed arrays as JavaScript does (wrapping, widening)", async () => {
    const { run, live } = await lowered("strings.ts", "histogram");
    for (const n of [0, 5, 300, 1000]) expect(run(n)).toBe(live(n));
  });

  it("stops with the TypeScript position on an index out of bounds", async () => {
    const { run } = await lowered("strings.ts", "outOfBounds");
    expect(run(2)).toBe(0);
    expect(() => run(3)).toThrow("tests/fixtures/llinterp/strings.ts:33:10: index 3 out of bounds (length 3)");
  });
});

describe("LL interpreter on lowered arrays", () => {
  it("pushes, grows, reads and writes as JavaScript does", async () => {
    for (const fn of ["sumSquares", "literal"]) {
      const { run, live } = await lowered("lists.ts", fn);
      for (const n of [0, 1, 3, 4, 5, 50]) expect(run(n)).toBe(live(n));
    }
  });

  it("stops with the TypeScript position on an index past the length", async () => {
    const { run } = await lowered("lists.ts", "badIndex");
    expect(run(1)).toBe(2);
    expect(() => run(2)).toThrow("tests/fixtures/llinterp/lists.ts:20:10: index 2 out of bounds (length 2)");
  });
});

describe("LL interpreter's memory", () => {
  it("maps raw memory page-aligned and zero-filled, keeps what lies below through growth, poisons unmapped pages", async () => {
    const { LLMemory } = await dist("llir/llinterp.js");
    const { ArrayType, Uint8 } = await dist("llir/lltype.js");
    const memory = new LLMemory();
    const bytes = new ArrayType(Uint8, { gc: false, name: "bytes" });
    const first = memory.allocate(bytes, 100);
    memory.setBytes(first, new Uint8Array(100).fill(7));
    const small = memory.mapRaw(10);
    expect(small % 4096).toBe(0);
    expect([...memory.bytes(small, 4096)].every((b: number) => b === 0)).toBe(true);
    memory.setBytes(small, new Uint8Array(4096).fill(9));
    memory.unmapRaw(small, 10);
    // Past the 64 KiB the memory starts with, as the native entry's 1 GB shadow stack is.
    const big = memory.mapRaw(1 << 20);
    expect(big).toBeGreaterThanOrEqual(small + 4096);
    expect([...memory.bytes(big, 1 << 20)].every((b: number) => b === 0)).toBe(true);
    expect([...memory.bytes(first, 100)]).toEqual(new Array(100).fill(7));
    expect([...memory.bytes(small, 4096)]).toEqual(new Array(4096).fill(0xdd));
    memory.setBytes(big + (1 << 20) - 1, new Uint8Array([5]));
    const after = memory.mapRaw(4096 * 3);
    expect(after).toBeGreaterThanOrEqual(big + (1 << 20));
    expect([...memory.bytes(after, 4096 * 3)].every((b: number) => b === 0)).toBe(true);
  });
});
