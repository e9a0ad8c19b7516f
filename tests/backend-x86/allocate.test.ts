// allocateRegisters on LL graphs built with LLGraphBuilder, checked against an independent
// reading of the graphs: within a block (every value another block needs travels on a link),
// a variable is live from its definition to its last use, and
// - two variables live at once never share a location (inputargs are all written by the same
//   parallel move, so they always count as live at once; a result may take the register of an
//   operand read for the last time by its own operation);
// - a variable live across a call (defined before it, used after it) is in a callee-saved
//   register or a spill slot;
// - floats are in SSE registers or slots, everything else in general registers or slots, never
//   in a reserved register (rsp, rbp, rax, r11, xmm14, xmm15);
// - the callee-saved registers used are all reported (the prologue saves them), slots are
//   numbered below the reported count.
// Graphs: hand-made ones (spills, calls, a counting loop whose back edge must need no move) and
// random structured programs (locals, branches, loops, calls).

import { describe, expect, it } from "vitest";
import { allocateRegisters, type Allocation } from "../../src/backend-x86/codegen/allocate.ts";
import { SLOT_BASE, isCalleeSaved, isGpr, isSlot, isXmm, xmm, type Loc } from "../../src/backend-x86/codegen/locations.ts";
import { conditionOf } from "../../src/backend-x86/codegen/ops.ts";
import { isCallOperation } from "../../src/backend-x86/codegen/ops-calls.ts";
import { R11, RAX, RBP, RSP } from "../../src/runtime/x86/registers.ts";
import { LLGraphBuilder, type LLLocal } from "../../src/llir/llbuilder.ts";
import { LLBlock, LLConstant, LLGraph, LLLink, LLOperation, LLVariable, type LLValue } from "../../src/llir/llgraph.ts";
import { Bool, Float, FuncType, Ptr, Signed, Void, type LLType } from "../../src/llir/lltype.ts";
import { llVariableNames } from "../../src/llir/print-llgraph.ts";
import { Random } from "../helpers/random.ts";

const RESERVED: Loc[] = [RSP, RBP, RAX, R11, xmm(14), xmm(15)];

/** Reverse postorder from the start block without the return block: the order the code generator emits. */
function blockOrder(graph: LLGraph): LLBlock[] {
  const seen = new Set<LLBlock>([graph.startblock]);
  const post: LLBlock[] = [];
  const visit = (block: LLBlock) => {
    for (const link of block.exits) {
      if (!seen.has(link.target)) {
        seen.add(link.target);
        visit(link.target);
      }
    }
    post.push(block);
  };
  visit(graph.startblock);
  return post.reverse().filter((b) => b !== graph.returnblock);
}

/** Allocates as the function compiler does: a block's last comparison, when it is the exitswitch, fused into the branch and given no location. */
function allocate(graph: LLGraph): { order: LLBlock[]; allocation: Allocation; skip: Set<LLVariable> } {
  const order = blockOrder(graph);
  const skip = new Set<LLVariable>();
  for (const block of order) {
    const last = block.operations[block.operations.length - 1];
    if (last && block.exitswitch === last.result && conditionOf(last.opname) !== undefined && block.exits.every((l) => !l.args.includes(last.result))) {
      skip.add(last.result);
    }
  }
  const allocation = allocateRegisters({ graph, order, isCall: isCallOperation, skip });
  return { order, allocation, skip };
}

interface Life {
  v: LLVariable;
  def: number;
  lastUse: number;
}

