/**
 * What the meta-interpreter knows of the traces it produced: each closed trace (a loop from a
 * merge point back to it, or a bridge from a guard to a loop), and the loops by green key, which
 * a bridge or a later trace closes to (RPython keeps the same as the jitcell's procedure token).
 * Also the printable location of a merge point (the driver's getPrintableLocation, else the greens).
 *
 * RTS: classes with fields and arrays.
 */

import { FinalDescr, TargetToken, Trace } from "../history.js";
import { JitDriverDescr } from "../jitcode.js";
import { QuasiImmutDeps } from "./quasiimmut.js";
import { ResumeGuardDescr } from "./snapshot.js";

/**
 * A closed loop: its trace as recorded (label, ..., jump to the label), the green key it starts
 * at, and the optimized trace that runs. Entering the loop always enters the optimized trace at
 * its start, with the recorded label's arguments (the reds): after unrolling that is the peeled
 * preamble, whose own label takes them, so a bridge or another loop jumping here needs nothing
 * of what unrolling added (the peeled loop's label and its extra arguments).
 */
export class CompiledLoop {
  /** Its place in LoopRegistry.loops: the number the warm state knows it by. */
  readonly index: number;
  /** The trace as recorded (dropped, made empty, once compiled to machine code: nothing reads it then). */
  trace: Trace;
  readonly token: TargetToken;
  readonly driver: JitDriverDescr;
  readonly greens: number[];
  readonly kinds: string;
  readonly hash: number;
  /** The other loop its final jump goes to (a trace that reached another loop's key before its own), or null. */
  readonly jumpsTo: CompiledLoop | null;
  /** The trace as the optimizer gave it (what runs), once the warm runner compiled it; null before. */
  optimized: Trace | null;
  /** The quasi-immutable fields it assumed; invalidated once one changed (it is not entered again, nor closed to). */
  quasiImmut: QuasiImmutDeps;
  invalidated: boolean;

  constructor(index: number, trace: Trace, token: TargetToken, driver: JitDriverDescr, greens: number[], kinds: string, hash: number, jumpsTo: CompiledLoop | null) {
    this.optimized = null;
    this.quasiImmut = new QuasiImmutDeps();
    this.invalidated = false;
    this.index = index;
    this.trace = trace;
    this.token = token;
    this.driver = driver;
    this.greens = greens;
    this.kinds = kinds;
    this.hash = hash;
    this.jumpsTo = jumpsTo;
  }

  isKey(hash: number, greens: number[], kinds: string): boolean {
    if (this.hash !== hash || this.kinds !== kinds || this.greens.length !== greens.length) return false;
    for (let i = 0; i < greens.length; i++) if (this.greens[i] !== greens[i]) return false;
    return true;
  }
}

/** A bridge: traced from a failing guard, it ends with a jump to a loop's label (or a finish). */
export class CompiledBridge {
  readonly index: number;
  /** The trace as recorded (dropped, made empty, once compiled to machine code: nothing reads it then). */
  trace: Trace;
  readonly guard: ResumeGuardDescr;
  /** The loop its jump goes to, or null when it ends with a finish. */
  readonly target: CompiledLoop | null;
  /** The trace as the optimizer gave it (what runs), once the warm runner compiled it; null before. */
  optimized: Trace | null;
  /** The quasi-immutable fields it assumed, as a loop's. */
  quasiImmut: QuasiImmutDeps;
  invalidated: boolean;

  constructor(index: number, trace: Trace, guard: ResumeGuardDescr, target: CompiledLoop | null) {
    this.optimized = null;
    this.quasiImmut = new QuasiImmutDeps();
    this.invalidated = false;
    this.index = index;
    this.trace = trace;
    this.guard = guard;
    this.target = target;
  }
}

/** The loops and bridges made so far. */
export class LoopRegistry {
  readonly loops: CompiledLoop[];
  readonly bridges: CompiledBridge[];
  readonly doneDescr: FinalDescr;
  readonly exceptionDescr: FinalDescr;

  constructor() {
    this.loops = [];
    this.bridges = [];
    this.doneDescr = new FinalDescr("done_with_this_frame", 0);
    this.exceptionDescr = new FinalDescr("exit_frame_with_exception", 1);
  }

  /** The loop of the green key, or null (an invalidated loop is no longer the key's). */
  find(hash: number, greens: number[], kinds: string): CompiledLoop | null {
    for (let i = 0; i < this.loops.length; i++) {
      const loop = this.loops[i]!;
      if (!loop.invalidated && loop.isKey(hash, greens, kinds)) return loop;
    }
    return null;
  }

  addLoop(trace: Trace, token: TargetToken, driver: JitDriverDescr, greens: number[], kinds: string, hash: number, jumpsTo: CompiledLoop | null): CompiledLoop {
    const loop = new CompiledLoop(this.loops.length, trace, token, driver, greens, kinds, hash, jumpsTo);
    this.loops.push(loop);
    return loop;
  }

  addBridge(trace: Trace, guard: ResumeGuardDescr, target: CompiledLoop | null): CompiledBridge {
    const bridge = new CompiledBridge(this.bridges.length, trace, guard, target);
    this.bridges.push(bridge);
    guard.bridge = bridge.index;
    return bridge;
  }
}

/**
 * The printable location of a merge point (debug_merge_point's text): by default the driver's
 * green names and values (`pc=3 code=ConstPtr(4096)` reads `pc=3, code=4096`); an interpreter
 * gives its own (the driver's getPrintableLocation) by subclassing.
 */
export class LocationPrinter {
  location(driver: JitDriverDescr, greens: number[], kinds: string): string {
    let text = "";
    for (let i = 0; i < greens.length; i++) {
      if (i > 0) text += ", ";
      const name = i < driver.greens.length ? driver.greens[i]! : "g" + String(i);
      text += name + "=" + String(greens[i]!);
    }
    return text;
  }
}
