/**
 * The old generation's memory: a non-moving allocator the collector copies surviving young
 * objects into, and its sweep. The collector writes each object's header after allocation and
 * marks; this file reads only the header's type id (0: a free slot) and the MARKED flag, never
 * the type table.
 *
 * Objects of at most MEDIUM_MAX bytes live in arenas, each holding slots of one size class: small
 * classes of 8 bytes up to SMALL_MAX (1 KiB), in arenas of ARENA_BYTES (64 KiB), and medium
 * classes above it, four per doubling (1280, 1536, 1792, 2048, 2560, ... 57344, 65536 bytes: at
 * most a fifth of a slot unused), in arenas of as many 64 KiB units as hold at least
 * MEDIUM_SLOTS of them (64 KiB up to 14 KiB objects, 320 KiB for the 64 KiB class). Surviving
 * objects of 1-64 KiB (a Lox list's items, a string of a few thousand characters) so share
 * mappings instead of getting one each, and their slots are reused after a sweep as small ones
 * are. A class allocates from its free list (a pop), else from the untouched end of its newest
 * arena (a bump: a fresh arena is not threaded slot by slot), else from a fresh arena. A free
 * slot has a 0 header word and the next free slot in its word 1. The sweep rebuilds every free
 * list from the arenas; arenas left with no live object go to a pool of free arenas (one per
 * arena size), which a class of the same arena size takes its next arena from, and the
 * collector trims the pools (oldTrimFreeArenas) to what the heap will grow back into before the
 * next major collection: unmapping them all and mapping fresh ones again cost system time (the
 * page faults of fresh memory) for no gain in peak memory, which the heap reaches before each
 * major collection anyway.
 *
 *     arena:  [next arena of the class][end of the slots][mapped bytes][unused] slot slot slot ...
 *
 * Large objects (more than MEDIUM_MAX bytes) each have a mapping of their own, in one doubly
 * linked list:
 *
 *     P (page-aligned):  [next P][previous P][mapped bytes][object bytes][object] padding cards object ...
 *
 * The card bytes end just below the object's header (largeCards(obj, cardBytes) = obj - cardBytes)
 * so that the object's address alone must give P: obj - P is encoded in obj % PAGE (see
 * largeOffset), which costs nothing for the usual few card bytes and some untouched padding
 * for a huge array's. (Only large objects have cards: arrays of 65,536 pointers and more.)
 *
 * Per-class state (free list, arenas, bump range) and the pools of free arenas are a table in
 * raw memory mapped at first use; the rest is the one prebuilt OldSpace. Every mapping goes
 * through gcMap (oom.ts: counted against RTS_GC_MAX, and out of memory stops the program there).
 * Tests on the simulated memory call oldReset() after resetSimulatedMemory().
 */

import { clearMemory, loadInt32, loadWord, storeInt32, storeWord } from "rts/system";
import { FLAGS_OFFSET, LARGE, MARKED, MIN_OBJECT_SIZE, TYPE_ID_OFFSET } from "./layout.js";
import { gcMap, gcUnmap } from "./oom.js";

/** The largest small object (8-byte size classes, in arenas of ARENA_BYTES). */
export const SMALL_MAX = 1024;
/** The largest object in an arena (medium size classes above SMALL_MAX); bigger ones are large objects, each on its own mapping. */
export const MEDIUM_MAX = 65536;
/** The arena of small objects, and the unit of medium objects' arenas. */
export const ARENA_BYTES = 65536;
/** A medium class's arena holds at least this many slots. */
const MEDIUM_SLOTS = 4;
/** The largest arena (the 64 KiB class's: MEDIUM_SLOTS slots and the header, in whole ARENA_BYTES). */
export const ARENA_MAX_BYTES = Math.floor((32 + MEDIUM_SLOTS * MEDIUM_MAX + ARENA_BYTES - 1) / ARENA_BYTES) * ARENA_BYTES;
const ARENA_MAX_UNITS = Math.floor(ARENA_MAX_BYTES / ARENA_BYTES);
const PAGE = 4096;

// ---- arenas

const ARENA_NEXT = 0;
/** The address past the arena's last whole slot. */
const ARENA_SLOTS_END = 8;
/** The arena's size (a multiple of ARENA_BYTES): which pool it goes back to. */
const ARENA_MAPPED = 16;
const ARENA_HEADER = 32;
/** A free slot's link to the next free slot of its class (its word 0 is 0). */
const FREE_LINK_OFFSET = 8;

// ---- the class table: one entry per size class, small ones first (index bytes / 8, 0 .. SMALL_MAX / 8), then the medium ones

