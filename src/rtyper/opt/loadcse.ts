/**
 * Redundant reads (RPython's backendopt/storesink.py, extended to items, lengths and checks): a
 * read of memory that an earlier read of the same place, or a store to it, already gave is
 * replaced by that value, and a safety check already passed with the same operands goes.
 * `stack.items` read for each of three stack accesses is read once; a list's length read before
 * a switch is not read again by the case.
 *
 * The cache of what is known runs through extended basic blocks: a block and, along each link,
 * the blocks that link is the only way into. A block reached by several links (a loop header, a
 * join) starts with nothing known, so no fixpoint is needed and nothing is known on the strength
 * of one path only. Reads are known by their operands' value numbers: an input argument of a
 * block with one way in has the number of what its link passes (the read of `x.f` is the read of
 * `x'.f` in the next block when the link passes x as x'), and a cast_pointer or same_as the
 * number of its operand (the same object, seen through another pointer type). A known value
 * that the link does not pass is added to it (and to each link on the way from the block that
 * read it), and to the block's input arguments, only when a read there uses it.
 *
 * What is read where (`read`): a field by its name (getfield), an item (getarrayitem,
 * getitemfield, getinteriorfield), a length (getarraylength, getinteriorarraysize), and the
 * checks (check_index, check_nonnull, check_defined), which test values only. What forgets:
 * - setfield of a field named f forgets every known field named f, of any object (types do not
 *   tell objects apart: a field of a base is reached through pointers to several structs), then
 *   knows its own value there (store-to-load forwarding);
 * - a store of an item forgets every known item, of any array, then knows its own;
 * - an operation with an effect or that may raise (a call, I/O, a JIT runtime call, a write
 *   barrier, ...: the table's `effect` and `raise` flags) forgets every field and item: a callee
 *   may store anything. Array lengths stay: a GC array's length is fixed when it is allocated.
 *   Raw memory stores forget lengths too (they may write anywhere);
 * - allocations forget nothing: a new object aliases nothing known, and a collection moves
 *   objects without changing their contents (variables are the GC's roots, so a pointer kept in
 *   a variable longer stays valid: the GC transform, later, roots what is live across a call);
 * - checks are never forgotten (they test values, not memory); pure operations and fatal ones
 *   that only compute (int_add_ovf) forget nothing.
 * - jit_merge_point and can_enter_jit forget nothing: in the graphs these passes see they do
 *   nothing (the codewriter took its graphs before, and with the JIT the portal's merge point
 *   became jit_maybe_compile_and_run, a call, before the optimisations: src/jit/merge-point.ts).
 *
 * A store's value is forwarded only when the storage type is the type a variable holds (a store
 * of 300 into a Uint8 item reads back 44), and of the read's type.
 *
 * Exceptions: an operation that may raise ends its block (exitswitch LAST_EXCEPTION); such
 * operations are calls, which forget memory, and the exception links carry nothing known at all
 * (the operation's result is not defined there, and the handler is not worth the care). A fatal
 * check does not end its block: a later read runs only if the check passed, and the earlier
 * read it is replaced by ran before.
 */

import { LLConstant, LLVariable, type LLLink, LL_LAST_EXCEPTION, VOID, type LLBlock, type LLGraph, type LLOperation, type LLValue } from "../../llir/llgraph.js";
import { inlineItemStruct, llOpInfo, type LLOpName } from "../../llir/lloperation.js";
import { ArrayType, PtrType, StructType, fieldType, widened, type LLType } from "../../llir/lltype.js";
import { incomingLinks, isInnerBlock, renamed, withArgs, type Renaming } from "./graph-edit.js";

/** What a read knows about: a field (by name), an item of an array, a length, a passed check. */
type Memory = "field" | "item" | "length" | "check";

/** What the pass does with an operation. */
type Treatment =
  /** a read of memory, or a check, known afterwards by its operands */
  | { readonly kind: "read"; readonly memory: Memory }
  /** a store of a field or of an item: forgets the known memory of that kind (for a field, of that name), then knows its value as `read` */
  | { readonly kind: "store"; readonly memory: "field" | "item"; readonly read: LLOpName }
  /** may store into any object: forgets fields and items (all: raw memory, lengths too) */
  | { readonly kind: "clobber"; readonly lengths: boolean }
  /** neither known afterwards nor forgetting anything */
  | { readonly kind: "none" };

const NONE: Treatment = { kind: "none" };

/**
 * The treatment of each operation: the reads, stores and markers by name, every other operation
 * by its flags in the table (lloperation.ts), so that an operation added there is treated
 * conservatively (an effect or a raise forgets memory) without being named here.
 */
