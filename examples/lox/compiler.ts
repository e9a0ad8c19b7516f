// The Lox compiler (clox's compiler.c): a single-pass Pratt parser that emits bytecode while it
// parses, resolving locals and upvalues as it goes. Compile errors are printed to stderr in
// clox's format (`[line N] Error at 'x': message`); after an error the parser enters panic mode
// and resynchronises at the next statement boundary, so several errors may be reported.

import {
  OP_ADD, OP_CALL, OP_CLASS, OP_CLOSE_UPVALUE, OP_CLOSURE, OP_CONSTANT, OP_DEFINE_GLOBAL, OP_DIVIDE,
  OP_EQUAL, OP_FALSE, OP_GET_GLOBAL, OP_GET_LOCAL, OP_GET_PROPERTY, OP_GET_SUPER, OP_GET_UPVALUE,
  OP_GREATER, OP_INHERIT, OP_INVOKE, OP_JUMP, OP_JUMP_IF_FALSE, OP_LESS, OP_LOOP, OP_METHOD,
  OP_MULTIPLY, OP_NEGATE, OP_NIL, OP_NOT, OP_POP, OP_PRINT, OP_RETURN, OP_SET_GLOBAL, OP_SET_LOCAL,
  OP_SET_PROPERTY, OP_SET_UPVALUE, OP_SUBTRACT, OP_SUPER_INVOKE, OP_TRUE, Chunk,
} from "./chunk.ts";
import {
  Scanner, Token, TOKEN_AND, TOKEN_BANG, TOKEN_BANG_EQUAL, TOKEN_CLASS, TOKEN_COMMA, TOKEN_COUNT,
  TOKEN_DOT, TOKEN_ELSE, TOKEN_EOF, TOKEN_EQUAL, TOKEN_EQUAL_EQUAL, TOKEN_ERROR, TOKEN_FALSE,
  TOKEN_FOR, TOKEN_FUN, TOKEN_GREATER, TOKEN_GREATER_EQUAL, TOKEN_IDENTIFIER, TOKEN_IF,
  TOKEN_LEFT_BRACE, TOKEN_LEFT_PAREN, TOKEN_LESS, TOKEN_LESS_EQUAL, TOKEN_MINUS, TOKEN_NIL,
  TOKEN_NUMBER, TOKEN_OR, TOKEN_PLUS, TOKEN_PRINT, TOKEN_RETURN, TOKEN_RIGHT_BRACE,
  TOKEN_RIGHT_PAREN, TOKEN_SEMICOLON, TOKEN_SLASH, TOKEN_STAR, TOKEN_STRING, TOKEN_SUPER,
  TOKEN_THIS, TOKEN_TRUE, TOKEN_VAR, TOKEN_WHILE,
} from "./scanner.ts";
import { Globals, LoxNumber, LoxValue, ObjFunction, ObjString } from "./value.ts";

/** As clox's UINT8_COUNT: the limit on locals, upvalues, constants per chunk. */
const UINT8_COUNT = 256;
const UINT16_MAX = 65535;

// Precedences, lowest to highest.
const PREC_NONE = 0;
const PREC_ASSIGNMENT = 1; // =
const PREC_OR = 2; // or
const PREC_AND = 3; // and
const PREC_EQUALITY = 4; // == !=
const PREC_COMPARISON = 5; // < > <= >=
const PREC_TERM = 6; // + -
const PREC_FACTOR = 7; // * /
const PREC_UNARY = 8; // ! -
const PREC_CALL = 9; // . ()

// Parse functions of the Pratt table (clox's ParseFn pointers), dispatched by a switch.
const PARSE_NONE = 0;
const PARSE_GROUPING = 1;
const PARSE_CALL = 2;
const PARSE_DOT = 3;
const PARSE_UNARY = 4;
const PARSE_BINARY = 5;
const PARSE_VARIABLE = 6;
const PARSE_STRING = 7;
const PARSE_NUMBER = 8;
const PARSE_AND = 9;
const PARSE_OR = 10;
const PARSE_LITERAL = 11;
const PARSE_SUPER = 12;
const PARSE_THIS = 13;

