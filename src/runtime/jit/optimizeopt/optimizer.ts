/**
 * The optimizer's driver (RPython's optimizeopt/optimizer.py): threads each operation of a trace
 * through the chain of passes, keeps what is known of each value, and collects the optimized
 * trace.
 *
 * Values. The optimized trace is new: each operation of the input is copied (its copy keeps its
 * number, so that names stay readable; operations a pass adds get fresh numbers), with its
 * arguments replaced by what they stand for now. A pass that removes an operation says what its
 * result equals instead (`makeEqual`: another value or a constant); `getBox` follows those
 * forwardings to the representative, and what is known of a value (IntBound, PtrInfo, a
 * virtual's fields) is kept for its representative, by number.
 *
 * The chain. Each pass is an Optimization: `propagateForward(op)` decides, and `emit(op)` hands the
 * operation to the next pass; after the last, `emitFinal` puts it in the output, forcing (emitting)
 * any virtual object among its arguments, and giving a guard its fail arguments: the
 * representatives of its frame's values, with virtual objects described (guard-virtuals.ts).
 * A pass does its postprocessing after `emit` returns (RPython's propagate_postprocess).
 *
 * RTS: passes are instances of classes, dispatching on the operation's name; no closures.
 */

import type { TraceCPU } from "../trace-cpu.js";
import { type AbstractValue, ArrayDescr, Const, ConstFloat, ConstInt, ConstPtr, Descr, FieldDescr, ResOperation, SizeDescr, Trace } from "../history.js";
import { opnumOf, RESOPS } from "../resoperation.js";
import { GuardWithVirtuals, VirtualDescription } from "./guard-virtuals.js";
import { IntBound, PtrInfo, unbounded, VirtualArrayInfo, VirtualInfo, VirtualStructInfo } from "./info.js";
import { OptStats } from "./stats.js";

/** One pass of the chain (RPython's Optimization). The default passes every operation on. */
export class Optimization {
  readonly optimizer: Optimizer;
  next: Optimization | null;

  constructor(optimizer: Optimizer) {
    this.optimizer = optimizer;
    this.next = null;
  }

  /** Its name in enable_opts. */
  name(): string {
    return "";
  }

  propagateForward(op: ResOperation): void {
    this.emit(op);
  }

  /** Hands the operation to the next pass, or to the output after the last. */
  emit(op: ResOperation): void {
    const next = this.next;
    if (next !== null) next.propagateForward(op);
    else this.optimizer.emitFinal(op);
  }

  /**
   * The peeled loop starts (unroll.ts): forget what mentions a value in `variant` (a label
   * argument that changes from one iteration to the next), keep the rest.
   */
  enterLoop(variant: AbstractValue[]): void {}
}

/** The optimizer: the chain, the tables of what is known, the output. */
export class Optimizer {
  readonly passes: Optimization[];
  readonly stats: OptStats;
  output: Trace;
  /** By slot (slotOf) of the input trace's values: the value of the output that stands for it (before forwarding). */
  inputMap: (AbstractValue | null)[];
  /** By slot of the output's values: the value it was made equal to, null while it is its own representative. */
  readonly forward: (AbstractValue | null)[];
  readonly intBounds: (IntBound | null)[];
  readonly ptrInfos: (PtrInfo | null)[];
  nextNumber: number;
  /** The input trace and the position of the operation being optimized (passes peek at the next one). */
  source: Trace;
  position: number;
  /** Set by a pass that removed an `_ovf` operation or made it a plain one: the guard_no_overflow after it goes too. */
  dropNextOverflowGuard: boolean;
  /** Set by a pass that removed a call: the guard_no_exception after it goes too. */
  dropNextExceptionGuard: boolean;
  readonly nullConst: ConstPtr;
  /** Values whose defining operation must not be looked into (the loop's variant label arguments). */
  readonly opaque: AbstractValue[];
  /** The CPU the trace was recorded on, to read what constants hold (a constant object's class), or null. */
  cpu: TraceCPU | null;

