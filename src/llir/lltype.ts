/**
 * Low-level types (RPython's rtyper/lltypesystem/lltype.py): what the rtyper lowers annotations
 * to and what the GC, the JIT's codewriter and the backends consume.
 *
 * - Primitives: Signed (64-bit integer), Unsigned, Float (64-bit double), Bool, Char (a UTF-16
 *   code unit, as JavaScript strings are made of), Void (no value), Address (a raw machine
 *   address, for system code).
 * - Containers: a Struct has named fields; an Array has items, and a length when it is the
 *   variable-sized last field of a struct or a GC array. Containers marked `gc` are allocated by
 *   the garbage collector and start with the GC header; others live inside a GC container
 *   (inlined) or outside the heap (raw, prebuilt).
 * - Ptr(T): a reference to a container (nullable: the null pointer is JavaScript's null or
 *   undefined, see the rtyper); FuncType: the signature of a function, reached through Ptr.
 *
 * Layout is explicit and computed here once per word size (computeLayout): every field's offset,
 * every container's size and alignment, so that no backend computes them again.
 *
 * Invariants: types are compared by identity (containers are made once, by the rtyper's
 * representations, and cached); a struct's variable-sized array, if any, is its last field;
 * a GC struct's first field may be a GC struct it extends (instance structs nest their base
 * class's struct first, so that a pointer to a subclass instance is a pointer to its base).
 */

export type LLType = PrimitiveType | StructType | ArrayType | PtrType | FuncType;

export class PrimitiveType {
  readonly kind = "primitive";
  readonly name: string;
  /** Size in bytes on a 64-bit target (the only word size so far). */
  readonly size: number;

  constructor(name: string, size: number) {
    this.name = name;
    this.size = size;
  }

  toString(): string {
    return this.name;
  }
}

export const Signed = new PrimitiveType("Signed", 8);
export const Unsigned = new PrimitiveType("Unsigned", 8);
export const Float = new PrimitiveType("Float", 8);
export const Bool = new PrimitiveType("Bool", 1);
export const Char = new PrimitiveType("Char", 2);
export const Void = new PrimitiveType("Void", 0);
export const Address = new PrimitiveType("Address", 8);

/**
 * Storage types: the items of typed arrays. A load widens them (to Signed, or Float for
 * Float32), a store narrows as JavaScript does (modulo 2^n, or rounding to single precision).
 */
export const Int8 = new PrimitiveType("Int8", 1);
export const Uint8 = new PrimitiveType("Uint8", 1);
export const Int16 = new PrimitiveType("Int16", 2);
export const Uint16 = new PrimitiveType("Uint16", 2);
export const Int32 = new PrimitiveType("Int32", 4);
export const Uint32 = new PrimitiveType("Uint32", 4);
export const Float32 = new PrimitiveType("Float32", 4);

export const PRIMITIVES: readonly PrimitiveType[] = [Signed, Unsigned, Float, Bool, Char, Void, Address, Int8, Uint8, Int16, Uint16, Int32, Uint32, Float32];

/** The type a value of type t has once loaded into a variable. */
export function widened(t: LLType): LLType {
  if (t === Float32) return Float;
  if (t === Int8 || t === Uint8 || t === Int16 || t === Uint16 || t === Int32 || t === Uint32) return Signed;
  return t;
}


export interface Field {
  readonly name: string;
  readonly type: LLType;
  /**
   * For the JIT's field descriptors (src/annotator/fields.ts): never set after the object is
   * made (`immutable`), or set rarely, each write invalidating the loops that assumed it
   * (`quasi-immutable`), or immutable and pointing to an array (a list) whose length and items
   * the JIT may take as immutable too when read through this field (`immutable-items`, RPython's
   * `lst[*]`). Written after the field's type in LL text.
   */
  readonly mutability?: FieldMutability;
}

/** What the JIT may assume of a field (src/annotator/fields.ts). */
export type FieldMutability = "immutable" | "quasi-immutable" | "immutable-items";

export class StructType {
  readonly kind = "struct";
  readonly name: string;
  readonly gc: boolean;
  /** Set once: containers that refer to each other (a list of instances of a class whose field is that list) are made first, filled after. */
  fields: readonly Field[] = [];
  /** Whether fields may still be set (see setFields). */
  private open = true;
  /** The pointer to this struct and its layout, made the first time they are asked for (Ptr, computeLayout). */
  readonly interned: Interned = {};

  constructor(name: string, gc: boolean, fields?: readonly Field[]) {
    this.name = name;
    this.gc = gc;
    if (fields) this.setFields(fields);
  }

  setFields(fields: readonly Field[]): void {
    if (!this.open) throw new Error(`internal error: the fields of ${this.name} are already set`);
    fields.forEach((field, i) => {
      if (field.type instanceof ArrayType && field.type.varsize && i !== fields.length - 1) {
        throw new Error(`internal error: ${this.name}.${field.name}: a variable-sized array must be the last field`);
      }
      if (field.type instanceof StructType && field.type.gc && (i !== 0 || !this.gc)) {
        throw new Error(`internal error: ${this.name}.${field.name}: only a GC struct's first field may be the GC struct it extends`);
      }
    });
    this.fields = fields;
    this.open = false;
  }

