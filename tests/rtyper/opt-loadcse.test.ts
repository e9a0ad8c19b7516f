// Load CSE (src/rtyper/opt/loadcse.ts) on graphs lowered from tests/fixtures/llinterp/opt-loads.ts:
// how many reads it removes, which reads stay, and the same outcome as Node's before and after.
// (tests/rtyper/opt-golden/loadcse-*.ll show the rules one by one.)

import { describe, expect, it } from "vitest";
import { countOps, liveOutcome, lower, outcome, printed } from "./opt-lowering.ts";

const ARGS = [[0], [1], [2], [7], [30]];

async function reads(graph: unknown): Promise<number> {
  let n = 0;
  for (const op of ["getfield", "getarrayitem", "getarraylength", "getinteriorfield", "check_index"]) n += await countOps(graph, op);
  return n;
}

describe("load CSE on lowered programs", () => {
  it("reads a stack's length and items once per step of a stack machine instead of once per access", async () => {
    const { graph: without, stats: off } = await lower("opt-loads.ts", "stackMachine", { loadCse: false });
    expect(off.loadsRemoved).toBe(0);
    const { graph, stats, live } = await lower("opt-loads.ts", "stackMachine", {});
    expect(stats.loadsRemoved).toBeGreaterThanOrEqual(20);
    expect(await reads(graph)).toBeLessThan(await reads(without));
    for (const args of ARGS) expect(await outcome(graph, args)).toEqual(liveOutcome(live, args));
  });

  it("keeps the reads a store through another reference, a call or a push may change; a Uint8Array store is not forwarded", async () => {
    for (const fn of ["aliased", "afterCall", "growing", "narrowed"]) {
      const { graph, live } = await lower("opt-loads.ts", fn, {});
      for (const args of ARGS) expect(await outcome(graph, args), `${fn}(${args})`).toEqual(liveOutcome(live, args));
      const { graph: alone } = await lower("opt-loads.ts", fn, { inline: false, constfold: false, dce: false, mallocRemoval: false, intbounds: false });
      for (const args of ARGS) expect(await outcome(alone, args), `${fn}(${args}), load CSE alone`).toEqual(liveOutcome(live, args));
    }
  });

  it("reads a field again after a call that stores into it (once for the two reads after it)", async () => {
    const { graph } = await lower("opt-loads.ts", "afterCall", {});
    // The read before the call is the constructor's store (0), forwarded; after the call, one read.
    const text = await printed(graph);
    expect(text.match(/= getfield\([^)]*"f_count"\)/g)).toHaveLength(1);
    expect(text).toMatch(/= direct_call\(<fn bump>[\s\S]*= getfield\([^)]*"f_count"\)/);
  });
});
