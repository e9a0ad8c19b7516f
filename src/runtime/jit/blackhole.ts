/**
 * The blackhole interpreter (RPython's metainterp/blackhole.py): runs jitcodes (jitcode.ts)
 * without recording anything, on a BlackholeCPU (blackhole-cpu.ts). It is what runs after a guard
 * failed: resume rebuilds the frames the trace stood for (each a jitcode, a pc at a `live`, and
 * the live registers), and the blackhole interpreter runs them to the next merge point of the
 * bottom frame (or to the end), from where the normal interpreter goes on. It can also run a
 * function's jitcode from its entry (tests compare it with the LL interpreter).
 *
 * Frames: a stack, the current one on top. inline_call pushes the callee's frame (the caller's pc
 * already past the call, where its result goes); a return pops it. An exception (a `raise`, or
 * left pending by a residual call) leaves the instruction: when the next instruction, past a
 * `live`, is `catch_exception L`, it jumps to L; else the frame is left, and the same is asked of
 * its caller's call. A check that fails (an overflow, a bad index, debug_fatal) stops the run with
 * the message and the site of the LL operation, as the LL interpreter and native code say it.
 *
 * RTS: translated into binaries with `--jit`. Each instruction runs through its handler, found by
 * opcode in an array built at import from BLACKHOLE_OPERATIONS, a record over the instruction
 * table (`JitCodeOpHandlers`), so an instruction added to the table does not compile until this
 * file decides. A handler reads its operands from the code at pc and gives the next pc, or one
 * of the negative statuses below.
 */

import { ArrayDescr, CallDescr, Descr, FieldDescr, SizeDescr } from "./history.js";
import { addOverflows, bitAnd, bitOr, bitXor, bool, integer, mulOverflows, shiftLeft, shiftRight, signExtend, subOverflows, unsignedLess, unsignedShiftRight } from "./int-arith.js";
import { JITCODE_INSNS, type JitCodeOpHandlers } from "./jitcode-insns.js";
import { JitCode, SiteDescr, SwitchDescr } from "./jitcode.js";
import { insnLength } from "./jitcode-print.js";
import { BlackholeCPU } from "./blackhole-cpu.js";
import { TraceCPUError } from "./trace-cpu.js";

/** The frames changed (a call or a return): go on with the frame on top. */
const SWITCHED = -1;
/** An exception left the instruction: bh.exception holds it. */
const RAISED = -2;
/** The run is over: bh.result says how. */
const STOPPED = -3;

/** One activation of a jitcode: its pc and its register files (registers, then the jitcode's constants). */
export class BlackholeFrame {
  readonly jitcode: JitCode;
  readonly code: number[];
  pc: number;
  readonly ints: number[];
  readonly refs: number[];
  readonly floats: number[];
  /** Where the caller wants this frame's result: a register of the caller's of the jitcode's result kind (-1: none). */
  returnReg: number;

  constructor(jitcode: JitCode) {
    this.jitcode = jitcode;
    this.code = jitcode.code;
    this.pc = 0;
    this.ints = [];
    this.refs = [];
    this.floats = [];
    this.returnReg = -1;
    for (let k = 0; k < jitcode.numRegsI; k++) this.ints.push(0);
    for (let k = 0; k < jitcode.constantsI.length; k++) this.ints.push(jitcode.constantsI[k]!);
    for (let k = 0; k < jitcode.numRegsR; k++) this.refs.push(0);
    for (let k = 0; k < jitcode.constantsR.length; k++) this.refs.push(jitcode.constantsR[k]!);
    for (let k = 0; k < jitcode.numRegsF; k++) this.floats.push(0.0);
    for (let k = 0; k < jitcode.constantsF.length; k++) this.floats.push(jitcode.constantsF[k]!);
  }

  /** Sets argument k of the jitcode (in argKinds' order) before a run from the entry. */
  setArgInt(k: number, value: number): void {
    this.ints[this.jitcode.argRegs[k]!] = value;
  }

  setArgRef(k: number, value: number): void {
    this.refs[this.jitcode.argRegs[k]!] = value;
  }

  setArgFloat(k: number, value: number): void {
    this.floats[this.jitcode.argRegs[k]!] = value;
  }
}

/** How a run ended. */
export class BlackholeResult {
  /** `i`, `r`, `f`, `v` (returned with that kind), `exception` (left the bottom frame), `fatal` (a check failed), `merge` (the bottom frame reached its merge point), `limit` (stepLimit reached). */
  readonly kind: string;
  readonly int: number;
  readonly ref: number;
  readonly float: number;
  /** For `fatal`: the message and where. */
  readonly message: string;
  readonly site: SiteDescr | null;

  constructor(kind: string, int: number, ref: number, float: number, message: string, site: SiteDescr | null) {
    this.kind = kind;
    this.int = int;
    this.ref = ref;
    this.float = float;
    this.message = message;
    this.site = site;
  }
}

