/**
 * The effects of a residual call (RPython's codewriter/effectinfo.py and call.py's
 * getcalldescr): whether the callee can raise, can collect (allocate), which fields and arrays it
 * may read and write, and how much the optimizer must forget across it (the EF_* level). Found
 * cheaply, by walking every graph the callee reaches through direct calls: an indirect call, or
 * a callee without a graph, makes the effects random (anything may be read or written, and it
 * may raise and collect).
 *
 * Requires graphs before the exception transform (a raise is a link to the exceptblock; every
 * call may pass its callee's exception on).
 */

import { ArrayDescr, EF_CAN_RAISE, EF_CANNOT_RAISE, EF_ELIDABLE_CAN_RAISE, EF_ELIDABLE_CANNOT_RAISE, EF_RANDOM_EFFECTS, EffectInfo, FieldDescr } from "../../runtime/jit/history.js";
import { LLConstant, type LLFunctionRef, type LLGraph } from "../../llir/llgraph.js";
import { ArrayType, PtrType, StructType } from "../../llir/lltype.js";
import type { DescrFactory } from "./descriptors.js";

interface Effects {
  canRaise: boolean;
  canCollect: boolean;
  random: boolean;
  readsFields: Set<FieldDescr>;
  writesFields: Set<FieldDescr>;
  readsArrays: Set<ArrayDescr>;
  writesArrays: Set<ArrayDescr>;
}

export class EffectAnalyzer {
  private readonly cache = new Map<LLGraph, EffectInfo>();

  private readonly descrs: DescrFactory;

  constructor(descrs: DescrFactory) {
    this.descrs = descrs;
  }

  /** What a call of graph may do; elidable as its hint says. */
  effectOf(graph: LLGraph): EffectInfo {
    let info = this.cache.get(graph);
    if (!info) {
      info = this.analyze(graph);
      this.cache.set(graph, info);
    }
    return info;
  }

  /** The effects of a call nothing is known of (an indirect call, an LL operation's helper with side effects). */
  random(): EffectInfo {
    return new EffectInfo(EF_RANDOM_EFFECTS, true, true, [], [], [], []);
  }

  /** The effects of an LL operation's helper without side effects: elidable, neither raising nor collecting. */
  pure(): EffectInfo {
    return new EffectInfo(EF_ELIDABLE_CANNOT_RAISE, false, false, [], [], [], []);
  }

  private analyze(root: LLGraph): EffectInfo {
    const e: Effects = { canRaise: false, canCollect: false, random: false, readsFields: new Set(), writesFields: new Set(), readsArrays: new Set(), writesArrays: new Set() };
    const seen = new Set<LLGraph>([root]);
    const stack = [root];
    while (stack.length > 0) {
      const graph = stack.pop()!;
      for (const block of graph.iterBlocks()) {
        if (block.exits.some((link) => link.target === graph.exceptblock)) e.canRaise = true;
        for (const op of block.operations) {
          switch (op.opname) {
            case "direct_call": {
              const ref = (op.args[0] as LLConstant).value as LLFunctionRef;
              if (!ref.graph) e.random = true;
              else if (!seen.has(ref.graph)) {
                seen.add(ref.graph);
                stack.push(ref.graph);
              }
              break;
            }
            case "indirect_call":
            case "call_machine_code":
            case "call_machine_code_by_kind":
              e.random = true;
              break;
            case "malloc":
            case "malloc_varsize":
            case "identityhash":
              e.canCollect = true;
              break;
            case "getfield":
            case "setfield":
              this.field(op.args[0]!.type, op.args[1]!, op.opname === "getfield" ? e.readsFields : e.writesFields);
              break;
            case "getarrayitem":
            case "setarrayitem":
            case "getinteriorfield":
            case "setinteriorfield":
              this.array(op.args[0]!.type, op.opname.startsWith("get") ? e.readsArrays : e.writesArrays);
              break;
            case "getitemfield":
            case "setitemfield":
              this.itemField(op.args[0]!.type, op.args[2]!, op.opname === "getitemfield" ? e.readsArrays : e.writesArrays);
              break;
            case "stack_check":
              e.canRaise = true;
              break;
            default:
              break;
          }
        }
      }
    }
    const elidable = root.jitHints.includes("elidable");
    if (e.random) return new EffectInfo(elidable ? EF_ELIDABLE_CAN_RAISE : EF_RANDOM_EFFECTS, true, true, [], [], [], []);
    const extra = elidable ? (e.canRaise ? EF_ELIDABLE_CAN_RAISE : EF_ELIDABLE_CANNOT_RAISE) : e.canRaise ? EF_CAN_RAISE : EF_CANNOT_RAISE;
    return new EffectInfo(extra, e.canRaise, e.canCollect, [...e.readsFields], [...e.writesFields], [...e.readsArrays], [...e.writesArrays]);
  }

  private field(type: unknown, name: unknown, into: Set<FieldDescr>): void {
    if (!(type instanceof PtrType) || !(type.to instanceof StructType) || !type.to.gc) return;
    if (!(name instanceof LLConstant) || typeof name.value !== "string") return;
    into.add(this.descrs.field(type.to, name.value));
  }

  /** A field of the items of an array of inline structs: its own array descriptor (descriptors.ts itemField). */
  private itemField(type: unknown, name: unknown, into: Set<ArrayDescr>): void {
    if (!(type instanceof PtrType) || !(type.to instanceof ArrayType) || !type.to.gc) return;
    if (!(name instanceof LLConstant) || typeof name.value !== "string") return;
    into.add(this.descrs.itemField(type.to, name.value));
  }

  private array(type: unknown, into: Set<ArrayDescr>): void {
    if (!(type instanceof PtrType) || type.to.kind === "func" || !type.to.gc) return;
    const to = type.to;
    if (to instanceof ArrayType && (to.item instanceof StructType || to.item instanceof ArrayType)) return;
    if (to instanceof ArrayType || (to instanceof StructType && to.varsize)) into.add(this.descrs.array(to));
  }
}
