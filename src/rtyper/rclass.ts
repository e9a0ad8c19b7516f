/**
 * Instances and classes at the low level (RPython's rtyper/rclass.py).
 *
 * Every instance struct starts with the struct of its base class, down to `object`, whose only
 * field is the pointer to the class record (the vtable). A class record holds the class's id
 * range for `instanceof`: classes are numbered in preorder of the class tree, so C is a subclass
 * of D exactly when D.min <= C.min < D.max. Fields of a class are the annotator's attributes that
 * live on that ClassDef (an attribute lives on the most general class that has it), each held
 * in the representation of its annotation.
 *
 * A class record also holds one slot per method called through a class whose subclasses
 * override it: the slot lives in the record of the most general class that such calls go
 * through, and each record below it holds the function pointer of its own class's
 * implementation. The records of classes that have slots are flat structs that start with the
 * fields of their base's record, so a pointer to any record is a pointer to `object_vtable` and
 * to the record of each base.
 */

import { fieldMutability } from "../annotator/fields.js";
import { someTypedArray } from "../annotator/model.js";
import { TRACE_FIELD } from "./stack-trace.js";
import type { Bookkeeper, ClassDesc, FunctionDesc, Place } from "../annotator/bookkeeper.js";
import type { ClassDef } from "../annotator/classdef.js";
import type { Constant } from "../frontend/model.js";
import { LLConstant, type LLFunctionRef, type LLPrebuilt } from "../llir/llgraph.js";
import { Ptr, STR, Signed, StructType, type Field, type PtrType } from "../llir/lltype.js";
import { nullishPointer } from "./rnullable.js";
import { Repr, RTyperError } from "./rmodel.js";
import { adapted, rowOf, type Row } from "./rpbc.js";
import type { RTyper } from "./rtyper.js";

// The root struct and class record are the LL level's own (llir/object-model.ts): exceptions,
// the LL interpreter and the backends read them.
import { OBJECT, OBJECT_VTABLE } from "../llir/object-model.js";
export { OBJECT, OBJECT_VTABLE } from "../llir/object-model.js";

/** The low-level form of one class: its instance struct, class record and id range. */
export class ClassLayout {
  readonly classdef: ClassDef<Place>;
  readonly struct: StructType;
  readonly base: ClassLayout | undefined;
  readonly owner: ClassLayouts;
  min = 0;
  max = 0;
  /** The class record, once built (see vtable). */
  record: LLPrebuilt | undefined;

  constructor(classdef: ClassDef<Place>, base: ClassLayout | undefined, owner: ClassLayouts) {
    this.classdef = classdef;
    this.base = base;
    this.owner = owner;
    this.struct = new StructType(`inst_${classdef.name}`, true);
  }

  /** The class record (held in the typeptr of every instance, as a Ptr(OBJECT_VTABLE)). */
  get vtable(): LLPrebuilt {
    return this.owner.recordOf(this);
  }

  get ptrType(): PtrType {
    return Ptr(this.struct);
  }
}

/** Values that are instances of a class (or of its subclasses): a pointer to the instance struct. */
export class InstanceRepr extends Repr {
  readonly layout: ClassLayout;
  readonly name: string;

  constructor(layout: ClassLayout) {
    super();
    this.layout = layout;
    this.name = layout.classdef.name;
  }

  get lowleveltype(): PtrType {
    return this.layout.ptrType;
  }

  convertConst(value: unknown): LLConstant {
    const nullish = nullishPointer(value, this.lowleveltype);
    if (nullish) return nullish;
    if (typeof value !== "object" || value === null) throw new RTyperError(`${String(value)} is not an instance of ${this.name}`);
    return new LLConstant(this.layout.owner.prebuiltInstance(value), this.lowleveltype);
  }
}

/** A method slot of class records: the field, the record type that has it, the shared signature. */
export interface MethodSlot {
  readonly field: string;
  readonly owner: ClassLayout;
  readonly row: Row;
  /** The pointer each implementation is held as in the slot (itself or an adapter to the row). */
  readonly pointers: Map<FunctionDesc, LLFunctionRef>;
}

/** The methods a call `obj.name()` on an instance of desc's class can reach (those annotated): the inherited one and the overrides below. */
export function methodImplementations(bk: Bookkeeper, desc: ClassDesc, name: string): FunctionDesc[] {
  const targets: FunctionDesc[] = [];
  const inherited = bk.findMethod(desc, name);
  if (inherited?.graph) targets.push(inherited);
  for (const sub of bk.subclassesOf(desc)) {
    const override = sub.methods.get(name);
    if (override?.graph) targets.push(override);
  }
  return targets;
}

/**
 * The layouts of the classes the annotator found. Class ids are assigned for all of them at once
 * (instanceof needs the whole tree); a class's instance struct gets its fields when first needed,
 * so that lowering one function needs only the representations it uses.
 */
export class ClassLayouts {
  private readonly layouts = new Map<ClassDef<Place>, ClassLayout>();
  private readonly rtyper: RTyper;

