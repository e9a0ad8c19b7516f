/**
 * The rtyper (RPython's rtyper/rtyper.py): turns annotated flow graphs into LL graphs.
 *
 * Input: an Annotator that has annotated the program from main. Output: one LLGraph per
 * annotated function, made on demand (specialize), with every flow operation replaced by the LL
 * operations of its operands' representations (lower.ts) and every value converted where a link
 * joins two representations (an int flowing into a float variable gets cast_int_to_float).
 *
 * The block structure is kept: each flow block becomes one LL block with the same exits, except
 * where a conversion on a link needs operations of its own (a new block on that link).
 */

import type { JitDriver } from "../lib/jitdriver.js";
import type { LLOpName } from "../llir/lloperation.js";
import type * as RuntimeIndex from "../runtime/index.js";
import { entryPosOf, frameNameOf } from "../frontend/stack-frames.js";
import type { Annotator } from "../annotator/annotator.js";
import type { ClassDesc, FunctionDesc, Place, Some } from "../annotator/bookkeeper.js";
import type { ClassDef } from "../annotator/classdef.js";
import { describe, isImpossible, type IterVariant } from "../annotator/model.js";
import { flowOpInfo } from "../frontend/operations.js";
import {
  CATCH_CASE,
  Constant,
  DEFAULT_CASE,
  LAST_EXCEPTION,
  Variable,
  type Block,
  type FunctionGraph,
  type SourcePos,
  type SpaceOperation,
  type Value,
} from "../frontend/model.js";
import {
  LLBlock,
  LLConstant,
  LLGraph,
  LLLink,
  LLOperation,
  LLVariable,
  LL_CATCH,
  LL_DEFAULT,
  LL_LAST_EXCEPTION,
  type LLFunctionRef,
  type LLValue,
  cachedGraph,
  zeroOf,
} from "../llir/llgraph.js";
import { Bool, Char, Float, Ptr, PtrType, Signed, Void, type LLType } from "../llir/lltype.js";
import { LOWERINGS } from "./lower.js";
import { switchOnString } from "./lower-strings.js";
import { ClassLayouts, InstanceRepr, OBJECT } from "./rclass.js";
import { BOOL, CHAR, FLOAT, INT, Repr, RTyperError, VoidRepr } from "./rmodel.js";
import { ListRepr } from "./rlist.js";
import { dictReprOf, type DictRepr } from "./rdict.js";
import { iteratorReprOf, type IteratorRepr } from "./riterator.js";
import { convertTuple, tupleReprOf, TupleRepr } from "./rtuple.js";
import { convertPbc, pbcRepr, type PbcReprs } from "./rpbc.js";
import { holdsItself, PrebuiltFills } from "./rprebuilt.js";
import { FloatBoxRepr, FLOAT_BOX, NullableRepr, UNDEFINED_WORD } from "./rnullable.js";
import { asRaised } from "./rexception.js";
import { raisingOperationsLast } from "./lower-exceptions.js";
import { StringRepr } from "./rstr.js";
import { TypedArrayRepr } from "./rtypedarray.js";

/**
 * The name of a runtime helper written in RTS: an export of src/runtime/index.ts, the runtime's
 * index, so that a misspelt or removed helper does not compile (the rtyper still finds the
 * function by this name in the loaded index, and annotates it on demand).
 */
export type RuntimeHelperName = keyof typeof RuntimeIndex;

/** A lowering problem at a place of the program. */
export class RTypeError extends Error {
  readonly pos: SourcePos | undefined;
  constructor(pos: SourcePos | undefined, message: string) {
    super(message);
    this.pos = pos;
  }
}

/** What lowering one flow operation sees (RPython's HighLevelOp). */
export class HighLevelOp {
  readonly rtyper: RTyper;
  readonly op: SpaceOperation;
  /** The annotations and representations of the operands and of the result. */
  readonly argsS: Some[];
  readonly resultS: Some;
  readonly resultR: Repr;
  private readonly llops: LLOperation[];
  private readonly llvalue: (v: Value) => LLValue;

