// The trace optimizer is RTS (it is translated into binaries with --jit, issue 17): the fixture
// tests/jit/fixtures/optimizer-target.ts builds traces by code, optimizes them with every pass
// and runs both in the trace interpreter; `rts annotate` accepts it, `rts run` shows the
// optimized traces behaving as the originals (virtuals of a failing guard materialised), and
// the translated binary prints the same.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand, runRts } from "../helpers/run-rts.ts";

const program = "tests/jit/fixtures/optimizer-target.ts";

describe("the optimizer as RTS (tests/jit/fixtures/optimizer-target.ts)", () => {
  it("is accepted by rts annotate", async () => {
    const result = await runRts(["annotate", program]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("optimizeTrace");
    expect(result.stdout).toContain("unrollLoop");
    expect(result.stdout).toContain("materializeVirtuals");
  });

  it("runs: the optimized traces leave as the originals do", async () => {
    const node = await runRts(["run", program]);
    expect(node.stderr).toBe("");
    expect(node.status).toBe(0);
    const out = node.stdout;
    // the loop: the temporary node and the guard_class on it are gone, f(i1, 2) and 3 * i1 are hoisted out of the peeled loop
    expect(out).toContain("label(i8, i1, i5, i4, descr=loop-peeled)\n");
    expect(out).not.toMatch(/new_with_vtable/);
    expect(out).toContain("rules: guard_class_known=2 pure_call_shared=1 pure_shared=1 remove_exception_guard=1 unroll_peeled=1");
    expect(out).toContain("before: guard failed at end: i:6 i:59 r:[1 77 5 0]\nafter:  guard failed at end: i:6 i:59 r:[1 77 5 0]\n");
    // the array: virtual, described in the guard, materialised when it fails
    expect(out).toContain("guard_true(i5, descr=small) [NULL, i4, i0]\n");
    expect(out).toContain("before: guard failed at small: r:[2 3 0 7] i:10\nafter:  guard failed at small: r:[2 3 0 7] i:10\n");
    expect(out).toContain("before: finished at done: i:5\nafter:  finished at done: i:5\n");
    expect(out.match(/consistent: true/g)?.length).toBe(3);
    expect(out.match(/unoptimized copy equal: true/g)?.length).toBe(3);
  });

  it("prints the same as a native executable", async () => {
    const node = await runRts(["run", program]);
    const binary = path.join(mkdtempSync(path.join(tmpdir(), "rts-optimizer-")), "optimizer");
    const translated = await runRts(["translate", program, "-o", binary]);
    expect(translated.status, translated.stderr).toBe(0);
    expect(await runCommand(binary, [])).toEqual({ stdout: node.stdout, stderr: "", status: 0 });
  }, 240_000);
});
