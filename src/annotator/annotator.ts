/**
 * The annotator: whole-program type inference from `main`, a fixpoint over flow graphs as
 * RPython's annrpython.py does it.
 *
 * Every variable gets an annotation (a SomeValue). Starting from main(argv: string[]), blocks
 * are annotated as values reach them: the operations of a block are annotated in order by the
 * rules of rules.ts, then each exit passes its values to its target, whose inputargs become the
 * union of everything that reached them; a block whose inputs grow is annotated again. Calls
 * build the callee's graph on first use and pass it the arguments; a caller is reflowed when its
 * callee's result or exceptions grow. Mutable cells (fields, list items, Map keys and values)
 * reflow the blocks that read them when they grow. It ends when nothing is pending.
 *
 * Waiting: an operation with an impossible argument (a value not known yet: the result of a
 * callee not annotated yet) stops its block there, as does one whose result is impossible; the
 * block is reflowed when the value appears.
 *
 * Errors (see diagnostics.ts): an operation that fails is recorded with its position and call
 * chain, and its result is *poisoned*: impossible, but not waited for. The operations that use a
 * poisoned value are skipped (their results poisoned too) and the rest of the block and the
 * blocks after it are annotated, so that independent errors are all found; an exit that depends
 * on a poisoned test is not taken. A failure may be provisional (a field nobody has set *yet*),
 * so when the fixpoint ends, the blocks with failures are annotated once more (and the fixpoint
 * run again) until the failures stop changing; the ones left are reported.
 *
 * Origins: each variable remembers where its first value was made (an operation, a literal, a
 * call site), so that an error about two types meeting can say where the first one came from.
 */

import { immutableFieldsProblems } from "./fields.js";
import { InternalError, UserError } from "../frontend/diagnostic.js";
import { FlowError, buildFlowGraph } from "../frontend/build-statements.js";
import { SourceConstant } from "../frontend/build-graph.js";
import { checkGraph } from "../frontend/checkgraph.js";
import { Block, CATCH_CASE, Constant, FunctionGraph, LAST_EXCEPTION, Link, SpaceOperation, Variable, type SourcePos, type Value } from "../frontend/model.js";
import type { LoadedProgram } from "../frontend/modules.js";
import { flowOpInfo } from "../frontend/operations.js";
import { Bookkeeper, ClassDesc, FunctionDesc, NotRtsValue, type Place, type Some } from "./bookkeeper.js";
import { BUILTINS } from "./builtins.js";
import { OpFailure, type OpContext } from "./context.js";
import { ErrorLog, unionAdvice, type AnnotationError } from "./diagnostics.js";
import { MAX_NOTES, Provenance, type Note } from "./provenance.js";
import { ListDef } from "./listdef.js";
import { knownTypesOf, type KnownTypes } from "./narrowing.js";
import { RULES } from "./rules.js";
import { describe, equal, isImpossible, kindDiffers, isUnionError, someImpossible, someInstance, someList, someNone, someString, union, EMPTY_NONE, EMPTY_UNDEFINED, type Reflow } from "./model.js";

export type { AnnotationError } from "./diagnostics.js";
export { codeFrame, shortName } from "./diagnostics.js";

/** How many times the blocks with failures are annotated again at the end (see the top). */
const SETTLE_ROUNDS = 5;

/** The values a link or a call passes to a block: annotations, origins and poison marks. */
interface Incoming {
  cells: Some[];
  origins: (SourcePos | undefined)[];
  poisoned: boolean[];
  /** The values passed (a link's arguments, a call's operands), for provenance. */
  sources?: (Value | undefined)[];
}

/** What every target's entry point is, as errors about a wrong one say. */
const MAIN_SHAPE = "a target exports function main(argv: string[]): number";

