/**
 * The state of building one flow graph from a function's AST: the current block, the current
 * value of every local variable, the lexical scopes, and the stack of statements that jumps
 * (break, continue, return, throw) leave through. build-expressions.ts and build-statements.ts
 * walk the AST and call this to emit operations and to jump.
 *
 * How SSA form comes about: a local variable is a Slot; `env` maps each slot in scope to its
 * current Value, which is always local to the current block. Every place where control flow
 * meets is a JoinPoint, whose block has one inputarg per slot in scope when the join point was
 * made (plus any extra values, like the result of `c ? a : b`); each jump to it passes the
 * current values. Values held across a sub-expression that may branch (the left operand of
 * `a + (b ? c : d)`) are temporary slots, carried the same way. simplify.ts then removes the
 * inputargs nobody needs and merges blocks that have a single predecessor.
 *
 * Exceptions: inside a `try`, an operation that may throw ends its block, with a second exit to
 * the catch (or finally) join point carrying the thrown value; `throw` jumps there directly.
 * Outside any `try`, exceptions leave the function (the exceptblock), implicitly for operations.
 */

import type * as acorn from "acorn";
import {
  Block,
  CATCH_CASE,
  Constant,
  FunctionGraph,
  LAST_EXCEPTION,
  Link,
  SpaceOperation,
  Variable,
  type SourcePos,
  type Value,
} from "./model.js";
import type { FunctionSource, LoadedProgram, ModuleInfo } from "./modules.js";
import { commonFacts, withFacts, withoutField, withoutSlot, type Facts, type PathNarrowing } from "./build-narrowing.js";
import { flowOpInfo, type FlowOpName } from "./operations.js";

/** A program construct the translator cannot handle, at a source position. */
export class FlowError extends Error {
  readonly pos: SourcePos;
  constructor(pos: SourcePos, message: string) {
    super(message);
    this.name = "FlowError";
    this.pos = pos;
  }
}

/**
 * A constant written in the source (a literal, a module-level name): it knows where it was
 * written, so that the annotator can say where a value came from. It is a Constant in every
 * other respect.
 */
export class SourceConstant extends Constant {
  readonly pos: SourcePos;
  constructor(value: unknown, pos: SourcePos) {
    super(value);
    this.pos = pos;
  }
}

/** A local variable of the function (or a temporary held across branches). */
export class Slot {
  readonly name: string;
  readonly kind: "let" | "const" | "var" | "param" | "temp";
  constructor(name: string, kind: Slot["kind"]) {
    this.name = name;
    this.kind = kind;
  }
}

/** A place where control flow meets: a block whose inputargs are [extras..., slots...]. */
export class JoinPoint {
  readonly block: Block;
  readonly slots: readonly Slot[];
  readonly extras: number;
  reached = false;
  /** The narrowed field paths of each link made to it so far (see build-narrowing.ts). */
  readonly incomingFacts: Facts[] = [];
  /** For a loop header, entered before its back edges exist: the facts it starts with. */
  loopFacts: Facts | undefined;

  constructor(slots: readonly Slot[], extraHints: readonly string[]) {
    this.slots = slots;
    this.extras = extraHints.length;
    this.block = new Block([...extraHints.map((h) => new Variable(h)), ...slots.map((s) => new Variable(s.name))]);
  }
}

/** What a jump may leave through, innermost last on the control stack. */
export type ControlEntry =
  | { kind: "loop"; labels: string[]; breakJoin: JoinPoint; continueJoin: JoinPoint }
  | { kind: "breakable"; labels: string[]; breakJoin: JoinPoint } // switch, labelled statement
  | { kind: "catch"; join: JoinPoint } // exceptions go to join with the value as extra
  | { kind: "finally"; body: acorn.BlockStatement; rethrowJoin: JoinPoint };

