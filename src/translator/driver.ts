/**
 * The translation driver (RPython's translator/driver.py): runs the stages of translation in
 * order, times each one, and writes the executable. `rts translate` is a thin command over it;
 * tests and the benchmark harness may call it directly.
 *
 *   loading       import time: the target's modules and the runtime helpers, stripped and run
 *   annotation    whole-program type inference from main
 *   flow graphs   built on demand during annotation (see below): their count and time
 *   rtyping       LL graphs from main and the native runtime's entry points
 *   optimisation  inlining, constant folding, dead code and malloc removal (--opt 2 only)
 *   transforms    native operations, stack checks, the exception transform
 *   code generation, linking
 *
 * Flow graphs are not a stage of their own here: the annotator builds a function's graph the
 * first time a call reaches it (as RPython's annotator asks the flow space), so they cannot be
 * built before annotation without building unreachable functions that need not be RTS. The
 * driver measures the time spent building them and reports it as part of annotation's (and, for
 * runtime helpers the rtyper asks for, of rtyping's) rather than inventing a separate time.
 */

import { chmodSync, existsSync, lstatSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Annotator } from "../annotator/annotator.js";
import { formatErrors } from "../annotator/print-annotations.js";
import { generateCode, type CodegenStats } from "../backend-x86/codegen/index.js";
import { writeExecutable } from "../backend-x86/elf.js";
import { UserError } from "../frontend/diagnostic.js";
import { loadProgram, type LoadedProgram } from "../frontend/modules.js";
import { reachableGraphs, type LLGraph } from "../llir/llgraph.js";
import { printLLGraph } from "../llir/print-llgraph.js";
import { buildNativeRuntime, buildStackOverflowGraph, prepareNativeRuntime, type NativeRuntime } from "../rtyper/native-runtime.js";
import { RTyperError } from "../rtyper/rmodel.js";
import { RTypeError, RTyper } from "../rtyper/rtyper.js";
import type { LoweredProgram } from "../rtyper/run-llinterp.js";
import { PassChoiceError, passesFor, runPasses, type LLPass, type PassContext } from "./passes.js";

/** The phases, in the order they run and are printed. */
export const PHASES = ["loading", "annotation", "flow graphs", "rtyping", "optimisation", "transforms", "code generation", "linking"] as const;
export type PhaseName = (typeof PHASES)[number];

export interface PhaseReport {
  phase: PhaseName;
  /** Wall time in milliseconds; undefined for a phase that did not run (skipped). */
  ms: number | undefined;
  /** What it produced, for people: "12 modules", "340 graphs". */
  detail: string;
  /** Why the phase did not run, or where its time is counted. */
  note?: string;
}

export type PhaseEvent = { kind: "start"; phase: PhaseName } | ({ kind: "end" } & PhaseReport);

export interface TranslateOptions {
  /** Run the LL optimisations (--opt 2); default true. */
  optimize?: boolean;
  /** Where the executable goes; default `defaultOutput(target)`. */
  output?: string;
  /** Called when each phase starts and ends (a skipped phase only ends). */
  onPhase?: (event: PhaseEvent) => void;
  /** Colours the head line of each annotation error (the CLI's red "error:"). */
  colour?: (s: string) => string;
  /** Highlights the code in the errors' code frames (a colour terminal). */
  highlight?: boolean;
  /** Runs the verifier (checkLLGraph) after every LL pass (tests). */
  verify?: boolean;
}

export interface Translated {
  ok: true;
  output: string;
  /** Size of the executable in bytes. */
  size: number;
  stats: CodegenStats;
  phases: PhaseReport[];
  totalMs: number;
}

export interface NotRts {
  ok: false;
  /** The annotator's messages, formatted as `rts annotate` prints them. */
  errors: string;
  count: number;
  phases: PhaseReport[];
}

/** RPython's name for the executable: the target without `.ts`, plus `-c`, next to it. */
export function defaultOutput(target: string): string {
  return target.replace(/\.[cm]?ts$/, "") + "-c";
}

/**
 * Translates target into a static executable. Returns the annotator's errors when the program
 * is not RTS; throws UserError for other problems that are the user's (a missing file, something
 * the rtyper does not support, an output path that cannot be written).
 */
