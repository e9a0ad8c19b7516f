/**
 * Immutable and quasi-immutable fields, for the JIT (RPython's _immutable_fields_ and its `?`
 * suffix, rclass.py): a field the JIT knows never changes after its object is made is read once
 * per trace from a constant object (and folded); a quasi-immutable one is assumed constant, and
 * a write to it invalidates the loops that assumed it.
 *
 * Inferred: a field set only while its object is made (on `this`, in a constructor of its class
 * or of a subclass) is immutable. Declared, by the interpreter's author, with a static list on
 * the class, spelt as RPython's:
 *
 *     class Code { static immutableFields = ["text", "version?"]; ... }
 *
 * A name without `?` is immutable: setting it anywhere else is an annotate error at the write.
 * A name with `?` is quasi-immutable: it may be set anywhere, rarely. A name with `[*]` (RPython's
 * `lst[*]`) is an immutable field holding an array whose length and items are immutable too, as
 * far as the JIT is concerned: a trace reads them from a constant array as constants (a
 * bytecode, a constant pool). Unlike RPython, which requires a list never resized nor written,
 * the array may be filled after it is made (a compiler appends its code); the promise is that
 * it no longer changes once code reads it through this field under the JIT, as with `elidable`. The list is read at import
 * time from the live class (a static field is a constant of the class in RTS); TypeScript's
 * `readonly` would say immutable but cannot say quasi-immutable, and TypeScript itself already
 * rejects a write to a readonly field outside the constructor.
 */

import type { SourcePos, SpaceOperation } from "../frontend/model.js";
import { Variable } from "../frontend/model.js";
import type { ClassDesc, FunctionDesc } from "./bookkeeper.js";
import type { Attribute, ClassDef } from "./classdef.js";

export type FieldMutability = "immutable" | "quasi-immutable" | "immutable-items";

/** The `[*]` suffix of an immutableFields entry: the field and its array's items are immutable. */
const ITEMS_SUFFIX = "[*]";

/** The static list a class declares its immutable fields in. */
export const IMMUTABLE_FIELDS = "immutableFields";

/** What classdef or one of its bases declares about the field name (undefined: nothing). */
export function declaredMutability<P>(classdef: ClassDef<P>, name: string): FieldMutability | undefined {
  for (let c: ClassDef<P> | null = classdef; c; c = c.base) {
    const live = (c.desc as ClassDesc | null)?.live;
    if (!live || !Object.hasOwn(live, IMMUTABLE_FIELDS)) continue;
    const list = (live as unknown as Record<string, unknown>)[IMMUTABLE_FIELDS];
    if (!Array.isArray(list)) continue;
    if (list.includes(name)) return "immutable";
    if (list.includes(`${name}?`)) return "quasi-immutable";
    if (list.includes(`${name}${ITEMS_SUFFIX}`)) return "immutable-items";
  }
  return undefined;
}

/** Whether a setattr of a field of owner is part of making the object: on `this` in a constructor of owner or of a subclass. */
export function isConstructionWrite<P>(op: SpaceOperation, desc: FunctionDesc | undefined, owner: ClassDef<P>): boolean {
  if (!desc || desc.source.kind !== "constructor" || !desc.owner) return false;
  const receiver = op.args[0];
  if (!(receiver instanceof Variable) || receiver.hint !== "this") return false;
  for (let c: ClassDef<unknown> | null = desc.owner.classdef as ClassDef<unknown>; c; c = c.base) if (c === owner) return true;
  return false;
}

/** How the JIT may take the field: declared, or inferred immutable when never set after construction. */
export function fieldMutability<P>(classdef: ClassDef<P>, name: string): FieldMutability | undefined {
  const declared = declaredMutability(classdef, name);
  if (declared) return declared;
  const attr = classdef.attrs.get(name);
  return attr && attr.writtenAfterConstruction === undefined ? "immutable" : undefined;
}

/**
 * What is wrong with the immutableFields lists of the program's classes, once annotation is done:
 * a list that is not of field names, or a name that is no field of the class (a misspelling
 * would otherwise be silently ignored). Each problem is at the list's position.
 */
export function immutableFieldsProblems(classes: Iterable<ClassDesc>): { pos: SourcePos; message: string }[] {
  const problems: { pos: SourcePos; message: string }[] = [];
  for (const desc of classes) {
    const source = desc.source;
    if (!source || !Object.hasOwn(desc.live, IMMUTABLE_FIELDS)) continue;
    const member = source.node.body.body.find((m) => m.type === "PropertyDefinition" && m.static && m.key.type === "Identifier" && m.key.name === IMMUTABLE_FIELDS);
    const pos = member ? source.module.pos(member) : source.pos;
    const list = (desc.live as unknown as Record<string, unknown>)[IMMUTABLE_FIELDS];
    if (!Array.isArray(list) || !list.every((n) => typeof n === "string" && /^[A-Za-z_$][\w$]*(\?|\[\*\])?$/.test(n))) {
      problems.push({ pos, message: `${desc.name}.${IMMUTABLE_FIELDS} must be an array of field names, each ending in ? for a quasi-immutable field or in [*] for an array whose items are immutable too (e.g. ["text", "version?", "code[*]"])` });
      continue;
    }
    for (const entry of list as string[]) {
      const items = entry.endsWith(ITEMS_SUFFIX);
      const name = entry.endsWith("?") ? entry.slice(0, -1) : items ? entry.slice(0, -ITEMS_SUFFIX.length) : entry;
      let attr: Attribute<unknown> | undefined;
      for (let c: ClassDef<unknown> | null = desc.classdef as ClassDef<unknown>; c && !attr; c = c.base) attr = c.attrs.get(name);
      if (!attr && !hasFieldBelow(desc.classdef as ClassDef<unknown>, name)) {
        problems.push({ pos, message: `${desc.name}.${IMMUTABLE_FIELDS} names '${name}', which is no field of ${desc.name}` });
      } else if (items && attr && attr.value.kind !== "list" && attr.value.kind !== "typedArray") {
        problems.push({ pos, message: `${desc.name}.${IMMUTABLE_FIELDS} names '${entry}', but ${desc.name}.${name} holds no array: [*] is for a field holding an array` });
      }
    }
  }
  return problems;
}

function hasFieldBelow(classdef: ClassDef<unknown>, name: string): boolean {
  return classdef.subclasses.some((sub) => sub.attrs.has(name) || hasFieldBelow(sub, name));
}