const CLASS_FREE = 0;
const CLASS_ARENAS = 8;
/** The next never-used slot of the newest arena, and the end of its slots (0, 0: none). */
const CLASS_BUMP = 16;
const CLASS_BUMP_END = 24;
const CLASS_BUMP_ARENA = 32;
const CLASS_ENTRY_BYTES = 40;
const SMALL_CLASSES = SMALL_MAX / 8 + 1;
/** Medium classes: 256-byte units 5, 6, 7, 8, then 10, 12, 14, 16, ... up to MEDIUM_MAX / 256 (4 per doubling). */
const MEDIUM_UNIT = 256;
const MEDIUM_CLASSES = 24;
const CLASS_COUNT = SMALL_CLASSES + MEDIUM_CLASSES;
/** After the class entries, the pools of free arenas: per arena size in ARENA_BYTES units (1 .. ARENA_MAX_UNITS), the first arena (linked through ARENA_NEXT). */
const POOLS = CLASS_COUNT * CLASS_ENTRY_BYTES;
const CLASS_TABLE_BYTES = POOLS + (ARENA_MAX_UNITS + 1) * 8;

/** The medium class index (0 .. MEDIUM_CLASSES - 1) of a request of SMALL_MAX < bytes <= MEDIUM_MAX. */
export function mediumClass(bytes: number): number {
  const units = (bytes + MEDIUM_UNIT - 1) >> 8;
  // The classes between 4 << j and 8 << j units are 2^j units apart.
  let j = 0;
  while ((units - 1) >> (j + 3) !== 0) j += 1;
  const step = 1 << j;
  return 4 * j + ((units + step - 1) >> j) - 5;
}

/** The slot size of medium class k. */
export function mediumClassBytes(k: number): number {
  return (((k & 3) + 5) << (k >> 2)) * MEDIUM_UNIT;
}

/** The slot size of the class at index i of the class table. */
function classBytesAt(i: number): number {
  return i < SMALL_CLASSES ? i * 8 : mediumClassBytes(i - SMALL_CLASSES);
}

