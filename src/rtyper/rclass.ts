/**
 * Instances and classes at the low level (RPython's rtyper/rclass.py).
 *
 * Every instance struct starts with the struct of its base class, down to `object`, whose only
 * field is the pointer to the class record (the vtable). A class record holds the class's id
 * range for `instanceof`: classes are numbered in preorder of the class tree, so C is a subclass
 * of D exactly when D.min <= C.min < D.max. Fields of a class are the annotator's attributes that
 * live on that ClassDef (an attribute lives on the most general class that has it), each held
 * in the representation of its annotation.
 */

import type { ClassDesc, Place } from "../annotator/bookkeeper.js";
import type { ClassDef } from "../annotator/classdef.js";
import { LLConstant, type LLPrebuilt } from "./llgraph.js";
import { Ptr, Signed, StructType, type Field, type PtrType } from "./lltype.js";
import { Repr, RTyperError } from "./rmodel.js";

export const OBJECT_VTABLE = new StructType("object_vtable", false, [
  { name: "subclassrange_min", type: Signed },
  { name: "subclassrange_max", type: Signed },
]);

export const OBJECT = new StructType("object", true, [{ name: "typeptr", type: Ptr(OBJECT_VTABLE) }]);

/** The low-level form of one class: its instance struct, class record and id range. */
export class ClassLayout {
  readonly classdef: ClassDef<Place>;
  readonly struct: StructType;
  readonly base: ClassLayout | undefined;
  readonly vtable: LLPrebuilt;
  min = 0;
  max = 0;

  constructor(classdef: ClassDef<Place>, base: ClassLayout | undefined) {
    this.classdef = classdef;
    this.base = base;
    this.struct = new StructType(`inst_${classdef.name}`, true);
    this.vtable = { kind: "prebuilt", type: OBJECT_VTABLE, name: `vtable_${classdef.name}`, fields: new Map(), items: [] };
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
    if (value === null) return new LLConstant(null, this.lowleveltype);
    throw new RTyperError(`prebuilt instances of ${this.name} are not supported by the rtyper yet`);
  }
}

/**
 * The layouts of the classes the annotator found. Class ids are assigned for all of them at once
 * (instanceof needs the whole tree); a class's instance struct gets its fields when first needed,
 * so that lowering one function needs only the representations it uses.
 */
export class ClassLayouts {
  private readonly layouts = new Map<ClassDef<Place>, ClassLayout>();
  private readonly fieldRepr: (classdef: ClassDef<Place>, name: string) => Repr;

  constructor(classes: readonly ClassDesc[], fieldRepr: (classdef: ClassDef<Place>, name: string) => Repr) {
    this.fieldRepr = fieldRepr;
    for (const desc of classes) this.shell(desc.classdef);
    // Preorder numbering: each root, then its subclasses depth first.
    let next = 0;
    const number = (layout: ClassLayout) => {
      layout.min = next++;
      for (const sub of this.children(layout)) number(sub);
      layout.max = next;
    };
    for (const layout of this.layouts.values()) if (!layout.base) number(layout);
    for (const layout of this.layouts.values()) {
      layout.vtable.fields.set("subclassrange_min", new LLConstant(layout.min, Signed));
      layout.vtable.fields.set("subclassrange_max", new LLConstant(layout.max, Signed));
    }
  }

  /** The layout of a class, its instance struct's fields set. */
  layoutOf(classdef: ClassDef<Place>): ClassLayout {
    const layout = this.shell(classdef);
    if (!this.filled.has(layout)) {
      this.filled.add(layout);
      const fields: Field[] = [{ name: "super", type: layout.base ? this.layoutOf(layout.base.classdef).struct : OBJECT }];
      for (const name of [...classdef.attrs.keys()].sort()) {
        fields.push({ name: `f_${name}`, type: this.fieldRepr(classdef, name).lowleveltype });
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
      layout = new ClassLayout(classdef, classdef.base ? this.shell(classdef.base) : undefined);
      this.layouts.set(classdef, layout);
    }
    return layout;
  }

  private children(layout: ClassLayout): ClassLayout[] {
    return [...this.layouts.values()].filter((l) => l.base === layout);
  }
}
