/**
 * Constant folding and propagation (RPython's translator/backendopt/constfold.py).
 *
 * Within a block: an operation over constants is computed now and its result replaced by the
 * constant; copies (same_as) and casts of constants are propagated. Across blocks: an input
 * argument that every incoming link passes the same constant becomes that constant. An
 * exitswitch that became a constant keeps only the exit it selects, so the other branches
 * become unreachable (and vanish from the graph, which is what is reachable from its start).
 *
 * Which operations fold comes from the flags of lloperation.ts's table: those without effect,
 * allocation or exception, that are pure or may fail. One that may fail (an _ovf, a division, a
 * bounds check) folds only when computing it shows it does not fail here; otherwise it stays,
 * to fail at run time at its own position. Memory is not constant: a prebuilt object's fields
 * and items change at run time, so an operation that reads memory (the table's `read` flag:
 * getfield, getarrayitem, raw_load, ...) never folds, whatever its operands and result type.
 * Other operations with pointer operands fold only when they test identity (a Bool or Void
 * result): null tests, pointer comparisons, check_nonnull.
 *
 * jit_we_are_jitted folds to false: backendopt's graphs are ahead-of-time code (the codewriter
 * has taken its own before; src/rtyper/opt/README.md).
 *
 * The value of a folded operation is what the LL interpreter computes for it, by construction:
 * the operation is run on its own in a one-block graph, so the semantics are never written twice.
 */

import { LLBlock, LLConstant, LLGraph, LLLink, LLOperation, LLVariable, LL_DEFAULT, type LLValue } from "../../llir/llgraph.js";
import { LLInterpreter } from "../../llir/llinterp.js";
import { llOpInfo } from "../../llir/lloperation.js";
import { Address, Bool, PrimitiveType, Ptr, PtrType, Void, type LLType } from "../../llir/lltype.js";
import { OBJECT } from "../rclass.js";
import { incomingLinks, isInnerBlock, removeInputArg, renamed, renameUses, sameConstant, withArgs, type Renaming } from "./graph-edit.js";

/**
 * Folds constants in graph until nothing changes; returns how many operations and exits were
 * folded. One folder may serve every graph of a translation (optimizeGraphs makes one per call).
 */
export function constantFold(graph: LLGraph, folder = new ConstantFolder()): number {
  let total = 0;
  for (;;) {
    let changed = 0;
    for (const block of graph.iterBlocks()) changed += folder.foldBlock(block);
    changed += propagateInputs(graph);
    if (changed === 0) return total;
    total += changed;
  }
}

/** A value that a constant can hold for the interpreter to compute with (not memory, not an address). */
function isPlainValue(type: LLType): boolean {
  return type instanceof PrimitiveType && type !== Address && type !== Void;
}

/** Whether the operation may be computed now, its operands being constants. */
function foldable(op: LLOperation): boolean {
  const info = llOpInfo(op.opname);
  if (info.sideEffects || info.canRaise || info.canAllocate || info.readsMemory || !(info.pure || info.canFail)) return false;
  if (!op.args.every((a) => a instanceof LLConstant)) return false;
  const identityTest = op.result.type === Bool || op.result.type === Void;
  const operandOk = (a: LLValue) => a.type === Void || isPlainValue(a.type) || (a.type instanceof PtrType && identityTest);
  return op.args.every(operandOk) && (isPlainValue(op.result.type) || op.result.type === Void);
}

/** Computes operations on constants; its interpreter only ever holds prebuilt objects, which never change here. */
export class ConstantFolder {
  private readonly interp = new LLInterpreter();

  /** Folds the operations and the exitswitch of one block; returns how many. */
  foldBlock(block: LLBlock): number {
    const renaming: Renaming = new Map();
    const kept: LLOperation[] = [];
    let folded = 0;
    for (const original of block.operations) {
      const op = original.args.some((a) => a instanceof LLVariable && renaming.has(a)) ? withArgs(original, original.args.map((a) => renamed(a, renaming))) : original;
      const value = this.valueOf(op);
      if (value === undefined) {
        kept.push(op);
        continue;
      }
      renaming.set(op.result, value);
      folded++;
    }
    block.operations = kept;
    renameUses(block, renaming);
    const sw = block.exitswitch;
    if (sw instanceof LLConstant && block.exits.length > 1) {
      const link = block.exits.find((l) => l.exitcase === sw.value) ?? block.exits.find((l) => l.exitcase === LL_DEFAULT);
      if (link) {
        link.exitcase = null;
        block.closeBlock([link], null);
        folded++;
      }
    } else if (sw instanceof LLConstant) {
      block.exitswitch = null;
      block.exits[0]!.exitcase = null;
    }
    return folded;
  }

  /** What the operation's result is known to be (Void for a check known to pass), or undefined. */
  private valueOf(op: LLOperation): LLValue | undefined {
    const [first] = op.args;
    if (op.opname === "same_as" && first!.type === op.result.type) return first;
    if (op.opname === "cast_pointer" && op.args[1] instanceof LLConstant) return new LLConstant(op.args[1].value, op.result.type);
    // Backendopt optimises ahead-of-time code only: the codewriter takes the graphs it makes
    // jitcodes of before backendopt runs (RPython's order, and its replace_we_are_jitted), so
    // here rts.weAreJitted() is false, as the LL interpreter and the backends say.
    if (op.opname === "jit_we_are_jitted") return new LLConstant(false, Bool);
    if (!foldable(op)) return undefined;
    return this.compute(op);
  }

  /** Runs the operation alone in the LL interpreter; undefined if it fails. */
  private compute(op: LLOperation): LLConstant | undefined {
    const type = op.result.type;
    const start = new LLBlock([]);
    const result = new LLVariable(type);
    start.operations.push(new LLOperation(op.opname, op.args, result, op.pos));
    const graph = new LLGraph(`fold_${op.opname}`, start, type, Ptr(OBJECT), op.pos);
    start.closeBlock([new LLLink([result], graph.returnblock)]);
    let value;
    try {
      value = this.interp.call(graph, []);
    } catch {
      return undefined; // a fatal error (or a value the interpreter cannot hold): it happens at run time
    }
    return new LLConstant(type === Void ? null : (value as number | boolean), type);
  }
}

/** Input arguments that receive the same constant from every link become that constant. */
function propagateInputs(graph: LLGraph): number {
  const incoming = incomingLinks(graph);
  let propagated = 0;
  for (const block of graph.iterBlocks()) {
    if (!isInnerBlock(graph, block)) continue;
    const links = incoming.get(block) ?? [];
    if (links.length === 0) continue;
    const renaming: Renaming = new Map();
    for (let i = block.inputargs.length - 1; i >= 0; i--) {
      const first = links[0]!.args[i]!;
      if (first instanceof LLConstant && links.every((l) => sameConstant(l.args[i]!, first))) {
        renaming.set(block.inputargs[i]!, first);
        removeInputArg(block, i, links);
        propagated++;
      }
    }
    renameUses(block, renaming);
  }
  return propagated;
}
