/**
 * The parser of the text form of LL graphs (print-llgraph.ts): what `rts lltype` prints parses
 * back to LL graphs that print identically, and optimisation tests are written as LL text.
 *
 * The text is the printer's, plus a header of declarations for graphs written by hand:
 *
 *   # a comment line (the printer never writes one)
 *   struct Point gc { x: Signed, y: Signed }        a struct (gc: allocated by the collector);
 *   struct Node gc { base: Point, next: Ptr(Node) } fields may name any struct, declared before or after
 *   struct "dict Map<string, int>" gc { ... }       a name that is not an identifier, quoted
 *   struct Code gc { text: Ptr(STR) immutable, v: Signed quasi-immutable }   a field's mutability, for the JIT
 *   (or immutable-items: an immutable field whose array's items are immutable too)
 *   array Ints gc of Signed                         a variable-sized array (gc or inlined)
 *   array Buf of Uint8 length 16                    a fixed-size array
 *   func parseDigit(Signed) -> Signed               a function of no graph here (a call stays a call)
 *   prebuilt <origin>: Point = { x: 0, y: 0 }       a prebuilt object: its fields, or its items
 *   prebuilt <primes>: Ints = [2, 3, 5]             (fields not given are zero)
 *   struct Entry { key: Ptr(STR), hash: Signed }    a struct without gc: inline, as the items of
 *   array Entries gc of Entry                       an array of structs (getitemfield, setitemfield)
 *   prebuilt <e0>: Entry = { hash: 7 }              whose prebuilt items are prebuilt structs
 *   prebuilt <table>: Entries = [<e0>, <e0>]        written in place (each its own copy)
 *
 *   graph f(a_0: Signed) -> Signed                  then graphs, as the printer writes them
 *   graph g(a_0: Signed) -> Signed jit[elidable]    (a graph's JIT hints: LLGraph.jitHints)
 *   block0(a_0: Signed):
 *     v_1: Signed = int_add(a_0, 1)  @3:7           `@line:column`: the operation's position
 *     if ... then block1(...) else return v_1      exits: goto, return, raise, if, switch, ok/catch
 *
 * For hand-written text, shorthands: an operation whose result type is a primitive of the table
 * (int_add), or a read of a variable's field or item, or a copy, may leave it out
 * (`v = int_add(a, 1)`, `x = getfield(p, "x")`), and a Void operation may leave out its result
 * (`check_index(i, n)`). Variable names are block-local; the printer's `hint_N` names
 * give the hint back (`a_0` is a variable with hint `a`). Block names are any identifier.
 *
 * Names resolve, in this order, to what the text declares, then to the caller's environment
 * (LLParseEnvironment: for round trips, everything the original graphs refer to, collected by
 * collectLLParseEnvironment), then to what the parser can build itself: primitives, Ptr(...),
 * Func(...) -> R, `<fn name>` of a graph in the same text, `<str "text">` (a prebuilt string).
 * One name may stand for several functions (helpers specialised per type) or prebuilt objects:
 * the one whose type fits the call or the field read is taken. A graph's exception type is the
 * environment's, else Ptr(object) of the `object` struct known by name.
 *
 * Constants are printed without their type where their place implies it (print-llgraph.ts
 * impliedOperandType: the operand types of the operation table, the field a setfield stores,
 * the parameters of the called function, the input argument a link passes to) or where the
 * literal's own form does (an integer is Signed, a number with a fraction Float, a string or a
 * type Void); elsewhere the printer writes it, `null: Ptr(T)`, `65: Char`, and so may a
 * hand-written text. A prebuilt object is seen through the pointer its place wants, else through
 * a pointer to the struct declaring the field read, else through a pointer to its own type. A
 * caught exception's variable has the type of the input argument it is passed to, else the
 * exception type, unless the text writes it (`catch e: Ptr(inst_Error) -> ...`).
 *
 * Errors in the text are thrown as LLParseError: `file:line:column: expected ...`, with a frame of
 * the line. Nothing here runs the verifier (checkllgraph.ts): a parsed graph may be malformed on
 * purpose, to test the verifier.
 */

import { LLBlock, LLConstant, LLGraph, LLLink, LLOperation, LLVariable, LL_CATCH, LL_DEFAULT, LL_JIT_HINTS, LL_LAST_EXCEPTION, type LLFunctionRef, type LLJitHint, type LLPrebuilt, type LLValue } from "./llgraph.js";
import { LL_OPS, inlineItemStruct, isLLOpName, type LLOpInfo, type LLOpName } from "./lloperation.js";
import { ArrayType, Bool, Char, Float, Float32, FuncType, PRIMITIVES, PrimitiveType, Ptr, PtrType, Signed, STR, StructType, Void, fieldType, typeName, widened, type Field, type FieldMutability, type LLType } from "./lltype.js";
import { LLTextCursor, IDENT, type Pos } from "./parse-llgraph-cursor.js";
import { impliedOperandType } from "./print-llgraph.js";
import type { LLParseEnvironment } from "./parse-llgraph-env.js";

export { LLParseError } from "./parse-llgraph-cursor.js";
export { collectLLParseEnvironment, type LLParseEnvironment } from "./parse-llgraph-env.js";