  constructor(rtyper: RTyper, op: SpaceOperation, llvalue: (v: Value) => LLValue, llops: LLOperation[]) {
    this.rtyper = rtyper;
    this.op = op;
    this.argsS = op.args.map((a) => rtyper.annotation(a));
    this.resultS = rtyper.annotation(op.result);
    this.resultR = rtyper.reprOf(this.resultS);
    this.llvalue = llvalue;
    this.llops = llops;
  }

  /**
   * The representations of the operands. Computed on demand: some operands are parameters of
   * the operation (the names of a JIT hint) rather than values to hold.
   */
  get argsR(): Repr[] {
    return this.argsS.map((_, i) => this.repr(i));
  }

  repr(i: number): Repr {
    return this.rtyper.reprOf(this.argsS[i]!);
  }

  /** Operand i converted to the given representation. */
  input(i: number, repr: Repr): LLValue {
    return this.rtyper.convert(this.llvalue(this.op.args[i]!), this.repr(i), repr, this.llops, this.op.pos);
  }

  /** The constant name operand of getattr, call_method, ... */
  constName(i: number): string {
    return (this.op.args[i] as Constant).value as string;
  }

  /** The live value of a constant operand. */
  constValue(i: number): unknown {
    const arg = this.op.args[i];
    if (!(arg instanceof Constant)) throw this.error(`operand ${i} of ${this.op.opname} is not a constant`);
    return arg.value;
  }

  /** value, held in representation from, held in to (conversion operations go into this operation's list). */
  convertValue(value: LLValue, from: Repr, to: Repr): LLValue {
    return this.rtyper.convert(value, from, to, this.llops, this.op.pos);
  }

  genop(opname: LLOpName, args: LLValue[], resultType: LLType, hint = "v"): LLVariable {
    const result = new LLVariable(resultType, hint);
    // A call is where a stack trace shows it (SpaceOperation.framePos: a method call at its name).
    const call = opname === "direct_call" || opname === "indirect_call" || opname === "call_machine_code" || opname === "call_machine_code_by_kind";
    this.llops.push(new LLOperation(opname, args, result, call ? (this.op.framePos ?? this.op.pos) : this.op.pos));
    return result;
  }

  error(message: string): RTypeError {
    return new RTypeError(this.op.pos, message);
  }
}

export class RTyper {
  readonly annotator: Annotator;
  private readonly reprs = new Map<string, Repr>();
  private readonly graphs = new Map<FunctionDesc, LLFunctionRef>();
  private readonly pending: FunctionDesc[] = [];
  readonly classes: ClassLayouts;
  private readonly instanceReprs = new Map<ClassDef<Place>, InstanceRepr>();
  private readonly listReprs = new Map<Repr, ListRepr>();
  /** The representations the repr modules make and keep, one set per translation. */
  readonly dictReprs = new Map<unknown, Map<unknown, DictRepr>>();
  readonly iteratorReprs = new Map<Repr, Map<IterVariant, IteratorRepr>>();
  readonly tupleReprs = new Map<string, TupleRepr>();
  /** The JitDrivers whose hints were lowered, by name (the JIT's logs call their getPrintableLocation). */
  readonly jitDrivers = new Map<string, JitDriver>();
  /** Small numbers for the item representations of tuples, for the keys of tupleReprs. */
  readonly tupleItemIds = new Map<Repr, number>();
  pbcReprs: PbcReprs | undefined;
  /** The worklist of prebuilt objects made and not filled yet (rprebuilt.ts). */
  readonly prebuiltFills = new PrebuiltFills();

  constructor(annotator: Annotator) {
    this.annotator = annotator;
    this.classes = new ClassLayouts(this);
  }

  /**
   * The operations of a block that lowering turns into code: none when the annotator never
   * reached the block, and none after the first one that cannot complete (an argument or a
   * result that does not exist: a call that only throws), as specializeGraph stops there. What
   * follows was never annotated: asking for the annotation of its constants would make classes
   * after the annotation ended.
   */
  loweredOperations(block: Block): SpaceOperation[] {
    const ops: SpaceOperation[] = [];
    if (!this.annotator.reached(block)) return ops;
    for (const op of block.operations) {
      if (op.args.some((a) => a instanceof Variable && isImpossible(this.annotation(a)))) break;
      ops.push(op);
      if (isImpossible(this.annotation(op.result))) break;
    }
    return ops;
  }

