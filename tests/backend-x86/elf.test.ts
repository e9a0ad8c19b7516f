// The ELF writer: tiny programs assembled with our assembler are written as executables, run
// (with an empty environment) and checked by their stdout and exit status; the mapped
// permissions are checked by programs that must fault; readelf, objdump, gdb, file and ldd check
// the headers, the symbols and that the file is static. A missing tool fails, nothing is skipped.

import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Assembler } from "../../src/runtime/x86/assembler.ts";
import {
  ELF_BASE, ElfError, PAGE_SIZE, assemblerRelocations, layoutImage, sectionAddress, writeExecutable,
  type ElfSymbol, type ExecutableImage, type FileSection, type ImageSection, type Relocation,
} from "../../src/backend-x86/elf.ts";
import {
  ADD_ri, CALL_l, CALL_m, CALL_r, JMP_m, LEA_rm, MOV8_mi, MOV_mr, MOV_ri, MOV_ri64, MOV_rm, MOV_rr, POP_r, PUSH_r, RET, SUB_ri, SYSCALL,
} from "../../src/runtime/x86/instructions.ts";
import { mem, memRip, memRipLabel } from "../../src/runtime/x86/operands.ts";
import { RAX, RBP, RBX, RDI, RDX, RSI, RSP } from "../../src/runtime/x86/registers.ts";

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-elf-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function tool(command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 60_000, env: options.env ?? process.env });
  if (result.error) throw new Error(`cannot run ${command} (${result.error.message}): install binutils, gdb, file and libc-bin`);
  return result;
}

