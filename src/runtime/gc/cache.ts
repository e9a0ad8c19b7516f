/**
 * The nursery's size from the machine's cache (RTS, run once by gcInit before anything is
 * allocated), as PyPy's rpython/memory/gc/env.py estimate_best_nursery_size: half the L2 cache,
 * so that the bump allocation, the nursery's zeroing and the copying of survivors run in cache.
 * Linux tells the caches of each CPU in /sys/devices/system/cpu/cpu0/cache/index<k>/ (files
 * `level`, `type` and `size`: "2", "Unified", "2048K"); the L2 is the index of level 2 whose type
 * is Unified or Data. PyPy reads /proc/cpuinfo's "cache size" on x86, which on today's machines is
 * the last-level cache (hundreds of MB on a server), and sysfs elsewhere; the L2 itself is what
 * the rule means.
 *
 * Nothing here allocates: the files are read into prebuilt byte arrays (a path is built in PATH,
 * NUL-terminated) through rts/system's osOpenRead and osRead.
 */

import { osClose, osOpenRead, osRead } from "rts/system";

/** The folder of cpu0's caches, up to the index number. */
export const CPU0_CACHE_INDEX = "/sys/devices/system/cpu/cpu0/cache/index";
/** The nursery when no L2 size can be read (no /sys, another system): half of a common 2 MB L2. */
export const NURSERY_UNKNOWN_CACHE = 1024 * 1024;
/** Bounds of the nursery the cache gives: below, the large-object threshold (a quarter) would send ordinary objects to their own mappings; above, the peak memory grows for nothing the cache holds. */
export const NURSERY_FROM_CACHE_MIN = 512 * 1024;
export const NURSERY_FROM_CACHE_MAX = 8 * 1024 * 1024;
/** Cache indexes looked at (Linux numbers them from 0 without gaps; 4 or 5 on today's CPUs). */
const MAX_INDEX = 16;

const PATH = new Uint8Array(256);
const TEXT = new Uint8Array(64);

const CHAR_0 = 48;
const CHAR_9 = 57;
const ASCII_LOWER = 32;
const CHAR_LOWER_K = 107;
const CHAR_LOWER_M = 109;

/** Writes s into PATH at `at`; the position after it. */
function putPath(at: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n && at + i < PATH.length - 1; i++) PATH[at + i] = s.charCodeAt(i);
  return at + n < PATH.length - 1 ? at + n : PATH.length - 1;
}

/** Reads the file whose NUL-terminated path is in PATH into TEXT; the bytes read, or -1. */
function readPath(): number {
  const fd = osOpenRead(PATH);
  if (fd < 0) return -1;
  const n = osRead(fd, TEXT, 0, TEXT.length);
  osClose(fd);
  return n;
}

/** Reads file `name` of cache index k under `folder` (the index number appended to it) into TEXT; the bytes read, or -1. */
function readIndexFile(folder: string, k: number, name: string): number {
  let at = putPath(0, folder);
  if (k >= 10) {
    PATH[at] = CHAR_0 + Math.floor(k / 10);
    at += 1;
  }
  PATH[at] = CHAR_0 + (k % 10);
  at = putPath(at + 1, "/");
  at = putPath(at, name);
  PATH[at] = 0;
  return readPath();
}

/** Whether TEXT's first n bytes start with s. */
function textStartsWith(n: number, s: string): boolean {
  if (n < s.length) return false;
  for (let i = 0; i < s.length; i++) if (TEXT[i] !== s.charCodeAt(i)) return false;
  return true;
}

/** The size in TEXT's first n bytes ("2048K", "1M", "524288"), or -1 when it is none. */
function textSize(n: number): number {
  let value = 0;
  let i = 0;
  while (i < n && TEXT[i]! >= CHAR_0 && TEXT[i]! <= CHAR_9) {
    if (value > 1e12) return -1;
    value = value * 10 + (TEXT[i]! - CHAR_0);
    i += 1;
  }
  if (i === 0) return -1;
  const unit = i < n ? TEXT[i]! | ASCII_LOWER : 0;
  if (unit === CHAR_LOWER_K) return value * 1024;
  if (unit === CHAR_LOWER_M) return value * 1024 * 1024;
  return value;
}

/**
 * The L2 cache's size in bytes as the cache folders `folder`0, `folder`1, ... describe them
 * (CPU0_CACHE_INDEX on Linux): the first of level 2 that is Unified or Data; -1 when there is none
 * (no such folders, unreadable files).
 */
export function l2CacheBytes(folder: string): number {
  for (let k = 0; k < MAX_INDEX; k++) {
    const levelBytes = readIndexFile(folder, k, "level");
    if (levelBytes < 0) return -1; // past the last index
    if (textSize(levelBytes) !== 2) continue;
    const typeBytes = readIndexFile(folder, k, "type");
    if (!textStartsWith(typeBytes, "Unified") && !textStartsWith(typeBytes, "Data")) continue;
    const sizeBytes = readIndexFile(folder, k, "size");
    const size = sizeBytes > 0 ? textSize(sizeBytes) : -1;
    if (size > 0) return size;
  }
  return -1;
}

/** The nursery for an L2 cache of l2 bytes (-1: unknown): half of it, within the bounds above, in whole pages. */
export function nurseryForCache(l2: number): number {
  if (l2 <= 0) return NURSERY_UNKNOWN_CACHE;
  let nursery = Math.floor(l2 / 2 / 4096) * 4096;
  if (nursery < NURSERY_FROM_CACHE_MIN) nursery = NURSERY_FROM_CACHE_MIN;
  if (nursery > NURSERY_FROM_CACHE_MAX) nursery = NURSERY_FROM_CACHE_MAX;
  return nursery;
}
