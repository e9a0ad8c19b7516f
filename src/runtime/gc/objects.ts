/**
 * What the collector reads of an object (RTS, translated into every binary): its type table
 * entry, its size, where its GC pointers are, and where a large array keeps its card bits.
 * Everything comes from the header and the type table of src/runtime/gc/layout.ts; nothing here writes.
 */

import { gcShared, loadInt32, loadWord } from "rts/system";
import {
  MIN_OBJECT_SIZE,
  SHARED_TYPE_TABLE,
  TYPE_ENTRY_SIZE,
  TYPE_FIXED_SIZE,
  TYPE_ID_OFFSET,
  TYPE_ITEM_POINTERS,
  TYPE_ITEM_SIZE,
  TYPE_ITEMS_OFFSET,
  TYPE_LENGTH_OFFSET,
  TYPE_POINTERS,
} from "./layout.js";

/**
 * Words below this are never object addresses: 0 (an empty slot, undefined) and the small
 * sentinels the runtime stores in pointer-sized slots. Every mapping starts above it.
 */
export const NOT_A_POINTER_BELOW = 4096;

/** Items of a large array covered by one card bit: a marked card costs a scan of this many items at the next minor collection. */
export const CARD_ITEMS = 128;
/** log2(CARD_ITEMS): the write barrier finds an item's card with a shift. */
export const CARD_SHIFT = 7;
/**
 * Arrays of pointers with fewer items than this get no cards: the write barrier remembers them
 * whole, and the next minor collection scans every item (well under a millisecond). Cards cost a
 * call of the barrier's slow path at every pointer store into an old array (the mark must be
 * set again for each card), which for a busy array such as an interpreter's value stack costs
 * far more than the scan.
 */
export const CARD_MIN_ITEMS = 65536;
/**
 * Below this, numbers may go through the bitwise operators, which work on 32 bits: sizes and
 * indices of every ordinary object (the collector's fast paths), not addresses.
 */
export const BITWISE_SAFE = 0x40000000;

/** The type table entry of a type id. */
export function typeEntry(typeId: number): number {
  return loadWord(gcShared(), SHARED_TYPE_TABLE) + typeId * TYPE_ENTRY_SIZE;
}

/** The type table entry of an object. */
export function entryOf(obj: number): number {
  return typeEntry(loadInt32(obj, TYPE_ID_OFFSET));
}

/** A byte count as an object occupies it: a multiple of 8, at least MIN_OBJECT_SIZE. */
export function objectBytes(bytes: number): number {
  if (bytes <= MIN_OBJECT_SIZE) return MIN_OBJECT_SIZE;
  // A mask, not %: the remainder is a division (this runs for every object a minor collection copies).
  if (bytes < BITWISE_SAFE) return (bytes + 7) & -8;
  const rest = bytes % 8;
  return rest === 0 ? bytes : bytes + 8 - rest;
}

/** The size of an object (without the hash word a moved object may carry after it). */
export function objectSize(obj: number): number {
  return objectSizeOf(obj, entryOf(obj));
}

/** objectSize, given the object's type table entry. */
export function objectSizeOf(obj: number, entry: number): number {
  const itemSize = loadWord(entry, TYPE_ITEM_SIZE);
  if (itemSize === 0) return objectBytes(loadWord(entry, TYPE_FIXED_SIZE));
  const length = loadWord(obj, loadWord(entry, TYPE_LENGTH_OFFSET));
  return objectBytes(loadWord(entry, TYPE_ITEMS_OFFSET) + length * itemSize);
}

/** Whether objects of the type hold GC pointers (in the fixed part or in items): those without are never traced. */
export function hasGcPointers(entry: number): boolean {
  const fixed = loadWord(entry, TYPE_POINTERS);
  if (fixed !== 0 && loadWord(fixed, 0) !== 0) return true;
  return itemPointerCount(entry) !== 0;
}

/** How many GC pointers one item of the type holds (0 for fixed-size types and items without pointers). */
export function itemPointerCount(entry: number): number {
  if (loadWord(entry, TYPE_ITEM_SIZE) === 0) return 0;
  const list = loadWord(entry, TYPE_ITEM_POINTERS);
  return list === 0 ? 0 : loadWord(list, 0);
}

/**
 * The bytes of card bits a large array of `bytes` bytes of this type carries just below its
 * header: one bit per CARD_ITEMS items, rounded up to whole words. Computed from the object's
 * size (the allocation request, later objectSize), so that it is known before the length word
 * is written. Byte k of the cards (cards 8k .. 8k+7, bit j for card 8k+j) is at obj - 1 - k
 * (cardByte): the write barrier finds it from the index alone, without the array's size.
 */
export function cardBytesFor(entry: number, bytes: number): number {
  const items = Math.floor((bytes - loadWord(entry, TYPE_ITEMS_OFFSET)) / loadWord(entry, TYPE_ITEM_SIZE));
  const cards = Math.floor((items + CARD_ITEMS - 1) / CARD_ITEMS);
  const cardBytes = Math.floor((cards + 7) / 8);
  return cardBytes <= 8 ? 8 : objectBytes(cardBytes);
}

/** Whether a large array of `bytes` bytes of this type gets cards: items with pointers, and many of them. */
export function wantsCards(entry: number, bytes: number): boolean {
  if (itemPointerCount(entry) === 0) return false;
  return bytes - loadWord(entry, TYPE_ITEMS_OFFSET) >= CARD_MIN_ITEMS * loadWord(entry, TYPE_ITEM_SIZE);
}

/** The address of byte k of the card bits of an array with HAS_CARDS (they grow downwards from its header). */
export function cardByte(obj: number, k: number): number {
  return obj - 1 - k;
}