export class Annotator implements Reflow<Place> {
  readonly program: LoadedProgram;
  readonly bk: Bookkeeper;
  readonly bindings = new Map<Variable, Some>();
  readonly log = new ErrorLog();
  private readonly graphOf = new Map<Block, FunctionGraph>();
  private readonly descOf = new Map<FunctionGraph, FunctionDesc>();
  private readonly pending: Block[] = [];
  private readonly pendingSet = new Set<Block>();
  private readonly seenBlocks = new Set<Block>();
  /** The exits the annotator followed (RPython's links_followed): the rtyper lowers the others as dead. */
  private readonly followedLinks = new Set<Link>();
  private readonly knownTypes = new Map<Variable, KnownTypes>();
  private readonly origins = new Map<Variable, SourcePos>();
  /** Variables that are impossible because an operation failed (see the top). */
  private readonly poisoned = new Set<Variable>();
  /** The functions each call operation reached: their exceptions are the operation's. */
  private readonly calledBy = new Map<SpaceOperation, Set<FunctionDesc>>();
  /** Blocks calling methods on instances of a class, reflowed when a subclass appears. */
  private readonly methodCallers = new Map<ClassDesc, Set<Place>>();
  private errorClassdefInstance: Some | undefined;
  /** Where each variable and cell took its kind, for the notes under errors. */
  readonly provenance = new Provenance();
  /** The operation being annotated and its operands' annotations (see kindChanged). */
  private current: { op: SpaceOperation; args: Some[] } | undefined;

  constructor(program: LoadedProgram) {
    this.program = program;
    this.bk = new Bookkeeper(program, this);
    this.bk.registerMethodCall = (desc, place) => {
      const set = this.methodCallers.get(desc) ?? new Set();
      set.add(place);
      this.methodCallers.set(desc, set);
    };
    this.bk.onNewClass = (desc) => {
      for (let base = desc.base; base; base = base.base) for (const place of this.methodCallers.get(base) ?? []) this.reflow(place);
    };
  }

  /** The errors found, as they are reported (by position, one per position, a limited number). */
  get errors(): AnnotationError[] {
    return this.log.errors();
  }

  /** Annotates the whole program from main(argv: string[]). */
  annotateMain(): void {
    const main = this.program.main;
    if (!main) throw new Error("internal error: annotating a program without main");
    const cls = this.program.classSource(main);
    if (cls) {
      this.log.addFinal(cls.pos, `'main' is a class; ${MAIN_SHAPE}`, undefined);
      return;
    }
    let desc: FunctionDesc;
    try {
      desc = this.bk.functionDesc(main);
    } catch (error) {
      if (!(error instanceof NotRtsValue)) throw error;
      throw new UserError(this.program.entry.shown, undefined, undefined, `'main' is not a function of the program: ${error.message}; ${MAIN_SHAPE}`);
    }
    const graph = this.graphFor(desc);
    if (!graph) return; // its error is in the log
    if (graph.params.length !== 1) {
      const n = graph.params.length;
      this.log.addFinal(desc.source.pos, `main takes ${n === 0 ? "no parameter" : `${n} parameters`}; ${MAIN_SHAPE}`, desc);
      return;
    }
    const argv = someList(new ListDef<Place>(someString()));
    this.callFunction(desc, [argv], undefined);
    this.complete();
    this.settle();
    for (const problem of immutableFieldsProblems(this.bk.classDescs())) this.log.addFinal(problem.pos, problem.message, undefined);
    // An exit status: an integer, or a float checked at run time (a fraction stops the program);
    // impossible when main never returns (it calls process.exit or throws).
    const result = this.binding(graph.returnblock.inputargs[0]!);
    const statusLike = (result.kind === "int" || result.kind === "float") && result.empty === EMPTY_NONE;
    if (!statusLike && !isImpossible(result) && !this.isPoisoned(graph.returnblock.inputargs[0]!)) {
      this.log.addFinal(desc.source.pos, `main returns ${describe(result)}; it must return the exit status (an integer): ${MAIN_SHAPE}`, desc);
    }
  }

