/**
 * Integer bounds (issue 18: "checks that a dominating check already proves"): an interval for
 * every Signed variable of a graph, from constants, code units, items of typed arrays, array
 * lengths, masks and remainders, and from the comparisons a branch took and the index checks
 * passed; then every int_add_ovf, int_sub_ovf and int_mul_ovf whose exact result is known to
 * stay within the integers JavaScript keeps exact (|x| <= 2^53) becomes the plain operation.
 * `pc++` after `pc < code.length`, or `i + 1` on an index read from an Int32Array, no longer
 * test for an overflow that cannot happen.
 *
 * What a check or a branch learns of a variable also holds, shifted, of the variables of its
 * block that differ from it by a constant (Offsets), and a list's length is bounded as an
 * array's (2^48), so that `code[ip++]` bounds ip + 1 for the next read.
 *
 * An abstract interpretation over the blocks (the LLVM and PyPy optimizers' intbounds, on LL
 * graphs): a block's input argument gets the union of what its incoming links pass, each link's
 * values narrowed by the comparison its exit decided (`if v then` after `v = int_lt(i, n)`: i < n
 * on the true link, i >= n on the false one) and by the check_index operations of its block; an
 * input argument of a loop header that keeps growing is widened on the side it grows, to the next
 * of a few thresholds and then to infinity, so that the iteration ends (the test at the header
 * then bounds it again in the body). Bounds are bigints, exact however large (x + 1 for x < 2^53 must
 * be known to be at most 2^53, which doubles cannot tell from 2^53 + 1).
 */

import { LLConstant, type LLBlock, type LLGraph, type LLLink, LLOperation, LLVariable, type LLValue } from "../../llir/llgraph.js";
import { ArrayType, Bool, Char, Int16, Int32, Int8, PtrType, Signed, StructType, Uint16, Uint32, Uint8, type LLType } from "../../llir/lltype.js";

/** An interval of integers, exact (bigints): lo null is -infinity, hi null is +infinity. */
interface Interval {
  readonly lo: bigint | null;
  readonly hi: bigint | null;
}

const EXACT = 2n ** 53n;
const UNKNOWN: Interval = { lo: null, hi: null };
/**
 * What any integer of the program holds (RTS's integers are JavaScript's exact ones: checked
 * arithmetic stops the program outside them), unless it comes from an operation that computes
 * with all 64 bits (wrapping arithmetic, shifts, raw memory: UNKNOWN).
 */
const EXACT_INTEGER: Interval = { lo: -EXACT, hi: EXACT };
/** Where a Signed value comes from a read, a call or an argument: an exact integer. */
const READS: ReadonlySet<string> = new Set(["getfield", "getinteriorfield", "getarrayitem", "getitemfield", "direct_call", "indirect_call", "int_floordiv"]);
/** How many times an input argument may grow before it is widened. */
const GROWTHS_BEFORE_WIDENING = 3;
/**
 * Where a growing bound is widened to (the next one past it, then infinity): the ranges of the
 * storage types, of array lengths and of the exact integers, so that a value carried through an
 * inner loop while an outer one still grows it keeps a bound (a program counter stays below
 * 2^48, the length it is tested against, instead of becoming unbounded).
 */
const THRESHOLDS: readonly bigint[] = [0n, 1n, 2n ** 8n, 2n ** 16n, 2n ** 31n, 2n ** 32n, 2n ** 48n, 2n ** 53n].flatMap((t) => [t - 1n, t, -t]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const widenUp = (x: bigint | null) => (x === null ? null : (THRESHOLDS.find((t) => t >= x) ?? null));
const widenDown = (x: bigint | null) => (x === null ? null : ([...THRESHOLDS].reverse().find((t) => t <= x) ?? null));

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);
const abs = (a: bigint) => (a < 0n ? -a : a);

function join(a: Interval | undefined, b: Interval): Interval {
  if (a === undefined) return b;
  return { lo: a.lo === null || b.lo === null ? null : min(a.lo, b.lo), hi: a.hi === null || b.hi === null ? null : max(a.hi, b.hi) };
}