export class BlackholeInterpreter {
  readonly cpu: BlackholeCPU;
  readonly frames: BlackholeFrame[];
  /** The exception travelling up (RAISED), then, once caught, the one last_exc_value gives. */
  exception: number;
  /** The values int_push and friends keep aside. */
  pushedInt: number;
  pushedRef: number;
  pushedFloat: number;
  /** Stop when the bottom frame reaches jit_merge_point (after resume), instead of running it as a no-op. */
  stopAtMergePoint: boolean;
  result: BlackholeResult;
  /** Instructions run (for tests and logs). */
  steps: number;
  /** When not -1, run stops (result `limit`) once this many instructions have run: the frames are left as they are. */
  stepLimit: number;
  /** Whether the bottom frame ran a loop_header (the warm runner asks the warm state at a merge point only after one). */
  bottomLoopHeader: boolean;

  constructor(cpu: BlackholeCPU) {
    this.cpu = cpu;
    this.frames = [];
    this.exception = 0;
    this.pushedInt = 0;
    this.pushedRef = 0;
    this.pushedFloat = 0.0;
    this.stopAtMergePoint = false;
    this.result = new BlackholeResult("v", 0, 0, 0.0, "", null);
    this.steps = 0;
    this.stepLimit = -1;
    this.bottomLoopHeader = false;
  }

  /** Pushes a frame (the bottom one first when rebuilding frames after a guard failure). */
  pushFrame(frame: BlackholeFrame): void {
    this.frames.push(frame);
  }

  /** Runs the frames until the bottom one returns, an exception leaves it, a check fails, or (stopAtMergePoint) it reaches its merge point. */
  run(): BlackholeResult {
    const outer = this.cpu.runningBlackhole;
    this.cpu.runningBlackhole = this;
    const result = this.runFrames();
    this.cpu.runningBlackhole = outer;
    return result;
  }

  private runFrames(): BlackholeResult {
    for (;;) {
      if (this.stepLimit >= 0 && this.steps >= this.stepLimit) {
        this.result = new BlackholeResult("limit", 0, 0, 0.0, "", null);
        return this.result;
      }
      const f = this.frames[this.frames.length - 1]!;
      const handler = HANDLERS[f.code[f.pc]!]!;
      this.steps++;
      const next = handler(this, f, f.pc);
      if (next >= 0) f.pc = next;
      else if (next === RAISED) {
        if (this.unwind()) return this.result;
      } else if (next === STOPPED) return this.result;
    }
  }

  /**
   * Raises the exception in the top frame at its pc (after resume from a guard that failed with an
   * exception pending: the frame is at the `live` after the call that raised). True when it left
   * the bottom frame (the result says so); else run goes on at the catch_exception's target.
   */
  raiseInTopFrame(exception: number): boolean {
    this.exception = exception;
    return this.unwind();
  }

  /**
   * An exception left the top frame's instruction (its pc is past it): finds the catch_exception
   * that takes it, leaving frames that have none. True when it left the bottom frame.
   */
  private unwind(): boolean {
    for (;;) {
      const f = this.frames[this.frames.length - 1]!;
      let pc = f.pc;
      if (pc < f.code.length && f.code[pc] === OP_LIVE) pc += 2;
      if (pc < f.code.length && f.code[pc] === OP_CATCH_EXCEPTION) {
        f.pc = f.code[pc + 1]!;
        return false;
      }
      this.frames.pop();
      if (this.frames.length === 0) {
        this.result = new BlackholeResult("exception", 0, this.exception, 0.0, "", null);
        return true;
      }
    }
  }

  /** Ends the run with a failed check's message at its site. */
  fatal(message: string, site: SiteDescr): number {
    this.result = new BlackholeResult("fatal", 0, 0, 0.0, message, site);
    return STOPPED;
  }

  /** The top frame returns a value of its kind: to its caller's register, or as the run's result. */
  returnValue(kind: string, i: number, r: number, fl: number): number {
    const done = this.frames.pop()!;
    if (this.frames.length === 0) {
      this.result = new BlackholeResult(kind, i, r, fl, "", null);
      return STOPPED;
    }
    const caller = this.frames[this.frames.length - 1]!;
    if (done.returnReg >= 0) {
      if (kind === "i") caller.ints[done.returnReg] = i;
      else if (kind === "r") caller.refs[done.returnReg] = r;
      else if (kind === "f") caller.floats[done.returnReg] = fl;
    }
    return SWITCHED;
  }
}

/**
 * Links frames rebuilt after a guard failure (resume), bottom first: each frame but the top one is
 * at the `live` after the inline_call of the frame above it, whose result register (if the call
 * has a result) is where that frame's return value goes. Pushes them on the interpreter.
 */
export function pushResumedFrames(bh: BlackholeInterpreter, frames: BlackholeFrame[]): void {
  for (let k = 0; k + 1 < frames.length; k++) {
    const caller = frames[k]!;
    const code = caller.code;
    let pc = 0;
    let call = -1;
    while (pc < caller.pc) {
      call = pc;
      pc += insnLength(code, pc);
    }
    if (pc !== caller.pc || call < 0 || !JITCODE_INSNS[code[call]!]!.call) throw new TraceCPUError(`${caller.jitcode.name}: pc ${caller.pc} is not right after a call`);
    frames[k + 1]!.returnReg = JITCODE_INSNS[code[call]!]!.result !== "" ? code[pc - 1]! : -1;
  }
  for (let k = 0; k < frames.length; k++) bh.pushFrame(frames[k]!);
}