// The rule table, indexed by token type (built at import time).
const PREFIX_RULES: number[] = [];
const INFIX_RULES: number[] = [];
const PRECEDENCES: number[] = [];
for (let i = 0; i < TOKEN_COUNT; i++) {
  PREFIX_RULES.push(PARSE_NONE);
  INFIX_RULES.push(PARSE_NONE);
  PRECEDENCES.push(PREC_NONE);
}
function rule(token: number, prefix: number, infix: number, precedence: number): void {
  PREFIX_RULES[token] = prefix;
  INFIX_RULES[token] = infix;
  PRECEDENCES[token] = precedence;
}
rule(TOKEN_LEFT_PAREN, PARSE_GROUPING, PARSE_CALL, PREC_CALL);
rule(TOKEN_DOT, PARSE_NONE, PARSE_DOT, PREC_CALL);
rule(TOKEN_MINUS, PARSE_UNARY, PARSE_BINARY, PREC_TERM);
rule(TOKEN_PLUS, PARSE_NONE, PARSE_BINARY, PREC_TERM);
rule(TOKEN_SLASH, PARSE_NONE, PARSE_BINARY, PREC_FACTOR);
rule(TOKEN_STAR, PARSE_NONE, PARSE_BINARY, PREC_FACTOR);
rule(TOKEN_BANG, PARSE_UNARY, PARSE_NONE, PREC_NONE);
rule(TOKEN_BANG_EQUAL, PARSE_NONE, PARSE_BINARY, PREC_EQUALITY);
rule(TOKEN_EQUAL_EQUAL, PARSE_NONE, PARSE_BINARY, PREC_EQUALITY);
rule(TOKEN_GREATER, PARSE_NONE, PARSE_BINARY, PREC_COMPARISON);
rule(TOKEN_GREATER_EQUAL, PARSE_NONE, PARSE_BINARY, PREC_COMPARISON);
rule(TOKEN_LESS, PARSE_NONE, PARSE_BINARY, PREC_COMPARISON);
rule(TOKEN_LESS_EQUAL, PARSE_NONE, PARSE_BINARY, PREC_COMPARISON);
rule(TOKEN_IDENTIFIER, PARSE_VARIABLE, PARSE_NONE, PREC_NONE);
rule(TOKEN_STRING, PARSE_STRING, PARSE_NONE, PREC_NONE);
rule(TOKEN_NUMBER, PARSE_NUMBER, PARSE_NONE, PREC_NONE);
rule(TOKEN_AND, PARSE_NONE, PARSE_AND, PREC_AND);
rule(TOKEN_FALSE, PARSE_LITERAL, PARSE_NONE, PREC_NONE);
rule(TOKEN_NIL, PARSE_LITERAL, PARSE_NONE, PREC_NONE);
rule(TOKEN_OR, PARSE_NONE, PARSE_OR, PREC_OR);
rule(TOKEN_SUPER, PARSE_SUPER, PARSE_NONE, PREC_NONE);
rule(TOKEN_THIS, PARSE_THIS, PARSE_NONE, PREC_NONE);
rule(TOKEN_TRUE, PARSE_LITERAL, PARSE_NONE, PREC_NONE);

// Kinds of function being compiled.
const TYPE_FUNCTION = 0;
const TYPE_INITIALIZER = 1;
const TYPE_METHOD = 2;
const TYPE_SCRIPT = 3;

class Local {
  name: string;
  /** Scope depth, or -1 while the variable is declared but not yet initialised. */
  depth: number;
  isCaptured: boolean;
  constructor(name: string, depth: number) {
    this.name = name;
    this.depth = depth;
    this.isCaptured = false;
  }
}

class UpvalueRef {
  index: number;
  isLocal: boolean;
  constructor(index: number, isLocal: boolean) {
    this.index = index;
    this.isLocal = isLocal;
  }
}

/** The state of one function being compiled (clox's Compiler). */
class FunctionCompiler {
  enclosing: FunctionCompiler | null;
  function: ObjFunction;
  type: number;
  locals: Local[];
  upvalues: UpvalueRef[];
  scopeDepth: number;
  constructor(enclosing: FunctionCompiler | null, fn: ObjFunction, type: number) {
    this.enclosing = enclosing;
    this.function = fn;
    this.type = type;
    this.locals = [];
    this.upvalues = [];
    this.scopeDepth = 0;
  }
}

