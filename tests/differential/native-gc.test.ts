// The collector in translated programs, on what the differential tests cannot show: memory
// stays under RTS_GC_MAX while a program allocates many times that in short-lived objects; a
// live set that outgrows the limit stops the program with the out-of-memory message; the
// RTSLOG gc-minor/gc-major log of a Lox program (tests/fixtures/gc/binary_trees.lox) parses as
// PYPYLOG and shows collections of both kinds; RTS_GC_STRESS=1 really collects at every
// allocation; each gc section's stamps enclose the collection, so the time its text reports is
// the time between its stamps; a malformed RTS_* setting stops the binary at start; objects of
// 1-64 KiB that survive share arenas instead of getting a mapping each (the gc-major log counts
// the mappings). Peak memory
// is the kernel's maximum resident set size, read with GNU time.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectionSections, findSections, parsePypylog } from "../helpers/pypylog.ts";
import { CPU0_CACHE_INDEX, l2CacheBytes, NURSERY_FROM_CACHE_MAX, nurseryForCache } from "../../src/runtime/gc/cache.ts";
import { repoRoot } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, runBinary, translateTarget } from "./native-harness.ts";

const GNU_TIME = "/usr/bin/time";
const MAX_BYTES = 32 << 20;
const NURSERY_BYTES = 4 << 20;
const directory = mkdtempSync(path.join(os.tmpdir(), "rts-native-gc-"));

let shortLived: Promise<string>;
let growing: Promise<string>;
let lox: Promise<string>;
let medium: Promise<string>;
beforeAll(() => {
  medium = translateTarget("tests/fixtures/gc/medium.ts", "medium-c");
  shortLived = translateTarget("tests/fixtures/gc/short-lived.ts", "short-lived-c");
  growing = translateTarget("tests/fixtures/gc/growing.ts", "growing-c");
  lox = translateTarget("examples/lox/lox.ts", "lox-gc-c");
  for (const p of [shortLived, growing, lox, medium]) p.catch(() => {});
});
afterAll(() => {
  removeScratch();
  rmSync(directory, { recursive: true, force: true });
});

/** Runs binary under GNU time; resolves to the run and its peak resident size in bytes. */
async function measured(binary: string, args: string[], env: NodeJS.ProcessEnv, name: string) {
  const peakFile = path.join(directory, `${name}.peak`);
  const run = await limit(() => runBinary(GNU_TIME, ["-f", "%M", "-o", peakFile, binary, ...args], { cwd: repoRoot, env, timeoutMs: 300_000 }));
  const kib = Number(readFileSync(peakFile, "utf8").trim().split("\n").at(-1));
  return { run, peakBytes: kib * 1024 };
}

