// The walk over prebuilt objects that the LL interpreter and the code generators share
// (src/llir/prebuilt-image.ts): each object reserved once when first reached, fields and items
// stored at computeLayout's offsets, a pointer to a prebuilt object stored as that object's
// address (cycles included), a chain far deeper than the stack laid out without recursion, and
// the binary's data image (src/backend/data-image.ts) and the LL interpreter placing the same
// objects with the same field values.

import { describe, expect, it } from "vitest";
import { ProgramData } from "../../src/backend/data-image.ts";
import { LLConstant, type LLPrebuilt } from "../../src/llir/llgraph.ts";
import { LLInterpreter } from "../../src/llir/llinterp.ts";
import { PrebuiltImage, type PrebuiltMemory } from "../../src/llir/prebuilt-image.ts";
import { ArrayType, Int32, Ptr, Signed, StructType, computeLayout, sizeOf } from "../../src/llir/lltype.ts";
import { functionConstant, LLBlock, LLGraph, LLLink } from "../../src/llir/llgraph.ts";
import { SymbolicWordError, SymbolicWords } from "../../src/llir/symbolic.ts";

const NODE = new StructType("Node", true);
NODE.setFields([
  { name: "value", type: Signed },
  { name: "next", type: Ptr(NODE) },
]);
const TABLE = new ArrayType(Signed, { gc: true, name: "Table" });

function node(name: string, value: number, next?: LLPrebuilt): LLPrebuilt {
  const fields = new Map<string, LLConstant>([["value", new LLConstant(value, Signed)]]);
  fields.set("next", new LLConstant(next ?? null, Ptr(NODE)));
  return { kind: "prebuilt", type: NODE, name, fields, items: [] };
}

/** A memory that records what the walk asks of it. */
function recording() {
  const reserved: { object: LLPrebuilt; size: number; address: number }[] = [];
  const stores = new Map<number, unknown>();
  let top = 16;
  const memory: PrebuiltMemory = {
    reserve(object, _type, size) {
      reserved.push({ object, size, address: top });
      top += size;
      return top - size;
    },
    begin() {},
    store(_t, address, value) {
      stores.set(address, value.value);
    },
    storePointer(_t, address, target) {
      stores.set(address, { pointer: target });
    },
    typeId: (type) => (type === NODE ? 41 : 42),
  };
  return { memory, reserved, stores };
}

