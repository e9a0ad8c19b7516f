/**
 * `rts translate --dump-asm FUNCTION`: one function's machine code after code generation,
 * disassembled by the target, with the TypeScript source line beside each block. The code
 * generator records where each function and each of its blocks starts (FunctionListing); this
 * file finds the function by name and formats the text. Target-independent.
 */

import { UserError } from "../frontend/diagnostic.js";
import type { SourcePos } from "../llir/llgraph.js";
import { layoutImage, sectionAddress, writeExecutable } from "./elf.js";
import type { CodegenResult, Target } from "./target.js";

/** One decoded instruction. */
export interface Instruction {
  address: number;
  bytes: Uint8Array;
  /** The target's objdump text (Intel syntax on x86-64). */
  text: string;
  /** The address a jump, call or pc-relative operand refers to. */
  target: number | undefined;
}

/** Where a function's code is, as the code generator recorded it. */
export interface FunctionListing {
  /** Its symbol (`bf.run`, `Program.constructor`, `_start`). */
  name: string;
  /** Offset and size in .text (jump tables after the code included). */
  offset: number;
  size: number;
  /** Where each block's code starts, with the position of its first operation that has one. */
  blocks: { offset: number; pos: SourcePos | undefined; what?: string }[];
  /** Data inside the function's range (jump tables): printed as words, not decoded. */
  data: { offset: number; size: number }[];
}

/** Reads a line of a source file (1-based), or undefined. */
export type SourceLines = (file: string, line: number) => string | undefined;

/** The function's listing, or a UserError naming the functions whose names are nearest. */
export function findFunction(code: CodegenResult, name: string): FunctionListing {
  const found = code.listing.find((f) => f.name === name);
  if (found) return found;
  const near = nearNames(code.listing.map((f) => f.name), name);
  const hint = near.length > 0 ? `; near names: ${near.join(", ")}` : "";
  throw new UserError(undefined, undefined, undefined, `--dump-asm: no function named '${name}' in the translated program${hint}`);
}

/** Up to 8 names nearest to wanted: those containing it (or contained in it, case-insensitive) first, then by edit distance. */
export function nearNames(names: readonly string[], wanted: string): string[] {
  const lower = wanted.toLowerCase();
  const scored = names.map((name) => {
    const n = name.toLowerCase();
    const last = n.slice(n.lastIndexOf(".") + 1);
    const contains = n.includes(lower) || (last.length > 2 && lower.includes(last));
    return { name, score: contains ? 0 : 1 + editDistance(n, lower) };
  });
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return scored
    .filter((s) => s.score === 0 || s.score - 1 <= limit)
    .sort((a, b) => a.score - b.score || a.name.length - b.name.length || (a.name < b.name ? -1 : 1))
    .slice(0, 8)
    .map((s) => s.name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}

/** The text of one function's listing: a header, then per block its source line, then its instructions at their final addresses. */
export function formatListing(target: Target, code: CodegenResult, fn: FunctionListing, sourceLine: SourceLines): string {
  const { image } = code;
  const layout = layoutImage({ text: image.text.length, rodata: image.rodata.length, data: image.data.length, bss: image.bssSize }, target.machine.pageSize);
  const base = sectionAddress(layout, "text", 0);
  // The code as linked: rip-relative references to data hold their final displacements.
  const file = writeExecutable(image, target.machine);
  const text = file.subarray(layout.text.fileOffset, layout.text.fileOffset + image.text.length);
  const symbols = image.symbols
    .map((sym) => ({ name: sym.name, start: sectionAddress(layout, sym.section, sym.offset), size: sym.size }))
    .sort((a, b) => a.start - b.start);
  const hex = (n: number) => n.toString(16).padStart(8, "0");
  const lines: string[] = [`${hex(base + fn.offset)} <${fn.name}>: ${fn.size} bytes (${target.name})`];
  const blocks = [...fn.blocks].sort((a, b) => a.offset - b.offset);
  const data = [...fn.data].sort((a, b) => a.offset - b.offset);
  const end = fn.offset + fn.size;
  let at = fn.offset;
  let nextBlock = 0;
  const header = (offset: number) => {
    for (; nextBlock < blocks.length && blocks[nextBlock]!.offset <= offset; nextBlock++) {
      const block = blocks[nextBlock]!;
      if (block.what !== undefined) lines.push(`  ; ${block.what}`);
      else if (block.pos) {
        const text = sourceLine(block.pos.file, block.pos.line);
        lines.push(`  ; ${block.pos.file}:${block.pos.line}${text === undefined ? "" : `: ${text.trim()}`}`);
      } else lines.push("  ; (no source position)");
    }
  };
  while (at < end) {
    const table = data.find((d) => d.offset === at);
    const stop = Math.min(end, data.find((d) => d.offset > at)?.offset ?? end);
    if (table) {
      lines.push(`  ; jump table, ${table.size} bytes`);
      for (let i = 0; i < table.size; i += 4) {
        const word = new DataView(text.buffer, text.byteOffset + table.offset + i, 4).getInt32(0, true);
        lines.push(`  ${hex(base + table.offset + i)}:  .long ${word}`);
      }
      at = table.offset + table.size;
      continue;
    }
    for (const instruction of target.disassemble(text, at, stop, base)) {
      header(instruction.address - base);
      const bytes = Array.from(instruction.bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
      const target_ = instruction.target !== undefined ? targetComment(symbols, instruction.target, instruction.text) : "";
      lines.push(`  ${hex(instruction.address)}:  ${bytes.padEnd(30)} ${instruction.text}${target_}`);
    }
    at = stop;
  }
  return lines.join("\n") + "\n";
}

/** `  # 0x401234 <name+0x10>`: the address a jump, call or rip-relative operand refers to, and the symbol it falls in. */
function targetComment(symbols: readonly { name: string; start: number; size: number }[], address: number, text: string): string {
  let lo = 0;
  let hi = symbols.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (symbols[mid]!.start <= address) lo = mid + 1;
    else hi = mid;
  }
  const sym = symbols[lo - 1];
  // A jump or call shows its target in its text already (`jmp 0x401234`).
  const written = `0x${address.toString(16)}`;
  const where = text.endsWith(written) ? "  #" : `  # ${written}`;
  if (!sym || address >= sym.start + Math.max(sym.size, 1)) return where === "  #" ? "" : where;
  const delta = address - sym.start;
  return `${where} <${sym.name}${delta === 0 ? "" : `+0x${delta.toString(16)}`}>`;
}
