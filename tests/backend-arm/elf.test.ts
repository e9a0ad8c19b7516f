// Code the A64 assembler writes runs: a static AArch64 executable made by the shared ELF writer
// with src/backend-arm/elf.ts's machine (64 KiB pages, the A64 relocations) and run under
// qemu-aarch64 with an empty environment. The program writes a message from .rodata (ADRP + ADD
// relocated), loops, calls, loads from .data (ADRP + LDR lo12), from a literal pool, dispatches
// through a jump table, computes with doubles, and exits with a status that depends on each step.
// Needs qemu-user (qemu-aarch64) and binutils-aarch64-linux-gnu (file and readelf read the result).

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AARCH64_MACHINE, ElfError, writeExecutable, type Relocation } from "../../src/backend-arm/elf.ts";
import { Assembler } from "../../src/runtime/aarch64/assembler.ts";
import {
  ADD_rri, ADD_rrr, ADR_rl, ADRP_ri, BL_l, BR_r, B_l, Bcc_l, CBNZ_rl, CBZ_rl, CC_NE, CMP_ri, EOR_rrr, FCVTZS_rv, FMOV_vr, FMUL_vvv, LDP_rrm,
  LDRSW_rm, LDR_rm, MOVZ_rii, MOV_rr, MUL_rrr, RET, SCVTF_vr, STP_rrm, SUB_rri, SVC_i, TBZ_ril,
} from "../../src/runtime/aarch64/instructions.ts";
import { EXTEND_LSL, mem, memIndexed, memLabel, memPost, memPre } from "../../src/runtime/aarch64/operands.ts";
import { D0, D1, FP, LR, SP, X0, X1, X2, X3, X4, X5, X6, X7, X8 } from "../../src/runtime/aarch64/registers.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rts-a64-elf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tool(name: string, args: string[], install: string): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(name, args, { encoding: "utf8", env: {} });
  if (result.error) throw new Error(`cannot run ${name} (${result.error.message}): apt-get install -y ${install}`);
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

const MESSAGE = "hello from aarch64\n";

