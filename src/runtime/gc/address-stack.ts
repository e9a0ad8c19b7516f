/**
 * A growable stack of words in raw memory, as RPython's AddressStack: the collector's remembered
 * set, mark stack, prebuilt roots, young large objects and arrays with cards. The collector may
 * not allocate GC objects, so a stack is a prebuilt instance (made at module top level by its
 * user: `const REMEMBERED = new AddressStack()`) whose fields are numbers, and its values live in
 * chunks of memory from gcMap (counted against RTS_GC_MAX) chained together.
 *
 * A chunk is CHUNK_BYTES: word 0 the chunk below (0 for the bottom one), word 1 the chunk above
 * (0 for the top one; it lets stackGet walk upwards), then CHUNK_CAPACITY values. Every chunk
 * below the top one is full, so the length fixes where each value is. One emptied chunk is kept
 * as a spare, so that a stack going up and down across a chunk boundary does not call mmap and
 * munmap each time.
 *
 * Tests on the simulated memory (resetSimulatedMemory) call stackReset on each stack after the
 * reset: the stack's addresses belong to the old address space.
 */

import { loadWord, storeWord } from "rts/system";
import { gcMap, gcUnmap } from "./oom.js";

export const CHUNK_BYTES = 65536;
const CHUNK_PREVIOUS = 0;
const CHUNK_NEXT = 8;
const CHUNK_VALUES = 16;
export const CHUNK_CAPACITY = (CHUNK_BYTES - CHUNK_VALUES) / 8;

export class AddressStack {
  /** The top chunk (0 while the stack has never held a value). */
  chunk: number;
  /** Values in the top chunk. */
  used: number;
  /** Chunks in the chain from the top chunk down. */
  depth: number;
  /** Values in the stack. */
  length: number;
  /** An empty chunk kept for the next growth, or 0. */
  spare: number;
  /** Chunks mapped, the spare included. */
  mappedChunks: number;
  /** stackGet's position (0: none): a chunk of the chain and the index of its first value, so that iteration from the bottom is not quadratic. */
  cursorChunk: number;
  cursorBase: number;
  constructor() {
    this.chunk = 0;
    this.used = 0;
    this.depth = 0;
    this.length = 0;
    this.spare = 0;
    this.mappedChunks = 0;
    this.cursorChunk = 0;
    this.cursorBase = 0;
  }
}

/** Links a fresh chunk on top; false when there is no memory (gcMap has stopped the program: only tests get here). */
function growStack(s: AddressStack): boolean {
  let fresh = s.spare;
  if (fresh !== 0) {
    s.spare = 0;
  } else {
    fresh = gcMap(CHUNK_BYTES);
    if (fresh === 0) return false;
    s.mappedChunks += 1;
  }
  storeWord(fresh, CHUNK_PREVIOUS, s.chunk);
  storeWord(fresh, CHUNK_NEXT, 0);
  if (s.chunk !== 0) storeWord(s.chunk, CHUNK_NEXT, fresh);
  s.chunk = fresh;
  s.used = 0;
  s.depth += 1;
  return true;
}

/** A chunk no longer in the chain becomes the spare, or is unmapped when there is one already. */
function releaseChunk(s: AddressStack, chunk: number): void {
  if (s.cursorChunk === chunk) s.cursorChunk = 0;
  if (s.spare === 0) {
    s.spare = chunk;
    return;
  }
  gcUnmap(chunk, CHUNK_BYTES);
  s.mappedChunks -= 1;
}

export function stackPush(s: AddressStack, value: number): void {
  if (s.chunk === 0 || s.used === CHUNK_CAPACITY) {
    if (!growStack(s)) return;
  }
  storeWord(s.chunk, CHUNK_VALUES + s.used * 8, value);
  s.used += 1;
  s.length += 1;
}

/** The top value, removed; 0 when the stack is empty. */
export function stackPop(s: AddressStack): number {
  if (s.length === 0) return 0;
  if (s.used === 0) {
    // The top chunk is empty and the one below is full: step down.
    const empty = s.chunk;
    s.chunk = loadWord(empty, CHUNK_PREVIOUS);
    storeWord(s.chunk, CHUNK_NEXT, 0);
    s.depth -= 1;
    s.used = CHUNK_CAPACITY;
    releaseChunk(s, empty);
  }
  s.used -= 1;
  s.length -= 1;
  return loadWord(s.chunk, CHUNK_VALUES + s.used * 8);
}

export function stackIsEmpty(s: AddressStack): boolean {
  return s.length === 0;
}

export function stackLength(s: AddressStack): number {
  return s.length;
}

/** Empties the stack, unmapping every chunk but the bottom one. */
export function stackClear(s: AddressStack): void {
  if (s.spare !== 0) {
    gcUnmap(s.spare, CHUNK_BYTES);
    s.mappedChunks -= 1;
    s.spare = 0;
  }
  let chunk = s.chunk;
  while (chunk !== 0) {
    const below = loadWord(chunk, CHUNK_PREVIOUS);
    if (below === 0) break;
    gcUnmap(chunk, CHUNK_BYTES);
    s.mappedChunks -= 1;
    chunk = below;
  }
  if (chunk !== 0) storeWord(chunk, CHUNK_NEXT, 0);
  s.chunk = chunk;
  s.depth = chunk === 0 ? 0 : 1;
  s.used = 0;
  s.length = 0;
  s.cursorChunk = 0;
}

/** The chunk holding value i (0 <= i < length), leaving the cursor on it. */
function chunkOf(s: AddressStack, i: number): number {
  let chunk = s.cursorChunk;
  let base = s.cursorBase;
  if (chunk === 0) {
    chunk = s.chunk;
    base = (s.depth - 1) * CHUNK_CAPACITY;
  }
  while (i < base) {
    chunk = loadWord(chunk, CHUNK_PREVIOUS);
    base -= CHUNK_CAPACITY;
  }
  while (i >= base + CHUNK_CAPACITY) {
    chunk = loadWord(chunk, CHUNK_NEXT);
    base += CHUNK_CAPACITY;
  }
  s.cursorChunk = chunk;
  s.cursorBase = base;
  return chunk;
}

/** The i-th value from the bottom (0 when i is out of range): iteration without popping. */
export function stackGet(s: AddressStack, i: number): number {
  if (i < 0 || i >= s.length) return 0;
  const chunk = chunkOf(s, i);
  return loadWord(chunk, CHUNK_VALUES + (i - s.cursorBase) * 8);
}

/** Replaces the i-th value from the bottom (nothing when i is out of range). */
export function stackSet(s: AddressStack, i: number, value: number): void {
  if (i < 0 || i >= s.length) return;
  const chunk = chunkOf(s, i);
  storeWord(chunk, CHUNK_VALUES + (i - s.cursorBase) * 8, value);
}

/** Bytes mapped for the stack (its spare chunk included). */
export function stackBytes(s: AddressStack): number {
  return s.mappedChunks * CHUNK_BYTES;
}

/** Tests only, after resetSimulatedMemory: forgets the chunks (they went with the old address space). */
export function stackReset(s: AddressStack): void {
  s.chunk = 0;
  s.used = 0;
  s.depth = 0;
  s.length = 0;
  s.spare = 0;
  s.mappedChunks = 0;
  s.cursorChunk = 0;
  s.cursorBase = 0;
}