function meet(a: Interval, b: Interval): Interval {
  return { lo: a.lo === null ? b.lo : b.lo === null ? a.lo : max(a.lo, b.lo), hi: a.hi === null ? b.hi : b.hi === null ? a.hi : min(a.hi, b.hi) };
}

function sameInterval(a: Interval | undefined, b: Interval): boolean {
  return a !== undefined && a.lo === b.lo && a.hi === b.hi;
}

const constant = (n: bigint): Interval => ({ lo: n, hi: n });
const range = (lo: number, hi: number): Interval => ({ lo: BigInt(lo), hi: BigInt(hi) });

/** The values a storage type of that kind holds. */
const STORAGE_RANGES: ReadonlyMap<LLType, Interval> = new Map<LLType, Interval>([
  [Int8, range(-128, 127)],
  [Uint8, range(0, 255)],
  [Int16, range(-32768, 32767)],
  [Uint16, range(0, 65535)],
  [Int32, range(-(2 ** 31), 2 ** 31 - 1)],
  [Uint32, range(0, 2 ** 32 - 1)],
  [Char, range(0, 65535)],
  [Bool, range(0, 1)],
]);
/** No array holds more items than an address space of 2^48 bytes. */
const LENGTH: Interval = range(0, 2 ** 48);

/** The interval of a + b, a - b and a * b from the operands'. */
function add(a: Interval, b: Interval): Interval {
  return { lo: a.lo === null || b.lo === null ? null : a.lo + b.lo, hi: a.hi === null || b.hi === null ? null : a.hi + b.hi };
}
function sub(a: Interval, b: Interval): Interval {
  return { lo: a.lo === null || b.hi === null ? null : a.lo - b.hi, hi: a.hi === null || b.lo === null ? null : a.hi - b.lo };
}
function mul(a: Interval, b: Interval): Interval {
  if (a.lo === null || a.hi === null || b.lo === null || b.hi === null) return UNKNOWN;
  const products = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
  return { lo: products.reduce(min), hi: products.reduce(max) };
}
/** Below, above: the interval of values less than (at most) x's upper bound, more than (at least) its lower bound. */
const below = (x: Interval, offset: bigint): Interval => ({ lo: null, hi: x.hi === null ? null : x.hi - offset });
const above = (x: Interval, offset: bigint): Interval => ({ lo: x.lo === null ? null : x.lo + offset, hi: null });
const fitsExactly = (x: Interval) => x.lo !== null && x.hi !== null && x.lo >= -EXACT && x.hi <= EXACT;
/** After a checked operation the result is within the exact integers (or the program stopped). */
const checked = (x: Interval) => meet(x, EXACT_INTEGER);

/** The item type of the array an item access reads (the struct's array field for interior accesses). */
function itemType(container: LLValue): LLType | undefined {
  if (!(container.type instanceof PtrType)) return undefined;
  const to = container.type.to;
  return to instanceof ArrayType ? to.item : undefined;
}

/** Whether op reads the length of a list (the rtyper's list_T structs). */
function isListLength(op: LLOperation): boolean {
  const [list, field] = op.args as [LLValue, LLValue];
  return field instanceof LLConstant && field.value === "length" && list.type instanceof PtrType && list.type.to instanceof StructType && list.type.to.name.startsWith("list_");
}

/** The blocks a back edge enters (the targets of links to a block on the depth-first path from the start). */
function loopHeaders(graph: LLGraph): Set<LLBlock> {
  const headers = new Set<LLBlock>();
  const state = new Map<LLBlock, "open" | "done">();
  const frames: { block: LLBlock; next: number }[] = [{ block: graph.startblock, next: 0 }];
  state.set(graph.startblock, "open");
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    const link = frame.block.exits[frame.next++];
    if (!link) {
      state.set(frame.block, "done");
      frames.pop();
      continue;
    }
    const seen = state.get(link.target);
    if (seen === "open") headers.add(link.target);
    else if (seen === undefined) {
      state.set(link.target, "open");
      frames.push({ block: link.target, next: 0 });
    }
  }
  return headers;
}

