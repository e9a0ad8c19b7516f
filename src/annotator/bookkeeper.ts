/**
 * The bookkeeper (RPython's annotation/bookkeeper.py): the descriptors of every live function
 * and class the annotator meets, the ClassDefs, the containers made at each allocation site, and
 * `immutableValue`: the annotation of a value that existed at import time.
 *
 * Input: the LoadedProgram (live values and their sources) and the annotator, for reflow.
 * Output: FunctionDesc, ClassDesc, FrozenDesc; annotations of constants.
 *
 * Invariant: one descriptor per live object, one ListDef/DictDef per allocation site (so that
 * re-annotating a block finds the same container) and per prebuilt container.
 */

import { JitDriver } from "../lib/jitdriver.js";
import { ArrowFunction } from "../frontend/arrow.js";
import { hintsOf, type FunctionHint } from "../lib/hints.js";
import type { Block, FunctionGraph, SpaceOperation, SourcePos } from "../frontend/model.js";
import type { ClassSource, FunctionSource, LoadedProgram } from "../frontend/modules.js";
import { ClassDef, generalizeAttr } from "./classdef.js";
import { DictDef } from "./dictdef.js";
import { ListDef } from "./listdef.js";
import { BUILTIN_VALUES } from "./builtin-values.js";
import {
  EMPTY_NULL,
  EMPTY_UNDEFINED,
  TYPED_ARRAY_KINDS,
  isUnionError,
  someBuiltin,
  someConstant,
  someImpossible,
  someInstance,
  someInteger,
  someList,
  someMap,
  someNone,
  somePBC,
  someSet,
  someTuple,
  someTypedArray,
  union,
  type Desc,
  type Reflow,
  type SomeValue,
  type TypedArrayKind,
} from "./model.js";

export type Place = Block;
export type Some = SomeValue<Place>;

/** A value the annotator cannot represent; the caller reports it at the operation's position. */
export class NotRtsValue extends Error {}

/** Who first called a function: for the "reached from" chain of error messages. */
export interface CallSite {
  caller: FunctionDesc | undefined;
  pos: SourcePos;
}

export class FunctionDesc implements Desc {
  readonly kind = "function";
  readonly name: string;
  readonly live: Function;
  readonly source: FunctionSource;
  readonly hints: readonly FunctionHint[];
  /** The class whose method or constructor this is. */
  readonly owner: ClassDesc | undefined;
  graph: FunctionGraph | undefined;
  /** Set when the graph could not be built (the error is reported once). */
  broken = false;
  /** The blocks that call this function, reflowed when its result or exceptions generalise. */
  readonly callers = new Set<Place>();
  calledFrom: CallSite | undefined;

  constructor(live: Function, source: FunctionSource, owner: ClassDesc | undefined) {
    this.live = live;
    this.source = source;
    // Messages and dumps name a module-level function by itself, a method with its class.
    this.name = source.kind === "function" || source.kind === "arrow" ? source.name.slice(source.name.indexOf(".") + 1) : source.name;
    this.owner = owner;
    this.hints = hintsOf(live);
  }
}

export class ClassDesc implements Desc {
  readonly kind = "class";
  readonly name: string;
  readonly live: Function;
  /** undefined for builtin classes (Error and its kin). */
  readonly source: ClassSource | undefined;
  readonly classdef: ClassDef<Place>;
  readonly base: ClassDesc | undefined;
  /** Methods written in this class (not inherited), by name. */
  readonly methods = new Map<string, FunctionDesc>();
  constructorDesc: FunctionDesc | undefined;

  constructor(live: Function, source: ClassSource | undefined, base: ClassDesc | undefined) {
    this.live = live;
    this.source = source;
    this.name = source?.name ?? live.name;
    this.base = base;
    this.classdef = new ClassDef<Place>({ name: this.name, base: base?.classdef ?? null, builtin: !source, desc: this });
  }
}

/** A prebuilt object used as a constant whose attributes are read but never written (a JitDriver). */
export class FrozenDesc implements Desc {
  readonly kind = "frozen";
  readonly name: string;
  readonly live: object;
  constructor(live: object, name: string) {
    this.live = live;
    this.name = name;
  }
}

/** An array or Map being annotated as a prebuilt constant, to catch one that contains itself. */
interface PrebuiltInProgress {
  def: ListDef<Place>;
  /** Set when the array was met again while its items were being annotated. */
  recursive: boolean;
}

/** The live function of descs that have none (arrows written at a call); never called. */
const NO_LIVE_FUNCTION = (): void => {
  throw new Error("internal error: an arrow written at a call has no live function");
};

