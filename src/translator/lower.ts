/**
 * The driver's front (RPython's translator/driver.py up to the backend): a loaded program
 * annotated, lowered to LL graphs for a mode, and taken through that mode's prefix of the LL
 * passes (passes.ts). translate (driver.ts) times these steps as phases and goes on to the
 * backend; `rts run --llinterp` lowers with lowerProgram; `rts translate --dump-after` and
 * `rts lltype --after` print the graphs after a pass with graphsAfterPass. This file loads no
 * backend, so that `rts run` and `rts lltype` do not load one.
 */

import { Annotator } from "../annotator/annotator.js";
import { formatErrors } from "../annotator/print-annotations.js";
import { UserError } from "../frontend/diagnostic.js";
import { loadProgram, type LoadedProgram } from "../frontend/modules.js";
import { reachableGraphs, type LLGraph } from "../llir/llgraph.js";
import { printLLGraph } from "../llir/print-llgraph.js";
import { buildNativeRuntime, buildStackOverflowGraph, prepareNativeRuntime, type NativeRuntime } from "../rtyper/native-runtime.js";
import { RTyperError } from "../rtyper/rmodel.js";
import { RTypeError, RTyper } from "../rtyper/rtyper.js";
import type { LoweredProgram } from "../rtyper/run-llinterp.js";
import { PassChoiceError, passesFor, runPasses, type LLPass, type PassContext } from "./passes.js";

/** A program that is not RTS: the annotator's messages, formatted as `rts annotate` prints them. */
export interface NotRtsErrors {
  ok: false;
  errors: string;
  count: number;
}

/**
 * `rts run --llinterp`'s lowering: annotates a program loaded with its runtime helpers, lowers
 * main and the runtime's flushAll, and runs the passes the LL interpreter needs (passes.ts: the
 * optimisations unless optimize is false, the stack checks and the exception transform), as
 * translation does; annotation errors are returned as text. With verify, the verifier runs after
 * every pass.
 */
export function lowerProgram(
  program: LoadedProgram,
  colour: (s: string) => string = (s) => s,
  optimize = true,
  highlight = false,
  options: { verify?: boolean; jit?: boolean } = {},
): LoweredProgram | string {
  const annotator = new Annotator(program);
  annotator.annotateMain();
  if (annotator.errors.length > 0) return formatErrors(annotator, colour, highlight);
  prepareNativeRuntime(annotator);
  const rtyper = new RTyper(annotator);
  const mainDesc = annotator.bk.functionDesc(program.main!);
  const flushDesc = rtyper.rtsHelper("flushAll", []);
  const main = rtyper.specializeFrom(mainDesc);
  const flush = rtyper.specializeFrom(flushDesc);
  const stackOverflow = buildStackOverflowGraph(rtyper);
  runPasses(passesFor("llinterp", optimize, undefined, options.jit === true), [main, flush, stackOverflow], { rtyper, stackOverflow }, options);
  return { rtyper, main, flush };
}

export interface DumpOptions {
  /** The pass after which the graphs are printed (passes.ts LL_PASS_NAMES); the passes after it do not run. */
  after: string;
  /**
   * Which graphs: every graph of the program, or those of one function (a name as `rts lltype`
   * takes it; undefined: main) with, if callees, every graph they reach.
   */
  graphs: "all" | { function: string | undefined; callees: boolean };
  /** Run the optimisations (--opt 2); default true. */
  optimize?: boolean;
  verify?: boolean;
  colour?: (s: string) => string;
  highlight?: boolean;
}

export interface Dumped {
  ok: true;
  /** The graphs as printLLGraph prints them, each as it was right after the pass. */
  text: string;
}

/**
 * The LL graphs of a program as translation makes them, right after one pass (`rts translate
 * --dump-after`, `rts lltype --after`): lowered as for native code, then the passes up to that
 * one. A program pass prints every graph asked for once it is done, in the order they are
 * reached from the roots; a graph pass prints each graph when it has run on it, callees first,
 * once per graph (a graph may be changed again later in the sweep, as a callee is inlined).
 * A name that is no pass, or a pass that does not run at --opt 0, is a UserError.
 */