  /**
   * Annotates the program from another entry than main: a function of the program called with
   * arguments of the given annotations (rts/testing's metaInterp, RPython's annotating a test's
   * function from the types of its arguments). Its errors are in the log, as annotateMain's;
   * gives the function's desc, or undefined when it has no graph (its error is logged).
   */
  annotateEntry(fn: Function, args: Some[]): FunctionDesc | undefined {
    let desc: FunctionDesc;
    try {
      desc = this.bk.functionDesc(fn);
    } catch (error) {
      if (!(error instanceof NotRtsValue)) throw error;
      throw new UserError(this.program.entry.shown, undefined, undefined, `'${fn.name}' is not a function of the program: ${error.message}`);
    }
    const graph = this.graphFor(desc);
    if (!graph) return undefined;
    if (graph.params.length !== args.length) {
      this.log.addFinal(desc.source.pos, `${fn.name} takes ${graph.params.length} parameters, called with ${args.length} arguments`, desc);
      return undefined;
    }
    this.callFunction(desc, args, undefined);
    this.complete();
    this.settle();
    for (const problem of immutableFieldsProblems(this.bk.classDescs())) this.log.addFinal(problem.pos, problem.message, undefined);
    return desc;
  }

  /**
   * Annotates a runtime helper (src/runtime) called with the given arguments, after the
   * program (RPython's annotate_helper): the rtyper asks for one when it lowers an operation
   * that needs code. Returns its desc; its errors join the log (they are the toolchain's bugs).
   */
  annotateHelper(fn: Function, args: Some[]): FunctionDesc {
    const desc = this.bk.functionDesc(fn);
    this.callFunction(desc, args, undefined);
    this.complete();
    this.settle();
    return desc;
  }

  /** A cell took a new kind because s was stored into it by the current operation. */
  kindChanged(cell: object, s: Some): void {
    if (!this.current) return;
    const { op, args } = this.current;
    const index = args.indexOf(s);
    this.provenance.cells.set(cell, { op, from: index >= 0 ? op.args[index] : undefined });
  }

  calleesOf(op: SpaceOperation): Iterable<FunctionDesc> {
    return this.calledBy.get(op) ?? [];
  }

  siteOf(s: Some): SourcePos | undefined {
    return s.kind === "list" ? this.bk.siteOf(s.listdef) : s.kind === "map" || s.kind === "set" ? this.bk.siteOf(s.dictdef) : undefined;
  }

  /** The notes saying where the values at fault came from. */
  private notesFor(values: (Value | undefined)[], here: SourcePos): Note[] {
    const notes: Note[] = [];
    for (const value of values) {
      if (!value) continue;
      for (const note of this.provenance.explain(this, value, here)) {
        if (notes.length < MAX_NOTES && !notes.some((n) => n.message === note.message)) notes.push(note);
      }
    }
    return notes;
  }

  reflow(place: Place): void {
    if (!this.pendingSet.has(place)) {
      this.pendingSet.add(place);
      this.pending.push(place);
    }
  }

  private complete(): void {
    while (this.pending.length > 0) {
      const block = this.pending.shift()!;
      this.pendingSet.delete(block);
      this.flowBlock(this.graphOf.get(block)!, block);
    }
  }

  /** Annotates the blocks with failures again, until the failures stop changing. */
  private settle(): void {
    for (let round = 0; round < SETTLE_ROUNDS && this.log.failedPlaces().length > 0; round++) {
      const before = this.log.failureSignature();
      for (const place of this.log.failedPlaces()) this.reflow(place);
      this.complete();
      if (this.log.failureSignature() === before) return;
    }
  }

  binding(value: Value): Some {
    if (value instanceof Constant) return this.constantAnnotation(value);
    return this.bindings.get(value) ?? someImpossible();
  }

