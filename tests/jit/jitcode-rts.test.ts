// The jitcode format and the blackhole interpreter are RTS (prebuilt data and runtime code of
// binaries translated with --jit): `rts annotate` accepts tests/jit/fixtures/jitcode-target.ts,
// which builds jitcodes by hand, prints one and runs another, and its translated binary prints
// what `rts run` prints.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand, runRts } from "../helpers/run-rts.ts";

const program = "tests/jit/fixtures/jitcode-target.ts";

describe("the jitcode format as RTS (tests/jit/fixtures/jitcode-target.ts)", () => {
  it("is accepted by rts annotate", async () => {
    const result = await runRts(["annotate", program]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("printJitCode");
    expect(result.stdout).toContain("BlackholeInterpreter.run");
  });

  it("prints the jitcode on Node, and the translated binary prints the same", async () => {
    const node = await runRts(["run", program]);
    expect(node.status).toBe(0);
    expect(node.stdout).toBe(
      [
        "jitcode count(%i0, %r0) -> i",
        "L1:",
        "  -live- %i0, %r0",
        "  goto_if_not_int_lt %i0, $10, L3",
        "  getfield_gc_i %r0, <FieldDescr Box.value> -> %i1",
        "  int_add_ovf %i0, %i1, <Site count.ts:3:9> -> %i1",
        "  switch %i1, <SwitchDescr 1>",
        "L2:",
        "  int_add %i0, %i1 -> %i0",
        "  goto L1",
        "L3:",
        "  int_return %i0",
        "  loop_header <JitDriver count>",
        "",
        "instruction 0: live",
        "sum(10) = 90 (i)",
        "limit in double, resumed: 90",
        "",
      ].join("\n"),
    );
    const binary = path.join(mkdtempSync(path.join(tmpdir(), "rts-jitcode-")), "jitcode");
    const translated = await runRts(["translate", program, "-o", binary]);
    expect(translated.status, translated.stderr).toBe(0);
    expect(await runCommand(binary, [])).toEqual({ stdout: node.stdout, stderr: "", status: 0 });
  });
});
