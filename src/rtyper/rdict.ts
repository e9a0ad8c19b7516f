/**
 * Maps and Sets at the low level: an ordered dict (CPython's compact dict, RPython's
 * rordereddict) that keeps JavaScript's insertion order.
 *
 *   DICT    = GcStruct(size, used, indexes, entries, epoch)
 *   ENTRIES = GcArray(Struct(hash, key, value))
 *
 * Entries are appended to `entries` in insertion order; `used` of them are taken, `size` of those
 * are live. An entry keeps its hash, key and value side by side, so that a lookup touches one
 * cache line of the entries after the index (issue 18: with hashes, keys and values in three
 * arrays, a lookup in trees.lox made five dependent cache misses). `indexes` is an
 * open-addressing table over entry numbers (0 free, -1 deleted, else entry + 1), probed as
 * CPython does. A small dict (at most SMALL_ENTRIES entries) has no index table: a lookup scans
 * its entries, comparing hashes first (keys compared by identity compare the keys themselves),
 * which is as fast as probing for a few entries and saves the table and a dependent load.
 * Deleting an entry marks its hash -1 and leaves a hole that iteration skips; when the entries
 * are full the dict is reorganized into a new array sized for the live entries with room to grow
 * (growing, or compacting away the holes). Hashes are in [0, 2^31), so -1 is free to mean
 * "deleted".
 *
 * Iteration must see what JavaScript shows: entries added while iterating are visited, deleted
 * ones are not. An iterator walks the entries by index, re-reading `used`; a reorganization
 * moves the entries, so each one starts a new EPOCH linked from the previous one (as V8's
 * obsolete tables are). An iterator on an old epoch maps its index to the next epoch by counting
 * the live entries before it in the old entries (which nothing writes any more), or to 0 after a
 * clear().
 *
 * A prebuilt dict has no epoch (null) until its first reorganization or iterator (newIterator
 * makes one for the entries of the moment): an epoch in the binary's data would be a root for
 * good, and every epoch after it, each holding its entries, would stay alive through the `next`
 * chain (the JIT's registry, a prebuilt Map that lives through tens of thousands of
 * reorganizations, kept 30 bytes per compiled loop that way). Nothing else holds an old epoch
 * but the iterators still on it.
 *
 * Keys compare as SameValueZero: numbers by value (NaN equals NaN, -0 is stored as +0), strings
 * by content (rstr-hash.ts; the same string object first), other objects by identity (the LL
 * operation identityhash). The keys of prebuilt Maps and Sets are hashed at translation time by
 * the same functions (hashOfKey); identity hashes are only known at run time, so a prebuilt dict
 * with object keys carries hash 0 in its entries (a small one's scan does not read it), and a
 * large one has no index table until its first lookup reorganizes it, computing the hashes.
 */

import type { LLOpName } from "../llir/lloperation.js";
import type { Some } from "../annotator/bookkeeper.js";
import { describe } from "../annotator/model.js";
import { LLConstant, LLVariable, type LLGraph, type LLOperation, type LLPrebuilt, type LLValue, cachedGraph, functionConstant, zeroOf } from "../llir/llgraph.js";
import { LLGraphBuilder, type LLLocal } from "../llir/llbuilder.js";
import { ArrayType, Bool, Char, Float, Ptr, STR, Signed, StructType, Void, type LLType, type PtrType } from "../llir/lltype.js";
import { FloatBoxRepr, nullishPointer } from "./rnullable.js";
import { Repr, RTyperError } from "./rmodel.js";
import { strEqualGraph, strHashGraph, strHashOf } from "./rstr-hash.js";
import type { RTyper } from "./rtyper.js";

const HASH_MASK = 0x3fffffff;
const NAN_HASH = 0x7ff8;
const FREE = 0;
const DELETED = -1;
const MIN_INDEXES = 8;
/** The entries of a new or cleared dict. */
const MIN_ENTRIES = 4;
/** The most entries a dict without an index table holds (its lookups scan them). */
export const SMALL_ENTRIES = 8;

const int = (n: number) => new LLConstant(n, Signed);
const name = (n: string) => new LLConstant(n, Void);
const TRUE = new LLConstant(true, Bool);
const FALSE = new LLConstant(false, Bool);

/** How many entries an index table of n slots holds (5/8 of it, so that probes stay short). */
export const capacityOf = (n: number) => (n >> 1) + (n >> 3);

/** The index table size for a dict that must hold `live` entries with room to grow. */
function indexSizeFor(live: number): number {
  let n = MIN_INDEXES;
  while (capacityOf(n) < 2 * live + 1) n *= 2;
  return n;
}

export const INDEXES = new ArrayType(Signed, { gc: true, name: "dict_indexes" });

// ---- keys: hashing and SameValueZero, at run time (LL operations) and at translation time

type KeyKind = "int" | "float" | "bool" | "char" | "string" | "identity" | "void";

function keyKindOf(repr: Repr, what: string): KeyKind {
  const t = repr.lowleveltype;
  if (repr instanceof FloatBoxRepr) throw new RTyperError(`${what} of type float | undefined are not supported by the rtyper yet`);
  if (t === Ptr(STR)) return "string";
  if (t === Signed) return "int";
  if (t === Float) return "float";
  if (t === Bool) return "bool";
  if (t === Char) return "char";
  if (t === Void) return "void";
  if (t.kind === "ptr" && t.gc) return "identity";
  throw new RTyperError(`${what} of type ${repr.name} are not supported by the rtyper yet`);
}