function output(command: string, args: string[]): string {
  const result = tool(command, args);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

let files = 0;
function writeBinary(image: ExecutableImage): string {
  const file = path.join(directory, `program-${files++}`);
  writeFileSync(file, writeExecutable(image));
  chmodSync(file, 0o755);
  return file;
}

/** Runs file with an empty environment, as `env -i` does. */
function runEmpty(file: string): SpawnSyncReturns<string> {
  return tool(file, [], { env: {} });
}

/** An assembler for text with the relocations its references need, and the symbols placed so far. */
class Program {
  readonly asm = new Assembler();
  readonly relocations: Relocation[] = [];
  readonly symbols: ElfSymbol[] = [];
  private openFunction: { name: string; start: number } | null = null;

  /** mov reg, imm64 holding the address of targetSection + targetOffset. */
  loadAddress(reg: number, targetSection: ImageSection, targetOffset: number): void {
    this.asm.ri(MOV_ri64, reg, 0);
    this.relocations.push({ section: "text", offset: this.asm.position() - 8, targetSection, targetOffset });
  }

  /** form reg, [rip + (target - end)]: a rip-relative operand to another section. */
  ripRelative(emit: (operand: ReturnType<typeof memRip>) => void, targetSection: ImageSection, targetOffset: number): void {
    emit(memRip(0));
    this.relocations.push({ kind: "rel32", section: "text", offset: this.asm.position() - 4, targetSection, targetOffset });
  }

  write(fd: number, reg: number, length: number): void {
    this.asm.rr(MOV_rr, RSI, reg);
    this.asm.ri(MOV_ri, RAX, 1);
    this.asm.ri(MOV_ri, RDI, fd);
    this.asm.ri(MOV_ri, RDX, length);
    this.asm.none(SYSCALL);
  }

  /** exit_group(status in rdi) */
  exit(): void {
    this.asm.ri(MOV_ri, RAX, 231);
    this.asm.none(SYSCALL);
  }

  begin(name: string): void {
    this.openFunction = { name, start: this.asm.position() };
  }

  end(): void {
    const f = this.openFunction!;
    this.symbols.push({ name: f.name, section: "text", offset: f.start, size: this.asm.position() - f.start, kind: "function" });
    this.openFunction = null;
  }

  image(parts: { rodata?: Uint8Array; data?: Uint8Array; bssSize?: number; relocations?: Relocation[]; symbols?: ElfSymbol[] }): ExecutableImage {
    const text = this.asm.bytes();
    return {
      text,
      rodata: parts.rodata ?? new Uint8Array(0),
      data: parts.data ?? new Uint8Array(0),
      bssSize: parts.bssSize ?? 0,
      entry: 0,
      relocations: [...this.relocations, ...assemblerRelocations(text, this.asm.relocations()), ...(parts.relocations ?? [])],
      symbols: [...this.symbols, ...(parts.symbols ?? [])],
    };
  }
}

function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function u64(...values: number[]): Uint8Array {
  const bytes = new Uint8Array(8 * values.length);
  values.forEach((v, i) => new DataView(bytes.buffer).setBigUint64(8 * i, BigInt(v), true));
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** write(1, "hello\n" in rodata, 6) through a rip-relative lea; exit 0. */
function helloImage(): ExecutableImage {
  const p = new Program();
  p.begin("hello.main");
  p.ripRelative((m) => p.asm.rm(LEA_rm, RBX, m), "rodata", 0);
  p.write(1, RBX, 6);
  p.asm.ri(MOV_ri, RDI, 0);
  p.exit();
  p.end();
  return p.image({ rodata: ascii("hello\n"), symbols: [{ name: "hello.greeting", section: "rodata", offset: 0, size: 6, kind: "object" }] });
}

/**
 * data = [40, pointer to "ok\n" in rodata]; rodata = ["ok\n" padded to 8, pointer to `answer` in
 * text]. Prints through the data pointer, calls through the rodata pointer (answer returns
 * data[0] + 2), leaves through a jump table entry the assembler made (dataLabelAddress) and exits
 * with the answer: 42.
 */
function dataImage(): ExecutableImage {
  const p = new Program();
  const answer = p.asm.newLabel();
  const leave = p.asm.newLabel();
  const table = p.asm.newLabel();
  p.begin("data.main");
  p.loadAddress(RBX, "data", 0);
  p.asm.rm(MOV_rm, RSI, mem(RBX, 8));
  p.write(1, RSI, 3);
  p.ripRelative((m) => p.asm.m(CALL_m, m), "rodata", 8);
  p.asm.rr(MOV_rr, RDI, RAX);
  p.asm.m(JMP_m, memRipLabel(table));
  p.asm.ri(MOV_ri, RDI, 99); // skipped when the jump table entry holds the right address
  p.asm.bind(leave);
  p.exit();
  p.asm.align(8);
  p.asm.bind(table);
  p.asm.dataLabelAddress(leave);
  p.end();
  p.begin("data.answer");
  p.asm.bind(answer);
  p.asm.rm(MOV_rm, RAX, mem(RBX, 0));
  p.asm.ri(ADD_ri, RAX, 2);
  p.asm.none(RET);
  p.end();
  return p.image({
    rodata: concat(ascii("ok\n\0\0\0\0\0"), u64(0)),
    data: u64(40, 0),
    relocations: [
      { section: "data", offset: 8, targetSection: "rodata", targetOffset: 0 },
      { section: "rodata", offset: 8, targetSection: "text", targetOffset: answer.position },
    ],
    symbols: [{ name: "data.values", section: "data", offset: 0, size: 16, kind: "object" }],
  });
}

const BSS_SIZE = 3 * 1024 * 1024 + 5;

/** Fills "bss\n" into the middle of a 3 MiB bss, prints it, exits with 7 + the last qword of bss (0). */
function bssImage(): ExecutableImage {
  const p = new Program();
  p.begin("bss.main");
  p.loadAddress(RBX, "bss", 0x180000);
  ascii("bss\n").forEach((byte, i) => p.asm.mi(MOV8_mi, mem(RBX, i), byte));
  p.write(1, RBX, 4);
  p.loadAddress(RBX, "bss", BSS_SIZE - 8);
  p.asm.rm(MOV_rm, RDI, mem(RBX, 0));
  p.asm.ri(ADD_ri, RDI, 7);
  p.exit();
  p.end();
  return p.image({ bssSize: BSS_SIZE, symbols: [{ name: "bss.buffer", section: "bss", offset: 0x180000, size: 4, kind: "object" }] });
}

describe("executables run", () => {
  it("write from rodata through a rip-relative (rel32) reference", () => {
    const result = runEmpty(writeBinary(helloImage()));
    expect(result.stdout).toBe("hello\n");
    expect(result.status).toBe(0);
  });

  it("read data, follow absolute pointers data -> rodata and rodata -> text, and jump through the assembler's table", () => {
    const result = runEmpty(writeBinary(dataImage()));
    expect(result.stdout).toBe("ok\n");
    expect(result.status).toBe(42);
  });

  it("use bss: writable and zeroed, with no data section", () => {
    const result = runEmpty(writeBinary(bssImage()));
    expect(result.stdout).toBe("bss\n");
    expect(result.status).toBe(7);
  });

  it("run under `env -i`", () => {
    const result = tool("env", ["-i", writeBinary(helloImage())], { env: {} });
    expect([result.stdout, result.status]).toEqual(["hello\n", 0]);
  });
});

// Each program does one thing the permissions forbid, then exits 0: only a fault (SIGSEGV) passes.
const FORBIDDEN: { what: string; emit: (p: Program) => void; image?: { rodata?: Uint8Array; data?: Uint8Array } }[] = [
  { what: "writing text", emit: (p) => { p.loadAddress(RAX, "text", 0); p.asm.mi(MOV8_mi, mem(RAX, 0), 0xc3); } },
  { what: "writing rodata", emit: (p) => { p.loadAddress(RAX, "rodata", 0); p.asm.mi(MOV8_mi, mem(RAX, 0), 0); }, image: { rodata: ascii("constant") } },
  { what: "executing data", emit: (p) => { p.loadAddress(RAX, "data", 0); p.asm.r(CALL_r, RAX); }, image: { data: new Uint8Array([0xc3]) } },
  { what: "executing rodata", emit: (p) => { p.loadAddress(RAX, "rodata", 0); p.asm.r(CALL_r, RAX); }, image: { rodata: new Uint8Array([0xc3]) } },
  { what: "executing the stack", emit: (p) => { p.asm.ri(SUB_ri, RSP, 16); p.asm.mi(MOV8_mi, mem(RSP, 0), 0xc3); p.asm.rr(MOV_rr, RAX, RSP); p.asm.r(CALL_r, RAX); } },
];

describe("segment permissions", () => {
  it.each(FORBIDDEN)("$what faults", ({ emit, image }) => {
    const p = new Program();
    emit(p);
    p.asm.ri(MOV_ri, RDI, 0);
    p.exit();
    const result = runEmpty(writeBinary(p.image(image ?? {})));
    expect(result.signal).toBe("SIGSEGV");
  });
});

interface Segment { type: string; offset: number; vaddr: number; fileSize: number; memSize: number; flags: string; align: number }

function segments(file: string): Segment[] {
  const lines = output("readelf", ["-W", "-l", file]).split("\n");
  return lines.flatMap((line) => {
    const m = /^\s+([A-Z_]+)\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x[0-9a-f]+ 0x([0-9a-f]+) 0x([0-9a-f]+) (.{3}) 0x([0-9a-f]+)$/.exec(line);
    if (!m) return [];
    const hex = (i: number) => parseInt(m[i]!, 16);
    return [{ type: m[1]!, offset: hex(2), vaddr: hex(3), fileSize: hex(4), memSize: hex(5), flags: m[6]!.replace(/ /g, ""), align: hex(7) }];
  });
}

function sections(file: string): Map<string, { type: string; address: number; size: number; flags: string }> {
  const found = new Map<string, { type: string; address: number; size: number; flags: string }>();
  for (const line of output("readelf", ["-W", "-S", file]).split("\n")) {
    // The flags column is 3 characters wide, right-aligned, and may be blank.
    const m = /^\s+\[\s*\d+\] (\S+)\s+(\S+)\s+([0-9a-f]+) [0-9a-f]+ ([0-9a-f]+) [0-9a-f]{2} (.{3})/.exec(line);
    if (m) found.set(m[1]!, { type: m[2]!, address: parseInt(m[3]!, 16), size: parseInt(m[4]!, 16), flags: m[5]!.trim() });
  }
  return found;
}

function symbols(file: string): Map<string, { address: number; size: number; type: string; section: string }> {
  const found = new Map<string, { address: number; size: number; type: string; section: string }>();
  for (const line of output("readelf", ["-W", "-s", file]).split("\n")) {
    const m = /^\s+\d+: ([0-9a-f]+)\s+(\d+) (\S+)\s+\S+\s+\S+\s+(\S+) (\S+)$/.exec(line);
    if (m) found.set(m[5]!, { address: parseInt(m[1]!, 16), size: Number(m[2]), type: m[3]!, section: m[4]! });
  }
  return found;
}

describe("headers", () => {
  it("an ELF64 x86-64 executable whose entry is the entry offset in .text", () => {
    const image = dataImage();
    const header = output("readelf", ["-W", "-h", writeBinary({ ...image, entry: 0 })]);
    expect(header).toMatch(/Class:\s+ELF64/);
    expect(header).toMatch(/Type:\s+EXEC/);
    expect(header).toMatch(/Machine:\s+Advanced Micro Devices X86-64/);
    const layout = layoutImage({ text: image.text.length, rodata: image.rodata.length, data: image.data.length, bss: 0 });
    expect(header).toContain(`Entry point address:               0x${layout.text.address.toString(16)}`);
  });

  it("three page-aligned loads R+X, R, RW (bss in memory only), a non-executable stack, nothing dynamic", () => {
    const image = { ...dataImage(), bssSize: 100_000 };
    const file = writeBinary(image);
    const found = segments(file);
    expect(found.map((s) => `${s.type} ${s.flags}`)).toEqual(["LOAD RE", "LOAD R", "LOAD RW", "GNU_STACK RW"]);
    for (const s of found.filter((s) => s.type === "LOAD")) {
      expect(s.align).toBe(PAGE_SIZE);
      expect(s.offset % PAGE_SIZE).toBe(s.vaddr % PAGE_SIZE);
      expect(s.vaddr % PAGE_SIZE).toBe(0);
    }
    const layout = layoutImage({ text: image.text.length, rodata: image.rodata.length, data: image.data.length, bss: image.bssSize });
    const [text, rodata, data] = found;
    expect(text!.vaddr).toBe(ELF_BASE);
    expect(text!.vaddr + text!.fileSize).toBe(layout.text.address + image.text.length);
    expect([rodata!.vaddr, rodata!.fileSize]).toEqual([layout.rodata.address, image.rodata.length]);
    expect([data!.vaddr, data!.fileSize]).toEqual([layout.data.address, image.data.length]);
    expect(data!.vaddr + data!.memSize).toBe(layout.bss.address + image.bssSize);
    expect(layout.bss.address).toBeGreaterThanOrEqual(layout.data.address + image.data.length);
    // The segments do not overlap.
    expect(text!.vaddr + text!.memSize).toBeLessThanOrEqual(rodata!.vaddr);
    expect(rodata!.vaddr + rodata!.memSize).toBeLessThanOrEqual(data!.vaddr);
  });

  it("leaves out the loads of empty sections", () => {
    expect(segments(writeBinary(helloImage())).map((s) => `${s.type} ${s.flags}`)).toEqual(["LOAD RE", "LOAD R", "GNU_STACK RW"]);
    expect(segments(writeBinary(bssImage())).map((s) => `${s.type} ${s.flags}`)).toEqual(["LOAD RE", "LOAD RW", "GNU_STACK RW"]);
  });

  it("section headers at the layout's addresses, with their flags", () => {
    const image = { ...dataImage(), bssSize: 64 };
    const found = sections(writeBinary(image));
    const layout = layoutImage({ text: image.text.length, rodata: image.rodata.length, data: image.data.length, bss: 64 });
    const expected: [string, string, string, ImageSection | null][] = [
      [".text", "PROGBITS", "AX", "text"], [".rodata", "PROGBITS", "A", "rodata"], [".data", "PROGBITS", "WA", "data"],
      [".bss", "NOBITS", "WA", "bss"], [".symtab", "SYMTAB", "", null], [".strtab", "STRTAB", "", null], [".shstrtab", "STRTAB", "", null],
    ];
    for (const [name, type, flags, section] of expected) {
      const s = found.get(name);
      expect(s, name).toBeDefined();
      expect([s!.type, s!.flags], name).toEqual([type, flags]);
      if (section) expect([s!.address, s!.size], name).toEqual([layout[section].address, layout[section].size]);
    }
  });

  it("`file` says statically linked, `ldd` not a dynamic executable", () => {
    const file = writeBinary(helloImage());
    expect(output("file", [file])).toMatch(/ELF 64-bit LSB executable, x86-64, .*statically linked/);
    const ldd = tool("ldd", [file]);
    expect(ldd.stdout + ldd.stderr).toContain("not a dynamic executable");
  });
});

/**
 * bf.run (the entry) calls Program.constructor, which stops at a breakpoint-friendly frame:
 * both functions keep rbp frames so that gdb can walk the stack without unwind tables.
 */
function namedImage(): { image: ExecutableImage; constructorOffset: number } {
  const p = new Program();
  const constructor = p.asm.newLabel();
  p.begin("bf.run");
  p.asm.r(PUSH_r, RBP);
  p.asm.rr(MOV_rr, RBP, RSP);
  p.asm.l(CALL_l, constructor);
  p.ripRelative((m) => p.asm.rm(LEA_rm, RBX, m), "rodata", 0);
  p.write(1, RBX, 3);
  p.asm.ri(MOV_ri, RDI, 0);
  p.exit();
  p.end();
  p.begin("Program.constructor");
  p.asm.bind(constructor);
  p.asm.r(PUSH_r, RBP);
  p.asm.rr(MOV_rr, RBP, RSP);
  p.loadAddress(RAX, "bss", 8);
  p.asm.mr(MOV_mr, mem(RAX, 0), RBP);
  p.asm.r(POP_r, RBP);
  p.asm.none(RET);
  p.end();
  const image = p.image({
    rodata: ascii("bf\n"),
    bssSize: 16,
    symbols: [
      { name: "bf.message", section: "rodata", offset: 0, size: 3, kind: "object" },
      { name: "bf.tape", section: "bss", offset: 8, size: 8, kind: "object" },
    ],
  });
  return { image, constructorOffset: constructor.position };
}

describe("symbols", () => {
  const { image, constructorOffset } = namedImage();
  const layout = layoutImage({ text: image.text.length, rodata: image.rodata.length, data: 0, bss: image.bssSize });
  const file = writeBinary(image);

  it("the program runs", () => {
    expect(runEmpty(file).stdout).toBe("bf\n");
  });

  it("readelf lists every symbol at its final address, with its size, type and section", () => {
    const found = symbols(file);
    const runSize = constructorOffset;
    expect(found.get("bf.run")).toEqual({ address: layout.text.address, size: runSize, type: "FUNC", section: "1" });
    expect(found.get("Program.constructor")).toEqual({
      address: sectionAddress(layout, "text", constructorOffset), size: image.text.length - constructorOffset, type: "FUNC", section: "1",
    });
    expect(found.get("bf.message")).toEqual({ address: layout.rodata.address, size: 3, type: "OBJECT", section: "2" });
    expect(found.get("bf.tape")).toEqual({ address: layout.bss.address + 8, size: 8, type: "OBJECT", section: "4" });
  });

  it("objdump -d names the functions, and the call's target", () => {
    const text = output("objdump", ["-d", "-M", "intel", file]);
    const hex = (n: number) => n.toString(16);
    expect(text).toContain(`${hex(layout.text.address).padStart(16, "0")} <bf.run>:`);
    const constructorAddress = sectionAddress(layout, "text", constructorOffset);
    expect(text).toContain(`${hex(constructorAddress).padStart(16, "0")} <Program.constructor>:`);
    expect(text).toMatch(new RegExp(`call\\s+${hex(constructorAddress)} <Program\\.constructor>`));
  });

  it("gdb finds functions by name, breaks in one and shows both frames by name", () => {
    // gdb shows an all-lowercase `a.b` as `a[b]` (gdb 13's own decoding of dotted names) unless
    // demangling is off; the symbol itself is `bf.run` either way.
    const result = tool("gdb", [
      "-nx", "-batch", "-ex", "set print demangle off", "-ex", "info address Program.constructor", "-ex", "info address bf.run",
      "-ex", "break Program.constructor", "-ex", "run", "-ex", "bt", file,
    ]);
    const constructorAddress = sectionAddress(layout, "text", constructorOffset);
    expect(result.stdout).toContain(`Symbol "Program.constructor" is at 0x${constructorAddress.toString(16)}`);
    expect(result.stdout).toContain(`Symbol "bf.run" is at 0x${layout.text.address.toString(16)}`);
    expect(result.stdout).toMatch(/Breakpoint 1, 0x[0-9a-f]+ in Program\.constructor \(\)/);
    expect(result.stdout).toMatch(/#0\s+0x[0-9a-f]+ in Program\.constructor \(\)/);
    expect(result.stdout).toMatch(/#1\s+0x[0-9a-f]+ in bf\.run \(\)/);
  });
});

describe("layout and relocations", () => {
  it("layoutImage depends on the sizes only and agrees with sectionAddress", () => {
    const sizes = { text: 5000, rodata: 10, data: 4097, bss: 3 };
    const layout = layoutImage(sizes);
    expect(layoutImage({ ...sizes })).toEqual(layout);
    for (const section of ["rodata", "data"] as const) expect(layout[section].address % PAGE_SIZE).toBe(0);
    expect(layout.text.address).toBeGreaterThan(ELF_BASE);
    expect(layout.rodata.address).toBeGreaterThanOrEqual(layout.text.address + 5000);
    expect(layout.bss.address).toBeGreaterThanOrEqual(layout.data.address + 4097);
    expect(sectionAddress(layout, "data", 4097)).toBe(layout.data.address + 4097);
    expect(() => sectionAddress(layout, "data", 4098)).toThrow(ElfError);
  });

  it("abs64 and rel32 slots receive the final addresses (read back from the file)", () => {
    const text = new Uint8Array(32);
    const image: ExecutableImage = {
      text, rodata: new Uint8Array(16), data: new Uint8Array(8), bssSize: 0, entry: 0, symbols: [],
      relocations: [
        { section: "text", offset: 0, targetSection: "data", targetOffset: 4 },
        { kind: "rel32", section: "text", offset: 8, targetSection: "rodata", targetOffset: 3 },
        { kind: "rel32", section: "text", offset: 12, end: 20, targetSection: "text", targetOffset: 0 },
        { section: "rodata", offset: 8, targetSection: "text", targetOffset: 32 },
      ],
    };
    const file = writeExecutable(image);
    const layout = layoutImage({ text: 32, rodata: 16, data: 8, bss: 0 });
    const view = new DataView(file.buffer);
    const at = (section: FileSection, offset: number) => layout[section].fileOffset + offset;
    expect(Number(view.getBigUint64(at("text", 0), true))).toBe(layout.data.address + 4);
    expect(view.getInt32(at("text", 8), true)).toBe(layout.rodata.address + 3 - (layout.text.address + 12));
    expect(view.getInt32(at("text", 12), true)).toBe(-20);
    expect(Number(view.getBigUint64(at("rodata", 8), true))).toBe(layout.text.address + 32);
  });

  const base: ExecutableImage = {
    text: new Uint8Array(16), rodata: new Uint8Array(8), data: new Uint8Array(0), bssSize: 8, entry: 0, relocations: [], symbols: [],
  };
  const refused: [string, Partial<ExecutableImage>, RegExp][] = [
    ["an entry outside text", { entry: 16 }, /entry 16 is outside \.text/],
    ["a slot past its section's end", { relocations: [{ section: "rodata", offset: 4, targetSection: "text", targetOffset: 0 }] }, /outside the section's bytes/],
    ["a slot in bss", { relocations: [{ section: "bss" as FileSection, offset: 0, targetSection: "text", targetOffset: 0 }] }, /outside the section's bytes/],
    ["a target past its section's end", { relocations: [{ section: "text", offset: 0, targetSection: "bss", targetOffset: 9 }] }, /offset 9 is outside \.bss/],
    ["a symbol past its section's end", { symbols: [{ name: "f", section: "text", offset: 8, size: 9, kind: "function" }] }, /symbol f .* runs past the end of \.text/],
    ["a symbol without a name", { symbols: [{ name: "", section: "text", offset: 0, size: 1, kind: "function" }] }, /needs a name/],
    ["a negative bss size", { bssSize: -1 }, /bss size -1/],
  ];
  it.each(refused)("refuses %s", (_, change, message) => {
    expect(() => writeExecutable({ ...base, ...change })).toThrow(message);
  });
});
