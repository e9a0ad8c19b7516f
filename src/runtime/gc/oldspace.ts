/**
 * The old generation's memory: a non-moving allocator the collector copies surviving young
 * objects into, and its sweep. The collector writes each object's header after allocation and
 * marks; this file reads only the header's type id (0: a free slot) and the MARKED flag, never
 * the type table.
 *
 * Small objects (at most SMALL_MAX bytes) live in arenas of ARENA_BYTES, each holding slots of
 * one size class (classes of 8 bytes). A class allocates from its free list (a pop), else from
 * the untouched end of its newest arena (a bump: a fresh arena is not threaded slot by slot),
 * else from a fresh arena. A free slot has a 0 header word and the next free slot in its word 1.
 * The sweep rebuilds every free list from the arenas; arenas left with no live object go to a
 * pool of free arenas any class takes its next arena from, and the collector trims that pool
 * (oldTrimFreeArenas) to what the heap will grow back into before the next major collection:
 * unmapping them all and mapping fresh ones again cost system time (the page faults of fresh
 * memory) for no gain in peak memory, which the heap reaches before each major collection anyway.
 *
 *     arena:  [next arena of the class][end of the slots][unused][unused] slot slot slot ...
 *
 * Large objects (more than SMALL_MAX bytes) each have a mapping of their own, in one doubly
 * linked list:
 *
 *     P (page-aligned):  [next P][previous P][mapped bytes][object bytes][object] padding cards object ...
 *
 * The card bytes end just below the object's header (largeCards(obj, cardBytes) = obj - cardBytes)
 * so that the object's address alone must give P: obj - P is encoded in obj % PAGE (see
 * largeOffset), which costs nothing for the usual few card bytes and some untouched padding
 * for a huge array's.
 *
 * Per-class state (free list, arenas, bump range) is a table in raw memory mapped at first use;
 * the rest is the one prebuilt OldSpace. Every mapping goes through gcMap (oom.ts: counted
 * against RTS_GC_MAX, and out of memory stops the program there). Tests on the simulated memory
 * call oldReset() after resetSimulatedMemory().
 */

import { clearMemory, loadInt32, loadWord, storeInt32, storeWord } from "rts/system";
import { FLAGS_OFFSET, LARGE, MARKED, MIN_OBJECT_SIZE, TYPE_ID_OFFSET } from "./layout.js";
import { gcMap, gcUnmap } from "./oom.js";

/** The largest small object: bigger ones are large objects, each on its own mapping. */
export const SMALL_MAX = 1024;
export const ARENA_BYTES = 65536;
const PAGE = 4096;

// ---- arenas

const ARENA_NEXT = 0;
/** The address past the arena's last whole slot. */
const ARENA_SLOTS_END = 8;
const ARENA_HEADER = 32;
/** A free slot's link to the next free slot of its class (its word 0 is 0). */
const FREE_LINK_OFFSET = 8;

// ---- the class table: one entry per size class (bytes / 8), 0 .. SMALL_MAX / 8

const CLASS_FREE = 0;
const CLASS_ARENAS = 8;
/** The next never-used slot of the newest arena, and the end of its slots (0, 0: none). */
const CLASS_BUMP = 16;
const CLASS_BUMP_END = 24;
const CLASS_BUMP_ARENA = 32;
const CLASS_ENTRY_BYTES = 40;
const CLASS_COUNT = SMALL_MAX / 8 + 1;
const CLASS_TABLE_BYTES = CLASS_COUNT * CLASS_ENTRY_BYTES;

// ---- large objects

const LARGE_NEXT = 0;
const LARGE_PREVIOUS = 8;
const LARGE_MAPPED = 16;
const LARGE_OBJECT_BYTES = 24;
const LARGE_OBJECT = 32;
const LARGE_PREFIX = 40;
/**
 * Where a large object sits in its mapping: obj - P is PREFIX + the cards (rounded to 8) when
 * that is at most NEAR_LIMIT, so P is obj's page; otherwise it is k * FAR_UNIT + NEAR_LIMIT + 8k
 * (k >= 1 units of untouched padding to hold the cards), so obj % PAGE above NEAR_LIMIT says k.
 */
const NEAR_LIMIT = 2048;
const FAR_UNIT = 65536;
const FAR_UNITS_MAX = (PAGE - NEAR_LIMIT) / 8 - 1;

