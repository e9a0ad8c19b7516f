/**
 * Arrow functions written as the argument of a method call (`xs.map((x) => x * k)`): the one
 * place where RTS has functions made at run time. Such an arrow never escapes: it is not a value
 * of the program but a constant operand of the call (an ArrowFunction), and the values of the
 * local variables it uses (its captured variables, `this` included) are extra operands after the
 * call's arguments, read when the method is called. The annotator accepts it only as the
 * callback of an array method (map, filter, ...), which then calls its graph with the captured
 * values first (RPython's specialisation on a constant function: one graph per arrow, the
 * captured variables as extra arguments).
 *
 * Passing captured variables by value is JavaScript's semantics because the callback runs during
 * the call, when nothing but the arrow itself can assign a local variable of the function around
 * it; an arrow that assigns one is refused (build-expressions.ts, the "captured" slots).
 *
 * An arrow anywhere else (stored, returned, passed to a function) would be a closure: an error
 * whose advice leads to RTS.
 */

import type * as acorn from "acorn";
import type { GraphBuilder } from "./build-graph.js";
import type { FunctionNode, FunctionSource } from "./modules.js";

/** An arrow function written at a call: its source (kind "arrow", with its captured variables). */
export class ArrowFunction {
  readonly source: FunctionSource & { kind: "arrow"; captured: readonly string[] };
  constructor(source: FunctionSource & { kind: "arrow"; captured: readonly string[] }) {
    this.source = source;
  }
  toString(): string {
    return `<arrow ${this.source.name}>`;
  }
}

/** The array methods whose callbacks may be arrows written at the call, for messages. */
export const CALLBACK_METHODS = "map, filter, forEach, some, every, find, findIndex, reduce and sort";

/**
 * Why an arrow used as a value is not RTS, and what to write: a module-level function taking
 * what the arrow uses from the function around it as extra parameters.
 */
export function escapingArrowMessage(b: GraphBuilder, node: acorn.ArrowFunctionExpression): string {
  const uses = capturedNames(b, node).filter((n) => n !== "this");
  const extra = uses.length > 0 ? `, with what it uses from here (${uses.join(", ")}) as extra parameters,` : "";
  return (
    "an arrow function used as a value (stored, returned or passed to a function) is a closure, which RTS does not have; " +
    `declare a module-level function instead${extra} and call or pass that ` +
    `(an arrow is RTS only written directly as the callback of an array method: ${CALLBACK_METHODS})`
  );
}

/** The variables of the function around an arrow that the arrow uses (`this` first when it does). */
function capturedNames(b: GraphBuilder, node: acorn.ArrowFunctionExpression): string[] {
  const own = new Set(node.params.flatMap(patternNames));
  const captured: string[] = [];
  for (const name of referencedNames(node.body)) {
    if (own.has(name) || captured.includes(name)) continue;
    const slot = b.lookup(name);
    if (slot && slot.kind !== "temp") captured.push(name);
  }
  if (b.thisSlot && usesThis(node.body)) captured.unshift("this");
  return captured;
}

/** The ArrowFunction of an arrow written at a call (one per node: a `finally` copied twice makes one). */
export function arrowAt(b: GraphBuilder, node: acorn.ArrowFunctionExpression): ArrowFunction {
  const known = b.program.arrowOf(node);
  if (known) return known;
  if (node.async) throw b.error(node, "async functions are not RTS");
  const captured = capturedNames(b, node);
  const pos = b.pos(node);
  const enclosing = b.source.name.slice(b.source.name.indexOf(".") + 1);
  const arrow = new ArrowFunction({
    module: b.module,
    name: `${b.module.name}.${enclosing}.arrow@${pos.line}:${pos.column}`,
    kind: "arrow",
    node,
    classSource: undefined,
    pos,
    captured,
  });
  b.program.rememberArrow(node, arrow);
  return arrow;
}

/** Names bound by a parameter pattern. */
function patternNames(node: acorn.Pattern): string[] {
  switch (node.type) {
    case "Identifier":
      return [node.name];
    case "AssignmentPattern":
      return patternNames(node.left);
    case "RestElement":
      return patternNames(node.argument);
    case "ArrayPattern":
      return node.elements.flatMap((e) => (e ? patternNames(e) : []));
    case "ObjectPattern":
      return node.properties.flatMap((p) => (p.type === "RestElement" ? patternNames(p.argument) : patternNames(p.value)));
    default:
      return [];
  }
}

/**
 * Every identifier an arrow's body may read or write as a variable, nested arrows included (a
 * superset: a name declared inside the arrow that shadows an outer one is captured for nothing).
 */
function referencedNames(root: acorn.Node): string[] {
  const names: string[] = [];
  const visit = (node: acorn.Node, parent: acorn.Node | undefined, key: string): void => {
    if (node.type === "Identifier") {
      const isProperty =
        parent &&
        ((parent.type === "MemberExpression" && key === "property" && !(parent as acorn.MemberExpression).computed) ||
          (parent.type === "Property" && key === "key" && !(parent as acorn.Property).computed) ||
          ((parent.type === "LabeledStatement" || parent.type === "BreakStatement" || parent.type === "ContinueStatement") && key === "label"));
      if (!isProperty) names.push((node as acorn.Identifier).name);
      return;
    }
    forEachChild(node, visit);
  };
  visit(root, undefined, "");
  return names;
}

/** Whether `this` (or `super`) appears in the arrow, in nested arrows too (they share it). */
function usesThis(root: acorn.Node): boolean {
  let found = false;
  const visit = (node: acorn.Node): void => {
    if (found) return;
    if (node.type === "ThisExpression" || node.type === "Super") {
      found = true;
      return;
    }
    if (node.type === "FunctionExpression" || node.type === "FunctionDeclaration" || node.type === "ClassExpression" || node.type === "ClassDeclaration") return;
    forEachChild(node, (child) => visit(child));
  };
  visit(root);
  return found;
}

/** Whether a function uses `this` or `super` (not counting nested functions, which have their own). */
export function functionUsesThis(fn: FunctionNode): boolean {
  return usesThis(fn.body) || fn.params.some(usesThis);
}

function forEachChild(node: acorn.Node, visit: (child: acorn.Node, parent: acorn.Node, key: string) => void): void {
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc") continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, node, key);
    } else if (isNode(value)) {
      visit(value, node, key);
    }
  }
}

function isNode(value: unknown): value is acorn.Node {
  return typeof value === "object" && value !== null && typeof (value as acorn.Node).type === "string";
}
