/**
 * One unit of work, start to end: generate the programs of its seeds, check that the annotator
 * accepts them (a refusal is the generator's bug, reported apart), run them in every mode asked
 * for, and on a difference reduce it and write the reproducer.
 *
 * A unit of several seeds is run as one program: a driver module imports each generated
 * program's main and calls them in turn, so one lowering and one translation (whose fixed cost,
 * the runtime helpers, dominates for small programs) cover them all. On a difference, each
 * member is run alone to find the one that shows it, and that one is reduced.
 *
 * Runs in a fuzz worker (worker.ts), whose current directory is its own scratch directory:
 * programs are written there under relative names.
 */

import { rmSync, writeFileSync } from "node:fs";
import { Annotator } from "../annotator/annotator.js";
import { formatErrors } from "../annotator/print-annotations.js";
import { loadProgram } from "../frontend/modules.js";
import { generateProgram, type GenerateOptions } from "./generate.js";
import { countFeatures, printProgram, type Feature, type Program } from "./model.js";
import { differenceKind, differences, runModes, toolchainMessage, type Mode, type Outcome } from "./modes.js";
import { reduceProgram } from "./reduce.js";
import { writeReproducer } from "./reproducer.js";

export interface FuzzOptions {
  modes: Mode[];
  generate: GenerateOptions;
  timeoutMs: number;
  /** Candidates the reducer may try per difference; 0: no reduction. */
  maxReduceTries: number;
  /** Where reproducers are written (an absolute path). */
  foundDir: string;
  /** The repository root, from which reproducers' expected outputs are taken with `rts run`. */
  repoRoot: string;
}

export interface FuzzDifference {
  kind: string;
  reference: Outcome;
  outcome: Outcome;
}

export interface FuzzResult {
  seeds: number[];
  lines: number;
  features: Partial<Record<Feature, number>>;
  /** The annotator's errors, when it refused a generated program. */
  refused?: string;
  /** Each difference of the unit: its kind (modes.ts) and the outcomes that differ. */
  differences: FuzzDifference[];
  /** `rts run` timed out (on a loaded machine): nothing to compare with. */
  inconclusive?: boolean;
  /** The member that shows the first difference alone, when the unit was searched. */
  culprit?: number;
  reproducer?: { file: string; lines: number; tries: number };
  ms: number;
}

/** Whether the annotator accepts the program in file; its errors otherwise. */
export async function annotateFile(file: string): Promise<string | undefined> {
  try {
    const program = await loadProgram(file, true, true);
    const annotator = new Annotator(program);
    annotator.annotateMain();
    return annotator.errors.length > 0 ? formatErrors(annotator) : undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The driver of a unit: calls each member's main in turn. */
function driverSource(seeds: number[]): string {
  const imports = seeds.map((s) => `import { main as main${s} } from "./p${s}.ts";`);
  const calls = seeds.map((s) => `  console.log("== seed ${s}");\n  main${s}(argv);`);
  return `${imports.join("\n")}\n\nexport function main(argv: string[]): number {\n${calls.join("\n")}\n  return 0;\n}\n`;
}

function diffsOf(outcomes: Map<Mode, Outcome>): FuzzDifference[] {
  const reference = outcomes.get("node")!;
  return differences(outcomes).map((diff) => {
    const outcome = outcomes.get(diff.mode)!;
    return { kind: differenceKind(diff, outcome), reference, outcome };
  });
}

export async function fuzzUnit(seeds: number[], options: FuzzOptions, shouldReduce: (kind: string) => boolean): Promise<FuzzResult> {
  const started = performance.now();
  const programs = new Map<number, Program>();
  const features = new Map<Feature, number>();
  const files: string[] = [];
  let lines = 0;
  for (const seed of seeds) {
    const program = generateProgram(seed, options.generate);
    programs.set(seed, program);
    countFeatures(program, features);
    const source = printProgram(program);
    lines += source.split("\n").length;
    writeFileSync(`p${seed}.ts`, source);
    files.push(`p${seed}.ts`);
  }
  const entry = seeds.length === 1 ? `p${seeds[0]}.ts` : `b${seeds[0]}.ts`;
  if (seeds.length > 1) {
    writeFileSync(entry, driverSource(seeds));
    files.push(entry);
  }
  const result: FuzzResult = { seeds, lines, features: Object.fromEntries(features), differences: [], ms: 0 };
  try {
    const refused = await annotateFile(entry);
    if (refused) {
      result.refused = refused;
      return result;
    }
    const outcomes = await runModes(entry, options.modes, { timeoutMs: options.timeoutMs });
    if (outcomes.get("node")!.status === "timeout") {
      result.inconclusive = true;
      return result;
    }
    result.differences = diffsOf(outcomes);
    const first = result.differences[0];
    if (!first) return result;
    const mode = first.kind.split(":")[0] as Mode;
    let culprit = seeds[0]!;
    let target = first;
    if (seeds.length > 1) {
      const alone = await findCulprit(seeds, mode, first, options);
      if (!alone) return result;
      [culprit, target] = alone;
    }
    result.culprit = culprit;
    if (options.maxReduceTries > 0 && shouldReduce(target.kind)) {
      const reduced = await reduceProgram(programs.get(culprit)!, (candidate) => stillDiffers(candidate, culprit, mode, target, options), options.maxReduceTries);
      const original = printProgram(programs.get(culprit)!).split("\n").length;
      const file = await writeReproducer(options.foundDir, options.repoRoot, culprit, target.kind, reduced.source, original, options.timeoutMs);
      result.reproducer = { file, lines: reduced.source.split("\n").length, tries: reduced.tries };
    }
    return result;
  } finally {
    for (const file of files) rmSync(file, { force: true });
    result.ms = performance.now() - started;
  }
}

/** The first member that differs alone in mode, with its own difference. */
async function findCulprit(seeds: number[], mode: Mode, first: FuzzDifference, options: FuzzOptions): Promise<[number, FuzzDifference] | undefined> {
  for (const seed of seeds) {
    const file = `p${seed}.ts`;
    if (first.outcome.status === "toolchain error") {
      // The reference is not needed to see the toolchain fail with the same message.
      const alone = (await runModes(file, [mode], { timeoutMs: options.timeoutMs })).get(mode)!;
      if (alone.status === "toolchain error" && toolchainMessage(alone) === toolchainMessage(first.outcome)) return [seed, { ...first, outcome: alone }];
      continue;
    }
    const diff = diffsOf(await runModes(file, ["node", mode], { timeoutMs: options.timeoutMs }))[0];
    if (diff) return [seed, diff];
  }
  return undefined;
}

/** The reducer's test: the candidate annotates and shows a difference of the same kind. */
async function stillDiffers(candidate: string, seed: number, mode: Mode, target: FuzzDifference, options: FuzzOptions): Promise<boolean> {
  const name = `p${seed}r${Math.floor(performance.now() * 1000)}.ts`;
  writeFileSync(name, candidate);
  try {
    if (await annotateFile(name)) return false;
    // A toolchain failure needs no reference: checking the mode alone saves `rts run`.
    if (target.outcome.status === "toolchain error") {
      const alone = (await runModes(name, [mode], { timeoutMs: options.timeoutMs })).get(mode)!;
      return alone.status === "toolchain error" && toolchainMessage(alone) === toolchainMessage(target.outcome);
    }
    const again = await runModes(name, ["node", mode], { timeoutMs: options.timeoutMs });
    if (again.get("node")!.status !== 0) return false;
    return diffsOf(again).some((d) => d.kind === target.kind);
  } finally {
    rmSync(name, { force: true });
  }
}
