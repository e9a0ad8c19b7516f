// The --dump-asm listing (src/backend/listing.ts) with a fake target whose "instructions" are
// 2 bytes each (`op XX`, a jump when XX is 0xe9 to the address in the next byte): block headers
// with the source line (or what the block is), jump tables as 32-bit words, targets named by the
// symbol they fall in, the code read after relocation; near names for an unknown function.

import { describe, expect, it } from "vitest";
import { X86_64_MACHINE } from "../../src/backend/elf.ts";
import { findFunction, formatListing, nearNames, type Instruction } from "../../src/backend/listing.ts";
import type { CodegenResult, Target } from "../../src/backend/target.ts";
import { UserError } from "../../src/frontend/diagnostic.ts";

const fake: Target = {
  name: "fake",
  machine: X86_64_MACHINE,
  registers: { slotBase: 2, general: { callerSaved: [0], calleeSaved: [], args: [0], result: 0, scratch: 1 }, float: { callerSaved: [], calleeSaved: [], args: [], result: 0, scratch: 1 } },
  generateCode: () => {
    throw new Error("not used");
  },
  disassemble(code, start, end, base): Instruction[] {
    const out: Instruction[] = [];
    for (let at = start; at < end; at += 2) {
      const jump = code[at] === 0xe9;
      out.push({ address: base + at, bytes: code.slice(at, at + 2), text: jump ? `jmp 0x${(base + code[at + 1]!).toString(16)}` : `op ${code[at]!.toString(16)}`, target: jump ? base + code[at + 1]! : undefined });
    }
    return out;
  },
};

function program(): CodegenResult {
  // f: 4 instructions (a jump to g), then a jump table of two words; g: 2 instructions. A data
  // word in .data points at g (a relocation), which the listing does not read.
  const text = new Uint8Array([1, 0, 2, 0, 0xe9, 20, 3, 0, 8, 0, 0, 0, 0xf8, 0xff, 0xff, 0xff, 0, 0, 0, 0, 4, 0, 5, 0]);
  return {
    image: {
      text, rodata: new Uint8Array(0), data: new Uint8Array(8), bssSize: 0, entry: 0,
      relocations: [{ section: "data", offset: 0, targetSection: "text", targetOffset: 20 }],
      symbols: [
        { name: "m.f", section: "text", offset: 0, size: 16, kind: "function" },
        { name: "m.g", section: "text", offset: 20, size: 4, kind: "function" },
      ],
    },
    stats: { functions: 2, textBytes: text.length, rodataBytes: 0, dataBytes: 8, bssBytes: 0 },
    listing: [
      { name: "m.f", offset: 0, size: 16, blocks: [{ offset: 0, pos: undefined, what: "prologue" }, { offset: 2, pos: { file: "m.ts", line: 2, column: 3 } }, { offset: 6, pos: undefined }], data: [{ offset: 8, size: 8 }] },
      { name: "m.g", offset: 20, size: 4, blocks: [{ offset: 20, pos: { file: "m.ts", line: 9, column: 1 } }], data: [] },
    ],
  };
}

describe("the --dump-asm listing", () => {
  it("prints blocks with their source lines, the jump table as words, targets by symbol", () => {
    const code = program();
    const source = ["function f() {", "  let x = 1;", ""];
    const text = formatListing(fake, code, findFunction(code, "m.f"), (file, line) => (file === "m.ts" ? source[line - 1] : undefined));
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^[0-9a-f]{8} <m\.f>: 16 bytes \(fake\)$/);
    const instruction = /^ {2}[0-9a-f]{8}: {2}/;
    expect(lines.slice(1).map((l) => (instruction.test(l) ? l.replace(instruction, "").replace(/ {2,}/g, " | ") : l))).toEqual([
      "  ; prologue",
      "01 00 | op 1",
      "  ; m.ts:2: let x = 1;",
      "02 00 | op 2",
      expect.stringMatching(/^e9 14 \| jmp 0x[0-9a-f]+ \| # <m\.g>$/),
      "  ; (no source position)",
      "03 00 | op 3",
      "  ; jump table, 8 bytes",
      ".long 8",
      ".long -8",
    ]);
  });

  it("refuses an unknown function with the nearest names", () => {
    const code = program();
    expect(() => findFunction(code, "m.h")).toThrow(UserError);
    expect(() => findFunction(code, "m.h")).toThrow(/no function named 'm\.h'.*near names: m\.f, m\.g/);
    expect(nearNames(["bf.run", "bf.main", "Program.constructor", "Tape.advance"], "run")).toEqual(["bf.run"]);
    expect(nearNames(["bf.run", "bf.main", "Program.constructor", "Tape.advance"], "Tape.advanse")).toEqual(["Tape.advance"]);
    expect(nearNames(["bf.run"], "completely.different")).toEqual([]);
  });
});