/** Checks the invariants of the file comment; returns how many variables were live across a call. */
function checkAllocation(graph: LLGraph): { allocation: Allocation; acrossCalls: number } {
  const { order, allocation, skip } = allocate(graph);
  const names = llVariableNames(graph);
  const where = (v: LLVariable) => `${graph.name}: ${names.get(v) ?? v.hint}`;
  let acrossCalls = 0;
  for (const block of order) {
    // Times: inputargs defined at 0; operation k reads at 2k+1 and writes at 2k+2; exits read at 2n+1.
    const lives = new Map<LLVariable, Life>();
    const define = (v: LLVariable, t: number) => {
      if (v.type !== Void && !skip.has(v)) lives.set(v, { v, def: t, lastUse: t });
    };
    const use = (a: LLValue | unknown, t: number) => {
      if (a instanceof LLVariable) {
        const life = lives.get(a);
        if (life) life.lastUse = Math.max(life.lastUse, t);
        else if (a.type !== Void && !skip.has(a)) throw new Error(`${where(a)} used in a block that does not define it`);
      }
    };
    for (const v of block.inputargs) define(v, 0);
    const calls: number[] = [];
    block.operations.forEach((op, k) => {
      for (const a of op.args) use(a, 2 * k + 1);
      if (isCallOperation(op)) calls.push(2 * k + 1);
      define(op.result, 2 * k + 2);
    });
    const end = 2 * block.operations.length + 1;
    use(block.exitswitch, end);
    for (const link of block.exits) for (const a of link.args) use(a, end);

    // Plain comparisons, one expect at the end: random graphs have blocks of hundreds of variables.
    const errors: string[] = [];
    const fail = (message: string) => errors.length < 20 && errors.push(message);
    const all = [...lives.values()];
    for (const life of all) {
      const loc = allocation.loc.get(life.v);
      if (loc === undefined) {
        fail(`${where(life.v)} has no location`);
        continue;
      }
      if (RESERVED.includes(loc)) fail(`${where(life.v)} in reserved register ${loc}`);
      if (life.v.type === Float ? !(isXmm(loc) || isSlot(loc)) : !(isGpr(loc) || isSlot(loc))) fail(`${where(life.v)} (${life.v.type === Float ? "float" : "integer"}) in ${loc}`);
      if (isSlot(loc) && loc - SLOT_BASE >= allocation.slots) fail(`${where(life.v)} in slot ${loc - SLOT_BASE} of ${allocation.slots}`);
      if (isCalleeSaved(loc) && !allocation.calleeSaved.includes(loc)) fail(`callee-saved ${loc} not reported`);
      if (calls.some((c) => life.def < c && life.lastUse > c)) {
        acrossCalls++;
        if (!isCalleeSaved(loc) && !isSlot(loc)) fail(`${where(life.v)}, live across a call, in caller-saved ${loc}`);
      }
    }
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const [a, b] = [all[i]!, all[j]!];
        const overlap = a.def === b.def || (a.def < b.def ? a.lastUse > b.def : b.lastUse > a.def);
        if (overlap && allocation.loc.get(a.v) === allocation.loc.get(b.v)) fail(`${where(a.v)} and ${where(b.v)}, live at once, share ${allocation.loc.get(a.v)}`);
      }
    }
    expect(errors).toEqual([]);
  }
  return { allocation, acrossCalls };
}

const fn = (name: string, args: LLType[], result: LLType) => new LLConstant({ kind: "function", name, graph: undefined }, Ptr(new FuncType(args, result)));
const int = (n: number) => new LLConstant(n, Signed);
const float = (n: number) => new LLConstant(n, Float);

