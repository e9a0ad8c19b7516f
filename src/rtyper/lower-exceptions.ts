/**
 * The lowering of errors and `instanceof` (rexception.ts has their representation).
 *
 * - `new E(...)` of a class deriving from Error stores where it happened in the new object (what
 *   an uncaught error shows; inside the runtime helpers, the call site of the raising builtin that
 *   runs them, noted by noteCallSite); `new Error(msg)` of a builtin class, and `super(msg)` into
 *   one, set message ("" without one) and name (the builtin class's name).
 * - `x instanceof C`: C is a class known at translation time, so the answer is often known from
 *   x's static class (a subclass of C: always, unless x may be null or undefined; a class outside
 *   C's tree that C is not under either: never); otherwise the class id of x's class record is
 *   compared with C's id range (rclass.ts: C instanceof D iff D.min <= id(C) < D.max). Builtin
 *   error classes are in the same class tree, so `e instanceof RangeError` is the same test.
 *
 * Raising and catching need no operation of their own: a `throw` is a link to the exceptblock
 * (or to a catch clause), which the rtyper keeps (the raised value cast to the exception type,
 * rexception.ts asRaised); a call inside `try` ends its block with the LAST_EXCEPTION exits, which
 * the LL interpreter follows, and the exception transform (exceptions.ts) makes explicit.
 */

import type { ClassDesc } from "../annotator/bookkeeper.js";
import { BUILTINS as BUILTIN_ENTRIES } from "../annotator/builtins.js";
import { SourceConstant } from "../frontend/build-graph.js";
import { LLBlock, LLConstant, LLLink, LLOperation, LLVariable, LL_LAST_EXCEPTION, type LLGraph, type LLValue } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { llOpInfo } from "../llir/lloperation.js";
import { Bool, Ptr, PtrType, STR, Signed, Void } from "../llir/lltype.js";
import { someTypedArray } from "../annotator/model.js";
import { CAPTURED_SITES, TRACE_FIELD } from "./stack-trace.js";
import { callGraph, type Lowering } from "./lower-common.js";
import { InstanceRepr, OBJECT, OBJECT_VTABLE, type ClassLayout } from "./rclass.js";
import { builtinErrorOf, errorFieldRepr, errorRepr, ERROR_SITE, ERROR_SITE_PREBUILT, inRuntimeHelpers, whereText, WHERE_FIELD } from "./rexception.js";
import { NULL_OBJECT } from "./rnullable.js";
import type { HighLevelOp, RTyper } from "./rtyper.js";

const name = (n: string) => new LLConstant(n, Void);

/**
 * Called by the lowering of `new` once the object of desc's class is allocated: an error made
 * here records where (and a builtin error's constructor, which has no graph, runs here).
 */
export function errorCreated(hop: HighLevelOp, obj: LLValue, repr: InstanceRepr, desc: ClassDesc): void {
  const builtin = builtinErrorOf(desc);
  if (!builtin) return;
  const classdef = repr.layout.classdef;
  const root = errorRepr(hop.rtyper, classdef);
  const where = inRuntimeHelpers(hop.op.pos)
    ? hop.genop("getfield", [errorSite(), name(WHERE_FIELD)], Ptr(STR), "where")
    : stringConst(hop, whereText(hop.op.pos));
  const error = hop.convertValue(obj, repr, root);
  hop.genop("setfield", [error, name(WHERE_FIELD), where], Void);
  // The calls that made it, as V8 records them when an error is made.
  const traceType = hop.rtyper.reprOf(someTypedArray("Int32Array")).lowleveltype as PtrType;
  const trace = hop.genop("malloc_varsize", [new LLConstant(traceType.to, Void), new LLConstant(CAPTURED_SITES, Signed)], traceType, "trace");
  hop.genop("stack_trace", [trace], Void);
  hop.genop("setfield", [error, name(TRACE_FIELD), trace], Void);
  if (desc === builtin) initError(hop, obj, repr, builtin, 1);
}

const errorSite = () => new LLConstant(ERROR_SITE_PREBUILT, Ptr(ERROR_SITE));

/** A prebuilt string, shared with the program's equal string constants. */
const stringConst = (hop: HighLevelOp, text: string) => hop.rtyper.reprOf({ kind: "string", empty: 0, const: undefined }).convertConst(text);

