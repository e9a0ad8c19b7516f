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
 * An operation whose result is not known yet (impossible: a callee not annotated yet) stops its
 * block there; the block is reflowed when the result appears. A user error is recorded with its
 * position and the chain of calls that reached it, and the operation's result becomes
 * impossible, so that independent errors are all reported.
 *
 * Narrowing: comparisons with null/undefined, instanceof and truthiness tests record what they
 * prove about their operand; an exit taken on that test passes the narrowed annotation.
 */

import { readFileSync } from "node:fs";
import { FlowError, buildFlowGraph } from "../frontend/build-statements.js";
import { checkGraph } from "../frontend/checkgraph.js";
import { Block, CATCH_CASE, Constant, FunctionGraph, LAST_EXCEPTION, SpaceOperation, Variable, type SourcePos, type Value } from "../frontend/model.js";
import type { LoadedProgram } from "../frontend/modules.js";
import { flowOpInfo } from "../frontend/operations.js";
import { Bookkeeper, ClassDesc, FunctionDesc, NotRtsValue, type Place, type Some } from "./bookkeeper.js";
import { BUILTINS } from "./builtins.js";
import { OpFailure, type OpContext } from "./context.js";
import { ListDef } from "./listdef.js";
import { RULES } from "./rules.js";
import {
  describe,
  equal,
  isImpossible,
  isUnionError,
  nonNull,
  someImpossible,
  someInstance,
  someList,
  someNone,
  someString,
  union,
  nullable,
  EMPTY_UNDEFINED,
  type EmptySet,
  type Reflow,
} from "./model.js";

/** A user error found by the annotator, with where it is and how the program got there. */
export interface AnnotationError {
  pos: SourcePos;
  message: string;
  /** The calls from main to the function holding the error: "main (bf.ts:140)". */
  chain: string[];
}

/** What a boolean operation's result proves about other variables when it is true or false. */
type KnownTypes = Map<Variable, { whenTrue?: Some; whenFalse?: Some }>;

const MAX_ERRORS = 20;

export class Annotator implements Reflow<Place> {
  readonly program: LoadedProgram;
  readonly bk: Bookkeeper;
  readonly bindings = new Map<Variable, Some>();
  readonly errors: AnnotationError[] = [];
  private readonly errorKeys = new Set<string>();
  private readonly graphOf = new Map<Block, FunctionGraph>();
  private readonly descOf = new Map<FunctionGraph, FunctionDesc>();
  private readonly pending: Block[] = [];
  private readonly pendingSet = new Set<Block>();
  private readonly seenBlocks = new Set<Block>();
  private readonly knownTypes = new Map<Variable, KnownTypes>();
  /** The functions each call operation reached: their exceptions are the operation's. */
  private readonly calledBy = new Map<SpaceOperation, Set<FunctionDesc>>();
  /** Blocks calling methods on instances of a class, reflowed when a subclass appears. */
  private readonly methodCallers = new Map<ClassDesc, Set<Place>>();
  private errorClassdefInstance: Some | undefined;

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

