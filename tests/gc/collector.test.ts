// The collector on the simulated heap, case by case: survival and freeing, the remembered set,
// young and medium and large objects, cards, prebuilt roots, identity hashes.

import { gcShared, loadByte, loadWord, simulatedMappedBytes, storeWord } from "rts/system";
import { beforeEach, describe, expect, it } from "vitest";
import {
  gcBytesInUse,
  gcCardsTraced,
  gcAllocSlow,
  gcCollect,
  gcIdentityHash,
  gcIsYoung,
  gcLargeThreshold,
  gcMajorCollections,
  gcMinorCollections,
} from "../../src/runtime/gc/collector.ts";
import { PREBUILT_ROOTS, REMEMBERED } from "../../src/runtime/gc/gc-state.ts";
import { stackLength } from "../../src/runtime/gc/address-stack.ts";
import {
  CARDS_SET,
  HAS_CARDS,
  HAS_HASH_FIELD,
  HASH_TAKEN,
  LARGE,
  LARGE_YOUNG,
  MARKED,
  PREBUILT_FLAGS,
  PREBUILT_TRACKED,
  SHARED_LARGE_THRESHOLD,
  SHARED_NURSERY_FREE,
  SHARED_NURSERY_TOP,
  TRACK_YOUNG_PTRS,
} from "../../src/runtime/gc/layout.ts";
import { gcMajorThreshold, gcNurseryStart } from "../../src/runtime/gc/collector.ts";
import { CARD_MIN_ITEMS } from "../../src/runtime/gc/objects.ts";
import { oldBytesInUse, oldFreeArenaBytes } from "../../src/runtime/gc/oldspace.ts";
import {
  ARRAY_ITEMS,
  BYTE_ARRAY,
  ENTRY_ARRAY,
  NODE,
  NODE_LEFT,
  NODE_RIGHT,
  NODE_SIZE,
  NULL,
  PTR_ARRAY,
  flagsOf,
  getRoot,
  makePrebuilt,
  newArray,
  newNode,
  nodeLeft,
  nodeRight,
  nodeValue,
  pushRoot,
  readItem,
  setRoot,
  setupHeap,
  typeIdOf,
  writeField,
  writeItem,
} from "./simulated-heap.ts";

/** 16 KB: collections come often, the large-object threshold is 4 KB. */
const SMALL_NURSERY = { RTS_GC_NURSERY: "16KB" };

/** A list of n nodes with values first .. first + n - 1 from the head, its head in root slot `slot`. */
function buildList(slot: number, n: number, first = 0): void {
  for (let i = n - 1; i >= 0; i--) setRoot(slot, newNode(first + i, NULL, getRoot(slot)));
}

/** The values of the list from a head (by the right fields), checking every node's type. */
function listValues(head: number): number[] {
  const values: number[] = [];
  for (let node = head; node !== NULL; node = nodeRight(node)) {
    expect(typeIdOf(node)).toBe(NODE);
    values.push(nodeValue(node));
  }
  return values;
}

const range = (n: number, first = 0) => Array.from({ length: n }, (_, i) => first + i);

