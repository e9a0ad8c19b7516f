/**
 * Prebuilt constants that are functions and classes (RPython's rtyper/rpbc.py and the "rows" of
 * normalizecalls.py).
 *
 * A value that is one known function, class or frozen object holds nothing at run time (Void,
 * DescRepr). A value that is one of several functions is a function pointer; one of several
 * classes is a pointer to the class record.
 *
 * Functions that meet in one value form a call family (RPython's call families: the union of
 * every set of functions some value may hold). A pointer has one type, so the whole family
 * shares one LL signature, its row: each parameter in the most specific representation among
 * the members' (every caller passes a value that each member accepts, so it fits all of them),
 * the result in the most general. A member whose own signature differs is reached through an
 * adapter graph that converts the arguments, calls it and converts the result. Method slots of
 * class records (rclass.ts) use the same rows and adapters, with the slot's class as `this`.
 */

import type { LLOpName } from "../llir/lloperation.js";
import type { ClassDesc, FunctionDesc, Some } from "../annotator/bookkeeper.js";
import { contains, describe, unionAll, type Desc, type SomePBC } from "../annotator/model.js";
import type { SourcePos } from "../frontend/model.js";
import { LLBlock, LLConstant, LLGraph, LLLink, LLOperation, LLVariable, zeroOf, type LLFunctionRef, type LLValue } from "../llir/llgraph.js";
import { FuncType, Ptr, Signed, Void, type LLType, type PtrType } from "../llir/lltype.js";
import { OBJECT, OBJECT_VTABLE } from "./rclass.js";
import { FLOAT, INT, Repr, RTyperError, VoidRepr } from "./rmodel.js";
import { FloatBoxRepr, nullishPointer } from "./rnullable.js";
import type { RTyper } from "./rtyper.js";

/** One function, class or frozen object, known when translating: nothing to hold. */
export class DescRepr extends VoidRepr {
  readonly desc: Desc;
  constructor(desc: Desc) {
    super(desc.name);
    this.desc = desc;
  }
}

/** The LL signature shared by the functions that one pointer may hold. */
export interface Row {
  readonly params: readonly Repr[];
  readonly result: Repr;
  readonly funcType: FuncType;
}

/** A value that is one of several functions of a call family: a pointer to the family's row. */
export class FunctionsRepr extends Repr {
  readonly name: string;
  readonly family: CallFamily;

  constructor(family: CallFamily) {
    super();
    this.family = family;
    this.name = `(${[...family.members].map((d) => d.name).join(" | ")})`;
  }

  get lowleveltype(): PtrType {
    return Ptr(this.family.row().funcType);
  }

  convertConst(value: unknown): LLConstant {
    const nullish = nullishPointer(value, this.lowleveltype);
    if (nullish) return nullish;
    if (typeof value !== "function") throw new RTyperError(`${String(value)} is not a function`);
    return this.pointerTo(this.family.rtyper.annotator.bk.functionDesc(value));
  }

  pointerTo(desc: FunctionDesc): LLConstant {
    if (!this.family.members.has(desc)) throw new RTyperError(`internal error: ${desc.name} is not in the call family ${this.name}`);
    return new LLConstant(this.family.pointer(desc), this.lowleveltype);
  }
}

/** A value that is one of several classes: a pointer to the class record. */
export class ClassesRepr extends Repr {
  readonly name: string;
  private readonly rtyper: RTyper;

  constructor(rtyper: RTyper, descs: readonly ClassDesc[]) {
    super();
    this.rtyper = rtyper;
    this.name = `(class ${descs.map((d) => d.name).join(" | class ")})`;
  }

  get lowleveltype(): PtrType {
    return Ptr(OBJECT_VTABLE);
  }

  convertConst(value: unknown): LLConstant {
    const nullish = nullishPointer(value, this.lowleveltype);
    if (nullish) return nullish;
    if (typeof value !== "function") throw new RTyperError(`${String(value)} is not a class`);
    return this.recordOf(this.rtyper.annotator.bk.classDesc(value));
  }

