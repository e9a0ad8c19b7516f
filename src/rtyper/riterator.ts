/**
 * Iterators (for...of, and the keys()/values()/entries() of arrays, Maps and Sets) at the low
 * level: a pointer to a small GC struct holding the container and the index of the next item.
 * The flow graph of `for (const x of xs)` is `it = iter(xs)`, then per turn `iter_done(it)` and,
 * when that is false, `iter_next(it)` (src/frontend/build-statements.ts); the code of each kind
 * of container is here, written once for the lowering of those operations (through a
 * HighLevelOp) and for helpers that iterate (through an LLGraphBuilder: `new Set(array)`).
 *
 * What JavaScript shows is kept: an array's length is read at every step (items pushed during
 * the loop are visited), a Map or Set iterator follows the dict's changes (rdict.ts). Strings are
 * iterated by code point in JavaScript; a character outside the Basic Multilingual Plane would be
 * a two-unit string where RTS gives a char, so reaching one stops the program with an error
 * naming the loop.
 */

import type { Some } from "../annotator/bookkeeper.js";
import { someChar, someIterator, someTuple, typedArrayItem, type IterVariant } from "../annotator/model.js";
import type { SourcePos } from "../frontend/model.js";
import { LLConstant, type LLGraph, type LLValue, functionConstant } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Bool, Char, Float, Ptr, STR, Signed, StructType, Void, widened, type PtrType } from "../llir/lltype.js";
import { convertInBuilder, DictRepr } from "./rdict.js";
import { ListRepr } from "./rlist.js";
import { CHAR, FLOAT, INT, Repr, RTyperError } from "./rmodel.js";
import { StringRepr } from "./rstr.js";
import { TupleRepr, type Emit } from "./rtuple.js";
import { TypedArrayRepr } from "./rtypedarray.js";
import type { HighLevelOp, RTyper } from "./rtyper.js";

/** Where iterator code goes: the operations of a HighLevelOp, or a helper being built. */
export interface Gen {
  readonly emit: Emit;
  convert(value: LLValue, from: Repr, to: Repr): LLValue;
  readonly pos: SourcePos | undefined;
}

export function hopGen(hop: HighLevelOp): Gen {
  return { emit: (o, a, t, h) => hop.genop(o, a, t, h), convert: (v, f, t) => hop.convertValue(v, f, t), pos: hop.op.pos };
}

export function builderGen(b: LLGraphBuilder, rtyper: RTyper, pos?: SourcePos): Gen {
  return { emit: (o, a, t, h) => b.op(o, a, t, h), convert: (v, f, t) => convertInBuilder(b, rtyper, v, f, t), pos };
}

const int = (n: number) => new LLConstant(n, Signed);
const name = (n: string) => new LLConstant(n, Void);
const call = (gen: Gen, graph: LLGraph, args: LLValue[], hint?: string) => gen.emit("direct_call", [functionConstant(graph), ...args], graph.resultType, hint);

export class IteratorRepr extends Repr {
  readonly name: string;
  readonly container: Repr;
  readonly variant: IterVariant;
  /** The representation of what iter_next gives. */
  readonly yields: Repr;
  readonly struct: StructType;
  private readonly stringNext = new Map<string, LLGraph>();

  constructor(container: Repr, variant: IterVariant, yields: Repr) {
    super();
    if (!(container instanceof ListRepr || container instanceof StringRepr || container instanceof TypedArrayRepr || container instanceof DictRepr)) {
      throw new RTyperError(`iterating over ${container.name} is not supported by the rtyper yet`);
    }
    this.container = container;
    this.variant = variant;
    this.yields = yields;
    this.name = `${variant} of ${container.name}`;
    this.struct =
      container instanceof DictRepr
        ? container.iterStruct
        : new StructType(`iter ${this.name}`, true, [
            { name: "container", type: container.lowleveltype },
            { name: "index", type: Signed },
          ]);
  }

  get lowleveltype(): PtrType {
    return Ptr(this.struct);
  }

  convertConst(value: unknown): LLConstant {
    throw new RTyperError(`a prebuilt iterator (${String(value)}) is not supported by the rtyper`);
  }

  /** A new iterator over a container value (held in this.container). */
  create(gen: Gen, container: LLValue): LLValue {
    if (this.container instanceof DictRepr) return this.container.newIterator(gen.emit, container);
    const it = gen.emit("malloc", [new LLConstant(this.struct, Void)], this.lowleveltype, "it");
    gen.emit("setfield", [it, name("container"), container], Void);
    return it;
  }

  /** Whether the iterator has no next item. */
  done(gen: Gen, it: LLValue): LLValue {
    const c = this.container;
    if (c instanceof DictRepr) return call(gen, c.iterDoneGraph(), [it], "done");
    const index = gen.emit("getfield", [it, name("index")], Signed, "index");
    return gen.emit("int_ge", [index, this.length(gen, gen.emit("getfield", [it, name("container")], c.lowleveltype, "c"))], Bool, "done");
  }

  private length(gen: Gen, c: LLValue): LLValue {
    if (this.container instanceof ListRepr) return gen.emit("getfield", [c, name("length")], Signed, "length");
    if (this.container instanceof StringRepr) return gen.emit("getinteriorarraysize", [c, name("chars")], Signed, "length");
    return gen.emit("getarraylength", [c], Signed, "length");
  }

