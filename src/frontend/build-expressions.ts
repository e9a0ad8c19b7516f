/**
 * Expressions to flow graph operations. Each function takes the GraphBuilder and an acorn
 * expression, emits operations into the current block (branching where the expression
 * branches: `&&`, `||`, `??`, `?:`, optional chaining) and returns the Value of the expression.
 *
 * What RTS does not have is rejected here with the reason and what to write instead: closures
 * created at run time, object literals (other than the argument of a JIT hint), spread, regular
 * expressions, `delete`, `in`, `async`, generators, private `#fields`.
 */

import type * as acorn from "acorn";
import { JitDriver } from "../lib/jitdriver.js";
import { Constant, type Value } from "./model.js";
import { BINARY_OPERATORS, UNARY_OPERATORS, type FlowOpName } from "./operations.js";
import { GraphBuilder, JoinPoint, SourceConstant, type Slot } from "./build-graph.js";
import { conditionNarrowing, pathKey, withFacts } from "./build-narrowing.js";
import { arrowAt, escapingArrowMessage, type ArrowFunction } from "./arrow.js";

type Expr = acorn.Expression | acorn.Super | acorn.PrivateIdentifier | acorn.SpreadElement;

/** Node types whose value is already a boolean (no truthy conversion needed in a condition). */
const BOOLEAN_OPERATORS: ReadonlySet<string> = new Set(["<", "<=", ">", ">=", "===", "!==", "==", "!=", "instanceof"]);

const COMPOUND_ASSIGNMENT: Record<string, FlowOpName> = {
  "+=": "add",
  "-=": "sub",
  "*=": "mul",
  "/=": "div",
  "%=": "mod",
  "**=": "pow",
  "&=": "bitand",
  "|=": "bitor",
  "^=": "bitxor",
  "<<=": "lshift",
  ">>=": "rshift",
  ">>>=": "urshift",
};

const NOT_RTS: Record<string, string> = {
  FunctionExpression: "a function created at run time is a closure, which RTS does not have; use a module-level function or a method",
  ClassExpression: "a class created at run time is not RTS; declare the class at module level",
  ObjectExpression: "object literals are not RTS; declare a class with these fields and use `new`",
  SpreadElement: "spread (`...`) is not RTS; pass the arguments or items one by one",
  AwaitExpression: "`await` is not RTS; RTS programs are synchronous",
  YieldExpression: "generators are not RTS; use a class with a next() method",
  TaggedTemplateExpression: "tagged templates are not RTS; call a function with the parts",
  MetaProperty: "`import.meta` and `new.target` are not RTS",
  ImportExpression: "dynamic `import()` is not RTS; use a static import",
  PrivateIdentifier: "private `#fields` are not RTS; use a plain field",
};

/** The value of an expression (followed by `!` in the TypeScript source: asserted not empty). */
export function buildExpression(b: GraphBuilder, node: Expr): Value {
  return nonNullAssertion(b, node, expressionValue(b, node));
}

function expressionValue(b: GraphBuilder, node: Expr): Value {
  switch (node.type) {
    case "Literal":
      return literal(b, node);
    case "Identifier":
      return identifier(b, node);
    case "ThisExpression":
      return thisValue(b, node);
    case "TemplateLiteral":
      return template(b, node);
    case "ArrayExpression":
      return arrayLiteral(b, node);
    case "UnaryExpression":
      return unary(b, node);
    case "UpdateExpression":
      return update(b, node);
    case "BinaryExpression":
      return binary(b, node);
    case "LogicalExpression":
      return logical(b, node);
    case "ConditionalExpression":
      return conditional(b, node);
    case "AssignmentExpression":
      return assignment(b, node);
    case "SequenceExpression": {
      let last: Value = new Constant(undefined);
      for (const expression of node.expressions) last = buildExpression(b, expression);
      return last;
    }
    case "MemberExpression":
      return member(b, node, undefined);
    case "ChainExpression":
      return chain(b, node);
    case "CallExpression":
      return call(b, node, undefined);
    case "NewExpression":
      return newExpression(b, node);
    case "ParenthesizedExpression":
      return buildExpression(b, node.expression);
    case "Super":
      throw b.error(node, "`super` is only allowed as super(...) in a constructor or super.method(...)");
    case "ArrowFunctionExpression":
      throw b.error(node, escapingArrowMessage(b, node));
    default: {
      const reason = NOT_RTS[node.type];
      if (reason) return b.notRts(node, reason);
      throw b.error(node, `${node.type} is not RTS`);
    }
  }
}

