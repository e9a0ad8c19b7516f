/**
 * LL graphs: the rtyper's output, the GC transform's and JIT codewriter's input. The shape of
 * flow graphs (blocks with inputargs, block-local variables, exits passing values; see
 * src/frontend/model.ts) with an LL type on every value and LL operations (lloperation.ts).
 *
 * Invariants (checked by checkLLGraph): those of flow graphs, plus
 * - every value has an LL type; a link's values have the types of its target's inputargs;
 * - every operation is in the LL operation table, with operands and a result of the types its
 *   signature gives (lloperation.ts: a field's type for a field read, the function's parameters
 *   for a call's arguments, ...);
 * - a block's exitswitch is Bool (exits false, true), Signed or Char (exits per case value, each
 *   once, and a "default" last), or LAST_EXCEPTION after an operation that can raise (a normal
 *   exit, then exception exits whose `caught` variable holds the exception: of the graph's
 *   exception type, or a pointer to a struct that extends its struct, as a handler of Error does).
 */

import { llOpInfo, type LLOpName } from "./lloperation.js";
import { Bool, Float, FuncType, Ptr, PtrType, Void, type LLType } from "./lltype.js";
import type { SymbolicWord } from "./symbolic.js";

/**
 * A position in a TypeScript source file, 1-based line and column: where an LL operation or graph
 * comes from. The same shape as the frontend's SourcePos (src/frontend/model.ts), declared again
 * because the LL IR imports no stage above it; the two are assignable to each other.
 */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export class LLVariable {
  readonly hint: string;
  readonly type: LLType;

  constructor(type: LLType, hint = "v") {
    this.type = type;
    this.hint = hint;
  }
}

/**
 * What a constant holds: a number (Signed, Unsigned, Float, Char as its code unit), a boolean, a
 * reference to a prebuilt object, a function, or a type or field name given to an operation; or
 * a symbolic word (symbolic.ts: a Signed of prebuilt data known only when the data image is
 * written, such as a function's address in a jitcode).
 */
export type LLConstantValue = number | boolean | string | null | LLPrebuilt | LLFunctionRef | LLType | SymbolicWord;

/** An object built at translation time (a prebuilt instance, string, class record, ...). */
export interface LLPrebuilt {
  readonly kind: "prebuilt";
  readonly type: LLType;
  /** For dumps and the symbol table. */
  readonly name: string;
  /** The field values (by name) or items of the object, as constants. */
  readonly fields: Map<string, LLConstant>;
  readonly items: LLConstant[];
}

/** A function of the translated program, as the operand of direct_call or a function pointer. */
export interface LLFunctionRef {
  readonly kind: "function";
  readonly name: string;
  /** The graph, once built (helpers and callees are rtyped on demand). */
  graph: LLGraph | undefined;
}

export class LLConstant {
  readonly value: LLConstantValue;
  readonly type: LLType;

  constructor(value: LLConstantValue, type: LLType) {
    this.value = value;
    this.type = type;
  }
}

export type LLValue = LLVariable | LLConstant;

/** A cache of helper graphs (a Map or a WeakMap). */
export interface GraphCache<K> {
  get(key: K): LLGraph | undefined;
  set(key: K, graph: LLGraph): unknown;
}

/** The graph cache holds for key, built by build() and kept there the first time it is asked for. */
export function cachedGraph<K>(cache: GraphCache<K>, key: K, build: () => LLGraph): LLGraph {
  let graph = cache.get(key);
  if (!graph) {
    graph = build();
    cache.set(key, graph);
  }
  return graph;
}

/** A value of the type, for the result of code that is never reached. */
export function zeroOf(type: LLType): LLConstant {
  if (type === Void) return new LLConstant(null, Void);
  if (type === Float) return new LLConstant(0, Float);
  if (type === Bool) return new LLConstant(false, Bool);
  if (type instanceof PtrType) return new LLConstant(null, type);
  return new LLConstant(0, type);
}