  recordOf(desc: ClassDesc): LLConstant {
    return new LLConstant(this.rtyper.classes.layoutOf(desc.classdef).vtable, this.lowleveltype);
  }
}

/** Functions that meet in some value, and so share one row. */
export class CallFamily {
  readonly rtyper: RTyper;
  readonly members = new Set<FunctionDesc>();
  private computed: Row | undefined;
  private computing = false;
  private readonly pointers = new Map<FunctionDesc, LLFunctionRef>();
  repr: FunctionsRepr | undefined;

  constructor(rtyper: RTyper) {
    this.rtyper = rtyper;
  }

  get frozen(): boolean {
    return this.computed !== undefined;
  }

  row(): Row {
    if (this.computed) return this.computed;
    if (this.computing) throw new RTyperError(`the functions ${[...this.members].map((d) => d.name).join(", ")} take or return values of their own kind, which the rtyper does not support yet`);
    this.computing = true;
    try {
      this.computed = rowOf(this.rtyper, [...this.members], undefined);
    } finally {
      this.computing = false;
    }
    return this.computed;
  }

  /** The function the family's pointer to desc designates: desc itself, or its adapter to the row. */
  pointer(desc: FunctionDesc): LLFunctionRef {
    let ref = this.pointers.get(desc);
    if (!ref) {
      ref = adapted(this.rtyper, desc, this.row(), `${desc.name}__row`);
      this.pointers.set(desc, ref);
    }
    return ref;
  }
}

/** The reprs of prebuilt constants of one rtyper, and its call families. */
export class PbcReprs {
  private readonly rtyper: RTyper;
  private readonly single = new Map<object, DescRepr>();
  private readonly families = new Map<FunctionDesc, CallFamily>();
  private readonly classSets = new Map<string, ClassesRepr>();
  private scanned = false;

  constructor(rtyper: RTyper) {
    this.rtyper = rtyper;
  }

  reprOf(s: SomePBC): Repr {
    if (s.descs.size === 1) {
      const desc = [...s.descs][0]!;
      let repr = this.single.get(desc);
      if (!repr) {
        repr = new DescRepr(desc);
        this.single.set(desc, repr);
      }
      return repr;
    }
    if (s.descKind === "function") {
      const family = this.familyOf([...s.descs] as FunctionDesc[]);
      family.repr ??= new FunctionsRepr(family);
      return family.repr;
    }
    if (s.descKind === "class") {
      const descs = [...s.descs] as ClassDesc[];
      const key = descs.map((d) => d.name).sort().join("|");
      let repr = this.classSets.get(key);
      if (!repr) {
        repr = new ClassesRepr(this.rtyper, descs);
        this.classSets.set(key, repr);
      }
      return repr;
    }
    throw new RTyperError(`a value that is one of several ${s.descKind} objects (${describe(s)}) is not supported by the rtyper`);
  }

  /**
   * The family of a set of functions. The families are found once from every value of the
   * annotated program, so that a row is fixed before any pointer of the family is made; a set
   * met only later (in a prebuilt container no code reads) joins its family then.
   */
  private familyOf(descs: readonly FunctionDesc[]): CallFamily {
    if (!this.scanned) {
      this.scanned = true;
      for (const s of functionSets(this.rtyper)) this.merge(s);
    }
    return this.merge(descs);
  }

  private merge(descs: readonly FunctionDesc[]): CallFamily {
    const families = [...new Set(descs.map((d) => this.families.get(d)).filter((f): f is CallFamily => f !== undefined))];
    const target = families.find((f) => f.frozen) ?? families[0] ?? new CallFamily(this.rtyper);
    for (const family of families) {
      if (family === target) continue;
      if (family.frozen) throw new RTyperError(`the functions ${[...family.members, ...target.members].map((d) => d.name).join(", ")} meet in one value after their signatures were fixed; the rtyper does not support this yet`);
      for (const d of family.members) this.add(target, d);
    }
    for (const d of descs) {
      if (target.members.has(d)) continue;
      if (target.frozen) throw new RTyperError(`${d.name} joins the functions ${[...target.members].map((m) => m.name).join(", ")} after their signature was fixed; the rtyper does not support this yet`);
      this.add(target, d);
    }
    return target;
  }

