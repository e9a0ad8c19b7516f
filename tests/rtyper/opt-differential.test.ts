// Differential tests of the LL graph optimisations: each fixture function runs in the LL
// interpreter without optimisation, with each pass alone, with inlining and malloc removal, and
// with every pass; all must give the same outcome (the same value, the same exception, or the
// same fatal error at the same TypeScript position), and the unoptimised one what Node gives.
// Optimised graphs also go through the exception transform, the pass that follows.

import { describe, expect, it } from "vitest";
import { CONFIGURATIONS, dist, liveOutcome, lower, outcome, type Outcome } from "./opt-lowering.ts";

/** Arguments to run each function with, by fixture and function. */
const CASES: Record<string, Record<string, number[][]>> = {
  "opt-objects.ts": {
    pointLoop: [[0], [1], [7]],
    pairLoop: [[0], [9]],
    previous: [[0], [6]],
    escapes: [[0], [4]],
    overflow: [[3], [6]],
    constantOverflow: [[0], [1]],
    index: [[1], [3]],
    folded: [[0], [5]],
    guarded: [[2], [5]],
    unguarded: [[1], [2], [4]],
    guardedRecursive: [[5], [200]],
    nestedHandlers: [[1], [3], [5], [6]],
    rethrown: [[2], [5]],
  },
  "opt-small.ts": { sumOfSquares: [[3, 4]], callsRecursive: [[1], [6]], vecLength2: [[3, -2]] },
  "numbers.ts": { compute: [[0, 0], [3, 4], [10, -3]] },
  "strings.ts": { checksum: [[7]], countLetter: [[2]], histogram: [[300]], outOfBounds: [[2], [3]] },
  "lists.ts": { sumSquares: [[0], [5], [50]], literal: [[1]], badIndex: [[1], [2]] },
  "opt-loads.ts": { stackMachine: [[0], [5]], aliased: [[0], [1]], afterCall: [[0], [3]], growing: [[0], [4]], narrowed: [[0], [9]] },
};

/** The fatal errors the fixture runs into, at the position of the operation that fails. */
const FATAL: Record<string, Outcome> = {
  "outOfBounds(3)": { fatal: expect.stringMatching(/strings\.ts:33:10: index 3 out of bounds \(length 3\)/) },
  "badIndex(2)": { fatal: expect.stringMatching(/lists\.ts:20:10: index 2 out of bounds \(length 2\)/) },
  "overflow(6)": { fatal: expect.stringMatching(/opt-objects\.ts:80:10: integer overflow/) },
  "constantOverflow(0)": { fatal: expect.stringMatching(/opt-objects\.ts:99:10: integer overflow/) },
  "index(3)": { fatal: expect.stringMatching(/opt-objects\.ts:105:10: index 3 out of bounds \(length 3\)/) },
};

describe("optimised LL graphs behave as unoptimised ones", () => {
  for (const [fixture, functions] of Object.entries(CASES)) {
    for (const [fn, runs] of Object.entries(functions)) {
      it(`${fixture} ${fn}: the same outcome in every configuration`, async () => {
        const { transformExceptions } = await dist("rtyper/exceptions.js");
        const { graph, live } = await lower(fixture, fn);
        const expected: Outcome[] = [];
        for (const args of runs) {
          const result = await outcome(graph, args);
          const fatal = FATAL[`${fn}(${args.join(", ")})`];
          if (fatal) expect(result).toEqual(fatal);
          else expect(result, `${fn}(${args}) on Node`).toEqual(liveOutcome(live, args));
          expected.push(result);
        }
        for (const [name, options] of Object.entries(CONFIGURATIONS)) {
          const optimised = await lower(fixture, fn, options);
          for (const [i, args] of runs.entries()) {
            expect(await outcome(optimised.graph, args), `${fn}(${args}) with ${name}`).toEqual(expected[i]);
          }
        }
        // The exception transform, which comes next, takes optimised graphs as it takes others.
        const optimised = await lower(fixture, fn, {});
        transformExceptions([optimised.graph]);
        for (const [i, args] of runs.entries()) {
          expect(await outcome(optimised.graph, args, true), `${fn}(${args}) optimised, then exceptions transformed`).toEqual(expected[i]);
        }
      });
    }
  }
});