describe("collector", () => {
  beforeEach(() => setupHeap(SMALL_NURSERY));

  it("keeps what the shadow stack reaches through minor and major collections, contents intact", () => {
    pushRoot(NULL);
    buildList(0, 300); // 9600 bytes: the 16 KB nursery holds them, nothing collected yet
    expect(gcMinorCollections()).toBe(0);
    expect(gcIsYoung(getRoot(0))).toBe(true);
    gcCollect(false);
    expect(gcIsYoung(getRoot(0))).toBe(false);
    expect(listValues(getRoot(0))).toEqual(range(300));
    expect(oldBytesInUse()).toBe(300 * NODE_SIZE);
    gcCollect(true);
    expect(listValues(getRoot(0))).toEqual(range(300));
    expect(oldBytesInUse()).toBe(300 * NODE_SIZE);
    expect(flagsOf(getRoot(0)) & MARKED).toBe(0); // the sweep clears the marks
    // A list longer than the nursery: collections happen during allocation, the roots follow.
    buildList(0, 2000, 1000);
    expect(gcMinorCollections()).toBeGreaterThan(3);
    expect(listValues(getRoot(0))).toEqual([...range(2000, 1000), ...range(300)]);
  });

  it("frees what nothing reaches", () => {
    pushRoot(NULL);
    buildList(0, 3000);
    gcCollect(true);
    expect(oldBytesInUse()).toBe(3000 * NODE_SIZE);
    setRoot(0, nodeRight(nodeRight(getRoot(0)))); // drop the first two
    gcCollect(true);
    expect(oldBytesInUse()).toBe(2998 * NODE_SIZE);
    setRoot(0, NULL);
    gcCollect(false);
    expect(oldBytesInUse()).toBe(2998 * NODE_SIZE); // a minor collection does not free old objects
    gcCollect(true);
    expect(oldBytesInUse()).toBe(0);
    expect(gcBytesInUse()).toBe(0);
    // Unreached young objects cost nothing: none is copied.
    for (let i = 0; i < 1000; i++) newNode(i);
    gcCollect(false);
    expect(oldBytesInUse()).toBe(0);
  });

  it("ignores sentinels and prebuilt objects in root slots", () => {
    const prebuilt = makePrebuilt(NODE, NODE_SIZE);
    pushRoot(0);
    pushRoot(3);
    pushRoot(prebuilt);
    pushRoot(newNode(7));
    gcCollect(true);
    expect(getRoot(0)).toBe(0);
    expect(getRoot(1)).toBe(3);
    expect(getRoot(2)).toBe(prebuilt);
    expect(flagsOf(prebuilt)).toBe(PREBUILT_FLAGS);
    expect(nodeValue(getRoot(3))).toBe(7);
  });

  it("keeps a young object stored into an old one behind the write barrier", () => {
    pushRoot(newNode(1));
    gcCollect(false);
    const old = getRoot(0);
    expect(flagsOf(old) & TRACK_YOUNG_PTRS).toBe(TRACK_YOUNG_PTRS);
    writeField(old, NODE_LEFT, newNode(2));
    expect(flagsOf(old) & TRACK_YOUNG_PTRS).toBe(0);
    expect(stackLength(REMEMBERED)).toBe(1);
    writeField(old, NODE_RIGHT, newNode(3)); // already remembered: the flag is off, no second entry
    expect(stackLength(REMEMBERED)).toBe(1);
    gcCollect(false);
    expect(gcIsYoung(nodeLeft(old))).toBe(false);
    expect(nodeValue(nodeLeft(old))).toBe(2);
    expect(nodeValue(nodeRight(old))).toBe(3);
    expect(flagsOf(old) & TRACK_YOUNG_PTRS).toBe(TRACK_YOUNG_PTRS); // tracked again
    expect(stackLength(REMEMBERED)).toBe(0);
    gcCollect(true);
    expect(nodeValue(nodeLeft(old))).toBe(2);
  });

  it("loses a young object stored into an old one without the barrier (the barrier test can fail)", () => {
    pushRoot(newNode(1));
    gcCollect(false);
    const old = getRoot(0);
    const young = newNode(2);
    // The store the barrier should guard, without it.
    writeFieldRaw(old, young);
    gcCollect(false);
    expect(nodeLeft(old)).toBe(young); // not updated: the object was not copied ...
    expect(gcIsYoung(nodeLeft(old))).toBe(true);
    expect(oldBytesInUse()).toBe(NODE_SIZE);
    // ... and the nursery, allocated from again, holds something else there.
    const next = newNode(3);
    expect(next).toBe(young);
    expect(nodeValue(nodeLeft(old))).toBe(3);
  });

  it("traces pointers inside the items of arrays", () => {
    pushRoot(newArray(PTR_ARRAY, 50));
    for (let i = 0; i < 50; i += 3) {
      const node = newNode(i); // before getRoot(0): the allocation may move the array
      writeItem(getRoot(0), i, node);
    }
    pushRoot(newArray(ENTRY_ARRAY, 20));
    for (let i = 0; i < 20; i++) {
      const entry = getRoot(1) + ARRAY_ITEMS + i * 16;
      expect(loadWord(entry, 0)).toBe(0);
      const node = newNode(100 + i);
      writeRawWord(getRoot(1) + ARRAY_ITEMS + i * 16, 0, i * 1000); // an integer next to the pointer
      writeRawWord(getRoot(1) + ARRAY_ITEMS + i * 16, 8, node); // a young array: no barrier needed
    }
    for (const major of [false, true, false]) {
      gcCollect(major);
      for (let i = 0; i < 50; i++) {
        const item = readItem(getRoot(0), i);
        if (i % 3 === 0) expect(nodeValue(item)).toBe(i);
        else expect(item).toBe(0);
      }
      for (let i = 0; i < 20; i++) {
        const at = getRoot(1) + ARRAY_ITEMS + i * 16;
        expect(loadWord(at, 0)).toBe(i * 1000);
        expect(nodeValue(loadWord(at, 8))).toBe(100 + i);
      }
    }
  });

  it("copies medium objects (above the small size classes, below the large threshold) out of the nursery", () => {
    expect(gcLargeThreshold()).toBe(4096);
    pushRoot(newArray(PTR_ARRAY, 200)); // 1616 bytes
    expect(gcIsYoung(getRoot(0))).toBe(true);
    for (let i = 0; i < 200; i++) {
      const node = newNode(i);
      writeItem(getRoot(0), i, node);
    }
    gcCollect(false);
    const array = getRoot(0);
    expect(gcIsYoung(array)).toBe(false);
    // In a slot of the 1792-byte medium class, not on a mapping of its own (not LARGE).
    expect(flagsOf(array) & (LARGE | TRACK_YOUNG_PTRS)).toBe(TRACK_YOUNG_PTRS);
    expect(oldBytesInUse()).toBe(1792 + 200 * NODE_SIZE);
    for (let i = 0; i < 200; i++) expect(nodeValue(readItem(array, i))).toBe(i);
    gcCollect(true);
    for (let i = 0; i < 200; i++) expect(nodeValue(readItem(array, i))).toBe(i);
    setRoot(0, NULL);
    gcCollect(true);
    expect(oldBytesInUse()).toBe(0);
  });

  it("allocates large objects outside the nursery, young until the next minor collection", () => {
    const bytes = newArray(BYTE_ARRAY, 10000);
    expect(gcIsYoung(bytes)).toBe(false);
    expect(flagsOf(bytes)).toBe(LARGE | LARGE_YOUNG); // no pointers: no cards
    const before = oldBytesInUse();
    expect(before).toBeGreaterThanOrEqual(10016);
    gcCollect(false); // unreached: freed at once
    expect(oldBytesInUse()).toBe(0);

    pushRoot(newArray(PTR_ARRAY, CARD_MIN_ITEMS));
    const array = getRoot(0);
    expect(flagsOf(array)).toBe(LARGE | LARGE_YOUNG | HAS_CARDS);
    for (let i = 0; i < 1000; i += 7) writeItem(array, i, newNode(i)); // young: no barrier call
    expect(flagsOf(array) & CARDS_SET).toBe(0);
    gcCollect(false);
    expect(getRoot(0)).toBe(array); // never moves
    expect(flagsOf(array)).toBe(LARGE | HAS_CARDS | TRACK_YOUNG_PTRS);
    for (let i = 0; i < 1000; i += 7) expect(nodeValue(readItem(array, i))).toBe(i);
    gcCollect(true);
    for (let i = 0; i < 1000; i += 7) expect(nodeValue(readItem(array, i))).toBe(i);
    setRoot(0, NULL);
    gcCollect(true);
    expect(oldBytesInUse()).toBe(0);
  });

  it("remembers a large array too short for cards whole", () => {
    pushRoot(newArray(PTR_ARRAY, 1000));
    expect(flagsOf(getRoot(0))).toBe(LARGE | LARGE_YOUNG);
    gcCollect(false);
    const array = getRoot(0);
    expect(flagsOf(array)).toBe(LARGE | TRACK_YOUNG_PTRS);
    writeItem(array, 500, newNode(500));
    // The first store remembers it: the next ones need no barrier call.
    expect(flagsOf(array) & TRACK_YOUNG_PTRS).toBe(0);
    expect(stackLength(REMEMBERED)).toBe(1);
    writeItem(array, 999, newNode(999));
    const traced = gcCardsTraced();
    gcCollect(false);
    expect(gcCardsTraced()).toBe(traced);
    expect(nodeValue(readItem(array, 500))).toBe(500);
    expect(nodeValue(readItem(array, 999))).toBe(999);
    expect(gcIsYoung(readItem(array, 999))).toBe(false);
    expect(flagsOf(array)).toBe(LARGE | TRACK_YOUNG_PTRS);
  });

  it("keeps a young large object reached only from another young object", () => {
    pushRoot(newNode(1));
    const big = newArray(PTR_ARRAY, 1000);
    storeLeft(getRoot(0), big);
    gcCollect(false);
    expect(nodeLeft(getRoot(0))).toBe(big);
    expect(flagsOf(big) & LARGE_YOUNG).toBe(0);
  });

  it("traces only the marked cards of a large array", () => {
    pushRoot(newArray(PTR_ARRAY, CARD_MIN_ITEMS)); // cards of 128 items
    gcCollect(false);
    const array = getRoot(0);
    const cards = array - 1; // card byte k is at array - 1 - k: byte 0 (cards 0..7) just below the header
    writeItem(array, 500, newNode(500)); // card 3
    expect(flagsOf(array) & (CARDS_SET | TRACK_YOUNG_PTRS)).toBe(CARDS_SET | TRACK_YOUNG_PTRS);
    expect(loadByte(cards, 0)).toBe(1 << 3);
    writeItem(array, 511, newNode(511)); // card 3 again
    writeItem(array, 999, newNode(999)); // card 7
    expect(loadByte(cards, 0)).toBe((1 << 3) | (1 << 7));
    const unguarded = newNode(10);
    writeRawWord(array, ARRAY_ITEMS + 10 * 8, unguarded); // card 0, without the barrier
    const traced = gcCardsTraced();
    gcCollect(false);
    expect(gcCardsTraced() - traced).toBe(2);
    expect(nodeValue(readItem(array, 500))).toBe(500);
    expect(nodeValue(readItem(array, 511))).toBe(511);
    expect(nodeValue(readItem(array, 999))).toBe(999);
    expect(readItem(array, 10)).toBe(unguarded); // card 0 was not traced
    expect(gcIsYoung(readItem(array, 10))).toBe(true);
    expect(loadByte(cards, 0)).toBe(0);
    expect(flagsOf(array) & (CARDS_SET | TRACK_YOUNG_PTRS)).toBe(TRACK_YOUNG_PTRS);
    writeItem(array, 10, NULL);
    gcCollect(true);
    expect(nodeValue(readItem(array, 500))).toBe(500);
    expect(nodeValue(readItem(array, 999))).toBe(999);
  });

  it("finds the card bytes of a long array below its header, in order downwards", () => {
    const length = CARD_MIN_ITEMS + 1000; // 520 cards: 65 card bytes, 72 with the rounding
    pushRoot(newArray(PTR_ARRAY, length));
    gcCollect(false);
    const array = getRoot(0);
    const cardBytes = (k: number) => loadByte(array, -1 - k);
    writeItem(array, 2500, newNode(2500)); // card 19: byte 2, bit 3
    writeItem(array, length - 1, newNode(-1)); // card 519: byte 64, bit 7
    const expected = new Array<number>(72).fill(0);
    expected[2] = 1 << 3;
    expected[64] = 1 << 7;
    expect(expected.map((_, k) => cardBytes(k))).toEqual(expected);
    const traced = gcCardsTraced();
    gcCollect(false);
    expect(gcCardsTraced() - traced).toBe(2);
    expect(nodeValue(readItem(array, 2500))).toBe(2500);
    expect(nodeValue(readItem(array, length - 1))).toBe(-1);
    expect(expected.map((_, k) => cardBytes(k))).toEqual(new Array<number>(72).fill(0));
  });

  it("keeps what prebuilt objects point to, through the list of prebuilt roots", () => {
    const prebuilt = makePrebuilt(NODE, NODE_SIZE);
    writeField(prebuilt, NODE_LEFT, newNode(1));
    expect(flagsOf(prebuilt)).toBe(PREBUILT_FLAGS & ~TRACK_YOUNG_PTRS | PREBUILT_TRACKED);
    gcCollect(false);
    expect(nodeValue(nodeLeft(prebuilt))).toBe(1);
    expect(flagsOf(prebuilt)).toBe(PREBUILT_FLAGS | PREBUILT_TRACKED);
    gcCollect(true); // no root on the shadow stack: only the prebuilt roots keep it
    expect(nodeValue(nodeLeft(prebuilt))).toBe(1);
    expect(oldBytesInUse()).toBe(NODE_SIZE);
    writeField(prebuilt, NODE_RIGHT, newNode(2));
    expect(stackLength(PREBUILT_ROOTS)).toBe(1); // listed once, forever
    gcCollect(true);
    expect(nodeValue(nodeRight(prebuilt))).toBe(2);
    writeField(prebuilt, NODE_LEFT, NULL);
    gcCollect(true);
    expect(oldBytesInUse()).toBe(NODE_SIZE);

    // A heap object pointing to a prebuilt one: the prebuilt object is neither marked nor moved.
    const other = makePrebuilt(NODE, NODE_SIZE);
    pushRoot(newNode(3, other));
    gcCollect(true);
    expect(nodeLeft(getRoot(0))).toBe(other);
    expect(flagsOf(other)).toBe(PREBUILT_FLAGS);
  });

  it("gives identity hashes that stay the same when objects move", () => {
    pushRoot(newNode(1));
    pushRoot(newNode(2));
    const young = getRoot(0);
    const hash = gcIdentityHash(young);
    expect(hash).toBe(young);
    expect(flagsOf(young) & HASH_TAKEN).toBe(HASH_TAKEN);
    expect(gcIdentityHash(young)).toBe(hash);
    const usedBefore = oldBytesInUse();
    gcCollect(false);
    const moved = getRoot(0);
    expect(moved).not.toBe(young);
    expect(flagsOf(moved) & (HAS_HASH_FIELD | HASH_TAKEN)).toBe(HAS_HASH_FIELD);
    expect(oldBytesInUse() - usedBefore).toBe(NODE_SIZE + 8 + NODE_SIZE); // the hash word, and the other node
    expect(gcIdentityHash(moved)).toBe(hash);
    expect(nodeValue(moved)).toBe(1);
    gcCollect(true);
    expect(gcIdentityHash(getRoot(0))).toBe(hash);
    // An old object's hash is its address; so is a large object's, young or old.
    expect(gcIdentityHash(getRoot(1))).toBe(getRoot(1));
    pushRoot(newArray(BYTE_ARRAY, 10000));
    const large = getRoot(2);
    expect(gcIdentityHash(large)).toBe(large);
    gcCollect(false);
    expect(gcIdentityHash(getRoot(2))).toBe(large);
  });

  it("shares the large-object threshold with the machine code, and allocates large requests outside a nursery with room", () => {
    expect(loadWord(gcShared(), SHARED_LARGE_THRESHOLD)).toBe(gcLargeThreshold());
    const free = loadWord(gcShared(), SHARED_NURSERY_FREE);
    // What the machine code does for a variable-sized request above the shared threshold.
    const array = gcAllocSlow(PTR_ARRAY, ARRAY_ITEMS + 8 * 1000);
    expect(loadWord(gcShared(), SHARED_NURSERY_FREE)).toBe(free);
    expect(gcIsYoung(array)).toBe(false);
    expect(flagsOf(array)).toBe(LARGE | LARGE_YOUNG);
    expect(gcMinorCollections()).toBe(0);
    // At the threshold itself, the nursery.
    expect(gcIsYoung(gcAllocSlow(BYTE_ARRAY, gcLargeThreshold()))).toBe(true);
  });

  it("zeroes the nursery a chunk at a time ahead of allocation, never handing out dirty memory", () => {
    setupHeap({ RTS_GC_NURSERY: "512KB" });
    const start = gcNurseryStart();
    const top = () => loadWord(gcShared(), SHARED_NURSERY_TOP);
    expect(top()).toBe(start + 512 * 1024); // fresh memory is zero
    for (let i = 0; i < 20000; i++) newNode(i + 1, NULL, NULL); // dirty the whole nursery: past a minor collection
    gcCollect(false);
    expect(top()).toBe(start); // nothing zeroed yet: the next allocation comes to the collector
    const first = newNode(7);
    expect(first).toBe(start);
    expect(top()).toBe(start + 128 * 1024);
    // Every node handed out, past the first chunk, was zero but for what newNode wrote.
    for (let i = 0; i < 6000; i++) {
      const array = newArray(PTR_ARRAY, 2);
      expect([readItem(array, 0), readItem(array, 1)]).toEqual([0, 0]);
    }
    expect(top()).toBeGreaterThan(start + 128 * 1024);
  });

  it("keeps the arenas a major collection frees for the heap to grow back into", () => {
    pushRoot(NULL);
    pushRoot(NULL);
    buildList(0, 6000); // 192 KB in old arenas
    buildList(1, 6000); // 192 KB more, in later arenas
    gcCollect(true);
    const mapped = simulatedMappedBytes();
    setRoot(1, NULL);
    gcCollect(true);
    expect(oldBytesInUse()).toBe(6000 * NODE_SIZE);
    // Up to the next threshold the free arenas stay mapped...
    expect(oldFreeArenaBytes()).toBeGreaterThan(0);
    expect(oldFreeArenaBytes()).toBeLessThanOrEqual(gcMajorThreshold() - oldBytesInUse());
    expect(simulatedMappedBytes()).toBeGreaterThan(mapped - 6000 * NODE_SIZE);
    // ...and the next survivors go into them without mapping anything.
    const before = simulatedMappedBytes();
    buildList(1, 1000);
    gcCollect(false);
    expect(simulatedMappedBytes()).toBe(before);
    expect(listValues(getRoot(1))).toEqual(range(1000));
    expect(listValues(getRoot(0))).toEqual(range(6000));
  });

  it("runs a major collection when the old space grows past its threshold", () => {
    pushRoot(NULL);
    buildList(0, 5000); // 160 KB kept, past 16 KB * 1.82
    expect(gcMajorCollections()).toBeGreaterThan(0);
    const majors = gcMajorCollections();
    for (let i = 0; i < 20000; i++) newNode(i); // garbage only: the old space does not grow
    expect(gcMajorCollections()).toBe(majors);
    expect(listValues(getRoot(0))).toEqual(range(5000));
  });
});

/** A pointer store without the write barrier (what a missing barrier would do). */
function writeFieldRaw(obj: number, value: number): void {
  writeRawWord(obj, NODE_LEFT, value);
}

function storeLeft(obj: number, value: number): void {
  writeField(obj, NODE_LEFT, value);
}

function writeRawWord(address: number, offset: number, value: number): void {
  storeWord(address, offset, value);
}