class ClassCompiler {
  enclosing: ClassCompiler | null;
  hasSuperclass: boolean;
  constructor(enclosing: ClassCompiler | null) {
    this.enclosing = enclosing;
    this.hasSuperclass = false;
  }
}

/**
 * Compiles source; returns the script function, or null after printing compile errors. Global
 * variable names get their slots in globals.
 */
export function compile(source: string, globals: Globals): ObjFunction | null {
  const parser = new Parser(source, globals);
  return parser.compileScript();
}

class Parser {
  scanner: Scanner;
  current: Token;
  previous: Token;
  hadError: boolean;
  panicMode: boolean;
  compiler: FunctionCompiler;
  currentClass: ClassCompiler | null;
  globals: Globals;

  constructor(source: string, globals: Globals) {
    this.scanner = new Scanner(source);
    this.current = new Token(TOKEN_EOF, "", 1);
    this.previous = this.current;
    this.hadError = false;
    this.panicMode = false;
    this.compiler = newFunctionCompiler(null, TYPE_SCRIPT, "");
    this.currentClass = null;
    this.globals = globals;
  }

  compileScript(): ObjFunction | null {
    this.advance();
    while (!this.match(TOKEN_EOF)) {
      this.declaration();
    }
    const fn = this.endCompiler();
    return this.hadError ? null : fn;
  }

  // ---- Errors ----

  errorAt(token: Token, message: string): void {
    if (this.panicMode) return;
    this.panicMode = true;
    let where: string;
    if (token.type === TOKEN_EOF) {
      where = " at end";
    } else if (token.type === TOKEN_ERROR) {
      where = "";
    } else {
      where = ` at '${token.lexeme}'`;
    }
    console.error(`[line ${token.line}] Error${where}: ${message}`);
    this.hadError = true;
  }

  error(message: string): void {
    this.errorAt(this.previous, message);
  }

  errorAtCurrent(message: string): void {
    this.errorAt(this.current, message);
  }

  // ---- Tokens ----

  advance(): void {
    this.previous = this.current;
    for (;;) {
      this.current = this.scanner.scanToken();
      if (this.current.type !== TOKEN_ERROR) break;
      this.errorAtCurrent(this.current.lexeme);
    }
  }

  consume(type: number, message: string): void {
    if (this.current.type === type) {
      this.advance();
      return;
    }
    this.errorAtCurrent(message);
  }

  check(type: number): boolean {
    return this.current.type === type;
  }

  match(type: number): boolean {
    if (!this.check(type)) return false;
    this.advance();
    return true;
  }

  // ---- Emitting code ----

  currentChunk(): Chunk {
    return this.compiler.function.chunk;
  }

  emitByte(byte: number): void {
    this.currentChunk().write(byte, this.previous.line);
  }

  emitBytes(byte1: number, byte2: number): void {
    this.emitByte(byte1);
    this.emitByte(byte2);
  }

  emitLoop(loopStart: number): void {
    this.emitByte(OP_LOOP);
    const offset = this.currentChunk().code.length - loopStart + 2;
    if (offset > UINT16_MAX) this.error("Loop body too large.");
    this.emitByte((offset >> 8) & 0xff);
    this.emitByte(offset & 0xff);
  }

  emitJump(instruction: number): number {
    this.emitByte(instruction);
    this.emitByte(0xff);
    this.emitByte(0xff);
    return this.currentChunk().code.length - 2;
  }

  emitReturn(): void {
    if (this.compiler.type === TYPE_INITIALIZER) {
      this.emitBytes(OP_GET_LOCAL, 0);
    } else {
      this.emitByte(OP_NIL);
    }
    this.emitByte(OP_RETURN);
  }

  makeConstant(value: LoxValue, name: string, globalSlot: number): number {
    const constant = this.currentChunk().addConstant(value, name, globalSlot);
    if (constant >= UINT8_COUNT) {
      this.error("Too many constants in one chunk.");
      return 0;
    }
    return constant;
  }

  emitConstant(value: LoxValue, name: string): void {
    this.emitBytes(OP_CONSTANT, this.makeConstant(value, name, -1));
  }

