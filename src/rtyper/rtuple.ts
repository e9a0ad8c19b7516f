/**
 * Tuples (short array literals of mixed types, `[string, number]`, and the [key, value] pairs of
 * Map iteration) at the low level (RPython's rtyper/rtuple.py): a pointer to an immutable GC
 * struct of the items, `item0`, `item1`, ... Tuples are never written after they are built, so a
 * prebuilt tuple is one LLPrebuilt per live array (identity kept, as JavaScript arrays have it).
 */

import type { LLOpName } from "../llir/lloperation.js";
import type { Some } from "../annotator/bookkeeper.js";
import type { SourcePos } from "../frontend/model.js";
import { LLConstant, LLOperation, LLVariable, type LLGraph, type LLPrebuilt, type LLValue, functionConstant } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Bool, Ptr, StructType, Void, type LLType, type PtrType } from "../llir/lltype.js";
import { convertInBuilder } from "./rdict.js";
import { Repr, RTyperError } from "./rmodel.js";
import { nullishPointer } from "./rnullable.js";
import type { HighLevelOp, RTyper } from "./rtyper.js";

/** Emits one LL operation (a HighLevelOp's genop or an LLGraphBuilder's op). */
export type Emit = (opname: LLOpName, args: LLValue[], resultType: LLType, hint?: string) => LLValue;

export const itemField = (i: number) => new LLConstant(`item${i}`, Void);

export class TupleRepr extends Repr {
  readonly name: string;
  readonly items: readonly Repr[];
  readonly struct: StructType;
  private readonly prebuilt = new Map<unknown, LLPrebuilt>();
  /** The helper graphs that copy a tuple of this representation into another (convertTuple), by target. */
  readonly conversions = new Map<TupleRepr, LLGraph>();

  constructor(items: readonly Repr[]) {
    super();
    this.items = items;
    this.name = `[${items.map((r) => r.name).join(", ")}]`;
    this.struct = new StructType(
      `tuple_${items.map((r) => r.name).join("_")}`,
      true,
      items.map((r, i) => ({ name: `item${i}`, type: r.lowleveltype })),
    );
  }

  get lowleveltype(): PtrType {
    return Ptr(this.struct);
  }

  convertConst(value: unknown): LLConstant {
    const nullish = nullishPointer(value, this.lowleveltype);
    if (nullish) return nullish;
    if (!Array.isArray(value) || value.length !== this.items.length) throw new RTyperError(`${String(value)} is not a tuple ${this.name}`);
    let p = this.prebuilt.get(value);
    if (!p) {
      // Registered before its items are converted: an item may lead back to this tuple.
      p = { kind: "prebuilt", type: this.struct, name: `tuple ${this.name}`, fields: new Map(), items: [] };
      this.prebuilt.set(value, p);
      for (let i = 0; i < this.items.length; i++) p.fields.set(`item${i}`, this.items[i]!.convertConst(value[i]));
    }
    return new LLConstant(p, this.lowleveltype);
  }

  /** A new tuple of the given item values (each already in its item's representation). */
  build(emit: Emit, values: readonly LLValue[]): LLValue {
    const tuple = emit("malloc", [new LLConstant(this.struct, Void)], this.lowleveltype, "tuple");
    values.forEach((v, i) => emit("setfield", [tuple, itemField(i), v], Void));
    return tuple;
  }

  item(emit: Emit, tuple: LLValue, i: number): LLValue {
    return emit("getfield", [tuple, itemField(i)], this.items[i]!.lowleveltype, `item${i}`);
  }
}

/** The representation of a tuple annotation: one per list of item representations. */
export function tupleReprOf(rtyper: RTyper, s: Some & { kind: "tuple" }): TupleRepr {
  const items = s.items.map((item) => rtyper.reprOf(item));
  const key = items
    .map((r) => {
      let id = rtyper.tupleItemIds.get(r);
      if (id === undefined) rtyper.tupleItemIds.set(r, (id = rtyper.tupleItemIds.size));
      return id;
    })
    .join(",");
  let repr = rtyper.tupleReprs.get(key);
  if (!repr) rtyper.tupleReprs.set(key, (repr = new TupleRepr(items)));
  return repr;
}

/** `[a, b]` whose items have different types: a tuple of the operands. */
export function lowerNewTuple(hop: HighLevelOp, repr: TupleRepr): LLValue {
  return repr.build(hopEmit(hop), repr.items.map((item, i) => hop.input(i, item)));
}

/** `t[i]` of a tuple: i is a constant (the annotator requires it). */
export function lowerTupleItem(hop: HighLevelOp, repr: TupleRepr): LLValue {
  const i = hop.constValue(1) as number;
  const value = repr.item(hopEmit(hop), hop.input(0, repr), i);
  return hop.convertValue(value, repr.items[i]!, hop.resultR);
}

export function hopEmit(hop: HighLevelOp): Emit {
  return (opname, args, type, hint) => hop.genop(opname, args, type, hint);
}

/**
 * A tuple held as another tuple representation (`["a", 1]` is [char, int] where [string, int] is
 * wanted): a new tuple of the converted items. Tuples are immutable, so a copy is the same value.
 */
export function convertTuple(rtyper: RTyper, value: LLValue, from: TupleRepr, to: TupleRepr, llops: LLOperation[], pos: SourcePos | undefined): LLValue {
  if (from.items.length !== to.items.length) throw new RTyperError(`cannot convert ${from.name} to ${to.name}`);
  if (value instanceof LLConstant) {
    const p = value.value;
    if (p === null) return new LLConstant(null, to.lowleveltype);
    // The only other prebuilt a tuple constant can be is NULL_OBJECT, null in every pointer type.
    if (typeof p !== "object" || !("kind" in p) || p.kind !== "prebuilt" || p.type !== from.struct) return to.convertConst(null);
    const fields = new Map<string, LLConstant>();
    from.items.forEach((item, i) => {
      const converted = rtyper.convert(p.fields.get(`item${i}`)!, item, to.items[i]!, [], pos);
      if (!(converted instanceof LLConstant)) throw new RTyperError(`internal error: converting a prebuilt ${from.name} to ${to.name}`);
      fields.set(`item${i}`, converted);
    });
    return new LLConstant({ kind: "prebuilt", type: to.struct, name: `tuple ${to.name}`, fields, items: [] }, to.lowleveltype);
  }
  let graph = from.conversions.get(to);
  if (!graph) {
    const b = new LLGraphBuilder(`ll_tuple_convert ${from.name} -> ${to.name}`, [from.lowleveltype], to.lowleveltype);
    const t = b.args[0]!;
    b.ifThen(b.op("ptr_iszero", [t], Bool), () => b.returnValue(to.convertConst(undefined)));
    b.ifThen(b.op("ptr_eq", [t, from.convertConst(null)], Bool), () => b.returnValue(to.convertConst(null)));
    const emit: Emit = (o, a, type, h) => b.op(o, a, type, h);
    b.returnValue(to.build(emit, from.items.map((item, i) => convertInBuilder(b, rtyper, from.item(emit, t, i), item, to.items[i]!))));
    graph = b.build();
    from.conversions.set(to, graph);
  }
  const result = new LLVariable(to.lowleveltype, "tuple");
  llops.push(new LLOperation("direct_call", [functionConstant(graph), value], result, pos));
  return result;
}
