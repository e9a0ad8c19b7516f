// The codewriter on arrays of inline structs (src/jit/codewriter): getitemfield and setitemfield
// become getarrayitem_gc_<kind> and setarrayitem_gc_<kind> with one array descriptor per field
// (DescrFactory.itemField: items from item 0's field, stepping by the struct's size, loading the
// field's width), getarraylength arraylen_gc with one of them, malloc_varsize a residual call of
// a helper (never new_array: the optimizer's virtual arrays would mix the fields), a Float32
// field a helper call; a residual call's effects name the field descriptors it reads and writes.

import { describe, expect, it } from "vitest";
import { checkJitCode } from "../../src/jit/codewriter/check-jitcode.ts";
import { makeJitCodes } from "../../src/jit/codewriter/codewriter.ts";
import { DescrFactory, type CodeWriterTarget } from "../../src/jit/codewriter/descriptors.ts";
import { checkLLGraph } from "../../src/llir/checkllgraph.ts";
import { LLGraphBuilder } from "../../src/llir/llbuilder.ts";
import { LLConstant, functionConstant, type LLGraph } from "../../src/llir/llgraph.ts";
import { ArrayType, Bool, Char, Float, Float32, Ptr, Signed, StructType, Void, computeLayout } from "../../src/llir/lltype.ts";
import { ArrayDescr, CallDescr } from "../../src/runtime/jit/history.ts";
import { printJitCode } from "../../src/runtime/jit/jitcode-print.ts";

const target: CodeWriterTarget = { typeId: () => 1, constantValue: () => 1 };
const pos = { file: "made.ts", line: 1, column: 1 };

const NODE = new StructType("Node", true, [{ name: "v", type: Signed }]);
const ENTRY = new StructType("Entry", false, [
  { name: "key", type: Ptr(NODE) },
  { name: "hash", type: Signed },
  { name: "flag", type: Bool },
  { name: "ch", type: Char },
  { name: "value", type: Float },
  { name: "narrow", type: Float32 },
]);
const ENTRIES = new ArrayType(ENTRY, { gc: true, name: "Entries" });

const name = (n: string) => new LLConstant(n, Void);
const int = (n: number) => new LLConstant(n, Signed);

/** (t, i) -> Signed: reads and writes fields of item i, allocates an array of entries, reads its length. */
function portal(writer?: LLGraph): LLGraph {
  const b = new LLGraphBuilder("entries", [Ptr(ENTRIES), Signed], Signed, pos);
  const [t, i] = b.args as [never, never];
  const get = (field: string, type: typeof Signed | ReturnType<typeof Ptr>) => b.op("getitemfield", [t, i, name(field)], type, field);
  const key = get("key", Ptr(NODE));
  b.op("setitemfield", [t, i, name("hash"), b.op("getfield", [key, name("v")], Signed)], Void);
  b.op("setitemfield", [t, i, name("flag"), new LLConstant(true, Bool)], Void);
  const ch = b.op("cast_char_to_int", [get("ch", Char)], Signed);
  const value = get("value", Float);
  b.op("setitemfield", [t, int(0), name("value"), value], Void);
  const narrow = get("narrow", Float);
  b.op("setitemfield", [t, int(0), name("narrow"), narrow], Void);
  const fresh = b.op("malloc_varsize", [new LLConstant(ENTRIES, Void), int(4)], Ptr(ENTRIES), "fresh");
  b.op("setitemfield", [fresh, int(1), name("key"), key], Void);
  const n = b.op("getarraylength", [fresh], Signed, "n");
  if (writer) b.op("direct_call", [functionConstant(writer), t, i], Void);
  b.returnValue(b.op("int_add", [n, ch], Signed));
  const graph = b.build();
  checkLLGraph(graph);
  return graph;
}

