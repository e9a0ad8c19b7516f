/**
 * The program as import time left it: every RTS module of the target with its stripped code,
 * its acorn AST (positions of the .ts file) and the live values of its top-level bindings; and
 * the map from live functions and classes to the AST they were created from.
 *
 * Input: the target's entry file, imported by load.ts (so all module top-level code has run).
 * Output: a LoadedProgram; translation starts from its `main`.
 */

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as acorn from "acorn";
import type { ArrowFunction } from "./arrow.js";
import { BINDING_ACCESSOR } from "./binding-accessor.js";
import { UserError, displayPath } from "./diagnostic.js";
import { ImportTimeError, loadTarget } from "./load.js";
import { describeUncaught } from "./uncaught.js";
import type { FunctionGraph, SourcePos } from "./model.js";
import { StripCache } from "./strip-cache.js";
import type { StripResult } from "./strip.js";

/** An acorn node of a function: a declaration, an expression or an arrow. */
export type FunctionNode = acorn.FunctionDeclaration | acorn.FunctionExpression | acorn.ArrowFunctionExpression;
export type ClassNode = acorn.ClassDeclaration | acorn.ClassExpression;

/** A live function or method and the source it was created from. */
export interface FunctionSource {
  module: ModuleInfo;
  /** Qualified name for dumps and messages: `module.f`, `Class.method`, `Class.constructor`. */
  name: string;
  /**
   * "unbound": a method read as a value through a prebuilt object (`helper.scale`), called as a
   * plain function, without `this`; "arrow": an arrow written at a call (arrow.ts).
   */
  kind: "function" | "method" | "static" | "constructor" | "unbound" | "arrow";
  /** For an arrow: the variables of the function around it that it uses, its first parameters. */
  captured?: readonly string[];
  /** The function node; undefined for a constructor the class does not write (the default one). */
  node: FunctionNode | undefined;
  /** The class, for methods and constructors. */
  classSource: ClassSource | undefined;
  pos: SourcePos;
}

/** A live class and its declaration. */
export interface ClassSource {
  module: ModuleInfo;
  name: string;
  node: ClassNode;
  live: Function;
  pos: SourcePos;
}

/** The outcome of looking up a top-level binding. */
export type BindingLookup = { found: true; value: unknown } | { found: false };

export class ModuleInfo {
  readonly url: string;
  readonly file: string;
  /** The path as shown in messages. */
  readonly shown: string;
  /** The module name used to qualify its functions: the file name without extension. */
  readonly name: string;
  readonly code: string;
  readonly program: acorn.Program;
  readonly bindings: readonly string[];
  private readonly namespace: Record<string, unknown>;
  /** The original TypeScript text (type stripping blanked what `code` no longer shows), read on first use. */
  private sourceText: string | undefined;

  constructor(file: string, stripped: Extract<StripResult, { ok: true }>, namespace: Record<string, unknown>) {
    this.file = file;
    this.url = pathToFileURL(file).href;
    this.shown = displayPath(file);
    this.name = path.basename(file).replace(/\.ts$/, "");
    this.code = stripped.code;
    this.bindings = stripped.bindings;
    this.program = acorn.parse(stripped.code, { ecmaVersion: "latest", sourceType: "module", locations: true });
    this.namespace = namespace;
  }

  /** The original TypeScript text of the module, read from its file the first time it is asked for. */
  originalText(): string {
    this.sourceText ??= readFileSync(this.file, "utf8");
    return this.sourceText;
  }

  /** The live value of a top-level binding of this module (declared or imported). */
  binding(name: string): BindingLookup {
    if (!this.bindings.includes(name)) return { found: false };
    const accessor = this.namespace[BINDING_ACCESSOR] as (name: string) => unknown;
    return { found: true, value: accessor(name) };
  }

  /** The names this module exports (re-exports included). */
  exportedNames(): string[] {
    return Object.keys(this.namespace);
  }

  /** The live value of an export of this module (re-exports included). */
  exported(name: string): BindingLookup {
    return name in this.namespace ? { found: true, value: this.namespace[name] } : { found: false };
  }

  /** The source position of an acorn node of this module. */
  pos(node: acorn.Node): SourcePos {
    const start = node.loc!.start;
    return { file: this.shown, line: start.line, column: start.column + 1 };
  }
}

export class LoadedProgram {
  readonly entry: ModuleInfo;
  readonly modules: readonly ModuleInfo[];
  readonly main: Function | undefined;
  /**
   * The runtime helpers written in RTS (src/runtime/index.ts), when the program was loaded
   * for translation: the rtyper annotates and lowers them on demand.
   */
  readonly system: ModuleInfo | undefined;
  /**
   * The flow graph built from each function's source, kept for the next annotator of the same
   * program (metaInterp and the batched tests annotate one program many times): a flow graph is
   * not changed once built (annotations live in the annotator's maps). An annotator takes a
   * cached graph once; a second desc of the same source gets a graph of its own.
   */
  readonly flowGraphs = new Map<FunctionSource, FunctionGraph>();
  private readonly functions = new Map<Function, FunctionSource>();
  private readonly classes = new Map<Function, ClassSource>();
  private textIndex: Map<string, { module: ModuleInfo; node: FunctionNode }[]> | undefined;
  private readonly arrows = new Map<acorn.Node, ArrowFunction>();

