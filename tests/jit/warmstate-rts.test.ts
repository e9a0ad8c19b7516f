// The warm state is RTS (translated into binaries with --jit, issue 17): the fixture
// tests/jit/fixtures/warmstate-target.ts reads parameter texts, counts keys to their thresholds,
// traces, aborts and blacklists, and writes the jit-summary; `rts annotate` accepts it, the
// translated binary prints what `rts run` prints, and its jit-summary is PyPy's, line for line.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand, runRts } from "../helpers/run-rts.ts";
import { findSections, parsePypylog } from "../helpers/pypylog.ts";

const program = "tests/jit/fixtures/warmstate-target.ts";

describe("the warm state as RTS (tests/jit/fixtures/warmstate-target.ts)", () => {
  it("is accepted by rts annotate", async () => {
    const result = await runRts(["annotate", program]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("WarmState.enter");
  });

  it("runs the same on Node and as a native executable, which writes PyPy's jit-summary", async () => {
    const node = await runRts(["run", program]);
    expect(node.stderr).toBe("");
    expect(node.status).toBe(0);
    expect(node.stdout).toContain("'threshold=3,nope=1': bad at 12, threshold 1039,");
    expect(node.stdout).toContain("'trace_limit=10, enable_opts=intbounds:heap': bad at -1, threshold 1039, trace_limit 10, opts intbounds heap\n");
    // keys 0 and 1 compile at their 4th entry; key 2 aborts 3 times (blacklisted) then interprets
    expect(node.stdout).toContain("traced 5, aborted 3, ran 125\nbridge after 200 failures\n");
    const binary = path.join(mkdtempSync(path.join(tmpdir(), "rts-warmstate-")), "warmstate");
    const translated = await runRts(["translate", program, "-o", binary]);
    expect(translated.status, translated.stderr).toBe(0);
    expect(await runCommand(binary, [])).toEqual({ stdout: node.stdout, stderr: "", status: 0 });
    const logged = await runCommand(binary, [], { env: { RTSLOG: "jit-summary:-" } });
    expect(logged.stdout).toBe(node.stdout);
    // the loops and aborts, in jit-log-opt-loop and jit-abort, and jit-tracing around each trace
    const jitLog = parsePypylog((await runCommand(binary, [], { env: { RTSLOG: "jit:-" } })).stderr);
    expect(jitLog.filter((s) => s.name === "jit-tracing").length).toBe(5);
    expect(findSections(jitLog, "jit-log-noopt").map((s) => s.lines)).toEqual(Array(5).fill(["# Traced loop or bridge with 1 ops", "[i0]", "i1 = int_add(i0, i0)"]));
    expect(findSections(jitLog, "jit-log-opt-loop").map((s) => s.lines[0])).toEqual(["# Loop 0 (key 0) : loop with 1 ops", "# Loop 1 (key 1) : loop with 1 ops"]);
    expect(findSections(jitLog, "jit-abort").map((s) => s.lines)).toEqual(Array(3).fill(["~~~ ABORTING TRACING trace too long at key 2"]));
    const [summary] = findSections(parsePypylog(logged.stderr), "jit-summary");
    const lines = summary!.lines;
    expect(lines[0]).toMatch(/^Tracing: {6}\t5\t\d+\.\d{6}$/);
    expect(lines[1]).toMatch(/^Backend: {6}\t0\t0\.000000$/);
    expect(lines[2]).toMatch(/^TOTAL: {6}\t\t\d+\.\d{6}$/);
    expect(lines.slice(3)).toEqual([
      "ops:             \t0",
      "recorded ops:    \t0",
      "  calls:         \t0",
      "guards:          \t0",
      "opt ops:         \t0",
      "opt guards:      \t0",
      "forcings:        \t0",
      "abort: trace too long:\t3",
      "abort: compiling:\t0",
      "abort: vable escape:\t0",
      "abort: bad loop: \t0",
      "abort: force quasi-immut:\t0",
      "nvirtuals:       \t0",
      "nvholes:         \t0",
      "nvreused:        \t0",
      "Total # of loops:\t2",
      "Total # of bridges:\t0",
      "Freed # of loops:\t0",
      "Freed # of bridges:\t0",
    ]);
  });
});