  annotation(value: Value): Some {
    return this.annotator.binding(value);
  }

  /** The representation of an annotation (one per distinct annotation). */
  reprOf(s: Some): Repr {
    if (s.empty !== 0 && s.kind !== "none" && s.kind !== "impossible") return this.nullableReprOf(s);
    switch (s.kind) {
      case "int":
        return INT;
      case "float":
        return FLOAT;
      case "bool":
        return BOOL;
      case "char":
        return CHAR;
      case "string":
        return this.cached("string", () => new StringRepr());
      case "typedArray":
        return this.cached(`typed:${s.arrayKind}`, () => new TypedArrayRepr(this.prebuiltFills, s.arrayKind));
      case "list": {
        if (holdsItself(s.listdef)) return this.recursiveListRepr(s.listdef);
        const item = this.reprOf(s.listdef.item);
        let repr = this.listReprs.get(item);
        if (!repr) {
          repr = new ListRepr(this.prebuiltFills, item);
          this.listReprs.set(item, repr);
        }
        return repr;
      }
      case "map":
      case "set":
        return dictReprOf(this, s);
      case "tuple":
        return tupleReprOf(this, s);
      case "iterator":
        return iteratorReprOf(this, s);
      case "impossible":
        return this.voidRepr("impossible");
      case "none":
        return this.voidRepr(s.empty === 1 ? "null" : "undefined");
      case "builtin":
        return this.voidRepr(s.name);
      case "pbc":
        return pbcRepr(this, s);
      case "instance": {
        let repr = this.instanceReprs.get(s.classdef);
        if (!repr) {
          const layout = this.classes.layoutOf(s.classdef);
          // laying the class out may have asked for this repr already (a field holding instances of
          // the class, as a list of them): that one, or the containers made then would be other types
          repr = this.instanceReprs.get(s.classdef) ?? new InstanceRepr(layout);
          this.instanceReprs.set(s.classdef, repr);
        }
        return repr;
      }
      default:
        throw new RTyperError(`values of type ${describe(s)} are not supported by the rtyper yet`);
    }
  }

  private readonly recursiveLists = new Map<object, ListRepr>();

  /** A list whose items are lists of its own kind: its repr is made first, then its items' (which is itself). */
  private recursiveListRepr(listdef: { cell: object; item: Some }): ListRepr {
    let repr = this.recursiveLists.get(listdef.cell);
    if (!repr) {
      repr = new ListRepr(this.prebuiltFills, (self) => {
        this.recursiveLists.set(listdef.cell, self);
        return this.reprOf(listdef.item);
      });
    }
    return repr;
  }

  /** The representation of a value that may also be undefined or null (rnullable.ts). */
  private nullableReprOf(s: Some): Repr {
    const base = this.reprOf({ ...s, empty: 0 } as Some);
    if (base === INT || base === BOOL || base === CHAR) return this.cached(`nullable:${base.name}`, () => new NullableRepr(base));
    if (base === FLOAT) return this.cached("nullable:float", () => new FloatBoxRepr());
    if (base.lowleveltype instanceof PtrType) return base;
    throw new RTyperError(`values of type ${describe(s)} (a ${s.kind} that may be null or undefined) are not supported by the rtyper yet`);
  }

  private voidRepr(name: string): Repr {
    return this.cached(`void:${name}`, () => new VoidRepr(name));
  }

  /** One representation per key, so that equal annotations share LL types and prebuilt constants. */
  private cached(key: string, make: () => Repr): Repr {
    let repr = this.reprs.get(key);
    if (!repr) {
      repr = make();
      this.reprs.set(key, repr);
    }
    return repr;
  }

  /**
   * The LL helper graphs built by the lowerings on first use (ll_str_eq, ll_math_round, ...), by
   * name: one set per translation, so two translations never share a graph (the GC and exception
   * transforms change graphs in place).
   */
  private readonly helperGraphs = new Map<string, LLGraph>();

  /** The helper graph called name, built by build() the first time this translation asks. */
  helperGraph(name: string, build: () => LLGraph): LLGraph {
    return cachedGraph(this.helperGraphs, name, build);
  }

