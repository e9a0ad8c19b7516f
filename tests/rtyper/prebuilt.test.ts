// Objects built at import time under the LL interpreter: the functions of
// tests/fixtures/llinterp/prebuilt.ts must return what they return on Node (each reads and
// changes prebuilt instances, arrays and typed arrays); and one live object is one prebuilt
// object, whatever the path to it.

import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";
import { agree } from "./lowered-fixture.ts";

const dist = (path: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`);

describe("prebuilt objects under the LL interpreter agree with Node", () => {
  const ns = [0, 1, 2, 3, 5, 9];
  for (const fn of ["fields", "identity", "subclassFields", "arrays", "recursive", "typedArrays", "functions"]) {
    it(fn, async () => agree("prebuilt.ts", fn, ns));
  }

  it("walks a chain of 3000 prebuilt objects (no recursion per object)", async () => agree("prebuilt.ts", "chain", [0, 1, 2, 6, 7]));
});

describe("prebuilt identity", () => {
  it("gives one live object one LLPrebuilt, through any representation and any path", async () => {
    const { loadProgram } = await dist("frontend/modules.js");
    const { Annotator } = await dist("annotator/annotator.js");
    const { RTyper } = await dist("rtyper/rtyper.js");
    const program = await loadProgram(`${repoRoot}/tests/fixtures/llinterp/prebuilt.ts`, true, true);
    const annotator = new Annotator(program);
    annotator.annotateMain();
    const rtyper = new RTyper(annotator);
    const tokens = program.entry.binding("TOKENS").value as { next: unknown }[];
    const reprOf = (value: unknown) => rtyper.reprOf(annotator.bk.immutableValue(value));
    const list = reprOf(tokens).convertConst(tokens).value;
    expect(reprOf(tokens).convertConst(tokens).value).toBe(list);
    const first = reprOf(tokens[0]).convertConst(tokens[0]).value;
    const items = list.fields.get("items").value.items;
    expect(items[0].value).toBe(first);
    expect(items[4].value).toBe(first);
    // The cycle IF -> ELSE -> PLUS -> STAR -> IF closes on the same object.
    let p = first;
    for (let i = 0; i < 4; i++) p = p.fields.get("f_next").value;
    expect(p).toBe(first);
  });
});
