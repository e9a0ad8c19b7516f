/**
 * Statements to flow graphs, and the entry point: buildFlowGraph(source, program) builds the
 * graph of a live function, method or constructor from its AST, then simplifies it.
 *
 * Control flow: loops and switch and labelled statements push control entries with the join
 * points that `break` and `continue` jump to; `try` pushes a catch entry (exceptions go to the
 * catch join point with the thrown value) and, with `finally`, a finally entry: a jump that
 * leaves through it builds the finally block inline first, so each way out (normal end,
 * exception, return, break, continue) has its own copy of the finally code, as RPython does.
 */

import type * as acorn from "acorn";
import { branchOnCondition, buildExpression, destructure } from "./build-expressions.js";
import { FlowError, GraphBuilder, JoinPoint, Slot, type ControlEntry } from "./build-graph.js";
import { loopFacts } from "./build-narrowing.js";
import { Constant, DEFAULT_CASE, FunctionGraph, Link, type Value } from "./model.js";
import type { FunctionSource, LoadedProgram } from "./modules.js";
import { simplifyGraph } from "./simplify.js";

export { FlowError };

/** Builds the flow graph of a function, method or constructor. */
export function buildFlowGraph(source: FunctionSource, program: LoadedProgram): FunctionGraph {
  const node = source.node;
  const hasThis = source.kind === "method" || source.kind === "constructor";
  const params: Slot[] = hasThis ? [new Slot("this", "param")] : [];
  // An arrow written at a call takes the variables it uses first (arrow.ts).
  const captured = source.kind === "arrow" ? (source.captured ?? []) : [];
  for (const name of captured) params.push(new Slot(name, "captured"));
  const paramNodes = node ? node.params : [];
  const names = node ? paramNodes.map((param) => paramName(source, param)) : defaultConstructorParams(source, program);
  for (const name of names) params.push(new Slot(name, "param"));

  const b = new GraphBuilder(source, program, params);
  if (hasThis) b.thisSlot = params[0];
  if (captured.includes("this")) b.thisSlot = params[captured.indexOf("this")];
  if (node?.async || node?.generator) {
    throw new FlowError(source.pos, node.async ? "async functions are not RTS" : "generators are not RTS");
  }
  paramNodes.forEach((param) => {
    if (param.type === "AssignmentPattern") defaultParameter(b, param);
  });
  hoistVars(b, node?.body);

  if (source.kind === "constructor") buildConstructorBody(b, source);
  else if (node!.body.type === "BlockStatement") buildStatements(b, node!.body.body);
  else b.returnValue(buildExpression(b, node!.body)); // an arrow function with an expression body

  if (b.current) b.returnValue(new Constant(undefined));
  simplifyGraph(b.graph);
  return b.graph;
}

function paramName(source: FunctionSource, param: acorn.Pattern): string {
  if (param.type === "Identifier") return param.name;
  if (param.type === "AssignmentPattern" && param.left.type === "Identifier") return param.left.name;
  const what = param.type === "RestElement" ? "rest parameters (...args)" : "destructuring parameters";
  throw new FlowError(source.module.pos(param), `${what} are not RTS; pass the values one by one`);
}

/** `function f(x = 1)`: x is replaced by the default when the caller passed undefined. */
function defaultParameter(b: GraphBuilder, param: acorn.AssignmentPattern): void {
  const slot = b.lookup((param.left as acorn.Identifier).name)!;
  const missing = b.emit("eq", [b.read(slot, param), new Constant(undefined)], param, "missing");
  const join = b.newJoin();
  const { whenTrue, whenFalse } = b.branch(missing);
  b.enter(whenTrue);
  b.assign(slot, buildExpression(b, param.right));
  b.jump(join);
  b.enter(whenFalse);
  b.jump(join);
  b.enter(join);
}

/** `var` declarations belong to the whole function: declare them up front as undefined. */
function hoistVars(b: GraphBuilder, body: acorn.Node | undefined): void {
  if (!body) return;
  const visit = (node: acorn.Node): void => {
    if (node.type === "VariableDeclaration" && (node as acorn.VariableDeclaration).kind === "var") {
      for (const declarator of (node as acorn.VariableDeclaration).declarations) {
        if (declarator.id.type === "Identifier" && !b.lookup(declarator.id.name)) {
          b.declare(declarator.id.name, "var", new Constant(undefined));
        }
      }
    }
    if (/Function|Class/.test(node.type)) return;
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach((v) => isNode(v) && visit(v));
      else if (isNode(value)) visit(value);
    }
  };
  visit(body);
}

function isNode(value: unknown): value is acorn.Node {
  return typeof value === "object" && value !== null && typeof (value as acorn.Node).type === "string";
}

