#!/usr/bin/env node
// `npm run bench`: runs the example interpreters on their benchmark programs in every available
// mode, side by side (one run of each configuration per round, so that machine noise hits them
// alike), and prints per program and mode the median wall time, the peak memory and the ratios
// between modes. Figures to quote are the ratios: machines are noisy.
//
//   npm run bench                         all benchmarks, 3 rounds
//   npm run bench -- --runs 5 bf/bench    5 rounds, benchmarks whose name contains "bf/bench"
//   npm run bench -- --quick              the short programs, one round: every mode, for CI
//   npm run bench -- --list               the benchmarks and modes, without running them
//   npm run bench -- --modes c,jit bf     only these modes; without node, outputs are compared with the first mode's
//
// A run that fails, or whose output differs from the node mode's, is reported and makes the
// command exit 1. bench/README.md describes the modes and the environment variables.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The external programs, where the tests look for them (tests/helpers/external-suites.ts).
const bfDir = path.resolve(root, process.env.RTS_BF_PROGRAMS || "../shared/bench/bf");
const loxSuite = path.resolve(root, process.env.RTS_LOX_SUITE || "../shared/lox/test");
const rts = path.join(root, "bin/rts");
const cache = path.join(os.tmpdir(), `rts-bench-${os.userInfo().uid}`);

/** The interpreters benchmarked, by language: the RTS target and the variables naming other builds of it. */
const LANGUAGES = {
  bf: { target: "examples/bf/bf.ts", reference: "BF_REFERENCE", translated: "BF_TRANSLATED", jit: "BF_JIT" },
  lox: { target: "examples/lox/lox.ts", reference: "LOX_REFERENCE", translated: "LOX_TRANSLATED", jit: "LOX_JIT" },
};

/** Lox benchmarks whose output is all timings (or counts of work done in a fixed time), but for labels. */
const LOX_TIMED_OUTPUT = {
  "zoo_batch.lox": () => "",
  "equality.lox": (out) => out.split("\n").filter((line) => !/^-?[\d.]+(e[-+]?\d+)?$/.test(line)).join("\n"),
};

/** md5 of each bf benchmark's output, from the table in the programs' README.md (empty without it). */
function bfChecksums() {
  const readme = path.join(bfDir, "README.md");
  const checksums = new Map();
  if (!existsSync(readme)) return checksums;
  for (const m of readFileSync(readme, "utf8").matchAll(/^\| (\S+\.b) \|[^|]*\| ([0-9a-f]{32}) \|/gm)) checksums.set(m[1], m[2]);
  return checksums;
}

/**
 * Each benchmark: a language, the program its interpreter runs, whether --quick keeps it, and for
 * the bf programs the md5 of their published output. Programs whose folder is missing are left
 * out, with the reason in `missing`.
 */
function benchmarks(missing) {
  const list = [];
  // examples/bf/hello.b is the benchmark programs' hello.b: --quick needs nothing outside the repository.
  list.push({ name: "bf/hello.b", language: "bf", args: [path.join(root, "examples/bf/hello.b")], quick: true });
  if (existsSync(path.join(bfDir, "README.md"))) {
    const checksums = bfChecksums();
    for (const program of ["bench.b", "mandel.b", "hanoi.b"]) {
      list.push({ name: `bf/${program}`, language: "bf", args: [path.join(bfDir, program)], quick: false, md5: checksums.get(program) });
    }
  } else {
    missing.push(`bf/bench.b, bf/mandel.b, bf/hanoi.b: no benchmark programs at ${bfDir} (put them at ../shared/bench/bf or set RTS_BF_PROGRAMS=/path/to/folder)`);
  }
  if (!existsSync(path.join(root, LANGUAGES.lox.target))) return list;
  // Not a benchmark, but the one Lox program short enough for --quick.
  list.push({ name: "lox/hello.lox", language: "lox", args: [path.join(root, "examples/lox/hello.lox")], quick: true });
  const loxDir = path.join(loxSuite, "benchmark");
  if (!existsSync(loxDir)) {
    missing.push(`lox/*.lox: no Lox benchmarks at ${loxDir} (put the Lox suite at ../shared/lox/test or set RTS_LOX_SUITE=/path/to/folder)`);
    return list;
  }
  for (const file of readdirSync(loxDir).filter((f) => f.endsWith(".lox")).sort()) {
    // string_equality.lox defines more than 256 globals by name, over clox's constant limit:
    // the reference clox stops with compile errors too (craftinginterpreters issue 1093).
    const status = file === "string_equality.lox" ? 65 : 0;
    // The Lox benchmarks print their own elapsed time last (zoo_batch: how many batches fit
    // in 10 seconds; equality: three timings, each after its label): that part of the output
    // is left out when outputs are compared.
    const comparable = LOX_TIMED_OUTPUT[file] ?? ((out) => out.split("\n").slice(0, -2).join("\n"));
    list.push({ name: `lox/${file}`, language: "lox", args: [path.join(loxDir, file)], status, comparable });
  }
  return list;
}

