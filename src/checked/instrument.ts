/**
 * Rewrites a module's stripped code so that it makes the checks of its plan (plan.ts): each
 * checked expression becomes a call of a small function generated for that expression alone
 * (appended after the module's last line, so that V8 sees each site's own types), which does
 * what JavaScript does when the check passes and calls the runtime (runtime.ts) when it fails.
 * The runtime stops the program only once main has started: import time is plain JavaScript, as
 * it is when translating; there a failed check goes on as JavaScript does.
 *
 *   xs[i]            __rts_c0(xs, i)             bounds-checked read
 *   xs[i] = v        __rts_c1(xs, i, v)          bounds-checked write (at length too)
 *   a + b            __rts_c2(a, b)              |a + b| <= 2^53, exact
 *   x += b           x = __rts_c3(x, b)
 *   x++ / ++x        __rts_c4(x++) / (__rts_c4(x++) + 1)   the old value below 2^53 - 1
 *   -a               (0 - a)                     no -0 among integers, as in the binary
 *   Math.floor(f)    __rts_c5(Math.floor(f))     an integer within ±2^53
 *   s.charCodeAt(i)  __rts_c6(s, i)              bounds-checked
 *   x!               __rts_c7(x)                 not null or undefined
 *
 * Every expression is evaluated once and in JavaScript's order, but for a compound assignment to
 * an item or a field whose object or index is not a plain name (`f().x += y`): there the right
 * side is evaluated before the item is read, or (for a field) the overflow is judged on the
 * double result, which cannot tell 2^53 + 1 from 2^53.
 *
 * Lines never move (see source-builder.ts); columns of a line with a check do, and the
 * PositionMap returned maps them back for stack traces (stack-positions.ts).
 */

import type * as acorn from "acorn";
import { spanKey, type ArithOp, type IndexedKind, type ModulePlan, type NodeChecks } from "./plan.js";
import { SourceBuilder, type PositionMap } from "./source-builder.js";

export interface InstrumentedModule {
  code: string;
  map: PositionMap;
  /** How many checked expressions the module has. */
  sites: number;
}

/** The names the runtime's functions get in an instrumented module. */
const RUNTIME_IMPORTS = ["stopHere", "stopIndex", "stopNotInteger", "stopOverflow", "stopModuloByZero", "stopNull", "exactArith"] as const;

const MAX_SAFE = "9007199254740991";
/** V8's longest string, the binary's too (src/rtyper/rstr.ts MAX_STRING_LENGTH). */
const MAX_STRING_LENGTH = 2 ** 29 - 24;
/** The binary's messages for the checks its helpers make (src/rtyper/lower-lists.ts, rstr.ts). */
const HELPER_MESSAGES = {
  setLength: "an array's length can only be set to a smaller length in RTS (growing it would leave holes)",
  typedSet: "typed array set(): the source does not fit (RangeError: offset is out of bounds)",
  repeatNegative: "RangeError: Invalid count value (repeat() of a negative count)",
  repeatLong: "RangeError: Invalid string length (repeat() of a result too long)",
};
const TWO_53 = "9007199254740992";

export function instrumentModule(code: string, program: acorn.Program, plan: ModulePlan, runtimeUrl: string): InstrumentedModule {
  const instrumenter = new Instrumenter(code, plan);
  instrumenter.print(program);
  return instrumenter.finish(runtimeUrl);
}

class Instrumenter {
  private readonly out: SourceBuilder;
  private readonly plan: ModulePlan;
  private readonly helpers: { text: string; anchor: number }[] = [];
  private readonly consumed = new Set<string>();

  constructor(code: string, plan: ModulePlan) {
    this.out = new SourceBuilder(code);
    this.plan = plan;
  }

  finish(runtimeUrl: string): InstrumentedModule {
    const out = this.out;
    const end = out.original.length;
    if (this.helpers.length > 0) {
      const imports = RUNTIME_IMPORTS.map((name) => `${name} as __rts_${name}`).join(", ");
      out.append(`\n;import { ${imports} } from ${JSON.stringify(runtimeUrl)};\n`, end);
      for (const helper of this.helpers) out.append(helper.text + "\n", helper.anchor);
    }
    return { code: out.code, map: out.positionMap(), sites: this.helpers.length };
  }

