// The instrumenter of `rts run --checked` on small pieces of code with hand-made plans: what each
// checked expression becomes, that lines never move, that the position map gives back the
// original columns, and that the generated code behaves as JavaScript does when checks pass.

import * as acorn from "acorn";
import { describe, expect, it } from "vitest";
import { instrumentModule } from "../../src/checked/instrument.ts";
import { spanKey, type ModulePlan, type NodeChecks } from "../../src/checked/plan.ts";

const RUNTIME = "file:///runtime.js";

/** Instruments code with checks placed on the first node whose text is each key. */
function instrument(code: string, checks: Record<string, NodeChecks>) {
  const program = acorn.parse(code, { ecmaVersion: "latest", sourceType: "module", locations: true });
  const plan: ModulePlan = new Map();
  for (const [text, check] of Object.entries(checks)) {
    const start = code.indexOf(text);
    if (start < 0) throw new Error(`no ${text} in the code`);
    plan.set(spanKey(start, start + text.length), check);
  }
  return instrumentModule(code, program, plan, RUNTIME);
}

/** The body of the rewritten code, without the appended imports and helpers. */
const body = (code: string, lines: number) => code.split("\n").slice(0, lines).join("\n");

describe("instrumentModule", () => {
  it("turns a checked read, an integer addition and an update into calls of per-site helpers", () => {
    const code = "function f(xs, i) {\n  let n = xs[i] + 1; n++;\n  return n;\n}\n";
    const result = instrument(code, {
      "xs[i]": { read: { kind: "list", where: "f.ts:2:11" } },
      "xs[i] + 1": { arith: { op: "add", where: "f.ts:2:11" } },
      "n++": { arith: { op: "add", where: "f.ts:2:22" } },
    });
    expect(body(result.code, 4)).toBe("function f(xs, i) {\n  let n = __rts_c0(__rts_c1(xs, i), 1); __rts_c2(n++);\n  return n;\n}");
    expect(result.sites).toBe(3);
    expect(result.code).toContain(`from "${RUNTIME}"`);
    expect(result.code).toContain(`__rts_stopIndex(i, a.length, "f.ts:2:11")`);
  });

  it("keeps every line and maps moved columns back to the original", () => {
    const code = "const a = [1];\nconst b = a[0] * 2; throw new Error(String(b));\n";
    const result = instrument(code, {
      "a[0]": { read: { kind: "list", where: "m.ts:2:11" } },
      "a[0] * 2": { arith: { op: "mul", where: "m.ts:2:11" } },
    });
    const lines = result.code.split("\n");
    expect(lines[0]).toBe("const a = [1];");
    const generated = lines[1]!.indexOf("throw") + 1;
    expect(generated).toBeGreaterThan(code.split("\n")[1]!.indexOf("throw") + 1);
    expect(result.map.original(2, generated)).toEqual({ line: 2, column: code.split("\n")[1]!.indexOf("throw") + 1 });
    expect(result.map.original(1, 7)).toEqual({ line: 1, column: 7 });
  });

  it("rewrites compound assignments and prefix updates with their values unchanged", () => {
    const code = "export function g(o, xs) { let x = 5; x -= 2; o.k *= 3; const p = ++o.k; xs[0] += x; return [x, o.k, p, xs[0]]; }\n";
    const result = instrument(code, {
      "x -= 2": { arith: { op: "sub", where: "g" } },
      "o.k *= 3": { arith: { op: "mul", where: "g" } },
      "++o.k": { arith: { op: "add", where: "g" } },
      "xs[0] += x": { arith: { op: "add", where: "g" }, write: { kind: "list", where: "g" } },
    });
    expect(result.code).toContain("x = __rts_c0(x, 2)");
    expect(result.code).toContain("o.k = __rts_c1(o.k, 3)");
    expect(result.code).toContain("(__rts_c2(o.k++) + 1)");
    // Runs it with a stand-in runtime: every check passes, and the values are JavaScript's.
    const runnable = result.code.replace(/\n;import .*\n/, "\n").replace("export function", "function") + "return g;";
    const g = new Function(runnable)() as (o: { k: number }, xs: number[]) => number[];
    expect(g({ k: 2 }, [10])).toEqual([3, 7, 7, 13]);
  });
});
