// The string pass (src/runtime/jit/optimizeopt/string.ts): strings under construction stay
// virtual; their lengths and code units are known.

import { describe, expect, it } from "vitest";
import { guardVirtualsText } from "../../../src/runtime/jit/optimizeopt/guard-virtuals.ts";
import { optimize } from "./harness.ts";

const S = { opts: "rewrite:string" };

describe("string: virtual strings", () => {
  it("a string built and read is gone", () => {
    const r = optimize(
      "[i0]\ni5 = int_and(i0, 1023)\np1 = newstr(2, descr=strdescr)\nstrsetitem(p1, 0, i5, descr=strdescr)\nstrsetitem(p1, 1, 66, descr=strdescr)\ni2 = strgetitem(p1, 0, descr=strdescr)\ni3 = strgetitem(p1, 1, descr=strdescr)\ni4 = strlen(p1, descr=strdescr)\nfinish(i2, i3, i4)",
      "[i0]\ni5 = int_and(i0, 1023)\nfinish(i5, 66, 2)",
      S,
    );
    expect(r.stats.count("virtual_string")).toBe(1);
    expect(r.stats.count("virtual_strlen")).toBe(1);
  });

  it("a code unit never written is 0", () => {
    optimize("[i0]\np1 = newstr(3, descr=strdescr)\ni2 = strgetitem(p1, 2, descr=strdescr)\nfinish(i2)", "[i0]\nfinish(0)", S);
  });

  // code units are 0..65535 (the codewriter's contract, as RPython's chars): a wider value is truncated by the store
  it("a string that escapes is allocated with its code units", () => {
    optimize(
      "[i0]\np1 = newstr(2, descr=strdescr)\nstrsetitem(p1, 0, i0, descr=strdescr)\nstrsetitem(p1, 1, 65, descr=strdescr)\nfinish(p1)",
      "[i0]\np1 = newstr(2, descr=strdescr)\nstrsetitem(p1, 0, i0, descr=strdescr)\nstrsetitem(p1, 1, 65, descr=strdescr)\nfinish(p1)",
      S,
    );
  });

  it("a string in a guard's fail arguments is described, not allocated", () => {
    const r = optimize(
      "[i0]\np1 = newstr(1, descr=strdescr)\nstrsetitem(p1, 0, 97, descr=strdescr)\ni2 = int_lt(i0, 3)\nguard_true(i2, descr=g) [p1]\nfinish(i0)",
      "[i0]\ni2 = int_lt(i0, 3)\nguard_true(i2, descr=g) [NULL, 97]\nfinish(i0)",
      S,
    );
    expect(guardVirtualsText(r.trace.operations[1]!)).toBe("virtual 0 = newstr(1, descr=strdescr) [0]=#1\nat #0=virtual 0");
  });

  it("a string written at a variable index escapes", () => {
    optimize(
      "[i0]\np1 = newstr(4, descr=strdescr)\ni5 = int_and(i0, 3)\nstrsetitem(p1, i5, 70, descr=strdescr)\ni2 = strgetitem(p1, 0, descr=strdescr)\nfinish(i2)",
      "[i0]\ni5 = int_and(i0, 3)\np1 = newstr(4, descr=strdescr)\nstrsetitem(p1, i5, 70, descr=strdescr)\ni2 = strgetitem(p1, 0, descr=strdescr)\nfinish(i2)",
      S,
    );
  });

  it("the length of a string of variable length allocated in the trace is its size", () => {
    const r = optimize(
      "[i0]\ni5 = int_and(i0, 7)\np1 = newstr(i5, descr=strdescr)\ni2 = strlen(p1, descr=strdescr)\nfinish(i2)",
      "[i0]\ni5 = int_and(i0, 7)\np1 = newstr(i5, descr=strdescr)\nfinish(i5)",
      S,
    );
    expect(r.stats.count("strlen_of_newstr")).toBe(1);
  });

  it("strings passed in are read as they are", () => {
    optimize("[p0]\ni1 = strlen(p0, descr=strdescr)\ni2 = strgetitem(p0, 1, descr=strdescr)\nfinish(i1, i2)", "[p0]\ni1 = strlen(p0, descr=strdescr)\ni2 = strgetitem(p0, 1, descr=strdescr)\nfinish(i1, i2)", S);
  });

  it("a string copied by copystrcontent escapes", () => {
    optimize(
      "[p0]\np1 = newstr(2, descr=strdescr)\nstrsetitem(p1, 0, 65, descr=strdescr)\ncopystrcontent(p0, p1, 0, 1, 1, descr=strdescr)\ni2 = strgetitem(p1, 1, descr=strdescr)\nfinish(i2)",
      "[p0]\np1 = newstr(2, descr=strdescr)\nstrsetitem(p1, 0, 65, descr=strdescr)\ncopystrcontent(p0, p1, 0, 1, 1, descr=strdescr)\ni2 = strgetitem(p1, 1, descr=strdescr)\nfinish(i2)",
      S,
    );
  });
});
