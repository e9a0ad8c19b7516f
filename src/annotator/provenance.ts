/**
 * Provenance: where the type of a value came from, for the notes under an error ("Token.num is
 * float because it is assigned here from parseInt(...), which returns float (it may be NaN)").
 *
 * Recorded cheaply while annotating, for each variable and each cell, the one step that made it
 * take its current kind (see `kindDiffers`; a later value of the same kind changes nothing):
 * - a variable computed by an operation: that operation;
 * - a block input: the link value that gave it its kind (a parameter: the argument at the call);
 * - a cell (a field, the items of an array, the keys or values of a Map): the operation that
 *   stored the value, and which of its operands that value was.
 * When an error is reported, `explain` follows these steps back from the operand at fault, through
 * fields, items, Map values, parameters and returns, up to MAX_NOTES steps, each with its position.
 */

import { Constant, Variable, type SourcePos, type SpaceOperation, type Value } from "../frontend/model.js";
import type { FunctionDesc, Some } from "./bookkeeper.js";
import { lookupAttr } from "./classdef.js";
import { placeText } from "./diagnostics.js";
import { describe } from "./model.js";

/** A note under an error: a position and what happened there. */
export interface Note {
  pos: SourcePos;
  message: string;
}

/** The step that gave a variable its kind. */
export type VariableOrigin =
  | { via: "op"; op: SpaceOperation }
  | { via: "link"; from: Value | undefined; pos: SourcePos }
  | { via: "param"; desc: FunctionDesc | undefined; name: string; from: Value | undefined; pos: SourcePos };

/** The step that gave a cell its kind: op stored `from` (one of its operands, when known) into it. */
export interface CellOrigin {
  op: SpaceOperation;
  from: Value | undefined;
}

/** A cell as notes name it: "Token.num is", "the items of the array made at line 4 are". */
export interface CellRead {
  cell: object;
  value: Some;
  subject: string;
  /** What stores into it: "it is assigned", "one is stored". */
  event: string;
  plural: boolean;
}

/** What explaining needs from the annotator. */
export interface ProvenanceSource {
  binding(value: Value): Some;
  /** The functions a call operation reached. */
  calleesOf(op: SpaceOperation): Iterable<FunctionDesc>;
  /** Where a list or Map was made (for naming it). */
  siteOf(s: Some): SourcePos | undefined;
}

/** At most this many notes under one error. */
export const MAX_NOTES = 4;

/** Why builtins return what they do, when that surprises. */
const BUILTIN_REASONS: Record<string, string> = {
  parseInt: "it may be NaN",
  parseFloat: "it may be NaN",
  Number: "it may be NaN or have a fraction",
  "Map.get": "undefined when the key is absent",
  "array.pop": "undefined when the array is empty",
};

export class Provenance {
  readonly variables = new Map<Variable, VariableOrigin>();
  readonly cells = new Map<object, CellOrigin>();

  /** The notes that say where the value's type came from (none for a value made where the error is). */
  explain(src: ProvenanceSource, value: Value, here: SourcePos): Note[] {
    const notes: Note[] = [];
    const seen = new Set<Value | object>();
    let current: Value | undefined = value;
    while (current && notes.length < MAX_NOTES && !seen.has(current)) {
      seen.add(current);
      const step = this.step(src, current, here, seen, notes.length === 0);
      if (!step) break;
      if (step.note && !notes.some((n) => n.message === step.note!.message)) notes.push(step.note);
      current = step.next;
    }
    return notes;
  }

  /** One step back from a value: the note it gives (if any) and the value it came from. */
  private step(src: ProvenanceSource, value: Value, here: SourcePos, seen: Set<Value | object>, first: boolean): { note?: Note; next?: Value } | undefined {
    if (!(value instanceof Variable)) return undefined;
    const origin = this.variables.get(value);
    if (!origin) return undefined;
    const type = describe(src.binding(value));
    switch (origin.via) {
      case "link":
        return { next: origin.from };
      case "param": {
        const owner = origin.desc ? ` of ${origin.desc.name}` : "";
        const given = origin.from ? ` ${sourceText(this, src, origin.from)}` : " a value";
        return { note: { pos: origin.pos, message: `parameter '${origin.name}'${owner} is ${type} because it is given${given} here${reasonOf(this, src, origin.from, type)}` }, next: origin.from };
      }
      case "op":
        return this.opStep(src, origin.op, value, type, here, seen, first);
    }
  }

