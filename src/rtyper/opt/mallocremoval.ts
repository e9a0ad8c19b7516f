/**
 * Malloc removal (RPython's backendopt/malloc.py): an object allocated by `malloc` that never
 * leaves its function is replaced by its fields, held in variables.
 *
 * The variables that may hold the objects of one allocation form its lifetime: the malloc's
 * result, the input arguments that links connect to it, and its copies and casts (same_as,
 * cast_pointer to a struct it nests). Links may join the results of several mallocs of the same
 * struct (the object made before a loop and the one made in it). A lifetime is removable when
 * - mallocs of one struct are its only sources: no input argument of the start block, no
 *   constant (null) and no other operation's result flows into it;
 * - it is only read and written (getfield, setfield of a field of the struct or of a base struct
 *   it nests first), copied, cast, passed along links, compared or tested for null: it is never
 *   passed to a call, stored anywhere, returned, raised or switched on;
 * - no link passes one object twice (the two input arguments would share their fields).
 * Several objects of one lifetime may be live at once (the one of the previous iteration and the
 * new one): each variable has the fields of the object it holds.
 *
 * Then each variable of the lifetime becomes one variable per field (input arguments and link
 * arguments are expanded), getfield reads the variable of the field, setfield sets it, malloc
 * starts with the zero of each field, a null test is false and a comparison with anything that
 * is not the same object is false. It runs after inlining, which brings the constructors (and
 * the small methods) of an object into the function that allocates it.
 *
 * Arrays (malloc_varsize) are never removed, so neither is an array of inline structs, whose
 * getitemfield and setitemfield address one field of one item
 * (tests/rtyper/opt-golden/malloc-array-of-structs.ll).
 */

import type { LLOpName } from "../../llir/lloperation.js";
import { LLConstant, LLGraph, LLOperation, LLVariable, LL_LAST_EXCEPTION, type LLValue } from "../../llir/llgraph.js";
import { Bool, PtrType, StructType, type LLType } from "../../llir/lltype.js";
import { mergeDuplicateInputs } from "./dce.js";
import { isInnerBlock, renamed, zeroOf, type Renaming } from "./graph-edit.js";

/** Removes every allocation that does not escape, until none is left; returns how many mallocs. */
export function removeMallocs(graph: LLGraph): number {
  // One object passed twice on a link (as `this` and as the value of `new`) is one input argument.
  mergeDuplicateInputs(graph);
  let removed = 0;
  // An object stored only in removed objects is removable in the next round.
  for (;;) {
    const lifetimes = findRemovable(graph);
    if (lifetimes.length === 0) return removed;
    expand(graph, lifetimes);
    for (const lifetime of lifetimes) removed += lifetime.mallocs.size;
  }
}

/** A leaf field of an allocated struct: its path through the nested base structs, and its type. */
interface Leaf {
  readonly key: string;
  readonly type: LLType;
}

/** The struct, its nested base structs (first fields), and its leaf fields. */
interface Shape {
  readonly chain: StructType[];
  readonly leaves: Leaf[];
  /** (a struct of the chain, a field name) -> leaf: a field of a base is reached from any struct nesting it. */
  leafOf(struct: StructType, name: string): Leaf | undefined;
}

function shapeOf(struct: StructType): Shape | undefined {
  const chain: StructType[] = [];
  const leaves: Leaf[] = [];
  const byStruct = new Map<StructType, Map<string, Leaf>>();
  let current: StructType | undefined = struct;
  let prefix = "";
  while (current) {
    chain.push(current);
    const own = new Map<string, Leaf>();
    byStruct.set(current, own);
    let next: StructType | undefined;
    for (const [i, field] of current.fields.entries()) {
      if (i === 0 && field.type instanceof StructType && field.type.gc) {
        next = field.type;
        continue;
      }
      // Inline containers (a string's chars) have no single value to hold.
      if (field.type.kind === "struct" || field.type.kind === "array") return undefined;
      const leaf = { key: `${prefix}${field.name}`, type: field.type };
      own.set(field.name, leaf);
      leaves.push(leaf);
    }
    prefix += `${current.fields[0]?.name}.`;
    current = next;
  }
  return {
    chain,
    leaves,
    // As the interpreter finds a field: the struct's own first, then the structs it nests.
    leafOf(from: StructType, name: string) {
      for (let i = chain.indexOf(from); i >= 0 && i < chain.length; i++) {
        const leaf = byStruct.get(chain[i]!)!.get(name);
        if (leaf) return leaf;
      }
      return undefined;
    },
  };
}

