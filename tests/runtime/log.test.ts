// The RTSLOG log (src/runtime/log.ts) on simulated memory, written to a temporary
// file and read back with the strict PYPYLOG parser (tests/helpers/pypylog.ts): category
// selection by prefix, PyPy's profiling mode, nesting, number formatting, a buffer that fills
// up; and the parser's own strictness.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { logElapsed, logEnabled, logFloat, logFlush, logInt, logNewline, logReset, logStart, logStop, logText } from "../../src/runtime/log.ts";
import { resetSimulatedMemory, simulatedMappedBytes } from "../../src/lib/system.ts";
import { findSections, parsePypylog, PypylogError } from "../helpers/pypylog.ts";
import { setSimulatedEnvironment } from "../helpers/simulated-env.ts";

const directory = mkdtempSync(join(tmpdir(), "rts-log-"));
let logCount = 0;

afterAll(() => {
  logReset();
  rmSync(directory, { recursive: true, force: true });
});

beforeEach(() => {
  logReset();
  resetSimulatedMemory();
});

/** A fresh log file, and RTSLOG set to `${categories}:${path}` (or `${prefix}${path}` when categories is null). */
function logTo(categories: string | null, prefix = ""): string {
  logCount += 1;
  const path = join(directory, `log-${logCount}.txt`);
  setSimulatedEnvironment([`RTSLOG=${categories === null ? prefix : categories + ":"}${path}`]);
  return path;
}

/** One section as the collector writes one. */
function section(category: string, words: string, n: number): void {
  logStart(category);
  logText(words);
  logInt(n);
  logNewline();
  logStop(category);
}