  private readonly helperDescs = new Map<string, FunctionDesc>();

  /**
   * A runtime helper written in RTS (exported by src/runtime/index.ts), annotated for
   * these argument annotations on first use; its name is one of the index's exports, checked by
   * the compiler. A helper's annotations must not depend on who
   * calls it: each helper has one signature, and a second call with other argument types is
   * the toolchain's bug.
   */
  rtsHelper(name: RuntimeHelperName, argsS: Some[]): FunctionDesc {
    const key = `${name}(${argsS.map(describe).join(", ")})`;
    const known = this.helperDescs.get(key);
    if (known) return known;
    const system = this.annotator.program.system;
    if (!system) throw new Error(`internal error: the program was loaded without the runtime helpers (needed for ${name})`);
    const live = system.exported(name);
    if (!live.found || typeof live.value !== "function") throw new Error(`internal error: no runtime helper named ${name}`);
    const before = this.annotator.errors.length;
    const desc = this.annotator.annotateHelper(live.value, argsS);
    if (this.annotator.errors.length > before) {
      const messages = this.annotator.errors.slice(before).map((e) => `${e.pos.file}:${e.pos.line}:${e.pos.column}: ${e.message}`);
      throw new Error(`internal error: the runtime helper ${name} does not annotate:\n${messages.join("\n")}`);
    }
    this.helperDescs.set(key, desc);
    return desc;
  }

  /** The function reference of an annotated function; its graph is lowered by specializeAll. */
  functionRef(desc: FunctionDesc): LLFunctionRef {
    let ref = this.graphs.get(desc);
    if (!ref) {
      ref = { kind: "function", name: desc.name, graph: undefined };
      this.graphs.set(desc, ref);
      this.pending.push(desc);
    }
    return ref;
  }

  /** Lowers every function reachable from the given one. */
  specializeFrom(desc: FunctionDesc): LLGraph {
    const ref = this.functionRef(desc);
    while (this.pending.length > 0) {
      const next = this.pending.shift()!;
      this.graphs.get(next)!.graph = this.specialize(next);
    }
    return ref.graph!;
  }

  /** The LL graphs made so far, by function. */
  allGraphs(): Map<FunctionDesc, LLGraph> {
    const result = new Map<FunctionDesc, LLGraph>();
    for (const [desc, ref] of this.graphs) if (ref.graph) result.set(desc, ref.graph);
    return result;
  }

  instanceLayout(desc: ClassDesc) {
    return this.classes.layoutOf(desc.classdef);
  }

  private specialize(desc: FunctionDesc): LLGraph {
    try {
      return this.specializeGraph(desc);
    } catch (error) {
      // A representation missing for a value: say where, at least the function.
      if (error instanceof RTyperError) throw new RTypeError(this.currentPos ?? desc.source.pos, error.message);
      throw error;
    }
  }

  /** The position of the operation being lowered, for errors raised deep in representations. */
  private currentPos: SourcePos | undefined;