/**
 * The modes, in the order of the table's rows. `resolve(language)` says how the mode runs that
 * language's programs: `{ command: [executable, ...arguments before the program] }`, or
 * `{ skip: reason }` to list the mode as unavailable, or undefined when the mode does not apply.
 * It is called once per language before the first round with { build: true }, so a mode may
 * build what it needs, and by --list with { build: false }. `note` is shown after the command.
 */
const MODES = [
  { name: "node", resolve: (language) => ({ command: [process.execPath, rts, "run", LANGUAGES[language].target] }) },
  // `rts run --checked`: untranslated with the binary's safety checks (goal: at most 3 times node's time on bf).
  { name: "checked", resolve: (language) => (language === "bf" ? { command: [process.execPath, rts, "run", "--checked", LANGUAGES[language].target] } : undefined) },
  { name: "c", resolve: (language) => (language === "bf" ? buildBfReference() : undefined) },
  { name: "bf-ref", resolve: (language) => (language === "bf" ? external(LANGUAGES.bf.reference) : undefined) },
  { name: "lox-ref", resolve: (language) => (language === "lox" ? external(LANGUAGES.lox.reference) : undefined) },
  { name: "translated", resolve: (language, options) => translated(language, options, false) },
  // `rts translate --jit`: the same with the JIT (its default parameters, as a user runs it)
  { name: "jit", resolve: (language, options) => translated(language, options, true) },
  // `rts translate --target aarch64` run under qemu-aarch64: a correctness mode (its outputs are
  // compared like every mode's), not a speed figure; on request only, since qemu is slow.
  { name: "aarch64", resolve: (language, options) => aarch64(language, options) },
];

/**
 * The aarch64 mode: the binary `rts translate --target aarch64` writes (or the path in
 * BF_AARCH64 / LOX_AARCH64), run under qemu-aarch64 on a host that is not AArch64 (there the
 * translated mode is it). Runs when BENCH_AARCH64=1 or --modes names it; else listed as skipped.
 */
function aarch64(language, options) {
  if (process.arch === "arm64") return { skip: "the host is AArch64: the translated mode runs its binaries natively" };
  if (!options.modes?.includes("aarch64") && !process.env.BENCH_AARCH64) {
    return { skip: "under qemu-aarch64, a correctness mode and not a speed figure: set BENCH_AARCH64=1 or name it in --modes" };
  }
  if (spawnSync("qemu-aarch64", ["--version"]).error) return { skip: "qemu-aarch64 not found (apt-get install qemu-user)", problem: true };
  const given = process.env[language === "bf" ? "BF_AARCH64" : "LOX_AARCH64"];
  const r = given ? (existsSync(given) ? { command: [path.resolve(given)] } : { skip: `${given} does not exist`, problem: true }) : translated(language, options, false, "aarch64");
  if (r.skip !== undefined) return r;
  return { command: ["qemu-aarch64", ...r.command], note: ["under qemu-aarch64: compare outputs, not times", r.note].filter(Boolean).join("; ") };
}

/** An interpreter named by an environment variable: a path, run with the program's path. */
function external(variable) {
  const file = process.env[variable];
  if (!file) return { skip: `set ${variable}=/path/to/interpreter to add it` };
  if (!existsSync(file)) return { skip: `${variable}=${file} does not exist`, problem: true };
  return { command: [path.resolve(file)] };
}

