// Every A64 instruction form of the table, with operands covering every register in every
// register position (SP and XZR apart), immediates at their range edges and every addressing
// mode at its corners, is assembled into one batch; then
//   - aarch64-linux-gnu-objdump disassembles the batch: each word must read as the text expected
//     from the chosen alternative's syntax column (expected.ts);
//   - aarch64-linux-gnu-as assembles those expected texts: its words must be ours, so that we
//     also pick GNU as's alternatives (scaled offsets before LDUR, ORR for MOV, ...).
// Label forms (branches, ADR, ADRP, literal loads) are in a batch of their own, objdump only (GNU as
// cannot take their absolute targets as text).

import { describe, expect, it } from "vitest";
import { Assembler } from "../../../src/runtime/aarch64/assembler.ts";
import { type Form } from "../../../src/runtime/aarch64/encoding.ts";
import { ALL_FORMS, NOP } from "../../../src/runtime/aarch64/instructions.ts";
import { Label, Mem, memLabel } from "../../../src/runtime/aarch64/operands.ts";
import { gas, objdump, wordHex, type Disassembled } from "./binutils.ts";
import { chosen, emit, expectedText, needsLabels, operandLists, type Operand } from "./expected.ts";

interface Emitted {
  form: Form;
  ops: Operand[];
  at: number;
  text: string;
}

function describeOps(ops: Operand[]): string {
  return ops
    .map((op) => (op instanceof Mem ? `mem(mode ${op.mode}, base ${op.base}, offset ${op.offset}, index ${op.index}, extend ${op.extend}, shift ${op.shift})` : op instanceof Label ? "label" : String(op)))
    .join(", ");
}

function mismatches(code: Uint8Array, emitted: Emitted[], disassembly: Disassembled[]): string[] {
  const byAddress = new Map(disassembly.map((d) => [d.address, d]));
  const problems: string[] = [];
  for (const e of emitted) {
    const got = byAddress.get(e.at);
    const word = wordHex(code, e.at);
    if (!got) problems.push(`${e.form.name}(${describeOps(e.ops)}) at ${e.at}: objdump has no instruction there (${word})`);
    else if (got.text !== e.text) problems.push(`${e.form.name}(${describeOps(e.ops)}) at ${e.at}: expected '${e.text}', objdump read '${got.text}' in ${word}`);
    if (problems.length >= 20) break;
  }
  return problems;
}

let built: { code: Uint8Array; emitted: Emitted[] } | undefined;

function batch(): { code: Uint8Array; emitted: Emitted[] } {
  if (built) return built;
  const asm = new Assembler();
  const emitted: Emitted[] = [];
  for (const form of ALL_FORMS) {
    for (const ops of operandLists(form)) {
      const at = asm.position();
      emit(asm, form, ops);
      emitted.push({ form, ops, at, text: expectedText(form, ops) });
    }
  }
  built = { code: asm.bytes(), emitted };
  return built;
}

describe("every A64 instruction form, against GNU objdump and GNU as", () => {
  it("covers every alternative of every form without labels, every register in every register position", () => {
    const { emitted } = batch();
    let alternatives = 0;
    for (const form of ALL_FORMS) {
      for (const enc of form.encodings) {
        if (needsLabels(enc)) continue;
        alternatives++;
        const mine = emitted.filter((e) => e.form === form && chosen(form, e.ops) === enc);
        expect(mine.length, `${form.name} '${enc.syntax}'`).toBeGreaterThan(0);
      }
    }
    expect(alternatives).toBeGreaterThan(200);
    expect(emitted.length).toBeGreaterThan(5000);
  });

  it("disassembles to the expected text, instruction by instruction", () => {
    const { code, emitted } = batch();
    const problems = mismatches(code, emitted, objdump(code));
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("is word for word what GNU as makes of the same text", () => {
    const { code, emitted } = batch();
    const reference = gas(emitted.map((e) => e.text));
    const first = emitted.find((e) => wordHex(code, e.at) !== wordHex(reference, e.at));
    if (first) expect.fail(`${first.form.name}(${describeOps(first.ops)}) '${first.text}': ours ${wordHex(code, first.at)}, GNU as ${wordHex(reference, first.at)}`);
    expect(reference.length).toBe(code.length);
  });
});