  constructor(stats: OptStats) {
    this.passes = [];
    this.stats = stats;
    this.output = new Trace();
    this.inputMap = [];
    this.forward = [];
    this.intBounds = [];
    this.ptrInfos = [];
    this.nextNumber = 0;
    this.source = new Trace();
    this.position = 0;
    this.dropNextOverflowGuard = false;
    this.dropNextExceptionGuard = false;
    this.nullConst = new ConstPtr(0, "");
    this.opaque = [];
    this.cpu = null;
  }

  /**
   * The peeled loop starts: what is known of the variant values is forgotten, by the optimizer
   * and each pass, and they become opaque: the operation that made one in the preamble made
   * only its first iteration's value.
   */
  enterLoop(variant: AbstractValue[]): void {
    for (let i = 0; i < variant.length; i++) {
      const v = variant[i]!;
      this.opaque.push(v);
      if (v.number < 0) continue;
      const slot = slotOf(v);
      this.ensure(slot);
      this.intBounds[slot] = null;
      this.ptrInfos[slot] = null;
    }
    for (let i = 0; i < this.passes.length; i++) this.passes[i]!.enterLoop(variant);
  }

  /** Appends a pass at the end of the chain. */
  addPass(pass: Optimization): void {
    if (this.passes.length > 0) this.passes[this.passes.length - 1]!.next = pass;
    this.passes.push(pass);
  }

