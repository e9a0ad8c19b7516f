// The disassembler (src/backend-x86/disassembler.ts) against the assembler over every form of the
// instruction table: each form with every register in every register position, every addressing
// form and its corners and immediates at every range boundary (expected.ts operandLists,
// shared with encodings.test.ts) is assembled into one batch, which the disassembler must read back
// instruction by instruction: each starting where it was put, as long as it was, and reading as
// the text expected from the form's instruction column (expected.ts), which encodings.test.ts
// holds to GNU objdump's. Label forms reach backward and forward; bytes outside the table are
// `(bad)`. tests/cli/dump-asm.test.ts compares it with objdump on generated code.

import { describe, expect, it } from "vitest";
import { Assembler } from "../../src/runtime/x86/assembler.ts";
import { X86Disassembler } from "../../src/backend-x86/disassembler.ts";
import { SHAPE_L, type Form } from "../../src/runtime/x86/encoding.ts";
import { ALL_FORMS, NOP } from "../../src/runtime/x86/instructions.ts";
import { Label, Mem } from "../../src/runtime/x86/operands.ts";
import { emit, expectedText, operandLists, type Operand } from "./expected.ts";


const describeOps = (ops: Operand[]) => ops.map((op) => (op instanceof Mem ? `mem(${op.base},${op.index},${op.scale},${op.disp})` : String(op))).join(", ");

describe("the disassembler reads back every form the assembler writes", () => {
  const disassembler = new X86Disassembler();

  it("every non-label form with every operand list", () => {
    const asm = new Assembler();
    const emitted: { form: Form; ops: Operand[]; start: number; end: number }[] = [];
    for (const form of ALL_FORMS.filter((f) => f.shape !== SHAPE_L)) {
      for (const ops of operandLists(form)) {
        const start = asm.position();
        emit(asm, form, ops);
        emitted.push({ form, ops, start, end: asm.position() });
      }
    }
    const code = asm.bytes();
    const decoded = new Map(disassembler.disassemble(code).map((d) => [d.address, d]));
    const problems: string[] = [];
    for (const e of emitted) {
      const got = decoded.get(e.start);
      const want = expectedText(e.form, e.ops);
      if (!got || got.text !== want || got.bytes.length !== e.end - e.start) {
        problems.push(`${e.form.name}(${describeOps(e.ops)}): expected '${want}' (${e.end - e.start} bytes), read '${got?.text}' (${got?.bytes.length} bytes)`);
      }
      if (problems.length >= 20) break;
    }
    expect(emitted.length).toBeGreaterThan(20000);
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("label forms, backward short and near and forward, with their targets", () => {
    const asm = new Assembler();
    const far = asm.newLabel();
    asm.bind(far);
    for (let i = 0; i < 200; i++) asm.none(NOP);
    const emitted: { form: Form; label: Label; start: number; end: number }[] = [];
    const pending: Label[] = [];
    for (const form of ALL_FORMS.filter((f) => f.shape === SHAPE_L)) {
      const shortOnly = form.encodings.every((e) => e.relSize === 1);
      const here = asm.newLabel();
      asm.bind(here);
      const forward = asm.newLabel();
      for (const label of shortOnly ? [here, forward] : [far, here, forward]) {
        const start = asm.position();
        asm.l(form, label);
        emitted.push({ form, label, start, end: asm.position() });
      }
      if (shortOnly) asm.bind(forward);
      else pending.push(forward);
    }
    for (const label of pending) asm.bind(label);
    const code = asm.bytes();
    const decoded = new Map(disassembler.disassemble(code, 0, code.length, 0x401000).map((d) => [d.address - 0x401000, d]));
    for (const e of emitted) {
      const got = decoded.get(e.start)!;
      expect(got.target, e.form.name).toBe(0x401000 + e.label.position);
      expect(got.text.replace(/0x[0-9a-f]+$/, ""), e.form.name).toBe(expectedText(e.form, [e.label], 0).replace(/0x[0-9a-f]+$/, ""));
      expect(got.bytes.length).toBe(e.end - e.start);
    }
  });

  it("reads bytes outside the table as (bad), one at a time, and a truncated instruction too", () => {
    const code = new Uint8Array([0x0f, 0xff, 0x48, 0x8b]);
    expect(disassembler.disassemble(code).map((d) => d.text)).toEqual(["(bad)", "(bad)", "(bad)", "(bad)"]);
  });
});
