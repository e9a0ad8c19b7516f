// rts/testing's metaInterp on small loops (RPython's test_ajit.py, test_loop and its neighbours).

import { describe, expect, it } from "vitest";
import { repoRoot } from "../../helpers/run-rts.ts";

const dist = <T>(path: string): Promise<T> => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`) as Promise<T>;
const { loadInterpreter, metaInterp, JitCheckError } = await dist<typeof import("../../../src/testing/index.ts")>("testing/index.js");
const m = await loadInterpreter<typeof import("./fixtures/loops.ts")>(`${repoRoot}/tests/jit/ajit/fixtures/loops.ts`);

describe("metaInterp on a counting loop", () => {
  it("gives the function's result and compiles one loop", () => {
    const run = metaInterp(m.sum, [6, 7]);
    expect(run.result).toBe(m.sum(6, 7));
    expect(run.result).toBe(42);
    run.checkTraceCount(1);
    run.checkBridgeCount(0);
    run.checkAbortedCount(0);
    console.log(run.tracesText());
  });
});