/** Runs a jitcode from its entry with the arguments (by kind, in argKinds' order) and gives how it ended. */
export function runJitCode(cpu: BlackholeCPU, jitcode: JitCode, ints: number[], refs: number[], floats: number[]): BlackholeResult {
  const bh = new BlackholeInterpreter(cpu);
  bh.pushFrame(enterFrame(jitcode, ints, refs, floats));
  return bh.run();
}

/** A frame of the jitcode at its entry, its arguments set from the values of each kind in order. */
export function enterFrame(jitcode: JitCode, ints: number[], refs: number[], floats: number[]): BlackholeFrame {
  const frame = new BlackholeFrame(jitcode);
  let ki = 0;
  let kr = 0;
  let kf = 0;
  for (let k = 0; k < jitcode.argKinds.length; k++) {
    const kind = jitcode.argKinds.charAt(k);
    if (kind === "i") frame.setArgInt(k, ints[ki++]!);
    else if (kind === "r") frame.setArgRef(k, refs[kr++]!);
    else frame.setArgFloat(k, floats[kf++]!);
  }
  return frame;
}

// ---------------------------------------------------------------------------------------------
// operands: operand k of the instruction at pc is code[pc + k] (1-based; lists take more places)

type Handler = (bh: BlackholeInterpreter, f: BlackholeFrame, pc: number) => number;

function int(f: BlackholeFrame, pc: number, k: number): number {
  return f.ints[f.code[pc + k]!]!;
}
function ref(f: BlackholeFrame, pc: number, k: number): number {
  return f.refs[f.code[pc + k]!]!;
}
function flt(f: BlackholeFrame, pc: number, k: number): number {
  return f.floats[f.code[pc + k]!]!;
}
function putInt(f: BlackholeFrame, at: number, value: number, next: number): number {
  f.ints[f.code[at]!] = value;
  return next;
}
function putRef(f: BlackholeFrame, at: number, value: number, next: number): number {
  f.refs[f.code[at]!] = value;
  return next;
}
function putFloat(f: BlackholeFrame, at: number, value: number, next: number): number {
  f.floats[f.code[at]!] = value;
  return next;
}
function descr(f: BlackholeFrame, pc: number, k: number): Descr {
  return f.jitcode.descrs[f.code[pc + k]!]!;
}
function fieldDescr(f: BlackholeFrame, pc: number, k: number): FieldDescr {
  const d = descr(f, pc, k);
  if (d instanceof FieldDescr) return d;
  throw new TraceCPUError(`${f.jitcode.name}: pc ${pc} needs a field descriptor`);
}
function arrayDescr(f: BlackholeFrame, pc: number, k: number): ArrayDescr {
  const d = descr(f, pc, k);
  if (d instanceof ArrayDescr) return d;
  throw new TraceCPUError(`${f.jitcode.name}: pc ${pc} needs an array descriptor`);
}
function sizeDescr(f: BlackholeFrame, pc: number, k: number): SizeDescr {
  const d = descr(f, pc, k);
  if (d instanceof SizeDescr) return d;
  throw new TraceCPUError(`${f.jitcode.name}: pc ${pc} needs a size descriptor`);
}
function siteDescr(f: BlackholeFrame, pc: number, k: number): SiteDescr {
  const d = descr(f, pc, k);
  if (d instanceof SiteDescr) return d;
  throw new TraceCPUError(`${f.jitcode.name}: pc ${pc} needs a site descriptor`);
}

// binary integer operations: a, b -> result, 4 places
function binInt(f: BlackholeFrame, pc: number, value: number): number {
  return putInt(f, pc + 3, value, pc + 4);
}
function unInt(f: BlackholeFrame, pc: number, value: number): number {
  return putInt(f, pc + 2, value, pc + 3);
}
function binFloat(f: BlackholeFrame, pc: number, value: number): number {
  return putFloat(f, pc + 3, value, pc + 4);
}
/** goto_if_not_*: a, b, L (or a, L). */
function branch(f: BlackholeFrame, pc: number, holds: boolean, labelAt: number): number {
  return holds ? labelAt + 1 : f.code[labelAt]!;
}

const OVERFLOW = "integer overflow: the result is beyond the integers JavaScript keeps exact (2^53)";
const NULL_VALUE = "null or undefined where a value was expected";

function checkedResult(bh: BlackholeInterpreter, f: BlackholeFrame, pc: number, overflows: boolean, value: number): number {
  if (overflows) return bh.fatal(OVERFLOW, siteDescr(f, pc, 3));
  return putInt(f, pc + 4, value, pc + 5);
}

