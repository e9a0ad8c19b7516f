// The collector's support for the JIT (collector.ts, "the JIT's holds"), on the simulated heap:
// while frozen nothing is collected and nothing moves, allocations go to the old space and are
// remembered (their young pointers, stored without barriers, are updated by the next minor
// collection); a minor collection can take extra roots in raw memory; the JIT's roots keep
// their objects alive and up to date (young large ones too), and are popped after a hold's
// collection; the JIT collects through its own hold, when a nursery's worth was allocated held
// (gcSafePointDue), never through another's.

import { gcShared, loadWord, osMmap, storeWord } from "rts/system";
import { beforeEach, describe, expect, it } from "vitest";
import {
  gcCollect,
  gcCollectHeld,
  gcCollectMinorWithRoots,
  gcFreeze,
  gcFrozenAllocations,
  gcHeldNursery,
  gcIsFrozen,
  gcIsYoung,
  gcJitRoot,
  gcJitRootAdd,
  gcJitRootCount,
  gcJitRootsTruncate,
  gcLargeThreshold,
  gcMajorCollections,
  gcMinorCollections,
  gcSafePointDue,
  gcThaw,
} from "../../src/runtime/gc/collector.ts";
import { stackLength } from "../../src/runtime/gc/address-stack.ts";
import { REMEMBERED } from "../../src/runtime/gc/gc-state.ts";
import { SHARED_JIT_SAFE_POINT, SHARED_NURSERY_FREE, SHARED_NURSERY_TOP, TRACK_YOUNG_PTRS } from "../../src/runtime/gc/layout.ts";
import { ARRAY_ITEMS, NODE_LEFT, NODE_RIGHT, NULL, PTR_ARRAY, flagsOf, newArray, newNode, nodeLeft, nodeValue, popRoot, pushRoot, readItem, setupHeap, writeItem } from "./simulated-heap.ts";

/** 16 KB: a few hundred nodes fill it. */
const SMALL_NURSERY = { RTS_GC_NURSERY: "16KB" };

/** Nodes allocated and dropped: enough to fill the small nursery several times over. */
function churn(n: number): void {
  for (let i = 0; i < n; i++) newNode(i);
}

