/**
 * The warm state (RPython's rpython/jit/metainterp/warmstate.py): what the interpreter's
 * jitMergePoint and canEnterJit do at run time, the decision between interpreting, starting to
 * trace and running a compiled loop, per green key.
 *
 * A green key (the values of the driver's greens) is known by its 32-bit hash, which picks its
 * counter (jit-counter.ts) and its chain of cells. Keys are counted in the lossy counter table;
 * a JitCell exists only for a key that has been traced (RPython's celltable): it records that
 * the key is being traced, has a compiled loop, or must not be traced again.
 *
 *     enter(hash, greens, kinds, atMergePoint)   one call per canEnterJit (loop threshold) or,
 *                                                with atMergePoint, per entry of the portal
 *                                                (function_threshold); says ENTER_INTERPRET,
 *                                                ENTER_TRACE or ENTER_RUN, and leaves the key's
 *                                                cell in `cell` for the last two
 *     tracingDone(cell, loop) / tracingAborted(cell)   the tracer's outcome
 *     guardFailed(guardHash)                     true when a guard has failed trace_eagerness
 *                                                times: trace a bridge from it
 *
 * A key whose tracing aborts ABORTS_BEFORE_BLACKLIST times (a loop longer than trace_limit,
 * for one) is blacklisted (JC_DONT_TRACE_HERE): it is never traced again, so a program does not
 * pay for the same failed trace every threshold iterations. RPython blacklists the biggest
 * function of a too-long trace instead of the key; a count per key is simpler and bounds the
 * waste the same way.
 *
 * RTS: classes with fields and arrays of numbers; the cell chains are arrays of cells indexed by
 * the counter table's entry.
 */

import { COUNTER_SIZE, JitCounter, counterIncrement } from "./jit-counter.js";
import { JitParams, P_DECAY, P_FUNCTION_THRESHOLD, P_THRESHOLD, P_TRACE_EAGERNESS } from "../../lib/jit-params.js";

export const ENTER_INTERPRET = 0;
export const ENTER_TRACE = 1;
export const ENTER_RUN = 2;

/** The key is being traced now (a recursive entry does not start a second trace). */
export const JC_TRACING = 1;
/** The key is never traced again (its traces kept aborting). */
export const JC_DONT_TRACE_HERE = 2;

/**
 * The key is traced at its next arrival, whatever its counter says: a trace found the loop it
 * starts inside itself (RPython compiles that inner loop from the trace at once; see
 * MetaInterp.mergePoint).
 */
export const JC_TRACE_NEXT = 4;

/** Aborted traces of one key before it is blacklisted. */
export const ABORTS_BEFORE_BLACKLIST = 3;

/** What the warm state knows of one traced green key. */
export class JitCell {
  readonly hash: number;
  /** The greens' values: integers, references (addresses) and floats, as kinds says. */
  readonly greens: number[];
  readonly kinds: string;
  flags = 0;
  /** Aborted traces from this key so far. */
  aborts = 0;
  /** The compiled loop entered at this key (the JIT's number for it), or -1. */
  loop = -1;
  /** The next cell of the same chain. */
  next: JitCell | null;

  constructor(hash: number, greens: number[], kinds: string, next: JitCell | null) {
    this.hash = hash;
    this.greens = greens;
    this.kinds = kinds;
    this.next = next;
  }

  /** Whether the cell is the key of these green values. */
  isKey(hash: number, greens: number[], kinds: string): boolean {
    if (this.hash !== hash || this.kinds !== kinds || this.greens.length !== greens.length) return false;
    for (let i = 0; i < greens.length; i++) {
      const a = this.greens[i]!;
      const b = greens[i]!;
      if (kinds.charCodeAt(i) === CHAR_F) {
        if (!sameFloat(a, b)) return false;
      } else if (a !== b) {
        return false;
      }
    }
    return true;
  }
}

const CHAR_F = 102;