type Emit = (opname: LLOpName, args: LLValue[], type: LLType, hint?: string) => LLValue;

/** The builder's operations as an Emit (what iterNext and newIterator take from riterator.ts). */
const emitterOf = (b: LLGraphBuilder): Emit => (o, a, t, h) => b.op(o, a, t, h);


/** (k ^ (k >> 30)) & HASH_MASK, each part masked first: the sentinels of nullable ints (2^60) stay exact. */
function intHash(emit: Emit, k: LLValue): LLValue {
  const low = emit("int_and", [k, int(HASH_MASK)], Signed);
  const high = emit("int_and", [emit("int_rshift", [k, int(30)], Signed), int(HASH_MASK)], Signed);
  return emit("int_xor", [low, high], Signed, "hash");
}

/** The run-time hash of a key, in [0, 2^31). */
function emitHash(rtyper: RTyper, b: LLGraphBuilder, kind: KeyKind, key: LLValue): LLValue {
  const emit = emitterOf(b);
  switch (kind) {
    case "int":
      return intHash(emit, key);
    case "bool":
      return b.op("cast_bool_to_int", [key], Signed, "hash");
    case "char":
      return b.op("cast_char_to_int", [key], Signed, "hash");
    case "string":
      return b.op("direct_call", [functionConstant(strHashGraph(rtyper)), key], Signed, "hash");
    case "identity":
      // Objects are 8-byte aligned: the low bits of an address say nothing.
      return intHash(emit, b.op("int_rshift", [b.op("identityhash", [key], Signed), int(3)], Signed));
    case "void":
      return int(0);
    case "float": {
      const h = b.local(Signed, int(NAN_HASH), "h");
      b.ifThen(b.op("float_eq", [key, key], Bool), () => {
        const f = b.op("float_add", [key, new LLConstant(0, Float)], Float); // -0 + 0 is +0
        let x = b.op("int_xor", [b.op("float_high_word", [f], Signed), b.op("float_low_word", [f], Signed)], Signed);
        x = b.op("int_xor", [x, b.op("int_xor", [b.op("int_rshift", [x, int(20)], Signed), b.op("int_rshift", [x, int(12)], Signed)], Signed)], Signed);
        x = b.op("int_xor", [x, b.op("int_xor", [b.op("int_rshift", [x, int(7)], Signed), b.op("int_rshift", [x, int(4)], Signed)], Signed)], Signed);
        b.set(h, b.op("int_and", [x, int(HASH_MASK)], Signed));
      });
      return b.get(h);
    }
  }
}

const words = new DataView(new ArrayBuffer(8));

/**
 * What emitHash computes at run time, at translation time: from the live key (strings) or the
 * LL constant it converts to (numbers, with the sentinels of nullable ints).
 */
function hashOfKey(kind: KeyKind, key: unknown, converted: LLConstant): number {
  switch (kind) {
    case "int": {
      const k = BigInt(converted.value as number);
      return Number((k ^ (k >> 30n)) & BigInt(HASH_MASK));
    }
    case "bool":
      return converted.value ? 1 : 0;
    case "char":
      return converted.value as number;
    case "string":
      return strHashOf(key as string | undefined | null);
    case "void":
    case "identity":
      return 0;
    case "float": {
      const f = converted.value as number;
      if (Number.isNaN(f)) return NAN_HASH;
      words.setFloat64(0, f + 0);
      let x = words.getUint32(0) ^ words.getUint32(4);
      x = (x >>> 0) ^ ((x >>> 0) >>> 20) ^ ((x >>> 0) >>> 12);
      x = (x >>> 0) ^ ((x >>> 0) >>> 7) ^ ((x >>> 0) >>> 4);
      return (x >>> 0) & HASH_MASK;
    }
  }
}

/** SameValueZero of two keys. */
function emitEqual(rtyper: RTyper, b: LLGraphBuilder, kind: KeyKind, x: LLValue, y: LLValue): LLValue {
  switch (kind) {
    case "int":
      return b.op("int_eq", [x, y], Bool);
    case "bool":
      return b.op("int_eq", [b.op("cast_bool_to_int", [x], Signed), b.op("cast_bool_to_int", [y], Signed)], Bool);
    case "char":
      return b.op("char_eq", [x, y], Bool);
    case "string": {
      // The same string object first: keys looked up with the string they were stored with (a
      // field name of the program) skip the call.
      const eq = b.local(Bool, TRUE, "eq");
      b.ifThen(b.op("ptr_ne", [x, y], Bool), () => b.set(eq, b.op("direct_call", [functionConstant(strEqualGraph(rtyper)), x, y], Bool, "eq")));
      return b.get(eq);
    }
    case "identity":
      return b.op("ptr_eq", [x, y], Bool);
    case "void":
      return TRUE;
    case "float": {
      const bothNaN = b.op("bool_and", [b.op("float_ne", [x, x], Bool), b.op("float_ne", [y, y], Bool)], Bool);
      return b.op("bool_or", [b.op("float_eq", [x, y], Bool), bothNaN], Bool, "eq");
    }
  }
}

