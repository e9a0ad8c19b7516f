/**
 * A heap for the collector's tests, in the simulated memory of rts/system: a type table of a few
 * types, an environment block for the settings, and helpers that allocate, keep roots and store
 * pointers exactly as the machine code will (inline bump on the shared words else gcAllocSlow;
 * roots on the shadow stack around every allocation; the write barrier's flag test before a
 * pointer store).
 */

import {
  gcShared,
  loadByte,
  loadInt32,
  loadWord,
  osMmap,
  resetSimulatedMemory,
  storeByte,
  storeInt32,
  storeWord,
} from "rts/system";
import { gcAllocSlow, gcInit, gcReset, gcWriteBarrierArraySlow, gcWriteBarrierSlow } from "../../src/runtime/gc/collector.ts";
import {
  FLAGS_OFFSET,
  PREBUILT_FLAGS,
  SHARED_ENVP,
  SHARED_LARGE_THRESHOLD,
  SHARED_NURSERY_FREE,
  SHARED_NURSERY_TOP,
  SHARED_ROOT_BASE,
  SHARED_ROOT_TOP,
  SHARED_TYPE_COUNT,
  SHARED_TYPE_TABLE,
  TRACK_YOUNG_PTRS,
  TYPE_ENTRY_SIZE,
  TYPE_FIXED_SIZE,
  TYPE_ID_OFFSET,
  TYPE_ITEM_POINTERS,
  TYPE_ITEM_SIZE,
  TYPE_ITEMS_OFFSET,
  TYPE_LENGTH_OFFSET,
  TYPE_POINTERS,
} from "../../src/runtime/gc/layout.ts";

/** A node: two pointer fields and an integer: [header][left][right][value]. */
export const NODE = 1;
export const NODE_LEFT = 8;
export const NODE_RIGHT = 16;
export const NODE_VALUE = 24;
export const NODE_SIZE = 32;
/** An array of pointers: [header][length][item 0]... */
export const PTR_ARRAY = 2;
/** An array of bytes: [header][length][bytes]... */
export const BYTE_ARRAY = 3;
/** An array of 16-byte entries {an integer at 0, a pointer at 8}: pointers inside items. */
export const ENTRY_ARRAY = 4;
export const ARRAY_LENGTH = 8;
export const ARRAY_ITEMS = 16;

interface TypeSpec {
  fixedSize: number;
  itemSize: number;
  pointers: number[];
  itemPointers: number[];
}

const TYPES: TypeSpec[] = [
  { fixedSize: 0, itemSize: 0, pointers: [], itemPointers: [] }, // id 0 is never used
  { fixedSize: NODE_SIZE, itemSize: 0, pointers: [NODE_LEFT, NODE_RIGHT], itemPointers: [] },
  { fixedSize: ARRAY_ITEMS, itemSize: 8, pointers: [], itemPointers: [0] },
  { fixedSize: ARRAY_ITEMS, itemSize: 1, pointers: [], itemPointers: [] },
  { fixedSize: ARRAY_ITEMS, itemSize: 16, pointers: [], itemPointers: [8] },
];

/** The address of the prebuilt "null" object of the current heap (null is a prebuilt object, as in translated programs). */
export let NULL = 0;

function writeOffsetList(offsets: number[]): number {
  const list = osMmap(8 + offsets.length * 8);
  storeWord(list, 0, offsets.length);
  offsets.forEach((offset, i) => storeWord(list, 8 + i * 8, offset));
  return list;
}

function writeTypeTable(): void {
  const table = osMmap(TYPES.length * TYPE_ENTRY_SIZE);
  TYPES.forEach((spec, id) => {
    const entry = table + id * TYPE_ENTRY_SIZE;
    storeWord(entry, TYPE_FIXED_SIZE, spec.fixedSize);
    storeWord(entry, TYPE_ITEM_SIZE, spec.itemSize);
    storeWord(entry, TYPE_LENGTH_OFFSET, spec.itemSize > 0 ? ARRAY_LENGTH : 0);
    storeWord(entry, TYPE_ITEMS_OFFSET, spec.itemSize > 0 ? ARRAY_ITEMS : 0);
    storeWord(entry, TYPE_POINTERS, writeOffsetList(spec.pointers));
    storeWord(entry, TYPE_ITEM_POINTERS, writeOffsetList(spec.itemPointers));
  });
  storeWord(gcShared(), SHARED_TYPE_TABLE, table);
  storeWord(gcShared(), SHARED_TYPE_COUNT, TYPES.length);
}

/** An envp block ("NAME=value" strings, then a 0 word) in simulated memory, in SHARED_ENVP. */
function writeEnvironment(env: Record<string, string>): void {
  const entries = Object.entries(env).map(([name, value]) => Buffer.from(`${name}=${value}\0`, "utf8"));
  const envp = osMmap(8 * (entries.length + 1));
  entries.forEach((bytes, i) => {
    const at = osMmap(bytes.length);
    bytes.forEach((b, j) => storeByte(at, j, b));
    storeWord(envp, i * 8, at);
  });
  storeWord(gcShared(), SHARED_ENVP, envp);
}

