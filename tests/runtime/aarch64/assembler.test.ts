// The A64 assembler's behaviour beyond single encodings: labels bound before and after their
// references, the reach of each branch kind at its exact edge (and the AsmError one word beyond),
// re-targeting a branch, data and jump tables, alignment, and the refusals of operands out of
// range or unpredictable, with their messages.

import { describe, expect, it } from "vitest";
import { Assembler, chooseEncoding } from "../../../src/runtime/aarch64/assembler.ts";
import {
  ADD_rri, ADD_rrr, ADR_rl, AND_rri, B_l, BL_l, Bcc_l, CBZ_rl, CC_AL, CC_EQ, CC_NE, CSET_rc, LDP_rrm, LDR_rm, LDR_vm, LSL_rri, MOVZ_rii, NOP, RET,
  STR_rm, SVC_i, TBNZ_ril, TBZ_ril,
} from "../../../src/runtime/aarch64/instructions.ts";
import { AsmError, EXTEND_LSL, EXTEND_SXTW, mem, memIndexed, memLabel, memPost, memPre } from "../../../src/runtime/aarch64/operands.ts";
import { D0, SP, X0, X1, X2, X29, X30, XZR } from "../../../src/runtime/aarch64/registers.ts";

function words(code: Uint8Array): number[] {
  const view = new DataView(code.buffer, code.byteOffset, code.byteLength);
  return Array.from({ length: Math.floor(code.length / 4) }, (_, i) => view.getUint32(4 * i, true));
}

/** The signed offset in bytes a branch word holds (B/BL imm26, B.cond/CBZ/LDR literal imm19, TBZ imm14). */
function branchOffset(w: number): number {
  if ((w & 0x7c000000) >>> 0 === 0x14000000) return ((w << 6) >> 6) * 4;
  if ((w & 0x7e000000) >>> 0 === 0x36000000) return ((w << 13) >> 18) * 4;
  return ((w << 8) >> 13) * 4;
}

function pad(asm: Assembler, bytes: number): void {
  for (let i = 0; i < bytes; i += 4) asm.none(NOP);
}

