// Every operation of the LL operation table (src/llir/lloperation.ts) is handled or refused,
// with a reason, by each consumer of LL graphs: the LL interpreter and the x86-64 and AArch64 code
// generators.
// The compiler checks it (each consumer is an LLOpHandlers record); this walks the tables at run
// time too, and shows the walk fails on an operation nobody decided about.

import { describe, expect, it } from "vitest";
import type { LLOpHandlers, LLOpName } from "../../src/llir/lloperation.ts";

async function consumers() {
  const { LL_OPS, undecidedOperations } = await import("../../src/llir/lloperation.ts");
  const { LLINTERP_OPERATIONS } = await import("../../src/llir/llinterp.ts");
  const { OPERATIONS } = await import("../../src/backend-x86/codegen/ops.ts");
  const { OPERATIONS: A64_OPERATIONS } = await import("../../src/backend-arm/codegen/ops-table.ts");
  return { LL_OPS, undecidedOperations, all: { "LL interpreter": LLINTERP_OPERATIONS, "x86-64 backend": OPERATIONS, "AArch64 backend": A64_OPERATIONS } };
}

describe("the consumers of the LL operation table", () => {
  it("handle or refuse every operation of the table, refusals with a reason", async () => {
    const { LL_OPS, undecidedOperations, all } = await consumers();
    expect(Object.keys(LL_OPS).length).toBeGreaterThan(100);
    for (const [consumer, handlers] of Object.entries(all)) {
      expect(undecidedOperations(handlers), consumer).toEqual([]);
      // and nothing besides the table's operations
      expect(Object.keys(handlers).filter((name) => !(name in LL_OPS)), consumer).toEqual([]);
    }
  });

  it("refuse only what never reaches them: the backends what lowerNativeOps replaces and the JIT's entry at the merge point (jit-entry-lowering.ts), the interpreter nothing", async () => {
    const { all } = await consumers();
    const { NATIVE_OP_NAMES } = await import("../../src/rtyper/native-ops.ts");
    const refused = (handlers: Record<string, unknown>) => Object.keys(handlers).filter((name) => typeof handlers[name] !== "function");
    expect(refused(all["LL interpreter"])).toEqual([]);
    const jitEntry = ["jit_maybe_compile_and_run", "jit_portal_arg", "jit_portal_result", "jit_portal_exception", "jit_portal_fatal"] as const;
    for (const backend of ["x86-64 backend", "AArch64 backend"] as const) {
      expect(refused(all[backend]).sort(), backend).toEqual([...NATIVE_OP_NAMES, ...jitEntry].sort());
      for (const name of jitEntry) expect(all[backend][name]).toEqual({ refused: expect.stringContaining("jit-entry-lowering.ts") });
      expect(all[backend].float_pow).toEqual({ refused: expect.stringContaining("native-ops.ts") });
    }
    expect(NATIVE_OP_NAMES).toHaveLength(11);
  });

  it("fails on an operation added to the table that a consumer neither handles nor refuses", async () => {
    const { LL_OPS, undecidedOperations, all } = await consumers();
    const grown = { ...LL_OPS, int_frobnicate: LL_OPS.int_add };
    expect(undecidedOperations(all["LL interpreter"], grown)).toEqual(["int_frobnicate"]);
    expect(undecidedOperations({ ...all["x86-64 backend"], int_frobnicate: { refused: "" } }, grown)).toEqual(["int_frobnicate"]);
    expect(undecidedOperations({ ...all["x86-64 backend"], int_frobnicate: { refused: "not in this test" } }, grown)).toEqual([]);
  });

  it("does not compile a consumer that forgets an operation (checked by npm run typecheck)", () => {
    const incomplete = {} as Omit<LLOpHandlers<() => void>, "adr_add">;
    // @ts-expect-error adr_add is neither handled nor refused
    const consumer: LLOpHandlers<() => void> = incomplete;
    // @ts-expect-error a misspelled operation is not an LLOpName
    const misspelled: LLOpName = "int_addd";
    expect([consumer, misspelled]).toHaveLength(2);
  });
});

describe("the LL interpreter's address operations", () => {
  it("adds to, subtracts and casts addresses as byte offsets of its one memory", async () => {
    const { LLGraphBuilder } = await import("../../src/llir/llbuilder.ts");
    const { LLConstant } = await import("../../src/llir/llgraph.ts");
    const { LLInterpreter } = await import("../../src/llir/llinterp.ts");
    const { checkLLGraph } = await import("../../src/llir/checkllgraph.ts");
    const { Address, Bool, Ptr, Signed, StructType, Void, computeLayout } = await import("../../src/llir/lltype.ts");
    const PAIR = new StructType("pair", true, [
      { name: "a", type: Signed },
      { name: "b", type: Signed },
    ]);
    const offsetOfB = computeLayout(PAIR).offsets.get("b")!;
    const b = new LLGraphBuilder("addresses", [Signed], Signed);
    const [x] = b.args;
    const k = (value: unknown, type = Void) => new LLConstant(value as never, type);
    const p = b.op("malloc", [k(PAIR)], Ptr(PAIR), "p");
    b.op("setfield", [p, k("b"), x!], Void);
    const start = b.op("cast_ptr_to_adr", [p], Address, "start");
    const atB = b.op("adr_add", [start, k(offsetOfB, Signed)], Address, "atB");
    const loaded = b.op("raw_load", [k(Signed), atB, k(0, Signed)], Signed, "loaded");
    const distance = b.op("adr_sub", [atB, start], Signed, "distance");
    const q = b.op("cast_adr_to_ptr", [k(PAIR), start], Ptr(PAIR), "q");
    const read = b.op("getfield", [q, k("b")], Signed, "read");
    const same = b.op("ptr_eq", [p, q], Bool, "same");
    const sum = b.op("int_add", [b.op("int_mul", [loaded, k(1000, Signed)], Signed), b.op("int_add", [read, distance], Signed)], Signed);
    b.returnValue(b.op("int_add", [b.op("int_mul", [sum, k(10, Signed)], Signed), b.op("cast_bool_to_int", [same], Signed)], Signed));
    const graph = b.build();
    checkLLGraph(graph);
    const interp = new LLInterpreter();
    expect(interp.call(graph, [7])).toBe((7 * 1000 + 7 + offsetOfB) * 10 + 1);
    expect(offsetOfB).toBeGreaterThan(0);
  });
});
