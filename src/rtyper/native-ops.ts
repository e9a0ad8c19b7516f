/**
 * The elementary float operations of native code. A translated binary has no libm, and its
 * results must be Node's to the bit; so float_sin ... float_pow and float_mod become calls of
 * RTS helpers (src/runtime/math-*.ts: V8's fdlibm algorithms, an exact fmod), lowered here like
 * any other RTS code. The LL interpreter keeps doing these operations with the host's Math.
 *
 * Runs after optimizeGraphs (constant operands are folded by then, with the host's Math, which
 * gives the same bits) and before the exception transform (a helper that might raise, say on a
 * failed bounds check, is then handled like any call).
 */

import type { LLOpName } from "../llir/lloperation.js";
import type { Some } from "../annotator/bookkeeper.js";
import { someFloat } from "../annotator/model.js";
import { LLOperation, functionConstant, reachableGraphs, type LLGraph } from "../llir/llgraph.js";
import { Float } from "../llir/lltype.js";
import type { RTyper, RuntimeHelperName } from "./rtyper.js";

/** Each operation's helper, which takes the operation's float operands and returns a float. */
const NATIVE_OPS: Readonly<Partial<Record<LLOpName, { helper: RuntimeHelperName; arity: number }>>> = {
  float_sin: { helper: "mathSin", arity: 1 },
  float_cos: { helper: "mathCos", arity: 1 },
  float_tan: { helper: "mathTan", arity: 1 },
  float_atan: { helper: "mathAtan", arity: 1 },
  float_atan2: { helper: "mathAtan2", arity: 2 },
  float_exp: { helper: "mathExp", arity: 1 },
  float_log: { helper: "mathLog", arity: 1 },
  float_log2: { helper: "mathLog2", arity: 1 },
  float_log10: { helper: "mathLog10", arity: 1 },
  float_pow: { helper: "mathPow", arity: 2 },
  float_mod: { helper: "floatMod", arity: 2 },
};

/** The operations lowerNativeOps replaces. */
export const NATIVE_OP_NAMES = Object.keys(NATIVE_OPS) as readonly LLOpName[];

/**
 * Rewrites in place every float_sin ... float_pow and float_mod of the given graphs, and of every
 * graph they reach, into a direct_call of its helper's graph; the helpers' own graphs (and what
 * they call) are rewritten too.
 */
export function lowerNativeOps(rtyper: RTyper, graphs: LLGraph[]): void {
  const helperGraphs = new Map<RuntimeHelperName, LLGraph>();
  const helperGraph = (helper: RuntimeHelperName, arity: number): LLGraph => {
    let graph = helperGraphs.get(helper);
    if (!graph) {
      const argsS: Some[] = [];
      for (let i = 0; i < arity; i++) argsS.push(someFloat());
      graph = rtyper.specializeFrom(rtyper.rtsHelper(helper, argsS));
      if (graph.resultType !== Float || graph.argTypes.length !== arity || graph.argTypes.some((t) => t !== Float)) {
        throw new Error(`internal error: the runtime helper ${helper} was not lowered as a function of ${arity} floats returning a float`);
      }
      helperGraphs.set(helper, graph);
    }
    return graph;
  };

  const done = new Set<LLGraph>();
  let pending = reachableGraphs(graphs);
  while (pending.length > 0) {
    const pulledIn: LLGraph[] = [];
    for (const graph of pending) {
      if (done.has(graph)) continue;
      done.add(graph);
      for (const block of graph.iterBlocks()) {
        if (!block.operations.some((op) => op.opname in NATIVE_OPS)) continue;
        block.operations = block.operations.map((op) => {
          const native = NATIVE_OPS[op.opname];
          if (!native) return op;
          const callee = helperGraph(native.helper, native.arity);
          if (!done.has(callee)) pulledIn.push(callee);
          return new LLOperation("direct_call", [functionConstant(callee), ...op.args], op.result, op.pos);
        });
      }
    }
    pending = reachableGraphs(pulledIn).filter((g) => !done.has(g));
  }
}