  /** Prints a node, checked as its plan says. */
  print(node: acorn.Node): void {
    if (node.type === "VariableDeclarator" || node.type === "AssignmentExpression") {
      const [pattern, value] =
        node.type === "VariableDeclarator" ? [(node as acorn.VariableDeclarator).id, (node as acorn.VariableDeclarator).init] : [(node as acorn.AssignmentExpression).left, (node as acorn.AssignmentExpression).right];
      if (pattern.type === "ArrayPattern" && value) return this.printDestructuring(node, pattern, value);
    }
    const checks = this.checksOf(node);
    if (!checks) return this.printChildren(node);
    if (checks.nonNull) {
      const name = this.helper(node, (n) => `function ${n}(v) { if (v === undefined || v === null) __rts_stopNull(${w(checks.nonNull!.where)}); return v; }`);
      this.insert(`${name}(`, node);
      this.printChecked(node, checks);
      this.insert(")", node);
      return;
    }
    this.printChecked(node, checks);
  }

  /** `const [a, b] = xs` of an array: xs must have an item for each name, checked in order. */
  private printDestructuring(node: acorn.Node, pattern: acorn.ArrayPattern, value: acorn.Expression): void {
    const reads: string[] = [];
    pattern.elements.forEach((element, i) => {
      const read = element ? this.plan.get(spanKey(element.start, element.end))?.read : undefined;
      if (read) reads.push(`if (!(${i} < a.length)) __rts_stopIndex(${i}, a.length, ${w(read.where)}); `);
    });
    if (reads.length === 0) return this.printChildren(node);
    const name = this.helper(value, (h) => `function ${h}(a) { ${reads.join("")}return a; }`);
    this.out.copy(node.start, pattern.start);
    this.print(pattern);
    this.out.copy(pattern.end, value.start);
    this.insert(`${name}(`, value);
    this.printArg(value);
    this.insert(")", value);
    this.out.copy(value.end, node.end);
  }

  /** The node's checks, once (a node with the same range inside it gets none). */
  private checksOf(node: acorn.Node): NodeChecks | undefined {
    if (!isExpression(node)) return undefined;
    const key = spanKey(node.start, node.end);
    const checks = this.plan.get(key);
    if (!checks || this.consumed.has(key)) return undefined;
    this.consumed.add(key);
    return checks;
  }

  private printChecked(node: acorn.Node, checks: NodeChecks): void {
    switch (node.type) {
      case "MemberExpression": {
        const m = node as acorn.MemberExpression;
        if (checks.read && m.computed && !shortCircuits(m)) return this.printRead(m, checks.read);
        break;
      }
      case "AssignmentExpression":
        return this.printAssignment(node as acorn.AssignmentExpression, checks);
      case "UpdateExpression":
        return this.printUpdate(node as acorn.UpdateExpression, checks);
      case "BinaryExpression": {
        const b = node as acorn.BinaryExpression;
        if (checks.arith && checks.arith.op !== "neg") {
          return this.printAsCall(this.arithHelper(node, checks.arith.op, checks.arith.where), node, [b.left, b.right]);
        }
        break;
      }
      case "UnaryExpression": {
        const u = node as acorn.UnaryExpression;
        if (checks.arith?.op === "neg") {
          // An integer is never -0 in the binary: 0 - a is -a, and 0 for 0.
          this.insert("(0 - ", node);
          this.out.drop(node.start, u.argument.start);
          this.printArg(u.argument);
          this.out.drop(u.argument.end, node.end);
          this.insert(")", node);
          return;
        }
        break;
      }
      case "CallExpression": {
        const c = node as acorn.CallExpression;
        const callee = c.callee;
        const plainCall = callee.type === "MemberExpression" && !callee.computed && !shortCircuits(c) && c.arguments.every((a) => a.type !== "SpreadElement");
        if (checks.helperCall && plainCall && c.arguments.length >= 1) {
          const text =
            checks.helperCall.method === "set"
              ? (h: string) => `function ${h}(t, s, o = 0) { if (!(o >= 0 && o + s.length <= t.length)) __rts_stopHere(${w(HELPER_MESSAGES.typedSet)}, ${w(checks.helperCall!.where)}); return t.set(s, o); }`
              : (h: string) =>
                  `function ${h}(s, n) { if (n < 0) __rts_stopHere(${w(HELPER_MESSAGES.repeatNegative)}, ${w(checks.helperCall!.where)}); ` +
                  `else if (s.length > 0 && n > Math.floor(${MAX_STRING_LENGTH} / s.length)) __rts_stopHere(${w(HELPER_MESSAGES.repeatLong)}, ${w(checks.helperCall!.where)}); return s.repeat(n); }`;
          return this.printAsCall(this.helper(node, text), node, [(callee as acorn.MemberExpression).object, ...c.arguments]);
        }
        if (
          checks.stringIndex &&
          callee.type === "MemberExpression" &&
          !callee.computed &&
          !shortCircuits(c) &&
          c.arguments.length <= 1 &&
          c.arguments.every((a) => a.type !== "SpreadElement")
        ) {
          const { method, where } = checks.stringIndex;
          const name = this.helper(node, (h) => `function ${h}(s, i) { if (!(i >= 0 && i < s.length)) __rts_stopIndex(i, s.length, ${w(where)}); return s.${method}(i); }`);
          // s.charAt() reads index 0.
          const index = c.arguments[0];
          return index ? this.printAsCall(name, node, [callee.object, index]) : this.printAsCall(name, node, [callee.object], "0");
        }
        break;
      }
    }
    if (checks.toInt) {
      const where = checks.toInt.where;
      const name = this.helper(node, (h) => `function ${h}(x) { if (x >= -${TWO_53} && x <= ${TWO_53} && Math.trunc(x) === x) return x + 0; __rts_stopNotInteger(x, ${w(where)}); return x; }`);
      this.insert(`${name}(`, node);
      this.printChildren(node);
      this.insert(")", node);
      return;
    }
    this.printChildren(node);
  }

