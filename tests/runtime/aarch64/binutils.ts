/**
 * GNU binutils for AArch64 as the oracle for the A64 encoders: aarch64-linux-gnu-objdump
 * disassembles our words, aarch64-linux-gnu-as assembles the text we expect, so that a test asks
 * both "does our code mean what we think?" and "is it the encoding GNU as would have chosen?".
 * One process per batch. A missing tool is a test failure saying what to install, never a skip.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Disassembled {
  address: number;
  /** The word as objdump prints it (8 hex digits). */
  word: string;
  /** objdump's text, mnemonic and operands separated by one space, comments dropped. */
  text: string;
}

function run(tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) {
    throw new Error(`cannot run ${tool} (${result.error.message}): the AArch64 encoding tests need apt-get install -y binutils-aarch64-linux-gnu`);
  }
  if (result.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

function withTempDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rts-a64-"));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Normalises objdump's `mnemonic\toperands\t// comment` to `mnemonic operands`. */
export function normalise(text: string): string {
  return text.replace(/\s*\/\/.*$/, "").trim().replace(/^(\S+)\s+/, "$1 ");
}

/** aarch64-linux-gnu-objdump -D -b binary -m aarch64 of code (addresses from 0), one entry per word. */
export function objdump(code: Uint8Array): Disassembled[] {
  return withTempDir((dir) => {
    const file = path.join(dir, "code.bin");
    writeFileSync(file, code);
    const out = run("aarch64-linux-gnu-objdump", ["-D", "-b", "binary", "-m", "aarch64", file]);
    const lines: Disassembled[] = [];
    for (const line of out.split("\n")) {
      const match = /^\s*([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$/.exec(line);
      if (match) lines.push({ address: parseInt(match[1]!, 16), word: match[2]!, text: normalise(match[3]!) });
    }
    return lines;
  });
}

/** aarch64-linux-gnu-as on lines of assembly; the bytes of .text. */
export function gas(lines: string[]): Uint8Array {
  return withTempDir((dir) => {
    const source = path.join(dir, "code.s");
    const object = path.join(dir, "code.o");
    const binary = path.join(dir, "code.bin");
    writeFileSync(source, `${lines.join("\n")}\n`);
    run("aarch64-linux-gnu-as", ["-o", object, source]);
    run("aarch64-linux-gnu-objcopy", ["-O", "binary", "-j", ".text", object, binary]);
    return new Uint8Array(readFileSync(binary));
  });
}

/** The little-endian word at offset at, as objdump prints it. */
export function wordHex(code: Uint8Array, at: number): string {
  return new DataView(code.buffer, code.byteOffset, code.byteLength).getUint32(at, true).toString(16).padStart(8, "0");
}
