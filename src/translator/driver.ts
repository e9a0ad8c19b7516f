/**
 * The translation driver (RPython's translator/driver.py): runs the stages of translation in
 * order, times each one, and writes the executable. `rts translate` is a thin command over it;
 * tests and the benchmark harness may call it directly.
 *
 *   loading       import time: the target's modules and the runtime helpers, stripped and run
 *   annotation    whole-program type inference from main
 *   flow graphs   built on demand during annotation (see below): their count and time
 *   jit runtime   (--jit) the JIT's runtime annotated with the program's jitcodes (jit-link.ts)
 *   rtyping       LL graphs from main and the native runtime's entry points
 *   codewriter    (--jit) the portals' jitcodes, part of rtyping's time
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
import { formatGcTransformStats, gcTransform } from "../gctransform/transform.js";
import { formatErrors } from "../annotator/print-annotations.js";
import { writeExecutable } from "../backend/elf.js";
import type { CodegenResult, CodegenStats, Target } from "../backend/target.js";
import { hostTargetName, type TargetName } from "./target-names.js";
import { targetFor } from "./targets.js";
import { UserError } from "../frontend/diagnostic.js";
import { loadProgram, type LoadedProgram } from "../frontend/modules.js";
import { reachableGraphs } from "../llir/llgraph.js";
import { asUserError, lowerForNative, type LoweredForNative, type NotRtsErrors } from "./lower.js";
import { passesFor, runPasses } from "./passes.js";
import { JIT_NATIVE_MODULE, annotateJitRuntime, lowerForNativeWithJit, type JitLinkStats } from "./jit-link.js";

/** The phases, in the order they run and are printed. */
export const PHASES = ["loading", "annotation", "flow graphs", "jit runtime", "rtyping", "codewriter", "optimisation", "transforms", "code generation", "linking"] as const;
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
  /** Links the JIT's runtime (`--jit`, jit-link.ts): its phases "jit runtime" and "codewriter" run only then. */
  jit?: boolean;
  /** Tests only (`--jit-blackhole-main`): with jit, the binary runs the portal's jitcode in the blackhole interpreter instead of main. */
  jitBlackholeMain?: boolean;
  /** The machine the executable is for (`--target`); default: the host's (hostTargetName). */
  machine?: TargetName;
}

export interface Translated {
  ok: true;
  output: string;
  /** Size of the executable in bytes. */
  size: number;
  stats: CodegenStats;
  phases: PhaseReport[];
  totalMs: number;
  /** The target and its code (with each function's listing), for `--dump-asm`. */
  target: Target;
  code: CodegenResult;
}

export interface NotRts extends NotRtsErrors {
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
  const machineName = options.machine ?? hostTargetName();
  // Checked first too: a JIT needs a trace backend for the machine, and only x86-64 has one yet.
  if (options.jit === true && machineName !== "x86-64") {
    throw new UserError(target, undefined, undefined, `--jit is for --target x86-64 only: the JIT has no ${machineName} trace backend yet (src/runtime/jit/backend-x86 is x86-64's)`);
  }
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

  const jit = options.jit === true;
  const program = await run("loading", () => loadProgram(target, true, true, jit ? [JIT_NATIVE_MODULE] : []), (p) => `${p.modules.length} modules`);
  checkOutputNotInput(output, program);

  const annotator = new Annotator(program);
  const flow = countFlowGraphs(annotator);
  await run("annotation", () => annotator.annotateMain(), () => `${annotator.annotatedFunctions().length} functions`);
  const flowNote = "built on demand by the annotator: part of annotation's time";
  end({ phase: "flow graphs", ms: flow.ms, detail: `${flow.count} graphs`, note: flowNote });
  if (annotator.errors.length > 0) {
    return { ok: false, errors: formatErrors(annotator, options.colour, options.highlight), count: annotator.errors.length, phases };
  }

  const jitOptions = { blackholeMain: options.jitBlackholeMain === true };
  const jitAnnotation = jit
    ? await run(
        "jit runtime",
        () => asUserError(program, () => annotateJitRuntime(program, annotator, jitOptions)),
        () => `annotated with the portals' jitcodes: ${annotator.annotatedFunctions().length} functions in all`,
      )
    : undefined;
  const flowBefore = flow.count;
  const runtime = await run(
    "rtyping",
    (): LoweredForNative & Partial<{ jit: JitLinkStats; codewriterMs: number }> =>
      asUserError(program, () => (jitAnnotation ? lowerForNativeWithJit(program, annotator, jitAnnotation, jitOptions) : lowerForNative(program, annotator))),
    ({ roots }) => {
      const helpers = flow.count - flowBefore;
      return `${reachableGraphs(roots).length} LL graphs` + (helpers > 0 ? ` (${helpers} more flow graphs, of runtime helpers)` : "");
    },
  );
  if (runtime.jit) {
    const stats = runtime.jit;
    end({
      phase: "codewriter",
      ms: runtime.codewriterMs,
      detail: `${stats.jitcodes} jitcodes from ${stats.portals.join(", ")}: ${stats.codeWords} code words, ${stats.descrs} descriptors, ${stats.residualTargets} residual targets, ${stats.symbolicWords} symbolic words`,
      note: "part of rtyping's time",
    });
  }
  const graphs = runtime.roots;

  const passes = passesFor("native", optimize);
  const passOptions = { verify: options.verify };
  const optimisations = passes.filter((pass) => pass.phase === "optimisation");
  if (optimisations.length > 0) {
    await run(
      "optimisation",
      () => runPasses(optimisations, graphs, runtime.context, passOptions),
      ({ stats: s, ran }) =>
        [`${s.inlined} calls inlined, ${s.folded} folded, ${s.removed} removed, ${s.mallocsRemoved} allocations removed, ${s.loadsRemoved} reads removed, ${s.overflowChecksRemoved} overflow checks removed`, ...ran.flatMap(({ summary }) => (summary ? [summary] : []))].join(", "),
    );
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

  const machine = targetFor(machineName);
  const code = await run("code generation", () => machine.generateCode(runtime.runtime), (r) => `${r.stats.functions} functions, ${kib(r.stats.textBytes)} of code`);

  const size = await run(
    "linking",
    () => {
      const bytes = writeExecutable(code.image, machine.machine);
      writeAtomically(output, bytes);
      return bytes.length;
    },
    (n) => `${kib(n)}`,
  );

  return { ok: true, output, size, stats: code.stats, phases, totalMs: performance.now() - started, target: machine, code };
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
