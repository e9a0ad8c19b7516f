// The x86-64 trace backend is RTS (it is translated into binaries with --jit, issue 17): the
// fixture tests/jit/fixtures/trace-backend-target.ts compiles traces using every operation the
// backend emits; `rts annotate` accepts it, and `rts run` runs it. The backend translated is
// translated.test.ts's (one translation for both: it compiles the random traces and a
// hand-written one with every other operation to the bytes the backend gives on Node).

import { describe, expect, it } from "vitest";
import { runRts } from "../../helpers/run-rts.ts";

const program = "tests/jit/fixtures/trace-backend-target.ts";

describe("the trace backend as RTS (tests/jit/fixtures/trace-backend-target.ts)", () => {
  it("is accepted by rts annotate", async () => {
    const result = await runRts(["annotate", program]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("assembleTrace(trace: Trace, config: BackendConfig) -> AssembledTrace");
    expect(result.stdout).toContain("RegAlloc.freeRegister(float: bool) -> int");
  });

  it("compiles every kind of trace under rts run, and refuses an allocation without the runtime's address", async () => {
    const node = await runRts(["run", program]);
    expect(node.status).toBe(0);
    expect(node.stdout).toMatch(/^integers: \d+ bytes, checksum \d+, 1 exits, 41 io slots/m);
    expect(node.stdout).toMatch(/^loop: \d+ bytes, checksum \d+, 5 exits, 16 io slots/m);
    expect(node.stdout).toMatch(/^memory: \d+ bytes, checksum \d+, 5 exits, 14 io slots/m);
    expect(node.stdout).toMatch(/^call: \d+ bytes, checksum \d+, 1 exits/m);
    expect(node.stdout).toContain("allocation: refused: allocation: this backend was not given the runtime's address for it");
  });
});