describe("labels", () => {
  it("patch forward references when bound, and resolve backward ones at once, pc-relative from the instruction", () => {
    const asm = new Assembler();
    const top = asm.newLabel();
    const end = asm.newLabel();
    asm.bind(top);
    asm.l(B_l, end); // 0
    asm.l(Bcc_l[CC_NE]!, end); // 4
    asm.rl(CBZ_rl, X0, end); // 8
    asm.ril(TBNZ_ril, X1, 63, end); // 12
    asm.rl(ADR_rl, X2, end); // 16
    asm.rm(LDR_rm, X0, memLabel(end, 8)); // 20: the literal 8 bytes after end
    asm.none(NOP);
    asm.bind(end); // 28
    asm.l(BL_l, top); // 28
    asm.l(Bcc_l[CC_EQ]!, top); // 32
    asm.ril(TBZ_ril, X0, 0, top); // 36
    const w = words(asm.bytes());
    expect([0, 1, 2, 3].map((i) => branchOffset(w[i]!))).toEqual([28, 24, 20, 16]);
    expect(((w[4]! >>> 29) & 3) | (((w[4]! << 8) >> 13) << 2)).toBe(12); // adr: immhi:immlo in bytes
    expect(branchOffset(w[5]!)).toBe(16);
    expect([7, 8, 9].map((i) => branchOffset(w[i]!))).toEqual([-28, -32, -36]);
  });

  it("reach exactly ±1 MiB (b.cond, cbz, literals) and ±32 KiB (tbz), and say so one word beyond", () => {
    for (const [name, reach, emit] of [
      ["b.cond", 1 << 20, (asm: Assembler, l: ReturnType<Assembler["newLabel"]>) => asm.l(Bcc_l[CC_EQ]!, l)],
      ["cbz", 1 << 20, (asm: Assembler, l: ReturnType<Assembler["newLabel"]>) => asm.rl(CBZ_rl, X0, l)],
      ["ldr (literal)", 1 << 20, (asm: Assembler, l: ReturnType<Assembler["newLabel"]>) => asm.rm(LDR_rm, X0, memLabel(l))],
      ["tbz", 1 << 15, (asm: Assembler, l: ReturnType<Assembler["newLabel"]>) => asm.ril(TBZ_ril, X0, 5, l)],
    ] as const) {
      // Forward: the farthest reachable label is reach - 4 bytes ahead; one word more is refused at bind.
      // (align pads with NOPs: reach is a power of two.)
      const ok = new Assembler();
      const okLabel = ok.newLabel();
      ok.none(NOP);
      emit(ok, okLabel); // at 4
      ok.align(reach);
      ok.bind(okLabel); // at reach
      expect(branchOffset(words(ok.bytes())[1]!), name).toBe(reach - 4);
      const far = new Assembler();
      const farLabel = far.newLabel();
      emit(far, farLabel); // at 0
      far.align(reach);
      expect(() => far.bind(farLabel), name).toThrow(AsmError);
      // Backward: exactly -reach reaches, one word more does not.
      const back = new Assembler();
      const backLabel = back.newLabel();
      back.bind(backLabel);
      back.none(NOP);
      back.align(reach);
      emit(back, backLabel);
      expect(branchOffset(words(back.bytes()).at(-1)!), name).toBe(-reach);
      back.none(NOP);
      emit(back, back.newLabel()); // and a forward reference still pending is refused by bytes(), not by emit
      expect(() => back.bytes()).toThrow(AsmError);
      const beyond = new Assembler();
      const beyondLabel = beyond.newLabel();
      beyond.bind(beyondLabel);
      beyond.none(NOP);
      beyond.align(reach);
      beyond.none(NOP);
      expect(() => emit(beyond, beyondLabel), name).toThrow(/cannot reach/);
    }
    const asm = new Assembler();
    const l = asm.newLabel();
    asm.ril(TBZ_ril, X0, 5, l);
    pad(asm, 1 << 15);
    expect(() => asm.bind(l)).toThrow(new AsmError("the instruction at 0 cannot reach 32772 bytes away, beyond the ±32 KiB of tbz and tbnz"));
  });

  it("refuse binding twice and bytes() with a reference never bound", () => {
    const asm = new Assembler();
    const l = asm.newLabel();
    asm.l(B_l, l);
    expect(() => asm.bytes()).toThrow(new AsmError("1 reference(s) to labels that were never bound"));
    asm.bind(l);
    expect(() => asm.bind(l)).toThrow(new AsmError("label bound twice (at 4 and 4)"));
  });
});

describe("patchBranch", () => {
  it("re-targets any branch, b and bl to ±128 MiB, and refuses what does not reach or is no branch", () => {
    const asm = new Assembler();
    const l = asm.newLabel();
    asm.bind(l);
    asm.l(B_l, l);
    asm.l(Bcc_l[CC_NE]!, l);
    asm.rl(CBZ_rl, X0, l);
    asm.ril(TBZ_ril, X0, 40, l);
    asm.none(RET);
    asm.patchBranch(0, (1 << 27) - 4);
    asm.patchBranch(4, 4 - (1 << 20));
    asm.patchBranch(8, 8 + 400);
    asm.patchBranch(12, 12 - (1 << 15));
    const w = words(asm.bytes());
    expect(w.slice(0, 4).map(branchOffset)).toEqual([(1 << 27) - 4, -(1 << 20), 400, -(1 << 15)]);
    expect((w[3]! >>> 19) & 31).toBe(8); // the bit number stays (40 = 32 + 8)
    expect(() => asm.patchBranch(0, 1 << 27)).toThrow(new AsmError("the instruction at 0 cannot reach 134217728 bytes away, beyond the ±128 MiB of b and bl"));
    expect(() => asm.patchBranch(0, 6)).toThrow(/not a multiple of 4/);
    expect(() => asm.patchBranch(16, 0)).toThrow(new AsmError("the word at 16 is not a branch with an offset"));
    expect(() => asm.patchBranch(2, 0)).toThrow(new AsmError("no instruction word at 2"));
  });
});

