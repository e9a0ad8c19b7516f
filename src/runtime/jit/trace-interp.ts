/**
 * The reference interpreter of traces (RPython's llgraph backend, reduced to running a trace):
 * runs a trace on concrete input values, its loop included (a jump goes back to the label of
 * its target token), until a guard fails (the exit names the guard's fail descriptor and gives
 * the values of its fail arguments) or a finish. It is what the optimizer's tests compare
 * unoptimized and optimized traces with, and what each machine backend is checked against.
 *
 * Memory, allocation, calls and the exception state are the caller's: a TraceCPU (trace-cpu.ts),
 * whose methods a subclass implements (the LL interpreter's memory, or a small fake in tests). A reference is
 * its address, an integer (0: null).
 *
 * Integers are RTS integers: exact while |x| <= 2^53. The 64-bit wrapping operations give the
 * 64-bit result when it is exact (int-arith.ts: the bitwise ones work on 32-bit halves); a result
 * past 2^53 stops a translated program (RTS's own overflow check) and is inexact on Node, as
 * for the LL interpreter. The `_ovf` operations overflow past 2^53, as LL int_add_ovf does.
 *
 * RTS: translated into binaries with `--jit` (issue 17). The trace is first compiled to slots of
 * three register files (integers, references, floats: a value's slot is its number, constants
 * get slots after the largest), then each operation runs through its handler, found by number.
 */

import { floatHighWord, floatLowWord } from "rts";
import {
  type AbstractValue,
  ArrayDescr,
  CallDescr,
  ConstFloat,
  ConstInt,
  ConstPtr,
  Descr,
  FieldDescr,
  ResOperation,
  SizeDescr,
  Trace,
} from "./history.js";
import {
  addOverflows,
  bitAnd,
  bitOr,
  bitXor,
  bool,
  integer,
  mulOverflows,
  shiftLeft,
  shiftRight,
  signExtend,
  subOverflows,
  unsignedLess,
  unsignedShiftRight,
} from "./int-arith.js";
import { RESOPS, type ResOpHandlers } from "./resoperation.js";
import { TraceCPU, TraceCPUError, TraceValues } from "./trace-cpu.js";
import type { MachineTrace } from "./trace-backend.js";

/** How a run ended: at a failing guard (its fail descriptor, its fail arguments' values) or at a finish. */
export class TraceExit {
  readonly descr: Descr;
  /** The guard or finish operation, in the trace that ran. */
  readonly op: ResOperation;
  readonly guardFailed: boolean;
  readonly values: TraceValues;
  /** The operations executed (each iteration counted). */
  readonly steps: number;

  constructor(descr: Descr, op: ResOperation, guardFailed: boolean, values: TraceValues, steps: number) {
    this.descr = descr;
    this.op = op;
    this.guardFailed = guardFailed;
    this.values = values;
    this.steps = steps;
  }
}

/** An operation ready to run: its arguments as slots of the register file of their kind. */
export class CompiledOp {
  readonly op: ResOperation;
  readonly opnum: number;
  readonly args: Int32Array;
  readonly argKinds: string[];
  /** The result's slot, -1 without result. */
  readonly result: number;
  readonly descr: Descr | null;
  readonly failArgs: Int32Array;
  readonly failKinds: string[];
  /** For a jump: the index of the operation after its label, and the label's argument slots. */
  target: number;
  targetSlots: Int32Array;

  constructor(op: ResOperation, args: Int32Array, argKinds: string[], failArgs: Int32Array, failKinds: string[]) {
    this.op = op;
    this.opnum = op.opnum;
    this.args = args;
    this.argKinds = argKinds;
    this.result = RESOPS[op.opnum]!.result === "n" ? -1 : op.number;
    this.descr = op.descr;
    this.failArgs = failArgs;
    this.failKinds = failKinds;
    this.target = -1;
    this.targetSlots = new Int32Array(0);
  }
}

