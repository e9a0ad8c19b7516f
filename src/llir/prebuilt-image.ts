/**
 * Laying out prebuilt objects (the constants the rtyper made: instances, strings, class records,
 * tables) in a memory, shared by the LL interpreter (its flat byte array) and the code generators
 * (a binary's .data, through src/backend/data-image.ts): every object reachable from one is given
 * an address, each object's fields and items go at the offsets computeLayout gives, and a pointer
 * to another prebuilt object is its address. An item that is an inline struct (a GC array of
 * structs) is written in place, field by field, as part of its array.
 *
 * What differs stays with the memory (`PrebuiltMemory`): how room is reserved and the GC header
 * written (the LL interpreter allocates as the program would, the binary writes the prebuilt
 * flags the collector needs), how a value is stored (the interpreter stores runtime values, the
 * binary bytes and relocations, since addresses are known only when the ELF writer places .data),
 * and what a function pointer becomes (an index into the interpreter's table of functions, a
 * relocation to the function's code). A symbolic word (symbolic.ts: a Signed holding a type id or
 * an address, such as a jitcode's constant) is resolved here, as the memory numbers types and
 * places objects.
 *
 * Objects are placed first and written from a worklist: prebuilt data may be a chain far longer
 * than the stack is deep. The order is fixed (an object is placed when first reached, written
 * last-placed first), so the same program gives the same image.
 */

import { LLConstant, type LLPrebuilt } from "./llgraph.js";
import { ArrayType, StructType, Void, computeLayout, fieldType, findNested, sizeOf, storageOf, typeName, type ContainerLayout, type LLType } from "./lltype.js";
import { SymbolicWordError, type SymbolicWord } from "./symbolic.js";

/** The memory prebuilt objects are laid out in: what the interpreter and a binary do differently. */
export interface PrebuiltMemory {
  /** Room for the object (size bytes, header included); returns its address. Called once per object, when it is first reached. */
  reserve(object: LLPrebuilt, type: StructType | ArrayType, size: number): number;
  /** Called before the object's fields are stored: its header and length, where the memory did not write them at reserve. */
  begin(object: LLPrebuilt, type: StructType | ArrayType, layout: ContainerLayout, address: number): void;
  /** Stores a constant of type t (not a pointer to a prebuilt object) at address. */
  store(t: LLType, address: number, value: LLConstant): void;
  /** Stores the address of a prebuilt object, as type t, at address. */
  storePointer(t: LLType, address: number, target: number): void;
  /** The GC type id of a container type in this memory (for a symbolic word naming one). */
  typeId(type: StructType | ArrayType): number;
}

export class PrebuiltImage {
  private readonly addresses = new Map<LLPrebuilt, number>();
  private readonly unwritten: LLPrebuilt[] = [];
  private readonly memory: PrebuiltMemory;

  constructor(memory: PrebuiltMemory) {
    this.memory = memory;
  }

  /** The address of a prebuilt object: it and everything it reaches are laid out on first use. */
  addressOf(object: LLPrebuilt): number {
    const known = this.addresses.get(object);
    if (known !== undefined) return known;
    const address = this.place(object);
    for (let q = this.unwritten.pop(); q; q = this.unwritten.pop()) this.write(q);
    return address;
  }

  private place(object: LLPrebuilt): number {
    let address = this.addresses.get(object);
    if (address === undefined) {
      const type = object.type as StructType | ArrayType;
      address = this.memory.reserve(object, type, sizeOf(type, object.items.length));
      this.addresses.set(object, address);
      this.unwritten.push(object);
    }
    return address;
  }

  private write(object: LLPrebuilt): void {
    const at = this.addresses.get(object)!;
    const type = object.type as StructType | ArrayType;
    const layout = computeLayout(type);
    this.memory.begin(object, type, layout, at);
    this.storeFields(type as StructType, at, object.fields);
    if (object.items.length > 0) {
      const itemType = type instanceof ArrayType ? type.item : ((type.fields[type.fields.length - 1]?.type as ArrayType | undefined)?.item ?? Void);
      object.items.forEach((item, i) => this.storeValue(itemType, at + layout.itemsOffset! + i * layout.itemSize!, item));
    }
  }

  /**
   * The fields of a struct laid out at `at`: a prebuilt object's (an array's has none), or an
   * inline struct's. A prebuilt instance names the fields of its base classes too (nested first in its struct).
   */
  private storeFields(type: StructType, at: number, fields: ReadonlyMap<string, LLConstant>): void {
    const offsets = computeLayout(type).offsets;
    for (const [name, value] of fields) {
      const offset = offsets.get(name) ?? findNested(offsets, name);
      if (offset === undefined) throw new Error(`internal error: ${type.name} has no field ${name}`);
      this.storeValue(fieldType(type, name), at + offset, value);
    }
  }

  private storeValue(t: LLType, address: number, c: LLConstant): void {
    if (t === Void) return;
    const v = c.value;
    if (t instanceof StructType && !t.gc) {
      // An inline struct (an item of a GC array of structs, rordereddict's entries): an LLPrebuilt
      // of the struct type whose fields are written in place, at the item's address; no object of
      // its own (never reserved, so no type id, header or symbol). null leaves the item zero.
      if (v === null) return;
      if (typeof v !== "object" || !("kind" in v) || v.kind !== "prebuilt" || v.type !== t) throw new Error(`internal error: an inline ${typeName(t)} holds ${String(v)}, not a prebuilt ${typeName(t)}`);
      this.storeFields(t, address, v.fields);
      return;
    }
    if (typeof v === "object" && v !== null && "kind" in v && v.kind === "prebuilt") this.memory.storePointer(t, address, this.place(v));
    else if (typeof v === "object" && v !== null && "kind" in v && v.kind === "symbolic") this.storeSymbolic(t, address, v);
    else this.memory.store(t, address, c);
  }

  /** A symbolic word (symbolic.ts), resolved now: the type id, or the address of the function or prebuilt object it names. */
  private storeSymbolic(t: LLType, address: number, word: SymbolicWord): void {
    if (storageOf(t).size !== 8) throw new SymbolicWordError(`internal error: the symbolic word ${String(word)} is stored as ${typeName(t)}; it is a whole word`);
    const referent = word.referent;
    if (referent.what === "type-id") {
      this.memory.store(t, address, new LLConstant(this.memory.typeId(referent.type), t));
      return;
    }
    const target = referent.constant.value;
    if (typeof target === "object" && target !== null && "kind" in target && target.kind === "prebuilt") this.memory.storePointer(t, address, this.place(target));
    else this.memory.store(t, address, referent.constant);
  }
}