// memory by descriptor
function getField(bh: BlackholeInterpreter, f: BlackholeFrame, pc: number, base: number): number {
  const d = fieldDescr(f, pc, 2);
  const address = base + d.offset;
  if (d.kind === "r") return putRef(f, pc + 3, bh.cpu.loadRef(address), pc + 4);
  if (d.kind === "f") return putFloat(f, pc + 3, bh.cpu.loadFloat(address), pc + 4);
  return putInt(f, pc + 3, bh.cpu.loadInt(address, d.size, d.signed), pc + 4);
}
function setFieldInt(bh: BlackholeInterpreter, f: BlackholeFrame, pc: number, base: number): number {
  const d = fieldDescr(f, pc, 3);
  bh.cpu.storeInt(base + d.offset, d.size, int(f, pc, 2));
  return pc + 4;
}
function itemAddress(d: ArrayDescr, base: number, index: number): number {
  return base + d.baseOffset + index * d.itemSize;
}
function getItem(bh: BlackholeInterpreter, f: BlackholeFrame, pc: number, base: number, kind: string): number {
  const d = arrayDescr(f, pc, 3);
  const address = itemAddress(d, base, int(f, pc, 2));
  if (kind === "r") return putRef(f, pc + 4, bh.cpu.loadRef(address), pc + 5);
  if (kind === "f") return putFloat(f, pc + 4, bh.cpu.loadFloat(address), pc + 5);
  return putInt(f, pc + 4, bh.cpu.loadInt(address, d.fieldSize, d.signed), pc + 5);
}
function setItemInt(bh: BlackholeInterpreter, f: BlackholeFrame, pc: number, base: number): number {
  const d = arrayDescr(f, pc, 4);
  bh.cpu.storeInt(itemAddress(d, base, int(f, pc, 2)), d.fieldSize, int(f, pc, 3));
  return pc + 5;
}
function arrayLength(bh: BlackholeInterpreter, f: BlackholeFrame, pc: number): number {
  const d = arrayDescr(f, pc, 2);
  return putInt(f, pc + 3, bh.cpu.loadInt(ref(f, pc, 1) + d.lengthOffset, 8, true), pc + 4);
}

// calls
// The values of a list of registers at place `at` (its length, then the registers), one reader
// per kind: RTS gives a list one item type, so the integer and float files must not meet.
function readInts(f: BlackholeFrame, at: number): number[] {
  const values: number[] = [];
  for (let k = 1; k <= f.code[at]!; k++) values.push(f.ints[f.code[at + k]!]!);
  return values;
}
function readRefs(f: BlackholeFrame, at: number): number[] {
  const values: number[] = [];
  for (let k = 1; k <= f.code[at]!; k++) values.push(f.refs[f.code[at + k]!]!);
  return values;
}
function readFloats(f: BlackholeFrame, at: number): number[] {
  const values: number[] = [];
  for (let k = 1; k <= f.code[at]!; k++) values.push(f.floats[f.code[at + k]!]!);
  return values;
}

/**
 * residual_call_<args>_<result>: the function (an int operand), the lists of the kinds `args`
 * names, the call descriptor, the result.
 */
function residualCall(bh: BlackholeInterpreter, f: BlackholeFrame, pc: number, args: string, result: string): number {
  const func = int(f, pc, 1);
  let at = pc + 2;
  let ints: number[] = [];
  let floats: number[] = [];
  if (args !== "r") {
    ints = readInts(f, at);
    at += f.code[at]! + 1;
  }
  const refs = readRefs(f, at);
  at += f.code[at]! + 1;
  if (args === "irf") {
    floats = readFloats(f, at);
    at += f.code[at]! + 1;
  }
  const d = f.jitcode.descrs[f.code[at]!]!;
  if (!(d instanceof CallDescr)) throw new TraceCPUError(`${f.jitcode.name}: pc ${pc} needs a call descriptor`);
  at++;
  const cpu = bh.cpu;
  let next = at;
  if (result === "i") next = putInt(f, at, cpu.callInt(func, d, ints, refs, floats), at + 1);
  else if (result === "r") next = putRef(f, at, cpu.callRef(func, d, ints, refs, floats), at + 1);
  else if (result === "f") next = putFloat(f, at, cpu.callFloat(func, d, ints, refs, floats), at + 1);
  else cpu.callVoid(func, d, ints, refs, floats);
  const exception = cpu.pendingException();
  if (exception !== 0) {
    cpu.clearException();
    bh.exception = exception;
    f.pc = next;
    return RAISED;
  }
  return next;
}

/** inline_call_<args>_<result>: the callee's jitcode, the lists, the result register. Pushes the callee's frame. */
function inlineCall(bh: BlackholeInterpreter, f: BlackholeFrame, pc: number, args: string, result: string): number {
  const callee = descr(f, pc, 1);
  if (!(callee instanceof JitCode)) throw new TraceCPUError(`${f.jitcode.name}: pc ${pc} needs a jitcode`);
  let at = pc + 2;
  let ints: number[] = [];
  let floats: number[] = [];
  if (args !== "r") {
    ints = readInts(f, at);
    at += f.code[at]! + 1;
  }
  const refs = readRefs(f, at);
  at += f.code[at]! + 1;
  if (args === "irf") {
    floats = readFloats(f, at);
    at += f.code[at]! + 1;
  }
  const frame = enterFrame(callee, ints, refs, floats);
  if (result !== "v") {
    frame.returnReg = f.code[at]!;
    at++;
  }
  f.pc = at;
  bh.pushFrame(frame);
  return SWITCHED;
}

/** jit_merge_point: a no-op, or the end of the run when the bottom frame reaches it after resume. */
function mergePoint(bh: BlackholeInterpreter, f: BlackholeFrame, pc: number): number {
  if (bh.stopAtMergePoint && bh.frames.length === 1) {
    bh.result = new BlackholeResult("merge", 0, 0, 0.0, "", null);
    return STOPPED;
  }
  return mergePointEnd(f.code, pc);
}