export class GraphBuilder {
  readonly source: FunctionSource;
  readonly module: ModuleInfo;
  readonly program: LoadedProgram;
  readonly graph: FunctionGraph;
  /** The block being filled; null after a jump, until a join point starts a new one. */
  current: Block | null;
  env = new Map<Slot, Value>();
  /** Lexical scopes, innermost last: name -> slot. */
  scopes: Map<string, Slot>[] = [];
  temps: Slot[] = [];
  control: ControlEntry[] = [];
  /** The slot holding `this` in methods and constructors. */
  thisSlot: Slot | undefined;
  /** In a derived class's constructor: emits the field initializers after super(...). */
  afterSuperCall: (() => void) | undefined;
  /** The field paths known not to be empty here (see build-narrowing.ts). */
  facts: Facts = new Set();
  private readonly slotIds = new Map<Slot, number>();

  constructor(source: FunctionSource, program: LoadedProgram, params: Slot[]) {
    this.source = source;
    this.module = source.module;
    this.program = program;
    const start = new Block(params.map((p) => new Variable(p.name)));
    this.graph = new FunctionGraph({ name: source.name, pos: source.pos }, params.map((p) => p.name), start);
    this.current = start;
    this.scopes.push(new Map());
    params.forEach((slot, i) => {
      this.scopes[0]!.set(slot.name, slot);
      this.env.set(slot, start.inputargs[i]!);
    });
  }

  pos(node: acorn.Node): SourcePos {
    return this.module.pos(node);
  }

  error(node: acorn.Node, message: string): FlowError {
    return new FlowError(this.pos(node), message);
  }

  // ---- scopes and variables

  pushScope(): void {
    this.scopes.push(new Map());
  }

  popScope(): void {
    for (const slot of this.scopes.pop()!.values()) this.env.delete(slot);
  }

  declare(name: string, kind: Slot["kind"], value: Value): Slot {
    const slot = new Slot(name, kind);
    this.scopes[this.scopes.length - 1]!.set(name, slot);
    this.env.set(slot, value);
    return slot;
  }

