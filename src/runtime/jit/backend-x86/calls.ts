/**
 * What a trace calls (RPython's x86 assembler _emit_call, genop_new*, the write barrier's
 * slow path, genop_guard_guard_no_exception, reduced to this runtime): residual calls, allocation
 * through the collector, the exception guards, write barriers, and safe points at loop labels.
 *
 * A call follows the binary's internal calling convention (src/backend-x86/codegen/locations.ts):
 * integer and reference arguments in RDI RSI RDX RCX R8 R9, floats in XMM0-7, the result in RAX
 * or XMM0; RBX, RBP, R12-R15 and XMM11-13 are kept. So before it every value in a caller-saved
 * register that is used after the call goes to a frame slot (regalloc.ts spillAcrossCall). RBP
 * holds the JIT frame in the trace; for the call it points at the frame record the prologue
 * pushed (the caller's RBP and return address, FRAME_RECORD_FROM_RSP), so that a stack trace
 * taken in the callee walks through the trace to the code that ran it, and it is reloaded from
 * [rsp] (the prologue pushed the frame's address there) afterwards.
 *
 * The collector: the warm runner holds the heap while a trace runs (docs/architecture.md, "The
 * heap while the JIT holds integers"), so nothing a call does moves an object, and what the code
 * allocates needs no barrier (`TraceAssembler.fresh`): it is young, or, once the nursery is full,
 * allocated old and remembered already.
 * Collections happen at safe points: at each label of a trace that calls, the code tests the word
 * the collector sets when one is due (BackendConfig.safePointDue) and, when it is set, calls the
 * runtime's safePoint with the references live at the label in io slots 0..n-1, the roots of
 * that collection, read back from there updated.
 *
 * An exception a call raised is left in the runtime's exc_data (BackendConfig.excValue);
 * guard_no_exception tests it, and a failing exception guard moves it to jf_guard_exc (frame.ts).
 *
 * RTS.
 */

import { type AbstractValue, ArrayDescr, CallDescr, Const, type ResOperation, SizeDescr } from "../history.js";
import {
  ADD_ri, CALL_r, CC_B, CC_E, CC_NE, Jcc_l, Label, TEST_mi, CMP_mi, CMP_ri, CMP_rr, IMUL_rri, Jcc_l32, JMP_l, LEA_rm, mem, MOV_mi, MOV_mr, MOV_rm, MOV_rr, MOV32_rr, MOVAPD_xx,
  MOVSD_mx, MOVSD_xm, MOVSX16_rr, MOVSX32_rr, MOVSX8_rr, MOVZX16_rr, MOVZX8_rr, POP_r, PUSH_r, R10, R11, R8, R9, RAX, RBP, RCX, RDI, RDX, RSI, RSP,
  SUB_ri, TEST_rr, TEST8_mi,
} from "./asm.js";
import { emitMove, emitParallelMove } from "./moves.js";
import { FIRST_SLOT, FIRST_XMM, keyOf, NO_LOC } from "./regalloc.js";
import { type LoopHeader, SlowPath, type TraceAssembler, TraceRefused } from "./trace-assembler.js";

const GPR_ARGS: readonly number[] = [RDI, RSI, RDX, RCX, R8, R9];
const FLOAT_ARGS = 8;
/** From rsp in a trace's body: the frame record of the prologue (assemble-trace.ts: the caller's RBP, pushed first, then five registers and the frame's address). */
export const FRAME_RECORD_FROM_RSP = 48;
/** What a slow path pushes: the caller-saved registers values live in (rsi rdi r8 r9 r10, xmm0-10), 128 bytes with rsp kept 16-aligned. */
const SAVED_GPRS: readonly number[] = [RSI, RDI, R8, R9, R10];
const SAVED_XMMS = 11;
const SAVED_BYTES = 8 * SAVED_GPRS.length + 8 * SAVED_XMMS;

/** Calls the address in RAX, rsp `extra` bytes below the body's: RBP the prologue's frame record meanwhile, the JIT frame again after. */
function callRax(t: TraceAssembler, extra: number): void {
  t.asm.rm(LEA_rm, RBP, mem(RSP, FRAME_RECORD_FROM_RSP + extra));
  t.asm.r(CALL_r, RAX);
  t.asm.rm(MOV_rm, RBP, mem(RSP, extra));
}

function required(address: number, what: string): number {
  if (address === 0) throw new TraceRefused(`${what}: this backend was not given the runtime's address for it`);
  return address;
}