  private opStep(src: ProvenanceSource, op: SpaceOperation, value: Value, type: string, here: SourcePos, seen: Set<Value | object>, first: boolean): { note?: Note; next?: Value } | undefined {
    // x! and copies are the value itself.
    if (op.opname === "non_null" || op.opname === "same_as") return { next: op.args[0] };
    const cell = this.cellRead(src, op);
    if (cell) {
      if (seen.has(cell.cell)) return undefined;
      seen.add(cell.cell);
      return this.cellStep(src, cell);
    }
    if (op.opname === "simple_call" || op.opname === "call_method" || op.opname === "new") {
      const callees = [...src.calleesOf(op)];
      if (callees.length === 1 && callees[0]!.graph && op.opname !== "new") {
        const desc = callees[0]!;
        const result = desc.graph!.returnblock.inputargs[0]!;
        const returned = this.variables.get(result);
        if (returned?.via === "link" && returned.from) {
          const what = sourceText(this, src, returned.from);
          return { note: { pos: returned.pos, message: `${desc.name}() returns ${type} because it returns ${what} here${reasonOf(this, src, returned.from, type)}` }, next: returned.from };
        }
        return undefined;
      }
    }
    // A value computed by an operation: a note only when the error is about it directly (a
    // note before this one already named it as where a value came from) and away from it.
    // Only an operation whose result type surprises (parseInt's float) is worth a note.
    const reason = reasonOf(this, src, value, type) || (op.opname === "div" || op.opname === "pow" ? ", which is always a float" : "");
    if (!first || !reason || (op.pos.file === here.file && op.pos.line === here.line)) return undefined;
    const named = value instanceof Variable && isName(value.hint) ? `'${value.hint}'` : "this value";
    return { note: { pos: op.pos, message: `${named} is ${type} because it is ${sourceText(this, src, value)} here${reason}` } };
  }

  /** The notes for a cell given its kind elsewhere (a field whose two values clash), then for the value stored. */
  explainCell(src: ProvenanceSource, cell: CellRead): Note[] {
    const step = this.cellStep(src, cell);
    if (!step?.note) return [];
    return [step.note, ...(step.next ? this.explain(src, step.next, step.note.pos).slice(0, MAX_NOTES - 1) : [])];
  }

  private cellStep(src: ProvenanceSource, cell: CellRead): { note?: Note; next?: Value } | undefined {
    const stored = this.cells.get(cell.cell);
    if (!stored) return undefined;
    const type = describe(cell.value);
    const from = stored.from ? ` from ${sourceText(this, src, stored.from)}` : "";
    const message = `${cell.subject} ${cell.plural ? "are" : "is"} ${type} because ${cell.event} here${from}${reasonOf(this, src, stored.from, type)}`;
    return { note: { pos: stored.op.pos, message }, next: stored.from };
  }

  /** The cell an operation reads (a field, an array's items, a Map's values), if it reads one. */
  private cellRead(src: ProvenanceSource, op: SpaceOperation): CellRead | undefined {
    const receiver = op.args[0] ? src.binding(op.args[0]) : undefined;
    if (!receiver) return undefined;
    const made = (s: Some) => {
      const site = src.siteOf(s);
      return site ? ` made at ${placeText(site, op.pos)}` : "";
    };
    const name = op.args[1] instanceof Constant ? op.args[1].value : undefined;
    if (op.opname === "getattr" && receiver.kind === "instance" && typeof name === "string") {
      const found = lookupAttr(receiver.classdef, name);
      if (!found) return undefined;
      return { cell: found.attr, value: found.attr.value, subject: `${found.owner.name}.${name}`, event: "it is assigned", plural: false };
    }
    const listRead = op.opname === "getitem" || (op.opname === "call_method" && name === "pop") || op.opname === "iter_next";
    const list = op.opname === "iter_next" && receiver.kind === "iterator" ? receiver.container : receiver;
    if (listRead && list.kind === "list") {
      return { cell: list.listdef.cell, value: list.listdef.item, subject: `the items of the array${made(list)}`, event: "one is stored", plural: true };
    }
    if (op.opname === "call_method" && name === "get" && receiver.kind === "map") {
      return { cell: receiver.dictdef.valueCell, value: receiver.dictdef.value, subject: `the values of the Map${made(receiver)}`, event: "one is set", plural: true };
    }
    return undefined;
  }
}