function treatmentOf(opname: LLOpName): Treatment {
  switch (opname) {
    case "getfield":
      return { kind: "read", memory: "field" };
    case "getarrayitem":
    case "getitemfield":
    case "getinteriorfield":
      return { kind: "read", memory: "item" };
    case "getarraylength":
    case "getinteriorarraysize":
      return { kind: "read", memory: "length" };
    case "check_index":
    case "check_nonnull":
    case "check_defined":
      return { kind: "read", memory: "check" };
    case "setfield":
      return { kind: "store", memory: "field", read: "getfield" };
    case "setarrayitem":
      return { kind: "store", memory: "item", read: "getarrayitem" };
    case "setitemfield":
      return { kind: "store", memory: "item", read: "getitemfield" };
    case "setinteriorfield":
      return { kind: "store", memory: "item", read: "getinteriorfield" };
    case "raw_store":
    case "raw_memcopy":
    case "raw_memclear":
    case "os_mmap":
    case "os_munmap":
      return { kind: "clobber", lengths: true };
    case "jit_merge_point":
    case "can_enter_jit":
      // No-ops in the graphs these passes see (the header says why).
      return NONE;
    default: {
      const info = llOpInfo(opname);
      return info.sideEffects || info.canRaise ? { kind: "clobber", lengths: false } : NONE;
    }
  }
}

/** The operands of a store that name the place it writes, in the order its read takes them, and its value. */
function storePlace(op: LLOperation): { place: LLValue[]; value: LLValue } {
  const a = op.args;
  switch (op.opname) {
    case "setfield": // (x, name, v) -> getfield(x, name)
    case "setarrayitem": // (a, i, v) -> getarrayitem(a, i)
      return { place: a.slice(0, 2), value: a[2]! };
    case "setitemfield": // (a, i, name, v) -> getitemfield(a, i, name)
    case "setinteriorfield": // (x, name, i, v) -> getinteriorfield(x, name, i)
      return { place: a.slice(0, 3), value: a[3]! };
    default:
      throw new Error(`internal error: ${op.opname} is no store`);
  }
}

/** The type a store writes into memory (narrower than its value's when the memory is a Uint8 item, say); undefined when not known. */
function storageType(op: LLOperation): LLType | undefined {
  const pointee = op.args[0]!.type instanceof PtrType ? op.args[0]!.type.to : undefined;
  const name = (i: number) => String((op.args[i] as LLConstant).value);
  if (op.opname === "setfield" && pointee instanceof StructType) return fieldType(pointee, name(1));
  if (op.opname === "setarrayitem" && pointee instanceof ArrayType) return pointee.item;
  if (op.opname === "setitemfield" && pointee !== undefined) return inlineItemStruct(pointee)?.field(name(2)).type;
  if (op.opname === "setinteriorfield" && pointee instanceof StructType) {
    const array = fieldType(pointee, name(1));
    return array instanceof ArrayType ? array.item : undefined;
  }
  return undefined;
}

/** A read (or check) whose value is known: the memory it reads and the value, a variable of this block or of one before it in the extended block. */
interface Entry {
  readonly memory: Memory;
  /** The field a getfield reads (what a setfield of that name forgets). */
  readonly field: string | undefined;
  readonly value: LLValue;
}

/** What is known at a point of a block, by the read's key (LoadCse.keyOf). */
type Cache = Map<string, Entry>;

/** Removes the redundant reads and checks of graph (see the header); returns how many. */
export function removeRedundantLoads(graph: LLGraph): number {
  return new LoadCse(graph).run();
}

class LoadCse {
  private readonly graph: LLGraph;
  private readonly ids = new Map<unknown, number>();
  /**
   * The value number of an input argument of a block with one way in: that of what the link
   * passes (so that `x'.f` in the block is known as `x.f` before it). Other variables are their
   * own number.
   */
  private readonly numbers = new Map<LLVariable, string>();
  /** The block each variable of the visited blocks belongs to. */
  private readonly owner = new Map<LLVariable, LLBlock>();
  /** The link into each visited block of an extended block other than its first, and the block it leaves. */
  private readonly parent = new Map<LLBlock, { link: LLLink; from: LLBlock }>();
  /** The input argument a link was given for a value of the block it leaves (a value is passed once). */
  private readonly passed = new Map<LLLink, Map<LLVariable, LLVariable>>();
  private removed = 0;

  constructor(graph: LLGraph) {
    this.graph = graph;
  }

  run(): number {
    const incoming = incomingLinks(this.graph);
    const extended = (block: LLBlock) => isInnerBlock(this.graph, block) && incoming.get(block)?.length === 1;
    const done = new Set<LLBlock>();
    const work: { block: LLBlock; cache: Cache }[] = [{ block: this.graph.startblock, cache: new Map() }];
    while (work.length > 0) {
      const { block, cache } = work.pop()!;
      if (done.has(block)) continue;
      done.add(block);
      this.visit(block, cache);
      block.exits.forEach((link, i) => {
        const target = link.target;
        if (done.has(target)) return;
        // An exception link carries nothing (the header says why).
        if (!extended(target) || (block.exitswitch === LL_LAST_EXCEPTION && i > 0)) {
          work.push({ block: target, cache: new Map() });
          return;
        }
        this.parent.set(target, { link, from: block });
        target.inputargs.forEach((v, j) => this.numbers.set(v, this.numberOf(link.args[j]!)));
        work.push({ block: target, cache: new Map(cache) });
      });
    }
    return this.removed;
  }

