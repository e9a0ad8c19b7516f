/**
 * Type stripping with positions preserved, by ts-blank-space (on the TypeScript parser the
 * toolchain already uses).
 *
 * Takes the text of an RTS module (TypeScript with erasable syntax only) and returns JavaScript
 * in which every piece of type syntax is replaced by spaces, so that each remaining token keeps
 * its line and column: stack traces, runtime errors and the translator's messages then point
 * into the .ts file without source maps. Line breaks inside removed text are kept.
 *
 * TypeScript constructs that generate code (enum, namespace with values, parameter properties,
 * `import x = require()`, `export =`) are not erasable: ts-blank-space reports their node, which
 * is reported here with its position and the message of NOT_ERASABLE. Decorators and `accessor`
 * fields are JavaScript that ts-blank-space keeps, but not RTS: they are refused here. Syntax
 * errors come from TypeScript's parser first, then from acorn on the stripped result, which
 * catches what only a JavaScript engine would reject.
 *
 * What ts-blank-space does not do: the old `<T>value` assertion, which it reports rather than
 * blanks (in .tsx it would be JSX); it is blanked here, `<T>` replaced by spaces, as TypeScript
 * emits it (docs/architecture.md).
 *
 * Invariant: output.length === input.length, and every character outside a removed range is
 * unchanged, except that a removed declaration may start with `;` (so that the statements around
 * it do not merge under automatic semicolon insertion) and an arrow function's `)` (or a generic
 * function's `(`) may move to the end of its removed type (so that no line break separates `)`
 * from `=>`, or a return from its value).
 */

import ts from "typescript";
import * as acorn from "acorn";
import { blankSourceFile } from "ts-blank-space";

/** A problem in a source file: 1-based line and column, and a message for a TypeScript user. */
export interface SourceDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Where a module names another: the specifier of an import or re-export and its position. */
export interface ImportSite {
  specifier: string;
  line: number;
  column: number;
}

export type StripResult =
  | { ok: true; code: string; imports: ImportSite[]; bindings: string[] }
  | { ok: false; diagnostic: SourceDiagnostic };

/** What to write instead of each non-erasable construct, keyed by what it is. */
const NOT_ERASABLE: Record<string, string> = {
  enum: "'enum' is not erasable TypeScript; use module-level constants (const RED = 0) or a class instead",
  namespace: "'namespace' with values is not erasable TypeScript; use a module (a separate file) instead",
  parameterProperty:
    "a parameter property is not erasable TypeScript; declare the field in the class body and assign it in the constructor",
  importRequire: "'import ... = require()' is not erasable TypeScript; use 'import ... from' instead",
  importAlias: "'import X = A.B' is not erasable TypeScript; use 'const X = A.B' instead",
  exportAssign: "'export =' is not erasable TypeScript; use 'export default' or named exports instead",
  decorator: "decorators are not supported in RTS; call a hint function instead (e.g. elidable(fn))",
  accessor: "'accessor' fields are not supported in RTS; use a plain field",
  assertionGrouping: "removing this type assertion would change how '??' groups with '&&' or '||'; add parentheses around the assertion",
};

/** Strips the types of one module. fileName is used for messages and to pick the .ts dialect. */
export function stripTypes(fileName: string, text: string): StripResult {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const parseError = firstParseDiagnostic(sourceFile);
  if (parseError) return { ok: false, diagnostic: parseError };

  const refused: Refusal[] = rtsRefusals(sourceFile);
  const oldAssertions: ts.TypeAssertion[] = [];
  const blanked = blankSourceFile(sourceFile, (node) => {
    if (ts.isTypeAssertionExpression(node)) oldAssertions.push(node);
    else refused.push({ node, message: notErasableMessage(node) });
  });
  const first = refused.sort((x, y) => x.node.getStart(sourceFile) - y.node.getStart(sourceFile))[0];
  if (first) return { ok: false, diagnostic: diagnosticAt(sourceFile, first.node.getStart(sourceFile), first.message) };
  const code = blankOldAssertions(sourceFile, blanked, oldAssertions);

  let program: acorn.Program;
  try {
    program = acorn.parse(code, { ecmaVersion: "latest", sourceType: "module" });
  } catch (error) {
    if (error instanceof SyntaxError && "loc" in error) {
      const loc = (error as SyntaxError & { loc: acorn.Position }).loc;
      const message = error.message.replace(/ \(\d+:\d+\)$/, "");
      return { ok: false, diagnostic: { file: fileName, line: loc.line, column: loc.column + 1, message: lowerFirst(message) } };
    }
    throw error;
  }
  return { ok: true, code, imports: importSites(sourceFile), bindings: topLevelBindings(program) };
}

/** A construct that is refused, and why. */
interface Refusal {
  node: ts.Node;
  message: string;
}

