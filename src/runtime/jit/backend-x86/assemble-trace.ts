/**
 * The trace backend's entry point: an optimized trace to x86-64 machine code (RPython's
 * x86/assembler.py assemble_loop, reduced to one trace with its own loop). The instruction
 * selection is `X86_TRACE_OPERATIONS`, a record over every resoperation: an emitter, or
 * `{ refused }` with the reason (the caller then runs the trace in the trace interpreter).
 *
 * The calling convention of the code (README.md has the picture):
 *   - it is called as a System V function with one argument, the JIT frame's address (frame.ts),
 *     and keeps the frame in RBP; it saves the callee-saved registers it uses (all of them);
 *   - at entry it reads input argument i from io slot i;
 *   - it leaves at a failing guard or a finish: the fail arguments (the finish's arguments) go to
 *     io slots 0..n-1, and the exit's number (its place in `AssembledTrace.exits`, in trace order)
 *     is returned in RAX and stored in the frame's jf_descr word;
 *   - a jump to a label of the same trace is a jump to its code, with the jump's arguments moved
 *     in parallel to where the label's values live (registers kept across the back edge).
 *
 * Requires a trace that check-trace.ts accepts, ending with a jump to one of its own labels or a
 * finish. RTS.
 */

import { floatHighWord, floatLowWord } from "rts";
import { type AbstractValue, Const, type Descr, type ResOperation, type Trace } from "../history.js";
import { RESOPS, type ResOpHandlers } from "../resoperation.js";
import {
  ADD_ri, ADD_rr, ADDSD_xm, ADDSD_xx, AND_ri, AND_rr, Assembler, CC_A, CC_AE, CC_B, CC_BE, CC_E, CC_G, CC_GE, CC_L, CC_LE,
  CC_NE, DIVSD_xm, DIVSD_xx, IMUL_rr, IMUL_rri, JMP_l, Label, mem, MOV_mr, MOV_rr, MULSD_xm, MULSD_xx, NEG_r, NOT_r,
  OR_ri, OR_rr, POP_r, PUSH_r, R12, R13, R14, R15, RBP, RBX, RDI, RET, RSP, SAR_rcl, SAR_ri, SHL_rcl, SHL_ri, SHR_rcl, SHR_ri,
  SUB_ri, SUB_rr, SUBSD_xm, SUBSD_xx, XOR_ri, XOR_rr,
} from "./asm.js";
import { FRAME_DESCR_OFFSET, FRAME_HEADER_BYTES } from "./frame.js";
import { emitGuardExits, guardClass, guardFalse, guardNonnullClass, guardNoOverflow, guardNotInvalidated, guardOverflow, guardTrue, guardValue } from "./guards.js";
import { emitMove } from "./moves.js";
import { emitFloatBinary, emitFloatCompare, emitFloatCopy, emitFloatEquality, emitFloatSign, emitFloatToInt, emitIntToFloat } from "./ops-float.js";
import {
  emitAlu, emitCompare, emitCopy, emitDivision, emitForceGeZero, emitMul, emitOvf, emitShift, emitSignExt, emitUnary, emitZeroTest,
} from "./ops-int.js";
import { emitCall, emitNew, emitNewArray, emitSafePoint, emitSlowPaths, guardException, guardNoException } from "./calls.js";
import { emitCopyStrContent, emitGetField, emitGetItem, emitLength, emitRawLoad, emitRawStore, emitSetField, emitSetItem } from "./ops-memory.js";
import { FIRST_SLOT, keyOf, NO_LOC, RegAlloc, VALUE_KINDS } from "./regalloc.js";
import { BackendConfig, LoopHeader, TraceAssembler, TraceRefused } from "./trace-assembler.js";

type Emitter = (t: TraceAssembler, op: ResOperation) => void;

const MAY_FORCE = "call_may_force needs forcing virtualizables and virtual references from the JIT frame (not yet)";

function nothing(_t: TraceAssembler, _op: ResOperation): void {}