/**
 * The translated interpreter (with jit, `rts translate --jit`'s): the path in BF_TRANSLATED /
 * LOX_TRANSLATED (BF_JIT / LOX_JIT) when set; else the binary `rts translate <target> -o
 * <cache>/<name>-c` (`<name>-jit`) writes, rebuilt when it is missing or older than any source of
 * the target's folder or of the toolchain (src/). With build false (--list) nothing is built: the
 * command is shown as it will run.
 */
function translated(language, { build }, jit, machine) {
  const { target } = LANGUAGES[language];
  const variable = jit ? LANGUAGES[language].jit : LANGUAGES[language].translated;
  const given = machine ? undefined : process.env[variable];
  if (given) return existsSync(given) ? { command: [path.resolve(given)] } : { skip: `${variable}=${given} does not exist`, problem: true };
  const binary = path.join(cache, path.basename(target, ".ts") + (jit ? "-jit" : machine ? `-${machine}` : "-c"));
  const options = [...(jit ? ["--jit"] : []), ...(machine ? ["--target", machine] : [])];
  const shown = `rts translate ${options.map((o) => `${o} `).join("")}${target}`;
  const sources = [path.join(root, path.dirname(target)), path.join(root, "src")];
  if (existsSync(binary) && statSync(binary).mtimeMs >= Math.max(...sources.map(newestFile))) return { command: [binary] };
  if (!build) return { command: [binary], note: `built by ${shown} when run` };
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [rts, "translate", ...options, target, "-o", binary], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) {
    const said = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
    return { skip: `${shown} failed (${result.status ?? result.signal}): ${said.split("\n").slice(-5).join(" | ").slice(0, 600)}`, problem: true };
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { command: [binary], note: `translated in ${seconds.toFixed(1)} s` };
}