  /** Annotates the whole program from main(argv: string[]). */
  annotateMain(): void {
    const main = this.program.main;
    if (!main) throw new Error("internal error: annotating a program without main");
    const desc = this.bk.functionDesc(main);
    const argv = someList(new ListDef<Place>(someString()));
    this.callFunction(desc, [argv], undefined);
    this.complete();
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

  binding(value: Value): Some {
    if (value instanceof Constant) return this.constantAnnotation(value);
    return this.bindings.get(value) ?? someImpossible();
  }

  private constantAnnotation(c: Constant): Some {
    try {
      return this.bk.immutableValue(c.value);
    } catch (error) {
      if (error instanceof NotRtsValue) throw new OpFailure(error.message);
      throw error;
    }
  }

  /** The graph of a function, built on first use; undefined when it is not RTS (reported). */
  graphFor(desc: FunctionDesc, at: OpContext | undefined): FunctionGraph | undefined {
    if (desc.graph || desc.broken) return desc.graph;
    try {
      const graph = buildFlowGraph(desc.source, this.program);
      checkGraph(graph);
      desc.graph = graph;
      this.descOf.set(graph, desc);
      for (const block of graph.iterBlocks()) this.graphOf.set(block, graph);
      this.graphOf.set(graph.returnblock, graph);
      this.graphOf.set(graph.exceptblock, graph);
      return graph;
    } catch (error) {
      if (!(error instanceof FlowError)) throw error;
      desc.broken = true;
      this.report(error.pos, error.message, desc);
      void at;
      return undefined;
    }
  }

  /** Passes args to desc's graph; returns the annotation of its result so far. */
  callFunction(desc: FunctionDesc, args: Some[], at: OpContext | undefined, caller?: { desc: FunctionDesc | undefined; pos: SourcePos; place: Place }): Some {
    if (!desc.calledFrom && caller) desc.calledFrom = { caller: caller.desc, pos: caller.pos };
    if (caller) desc.callers.add(caller.place);
    const graph = this.graphFor(desc, at);
    if (!graph) return someImpossible();
    const params = graph.params;
    if (args.length > params.length) {
      const shown = desc.owner && params[0] === "this" ? params.length - 1 : params.length;
      throw new OpFailure(`${desc.name} takes ${shown} argument${shown === 1 ? "" : "s"}, got ${args.length - (params.length - shown)}`);
    }
    const padded = [...args];
    while (padded.length < params.length) padded.push(someNone(EMPTY_UNDEFINED));
    this.mergeInputs(graph, graph.startblock, padded, graph.origin.pos);
    return this.binding(graph.returnblock.inputargs[0]!);
  }

  /** Unions cells into a block's inputargs; schedules it (or reflows callers for final blocks). */
  private mergeInputs(graph: FunctionGraph, block: Block, cells: Some[], pos: SourcePos): void {
    let changed = !this.seenBlocks.has(block);
    this.seenBlocks.add(block);
    block.inputargs.forEach((v, i) => {
      const old = this.bindings.get(v);
      const cell = cells[i]!;
      if (!old) {
        this.bindings.set(v, cell);
        return;
      }
      const u = union(old, cell, this);
      if (isUnionError(u)) {
        this.report(pos, `${variableRole(graph, block, v)} ${u.message}`, this.descOf.get(graph));
        return;
      }
      if (!equal(u, old)) {
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
      const result = this.annotateOp(graph, block, op, desc);
      this.bindings.set(op.result, result);
      if (isImpossible(result)) return; // the rest of the block waits for this result
      const info = flowOpInfo(op.opname);
      const caughtHere = i === ops.length - 1 && block.exitswitch === LAST_EXCEPTION;
      if (info.canRaise && !caughtHere) {
        const raised = this.raisedBy(op);
        if (!isImpossible(raised)) this.mergeInputs(graph, graph.exceptblock, [raised], op.pos);
      }
    }
    this.followExits(graph, block);
  }

  private annotateOp(graph: FunctionGraph, block: Block, op: SpaceOperation, desc: FunctionDesc | undefined): Some {
    const ctx: OpContext = {
      bk: this.bk,
      op,
      place: block,
      reflow: this,
      fail: (message) => {
        throw new OpFailure(message);
      },
      union: (a, b, what) => {
        const u = union(a, b, this);
        if (isUnionError(u)) throw new OpFailure(what ? `${what}: ${u.message}` : u.message);
        return u;
      },
      callFunction: (callee, args) => {
        const set = this.calledBy.get(op) ?? new Set();
        set.add(callee);
        this.calledBy.set(op, set);
        return this.callFunction(callee, args, ctx, { desc, pos: op.pos, place: block });
      },
    };
    try {
      const args = op.args.map((a) => this.binding(a));
      const result = RULES[op.opname as keyof typeof RULES](ctx, args);
      this.recordKnownTypes(op, args);
      return result;
    } catch (error) {
      if (!(error instanceof OpFailure)) throw error;
      this.report(op.pos, error.message, desc);
      void graph;
      return someImpossible();
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

  private followExits(graph: FunctionGraph, block: Block): void {
    const sw = block.exitswitch;
    let known: KnownTypes | undefined;
    let switchValue: Some | undefined;
    if (sw instanceof Variable) {
      known = this.knownTypes.get(sw);
      switchValue = this.bindings.get(sw);
    }
    for (const link of block.exits) {
      if (sw !== LAST_EXCEPTION && switchValue?.const !== undefined && link.exitcase !== null) {
        const c = switchValue.const.value;
        const matches = link.exitcase === c;
        const isDefault = typeof link.exitcase === "symbol";
        if (!matches && !(isDefault && !block.exits.some((l) => l.exitcase === c))) continue;
      }
      let cells: Some[];
      if (link.exitcase === CATCH_CASE && link.caught) {
        const lastOp = block.operations[block.operations.length - 1]!;
        const caught = this.unionWithError(this.raisedBy(lastOp));
        this.bindings.set(link.caught, caught);
      }
      try {
        cells = link.args.map((arg) => {
          let s = this.binding(arg);
          if (known && arg instanceof Variable && typeof link.exitcase === "boolean") {
            const k = known.get(arg);
            const narrowed = link.exitcase ? k?.whenTrue : k?.whenFalse;
            if (narrowed) s = narrowed;
          }
          return s;
        });
      } catch (error) {
        if (!(error instanceof OpFailure)) throw error;
        this.report(graph.origin.pos, error.message, this.descOf.get(graph));
        continue;
      }
      if (link.target === graph.exceptblock) this.checkThrown(graph, block, cells[0]!);
      const pos = block.operations[block.operations.length - 1]?.pos ?? graph.origin.pos;
      this.mergeInputs(graph, link.target, cells, pos);
    }
  }

  private checkThrown(graph: FunctionGraph, block: Block, thrown: Some): void {
    if (thrown.kind === "instance" && thrown.empty === 0) return;
    if (isImpossible(thrown)) return;
    const pos = block.operations[block.operations.length - 1]?.pos ?? graph.origin.pos;
    this.report(pos, `only instances of Error and its subclasses can be thrown in RTS, got ${describe(thrown)}`, this.descOf.get(graph));
  }

  private recordKnownTypes(op: SpaceOperation, args: Some[]): void {
    const known: KnownTypes = new Map();
    const [a, b] = op.args;
    switch (op.opname) {
      case "eq":
      case "ne":
      case "loose_eq":
      case "loose_ne": {
        if (!(a instanceof Variable) || !(b instanceof Constant) || (b.value !== null && b.value !== undefined)) break;
        const s = args[0]!;
        // x === null proves x is not null when false; x == null proves x is neither when false.
        const bits = op.opname.startsWith("loose") ? 3 : b.value === null ? 1 : 2;
        const remaining = (s.empty & ~bits) as EmptySet;
        const present = s.kind === "none" ? (remaining ? someNone(remaining) : someImpossible()) : nullable(nonNull(s), remaining);
        const absentBits = (s.empty & bits) as EmptySet;
        const absent = absentBits ? someNone(absentBits) : someImpossible();
        const isEq = op.opname === "eq" || op.opname === "loose_eq";
        known.set(a, isEq ? { whenTrue: absent, whenFalse: present } : { whenTrue: present, whenFalse: absent });
        break;
      }
      case "instanceof": {
        const cls = args[1]!;
        if (!(a instanceof Variable) || cls.kind !== "pbc" || cls.descKind !== "class") break;
        const desc = [...cls.descs][0] as ClassDesc;
        known.set(a, { whenTrue: someInstance(desc.classdef) });
        break;
      }
      case "truthy": {
        if (!(a instanceof Variable)) break;
        const s = args[0]!;
        const reference = ["instance", "list", "map", "set", "typedArray", "tuple", "pbc"].includes(s.kind);
        if (s.empty !== 0 && reference) known.set(a, { whenTrue: nonNull(s) });
        const inner = this.knownTypes.get(a);
        if (inner) for (const [v, k] of inner) known.set(v, k);
        break;
      }
      case "not": {
        const inner = a instanceof Variable ? this.knownTypes.get(a) : undefined;
        if (inner) for (const [v, k] of inner) known.set(v, { whenTrue: k.whenFalse, whenFalse: k.whenTrue });
        break;
      }
      default:
        return;
    }
    if (known.size > 0) this.knownTypes.set(op.result, known);
  }

  report(pos: SourcePos, message: string, desc: FunctionDesc | undefined): void {
    const key = `${pos.file}:${pos.line}:${pos.column}:${message}`;
    if (this.errorKeys.has(key) || this.errors.length >= MAX_ERRORS) return;
    this.errorKeys.add(key);
    this.errors.push({ pos, message, chain: this.chainOf(desc) });
  }

  private chainOf(desc: FunctionDesc | undefined): string[] {
    const chain: string[] = [];
    const seen = new Set<FunctionDesc>();
    for (let d = desc; d && !seen.has(d); d = d.calledFrom?.caller) {
      seen.add(d);
      const site = d.calledFrom;
      chain.unshift(site?.caller ? `${shortName(site.caller)} (${site.pos.file}:${site.pos.line})` : "");
    }
    if (desc) chain.push(shortName(desc));
    return chain.filter((c) => c !== "");
  }

  /** Every function desc whose graph was annotated, for printing. */
  annotatedFunctions(): FunctionDesc[] {
    const all = [...this.descOf.values()];
    return all.filter((d) => this.seenBlocks.has(d.graph!.startblock));
  }
}

export function shortName(desc: FunctionDesc): string {
  return desc.owner ? desc.name : desc.name.slice(desc.name.indexOf(".") + 1);
}

function variableRole(graph: FunctionGraph, block: Block, v: Variable): string {
  if (block === graph.returnblock) return `${graph.name} returns values of different types:`;
  if (block === graph.exceptblock) return `${graph.name} throws values of different types:`;
  if (block === graph.startblock) return `argument '${graph.params[block.inputargs.indexOf(v)]}' of ${graph.name} is given values of different types:`;
  return `'${v.hint}' holds values of different types:`;
}

/** The source line of a position with a caret under its column, for error messages. */
export function codeFrame(file: string, pos: SourcePos, cache: Map<string, string[]>): string {
  let lines = cache.get(file);
  if (!lines) {
    try {
      lines = readFileSync(file, "utf8").split("\n");
    } catch {
      lines = [];
    }
    cache.set(file, lines);
  }
  const text = lines[pos.line - 1];
  if (text === undefined) return "";
  const gutter = String(pos.line);
  const pad = " ".repeat(gutter.length);
  const caretPad = text.slice(0, pos.column - 1).replace(/[^\t]/g, " ");
  return ` ${gutter} | ${text}\n ${pad} | ${caretPad}^`;
}
