// Quasi-immutable fields under `rts run --llinterp --jit` (tests/jit/fixtures/jitgaps-quasi.ts,
// whose Program declares "scale?"): a trace reading the field of a constant object records
// quasiimmut_field and guard_not_invalidated and takes the value as a constant; a write of the
// field (from ahead-of-time code between runs, from jitcodes inside the loop) invalidates the
// loops and bridges that assumed it, which are not entered again but traced anew, and the output
// is the LL interpreter's.

import { describe, expect, it } from "vitest";
import { dist, llinterpFixture } from "./llinterp-fixture.ts";

const { traceText } = await dist<typeof import("../../src/runtime/jit/print-trace.ts")>("runtime/jit/print-trace.js");
const { printJitCode } = await dist<typeof import("../../src/runtime/jit/jitcode-print.ts")>("runtime/jit/jitcode-print.js");

describe("quasi-immutable fields", async () => {
  const quasi = await llinterpFixture("jitgaps-quasi.ts");

  it("folds the field in the trace, and invalidates the loop when ahead-of-time code writes it between runs", () => {
    // main doubles scale after each round: each round's loop assumed the scale of its round
    const args = ["adj", "200", "3"];
    const expected = quasi.plain(args);
    expect(expected.stdout).toBe("round 0 scale 1: 20100\nround 1 scale 2: 40200\nround 2 scale 4: 80400\n");
    const { interp, ...withJit } = quasi.jitted(args);
    expect(withJit).toEqual(expected);
    const jit = [...interp.portals.values()][0]!;
    // the jitcode reads scale after record_quasiimmut_field, which may guard (a -live- before it)
    expect(printJitCode(jit.jitcodes.portal)).toMatch(/ {2}-live- [^\n]*\n {2}record_quasiimmut_field %r0, <FieldDescr inst_Program\.f_scale>\n {2}getfield_gc_i %r0, <FieldDescr inst_Program\.f_scale> -> %i\d+\n/);
    // and writes it after a residual call of jit_force_quasi_immutable's helper
    expect(printJitCode(jit.jitcodes.portal)).toMatch(/ {2}residual_call_r_v \$<ll_jit_force_quasi_immutable>, R\[%r0\], <CallDescr ll_jit_force_quasi_immutable>\n {2}-live- [^\n]*\n {2}setfield_gc_i %r0, %i\d+, <FieldDescr inst_Program\.f_scale>\n/);
    const runner = jit.runner;
    const loops = runner.mi.registry.loops;
    expect(loops.length).toBe(3);
    // each write after a round invalidated that round's loop; none of them was entered after
    expect(loops.map((loop) => loop.invalidated)).toEqual([true, true, true]);
    expect(runner.invalidations).toBe(3);
    expect(loops.map((loop) => loop.code!.invalidated)).toEqual([true, true, true]);
    // the first loop took scale 1 as a constant: quasiimmut_field and guard_not_invalidated, no read
    const recorded = traceText(loops[0]!.trace);
    expect(recorded).toMatch(/quasiimmut_field\(ConstPtr\(\d+\), descr=FieldDescr inst_Program\.f_scale\)\nguard_not_invalidated\(/);
    expect(recorded).toMatch(/int_mul_ovf\(1, i\d+\)/);
    expect(recorded).not.toContain("getfield_gc_i(ConstPtr");
    expect(traceText(loops[1]!.trace)).toMatch(/int_mul_ovf\(2, i\d+\)/);
    // the optimizer drops quasiimmut_field and keeps the guard
    const optimized = traceText(loops[0]!.optimized!);
    expect(optimized).not.toContain("quasiimmut_field");
    expect(optimized).toContain("guard_not_invalidated");
  });

  it("invalidates the running loop when the interpreted program writes the field mid-run", () => {
    // s adds 1 to scale when n reaches 50, while the loop runs compiled
    const args = ["asdj", "200", "2"];
    const expected = quasi.plain(args);
    expect(expected.stdout).toBe("round 0 scale 1: 21325\nround 1 scale 4: 81625\n");
    const { interp, ...withJit } = quasi.jitted(args);
    expect(withJit).toEqual(expected);
    const runner = [...interp.portals.values()][0]!.runner;
    // round 0: the loop of scale 1, invalidated at n = 50, a loop of scale 2 traced; round 1 the same from 4
    expect(runner.invalidations).toBe(4);
    expect(runner.mi.registry.loops.length).toBe(4);
    expect(runner.loopRuns).toBeGreaterThan(0);
  });

  it("invalidates a bridge that assumed the field, and its guard gets a new bridge", () => {
    // the loop runs the odd iterations of b (no read), a bridge the even ones (scale read)
    const args = ["bdj", "200", "3"];
    const expected = quasi.plain(args);
    expect(expected.stdout).toBe("round 0 scale 1: 100\nround 1 scale 2: 200\nround 2 scale 4: 400\n");
    const { interp, ...withJit } = quasi.jitted(args);
    expect(withJit).toEqual(expected);
    const runner = [...interp.portals.values()][0]!.runner;
    const { loops, bridges } = runner.mi.registry;
    expect(loops.map((loop) => [loop.quasiImmut.count(), loop.invalidated])).toEqual([[0, false]]);
    // each round's bridge read its scale and was invalidated by the write after the round
    const assuming = bridges.filter((bridge) => bridge.quasiImmut.count() > 0);
    expect(assuming.map((bridge) => bridge.invalidated)).toEqual([true, true, true]);
    expect(runner.invalidations).toBe(3);
    // the later ones were traced from the same guard, which the invalidation had freed
    expect(new Set(assuming.map((bridge) => bridge.guard)).size).toBe(1);
  });

  it("keeps giving the LL interpreter's output when a bridge's path writes the field every 40 iterations", () => {
    const args = ["amdj", "400", "2"];
    const { interp, ...withJit } = quasi.jitted(args);
    expect(withJit).toEqual(quasi.plain(args));
    expect([...interp.portals.values()][0]!.runner.invalidations).toBeGreaterThan(10);
  });
});
