/**
 * The LL passes (RPython's translator/backendopt and the transforms after it) as one ordered list
 * of named passes, data: what runs between the rtyper and the code generator, in this order.
 * The driver (driver.ts) runs a prefix of it for each mode: `rts translate` all of it,
 * `rts run --llinterp` the passes the LL interpreter needs (no native operations, no GC
 * transform: it does float operations with the host's Math and has its own collector), `rts
 * lltype` none (or the prefix up to `--after PASS`); `--opt 0` leaves out the optimisations.
 *
 * Two kinds of pass:
 * - a graph pass (the optimisations of src/rtyper/opt) changes one graph at a time; consecutive
 *   graph passes run as one sweep over the program, callees first, each graph getting all of
 *   them before the next graph (runGraphPasses: a callee is simplified before it is measured
 *   for inlining);
 * - a program pass (the transforms) changes every graph reachable from the roots at once.
 * Every pass changes graphs in place; a pass that needs more graphs (native operations: the
 * runtime's math helpers) lowers them through the context's rtyper.
 *
 * After each pass the runner can check the graphs it changed with the verifier (checkLLGraph)
 * and hand them to a callback (to print them: `rts translate --dump-after`).
 */

import { LL_PASS_NAMES, unknownPassMessage } from "./pass-names.js";
export { LL_PASS_NAMES, unknownPassMessage } from "./pass-names.js";
import { checkLLGraph } from "../llir/checkllgraph.js";
import { reachableGraphs, type LLGraph } from "../llir/llgraph.js";
import { formatGcTransformStats, gcTransform } from "../gctransform/transform.js";
import { transformExceptions } from "../rtyper/exceptions.js";
import { lowerNativeOps } from "../rtyper/native-ops.js";
import { GRAPH_PASSES, runGraphPasses, type GraphPass, type OptimizeStats } from "../rtyper/opt/index.js";
import type { RTyper } from "../rtyper/rtyper.js";
import { insertStackChecks } from "../rtyper/stackcheck.js";
import { splitPortals } from "../jit/portal.js";
import { stringRepr } from "../rtyper/lower-strings.js";
import { StringBuilderHelpers } from "../rtyper/rstr-builder.js";
import { introduceStringBuilders } from "../rtyper/opt/string-builders.js";

/** What passes need besides the graphs. */
export interface PassContext {
  /** Lowers the runtime helpers a pass calls (native operations). */
  readonly rtyper: RTyper;
  /** What stack_check calls when the stack is too deep (native-runtime.ts). */
  readonly stackOverflow: LLGraph;
}

/**
 * The driver's phase a pass is timed in (driver.ts PHASES); "jit" is the JIT's preparation of the
 * rtyper's graphs, before the optimisations (the codewriter's graphs, issue 17 times it).
 */
export type PassPhase = "jit" | "optimisation" | "transforms";

interface PassCommon {
  readonly name: string;
  readonly phase: PassPhase;
  /** Only native code needs it: the LL interpreter runs the graphs without it. */
  readonly nativeOnly: boolean;
  /** Only with the JIT (`--jit`). */
  readonly jitOnly?: boolean;
}

/** An optimisation of one graph at a time (src/rtyper/opt). */
export interface LLGraphPass extends PassCommon {
  readonly kind: "graph";
  readonly graphPass: GraphPass;
}

/** A transform of every graph reachable from the roots. */
export interface LLProgramPass extends PassCommon {
  readonly kind: "program";
  /** What `rts translate`'s transforms line calls it. */
  readonly title: string;
  /** Changes the graphs in place; returns a summary for the transforms line, if it has one. */
  run(roots: LLGraph[], context: PassContext): string | undefined;
}

export type LLPass = LLGraphPass | LLProgramPass;

/** The passes, in the order they run. */
export const LL_PASSES: readonly LLPass[] = [
  {
    // First: the codewriter takes the rtyper's graphs, before any optimisation
    // (docs/architecture.md), with the portal split off; and before the exception transform (the
    // original graph's call of the portal passes exceptions on by itself).
    kind: "program",
    name: "jit-portal",
    title: "JIT portal",
    phase: "jit",
    nativeOnly: false,
    jitOnly: true,
    run: (roots) => {
      const portals = splitPortals(roots);
      return portals.length === 0 ? "no jitMergePoint" : portals.map((portal) => portal.name).join(", ");
    },
  },
  {
    // Before inlining, while every append is still a call of ll_strconcat (the inliner copies small helpers).
    kind: "program",
    name: "string-builders",
    title: "string builders",
    phase: "optimisation",
    nativeOnly: false,
    run: (roots, context) => {
      const strings = stringRepr(context.rtyper);
      const concat = strings.builtHelper("ll_strconcat");
      if (!concat) return "no concatenation";
      const helpers = new StringBuilderHelpers(strings);
      let webs = 0;
      let graphs = 0;
      for (const graph of reachableGraphs(roots)) {
        const n = introduceStringBuilders(graph, concat, helpers);
        webs += n;
        if (n > 0) graphs++;
      }
      return `${webs} strings built in place, in ${graphs} functions`;
    },
  },
  ...GRAPH_PASSES.map((graphPass): LLGraphPass => ({ kind: "graph", name: graphPass.name, phase: "optimisation", nativeOnly: false, graphPass })),
  {
    // After the optimisations (constant operands are folded with the host's Math, which gives the
    // same bits) and before the exception transform (a helper that may raise is a call like any other).
    kind: "program",
    name: "native-ops",
    title: "native operations",
    phase: "transforms",
    nativeOnly: true,
    run: (roots, context) => void lowerNativeOps(context.rtyper, roots),
  },
  {
    kind: "program",
    name: "stack-checks",
    title: "stack checks",
    phase: "transforms",
    nativeOnly: false,
    run: (roots, context) => void insertStackChecks(roots, context.stackOverflow),
  },
  { kind: "program", name: "exceptions", title: "exceptions", phase: "transforms", nativeOnly: false, run: (roots) => void transformExceptions(roots) },
  { kind: "program", name: "gc", title: "GC", phase: "transforms", nativeOnly: true, run: (roots) => formatGcTransformStats(gcTransform(roots)) },
];

