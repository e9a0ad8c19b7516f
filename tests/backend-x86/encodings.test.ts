// Every instruction form of the table, with operands covering every register in every register
// position, every addressing form and its corners, and immediates at every range boundary, is
// assembled into one batch; then
//   - GNU objdump disassembles the batch: each instruction must start where we put it and read
//     as the text expected from the form's instruction column (expected.ts);
//   - GNU as assembles those expected texts: its bytes must be ours, byte for byte, so that we
//     also pick the shortest encodings (disp8, imm8, the RAX forms) as it does.
// Label forms are in a batch of their own (GNU as cannot take their absolute targets as text).

import { describe, expect, it } from "vitest";
import { Assembler } from "../../src/runtime/x86/assembler.ts";
import { SHAPE_L, type Form } from "../../src/runtime/x86/encoding.ts";
import { ALL_FORMS } from "../../src/runtime/x86/instructions.ts";
import { Label, Mem } from "../../src/runtime/x86/operands.ts";
import { gas, hexBytes, objdump, type Disassembled } from "./binutils.ts";
import { REGISTERS, emit, expectedText, operandLists, type Operand } from "./expected.ts";

interface Emitted {
  form: Form;
  ops: Operand[];
  start: number;
  end: number;
  /** Filled in once labels are bound. */
  text: string;
}


function describeOps(ops: Operand[]): string {
  return ops
    .map((op) => (op instanceof Mem ? `mem(base ${op.base}, index ${op.index}, scale ${op.scale}, disp ${op.disp})` : op instanceof Label ? "label" : String(op)))
    .join(", ");
}

/** Compares objdump's reading of code with what was emitted; returns the mismatches as lines. */
function mismatches(code: Uint8Array, emitted: Emitted[], disassembly: Disassembled[]): string[] {
  const byAddress = new Map(disassembly.map((d) => [d.address, d]));
  const problems: string[] = [];
  for (const e of emitted) {
    const got = byAddress.get(e.start);
    const bytes = hexBytes(code, e.start, e.end);
    if (!got) problems.push(`${e.form.name}(${describeOps(e.ops)}) at ${e.start}: objdump has no instruction there (bytes ${bytes})`);
    else if (got.text !== e.text || got.bytes !== bytes) {
      problems.push(`${e.form.name}(${describeOps(e.ops)}) at ${e.start}: expected '${e.text}' in ${bytes}, objdump read '${got.text}' in ${got.bytes}`);
    }
    if (problems.length >= 20) break;
  }
  return problems;
}

interface Batch {
  code: Uint8Array;
  emitted: Emitted[];
}

let built: Batch | undefined;

/** The batch of every non-label form, built by the first test that needs it. */
function batch(): Batch {
  if (built) return built;
  const asm = new Assembler();
  const emitted: Emitted[] = [];
  for (const form of ALL_FORMS.filter((f) => f.shape !== SHAPE_L)) {
    for (const ops of operandLists(form)) {
      const start = asm.position();
      emit(asm, form, ops);
      emitted.push({ form, ops, start, end: asm.position(), text: expectedText(form, ops) });
    }
  }
  built = { code: asm.bytes(), emitted };
  return built;
}

describe("every instruction form, against GNU objdump and GNU as", () => {
  const forms = ALL_FORMS.filter((f) => f.shape !== SHAPE_L);

  it("covers every form of the table with every register in every register position", () => {
    const { emitted } = batch();
    expect(forms.length).toBeGreaterThan(150);
    for (const form of forms) {
      const mine = emitted.filter((e) => e.form === form);
      expect(mine.length, form.name).toBeGreaterThan(0);
      form.kinds.forEach((kind, i) => {
        if (kind !== "r" && kind !== "x") return;
        const seen = new Set(mine.map((e) => e.ops[i]));
        for (const r of REGISTERS) expect(seen.has(r), `${form.name} operand ${i} = ${r}`).toBe(true);
      });
    }
  });

  it("disassembles to the expected text, instruction by instruction", () => {
    const { code, emitted } = batch();
    const problems = mismatches(code, emitted, objdump(code));
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("is byte for byte what GNU as makes of the same text", () => {
    const { code, emitted } = batch();
    const reference = gas(emitted.map((e) => e.text));
    const first = emitted.find((e) => hexBytes(code, e.start, e.end) !== hexBytes(reference, e.start, e.end));
    if (first) {
      expect.fail(
        `${first.form.name}(${describeOps(first.ops)}) '${first.text}': ours ${hexBytes(code, first.start, first.end)}, GNU as ${hexBytes(reference, first.start, first.start + 15)}...`,
      );
    }
    expect(reference.length).toBe(code.length);
  });
});

describe("label forms, against GNU objdump", () => {
  const forms = ALL_FORMS.filter((f) => f.shape === SHAPE_L);

  it("reach backward (near and short) and forward targets", () => {
    const asm = new Assembler();
    const emitted: { e: Emitted; label: Label }[] = [];
    const far = asm.newLabel();
    asm.bind(far);
    for (let i = 0; i < 200; i++) asm.none(ALL_FORMS.find((f) => f.name === "NOP")!);
    const pendingForward: Label[] = [];
    for (const form of forms) {
      const shortOnly = form.encodings.every((e) => e.relSize === 1);
      const here = asm.newLabel();
      asm.bind(here);
      const forward = asm.newLabel();
      const targets = shortOnly ? [here, forward] : [far, here, forward];
      for (const label of targets) {
        const start = asm.position();
        asm.l(form, label);
        emitted.push({ e: { form, ops: [label], start, end: asm.position(), text: "" }, label });
      }
      if (shortOnly) asm.bind(forward);
      else pendingForward.push(forward);
    }
    for (const label of pendingForward) asm.bind(label);
    const code = asm.bytes();
    for (const { e, label } of emitted) e.text = expectedText(e.form, e.ops, label.position);
    const problems = mismatches(code, emitted.map((x) => x.e), objdump(code));
    expect(problems, problems.join("\n")).toEqual([]);
  });
});
