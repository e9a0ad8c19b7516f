// The x86-64 trace backend is RTS (it is translated into binaries with --jit, issue 17): the
// fixture tests/jit/fixtures/trace-backend-target.ts compiles traces using every operation the
// backend emits; `rts annotate` accepts it, and the translated binary prints what `rts run`
// prints (the same bytes of machine code, by their sizes and checksums).

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand, runRts } from "../../helpers/run-rts.ts";

const program = "tests/jit/fixtures/trace-backend-target.ts";

describe("the trace backend as RTS (tests/jit/fixtures/trace-backend-target.ts)", () => {
  it("is accepted by rts annotate", async () => {
    const result = await runRts(["annotate", program]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("assembleTrace(trace: Trace, config: BackendConfig) -> AssembledTrace");
    expect(result.stdout).toContain("RegAlloc.freeRegister(float: bool) -> int");
  });

  it("compiles the same machine code on Node and as a native executable", async () => {
    const node = await runRts(["run", program]);
    expect(node.status).toBe(0);
    expect(node.stdout).toMatch(/^integers: \d+ bytes, checksum \d+, 1 exits, 41 io slots/m);
    expect(node.stdout).toMatch(/^loop: \d+ bytes, checksum \d+, 5 exits, 16 io slots/m);
    expect(node.stdout).toMatch(/^memory: \d+ bytes, checksum \d+, 5 exits, 14 io slots/m);
    expect(node.stdout).toContain("call: refused: call_i: calls need the runtime's calling convention");
    const binary = path.join(mkdtempSync(path.join(tmpdir(), "rts-trace-backend-")), "trace-backend");
    const translated = await runRts(["translate", program, "-o", binary]);
    expect(translated.status, translated.stderr).toBe(0);
    expect(await runCommand(binary, [])).toEqual({ stdout: node.stdout, stderr: "", status: 0 });
  });
});