/**
 * value, converted from one representation to another inside a helper being built: the
 * rtyper's conversion operations, replayed into the builder.
 */
export function convertInBuilder(b: LLGraphBuilder, rtyper: RTyper, value: LLValue, from: Repr, to: Repr): LLValue {
  const llops: LLOperation[] = [];
  const converted = rtyper.convert(value, from, to, llops, undefined);
  const renamed = new Map<LLVariable, LLValue>();
  const sub = (v: LLValue) => (v instanceof LLVariable ? (renamed.get(v) ?? v) : v);
  for (const op of llops) renamed.set(op.result, b.op(op.opname, op.args.map(sub), op.result.type, op.result.hint));
  return sub(converted);
}

// ---- the representation

type DictField = "size" | "used" | "indexes" | "entries" | "epoch";
type EntryField = "hash" | "key" | "value";

export class DictRepr extends Repr {
  readonly kind: "map" | "set";
  readonly name: string;
  readonly struct: StructType;
  private rtyper: RTyper;
  keyRepr!: Repr;
  valueRepr!: Repr;
  keyKind!: KeyKind;
  /** One entry: its hash (-1 once deleted), key and value (none for a Set), inline in `entries`. */
  readonly entryStruct: StructType;
  entriesArray!: ArrayType;
  /** One generation of the dict's entries, for its iterators (see the top of the file). */
  readonly epochStruct: StructType;
  /** The iterator struct: the dict, the epoch it walks and the index of its next entry. */
  readonly iterStruct: StructType;
  private readonly graphs = new Map<string, LLGraph>();
  private readonly getGraphs = new Map<Repr, LLGraph>();
  private readonly prebuilt = new Map<unknown, LLPrebuilt>();
  /** The helpers of lower-dicts.ts: a lookup helper taking a string for char keys (by the lookup helper), `new Map(iterable)` (by the iterable's repr). */
  readonly charKeyGraphs = new Map<LLGraph, LLGraph>();
  readonly fromIterableGraphs = new Map<Repr, LLGraph>();

  constructor(rtyper: RTyper, s: Some & { kind: "map" | "set" }) {
    super();
    this.rtyper = rtyper;
    this.kind = s.kind;
    this.name = describe(s);
    this.struct = new StructType(s.kind === "map" ? `dict ${this.name}` : `set ${this.name}`, true);
    this.entryStruct = new StructType(`dict_entry ${this.name}`, false);
    this.epochStruct = new StructType(`dict_epoch ${this.name}`, true);
    this.iterStruct = new StructType(`dictiter ${this.name}`, true);
  }

  /** The key and value representations: after the dict is cached, since a value may be this dict again. */
  setup(s: Some & { kind: "map" | "set" }): void {
    this.keyRepr = this.rtyper.reprOf(s.dictdef.key);
    this.valueRepr = s.kind === "map" ? this.rtyper.reprOf(s.dictdef.value) : this.rtyper.reprOf({ kind: "impossible", empty: 0, const: undefined });
    this.keyKind = keyKindOf(this.keyRepr, s.kind === "map" ? "Map keys" : "Set items");
    this.entryStruct.setFields([
      { name: "hash", type: Signed },
      ...(this.hasKeys ? [{ name: "key", type: this.keyRepr.lowleveltype }] : []),
      ...(this.hasValues ? [{ name: "value", type: this.valueRepr.lowleveltype }] : []),
    ]);
    this.entriesArray = new ArrayType(this.entryStruct, { gc: true, name: `dict_entries ${this.name}` });
    this.struct.setFields([
      { name: "size", type: Signed },
      { name: "used", type: Signed },
      { name: "indexes", type: Ptr(INDEXES) },
      { name: "entries", type: Ptr(this.entriesArray) },
      { name: "epoch", type: Ptr(this.epochStruct) },
    ]);
    this.epochStruct.setFields([
      { name: "next", type: Ptr(this.epochStruct) },
      { name: "entries", type: Ptr(this.entriesArray) },
      { name: "cleared", type: Bool },
    ]);
    this.iterStruct.setFields([
      { name: "dict", type: this.lowleveltype },
      { name: "epoch", type: Ptr(this.epochStruct) },
      { name: "index", type: Signed },
    ]);
  }

  get lowleveltype(): PtrType {
    return Ptr(this.struct);
  }

  /** Sets (and Maps whose values are only ever null or undefined) keep no values. */
  get hasValues(): boolean {
    return this.valueRepr.lowleveltype !== Void;
  }

  /** Keys that are only ever undefined are not kept either. */
  private get hasKeys(): boolean {
    return this.keyRepr.lowleveltype !== Void;
  }

  override get builtinName(): string {
    return this.kind;
  }

  private graph(key: string, build: () => LLGraph): LLGraph {
    return cachedGraph(this.graphs, key, build);
  }

  private builder(what: string, args: LLType[], result: LLType): LLGraphBuilder {
    return new LLGraphBuilder(`ll_${this.kind}_${what} ${this.name}`, args, result);
  }

  private get(b: LLGraphBuilder, d: LLValue, field: DictField): LLValue {
    return b.op("getfield", [d, name(field)], this.struct.field(field).type, field);
  }

