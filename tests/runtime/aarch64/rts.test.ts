// The A64 assembler is RTS, run-time code of translated binaries (the JIT's): `rts annotate`
// accepts tests/runtime/aarch64/fixtures/asm-target.ts, which calls every shape method, labels,
// literals, data and patching at run time, and infers int for registers, immediates and offsets.
// The program's output (the words it assembled) reads back under aarch64-linux-gnu-objdump as
// the function it wrote. (Translated, the program prints the same: checked by hand, 12 s of
// translation being more than this file's budget.)

import { describe, expect, it, vi } from "vitest";
import { main } from "./fixtures/asm-target.ts";
import { objdump } from "./binutils.ts";
import { runRts } from "../../helpers/run-rts.ts";

const program = "tests/runtime/aarch64/fixtures/asm-target.ts";

describe("the A64 assembler as RTS (tests/runtime/aarch64/fixtures/asm-target.ts)", () => {
  it("is accepted by rts annotate, with integer operands", async () => {
    const result = await runRts(["annotate", program]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n").map((line) => line.replace(/^.*\.ts:\d+ /, "").trim());
    for (const expected of [
      "Assembler.none(form: Form) -> void",
      "Assembler.i(form: Form, imm: int) -> void",
      "Assembler.r(form: Form, a: int) -> void",
      "Assembler.rr(form: Form, a: int, b: int) -> void",
      "Assembler.rrr(form: Form, a: int, b: int, c: int) -> void",
      "Assembler.rrrr(form: Form, a: int, b: int, c: int, d: int) -> void",
      "Assembler.ri(form: Form, a: int, imm: int) -> void",
      "Assembler.rii(form: Form, a: int, imm: int, imm2: int) -> void",
      "Assembler.rri(form: Form, a: int, b: int, imm: int) -> void",
      "Assembler.rrii(form: Form, a: int, b: int, imm: int, imm2: int) -> void",
      "Assembler.rrri(form: Form, a: int, b: int, c: int, imm: int) -> void",
      "Assembler.rrrii(form: Form, a: int, b: int, c: int, imm: int, imm2: int) -> void",
      "Assembler.rm(form: Form, a: int, m: Mem) -> void",
      "Assembler.rrm(form: Form, a: int, b: int, m: Mem) -> void",
      "Assembler.l(form: Form, label: Label) -> void",
      "Assembler.rl(form: Form, a: int, label: Label) -> void",
      "Assembler.ril(form: Form, a: int, imm: int, label: Label) -> void",
      "Assembler.movConstant(rd: int, value: int) -> void",
      "Assembler.patchBranch(at: int, target: int) -> void",
      "Assembler.bytes() -> Uint8Array",
      "Assembler.relocations() -> int[]",
      "chooseEncoding(form: Form, a: int, b: int, c: int, d: int, e: int, m: Mem | null) -> Encoding | null",
      "encodeBitmask(high: int, low: int, size: int) -> int",
      "class Mem",
      "offset: int",
      "label: Label | null",
      "class Encoding",
      "bits: int",
      "operands: Operand[]",
    ]) {
      expect(lines).toContain(expected);
    }
  });

  it("assembles at run time the function objdump reads back", () => {
    const printed: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
    try {
      expect(main([program])).toBe(0); // as `rts run` calls it: argv[0] is the program
    } finally {
      log.mockRestore();
    }
    const words = printed[0]!.trim().split(/\s+/).map((w) => parseInt(w, 16));
    const code = new Uint8Array(words.length * 4);
    words.forEach((w, i) => new DataView(code.buffer).setUint32(4 * i, w, true));
    expect(objdump(code).slice(0, 37).map((d) => d.text)).toEqual([
      "stp x29, x30, [sp, #-16]!", "mov x29, sp", "mov x1, #0x90c", "movk x1, #0x3d, lsl #16", "mov x2, #0xfffffffffffffffc",
      "sub x1, x1, #0x1, lsl #12", "cmp x1, #0x4", "cmp x1, x2, asr #63", "b.ge 0x14", "add x0, x1, x2, asr #3", "add x0, sp, w2, sxtw #2",
      "and x0, x0, #0xff00", "madd x0, x1, x2, x3", "mul x0, x0, x0", "sdiv x0, x0, x2", "csel x0, x1, x2, ge", "cset x3, lt",
      "movk x3, #0xbeef, lsl #48", "ldr x0, [x1, #4088]", "ldur x0, [x1, #-8]", "ldr x0, [x1, x2, lsl #3]", "str xzr, [x3], #8",
      "ldr d0, 0x98", "fmov d1, x1", "fadd d2, d0, d1", "fcmp d2, d0", "adr x16, 0xa0", "adrp x8, 0xffffffffffffc000", "cbnz x0, 0x8c",
      "tbz x0, #63, 0x8c", "bl 0x8c", "blr x16", "svc #0x0", "b 0x8c", "nop", "ldp x29, x30, [sp], #16", "ret",
    ]);
    // data after the code: data8(4) and its padding, the literal 4 * 2^32 + 5, the jump table's offset and address
    expect(words.slice(37)).toEqual([4, 5, 4, 0x14 - 0xa0 + 2 ** 32, 0x8c, 0]);
    expect(printed.slice(1)).toEqual([
      "172 bytes, relocations at 164, 0xff00 logical: true",
      "ADD_rri: operand 3 (#<imm>) is 4097, not 0-4095, or a multiple of 4096 up to 0xfff000",
    ]);
  });
});