/** Every resoperation: how this backend emits it, or why it does not. */
export const X86_TRACE_OPERATIONS: ResOpHandlers<Emitter> = {
  jump: emitJump,
  finish: emitFinish,
  label: nothing, // the driver binds it and records where its values live

  guard_true: guardTrue,
  guard_false: guardFalse,
  guard_value: guardValue,
  guard_class: guardClass,
  guard_nonnull: guardTrue,
  guard_isnull: guardFalse,
  guard_nonnull_class: guardNonnullClass,
  guard_no_exception: guardNoException,
  guard_exception: guardException,
  guard_no_overflow: guardNoOverflow,
  guard_overflow: guardOverflow,
  guard_not_forced: { refused: "call_may_force is not compiled yet" },
  guard_not_invalidated: guardNotInvalidated,

  int_add: (t, op) => {
    emitAlu(t, op, ADD_rr, ADD_ri);
  },
  int_sub: (t, op) => {
    emitAlu(t, op, SUB_rr, SUB_ri);
  },
  int_mul: (t, op) => {
    emitMul(t, op, IMUL_rr, IMUL_rri);
  },
  int_floordiv: (t, op) => emitDivision(t, op, false),
  int_mod: (t, op) => emitDivision(t, op, true),
  int_and: (t, op) => {
    emitAlu(t, op, AND_rr, AND_ri);
  },
  int_or: (t, op) => {
    emitAlu(t, op, OR_rr, OR_ri);
  },
  int_xor: (t, op) => {
    emitAlu(t, op, XOR_rr, XOR_ri);
  },
  int_lshift: (t, op) => emitShift(t, op, SHL_rcl, SHL_ri),
  int_rshift: (t, op) => emitShift(t, op, SAR_rcl, SAR_ri),
  uint_rshift: (t, op) => emitShift(t, op, SHR_rcl, SHR_ri),
  int_neg: (t, op) => emitUnary(t, op, NEG_r),
  int_invert: (t, op) => emitUnary(t, op, NOT_r),
  int_is_zero: (t, op) => emitZeroTest(t, op, CC_E),
  int_is_true: (t, op) => emitZeroTest(t, op, CC_NE),
  int_force_ge_zero: emitForceGeZero,
  int_signext: emitSignExt,
  int_lt: (t, op) => emitCompare(t, op, CC_L),
  int_le: (t, op) => emitCompare(t, op, CC_LE),
  int_eq: (t, op) => emitCompare(t, op, CC_E),
  int_ne: (t, op) => emitCompare(t, op, CC_NE),
  int_gt: (t, op) => emitCompare(t, op, CC_G),
  int_ge: (t, op) => emitCompare(t, op, CC_GE),
  uint_lt: (t, op) => emitCompare(t, op, CC_B),
  uint_le: (t, op) => emitCompare(t, op, CC_BE),
  uint_gt: (t, op) => emitCompare(t, op, CC_A),
  uint_ge: (t, op) => emitCompare(t, op, CC_AE),

  float_add: (t, op) => emitFloatBinary(t, op, ADDSD_xx, ADDSD_xm),
  float_sub: (t, op) => emitFloatBinary(t, op, SUBSD_xx, SUBSD_xm),
  float_mul: (t, op) => emitFloatBinary(t, op, MULSD_xx, MULSD_xm),
  float_truediv: (t, op) => emitFloatBinary(t, op, DIVSD_xx, DIVSD_xm),
  float_neg: (t, op) => emitFloatSign(t, op, true),
  float_abs: (t, op) => emitFloatSign(t, op, false),
  float_lt: (t, op) => emitFloatCompare(t, op, true, CC_A),
  float_le: (t, op) => emitFloatCompare(t, op, true, CC_AE),
  float_eq: (t, op) => emitFloatEquality(t, op, true),
  float_ne: (t, op) => emitFloatEquality(t, op, false),
  float_gt: (t, op) => emitFloatCompare(t, op, false, CC_A),
  float_ge: (t, op) => emitFloatCompare(t, op, false, CC_AE),
  cast_float_to_int: emitFloatToInt,
  cast_int_to_float: emitIntToFloat,

  same_as_i: emitCopy,
  same_as_r: emitCopy,
  same_as_f: emitFloatCopy,
  cast_ptr_to_int: emitCopy,
  cast_int_to_ptr: emitCopy,
  ptr_eq: (t, op) => emitCompare(t, op, CC_E),
  ptr_ne: (t, op) => emitCompare(t, op, CC_NE),

  strlen: emitLength,
  strgetitem: emitGetItem,

  arraylen_gc: emitLength,
  getfield_gc_i: emitGetField,
  getfield_gc_r: emitGetField,
  getfield_gc_f: emitGetField,
  getfield_raw_i: emitGetField,
  getfield_raw_f: emitGetField,
  getarrayitem_gc_i: emitGetItem,
  getarrayitem_gc_r: emitGetItem,
  getarrayitem_gc_f: emitGetItem,
  getarrayitem_raw_i: emitGetItem,
  getarrayitem_raw_f: emitGetItem,
  raw_load_i: (t, op) => emitRawLoad(t, op, "i"),
  raw_load_f: (t, op) => emitRawLoad(t, op, "f"),
  new: (t, op) => emitNew(t, op, false),
  new_with_vtable: (t, op) => emitNew(t, op, true),
  new_array: emitNewArray,
  new_array_clear: emitNewArray,
  newstr: emitNewArray,

  setfield_gc: (t, op) => emitSetField(t, op, true),
  setfield_raw: (t, op) => emitSetField(t, op, false),
  setarrayitem_gc: (t, op) => emitSetItem(t, op, true),
  setarrayitem_raw: (t, op) => emitSetItem(t, op, false),
  raw_store: emitRawStore,
  strsetitem: (t, op) => emitSetItem(t, op, false),
  copystrcontent: emitCopyStrContent,
  quasiimmut_field: nothing, // the optimizer's record; guard_not_invalidated does the checking
  debug_merge_point: nothing,

  call_i: emitCall,
  call_r: emitCall,
  call_f: emitCall,
  call_n: emitCall,
  cond_call_n: { refused: "cond_call is not made by this JIT's codewriter" },
  call_pure_i: { refused: "call_pure is removed by the optimizer before the backend" },
  call_pure_r: { refused: "call_pure is removed by the optimizer before the backend" },
  call_pure_f: { refused: "call_pure is removed by the optimizer before the backend" },
  call_pure_n: { refused: "call_pure is removed by the optimizer before the backend" },
  call_may_force_i: { refused: MAY_FORCE },
  call_may_force_r: { refused: MAY_FORCE },
  call_may_force_f: { refused: MAY_FORCE },
  call_may_force_n: { refused: MAY_FORCE },
  call_loopinvariant_i: emitCall,
  call_loopinvariant_r: emitCall,
  call_loopinvariant_f: emitCall,
  call_loopinvariant_n: emitCall,

  int_add_ovf: (t, op) => emitOvf(t, emitAlu(t, op, ADD_rr, ADD_ri)),
  int_sub_ovf: (t, op) => emitOvf(t, emitAlu(t, op, SUB_rr, SUB_ri)),
  int_mul_ovf: (t, op) => emitOvf(t, emitMul(t, op, IMUL_rr, IMUL_rri)),
};