  /** Replaces the block's known reads, given what is known at its start; leaves cache as it is at its end. */
  private visit(block: LLBlock, cache: Cache): void {
    for (const v of block.inputargs) this.owner.set(v, block);
    const renaming: Renaming = new Map();
    const kept: LLOperation[] = [];
    for (const original of block.operations) {
      const op = original.args.some((a) => a instanceof LLVariable && renaming.has(a)) ? withArgs(original, original.args.map((a) => renamed(a, renaming))) : original;
      this.owner.set(op.result, block);
      // The same object through another pointer type (or a copy): its reads are the operand's.
      if (op.opname === "cast_pointer") this.numbers.set(op.result, this.numberOf(op.args[1]!));
      if (op.opname === "same_as") this.numbers.set(op.result, this.numberOf(op.args[0]!));
      const treatment = treatmentOf(op.opname);
      switch (treatment.kind) {
        case "read": {
          const key = this.keyOf(op.opname, op.args);
          const entry = cache.get(key);
          if (entry && (treatment.memory === "check" || entry.value.type === op.result.type)) {
            renaming.set(op.result, treatment.memory === "check" ? VOID : this.valueIn(block, entry.value));
            this.removed++;
            continue;
          }
          const field = op.opname === "getfield" ? String((op.args[1] as LLConstant).value) : undefined;
          cache.set(key, { memory: treatment.memory, field, value: op.result });
          break;
        }
        case "store": {
          const { place, value } = storePlace(op);
          const field = treatment.memory === "field" ? String((place[1] as LLConstant).value) : undefined;
          for (const [key, entry] of cache) if (entry.memory === treatment.memory && (field === undefined || entry.field === field)) cache.delete(key);
          const storage = storageType(op);
          if (storage !== undefined && widened(storage) === storage && value.type === storage) {
            cache.set(this.keyOf(treatment.read, place), { memory: treatment.memory, field, value });
          }
          break;
        }
        case "clobber":
          for (const [key, entry] of cache) if (entry.memory === "field" || entry.memory === "item" || (treatment.lengths && entry.memory === "length")) cache.delete(key);
          break;
        case "none":
          break;
      }
      kept.push(op);
    }
    if (renaming.size > 0) {
      block.operations = kept;
      if (block.exitswitch instanceof LLVariable) block.exitswitch = renamed(block.exitswitch, renaming);
      for (const link of block.exits) link.args = link.args.map((a) => renamed(a, renaming));
    }
  }

  /**
   * A value known in block, defined there or in a block before it in the extended block: what
   * the links from there pass for it, passed along them where they do not yet.
   */
  private valueIn(block: LLBlock, value: LLValue): LLValue {
    if (value instanceof LLConstant || this.owner.get(value) === block) return value;
    const parent = this.parent.get(block);
    if (!parent) throw new Error(`internal error: load-cse: a value of another extended block is known in ${this.graph.name}`);
    const { link, from } = parent;
    const there = this.valueIn(from, value);
    const index = link.args.indexOf(there);
    if (index >= 0) return block.inputargs[index]!;
    if (there instanceof LLConstant) return there;
    let given = this.passed.get(link);
    if (!given) this.passed.set(link, (given = new Map()));
    let input = given.get(there);
    if (!input) {
      input = new LLVariable(there.type, there.hint);
      given.set(there, input);
      link.args.push(there);
      block.inputargs.push(input);
      this.owner.set(input, block);
      this.numbers.set(input, this.numberOf(there));
    }
    return input;
  }

  /** The key of a read: its name and its operands' value numbers. */
  private keyOf(opname: LLOpName, args: readonly LLValue[]): string {
    return `${opname}(${args.map((a) => this.numberOf(a)).join(",")})`;
  }

  /** A value's number: equal for values known to be equal (a variable and what links pass for it in the extended block; constants by value). */
  private numberOf(value: LLValue): string {
    if (value instanceof LLVariable) return this.numbers.get(value) ?? `v${this.id(value)}`;
    const v = value.value;
    const shown = typeof v === "number" ? (Object.is(v, -0) ? "-0" : String(v)) : typeof v === "object" && v !== null ? `o${this.id(v)}` : JSON.stringify(v);
    return `c${this.id(value.type)}:${shown}`;
  }

  private id(thing: unknown): number {
    let id = this.ids.get(thing);
    if (id === undefined) this.ids.set(thing, (id = this.ids.size));
    return id;
  }
}
