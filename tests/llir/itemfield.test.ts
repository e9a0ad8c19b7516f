// Arrays of inline structs (RPython's GcArray(Struct(...)), rordereddict's entries) at the LL
// level: getitemfield and setitemfield in the verifier, the LL interpreter (each field of item i
// at array + itemsOffset + i * itemSize + the field's offset, no field clobbering its neighbour),
// the LL text (both operations and a prebuilt array of structs print and parse back), and
// prebuilt arrays of structs in the shared walk (src/llir/prebuilt-image.ts): each item written
// in place, its GC pointer field the address (a relocation in the binary's data) of the object
// it points to, the item struct itself no object (no reservation, no type id, no symbol).

import { describe, expect, it } from "vitest";
import { ProgramData } from "../../src/backend/data-image.ts";
import { checkLLGraph } from "../../src/llir/checkllgraph.ts";
import { LLGraphBuilder } from "../../src/llir/llbuilder.ts";
import { LLConstant, type LLPrebuilt } from "../../src/llir/llgraph.ts";
import { LLInterpreter } from "../../src/llir/llinterp.ts";
import { memberType } from "../../src/llir/lloperation.ts";
import {
  ArrayType, Bool, Char, Float, Int32, Ptr, Signed, StructType, Void, computeLayout, itemFieldLayout, sizeOf, type LLType,
} from "../../src/llir/lltype.ts";
import { parseLLGraphs } from "../../src/llir/parse-llgraph.ts";
import { printLLGraph } from "../../src/llir/print-llgraph.ts";
import { PrebuiltImage, type PrebuiltMemory } from "../../src/llir/prebuilt-image.ts";
import { OBJECT } from "../../src/llir/object-model.ts";

const NODE = new StructType("Node", true, [{ name: "v", type: Signed }]);
/** Fields of every width, a narrow one right after another, so that a store too wide would show. */
const ENTRY = new StructType("Entry", false, [
  { name: "key", type: Ptr(NODE) },
  { name: "value", type: Float },
  { name: "hash", type: Signed },
  { name: "flag", type: Bool },
  { name: "ch", type: Char },
  { name: "small", type: Int32 },
]);
const ENTRIES = new ArrayType(ENTRY, { gc: true, name: "Entries" });

const name = (n: string) => new LLConstant(n, Void);
const int = (n: number) => new LLConstant(n, Signed);

/** The address of field `field` of item i of the array at `array`, from the layouts alone. */
function fieldAddress(array: number, i: number, field: string): number {
  const layout = computeLayout(ENTRIES);
  return array + layout.itemsOffset! + i * layout.itemSize! + computeLayout(ENTRY).offsets.get(field)!;
}

describe("the layout of a field across the items (lltype.ts itemFieldLayout)", () => {
  it("starts at item 0's field, steps by the struct's size, keeps the field's own type and the array's length word", () => {
    const array = computeLayout(ENTRIES);
    expect(computeLayout(ENTRY).size).toBe(32);
    expect(itemFieldLayout(ENTRIES, "small")).toEqual({ type: Int32, itemsOffset: array.itemsOffset! + 28, itemSize: 32, fieldOffset: 28, lengthOffset: array.lengthOffset });
    expect(() => itemFieldLayout(ENTRIES, "nope")).toThrow(/have no field nope/);
    expect(() => itemFieldLayout(new ArrayType(Signed, { gc: true }), "x")).toThrow(/not an array of inline structs/);
  });

  it("is the `itemfield` place of the table: the field's widened type, only for arrays of non-GC structs", () => {
    expect(memberType("itemfield", ENTRIES, "small")).toEqual({ type: Signed });
    expect(memberType("itemfield", ENTRIES, "key")).toEqual({ type: Ptr(NODE) });
    expect(memberType("itemfield", ENTRIES, "nope")).toEqual({ problem: "the items of Entries have no field nope" });
    expect(memberType("itemfield", NODE, "v")).toEqual({ problem: "Node is not an array of inline structs" });
    // and a plain field read of an array stays an error
    expect(memberType("field", ENTRIES, "key")).toEqual({ problem: "Entries is not a struct" });
  });
});

