/**
 * What the blackhole interpreter (blackhole.ts) runs on: the trace interpreter's CPU (loads and
 * stores by size, allocation, calls by function address with the arguments by kind, the pending
 * exception; trace-cpu.ts) plus what jitcodes ask beyond traces: allocations of structs and
 * arrays by descriptor, and the words RTS uses for null and undefined. RTS.
 *
 * A subclass gives the memory: the LL interpreter's (src/jit/llgraph/llinterp-cpu.ts), later the
 * translated binary's.
 */

import type { BlackholeInterpreter } from "./blackhole.js";
import { ArrayDescr, SizeDescr } from "./history.js";
import { TraceCPU } from "./trace-cpu.js";

/** The words an int, bool or char field holds for undefined and null (src/llir/object-model.ts). */
const UNDEFINED_WORD = 1152921504606846976;
const NULL_WORD = -1152921504606846976;

export class BlackholeCPU extends TraceCPU {
  /**
   * The blackhole interpreter running on this CPU now (its run sets it), or null: the frames a
   * residual call is made from, whose inline calls are the call chain of an error it makes.
   */
  runningBlackhole: BlackholeInterpreter | null = null;

  /** A new zero-filled struct of the size descriptor's type. */
  newStruct(descr: SizeDescr): number {
    return this.allocate(descr.size, descr.typeId);
  }

  /** A new zero-filled array (or struct ending in one) of n items, its length word written. */
  newArray(descr: ArrayDescr, n: number): number {
    const ref = this.allocate(descr.totalSize(n), descr.typeId);
    if (descr.lengthOffset >= 0) this.storeInt(ref + descr.lengthOffset, 8, n);
    return ref;
  }

  /** The address of the object RTS uses for null in references (check_nonnull rejects it as well as 0), or 0. */
  nullObject(): number {
    return 0;
  }

  /** Whether an integer is one of the words RTS uses for undefined and null (check_defined rejects them). */
  isMissingWord(value: number): boolean {
    return value === UNDEFINED_WORD || value === NULL_WORD;
  }
}
