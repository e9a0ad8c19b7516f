/**
 * No module-level mutable state in the toolchain (STYLE: pass a context): two translations in
 * one process must not see each other's graphs, caches or counters. Read on the TypeScript
 * syntax tree of every file of src/, a module-level binding is state when it is
 *
 * - a `let` or a `var`, or
 * - a `const` bound to a new Map, Set, WeakMap, WeakSet or Array, or to an array literal, unless
 *   its declared type is read-only (`ReadonlyMap<K, V>`, `ReadonlySet<T>`, `readonly T[]`,
 *   `ReadonlyArray<T>`, `as const`), which the compiler then holds to.
 *
 * Outside the rule: the RTS runtime's own data, which is translated with every program and is
 * constant after import time (src/lib, and everything src/runtime/index.ts imports: the
 * helpers and the collector in src/runtime, and the GC's shared words of src/llir/gc-shared.ts),
 * and Node's module hooks (src/frontend/hooks.ts,
 * src/checked/hooks.ts), which live on the loader's thread once per process.
 *
 * KNOWN lists today's offenders with the reason each is allowed for now; the test fails on an
 * offender that is not listed and on a listed one that is gone, so the list stays true and only
 * shrinks.
 */

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

/** Today's offenders ("file: name"), each with why it is still there. Never add one. */
const KNOWN: Record<string, string> = {
  "src/frontend/load.ts: hooksRegistered": "Node's module hooks are registered once per process",
};

const LOADER_HOOKS = ["src/frontend/hooks.ts", "src/checked/hooks.ts"];
/** Where the translator finds the runtime written in RTS (src/frontend/modules.ts RUNTIME_INDEX). */
const RUNTIME_ENTRY = "src/runtime/index.ts";
const LIBRARY = { rts: "src/lib/index.ts", "rts/system": "src/lib/system.ts" } as Record<string, string>;
const COLLECTIONS = new Set(["Map", "Set", "WeakMap", "WeakSet", "Array"]);

interface Offender {
  /** "file: name", the key of KNOWN. */
  key: string;
  /** "file:line", for the message. */
  at: string;
  what: string;
}

function sourceFile(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/** Why a `const` initializer is a mutable collection ("new Map", "[]"), or undefined. */
function mutableCollection(declaration: ts.VariableDeclaration, file: ts.SourceFile): string | undefined {
  const type = declaration.type?.getText(file);
  if (type !== undefined && /^(readonly\s|Readonly(Array|Map|Set)\s*<)/.test(type)) return undefined;
  let init = declaration.initializer;
  while (init && (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isNonNullExpression(init))) {
    if (ts.isAsExpression(init) && (ts.isConstTypeReference(init.type) || /^(readonly\s|Readonly(Array|Map|Set)\s*<)/.test(init.type.getText(file)))) {
      return undefined;
    }
    init = init.expression;
  }
  if (init === undefined) return undefined;
  if (ts.isArrayLiteralExpression(init)) return "[]";
  if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && COLLECTIONS.has(init.expression.text)) return `new ${init.expression.text}`;
  return undefined;
}

/** The module-level state of one file (its path relative to the repository, and its text). */
function moduleLevelState(fileName: string, text: string): Offender[] {
  const file = sourceFile(fileName, text);
  const found: Offender[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword)) continue;
    const flags = statement.declarationList.flags;
    if (flags & ts.NodeFlags.Using) continue; // `using` and `await using` (AwaitUsing includes Const)
    const keyword = flags & ts.NodeFlags.Const ? "const" : flags & ts.NodeFlags.Let ? "let" : "var";
    for (const declaration of statement.declarationList.declarations) {
      const what = keyword === "const" ? mutableCollection(declaration, file) : keyword;
      if (what === undefined) continue;
      const line = file.getLineAndCharacterOfPosition(declaration.getStart(file)).line + 1;
      for (const name of boundNames(declaration.name)) {
        found.push({ key: `${fileName}: ${name}`, at: `${fileName}:${line}`, what: `${keyword === "const" ? `const = ${what}` : what} ${name}` });
      }
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [relative] : [];
  });
}

/**
 * The files of the RTS runtime: src/lib (what programs import) and everything RUNTIME_ENTRY
 * imports, directly or not (the helpers, the collector, the GC's shared words). A file of
 * src/runtime that the entry does not reach is not translated as the runtime, and is held to the
 * rule like the toolchain.
 */
