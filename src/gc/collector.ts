/**
 * The generational collector's entry points (RTS, translated into every binary): what the
 * machine code and the runtime call. Allocation past the nursery's top, the write barriers'
 * slow paths, identity hashes, explicit collections, and when a minor collection (minor.ts) is
 * followed by a major one (major.ts). Settings come from the environment at gcInit:
 *
 *   RTS_GC_NURSERY        nursery size (default 4 MB)
 *   RTS_GC_MAJOR_COLLECT  growth factor of the old space between major collections (default 1.82)
 *   RTS_GC_MAX            heap limit: past it the program stops with "out of memory" (default none)
 *   RTS_GC_STRESS         a minor collection at every allocation, a major one every 50 of them
 *
 * The memory accounted against RTS_GC_MAX is the live old space plus the nursery; the shadow
 * stack is not counted (it is mapped large and only its touched pages cost anything).
 */

import { gcShared, loadByte, loadInt32, loadWord, osClock, osMmap, storeByte, storeInt32, storeWord } from "rts/system";
import { envBytes, envFactor, envFlag } from "../rtyper/helpers/runtime-env.js";
import { logEnabled, logFloat, logFlush, logInt, logNewline, logReset, logStart, logStop, logText } from "../rtyper/helpers/runtime-log.js";
import { stackBytes, stackPush, stackReset } from "./address-stack.js";
import { CARDED, GC, GCState, MARK_STACK, PREBUILT_ROOTS, REMEMBERED, TO_TRACE, YOUNG_LARGE } from "./gc-state.js";
import {
  CARDS_SET,
  FLAGS_OFFSET,
  HAS_CARDS,
  HAS_HASH_FIELD,
  HASH_TAKEN,
  LARGE,
  LARGE_YOUNG,
  PREBUILT,
  PREBUILT_TRACKED,
  SHARED_NURSERY_FREE,
  SHARED_NURSERY_TOP,
  SHARED_ROOT_BASE,
  SHARED_ROOT_TOP,
  TRACK_YOUNG_PTRS,
  TYPE_ID_OFFSET,
} from "./layout.js";
import { majorCollection } from "./major.js";
import { minorCollection } from "./minor.js";
import { CARD_ITEMS, cardBytesFor, cardsOf, itemPointerCount, objectBytes, objectSize, typeEntry } from "./objects.js";
import { oldBytesInUse, oldBytesMapped, oldMallocLarge, oldReset } from "./oldspace.js";
import { gcOutOfMemory } from "./oom.js";

/**
 * The nursery's default size. PyPy sizes it from the L2 cache (so that the bump allocation and
 * the copying of survivors stay in cache); reading the cache size needs /sys or cpuid at
 * startup, and a few MB is within a factor of two of every current x86-64 and AArch64 L2 (1-2
 * MB per core) while keeping minor collections rare enough: a constant, overridable.
 */
const DEFAULT_NURSERY_BYTES = 4 * 1024 * 1024;
/** Below this the large-object threshold (a quarter of the nursery) would send ordinary objects to mmap. */
const MIN_NURSERY_BYTES = 8 * 1024;
/**
 * The largest request allocated in the nursery. Bigger objects are each mapped on their own
 * (oldMallocLarge): copying them would cost more than it saves, and arrays of pointers that big
 * get cards. A quarter of the nursery at most, so that one request always fits after a minor
 * collection.
 */
const MAX_NURSERY_OBJECT = 64 * 1024;
const DEFAULT_MAJOR_FACTOR = 1.82;
/** Under RTS_GC_STRESS, a major collection every this many minor ones. */
const STRESS_MAJOR_EVERY = 50;
const PAGE = 4096;

/** Reads the settings, maps the nursery and the shadow stack, and sets the shared words. Called once, before any allocation. */
export function gcInit(rootStackBytes: number): void {
  let nursery = envBytes("RTS_GC_NURSERY", DEFAULT_NURSERY_BYTES);
  if (nursery < MIN_NURSERY_BYTES) nursery = MIN_NURSERY_BYTES;
  nursery = Math.floor((nursery + PAGE - 1) / PAGE) * PAGE;
  let factor = envFactor("RTS_GC_MAJOR_COLLECT", DEFAULT_MAJOR_FACTOR);
  if (factor < 1.0) factor = DEFAULT_MAJOR_FACTOR; // a factor below 1 would collect at every minor collection
  GC.majorFactor = factor;
  GC.maxHeap = envBytes("RTS_GC_MAX", 0);
  GC.stress = envFlag("RTS_GC_STRESS");

  const start = osMmap(nursery);
  if (start < 0) gcOutOfMemory();
  GC.nurseryStart = start;
  GC.nurseryEnd = start + nursery;
  GC.nurserySize = nursery;
  const quarter = Math.floor(nursery / 4);
  GC.largeThreshold = quarter < MAX_NURSERY_OBJECT ? quarter : MAX_NURSERY_OBJECT;
  // As incminimark's min_heap_size: a heap smaller than a nursery's worth of growth is not worth a major collection.
  GC.minThreshold = Math.floor(nursery * factor);
  GC.majorThreshold = cappedThreshold(GC.minThreshold);

  const roots = osMmap(rootStackBytes);
  if (roots < 0) gcOutOfMemory();
  GC.rootStackBase = roots;
  GC.rootStackBytes = rootStackBytes;

  const shared = gcShared();
  storeWord(shared, SHARED_ROOT_BASE, roots);
  storeWord(shared, SHARED_ROOT_TOP, roots);
  storeWord(shared, SHARED_NURSERY_FREE, start);
  setNurseryTop();
}

