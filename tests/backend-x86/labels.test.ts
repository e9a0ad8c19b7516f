// Labels: short and near jumps chosen by distance, forward references patched when the label is
// bound, rip-relative operands that reach labels (with and without an immediate after the
// displacement), jump tables (position-independent and absolute), and the errors.

import { describe, expect, it } from "vitest";
import { Assembler } from "../../src/runtime/x86/assembler.ts";
import {
  ADD_rr, CALL_l, CC_E, CC_NE, CMP8_mi, CMP_ri, Jcc_l, Jcc_l32, Jcc_l8, JMP_l, JMP_l32, JMP_l8, JMP_m, JMP_r, LEA_rm, MOV_mi,
  MOV_rm, MOVSX32_rm, NOP, RET,
} from "../../src/runtime/x86/instructions.ts";
import { AsmError, type Label, mem, memIndexed, memRipLabel } from "../../src/runtime/x86/operands.ts";
import { RAX, RCX, R11 } from "../../src/runtime/x86/registers.ts";
import { objdump, type Disassembled } from "./binutils.ts";

function nops(asm: Assembler, count: number): void {
  for (let i = 0; i < count; i++) asm.none(NOP);
}

/** The instruction objdump reads at address (the code must disassemble cleanly up to there). */
function at(lines: Disassembled[], address: number): Disassembled {
  const line = lines.find((l) => l.address === address);
  if (!line) throw new Error(`objdump has no instruction at ${address}`);
  return line;
}

/** Length of a jump emitted to label right now. */
function jumpLength(emitJump: (asm: Assembler, label: Label) => void, back: number): number {
  const asm = new Assembler();
  const label = asm.newLabel();
  asm.bind(label);
  nops(asm, back);
  const start = asm.position();
  emitJump(asm, label);
  return asm.position() - start;
}

describe("jumps to bound labels", () => {
  it("are short exactly while the target is within rel8 reach of the short form's end", () => {
    // A 2-byte short jump after n NOPs reaches back n + 2 bytes: -128 is the limit.
    expect(jumpLength((a, l) => a.l(JMP_l, l), 126)).toBe(2);
    expect(jumpLength((a, l) => a.l(JMP_l, l), 127)).toBe(5);
    expect(jumpLength((a, l) => a.l(Jcc_l[CC_NE], l), 126)).toBe(2);
    expect(jumpLength((a, l) => a.l(Jcc_l[CC_NE], l), 127)).toBe(6);
    expect(jumpLength((a, l) => a.l(JMP_l32, l), 0)).toBe(5);
    expect(jumpLength((a, l) => a.l(Jcc_l32[CC_E], l), 0)).toBe(6);
    expect(jumpLength((a, l) => a.l(CALL_l, l), 0)).toBe(5);
    expect(jumpLength((a, l) => a.l(JMP_l8, l), 126)).toBe(2);
    expect(() => jumpLength((a, l) => a.l(JMP_l8, l), 127)).toThrow(AsmError);
  });

  it("land on their labels (objdump)", () => {
    const asm = new Assembler();
    const top = asm.newLabel();
    asm.bind(top);
    nops(asm, 3);
    const short = asm.position();
    asm.l(Jcc_l[CC_E], top);
    nops(asm, 200);
    const near = asm.position();
    asm.l(Jcc_l[CC_E], top);
    const lines = objdump(asm.bytes());
    expect(at(lines, short)).toMatchObject({ text: "je 0x0", bytes: "74 fb" });
    expect(at(lines, near).text).toBe("je 0x0");
    expect(at(lines, near).bytes.split(" ").length).toBe(6);
  });
});

describe("jumps to labels bound later", () => {
  it("are near, and patched when the label is bound", () => {
    const asm = new Assembler();
    const done = asm.newLabel();
    const jmp = asm.position();
    asm.l(JMP_l, done);
    const jcc = asm.position();
    asm.l(Jcc_l[CC_NE], done);
    const call = asm.position();
    asm.l(CALL_l, done);
    expect(asm.position()).toBe(5 + 6 + 5);
    nops(asm, 300);
    const target = asm.position();
    asm.bind(done);
    asm.none(RET);
    const lines = objdump(asm.bytes());
    expect(at(lines, jmp).text).toBe(`jmp 0x${target.toString(16)}`);
    expect(at(lines, jcc).text).toBe(`jne 0x${target.toString(16)}`);
    expect(at(lines, call).text).toBe(`call 0x${target.toString(16)}`);
    expect(done.position).toBe(target);
  });

  it("are short with the _l8 forms, and an error at bind when out of reach", () => {
    const asm = new Assembler();
    const skip = asm.newLabel();
    asm.l(Jcc_l8[CC_E], skip);
    asm.l(JMP_l8, skip);
    nops(asm, 125);
    asm.bind(skip);
    const lines = objdump(asm.bytes());
    expect(at(lines, 0)).toMatchObject({ text: "je 0x81", bytes: "74 7f" });
    expect(at(lines, 2)).toMatchObject({ text: "jmp 0x81", bytes: "eb 7d" });

    const far = new Assembler();
    const label = far.newLabel();
    far.l(JMP_l8, label);
    nops(far, 128);
    expect(() => far.bind(label)).toThrow(/cannot reach 128 bytes away/);
  });

  it("chain: many references to one label are all patched", () => {
    const asm = new Assembler();
    const exit = asm.newLabel();
    const starts: number[] = [];
    for (let i = 0; i < 50; i++) {
      starts.push(asm.position());
      asm.ri(CMP_ri, RAX, i);
      asm.l(Jcc_l[CC_E], exit);
    }
    asm.bind(exit);
    asm.none(RET);
    const lines = objdump(asm.bytes());
    for (const start of starts) {
      const jump = lines[lines.findIndex((l) => l.address === start) + 1]!;
      expect(jump.text).toBe(`je 0x${exit.position.toString(16)}`);
    }
  });

  it("can be re-targeted afterwards (patchJump32)", () => {
    const asm = new Assembler();
    const first = asm.newLabel();
    asm.bind(first);
    asm.none(NOP);
    asm.l(JMP_l32, first);
    const end = asm.position();
    nops(asm, 10);
    asm.patchJump32(end, end + 4);
    expect(at(objdump(asm.bytes()), 1).text).toBe(`jmp 0x${(end + 4).toString(16)}`);
  });
});

