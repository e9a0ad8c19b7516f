// The inspection commands: `rts graph` (text and dot) and `rts annotate` (text and JSON).

import { describe, expect, it } from "vitest";
import { runRts } from "../helpers/run-rts.ts";

describe("rts graph", () => {
  it("prints one function's graph as Graphviz dot", async () => {
    const result = await runRts(["graph", "examples/bf/bf.ts", "growLeft", "--dot"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^digraph "bf\.growLeft" \{\n/);
    expect(result.stdout).toContain("b0 -> return;");
    expect(result.stdout).toMatch(/label="block0\(tape_0\):\\l {2}length_1 = getattr\(tape_0, \\"length\\"\)/);
  });

  it("names the function it cannot find", async () => {
    const result = await runRts(["graph", "examples/bf/bf.ts", "nowhere"]);
    expect(result).toEqual({ stdout: "", stderr: "examples/bf/bf.ts: error: no function, method or constructor named 'nowhere'\n", status: 2 });
  });
});

describe("rts annotate", () => {
  it("gives the same annotations as JSON", async () => {
    const result = await runRts(["annotate", "examples/bf/bf.ts", "--json"]);
    expect(result.status).toBe(0);
    const annotations = JSON.parse(result.stdout) as {
      functions: { file: string; name: string; params: { name: string; type: string }[]; result: string }[];
      classes: { name: string; fields: { name: string; type: string }[] }[];
    };
    expect(annotations.functions.find((f) => f.name === "run")).toEqual({
      file: "bf.ts",
      line: 93,
      name: "run",
      params: [{ name: "program", type: "Program" }],
      result: "void",
    });
    expect(annotations.classes.find((c) => c.name === "Program")?.fields).toEqual([
      { name: "brackets", type: "Int32Array" },
      { name: "code", type: "string" },
    ]);
  });

  it("reports an exception at import time as the program's error, where it was thrown", async () => {
    const result = await runRts(["annotate", "tests/fixtures/run/throws-at-import.ts"]);
    expect(result).toEqual({
      stdout: "",
      stderr: "tests/fixtures/run/throws-at-import.ts:2:31: error: the program threw at import time: RangeError: empty table\n",
      status: 2,
    });
  });

  it("annotates the Lox example with concrete types everywhere", async () => {
    const result = await runRts(["annotate", "examples/lox/lox.ts"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/vm\.ts:\d+ run\(vm: VM\) -> int/);
    expect(result.stdout).not.toMatch(/never|impossible|unknown|any/);
  });
});