/** A fresh simulated address space with the type table, the environment and an initialized collector. */
export function setupHeap(env: Record<string, string> = {}, rootStackBytes = 64 * 1024): void {
  resetSimulatedMemory();
  gcReset();
  writeTypeTable();
  writeEnvironment(env);
  NULL = 0;
  NULL = makePrebuilt(NODE, NODE_SIZE);
  gcInit(rootStackBytes);
}

// ---- allocation, as the machine code does it

/**
 * The inline allocation: bump the shared free pointer when the request fits below the top, else
 * gcAllocSlow. Requests above the shared word SHARED_LARGE_THRESHOLD go to gcAllocSlow directly,
 * as the machine code's variable-sized allocations do (so that big arrays get cards).
 */
export function allocate(typeId: number, bytes: number): number {
  const shared = gcShared();
  const size = Math.max(16, Math.ceil(bytes / 8) * 8);
  const free = loadWord(shared, SHARED_NURSERY_FREE);
  if (size <= loadWord(shared, SHARED_LARGE_THRESHOLD) && free + size <= loadWord(shared, SHARED_NURSERY_TOP)) {
    storeWord(shared, SHARED_NURSERY_FREE, free + size);
    storeInt32(free, TYPE_ID_OFFSET, typeId);
    return free;
  }
  return gcAllocSlow(typeId, size);
}

/** A new node; left and right are kept on the shadow stack across the allocation (they may move). */
export function newNode(value: number, left = NULL, right = NULL): number {
  pushRoot(left);
  pushRoot(right);
  const node = allocate(NODE, NODE_SIZE);
  const newRight = popRoot();
  const newLeft = popRoot();
  // A fresh object needs no barrier for its initializing stores.
  storeWord(node, NODE_LEFT, newLeft);
  storeWord(node, NODE_RIGHT, newRight);
  storeWord(node, NODE_VALUE, value);
  return node;
}

/** A new array of `length` items of itemSize bytes, its length written after the allocation. */
export function newArray(typeId: number, length: number): number {
  const itemSize = TYPES[typeId]!.itemSize;
  const array = allocate(typeId, ARRAY_ITEMS + length * itemSize);
  storeWord(array, ARRAY_LENGTH, length);
  return array;
}

/** A prebuilt object: outside the heap (its own mapping), flags PREBUILT_FLAGS as the code generator writes them. */
export function makePrebuilt(typeId: number, bytes: number, length = 0): number {
  const obj = osMmap(bytes);
  storeInt32(obj, TYPE_ID_OFFSET, typeId);
  storeInt32(obj, FLAGS_OFFSET, PREBUILT_FLAGS);
  if (TYPES[typeId]!.itemSize > 0) storeWord(obj, ARRAY_LENGTH, length);
  if (typeId === NODE && NULL !== 0) {
    storeWord(obj, NODE_LEFT, NULL);
    storeWord(obj, NODE_RIGHT, NULL);
  }
  return obj;
}

// ---- the shadow stack

export function pushRoot(value: number): void {
  const shared = gcShared();
  const top = loadWord(shared, SHARED_ROOT_TOP);
  storeWord(top, 0, value);
  storeWord(shared, SHARED_ROOT_TOP, top + 8);
}

export function popRoot(): number {
  const shared = gcShared();
  const top = loadWord(shared, SHARED_ROOT_TOP) - 8;
  storeWord(shared, SHARED_ROOT_TOP, top);
  return loadWord(top, 0);
}

export function rootCount(): number {
  const shared = gcShared();
  return (loadWord(shared, SHARED_ROOT_TOP) - loadWord(shared, SHARED_ROOT_BASE)) / 8;
}

/** Root slot i from the bottom. */
export function getRoot(i: number): number {
  return loadWord(loadWord(gcShared(), SHARED_ROOT_BASE), i * 8);
}

export function setRoot(i: number, value: number): void {
  storeWord(loadWord(gcShared(), SHARED_ROOT_BASE), i * 8, value);
}

// ---- stores, with the write barrier as the machine code does it

/** The inline barrier's test: bit 0 of the flags byte. */
function tracksYoungPointers(obj: number): boolean {
  return (loadByte(obj, FLAGS_OFFSET) & TRACK_YOUNG_PTRS) !== 0;
}

/** Stores a pointer into a field, behind the write barrier. */
export function writeField(obj: number, offset: number, value: number): void {
  if (tracksYoungPointers(obj)) gcWriteBarrierSlow(obj);
  storeWord(obj, offset, value);
}

/** Stores a pointer into item `index` of a PTR_ARRAY, behind the array write barrier. */
export function writeItem(array: number, index: number, value: number): void {
  if (tracksYoungPointers(array)) gcWriteBarrierArraySlow(array, index);
  storeWord(array, ARRAY_ITEMS + index * 8, value);
}

export function readItem(array: number, index: number): number {
  return loadWord(array, ARRAY_ITEMS + index * 8);
}

export function flagsOf(obj: number): number {
  return loadInt32(obj, FLAGS_OFFSET);
}

export function typeIdOf(obj: number): number {
  return loadInt32(obj, TYPE_ID_OFFSET);
}

export function nodeValue(node: number): number {
  return loadWord(node, NODE_VALUE);
}

export function nodeLeft(node: number): number {
  return loadWord(node, NODE_LEFT);
}

export function nodeRight(node: number): number {
  return loadWord(node, NODE_RIGHT);
}
