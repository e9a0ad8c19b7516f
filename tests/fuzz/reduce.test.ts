// The reducer (src/fuzz/reduce.ts) with a synthetic test instead of running programs: it must
// keep what the test asks for, shrink the rest, never leave a use without its declaration, and
// stop at its budget.

import { describe, expect, it } from "vitest";
import { generateProgram } from "../../src/fuzz/generate.ts";
import { printProgram } from "../../src/fuzz/model.ts";
import { reduceProgram } from "../../src/fuzz/reduce.ts";

/** Names the generator declares (functions, classes, prebuilt values, locals). */
const DECLARED = /\b((?:fn|rec|pb|pa|pm|ps|pt|pf|pu|C|v|o)\d+)\b/g;

function undeclared(source: string): string[] {
  const missing = new Set<string>();
  for (const [, name] of source.matchAll(DECLARED)) {
    const declared = new RegExp(`(function|class|const|let) ${name}\\b`).test(source);
    if (!declared) missing.add(name!);
  }
  return [...missing];
}

describe("the reducer", () => {
  it("shrinks a program to what the test needs, keeping every declaration that is used", async () => {
    const program = generateProgram(15);
    const original = printProgram(program);
    // Interesting: main still prints the checksum after its second segment and something still pushes.
    const interesting = async (source: string) => source.includes('console.log("ck1", ck)') && source.includes(".push(") && undeclared(source).length === 0;
    expect(await interesting(original)).toBe(true);
    const reduced = await reduceProgram(program, interesting, 2000);
    expect(await interesting(reduced.source)).toBe(true);
    expect(reduced.source.split("\n").length).toBeLessThan(original.split("\n").length / 3);
    expect(reduced.accepted).toBeGreaterThan(0);
    expect(reduced.source).toMatch(/export function main/);
  });

  it("simplifies expressions to constants", async () => {
    const program = generateProgram(12);
    const interesting = async (source: string) => source.includes("export function main") && undeclared(source).length === 0;
    const reduced = await reduceProgram(program, interesting, 2000);
    // Nothing but main's fixed frame is needed: no call, no arithmetic left.
    expect(reduced.source).not.toMatch(/Math\.imul\(ck|\bfn\d+\(/);
    expect(reduced.source.split("\n").length).toBeLessThan(40);
  });

  it("stops after its budget of tries", async () => {
    let calls = 0;
    const reduced = await reduceProgram(generateProgram(13), async () => (calls++, false), 25);
    expect(calls).toBe(25);
    expect(reduced.tries).toBe(25);
    expect(reduced.source).toBe(printProgram(generateProgram(13)));
  });
});
