/**
 * Objects built at import time, as LL prebuilt objects (RPython's convert_const of the
 * container reprs): instances (rclass.ts), arrays and typed arrays (here).
 *
 * One live object gives one LLPrebuilt (so one address): each representation keeps a cache by
 * live object. Objects may refer to each other in cycles and in long chains, so an object is made
 * empty and cached first, and its fields and items are filled from a worklist afterwards: the
 * conversion of a field that leads back to an object in progress finds it in the cache, and no
 * conversion recurses into the next object.
 */

import { LLConstant, type LLPrebuilt } from "../llir/llgraph.js";
import { Ptr, Signed, type ArrayType } from "../llir/lltype.js";
import type { Some } from "../annotator/bookkeeper.js";
import type { ListDef } from "../annotator/listdef.js";
import type { Repr } from "./rmodel.js";
import { RTyperError } from "./rmodel.js";

/**
 * The worklist of the fills still to run: one per translation (RTyper.prebuiltFills), shared by
 * the representations that convert objects, since a chain of objects crosses them.
 */
export class PrebuiltFills {
  private readonly pending: (() => void)[] = [];
  private draining = false;

  /**
   * The prebuilt object for key: made by make() and cached the first time, then filled by fill()
   * once the outermost conversion gets there.
   */
  object<K>(cache: Map<K, LLPrebuilt>, key: K, make: () => LLPrebuilt, fill: (p: LLPrebuilt) => void): LLPrebuilt {
    const known = cache.get(key);
    if (known) return known;
    const p = make();
    cache.set(key, p);
    this.pending.push(() => fill(p));
    if (!this.draining) {
      this.draining = true;
      try {
        for (let next = this.pending.shift(); next; next = this.pending.shift()) next();
      } finally {
        this.draining = false;
        this.pending.length = 0;
      }
    }
    return p;
  }
}

/** What a list representation offers the conversion of an array (see rlist.ts). */
export interface PrebuiltListType {
  readonly name: string;
  readonly item: Repr;
  readonly itemsArray: ArrayType;
  readonly struct: LLPrebuilt["type"];
}

/**
 * A prebuilt array as a list: the list struct (length) and its item array, of capacity its
 * length (the first push grows it).
 */
export function prebuiltList(fills: PrebuiltFills, repr: PrebuiltListType, cache: Map<unknown, LLPrebuilt>, value: unknown): LLPrebuilt {
  if (!Array.isArray(value)) throw new RTyperError(`${String(value)} is not an array`);
  return fills.object(
    cache,
    value,
    () => ({ kind: "prebuilt", type: repr.struct, name: `${repr.name} of ${value.length}`, fields: new Map(), items: [] }),
    (p) => {
      const items: LLPrebuilt = { kind: "prebuilt", type: repr.itemsArray, name: `items of ${p.name}`, fields: new Map(), items: value.map((item) => repr.item.convertConst(item)) };
      p.fields.set("length", new LLConstant(value.length, Signed));
      p.fields.set("items", new LLConstant(items, Ptr(repr.itemsArray)));
    },
  );
}

/** A prebuilt typed array: a GC array of its storage type holding its values. */
export function prebuiltTypedArray(fills: PrebuiltFills, name: string, array: ArrayType, cache: Map<unknown, LLPrebuilt>, value: unknown): LLPrebuilt {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) throw new RTyperError(`${String(value)} is not a typed array`);
  const values = Array.from(value as unknown as ArrayLike<number>);
  return fills.object(
    cache,
    value,
    () => ({ kind: "prebuilt", type: array, name: `${name} of ${values.length}`, fields: new Map(), items: [] }),
    (p) => {
      for (const v of values) p.items.push(new LLConstant(v, array.item));
    },
  );
}

/** Whether the items of a list are (or hold, through other containers) lists of its own kind, as an array built at import time may. */
export function holdsItself(listdef: ListDef<unknown>): boolean {
  const seen = new Set<object>();
  const reaches = (s: Some): boolean => {
    switch (s.kind) {
      case "list":
        if ((s.listdef as ListDef<unknown>).sameAs(listdef)) return true;
        if (seen.has(s.listdef.cell)) return false;
        seen.add(s.listdef.cell);
        return reaches(s.listdef.item);
      case "map":
      case "set":
        if (seen.has(s.dictdef)) return false;
        seen.add(s.dictdef);
        return reaches(s.dictdef.key) || (s.kind === "map" && reaches(s.dictdef.value));
      case "tuple":
        return s.items.some(reaches);
      default:
        return false;
    }
  };
  return reaches(listdef.item as Some);
}
