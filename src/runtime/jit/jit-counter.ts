/**
 * The JIT's counters (RPython's rpython/jit/metainterp/counter.py JitCounter): how often each
 * green key has been seen at canEnterJit or jitMergePoint, and how often each guard has failed,
 * in one lossy table indexed by a 32-bit hash.
 *
 * The table has SIZE entries of WAYS ways; a hash's top bits pick the entry (`index`), its low
 * 16 bits (`subhash`) tell the ways apart. A way's time goes from 0 (absent) up to 1: each tick
 * adds an increment, 1/threshold (`increment`), and the tick that reaches 1 reports it and resets
 * the way to 0. The ways of an entry are kept roughly by decreasing time, so that a new hash takes
 * the way of the coldest. Two hashes that collide share their time, so they get hot twice as
 * fast, which is harmless: the cost is an earlier trace. decayAll multiplies every time by
 * (1 - decay/1000), so that what ticks rarely never gets hot (the warm state calls it whenever a
 * bound is reached; the collector will call it after minor collections, as RPython's does).
 *
 * Times are doubles here (RPython keeps single floats to fit an entry in 32 bytes). RTS: plain
 * arrays of numbers, allocated at the first use of the table and never after (a JitCounter is
 * prebuilt into binaries: 160 KB of zeros in their data otherwise).
 */

/** Entries of the table: a power of two. */
export const COUNTER_SIZE = 2048;
/** Ways per entry. */
export const COUNTER_WAYS = 5;
/** 32 - log2(COUNTER_SIZE): the shift that leaves a hash's index bits. */
const INDEX_SHIFT = 21;
const SUBHASH_MASK = 65535;
/** Added to nextHash per guard: moves the subhash by 1, the index by 1, and again every 65536 hashes (RPython's three bits). */
const NEXT_HASH_STEP = 1 + 2 ** INDEX_SHIFT + 2 ** (INDEX_SHIFT - 16);
const TWO_32 = 4294967296;

/** The increment that makes a counter hot after threshold ticks; 0 (never hot) when threshold <= 0. */
export function counterIncrement(threshold: number): number {
  if (threshold <= 0) return 0.0;
  return 1.0 / (threshold - 0.001);
}

export class JitCounter {
  /** COUNTER_SIZE * COUNTER_WAYS times, entry by entry. */
  readonly times: number[] = [];
  /** The subhash of each way. */
  readonly subhashes: number[] = [];
  /** The next hash given to a guard (fetchNextHash). */
  nextHash = 0;
  /** What decayAll multiplies times by. */
  decayFactor = 1.0;

  /** The table, made at its first use (every access goes through entryOf). */
  private allocate(): void {
    for (let i = 0; i < COUNTER_SIZE * COUNTER_WAYS; i++) {
      this.times.push(0.0);
      this.subhashes.push(0);
    }
  }

  /** The hash's entry: its top bits, below COUNTER_SIZE. */
  indexOf(hash: number): number {
    const h = hash >= 0 ? hash % TWO_32 : (hash % TWO_32) + TWO_32;
    return Math.floor(h / 2 ** INDEX_SHIFT);
  }

  /** The first way of the hash's entry. */
  entryOf(hash: number): number {
    if (this.times.length === 0) this.allocate();
    return this.indexOf(hash) * COUNTER_WAYS;
  }

  /** A hash for a new guard: consecutive guards get different entries and subhashes. */
  fetchNextHash(): number {
    const result = this.nextHash;
    this.nextHash = (this.nextHash + NEXT_HASH_STEP) % TWO_32;
    return result;
  }

  /**
   * Adds increment to the hash's time; true (and the time back to 0) when it reaches 1. A hash
   * not in its entry takes the way after the last used one, or the last way.
   */
  tick(hash: number, increment: number): boolean {
    const base = this.entryOf(hash);
    const subhash = hash & SUBHASH_MASK;
    let n = 0;
    if (this.subhashes[base] !== subhash || this.times[base] === 0.0) n = this.findWay(base, subhash);
    const time = this.times[base + n]! + increment;
    if (time < 1.0) {
      this.times[base + n] = time;
      return false;
    }
    this.reset(hash);
    return true;
  }

  /** The way of subhash in the entry at base, moved one place towards the front when it is hotter than the way there; a free or the last way when it is absent. */
  private findWay(base: number, subhash: number): number {
    for (let n = 0; n < COUNTER_WAYS; n++) {
      if (this.subhashes[base + n] === subhash && this.times[base + n]! > 0.0) {
        if (n > 0 && this.times[base + n]! >= this.times[base + n - 1]!) {
          this.swap(base + n - 1, base + n);
          return n - 1;
        }
        return n;
      }
    }
    let free = COUNTER_WAYS - 1;
    while (free > 0 && this.times[base + free - 1] === 0.0) free--;
    this.subhashes[base + free] = subhash;
    this.times[base + free] = 0.0;
    return free;
  }

  private swap(a: number, b: number): void {
    const time = this.times[a]!;
    this.times[a] = this.times[b]!;
    this.times[b] = time;
    const subhash = this.subhashes[a]!;
    this.subhashes[a] = this.subhashes[b]!;
    this.subhashes[b] = subhash;
  }

  /** The hash's time back to 0. */
  reset(hash: number): void {
    const base = this.entryOf(hash);
    const subhash = hash & SUBHASH_MASK;
    for (let n = 0; n < COUNTER_WAYS; n++) {
      if (this.subhashes[base + n] === subhash) this.times[base + n] = 0.0;
    }
  }

  /** The hash's time (0 when absent), for tests and logs. */
  timeOf(hash: number): number {
    const base = this.entryOf(hash);
    const subhash = hash & SUBHASH_MASK;
    for (let n = 0; n < COUNTER_WAYS; n++) {
      if (this.subhashes[base + n] === subhash && this.times[base + n]! > 0.0) return this.times[base + n]!;
    }
    return 0.0;
  }

  /** The decay parameter, from 0 (none) to 1000 (everything is forgotten). */
  setDecay(decay: number): void {
    const d = decay < 0 ? 0 : decay > 1000 ? 1000 : decay;
    this.decayFactor = 1.0 - d * 0.001;
  }

  /** Every time multiplied by the decay factor. */
  decayAll(): void {
    const f = this.decayFactor;
    if (f === 1.0) return;
    for (let i = 0; i < this.times.length; i++) this.times[i] = this.times[i]! * f;
  }
}

/** A 32-bit hash of the integer x mixed into h (a green key's hash is built value by value, from HASH_SEED). */
export function hashMix(h: number, x: number): number {
  // x may be any integer: fold it to 32 bits without losing the high ones.
  const low = x % TWO_32;
  const high = Math.floor(x / TWO_32) % TWO_32;
  let v = (h ^ (low | 0) ^ mul32(high | 0, 0x27d4eb2d)) | 0;
  v = mul32(v ^ (v >>> 15), 0x2c1b3c6d);
  v = mul32(v ^ (v >>> 12), 0x297a2d39);
  return (v ^ (v >>> 15)) | 0;
}

/** The first value of hashMix's chain. */
export const HASH_SEED = 0x1505;

/** (a * b) modulo 2^32, as a signed 32-bit integer, exact for any 32-bit a and b: the products stay below 2^53. */
function mul32(a: number, b: number): number {
  const aLow = a & 0xffff;
  const aHigh = (a >>> 16) & 0xffff;
  const bLow = b & 0xffff;
  const bHigh = (b >>> 16) & 0xffff;
  const cross = (aHigh * bLow + aLow * bHigh) & 0xffff;
  return (aLow * bLow + cross * 65536) | 0;
}