describe("PrebuiltImage", () => {
  const next = computeLayout(NODE).offsets.get("next")!;
  const value = computeLayout(NODE).offsets.get("value")!;

  it("reserves each object once and stores pointers as the target's address, cycles included", () => {
    const a = node("a", 1);
    const b = node("b", 2, a);
    a.fields.set("next", new LLConstant(b, Ptr(NODE)));
    const { memory, reserved, stores } = recording();
    const image = new PrebuiltImage(memory);
    const at = image.addressOf(a);
    expect(reserved.map((r) => r.object.name)).toEqual(["a", "b"]);
    expect(reserved.every((r) => r.size === sizeOf(NODE))).toBe(true);
    const bAt = reserved[1]!.address;
    expect(stores.get(at + next)).toEqual({ pointer: bAt });
    expect(stores.get(bAt + next)).toEqual({ pointer: at });
    expect(stores.get(at + value)).toBe(1);
    expect(image.addressOf(b)).toBe(bAt);
    expect(reserved).toHaveLength(2);
  });

  it("stores items at the array's item offsets", () => {
    const table: LLPrebuilt = { kind: "prebuilt", type: TABLE, name: "t", fields: new Map(), items: [7, 8, 9].map((n) => new LLConstant(n, Signed)) };
    const { memory, reserved, stores } = recording();
    const at = new PrebuiltImage(memory).addressOf(table);
    const layout = computeLayout(TABLE);
    expect(reserved[0]!.size).toBe(sizeOf(TABLE, 3));
    expect([0, 1, 2].map((i) => stores.get(at + layout.itemsOffset! + i * layout.itemSize!))).toEqual([7, 8, 9]);
  });

  it("lays out a chain of 50000 objects without recursion", () => {
    let head: LLPrebuilt | undefined;
    for (let i = 0; i < 50000; i++) head = node(`n${i}`, i, head);
    const { memory, reserved } = recording();
    new PrebuiltImage(memory).addressOf(head!);
    expect(reserved).toHaveLength(50000);
  });

  it("the data image and the LL interpreter place the same objects with the same values", () => {
    const c = node("c", 30);
    const b = node("b", 20, c);
    const a = node("a", 10, b);
    const data = new ProgramData();
    const dataAt = data.prebuilt(a);
    const interp = new LLInterpreter();
    let address = interp.constant(new LLConstant(a, Ptr(NODE))) as number;
    let offset = dataAt;
    for (const expected of [10, 20, 30]) {
      expect(interp.memory.loadWord(address + value)).toBe(expected);
      expect(Number(data.data.view().getBigInt64(offset + value, true))).toBe(expected);
      // The binary's pointer is a relocation to the next object's .data offset.
      const reloc = data.relocations.find((r) => r.section === "data" && r.offset === offset + next);
      address = interp.memory.loadWord(address + next);
      if (expected === 30) {
        expect(address).toBe(0);
        expect(reloc).toBeUndefined();
      } else {
        expect(reloc).toBeDefined();
        offset = reloc!.targetOffset;
      }
    }
  });

  describe("symbolic words (a jitcode's addresses and type ids)", () => {
    /** A graph returning 0, whose function constant a symbolic word names. */
    function graph(name: string): LLGraph {
      const start = new LLBlock([]);
      const g = new LLGraph(name, start, Signed, Signed, undefined);
      start.closeBlock([new LLLink([new LLConstant(0, Signed)], g.returnblock)]);
      return g;
    }
    const words = () => new SymbolicWords();

    it("stores a type id, a prebuilt object's address and a function as the memory resolves them", () => {
      const w = words();
      const target = node("target", 5);
      const f = functionConstant(graph("f"));
      const items = [new LLConstant(7, Signed), new LLConstant(w.typeId(NODE), Signed), new LLConstant(w.address(new LLConstant(target, Ptr(NODE))), Signed), new LLConstant(w.address(f), Signed)];
      const table: LLPrebuilt = { kind: "prebuilt", type: TABLE, name: "t", fields: new Map(), items };
      const { memory, reserved, stores } = recording();
      const at = new PrebuiltImage(memory).addressOf(table);
      const layout = computeLayout(TABLE);
      const item = (i: number) => stores.get(at + layout.itemsOffset! + i * layout.itemSize!);
      expect(item(0)).toBe(7);
      expect(item(1)).toBe(41);
      // the prebuilt object named only by the word is laid out too
      expect(reserved.map((r) => r.object.name)).toEqual(["t", "target"]);
      expect(item(2)).toEqual({ pointer: reserved[1]!.address });
      expect(item(3)).toBe(f.value);
    });

    it("gives one word per referent, with a distinct text, and no number", () => {
      const w = words();
      const f = functionConstant(graph("f"));
      const g = functionConstant(graph("g"));
      expect(w.address(f)).toBe(w.address(new LLConstant(f.value, f.type)));
      expect(w.typeId(NODE)).toBe(w.typeId(NODE));
      const texts = [w.address(f), w.address(g), w.typeId(NODE), w.typeId(TABLE)].map(String);
      expect(new Set(texts).size).toBe(4);
      expect(texts[0]).toMatch(/^<address of function f #\d+>$/);
      // arithmetic on one at translation time is an error, not a wrong number
      expect(() => Number(w.address(f))).toThrow(SymbolicWordError);
      expect(() => (w.typeId(NODE) as unknown as number) + 1).toThrow(/used as a number at translation time/);
      // the LL interpreter has no value for one outside prebuilt data
      expect(() => new LLInterpreter().constant(new LLConstant(w.typeId(NODE), Signed))).toThrow(SymbolicWordError);
    });

    it("refuses a symbolic word stored in less than a word", () => {
      const w = words();
      const narrow = new ArrayType(Int32, { gc: true, name: "Narrow" });
      const table: LLPrebuilt = { kind: "prebuilt", type: narrow, name: "n", fields: new Map(), items: [new LLConstant(w.typeId(NODE), Int32)] };
      expect(() => new PrebuiltImage(recording().memory).addressOf(table)).toThrow(/stored as Int32; it is a whole word/);
    });

    it("the binary's data image writes the type id it numbers, a relocation for an address and a function slot for a function", () => {
      const w = words();
      const target = node("target", 5);
      const f = functionConstant(graph("f"));
      const items = [new LLConstant(w.typeId(NODE), Signed), new LLConstant(w.address(new LLConstant(target, Ptr(NODE))), Signed), new LLConstant(w.address(f), Signed)];
      const table: LLPrebuilt = { kind: "prebuilt", type: TABLE, name: "t", fields: new Map(), items };
      const data = new ProgramData();
      const at = data.prebuilt(table);
      const layout = computeLayout(TABLE);
      const slot = (i: number) => at + layout.itemsOffset! + i * layout.itemSize!;
      expect(Number(data.data.view().getBigInt64(slot(0), true))).toBe(data.typeId(NODE));
      const reloc = data.relocations.find((r) => r.section === "data" && r.offset === slot(1));
      expect(reloc?.targetOffset).toBe(data.prebuilt(target));
      expect(data.functionSlots).toEqual([{ offset: slot(2), fn: f.value }]);
      // and the LL interpreter resolves the same words in its own memory
      const interp = new LLInterpreter();
      const address = interp.constant(new LLConstant(table, Ptr(TABLE))) as number;
      const loaded = (i: number) => interp.memory.loadWord(address + layout.itemsOffset! + i * layout.itemSize!);
      expect(loaded(0)).toBe(interp.memory.typeId(NODE));
      expect(loaded(1)).toBe(interp.constant(new LLConstant(target, Ptr(NODE))));
      expect(loaded(2)).toBe(interp.constant(f));
    });
  });
});
