/**
 * Guards (RPython's x86/assembler.py genop_guard_* and the recovery stubs of
 * generate_quick_failure, reduced): each guard is a compare and a conditional jump to its exit
 * stub; the stubs come after the trace's code. A stub writes the guard's fail arguments, from
 * where they were at the guard, to the io slots 0..n-1 of the JIT frame (frame.ts), puts the
 * exit's number in RAX and jumps to the epilogue, which returns it to the caller. Values never
 * live in io slots (inputs are copied out at entry, spill slots come after), so the writes can go
 * in order.
 *
 * A comparison whose only use is the guard after it leaves its condition in the flags instead of
 * a register (trace-assembler.ts fusedValue): the guard is one conditional jump.
 *
 * An `_ovf` operation followed by its guard: the operation leaves the label its overflow paths
 * jump to (`TraceAssembler.ovfLabel`); guard_no_overflow makes it its exit (setting the
 * overflowed result to 0 first, as the trace interpreter has it), guard_overflow jumps to a new
 * exit when there was no overflow and goes on at the label, the result 0.
 *
 * RTS.
 */

import { type AbstractValue, Const, type ResOperation } from "../history.js";
import {
  CC_E, CC_NE, CMP_ri, CMP_rr, Jcc_l32, JMP_l32, MOV_mi, MOV_mr, MOV_rm, MOVQ_rx, mem, R11, RAX, RBP, TEST_rr, XOR32_rr,
} from "./asm.js";
import { FRAME_GUARD_EXC_OFFSET } from "./frame.js";
import { type TraceAssembler, TraceRefused } from "./trace-assembler.js";

/** Jumps to the exit of guard op when the flags say cc. */
function exitIf(t: TraceAssembler, op: ResOperation, cc: number): void {
  t.asm.l(Jcc_l32[cc]!, t.exitFor(op, null).label);
}

/** guard_true (cc CC_E: fails when zero) and guard_false (CC_NE), and the null checks. */
function guardZeroTest(t: TraceAssembler, op: ResOperation, failWhenZero: boolean): void {
  const a = op.args[0]!;
  if (t.fusedValue !== null && t.fusedValue === a) {
    // the comparison before left its condition in the flags: guard_true fails when it does not hold
    t.fusedValue = null;
    exitIf(t, op, failWhenZero ? t.fusedCC ^ 1 : t.fusedCC);
    return;
  }
  if (a instanceof Const) {
    const zero = t.constInt(a) === 0;
    const exit = t.exitFor(op, null);
    if (zero === failWhenZero) t.asm.l(JMP_l32, exit.label);
    return;
  }
  const r = t.gpr(a, R11);
  t.asm.rr(TEST_rr, r, r);
  exitIf(t, op, failWhenZero ? CC_E : CC_NE);
}

export function guardTrue(t: TraceAssembler, op: ResOperation): void {
  guardZeroTest(t, op, true);
}

export function guardFalse(t: TraceAssembler, op: ResOperation): void {
  guardZeroTest(t, op, false);
}

/** Compares integer or reference a with b (flags as after CMP a, b). */
function compareInts(t: TraceAssembler, a: AbstractValue, b: AbstractValue): void {
  const r = t.gpr(a, R11);
  if (t.isImm32(b)) {
    t.asm.ri(CMP_ri, r, t.constInt(b));
    return;
  }
  t.asm.rr(CMP_rr, r, t.gpr(b, RAX));
}

/** guard_value: the same integer or reference, or for floats the same 64 bits (as the trace interpreter's sameFloatBits). */
export function guardValue(t: TraceAssembler, op: ResOperation): void {
  const a = op.args[0]!;
  const b = op.args[1]!;
  if (a.kind === "f") {
    t.asm.rr(MOVQ_rx, RAX, t.xmm(a, 15));
    t.asm.rr(MOVQ_rx, R11, t.xmm(b, 14));
    t.asm.rr(CMP_rr, RAX, R11);
  } else {
    compareInts(t, a, b);
  }
  exitIf(t, op, CC_NE);
}