/** The message for a node ts-blank-space reports as not erasable. */
function notErasableMessage(node: ts.Node): string {
  switch (node.kind) {
    case ts.SyntaxKind.EnumDeclaration:
      return NOT_ERASABLE.enum!;
    case ts.SyntaxKind.ModuleDeclaration:
      return NOT_ERASABLE.namespace!;
    case ts.SyntaxKind.ImportEqualsDeclaration:
      return ts.isExternalModuleReference((node as ts.ImportEqualsDeclaration).moduleReference) ? NOT_ERASABLE.importRequire! : NOT_ERASABLE.importAlias!;
    case ts.SyntaxKind.ExportAssignment:
      return NOT_ERASABLE.exportAssign!;
    case ts.SyntaxKind.AsExpression:
    case ts.SyntaxKind.SatisfiesExpression:
      return NOT_ERASABLE.assertionGrouping!;
    default:
      // The modifier of a parameter property (public, private, protected, readonly).
      if (node.parent && ts.isParameter(node.parent)) return NOT_ERASABLE.parameterProperty!;
      throw new Error(`internal error: ts-blank-space reported a ${ts.SyntaxKind[node.kind]} the stripper does not know`);
  }
}

/**
 * What RTS refuses beyond erasability: decorators and `accessor` fields (JavaScript that
 * ts-blank-space keeps). Declarations that are removed whole (`declare`, interfaces, types) are
 * not looked into.
 */
function rtsRefusals(sourceFile: ts.SourceFile): Refusal[] {
  const refused: Refusal[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || hasModifier(node, ts.SyntaxKind.DeclareKeyword)) return;
    if (ts.isDecorator(node)) refused.push({ node, message: NOT_ERASABLE.decorator! });
    if (ts.isPropertyDeclaration(node) && hasModifier(node, ts.SyntaxKind.AccessorKeyword) && !hasModifier(node, ts.SyntaxKind.AbstractKeyword)) {
      refused.push({ node, message: NOT_ERASABLE.accessor! });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return refused;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** Replaces the `<T>` of each `<T>value` assertion by spaces (line breaks kept). */
function blankOldAssertions(sourceFile: ts.SourceFile, code: string, assertions: ts.TypeAssertion[]): string {
  if (assertions.length === 0) return code;
  const chars = code.split("");
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, sourceFile.text);
  for (const assertion of assertions) {
    scanner.resetTokenState(assertion.type.end);
    while (scanner.scan() !== ts.SyntaxKind.GreaterThanToken) {
      if (scanner.getToken() === ts.SyntaxKind.EndOfFileToken) throw new Error("internal error: no > after a type assertion's type");
    }
    for (let i = assertion.getStart(sourceFile); i < scanner.getTokenEnd(); i++) {
      if (!LINE_BREAKS.has(chars[i]!)) chars[i] = " ";
    }
  }
  return chars.join("");
}

const LINE_BREAKS: ReadonlySet<string> = new Set(["\n", "\r", "\u2028", "\u2029"]);

/** The names a module declares or imports at its top level, in source order. */
export function topLevelBindings(program: acorn.Program): string[] {
  const names: string[] = [];
  for (const statement of program.body) {
    const declaration =
      statement.type === "ExportNamedDeclaration" || statement.type === "ExportDefaultDeclaration"
        ? statement.declaration
        : statement;
    if (!declaration) continue;
    switch (declaration.type) {
      case "ImportDeclaration":
        for (const specifier of declaration.specifiers) names.push(specifier.local.name);
        break;
      case "VariableDeclaration":
        for (const declarator of declaration.declarations) collectPatternNames(declarator.id, names);
        break;
      case "FunctionDeclaration":
      case "ClassDeclaration":
        if (declaration.id) names.push(declaration.id.name);
        break;
    }
  }
  return names;
}

function collectPatternNames(pattern: acorn.Pattern, names: string[]): void {
  switch (pattern.type) {
    case "Identifier":
      names.push(pattern.name);
      break;
    case "ArrayPattern":
      for (const element of pattern.elements) if (element) collectPatternNames(element, names);
      break;
    case "ObjectPattern":
      for (const property of pattern.properties) {
        collectPatternNames(property.type === "RestElement" ? property : property.value, names);
      }
      break;
    case "AssignmentPattern":
      collectPatternNames(pattern.left, names);
      break;
    case "RestElement":
      collectPatternNames(pattern.argument, names);
      break;
    case "MemberExpression":
      break;
  }
}

function importSites(sourceFile: ts.SourceFile): ImportSite[] {
  const sites: ImportSite[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const { line, column } = diagnosticAt(sourceFile, specifier.getStart(sourceFile), "");
    sites.push({ specifier: specifier.text, line, column });
  }
  return sites;
}

function firstParseDiagnostic(sourceFile: ts.SourceFile): SourceDiagnostic | undefined {
  // parseDiagnostics is internal to TypeScript but has been stable since 1.x; it is the only way
  // to get syntax errors without building a Program.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (!first) return undefined;
  const message = lowerFirst(ts.flattenDiagnosticMessageText(first.messageText, "\n"));
  return diagnosticAt(sourceFile, first.start ?? 0, message);
}

function diagnosticAt(sourceFile: ts.SourceFile, pos: number, message: string): SourceDiagnostic {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(pos);
  return { file: sourceFile.fileName, line: line + 1, column: character + 1, message };
}

/** Compiler messages read as `file:line:col: error: message`: lower-case start, no final period. */
function lowerFirst(message: string): string {
  const text = message.replace(/\.$/, "");
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
