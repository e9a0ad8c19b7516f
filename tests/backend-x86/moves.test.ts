// parallelMove on a simulated machine: every location holds a value, the emitter applies each
// move or constant load as it is emitted (sequentially, as the machine code would), and after
// all of them every destination must hold what its source held before the first one. The
// emitter also checks the conventions the code generator relies on: only rax (integers) and
// xmm14 (floats) appear as locations no move named (the cycle temporaries), integers never go
// through an SSE register nor floats through a general one, nothing is moved onto itself, and a
// constant is loaded once, into its own destination.

import { describe, expect, it } from "vitest";
import { SCRATCH, XSCRATCH, isGpr, isXmm, slot, xmm, type Loc } from "../../src/backend-x86/codegen/locations.ts";
import { parallelMove, type Move } from "../../src/backend-x86/codegen/moves.ts";
import { R10, R12, R13, R14, R15, R8, R9, RBX, RCX, RDI, RDX, RSI } from "../../src/runtime/x86/registers.ts";
import { Random } from "../helpers/random.ts";

/** A constant operand: its value, told apart from locations by being an object. */
interface Const {
  value: string;
}

interface Trace {
  moves: number;
  loads: number;
  /** Moves that went through a cycle temporary (into it or out of it). */
  viaTemp: number;
}

/** Runs parallelMove on a machine whose locations start holding their own names; returns the machine after and a count of what was emitted. */
function simulate(moves: Move<Const>[]): { machine: Map<Loc, string>; trace: Trace } {
  const machine = new Map<Loc, string>();
  const initial = (loc: Loc) => `v${loc}`;
  const read = (loc: Loc) => machine.get(loc) ?? initial(loc);
  const named = new Set<Loc>();
  for (const m of moves) {
    named.add(m.dst);
    if (typeof m.src === "number") named.add(m.src);
  }
  const trace: Trace = { moves: 0, loads: 0, viaTemp: 0 };
  const checkKind = (loc: Loc, float: boolean) => {
    if (float) expect(isGpr(loc), `float value in general register ${loc}`).toBe(false);
    else expect(isXmm(loc), `integer value in SSE register ${loc}`).toBe(false);
    if (!named.has(loc)) {
      expect(loc, `location ${loc} touched though no move names it`).toBe(float ? xmm(XSCRATCH) : SCRATCH);
      trace.viaTemp++;
    }
  };
  parallelMove(moves, {
    move(src, dst, float) {
      expect(src).not.toBe(dst);
      checkKind(src, float);
      checkKind(dst, float);
      machine.set(dst, read(src));
      trace.moves++;
    },
    load(constant, dst, float) {
      const expected = moves.find((m) => m.src === constant);
      expect(expected?.dst).toBe(dst);
      expect(expected?.float).toBe(float);
      checkKind(dst, float);
      machine.set(dst, constant.value);
      trace.loads++;
    },
  });
  // Every destination holds its source's value from before the moves.
  for (const m of moves) {
    const want = typeof m.src === "number" ? initial(m.src) : m.src.value;
    expect(read(m.dst), `destination ${m.dst}`).toBe(want);
  }
  // Locations no move writes are unchanged (sources read and never written included).
  for (const loc of named) {
    if (!moves.some((m) => m.dst === loc)) expect(read(loc)).toBe(initial(loc));
  }
  return { machine, trace };
}

const int = (src: Loc | Const, dst: Loc): Move<Const> => ({ src, dst, float: false });
const flt = (src: Loc | Const, dst: Loc): Move<Const> => ({ src, dst, float: true });
const k = (value: string): Const => ({ value });

