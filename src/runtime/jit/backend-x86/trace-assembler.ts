/**
 * The state of one trace being compiled, and what every operation's emitter uses (RPython's
 * x86/assembler.py Assembler386 + regalloc.py RegAlloc, for one trace): the assembler, the
 * register allocator, the exits (guards and finishes, numbered in trace order), the loop headers
 * (labels: where their values live), the float constants, and the overflow state an `_ovf`
 * operation leaves for the guard after it.
 *
 * Emitters (ops-*.ts) take arguments with `gpr`/`xmm` (a register holding the value, a constant
 * loaded into the scratch register given), allocate results with `resultGpr`/`resultXmm` or
 * compute in place with `inPlaceGpr`/`inPlaceXmm`, and leave the trace at a failing guard by a
 * jump to `exitFor(op).label`.
 *
 * RTS.
 */

import { floatHighWord, floatLowWord } from "rts";
import { type AbstractValue, Const, ConstFloat, ConstInt, ConstPtr, type Descr, type ResOperation, type Trace } from "../history.js";
import { ADD_mi, type Assembler, JMP_l, JMP_l32, Label, mem, memRipLabel, MOV_mr, MOV_ri, MOVSD_xm, R11, RAX, RBP, SHL_ri } from "./asm.js";

const TWO_53 = 9007199254740992;
import { slotOffset } from "./frame.js";
import { emitMove, emitParallelMove } from "./moves.js";
import { FIRST_SLOT, FIRST_XMM, isSlot, isXmm, keyOf, NO_LOC, RegAlloc, slotOf } from "./regalloc.js";

/** An operation or trace the backend does not compile (yet): the caller runs the trace interpreter. */
export class TraceRefused extends Error {}

/** What the backend knows of the runtime's object layout. */
export class BackendConfig {
  /** The offset of an instance's class word (guard_class reads it); -1: guard_class is refused. */
  readonly classOffset: number;
  /**
   * The number the trace's first exit returns (the others follow): a backend that links traces
   * together numbers all exits of all its traces apart, since code entered in one trace may
   * leave from another (native-backend.ts). 0 by default.
   */
  firstExit: number;
  /**
   * Counting (jit-backend-counts): where the next counter word is (0: no counting) and the name
   * of the trace's entry (`entry 3`, `bridge 42`). The code adds 1 to a counter of its own at its
   * entry and at each label (named by the label's descriptor); the names of the counters it took
   * are appended to counterNames, in the order of their words.
   */
  nextCounter: number;
  countersEnd: number;
  entryName: string;
  readonly counterNames: string[];
  /**
   * The runtime's addresses that calls, allocation, exceptions, write barriers and safe points
   * need (0 where there is none: those operations are refused). Functions are called under the
   * internal calling convention (src/lib/system.ts functionAddress gives them in a binary):
   * `allocSlow(typeId, bytes)` a zero-filled object (the collector's gcAllocSlow);
   * `writeBarrier(obj)` and `writeBarrierArray(obj, index)` the barrier's slow paths;
   * `safePoint(frame, n)` a collection with the references in io slots 0..n-1 as roots, updated
   * in place. `excValue` is the word where the runtime leaves a raised exception (0: none);
   * `safePointDue` a word the collector sets when the code should call safePoint at its next label.
   */
  allocSlow: number;
  writeBarrier: number;
  writeBarrierArray: number;
  safePoint: number;
  excValue: number;
  safePointDue: number;
  /** The GC header's flags word (offset from the object) and the flag that sends a store of a reference to the barrier's slow path. */
  gcFlagsOffset: number;
  gcTrackYoungPtrs: number;
  /**
   * What the barrier's slow path tests before it calls (0: it always calls): the nursery's bounds
   * and the flags of a prebuilt object and of a young large one. A store of an old object into
   * an object that is not prebuilt needs no call; while the JIT holds the heap nearly every object
   * is old (what the code allocates is), and an array with cards keeps its flag set, so each
   * store into one (an interpreter's stack) would call otherwise.
   */
  nurseryStart: number;
  nurseryEnd: number;
  gcPrebuilt: number;
  gcLargeYoung: number;
  /**
   * The trace's invalidation word (0: none, guard_not_invalidated is refused): raw memory the
   * backend sets to non-zero when the warm runner invalidates the trace (a quasi-immutable field
   * it assumed changed), which every guard_not_invalidated of the trace tests.
   */
  invalidationWord: number;