/** The emitters by operation number (null when refused) and the refusals' reasons ("" when handled). */
const EMITTERS: readonly (Emitter | null)[] = RESOPS.map((info) => {
  const h = (X86_TRACE_OPERATIONS as Record<string, Emitter | { refused: string }>)[info.name];
  return typeof h === "function" ? h : null;
});
const REFUSALS: readonly string[] = RESOPS.map((info) => {
  const h = (X86_TRACE_OPERATIONS as Record<string, Emitter | { refused: string }>)[info.name];
  return typeof h === "function" || h === undefined ? "" : h.refused;
});

/** The machine code of a trace, or why there is none. */
export class AssembledTrace {
  /** "" when compiled; else why not (the caller runs the trace interpreter). */
  readonly refusal: string;
  readonly code: Uint8Array;
  /** The bytes of instructions at the start of code; the float constants follow. */
  readonly instructionsSize: number;
  /** The exits by number (what the code returns): fail descriptors of guards, final descriptors of finishes. */
  readonly exits: Descr[];
  readonly exitOps: ResOperation[];
  /** The io slots (inputs, fail arguments) and the whole frame's size in 8-byte words. */
  readonly ioSlots: number;
  readonly frameWords: number;
  /**
   * Where another trace's exit may jump to start this one (after the prologue, which saved the
   * registers and set RBP to the frame: the same in every trace): the inputs are read from the
   * io slots there.
   */
  readonly entryOffset: number;
  /** Per exit, the offset of the rel32 of the jump every path out through it takes (TraceAssembler.exitJumps). */
  readonly exitJumps: number[];
  /** Per exit, the offset of the 32-bit number its code returns (BackendConfig.firstExit + its index until the backend renumbers it). */
  readonly exitNumberAt: number[];

