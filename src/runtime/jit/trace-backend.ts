/**
 * Where the warm runner's compiled loops and bridges run (RPython's CPU.compile_loop,
 * compile_bridge and execute_token): a backend compiles a runnable trace (its jumps to its own
 * labels only: metainterp/warm-runner.ts runnableTrace) to machine code, or declines, and runs
 * what it compiled from its start with input values, giving how the code was left, as the trace
 * interpreter's runTrace does. A trace the backend declines runs in the trace interpreter
 * (trace-interp.ts); both give the same exits, so the runner does not care which ran.
 *
 * This base compiles nothing: the JIT of `rts run --llinterp --jit` and of the runtime's tests
 * interprets every trace. A binary's JIT has the x86-64 backend (backend-x86/native-backend.ts).
 * RTS.
 */

import { Descr, Trace } from "./history.js";
import { TraceCPUError, TraceValues } from "./trace-cpu.js";
import type { TraceExit } from "./trace-interp.js";

/** A trace in machine code: where it is, and where another trace's exit may enter it. */
export class MachineTrace {
  /** The code's address (page-aligned, read+execute). */
  readonly address: number;
  /** The instructions' bytes (the log's jit-backend header). */
  readonly instructionsSize: number;
  /** Where an exit of another trace jumps to go on in this one (its values in the frame's io slots). */
  readonly entry: number;
  /** The kinds of the trace's input arguments, in order. */
  readonly inputKinds: string;
  /** The bytes mapped for it from address (free gives them back). */
  readonly mappedSize: number;
  /** The numbers of its exits (the backend's, unique among the live traces). */
  readonly exits: number[];
  /** The word its guard_not_invalidated test (0: it has none). */
  readonly invalidationWord: number;

  constructor(address: number, instructionsSize: number, entry: number, inputKinds: string, mappedSize: number, exits: number[], invalidationWord: number) {
    this.invalidationWord = invalidationWord;
    this.mappedSize = mappedSize;
    this.exits = exits;
    this.address = address;
    this.instructionsSize = instructionsSize;
    this.entry = entry;
    this.inputKinds = inputKinds;
  }
}

export class TraceBackend {
  /** Whether this backend makes machine code at all (the JIT then logs where each trace went: jit-backend, jit-backend-counts). */
  makesMachineCode(): boolean {
    return false;
  }

  /**
   * Machine code of the runnable trace, or null: the trace interpreter runs it. name is how
   * jit-backend-counts names its entry (`entry 3` for loop 3, `bridge 42` for the bridge out of
   * guard 42), title how jit-backend does (`Loop 3 (location)`, `bridge out of Guard 0x2a`).
   */
  compile(trace: Trace, name: string, title: string): MachineTrace | null {
    void trace;
    void name;
    void title;
    return null;
  }

  /**
   * At exit: writes jit-backend-counts from the counters its code kept (every entry and every
   * label passed, linked jumps included); false when it kept none.
   */
  writeCounts(): boolean {
    return false;
  }

  /** Why the last compile gave null ("" when it compiled, or when this backend compiles nothing). */
  lastRefusal(): string {
    return "";
  }

  /**
   * Runs the code from its start with the inputs (of its input kinds, in order) until it leaves
   * through a guard or a finish, of this trace or of one it went on in (linkExits).
   */
  run(code: MachineTrace, inputs: TraceValues): TraceExit {
    void inputs;
    throw new TraceCPUError(`this backend runs no machine code (at ${code.address})`);
  }

  /**
   * From now on, every exit of machine code whose descriptor is descr goes on in target's code
   * instead of returning (RPython's patching of a guard to its bridge, and a loop's jump to
   * another loop): a guard's to the bridge traced from it, a finish standing for a jump to
   * another loop's start to that loop. Its values, written to the io slots as for a return, are
   * target's inputs. An exit whose values the runner must rebuild first (virtuals to allocate)
   * is left alone, as is one too far from target to jump to. Only the exits of the traces
   * `within` are looked at (those that can hold descr: the guard's family, the trace of the
   * jump). How many exits now go on.
   */
  linkExits(descr: Descr, target: MachineTrace, within: MachineTrace[]): number {
    void descr;
    void target;
    void within;
    return 0;
  }

  /**
   * A quasi-immutable field the code assumed changed (the warm runner invalidates its loop or
   * bridge): from now on its guard_not_invalidated fail.
   */
  invalidate(code: MachineTrace): void {
    void code;
  }

  /**
   * The code is no longer used (the warm runner frees its loop: metainterp/memmgr.ts): its memory
   * and its exits are given back. Nothing may run it or jump to it afterwards: the runner frees
   * a family of traces together, and only when no trace kept jumps into it.
   */
  free(code: MachineTrace): void {
    void code;
  }
}
