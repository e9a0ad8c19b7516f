#!/usr/bin/env node
// `npm run bench`: runs the example interpreters on their benchmark programs in every available
// mode, side by side (one run of each configuration per round, so that machine noise hits them
// alike), and prints medians and ratios. Figures to quote are the ratios: machines are noisy.
//
//   npm run bench                         all benchmarks, 3 rounds
//   npm run bench -- --runs 5 bf/bench    5 rounds, benchmarks whose name contains "bf/bench"
//   npm run bench -- --list               the benchmarks and modes, without running them
//
// Modes: "node" runs the interpreter untranslated (`rts run`); later stages add "translated"
// and "jit". A run that fails, or whose output differs from the node mode's, is reported.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const shared = path.resolve(root, "../shared");
const rts = path.join(root, "bin/rts");

/** Each benchmark: an interpreter (target) and a program it runs. */
function benchmarks() {
  const list = [];
  for (const program of ["bench.b", "mandel.b", "hanoi.b"]) {
    list.push({ name: `bf/${program}`, target: "examples/bf/bf.ts", args: [path.join(shared, "bench/bf", program)] });
  }
  const loxDir = path.join(shared, "lox/test/benchmark");
  if (existsSync(path.join(root, "examples/lox/lox.ts")) && existsSync(loxDir)) {
    for (const file of readdirSync(loxDir).filter((f) => f.endsWith(".lox")).sort()) {
      // string_equality.lox defines more than 256 globals by name, over clox's constant limit:
      // the reference clox stops with compile errors too (craftinginterpreters issue 1093).
      const status = file === "string_equality.lox" ? 65 : 0;
      // The Lox benchmarks print their own elapsed time last (zoo_batch: how many batches fit
      // in 10 seconds): that part of the output is left out when outputs are compared.
      const comparable = file === "zoo_batch.lox" ? () => "" : (out) => out.split("\n").slice(0, -2).join("\n");
      list.push({ name: `lox/${file}`, target: "examples/lox/lox.ts", args: [path.join(loxDir, file)], status, comparable });
    }
  }
  return list;
}

/** How each mode runs a benchmark: the command and its arguments. */
const MODES = {
  node: (bench) => [process.execPath, [rts, "run", bench.target, ...bench.args]],
};

function parseArgs(argv) {
  const options = { runs: 3, filters: [], list: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs") options.runs = Number(argv[++i]);
    else if (arg === "--list") options.list = true;
    else if (arg === "--help" || arg === "-h") {
      console.log("usage: npm run bench -- [--runs N] [--list] [name-filter...]");
      process.exit(0);
    } else options.filters.push(arg);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error("--runs takes a positive integer");
  return options;
}

function runOnce(mode, bench) {
  const [command, args] = MODES[mode](bench);
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, maxBuffer: 1 << 28, encoding: "latin1" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stdout = result.stdout ?? "";
  const comparable = bench.comparable ? bench.comparable(stdout) : stdout;
  const digest = createHash("sha256").update(comparable, "latin1").digest("hex");
  const status = result.status ?? `signal ${result.signal}`;
  return { seconds, status, digest, empty: stdout.length === 0, stderr: String(result.stderr ?? "").slice(0, 400) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function main() {
  const options = parseArgs(process.argv.slice(2));
  const selected = benchmarks().filter((b) => options.filters.length === 0 || options.filters.some((f) => b.name.includes(f)));
  const modes = Object.keys(MODES);
  if (options.list) {
    for (const b of selected) console.log(`${b.name}  (${modes.join(", ")})`);
    return 0;
  }
  const times = new Map();
  const problems = [];
  for (let round = 0; round < options.runs; round++) {
    for (const bench of selected) {
      for (const mode of modes) {
        const key = `${bench.name}\0${mode}`;
        const r = runOnce(mode, bench);
        const entry = times.get(key) ?? { seconds: [], digest: r.digest };
        if (r.status !== (bench.status ?? 0)) problems.push(`${bench.name} [${mode}] exited with ${r.status}: ${r.stderr}`);
        else if (r.empty && r.status === 0) problems.push(`${bench.name} [${mode}] printed nothing in round ${round + 1}`);
        else if (entry.digest !== r.digest) problems.push(`${bench.name} [${mode}] printed different output in round ${round + 1}`);
        entry.seconds.push(r.seconds);
        times.set(key, entry);
        process.stderr.write(`\rround ${round + 1}/${options.runs}: ${bench.name} [${mode}] ${r.seconds.toFixed(2)}s      `);
      }
    }
  }
  process.stderr.write("\n");
  const rows = [["benchmark", ...modes.flatMap((m) => [`${m} median s`, `${m} min s`]), ...modes.slice(1).map((m) => `node/${m}`)]];
  for (const bench of selected) {
    const medians = modes.map((m) => median(times.get(`${bench.name}\0${m}`).seconds));
    const mins = modes.map((m) => Math.min(...times.get(`${bench.name}\0${m}`).seconds));
    const base = times.get(`${bench.name}\0node`);
    for (const m of modes.slice(1)) {
      if (times.get(`${bench.name}\0${m}`).digest !== base.digest) problems.push(`${bench.name} [${m}] output differs from node`);
    }
    rows.push([
      bench.name,
      ...modes.flatMap((_, i) => [medians[i].toFixed(3), mins[i].toFixed(3)]),
      ...modes.slice(1).map((_, i) => `${(medians[0] / medians[i + 1]).toFixed(2)}x`),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
  console.log(`(${options.runs} rounds; median and minimum wall time per configuration)`);
  for (const p of problems) console.error(`problem: ${p}`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = main();
