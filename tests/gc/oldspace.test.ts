// The old generation's allocator and sweep (src/runtime/gc/oldspace.ts), untranslated on the simulated
// memory, against a model of which objects are live and what they hold.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { FLAGS_OFFSET, HAS_CARDS, LARGE, MARKED, TRACK_YOUNG_PTRS } from "../../src/runtime/gc/layout.ts";
import {
  ARENA_BYTES,
  ARENA_MAX_BYTES,
  arenaBytesFor,
  largeCards,
  MEDIUM_MAX,
  mediumClass,
  mediumClassBytes,
  oldBytesInUse,
  oldBytesMapped,
  oldFreeLarge,
  oldIsLarge,
  oldMallocLarge,
  oldMallocSmall,
  oldFreeArenaBytes,
  oldReset,
  oldSweep,
  oldSweepKeepingArenas,
  oldTrimFreeArenas,
  SMALL_MAX,
} from "../../src/runtime/gc/oldspace.ts";
import { loadByte, loadInt32, loadWord, resetSimulatedMemory, simulatedMappedBytes, storeByte, storeInt32, storeWord } from "../../src/lib/system.ts";
import { runCommand, runRts } from "../helpers/run-rts.ts";

beforeEach(() => {
  resetSimulatedMemory();
  oldReset();
});

/** A small deterministic generator, so that failures repeat. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

type Obj = { address: number; bytes: number; large: boolean; stamp: number };

/**
 * The offsets of an object's words a test writes and checks: every word of a small object, the
 * first and last 64 words and every 61st word of a large one (the simulated memory is slow).
 */
function* wordOffsets(bytes: number, from: number): Generator<number> {
  for (let offset = from; offset < bytes; offset += 8) {
    if (bytes <= 2048 || offset < 512 || offset >= bytes - 512 || offset % (61 * 8) === 0) yield offset;
  }
}

/** Writes a header (type id 1, flags) and a stamp in the words after it. */
function fill(obj: Obj, flags: number): void {
  storeInt32(obj.address, 0, 1);
  storeInt32(obj.address, FLAGS_OFFSET, flags | (obj.large ? LARGE : 0));
  for (const offset of wordOffsets(obj.bytes, 8)) storeWord(obj.address, offset, obj.stamp + offset);
}

function expectZeroed(address: number, bytes: number, from = 0): void {
  for (const offset of wordOffsets(bytes, from)) if (loadWord(address, offset) !== 0) expect.fail(`word ${offset} of 0x${address.toString(16)} is not 0`);
}

function expectIntact(obj: Obj): void {
  expect(loadInt32(obj.address, 0)).toBe(1);
  for (const offset of wordOffsets(obj.bytes, 8)) {
    if (loadWord(obj.address, offset) !== obj.stamp + offset) expect.fail(`word ${offset} of 0x${obj.address.toString(16)} changed`);
  }
}