  private set(b: LLGraphBuilder, d: LLValue, field: DictField, value: LLValue): void {
    b.op("setfield", [d, name(field), value], Void);
  }

  private typeOfEntryField(field: EntryField): LLType {
    return field === "hash" ? Signed : field === "key" ? this.keyRepr.lowleveltype : this.valueRepr.lowleveltype;
  }

  /** Field `field` of entry e (the Void constant for keys or values that are not kept). */
  private entryGet(emit: Emit, entries: LLValue, e: LLValue, field: EntryField): LLValue {
    const type = this.typeOfEntryField(field);
    if (type === Void) return new LLConstant(null, Void);
    return emit("getitemfield", [entries, e, name(field)], type, field);
  }

  private entrySet(b: LLGraphBuilder, entries: LLValue, e: LLValue, field: EntryField, value: LLValue): void {
    if (this.typeOfEntryField(field) === Void) return;
    b.op("setitemfield", [entries, e, name(field), value], Void);
  }

  /** Fresh, empty entries of `cap` items and, when n is given, an index table of n slots, stored into d. */
  private allocate(b: LLGraphBuilder, d: LLValue, cap: LLValue, n: LLValue | undefined): LLValue {
    const entries = b.op("malloc_varsize", [new LLConstant(this.entriesArray, Void), cap], Ptr(this.entriesArray), "entries");
    const indexes = n ? b.op("malloc_varsize", [new LLConstant(INDEXES, Void), n], Ptr(INDEXES), "indexes") : new LLConstant(null, Ptr(INDEXES));
    this.set(b, d, "indexes", indexes);
    this.set(b, d, "entries", entries);
    return entries;
  }

  private allocateEpoch(b: LLGraphBuilder, entries: LLValue): LLValue {
    const epoch = b.op("malloc", [new LLConstant(this.epochStruct, Void)], Ptr(this.epochStruct), "epoch");
    b.op("setfield", [epoch, name("entries"), entries], Void);
    return epoch;
  }

  /**
   * A new epoch for d's new entries; the old one leads to it (marked cleared if nothing moved
   * over). A prebuilt dict has none before (see the header): nothing leads to the new one.
   */
  private newEpoch(b: LLGraphBuilder, d: LLValue, entries: LLValue, cleared: boolean): void {
    const epoch = this.allocateEpoch(b, entries);
    const old = this.get(b, d, "epoch");
    b.ifThen(b.op("ptr_nonzero", [old], Bool), () => {
      b.op("setfield", [old, name("next"), epoch], Void);
      if (cleared) b.op("setfield", [old, name("cleared"), TRUE], Void);
    });
    this.set(b, d, "epoch", epoch);
  }

  /** Puts entry number `entry` into the first free or deleted slot of its probe sequence. */
  private insertIndex(b: LLGraphBuilder, indexes: LLValue, hash: LLValue, entry: LLValue): void {
    const mask = b.op("int_sub", [b.op("getarraylength", [indexes], Signed), int(1)], Signed, "mask");
    const i = b.local(Signed, b.op("int_and", [hash, mask], Signed), "i");
    const perturb = b.local(Signed, hash, "perturb");
    b.whileLoop(
      () => b.op("int_gt", [b.op("getarrayitem", [indexes, b.get(i)], Signed, "ix"), int(FREE)], Bool),
      () => this.nextProbe(b, i, perturb, mask),
    );
    b.op("setarrayitem", [indexes, b.get(i), b.op("int_add", [entry, int(1)], Signed)], Void);
  }

  private nextProbe(b: LLGraphBuilder, i: LLLocal, perturb: LLLocal, mask: LLValue): void {
    b.set(perturb, b.op("int_rshift", [b.get(perturb), int(5)], Signed));
    const next = b.op("int_add", [b.op("int_add", [b.op("int_mul", [b.get(i), int(5)], Signed), b.get(perturb)], Signed), int(1)], Signed);
    b.set(i, b.op("int_and", [next, mask], Signed));
  }

  /** `ll_new() -> dict`: an empty small dict with room for a few entries. */
  newGraph(): LLGraph {
    return this.graph("new", () => {
      const b = this.builder("new", [], this.lowleveltype);
      const d = b.op("malloc", [new LLConstant(this.struct, Void)], this.lowleveltype, "d");
      const entries = this.allocate(b, d, int(MIN_ENTRIES), undefined);
      this.set(b, d, "epoch", this.allocateEpoch(b, entries));
      b.returnValue(d);
      return b.build();
    });
  }

