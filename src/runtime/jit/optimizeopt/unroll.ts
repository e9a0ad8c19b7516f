/**
 * Unrolling (RPython's optimizeopt/unroll.py, its core): a loop `label(A, descr=L) body
 * jump(J, descr=L)` is optimized twice, as a peeled first iteration (the preamble) and then as
 * the loop, which starts where the preamble ends and so knows what the preamble computed:
 *
 *     [i0, i1]                          [i0, i1]
 *     label(i0, i1, descr=L)            label(i0, i1, descr=L)
 *     i2 = int_mul(i1, 3)               i2 = int_mul(i1, 3)
 *     i3 = int_add(i0, i2)      ==>     i3 = int_add(i0, i2)
 *     jump(i3, i1, descr=L)             label(i3, i1, i2, descr=L-peeled)
 *                                       i4 = int_add(i3, i2)
 *                                       jump(i4, i1, i2, descr=L-peeled)
 *
 * The loop's label takes the preamble's jump values (a constant or a value already passed is
 * first copied by same_as, and a virtual object is forced). A label argument the jump passes
 * back unchanged is invariant: what the preamble learnt of it (bounds, class, pure operations on
 * it, guards it passed, loop-invariant calls) still holds in the loop, so the loop does not
 * compute or check it again (loop-invariant code motion); an invariant constant is no label
 * argument at all. What mentions the other (variant) label arguments is forgotten at the loop's
 * label (Optimizer.enterLoop), and so is the heap. Preamble values the loop uses become extra
 * arguments of its label and jump, passed unchanged.
 *
 * RPython's virtual state (keeping objects virtual across the jump) and short preamble (heap
 * reads hoisted) are not here. The loop's guards share their fail descriptors with the
 * preamble's copies (resume data, item 7, may split them). When the loop's jump does not pass an
 * invariant value back unchanged (another pass configuration proved it differently), the
 * unrolled trace would be wrong: the loop is then optimized without unrolling. RTS.
 */

import { type AbstractValue, Const, ResOperation, TargetToken, Trace } from "../history.js";
import { opnumOf, RESOPS } from "../resoperation.js";
import { Optimizer } from "./optimizer.js";

/** Where the loop's label is, when the trace is `... label(descr=L) ... jump(descr=L)` with one label; -1 otherwise. */
export function loopLabelIndex(trace: Trace): number {
  const ops = trace.operations;
  if (ops.length < 2) return -1;
  const jump = ops[ops.length - 1]!;
  if (RESOPS[jump.opnum]!.name !== "jump") return -1;
  let found = -1;
  for (let i = 0; i < ops.length - 1; i++) {
    if (RESOPS[ops[i]!.opnum]!.name !== "label") continue;
    if (found >= 0) return -1;
    found = i;
  }
  if (found < 0 || ops[found]!.descr !== jump.descr) return -1;
  if (ops[found]!.args.length !== jump.args.length) return -1;
  return found;
}

export function isUnrollable(trace: Trace): boolean {
  return loopLabelIndex(trace) >= 0;
}

function sameAsOf(kind: string): number {
  if (kind === "r") return opnumOf("same_as_r");
  if (kind === "f") return opnumOf("same_as_f");
  return opnumOf("same_as_i");
}

