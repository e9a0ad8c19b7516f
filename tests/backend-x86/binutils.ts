/**
 * GNU binutils as the oracle for the x86-64 encoders: objdump disassembles our bytes, and GNU as
 * assembles the text we expect, so that a test can ask both "does our code mean what we think?"
 * and "is it the encoding GNU as would have chosen?". One process per batch. A missing tool is a
 * test failure with a message saying what to install, never a skip.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Disassembled {
  address: number;
  bytes: string;
  /** objdump's text, with the mnemonic and operands separated by one space and comments dropped. */
  text: string;
  /** The address objdump computes for a rip-relative operand (its `# 0x...` comment), or undefined. */
  ripTarget: number | undefined;
}

function run(tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) {
    throw new Error(`cannot run ${tool} (${result.error.message}): the x86-64 encoding tests need GNU binutils (apt-get install -y binutils)`);
  }
  if (result.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

function withTempDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rts-x86-"));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Normalises objdump's `mnemonic   operands   # comment` to `mnemonic operands`. */
export function normalise(text: string): string {
  return text.replace(/\s+#.*$/, "").trim().replace(/^(\S+)\s+/, "$1 ");
}

/** objdump -D -b binary -m i386:x86-64 -M intel of code (addresses from 0), one entry per instruction. */
export function objdump(code: Uint8Array): Disassembled[] {
  return withTempDir((dir) => {
    const file = path.join(dir, "code.bin");
    writeFileSync(file, code);
    const out = run("objdump", ["-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", "--insn-width=16", file]);
    const lines: Disassembled[] = [];
    for (const line of out.split("\n")) {
      const match = /^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*\t(.*)$/.exec(line);
      if (!match) continue;
      const comment = /#\s*0x([0-9a-f]+)\s*$/.exec(match[3]!);
      lines.push({
        address: parseInt(match[1]!, 16),
        bytes: match[2]!,
        text: normalise(match[3]!),
        ripTarget: comment ? parseInt(comment[1]!, 16) : undefined,
      });
    }
    return lines;
  });
}

/** GNU as on Intel-syntax lines; the bytes of .text. */
export function gas(lines: string[]): Uint8Array {
  return withTempDir((dir) => {
    const source = path.join(dir, "code.s");
    const object = path.join(dir, "code.o");
    const binary = path.join(dir, "code.bin");
    writeFileSync(source, `.intel_syntax noprefix\n${lines.join("\n")}\n`);
    run("as", ["--64", "-o", object, source]);
    run("objcopy", ["-O", "binary", "-j", ".text", object, binary]);
    return new Uint8Array(readFileSync(binary));
  });
}

export function hexBytes(code: Uint8Array, start: number, end: number): string {
  return Array.from(code.subarray(start, end), (b) => b.toString(16).padStart(2, "0")).join(" ");
}
