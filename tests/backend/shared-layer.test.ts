// The target-independent layer of code generation (src/backend) on a register file of its own,
// numbered as an AArch64 target would number its registers (x0-x30 as 0-30, v0-v31 as 32-63,
// slots from 64), so that nothing in it leans on x86-64's numbers:
// - parallelMove: every destination ends up holding its source's value from before the moves,
//   cycles are broken through the class's scratch register only, constants are loaded last;
// - allocateRegisters: values live at once never share a location, values live across a call
//   sit in callee-saved registers or slots, each class stays in its registers, the callee-saved
//   registers used are reported, with few registers it spills;
// - blockOrder and planBranch: reverse postorder, and which link a branch jumps to; which
//   comparisons fuse into their branch; which switches are dense;
// - argumentPlaces: argument registers per class in order, then the stack in argument order.

import { describe, expect, it } from "vitest";
import { emissionSteps } from "../../src/backend/allocation-roots.ts";
import { blockOrder, denseSwitch, fusableComparisons, planBranch } from "../../src/backend/block-order.ts";
import { argumentPlaces } from "../../src/backend/calling.ts";
import type { Location, RegisterFile } from "../../src/backend/location.ts";
import { parallelMove, type Move } from "../../src/backend/moves.ts";
import { allocateRegisters } from "../../src/backend/regalloc.ts";
import { LLGraphBuilder } from "../../src/llir/llbuilder.ts";
import { LLBlock, LLConstant, LLGraph, LLLink, LLOperation, type LLValue, LLVariable } from "../../src/llir/llgraph.ts";
import { Bool, Float, FuncType, Ptr, Signed, StructType, Void, type LLType } from "../../src/llir/lltype.ts";
import { Random } from "../helpers/random.ts";

const v = (n: number): Location => 32 + n;
/** An AArch64-shaped file: x16/x17 and v31 scratch, x19-x28 and v8-v15 callee-saved. */
const ARMLIKE: RegisterFile = {
  slotBase: 64,
  general: {
    callerSaved: [9, 10, 11, 12, 13, 14, 15, 7, 6, 5, 4, 3, 2, 1, 0],
    calleeSaved: [19, 20, 21, 22, 23, 24, 25, 26, 27, 28],
    args: [0, 1, 2, 3, 4, 5, 6, 7],
    result: 0,
    scratch: 16,
  },
  float: {
    callerSaved: [16, 17, 18, 7, 6, 5, 4, 3, 2, 1, 0].map(v),
    calleeSaved: [8, 9, 10, 11, 12, 13, 14, 15].map(v),
    args: [0, 1, 2, 3, 4, 5, 6, 7].map(v),
    result: v(0),
    scratch: v(31),
  },
};
/** Two registers per class: pressure shows at once. */
const TINY: RegisterFile = {
  slotBase: 8,
  general: { callerSaved: [0], calleeSaved: [1], args: [0], result: 0, scratch: 2 },
  float: { callerSaved: [4], calleeSaved: [5], args: [4], result: 4, scratch: 6 },
};

interface Const {
  value: string;
}

/** Runs the moves on a simulated machine; returns how many went through a scratch register. */
function simulate(file: RegisterFile, moves: Move<Const>[]): number {
  const machine = new Map<Location, string>();
  const read = (loc: Location) => machine.get(loc) ?? `v${loc}`;
  const named = new Set<Location>(moves.flatMap((m) => (typeof m.src === "number" ? [m.src, m.dst] : [m.dst])));
  let viaScratch = 0;
  const check = (loc: Location, float: boolean) => {
    if (!named.has(loc)) {
      expect(loc).toBe(float ? file.float.scratch : file.general.scratch);
      viaScratch++;
    }
  };
  let loading = false;
  parallelMove(file, moves, {
    move(src, dst, float) {
      expect(loading, "a move after a constant load").toBe(false);
      check(src, float);
      check(dst, float);
      machine.set(dst, read(src));
    },
    load(c, dst) {
      loading = true;
      machine.set(dst, c.value);
    },
  });
  for (const m of moves) expect(read(m.dst)).toBe(typeof m.src === "number" ? `v${m.src}` : m.src.value);
  return viaScratch;
}