/** Loads the class word of the non-null reference in register r and compares it with cls. */
function compareClass(t: TraceAssembler, r: number, cls: AbstractValue): void {
  const offset = t.config.classOffset;
  if (offset < 0) throw new TraceRefused("guard_class: this backend was not told where an instance's class is");
  t.asm.rm(MOV_rm, RAX, mem(r, offset));
  if (t.isImm32(cls)) {
    t.asm.ri(CMP_ri, RAX, t.constInt(cls));
  } else if (cls instanceof Const) {
    t.movImm(R11, t.constInt(cls));
    t.asm.rr(CMP_rr, RAX, R11);
  } else {
    t.asm.rr(CMP_rr, RAX, t.gpr(cls, R11));
  }
}

export function guardClass(t: TraceAssembler, op: ResOperation): void {
  const r = t.gpr(op.args[0]!, R11);
  compareClass(t, r, op.args[1]!);
  exitIf(t, op, CC_NE);
}

export function guardNonnullClass(t: TraceAssembler, op: ResOperation): void {
  const r = t.gpr(op.args[0]!, R11);
  const exit = t.exitFor(op, null);
  t.asm.rr(TEST_rr, r, r);
  t.asm.l(Jcc_l32[CC_E]!, exit.label);
  compareClass(t, r, op.args[1]!);
  t.asm.l(Jcc_l32[CC_NE]!, exit.label);
}

/**
 * guard_not_invalidated: fails once the trace's invalidation word is set (BackendConfig). RPython
 * patches the guard's place into a jump to its exit when the loop is invalidated; a load and a
 * test cost about nothing where it stands (once per iteration at most), and leave the code
 * unpatched.
 */
export function guardNotInvalidated(t: TraceAssembler, op: ResOperation): void {
  const word = t.config.invalidationWord;
  if (word === 0) throw new TraceRefused("guard_not_invalidated: the backend gave this trace no invalidation word");
  t.movImm(R11, word);
  t.asm.rm(MOV_rm, RAX, mem(R11, 0));
  t.asm.rr(TEST_rr, RAX, RAX);
  exitIf(t, op, CC_NE);
}

export function guardNoOverflow(t: TraceAssembler, op: ResOperation): void {
  const overflow = t.ovfLabel;
  if (overflow === null) throw new TraceRefused("guard_no_overflow does not follow an _ovf operation");
  const exit = t.exitFor(op, overflow);
  exit.zeroLoc = t.ovfResult;
  t.ovfLabel = null;
}

export function guardOverflow(t: TraceAssembler, op: ResOperation): void {
  const overflow = t.ovfLabel;
  if (overflow === null) throw new TraceRefused("guard_overflow does not follow an _ovf operation");
  t.asm.l(JMP_l32, t.exitFor(op, null).label);
  t.asm.bind(overflow);
  t.asm.rr(XOR32_rr, t.ovfResult, t.ovfResult);
  t.ovfLabel = null;
}

/** The exit stubs of every guard, after the trace's code. */
export function emitGuardExits(t: TraceAssembler): void {
  for (let i = 0; i < t.guardExits.length; i++) {
    const exit = t.guardExits[i]!;
    t.asm.bind(exit.label);
    if (exit.zeroLoc >= 0) t.asm.rr(XOR32_rr, exit.zeroLoc, exit.zeroLoc);
    if (exit.saveException) {
      // the code returns with exc_data clear (frame.ts jf_guard_exc)
      t.movImm(R11, t.config.excValue);
      t.asm.rm(MOV_rm, RAX, mem(R11, 0));
      t.asm.mr(MOV_mr, mem(RBP, FRAME_GUARD_EXC_OFFSET), RAX);
      t.asm.mi(MOV_mi, mem(R11, 0), 0);
    }
    t.leave(exit.values, exit.locs, exit.exit);
  }
}
