/**
 * Register allocation over a linear trace, done while the code is emitted (RPython's
 * llsupport/regalloc.py RegisterManager and FrameManager, reduced): each value of the trace lives
 * in a register or in a spill slot of the JIT frame from its definition to its last use.
 *
 * Requires: assemble-trace.ts's computeLongevity first (the last use of every value, loops
 * included: a value live across a label stays live until the jump back to it). Gives: `loc[value]`, the current
 * location of each live value, which the emitters read and change through the methods below.
 *
 * Locations are numbers: 0-15 a general register (RAX..R15), 16-31 an XMM register (16 + n),
 * from 32 a frame slot (32 + k, at frame.ts's slotOffset(k)); -1 none. Scratch registers are
 * never allocated: RAX, RCX (shift counts), RDX (division) and R11 among the general ones, XMM14
 * and XMM15 among the XMM ones; RBP holds the frame, RSP the stack.
 *
 * Per operation: the emitter takes its arguments into registers (`inReg`, which locks them for
 * this operation, so that nothing the same operation allocates evicts them), allocates its
 * result (`define`, or `defineReusing` to compute in place in a dying argument's register), and
 * the driver frees every value whose last use was this operation (`freeDeadAt`). When no register
 * is free, the one whose value's last use is farthest is spilled to a frame slot.
 *
 * RTS.
 */

import type { AbstractValue } from "../history.js";
import { type Assembler, mem, MOV_mr, MOV_rm, MOVSD_mx, MOVSD_xm, RBP } from "./asm.js";
import { slotOffset } from "./frame.js";

export const NO_LOC = -1;
export const FIRST_XMM = 16;
export const FIRST_SLOT = 32;

/** The general registers values live in, in the order they are taken (callee-saved last). */
const GENERAL: readonly number[] = [3, 6, 7, 8, 9, 10, 12, 13, 14, 15]; // rbx rsi rdi r8 r9 r10 r12 r13 r14 r15
/**
 * The XMM registers values live in: xmm0-10. XMM14 and XMM15 are scratch; xmm11-13 are kept for
 * the caller, as the binary's internal calling convention asks of any code it calls
 * (src/backend-x86/codegen/locations.ts XMM_CALLEE_SAVED), which the code does not save.
 */
const FLOATS: readonly number[] = [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26];

/** The registers of GENERAL and FLOATS a call does not keep (the internal calling convention's caller-saved ones). */
export const CALLER_SAVED: readonly number[] = [6, 7, 8, 9, 10, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26];

/** Values are indexed by their number and kind together: parsed traces may number `i0` and `f0` alike (the trace interpreter has a register file per kind). */
export const VALUE_KINDS = 3;

/** The index of a value (not a constant) in the allocator's arrays. */
export function keyOf(a: AbstractValue): number {
  const kind = a.kind;
  return a.number * VALUE_KINDS + (kind === "f" ? 2 : kind === "r" ? 1 : 0);
}

export function isRegister(loc: number): boolean {
  return loc >= 0 && loc < FIRST_XMM;
}
export function isXmm(loc: number): boolean {
  return loc >= FIRST_XMM && loc < FIRST_SLOT;
}
export function isSlot(loc: number): boolean {
  return loc >= FIRST_SLOT;
}
/** The frame slot of a slot location. */
export function slotOf(loc: number): number {
  return loc - FIRST_SLOT;
}

export class RegAlloc {
  readonly asm: Assembler;
  /** The current location of each value, by number. */
  readonly loc: Int32Array;
  /** The index of each value's last use; -1 for an unused input argument. */
  readonly lastUse: Int32Array;
  /** Whether a value is a float (lives in XMM registers). */
  readonly isFloat: Uint8Array;
  /** The value in each register location (0-31), -1 when free. */
  readonly holder: Int32Array;
  /** The operation index at which each register was last locked. */
  private readonly lockedAt: Int32Array;
  /** Frame slots given back, to be taken again. */
  private readonly freeSlots: number[];
  /** The next frame slot never used yet; `firstSpill` is where spill slots start (after the io slots). */
  private nextSlot: number;
  /** The operation being emitted. */
  pos: number;

  constructor(asm: Assembler, values: number, firstSpill: number) {
    this.asm = asm;
    this.loc = new Int32Array(values);
    this.lastUse = new Int32Array(values);
    this.isFloat = new Uint8Array(values);
    for (let v = 0; v < values; v++) {
      this.loc[v] = NO_LOC;
      this.lastUse[v] = -1;
    }
    this.holder = new Int32Array(FIRST_SLOT);
    this.lockedAt = new Int32Array(FIRST_SLOT);
    for (let r = 0; r < FIRST_SLOT; r++) {
      this.holder[r] = -1;
      this.lockedAt[r] = -2;
    }
    this.freeSlots = [];
    this.nextSlot = firstSpill;
    this.pos = -1;
  }

  /** At least n io slots before the spill slots (before anything is spilled). */
  reserveIo(n: number): void {
    if (n > this.nextSlot) this.nextSlot = n;
  }

