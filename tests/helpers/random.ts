/** A small deterministic random generator for differential tests (xorshift128 on 32-bit words). */

import { floatFromWords } from "../../src/lib/index.ts";

export class Random {
  private a: number;
  private b = 362436069;
  private c = 521288629;
  private d = 88675123;

  constructor(seed: number) {
    this.a = seed >>> 0 || 1;
    for (let i = 0; i < 16; i++) this.word();
  }

  /** A uniform unsigned 32-bit integer. */
  word(): number {
    const t = (this.a ^ (this.a << 11)) >>> 0;
    this.a = this.b;
    this.b = this.c;
    this.c = this.d;
    this.d = (this.d ^ (this.d >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return this.d;
  }

  /** A uniform integer in [0, n), n <= 2^32. */
  below(n: number): number {
    return Math.floor((this.word() / 4294967296) * n);
  }

  /** One of the items. */
  pick(items: string[]): string {
    return items[this.below(items.length)]!;
  }

  /** n random characters of alphabet. */
  chars(alphabet: string, n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[this.below(alphabet.length)];
    return s;
  }

  /** A double made of random bits: every finite double and the NaNs, uniformly by pattern. */
  bits(): number {
    return floatFromWords(this.word(), this.word());
  }
}