  lookup(name: string): Slot | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const slot = this.scopes[i]!.get(name);
      if (slot) return slot;
    }
    return undefined;
  }

  read(slot: Slot, node: acorn.Node): Value {
    const value = this.env.get(slot);
    if (value === undefined) {
      throw this.error(node, `'${slot.name}' is used before it is assigned on every path that reaches here`);
    }
    return value;
  }

  /** A number naming the slot in narrowing facts. */
  slotId(slot: Slot): number {
    let id = this.slotIds.get(slot);
    if (id === undefined) {
      id = this.slotIds.size;
      this.slotIds.set(slot, id);
    }
    return id;
  }

  /** Assigns a variable: what was known about fields read through it is forgotten. */
  assign(slot: Slot, value: Value): void {
    this.env.set(slot, value);
    this.facts = withoutSlot(this, this.facts, slot);
  }

  /** A field called name is set on some object: what was known about such fields is forgotten. */
  fieldSet(name: string): void {
    this.facts = withoutField(this.facts, name);
  }

  /** Keeps a value alive across sub-expressions that may branch; release() gives it back. */
  hold(value: Value): Slot {
    const slot = new Slot("tmp", "temp");
    this.temps.push(slot);
    this.env.set(slot, value);
    return slot;
  }

  release(slot: Slot): Value {
    const value = this.env.get(slot);
    const index = this.temps.lastIndexOf(slot);
    if (value === undefined || index < 0) throw new Error("internal error: releasing a temporary that is not held");
    this.env.delete(slot);
    this.temps.splice(index, 1);
    return value;
  }

  /** Every slot whose value must survive a jump: variables in scope and held temporaries. */
  liveSlots(): Slot[] {
    const slots: Slot[] = [];
    for (const scope of this.scopes) for (const slot of scope.values()) if (this.env.has(slot)) slots.push(slot);
    for (const slot of this.temps) slots.push(slot);
    return slots;
  }

  // ---- blocks and jumps

  /** A join point for the slots live now (and extra values). */
  newJoin(...extraHints: string[]): JoinPoint {
    return new JoinPoint(this.liveSlots(), extraHints);
  }

  /** A link from the current state to a join point (with the facts true on it). */
  linkTo(join: JoinPoint, extras: Value[] = [], exitcase: unknown = null, facts: Facts = this.facts): Link {
    if (extras.length !== join.extras) throw new Error("internal error: wrong number of join values");
    join.reached = true;
    join.incomingFacts.push(facts);
    const args = [...extras, ...join.slots.map((slot) => this.env.get(slot) ?? new Constant(undefined))];
    return new Link(args, join.block, exitcase);
  }

  /** Ends the current block with a jump to join. */
  jump(join: JoinPoint, extras: Value[] = []): void {
    const block = this.requireCurrent();
    block.closeBlock([this.linkTo(join, extras)]);
    this.current = null;
  }

  /** Continues at a join point (if anything reached it); the env becomes its inputargs. */
  enter(join: JoinPoint): Value[] {
    if (!join.reached) {
      this.current = null;
      return [];
    }
    this.current = join.block;
    this.facts = join.loopFacts ?? commonFacts(join.incomingFacts);
    const inputs = join.block.inputargs;
    this.env = new Map();
    join.slots.forEach((slot, i) => this.env.set(slot, inputs[join.extras + i]!));
    this.temps = join.slots.filter((slot) => slot.kind === "temp");
    return inputs.slice(0, join.extras);
  }

  /**
   * Ends the current block with a two-way branch on cond (which proves what narrowing says about
   * field paths); returns the join points of each side.
   */
  branch(cond: Value, narrowing?: PathNarrowing): { whenTrue: JoinPoint; whenFalse: JoinPoint } {
    const block = this.requireCurrent();
    const whenFalse = this.newJoin();
    const whenTrue = this.newJoin();
    const falseFacts = withFacts(this.facts, narrowing?.whenFalse ?? []);
    const trueFacts = withFacts(this.facts, narrowing?.whenTrue ?? []);
    block.closeBlock([this.linkTo(whenFalse, [], false, falseFacts), this.linkTo(whenTrue, [], true, trueFacts)], cond);
    this.current = null;
    return { whenTrue, whenFalse };
  }

  requireCurrent(): Block {
    if (!this.current) throw new Error("internal error: no current block");
    return this.current;
  }

  // ---- operations

  /**
   * Appends result = opname(args) to the current block; inside a try, a raising op gets an
   * exception exit. frameNode, for a call, is where a stack trace shows it (SpaceOperation.framePos).
   */
  emit(opname: FlowOpName, args: Value[], node: acorn.Node, hint = "v", frameNode?: acorn.Node): Variable {
    const block = this.requireCurrent();
    const result = new Variable(hint);
    const op = new SpaceOperation(opname, args, result, this.pos(node));
    if (frameNode) op.framePos = this.pos(frameNode);
    block.operations.push(op);
    if (!flowOpInfo(opname).canRaise) return result;
    const handler = this.exceptionJoin();
    if (!handler) return result;
    // The result must reach the normal continuation through the link, as all values do.
    const resultSlot = this.hold(result);
    const normal = this.newJoin();
    const caught = new Variable("caught");
    const normalLink = this.linkTo(normal);
    this.release(resultSlot);
    const catchLink = this.linkTo(handler, [caught], CATCH_CASE);
    catchLink.caught = caught;
    block.closeBlock([normalLink, catchLink], LAST_EXCEPTION);
    this.enter(normal);
    return this.release(resultSlot) as Variable;
  }

  /** The join point an exception thrown here goes to, or undefined when it leaves the function. */
  exceptionJoin(): JoinPoint | undefined {
    for (let i = this.control.length - 1; i >= 0; i--) {
      const entry = this.control[i]!;
      if (entry.kind === "catch") return entry.join;
      if (entry.kind === "finally") return entry.rethrowJoin;
    }
    return undefined;
  }

  /** Ends the current block by throwing value. */
  throwValue(value: Value): void {
    const handler = this.exceptionJoin();
    const block = this.requireCurrent();
    if (handler) {
      block.closeBlock([this.linkTo(handler, [value])]);
    } else {
      block.closeBlock([new Link([value], this.graph.exceptblock)]);
    }
    this.current = null;
  }

  /** Ends the current block by returning value. */
  returnValue(value: Value): void {
    this.requireCurrent().closeBlock([new Link([value], this.graph.returnblock)]);
    this.current = null;
  }
}

/** Builds a graph; the statements and expressions walkers are passed in to keep files apart. */
export type BuildGraph = (source: FunctionSource, program: LoadedProgram) => FunctionGraph;