/**
 * The position of an LL operation: where in the TypeScript source it comes from, and, for an
 * operation the inliner (opt/inline.ts) copied into another graph, the calls it was inlined
 * through, innermost first. Stack traces (stack-trace.ts) show one frame per entry, so a call
 * site inside inlined code maps to the chain of the original functions.
 */
export interface LLPos extends SourcePos {
  readonly inlined?: readonly InlinedCall[];
  /**
   * Stack traces show no frame at this position itself (the frames of `inlined` they show): the
   * call of a portal from the function it was split from (src/jit/portal.ts), whose frame is the
   * portal's own, shown at the portal's position.
   */
  readonly hidden?: boolean;
}

/** One call an operation was inlined through: the function the position before it is in (its frame name), and where that function was called. */
export interface InlinedCall {
  readonly callee: string | undefined;
  readonly at: SourcePos | undefined;
}

export class LLOperation {
  readonly opname: LLOpName;
  readonly args: LLValue[];
  readonly result: LLVariable;
  readonly pos: LLPos | undefined;

  constructor(opname: LLOpName, args: LLValue[], result: LLVariable, pos: LLPos | undefined) {
    llOpInfo(opname); // an unknown operation is a bug of the rtyper: fail here, not downstream
    this.opname = opname;
    this.args = args;
    this.result = result;
    this.pos = pos;
  }
}

/** The exitswitch of a block whose last operation may raise. */
export const LL_LAST_EXCEPTION = Symbol("last_exception");
export const LL_DEFAULT = Symbol("default");
export const LL_CATCH = Symbol("catch");

export class LLBlock {
  inputargs: LLVariable[];
  operations: LLOperation[] = [];
  exitswitch: LLValue | typeof LL_LAST_EXCEPTION | null = null;
  exits: LLLink[] = [];

  constructor(inputargs: LLVariable[]) {
    this.inputargs = inputargs;
  }

  closeBlock(exits: LLLink[], exitswitch: LLBlock["exitswitch"] = null): void {
    this.exits = exits;
    this.exitswitch = exitswitch;
  }
}

export class LLLink {
  args: LLValue[];
  target: LLBlock;
  exitcase: number | boolean | typeof LL_DEFAULT | typeof LL_CATCH | null;
  /** On an exception exit: the variable holding the caught exception (may appear in args). */
  caught: LLVariable | null = null;

  constructor(args: LLValue[], target: LLBlock, exitcase: LLLink["exitcase"] = null) {
    this.args = args;
    this.target = target;
    this.exitcase = exitcase;
  }
}

/**
 * The JIT hints of a function (src/lib/hints.ts: elidable, unrollSafe, dontLookInside), which
 * the codewriter's policy and the LL inliner read (src/rtyper/opt/README.md says how).
 */
export const LL_JIT_HINTS = ["elidable", "unrollSafe", "dontLookInside"] as const;
export type LLJitHint = (typeof LL_JIT_HINTS)[number];

export class LLGraph {
  readonly name: string;
  readonly startblock: LLBlock;
  readonly returnblock: LLBlock;
  readonly exceptblock: LLBlock;
  readonly pos: SourcePos | undefined;
  /** The name in symbol tables (`module.function`, `Class.method`), when it differs from `name`. */
  symbol: string | undefined;
  /**
   * The name stack traces show for a frame of this function (stack-trace.ts frameNameOf:
   * `helper`, `Parser.next`, `new Parser`); undefined for graphs that are not a function of the
   * source (LL helpers, the runtime's own graphs), whose frames are not shown.
   */
  frameName: string | undefined;
  /** The position of the function body's first statement (or expression), where a stack overflow is shown to happen. */
  entryPos: SourcePos | undefined;
  /**
   * The graph runs before the collector is started (the native entry, which calls gcInit first):
   * nothing may be inlined into it, since a callee's GC roots would then be reserved on the shadow
   * stack at the graph's start, before gcInit has made the shadow stack.
   */
  beforeCollector = false;
  /** A portal of the JIT (src/jit/portal.ts): never inlined, so that its merge point, the JIT's entry, stays in a frame of its own. */
  portal = false;
  /** A helper the inliner leaves called (one called from many places, where copies would only make the code bigger). */
  neverInline = false;
  /** The function's JIT hints, in the order they were applied (printed as `jit[...]` after the result type). */
  jitHints: readonly LLJitHint[] = [];
  /**
   * Set by the exception transform (exceptions.ts), which changes the graph in place once: whether
   * the graph may leave an exception in exc_data (which can no longer be read from the graph).
   */
  exceptionsTransformed: { mayRaise: boolean } | undefined;
  /**
   * Set by the GC transform (src/gctransform/transform.ts), which changes the graph in place once: whether the
   * graph may start a collection, as its later callers must know.
   */
  gcTransformed: { collecting: boolean } | undefined;