/** Parses LL text (declarations and graphs) into its graphs, in the order of the text. */
export function parseLLGraphs(text: string, env: LLParseEnvironment = {}, file = "<ll text>"): LLGraph[] {
  return new Parser(text, env, file).parseAll();
}

// ---- syntax


/** An operand as written: resolved once the types around it are known. */
type OperandSyntax =
  | { readonly kind: "var"; readonly name: string; readonly at: Pos }
  | { readonly kind: "number"; readonly text: string; readonly at: Pos; readonly type?: LLType }
  | { readonly kind: "string"; readonly value: string; readonly at: Pos }
  | { readonly kind: "bool"; readonly value: boolean; readonly at: Pos; readonly type?: LLType }
  | { readonly kind: "void"; readonly at: Pos; readonly type?: LLType }
  | { readonly kind: "null"; readonly at: Pos; readonly type?: LLType }
  | { readonly kind: "type"; readonly type: LLType; readonly at: Pos }
  | { readonly kind: "ref"; readonly text: string; readonly at: Pos };

interface TargetSyntax {
  /** A block's name, or the final blocks. */
  readonly block: string | { readonly final: "return" | "raise" };
  readonly args: OperandSyntax[];
  readonly at: Pos;
}

interface ExitSyntax {
  readonly exitcase: LLLink["exitcase"];
  readonly target: TargetSyntax;
  /** On a catch exit: the name of the caught exception's variable, or null for `?`. */
  readonly caught?: { readonly name: string; readonly at: Pos; readonly type: LLType | undefined } | null;
}

interface OpSyntax {
  readonly result: LLVariable;
  readonly opname: LLOpName;
  readonly info: LLOpInfo;
  readonly args: OperandSyntax[];
  readonly pos: { line: number; column: number } | undefined;
  readonly at: Pos;
}

interface BlockSyntax {
  readonly name: string;
  readonly at: Pos;
  readonly block: LLBlock;
  readonly ops: OpSyntax[];
  /** The variables the block defines, by name. */
  readonly scope: Map<string, LLVariable>;
  exitswitch: OperandSyntax | typeof LL_LAST_EXCEPTION | null;
  exits: ExitSyntax[];
}

interface GraphSyntax {
  readonly name: string;
  readonly at: Pos;
  readonly params: LLType[];
  readonly result: LLType;
  readonly jitHints: LLJitHint[];
  readonly blocks: BlockSyntax[];
  graph?: LLGraph;
}

const NUMBER = /^-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|Infinity)(?![\w.])/;

class Parser extends LLTextCursor {
  private readonly declaredTypes = new Map<string, LLType>();
  /** Types made here (Ptr and Func of what is known), by name: one object per name. */
  private readonly madeTypes = new Map<string, LLType>();
  private readonly declaredConstants = new Map<string, LLConstant>();
  /** The line of each array declaration: an array is made when first named (its item type may be declared after it). */
  private readonly arrayLines = new Map<string, number>();
  private readonly arraysMaking = new Set<string>();
  private readonly graphs: GraphSyntax[] = [];

  private readonly env: LLParseEnvironment;

  constructor(text: string, env: LLParseEnvironment, file: string) {
    super(text, file);
    this.env = env;
  }

  // ---- the file

  parseAll(): LLGraph[] {
    this.declareStructNames();
    while (this.line < this.lines.length) {
      this.col = 0;
      if (this.atEnd() || this.rest.startsWith("#")) {
        this.line++;
        continue;
      }
      if (this.col > 0) this.fail("expected a declaration or `graph` at the start of the line");
      if (this.eat("graph")) this.graphs.push(this.graph());
      else if (this.eat("struct")) this.structDeclaration();
      else if (this.eat("array")) this.arrayDeclaration();
      else if (this.eat("func")) this.funcDeclaration();
      else if (this.eat("prebuilt")) this.prebuiltDeclaration();
      else this.expected("`graph`, `struct`, `array`, `func` or `prebuilt`");
    }
    for (const g of this.graphs) this.makeGraph(g);
    for (const g of this.graphs) this.fillGraph(g);
    return this.graphs.map((g) => g.graph!);
  }

  /** Structs are made before any declaration is read, so that declarations may refer to each other in any order. */
  private declareStructNames(): void {
    for (this.line = 0; this.line < this.lines.length; this.line++) {
      this.col = 0;
      if (this.eat("array")) {
        const { name, at } = this.declaredName();
        if (this.arrayLines.has(name) || this.declaredTypes.has(name)) this.fail(`the type ${name} is declared twice`, at);
        this.arrayLines.set(name, this.line);
        continue;
      }
      if (!this.eat("struct")) continue;
      const { name, at } = this.declaredName();
      if (this.declaredTypes.has(name) || this.arrayLines.has(name)) this.fail(`the type ${name} is declared twice`, at);
      this.declaredTypes.set(name, new StructType(name, this.eat("gc")));
    }
    this.line = 0;
  }

  private declaredName(): { name: string; at: Pos } {
    this.skipSpaces();
    const at = this.here();
    return { name: this.rest.startsWith('"') ? this.string() : this.ident("a name"), at };
  }