/** fill(n): an array of n entries, item i holding a new node of value 10i, i*i, i < 2, 'A' + i, -i and i / 2. */
function fillGraph() {
  const b = new LLGraphBuilder("fill", [Signed], Ptr(ENTRIES));
  const n = b.args[0]!;
  const t = b.op("malloc_varsize", [new LLConstant(ENTRIES, Void), n], Ptr(ENTRIES), "t");
  b.forRange(int(0), n, (i) => {
    const node = b.op("malloc", [new LLConstant(NODE, Void)], Ptr(NODE), "node");
    b.op("setfield", [node, name("v"), b.op("int_mul", [i, int(10)], Signed)], Void);
    b.op("setitemfield", [t, i, name("key"), node], Void);
    b.op("setitemfield", [t, i, name("hash"), b.op("int_mul", [i, i], Signed)], Void);
    b.op("setitemfield", [t, i, name("flag"), b.op("int_lt", [i, int(2)], Bool)], Void);
    b.op("setitemfield", [t, i, name("ch"), b.op("cast_int_to_char", [b.op("int_add", [i, int(65)], Signed)], Char)], Void);
    b.op("setitemfield", [t, i, name("small"), b.op("int_neg", [i], Signed)], Void);
    b.op("setitemfield", [t, i, name("value"), b.op("float_truediv", [b.op("cast_int_to_float", [i], Float), new LLConstant(2, Float)], Float)], Void);
  }, Signed);
  b.returnValue(t);
  return b.build();
}

/** sum(t): over the items, key.v + hash + flag + ch + small + 2 * value, read back through getitemfield. */
function sumGraph() {
  const b = new LLGraphBuilder("sum", [Ptr(ENTRIES)], Signed);
  const t = b.args[0]!;
  const acc = b.local(Signed, int(0), "acc");
  const n = b.op("getarraylength", [t], Signed, "n");
  b.forRange(int(0), n, (i) => {
    const get = (field: string, type: LLType) => b.op("getitemfield", [t, i, name(field)], type, field);
    const parts = [
      b.op("getfield", [get("key", Ptr(NODE)), name("v")], Signed),
      get("hash", Signed),
      b.op("cast_bool_to_int", [get("flag", Bool)], Signed),
      b.op("cast_char_to_int", [get("ch", Char)], Signed),
      get("small", Signed),
      b.op("cast_float_to_int", [b.op("float_mul", [get("value", Float), new LLConstant(2, Float)], Float)], Signed),
    ];
    b.set(acc, b.op("int_add", [b.get(acc), parts.reduce((x, y) => b.op("int_add", [x, y], Signed))], Signed));
  }, Signed);
  b.returnValue(b.get(acc));
  return b.build();
}

describe("getitemfield and setitemfield in the LL interpreter", () => {
  it("stores each field at array + itemsOffset + i * itemSize + its offset, at its own width", () => {
    const fill = fillGraph();
    checkLLGraph(fill);
    const interp = new LLInterpreter();
    const t = interp.call(fill, [5]) as number;
    const m = interp.memory;
    expect(m.loadWord(t + computeLayout(ENTRIES).lengthOffset!)).toBe(5);
    for (let i = 0; i < 5; i++) {
      expect(m.load(Signed, m.loadWord(fieldAddress(t, i, "key")) + computeLayout(NODE).offsets.get("v")!)).toBe(10 * i);
      expect(m.load(Float, fieldAddress(t, i, "value"))).toBe(i / 2);
      expect(m.load(Signed, fieldAddress(t, i, "hash"))).toBe(i * i);
      expect(m.load(Bool, fieldAddress(t, i, "flag"))).toBe(i < 2);
      expect(m.load(Char, fieldAddress(t, i, "ch"))).toBe(65 + i);
      expect(m.load(Int32, fieldAddress(t, i, "small"))).toBe(i === 0 ? 0 : -i);
    }
  });

  it("reads the fields back", () => {
    const sum = sumGraph();
    checkLLGraph(sum);
    const interp = new LLInterpreter();
    const t = interp.call(fillGraph(), [4]);
    // per item: 10i + i*i + (i < 2) + ('A' + i) + (-i) + 2 * (i / 2)
    const expected = [0, 1, 2, 3].reduce((s, i) => s + 10 * i + i * i + (i < 2 ? 1 : 0) + 65 + i - i + i, 0);
    expect(interp.call(sum, [t])).toBe(expected);
  });

  it("stops on a null array with the store's message", () => {
    const b = new LLGraphBuilder("null", [Ptr(ENTRIES)], Signed);
    b.returnValue(b.op("getitemfield", [b.args[0]!, int(0), name("hash")], Signed));
    expect(() => new LLInterpreter().call(b.build(), [0])).toThrow(/null/);
  });
});

