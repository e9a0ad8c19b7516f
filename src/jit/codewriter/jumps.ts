/**
 * Jump threading on an allocated listing (after register allocation, when the copies a link
 * needed may have become moves of a register to itself and gone): a jump to a label whose code
 * is only `goto X` jumps to X instead; code no jump reaches after a final instruction is dropped,
 * with the labels nothing names any more, and a `goto` to the very next label too. The listing
 * means the same; its `live` sets stay true (no path gains an instruction).
 */

import { JITCODE_INSN_TABLE } from "../../runtime/jit/jitcode-insns.js";
import type { AsmLine, AsmOperand } from "./assembler.js";

export function threadJumps(lines: readonly AsmLine[]): AsmLine[] {
  // where each label's code is only a goto: the label it goes to
  const forward = new Map<string, string>();
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (!("label" in line)) continue;
    let j = k + 1;
    while (j < lines.length && "label" in lines[j]!) j++;
    const next = lines[j];
    if (next && "insn" in next && next.insn === "goto") forward.set(line.label, (next.args[0] as { label: string }).label);
  }
  const resolve = (label: string): string => {
    const seen = new Set<string>();
    let at = label;
    while (forward.has(at) && !seen.has(at)) {
      seen.add(at);
      at = forward.get(at)!;
    }
    return at;
  };
  const rewrite = (arg: AsmOperand): AsmOperand => {
    if ("label" in arg) return { label: resolve(arg.label) };
    if ("switch" in arg) return { switch: arg.switch.map((c) => ({ value: c.value, label: resolve(c.label) })) };
    return arg;
  };
  let current: AsmLine[] = lines.map((line) => ("label" in line ? line : { ...line, args: line.args.map(rewrite) }));
  // drop what no jump reaches, unused labels and gotos to the next label, until nothing changes
  for (;;) {
    const named = new Set<string>();
    for (const line of current) if (!("label" in line)) for (const arg of line.args) {
      if ("label" in arg) named.add(arg.label);
      else if ("switch" in arg) for (const c of arg.switch) named.add(c.label);
    }
    const kept: AsmLine[] = [];
    let reachable = true;
    for (const line of current) {
      if ("label" in line) {
        if (!named.has(line.label)) continue;
        reachable = true;
        kept.push(line);
        continue;
      }
      if (!reachable) continue;
      kept.push(line);
      if (JITCODE_INSN_TABLE[line.insn].flags.includes("final")) reachable = false;
    }
    const result: AsmLine[] = [];
    for (let k = 0; k < kept.length; k++) {
      const line = kept[k]!;
      const next = kept[k + 1];
      if ("insn" in line && line.insn === "goto" && next && "label" in next && next.label === (line.args[0] as { label: string }).label) continue;
      result.push(line);
    }
    if (result.length === current.length) return result;
    current = result;
  }
}