  patchJump(offset: number): void {
    // -2 to adjust for the bytecode for the jump offset itself.
    const jump = this.currentChunk().code.length - offset - 2;
    if (jump > UINT16_MAX) {
      this.error("Too much code to jump over.");
    }
    const code = this.currentChunk().code;
    code[offset] = (jump >> 8) & 0xff;
    code[offset + 1] = jump & 0xff;
  }

  endCompiler(): ObjFunction {
    this.emitReturn();
    const fn = this.compiler.function;
    const enclosing = this.compiler.enclosing;
    if (enclosing !== null) this.compiler = enclosing;
    return fn;
  }

  beginScope(): void {
    this.compiler.scopeDepth++;
  }

  endScope(): void {
    const compiler = this.compiler;
    compiler.scopeDepth--;
    const locals = compiler.locals;
    while (locals.length > 0 && locals[locals.length - 1].depth > compiler.scopeDepth) {
      if (locals[locals.length - 1].isCaptured) {
        this.emitByte(OP_CLOSE_UPVALUE);
      } else {
        this.emitByte(OP_POP);
      }
      locals.pop();
    }
  }

  // ---- Variables ----

  identifierConstant(name: string): number {
    return this.makeConstant(new ObjString(name), name, -1);
  }

  /** identifierConstant for a name that may be used as a global variable: it gets a slot too. */
  globalConstant(name: string): number {
    return this.makeConstant(new ObjString(name), name, this.globals.slotFor(name));
  }

  resolveLocal(compiler: FunctionCompiler, name: string): number {
    const locals = compiler.locals;
    for (let i = locals.length - 1; i >= 0; i--) {
      const local = locals[i];
      if (local.name === name) {
        if (local.depth === -1) {
          this.error("Can't read local variable in its own initializer.");
        }
        return i;
      }
    }
    return -1;
  }

  addUpvalue(compiler: FunctionCompiler, index: number, isLocal: boolean): number {
    const upvalues = compiler.upvalues;
    const upvalueCount = compiler.function.upvalueCount;
    for (let i = 0; i < upvalueCount; i++) {
      const upvalue = upvalues[i];
      if (upvalue.index === index && upvalue.isLocal === isLocal) {
        return i;
      }
    }
    if (upvalueCount === UINT8_COUNT) {
      this.error("Too many closure variables in function.");
      return 0;
    }
    upvalues.push(new UpvalueRef(index, isLocal));
    return compiler.function.upvalueCount++;
  }

  resolveUpvalue(compiler: FunctionCompiler, name: string): number {
    const enclosing = compiler.enclosing;
    if (enclosing === null) return -1;
    const local = this.resolveLocal(enclosing, name);
    if (local !== -1) {
      enclosing.locals[local].isCaptured = true;
      return this.addUpvalue(compiler, local, true);
    }
    const upvalue = this.resolveUpvalue(enclosing, name);
    if (upvalue !== -1) {
      return this.addUpvalue(compiler, upvalue, false);
    }
    return -1;
  }

  addLocal(name: string): void {
    if (this.compiler.locals.length === UINT8_COUNT) {
      this.error("Too many local variables in function.");
      return;
    }
    this.compiler.locals.push(new Local(name, -1));
  }

  declareVariable(): void {
    const compiler = this.compiler;
    if (compiler.scopeDepth === 0) return;
    const name = this.previous.lexeme;
    const locals = compiler.locals;
    for (let i = locals.length - 1; i >= 0; i--) {
      const local = locals[i];
      if (local.depth !== -1 && local.depth < compiler.scopeDepth) break;
      if (local.name === name) {
        this.error("Already a variable with this name in this scope.");
      }
    }
    this.addLocal(name);
  }

  parseVariable(errorMessage: string): number {
    this.consume(TOKEN_IDENTIFIER, errorMessage);
    this.declareVariable();
    if (this.compiler.scopeDepth > 0) return 0;
    return this.globalConstant(this.previous.lexeme);
  }

  markInitialized(): void {
    const compiler = this.compiler;
    if (compiler.scopeDepth === 0) return;
    compiler.locals[compiler.locals.length - 1].depth = compiler.scopeDepth;
  }

