/**
 * Narrowing of field reads, as TypeScript does it: after `if (this.current !== null)`, a read of
 * `this.current` in the branch is known not to be null or undefined, until `this` (or whatever
 * variable the path starts from) is assigned or a field of that name is set. The annotator only
 * narrows variables (a field may change between two reads), so the builder makes such a read
 * explicit: it becomes `non_null(getattr(...))`, as if the program had written `this.current!`.
 * The annotator then takes the value as not empty, and the translated program checks it (a
 * call between the test and the read that empties the field stops the program with an error
 * naming the place, where TypeScript would have let it through).
 *
 * A fact is a path: a local variable (or `this`) followed by field names, keyed
 * `slot:field.field`. The builder holds the facts true at the current point; a link carries them
 * to its join point, and a join point starts with the facts of all its links. A loop header is
 * entered before its back edges exist: it keeps the facts that nothing in the loop can undo.
 */

import type * as acorn from "acorn";
import type { GraphBuilder, Slot } from "./build-graph.js";

export type Facts = ReadonlySet<string>;

/** What a condition proves about field paths when it is true and when it is false. */
export interface PathNarrowing {
  whenTrue: string[];
  whenFalse: string[];
}

const NOTHING: PathNarrowing = { whenTrue: [], whenFalse: [] };

/** The key of a path `x.a.b` or `this.a` rooted at a local variable, or undefined. */
export function pathKey(b: GraphBuilder, node: acorn.Node): string | undefined {
  const fields: string[] = [];
  let current = node as acorn.Expression | acorn.Super;
  while (current.type === "MemberExpression" && !current.computed && current.property.type === "Identifier") {
    fields.unshift(current.property.name);
    current = current.object;
  }
  if (fields.length === 0) return undefined;
  const slot = current.type === "ThisExpression" ? b.thisSlot : current.type === "Identifier" ? b.lookup(current.name) : undefined;
  return slot ? `${b.slotId(slot)}:${fields.join(".")}` : undefined;
}

function isEmptyLiteral(node: acorn.Expression | acorn.PrivateIdentifier): boolean {
  return (node.type === "Literal" && node.value === null && !("regex" in node && node.regex)) || (node.type === "Identifier" && node.name === "undefined");
}

/** The paths a condition proves not empty: `p !== null`, `p != undefined`, `p`, `!c`, `(c)`. */
export function conditionNarrowing(b: GraphBuilder, node: acorn.Expression): PathNarrowing {
  switch (node.type) {
    case "ParenthesizedExpression":
      return conditionNarrowing(b, node.expression);
    case "UnaryExpression": {
      if (node.operator !== "!") return NOTHING;
      const inner = conditionNarrowing(b, node.argument);
      return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
    }
    case "MemberExpression": {
      const key = pathKey(b, node);
      return key ? { whenTrue: [key], whenFalse: [] } : NOTHING;
    }
    case "BinaryExpression": {
      if (!["===", "!==", "==", "!="].includes(node.operator)) return NOTHING;
      const tested = isEmptyLiteral(node.right) ? node.left : isEmptyLiteral(node.left) ? node.right : undefined;
      const key = tested ? pathKey(b, tested) : undefined;
      if (!key) return NOTHING;
      return node.operator.startsWith("!") ? { whenTrue: [key], whenFalse: [] } : { whenTrue: [], whenFalse: [key] };
    }
    default:
      return NOTHING;
  }
}

export function withFacts(facts: Facts, added: readonly string[]): Facts {
  return added.length === 0 ? facts : new Set([...facts, ...added]);
}

/** The facts true on every one of the links (none when there is no link). */
export function commonFacts(incoming: readonly Facts[]): Facts {
  if (incoming.length === 0) return new Set();
  const [first, ...rest] = incoming;
  return new Set([...first!].filter((key) => rest.every((facts) => facts.has(key))));
}

/** The facts that survive assigning the variable slot. */
export function withoutSlot(b: GraphBuilder, facts: Facts, slot: Slot): Facts {
  const prefix = `${b.slotId(slot)}:`;
  return filterFacts(facts, (key) => !key.startsWith(prefix));
}

/** The facts that survive setting a field called name (on any object: it may be the same). */
export function withoutField(facts: Facts, name: string): Facts {
  return filterFacts(facts, (key) => !key.slice(key.indexOf(":") + 1).split(".").includes(name));
}

function filterFacts(facts: Facts, keep: (key: string) => boolean): Facts {
  if ([...facts].every(keep)) return facts;
  return new Set([...facts].filter(keep));
}

/** The facts a loop header keeps: those that no assignment in the loop's parts can undo. */
export function loopFacts(b: GraphBuilder, facts: Facts, parts: readonly (acorn.Node | null | undefined)[]): Facts {
  let kept = facts;
  const visit = (node: acorn.Node): void => {
    if (node.type === "AssignmentExpression" || node.type === "UpdateExpression") {
      const target = node.type === "AssignmentExpression" ? (node as acorn.AssignmentExpression).left : (node as acorn.UpdateExpression).argument;
      kept = withoutTarget(b, kept, target);
    }
    if (node.type === "ForOfStatement" && (node as acorn.ForOfStatement).left.type === "Identifier") {
      kept = withoutTarget(b, kept, (node as acorn.ForOfStatement).left);
    }
    if (node.type === "VariableDeclaration" && (node as acorn.VariableDeclaration).kind === "var") {
      for (const declarator of (node as acorn.VariableDeclaration).declarations) kept = withoutTarget(b, kept, declarator.id);
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach((v) => isNode(v) && visit(v));
      else if (isNode(value)) visit(value);
    }
  };
  for (const part of parts) if (part) visit(part);
  return kept;
}

function withoutTarget(b: GraphBuilder, facts: Facts, target: acorn.Node): Facts {
  if (target.type === "Identifier") {
    const slot = b.lookup((target as acorn.Identifier).name);
    return slot ? withoutSlot(b, facts, slot) : facts;
  }
  if (target.type === "MemberExpression") {
    const member = target as acorn.MemberExpression;
    if (!member.computed && member.property.type === "Identifier") return withoutField(facts, member.property.name);
  }
  if (target.type === "ArrayPattern") {
    let kept = facts;
    for (const element of (target as acorn.ArrayPattern).elements) if (element) kept = withoutTarget(b, kept, element);
    return kept;
  }
  return facts;
}

function isNode(value: unknown): value is acorn.Node {
  return typeof value === "object" && value !== null && typeof (value as acorn.Node).type === "string";
}
