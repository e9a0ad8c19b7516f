/**
 * Which expressions of an annotated program the translated binary checks, and how: the plan that
 * `rts run --checked` instruments the source with (instrument.ts).
 *
 * Input: an Annotator that has annotated the program from main without errors. Output: for each
 * module, the checks of each expression, keyed by the expression's source range (the span the
 * flow graph builder records on each operation). The rules mirror the rtyper's lowerings
 * (src/rtyper/lower*.ts), which are what makes the binary stop with `fatal error:`:
 *
 *   getitem of an array, typed array or string   check_index (lower.ts getitem, charAt)
 *   setitem of an array or typed array            check_index: writing at length is an error too
 *   add, sub, mul, neg with an int result         int_*_ovf: |result| <= 2^53
 *   mod with an int result                        int_mod: modulo by zero
 *   Math.floor/ceil/trunc/round of a float, **,
 *     with an int result                          cast_float_to_int (lower-math.ts result)
 *   s.charCodeAt(i), s.charAt(i), s.codePointAt(i) check_index against the string's length
 *   x! of a value that may be null or undefined   check_defined / check_nonnull
 *   const [a, b] = xs of an array                 check_index of each item (the pattern's items)
 *   xs.length = n growing an array, t.set(src, offset) past t's end, s.repeat(n) of a negative
 *     count or a result longer than V8's strings   debug_fatal in a helper (no position)
 *
 * Each check carries the position the binary names: the operation's (the start of its
 * expression). An expression met by several operations (a `finally` copied onto each way out)
 * gets a check only when they all agree, so that no copy stops where the binary would not.
 */

import type { Annotator } from "../annotator/annotator.js";
import type { Some } from "../annotator/bookkeeper.js";
import type { Block, SourcePos, SpaceOperation } from "../frontend/model.js";
import type { ModuleInfo } from "../frontend/modules.js";

/** What an index reads or writes: an array, a string, or a typed array of that kind. */
export type IndexedKind = "list" | "string" | `${string}Array`;

/** Integer operations that the binary checks. */
export type ArithOp = "add" | "sub" | "mul" | "mod" | "neg";

/** The string methods that check their index. */
export type StringIndexMethod = "charCodeAt" | "charAt" | "codePointAt";

/** The checks of one expression; `where` is the position the binary prints: `file:line:col`. */
export interface NodeChecks {
  /** An item read `o[i]` (the MemberExpression), or the read of a compound assignment's item. */
  read?: { kind: IndexedKind; where: string };
  /** An item write `o[i] = v`, `o[i] += v`, `o[i]++` (the assignment or update). */
  write?: { kind: IndexedKind; where: string };
  /** An integer operation (a binary, unary, compound assignment or update expression). */
  arith?: { op: ArithOp; where: string };
  /** A float result the binary converts to an integer (Math.floor of a float, `**`). */
  toInt?: { where: string };
  /** s.charCodeAt(i) and friends (the call). */
  stringIndex?: { method: StringIndexMethod; kind: IndexedKind; where: string };
  /** `x!` of a value that may be empty. */
  nonNull?: { where: string };
  /** `xs.length = n` (the assignment): n may only shrink the array. */
  setLength?: { kind: "list"; where: string };
  /** A method whose helper in the binary stops (the call). */
  helperCall?: { method: HelperCallMethod; where: string };
}

/** Methods whose helper graphs stop the binary: typedArray.set past the end, string.repeat. */
export type HelperCallMethod = "set" | "repeat";

/** The checks of a module's expressions, by spanKey. */
export type ModulePlan = Map<string, NodeChecks>;

export function spanKey(start: number, end: number): string {
  return `${start}:${end}`;
}