  /** `o[i]` read: o and i evaluated once, then the bounds check. */
  private printRead(m: acorn.MemberExpression, read: { kind: IndexedKind; where: string }): void {
    this.printAsCall(this.readHelper(m, read), m, [m.object, m.property]);
  }

  private printAssignment(node: acorn.AssignmentExpression, checks: NodeChecks): void {
    const left = node.left;
    const op = node.operator;
    if (op === "=") {
      if (checks.setLength && left.type === "MemberExpression" && !left.computed && !left.optional) {
        const name = this.helper(node, (h) => `function ${h}(a, n) { if (!(n >= 0 && n <= a.length)) __rts_stopHere(${w(HELPER_MESSAGES.setLength)}, ${w(checks.setLength!.where)}); return a.length = n; }`);
        return this.printAsCall(name, node, [left.object, node.right]);
      }
      if (checks.write && isItem(left)) return this.printAsCall(this.writeHelper(node, checks.write), node, [left.object, left.property, node.right]);
      return this.printChildren(node);
    }
    if (op === "&&=" || op === "||=" || op === "??=") return this.printChildren(node);
    const binop = op.slice(0, -1);
    const read = isItem(left) ? this.checksOf(left)?.read : undefined;
    const { arith, write } = checks;
    if (!arith && !write && !read) return this.printChildren(node);
    if (left.type === "Identifier") {
      if (!arith) return this.printChildren(node);
      // x op= v  ->  x = check(x, v): x is read before v is evaluated, as JavaScript does.
      this.out.copy(left.start, left.end);
      this.insert(` = ${this.arithHelper(node, arith.op, arith.where)}(`, node);
      this.out.copy(left.start, left.end);
      this.insert(", ", node);
      this.out.drop(left.end, node.right.start);
      this.printArg(node.right);
      this.out.drop(node.right.end, node.end);
      this.insert(")", node);
      return;
    }
    if (left.type === "MemberExpression" && !left.computed) {
      if (!arith) return this.printChildren(node);
      if (isPlain(left.object) && this.singleLine(left)) {
        this.out.copy(left.start, left.end);
        this.insert(` = ${this.arithHelper(node, arith.op, arith.where)}(`, node);
        this.out.copy(left.start, left.end);
        this.insert(", ", node);
        this.out.drop(left.end, node.right.start);
        this.printArg(node.right);
        this.out.drop(node.right.end, node.end);
        this.insert(")", node);
        return;
      }
      // The object is evaluated once: the result is checked after the fact.
      const name =
        arith.op === "mod"
          ? this.helper(node, (h) => `function ${h}(r) { if (r !== r) __rts_stopModuloByZero(${w(arith.where)}); return r + 0; }`)
          : this.helper(node, (h) => `function ${h}(r) { if (r >= -${TWO_53} && r <= ${TWO_53}) return r + 0; __rts_stopOverflow(${w(arith.where)}); return r; }`);
      this.insert(`${name}(`, node);
      this.printChildren(node);
      this.insert(")", node);
      return;
    }
    if (!isItem(left)) return this.printChildren(node);
    // An item: read (checked), combined, written (checked).
    const combine = arith ? this.arithHelper(node, arith.op, arith.where) : undefined;
    if (isPlain(left.object) && isPlain(left.property) && this.singleLine(left)) {
      const get = read ? this.readHelper(left, read) : undefined;
      const set = write ? this.writeHelper(node, write) : undefined;
      const item = () => {
        if (!get) return this.out.copy(left.start, left.end);
        this.insert(`${get}(`, node);
        this.out.copy(left.object.start, left.object.end);
        this.insert(", ", node);
        this.out.copy(left.property.start, left.property.end);
        this.insert(")", node);
      };
      if (set) {
        this.insert(`${set}(`, node);
        this.out.copy(left.object.start, left.object.end);
        this.insert(", ", node);
        this.out.copy(left.property.start, left.property.end);
        this.insert(", ", node);
      } else {
        this.out.copy(left.start, left.end);
        this.insert(" = ", node);
      }
      this.insert(combine ? `${combine}(` : "(", node);
      item();
      this.insert(combine ? ", " : `) ${binop} (`, node);
      this.out.drop(left.end, node.right.start);
      this.printArg(node.right);
      this.out.drop(node.right.end, node.end);
      this.insert(")", node);
      if (set) this.insert(")", node);
      return;
    }
    const name = this.helper(node, (h) => {
      const value = combine ? `${combine}(a[i], v)` : `a[i] ${binop} v`;
      return `function ${h}(a, i, v) { ${read ? boundsCheck(read.where) : ""}const r = ${value}; ${write ? boundsCheck(write.where) : ""}return a[i] = r; }`;
    });
    this.insert(`${name}(`, node);
    this.printArg(left.object as acorn.Expression);
    this.insert(", ", node);
    this.out.drop(left.object.end, left.property.start);
    this.printArg(left.property as acorn.Expression);
    this.insert(", ", node);
    this.out.drop(left.property.end, node.right.start);
    this.printArg(node.right);
    this.out.drop(node.right.end, node.end);
    this.insert(")", node);
  }

