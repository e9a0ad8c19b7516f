/**
 * Math.random() of translated programs: xorshift128+ (Vigna, "Further scramblings of Marsaglia's
 * xorshift generators", 2017; the generator V8 uses, with its shifts 23, 17, 26), seeded on first
 * use from the realtime and monotonic clocks through MurmurHash3's finalizer. RTS code: the
 * 64-bit state words are kept as pairs of unsigned 32-bit halves, since RTS integers are exact
 * only up to 2^53 and its bit operations work on 32 bits.
 */

import { CLOCK_MONOTONIC, CLOCK_REALTIME, osClock } from "rts/system";

const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

class RandomState {
  hi0: number;
  lo0: number;
  hi1: number;
  lo1: number;
  seeded: boolean;
  constructor() {
    this.hi0 = 0;
    this.lo0 = 0;
    this.hi1 = 0;
    this.lo1 = 0;
    this.seeded = false;
  }
}

const STATE = new RandomState();

/** MurmurHash3's 32-bit finalizer: every input bit affects every output bit. */
function mix32(h: number): number {
  let x = h | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function seed(state: RandomState): void {
  const millis = Math.floor(osClock(CLOCK_REALTIME) * 1000);
  const ticks = osClock(CLOCK_MONOTONIC);
  const nanos = Math.floor((ticks - Math.floor(ticks)) * 1e9);
  const low = millis % TWO_32;
  const high = Math.floor(millis / TWO_32);
  state.lo0 = mix32(low ^ 0x9e3779b9);
  state.hi0 = mix32(high ^ nanos);
  state.lo1 = mix32(nanos ^ 0x7f4a7c15 ^ state.lo0);
  state.hi1 = mix32(state.hi0 ^ 0x5bd1e995 ^ low);
  // The all-zero state is the generator's one fixed point.
  if ((state.lo0 | state.hi0 | state.lo1 | state.hi1) === 0) state.lo1 = 1;
  state.seeded = true;
}

/** A double uniformly distributed in [0, 1), with 53 random bits. */
export function mathRandom(): number {
  const state = STATE;
  if (!state.seeded) seed(state);
  // s1 = state0, s0 = state1; the result is their 64-bit sum.
  let hi1 = state.hi0;
  let lo1 = state.lo0;
  const hi0 = state.hi1;
  const lo0 = state.lo1;
  let sumLo = lo0 + lo1;
  let carry = 0;
  if (sumLo >= TWO_32) {
    sumLo -= TWO_32;
    carry = 1;
  }
  const sumHi = (hi0 + hi1 + carry) % TWO_32;
  state.hi0 = hi0;
  state.lo0 = lo0;
  // Each word is masked to the bits that stay within 32 before it is shifted left, so that no
  // intermediate goes past 2^53 (the LL interpreter holds Signed values exactly).
  // s1 ^= s1 << 23
  hi1 = (hi1 ^ (((hi1 & 0x1ff) << 23) | (lo1 >>> 9))) >>> 0;
  lo1 = (lo1 ^ ((lo1 & 0x1ff) << 23)) >>> 0;
  // s1 ^= s1 >>> 17
  lo1 = (lo1 ^ ((lo1 >>> 17) | ((hi1 & 0x1ffff) << 15))) >>> 0;
  hi1 = (hi1 ^ (hi1 >>> 17)) >>> 0;
  // s1 ^= s0 ^ (s0 >>> 26)
  lo1 = (lo1 ^ lo0 ^ ((lo0 >>> 26) | ((hi0 & 0x3ffffff) << 6))) >>> 0;
  hi1 = (hi1 ^ hi0 ^ (hi0 >>> 26)) >>> 0;
  state.hi1 = hi1;
  state.lo1 = lo1;
  // The top 53 bits of the sum.
  return ((sumHi >>> 5) * 67108864 + (sumLo >>> 6)) / TWO_53;
}
