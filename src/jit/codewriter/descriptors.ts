/**
 * The descriptors of jitcodes and traces made from the LL types (RPython's
 * backend/llsupport/descr.py as the codewriter asks for them through cpu.fielddescrof & co.):
 * field, array, size and call descriptors with the offsets and sizes of computeLayout, and the
 * jitcodes' own site and driver descriptors. One descriptor per LL field, array, struct and
 * signature (cached in the factory, which one codewriter run owns), so that the optimizer can
 * compare them by identity.
 *
 * What the layouts cannot give comes from the target (CodeWriterTarget): the GC type id an
 * allocation writes into the header, and the runtime value of a constant (a function's address,
 * a prebuilt object's address), since the LL interpreter and a translated binary number them
 * differently.
 */

import { ArrayDescr, CallDescr, FieldDescr, SizeDescr, type EffectInfo } from "../../runtime/jit/history.js";
import { JitDriverDescr, SiteDescr } from "../../runtime/jit/jitcode.js";
import type { LLConstant, LLGraph, SourcePos } from "../../llir/llgraph.js";
import { isToolchainFile } from "../../frontend/stack-frames.js";
import { OBJECT_VTABLE } from "../../llir/object-model.js";
import { ArrayType, Bool, Char, Float, Float32, Int16, Int32, Int8, PtrType, StructType, Void, computeLayout, findNested, itemFieldLayout, storageOf, typeName, type Field, type LLType } from "../../llir/lltype.js";

/** A register kind of jitcodes, or `v` for a value that takes no register (Void). */
export type ValueKindOrVoid = "i" | "r" | "f" | "v";

/** The kind of register an LL value of the type takes: GC pointers `r`, floats `f`, Void none, everything else (raw pointers, function pointers, addresses included) `i`. */
export function kindOf(type: LLType): ValueKindOrVoid {
  if (type === Void) return "v";
  if (type === Float || type === Float32) return "f";
  if (type instanceof PtrType && !(type.to.kind === "func") && type.to.gc) return "r";
  return "i";
}

/** What the codewriter needs from where the jitcodes will run: the LL interpreter (llgraph/llinterp-cpu.ts) or, later, a translated binary. */
export interface CodeWriterTarget {
  /** The GC type id of a container type (what an allocation writes into the header). */
  typeId(type: StructType | ArrayType): number;
  /** The runtime value of a constant that is not a number or boolean: a function's address, a prebuilt object's address. */
  constantValue(c: LLConstant): number;
}

/** The name suffix of the immutable views of descriptors (RPython's `lst[*]`). */
const ITEMS_VIEW = " [*]";

const signedTypes: ReadonlySet<LLType> = new Set([Int8, Int16, Int32]);

function isSigned(type: LLType): boolean {
  // Signed words (Signed, Address, pointers) are loaded as whole words, where the sign does not matter.
  return signedTypes.has(type) || storageOf(type).size === 8;
}

/**
 * Whether the struct is a class record (object_vtable, or a record extending it with method
 * slots: rclass.ts copies its fields): made at translation, never written, so its fields are
 * immutable, as is an instance's typeptr (its class never changes).
 */
function isClassRecord(struct: StructType): boolean {
  return struct === OBJECT_VTABLE || (struct.fields.length > 0 && struct.fields[0] === OBJECT_VTABLE.fields[0]);
}

/** The field record of a struct's field, looking into the base structs nested first. */
export function findField(struct: StructType, name: string): Field | undefined {
  for (const field of struct.fields) {
    if (field.name === name) return field;
    if (field.type instanceof StructType && field.type.gc) {
      const inner = findField(field.type, name);
      if (inner) return inner;
    }
  }
  return undefined;
}

export class DescrFactory {
  private readonly fields = new Map<StructType, Map<string, FieldDescr>>();
  private readonly arrays = new Map<StructType | ArrayType, ArrayDescr>();
  /** The immutable views of fields and arrays read through an `immutable-items` field (see field()). */
  private readonly itemsFields = new Map<StructType, Map<string, FieldDescr>>();
  private readonly itemsArrays = new Map<StructType | ArrayType, ArrayDescr>();
  /** The descriptors of the fields of inline struct items, by array and field (see itemField()). */
  private readonly itemFields = new Map<ArrayType, Map<string, ArrayDescr>>();
  private readonly sizes = new Map<StructType, SizeDescr>();
  private readonly calls = new Map<string, CallDescr>();
  private readonly sites = new Map<string, SiteDescr>();
  private readonly drivers = new Map<string, JitDriverDescr>();

  readonly target: CodeWriterTarget;

  constructor(target: CodeWriterTarget) {
    this.target = target;
  }

  /**
   * The descriptor of field `name` of the struct (a base struct's field included). `itemsView`:
   * the field read through an `immutable-items` field (a list's length or items, RPython's
   * `lst[*]`), a descriptor of its own that is immutable, named with a ` [*]` suffix.
   */
  field(struct: StructType, name: string, itemsView = false): FieldDescr {
    const cache = itemsView ? this.itemsFields : this.fields;
    let byName = cache.get(struct);
    if (!byName) cache.set(struct, (byName = new Map()));
    let descr = byName.get(name);
    if (!descr) {
      const layout = computeLayout(struct);
      const offset = layout.offsets.get(name) ?? findNested(layout.offsets, name);
      const field = findField(struct, name);
      if (offset === undefined || !field) throw new Error(`internal error: ${struct.name} has no field ${name}`);
      const kind = kindOf(field.type);
      descr = new FieldDescr(
        `FieldDescr ${struct.name}.${name}${itemsView ? ITEMS_VIEW : ""}`,
        struct.name,
        name,
        offset,
        storageOf(field.type).size,
        kind === "v" ? "i" : kind,
        isSigned(field.type),
        itemsView || field.mutability === "immutable" || field.mutability === "immutable-items" || isClassRecord(struct) || name === "typeptr",
        !itemsView && field.mutability === "quasi-immutable",
      );
      byName.set(name, descr);
    }
    return descr;
  }