  /** Whether the chain has the pass of that enable_opts name. */
  hasPass(name: string): boolean {
    for (let i = 0; i < this.passes.length; i++) if (this.passes[i]!.name() === name) return true;
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // running

  /** Starts the output with the input trace's arguments. */
  begin(trace: Trace): void {
    this.source = trace;
    this.output = new Trace();
    this.nextNumber = trace.nextNumber;
    for (let i = 0; i < trace.inputArgs.length; i++) {
      const arg = trace.inputArgs[i]!;
      this.output.inputArgs.push(arg);
      this.ensure(slotOf(arg));
      this.setInputMap(slotOf(arg), arg);
      if (arg.number >= this.nextNumber) this.nextNumber = arg.number + 1;
    }
    for (let i = 0; i < trace.operations.length; i++) {
      const n = trace.operations[i]!.number;
      if (n >= this.nextNumber) this.nextNumber = n + 1;
    }
  }

  /** Optimizes operations [from, to) of the source trace, copying each (fresh numbers when `renumber`). */
  propagateRange(from: number, to: number, renumber: boolean): void {
    for (let i = from; i < to; i++) {
      const op = this.source.operations[i]!;
      this.position = i;
      const dropOvf = this.dropNextOverflowGuard;
      const dropExc = this.dropNextExceptionGuard;
      this.dropNextOverflowGuard = false;
      this.dropNextExceptionGuard = false;
      const name = op.name();
      if (dropOvf && name === "guard_no_overflow") {
        this.stats.hit("remove_overflow_guard");
        continue;
      }
      if (dropExc && name === "guard_no_exception") {
        this.stats.hit("remove_exception_guard");
        continue;
      }
      if (name === "label") this.sendLabel(op, this.copyOp(op, renumber));
      else this.send(this.copyOp(op, renumber));
    }
  }

  /** Optimizes the whole trace; gives the output. */
  propagateAll(trace: Trace): Trace {
    this.begin(trace);
    this.propagateRange(0, trace.operations.length, false);
    return this.finish();
  }

  finish(): Trace {
    this.output.nextNumber = this.nextNumber;
    return this.output;
  }

  /**
   * A label of the input: whoever jumps there brings its own values, so what was known of them
   * before the label does not hold after it. Its arguments become values of their own (a
   * virtual is forced; a constant, or a value passed twice, is copied by same_as), the input's
   * arguments stand for them from now on, and what is known of them is forgotten (enterLoop).
   */
  sendLabel(original: ResOperation, label: ResOperation): void {
    const values: AbstractValue[] = [];
    for (let k = 0; k < label.args.length; k++) {
      let value = this.force(this.getBox(label.args[k]!));
      if (value instanceof Const || values.indexOf(value) >= 0) {
        const copy = this.newOp(sameAsOf(value.kind), [value], null);
        this.output.operations.push(copy);
        value = copy;
      }
      values.push(value);
      label.args[k] = value;
    }
    this.send(label);
    for (let k = 0; k < original.args.length; k++) {
      const arg = original.args[k]!;
      if (arg.number >= 0) this.setInputMap(slotOf(arg), values[k]!);
    }
    this.enterLoop(values);
  }

  /** Sends an operation (a copy, or one a pass made) through the whole chain. */
  send(op: ResOperation): void {
    if (this.passes.length === 0) this.emitFinal(op);
    else this.passes[0]!.propagateForward(op);
  }

  /** The next operation of the source trace after the one being optimized, or null. */
  peekNext(): ResOperation | null {
    const ops = this.source.operations;
    return this.position + 1 < ops.length ? ops[this.position + 1]! : null;
  }

  /** The copy of an input operation, its arguments (and fail arguments) replaced by their representatives. */
  copyOp(op: ResOperation, renumber: boolean): ResOperation {
    const args: AbstractValue[] = [];
    for (let k = 0; k < op.args.length; k++) args.push(this.mapArg(op.args[k]!));
    let number = op.number;
    if (number >= 0 && renumber) {
      number = this.nextNumber;
      this.nextNumber++;
    }
    let copy: ResOperation;
    if (RESOPS[op.opnum]!.guard) copy = new GuardWithVirtuals(op.opnum, args, op.descr, number);
    else copy = new ResOperation(op.opnum, args, op.descr, number);
    const failArgs = op.failArgs;
    if (failArgs !== null) {
      const mapped: AbstractValue[] = [];
      for (let k = 0; k < failArgs.length; k++) mapped.push(this.mapArg(failArgs[k]!));
      copy.failArgs = mapped;
    }
    if (number >= 0) {
      const slot = slotOf(copy);
      this.ensure(slot);
      this.forward[slot] = null;
      this.intBounds[slot] = null;
      this.ptrInfos[slot] = null;
      this.setInputMap(slotOf(op), copy);
    }
    return copy;
  }

  /** A new operation of the output (fresh number when it has a result); guards get their fail arguments from `failArgs`. */
  newOp(opnum: number, args: AbstractValue[], descr: Descr | null): ResOperation {
    let number = -1;
    if (RESOPS[opnum]!.result !== "n") {
      number = this.nextNumber;
      this.nextNumber++;
      this.ensure(number * 4 + 3);
    }
    if (RESOPS[opnum]!.guard) return new GuardWithVirtuals(opnum, args, descr, number);
    return new ResOperation(opnum, args, descr, number);
  }

  setInputMap(slot: number, value: AbstractValue): void {
    while (this.inputMap.length <= slot) this.inputMap.push(null);
    this.inputMap[slot] = value;
  }

  /** Makes the tables long enough for the slot. */
  ensure(slot: number): void {
    while (this.forward.length <= slot) {
      this.forward.push(null);
      this.intBounds.push(null);
      this.ptrInfos.push(null);
    }
  }

  // -------------------------------------------------------------------------------------------
  // values

  /** What a value of the input trace stands for now. */
  mapArg(value: AbstractValue): AbstractValue {
    if (value.number < 0) return value;
    const slot = slotOf(value);
    const mapped = slot < this.inputMap.length ? this.inputMap[slot] : null;
    if (mapped === undefined || mapped === null) throw new Error(`the optimizer met ${value.kind}${value.number} before its definition`);
    return this.getBox(mapped);
  }

  /** The representative of a value of the output (RPython's get_box_replacement). */
  getBox(value: AbstractValue): AbstractValue {
    let current = value;
    while (current.number >= 0 && slotOf(current) < this.forward.length) {
      const next = this.forward[slotOf(current)];
      if (next === undefined || next === null || next === current) break;
      current = next;
    }
    return current;
  }

  /** The operation of the output that computes the value (its representative), or null: a constant, an input, an opaque value. */
  producer(value: AbstractValue): ResOperation | null {
    const box = this.getBox(value);
    if (!(box instanceof ResOperation)) return null;
    if (this.opaque.indexOf(box) >= 0) return null;
    return box;
  }

  /** From now on, `op` is `value` (RPython's make_equal_to): the operation is removed. */
  makeEqual(op: AbstractValue, value: AbstractValue): void {
    const box = this.getBox(op);
    const target = this.getBox(value);
    if (box === target || box.number < 0) return;
    this.ensure(slotOf(box));
    this.forward[slotOf(box)] = target;
  }

  /** `changed` (an operation of the same number and kind) replaces `op` in the output. */
  replaceOp(op: AbstractValue, changed: ResOperation): void {
    const slot = slotOf(op);
    this.ensure(slot);
    this.forward[slot] = changed;
  }

  makeConstantInt(op: AbstractValue, n: number): void {
    this.makeEqual(op, new ConstInt(n, ""));
  }

  isConstant(value: AbstractValue): boolean {
    return this.getBox(value) instanceof Const;
  }

  isConstInt(value: AbstractValue): boolean {
    return this.getBox(value) instanceof ConstInt;
  }

  /** The value of an integer constant (call isConstInt first). */
  constIntValue(value: AbstractValue): number {
    const box = this.getBox(value);
    if (box instanceof ConstInt) return box.value;
    throw new Error("not an integer constant");
  }

  isConstPtr(value: AbstractValue): boolean {
    return this.getBox(value) instanceof ConstPtr;
  }

  constPtrValue(value: AbstractValue): number {
    const box = this.getBox(value);
    if (box instanceof ConstPtr) return box.value;
    throw new Error("not a reference constant");
  }

  /** Whether the integer is the constant n. */
  isConstIntEqual(value: AbstractValue, n: number): boolean {
    const box = this.getBox(value);
    return box instanceof ConstInt && box.value === n;
  }

  /** The bound of an integer value; it is the stored one (narrowing it narrows what is known), a fresh one for a constant. */
  getIntBound(value: AbstractValue): IntBound {
    const box = this.getBox(value);
    if (box instanceof ConstInt) return new IntBound(box.value, box.value);
    if (box.number < 0) return unbounded();
    const slot = slotOf(box);
    this.ensure(slot);
    const existing = this.intBounds[slot];
    if (existing !== undefined && existing !== null) return existing;
    const made = unbounded();
    this.intBounds[slot] = made;
    return made;
  }

  /** What is known of a reference, or null (nothing; constants: see isConstPtr). */
  getPtrInfo(value: AbstractValue): PtrInfo | null {
    const box = this.getBox(value);
    if (box.number < 0 || slotOf(box) >= this.ptrInfos.length) return null;
    const info = this.ptrInfos[slotOf(box)];
    if (info === undefined) return null;
    return info;
  }

  /** The PtrInfo of a reference, made when there is none. */
  ensurePtrInfo(value: AbstractValue): PtrInfo {
    const box = this.getBox(value);
    const info = this.getPtrInfo(box);
    if (info !== null) return info;
    const made = new PtrInfo(false, 0);
    if (box.number >= 0) {
      this.ensure(slotOf(box));
      this.ptrInfos[slotOf(box)] = made;
    }
    return made;
  }

  setPtrInfo(value: AbstractValue, info: PtrInfo): void {
    const box = this.getBox(value);
    if (box.number < 0) return;
    this.ensure(slotOf(box));
    this.ptrInfos[slotOf(box)] = info;
  }

  /** Whether the reference is known not null: a non-null constant, a virtual, or after a guard. */
  isNonNull(value: AbstractValue): boolean {
    const box = this.getBox(value);
    if (box instanceof ConstPtr) return box.value !== 0;
    const info = this.getPtrInfo(box);
    return info !== null && info.nonNull;
  }

  /** The class the reference is known to have, 0 when unknown. */
  knownClass(value: AbstractValue): number {
    const info = this.getPtrInfo(value);
    return info === null ? 0 : info.knownClass;
  }

  isVirtual(value: AbstractValue): boolean {
    const info = this.getPtrInfo(value);
    return info !== null && info.isVirtual();
  }

  /** The virtual struct the value is, or null. */
  virtualStruct(value: AbstractValue): VirtualStructInfo | null {
    const info = this.getPtrInfo(value);
    if (info === null || !info.isVirtual()) return null;
    if (info instanceof VirtualStructInfo) return info;
    return null;
  }

  /** The virtual array or string the value is, or null. */
  virtualArray(value: AbstractValue): VirtualArrayInfo | null {
    const info = this.getPtrInfo(value);
    if (info === null || !info.isVirtual()) return null;
    if (info instanceof VirtualArrayInfo) return info;
    return null;
  }

  /** The zero of a kind: what a field never written holds. */
  zeroOf(kind: string): AbstractValue {
    if (kind === "r") return this.nullConst;
    if (kind === "f") return new ConstFloat(0.0);
    return new ConstInt(0, "");
  }

  // -------------------------------------------------------------------------------------------
  // the end of the chain

  /** Puts the operation in the output: virtual arguments forced, a guard's fail arguments given. */
  emitFinal(op: ResOperation): void {
    for (let k = 0; k < op.args.length; k++) {
      let arg = this.getBox(op.args[k]!);
      if (this.isVirtual(arg)) arg = this.force(arg);
      op.args[k] = arg;
    }
    if (op instanceof GuardWithVirtuals) this.storeFailArgs(op);
    this.output.operations.push(op);
  }

  /** Emits a virtual object's allocation and the stores of its fields; gives the allocation. */
  force(value: AbstractValue): AbstractValue {
    const box = this.getBox(value);
    const info = this.getPtrInfo(box);
    if (info === null || !info.isVirtual()) return box;
    if (!(info instanceof VirtualInfo)) return box;
    info.forced = true;
    this.stats.hit("force_virtual");
    const allocation = info.allocation;
    if (allocation instanceof ResOperation) {
      for (let k = 0; k < allocation.args.length; k++) allocation.args[k] = this.getBox(allocation.args[k]!);
      this.output.operations.push(allocation);
    }
    if (info instanceof VirtualStructInfo) {
      for (let i = 0; i < info.fieldDescrs.length; i++) {
        const value = this.force(info.fieldValues[i]!);
        const args: AbstractValue[] = [allocation, value];
        this.output.operations.push(this.newOp(opnumOf("setfield_gc"), args, info.fieldDescrs[i]!));
      }
    } else if (info instanceof VirtualArrayInfo) {
      const setOp = info.isString ? opnumOf("strsetitem") : opnumOf("setarrayitem_gc");
      for (let i = 0; i < info.items.length; i++) {
        const item = info.items[i];
        if (item === undefined || item === null) continue;
        const value = this.force(item);
        const args: AbstractValue[] = [allocation, new ConstInt(i, ""), value];
        this.output.operations.push(this.newOp(setOp, args, info.arrayDescr));
      }
    }
    return allocation;
  }

  /** A guard's fail arguments: the representatives of its frame's values, virtuals described (guard-virtuals.ts). */
  storeFailArgs(guard: GuardWithVirtuals): void {
    const frame = guard.failArgs;
    if (frame === null) {
      guard.failArgs = [];
      return;
    }
    const failArgs: AbstractValue[] = [];
    const virtualValues: AbstractValue[] = [];
    for (let k = 0; k < frame.length; k++) {
      const value = this.getBox(frame[k]!);
      if (this.isVirtual(value)) {
        failArgs.push(this.nullConst);
        guard.virtualAt.push(this.virtualIndex(virtualValues, value));
      } else {
        failArgs.push(value);
        guard.virtualAt.push(-1);
      }
    }
    guard.frameArgCount = frame.length;
    // describe each virtual; describing may find more (a virtual's field pointing at another)
    for (let j = 0; j < virtualValues.length; j++) {
      const info = this.getPtrInfo(virtualValues[j]!);
      if (info === null || !(info instanceof VirtualInfo)) throw new Error("a virtual without its description");
      const allocation = info.allocation;
      let opnum = opnumOf("new");
      if (allocation instanceof ResOperation) opnum = allocation.opnum;
      let length = 0;
      if (info instanceof VirtualArrayInfo) length = info.items.length;
      const description = new VirtualDescription(allocation, opnum, info.descr, length);
      if (info instanceof VirtualStructInfo) {
        for (let i = 0; i < info.fieldDescrs.length; i++) {
          const source = this.sourceOf(failArgs, virtualValues, info.fieldValues[i]!);
          description.addField(info.fieldDescrs[i]!, 0, source);
        }
      } else if (info instanceof VirtualArrayInfo) {
        for (let i = 0; i < info.items.length; i++) {
          const item = info.items[i];
          if (item !== undefined && item !== null) description.addField(null, i, this.sourceOf(failArgs, virtualValues, item));
        }
      }
      guard.virtuals.push(description);
    }
    if (virtualValues.length > 0) this.stats.hit("virtual_in_fail_args");
    guard.failArgs = failArgs;
  }

  private virtualIndex(virtuals: AbstractValue[], value: AbstractValue): number {
    for (let j = 0; j < virtuals.length; j++) if (virtuals[j] === value) return j;
    virtuals.push(value);
    return virtuals.length - 1;
  }

  /** Where a virtual's field value comes from: -1 - j for virtual j, else its index in the fail arguments (appended when absent). */
  private sourceOf(failArgs: AbstractValue[], virtuals: AbstractValue[], fieldValue: AbstractValue): number {
    const value = this.getBox(fieldValue);
    if (this.isVirtual(value)) return -1 - this.virtualIndex(virtuals, value);
    for (let k = 0; k < failArgs.length; k++) if (failArgs[k] === value) return k;
    failArgs.push(value);
    return failArgs.length - 1;
  }
}

/** The same_as operation of a kind. */
export function sameAsOf(kind: string): number {
  if (kind === "r") return opnumOf("same_as_r");
  if (kind === "f") return opnumOf("same_as_f");
  return opnumOf("same_as_i");
}

/**
 * A value's place in the optimizer's tables: numbers are unique per kind only (`i0` and `p0` may
 * both be in a trace, as the trace interpreter's register files are per kind).
 */
export function slotOf(value: AbstractValue): number {
  const kind = value.kind;
  return value.number * 4 + (kind === "i" ? 0 : kind === "r" ? 1 : kind === "f" ? 2 : 3);
}

/** The descriptor of a field operation, or null. */
export function fieldDescrOf(op: ResOperation): FieldDescr | null {
  const d = op.descr;
  if (d === null) return null;
  if (d instanceof FieldDescr) return d;
  return null;
}

export function arrayDescrOf(op: ResOperation): ArrayDescr | null {
  const d = op.descr;
  if (d === null) return null;
  if (d instanceof ArrayDescr) return d;
  return null;
}

export function sizeDescrOf(op: ResOperation): SizeDescr | null {
  const d = op.descr;
  if (d === null) return null;
  if (d instanceof SizeDescr) return d;
  return null;
}
