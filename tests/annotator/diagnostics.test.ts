// The annotator's error log: final errors and provisional failures of operations, reported by
// position, one per position, at most MAX_ERRORS.

import { describe as group, expect, it } from "vitest";
import { ErrorLog, MAX_ERRORS, placeText, unionAdvice } from "../../src/annotator/diagnostics.ts";
import { Block, SpaceOperation, Variable, type SourcePos } from "../../src/frontend/model.ts";

const at = (line: number, column = 1, file = "t.ts"): SourcePos => ({ file, line, column });
const op = (pos: SourcePos) => new SpaceOperation("getattr", [], new Variable(), pos);
const messages = (log: ErrorLog) => log.errors().map((e) => `${e.pos.line}:${e.pos.column} ${e.message}`);

group("ErrorLog", () => {
  it("keeps a failure only until its operation succeeds", () => {
    const log = new ErrorLog();
    const read = op(at(3));
    log.fail(read, new Block([]), "Point has no field 'z'", undefined);
    expect(messages(log)).toEqual(["3:1 Point has no field 'z'"]);
    log.succeed(read);
    expect(messages(log)).toEqual([]);
  });

  it("replaces a failure of the same operation, and reports final errors too", () => {
    const log = new ErrorLog();
    const call = op(at(5, 3));
    log.fail(call, new Block([]), "Counter has no method count()", undefined);
    log.fail(call, new Block([]), "Counter.count is a field holding int, not a method", undefined);
    log.addFinal(at(2), "'x' is given values of different types", undefined);
    expect(messages(log)).toEqual(["2:1 'x' is given values of different types", "5:3 Counter.count is a field holding int, not a method"]);
  });

  it("reports one error per position, the first recorded", () => {
    const log = new ErrorLog();
    log.addFinal(at(4, 2), "first", undefined);
    log.fail(op(at(4, 2)), new Block([]), "consequence", undefined);
    expect(messages(log)).toEqual(["4:2 first"]);
  });

  it("reports at most MAX_ERRORS errors, by position", () => {
    const log = new ErrorLog();
    for (let line = 40; line > 0; line--) log.addFinal(at(line), `error ${line}`, undefined);
    const errors = log.errors();
    expect(errors).toHaveLength(MAX_ERRORS);
    expect(errors[0]!.pos.line).toBe(1);
  });
});

group("wording", () => {
  it("names a place by line in the same file, by file and line elsewhere", () => {
    expect(placeText(at(7), at(9))).toBe("line 7");
    expect(placeText(at(7, 1, "lib/a.ts"), at(9))).toBe("a.ts:7");
  });

  it("says where the first type came from, unless it is on the same line", () => {
    expect(unionAdvice("int and string are different types", "int", at(3), at(5))).toBe(
      "int and string are different types (the int comes from line 3)",
    );
    expect(unionAdvice("int and string are different types", "int", at(5, 3), at(5, 9))).toBe("int and string are different types");
  });

  it("says what two classes without a common base need", () => {
    expect(unionAdvice("A and B have no common base class", "A", undefined, at(1))).toMatch(/needs a base class they both extend/);
  });
});