describe("getitemfield and setitemfield in jitcodes", () => {
  it("become array item accesses with each field's descriptor, the allocation a residual call", () => {
    const made = makeJitCodes(portal(), target);
    expect(checkJitCode(made.portal)).toBe("");
    expect(printJitCode(made.portal)).toBe(
      [
        "jitcode entries(%r0, %i0) -> i",
        "  getarrayitem_gc_r %r0, %i0, <ArrayDescr Entries.key> -> %r1",
        "  getfield_gc_i %r1, <FieldDescr Node.v> -> %i1",
        "  setarrayitem_gc_i %r0, %i0, %i1, <ArrayDescr Entries.hash>",
        "  setarrayitem_gc_i %r0, %i0, $1, <ArrayDescr Entries.flag>",
        "  getarrayitem_gc_i %r0, %i0, <ArrayDescr Entries.ch> -> %i1",
        "  getarrayitem_gc_f %r0, %i0, <ArrayDescr Entries.value> -> %f0",
        "  setarrayitem_gc_f %r0, $0, %f0, <ArrayDescr Entries.value>",
        "  residual_call_ir_f $<ll_getitemfield>, I[%i0], R[%r0], <CallDescr ll_getitemfield> -> %f0",
        "  -live- %i1, %r0, %r1, %f0",
        "  residual_call_irf_v $<ll_setitemfield>, I[$0], R[%r0], F[%f0], <CallDescr ll_setitemfield>",
        "  -live- %i1, %r1",
        "  residual_call_ir_r $<ll_malloc_varsize>, I[$4], R[], <CallDescr ll_malloc_varsize> -> %r0",
        "  -live- %i1, %r0, %r1",
        "  setarrayitem_gc_r %r0, $1, %r1, <ArrayDescr Entries.key>",
        "  arraylen_gc %r0, <ArrayDescr Entries.key> -> %i0",
        "  int_add %i0, %i1 -> %i0",
        "  int_return %i0",
        "",
      ].join("\n"),
    );
    expect(made.portal.descrs.some((d) => d instanceof ArrayDescr && d.name === "ArrayDescr Entries")).toBe(false);
  });

  it("makes one descriptor per array and field: the field's place in each item, its width, kind and sign, the array's length word", () => {
    const descrs = new DescrFactory(target);
    const array = computeLayout(ENTRIES);
    const item = computeLayout(ENTRY);
    const d = (field: string) => descrs.itemField(ENTRIES, field);
    expect(d("hash")).toBe(d("hash"));
    expect(d("hash")).not.toBe(d("key"));
    const shape = (x: ArrayDescr) => [x.name, x.baseOffset, x.itemSize, x.fieldSize, x.lengthOffset, x.itemKind, x.signed, x.immutable, x.typeId];
    expect(item.size).toBe(40);
    expect(shape(d("key"))).toEqual(["ArrayDescr Entries.key", array.itemsOffset!, 40, 8, array.lengthOffset, "r", true, false, 1]);
    expect(shape(d("flag"))).toEqual(["ArrayDescr Entries.flag", array.itemsOffset! + item.offsets.get("flag")!, 40, 1, array.lengthOffset, "i", false, false, 1]);
    expect(shape(d("ch"))).toEqual(["ArrayDescr Entries.ch", array.itemsOffset! + item.offsets.get("ch")!, 40, 2, array.lengthOffset, "i", false, false, 1]);
    expect(shape(d("value"))).toEqual(["ArrayDescr Entries.value", array.itemsOffset! + item.offsets.get("value")!, 40, 8, array.lengthOffset, "f", true, false, 1]);
    // an ordinary array's access is as wide as its item
    expect(descrs.array(new ArrayType(Char, { gc: true })).fieldSize).toBe(2);
    expect(() => descrs.array(ENTRIES)).toThrow(/one per field: itemField/);
  });

  it("counts a residual callee's getitemfield and setitemfield as reads and writes of the fields' descriptors", () => {
    const b = new LLGraphBuilder("writer", [Ptr(ENTRIES), Signed], Void, pos);
    const [t, i] = b.args as [never, never];
    b.op("setitemfield", [t, i, name("hash"), b.op("cast_char_to_int", [b.op("getitemfield", [t, i, name("ch")], Char)], Signed)], Void);
    b.returnValue(new LLConstant(null, Void));
    const writer = b.build();
    writer.jitHints = ["dontLookInside"];
    const made = makeJitCodes(portal(writer), target);
    const call = made.portal.descrs.find((d): d is CallDescr => d instanceof CallDescr && d.name === "CallDescr writer")!;
    expect(call.effect.writesArrays.map((d) => d.name)).toEqual(["ArrayDescr Entries.hash"]);
    expect(call.effect.readsArrays.map((d) => d.name)).toEqual(["ArrayDescr Entries.ch"]);
    // the same descriptor objects as the portal's own accesses, so that the optimizer's caches agree
    const hash = made.portal.descrs.find((d) => d.name === "ArrayDescr Entries.hash");
    expect(call.effect.writesArrays[0]).toBe(hash);
  });
});
