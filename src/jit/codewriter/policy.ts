/**
 * What the JIT looks inside (RPython's codewriter/policy.py, look_inside_graph): the graphs whose
 * jitcodes the meta-interpreter enters, instead of calling them as residual calls. Requires LL
 * graphs as the rtyper made them, with their JIT hints (LLGraph.jitHints).
 *
 * The portal is always looked inside. Any other graph is not, with the reason, when:
 * - it is hinted dontLookInside, or elidable (a residual call_pure, folded on constants);
 * - it is no function of the program's source: an LL helper the rtyper made (it has no source
 *   position), or the runtime's own code, whose source is under src/runtime/ (the GC, the
 *   runtime helpers, the JIT's runtime);
 * - it has a loop and is not hinted unrollSafe (tracing through it would unroll the loop);
 * - it uses an LL operation the codewriter refuses in JIT-visible code (jtransform.ts).
 */

import type { LLBlock, LLGraph } from "../../llir/llgraph.js";
import type { LLOpName } from "../../llir/lloperation.js";

export type LookInside = { readonly inside: true } | { readonly inside: false; readonly reason: string };

export class JitPolicy {
  private readonly decided = new Map<LLGraph, LookInside>();

  /**
   * portal: the graph with jit_merge_point. refusal(op): why the codewriter refuses an LL
   * operation in JIT-visible code, or undefined (jtransform.ts refusalOf).
   */
  readonly portal: LLGraph;
  private readonly refusal: (opname: LLOpName) => string | undefined;

  constructor(portal: LLGraph, refusal: (opname: LLOpName) => string | undefined) {
    this.portal = portal;
    this.refusal = refusal;
  }

  lookInside(graph: LLGraph): LookInside {
    let decision = this.decided.get(graph);
    if (!decision) {
      decision = this.decide(graph);
      this.decided.set(graph, decision);
    }
    return decision;
  }

  private decide(graph: LLGraph): LookInside {
    if (graph === this.portal) return { inside: true };
    if (graph.jitHints.includes("dontLookInside")) return { inside: false, reason: "hinted dontLookInside" };
    if (graph.jitHints.includes("elidable")) return { inside: false, reason: "elidable: a residual call_pure" };
    if (graph.pos === undefined) return { inside: false, reason: "an LL helper of the rtyper" };
    if (graph.pos && /(^|[/\\])src[/\\]runtime[/\\]/.test(graph.pos.file)) return { inside: false, reason: "the runtime (the GC, its helpers, the JIT)" };
    if (!graph.jitHints.includes("unrollSafe") && hasLoop(graph)) return { inside: false, reason: "has a loop and is not hinted unrollSafe" };
    for (const block of graph.iterBlocks()) {
      for (const op of block.operations) {
        const why = this.refusal(op.opname);
        if (why !== undefined) return { inside: false, reason: `uses ${op.opname}: ${why}` };
      }
    }
    return { inside: true };
  }
}

/** Whether a path of the graph's blocks comes back to a block it passed (a back edge of a depth-first search). */
export function hasLoop(graph: LLGraph): boolean {
  const state = new Map<LLBlock, "open" | "done">();
  const stack: { block: LLBlock; next: number }[] = [{ block: graph.startblock, next: 0 }];
  state.set(graph.startblock, "open");
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const link = top.block.exits[top.next++];
    if (!link) {
      state.set(top.block, "done");
      stack.pop();
      continue;
    }
    const s = state.get(link.target);
    if (s === "open") return true;
    if (s === undefined) {
      state.set(link.target, "open");
      stack.push({ block: link.target, next: 0 });
    }
  }
  return false;
}