export function formatWhere(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

const STRING_INDEX_METHODS: ReadonlySet<string> = new Set(["charCodeAt", "charAt", "codePointAt"]);
const ARITH_OPS: ReadonlySet<string> = new Set(["add", "sub", "mul", "mod", "neg"]);
/** Math functions computed on floats whose int result the binary converts with a check (lower-math.ts). */
const MATH_TO_INT: ReadonlySet<string> = new Set(["Math.floor", "Math.ceil", "Math.trunc", "Math.round", "Math.abs", "Math.sign"]);

/** A disagreement between two operations on one expression: that check is dropped. */
const CONFLICT = Symbol("conflict");
type Slot<T> = T | typeof CONFLICT;
type PendingChecks = { [K in keyof NodeChecks]?: Slot<NonNullable<NodeChecks[K]>> };

/** The plan of every module the annotator reached, by the module's file. */
export function computeCheckPlan(annotator: Annotator): Map<ModuleInfo, ModulePlan> {
  const pending = new Map<ModuleInfo, Map<string, PendingChecks>>();
  for (const desc of annotator.annotatedFunctions()) {
    const graph = desc.graph;
    if (!graph) continue;
    const module = desc.source.module;
    let checks = pending.get(module);
    if (!checks) pending.set(module, (checks = new Map()));
    for (const block of graph.iterBlocks()) {
      if (!annotator.reached(block)) continue;
      planBlock(annotator, block, checks);
    }
  }
  const plans = new Map<ModuleInfo, ModulePlan>();
  for (const [module, checks] of pending) {
    const plan: ModulePlan = new Map();
    for (const [key, slots] of checks) {
      const agreed: NodeChecks = {};
      for (const [name, value] of Object.entries(slots)) if (value !== CONFLICT) (agreed as Record<string, unknown>)[name] = value;
      if (Object.keys(agreed).length > 0) plan.set(key, agreed);
    }
    plans.set(module, plan);
  }
  return plans;
}

function planBlock(annotator: Annotator, block: Block, checks: Map<string, PendingChecks>): void {
  for (const op of block.operations) {
    if (!op.span) continue;
    const found = checkOf(annotator, op);
    if (!found) continue;
    const key = spanKey(op.span.start, op.span.end);
    const slots = checks.get(key) ?? {};
    const [name, value] = found;
    const previous = slots[name];
    if (previous === undefined) (slots as Record<string, unknown>)[name] = value;
    else if (previous !== CONFLICT && JSON.stringify(previous) !== JSON.stringify(value)) (slots as Record<string, unknown>)[name] = CONFLICT;
    checks.set(key, slots);
  }
}

type Found = { [K in keyof NodeChecks]-?: [K, NonNullable<NodeChecks[K]>] }[keyof NodeChecks];

/** The check one operation makes in the binary, if any. */
function checkOf(annotator: Annotator, op: SpaceOperation): Found | undefined {
  const where = formatWhere(op.pos);
  const arg = (i: number): Some | undefined => annotationOf(annotator, op, i);
  const result = annotator.binding(op.result);
  switch (op.opname) {
    case "getitem": {
      const kind = indexedKind(arg(0));
      return kind ? ["read", { kind, where }] : undefined;
    }
    case "setitem": {
      const kind = indexedKind(arg(0));
      return kind && kind !== "string" ? ["write", { kind, where }] : undefined;
    }
    case "setattr":
      return arg(0)?.kind === "list" && constantName(op) === "length" ? ["setLength", { kind: "list", where }] : undefined;
    case "pow":
      return result.kind === "int" ? ["toInt", { where }] : undefined;
    case "non_null": {
      const value = arg(0);
      if (!value || value.empty === 0 || value.kind === "none" || value.kind === "impossible") return undefined;
      return ["nonNull", { where }];
    }
    case "simple_call":
    case "call_method":
      return callCheck(op, arg, result, where);
    default:
      if (ARITH_OPS.has(op.opname) && result.kind === "int") return ["arith", { op: op.opname as ArithOp, where }];
      return undefined;
  }
}

function callCheck(op: SpaceOperation, arg: (i: number) => Some | undefined, result: Some, where: string): Found | undefined {
  const callee = arg(0);
  if (!callee) return undefined;
  let builtin: string | undefined;
  let first = 1;
  if (op.opname === "simple_call" && callee.kind === "builtin") builtin = callee.name;
  const method = op.opname === "call_method" ? constantName(op) : undefined;
  if (op.opname === "call_method" && method !== undefined) {
    first = 2;
    if (callee.kind === "builtin") builtin = `${callee.name}.${method}`;
    else if ((callee.kind === "string" || callee.kind === "char") && STRING_INDEX_METHODS.has(method)) {
      return ["stringIndex", { method: method as StringIndexMethod, kind: "string", where }];
    } else if ((callee.kind === "string" || callee.kind === "char") && method === "repeat") {
      return ["helperCall", { method: "repeat", where: formatWhere(op.framePos ?? op.pos) }];
    } else if (callee.kind === "typedArray" && method === "set") {
      return ["helperCall", { method: "set", where: formatWhere(op.framePos ?? op.pos) }];
    }
  }
  if (builtin === undefined || !MATH_TO_INT.has(builtin) || result.kind !== "int") return undefined;
  for (let i = first; i < op.args.length; i++) if (arg(i)?.kind === "float") return ["toInt", { where }];
  return undefined;
}

function constantName(op: SpaceOperation): string | undefined {
  const name = op.args[1] as { value?: unknown } | undefined;
  return typeof name?.value === "string" ? name.value : undefined;
}

function annotationOf(annotator: Annotator, op: SpaceOperation, i: number): Some | undefined {
  const value = op.args[i];
  if (value === undefined) return undefined;
  try {
    return annotator.binding(value);
  } catch {
    return undefined; // a constant that is not an RTS value (the annotator reported it)
  }
}

function indexedKind(s: Some | undefined): IndexedKind | undefined {
  switch (s?.kind) {
    case "list":
      return "list";
    case "string":
    case "char":
      return "string";
    case "typedArray":
      return s.arrayKind;
    default:
      return undefined;
  }
}