/** A trace compiled for the interpreter: operations, the size of each register file and the constants' initial values. */
export class CompiledTrace {
  readonly trace: Trace;
  readonly ops: CompiledOp[];
  readonly inputSlots: Int32Array;
  readonly inputKinds: string[];
  readonly registers: number;
  readonly constSlots: number[];
  readonly constKinds: string[];
  readonly constInts: number[];
  readonly constFloats: number[];
  /** Set when a quasi-immutable field the trace assumed changed (RPython's looptoken.invalidated): its guard_not_invalidated fail. */
  invalidated: boolean;
  /** A frame the last run left (runTrace takes it, so that entering a loop allocates nothing); null while one runs. */
  spareFrame: TraceFrame | null;
  /** The same trace in machine code, when the warm runner's backend compiled it (trace-backend.ts): it runs instead. */
  machine: MachineTrace | null;
  /**
   * The warm runner does not run it: its machine-code backend refused it (or a trace it jumps to),
   * and interpreting it would be slower than the code it was traced from, which runs instead.
   */
  dropped: boolean;
  /** The reference constants it keeps alive (the warm runner's: TraceCPU.keepAlive), one per use. */
  readonly constants: number[];

  constructor(trace: Trace, registers: number) {
    this.constants = [];
    this.invalidated = false;
    this.spareFrame = null;
    this.machine = null;
    this.dropped = false;
    this.trace = trace;
    this.ops = [];
    this.inputSlots = new Int32Array(trace.inputArgs.length);
    this.inputKinds = [];
    this.registers = registers;
    this.constSlots = [];
    this.constKinds = [];
    this.constInts = [];
    this.constFloats = [];
  }
}

/** The state of a run: the register files and the overflow flag of the last `_ovf` operation. */
export class TraceFrame {
  readonly cpu: TraceCPU;
  readonly ints: number[];
  readonly refs: number[];
  readonly floats: Float64Array;
  overflowed: boolean;
  /** The trace running (runTrace sets it), whose invalidation guard_not_invalidated checks. */
  code: CompiledTrace | null;
  /** Where a jump reads its values before writing them (as many as there are registers). */
  readonly moveInts: number[];
  readonly moveRefs: number[];
  readonly moveFloats: Float64Array;

  constructor(cpu: TraceCPU, registers: number) {
    this.cpu = cpu;
    this.ints = [];
    this.refs = [];
    this.moveInts = [];
    this.moveRefs = [];
    for (let i = 0; i < registers; i++) {
      this.ints.push(0);
      this.refs.push(0);
      this.moveInts.push(0);
      this.moveRefs.push(0);
    }
    this.floats = new Float64Array(registers);
    this.moveFloats = new Float64Array(registers);
    this.overflowed = false;
    this.code = null;
  }
}

// ---------------------------------------------------------------------------------------------
// compiling

/** Compiles a trace for runTrace; a trace that cannot run (a jump to a label it lacks) is a TraceCPUError. */
export function compileTrace(trace: Trace): CompiledTrace {
  let next = trace.nextNumber;
  for (let i = 0; i < trace.inputArgs.length; i++) next = Math.max(next, trace.inputArgs[i]!.number + 1);
  for (let i = 0; i < trace.operations.length; i++) next = Math.max(next, trace.operations[i]!.number + 1);
  let constants = 0;
  for (let i = 0; i < trace.operations.length; i++) {
    const op = trace.operations[i]!;
    constants += op.args.length;
    const failArgs = op.failArgs;
    if (failArgs !== null) constants += failArgs.length;
  }
  const compiled = new CompiledTrace(trace, next + constants);
  const slots = new SlotAllocator(compiled, next);
  for (let i = 0; i < trace.inputArgs.length; i++) {
    const arg = trace.inputArgs[i]!;
    compiled.inputSlots[i] = arg.number;
    compiled.inputKinds.push(arg.kind);
  }
  for (let i = 0; i < trace.operations.length; i++) {
    const op = trace.operations[i]!;
    const args = new Int32Array(op.args.length);
    const argKinds: string[] = [];
    for (let j = 0; j < op.args.length; j++) {
      args[j] = slots.slotOf(op.args[j]!);
      argKinds.push(op.args[j]!.kind);
    }
    const failValues = op.failArgs;
    const failKinds: string[] = [];
    let failArgs = new Int32Array(0);
    if (failValues !== null) {
      failArgs = new Int32Array(failValues.length);
      for (let j = 0; j < failValues.length; j++) {
        failArgs[j] = slots.slotOf(failValues[j]!);
        failKinds.push(failValues[j]!.kind);
      }
    }
    compiled.ops.push(new CompiledOp(op, args, argKinds, failArgs, failKinds));
  }
  for (let i = 0; i < compiled.ops.length; i++) {
    const c = compiled.ops[i]!;
    if (RESOPS[c.opnum]!.name !== "jump") continue;
    const label = findLabel(compiled, c.descr);
    if (label < 0) throw new TraceCPUError(`jump to ${c.descr === null ? "no target" : c.descr.name}: this trace has no label with that token`);
    const labelOp = compiled.ops[label]!;
    if (labelOp.args.length !== c.args.length) {
      throw new TraceCPUError(`jump with ${c.args.length} arguments to a label with ${labelOp.args.length}`);
    }
    c.target = label + 1;
    c.targetSlots = labelOp.args;
  }
  return compiled;
}