  /**
   * `ll_reorganize(d)`: new entries sized for the live ones with room to grow, in order without
   * holes: a small dict (no index table) while `size * 1.5 + 1` fits in SMALL_ENTRIES, else
   * an index table whose 5/8 hold twice the live entries. Identity hashes are computed again: a
   * prebuilt dict with object keys has none until this first runs.
   */
  reorganizeGraph(): LLGraph {
    return this.graph("reorganize", () => {
      const b = this.builder("reorganize", [this.lowleveltype], Void);
      const d = b.args[0]!;
      const size = this.get(b, d, "size");
      const used = this.get(b, d, "used");
      const old = this.get(b, d, "entries");
      const cap = b.local(Signed, int(MIN_ENTRIES), "cap");
      const n = b.local(Signed, int(0), "n");
      const want = b.op("int_add", [b.op("int_add", [size, b.op("int_rshift", [size, int(1)], Signed)], Signed), int(1)], Signed, "want");
      b.ifThen(
        b.op("int_le", [want, int(SMALL_ENTRIES)], Bool),
        () => b.ifThen(b.op("int_gt", [want, int(MIN_ENTRIES)], Bool), () => b.set(cap, int(SMALL_ENTRIES))),
        () => {
          const twice = b.op("int_add", [b.op("int_add", [size, size], Signed), int(1)], Signed, "twice");
          b.set(n, int(MIN_INDEXES));
          b.whileLoop(
            () => b.op("int_lt", [b.op("int_add", [b.op("int_rshift", [b.get(n), int(1)], Signed), b.op("int_rshift", [b.get(n), int(3)], Signed)], Signed), twice], Bool),
            () => b.set(n, b.op("int_add", [b.get(n), b.get(n)], Signed)),
          );
          b.set(cap, b.op("int_add", [b.op("int_rshift", [b.get(n), int(1)], Signed), b.op("int_rshift", [b.get(n), int(3)], Signed)], Signed));
        },
      );
      const entries = b.op("malloc_varsize", [new LLConstant(this.entriesArray, Void), b.get(cap)], Ptr(this.entriesArray), "entries");
      const indexes = b.local(Ptr(INDEXES), new LLConstant(null, Ptr(INDEXES)), "indexes");
      b.ifThen(b.op("int_gt", [b.get(n), int(0)], Bool), () => b.set(indexes, b.op("malloc_varsize", [new LLConstant(INDEXES, Void), b.get(n)], Ptr(INDEXES), "indexes")));
      const emit = emitterOf(b);
      const j = b.local(Signed, int(0), "j");
      b.forRange(
        int(0),
        used,
        (e) => {
          const hash = this.entryGet(emit, old, e, "hash");
          b.ifThen(b.op("int_ge", [hash, int(0)], Bool), () => {
            const key = this.entryGet(emit, old, e, "key");
            const h = this.keyKind === "identity" ? emitHash(this.rtyper, b, "identity", key) : hash;
            this.entrySet(b, entries, b.get(j), "hash", h);
            this.entrySet(b, entries, b.get(j), "key", key);
            this.entrySet(b, entries, b.get(j), "value", this.entryGet(emit, old, e, "value"));
            b.ifThen(b.op("ptr_nonzero", [b.get(indexes)], Bool), () => this.insertIndex(b, b.get(indexes), h, b.get(j)));
            b.set(j, b.op("int_add", [b.get(j), int(1)], Signed));
          });
        },
        Signed,
      );
      this.set(b, d, "entries", entries);
      this.set(b, d, "indexes", b.get(indexes));
      this.set(b, d, "used", b.get(j));
      this.newEpoch(b, d, entries, false);
      b.returnValue(new LLConstant(null, Void));
      return b.build();
    });
  }

  /** Whether entry e holds key (whose hash is given): the hashes first, except for keys compared by identity. */
  private matches(b: LLGraphBuilder, entries: LLValue, e: LLValue, key: LLValue, hash: LLValue, onMatch: () => void): void {
    const emit = emitterOf(b);
    const stored = this.entryGet(emit, entries, e, "hash");
    if (this.keyKind === "identity") {
      // A small prebuilt dict's identity hashes are 0 (not known at translation time): only a
      // deleted entry (-1, its key null) must not match a null key.
      b.ifThen(b.op("int_ge", [stored, int(0)], Bool), () => b.ifThen(b.op("ptr_eq", [this.entryGet(emit, entries, e, "key"), key], Bool), onMatch));
      return;
    }
    b.ifThen(b.op("int_eq", [stored, hash], Bool), () => b.ifThen(emitEqual(this.rtyper, b, this.keyKind, this.entryGet(emit, entries, e, "key"), key), onMatch));
  }

  /** `ll_lookup(d, key, hash) -> entry`: the number of the entry holding key, or -1. */
  lookupGraph(): LLGraph {
    return this.graph("lookup", () => {
      const b = this.builder("lookup", [this.lowleveltype, this.keyRepr.lowleveltype, Signed], Signed);
      const [d, key, hash] = b.args as [LLValue, LLValue, LLValue];
      const entries = b.local(Ptr(this.entriesArray), this.get(b, d, "entries"), "entries");
      b.ifThen(b.op("ptr_iszero", [this.get(b, d, "indexes")], Bool), () => {
        const small = b.op("int_le", [b.op("getarraylength", [b.get(entries)], Signed), int(SMALL_ENTRIES)], Bool, "small");
        b.ifThen(
          small,
          () => {
            b.forRange(int(0), this.get(b, d, "used"), (e) => this.matches(b, b.get(entries), e, key, hash, () => b.returnValue(e)), Signed);
            b.returnValue(int(-1));
          },
          () => {
            // a large prebuilt dict with object keys: its index table is made at the first lookup
            b.op("direct_call", [functionConstant(this.reorganizeGraph()), d], Void);
            b.set(entries, this.get(b, d, "entries"));
          },
        );
      });
      const indexes = this.get(b, d, "indexes");
      const mask = b.op("int_sub", [b.op("getarraylength", [indexes], Signed), int(1)], Signed, "mask");
      const i = b.local(Signed, b.op("int_and", [hash, mask], Signed), "i");
      const perturb = b.local(Signed, hash, "perturb");
      b.whileLoop(
        () => TRUE,
        () => {
          const ix = b.op("getarrayitem", [indexes, b.get(i)], Signed, "ix");
          b.ifThen(b.op("int_eq", [ix, int(FREE)], Bool), () => b.returnValue(int(-1)));
          b.ifThen(b.op("int_gt", [ix, int(FREE)], Bool), () => {
            const e = b.op("int_sub", [ix, int(1)], Signed, "e");
            this.matches(b, b.get(entries), e, key, hash, () => b.returnValue(e));
          });
          this.nextProbe(b, i, perturb, mask);
        },
      );
      b.returnValue(int(-1));
      return b.build();
    });
  }

