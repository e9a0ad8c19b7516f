// The assembler's choices (the shortest alternative, the shortest addressing form), the range of
// immediates each form accepts, and its refusals. The exact bytes of every form are checked
// against binutils in encodings.test.ts; this file says what is chosen and what is refused.

import { describe, expect, it } from "vitest";
import { Assembler } from "../../src/runtime/x86/assembler.ts";
import { SHAPE_MI, SHAPE_RI, SHAPE_RMI, SHAPE_RRI, type Form } from "../../src/runtime/x86/encoding.ts";
import {
  ADD_ri, ADD_rr, ALL_FORMS, CC_E, CC_NAMES, CMOVcc_rr, IMUL_rri, Jcc_l, MOV_mi, MOV_ri, MOV_ri64, MOV_rm, MOV8_mi, MOVSD_xm, SETcc_r,
  SHL_ri, SHR32_ri, TEST8_ri, invertCondition,
} from "../../src/runtime/x86/instructions.ts";
import { AsmError, mem, memAbsolute, memIndexed, memRip } from "../../src/runtime/x86/operands.ts";
import { NO_REG, R12, R13, R9, RAX, RBP, RBX, RSI, RSP, XMM0 } from "../../src/runtime/x86/registers.ts";
import { emit, holds, type Operand } from "./expected.ts";

function hexOf(build: (asm: Assembler) => void): string {
  const asm = new Assembler();
  build(asm);
  return Array.from(asm.bytes(), (b) => b.toString(16).padStart(2, "0")).join(" ");
}

describe("the shortest alternative", () => {
  it.each([
    ["add rbx, 5: imm8", (a: Assembler) => a.ri(ADD_ri, RBX, 5), "48 83 c3 05"],
    ["add rax, 1000: the RAX form", (a: Assembler) => a.ri(ADD_ri, RAX, 1000), "48 05 e8 03 00 00"],
    ["add rbx, 1000: imm32", (a: Assembler) => a.ri(ADD_ri, RBX, 1000), "48 81 c3 e8 03 00 00"],
    ["add rax, -128: imm8 before the RAX form", (a: Assembler) => a.ri(ADD_ri, RAX, -128), "48 83 c0 80"],
    ["mov eax, 5", (a: Assembler) => a.ri(MOV_ri, RAX, 5), "b8 05 00 00 00"],
    ["mov r9d, 0xffffffff (zero-extended)", (a: Assembler) => a.ri(MOV_ri, R9, 0xffffffff), "41 b9 ff ff ff ff"],
    ["mov rax, -1 (sign-extended imm32)", (a: Assembler) => a.ri(MOV_ri, RAX, -1), "48 c7 c0 ff ff ff ff"],
    ["movabs rax, 2^32", (a: Assembler) => a.ri(MOV_ri, RAX, 2 ** 32), "48 b8 00 00 00 00 01 00 00 00"],
    ["movabs rax, -2^53+1", (a: Assembler) => a.ri(MOV_ri, RAX, -(2 ** 53) + 1), "48 b8 01 00 00 00 00 00 e0 ff"],
    ["MOV_ri64 stays 10 bytes", (a: Assembler) => a.ri(MOV_ri64, RAX, 0), "48 b8 00 00 00 00 00 00 00 00"],
    ["shl rax, 1", (a: Assembler) => a.ri(SHL_ri, RAX, 1), "48 d1 e0"],
    ["shl rax, 2", (a: Assembler) => a.ri(SHL_ri, RAX, 2), "48 c1 e0 02"],
    ["test al, 1", (a: Assembler) => a.ri(TEST8_ri, RAX, 1), "a8 01"],
    ["test sil, 1 (REX for SIL)", (a: Assembler) => a.ri(TEST8_ri, RSI, 1), "40 f6 c6 01"],
    ["imul rax, rbx, 5", (a: Assembler) => a.rri(IMUL_rri, RAX, RBX, 5), "48 6b c3 05"],
    ["imul rax, rbx, 1000", (a: Assembler) => a.rri(IMUL_rri, RAX, RBX, 1000), "48 69 c3 e8 03 00 00"],
    ["mov byte [rax], 0xff", (a: Assembler) => a.mi(MOV8_mi, mem(RAX, 0), 0xff), "c6 00 ff"],
    ["mov qword [rip+8], 7 (rip displacement as given)", (a: Assembler) => a.mi(MOV_mi, memRip(8), 7), "48 c7 05 08 00 00 00 07 00 00 00"],
  ])("%s", (_name, build, bytes) => expect(hexOf(build)).toBe(bytes));
});

describe("the shortest addressing form", () => {
  it.each([
    ["[rax]: no displacement", mem(RAX, 0), "48 8b 18"],
    ["[rax+127]: disp8", mem(RAX, 127), "48 8b 58 7f"],
    ["[rax-128]: disp8", mem(RAX, -128), "48 8b 58 80"],
    ["[rax+128]: disp32", mem(RAX, 128), "48 8b 98 80 00 00 00"],
    ["[rsp]: a SIB", mem(RSP, 0), "48 8b 1c 24"],
    ["[r12]: a SIB", mem(R12, 0), "49 8b 1c 24"],
    ["[rbp]: a disp8 of 0", mem(RBP, 0), "48 8b 5d 00"],
    ["[r13]: a disp8 of 0", mem(R13, 0), "49 8b 5d 00"],
    ["[rbp+r12*8]: disp8 of 0, REX.X", memIndexed(RBP, R12, 8, 0), "4a 8b 5c e5 00"],
    ["[rax*2]: no base, disp32", memIndexed(NO_REG, RAX, 2, 0), "48 8b 1c 45 00 00 00 00"],
    ["[rip+0]", memRip(0), "48 8b 1d 00 00 00 00"],
    ["[0x1000]: absolute, a SIB with neither base nor index", memAbsolute(0x1000), "48 8b 1c 25 00 10 00 00"],
  ])("%s", (_name, m, bytes) => expect(hexOf((a) => a.rm(MOV_rm, RBX, m))).toBe(bytes));
});