  private structDeclaration(): void {
    const { name } = this.declaredName();
    const struct = this.declaredTypes.get(name) as StructType;
    this.eat("gc");
    this.expect("{");
    const fields: Field[] = [];
    this.skipBlankLines();
    if (!this.eat("}")) {
      for (;;) {
        this.skipBlankLines();
        const at = this.here();
        const fieldName = this.ident("a field name");
        if (fields.some((f) => f.name === fieldName)) this.fail(`the field ${fieldName} is declared twice`, at);
        this.expect(":");
        const { text, at: typeAt } = this.span(",}");
        if (text === "") this.expected("a type");
        const flag = /\s(immutable|quasi-immutable|immutable-items)$/.exec(text);
        const type = this.resolveType(flag ? text.slice(0, flag.index).trimEnd() : text, typeAt);
        fields.push({ name: fieldName, type, ...(flag ? { mutability: flag[1] as FieldMutability } : {}) });
        this.skipBlankLines();
        if (this.eat("}")) break;
        this.expect(",", "',' or '}'");
      }
    }
    this.endOfLine();
    this.line++;
    try {
      struct.setFields(fields);
    } catch (error) {
      this.fail(`struct ${name}: ${(error as Error).message.replace(/^internal error: /, "")}`, { line: this.line, column: 1 });
    }
  }

  /** Inside braces, a declaration may go on over several lines. */
  private skipBlankLines(): void {
    while (this.atEnd() && this.line + 1 < this.lines.length) {
      this.line++;
      this.col = 0;
    }
  }

  private arrayDeclaration(): void {
    const { name, at } = this.declaredName();
    if (this.declaredTypes.has(name)) {
      this.line++; // made already, when a declaration before it named it
      return;
    }
    if (this.arraysMaking.has(name)) this.fail(`the array ${name} contains itself (its items can only point to it through a struct)`, at);
    this.arraysMaking.add(name);
    const gc = this.eat("gc");
    this.expect("of", "'of' and the item type");
    const item = this.type("", " length");
    let fixedLength: number | undefined;
    if (this.eat("length")) {
      this.skipSpaces();
      const m = /^\d+/.exec(this.rest);
      if (!m) this.expected("the array's length");
      this.col += m[0].length;
      fixedLength = Number(m[0]);
    }
    this.endOfLine();
    this.line++;
    this.declaredTypes.set(name, new ArrayType(item, { gc, fixedLength, name }));
    this.arraysMaking.delete(name);
  }

  private funcDeclaration(): void {
    const { text: name, at } = this.span("(");
    if (name === "") this.expected("the function's name");
    this.expect("(");
    const args: LLType[] = [];
    if (!this.eat(")")) {
      do args.push(this.type(",)"));
      while (this.eat(","));
      this.expect(")", "',' or ')'");
    }
    this.expect("->");
    const result = this.type("");
    this.endOfLine();
    this.line++;
    const key = `<fn ${name}>`;
    if (this.declaredConstants.has(key)) this.fail(`the function ${name} is declared twice`, at);
    this.declaredConstants.set(key, new LLConstant({ kind: "function", name, graph: undefined }, this.funcPointer(args, result)));
  }

  private prebuiltDeclaration(): void {
    this.skipSpaces();
    const at = this.here();
    if (!this.rest.startsWith("<")) this.expected("the object's name in <...>");
    this.col++;
    const { text: name } = this.span(">");
    this.expect(">");
    this.expect(":");
    this.skipSpaces();
    const typeAt = this.here();
    const type = this.type("=");
    if (!(type instanceof StructType || type instanceof ArrayType)) this.fail(`a prebuilt object is a struct or an array, not ${typeName(type)}`, typeAt);
    const object: LLPrebuilt = { kind: "prebuilt", type, name, fields: new Map(), items: [] };
    const key = `<${name}>`;
    if (this.declaredConstants.has(key)) this.fail(`the prebuilt object ${key} is declared twice`, at);
    this.declaredConstants.set(key, new LLConstant(object, Ptr(type)));
    if (!this.eat("=")) this.expected("'=' and the object's fields `{ name: value, ... }` or items `[value, ...]`");
    if (this.eat("{")) {
      if (!(type instanceof StructType)) this.fail(`${typeName(type)} is not a struct`, typeAt);
      if (!this.eat("}")) {
        do {
          const fieldAt = this.here();
          const field = this.ident("a field name");
          const ft = fieldTypeOrUndefined(type, field);
          if (!ft) this.fail(`${typeName(type)} has no field ${field}`, fieldAt);
          this.expect(":");
          object.fields.set(field, this.constant(this.operand(",}"), widened(ft)));
        } while (this.eat(","));
        this.expect("}", "',' or '}'");
      }
    } else if (this.eat("[")) {
      const itemType = type instanceof ArrayType ? type.item : (type.fields[type.fields.length - 1]?.type as ArrayType | undefined)?.item;
      if (!itemType) this.fail(`${typeName(type)} has no items`, typeAt);
      if (!this.eat("]")) {
        do object.items.push(this.constant(this.operand(",]"), itemType));
        while (this.eat(","));
        this.expect("]", "',' or ']'");
      }
    } else {
      this.expected("the object's fields `{ name: value, ... }` or items `[value, ...]`");
    }
    this.endOfLine();
    this.line++;
  }

  // ---- types

  /** A type, written up to one of the stop characters (or the end of the line). */
  private type(stops: string, stopWord?: string): LLType {
    const { text, at } = this.span(stops, stopWord);
    if (text === "") this.expected("a type");
    return this.resolveType(text, at);
  }