  /** Starts a helper taking (d, key): the key normalized (-0 is stored as +0) and hashed. */
  private keyed(what: string, extra: LLType[], result: LLType): { b: LLGraphBuilder; d: LLValue; key: LLValue; hash: LLValue } {
    const b = this.builder(what, [this.lowleveltype, this.keyRepr.lowleveltype, ...extra], result);
    const d = b.args[0]!;
    let key: LLValue = b.args[1]!;
    if (this.keyKind === "float") key = b.op("float_add", [key, new LLConstant(0, Float)], Float, "key");
    return { b, d, key, hash: emitHash(this.rtyper, b, this.keyKind, key) };
  }

  private lookup(b: LLGraphBuilder, d: LLValue, key: LLValue, hash: LLValue): LLValue {
    return b.op("direct_call", [functionConstant(this.lookupGraph()), d, key, hash], Signed, "e");
  }

  /** `ll_get(d, key)`: the value, or undefined in the representation of `get`'s result. */
  getGraph(result: Repr): LLGraph {
    let graph = this.getGraphs.get(result);
    if (graph) return graph;
    const { b, d, key: k, hash } = this.keyed("get", [], result.lowleveltype);
    const e = this.lookup(b, d, k, hash);
    b.ifThen(b.op("int_lt", [e, int(0)], Bool), () => b.returnValue(result.convertConst(undefined)));
    const value = this.entryGet(emitterOf(b), this.get(b, d, "entries"), e, "value");
    b.returnValue(convertInBuilder(b, this.rtyper, value, this.valueRepr, result));
    graph = b.build();
    this.getGraphs.set(result, graph);
    return graph;
  }

  /** `ll_contains(d, key) -> Bool`. */
  containsGraph(): LLGraph {
    return this.graph("contains", () => {
      const { b, d, key, hash } = this.keyed("contains", [], Bool);
      b.returnValue(b.op("int_ge", [this.lookup(b, d, key, hash), int(0)], Bool));
      return b.build();
    });
  }

  /** `ll_setitem(d, key, value)` (`ll_add(d, key)` for a Set): replaces the value in place, or appends an entry. */
  setitemGraph(): LLGraph {
    return this.graph("setitem", () => {
      const isMap = this.kind === "map";
      const { b, d, key, hash } = this.keyed(isMap ? "setitem" : "add", isMap ? [this.valueRepr.lowleveltype] : [], Void);
      const value = isMap ? b.args[2]! : new LLConstant(null, Void);
      const found = this.lookup(b, d, key, hash);
      b.ifThen(b.op("int_ge", [found, int(0)], Bool), () => {
        this.entrySet(b, this.get(b, d, "entries"), found, "value", value);
        b.returnValue(new LLConstant(null, Void));
      });
      const full = b.op("int_eq", [this.get(b, d, "used"), b.op("getarraylength", [this.get(b, d, "entries")], Signed)], Bool, "full");
      b.ifThen(full, () => void b.op("direct_call", [functionConstant(this.reorganizeGraph()), d], Void));
      const e = this.get(b, d, "used");
      const entries = this.get(b, d, "entries");
      this.entrySet(b, entries, e, "hash", hash);
      this.entrySet(b, entries, e, "key", key);
      this.entrySet(b, entries, e, "value", value);
      this.set(b, d, "used", b.op("int_add", [e, int(1)], Signed));
      this.set(b, d, "size", b.op("int_add", [this.get(b, d, "size"), int(1)], Signed));
      const indexes = this.get(b, d, "indexes");
      b.ifThen(b.op("ptr_nonzero", [indexes], Bool), () => this.insertIndex(b, indexes, hash, e));
      b.returnValue(new LLConstant(null, Void));
      return b.build();
    });
  }