describe("small objects", () => {
  it("allocates zero-filled, distinct, 8-aligned slots of each size class", () => {
    const seen = new Set<number>();
    for (let bytes = 16; bytes <= SMALL_MAX; bytes += 8) {
      for (let k = 0; k < 3; k++) {
        const a = oldMallocSmall(bytes);
        expect(a % 8).toBe(0);
        expect(seen.has(a)).toBe(false);
        seen.add(a);
        expectZeroed(a, bytes);
        storeWord(a, bytes - 8, -1);
      }
    }
    expect(oldBytesInUse()).toBe(3 * ((16 + SMALL_MAX) / 2) * ((SMALL_MAX - 16) / 8 + 1));
    expect(oldBytesMapped()).toBe(((SMALL_MAX - 16) / 8 + 1) * ARENA_BYTES);
  });

  it("fills an arena before mapping the next, and sweeps unmarked slots into reuse", () => {
    const bytes = 48;
    const objs: Obj[] = [];
    for (let i = 0; i < 3000; i++) {
      const obj = { address: oldMallocSmall(bytes), bytes, large: false, stamp: i * 1000 };
      fill(obj, i % 3 === 0 ? MARKED | TRACK_YOUNG_PTRS : TRACK_YOUNG_PTRS);
      objs.push(obj);
    }
    const arenas = Math.ceil(3000 / Math.floor((ARENA_BYTES - 32) / bytes));
    expect(oldBytesMapped()).toBe(arenas * ARENA_BYTES);
    oldSweep();
    const live = objs.filter((_, i) => i % 3 === 0);
    expect(oldBytesInUse()).toBe(live.length * bytes);
    for (const obj of live) {
      expectIntact(obj);
      expect(loadInt32(obj.address, FLAGS_OFFSET)).toBe(TRACK_YOUNG_PTRS);
    }
    // Every slot freed is handed out again, zero-filled, before any new arena is mapped.
    const freed = new Set(objs.filter((_, i) => i % 3 !== 0).map((o) => o.address));
    const count = freed.size;
    for (let i = 0; i < count; i++) {
      const a = oldMallocSmall(bytes);
      expect(freed.delete(a)).toBe(true);
      expectZeroed(a, bytes);
    }
    expect(freed.size).toBe(0);
    expect(oldBytesMapped()).toBe(arenas * ARENA_BYTES);
    for (const obj of live) expectIntact(obj);
  });

  it("unmaps arenas with nothing live and keeps the bump range of the newest arena", () => {
    const first: number[] = [];
    for (let i = 0; i < 5000; i++) first.push(oldMallocSmall(16));
    for (const a of first) storeInt32(a, 0, 1);
    // Only the last object survives: it lives in the newest arena.
    storeInt32(first[first.length - 1]!, FLAGS_OFFSET, MARKED);
    const before = simulatedMappedBytes();
    oldSweep();
    expect(oldBytesMapped()).toBe(ARENA_BYTES);
    expect(simulatedMappedBytes()).toBe(before - ARENA_BYTES);
    expect(oldBytesInUse()).toBe(16);
    // The survivor's free neighbours and then the untouched rest of its arena are used next.
    const perArena = Math.floor((ARENA_BYTES - 32) / 16);
    const mappedNow = simulatedMappedBytes();
    for (let i = 0; i < perArena - 1; i++) expect(oldMallocSmall(16)).not.toBe(0);
    expect(simulatedMappedBytes()).toBe(mappedNow);
    expect(oldMallocSmall(16)).not.toBe(0);
    expect(simulatedMappedBytes()).toBe(mappedNow + ARENA_BYTES);
    // A sweep with nothing marked returns every arena.
    oldSweep();
    expect(oldBytesMapped()).toBe(0);
    expect(oldBytesInUse()).toBe(0);
    expect(oldMallocSmall(16)).not.toBe(0);
    expect(oldBytesInUse()).toBe(16);
  });

  it("does not free never-used slots nor keep free slots when nothing was allocated since", () => {
    const a = oldMallocSmall(32);
    storeInt32(a, 0, 1);
    storeInt32(a, FLAGS_OFFSET, MARKED);
    oldSweep();
    storeInt32(a, FLAGS_OFFSET, MARKED);
    oldSweep();
    expect(oldBytesInUse()).toBe(32);
    const b = oldMallocSmall(32);
    expect(b).toBe(a + 32);
  });
});

