// Cells report when they take a new kind of value (what provenance.ts records as the place a
// type came from): once per change of kind, not for each more general value of the same kind.

import { describe, expect, it } from "vitest";
import { ClassDef, generalizeAttr } from "../../src/annotator/classdef.ts";
import { ListDef } from "../../src/annotator/listdef.ts";
import { EMPTY_NULL, someFloat, someInteger, someNone, type Reflow, type SomeValue } from "../../src/annotator/model.ts";

class KindLog implements Reflow<string> {
  readonly changes: string[] = [];
  reflow(): void {}
  kindChanged(_cell: object, s: SomeValue<string>): void {
    this.changes.push(s.kind === "float" && s.integerOrNaN ? "integerOrNaN" : s.kind);
  }
}

describe("kindChanged", () => {
  it("is reported by list items on each change of kind only", () => {
    const log = new KindLog();
    const list = new ListDef<string>();
    list.generalizeItem(someInteger({ nonNeg: true }), log);
    list.generalizeItem(someInteger(), log); // still an int
    list.generalizeItem(someFloat({ integerOrNaN: true }), log);
    list.generalizeItem(someFloat(), log);
    list.generalizeItem(someFloat({ integerOrNaN: true }), log); // no change: already any float
    expect(log.changes).toEqual(["int", "integerOrNaN", "float"]);
  });

  it("is reported by attributes, including the first value and a value becoming nullable", () => {
    const log = new KindLog();
    const cls = new ClassDef<string>({ name: "Token" });
    generalizeAttr(cls, "num", someInteger(), log);
    generalizeAttr(cls, "num", someInteger({ const: 3 }), log);
    generalizeAttr(cls, "num", someNone(EMPTY_NULL), log);
    expect(log.changes).toEqual(["int", "none"]);
  });
});