  constructor(entry: ModuleInfo, modules: ModuleInfo[], main: Function | undefined, system?: ModuleInfo) {
    this.entry = entry;
    this.modules = modules;
    this.main = main;
    this.system = system;
    for (const module of modules) this.indexTopLevel(module);
  }

  /** The source of a live function (a plain function or a method), if it comes from a module. */
  functionSource(fn: Function): FunctionSource | undefined {
    return this.functions.get(fn) ?? this.findByText(fn);
  }

  /** The arrow function made for an arrow written at a call (arrow.ts), if it was made. */
  arrowOf(node: acorn.Node): ArrowFunction | undefined {
    return this.arrows.get(node);
  }

  rememberArrow(node: acorn.Node, arrow: ArrowFunction): void {
    this.arrows.set(node, arrow);
  }

  /** The source of a live class. */
  classSource(cls: Function): ClassSource | undefined {
    return this.classes.get(cls);
  }

  /**
   * The functions a name given on the command line means: `f` (a top-level function of any
   * module, the entry first), `module.f`, `Class.method` or `Class.constructor`.
   */
  findByName(query: string): FunctionSource[] {
    const found: FunctionSource[] = [];
    const [first, second] = query.split(".", 2) as [string, string | undefined];
    for (const module of this.modules) {
      if (second !== undefined && module.name === first) found.push(...this.findByName(second).filter((f) => f.module === module));
      const live = module.binding(first);
      if (!live.found || typeof live.value !== "function") continue;
      const cls = this.classSource(live.value);
      if (cls && cls.module === module) {
        if (second === "constructor") found.push(this.constructorSource(cls));
        else if (second !== undefined) {
          const member = [...this.functions.values()].find((f) => f.classSource === cls && f.name === `${cls.name}.${second}`);
          if (member) found.push(member);
        }
      } else if (second === undefined) {
        const fn = this.functions.get(live.value);
        if (fn && fn.module === module) found.push(fn);
      }
    }
    return found;
  }

  /** Every function, method and constructor declared in a module, in source order. */
  functionsOf(module: ModuleInfo): FunctionSource[] {
    const result: FunctionSource[] = [];
    for (const name of module.bindings) {
      const live = module.binding(name);
      if (!live.found || typeof live.value !== "function") continue;
      const cls = this.classSource(live.value);
      if (cls?.module === module && cls.name === name) {
        result.push(this.constructorSource(cls));
        result.push(...[...this.functions.values()].filter((f) => f.classSource === cls));
      } else {
        const fn = this.functions.get(live.value);
        if (fn?.module === module && fn.kind === "function") result.push(fn);
      }
    }
    return result.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column);
  }

  /** The constructor of a class as a function source (written or default). */
  constructorSource(cls: ClassSource): FunctionSource {
    const ctor = cls.node.body.body.find(
      (m): m is acorn.MethodDefinition => m.type === "MethodDefinition" && m.kind === "constructor",
    );
    return {
      module: cls.module,
      name: `${cls.name}.constructor`,
      kind: "constructor",
      node: ctor?.value,
      classSource: cls,
      pos: ctor ? cls.module.pos(ctor) : cls.pos,
    };
  }

  private indexTopLevel(module: ModuleInfo): void {
    for (const statement of module.program.body) {
      const declaration =
        statement.type === "ExportNamedDeclaration" || statement.type === "ExportDefaultDeclaration"
          ? statement.declaration
          : statement;
      if (declaration?.type === "FunctionDeclaration" && declaration.id) {
        const live = module.binding(declaration.id.name);
        if (live.found && typeof live.value === "function") {
          this.functions.set(live.value, {
            module,
            name: `${module.name}.${declaration.id.name}`,
            kind: "function",
            node: declaration,
            classSource: undefined,
            pos: module.pos(declaration),
          });
        }
      } else if (declaration?.type === "ClassDeclaration" && declaration.id) {
        const live = module.binding(declaration.id.name);
        if (live.found && typeof live.value === "function") this.indexClass(module, declaration, live.value);
      }
    }
  }

  private indexClass(module: ModuleInfo, node: ClassNode, live: Function): void {
    const name = node.id?.name ?? live.name;
    const cls: ClassSource = { module, name, node, live, pos: module.pos(node) };
    this.classes.set(live, cls);
    for (const member of node.body.body) {
      if (member.type !== "MethodDefinition" || member.kind === "constructor" || member.key.type !== "Identifier") continue;
      const owner = member.static ? (live as unknown as Record<string, unknown>) : (live.prototype as Record<string, unknown>);
      const descriptor = Object.getOwnPropertyDescriptor(owner, member.key.name);
      const fn = member.kind === "get" ? descriptor?.get : member.kind === "set" ? descriptor?.set : descriptor?.value;
      if (typeof fn !== "function") continue;
      this.functions.set(fn, {
        module,
        name: `${name}.${member.key.name}`,
        kind: member.static ? "static" : "method",
        node: member.value,
        classSource: cls,
        pos: module.pos(member),
      });
    }
  }

  /** A function made by an expression at import time: found by its source text (V8 keeps it). */
  private findByText(fn: Function): FunctionSource | undefined {
    if (!this.textIndex) {
      this.textIndex = new Map();
      for (const module of this.modules) {
        walkFunctions(module.program, (node) => {
          const text = module.code.slice(node.start, node.end);
          const list = this.textIndex!.get(text) ?? [];
          list.push({ module, node });
          this.textIndex!.set(text, list);
        });
      }
    }
    const found = this.textIndex.get(Function.prototype.toString.call(fn))?.[0];
    if (!found) return undefined;
    const source: FunctionSource = {
      module: found.module,
      name: `${found.module.name}.${fn.name || "<anonymous>"}`,
      kind: "function",
      node: found.node,
      classSource: undefined,
      pos: found.module.pos(found.node),
    };
    this.functions.set(fn, source);
    return source;
  }
}