  constructor(name: string, startblock: LLBlock, resultType: LLType, exceptionType: LLType, pos: SourcePos | undefined) {
    this.name = name;
    this.startblock = startblock;
    this.returnblock = new LLBlock([new LLVariable(resultType, "result")]);
    this.exceptblock = new LLBlock([new LLVariable(exceptionType, "exc")]);
    this.pos = pos;
  }

  get argTypes(): LLType[] {
    return this.startblock.inputargs.map((v) => v.type);
  }

  get resultType(): LLType {
    return this.returnblock.inputargs[0]!.type;
  }

  /** The blocks reachable from the start, depth first, each block's exits in order (the order of
   *  every dump, the same as flow graphs': frontend/model.ts blocksFrom). */
  iterBlocks(): LLBlock[] {
    const seen = new Set<LLBlock>();
    const order: LLBlock[] = [];
    const stack = [this.startblock];
    while (stack.length > 0) {
      const block = stack.pop()!;
      if (seen.has(block)) continue;
      seen.add(block);
      order.push(block);
      for (let i = block.exits.length - 1; i >= 0; i--) stack.push(block.exits[i]!.target);
    }
    return order;
  }
}

/** The constant of type Void, for operands that carry no value. */
export const VOID = new LLConstant(null, Void);

/** Every graph reachable from roots through direct calls (helpers included), each once. */
export function reachableGraphs(roots: Iterable<LLGraph>): LLGraph[] {
  const seen = new Set<LLGraph>();
  const stack = [...roots];
  // Function pointers are also passed on links and held in prebuilt objects (class records,
  // tables of functions): those are followed too, without recursion (prebuilt chains are long).
  const seenPrebuilt = new Set<LLPrebuilt>();
  const constants: LLValue[] = [];
  const follow = (values: Iterable<LLValue>): void => {
    constants.push(...values);
    for (let c = constants.pop(); c; c = constants.pop()) {
      const value = c instanceof LLConstant ? c.value : undefined;
      if (typeof value !== "object" || value === null || !("kind" in value)) continue;
      if (value.kind === "function" && value.graph) stack.push(value.graph);
      if (value.kind === "symbolic" && value.referent.what === "address") constants.push(value.referent.constant);
      if (value.kind === "prebuilt" && !seenPrebuilt.has(value)) {
        seenPrebuilt.add(value);
        constants.push(...value.fields.values(), ...value.items);
      }
    }
  };
  while (stack.length > 0) {
    const graph = stack.pop()!;
    if (seen.has(graph)) continue;
    seen.add(graph);
    for (const block of graph.iterBlocks()) {
      for (const op of block.operations) follow(op.args);
      for (const link of block.exits) follow(link.args);
    }
  }
  return [...seen];
}

/** The constant a direct_call takes to call graph (a helper built by hand or a lowered function). */
export function functionConstant(graph: LLGraph): LLConstant {
  return new LLConstant({ kind: "function", name: graph.name, graph }, Ptr(new FuncType(graph.argTypes, graph.resultType)));
}
