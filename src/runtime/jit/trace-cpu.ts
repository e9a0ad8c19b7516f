/**
 * What the trace interpreter (trace-interp.ts) runs on and gives back: the CPU, the memory,
 * allocation, calls and exception state of the caller (RPython's CPU interface, reduced to what
 * running a trace needs), and values of several kinds by position. RTS.
 */

import type { CallDescr } from "./history.js";

/**
 * What a trace runs on: memory, allocation, calls and the exception state. Every method here
 * fails; a subclass implements the ones its traces use.
 */
export class TraceCPU {
  /** The integer of `size` bytes (1, 2, 4, 8) at the address, sign- or zero-extended. */
  loadInt(address: number, size: number, signed: boolean): number {
    throw new TraceCPUError(`loadInt(${address}, ${size}, ${signed}) is not implemented by this CPU`);
  }

  storeInt(address: number, size: number, value: number): void {
    throw new TraceCPUError(`storeInt(${address}, ${size}, ${value}) is not implemented by this CPU`);
  }

  loadFloat(address: number): number {
    throw new TraceCPUError(`loadFloat(${address}) is not implemented by this CPU`);
  }

  storeFloat(address: number, value: number): void {
    throw new TraceCPUError(`storeFloat(${address}, ${value}) is not implemented by this CPU`);
  }

  loadRef(address: number): number {
    throw new TraceCPUError(`loadRef(${address}) is not implemented by this CPU`);
  }

  /** Stores a reference; the caller has called writeBarrier on the object the address is in. */
  storeRef(address: number, value: number): void {
    throw new TraceCPUError(`storeRef(${address}, ${value}) is not implemented by this CPU`);
  }

  /**
   * Before a reference is stored into the object at base (RPython's write barrier): a CPU over a
   * generational heap tells its collector (an old object may now point into the nursery).
   * Nothing by default. Objects the JIT has just allocated need none.
   */
  writeBarrier(base: number): void {}

  /**
   * Before tracing a loop or a bridge, and at a safe point that is due: a CPU over a moving
   * collector collects its nursery, `refs` the references the JIT holds (every one: updated in
   * place to where their objects moved), so that every object a trace names as a constant is
   * old, and the old space does not grow without end while the JIT holds the heap. Whether any
   * of them moved. Nothing by default.
   */
  emptyNursery(refs: number[]): boolean {
    return false;
  }

  /**
   * The JIT holds the program's references as integers (it traces, runs traces, blackholes) until
   * releaseHeap: a CPU over a moving collector keeps every object where it is for that time
   * (docs/architecture.md, "The heap while the JIT holds integers"). Holds nest. Nothing by default.
   */
  holdHeap(): void {}

  releaseHeap(): void {}

  /**
   * While the heap is held: whether allocations may be young (on) or must be old (off, the
   * default: what the JIT allocates while it traces may become a trace's constant). On only where
   * nothing the JIT allocates can become a constant and every reference it holds is a root at the
   * next collection (machine code between its safe points, the optimizer and backend). Gives the
   * setting before. Nothing by default.
   */
  allocateYoung(on: boolean): boolean {
    return false;
  }

  /**
   * Whether the JIT should call emptyNursery at this safe point (a restart at the merge point, a
   * step between two traces): the heap has been held long enough to fill a nursery. Not asked
   * inside a trace the trace interpreter runs: a runner whose CPU collects has machine code and
   * interprets no trace (it drops those its backend refuses).
   */
  safePointDue(): boolean {
    return false;
  }

  /** A reference constant of compiled code: the collector must keep its object (it is old, so it does not move). */
  keepAlive(ref: number): void {}

  /** From now on only these constants are kept alive (the code that named the others was freed); refs may name one several times. */
  keepOnly(refs: number[]): void {}

  /** A new zero-filled object of `bytes` bytes whose GC header says typeId; its address. */
  allocate(bytes: number, typeId: number): number {
    throw new TraceCPUError(`allocate(${bytes}, ${typeId}) is not implemented by this CPU`);
  }

  /** The class (vtable address) of an instance. */
  classOf(ref: number): number {
    throw new TraceCPUError(`classOf(${ref}) is not implemented by this CPU`);
  }

  setClass(ref: number, vtable: number): void {
    throw new TraceCPUError(`setClass(${ref}, ${vtable}) is not implemented by this CPU`);
  }

  /** Calls the function at `func` with the arguments of each kind in order (RPython's bh_call_i); may leave an exception pending. */
  callInt(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    throw new TraceCPUError(`callInt(${func}, ${descr.name}) is not implemented by this CPU`);
  }

  callRef(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    throw new TraceCPUError(`callRef(${func}, ${descr.name}) is not implemented by this CPU`);
  }

  callFloat(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    throw new TraceCPUError(`callFloat(${func}, ${descr.name}) is not implemented by this CPU`);
  }

  callVoid(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): void {
    throw new TraceCPUError(`callVoid(${func}, ${descr.name}) is not implemented by this CPU`);
  }

  /** The pending exception (an instance's address), 0 when none. */
  pendingException(): number {
    return 0;
  }

  clearException(): void {}

  /** Whether the last call_may_force_* forced the frame (guard_not_forced fails then). */
  forced(): boolean {
    return false;
  }

  /** Whether a quasi-immutable field the trace relies on has changed (guard_not_invalidated fails then). */
  invalidated(): boolean {
    return false;
  }
}

/** A TraceCPU method the trace needed and the caller's CPU does not have, or a trace that cannot run. */
export class TraceCPUError extends Error {}

/** Values of several kinds by position (input arguments, fail arguments): value i is in the array of its kind. */
export class TraceValues {
  readonly kinds: string[];
  readonly ints: number[];
  readonly refs: number[];
  readonly floats: number[];

  constructor() {
    this.kinds = [];
    this.ints = [];
    this.refs = [];
    this.floats = [];
  }

  count(): number {
    return this.kinds.length;
  }

  /** Empties the values (to fill them again). */
  clear(): void {
    while (this.kinds.length > 0) {
      this.kinds.pop();
      this.ints.pop();
      this.refs.pop();
      this.floats.pop();
    }
  }

  addInt(value: number): TraceValues {
    this.add("i", value, 0, 0);
    return this;
  }

  addRef(value: number): TraceValues {
    this.add("r", 0, value, 0);
    return this;
  }

  addFloat(value: number): TraceValues {
    this.add("f", 0, 0, value);
    return this;
  }

  private add(kind: string, i: number, r: number, f: number): void {
    this.kinds.push(kind);
    this.ints.push(i);
    this.refs.push(r);
    this.floats.push(f * 1.0);
  }
}
