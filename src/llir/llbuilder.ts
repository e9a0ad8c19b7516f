/**
 * Building LL graphs by hand, for the low-level helpers that sit below RTS itself: growing a
 * list's item array, concatenating strings. They depend on the LL type of what they hold, so
 * each is a small TypeScript function that builds the LL graph for one item type (once per
 * type, cached by the rtyper). Like everything the rtyper makes, the result is one LL graph that
 * the LL interpreter runs and every backend compiles: the helper is written once.
 *
 * The builder gives structured control flow over mutable locals (local(), set(), get()) and
 * produces SSA form the way the flow graph builder does: every block takes the current value of
 * every local as an input.
 */

import type { LLOpName } from "./lloperation.js";
import type { SourcePos } from "./llgraph.js";
import { LLBlock, LLConstant, LLGraph, LLLink, LLOperation, LLVariable, type LLValue } from "./llgraph.js";
import { Bool, Ptr, type LLType } from "./lltype.js";
import { OBJECT } from "./object-model.js";

/** A mutable local of a helper being built. */
export class LLLocal {
  readonly type: LLType;
  readonly hint: string;
  constructor(type: LLType, hint: string) {
    this.type = type;
    this.hint = hint;
  }
}

type Join = { block: LLBlock; locals: LLLocal[]; defined: LLVariable[]; reached: boolean };

export class LLGraphBuilder {
  readonly graph: LLGraph;
  readonly args: LLVariable[];
  private current: LLBlock | null;
  private locals: LLLocal[] = [];
  private values = new Map<LLLocal, LLValue>();
  /**
   * Every variable made so far that the code may still use, by identity: the code keeps using
   * the variable an op() returned, and each block sees it under the name of its own inputarg.
   */
  private defined: LLVariable[] = [];
  private renames = new Map<LLVariable, LLVariable>();
  private readonly pos: SourcePos | undefined;

  constructor(name: string, argTypes: readonly LLType[], resultType: LLType, pos?: SourcePos) {
    this.args = argTypes.map((t, i) => new LLVariable(t, `a${i}`));
    const start = new LLBlock(this.args);
    this.graph = new LLGraph(name, start, resultType, Ptr(OBJECT), pos);
    this.current = start;
    this.pos = pos;
    for (const arg of this.args) this.define(arg);
  }

  /** Appends an operation to the current block; returns its result. */
  op(opname: LLOpName, args: LLValue[], resultType: LLType, hint = "v"): LLVariable {
    const result = new LLVariable(resultType, hint);
    this.block().operations.push(new LLOperation(opname, args.map((a) => this.resolve(a)), result, this.pos));
    this.define(result);
    return result;
  }

  /** Appends operations made elsewhere (a representation conversion); their results become usable. */
  append(ops: readonly LLOperation[]): void {
    for (const op of ops) {
      this.block().operations.push(new LLOperation(op.opname, op.args.map((a) => this.resolve(a)), op.result, op.pos));
      this.define(op.result);
    }
  }

  local(type: LLType, init: LLValue, hint = "x"): LLLocal {
    const local = new LLLocal(type, hint);
    this.locals.push(local);
    this.values.set(local, init);
    return local;
  }

  get(local: LLLocal): LLValue {
    return this.values.get(local)!;
  }

  set(local: LLLocal, value: LLValue): void {
    this.values.set(local, value);
  }

  /** if (cond) then() else otherwise(); both branches may set locals. */
  ifThen(cond: LLValue, then: () => void, otherwise?: () => void): void {
    const join = this.newJoin();
    const whenTrue = this.newJoin();
    const whenFalse = this.newJoin();
    this.block().closeBlock([this.link(whenFalse, false), this.link(whenTrue, true)], this.resolve(cond));
    this.enter(whenTrue);
    then();
    if (this.current) this.jump(join);
    this.enter(whenFalse);
    otherwise?.();
    if (this.current) this.jump(join);
    this.enter(join);
  }

  /** while (test()) body(); test and body may set locals. */
  whileLoop(test: () => LLValue, body: () => void): void {
    const header = this.newJoin();
    this.jump(header);
    this.enter(header);
    const cond = test();
    const exit = this.newJoin();
    const bodyStart = this.newJoin();
    this.block().closeBlock([this.link(exit, false), this.link(bodyStart, true)], this.resolve(cond));
    this.enter(bodyStart);
    body();
    if (this.current) this.jump(header);
    this.enter(exit);
  }

  /** for (i = from; i < to; i++) body(i) over Signed values. */
  forRange(from: LLValue, to: LLValue, body: (i: LLValue) => void, signed: LLType): void {
    const i = this.local(signed, from, "i");
    this.whileLoop(
      () => this.op("int_lt", [this.get(i), to], Bool),
      () => {
        body(this.get(i));
        this.set(i, this.op("int_add", [this.get(i), new LLConstant(1, signed)], signed));
      },
    );
  }

  returnValue(value: LLValue): void {
    this.block().closeBlock([new LLLink([this.resolve(value)], this.graph.returnblock)]);
    this.current = null;
  }

  build(): LLGraph {
    if (this.current) throw new Error(`internal error: helper ${this.graph.name} does not end with a return`);
    return this.graph;
  }

  // ---- blocks

  private define(v: LLVariable): void {
    this.defined.push(v);
    this.renames.set(v, v);
  }

  /** What a value made anywhere earlier is called in the current block. */
  private resolve(value: LLValue): LLValue {
    if (!(value instanceof LLVariable)) return value;
    const renamed = this.renames.get(value);
    if (!renamed) throw new Error(`internal error: helper ${this.graph.name} uses a value from a branch that has ended`);
    return renamed;
  }

  private block(): LLBlock {
    if (!this.current) throw new Error(`internal error: helper ${this.graph.name}: code after a return`);
    return this.current;
  }

  private newJoin(): Join {
    const locals = [...this.locals];
    const defined = [...this.defined];
    const inputs = [...locals.map((l) => new LLVariable(l.type, l.hint)), ...defined.map((v) => new LLVariable(v.type, v.hint))];
    return { block: new LLBlock(inputs), locals, defined, reached: false };
  }

  private link(join: Join, exitcase: boolean | null = null): LLLink {
    join.reached = true;
    const args = [...join.locals.map((l) => this.resolve(this.values.get(l)!)), ...join.defined.map((v) => this.resolve(v))];
    return new LLLink(args, join.block, exitcase);
  }

  private jump(join: Join): void {
    this.block().closeBlock([this.link(join)]);
    this.current = null;
  }

  private enter(join: Join): void {
    if (!join.reached) {
      this.current = null;
      return;
    }
    this.current = join.block;
    // Locals and values made inside a branch end with it.
    this.locals = [...join.locals];
    this.defined = [...join.defined];
    const inputs = join.block.inputargs;
    this.values = new Map();
    this.renames = new Map();
    join.defined.forEach((v, i) => this.renames.set(v, inputs[join.locals.length + i]!));
    // A local's value here is a new variable, usable later like any other.
    join.locals.forEach((l, i) => {
      this.values.set(l, inputs[i]!);
      this.define(inputs[i]!);
    });
  }
}
