// The LL graph of examples/bf's dispatch loop (issue 5): the tape is read and written with
// bounds-checked array operations and the dispatch is a switch on the command's code, so the loop
// allocates nothing, boxes nothing and calls helpers only for I/O and for growing the tape.

import { describe, expect, it } from "vitest";
import { runRts } from "../helpers/run-rts.ts";

describe("examples/bf's main loop at the low level", () => {
  it("has no allocation, boxing or helper call for tape access and dispatch", async () => {
    const result = await runRts(["lltype", "--callees", "examples/bf/bf.ts", "run"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const graphs = result.stdout.split(/^(?=graph )/m);
    const run = graphs.find((g) => g.startsWith("graph run("))!;
    expect(run).toBeDefined();
    const [entry, ...loop] = run.split(/^(?=block\d+\()/m).slice(1);
    const ops = (text: string) => [...text.matchAll(/^ {2}\S+: \S+ = (\w+)\(/gm)].map((m) => m[1]!);
    // The tape is allocated once, before the loop.
    expect(ops(entry!)).toContain("malloc_varsize");
    const loopOps = loop.flatMap(ops);
    expect(loopOps.filter((op) => op.startsWith("malloc"))).toEqual([]);
    expect(loop.join("")).not.toMatch(/float_box|Ptr\(float_box\)/);
    // Calls: growing the tape (rare) and the byte I/O of '.' and ','; nothing for '+', '-', '<', '>', '[', ']'.
    const called = [...loop.join("").matchAll(/direct_call\(<fn (\w+)>/g)].map((m) => m[1]).sort();
    expect(called).toEqual(["growLeft", "growRight", "readByteStdin", "writeByteStdout"]);
    expect(loopOps).not.toContain("indirect_call");
    // The dispatch: one switch on the command's code.
    expect(run.match(/^ {2}switch /gm)).toHaveLength(1);
    expect(loopOps.filter((op) => op === "getarrayitem").length).toBeGreaterThanOrEqual(6);
  });
});