/** The nursery's top as the inline allocation sees it: under stress, the bump pointer itself, so that every allocation comes here. */
function setNurseryTop(): void {
  const shared = gcShared();
  storeWord(shared, SHARED_NURSERY_TOP, GC.stress ? loadWord(shared, SHARED_NURSERY_FREE) : GC.nurseryEnd);
}

/** A major collection threshold, kept under the heap limit (room left for the nursery). */
function cappedThreshold(threshold: number): number {
  if (GC.maxHeap > 0 && threshold > GC.maxHeap - GC.nurserySize) return GC.maxHeap - GC.nurserySize;
  return threshold;
}

/**
 * The inline allocation failed (free + bytes > top), or the request is large: zero-filled
 * memory of `bytes` with the type id in its header and the flags the object needs. The caller
 * writes the length word of variable-sized objects afterwards.
 */
export function gcAllocSlow(typeId: number, bytes: number): number {
  const size = objectBytes(bytes);
  if (size > GC.largeThreshold) return allocLarge(typeId, size);
  const shared = gcShared();
  if (GC.stress || loadWord(shared, SHARED_NURSERY_FREE) + size > GC.nurseryEnd) collectYoung();
  const obj = loadWord(shared, SHARED_NURSERY_FREE);
  storeWord(shared, SHARED_NURSERY_FREE, obj + size);
  // The nursery is kept zeroed: only the header needs writing (flags 0: young objects have none).
  storeInt32(obj, TYPE_ID_OFFSET, typeId);
  setNurseryTop();
  return obj;
}

/** A large object: mapped on its own, young (LARGE_YOUNG) until the next minor collection; arrays of pointers get cards. */
function allocLarge(typeId: number, size: number): number {
  if (GC.stress) {
    collectYoung();
  } else if (oldBytesInUse() > GC.majorThreshold || overLimit(size)) {
    collectAll();
  }
  if (overLimit(size)) gcOutOfMemory();
  const entry = typeEntry(typeId);
  const cardBytes = itemPointerCount(entry) > 0 ? cardBytesFor(entry, size) : 0;
  const obj = oldMallocLarge(size, cardBytes);
  if (obj === 0) gcOutOfMemory();
  storeInt32(obj, TYPE_ID_OFFSET, typeId);
  storeInt32(obj, FLAGS_OFFSET, cardBytes > 0 ? LARGE | LARGE_YOUNG | HAS_CARDS : LARGE | LARGE_YOUNG);
  stackPush(YOUNG_LARGE, obj);
  return obj;
}

/** Whether `extra` more bytes would take the live heap plus the nursery past RTS_GC_MAX. */
function overLimit(extra: number): boolean {
  return GC.maxHeap > 0 && oldBytesInUse() + extra + GC.nurserySize > GC.maxHeap;
}

/** A minor collection, then a major one when the old space has grown past its threshold (or stress says so). */
function collectYoung(): void {
  timedMinorCollection();
  const stressMajor = GC.stress && GC.minorCount % STRESS_MAJOR_EVERY === 0;
  if (stressMajor || oldBytesInUse() > GC.majorThreshold) timedMajorCollection();
  setNurseryTop();
}

/** A minor collection and a major one. */
function collectAll(): void {
  timedMinorCollection();
  timedMajorCollection();
  setNurseryTop();
}

function timedMinorCollection(): void {
  const logging = logEnabled("gc-minor");
  const started = logging ? osClock(false) : 0.0;
  const usedBefore = oldBytesInUse() + loadWord(gcShared(), SHARED_NURSERY_FREE) - GC.nurseryStart;
  minorCollection();
  if (!logging) return;
  logStart("gc-minor");
  logText("minor collect, total memory used: ");
  logInt(usedBefore);
  logNewline();
  logText("surviving bytes: ");
  logInt(GC.lastSurvivingBytes);
  logNewline();
  logText("time taken: ");
  logFloat(osClock(false) - started);
  logNewline();
  logStop("gc-minor");
  logFlush();
}

/** A major collection (right after a minor one), then the next threshold; out of memory when the live heap does not fit under RTS_GC_MAX. */
function timedMajorCollection(): void {
  const logging = logEnabled("gc-major");
  const started = logging ? osClock(false) : 0.0;
  const before = oldBytesInUse();
  majorCollection();
  const live = oldBytesInUse();
  GC.lastLiveBytes = live;
  const grown = Math.floor(live * GC.majorFactor);
  GC.majorThreshold = cappedThreshold(grown > GC.minThreshold ? grown : GC.minThreshold);
  if (logging) {
    logStart("gc-major");
    logText("major collect, memory used before collection: ");
    logInt(before);
    logNewline();
    logText("memory used after collection: ");
    logInt(live);
    logNewline();
    logText("next major collection threshold: ");
    logInt(GC.majorThreshold);
    logNewline();
    logText("time taken: ");
    logFloat(osClock(false) - started);
    logNewline();
    logStop("gc-major");
    logFlush();
  }
  if (overLimit(0)) gcOutOfMemory();
}