  private constantAnnotation(c: Constant): Some {
    try {
      return this.bk.immutableValue(c.value);
    } catch (error) {
      // A constant operand that is no RTS value: the caret stays on the operation's start.
      if (error instanceof NotRtsValue) throw new OpFailure(error.message, [], true);
      throw error;
    }
  }

  /** Whether value is impossible because of an error (rather than not known yet). */
  private isPoisoned(value: Value): boolean {
    return value instanceof Variable && this.poisoned.has(value) && (this.bindings.get(value)?.kind ?? "impossible") === "impossible";
  }

  private originOf(value: Value): SourcePos | undefined {
    if (value instanceof SourceConstant) return value.pos;
    return value instanceof Variable ? this.origins.get(value) : undefined;
  }

  /** The graph of a function, built on first use; undefined when it is not RTS (reported). */
  graphFor(desc: FunctionDesc): FunctionGraph | undefined {
    if (desc.graph || desc.broken) return desc.graph;
    try {
      const cached = this.program.flowGraphs.get(desc.source);
      let graph: FunctionGraph;
      if (cached !== undefined && !this.descOf.has(cached)) graph = cached;
      else {
        graph = buildFlowGraph(desc.source, this.program);
        checkGraph(graph);
        if (cached === undefined) this.program.flowGraphs.set(desc.source, graph);
      }
      desc.graph = graph;
      this.descOf.set(graph, desc);
      for (const block of graph.iterBlocks()) this.graphOf.set(block, graph);
      this.graphOf.set(graph.returnblock, graph);
      this.graphOf.set(graph.exceptblock, graph);
      return graph;
    } catch (error) {
      if (!(error instanceof FlowError)) throw InternalError.at(desc.source.pos, error);
      desc.broken = true;
      this.log.addFinal(error.pos, error.message, desc);
      return undefined;
    }
  }

  /**
   * Passes args to desc's graph; returns the annotation of its result so far, and whether that
   * result is poisoned (the function cannot be built, or its result depends on an error).
   */
  callFunction(
    desc: FunctionDesc,
    args: Some[],
    caller?: { desc: FunctionDesc | undefined; pos: SourcePos; place: Place; sources?: (Value | undefined)[] },
  ): { result: Some; poisoned: boolean } {
    if (!desc.calledFrom && caller) desc.calledFrom = { caller: caller.desc, pos: caller.pos };
    if (caller) desc.callers.add(caller.place);
    const graph = this.graphFor(desc);
    if (!graph) return { result: someImpossible(), poisoned: true };
    const params = graph.params;
    const hasThis = desc.owner !== undefined && params[0] === "this";
    if (args.length > params.length) {
      const shown = hasThis ? params.length - 1 : params.length;
      const given = hasThis ? args.length - 1 : args.length;
      const what = desc.source.kind === "constructor" ? `new ${desc.owner!.name}()` : desc.name;
      throw new OpFailure(`${what} takes ${shown} argument${shown === 1 ? "" : "s"}, got ${given}`);
    }
    const cells = [...args];
    while (cells.length < params.length) cells.push(someNone(EMPTY_UNDEFINED));
    // `this` in a method of class C is a C, whichever subclass the call came through.
    if (hasThis && cells[0]!.kind === "instance") {
      const u = union(cells[0]!, someInstance(desc.owner!.classdef), this);
      if (!isUnionError(u)) cells[0] = u;
    }
    const at = caller?.pos ?? graph.origin.pos;
    this.mergeInputs(graph, graph.startblock, { cells, origins: cells.map(() => at), poisoned: cells.map(() => false), sources: caller?.sources }, at);
    const result = graph.returnblock.inputargs[0]!;
    return { result: this.binding(result), poisoned: this.isPoisoned(result) };
  }

