// The trace IR is RTS (it is translated into binaries with --jit, issue 17): the fixture
// tests/jit/fixtures/trace-ir-target.ts builds traces, prints them and runs them in the trace
// interpreter; `rts annotate` accepts it, and the translated binary prints what `rts run` prints.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand, runRts } from "../helpers/run-rts.ts";

const program = "tests/jit/fixtures/trace-ir-target.ts";

describe("the trace IR as RTS (tests/jit/fixtures/trace-ir-target.ts)", () => {
  it("is accepted by rts annotate", async () => {
    const result = await runRts(["annotate", program]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("interpretTrace");
  });

  it("prints the same traces and exits on Node and as a native executable", async () => {
    const node = await runRts(["run", program]);
    expect(node.status).toBe(0);
    // the counting loop: 10 iterations summing 3 * i (a call) = 135, leaving by guard_true
    expect(node.stdout).toContain("guard failed at <Guard1> after 100 steps: i:10 i:135 r:64\ntotal 135, calls 10\n");
    // from 2^53 - 92, the 9th addition (84 + 24) overflows: guard_no_overflow with i0 = 8
    expect(node.stdout).toContain("guard failed at <Guard0> after 86 steps: i:8 r:64\n");
    expect(node.stdout).toContain("finished at <Done> after 8 steps: f:9.25\n");
    expect(node.stdout).toContain("finished at <Done2> after 10 steps: i:36\n");
    expect(node.stdout).toContain("consistent: true\noperation 0 (int_add): argument 2 (p0) is of kind r, the operation takes i\n");
    expect(node.stdout).toContain("debug_merge_point(0, 0, 'count \\'i\\' at 3')\n");
    const binary = path.join(mkdtempSync(path.join(tmpdir(), "rts-trace-ir-")), "trace-ir");
    const translated = await runRts(["translate", program, "-o", binary]);
    expect(translated.status, translated.stderr).toBe(0);
    expect(await runCommand(binary, [])).toEqual({ stdout: node.stdout, stderr: "", status: 0 });
  });
});
