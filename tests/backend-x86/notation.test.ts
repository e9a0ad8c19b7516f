// Reading the manual's notation (encoding.ts): what a table line becomes, and the mistakes in a
// table line that are refused at import time with the line quoted.

import { describe, expect, it } from "vitest";
import { MODRM_NONE, MODRM_REG, SHAPE_L, SHAPE_R, SHAPE_RR, family, form } from "../../src/runtime/x86/encoding.ts";
import * as instructions from "../../src/runtime/x86/instructions.ts";
import { ALL_FORMS, MOV_ri } from "../../src/runtime/x86/instructions.ts";

describe("a table line", () => {
  it("gives the bytes, the ModRM use and where each operand goes", () => {
    const add = form("ADD_rr", "REX.W 01 /r", "ADD r/m64, r64");
    expect(add.shape).toBe(SHAPE_RR);
    expect(add.encodings[0]).toMatchObject({ rexW: true, opcode: [0x01], modrm: MODRM_REG, regOperand: 1, rmOperand: 0, size: 64, immSize: 0 });
    const cvt = form("CVTSI2SD_xr", "F2 REX.W 0F 2A /r", "CVTSI2SD xmm1, r/m64");
    expect(cvt.encodings[0]).toMatchObject({ prefix: 0xf2, rexW: true, opcode: [0x0f, 0x2a], regOperand: 0, rmOperand: 1 });
    const push = form("PUSH_r", "50+rd", "PUSH r64");
    expect(push.shape).toBe(SHAPE_R);
    expect(push.encodings[0]).toMatchObject({ plusReg: true, modrm: MODRM_NONE, regOperand: 0 });
    const sar = form("SAR_rcl", "REX.W D3 /7", "SAR r/m64, CL");
    expect(sar.kinds).toEqual(["r", "cl"]);
    expect(sar.encodings[0]).toMatchObject({ modrm: 7, rmOperand: 0 });
    const setcc = form("SETE_r", "0F 94 /0", "SETE r/m8");
    expect(setcc.encodings[0]).toMatchObject({ rmIsByte: true, size: 8 });
  });

  it("gives alternatives their immediate ranges", () => {
    expect(MOV_ri.encodings.map((e) => [e.instructionText, e.immMin, e.immMax])).toEqual([
      ["MOV r32, imm32", 0, 0xffffffff],
      ["MOV r/m64, imm32", -0x80000000, 0x7fffffff],
      ["MOV r64, imm64", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ]);
    const add = form("ADD_ri", "REX.W 83 /0 ib", "ADD r/m64, imm8", "REX.W 05 id", "ADD RAX, imm32");
    expect(add.encodings.map((e) => [e.immMin, e.immMax, e.fixedOperand, e.fixedValue])).toEqual([
      [-128, 127, -1, 0],
      [-0x80000000, 0x7fffffff, 0, 0],
    ]);
    expect(form("MOV8_mi", "C6 /0 ib", "MOV r/m8, imm8").encodings[0]).toMatchObject({ immMin: -128, immMax: 255 });
    expect(form("SHL32_ri", "C1 /4 ib", "SHL r/m32, imm8").encodings[0]).toMatchObject({ immMin: 0, immMax: 31 });
  });

  it("expands a family into 16 forms by condition", () => {
    const jcc = family("Jcc_l", "70+cc cb", "Jcc rel8", "0F 80+cc cd", "Jcc rel32");
    expect(jcc).toHaveLength(16);
    expect(jcc[5]!.shape).toBe(SHAPE_L);
    expect(jcc[5]!.name).toBe("JNE_l");
    expect(jcc[5]!.encodings.map((e) => [e.mnemonic, e.opcode])).toEqual([
      ["JNE", [0x75]],
      ["JNE", [0x0f, 0x85]],
    ]);
  });

  it("the table has one form per name", () => {
    const names = ALL_FORMS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("lists in ALL_FORMS, read-only and in table order, every form the module exports", () => {
    const isForm = (v: unknown) => typeof v === "object" && v !== null && "encodings" in v && "shape" in v;
    const exported = Object.values(instructions).flatMap((v) => (isForm(v) ? [v] : Array.isArray(v) && v !== ALL_FORMS && v.every(isForm) ? v : []));
    expect(new Set(ALL_FORMS)).toEqual(new Set(exported));
    expect(ALL_FORMS.length).toBe(exported.length);
    expect(Object.isFrozen(ALL_FORMS)).toBe(true);
    expect(ALL_FORMS.slice(0, 3).map((f) => f.name)).toEqual(["ADD_rr", "ADD_rm", "ADD_mr"]);
    expect(ALL_FORMS.findIndex((f) => f.name === "JE_l")).toBeLessThan(ALL_FORMS.findIndex((f) => f.name === "RET"));
  });
});

describe("a wrong table line", () => {
  it.each([
    [/ADD_rr: 'REX.W 01 \/q' 'ADD r\/m64, r64': unknown opcode token '\/q'/, () => form("ADD_rr", "REX.W 01 /q", "ADD r/m64, r64")],
    [/operand imm8 cannot be of kind r/, () => form("ADD_rr", "REX.W 01 /r", "ADD r/m64, imm8")],
    [/imm8 does not match the immediate size 4/, () => form("ADD_ri", "REX.W 83 /0 id", "ADD r/m64, imm8")],
    [/register operand r64 needs \/r or \+r/, () => form("ADD_rr", "REX.W 01 /0", "ADD r/m64, r64")],
    [/r\/m operand r\/m64 without ModRM/, () => form("ADD_rr", "REX.W 01", "ADD r/m64, r64")],
    [/2 operands for kinds 'rri'/, () => form("ADD_rri", "REX.W 01 /r", "ADD r/m64, r64")],
    [/no assembler method takes operands 'rrr'/, () => form("ADD_rrr", "REX.W 01 /r", "ADD r/m64, r64, r64")],
    [/label alternatives must go from short to near/, () => form("JMP_l", "E9 cd", "JMP rel32", "EB cb", "JMP rel8")],
    [/a name with cc is a family/, () => form("Jcc_l", "70+cc cb", "Jcc rel8")],
    [/a family's name has cc/, () => family("J_l", "70+cc cb", "Jcc rel8")],
    [/operand r64 cannot be of kind m/, () => form("MOV_mr", "REX.W 8B /r", "MOV r64, r/m64")],
    [/columns must come in pairs/, () => form("ADD_rr", "REX.W 01 /r")],
    [/unknown operand word 'r65'/, () => form("FOO_rr", "REX.W 01 /r", "FOO r/m64, r65")],
  ])("is refused: %s", (message, make) => expect(make).toThrow(message));
});
