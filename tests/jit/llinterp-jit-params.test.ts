// driver.setParam and driver.setUserParam called by an interpreter
// (tests/jit/fixtures/jitgaps-params.ts) under `rts run --llinterp --jit` change the running
// JIT's parameters (src/translator/jit-llinterp.ts jitSetParam, the warm state told), with the
// output of the LL interpreter alone and of Node, where there is no JIT to set.

import { describe, expect, it } from "vitest";
import { runRts } from "../helpers/run-rts.ts";
import { PARAMS, dist, llinterpFixture, type Outcome } from "./llinterp-fixture.ts";

const { PROF_ABORT_TOO_LONG } = await dist<typeof import("../../src/runtime/jit/jitprof.ts")>("runtime/jit/jitprof.js");

describe("setParam and setUserParam from the interpreter", async () => {
  const params = await llinterpFixture("jitgaps-params.ts");
  const outcome = (o: Outcome): Outcome => ({ stdout: o.stdout, stderr: o.stderr, status: o.status });

  // each program's first instruction sets the parameters once, then the loop adj runs 300 times
  it.each([
    // [program, RTS_JIT, loops compiled, traces aborted as too long]
    ["adj", PARAMS, 1, 0], // nothing set: hot after 3
    ["hadj", PARAMS, 0, 0], // setParam threshold=1000000
    ["ladj", "default", 1, 0], // setParam threshold=3 (300 runs would not reach the default 1039)
    ["tadj", PARAMS, 0, 3], // setParam trace_limit=5: three aborts, then the key is blacklisted
    ["uadj", PARAMS, 0, 0], // setUserParam "threshold=1000000, trace_limit=5"
    ["xadj", PARAMS, 1, 0], // setUserParam of a malformed text: false, nothing set
  ])("%s with RTS_JIT=%s compiles %d loops, %d traces too long; output as without the JIT", (code, jit, loops, tooLong) => {
    const args = [code, "300"];
    const expected = params.plain(args);
    expect(expected.status).toBe(0);
    const { interp, ...withJit } = params.jitted(args, jit);
    expect(withJit).toEqual(expected);
    expect(interp.loopsCompiled).toBe(loops);
    expect(interp.profiler.counters[PROF_ABORT_TOO_LONG]).toBe(tooLong);
  });

  it("gives the same output on Node, where there is no JIT to set", async () => {
    const node = await runRts(["run", "tests/jit/fixtures/jitgaps-params.ts", "uadj", "300"]);
    expect(outcome({ stdout: node.stdout, stderr: node.stderr, status: node.status! })).toEqual(params.plain(["uadj", "300"]));
  });
});
