/**
 * `npm run fuzz -- --count N --seed S [--jobs J] [--modes node,ll0,...] [--json]`: generates
 * programs for seeds S .. S+N-1, runs each in every mode (modes.ts) on J workers (worker.ts),
 * reduces each new kind of difference to a reproducer in tests/fuzz/found/, and prints a
 * progress bar (plain lines when stdout is not a terminal) and a summary: programs, differences,
 * generator refusals, time, and how often each language feature occurred.
 */

import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { FuzzOptions, FuzzResult } from "./fuzz-one.js";
import { FEATURES, type Feature } from "./model.js";
import { DEFAULT_MODES, MODES, type Mode } from "./modes.js";
import type { WorkerRequest } from "./worker.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const WORKER = fileURLToPath(new URL("./worker.js", import.meta.url));
/** Units a worker runs before it is replaced (every program's modules stay loaded in it). */
const UNITS_PER_WORKER = 40;

const USAGE = `usage: npm run fuzz -- [--count N] [--seed S] [--jobs J] [--batch B] [--modes m1,m2,...]
                     [--timeout MS] [--reduce-tries N] [--no-prebuilt-fields] [--found-dir DIR] [--json]
  --batch B   run B programs as one (a driver calls each main): one translation covers them all
modes: ${MODES.join(", ")} (default: ${DEFAULT_MODES.join(",")}; the a64 ones run under qemu-aarch64)`;

