/**
 * The annotator's errors: what is recorded for each (position, message, the chain of calls
 * from main), how the two kinds of errors are kept until annotation ends, and the wording that
 * errors share (where a value came from, what to do about a union that failed).
 *
 * Two kinds of errors, because the fixpoint sees annotations grow:
 * - final errors (a graph that cannot be built, two types meeting at one variable, a thrown
 *   value that is not an Error) stay errors whatever is learned later: annotations only grow;
 * - failures of an operation may be provisional: `p.z` fails while no code that sets z has been
 *   annotated yet, `x.f` while x is known only as null. An operation's failure is replaced when
 *   the operation is annotated again, and dropped when it then succeeds; the failures left when
 *   the fixpoint ends are errors.
 *
 * The report lists the errors by position, one per position (a second error at the same place
 * is almost always a consequence of the first), at most MAX_ERRORS of them.
 */

import { readFileSync } from "node:fs";
import { codeFrameColumns, type BabelCodeFrameOptions } from "@babel/code-frame";
import path from "node:path";
import type { SourcePos, SpaceOperation } from "../frontend/model.js";
import type { FunctionDesc, Place } from "./bookkeeper.js";
import type { Note } from "./provenance.js";

/** A user error found by the annotator, with where it is and how the program got there. */
export interface AnnotationError {
  pos: SourcePos;
  message: string;
  /** The calls from main to the function holding the error: "main (bf.ts:140)", ..., "run". */
  chain: string[];
  /** Where the types at fault came from (provenance.ts), each with its position. */
  notes: Note[];
}

/** A failed operation: its error, and the block to annotate again before it is final. */
interface Failure {
  error: AnnotationError;
  place: Place;
  order: number;
}

export const MAX_ERRORS = 20;

export class ErrorLog {
  private readonly final: { error: AnnotationError; order: number }[] = [];
  private readonly finalKeys = new Set<string>();
  private readonly failures = new Map<SpaceOperation, Failure>();
  private counter = 0;

  /** An error that no later annotation can remove. */
  addFinal(pos: SourcePos, message: string, desc: FunctionDesc | undefined, notes: Note[] = []): void {
    const key = `${pos.file}:${pos.line}:${pos.column}:${message}`;
    if (this.finalKeys.has(key)) return;
    this.finalKeys.add(key);
    this.final.push({ error: { pos, message, chain: chainOf(desc), notes }, order: this.counter++ });
  }

  /** The operation failed (this time), at pos (op.pos or its member's): its previous failure, if any, is replaced. */
  fail(op: SpaceOperation, place: Place, message: string, desc: FunctionDesc | undefined, pos: SourcePos = op.pos, notes: Note[] = []): void {
    const order = this.failures.get(op)?.order ?? this.counter++;
    this.failures.set(op, { error: { pos, message, chain: chainOf(desc), notes }, place, order });
  }

  /** The operation succeeded: whatever made it fail before has been resolved. */
  succeed(op: SpaceOperation): void {
    this.failures.delete(op);
  }

  /** The blocks holding failed operations, to annotate again once everything else is done. */
  failedPlaces(): Place[] {
    return [...new Set([...this.failures.values()].map((f) => f.place))];
  }

  /** A text that changes whenever the set of failures does. */
  failureSignature(): string {
    return [...this.failures.values()].map((f) => `${f.order}:${f.error.message}`).join("\n");
  }

  get size(): number {
    return this.final.length + this.failures.size;
  }

  /** The errors to report: by position, one per position, at most MAX_ERRORS. */
  errors(): AnnotationError[] {
    const all = [...this.final, ...this.failures.values()].sort((a, b) => comparePos(a.error.pos, b.error.pos) || a.order - b.order);
    const seen = new Set<string>();
    const result: AnnotationError[] = [];
    for (const { error } of all) {
      const key = `${error.pos.file}:${error.pos.line}:${error.pos.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.push(error);
      if (result.length === MAX_ERRORS) break;
    }
    return result;
  }
}

function comparePos(a: SourcePos, b: SourcePos): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/** How a function is named in messages: `run`, `Parser.parse`, `Parser.constructor`. */
export function shortName(desc: FunctionDesc): string {
  return desc.name;
}

/** The calls that first reached desc, from main: "main (bf.ts:140)", ..., "run". */
export function chainOf(desc: FunctionDesc | undefined): string[] {
  const chain: string[] = [];
  const seen = new Set<FunctionDesc>();
  for (let d = desc; d && !seen.has(d); d = d.calledFrom?.caller) {
    seen.add(d);
    const site = d.calledFrom;
    if (site?.caller) chain.unshift(`${shortName(site.caller)} (${site.pos.file}:${site.pos.line})`);
  }
  if (desc) chain.push(shortName(desc));
  return chain;
}

/** A position as a message mentions it: `line 5` in the same file as `here`, else `file:5`. */
export function placeText(pos: SourcePos, here: SourcePos): string {
  if (pos.file === here.file) return `line ${pos.line}`;
  return `${path.basename(pos.file)}:${pos.line}`;
}

/**
 * What a failed union adds to its message: where the value already there came from, and, for
 * classes without a common base, what RTS needs.
 */
export function unionAdvice(message: string, oldType: string, origin: SourcePos | undefined, here: SourcePos): string {
  let text = message;
  if (origin && !sameLine(origin, here)) text += ` (the ${oldType} comes from ${placeText(origin, here)})`;
  if (/have no common base class$/.test(message)) {
    text += "; a value that may be either needs a base class they both extend (declaring the methods called on it)";
  }
  return text;
}

function sameLine(a: SourcePos, b: SourcePos): boolean {
  return a.file === b.file && a.line === b.line;
}

/** Line `line` (1-based) of a file, undefined past its end or when it cannot be read; each file read once into cache. */
export function sourceLine(file: string, line: number, cache: Map<string, string[]>): string | undefined {
  let lines = cache.get(file);
  if (!lines) {
    try {
      lines = readFileSync(file, "utf8").split("\n");
    } catch {
      lines = [];
    }
    cache.set(file, lines);
  }
  return lines[line - 1];
}

/**
 * The source line of a position with a caret under its column, for error messages: Babel's code
 * frame (`> 12 | text` then `    |     ^`, tabs kept so that the caret lines up), the line's code
 * highlighted only when `highlight` (a colour terminal).
 */
export function codeFrame(file: string, pos: SourcePos, cache: Map<string, string[]>, highlight = false): string {
  const text = sourceLine(file, pos.line, cache);
  if (text === undefined) return "";
  // Only the line itself is framed, no context lines; startLine (in Babel 7.29, not yet in its
  // @types) says it is line pos.line of the file.
  const options: BabelCodeFrameOptions & { startLine: number } = { startLine: pos.line, linesAbove: 0, linesBelow: 0, highlightCode: highlight, forceColor: highlight };
  return codeFrameColumns(text, { start: { line: pos.line, column: pos.column } }, options);
}
