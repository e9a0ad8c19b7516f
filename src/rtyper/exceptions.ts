/**
 * The exception transform (RPython's translator/exceptiontransform.py): makes exceptions
 * explicit in LL graphs, so that backends need no unwinding.
 *
 * Before: a call that may raise either ends a block whose exitswitch is LAST_EXCEPTION (a normal
 * exit, then a catch exit whose `caught` variable receives the exception), or sits anywhere else
 * and lets the exception go on to the caller; a `throw` is a link to the exceptblock.
 * After: the current exception lives in one prebuilt raw struct, exc_data (its exc_value is null
 * when there is none), and every graph returns normally:
 * - raising stores the exception into exc_data.exc_value and returns a dummy value of the
 *   graph's result type (the exceptblock is no longer reached);
 * - after each call that may raise, exc_value is read: non-null means the callee raised. At a
 *   catching call the catch exit then clears it and gets the exception (cast to the caught
 *   variable's type); elsewhere the graph returns at once, leaving it set for its own caller.
 *
 * Which calls may raise is a fixpoint over the call graph (a graph raises if it may reach its
 * exceptblock or make a raising call outside a catch; a call of an unknown function, or an
 * indirect one, may raise), so calls of graphs that never raise get no check, and a catch exit
 * of a call that cannot raise disappears.
 *
 * The LL interpreter runs both forms: the transformed one needs nothing but ordinary
 * operations; callWithExceptions turns an exception left in exc_data after the entry point into
 * the LLException the untransformed form throws, so that runners treat both alike.
 */

import {
  LLBlock,
  LLConstant,
  LLLink,
  LLOperation,
  LLVariable,
  LL_CATCH,
  LL_LAST_EXCEPTION,
  reachableGraphs,
  type LLFunctionRef,
  type LLGraph,
  type LLPrebuilt,
  type LLValue,
} from "../llir/llgraph.js";
import { LLException, type LLInterpreter, type LLRuntimeValue } from "../llir/llinterp.js";
import { llOpInfo } from "../llir/lloperation.js";
import { Bool, PrimitiveType, Ptr, StructType, Void, computeLayout, type LLType } from "../llir/lltype.js";
import { EXCEPTION_TYPE } from "./rexception.js";

/** Where the current exception is: one raw struct, outside the GC heap. */
export const EXC_DATA = new StructType("exc_data", false, [{ name: "exc_value", type: EXCEPTION_TYPE }]);

export const EXC_DATA_PREBUILT: LLPrebuilt = {
  kind: "prebuilt",
  type: EXC_DATA,
  name: "exc_data",
  fields: new Map([["exc_value", new LLConstant(null, EXCEPTION_TYPE)]]),
  items: [],
};

const excData = () => new LLConstant(EXC_DATA_PREBUILT, Ptr(EXC_DATA));
const EXC_VALUE = new LLConstant("exc_value", Void);
const NO_EXCEPTION = new LLConstant(null, EXCEPTION_TYPE);

/** Transforms, in place, every graph reachable from roots by direct calls that is not transformed yet. */
export function transformExceptions(roots: Iterable<LLGraph>): void {
  const graphs = reachableGraphs(roots).filter((g) => g.exceptionsTransformed === undefined);
  const raises = raiseAnalysis(graphs);
  const opRaises = (op: LLOperation) => operationMayRaise(op, (g) => raises.get(g) ?? g.exceptionsTransformed?.mayRaise ?? true);
  for (const graph of graphs) graph.exceptionsTransformed = { mayRaise: raises.get(graph)! };
  for (const graph of graphs) transformGraph(graph, opRaises);
}

/** Whether a transformed graph may leave an exception in exc_data. */
export function graphMayRaise(graph: LLGraph): boolean {
  const known = graph.exceptionsTransformed?.mayRaise;
  if (known === undefined) throw new Error(`internal error: ${graph.name} has not been through the exception transform`);
  return known;
}

/**
 * Runs a transformed graph; an exception it leaves in exc_data is cleared and thrown as the
 * LLException the untransformed graph would have thrown.
 */
export function callWithExceptions(interp: LLInterpreter, graph: LLGraph, args: LLRuntimeValue[]): LLRuntimeValue {
  const result = interp.call(graph, args);
  const exception = takeException(interp);
  if (exception === 0) return result;
  throw new LLException(exception);
}

/** The address of exc_data's exc_value in the interpreter's memory: where a transformed graph leaves its exception. */
export function excValueSlot(interp: LLInterpreter): number {
  return (interp.constant(excData()) as number) + computeLayout(EXC_DATA).offsets.get("exc_value")!;
}

