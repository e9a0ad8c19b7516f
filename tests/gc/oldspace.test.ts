// The old generation's allocator and sweep (src/runtime/gc/oldspace.ts), untranslated on the simulated
// memory, against a model of which objects are live and what they hold.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { FLAGS_OFFSET, HAS_CARDS, LARGE, MARKED, TRACK_YOUNG_PTRS } from "../../src/runtime/gc/layout.ts";
import {
  ARENA_BYTES,
  largeCards,
  oldBytesInUse,
  oldBytesMapped,
  oldFreeLarge,
  oldIsLarge,
  oldMallocLarge,
  oldMallocSmall,
  oldReset,
  oldSweep,
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
        const bytes = large ? SMALL_MAX + 8 + Math.floor(next() * 20_000) * 8 : 16 + Math.floor(next() * ((SMALL_MAX - 16) / 8 + 1)) * 8;
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
      expect(oldBytesInUse()).toBe(live.reduce((sum, o) => sum + o.bytes, 0));
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