describe("data", () => {
  it("writes words, 64-bit values and patterns, jump tables of offsets and of addresses", () => {
    const asm = new Assembler();
    const base = asm.newLabel();
    const target = asm.newLabel();
    asm.bind(base);
    asm.data32(-1);
    asm.data64(-2);
    asm.data64(2 ** 40 + 5);
    asm.data64Bits(0x3ff00000, 0);
    asm.dataLabelOffset32(target, base);
    asm.dataLabelAddress(target);
    asm.data8(7);
    asm.align(16);
    asm.bind(target);
    asm.none(RET);
    const code = asm.bytes();
    const view = new DataView(code.buffer);
    expect(view.getUint32(0, true)).toBe(0xffffffff);
    expect(view.getBigInt64(4, true)).toBe(-2n);
    expect(view.getBigUint64(12, true)).toBe(2n ** 40n + 5n);
    expect(view.getFloat64(20, true)).toBe(1);
    expect(view.getUint32(28, true)).toBe(48);
    expect(view.getBigUint64(32, true)).toBe(48n);
    expect(asm.relocations()).toEqual([32]);
    expect(Array.from(code.subarray(40, 44))).toEqual([7, 0, 0, 0]); // a byte, zeros to the word
    expect(words(code).slice(11, 12)).toEqual([0xd503201f]); // then NOPs to 16
    expect(target.position).toBe(48);
  });

  it("refuses data out of range and an instruction off a word boundary", () => {
    const asm = new Assembler();
    expect(() => asm.data8(256)).toThrow(new AsmError("data8: 256 does not fit 8 bits"));
    expect(() => asm.data32(2 ** 32)).toThrow(AsmError);
    expect(() => asm.data64(2 ** 64)).toThrow(AsmError);
    asm.data8(1);
    expect(() => asm.none(NOP)).toThrow(new AsmError("an instruction at offset 1, which is not a multiple of 4: align(4) after data8"));
    const unbound = asm.newLabel();
    expect(() => asm.dataLabelOffset32(unbound, unbound)).toThrow(/base label must be bound first/);
  });
});

