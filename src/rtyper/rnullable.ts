/**
 * Values that may be undefined or null (`int | undefined`, `Node | null`, `string | undefined`).
 *
 * Pointers keep their LL type: undefined is the null pointer 0, so that the zero-filled field of
 * a new object reads as undefined, as an unset field does in JavaScript, and the common test
 * `x !== undefined` is a test against 0; null is the address of one prebuilt object, NULL_OBJECT.
 * Integers, booleans and chars that may be undefined or null are held as Signed, with two values
 * no integer of the program takes (the _ovf operations keep integers within ±2^53). A float that
 * may be undefined or null is a pointer to a box holding it, since every bit pattern of a double
 * is a number JavaScript can produce.
 */

import { LLConstant, type LLPrebuilt } from "../llir/llgraph.js";
import { Float, Ptr, Signed, StructType, type LLType, type PtrType } from "../llir/lltype.js";
import { BOOL, CHAR, INT, Repr, RTyperError } from "./rmodel.js";

// The null object and the sentinel words are the LL level's own (llir/object-model.ts): the LL
// interpreter and the backends read them too.
import { NULL_OBJECT, NULL_WORD, UNDEFINED_WORD } from "../llir/object-model.js";
export { NULL_OBJECT, NULL_STRUCT, NULL_WORD, UNDEFINED_WORD } from "../llir/object-model.js";

/** The constant for undefined or null in a pointer type; undefined for any other value. */
export function nullishPointer(value: unknown, type: LLType): LLConstant | undefined {
  if (value === undefined) return new LLConstant(null, type);
  if (value === null) return new LLConstant(NULL_OBJECT, type);
  return undefined;
}

/** An int, bool or char that may be undefined or null: Signed, with UNDEFINED_WORD and NULL_WORD. */
export class NullableRepr extends Repr {
  readonly lowleveltype = Signed;
  readonly name: string;
  readonly base: Repr;

  constructor(base: Repr) {
    super();
    if (base !== INT && base !== BOOL && base !== CHAR) throw new RTyperError(`internal error: no nullable form of ${base.name}`);
    this.base = base;
    this.name = `${base.name}?`;
  }

  convertConst(value: unknown): LLConstant {
    if (value === undefined) return new LLConstant(UNDEFINED_WORD, Signed);
    if (value === null) return new LLConstant(NULL_WORD, Signed);
    const c = this.base.convertConst(value);
    return new LLConstant(typeof c.value === "boolean" ? (c.value ? 1 : 0) : c.value, Signed);
  }

  override get builtinName(): string | undefined {
    return this.base.builtinName;
  }
}

/** The box of a float that may be undefined or null. */
export const FLOAT_BOX = new StructType("float_box", true, [{ name: "value", type: Float }]);

export class FloatBoxRepr extends Repr {
  readonly name = "float?";
  private readonly prebuilt = new Map<string, LLPrebuilt>();

  get lowleveltype(): PtrType {
    return Ptr(FLOAT_BOX);
  }

  convertConst(value: unknown): LLConstant {
    const nullish = nullishPointer(value, this.lowleveltype);
    if (nullish) return nullish;
    if (typeof value !== "number") throw new RTyperError(`${String(value)} is not a number`);
    const key = Object.is(value, -0) ? "-0" : String(value);
    let p = this.prebuilt.get(key);
    if (!p) {
      p = { kind: "prebuilt", type: FLOAT_BOX, name: `float ${value}`, fields: new Map([["value", new LLConstant(value, Float)]]), items: [] };
      this.prebuilt.set(key, p);
    }
    return new LLConstant(p, this.lowleveltype);
  }
}