/**
 * Called by the lowering of a builtin call: before a builtin that may raise (its runtime helper
 * makes the error), the call site is noted as where such an error is made.
 */
export function noteCallSite(hop: HighLevelOp, builtin: string): void {
  if (!BUILTIN_ENTRIES[builtin]?.raises || inRuntimeHelpers(hop.op.pos)) return;
  hop.genop("setfield", [errorSite(), name(WHERE_FIELD), stringConst(hop, whereText(hop.op.framePos ?? hop.op.pos))], Void);
}

/**
 * Before a builtin method whose runtime helper may make an error (reduce without an initial
 * value): the method's name in the source is noted as where such an error is made, as V8 reports it.
 */
export function noteMethodSite(hop: HighLevelOp): void {
  const method = hop.op.args[1];
  const pos = method instanceof SourceConstant ? method.pos : hop.op.pos;
  if (inRuntimeHelpers(pos)) return;
  hop.genop("setfield", [errorSite(), name(WHERE_FIELD), stringConst(hop, whereText(pos))], Void);
}

/** `super(message)` in the constructor of a class whose base is a builtin error class. */
export function errorSuperCall(hop: HighLevelOp, base: ClassDesc): undefined {
  const builtin = builtinErrorOf(base);
  const repr = hop.argsR[0];
  if (builtin !== base || !(repr instanceof InstanceRepr)) throw hop.error(`super(...) into ${base.name}, which has no constructor the rtyper knows`);
  initError(hop, hop.input(0, repr), repr, builtin, 2);
  return undefined;
}

/** What Error's constructor does: message from operand `messageAt` (if given), name from the builtin class. */
function initError(hop: HighLevelOp, obj: LLValue, repr: InstanceRepr, builtin: ClassDesc, messageAt: number): void {
  const classdef = repr.layout.classdef;
  const ptr = hop.convertValue(obj, repr, errorRepr(hop.rtyper, classdef));
  const messageR = errorFieldRepr(hop.rtyper, classdef, "message");
  const nameR = errorFieldRepr(hop.rtyper, classdef, "name");
  const given = hop.argsS[messageAt];
  if (given && given.kind !== "none" && given.empty !== 0) {
    throw hop.error(`new ${builtin.name}() with a message that may be undefined or null is not supported by the rtyper yet`);
  }
  // No message, or undefined, is the empty message (Error.prototype.message).
  const message = given && given.kind !== "none" ? hop.input(messageAt, messageR) : messageR.convertConst("");
  hop.genop("setfield", [ptr, name("f_message"), message], Void);
  hop.genop("setfield", [ptr, name("f_name"), nameR.convertConst(builtin.name)], Void);
}

const lowerInstanceof: Lowering = (hop) => {
  const cls = hop.argsS[1]!;
  if (cls.kind !== "pbc" || cls.descKind !== "class" || cls.descs.size !== 1) throw hop.error("instanceof of something other than one class is not supported by the rtyper yet");
  const target = hop.rtyper.classes.layoutOf(([...cls.descs][0] as ClassDesc).classdef);
  const value = hop.argsS[0]!;
  const repr = hop.argsR[0]!;
  // Numbers, strings, arrays, functions, null and undefined are instances of no class.
  if (!(repr instanceof InstanceRepr) || value.kind !== "instance") return new LLConstant(false, Bool);
  const known = repr.layout;
  const nullable = value.empty !== 0;
  const within = (inner: ClassLayout, outer: ClassLayout) => outer.min <= inner.min && inner.min < outer.max;
  if (within(known, target) && !nullable) return new LLConstant(true, Bool);
  if (!within(known, target) && !within(target, known)) return new LLConstant(false, Bool);
  const obj = hop.genop("cast_pointer", [new LLConstant(Ptr(OBJECT), Void), hop.input(0, repr)], Ptr(OBJECT), "obj");
  const min = new LLConstant(target.min, Signed);
  const max = new LLConstant(target.max, Signed);
  if (nullable) return callGraph(hop, instanceofHelper(hop.rtyper), [obj, min, max], "is");
  const vtable = hop.genop("getfield", [obj, name("typeptr")], Ptr(OBJECT_VTABLE), "vtable");
  // a class without subclasses: its instances are those whose class record is its own (one load
  // less, and a comparison the JIT folds once the object's class is known)
  if (target.max === target.min + 1) return hop.genop("ptr_eq", [vtable, new LLConstant(target.vtable, Ptr(OBJECT_VTABLE))], Bool, "is");
  const id = hop.genop("getfield", [vtable, name("subclassrange_min")], Signed, "id");
  return hop.genop("int_between", [min, id, max], Bool, "is");
};