// ---- classes

/**
 * A class without a constructor: a derived one takes the arguments of its base's constructor
 * (for a builtin base such as Error, as many as the builtin declares: Error's message).
 */
function defaultConstructorParams(source: FunctionSource, program: LoadedProgram): string[] {
  let cls = source.classSource;
  while (cls) {
    const ctor = program.constructorSource(cls);
    if (ctor.node) return ctor.node.params.map((param) => paramName(ctor, param));
    if (!cls.node.superClass) return [];
    const base = Object.getPrototypeOf(cls.live) as Function;
    const baseSource = program.classSource(base);
    if (!baseSource) return Array.from({ length: base.length }, (_, i) => (base.length === 1 ? "message" : `arg${i}`));
    cls = baseSource;
  }
  return [];
}

function buildConstructorBody(b: GraphBuilder, source: FunctionSource): void {
  const cls = source.classSource!;
  const derived = cls.node.superClass !== null && cls.node.superClass !== undefined;
  const initializeFields = () => buildFieldInitializers(b, cls.node);
  if (!source.node) {
    if (derived) {
      const args = b.graph.params.slice(1).map((name) => b.read(b.lookup(name)!, cls.node));
      const base = Object.getPrototypeOf(cls.live) as Function;
      b.emit("super_call", [b.read(b.thisSlot!, cls.node), new Constant(base), ...args], cls.node);
    }
    initializeFields();
    return;
  }
  if (derived) b.afterSuperCall = initializeFields;
  else initializeFields();
  buildStatements(b, (source.node.body as acorn.BlockStatement).body);
}

/**
 * `class A { x = 0; }`: each instance field with an initializer is set on this, in declaration
 * order. A field declared without one (`code: string;`) is left to the constructor, as
 * TypeScript's strict property initialization checks, rather than first set to undefined as
 * JavaScript does: otherwise every such field would be annotated as possibly undefined.
 */
function buildFieldInitializers(b: GraphBuilder, node: acorn.ClassDeclaration | acorn.ClassExpression): void {
  for (const member of node.body.body) {
    if (member.type !== "PropertyDefinition" || member.static) continue;
    if (member.computed || member.key.type !== "Identifier") {
      throw b.error(member, "fields must have plain names in RTS");
    }
    if (!member.value) continue;
    const value = buildExpression(b, member.value);
    b.emit("setattr", [b.read(b.thisSlot!, member), new Constant(member.key.name), value], member, "v", member.key);
  }
}

// ---- statements

export function buildStatements(b: GraphBuilder, statements: readonly acorn.Statement[]): void {
  for (const statement of statements) {
    if (!b.current) return; // the rest is unreachable (after return, throw, break, continue)
    buildStatement(b, statement, []);
  }
}

function buildStatement(b: GraphBuilder, node: acorn.Statement, labels: string[]): void {
  switch (node.type) {
    case "ExpressionStatement":
      buildExpression(b, node.expression);
      return;
    case "VariableDeclaration":
      return variableDeclaration(b, node);
    case "BlockStatement":
      b.pushScope();
      buildStatements(b, node.body);
      b.popScope();
      return;
    case "EmptyStatement":
      return;
    case "IfStatement":
      return ifStatement(b, node);
    case "ReturnStatement":
      return returnStatement(b, node);
    case "ThrowStatement": {
      const value = buildExpression(b, node.argument);
      return b.throwValue(value);
    }
    case "WhileStatement":
      return whileLoop(b, node, labels);
    case "DoWhileStatement":
      return doWhileLoop(b, node, labels);
    case "ForStatement":
      return forLoop(b, node, labels);
    case "ForOfStatement":
      return forOfLoop(b, node, labels);
    case "BreakStatement":
    case "ContinueStatement":
      return breakOrContinue(b, node);
    case "LabeledStatement":
      return labeled(b, node, labels);
    case "SwitchStatement":
      return switchStatement(b, node, labels);
    case "TryStatement":
      return tryStatement(b, node);
    case "FunctionDeclaration": {
      // The name holds the error: its uses are skipped, the rest of the function is checked.
      const value = b.notRts(node, "a function declared inside a function is a closure, which RTS does not have; declare it at module level");
      if (node.id) b.declare(node.id.name, "const", value);
      return;
    }
    case "ClassDeclaration": {
      const value = b.notRts(node, "a class declared inside a function is not RTS; declare it at module level");
      if (node.id) b.declare(node.id.name, "const", value);
      return;
    }
    case "ForInStatement":
      b.notRts(node, "for...in is not RTS; iterate over an array or a Map with for...of");
      return;
    default:
      throw b.error(node, `${node.type} is not RTS`);
  }
}