function findLabel(compiled: CompiledTrace, token: Descr | null): number {
  for (let i = 0; i < compiled.ops.length; i++) {
    const c = compiled.ops[i]!;
    if (RESOPS[c.opnum]!.name === "label" && c.descr === token) return i;
  }
  return -1;
}

/** Gives each constant a slot of its own, filled at the start of each run. */
class SlotAllocator {
  private readonly compiled: CompiledTrace;
  private next: number;

  constructor(compiled: CompiledTrace, first: number) {
    this.compiled = compiled;
    this.next = first;
  }

  slotOf(value: AbstractValue): number {
    if (value instanceof ConstInt) return this.constant("i", value.value, 0);
    if (value instanceof ConstPtr) return this.constant("r", value.value, 0);
    if (value instanceof ConstFloat) return this.constant("f", 0, value.value);
    if (value.number < 0) return this.constant("n", 0, 0); // a ConstText: nothing reads it
    return value.number;
  }

  private constant(kind: string, n: number, x: number): number {
    const slot = this.next;
    this.next++;
    this.compiled.constSlots.push(slot);
    this.compiled.constKinds.push(kind);
    this.compiled.constInts.push(n);
    this.compiled.constFloats.push(x * 1.0);
    return slot;
  }
}

// ---------------------------------------------------------------------------------------------
// running

const CONTINUE = 0;
const GUARD_FAILED = 1;
const JUMPED = 2;
const FINISHED = 3;

/** Runs a compiled trace from its start with the input values (of the input arguments' kinds, in order). */
export function runTrace(compiled: CompiledTrace, cpu: TraceCPU, inputs: TraceValues): TraceExit {
  if (inputs.count() !== compiled.inputKinds.length) {
    throw new TraceCPUError(`the trace takes ${compiled.inputKinds.length} input values, got ${inputs.count()}`);
  }
  let frame = compiled.spareFrame;
  if (frame === null || frame.cpu !== cpu) frame = new TraceFrame(cpu, compiled.registers);
  compiled.spareFrame = null;
  frame.code = compiled;
  frame.overflowed = false;
  for (let i = 0; i < compiled.constSlots.length; i++) {
    const slot = compiled.constSlots[i]!;
    const kind = compiled.constKinds[i]!;
    if (kind === "i") frame.ints[slot] = compiled.constInts[i]!;
    else if (kind === "r") frame.refs[slot] = compiled.constInts[i]!;
    else if (kind === "f") frame.floats[slot] = compiled.constFloats[i]!;
  }
  for (let i = 0; i < compiled.inputKinds.length; i++) {
    const kind = compiled.inputKinds[i]!;
    if (kind !== inputs.kinds[i]) throw new TraceCPUError(`input ${i} is of kind ${inputs.kinds[i]}, the trace takes ${kind}`);
    const slot = compiled.inputSlots[i]!;
    if (kind === "i") frame.ints[slot] = inputs.ints[i]!;
    else if (kind === "r") frame.refs[slot] = inputs.refs[i]!;
    else frame.floats[slot] = inputs.floats[i]!;
  }
  const ops = compiled.ops;
  let pc = 0;
  let steps = 0;
  while (pc < ops.length) {
    const c = ops[pc]!;
    steps++;
    const handler = HANDLERS[c.opnum]!;
    const status = handler(frame, c);
    if (status === CONTINUE) {
      pc++;
    } else if (status === JUMPED) {
      pc = c.target;
    } else if (status === GUARD_FAILED) {
      compiled.spareFrame = frame;
      return new TraceExit(c.descr!, c.op, true, valuesOf(frame, c.failArgs, c.failKinds), steps);
    } else {
      compiled.spareFrame = frame;
      return new TraceExit(c.descr!, c.op, false, valuesOf(frame, c.args, c.argKinds), steps);
    }
  }
  throw new TraceCPUError("the trace ends without a jump or a finish");
}