/** The slow path of the write barrier: obj had TRACK_YOUNG_PTRS, and a GC pointer is about to be stored into it. */
export function gcWriteBarrierSlow(obj: number): void {
  let flags = loadInt32(obj, FLAGS_OFFSET);
  if ((flags & TRACK_YOUNG_PTRS) === 0) return; // already remembered
  flags &= ~TRACK_YOUNG_PTRS;
  if ((flags & (PREBUILT | PREBUILT_TRACKED)) === PREBUILT) {
    // A prebuilt object holding a heap pointer stays a root of every major collection from now on.
    flags |= PREBUILT_TRACKED;
    stackPush(PREBUILT_ROOTS, obj);
  }
  storeInt32(obj, FLAGS_OFFSET, flags);
  stackPush(REMEMBERED, obj);
}

/**
 * The slow path of the write barrier for item `index` of an array. An array with cards marks the
 * card of the index and keeps TRACK_YOUNG_PTRS (each store into another card must come again);
 * any other array is remembered whole.
 */
export function gcWriteBarrierArraySlow(obj: number, index: number): void {
  const flags = loadInt32(obj, FLAGS_OFFSET);
  if ((flags & HAS_CARDS) === 0) {
    gcWriteBarrierSlow(obj);
    return;
  }
  const cards = cardsOf(obj);
  const card = Math.floor(index / CARD_ITEMS);
  const byteIndex = Math.floor(card / 8);
  storeByte(cards, byteIndex, loadByte(cards, byteIndex) | (1 << (card % 8)));
  if ((flags & CARDS_SET) === 0) {
    storeInt32(obj, FLAGS_OFFSET, flags | CARDS_SET);
    stackPush(CARDED, obj);
  }
}

/**
 * The identity hash of an object (Map and Set keys): stable for its whole life. A young object's
 * is its nursery address, kept after it when the object moves (HASH_TAKEN, then HAS_HASH_FIELD);
 * an object that never moves (old, large, prebuilt) has its address.
 */
export function gcIdentityHash(obj: number): number {
  if (obj >= GC.nurseryStart && obj < GC.nurseryEnd) {
    storeInt32(obj, FLAGS_OFFSET, loadInt32(obj, FLAGS_OFFSET) | HASH_TAKEN);
    return obj;
  }
  if ((loadInt32(obj, FLAGS_OFFSET) & HAS_HASH_FIELD) !== 0) return loadWord(obj, objectSize(obj));
  return obj;
}

/** An explicit collection (tests, a future rts.collect()): minor, and major too when asked. */
export function gcCollect(major: boolean): void {
  if (major) {
    collectAll();
  } else {
    collectYoung();
  }
}

// ---- statistics (tests, and the runtime's reports)

export function gcMinorCollections(): number {
  return GC.minorCount;
}

export function gcMajorCollections(): number {
  return GC.majorCount;
}

/** Bytes of objects in the old space (small and large) and in the nursery. */
export function gcBytesInUse(): number {
  return oldBytesInUse() + loadWord(gcShared(), SHARED_NURSERY_FREE) - GC.nurseryStart;
}

/** Bytes the collector has mapped: nursery, old space and its own stacks (not the shadow stack). */
export function gcBytesMapped(): number {
  const stacks =
    stackBytes(REMEMBERED) + stackBytes(CARDED) + stackBytes(YOUNG_LARGE) + stackBytes(TO_TRACE) + stackBytes(MARK_STACK) + stackBytes(PREBUILT_ROOTS);
  return GC.nurserySize + oldBytesMapped() + stacks;
}

export function gcLastSurvivingBytes(): number {
  return GC.lastSurvivingBytes;
}

export function gcMajorThreshold(): number {
  return GC.majorThreshold;
}

export function gcCardsTraced(): number {
  return GC.cardsTraced;
}

export function gcNurseryStart(): number {
  return GC.nurseryStart;
}

export function gcNurserySize(): number {
  return GC.nurserySize;
}

export function gcLargeThreshold(): number {
  return GC.largeThreshold;
}

/** Whether an address is in the nursery (a young object that may move). */
export function gcIsYoung(obj: number): boolean {
  return obj >= GC.nurseryStart && obj < GC.nurseryEnd;
}

/**
 * Untranslated only (tests), after resetSimulatedMemory(): forgets the collector's state, its
 * stacks, the old space and the log, all of which pointed into the old address space. gcInit
 * must be called again.
 */
export function gcReset(): void {
  Object.assign(GC, new GCState());
  stackReset(REMEMBERED);
  stackReset(CARDED);
  stackReset(YOUNG_LARGE);
  stackReset(TO_TRACE);
  stackReset(MARK_STACK);
  stackReset(PREBUILT_ROOTS);
  oldReset();
  logReset();
}