interface Lifetime {
  /** Where the objects come from: mallocs of one struct. */
  readonly mallocs: Set<LLOperation>;
  readonly shape: Shape;
  readonly vars: Set<LLVariable>;
}

/** Union-find over variables: those a link, a copy or a cast connects hold the same objects. */
class Partition {
  private readonly parent = new Map<LLVariable, LLVariable>();
  find(v: LLVariable): LLVariable {
    let root = v;
    while (this.parent.has(root)) root = this.parent.get(root)!;
    if (root !== v) this.parent.set(v, root);
    return root;
  }
  union(a: LLVariable, b: LLVariable): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

/**
 * The pointer tests whose answer is known for an object that never escaped: it is not null, and
 * not the same as any value outside its lifetime. check_nonnull passes (no result).
 */
const KNOWN_TESTS: Partial<Record<LLOpName, boolean | undefined>> = { ptr_nonzero: true, ptr_iszero: false, ptr_eq: false, ptr_ne: true, check_nonnull: undefined };

const structOf = (type: LLType) => (type instanceof PtrType && type.to instanceof StructType ? type.to : undefined);
const isAlias = (op: LLOperation) => op.opname === "same_as" || op.opname === "cast_pointer";
/** The operand of a copy or cast that holds the object. */
const aliased = (op: LLOperation) => op.args[op.opname === "cast_pointer" ? 1 : 0]!;
const inChain = (shape: Shape, type: LLType) => {
  const struct = structOf(type);
  return struct !== undefined && shape.chain.includes(struct);
};

/** The lifetimes of the graph that no use lets escape (in one pass over the graph). */
function findRemovable(graph: LLGraph): Lifetime[] {
  const blocks = graph.iterBlocks();
  const partition = new Partition();
  for (const block of blocks) {
    for (const op of block.operations) {
      const source = isAlias(op) ? aliased(op) : undefined;
      if (source instanceof LLVariable && structOf(op.result.type)) partition.union(op.result, source);
    }
    for (const link of block.exits) {
      link.args.forEach((a, i) => {
        if (a instanceof LLVariable) partition.union(a, link.target.inputargs[i]!);
      });
    }
  }
  const byRoot = new Map<LLVariable, Lifetime>();
  const bad = new Set<Lifetime>();
  for (const block of blocks) {
    for (const op of block.operations) {
      if (op.opname !== "malloc") continue;
      const root = partition.find(op.result);
      const struct = (op.args[0] as LLConstant).value;
      let lifetime = byRoot.get(root);
      if (!lifetime) {
        const shape = struct instanceof StructType && struct.gc && !struct.varsize ? shapeOf(struct) : undefined;
        lifetime = { mallocs: new Set(), shape: shape!, vars: new Set() };
        byRoot.set(root, lifetime);
        if (!shape) bad.add(lifetime);
      }
      if (lifetime.shape?.chain[0] !== struct) bad.add(lifetime);
      lifetime.mallocs.add(op);
    }
  }
  if (byRoot.size === 0) return [];
  const lifetimeOf = (v: LLValue | undefined) => (v instanceof LLVariable ? byRoot.get(partition.find(v)) : undefined);
  for (const block of blocks) {
    // The object each variable of a lifetime holds in this block (copies and casts hold the same).
    const objectOf = new Map<LLVariable, LLVariable>();
    for (const v of block.inputargs) {
      const lifetime = lifetimeOf(v);
      if (!lifetime) continue;
      lifetime.vars.add(v);
      objectOf.set(v, v);
      if (!isInnerBlock(graph, block) || !inChain(lifetime.shape, v.type)) bad.add(lifetime);
    }
    for (const op of block.operations) {
      const lifetime = lifetimeOf(op.result);
      if (lifetime) {
        lifetime.vars.add(op.result);
        const source = isAlias(op) ? aliased(op) : undefined;
        if (lifetime.mallocs.has(op)) {
          objectOf.set(op.result, op.result);
          continue;
        }
        if (source instanceof LLVariable && lifetimeOf(source) === lifetime && inChain(lifetime.shape, op.result.type)) {
          objectOf.set(op.result, objectOf.get(source) ?? source);
          continue;
        }
        bad.add(lifetime);
      }
      op.args.forEach((a, i) => {
        const used = lifetimeOf(a);
        if (used && !(i === 0 && allowedUse(op, used.shape))) bad.add(used);
      });
    }
    const switched = lifetimeOf(block.exitswitch === LL_LAST_EXCEPTION ? undefined : (block.exitswitch ?? undefined));
    if (switched) bad.add(switched);
    for (const link of block.exits) {
      const objects = new Set<LLVariable>();
      link.args.forEach((a, i) => {
        // A constant (null) or a caught exception flowing into a lifetime is another source.
        const passed = a === link.caught ? undefined : lifetimeOf(a);
        const received = lifetimeOf(link.target.inputargs[i]);
        if (passed !== received) {
          if (passed) bad.add(passed);
          if (received) bad.add(received);
        }
        if (!passed) return;
        // One object passed twice: the two input arguments would not share their fields.
        const object = objectOf.get(a as LLVariable) ?? (a as LLVariable);
        if (objects.has(object)) bad.add(passed);
        objects.add(object);
      });
    }
  }
  return [...byRoot.values()].filter((l) => !bad.has(l));
}

/** Whether op, whose operand 0 holds an object of the shape, lets it escape. */
function allowedUse(op: LLOperation, shape: Shape): boolean {
  const object = op.args[0]!;
  const field = () => {
    const struct = structOf(object.type);
    return struct ? shape.leafOf(struct, (op.args[1] as LLConstant).value as string) : undefined;
  };
  switch (op.opname) {
    case "getfield":
      return field()?.type === op.result.type;
    case "setfield":
      return field()?.type === op.args[2]!.type;
    default:
      return op.opname in KNOWN_TESTS;
  }
}

/** Replaces every variable of the lifetimes by the variables of its fields. */
function expand(graph: LLGraph, lifetimes: Lifetime[]): void {
  const lifetimeOf = new Map<LLVariable, Lifetime>();
  for (const lifetime of lifetimes) for (const v of lifetime.vars) lifetimeOf.set(v, lifetime);
  const mallocs = new Set(lifetimes.flatMap((l) => [...l.mallocs]));
  const held = (v: LLValue | undefined) => (v instanceof LLVariable ? lifetimeOf.get(v) : undefined);
  for (const block of graph.iterBlocks()) {
    // The fields of the object each variable of a lifetime holds, by leaf key.
    const fields = new Map<LLVariable, Map<string, LLValue>>();
    const renaming: Renaming = new Map();
    block.inputargs = block.inputargs.flatMap((v) => {
      const lifetime = held(v);
      if (!lifetime) return [v];
      const leaves = lifetime.shape.leaves;
      const expanded = leaves.map((leaf) => new LLVariable(leaf.type, `${v.hint}_${leaf.key.replace(/.*\./, "")}`));
      fields.set(v, new Map(leaves.map((leaf, i) => [leaf.key, expanded[i]!])));
      return expanded;
    });
    const kept: LLOperation[] = [];
    for (const op of block.operations) {
      const args = op.args.map((a) => renamed(a, renaming));
      const lifetime = held(args[0]);
      const object = lifetime ? fields.get(args[0] as LLVariable) : undefined;
      const leaf = () => lifetime!.shape.leafOf(structOf(args[0]!.type)!, (args[1] as LLConstant).value as string)!.key;
      if (mallocs.has(op)) {
        fields.set(op.result, new Map(held(op.result)!.shape.leaves.map((l) => [l.key, zeroOf(l.type)])));
      } else if (isAlias(op) && held(op.result)) {
        fields.set(op.result, fields.get(aliased(op) as LLVariable)!);
      } else if (object && op.opname === "getfield") {
        renaming.set(op.result, object.get(leaf())!);
      } else if (object && op.opname === "setfield") {
        object.set(leaf(), args[2]!);
      } else if (object) {
        const known = KNOWN_TESTS[op.opname];
        if (known !== undefined) renaming.set(op.result, new LLConstant(known, Bool));
      } else {
        kept.push(args.some((a, i) => a !== op.args[i]) ? new LLOperation(op.opname, args, op.result, op.pos) : op);
      }
    }
    block.operations = kept;
    if (block.exitswitch instanceof LLVariable) block.exitswitch = renamed(block.exitswitch, renaming);
    for (const link of block.exits) {
      link.args = link.args.flatMap((a) => {
        const lifetime = a === link.caught ? undefined : held(a);
        if (!lifetime) return [renamed(a, renaming)];
        const object = fields.get(a as LLVariable)!;
        return lifetime.shape.leaves.map((leaf) => object.get(leaf.key)!);
      });
    }
  }
}
