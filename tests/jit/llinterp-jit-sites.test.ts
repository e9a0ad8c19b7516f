// `rts run --llinterp --jit` (src/translator/jit-llinterp.ts) on tests/jit/fixtures/jitgaps-sites.ts:
// the call chain of a fatal error in a function called from two places names the call that
// failed (the inline calls' sites the jitcodes keep, JitCode.callSites), as without the JIT, and
// so does the stack trace of an error made in an inlined callee.

import { describe, expect, it } from "vitest";
import { llinterpFixture } from "./llinterp-fixture.ts";

describe("the call chain of a fatal error in jitcodes", async () => {
  const sites = await llinterpFixture("jitgaps-sites.ts");
  // load is called at 27 (a) and at 28 (b); b's call fails
  const expectedFrames = /^fatal error: index (30|2) out of bounds \(length \1\)\n {4}at load \(tests\/jit\/fixtures\/jitgaps-sites\.ts:12:10\)\n {4}at run \(tests\/jit\/fixtures\/jitgaps-sites\.ts:28:32\)\n {4}at main \(/;

  it("names the second of two calls of the same function when the check fails in a compiled loop", () => {
    const expected = sites.plain(["abij", "0", "30"]);
    expect(expected.status).toBe(70);
    expect(expected.stderr).toMatch(expectedFrames);
    const { interp, ...withJit } = sites.jitted(["abij", "0", "30"]);
    expect(withJit).toEqual(expected);
    const runner = [...interp.portals.values()][0]!.runner;
    expect(interp.loopsCompiled).toBe(1);
    expect(runner.guardFailures).toBeGreaterThan(0);
  });

  it("names it when the check fails while the meta-interpreter interprets", () => {
    const expected = sites.plain(["abij", "0", "2"]);
    expect(expected.stderr).toMatch(expectedFrames);
    const { interp, ...withJit } = sites.jitted(["abij", "0", "2"]);
    expect(withJit).toEqual(expected);
    expect(interp.loopsCompiled).toBe(0);
  });

  // e calls stop once n reaches 500, which makes an Error: the error is made by jitcodes (their
  // stack_trace helper), whose trace gets the frames of the jitcodes' inline calls (run's call of
  // stop) from the frames running the helper's call
  it.each([
    ["the blackhole interpreter, after the compiled loop's guard failed", "0", 1],
    ["the meta-interpreter, before any loop is compiled", "498", 0],
  ])("gives an error made in an inlined callee its caller's frame, made in %s", (_, start, loops) => {
    const args = ["aiej", start, "30"];
    const expected = sites.plain(args);
    expect(expected.stderr).toMatch(/^Error: stopped at 500\n {4}at stop \(tests\/jit\/fixtures\/jitgaps-sites\.ts:16:9\)\n {4}at run \(tests\/jit\/fixtures\/jitgaps-sites\.ts:32:21\)\n {4}at main \(/);
    const { interp, ...withJit } = sites.jitted(args);
    expect(interp.loopsCompiled).toBe(loops);
    expect(withJit).toEqual(expected);
  });
});
