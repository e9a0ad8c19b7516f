// The assembler is RTS: `rts annotate` accepts a program that calls every run-time method of the
// assembler and every memory operand constructor, and infers int for registers, immediates,
// displacements and offsets, so that translated (inside the JIT) they are machine integers.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-x86-asm-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A target in a fresh directory that imports the backend by relative paths (as RTS modules must). */
function writeTarget(): string {
  const backend = path.relative(directory, path.join(repoRoot, "src/runtime/x86")).split(path.sep).join("/");
  const target = path.join(directory, "target.ts");
  writeFileSync(
    target,
    `import { Assembler } from "${backend}/assembler.ts";
import { ADD_mi, ADD_ri, ADD_rr, CALL_l, CALL_m, CC_E, CMP_rm, CQO, IMUL_rmi, IMUL_rri, Jcc_l, JMP_l, JMP_l8, MOV_mr, MOV_ri64, MOVSD_xm, NEG_r, RET, SETcc_r, invertCondition } from "${backend}/instructions.ts";
import { AsmError, mem, memAbsolute, memIndexed, memRip, memRipLabel } from "${backend}/operands.ts";
import { NO_REG, R12, RAX, RBX, XMM3 } from "${backend}/registers.ts";

function assemble(n: number): Uint8Array {
  const asm = new Assembler();
  const top = asm.newLabel();
  const exit = asm.newLabel();
  asm.bind(top);
  asm.none(CQO);
  asm.r(SETcc_r[invertCondition(CC_E)], RAX);
  asm.r(NEG_r, RBX);
  asm.m(CALL_m, memIndexed(NO_REG, RAX, 8, 4096));
  asm.rr(ADD_rr, RAX, R12);
  asm.ri(ADD_ri, RAX, n);
  asm.ri(MOV_ri64, RBX, n * 4294967296);
  asm.rm(CMP_rm, RAX, mem(R12, -8));
  asm.rm(MOVSD_xm, XMM3, memRipLabel(exit, 8));
  asm.mr(MOV_mr, memIndexed(RBX, RAX, 8, 16), RAX);
  asm.mi(ADD_mi, memRip(0), 1);
  asm.rri(IMUL_rri, RAX, RBX, n);
  asm.rmi(IMUL_rmi, RAX, memAbsolute(4096), 3);
  asm.l(Jcc_l[CC_E], top);
  asm.l(JMP_l8, exit);
  asm.l(CALL_l, exit);
  const end = asm.position();
  asm.patchJump32(end, 0);
  asm.bind(exit);
  asm.none(RET);
  asm.align(8);
  asm.data8(255);
  asm.data32(n);
  asm.data64(n);
  asm.dataLabelOffset32(top, exit);
  asm.dataLabelAddress(top);
  console.log(asm.relocations().length);
  return asm.bytes();
}

export function main(argv: string[]): number {
  try {
    console.log(assemble(argv.length).length);
    return 0;
  } catch (e) {
    if (e instanceof AsmError) console.log(e.message);
    return 1;
  }
}
`,
  );
  return target;
}

describe("the x86-64 assembler", () => {
  it("is RTS, with integer operands", async () => {
    const result = await runRts(["annotate", writeTarget()], { cwd: directory });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n").map((line) => line.replace(/^.*\.ts:\d+ /, "").trim());
    for (const expected of [
      "Assembler.none(form: Form) -> void",
      "Assembler.r(form: Form, a: int) -> void",
      "Assembler.m(form: Form, a: Mem) -> void",
      "Assembler.rr(form: Form, a: int, b: int) -> void",
      "Assembler.ri(form: Form, a: int, imm: int) -> void",
      "Assembler.rm(form: Form, a: int, b: Mem) -> void",
      "Assembler.mr(form: Form, a: Mem, b: int) -> void",
      "Assembler.mi(form: Form, a: Mem, imm: int) -> void",
      "Assembler.rri(form: Form, a: int, b: int, imm: int) -> void",
      "Assembler.rmi(form: Form, a: int, b: Mem, imm: int) -> void",
      "Assembler.l(form: Form, label: Label) -> void",
      "Assembler.bind(label: Label) -> void",
      "Assembler.bytes() -> Uint8Array",
      "Assembler.relocations() -> int[]",
      "chooseEncoding(form: Form, op0: int, op1: int, imm: int) -> Encoding",
      "class Mem",
      "disp: int",
      "label: Label | null",
      "class Encoding",
      "immMax: int",
      "opcode: int[]",
      "encodings: Encoding[]",
    ]) {
      expect(lines).toContain(expected);
    }
  });
});
