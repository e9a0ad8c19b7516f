/**
 * Flattening (RPython's codewriter/flatten.py): an LL graph's blocks laid out as one list of
 * labelled instructions on symbolic registers (flat.ts), the operations rewritten by
 * jtransform.ts, the block exits made explicit:
 *
 * - a link is the copies of its values into the target block's input registers, then a goto, or
 *   nothing when the target is laid out next (blocks are laid out depth first, each exit's
 *   target after its block when not yet laid out);
 * - a link to the return block is `<kind>_return value`, to the except block `raise value`;
 * - a Bool exit switch is `goto_if_not v, Lfalse`, fused with the comparison that computed v
 *   when nothing else reads v (`goto_if_not_int_lt a, b, Lfalse`); an integer or char switch is
 *   `switch v, <cases>` then the default link;
 * - after an operation that may raise ending a block (LAST_EXCEPTION), `catch_exception Lcatch`:
 *   the normal link, then at Lcatch `last_exc_value -> caught` and the catch link.
 *
 * A `live` goes before each instruction that may guard and after each call (the liveness sets are
 * liveness.ts's). Requires graphs before the exception transform. The copies of a link are
 * sequential: each target register is a distinct variable, and a source read later interferes
 * with a target written before it (regalloc.ts), so no two of them share a register.
 */

import { LLVariable, LL_CATCH, LL_DEFAULT, LL_LAST_EXCEPTION, type LLBlock, type LLGraph, type LLLink, type LLValue } from "../../llir/llgraph.js";
import { Bool } from "../../llir/lltype.js";
import { JITCODE_INSN_TABLE, type JitInsnName } from "../../runtime/jit/jitcode-insns.js";
import { kindOf } from "./descriptors.js";
import type { FlatInsn, FlatLine } from "./flat.js";
import { JTRANSFORM, type JTransformContext } from "./jtransform.js";

const KIND_NAMES = { i: "int", r: "ref", f: "float" } as const;

/** The comparisons a goto_if_not fuses with. */
const FUSED: Partial<Record<JitInsnName, JitInsnName>> = {
  int_lt: "goto_if_not_int_lt",
  int_le: "goto_if_not_int_le",
  int_eq: "goto_if_not_int_eq",
  int_ne: "goto_if_not_int_ne",
  int_gt: "goto_if_not_int_gt",
  int_ge: "goto_if_not_int_ge",
  ptr_nonzero: "goto_if_not_ptr_nonzero",
  ptr_iszero: "goto_if_not_ptr_iszero",
};

