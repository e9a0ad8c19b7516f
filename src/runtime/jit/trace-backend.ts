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

import { Descr, ResOperation, Trace } from "./history.js";
import { TraceCPUError, TraceValues } from "./trace-cpu.js";
import type { TraceExit } from "./trace-interp.js";

/** A trace in machine code: where it is, its frame, and its exits by number. */
export class MachineTrace {
  /** The code's address (page-aligned, read+execute) and the bytes mapped for it. */
  readonly address: number;
  readonly mappedBytes: number;
  /** The instructions' bytes (the log's jit-backend-dump and the profiler's map). */
  readonly instructionsSize: number;
  /** The JIT frame the code runs on (raw memory of frameWords words; one run at a time). */
  readonly frame: number;
  readonly frameWords: number;
  /** The exits by the number the code returns: a guard's fail descriptor or a finish's final one, and the operation. */
  readonly exits: Descr[];
  readonly exitOps: ResOperation[];
  /** The kinds of the trace's input arguments, in order. */
  readonly inputKinds: string;
  /** How many times the code was entered (jit-backend-counts). */
  runs: number;

  constructor(address: number, mappedBytes: number, instructionsSize: number, frame: number, frameWords: number, exits: Descr[], exitOps: ResOperation[], inputKinds: string) {
    this.address = address;
    this.mappedBytes = mappedBytes;
    this.instructionsSize = instructionsSize;
    this.frame = frame;
    this.frameWords = frameWords;
    this.exits = exits;
    this.exitOps = exitOps;
    this.inputKinds = inputKinds;
    this.runs = 0;
  }
}

export class TraceBackend {
  /** Whether this backend makes machine code at all (the JIT then logs where each trace went: jit-backend, jit-backend-counts). */
  makesMachineCode(): boolean {
    return false;
  }

  /** Machine code of the runnable trace, or null: the trace interpreter runs it. */
  compile(trace: Trace): MachineTrace | null {
    void trace;
    return null;
  }

  /** Why the last compile gave null ("" when it compiled, or when this backend compiles nothing). */
  lastRefusal(): string {
    return "";
  }

  /** Runs the code from its start with the inputs (of its input kinds, in order) until it leaves through a guard or a finish. */
  run(code: MachineTrace, inputs: TraceValues): TraceExit {
    void inputs;
    throw new TraceCPUError(`this backend runs no machine code (at ${code.address})`);
  }
}