  private specializeGraph(desc: FunctionDesc): LLGraph {
    this.currentPos = undefined;
    const graph = desc.graph;
    if (!graph) throw new RTypeError(desc.source.pos, `${desc.name} was not annotated`);
    const blocks = new Map<Block, LLBlock>();
    const variables = new Map<Variable, LLVariable>();
    const llvar = (v: Variable): LLVariable => {
      let lv = variables.get(v);
      if (!lv) {
        lv = new LLVariable(this.reprOf(this.annotation(v)).lowleveltype, v.hint);
        variables.set(v, lv);
      }
      return lv;
    };
    const llblock = (block: Block): LLBlock => {
      let lb = blocks.get(block);
      if (!lb) {
        lb = new LLBlock(block.inputargs.map(llvar));
        blocks.set(block, lb);
      }
      return lb;
    };
    const result = this.reprOf(this.annotation(graph.returnblock.inputargs[0]!)).lowleveltype;
    const llgraph = new LLGraph(desc.name, llblock(graph.startblock), result, Ptr(OBJECT), desc.source.pos);
    llgraph.symbol = desc.source.name;
    llgraph.frameName = frameNameOf(desc.source);
    llgraph.jitHints = desc.hints;
    llgraph.entryPos = entryPosOf(desc.source);
    blocks.set(graph.returnblock, llgraph.returnblock);
    blocks.set(graph.exceptblock, llgraph.exceptblock);
    variables.set(graph.returnblock.inputargs[0]!, llgraph.returnblock.inputargs[0]!);
    variables.set(graph.exceptblock.inputargs[0]!, llgraph.exceptblock.inputargs[0]!);

    const inputs = new Set(graph.iterBlocks().flatMap((b) => b.inputargs));
    const llvalue = (value: Value): LLValue => {
      if (value instanceof Variable) {
        const lv = llvar(value);
        return lv.type === Void && !inputs.has(value) ? new LLConstant(null, Void) : lv;
      }
      return this.reprOf(this.annotation(value)).convertConst(value.value);
    };

    // Where the lowering of each block's last flow operation starts in its LL block: the
    // block's catch exits belong to that operation alone (raisingOperationsLast).
    const lastOperationStart = new Map<LLBlock, number>();
    for (const block of graph.iterBlocks()) {
      if (block === graph.returnblock || block === graph.exceptblock) continue;
      if (!this.annotator.reached(block)) continue; // only reached through a call that never returns
      const lb = llblock(block);
      let neverReturns = false;
      let catchesKept = false;
      for (const [i, op] of block.operations.entries()) {
        this.currentPos = op.pos;
        // An operation given a value that does not exist (a parameter of a callback that no item
        // ever reaches, an item of an array that is never filled) is never run.
        if (op.args.some((a) => a instanceof Variable && isImpossible(this.annotation(a)))) {
          neverReturns = true;
          break;
        }
        const llops: LLOperation[] = [];
        const hop = new HighLevelOp(this, op, llvalue, llops);
        const lower = LOWERINGS[op.opname];
        if (!lower) throw new RTypeError(op.pos, `the operation ${op.opname} is not supported by the rtyper yet`);
        const value = lower(hop);
        const target = llvar(op.result);
        const last = llops[llops.length - 1];
        if (target.type === Void) {
          // Nothing to hold: uses of the result read the Void constant (see llvalue).
        } else if (value instanceof LLVariable && last?.result === value && value.type === target.type) {
          // The lowering's last operation computes the result: let it define the flow variable's LL variable.
          llops[llops.length - 1] = new LLOperation(last.opname, last.args, target, last.pos);
        } else {
          llops.push(new LLOperation("same_as", [value ?? new LLConstant(null, Void)], target, op.pos));
        }
        lastOperationStart.set(lb, lb.operations.length);
        lb.operations.push(...llops);
        // An operation with no possible result never completes (a call that only throws, reading
        // an item of an array that is never filled): what follows it is unreachable.
        if (isImpossible(this.annotation(op.result))) {
          neverReturns = true;
          catchesKept = i === block.operations.length - 1 && block.exitswitch === LAST_EXCEPTION && lb.operations.length > 0;
          break;
        }
      }
      const lowering: GraphLowering = { llgraph, llvalue, llblock, llvar };
      if (neverReturns) this.lowerNeverReturns(block, lb, lowering, catchesKept);
      else this.lowerExits(block, lb, lowering);
    }
    raisingOperationsLast(llgraph, lastOperationStart);
    return llgraph;
  }

  /**
   * A block whose call never returns (the callee only throws, or recurses until the stack
   * overflows), or with an operation that has no possible result or is given a value that does
   * not exist: what follows is unreachable. The exception exits stay when they belong to the
   * lowered call (catchesKept: the block's last operation); its normal exit, if ever taken, is an
   * internal error.
   */
  private lowerNeverReturns(block: Block, lb: LLBlock, lowering: GraphLowering, catchesKept: boolean): void {
    const dead = deadEnd(lowering.llgraph, "internal error: an operation that never completes completed");
    if (catchesKept) {
      const catches = { ...block, exits: block.exits.filter((l) => l.exitcase !== null), exitswitch: block.exitswitch } as Block;
      this.lowerExits(catches, lb, lowering);
      lb.closeBlock([new LLLink([], dead, null), ...lb.exits], LL_LAST_EXCEPTION);
    } else {
      lb.closeBlock([new LLLink([], dead)]);
    }
  }

