// Arrays of inline structs in a native executable: an RTS program whose `probe` is replaced, after
// lowering, by an LL graph built by hand that fills a GC array of structs {key: Ptr(Node), hash,
// flag: Bool, small: Int32, value: Float} with getitemfield and setitemfield, stores young nodes
// into it and into a prebuilt array of structs (the .data image writes its items in place, their
// keys relocated) while garbage is made, and sums the fields. The whole pipeline runs on it (the
// optimisations, the GC transform's roots and setitemfield's card-marking barrier, the x86-64
// code generator, the collector's type table with several pointer offsets per item), and the
// binary must print the sum computed here: with the default nursery, with a small one, and under
// RTS_GC_STRESS (a minor collection at every allocation, a major one every 50), where the log
// shows both kinds ran, so the nodes the items point to survived both with the pointers updated.

import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSections, parsePypylog } from "../helpers/pypylog.ts";
import { repoRoot } from "../helpers/run-rts.ts";

type Any = any; // values of the compiled toolchain

const dist = (p: string): Promise<Any> => import(/* @vite-ignore */ `${repoRoot}/dist/${p}`);
const directory = mkdtempSync(path.join(tmpdir(), "rts-itemfield-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const SOURCE = `function probe(n: number): number {
  return n + 1; // replaced by the LL graph of the test
}

export function main(argv: string[]): number {
  console.log(String(probe(argv.length * (parseInt(argv[1]!, 10) | 0))));
  return 0;
}
`;

const ROUNDS = 20;
const GARBAGE = 300;
const PREBUILT_KEYS = [100, 200, 300];

/** What probe(n) returns, computed as the graph does. */
function expected(n: number): number {
  const keys = Array.from({ length: n }, (_, i) => i);
  const table = [...PREBUILT_KEYS];
  let garbage = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < n; i += 3) keys[i] = i + 1000 * (round + 1);
    table[1] = 7 + round;
    for (let j = 0; j < GARBAGE; j++) garbage += j;
  }
  let sum = garbage;
  for (let i = 0; i < n; i++) sum += keys[i]! + 7 * i + (i % 2 === 0 ? 1 : 0) - i + i;
  return sum + table.reduce((s, v, i) => s + v + 10 * i, 0);
}

let t: Any;
beforeAll(async () => {
  t = {
    ...(await dist("frontend/modules.js")),
    ...(await dist("annotator/annotator.js")),
    ...(await dist("translator/lower.js")),
    ...(await dist("translator/passes.js")),
    ...(await dist("backend-x86/target.js")),
    ...(await dist("backend/elf.js")),
    ...(await dist("llir/llgraph.js")),
    ...(await dist("llir/llbuilder.js")),
    ...(await dist("llir/lltype.js")),
  };
});

/** The graph that replaces probe: (n: Signed) -> Signed. */
function probeGraph(): Any {
  const { LLGraphBuilder, LLConstant, StructType, ArrayType, Ptr, Signed, Bool, Int32, Float, Void } = t;
  const NODE = new StructType("Node", true, [{ name: "v", type: Signed }]);
  const ENTRY = new StructType("Entry", false, [
    { name: "key", type: Ptr(NODE) },
    { name: "hash", type: Signed },
    { name: "flag", type: Bool },
    { name: "small", type: Int32 },
    { name: "value", type: Float },
  ]);
  const ENTRIES = new ArrayType(ENTRY, { gc: true, name: "Entries" });
  const GARBAGE_ARRAY = new ArrayType(Signed, { gc: true, name: "Garbage" });
  const int = (n: number) => new LLConstant(n, Signed);
  const name = (s: string) => new LLConstant(s, Void);
  const node = (v: number) => ({ kind: "prebuilt", type: NODE, name: `node${v}`, fields: new Map([["v", int(v)]]), items: [] });
  const entry = (key: Any, hash: number) =>
    new LLConstant({ kind: "prebuilt", type: ENTRY, name: `entry${hash}`, fields: new Map([["key", new LLConstant(key, Ptr(NODE))], ["hash", int(hash)]]), items: [] }, ENTRY);
  const table = new LLConstant({ kind: "prebuilt", type: ENTRIES, name: "table", fields: new Map(), items: PREBUILT_KEYS.map((v, i) => entry(node(v), 10 * i)) }, Ptr(ENTRIES));

  const b = new LLGraphBuilder("probe_items", [Signed], Signed);
  const n = b.args[0];
  const add = (x: Any, y: Any) => b.op("int_add", [x, y], Signed);
  const newNode = (v: Any) => {
    const p = b.op("malloc", [new LLConstant(NODE, Void)], Ptr(NODE), "node");
    b.op("setfield", [p, name("v"), v], Void);
    return p;
  };
  const items = b.op("malloc_varsize", [new LLConstant(ENTRIES, Void), n], Ptr(ENTRIES), "items");
  b.forRange(int(0), n, (i: Any) => {
    b.op("setitemfield", [items, i, name("key"), newNode(i)], Void);
    b.op("setitemfield", [items, i, name("hash"), b.op("int_mul", [i, int(7)], Signed)], Void);
    b.op("setitemfield", [items, i, name("flag"), b.op("int_eq", [b.op("int_and", [i, int(1)], Signed), int(0)], Bool)], Void);
    b.op("setitemfield", [items, i, name("small"), b.op("int_neg", [i], Signed)], Void);
    b.op("setitemfield", [items, i, name("value"), b.op("float_mul", [b.op("cast_int_to_float", [i], Float), new LLConstant(0.5, Float)], Float)], Void);
  }, Signed);
  const garbage = b.local(Signed, int(0), "garbage");
  b.forRange(int(0), int(ROUNDS), (round: Any) => {
    // young nodes into the (soon old) array, every third item, and into the prebuilt one
    const i = b.local(Signed, int(0), "i");
    b.whileLoop(
      () => b.op("int_lt", [b.get(i), n], Bool),
      () => {
        const v = add(b.get(i), b.op("int_mul", [add(round, int(1)), int(1000)], Signed));
        b.op("setitemfield", [items, b.get(i), name("key"), newNode(v)], Void);
        b.set(i, add(b.get(i), int(3)));
      },
    );
    b.op("setitemfield", [table, int(1), name("key"), newNode(add(round, int(7)))], Void);
    b.forRange(int(0), int(GARBAGE), (j: Any) => {
      const g = b.op("malloc_varsize", [new LLConstant(GARBAGE_ARRAY, Void), int(3)], Ptr(GARBAGE_ARRAY), "g");
      b.op("setarrayitem", [g, int(2), j], Void);
      b.set(garbage, add(b.get(garbage), b.op("getarrayitem", [g, int(2)], Signed)));
    }, Signed);
  }, Signed);
  const sum = b.local(Signed, b.get(garbage), "sum");
  b.forRange(int(0), b.op("getarraylength", [items], Signed), (i: Any) => {
    const get = (field: string, type: Any) => b.op("getitemfield", [items, i, name(field)], type, field);
    const parts = [
      b.op("getfield", [get("key", Ptr(NODE)), name("v")], Signed),
      get("hash", Signed),
      b.op("cast_bool_to_int", [get("flag", Bool)], Signed),
      get("small", Signed),
      b.op("cast_float_to_int", [b.op("float_mul", [get("value", Float), new LLConstant(2, Float)], Float)], Signed),
    ];
    b.set(sum, add(b.get(sum), parts.reduce(add)));
  }, Signed);
  b.forRange(int(0), int(PREBUILT_KEYS.length), (i: Any) => {
    const key = b.op("getitemfield", [table, i, name("key")], Ptr(NODE), "key");
    b.set(sum, add(add(b.get(sum), b.op("getfield", [key, name("v")], Signed)), b.op("getitemfield", [table, i, name("hash")], Signed)));
  }, Signed);
  b.returnValue(b.get(sum));
  return b.build();
}

/** The program translated with probe's calls calling the hand-built graph instead. */
async function translate(): Promise<string> {
  const file = path.join(directory, "items.ts");
  writeFileSync(file, SOURCE);
  const program = await t.loadProgram(file, true, true);
  const annotator = new t.Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  const lowered = t.lowerForNative(program, annotator);
  const graph = probeGraph();
  let replaced = 0;
  for (const g of t.reachableGraphs(lowered.roots)) {
    for (const block of g.iterBlocks()) {
      for (const op of block.operations) {
        if (op.opname === "direct_call" && op.args[0].value.graph?.name === "probe") {
          expect(op.args[0].value.graph.argTypes).toEqual([t.Signed]);
          op.args[0] = t.functionConstant(graph);
          replaced++;
        }
      }
    }
  }
  expect(replaced).toBe(1);
  t.runPasses(t.passesFor("native", true), lowered.roots, lowered.context, { verify: true });
  const machine = t.x86_64Target();
  const code = machine.generateCode(lowered.runtime);
  const output = path.join(directory, "items");
  writeFileSync(output, t.writeExecutable(code.image, machine.machine));
  chmodSync(output, 0o755);
  return output;
}

function run(binary: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(binary, args, { encoding: "utf8", timeout: 120_000, env: { ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("getitemfield and setitemfield in a native executable", () => {
  let binary: string;
  beforeAll(async () => {
    binary = await translate();
  }, 300_000);

  it("computes what the LL graph says, for a small array in the nursery and a large one with cards", () => {
    // argv.length * argv[1]: 2 * 3 items (a nursery object), 2 * 1500 (a large object, with cards)
    expect(run(binary, ["3"])).toEqual({ status: 0, stdout: `${expected(6)}\n`, stderr: "" });
    expect(run(binary, ["1500"])).toEqual({ status: 0, stdout: `${expected(3000)}\n`, stderr: "" });
    expect(run(binary, ["1500"], { RTS_GC_NURSERY: "64KB" })).toEqual({ status: 0, stdout: `${expected(3000)}\n`, stderr: "" });
  });

  it("keeps the items' pointers right through minor and major collections (RTS_GC_STRESS)", () => {
    for (const n of ["3", "200"]) {
      const log = path.join(directory, `gc-${n}.log`);
      const result = run(binary, [n], { RTS_GC_STRESS: "1", RTSLOG: `gc-minor,gc-major:${log}` });
      expect(result).toEqual({ status: 0, stdout: `${expected(2 * Number(n))}\n`, stderr: "" });
      const sections = parsePypylog(readFileSync(log, "utf8"));
      expect(findSections(sections, "gc-minor").length).toBeGreaterThan(1000);
      expect(findSections(sections, "gc-major").length).toBeGreaterThan(10);
    }
  });
});