export async function graphsAfterPass(target: string, options: DumpOptions): Promise<Dumped | NotRtsErrors> {
  const optimize = options.optimize ?? true;
  let passes: LLPass[];
  try {
    passes = passesFor("native", optimize, options.after);
  } catch (error) {
    if (error instanceof PassChoiceError) throw new UserError(undefined, undefined, undefined, error.message);
    throw error;
  }
  const program = await loadProgram(target, true, true);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  if (annotator.errors.length > 0) {
    return { ok: false, errors: formatErrors(annotator, options.colour, options.highlight), count: annotator.errors.length };
  }
  const lowered = asUserError(program, () => lowerForNative(program, annotator));
  const chosen = options.graphs === "all" ? undefined : { ...options.graphs, graphs: functionGraphs(program, lowered.rtyper, options.graphs.function) };
  // Which graphs are printed: those of the function (and what they reach, once the pass has run on the first graph), else all.
  let wanted: Set<LLGraph> | undefined;
  const shown = (graphs: readonly LLGraph[]): readonly LLGraph[] => {
    if (!chosen) return graphs;
    wanted ??= new Set(chosen.callees ? reachableGraphs(chosen.graphs) : chosen.graphs);
    return graphs.filter((graph) => wanted!.has(graph));
  };
  const texts: string[] = [];
  runPasses(passes, lowered.roots, lowered.context, {
    verify: options.verify,
    after: (pass, graphs) => {
      if (pass.name === options.after) for (const graph of shown(graphs)) texts.push(printLLGraph(graph));
    },
  });
  if (chosen && texts.length === 0) {
    const name = chosen.function ?? "main";
    throw new UserError(program.entry.shown, undefined, undefined, `no graph of '${name}' is left after the pass '${options.after}': every call of it was inlined or removed by then`);
  }
  return { ok: true, text: texts.join("") };
}

/** The LL graphs of the functions, methods or constructors a name (`rts lltype`'s) stands for; undefined: main. */
function functionGraphs(program: LoadedProgram, rtyper: RTyper, name: string | undefined): LLGraph[] {
  const sources = name === undefined ? [program.functionSource(program.main!)!] : program.findByName(name);
  if (sources.length === 0) throw new UserError(program.entry.shown, undefined, undefined, `no function, method or constructor named '${name}'`);
  const graphs = [...rtyper.allGraphs()].filter(([desc]) => sources.some((s) => s.node === desc.source.node && s.name === desc.source.name)).map(([, graph]) => graph);
  if (graphs.length === 0) throw new UserError(program.entry.shown, undefined, undefined, `'${name}' is not reachable from main`);
  return graphs;
}

/** A program lowered for native code: the native runtime around main, the roots of its graphs, what the passes need. */
export interface LoweredForNative {
  rtyper: RTyper;
  runtime: NativeRuntime;
  roots: LLGraph[];
  context: PassContext;
}

/** Lowers an annotated program (without errors) from main, with the native runtime's graphs. */
export function lowerForNative(program: LoadedProgram, annotator: Annotator): LoweredForNative {
  prepareNativeRuntime(annotator); // before the RTyper numbers the classes
  const rtyper = new RTyper(annotator);
  const main = rtyper.specializeFrom(annotator.bk.functionDesc(program.main!));
  const runtime = buildNativeRuntime(rtyper, main);
  return { rtyper, runtime, roots: nativeRoots(runtime), context: { rtyper, stackOverflow: runtime.stackOverflow } };
}

/** The graphs a native program starts from: the entry (which calls main) and the runtime's error paths. */
export function nativeRoots(runtime: NativeRuntime): LLGraph[] {
  return [runtime.entry, runtime.fatal, runtime.fatalIndex, runtime.fatalNotInteger, runtime.stackOverflow, runtime.gc.allocSlow, runtime.gc.writeBarrier, runtime.gc.writeBarrierArray, runtime.gc.identityHash];
}

/** What the rtyper refuses is the user's program's problem (as `rts run --llinterp` reports it). */
export function asUserError<T>(program: LoadedProgram, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RTypeError && error.pos) throw new UserError(error.pos.file, error.pos.line, error.pos.column, error.message);
    if (error instanceof RTypeError || error instanceof RTyperError) throw new UserError(program.entry.shown, undefined, undefined, error.message);
    throw error;
  }
}