/** The builtin classes user exception classes may extend. */
const ERROR_CLASSES: readonly Function[] = [Error, RangeError, TypeError, SyntaxError, ReferenceError];

export class Bookkeeper {
  readonly program: LoadedProgram;
  private readonly reflow: Reflow<Place>;
  private readonly functions = new Map<Function, FunctionDesc>();
  private readonly classes = new Map<Function, ClassDesc>();
  private readonly frozen = new Map<object, FrozenDesc>();
  private readonly arrows = new Map<ArrowFunction, FunctionDesc>();
  private readonly unboundMethods = new Map<FunctionDesc, FunctionDesc>();
  private readonly siteLists = new Map<SpaceOperation, ListDef<Place>>();
  private readonly siteDicts = new Map<SpaceOperation, DictDef<Place>>();
  private readonly prebuiltLists = new Map<object, ListDef<Place>>();
  private readonly prebuiltDicts = new Map<object, DictDef<Place>>();
  private readonly prebuiltInstances = new Set<object>();
  private readonly prebuiltInProgress = new Map<object, PrebuiltInProgress>();
  /** Prebuilt instances whose fields are still to be annotated (see immutableValue). */
  private readonly prebuiltFieldsPending: { obj: object; desc: ClassDesc }[] = [];
  /** Where each container was made, for messages about its items. */
  private readonly containerSites = new Map<ListDef<Place> | DictDef<Place>, SourcePos>();
  private readonly fieldOrigins = new WeakMap<object, SourcePos>();
  /** Called when a new ClassDef appears, so method calls on its bases are reflowed. */
  onNewClass: (desc: ClassDesc) => void = () => {};
  /** Records that place calls a method on instances of desc's class (see onNewClass). */
  registerMethodCall: (desc: ClassDesc, place: Place) => void = () => {};
  /** The blocks that read a field of a class with no instances yet, by that class (see markInstantiated). */
  private readonly waitingForInstances = new Map<ClassDef<Place>, Set<Place>>();

  constructor(program: LoadedProgram, reflow: Reflow<Place>) {
    this.program = program;
    this.reflow = reflow;
  }

  allClasses(): ClassDesc[] {
    return [...this.classes.values()];
  }

  allFunctions(): FunctionDesc[] {
    return [...this.functions.values()];
  }

  /** The descriptor of a live function written in the program; throws NotRtsValue otherwise. */
  functionDesc(fn: Function): FunctionDesc {
    let desc = this.functions.get(fn);
    if (desc) return desc;
    const source = this.program.functionSource(fn);
    if (!source) {
      const global = globalNameOf(fn);
      if (global) throw new NotRtsValue(unsupportedGlobalMessage(global));
      throw new NotRtsValue(`the function '${fn.name || "anonymous"}' is not part of the program's source, nor a builtin of RTS`);
    }
    const owner = source.classSource ? this.classDesc(source.classSource.live) : undefined;
    desc = new FunctionDesc(fn, source, owner);
    this.functions.set(fn, desc);
    return desc;
  }

  /** The descriptor of an arrow written at a call (src/frontend/arrow.ts): a function of its own. */
  arrowDesc(arrow: ArrowFunction): FunctionDesc {
    let desc = this.arrows.get(arrow);
    if (!desc) {
      // An arrow written at a call has no live function: it is never made at import time.
      desc = new FunctionDesc(NO_LIVE_FUNCTION, arrow.source, undefined);
      this.arrows.set(arrow, desc);
    }
    return desc;
  }

  /**
   * A method read as a value through a prebuilt object (`helper.scale`), called as a plain
   * function: JavaScript calls it without `this` (the rule reading it checks that it uses none).
   */
  unboundMethodDesc(method: FunctionDesc): FunctionDesc {
    let desc = this.unboundMethods.get(method);
    if (!desc) {
      desc = new FunctionDesc(method.live, { ...method.source, kind: "unbound" }, undefined);
      this.unboundMethods.set(method, desc);
    }
    return desc;
  }

  /** The descriptors of the classes met so far. */
  classDescs(): ClassDesc[] {
    return [...this.classes.values()];
  }