describe.concurrent("the collector in translated programs", () => {
  it("has GNU time to measure peak memory", () => expect(existsSync(GNU_TIME)).toBe(true));

  it("keeps peak memory under RTS_GC_MAX while allocating over 50 times the limit", { timeout: 600_000 }, async () => {
    const log = path.join(directory, "short-lived.log");
    const env = { ...process.env, RTS_GC_MAX: "32MB", RTS_GC_NURSERY: "4MB", RTSLOG: `gc-minor:${log}` };
    const { run, peakBytes } = await measured(await shortLived, [], env, "short-lived");
    expect(outcome(run)).toMatchObject({ status: 0, stderr: "" });
    expect(run.stdout).toMatch(/^allocated \d+ kept 999\n/);
    // Every minor collection empties a full nursery: that many nurseries were allocated.
    const minors = findSections(parsePypylog(readFileSync(log, "utf8")), "gc-minor").length;
    expect(minors * NURSERY_BYTES).toBeGreaterThan(50 * MAX_BYTES);
    expect(peakBytes).toBeLessThan(MAX_BYTES);
  });

  it("stops a live set that outgrows RTS_GC_MAX with the out-of-memory message", { timeout: 600_000 }, async () => {
    const env = { ...process.env, RTS_GC_MAX: "32MB" };
    const { run, peakBytes } = await measured(await growing, ["10000000"], env, "growing");
    expect(run.status).toBe(70);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^fatal error: out of memory/);
    expect(run.stderr).toMatch(/RTS_GC_MAX/);
    expect(peakBytes).toBeLessThan(MAX_BYTES);
  });

  it("lets the same live set finish without a limit", { timeout: 600_000 }, async () => {
    const run = await limit(async () => runBinary(await growing, ["2000000"], { cwd: repoRoot, timeoutMs: 300_000 }));
    expect(outcome(run)).toEqual({ stdout: "kept 2000000\n", stderr: "", status: 0 });
  });

  it("collects at every allocation under RTS_GC_STRESS=1 at --opt 2 (issue 20: the stress flag was folded away)", { timeout: 600_000 }, async () => {
    // growing.ts allocates one cell per step and keeps them all: a stressed run collects once per
    // cell (and a few times more, for argv and the output), with a major collection every 50.
    const cells = 20_000;
    const minorsAndMajors = async (stress: boolean) => {
      const log = path.join(directory, `growing-${stress ? "stressed" : "plain"}.log`);
      const env = { ...process.env, RTSLOG: `gc-minor,gc-major:${log}`, ...(stress ? { RTS_GC_STRESS: "1" } : {}) };
      const run = await limit(async () => runBinary(await growing, [String(cells)], { cwd: repoRoot, env, timeoutMs: 300_000 }));
      expect(outcome(run)).toEqual({ stdout: `kept ${cells}\n`, stderr: "", status: 0 });
      const sections = existsSync(log) ? parsePypylog(readFileSync(log, "utf8")) : []; // nothing logged, no file
      return { minors: findSections(sections, "gc-minor").length, majors: findSections(sections, "gc-major").length };
    };
    const [plain, stressed] = await Promise.all([minorsAndMajors(false), minorsAndMajors(true)]);
    expect(plain.minors).toBeLessThan(10);
    expect(stressed.minors).toBeGreaterThanOrEqual(cells);
    expect(stressed.minors).toBeLessThan(cells + 100);
    expect(Math.abs(stressed.majors - stressed.minors / 50)).toBeLessThan(5);
  });

  it("collects in proportion to a Lox loop's allocations under RTS_GC_STRESS=1 at --opt 2", { timeout: 600_000 }, async () => {
    // Each iteration makes a Box instance at least (lox.ts allocates a few objects more per
    // iteration: the call's environment, the bound initializer): at least one minor collection
    // per iteration, and twice the iterations make twice the collections.
    const minors = async (iterations: number) => {
      const script = path.join(directory, `alloc-${iterations}.lox`);
      writeFileSync(script, `class Box { init(n) { this.n = n; } }\nvar i = 0;\nvar last = nil;\nwhile (i < ${iterations}) {\n  last = Box(i);\n  i = i + 1;\n}\nprint last.n;\n`);
      const log = path.join(directory, `alloc-${iterations}.log`);
      const env = { ...process.env, RTS_GC_STRESS: "1", RTSLOG: `gc-minor:${log}` };
      const run = await limit(async () => runBinary(await lox, [script], { cwd: repoRoot, env, timeoutMs: 300_000 }));
      expect(outcome(run)).toEqual({ stdout: `${iterations - 1}\n`, stderr: "", status: 0 });
      return findSections(parsePypylog(readFileSync(log, "utf8")), "gc-minor").length;
    };
    const [small, large] = await Promise.all([minors(5000), minors(10000)]);
    expect(small).toBeGreaterThanOrEqual(5000);
    expect(large / small).toBeGreaterThan(1.8);
    expect(large / small).toBeLessThan(2.2);
  });

  it("stamps each gc section around its collection: the stamps give the time its text reports", { timeout: 600_000 }, async () => {
    // A live set that grows to about 100 MB: minor collections copy a full nursery of survivors
    // and major ones mark tens of MB, so sections last milliseconds, long enough to compare.
    const log = path.join(directory, "growing.log");
    const env = { ...process.env, RTSLOG: `gc:${log}` };
    const run = await limit(async () => runBinary(await growing, ["3000000"], { cwd: repoRoot, env, timeoutMs: 300_000 }));
    expect(outcome(run)).toEqual({ stdout: "kept 3000000\n", stderr: "", status: 0 });
    const parsed = parsePypylog(readFileSync(log, "utf8"));
    const sections = [...findSections(parsed, "gc-minor"), ...findSections(parsed, "gc-major")];
    expect(sections.length).toBeGreaterThan(10);
    let stamped = 0;
    let reported = 0;
    for (const s of sections) {
      const seconds = Number(/^time taken: (\d+\.\d+)$/.exec(s.lines.at(-1)!)![1]);
      const fromStamps = (s.stop - s.start) / 1e9;
      // The reported time is measured from the start stamp, and the stop stamp is written after it.
      expect(fromStamps).toBeGreaterThanOrEqual(seconds - 1e-6);
      stamped += fromStamps;
      reported += seconds;
    }
    // Over all sections (a single one may be preempted between its text and its stop stamp).
    expect(reported).toBeGreaterThan(0.005);
    expect(Math.abs(stamped - reported)).toBeLessThanOrEqual(0.1 * reported);
  });

  it("puts surviving objects of 1-64 KiB in shared arenas, not on a mapping each (the gc-major log counts mappings)", { timeout: 600_000 }, async () => {
    // medium.ts makes 4000 buffers of 1-63 KiB, each kept alive for 400 iterations: all survive
    // minor collections into the old space, and most die there. With a mapping per object the
    // collector made over 4000 mappings (and unmapped 3000 of them); in arenas shared by size
    // class, arenas for the 400 live ones and the garbage between major collections.
    const log = path.join(directory, "medium.log");
    const env = { ...process.env, RTS_GC_NURSERY: "1MB", RTSLOG: `gc-minor,gc-major:${log}` };
    const run = await limit(async () => runBinary(await medium, [], { cwd: repoRoot, env, timeoutMs: 300_000 }));
    expect(outcome(run)).toEqual({ stdout: "checksum 118047600 kept 400\n", stderr: "", status: 0 });
    const sections = parsePypylog(readFileSync(log, "utf8"));
    const minors = findSections(sections, "gc-minor");
    const majors = findSections(sections, "gc-major");
    expect(minors.length).toBeGreaterThan(50);
    expect(majors.length).toBeGreaterThan(2);
    const mappings = majors.map((s) => Number(/^mappings made since the start: (\d+)$/m.exec(s.lines.join("\n"))![1]));
    expect(mappings.at(-1)!).toBeGreaterThan(10);
    expect(mappings.at(-1)!).toBeLessThan(400);
  });

  it("grows a nursery sized from the cache while minor collections promote what soon dies (binary_trees.lox), not for a loop of short-lived objects", { timeout: 600_000 }, async () => {
    const log = path.join(directory, "binary-trees-growing.log");
    const program = path.join(repoRoot, "tests/fixtures/gc/binary_trees.lox");
    const env: NodeJS.ProcessEnv = { ...process.env, RTSLOG: `gc-major:${log}` };
    delete env.RTS_GC_NURSERY;
    const run = await limit(async () => runBinary(await lox, [program], { cwd: repoRoot, env, timeoutMs: 300_000 }));
    expect(outcome(run)).toMatchObject({ status: 0, stderr: "" });
    const sizes = findSections(parsePypylog(readFileSync(log, "utf8")), "gc-major").map((s) => Number(/^nursery: (\d+)$/m.exec(s.lines.join("\n"))![1]));
    expect(sizes.length).toBeGreaterThan(2);
    const initial = nurseryForCache(l2CacheBytes(CPU0_CACHE_INDEX));
    // Each major collection doubles it (the trees die soon after being promoted) up to 8 MB.
    sizes.forEach((size, i) => expect(size).toBe(Math.min(initial * 2 ** (i + 1), NURSERY_FROM_CACHE_MAX)));

    // A loop whose objects die young: minor collections only, the nursery the cache gives, and
    // a resident size of the nursery and the binary's few MB.
    const script = path.join(directory, "short-lived.lox");
    writeFileSync(script, `class Box { init(n) { this.n = n; } }\nvar i = 0;\nvar sum = 0;\nwhile (i < 300000) {\n  sum = sum + Box(i).n;\n  i = i + 1;\n}\nprint i;\n`);
    const loopLog = path.join(directory, "short-lived-lox.log");
    const { run: loop, peakBytes } = await measured(await lox, [script], { ...env, RTSLOG: `gc-minor,gc-major:${loopLog}` }, "short-lived-lox");
    expect(outcome(loop)).toEqual({ stdout: "300000\n", stderr: "", status: 0 });
    const sections = parsePypylog(readFileSync(loopLog, "utf8"));
    expect(findSections(sections, "gc-minor").length).toBeGreaterThan(3);
    expect(findSections(sections, "gc-major").length).toBe(0);
    expect(peakBytes).toBeLessThan(initial + 3 * 1024 * 1024);
  });

  it("stops at start on a malformed RTS_* setting, naming it (status 2), and accepts the valid forms", { timeout: 600_000 }, async () => {
    const script = path.join(directory, "x.lox");
    writeFileSync(script, 'print "ran";\n');
    const binary = await lox;
    const bad: [string, string][] = [
      ["RTS_GC_NURSERY", "bogus"],
      ["RTS_GC_MAX", "12 MB"],
      ["RTS_GC_MAJOR_COLLECT", "0.9"],
      ["RTS_GC_STRESS", "yes"],
      ["RTSLOG", "gc minor:gc.log"],
      ["RTSLOG", `gc:${path.join(directory, "no-such-directory", "gc.log")}`],
      ["RTS_JIT", "threshold=3,bogus=1"],
    ];
    for (const [name, value] of bad) {
      const run = await limit(() => runBinary(binary, [script], { cwd: repoRoot, env: { ...process.env, [name]: value } }));
      expect({ name, ...outcome(run) }).toMatchObject({ name, stdout: "", status: 2 });
      expect(run.stderr.startsWith(`error: invalid ${name}=${value}: `)).toBe(true);
    }
    const log = path.join(directory, "valid.log");
    const valid = { RTS_GC_NURSERY: "1.5MB", RTS_GC_MAX: "1GB", RTS_GC_MAJOR_COLLECT: "2", RTS_GC_STRESS: "1", RTSLOG: `gc-minor:${log}`, RTS_JIT: "off" };
    const run = await limit(() => runBinary(binary, [script], { cwd: repoRoot, env: { ...process.env, ...valid } }));
    expect(outcome(run)).toEqual({ stdout: "ran\n", stderr: "", status: 0 });
  });

  it("writes a PYPYLOG-format log of binary_trees.lox with minor and major collections", { timeout: 600_000 }, async () => {
    const log = path.join(directory, "binary-trees.log");
    const program = path.join(repoRoot, "tests/fixtures/gc/binary_trees.lox");
    // A small nursery: the program is small too, yet makes the old space outgrow its threshold.
    const env = { ...process.env, RTS_GC_NURSERY: "1MB", RTSLOG: `gc-minor,gc-major:${log}` };
    const run = await limit(async () => runBinary(await lox, [program], { cwd: repoRoot, env, timeoutMs: 300_000 }));
    expect(outcome(run)).toMatchObject({ status: 0, stderr: "" });
    const { minors, majors } = collectionSections(readFileSync(log, "utf8"));
    expect(minors.length).toBeGreaterThan(10);
    expect(majors.length).toBeGreaterThan(0);
  });
});