/**
 * `x!`: type stripping blanks the `!` (keeping every position), so it is found in the original
 * text right after the expression. It becomes the operation non_null.
 */
function nonNullAssertion(b: GraphBuilder, node: acorn.Node, value: Value): Value {
  const end = node.end;
  if (b.module.code[end] !== " " || b.module.originalText()[end] !== "!") return value;
  return b.emit("non_null", [value], node, value instanceof Constant ? "v" : value.hint);
}

/** A condition: the expression's value as a boolean. */
export function buildCondition(b: GraphBuilder, node: acorn.Expression): Value {
  const value = buildExpression(b, node);
  if (isBooleanExpression(node) || (value instanceof Constant && typeof value.value === "boolean")) return value;
  return b.emit("truthy", [value], node, "cond");
}

/**
 * Ends the current block by branching on a condition: `&&`, `||` and `!` become jumps between
 * blocks (no boolean value is built for them), everything else is evaluated and tested.
 */
export function branchOnCondition(b: GraphBuilder, node: acorn.Expression): { whenTrue: JoinPoint; whenFalse: JoinPoint } {
  const whenTrue = b.newJoin();
  const whenFalse = b.newJoin();
  jumpOnCondition(b, node, whenTrue, whenFalse);
  return { whenTrue, whenFalse };
}

function jumpOnCondition(b: GraphBuilder, node: acorn.Expression, whenTrue: JoinPoint, whenFalse: JoinPoint): void {
  if (node.type === "ParenthesizedExpression") return jumpOnCondition(b, node.expression, whenTrue, whenFalse);
  if (node.type === "UnaryExpression" && node.operator === "!") return jumpOnCondition(b, node.argument, whenFalse, whenTrue);
  if (node.type === "LogicalExpression" && node.operator !== "??") {
    const middle = b.newJoin();
    if (node.operator === "&&") jumpOnCondition(b, node.left, middle, whenFalse);
    else jumpOnCondition(b, node.left, whenTrue, middle);
    b.enter(middle);
    if (b.current) jumpOnCondition(b, node.right, whenTrue, whenFalse);
    return;
  }
  const cond = buildCondition(b, node);
  const block = b.requireCurrent();
  const narrowing = conditionNarrowing(b, node);
  const falseLink = b.linkTo(whenFalse, [], false, withFacts(b.facts, narrowing.whenFalse));
  const trueLink = b.linkTo(whenTrue, [], true, withFacts(b.facts, narrowing.whenTrue));
  block.closeBlock([falseLink, trueLink], cond);
  b.current = null;
}

function isBooleanExpression(node: acorn.Expression): boolean {
  switch (node.type) {
    case "BinaryExpression":
      return BOOLEAN_OPERATORS.has(node.operator);
    case "UnaryExpression":
      return node.operator === "!";
    case "ParenthesizedExpression":
      return isBooleanExpression(node.expression);
    case "LogicalExpression":
      return node.operator !== "??" && isBooleanExpression(node.left) && isBooleanExpression(node.right);
    case "Literal":
      return typeof node.value === "boolean";
    default:
      return false;
  }
}

function literal(b: GraphBuilder, node: acorn.Literal): Value {
  if ("regex" in node && node.regex) {
    return b.notRts(node, "regular expressions are not RTS; scan the string with charCodeAt or indexOf");
  }
  if (typeof node.value === "bigint") return b.notRts(node, "bigint is not RTS; numbers that are integers are 64-bit");
  return new SourceConstant(node.value, b.pos(node));
}

/** A name: a local variable, a top-level binding of the module (its live value), or a global. */
function identifier(b: GraphBuilder, node: acorn.Identifier): Value {
  const slot = b.lookup(node.name);
  if (slot) return b.read(slot, node);
  if (node.name === "undefined") return new SourceConstant(undefined, b.pos(node));
  const binding = b.module.binding(node.name);
  if (binding.found) return new SourceConstant(binding.value, b.pos(node));
  if (node.name in globalThis) return new SourceConstant((globalThis as Record<string, unknown>)[node.name], b.pos(node));
  throw b.error(node, `unknown name '${node.name}'`);
}