describe("operands out of range", () => {
  const asm = new Assembler();

  it("name every alternative's range", () => {
    expect(() => asm.rri(ADD_rri, X0, X1, 4097)).toThrow(
      new AsmError("ADD_rri: operand 3 (#<imm>) is 4097, not 0-4095, or a multiple of 4096 up to 0xfff000"),
    );
    expect(() => asm.rri(ADD_rri, X0, X1, -1)).toThrow(AsmError);
    expect(() => asm.rri(AND_rri, X0, X1, 0)).toThrow(
      new AsmError("AND_rri: operand 3 (#<imm>) is 0, not a 64-bit logical immediate (a repeated rotated run of ones)"),
    );
    expect(() => asm.rri(LSL_rri, X0, X1, 64)).toThrow(new AsmError("LSL_rri: operand 3 (#<shift>) is 64, not 0-63"));
    expect(() => asm.rii(MOVZ_rii, X0, 1, 8)).toThrow(new AsmError("MOVZ_rii: operand 3 (#<shift>) is 8, not a multiple of 16 in 0-48"));
    expect(() => asm.rii(MOVZ_rii, X0, 0x10000, 0)).toThrow(/operand 2 \(#<imm>\) is 65536, not 0-65535/);
    expect(() => asm.i(SVC_i, 0x10000)).toThrow(AsmError);
    expect(() => asm.ril(TBZ_ril, X0, 64, asm.newLabel())).toThrow(/operand 2 \(#<imm>\) is 64, not 0-63/);
    expect(() => asm.ri(CSET_rc, X0, CC_AL)).toThrow(new AsmError("CSET_rc: operand 2 (<cond>) is 14, not 0-13"));
    expect(() => asm.rm(LDR_rm, X0, mem(X1, 32761))).toThrow(
      new AsmError(
        "LDR_rm: 'LDR <Xt>, [<Xn|SP>{, #<pimm>}]': operand 2 ([<Xn|SP>{, #<pimm>}]) is a memory operand (mode 0, offset 32761), not [base, #offset] with offset a multiple of 8 in 0-32760;" +
          " 'LDUR <Xt>, [<Xn|SP>{, #<simm>}]': operand 2 ([<Xn|SP>{, #<simm>}]) is a memory operand (mode 0, offset 32761), not [base, #offset] with offset in -256-255;" +
          " 'LDR <Xt>, [<Xn|SP>, #<simm>]!': operand 2 ([<Xn|SP>, #<simm>]!) is a memory operand (mode 0, offset 32761), not memPre with offset in -256-255;" +
          " 'LDR <Xt>, [<Xn|SP>], #<simm>': operand 2 ([<Xn|SP>], #<simm>) is a memory operand (mode 0, offset 32761), not memPost with offset in -256-255;" +
          " 'LDR <Xt>, [<Xn|SP>, (<Wm>|<Xm>){, <extend> {<amount>}}]': operand 2 ([<Xn|SP>, (<Wm>|<Xm>){, <extend> {<amount>}}]) is a memory operand (mode 0, offset 32761), not memIndexed with lsl, uxtw, sxtw or sxtx and shift 0 or 3;" +
          " 'LDR <Xt>, <label>': operand 2 (<label>) is a memory operand (mode 0, offset 32761), not memLabel",
      ),
    );
    expect(() => asm.rm(LDR_rm, X0, memIndexed(X1, X2, EXTEND_LSL, 2))).toThrow(/shift 0 or 3/);
    expect(() => asm.rrm(LDP_rrm, X0, X1, mem(SP, 4))).toThrow(/offset a multiple of 8 in -512-504/);
    expect(() => asm.rm(LDR_vm, D0, memPre(X1, 256))).toThrow(AsmError);
  });

  it("keep SP and XZR apart", () => {
    expect(() => asm.rri(ADD_rri, XZR, X1, 1)).toThrow(new AsmError("ADD_rri: operand 1 (<Xd|SP>) is 31, not x0-x30 or sp"));
    expect(() => asm.rrr(ADD_rrr, X0, SP, X1)).toThrow(new AsmError("ADD_rrr: operand 2 (<Xn>) is 32, not x0-x30 or xzr"));
    expect(() => mem(XZR, 0)).toThrow(new AsmError("base 31 is not x0-x30 or sp"));
    expect(() => memIndexed(X0, SP, EXTEND_SXTW, 0)).toThrow(new AsmError("index 32 is not x0-x30 or xzr"));
    expect(() => asm.rrr(ADD_rrr, X0, 1.5, X1)).toThrow(AsmError);
  });

  it("refuse the unpredictable: a pair load into one register, a written-back base also transferred", () => {
    expect(() => asm.rrm(LDP_rrm, X1, X1, mem(SP, 16))).toThrow(new AsmError("LDP_rrm: a pair load into one register twice (unpredictable)"));
    expect(() => asm.rm(STR_rm, X1, memPre(X1, 8))).toThrow(new AsmError("STR_rm: the base register x1 is written back and also transferred (unpredictable)"));
    expect(() => asm.rrm(LDP_rrm, X29, X30, memPost(X30, 16))).toThrow(AsmError);
    const ok = new Assembler();
    ok.rrm(LDP_rrm, X29, X30, memPost(SP, 16));
    ok.rm(STR_rm, X1, mem(X1, 8));
    ok.rm(LDR_vm, D0 + 1, memPre(X1, 8)); // a D register is not the base
    expect(ok.position()).toBe(12);
  });

  it("refuse a form passed to another shape's method, naming the right one", () => {
    expect(() => asm.rr(ADD_rri, X0, X1)).toThrow(new AsmError("ADD_rri takes operands (rri), not (rr): call asm.rri()"));
  });

  it("let a code generator ask whether an immediate or an offset folds", () => {
    expect(chooseEncoding(ADD_rri, X0, X1, 4096 * 3, 0, 0, null)).not.toBeNull();
    expect(chooseEncoding(ADD_rri, X0, X1, 4097, 0, 0, null)).toBeNull();
    expect(chooseEncoding(LDR_rm, X0, 0, 0, 0, 0, mem(X1, -3))?.mnemonic).toBe("LDUR");
  });
});