function program(): { text: Uint8Array; relocations: Relocation[] } {
  const asm = new Assembler();
  const relocations: Relocation[] = [];
  const relocate = (kind: string, targetSection: "rodata" | "data", targetOffset: number) =>
    relocations.push({ kind, section: "text", offset: asm.position(), targetSection, targetOffset });
  const triple = asm.newLabel();
  const loop = asm.newLabel();
  const literal = asm.newLabel();
  const table = asm.newLabel();
  const join = asm.newLabel();
  const fail = asm.newLabel();
  const cases = [asm.newLabel(), asm.newLabel(), asm.newLabel()];

  // write(1, message, length)
  asm.movConstant(X0, 1);
  relocate("adrPage21", "rodata", 0);
  asm.ri(ADRP_ri, X1, 0);
  relocate("addLo12", "rodata", 0);
  asm.rri(ADD_rri, X1, X1, 0);
  asm.movConstant(X2, MESSAGE.length);
  asm.movConstant(X8, 64);
  asm.i(SVC_i, 0);
  // x3 = 10 + 9 + ... + 1 = 55
  asm.rii(MOVZ_rii, X3, 0, 0);
  asm.rii(MOVZ_rii, X4, 10, 0);
  asm.bind(loop);
  asm.rrr(ADD_rrr, X3, X3, X4);
  asm.rri(SUB_rri, X4, X4, 1);
  asm.rl(CBNZ_rl, X4, loop);
  // x0 = triple(55) = 165, through a frame
  asm.rr(MOV_rr, X0, X3);
  asm.l(BL_l, triple);
  // x0 += the 1000 in .data (ADRP + LDR lo12)
  relocate("adrPage21", "data", 8);
  asm.ri(ADRP_ri, X5, 0);
  relocate("ldst64Lo12", "data", 8);
  asm.rm(LDR_rm, X5, mem(X5, 0));
  asm.rrr(ADD_rrr, X0, X0, X5);
  // the literal must be the 64-bit constant movConstant builds
  asm.rm(LDR_rm, X6, memLabel(literal));
  asm.movConstant(X7, 0x123456789abcd);
  asm.rrr(EOR_rrr, X6, X6, X7);
  asm.rl(CBNZ_rl, X6, fail);
  // jump table: case 2 adds 2
  asm.rl(ADR_rl, X6, table);
  asm.rii(MOVZ_rii, X2, 2, 0);
  asm.rm(LDRSW_rm, X7, memIndexed(X6, X2, EXTEND_LSL, 2));
  asm.rrr(ADD_rrr, X6, X6, X7);
  asm.r(BR_r, X6);
  cases.forEach((label, i) => {
    asm.bind(label);
    asm.rri(ADD_rri, X0, X0, i === 2 ? 2 : 100);
    asm.l(B_l, join);
  });
  asm.bind(join);
  // x0 = trunc(x0 * 0.5) as a double: 1167 * 0.5 = 583.5 -> 583
  asm.rr(SCVTF_vr, D0, X0);
  asm.movConstant(X7, 0x3fe0000000000000);
  asm.rr(FMOV_vr, D1, X7);
  asm.rrr(FMUL_vvv, D0, D0, D1);
  asm.rr(FCVTZS_rv, X0, D0);
  asm.ri(CMP_ri, X0, 583);
  asm.l(Bcc_l[CC_NE]!, fail);
  asm.ril(TBZ_ril, X0, 0, fail); // 583 is odd
  // exit_group(583 & 255 = 71)
  asm.movConstant(X8, 94);
  asm.i(SVC_i, 0);
  asm.bind(fail);
  asm.movConstant(X0, 1);
  asm.movConstant(X8, 94);
  asm.i(SVC_i, 0);

  asm.bind(triple);
  asm.rrm(STP_rrm, FP, LR, memPre(SP, -16));
  asm.rr(MOV_rr, FP, SP);
  asm.movConstant(X1, 3);
  asm.rrr(MUL_rrr, X0, X0, X1);
  asm.rrm(LDP_rrm, FP, LR, memPost(SP, 16));
  asm.none(RET);
  asm.rl(CBZ_rl, X0, fail);

  asm.align(8);
  asm.bind(literal);
  asm.data64(0x123456789abcd);
  asm.bind(table);
  for (const label of cases) asm.dataLabelOffset32(label, table);
  return { text: asm.bytes(), relocations };
}

describe("an AArch64 executable of assembled code", () => {
  it("runs under qemu-aarch64: writes from .rodata, reads .data, exits with the computed status", () => {
    const { text, relocations } = program();
    const data = new Uint8Array(16);
    new DataView(data.buffer).setBigUint64(8, 1000n, true);
    const file = path.join(dir, "a64");
    writeFileSync(file, writeExecutable({
      text, rodata: new TextEncoder().encode(MESSAGE), data, bssSize: 0, entry: 0, relocations,
      symbols: [{ name: "start", section: "text", offset: 0, size: text.length, kind: "function" }],
    }), { mode: 0o755 });
    expect(tool("file", [file], "file").stdout).toMatch(/ELF 64-bit LSB executable, ARM aarch64.*statically linked/);
    expect(tool("qemu-aarch64", [file], "qemu-user")).toEqual({ stdout: MESSAGE, stderr: "", status: 583 & 255 });
  });

  it("refuses a relocation whose value does not fit its field", () => {
    const asm = new Assembler();
    asm.rm(LDR_rm, X0, mem(X0, 0));
    const image = (targetOffset: number) => ({
      text: asm.bytes(), rodata: new Uint8Array(16), data: new Uint8Array(0), bssSize: 0, entry: 0, symbols: [],
      relocations: [{ kind: "ldst64Lo12", section: "text" as const, offset: 0, targetSection: "rodata" as const, targetOffset }],
    });
    expect(() => writeExecutable(image(8))).not.toThrow();
    expect(() => writeExecutable(image(4))).toThrow(ElfError);
    expect(AARCH64_MACHINE.pageSize).toBe(0x10000);
  });
});