/** A comparison's relation when its branch was taken, and when it was not. */
const RELATIONS: Readonly<Record<string, readonly [string, string]>> = {
  int_lt: ["int_lt", "int_ge"],
  int_le: ["int_le", "int_gt"],
  int_gt: ["int_gt", "int_le"],
  int_ge: ["int_ge", "int_lt"],
  int_eq: ["int_eq", "int_ne"],
  int_ne: ["int_ne", "int_eq"],
};

/**
 * The variables of a block that differ from another by a constant (`v = int_add_ovf(ip, 1)`,
 * `w = int_sub(n, 2)`): what a later check or branch learns of one holds, shifted, of the other.
 * `ip++` computes ip + 1 before `code[ip]` checks ip against the length; the check bounds ip + 1
 * too, so that the next `ip + 1` cannot overflow either.
 */
class Offsets {
  /** For each variable, the variables it is related to and by how much: `to` = the variable + offset. */
  private readonly related = new Map<LLVariable, { variable: LLVariable; offset: bigint }[]>();

  /** Notes the relation an addition or subtraction of a constant makes (the checked ones too: their result, when there is one, is exact). */
  record(op: LLOperation): void {
    const sign = op.opname === "int_add" || op.opname === "int_add_ovf" ? 1n : op.opname === "int_sub" || op.opname === "int_sub_ovf" ? -1n : 0n;
    if (sign === 0n || op.result.type !== Signed) return;
    const [a, b] = op.args as [LLValue, LLValue];
    const k = (c: LLValue) => (c instanceof LLConstant && typeof c.value === "number" && Number.isSafeInteger(c.value) ? BigInt(c.value) : undefined);
    let base: LLValue = a;
    let offset = k(b);
    if (offset === undefined && sign === 1n) {
      base = b;
      offset = k(a);
    }
    if (offset === undefined || !(base instanceof LLVariable)) return;
    // result = base + sign * offset, base = result - sign * offset
    this.relate(base, op.result, sign * offset);
    this.relate(op.result, base, -sign * offset);
  }

  /** Notes to = from + offset. */
  private relate(from: LLVariable, to: LLVariable, offset: bigint): void {
    const list = this.related.get(from) ?? [];
    list.push({ variable: to, offset });
    this.related.set(from, list);
  }

  /** Narrows x to within bound, and every variable related to it (transitively) by the same bound shifted. */
  refine(x: LLVariable, bound: Interval, env: Map<LLVariable, Interval>, bounds: Bounds): void {
    const pending: { variable: LLVariable; bound: Interval }[] = [{ variable: x, bound }];
    const done = new Set<LLVariable>();
    while (pending.length > 0) {
      const { variable, bound: b } = pending.pop()!;
      if (done.has(variable)) continue;
      done.add(variable);
      const narrowed = meet(bounds.of(variable, env), b);
      env.set(variable, narrowed);
      for (const { variable: to, offset } of this.related.get(variable) ?? []) pending.push({ variable: to, bound: add(narrowed, constant(offset)) });
    }
  }
}

class Bounds {
  /** The intervals of the input arguments so far (undefined: no link reaching it seen yet). */
  readonly inputs = new Map<LLVariable, Interval>();
  private readonly growths = new Map<LLVariable, number>();
  /** Where intervals that keep growing are widened: one place on every cycle, so that the iteration ends (elsewhere a bound a test put stays). */
  private readonly widenAt: Set<LLBlock>;

  constructor(widenAt: Set<LLBlock>) {
    this.widenAt = widenAt;
  }

  /** The interval of a value where env holds the block's variables. */
  of(value: LLValue, env: Map<LLVariable, Interval>): Interval {
    if (value instanceof LLConstant) {
      if (typeof value.value === "number" && Number.isSafeInteger(value.value)) return constant(BigInt(value.value));
      if (typeof value.value === "boolean") return constant(value.value ? 1n : 0n);
      return UNKNOWN;
    }
    return env.get(value) ?? (value.type === Signed ? EXACT_INTEGER : UNKNOWN);
  }

