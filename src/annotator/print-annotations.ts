/**
 * What `rts annotate` shows: every reachable function with its inferred signature and every
 * class with its fields, sorted by file and line, as text or as JSON; and the errors, each with
 * its position, a code frame and the chain of calls that reached it.
 */

import path from "node:path";
import { formatDiagnostic } from "../frontend/diagnostic.js";
import type { Annotator } from "./annotator.js";
import { codeFrame, shortName } from "./diagnostics.js";
import type { Some } from "./bookkeeper.js";
import { describe } from "./model.js";

export interface FunctionSignature {
  file: string;
  line: number;
  name: string;
  params: { name: string; type: string }[];
  result: string;
}

export interface ClassFields {
  file: string;
  line: number;
  name: string;
  base: string | null;
  fields: { name: string; type: string }[];
}

export interface Annotations {
  functions: FunctionSignature[];
  classes: ClassFields[];
}

/** A result type as a TypeScript reader expects it: undefined alone is void, impossible is never. */
function resultType(s: Some): string {
  if (s.kind === "none" && s.empty === 2) return "void";
  if (s.kind === "impossible") return "never";
  return describe(s);
}

export function collectAnnotations(annotator: Annotator): Annotations {
  const base = path.dirname(annotator.program.entry.file);
  const fileOf = (file: string) => path.relative(base, file) || file;
  const functions = annotator.annotatedFunctions().map((desc) => {
    const graph = desc.graph!;
    const params = graph.params
      .map((name, i) => ({ name, type: describe(annotator.binding(graph.startblock.inputargs[i]!)) }))
      .filter((p) => p.name !== "this");
    return {
      file: fileOf(desc.source.module.file),
      line: desc.source.pos.line,
      name: desc.owner ? desc.name : shortName(desc),
      params,
      result: resultType(annotator.binding(graph.returnblock.inputargs[0]!)),
    };
  });
  const classes = annotator.bk
    .allClasses()
    .filter((desc) => desc.source)
    .map((desc) => ({
      file: fileOf(desc.source!.module.file),
      line: desc.source!.pos.line,
      name: desc.name,
      base: desc.base?.name ?? null,
      // An attribute that is still impossible was only probed (by a call that found a method
      // elsewhere); a read of one that nothing sets is an error, so it is never shown.
      fields: [...desc.classdef.attrs.values()]
        .filter((attr) => attr.value.kind !== "impossible")
        .map((attr) => ({ name: attr.name, type: describe(attr.value) }))
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
    }));
  const order = (a: { file: string; line: number; name: string }, b: { file: string; line: number; name: string }) =>
    a.file.localeCompare(b.file) || a.line - b.line || a.name.localeCompare(b.name);
  return { functions: functions.sort(order), classes: classes.sort(order) };
}

export function formatAnnotations(annotations: Annotations): string {
  type Entry = { file: string; line: number; name: string; text: string[] };
  const entries: Entry[] = [
    ...annotations.classes.map((c) => ({
      file: c.file,
      line: c.line,
      name: c.name,
      text: [`${c.file}:${c.line} class ${c.name}${c.base ? ` extends ${c.base}` : ""}`, ...c.fields.map((f) => `  ${f.name}: ${f.type}`)],
    })),
    ...annotations.functions.map((f) => ({
      file: f.file,
      line: f.line,
      name: f.name,
      text: [`${f.file}:${f.line} ${f.name}(${f.params.map((p) => `${p.name}: ${p.type}`).join(", ")}) -> ${f.result}`],
    })),
  ];
  entries.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.name.localeCompare(b.name));
  return entries.flatMap((e) => e.text).join("\n") + "\n";
}

/** The errors as the user reads them: position, message, code frame (highlighted when asked), chain. */
export function formatErrors(annotator: Annotator, colour: (s: string) => string = (s) => s, highlight = false): string {
  const cache = new Map<string, string[]>();
  const moduleFile = new Map(annotator.program.modules.map((m) => [m.shown, m.file]));
  return annotator.errors
    .map((error) => {
      const head = formatDiagnostic(error.pos.file, error.pos.line, error.pos.column, error.message);
      const frame = codeFrame(moduleFile.get(error.pos.file) ?? error.pos.file, error.pos, cache, highlight);
      const chain = error.chain.length > 0 ? `\n  reached from: ${error.chain.join(" -> ")}` : "";
      const notes = error.notes.map((note) => `\n${note.pos.file}:${note.pos.line}:${note.pos.column}: note: ${note.message}`).join("");
      return `${colour(head)}\n${frame}${chain}${notes}\n`;
    })
    .join("\n");
}