export async function translate(target: string, options: TranslateOptions = {}): Promise<Translated | NotRts> {
  const output = options.output ?? defaultOutput(target);
  const optimize = options.optimize ?? true;
  // Checked first, so that a wrong -o does not cost the whole translation.
  const directory = path.dirname(output);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new UserError(output, undefined, undefined, "cannot write the executable: no such directory");
  checkOutputKind(output);
  const phases: PhaseReport[] = [];
  const started = performance.now();
  const end = (report: PhaseReport) => {
    phases.push(report);
    options.onPhase?.({ kind: "end", ...report });
  };
  async function run<T>(phase: PhaseName, work: () => T | Promise<T>, detail: (result: T) => string): Promise<T> {
    options.onPhase?.({ kind: "start", phase });
    const t0 = performance.now();
    const result = await work();
    end({ phase, ms: performance.now() - t0, detail: detail(result) });
    return result;
  }

  const program = await run("loading", () => loadProgram(target, true, true), (p) => `${p.modules.length} modules`);
  checkOutputNotInput(output, program);

  const annotator = new Annotator(program);
  const flow = countFlowGraphs(annotator);
  await run("annotation", () => annotator.annotateMain(), () => `${annotator.annotatedFunctions().length} functions`);
  const flowNote = "built on demand by the annotator: part of annotation's time";
  end({ phase: "flow graphs", ms: flow.ms, detail: `${flow.count} graphs`, note: flowNote });
  if (annotator.errors.length > 0) {
    return { ok: false, errors: formatErrors(annotator, options.colour, options.highlight), count: annotator.errors.length, phases };
  }

  const flowBefore = flow.count;
  const runtime = await run(
    "rtyping",
    () => asUserError(program, () => lowerForNative(program, annotator)),
    ({ roots }) => {
      const helpers = flow.count - flowBefore;
      return `${reachableGraphs(roots).length} LL graphs` + (helpers > 0 ? ` (${helpers} more flow graphs, of runtime helpers)` : "");
    },
  );
  const graphs = runtime.roots;

  const passes = passesFor("native", optimize);
  const passOptions = { verify: options.verify };
  const optimisations = passes.filter((pass) => pass.phase === "optimisation");
  if (optimisations.length > 0) {
    await run("optimisation", () => runPasses(optimisations, graphs, runtime.context, passOptions).stats, (s) => `${s.inlined} calls inlined, ${s.folded} folded, ${s.removed} removed, ${s.mallocsRemoved} allocations removed`);
  } else {
    end({ phase: "optimisation", ms: undefined, detail: "", note: "skipped (--opt 0)" });
  }

  await run(
    "transforms",
    () => {
      const { ran } = runPasses(
        passes.filter((pass) => pass.phase === "transforms"),
        graphs,
        runtime.context,
        passOptions,
      );
      return { graphs: reachableGraphs(graphs).length, ran };
    },
    ({ graphs: n, ran }) => `${n} graphs: ${ran.map(({ pass, summary }) => pass.title + (summary ? ` (${summary})` : "")).join(", ")}`,
  );

  const code = await run("code generation", () => generateCode(runtime.runtime), (r) => `${r.stats.functions} functions, ${kib(r.stats.textBytes)} of code`);

  const size = await run(
    "linking",
    () => {
      const bytes = writeExecutable(code.image);
      writeAtomically(output, bytes);
      return bytes.length;
    },
    (n) => `${kib(n)}`,
  );

  return { ok: true, output, size, stats: code.stats, phases, totalMs: performance.now() - started };
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
  options: { verify?: boolean } = {},
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
  runPasses(passesFor("llinterp", optimize), [main, flush, stackOverflow], { rtyper, stackOverflow }, options);
  return { rtyper, main, flush };
}

export interface DumpOptions {
  /** The pass after which the graphs are printed (passes.ts LL_PASS_NAMES); the passes after it do not run. */
  after: string;
  /** Print only this function's graphs (a name as `rts lltype` takes it); default: every graph of the program. */
  function?: string;
  /** With function: also every graph it reaches. */
  callees?: boolean;
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
export async function graphsAfterPass(target: string, options: DumpOptions): Promise<Dumped | NotRts> {
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
    return { ok: false, errors: formatErrors(annotator, options.colour, options.highlight), count: annotator.errors.length, phases: [] };
  }
  const lowered = asUserError(program, () => lowerForNative(program, annotator));
  const chosen = options.function === undefined ? undefined : functionGraphs(program, annotator, lowered.rtyper, options.function);
  // Which graphs are printed: those of the function (and what they reach), else all.
  const shown = (graphs: readonly LLGraph[]): readonly LLGraph[] => {
    if (!chosen) return graphs;
    const wanted = new Set(options.callees ? reachableGraphs(chosen) : chosen);
    return graphs.filter((graph) => wanted.has(graph));
  };
  const texts: string[] = [];
  runPasses(passes, lowered.roots, lowered.context, {
    verify: options.verify,
    after: (pass, graphs) => {
      if (pass.name === options.after) for (const graph of shown(graphs)) texts.push(printLLGraph(graph));
    },
  });
  return { ok: true, text: texts.join("") };
}