describe("the JIT's holds", () => {
  beforeEach(() => setupHeap(SMALL_NURSERY));

  it("collects nothing while frozen, however much is allocated, and allocates in the old space", () => {
    churn(2000);
    const minors = gcMinorCollections();
    expect(minors).toBeGreaterThan(0); // the nursery is small enough to fill
    gcFreeze();
    expect(gcIsFrozen()).toBe(true);
    const kept = newNode(41);
    churn(2000);
    expect(gcMinorCollections()).toBe(minors);
    expect(gcIsYoung(kept)).toBe(false);
    expect(gcFrozenAllocations()).toBe(2001);
    gcThaw();
    expect(gcIsFrozen()).toBe(false);
    const young = newNode(1);
    expect(gcIsYoung(young)).toBe(true);
  });

  it("sends every allocation to the slow path while frozen (the inline top is the bump pointer)", () => {
    const shared = gcShared();
    expect(loadWord(shared, SHARED_NURSERY_TOP)).toBeGreaterThan(loadWord(shared, SHARED_NURSERY_FREE));
    gcFreeze();
    expect(loadWord(shared, SHARED_NURSERY_TOP)).toBe(loadWord(shared, SHARED_NURSERY_FREE));
    gcFreeze(); // holds nest
    gcThaw();
    expect(loadWord(shared, SHARED_NURSERY_TOP)).toBe(loadWord(shared, SHARED_NURSERY_FREE));
    gcThaw();
    expect(loadWord(shared, SHARED_NURSERY_TOP)).toBeGreaterThan(loadWord(shared, SHARED_NURSERY_FREE));
  });

  it("leaves a young object where it is while frozen, even when an explicit or stressed collection is asked", () => {
    const young = newNode(7);
    const address = young;
    gcFreeze();
    gcCollectMinorWithRoots(0, 0);
    gcCollect(false);
    gcCollect(true);
    expect(gcMinorCollections()).toBe(0);
    expect(nodeValue(address)).toBe(7);
    gcThaw();
  });

  it("collects nothing under RTS_GC_STRESS while frozen, and at every allocation again after", () => {
    setupHeap({ ...SMALL_NURSERY, RTS_GC_STRESS: "1" });
    churn(10);
    const minors = gcMinorCollections();
    expect(minors).toBeGreaterThanOrEqual(10);
    gcFreeze();
    churn(100);
    expect(gcMinorCollections()).toBe(minors);
    gcThaw();
    churn(10);
    expect(gcMinorCollections()).toBeGreaterThanOrEqual(minors + 10);
  });

  it("updates the young pointers stored without a barrier into an object allocated while frozen", () => {
    const child = newNode(5);
    pushRoot(child);
    gcFreeze();
    const parent = newNode(9, child, NULL); // initializing stores: no barrier
    expect(stackLength(REMEMBERED)).toBeGreaterThan(0);
    expect(flagsOf(parent) & TRACK_YOUNG_PTRS).toBe(0);
    gcThaw();
    popRoot();
    pushRoot(parent);
    gcCollect(false);
    const after = popRoot();
    expect(after).toBe(parent); // old: it did not move
    expect(gcIsYoung(nodeLeft(after))).toBe(false); // its young child was copied out and the field updated
    expect(nodeValue(nodeLeft(after))).toBe(5);
    expect(flagsOf(after) & TRACK_YOUNG_PTRS).toBe(TRACK_YOUNG_PTRS);
  });

  it("allocates a large array in the old space while frozen and updates its young items after", () => {
    const items = Math.ceil(gcLargeThreshold() / 8) + 8;
    const child = newNode(3);
    pushRoot(child);
    gcFreeze();
    const array = newArray(PTR_ARRAY, items);
    storeWord(array, ARRAY_ITEMS + (items - 1) * 8, child); // an initializing store: no barrier
    gcThaw();
    popRoot();
    pushRoot(array);
    gcCollect(true);
    const after = popRoot();
    expect(after).toBe(array);
    expect(nodeValue(readItem(after, items - 1))).toBe(3);
  });

  it("takes extra roots in raw memory for one minor collection, and updates them", () => {
    const buffer = osMmap(16);
    storeWord(buffer, 0, newNode(11));
    storeWord(buffer, 8, newNode(12, newNode(13)));
    expect(gcIsYoung(loadWord(buffer, 0))).toBe(true);
    gcCollectMinorWithRoots(buffer, 2);
    expect(gcMinorCollections()).toBe(1);
    const a = loadWord(buffer, 0);
    const b = loadWord(buffer, 8);
    expect([gcIsYoung(a), gcIsYoung(b)]).toEqual([false, false]);
    expect([nodeValue(a), nodeValue(b), nodeValue(nodeLeft(b))]).toEqual([11, 12, 13]);
    // only for that collection: a later major one frees what only the buffer names
    churn(3000);
    gcCollect(true);
    expect(gcMajorCollections()).toBeGreaterThan(0);
  });

  it("keeps the JIT's roots alive across major collections and moves young ones out", () => {
    const young = newNode(21, newNode(22));
    gcJitRootAdd(young);
    expect(gcJitRootCount()).toBe(1);
    gcCollect(true);
    churn(3000);
    gcCollect(true);
    const root = gcJitRoot(0);
    expect(gcIsYoung(root)).toBe(false);
    expect(nodeValue(root)).toBe(21);
    expect(nodeValue(nodeLeft(root))).toBe(22);
    expect(loadWord(root, NODE_RIGHT)).toBe(NULL);
    expect(loadWord(root, NODE_LEFT)).not.toBe(NULL);
  });

  it("keeps a young large object that only the JIT's roots name, and pops them back to a count", () => {
    const items = Math.ceil(gcLargeThreshold() / 8) + 8;
    const large = newArray(PTR_ARRAY, items);
    writeItem(large, items - 1, newNode(5));
    const below = gcJitRootCount();
    gcJitRootAdd(large);
    gcCollect(false);
    // kept (a large object does not move), and its young item moved out with it
    expect(gcJitRoot(below)).toBe(large);
    expect(nodeValue(readItem(large, items - 1))).toBe(5);
    gcJitRootsTruncate(below);
    expect(gcJitRootCount()).toBe(below);
  });

  it("collects through the JIT's own hold at a due safe point, with its values as roots, and not inside another hold", () => {
    gcFreeze();
    expect(gcSafePointDue()).toBe(false);
    const held = newNode(7, newNode(8));
    // a nursery's worth allocated while held makes the safe point due
    churn(2000);
    expect(gcSafePointDue()).toBe(true);
    gcFreeze(); // another hold around: never due, and no collection through it
    expect(gcSafePointDue()).toBe(false);
    const minors = gcMinorCollections();
    expect(gcCollectHeld()).toBe(false);
    expect(gcMinorCollections()).toBe(minors);
    gcThaw();
    gcJitRootAdd(held);
    expect(gcCollectHeld()).toBe(true);
    expect(gcMinorCollections()).toBe(minors + 1);
    expect(gcIsFrozen()).toBe(true); // still held after
    expect(gcSafePointDue()).toBe(false); // the count starts again
    const root = gcJitRoot(gcJitRootCount() - 1);
    expect([nodeValue(root), nodeValue(nodeLeft(root))]).toEqual([7, 8]);
    gcThaw();
  });

  it("lets machine code allocate in the nursery while held (gcHeldNursery), collecting nothing: old once the nursery is full, and the safe point due", () => {
    const shared = gcShared();
    gcFreeze();
    expect(gcHeldNursery(true)).toBe(false);
    // the inline path is open again, and the slow path allocates young
    expect(loadWord(shared, SHARED_NURSERY_TOP)).toBeGreaterThan(loadWord(shared, SHARED_NURSERY_FREE));
    const minors = gcMinorCollections();
    const young = newNode(5);
    expect(gcIsYoung(young)).toBe(true);
    expect(loadWord(shared, SHARED_JIT_SAFE_POINT)).toBe(0);
    churn(2000); // the 16 KB nursery fills: the rest goes old, nothing is collected
    expect(gcMinorCollections()).toBe(minors);
    expect(gcIsYoung(young)).toBe(true);
    expect(gcIsYoung(newNode(6))).toBe(false);
    expect(gcSafePointDue()).toBe(true);
    expect(loadWord(shared, SHARED_JIT_SAFE_POINT)).toBe(1);
    // the safe point: the young object, a root, moves out; the due word is cleared
    gcJitRootAdd(young);
    expect(gcCollectHeld()).toBe(true);
    expect(loadWord(shared, SHARED_JIT_SAFE_POINT)).toBe(0);
    expect(gcIsYoung(gcJitRoot(gcJitRootCount() - 1))).toBe(false);
    expect(nodeValue(gcJitRoot(gcJitRootCount() - 1))).toBe(5);
    // closed again: old allocation, the inline path shut
    expect(gcHeldNursery(false)).toBe(true);
    expect(gcIsYoung(newNode(7))).toBe(false);
    expect(loadWord(shared, SHARED_NURSERY_TOP)).toBe(loadWord(shared, SHARED_NURSERY_FREE));
    gcThaw();
  });

  it("makes every safe point due under RTS_GC_STRESS once anything was allocated held", () => {
    setupHeap({ RTS_GC_STRESS: "1" });
    gcFreeze();
    expect(gcSafePointDue()).toBe(false);
    newNode(1);
    expect(gcSafePointDue()).toBe(true);
    gcThaw();
  });
});
