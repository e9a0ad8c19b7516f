// `rts translate --dump-asm FUNCTION`: after translating, one function's machine code as the
// project's own disassembler reads it (src/backend-x86/disassembler.ts), block by block with the
// TypeScript line each block starts at, jump tables as words; the same instructions as GNU
// objdump reads in the executable at the same addresses; an unknown function is a user error
// (status 2, the nearest names, no stack trace). One translation for the file (--opt 0, so that
// the small functions are not inlined away).

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRts, type Completed } from "../helpers/run-rts.ts";

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-dump-asm-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const SOURCE = `function classify(n: number): number {
  switch (n % 8) {
    case 0:
      return 10;
    case 1:
      return 21;
    case 2:
      return 32;
    case 3:
      return 43;
    case 4:
      return 54;
    default:
      return n * 3;
  }
}

export function main(argv: string[]): number {
  let total = 0;
  for (let i = 0; i < argv.length * 100; i++) total += classify(i);
  console.log(String(total));
  return 0;
}
`;
writeFileSync(path.join(directory, "prog.ts"), SOURCE);
const sourceLines = SOURCE.split("\n");

let dumped: Completed;
beforeAll(async () => {
  dumped = await runRts(["translate", "prog.ts", "--opt", "0", "--dump-asm", "prog.classify"], { cwd: directory });
}, 120_000);

/** The listing's instruction lines: address -> text. */
function listed(stdout: string): Map<number, string> {
  const lines = new Map<number, string>();
  for (const line of stdout.split("\n")) {
    const match = /^ {2}([0-9a-f]{8}): {2}((?:[0-9a-f]{2} )*[0-9a-f]{2}) +(\S.*?)(?: {2}#.*)?$/.exec(line);
    if (match) lines.set(parseInt(match[1]!, 16), match[3]!);
  }
  return lines;
}

describe("rts translate --dump-asm", () => {
  it("prints the function with each block's source line, its jump table as words, and writes the executable", () => {
    expect(dumped.status, dumped.stderr).toBe(0);
    const out = dumped.stdout;
    expect(out).toMatch(/translated prog\.ts into prog-c/);
    expect(out).toMatch(/^[0-9a-f]{8} <prog\.classify>: \d+ bytes \(x86-64\)$/m);
    expect(out).toContain("  ; prologue");
    expect(out).toContain("  ; epilogue");
    // Block headers quote the line they start at.
    const headers = [...out.matchAll(/^ {2}; prog\.ts:(\d+): (.*)$/gm)];
    expect(headers.length).toBeGreaterThanOrEqual(2);
    for (const [, line, text] of headers) expect(sourceLines[Number(line) - 1]!.trim()).toBe(text);
    expect(headers.map((h) => h[2])).toEqual(expect.arrayContaining(["switch (n % 8) {", "return n * 3;"]));
    // Five cases and no gaps: a dense switch, jumped to through a table of 32-bit offsets.
    expect(out).toMatch(/; jump table, 20 bytes\n( {2}[0-9a-f]{8}: {2}\.long -?\d+\n){5}/);
    expect(out).toMatch(/ret$/m);
  });

  it("reads every instruction as GNU objdump reads the executable", () => {
    // objdump decodes the jump table as code too, so the code after it is read from its end.
    const table = /^ {2}; jump table, (\d+) bytes\n {2}([0-9a-f]{8}):/m.exec(dumped.stdout)!;
    const tableStart = parseInt(table[2]!, 16);
    const start = parseInt(/^([0-9a-f]{8}) <prog\.classify>/m.exec(dumped.stdout)![1]!, 16);
    const ranges = [[`--start-address=0x${start.toString(16)}`, `--stop-address=0x${tableStart.toString(16)}`], [`--start-address=0x${(tableStart + Number(table[1])).toString(16)}`, `--stop-address=0x${(tableStart + 0x100).toString(16)}`]];
    const theirs = new Map<number, string>();
    for (const range of ranges) {
      const objdump = spawnSync("objdump", ["-d", "-M", "intel", "--no-show-raw-insn", ...range, path.join(directory, "prog-c")], { encoding: "utf8" });
      if (objdump.error) throw new Error(`cannot run objdump (${objdump.error.message}): install binutils`);
      readObjdump(objdump.stdout, theirs);
    }
    const ours = listed(dumped.stdout);
    expect(ours.size).toBeGreaterThan(20);
    expect([...ours.keys()].some((a) => a > tableStart)).toBe(true);
    for (const [address, text] of ours) expect(`${address.toString(16)}: ${theirs.get(address)}`).toBe(`${address.toString(16)}: ${text}`);
  });

  function readObjdump(stdout: string, theirs: Map<number, string>) {
    for (const line of stdout.split("\n")) {
      const match = /^\s+([0-9a-f]+):\t(.*)$/.exec(line);
      if (!match) continue;
      // objdump names jump targets by symbol (`je 401234 <f+0x10>`) and comments rip targets.
      const text = match[2]!.replace(/\s+#.*$/, "").trim().replace(/^(\S+)\s+/, "$1 ").replace(/ ([0-9a-f]+) <[^>]*>$/, " 0x$1");
      theirs.set(parseInt(match[1]!, 16), text);
    }
  }

  it("an unknown function is a user error naming the nearest functions", async () => {
    const result = await runRts(["translate", "prog.ts", "--opt", "0", "--dump-asm", "prog.clasify"], { cwd: directory });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no function named 'prog\.clasify'.*near names: .*prog\.classify/);
    expect(result.stderr).not.toMatch(/^\s+at .*(\.js|node:)/m);
    expect(result.stderr).not.toContain("internal error");
  }, 120_000);
});
