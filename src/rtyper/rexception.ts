/**
 * Exceptions at the low level (RPython's rtyper/exceptiondata.py and rclass's exception
 * classes).
 *
 * Every value an RTS program throws is an instance of Error or of one of its subclasses (the
 * annotator checks it), builtin (TypeError, RangeError, ...) or the program's own: they are
 * instances like any other (rclass.ts), in one class tree rooted at Error. Error's struct holds
 * the two fields JavaScript gives every error, `message` and `name` (f_message, f_name: strings),
 * and one more, `where`: the position of the `new` that made the error, as a prebuilt string in
 * the form uncaught errors are shown (`file.ts:line:col`, src/frontend/uncaught.ts), so that an
 * error that escapes the program can be printed exactly as Node prints it.
 *
 * `name` is not an own property in JavaScript but Error.prototype's (or TypeError.prototype's):
 * the constructor of the builtin base stores the builtin class's name, which a subclass's
 * constructor may then overwrite (`this.name = "ParseError"`), as reading `e.name` sees it.
 *
 * Raised values travel as Ptr(OBJECT), the single root type of every exception variable (the
 * exceptblock's inputarg of every LL graph): a value flowing there is cast up (asRaised).
 *
 * Reading an exception object in LL memory (for the runner that prints an uncaught one):
 * describeError() below; in words, the object's dynamic struct (the type id in its GC header)
 * nests Error's struct first, whose fields `f_name`, `f_message` and `where` are pointers to STR
 * (a hash word, then the length and the UTF-16 code units).
 */

import type { ClassDesc, Place } from "../annotator/bookkeeper.js";
import type { ClassDef } from "../annotator/classdef.js";
import type { SourcePos } from "../frontend/model.js";
import { formatTrace, type Frame } from "../frontend/stack-frames.js";
import { TRACE_FIELD } from "./stack-trace.js";
import path from "node:path";
import { RUNTIME_INDEX } from "../frontend/modules.js";
import { LLConstant, LLOperation, LLVariable, type LLPrebuilt, type LLValue } from "../llir/llgraph.js";
import type { LLMemory } from "../llir/llinterp.js";
import { ArrayType, Ptr, STR, StructType, Void, computeLayout, type LLType } from "../llir/lltype.js";
import { InstanceRepr, OBJECT } from "./rclass.js";
import type { Repr } from "./rmodel.js";
import type { RTyper } from "./rtyper.js";

/** The type of every raised value, whatever its class. */
export const EXCEPTION_TYPE = Ptr(OBJECT);

/** The field of Error's struct that holds where the error was made (see rclass.ts layoutOf). */
export const WHERE_FIELD = "where";

/** The builtin error class a class derives from (itself if builtin), or undefined if it is no error. */
export function builtinErrorOf(desc: ClassDesc): ClassDesc | undefined {
  for (let d: ClassDesc | undefined = desc; d; d = d.base) if (!d.source) return d;
  return undefined;
}

/** Error itself: the root of every exception class, which holds message, name and where. */
export function errorRootOf(classdef: ClassDef<Place>): ClassDef<Place> {
  let root = classdef;
  while (root.base) root = root.base;
  return root;
}

/** The representation of Error instances (the struct that has the fields every error has). */
export function errorRepr(rtyper: RTyper, classdef: ClassDef<Place>): InstanceRepr {
  return rtyper.reprOf({ kind: "instance", classdef: errorRootOf(classdef), empty: 0, const: undefined }) as InstanceRepr;
}

/** The representation of Error's field message or name (a string). */
export function errorFieldRepr(rtyper: RTyper, classdef: ClassDef<Place>, name: "message" | "name"): Repr {
  return rtyper.reprOf(errorRootOf(classdef).attrs.get(name)!.value);
}

/**
 * The call site of the last call of a builtin that may raise (readFileSync), for the errors the
 * runtime helpers written in RTS make on its behalf: Node shows the user's call, not a place in
 * the runtime. One raw struct outside the GC heap, set before each such call.
 */
export const ERROR_SITE = new StructType("error_site", false, [{ name: WHERE_FIELD, type: Ptr(STR) }]);

