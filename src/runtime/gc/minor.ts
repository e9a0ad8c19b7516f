/**
 * The minor collection (RTS): copies the nursery's reachable objects into the old space, as
 * RPython's incminimark does (simplified: no pinning, no incremental marking). Roots are the
 * shadow stack, the remembered old objects, and the marked cards of large arrays; the copies
 * are then traced from an explicit stack (never by recursion: a list 100k long is one loop).
 *
 * A young pointer is either into the nursery (copied once; the original keeps FORWARDED and the
 * copy's address) or to a large object allocated since the last minor collection (LARGE_YOUNG:
 * it does not move, it only becomes old). Afterwards unreached young large objects are freed and
 * the nursery is empty; it is zeroed again a chunk at a time as allocation reaches it (collector.ts
 * clearNurseryUpTo), since allocation must hand out zeroed memory.
 */

import { copyMemory, gcShared, loadByte, loadInt32, loadWord, storeByte, storeInt32, storeWord } from "rts/system";
import { stackClear, stackGet, stackIsEmpty, stackLength, stackPop, stackPush, stackSet } from "./address-stack.js";
import { CARDED, GC, JIT_ROOTS, REMEMBERED, TO_TRACE, YOUNG_LARGE } from "./gc-state.js";
import {
  CARDS_SET,
  FLAGS_OFFSET,
  FORWARD_OFFSET,
  FORWARDED,
  HAS_HASH_FIELD,
  HASH_TAKEN,
  LARGE,
  LARGE_YOUNG,
  SHARED_NURSERY_FREE,
  SHARED_ROOT_BASE,
  SHARED_ROOT_TOP,
  TRACK_YOUNG_PTRS,
  TYPE_ITEM_POINTERS,
  TYPE_ITEM_SIZE,
  TYPE_ITEMS_OFFSET,
  TYPE_LENGTH_OFFSET,
  TYPE_POINTERS,
} from "./layout.js";
import { CARD_ITEMS, NOT_A_POINTER_BELOW, cardByte, cardBytesFor, entryOf, hasGcPointers, objectSize, objectSizeOf } from "./objects.js";
import { MEDIUM_MAX, oldFreeLarge, oldMallocLarge, oldMallocSmallUncleared } from "./oldspace.js";

/** Runs one minor collection; the nursery is empty afterwards (the shared words are the caller's to set). */
export function minorCollection(): void {
  GC.lastSurvivingBytes = 0;
  const shared = gcShared();

  const rootTop = loadWord(shared, SHARED_ROOT_TOP);
  for (let slot = loadWord(shared, SHARED_ROOT_BASE); slot < rootTop; slot += 8) updateYoungField(slot);
  for (let i = 0; i < GC.extraRootCount; i++) updateYoungField(GC.extraRoots + i * 8);
  const jitRoots = stackLength(JIT_ROOTS);
  for (let i = 0; i < jitRoots; i++) stackSet(JIT_ROOTS, i, youngValueMoved(stackGet(JIT_ROOTS, i)));

  const remembered = stackLength(REMEMBERED);
  for (let i = 0; i < remembered; i++) traceYoung(stackGet(REMEMBERED, i));

  const carded = stackLength(CARDED);
  for (let i = 0; i < carded; i++) traceMarkedCards(stackGet(CARDED, i));
  stackClear(CARDED);

  while (!stackIsEmpty(TO_TRACE)) traceYoung(stackPop(TO_TRACE));

  // The remembered objects hold no young pointer any more: the next store of one must call the barrier again.
  for (let i = 0; i < remembered; i++) {
    const obj = stackGet(REMEMBERED, i);
    storeInt32(obj, FLAGS_OFFSET, loadInt32(obj, FLAGS_OFFSET) | TRACK_YOUNG_PTRS);
  }
  stackClear(REMEMBERED);

  const youngLarge = stackLength(YOUNG_LARGE);
  for (let i = 0; i < youngLarge; i++) {
    const obj = stackGet(YOUNG_LARGE, i);
    if ((loadInt32(obj, FLAGS_OFFSET) & LARGE_YOUNG) !== 0) oldFreeLarge(obj);
  }
  stackClear(YOUNG_LARGE);

  storeWord(shared, SHARED_NURSERY_FREE, GC.nurseryStart);
  GC.nurseryCleared = GC.nurseryStart;
  GC.minorCount += 1;
}

/** Makes the pointer in the word at `address` point to an old object (copying a nursery object once). */
function updateYoungField(address: number): void {
  const value = loadWord(address, 0);
  // The nursery lies above NOT_A_POINTER_BELOW: sentinels fail this test too.
  if (value >= GC.nurseryStart && value < GC.nurseryEnd) {
    storeWord(address, 0, copyOut(value));
    return;
  }
  if (YOUNG_LARGE.length !== 0) keepYoungLarge(value);
}

/** A root held outside memory (the JIT's): where its object is after this collection (a young large one kept, as a field's). */
function youngValueMoved(value: number): number {
  if (value >= GC.nurseryStart && value < GC.nurseryEnd) return copyOut(value);
  keepYoungLarge(value);
  return value;
}