const TEXT_DECLARATIONS = `struct Node gc { v: Signed }
struct Entry { key: Ptr(Node), value: Signed, flag: Bool }
array Entries gc of Entry
`;

/** Both operations as the printer writes them: constants typed by the item's field, not written. */
const PRINTED = `graph entries(n_0: Signed, k_1: Ptr(Node)) -> Signed
block0(n_0: Signed, k_1: Ptr(Node)):
  t_2: Ptr(Entries) = malloc_varsize(Entries, n_0)  @2:3
  v_3: Void = setitemfield(t_2, 0, "key", k_1)  @3:3
  v_4: Void = setitemfield(t_2, 0, "value", 7)  @4:3
  v_5: Void = setitemfield(t_2, 1, "flag", true)
  v_6: Void = setitemfield(t_2, 1, "key", null)
  key_7: Ptr(Node) = getitemfield(t_2, 0, "key")
  value_8: Signed = getitemfield(t_2, 0, "value")  @5:10
  flag_9: Bool = getitemfield(t_2, 1, "flag")
  n_10: Signed = getarraylength(t_2)
  return value_8
`;

const env = { types: new Map<string, LLType>([["object", OBJECT]]), exceptionType: Ptr(OBJECT) };

describe("getitemfield and setitemfield in the LL text", () => {
  it("print and parse back to the same text, every graph valid", () => {
    const graphs = parseLLGraphs(TEXT_DECLARATIONS + PRINTED, env, "test.ll");
    graphs.forEach(checkLLGraph);
    expect(graphs.map(printLLGraph).join("")).toBe(PRINTED);
    const ops = graphs[0]!.startblock.operations;
    expect(String(ops[4]!.args[3]!.type)).toBe("Ptr(Node)"); // null typed by the field it is stored in
    expect(ops[3]!.args[3]!.type).toBe(Bool);
  });

  it("gives a getitemfield written without its type the field's type, loaded (Bool stays Bool, a narrow integer widens)", () => {
    const text = `struct Small { b: Bool, i: Int32 }
array Smalls gc of Small
graph g(t: Ptr(Smalls)) -> Signed
block0(t: Ptr(Smalls)):
  b = getitemfield(t, 1, "b")
  i = getitemfield(t, 1, "i")
  return i
`;
    const [g] = parseLLGraphs(text, env, "test.ll");
    checkLLGraph(g!);
    expect(g!.startblock.operations.map((op) => String(op.result.type))).toEqual(["Bool", "Signed"]);
  });

  it("round-trips an unnamed array of structs through the environment of the original graphs", async () => {
    const { collectLLParseEnvironment } = await import("../../src/llir/parse-llgraph.ts");
    const unnamed = new ArrayType(ENTRY, { gc: true });
    expect(String(unnamed)).toBe("Array(Entry)");
    const b = new LLGraphBuilder("h", [Ptr(unnamed), Signed], Signed);
    b.returnValue(b.op("getitemfield", [b.args[0]!, b.args[1]!, name("hash")], Signed, "h"));
    const graph = b.build();
    const text = printLLGraph(graph);
    expect(text).toContain('h_2: Signed = getitemfield(a0_0, a1_1, "hash")');
    const [again] = parseLLGraphs(text, collectLLParseEnvironment([graph]), "test.ll");
    expect(again!.startblock.inputargs[0]!.type).toBe(Ptr(unnamed));
    expect(printLLGraph(again!)).toBe(text);
  });

  it("rejects, in the verifier, a field the items do not have, a value of the wrong type, and getfield on the array", () => {
    const verdict = (body: string): string => {
      try {
        parseLLGraphs(`${TEXT_DECLARATIONS}graph g(t: Ptr(Entries), k: Ptr(Node)) -> Void\nblock0(t: Ptr(Entries), k: Ptr(Node)):\n${body}  return void\n`, env, "test.ll").forEach(checkLLGraph);
        return "ok";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(verdict('  setitemfield(t, 0, "key", k)\n')).toBe("ok");
    expect(verdict('  x: Signed = getitemfield(t, 0, "nope")\n')).toMatch(/the items of Entries have no field nope/);
    expect(verdict('  setitemfield(t, 0, "value", k)\n')).toMatch(/field value of the items of Entries is Signed/);
    expect(verdict('  x: Bool = getitemfield(t, 0, "value")\n')).toMatch(/field value of the items of Entries is Signed/);
    expect(verdict('  x: Signed = getfield(t, "value")\n')).toMatch(/Entries is not a struct/);
    expect(verdict('  x: Signed = getitemfield(k, 0, "v")\n')).toMatch(/Node is not an array of inline structs/);
  });

  it("reads a prebuilt array whose items are prebuilt structs, and the LL interpreter lays it out in place", () => {
    const text = `${TEXT_DECLARATIONS}prebuilt <n>: Node = { v: 40 }
prebuilt <e0>: Entry = { key: <n>, value: 2 }
prebuilt <e1>: Entry = { value: 3, flag: true }
prebuilt <table>: Entries = [<e0>, <e1>, <e0>]
graph g(i: Signed) -> Signed
block0(i: Signed):
  k: Ptr(Node) = getitemfield(<table>, i, "key")
  v: Signed = getitemfield(<table>, i, "value")
  kv: Signed = getfield(k, "v")
  r = int_add(kv, v)
  return r
`;
    const [g] = parseLLGraphs(text, env, "test.ll");
    checkLLGraph(g!);
    const table = g!.startblock.operations[0]!.args[0] as LLConstant;
    const items = (table.value as LLPrebuilt).items;
    expect(items.map((c) => String(c.type))).toEqual(["Entry", "Entry", "Entry"]);
    const interp = new LLInterpreter();
    expect(interp.call(g!, [0])).toBe(42);
    expect(interp.call(g!, [2])).toBe(42);
  });
});

// ---- prebuilt arrays of structs in the shared walk

function entry(key: LLPrebuilt | null, hash: number, flag: boolean): LLConstant {
  const fields = new Map<string, LLConstant>([
    ["key", new LLConstant(key, Ptr(NODE))],
    ["hash", new LLConstant(hash, Signed)],
    ["flag", new LLConstant(flag, Bool)],
    ["small", new LLConstant(-hash, Int32)],
  ]);
  return new LLConstant({ kind: "prebuilt", type: ENTRY, name: `entry ${hash}`, fields, items: [] }, ENTRY);
}

function prebuiltTable() {
  const node: LLPrebuilt = { kind: "prebuilt", type: NODE, name: "node", fields: new Map([["v", new LLConstant(99, Signed)]]), items: [] };
  const table: LLPrebuilt = { kind: "prebuilt", type: ENTRIES, name: "table", fields: new Map(), items: [entry(node, 5, true), new LLConstant(null, ENTRY), entry(null, 7, false)] };
  return { node, table };
}

describe("prebuilt arrays of inline structs", () => {
  it("are written in place: the walk reserves the array and what its items point to, never an item", () => {
    const { table } = prebuiltTable();
    const reserved: string[] = [];
    const stores = new Map<number, unknown>();
    let top = 16;
    const memory: PrebuiltMemory = {
      reserve(object, _type, size) {
        reserved.push(object.name);
        top += size;
        return top - size;
      },
      begin() {},
      store: (_t, address, value) => void stores.set(address, value.value),
      storePointer: (_t, address, target) => void stores.set(address, { pointer: target }),
      typeId: () => {
        throw new Error("no type id is asked for");
      },
    };
    const at = new PrebuiltImage(memory).addressOf(table);
    expect(reserved).toEqual(["table", "node"]);
    expect(stores.get(fieldAddress(at, 0, "key"))).toEqual({ pointer: at + sizeOf(ENTRIES, 3) });
    expect([stores.get(fieldAddress(at, 0, "hash")), stores.get(fieldAddress(at, 0, "flag")), stores.get(fieldAddress(at, 0, "small"))]).toEqual([5, true, -5]);
    // a null item and fields not given are left as the memory has them (zero)
    expect([...stores.keys()].some((a) => a >= fieldAddress(at, 1, "key") && a < fieldAddress(at, 2, "key"))).toBe(false);
    expect(stores.get(fieldAddress(at, 2, "key"))).toBe(null);
    expect(stores.get(fieldAddress(at, 2, "hash"))).toBe(7);
  });

  it("are the same in the LL interpreter's memory and in the binary's data, the key a relocation, the item struct no type of its own", () => {
    const { node, table } = prebuiltTable();
    const interp = new LLInterpreter();
    const at = interp.constant(new LLConstant(table, Ptr(ENTRIES))) as number;
    const nodeAt = interp.constant(new LLConstant(node, Ptr(NODE))) as number;
    const m = interp.memory;
    expect(m.loadWord(fieldAddress(at, 0, "key"))).toBe(nodeAt);
    expect([m.load(Signed, fieldAddress(at, 0, "hash")), m.load(Bool, fieldAddress(at, 0, "flag")), m.load(Int32, fieldAddress(at, 0, "small"))]).toEqual([5, true, -5]);
    expect([m.loadWord(fieldAddress(at, 1, "key")), m.load(Signed, fieldAddress(at, 1, "hash"))]).toEqual([0, 0]);
    expect([m.loadWord(fieldAddress(at, 2, "key")), m.load(Signed, fieldAddress(at, 2, "hash"))]).toEqual([0, 7]);
    expect(m.typesById).not.toContain(ENTRY);

    const data = new ProgramData();
    const dataAt = data.prebuilt(table);
    const view = data.data.view();
    expect(Number(view.getBigInt64(fieldAddress(dataAt, 0, "hash"), true))).toBe(5);
    expect(view.getUint8(fieldAddress(dataAt, 0, "flag"))).toBe(1);
    expect(view.getInt32(fieldAddress(dataAt, 0, "small"), true)).toBe(-5);
    expect(Number(view.getBigInt64(fieldAddress(dataAt, 2, "hash"), true))).toBe(7);
    expect(Number(view.getBigInt64(dataAt + computeLayout(ENTRIES).lengthOffset!, true))).toBe(3);
    const keyRelocation = data.relocations.find((r) => r.section === "data" && r.offset === fieldAddress(dataAt, 0, "key"));
    expect(keyRelocation?.targetOffset).toBe(data.symbols.find((s) => s.name === "node")!.offset);
    expect(data.relocations.some((r) => r.section === "data" && r.offset === fieldAddress(dataAt, 2, "key"))).toBe(false);
    expect(data.symbols.map((s) => s.name)).toEqual(["table", "node"]);
    // two type ids given (the array's and the node's): the next type gets the third
    expect(data.typeId(new StructType("fresh", true, []))).toBe(3);
  });
});