/** The latest modification time of the files under dir (0 for none). */
function newestFile(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/** bench/bf-reference.c compiled with gcc -O2 into the cache, once per version of the source. */
function buildBfReference() {
  const source = path.join(root, "bench/bf-reference.c");
  const flags = ["-O2"];
  const hash = createHash("sha256").update(readFileSync(source)).update(flags.join(" ")).digest("hex").slice(0, 16);
  const binary = path.join(cache, `bf-reference-${hash}`);
  if (existsSync(binary)) return { command: [binary] };
  const probe = spawnSync("gcc", ["--version"], { encoding: "utf8" });
  if (probe.error) return { skip: "gcc not found" };
  // Built under a private name and renamed, so that runs started together never see half a file.
  const partial = `${binary}.${process.pid}.tmp`;
  const build = spawnSync("gcc", [...flags, "-o", partial, source], { encoding: "utf8" });
  if (build.status !== 0) {
    rmSync(partial, { force: true });
    return { skip: `gcc ${flags.join(" ")} failed: ${build.stderr.trim().slice(0, 400)}`, problem: true };
  }
  renameSync(partial, binary);
  return { command: [binary] };
}

/**
 * How peak memory (maximum resident set size) is measured. Node 20's spawnSync gives no resource
 * usage of the child, and process.resourceUsage() only covers the calling process, so:
 * GNU time when present (any child; %M is in KiB), else a module preloaded into Node children
 * that writes their own process.resourceUsage().maxRSS at exit (the node mode only; the other
 * modes show "-"). BENCH_TIME names another GNU time, or none when empty.
 */
function memoryMeter() {
  const time = process.env.BENCH_TIME ?? "/usr/bin/time";
  if (time && existsSync(time)) {
      const probeFile = path.join(cache, `probe-${process.pid}`);
    spawnSync(time, ["-f", "%M", "-o", probeFile, process.execPath, "--version"]);
    const ok = existsSync(probeFile) && /^\d+\s*$/.test(readFileSync(probeFile, "utf8"));
    rmSync(probeFile, { force: true });
    if (ok) {
      return {
        how: `${time} -f %M`,
        wrap: (command, file) => [time, ["-f", "%M", "-o", file, ...command]],
        // The last line holds the figure; GNU time puts a line about the exit status before it.
        read: (text) => Number(text.trim().split("\n").at(-1)),
      };
    }
  }
  return {
    how: "process.resourceUsage().maxRSS preloaded into Node children (other modes: not measured)",
    wrap: (command, file) => {
      if (command[0] !== process.execPath) return [command[0], command.slice(1)];
      const hook = `import{writeFileSync}from"node:fs";process.on("exit",()=>writeFileSync(${JSON.stringify(file)},String(process.resourceUsage().maxRSS)))`;
      return [command[0], [`--import=data:text/javascript,${encodeURIComponent(hook)}`, ...command.slice(1)]];
    },
    read: (text) => Number(text.trim()),
  };
}

function parseArgs(argv) {
  const options = { runs: undefined, filters: [], list: false, quick: false, modes: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs") options.runs = Number(argv[++i]);
    else if (arg === "--list") options.list = true;
    else if (arg === "--quick") options.quick = true;
    else if (arg === "--modes") options.modes = String(argv[++i] ?? "").split(",").filter((m) => m.length > 0);
    else if (arg === "--help" || arg === "-h") {
      console.log("usage: npm run bench -- [--runs N] [--quick] [--list] [--modes m1,m2,...] [name-filter...]");
      process.exit(0);
    } else options.filters.push(arg);
  }
  options.runs ??= options.quick ? 1 : 3;
  const known = new Set(MODES.map((m) => m.name));
  for (const m of options.modes ?? []) {
    if (known.has(m)) continue;
    console.error(`bench: --modes: no mode ${m} (the modes: ${[...known].join(", ")})`);
    process.exit(2);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) {
    console.error("bench: --runs takes a positive integer");
    process.exit(2);
  }
  return options;
}

/** One run: wall time, peak memory in KiB (NaN when not measured), exit status and a digest of the output. */
function runOnce(command, bench, meter) {
  const memoryFile = path.join(cache, `maxrss-${process.pid}`);
  rmSync(memoryFile, { force: true });
  const [executable, args] = meter.wrap([...command, ...bench.args], memoryFile);
  const start = process.hrtime.bigint();
  const result = spawnSync(executable, args, { cwd: root, maxBuffer: 1 << 28, encoding: "latin1" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const report = existsSync(memoryFile) ? readFileSync(memoryFile, "utf8") : "";
  rmSync(memoryFile, { force: true });
  const kib = report ? meter.read(report) : NaN;
  const signal = /terminated by signal (\d+)/.exec(report)?.[1];
  const stdout = result.stdout ?? "";
  const comparable = bench.comparable ? bench.comparable(stdout) : stdout;
  const digest = createHash("sha256").update(comparable, "latin1").digest("hex");
  const status = result.error ? result.error.message : signal ? `signal ${signal}` : (result.status ?? `signal ${result.signal}`);
  const md5 = createHash("md5").update(stdout, "latin1").digest("hex");
  return { seconds, kib, status, digest, md5, empty: stdout.length === 0, stderr: String(result.stderr ?? "").slice(0, 400) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : "-");

/** Each language's resolved modes: runnable ones as [mode, command], skipped ones as [mode, reason]. */
function resolveModes(languages, problems, options) {
  const resolved = {};
  for (const language of languages) {
    resolved[language] = { run: [], skipped: [] };
    for (const mode of MODES) {
      if (options.modes !== undefined && !options.modes.includes(mode.name)) continue;
      const r = mode.resolve(language, options);
      if (r === undefined) continue;
      if (r.skip !== undefined) resolved[language].skipped.push([mode.name, r.skip]);
      else resolved[language].run.push([mode.name, r.command, r.note]);
      if (r.problem) problems.push(`${mode.name} (${language}): ${r.skip}`);
    }
  }
  return resolved;
}

function printTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd());
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  mkdirSync(cache, { recursive: true });
  const missing = [];
  const selected = benchmarks(missing).filter(
    (b) => (!options.quick || b.quick) && (options.filters.length === 0 || options.filters.some((f) => b.name.includes(f))),
  );
  const problems = [];
  const languages = [...new Set(selected.map((b) => b.language))];
  const modes = resolveModes(languages, problems, { build: !options.list, modes: options.modes });
  const meter = memoryMeter();
  if (options.list) {
    for (const language of languages) {
      console.log(`${language} modes:`);
      for (const [name, command, note] of modes[language].run) console.log(`  ${name.padEnd(10)}  ${command.join(" ")}${note ? `  (${note})` : ""}`);
      for (const [name, reason] of modes[language].skipped) console.log(`  ${name.padEnd(10)}  skipped: ${reason}`);
    }
    console.log("benchmarks:");
    const width = Math.max(...selected.map((b) => b.name.length));
    for (const b of selected) console.log(`  ${b.name.padEnd(width)}  ${b.quick ? "quick" : "     "}  ${modes[b.language].run.map(([m]) => m).join(", ")}`);
    console.log(`peak memory: ${meter.how}`);
    for (const m of missing) console.log(`skipped: ${m}`);
    for (const p of problems) console.error(`problem: ${p}`);
    return problems.length > 0 ? 1 : 0;
  }
  const results = new Map();
  // Progress rewrites one line: only worth it on a terminal, clutter in a CI log.
  const progress = process.stderr.isTTY;
  for (let round = 0; round < options.runs; round++) {
    for (const bench of selected) {
      for (const [mode, command] of modes[bench.language].run) {
        const key = `${bench.name}\0${mode}`;
        const r = runOnce(command, bench, meter);
        const entry = results.get(key) ?? { seconds: [], kib: [], digest: r.digest };
        if (r.status !== (bench.status ?? 0)) problems.push(`${bench.name} [${mode}] exited with ${r.status}: ${r.stderr}`);
        else if (r.empty && r.status === 0) problems.push(`${bench.name} [${mode}] printed nothing in round ${round + 1}`);
        else if (entry.digest !== r.digest) problems.push(`${bench.name} [${mode}] printed different output in round ${round + 1}`);
        else if (bench.md5 !== undefined && r.md5 !== bench.md5) problems.push(`${bench.name} [${mode}] printed output whose md5 is not the published ${bench.md5}`);
        entry.seconds.push(r.seconds);
        entry.kib.push(r.kib);
        results.set(key, entry);
        if (progress) process.stderr.write(`\rround ${round + 1}/${options.runs}: ${bench.name} [${mode}] ${r.seconds.toFixed(2)}s      `);
      }
    }
  }
  if (progress) process.stderr.write("\n");
  const rows = [["benchmark", "mode", "median s", "min s", "peak MiB", "node/this time", "this/node peak", "this/c time"]];
  for (const bench of selected) {
    const summary = (mode) => {
      const entry = results.get(`${bench.name}\0${mode}`);
      return entry && { ...entry, median: median(entry.seconds), peak: Math.max(...entry.kib) / 1024 };
    };
    // the output every mode is compared with: node's, or without the node mode (--modes) the first mode's
    const node = summary("node");
    const reference = node ?? summary(modes[bench.language].run[0]?.[0]);
    // the C reference: bf's c mode (bench/bf-reference.c), or clox given as LOX_REFERENCE
    const cMode = bench.language === "lox" ? "lox-ref" : "c";
    const c = summary(cMode);
    for (const [mode] of modes[bench.language].run) {
      const s = summary(mode);
      if (reference && s.digest !== reference.digest) problems.push(`${bench.name} [${mode}] output differs from ${node ? "node" : modes[bench.language].run[0][0]}`);
      rows.push([
        bench.name,
        mode,
        s.median.toFixed(3),
        Math.min(...s.seconds).toFixed(3),
        Number.isFinite(s.peak) ? s.peak.toFixed(1) : "-",
        mode === "node" || !node ? "-" : ratio(node.median, s.median),
        mode === "node" || !node ? "-" : ratio(s.peak, node.peak),
        c && mode !== cMode ? ratio(s.median, c.median) : "-",
      ]);
    }
  }
  printTable(rows);
  console.log(`(${options.runs} round${options.runs > 1 ? "s" : ""}, modes interleaved; median and minimum wall time, largest peak RSS; peak memory: ${meter.how})`);
  for (const language of languages) {
    for (const [mode, , note] of modes[language].run) if (note) console.log(`${mode} (${language}): ${note}`);
    for (const [mode, reason] of modes[language].skipped) console.log(`skipped: ${mode} (${language}): ${reason}`);
  }
  if (!options.quick) for (const m of missing) console.log(`skipped: ${m}`);
  for (const p of problems) console.error(`problem: ${p}`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = main();
