// DictDef: key and value cells of Maps and Sets, their readers, and merging.

import { describe as group, expect, it } from "vitest";
import { DictDef } from "../../src/annotator/dictdef.ts";
import {
  EMPTY_UNDEFINED,
  describe,
  someChar,
  someFloat,
  someImpossible,
  someInteger,
  someMap,
  someNone,
  someSet,
  someString,
} from "../../src/annotator/model.ts";
import { RecordingReflow } from "./reflow-stub.ts";

group("DictDef cells", () => {
  it("keeps keys and values apart, each with its readers", () => {
    const reflow = new RecordingReflow();
    const map = new DictDef<string>("map");
    expect([map.key, map.value]).toEqual([someImpossible(), someImpossible()]);
    map.readKey("k");
    map.readValue("v");
    expect(map.generalizeKey(someString(), reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["k"]);
    expect(map.generalizeValue(someInteger(), reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["v"]);
    expect(map.generalizeValue(someInteger({ nonNeg: true }), reflow)).toBeUndefined();
    expect(reflow.take()).toEqual([]);
    expect(map.generalizeValue(someNone(EMPTY_UNDEFINED), reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["v"]);
    expect(describe(someMap(map))).toBe("Map<string, int | undefined>");
    expect(map.generalizeKey(someInteger(), reflow)).toEqual({
      kind: "unionError",
      message: "string and int are different types",
    });
  });

  it("gives a Set keys only", () => {
    const set = new DictDef<string>("set", someChar());
    expect(set.key).toEqual(someChar());
    expect(() => set.value).toThrow("a Set has no values");
    expect(() => set.readValue("p")).toThrow("a Set has no values");
    expect(() => new DictDef<string>("set", someChar(), someChar())).toThrow("a Set has no values");
  });
});

group("DictDef merging", () => {
  it("merges keys and values and reflows the readers that see a change", () => {
    const reflow = new RecordingReflow();
    const a = new DictDef<string>("map", someChar(), someInteger());
    const b = new DictDef<string>("map", someString(), someInteger({ nonNeg: true }));
    a.readKey("ak");
    a.readValue("av");
    b.readKey("bk");
    b.readValue("bv");
    expect(a.merge(b, reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["ak", "bv"]);
    expect(a.sameAs(b)).toBe(true);
    expect([b.key, b.value]).toEqual([someString(), someInteger()]);
    expect(b.generalizeValue(someFloat(), reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["av", "bv"]);
    expect(a.value).toEqual(someFloat());
  });

  it("merges sets", () => {
    const reflow = new RecordingReflow();
    const a = new DictDef<string>("set", someInteger({ nonNeg: true }));
    const b = new DictDef<string>("set");
    b.readKey("b");
    expect(b.merge(a, reflow)).toBeUndefined();
    expect(reflow.take()).toEqual(["b"]);
    expect(a.sameAs(b)).toBe(true);
    expect(describe(someSet(b))).toBe("Set<int>");
  });

  it("stops at the keys on a key error, at the values on a value error", () => {
    const reflow = new RecordingReflow();
    const a = new DictDef<string>("map", someString(), someInteger());
    const b = new DictDef<string>("map", someInteger(), someFloat());
    expect(a.merge(b, reflow)).toEqual({ kind: "unionError", message: "string and int are different types" });
    expect([a.value, b.value]).toEqual([someInteger(), someFloat()]);
    expect(a.sameAs(b)).toBe(false);
    const c = new DictDef<string>("map", someString(), someString());
    expect(a.mergeValues(c, reflow)).toEqual({ kind: "unionError", message: "int and string are different types" });
    expect(a.mergeKeys(c, reflow)).toBeUndefined();
    expect(a.keyCell).toBe(c.keyCell);
    expect(a.sameAs(c)).toBe(false);
  });

  it("refuses to merge a Map with a Set (an internal error: union checks kinds)", () => {
    expect(() => new DictDef<string>("map").merge(new DictDef<string>("set"), new RecordingReflow())).toThrow(
      "merging a Map's DictDef with a Set's",
    );
  });
});