  /** The next item, in this.yields; the iterator advances. Only after done() said false. */
  next(gen: Gen, it: LLValue): LLValue {
    const c = this.container;
    if (c instanceof DictRepr) {
      const { key, value } = c.iterNext(gen.emit, it);
      if (this.variant === "keys") return gen.convert(key, c.keyRepr, this.yields);
      if (this.variant === "values") return gen.convert(value, c.valueRepr, this.yields);
      return this.pair(gen, [key, c.keyRepr], [value, c.valueRepr]);
    }
    if (c instanceof StringRepr) return gen.convert(call(gen, this.stringNextGraph(gen.pos), [it], "c"), CHAR, this.yields);
    const container = gen.emit("getfield", [it, name("container")], c.lowleveltype, "c");
    const index = gen.emit("getfield", [it, name("index")], Signed, "index");
    gen.emit("setfield", [it, name("index"), gen.emit("int_add", [index, int(1)], Signed)], Void);
    if (this.variant === "keys") return gen.convert(index, INT, this.yields);
    let item: LLValue;
    let itemRepr: Repr;
    if (c instanceof ListRepr) {
      const items = gen.emit("getfield", [container, name("items")], c.itemsType, "items");
      item = gen.emit("getarrayitem", [items, index], c.item.lowleveltype, "item");
      itemRepr = c.item;
    } else {
      const t = c as TypedArrayRepr;
      item = gen.emit("getarrayitem", [container, index], widened(t.array.item), "item");
      itemRepr = widened(t.array.item) === Float ? FLOAT : INT;
    }
    if (this.variant === "entries") return this.pair(gen, [index, INT], [item, itemRepr]);
    return gen.convert(item, itemRepr, this.yields);
  }

  /** The [key, value] tuple of an entries() step. */
  private pair(gen: Gen, ...items: [LLValue, Repr][]): LLValue {
    const tuple = this.yields;
    if (!(tuple instanceof TupleRepr)) throw new RTyperError(`internal error: entries() of ${this.container.name} gives ${tuple.name}`);
    return tuple.build(
      gen.emit,
      items.map(([v, r], i) => gen.convert(v, r, tuple.items[i]!)),
    );
  }

  /** `ll_striter_next(it) -> Char`, built per loop so that its error names the loop. */
  private stringNextGraph(pos: SourcePos | undefined): LLGraph {
    const key = pos ? `${pos.file}:${pos.line}:${pos.column}` : "";
    let graph = this.stringNext.get(key);
    if (graph) return graph;
    const b = new LLGraphBuilder("ll_striter_next", [this.lowleveltype], Char, pos);
    const it = b.args[0]!;
    const s = b.op("getfield", [it, name("container")], Ptr(STR), "s");
    const i = b.op("getfield", [it, name("index")], Signed, "i");
    const c = b.op("getinteriorfield", [s, name("chars"), i], Char, "c");
    const between = (v: LLValue, lo: number, hi: number) => b.op("int_between", [int(lo), b.op("cast_char_to_int", [v], Signed), int(hi + 1)], Bool);
    const next = b.op("int_add", [i, int(1)], Signed, "next");
    b.ifThen(between(c, 0xd800, 0xdbff), () => {
      b.ifThen(b.op("int_lt", [next, b.op("getinteriorarraysize", [s, name("chars")], Signed)], Bool), () => {
        const low = b.op("getinteriorfield", [s, name("chars"), next], Char, "low");
        b.ifThen(between(low, 0xdc00, 0xdfff), () => {
          const message = "for...of reached a character outside the Basic Multilingual Plane: JavaScript gives it as a two-unit string, RTS iterates strings by char; iterate over the indices and use charCodeAt";
          b.op("debug_fatal", [new LLConstant(message, Void)], Void);
        });
      });
    });
    b.op("setfield", [it, name("index"), next], Void);
    b.returnValue(c);
    graph = b.build();
    this.stringNext.set(key, graph);
    return graph;
  }
}

/** The representation of an iterator annotation: one per container representation and variant. */
export function iteratorReprOf(rtyper: RTyper, s: Some & { kind: "iterator" }): IteratorRepr {
  // A char iterated is a one-character string.
  const containerS: Some = s.container.kind === "char" ? { kind: "string", empty: 0, const: undefined } : s.container;
  const container = rtyper.reprOf(containerS);
  const byVariant = rtyper.iteratorReprs;
  let variants = byVariant.get(container);
  if (!variants) byVariant.set(container, (variants = new Map()));
  let repr = variants.get(s.variant);
  if (!repr) variants.set(s.variant, (repr = new IteratorRepr(container, s.variant, rtyper.reprOf(s.yields))));
  return repr;
}

/** The iterator annotation for-of makes over a value (the annotator's iterationOf, without its checks). */
export function iterationOf(s: Some): Some & { kind: "iterator" } {
  switch (s.kind) {
    case "iterator":
      return s;
    case "list":
      return someIterator(s, "values", s.listdef.item);
    case "string":
    case "char":
      return someIterator(s, "values", someChar());
    case "typedArray":
      return someIterator(s, "values", typedArrayItem(s.arrayKind));
    case "map":
      return someIterator(s, "entries", someTuple([s.dictdef.key, s.dictdef.value]));
    case "set":
      return someIterator(s, "keys", s.dictdef.key);
    default:
      throw new RTyperError(`iterating over a ${s.kind} is not supported by the rtyper`);
  }
}