  constructor(rtyper: RTyper) {
    this.rtyper = rtyper;
    for (const desc of rtyper.annotator.bk.allClasses()) this.shell(desc.classdef);
    // Preorder numbering: each root, then its subclasses depth first.
    let next = 0;
    const number = (layout: ClassLayout) => {
      layout.min = next++;
      for (const sub of this.children(layout)) number(sub);
      layout.max = next;
    };
    for (const layout of this.layouts.values()) if (!layout.base) number(layout);
  }

  private fieldRepr(classdef: ClassDef<Place>, name: string): Repr {
    return this.rtyper.reprOf(classdef.attrs.get(name)!.value);
  }

  /** The layout of a class, its instance struct's fields set. */
  layoutOf(classdef: ClassDef<Place>): ClassLayout {
    const layout = this.shell(classdef);
    if (!this.filled.has(layout)) {
      this.filled.add(layout);
      const fields: Field[] = [{ name: "super", type: layout.base ? this.layoutOf(layout.base.classdef).struct : OBJECT }];
      for (const name of [...classdef.attrs.keys()].sort()) {
        const mutability = fieldMutability(classdef, name);
        fields.push({ name: `f_${name}`, type: this.fieldRepr(classdef, name).lowleveltype, ...(mutability ? { mutability } : {}) });
      }
      // Error (the builtin root of the exception classes) also holds where each error was made (rexception.ts).
      // And the trace of the calls that made it (stack-trace.ts).
      if (classdef.builtin && !classdef.base) {
        fields.push({ name: "where", type: Ptr(STR) });
        fields.push({ name: TRACE_FIELD, type: this.rtyper.reprOf(someTypedArray("Int32Array")).lowleveltype });
      }
      layout.struct.setFields(fields);
    }
    return layout;
  }

  private readonly filled = new Set<ClassLayout>();

  /** The layout object of a class, without its fields yet. */
  private shell(classdef: ClassDef<Place>): ClassLayout {
    let layout = this.layouts.get(classdef);
    if (!layout) {
      layout = new ClassLayout(classdef, classdef.base ? this.shell(classdef.base) : undefined, this);
      this.layouts.set(classdef, layout);
    }
    return layout;
  }

  private children(layout: ClassLayout): ClassLayout[] {
    return [...this.layouts.values()].filter((l) => l.base === layout);
  }

  // ---- class records and method slots

  private slotNames: Map<ClassLayout, string[]> | undefined;
  private readonly slots = new Map<ClassLayout, Map<string, MethodSlot>>();
  private readonly recordTypes = new Map<ClassLayout, StructType>();

  private get bk(): Bookkeeper {
    return this.rtyper.annotator.bk;
  }