  private printUpdate(node: acorn.UpdateExpression, checks: NodeChecks): void {
    const target = node.argument;
    const increment = node.operator === "++";
    const { arith, write } = checks;
    if (isItem(target)) {
      const read = this.checksOf(target)?.read;
      if (!arith && !write && !read) return this.printChildren(node);
      const name = this.helper(node, (h) => {
        const overflow = arith ? `if (!(${increment ? `old < ${TWO_53}` : `old > -${TWO_53}`})) __rts_stopOverflow(${w(arith.where)}); ` : "";
        return (
          `function ${h}(a, i) { ${read ? boundsCheck(read.where) : ""}const old = +a[i]; ${overflow}` +
          `const r = old ${increment ? "+" : "-"} 1; ${write ? boundsCheck(write.where) : ""}a[i] = r; return ${node.prefix ? "r" : "old"}; }`
        );
      });
      this.insert(`${name}(`, node);
      this.out.drop(node.start, target.start);
      this.printArg(target.object as acorn.Expression);
      this.insert(", ", node);
      this.out.drop(target.object.end, target.property.start);
      this.printArg(target.property as acorn.Expression);
      this.out.drop(target.property.end, node.end);
      this.insert(")", node);
      return;
    }
    if (!arith) return this.printChildren(node);
    // The old value, exact, says whether the new one is beyond 2^53: x++ checked, ++x as x++ + 1.
    const limit = increment ? `old < ${TWO_53}` : `old > -${TWO_53}`;
    const name = this.helper(node, (h) => `function ${h}(old) { if (!(${limit})) __rts_stopOverflow(${w(arith.where)}); return old; }`);
    if (!node.prefix) {
      this.insert(`${name}(`, node);
      this.printChildren(node);
      this.insert(")", node);
      return;
    }
    this.insert(`(${name}(`, node);
    this.out.drop(node.start, target.start);
    this.print(target);
    this.out.drop(target.end, node.end);
    this.insert(`${node.operator}) ${increment ? "+" : "-"} 1)`, node);
  }

  private readHelper(node: acorn.Node, read: { kind: IndexedKind; where: string }): string {
    return this.helper(node, (h) => `function ${h}(a, i) { ${boundsCheck(read.where)}return a[i]; }`);
  }

  private writeHelper(node: acorn.Node, write: { kind: IndexedKind; where: string }): string {
    return this.helper(node, (h) => `function ${h}(a, i, v) { ${boundsCheck(write.where)}return a[i] = v; }`);
  }

