/**
 * Flow graphs: the form in which every later stage sees a function (RPython's FunctionGraph,
 * Block, Link, SpaceOperation).
 *
 * A graph is a set of blocks. A block has input variables, a list of operations and exits;
 * each exit is a link that passes values to the input variables of its target block. Values are
 * variables (assigned once) or constants (live JavaScript values, possibly objects that existed
 * at import time).
 *
 * Invariants (checked by checkGraph in checkgraph.ts):
 * - variables are block-local: a variable used in a block is one of its inputargs or the result
 *   of an earlier operation in the same block; values travel between blocks only along links;
 * - every variable is defined exactly once in the whole graph;
 * - a link passes exactly as many values as its target has inputargs;
 * - a block with no exits is the returnblock (one inputarg: the result) or the exceptblock (one
 *   inputarg: the thrown value); every other block has at least one exit;
 * - exitswitch is null with one exit; a value (bool: exits for false then true; otherwise one
 *   exit per case value and possibly a "default" exit, last); or LAST_EXCEPTION, when the last
 *   operation may throw: exits[0] is the normal path and the others catch (exitcase "catch").
 */

/** A position in a source file, 1-based line and column (as editors and TypeScript show them). */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/** A range of a module's code: offsets start (inclusive) and end (exclusive). */
export interface SourceSpan {
  start: number;
  end: number;
}

/** A value computed once: a block input or an operation's result. */
export class Variable {
  /** The source name it holds, when it holds one, for readable dumps. */
  readonly hint: string;

  constructor(hint = "v") {
    this.hint = hint;
  }
}

/** A value known when the graph is built: a literal or a live value of import time. */
export class Constant {
  readonly value: unknown;

  constructor(value: unknown) {
    this.value = value;
  }
}

export type Value = Variable | Constant;

/** One operation: result = opname(args...). The operation names are in operations.ts. */
export class SpaceOperation {
  readonly opname: string;
  args: Value[];
  readonly result: Variable;
  readonly pos: SourcePos;
  /**
   * The source range (offsets into its module's code) of the expression the operation was built
   * from, for tools that rewrite the source at an operation (`rts run --checked`).
   */
  readonly span: SourceSpan | undefined;
  /**
   * For getattr, setattr and call_method: where the member's name is (`replace` in
   * `s.replace(...)`), where the annotator points its errors about the member; pos stays the
   * operation's (the receiver's start), which run-time errors name.
   */
  readonly memberPos: SourcePos | undefined;
  /**
   * Where a stack trace shows the operation, when not at pos: a method call `a.b(c)` is at `b`,
   * as V8 shows it (messages about the call stay at pos, the start of the expression).
   */
  get framePos(): SourcePos | undefined {
    return this.opname === "call_method" ? this.memberPos : undefined;
  }

  constructor(opname: string, args: Value[], result: Variable, pos: SourcePos, span?: SourceSpan, memberPos?: SourcePos) {
    this.opname = opname;
    this.args = args;
    this.result = result;
    this.pos = pos;
    this.span = span;
    this.memberPos = memberPos;
  }
}

/** The exitswitch of a block whose last operation may throw. */
export const LAST_EXCEPTION = Symbol("last_exception");

/** The exitcase of an exit taken when no case value matched (after all case exits). */
export const DEFAULT_CASE = Symbol("default");

/** The exitcase of an exception exit of a LAST_EXCEPTION block. */
export const CATCH_CASE = Symbol("catch");

export type ExitSwitch = Value | typeof LAST_EXCEPTION | null;

export class Block {
  inputargs: Variable[];
  operations: SpaceOperation[] = [];
  exitswitch: ExitSwitch = null;
  exits: Link[] = [];

  constructor(inputargs: Variable[]) {
    this.inputargs = inputargs;
  }

  /** Ends the block with the given exits. */
  closeBlock(exits: Link[], exitswitch: ExitSwitch = null): void {
    this.exits = exits;
    this.exitswitch = exitswitch;
    for (const link of exits) link.prevblock = this;
  }

  get isFinal(): boolean {
    return this.exits.length === 0;
  }
}

/** An edge between blocks, passing args to the target's inputargs. */
export class Link {
  args: Value[];
  target: Block;
  /** The value of the exitswitch that selects this exit (true/false, a case value, DEFAULT_CASE, CATCH_CASE). */
  exitcase: unknown;
  prevblock: Block | null = null;
  /** On an exception exit: the variable that holds the caught value; it may appear in args. */
  caught: Variable | null = null;

  constructor(args: Value[], target: Block, exitcase: unknown = null) {
    this.args = args;
    this.target = target;
    this.exitcase = exitcase;
  }
}

/** What a graph was built from, for messages: a function, a method or a constructor. */
export interface GraphOrigin {
  /** e.g. "bf.run", "Scanner.scanToken", "Scanner.constructor". */
  name: string;
  pos: SourcePos;
}

/**
 * The blocks reachable from start, depth first, each block's exits in order: the order every
 * dump uses. Shared by flow graphs and LL graphs, which have the same shape.
 */
export function blocksFrom<B extends { exits: readonly { target: B }[] }>(start: B): B[] {
  const seen = new Set<B>();
  const order: B[] = [];
  const stack = [start];
  while (stack.length > 0) {
    const block = stack.pop()!;
    if (seen.has(block)) continue;
    seen.add(block);
    order.push(block);
    for (let i = block.exits.length - 1; i >= 0; i--) stack.push(block.exits[i]!.target);
  }
  return order;
}

export class FunctionGraph {
  readonly name: string;
  readonly origin: GraphOrigin;
  readonly startblock: Block;
  readonly returnblock: Block;
  readonly exceptblock: Block;
  /** Parameter names in order; a method's first is "this". */
  readonly params: string[];

  constructor(origin: GraphOrigin, params: string[], startblock: Block) {
    this.name = origin.name;
    this.origin = origin;
    this.params = params;
    this.startblock = startblock;
    this.returnblock = new Block([new Variable("result")]);
    this.exceptblock = new Block([new Variable("exc")]);
  }

  /** Every block reachable from the start, in depth-first order (start first). */
  iterBlocks(): Block[] {
    return blocksFrom(this.startblock);
  }

  iterLinks(): Link[] {
    return this.iterBlocks().flatMap((block) => block.exits);
  }
}
