// The nursery sized from the L2 cache (src/runtime/gc/cache.ts), untranslated: the cache folders
// are files, so a fake /sys tree in a temporary folder stands for the machine's. And its growth
// when minor collections promote what soon dies (collector.ts growNursery).

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gcCollect, gcIsYoung, gcLargeThreshold, gcMajorThreshold, gcMinorCollections, gcNurseryReservedEnd, gcNurserySize, gcNurseryStart } from "../../src/runtime/gc/collector.ts";
import { CPU0_CACHE_INDEX, l2CacheBytes, NURSERY_FROM_CACHE_MAX, NURSERY_UNKNOWN_CACHE, nurseryForCache } from "../../src/runtime/gc/cache.ts";
import { getRoot, NULL, newNode, nodeLeft, nodeValue, pushRoot, setRoot, setupHeap } from "./simulated-heap.ts";

/** A fake cpu0/cache folder with one index per [level, type, size]; the prefix l2CacheBytes takes. */
function fakeCaches(indexes: [string, string, string][]): string {
  const root = mkdtempSync(path.join(tmpdir(), "rts-cache-"));
  indexes.forEach(([level, type, size], k) => {
    const dir = path.join(root, `index${k}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "level"), `${level}\n`);
    writeFileSync(path.join(dir, "type"), `${type}\n`);
    writeFileSync(path.join(dir, "size"), `${size}\n`);
  });
  return path.join(root, "index");
}

describe("the L2 cache's size", () => {
  it("is the size of the first index of level 2 that is Unified or Data", () => {
    const machine = fakeCaches([
      ["1", "Data", "48K"],
      ["1", "Instruction", "64K"],
      ["2", "Unified", "2048K"],
      ["3", "Unified", "491520K"],
    ]);
    expect(l2CacheBytes(machine)).toBe(2048 * 1024);
    expect(l2CacheBytes(fakeCaches([["2", "Instruction", "512K"], ["2", "Data", "1M"]]))).toBe(1024 * 1024);
    expect(l2CacheBytes(fakeCaches([["1", "Data", "32K"], ["12", "Unified", "4096K"], ["2", "Unified", "262144"]]))).toBe(262144);
  });

  it("is unknown (-1) without such an index, or without the folders", () => {
    expect(l2CacheBytes(fakeCaches([["1", "Data", "32K"], ["3", "Unified", "8192K"]]))).toBe(-1);
    expect(l2CacheBytes(fakeCaches([["2", "Unified", "big"]]))).toBe(-1);
    expect(l2CacheBytes(path.join(tmpdir(), "rts-no-such-folder", "index"))).toBe(-1);
  });

  it("gives a nursery of half of it, within bounds, 1 MB when unknown", () => {
    expect(nurseryForCache(2048 * 1024)).toBe(1024 * 1024);
    expect(nurseryForCache(1280 * 1024)).toBe(640 * 1024);
    expect(nurseryForCache(256 * 1024)).toBe(512 * 1024);
    expect(nurseryForCache(64 * 1024 * 1024)).toBe(8 * 1024 * 1024);
    expect(nurseryForCache(-1)).toBe(NURSERY_UNKNOWN_CACHE);
    expect(NURSERY_UNKNOWN_CACHE).toBe(1024 * 1024);
  });

  it("sizes the nursery gcInit maps unless RTS_GC_NURSERY says otherwise; the first major collection waits for 8 nurseries", () => {
    setupHeap({});
    const expected = nurseryForCache(l2CacheBytes(CPU0_CACHE_INDEX));
    expect(gcNurserySize()).toBe(expected);
    expect(gcMajorThreshold()).toBe(8 * expected);
    expect(gcLargeThreshold()).toBe(64 * 1024);
    const level2 = `${CPU0_CACHE_INDEX}2`;
    if (existsSync(`${level2}/size`) && readFileSync(`${level2}/level`, "utf8").trim() === "2" && readFileSync(`${level2}/type`, "utf8").trim() === "Unified") {
      expect(gcNurserySize()).toBe(nurseryForCache(Number.parseInt(readFileSync(`${level2}/size`, "utf8"), 10) * 1024));
    }
    setupHeap({ RTS_GC_NURSERY: "3MB" });
    expect(gcNurserySize()).toBe(3 * 1024 * 1024);
    expect(gcMajorThreshold()).toBe(24 * 1024 * 1024);
  });
});

/** A list of n nodes (values 0 .. n-1, the head n-1) in root slot `slot`, built in the nursery. */
function buildList(slot: number, n: number): void {
  setRoot(slot, NULL);
  for (let i = 0; i < n; i++) setRoot(slot, newNode(i, getRoot(slot)));
}

function listLength(head: number): number {
  let n = 0;
  for (let node = head; node !== NULL; node = nodeLeft(node)) {
    expect(nodeValue(node)).toBe(n === 0 ? nodeValue(head) : nodeValue(head) - n);
    n += 1;
  }
  return n;
}

describe("the nursery's growth", () => {
  // The nursery the cache gives this machine must leave room to double (1 MB here: a 2 MB L2).
  const grows = () => gcNurserySize() * 2 <= NURSERY_FROM_CACHE_MAX;

  it("doubles after a major collection finds most of what minor collections promoted dead, up to its reserve", () => {
    setupHeap({});
    const first = gcNurserySize();
    expect(gcNurseryReservedEnd()).toBe(gcNurseryStart() + Math.max(first, NURSERY_FROM_CACHE_MAX));
    if (!grows()) return;
    pushRoot(NULL);
    const sizes: number[] = [];
    for (let round = 0; round < 5; round++) {
      // Promoted by a minor collection, then dropped: the major collection frees all of it.
      buildList(0, 3000);
      gcCollect(false);
      expect(gcIsYoung(getRoot(0))).toBe(false);
      setRoot(0, NULL);
      gcCollect(true);
      sizes.push(gcNurserySize());
    }
    const expected = [2, 4, 8, 16, 32].map((k) => Math.min(first * k, NURSERY_FROM_CACHE_MAX));
    expect(sizes).toEqual(expected);
    // The next major collection waits for the old space to grow by a grown nursery's worth too.
    expect(gcMajorThreshold()).toBe(Math.max(8 * first, Math.floor(NURSERY_FROM_CACHE_MAX * 1.82)));
    // The grown nursery is used whole: objects up to its new end are young, collected as before.
    const minors = gcMinorCollections();
    const nodes = Math.floor((gcNurserySize() - 4096) / 32);
    buildList(0, nodes);
    expect(gcMinorCollections()).toBe(minors);
    expect(gcIsYoung(getRoot(0))).toBe(true);
    expect(getRoot(0)).toBeGreaterThan(gcNurseryStart() + first);
    gcCollect(false);
    expect(gcIsYoung(getRoot(0))).toBe(false);
    expect(listLength(getRoot(0))).toBe(nodes);
  });

  it("stays as it is when what was promoted stays live", () => {
    setupHeap({});
    const first = gcNurserySize();
    for (let round = 0; round < 3; round++) {
      pushRoot(NULL);
      buildList(round, 3000);
      gcCollect(false);
      gcCollect(true);
    }
    expect(gcNurserySize()).toBe(first);
    for (let round = 0; round < 3; round++) expect(listLength(getRoot(round))).toBe(3000);
  });

  it("never grows a nursery RTS_GC_NURSERY sets", () => {
    setupHeap({ RTS_GC_NURSERY: "64KB" });
    expect(gcNurseryReservedEnd()).toBe(gcNurseryStart() + 64 * 1024);
    pushRoot(NULL);
    for (let round = 0; round < 3; round++) {
      buildList(0, 3000);
      gcCollect(false);
      setRoot(0, NULL);
      gcCollect(true);
    }
    expect(gcNurserySize()).toBe(64 * 1024);
  });
});
