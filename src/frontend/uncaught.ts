/**
 * How an exception that escaped the program is shown by `rts run`: `Name: message`, then the
 * frames of the TypeScript functions that were running when the error was made, innermost first,
 * in the form stack-frames.ts gives every mode, so that `rts run`, the LL interpreter and the
 * translated binary print the same text.
 *
 * The frames are V8's (positions are the .ts file's, type stripping keeps them), mapped:
 * frames of Node and of the toolchain are dropped; each frame's name is recomputed from the
 * source (V8 names a method by its receiver's class, a translated program by the class that
 * declares it); the innermost frame of a stack overflow moves to its function's first statement
 * (V8 shows the first expression evaluated, which depends on the function's shape). The names
 * and positions come from the TypeScript parser on the files the frames are in, read only here,
 * when a program has failed.
 */

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type ts from "typescript";
import { displayPath } from "./diagnostic.js";
import { formatTrace, isToolchainFile, type Frame } from "./stack-frames.js";

export function formatUncaught(thrown: unknown): string {
  const { header, frames } = uncaughtFrames(thrown);
  return frames.length > 0 ? `${header}\n${formatTrace(frames).trimEnd()}` : header;
}

/** The two parts of an uncaught exception: `Name: message` and `file.ts:line:col` where it was made, if known. */
export function describeUncaught(thrown: unknown): { header: string; where: string | undefined } {
  const { header, frames } = uncaughtFrames(thrown);
  const first = frames[0]?.pos;
  return { header, where: first ? `${first.file}:${first.line}:${first.column}` : undefined };
}

const STACK_OVERFLOW = "Maximum call stack size exceeded";

/** The TypeScript parser, loaded on first use: only a program that failed needs it, and it is slow to load. */
const require = createRequire(import.meta.url);
function typescript(): typeof ts {
  return require("typescript") as typeof ts;
}

function uncaughtFrames(thrown: unknown): { header: string; frames: Frame[] } {
  if (!(thrown instanceof Error)) return { header: `Uncaught ${String(thrown)}`, frames: [] };
  const header = thrown.message ? `${thrown.name}: ${thrown.message}` : thrown.name;
  const overflow = thrown instanceof RangeError && thrown.message === STACK_OVERFLOW;
  return { header, frames: framesOfStack(thrown.stack ?? "", overflow) };
}

/**
 * The frames of the user's functions in a V8 stack text, innermost first, named and placed as
 * every mode shows them (overflow: the innermost frame moves to its function's first statement).
 */
export function framesOfStack(stack: string, overflow = false): Frame[] {
  const sources = new Map<string, SourceIndex | undefined>();
  const sourceOf = (file: string) => {
    if (!sources.has(file)) sources.set(file, SourceIndex.read(file));
    return sources.get(file);
  };
  const frames: Frame[] = [];
  for (const location of userLocations(stack)) {
    const source = sourceOf(location.file);
    const fn = source?.functionAt(location.line, location.column);
    let { line, column } = location;
    if (overflow && frames.length === 0 && fn?.entry) ({ line, column } = fn.entry);
    frames.push({ name: fn ? fn.name : undefined, pos: { file: displayPath(location.file), line, column } });
  }
  return frames;
}

const FRAME_LOCATION = /\(?(file:\/\/[^()\s]+):(\d+):(\d+)\)?$/;

/** The positions of V8's frames that are in the user's files (not Node's, not the toolchain's), innermost first. */
function userLocations(stack: string): { file: string; line: number; column: number }[] {
  const result = [];
  for (const text of stack.split("\n")) {
    if (!text.startsWith("    at ")) continue;
    const match = FRAME_LOCATION.exec(text.trim());
    if (!match) continue;
    const file = fileURLToPath(match[1]!);
    if (isToolchainFile(file)) continue;
    result.push({ file, line: Number(match[2]), column: Number(match[3]) });
  }
  return result;
}

/** A function of the source as stack traces show it: its name (stack-frames.ts) and its first statement. */
interface FunctionInfo {
  name: string | undefined;
  entry: { line: number; column: number } | undefined;
}

/** The functions of one source file, by position. */
class SourceIndex {
  private readonly file: ts.SourceFile;

  private constructor(file: ts.SourceFile) {
    this.file = file;
  }

  static read(path: string): SourceIndex | undefined {
    const ts = typescript();
    try {
      return new SourceIndex(ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true));
    } catch {
      return undefined;
    }
  }

  /** The innermost function around line:column (1-based); undefined for top-level code. */
  functionAt(line: number, column: number): FunctionInfo | undefined {
    const ts = typescript();
    const sf = this.file;
    let offset: number;
    try {
      offset = sf.getPositionOfLineAndCharacter(line - 1, column - 1);
    } catch {
      return undefined;
    }
    let found: FunctionInfo | undefined;
    const visit = (node: ts.Node): void => {
      if (offset < node.getStart(sf) || offset >= node.end) return;
      const info = this.describe(node);
      if (info) found = info;
      ts.forEachChild(node, visit);
    };
    visit(sf);
    return found;
  }

  /** The function a node is, if it is one (a class field's initializer runs in the constructor). */
  private describe(node: ts.Node): FunctionInfo | undefined {
    const ts = typescript();
    const cls = node.parent && (ts.isClassDeclaration(node.parent) || ts.isClassExpression(node.parent)) ? className(node.parent) : undefined;
    if (ts.isConstructorDeclaration(node)) return { name: `new ${className(node.parent)}`, entry: this.entry(node.body) };
    if (ts.isPropertyDeclaration(node) && cls !== undefined && node.initializer && !isStatic(node)) return { name: `new ${cls}`, entry: undefined };
    if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
      const key = propertyName(node.name);
      return { name: cls !== undefined ? `${cls}.${key}` : key, entry: this.entry(node.body) };
    }
    if (ts.isFunctionDeclaration(node)) return { name: node.name?.text, entry: this.entry(node.body) };
    if (ts.isFunctionExpression(node) || ts.isArrowFunction(node)) {
      return { name: (ts.isFunctionExpression(node) ? node.name?.text : undefined) ?? inferredName(node), entry: this.entry(node.body) };
    }
    return undefined;
  }

  /** The position of a body's first statement (an arrow function's expression itself). */
  private entry(body: ts.Node | undefined): { line: number; column: number } | undefined {
    const ts = typescript();
    if (!body) return undefined;
    const first = ts.isBlock(body) ? body.statements[0] : body;
    if (!first) return undefined;
    const { line, character } = this.file.getLineAndCharacterOfPosition(first.getStart(this.file));
    return { line: line + 1, column: character + 1 };
  }
}

function isStatic(node: ts.PropertyDeclaration): boolean {
  const ts = typescript();
  return node.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false;
}

function className(node: ts.ClassLikeDeclaration): string | undefined {
  return node.name?.text ?? inferredName(node);
}

function propertyName(name: ts.PropertyName): string {
  const ts = typescript();
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : name.getText();
}

/** The name JavaScript gives a function or class made by an expression (its `.name`), from where it is put. */
function inferredName(node: ts.Node): string | undefined {
  const ts = typescript();
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isNonNullExpression(parent))) parent = parent.parent;
  if (!parent) return undefined;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && !ts.isComputedPropertyName(parent.name)) return propertyName(parent.name);
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(parent.left)) return parent.left.text;
  return undefined;
}
