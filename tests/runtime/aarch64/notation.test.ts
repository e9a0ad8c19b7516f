// Reading the Arm ARM's notation (src/runtime/aarch64/encoding.ts): what a table line becomes, and
// the mistakes in a table line that are refused at import time with the line quoted.

import { describe, expect, it } from "vitest";
import {
  OP_ADDSUB_IMM, OP_COND_INVERTED, OP_FIELD, OP_LOGICAL_IMM, OP_LSL_IMM, OP_MEM_PAIR_PRE, OP_MEM_UNSIGNED, OP_REG, OP_REG_SP,
  SHAPE_L, SHAPE_RRI, SHAPE_RRRII, family, form,
} from "../../../src/runtime/aarch64/encoding.ts";
import * as instructions from "../../../src/runtime/aarch64/instructions.ts";
import { ALL_FORMS, LDRH_rm, STP_rrm } from "../../../src/runtime/aarch64/instructions.ts";

describe("a table line", () => {
  it("gives the fixed bits and each operand's encoder and field", () => {
    const add = form("ADD_rri", "sf=1 op=0 S=0 100010 sh imm12 Rn Rd", "ADD <Xd|SP>, <Xn|SP>, #<imm>{, <shift>}");
    expect(add.shape).toBe(SHAPE_RRI);
    expect(add.encodings[0]!.bits >>> 0).toBe(0x91000000);
    expect(add.encodings[0]!.operands.map((o) => [o.kind, o.lsb, o.size])).toEqual([[OP_REG_SP, 0, 64], [OP_REG_SP, 5, 64], [OP_ADDSUB_IMM, 0, 64]]);
    const and32 = form("AND32_rri", "sf=0 opc=00 100100 N=0 immr imms Rn Rd", "AND <Wd|WSP>, <Wn>, #<imm>");
    expect(and32.encodings[0]!.operands.map((o) => [o.kind, o.size])).toEqual([[OP_REG_SP, 32], [OP_REG, 32], [OP_LOGICAL_IMM, 32]]);
    const lsl = form("LSL_rri", "sf=1 opc=10 100110 N=1 immr imms Rn Rd", "LSL <Xd>, <Xn>, #<shift>");
    expect(lsl.encodings[0]!.operands[2]).toMatchObject({ kind: OP_LSL_IMM, max: 63 });
    const shifted = form("SUB_rrrsi", "sf=1 op=1 S=0 01011 shift 0 Rm imm6 Rn Rd", "SUB <Xd>, <Xn>, <Xm>{, <shift> #<amount>}");
    expect(shifted.shape).toBe(SHAPE_RRRII);
    expect(shifted.encodings[0]!.operands.slice(3).map((o) => [o.kind, o.lsb, o.max])).toEqual([[OP_FIELD, 22, 2], [OP_FIELD, 10, 63]]);
    const cset = form("CSET_rc", "sf=1 op=0 S=0 11010100 Rm=11111 invert(cond) op2=01 Rn=11111 Rd", "CSET <Xd>, <cond>");
    expect(cset.encodings[0]!.operands[1]).toMatchObject({ kind: OP_COND_INVERTED, lsb: 12, max: 13 });
  });

  it("reads each addressing mode of a load or store, with its access size", () => {
    expect(LDRH_rm.encodings.map((e) => [e.mnemonic, e.operands[1]!.scale])).toEqual([["LDRH", 2], ["LDURH", 1], ["LDRH", 1], ["LDRH", 1], ["LDRH", 2]]);
    expect(LDRH_rm.encodings[0]!.operands[1]!.kind).toBe(OP_MEM_UNSIGNED);
    expect(STP_rrm.encodings[1]!.operands[2]).toMatchObject({ kind: OP_MEM_PAIR_PRE, scale: 8 });
    expect(STP_rrm.encodings[1]!.load).toBe(false);
  });

  it("expands a family into 16 forms by condition, the condition in the cond field", () => {
    const bcc = family("Bcc_l", "0101010 o1=0 imm19 o0=0 cond", "B.<cond> <label>");
    expect(bcc).toHaveLength(16);
    expect(bcc[1]!.shape).toBe(SHAPE_L);
    expect(bcc[1]!.name).toBe("B.NE_l");
    expect(bcc[1]!.encodings[0]!.mnemonic).toBe("B.NE");
    expect(bcc[1]!.encodings[0]!.bits >>> 0).toBe(0x54000001);
  });

  it("refuses malformed lines, quoting them", () => {
    expect(() => form("ADD_rri", "sf=1 op=0 S=0 100010 sh imm12 Rn", "ADD <Xd|SP>, <Xn|SP>, #<imm>")).toThrow(/27 bits, not 32/);
    expect(() => form("ADD_rri", "sf=1 op=0 S=0 100010 sh imm12 Rn Rx", "ADD <Xd|SP>, <Xn|SP>, #<imm>")).toThrow(/unknown field 'Rx'/);
    expect(() => form("ADD_rr", "sf=1 op=0 S=0 100010 sh imm12 Rn Rd", "ADD <Xd|SP>, <Xn|SP>, #<imm>")).toThrow(/3 operand words \(3 required\) for kinds 'rr'/);
    expect(() => form("ADD_rrr", "sf=1 op=0 S=0 01011 shift 0 Rm imm6 Rn Rd", "ADD <Xd>, <Xn>, <Xm>")).toThrow(/field shift is not filled by any operand/);
    expect(() => form("ADD_rri", "sf=1 op=0 S=0 100010 sh imm12 Rn Rd", "ADD <Dd>, <Xn|SP>, #<imm>")).toThrow(/the word '<Dd>' cannot be an operand of kind r/);
    expect(() => form("ADD_rrr", "sf=1 op=0 S=0 01011 shift=00 0 Rm imm6=000000 Rn Rd", "ADD <Xd>, <Xn>, <Xn>")).toThrow(/field Rn filled twice/);
    expect(() => form("LDR_rm", "11 111 0 01 01 imm12 Rn Rt", "LDR <Xt>, [<Xn|SP>, #<oops>]")).toThrow(/unknown memory operand/);
    expect(() => form("ADD_rxi", "sf=1 op=0 S=0 100010 sh imm12 Rn Rd", "ADD <Xd|SP>, <Xn|SP>, #<imm>")).toThrow(/cannot read the operand kinds 'rxi'/);
    expect(() => form("Bcc_l", "0101010 o1=0 imm19 o0=0 cond", "B.<cond> <label>")).toThrow(/is a family/);
  });
});

describe("the table", () => {
  it("lists every form it exports in ALL_FORMS, and no two forms share a name", () => {
    const exported = Object.values(instructions).flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => typeof v === "object" && v !== null && "encodings" in v);
    expect(new Set(ALL_FORMS)).toEqual(new Set(exported));
    expect(new Set(ALL_FORMS.map((f) => f.name)).size).toBe(ALL_FORMS.length);
  });
});
