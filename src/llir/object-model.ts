/**
 * What the LL level itself knows of the values the rtyper makes: the root of every instance (the
 * `object` struct and its class record, `object_vtable`: every exception an LL graph raises is a
 * pointer to an `object`), and how undefined and null are held (the one prebuilt object whose
 * address means null in every pointer type; the two Signed words that mean undefined and null).
 *
 * They live here, below the rtyper, because the LL interpreter, the exception transform, the
 * optimisations, the backends and the JIT read them; the rtyper (rclass.ts, rnullable.ts) builds
 * everything else on them.
 */

import type { LLPrebuilt } from "./llgraph.js";
import { Ptr, Signed, StructType } from "./lltype.js";

/** The class record every class record starts with: the class's id range for instanceof. */
export const OBJECT_VTABLE = new StructType("object_vtable", false, [
  { name: "subclassrange_min", type: Signed },
  { name: "subclassrange_max", type: Signed },
]);

/** The struct every instance starts with: the pointer to its class record. */
export const OBJECT = new StructType("object", true, [{ name: "typeptr", type: Ptr(OBJECT_VTABLE) }]);

/** The struct of NULL_OBJECT: a GC header and nothing else. */
export const NULL_STRUCT = new StructType("null", true, []);

/** The one object whose address means null, in every pointer type (undefined is the pointer 0). */
export const NULL_OBJECT: LLPrebuilt = { kind: "prebuilt", type: NULL_STRUCT, name: "null", fields: new Map(), items: [] };

/** undefined and null held in a Signed (2^60 and -2^60: exact as doubles, beyond every integer the program holds). */
export const UNDEFINED_WORD = 2 ** 60;
export const NULL_WORD = -(2 ** 60);