function thisValue(b: GraphBuilder, node: acorn.Node): Value {
  if (!b.thisSlot) {
    if (b.source.kind === "unbound") {
      throw b.error(node, `\`this\` in ${b.source.name}, which is called without its object: it was read as a value`);
    }
    throw b.error(node, b.source.kind === "static" ? "`this` in a static method: name the class instead" : "`this` outside a method");
  }
  return b.read(b.thisSlot, node);
}

function template(b: GraphBuilder, node: acorn.TemplateLiteral): Value {
  let result: Value = new Constant(node.quasis[0]!.value.cooked ?? "");
  for (let i = 0; i < node.expressions.length; i++) {
    const held = b.hold(result);
    const part = b.emit("to_string", [buildExpression(b, node.expressions[i]!)], node.expressions[i]!, "str");
    result = b.emit("add", [b.release(held), part], node, "str");
    const text = node.quasis[i + 1]!.value.cooked ?? "";
    if (text !== "") result = b.emit("add", [result, new Constant(text)], node, "str");
  }
  return result;
}

function arrayLiteral(b: GraphBuilder, node: acorn.ArrayExpression): Value {
  const items = evaluateAll(
    b,
    node.elements.map((element) => {
      if (element === null) throw b.error(node, "arrays with holes are not RTS; write every item");
      return element;
    }),
  );
  return b.emit("newarray", items, node, "array");
}

/**
 * Evaluates expressions left to right, keeping earlier values alive across later branches. With
 * arrows (the arguments of a method call), an arrow function argument is a constant ArrowFunction
 * collected there (arrow.ts) rather than an error.
 */
export function evaluateAll(b: GraphBuilder, nodes: readonly Expr[], arrows?: ArrowFunction[]): Value[] {
  const held: Slot[] = [];
  for (const node of nodes) {
    if (node.type === "SpreadElement") {
      held.push(b.hold(b.notRts(node, NOT_RTS.SpreadElement!)));
      continue;
    }
    if (arrows && node.type === "ArrowFunctionExpression") {
      const arrow = arrowAt(b, node);
      arrows.push(arrow);
      held.push(b.hold(new SourceConstant(arrow, b.pos(node))));
      continue;
    }
    held.push(b.hold(buildExpression(b, node)));
  }
  const values: Value[] = [];
  for (let i = held.length - 1; i >= 0; i--) values.unshift(b.release(held[i]!));
  return values;
}

function unary(b: GraphBuilder, node: acorn.UnaryExpression): Value {
  if (node.operator === "delete") return b.notRts(node, "`delete` is not RTS; use a Map for keys that come and go");
  const operand = buildExpression(b, node.argument);
  if (node.operator === "void") return new Constant(undefined);
  // Negative literals are constants, as they are to a reader.
  if (node.operator === "-" && operand instanceof Constant && typeof operand.value === "number") {
    return new SourceConstant(-operand.value, b.pos(node));
  }
  const opname = UNARY_OPERATORS[node.operator];
  if (!opname) throw b.error(node, `the operator ${node.operator} is not RTS`);
  return b.emit(opname, [operand], node);
}

function binary(b: GraphBuilder, node: acorn.BinaryExpression): Value {
  if (node.operator === "in") return b.notRts(node, "the `in` operator is not RTS; use Map.has or Set.has");
  if (node.left.type === "PrivateIdentifier") throw b.error(node.left, NOT_RTS.PrivateIdentifier!);
  const [left, right] = evaluateAll(b, [node.left, node.right]);
  return b.emit(BINARY_OPERATORS[node.operator]!, [left!, right!], node);
}

/**
 * The names of the values that `&&`, `||` and `??` produce where their two ways meet (the
 * annotator names the operator when the two sides have different types).
 */
const JOIN_HINTS: Record<string, string> = { "&&": "and", "||": "or", "??": "nullish" };

