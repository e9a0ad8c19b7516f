/**
 * The program's data at translation time, for every target: prebuilt objects (instances,
 * strings, class records, tables, exc_data) laid out in `.data` exactly as computeLayout says by
 * the walk the LL interpreter uses too (src/llir/prebuilt-image.ts), GC header included, with
 * pointer fields as relocations; float constants in `.rodata`; type ids for GC headers and the
 * collector's type table. Little-endian, 64-bit: x86-64 and AArch64 alike.
 *
 * Prebuilt objects go to `.data`, not `.rodata`: almost any of them may be written (a string
 * caches its hash, an instance's fields are mutable, the runtime's buffers and exc_data are
 * written all the time), and telling which never are would need a whole-program analysis for a
 * few pages. Jump tables live in the text next to their code; float constants in `.rodata`.
 */

import type { LLConstant, LLFunctionRef, LLPrebuilt } from "../llir/llgraph.js";
import { PrebuiltImage, type PrebuiltMemory } from "../llir/prebuilt-image.js";
import {
  ArrayType,
  Bool,
  Char,
  Float,
  Float32,
  Int16,
  Int32,
  Int8,
  PtrType,
  STR,
  StructType,
  Uint16,
  Uint32,
  Uint8,
  Void,
  computeLayout,
  sizeOf,
  type ContainerLayout,
  type LLType,
} from "../llir/lltype.js";
import type { Relocation } from "./elf.js";
import { FLAGS_OFFSET, PREBUILT_FLAGS, TYPE_ENTRY_SIZE, TYPE_ITEM_POINTERS, TYPE_POINTERS } from "../runtime/gc/layout.js";

/** A growable little-endian byte buffer. */
export class ByteBuffer {
  bytes = new Uint8Array(4096);
  size = 0;

  reserve(n: number, align: number): number {
    const at = Math.ceil(this.size / align) * align;
    const end = at + n;
    if (end > this.bytes.length) {
      let capacity = this.bytes.length;
      while (capacity < end) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(this.bytes.subarray(0, this.size));
      this.bytes = grown;
    }
    this.size = end;
    return at;
  }

  view(): DataView {
    return new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.size);
  }
}

/** A function pointer stored in data: resolved once the function's code offset is known. */
export interface FunctionSlot {
  offset: number;
  fn: LLFunctionRef;
}

export class ProgramData {
  readonly data = new ByteBuffer();
  readonly rodata = new ByteBuffer();
  readonly relocations: Relocation[] = [];
  readonly functionSlots: FunctionSlot[] = [];
  readonly symbols: { name: string; offset: number; size: number }[] = [];
  private readonly image = new PrebuiltImage(this.prebuiltMemory());
  private readonly typeIds = new Map<StructType | ArrayType, number>();
  private readonly floats = new Map<string, number>();
  private readonly strings = new Map<string, number>();

  /** The id in GC headers of a container type (1, 2, ...; 0 is no type). */
  typeId(type: StructType | ArrayType): number {
    let id = this.typeIds.get(type);
    if (id === undefined) {
      id = this.typeIds.size + 1;
      this.typeIds.set(type, id);
    }
    return id;
  }

  /** The .data offset of a prebuilt object (placed, with everything it refers to, on first use). */
  prebuilt(p: LLPrebuilt): number {
    return this.image.addressOf(p);
  }

  /** A prebuilt STR holding text (for messages the code generator makes, such as fatal errors' positions). */
  string(text: string): number {
    let at = this.strings.get(text);
    if (at === undefined) {
      const layout = computeLayout(STR);
      at = this.data.reserve(sizeOf(STR, text.length), 8);
      const view = this.data.view();
      view.setUint32(at, this.typeId(STR), true);
      view.setUint32(at + FLAGS_OFFSET, PREBUILT_FLAGS, true);
      view.setBigInt64(at + layout.lengthOffset!, BigInt(text.length), true);
      for (let i = 0; i < text.length; i++) view.setUint16(at + layout.itemsOffset! + 2 * i, text.charCodeAt(i), true);
      this.strings.set(text, at);
    }
    return at;
  }