  field(name: string): Field {
    const found = this.fields.find((f) => f.name === name);
    if (!found) throw new Error(`internal error: ${this.name} has no field ${name}`);
    return found;
  }

  /** A struct whose last field is a variable-sized array (a string: hash, then its chars). */
  get varsize(): boolean {
    const last = this.fields[this.fields.length - 1];
    return last !== undefined && last.type instanceof ArrayType && last.type.varsize;
  }

  toString(): string {
    return this.name;
  }
}

export class ArrayType {
  readonly kind = "array";
  readonly item: LLType;
  readonly gc: boolean;
  /** Variable-sized: a length word then the items (otherwise `fixedLength` items). */
  readonly varsize: boolean;
  readonly fixedLength: number;
  readonly name: string;
  /** The pointer to this array and its layout, made the first time they are asked for (Ptr, computeLayout). */
  readonly interned: Interned = {};

  constructor(item: LLType, options: { gc: boolean; fixedLength?: number; name?: string }) {
    this.item = item;
    this.gc = options.gc;
    this.varsize = options.fixedLength === undefined;
    this.fixedLength = options.fixedLength ?? 0;
    this.name = options.name ?? `Array(${typeName(item)}${this.varsize ? "" : `, ${this.fixedLength}`})`;
  }

  toString(): string {
    return this.name;
  }
}

export class PtrType {
  readonly kind = "ptr";
  readonly to: StructType | ArrayType | FuncType;

  constructor(to: StructType | ArrayType | FuncType) {
    this.to = to;
  }

  get gc(): boolean {
    return !(this.to instanceof FuncType) && this.to.gc;
  }

  toString(): string {
    return `Ptr(${typeName(this.to)})`;
  }
}

export class FuncType {
  readonly kind = "func";
  readonly args: readonly LLType[];
  readonly result: LLType;
  /** The pointer to this function type, made the first time it is asked for (Ptr). */
  readonly interned: Pick<Interned, "pointer"> = {};

  constructor(args: readonly LLType[], result: LLType) {
    this.args = args;
    this.result = result;
  }

  toString(): string {
    return `Func(${this.args.map(typeName).join(", ")}) -> ${typeName(this.result)}`;
  }
}

/**
 * What is made once per container or function type, the first time it is asked for, and kept on
 * the type itself: the pointer type (one per target, so that types compare by identity:
 * Ptr(T) === Ptr(T)) and the layout. Each is a pure function of the (finished) type, so
 * translations that share a type share them; no module keeps a table of them.
 */
export interface Interned {
  pointer?: PtrType;
  layout?: ContainerLayout;
  /** An array of inline structs: the layout of each field across the items (itemFieldLayout). */
  itemFields?: Map<string, ItemFieldLayout>;
}

export function Ptr(to: StructType | ArrayType | FuncType): PtrType {
  return (to.interned.pointer ??= new PtrType(to));
}

export function typeName(t: LLType): string {
  return t.toString();
}

export function isGcPointer(t: LLType): boolean {
  return t instanceof PtrType && t.gc;
}

// ---- layout

/** The GC header every GC container starts with: a 32-bit type id and 32 bits of GC flags. */
export const GC_HEADER_SIZE = 8;

export interface ContainerLayout {
  /** Size of the fixed part (for a varsize container: up to the first item). */
  readonly size: number;
  readonly align: number;
  /** Field name -> byte offset from the start of the container (GC header included). */
  readonly offsets: ReadonlyMap<string, number>;
  /** For varsize containers: the offset of the length word and of item 0, and the item size. */
  readonly lengthOffset: number | undefined;
  readonly itemsOffset: number | undefined;
  readonly itemSize: number | undefined;
}

/** The size and alignment of a value of type t stored in a field or an array item. */
export function storageOf(t: LLType): { size: number; align: number } {
  switch (t.kind) {
    case "primitive":
      return { size: t.size, align: Math.max(t.size, 1) };
    case "ptr":
      return { size: 8, align: 8 };
    case "func":
      throw new Error("internal error: a function type is not stored inline; use a pointer to it");
    case "struct":
    case "array": {
      if (t.gc) throw new Error(`internal error: ${typeName(t)} is a GC container; store a pointer to it`);
      const layout = computeLayout(t);
      return { size: layout.size, align: layout.align };
    }
  }
}

const alignUp = (n: number, align: number) => Math.ceil(n / align) * align;

/** The layout of a struct or array on a 64-bit target: offsets include the GC header. */
export function computeLayout(t: StructType | ArrayType): ContainerLayout {
  return (t.interned.layout ??= layoutOf(t));
}