  /** `ll_delitem(d, key) -> Bool`: whether key was there; its entry becomes a hole (and its index slot deleted). */
  deleteGraph(): LLGraph {
    return this.graph("delete", () => {
      const { b, d, key, hash } = this.keyed("delete", [], Bool);
      const e = this.lookup(b, d, key, hash);
      b.ifThen(b.op("int_lt", [e, int(0)], Bool), () => b.returnValue(FALSE));
      const indexes = this.get(b, d, "indexes");
      b.ifThen(b.op("ptr_nonzero", [indexes], Bool), () => {
        // the slot holding e + 1, on e's probe sequence (lookup found it there)
        const mask = b.op("int_sub", [b.op("getarraylength", [indexes], Signed), int(1)], Signed, "mask");
        const stored = this.keyKind === "identity" ? this.entryGet(emitterOf(b), this.get(b, d, "entries"), e, "hash") : hash;
        const i = b.local(Signed, b.op("int_and", [stored, mask], Signed), "i");
        const perturb = b.local(Signed, stored, "perturb");
        const wanted = b.op("int_add", [e, int(1)], Signed, "wanted");
        b.whileLoop(
          () => b.op("int_ne", [b.op("getarrayitem", [indexes, b.get(i)], Signed, "ix"), wanted], Bool),
          () => this.nextProbe(b, i, perturb, mask),
        );
        b.op("setarrayitem", [indexes, b.get(i), int(DELETED)], Void);
      });
      const entries = this.get(b, d, "entries");
      this.entrySet(b, entries, e, "hash", int(-1));
      if (this.hasKeys) this.entrySet(b, entries, e, "key", zeroOf(this.keyRepr.lowleveltype));
      if (this.hasValues) this.entrySet(b, entries, e, "value", zeroOf(this.valueRepr.lowleveltype));
      this.set(b, d, "size", b.op("int_sub", [this.get(b, d, "size"), int(1)], Signed));
      b.returnValue(TRUE);
      return b.build();
    });
  }

  /** `ll_clear(d)`: empty, with fresh small entries; iterators on the old ones start over at 0. */
  clearGraph(): LLGraph {
    return this.graph("clear", () => {
      const b = this.builder("clear", [this.lowleveltype], Void);
      const d = b.args[0]!;
      const entries = this.allocate(b, d, int(MIN_ENTRIES), undefined);
      this.set(b, d, "size", int(0));
      this.set(b, d, "used", int(0));
      this.newEpoch(b, d, entries, true);
      b.returnValue(new LLConstant(null, Void));
      return b.build();
    });
  }

  // ---- iteration

  /** A new iterator over d, at its first entry (on d's epoch, made now for a prebuilt dict that has none). */
  newIterator(emit: Emit, d: LLValue): LLValue {
    const it = emit("malloc", [new LLConstant(this.iterStruct, Void)], Ptr(this.iterStruct), "it");
    emit("setfield", [it, name("dict"), d], Void);
    emit("setfield", [it, name("epoch"), emit("direct_call", [functionConstant(this.epochOfGraph()), d], Ptr(this.epochStruct), "epoch")], Void);
    return it;
  }

  /** `ll_epoch_of(d) -> epoch`: d's epoch, made for its entries of now when it has none (a prebuilt dict). */
  epochOfGraph(): LLGraph {
    return this.graph("epoch_of", () => {
      const b = this.builder("epoch_of", [this.lowleveltype], Ptr(this.epochStruct));
      const d = b.args[0]!;
      b.ifThen(b.op("ptr_iszero", [this.get(b, d, "epoch")], Bool), () => this.set(b, d, "epoch", this.allocateEpoch(b, this.get(b, d, "entries"))));
      b.returnValue(this.get(b, d, "epoch"));
      return b.build();
    });
  }

  /**
   * `ll_iter_done(it) -> Bool`: moves the iterator past deleted entries (after following the
   * dict's reorganizations since its last step); true when no entry is left.
   */
  iterDoneGraph(): LLGraph {
    return this.graph("iter_done", () => {
      const epochType = Ptr(this.epochStruct);
      const b = this.builder("iter_done", [Ptr(this.iterStruct)], Bool);
      const emit = emitterOf(b);
      const it = b.args[0]!;
      const epoch = b.local(epochType, b.op("getfield", [it, name("epoch")], epochType, "epoch"), "epoch");
      const index = b.local(Signed, b.op("getfield", [it, name("index")], Signed, "index"), "index");
      b.whileLoop(
        () => b.op("ptr_nonzero", [b.op("getfield", [b.get(epoch), name("next")], epochType, "next")], Bool),
        () => {
          const old = b.get(epoch);
          const live = b.local(Signed, int(0), "live");
          b.ifThen(b.op("bool_not", [b.op("getfield", [old, name("cleared")], Bool)], Bool), () => {
            const entries = b.op("getfield", [old, name("entries")], Ptr(this.entriesArray), "entries");
            b.forRange(
              int(0),
              b.get(index),
              (e) => {
                const alive = b.op("int_ge", [this.entryGet(emit, entries, e, "hash"), int(0)], Bool);
                b.ifThen(alive, () => b.set(live, b.op("int_add", [b.get(live), int(1)], Signed)));
              },
              Signed,
            );
          });
          b.set(index, b.get(live));
          b.set(epoch, b.op("getfield", [old, name("next")], epochType, "next"));
        },
      );
      b.op("setfield", [it, name("epoch"), b.get(epoch)], Void);
      const d = b.op("getfield", [it, name("dict")], this.lowleveltype, "d");
      const used = this.get(b, d, "used");
      const entries = this.get(b, d, "entries");
      b.whileLoop(
        () => {
          const more = b.local(Bool, FALSE, "more");
          b.ifThen(b.op("int_lt", [b.get(index), used], Bool), () => b.set(more, b.op("int_lt", [this.entryGet(emit, entries, b.get(index), "hash"), int(0)], Bool)));
          return b.get(more);
        },
        () => b.set(index, b.op("int_add", [b.get(index), int(1)], Signed)),
      );
      b.op("setfield", [it, name("index"), b.get(index)], Void);
      b.returnValue(b.op("int_ge", [b.get(index), used], Bool));
      return b.build();
    });
  }