/** `a && b`, `a || b`, `a ?? b`: the result is one of the operand values, as in JavaScript. */
function logical(b: GraphBuilder, node: acorn.LogicalExpression): Value {
  // A boolean left operand of && or || (as `a instanceof A && b instanceof B`, then `&& a.x`):
  // its value is known on each side, so the left is branched on test by test (jumpOnCondition)
  // and what each test narrows holds where the right operand is evaluated.
  if (node.operator !== "??" && isBooleanExpression(node.left)) {
    const join = b.newJoin(JOIN_HINTS[node.operator]!);
    const whenTrue = b.newJoin();
    const whenFalse = b.newJoin();
    jumpOnCondition(b, node.left, whenTrue, whenFalse);
    const [keepLeft, evaluateRight, kept] = node.operator === "&&" ? [whenFalse, whenTrue, false] : [whenTrue, whenFalse, true];
    b.enter(keepLeft);
    if (b.current) b.jump(join, [new Constant(kept)]);
    b.enter(evaluateRight);
    if (b.current) b.jump(join, [buildExpression(b, node.right)]);
    return b.enter(join)[0]!;
  }
  const left = buildExpression(b, node.left);
  const test =
    node.operator === "??"
      ? b.emit("loose_ne", [left, new Constant(null)], node, "present")
      : buildTruthiness(b, node.left, left);
  const join = b.newJoin(JOIN_HINTS[node.operator]!);
  const held = b.hold(left);
  const key = node.operator === "??" ? pathKey(b, node.left) : undefined;
  const narrowing = node.operator === "??" ? { whenTrue: key ? [key] : [], whenFalse: [] } : conditionNarrowing(b, node.left);
  const { whenTrue, whenFalse } = b.branch(test, narrowing);
  // `a && b` takes b when a is truthy; `a || b` and `a ?? b` keep a when the test holds.
  const [keepLeft, evaluateRight] = node.operator === "&&" ? [whenFalse, whenTrue] : [whenTrue, whenFalse];
  b.enter(keepLeft);
  b.jump(join, [b.release(held)]);
  b.enter(evaluateRight);
  b.release(held);
  b.jump(join, [buildExpression(b, node.right)]);
  return b.enter(join)[0]!;
}

function buildTruthiness(b: GraphBuilder, node: acorn.Expression, value: Value): Value {
  if (isBooleanExpression(node)) return value;
  return b.emit("truthy", [value], node, "cond");
}

function conditional(b: GraphBuilder, node: acorn.ConditionalExpression): Value {
  const join = b.newJoin("ternary");
  const { whenTrue, whenFalse } = branchOnCondition(b, node.test);
  b.enter(whenTrue);
  b.jump(join, [buildExpression(b, node.consequent)]);
  b.enter(whenFalse);
  b.jump(join, [buildExpression(b, node.alternate)]);
  return b.enter(join)[0]!;
}

/** A place that can be assigned: a local variable, a field or an item. */
type Target =
  | { kind: "local"; slot: Slot; node: acorn.Identifier }
  | { kind: "field"; object: Slot; name: string; node: acorn.MemberExpression }
  | { kind: "item"; object: Slot; index: Slot; node: acorn.MemberExpression };

/** Evaluates the parts of an assignment target (object, index) and holds them. */
function target(b: GraphBuilder, node: acorn.Pattern | acorn.Expression): Target {
  if (node.type === "Identifier") {
    const slot = b.lookup(node.name);
    if (!slot) {
      if (b.module.binding(node.name).found) {
        throw b.error(
          node,
          `'${node.name}' is a module-level variable: after import time it is a constant; keep state that changes in an object's field`,
        );
      }
      throw b.error(node, `unknown name '${node.name}'`);
    }
    if (slot.kind === "const") throw b.error(node, `'${node.name}' is a constant`);
    if (slot.kind === "captured") {
      throw b.error(
        node,
        `this arrow assigns '${node.name}', a variable of the function around it: RTS gives an arrow written at a call the values ` +
          "of the variables it uses, so the assignment would not be seen outside; write a for...of loop instead of the callback",
      );
    }
    return { kind: "local", slot, node };
  }
  if (node.type === "MemberExpression") {
    if (node.object.type === "Super") throw b.error(node, "assigning through `super` is not RTS; use this");
    const object = b.hold(buildExpression(b, node.object));
    if (!node.computed) {
      if (node.property.type !== "Identifier") throw b.error(node.property, NOT_RTS.PrivateIdentifier!);
      return { kind: "field", object, name: node.property.name, node };
    }
    const index = b.hold(buildExpression(b, node.property as acorn.Expression));
    return { kind: "item", object, index, node };
  }
  throw b.error(node, "this assignment target is not RTS; assign to a variable, a field or an item");
}

