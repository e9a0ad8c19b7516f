// The nursery sized from the L2 cache (src/runtime/gc/cache.ts), untranslated: the cache folders
// are files, so a fake /sys tree in a temporary folder stands for the machine's.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gcLargeThreshold, gcMajorThreshold, gcNurserySize } from "../../src/runtime/gc/collector.ts";
import { CPU0_CACHE_INDEX, l2CacheBytes, NURSERY_UNKNOWN_CACHE, nurseryForCache } from "../../src/runtime/gc/cache.ts";
import { setupHeap } from "./simulated-heap.ts";

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
