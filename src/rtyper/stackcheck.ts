/**
 * Stack checks (RPython's translator/transform.py insert_ll_stackcheck): a program that recurses
 * without end must get Node's catchable RangeError, not a segfault. Only a cycle of the call
 * graph can make the stack grow without bound, so one `stack_check` goes at the start of every
 * graph on such a cycle, and nowhere else: leaves and non-recursive helpers run unchecked, as
 * the native stack keeps a margin below the limit for them (and for the RangeError itself).
 *
 * The call graph: a direct_call is an edge to its callee; an indirect_call may call any graph
 * whose function pointer is taken somewhere (held anywhere but as the callee of a direct_call:
 * an operand, a value on a link, a field or item of a prebuilt object such as a class record).
 *
 * stack_check's operand is the stackOverflow graph (native-runtime.ts), which raises the
 * RangeError when the check fails; the exception transform then checks exc_data after it, as
 * after a call. Run before transformExceptions.
 */

import { LLConstant, LLOperation, LLVariable, LL_LAST_EXCEPTION, functionConstant, reachableGraphs, type LLGraph, type LLPrebuilt, type LLValue } from "../llir/llgraph.js";
import { Void } from "../llir/lltype.js";
import { prependOperation } from "./opt/graph-edit.js";

/**
 * Inserts a stack_check at the start of every graph reachable from graphs that is on a cycle of
 * the call graph, except the graphs stackOverflow itself runs (a failing check there would
 * recurse). A graph that already starts with one is left as it is.
 */
export function insertStackChecks(graphs: LLGraph[], stackOverflow: LLGraph): void {
  const all = reachableGraphs([...graphs, stackOverflow]);
  const callees = callGraph(all);
  const recursive = graphsOnCycles(all, callees);
  // What stackOverflow runs (through its calls; the class record of its RangeError holds
  // function pointers too, which it does not call).
  const exempt = new Set<LLGraph>();
  const pending = [stackOverflow];
  for (let g = pending.pop(); g; g = pending.pop()) {
    if (exempt.has(g)) continue;
    exempt.add(g);
    pending.push(...callees.get(g)!);
  }
  const check = functionConstant(stackOverflow);
  for (const graph of all) {
    if (recursive.has(graph) && !exempt.has(graph) && graph.startblock.operations[0]?.opname !== "stack_check") insertCheck(graph, check);
  }
}

/** The graphs each graph may call. */
export function callGraph(graphs: LLGraph[]): Map<LLGraph, Set<LLGraph>> {
  const taken = takenGraphs(graphs);
  const callees = new Map<LLGraph, Set<LLGraph>>();
  for (const graph of graphs) {
    const set = new Set<LLGraph>();
    for (const block of graph.iterBlocks()) {
      for (const op of block.operations) {
        if (op.opname === "direct_call") {
          const callee = graphOf(op.args[0]!);
          if (callee) set.add(callee);
        } else if (op.opname === "indirect_call" || op.opname === "call_machine_code" || op.opname === "call_machine_code_by_kind") {
          // Machine code may call any function whose address was taken (system.ts functionAddress).
          for (const g of taken) set.add(g);
        }
      }
    }
    callees.set(graph, set);
  }
  return callees;
}

function graphOf(value: LLValue): LLGraph | undefined {
  const v = value instanceof LLConstant ? value.value : undefined;
  if (typeof v !== "object" || v === null || !("kind" in v) || v.kind !== "function") return undefined;
  return v.graph;
}

/** The graphs whose function pointer is taken: held anywhere but as the callee of a direct_call (or stack_check's handler). */
function takenGraphs(graphs: LLGraph[]): Set<LLGraph> {
  const taken = new Set<LLGraph>();
  const seen = new Set<LLPrebuilt>();
  const pending: LLValue[] = [];
  const follow = (values: Iterable<LLValue>) => {
    pending.push(...values);
    // A worklist, not recursion: prebuilt data may be a long chain.
    for (let value = pending.pop(); value; value = pending.pop()) {
      const v = value instanceof LLConstant ? value.value : undefined;
      if (typeof v !== "object" || v === null || !("kind" in v)) continue;
      if (v.kind === "function" && v.graph) taken.add(v.graph);
      if (v.kind === "prebuilt" && !seen.has(v)) {
        seen.add(v);
        pending.push(...v.fields.values(), ...v.items);
      }
    }
  };
  for (const graph of graphs) {
    for (const block of graph.iterBlocks()) {
      for (const op of block.operations) {
        if (op.opname === "stack_check") continue;
        follow(op.opname === "direct_call" ? op.args.slice(1) : op.args);
      }
      for (const link of block.exits) follow(link.args);
    }
  }
  return taken;
}

/** The graphs on a cycle: in a strongly connected component of several, or calling themselves (Tarjan's algorithm, without recursion). */
export function graphsOnCycles(graphs: LLGraph[], callees: Map<LLGraph, Set<LLGraph>>): Set<LLGraph> {
  const index = new Map<LLGraph, number>();
  const low = new Map<LLGraph, number>();
  const onStack = new Set<LLGraph>();
  const stack: LLGraph[] = [];
  const result = new Set<LLGraph>();
  let next = 0;
  for (const root of graphs) {
    if (index.has(root)) continue;
    const work: { graph: LLGraph; succ: Iterator<LLGraph> }[] = [];
    const visit = (g: LLGraph) => {
      index.set(g, next);
      low.set(g, next);
      next++;
      stack.push(g);
      onStack.add(g);
      work.push({ graph: g, succ: (callees.get(g) ?? new Set()).values() });
    };
    visit(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const step = top.succ.next();
      if (!step.done) {
        const callee = step.value;
        if (!callees.has(callee)) continue; // outside the graphs considered
        if (!index.has(callee)) visit(callee);
        else if (onStack.has(callee)) low.set(top.graph, Math.min(low.get(top.graph)!, index.get(callee)!));
        continue;
      }
      work.pop();
      const g = top.graph;
      const parent = work[work.length - 1];
      if (parent) low.set(parent.graph, Math.min(low.get(parent.graph)!, low.get(g)!));
      if (low.get(g) !== index.get(g)) continue;
      const component: LLGraph[] = [];
      for (;;) {
        const member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
        if (member === g) break;
      }
      if (component.length > 1 || callees.get(g)!.has(g)) for (const member of component) result.add(member);
    }
  }
  return result;
}

/**
 * Puts the check first in the graph. A start block that is also a loop head, or whose last
 * operation is a catching call, keeps the check to itself: its code moves to a new block.
 */
function insertCheck(graph: LLGraph, handler: LLConstant): void {
  // At the body's first statement: where V8's RangeError shows a function that overflows (stack-trace.ts).
  const check = new LLOperation("stack_check", [handler], new LLVariable(Void), graph.entryPos ?? graph.pos);
  prependOperation(graph, check, graph.startblock.exitswitch === LL_LAST_EXCEPTION);
}