  constructor(classOffset: number) {
    this.invalidationWord = 0;
    this.classOffset = classOffset;
    this.allocSlow = 0;
    this.writeBarrier = 0;
    this.writeBarrierArray = 0;
    this.safePoint = 0;
    this.excValue = 0;
    this.safePointDue = 0;
    this.gcFlagsOffset = 0;
    this.gcTrackYoungPtrs = 0;
    this.nurseryStart = 0;
    this.nurseryEnd = 0;
    this.gcPrebuilt = 0;
    this.gcLargeYoung = 0;
    this.firstExit = 0;
    this.nextCounter = 0;
    this.countersEnd = 0;
    this.entryName = "";
    this.counterNames = [];
  }

  /** The address of a new counter named name, or 0 when not counting (or out of counter words). */
  takeCounter(name: string): number {
    if (this.nextCounter === 0 || this.nextCounter >= this.countersEnd) return 0;
    const address = this.nextCounter;
    this.nextCounter += 8;
    this.counterNames.push(name);
    return address;
  }
}

/** Where the values live when a loop starts at a label: what each jump to it restores. */
export class LoopHeader {
  readonly token: Descr | null;
  readonly label: Label;
  /** The label's arguments (value numbers). */
  readonly labelArgs: number[];
  /** Every value live after the label, and its location there. */
  readonly values: number[];
  readonly locs: number[];

  constructor(token: Descr | null, label: Label, labelArgs: number[]) {
    this.token = token;
    this.label = label;
    this.labelArgs = labelArgs;
    this.values = [];
    this.locs = [];
  }

  locOf(v: number): number {
    for (let i = 0; i < this.values.length; i++) if (this.values[i] === v) return this.locs[i]!;
    return NO_LOC;
  }
}

/** A guard's way out: its label (the inline code jumps there when the guard fails), the fail arguments and where they are at the guard. */
export class GuardExit {
  readonly label: Label;
  readonly exit: number;
  readonly values: AbstractValue[];
  readonly locs: Int32Array;
  /** A register set to 0 first (the result of an `_ovf` operation that overflowed, as the trace interpreter gives it), or -1. */
  zeroLoc: number;
  /** guard_no_exception, guard_exception: the exception moves from the runtime's exc_data to jf_guard_exc. */
  saveException: boolean;

  constructor(label: Label, exit: number, values: AbstractValue[], locs: Int32Array) {
    this.label = label;
    this.exit = exit;
    this.values = values;
    this.locs = locs;
    this.zeroLoc = -1;
    this.saveException = false;
  }
}

/**
 * Code after the trace's (RPython's slowpath stubs): a write barrier's call of its slow path, a
 * safe point's collection. The inline code jumps to `label`; the stub goes back to `back`. What
 * it needs of the registers is taken when the inline check is emitted (the locations then).
 */
export class SlowPath {
  readonly label: Label;
  readonly back: Label;
  /** The runtime function the stub calls. */
  readonly target: number;
  /** Its integer arguments: locations (NO_LOC: the constant in argConsts) moved to RDI, RSI, ... */
  readonly argLocs: number[];
  readonly argConsts: AbstractValue[];
  /** A safe point: the locations of the references live at its label (written to io slots 0..n-1 and read back) and the frame. */
  readonly refLocs: number[];
  readonly passesFrame: boolean;
  /** A write barrier: where the value being stored is (the path calls only for a young one, or a prebuilt object), NO_LOC otherwise. */
  valueLoc: number;

  constructor(target: number, passesFrame: boolean) {
    this.label = new Label();
    this.back = new Label();
    this.target = target;
    this.argLocs = [];
    this.argConsts = [];
    this.refLocs = [];
    this.passesFrame = passesFrame;
    this.valueLoc = -1;
  }
}

/** A float constant of the code, read rip-relative from the pool after the code. */
export class FloatConstant {
  readonly label: Label;
  readonly value: number;