  /** Unions values into a block's inputargs; schedules it (or reflows callers for final blocks). */
  private mergeInputs(graph: FunctionGraph, block: Block, incoming: Incoming, pos: SourcePos): void {
    let changed = !this.seenBlocks.has(block);
    this.seenBlocks.add(block);
    block.inputargs.forEach((v, i) => {
      const old = this.bindings.get(v);
      const cell = incoming.cells[i]!;
      const origin = incoming.origins[i];
      if (incoming.poisoned[i] && (!old || isImpossible(old))) this.poisoned.add(v);
      if (!this.origins.has(v) && origin && !isImpossible(cell)) this.origins.set(v, origin);
      const source = incoming.sources?.[i];
      const noteOrigin = () => {
        if (block === graph.startblock) {
          this.provenance.variables.set(v, { via: "param", desc: this.descOf.get(graph), name: graph.params[i] ?? "", from: source, pos: origin ?? pos });
        } else {
          this.provenance.variables.set(v, { via: "link", from: source, pos: origin ?? pos });
        }
      };
      if (!old) {
        this.bindings.set(v, cell);
        if (!isImpossible(cell)) noteOrigin();
        return;
      }
      const u = union(old, cell, this);
      if (isUnionError(u)) {
        const at = origin ?? pos;
        const message = unionAdvice(u.message, describe(old), this.origins.get(v), at);
        const notes = this.notesFor([v, source], at);
        this.log.addFinal(at, `${variableRole(graph, block, v, this.descOf.get(graph))} ${message}`, this.descOf.get(graph), notes);
        return;
      }
      if (!equal(u, old)) {
        if (kindDiffers(old, u)) noteOrigin();
        this.bindings.set(v, u);
        changed = true;
      }
    });
    if (!changed) return;
    if (block === graph.returnblock || block === graph.exceptblock) {
      const desc = this.descOf.get(graph);
      for (const place of desc?.callers ?? []) this.reflow(place);
    } else {
      this.reflow(block);
    }
  }