function runtimeFiles(files: readonly string[]): Set<string> {
  const runtime = new Set<string>();
  const work = [...files.filter((file) => /^src\/lib\//.test(file)), RUNTIME_ENTRY];
  for (let file = work.pop(); file !== undefined; file = work.pop()) {
    if (runtime.has(file)) continue;
    runtime.add(file);
    for (const { fileName: specifier } of ts.preProcessFile(readFileSync(path.join(repoRoot, file), "utf8")).importedFiles) {
      const target = specifier.startsWith(".")
        ? path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, ".ts")
        : LIBRARY[specifier];
      if (target !== undefined) work.push(target);
    }
  }
  return runtime;
}

/** What is wrong with `found` against `known`: new offenders, and listed ones that are gone. */
function differences(found: readonly Offender[], known: Record<string, string>): string[] {
  const foundKeys = new Set(found.map((offender) => offender.key));
  return [
    ...found
      .filter((offender) => !(offender.key in known))
      .map((offender) => `${offender.at}: module-level ${offender.what}: pass it in a context (or make it read-only)`),
    ...Object.keys(known)
      .filter((key) => !foundKeys.has(key))
      .map((key) => `${key}: listed in KNOWN but no longer module-level state: remove it from the list`),
  ];
}

describe("module-level mutable state in src/", () => {
  const files = sourceFiles("src");
  const runtime = runtimeFiles(files);
  const checked = files.filter((file) => !runtime.has(file) && !LOADER_HOOKS.includes(file));
  const found = checked.flatMap((file) => moduleLevelState(file, readFileSync(path.join(repoRoot, file), "utf8")));

  it("the RTS runtime left out is the library, the helpers, the collector and the GC's shared words", () => {
    expect(runtime.has(RUNTIME_ENTRY)).toBe(true);
    expect(runtime.has("src/runtime/io.ts")).toBe(true);
    expect(runtime.has("src/runtime/gc/collector.ts")).toBe(true);
    expect(runtime.has("src/runtime/gc/minor.ts")).toBe(true);
    expect(runtime.has("src/llir/gc-shared.ts")).toBe(true);
    expect(runtime.has("src/lib/system.ts")).toBe(true);
    const outside = [...runtime].filter((file) => !/^src\/(lib|runtime)\/|^src\/llir\/gc-shared\.ts$/.test(file));
    expect(outside).toEqual([]);
    // The toolchain's GC transform is not the runtime.
    expect(files.filter((file) => file.startsWith("src/gctransform/")).length).toBeGreaterThan(0);
    expect([...runtime].filter((file) => file.startsWith("src/gctransform/"))).toEqual([]);
  });

  it("is only what KNOWN lists, and everything KNOWN lists is still there", () => {
    expect(differences(found, KNOWN)).toEqual([]);
  });

  it("a new offender fails with its file, line and name; a vanished one fails too", () => {
    const added = moduleLevelState("src/annotator/counter.ts", "import x from 'y';\n\nlet counter = 0;\n");
    expect(differences([...found, ...added], KNOWN)).toEqual([
      "src/annotator/counter.ts:3: module-level let counter: pass it in a context (or make it read-only)",
    ]);
    const gone = found.filter((offender) => offender.key !== "src/frontend/load.ts: hooksRegistered");
    expect(differences(gone, KNOWN)).toEqual([
      "src/frontend/load.ts: hooksRegistered: listed in KNOWN but no longer module-level state: remove it from the list",
    ]);
  });

  it("finds each kind of state and nothing else", () => {
    const text = [
      "let a = 0, [b, { c }] = f();",
      "var d;",
      "export let e = 1;",
      "const f = new Map<string, number>();",
      "const g = new WeakMap();",
      "export const h: number[] = [];",
      "const i = [1, 2] satisfies number[];",
      "const j = new Set([1]), k = new WeakSet(), l = new Array(3);",
      // Not state: read-only collections, other constants, anything inside a function or block.
      "const m: ReadonlyMap<string, number> = new Map();",
      "const n: readonly number[] = [1];",
      "const o = [1, 2] as const;",
      "const p = new Set([1]) as ReadonlySet<number>;",
      "const q = { r: 1 }, s = new Error(), t = Object.freeze([]);",
      "declare let u: number;",
      "function v() { let w = 0; const x = new Map(); return [w, x]; }",
      "for (let y = 0; y < 1; y++) {}",
      "class Z { static readonly zs = 1; }",
    ].join("\n");
    expect(moduleLevelState("src/x.ts", text).map((offender) => `${offender.at} ${offender.what}`)).toEqual([
      "src/x.ts:1 let a",
      "src/x.ts:1 let b",
      "src/x.ts:1 let c",
      "src/x.ts:2 var d",
      "src/x.ts:3 let e",
      "src/x.ts:4 const = new Map f",
      "src/x.ts:5 const = new WeakMap g",
      "src/x.ts:6 const = [] h",
      "src/x.ts:7 const = [] i",
      "src/x.ts:8 const = new Set j",
      "src/x.ts:8 const = new WeakSet k",
      "src/x.ts:8 const = new Array l",
    ]);
  });
});
