// The collector's raw stacks (src/runtime/gc/address-stack.ts), untranslated on the simulated memory.

import { beforeEach, describe, expect, it } from "vitest";
import {
  AddressStack,
  CHUNK_BYTES,
  CHUNK_CAPACITY,
  stackBytes,
  stackClear,
  stackGet,
  stackIsEmpty,
  stackLength,
  stackPop,
  stackPush,
  stackReset,
  stackSet,
} from "../../src/runtime/gc/address-stack.ts";
import { resetSimulatedMemory, simulatedMappedBytes } from "../../src/lib/system.ts";

const stack = new AddressStack();

beforeEach(() => {
  resetSimulatedMemory();
  stackReset(stack);
});

describe("AddressStack", () => {
  it("starts empty and maps nothing", () => {
    expect(stackIsEmpty(stack)).toBe(true);
    expect(stackLength(stack)).toBe(0);
    expect(stackPop(stack)).toBe(0);
    expect(stackGet(stack, 0)).toBe(0);
    expect(stackBytes(stack)).toBe(0);
    expect(simulatedMappedBytes()).toBe(0);
  });

  it("pushes and pops in LIFO order across several chunks", () => {
    const n = CHUNK_CAPACITY * 3 + 17;
    for (let i = 0; i < n; i++) stackPush(stack, 5000 + i * 8);
    expect(stackLength(stack)).toBe(n);
    expect(stackBytes(stack)).toBe(4 * CHUNK_BYTES);
    expect(simulatedMappedBytes()).toBe(4 * CHUNK_BYTES);
    for (let i = n - 1; i >= 0; i--) expect(stackPop(stack)).toBe(5000 + i * 8);
    expect(stackIsEmpty(stack)).toBe(true);
    expect(stackPop(stack)).toBe(0);
    // The bottom chunk and one spare stay mapped.
    expect(stackBytes(stack)).toBe(2 * CHUNK_BYTES);
    expect(simulatedMappedBytes()).toBe(stackBytes(stack));
  });

  it("does not map and unmap when going up and down across a chunk boundary", () => {
    for (let i = 0; i < CHUNK_CAPACITY; i++) stackPush(stack, i + 4096);
    for (let round = 0; round < 5; round++) {
      stackPush(stack, 1);
      stackPush(stack, 2);
      expect(stackBytes(stack)).toBe(2 * CHUNK_BYTES);
      expect(stackPop(stack)).toBe(2);
      expect(stackPop(stack)).toBe(1);
      expect(stackPop(stack)).toBe(CHUNK_CAPACITY - 1 + 4096);
      stackPush(stack, CHUNK_CAPACITY - 1 + 4096);
    }
    expect(stackBytes(stack)).toBe(2 * CHUNK_BYTES);
  });

  it("gets and sets values from the bottom without popping, in any order", () => {
    const n = CHUNK_CAPACITY * 2 + 100;
    for (let i = 0; i < n; i++) stackPush(stack, i);
    for (let i = 0; i < n; i++) expect(stackGet(stack, i)).toBe(i);
    for (let i = n - 1; i >= 0; i -= 7) stackSet(stack, i, i * 3);
    for (const i of [0, n - 1, CHUNK_CAPACITY, CHUNK_CAPACITY - 1, 5, 2 * CHUNK_CAPACITY + 3]) {
      expect(stackGet(stack, i)).toBe((n - 1 - i) % 7 === 0 ? i * 3 : i);
    }
    expect(stackGet(stack, n)).toBe(0);
    expect(stackGet(stack, -1)).toBe(0);
    // The cursor stays right after pops free the chunk it was on.
    expect(stackGet(stack, n - 1)).toBe((n - 1) * 3);
    for (let i = 0; i < 200; i++) stackPop(stack);
    expect(stackLength(stack)).toBe(n - 200);
    expect(stackGet(stack, n - 201)).toBe((n - 1 - (n - 201)) % 7 === 0 ? (n - 201) * 3 : n - 201);
    stackPush(stack, 77);
    expect(stackGet(stack, n - 200)).toBe(77);
    expect(stackPop(stack)).toBe(77);
  });

  it("clear unmaps every chunk but one, and the stack works again after", () => {
    for (let i = 0; i < CHUNK_CAPACITY * 4; i++) stackPush(stack, i + 1);
    expect(simulatedMappedBytes()).toBe(4 * CHUNK_BYTES);
    stackClear(stack);
    expect(stackIsEmpty(stack)).toBe(true);
    expect(stackBytes(stack)).toBe(CHUNK_BYTES);
    expect(simulatedMappedBytes()).toBe(CHUNK_BYTES);
    for (let i = 0; i < CHUNK_CAPACITY + 1; i++) stackPush(stack, i + 10);
    expect(stackGet(stack, CHUNK_CAPACITY)).toBe(CHUNK_CAPACITY + 10);
    expect(stackPop(stack)).toBe(CHUNK_CAPACITY + 10);
    stackClear(stack);
    stackClear(stack);
    expect(simulatedMappedBytes()).toBe(CHUNK_BYTES);
  });

  it("keeps separate stacks apart", () => {
    const other = new AddressStack();
    stackPush(stack, 1);
    stackPush(other, 2);
    stackPush(stack, 3);
    expect(stackPop(other)).toBe(2);
    expect(stackPop(stack)).toBe(3);
    expect(stackPop(stack)).toBe(1);
    expect(simulatedMappedBytes()).toBe(2 * CHUNK_BYTES);
  });
});
