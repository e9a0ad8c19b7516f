/**
 * Where a value lives while a function runs, as one number: 0-15 a general register, 16-31 an
 * SSE register (16 + n), 32 and up a spill slot of the frame. And the internal calling
 * convention every translated function follows.
 *
 * The convention is System V's where System V is good (arguments in rdi rsi rdx rcx r8 r9 and
 * xmm0-7, results in rax or xmm0, rbx rbp r12-r15 callee-saved) and ours where we gain: xmm11-13
 * are callee-saved too, so that float loops that call keep their values in registers. Nothing
 * outside the binary calls us, so no other code needs to agree.
 *
 * Reserved, never allocated: rsp; rbp, the frame pointer (gdb, perf and, later, the GC walk
 * frames by it); rax and r11, scratch for the code generator's sequences (rax also takes results
 * and the syscall number); xmm14 and xmm15, scratch for floats.
 */

import type { Location, RegisterFile } from "../../backend/location.js";
import { R10, R11, R12, R13, R14, R15, R8, R9, RAX, RBX, RCX, RDI, RDX, RSI } from "../../runtime/x86/registers.js";

/** A location (src/backend/location.ts) in x86-64's numbering. */
export type Loc = Location;

export const XMM_BASE = 16;
export const SLOT_BASE = 32;

export const isGpr = (loc: Loc) => loc >= 0 && loc < XMM_BASE;
export const isXmm = (loc: Loc) => loc >= XMM_BASE && loc < SLOT_BASE;
export const isSlot = (loc: Loc) => loc >= SLOT_BASE;
export const xmm = (n: number): Loc => XMM_BASE + n;
export const slot = (n: number): Loc => SLOT_BASE + n;

export const SCRATCH = RAX;
export const SCRATCH2 = R11;
export const XSCRATCH = 14;
export const XSCRATCH2 = 15;

/** Arguments, in order. */
export const GPR_ARGS: readonly number[] = [RDI, RSI, RDX, RCX, R8, R9];
export const XMM_ARGS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7];

/** Allocation order: caller-saved first (free to use in leaves), argument registers last-first so that incoming arguments stay put. */
export const GPR_CALLER_SAVED: readonly number[] = [R10, R9, R8, RCX, RDX, RSI, RDI];
export const GPR_CALLEE_SAVED: readonly number[] = [RBX, R12, R13, R14, R15];
export const XMM_CALLER_SAVED: readonly number[] = [8, 9, 10, 7, 6, 5, 4, 3, 2, 1, 0];
export const XMM_CALLEE_SAVED: readonly number[] = [11, 12, 13];

export const isCalleeSaved = (loc: Loc) => (isGpr(loc) ? GPR_CALLEE_SAVED.includes(loc) : isXmm(loc) && XMM_CALLEE_SAVED.includes(loc - XMM_BASE));

/** The registers as the shared allocator and parallel moves (src/backend) see them. */
export const X86_REGISTERS: RegisterFile = {
  slotBase: SLOT_BASE,
  general: { callerSaved: GPR_CALLER_SAVED, calleeSaved: GPR_CALLEE_SAVED, args: GPR_ARGS, result: RAX, scratch: SCRATCH },
  float: {
    callerSaved: XMM_CALLER_SAVED.map(xmm),
    calleeSaved: XMM_CALLEE_SAVED.map(xmm),
    args: XMM_ARGS.map(xmm),
    result: xmm(0),
    scratch: xmm(XSCRATCH),
  },
};
