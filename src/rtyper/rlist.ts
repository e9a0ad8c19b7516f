/**
 * Arrays (`T[]`, resizable) at the low level (RPython's rtyper/lltypesystem/rlist.py): a pointer
 * to LIST = GcStruct(length, items), where items is a GC array whose length is the capacity.
 * Reading and writing an item checks the index against `length` (a fatal error naming the
 * TypeScript position otherwise); push grows the item array by doubling, in a helper built once
 * per item type (llbuilder.ts).
 */

import { LLConstant, type LLGraph, type LLPrebuilt } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { ArrayType, Bool, Ptr, Signed, StructType, Void, type LLType, type PtrType } from "../llir/lltype.js";
import { nullishPointer } from "./rnullable.js";
import { prebuiltList, type PrebuiltFills } from "./rprebuilt.js";
import { Repr, RTyperError } from "./rmodel.js";

export class ListRepr extends Repr {
  readonly name: string;
  readonly item: Repr;
  readonly itemsArray: ArrayType;
  readonly struct: StructType;
  private appendGraph: LLGraph | undefined;
  /**
   * The helpers of array methods given a function (lower-list-callbacks.ts), by the function's
   * identity (the list itself when none) and what the helper does; they belong to this list's rtyper.
   */
  readonly callbackHelpers = new WeakMap<object, Map<string, LLGraph>>();
  /** The helper graphs of its methods (lower-lists.ts), by what they do. */
  readonly methodHelpers = new Map<string, LLGraph>();

  /**
   * The item's representation may be given as a function of the list's own, for a list whose
   * items are lists of its own kind (`type Nested = Nested[]`): its struct exists before its items' type.
   */
  /** The worklist that fills prebuilt lists, the translation's (RTyper.prebuiltFills). */
  private readonly fills: PrebuiltFills;

  constructor(fills: PrebuiltFills, item: Repr | ((self: ListRepr) => Repr)) {
    super();
    this.fills = fills;
    const recursive = typeof item === "function";
    this.name = recursive ? "...[]" : `${item.name}[]`;
    this.struct = new StructType(recursive ? "list_recursive" : `list_${item.name}`, true);
    this.item = recursive ? item(this) : item;
    this.itemsArray = new ArrayType(this.item.lowleveltype, { gc: true, name: `items_${this.item.name}` });
    this.struct.setFields([
      { name: "length", type: Signed },
      { name: "items", type: Ptr(this.itemsArray) },
    ]);
  }

  get lowleveltype(): PtrType {
    return Ptr(this.struct);
  }

  override get builtinName(): string {
    return "array";
  }

  get itemsType(): PtrType {
    return Ptr(this.itemsArray);
  }

  convertConst(value: unknown): LLConstant {
    const nullish = nullishPointer(value, this.lowleveltype);
    if (nullish) return nullish;
    return new LLConstant(prebuiltList(this.fills, this, this.prebuilt, value), this.lowleveltype);
  }

  /** The prebuilt lists made of arrays built at import time, by array (rprebuilt.ts). */
  private readonly prebuilt = new Map<unknown, LLPrebuilt>();

  private emptyItemsConstant: LLConstant | undefined;

  /**
   * The items of an empty list literal: one prebuilt array of no items, shared by every `[]`
   * (no write can reach an item of it, and the first append replaces it), so that `[]` makes
   * one object instead of two.
   */
  emptyItems(): LLConstant {
    this.emptyItemsConstant ??= new LLConstant({ kind: "prebuilt", type: this.itemsArray, name: `empty ${this.itemsArray.name}`, fields: new Map(), items: [] }, this.itemsType);
    return this.emptyItemsConstant;
  }

  /** The helper `append(list, item) -> new length`, growing the items by doubling when full. */
  appendHelper(): LLGraph {
    if (this.appendGraph) return this.appendGraph;
    const itemType: LLType = this.item.lowleveltype;
    const b = new LLGraphBuilder(`ll_append_${this.item.name}`, [this.lowleveltype, itemType], Signed);
    const list = b.args[0]!;
    const item = b.args[1]!;
    const name = (n: string) => new LLConstant(n, Void);
    const length = b.op("getfield", [list, name("length")], Signed, "length");
    const items = b.local(this.itemsType, b.op("getfield", [list, name("items")], this.itemsType, "items"), "items");
    const capacity = b.op("getarraylength", [b.get(items)], Signed, "capacity");
    const full = b.op("int_eq", [length, capacity], Bool, "full");
    b.ifThen(full, () => {
      const doubled = b.op("int_add", [b.op("int_add", [capacity, capacity], Signed), new LLConstant(4, Signed)], Signed, "newcap");
      const grown = b.op("malloc_varsize", [new LLConstant(this.itemsArray, Void), doubled], this.itemsType, "grown");
      b.forRange(new LLConstant(0, Signed), length, (i) => {
        const value = b.op("getarrayitem", [b.get(items), i], itemType, "item");
        b.op("setarrayitem", [grown, i, value], Void);
      }, Signed);
      b.op("setfield", [list, name("items"), grown], Void);
      b.set(items, grown);
    });
    b.op("setarrayitem", [b.get(items), length, item], Void);
    const newLength = b.op("int_add", [length, new LLConstant(1, Signed)], Signed, "newlength");
    b.op("setfield", [list, name("length"), newLength], Void);
    b.returnValue(newLength);
    this.appendGraph = b.build();
    return this.appendGraph;
  }
}