class OldSpace {
  /** The class table's address (0 until the first small allocation). */
  classTable: number;
  /** The first large object's mapping P (0: none). */
  largeHead: number;
  /** Arenas mapped, those in the free pool included. */
  arenaCount: number;
  /** The pool of free arenas (linked through ARENA_NEXT; 0: empty) and its length. */
  freeArenas: number;
  freeArenaCount: number;
  largeMappedBytes: number;
  smallBytesInUse: number;
  largeBytesInUse: number;
  /** At the start of the last sweep: the bytes of arenas in use and of small objects in them (garbage included). */
  arenaBytesBeforeSweep: number;
  smallBytesBeforeSweep: number;
  constructor() {
    this.classTable = 0;
    this.largeHead = 0;
    this.arenaCount = 0;
    this.freeArenas = 0;
    this.freeArenaCount = 0;
    this.largeMappedBytes = 0;
    this.smallBytesInUse = 0;
    this.largeBytesInUse = 0;
    this.arenaBytesBeforeSweep = 0;
    this.smallBytesBeforeSweep = 0;
  }
}

const SPACE = new OldSpace();

function classTable(): number {
  if (SPACE.classTable === 0) {
    const table = gcMap(CLASS_TABLE_BYTES);
    if (table === 0) return 0;
    SPACE.classTable = table;
  }
  return SPACE.classTable;
}

/** A zero-filled small object of bytes (a multiple of 8, MIN_OBJECT_SIZE .. SMALL_MAX); 0 when there is no memory. */
export function oldMallocSmall(bytes: number): number {
  const slot = oldMallocSmallUncleared(bytes);
  // Freed slots keep their old contents until reused: the sweep only links them.
  if (slot !== 0) clearMemory(slot, bytes);
  return slot;
}

/**
 * A small slot of bytes whose contents are garbage (a freed object's): for the minor
 * collection, which copies a whole object over it at once. 0 when there is no memory.
 */
export function oldMallocSmallUncleared(bytes: number): number {
  let table = SPACE.classTable;
  if (table === 0) {
    table = classTable();
    if (table === 0) return 0;
  }
  const entry = table + (bytes >> 3) * CLASS_ENTRY_BYTES;
  const slot = loadWord(entry, CLASS_FREE);
  if (slot !== 0) {
    storeWord(entry, CLASS_FREE, loadWord(slot, FREE_LINK_OFFSET));
    SPACE.smallBytesInUse += bytes;
    return slot;
  }
  return bumpSmall(entry, bytes);
}

/** An arena for a class: from the pool of free arenas, else freshly mapped; 0 when there is no memory. */
function takeArena(): number {
  const pooled = SPACE.freeArenas;
  if (pooled !== 0) {
    SPACE.freeArenas = loadWord(pooled, ARENA_NEXT);
    SPACE.freeArenaCount -= 1;
    return pooled;
  }
  const arena = gcMap(ARENA_BYTES);
  if (arena === 0) return 0;
  SPACE.arenaCount += 1;
  return arena;
}

/** The next untouched slot of the class's newest arena, mapping a new arena when it has none left. */
function bumpSmall(entry: number, bytes: number): number {
  let slot = loadWord(entry, CLASS_BUMP);
  if (slot === 0 || slot + bytes > loadWord(entry, CLASS_BUMP_END)) {
    const arena = takeArena();
    if (arena === 0) return 0;
    const slotsEnd = arena + ARENA_HEADER + Math.floor((ARENA_BYTES - ARENA_HEADER) / bytes) * bytes;
    storeWord(arena, ARENA_NEXT, loadWord(entry, CLASS_ARENAS));
    storeWord(arena, ARENA_SLOTS_END, slotsEnd);
    storeWord(entry, CLASS_ARENAS, arena);
    storeWord(entry, CLASS_BUMP_END, slotsEnd);
    storeWord(entry, CLASS_BUMP_ARENA, arena);
    slot = arena + ARENA_HEADER;
  }
  storeWord(entry, CLASS_BUMP, slot + bytes);
  SPACE.smallBytesInUse += bytes;
  return slot;
}

/** Bytes from a large object's mapping start to the object, for cardBytes of cards; -1 when the cards are too many to encode. */
function largeOffset(cardBytes: number): number {
  const near = LARGE_PREFIX + ((cardBytes + 7) & -8);
  if (near <= NEAR_LIMIT) return near;
  const units = Math.floor((near + FAR_UNIT - 1) / FAR_UNIT);
  if (units > FAR_UNITS_MAX) return -1;
  return units * FAR_UNIT + NEAR_LIMIT + 8 * units;
}

/** The mapping start P of a large object (the inverse of largeOffset). */
function largePrefix(obj: number): number {
  const inPage = obj % PAGE;
  if (inPage <= NEAR_LIMIT) return obj - inPage;
  const units = (inPage - NEAR_LIMIT) >> 3;
  return obj - inPage - units * FAR_UNIT;
}