  /** Runs through a block: the intervals of its variables, narrowed by its index checks, then those of what each link passes. */
  visit(block: LLBlock, env: Map<LLVariable, Interval>, onOperation?: (op: LLOperation, index: number, env: Map<LLVariable, Interval>) => void): Map<LLLink, Interval[]> {
    for (const v of block.inputargs) env.set(v, this.inputs.get(v) ?? (v.type === Signed ? EXACT_INTEGER : UNKNOWN));
    const offsets = new Offsets();
    block.operations.forEach((op, index) => {
      onOperation?.(op, index, env);
      if (op.opname === "check_index" && op.args[0] instanceof LLVariable) {
        const length = this.of(op.args[1]!, env);
        offsets.refine(op.args[0], { lo: 0n, hi: length.hi === null ? null : length.hi - 1n }, env, this);
        return;
      }
      const result = this.result(op, env);
      if (result) env.set(op.result, result);
      offsets.record(op);
    });
    const passed = new Map<LLLink, Interval[]>();
    const comparison = block.exitswitch instanceof LLVariable ? block.operations.find((op) => op.result === block.exitswitch) : undefined;
    for (const link of block.exits) {
      const narrowed = new Map(env);
      if (comparison && typeof link.exitcase === "boolean") this.narrow(comparison, link.exitcase, narrowed, offsets);
      passed.set(link, link.args.map((a) => this.of(a, narrowed)));
    }
    return passed;
  }

  /** What x and y of `x OP y` are on the link where the comparison was taken (true or false). */
  private narrow(op: LLOperation, taken: boolean, env: Map<LLVariable, Interval>, offsets: Offsets): void {
    const pair = RELATIONS[op.opname];
    if (!pair || op.args.length !== 2) return;
    const relation = pair[taken ? 0 : 1];
    const [x, y] = op.args as [LLValue, LLValue];
    const a = this.of(x, env);
    const b = this.of(y, env);
    let na = a;
    let nb = b;
    switch (relation) {
      case "int_lt":
        na = meet(a, below(b, 1n));
        nb = meet(b, above(a, 1n));
        break;
      case "int_le":
        na = meet(a, below(b, 0n));
        nb = meet(b, above(a, 0n));
        break;
      case "int_gt":
        na = meet(a, above(b, 1n));
        nb = meet(b, below(a, 1n));
        break;
      case "int_ge":
        na = meet(a, above(b, 0n));
        nb = meet(b, below(a, 0n));
        break;
      case "int_eq":
        na = nb = meet(a, b);
        break;
    }
    if (x instanceof LLVariable) offsets.refine(x, na, env, this);
    if (y instanceof LLVariable) offsets.refine(y, nb, env, this);
  }

  /** The interval of an operation's Signed result (undefined for other results). */
  private result(op: LLOperation, env: Map<LLVariable, Interval>): Interval | undefined {
    if (op.result.type !== Signed) return undefined;
    const arg = (i: number) => this.of(op.args[i]!, env);
    switch (op.opname) {
      case "same_as":
        return arg(0);
      case "int_add":
        return add(arg(0), arg(1));
      case "int_sub":
        return sub(arg(0), arg(1));
      case "int_add_ovf":
        return checked(add(arg(0), arg(1)));
      case "int_sub_ovf":
        return checked(sub(arg(0), arg(1)));
      case "int_mul_ovf":
        return checked(mul(arg(0), arg(1)));
      case "int_and": {
        // A non-negative operand bounds the result: 0 <= a & b <= a.
        const [a, b] = [arg(0), arg(1)];
        const bounds = [a, b].filter((x) => x.lo !== null && x.lo >= 0n).map((x) => x.hi);
        if (bounds.length === 0) return UNKNOWN;
        return { lo: 0n, hi: bounds.includes(null) ? (bounds.find((h) => h !== null) ?? null) : bounds.reduce((x, y) => min(x!, y!)) };
      }
      case "int_mod": {
        // |a % b| < |b|, with the sign of a.
        const [a, b] = [arg(0), arg(1)];
        if (b.lo === null || b.hi === null) return a.lo !== null && a.lo >= 0n ? { lo: 0n, hi: a.hi } : UNKNOWN;
        const m = max(abs(b.lo), abs(b.hi)) - 1n;
        return a.lo !== null && a.lo >= 0n ? { lo: 0n, hi: a.hi === null ? m : min(m, a.hi) } : { lo: -m, hi: m };
      }
      case "int_to_int32":
        return STORAGE_RANGES.get(Int32);
      case "cast_char_to_int":
      case "cast_bool_to_int":
        return STORAGE_RANGES.get(op.args[0]!.type);
      case "getarraylength":
      case "getinteriorarraysize":
        return LENGTH;
      case "getfield":
        // A list's length (rlist.ts: list_T = GcStruct(length, items)) is its array's at most.
        return isListLength(op) ? LENGTH : EXACT_INTEGER;
      case "getarrayitem":
        return STORAGE_RANGES.get(itemType(op.args[0]!) ?? Signed) ?? EXACT_INTEGER;
      default:
        return READS.has(op.opname) ? EXACT_INTEGER : UNKNOWN;
    }
  }

