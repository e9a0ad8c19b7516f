/**
 * What the meta-interpreter knows of the traces it produced: each closed trace (a loop from a
 * merge point back to it, or a bridge from a guard to a loop), and the loops by green key, which
 * a bridge or a later trace closes to (RPython keeps the same as the jitcell's procedure token).
 * Also the printable location of a merge point (the driver's getPrintableLocation, else the greens).
 *
 * A loop and the bridges traced from its guards (and from theirs) are a family (RPython's
 * JitCellToken with its bridges): they live and are freed together (memmgr.ts). The registry
 * holds the live ones only, so that what the JIT keeps is bounded by the loops in use.
 *
 * RTS: classes with fields and arrays.
 */

import { FinalDescr, TargetToken, Trace } from "../history.js";
import { JitDriverDescr } from "../jitcode.js";
import type { CompiledTrace } from "../trace-interp.js";
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
  /** Its runnable form, once the warm runner compiled it (null before). */
  code: CompiledTrace | null;
  /** The bridges of its family: traced from its guards, or from theirs. */
  readonly bridges: CompiledBridge[];
  /** The last generation it was entered in (memmgr.ts: RPython's looptoken.generation). */
  generation: number;
  /** The generation of the memory manager's last marking that found it in use. */
  markedAt: number;
  /** Freed (memmgr.ts): its code is gone; nothing enters it. */
  freed: boolean;

  constructor(index: number, trace: Trace, token: TargetToken, driver: JitDriverDescr, greens: number[], kinds: string, hash: number, jumpsTo: CompiledLoop | null) {
    this.optimized = null;
    this.code = null;
    this.bridges = [];
    this.generation = 0;
    this.markedAt = 0;
    this.freed = false;
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
  /** The loop of its family (the guard's: ResumeGuardDescr.family). */
  readonly owner: CompiledLoop;
  /** The loop its jump goes to, or null when it ends with a finish. */
  readonly target: CompiledLoop | null;
  /** The trace as the optimizer gave it (what runs), once the warm runner compiled it; null before. */
  optimized: Trace | null;
  /** The quasi-immutable fields it assumed, as a loop's. */
  quasiImmut: QuasiImmutDeps;
  invalidated: boolean;
  /** Its runnable form, once the warm runner compiled it (null before). */
  code: CompiledTrace | null;

  constructor(index: number, trace: Trace, guard: ResumeGuardDescr, owner: CompiledLoop, target: CompiledLoop | null) {
    this.optimized = null;
    this.code = null;
    this.owner = owner;
    this.quasiImmut = new QuasiImmutDeps();
    this.invalidated = false;
    this.index = index;
    this.trace = trace;
    this.guard = guard;
    this.target = target;
  }
}

/**
 * The live loops and bridges: those made and not freed. Each has a number for good (the logs' and
 * the warm state's), given in the order they were made.
 */
export class LoopRegistry {
  /** The live loops and bridges, in the order they were made. */
  readonly loops: CompiledLoop[];
  readonly bridges: CompiledBridge[];
  /** Made and not yet compiled (the warm runner takes them in order: takePendingLoop, takePendingBridge). */
  private readonly pendingLoops: CompiledLoop[];
  private readonly pendingBridges: CompiledBridge[];
  readonly doneDescr: FinalDescr;
  readonly exceptionDescr: FinalDescr;
  /** The numbers the next loop and bridge get. */
  nextLoop: number;
  nextBridge: number;
  private readonly loopByNumber: Map<number, CompiledLoop>;
  /** The live loops by their green key's hash. */
  private readonly loopsByHash: Map<number, CompiledLoop[]>;

  constructor() {
    this.loops = [];
    this.bridges = [];
    this.pendingLoops = [];
    this.pendingBridges = [];
    this.doneDescr = new FinalDescr("done_with_this_frame", 0);
    this.exceptionDescr = new FinalDescr("exit_frame_with_exception", 1);
    this.nextLoop = 0;
    this.nextBridge = 0;
    this.loopByNumber = new Map<number, CompiledLoop>();
    this.loopsByHash = new Map<number, CompiledLoop[]>();
  }