/** Moves the values (or constants) to the argument registers, in the convention's order; caller-saved values were spilled. */
function moveArguments(t: TraceAssembler, args: AbstractValue[]): void {
  const dsts: number[] = [];
  let ints = 0;
  let floats = 0;
  for (let k = 0; k < args.length; k++) {
    if (args[k]!.kind === "f") {
      if (floats >= FLOAT_ARGS) throw new TraceRefused(`a call with more than ${FLOAT_ARGS} float arguments (stack arguments: not yet)`);
      dsts.push(FIRST_XMM + floats);
      floats++;
    } else {
      if (ints >= GPR_ARGS.length) throw new TraceRefused(`a call with more than ${GPR_ARGS.length} integer and reference arguments (stack arguments: not yet)`);
      dsts.push(GPR_ARGS[ints]!);
      ints++;
    }
  }
  t.moveValues(args, dsts, [], []);
}

/** The call's integer result, RAX, into register r, extended from its size as the descriptor says. */
function takeInt(t: TraceAssembler, r: number, size: number, signed: boolean): void {
  const asm = t.asm;
  if (size === 4) asm.rr(signed ? MOVSX32_rr : MOV32_rr, r, RAX);
  else if (size === 2) asm.rr(signed ? MOVSX16_rr : MOVZX16_rr, r, RAX);
  else if (size === 1) asm.rr(signed ? MOVSX8_rr : MOVZX8_rr, r, RAX);
  else asm.rr(MOV_rr, r, RAX);
}

/** call_i/r/f/n, call_loopinvariant_*: call(func, args...) with the descriptor's signature. */
export function emitCall(t: TraceAssembler, op: ResOperation): void {
  const d = op.descr;
  if (d === null || !(d instanceof CallDescr)) throw new TraceRefused(`${op.name()} without a call descriptor`);
  const func = op.args[0]!;
  const args: AbstractValue[] = [];
  for (let k = 1; k < op.args.length; k++) args.push(op.args[k]!);
  t.ra.spillAcrossCall();
  // the function first (moveArguments writes argument registers; it uses R11, never RAX)
  if (!(func instanceof Const)) emitMove(t.asm, t.ra.loc[keyOf(func)]!, RAX);
  moveArguments(t, args);
  if (func instanceof Const) t.movImm(RAX, t.constInt(func));
  callRax(t, 0);
  t.ra.releaseCallerSaved();
  if (op.kind === "f") {
    const x = t.resultXmm(op);
    if (x !== 0) t.asm.rr(MOVAPD_xx, x, 0);
  } else if (op.kind === "i") {
    takeInt(t, t.resultGpr(op), d.resultSize, d.resultSigned);
  } else if (op.kind === "r") {
    takeInt(t, t.resultGpr(op), 8, false);
  }
}

/** new, new_with_vtable: allocSlow(typeId, size), then the class word. */
export function emitNew(t: TraceAssembler, op: ResOperation, withVtable: boolean): void {
  const d = op.descr;
  if (d === null || !(d instanceof SizeDescr)) throw new TraceRefused(`${op.name()} without a size descriptor`);
  const alloc = required(t.config.allocSlow, "allocation");
  if (withVtable && t.config.classOffset < 0) throw new TraceRefused("new_with_vtable: this backend was not told where an instance's class is");
  t.ra.spillAcrossCall();
  t.movImm(RDI, d.typeId);
  t.movImm(RSI, d.size);
  t.movImm(RAX, alloc);
  callRax(t, 0);
  t.ra.releaseCallerSaved();
  const r = t.resultGpr(op);
  t.asm.rr(MOV_rr, r, RAX);
  if (withVtable) {
    t.movImm(R11, d.vtable);
    t.asm.mr(MOV_mr, mem(r, t.config.classOffset), R11);
  }
  t.fresh[keyOf(op)] = 1;
}

