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
import { OP_FPREG, OP_MEM_LITERAL, OP_PAGES, OP_REG, OP_REG_SP, OP_TEST_BIT, type Encoding, type Form } from "../../../src/runtime/aarch64/encoding.ts";
import { ALL_FORMS, NOP } from "../../../src/runtime/aarch64/instructions.ts";
import { Label, Mem, memLabel } from "../../../src/runtime/aarch64/operands.ts";
import { gas, objdump, wordHex, type Disassembled } from "./binutils.ts";
import { chosen, emit, expectedText, needsLabels, operandLists, registerValues, unpredictable, type Operand } from "./expected.ts";

interface Emitted {
  form: Form;
  ops: Operand[];
  at: number;
  text: string;
  /** The alternative the assembler took. */
  enc: Encoding;
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
      emitted.push({ form, ops, at, text: expectedText(form, ops), enc: chosen(form, ops) });
    }
  }
  built = { code: asm.bytes(), emitted };
  return built;
}

describe("every A64 instruction form, against GNU objdump and GNU as", () => {
  it("covers every alternative of every form without labels, every register in every register position", () => {
    const { emitted } = batch();
    const taken = new Set(emitted.map((e) => e.enc));
    let alternatives = 0;
    for (const form of ALL_FORMS) {
      for (const enc of form.encodings) {
        if (needsLabels(enc)) continue;
        alternatives++;
        expect(taken.has(enc), `${form.name} '${enc.syntax}'`).toBe(true);
        const mine = emitted.filter((e) => e.enc === enc);
        enc.operands.forEach((op, i) => {
          const wanted = registerValues(op);
          if (!wanted) return;
          const seen = new Set(mine.map((e) => e.ops[i]));
          // a value may be missing only where it makes the instruction unpredictable (LDP's Rt2 = Rt)
          // or another alternative's (MOV_rr's ADD #0 takes only operands with SP)
          const missing = wanted.filter((r) => {
            if (seen.has(r)) return false;
            const ops = mine[0]!.ops.map((o, j) => (j === i ? r : o));
            return !unpredictable(enc, ops) && chosen(form, ops) === enc;
          });
          expect(missing, `${form.name} '${enc.syntax}' operand ${i + 1}`).toEqual([]);
        });
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

/** The operand lists of a label alternative: each label or literal reaching `targets`, registers and bit numbers through their range. */
function labelLists(enc: Encoding, targets: Label[]): Operand[][] {
  const choices: Operand[][] = enc.operands.map((op) => {
    if (op.kind === OP_REG || op.kind === OP_FPREG) return Array.from({ length: 32 }, (_, r) => r);
    if (op.kind === OP_REG_SP) throw new Error("no label form takes sp");
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

describe("label forms (branches, ADR, ADRP, literal loads), against GNU objdump", () => {
  it("reach backward, in place and forward", () => {
    const asm = new Assembler();
    const far = asm.newLabel();
    asm.bind(far);
    for (let i = 0; i < 5000; i++) asm.none(NOP); // 20 KB: a distance that needs the fields' high bits
    const emitted: { form: Form; ops: Operand[]; at: number; enc: Encoding }[] = [];
    let alternatives = 0;
    for (const form of ALL_FORMS) {
      for (const enc of form.encodings.filter(needsLabels)) {
        alternatives++;
        const here = asm.newLabel();
        asm.bind(here);
        const forward = asm.newLabel();
        for (const ops of labelLists(enc, [far, here, forward])) {
          expect(chosen(form, ops), `${form.name}: the literal alternative`).toBe(enc);
          const at = asm.position();
          emit(asm, form, ops);
          emitted.push({ form, ops, at, enc });
        }
        asm.none(NOP);
        asm.bind(forward);
      }
    }
    expect(alternatives).toBe(1 + 1 + 16 + 4 + 2 + 1 + 1 + 5);
    const code = asm.bytes();
    const targetOf = (ops: Operand[]) => {
      const label = ops.find((o): o is Label => o instanceof Label) ?? ops.find((o): o is Mem => o instanceof Mem)?.label;
      return label?.position;
    };
    const withText = emitted.map((e) => ({ ...e, text: expectedText(e.form, e.ops, targetOf(e.ops), e.at) }));
    const problems = mismatches(code, withText, objdump(code));
    expect(problems, problems.join("\n")).toEqual([]);
  });
});