  /**
   * The key and value of the iterator's entry, advancing it. Only right after iter_done said
   * false (as for...of builds them): the index then is a live entry of the current entries.
   */
  iterNext(emit: Emit, it: LLValue): { key: LLValue; value: LLValue } {
    const d = emit("getfield", [it, name("dict")], this.lowleveltype, "d");
    const index = emit("getfield", [it, name("index")], Signed, "index");
    const entries = emit("getfield", [d, name("entries")], Ptr(this.entriesArray), "entries");
    const key = this.entryGet(emit, entries, index, "key");
    const value = this.entryGet(emit, entries, index, "value");
    emit("setfield", [it, name("index"), emit("int_add", [index, int(1)], Signed)], Void);
    return { key, value };
  }

  // ---- prebuilt dicts

  convertConst(value: unknown): LLConstant {
    const nullish = nullishPointer(value, this.lowleveltype);
    if (nullish) return nullish;
    if (!(value instanceof Map || value instanceof Set)) throw new RTyperError(`${String(value)} is not a ${this.kind === "map" ? "Map" : "Set"}`);
    let p = this.prebuilt.get(value);
    if (!p) {
      // Registered before the keys and values are converted: a value may be this dict again.
      p = { kind: "prebuilt", type: this.struct, name: this.name, fields: new Map(), items: [] };
      this.prebuilt.set(value, p);
      this.fillPrebuilt(p, value instanceof Map ? [...value] : [...value].map((k) => [k, undefined]));
    }
    return new LLConstant(p, this.lowleveltype);
  }

  /** The layout reorganize would give these entries: small (no index table) or indexed. */
  private fillPrebuilt(p: LLPrebuilt, entries: [unknown, unknown][]): void {
    const small = entries.length + (entries.length >> 1) + 1 <= SMALL_ENTRIES;
    const n = small ? 0 : indexSizeFor(entries.length);
    const cap = small ? (entries.length + (entries.length >> 1) + 1 <= MIN_ENTRIES ? MIN_ENTRIES : SMALL_ENTRIES) : capacityOf(n);
    const keys = entries.map(([k]) => (this.hasKeys ? this.keyRepr.convertConst(k) : new LLConstant(null, Void)));
    const hashes = entries.map(([k], e) => hashOfKey(this.keyKind, k, keys[e]!));
    const entryConstant = (e: number): LLConstant => {
      const fields = new Map<string, LLConstant>();
      if (e < entries.length) {
        fields.set("hash", int(hashes[e]!));
        if (this.hasKeys) fields.set("key", keys[e]!);
        if (this.hasValues) fields.set("value", this.valueRepr.convertConst(entries[e]![1]));
      } else {
        for (const field of this.entryStruct.fields) fields.set(field.name, zeroOf(field.type));
      }
      return new LLConstant({ kind: "prebuilt", type: this.entryStruct, name: `${this.name} entry ${e}`, fields, items: [] }, this.entryStruct);
    };
    const items = Array.from({ length: cap }, (_, e) => entryConstant(e));
    let indexes: LLConstant = new LLConstant(null, Ptr(INDEXES));
    if (!small && this.keyKind !== "identity") {
      const table = new Array<number>(n).fill(FREE);
      hashes.forEach((hash, e) => {
        let i = hash & (n - 1);
        let perturb = hash;
        while (table[i]! > FREE) {
          perturb >>= 5;
          i = (i * 5 + perturb + 1) & (n - 1);
        }
        table[i] = e + 1;
      });
      indexes = new LLConstant({ kind: "prebuilt", type: INDEXES, name: `${this.name} indexes`, fields: new Map(), items: table.map(int) }, Ptr(INDEXES));
    }
    p.fields.set("size", int(entries.length));
    p.fields.set("used", int(entries.length));
    p.fields.set("indexes", indexes);
    p.fields.set("entries", new LLConstant({ kind: "prebuilt", type: this.entriesArray, name: `${this.name} entries`, fields: new Map(), items }, Ptr(this.entriesArray)));
    // none until an iterator needs one (see the header)
    p.fields.set("epoch", new LLConstant(null, Ptr(this.epochStruct)));
  }
}

/** The representation of a Map or Set annotation: one per DictDef (its key and value cells). */
export function dictReprOf(rtyper: RTyper, s: Some & { kind: "map" | "set" }): DictRepr {
  const byKey = rtyper.dictReprs;
  let byValue = byKey.get(s.dictdef.keyCell);
  if (!byValue) byKey.set(s.dictdef.keyCell, (byValue = new Map()));
  const valueCell = s.kind === "map" ? s.dictdef.valueCell : null;
  let repr = byValue.get(valueCell);
  if (!repr) {
    repr = new DictRepr(rtyper, s);
    byValue.set(valueCell, repr);
    repr.setup(s);
  }
  return repr;
}
