// Golden tests of type stripping: each tests/frontend/strip/*.ts holds a module and, after
// `==== stripped`, the expected JavaScript (lines compared without trailing spaces), or after
// `==== error`, the expected `line:col: message`.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { stripTypes } from "../../src/frontend/strip.ts";
import { blessGolden, readGoldenCases, updating } from "../helpers/golden.ts";

const dir = path.join(import.meta.dirname, "strip");
const trimLines = (text: string) => text.replace(/[ \t]+$/gm, "");

describe("stripTypes golden cases", () => {
  for (const golden of readGoldenCases(dir, ".ts")) {
    it(golden.name, () => {
      const result = stripTypes(golden.name, golden.input);
      if (result.ok) {
        expect(result.code.length).toBe(golden.input.length);
        // Only removed text changes: every kept character stays where it was.
        for (let i = 0; i < golden.input.length; i++) {
          const kept = result.code[i];
          if (kept !== " " && kept !== ";" && kept !== ")") expect(kept).toBe(golden.input[i]);
        }
      }
      const section = result.ok ? "stripped" : "error";
      const actual = result.ok
        ? trimLines(result.code)
        : `${result.diagnostic.line}:${result.diagnostic.column}: ${result.diagnostic.message}\n`;
      if (updating) return blessGolden(golden, section, actual);
      expect(golden.section, `${golden.name} has no expected section; run with UPDATE_GOLDEN=1`).toBe(section);
      expect(actual).toBe(golden.expected);
    });
  }
});

describe("stripTypes", () => {
  it("reports the position of a syntax error only JavaScript rejects", () => {
    const result = stripTypes("dup.ts", "let a = 1;\nlet a: number = 2;\n");
    expect(result).toEqual({
      ok: false,
      diagnostic: { file: "dup.ts", line: 2, column: 5, message: "identifier 'a' has already been declared" },
    });
  });

  it("lists the import sites of a module", () => {
    const result = stripTypes("m.ts", 'import { a } from "./a.ts";\n  export { b } from "./b.ts";\n');
    expect(result.ok && result.imports).toEqual([
      { specifier: "./a.ts", line: 1, column: 19 },
      { specifier: "./b.ts", line: 2, column: 21 },
    ]);
  });
});