  private add(family: CallFamily, desc: FunctionDesc): void {
    family.members.add(desc);
    this.families.set(desc, family);
  }
}

/** The representation of a prebuilt-constant annotation (a function, class or frozen object, or several). */
export function pbcRepr(rtyper: RTyper, s: SomePBC): Repr {
  rtyper.pbcReprs ??= new PbcReprs(rtyper);
  return rtyper.pbcReprs.reprOf(s);
}

/** The sets of several functions that values of the program hold (variables and container items). */
function functionSets(rtyper: RTyper): FunctionDesc[][] {
  const sets: FunctionDesc[][] = [];
  const seen = new Set<object>();
  const visit = (s: Some): void => {
    switch (s.kind) {
      case "pbc":
        if (s.descKind === "function" && s.descs.size > 1) sets.push([...s.descs] as FunctionDesc[]);
        return;
      case "list":
        if (!seen.has(s.listdef)) {
          seen.add(s.listdef);
          visit(s.listdef.item);
        }
        return;
      case "map":
      case "set":
        if (!seen.has(s.dictdef)) {
          seen.add(s.dictdef);
          visit(s.dictdef.key);
          if (s.kind === "map") visit(s.dictdef.value);
        }
        return;
      case "tuple":
        s.items.forEach(visit);
        return;
      default:
        return;
    }
  };
  for (const s of rtyper.annotator.bindings.values()) visit(s);
  for (const cls of rtyper.annotator.bk.allClasses()) for (const attr of cls.classdef.attrs.values()) visit(attr.value);
  return sets;
}

/** The annotations of a function's parameters and result. */
function signatureOf(rtyper: RTyper, desc: FunctionDesc): { params: Some[]; result: Some } {
  const graph = desc.graph;
  if (!graph) throw new RTyperError(`internal error: ${desc.name} was not annotated`);
  return { params: graph.startblock.inputargs.map((v) => rtyper.annotation(v)), result: rtyper.annotation(graph.returnblock.inputargs[0]!) };
}

const NO_REFLOW = {
  reflow(): void {
    throw new RTyperError("internal error: a row of a call family would change the annotations");
  },
};

/**
 * The row of some functions called through one pointer: parameter i in the most specific
 * annotation among the members' (self, if given, replaces parameter 0: the class whose record
 * holds the slot), the result in the most general.
 */
export function rowOf(rtyper: RTyper, members: readonly FunctionDesc[], self: Repr | undefined): Row {
  const sigs = members.map((d) => signatureOf(rtyper, d));
  const arity = Math.max(...sigs.map((s) => s.params.length));
  const params: Repr[] = [];
  for (let i = 0; i < arity; i++) {
    if (i === 0 && self) {
      params.push(self);
      continue;
    }
    const candidates = sigs.filter((s) => i < s.params.length).map((s) => s.params[i]!);
    const least = candidates.find((c) => candidates.every((o) => contains(o, c)));
    params.push(rtyper.reprOf(least ?? greatest(candidates, members, `take parameter ${i + 1} of different types`)));
  }
  const result = rtyper.reprOf(greatest(sigs.map((s) => s.result), members, "return values of different types"));
  return { params, result, funcType: new FuncType(params.map((p) => p.lowleveltype), result.lowleveltype) };
}

/** The most general of some annotations, or their union. */
function greatest(values: Some[], members: readonly FunctionDesc[], what: string): Some {
  const found = values.find((c) => values.every((o) => contains(c, o)));
  if (found) return found;
  const u = unionAll(values, NO_REFLOW);
  if (u.kind === "unionError") throw new RTyperError(`the functions ${members.map((d) => d.name).join(", ")}, called through one value, ${what}: ${u.message}`);
  return u;
}

