// The machine-code primitives of rts/system (src/lib/system.ts) untranslated: code memory on the
// simulated memory keeps its protection (a store into code made read+execute throws, as it faults
// in the binary), calls of machine code throw MachineCodeError, functionAddress gives stable
// distinct addresses; and the annotator's refusals of what the translated primitives cannot take.
// The translated primitives are tested in tests/backend-x86/machine-code.test.ts.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  MachineCodeError,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  callMachineCode,
  callMachineCodeByKind,
  callMachineCodeByKindFloat,
  functionAddress,
  loadByte,
  osMmapCode,
  osMprotect,
  osMunmap,
  resetSimulatedMemory,
  storeByte,
  storeWord,
} from "../../src/lib/system.ts";
import { runRts } from "../helpers/run-rts.ts";

beforeEach(() => resetSimulatedMemory());

describe("code memory on the simulated memory", () => {
  it("is writable when mapped, read-only once made read+execute, writable again when made read+write", () => {
    const code = osMmapCode(100);
    expect(code % 4096).toBe(0);
    storeByte(code, 0, 0xc3);
    expect(osMprotect(code, 100, PROT_READ | PROT_EXEC)).toBe(0);
    expect(loadByte(code, 0)).toBe(0xc3);
    expect(() => storeByte(code, 0, 0x90)).toThrow(/write to address 0x[0-9a-f]+, which osMprotect made read-only/);
    expect(() => storeWord(code, 4088, 1)).toThrow(/read-only/);
    expect(osMprotect(code, 4096, PROT_READ | PROT_WRITE)).toBe(0);
    storeByte(code, 0, 0x90);
    expect(loadByte(code, 0)).toBe(0x90);
  });

  it("protects whole pages, and only mapped ones", () => {
    const code = osMmapCode(3 * 4096);
    expect(osMprotect(code + 4096, 1, PROT_READ)).toBe(0);
    storeByte(code, 4095, 1);
    expect(() => storeByte(code, 4096, 1)).toThrow(/read-only/);
    expect(() => storeByte(code, 8191, 1)).toThrow(/read-only/);
    storeByte(code, 8192, 1);
    expect(osMprotect(code + 1, 4096, PROT_READ)).toBe(-22); // EINVAL: not page-aligned
    expect(osMprotect(code, 4096, 16)).toBe(-22); // EINVAL: not a protection this memory knows
    expect(osMprotect(code + 3 * 4096, 4096, PROT_READ)).toBe(-12); // ENOMEM: not mapped
    expect(osMunmap(code, 3 * 4096)).toBe(0);
    expect(osMprotect(code, 4096, PROT_READ)).toBe(-12);
  });
});

describe("calls of machine code untranslated", () => {
  it("throw MachineCodeError saying that machine code runs only in a translated binary", () => {
    const message = /^callMachineCode\(0x1000\): machine code runs only in a translated binary \(rts translate\); untranslated \(rts run\) and in the LL interpreter \(rts run --llinterp\) there is none to call$/;
    expect(() => callMachineCode(4096, 1, 2)).toThrow(MachineCodeError);
    expect(() => callMachineCode(4096, 1, 2)).toThrow(message);
    expect(() => callMachineCodeByKind(4096, [1], [2.5])).toThrow(/^callMachineCodeByKind\(0x1000\): machine code runs only in a translated binary/);
    expect(() => callMachineCodeByKindFloat(4096, [], [])).toThrow(/^callMachineCodeByKindFloat\(0x1000\): machine code runs only/);
  });

  it("functionAddress gives each function one address, distinct from the others' and from memory", () => {
    const f = (a: number) => a + 1;
    const g = (a: number) => a + 2;
    expect(functionAddress(f)).toBe(functionAddress(f));
    expect(functionAddress(g)).not.toBe(functionAddress(f));
    expect(() => loadByte(functionAddress(f), 0)).toThrow(/unmapped/);
  });
});

describe("the annotator's checks of the machine-code primitives", () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), "rts-machine-code-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("refuses what the translated primitives cannot take, each at its position", async () => {
    const target = path.join(directory, "bad.ts");
    writeFileSync(
      target,
      `import { callMachineCode, callMachineCodeByKind, functionAddress } from "rts/system";

function named(a: number): string {
  return "a" + a;
}

export function main(argv: string[]): number {
  const a = functionAddress(named);
  const b = callMachineCodeByKind(a, [1.5, argv.length], []);
  const c = callMachineCode(a, 0.5);
  const d = functionAddress(argv.length > 1 ? named : main);
  return a + b + c + d;
}
`,
    );
    const result = await runRts(["annotate", target], { cwd: directory });
    expect(result.status).not.toBe(0);
    const errors = result.stderr.split("\n").filter((line) => /^bad\.ts:\d+:\d+: error:/.test(line));
    expect(errors).toEqual([
      "bad.ts:8:13: error: functionAddress() takes a function that returns an integer or nothing (machine code reads rax), but named returns string",
      "bad.ts:9:13: error: argument 2 of callMachineCodeByKind() must be an array of integers, got an array of float",
      "bad.ts:10:13: error: argument 2 of callMachineCode() must be an integer, got float (after a test that Number.isInteger(x) is true, x is an integer)",
      expect.stringMatching(/^bad\.ts:11:13: error: argument 1 of functionAddress\(\) must be one function of the program \(a constant, not a variable\), got function main \| function named$/),
    ]);
  });
});
