// The AArch64 disassembler (src/backend-arm/disassembler.ts) against GNU objdump: every
// alternative of every form of the table with the operand lists the encoding tests use (every
// register in every register position, immediates at their edges, every addressing mode at its
// corners: tests/runtime/aarch64/expected.ts), and the label forms (branches, ADR, ADRP, literal
// loads) reaching backward, in place and forward, assembled into one batch; our text of each word
// must be objdump's (comments dropped, one space after the mnemonic). A word of no form is
// `.inst ... ; undefined` or `udf`, as objdump prints it; `rts translate --target aarch64 --dump-asm` lists a function.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { A64Disassembler } from "../../src/backend-arm/disassembler.ts";
import { Assembler } from "../../src/runtime/aarch64/assembler.ts";
import { OP_FPREG, OP_MEM_LITERAL, OP_PAGES, OP_REG, OP_TEST_BIT, type Encoding } from "../../src/runtime/aarch64/encoding.ts";
import { ALL_FORMS, NOP } from "../../src/runtime/aarch64/instructions.ts";
import { memLabel, type Label } from "../../src/runtime/aarch64/operands.ts";
import { runRts } from "../helpers/run-rts.ts";
import { objdump } from "../runtime/aarch64/binutils.ts";
import { emit, needsLabels, operandLists, type Operand } from "../runtime/aarch64/expected.ts";

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-a64-dis-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Our text of every word of code against objdump's: the mismatches (at most 20). */
function mismatches(code: Uint8Array): { count: number; problems: string[] } {
  const ours = new A64Disassembler().disassemble(code, 0, code.length, 0);
  const theirs = objdump(code);
  expect(theirs.length).toBe(ours.length);
  const problems: string[] = [];
  ours.forEach((instruction, i) => {
    if (instruction.text !== theirs[i]!.text && problems.length < 20) problems.push(`${theirs[i]!.word} at ${instruction.address}: ours '${instruction.text}', objdump '${theirs[i]!.text}'`);
  });
  return { count: ours.length, problems };
}

function labelLists(enc: Encoding, targets: Label[]): Operand[][] {
  const choices: Operand[][] = enc.operands.map((op) => {
    if (op.kind === OP_REG || op.kind === OP_FPREG) return Array.from({ length: 32 }, (_, r) => r);
    if (op.kind === OP_TEST_BIT) return [0, 1, 31, 32, 63];
    if (op.kind === OP_PAGES) return [-(2 ** 20), -1, 0, 1, 2 ** 20 - 1];
    if (op.kind === OP_MEM_LITERAL) return targets.map((t) => memLabel(t));
    return targets;
  });
  const base = choices.map((c, i) => c[Math.min(i + 1, c.length - 1)]!);
  const lists: Operand[][] = [base];
  choices.forEach((c, i) => {
    for (const value of c) lists.push(base.map((b, j) => (j === i ? value : b)));
  });
  return lists;
}

describe("the AArch64 disassembler against GNU objdump", () => {
  it("reads every alternative of every form as objdump does", () => {
    const asm = new Assembler();
    for (const form of ALL_FORMS) for (const ops of operandLists(form)) emit(asm, form, ops);
    const { count, problems } = mismatches(asm.bytes());
    expect(problems, problems.join("\n")).toEqual([]);
    expect(count).toBeGreaterThan(15_000);
  });

  it("reads the label forms, reaching backward, in place and forward, as objdump does", () => {
    const asm = new Assembler();
    const far = asm.newLabel();
    asm.bind(far);
    for (let i = 0; i < 5000; i++) asm.none(NOP);
    for (const form of ALL_FORMS) {
      for (const enc of form.encodings.filter(needsLabels)) {
        const here = asm.newLabel();
        asm.bind(here);
        const forward = asm.newLabel();
        for (const ops of labelLists(enc, [far, here, forward])) emit(asm, form, ops);
        asm.none(NOP);
        asm.bind(forward);
      }
    }
    const { problems } = mismatches(asm.bytes());
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("prints a word of no form as .inst, as objdump does", () => {
    const code = new Uint8Array([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    expect(new A64Disassembler().disassemble(code, 0, 8, 0x1000).map((i) => i.text)).toEqual(objdump(code).map((d) => d.text));
    expect(new A64Disassembler().disassemble(code, 4, 8, 0)[0]!.text).toBe(".inst 0xffffffff ; undefined");
  });

  it("lists a function of an AArch64 translation with --dump-asm", { timeout: 300_000 }, async () => {
    writeFileSync(path.join(directory, "prog.ts"), `function classify(n: number): number {\n  switch (n % 8) {\n    case 0: return 10;\n    case 1: return 21;\n    case 2: return 32;\n    case 3: return 43;\n    case 4: return 54;\n    default: return n * 3;\n  }\n}\n\nexport function main(argv: string[]): number {\n  let total = 0;\n  for (let i = 0; i < argv.length * 100; i++) total += classify(i);\n  console.log(String(total));\n  return 0;\n}\n`);
    const dumped = await runRts(["translate", "prog.ts", "--target", "aarch64", "--opt", "0", "--dump-asm", "prog.classify"], { cwd: directory });
    expect(dumped.status).toBe(0);
    expect(dumped.stdout).toMatch(/^[0-9a-f]{8} <prog\.classify>: \d+ bytes \(aarch64\)$/m);
    expect(dumped.stdout).toMatch(/stp x29, x30, \[sp, #-16\]!/);
    expect(dumped.stdout).toMatch(/ldrsw x16, \[x17, x\d+, lsl #2\]/); // the switch's jump table
    expect(dumped.stdout).toMatch(/^ {2}; prog\.ts:2: switch \(n % 8\) \{$/m);
    expect(dumped.stdout).not.toContain(".inst");
  });
});