  private resolveType(text: string, at: Pos): LLType {
    const arrayLine = this.arrayLines.get(text);
    if (arrayLine !== undefined && !this.declaredTypes.has(text)) {
      // An array declared further on: read its declaration now, then come back.
      const [line, col] = [this.line, this.col];
      this.line = arrayLine;
      this.col = 0;
      this.expect("array");
      this.arrayDeclaration();
      [this.line, this.col] = [line, col];
    }
    const known = this.declaredTypes.get(text) ?? this.env.types?.get(text) ?? this.madeTypes.get(text) ?? PRIMITIVES.find((p) => p.name === text);
    if (known) return known;
    const inner = /^Ptr\((.*)\)$/s.exec(text);
    if (inner) {
      const to = this.resolveType(inner[1]!, { line: at.line, column: at.column + 4 });
      if (to.kind === "primitive" || to.kind === "ptr") this.fail(`Ptr(...) points to a struct, an array or a function type, not ${typeName(to)}`, at);
      return this.made(Ptr(to));
    }
    if (text.startsWith("Func(")) {
      // Func(A, B) -> R: split at the commas and the arrow at depth 0.
      const parts: string[] = [];
      let depth = 0;
      let start = 5;
      let end = -1;
      for (let i = 5; i < text.length && end < 0; i++) {
        const ch = text[i]!;
        if (ch === "(" || ch === "<" || ch === "[") depth++;
        else if (ch === "]" || (ch === ">" && text[i - 1] !== "-")) depth--;
        else if (ch === ")" && depth-- === 0) end = i;
        if (depth === 0 && ch === ",") {
          parts.push(text.slice(start, i));
          start = i + 1;
        }
      }
      const arrow = end < 0 ? null : /^\s*->\s*/.exec(text.slice(end + 1));
      if (end >= 0 && arrow) {
        parts.push(text.slice(start, end));
        const args = parts.map((p) => p.trim()).filter((p, i) => p !== "" || i > 0 || parts.length > 1);
        const argTypes = args.map((a) => this.resolveType(a, at));
        const result = this.resolveType(text.slice(end + 1 + arrow[0].length), at);
        const made = new FuncType(argTypes, result);
        return this.madeTypes.get(typeName(made)) ?? this.made(made);
      }
    }
    return this.fail(`unknown type ${text} (declare it with struct or array, or give it in the environment)`, at);
  }

  private made<T extends LLType>(t: T): T {
    const name = typeName(t);
    const known = this.madeTypes.get(name);
    if (known) return known as T;
    this.madeTypes.set(name, t);
    return t;
  }

  /** The type of a pointer to a function of this signature: one object per signature. */
  private funcPointer(args: readonly LLType[], result: LLType): PtrType {
    const name = typeName(Ptr(new FuncType(args, result)));
    return (this.env.types?.get(name) as PtrType | undefined) ?? (this.madeTypes.get(name) as PtrType | undefined) ?? this.made(Ptr(this.made(new FuncType(args, result))));
  }

  // ---- graphs

  private graph(): GraphSyntax {
    const { text: name, at } = this.span("(");
    if (name === "") this.expected("the graph's name");
    this.expect("(");
    const params = this.params().map((v) => v.type);
    this.expect("->");
    const result = this.type("", " jit[");
    const jitHints = this.eat("jit[") ? this.jitHints() : [];
    this.endOfLine();
    this.line++;
    const blocks: BlockSyntax[] = [];
    for (;;) {
      while (this.line < this.lines.length && (this.lineIsBlank() || this.lines[this.line]!.trimStart().startsWith("#"))) this.line++;
      if (this.line >= this.lines.length) break;
      this.col = 0;
      if (/^(graph|struct|array|func|prebuilt)\b/.test(this.rest)) break;
      blocks.push(this.block(blocks));
    }
    if (blocks.length === 0) this.fail(`graph ${name} has no blocks`, at);
    const start = blocks[0]!.block.inputargs;
    if (start.length !== params.length || start.some((v, i) => v.type !== params[i])) {
      this.fail(`the first block's input arguments must have the graph's parameter types (${params.map(typeName).join(", ")})`, blocks[0]!.at);
    }
    return { name, at, params, result, jitHints, blocks };
  }

  /** `elidable, unrollSafe]` after `jit[`: the graph's JIT hints. */
  private jitHints(): LLJitHint[] {
    const hints: LLJitHint[] = [];
    do {
      this.skipSpaces();
      const at = this.here();
      const hint = this.ident("a JIT hint");
      if (!(LL_JIT_HINTS as readonly string[]).includes(hint)) this.fail(`unknown JIT hint '${hint}' (${LL_JIT_HINTS.join(", ")})`, at);
      if (hints.includes(hint as LLJitHint)) this.fail(`the JIT hint '${hint}' is written twice`, at);
      hints.push(hint as LLJitHint);
    } while (this.eat(","));
    this.expect("]", "',' or ']'");
    return hints;
  }

  private lineIsBlank(): boolean {
    return this.lines[this.line]!.trim() === "";
  }