  private arithHelper(node: acorn.Node, op: ArithOp, where: string): string {
    if (op === "mod") {
      return this.helper(node, (h) => `function ${h}(a, b) { if (b === 0) __rts_stopModuloByZero(${w(where)}); return a % b + 0; }`);
    }
    const symbol = op === "add" ? "+" : op === "sub" ? "-" : "*";
    return this.helper(
      node,
      (h) =>
        `function ${h}(a, b) { const r = a ${symbol} b; if (r >= -${MAX_SAFE} && r <= ${MAX_SAFE}) return r + 0; return __rts_exactArith(${JSON.stringify(op)}, a, b, ${w(where)}); }`,
    );
  }

  /** A new helper function for a site; returns its name. */
  private helper(node: acorn.Node, text: (name: string) => string): string {
    const name = `__rts_c${this.helpers.length}`;
    this.helpers.push({ text: text(name), anchor: node.start });
    return name;
  }

  private insert(text: string, node: acorn.Node): void {
    this.out.insert(text, node.start);
  }

  /**
   * node rewritten as the call `name(operand, ...)`: each operand printed (and checked) as an
   * argument, extra (text) as a last one; the source around and between the operands is left out
   * but its newlines.
   */
  private printAsCall(name: string, node: acorn.Node, operands: readonly acorn.Node[], extra?: string): void {
    this.insert(`${name}(`, node);
    let cursor = node.start;
    operands.forEach((operand, i) => {
      if (i > 0) this.insert(", ", node);
      this.out.drop(cursor, operand.start);
      this.printArg(operand);
      cursor = operand.end;
    });
    if (extra !== undefined) this.insert(`, ${extra}`, node);
    this.out.drop(cursor, node.end);
    this.insert(")", node);
  }

  /** Prints an expression where it becomes an argument (a comma expression keeps its parentheses). */
  private printArg(node: acorn.Node): void {
    if (node.type !== "SequenceExpression") return this.print(node);
    this.insert("(", node);
    this.print(node);
    this.insert(")", node);
  }

  /** The node's own text, its children printed (and checked) in place. */
  private printChildren(node: acorn.Node): void {
    let cursor = node.start;
    for (const child of childrenOf(node)) {
      if (child.start < cursor) continue; // shared (a shorthand property's key and value)
      this.out.copy(cursor, child.start);
      this.print(child);
      cursor = child.end;
    }
    this.out.copy(cursor, node.end);
  }

  private singleLine(node: acorn.Node): boolean {
    return !this.out.original.slice(node.start, node.end).includes("\n");
  }
}

function w(where: string): string {
  return JSON.stringify(where);
}

function boundsCheck(where: string): string {
  return `if (!(i >= 0 && i < a.length)) __rts_stopIndex(i, a.length, ${w(where)}); `;
}

/**
 * Whether a member or call is part of an optional chain that may stop before it (`a?.b[i]`):
 * taken out of the chain into a helper's arguments, it would run on undefined. Left unchecked.
 */
function shortCircuits(node: acorn.Node): boolean {
  for (let n: acorn.Node = node; ; ) {
    if (n.type === "MemberExpression") {
      const m = n as acorn.MemberExpression;
      if (m.optional) return true;
      n = m.object;
    } else if (n.type === "CallExpression") {
      const c = n as acorn.CallExpression;
      if (c.optional) return true;
      n = c.callee;
    } else return false;
  }
}

/** `o[i]`, not optional. */
function isItem(node: acorn.Node): node is acorn.MemberExpression {
  return node.type === "MemberExpression" && (node as acorn.MemberExpression).computed && !shortCircuits(node);
}

/** An expression that may be evaluated twice: a name, `this` or a literal. */
function isPlain(node: acorn.Node): boolean {
  return node.type === "Identifier" || node.type === "ThisExpression" || node.type === "Literal";
}

const NOT_EXPRESSIONS = /Statement$|Declaration$|Declarator$|^Program$|^Property$|^PropertyDefinition$|^MethodDefinition$|Pattern$|^TemplateElement$|^SpreadElement$|^ChainExpression$|^ClassBody$|^SwitchCase$|^CatchClause$|^Import/;

function isExpression(node: acorn.Node): boolean {
  return !NOT_EXPRESSIONS.test(node.type);
}

/** The AST children of a node, in source order. */
function childrenOf(node: acorn.Node): acorn.Node[] {
  const children: acorn.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc" || key === "range") continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) children.push(value);
  }
  return children.sort((a, b) => a.start - b.start);
}

function isNode(value: unknown): value is acorn.Node {
  return typeof value === "object" && value !== null && typeof (value as acorn.Node).type === "string" && typeof (value as acorn.Node).start === "number";
}