/** new_array, new_array_clear, newstr (n): allocSlow(typeId, baseOffset + n * itemSize) (zero-filled), then the length word. */
export function emitNewArray(t: TraceAssembler, op: ResOperation): void {
  const d = op.descr;
  if (d === null || !(d instanceof ArrayDescr)) throw new TraceRefused(`${op.name()} without an array descriptor`);
  const alloc = required(t.config.allocSlow, "allocation");
  const n = op.args[0]!;
  const asm = t.asm;
  t.ra.spillAcrossCall();
  let extra = 0;
  if (n instanceof Const) {
    t.movImm(RSI, d.totalSize(t.constInt(n)));
  } else {
    // n is read again after the call: kept on the stack (twice: rsp stays 16-aligned)
    emitMove(asm, t.ra.loc[keyOf(n)]!, RAX);
    asm.r(PUSH_r, RAX);
    asm.r(PUSH_r, RAX);
    extra = 16;
    asm.rri(IMUL_rri, RSI, RAX, d.itemSize);
    asm.ri(ADD_ri, RSI, d.baseOffset);
  }
  t.movImm(RDI, d.typeId);
  t.movImm(RAX, alloc);
  callRax(t, extra);
  if (extra > 0) {
    asm.r(POP_r, RCX);
    asm.r(POP_r, RCX);
  }
  t.ra.releaseCallerSaved();
  const r = t.resultGpr(op);
  asm.rr(MOV_rr, r, RAX);
  if (d.lengthOffset >= 0) {
    if (n instanceof Const && t.isImm32(n)) {
      asm.mi(MOV_mi, mem(r, d.lengthOffset), t.constInt(n));
    } else {
      if (n instanceof Const) t.movImm(RCX, t.constInt(n));
      asm.mr(MOV_mr, mem(r, d.lengthOffset), RCX);
    }
  }
  t.fresh[keyOf(op)] = 1;
}

/** guard_no_exception: fails when the runtime's exc_data holds an exception. */
export function guardNoException(t: TraceAssembler, op: ResOperation): void {
  t.movImm(R11, required(t.config.excValue, "guard_no_exception"));
  t.asm.mi(CMP_mi, mem(R11, 0), 0);
  const exit = t.exitFor(op, null);
  exit.saveException = true;
  t.asm.l(Jcc_l32[CC_NE]!, exit.label);
}

/** guard_exception(cls): fails unless the pending exception is an instance of exactly cls; gives it and clears exc_data. */
export function guardException(t: TraceAssembler, op: ResOperation): void {
  const asm = t.asm;
  const offset = t.config.classOffset;
  if (offset < 0) throw new TraceRefused("guard_exception: this backend was not told where an instance's class is");
  const exit = t.exitFor(op, null);
  exit.saveException = true;
  t.movImm(R11, required(t.config.excValue, "guard_exception"));
  asm.rm(MOV_rm, RAX, mem(R11, 0));
  asm.rr(TEST_rr, RAX, RAX);
  asm.l(Jcc_l32[CC_E]!, exit.label);
  asm.rm(MOV_rm, RCX, mem(RAX, offset));
  const cls = op.args[0]!;
  if (t.isImm32(cls)) {
    asm.ri(CMP_ri, RCX, t.constInt(cls));
  } else {
    asm.rr(CMP_rr, RCX, t.gpr(cls, RDX));
  }
  asm.l(Jcc_l32[CC_NE]!, exit.label);
  const r = t.resultGpr(op);
  asm.rr(MOV_rr, r, RAX);
  asm.mi(MOV_mi, mem(R11, 0), 0);
}

function addArgument(slow: SlowPath, t: TraceAssembler, a: AbstractValue): void {
  slow.argLocs.push(a instanceof Const ? NO_LOC : t.ra.loc[keyOf(a)]!);
  slow.argConsts.push(a);
}

/**
 * Before reference `value` is stored into base (item `index` of an array, or a field when null):
 * the write barrier's inline test of the header's flag, and its slow path out of line. None for a
 * constant value (compiled constants are old objects) or an object this trace allocated.
 */
export function emitWriteBarrier(t: TraceAssembler, base: AbstractValue, index: AbstractValue | null, value: AbstractValue): void {
  if (value instanceof Const) return;
  if (!(base instanceof Const) && t.fresh[keyOf(base)] === 1) return;
  const target = required(index === null ? t.config.writeBarrier : t.config.writeBarrierArray, "the write barrier");
  const b = t.gpr(base, R11);
  t.asm.mi(TEST8_mi, mem(b, t.config.gcFlagsOffset), t.config.gcTrackYoungPtrs);
  const slow = new SlowPath(target, false);
  addArgument(slow, t, base);
  if (index !== null) addArgument(slow, t, index);
  slow.valueLoc = t.ra.loc[keyOf(value)]!;
  t.asm.l(Jcc_l32[CC_NE]!, slow.label);
  t.asm.bind(slow.back);
  t.slowPaths.push(slow);
}