describe("rip-relative operands reaching labels", () => {
  it("count the immediate that follows the displacement", () => {
    const asm = new Assembler();
    const before = asm.newLabel();
    asm.bind(before);
    asm.data64(0);
    const after = asm.newLabel();
    const sites: [number, Label, number][] = [];
    const site = (label: Label, disp: number, emitIt: () => void) => {
      sites.push([asm.position(), label, disp]);
      emitIt();
    };
    site(before, 0, () => asm.rm(MOV_rm, RAX, memRipLabel(before)));
    site(after, 0, () => asm.rm(LEA_rm, R11, memRipLabel(after)));
    site(after, 0, () => asm.mi(MOV_mi, memRipLabel(after), 0x1234)); // imm32 after the disp32
    site(before, 4, () => asm.mi(CMP8_mi, memRipLabel(before, 4), 7)); // imm8 after the disp32
    site(after, -8, () => asm.mi(MOV_mi, memRipLabel(after, -8), -1));
    asm.none(RET);
    asm.bind(after);
    asm.data64(0);
    const lines = objdump(asm.bytes());
    for (const [start, label, disp] of sites) expect(at(lines, start).ripTarget, `at ${start}`).toBe(label.position + disp);
  });
});

describe("jump tables", () => {
  it("position-independent: 32-bit offsets from the table, through LEA, MOVSXD, ADD, JMP", () => {
    const asm = new Assembler();
    const table = asm.newLabel();
    const cases = [asm.newLabel(), asm.newLabel(), asm.newLabel()];
    // rax = case index
    asm.rm(LEA_rm, R11, memRipLabel(table));
    asm.rm(MOVSX32_rm, RAX, memIndexed(R11, RAX, 4, 0));
    asm.rr(ADD_rr, RAX, R11);
    asm.r(JMP_r, RAX);
    for (const c of cases) {
      asm.bind(c);
      asm.ri(CMP_ri, RCX, 1);
      asm.none(RET);
    }
    asm.align(4);
    asm.bind(table);
    for (const c of [cases[2]!, cases[0]!, cases[1]!]) asm.dataLabelOffset32(c, table);
    const code = asm.bytes();
    const lines = objdump(code.subarray(0, table.position));
    expect(lines.slice(0, 4).map((l) => l.text)).toEqual([
      `lea r11,[rip+0x${(table.position - 7).toString(16)}]`,
      "movsxd rax,DWORD PTR [r11+rax*4]",
      "add rax,r11",
      "jmp rax",
    ]);
    expect(lines[0]!.ripTarget).toBe(table.position);
    const view = new DataView(code.buffer, code.byteOffset);
    expect([0, 1, 2].map((i) => table.position + view.getInt32(table.position + 4 * i, true))).toEqual(
      [cases[2]!, cases[0]!, cases[1]!].map((c) => c.position),
    );
  });

  it("absolute: 64-bit addresses, relocated by whoever places the code, through JMP_m", () => {
    const asm = new Assembler();
    const table = asm.newLabel();
    const cases = [asm.newLabel(), asm.newLabel()];
    asm.rm(LEA_rm, R11, memRipLabel(table));
    asm.m(JMP_m, memIndexed(R11, RAX, 8, 0));
    asm.align(8);
    asm.bind(table);
    asm.dataLabelAddress(cases[0]!); // forward references: patched at bind
    asm.dataLabelAddress(cases[1]!);
    for (const c of cases) {
      asm.bind(c);
      asm.none(RET);
    }
    asm.dataLabelAddress(cases[1]!); // a backward reference: written at once
    const code = asm.bytes();
    expect(at(objdump(code.subarray(0, 11)), 7).text).toBe("jmp QWORD PTR [r11+rax*8]");
    const slots = asm.relocations();
    expect(slots).toEqual([table.position, table.position + 8, cases[1]!.position + 1]);
    const view = new DataView(code.buffer, code.byteOffset);
    expect(slots.map((s) => Number(view.getBigInt64(s, true)))).toEqual([cases[0]!.position, cases[1]!.position, cases[1]!.position]);
  });
});

describe("label errors", () => {
  it("bytes() refuses code that refers to a label never bound", () => {
    const asm = new Assembler();
    asm.l(JMP_l, asm.newLabel());
    expect(() => asm.bytes()).toThrow(/1 reference\(s\) to labels that were never bound/);
  });

  it("a label is bound once", () => {
    const asm = new Assembler();
    const label = asm.newLabel();
    asm.bind(label);
    expect(() => asm.bind(label)).toThrow(/bound twice/);
  });

  it("a relative table entry needs its base bound", () => {
    const asm = new Assembler();
    expect(() => asm.dataLabelOffset32(asm.newLabel(), asm.newLabel())).toThrow(/base label must be bound/);
  });

  it("a label form needs asm.l", () => {
    const asm = new Assembler();
    expect(() => asm.r(JMP_l, RAX)).toThrow(/JMP_l takes operands \(l\), not \(r\): call asm.l\(\)/);
    expect(() => asm.rm(MOV_rm, RAX, mem(RAX, 0))).not.toThrow();
  });
});