function variableDeclaration(b: GraphBuilder, node: acorn.VariableDeclaration): void {
  const kind = node.kind === "const" ? "const" : node.kind === "var" ? "var" : "let";
  if (node.kind === "using" || node.kind === "await using") throw b.error(node, "`using` declarations are not RTS");
  for (const declarator of node.declarations) {
    const value = declarator.init ? buildExpression(b, declarator.init) : new Constant(undefined);
    if (declarator.id.type === "Identifier") {
      const existing = kind === "var" ? b.lookup(declarator.id.name) : undefined;
      if (existing) b.assign(existing, value);
      else b.declare(declarator.id.name, kind, value);
    } else if (declarator.id.type === "ArrayPattern") {
      destructure(b, declarator.id, value, kind === "const" ? "const" : "let");
    } else {
      throw b.error(declarator.id, "object destructuring is not RTS; read the fields one by one");
    }
  }
}

function ifStatement(b: GraphBuilder, node: acorn.IfStatement): void {
  const join = b.newJoin();
  const { whenTrue, whenFalse } = branchOnCondition(b, node.test);
  b.enter(whenTrue);
  buildScoped(b, node.consequent);
  if (b.current) b.jump(join);
  b.enter(whenFalse);
  if (node.alternate) buildScoped(b, node.alternate);
  if (b.current) b.jump(join);
  b.enter(join);
}

/** A statement in its own scope (the body of an if or a loop). */
function buildScoped(b: GraphBuilder, node: acorn.Statement, labels: string[] = []): void {
  b.pushScope();
  buildStatement(b, node, labels);
  b.popScope();
}

function returnStatement(b: GraphBuilder, node: acorn.ReturnStatement): void {
  const value = node.argument ? buildExpression(b, node.argument) : new Constant(undefined);
  const held = b.hold(value);
  if (!leaveThrough(b, 0)) return;
  b.returnValue(b.release(held));
}

/**
 * Runs the finally blocks between the top of the control stack and depth (exclusive), as a
 * jump out of them must; returns false when one of them ended the path (it returned or threw).
 */
function leaveThrough(b: GraphBuilder, depth: number): boolean {
  const saved = b.control;
  for (let i = saved.length - 1; i >= depth; i--) {
    const entry = saved[i]!;
    if (entry.kind !== "finally") continue;
    b.control = saved.slice(0, i);
    buildScoped(b, entry.body);
    b.control = saved;
    if (!b.current) return false;
  }
  return true;
}

function findTarget(
  b: GraphBuilder,
  node: acorn.BreakStatement | acorn.ContinueStatement,
): { index: number; entry: ControlEntry } {
  const label = node.label?.name;
  const isContinue = node.type === "ContinueStatement";
  for (let i = b.control.length - 1; i >= 0; i--) {
    const entry = b.control[i]!;
    if (entry.kind !== "loop" && entry.kind !== "breakable") continue;
    if (isContinue && entry.kind !== "loop") {
      if (label && entry.labels.includes(label)) throw b.error(node, `'continue ${label}' names a statement that is not a loop`);
      continue;
    }
    if (label === undefined ? entry.kind === "loop" || entry.labels.length === 0 : entry.labels.includes(label)) {
      return { index: i, entry };
    }
  }
  throw b.error(node, label ? `no enclosing statement is labelled '${label}'` : `'${isContinue ? "continue" : "break"}' outside a loop or switch`);
}

function breakOrContinue(b: GraphBuilder, node: acorn.BreakStatement | acorn.ContinueStatement): void {
  const { index, entry } = findTarget(b, node);
  if (!leaveThrough(b, index + 1)) return;
  if (entry.kind === "loop" && node.type === "ContinueStatement") b.jump(entry.continueJoin);
  else if (entry.kind === "loop" || entry.kind === "breakable") b.jump(entry.breakJoin);
}

function labeled(b: GraphBuilder, node: acorn.LabeledStatement, labels: string[]): void {
  const all = [...labels, node.label.name];
  const body = node.body;
  if (/^(While|DoWhile|For|ForOf)Statement$/.test(body.type) || body.type === "SwitchStatement") {
    return buildStatement(b, body, all);
  }
  const breakJoin = b.newJoin();
  b.control.push({ kind: "breakable", labels: all, breakJoin });
  buildScoped(b, body);
  b.control.pop();
  if (b.current) b.jump(breakJoin);
  b.enter(breakJoin);
}