function readTarget(b: GraphBuilder, t: Target): Value {
  switch (t.kind) {
    case "local":
      return b.read(t.slot, t.node);
    case "field":
      return b.emit("getattr", [b.env.get(t.object)!, new Constant(t.name)], t.node, t.name, (t.node as acorn.MemberExpression).property);
    case "item":
      return b.emit("getitem", [b.env.get(t.object)!, b.env.get(t.index)!], t.node, "item");
  }
}

/** Stores value into the target and releases what the target held. */
function writeTarget(b: GraphBuilder, t: Target, value: Value, node: acorn.Node): void {
  switch (t.kind) {
    case "local":
      b.assign(t.slot, value);
      return;
    case "field":
      b.emit("setattr", [b.release(t.object), new Constant(t.name), value], node, "v", (t.node as acorn.MemberExpression).property);
      b.fieldSet(t.name);
      return;
    case "item": {
      const index = b.release(t.index);
      b.emit("setitem", [b.release(t.object), index, value], node);
      return;
    }
  }
}

/** Releases a target's held parts without writing (after a branch that skipped the write). */
function dropTarget(b: GraphBuilder, t: Target): void {
  if (t.kind === "item") b.release(t.index);
  if (t.kind !== "local") b.release(t.object);
}

function assignment(b: GraphBuilder, node: acorn.AssignmentExpression): Value {
  if (node.left.type === "ArrayPattern") {
    if (node.operator !== "=") throw b.error(node, "compound assignment to a pattern is not RTS");
    const value = buildExpression(b, node.right);
    destructure(b, node.left, value, "assign");
    return value;
  }
  const t = target(b, node.left);
  if (node.operator === "=") {
    const value = buildExpression(b, node.right);
    const held = b.hold(value);
    writeTarget(b, t, value, node);
    return b.release(held);
  }
  if (node.operator === "&&=" || node.operator === "||=" || node.operator === "??=") {
    return logicalAssignment(b, node, t);
  }
  const current = readTarget(b, t);
  const heldCurrent = b.hold(current);
  const right = buildExpression(b, node.right);
  const result = b.emit(COMPOUND_ASSIGNMENT[node.operator]!, [b.release(heldCurrent), right], node);
  const held = b.hold(result);
  writeTarget(b, t, result, node);
  return b.release(held);
}

function logicalAssignment(b: GraphBuilder, node: acorn.AssignmentExpression, t: Target): Value {
  const current = readTarget(b, t);
  const heldCurrent = b.hold(current);
  const test =
    node.operator === "??="
      ? b.emit("loose_ne", [current, new Constant(null)], node, "present")
      : b.emit("truthy", [current], node, "cond");
  const join = b.newJoin(JOIN_HINTS[node.operator.slice(0, -1)]!);
  const { whenTrue, whenFalse } = b.branch(test);
  const [keep, assign] = node.operator === "&&=" ? [whenFalse, whenTrue] : [whenTrue, whenFalse];
  b.enter(keep);
  const kept = b.release(heldCurrent);
  dropTarget(b, t);
  b.jump(join, [kept]);
  b.enter(assign);
  b.release(heldCurrent);
  const value = buildExpression(b, node.right);
  const held = b.hold(value);
  writeTarget(b, t, value, node);
  b.jump(join, [b.release(held)]);
  return b.enter(join)[0]!;
}

function update(b: GraphBuilder, node: acorn.UpdateExpression): Value {
  const t = target(b, node.argument);
  const old = b.emit("pos", [readTarget(b, t)], node, "old");
  const held = b.hold(old);
  const updated = b.emit(node.operator === "++" ? "add" : "sub", [old, new Constant(1)], node);
  const heldNew = b.hold(updated);
  writeTarget(b, t, updated, node);
  const result = b.release(heldNew);
  const before = b.release(held);
  return node.prefix ? result : before;
}

/** Assigns the items of a tuple value to the names of an array pattern. */
export function destructure(
  b: GraphBuilder,
  pattern: acorn.ArrayPattern,
  value: Value,
  mode: "assign" | "let" | "const",
): void {
  const held = b.hold(value);
  pattern.elements.forEach((element, i) => {
    if (element === null) return;
    if (element.type !== "Identifier") {
      throw b.error(element, "only names are allowed in an array pattern in RTS (no defaults, nesting or rest)");
    }
    const item = b.emit("getitem", [b.env.get(held)!, new Constant(i)], element, element.name);
    if (mode === "assign") {
      const t = target(b, element);
      writeTarget(b, t, item, element);
    } else {
      b.declare(element.name, mode, item);
    }
  });
  b.release(held);
}

