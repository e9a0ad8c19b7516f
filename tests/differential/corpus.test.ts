// The annotator's positive corpus (tests/annotator/golden/ok) run in every mode and compared with
// `rts run`, its reference: each program with no arguments and with two ("7", "word") must print
// the same stdout and stderr and exit with the same status
//   - in the LL interpreter, lowered with --opt 2 (for the programs an optimisation could change,
//     prebuilt objects mutated at run time and negative zero, also with --opt 0);
//   - translated with --opt 2 (those programs also with --opt 0), the binary run plainly and with
//     RTS_GC_STRESS=1;
//   - translated with --opt 2 --jit (the JIT's runtime linked; the programs with a JitDriver have
//     their portals), the binary run plainly, with the JIT forced on (RTS_JIT=threshold=1,
//     trace_eagerness=1), that with RTS_GC_STRESS=1, and with RTS_JIT=off;
//   - with `rts run --checked` (with the two arguments).
// `rts run` and `rts run --checked` run as users run them, in child processes, one per program.
//
// Lowering and translating run in this process (src/fuzz/modes.ts, compiled), as the fuzzer does,
// on the programs batched (tests/helpers/batch-driver.ts): a driver calls the main its first
// argument names, so one lowering and one translation per --opt cover the whole corpus, while
// each run is still a run of one program alone (a fresh LL interpreter, a process of its own).
// The CLI around lowering and translation has its own tests (tests/cli).

import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type * as Modes from "../../src/fuzz/modes.ts";
import { UNKNOWN_MEMBER, withoutDriverFrames, writeBatchDriver } from "../helpers/batch-driver.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, runBinary, scratchPath } from "./native-harness.ts";

// The compiled runner, loaded by Node itself so that its module hooks load the programs as bin/rts does.
const modes = (await import(path.join(repoRoot, "dist/fuzz/modes.js"))) as typeof Modes;

const corpus = "tests/annotator/golden/ok";
const programs = readdirSync(path.join(repoRoot, corpus)).filter((f) => f.endsWith(".ts")).sort();
/** The programs that make a JitDriver (have a portal the JIT's modes change). */
const WITH_JIT_DRIVER = new Set(programs.filter((p) => readFileSync(path.join(repoRoot, corpus, p), "utf8").includes("new JitDriver(")));
const ARGUMENT_SETS: string[][] = [[], ["7", "word"]];
/** The argument list `rts run --checked` gets. */
const CHECKED_ARGUMENTS = ARGUMENT_SETS[1]!;
/** Programs an optimisation could change (issue 20): also lowered and translated with --opt 0. */
const UNOPTIMISED_TOO = /^(prebuilt-mutation-.*|negative-zero|instanceof-nullable|try-after-raising-call)\.ts$/;
const GC_STRESS = { RTS_GC_STRESS: "1" };
const JIT_FORCED = { RTS_JIT: "threshold=1,trace_eagerness=1" };
/** How a batch's binary is run: the mode's name after the translation's, and the environment it adds. */
const PLAIN_RUNS: Record<string, Record<string, string>> = { "": {}, " RTS_GC_STRESS=1": GC_STRESS };
const JIT_RUNS: Record<string, Record<string, string>> = {
  "": {},
  " RTS_JIT=threshold=1,trace_eagerness=1": JIT_FORCED,
  " RTS_JIT=threshold=1,trace_eagerness=1 RTS_GC_STRESS=1": { ...JIT_FORCED, ...GC_STRESS },
  " RTS_JIT=off": { RTS_JIT: "off" },
};
const JIT_DEFAULT_RUN: Record<string, Record<string, string>> = { "": {} };


/** What differs from run to run (the clock), masked before comparing. */
const NONDETERMINISTIC: Record<string, (text: string) => string> = {
  "timing.ts": (text) => text.replace(/ in \d+\.\d ms at \d+/, " in T ms at S"),
};

afterAll(removeScratch);

type Shown = { stdout: string; stderr: string; status: number | string | null };
type Opt = "0" | "2" | "2 --jit";

/** One batch: the programs it has, lowered for the LL interpreter and translated, once each, when first asked. */
class Batch {
  private llRuns: Promise<Map<string, Shown[]>> | undefined;
  private binary: Promise<{ file: string } | { failed: Shown }> | undefined;
  readonly driver: string;
  readonly opt: Opt;
  readonly members: string[];

  constructor(opt: Opt, members: string[]) {
    this.opt = opt;
    this.members = members;
    this.driver = scratchPath(`corpus-O${opt.replace(" --", "-")}.ts`);
    writeBatchDriver(this.driver, members.map((name) => ({ name, file: `${corpus}/${name}` })));
  }

  /** Each member's LL interpreter runs, one per argument set (each in a fresh interpreter). */
  ll(program: string): Promise<Shown[]> {
    this.llRuns ??= (async () => {
      const sets = this.members.flatMap((m) => ARGUMENT_SETS.map((args) => [m, ...args]));
      const runs = await modes.runLLInterpWith(this.driver, this.opt !== "0", sets);
      return new Map(this.members.map((m, i) => [m, runs.slice(i * ARGUMENT_SETS.length, (i + 1) * ARGUMENT_SETS.length)]));
    })();
    return this.llRuns.then((runs) => runs.get(program)!.map((run) => this.shown(run)));
  }