  /**
   * The descriptor of an array, or of the variable-sized array that ends a struct (a string's
   * code units): items from the layout's itemsOffset, the length word at its lengthOffset (-1 for
   * a fixed-length array).
   */
  array(container: StructType | ArrayType, itemsView = false): ArrayDescr {
    const cache = itemsView ? this.itemsArrays : this.arrays;
    let descr = cache.get(container);
    if (!descr) {
      const layout = computeLayout(container);
      const item = container instanceof ArrayType ? container.item : (container.fields[container.fields.length - 1]!.type as ArrayType).item;
      const kind = kindOf(item);
      if (item instanceof StructType || item instanceof ArrayType) throw new Error(`internal error: ${typeName(container)}: arrays of inline containers have no array descriptor (one per field: itemField())`);
      descr = new ArrayDescr(
        `ArrayDescr ${typeName(container)}${itemsView ? ITEMS_VIEW : ""}`,
        layout.itemsOffset!,
        layout.itemSize!,
        layout.lengthOffset ?? -1,
        kind === "v" ? "i" : kind,
        isSigned(item),
        itemsView,
        container.gc ? this.target.typeId(container) : 0,
      );
      cache.set(container, descr);
    }
    return descr;
  }

  /**
   * The descriptor of field `name` of the items of an array of inline structs (getitemfield,
   * setitemfield; RPython's InteriorFieldDescr): an array descriptor of its own per field, whose
   * items start at item 0's field and step by the struct's size, loading and storing the field's
   * width (ArrayDescr.fieldSize), with the array's length word. Its own identity per field keeps
   * the optimizer's item caches from mixing one field with another.
   */
  itemField(array: ArrayType, name: string): ArrayDescr {
    let byName = this.itemFields.get(array);
    if (!byName) this.itemFields.set(array, (byName = new Map()));
    let descr = byName.get(name);
    if (!descr) {
      const layout = itemFieldLayout(array, name);
      const kind = kindOf(layout.type);
      descr = new ArrayDescr(
        `ArrayDescr ${typeName(array)}.${name}`,
        layout.itemsOffset,
        layout.itemSize,
        layout.lengthOffset ?? -1,
        kind === "v" ? "i" : kind,
        isSigned(layout.type),
        false,
        array.gc ? this.target.typeId(array) : 0,
        storageOf(layout.type).size,
      );
      byName.set(name, descr);
    }
    return descr;
  }

  /** The descriptor of a struct's allocation. */
  size(struct: StructType): SizeDescr {
    let descr = this.sizes.get(struct);
    if (!descr) {
      descr = new SizeDescr(`SizeDescr ${struct.name}`, computeLayout(struct).size, this.target.typeId(struct), 0);
      this.sizes.set(struct, descr);
    }
    return descr;
  }

  /** The call descriptor of a callee (its name, signature and effects), one per callee and effect. */
  call(name: string, argTypes: readonly LLType[], result: LLType, effect: EffectInfo): CallDescr {
    const argKinds = argTypes.map(kindOf).filter((k) => k !== "v").join("");
    const resultKind = kindOf(result);
    const key = `${name}/${argKinds}/${resultKind}/${effect.extraEffect}/${effect.canRaise}/${effect.canCollect}`;
    let descr = this.calls.get(key);
    if (!descr) {
      const size = resultKind === "v" ? 0 : storageOf(result).size;
      descr = new CallDescr(`CallDescr ${name}`, argKinds, resultKind === "v" ? "n" : resultKind, size, isSignedResult(result), effect);
      this.calls.set(key, descr);
    }
    return descr;
  }

  /** Where a check stops the program (the LL operation's position), with debug_fatal's message. */
  site(pos: SourcePos | undefined, message: string): SiteDescr {
    const file = pos?.file ?? "";
    const line = pos?.line ?? 0;
    const column = pos?.column ?? 0;
    const key = `${file}:${line}:${column}:${message}`;
    let descr = this.sites.get(key);
    if (!descr) {
      descr = new SiteDescr(`Site ${file}:${line}:${column}`, file, line, column, message);
      descr.shown = file !== "" && !isToolchainFile(file);
      this.sites.set(key, descr);
    }
    return descr;
  }

  driver(name: string, greens: readonly string[], reds: readonly string[]): JitDriverDescr {
    let descr = this.drivers.get(name);
    if (!descr) {
      descr = new JitDriverDescr(`JitDriver ${name}`, [...greens], [...reds]);
      this.drivers.set(name, descr);
    }
    return descr;
  }
}

function isSignedResult(type: LLType): boolean {
  return type !== Bool && type !== Char && kindOf(type) === "i" && isSigned(type);
}

/** The name a graph is shown with in descriptors and dumps. */
export function graphName(graph: LLGraph): string {
  return graph.symbol ?? graph.name;
}
