/**
 * Type stripping with positions preserved.
 *
 * Takes the text of an RTS module (TypeScript with erasable syntax only) and returns JavaScript
 * in which every piece of type syntax is replaced by spaces, so that each remaining token keeps
 * its line and column: stack traces, runtime errors and the translator's messages then point
 * into the .ts file without source maps. Line breaks inside removed text are kept.
 *
 * TypeScript constructs that generate code (enum, namespace with values, parameter properties,
 * `import x = require()`, `export =`, decorators) are not erasable and are reported with their
 * position, as are syntax errors (TypeScript's parser first, then acorn on the stripped result,
 * which catches what only a JavaScript engine would reject).
 *
 * Invariant: output.length === input.length, and every character outside a removed range is
 * unchanged, except that a removed declaration may start with `;` (so that the statements around
 * it do not merge under automatic semicolon insertion) and an arrow function's `)` may move to
 * the end of its removed return type (so that no line break separates `)` from `=>`).
 */

import ts from "typescript";
import * as acorn from "acorn";

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
};

/** Strips the types of one module. fileName is used for messages and to pick the .ts dialect. */
export function stripTypes(fileName: string, text: string): StripResult {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const parseError = firstParseDiagnostic(sourceFile);
  if (parseError) return { ok: false, diagnostic: parseError };

  const stripper = new Stripper(sourceFile);
  stripper.visit(sourceFile);
  if (stripper.error) return { ok: false, diagnostic: stripper.error };
  const code = stripper.output();

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

const MODIFIERS_TO_BLANK = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.PublicKeyword,
  ts.SyntaxKind.PrivateKeyword,
  ts.SyntaxKind.ProtectedKeyword,
  ts.SyntaxKind.ReadonlyKeyword,
  ts.SyntaxKind.AbstractKeyword,
  ts.SyntaxKind.OverrideKeyword,
  ts.SyntaxKind.InKeyword, // variance annotations on type parameters are removed with them
  ts.SyntaxKind.OutKeyword,
]);

class Stripper {
  private readonly sourceFile: ts.SourceFile;
  private readonly chars: string[];
  private readonly scanner: ts.Scanner;
  error: SourceDiagnostic | undefined;

