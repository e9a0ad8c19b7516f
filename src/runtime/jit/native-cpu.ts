/**
 * The JIT's CPU in a translated binary (RPython's bh_* side of a real backend): jitcodes run by
 * the blackhole interpreter and the meta-interpreter read and write the binary's own memory,
 * allocate through the collector, and call the program's functions. RTS, translated into binaries
 * built with `--jit` (src/translator/jit-link.ts makes the prebuilt one).
 *
 * - memory: loads and stores by size and kind with rts/system's words, bytes and 32-bit words
 *   (a float as its two 32-bit halves, src/lib/float-bits.ts);
 * - allocation: gcAllocSlow (src/runtime/gc/collector.ts), the collector's entry the machine
 *   code's inline allocation falls back to: a zero-filled object with the type id in its header,
 *   as compiled code allocates (the caller writes an array's length);
 * - an instance's class: its typeptr, the word after the GC header (TYPEPTR_OFFSET, checked
 *   against llir/object-model.ts by tests/jit/native-cpu.test.ts);
 * - null: the address of the prebuilt null object (`nullAddress`, a symbolic word the translator
 *   sets, resolved when the data image is written); undefined and null in int fields are
 *   BlackholeCPU's words, as the binary has them;
 * - calls by function address: the interim until rts/system can call an address with the internal
 *   calling convention and arguments from arrays (asm-exec's primitive) is RPython's C backend's
 *   way, calls through typed code: the translator knows every function the jitcodes call
 *   residually, so it lists their addresses (`residualAddresses`, symbolic words) and generates
 *   the graph that `nativeResidualCall` stands for (src/translator/jit-link.ts
 *   residualDispatchGraph): a switch on the target's place in that list whose every case unpacks
 *   the arguments by kind into the target's own parameter types, calls it directly, and packs
 *   its result or the exception it raised into `NativeCallOut`. An address that is no listed
 *   target (a function pointer that only a class record holds) stops with a TraceCPUError.
 *
 * References are integers here, as everywhere in the JIT: while the runtime runs jitcodes the
 * collector must not move what they hold (docs/jit2-design: the collector's freeze, a later step).
 */

import { loadByte, loadInt32, loadWord, storeByte, storeInt32, storeWord } from "rts/system";
import { floatFromWords, floatHighWord, floatLowWord } from "rts";
import { gcAllocSlow, gcCollectHeld, gcFreeze, gcHeldNursery, gcJitRoot, gcJitRootAdd, gcJitRootCount, gcJitRootsTruncate, gcSafePointDue, gcThaw, gcWriteBarrierSlow } from "../gc/collector.js";
import { BlackholeCPU } from "./blackhole-cpu.js";
import type { CallDescr } from "./history.js";
import { TraceCPUError } from "./trace-cpu.js";

/** Where an instance holds its class record: the root struct `object`'s typeptr, after the 8-byte GC header (src/runtime/gc/layout.ts). */
export const TYPEPTR_OFFSET = 8;

const TWO_32 = 4294967296;

/** What a residual call gave (nativeResidualCall fills it): an int, bool, char or reference result, a float one, or the exception it raised (0: none). */
export class NativeCallOut {
  int: number;
  float: number;
  exception: number;

  constructor() {
    this.int = 0;
    this.float = 0.5;
    this.exception = 0;
  }
}

/**
 * Calls residual target number `index` (of NativeCPU.residualAddresses) with the arguments by
 * kind, into out. The translator replaces every call of this function by a call of the graph it
 * generates for the program's targets (jit-link.ts); this body runs only where nothing replaced it.
 */
export function nativeResidualCall(index: number, ints: number[], refs: number[], floats: number[], out: NativeCallOut): void {
  // What the generated graph writes, here so that the annotator sees the fields written with
  // values it does not know; and a way to return, or the code after each call would be dead.
  out.int = index;
  out.float = index * 0.5;
  out.exception = 0;
  if (index >= 0) throw new TraceCPUError(`no residual dispatcher is linked for target ${index} (${ints.length} int, ${refs.length} ref, ${floats.length} float arguments)`);
}

/** The float in the 8 bytes at address (its IEEE 754 bits, as the two 32-bit words rts/system reads). */
export function loadFloatBits(address: number): number {
  const low = loadInt32(address, 0);
  return floatFromWords(loadInt32(address, 4), low >= 0 ? low : low + TWO_32);
}

export function storeFloatBits(address: number, value: number): void {
  const low = floatLowWord(value);
  const high = floatHighWord(value);
  storeInt32(address, 0, low >= 2147483648 ? low - TWO_32 : low);
  storeInt32(address, 4, high >= 2147483648 ? high - TWO_32 : high);
}

export class NativeCPU extends BlackholeCPU {
  /** The address of the object RTS uses for null in references (the translator makes it a symbolic word of the null object). */
  nullAddress: number;
  /** The address of the runtime's exc_data.exc_value, where a raised exception is left (a symbolic word the translator sets; machine code reads it). */
  excValueAddress: number;
  /** The addresses of the functions jitcodes call residually, in nativeResidualCall's order (symbolic words the translator sets). */
  residualAddresses: number[];
  private residualIndex: Map<number, number> | null;
  /** The constants keepAlive made roots (made at the first: the runtime is prebuilt without it). */
  private kept: Map<number, boolean> | null;
  private readonly out: NativeCallOut;
  private pending: number;

  constructor() {
    super();
    this.nullAddress = 0;
    this.excValueAddress = 0;
    this.residualAddresses = [];
    this.residualIndex = null;
    this.kept = null;
    this.out = new NativeCallOut();
    this.pending = 0;
  }

