// Maps and Sets at the low level: the functions of tests/fixtures/llinterp/dicts.ts under the LL
// interpreter must return what they return on Node; and each LL helper graph (string equality and
// hashing, the ordered dict's operations) is run by itself against a JavaScript model.

import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";
import { Random } from "../helpers/random.ts";
import { agree, lowered } from "./lowered-fixture.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it (see llinterp.test.ts).
const dist = (path: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`);

async function load(fixture: string) {
  const { loadProgram } = await dist("frontend/modules.js");
  const { Annotator } = await dist("annotator/annotator.js");
  const { RTyper } = await dist("rtyper/rtyper.js");
  const program = await loadProgram(`${repoRoot}/tests/fixtures/llinterp/${fixture}`, true, true);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  return { program, annotator, rtyper: new RTyper(annotator) };
}


describe("Maps and Sets under the LL interpreter agree with Node", () => {
  const small = [0, 1, 2, 3, 5, 8, 13, 40];
  for (const fn of ["insertionOrder", "bigKeys", "stringKeys", "prebuilt", "floatKeys", "objectKeys", "smallKeys", "sets", "fromPairs", "recursive", "floatValues", "charKeysByString"]) {
    it(fn, async () => agree("dicts.ts", fn, small));
  }

  it("keeps insertion order across thousands of keys (growth, compaction)", async () => agree("dicts.ts", "growth", [0, 7, 100, 3000]));

  it("changes prebuilt Maps at run time", async () => agree("dicts.ts", "prebuiltChanged", [0, 3, 20]));
  it("iterates a prebuilt Map while it is reorganized", async () => agree("dicts.ts", "prebuiltIteratedWhileChanged", [0, 1, 5, 40, 200]));

  it("indexes prebuilt Maps and Sets with object keys on first use", async () => agree("dicts.ts", "prebuiltObjects", [0, 3, 20]));

  it("visits entries added while iterating and skips deleted ones", async () => {
    await agree("dicts.ts", "modifyWhileIterating", [0, 1, 2, 10, 50, 300]);
    await agree("dicts.ts", "compactWhileIterating", [3, 4, 10, 60, 500]);
    await agree("dicts.ts", "clearWhileIterating", [0, 1, 2, 3, 10]);
  });
});

// ---- the LL helper graphs, one at a time

async function machine() {
  const { LLInterpreter } = await dist("llir/llinterp.js");
  const { STR, Char, Signed, computeLayout } = await dist("llir/lltype.js");
  const { checkLLGraph } = await dist("llir/checkllgraph.js");
  const { reachableGraphs } = await dist("llir/llgraph.js");
  const interp = new LLInterpreter();
  const layout = computeLayout(STR);
  const str = (value: string): number => {
    const address = interp.memory.allocate(STR, value.length);
    for (let i = 0; i < value.length; i++) interp.memory.store(Char, address + layout.itemsOffset + i * layout.itemSize, value.charCodeAt(i));
    return address;
  };
  const hashField = (address: number) => interp.memory.load(Signed, address + layout.offsets.get("hash")!);
  const check = (graph: unknown) => {
    for (const g of reachableGraphs([graph])) checkLLGraph(g);
    return graph;
  };
  return { interp, str, hashField, check };
}

describe("string equality and hashing (rstr-hash.ts)", () => {
  /** Where the helpers are kept: an RTyper in a translation; here each call builds its graph. */
  const rtyper = { helperGraph: (_name: string, build: () => unknown) => build() };
  const words = ["", "a", "b", "ab", "ba", "abc", "abd", "hello world", "\u00e9t\u00e9", "\ud83d\ude00", "a".repeat(300)];

  it("ll_str_eq is === on the code units, for equal and distinct objects", async () => {
    const { strEqualGraph } = await dist("rtyper/rstr-hash.js");
    const { interp, str, check } = await machine();
    const eq = check(strEqualGraph(rtyper));
    for (const a of words) {
      const pa = str(a);
      expect(interp.call(eq, [pa, pa])).toBe(true);
      for (const b of words) expect([a, b, interp.call(eq, [pa, str(b)])]).toEqual([a, b, a === b]);
    }
  });

  it("ll_str_hash computes strHashOf, caches it, and is never 0", async () => {
    const { strHashGraph, strHashOf } = await dist("rtyper/rstr-hash.js");
    const { interp, str, hashField, check } = await machine();
    const hash = check(strHashGraph(rtyper));
    const random = new Random(77);
    const distinct = new Set(words);
    while (distinct.size < 300) {
      let s = "";
      const n = 1 + random.below(12);
      for (let j = 0; j < n; j++) s += String.fromCharCode(random.below(0x10000));
      distinct.add(s);
    }
    const samples = [...distinct];
    const seen = new Set<number>();
    for (const s of samples) {
      const p = str(s);
      expect(hashField(p)).toBe(0);
      const h = interp.call(hash, [p]) as number;
      expect([s, h]).toEqual([s, strHashOf(s)]);
      expect(h).toBeGreaterThan(0);
      expect(h).toBeLessThan(2 ** 31);
      expect(hashField(p)).toBe(h);
      expect(interp.call(hash, [p])).toBe(h);
      seen.add(h);
    }
    expect(seen.size).toBeGreaterThan(samples.length - 5);
  });

  it("treats undefined (0) and null as strings equal only to themselves", async () => {
    const { strEqualGraph, strHashGraph, strHashOf } = await dist("rtyper/rstr-hash.js");
    const { interp, str } = await machine();
    const empty = str("");
    expect(interp.call(strEqualGraph(rtyper), [0, empty])).toBe(false);
    expect(interp.call(strEqualGraph(rtyper), [empty, 0])).toBe(false);
    expect(interp.call(strEqualGraph(rtyper), [0, 0])).toBe(true);
    expect(interp.call(strHashGraph(rtyper), [0])).toBe(strHashOf(undefined));
  });
});

/** A dict representation of the given key and value annotations, with its helpers run directly. */
async function dictMachine(key: unknown, value: unknown | undefined) {
  const { DictDef } = await dist("annotator/dictdef.js");
  const model = await dist("annotator/model.js");
  const { rtyper } = await load("dicts.ts");
  const { interp, check } = await machine();
  const s = value === undefined ? model.someSet(new DictDef("set", key)) : model.someMap(new DictDef("map", key, value));
  const repr = rtyper.reprOf(s);
  const call = (graph: unknown, ...args: unknown[]) => interp.call(check(graph), args);
  return { repr, interp, call, rtyper, model };
}

describe("the ordered dict's helper graphs (rdict.ts)", () => {
  it("new, setitem, get, contains, delete, clear agree with a JavaScript Map on random operations", async () => {
    const { repr, call, rtyper, model } = await dictMachine((await dist("annotator/model.js")).someInteger(), (await dist("annotator/model.js")).someInteger());
    const { UNDEFINED_WORD } = await dist("rtyper/rnullable.js");
    const getGraph = repr.getGraph(rtyper.reprOf(model.someInteger({ empty: 2 })));
    const d = call(repr.newGraph());
    const m = new Map<number, number>();
    const random = new Random(5);
    for (let step = 0; step < 4000; step++) {
      const k = random.below(251) - 50;
      const op = random.below(100);
      if (op < 45) {
        call(repr.setitemGraph(), d, k, step);
        m.set(k, step);
      } else if (op < 70) {
        expect(call(repr.deleteGraph(), d, k)).toBe(m.delete(k));
      } else if (op < 85) {
        const got = call(getGraph, d, k);
        expect(got === UNDEFINED_WORD ? undefined : got).toBe(m.get(k));
      } else if (op < 99) {
        expect(call(repr.containsGraph(), d, k)).toBe(m.has(k));
      } else {
        call(repr.clearGraph(), d);
        m.clear();
      }
    }
  });

  it("lookup gives the entry of a key or -1; reorganize keeps the entries in order without holes, small dicts without an index table", async () => {
    const model = await dist("annotator/model.js");
    const { repr, call, interp } = await dictMachine(model.someInteger(), model.someInteger());
    const { computeLayout } = await dist("llir/lltype.js");
    const { SMALL_ENTRIES } = await dist("rtyper/rdict.js");
    const field = (d: number, name: string) => interp.memory.loadWord(d + computeLayout(repr.struct).offsets.get(name)!);
    const entries = computeLayout(repr.entriesArray);
    const keyOffset = computeLayout(repr.entryStruct).offsets.get("key")!;
    const keyAt = (array: number, i: number) => interp.memory.loadWord(array + entries.itemsOffset! + i * entries.itemSize! + keyOffset);
    const d = call(repr.newGraph()) as number;
    for (let k = 0; k < 5; k++) call(repr.setitemGraph(), d, k * 10, k);
    expect(field(d, "indexes")).toBe(0); // small: scanned
    expect(call(repr.lookupGraph(), d, 20, 20)).toBe(2);
    expect(call(repr.lookupGraph(), d, 21, 21)).toBe(-1);
    call(repr.deleteGraph(), d, 10);
    call(repr.deleteGraph(), d, 30);
    expect([field(d, "size"), field(d, "used")]).toEqual([3, 5]);
    call(repr.reorganizeGraph(), d);
    expect([field(d, "size"), field(d, "used")]).toEqual([3, 3]);
    expect([0, 1, 2].map((i) => keyAt(field(d, "entries"), i))).toEqual([0, 20, 40]);
    expect(call(repr.lookupGraph(), d, 40, 40)).toBe(2);
    // past SMALL_ENTRIES live entries the dict gets an index table, and lookups go through it
    for (let k = 100; k < 100 + SMALL_ENTRIES; k++) call(repr.setitemGraph(), d, k, k);
    expect(field(d, "indexes")).not.toBe(0);
    expect(call(repr.lookupGraph(), d, 40, 40)).toBe(2);
    expect(call(repr.lookupGraph(), d, 105, 105)).toBe(8);
    call(repr.deleteGraph(), d, 105);
    expect(call(repr.lookupGraph(), d, 105, 105)).toBe(-1);
    expect(call(repr.lookupGraph(), d, 106, 106)).toBe(9);
  });

  it("iter_done follows reorganizations: an iterator's index moves with the live entries before it", async () => {
    const model = await dist("annotator/model.js");
    const { repr, call, interp } = await dictMachine(model.someInteger(), undefined);
    const { computeLayout } = await dist("llir/lltype.js");
    const d = call(repr.newGraph()) as number;
    for (let k = 0; k < 5; k++) call(repr.setitemGraph(), d, k);
    const it = interp.memory.allocate(repr.iterStruct);
    const offsets = computeLayout(repr.iterStruct).offsets;
    interp.memory.storeWord(it + offsets.get("dict")!, d);
    interp.memory.storeWord(it + offsets.get("epoch")!, interp.memory.loadWord(d + computeLayout(repr.struct).offsets.get("epoch")!));
    interp.memory.storeWord(it + offsets.get("index")!, 3); // about to visit key 3
    call(repr.deleteGraph(), d, 0);
    call(repr.deleteGraph(), d, 1);
    call(repr.reorganizeGraph(), d); // 2, 3, 4 move to entries 0, 1, 2
    expect(call(repr.iterDoneGraph(), it)).toBe(false);
    expect(interp.memory.loadWord(it + offsets.get("index")!)).toBe(1);
    call(repr.clearGraph(), d);
    call(repr.setitemGraph(), d, 9);
    expect(call(repr.iterDoneGraph(), it)).toBe(false);
    expect(interp.memory.loadWord(it + offsets.get("index")!)).toBe(0);
    interp.memory.storeWord(it + offsets.get("index")!, 1);
    expect(call(repr.iterDoneGraph(), it)).toBe(true);
  });

  it("string keys: set with one object, found with another of the same content", async () => {
    const model = await dist("annotator/model.js");
    const { repr, rtyper } = await dictMachine(model.someString(), model.someInteger());
    const { UNDEFINED_WORD } = await dist("rtyper/rnullable.js");
    const { interp, str } = await machine();
    const get = repr.getGraph(rtyper.reprOf(model.someInteger({ empty: 2 })));
    const d = interp.call(repr.newGraph(), []);
    for (let i = 0; i < 100; i++) interp.call(repr.setitemGraph(), [d, str(`key${i}`), i]);
    for (let i = 0; i < 100; i++) expect(interp.call(get, [d, str(`key${i}`)])).toBe(i);
    expect(interp.call(get, [d, str("key100")])).toBe(UNDEFINED_WORD);
  });
});