  constructor(sourceFile: ts.SourceFile) {
    this.sourceFile = sourceFile;
    this.chars = sourceFile.text.split("");
    this.scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, sourceFile.text);
  }

  output(): string {
    return this.chars.join("");
  }

  visit(node: ts.Node): void {
    if (this.error) return;
    if (this.stripNode(node)) return;
    ts.forEachChild(node, (child) => this.visit(child));
  }

  /** Handles one node; returns true when the node was removed whole (its children need no visit). */
  private stripNode(node: ts.Node): boolean {
    if (this.hasModifier(node, ts.SyntaxKind.DeclareKeyword)) return this.removeDeclaration(node);
    switch (node.kind) {
      case ts.SyntaxKind.InterfaceDeclaration:
      case ts.SyntaxKind.TypeAliasDeclaration:
      case ts.SyntaxKind.IndexSignature:
        return this.removeDeclaration(node);
      case ts.SyntaxKind.EnumDeclaration:
        return this.fail(node, NOT_ERASABLE.enum!);
      case ts.SyntaxKind.ModuleDeclaration:
        return isTypeOnlyNamespace(node as ts.ModuleDeclaration)
          ? this.removeDeclaration(node)
          : this.fail(node, NOT_ERASABLE.namespace!);
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const decl = node as ts.ImportEqualsDeclaration;
        if (decl.isTypeOnly) return this.removeDeclaration(node);
        const external = ts.isExternalModuleReference(decl.moduleReference);
        return this.fail(node, external ? NOT_ERASABLE.importRequire! : NOT_ERASABLE.importAlias!);
      }
      case ts.SyntaxKind.ExportAssignment:
        if ((node as ts.ExportAssignment).isExportEquals) return this.fail(node, NOT_ERASABLE.exportAssign!);
        return false;
      case ts.SyntaxKind.Decorator:
        return this.fail(node, NOT_ERASABLE.decorator!);
      case ts.SyntaxKind.ImportDeclaration:
        return this.stripImport(node as ts.ImportDeclaration);
      case ts.SyntaxKind.ExportDeclaration:
        return this.stripExport(node as ts.ExportDeclaration);
      case ts.SyntaxKind.ImportSpecifier:
      case ts.SyntaxKind.ExportSpecifier:
        if ((node as ts.ImportSpecifier | ts.ExportSpecifier).isTypeOnly) this.removeListElement(node);
        return true;
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.Constructor:
        if (!(node as ts.FunctionLikeDeclaration).body) return this.removeDeclaration(node);
        this.stripSignature(node as ts.SignatureDeclaration);
        return false;
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
        this.stripSignature(node as ts.SignatureDeclaration);
        return false;
      case ts.SyntaxKind.ArrowFunction:
        this.stripArrow(node as ts.ArrowFunction);
        return false;
      case ts.SyntaxKind.Parameter:
        return this.stripParameter(node as ts.ParameterDeclaration);
      case ts.SyntaxKind.PropertyDeclaration:
        return this.stripProperty(node as ts.PropertyDeclaration);
      case ts.SyntaxKind.VariableDeclaration: {
        const decl = node as ts.VariableDeclaration;
        this.blankToken(decl.exclamationToken);
        this.blankTypeAnnotation(decl.type);
        return false;
      }
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression:
        this.stripClass(node as ts.ClassLikeDeclaration);
        return false;
      case ts.SyntaxKind.HeritageClause:
        if ((node as ts.HeritageClause).token === ts.SyntaxKind.ImplementsKeyword) {
          this.blank(node.getStart(this.sourceFile), node.end);
          return true;
        }
        return false;
      case ts.SyntaxKind.ExpressionWithTypeArguments:
      case ts.SyntaxKind.CallExpression:
      case ts.SyntaxKind.NewExpression:
      case ts.SyntaxKind.TaggedTemplateExpression:
        this.blankAngleList((node as ts.CallExpression).typeArguments);
        return false;
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.SatisfiesExpression:
        this.blank((node as ts.AsExpression).expression.end, node.end);
        this.visit((node as ts.AsExpression).expression);
        return true;
      case ts.SyntaxKind.NonNullExpression:
        this.blank(node.end - 1, node.end);
        return false;
      case ts.SyntaxKind.TypeAssertionExpression: {
        const assertion = node as ts.TypeAssertion;
        this.blank(assertion.getStart(this.sourceFile), this.tokenAfter(assertion.type.end, ts.SyntaxKind.GreaterThanToken) + 1);
        this.visit(assertion.expression);
        return true;
      }
      default:
        if (ts.isTypeNode(node)) return true; // reached only inside removed ranges
        return false;
    }
  }

  private stripImport(decl: ts.ImportDeclaration): boolean {
    if (decl.importClause?.isTypeOnly) return this.removeDeclaration(decl);
    return false;
  }

  private stripExport(decl: ts.ExportDeclaration): boolean {
    if (decl.isTypeOnly) return this.removeDeclaration(decl);
    return false;
  }

  private stripClass(decl: ts.ClassLikeDeclaration): void {
    this.blankModifiers(decl);
    this.blankAngleList(decl.typeParameters);
  }

  private stripSignature(decl: ts.SignatureDeclaration): void {
    this.blankModifiers(decl);
    this.blankToken((decl as ts.MethodDeclaration).questionToken);
    this.blankAngleList(decl.typeParameters);
    this.blankTypeAnnotation(decl.type);
  }

  private stripArrow(arrow: ts.ArrowFunction): void {
    this.blankAngleList(arrow.typeParameters);
    if (!arrow.type) return;
    const colon = arrow.type.pos - 1;
    this.blankTypeAnnotation(arrow.type);
    if (!this.sourceFile.text.slice(colon, arrow.type.end).includes("\n")) return;
    // `(a): \n T => e` must not become `(a) \n => e`: move `)` to the end of the removed type.
    const closeParen = this.tokenAfter(arrow.parameters.end, ts.SyntaxKind.CloseParenToken);
    this.chars[closeParen] = " ";
    this.chars[arrow.type.end - 1] = ")";
  }

  private stripParameter(param: ts.ParameterDeclaration): boolean {
    const modifiers = ts.getModifiers(param) ?? [];
    if (modifiers.length > 0 && ts.isConstructorDeclaration(param.parent)) {
      return this.fail(modifiers[0]!, NOT_ERASABLE.parameterProperty!);
    }
    if (ts.isIdentifier(param.name) && param.name.text === "this") {
      this.removeListElement(param);
      return true;
    }
    this.blankToken(param.questionToken);
    this.blankTypeAnnotation(param.type);
    return false;
  }

  private stripProperty(decl: ts.PropertyDeclaration): boolean {
    if (this.hasModifier(decl, ts.SyntaxKind.AbstractKeyword)) return this.removeDeclaration(decl);
    if (this.hasModifier(decl, ts.SyntaxKind.AccessorKeyword)) return this.fail(decl, NOT_ERASABLE.accessor!);
    this.blankModifiers(decl);
    this.blankToken(decl.questionToken);
    this.blankToken(decl.exclamationToken);
    this.blankTypeAnnotation(decl.type);
    return false;
  }

  private hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
    return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
  }

  private blankModifiers(node: ts.Node): void {
    if (!ts.canHaveModifiers(node)) return;
    for (const modifier of ts.getModifiers(node) ?? []) {
      if (MODIFIERS_TO_BLANK.has(modifier.kind)) this.blank(modifier.getStart(this.sourceFile), modifier.end);
    }
  }

  /** Removes a whole declaration, starting it with `;` so its neighbours stay separate statements. */
  private removeDeclaration(node: ts.Node): true {
    const start = node.getStart(this.sourceFile);
    this.blank(start, node.end);
    this.chars[start] = ";";
    return true;
  }

  /** Removes an element of a comma-separated list together with the comma that follows it. */
  private removeListElement(node: ts.Node): void {
    let end = node.end;
    this.scanner.resetTokenState(end);
    if (this.scanner.scan() === ts.SyntaxKind.CommaToken) end = this.scanner.getTokenEnd();
    this.blank(node.getStart(this.sourceFile), end);
  }

  /** Removes `: T` given the type node T: the colon is the token just before T's full start. */
  private blankTypeAnnotation(type: ts.TypeNode | undefined): void {
    if (type) this.blank(type.pos - 1, type.end);
  }

  /** Removes `<...>` given the list inside it: `<` precedes the list, `>` is the next `>` token. */
  private blankAngleList(list: ts.NodeArray<ts.Node> | undefined): void {
    if (!list) return;
    this.blank(list.pos - 1, this.tokenAfter(list.end, ts.SyntaxKind.GreaterThanToken) + 1);
  }

  private blankToken(token: ts.Node | undefined): void {
    if (token) this.blank(token.getStart(this.sourceFile), token.end);
  }

  /** The position of the first token of the given kind at or after pos. */
  private tokenAfter(pos: number, kind: ts.SyntaxKind): number {
    this.scanner.resetTokenState(pos);
    for (;;) {
      const token = this.scanner.scan();
      if (token === kind) return this.scanner.getTokenStart();
      if (token === ts.SyntaxKind.EndOfFileToken) throw new Error(`internal error: no ${ts.SyntaxKind[kind]} after ${pos}`);
    }
  }

  private blank(start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const c = this.chars[i];
      if (c !== "\n" && c !== "\r" && c !== "\u2028" && c !== "\u2029") this.chars[i] = " ";
    }
  }

  private fail(node: ts.Node, message: string): true {
    this.error ??= diagnosticAt(this.sourceFile, node.getStart(this.sourceFile), message);
    return true;
  }
}

/** A namespace is erasable when it declares only types (TypeScript emits nothing for it). */
function isTypeOnlyNamespace(decl: ts.ModuleDeclaration): boolean {
  const body = decl.body;
  if (!body) return true;
  if (ts.isModuleDeclaration(body)) return isTypeOnlyNamespace(body);
  if (!ts.isModuleBlock(body)) return false;
  return body.statements.every(
    (s) =>
      ts.isInterfaceDeclaration(s) ||
      ts.isTypeAliasDeclaration(s) ||
      (ts.isModuleDeclaration(s) && isTypeOnlyNamespace(s)),
  );
}