describe("medium objects", () => {
  it("have 24 size classes from 1280 to 65536 bytes, four per doubling, each request in the smallest that holds it", () => {
    const sizes = Array.from({ length: 24 }, (_, k) => mediumClassBytes(k));
    expect(sizes.slice(0, 9)).toEqual([1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096, 5120]);
    expect(sizes.at(-1)).toBe(MEDIUM_MAX);
    for (let bytes = SMALL_MAX + 8; bytes <= MEDIUM_MAX; bytes += 8) {
      const k = mediumClass(bytes);
      expect(mediumClassBytes(k)).toBeGreaterThanOrEqual(bytes);
      if (k > 0) expect(mediumClassBytes(k - 1)).toBeLessThan(bytes);
      // At most a fifth of a slot is left unused.
      expect(mediumClassBytes(k) - bytes).toBeLessThan(mediumClassBytes(k) / 5);
    }
    // Arenas of whole 64 KiB units holding at least 4 slots.
    for (const size of sizes) {
      const arena = arenaBytesFor(size);
      expect(arena % ARENA_BYTES).toBe(0);
      expect(Math.floor((arena - 32) / size)).toBeGreaterThanOrEqual(4);
      expect(arena).toBeLessThanOrEqual(ARENA_MAX_BYTES);
    }
    expect(arenaBytesFor(5120)).toBe(ARENA_BYTES);
    expect(arenaBytesFor(MEDIUM_MAX)).toBe(ARENA_MAX_BYTES);
    expect(ARENA_MAX_BYTES).toBe(5 * ARENA_BYTES);
  });

  it("share arenas: many objects of 1-64 KiB, zero-filled and distinct, in a few mappings", () => {
    const next = random(11);
    const objs: Obj[] = [];
    const mappedAtStart = simulatedMappedBytes();
    let slots = 0;
    for (let i = 0; i < 600; i++) {
      const bytes = SMALL_MAX + 8 + Math.floor(next() * ((MEDIUM_MAX - SMALL_MAX) / 8)) * 8;
      const address = oldMallocSmall(bytes);
      expect(address % 8).toBe(0);
      expectZeroed(address, bytes);
      const obj = { address, bytes, large: false, stamp: (i + 1) * 1_000_000 };
      fill(obj, TRACK_YOUNG_PTRS);
      objs.push(obj);
      slots += mediumClassBytes(mediumClass(bytes));
    }
    for (const obj of objs) {
      expectIntact(obj);
      expect(oldIsLarge(obj.address)).toBe(false);
    }
    // Objects never overlap.
    const sorted = [...objs].sort((a, b) => a.address - b.address);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.address).toBeGreaterThanOrEqual(sorted[i - 1]!.address + sorted[i - 1]!.bytes);
    expect(oldBytesInUse()).toBe(slots);
    // One mapping each would be 600 mappings of at least the object; the arenas (24 classes,
    // each holding at least 4 slots) hold them in well under twice their bytes.
    expect(oldBytesMapped()).toBeLessThan(2 * slots);
    expect(simulatedMappedBytes() - mappedAtStart).toBe(oldBytesMapped() + 8192);
  });

  it("are swept into reuse by their class; emptied arenas go to the pool of their size, then to any class of that arena size", () => {
    const bytes = 3000; // the 3072-byte class: 21 slots in a 64 KiB arena
    const perArena = Math.floor((ARENA_BYTES - 32) / 3072);
    const objs: Obj[] = [];
    for (let i = 0; i < perArena * 3; i++) {
      const obj = { address: oldMallocSmall(bytes), bytes, large: false, stamp: i * 1_000_000 };
      fill(obj, i % 2 === 0 ? MARKED : 0);
      objs.push(obj);
    }
    expect(oldBytesMapped()).toBe(3 * ARENA_BYTES);
    oldSweep();
    const live = objs.filter((_, i) => i % 2 === 0);
    expect(oldBytesInUse()).toBe(live.length * 3072);
    for (const obj of live) {
      expectIntact(obj);
      expect(loadInt32(obj.address, FLAGS_OFFSET)).toBe(0);
    }
    // The freed slots come back (zero-filled) before any arena is mapped; another class's request maps an arena of its own.
    const freed = new Set(objs.filter((_, i) => i % 2 !== 0).map((o) => o.address));
    const count = freed.size;
    for (let i = 0; i < count; i++) {
      const a = oldMallocSmall(2900);
      expect(freed.delete(a)).toBe(true);
      expectZeroed(a, 2900);
    }
    expect(oldBytesMapped()).toBe(3 * ARENA_BYTES);
    const other = oldMallocSmall(2048);
    expect(oldBytesMapped()).toBe(4 * ARENA_BYTES);
    expect(objs.some((o) => o.address === other)).toBe(false);

    // Nothing marked: the four arenas go to the pool of 64 KiB arenas, which any class of 64 KiB arenas (small ones too) takes from.
    const mapped = simulatedMappedBytes();
    oldSweepKeepingArenas();
    expect(oldBytesInUse()).toBe(0);
    expect(oldFreeArenaBytes()).toBe(4 * ARENA_BYTES);
    const small = oldMallocSmall(48);
    const medium = oldMallocSmall(5000);
    expect(simulatedMappedBytes()).toBe(mapped);
    expect(oldFreeArenaBytes()).toBe(2 * ARENA_BYTES);
    expect(small).not.toBe(0);
    expect(medium).not.toBe(0);
    // A class of bigger arenas maps its own; the trim unmaps what the pools hold.
    const big = oldMallocSmall(MEDIUM_MAX);
    expect(simulatedMappedBytes()).toBe(mapped + ARENA_MAX_BYTES);
    expect(big).not.toBe(0);
    oldTrimFreeArenas(0);
    expect(oldFreeArenaBytes()).toBe(0);
    expect(simulatedMappedBytes()).toBe(mapped + ARENA_MAX_BYTES - 2 * ARENA_BYTES);
  });

  it("free emptied arenas of every size by the biggest first when trimmed", () => {
    for (const bytes of [MEDIUM_MAX, 40_000, 20_000, 4000, 64]) {
      const a = oldMallocSmall(bytes);
      storeInt32(a, 0, 1);
    }
    const arenas = [MEDIUM_MAX, 40_000, 20_000, 4000, 64].map((b) => arenaBytesFor(b > SMALL_MAX ? mediumClassBytes(mediumClass(b)) : b));
    expect(oldBytesMapped()).toBe(arenas.reduce((x, y) => x + y, 0));
    oldSweepKeepingArenas();
    expect(oldFreeArenaBytes()).toBe(oldBytesMapped());
    oldTrimFreeArenas(3 * ARENA_BYTES);
    // The 320 KiB arena went first, then a 256 KiB one, ...: what is left is at most 3 units.
    expect(oldFreeArenaBytes()).toBeLessThanOrEqual(3 * ARENA_BYTES);
    expect(oldBytesMapped()).toBe(oldFreeArenaBytes());
    expect(oldFreeArenaBytes()).toBe(2 * ARENA_BYTES);
    oldTrimFreeArenas(0);
    expect(oldBytesMapped()).toBe(0);
  });
});