describe("allocateRegisters: hand-made graphs", () => {
  it("a leaf keeps everything in caller-saved registers and saves nothing", () => {
    const b = new LLGraphBuilder("leaf", [Signed, Signed, Float], Signed);
    const [x, y, f] = b.args as [LLVariable, LLVariable, LLVariable];
    const s = b.op("int_add", [x, y], Signed);
    const g = b.op("float_mul", [f, f], Float);
    const t = b.op("cast_float_to_int", [g], Signed);
    b.returnValue(b.op("int_mul", [s, t], Signed));
    const { allocation, acrossCalls } = checkAllocation(b.build());
    expect(acrossCalls).toBe(0);
    expect(allocation.calleeSaved).toEqual([]);
    expect(allocation.slots).toBe(0);
  });

  it("values live across calls go to callee-saved registers, then slots", () => {
    const b = new LLGraphBuilder("caller", [Signed, Float], Signed);
    const [x, f] = b.args as [LLVariable, LLVariable];
    // 8 integers and 5 floats live across two calls: more than the 5 + 3 callee-saved registers.
    const ints = Array.from({ length: 8 }, (_, i) => b.op("int_add", [x, int(i)], Signed));
    const floats = Array.from({ length: 5 }, (_, i) => b.op("float_add", [f, float(i)], Float));
    const r1 = b.op("direct_call", [fn("g", [Signed], Signed), x], Signed);
    const r2 = b.op("direct_call", [fn("h", [Float], Float), f], Float);
    let sum: LLValue = b.op("int_add", [r1, b.op("cast_float_to_int", [r2], Signed)], Signed);
    for (const v of ints) sum = b.op("int_add", [sum, v], Signed);
    let fsum: LLValue = float(0);
    for (const v of floats) fsum = b.op("float_add", [fsum, v], Float);
    b.returnValue(b.op("int_add", [sum, b.op("cast_float_to_int", [fsum], Signed)], Signed));
    const { allocation, acrossCalls } = checkAllocation(b.build());
    expect(acrossCalls).toBeGreaterThanOrEqual(13);
    expect(allocation.slots).toBeGreaterThan(0);
    for (const v of [...ints, ...floats]) expect(isCalleeSaved(allocation.loc.get(v)!) || isSlot(allocation.loc.get(v)!)).toBe(true);
  });

  it("more live values than registers: spills, and the invariants hold", () => {
    const b = new LLGraphBuilder("pressure", [Signed, Float], Signed);
    const [x, f] = b.args as [LLVariable, LLVariable];
    const ints = Array.from({ length: 30 }, (_, i) => b.op("int_mul", [x, int(i + 2)], Signed));
    const floats = Array.from({ length: 30 }, (_, i) => b.op("float_mul", [f, float(i + 0.5)], Float));
    let sum: LLValue = int(0);
    for (const v of ints) sum = b.op("int_add", [sum, v], Signed);
    let fsum: LLValue = float(0);
    for (const v of floats) fsum = b.op("float_add", [fsum, v], Float);
    b.returnValue(b.op("int_add", [sum, b.op("cast_float_to_int", [fsum], Signed)], Signed));
    const { allocation } = checkAllocation(b.build());
    // 12 general and 14 SSE registers are allocatable: at least 18 + 16 values spill.
    expect(allocation.slots).toBeGreaterThanOrEqual(18 + 16);
  });

  it("a counting loop keeps its variables in place: no move on the back edge", () => {
    const { graph, header, back } = countingLoop(false);
    const { allocation } = checkAllocation(graph);
    back.args.forEach((a, i) => expect(allocation.loc.get(a as LLVariable), `argument ${i}`).toBe(allocation.loc.get(header.inputargs[i]!)));
    expect(allocation.slots).toBe(0);
    expect(allocation.calleeSaved).toEqual([]);
  });

  it("a loop that calls: the values live across the call are in callee-saved registers", () => {
    const { graph } = countingLoop(true);
    const { acrossCalls } = checkAllocation(graph);
    expect(acrossCalls).toBe(3); // i, s and n live across the call in the body
  });

  // Known limitation (not a correctness bug): intervals are per block and the header, which has
  // no call, is allocated first, so its i, s, n take caller-saved registers; the body's copies
  // cross the call and need callee-saved ones: every iteration moves i, s, n into callee-saved
  // registers on header -> body, and n back on body -> header (r13 -> r8 here). Ideally the
  // loop's values would sit in callee-saved registers throughout. it.fails: passes while the
  // limitation stands, fails (tell us) when it is lifted.
  it.fails("a loop that calls needs no move on its edges (limitation: header values get caller-saved registers)", () => {
    const { graph, header, back } = countingLoop(true);
    const { allocation } = checkAllocation(graph);
    const entry = header.exits.find((l) => l.exitcase === true)!;
    for (const link of [back, entry]) {
      link.args.forEach((a, i) => expect(allocation.loc.get(a as LLVariable), `argument ${i}`).toBe(allocation.loc.get(link.target.inputargs[i]!)));
    }
  });

  it("with the builder's graphs (every value passed to every join, some twice), the invariants hold", () => {
    // LLGraphBuilder passes a local both as itself and as a defined value, so a link sends one
    // variable to two inputargs: hints then cannot all be honoured (no assertion on moves here).
    const b = new LLGraphBuilder("count", [Signed], Signed);
    const n = b.args[0]!;
    const sum = b.local(Signed, int(0), "sum");
    b.forRange(int(0), n, (i) => b.set(sum, b.op("int_add", [b.get(sum), b.op("direct_call", [fn("g", [Signed], Signed), i], Signed)], Signed)), Signed);
    b.returnValue(b.get(sum));
    checkAllocation(b.build());
  });
});

/**
 * s = 0; for (i = 0; i < n; i++) s += i (or s += g(i) when calls): built by hand, the shape the
 * flow graph builder gives a loop (start -> header <-> body, header -> exit).
 */
function countingLoop(calls: boolean): { graph: LLGraph; header: LLBlock; back: LLLink } {
  const n0 = new LLVariable(Signed, "n");
  const start = new LLBlock([n0]);
  const graph = new LLGraph(calls ? "loopcall" : "loop", start, Signed, Signed, undefined);
  const [i1, s1, n1] = [new LLVariable(Signed, "i"), new LLVariable(Signed, "s"), new LLVariable(Signed, "n")];
  const header = new LLBlock([i1, s1, n1]);
  const [i2, s2, n2] = [new LLVariable(Signed, "i"), new LLVariable(Signed, "s"), new LLVariable(Signed, "n")];
  const body = new LLBlock([i2, s2, n2]);
  const s3 = new LLVariable(Signed, "s");
  const exit = new LLBlock([s3]);
  start.closeBlock([new LLLink([int(0), int(0), n0], header)]);
  const c = new LLVariable(Bool, "c");
  header.operations.push(new LLOperation("int_lt", [i1, n1], c, undefined));
  header.closeBlock([new LLLink([s1], exit, false), new LLLink([i1, s1, n1], body, true)], c);
  let term: LLValue = i2;
  if (calls) {
    const r = new LLVariable(Signed, "r");
    body.operations.push(new LLOperation("direct_call", [fn("g", [Signed], Signed), i2], r, undefined));
    term = r;
  }
  const s4 = new LLVariable(Signed, "s");
  const i4 = new LLVariable(Signed, "i");
  body.operations.push(new LLOperation("int_add", [s2, term], s4, undefined));
  body.operations.push(new LLOperation("int_add", [i2, int(1)], i4, undefined));
  const back = new LLLink([i4, s4, n2], header);
  body.closeBlock([back]);
  exit.closeBlock([new LLLink([s3], graph.returnblock)]);
  return { graph, header, back };
}