describe("parallelMove on hand-made cases", () => {
  it("emits nothing for no moves and for moves onto themselves", () => {
    expect(simulate([]).trace).toEqual({ moves: 0, loads: 0, viaTemp: 0 });
    expect(simulate([int(RBX, RBX), flt(xmm(3), xmm(3))]).trace).toEqual({ moves: 0, loads: 0, viaTemp: 0 });
  });

  it("orders a chain so that each destination is read before it is written", () => {
    // rdi <- rsi <- rdx <- rcx: a naive order would copy rcx everywhere.
    const { trace } = simulate([int(RSI, RDI), int(RDX, RSI), int(RCX, RDX)]);
    expect(trace).toEqual({ moves: 3, loads: 0, viaTemp: 0 });
    simulate([int(RCX, RDX), int(RDX, RSI), int(RSI, RDI)]);
  });

  it("swaps two registers through rax", () => {
    const { trace } = simulate([int(RDI, RSI), int(RSI, RDI)]);
    expect(trace.moves).toBe(3);
    expect(trace.viaTemp).toBe(2);
  });

  it("swaps two SSE registers through xmm14", () => {
    const { trace } = simulate([flt(xmm(0), xmm(1)), flt(xmm(1), xmm(0))]);
    expect(trace.moves).toBe(3);
    expect(trace.viaTemp).toBe(2);
  });

  it("rotates a 3-cycle and a 5-cycle with one temporary move each", () => {
    expect(simulate([int(RDI, RSI), int(RSI, RDX), int(RDX, RDI)]).trace).toMatchObject({ moves: 4, viaTemp: 2 });
    const five = [RBX, R12, R13, R14, R15];
    expect(simulate(five.map((r, i) => int(r, five[(i + 1) % 5]!))).trace).toMatchObject({ moves: 6, viaTemp: 2 });
  });

  it("resolves several cycles at once, with chains hanging off them", () => {
    simulate([
      int(RDI, RSI),
      int(RSI, RDI), // swap
      int(RDX, RCX),
      int(RCX, R8),
      int(R8, RDX), // 3-cycle
      int(RDI, R9), // fanout from the swap
      int(R8, R10), // fanout from the 3-cycle
      int(R10, RBX), // and a chain behind it
    ]);
  });

  it("handles an integer cycle and a float cycle in the same move set", () => {
    const { trace } = simulate([
      int(RDI, RSI),
      int(RSI, RDI),
      flt(xmm(0), xmm(1)),
      flt(xmm(1), xmm(2)),
      flt(xmm(2), xmm(0)),
      int(RDX, RCX),
    ]);
    expect(trace.viaTemp).toBe(4);
  });

  it("loads constants after the moves that read their destinations", () => {
    // rdi is read by the move into rsi before the constant overwrites it.
    const { trace } = simulate([int(k("seven"), RDI), int(RDI, RSI), flt(k("pi"), xmm(0)), flt(xmm(0), xmm(5))]);
    expect(trace).toEqual({ moves: 2, loads: 2, viaTemp: 0 });
  });

  it("moves between spill slots and registers, in cycles too", () => {
    simulate([int(slot(0), slot(1)), int(slot(1), RBX), int(RBX, slot(0))]);
    simulate([flt(slot(2), xmm(3)), flt(xmm(3), slot(2))]);
    simulate([int(slot(0), slot(1)), int(slot(1), slot(0)), flt(slot(2), slot(3)), flt(slot(3), slot(2)), int(k("c"), slot(4))]);
  });

  it("rejects two moves into one location", () => {
    expect(() => simulate([int(RDI, RSI), int(RDX, RSI)])).toThrow(/two moves into location/);
  });
});

describe("parallelMove on random permutations with fanout", () => {
  // Integer values live in general registers (rax and r11 excluded: never allocated) and slots;
  // floats in SSE registers (xmm14 and xmm15 excluded) and slots.
  const GPRS = [RDI, RSI, RDX, RCX, R8, R9, R10, RBX, R12, R13, R14, R15];
  const XMMS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map(xmm);
  const SLOTS = 6;

  function randomMoves(random: Random): Move<Const>[] {
    // Each location holds an integer or a float (slots either), decided once per case.
    const kinds = new Map<Loc, boolean>();
    for (const r of GPRS) kinds.set(r, false);
    for (const x of XMMS) kinds.set(x, true);
    for (let s = 0; s < SLOTS; s++) kinds.set(slot(s), random.below(2) === 1);
    const locations = [...kinds.keys()];
    const moves: Move<Const>[] = [];
    const used = new Set<Loc>();
    const count = 1 + random.below(locations.length);
    for (let i = 0; i < count; i++) {
      const dst = locations[random.below(locations.length)]!;
      if (used.has(dst)) continue;
      used.add(dst);
      const float = kinds.get(dst)!;
      if (random.below(8) === 0) {
        moves.push({ src: k(`c${i}`), dst, float });
        continue;
      }
      // Sources among destinations make cycles likely; any location of the same kind may be read by several moves.
      const sameKind = locations.filter((l) => kinds.get(l) === float);
      moves.push({ src: sameKind[random.below(sameKind.length)]!, dst, float });
    }
    return moves;
  }

  it("every destination gets its source's original value (3000 cases)", () => {
    const random = new Random(20240611);
    let cycles = 0;
    for (let n = 0; n < 3000; n++) {
      const moves = randomMoves(random);
      const { trace } = simulate(moves);
      if (trace.viaTemp > 0) cycles++;
    }
    // The generator is meant to exercise cycles: make sure it does.
    expect(cycles).toBeGreaterThan(300);
  });

  it("permutations of all locations, with no fanout (the most cycles)", () => {
    const random = new Random(7);
    for (let n = 0; n < 500; n++) {
      for (const pool of [GPRS, XMMS, Array.from({ length: SLOTS }, (_, s) => slot(s))]) {
        const float = pool === XMMS;
        const shuffled = [...pool];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = random.below(i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        simulate(pool.map((src, i) => ({ src, dst: shuffled[i]!, float })));
      }
    }
  });
});
