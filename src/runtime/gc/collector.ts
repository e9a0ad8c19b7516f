/**
 * The generational collector's entry points (RTS, translated into every binary): what the
 * machine code and the runtime call. Allocation past the nursery's top, the write barriers'
 * slow paths, identity hashes, explicit collections, and when a minor collection (minor.ts) is
 * followed by a major one (major.ts). Settings come from the environment at gcInit:
 *
 *   RTS_GC_NURSERY        nursery size (default half the L2 cache, cache.ts)
 *   RTS_GC_MAJOR_COLLECT  growth factor of the old space between major collections (default 1.82)
 *   RTS_GC_MAX            heap limit: past it the program stops with "out of memory" (default none)
 *   RTS_GC_STRESS         a minor collection at every allocation, a major one every 50 of them
 *
 * The memory accounted against RTS_GC_MAX is everything the collector maps (oom.ts: nursery,
 * arenas, large objects and their cards, its stacks), less a reserve for the rest of the process,
 * so that the peak RSS stays under the limit; the shadow stack is not counted (it is mapped large
 * and only its touched pages cost anything). Near the limit every minor collection is followed
 * by a major one; a live set that still does not fit stops the program.
 */

import { clearMemory, gcShared, loadByte, loadInt32, loadWord, osMmap, storeByte, storeInt32, storeWord } from "rts/system";
import { envBytes, envFactor, envFlag, envValue } from "../env.js";
import { CPU0_CACHE_INDEX, l2CacheBytes, NURSERY_FROM_CACHE_MAX, NURSERY_UNKNOWN_CACHE, nurseryForCache } from "./cache.js";
import { checkRuntimeSettings } from "../settings.js";
import { logElapsed, logFloat, logFlush, logInt, logNewline, logReset, logStart, logStop, logText } from "../log.js";
import { stackGet, stackLength, stackPop, stackPush, stackReset } from "./address-stack.js";
import { CARDED, GC, GCState, JIT_ROOTS, MARK_STACK, PREBUILT_ROOTS, REMEMBERED, TO_TRACE, YOUNG_LARGE } from "./gc-state.js";
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
  SHARED_LARGE_THRESHOLD,
  SHARED_JIT_SAFE_POINT,
  SHARED_NURSERY_FREE,
  SHARED_NURSERY_TOP,
  SHARED_ROOT_BASE,
  SHARED_ROOT_TOP,
  TRACK_YOUNG_PTRS,
  TYPE_ID_OFFSET,
} from "./layout.js";
import { majorCollection } from "./major.js";
import { minorCollection } from "./minor.js";
import { BITWISE_SAFE, CARD_ITEMS, CARD_SHIFT, cardByte, cardBytesFor, objectBytes, objectSize, typeEntry, wantsCards } from "./objects.js";
import { ARENA_BYTES, ARENA_MAX_BYTES, MEDIUM_MAX, oldArenaBytesToKeep, oldBytesInUse, oldBytesMapped, oldFreeArenaBytes, oldLargeMappedBytes, oldMallocLarge, oldMallocSmall, oldReset, oldTrimFreeArenas } from "./oldspace.js";
import {
  gcMap,
  gcOutOfMemoryLimit,
  gcOutOfMemorySystem,
  memoryBudget,
  memoryLimited,
  memoryMapCalls,
  memoryMapped,
  memoryReset,
  memorySetLimit,
  memoryWouldExceed,
} from "./oom.js";

/**
 * A major collection never comes before the old space holds this many nurseries' worth (as
 * incminimark's min_heap_size, 8 times the nursery the program starts with): with a nursery
 * sized from the cache (1 MB here), 1.82 nurseries would collect a young program's few live
 * bytes over and over.
 */
const MIN_HEAP_NURSERIES = 8;
/**
 * A nursery sized from the cache doubles, up to NURSERY_FROM_CACHE_MAX, after a major
 * collection that finds most of what the old space gained since the last one dead: the minor
 * collections promote objects that die soon after, because the program's short-lived structures
 * outgrow the nursery. binary_trees.lox, whose trees reach 3 MB, copied 375 MB out of a 1 MB
 * nursery against 145 MB out of an 8 MB one, and swept them all: 10-15% of its time. A program
 * whose promoted objects stay live (trees.lox builds 58 MB that way) or that promotes little
 * (fib.lox) keeps the small nursery, faster for them and 2.4 MB resident for fib. The nursery
 * never shrinks (its pages stay touched): this is its high-water mark.
 */