export function flattenGraph(graph: LLGraph, cx: JTransformContext): FlatLine[] {
  const out: FlatLine[] = [];
  const labels = new Map<LLBlock, string>();
  let nextLabel = 0;
  const freshLabel = () => `L${nextLabel++}`;

  const emit = (lines: readonly FlatLine[]) => {
    for (const line of lines) {
      if ("label" in line) {
        out.push(line);
        continue;
      }
      const entry = JITCODE_INSN_TABLE[line.insn];
      if (entry.flags.includes("guard")) out.push({ insn: "live", args: [{ liveHere: true }] });
      out.push(line);
      if (entry.flags.includes("call")) out.push({ insn: "live", args: [{ liveHere: true }] });
    }
  };

  const moves = (link: LLLink) => {
    for (let k = 0; k < link.args.length; k++) {
      const value = link.args[k]!;
      const target = link.target.inputargs[k]!;
      const kind = kindOf(target.type);
      if (kind === "v") continue;
      const to = cx.reg(target);
      const from = cx.value(value);
      if (from === to) continue;
      out.push({ insn: `${KIND_NAMES[kind]}_copy`, args: [from], result: to });
    }
  };

  /** The link's copies and a jump to its target (or its return or raise); gives the target when it is not laid out yet, to be laid out right here. */
  const follow = (link: LLLink): LLBlock | undefined => {
    if (link.target === graph.returnblock) {
      const value = link.args[0]!;
      const kind = kindOf(value.type);
      out.push(kind === "v" ? { insn: "void_return", args: [] } : { insn: `${KIND_NAMES[kind]}_return`, args: [cx.value(value)] });
      return undefined;
    }
    if (link.target === graph.exceptblock) {
      out.push({ insn: "raise", args: [cx.value(link.args[0]!)] });
      return undefined;
    }
    moves(link);
    const label = labels.get(link.target);
    if (label !== undefined) {
      out.push({ insn: "goto", args: [{ label }] });
      return undefined;
    }
    // laid out right here: no goto
    return link.target;
  };

  /** Lays out a block (not laid out yet) and, depth first, the blocks its exits reach: the fall-through first, then each other exit under its own label. */
  const layout = (block: LLBlock): void => {
    const label = freshLabel();
    labels.set(block, label);
    out.push({ label });
    const deferred: { label: string; link: LLLink; catching?: LLVariable | null }[] = [];
    for (const op of block.operations) {
      const rewrite = JTRANSFORM[op.opname];
      if (typeof rewrite !== "function") throw new Error(`internal error: ${graph.name}: the codewriter refuses ${op.opname} (${rewrite.refused}), but the policy let the graph in`);
      emit(rewrite(op, cx));
    }
    const sw = block.exitswitch;
    let next: LLBlock | undefined;
    if (sw === null) {
      next = follow(block.exits[0]!);
    } else if (sw === LL_LAST_EXCEPTION) {
      const normal = block.exits.find((link) => link.exitcase !== LL_CATCH)!;
      const catching = block.exits.find((link) => link.exitcase === LL_CATCH);
      if (catching) {
        const catchLabel = freshLabel();
        out.push({ insn: "catch_exception", args: [{ label: catchLabel }] });
        deferred.push({ label: catchLabel, link: catching, catching: catching.caught });
      }
      next = follow(normal);
    } else if (sw.type === Bool) {
      const onFalse = block.exits.find((link) => link.exitcase === false);
      const onTrue = block.exits.find((link) => link.exitcase === true);
      if (!onFalse || !onTrue) throw new Error(`internal error: ${graph.name}: a Bool switch without both exits`);
      const falseLabel = freshLabel();
      out.push(branch(sw, falseLabel, block));
      deferred.push({ label: falseLabel, link: onFalse });
      next = follow(onTrue);
    } else {
      const cases: { value: number; label: string }[] = [];
      let fallback: LLLink | undefined;
      for (const link of block.exits) {
        if (link.exitcase === LL_DEFAULT) {
          fallback = link;
          continue;
        }
        const caseLabel = freshLabel();
        cases.push({ value: Number(link.exitcase), label: caseLabel });
        deferred.push({ label: caseLabel, link });
      }
      out.push({ insn: "live", args: [{ liveHere: true }] });
      out.push({ insn: "switch", args: [cx.value(sw), { switch: cases }] });
      if (fallback) next = follow(fallback);
      else out.push({ insn: "debug_fatal", args: [{ descr: cx.descrs.site(graph.pos, `no case of the switch in ${graph.name}`) }] });
    }
    if (next) layout(next);
    for (const d of deferred) {
      out.push({ label: d.label });
      if (d.catching) out.push({ insn: "last_exc_value", args: [], result: cx.reg(d.catching) });
      const later = follow(d.link);
      if (later) layout(later);
    }
  };

  /** goto_if_not on v, fused with the comparison just emitted when v is read nowhere else (it is block-local: only the exits' links could). */
  const branch = (v: LLValue, falseLabel: string, block: LLBlock): FlatInsn => {
    const last = out[out.length - 1];
    const usedOnLinks = block.exits.some((link) => link.args.includes(v));
    if (v instanceof LLVariable && last && "insn" in last && last.result === cx.reg(v) && !usedOnLinks) {
      const fused = FUSED[last.insn];
      if (fused) {
        out.pop();
        return { insn: fused, args: [...last.args, { label: falseLabel }] };
      }
    }
    return { insn: "goto_if_not", args: [cx.value(v), { label: falseLabel }] };
  };

  layout(graph.startblock);
  // a fused branch guards: give it its `live` (the comparison it replaced had none)
  // (and two `live` in a row, after a call and before a guard, are one)
  const withLive: FlatLine[] = [];
  const isLive = (line: FlatLine | undefined) => line !== undefined && "insn" in line && line.insn === "live";
  for (const line of out) {
    if ("insn" in line && line.insn.startsWith("goto_if_not") && !isLive(withLive[withLive.length - 1])) withLive.push({ insn: "live", args: [{ liveHere: true }] });
    if (isLive(line) && isLive(withLive[withLive.length - 1])) continue;
    withLive.push(line);
  }
  return withLive;
}