/** A young large object reached from a root or an old object survives (old from now on); anything else is left alone. */
function keepYoungLarge(value: number): void {
  // Reading the flags of every old object pointed to would cost a cache miss each: only young large objects need it.
  if (YOUNG_LARGE.length === 0 || value < NOT_A_POINTER_BELOW) return;
  const flags = loadInt32(value, FLAGS_OFFSET);
  if ((flags & LARGE_YOUNG) !== 0) {
    // Reached young large object: old from now on, and its pointers must be traced in turn.
    storeInt32(value, FLAGS_OFFSET, (flags & ~LARGE_YOUNG) | TRACK_YOUNG_PTRS);
    GC.lastSurvivingBytes += objectSize(value);
    stackPush(TO_TRACE, value);
  }
}

/** The old copy of a nursery object, made on first sight. */
function copyOut(obj: number): number {
  const flags = loadInt32(obj, FLAGS_OFFSET);
  if ((flags & FORWARDED) !== 0) return loadWord(obj, FORWARD_OFFSET);
  const entry = entryOf(obj);
  const size = objectSizeOf(obj, entry);
  // An object whose identity hash was taken carries its nursery address, the hash, after it.
  const hashed = (flags & HASH_TAKEN) !== 0;
  const total = hashed ? size + 8 : size;
  const large = total > MEDIUM_MAX;
  // Every byte of the copy is written below: a reused slot needs no clearing first.
  const copy = large ? oldMallocLarge(total, 0) : oldMallocSmallUncleared(total);
  if (copy === 0) return obj; // out of memory: the program was stopped (only tests get here)
  copyMemory(copy, obj, size);
  let copyFlags = (flags & ~HASH_TAKEN) | TRACK_YOUNG_PTRS;
  if (hashed) {
    storeWord(copy, size, obj);
    copyFlags |= HAS_HASH_FIELD;
  }
  if (large) copyFlags |= LARGE;
  storeInt32(copy, FLAGS_OFFSET, copyFlags);
  storeInt32(obj, FLAGS_OFFSET, flags | FORWARDED);
  storeWord(obj, FORWARD_OFFSET, copy);
  GC.lastSurvivingBytes += total;
  // An object without pointers (a string, a boxed number) has nothing to update.
  if (hasGcPointers(entry)) stackPush(TO_TRACE, copy);
  return copy;
}

/** Updates every GC pointer of an object (fixed part and all items). */
function traceYoung(obj: number): void {
  const entry = entryOf(obj);
  const pointers = loadWord(entry, TYPE_POINTERS);
  if (pointers !== 0) {
    // updateYoungField inline: every object copied out comes here.
    const count = loadWord(pointers, 0);
    const start = GC.nurseryStart;
    const end = GC.nurseryEnd;
    const youngLarge = YOUNG_LARGE.length !== 0;
    for (let i = 0; i < count; i++) {
      const field = obj + loadWord(pointers, 8 + i * 8);
      const value = loadWord(field, 0);
      if (value >= start && value < end) storeWord(field, 0, copyOut(value));
      else if (youngLarge) keepYoungLarge(value);
    }
  }
  if (loadWord(entry, TYPE_ITEM_SIZE) !== 0) traceYoungItems(obj, entry, 0, loadWord(obj, loadWord(entry, TYPE_LENGTH_OFFSET)));
}

/** Updates the GC pointers of items [from, to) of an array. */
function traceYoungItems(obj: number, entry: number, from: number, to: number): void {
  const itemPointers = loadWord(entry, TYPE_ITEM_POINTERS);
  if (itemPointers === 0) return;
  const count = loadWord(itemPointers, 0);
  if (count === 0) return;
  const itemSize = loadWord(entry, TYPE_ITEM_SIZE);
  let item = obj + loadWord(entry, TYPE_ITEMS_OFFSET) + from * itemSize;
  if (count === 1) {
    // The usual array of pointers (or of one-pointer items): no inner loop, and updateYoungField
    // inline (a remembered array is scanned whole at every minor collection, most of its items
    // old or not pointers: the Lox VM's stack of 16,384 values is one).
    const start = GC.nurseryStart;
    const end = GC.nurseryEnd;
    const youngLarge = YOUNG_LARGE.length !== 0;
    let field = item + loadWord(itemPointers, 8);
    for (let index = from; index < to; index++) {
      const value = loadWord(field, 0);
      if (value >= start && value < end) storeWord(field, 0, copyOut(value));
      else if (youngLarge) keepYoungLarge(value);
      field += itemSize;
    }
    return;
  }
  for (let index = from; index < to; index++) {
    for (let i = 0; i < count; i++) updateYoungField(item + loadWord(itemPointers, 8 + i * 8));
    item += itemSize;
  }
}

/** Traces the items of the marked cards of a large array, then clears its cards. */
function traceMarkedCards(obj: number): void {
  const entry = entryOf(obj);
  const cardBytes = cardBytesFor(entry, objectSize(obj));
  const length = loadWord(obj, loadWord(entry, TYPE_LENGTH_OFFSET));
  for (let byteIndex = 0; byteIndex < cardBytes; byteIndex++) {
    const address = cardByte(obj, byteIndex);
    const bits = loadByte(address, 0);
    if (bits === 0) continue;
    for (let bit = 0; bit < 8; bit++) {
      if ((bits & (1 << bit)) === 0) continue;
      const from = (byteIndex * 8 + bit) * CARD_ITEMS;
      traceYoungItems(obj, entry, from, from + CARD_ITEMS < length ? from + CARD_ITEMS : length);
      GC.cardsTraced += 1;
    }
    storeByte(address, 0, 0);
  }
  storeInt32(obj, FLAGS_OFFSET, loadInt32(obj, FLAGS_OFFSET) & ~CARDS_SET);
}