/** The arena size of a class of slots of `bytes`: ARENA_BYTES, or for a medium class as many units as hold MEDIUM_SLOTS slots. */
export function arenaBytesFor(bytes: number): number {
  if (bytes <= SMALL_MAX) return ARENA_BYTES;
  const needed = ARENA_HEADER + MEDIUM_SLOTS * bytes;
  return needed <= ARENA_BYTES ? ARENA_BYTES : Math.floor((needed + ARENA_BYTES - 1) / ARENA_BYTES) * ARENA_BYTES;
}

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
  /** The class table's address (0 until the first allocation in an arena). */
  classTable: number;
  /** The first large object's mapping P (0: none). */
  largeHead: number;
  /** Bytes of arenas mapped, those in the free pools included. */
  arenaBytes: number;
  /** Bytes of the arenas in the free pools. */
  freeArenaBytes: number;
  largeMappedBytes: number;
  /** Bytes of the slots of the objects in arenas (their class's size). */
  smallBytesInUse: number;
  largeBytesInUse: number;
  /** At the start of the last sweep: the bytes of arenas in use and of objects in them (garbage included). */
  arenaBytesBeforeSweep: number;
  smallBytesBeforeSweep: number;
  constructor() {
    this.classTable = 0;
    this.largeHead = 0;
    this.arenaBytes = 0;
    this.freeArenaBytes = 0;
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

/** A zero-filled object of bytes (a multiple of 8, MIN_OBJECT_SIZE .. MEDIUM_MAX) in an arena; 0 when there is no memory. */
export function oldMallocSmall(bytes: number): number {
  const slot = oldMallocSmallUncleared(bytes);
  // Freed slots keep their old contents until reused: the sweep only links them.
  if (slot !== 0) clearMemory(slot, bytes);
  return slot;
}

/**
 * A slot in an arena for an object of bytes (at most MEDIUM_MAX) whose contents are garbage (a
 * freed object's): for the minor collection, which copies a whole object over it at once. 0 when
 * there is no memory.
 */
export function oldMallocSmallUncleared(bytes: number): number {
  let table = SPACE.classTable;
  if (table === 0) {
    table = classTable();
    if (table === 0) return 0;
  }
  let slotBytes = bytes;
  let entry = 0;
  if (bytes <= SMALL_MAX) {
    entry = table + (bytes >> 3) * CLASS_ENTRY_BYTES;
  } else {
    const k = mediumClass(bytes);
    slotBytes = mediumClassBytes(k);
    entry = table + (SMALL_CLASSES + k) * CLASS_ENTRY_BYTES;
  }
  const slot = loadWord(entry, CLASS_FREE);
  if (slot !== 0) {
    storeWord(entry, CLASS_FREE, loadWord(slot, FREE_LINK_OFFSET));
    SPACE.smallBytesInUse += slotBytes;
    return slot;
  }
  return bumpSmall(entry, slotBytes);
}

/** The pool of free arenas of `bytes` (a multiple of ARENA_BYTES): the address of its first-arena word. */
function poolOf(bytes: number): number {
  return SPACE.classTable + POOLS + Math.floor(bytes / ARENA_BYTES) * 8;
}

/** An arena of `bytes`: from the pool of free arenas of that size, else freshly mapped; 0 when there is no memory. */
function takeArena(bytes: number): number {
  const pool = poolOf(bytes);
  const pooled = loadWord(pool, 0);
  if (pooled !== 0) {
    storeWord(pool, 0, loadWord(pooled, ARENA_NEXT));
    SPACE.freeArenaBytes -= bytes;
    return pooled;
  }
  const arena = gcMap(bytes);
  if (arena === 0) return 0;
  storeWord(arena, ARENA_MAPPED, bytes);
  SPACE.arenaBytes += bytes;
  return arena;
}

/** Puts an arena with nothing live into the pool of its size. */
function poolArena(arena: number): void {
  const bytes = loadWord(arena, ARENA_MAPPED);
  const pool = poolOf(bytes);
  storeWord(arena, ARENA_NEXT, loadWord(pool, 0));
  storeWord(pool, 0, arena);
  SPACE.freeArenaBytes += bytes;
}

/** The next untouched slot of the class's newest arena, mapping a new arena when it has none left. */
function bumpSmall(entry: number, bytes: number): number {
  let slot = loadWord(entry, CLASS_BUMP);
  if (slot === 0 || slot + bytes > loadWord(entry, CLASS_BUMP_END)) {
    const arenaBytes = arenaBytesFor(bytes);
    const arena = takeArena(arenaBytes);
    if (arena === 0) return 0;
    const slotsEnd = arena + ARENA_HEADER + Math.floor((arenaBytes - ARENA_HEADER) / bytes) * bytes;
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

/** As oldSweep, but the arenas with nothing live go to the pools of free arenas (see oldTrimFreeArenas). */
export function oldSweepKeepingArenas(): void {
  SPACE.arenaBytesBeforeSweep = SPACE.arenaBytes - SPACE.freeArenaBytes;
  SPACE.smallBytesBeforeSweep = SPACE.smallBytesInUse;
  const table = SPACE.classTable;
  SPACE.smallBytesInUse = 0;
  if (table !== 0) {
    for (let i = MIN_OBJECT_SIZE >> 3; i < CLASS_COUNT; i++) {
      const entry = table + i * CLASS_ENTRY_BYTES;
      if (loadWord(entry, CLASS_ARENAS) !== 0) sweepClass(entry, classBytesAt(i));
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
      poolArena(arena);
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

/** Unmaps free arenas, the biggest first, until the pools hold at most keepBytes of them. */
export function oldTrimFreeArenas(keepBytes: number): void {
  if (SPACE.classTable === 0) return;
  for (let bytes = ARENA_MAX_BYTES; bytes >= ARENA_BYTES && SPACE.freeArenaBytes > keepBytes; bytes -= ARENA_BYTES) {
    const pool = poolOf(bytes);
    while (loadWord(pool, 0) !== 0 && SPACE.freeArenaBytes > keepBytes) {
      const arena = loadWord(pool, 0);
      storeWord(pool, 0, loadWord(arena, ARENA_NEXT));
      SPACE.freeArenaBytes -= bytes;
      SPACE.arenaBytes -= bytes;
      gcUnmap(arena, bytes);
    }
  }
}

/**
 * Bytes of free arenas worth keeping for the objects in arenas to grow to `smallBytes` in use: at
 * the density the arenas had before the last sweep (size classes and the holes sweeps leave make
 * the arenas holding smallBytes more than smallBytes), at most twice as many, less the arenas
 * in use now.
 */
export function oldArenaBytesToKeep(smallBytes: number): number {
  const inUse = SPACE.arenaBytes - SPACE.freeArenaBytes;
  let needed = smallBytes;
  if (SPACE.smallBytesBeforeSweep > 0) {
    needed = Math.floor(smallBytes * (SPACE.arenaBytesBeforeSweep / SPACE.smallBytesBeforeSweep));
    if (needed > smallBytes * 2) needed = smallBytes * 2;
  }
  return needed > inUse ? needed - inUse : 0;
}

/** Bytes of the free arenas kept for reuse (mapped, holding nothing). */
export function oldFreeArenaBytes(): number {
  return SPACE.freeArenaBytes;
}

/** Bytes of live objects: slots in use in arenas and large objects (without their cards and prefix). */
export function oldBytesInUse(): number {
  return SPACE.smallBytesInUse + SPACE.largeBytesInUse;
}

/** Bytes mapped for arenas (free ones included) and large objects (the class table aside). */
export function oldBytesMapped(): number {
  return SPACE.arenaBytes + SPACE.largeMappedBytes;
}

/** Tests only, after resetSimulatedMemory: forgets every arena and large object (they went with the old address space). */
export function oldReset(): void {
  SPACE.classTable = 0;
  SPACE.largeHead = 0;
  SPACE.arenaBytes = 0;
  SPACE.freeArenaBytes = 0;
  SPACE.largeMappedBytes = 0;
  SPACE.smallBytesInUse = 0;
  SPACE.largeBytesInUse = 0;
  SPACE.arenaBytesBeforeSweep = 0;
  SPACE.smallBytesBeforeSweep = 0;
}
