/**
 * The collector's state (RTS): one prebuilt instance of number fields, and the raw address
 * stacks it keeps between and during collections. Prebuilt at import time, so that the
 * translated collector never allocates a GC object.
 */

import { AddressStack } from "./address-stack.js";

export class GCState {
  /** The nursery: [nurseryStart, nurseryEnd); the bump pointer itself is the shared word SHARED_NURSERY_FREE. */
  nurseryStart: number;
  nurseryEnd: number;
  nurserySize: number;
  /**
   * The nursery's mapping: [nurseryStart, nurseryReservedEnd), of which [nurseryStart, nurseryEnd)
   * is in use. A nursery sized from the cache grows into the rest (untouched until then, so it
   * costs no resident memory) as the live heap grows (collector.ts growNursery); the JIT's code
   * tests youth against the whole range, which holds nothing but the nursery.
   */
  nurseryReservedEnd: number;
  /** [free, nurseryCleared) is zero-filled: the nursery is cleared a chunk at a time just ahead of the allocation, which the inline path cannot pass (SHARED_NURSERY_TOP). */
  nurseryCleared: number;
  /** Requests above this many bytes are large objects, allocated outside the nursery. */
  largeThreshold: number;
  rootStackBase: number;
  rootStackBytes: number;
  /** RTS_GC_MAJOR_COLLECT: the next major collection starts when the old space reaches live bytes times this. */
  majorFactor: number;
  /** RTS_GC_MAX in bytes; 0: no limit. */
  maxHeap: number;
  /** The lowest major collection threshold (a young program does not collect its few live bytes over and over). */
  minThreshold: number;
  /** Old-space bytes in use above which the next minor collection is followed by a major one. */
  majorThreshold: number;
  /** RTS_GC_STRESS: a minor collection at every allocation, a major one every STRESS_MAJOR_EVERY minor ones. */
  stress: boolean;
  minorCount: number;
  majorCount: number;
  /** Bytes copied out of the nursery, or young large objects kept, by the last minor collection. */
  lastSurvivingBytes: number;
  /** Old-space bytes in use after the last major collection. */
  lastLiveBytes: number;
  /** Cards whose items the minor collections traced (for tests and the log). */
  cardsTraced: number;
  /**
   * The JIT's holds (gcFreeze): while above 0 nothing moves and nothing is freed, because the
   * JIT's runtime holds references as plain integers while it traces or blackholes.
   */
  frozen: number;
  /** Objects allocated while frozen (straight into the old space), for tests and the log. */
  frozenAllocations: number;
  /** Bytes allocated while frozen since the last collection: the JIT collects at a safe point when they reach a nursery's worth (gcSafePointDue). */
  frozenBytes: number;
  /** While held, whether allocation may still use the nursery (gcHeldNursery: while machine code runs). */
  heldNursery: boolean;
  /** The nursery filled up while held: a collection is due at the next safe point. */
  heldNurseryFull: boolean;
  /** gcCollectMinorWithRoots: `extraRootCount` words at `extraRoots`, roots of the collection running. */
  extraRoots: number;
  extraRootCount: number;

  constructor() {
    this.nurseryStart = 0;
    this.nurseryEnd = 0;
    this.nurserySize = 0;
    this.nurseryReservedEnd = 0;
    this.nurseryCleared = 0;
    this.largeThreshold = 0;
    this.rootStackBase = 0;
    this.rootStackBytes = 0;
    this.majorFactor = 1.82;
    this.maxHeap = 0;
    this.minThreshold = 0;
    this.majorThreshold = 0;
    this.stress = false;
    this.minorCount = 0;
    this.majorCount = 0;
    this.lastSurvivingBytes = 0;
    this.lastLiveBytes = 0;
    this.cardsTraced = 0;
    this.frozen = 0;
    this.frozenAllocations = 0;
    this.frozenBytes = 0;
    this.heldNursery = false;
    this.heldNurseryFull = false;
    this.extraRoots = 0;
    this.extraRootCount = 0;
  }
}

export const GC = new GCState();

/** Old (and prebuilt) objects written with a young pointer since the last minor collection; their TRACK_YOUNG_PTRS is off. */
export const REMEMBERED = new AddressStack();
/** Large arrays with at least one marked card (CARDS_SET) since the last minor collection. */
export const CARDED = new AddressStack();
/** Large objects allocated since the last minor collection (LARGE_YOUNG): freed by it unless reached. */
export const YOUNG_LARGE = new AddressStack();
/** Objects copied out of the nursery (or large ones made old) whose own pointers the minor collection has yet to trace. */
export const TO_TRACE = new AddressStack();
/** Marked objects whose pointers the major collection has yet to trace. */
export const MARK_STACK = new AddressStack();
/**
 * References the JIT's compiled code holds as constants (gcJitRootAdd): roots of every
 * collection until the JIT drops them. Old or prebuilt when added; kept up to date anyway.
 */
export const JIT_ROOTS = new AddressStack();
/** Prebuilt objects ever written with a heap pointer (PREBUILT_TRACKED): roots of every major collection, forever. */
export const PREBUILT_ROOTS = new AddressStack();