/** A large object's card bytes: the cardBytes bytes just below its header. */
export function largeCards(obj: number, cardBytes: number): number {
  return obj - cardBytes;
}

/**
 * A large object of bytes on its own mapping, with cardBytes zeroed card bytes just below it;
 * 0 when the system has no memory. It is zero-filled but for its flags word, which is LARGE:
 * oldIsLarge reads it, so the collector keeps LARGE when it writes the flags.
 */
export function oldMallocLarge(bytes: number, cardBytes: number): number {
  const offset = largeOffset(cardBytes);
  if (offset < 0) return 0;
  const mapped = oldLargeMappedBytes(bytes, cardBytes);
  const prefix = gcMap(mapped);
  if (prefix === 0) return 0;
  const obj = prefix + offset;
  const head = SPACE.largeHead;
  storeWord(prefix, LARGE_NEXT, head);
  storeWord(prefix, LARGE_PREVIOUS, 0);
  if (head !== 0) storeWord(head, LARGE_PREVIOUS, prefix);
  SPACE.largeHead = prefix;
  storeWord(prefix, LARGE_MAPPED, mapped);
  storeWord(prefix, LARGE_OBJECT_BYTES, bytes);
  storeWord(prefix, LARGE_OBJECT, obj);
  storeInt32(obj, FLAGS_OFFSET, LARGE);
  SPACE.largeMappedBytes += mapped;
  SPACE.largeBytesInUse += bytes;
  return obj;
}

/** The bytes oldMallocLarge maps for a large object of bytes with cardBytes of cards (what it costs against RTS_GC_MAX). */
export function oldLargeMappedBytes(bytes: number, cardBytes: number): number {
  const offset = largeOffset(cardBytes);
  return Math.floor(((offset < 0 ? 0 : offset) + bytes + PAGE - 1) / PAGE) * PAGE;
}

/** Unlinks and unmaps the large object whose mapping starts at prefix. */
function releaseLarge(prefix: number): void {
  const next = loadWord(prefix, LARGE_NEXT);
  const previous = loadWord(prefix, LARGE_PREVIOUS);
  if (previous === 0) SPACE.largeHead = next;
  else storeWord(previous, LARGE_NEXT, next);
  if (next !== 0) storeWord(next, LARGE_PREVIOUS, previous);
  const mapped = loadWord(prefix, LARGE_MAPPED);
  SPACE.largeMappedBytes -= mapped;
  SPACE.largeBytesInUse -= loadWord(prefix, LARGE_OBJECT_BYTES);
  gcUnmap(prefix, mapped);
}

/** Frees one large object now (an unreached young large object, at a minor collection). */
export function oldFreeLarge(obj: number): void {
  releaseLarge(largePrefix(obj));
}

/** Whether obj came from oldMallocLarge: its LARGE flag, which oldMallocLarge sets. */
export function oldIsLarge(obj: number): boolean {
  return (loadInt32(obj, FLAGS_OFFSET) & LARGE) !== 0;
}

/**
 * The end of a major collection: frees every object whose flags lack MARKED and clears MARKED
 * on the others. Free slots (type id 0) stay free; the free lists are rebuilt, large objects
 * with nothing live are unmapped, and so are arenas with nothing live.
 */
export function oldSweep(): void {
  oldSweepKeepingArenas();
  oldTrimFreeArenas(0);
}

/** As oldSweep, but the arenas with nothing live go to the pool of free arenas (see oldTrimFreeArenas). */
export function oldSweepKeepingArenas(): void {
  SPACE.arenaBytesBeforeSweep = (SPACE.arenaCount - SPACE.freeArenaCount) * ARENA_BYTES;
  SPACE.smallBytesBeforeSweep = SPACE.smallBytesInUse;
  const table = SPACE.classTable;
  SPACE.smallBytesInUse = 0;
  if (table !== 0) {
    for (let bytes = MIN_OBJECT_SIZE; bytes <= SMALL_MAX; bytes += 8) {
      const entry = table + (bytes >> 3) * CLASS_ENTRY_BYTES;
      if (loadWord(entry, CLASS_ARENAS) !== 0) sweepClass(entry, bytes);
    }
  }
  let prefix = SPACE.largeHead;
  while (prefix !== 0) {
    const next = loadWord(prefix, LARGE_NEXT);
    const obj = loadWord(prefix, LARGE_OBJECT);
    const flags = loadInt32(obj, FLAGS_OFFSET);
    if ((flags & MARKED) !== 0) storeInt32(obj, FLAGS_OFFSET, flags & ~MARKED);
    else releaseLarge(prefix);
    prefix = next;
  }
}