/** The end of an optional chain: where `a?.b` goes when a is null or undefined. */
type ChainEnd = { join: JoinPoint } | undefined;

function chain(b: GraphBuilder, node: acorn.ChainExpression): Value {
  const join = b.newJoin("chain");
  const end: ChainEnd = { join };
  const inner = node.expression;
  const value = inner.type === "CallExpression" ? call(b, inner, end) : member(b, inner, end);
  b.jump(join, [value]);
  return b.enter(join)[0]!;
}

/** With `?.`: stops the chain with undefined when value is null or undefined. */
function shortCircuit(b: GraphBuilder, value: Value, node: acorn.Node, end: ChainEnd): Value {
  if (!end) throw new Error("internal error: optional chain without its end");
  const held = b.hold(value);
  const absent = b.emit("loose_eq", [value, new Constant(null)], node, "absent");
  const { whenTrue, whenFalse } = b.branch(absent);
  b.enter(whenTrue);
  b.release(held);
  b.jump(end.join, [new Constant(undefined)]);
  b.enter(whenFalse);
  return b.release(held);
}

function member(b: GraphBuilder, node: acorn.MemberExpression, end: ChainEnd): Value {
  if (node.object.type === "Super") throw b.error(node, "read methods through `super` only to call them: super.method(...)");
  let object = memberObject(b, node.object, end);
  if (node.optional) object = shortCircuit(b, object, node, end);
  if (!node.computed) {
    if (node.property.type !== "Identifier") throw b.error(node.property, NOT_RTS.PrivateIdentifier!);
    const value = b.emit("getattr", [object, new Constant(node.property.name)], node, node.property.name, node.property);
    // A field path tested not to be empty (see build-narrowing.ts) reads as `path!`.
    const key = pathKey(b, node);
    if (key && b.facts.has(key)) return b.emit("non_null", [value], node, node.property.name);
    return value;
  }
  const held = b.hold(object);
  const index = buildExpression(b, node.property as acorn.Expression);
  return b.emit("getitem", [b.release(held), index], node, "item");
}

/** The object of a member or call inside an optional chain continues the same chain. */
function memberObject(b: GraphBuilder, node: acorn.Expression | acorn.Super, end: ChainEnd): Value {
  if (end && node.type === "MemberExpression") return nonNullAssertion(b, node, member(b, node, end));
  if (end && node.type === "CallExpression") return nonNullAssertion(b, node, call(b, node, end));
  return buildExpression(b, node);
}

function call(b: GraphBuilder, node: acorn.CallExpression, end: ChainEnd): Value {
  const callee = node.callee;
  if (callee.type === "Super") return superCall(b, node);
  if (callee.type === "MemberExpression" && !callee.computed) {
    if (callee.property.type !== "Identifier") throw b.error(callee.property, NOT_RTS.PrivateIdentifier!);
    const name = callee.property.name;
    if (callee.object.type === "Super") return superMethod(b, node, name);
    let object = memberObject(b, callee.object, end);
    if (callee.optional) object = shortCircuit(b, object, callee, end);
    const hint = jitHint(b, node, object, name);
    if (hint) return hint;
    const held = b.hold(object);
    if (node.optional) {
      const method = b.emit("getattr", [object, new Constant(name)], callee, name, callee.property);
      shortCircuit(b, method, node, end);
    }
    const arrows: ArrowFunction[] = [];
    const args = evaluateAll(b, node.arguments, arrows);
    // The variables the arrows use, read when the method is called: extra operands at the end.
    const captured = arrows.flatMap((arrow) => arrow.source.captured.map((name) => capturedValue(b, name, arrow.source.node!)));
    // The name knows where it is written: JavaScript reports an error a builtin method throws there.
    const method = new SourceConstant(name, b.pos(callee.property));
    // Its frame in a stack trace is at the method's name, as V8 places a call `a.b(c)`.
    return b.emit("call_method", [b.release(held), method, ...args, ...captured], node, "result", callee.property);
  }
  let fn = memberObject(b, callee as acorn.Expression, end);
  if (node.optional) fn = shortCircuit(b, fn, node, end);
  const held = b.hold(fn);
  const args = evaluateAll(b, node.arguments);
  return b.emit("simple_call", [b.release(held), ...args], node, "result");
}