describe("immediates", () => {
  const VALUES = [
    0, 1, -1, 2, 31, 32, 63, 64, 127, 128, -128, -129, 255, 256, 0x7fff, 0x8000, 0xffff, 0x10000, -0x8000, -0x8001,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000, -0x80000000, -0x80000001, 2 ** 53 - 1, -(2 ** 53 - 1), 1.5,
  ];
  const formsWithImmediates = ALL_FORMS.filter((f) => [SHAPE_RI, SHAPE_MI, SHAPE_RRI, SHAPE_RMI].includes(f.shape));

  /** Operands for form with immediate v, in registers the fixed alternatives (RAX) do not fix. */
  function operands(form: Form, v: number): Operand[] {
    return form.kinds.map((k) => (k === "i" ? v : k === "m" ? mem(RBX, 8) : RBX));
  }

  it.each(formsWithImmediates.map((f) => [f.name, f] as const))("%s accepts exactly what one of its alternatives holds", (_name, form) => {
    for (const v of VALUES) {
      // Alternatives that fix a register (RAX) do not apply: the operands are RBX.
      const holdable = form.encodings.some((e) => (e.fixedOperand < 0 || e.fixedIsImm) && holds(form, e, v));
      const asm = new Assembler();
      if (holdable) expect(() => emit(asm, form, operands(form, v)), `${form.name} ${v}`).not.toThrow();
      else expect(() => emit(asm, form, operands(form, v)), `${form.name} ${v}`).toThrow(AsmError);
    }
  });

  it("shift counts are below the operand size", () => {
    expect(() => hexOf((a) => a.ri(SHL_ri, RAX, 63))).not.toThrow();
    expect(() => hexOf((a) => a.ri(SHL_ri, RAX, 64))).toThrow(/SHL_ri: no encoding for immediate 64/);
    expect(() => hexOf((a) => a.ri(SHR32_ri, RAX, 32))).toThrow(AsmError);
  });
});

describe("condition codes", () => {
  it("families are indexed by condition, and inverting flips bit 0", () => {
    expect(Jcc_l[CC_E]!.name).toBe("JE_l");
    expect(SETcc_r.map((f) => f.name)).toEqual(CC_NAMES.map((cc) => `SET${cc.toUpperCase()}_r`));
    expect(CMOVcc_rr[15]!.encodings[0]!.opcode).toEqual([0x0f, 0x4f]);
    for (let cc = 0; cc < 16; cc++) {
      const inverse = CC_NAMES[invertCondition(cc)]!;
      const name = CC_NAMES[cc]!;
      // o/no, b/ae, e/ne, be/a, s/ns, p/np, l/ge, le/g: one is the other with or without an n.
      expect([`n${name}`, name.replace(/^n/, ""), { b: "ae", ae: "b", be: "a", a: "be", l: "ge", ge: "l", le: "g", g: "le" }[name]]).toContain(inverse);
    }
  });
});

describe("refusals", () => {
  it.each([
    ["a form of another shape", (a: Assembler) => a.rr(ADD_ri, RAX, RBX), /ADD_ri takes operands \(ri\), not \(rr\): call asm.ri\(\)/],
    ["register 16", (a: Assembler) => a.rr(ADD_rr, 16, RBX), /ADD_rr: 16 is not a register/],
    ["register -1", (a: Assembler) => a.rm(MOVSD_xm, -1, mem(RAX, 0)), /MOVSD_xm: -1 is not a register/],
    ["a fractional immediate", (a: Assembler) => a.ri(ADD_ri, RAX, 0.5), /immediate 0.5 is not an integer/],
    ["an immediate beyond imm32", (a: Assembler) => a.ri(ADD_ri, RAX, 2 ** 31), /ADD_ri: no encoding for immediate 2147483648/],
    ["a byte immediate beyond 8 bits", (a: Assembler) => a.mi(MOV8_mi, mem(RAX, 0), 256), /MOV8_mi: no encoding/],
  ])("%s", (_name, build, message) => expect(() => build(new Assembler())).toThrow(message));

  it.each([
    ["RSP as an index", () => memIndexed(RAX, RSP, 1, 0), /RSP cannot be an index register/],
    ["a scale of 3", () => memIndexed(RAX, RBX, 3, 0), /scale 3 is not 1, 2, 4 or 8/],
    ["a displacement beyond 32 bits", () => mem(RAX, 2 ** 31), /displacement 2147483648 is not a signed 32-bit integer/],
    ["an absolute address beyond disp32", () => memAbsolute(2 ** 32), /does not fit a sign-extended disp32/],
    ["a base that is not a register", () => mem(XMM0 + 16, 0), /base 16 is not a register/],
  ])("memory operands: %s", (_name, make, message) => expect(make).toThrow(message));
});

describe("the buffer", () => {
  it("grows past its first size and keeps every byte", () => {
    const asm = new Assembler();
    for (let i = 0; i < 1000; i++) asm.ri(MOV_ri, RAX, i);
    const code = asm.bytes();
    expect(code.length).toBe(5000);
    expect(Array.from(code.subarray(4995))).toEqual([0xb8, 0xe7, 0x03, 0, 0]);
  });

  it("holds data and NOP padding", () => {
    expect(
      hexOf((a) => {
        a.data8(0xff);
        a.align(4);
        a.data32(-2);
        a.data64(2 ** 40 + 5);
      }),
    ).toBe("ff 90 90 90 fe ff ff ff 05 00 00 00 00 01 00 00");
  });
});