  override loadInt(address: number, size: number, signed: boolean): number {
    if (size === 8) return loadWord(address, 0);
    if (size === 4) {
      const word = loadInt32(address, 0);
      return signed || word >= 0 ? word : word + TWO_32;
    }
    if (size === 2) {
      const half = loadByte(address, 0) + loadByte(address, 1) * 256;
      return signed && half >= 32768 ? half - 65536 : half;
    }
    if (size === 1) {
      const byte = loadByte(address, 0);
      return signed && byte >= 128 ? byte - 256 : byte;
    }
    throw new TraceCPUError(`loadInt of ${size} bytes`);
  }

  override storeInt(address: number, size: number, value: number): void {
    if (size === 8) {
      storeWord(address, 0, value);
    } else if (size === 4) {
      storeInt32(address, 0, value >= 2147483648 ? value - TWO_32 : value);
    } else if (size === 2) {
      const half = value & 65535;
      storeByte(address, 0, half & 255);
      storeByte(address, 1, half >> 8);
    } else if (size === 1) {
      storeByte(address, 0, value & 255);
    } else {
      throw new TraceCPUError(`storeInt of ${size} bytes`);
    }
  }

  override loadFloat(address: number): number {
    return loadFloatBits(address);
  }

  override storeFloat(address: number, value: number): void {
    storeFloatBits(address, value);
  }

  override loadRef(address: number): number {
    return loadWord(address, 0);
  }

  override storeRef(address: number, value: number): void {
    storeWord(address, 0, value);
  }

  /** The collector's barrier (it checks the object's flags itself): an old object may now hold a young one. */
  override writeBarrier(base: number): void {
    gcWriteBarrierSlow(base);
  }

  /** A collection with refs as roots (pushed on the JIT's roots stack and popped), through the JIT's own hold but not another's (gcCollectHeld). */
  override emptyNursery(refs: number[]): boolean {
    const below = gcJitRootCount();
    for (let k = 0; k < refs.length; k++) gcJitRootAdd(refs[k]!);
    gcCollectHeld();
    let moved = false;
    for (let k = 0; k < refs.length; k++) {
      const now = gcJitRoot(below + k);
      if (now !== refs[k]) moved = true;
      refs[k] = now;
    }
    gcJitRootsTruncate(below);
    return moved;
  }

  override safePointDue(): boolean {
    return gcSafePointDue();
  }

  /**
   * A constant of compiled code: a root from now on (old: it does not move; it must not be
   * freed). Once per object: every minor collection walks the JIT's roots, and a trace names the
   * same constant in many operations and guards.
   */
  override keepAlive(ref: number): void {
    let kept = this.kept;
    if (kept === null) {
      kept = new Map<number, boolean>();
      this.kept = kept;
    }
    if (kept.has(ref)) return;
    kept.set(ref, true);
    gcJitRootAdd(ref);
  }

  /**
   * Only these constants stay roots: the JIT's roots are rebuilt from them (no hold pushes roots
   * of its own meanwhile: the warm runner frees code between traces).
   */
  override keepOnly(refs: number[]): void {
    const kept = this.kept;
    if (kept === null) return;
    if (gcJitRootCount() !== kept.size) throw new TraceCPUError(`keepOnly with ${gcJitRootCount() - kept.size} roots held above the kept constants`);
    gcJitRootsTruncate(0);
    kept.clear();
    for (let k = 0; k < refs.length; k++) {
      const ref = refs[k]!;
      if (kept.has(ref)) continue;
      kept.set(ref, true);
      gcJitRootAdd(ref);
    }
  }

  /** No collection until releaseHeap; allocations go to the old space (src/runtime/gc/collector.ts, "the JIT's holds"). */
  override holdHeap(): void {
    gcFreeze();
  }

  override allocateYoung(on: boolean): boolean {
    return gcHeldNursery(on);
  }

  override releaseHeap(): void {
    gcThaw();
  }

  override allocate(bytes: number, typeId: number): number {
    return gcAllocSlow(typeId, bytes);
  }

  override classOf(ref: number): number {
    return loadWord(ref, TYPEPTR_OFFSET);
  }

  override setClass(ref: number, vtable: number): void {
    storeWord(ref, TYPEPTR_OFFSET, vtable);
  }

  override nullObject(): number {
    return this.nullAddress;
  }

  override callInt(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    return this.callResidual(func, descr, ints, refs, floats);
  }

  override callRef(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    return this.callResidual(func, descr, ints, refs, floats);
  }

  override callFloat(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    this.callResidual(func, descr, ints, refs, floats);
    return this.out.exception !== 0 ? 0.0 : this.out.float;
  }

  override callVoid(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): void {
    this.callResidual(func, descr, ints, refs, floats);
  }

  override pendingException(): number {
    return this.pending;
  }

  override clearException(): void {
    this.pending = 0;
  }

  /** An exception machine code took out of exc_data (a failing exception guard): pending, as a residual call's would be. */
  setPendingException(exception: number): void {
    this.pending = exception;
  }

  /** A residual call of the function at `func`: its int result (0 when it raised: the exception is pending). */
  private callResidual(func: number, descr: CallDescr, ints: number[], refs: number[], floats: number[]): number {
    let index = this.residualIndex;
    if (index === null) {
      index = new Map<number, number>();
      for (let k = 0; k < this.residualAddresses.length; k++) index.set(this.residualAddresses[k]!, k);
      this.residualIndex = index;
    }
    const target = index.get(func);
    if (target === undefined) {
      throw new TraceCPUError(
        `the binary's JIT cannot call ${descr.name} at ${func}: it is no function the codewriter called residually, and calling any other address needs rts/system's call primitive`,
      );
    }
    const out = this.out;
    out.int = 0;
    out.exception = 0;
    nativeResidualCall(target, ints, refs, floats, out);
    if (out.exception !== 0) {
      this.pending = out.exception;
      return 0;
    }
    return out.int;
  }
}