/** Whether n is in the list of increasing numbers (a binary search). */
function isAmongSorted(numbers: number[], n: number): boolean {
  let low = 0;
  let high = numbers.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const at = numbers[middle]!;
    if (at === n) return true;
    if (at < n) low = middle + 1;
    else high = middle;
  }
  return false;
}

/** Float greens are the same when their bits are: NaN is NaN, 0 and -0 differ. */
function sameFloat(a: number, b: number): boolean {
  if (a !== a) return b !== b;
  if (a === 0 && b === 0) return 1 / a === 1 / b;
  return a === b;
}

export class WarmState {
  readonly params: JitParams;
  readonly counter = new JitCounter();
  /** The blacklisted cell enter met last (isLastBlacklisted), or null. */
  private lastBlacklisted: JitCell | null = null;
  /**
   * The chains of cells, by the counter table's entry: made at the first lookup, as the counter
   * table is (a binary's prebuilt warm state would otherwise carry 16 KiB of nulls).
   */
  readonly chains: (JitCell | null)[] = [];
  /** The cell of the last enter that said ENTER_TRACE or ENTER_RUN. */
  cell: JitCell | null = null;
  incrementLoop = 0.0;
  incrementFunction = 0.0;
  incrementGuard = 0.0;

  constructor(params: JitParams) {
    this.params = params;
    this.paramsChanged();
  }

  /** Recomputes what depends on the parameters: after any change of params. */
  paramsChanged(): void {
    this.incrementLoop = counterIncrement(this.params.get(P_THRESHOLD));
    this.incrementFunction = counterIncrement(this.params.get(P_FUNCTION_THRESHOLD));
    this.incrementGuard = counterIncrement(this.params.get(P_TRACE_EAGERNESS));
    this.counter.setDecay(this.params.get(P_DECAY));
  }

  /** The cell of the key, or null when it was never traced. */
  lookup(hash: number, greens: number[], kinds: string): JitCell | null {
    if (this.chains.length === 0) for (let i = 0; i < COUNTER_SIZE; i++) this.chains.push(null);
    let cell = this.chains[this.counter.indexOf(hash)];
    while (cell !== null) {
      if (cell.isKey(hash, greens, kinds)) return cell;
      cell = cell.next;
    }
    return null;
  }

  /** What to do at canEnterJit (atMergePoint false) or at the portal's entry (true); see the header. */
  enter(hash: number, greens: number[], kinds: string, atMergePoint: boolean): number {
    const cell = this.lookup(hash, greens, kinds);
    if (cell !== null) {
      if (cell.loop >= 0) {
        this.cell = cell;
        return ENTER_RUN;
      }
      if ((cell.flags & JC_DONT_TRACE_HERE) !== 0) this.lastBlacklisted = cell;
      if ((cell.flags & (JC_TRACING | JC_DONT_TRACE_HERE)) !== 0) return ENTER_INTERPRET;
      if ((cell.flags & JC_TRACE_NEXT) !== 0) {
        cell.flags &= ~JC_TRACE_NEXT;
        this.startTracing(cell);
        return ENTER_TRACE;
      }
    }
    if (!this.counter.tick(hash, atMergePoint ? this.incrementFunction : this.incrementLoop)) return ENTER_INTERPRET;
    // RPython decays every counter when one reaches its bound, so that several keys that get
    // hot together do not all start a trace at once.
    this.counter.decayAll();
    this.startTracing(cell !== null ? cell : this.newCell(hash, greens, kinds));
    return ENTER_TRACE;
  }

  /**
   * After ENTER_TRACE, the key's green references moved (the collector emptied its nursery
   * before tracing): the trace is for the key where its objects are now, so the cell marked
   * tracing is that key's. The old key's cell is unmarked: its addresses may be another
   * object's later.
   */
  rekey(hash: number, greens: number[], kinds: string): void {
    this.cell!.flags &= ~JC_TRACING;
    const cell = this.lookup(hash, greens, kinds);
    this.startTracing(cell !== null ? cell : this.newCell(hash, greens, kinds));
  }