  constructor(label: Label, value: number) {
    this.label = label;
    this.value = value;
  }
}

export class TraceAssembler {
  readonly asm: Assembler;
  readonly ra: RegAlloc;
  readonly trace: Trace;
  readonly config: BackendConfig;
  /** The exits' descriptors and operations, by exit number (what the code returns in RAX). */
  readonly exits: Descr[];
  readonly exitOps: ResOperation[];
  /**
   * Per exit: its tail (`mov rax, number; jmp epilogue`, after the code), and the offset of the
   * rel32 of the jump every path out through that exit ends with, which a backend may patch to
   * go on in another trace instead (its values are in the io slots by then).
   */
  readonly exitTails: Label[];
  readonly exitJumps: number[];
  /** Per exit, the offset of the imm32 of its tail's `mov eax, number` (a backend may renumber the exits: AssembledTrace.exitNumberAt). */
  readonly exitNumberAt: number[];
  readonly guardExits: GuardExit[];
  readonly headers: LoopHeader[];
  readonly floats: FloatConstant[];
  readonly slowPaths: SlowPath[];
  /** Per value key: 1 when it is an object this trace allocated (no write barrier needed: allocated while the JIT holds the heap, it is remembered already). */
  readonly fresh: Uint8Array;
  readonly epilogue: Label;
  /** Set by an `_ovf` operation followed by its guard: where the code goes on overflow, and the result's register. */
  ovfLabel: Label | null;
  ovfResult: number;
  /**
   * Set by a comparison whose only use is the guard right after it (RPython's guard_true(int_lt)
   * fusion): the comparison left its condition in the flags, `fusedCC` when the result is true,
   * and no register holds `fusedValue`.
   */
  fusedValue: AbstractValue | null;
  fusedCC: number;

  constructor(asm: Assembler, ra: RegAlloc, trace: Trace, config: BackendConfig) {
    this.asm = asm;
    this.ra = ra;
    this.trace = trace;
    this.config = config;
    this.exits = [];
    this.exitOps = [];
    this.exitTails = [];
    this.exitJumps = [];
    this.exitNumberAt = [];
    this.guardExits = [];
    this.headers = [];
    this.floats = [];
    this.slowPaths = [];
    this.fresh = new Uint8Array(ra.loc.length);
    this.epilogue = new Label();
    this.ovfLabel = null;
    this.ovfResult = -1;
    this.fusedValue = null;
    this.fusedCC = -1;
  }

  /** Whether op's result is used only as the condition of a guard_true or guard_false right after it. */
  fusesWithGuard(op: ResOperation): boolean {
    const next = this.nextOp();
    if (next === null) return false;
    const name = next.name();
    if (name !== "guard_true" && name !== "guard_false") return false;
    if (next.args[0] !== op || this.ra.lastUse[keyOf(op)] !== this.ra.pos + 1) return false;
    const failArgs = next.failArgs;
    if (failArgs !== null) for (let k = 0; k < failArgs.length; k++) if (failArgs[k] === op) return false;
    return true;
  }

  /** Leaves the condition cc in the flags for the guard after op (see fusedValue). */
  fuse(op: ResOperation, cc: number): void {
    this.fusedValue = op;
    this.fusedCC = cc;
  }

  /** The operation after the one being emitted, or null. */
  nextOp(): ResOperation | null {
    const next = this.ra.pos + 1;
    return next < this.trace.operations.length ? this.trace.operations[next]! : null;
  }

  // --- arguments -------------------------------------------------------------------------------

  isConst(a: AbstractValue): boolean {
    return a instanceof Const;
  }

  /** The integer of an integer or reference constant. */
  constInt(a: AbstractValue): number {
    if (a instanceof ConstInt) return a.value;
    if (a instanceof ConstPtr) return a.value;
    throw new TraceRefused(`an integer constant was expected, not ${a.kind}`);
  }