const NURSERY_GROWTH = 2;
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
/**
 * Under RTS_GC_MAX, what a minor collection may map beyond the nursery's worth of survivors: a
 * partly used newest arena in each of a few size classes (a medium one's up to ARENA_MAX_BYTES).
 * Only decides when a major collection comes early; the limit itself is enforced where memory is
 * mapped.
 */
const MINOR_SLACK = 4 * ARENA_BYTES + ARENA_MAX_BYTES;
/**
 * The nursery is zeroed this much at a time, just ahead of the bump pointer, rather than whole
 * at each minor collection: the zeroed lines are still in the cache when allocation writes them.
 * At least the largest nursery object, so that one chunk always makes room for a request.
 */
const NURSERY_CLEAR_CHUNK = 128 * 1024;

/**
 * Checks and reads the settings, maps the nursery and the shadow stack, and sets the shared
 * words. Called once, before any allocation: the first thing a translated program does, so the
 * check of every runtime setting (runtime-settings.ts) is made here.
 */
export function gcInit(rootStackBytes: number): void {
  // The shadow stack first: the code below, the settings check included, may keep references
  // (to prebuilt objects: nothing is allocated yet) in root slots across calls.
  const roots = osMmap(rootStackBytes);
  if (roots < 0) gcOutOfMemorySystem(rootStackBytes);
  GC.rootStackBase = roots;
  GC.rootStackBytes = rootStackBytes;
  storeWord(gcShared(), SHARED_ROOT_BASE, roots);
  storeWord(gcShared(), SHARED_ROOT_TOP, roots);
  checkRuntimeSettings();
  const chosen = envValue("RTS_GC_NURSERY") !== 0;
  let nursery = chosen ? envBytes("RTS_GC_NURSERY", NURSERY_UNKNOWN_CACHE) : nurseryForCache(l2CacheBytes(CPU0_CACHE_INDEX));
  if (nursery < MIN_NURSERY_BYTES) nursery = MIN_NURSERY_BYTES;
  nursery = Math.floor((nursery + PAGE - 1) / PAGE) * PAGE;
  // At least 1 (checked): a factor below 1 would collect at every minor collection.
  const factor = envFactor("RTS_GC_MAJOR_COLLECT", DEFAULT_MAJOR_FACTOR);
  GC.majorFactor = factor;
  GC.maxHeap = envBytes("RTS_GC_MAX", 0);
  GC.stress = envFlag("RTS_GC_STRESS");
  memorySetLimit(GC.maxHeap);
  if (memoryLimited()) {
    // The nursery counts against the limit: a quarter of it at most, so that the old space has room.
    const quarterBudget = Math.floor(memoryBudget() / 4 / PAGE) * PAGE;
    if (nursery > quarterBudget) nursery = quarterBudget > MIN_NURSERY_BYTES ? quarterBudget : MIN_NURSERY_BYTES;
  }

  // Room to grow for a nursery sized from the cache (not one RTS_GC_NURSERY sets, nor under
  // RTS_GC_MAX, which counts every mapped byte).
  const reserved = !chosen && !memoryLimited() && nursery < NURSERY_FROM_CACHE_MAX ? NURSERY_FROM_CACHE_MAX : nursery;
  const start = gcMap(reserved);
  GC.nurseryStart = start;
  GC.nurseryEnd = start + nursery;
  GC.nurserySize = nursery;
  GC.nurseryReservedEnd = start + reserved;
  GC.nurseryCleared = start + nursery; // fresh from mmap
  const quarter = Math.floor(nursery / 4);
  GC.largeThreshold = quarter < MAX_NURSERY_OBJECT ? quarter : MAX_NURSERY_OBJECT;
  // As incminimark's min_heap_size: a heap smaller than a few nurseries is not worth a major collection.
  const minHeap = nursery * MIN_HEAP_NURSERIES;
  GC.minThreshold = Math.floor(nursery * factor) > minHeap ? Math.floor(nursery * factor) : minHeap;
  GC.majorThreshold = cappedThreshold(GC.minThreshold);

  const shared = gcShared();
  storeWord(shared, SHARED_NURSERY_FREE, start);
  storeWord(shared, SHARED_LARGE_THRESHOLD, GC.largeThreshold);
  setNurseryTop();
}

/**
 * The nursery's top as the inline allocation sees it: the end of the zeroed part; under stress
 * or while the JIT holds the heap still (gcFreeze), the bump pointer itself, so that every
 * allocation comes here.
 */
