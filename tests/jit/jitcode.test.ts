// The jitcode format (src/runtime/jit/jitcode-insns.ts, jitcode.ts, jitcode-print.ts) and the
// codewriter's assembler (src/jit/codewriter/assembler.ts): the table is consistent, a listing
// assembles into numbers that print back as the listing.

import { describe, expect, it } from "vitest";
import { assemble, type AsmLine, type AsmOperand } from "../../src/jit/codewriter/assembler.ts";
import { ArrayDescr, CallDescr, EffectInfo, EF_CANNOT_RAISE, FieldDescr } from "../../src/runtime/jit/history.ts";
import { JITCODE_INSN_TABLE, JITCODE_INSNS, jop, opcodeOf, undecidedJitInsns, type JitInsnName } from "../../src/runtime/jit/jitcode-insns.ts";
import { JitCode, JitDriverDescr, LiveVars, SiteDescr } from "../../src/runtime/jit/jitcode.ts";
import { insnLength, printJitCode } from "../../src/runtime/jit/jitcode-print.ts";

const i = (n: number): AsmOperand => ({ reg: "i", n });
const r = (n: number): AsmOperand => ({ reg: "r", n });
const ci = (value: number, name?: string): AsmOperand => ({ const: "i", value, name });

describe("the jitcode instruction table", () => {
  it("numbers each instruction by its place and uses known operand codes only", () => {
    const names = Object.keys(JITCODE_INSN_TABLE) as JitInsnName[];
    expect(JITCODE_INSNS).toHaveLength(names.length);
    names.forEach((name, opcode) => {
      expect(jop[name]).toBe(opcode);
      expect(opcodeOf(name)).toBe(opcode);
      expect(JITCODE_INSNS[opcode]!.name).toBe(name);
      expect(JITCODE_INSN_TABLE[name].operands, name).toMatch(/^[irfcdjLIRFl]*$/);
      expect(JITCODE_INSN_TABLE[name].result, name).toMatch(/^[irf]?$/);
    });
  });

  it("has the residual and inline calls of each argument and result kind", () => {
    for (const args of ["r", "ir", "irf"]) {
      for (const result of ["i", "r", "f", "v"]) {
        expect(JITCODE_INSN_TABLE[`residual_call_${args}_${result}` as JitInsnName].operands).toBe(`i${args.toUpperCase()}d`);
        expect(JITCODE_INSN_TABLE[`inline_call_${args}_${result}` as JitInsnName].operands).toBe(`j${args.toUpperCase()}`);
      }
    }
  });

  it("finds a consumer that forgets an instruction", () => {
    expect(undecidedJitInsns({})).toContain("int_add");
    const all = Object.fromEntries(Object.keys(JITCODE_INSN_TABLE).map((name) => [name, () => 0]));
    expect(undecidedJitInsns(all)).toEqual([]);
    expect(undecidedJitInsns({ ...all, goto: { refused: "" } })).toEqual(["goto"]);
  });
});