describe("large objects", () => {
  it("allocates zero-filled objects with zeroed cards just below them", () => {
    for (const [bytes, cards] of [[SMALL_MAX + 8, 0], [5000, 3], [100_000, 40], [1 << 20, 3000], [1 << 22, 200_000]] as const) {
      const obj = oldMallocLarge(bytes, cards);
      expect(obj % 8).toBe(0);
      expect(oldIsLarge(obj)).toBe(true);
      expect(loadInt32(obj, FLAGS_OFFSET)).toBe(LARGE);
      expect(loadInt32(obj, 0)).toBe(0);
      expectZeroed(obj, bytes, 8);
      const cardStart = largeCards(obj, cards);
      expect(cardStart).toBe(obj - cards);
      for (let i = 0; i < cards; i += Math.max(1, cards >> 6)) expect(loadByte(cardStart, i)).toBe(0);
      for (let i = 0; i < cards; i++) storeByte(cardStart, i, 1);
      storeWord(obj, bytes - 8, 42);
    }
    expect(oldBytesInUse()).toBe(SMALL_MAX + 8 + 5000 + 100_000 + (1 << 20) + (1 << 22));
  });

  it("frees one large object at once, from its address alone", () => {
    const objs = [oldMallocLarge(2000, 0), oldMallocLarge(70_000, 600), oldMallocLarge(1 << 21, 5000), oldMallocLarge(3000, 16)];
    const mapped = simulatedMappedBytes();
    expect(oldBytesMapped()).toBe(mapped);
    oldFreeLarge(objs[1]!);
    oldFreeLarge(objs[2]!);
    expect(oldBytesInUse()).toBe(2000 + 3000);
    expect(simulatedMappedBytes()).toBe(oldBytesMapped());
    expect(simulatedMappedBytes()).toBeLessThan(mapped - (1 << 21));
    oldFreeLarge(objs[3]!);
    oldFreeLarge(objs[0]!);
    expect(oldBytesInUse()).toBe(0);
    expect(simulatedMappedBytes()).toBe(0);
  });
});

