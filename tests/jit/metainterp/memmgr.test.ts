// The memory manager's choice of loops to free (src/runtime/jit/metainterp/memmgr.ts; RPython's
// test_memmgr.py): generations, checks every sqrt(loop_longevity) of them, and the loops a loop
// kept goes on in (its jump, its bridges' jumps) kept with it.

import { describe, expect, it } from "vitest";
import { TargetToken, Trace } from "../../../src/runtime/jit/history.ts";
import { JitDriverDescr } from "../../../src/runtime/jit/jitcode.ts";
import { CompiledBridge, CompiledLoop } from "../../../src/runtime/jit/metainterp/loops.ts";
import { MemoryManager } from "../../../src/runtime/jit/metainterp/memmgr.ts";
import { ResumeGuardDescr, Snapshot } from "../../../src/runtime/jit/metainterp/snapshot.ts";
import { JitCode } from "../../../src/runtime/jit/jitcode.ts";

const driver = new JitDriverDescr("JitDriver mm", ["pc"], ["n"]);

function loop(index: number, jumpsTo: CompiledLoop | null = null): CompiledLoop {
  return new CompiledLoop(index, new Trace(), new TargetToken(`loop${index}`), driver, [index], "i", index, jumpsTo);
}

/** A bridge of owner's family jumping to target. */
function bridge(owner: CompiledLoop, target: CompiledLoop | null): CompiledBridge {
  const guard = new ResumeGuardDescr(0, new Snapshot(new JitCode("f"), 0, [], null), 0, []);
  const b = new CompiledBridge(owner.bridges.length, new Trace(), guard, owner, target);
  owner.bridges.push(b);
  return b;
}

/** Runs generations until the manager says to check; the generation it checked at. */
function untilCheck(mm: MemoryManager): number {
  for (let k = 0; k < 1000; k++) if (mm.nextGeneration()) return mm.current;
  throw new Error("no check in 1000 generations");
}

const indexes = (loops: CompiledLoop[]): number[] => loops.map((l) => l.index);

describe("the memory manager", () => {
  it("checks every floor(sqrt(loop_longevity)) generations, and never with 0", () => {
    const mm = new MemoryManager();
    for (let k = 0; k < 100; k++) expect(mm.nextGeneration()).toBe(false);
    mm.setMaxAge(16);
    const first = untilCheck(mm);
    expect(untilCheck(mm)).toBe(first + 4);
    expect(untilCheck(mm)).toBe(first + 8);
    mm.setMaxAge(0);
    for (let k = 0; k < 100; k++) expect(mm.nextGeneration()).toBe(false);
  });

  it("frees the loops not entered in the last loop_longevity generations, and invalidated ones", () => {
    const mm = new MemoryManager();
    mm.setMaxAge(10);
    const a = loop(0);
    const b = loop(1);
    const c = loop(2);
    mm.keepLoopAlive(a);
    mm.keepLoopAlive(b);
    mm.keepLoopAlive(c);
    for (let k = 0; k < 10; k++) mm.nextGeneration();
    // entered 10 generations ago: still kept
    expect(indexes(mm.oldLoops([a, b, c]))).toEqual([]);
    mm.nextGeneration();
    mm.keepLoopAlive(b);
    c.invalidated = true;
    mm.keepLoopAlive(c);
    expect(indexes(mm.oldLoops([a, b, c]))).toEqual([0, 2]);
  });

  it("keeps a loop that a kept loop, or a bridge of its family, jumps to", () => {
    const mm = new MemoryManager();
    mm.setMaxAge(4);
    const target = loop(0);
    const viaJump = loop(1, target);
    const other = loop(2);
    const viaBridge = loop(3);
    const old = loop(4);
    bridge(viaBridge, other);
    const deep = loop(5);
    bridge(old, deep);
    for (const l of [target, viaJump, other, viaBridge, old, deep]) mm.keepLoopAlive(l);
    for (let k = 0; k < 5; k++) mm.nextGeneration();
    mm.keepLoopAlive(viaJump);
    mm.keepLoopAlive(viaBridge);
    // old is not entered: it goes, and deep, which only it reached, with it
    expect(indexes(mm.oldLoops([target, viaJump, other, viaBridge, old, deep]))).toEqual([4, 5]);
    // an invalidated loop a kept one jumps to stays (its guard_not_invalidated must still run)
    target.invalidated = true;
    expect(indexes(mm.oldLoops([target, viaJump, other, viaBridge]))).toEqual([]);
  });
});