/** The current value of a variable (or `this`) that an arrow written at a call uses. */
function capturedValue(b: GraphBuilder, name: string, node: acorn.Node): Value {
  const slot = name === "this" ? b.thisSlot : b.lookup(name);
  if (!slot) throw new Error(`internal error: the captured variable ${name} is not in scope`);
  return b.read(slot, node);
}

/**
 * `driver.jitMergePoint({ pc, ... })` and `driver.canEnterJit({ ... })`: the names are part of the
 * operation. `driver.setParam(name, value)` and `driver.setUserParam(text)`: the same operation
 * with no names, the arguments as its values (the annotator checks them).
 */
function jitHint(b: GraphBuilder, node: acorn.CallExpression, driver: Value, name: string): Value | undefined {
  if (name !== "jitMergePoint" && name !== "canEnterJit" && name !== "setParam" && name !== "setUserParam") return undefined;
  const isDriver = driver instanceof Constant ? driver.value instanceof JitDriver : true;
  if (!isDriver) return undefined;
  if (name === "setParam" || name === "setUserParam") {
    // Common method names: only a driver known here (a module-level constant) is taken, so
    // that a program's own setParam methods stay calls (the annotator names a driver reached
    // otherwise).
    if (!(driver instanceof Constant)) return undefined;
    const arity = name === "setParam" ? 2 : 1;
    if (node.arguments.length !== arity || node.arguments.some((a) => a.type === "SpreadElement")) {
      throw b.error(node, name === "setParam" ? "setParam() takes a parameter's name and its value, e.g. setParam(\"threshold\", 3)" : "setUserParam() takes one string, e.g. setUserParam(\"threshold=3,trace_eagerness=2\")");
    }
    const held = b.hold(driver);
    const args = evaluateAll(b, node.arguments);
    // at the method's name, as a method call's errors and stack frames are
    const member = node.callee.type === "MemberExpression" ? node.callee.property : undefined;
    return b.emit("jit_hint", [b.release(held), new Constant(name), new Constant([]), ...args], node, name === "setParam" ? "hint" : "wellFormed", member);
  }
  const arg = node.arguments[0];
  if (node.arguments.length !== 1 || arg?.type !== "ObjectExpression") {
    throw b.error(node, `${name}() takes one object literal naming the greens and reds, e.g. ${name}({ pc, code, frame })`);
  }
  const names: string[] = [];
  const values: acorn.Expression[] = [];
  for (const property of arg.properties) {
    if (property.type !== "Property" || property.computed || property.key.type !== "Identifier" || property.kind !== "init") {
      throw b.error(property, `each entry of ${name}({...}) is a variable name, or name: value`);
    }
    names.push(property.key.name);
    values.push(property.value as acorn.Expression);
  }
  const held = b.hold(driver);
  const args = evaluateAll(b, values);
  return b.emit("jit_hint", [b.release(held), new Constant(name), new Constant(names), ...args], node, "hint");
}

function superCall(b: GraphBuilder, node: acorn.CallExpression): Value {
  const cls = b.source.classSource;
  if (b.source.kind !== "constructor" || !cls) throw b.error(node, "super(...) is only allowed in a constructor");
  const base = Object.getPrototypeOf(cls.live) as Function;
  const args = evaluateAll(b, node.arguments);
  const result = b.emit("super_call", [thisValue(b, node), new Constant(base), ...args], node);
  // A derived class's field initializers run when super(...) returns.
  b.afterSuperCall?.();
  return result;
}

function superMethod(b: GraphBuilder, node: acorn.CallExpression, name: string): Value {
  const cls = b.source.classSource;
  if (!cls || !b.thisSlot) throw b.error(node, "super.method(...) is only allowed in methods");
  const base = Object.getPrototypeOf(cls.live) as Function;
  const self = b.read(b.thisSlot, node);
  const held = b.hold(self);
  const args = evaluateAll(b, node.arguments);
  return b.emit("super_method", [b.release(held), new Constant(base), new Constant(name), ...args], node, "result");
}

function newExpression(b: GraphBuilder, node: acorn.NewExpression): Value {
  const cls = buildExpression(b, node.callee);
  const held = b.hold(cls);
  const args = evaluateAll(b, node.arguments);
  return b.emit("new", [b.release(held), ...args], node, "new");
}