/** Sweeps the arenas of one size class, rebuilding its free list and its list of arenas. */
function sweepClass(entry: number, bytes: number): void {
  const bumpArena = loadWord(entry, CLASS_BUMP_ARENA);
  let free = 0;
  let kept = 0;
  let arena = loadWord(entry, CLASS_ARENAS);
  while (arena !== 0) {
    const next = loadWord(arena, ARENA_NEXT);
    // The newest arena's slots past the bump pointer were never used: they stay for the bump.
    const end = arena === bumpArena ? loadWord(entry, CLASS_BUMP) : loadWord(arena, ARENA_SLOTS_END);
    const freeBefore = free;
    let live = 0;
    // From the top down, so that the free list gives this arena's slots in address order.
    let slot = end - bytes;
    const first = arena + ARENA_HEADER;
    while (slot >= first) {
      const flags = loadInt32(slot, FLAGS_OFFSET);
      if (loadInt32(slot, TYPE_ID_OFFSET) !== 0 && (flags & MARKED) !== 0) {
        storeInt32(slot, FLAGS_OFFSET, flags & ~MARKED);
        live += 1;
      } else {
        storeWord(slot, 0, 0);
        storeWord(slot, FREE_LINK_OFFSET, free);
        free = slot;
      }
      slot -= bytes;
    }
    if (live === 0) {
      free = freeBefore;
      if (arena === bumpArena) {
        storeWord(entry, CLASS_BUMP, 0);
        storeWord(entry, CLASS_BUMP_END, 0);
        storeWord(entry, CLASS_BUMP_ARENA, 0);
      }
      storeWord(arena, ARENA_NEXT, SPACE.freeArenas);
      SPACE.freeArenas = arena;
      SPACE.freeArenaCount += 1;
    } else {
      storeWord(arena, ARENA_NEXT, kept);
      kept = arena;
      SPACE.smallBytesInUse += live * bytes;
    }
    arena = next;
  }
  storeWord(entry, CLASS_FREE, free);
  storeWord(entry, CLASS_ARENAS, kept);
}

/** Unmaps free arenas until the pool holds at most keepBytes of them. */
export function oldTrimFreeArenas(keepBytes: number): void {
  while (SPACE.freeArenas !== 0 && SPACE.freeArenaCount * ARENA_BYTES > keepBytes) {
    const arena = SPACE.freeArenas;
    SPACE.freeArenas = loadWord(arena, ARENA_NEXT);
    SPACE.freeArenaCount -= 1;
    SPACE.arenaCount -= 1;
    gcUnmap(arena, ARENA_BYTES);
  }
}

/**
 * Bytes of free arenas worth keeping for the small objects to grow to `smallBytes` in use: at
 * the density the arenas had before the last sweep (size classes and the holes sweeps leave make
 * the arenas holding smallBytes more than smallBytes), at most twice as many, less the arenas
 * in use now.
 */
export function oldArenaBytesToKeep(smallBytes: number): number {
  const inUse = (SPACE.arenaCount - SPACE.freeArenaCount) * ARENA_BYTES;
  let needed = smallBytes;
  if (SPACE.smallBytesBeforeSweep > 0) {
    needed = Math.floor(smallBytes * (SPACE.arenaBytesBeforeSweep / SPACE.smallBytesBeforeSweep));
    if (needed > smallBytes * 2) needed = smallBytes * 2;
  }
  return needed > inUse ? needed - inUse : 0;
}

/** Bytes of the free arenas kept for reuse (mapped, holding nothing). */
export function oldFreeArenaBytes(): number {
  return SPACE.freeArenaCount * ARENA_BYTES;
}

/** Bytes of live objects: small slots in use and large objects (without their cards and prefix). */
export function oldBytesInUse(): number {
  return SPACE.smallBytesInUse + SPACE.largeBytesInUse;
}

/** Bytes mapped for arenas (free ones included) and large objects (the class table aside). */
export function oldBytesMapped(): number {
  return SPACE.arenaCount * ARENA_BYTES + SPACE.largeMappedBytes;
}

/** Tests only, after resetSimulatedMemory: forgets every arena and large object (they went with the old address space). */
export function oldReset(): void {
  SPACE.classTable = 0;
  SPACE.largeHead = 0;
  SPACE.arenaCount = 0;
  SPACE.freeArenas = 0;
  SPACE.freeArenaCount = 0;
  SPACE.largeMappedBytes = 0;
  SPACE.smallBytesInUse = 0;
  SPACE.largeBytesInUse = 0;
  SPACE.arenaBytesBeforeSweep = 0;
  SPACE.smallBytesBeforeSweep = 0;
}