  /**
   * Loads the integer n into register r: every RTS integer (|n| <= 2^53; the assembler's 64-bit
   * immediates stop at 2^53 - 1, so ±2^53 is ±1 shifted) or a refusal.
   */
  movImm(r: number, n: number): void {
    if (n === TWO_53 || n === -TWO_53) {
      this.asm.ri(MOV_ri, r, n > 0 ? 1 : -1);
      this.asm.ri(SHL_ri, r, 53);
      return;
    }
    if (!(n >= -TWO_53 && n <= TWO_53) || Math.floor(n) !== n) throw new TraceRefused(`the constant ${n} is not an RTS integer`);
    this.asm.ri(MOV_ri, r, n);
  }

  /** Whether a is a constant that fits a sign-extended 32-bit immediate. */
  isImm32(a: AbstractValue): boolean {
    if (!(a instanceof ConstInt) && !(a instanceof ConstPtr)) return false;
    const n = this.constInt(a);
    return n >= -2147483648 && n <= 2147483647;
  }

  /** A general register holding integer or reference a: its register, or `scratch` loaded with the constant. */
  gpr(a: AbstractValue, scratch: number): number {
    if (a instanceof Const) {
      this.movImm(scratch, this.constInt(a));
      return scratch;
    }
    return this.ra.inReg(keyOf(a));
  }

  /** An XMM register (0-15) holding float a: its register, or `scratch` loaded with the constant. */
  xmm(a: AbstractValue, scratch: number): number {
    if (a instanceof ConstFloat) {
      this.asm.rm(MOVSD_xm, scratch, memRipLabel(this.floatConstant(a.value), 0));
      return scratch;
    }
    if (a instanceof Const) throw new TraceRefused(`a float constant was expected, not ${a.kind}`);
    return this.ra.inReg(keyOf(a)) - FIRST_XMM;
  }

  /** The pool label of a float constant. */
  floatConstant(x: number): Label {
    for (let i = 0; i < this.floats.length; i++) {
      const c = this.floats[i]!;
      if (floatHighWord(c.value) === floatHighWord(x) && floatLowWord(c.value) === floatLowWord(x)) return c.label;
    }
    const label = new Label();
    this.floats.push(new FloatConstant(label, x));
    return label;
  }

  /** Loads constant a into location dst (a register or a slot). */
  loadConst(a: AbstractValue, dst: number): void {
    if (a instanceof ConstFloat) {
      const m = memRipLabel(this.floatConstant(a.value), 0);
      if (isXmm(dst)) {
        this.asm.rm(MOVSD_xm, dst - FIRST_XMM, m);
      } else {
        this.asm.rm(MOVSD_xm, 15, m);
        emitMove(this.asm, FIRST_XMM + 15, dst);
      }
      return;
    }
    const n = this.constInt(a);
    if (isSlot(dst)) {
      this.movImm(RAX, n);
      this.asm.mr(MOV_mr, mem(RBP, slotOffset(slotOf(dst))), RAX);
    } else {
      this.movImm(dst, n);
    }
  }

  /**
   * Moves in parallel: each of values (a value of the trace, or a constant) to dsts[k], and each
   * location moreSrcs[k] to moreDsts[k]; the constants are loaded last, when no move still reads
   * their destinations.
   */
  moveValues(values: AbstractValue[], dsts: number[], moreSrcs: number[], moreDsts: number[]): void {
    const srcs: number[] = [];
    const locDsts: number[] = [];
    const constants: AbstractValue[] = [];
    const constantDsts: number[] = [];
    for (let k = 0; k < values.length; k++) {
      const a = values[k]!;
      if (a instanceof Const) {
        constants.push(a);
        constantDsts.push(dsts[k]!);
      } else {
        srcs.push(this.ra.loc[keyOf(a)]!);
        locDsts.push(dsts[k]!);
      }
    }
    for (let k = 0; k < moreSrcs.length; k++) {
      srcs.push(moreSrcs[k]!);
      locDsts.push(moreDsts[k]!);
    }
    emitParallelMove(this.asm, srcs, locDsts);
    for (let i = 0; i < constants.length; i++) this.loadConst(constants[i]!, constantDsts[i]!);
  }

  // --- results ---------------------------------------------------------------------------------

  resultGpr(op: ResOperation): number {
    return this.ra.define(keyOf(op));
  }

  resultXmm(op: ResOperation): number {
    return this.ra.define(keyOf(op)) - FIRST_XMM;
  }