  private lowerExits(block: Block, lb: LLBlock, { llgraph, llvalue, llblock, llvar }: GraphLowering): void {
    const exits: LLLink[] = [];
    let dead: LLBlock | undefined;
    for (const link of block.exits) {
      if (!this.annotator.followed(link) || link.args.some((a) => a instanceof Variable && a !== link.caught && isImpossible(this.annotation(a)))) {
        // Never taken (RPython's links_followed; or it passes a value that does not exist): its
        // values were never annotated, so nothing is converted; the switch keeps its shape and the exit stops the program.
        dead ??= deadEnd(llgraph, "internal error: an exit the annotator proved never taken was taken");
        exits.push(new LLLink([], dead, exitcaseOf(link.exitcase)));
        continue;
      }
      const target = llblock(link.target);
      const conversions: LLOperation[] = [];
      const args = link.args.map((arg, i) => {
        const from = this.reprOf(this.annotation(arg));
        const to = this.reprOf(this.annotation(link.target.inputargs[i]!));
        const value = link.caught && arg === link.caught ? llvar(link.caught) : llvalue(arg);
        return asRaised(this.convert(value, from, to, conversions, undefined), target.inputargs[i]!.type, conversions);
      });
      let llLink: LLLink;
      if (conversions.length === 0) {
        llLink = new LLLink(args, target, exitcaseOf(link.exitcase));
      } else {
        // The conversions need a block of their own on this link.
        const sources = [...new Set(link.args.filter((a): a is Variable => a instanceof Variable))];
        const middleInputs = sources.map((v) => new LLVariable(llvar(v).type, v.hint));
        const rename = new Map<LLVariable, LLVariable>(sources.map((v, i) => [llvar(v), middleInputs[i]!]));
        const middle = new LLBlock(middleInputs);
        const sub = (v: LLValue) => (v instanceof LLVariable ? (rename.get(v) ?? v) : v);
        middle.operations = conversions.map((op) => new LLOperation(op.opname, op.args.map(sub), op.result, op.pos));
        middle.closeBlock([new LLLink(args.map(sub), target)]);
        llLink = new LLLink(sources.map(llvar), middle, exitcaseOf(link.exitcase));
      }
      if (link.caught) llLink.caught = llvar(link.caught);
      exits.push(llLink);
    }
    const sw = block.exitswitch;
    const llsw = sw === null ? null : sw === LAST_EXCEPTION ? LL_LAST_EXCEPTION : llvalue(sw);
    lb.closeBlock(exits, switchOnString(this, lb, llsw, exits, block.exits.map((l) => l.exitcase)));
  }