  defineVariable(global: number): void {
    if (this.compiler.scopeDepth > 0) {
      this.markInitialized();
      return;
    }
    this.emitBytes(OP_DEFINE_GLOBAL, global);
  }

  namedVariable(name: string, canAssign: boolean): void {
    let getOp: number;
    let setOp: number;
    let arg = this.resolveLocal(this.compiler, name);
    if (arg !== -1) {
      getOp = OP_GET_LOCAL;
      setOp = OP_SET_LOCAL;
    } else {
      arg = this.resolveUpvalue(this.compiler, name);
      if (arg !== -1) {
        getOp = OP_GET_UPVALUE;
        setOp = OP_SET_UPVALUE;
      } else {
        arg = this.globalConstant(name);
        getOp = OP_GET_GLOBAL;
        setOp = OP_SET_GLOBAL;
      }
    }
    if (canAssign && this.match(TOKEN_EQUAL)) {
      this.expression();
      this.emitBytes(setOp, arg);
    } else {
      this.emitBytes(getOp, arg);
    }
  }

  argumentList(): number {
    let argCount = 0;
    if (!this.check(TOKEN_RIGHT_PAREN)) {
      do {
        this.expression();
        if (argCount === 255) {
          this.error("Can't have more than 255 arguments.");
        }
        argCount++;
      } while (this.match(TOKEN_COMMA));
    }
    this.consume(TOKEN_RIGHT_PAREN, "Expect ')' after arguments.");
    // clox keeps the count in a uint8_t.
    return argCount & 0xff;
  }

  // ---- Expressions ----

  parsePrecedence(precedence: number): void {
    this.advance();
    const prefixRule = PREFIX_RULES[this.previous.type];
    if (prefixRule === PARSE_NONE) {
      this.error("Expect expression.");
      return;
    }
    const canAssign = precedence <= PREC_ASSIGNMENT;
    this.runRule(prefixRule, canAssign);

    while (precedence <= PRECEDENCES[this.current.type]) {
      this.advance();
      this.runRule(INFIX_RULES[this.previous.type], canAssign);
    }

    if (canAssign && this.match(TOKEN_EQUAL)) {
      this.error("Invalid assignment target.");
    }
  }

  runRule(parseFn: number, canAssign: boolean): void {
    switch (parseFn) {
      case PARSE_GROUPING: this.grouping(); break;
      case PARSE_CALL: this.callExpr(); break;
      case PARSE_DOT: this.dot(canAssign); break;
      case PARSE_UNARY: this.unary(); break;
      case PARSE_BINARY: this.binary(); break;
      case PARSE_VARIABLE: this.namedVariable(this.previous.lexeme, canAssign); break;
      case PARSE_STRING: this.stringExpr(); break;
      case PARSE_NUMBER: this.numberExpr(); break;
      case PARSE_AND: this.andExpr(); break;
      case PARSE_OR: this.orExpr(); break;
      case PARSE_LITERAL: this.literal(); break;
      case PARSE_SUPER: this.superExpr(); break;
      case PARSE_THIS: this.thisExpr(); break;
    }
  }

  expression(): void {
    this.parsePrecedence(PREC_ASSIGNMENT);
  }

  grouping(): void {
    this.expression();
    this.consume(TOKEN_RIGHT_PAREN, "Expect ')' after expression.");
  }

  callExpr(): void {
    const argCount = this.argumentList();
    this.emitBytes(OP_CALL, argCount);
  }

  dot(canAssign: boolean): void {
    this.consume(TOKEN_IDENTIFIER, "Expect property name after '.'.");
    const name = this.identifierConstant(this.previous.lexeme);
    if (canAssign && this.match(TOKEN_EQUAL)) {
      this.expression();
      this.emitBytes(OP_SET_PROPERTY, name);
    } else if (this.match(TOKEN_LEFT_PAREN)) {
      const argCount = this.argumentList();
      this.emitBytes(OP_INVOKE, name);
      this.emitByte(argCount);
    } else {
      this.emitBytes(OP_GET_PROPERTY, name);
    }
  }

  unary(): void {
    const operatorType = this.previous.type;
    this.parsePrecedence(PREC_UNARY);
    if (operatorType === TOKEN_BANG) {
      this.emitByte(OP_NOT);
    } else {
      this.emitByte(OP_NEGATE);
    }
  }

