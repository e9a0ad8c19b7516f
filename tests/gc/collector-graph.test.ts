// The collector against a model: a random graph of nodes mutated by random steps (allocations,
// pointer stores behind the barrier, dropped roots, collections), compared with a JavaScript
// model of the same graph after every collection; in normal and in stress mode. And a list too
// long for any recursion.

import { describe, expect, it } from "vitest";
import { gcCollect, gcMajorCollections, gcMinorCollections } from "../../src/runtime/gc/collector.ts";
import { oldBytesInUse } from "../../src/runtime/gc/oldspace.ts";
import { Random } from "../helpers/random.ts";
import {
  NODE,
  NODE_LEFT,
  NODE_RIGHT,
  NODE_SIZE,
  NULL,
  getRoot,
  newNode,
  nodeLeft,
  nodeRight,
  nodeValue,
  pushRoot,
  setRoot,
  setupHeap,
  typeIdOf,
  writeField,
} from "./simulated-heap.ts";

const ROOTS = 8;

/** The model: each node (by its value, unique) with the values of its left and right (0: null). */
interface Model {
  nodes: Map<number, { left: number; right: number }>;
  roots: number[];
}

/** expect() is too slow for the thousands of checks of every walk. */
function same(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`${what}: ${String(actual)}, expected ${String(expected)}`);
}

/** Walks the heap from the roots: the address of each reached node by value, checking each against the model. */
function walkHeap(model: Model): Map<number, number> {
  const seen = new Map<number, number>();
  const pending: number[] = [];
  for (let i = 0; i < ROOTS; i++) {
    const node = getRoot(i);
    const value = node === NULL ? 0 : nodeValue(node);
    same(value, model.roots[i], `root ${i}`);
    if (node !== NULL) pending.push(node);
  }
  while (pending.length > 0) {
    const node = pending.pop()!;
    same(typeIdOf(node), NODE, "type id");
    const value = nodeValue(node);
    if (seen.has(value)) {
      same(seen.get(value), node, `node ${value} reached at two addresses`);
      continue;
    }
    seen.set(value, node);
    const expected = model.nodes.get(value);
    if (expected === undefined) throw new Error(`node ${value} is not in the model`);
    for (const [offset, want] of [[NODE_LEFT, expected.left], [NODE_RIGHT, expected.right]] as const) {
      const target = offset === NODE_LEFT ? nodeLeft(node) : nodeRight(node);
      same(target === NULL ? 0 : nodeValue(target), want, `field ${offset} of node ${value}`);
      if (target !== NULL) pending.push(target);
    }
  }
  return seen;
}

/** The values the model's roots reach. */
function modelReachable(model: Model): Set<number> {
  const reached = new Set<number>();
  const pending = model.roots.filter((v) => v !== 0);
  while (pending.length > 0) {
    const value = pending.pop()!;
    if (reached.has(value)) continue;
    reached.add(value);
    const { left, right } = model.nodes.get(value)!;
    if (left !== 0) pending.push(left);
    if (right !== 0) pending.push(right);
  }
  return reached;
}

function checkHeap(model: Model): Map<number, number> {
  const seen = walkHeap(model);
  expect(new Set(seen.keys())).toEqual(modelReachable(model));
  return seen;
}

function runRandomGraph(seed: number, steps: number): { allocations: number } {
  const random = new Random(seed);
  const model: Model = { nodes: new Map(), roots: new Array<number>(ROOTS).fill(0) };
  for (let i = 0; i < ROOTS; i++) pushRoot(NULL);
  let nextValue = 1;
  let allocations = 0;
  let addresses = checkHeap(model);
  const pick = (): [number, number] => {
    // A reachable node (its value and its address as of the last walk), or null.
    const values = [...addresses.keys()];
    if (values.length === 0 || random.below(8) === 0) return [0, NULL];
    const value = values[random.below(values.length)]!;
    return [value, addresses.get(value)!];
  };
  for (let step = 0; step < steps; step++) {
    const action = random.below(100);
    if (action < 45) {
      const [left, leftAddress] = pick();
      const [right, rightAddress] = pick();
      const value = nextValue++;
      const node = newNode(value, leftAddress, rightAddress);
      allocations += 1;
      model.nodes.set(value, { left, right });
      const slot = random.below(ROOTS);
      setRoot(slot, node);
      model.roots[slot] = value;
    } else if (action < 85) {
      const [target, targetAddress] = pick();
      const [value, valueAddress] = pick();
      if (target === 0) continue;
      const left = random.below(2) === 0;
      writeField(targetAddress, left ? NODE_LEFT : NODE_RIGHT, valueAddress);
      const entry = model.nodes.get(target)!;
      if (left) entry.left = value;
      else entry.right = value;
    } else if (action < 95) {
      const slot = random.below(ROOTS);
      setRoot(slot, NULL);
      model.roots[slot] = 0;
    } else {
      gcCollect(random.below(4) === 0);
    }
    // Any allocation may have moved nodes: walk again (and check) after every step.
    addresses = checkHeap(model);
  }
  gcCollect(true);
  const live = checkHeap(model).size;
  expect(oldBytesInUse()).toBe(live * NODE_SIZE);
  return { allocations };
}

describe("collector on a random graph", () => {
  for (const seed of [1, 2, 3]) {
    it(`matches the model after every step (seed ${seed})`, () => {
      setupHeap({ RTS_GC_NURSERY: "8KB" });
      runRandomGraph(seed, 3000);
      expect(gcMinorCollections()).toBeGreaterThan(5);
      expect(gcMajorCollections()).toBeGreaterThan(0);
    });
  }

  it("matches the model in stress mode, collecting at every allocation", () => {
    setupHeap({ RTS_GC_STRESS: "1" });
    const minorsBefore = gcMinorCollections();
    const { allocations } = runRandomGraph(7, 1500);
    // One per allocation (the first allocation too: the top starts equal to the free pointer), plus the explicit ones.
    expect(gcMinorCollections() - minorsBefore).toBeGreaterThanOrEqual(allocations);
    expect(gcMajorCollections()).toBeGreaterThanOrEqual(Math.floor(allocations / 50));
  });
});

describe("deep structures", () => {
  it("collects a list 100k long without recursion", () => {
    setupHeap({ RTS_GC_NURSERY: "1MB" });
    pushRoot(NULL);
    const n = 100_000;
    for (let i = n - 1; i >= 0; i--) setRoot(0, newNode(i, NULL, getRoot(0)));
    gcCollect(false);
    gcCollect(true);
    let node = getRoot(0);
    for (let i = 0; i < n; i++) {
      expect(nodeValue(node)).toBe(i);
      node = nodeRight(node);
    }
    expect(node).toBe(NULL);
    expect(oldBytesInUse()).toBe(n * NODE_SIZE);
  });
});