  /** The oldest loop made and not yet compiled, taken off that list; null when there is none. */
  takePendingLoop(): CompiledLoop | null {
    const pending = this.pendingLoops;
    if (pending.length === 0) return null;
    const first = pending[0]!;
    for (let i = 1; i < pending.length; i++) pending[i - 1] = pending[i]!;
    pending.pop();
    return first;
  }

  takePendingBridge(): CompiledBridge | null {
    const pending = this.pendingBridges;
    if (pending.length === 0) return null;
    const first = pending[0]!;
    for (let i = 1; i < pending.length; i++) pending[i - 1] = pending[i]!;
    pending.pop();
    return first;
  }

  /** The live loop of that number, or null (freed). */
  loop(index: number): CompiledLoop | null {
    const loop = this.loopByNumber.get(index);
    return loop === undefined ? null : loop;
  }

  /** The live bridge attached to the guard (its `bridge`), or null. */
  bridgeOf(guard: ResumeGuardDescr): CompiledBridge | null {
    const owner = this.loop(guard.family);
    if (owner === null) return null;
    const bridges = owner.bridges;
    for (let k = bridges.length - 1; k >= 0; k--) if (bridges[k]!.index === guard.bridge) return bridges[k]!;
    return null;
  }

  /** The loop of the green key, or null (an invalidated loop is no longer the key's). */
  find(hash: number, greens: number[], kinds: string): CompiledLoop | null {
    const loops = this.loopsByHash.get(hash);
    if (loops === undefined) return null;
    for (let i = 0; i < loops.length; i++) {
      const loop = loops[i]!;
      if (!loop.invalidated && loop.isKey(hash, greens, kinds)) return loop;
    }
    return null;
  }

  addLoop(trace: Trace, token: TargetToken, driver: JitDriverDescr, greens: number[], kinds: string, hash: number, jumpsTo: CompiledLoop | null): CompiledLoop {
    const loop = new CompiledLoop(this.nextLoop, trace, token, driver, greens, kinds, hash, jumpsTo);
    this.nextLoop++;
    this.loops.push(loop);
    this.pendingLoops.push(loop);
    this.loopByNumber.set(loop.index, loop);
    const same = this.loopsByHash.get(hash);
    if (same === undefined) this.loopsByHash.set(hash, [loop]);
    else same.push(loop);
    return loop;
  }

  /** A bridge from the guard (of a live loop's family: ResumeGuardDescr.family), attached to it. */
  addBridge(trace: Trace, guard: ResumeGuardDescr, target: CompiledLoop | null): CompiledBridge {
    const owner = this.loop(guard.family);
    if (owner === null) throw new Error("a bridge from a guard of no live loop");
    const bridge = new CompiledBridge(this.nextBridge, trace, guard, owner, target);
    this.nextBridge++;
    this.bridges.push(bridge);
    this.pendingBridges.push(bridge);
    owner.bridges.push(bridge);
    guard.bridge = bridge.index;
    return bridge;
  }

  /**
   * Forgets the families of the loops (each marked freed, with its bridges): they are no longer
   * live, found or numbered (memmgr.ts frees their code first).
   */
  removeFamilies(freed: CompiledLoop[]): void {
    for (let i = 0; i < freed.length; i++) {
      const loop = freed[i]!;
      loop.freed = true;
      this.loopByNumber.delete(loop.index);
      const same = this.loopsByHash.get(loop.hash)!;
      compactLoops(same);
      if (same.length === 0) this.loopsByHash.delete(loop.hash);
    }
    compactLoops(this.loops);
    compactBridges(this.bridges);
  }
}

/** Drops the freed loops from the list, keeping the order. */
function compactLoops(loops: CompiledLoop[]): void {
  let n = 0;
  for (let i = 0; i < loops.length; i++) if (!loops[i]!.freed) loops[n++] = loops[i]!;
  while (loops.length > n) loops.pop();
}

function compactBridges(bridges: CompiledBridge[]): void {
  let n = 0;
  for (let i = 0; i < bridges.length; i++) if (!bridges[i]!.owner.freed) bridges[n++] = bridges[i]!;
  while (bridges.length > n) bridges.pop();
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
