/**
 * Liveness of a flattened jitcode (RPython's codewriter/liveness.py, on symbolic registers): for
 * each instruction, the registers whose values a later instruction may read (live out), by a
 * backward fixpoint over the flat code's control flow (fall-through, labels, switches;
 * `catch_exception` may jump). The `live` instructions' sets and the register allocator's
 * interferences both come from it.
 */

import { JITCODE_INSN_TABLE } from "../../runtime/jit/jitcode-insns.js";
import { labelsOf, usesOf, type FlatInsn, type FlatLine, type Reg } from "./flat.js";

export interface FlatLiveness {
  /** The instructions, without the labels. */
  readonly insns: readonly FlatInsn[];
  /** The registers live after each instruction. */
  readonly liveOut: readonly ReadonlySet<Reg>[];
}

export function computeLiveness(lines: readonly FlatLine[]): FlatLiveness {
  const insns: FlatInsn[] = [];
  const labelAt = new Map<string, number>();
  for (const line of lines) {
    if ("label" in line) labelAt.set(line.label, insns.length);
    else insns.push(line);
  }
  const successors = insns.map((insn, k) => {
    const next: number[] = [];
    const final = JITCODE_INSN_TABLE[insn.insn].flags.includes("final");
    if (!final && k + 1 < insns.length) next.push(k + 1);
    for (const label of labelsOf(insn)) {
      const at = labelAt.get(label);
      if (at === undefined) throw new Error(`internal error: label ${label} is not defined`);
      if (at < insns.length) next.push(at);
    }
    return next;
  });
  const liveIn: Set<Reg>[] = insns.map(() => new Set());
  const liveOut: Set<Reg>[] = insns.map(() => new Set());
  let changed = true;
  while (changed) {
    changed = false;
    for (let k = insns.length - 1; k >= 0; k--) {
      const out = liveOut[k]!;
      for (const s of successors[k]!) for (const r of liveIn[s]!) if (!out.has(r)) {
        out.add(r);
        changed = true;
      }
      const insn = insns[k]!;
      const into = liveIn[k]!;
      for (const r of out) if (r !== insn.result && !into.has(r)) {
        into.add(r);
        changed = true;
      }
      for (const r of usesOf(insn)) if (!into.has(r)) {
        into.add(r);
        changed = true;
      }
    }
  }
  return { insns, liveOut };
}
