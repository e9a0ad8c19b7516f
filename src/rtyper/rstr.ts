/**
 * Strings at the low level (RPython's rtyper/lltypesystem/rstr.py): a pointer to STR (a hash,
 * then the UTF-16 code units inline). A string constant becomes a prebuilt STR, one per distinct
 * string, so that equal constants share one object.
 */

import { LLConstant, type LLPrebuilt } from "./llgraph.js";
import { Char, Ptr, STR, Signed, type PtrType } from "./lltype.js";
import { Repr, RTyperError } from "./rmodel.js";

export class StringRepr extends Repr {
  readonly name = "string";
  private readonly prebuilt = new Map<string, LLPrebuilt>();

  get lowleveltype(): PtrType {
    return Ptr(STR);
  }

  override get builtinName(): string {
    return "string";
  }

  convertConst(value: unknown): LLConstant {
    if (value === null) return new LLConstant(null, this.lowleveltype);
    if (typeof value !== "string") throw new RTyperError(`${String(value)} is not a string`);
    let p = this.prebuilt.get(value);
    if (!p) {
      const items: LLConstant[] = [];
      for (let i = 0; i < value.length; i++) items.push(new LLConstant(value.charCodeAt(i), Char));
      p = { kind: "prebuilt", type: STR, name: `str ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + "..." : value)}`, fields: new Map([["hash", new LLConstant(0, Signed)]]), items };
      this.prebuilt.set(value, p);
    }
    return new LLConstant(p, this.lowleveltype);
  }
}