  /** The .rodata offset of an 8-byte float constant. */
  float(value: number): number {
    const buffer = new DataView(new ArrayBuffer(8));
    buffer.setFloat64(0, value, true);
    const key = buffer.getBigUint64(0, true).toString(16);
    let at = this.floats.get(key);
    if (at === undefined) {
      at = this.rodata.reserve(8, 8);
      this.rodata.view().setFloat64(at, value, true);
      this.floats.set(key, at);
    }
    return at;
  }

  /** The .rodata offset of an 8-byte integer constant. */
  int64(value: number): number {
    const key = `i${value}`;
    let at = this.floats.get(key);
    if (at === undefined) {
      at = this.rodata.reserve(8, 8);
      this.rodata.view().setBigInt64(at, BigInt(value), true);
      this.floats.set(key, at);
    }
    return at;
  }

  /** The .rodata offset of a 16-byte constant (two 64-bit halves), 16-aligned for SSE operands. */
  int128(low: bigint, high: bigint): number {
    const key = `v${low}:${high}`;
    let at = this.floats.get(key);
    if (at === undefined) {
      at = this.rodata.reserve(16, 16);
      this.rodata.view().setBigUint64(at, low, true);
      this.rodata.view().setBigUint64(at + 8, high, true);
      this.floats.set(key, at);
    }
    return at;
  }

  /** Zero-filled words in .data (the runtime's variables: the heap pointer and limit, the stack limit). */
  words(n: number, name: string): number {
    const at = this.data.reserve(8 * n, 8);
    this.symbols.push({ name, offset: at, size: 8 * n });
    return at;
  }

  /**
   * The collector's type table (src/runtime/gc/layout.ts TYPE_*) in .rodata, for every type id given so
   * far: call it last, when code and data have asked for every id. Returns its .rodata offset
   * and the number of entries (ids 1 .. count-1).
   */
  typeTable(): { offset: number; count: number } {
    const types = [...this.typeIds.entries()].sort((a, b) => a[1] - b[1]);
    const count = types.length + 1;
    const table = this.rodata.reserve(TYPE_ENTRY_SIZE * count, 8);
    const pointerList = (offsets: number[]): number => {
      const at = this.rodata.reserve(8 * (offsets.length + 1), 8);
      const view = this.rodata.view();
      view.setBigInt64(at, BigInt(offsets.length), true);
      offsets.forEach((o, i) => view.setBigInt64(at + 8 * (i + 1), BigInt(o), true));
      return at;
    };
    for (const [type, id] of types) {
      const layout = computeLayout(type);
      const entry = table + id * TYPE_ENTRY_SIZE;
      const varsize = layout.itemsOffset !== undefined && type.varsize;
      const fixed = gcPointerOffsets(type, 0, varsize);
      const item = varsize ? itemPointerOffsets(type) : [];
      const words = [varsize ? layout.itemsOffset! : sizeOf(type), varsize ? layout.itemSize! : 0, varsize ? layout.lengthOffset! : 0, varsize ? layout.itemsOffset! : 0];
      const fixedList = pointerList(fixed);
      const itemList = pointerList(item);
      const view = this.rodata.view();
      words.forEach((w, i) => view.setBigInt64(entry + 8 * i, BigInt(w), true));
      this.relocations.push({ section: "rodata", offset: entry + TYPE_POINTERS, targetSection: "rodata", targetOffset: fixedList });
      this.relocations.push({ section: "rodata", offset: entry + TYPE_ITEM_POINTERS, targetSection: "rodata", targetOffset: itemList });
    }
    return { offset: table, count };
  }