  /**
   * A general register for op's result holding a's value, to compute in place: a's own register
   * when a dies here, else a fresh one with a copied in.
   */
  inPlaceGpr(op: ResOperation, a: AbstractValue): number {
    const ra = this.ra;
    if (!(a instanceof Const)) {
      const where = ra.loc[keyOf(a)]!;
      if (where < FIRST_SLOT && ra.diesHere(keyOf(a))) return ra.transfer(keyOf(a), keyOf(op));
      ra.lock(where);
      const d = ra.define(keyOf(op));
      emitMove(this.asm, ra.loc[keyOf(a)]!, d);
      return d;
    }
    const d = ra.define(keyOf(op));
    this.movImm(d, this.constInt(a));
    return d;
  }

  /** The same for floats: an XMM register (0-15). */
  inPlaceXmm(op: ResOperation, a: AbstractValue): number {
    const ra = this.ra;
    if (!(a instanceof Const)) {
      const where = ra.loc[keyOf(a)]!;
      if (where < FIRST_SLOT && ra.diesHere(keyOf(a))) return ra.transfer(keyOf(a), keyOf(op)) - FIRST_XMM;
      ra.lock(where);
      const d = ra.define(keyOf(op));
      emitMove(this.asm, ra.loc[keyOf(a)]!, d);
      return d - FIRST_XMM;
    }
    const d = ra.define(keyOf(op));
    this.loadConst(a, d);
    return d - FIRST_XMM;
  }

  // --- exits -----------------------------------------------------------------------------------

  /** A new exit number for op (a guard or a finish). */
  newExit(op: ResOperation): number {
    const descr = op.descr;
    if (descr === null) throw new TraceRefused(`${op.name()} has no descriptor`);
    this.exits.push(descr);
    this.exitOps.push(op);
    this.exitTails.push(new Label());
    this.exitJumps.push(-1);
    return this.exits.length - 1;
  }

  /** The exit of guard op, its fail arguments' locations taken now; `label` is where failing code jumps (a new one when null). */
  exitFor(op: ResOperation, label: Label | null): GuardExit {
    const values = op.failArgs;
    const failArgs: AbstractValue[] = values === null ? [] : values;
    const locs = new Int32Array(failArgs.length);
    for (let k = 0; k < failArgs.length; k++) {
      const a = failArgs[k]!;
      locs[k] = a instanceof Const ? NO_LOC : this.ra.loc[keyOf(a)]!;
    }
    const exit = new GuardExit(label === null ? new Label() : label, this.newExit(op), failArgs, locs);
    this.guardExits.push(exit);
    return exit;
  }

  /** Writes values (at locs, NO_LOC for a constant) to the io slots 0..n-1, then jumps to the exit's tail (exitJumps: patchable). */
  leave(values: AbstractValue[], locs: Int32Array, exit: number): void {
    for (let k = 0; k < values.length; k++) {
      const a = values[k]!;
      if (a instanceof Const) this.loadConst(a, FIRST_SLOT + k);
      else emitMove(this.asm, locs[k]!, FIRST_SLOT + k);
    }
    this.asm.l(JMP_l32, this.exitTails[exit]!);
    this.exitJumps[exit] = this.asm.position() - 4;
  }

  /** Adds 1 to a new counter named name (BackendConfig.takeCounter), through R11; the flags are clobbered. */
  emitCount(name: string): void {
    const address = this.config.takeCounter(name);
    if (address === 0) return;
    this.asm.ri(MOV_ri, R11, address);
    this.asm.mi(ADD_mi, mem(R11, 0), 1);
  }

  /** The exits' tails: each puts its exit's number (firstExit + its index) in RAX and goes to the epilogue. */
  emitExitTails(): void {
    for (let k = 0; k < this.exitTails.length; k++) {
      this.asm.bind(this.exitTails[k]!);
      // firstExit + k is in [0, 2^31): `mov eax, imm32` (B8 id), its immediate the last 4 bytes
      this.asm.ri(MOV_ri, RAX, this.config.firstExit + k);
      this.exitNumberAt.push(this.asm.position() - 4);
      this.asm.l(JMP_l, this.epilogue);
    }
  }
}