  constructor(refusal: string, code: Uint8Array, instructionsSize: number, exits: Descr[], exitOps: ResOperation[], ioSlots: number, frameWords: number, entryOffset: number, exitJumps: number[], exitNumberAt: number[]) {
    this.exitNumberAt = exitNumberAt;
    this.refusal = refusal;
    this.code = code;
    this.instructionsSize = instructionsSize;
    this.exits = exits;
    this.exitOps = exitOps;
    this.ioSlots = ioSlots;
    this.frameWords = frameWords;
    this.entryOffset = entryOffset;
    this.exitJumps = exitJumps;
  }
}

function refused(reason: string): AssembledTrace {
  return new AssembledTrace(reason, new Uint8Array(0), 0, [], [], 0, 0, 0, [], []);
}

/** The callee-saved registers of System V, pushed at entry in this order (RBP first: calls.ts FRAME_RECORD_FROM_RSP). */
const SAVED: readonly number[] = [RBP, RBX, R12, R13, R14, R15];

/** Compiles the trace; a refusal when an operation or the trace's shape is not compiled yet. */
export function assembleTrace(trace: Trace, config: BackendConfig): AssembledTrace {
  const why = refusalOf(trace);
  if (why !== "") return refused(why);
  try {
    return compile(trace, config);
  } catch (e) {
    if (e instanceof TraceRefused) return refused(e.message);
    throw e;
  }
}

/** Why the trace cannot be compiled, before trying: a refused operation, a jump out of the trace, no end. */
function refusalOf(trace: Trace): string {
  const ops = trace.operations;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const reason = REFUSALS[op.opnum]!;
    if (reason !== "") return `${op.name()}: ${reason}`;
    if (op.name() === "jump" && labelIndex(trace, op.descr, i) < 0) return "a jump to a label outside this trace (loops jumping to other loops: not yet)";
  }
  if (ops.length === 0 || !RESOPS[ops[ops.length - 1]!.opnum]!.final) return "the trace does not end with a jump or a finish";
  return "";
}

/** The index of the label with the token before position `before`, or -1. */
function labelIndex(trace: Trace, token: Descr | null, before: number): number {
  for (let i = 0; i < before; i++) {
    const op = trace.operations[i]!;
    if (op.name() === "label" && op.descr === token) return i;
  }
  return -1;
}

/** How many value keys (regalloc.ts keyOf) the trace may use. */
function valueCount(trace: Trace): number {
  let n = trace.nextNumber;
  for (let i = 0; i < trace.inputArgs.length; i++) n = Math.max(n, trace.inputArgs[i]!.number + 1);
  for (let i = 0; i < trace.operations.length; i++) n = Math.max(n, trace.operations[i]!.number + 1);
  return n * VALUE_KINDS;
}

function ioSlotsOf(trace: Trace): number {
  let n = trace.inputArgs.length;
  for (let i = 0; i < trace.operations.length; i++) {
    const op = trace.operations[i]!;
    const failArgs = op.failArgs;
    if (failArgs !== null) n = Math.max(n, failArgs.length);
    if (op.name() === "finish") n = Math.max(n, op.args.length);
  }
  return n;
}

/** Where each value (by key) is defined: the index of its operation, -1 for an input or a value the trace does not define. */
function definitions(trace: Trace, keys: number): Int32Array {
  const defined = new Int32Array(keys);
  for (let v = 0; v < keys; v++) defined[v] = -1;
  const ops = trace.operations;
  for (let i = 0; i < ops.length; i++) if (ops[i]!.kind !== "n") defined[keyOf(ops[i]!)] = i;
  return defined;
}

/**
 * The last use of each value (RPython's compute_vars_longevity), in ra.lastUse: arguments and
 * fail arguments are uses; a value defined before a label and used after it lives until the jump
 * back to that label. Gives the values whose last use is each operation.
 */