/**
 * `ll_instanceof(obj, min, max)` for a reference that may be undefined (0) or null (NULL_OBJECT,
 * which has no class record): false for those, else the class id range test.
 */
function instanceofHelper(rtyper: RTyper): LLGraph {
  return rtyper.helperGraph("ll_instanceof", buildInstanceofHelper);
}

function buildInstanceofHelper(): LLGraph {
  const b = new LLGraphBuilder("ll_instanceof", [Ptr(OBJECT), Signed, Signed], Bool);
  const [obj, min, max] = b.args as [LLValue, LLValue, LLValue];
  const result = b.local(Bool, new LLConstant(false, Bool), "is");
  b.ifThen(b.op("ptr_nonzero", [obj], Bool, "present"), () => {
    b.ifThen(b.op("ptr_ne", [obj, new LLConstant(NULL_OBJECT, Ptr(OBJECT))], Bool, "notnull"), () => {
      const vtable = b.op("getfield", [obj, name("typeptr")], Ptr(OBJECT_VTABLE), "vtable");
      const id = b.op("getfield", [vtable, name("subclassrange_min")], Signed, "id");
      b.set(result, b.op("int_between", [min, id, max], Bool, "is"));
    });
  });
  b.returnValue(b.get(result));
  return b.build();
}

/**
 * The exception exits of a block belong to its last operation (for the LL interpreter and the
 * exception transform), but lowering a call may leave operations after it: `new` gives the
 * object once the constructor returned, a result may need converting. Those move to a block of
 * their own on the normal exit, which runs only when the call returned. A block where nothing
 * can raise any more (the call became plain operations) loses its catch exits. Run on every
 * graph the rtyper makes.
 */
export function raisingOperationsLast(graph: LLGraph, lastOperationStart: ReadonlyMap<LLBlock, number>): void {
  for (const block of graph.iterBlocks()) {
    if (block.exitswitch !== LL_LAST_EXCEPTION) continue;
    const ops = block.operations;
    // Only the lowering of the flow block's last operation is inside the try: a raising
    // operation of an earlier one (console.log before the try) is not what the exits catch.
    const first = lastOperationStart.get(block) ?? 0;
    let last = ops.length - 1;
    while (last >= first && !llOpInfo(ops[last]!.opname).canRaise) last--;
    if (last < first) {
      // The call was lowered to operations that cannot raise (Math.imul is int_mul): nothing
      // is caught here, and a block ending with its catch exits must end with what raises.
      const normal = block.exits[0]!;
      normal.exitcase = null;
      block.closeBlock([normal], null);
      continue;
    }
    if (last === ops.length - 1) continue;
    const moved = ops.splice(last + 1);
    const normal = block.exits[0]!;
    const definedBefore = new Set([...block.inputargs, ...ops.map((op) => op.result)]);
    const needed: LLVariable[] = [];
    const need = (v: LLValue) => {
      if (v instanceof LLVariable && definedBefore.has(v) && !needed.includes(v)) needed.push(v);
    };
    for (const op of moved) op.args.forEach(need);
    normal.args.forEach(need);
    const inputs = needed.map((v) => new LLVariable(v.type, v.hint));
    const rename = new Map(needed.map((v, i) => [v, inputs[i]!]));
    const sub = (v: LLValue) => (v instanceof LLVariable ? (rename.get(v) ?? v) : v);
    const after = new LLBlock(inputs);
    after.operations = moved.map((op) => new LLOperation(op.opname, op.args.map(sub), op.result, op.pos));
    after.closeBlock([new LLLink(normal.args.map(sub), normal.target)]);
    block.exits[0] = new LLLink(needed, after, normal.exitcase);
  }
}

export const EXCEPTION_LOWERINGS: Record<string, Lowering> = {
  instanceof: lowerInstanceof,
};