function setNurseryTop(): void {
  const shared = gcShared();
  const closed = GC.stress || (GC.frozen > 0 && !GC.heldNursery);
  storeWord(shared, SHARED_NURSERY_TOP, closed ? loadWord(shared, SHARED_NURSERY_FREE) : GC.nurseryCleared);
}

/** Zeroes the nursery a chunk at a time until [free, upTo) is zero-filled (upTo <= nurseryEnd). */
function clearNurseryUpTo(upTo: number): void {
  while (GC.nurseryCleared < upTo) {
    let end = GC.nurseryCleared + NURSERY_CLEAR_CHUNK;
    if (end > GC.nurseryEnd) end = GC.nurseryEnd;
    clearMemory(GC.nurseryCleared, end - GC.nurseryCleared);
    GC.nurseryCleared = end;
  }
}

/** A major collection threshold, kept under the heap limit (room left for the nursery). */
function cappedThreshold(threshold: number): number {
  if (!memoryLimited()) return threshold;
  const most = memoryBudget() - GC.nurserySize;
  return threshold > most ? most : threshold;
}

/**
 * The inline allocation failed (free + bytes > top), or the request is large (more than the
 * shared word SHARED_LARGE_THRESHOLD: the machine code comes here for those whatever room the
 * nursery has): zero-filled memory of `bytes` with the type id in its header and the flags the
 * object needs. The caller writes the length word of variable-sized objects afterwards.
 */
export function gcAllocSlow(typeId: number, bytes: number): number {
  const size = objectBytes(bytes);
  if (GC.frozen > 0) return GC.heldNursery && size <= GC.largeThreshold ? allocHeldNursery(typeId, size) : allocFrozen(typeId, size);
  if (size > GC.largeThreshold) return allocLarge(typeId, size);
  if (GC.stress || loadWord(gcShared(), SHARED_NURSERY_FREE) + size > GC.nurseryEnd) collectYoung();
  return bumpNursery(typeId, size);
}

/** The next `size` bytes of the nursery (the caller saw they fit), zero-filled, with the type id in the header. */
function bumpNursery(typeId: number, size: number): number {
  const shared = gcShared();
  const obj = loadWord(shared, SHARED_NURSERY_FREE);
  clearNurseryUpTo(obj + size);
  storeWord(shared, SHARED_NURSERY_FREE, obj + size);
  // Below nurseryCleared the nursery is zeroed: only the header needs writing (flags 0: young objects have none).
  storeInt32(obj, TYPE_ID_OFFSET, typeId);
  setNurseryTop();
  return obj;
}

/** Counts an allocation made while the JIT holds the heap, and tells the machine code when a collection is due at its next safe point. */
function countHeldAllocation(size: number): void {
  GC.frozenBytes += size;
  if (gcSafePointDue()) storeWord(gcShared(), SHARED_JIT_SAFE_POINT, 1);
}

/** At the start of a collection: nothing is owed to a safe point any more. */
function resetHeldAccounting(): void {
  GC.frozenBytes = 0;
  GC.heldNurseryFull = false;
  storeWord(gcShared(), SHARED_JIT_SAFE_POINT, 0);
}

/** A large object: mapped on its own, young (LARGE_YOUNG) until the next minor collection; long arrays of pointers get cards. */
function allocLarge(typeId: number, size: number): number {
  const entry = typeEntry(typeId);
  const cardBytes = wantsCards(entry, size) ? cardBytesFor(entry, size) : 0;
  const mapped = oldLargeMappedBytes(size, cardBytes);
  if (GC.stress) {
    collectYoung();
  } else if (oldBytesInUse() > GC.majorThreshold || !makeRoom(mapped + GC.nurserySize)) {
    collectAll();
  }
  if (!makeRoom(mapped)) {
    gcOutOfMemoryLimit();
    return 0;
  }
  const obj = oldMallocLarge(size, cardBytes);
  if (obj === 0) return 0; // the program was stopped (only tests get here)
  storeInt32(obj, TYPE_ID_OFFSET, typeId);
  storeInt32(obj, FLAGS_OFFSET, cardBytes > 0 ? LARGE | LARGE_YOUNG | HAS_CARDS : LARGE | LARGE_YOUNG);
  stackPush(YOUNG_LARGE, obj);
  return obj;
}

/**
 * An allocation while the JIT holds the heap still: straight into the old space, where nothing
 * moves. Such an object is remembered (flags without TRACK_YOUNG_PTRS, as after a write
 * barrier), because the code that fills a fresh object stores young pointers into it without
 * barriers: the next minor collection updates them. Nothing is collected, whatever the limit or
 * stress say; the JIT collects at its safe points instead (gcSafePointDue, gcCollectHeld).
 */
