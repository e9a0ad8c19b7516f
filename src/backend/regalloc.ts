/**
 * Register allocation: linear scan (Poletto and Sarkar) over one graph.
 *
 * Flow graphs make liveness simple: a variable belongs to one block (its inputargs and
 * operation results) and every value another block needs travels on a link. So each variable's
 * lifetime is one interval inside its block, from its definition to its last use (an operation,
 * the exitswitch or a link at the block's end), and no dataflow is needed.
 *
 * Positions: a block's inputargs are defined at its start; operation k uses its operands at p
 * and defines its result at p + 1, so a result may take the register of an operand used for the
 * last time (x86's two-address forms like that); the exits use their values at the block's end.
 *
 * Intervals that cross a call (a position strictly inside them where a call clobbers the
 * caller-saved registers) get a callee-saved register or a spill slot; the others prefer
 * caller-saved registers, so that leaves save nothing. A variable joined to another by a link
 * (a link argument and its target's inputarg) prefers the other's register when it is free:
 * the move on the link then disappears (coalescing by hints). When no register is free, the
 * interval that ends last is spilled to a frame slot for its whole life.
 *
 * Target-independent: the registers, their classes and which a call preserves come from the
 * target's RegisterFile (location.ts); a Float value takes the float class, every other the
 * general one.
 */

import { LLVariable, type LLBlock, type LLGraph, type LLOperation } from "../llir/llgraph.js";
import { Float, Void } from "../llir/lltype.js";
import { isSlotIn, slotIn, slotIndexIn, type Location, type RegisterFile } from "./location.js";

type Loc = Location;

export interface Allocation {
  readonly loc: Map<LLVariable, Loc>;
  /** Frame slots used (8 bytes each). */
  readonly slots: number;
  /** Callee-saved registers the function writes (its prologue saves them). */
  readonly calleeSaved: Loc[];
}

interface Interval {
  v: LLVariable;
  start: number;
  end: number;
  float: boolean;
  crossesCall: boolean;
  loc: Loc;
}

export interface AllocationInput {
  graph: LLGraph;
  /** The target's registers. */
  registers: RegisterFile;
  /** The blocks in emission order (the return block excluded: its value goes to the result register). */
  order: LLBlock[];
  /** Whether the operation clobbers the caller-saved registers. */
  isCall: (op: LLOperation) => boolean;
  /** Variables that need no location (a compare fused into its block's branch, Void values). */
  skip: Set<LLVariable>;
}

export function allocateRegisters(input: AllocationInput): Allocation {
  const file = input.registers;
  const isSlot = (loc: Loc) => isSlotIn(file, loc);
  const slot = (n: number) => slotIn(file, n);
  const candidatesOf = registerCandidates(file);
  const intervals = new Map<LLVariable, Interval>();
  const callPositions: number[] = [];
  const partners = new Map<LLVariable, LLVariable[]>();
  const partner = (a: LLVariable, b: LLVariable) => {
    if (a === b) return;
    let list = partners.get(a);
    if (!list) partners.set(a, (list = []));
    list.push(b);
  };

  let pos = 0;
  const define = (v: LLVariable, at: number) => {
    if (v.type === Void || input.skip.has(v)) return;
    intervals.set(v, { v, start: at, end: at, float: v.type === Float, crossesCall: false, loc: -1 });
  };
  const use = (value: unknown, at: number) => {
    if (!(value instanceof LLVariable)) return;
    const interval = intervals.get(value);
    if (interval && interval.end < at) interval.end = at;
  };
  for (const block of input.order) {
    for (const v of block.inputargs) define(v, pos);
    pos += 2;
    for (const op of block.operations) {
      for (const a of op.args) use(a, pos);
      if (input.isCall(op)) callPositions.push(pos);
      define(op.result, pos + 1);
      pos += 2;
    }
    if (block.exitswitch instanceof LLVariable) use(block.exitswitch, pos);
    for (const link of block.exits) {
      link.args.forEach((a, i) => {
        use(a, pos);
        const target = link.target.inputargs[i];
        if (a instanceof LLVariable && target) {
          partner(a, target);
          partner(target, a);
        }
      });
    }
    pos += 2;
  }

  // A call at position c clobbers what lives across it: defined before c, used after it.
  const sorted = [...intervals.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const interval of sorted) {
    interval.crossesCall = crossesAny(callPositions, interval.start, interval.end);
  }

  const loc = new Map<LLVariable, Loc>();
  const active: Interval[] = [];
  const freeSlots: number[] = [];
  let slots = 0;
  const slotEnds: Interval[] = [];
  const busy = new Set<Loc>();

  const newSlot = (interval: Interval) => {
    const s = freeSlots.length > 0 ? freeSlots.pop()! : slots++;
    interval.loc = slot(s);
    slotEnds.push(interval);
  };

  for (const current of sorted) {
    // Expire what ended before this interval starts: its register (or slot) is free again.
    for (let i = active.length - 1; i >= 0; i--) {
      if (active[i]!.end < current.start) {
        busy.delete(active[i]!.loc);
        active.splice(i, 1);
      }
    }
    for (let i = slotEnds.length - 1; i >= 0; i--) {
      if (slotEnds[i]!.end < current.start) {
        freeSlots.push(slotIndexIn(file, slotEnds[i]!.loc));
        slotEnds.splice(i, 1);
      }
    }
    const candidates = candidatesOf(current);
    let chosen = -1;
    for (const p of partners.get(current.v) ?? []) {
      const l = loc.get(p);
      if (l !== undefined && !busy.has(l) && candidates.includes(l)) {
        chosen = l;
        break;
      }
    }
    if (chosen < 0) chosen = candidates.find((r) => !busy.has(r)) ?? -1;
    if (chosen < 0) {
      // Spill whichever of the competing intervals ends last.
      let victim: Interval | undefined;
      for (const a of active) {
        if (!isSlot(a.loc) && candidates.includes(a.loc) && (!victim || a.end > victim.end)) victim = a;
      }
      if (victim && victim.end > current.end) {
        chosen = victim.loc;
        active.splice(active.indexOf(victim), 1);
        // A fresh slot: the free ones are free from the current position on, and the victim
        // has been alive since before it.
        victim.loc = slot(slots++);
        slotEnds.push(victim);
        loc.set(victim.v, victim.loc);
      } else {
        newSlot(current);
        loc.set(current.v, current.loc);
        continue;
      }
    }
    current.loc = chosen;
    busy.add(chosen);
    active.push(current);
    loc.set(current.v, chosen);
  }
  const saved = new Set<Loc>([...file.general.calleeSaved, ...file.float.calleeSaved]);
  const calleeSaved = [...new Set(sorted.map((i) => i.loc).filter((l) => saved.has(l)))].sort((a, b) => a - b);
  return { loc, slots, calleeSaved };
}

/** The registers an interval may take, by class and by whether it crosses a call (caller-saved first). */
function registerCandidates(file: RegisterFile): (interval: Interval) => readonly Loc[] {
  const generalAny = [...file.general.callerSaved, ...file.general.calleeSaved];
  const floatAny = [...file.float.callerSaved, ...file.float.calleeSaved];
  return (interval) => {
    const cls = interval.float ? file.float : file.general;
    if (interval.crossesCall) return cls.calleeSaved;
    return interval.float ? floatAny : generalAny;
  };
}

/** Whether a sorted list of call positions has one strictly between start and end. */
function crossesAny(calls: number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (calls[mid]! <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < calls.length && calls[lo]! < end;
}