/** The common shape of loops: header (test) -> body -> continue point (update) -> header. */
function loop(
  b: GraphBuilder,
  labels: string[],
  parts: {
    node: acorn.Statement;
    test: acorn.Expression | (() => Value) | undefined;
    body: () => void;
    update: (() => void) | undefined;
    testFirst: boolean;
  },
): void {
  const breakJoin = b.newJoin();
  const header = b.newJoin();
  header.loopFacts = loopFacts(b, b.facts, [parts.node]);
  b.jump(header);
  b.enter(header);
  if (parts.testFirst && parts.test) exitUnless(b, parts.test, breakJoin);
  const continueJoin = b.newJoin();
  b.control.push({ kind: "loop", labels, breakJoin, continueJoin });
  if (b.current) parts.body();
  b.control.pop();
  if (b.current) b.jump(continueJoin);
  b.enter(continueJoin);
  if (b.current) {
    parts.update?.();
    if (!parts.testFirst && parts.test) exitUnless(b, parts.test, breakJoin);
    if (b.current) b.jump(header);
  }
  b.enter(breakJoin);
}

/** Continues when the test holds; otherwise jumps to exit. */
function exitUnless(b: GraphBuilder, test: acorn.Expression | (() => Value), exit: JoinPoint): void {
  if (typeof test !== "function" && test.type === "Literal" && test.value === true) return;
  const { whenTrue, whenFalse } = typeof test === "function" ? b.branch(test()) : branchOnCondition(b, test);
  b.enter(whenFalse);
  if (b.current) b.jump(exit);
  b.enter(whenTrue);
}

function whileLoop(b: GraphBuilder, node: acorn.WhileStatement, labels: string[]): void {
  loop(b, labels, {
    node,
    test: node.test,
    body: () => buildScoped(b, node.body),
    update: undefined,
    testFirst: true,
  });
}

function doWhileLoop(b: GraphBuilder, node: acorn.DoWhileStatement, labels: string[]): void {
  loop(b, labels, {
    node,
    test: node.test,
    body: () => buildScoped(b, node.body),
    update: undefined,
    testFirst: false,
  });
}

function forLoop(b: GraphBuilder, node: acorn.ForStatement, labels: string[]): void {
  b.pushScope();
  if (node.init?.type === "VariableDeclaration") variableDeclaration(b, node.init);
  else if (node.init) buildExpression(b, node.init);
  const { test, update } = node;
  loop(b, labels, {
    node,
    test: test ?? undefined,
    body: () => buildScoped(b, node.body),
    update: update ? () => void buildExpression(b, update) : undefined,
    testFirst: true,
  });
  b.popScope();
}

/** `for (const x of xs)`: an iterator in a hidden variable; x is bound at the start of each iteration. */
function forOfLoop(b: GraphBuilder, node: acorn.ForOfStatement, labels: string[]): void {
  if (node.await) throw b.error(node, "for await is not RTS");
  b.pushScope();
  const iterable = buildExpression(b, node.right);
  const iterator = b.declare("iter", "const", b.emit("iter", [iterable], node.right, "iter"));
  loop(b, labels, {
    node,
    test: () => b.emit("not", [b.emit("iter_done", [b.read(iterator, node)], node, "done")], node, "more"),
    body: () => {
      b.pushScope();
      const item = b.emit("iter_next", [b.read(iterator, node)], node.left, "item");
      bindLoopVariable(b, node.left, item);
      if (b.current) buildStatement(b, node.body, []);
      b.popScope();
    },
    update: undefined,
    testFirst: true,
  });
  b.popScope();
}

function bindLoopVariable(b: GraphBuilder, left: acorn.ForOfStatement["left"], item: Value): void {
  if (left.type === "VariableDeclaration") {
    const id = left.declarations[0]!.id;
    const kind = left.kind === "const" ? "const" : "let";
    if (id.type === "Identifier") b.declare(id.name, kind, item);
    else if (id.type === "ArrayPattern") destructure(b, id, item, kind);
    else throw b.error(id, "object destructuring is not RTS; read the fields one by one");
    return;
  }
  if (left.type === "ArrayPattern") return destructure(b, left, item, "assign");
  if (left.type === "Identifier") {
    const slot = b.lookup(left.name);
    if (!slot || slot.kind === "const") throw b.error(left, `'${left.name}' cannot be assigned here`);
    b.assign(slot, item);
    return;
  }
  throw b.error(left, "this loop variable is not RTS; declare it: for (const x of xs)");
}

/**
 * `switch`: when every case is a distinct constant (a literal or a module-level constant), one
 * block switches on the value with an exit per case, which later becomes a jump table; otherwise
 * the cases are evaluated and tested in order with ===, each only when the ones before it did
 * not match, as JavaScript does. Cases fall through to the next as in JavaScript.
 */