/** Unrolls the loop with the optimizer; null when the loop cannot be unrolled soundly (then optimize it without unroll). */
export function unrollLoop(optimizer: Optimizer, trace: Trace): Trace | null {
  const o = optimizer;
  const li = loopLabelIndex(trace);
  if (li < 0) return null;
  const ops = trace.operations;
  const label = ops[li]!;
  const jump = ops[ops.length - 1]!;
  o.begin(trace);
  // the preamble: everything up to the jump, as one pass would
  o.propagateRange(0, ops.length - 1, false);
  // the loop's label arguments
  const n = jump.args.length;
  const invariant: boolean[] = [];
  const loopArgs: AbstractValue[] = [];
  const loopPosition: number[] = [];
  const variant: AbstractValue[] = [];
  const constants: (AbstractValue | null)[] = [];
  for (let k = 0; k < n; k++) {
    const isInvariant = jump.args[k] === label.args[k];
    let value = o.force(o.mapArg(jump.args[k]!));
    invariant.push(isInvariant);
    if (isInvariant && value instanceof Const) {
      constants.push(value);
      continue;
    }
    constants.push(null);
    if (value instanceof Const || loopArgs.indexOf(value) >= 0) {
      const copy = o.newOp(sameAsOf(value.kind), [value], null);
      o.output.operations.push(copy);
      value = copy;
    }
    loopArgs.push(value);
    loopPosition.push(k);
    if (!isInvariant) variant.push(value);
  }
  const token = new TargetToken(`${label.descr === null ? "loop" : label.descr.name}-peeled`);
  const loopLabel = o.newOp(opnumOf("label"), loopArgs.slice(0), token);
  o.send(loopLabel);
  const loopStart = o.output.operations.length;
  o.enterLoop(variant);
  // the loop: the label's values are the new label's arguments
  for (let k = 0; k < n; k++) {
    const arg = label.args[k]!;
    if (arg.number < 0) continue;
    const constant = constants[k];
    if (constant !== undefined && constant !== null) {
      o.setInputMap(slotOfInput(arg), constant);
      continue;
    }
    o.setInputMap(slotOfInput(arg), loopArgs[loopPosition.indexOf(k)]!);
  }
  o.propagateRange(li + 1, ops.length - 1, true);
  const jumpArgs: AbstractValue[] = [];
  for (let j = 0; j < loopPosition.length; j++) jumpArgs.push(o.mapArg(jump.args[loopPosition[j]!]!));
  const loopJump = o.newOp(opnumOf("jump"), jumpArgs, token);
  o.send(loopJump);
  // an invariant value must come back unchanged
  for (let j = 0; j < loopPosition.length; j++) {
    if (invariant[loopPosition[j]!] && loopJump.args[j] !== loopArgs[j]) return null;
  }
  addExtraArguments(o.output, loopStart, loopLabel, loopJump);
  o.stats.hit("unroll_peeled");
  return o.finish();
}

/** The slot of a value of the input trace (optimizer.ts's slotOf, for its inputMap). */
function slotOfInput(value: AbstractValue): number {
  const kind = value.kind;
  return value.number * 4 + (kind === "i" ? 0 : kind === "r" ? 1 : kind === "f" ? 2 : 3);
}

/** Preamble values the loop uses become arguments of its label and jump. */
function addExtraArguments(output: Trace, loopStart: number, loopLabel: ResOperation, loopJump: ResOperation): void {
  const inLoop: AbstractValue[] = [];
  for (let i = loopStart; i < output.operations.length; i++) {
    const op = output.operations[i]!;
    if (op.kind !== "n") inLoop.push(op);
  }
  const extras: AbstractValue[] = [];
  for (let i = loopStart; i < output.operations.length; i++) {
    const op = output.operations[i]!;
    if (op === loopJump) continue;
    noteExtras(op.args, inLoop, loopLabel, extras);
    const failArgs = op.failArgs;
    if (failArgs !== null) noteExtras(failArgs, inLoop, loopLabel, extras);
  }
  for (let i = 0; i < extras.length; i++) {
    loopLabel.args.push(extras[i]!);
    loopJump.args.push(extras[i]!);
  }
}

function noteExtras(values: AbstractValue[], inLoop: AbstractValue[], loopLabel: ResOperation, extras: AbstractValue[]): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (v instanceof Const || v.kind === "n") continue;
    if (inLoop.indexOf(v) >= 0 || loopLabel.args.indexOf(v) >= 0 || extras.indexOf(v) >= 0) continue;
    extras.push(v);
  }
}