/** Compiles and runs a trace. */
export function interpretTrace(trace: Trace, cpu: TraceCPU, inputs: TraceValues): TraceExit {
  return runTrace(compileTrace(trace), cpu, inputs);
}

function valuesOf(frame: TraceFrame, slots: Int32Array, kinds: string[]): TraceValues {
  const values = new TraceValues();
  for (let i = 0; i < slots.length; i++) {
    const kind = kinds[i]!;
    const slot = slots[i]!;
    if (kind === "i") values.addInt(frame.ints[slot]!);
    else if (kind === "r") values.addRef(frame.refs[slot]!);
    else if (kind === "f") values.addFloat(frame.floats[slot]!);
    else values.addInt(0);
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// the handlers: each returns CONTINUE, GUARD_FAILED, JUMPED or FINISHED

type Handler = (f: TraceFrame, c: CompiledOp) => number;

function i0(f: TraceFrame, c: CompiledOp): number {
  return f.ints[c.args[0]!]!;
}
function i1(f: TraceFrame, c: CompiledOp): number {
  return f.ints[c.args[1]!]!;
}
function r0(f: TraceFrame, c: CompiledOp): number {
  return f.refs[c.args[0]!]!;
}
function r1(f: TraceFrame, c: CompiledOp): number {
  return f.refs[c.args[1]!]!;
}
function fl0(f: TraceFrame, c: CompiledOp): number {
  return f.floats[c.args[0]!]!;
}
function fl1(f: TraceFrame, c: CompiledOp): number {
  return f.floats[c.args[1]!]!;
}

function setInt(f: TraceFrame, c: CompiledOp, value: number): number {
  f.ints[c.result] = value;
  return CONTINUE;
}
function setRef(f: TraceFrame, c: CompiledOp, value: number): number {
  f.refs[c.result] = value;
  return CONTINUE;
}
function setFloat(f: TraceFrame, c: CompiledOp, value: number): number {
  f.floats[c.result] = value;
  return CONTINUE;
}
function check(ok: boolean): number {
  return ok ? CONTINUE : GUARD_FAILED;
}

function fieldDescr(c: CompiledOp): FieldDescr {
  const d = c.descr;
  // tested for null first: an instanceof of a nullable reference is a call of ll_instanceof,
  // which the x86-64 backend cannot compile (see src/runtime/jit/README.md)
  if (d === null) throw new TraceCPUError(`${c.op.name()} needs a field descriptor`);
  if (d instanceof FieldDescr) return d;
  throw new TraceCPUError(`${c.op.name()} needs a field descriptor`);
}
function arrayDescr(c: CompiledOp): ArrayDescr {
  const d = c.descr;
  // tested for null first: an instanceof of a nullable reference is a call of ll_instanceof,
  // which the x86-64 backend cannot compile (see src/runtime/jit/README.md)
  if (d === null) throw new TraceCPUError(`${c.op.name()} needs an array descriptor`);
  if (d instanceof ArrayDescr) return d;
  throw new TraceCPUError(`${c.op.name()} needs an array descriptor`);
}
function sizeDescr(c: CompiledOp): SizeDescr {
  const d = c.descr;
  // tested for null first: an instanceof of a nullable reference is a call of ll_instanceof,
  // which the x86-64 backend cannot compile (see src/runtime/jit/README.md)
  if (d === null) throw new TraceCPUError(`${c.op.name()} needs a size descriptor`);
  if (d instanceof SizeDescr) return d;
  throw new TraceCPUError(`${c.op.name()} needs a size descriptor`);
}
function callDescr(c: CompiledOp): CallDescr {
  const d = c.descr;
  // tested for null first: an instanceof of a nullable reference is a call of ll_instanceof,
  // which the x86-64 backend cannot compile (see src/runtime/jit/README.md)
  if (d === null) throw new TraceCPUError(`${c.op.name()} needs a call descriptor`);
  if (d instanceof CallDescr) return d;
  throw new TraceCPUError(`${c.op.name()} needs a call descriptor`);
}

/** Loads a value of the kind at the address into the result's register. */
function loadKind(f: TraceFrame, c: CompiledOp, kind: string, address: number, size: number, signed: boolean): number {
  if (kind === "r") return setRef(f, c, f.cpu.loadRef(address));
  if (kind === "f") return setFloat(f, c, f.cpu.loadFloat(address));
  return setInt(f, c, f.cpu.loadInt(address, size, signed));
}

/** Stores argument k (of the descriptor's kind) at the address, in the object at base (0: raw memory). */
function storeKind(f: TraceFrame, c: CompiledOp, kind: string, base: number, address: number, size: number, k: number): number {
  const slot = c.args[k]!;
  if (kind === "r") {
    if (base !== 0) f.cpu.writeBarrier(base);
    f.cpu.storeRef(address, f.refs[slot]!);
  }
  else if (kind === "f") f.cpu.storeFloat(address, f.floats[slot]!);
  else f.cpu.storeInt(address, size, f.ints[slot]!);
  return CONTINUE;
}

function getField(f: TraceFrame, c: CompiledOp, base: number): number {
  const d = fieldDescr(c);
  return loadKind(f, c, d.kind, base + d.offset, d.size, d.signed);
}
function setField(f: TraceFrame, c: CompiledOp, base: number): number {
  const d = fieldDescr(c);
  return storeKind(f, c, d.kind, base, base + d.offset, d.size, 1);
}
function getItem(f: TraceFrame, c: CompiledOp, base: number): number {
  const d = arrayDescr(c);
  return loadKind(f, c, d.itemKind, base + d.baseOffset + i1(f, c) * d.itemSize, d.fieldSize, d.signed);
}
function setItem(f: TraceFrame, c: CompiledOp, base: number): number {
  const d = arrayDescr(c);
  return storeKind(f, c, d.itemKind, base, base + d.baseOffset + i1(f, c) * d.itemSize, d.fieldSize, 2);
}
function newArray(f: TraceFrame, c: CompiledOp): number {
  const d = arrayDescr(c);
  const n = i0(f, c);
  const ref = f.cpu.allocate(d.totalSize(n), d.typeId);
  f.cpu.storeInt(ref + d.lengthOffset, 8, n);
  return setRef(f, c, ref);
}

/** A call: the function is argument `first`, the arguments after it go by kind to the CPU. */
function doCall(f: TraceFrame, c: CompiledOp, first: number): number {
  const d = callDescr(c);
  const func = f.ints[c.args[first]!]!;
  const ints: number[] = [];
  const refs: number[] = [];
  const floats: number[] = [];
  for (let k = first + 1; k < c.args.length; k++) {
    const kind = c.argKinds[k]!;
    const slot = c.args[k]!;
    if (kind === "i") ints.push(f.ints[slot]!);
    else if (kind === "r") refs.push(f.refs[slot]!);
    else floats.push(f.floats[slot]!);
  }
  const result = RESOPS[c.opnum]!.result;
  if (result === "i") return setInt(f, c, f.cpu.callInt(func, d, ints, refs, floats));
  if (result === "r") return setRef(f, c, f.cpu.callRef(func, d, ints, refs, floats));
  if (result === "f") return setFloat(f, c, f.cpu.callFloat(func, d, ints, refs, floats));
  f.cpu.callVoid(func, d, ints, refs, floats);
  return CONTINUE;
}
function call(f: TraceFrame, c: CompiledOp): number {
  return doCall(f, c, 0);
}

function jump(f: TraceFrame, c: CompiledOp): number {
  // a parallel move: read every value before writing any (jump(i1, i0) swaps)
  const n = c.args.length;
  for (let k = 0; k < n; k++) {
    const slot = c.args[k]!;
    const kind = c.argKinds[k]!;
    if (kind === "i") f.moveInts[k] = f.ints[slot]!;
    else if (kind === "r") f.moveRefs[k] = f.refs[slot]!;
    else f.moveFloats[k] = f.floats[slot]!;
  }
  for (let k = 0; k < n; k++) {
    const slot = c.targetSlots[k]!;
    const kind = c.argKinds[k]!;
    if (kind === "i") f.ints[slot] = f.moveInts[k]!;
    else if (kind === "r") f.refs[slot] = f.moveRefs[k]!;
    else f.floats[slot] = f.moveFloats[k]!;
  }
  return JUMPED;
}

/** Whether two doubles have the same bits: guard_value on a float holds for a NaN and tells -0.0 from 0.0, as a backend's compare of the 64 bits does (RPython promotes floats as their bits). */
function sameFloatBits(a: number, b: number): boolean {
  return floatHighWord(a) === floatHighWord(b) && floatLowWord(a) === floatLowWord(b);
}

function guardValue(f: TraceFrame, c: CompiledOp): number {
  const kind = c.argKinds[0]!;
  if (kind === "r") return check(r0(f, c) === r1(f, c));
  if (kind === "f") return check(sameFloatBits(fl0(f, c), fl1(f, c)));
  return check(i0(f, c) === i1(f, c));
}

function guardException(f: TraceFrame, c: CompiledOp): number {
  const exception = f.cpu.pendingException();
  if (exception === 0 || f.cpu.classOf(exception) !== i0(f, c)) return GUARD_FAILED;
  f.cpu.clearException();
  return setRef(f, c, exception);
}

function copyStrContent(f: TraceFrame, c: CompiledOp): number {
  const d = arrayDescr(c);
  const source = r0(f, c);
  const target = r1(f, c);
  const sourceStart = f.ints[c.args[2]!]!;
  const targetStart = f.ints[c.args[3]!]!;
  const n = f.ints[c.args[4]!]!;
  for (let k = 0; k < n; k++) {
    const unit = f.cpu.loadInt(source + d.baseOffset + (sourceStart + k) * d.itemSize, d.itemSize, false);
    f.cpu.storeInt(target + d.baseOffset + (targetStart + k) * d.itemSize, d.itemSize, unit);
  }
  return CONTINUE;
}

function nothing(_f: TraceFrame, _c: CompiledOp): number {
  return CONTINUE;
}
function finish(_f: TraceFrame, _c: CompiledOp): number {
  return FINISHED;
}
function overflow(f: TraceFrame, overflowed: boolean): void {
  f.overflowed = overflowed;
}

/** Every resoperation, by name: the interpreter handles them all (tests/jit/resoperation.test.ts walks it). */
export const TRACE_INTERP_OPERATIONS: ResOpHandlers<Handler> = {
  jump,
  finish,
  label: nothing,

  guard_true: (f, c) => check(i0(f, c) !== 0),
  guard_false: (f, c) => check(i0(f, c) === 0),
  guard_value: guardValue,
  guard_class: (f, c) => check(f.cpu.classOf(r0(f, c)) === i1(f, c)),
  guard_nonnull: (f, c) => check(r0(f, c) !== 0),
  guard_isnull: (f, c) => check(r0(f, c) === 0),
  guard_nonnull_class: (f, c) => check(r0(f, c) !== 0 && f.cpu.classOf(r0(f, c)) === i1(f, c)),
  guard_no_exception: (f, _c) => check(f.cpu.pendingException() === 0),
  guard_exception: guardException,
  guard_no_overflow: (f, _c) => check(!f.overflowed),
  guard_overflow: (f, _c) => check(f.overflowed),
  guard_not_forced: (f, _c) => check(!f.cpu.forced()),
  guard_not_invalidated: (f, _c) => check(!f.cpu.invalidated() && !(f.code !== null && f.code.invalidated)),

  int_add: (f, c) => setInt(f, c, i0(f, c) + i1(f, c)),
  int_sub: (f, c) => setInt(f, c, i0(f, c) - i1(f, c)),
  int_mul: (f, c) => setInt(f, c, integer(i0(f, c) * i1(f, c))),
  int_floordiv: (f, c) => setInt(f, c, integer(Math.trunc(i0(f, c) / i1(f, c)))),
  int_mod: (f, c) => setInt(f, c, integer(i0(f, c) % i1(f, c))),
  int_and: (f, c) => setInt(f, c, bitAnd(i0(f, c), i1(f, c))),
  int_or: (f, c) => setInt(f, c, bitOr(i0(f, c), i1(f, c))),
  int_xor: (f, c) => setInt(f, c, bitXor(i0(f, c), i1(f, c))),
  int_lshift: (f, c) => setInt(f, c, shiftLeft(i0(f, c), i1(f, c))),
  int_rshift: (f, c) => setInt(f, c, shiftRight(i0(f, c), i1(f, c))),
  uint_rshift: (f, c) => setInt(f, c, unsignedShiftRight(i0(f, c), i1(f, c))),
  int_neg: (f, c) => setInt(f, c, 0 - i0(f, c)),
  int_invert: (f, c) => setInt(f, c, -1 - i0(f, c)),
  int_is_zero: (f, c) => setInt(f, c, bool(i0(f, c) === 0)),
  int_is_true: (f, c) => setInt(f, c, bool(i0(f, c) !== 0)),
  int_force_ge_zero: (f, c) => setInt(f, c, i0(f, c) < 0 ? 0 : i0(f, c)),
  int_signext: (f, c) => setInt(f, c, signExtend(i0(f, c), i1(f, c))),
  int_lt: (f, c) => setInt(f, c, bool(i0(f, c) < i1(f, c))),
  int_le: (f, c) => setInt(f, c, bool(i0(f, c) <= i1(f, c))),
  int_eq: (f, c) => setInt(f, c, bool(i0(f, c) === i1(f, c))),
  int_ne: (f, c) => setInt(f, c, bool(i0(f, c) !== i1(f, c))),
  int_gt: (f, c) => setInt(f, c, bool(i0(f, c) > i1(f, c))),
  int_ge: (f, c) => setInt(f, c, bool(i0(f, c) >= i1(f, c))),
  uint_lt: (f, c) => setInt(f, c, bool(unsignedLess(i0(f, c), i1(f, c)))),
  uint_le: (f, c) => setInt(f, c, bool(!unsignedLess(i1(f, c), i0(f, c)))),
  uint_gt: (f, c) => setInt(f, c, bool(unsignedLess(i1(f, c), i0(f, c)))),
  uint_ge: (f, c) => setInt(f, c, bool(!unsignedLess(i0(f, c), i1(f, c)))),

  float_add: (f, c) => setFloat(f, c, fl0(f, c) + fl1(f, c)),
  float_sub: (f, c) => setFloat(f, c, fl0(f, c) - fl1(f, c)),
  float_mul: (f, c) => setFloat(f, c, fl0(f, c) * fl1(f, c)),
  float_truediv: (f, c) => setFloat(f, c, fl0(f, c) / fl1(f, c)),
  float_neg: (f, c) => setFloat(f, c, -fl0(f, c)),
  float_abs: (f, c) => setFloat(f, c, Math.abs(fl0(f, c))),
  float_lt: (f, c) => setInt(f, c, bool(fl0(f, c) < fl1(f, c))),
  float_le: (f, c) => setInt(f, c, bool(fl0(f, c) <= fl1(f, c))),
  float_eq: (f, c) => setInt(f, c, bool(fl0(f, c) === fl1(f, c))),
  float_ne: (f, c) => setInt(f, c, bool(fl0(f, c) !== fl1(f, c))),
  float_gt: (f, c) => setInt(f, c, bool(fl0(f, c) > fl1(f, c))),
  float_ge: (f, c) => setInt(f, c, bool(fl0(f, c) >= fl1(f, c))),
  cast_float_to_int: (f, c) => setInt(f, c, integer(Math.trunc(fl0(f, c)))),
  cast_int_to_float: (f, c) => setFloat(f, c, i0(f, c) * 1.0),

  same_as_i: (f, c) => setInt(f, c, i0(f, c)),
  same_as_r: (f, c) => setRef(f, c, r0(f, c)),
  same_as_f: (f, c) => setFloat(f, c, fl0(f, c)),
  cast_ptr_to_int: (f, c) => setInt(f, c, r0(f, c)),
  cast_int_to_ptr: (f, c) => setRef(f, c, i0(f, c)),
  ptr_eq: (f, c) => setInt(f, c, bool(r0(f, c) === r1(f, c))),
  ptr_ne: (f, c) => setInt(f, c, bool(r0(f, c) !== r1(f, c))),

  strlen: (f, c) => setInt(f, c, f.cpu.loadInt(r0(f, c) + arrayDescr(c).lengthOffset, 8, true)),
  strgetitem: (f, c) => getItem(f, c, r0(f, c)),
  arraylen_gc: (f, c) => setInt(f, c, f.cpu.loadInt(r0(f, c) + arrayDescr(c).lengthOffset, 8, true)),
  getfield_gc_i: (f, c) => getField(f, c, r0(f, c)),
  getfield_gc_r: (f, c) => getField(f, c, r0(f, c)),
  getfield_gc_f: (f, c) => getField(f, c, r0(f, c)),
  getfield_raw_i: (f, c) => getField(f, c, i0(f, c)),
  getfield_raw_f: (f, c) => getField(f, c, i0(f, c)),
  getarrayitem_gc_i: (f, c) => getItem(f, c, r0(f, c)),
  getarrayitem_gc_r: (f, c) => getItem(f, c, r0(f, c)),
  getarrayitem_gc_f: (f, c) => getItem(f, c, r0(f, c)),
  getarrayitem_raw_i: (f, c) => getItem(f, c, i0(f, c)),
  getarrayitem_raw_f: (f, c) => getItem(f, c, i0(f, c)),
  raw_load_i: (f, c) => loadKind(f, c, "i", i0(f, c) + i1(f, c), arrayDescr(c).itemSize, arrayDescr(c).signed),
  raw_load_f: (f, c) => loadKind(f, c, "f", i0(f, c) + i1(f, c), 8, false),
  new: (f, c) => setRef(f, c, f.cpu.allocate(sizeDescr(c).size, sizeDescr(c).typeId)),
  new_with_vtable: (f, c) => {
    const d = sizeDescr(c);
    const ref = f.cpu.allocate(d.size, d.typeId);
    f.cpu.setClass(ref, d.vtable);
    return setRef(f, c, ref);
  },
  new_array: newArray,
  new_array_clear: newArray,
  newstr: newArray,

  setfield_gc: (f, c) => setField(f, c, r0(f, c)),
  setfield_raw: (f, c) => setField(f, c, i0(f, c)),
  setarrayitem_gc: (f, c) => setItem(f, c, r0(f, c)),
  setarrayitem_raw: (f, c) => setItem(f, c, i0(f, c)),
  raw_store: (f, c) => storeKind(f, c, arrayDescr(c).itemKind, 0, i0(f, c) + i1(f, c), arrayDescr(c).itemSize, 2),
  strsetitem: (f, c) => setItem(f, c, r0(f, c)),
  copystrcontent: copyStrContent,
  quasiimmut_field: nothing,
  debug_merge_point: nothing,

  call_i: call,
  call_r: call,
  call_f: call,
  call_n: call,
  cond_call_n: (f, c) => (i0(f, c) !== 0 ? doCall(f, c, 1) : CONTINUE),
  call_pure_i: call,
  call_pure_r: call,
  call_pure_f: call,
  call_pure_n: call,
  call_may_force_i: call,
  call_may_force_r: call,
  call_may_force_f: call,
  call_may_force_n: call,
  call_loopinvariant_i: call,
  call_loopinvariant_r: call,
  call_loopinvariant_f: call,
  call_loopinvariant_n: call,

  int_add_ovf: (f, c) => {
    const a = i0(f, c);
    const b = i1(f, c);
    overflow(f, addOverflows(a, b));
    return setInt(f, c, f.overflowed ? 0 : a + b);
  },
  int_sub_ovf: (f, c) => {
    const a = i0(f, c);
    const b = i1(f, c);
    overflow(f, subOverflows(a, b));
    return setInt(f, c, f.overflowed ? 0 : a - b);
  },
  int_mul_ovf: (f, c) => {
    const a = i0(f, c);
    const b = i1(f, c);
    overflow(f, mulOverflows(a, b));
    return setInt(f, c, f.overflowed ? 0 : integer(a * b));
  },
};

/** The handlers by operation number (what runTrace calls). */
const HANDLERS: readonly Handler[] = RESOPS.map((info) => {
  const h = (TRACE_INTERP_OPERATIONS as Record<string, Handler | { refused: string }>)[info.name];
  if (typeof h !== "function") throw new Error(`the trace interpreter has no handler for ${info.name}`);
  return h;
});