  private flowBlock(graph: FunctionGraph, block: Block): void {
    const desc = this.descOf.get(graph);
    const ops = block.operations;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const outcome = this.annotateOp(block, op, desc);
      if (outcome === "wait") {
        // The rest of the block waits for a value. A call that has not returned (yet, or ever:
        // a recursion that only ends by throwing, or by overflowing the stack) may still raise.
        // What the rest failed with in an earlier pass is no longer reached: forgotten, or it
        // would stay an error though the code after a call that never returns never runs.
        for (let k = i; k < ops.length; k++) this.log.succeed(ops[k]!);
        if (flowOpInfo(op.opname).canRaise && this.calledBy.has(op) && !op.args.some((a) => isImpossible(this.binding(a)))) {
          if (i === ops.length - 1 && block.exitswitch === LAST_EXCEPTION) this.followExits(graph, block, true);
          else {
            const raised = this.raisedBy(op);
            if (!isImpossible(raised)) this.mergeInputs(graph, graph.exceptblock, { cells: [raised], origins: [op.pos], poisoned: [false] }, op.pos);
          }
        }
        return;
      }
      if (outcome === "poisoned") {
        this.bindings.set(op.result, someImpossible());
        this.poisoned.add(op.result);
        continue;
      }
      this.bindings.set(op.result, outcome);
      this.provenance.variables.set(op.result, { via: "op", op });
      if (!this.origins.has(op.result)) this.origins.set(op.result, op.pos);
      const info = flowOpInfo(op.opname);
      const caughtHere = i === ops.length - 1 && block.exitswitch === LAST_EXCEPTION;
      if (info.canRaise && !caughtHere) {
        const raised = this.raisedBy(op);
        if (!isImpossible(raised)) {
          this.mergeInputs(graph, graph.exceptblock, { cells: [raised], origins: [op.pos], poisoned: [false] }, op.pos);
        }
      }
    }
    this.followExits(graph, block);
  }

  /** The annotation of op's result; "wait" to stop the block; "poisoned" after an error. */
  private annotateOp(block: Block, op: SpaceOperation, desc: FunctionDesc | undefined): Some | "wait" | "poisoned" {
    let calledPoisoned = false;
    let args: Some[] = [];
    const ctx: OpContext = {
      bk: this.bk,
      op,
      place: block,
      reflow: this,
      desc,
      fail: (message, ...culprits) => {
        throw new OpFailure(message, culprits);
      },
      union: (a, b, what) => {
        const u = union(a, b, this);
        if (isUnionError(u)) throw new OpFailure(what ? `${what}: ${u.message}` : u.message, [a, b]);
        return u;
      },
      callFunction: (callee, calleeArgs) => {
        const set = this.calledBy.get(op) ?? new Set();
        set.add(callee);
        this.calledBy.set(op, set);
        const sources = calleeArgs.map((s) => {
          const index = args.indexOf(s);
          return index >= 0 ? op.args[index] : undefined;
        });
        const { result, poisoned } = this.callFunction(callee, calleeArgs, { desc, pos: op.pos, place: block, sources });
        calledPoisoned ||= poisoned;
        return result;
      },
    };
    try {
      if (op.args.some((a) => this.isPoisoned(a))) return "poisoned";
      args = op.args.map((a) => this.binding(a));
      if (args.some(isImpossible)) return "wait";
      this.current = { op, args };
      const result = RULES[op.opname as keyof typeof RULES](ctx, args);
      this.log.succeed(op);
      if (isImpossible(result)) return calledPoisoned ? "poisoned" : "wait";
      const known = knownTypesOf(op, args, (v) => this.knownTypes.get(v));
      if (known) this.knownTypes.set(op.result, known);
      else this.knownTypes.delete(op.result);
      return result;
    } catch (error) {
      if (!(error instanceof OpFailure)) throw InternalError.at(op.pos, error);
      // Errors about a field or method point at its name, those about the receiver at it.
      const pos = op.memberPos && !error.onReceiver ? op.memberPos : op.pos;
      const culprits = error.culprits.map((s) => {
        const index = args.indexOf(s);
        return index >= 0 ? op.args[index] : undefined;
      });
      const notes = this.notesFor(culprits, pos);
      for (const cell of error.cells) {
        for (const note of this.provenance.explainCell(this, cell)) if (notes.length < MAX_NOTES) notes.push(note);
      }
      this.log.fail(op, block, error.message, desc, pos, notes);
      return "poisoned";
    } finally {
      this.current = undefined;
    }
  }

  /** What a call may throw: the exceptions of the functions it reached, or Error for builtins that raise. */
  private raisedBy(op: SpaceOperation): Some {
    let raised: Some = someImpossible();
    for (const callee of this.calledBy.get(op) ?? []) {
      if (!callee.graph) continue;
      const s = this.binding(callee.graph.exceptblock.inputargs[0]!);
      const u: ReturnType<typeof union<Place>> = union(raised, s, this);
      if (!isUnionError(u)) raised = u;
    }
    if (op.opname === "simple_call" || op.opname === "call_method") {
      const fn = this.bindings.get(op.args[0] as Variable);
      if (fn?.kind === "builtin" && BUILTINS[fn.name]?.raises) raised = this.unionWithError(raised);
    }
    return raised;
  }

  /** Anything caught may also be an Error raised by the runtime (stack overflow, a failed read). */
  private unionWithError(s: Some): Some {
    this.errorClassdefInstance ??= someInstance(this.bk.classDesc(Error).classdef);
    const u = union(s, this.errorClassdefInstance, this);
    return isUnionError(u) ? this.errorClassdefInstance : u;
  }

  private followExits(graph: FunctionGraph, block: Block, onlyCatches = false): void {
    const sw = block.exitswitch;
    let known: KnownTypes | undefined;
    let switchValue: Some | undefined;
    if (sw instanceof Variable) {
      if (this.isPoisoned(sw)) return; // which way it goes depends on an error
      known = this.knownTypes.get(sw);
      switchValue = this.bindings.get(sw);
    }
    const pos = block.operations[block.operations.length - 1]?.pos ?? graph.origin.pos;
    for (const link of block.exits) {
      if (onlyCatches && link.exitcase !== CATCH_CASE) continue;
      if (sw !== LAST_EXCEPTION && switchValue?.const !== undefined && link.exitcase !== null) {
        const c = switchValue.const.value;
        const matches = link.exitcase === c;
        const isDefault = typeof link.exitcase === "symbol";
        if (!matches && !(isDefault && !block.exits.some((l) => l.exitcase === c))) continue;
      }
      if (link.exitcase === CATCH_CASE && link.caught) {
        const lastOp = block.operations[block.operations.length - 1]!;
        const caught = this.unionWithError(this.raisedBy(lastOp));
        this.bindings.set(link.caught, caught);
        this.origins.set(link.caught, lastOp.pos);
      }
      let cells: Some[];
      try {
        cells = link.args.map((arg) => {
          const k = known && arg instanceof Variable && typeof link.exitcase === "boolean" ? known.get(arg) : undefined;
          return (link.exitcase ? k?.whenTrue : k?.whenFalse) ?? this.binding(arg);
        });
      } catch (error) {
        if (!(error instanceof OpFailure)) throw error;
        this.log.addFinal(pos, error.message, this.descOf.get(graph));
        continue;
      }
      // A narrowing that leaves nothing: this exit is never taken.
      if (cells.some((s, i) => isImpossible(s) && !isImpossible(this.binding(link.args[i]!)))) continue;
      if (link.target === graph.exceptblock) this.checkThrown(graph, cells[0]!, this.originOf(link.args[0]!) ?? pos);
      this.followedLinks.add(link);
      const incoming = { cells, origins: link.args.map((a) => this.originOf(a)), poisoned: link.args.map((a) => this.isPoisoned(a)), sources: link.args };
      this.mergeInputs(graph, link.target, incoming, pos);
    }
  }

  private checkThrown(graph: FunctionGraph, thrown: Some, pos: SourcePos): void {
    if ((thrown.kind === "instance" && thrown.empty === 0) || isImpossible(thrown)) return;
    this.log.addFinal(pos, `only instances of Error and its subclasses can be thrown in RTS, got ${describe(thrown)}`, this.descOf.get(graph));
  }

  /** Whether the annotator reached the block (the rtyper lowers only those). */
  reached(block: Block): boolean {
    return this.seenBlocks.has(block);
  }

  /** Whether the annotator followed the exit (a constant or narrowed switch proves the others never taken). */
  followed(link: Link): boolean {
    return this.followedLinks.has(link);
  }

  /** Every function desc whose graph was annotated, for printing. */
  annotatedFunctions(): FunctionDesc[] {
    const all = [...this.descOf.values()];
    return all.filter((d) => this.seenBlocks.has(d.graph!.startblock));
  }
}

/** What a variable is, for the message about two types meeting in it. */
function variableRole(graph: FunctionGraph, block: Block, v: Variable, desc: FunctionDesc | undefined): string {
  const name = desc?.name ?? graph.name;
  if (block === graph.returnblock) return `${name} returns values of different types:`;
  if (block === graph.exceptblock) return `${name} throws values of different types:`;
  if (block === graph.startblock) return `argument '${graph.params[block.inputargs.indexOf(v)]}' of ${name} is given values of different types:`;
  return JOIN_ROLES[v.hint] ?? `'${v.hint}' is given values of different types:`;
}

/** The values that expressions produce where their ways meet (see build-expressions.ts). */
const JOIN_ROLES: Record<string, string> = {
  ternary: "the two branches of this ?: have different types:",
  and: "the two sides of this && have different types:",
  or: "the two sides of this || have different types:",
  nullish: "the two sides of this ?? have different types:",
};