  /** value, held in representation `from`, held in `to` (adding LL operations to llops). */
  convert(value: LLValue, from: Repr, to: Repr, llops: LLOperation[], pos: SourcePos | undefined): LLValue {
    if (from === to) return value;
    if (to.lowleveltype === Void) return new LLConstant(null, Void);
    const pbc = convertPbc(value, from, to);
    if (pbc) return pbc;
    if (from instanceof TupleRepr && to instanceof TupleRepr) return convertTuple(this, value, from, to, llops, pos);
    // null or undefined: a Void value (a constant, or a variable it flowed through) carries nothing but its repr
    if (from.lowleveltype === Void && (value instanceof LLConstant || from.name === "null" || from.name === "undefined")) return to.convertConst(from.name === "null" ? null : undefined);
    const op = (opname: LLOpName, args: LLValue[], type: LLType, hint: string): LLValue => {
      const result = new LLVariable(type, hint);
      llops.push(new LLOperation(opname, args, result, pos));
      return result;
    };
    // Into and out of the nullable forms: a value known not to be undefined or null here (the
    // annotator narrowed it) is converted as its base representation.
    if (from instanceof NullableRepr) {
      if (to instanceof NullableRepr && to.base === from.base) return value;
      const base = from.base === INT ? value : from.base === BOOL ? op("int_ne", [value, new LLConstant(0, Signed)], Bool, "b") : op("cast_int_to_char", [value], Char, "c");
      return this.convert(base, from.base, to, llops, pos);
    }
    if (to instanceof NullableRepr) {
      const base = this.convert(value, from, to.base, llops, pos);
      if (to.base === INT) return base;
      if (base instanceof LLConstant) return to.convertConst(to.base === BOOL ? base.value : String.fromCharCode(base.value as number));
      return op(to.base === BOOL ? "cast_bool_to_int" : "cast_char_to_int", [base], Signed, "n");
    }
    if (from instanceof FloatBoxRepr) {
      if (to instanceof FloatBoxRepr) return value;
      const unboxed = op("getfield", [value, new LLConstant("value", Void)], Float, "f");
      return this.convert(unboxed, FLOAT, to, llops, pos);
    }
    if (to instanceof FloatBoxRepr) {
      const f = this.convert(value, from, FLOAT, llops, pos);
      if (f instanceof LLConstant) return to.convertConst(f.value);
      const box = op("malloc", [new LLConstant(FLOAT_BOX, Void)], to.lowleveltype, "box");
      llops.push(new LLOperation("setfield", [box, new LLConstant("value", Void), f], new LLVariable(Void, "v"), pos));
      return box;
    }
    if (from.lowleveltype === to.lowleveltype) return value;
    if (from === INT && to === FLOAT) {
      if (value instanceof LLConstant) return new LLConstant(value.value as number, Float);
      const result = new LLVariable(Float, "f");
      llops.push(new LLOperation("cast_int_to_float", [value], result, pos));
      return result;
    }
    // A float proved integral by a test (narrowing.ts: `isNaN(x)` false on parseInt's result,
    // `Number.isInteger(x)` true): exact, and the program stops if it is past 2^53.
    if (from === FLOAT && to === INT) {
      if (value instanceof LLConstant) return to.convertConst(value.value);
      return op("cast_float_to_int", [value], Signed, "n");
    }
    if (from === CHAR && to instanceof StringRepr) return to.fromChar(value, op);
    if (from instanceof InstanceRepr && to instanceof InstanceRepr) {
      if (value instanceof LLConstant) return new LLConstant(value.value, to.lowleveltype);
      const result = new LLVariable(to.lowleveltype, "p");
      llops.push(new LLOperation("cast_pointer", [new LLConstant(to.lowleveltype, Void), value], result, pos));
      return result;
    }
    if (from.lowleveltype instanceof PtrType && to.lowleveltype instanceof PtrType) {
      // Two unrelated pointer types meet only where the annotator narrowed the value to undefined
      // or null (`token && token.text`: the Token is null on that path), whose bits every pointer
      // type shares.
      if (value instanceof LLConstant) return new LLConstant(value.value, to.lowleveltype);
      const result = new LLVariable(to.lowleveltype, "p");
      llops.push(new LLOperation("cast_pointer", [new LLConstant(to.lowleveltype, Void), value], result, pos));
      return result;
    }
    throw new RTypeError(pos, `cannot convert ${from.name} to ${to.name}`);
  }
}

/** One graph being lowered: its LL graph and the LL counterparts of its flow blocks, variables and values. */
interface GraphLowering {
  readonly llgraph: LLGraph;
  llvalue(v: Value): LLValue;
  llblock(b: Block): LLBlock;
  llvar(v: Variable): LLVariable;
}

function exitcaseOf(exitcase: unknown): LLLink["exitcase"] {
  if (exitcase === DEFAULT_CASE) return LL_DEFAULT;
  if (exitcase === CATCH_CASE) return LL_CATCH;
  if (typeof exitcase === "string") return exitcase.charCodeAt(0);
  return exitcase as number | boolean | null;
}

/** A block that stops the program with an internal error: where control can never arrive. */
function deadEnd(llgraph: LLGraph, message: string): LLBlock {
  const dead = new LLBlock([]);
  dead.operations.push(new LLOperation("debug_fatal", [new LLConstant(message, Void)], new LLVariable(Void), undefined));
  dead.closeBlock([new LLLink([zeroOf(llgraph.resultType)], llgraph.returnblock)]);
  return dead;
}
