/**
 * Where a value lives while a function runs, as one number (src/backend/location.ts): 0-30 a
 * general register (x0-x30), 32-63 a SIMD&FP register used as a double (32 + n is dn), 64 and up
 * a spill slot of the frame. And the internal calling convention every translated function
 * follows on AArch64.
 *
 * The convention is AAPCS64's shape: arguments in x0-x7 and d0-d7 (then the stack, in argument
 * order), results in x0 or d0, x19-x28 and d8-d15 callee-saved, x29 the frame pointer and x30
 * the link register, sp 16-aligned. Nothing outside the binary calls us, so no other code needs
 * to agree, but the shape lets gdb, perf and qemu's tracing walk our frames.
 *
 * Reserved, never allocated: x16 and x17 (IP0, IP1), the code generator's scratch registers
 * (x16 also breaks cycles of parallel moves), and x18 (the platform register of other systems,
 * here a third scratch: the result of an operation whose variable lives in a slot is computed
 * there); x29, x30, sp; d30 and d31, scratch for doubles (d31 breaks float move cycles).
 */

import type { Location, RegisterFile } from "../../backend/location.js";

/** A location (src/backend/location.ts) in AArch64's numbering. */
export type Loc = Location;

export const FPR_BASE = 32;
export const SLOT_BASE = 64;

export const isGpr = (loc: Loc) => loc >= 0 && loc < 31;
export const isFpr = (loc: Loc) => loc >= FPR_BASE && loc < SLOT_BASE;
export const isSlot = (loc: Loc) => loc >= SLOT_BASE;
export const fpr = (n: number): Loc => FPR_BASE + n;

/** General scratch registers: x16 (moves' cycles, first operands), x17 (second operands, slot to slot), x18 (results bound for a slot). */
export const SCRATCH = 16;
export const SCRATCH2 = 17;
export const SCRATCH3 = 18;
/** Double scratch registers (as d numbers): d31 breaks move cycles, d30 holds operands and results bound for a slot. */
export const XSCRATCH = 31;
export const XSCRATCH2 = 30;

export const GPR_ARGS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7];
export const FPR_ARGS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7];

/** Allocation order: the temporaries x9-x15 first, then x8, then the argument registers last-first so that incoming arguments stay put. */
export const GPR_CALLER_SAVED: readonly number[] = [9, 10, 11, 12, 13, 14, 15, 8, 7, 6, 5, 4, 3, 2, 1, 0];
export const GPR_CALLEE_SAVED: readonly number[] = [19, 20, 21, 22, 23, 24, 25, 26, 27, 28];
export const FPR_CALLER_SAVED: readonly number[] = [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 7, 6, 5, 4, 3, 2, 1, 0];
export const FPR_CALLEE_SAVED: readonly number[] = [8, 9, 10, 11, 12, 13, 14, 15];

/** The registers as the shared allocator and parallel moves (src/backend) see them. */
export const AARCH64_REGISTERS: RegisterFile = {
  slotBase: SLOT_BASE,
  general: { callerSaved: GPR_CALLER_SAVED, calleeSaved: GPR_CALLEE_SAVED, args: GPR_ARGS, result: 0, scratch: SCRATCH },
  float: {
    callerSaved: FPR_CALLER_SAVED.map(fpr),
    calleeSaved: FPR_CALLEE_SAVED.map(fpr),
    args: FPR_ARGS.map(fpr),
    result: fpr(0),
    scratch: fpr(XSCRATCH),
  },
};