describe("parallelMove on a target's own register file", () => {
  it("breaks a swap through the general scratch (x16) and a float 3-cycle through v31", () => {
    expect(simulate(ARMLIKE, [{ src: 0, dst: 1, float: false }, { src: 1, dst: 0, float: false }])).toBe(2);
    expect(simulate(ARMLIKE, [v(0), v(1), v(2)].map((src, i, all) => ({ src, dst: all[(i + 1) % 3]!, float: true })))).toBe(2);
  });

  it("loads constants last and never through scratch", () => {
    expect(simulate(ARMLIKE, [{ src: { value: "k" }, dst: 0, float: false }, { src: 0, dst: 19, float: false }, { src: 64, dst: 1, float: false }])).toBe(0);
  });

  it("refuses two moves into one location", () => {
    expect(() => parallelMove(ARMLIKE, [{ src: 0, dst: 2, float: false }, { src: 1, dst: 2, float: false }], { move() {}, load() {} })).toThrow(/two moves into location 2/);
  });

  it("random permutations with fan-out, slots and constants", () => {
    const random = new Random(15);
    const pool: Location[] = [0, 1, 2, 3, 4, 5, 19, 20, 64, 65, 66];
    const fpool: Location[] = [v(0), v(1), v(2), v(8), 67, 68];
    for (let round = 0; round < 300; round++) {
      const moves: Move<Const>[] = [];
      for (const [list, float] of [[pool, false], [fpool, true]] as const) {
        const dsts = list.filter(() => random.below(2) === 0);
        for (const dst of dsts) {
          const src = random.below(6) === 0 ? { value: `c${dst}` } : list[random.below(list.length)]!;
          moves.push({ src, dst, float });
        }
      }
      simulate(ARMLIKE, moves);
    }
  });
});

const callee = new LLConstant({ kind: "function", name: "g", graph: undefined }, Ptr(new FuncType([Signed], Signed)));
const isCall = (op: LLOperation) => op.opname === "direct_call";

/** Every variable's interval in the order of the allocator's own positions (for the checks). */
function check(file: RegisterFile, graph: LLGraph) {
  const order = blockOrder(graph);
  const allocation = allocateRegisters({ graph, order, isCall, skip: new Set(), registers: file });
  const all = (cls: RegisterFile["general"]) => [...cls.callerSaved, ...cls.calleeSaved];
  for (const [variable, loc] of allocation.loc) {
    if (loc >= file.slotBase) {
      expect(loc - file.slotBase).toBeLessThan(allocation.slots);
      continue;
    }
    expect(all(variable.type === Float ? file.float : file.general)).toContain(loc);
  }
  const saved = new Set([...file.general.calleeSaved, ...file.float.calleeSaved]);
  const used = [...new Set([...allocation.loc.values()].filter((l) => saved.has(l)))].sort((a, b) => a - b);
  expect(allocation.calleeSaved).toEqual(used);
  return allocation;
}