describe("assembling and printing", () => {
  const field = new FieldDescr("FieldDescr Frame.pc", "Frame", "pc", 8, 8, "i", true, false, false);
  const items = new ArrayDescr("ArrayDescr Int32Array", 16, 4, 8, "i", true, false, 3);
  const call = new CallDescr("CallDescr helper", "ir", "i", 8, true, new EffectInfo(EF_CANNOT_RAISE, false, false, [], [], [], []));
  const driver = new JitDriverDescr("JitDriver main", ["pc"], ["acc", "frame"]);
  const callee = new JitCode("callee");
  const lines: AsmLine[] = [
    { label: "top" },
    { insn: "live", args: [{ live: new LiveVars([0, 1], [0], []) }] },
    { insn: "jit_merge_point", args: [{ descr: driver }, { list: "i", items: [i(0)] }, { list: "r", items: [] }, { list: "f", items: [] }, { list: "i", items: [i(1)] }, { list: "r", items: [r(0)] }, { list: "f", items: [] }] },
    { insn: "live", args: [{ live: new LiveVars([0, 1], [0], []) }] },
    { insn: "goto_if_not_int_lt", args: [i(0), ci(10), { label: "done" }] },
    { insn: "getfield_gc_i", args: [r(0), { descr: field }], result: { reg: "i", n: 2 } },
    { insn: "getarrayitem_gc_i", args: [r(0), i(2), { descr: items }], result: { reg: "i", n: 2 } },
    { insn: "int_add_ovf", args: [i(1), i(2), { descr: new SiteDescr("Site", "f.ts", 3, 7, "") }], result: { reg: "i", n: 1 } },
    { insn: "residual_call_ir_i", args: [ci(5, "helper"), { list: "i", items: [i(1)] }, { list: "r", items: [r(0)] }, { descr: call }], result: { reg: "i", n: 2 } },
    { insn: "live", args: [{ live: new LiveVars([0, 2], [0], []) }] },
    { insn: "inline_call_r_v", args: [{ descr: callee }, { list: "r", items: [r(0), { const: "r", value: 0 }] }] },
    { insn: "int_add", args: [i(0), ci(1)], result: { reg: "i", n: 0 } },
    { insn: "switch", args: [i(0), { switch: [{ value: 3, label: "top" }, { value: 4, label: "done" }] }] },
    { insn: "float_return", args: [{ const: "f", value: 2 }] },
    { label: "done" },
    { insn: "int_return", args: [i(1)] },
  ];
  const jitcode = assemble({ name: "portal", lines, numRegs: { i: 3, r: 1, f: 0 }, argKinds: "iir", argRegs: [0, 1, 0], resultKind: "i" });

  it("prints the listing back", () => {
    expect(printJitCode(jitcode)).toBe(
      [
        "jitcode portal(%i0, %i1, %r0) -> i",
        "L1:",
        "  -live- %i0, %i1, %r0",
        "  jit_merge_point <JitDriver main>, I[%i0], R[], F[], I[%i1], R[%r0], F[]",
        "  -live- %i0, %i1, %r0",
        "  goto_if_not_int_lt %i0, $10, L2",
        "  getfield_gc_i %r0, <FieldDescr Frame.pc> -> %i2",
        "  getarrayitem_gc_i %r0, %i2, <ArrayDescr Int32Array> -> %i2",
        "  int_add_ovf %i1, %i2, <Site f.ts:3:7> -> %i1",
        "  residual_call_ir_i $<helper>, I[%i1], R[%r0], <CallDescr helper> -> %i2",
        "  -live- %i0, %i2, %r0",
        "  inline_call_r_v <JitCode callee>, R[%r0, $NULL]",
        "  int_add %i0, $1 -> %i0",
        "  switch %i0, <SwitchDescr 3,4>",
        "  float_return $2.0",
        "L2:",
        "  int_return %i1",
        "",
      ].join("\n"),
    );
  });

  it("pools each constant and descriptor once, and resolves labels and switches to pcs", () => {
    expect(jitcode.constantsI).toEqual([10, 5, 1]);
    expect(jitcode.constantNamesI).toEqual(["", "helper", ""]);
    expect(jitcode.constantsR).toEqual([0]);
    expect(jitcode.frameSize("i")).toBe(6);
    const sw = jitcode.descrs.find((d) => d.name.startsWith("SwitchDescr")) as unknown as { values: number[]; targets: number[] };
    expect(sw.values).toEqual([3, 4]);
    expect(sw.targets[0]).toBe(0);
    let pc = 0;
    const pcs: number[] = [];
    while (pc < jitcode.code.length) {
      pcs.push(pc);
      pc += insnLength(jitcode.code, pc);
    }
    expect(pc).toBe(jitcode.code.length);
    expect(jitcode.code[pcs[pcs.length - 1]!]).toBe(jop.int_return);
    expect(sw.targets[1]).toBe(pcs[pcs.length - 1]);
  });

  it("refuses an operand of the wrong kind, an undefined label and a missing result", () => {
    const fn = (lines: AsmLine[]) => () => assemble({ name: "bad", lines, numRegs: { i: 1, r: 1, f: 0 }, argKinds: "", argRegs: [], resultKind: "v" });
    expect(fn([{ insn: "int_add", args: [i(0), r(0)], result: { reg: "i", n: 0 } }])).toThrow(/int_add: expected a i register/);
    expect(fn([{ insn: "goto", args: [{ label: "nowhere" }] }])).toThrow(/label nowhere is not defined/);
    expect(fn([{ insn: "int_neg", args: [i(0)] }])).toThrow(/no result register/);
    expect(fn([{ insn: "int_neg", args: [i(3)], result: { reg: "i", n: 0 } }])).toThrow(/past the count/);
  });
});