  /** `name: Type, ...)` after the opening parenthesis, as variables. */
  private params(scope?: Map<string, LLVariable>): LLVariable[] {
    const vars: LLVariable[] = [];
    if (this.eat(")")) return vars;
    do {
      const at = this.here();
      const name = this.ident("a variable name");
      this.expect(":");
      const v = new LLVariable(this.type(",)"), hintOf(name));
      if (scope) {
        if (scope.has(name)) this.fail(`${name} is defined twice in this block`, at);
        scope.set(name, v);
      }
      vars.push(v);
    } while (this.eat(","));
    this.expect(")", "',' or ')'");
    return vars;
  }

  private block(previous: readonly BlockSyntax[]): BlockSyntax {
    const at = this.here();
    if (this.rest.startsWith(" ")) this.fail("expected a block (`name(inputs):`) at the start of the line");
    const name = this.ident("a block name (`block0(...):`)");
    if (previous.some((b) => b.name === name)) this.fail(`the block ${name} is defined twice`, at);
    this.expect("(");
    const scope = new Map<string, LLVariable>();
    const block = new LLBlock(this.params(scope));
    this.expect(":");
    this.endOfLine();
    this.line++;
    const syntax: BlockSyntax = { name, at, block, ops: [], scope, exitswitch: null, exits: [] };
    for (;;) {
      if (this.line >= this.lines.length) this.fail(`the block ${name} has no exit (goto, return, raise, if, switch or ok)`, at);
      this.col = 0;
      if (this.lineIsBlank() || this.rest.trimStart().startsWith("#")) {
        this.line++;
        continue;
      }
      if (!this.rest.startsWith(" ")) this.fail(`the block ${name} has no exit (goto, return, raise, if, switch or ok)`, this.here());
      if (this.exit(syntax)) return syntax;
      syntax.ops.push(this.operation(scope));
    }
  }

  /** An exit line (and the case lines after it); false if the line is an operation. */
  private exit(b: BlockSyntax): boolean {
    this.skipSpaces();
    if (/^[\w$.]+\s*[:=]/.test(this.rest)) return false; // an operation, whose result may be named like a keyword
    if (this.eat("goto")) {
      b.exits.push({ exitcase: null, target: this.target() });
    } else if (/^(return|raise)\b/.test(this.rest)) {
      b.exits.push({ exitcase: null, target: this.target() });
    } else if (this.eat("if")) {
      b.exitswitch = this.operand("", " then");
      this.expect("then");
      const then = this.target(" else");
      this.expect("else");
      b.exits.push({ exitcase: false, target: this.target() }, { exitcase: true, target: then });
    } else if (this.eat("ok")) {
      b.exitswitch = LL_LAST_EXCEPTION;
      this.expect("->");
      b.exits.push({ exitcase: null, target: this.target() });
      this.endOfLine();
      for (this.line++; this.line < this.lines.length; this.line++) {
        this.col = 0;
        if (!this.eat("catch")) break;
        this.skipSpaces();
        const at = this.here();
        const caught = this.eat("?") ? null : { name: this.ident("the caught exception's variable or '?'"), at, type: this.eat(":") ? this.type("", " ->") : undefined };
        this.expect("->");
        b.exits.push({ exitcase: LL_CATCH, caught, target: this.target() });
        this.endOfLine();
      }
      if (b.exits.length === 1) this.fail("expected a `catch name -> target` line after `ok ->`", { line: this.line + 1, column: 1 });
      return true;
    } else if (this.eat("switch")) {
      b.exitswitch = this.operand(":");
      this.expect(":");
      this.endOfLine();
      for (this.line++; this.line < this.lines.length; this.line++) {
        this.col = 0;
        this.skipSpaces();
        if (this.col === 0 || !/^(default|catch|true|false|-?\d)/.test(this.rest)) break;
        const at = this.here();
        let exitcase: LLLink["exitcase"];
        if (this.eat("default")) exitcase = LL_DEFAULT;
        else if (this.eat("catch")) exitcase = LL_CATCH;
        else if (this.eat("true")) exitcase = true;
        else if (this.eat("false")) exitcase = false;
        else {
          const m = /^-?\d+\b/.exec(this.rest);
          if (!m) this.expected("a case: an integer, true, false, default or catch");
          this.col += m[0].length;
          exitcase = Number(m[0]);
        }
        if (b.exits.some((e) => e.exitcase === exitcase)) this.fail("this case is already an exit", at);
        this.expect("->");
        b.exits.push({ exitcase, target: this.target() });
        this.endOfLine();
      }
      if (b.exits.length === 0) this.fail("expected a `case -> target` line after `switch`", { line: this.line + 1, column: 1 });
      return true;
    } else {
      return false;
    }
    this.endOfLine();
    this.line++;
    return true;
  }

  /** `block3(a, b)`, `return v` or `raise v`. */
  private target(stopWord?: string): TargetSyntax {
    this.skipSpaces();
    const at = this.here();
    for (const final of ["return", "raise"] as const) {
      if (this.eat(final)) return { block: { final }, args: [this.operand("", stopWord)], at };
    }
    const block = this.ident("a block name, `return` or `raise`");
    this.expect("(");
    return { block, args: this.operands(), at };
  }

  /** Operands up to and including the closing parenthesis. */
  private operands(): OperandSyntax[] {
    const args: OperandSyntax[] = [];
    if (this.eat(")")) return args;
    do args.push(this.operand(",)"));
    while (this.eat(","));
    this.expect(")", "',' or ')'");
    return args;
  }