/** A random structured program: int and float locals, arithmetic, calls, ifs and loops, nested. */
function randomGraph(random: Random, name: string, pressure: boolean): LLGraph {
  const b = new LLGraphBuilder(name, [Signed, Signed, Float], Signed);
  const ints: LLLocal[] = [];
  const floats: LLLocal[] = [];
  const nInts = 1 + random.below(pressure ? 30 : 12);
  const nFloats = random.below(pressure ? 25 : 10);
  for (let i = 0; i < nInts; i++) ints.push(b.local(Signed, i < 2 ? b.args[i]! : int(i), `i${i}`));
  for (let i = 0; i < nFloats; i++) floats.push(b.local(Float, i === 0 ? b.args[2]! : float(i), `f${i}`));
  const pickInt = () => b.get(ints[random.below(ints.length)]!);
  const pickFloat = () => (floats.length > 0 ? b.get(floats[random.below(floats.length)]!) : float(1.5));

  const statement = (depth: number) => {
    const kind = random.below(depth >= 2 ? 5 : 8);
    switch (kind) {
      case 0:
      case 1:
        b.set(ints[random.below(ints.length)]!, b.op(random.below(2) ? "int_add" : "int_xor", [pickInt(), pickInt()], Signed));
        break;
      case 2:
        if (floats.length > 0) b.set(floats[random.below(floats.length)]!, b.op("float_add", [pickFloat(), pickFloat()], Float));
        break;
      case 3: {
        const args = Array.from({ length: random.below(10) }, () => (random.below(3) === 0 ? pickFloat() : pickInt()));
        const f = fn("callee", args.map((a) => a.type), Signed);
        b.set(ints[random.below(ints.length)]!, b.op("direct_call", [f, ...args], Signed));
        break;
      }
      case 4:
        if (floats.length > 0) b.set(floats[random.below(floats.length)]!, b.op("cast_int_to_float", [pickInt()], Float));
        break;
      case 5:
        b.ifThen(
          b.op("int_lt", [pickInt(), pickInt()], Bool),
          () => block(depth + 1),
          random.below(2) ? () => block(depth + 1) : undefined,
        );
        break;
      default:
        b.forRange(int(0), pickInt(), () => block(depth + 1), Signed);
    }
  };
  const block = (depth: number) => {
    const n = 1 + random.below(5);
    for (let i = 0; i < n; i++) statement(depth);
  };
  block(0);
  let result: LLValue = pickInt();
  if (floats.length > 0) result = b.op("int_add", [result, b.op("cast_float_to_int", [pickFloat()], Signed)], Signed);
  b.returnValue(result);
  return b.build();
}

describe("allocateRegisters: random programs", () => {
  it("the invariants hold on 400 random graphs", () => {
    const random = new Random(1234);
    let spilled = 0;
    let crossed = 0;
    for (let n = 0; n < 400; n++) {
      const { allocation, acrossCalls } = checkAllocation(randomGraph(random, `random${n}`, false));
      if (allocation.slots > 0) spilled++;
      if (acrossCalls > 0) crossed++;
    }
    // The generator is meant to make calls and pressure: make sure it does.
    expect(crossed).toBeGreaterThan(100);
    expect(spilled).toBeGreaterThan(20);
  });
});

// BUG (allocate.ts, spill slot reuse): a victim spilled when a later interval finds no free
// register is given a slot from freeSlots, which holds slots whose owners ended before the
// *current* interval's start; but the victim has been live since its own, earlier start, so it
// can share a slot with an interval that was still live then. Two inputargs of one block end
// up in one slot ("two moves into location 32" from parallelMove, as ops-spills.ts hits when
// translated), or a spilled value is overwritten while still needed. Fails on pressure156
// below: "f0... and i..., live at once, share 32". (A victim should take a fresh slot, or one
// free over its whole interval.)
describe("allocateRegisters: random programs under register pressure", () => {
  it("the invariants hold on 200 random graphs with up to 30 integer and 25 float locals", () => {
    const random = new Random(99);
    let spilled = 0;
    for (let n = 0; n < 200; n++) {
      const { allocation } = checkAllocation(randomGraph(random, `pressure${n}`, true));
      if (allocation.slots > 0) spilled++;
    }
    expect(spilled).toBeGreaterThan(100);
  });
});