  /**
   * Whether greens (a key's words, as enter takes them) are those of the blacklisted key enter
   * met last: then enter would say ENTER_INTERPRET, and the caller need not hash them. A loop
   * whose traces were dropped or kept aborting passes its merge point at every iteration: this
   * keeps that pass cheap.
   */
  isLastBlacklisted(greens: number[], kinds: string): boolean {
    const cell = this.lastBlacklisted;
    if (cell === null) return false;
    return (cell.flags & JC_DONT_TRACE_HERE) !== 0 && cell.isKey(cell.hash, greens, kinds);
  }

  /** A cell for a key that has none, at the head of its chain (the greens copied: the caller's array may be reused). */
  private newCell(hash: number, greens: number[], kinds: string): JitCell {
    const chain = this.counter.indexOf(hash);
    const cell = new JitCell(hash, greens.slice(), kinds, this.chains[chain]);
    this.chains[chain] = cell;
    return cell;
  }

  /** The key is being traced now: the cell ENTER_TRACE leaves in `cell`. */
  private startTracing(cell: JitCell): void {
    cell.flags |= JC_TRACING;
    this.cell = cell;
  }

  /** The trace from cell's key became the compiled loop number loop. */
  tracingDone(cell: JitCell, loop: number): void {
    cell.flags &= ~JC_TRACING;
    cell.loop = loop;
  }

  /** The trace from cell's key was abandoned; true when the key is now blacklisted. */
  tracingAborted(cell: JitCell): boolean {
    cell.flags &= ~JC_TRACING;
    cell.aborts += 1;
    if (cell.aborts >= ABORTS_BEFORE_BLACKLIST) cell.flags |= JC_DONT_TRACE_HERE;
    return (cell.flags & JC_DONT_TRACE_HERE) !== 0;
  }

  /** The key is traced at its next arrival (JC_TRACE_NEXT), unless it is blacklisted or has a loop. */
  traceNextTime(hash: number, greens: number[], kinds: string): void {
    const cell = this.lookup(hash, greens, kinds);
    (cell !== null ? cell : this.newCell(hash, greens, kinds)).flags |= JC_TRACE_NEXT;
  }

  /** The loop was dropped (its backend refused it): its key runs its ahead-of-time code from now on, never traced again. */
  loopDropped(loop: number): void {
    for (let i = 0; i < this.chains.length; i++) {
      for (let cell = this.chains[i]; cell !== null; cell = cell.next) {
        if (cell.loop !== loop) continue;
        cell.loop = -1;
        cell.flags |= JC_DONT_TRACE_HERE;
      }
    }
  }

  /**
   * The loops of these numbers are gone (freed by loop_longevity, or invalidated): their keys
   * interpret and count again, and a cell left with nothing to say (no loop, flag or abort: as if
   * never traced) is dropped, so that the cells are as many as the keys in use. The numbers are
   * in increasing order.
   */
  loopsFreed(loops: number[]): void {
    for (let i = 0; i < this.chains.length; i++) {
      let kept: JitCell | null = null;
      let cell = this.chains[i];
      while (cell !== null) {
        const next = cell.next;
        if (cell.loop >= 0 && isAmongSorted(loops, cell.loop)) cell.loop = -1;
        if (cell.loop >= 0 || cell.flags !== 0 || cell.aborts !== 0 || cell === this.cell) {
          if (kept === null) this.chains[i] = cell;
          else kept.next = cell;
          kept = cell;
        }
        cell = next;
      }
      if (kept === null) this.chains[i] = null;
      else kept.next = null;
    }
  }

  /** A guard with this hash (from counter.fetchNextHash) failed; true when it is time to trace a bridge from it. */
  guardFailed(guardHash: number): boolean {
    return this.counter.tick(guardHash, this.incrementGuard);
  }
}
