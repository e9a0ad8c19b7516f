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
 * first copied by same_as). A virtual struct the jump passes stays virtual (RPython's virtual
 * state, for trees of structs): the label takes its fields' values instead, the loop starts with
 * a virtual of the same shape made of them, and the loop's jump must pass a virtual of that
 * shape again, whose fields it passes; other virtuals are forced (and so is one a delayed store
 * made escape: the delayed stores are emitted before the label's values are taken). A label
 * argument the jump passes back unchanged (as recorded, or as the preamble found it: `ptr + 1 - 1`
 * is ptr; if the loop does not find it so again, the loop is unrolled again without that) is
 * invariant: what the preamble learnt of it (bounds, class, pure operations on
 * it, guards it passed, loop-invariant calls) still holds in the loop, so the loop does not
 * compute or check it again (loop-invariant code motion); an invariant constant, or a constant
 * the jump passes (a promoted value, as the meta-interpreter records it), is no label
 * argument at all. What mentions the other (variant) label arguments is forgotten at the loop's
 * label (Optimizer.enterLoop), and so is the heap (but for the immutable fields and the
 * lengths of invariant objects: heap.ts). Preamble values the loop uses become extra
 * arguments of its label and jump, passed unchanged.
 *
 * The short preamble (RPython's shortpreamble.py, for heap reads): what the heap knows at the
 * end of the preamble of a field of an invariant object, or of an item of an invariant array at
 * an invariant or constant index (heap.ts's ShortHeapEntry), is known in the loop too: the
 * loop's label gets an extra argument for it (a same_as copy of the preamble's value), the loop
 * starts knowing the field or item is that argument, and the loop's jump passes what the heap
 * knows of it then, or reads it just before the jump when the loop forgot it (a call, a store
 * that may alias it). Only the entries the loop uses stay (the others' copies go):
 *
 *     [i0, p1]                                   ...
 *     label(i0, p1, descr=L)                     i2 = getfield_gc_i(p1, descr=f)
 *     i2 = getfield_gc_i(p1, descr=f)            i3 = int_add(i2, i0)
 *     i3 = int_add(i2, i0)              ==>      setfield_gc(p1, i3, descr=f)
 *     setfield_gc(p1, i3, descr=f)               i4 = same_as_i(i3)
 *     jump(i0, p1, descr=L)                      label(i0, p1, i4, descr=L-peeled)
 *                                                i5 = int_add(i4, i0)
 *                                                setfield_gc(p1, i5, descr=f)
 *                                                jump(i0, p1, i5, descr=L-peeled)
 *
 * Whoever else enters the loop (a bridge, another loop) jumps to its first label, the
 * preamble's, with the recorded label's arguments (metainterp/loops.ts): the peeled label's extra
 * arguments are passed by the loop's own jump only.
 *
 * RPython's virtual state for arrays and strings, and its short preamble for pure operations,
 * are not here. The loop's guards share their fail descriptors with the
 * preamble's copies (harmless: the warm runner reads a failing guard's virtuals from its operation). When the loop's jump does not pass an
 * invariant value back unchanged (another pass configuration proved it differently), or passes
 * a virtual of another shape, or one virtual is reachable from two positions, the unrolled trace
 * would be wrong: the loop is then optimized without unrolling (`unroll_failed`). RTS.
 */

import { type AbstractValue, Const, FieldDescr, ResOperation, SizeDescr, TargetToken, Trace } from "../history.js";
import { VirtualStructInfo } from "./info.js";
import { opnumOf, RESOPS } from "../resoperation.js";
import { OptHeap, ShortHeapEntry } from "./heap.js";
import { Optimizer, sameAsOf, slotOf } from "./optimizer.js";

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

/**
 * The shape of a virtual object carried by the jump (RPython's virtual state, for structs): its
 * size descriptor and allocating operation, and its fields in order, each a leaf (a label
 * argument) or another virtual.
 */
export class VirtualShape {
  readonly descr: SizeDescr;
  readonly allocOpnum: number;
  readonly knownClass: number;
  readonly fieldDescrs: FieldDescr[];
  readonly children: (VirtualShape | null)[];

  constructor(descr: SizeDescr, allocOpnum: number, knownClass: number) {
    this.descr = descr;
    this.allocOpnum = allocOpnum;
    this.knownClass = knownClass;
    this.fieldDescrs = [];
    this.children = [];
  }
}

/** The shape of a virtual struct and its leaves (in order), or null when it is not a tree of virtual structs. */
function shapeOf(o: Optimizer, value: AbstractValue, seen: AbstractValue[], leaves: AbstractValue[]): VirtualShape | null {
  const info = o.virtualStruct(value);
  if (info === null || seen.indexOf(o.getBox(value)) >= 0) return null;
  seen.push(o.getBox(value));
  const d = info.descr;
  if (!(d instanceof SizeDescr)) return null;
  const allocation = info.allocation;
  const shape = new VirtualShape(d, allocation instanceof ResOperation ? allocation.opnum : opnumOf("new"), info.knownClass);
  for (let i = 0; i < info.fieldDescrs.length; i++) {
    const fieldValue = o.getBox(info.fieldValues[i]!);
    shape.fieldDescrs.push(info.fieldDescrs[i]!);
    if (o.virtualStruct(fieldValue) !== null) {
      const child = shapeOf(o, fieldValue, seen, leaves);
      if (child === null) return null;
      shape.children.push(child);
    } else {
      if (o.isVirtual(fieldValue)) return null;
      shape.children.push(null);
      leaves.push(fieldValue);
    }
  }
  return shape;
}

/** The leaves of a virtual of the loop's end, when it has the shape; false when it does not. */
function leavesMatching(o: Optimizer, value: AbstractValue, shape: VirtualShape, leaves: AbstractValue[]): boolean {
  const info = o.virtualStruct(value);
  if (info === null || info.descr !== shape.descr || info.fieldDescrs.length !== shape.fieldDescrs.length) return false;
  for (let i = 0; i < shape.fieldDescrs.length; i++) {
    const fieldValue = info.getField(shape.fieldDescrs[i]!);
    if (fieldValue === null) return false;
    const child = shape.children[i];
    if (child !== undefined && child !== null) {
      if (!leavesMatching(o, fieldValue, child, leaves)) return false;
    } else {
      const leaf = o.getBox(fieldValue);
      if (o.isVirtual(leaf)) return false;
      leaves.push(leaf);
    }
  }
  return true;
}

/** A new virtual of the shape whose leaves are label arguments from `at` on; gives the next position. */
function buildVirtual(o: Optimizer, shape: VirtualShape, leaves: AbstractValue[], at: number, out: AbstractValue[]): number {
  const allocation = o.newOp(shape.allocOpnum, [], shape.descr);
  const info = new VirtualStructInfo(allocation, shape.descr, shape.knownClass);
  o.setPtrInfo(allocation, info);
  let next = at;
  for (let i = 0; i < shape.fieldDescrs.length; i++) {
    const child = shape.children[i];
    if (child !== undefined && child !== null) {
      const built: AbstractValue[] = [];
      next = buildVirtual(o, child, leaves, next, built);
      info.setField(shape.fieldDescrs[i]!, built[0]!);
    } else {
      info.setField(shape.fieldDescrs[i]!, leaves[next]!);
      next++;
    }
  }
  out.push(allocation);
  return next;
}

/**
 * Unrolls the loop with the optimizer; null when the loop cannot be unrolled soundly (then
 * optimize it without unroll). With `proved`, a label argument is invariant also when the
 * preamble found the value its jump passes to be the label's (`ptr + 1 - 1`); when the loop
 * does not find it so again, the stat `unroll_proved_invariant_changed` says so (then unroll
 * again without `proved`).
 */
export function unrollLoop(optimizer: Optimizer, trace: Trace, proved: boolean): Trace | null {
  const o = optimizer;
  const li = loopLabelIndex(trace);
  if (li < 0) return null;
  const ops = trace.operations;
  const label = ops[li]!;
  const jump = ops[ops.length - 1]!;
  o.begin(trace);
  // the preamble: everything up to the jump, as one pass would
  o.propagateRange(0, ops.length - 1, false);
  const preambleValues = labelValuesOf(o.output, label);
  // the delayed stores go first (the label would emit them): a virtual stored escapes, and is
  // not carried as a virtual (that would make it two objects in the loop)
  const heap = heapPass(o);
  if (heap !== null) heap.forceAllLazySets();
  // the loop's label arguments: per position, a constant (invariant), a value, or a virtual's leaves
  const n = jump.args.length;
  const loopArgs: AbstractValue[] = [];
  const argInvariant: boolean[] = [];
  const variant: AbstractValue[] = [];
  const constants: (AbstractValue | null)[] = [];
  const shapes: (VirtualShape | null)[] = [];
  const firstArg: number[] = [];
  const carried: AbstractValue[] = [];
  const provedInvariant: boolean[] = [];
  const firstOnly: AbstractValue[] = [];
  for (let k = 0; k < n; k++) {
    // a constant the jump passes (the meta-interpreter passes a promoted value as its constant) is
    // that constant at every iteration, as the label's own invariant constants are
    let value = o.mapArg(jump.args[k]!);
    const recorded = jump.args[k] === label.args[k] || jump.args[k] instanceof Const;
    // the preamble found the value passed to be the label's own (the loop must find it again: checked at its jump)
    const found = proved && !recorded && k < preambleValues.length && value === preambleValues[k];
    const isInvariant = recorded || found;
    // the preamble's value at the label, at a position the jump changes, is its first iteration's only
    if (!isInvariant && k < preambleValues.length) firstOnly.push(preambleValues[k]!);
    firstArg.push(loopArgs.length);
    // a virtual carried by the jump stays virtual: its leaves are passed instead (RPython's virtual state)
    const leaves: AbstractValue[] = [];
    const seen: AbstractValue[] = [];
    const shape = isInvariant ? null : shapeOf(o, value, seen, leaves);
    // a virtual reachable from two positions would become two objects in the loop: give up unrolling
    for (let j = 0; j < seen.length; j++) {
      if (carried.indexOf(seen[j]!) >= 0) return null;
      carried.push(seen[j]!);
    }
    shapes.push(shape);
    if (shape !== null) {
      constants.push(null);
      for (let j = 0; j < leaves.length; j++) {
        const leaf = labelValue(o, leaves[j]!, loopArgs);
        loopArgs.push(leaf);
        argInvariant.push(false);
        provedInvariant.push(false);
        variant.push(leaf);
      }
      o.stats.hit("unroll_virtual_carried");
      continue;
    }
    value = o.force(value);
    if (isInvariant && value instanceof Const) {
      constants.push(value);
      continue;
    }
    constants.push(null);
    value = labelValue(o, value, loopArgs);
    loopArgs.push(value);
    argInvariant.push(isInvariant);
    provedInvariant.push(found);
    if (!isInvariant) variant.push(value);
  }
  // the short preamble's candidates (of objects and indexes that are the same in every iteration):
  // each gets a copy of its value, a label argument if the loop uses it
  const changing = variant.slice(0);
  for (let j = 0; j < firstOnly.length; j++) changing.push(firstOnly[j]!);
  const shorts: ShortHeapEntry[] = heap === null ? [] : heap.shortEntries(changing);
  for (let j = 0; j < shorts.length; j++) {
    const e = shorts[j]!;
    const copy = o.newOp(sameAsOf(e.value.kind), [e.value], null);
    o.output.operations.push(copy);
    e.labelArg = copy;
    variant.push(copy);
  }
  const token = new TargetToken(`${label.descr === null ? "loop" : label.descr.name}-peeled`);
  const loopLabel = o.newOp(opnumOf("label"), loopArgs.slice(0), token);
  o.send(loopLabel);
  const loopStart = o.output.operations.length;
  o.enterLoop(variant);
  if (heap !== null) heap.importShort(shorts);
  // the loop: the label's values are the new label's arguments (or virtuals made of them)
  for (let k = 0; k < n; k++) {
    const arg = label.args[k]!;
    if (arg.number < 0) continue;
    const constant = constants[k];
    const shape = shapes[k];
    if (constant !== undefined && constant !== null) {
      o.setInputMap(slotOf(arg), constant);
    } else if (shape !== undefined && shape !== null) {
      const built: AbstractValue[] = [];
      buildVirtual(o, shape, loopArgs, firstArg[k]!, built);
      o.setInputMap(slotOf(arg), built[0]!);
    } else {
      o.setInputMap(slotOf(arg), loopArgs[firstArg[k]!]!);
    }
  }
  o.propagateRange(li + 1, ops.length - 1, true);
  // the delayed stores go first, as at the preamble's end (the jump would emit them)
  if (heap !== null) heap.forceAllLazySets();
  let jumpArgs = loopJumpArgs(o, jump, constants, shapes);
  if (jumpArgs === null) return null;
  if (heap !== null && shorts.length > 0) {
    // the short preamble's entries the loop uses (its operations, its jump or the values passed
    // for other entries use their label argument) get their values at the jump: what the heap
    // knows, or a read of invariant values; a virtual is allocated to be passed (a virtual the
    // jump carries too would become two objects: then no unrolling)
    let forced = false;
    let more = true;
    while (more) {
      more = false;
      const used = usedInLoop(o, loopStart, jumpArgs, shorts);
      for (let j = 0; j < shorts.length; j++) {
        const e = shorts[j]!;
        if (e.jumpValue !== null || !isMarked(used, e.labelArg)) continue;
        let value = heap.shortJumpValue(e);
        if (o.isVirtual(value)) {
          value = o.force(value);
          forced = true;
        }
        e.jumpValue = value;
        more = true;
      }
    }
    if (forced) {
      jumpArgs = loopJumpArgs(o, jump, constants, shapes);
      if (jumpArgs === null) return null;
    }
    for (let j = 0; j < shorts.length; j++) {
      const e = shorts[j]!;
      const value = e.jumpValue;
      if (value === null) continue;
      loopLabel.args.push(e.labelArg);
      jumpArgs.push(value);
      o.stats.hit("unroll_short_preamble");
    }
  }
  const loopJump = o.newOp(opnumOf("jump"), jumpArgs, token);
  o.send(loopJump);
  // an invariant value must come back unchanged
  for (let j = 0; j < loopArgs.length; j++) {
    if (argInvariant[j] === true && loopJump.args[j] !== loopArgs[j]) {
      if (provedInvariant[j] === true) o.stats.hit("unroll_proved_invariant_changed");
      return null;
    }
  }
  addExtraArguments(o.output, loopStart, loopLabel, loopJump);
  dropUnusedCopies(o.output, shorts);
  o.stats.hit("unroll_peeled");
  return o.finish();
}

/** The arguments of the output's copy of the input's label: the preamble's values at the label (none when it is not found). */
function labelValuesOf(output: Trace, label: ResOperation): AbstractValue[] {
  for (let i = 0; i < output.operations.length; i++) {
    const op = output.operations[i]!;
    if (op.opnum === label.opnum && op.descr === label.descr) return op.args;
  }
  return [];
}

/** The heap pass of the chain, or null. */
function heapPass(o: Optimizer): OptHeap | null {
  for (let i = 0; i < o.passes.length; i++) {
    const pass = o.passes[i]!;
    if (pass instanceof OptHeap) return pass;
  }
  return null;
}

/** The loop's jump arguments for the original jump's: a carried virtual's leaves; null when a virtual does not have its shape. */
function loopJumpArgs(o: Optimizer, jump: ResOperation, constants: (AbstractValue | null)[], shapes: (VirtualShape | null)[]): AbstractValue[] | null {
  const jumpArgs: AbstractValue[] = [];
  for (let k = 0; k < jump.args.length; k++) {
    const constant = constants[k];
    if (constant !== undefined && constant !== null) continue;
    const shape = shapes[k];
    if (shape !== undefined && shape !== null) {
      if (!leavesMatching(o, o.mapArg(jump.args[k]!), shape, jumpArgs)) return null;
    } else {
      jumpArgs.push(o.mapArg(jump.args[k]!));
    }
  }
  return jumpArgs;
}

/**
 * Marks by slot of the values the loop uses: its operations' arguments and fail arguments, and
 * what its jump will pass (the jump's values and the short preamble entries' values found so
 * far, with the fields of those that are virtual: the jump allocates them).
 */
function usedInLoop(o: Optimizer, loopStart: number, jumpArgs: AbstractValue[], shorts: ShortHeapEntry[]): boolean[] {
  const used: boolean[] = [];
  const output = o.output;
  for (let i = loopStart; i < output.operations.length; i++) {
    const op = output.operations[i]!;
    markValues(used, op.args);
    const failArgs = op.failArgs;
    if (failArgs !== null) markValues(used, failArgs);
  }
  const seen: AbstractValue[] = [];
  for (let k = 0; k < jumpArgs.length; k++) markReachable(o, used, jumpArgs[k]!, seen);
  for (let j = 0; j < shorts.length; j++) {
    const value = shorts[j]!.jumpValue;
    if (value !== null) markReachable(o, used, value, seen);
  }
  return used;
}

/** Marks a value and, when it is virtual, the values of its fields or items (forcing it stores them). */
function markReachable(o: Optimizer, used: boolean[], value: AbstractValue, seen: AbstractValue[]): void {
  const v = o.getBox(value);
  if (v.number < 0 || seen.indexOf(v) >= 0) return;
  seen.push(v);
  mark(used, v);
  const struct = o.virtualStruct(v);
  if (struct !== null) {
    for (let i = 0; i < struct.fieldValues.length; i++) markReachable(o, used, struct.fieldValues[i]!, seen);
  }
  const array = o.virtualArray(v);
  if (array !== null) {
    for (let i = 0; i < array.items.length; i++) {
      const item = array.items[i];
      if (item !== undefined && item !== null) markReachable(o, used, item, seen);
    }
  }
}

function markValues(marked: boolean[], values: AbstractValue[]): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (v.number >= 0) mark(marked, v);
  }
}