  private operand(stops: string, stopWord?: string): OperandSyntax {
    this.skipSpaces();
    const at = this.here();
    const rest = this.rest;
    if (rest.startsWith('"')) return { kind: "string", value: this.string(), at };
    if (rest.startsWith("<")) {
      const { text } = this.span(stops + " ");
      if (!text.endsWith(">")) this.fail("expected a function or prebuilt object (`<fn name>`, `<name>`)", at);
      return { kind: "ref", text, at };
    }
    const number = NUMBER.exec(rest);
    if (number) {
      this.col += number[0].length;
      // A literal may say its type (`65: Char`): the printer writes it where the place does not imply it.
      return { kind: "number", text: number[0], at, type: this.eat(":") ? this.type(stops, stopWord) : undefined };
    }
    const { text } = this.span(stops, stopWord);
    if (text === "") this.expected("a value");
    const typed = /^(null|void|true|false)\s*:\s*/.exec(text);
    if (typed) {
      const type = this.resolveType(text.slice(typed[0].length), { line: at.line, column: at.column + typed[0].length });
      const word = typed[1]!;
      return word === "true" || word === "false" ? { kind: "bool", value: word === "true", at, type } : { kind: word as "null" | "void", at, type };
    }
    if (/^[A-Za-z_$][\w$.]*$/.test(text)) {
      if (text === "true" || text === "false") return { kind: "bool", value: text === "true", at };
      if (text === "null" || text === "void") return { kind: text, at };
      if (!this.knownTypeName(text)) return { kind: "var", name: text, at };
    }
    return { kind: "type", type: this.resolveType(text, at), at };
  }

  private knownTypeName(name: string): boolean {
    return PRIMITIVES.some((p) => p.name === name) || this.declaredTypes.has(name) || this.env.types?.has(name) === true;
  }

  private operation(scope: Map<string, LLVariable>): OpSyntax {
    this.skipSpaces();
    const at = this.here();
    const first = IDENT.exec(this.rest)?.[0];
    let resultName: string | undefined;
    let resultType: LLType | undefined;
    if (first !== undefined && !this.rest.slice(first.length).trimStart().startsWith("(")) {
      resultName = this.ident("a variable name");
      if (this.eat(":")) resultType = this.type("=");
      this.expect("=", resultType ? "'='" : "':', '=' or '('");
    }
    this.skipSpaces();
    const opAt = this.here();
    const opname = this.ident("an operation name");
    if (!isLLOpName(opname)) return this.fail(`unknown LL operation '${opname}'`, opAt);
    const info = LL_OPS[opname];
    this.expect("(");
    const args = this.operands();
    if (info.variadic ? args.length < info.args.length : args.length !== info.args.length) {
      this.fail(`${opname} takes ${info.variadic ? "at least " : ""}${info.args.length} operands, has ${args.length}`, opAt);
    }
    let pos: { line: number; column: number } | undefined;
    if (this.eat("@")) {
      const m = /^(\d+):(\d+)/.exec(this.rest);
      if (!m) this.expected("a position `@line:column`");
      this.col += m[0].length;
      pos = { line: Number(m[1]), column: Number(m[2]) };
    }
    this.endOfLine();
    this.line++;
    if (resultType === undefined) {
      const fromTable = PRIMITIVES.find((p) => p.name === info.result) ?? this.readType(opname, args, scope);
      if (resultName === undefined && fromTable !== Void) this.fail(`${opname} gives a ${info.result}: write \`name: Type = ${opname}(...)\``, at);
      if (!fromTable) this.fail(`${opname} gives a value of any type: write the result's type (\`${resultName}: Type = ...\`)`, at);
      resultType = fromTable;
    }
    const name = resultName ?? "v";
    if (resultName !== undefined && scope.has(resultName)) this.fail(`${resultName} is defined twice in this block`, at);
    const result = new LLVariable(resultType, hintOf(name));
    if (resultName !== undefined) scope.set(resultName, result);
    return { result, opname, info, args, pos, at };
  }

  /**
   * For a result written without its type: the type a read of a variable's field or item, or a
   * copy of a variable, gives (the field's or item's type, loaded: see lltype.ts widened).
   */
  private readType(opname: string, args: readonly OperandSyntax[], scope: Map<string, LLVariable>): LLType | undefined {
    const first = args[0];
    const type = first?.kind === "var" ? scope.get(first.name)?.type : undefined;
    if (opname === "same_as") return type;
    const to = type instanceof PtrType ? type.to : undefined;
    const name = args[1]?.kind === "string" ? args[1].value : undefined;
    const field = to instanceof StructType && name !== undefined ? fieldTypeOrUndefined(to, name) : undefined;
    if (opname === "getfield") return field && widened(field);
    if (opname === "getarrayitem") return to instanceof ArrayType ? widened(to.item) : undefined;
    if (opname === "getitemfield") {
      const third = args[2];
      const itemField = to && third?.kind === "string" ? inlineItemStruct(to)?.fields.find((f) => f.name === third.value) : undefined;
      return itemField && widened(itemField.type);
    }
    if (opname === "getinteriorfield") return field instanceof ArrayType ? widened(field.item) : undefined;
    return undefined;
  }

  // ---- building