function allocFrozen(typeId: number, size: number): number {
  GC.frozenAllocations += 1;
  countHeldAllocation(size);
  if (size > MEDIUM_MAX || size > GC.largeThreshold) {
    const entry = typeEntry(typeId);
    const cardBytes = wantsCards(entry, size) ? cardBytesFor(entry, size) : 0;
    if (!makeRoom(oldLargeMappedBytes(size, cardBytes))) {
      gcOutOfMemoryLimit();
      return 0;
    }
    const large = oldMallocLarge(size, cardBytes);
    if (large === 0) return 0; // the program was stopped (only tests get here)
    storeInt32(large, TYPE_ID_OFFSET, typeId);
    // A remembered object is traced whole by the next minor collection: its cards need no marks.
    storeInt32(large, FLAGS_OFFSET, cardBytes > 0 ? LARGE | HAS_CARDS : LARGE);
    stackPush(REMEMBERED, large);
    return large;
  }
  const obj = oldMallocSmall(size);
  if (obj === 0) return 0;
  storeInt32(obj, TYPE_ID_OFFSET, typeId);
  storeInt32(obj, FLAGS_OFFSET, 0);
  stackPush(REMEMBERED, obj);
  return obj;
}

/**
 * An allocation while the JIT holds the heap and lets the nursery be used (gcHeldNursery: machine
 * code runs, which holds its references where its safe points find them): in the nursery while it
 * has room, nothing collected; once it is full, old (allocFrozen) and a collection due at the next
 * safe point. Under RTS_GC_STRESS every allocation comes here and makes one due.
 */
function allocHeldNursery(typeId: number, size: number): number {
  if (loadWord(gcShared(), SHARED_NURSERY_FREE) + size > GC.nurseryEnd) {
    GC.heldNurseryFull = true;
    return allocFrozen(typeId, size);
  }
  countHeldAllocation(size);
  return bumpNursery(typeId, size);
}

/**
 * While the JIT holds the heap, whether allocation may use the nursery (on: the runner is about
 * to run machine code, whose every reference is a root at its safe points; off: it traces, and
 * what a trace names must be old, or it runs the blackhole interpreter). Gives the setting before.
 */
export function gcHeldNursery(on: boolean): boolean {
  const before = GC.heldNursery;
  GC.heldNursery = on;
  setNurseryTop();
  return before;
}

/**
 * Whether `extra` more bytes can be mapped under RTS_GC_MAX, unmapping free arenas if that
 * makes the room (a large object cannot use them).
 */
function makeRoom(extra: number): boolean {
  if (!memoryWouldExceed(extra)) return true;
  const excess = memoryMapped() + extra - memoryBudget();
  const pooled = oldFreeArenaBytes();
  oldTrimFreeArenas(pooled > excess ? pooled - excess : 0);
  return !memoryWouldExceed(extra);
}

/** Under RTS_GC_MAX, whether the next minor collection's survivors might not fit: a major collection should come first. */
function nearLimit(): boolean {
  if (!memoryLimited()) return false;
  return memoryMapped() - oldFreeArenaBytes() + GC.nurserySize + MINOR_SLACK > memoryBudget();
}

/** A minor collection, then a major one when the old space has grown past its threshold (or stress or the limit says so). */
function collectYoung(): void {
  resetHeldAccounting();
  timedMinorCollection();
  const stressMajor = GC.stress && GC.minorCount % STRESS_MAJOR_EVERY === 0;
  if (stressMajor || oldBytesInUse() > GC.majorThreshold || nearLimit()) timedMajorCollection();
  setNurseryTop();
}

/** A minor collection and a major one. */
function collectAll(): void {
  resetHeldAccounting();
  timedMinorCollection();
  timedMajorCollection();
  setNurseryTop();
}

/** A minor collection inside its gc-minor section (opened before the work, as runtime-log.ts's protocol says). */
function timedMinorCollection(): void {
  const logging = logStart("gc-minor");
  const usedBefore = logging ? oldBytesInUse() + loadWord(gcShared(), SHARED_NURSERY_FREE) - GC.nurseryStart : 0;
  minorCollection();
  if (logging) {
    logText("minor collect, total memory used: ");
    logInt(usedBefore);
    logNewline();
    logText("surviving bytes: ");
    logInt(GC.lastSurvivingBytes);
    logNewline();
    logText("time taken: ");
    logFloat(logElapsed());
    logNewline();
  }
  logStop("gc-minor");
  logFlush();
}

