/**
 * The generator's model of a program: a tree of statements and expressions that prints as RTS
 * source. It is deliberately close to text (a node is a list of parts: source text, child
 * expressions, nested blocks) so that the generator writes readable templates, while the reducer
 * still sees the structure it needs: every statement of a block may be removed, every expression
 * of a scalar type may be replaced by a constant of that type, and a statement that declares a
 * name may go only when nothing else mentions the name.
 *
 * Invariants the generator keeps: declared names (`decl`) are unique in the program, so a word
 * search of the printed text tells whether a declaration is still used; only statements inside
 * a Block are removable (a loop's counter and increment are fixed text, so no reduction can make
 * a bounded loop unbounded).
 */

/** The types of the generator's environment. Containers hold ints (or floats for f64a). */
export type Ty = "int" | "float" | "bool" | "str" | "arr" | "map" | "set" | "i32a" | "f64a" | "u8a" | `obj:${string}`;

/** Language features counted for the coverage report; each is a tag on the node that uses it. */
export const FEATURES = [
  "function",
  "class",
  "inheritance",
  "override",
  "super-call",
  "virtual-call",
  "prebuilt-object-mutated",
  "prebuilt-array-mutated",
  "prebuilt-map-mutated",
  "array",
  "typed-array",
  "map",
  "set",
  "string",
  "char",
  "int-arithmetic",
  "wide-int",
  "float-arithmetic",
  "bit-operation",
  "loop",
  "switch",
  "throw",
  "catch",
  "finally",
  "recursion",
  "instanceof",
  "print",
] as const;
export type Feature = (typeof FEATURES)[number];

export interface Expr {
  kind: "expr";
  t: Ty;
  parts: Part[];
  features?: Feature[];
}

export interface Block {
  kind: "block";
  stmts: Stmt[];
}

export interface Stmt {
  kind: "stmt";
  parts: Part[];
  /** The name this statement declares (unique in the program). */
  decl?: string;
  /** A method overriding an inherited one: removable even though its name stays in use. */
  override?: boolean;
  features?: Feature[];
}

export type Part = string | Expr | Block;

/** A whole program: its top-level statements (classes, functions, prebuilt objects, main). */
export interface Program {
  seed: number;
  top: Block;
}

export function expr(t: Ty, parts: Part[], ...features: Feature[]): Expr {
  return features.length > 0 ? { kind: "expr", t, parts, features } : { kind: "expr", t, parts };
}

export function stmt(parts: Part[], ...features: Feature[]): Stmt {
  return features.length > 0 ? { kind: "stmt", parts, features } : { kind: "stmt", parts };
}

export function block(stmts: Stmt[]): Block {
  return { kind: "block", stmts };
}

const INDENT = "  ";

/** The program as RTS source. */
export function printProgram(program: Program): string {
  return `// fuzz program, seed ${program.seed}\n` + program.top.stmts.map((s) => printStmt(s, 0)).join("\n") + "\n";
}

function printStmt(s: Stmt, level: number): string {
  return INDENT.repeat(level) + s.parts.map((p) => printPart(p, level)).join("");
}

function printPart(p: Part, level: number): string {
  if (typeof p === "string") return p;
  if (p.kind === "expr") return printExpr(p);
  return printBlock(p, level);
}

export function printExpr(e: Expr): string {
  return e.parts.map((p) => (typeof p === "string" ? p : p.kind === "expr" ? printExpr(p) : printBlock(p, 0))).join("");
}

function printBlock(b: Block, level: number): string {
  if (b.stmts.length === 0) return "{}";
  return "{\n" + b.stmts.map((s) => printStmt(s, level + 1)).join("\n") + "\n" + INDENT.repeat(level) + "}";
}

/** Counts every feature tag in the program (once per node that carries it). */
export function countFeatures(program: Program, into: Map<Feature, number> = new Map()): Map<Feature, number> {
  const visit = (node: Part | Stmt) => {
    if (typeof node === "string") return;
    if (node.kind === "block") {
      node.stmts.forEach(visit);
      return;
    }
    for (const f of node.features ?? []) into.set(f, (into.get(f) ?? 0) + 1);
    node.parts.forEach(visit);
  };
  visit(program.top);
  return into;
}

/** The constant an expression of type t is simplified to, or undefined for types without one. */
export function constantOf(t: Ty): Expr | undefined {
  switch (t) {
    case "int":
      return expr("int", ["0"]);
    case "float":
      return expr("float", ["0.5"]);
    case "bool":
      return expr("bool", ["false"]);
    case "str":
      return expr("str", ['"s"']);
    default:
      return undefined;
  }
}

/** A deep copy (the reducer edits copies). */
export function cloneProgram(program: Program): Program {
  return JSON.parse(JSON.stringify(program)) as Program;
}