  /** .data as the memory of the shared prebuilt walk: header with the prebuilt flags, pointers as relocations. */
  private prebuiltMemory(): PrebuiltMemory {
    return {
      reserve: (p: LLPrebuilt, _type: StructType | ArrayType, size: number) => {
        const at = this.data.reserve(size, 8);
        this.symbols.push({ name: p.name, offset: at, size });
        return at;
      },
      begin: (p: LLPrebuilt, type: StructType | ArrayType, layout: ContainerLayout, at: number) => {
        const view = this.data.view();
        if (type.gc) {
          view.setUint32(at, this.typeId(type), true);
          view.setUint32(at + FLAGS_OFFSET, PREBUILT_FLAGS, true);
        }
        if (layout.lengthOffset !== undefined) view.setBigInt64(at + layout.lengthOffset, BigInt(p.items.length), true);
      },
      store: (t: LLType, at: number, c: LLConstant) => this.store(t, at, c),
      storePointer: (_t: LLType, at: number, target: number) => {
        this.relocations.push({ section: "data", offset: at, targetSection: "data", targetOffset: target });
      },
      typeId: (type: StructType | ArrayType) => this.typeId(type),
    };
  }

  /** Writes a constant of type t at a .data offset (a pointer becomes a relocation). */
  private store(t: LLType, at: number, c: LLConstant): void {
    const view = this.data.view();
    const v = c.value;
    if (t === Void) return;
    if (t instanceof PtrType || (typeof v === "object" && v !== null && "kind" in v)) {
      if (v === null || v === undefined || v === 0) return;
      if (typeof v === "object" && "kind" in v && v.kind === "function") {
        this.functionSlots.push({ offset: at, fn: v });
        return;
      }
      if (typeof v === "number") {
        view.setBigInt64(at, BigInt(v), true);
        return;
      }
      throw new Error(`internal error: cannot store the constant ${String(v)} as ${t}`);
    }
    const n = typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
    switch (t) {
      case Bool:
      case Int8:
      case Uint8:
        view.setUint8(at, n & 0xff);
        return;
      case Char:
      case Int16:
      case Uint16:
        view.setUint16(at, n & 0xffff, true);
        return;
      case Int32:
      case Uint32:
        view.setUint32(at, n >>> 0, true);
        return;
      case Float32:
        view.setFloat32(at, n, true);
        return;
      case Float:
        view.setFloat64(at, n, true);
        return;
      default:
        view.setBigInt64(at, BigInt(n), true);
    }
  }
}

/**
 * The offsets of the GC pointers of a container laid out at base: its own pointer fields, those
 * of the structs and fixed arrays inside it, not the items of its variable-sized part.
 */
export function gcPointerOffsets(type: StructType | ArrayType, base: number, skipVarsize: boolean): number[] {
  const layout = computeLayout(type);
  const offsets: number[] = [];
  const add = (t: LLType, at: number) => {
    if (t instanceof PtrType) {
      if (t.gc) offsets.push(at);
    } else if ((t instanceof StructType || t instanceof ArrayType) && !t.gc) offsets.push(...gcPointerOffsets(t, at, false));
  };
  if (type instanceof ArrayType) {
    if (!type.varsize) for (let i = 0; i < type.fixedLength; i++) add(type.item, base + layout.itemsOffset! + i * layout.itemSize!);
    return offsets;
  }
  for (const field of type.fields) {
    if (field.type instanceof StructType && field.type.gc) {
      offsets.push(...gcPointerOffsets(field.type, base, false));
      continue;
    }
    if (field.type instanceof ArrayType && field.type.varsize) {
      if (!skipVarsize) throw new Error(`internal error: ${type.name}: a variable-sized part inside a container`);
      continue;
    }
    add(field.type, base + layout.offsets.get(field.name)!);
  }
  return offsets;
}

/** The offsets of the GC pointers inside one item of a variable-sized container. */
function itemPointerOffsets(type: StructType | ArrayType): number[] {
  const item = type instanceof ArrayType ? type.item : (type.fields[type.fields.length - 1]!.type as ArrayType).item;
  if (item instanceof PtrType) return item.gc ? [0] : [];
  if ((item instanceof StructType || item instanceof ArrayType) && !item.gc) return gcPointerOffsets(item, 0, false);
  return [];
}