function switchStatement(b: GraphBuilder, node: acorn.SwitchStatement, labels: string[]): void {
  const discriminant = buildExpression(b, node.discriminant);
  b.pushScope();
  const breakJoin = b.newJoin();
  const caseJoins = node.cases.map(() => b.newJoin());
  const defaultIndex = node.cases.findIndex((c) => c.test === null || c.test === undefined);
  const noMatch = defaultIndex >= 0 ? caseJoins[defaultIndex]! : breakJoin;

  const held = b.hold(discriminant);
  const constants = node.cases.map((c) => (c.test ? caseConstant(b, c.test) : undefined));
  const tested = constants.filter((_, i) => node.cases[i]!.test);
  const distinct = new Set(tested.map((t) => t?.value));
  if (tested.every((t) => t !== undefined) && distinct.size === tested.length) {
    const value = b.release(held);
    const exits: Link[] = [];
    constants.forEach((t, i) => {
      if (t) exits.push(b.linkTo(caseJoins[i]!, [], t.value));
    });
    exits.push(b.linkTo(noMatch, [], DEFAULT_CASE));
    b.requireCurrent().closeBlock(exits, value);
    b.current = null;
  } else {
    for (let i = 0; i < node.cases.length && b.current; i++) {
      const test = node.cases[i]!.test;
      if (!test) continue;
      const value = buildExpression(b, test);
      const matches = b.emit("eq", [b.env.get(held)!, value], test, "matches");
      const { whenTrue, whenFalse } = b.branch(matches);
      b.enter(whenTrue);
      b.jump(caseJoins[i]!);
      b.enter(whenFalse);
    }
    if (b.current) b.jump(noMatch);
    b.release(held);
  }

  b.control.push({ kind: "breakable", labels, breakJoin });
  node.cases.forEach((c, i) => {
    if (b.current) b.jump(caseJoins[i]!); // fall through from the previous case
    b.enter(caseJoins[i]!);
    if (b.current) buildStatements(b, c.consequent);
  });
  b.control.pop();
  if (b.current) b.jump(breakJoin);
  b.popScope();
  b.enter(breakJoin);
}

/**
 * The value of a case test that is a constant (a literal, a negative number, a module-level
 * constant), found without emitting anything; undefined for any other test.
 */
function caseConstant(b: GraphBuilder, test: acorn.Expression): Constant | undefined {
  const simple =
    test.type === "Literal" ||
    (test.type === "Identifier" && !b.lookup(test.name)) ||
    (test.type === "UnaryExpression" && test.operator === "-" && test.argument.type === "Literal" && typeof test.argument.value === "number");
  if (!simple) return undefined;
  const value = buildExpression(b, test);
  return value instanceof Constant && isCaseConstant(value.value) ? value : undefined;
}

function isCaseConstant(value: unknown): boolean {
  return typeof value === "number" || typeof value === "string" || typeof value === "boolean";
}

/**
 * `try`: exceptions raised in the block go to the catch clause (the thrown value is its
 * parameter); with `finally`, every way out of the block and the catch clause runs a copy of it.
 */
function tryStatement(b: GraphBuilder, node: acorn.TryStatement): void {
  const normalJoin = b.newJoin();
  const finalizer = node.finalizer;
  let rethrowJoin: JoinPoint | undefined;
  if (finalizer) {
    rethrowJoin = b.newJoin("exc");
    b.control.push({ kind: "finally", body: finalizer, rethrowJoin });
  }
  if (node.handler) {
    const catchJoin = b.newJoin("caught");
    b.control.push({ kind: "catch", join: catchJoin });
    buildScoped(b, node.block);
    b.control.pop();
    if (b.current) b.jump(normalJoin);
    const [caught] = b.enter(catchJoin);
    if (b.current) {
      b.pushScope();
      const param = node.handler.param;
      if (param?.type === "Identifier") b.declare(param.name, "let", caught!);
      else if (param) throw b.error(param, "destructuring a caught exception is not RTS; catch (e) and read its fields");
      buildStatements(b, node.handler.body.body);
      b.popScope();
      if (b.current) b.jump(normalJoin);
    }
  } else {
    buildScoped(b, node.block);
    if (b.current) b.jump(normalJoin);
  }
  if (finalizer && rethrowJoin) {
    b.control.pop();
    const [exc] = b.enter(rethrowJoin);
    if (b.current) {
      const held = b.hold(exc!);
      buildScoped(b, finalizer);
      if (b.current) b.throwValue(b.release(held));
    }
  }
  b.enter(normalJoin);
  if (b.current && finalizer) buildScoped(b, finalizer);
}
