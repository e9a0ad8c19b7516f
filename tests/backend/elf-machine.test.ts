// The shared ELF writer's machine parameter (src/backend/elf.ts): the same image written for
// AArch64 is named so by readelf and file (no AArch64 code needed: the bytes are never run), a
// machine's own relocation kind patches a bit field of an instruction word relative to the slot,
// and x86-64's writer (src/backend-x86/elf.ts) still says EM_X86_64.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EM_AARCH64, ElfError, layoutImage, sectionAddress, writeExecutable, type ElfMachine, type ExecutableImage } from "../../src/backend/elf.ts";
import { writeExecutable as writeX86 } from "../../src/backend-x86/elf.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rts-elf-machine-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** AArch64's `b label` (imm26, in words from the instruction itself), as issue 19's target would give it. */
const AARCH64: ElfMachine = {
  name: "aarch64",
  eMachine: EM_AARCH64,
  eFlags: 0,
  pageSize: 0x10000,
  relocations: {
    jump26: { size: 4, value: (target, _end, place) => (target - place) / 4, min: -(2 ** 25), max: 2 ** 25 - 1, insert: (old, value) => ((old & 0xfc000000) | (value & 0x3ffffff)) >>> 0 },
  },
};

function tool(name: string, args: string[]): string {
  const result = spawnSync(name, args, { encoding: "utf8" });
  if (result.error) throw new Error(`cannot run ${name} (${result.error.message}): install binutils and file`);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

function image(): ExecutableImage {
  // b +8; nop; ret (a branch word with a zero offset, for the relocation to fill), and one datum.
  const text = new Uint8Array(12);
  const view = new DataView(text.buffer);
  view.setUint32(0, 0x14000000, true);
  view.setUint32(4, 0xd503201f, true);
  view.setUint32(8, 0xd65f03c0, true);
  return {
    text, rodata: new Uint8Array(0), data: new Uint8Array(8), bssSize: 0, entry: 0,
    relocations: [
      { kind: "jump26", section: "text", offset: 0, targetSection: "text", targetOffset: 8 },
      { section: "data", offset: 0, targetSection: "text", targetOffset: 4 },
    ],
    symbols: [{ name: "main.start", section: "text", offset: 0, size: 12, kind: "function" }],
  };
}

describe("the ELF writer's machine", () => {
  it("writes e_machine EM_AARCH64: readelf and file name it AArch64, static", () => {
    const file = path.join(dir, "a64");
    writeFileSync(file, writeExecutable(image(), AARCH64));
    const header = tool("readelf", ["-h", file]);
    expect(header).toMatch(/Machine:\s+AArch64/);
    expect(header).toMatch(/Type:\s+EXEC/);
    expect(tool("file", [file])).toMatch(/ELF 64-bit LSB executable, ARM aarch64.*statically linked/);
    expect(tool("readelf", ["-s", file])).toMatch(/FUNC\s+GLOBAL\s+DEFAULT\s+1 main\.start/);
    // Segments on 64 KiB pages: the data segment starts on one, and says so.
    const segments = tool("readelf", ["-l", "-W", file]);
    const loads = [...segments.matchAll(/^\s+LOAD\s+0x([0-9a-f]+) 0x([0-9a-f]+) .* 0x([0-9a-f]+)$/gm)];
    expect(loads).toHaveLength(2);
    for (const [, offset, vaddr, align] of loads) {
      expect(parseInt(align!, 16)).toBe(0x10000);
      expect(parseInt(offset!, 16) % 0x10000).toBe(0);
      expect(parseInt(vaddr!, 16) % 0x10000).toBe(0);
    }
  });

  it("applies the machine's own relocation kind into the instruction word, from the slot's address", () => {
    const bytes = writeExecutable(image(), AARCH64);
    const layout = layoutImage({ text: 12, rodata: 0, data: 8, bss: 0 }, 0x10000);
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(layout.text.fileOffset, true)).toBe(0x14000002); // b +8: two words ahead
    expect(Number(view.getBigUint64(layout.data.fileOffset, true))).toBe(sectionAddress(layout, "text", 4));
  });

  it("refuses a kind neither the writer nor the machine knows, and a value out of the kind's range", () => {
    expect(() => writeX86(image())).toThrow(new ElfError("unknown relocation kind jump26"));
    const far = image();
    far.relocations[0] = { kind: "jump26", section: "text", offset: 0, targetSection: "data", targetOffset: 0 };
    expect(() => writeExecutable({ ...far, text: far.text, data: new Uint8Array(2 ** 20) }, { ...AARCH64, relocations: { jump26: { ...AARCH64.relocations!.jump26!, max: 10 } } })).toThrow(/does not fit jump26/);
  });

  it("the x86-64 writer still says EM_X86_64", () => {
    const file = path.join(dir, "x64");
    const plain = image();
    plain.relocations = plain.relocations.slice(1);
    writeFileSync(file, writeX86(plain));
    expect(tool("readelf", ["-h", file])).toMatch(/Machine:\s+Advanced Micro Devices X86-64/);
  });
});