function layoutOf(t: StructType | ArrayType): ContainerLayout {
  let layout: ContainerLayout;
  if (t instanceof ArrayType) {
    const item = storageOf(t.item);
    const itemSize = alignUp(item.size, item.align);
    let offset = t.gc ? GC_HEADER_SIZE : 0;
    let lengthOffset: number | undefined;
    if (t.varsize) {
      lengthOffset = offset;
      offset += 8;
    }
    const itemsOffset = alignUp(offset, item.align);
    const size = t.varsize ? itemsOffset : itemsOffset + itemSize * t.fixedLength;
    layout = { size, align: Math.max(item.align, 8), offsets: new Map(), lengthOffset, itemsOffset, itemSize };
  } else {
    let offset = t.gc ? GC_HEADER_SIZE : 0;
    let align = t.gc ? 8 : 1;
    const offsets = new Map<string, number>();
    let lengthOffset: number | undefined;
    let itemsOffset: number | undefined;
    let itemSize: number | undefined;
    for (const field of t.fields) {
      if (field.type instanceof StructType && field.type.gc) {
        // The base class's struct, nested first: its fields (and header) come first.
        const base = computeLayout(field.type);
        offsets.set(field.name, 0);
        for (const [name, off] of base.offsets) offsets.set(`${field.name}.${name}`, off);
        offset = base.size;
        align = Math.max(align, base.align);
        continue;
      }
      if (field.type instanceof ArrayType && field.type.varsize) {
        const inner = computeLayout(field.type);
        offset = alignUp(offset, inner.align);
        offsets.set(field.name, offset);
        lengthOffset = offset + inner.lengthOffset!;
        itemsOffset = offset + inner.itemsOffset!;
        itemSize = inner.itemSize;
        offset = itemsOffset;
        align = Math.max(align, inner.align);
        continue;
      }
      const storage = storageOf(field.type);
      offset = alignUp(offset, storage.align);
      offsets.set(field.name, offset);
      offset += storage.size;
      align = Math.max(align, storage.align);
    }
    const size = itemsOffset !== undefined ? offset : alignUp(offset, align);
    layout = { size, align, offsets, lengthOffset, itemsOffset, itemSize };
  }
  return layout;
}

/** The offset of field `name` in a layout's offsets, looking into the base structs nested first (`base.name`). */
export function findNested(offsets: ReadonlyMap<string, number>, name: string): number | undefined {
  for (const [key, offset] of offsets) if (key === name || key.endsWith(`.${name}`)) return offset;
  return undefined;
}

/** The type of field `name` of a struct, looking into the base structs nested first. */
export function fieldType(struct: StructType, name: string): LLType {
  for (const field of struct.fields) {
    if (field.name === name) return field.type;
    if (field.type instanceof StructType && field.type.gc) {
      const inner = fieldTypeIn(field.type, name);
      if (inner) return inner;
    }
  }
  throw new Error(`internal error: ${struct.name} has no field ${name}`);
}

function fieldTypeIn(struct: StructType, name: string): LLType | undefined {
  try {
    return fieldType(struct, name);
  } catch {
    return undefined;
  }
}

/** Where field `name` of the items of an array of inline non-GC structs is (getitemfield, setitemfield). */
export interface ItemFieldLayout {
  /** The field's own type (the storage type: a getitemfield's result is its widened type). */
  readonly type: LLType;
  /** The array's item 0 plus the field's offset in the item: item i's field is at itemsOffset + i * itemSize. */
  readonly itemsOffset: number;
  readonly itemSize: number;
  /** The field's offset inside one item. */
  readonly fieldOffset: number;
  /** The array's length word (undefined for a fixed-size array). */
  readonly lengthOffset: number | undefined;
}

/**
 * The layout of one field across the items of an array whose items are inline non-GC structs
 * (RPython's GcArray(Struct(...))): every consumer of getitemfield and setitemfield addresses
 * item i's field as an array item of its own, at itemsOffset + i * itemSize.
 */
export function itemFieldLayout(array: ArrayType, name: string): ItemFieldLayout {
  const known = array.interned.itemFields?.get(name);
  if (known) return known;
  const item = array.item;
  if (!(item instanceof StructType) || item.gc) throw new Error(`internal error: ${typeName(array)} is not an array of inline structs`);
  const layout = computeLayout(array);
  const fieldOffset = computeLayout(item).offsets.get(name);
  if (fieldOffset === undefined) throw new Error(`internal error: the items of ${typeName(array)} have no field ${name}`);
  const made = { type: item.field(name).type, itemsOffset: layout.itemsOffset! + fieldOffset, itemSize: layout.itemSize!, fieldOffset, lengthOffset: layout.lengthOffset };
  (array.interned.itemFields ??= new Map()).set(name, made);
  return made;
}

/** The bytes a container of type t with n items takes (n is ignored for fixed-size containers). */
export function sizeOf(t: StructType | ArrayType, n = 0): number {
  const layout = computeLayout(t);
  const total = layout.itemsOffset !== undefined && (t instanceof StructType ? t.varsize : t.varsize) ? layout.size + n * layout.itemSize! : layout.size;
  return alignUp(total, 8);
}

/**
 * The string of the translated program (RPython's rstr.STR): a hash (0 until computed) and the
 * UTF-16 code units, inline.
 */
export const STR = new StructType("STR", true, [
  { name: "hash", type: Signed },
  { name: "chars", type: new ArrayType(Char, { gc: false }) },
]);