  /**
   * The methods that need a slot, by the class whose record holds it: every call_method of the
   * annotated program on an instance whose class reaches several implementations. The slot is
   * in the record of the call's class (the receiver's), and a call goes through the nearest slot
   * at or above its class: the row of a slot holds only the implementations its calls reach,
   * whose parameters the annotator widened with those calls' arguments (an implementation above
   * it, reached only by a super call or by calls on its own class, may take less: fuzzer seed
   * 1396). Found once, before the first record is built, so that record types are fixed.
   */
  private slotsByClass(): Map<ClassLayout, string[]> {
    if (this.slotNames) return this.slotNames;
    const owners = new Map<string, Set<ClassLayout>>();
    for (const desc of this.rtyper.annotator.annotatedFunctions()) {
      for (const block of desc.graph!.iterBlocks()) {
        // Only what is lowered: the annotation of an operation never annotated would make its
        // constants' classes now, after the annotation ended, and the next helper annotated
        // would then reflow calls already lowered as direct ones (fuzzer seed 85926, batched).
        for (const op of this.rtyper.loweredOperations(block)) {
          if (op.opname !== "call_method") continue;
          const s = this.rtyper.annotation(op.args[0]!);
          if (s.kind !== "instance" || !s.classdef.desc) continue;
          const name = (op.args[1] as Constant).value as string;
          if (methodImplementations(this.bk, s.classdef.desc as ClassDesc, name).length < 2) continue;
          const set = owners.get(name) ?? new Set();
          set.add(this.shell(s.classdef));
          owners.set(name, set);
        }
      }
    }
    this.slotNames = new Map();
    for (const [name, set] of [...owners].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const layout of set) {
        const names = this.slotNames.get(layout) ?? [];
        names.push(name);
        this.slotNames.set(layout, names);
      }
    }
    return this.slotNames;
  }

  /** The slot through which calls of name on instances of layout's class go. */
  slotFor(layout: ClassLayout, name: string): MethodSlot {
    const names = this.slotsByClass();
    let owner: ClassLayout | undefined;
    // The nearest: a class below another that has calls of its own gets a slot of its own, whose
    // row holds only the implementations its calls reach.
    for (let l: ClassLayout | undefined = layout; l && !owner; l = l.base) if (names.get(l)?.includes(name)) owner = l;
    if (!owner) throw new RTyperError(`internal error: no class record slot for ${layout.classdef.name}.${name}()`);
    return this.slot(owner, name);
  }

  private slot(owner: ClassLayout, name: string): MethodSlot {
    let byName = this.slots.get(owner);
    if (!byName) {
      byName = new Map();
      this.slots.set(owner, byName);
    }
    let slot = byName.get(name);
    if (!slot) {
      const members = methodImplementations(this.bk, owner.classdef.desc as ClassDesc, name);
      const self = this.rtyper.reprOf({ kind: "instance", classdef: owner.classdef, empty: 0, const: undefined });
      // A slot below another slot of the same method is named after its class as well.
      let nested = false;
      for (let l = owner.base; l; l = l.base) if (this.slotsByClass().get(l)?.includes(name)) nested = true;
      const field = nested ? `m_${name}__${owner.classdef.name}` : `m_${name}`;
      slot = { field, owner, row: rowOf(this.rtyper, members, self), pointers: new Map() };
      byName.set(name, slot);
    }
    return slot;
  }

  /** The type of a class's record: object_vtable, or a flat struct extending its base's record with its own slots. */
  recordType(layout: ClassLayout): StructType {
    let type = this.recordTypes.get(layout);
    if (type) return type;
    const names = this.slotsByClass().get(layout) ?? [];
    const base = layout.base ? this.recordType(layout.base) : OBJECT_VTABLE;
    if (names.length === 0) {
      type = base;
    } else {
      type = new StructType(`vtable_${layout.classdef.name}`, false);
      const slotFields = names.map((name) => {
        const slot = this.slot(layout, name);
        return { name: slot.field, type: Ptr(slot.row.funcType) };
      });
      type.setFields([...base.fields, ...slotFields]);
    }
    this.recordTypes.set(layout, type);
    return type;
  }

  /** The record of a class: its id range and, in each slot, its own implementation of the method. */
  recordOf(layout: ClassLayout): LLPrebuilt {
    if (layout.record) return layout.record;
    const type = this.recordType(layout);
    const record: LLPrebuilt = { kind: "prebuilt", type, name: `vtable_${layout.classdef.name}`, fields: new Map(), items: [] };
    layout.record = record;
    record.fields.set("subclassrange_min", new LLConstant(layout.min, Signed));
    record.fields.set("subclassrange_max", new LLConstant(layout.max, Signed));
    const desc = layout.classdef.desc as ClassDesc;
    for (let owner: ClassLayout | undefined = layout; owner; owner = owner.base) {
      for (const name of this.slotsByClass().get(owner) ?? []) {
        const slot = this.slot(owner, name);
        const type = Ptr(slot.row.funcType);
        const impl = this.bk.findMethod(desc, name);
        if (!impl?.graph) {
          // No implementation in this class (an abstract method): no call reaches this slot.
          record.fields.set(slot.field, new LLConstant(null, type));
          continue;
        }
        let ref = slot.pointers.get(impl);
        if (!ref) {
          ref = adapted(this.rtyper, impl, slot.row, `${impl.owner?.name ?? ""}.${name}__${owner.classdef.name}_slot`);
          slot.pointers.set(impl, ref);
        }
        record.fields.set(slot.field, new LLConstant(ref, type));
      }
    }
    return record;
  }

  // ---- prebuilt instances

  private readonly instances = new Map<object, LLPrebuilt>();

  private layoutOfInstance(obj: object): ClassLayout {
    const cls = (Object.getPrototypeOf(obj) as { constructor: Function }).constructor;
    return this.layoutOf(this.bk.classDesc(cls).classdef);
  }

  /** The prebuilt object of an instance built at import time: its class's struct, with its class record and fields. */
  prebuiltInstance(obj: object): LLPrebuilt {
    return this.rtyper.prebuiltFills.object(
      this.instances,
      obj,
      () => {
        const layout = this.layoutOfInstance(obj);
        return { kind: "prebuilt", type: layout.struct, name: `${layout.classdef.name} #${this.instances.size}`, fields: new Map(), items: [] };
      },
      (p) => {
        const layout = this.layoutOfInstance(obj);
        p.fields.set("typeptr", new LLConstant(layout.vtable, Ptr(OBJECT_VTABLE)));
        // A field the object does not have stays zero, as in a new object before its constructor runs.
        for (let l: ClassLayout | undefined = layout; l; l = l.base) {
          for (const name of l.classdef.attrs.keys()) {
            if (!Object.prototype.hasOwnProperty.call(obj, name)) continue;
            const value = (obj as Record<string, unknown>)[name];
            try {
              p.fields.set(`f_${name}`, this.fieldRepr(l.classdef, name).convertConst(value));
            } catch (error) {
              if (error instanceof RTyperError) throw new RTyperError(`the field ${name} of a ${layout.classdef.name} built at import time: ${error.message}`);
              throw error;
            }
          }
        }
      },
    );
  }
}

