/**
 * Typed arrays at the low level: a pointer to a GC array of the element's storage type
 * (Uint8Array is Ptr(GcArray(Uint8))). Loads widen to Signed (Float for Float32Array and
 * Float64Array); stores keep the low bits, as JavaScript's typed arrays do.
 */

import type { TypedArrayKind } from "../annotator/model.js";
import { LLConstant, type LLGraph, type LLPrebuilt } from "../llir/llgraph.js";
import { ArrayType, Float, Float32, Int16, Int32, Int8, Ptr, Uint16, Uint32, Uint8, type PrimitiveType, type PtrType } from "../llir/lltype.js";
import { nullishPointer } from "./rnullable.js";
import { Repr } from "./rmodel.js";
import { prebuiltTypedArray, type PrebuiltFills } from "./rprebuilt.js";

const STORAGE: Record<TypedArrayKind, PrimitiveType> = {
  Int8Array: Int8,
  Uint8Array: Uint8,
  Int16Array: Int16,
  Uint16Array: Uint16,
  Int32Array: Int32,
  Uint32Array: Uint32,
  Float32Array: Float32,
  Float64Array: Float,
};

export class TypedArrayRepr extends Repr {
  readonly name: string;
  readonly array: ArrayType;

  /** The worklist that fills prebuilt arrays, the translation's (RTyper.prebuiltFills). */
  private readonly fills: PrebuiltFills;

  constructor(fills: PrebuiltFills, kind: TypedArrayKind) {
    super();
    this.fills = fills;
    this.name = kind;
    this.array = new ArrayType(STORAGE[kind], { gc: true, name: kind });
  }

  get lowleveltype(): PtrType {
    return Ptr(this.array);
  }

  override get builtinName(): string {
    return "typedArray";
  }

  convertConst(value: unknown): LLConstant {
    const nullish = nullishPointer(value, this.lowleveltype);
    if (nullish) return nullish;
    return new LLConstant(prebuiltTypedArray(this.fills, this.name, this.array, this.prebuilt, value), this.lowleveltype);
  }

  /** The prebuilt arrays made of typed arrays built at import time, by typed array (rprebuilt.ts). */
  private readonly prebuilt = new Map<unknown, LLPrebuilt>();
  /** The helper graphs of its methods (lower-lists.ts), by what they do. */
  readonly methodHelpers = new Map<string, LLGraph>();
}