  classDesc(cls: Function): ClassDesc {
    let desc = this.classes.get(cls);
    if (desc) return desc;
    const source = this.program.classSource(cls);
    if (!source && !ERROR_CLASSES.includes(cls)) {
      const global = globalNameOf(cls);
      if (global) throw new NotRtsValue(unsupportedGlobalMessage(global));
      throw new NotRtsValue(`the class '${cls.name}' is not part of the program's source`);
    }
    const proto = Object.getPrototypeOf(cls) as Function;
    const base = proto === Function.prototype || cls === Error ? undefined : this.classDesc(proto);
    desc = new ClassDesc(cls, source, base);
    this.classes.set(cls, desc);
    if (!source) {
      // Builtin errors: message and name are strings.
      generalizeAttr(desc.classdef, "message", someConstantString(), this.reflow);
      generalizeAttr(desc.classdef, "name", someConstantString(), this.reflow);
    }
    if (source) this.collectMethods(desc, source);
    this.onNewClass(desc);
    return desc;
  }

  private collectMethods(desc: ClassDesc, source: ClassSource): void {
    for (const member of source.node.body.body) {
      if (member.type !== "MethodDefinition" || member.static || member.key.type !== "Identifier") continue;
      if (member.kind === "constructor") continue;
      if (member.kind !== "method") continue; // getters and setters are reported when used
      const fn = (source.live.prototype as Record<string, unknown>)[member.key.name];
      if (typeof fn === "function") desc.methods.set(member.key.name, this.functionDesc(fn));
    }
    desc.constructorDesc = this.constructorDesc(desc);
  }

  private constructorDesc(desc: ClassDesc): FunctionDesc {
    const source = this.program.constructorSource(desc.source!);
    const fd = new FunctionDesc(desc.live, source, desc);
    return fd;
  }

  /** The method a call `obj.name()` on an instance of desc's class reaches, searching the bases. */
  findMethod(desc: ClassDesc, name: string): FunctionDesc | undefined {
    for (let d: ClassDesc | undefined = desc; d; d = d.base) {
      const method = d.methods.get(name);
      if (method) return method;
    }
    return undefined;
  }

  /** The classes known so far that derive from desc's class, nearest first. */
  subclassesOf(desc: ClassDesc): ClassDesc[] {
    return this.allClasses().filter((d) => {
      for (let b = d.base; b; b = b.base) if (b === desc) return true;
      return false;
    });
  }

  frozenDesc(obj: object, name: string): FrozenDesc {
    let desc = this.frozen.get(obj);
    if (!desc) {
      desc = new FrozenDesc(obj, name);
      this.frozen.set(obj, desc);
    }
    return desc;
  }

  /** The list made by an operation (an array literal, split, ...): the same one at every reflow. */
  listAt(op: SpaceOperation): ListDef<Place> {
    let def = this.siteLists.get(op);
    if (!def) {
      def = new ListDef<Place>();
      this.siteLists.set(op, def);
      this.containerSites.set(def, op.pos);
    }
    return def;
  }

  dictAt(op: SpaceOperation, kind: "map" | "set"): DictDef<Place> {
    let def = this.siteDicts.get(op);
    if (!def) {
      def = new DictDef<Place>(kind);
      this.siteDicts.set(op, def);
      this.containerSites.set(def, op.pos);
    }
    return def;
  }

  /** Where a list, Map or Set was made by the program; undefined for prebuilt ones. */
  siteOf(def: ListDef<Place> | DictDef<Place>): SourcePos | undefined {
    return this.containerSites.get(def);
  }

  /** Whether a class (or a base) defines name with a getter or a setter, which RTS does not have. */
  accessorOf(desc: ClassDesc, name: string): { getter: boolean; setter: boolean } | undefined {
    for (let d: ClassDesc | undefined = desc; d; d = d.base) {
      if (!d.source) continue;
      const property = Object.getOwnPropertyDescriptor(d.live.prototype, name);
      if (property?.get || property?.set) return { getter: property.get !== undefined, setter: property.set !== undefined };
    }
    return undefined;
  }

  /** Records where a field was first stored (for the message when another type is stored). */
  noteFieldOrigin(attr: object, pos: SourcePos): void {
    if (!this.fieldOrigins.has(attr)) this.fieldOrigins.set(attr, pos);
  }

  fieldOrigin(attr: object | undefined): SourcePos | undefined {
    return attr ? this.fieldOrigins.get(attr) : undefined;
  }

  /**
   * The annotation of a value that existed at import time. Throws NotRtsValue. The fields of
   * prebuilt instances are annotated from a worklist rather than by recursion, so that long
   * chains and cycles of objects are fine.
   */
  immutableValue(value: unknown): Some {
    const outermost = this.prebuiltFieldsPending.length === 0 && this.prebuiltInProgress.size === 0;
    const result = this.annotateConstant(value);
    if (outermost) this.annotatePrebuiltFields();
    return result;
  }