/** The LL graphs of the functions, methods or constructors a name (`rts lltype`'s) stands for. */
function functionGraphs(program: LoadedProgram, annotator: Annotator, rtyper: RTyper, name: string): LLGraph[] {
  const sources = program.findByName(name);
  if (sources.length === 0) throw new UserError(program.entry.shown, undefined, undefined, `no function, method or constructor named '${name}'`);
  const graphs = [...rtyper.allGraphs()].filter(([desc]) => sources.some((s) => s.node === desc.source.node && s.name === desc.source.name)).map(([, graph]) => graph);
  if (graphs.length === 0) throw new UserError(program.entry.shown, undefined, undefined, `'${name}' is not reachable from main`);
  return graphs;
}

/** A program lowered for native code: the native runtime around main, the roots of its graphs, what the passes need. */
interface LoweredForNative {
  rtyper: RTyper;
  runtime: NativeRuntime;
  roots: LLGraph[];
  context: PassContext;
}

/** Lowers an annotated program (without errors) from main, with the native runtime's graphs. */
function lowerForNative(program: LoadedProgram, annotator: Annotator): LoweredForNative {
  prepareNativeRuntime(annotator); // before the RTyper numbers the classes
  const rtyper = new RTyper(annotator);
  const main = rtyper.specializeFrom(annotator.bk.functionDesc(program.main!));
  const runtime = buildNativeRuntime(rtyper, main);
  return { rtyper, runtime, roots: nativeRoots(runtime), context: { rtyper, stackOverflow: runtime.stackOverflow } };
}

/** The graphs a native program starts from: the entry (which calls main) and the runtime's error paths. */
function nativeRoots(runtime: NativeRuntime): LLGraph[] {
  return [runtime.entry, runtime.fatal, runtime.fatalIndex, runtime.fatalNotInteger, runtime.stackOverflow, runtime.gc.allocSlow, runtime.gc.writeBarrier, runtime.gc.writeBarrierArray, runtime.gc.identityHash];
}

/**
 * Counts the flow graphs the annotator builds and the time spent building them, by wrapping its
 * graphFor on this instance (every build goes through it; cached graphs are not counted).
 */
function countFlowGraphs(annotator: Annotator): { count: number; ms: number } {
  const counter = { count: 0, ms: 0 };
  const original = annotator.graphFor.bind(annotator);
  annotator.graphFor = (desc) => {
    if (desc.graph || desc.broken) return desc.graph;
    const t0 = performance.now();
    try {
      return original(desc);
    } finally {
      counter.ms += performance.now() - t0;
      counter.count++;
    }
  };
  return counter;
}

/** What the rtyper refuses is the user's program's problem (as `rts run --llinterp` reports it). */
function asUserError<T>(program: LoadedProgram, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RTypeError && error.pos) throw new UserError(error.pos.file, error.pos.line, error.pos.column, error.message);
    if (error instanceof RTypeError || error instanceof RTyperError) throw new UserError(program.entry.shown, undefined, undefined, error.message);
    throw error;
  }
}

const OUTPUT_RULE = "rts translate -o writes only a regular file or a new path";

/** -o names a regular file or nothing yet: never a device, a FIFO, a directory or a symbolic link (whose target would be replaced). */
function checkOutputKind(output: string): void {
  let stats;
  try {
    stats = lstatSync(output);
  } catch {
    return; // a new path
  }
  if (stats.isFile()) return;
  const kind = stats.isSymbolicLink()
    ? "a symbolic link"
    : stats.isDirectory()
      ? "a directory"
      : stats.isFIFO()
        ? "a FIFO"
        : stats.isCharacterDevice() || stats.isBlockDevice()
          ? "a device"
          : stats.isSocket()
            ? "a socket"
            : "not a regular file";
  throw new UserError(output, undefined, undefined, `cannot write the executable: it is ${kind}; ${OUTPUT_RULE}`);
}

/** -o never names one of the modules being translated (`-o target.ts` would replace the source with the binary). */
function checkOutputNotInput(output: string, program: LoadedProgram): void {
  const real = (file: string) => {
    try {
      return realpathSync(file);
    } catch {
      return path.resolve(file);
    }
  };
  const written = path.join(real(path.dirname(output)), path.basename(output));
  const input = program.modules.find((m) => real(m.file) === written);
  if (input) throw new UserError(output, undefined, undefined, `cannot write the executable: it is the input module ${input.shown}; ${OUTPUT_RULE}`);
}

/**
 * Written under a private name, made executable, then renamed: a running copy of the old binary
 * keeps its file (no ETXTBSY), and nobody ever sees half an executable.
 */
function writeAtomically(output: string, bytes: Uint8Array): void {
  const partial = path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.tmp`);
  try {
    writeFileSync(partial, bytes);
    chmodSync(partial, 0o755);
    renameSync(partial, output);
  } catch (error) {
    rmSync(partial, { force: true });
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserError(output, undefined, undefined, `cannot write the executable (${reason})`);
  }
}

function kib(bytes: number): string {
  return bytes < 10_000 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(0)} KiB`;
}
