// The collector in AArch64 binaries (under qemu-aarch64), on what the differential tests cannot
// show, as tests/differential/native-gc.test.ts shows it on x86-64 (peak memory apart: qemu's own
// is in the resident set): a live set that outgrows RTS_GC_MAX stops the program with the
// out-of-memory message (the collector's fatal error reached through the allocation stub's frame);
// RTS_GC_STRESS=1 collects at every allocation (a minor collection per cell kept, a major one
// every 50); the RTSLOG log parses as PYPYLOG with collections of both kinds; a malformed RTS_*
// setting stops the binary at start.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectionSections, findSections, parsePypylog } from "../helpers/pypylog.ts";
import { repoRoot } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch } from "../differential/native-harness.ts";
import { runAarch64, translateAarch64 } from "./qemu.ts";

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-a64-gc-"));
let growing: Promise<string>;
beforeAll(() => {
  growing = translateAarch64("tests/fixtures/gc/growing.ts", "growing-a64");
  growing.catch(() => {});
});
afterAll(() => {
  removeScratch();
  rmSync(directory, { recursive: true, force: true });
});

const run = async (args: string[], env: Record<string, string>) => limit(async () => runAarch64(await growing, args, { cwd: repoRoot, env, timeoutMs: 300_000 }));

describe.concurrent("the collector in AArch64 binaries", () => {
  it("stops a live set that outgrows RTS_GC_MAX with the out-of-memory message", { timeout: 600_000 }, async () => {
    const result = await run(["10000000"], { RTS_GC_MAX: "32MB" });
    expect(result.status).toBe(70);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^fatal error: out of memory/);
    expect(result.stderr).toMatch(/RTS_GC_MAX/);
  });

  it("collects at every allocation under RTS_GC_STRESS=1, a major collection every 50", { timeout: 600_000 }, async () => {
    const cells = 20_000;
    const log = path.join(directory, "stressed.log");
    const result = await run([String(cells)], { RTS_GC_STRESS: "1", RTSLOG: `gc-minor,gc-major:${log}` });
    expect(outcome(result)).toEqual({ stdout: `kept ${cells}\n`, stderr: "", status: 0 });
    const sections = parsePypylog(readFileSync(log, "utf8"));
    const minors = findSections(sections, "gc-minor").length;
    const majors = findSections(sections, "gc-major").length;
    expect(minors).toBeGreaterThanOrEqual(cells);
    expect(minors).toBeLessThan(cells + 100);
    expect(Math.abs(majors - minors / 50)).toBeLessThan(5);
  });

  it("writes a PYPYLOG-format log with minor and major collections", { timeout: 600_000 }, async () => {
    const log = path.join(directory, "growing.log");
    const result = await run(["1000000"], { RTS_GC_NURSERY: "1MB", RTSLOG: `gc-minor,gc-major:${log}` });
    expect(outcome(result)).toEqual({ stdout: "kept 1000000\n", stderr: "", status: 0 });
    const { minors, majors } = collectionSections(readFileSync(log, "utf8"));
    expect(minors.length).toBeGreaterThan(10);
    expect(majors.length).toBeGreaterThan(0);
  });

  it("stops at start on a malformed RTS_* setting, naming it (status 2)", { timeout: 600_000 }, async () => {
    for (const [name, value] of [
      ["RTS_GC_NURSERY", "bogus"],
      ["RTS_GC_MAX", "12 MB"],
      ["RTS_GC_STRESS", "yes"],
      ["RTSLOG", "gc minor:gc.log"],
    ] as const) {
      const result = await run(["10"], { [name]: value });
      expect({ name, ...outcome(result) }).toMatchObject({ name, stdout: "", status: 2 });
      expect(result.stderr.startsWith(`error: invalid ${name}=${value}: `)).toBe(true);
    }
  });
});