  private annotatePrebuiltFields(): void {
    try {
      for (let next = this.prebuiltFieldsPending.pop(); next; next = this.prebuiltFieldsPending.pop()) {
        const { obj, desc } = next;
        for (const [name, field] of Object.entries(obj)) {
          const result = generalizeAttr(desc.classdef, name, this.annotateConstant(field), this.reflow);
          if ("kind" in result) throw new NotRtsValue(`a ${desc.name} built at import time has a field of another type: ${result.message}`);
        }
      }
    } finally {
      this.prebuiltFieldsPending.length = 0;
    }
  }

  private annotateConstant(value: unknown): Some {
    if (value === null) return someNone(EMPTY_NULL);
    if (value === undefined) return someNone(EMPTY_UNDEFINED);
    switch (typeof value) {
      case "number":
      case "string":
      case "boolean":
        return someConstant(value);
      case "bigint":
      case "symbol":
        throw new NotRtsValue(`a ${typeof value} is not an RTS value`);
      default:
        break;
    }
    if (value instanceof ArrowFunction) return somePBC([this.arrowDesc(value)]);
    if (isSymbolicInteger(value)) return someInteger();
    const builtin = BUILTIN_VALUES.get(value);
    if (builtin) return someBuiltin(builtin);
    if (typeof value === "function") {
      if (this.program.classSource(value) || ERROR_CLASSES.includes(value)) return somePBC([this.classDesc(value)]);
      return somePBC([this.functionDesc(value)]);
    }
    const obj = value as object;
    if (Array.isArray(obj)) return this.prebuiltArray(obj);
    const typedKind = TYPED_ARRAY_KINDS.find((k) => obj instanceof (globalThis as unknown as Record<string, Function>)[k]!);
    if (typedKind) return someTypedArray(typedKind as TypedArrayKind);
    if (obj instanceof Map || obj instanceof Set) return this.prebuiltDict(obj);
    if (obj instanceof JitDriver) return somePBC([this.frozenDesc(obj, `JitDriver ${obj.name}`)]);
    return this.prebuiltInstance(obj);
  }

  /**
   * A prebuilt array: a list when its items have one type, else a tuple. An array that contains
   * itself (directly or through other arrays and Maps) is a list whose items include that list;
   * as a tuple its type would be infinite, which is an error.
   */
  private prebuiltArray(array: unknown[]): Some {
    const known = this.prebuiltLists.get(array);
    if (known) return someList(known);
    const inProgress = this.prebuiltInProgress.get(array);
    if (inProgress) {
      inProgress.recursive = true;
      return someList(inProgress.def);
    }
    const progress: PrebuiltInProgress = { def: new ListDef<Place>(), recursive: false };
    this.prebuiltInProgress.set(array, progress);
    let items: Some[];
    try {
      items = array.map((item) => this.annotateConstant(item));
    } finally {
      this.prebuiltInProgress.delete(array);
    }
    let item: Some = someImpossible();
    for (const s of items) {
      const u: ReturnType<typeof union<Place>> = union(item, s, this.reflow);
      if (isUnionError(u)) {
        if (progress.recursive) {
          throw new NotRtsValue(
            "an array built at import time contains itself and its items have different types, which makes it a tuple " +
              "whose type would be infinite; hold such data in instances of a class",
          );
        }
        return someTuple(items); // mixed items: a tuple
      }
      item = u;
    }
    const error = progress.def.generalizeItem(item, this.reflow);
    if (error) throw new NotRtsValue(`an array built at import time has items of different types: ${error.message}`);
    this.prebuiltLists.set(array, progress.def);
    return someList(progress.def);
  }

  private prebuiltDict(container: Map<unknown, unknown> | Set<unknown>): Some {
    const isMap = container instanceof Map;
    let def = this.prebuiltDicts.get(container);
    if (!def) {
      def = new DictDef<Place>(isMap ? "map" : "set");
      this.prebuiltDicts.set(container, def);
      for (const [key, value] of container.entries()) {
        const error = def.generalizeKey(this.annotateConstant(key), this.reflow);
        if (error) throw new NotRtsValue(`a prebuilt ${isMap ? "Map" : "Set"} has keys of different types: ${error.message}`);
        if (isMap) {
          const valueError = def.generalizeValue(this.annotateConstant(value), this.reflow);
          if (valueError) throw new NotRtsValue(`a prebuilt Map has values of different types: ${valueError.message}`);
        }
      }
    }
    return isMap ? someMap(def) : someSet(def);
  }

