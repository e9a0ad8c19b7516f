// Immutable and quasi-immutable fields reach the LL structs (Field.mutability) for the JIT's
// field descriptors, and print and parse in LL text; src/annotator/fields.ts says which.

import { describe, expect, it } from "vitest";
import { agree, lowered } from "./lowered-fixture.ts";
import { repoRoot } from "../helpers/run-rts.ts";

const dist = (path: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`);

describe("immutable fields", () => {
  it("are inferred, or declared immutable or quasi-immutable, on the instance structs", async () => {
    const { rtyper } = await lowered("immutable-fields.ts", "example");
    const { printStructDeclaration } = await dist("llir/print-llgraph.js");
    type Desc = { owner?: { name: string } };
    const struct = (name: string) => {
      const owner = [...rtyper.allGraphs().keys()].map((d: Desc) => d.owner).find((o: Desc["owner"]) => o?.name === name);
      return rtyper.instanceLayout(owner).struct;
    };
    const code = struct("Code");
    const marked = struct("Marked");
    // text: declared; size: readonly and inferred; version: declared quasi-immutable; hits and
    // origin: set after construction (origin by a function that is not a constructor).
    expect(printStructDeclaration(code)).toBe(
      "struct inst_Code gc { super: object, f_hits: Signed, f_origin: Signed, f_size: Signed immutable, f_text: Ptr(STR) immutable, f_version: Signed quasi-immutable }\n",
    );
    // mark: set in the subclass's constructor only.
    expect(printStructDeclaration(marked)).toBe("struct inst_Marked gc { super: inst_Code, f_mark: Signed immutable }\n");
  });

  it("do not change what the program computes", async () => {
    await agree("immutable-fields.ts", "example", [0, 6, 9]);
  });

  it("read back from LL text as printed", async () => {
    const { parseLLGraphs } = await dist("llir/parse-llgraph.js");
    const { printStructDeclaration } = await dist("llir/print-llgraph.js");
    const text = "struct Code gc { text: Signed immutable, version: Signed quasi-immutable, hits: Signed }\n";
    const graphs = `${text}graph f(p: Ptr(Code)) -> Signed\nblock0(p: Ptr(Code)):\n  return 0\n`;
    const [graph] = parseLLGraphs(graphs, {}, "test.ll");
    const struct = graph.startblock.inputargs[0].type.to;
    expect(struct.fields.map((f: { mutability?: string }) => f.mutability)).toEqual(["immutable", "quasi-immutable", undefined]);
    expect(printStructDeclaration(struct)).toBe(text);
  });
});