  binary(): void {
    const operatorType = this.previous.type;
    this.parsePrecedence(PRECEDENCES[operatorType] + 1);
    switch (operatorType) {
      case TOKEN_BANG_EQUAL: this.emitBytes(OP_EQUAL, OP_NOT); break;
      case TOKEN_EQUAL_EQUAL: this.emitByte(OP_EQUAL); break;
      case TOKEN_GREATER: this.emitByte(OP_GREATER); break;
      case TOKEN_GREATER_EQUAL: this.emitBytes(OP_LESS, OP_NOT); break;
      case TOKEN_LESS: this.emitByte(OP_LESS); break;
      case TOKEN_LESS_EQUAL: this.emitBytes(OP_GREATER, OP_NOT); break;
      case TOKEN_PLUS: this.emitByte(OP_ADD); break;
      case TOKEN_MINUS: this.emitByte(OP_SUBTRACT); break;
      case TOKEN_STAR: this.emitByte(OP_MULTIPLY); break;
      case TOKEN_SLASH: this.emitByte(OP_DIVIDE); break;
    }
  }

  numberExpr(): void {
    this.emitConstant(new LoxNumber(Number(this.previous.lexeme)), "");
  }

  stringExpr(): void {
    const lexeme = this.previous.lexeme;
    const chars = lexeme.substring(1, lexeme.length - 1);
    this.emitConstant(new ObjString(chars), chars);
  }

  literal(): void {
    switch (this.previous.type) {
      case TOKEN_FALSE: this.emitByte(OP_FALSE); break;
      case TOKEN_NIL: this.emitByte(OP_NIL); break;
      case TOKEN_TRUE: this.emitByte(OP_TRUE); break;
    }
  }

  andExpr(): void {
    const endJump = this.emitJump(OP_JUMP_IF_FALSE);
    this.emitByte(OP_POP);
    this.parsePrecedence(PREC_AND);
    this.patchJump(endJump);
  }

  orExpr(): void {
    const elseJump = this.emitJump(OP_JUMP_IF_FALSE);
    const endJump = this.emitJump(OP_JUMP);
    this.patchJump(elseJump);
    this.emitByte(OP_POP);
    this.parsePrecedence(PREC_OR);
    this.patchJump(endJump);
  }

  superExpr(): void {
    const currentClass = this.currentClass;
    if (currentClass === null) {
      this.error("Can't use 'super' outside of a class.");
    } else if (!currentClass.hasSuperclass) {
      this.error("Can't use 'super' in a class with no superclass.");
    }
    this.consume(TOKEN_DOT, "Expect '.' after 'super'.");
    this.consume(TOKEN_IDENTIFIER, "Expect superclass method name.");
    const name = this.identifierConstant(this.previous.lexeme);

    this.namedVariable("this", false);
    if (this.match(TOKEN_LEFT_PAREN)) {
      const argCount = this.argumentList();
      this.namedVariable("super", false);
      this.emitBytes(OP_SUPER_INVOKE, name);
      this.emitByte(argCount);
    } else {
      this.namedVariable("super", false);
      this.emitBytes(OP_GET_SUPER, name);
    }
  }

  thisExpr(): void {
    if (this.currentClass === null) {
      this.error("Can't use 'this' outside of a class.");
      return;
    }
    this.namedVariable(this.previous.lexeme, false);
  }

  // ---- Statements and declarations ----

  block(): void {
    while (!this.check(TOKEN_RIGHT_BRACE) && !this.check(TOKEN_EOF)) {
      this.declaration();
    }
    this.consume(TOKEN_RIGHT_BRACE, "Expect '}' after block.");
  }