describe("sweep of mixed sizes", () => {
  it("keeps exactly the marked objects, intact, and reuses the rest", () => {
    const next = random(7);
    let objs: Obj[] = [];
    const mappedAtStart = simulatedMappedBytes();
    let stamp = 1;
    const allocate = (count: number) => {
      for (let i = 0; i < count; i++) {
        const large = next() < 0.02;
        const medium = !large && next() < 0.05;
        const bytes = large
          ? MEDIUM_MAX + 8 + Math.floor(next() * 20_000) * 8
          : medium
            ? SMALL_MAX + 8 + Math.floor(next() * ((MEDIUM_MAX - SMALL_MAX) / 8)) * 8
            : 16 + Math.floor(next() * ((SMALL_MAX - 16) / 8 + 1)) * 8;
        const cards = large && next() < 0.5 ? Math.ceil(bytes / 1024) : 0;
        const address = large ? oldMallocLarge(bytes, cards) : oldMallocSmall(bytes);
        expect(address).toBeGreaterThan(0);
        expectZeroed(address, bytes, large ? 8 : 0);
        const obj = { address, bytes, large, stamp: (stamp += 1) * 1_000_000 };
        fill(obj, cards > 0 ? HAS_CARDS : 0);
        objs.push(obj);
      }
    };
    for (let round = 0; round < 4; round++) {
      allocate(3000);
      const live: Obj[] = [];
      for (const obj of objs) {
        if (next() < 0.4) {
          storeInt32(obj.address, FLAGS_OFFSET, loadInt32(obj.address, FLAGS_OFFSET) | MARKED);
          live.push(obj);
        }
      }
      const mappedBefore = simulatedMappedBytes();
      oldSweep();
      objs = live;
      expect(oldBytesInUse()).toBe(live.reduce((sum, o) => sum + (o.large || o.bytes <= SMALL_MAX ? o.bytes : mediumClassBytes(mediumClass(o.bytes))), 0));
      expect(simulatedMappedBytes()).toBeLessThan(mappedBefore);
      for (const obj of live) {
        expectIntact(obj);
        expect(loadInt32(obj.address, FLAGS_OFFSET) & MARKED).toBe(0);
        expect(oldIsLarge(obj.address)).toBe(obj.large);
      }
      // The class table is the only mapping outside oldBytesMapped.
      expect(simulatedMappedBytes() - mappedAtStart).toBe(oldBytesMapped() + 8192);
    }
    const addresses = new Set(objs.map((o) => o.address));
    expect(addresses.size).toBe(objs.length);
    // Nothing marked: everything goes.
    oldSweep();
    expect(oldBytesInUse()).toBe(0);
    expect(oldBytesMapped()).toBe(0);
    expect(simulatedMappedBytes() - mappedAtStart).toBe(8192);
  });
});

describe("translated (tests/fixtures/gc/oldspace-program.ts)", () => {
  const program = "tests/fixtures/gc/oldspace-program.ts";
  const expected = [
    "stack 20000 1681840000 1 164080 196608",
    "cleared 0 65536",
    "large true false 0 0",
    "before 3225096 8433664",
    "after 1141376 true 2000 2000 true",
    "reused 1000",
    "empty 0 0",
    "",
  ].join("\n");

  it("prints the same on Node, in the LL interpreter and as a native executable", async () => {
    expect(await runRts(["run", program])).toMatchObject({ stdout: expected, status: 0 });
    expect(await runRts(["run", "--llinterp", program])).toMatchObject({ stdout: expected, status: 0 });
    const binary = path.join(mkdtempSync(path.join(tmpdir(), "rts-oldspace-")), "oldspace");
    expect((await runRts(["translate", program, "-o", binary])).status).toBe(0);
    expect(await runCommand(binary, [])).toMatchObject({ stdout: expected, stderr: "", status: 0 });
  });
});