  private makeGraph(g: GraphSyntax): void {
    const exceptionType = this.env.exceptionType ?? this.exceptionTypeByName();
    g.graph = new LLGraph(g.name, g.blocks[0]!.block, g.result, exceptionType, undefined);
    g.graph.jitHints = g.jitHints;
  }

  private exceptionTypeByName(): LLType {
    const object = this.declaredTypes.get("object") ?? this.env.types?.get("object");
    return object instanceof StructType ? this.made(Ptr(object)) : this.made(Ptr(new StructType("object", true, [])));
  }

  private fillGraph(g: GraphSyntax): void {
    const graph = g.graph!;
    const byName = new Map(g.blocks.map((b) => [b.name, b]));
    for (const b of g.blocks) {
      for (const op of b.ops) {
        const args: LLValue[] = [];
        op.args.forEach((a, i) => args.push(this.value(a, this.operandType(op, i, args, b.scope), b.scope, this.fits(op, i, b.scope))));
        b.block.operations.push(new LLOperation(op.opname, args, op.result, op.pos && { file: this.file, ...op.pos }));
      }
      const exits = b.exits.map((e) => this.link(e, b, byName, graph));
      let exitswitch: LLBlock["exitswitch"] = null;
      if (b.exitswitch === LL_LAST_EXCEPTION) exitswitch = LL_LAST_EXCEPTION;
      else if (b.exitswitch !== null) exitswitch = this.value(b.exitswitch, b.exits[0]!.exitcase === false ? Bool : undefined, b.scope);
      b.block.closeBlock(exits, exitswitch);
    }
    const reached = new Set(graph.iterBlocks());
    const unreached = g.blocks.find((b) => !reached.has(b.block));
    if (unreached) this.fail(`the block ${unreached.name} is never reached from the graph's first block`, unreached.at);
  }

  private link(e: ExitSyntax, b: BlockSyntax, byName: Map<string, BlockSyntax>, graph: LLGraph): LLLink {
    const t = e.target;
    let target: LLBlock;
    if (typeof t.block === "string") {
      const found = byName.get(t.block);
      if (!found) this.fail(`no block ${t.block} in this graph`, t.at);
      target = found.block;
    } else {
      target = t.block.final === "return" ? graph.returnblock : graph.exceptblock;
    }
    if (t.args.length !== target.inputargs.length) this.fail(`${typeof t.block === "string" ? t.block : t.block.final} takes ${target.inputargs.length} values, is given ${t.args.length}`, t.at);
    let scope = b.scope;
    let caught: LLVariable | null = null;
    if (e.caught) {
      if (scope.has(e.caught.name)) this.fail(`${e.caught.name} is already defined in this block`, e.caught.at);
      // The caught exception has the type written, else the one of the input argument it is passed to, else the exception type.
      const index = t.args.findIndex((a) => a.kind === "var" && a.name === e.caught!.name);
      caught = new LLVariable(e.caught.type ?? (index >= 0 ? target.inputargs[index]!.type : graph.exceptblock.inputargs[0]!.type), hintOf(e.caught.name));
      scope = new Map([...scope, [e.caught.name, caught]]);
    }
    const link = new LLLink(
      t.args.map((a, i) => this.value(a, target.inputargs[i]!.type, scope)),
      target,
      e.exitcase,
    );
    link.caught = caught;
    return link;
  }

  /** The type operand i of op has, as far as the table and the operands before it tell (print-llgraph.ts impliedOperandType). */
  private operandType(op: OpSyntax, i: number, before: readonly LLValue[], scope: Map<string, LLVariable>): LLType | undefined {
    const typeOf = (j: number): LLType | undefined => {
      if (j < before.length) return before[j]!.type;
      const a = op.args[j];
      return a?.kind === "var" ? scope.get(a.name)?.type : undefined;
    };
    const valueOf = (j: number) => (before[j] instanceof LLConstant ? before[j].value : undefined);
    return impliedOperandType(op.opname, i, typeOf, valueOf, op.result.type);
  }

  /**
   * Which of the functions or prebuilt objects of one printed name may stand as operand i: for a
   * call, the function whose parameters are the types of the variables passed and whose result
   * the call's; for a field's struct, the pointer to the struct that declares the field (the
   * rtyper casts to it before it reads or writes).
   */
  private fits(op: OpSyntax, i: number, scope: Map<string, LLVariable>): ((c: LLConstant) => boolean) | undefined {
    if (i !== 0) return undefined;
    if (op.opname === "direct_call") {
      return (c) => {
        const fn = c.type instanceof PtrType ? c.type.to : undefined;
        if (!(fn instanceof FuncType) || fn.args.length !== op.args.length - 1 || fn.result !== op.result.type) return false;
        return op.args.slice(1).every((a, j) => a.kind !== "var" || scope.get(a.name)?.type === fn.args[j]);
      };
    }
    const name = op.args[1];
    if (op.info.args[1] === "name" && name?.kind === "string") {
      return (c) => c.type instanceof PtrType && c.type.to instanceof StructType && c.type.to.fields.some((f) => f.name === name.value);
    }
    return undefined;
  }

  private value(a: OperandSyntax, expected: LLType | undefined, scope: Map<string, LLVariable>, fits?: (c: LLConstant) => boolean): LLValue {
    if (a.kind === "var") {
      const v = scope.get(a.name);
      if (!v) this.fail(`${a.name} is not defined in this block (variables are block-local: pass it on the links)`, a.at);
      return v;
    }
    return this.constant(a, expected, fits);
  }

