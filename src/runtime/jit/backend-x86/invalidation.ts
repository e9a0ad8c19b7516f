/**
 * The invalidation words of the live traces (guard_not_invalidated, guards.ts): one 8-byte word
 * of raw memory per trace that has the guard, 0 while the trace is valid; `invalidate` sets it
 * (the warm runner, when a quasi-immutable field the trace assumed changes), and the guard's
 * code tests it. Words of freed traces are reused (loop_longevity). Pages are mapped as needed,
 * PAGE_WORDS words each.
 *
 * RTS: raw memory through rts/system.
 */

import { osMmap, storeWord } from "rts/system";
import { TraceCPUError } from "../trace-cpu.js";

const PAGE_WORDS = 512;

export class InvalidationWords {
  /** Words given back, taken first. */
  private readonly free: number[];
  /** The next word of the last page mapped, and its end (0: none). */
  private next: number;
  private end: number;

  constructor() {
    this.free = [];
    this.next = 0;
    this.end = 0;
  }

  /** A word for a new trace, 0 (valid). */
  take(): number {
    if (this.free.length > 0) return this.free.pop()!;
    if (this.next === this.end) {
      const page = osMmap(8 * PAGE_WORDS);
      if (page < 0) throw new TraceCPUError(`osMmap of invalidation words failed: ${page}`);
      this.next = page;
      this.end = page + 8 * PAGE_WORDS;
    }
    const word = this.next;
    this.next += 8;
    return word;
  }

  /** The trace of the word was freed: the word is valid again, for the next. */
  give(word: number): void {
    storeWord(word, 0, 0);
    this.free.push(word);
  }
}