/**
 * value from one representation to another, where a row may hold values more generally than
 * the annotations of one caller or callee say: a float that the annotator knows is an integer
 * there becomes one (exactly, as it was one before the row widened it).
 */
export function convertInRow(out: Emitter, value: LLValue, from: Repr, to: Repr): LLValue {
  if (to === INT && (from === FLOAT || from instanceof FloatBoxRepr)) return out.genop("cast_float_to_int", [out.convertValue(value, from, FLOAT)], Signed, "n");
  return out.convertValue(value, from, to);
}

/** Where conversions put their operations: a HighLevelOp, or the block of an adapter. */
export interface Emitter {
  convertValue(value: LLValue, from: Repr, to: Repr): LLValue;
  genop(opname: LLOpName, args: LLValue[], resultType: LLType, hint?: string): LLValue;
}

/** A function reached through a pointer of the given row: itself when its signature is the row's, else an adapter. */
export function adapted(rtyper: RTyper, desc: FunctionDesc, row: Row, name: string): LLFunctionRef {
  const sig = signatureOf(rtyper, desc);
  const own = sig.params.map((s) => rtyper.reprOf(s));
  const result = rtyper.reprOf(sig.result);
  const same = own.length === row.params.length && own.every((p, i) => p.lowleveltype === row.params[i]!.lowleveltype) && result.lowleveltype === row.result.lowleveltype;
  const target = rtyper.functionRef(desc);
  if (same) return target;
  const pos: SourcePos | undefined = desc.source.pos;
  const inputs = row.params.map((p, i) => new LLVariable(p.lowleveltype, `a${i}`));
  const start = new LLBlock(inputs);
  const graph = new LLGraph(name, start, row.result.lowleveltype, Ptr(OBJECT), pos);
  const llops: LLOperation[] = [];
  const out: Emitter = {
    convertValue: (value, from, to) => rtyper.convert(value, from, to, llops, pos),
    genop: (opname, args, type, hint) => {
      const v = new LLVariable(type, hint);
      llops.push(new LLOperation(opname, args, v, pos));
      return v;
    },
  };
  const args: LLValue[] = own.map((p, i) => (i < inputs.length ? convertInRow(out, inputs[i]!, row.params[i]!, p) : p.convertConst(undefined)));
  const type = Ptr(new FuncType(own.map((p) => p.lowleveltype), result.lowleveltype));
  const called = new LLVariable(result.lowleveltype, "result");
  llops.push(new LLOperation("direct_call", [new LLConstant(target, type), ...args], called, pos));
  // A method that never returns (its result annotation is impossible) leaves nothing to convert:
  // the return after its call is never reached.
  const value = result.lowleveltype === Void ? new LLConstant(null, Void) : called;
  const converted = sig.result.kind === "impossible" ? zeroOf(row.result.lowleveltype) : out.convertValue(value, result, row.result);
  start.operations = llops;
  start.closeBlock([new LLLink([row.result.lowleveltype === Void ? new LLConstant(null, Void) : converted], graph.returnblock)]);
  return { kind: "function", name, graph };
}

/**
 * Conversions between prebuilt-constant representations (rtyper.convert asks first): a known
 * function to a pointer of its family, a known class to its class record. Undefined when the
 * conversion is not one of these.
 */
export function convertPbc(value: LLValue, from: Repr, to: Repr): LLValue | undefined {
  if (from instanceof DescRepr) {
    if (to instanceof FunctionsRepr && from.desc.kind === "function") return to.pointerTo(from.desc as FunctionDesc);
    if (to instanceof ClassesRepr && from.desc.kind === "class") return to.recordOf(from.desc as ClassDesc);
    return undefined;
  }
  if (from instanceof FunctionsRepr && to instanceof FunctionsRepr) {
    if (from.family !== to.family) throw new RTyperError(`internal error: ${from.name} and ${to.name} are in different call families`);
    return value;
  }
  return undefined;
}