  /** Before a call: every value in a caller-saved register that is used after the operation being emitted goes to a frame slot. */
  spillAcrossCall(): void {
    for (let i = 0; i < CALLER_SAVED.length; i++) {
      const r = CALLER_SAVED[i]!;
      const v = this.holder[r]!;
      if (v >= 0 && this.lastUse[v]! > this.pos) this.spill(r);
    }
  }

  /** After a call: the values left in caller-saved registers (they die at this operation) lose their location, so the registers are free for the result. */
  releaseCallerSaved(): void {
    for (let i = 0; i < CALLER_SAVED.length; i++) {
      const v = this.holder[CALLER_SAVED[i]!]!;
      if (v >= 0) this.release(v);
    }
  }

  /** How many frame slots (io and spill) the code uses. */
  slotsUsed(): number {
    return this.nextSlot;
  }

  lock(loc: number): void {
    if (loc >= 0 && loc < FIRST_SLOT) this.lockedAt[loc] = this.pos;
  }

  private locked(loc: number): boolean {
    return this.lockedAt[loc] === this.pos;
  }

  /** A new frame slot location. */
  newSlot(): number {
    const k = this.freeSlots.pop();
    if (k !== undefined) return FIRST_SLOT + k;
    const slot = this.nextSlot;
    this.nextSlot++;
    return FIRST_SLOT + slot;
  }

  /** Whether a register of the kind holds nothing and is not locked. */
  hasFreeRegister(float: boolean): boolean {
    const candidates = float ? FLOATS : GENERAL;
    for (let i = 0; i < candidates.length; i++) {
      const r = candidates[i]!;
      if (this.holder[r] < 0 && !this.locked(r)) return true;
    }
    return false;
  }

  /** A register of the kind that holds nothing (spilling one if none does), locked. */
  freeRegister(float: boolean): number {
    const candidates = float ? FLOATS : GENERAL;
    for (let i = 0; i < candidates.length; i++) {
      const r = candidates[i]!;
      if (this.holder[r] < 0 && !this.locked(r)) {
        this.lock(r);
        return r;
      }
    }
    let victim = -1;
    let farthest = -1;
    for (let i = 0; i < candidates.length; i++) {
      const r = candidates[i]!;
      if (this.locked(r)) continue;
      const use = this.lastUse[this.holder[r]]!;
      if (use > farthest) {
        farthest = use;
        victim = r;
      }
    }
    if (victim < 0) throw new Error("trace backend: every register is locked by one operation");
    this.spill(victim);
    this.lock(victim);
    return victim;
  }

  /** Moves the value of register r to a new frame slot. */
  spill(r: number): void {
    const v = this.holder[r]!;
    const slot = this.newSlot();
    const m = mem(RBP, slotOffset(slotOf(slot)));
    if (isXmm(r)) this.asm.mr(MOVSD_mx, m, r - FIRST_XMM);
    else this.asm.mr(MOV_mr, m, r);
    this.holder[r] = -1;
    this.loc[v] = slot;
  }

  /** The register holding value v, loaded from its slot if it was spilled; locked for this operation. */
  inReg(v: number): number {
    const where = this.loc[v]!;
    if (where < 0) throw new Error(`trace backend: value ${v} has no location`);
    if (where < FIRST_SLOT) {
      this.lock(where);
      return where;
    }
    const float = this.isFloat[v] === 1;
    const r = this.freeRegister(float);
    const m = mem(RBP, slotOffset(slotOf(where)));
    if (float) this.asm.rm(MOVSD_xm, r - FIRST_XMM, m);
    else this.asm.rm(MOV_rm, r, m);
    this.freeSlots.push(slotOf(where));
    this.holder[r] = v;
    this.loc[v] = r;
    return r;
  }

  /** Value v's location now is loc (a register taken by freeRegister, or a slot). */
  place(v: number, loc: number): void {
    this.loc[v] = loc;
    if (loc < FIRST_SLOT) {
      this.holder[loc] = v;
      this.lock(loc);
    }
  }

  /** A register for the result v of the operation being emitted. */
  define(v: number): number {
    const r = this.freeRegister(this.isFloat[v] === 1);
    this.place(v, r);
    return r;
  }

  /**
   * Whether the value v dies at this operation (its last use), so that its register may hold the
   * result: the emitter then computes in place.
   */
  diesHere(v: number): boolean {
    return this.lastUse[v] === this.pos;
  }

  /** Gives register r, which held the dying value `from`, to the result v. */
  transfer(from: number, v: number): number {
    const r = this.loc[from]!;
    this.loc[from] = NO_LOC;
    this.holder[r] = v;
    this.loc[v] = r;
    this.lock(r);
    return r;
  }

  /** Frees the location of v. */
  release(v: number): void {
    const where = this.loc[v]!;
    if (where < 0) return;
    if (where < FIRST_SLOT) this.holder[where] = -1;
    else this.freeSlots.push(slotOf(where));
    this.loc[v] = NO_LOC;
  }

  /** Frees every value whose last use is at or before pos (values in `dying`: those whose last use is pos). */
  freeDying(dying: number[]): void {
    for (let i = 0; i < dying.length; i++) this.release(dying[i]!);
  }
}