describe("RTSLOG", () => {
  it("logs nothing when unset, and maps no memory for it", () => {
    setSimulatedEnvironment(["HOME=/root"]);
    const mapped = simulatedMappedBytes();
    expect(logEnabled("gc-minor")).toBe(false);
    section("gc-minor", "never ", 1);
    logFlush();
    expect(simulatedMappedBytes()).toBe(mapped);
    logReset();
    setSimulatedEnvironment(["RTSLOG="]);
    expect(logEnabled("gc-minor")).toBe(false);
  });

  it("writes the sections of the listed categories, with their text", () => {
    const path = logTo("gc-minor,jit-summary");
    expect(logEnabled("gc-minor")).toBe(true);
    expect(logEnabled("gc-major")).toBe(false);
    expect(logEnabled("jit-summary")).toBe(true);
    expect(logEnabled("jit")).toBe(false); // a category shorter than the prefix
    section("gc-minor", "survivors: ", 1234);
    section("gc-major", "not this: ", 1);
    section("gc-minor", "survivors: ", 0);
    logFlush();
    const text = readFileSync(path, "utf8");
    expect(text).toMatch(/^\[[0-9a-f]+\] \{gc-minor\nsurvivors: 1234\n\[[0-9a-f]+\] gc-minor\}\n\[/);
    const log = parsePypylog(text);
    expect(log.map((s) => s.name)).toEqual(["gc-minor", "gc-minor"]);
    expect(log.map((s) => s.lines)).toEqual([["survivors: 1234"], ["survivors: 0"]]);
  });

  it("takes prefixes of categories, as PYPYLOG does", () => {
    const path = logTo("gc");
    expect(logEnabled("gc-minor")).toBe(true);
    expect(logEnabled("gc-major")).toBe(true);
    expect(logEnabled("jit-log-opt")).toBe(false);
    section("gc-minor", "a", 1);
    section("jit-log-opt", "b", 2);
    section("gc-major", "c", 3);
    logFlush();
    expect(parsePypylog(readFileSync(path, "utf8")).map((s) => s.name)).toEqual(["gc-minor", "gc-major"]);
  });

  it("logs every category with an empty prefix", () => {
    logTo("");
    expect(logEnabled("gc-minor")).toBe(true);
    expect(logEnabled("anything")).toBe(true);
    logReset();
    logTo("jit,");
    expect(logEnabled("gc-minor")).toBe(true);
  });

  it("without a colon, logs every section's start and stop but no text (PyPy's profiling mode)", () => {
    for (const prefix of ["", "+"]) {
      logReset();
      const path = logTo(null, prefix);
      expect(logEnabled("gc-minor")).toBe(true);
      expect(logEnabled("jit-summary")).toBe(true);
      section("gc-minor", "no text", 1);
      logStart("jit-tracing");
      section("gc-major", "no text", 2);
      logFloat(1.5);
      logStop("jit-tracing");
      logFlush();
      const log = parsePypylog(readFileSync(path, "utf8"));
      expect(log.map((s) => [s.name, s.lines, s.children.map((c) => c.name)])).toEqual([
        ["gc-minor", [], []],
        ["jit-tracing", [], ["gc-major"]],
      ]);
    }
  });

  it("nests sections, an enabled one inside a disabled one and the other way round", () => {
    const path = logTo("gc-minor,jit-backend");
    logStart("gc-minor");
    logText("outer before");
    logNewline();
    logStart("gc-walk"); // disabled: neither its lines nor its text
    logText("hidden");
    logNewline();
    logStart("jit-backend"); // enabled inside a disabled one
    logText("inner");
    logNewline();
    logStop("jit-backend");
    logStop("gc-walk");
    logText("outer after");
    logNewline();
    logStop("gc-minor");
    logText("outside every section"); // dropped
    logNewline();
    logFlush();
    const log = parsePypylog(readFileSync(path, "utf8"));
    expect(log).toHaveLength(1);
    expect(log[0]!.lines).toEqual(["outer before", "outer after"]);
    expect(log[0]!.children.map((c) => [c.name, c.lines])).toEqual([["jit-backend", ["inner"]]]);
    expect(log[0]!.children[0]!.start).toBeGreaterThanOrEqual(log[0]!.start);
    expect(log[0]!.stop).toBeGreaterThanOrEqual(log[0]!.children[0]!.stop);
  });

  it("writes integers and floats", () => {
    const path = logTo("gc");
    logStart("gc-minor");
    const ints = [0, 7, -7, 10, 1234567890, -9007199254740991, 9007199254740991];
    for (const n of ints) {
      logInt(n);
      logNewline();
    }
    const floats = [0, 0.000123, 1.5, -2.5, 0.0000004, 0.0000005, 123.4567894, 1e9, 9.5e9, 1.2345e20, NaN, Infinity, -Infinity];
    for (const x of floats) {
      logFloat(x);
      logNewline();
    }
    logStop("gc-minor");
    logFlush();
    const [minor] = parsePypylog(readFileSync(path, "utf8"));
    expect(minor!.lines).toEqual([
      ...ints.map(String),
      "0.000000",
      "0.000123",
      "1.500000",
      "-2.500000",
      "0.000000",
      "0.000001",
      "123.456789",
      "1000000000.000000",
      "9.500000e+09",
      "1.234500e+20",
      "nan",
      "inf",
      "-inf",
    ]);
  });

  it("gives non-decreasing timestamps, and writes UTF-8 text", () => {
    const path = logTo("gc");
    for (let i = 0; i < 100; i++) section("gc-minor", "ü€😀 ", i);
    logFlush();
    const log = parsePypylog(readFileSync(path, "utf8"));
    expect(log).toHaveLength(100);
    expect(log[99]!.lines).toEqual(["ü€😀 99"]);
    for (const s of log) expect(s.stop).toBeGreaterThanOrEqual(s.start);
  });

  it("flushes a full buffer on its own", () => {
    const path = logTo("gc-minor");
    const line = "x".repeat(99);
    logStart("gc-minor");
    for (let i = 0; i < 2000; i++) {
      logText(line);
      logInt(i % 10);
      logNewline();
    }
    logStop("gc-minor");
    logFlush();
    const [minor] = parsePypylog(readFileSync(path, "utf8"));
    expect(minor!.lines).toHaveLength(2000);
    expect(minor!.lines.every((l, i) => l === line + String(i % 10))).toBe(true);
  });

  it("stamps a section's start before the work it times, and times it from that stamp", () => {
    const path = logTo("gc-minor");
    /** Busy work of about ms milliseconds on the clock the log uses. */
    const work = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const reported: number[] = [];
    for (const [category, ms] of [["gc-minor", 30], ["gc-major", 5], ["gc-minor", 20]] as const) {
      const logging = logStart(category);
      expect(logging).toBe(category === "gc-minor");
      work(ms);
      const elapsed = logElapsed();
      if (logging) reported.push(elapsed);
      else expect(elapsed).toBe(0); // outside a logged section
      logText("time taken: ");
      logFloat(elapsed);
      logNewline();
      logStop(category);
    }
    logFlush();
    const log = parsePypylog(readFileSync(path, "utf8"));
    expect(log.map((s) => s.name)).toEqual(["gc-minor", "gc-minor"]);
    log.forEach((s, i) => {
      expect(reported[i]).toBeGreaterThanOrEqual(i === 0 ? 0.03 : 0.02);
      // The stop stamp comes after the measurement, which is exactly from the start stamp (in ns).
      expect((s.stop - s.start) / 1e9).toBeGreaterThanOrEqual(reported[i]!);
      expect(s.lines).toHaveLength(1);
      const [, written] = /^time taken: (\d+\.\d{6})$/.exec(s.lines[0]!)!;
      expect(Math.abs(Number(written) - reported[i]!)).toBeLessThanOrEqual(1e-6);
    });
    expect(logElapsed()).toBe(0);
  });

  it("returns whether the section's text is written: not in profiling mode, not when nothing is logged", () => {
    logTo(null);
    expect(logStart("gc-minor")).toBe(false);
    logStop("gc-minor");
    logReset();
    setSimulatedEnvironment([]);
    expect(logStart("gc-minor")).toBe(false);
    logStop("gc-minor");
  });

  it("writes to standard error when the path is '-' or cannot be created", () => {
    // Only that the log is enabled: the bytes go to the test's own standard error.
    setSimulatedEnvironment(["RTSLOG=gc:-"]);
    expect(logEnabled("gc-minor")).toBe(true);
    logReset();
    setSimulatedEnvironment([`RTSLOG=gc:${join(directory, "no-such-directory", "log")}`]);
    expect(logEnabled("gc-minor")).toBe(true);
  });
});

describe("parsePypylog", () => {
  it("reads nested sections with their text", () => {
    const log = parsePypylog("[10] {a\nline 1\n[1f] {b\n[20] b}\n[[not a stamp\n[2a] a}\n[2b] {c\n[2b] c}\n");
    expect(log).toEqual([
      { name: "a", line: 1, start: 16, stop: 42, lines: ["line 1", "[[not a stamp"], children: [{ name: "b", line: 3, start: 31, stop: 32, lines: [], children: [] }] },
      { name: "c", line: 7, start: 43, stop: 43, lines: [], children: [] },
    ]);
    expect(findSections(log, "b")).toHaveLength(1);
    expect(parsePypylog("")).toEqual([]);
  });

  const bad: [string, string][] = [
    ["[1] {a\n", "not closed"],
    ["[1] {a\n[2] b}\n", "closes section a"],
    ["[1] a}\n", "closes no section"],
    ["[1] {a\n[2] a}", "newline"],
    ["text\n", "outside every section"],
    ["[1] {a\n[2] a}\ntext\n", "outside every section"],
    ["[1] {a\n[2] something\n[3] a}\n", "neither starts nor stops"],
    ["[1A] {a\n[2B] a}\n", "malformed timestamp"],
    ["[] {a\n", "malformed timestamp"],
    ["[1]{a\n", "malformed timestamp"],
    ["[1] {\n", "malformed section name"],
    ["[1] {a b\n", "malformed section name"],
    ["[5] {a\n[4] a}\n", "before the previous"],
  ];
  it.each(bad)("rejects %j", (text, message) => {
    expect(() => parsePypylog(text)).toThrow(PypylogError);
    expect(() => parsePypylog(text)).toThrow(message);
  });
});