/**
 * A major collection (right after a minor one), then the next threshold, and the free arenas
 * kept for the growth up to it; out of memory when the live heap does not fit under RTS_GC_MAX.
 */
function timedMajorCollection(): void {
  const logging = logStart("gc-major");
  const before = oldBytesInUse();
  const previousLive = GC.lastLiveBytes;
  majorCollection();
  const live = oldBytesInUse();
  GC.lastLiveBytes = live;
  // More than half of what the old space gained since the last major collection died.
  if ((before - live) * 2 > before - previousLive) growNursery();
  const grown = Math.floor(live * GC.majorFactor);
  GC.majorThreshold = cappedThreshold(grown > GC.minThreshold ? grown : GC.minThreshold);
  // The heap grows back to the threshold (and past it by up to a minor collection's survivors)
  // before the next major collection: arenas freed now would only be mapped again (and their
  // pages faulted in again), for no lower peak.
  let keep = oldArenaBytesToKeep(GC.majorThreshold + GC.nurserySize);
  if (memoryLimited()) {
    // Under RTS_GC_MAX, free arenas must not crowd out what else may need mapping (stack chunks, large objects).
    const pooled = oldFreeArenaBytes();
    const spare = memoryBudget() - MINOR_SLACK - (memoryMapped() - pooled);
    if (keep > spare) keep = spare > 0 ? spare : 0;
  }
  oldTrimFreeArenas(keep);
  if (logging) {
    logText("major collect, memory used before collection: ");
    logInt(before);
    logNewline();
    logText("memory used after collection: ");
    logInt(live);
    logNewline();
    logText("next major collection threshold: ");
    logInt(GC.majorThreshold);
    logNewline();
    logText("old space mapped: ");
    logInt(oldBytesMapped());
    logText(", of which free arenas kept: ");
    logInt(oldFreeArenaBytes());
    logNewline();
    logText("nursery: ");
    logInt(GC.nurserySize);
    logNewline();
    logText("mappings made since the start: ");
    logInt(memoryMapCalls());
    logNewline();
    logText("time taken: ");
    logFloat(logElapsed());
    logNewline();
  }
  logStop("gc-major");
  logFlush();
  if (memoryLimited() && live + GC.nurserySize > memoryBudget()) gcOutOfMemoryLimit();
}

/**
 * After a major collection (the nursery is empty): the nursery grows into its reserved range by
 * NURSERY_GROWTH (see there). Its new part is fresh from mmap; clearNurseryUpTo zeroes it as
 * allocation reaches it, as the rest.
 */