  /** Joins what a link passes into its target's input arguments; whether any of them changed. */
  update(link: LLLink, passed: Interval[]): boolean {
    let changed = false;
    link.target.inputargs.forEach((v, j) => {
      if (v.type !== Signed) return;
      const old = this.inputs.get(v);
      let next = join(old, passed[j]!);
      if (sameInterval(old, next)) return;
      const growths = (this.growths.get(v) ?? 0) + 1;
      this.growths.set(v, growths);
      if (old && growths > GROWTHS_BEFORE_WIDENING && this.widenAt.has(link.target)) next = { lo: next.lo === old.lo ? next.lo : widenDown(next.lo), hi: next.hi === old.hi ? next.hi : widenUp(next.hi) };
      this.inputs.set(v, next);
      changed = true;
    });
    return changed;
  }
}

/** Removes the overflow checks the bounds prove; returns how many. */
export function removeProvenOverflowChecks(graph: LLGraph): number {
  const blocks = graph.iterBlocks();
  if (!blocks.some((block) => block.operations.some((op) => op.opname === "int_add_ovf" || op.opname === "int_sub_ovf" || op.opname === "int_mul_ovf"))) return 0;
  const bounds = new Bounds(loopHeaders(graph));
  for (const v of graph.startblock.inputargs) bounds.inputs.set(v, v.type === Signed ? EXACT_INTEGER : UNKNOWN);
  const pending = new Set<LLBlock>([graph.startblock]);
  const visited = new Set<LLBlock>();
  while (pending.size > 0) {
    const block = pending.values().next().value!;
    pending.delete(block);
    for (const [link, passed] of bounds.visit(block, new Map())) {
      if (bounds.update(link, passed) || !visited.has(link.target)) pending.add(link.target);
      visited.add(link.target);
    }
    visited.add(block);
  }
  let removed = 0;
  for (const block of blocks) {
    if (!visited.has(block)) continue;
    const replacements = new Map<number, LLOperation>();
    bounds.visit(block, new Map(), (op, index, env) => {
      const plain = PLAIN[op.opname];
      if (plain === undefined) return;
      const [a, b] = [bounds.of(op.args[0]!, env), bounds.of(op.args[1]!, env)];
      const exact = op.opname === "int_add_ovf" ? add(a, b) : op.opname === "int_sub_ovf" ? sub(a, b) : mul(a, b);
      if (fitsExactly(exact)) replacements.set(index, new LLOperation(plain, op.args, op.result, op.pos));
    });
    for (const [index, op] of replacements) block.operations[index] = op;
    removed += replacements.size;
  }
  return removed;
}

const PLAIN: Record<string, "int_add" | "int_sub" | "int_mul" | undefined> = { int_add_ovf: "int_add", int_sub_ovf: "int_sub", int_mul_ovf: "int_mul" };