interface Summary {
  programs: number;
  seeds: { first: number; count: number };
  modes: Mode[];
  /** Each unit that differs: its seeds, the member that differs alone, the kinds, the reproducer. */
  differences: { seeds: number[]; culprit?: number; kinds: string[]; reproducer?: string; stderr: string }[];
  refusals: { seeds: number[]; errors: string }[];
  crashes: { seeds: number[]; error: string }[];
  /** Units whose reference run (`rts run`) timed out: not compared. */
  inconclusive: number[][];
  features: Record<Feature, number>;
  seconds: number;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        count: { type: "string", default: "100" },
        seed: { type: "string", default: "1" },
        jobs: { type: "string", default: String(Math.min(2, os.availableParallelism())) },
        batch: { type: "string", default: "1" },
        modes: { type: "string", default: DEFAULT_MODES.join(",") },
        timeout: { type: "string", default: "120000" },
        "reduce-tries": { type: "string", default: "300" },
        "no-prebuilt-fields": { type: "boolean", default: false },
        "found-dir": { type: "string", default: path.join(REPO_ROOT, "tests/fuzz/found") },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`fuzz: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const count = Number(args.count);
  const first = Number(args.seed);
  const jobs = Number(args.jobs);
  const batch = Number(args.batch);
  const modes = args.modes.split(",") as Mode[];
  const bad = modes.find((m) => !MODES.includes(m));
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(first) || !Number.isInteger(jobs) || jobs < 1 || !Number.isInteger(batch) || batch < 1 || bad !== undefined || !modes.includes("node")) {
    process.stderr.write(`fuzz: bad arguments${bad ? ` (no mode ${bad})` : modes.includes("node") ? "" : " (the node mode is the reference)"}\n${USAGE}\n`);
    return 2;
  }
  const options: FuzzOptions = {
    modes,
    generate: { prebuiltFieldStores: !args["no-prebuilt-fields"] },
    timeoutMs: Number(args.timeout),
    maxReduceTries: Number(args["reduce-tries"]),
    foundDir: path.resolve(args["found-dir"]),
    repoRoot: REPO_ROOT,
  };
  const summary = await fuzz(first, count, jobs, batch, options, args.json);
  if (args.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  else process.stdout.write(formatSummary(summary));
  return summary.differences.length > 0 || summary.refusals.length > 0 || summary.crashes.length > 0 ? 1 : 0;
}

async function fuzz(first: number, count: number, jobs: number, batch: number, options: FuzzOptions, quiet: boolean): Promise<Summary> {
  const started = performance.now();
  const features = Object.fromEntries(FEATURES.map((f) => [f, 0])) as Record<Feature, number>;
  const summary: Summary = { programs: 0, seeds: { first, count }, modes: options.modes, differences: [], refusals: [], crashes: [], inconclusive: [], features, seconds: 0 };
  // The stripped-module cache of this run only: thousands of generated modules stay out of the user's.
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), "rts-fuzz-cache-"));
  const env = { ...process.env, RTS_CACHE_DIR: cacheDir, FORCE_COLOR: "0" };
  // Each kind of difference is reduced once per run (the first program that shows it).
  const reducedKinds = new Set<string>();
  const progress = new Progress(count, quiet);
  let next = first;
  const end = first + count;
  const workers = new Set<ChildProcess>();
  // Interrupted: the summary of the programs finished so far, then the workers are stopped.
  process.once("SIGINT", () => {
    progress.done();
    summary.seconds = (performance.now() - started) / 1000;
    process.stdout.write(quiet ? JSON.stringify(summary, null, 2) + "\n" : "interrupted\n" + formatSummary(summary));
    for (const w of workers) w.kill("SIGTERM");
    rmSync(cacheDir, { recursive: true, force: true });
    process.exit(130);
  });

  async function lane(): Promise<void> {
    let worker: ChildProcess | undefined;
    let served = 0;
    while (next < end) {
      const seeds: number[] = [];
      while (seeds.length < batch && next < end) seeds.push(next++);
      if (!worker || served >= UNITS_PER_WORKER) {
        if (worker) stop(worker, workers);
        worker = fork(WORKER, [], { env, stdio: ["ignore", "ignore", "inherit", "ipc"] });
        workers.add(worker);
        served = 0;
      }
      served++;
      const result = await ask(worker, { seeds, options, skipKinds: [...reducedKinds] }, options.timeoutMs * 20);
      if (result === undefined) {
        summary.crashes.push({ seeds, error: "the worker died or timed out" });
        worker.kill("SIGKILL");
        workers.delete(worker);
        worker = undefined;
      } else if ("crashed" in result) {
        summary.crashes.push({ seeds, error: result.crashed });
      } else {
        record(result);
      }
      summary.programs += seeds.length;
      progress.update(summary, seeds);
    }
    if (worker) stop(worker, workers);
  }

  function record(result: FuzzResult): void {
    for (const [f, n] of Object.entries(result.features)) features[f as Feature] += n;
    if (result.refused) summary.refusals.push({ seeds: result.seeds, errors: result.refused });
    if (result.inconclusive) summary.inconclusive.push(result.seeds);
    if (result.differences.length > 0) {
      const kinds = result.differences.map((d) => d.kind);
      if (result.reproducer) reducedKinds.add(kinds[0]!);
      summary.differences.push({ seeds: result.seeds, culprit: result.culprit, kinds, reproducer: result.reproducer?.file, stderr: result.differences[0]!.outcome.stderr.slice(0, 300) });
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(jobs, Math.max(count, 1)) }, lane));
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  progress.done();
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** Sends one seed to a worker; undefined if the worker dies or takes longer than timeoutMs. */
function ask(worker: ChildProcess, request: WorkerRequest, timeoutMs: number): Promise<FuzzResult | { crashed: string } | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const onMessage = (message: FuzzResult | { crashed: string }) => finish(message);
    const onExit = () => finish(undefined);
    function finish(value: FuzzResult | { crashed: string } | undefined) {
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("exit", onExit);
      resolve(value);
    }
    worker.on("message", onMessage);
    worker.on("exit", onExit);
    worker.send(request);
  });
}

function stop(worker: ChildProcess, workers: Set<ChildProcess>): void {
  workers.delete(worker);
  if (worker.connected) worker.send({ exit: true } satisfies WorkerRequest);
}

/** A progress bar on a terminal; otherwise a line per tenth of the run. */
class Progress {
  private readonly tty = process.stdout.isTTY === true;
  private readonly started = performance.now();
  private lastLine = -1;
  private readonly total: number;
  private readonly quiet: boolean;

  constructor(total: number, quiet: boolean) {
    this.total = total;
    this.quiet = quiet;
  }

  update(summary: Summary, seeds: number[]): void {
    if (this.quiet) return;
    const done = summary.programs;
    const seconds = ((performance.now() - this.started) / 1000).toFixed(0);
    const status = `${done}/${this.total}  differences ${summary.differences.length}  refused ${summary.refusals.length}  crashed ${summary.crashes.length}  ${seconds} s`;
    if (this.tty) {
      const width = 30;
      const filled = this.total === 0 ? width : Math.round((done / this.total) * width);
      process.stdout.write(`\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${status}  (seed ${seeds.at(-1)})\x1b[K`);
      return;
    }
    const tenth = Math.floor((done * 10) / Math.max(this.total, 1));
    const last = summary.differences.at(-1);
    const fresh = last !== undefined && last.seeds === seeds;
    if (tenth !== this.lastLine || fresh) {
      this.lastLine = tenth;
      process.stdout.write(`fuzz: ${status}${fresh ? `  (${describeSeeds(last)}: ${last.kinds.join(", ")})` : ""}\n`);
    }
  }

  done(): void {
    if (!this.quiet && this.tty) process.stdout.write("\n");
  }
}

function describeSeeds(d: { seeds: number[]; culprit?: number }): string {
  if (d.culprit !== undefined) return `seed ${d.culprit}`;
  return d.seeds.length === 1 ? `seed ${d.seeds[0]}` : `seeds ${d.seeds[0]}..${d.seeds.at(-1)}`;
}

function formatSummary(s: Summary): string {
  const lines = [
    `fuzz: ${s.programs} programs (seeds ${s.seeds.first}..${s.seeds.first + s.seeds.count - 1}) in ${s.seconds.toFixed(1)} s, modes ${s.modes.join(", ")}`,
    `  differences: ${s.differences.length}   generator refusals: ${s.refusals.length}   crashes: ${s.crashes.length}   not compared (rts run timed out): ${s.inconclusive.flat().length} programs`,
  ];
  for (const d of s.differences) lines.push(`  ${describeSeeds(d)}: ${d.kinds.join(", ")}${d.reproducer ? ` -> ${path.relative(process.cwd(), d.reproducer)}` : ""}`);
  for (const r of s.refusals) lines.push(`  ${describeSeeds(r)} refused by the annotator (a generator bug):\n    ${r.errors.split("\n").slice(0, 3).join("\n    ")}`);
  for (const c of s.crashes) lines.push(`  ${describeSeeds(c)}: ${c.error.split("\n")[0]}`);
  lines.push("  coverage (nodes per feature over all programs):");
  const entries = FEATURES.map((f) => `${f} ${s.features[f]}`);
  for (let i = 0; i < entries.length; i += 5) lines.push("    " + entries.slice(i, i + 5).join("  "));
  const missing = FEATURES.filter((f) => s.features[f] === 0);
  if (missing.length > 0) lines.push(`  features never generated: ${missing.join(", ")}`);
  return lines.join("\n") + "\n";
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`fuzz: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(70);
  },
);