/** The same_as copies of the short preamble's entries the loop does not use go. */
function dropUnusedCopies(output: Trace, shorts: ShortHeapEntry[]): void {
  const unused: AbstractValue[] = [];
  for (let j = 0; j < shorts.length; j++) {
    const e = shorts[j]!;
    if (e.jumpValue === null) unused.push(e.labelArg);
  }
  if (unused.length === 0) return;
  const kept: ResOperation[] = [];
  for (let i = 0; i < output.operations.length; i++) {
    const op = output.operations[i]!;
    if (unused.indexOf(op) < 0) kept.push(op);
  }
  output.operations.length = 0;
  for (let i = 0; i < kept.length; i++) output.operations.push(kept[i]!);
}

/** A value as a label argument: a constant, or a value already passed, is first copied by same_as. */
function labelValue(o: Optimizer, value: AbstractValue, loopArgs: AbstractValue[]): AbstractValue {
  if (!(value instanceof Const) && loopArgs.indexOf(value) < 0) return value;
  const copy = o.newOp(sameAsOf(value.kind), [value], null);
  o.output.operations.push(copy);
  return copy;
}

/** Preamble values the loop uses become arguments of its label and jump. */
function addExtraArguments(output: Trace, loopStart: number, loopLabel: ResOperation, loopJump: ResOperation): void {
  // marks by slot (optimizer.ts's slotOf): defined in the loop or already passed
  const marked: boolean[] = [];
  for (let i = loopStart; i < output.operations.length; i++) {
    const op = output.operations[i]!;
    if (op.kind !== "n") mark(marked, op);
  }
  for (let k = 0; k < loopLabel.args.length; k++) mark(marked, loopLabel.args[k]!);
  const extras: AbstractValue[] = [];
  for (let i = loopStart; i < output.operations.length; i++) {
    const op = output.operations[i]!;
    if (op === loopJump) continue;
    noteExtras(op.args, marked, extras);
    const failArgs = op.failArgs;
    if (failArgs !== null) noteExtras(failArgs, marked, extras);
  }
  for (let i = 0; i < extras.length; i++) {
    loopLabel.args.push(extras[i]!);
    loopJump.args.push(extras[i]!);
  }
}

function mark(marked: boolean[], value: AbstractValue): void {
  const slot = slotOf(value);
  while (marked.length <= slot) marked.push(false);
  marked[slot] = true;
}

function isMarked(marked: boolean[], value: AbstractValue): boolean {
  const slot = slotOf(value);
  return slot < marked.length && marked[slot] === true;
}

function noteExtras(values: AbstractValue[], marked: boolean[], extras: AbstractValue[]): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (v instanceof Const || v.kind === "n" || isMarked(marked, v)) continue;
    mark(marked, v);
    extras.push(v);
  }
}