  private constant(a: OperandSyntax, implied: LLType | undefined, fits?: (c: LLConstant) => boolean): LLConstant {
    // The type a literal says it has (`65: Char`) is its type, whatever its place implies.
    const expected = (a.kind === "number" || a.kind === "bool" || a.kind === "null" || a.kind === "void" ? a.type : undefined) ?? implied;
    const wrong = (what: string): never => this.fail(`${what} where a ${typeName(expected!)} is expected`, a.at);
    switch (a.kind) {
      case "var":
        return this.fail(`expected a constant, found the name ${a.name}`, a.at);
      case "number": {
        const value = Number(a.text);
        const isInt = /^-?\d+$/.test(a.text);
        const type = expected ?? (isInt ? Signed : Float);
        if (type === Float || type === Float32) return new LLConstant(value, type);
        if (!(type instanceof PrimitiveType) || type === Void || type === Bool) return wrong(`the number ${a.text}`);
        if (!isInt) return wrong(`the number ${a.text}, not an integer,`);
        return new LLConstant(value, type);
      }
      case "bool":
        if (expected !== undefined && expected !== Bool) wrong(`${a.value}`);
        return new LLConstant(a.value, Bool);
      case "string":
        if (expected !== undefined && expected !== Void) wrong(`a string`);
        return new LLConstant(a.value, Void);
      case "void":
        if (expected !== undefined && expected !== Void) wrong("void");
        return new LLConstant(null, Void);
      case "null":
        if (!(expected instanceof PtrType)) return this.fail(expected ? `null where a ${typeName(expected)} is expected` : "null of a type nothing here tells (write `null: Ptr(T)`)", a.at);
        return new LLConstant(null, expected);
      case "type":
        if (expected !== undefined && expected !== Void) wrong(`the type ${typeName(a.type)}`);
        return new LLConstant(a.type, Void);
      case "ref": {
        // A prebuilt object is seen through the pointer type its place wants (a subclass
        // instance where its base is expected), else through a pointer to the struct of the
        // field it is asked for, else through a pointer to its own type.
        const candidates = this.references(a.text, a.at);
        const wants = (c: LLConstant) => (expected ? c.type === expected : fits ? fits(c) : true);
        const chosen = candidates.find(wants) ?? candidates[0]!;
        const v = chosen.value as LLPrebuilt | LLFunctionRef;
        if (v.kind === "function") return new LLConstant(v, chosen.type);
        // An item of an array of inline structs: the struct's prebuilt, as the value itself.
        if (expected instanceof StructType && !expected.gc && v.type === expected) return new LLConstant(v, expected);
        if (expected instanceof PtrType && !(expected.to instanceof FuncType)) return new LLConstant(v, expected);
        if (v.type instanceof StructType && fits) {
          for (let s: StructType | undefined = v.type; s; s = s.fields[0]?.type instanceof StructType ? s.fields[0].type : undefined) {
            if (fits(new LLConstant(v, Ptr(s)))) return new LLConstant(v, Ptr(s));
          }
        }
        return v.type instanceof StructType || v.type instanceof ArrayType ? new LLConstant(v, Ptr(v.type)) : chosen;
      }
    }
  }

  /** What `<...>` names: what the text declares or defines, else the environment's (several for one name), else a string made here. */
  private references(text: string, at: Pos): LLConstant[] {
    const known = this.declaredConstants.get(text);
    if (known) return [known];
    const fn = /^<fn (.*)>$/s.exec(text);
    if (fn) {
      const graphs = this.graphs.filter((g) => g.name === fn[1]);
      if (graphs.length > 0) return graphs.map((g) => new LLConstant({ kind: "function", name: g.name, graph: g.graph }, this.funcPointer(g.params, g.result)));
    }
    const fromEnv = this.env.constants?.get(text);
    if (fromEnv && fromEnv.length > 0) return [...fromEnv];
    const str = /^<str ("(?:[^"\\]|\\.)*")>$/s.exec(text);
    if (str) {
      let value: string;
      try {
        value = JSON.parse(str[1]!) as string;
      } catch {
        return this.fail("expected a string literal (JSON) in <str ...>", at);
      }
      const made = new LLConstant(
        { kind: "prebuilt", type: STR, name: `str ${str[1]}`, fields: new Map([["hash", new LLConstant(0, Signed)]]), items: Array.from({ length: value.length }, (_, i) => new LLConstant(value.charCodeAt(i), Char)) },
        Ptr(STR),
      );
      this.declaredConstants.set(text, made);
      return [made];
    }
    return this.fail(fn ? `unknown function ${fn[1]} (declare it with func, or define its graph in the text)` : `unknown prebuilt object ${text} (declare it with prebuilt)`, at);
  }
}

/** The type of a field of the struct or of a base struct nested first in it, if it has one. */
function fieldTypeOrUndefined(struct: StructType, name: string): LLType | undefined {
  try {
    return fieldType(struct, name);
  } catch {
    return undefined;
  }
}

/** The hint of a printed variable name: `a_0` -> `a`; a name without a number is its own hint. */
function hintOf(name: string): string {
  const m = /^(.+)_\d+$/.exec(name);
  return m ? m[1]! : name;
}