// pass-names.ts lists the names for the CLI, which does not load the passes: it must agree.
if (LL_PASSES.map((pass) => pass.name).join() !== LL_PASS_NAMES.join()) {
  throw new Error(`internal error: src/translator/pass-names.ts lists ${LL_PASS_NAMES.join(", ")}; the passes are ${LL_PASSES.map((pass) => pass.name).join(", ")}`);
}

/** What the passes run for: native code (`rts translate`, `rts lltype --after`) or the LL interpreter (`rts run --llinterp`). */
export type PipelineMode = "native" | "llinterp";

/**
 * The passes a mode runs, in order: every pass but the native-only ones for the LL interpreter,
 * and but the optimisations unless optimize. With through, the prefix that gives the graphs as
 * they are after that pass (which must be one of them: else throws PassChoiceError with the
 * reason): up to it, or for a graph pass up to the end of its sweep, since a graph pass sees the
 * callees the later passes of the sweep have already changed (inlining measures simplified
 * callees). The JIT's passes only with jit.
 */
export function passesFor(mode: PipelineMode, optimize: boolean, through?: string, jit = false): LLPass[] {
  const passes = LL_PASSES.filter(
    (pass) => (mode === "native" || !pass.nativeOnly) && (optimize || pass.phase !== "optimisation") && (jit || pass.jitOnly !== true),
  );
  if (through === undefined) return passes;
  const unknown = unknownPassMessage(through);
  if (unknown) throw new PassChoiceError(unknown);
  let end = passes.findIndex((pass) => pass.name === through) + 1;
  if (end === 0) {
    const chosen = LL_PASSES.find((pass) => pass.name === through)!;
    throw new PassChoiceError(
      chosen.jitOnly === true && !jit
        ? `the pass '${through}' runs only with the JIT`
        : chosen.nativeOnly && mode === "llinterp"
          ? `the pass '${through}' does not run for the LL interpreter`
          : `the pass '${through}' does not run at --opt 0`,
    );
  }
  if (passes[end - 1]!.kind === "graph") while (passes[end]?.kind === "graph") end++;
  return passes.slice(0, end);
}

/** A pass name the user gave that names no pass of the pipeline asked for. */
export class PassChoiceError extends Error {}

/** Counts of what the passes did; summaries of the program passes that have one, by pass. */
export interface PassesResult {
  stats: OptimizeStats;
  ran: { pass: LLProgramPass; summary: string | undefined }[];
}

export interface RunPassesOptions {
  /** Check with checkLLGraph the graphs before the passes, then every graph a pass changed, after it: a failure names the pass. */
  verify?: boolean;
  /** Called after each pass with the graphs it ran on (a graph pass: one graph at a time, callees first). */
  after?: (pass: LLPass, graphs: readonly LLGraph[]) => void;
}

/** Runs passes (a sublist of LL_PASSES, in order) on roots and every graph they reach, in place. */
export function runPasses(passes: readonly LLPass[], roots: LLGraph[], context: PassContext, options: RunPassesOptions = {}): PassesResult {
  const result: PassesResult = { stats: { inlined: 0, folded: 0, removed: 0, mallocsRemoved: 0, loadsRemoved: 0, overflowChecksRemoved: 0 }, ran: [] };
  const checked = (pass: LLPass, graphs: readonly LLGraph[]) => {
    if (options.verify) for (const graph of graphs) verify(graph, `after the pass '${pass.name}'`);
    options.after?.(pass, graphs);
  };
  // The graphs as given first (the rtyper's), so that a graph broken before is not blamed on the first pass.
  if (options.verify && passes.length > 0) for (const graph of reachableGraphs(roots)) verify(graph, `before the pass '${passes[0]!.name}'`);
  for (let i = 0; i < passes.length; ) {
    const pass = passes[i]!;
    if (pass.kind === "program") {
      result.ran.push({ pass, summary: pass.run(roots, context) });
      if (options.verify || options.after) checked(pass, reachableGraphs(roots));
      i++;
      continue;
    }
    // Consecutive graph passes: one sweep.
    const sweep: LLGraphPass[] = [];
    for (let next = passes[i]; next?.kind === "graph"; next = passes[++i]) sweep.push(next);
    const byGraphPass = new Map(sweep.map((p) => [p.graphPass, p]));
    const after = options.verify || options.after ? (graphPass: GraphPass, graph: LLGraph) => checked(byGraphPass.get(graphPass)!, [graph]) : undefined;
    const stats = runGraphPasses(
      roots,
      sweep.map((p) => p.graphPass),
      undefined,
      after,
    );
    for (const key of Object.keys(stats) as (keyof OptimizeStats)[]) result.stats[key] += stats[key];
  }
  return result;
}

/** Runs the verifier on graph; a failure says when (after which pass). */
function verify(graph: LLGraph, when: string): void {
  try {
    checkLLGraph(graph);
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^internal error: /, "") : String(error);
    throw new Error(`internal error: ${when}: ${message}`);
  }
}