/** The pc after the jit_merge_point at pc (its driver, then six operand lists: greens and reds by kind). */
export function mergePointEnd(code: number[], pc: number): number {
  let at = pc + 2;
  for (let k = 0; k < 6; k++) at += code[at]! + 1;
  return at;
}

/** Every jitcode instruction: the blackhole interpreter runs them all (tests/jit/blackhole.test.ts walks it). */
export const BLACKHOLE_OPERATIONS: JitCodeOpHandlers<Handler> = {
  live: (_bh, _f, pc) => pc + 2,
  goto: (_bh, f, pc) => f.code[pc + 1]!,
  goto_if_not: (_bh, f, pc) => branch(f, pc, int(f, pc, 1) !== 0, pc + 2),
  goto_if_not_int_lt: (_bh, f, pc) => branch(f, pc, int(f, pc, 1) < int(f, pc, 2), pc + 3),
  goto_if_not_int_le: (_bh, f, pc) => branch(f, pc, int(f, pc, 1) <= int(f, pc, 2), pc + 3),
  goto_if_not_int_eq: (_bh, f, pc) => branch(f, pc, int(f, pc, 1) === int(f, pc, 2), pc + 3),
  goto_if_not_int_ne: (_bh, f, pc) => branch(f, pc, int(f, pc, 1) !== int(f, pc, 2), pc + 3),
  goto_if_not_int_gt: (_bh, f, pc) => branch(f, pc, int(f, pc, 1) > int(f, pc, 2), pc + 3),
  goto_if_not_int_ge: (_bh, f, pc) => branch(f, pc, int(f, pc, 1) >= int(f, pc, 2), pc + 3),
  goto_if_not_ptr_nonzero: (_bh, f, pc) => branch(f, pc, ref(f, pc, 1) !== 0, pc + 2),
  goto_if_not_ptr_iszero: (_bh, f, pc) => branch(f, pc, ref(f, pc, 1) === 0, pc + 2),
  switch: (_bh, f, pc) => {
    const d = descr(f, pc, 2);
    if (!(d instanceof SwitchDescr)) throw new TraceCPUError(`${f.jitcode.name}: pc ${pc} needs a switch descriptor`);
    const target = d.targetOf(int(f, pc, 1));
    return target >= 0 ? target : pc + 3;
  },
  int_return: (bh, f, pc) => bh.returnValue("i", int(f, pc, 1), 0, 0.0),
  ref_return: (bh, f, pc) => bh.returnValue("r", 0, ref(f, pc, 1), 0.0),
  float_return: (bh, f, pc) => bh.returnValue("f", 0, 0, flt(f, pc, 1)),
  void_return: (bh, _f, _pc) => bh.returnValue("v", 0, 0, 0.0),
  raise: (bh, f, pc) => {
    bh.exception = ref(f, pc, 1);
    f.pc = pc + 2;
    return RAISED;
  },
  reraise: (_bh, f, pc) => {
    f.pc = pc + 1;
    return RAISED;
  },
  // reached when the instruction before did not raise
  catch_exception: (_bh, _f, pc) => pc + 2,
  last_exc_value: (bh, f, pc) => putRef(f, pc + 1, bh.exception, pc + 2),

  int_copy: (_bh, f, pc) => putInt(f, pc + 2, int(f, pc, 1), pc + 3),
  // the blackhole interpreter runs on from compiled code (RPython's codewriter makes we_are_jitted True for it)
  we_are_jitted: (_bh, f, pc) => putInt(f, pc + 1, 1, pc + 2),
  ref_copy: (_bh, f, pc) => putRef(f, pc + 2, ref(f, pc, 1), pc + 3),
  float_copy: (_bh, f, pc) => putFloat(f, pc + 2, flt(f, pc, 1), pc + 3),
  int_push: (bh, f, pc) => {
    bh.pushedInt = int(f, pc, 1);
    return pc + 2;
  },
  ref_push: (bh, f, pc) => {
    bh.pushedRef = ref(f, pc, 1);
    return pc + 2;
  },
  float_push: (bh, f, pc) => {
    bh.pushedFloat = flt(f, pc, 1);
    return pc + 2;
  },
  int_pop: (bh, f, pc) => putInt(f, pc + 1, bh.pushedInt, pc + 2),
  ref_pop: (bh, f, pc) => putRef(f, pc + 1, bh.pushedRef, pc + 2),
  float_pop: (bh, f, pc) => putFloat(f, pc + 1, bh.pushedFloat, pc + 2),

  int_add: (_bh, f, pc) => binInt(f, pc, int(f, pc, 1) + int(f, pc, 2)),
  int_sub: (_bh, f, pc) => binInt(f, pc, int(f, pc, 1) - int(f, pc, 2)),
  int_mul: (_bh, f, pc) => binInt(f, pc, integer(int(f, pc, 1) * int(f, pc, 2))),
  int_and: (_bh, f, pc) => binInt(f, pc, bitAnd(int(f, pc, 1), int(f, pc, 2))),
  int_or: (_bh, f, pc) => binInt(f, pc, bitOr(int(f, pc, 1), int(f, pc, 2))),
  int_xor: (_bh, f, pc) => binInt(f, pc, bitXor(int(f, pc, 1), int(f, pc, 2))),
  int_lshift: (_bh, f, pc) => binInt(f, pc, shiftLeft(int(f, pc, 1), int(f, pc, 2))),
  int_rshift: (_bh, f, pc) => binInt(f, pc, shiftRight(int(f, pc, 1), int(f, pc, 2))),
  uint_rshift: (_bh, f, pc) => binInt(f, pc, unsignedShiftRight(int(f, pc, 1), int(f, pc, 2))),
  int_signext: (_bh, f, pc) => binInt(f, pc, signExtend(int(f, pc, 1), int(f, pc, 2))),
  int_lt: (_bh, f, pc) => binInt(f, pc, bool(int(f, pc, 1) < int(f, pc, 2))),
  int_le: (_bh, f, pc) => binInt(f, pc, bool(int(f, pc, 1) <= int(f, pc, 2))),
  int_eq: (_bh, f, pc) => binInt(f, pc, bool(int(f, pc, 1) === int(f, pc, 2))),
  int_ne: (_bh, f, pc) => binInt(f, pc, bool(int(f, pc, 1) !== int(f, pc, 2))),
  int_gt: (_bh, f, pc) => binInt(f, pc, bool(int(f, pc, 1) > int(f, pc, 2))),
  int_ge: (_bh, f, pc) => binInt(f, pc, bool(int(f, pc, 1) >= int(f, pc, 2))),
  uint_lt: (_bh, f, pc) => binInt(f, pc, bool(unsignedLess(int(f, pc, 1), int(f, pc, 2)))),
  int_neg: (_bh, f, pc) => unInt(f, pc, 0 - int(f, pc, 1)),
  int_invert: (_bh, f, pc) => unInt(f, pc, -1 - int(f, pc, 1)),
  int_is_true: (_bh, f, pc) => unInt(f, pc, bool(int(f, pc, 1) !== 0)),
  int_is_zero: (_bh, f, pc) => unInt(f, pc, bool(int(f, pc, 1) === 0)),
  int_add_ovf: (bh, f, pc) => checkedResult(bh, f, pc, addOverflows(int(f, pc, 1), int(f, pc, 2)), int(f, pc, 1) + int(f, pc, 2)),
  int_sub_ovf: (bh, f, pc) => checkedResult(bh, f, pc, subOverflows(int(f, pc, 1), int(f, pc, 2)), int(f, pc, 1) - int(f, pc, 2)),
  int_mul_ovf: (bh, f, pc) => checkedResult(bh, f, pc, mulOverflows(int(f, pc, 1), int(f, pc, 2)), integer(int(f, pc, 1) * int(f, pc, 2))),
  int_neg_ovf: (bh, f, pc) => {
    const a = int(f, pc, 1);
    if (subOverflows(0, a)) return bh.fatal(OVERFLOW, siteDescr(f, pc, 2));
    return putInt(f, pc + 3, 0 - a, pc + 4);
  },
  int_floordiv: (bh, f, pc) => {
    const b = int(f, pc, 2);
    if (b === 0) return bh.fatal("integer division by zero", siteDescr(f, pc, 3));
    return putInt(f, pc + 4, integer(Math.trunc(int(f, pc, 1) / b)), pc + 5);
  },
  int_mod: (bh, f, pc) => {
    const b = int(f, pc, 2);
    if (b === 0) return bh.fatal("integer modulo by zero", siteDescr(f, pc, 3));
    return putInt(f, pc + 4, integer(int(f, pc, 1) % b), pc + 5);
  },

  float_add: (_bh, f, pc) => binFloat(f, pc, flt(f, pc, 1) + flt(f, pc, 2)),
  float_sub: (_bh, f, pc) => binFloat(f, pc, flt(f, pc, 1) - flt(f, pc, 2)),
  float_mul: (_bh, f, pc) => binFloat(f, pc, flt(f, pc, 1) * flt(f, pc, 2)),
  float_truediv: (_bh, f, pc) => binFloat(f, pc, flt(f, pc, 1) / flt(f, pc, 2)),
  float_neg: (_bh, f, pc) => putFloat(f, pc + 2, -flt(f, pc, 1), pc + 3),
  float_abs: (_bh, f, pc) => putFloat(f, pc + 2, Math.abs(flt(f, pc, 1)), pc + 3),
  float_lt: (_bh, f, pc) => binInt(f, pc, bool(flt(f, pc, 1) < flt(f, pc, 2))),
  float_le: (_bh, f, pc) => binInt(f, pc, bool(flt(f, pc, 1) <= flt(f, pc, 2))),
  float_eq: (_bh, f, pc) => binInt(f, pc, bool(flt(f, pc, 1) === flt(f, pc, 2))),
  float_ne: (_bh, f, pc) => binInt(f, pc, bool(flt(f, pc, 1) !== flt(f, pc, 2))),
  float_gt: (_bh, f, pc) => binInt(f, pc, bool(flt(f, pc, 1) > flt(f, pc, 2))),
  float_ge: (_bh, f, pc) => binInt(f, pc, bool(flt(f, pc, 1) >= flt(f, pc, 2))),
  cast_int_to_float: (_bh, f, pc) => putFloat(f, pc + 2, int(f, pc, 1) * 1.0, pc + 3),

  ptr_eq: (_bh, f, pc) => binInt(f, pc, bool(ref(f, pc, 1) === ref(f, pc, 2))),
  ptr_ne: (_bh, f, pc) => binInt(f, pc, bool(ref(f, pc, 1) !== ref(f, pc, 2))),
  ptr_nonzero: (_bh, f, pc) => unInt(f, pc, bool(ref(f, pc, 1) !== 0)),
  ptr_iszero: (_bh, f, pc) => unInt(f, pc, bool(ref(f, pc, 1) === 0)),
  cast_ptr_to_int: (_bh, f, pc) => unInt(f, pc, ref(f, pc, 1)),
  cast_int_to_ptr: (_bh, f, pc) => putRef(f, pc + 2, int(f, pc, 1), pc + 3),

  getfield_gc_i: (bh, f, pc) => getField(bh, f, pc, ref(f, pc, 1)),
  getfield_gc_r: (bh, f, pc) => getField(bh, f, pc, ref(f, pc, 1)),
  getfield_gc_f: (bh, f, pc) => getField(bh, f, pc, ref(f, pc, 1)),
  setfield_gc_i: (bh, f, pc) => setFieldInt(bh, f, pc, ref(f, pc, 1)),
  setfield_gc_r: (bh, f, pc) => {
    bh.cpu.writeBarrier(ref(f, pc, 1));
    bh.cpu.storeRef(ref(f, pc, 1) + fieldDescr(f, pc, 3).offset, ref(f, pc, 2));
    return pc + 4;
  },
  setfield_gc_f: (bh, f, pc) => {
    bh.cpu.storeFloat(ref(f, pc, 1) + fieldDescr(f, pc, 3).offset, flt(f, pc, 2));
    return pc + 4;
  },
  getfield_raw_i: (bh, f, pc) => getField(bh, f, pc, int(f, pc, 1)),
  // what the trace assumes is no concern of running the jitcode (RPython's bhimpl_record_quasiimmut_field)
  record_quasiimmut_field: (_bh, _f, pc) => pc + 3,
  setfield_raw_i: (bh, f, pc) => setFieldInt(bh, f, pc, int(f, pc, 1)),
  getarrayitem_gc_i: (bh, f, pc) => getItem(bh, f, pc, ref(f, pc, 1), "i"),
  getarrayitem_gc_r: (bh, f, pc) => getItem(bh, f, pc, ref(f, pc, 1), "r"),
  getarrayitem_gc_f: (bh, f, pc) => getItem(bh, f, pc, ref(f, pc, 1), "f"),
  setarrayitem_gc_i: (bh, f, pc) => setItemInt(bh, f, pc, ref(f, pc, 1)),
  setarrayitem_gc_r: (bh, f, pc) => {
    const d = arrayDescr(f, pc, 4);
    bh.cpu.writeBarrier(ref(f, pc, 1));
    bh.cpu.storeRef(itemAddress(d, ref(f, pc, 1), int(f, pc, 2)), ref(f, pc, 3));
    return pc + 5;
  },
  setarrayitem_gc_f: (bh, f, pc) => {
    const d = arrayDescr(f, pc, 4);
    bh.cpu.storeFloat(itemAddress(d, ref(f, pc, 1), int(f, pc, 2)), flt(f, pc, 3));
    return pc + 5;
  },
  arraylen_gc: arrayLength,
  getarrayitem_raw_i: (bh, f, pc) => getItem(bh, f, pc, int(f, pc, 1), "i"),
  setarrayitem_raw_i: (bh, f, pc) => setItemInt(bh, f, pc, int(f, pc, 1)),
  raw_load_i: (bh, f, pc) => {
    const d = arrayDescr(f, pc, 3);
    return putInt(f, pc + 4, bh.cpu.loadInt(int(f, pc, 1) + int(f, pc, 2), d.itemSize, d.signed), pc + 5);
  },
  raw_load_f: (bh, f, pc) => putFloat(f, pc + 4, bh.cpu.loadFloat(int(f, pc, 1) + int(f, pc, 2)), pc + 5),
  raw_store_i: (bh, f, pc) => {
    const d = arrayDescr(f, pc, 4);
    bh.cpu.storeInt(int(f, pc, 1) + int(f, pc, 2), d.itemSize, int(f, pc, 3));
    return pc + 5;
  },
  raw_store_f: (bh, f, pc) => {
    bh.cpu.storeFloat(int(f, pc, 1) + int(f, pc, 2), flt(f, pc, 3));
    return pc + 5;
  },
  strlen: arrayLength,
  strgetitem: (bh, f, pc) => getItem(bh, f, pc, ref(f, pc, 1), "i"),
  strsetitem: (bh, f, pc) => setItemInt(bh, f, pc, ref(f, pc, 1)),
  new: (bh, f, pc) => putRef(f, pc + 2, bh.cpu.newStruct(sizeDescr(f, pc, 1)), pc + 3),
  new_with_vtable: (bh, f, pc) => {
    const d = sizeDescr(f, pc, 1);
    const obj = bh.cpu.newStruct(d);
    bh.cpu.setClass(obj, d.vtable);
    return putRef(f, pc + 2, obj, pc + 3);
  },
  new_array_clear: (bh, f, pc) => putRef(f, pc + 3, bh.cpu.newArray(arrayDescr(f, pc, 2), int(f, pc, 1)), pc + 4),
  newstr: (bh, f, pc) => putRef(f, pc + 3, bh.cpu.newArray(arrayDescr(f, pc, 2), int(f, pc, 1)), pc + 4),

  check_nonnull: (bh, f, pc) => {
    const p = ref(f, pc, 1);
    if (p === 0 || p === bh.cpu.nullObject()) return bh.fatal(NULL_VALUE, siteDescr(f, pc, 2));
    return pc + 3;
  },
  check_defined: (bh, f, pc) => {
    if (bh.cpu.isMissingWord(int(f, pc, 1))) return bh.fatal(NULL_VALUE, siteDescr(f, pc, 2));
    return pc + 3;
  },
  check_index: (bh, f, pc) => {
    const index = int(f, pc, 1);
    const length = int(f, pc, 2);
    if (index < 0 || index >= length) return bh.fatal("index " + index + " out of bounds (length " + length + ")", siteDescr(f, pc, 3));
    return pc + 4;
  },
  debug_fatal: (bh, f, pc) => {
    const site = siteDescr(f, pc, 1);
    return bh.fatal(site.message, site);
  },

  residual_call_r_i: (bh, f, pc) => residualCall(bh, f, pc, "r", "i"),
  residual_call_r_r: (bh, f, pc) => residualCall(bh, f, pc, "r", "r"),
  residual_call_r_f: (bh, f, pc) => residualCall(bh, f, pc, "r", "f"),
  residual_call_r_v: (bh, f, pc) => residualCall(bh, f, pc, "r", "v"),
  residual_call_ir_i: (bh, f, pc) => residualCall(bh, f, pc, "ir", "i"),
  residual_call_ir_r: (bh, f, pc) => residualCall(bh, f, pc, "ir", "r"),
  residual_call_ir_f: (bh, f, pc) => residualCall(bh, f, pc, "ir", "f"),
  residual_call_ir_v: (bh, f, pc) => residualCall(bh, f, pc, "ir", "v"),
  residual_call_irf_i: (bh, f, pc) => residualCall(bh, f, pc, "irf", "i"),
  residual_call_irf_r: (bh, f, pc) => residualCall(bh, f, pc, "irf", "r"),
  residual_call_irf_f: (bh, f, pc) => residualCall(bh, f, pc, "irf", "f"),
  residual_call_irf_v: (bh, f, pc) => residualCall(bh, f, pc, "irf", "v"),
  inline_call_r_i: (bh, f, pc) => inlineCall(bh, f, pc, "r", "i"),
  inline_call_r_r: (bh, f, pc) => inlineCall(bh, f, pc, "r", "r"),
  inline_call_r_f: (bh, f, pc) => inlineCall(bh, f, pc, "r", "f"),
  inline_call_r_v: (bh, f, pc) => inlineCall(bh, f, pc, "r", "v"),
  inline_call_ir_i: (bh, f, pc) => inlineCall(bh, f, pc, "ir", "i"),
  inline_call_ir_r: (bh, f, pc) => inlineCall(bh, f, pc, "ir", "r"),
  inline_call_ir_f: (bh, f, pc) => inlineCall(bh, f, pc, "ir", "f"),
  inline_call_ir_v: (bh, f, pc) => inlineCall(bh, f, pc, "ir", "v"),
  inline_call_irf_i: (bh, f, pc) => inlineCall(bh, f, pc, "irf", "i"),
  inline_call_irf_r: (bh, f, pc) => inlineCall(bh, f, pc, "irf", "r"),
  inline_call_irf_f: (bh, f, pc) => inlineCall(bh, f, pc, "irf", "f"),
  inline_call_irf_v: (bh, f, pc) => inlineCall(bh, f, pc, "irf", "v"),

  jit_merge_point: mergePoint,
  loop_header: (bh, _f, pc) => {
    if (bh.frames.length === 1) bh.bottomLoopHeader = true;
    return pc + 2;
  },
  // a promoted value is only a constant while tracing
  int_guard_value: (_bh, _f, pc) => pc + 2,
  ref_guard_value: (_bh, _f, pc) => pc + 2,
  float_guard_value: (_bh, _f, pc) => pc + 2,
  guard_class: (bh, f, pc) => unInt(f, pc, bh.cpu.classOf(ref(f, pc, 1))),
};

const OP_LIVE = opcodeNamed("live");
const OP_CATCH_EXCEPTION = opcodeNamed("catch_exception");

function opcodeNamed(name: string): number {
  for (let k = 0; k < JITCODE_INSNS.length; k++) if (JITCODE_INSNS[k]!.name === name) return k;
  return -1;
}

/** The handlers by opcode (what run calls). */
const HANDLERS: readonly Handler[] = JITCODE_INSNS.map((info) => {
  const h = (BLACKHOLE_OPERATIONS as Record<string, Handler | { refused: string }>)[info.name];
  if (typeof h !== "function") throw new Error(`the blackhole interpreter has no handler for ${info.name}`);
  return h;
});