/** Calls visit on every function expression and arrow function of a program. */
function walkFunctions(node: acorn.Node, visit: (node: FunctionNode) => void): void {
  if (node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression") visit(node as FunctionNode);
  for (const key of Object.keys(node) as (keyof acorn.Node)[]) {
    const child = node[key] as unknown;
    if (Array.isArray(child)) {
      for (const item of child) if (isNode(item)) walkFunctions(item, visit);
    } else if (isNode(child)) {
      walkFunctions(child, visit);
    }
  }
}

function isNode(value: unknown): value is acorn.Node {
  return typeof value === "object" && value !== null && typeof (value as acorn.Node).type === "string";
}

/** The RTS runtime's index, its entry module (src/runtime/index.ts: as a .ts file, from src/ or dist/). */
export const RUNTIME_INDEX = fileURLToPath(new URL("../../src/runtime/index.ts", import.meta.url));

/**
 * Imports the target (running import time) and gathers every RTS module it reaches. With
 * withSystem, the runtime (RUNTIME_INDEX) and its modules are loaded too, as the
 * rtyper needs them, and the runtime modules of extraSystem (absolute paths: the JIT's runtime
 * with `rts translate --jit`, src/translator/jit-link.ts).
 */
export async function loadProgram(entryFile: string, requireMain = true, withSystem = false, extraSystem: readonly string[] = []): Promise<LoadedProgram> {
  let target;
  try {
    target = await loadTarget(entryFile, requireMain);
  } catch (error) {
    if (!(error instanceof ImportTimeError)) throw error;
    // The program's own import-time code failed: that is the user's error, shown where it was thrown.
    const { header, where } = describeUncaught(error.thrown);
    const [file, line, column] = where ? splitPosition(where) : [displayPath(path.resolve(entryFile)), undefined, undefined];
    throw new UserError(file, line, column, `the program threw at import time: ${header}`);
  }
  const cache = StripCache.open(new URL("./strip.js", import.meta.url));
  const modules: ModuleInfo[] = [];
  const seen = new Set<string>();
  const pending = [path.resolve(entryFile)];
  let systemModule: ModuleInfo | undefined;
  for (let round = 0; round < 2; round++) {
    if (round === 1) {
      if (!withSystem) break;
      pending.push(RUNTIME_INDEX, ...extraSystem);
    }
    await loadModules(pending, seen, modules, cache);
    if (round === 1) systemModule = modules.find((m) => m.file === RUNTIME_INDEX);
  }
  return new LoadedProgram(modules[0]!, modules, target.main, systemModule);
}

/** Loads the modules of pending and every module they import that is not yet seen. */
async function loadModules(pending: string[], seen: Set<string>, modules: ModuleInfo[], cache: StripCache | undefined): Promise<void> {
  while (pending.length > 0) {
    const file = pending.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    const shown = displayPath(file);
    let stripped = cache?.get(shown, text);
    if (!stripped) {
      const { stripTypes } = await import("./strip.js");
      const result = stripTypes(shown, text);
      if (!result.ok) throw UserError.fromDiagnostic(result.diagnostic);
      stripped = result;
    }
    const namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    modules.push(new ModuleInfo(file, stripped, namespace));
    for (const site of stripped.imports) {
      const resolved = resolveRelativeTs(file, site.specifier);
      if (resolved) pending.push(resolved);
    }
  }
}

/** "file.ts:3:7" -> ["file.ts", 3, 7] */
function splitPosition(where: string): [string, number, number] {
  const match = /^(.*):(\d+):(\d+)$/.exec(where)!;
  return [match[1]!, Number(match[2]), Number(match[3])];
}

/** The .ts file a relative (or absolute) import names, spelled as the module hooks accept it. */
function resolveRelativeTs(fromFile: string, specifier: string): string | undefined {
  if (!/^(\.\.?)?\//.test(specifier)) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = specifier.endsWith(".js")
    ? [base, base.slice(0, -3) + ".ts"]
    : /\.[a-z]+$/i.test(specifier)
      ? [base]
      : [base + ".ts", path.join(base, "index.ts")];
  return candidates.find((candidate) => candidate.endsWith(".ts") && existsSync(candidate));
}