  /** Whether the class or a class below it has instances (builtin classes always may: the runtime makes them). */
  hasInstances(classdef: ClassDef<Place>): boolean {
    if (classdef.builtin || classdef.instantiated) return true;
    return classdef.subclasses.some((sub) => this.hasInstances(sub));
  }

  /** Reflows place when the class or a class below it gets its first instance. */
  waitForInstances(classdef: ClassDef<Place>, place: Place): void {
    const set = this.waitingForInstances.get(classdef) ?? new Set();
    set.add(place);
    this.waitingForInstances.set(classdef, set);
  }

  /** An instance of exactly this class exists: the blocks waiting on it or its bases are reflowed. */
  markInstantiated(classdef: ClassDef<Place>): void {
    if (classdef.instantiated) return;
    classdef.instantiated = true;
    for (let c: ClassDef<Place> | null = classdef; c !== null; c = c.base) for (const place of this.waitingForInstances.get(c) ?? []) this.reflow.reflow(place);
  }

  /** An instance built at import time: its class's fields learn the values it holds. */
  private prebuiltInstance(obj: object): Some {
    const cls = (Object.getPrototypeOf(obj) as { constructor?: Function } | null)?.constructor;
    if (!cls || !this.program.classSource(cls)) throw new NotRtsValue(notRtsObjectMessage(obj, cls));
    const desc = this.classDesc(cls);
    this.markInstantiated(desc.classdef);
    if (!this.prebuiltInstances.has(obj)) {
      this.prebuiltInstances.add(obj);
      this.prebuiltFieldsPending.push({ obj, desc });
    }
    return someInstance(desc.classdef);
  }
}

/**
 * The mark of an integer known only when the binary's data image is written (src/llir/symbolic.ts
 * SymbolicWord: a jitcode's function addresses and type ids; RPython's Symbolic, whose
 * annotation() is SomeInteger). A mark rather than the class, since the annotator imports no LL
 * stage; the rtyper keeps the object as the value of a Signed constant.
 */
export const SYMBOLIC_INTEGER = Symbol.for("rts.symbolic-integer");

function isSymbolicInteger(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as { [SYMBOLIC_INTEGER]?: unknown })[SYMBOLIC_INTEGER] === true;
}

/** Why an object of import time cannot be a constant of the program, and what to do. */
function notRtsObjectMessage(obj: object, cls: Function | undefined): string {
  const global = globalNameOf(obj);
  if (global) return unsupportedGlobalMessage(global);
  if (!cls || cls === Object) return "an object literal built at import time is not an RTS value; make it an instance of a class of the program";
  return (
    `a ${cls.name || "object"} built at import time is not an RTS value: only instances of the program's classes, ` +
    "arrays, Maps, Sets and typed arrays can be"
  );
}

/** The name under which globalThis holds value (JSON, setTimeout, ...), if it does. */
export function globalNameOf(value: unknown): string | undefined {
  const g = globalThis as Record<string, unknown>;
  return Object.getOwnPropertyNames(globalThis).find((name) => name !== "globalThis" && g[name] === value);
}

/** A JavaScript global that RTS does not have, with what to use instead when there is a usual answer. */
export function unsupportedGlobalMessage(name: string): string {
  const hint = UNSUPPORTED_GLOBALS[name];
  return `${name} is not supported in RTS${hint ? `; ${hint}` : ""}`;
}

const UNSUPPORTED_GLOBALS: Record<string, string> = {
  JSON: "RTS has no JSON; write the output with template literals and parse input by hand",
  Object: "RTS has no Object functions; use a class, a Map or an array",
  Reflect: "RTS has no reflection; use a class, a Map or an array",
  Symbol: "use a string or an instance of a class as a key",
  Promise: "RTS programs are synchronous",
  setTimeout: "RTS programs are synchronous: call the function directly",
  setInterval: "RTS programs are synchronous: call the function in a loop",
  queueMicrotask: "RTS programs are synchronous: call the function directly",
  BigInt: "numbers that are integers are 64-bit in RTS",
  RegExp: "scan the string with charCodeAt or indexOf",
  WeakMap: "use a Map",
  WeakSet: "use a Set",
  Proxy: "RTS has no proxies; use a class",
  eval: "RTS has no eval",
  Function: "declare functions at module level",
  structuredClone: "copy the object field by field",
};

function someConstantString(): Some {
  return { kind: "string", empty: 0, const: undefined };
}