function growNursery(): void {
  const room = GC.nurseryReservedEnd - GC.nurseryStart;
  const wanted = GC.nurserySize * NURSERY_GROWTH;
  const size = wanted < room ? wanted : room;
  if (size <= GC.nurserySize) return;
  GC.nurserySize = size;
  GC.nurseryEnd = GC.nurseryStart + size;
  // As at the start: a heap that has not grown by a nursery's worth is not worth a major collection.
  const minHeap = Math.floor(size * GC.majorFactor);
  if (minHeap > GC.minThreshold) GC.minThreshold = minHeap;
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
  // Called at every store of a pointer into such an array (the Lox VM's stack is one): shifts, no division.
  let byteIndex = 0;
  let bit = 0;
  if (index < BITWISE_SAFE) {
    byteIndex = index >> (CARD_SHIFT + 3);
    bit = 1 << ((index >> CARD_SHIFT) & 7);
  } else {
    const card = Math.floor(index / CARD_ITEMS);
    byteIndex = Math.floor(card / 8);
    bit = 1 << (card % 8);
  }
  const address = cardByte(obj, byteIndex);
  const bits = loadByte(address, 0);
  if ((bits & bit) === 0) storeByte(address, 0, bits | bit);
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

/** An explicit collection (tests, a future rts.collect()): minor, and major too when asked; none while the JIT holds the heap still. */
export function gcCollect(major: boolean): void {
  if (GC.frozen > 0) return;
  if (major) {
    collectAll();
  } else {
    collectYoung();
  }
}

// ---- the JIT's holds
//
// The JIT's runtime (src/runtime/jit) holds references as integers while it traces or runs the
// blackhole interpreter: the collector cannot find or update them. It holds the heap still for
// that time (gcFreeze .. gcThaw: no collection, no object moves; allocations go to the old
// space), and before tracing empties the nursery with the merge point's references as roots
// (gcCollectMinorWithRoots), so that every object a trace can name is old and stays where it is.
// The constants of compiled code are roots (gcJitRootAdd). RPython's JIT keeps its references in
// GC-visible boxes instead; RTS's runtime is written with integer addresses, hence the holds.

/** Holds the heap still (nesting): until the matching gcThaw, no collection runs and nothing moves. */
export function gcFreeze(): void {
  GC.frozen += 1;
  setNurseryTop();
}

export function gcThaw(): void {
  if (GC.frozen > 0) GC.frozen -= 1;
  setNurseryTop();
}

export function gcIsFrozen(): boolean {
  return GC.frozen > 0;
}

/**
 * Whether the JIT, holding the heap once (no other hold around its own), has allocated a
 * nursery's worth since the last collection (anything, under RTS_GC_STRESS): at its next safe
 * point, where every reference it holds is on the JIT's roots stack, it calls gcCollectHeld.
 */
export function gcSafePointDue(): boolean {
  if (GC.frozen !== 1) return false;
  if (GC.heldNurseryFull) return true;
  return GC.stress ? GC.frozenBytes > 0 : GC.frozenBytes >= GC.nurserySize;
}

/**
 * A collection (minor, and major when due) through the JIT's own hold (the caller holds the heap
 * once), at a point where the references it holds are all roots (gcJitRootAdd): false, doing
 * nothing, inside another hold (a portal's JIT entered from code another JIT runs: the outer one
 * holds integers too).
 */
export function gcCollectHeld(): boolean {
  return gcCollectHeldWithRoots(0, 0);
}

/**
 * The same with `count` more roots: the words at `address` (raw memory the caller owns, as machine
 * code's frame), updated in place to where their objects moved.
 */
export function gcCollectHeldWithRoots(address: number, count: number): boolean {
  if (GC.frozen !== 1) {
    storeWord(gcShared(), SHARED_JIT_SAFE_POINT, 0); // the outer hold's allocation sets it again
    return false;
  }
  GC.frozen = 0;
  collectYoungWithRoots(address, count);
  GC.frozen = 1;
  setNurseryTop();
  return true;
}

/** Objects allocated while frozen, since the start (tests and the log). */
export function gcFrozenAllocations(): number {
  return GC.frozenAllocations;
}

/**
 * A minor collection (and a major one if due) with `count` more roots: the words at `address`
 * (raw memory the caller owns), updated in place to where their objects moved. Not while frozen
 * (then it does nothing: nothing may move).
 */
export function gcCollectMinorWithRoots(address: number, count: number): void {
  if (GC.frozen > 0) return;
  collectYoungWithRoots(address, count);
}

/** collectYoung with the `count` words at `address` as roots too, updated in place. */
function collectYoungWithRoots(address: number, count: number): void {
  GC.extraRoots = address;
  GC.extraRootCount = count;
  collectYoung();
  GC.extraRoots = 0;
  GC.extraRootCount = 0;
}

/** Keeps an object alive (and up to date: minor collections move it out of the nursery) until gcJitRootsClear. */
export function gcJitRootAdd(obj: number): void {
  stackPush(JIT_ROOTS, obj);
}

/** The i-th reference gcJitRootAdd kept, where it is now. */
export function gcJitRoot(i: number): number {
  return stackGet(JIT_ROOTS, i);
}

export function gcJitRootCount(): number {
  return stackLength(JIT_ROOTS);
}

/** Drops the references gcJitRootAdd kept after the first `count` (the JIT's roots are a stack: a hold pushes its values and pops them). */
export function gcJitRootsTruncate(count: number): void {
  while (stackLength(JIT_ROOTS) > count) stackPop(JIT_ROOTS);
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

/** Bytes the collector has mapped: nursery, old space (free arenas and the class table included) and its own stacks (not the shadow stack). */
export function gcBytesMapped(): number {
  return memoryMapped();
}

/** Mappings the collector has made since the start (nursery, arenas, large objects, its stacks). */
export function gcMapCalls(): number {
  return memoryMapCalls();
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

/** The end of the nursery's reserved range: no object outside the nursery lies in [gcNurseryStart(), this) (the JIT's youth test). */
export function gcNurseryReservedEnd(): number {
  return GC.nurseryReservedEnd;
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
  stackReset(JIT_ROOTS);
  oldReset();
  memoryReset();
  logReset();
}