  compileFunction(type: number): void {
    const compiler = newFunctionCompiler(this.compiler, type, this.previous.lexeme);
    this.compiler = compiler;
    this.beginScope();

    this.consume(TOKEN_LEFT_PAREN, "Expect '(' after function name.");
    if (!this.check(TOKEN_RIGHT_PAREN)) {
      do {
        compiler.function.arity++;
        if (compiler.function.arity > 255) {
          this.errorAtCurrent("Can't have more than 255 parameters.");
        }
        const constant = this.parseVariable("Expect parameter name.");
        this.defineVariable(constant);
      } while (this.match(TOKEN_COMMA));
    }
    this.consume(TOKEN_RIGHT_PAREN, "Expect ')' after parameters.");
    this.consume(TOKEN_LEFT_BRACE, "Expect '{' before function body.");
    this.block();

    const fn = this.endCompiler();
    this.emitBytes(OP_CLOSURE, this.makeConstant(fn, "", -1));
    for (let i = 0; i < fn.upvalueCount; i++) {
      const upvalue = compiler.upvalues[i];
      this.emitByte(upvalue.isLocal ? 1 : 0);
      this.emitByte(upvalue.index);
    }
  }

  method(): void {
    this.consume(TOKEN_IDENTIFIER, "Expect method name.");
    const constant = this.identifierConstant(this.previous.lexeme);
    const type = this.previous.lexeme === "init" ? TYPE_INITIALIZER : TYPE_METHOD;
    this.compileFunction(type);
    this.emitBytes(OP_METHOD, constant);
  }

  classDeclaration(): void {
    this.consume(TOKEN_IDENTIFIER, "Expect class name.");
    const className = this.previous.lexeme;
    const nameConstant = this.globalConstant(className);
    this.declareVariable();

    this.emitBytes(OP_CLASS, nameConstant);
    this.defineVariable(nameConstant);

    const classCompiler = new ClassCompiler(this.currentClass);
    this.currentClass = classCompiler;

    if (this.match(TOKEN_LESS)) {
      this.consume(TOKEN_IDENTIFIER, "Expect superclass name.");
      this.namedVariable(this.previous.lexeme, false);
      if (className === this.previous.lexeme) {
        this.error("A class can't inherit from itself.");
      }
      this.beginScope();
      this.addLocal("super");
      this.defineVariable(0);

      this.namedVariable(className, false);
      this.emitByte(OP_INHERIT);
      classCompiler.hasSuperclass = true;
    }

    this.namedVariable(className, false);
    this.consume(TOKEN_LEFT_BRACE, "Expect '{' before class body.");
    while (!this.check(TOKEN_RIGHT_BRACE) && !this.check(TOKEN_EOF)) {
      this.method();
    }
    this.consume(TOKEN_RIGHT_BRACE, "Expect '}' after class body.");
    this.emitByte(OP_POP);

    if (classCompiler.hasSuperclass) {
      this.endScope();
    }
    this.currentClass = classCompiler.enclosing;
  }

  funDeclaration(): void {
    const global = this.parseVariable("Expect function name.");
    this.markInitialized();
    this.compileFunction(TYPE_FUNCTION);
    this.defineVariable(global);
  }

  varDeclaration(): void {
    const global = this.parseVariable("Expect variable name.");
    if (this.match(TOKEN_EQUAL)) {
      this.expression();
    } else {
      this.emitByte(OP_NIL);
    }
    this.consume(TOKEN_SEMICOLON, "Expect ';' after variable declaration.");
    this.defineVariable(global);
  }

  expressionStatement(): void {
    this.expression();
    this.consume(TOKEN_SEMICOLON, "Expect ';' after expression.");
    this.emitByte(OP_POP);
  }

  forStatement(): void {
    this.beginScope();
    this.consume(TOKEN_LEFT_PAREN, "Expect '(' after 'for'.");
    if (this.match(TOKEN_SEMICOLON)) {
      // No initializer.
    } else if (this.match(TOKEN_VAR)) {
      this.varDeclaration();
    } else {
      this.expressionStatement();
    }

    let loopStart = this.currentChunk().code.length;
    let exitJump = -1;
    if (!this.match(TOKEN_SEMICOLON)) {
      this.expression();
      this.consume(TOKEN_SEMICOLON, "Expect ';' after loop condition.");
      // Jump out of the loop if the condition is false.
      exitJump = this.emitJump(OP_JUMP_IF_FALSE);
      this.emitByte(OP_POP); // Condition.
    }

    if (!this.match(TOKEN_RIGHT_PAREN)) {
      const bodyJump = this.emitJump(OP_JUMP);
      const incrementStart = this.currentChunk().code.length;
      this.expression();
      this.emitByte(OP_POP);
      this.consume(TOKEN_RIGHT_PAREN, "Expect ')' after for clauses.");
      this.emitLoop(loopStart);
      loopStart = incrementStart;
      this.patchJump(bodyJump);
    }

    this.statement();
    this.emitLoop(loopStart);

    if (exitJump !== -1) {
      this.patchJump(exitJump);
      this.emitByte(OP_POP); // Condition.
    }
    this.endScope();
  }