function computeLongevity(trace: Trace, ra: RegAlloc, defined: Int32Array): number[][] {
  const ops = trace.operations;
  for (let i = 0; i < trace.inputArgs.length; i++) {
    const arg = trace.inputArgs[i]!;
    if (arg.kind === "f") ra.isFloat[keyOf(arg)] = 1;
  }
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    useAll(ra, op.args, i);
    const failArgs = op.failArgs;
    if (failArgs !== null) useAll(ra, failArgs, i);
    if (op.kind !== "n") {
      if (ra.lastUse[keyOf(op)]! < i) ra.lastUse[keyOf(op)] = i;
      if (op.kind === "f") ra.isFloat[keyOf(op)] = 1;
    }
  }
  for (let j = 0; j < ops.length; j++) {
    const op = ops[j]!;
    if (op.name() !== "jump") continue;
    const l = labelIndex(trace, op.descr, j);
    for (let v = 0; v < defined.length; v++) {
      if (defined[v]! < l && ra.lastUse[v]! > l && ra.lastUse[v]! < j) ra.lastUse[v] = j;
    }
  }
  const dying: number[][] = [];
  for (let i = 0; i < ops.length; i++) dying.push([]);
  for (let v = 0; v < defined.length; v++) {
    const last = ra.lastUse[v]!;
    if (last >= 0) dying[last]!.push(v);
  }
  return dying;
}

function useAll(ra: RegAlloc, values: AbstractValue[], i: number): void {
  for (let k = 0; k < values.length; k++) {
    const a = values[k]!;
    if (!(a instanceof Const) && a.number >= 0) ra.lastUse[keyOf(a)] = i;
  }
}

function compile(trace: Trace, config: BackendConfig): AssembledTrace {
  const asm = new Assembler();
  const ioSlots = ioSlotsOf(trace);
  const ra = new RegAlloc(asm, valueCount(trace), ioSlots);
  const defined = definitions(trace, ra.lastUse.length);
  const dying = computeLongevity(trace, ra, defined);
  const t = new TraceAssembler(asm, ra, trace, config);

  const calls = callsRuntime(trace);
  let io = ioSlots;
  if (calls) {
    io = Math.max(io, referencesAtLabels(trace, ra, defined));
    ra.reserveIo(io);
  }

  // prologue: the callee-saved registers, RBP first (then [rsp + 48] is a frame record that
  // calls.ts points RBP at during calls), and the frame's address (at [rsp], rsp 16-aligned);
  // the frame in RBP
  for (let i = 0; i < SAVED.length; i++) asm.r(PUSH_r, SAVED[i]!);
  asm.r(PUSH_r, RDI);
  asm.rr(MOV_rr, RBP, RDI);
  // another trace's exit may jump here, after its own prologue, with the inputs in the io slots
  const entryOffset = asm.position();
  t.emitCount(config.entryName);
  loadInputs(t);

  const ops = trace.operations;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    ra.pos = i;
    const emit = EMITTERS[op.opnum]!;
    if (emit === null) throw new TraceRefused(`${op.name()}: ${REFUSALS[op.opnum]!}`);
    emit(t, op);
    ra.freeDying(dying[i]!);
    if (op.name() === "label") {
      const header = enterLoop(t, op);
      t.emitCount(op.descr === null ? "label" : op.descr.name);
      if (calls) emitSafePoint(t, header);
      // a label's values come from the jumps to it too: not known to be fresh there
      for (let k = 0; k < op.args.length; k++) if (!(op.args[k] instanceof Const)) t.fresh[keyOf(op.args[k]!)] = 0;
    }
  }
  emitGuardExits(t);
  emitSlowPaths(t);
  t.emitExitTails();

  // epilogue: RAX is the exit's number
  asm.bind(t.epilogue);
  asm.mr(MOV_mr, mem(RBP, FRAME_DESCR_OFFSET), 0);
  asm.ri(ADD_ri, RSP, 8);
  for (let i = SAVED.length - 1; i >= 0; i--) asm.r(POP_r, SAVED[i]!);
  asm.none(RET);
  const instructionsSize = asm.position();

  asm.align(8);
  for (let i = 0; i < t.floats.length; i++) {
    const c = t.floats[i]!;
    asm.bind(c.label);
    asm.data32(floatLowWord(c.value));
    asm.data32(floatHighWord(c.value));
  }
  return new AssembledTrace("", asm.bytes(), instructionsSize, t.exits, t.exitOps, io, FRAME_HEADER_BYTES / 8 + ra.slotsUsed(), entryOffset, t.exitJumps, t.exitNumberAt);
}