/** The exception a transformed graph left in exc_data (0: none), cleared. */
export function takeException(interp: LLInterpreter): number {
  const slot = excValueSlot(interp);
  const exception = interp.memory.loadWord(slot);
  if (exception !== 0) interp.memory.storeWord(slot, 0);
  return exception;
}

// ---- which calls may raise

/** The operations that raise through the functions they call (machine code may call the program's: src/lib/system.ts). */
const CALLING_OPERATIONS: ReadonlySet<string> = new Set(["direct_call", "indirect_call", "stack_check", "call_machine_code", "call_machine_code_by_kind"]);

function calleeOf(op: LLOperation): LLGraph | undefined {
  const fn = op.args[0];
  if (!(fn instanceof LLConstant) || typeof fn.value !== "object" || fn.value === null || !("kind" in fn.value)) return undefined;
  return fn.value.kind === "function" ? (fn.value as LLFunctionRef).graph : undefined;
}

function operationMayRaise(op: LLOperation, graphRaises: (g: LLGraph) => boolean): boolean {
  if (!llOpInfo(op.opname).canRaise) return false;
  if (op.opname !== "direct_call") return true;
  const callee = calleeOf(op);
  return callee ? graphRaises(callee) : true;
}

/** The least fixpoint of "may raise" over the graphs (recursion alone raises nothing). */
function raiseAnalysis(graphs: LLGraph[]): Map<LLGraph, boolean> {
  const raises = new Map<LLGraph, boolean>(graphs.map((g) => [g, false]));
  const graphRaises = (g: LLGraph) => raises.get(g) ?? g.exceptionsTransformed?.mayRaise ?? true;
  for (let changed = true; changed; ) {
    changed = false;
    for (const graph of graphs) {
      if (raises.get(graph) || !mayRaise(graph, (op) => operationMayRaise(op, graphRaises))) continue;
      raises.set(graph, true);
      changed = true;
    }
  }
  return raises;
}

/** Whether the graph may reach its exceptblock, or a raising operation outside a catch. */
function mayRaise(graph: LLGraph, opRaises: (op: LLOperation) => boolean): boolean {
  const seen = new Set<LLBlock>();
  const stack = [graph.startblock];
  while (stack.length > 0) {
    const block = stack.pop()!;
    if (seen.has(block)) continue;
    seen.add(block);
    if (block === graph.exceptblock) return true;
    const ops = block.operations;
    const catching = block.exitswitch === LL_LAST_EXCEPTION;
    for (let i = 0; i < ops.length; i++) if (!(catching && i === ops.length - 1) && opRaises(ops[i]!)) return true;
    const lastRaises = catching && ops.length > 0 && opRaises(ops[ops.length - 1]!);
    for (const link of block.exits) if (link.exitcase !== LL_CATCH || lastRaises) stack.push(link.target);
  }
  return false;
}

// ---- the transform of one graph

/** The value a graph returns when it leaves by an exception (nobody reads it). */
function dummyOf(type: LLType): LLConstant {
  if (type === Bool) return new LLConstant(false, Bool);
  if (type === Void || !(type instanceof PrimitiveType)) return new LLConstant(null, type);
  return new LLConstant(0, type);
}

function transformGraph(graph: LLGraph, opRaises: (op: LLOperation) => boolean): void {
  let propagate: LLBlock | undefined;
  let raise: LLBlock | undefined;
  const dummy = dummyOf(graph.resultType);
  /** Returns at once, the exception left in exc_data for the caller. */
  const propagateBlock = () => {
    if (!propagate) {
      propagate = new LLBlock([]);
      propagate.closeBlock([new LLLink([dummy], graph.returnblock)]);
    }
    return propagate;
  };
  /** Raises its input: stores it as the current exception and returns. */
  const raiseBlock = () => {
    if (!raise) {
      const exc = new LLVariable(EXCEPTION_TYPE, "exc");
      raise = new LLBlock([exc]);
      raise.operations.push(new LLOperation("setfield", [excData(), EXC_VALUE, exc], new LLVariable(Void), undefined));
      raise.closeBlock([new LLLink([dummy], graph.returnblock)]);
    }
    return raise;
  };
  for (const block of graph.iterBlocks()) {
    if (block !== graph.returnblock && block !== graph.exceptblock) transformBlock(block, opRaises, propagateBlock);
  }
  for (const block of graph.iterBlocks()) {
    for (const link of block.exits) if (link.target === graph.exceptblock) link.target = raiseBlock();
  }
}