  ifStatement(): void {
    this.consume(TOKEN_LEFT_PAREN, "Expect '(' after 'if'.");
    this.expression();
    this.consume(TOKEN_RIGHT_PAREN, "Expect ')' after condition.");

    const thenJump = this.emitJump(OP_JUMP_IF_FALSE);
    this.emitByte(OP_POP);
    this.statement();

    const elseJump = this.emitJump(OP_JUMP);
    this.patchJump(thenJump);
    this.emitByte(OP_POP);

    if (this.match(TOKEN_ELSE)) this.statement();
    this.patchJump(elseJump);
  }

  printStatement(): void {
    this.expression();
    this.consume(TOKEN_SEMICOLON, "Expect ';' after value.");
    this.emitByte(OP_PRINT);
  }

  returnStatement(): void {
    if (this.compiler.type === TYPE_SCRIPT) {
      this.error("Can't return from top-level code.");
    }
    if (this.match(TOKEN_SEMICOLON)) {
      this.emitReturn();
    } else {
      if (this.compiler.type === TYPE_INITIALIZER) {
        this.error("Can't return a value from an initializer.");
      }
      this.expression();
      this.consume(TOKEN_SEMICOLON, "Expect ';' after return value.");
      this.emitByte(OP_RETURN);
    }
  }

  whileStatement(): void {
    const loopStart = this.currentChunk().code.length;
    this.consume(TOKEN_LEFT_PAREN, "Expect '(' after 'while'.");
    this.expression();
    this.consume(TOKEN_RIGHT_PAREN, "Expect ')' after condition.");

    const exitJump = this.emitJump(OP_JUMP_IF_FALSE);
    this.emitByte(OP_POP);
    this.statement();
    this.emitLoop(loopStart);

    this.patchJump(exitJump);
    this.emitByte(OP_POP);
  }

  synchronize(): void {
    this.panicMode = false;
    while (this.current.type !== TOKEN_EOF) {
      if (this.previous.type === TOKEN_SEMICOLON) return;
      switch (this.current.type) {
        case TOKEN_CLASS:
        case TOKEN_FUN:
        case TOKEN_VAR:
        case TOKEN_FOR:
        case TOKEN_IF:
        case TOKEN_WHILE:
        case TOKEN_PRINT:
        case TOKEN_RETURN:
          return;
        default:
          // Do nothing.
      }
      this.advance();
    }
  }

  declaration(): void {
    if (this.match(TOKEN_CLASS)) {
      this.classDeclaration();
    } else if (this.match(TOKEN_FUN)) {
      this.funDeclaration();
    } else if (this.match(TOKEN_VAR)) {
      this.varDeclaration();
    } else {
      this.statement();
    }
    if (this.panicMode) this.synchronize();
  }

  statement(): void {
    if (this.match(TOKEN_PRINT)) {
      this.printStatement();
    } else if (this.match(TOKEN_FOR)) {
      this.forStatement();
    } else if (this.match(TOKEN_IF)) {
      this.ifStatement();
    } else if (this.match(TOKEN_RETURN)) {
      this.returnStatement();
    } else if (this.match(TOKEN_WHILE)) {
      this.whileStatement();
    } else if (this.match(TOKEN_LEFT_BRACE)) {
      this.beginScope();
      this.block();
      this.endScope();
    } else {
      this.expressionStatement();
    }
  }
}

/** clox's initCompiler: slot 0 holds the function itself, or `this` in methods and initializers. */
function newFunctionCompiler(enclosing: FunctionCompiler | null, type: number, name: string): FunctionCompiler {
  const fn = new ObjFunction(type === TYPE_SCRIPT ? null : new ObjString(name));
  const compiler = new FunctionCompiler(enclosing, fn, type);
  compiler.locals.push(new Local(type !== TYPE_FUNCTION ? "this" : "", 0));
  return compiler;
}
