// The runtime's typed index: src/runtime/index.ts is where the rtyper finds the helpers written in
// RTS, and RuntimeHelperName (src/rtyper/rtyper.ts) is the union of its exports, so that a
// misspelt helper fails `npm run typecheck` (the @ts-expect-error below fails it if the name
// compiles) instead of failing a translation with "no runtime helper named ...".

import { describe, expect, it } from "vitest";
import * as runtimeIndex from "../../src/runtime/index.ts";
import type { RuntimeHelperName } from "../../src/rtyper/rtyper.ts";

describe("the runtime's index (src/runtime/index.ts)", () => {
  it("exports only functions: each export is a helper the rtyper may annotate by its name", () => {
    const exports = Object.entries(runtimeIndex);
    expect(exports.length).toBeGreaterThan(30);
    expect(exports.filter(([, value]) => typeof value !== "function").map(([name]) => name)).toEqual([]);
  });

  it("holds the collector's entry points the native runtime calls", () => {
    const names: RuntimeHelperName[] = ["gcInit", "gcAllocSlow", "gcWriteBarrierSlow", "gcWriteBarrierArraySlow", "gcIdentityHash"];
    expect(names.filter((name) => typeof runtimeIndex[name] !== "function")).toEqual([]);
  });

  it("names a helper by a type the compiler checks", () => {
    const known: RuntimeHelperName = "formatFloat";
    // @ts-expect-error: not an export of src/runtime/index.ts
    const misspelt: RuntimeHelperName = "formatFlaot";
    expect(known in runtimeIndex).toBe(true);
    expect(misspelt in runtimeIndex).toBe(false);
  });
});