describe("allocateRegisters on a target's own register file", () => {
  it("keeps values live across a call in callee-saved registers (x19.., v8..) and takes none in a leaf", () => {
    const b = new LLGraphBuilder("caller", [Signed, Float], Signed);
    const [x, f] = b.args as [LLVariable, LLVariable];
    const y = b.op("int_add", [x, new LLConstant(1, Signed)], Signed);
    const g = b.op("float_add", [f, new LLConstant(1.5, Float)], Float);
    const r = b.op("direct_call", [callee, x], Signed);
    const s = b.op("int_add", [b.op("int_add", [r, y], Signed), b.op("cast_float_to_int", [g], Signed)], Signed);
    b.returnValue(s);
    const allocation = check(ARMLIKE, b.build());
    expect(ARMLIKE.general.calleeSaved).toContain(allocation.loc.get(y));
    expect(ARMLIKE.float.calleeSaved).toContain(allocation.loc.get(g));

    const leaf = new LLGraphBuilder("leaf", [Signed, Signed], Signed);
    const [a, c] = leaf.args as [LLVariable, LLVariable];
    leaf.returnValue(leaf.op("int_mul", [leaf.op("int_add", [a, c], Signed), c], Signed));
    expect(check(ARMLIKE, leaf.build()).calleeSaved).toEqual([]);
  });

  it("spills to slots numbered from the file's slotBase when two registers per class are not enough", () => {
    const b = new LLGraphBuilder("pressure", [Signed], Signed);
    const [x] = b.args as [LLVariable];
    const values = Array.from({ length: 6 }, (_, i) => b.op("int_mul", [x, new LLConstant(i + 2, Signed)], Signed));
    let sum: LLValue = new LLConstant(0, Signed);
    for (const value of values) sum = b.op("int_add", [sum, value], Signed);
    b.returnValue(sum);
    const allocation = check(TINY, b.build());
    expect(allocation.slots).toBeGreaterThan(0);
    expect([...allocation.loc.values()].some((l) => l >= TINY.slotBase)).toBe(true);
    // No two values live at once share a location: the six products are all live at the first add.
    expect(new Set(values.map((value) => allocation.loc.get(value))).size).toBe(6);
  });
});

describe("block order and branch planning", () => {
  it("orders blocks in reverse postorder without the return block", () => {
    const b = new LLGraphBuilder("branches", [Signed], Signed);
    const [x] = b.args as [LLVariable];
    const out = b.local(Signed, x);
    b.ifThen(b.op("int_lt", [x, new LLConstant(0, Signed)], Bool), () => b.set(out, new LLConstant(1, Signed)));
    b.returnValue(b.get(out));
    const graph = b.build();
    const order = blockOrder(graph);
    expect(order[0]).toBe(graph.startblock);
    expect(order).not.toContain(graph.returnblock);
    const position = new Map<LLBlock, number>(order.map((block, i) => [block, i]));
    // Every edge between blocks of the order that is not a back edge goes forward.
    for (const block of order) for (const link of block.exits) if (position.has(link.target)) expect(position.get(link.target)!).toBeGreaterThan(position.get(block)!);
  });

  it("jumps on the link without moves and lets the other fall through", () => {
    const [t, f, n] = [new LLBlock([]), new LLBlock([]), new LLBlock([])];
    expect(planBranch({ needsMoves: true, target: t }, { needsMoves: false, target: f }, n)).toEqual({ kind: "jump", jump: "false" });
    expect(planBranch({ needsMoves: false, target: t }, { needsMoves: true, target: f }, n)).toEqual({ kind: "jump", jump: "true" });
    expect(planBranch({ needsMoves: false, target: n }, { needsMoves: false, target: f }, n)).toEqual({ kind: "jump", jump: "false" });
    expect(planBranch({ needsMoves: false, target: t }, { needsMoves: false, target: n }, n)).toEqual({ kind: "jump", jump: "true" });
    expect(planBranch({ needsMoves: true, target: t }, { needsMoves: true, target: f }, n)).toEqual({ kind: "around" });
  });
});

