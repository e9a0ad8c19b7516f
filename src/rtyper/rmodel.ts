/**
 * Representations (RPython's rtyper/rmodel.py): how values of one annotation are held at the
 * low level. Each annotation maps to one Repr, which gives the LL type and converts the live
 * values of import time to LL constants. The table of representations is docs/rtyper-plan.md.
 *
 * Reprs are made once per distinct annotation by the RTyper (rtyper.ts), which owns the caches;
 * this file holds the primitive ones, rclass.ts the instances.
 */

import { LLConstant } from "../llir/llgraph.js";
import { Bool, Char, Float, Signed, Void, type LLType } from "../llir/lltype.js";
import { SymbolicWord } from "../llir/symbolic.js";

/** The rtyper cannot lower something yet (or at all): the message names what. */
export class RTyperError extends Error {}

export abstract class Repr {
  abstract readonly lowleveltype: LLType;
  /** For dumps and messages: int, float, Program, ... */
  abstract readonly name: string;
  /** The LL constant for a value this representation holds. */
  abstract convertConst(value: unknown): LLConstant;
  /** The name under which lower.ts finds the methods of builtin values held here ("string", "map"). */
  get builtinName(): string | undefined {
    return undefined;
  }
}

export class IntRepr extends Repr {
  readonly lowleveltype = Signed;
  readonly name = "int";
  override get builtinName(): string {
    return "number";
  }
  convertConst(value: unknown): LLConstant {
    if (typeof value === "boolean") return new LLConstant(value ? 1 : 0, Signed);
    // a word of prebuilt data known when the data image is written (a jitcode's address or type id)
    if (value instanceof SymbolicWord) return new LLConstant(value, Signed);
    if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new RTyperError(`${String(value)} is not an integer`);
    return new LLConstant(value, Signed);
  }
}

export class FloatRepr extends Repr {
  readonly lowleveltype = Float;
  readonly name = "float";
  override get builtinName(): string {
    return "number";
  }
  convertConst(value: unknown): LLConstant {
    if (typeof value !== "number") throw new RTyperError(`${String(value)} is not a number`);
    return new LLConstant(value, Float);
  }
}

export class BoolRepr extends Repr {
  readonly lowleveltype = Bool;
  readonly name = "bool";
  convertConst(value: unknown): LLConstant {
    if (typeof value !== "boolean") throw new RTyperError(`${String(value)} is not a boolean`);
    return new LLConstant(value, Bool);
  }
}

export class CharRepr extends Repr {
  readonly lowleveltype = Char;
  readonly name = "char";
  override get builtinName(): string {
    return "char";
  }
  convertConst(value: unknown): LLConstant {
    if (typeof value !== "string" || value.length !== 1) throw new RTyperError(`${String(value)} is not a one-character string`);
    return new LLConstant(value.charCodeAt(0), Char);
  }
}

/** Values known when translating (one function, one class, null, a builtin): nothing to hold. */
export class VoidRepr extends Repr {
  readonly lowleveltype = Void;
  readonly name: string;
  constructor(name: string) {
    super();
    this.name = name;
  }
  convertConst(): LLConstant {
    return new LLConstant(null, Void);
  }
}

export const INT = new IntRepr();
export const FLOAT = new FloatRepr();
export const BOOL = new BoolRepr();
export const CHAR = new CharRepr();