/** At a label of a trace that calls: the test of the collector's safe-point word, the collection out of line. */
export function emitSafePoint(t: TraceAssembler, header: LoopHeader): void {
  const target = required(t.config.safePoint, "a safe point");
  t.movImm(R11, required(t.config.safePointDue, "a safe point"));
  t.asm.mi(CMP_mi, mem(R11, 0), 0);
  const slow = new SlowPath(target, true);
  for (let i = 0; i < header.values.length; i++) {
    if (header.values[i]! % 3 === 1) slow.refLocs.push(header.locs[i]!); // a reference (regalloc.ts keyOf)
  }
  t.asm.l(Jcc_l32[CC_NE]!, slow.label);
  t.asm.bind(slow.back);
  t.slowPaths.push(slow);
}

/**
 * A write barrier's slow path first: back at once when the value is old (neither in the nursery
 * nor a young large object; undefined is 0) and the object is not prebuilt (a prebuilt object
 * must be told of every heap pointer stored into it: the collector's roots then include it).
 */
function emitOldValueTest(t: TraceAssembler, slow: SlowPath): void {
  const asm = t.asm;
  const config = t.config;
  const call = new Label();
  const old = new Label();
  if (slow.argLocs[0]! === NO_LOC) t.loadConst(slow.argConsts[0]!, R11);
  else emitMove(asm, slow.argLocs[0]!, R11);
  asm.mi(TEST8_mi, mem(R11, config.gcFlagsOffset), config.gcPrebuilt);
  asm.l(Jcc_l[CC_NE]!, call);
  emitMove(asm, slow.valueLoc, RAX);
  asm.rr(TEST_rr, RAX, RAX);
  asm.l(Jcc_l32[CC_E]!, slow.back);
  t.movImm(R11, config.nurseryStart);
  asm.rr(CMP_rr, RAX, R11);
  asm.l(Jcc_l[CC_B]!, old);
  t.movImm(R11, config.nurseryEnd);
  asm.rr(CMP_rr, RAX, R11);
  asm.l(Jcc_l[CC_B]!, call);
  asm.bind(old);
  asm.mi(TEST_mi, mem(RAX, config.gcFlagsOffset), config.gcLargeYoung);
  asm.l(Jcc_l32[CC_E]!, slow.back);
  asm.bind(call);
}

/** The slow paths, after the trace's code: each saves the caller-saved registers, calls, restores them and goes back. */
export function emitSlowPaths(t: TraceAssembler): void {
  const asm = t.asm;
  for (let i = 0; i < t.slowPaths.length; i++) {
    const slow = t.slowPaths[i]!;
    asm.bind(slow.label);
    if (slow.valueLoc !== NO_LOC && t.config.nurseryEnd !== 0) emitOldValueTest(t, slow);
    for (let k = 0; k < SAVED_GPRS.length; k++) asm.r(PUSH_r, SAVED_GPRS[k]!);
    asm.ri(SUB_ri, RSP, 8 * SAVED_XMMS);
    for (let k = 0; k < SAVED_XMMS; k++) asm.mr(MOVSD_mx, mem(RSP, 8 * k), k);
    if (slow.passesFrame) {
      for (let k = 0; k < slow.refLocs.length; k++) emitMove(asm, slow.refLocs[k]!, FIRST_SLOT + k);
      asm.rr(MOV_rr, RDI, RBP);
      t.movImm(RSI, slow.refLocs.length);
    } else {
      const srcs: number[] = [];
      const dsts: number[] = [];
      for (let k = 0; k < slow.argLocs.length; k++) {
        if (slow.argLocs[k]! !== NO_LOC) {
          srcs.push(slow.argLocs[k]!);
          dsts.push(GPR_ARGS[k]!);
        }
      }
      emitParallelMove(asm, srcs, dsts);
      for (let k = 0; k < slow.argLocs.length; k++) if (slow.argLocs[k]! === NO_LOC) t.loadConst(slow.argConsts[k]!, GPR_ARGS[k]!);
    }
    t.movImm(RAX, slow.target);
    callRax(t, SAVED_BYTES);
    for (let k = 0; k < SAVED_XMMS; k++) asm.rm(MOVSD_xm, k, mem(RSP, 8 * k));
    asm.ri(ADD_ri, RSP, 8 * SAVED_XMMS);
    for (let k = SAVED_GPRS.length - 1; k >= 0; k--) asm.r(POP_r, SAVED_GPRS[k]!);
    if (slow.passesFrame) for (let k = 0; k < slow.refLocs.length; k++) emitMove(asm, FIRST_SLOT + k, slow.refLocs[k]!);
    asm.l(JMP_l, slow.back);
  }
}