/** Input argument i from io slot i to a register, or to a spill slot when none is free. */
function loadInputs(t: TraceAssembler): void {
  const ra = t.ra;
  const inputs = t.trace.inputArgs;
  for (let i = 0; i < inputs.length; i++) {
    const v = keyOf(inputs[i]!);
    if (ra.lastUse[v]! < 0) continue;
    const float = ra.isFloat[v] === 1;
    const loc = ra.hasFreeRegister(float) ? ra.freeRegister(float) : ra.newSlot();
    ra.place(v, loc);
    emitMoveFromIo(t, i, loc);
  }
}

function emitMoveFromIo(t: TraceAssembler, i: number, loc: number): void {
  emitMove(t.asm, FIRST_SLOT + i, loc);
}

/** At a label: its code starts here, and the values live after it stay where they are now. */
function enterLoop(t: TraceAssembler, op: ResOperation): LoopHeader {
  const labelArgs: number[] = [];
  for (let k = 0; k < op.args.length; k++) labelArgs.push(keyOf(op.args[k]!));
  const header = new LoopHeader(op.descr, new Label(), labelArgs);
  const ra = t.ra;
  for (let v = 0; v < ra.loc.length; v++) {
    if (ra.loc[v]! !== NO_LOC) {
      header.values.push(v);
      header.locs.push(ra.loc[v]!);
    }
  }
  t.asm.bind(header.label);
  t.headers.push(header);
  return header;
}

/** Whether the trace calls the runtime (calls, allocation): then its labels are safe points. */
function callsRuntime(trace: Trace): boolean {
  for (let i = 0; i < trace.operations.length; i++) {
    const name = trace.operations[i]!.name();
    if (name.startsWith("call_") || name.startsWith("new")) return true;
  }
  return false;
}

/** The most references live across any label (a safe point's roots, passed in io slots): computeLongevity done. */
function referencesAtLabels(trace: Trace, ra: RegAlloc, defined: Int32Array): number {
  const ops = trace.operations;
  let most = 0;
  for (let l = 0; l < ops.length; l++) {
    if (ops[l]!.name() !== "label") continue;
    let n = 0;
    for (let v = 1; v < defined.length; v += VALUE_KINDS) if (defined[v]! < l && ra.lastUse[v]! > l) n++;
    if (n > most) most = n;
  }
  return most;
}

/** Moves the jump's arguments to where the label's values live (and the other values live there back), then jumps. */
function emitJump(t: TraceAssembler, op: ResOperation): void {
  let header: LoopHeader | null = null;
  for (let i = 0; i < t.headers.length; i++) if (t.headers[i]!.token === op.descr) header = t.headers[i]!;
  if (header === null) throw new TraceRefused("a jump to a label outside this trace");
  const values: AbstractValue[] = [];
  const dsts: number[] = [];
  for (let k = 0; k < header.labelArgs.length; k++) {
    const dst = header.locOf(header.labelArgs[k]!);
    if (dst === NO_LOC) continue; // not used in the loop
    values.push(op.args[k]!);
    dsts.push(dst);
  }
  // the other values live after the label go back where they were there
  const srcs: number[] = [];
  const locs: number[] = [];
  for (let i = 0; i < header.values.length; i++) {
    const v = header.values[i]!;
    if (header.labelArgs.includes(v)) continue;
    srcs.push(t.ra.loc[v]!);
    locs.push(header.locs[i]!);
  }
  t.moveValues(values, dsts, srcs, locs);
  t.asm.l(JMP_l, header.label);
}

function emitFinish(t: TraceAssembler, op: ResOperation): void {
  const locs = new Int32Array(op.args.length);
  for (let k = 0; k < op.args.length; k++) {
    const a = op.args[k]!;
    locs[k] = a instanceof Const ? NO_LOC : t.ra.loc[keyOf(a)]!;
  }
  t.leave(op.args, locs, t.newExit(op));
}

export { BackendConfig };
