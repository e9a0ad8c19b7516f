// The meta-interpreter is RTS (translated into binaries with --jit, issue 17): `rts annotate`
// accepts tests/jit/fixtures/metainterp-target.ts, which traces a hand-built jitcode's loop and
// runs it under the warm runner (interpreting, tracing, running the loop, tracing a bridge);
// `rts run` prints the trace and the program's result, and the translated binary prints the same.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand, runRts } from "../../helpers/run-rts.ts";

const program = "tests/jit/fixtures/metainterp-target.ts";

describe("the meta-interpreter as RTS (tests/jit/fixtures/metainterp-target.ts)", () => {
  it("is accepted by rts annotate", async () => {
    const result = await runRts(["annotate", program]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("MetaInterp.startLoop() -> void");
    expect(result.stdout).toContain("interpret(mi: MetaInterp) -> int");
  });

  it("traces the loop and runs the program to the right result on Node", async () => {
    const node = await runRts(["run", program]);
    expect(node.stderr).toBe("");
    expect(node.status).toBe(0);
    expect(node.stdout).toBe(
      [
        "status 4",
        "[i0, i1, i2]",
        "label(i0, i1, i2, descr=loop0)",
        "debug_merge_point(0, 0, '')",
        "i3 = int_lt(i0, i1)",
        "guard_true(i3, descr=<Guard0x0>) [i0, i1, i2]",
        "i4 = int_and(i0, 1)",
        "i5 = int_eq(i4, 0)",
        "guard_false(i5, descr=<Guard0x1>) [i0, i1, i2, i4]",
        "i6 = int_add(i2, 3)",
        "i7 = int_add(i0, 1)",
        "jump(i7, i1, i6, descr=loop0)",
        "",
        // the sum of the even numbers below 1000, plus 3 per odd one
        "result 251000",
        "[i0, i1, i2]",
        "label(i0, i1, i2, descr=loop0)",
        "debug_merge_point(0, 0, '')",
        "i3 = int_lt(i0, i1)",
        "guard_true(i3, descr=<Guard0x0>) [i0, i1, i2]",
        "i4 = int_and(i0, 1)",
        "i5 = int_eq(i4, 0)",
        "guard_false(i5, descr=<Guard0x1>) [i0, i1, i2, i4]",
        "i6 = int_add(i2, 3)",
        "i7 = int_add(i0, 1)",
        "label(i7, i1, i6, descr=loop0-peeled)",
        "debug_merge_point(0, 0, '')",
        "i8 = int_lt(i7, i1)",
        "guard_true(i8, descr=<Guard0x0>) [i7, i1, i6]",
        "i9 = int_and(i7, 1)",
        "i10 = int_eq(i9, 0)",
        "guard_false(i10, descr=<Guard0x1>) [i7, i1, i6, i9]",
        "i11 = int_add(i6, 3)",
        "i12 = int_add(i7, 1)",
        "jump(i12, i1, i11, descr=loop0-peeled)",
        "",
        // the first failure of Guard1 and the loop's exit (Guard0) resume in the blackhole interpreter;
        // the second failure of Guard1 traces the bridge, which runs the 496 others
        "loops 1, bridges 1, guard failures 499, blackhole resumes 2",
        "",
      ].join("\n"),
    );
  });

  it("runs the same as a native executable", async () => {
    const node = await runRts(["run", program]);
    const binary = path.join(mkdtempSync(path.join(tmpdir(), "rts-metainterp-")), "metainterp");
    const translated = await runRts(["translate", program, "-o", binary]);
    expect(translated.status, translated.stderr).toBe(0);
    expect(await runCommand(binary, [])).toEqual({ stdout: node.stdout, stderr: "", status: 0 });
  }, 120_000);
});
