/**
 * The optimizer's entry (RPython's optimizeopt/__init__.py): the passes in their fixed order,
 * chosen by an `enable_opts` string (RPython's names joined by ':', the warm state's parameter),
 * and `optimizeTrace`. RTS.
 */

import type { TraceCPU } from "../trace-cpu.js";
import { Trace } from "../history.js";
import { OptHeap } from "./heap.js";
import { OptIntBounds } from "./intbounds.js";
import { Optimization, Optimizer } from "./optimizer.js";
import { OptPure } from "./pure.js";
import { OptRewrite } from "./rewrite.js";
import { OptStats } from "./stats.js";
import { OptString } from "./string.js";
import { isUnrollable, unrollLoop } from "./unroll.js";
import { OptVirtualize } from "./virtualize.js";

/** Every pass, in the order of the chain (RPython's ALL_OPTS); unroll is not in the chain but drives it twice. */
export const ALL_OPTS = "intbounds:rewrite:virtualize:string:pure:heap:unroll";

/** The optimized trace and the counters of the rules that fired. */
export class OptimizeResult {
  readonly trace: Trace;
  readonly stats: OptStats;

  constructor(trace: Trace, stats: OptStats) {
    this.trace = trace;
    this.stats = stats;
  }
}

/** The names of enable_opts, checked: an unknown name is an error naming the known ones. */
export function parseEnableOpts(enableOpts: string): string[] {
  const known = ALL_OPTS.split(":");
  const names: string[] = [];
  if (enableOpts === "") return names;
  const parts = enableOpts.split(":");
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!;
    if (name === "") continue;
    if (known.indexOf(name) < 0) throw new Error(`unknown optimization '${name}' in enable_opts (the optimizations are ${known.join(", ")})`);
    if (names.indexOf(name) < 0) names.push(name);
  }
  return names;
}

function makePass(optimizer: Optimizer, name: string): Optimization | null {
  switch (name) {
    case "intbounds":
      return new OptIntBounds(optimizer);
    case "rewrite":
      return new OptRewrite(optimizer);
    case "virtualize":
      return new OptVirtualize(optimizer);
    case "string":
      return new OptString(optimizer);
    case "pure":
      return new OptPure(optimizer);
    case "heap":
      return new OptHeap(optimizer);
    default:
      return null;
  }
}

/** An optimizer with the chain of the enabled passes, in ALL_OPTS order. */
export function buildOptimizer(enableOpts: string): Optimizer {
  return buildOptimizerOn(enableOpts, null);
}

function buildOptimizerOn(enableOpts: string, cpu: TraceCPU | null): Optimizer {
  const enabled = parseEnableOpts(enableOpts);
  const optimizer = new Optimizer(new OptStats());
  optimizer.cpu = cpu;
  const order = ALL_OPTS.split(":");
  for (let i = 0; i < order.length; i++) {
    if (enabled.indexOf(order[i]!) < 0) continue;
    const pass = makePass(optimizer, order[i]!);
    if (pass !== null) optimizer.addPass(pass);
  }
  return optimizer;
}

/**
 * Optimizes a trace with the passes enable_opts names (ALL_OPTS for all). The input is not
 * changed. A loop (label ... jump to it) is unrolled when `unroll` is enabled: a peeled
 * preamble, then the loop body with what the preamble computed and the loop does not change.
 */
export function optimizeTrace(trace: Trace, enableOpts: string): OptimizeResult {
  return optimizeTraceOn(trace, enableOpts, null);
}

/**
 * optimizeTrace with the CPU the trace was recorded on, which the optimizer asks what constants
 * hold (the class of a constant object, as RPython's optimizer asks its cpu); null: it does not.
 */
export function optimizeTraceOn(trace: Trace, enableOpts: string, cpu: TraceCPU | null): OptimizeResult {
  const enabled = parseEnableOpts(enableOpts);
  const optimizer = buildOptimizerOn(enableOpts, cpu);
  if (enabled.indexOf("unroll") >= 0 && isUnrollable(trace)) {
    const unrolled = unrollLoop(optimizer, trace, true);
    if (unrolled !== null) return new OptimizeResult(unrolled, optimizer.stats);
    if (optimizer.stats.count("unroll_proved_invariant_changed") > 0) {
      // a value the preamble found passed back unchanged was not in the loop: unroll again taking
      // as invariant only what the jump passes back as recorded
      const strict = buildOptimizerOn(enableOpts, cpu);
      const retried = unrollLoop(strict, trace, false);
      if (retried !== null) return new OptimizeResult(retried, strict.stats);
    }
    const again = buildOptimizerOn(enableOpts, cpu);
    again.stats.hit("unroll_failed");
    return new OptimizeResult(again.propagateAll(trace), again.stats);
  }
  return new OptimizeResult(optimizer.propagateAll(trace), optimizer.stats);
}