export const ERROR_SITE_PREBUILT: LLPrebuilt = {
  kind: "prebuilt",
  type: ERROR_SITE,
  name: "error_site",
  fields: new Map([[WHERE_FIELD, new LLConstant(null, Ptr(STR))]]),
  items: [],
};

/** Whether a position is in the RTS runtime (src/runtime: the helpers and the collector), not in the user's program. */
export function inRuntimeHelpers(pos: SourcePos): boolean {
  return path.resolve(pos.file).startsWith(path.dirname(RUNTIME_INDEX) + path.sep);
}

/** Where an error made at pos is shown to have been made: as formatUncaught shows Node's (positions hold the file's display form). */
export function whereText(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

/**
 * value, of an instance type, as a raised value when it flows into a variable of the exception
 * type (the casts go into llops); any other value unchanged.
 */
export function asRaised(value: LLValue, target: LLType, llops: LLOperation[]): LLValue {
  if (target !== EXCEPTION_TYPE || value.type === EXCEPTION_TYPE) return value;
  if (value instanceof LLConstant) return new LLConstant(value.value, EXCEPTION_TYPE);
  const result = new LLVariable(EXCEPTION_TYPE, "exc");
  llops.push(new LLOperation("cast_pointer", [new LLConstant(EXCEPTION_TYPE, Void), value], result, undefined));
  return result;
}

// ---- reading errors in LL memory

/** What an uncaught error shows: its name, message, where it was made and the sites of its trace (stack-trace.ts). */
export interface ErrorDescription {
  name: string;
  message: string;
  where: string;
  trace: number[];
}

/** The name, message and position of the error object at address (any subclass of Error). */
export function describeError(memory: LLMemory, address: number): ErrorDescription {
  let struct = memory.typeOf(address);
  if (!(struct instanceof StructType)) throw new Error("internal error: a raised value that is not an instance");
  // Error's struct is the innermost one that holds `where`, nested first in every subclass's.
  while (!struct.fields.some((f) => f.name === WHERE_FIELD)) {
    const base: LLType | undefined = struct.fields[0]?.type;
    if (!(base instanceof StructType)) throw new Error(`internal error: ${struct.name} is not an Error`);
    struct = base;
  }
  const offsets = computeLayout(struct).offsets;
  const text = (field: string) => readString(memory, memory.loadWord(address + offsets.get(field)!));
  const trace: number[] = [];
  const traceAddress = offsets.has(TRACE_FIELD) ? memory.loadWord(address + offsets.get(TRACE_FIELD)!) : 0;
  if (traceAddress !== 0) {
    const array = memory.typeOf(traceAddress) as ArrayType;
    const layout = computeLayout(array);
    const length = memory.loadWord(traceAddress + layout.lengthOffset!);
    for (let i = 0; i < length; i++) {
      const site = memory.load(array.item, traceAddress + layout.itemsOffset! + i * layout.itemSize!) as number;
      if (site === 0) break;
      trace.push(site);
    }
  }
  return { name: text("f_name"), message: text("f_message"), where: text(WHERE_FIELD), trace };
}

/**
 * The text formatUncaught prints for an error: `Name: message`, then its frames (framesOf turns
 * the sites of its trace into frames), or `    at file:line:col` where it was made if it has no trace.
 */
export function formatUncaughtError(memory: LLMemory, address: number, framesOf: (sites: number[]) => Frame[]): string {
  const { name, message, where, trace } = describeError(memory, address);
  const header = message ? `${name}: ${message}` : name;
  const frames = framesOf(trace);
  if (frames.length > 0) return `${header}\n${formatTrace(frames).trimEnd()}`;
  return where ? `${header}\n    at ${where}` : header;
}

/** The JavaScript string of a Ptr(STR) in memory (0, undefined, reads as ""). */
export function readString(memory: LLMemory, address: number): string {
  if (address === 0) return "";
  const layout = computeLayout(STR);
  const chars = STR.fields[STR.fields.length - 1]!.type as ArrayType;
  const length = memory.loadWord(address + layout.lengthOffset!);
  let text = "";
  for (let i = 0; i < length; i++) text += String.fromCharCode(memory.load(chars.item, address + layout.itemsOffset! + i * layout.itemSize!) as number);
  return text;
}