  /**
   * The runs of the program's binary: PLAIN_RUNS; with --jit, JIT_RUNS for a program with a
   * JitDriver, and only the default run for the others (without a portal, the JIT's modes run
   * the same code: the modes are not worth their time there).
   */
  runs(program: string): Record<string, Record<string, string>> {
    if (this.opt !== "2 --jit") return PLAIN_RUNS;
    return WITH_JIT_DRIVER.has(program) ? JIT_RUNS : JIT_DEFAULT_RUN;
  }

  /** The member run as a binary in each of runs(program)'s ways, by mode name, per argument set; or the translation's failure. */
  async native(program: string, args: string[]): Promise<{ runs: Map<string, Shown> } | { failed: Shown }> {
    this.binary ??= (async () => {
      const file = this.driver.replace(/\.ts$/, "-c");
      const failed = await modes.translateInProcess(this.driver, file, this.opt !== "0", this.opt === "2 --jit");
      return failed ? { failed } : { file };
    })();
    const binary = await this.binary;
    if ("failed" in binary) return binary;
    const ways = Object.entries(this.runs(program));
    const done = await Promise.all(ways.map(([, env]) => limit(() => runBinary(binary.file, [program, ...args], { cwd: repoRoot, timeoutMs: 60_000, env: { ...process.env, ...env } }))));
    return { runs: new Map(ways.map(([name], i) => [`native --opt ${this.opt}${name}`, this.shown(outcome(done[i]!))])) };
  }

  private shown(run: Shown): Shown {
    return { ...run, stderr: withoutDriverFrames(this.driver, run.stderr) };
  }
}

const batches: Record<Opt, Batch> = {
  "2": new Batch("2", programs),
  "0": new Batch("0", programs.filter((p) => UNOPTIMISED_TOO.test(p))),
  "2 --jit": new Batch("2 --jit", programs),
};

describe.concurrent("the golden corpus agrees with rts run in every mode", () => {
  it("has the corpus, with the programs run unoptimised too", () => {
    expect(programs.length).toBeGreaterThanOrEqual(100);
    expect(batches["0"].members.length).toBeGreaterThanOrEqual(6);
  });

  it("batches: a driver asked for a program it does not have says so", async () => {
    const native = await batches["0"].native("no-such-program.ts", []);
    const unknown = { stdout: "", stderr: "", status: UNKNOWN_MEMBER };
    expect(native).toEqual({ runs: new Map([["native --opt 0", unknown], ["native --opt 0 RTS_GC_STRESS=1", unknown]]) });
  });

  it("the --jit batch's binary has the JIT on: forced, it compiles the loops of a program with a JitDriver", async () => {
    const batch = batches["2 --jit"];
    await batch.native("jit-loop-bridge.ts", []);
    const file = batch.driver.replace(/\.ts$/, "-c");
    const run = await limit(() => runBinary(file, ["jit-loop-bridge.ts"], { cwd: repoRoot, timeoutMs: 60_000, env: { ...process.env, ...JIT_FORCED, RTSLOG: "jit-summary:-" } }));
    const loops = /Total # of loops:\s*(\d+)/.exec(outcome(run).stderr + outcome(run).stdout);
    expect(Number(loops?.[1] ?? 0)).toBeGreaterThan(0);
  });

  for (const program of programs) {
    it(program, { timeout: 600_000 }, async () => {
      const file = `${corpus}/${program}`;
      const mask = NONDETERMINISTIC[program] ?? ((text: string) => text);
      const shown = (run: Shown) => ({ ...run, stdout: mask(run.stdout) });
      // The references and the checked run, in child processes, while this process lowers and translates.
      const references = Promise.all(ARGUMENT_SETS.map((args) => limit(() => runRts(["run", file, ...args]))));
      const checked = limit(() => runRts(["run", "--checked", file, ...CHECKED_ARGUMENTS]));
      const opts: Opt[] = UNOPTIMISED_TOO.test(program) ? ["2", "0", "2 --jit"] : ["2", "2 --jit"];

      const results: { mode: string; args: string[]; run: Shown }[] = [];
      for (const opt of opts) {
        const batch = batches[opt];
        if (opt !== "2 --jit") {
          // the LL interpreter's run does not change with --jit
          const ll = await batch.ll(program);
          ARGUMENT_SETS.forEach((args, i) => results.push({ mode: `llinterp --opt ${opt}`, args, run: ll[i]! }));
        }
        for (const args of ARGUMENT_SETS) {
          const native = await batch.native(program, args);
          if ("failed" in native) {
            for (const way of Object.keys(batch.runs(program))) results.push({ mode: `native --opt ${opt}${way}`, args, run: native.failed });
            continue;
          }
          for (const [mode, run] of native.runs) results.push({ mode, args, run });
        }
      }
      const expected = (await references).map(outcome);
      results.push({ mode: "run --checked", args: CHECKED_ARGUMENTS, run: outcome(await checked) });

      const perArguments = opts.reduce((n, opt) => n + (opt === "2 --jit" ? 0 : 1) + Object.keys(batches[opt].runs(program)).length, 0);
      expect(results.length).toBe(perArguments * ARGUMENT_SETS.length + 1);
      for (const { mode, args, run } of results) {
        const reference = expected[ARGUMENT_SETS.indexOf(args)]!;
        expect({ mode, args, ...shown(run) }).toEqual({ mode, args, ...shown(reference) });
      }
    });
  }
});
