/**
 * examples/lox/vm.ts dispatches on literal opcode numbers (V8 turns a switch on literal labels
 * into a jump table; see the comment at the switch), each labelled with its name in a comment.
 * This checks that every label is the number chunk.ts gives that name, and that each opcode has
 * exactly one case.
 */

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as chunk from "../../examples/lox/chunk.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("lox opcodes", () => {
  it("labels every case of the dispatch switch with the opcode of that number", () => {
    const opcodes = new Map<string, number>();
    for (const [name, value] of Object.entries(chunk)) {
      if (name.startsWith("OP_") && typeof value === "number") opcodes.set(name, value);
    }
    expect(opcodes.size).toBeGreaterThan(30);
    expect(new Set(opcodes.values()).size).toBe(opcodes.size);

    const vm = readFileSync(path.join(repoRoot, "examples/lox/vm.ts"), "utf8");
    const cases = [...vm.matchAll(/case (\d+): (?:\{ )?\/\/ (OP_\w+)/g)];
    const seen = new Map<string, number>();
    for (const match of cases) {
      const [, number, name] = match;
      expect(opcodes.get(name!), `case ${number} is labelled ${name}`).toBe(Number(number));
      seen.set(name!, (seen.get(name!) ?? 0) + 1);
    }
    for (const name of opcodes.keys()) {
      expect(seen.get(name), `cases for ${name}`).toBe(1);
    }
    // No case label without its name.
    expect([...vm.matchAll(/^\s*case \d+:/gm)].length).toBe(cases.length);
  });
});