describe("comparisons fused into branches, dense switches", () => {
  it("fuses a block's last comparison when only its branch reads it", () => {
    // x < 0 ? 1 : x, built by hand (the builder passes every value on its links).
    const x = new LLVariable(Signed, "x");
    const start = new LLBlock([x]);
    const graph = new LLGraph("cmp", start, Signed, Signed, undefined);
    const c = new LLVariable(Bool, "c");
    const compare = new LLOperation("int_lt", [x, new LLConstant(0, Signed)], c, undefined);
    start.operations.push(compare);
    const otherwise = new LLLink([x], graph.returnblock, false);
    start.closeBlock([otherwise, new LLLink([new LLConstant(1, Signed)], graph.returnblock, true)], c);
    const isComparison = (op: LLOperation) => op.opname === "int_lt";
    const fused = fusableComparisons(blockOrder(graph), isComparison);
    expect([...fused]).toEqual([[start, compare]]);
    expect(fusableComparisons(blockOrder(graph), () => false).size).toBe(0);
    // Passed on a link as well: it needs a value, so it is not fused.
    (otherwise.args as LLValue[]).push(c);
    expect(fusableComparisons(blockOrder(graph), isComparison).size).toBe(0);
  });

  it("takes a jump table for 4 or more cases spread over at most 8 per case plus 8 values", () => {
    expect(denseSwitch([1, 2, 3])).toBeUndefined();
    expect(denseSwitch([10, 11, 12, 13])).toEqual({ min: 10, range: 4 });
    expect(denseSwitch([0, 5, 10, 39])).toEqual({ min: 0, range: 40 });
    expect(denseSwitch([0, 5, 10, 40])).toBeUndefined();
    // bf's commands: + , - . < > [ ]
    expect(denseSwitch([43, 44, 45, 46, 60, 62, 91, 93])).toEqual({ min: 43, range: 51 });
    expect(denseSwitch([-3, 0, 3, 6])).toEqual({ min: -3, range: 10 });
  });
});

describe("argument places", () => {
  it("fills each class's argument registers in order, then the stack in argument order, skipping Void", () => {
    const places = argumentPlaces(TINY, [Signed, Float, Void, Signed, Float, Signed]);
    expect(places).toEqual([
      { register: 0, float: false },
      { register: 4, float: true },
      undefined,
      { stackIndex: 0, float: false },
      { stackIndex: 1, float: true },
      { stackIndex: 2, float: false },
    ]);
    const nine = argumentPlaces(ARMLIKE, Array.from({ length: 9 }, () => Signed));
    expect(nine.slice(0, 8).map((p) => p && "register" in p && p.register)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(nine[8]).toEqual({ stackIndex: 0, float: false });
  });
});

describe("emission steps", () => {
  it("groups the saves right before an allocation with the reloads right after it, and nothing else", () => {
    const S = new StructType("s", true);
    S.setFields([{ name: "x", type: Signed }]);
    const p = new LLVariable(Ptr(S), "p");
    const q = new LLVariable(Ptr(S), "q");
    const op = (name: string, args: LLValue[], type: LLType = Void) => new LLOperation(name as never, args, new LLVariable(type), undefined);
    const offset = (n: number) => new LLConstant(n, Signed);
    const block = new LLBlock([p, q]);
    block.operations = [
      op("gc_save_root", [offset(-16), p]), // 0: not before an allocation (a call follows)
      op("direct_call", [new LLConstant(null, Void)]),
      op("gc_restore_root", [offset(-16)], Ptr(S)),
      op("gc_save_root", [offset(-16), p]), // 3: the group of the malloc at 5
      op("gc_save_root", [offset(-8), q]),
      op("malloc", [new LLConstant(S, Void)], Ptr(S)),
      op("gc_reload_root", [offset(-16), p], Ptr(S)),
      op("gc_reload_root", [offset(-8), q], Ptr(S)),
      op("malloc", [new LLConstant(S, Void)], Ptr(S)), // 8: no roots, no group
      op("malloc", [new LLConstant(S, Void)], Ptr(S)), // 9: reloads only (its roots were in their slots)
      op("gc_reload_root", [offset(-16), p], Ptr(S)),
    ];
    const ops = block.operations;
    expect(emissionSteps(block)).toEqual([
      { op: ops[0] },
      { op: ops[1] },
      { op: ops[2] },
      { op: ops[5], roots: { saves: [ops[3], ops[4]], reloads: [ops[6], ops[7]] } },
      { op: ops[8] },
      { op: ops[9], roots: { saves: [], reloads: [ops[10]] } },
    ]);
  });
});
