/**
 * Register allocation of a flattened jitcode (RPython's codewriter/regalloc.py and
 * tool/algo/color.py): per kind, an interference graph of the symbolic registers (a register
 * written by an instruction interferes with every other register live after it, except the
 * source of a copy; the arguments interfere with each other), colored greedily in the order of
 * first definition, each register preferring the color of a register it is copied from or to
 * (coalescing: the copy then becomes a move to itself and is dropped by the caller).
 *
 * Gives each symbolic register its number, and the count per kind.
 */

import type { RegKind } from "./assembler.js";
import { Reg, usesOf } from "./flat.js";
import type { FlatLiveness } from "./liveness.js";

export interface Allocation {
  readonly color: ReadonlyMap<Reg, number>;
  readonly counts: Readonly<Record<RegKind, number>>;
}

const COPIES: ReadonlySet<string> = new Set(["int_copy", "ref_copy", "float_copy"]);

export function allocateRegisters(liveness: FlatLiveness, params: readonly Reg[]): Allocation {
  const edges = new Map<Reg, Set<Reg>>();
  const related = new Map<Reg, Reg[]>();
  const order: Reg[] = [];
  const seen = new Set<Reg>();
  const node = (r: Reg) => {
    if (!seen.has(r)) {
      seen.add(r);
      order.push(r);
      edges.set(r, new Set());
      related.set(r, []);
    }
  };
  const interfere = (a: Reg, b: Reg) => {
    if (a === b || a.kind !== b.kind) return;
    edges.get(a)!.add(b);
    edges.get(b)!.add(a);
  };
  for (const p of params) node(p);
  for (const a of params) for (const b of params) interfere(a, b);
  liveness.insns.forEach((insn, k) => {
    for (const r of usesOf(insn)) node(r);
    const d = insn.result;
    if (!d) return;
    node(d);
    const source = COPIES.has(insn.insn) && insn.args[0] instanceof Reg ? insn.args[0] : undefined;
    if (source) {
      related.get(d)!.push(source);
      related.get(source)!.push(d);
    }
    for (const r of liveness.liveOut[k]!) if (r !== source) interfere(d, r);
  });
  const color = new Map<Reg, number>();
  const counts: Record<RegKind, number> = { i: 0, r: 0, f: 0 };
  for (const r of order) {
    const taken = new Set<number>();
    for (const other of edges.get(r)!) {
      const c = color.get(other);
      if (c !== undefined) taken.add(c);
    }
    let chosen = -1;
    for (const partner of related.get(r)!) {
      const c = color.get(partner);
      if (c !== undefined && !taken.has(c)) {
        chosen = c;
        break;
      }
    }
    if (chosen < 0) for (chosen = 0; taken.has(chosen); chosen++);
    color.set(r, chosen);
    counts[r.kind] = Math.max(counts[r.kind], chosen + 1);
  }
  return { color, counts };
}