/** The variables each position of a block uses from there on (operations i.., then the exits). */
function usedFrom(block: LLBlock): Set<LLVariable>[] {
  const ops = block.operations;
  const used = new Set<LLVariable>();
  const add = (v: LLValue) => {
    if (v instanceof LLVariable) used.add(v);
  };
  for (const link of block.exits) for (const arg of link.args) if (arg !== link.caught) add(arg);
  if (block.exitswitch instanceof LLVariable) used.add(block.exitswitch);
  const result: Set<LLVariable>[] = new Array(ops.length + 1);
  result[ops.length] = new Set(used);
  for (let i = ops.length - 1; i >= 0; i--) {
    ops[i]!.args.forEach(add);
    result[i] = new Set(used);
  }
  return result;
}

/** `exc_value != null` after a call, at the end of block: the exception and the test. */
function checkException(block: LLBlock, pos: LLOperation["pos"]): { exc: LLVariable; raised: LLVariable } {
  const exc = new LLVariable(EXCEPTION_TYPE, "exc");
  const raised = new LLVariable(Bool, "raised");
  block.operations.push(new LLOperation("getfield", [excData(), EXC_VALUE], exc, pos));
  block.operations.push(new LLOperation("ptr_nonzero", [exc], raised, pos));
  return { exc, raised };
}

/**
 * Splits the block after each raising call outside a catch (the rest continues in a new block
 * when no exception was raised), and makes the catch exit of a LAST_EXCEPTION block explicit.
 */
function transformBlock(block: LLBlock, opRaises: (op: LLOperation) => boolean, propagateBlock: () => LLBlock): void {
  const ops = block.operations;
  const exits = block.exits;
  const exitswitch = block.exitswitch;
  const catching = exitswitch === LL_LAST_EXCEPTION;
  const used = usedFrom(block);
  let current = block;
  let rename = new Map<LLVariable, LLVariable>();
  const sub = (v: LLValue): LLValue => (v instanceof LLVariable ? (rename.get(v) ?? v) : v);
  let defined: LLVariable[] = [...block.inputargs];
  current.operations = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    current.operations.push(rename.size === 0 ? op : new LLOperation(op.opname, op.args.map(sub), op.result, op.pos));
    defined.push(op.result);
    if (catching && i === ops.length - 1) break;
    if (!opRaises(op)) continue;
    if (!CALLING_OPERATIONS.has(op.opname)) {
      throw new Error(`internal error: the exception transform does not handle ${op.opname}, an operation that raises by itself`);
    }
    const live = defined.filter((v) => used[i + 1]!.has(v));
    const next = new LLBlock(live.map((v) => new LLVariable(v.type, v.hint)));
    const { raised } = checkException(current, op.pos);
    current.closeBlock([new LLLink(live.map(sub), next, false), new LLLink([], propagateBlock(), true)], raised);
    rename = new Map(live.map((v, j) => [v, next.inputargs[j]!]));
    defined = live;
    current = next;
  }
  for (const link of exits) link.args = link.args.map((a) => (a === link.caught ? a : sub(a)));
  if (!catching) {
    current.closeBlock(exits, exitswitch instanceof LLVariable ? sub(exitswitch) : exitswitch);
    return;
  }
  const call = ops[ops.length - 1]!;
  const normal = exits[0]!;
  normal.exitcase = null;
  if (!opRaises(call)) {
    current.closeBlock([normal]);
    return;
  }
  const catchLink = exits.find((l) => l.exitcase === LL_CATCH);
  if (!catchLink || exits.length !== 2) throw new Error("internal error: a LAST_EXCEPTION block without exactly one catch exit");
  const { exc, raised } = checkException(current, call.pos);
  normal.exitcase = false;
  // The catch exit gets the exception as an input, clears exc_data, and defines the caught variable.
  const passed = [...new Set(catchLink.args.filter((a): a is LLVariable => a instanceof LLVariable && a !== catchLink.caught))];
  const inputs = passed.map((v) => new LLVariable(v.type, v.hint));
  const excInput = new LLVariable(EXCEPTION_TYPE, "exc");
  const handler = new LLBlock([...inputs, excInput]);
  handler.operations.push(new LLOperation("setfield", [excData(), EXC_VALUE, NO_EXCEPTION], new LLVariable(Void), call.pos));
  const caught = catchLink.caught;
  if (caught) {
    const cast = caught.type === EXCEPTION_TYPE ? new LLOperation("same_as", [excInput], caught, call.pos) : new LLOperation("cast_pointer", [new LLConstant(caught.type, Void), excInput], caught, call.pos);
    handler.operations.push(cast);
  }
  const local = new Map(passed.map((v, j) => [v, inputs[j]!]));
  handler.closeBlock([new LLLink(catchLink.args.map((a) => (a instanceof LLVariable ? (local.get(a) ?? a) : a)), catchLink.target)]);
  current.closeBlock([normal, new LLLink([...passed, exc], handler, true)], raised);
}