/** A short text for where a value comes from: `parseInt(...)`, `"label"`, `'count'`, `p.next`. */
function sourceText(p: Provenance, src: ProvenanceSource, value: Value): string {
  if (value instanceof Constant) {
    const v = value.value;
    return typeof v === "string" ? JSON.stringify(v) : typeof v === "number" || typeof v === "boolean" || v === null || v === undefined ? String(v) : "a constant";
  }
  const origin = p.variables.get(value);
  if (origin?.via === "op") {
    const op = origin.op;
    const name = op.args[1] instanceof Constant ? String(op.args[1].value) : "";
    switch (op.opname) {
      case "simple_call": {
        const fn = src.binding(op.args[0]!);
        if (fn.kind === "builtin") return `${fn.name}(...)`;
        if (fn.kind === "pbc" && fn.descs.size === 1) return `${[...fn.descs][0]!.name}(...)`;
        return "a call";
      }
      case "call_method": {
        const receiver = src.binding(op.args[0]!);
        return receiver.kind === "builtin" ? `${receiver.name}.${name}(...)` : `${receiverText(op.args[0]!)}.${name}(...)`;
      }
      case "new": {
        const cls = src.binding(op.args[0]!);
        return cls.kind === "pbc" && cls.descs.size === 1 ? `new ${[...cls.descs][0]!.name}(...)` : "new";
      }
      case "getattr":
        return `${receiverText(op.args[0]!)}.${name}`;
      case "getitem":
        return "an item";
      default:
        return OPERATOR_TEXTS[op.opname] ?? "a value";
    }
  }
  if (origin?.via === "param") return `parameter '${origin.name}'`;
  if (origin?.via === "link" && origin.from && origin.from !== value) return isName(value.hint) ? `'${value.hint}'` : sourceText(p, src, origin.from);
  return isName(value.hint) ? `'${value.hint}'` : "a value";
}

/** Whether a variable's hint is a name of the source (not one the builder made up). */
function isName(hint: string): boolean {
  return !["v", "result", "item", "new", "cond", "absent", "caught"].includes(hint);
}

/** `tok` in `tok.num`, when the receiver is a named variable. */
function receiverText(value: Value): string {
  return value instanceof Variable && isName(value.hint) ? value.hint : "";
}

const OPERATOR_TEXTS: Record<string, string> = {
  add: "a sum (+)",
  sub: "a difference (-)",
  mul: "a product (*)",
  div: "a quotient",
  mod: "a remainder (%)",
  pow: "a power",
  neg: "a negation",
  newarray: "an array literal",
};

/** ", which returns float (it may be NaN)" after a builtin call whose result type surprises. */
function reasonOf(p: Provenance, src: ProvenanceSource, value: Value | undefined, type: string): string {
  if (!(value instanceof Variable)) return "";
  const origin = p.variables.get(value);
  if (origin?.via !== "op") return "";
  const op = origin.op;
  let key: string | undefined;
  if (op.opname === "simple_call") {
    const fn = src.binding(op.args[0]!);
    if (fn.kind === "builtin") key = fn.name;
  } else if (op.opname === "call_method" && op.args[1] instanceof Constant) {
    const receiver = src.binding(op.args[0]!);
    const name = String(op.args[1].value);
    key = receiver.kind === "map" ? `Map.${name}` : receiver.kind === "list" ? `array.${name}` : receiver.kind === "builtin" ? `${receiver.name}.${name}` : undefined;
  }
  const reason = key ? BUILTIN_REASONS[key] : undefined;
  return reason ? `, which returns ${describe(src.binding(value))} (${reason})` : type === "" ? "" : "";
}
