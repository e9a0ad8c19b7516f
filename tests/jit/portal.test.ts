// The portal split (src/jit/portal.ts): with the JIT, the graph holding jit_merge_point is cut
// before it; the portal, a graph of its own taking the greens and reds, starts with the merge
// point, and the original calls it. The split program runs in the LL interpreter exactly as the
// unsplit one does, and the graphs verify.

import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-rts.ts";

type Any = any; // values of the compiled toolchain
const dist = (p: string): Promise<Any> => import(/* @vite-ignore */ `${repoRoot}/dist/${p}`);

const target = "tests/fixtures/native/ops-jit-hints.ts";

interface Run {
  stdout: string;
  stderr: string;
  status: number;
}

let lowered: Record<"plain" | "jit" | "jit0", Any>;
let run: (which: "plain" | "jit" | "jit0", argv: string[]) => Run;

beforeAll(async () => {
  const { loadProgram } = await dist("frontend/modules.js");
  const { lowerProgram } = await dist("translator/lower.js");
  const { runLowered, describeLLException } = await dist("rtyper/run-llinterp.js");
  const lower = async (optimize: boolean, jit: boolean) => {
    const program = await loadProgram(path.join(repoRoot, target), true, true);
    const result = lowerProgram(program, undefined, optimize, false, { verify: true, jit });
    if (typeof result === "string") throw new Error(result);
    return result;
  };
  lowered = { plain: await lower(true, false), jit: await lower(true, true), jit0: await lower(false, true) };
  run = (which, argv) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const status = runLowered(lowered[which], argv, describeLLException, (fd: number, bytes: Uint8Array) => (fd === 1 ? out : err).push(Buffer.from(bytes)));
    return { stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), status };
  };
}, 120_000);

async function graphsOf(which: "plain" | "jit" | "jit0"): Promise<Any[]> {
  const { reachableGraphs } = await dist("llir/llgraph.js");
  return reachableGraphs([lowered[which].main]);
}

const hasMergePoint = (graph: Any) => graph.iterBlocks().some((b: Any) => b.operations.some((op: Any) => op.opname === "jit_merge_point"));

describe("the portal split", () => {
  for (const which of ["jit", "jit0"] as const) {
    it(`makes a portal that starts at the merge point and takes the greens and reds (${which === "jit" ? "optimised" : "--opt 0"})`, async () => {
      const graphs = await graphsOf(which);
      const withMergePoint = graphs.filter(hasMergePoint);
      expect(withMergePoint.map((g: Any) => g.name)).toEqual([expect.stringMatching(/interpret__portal$/)]);
      const portal = withMergePoint[0];
      // the merge point is the first operation: in the start block, or in the block an empty start
      // block goes to (the optimisations may join them)
      let head = portal.startblock;
      while (head.operations.length === 0 && head.exits.length === 1) head = head.exits[0].target;
      expect(head.operations[0].opname).toBe("jit_merge_point");
      // driver, green count, then pc and program (greens), acc, counter and trace (reds): five parameters
      expect(head.operations[0].args[0].value).toBe("counter");
      expect(portal.startblock.inputargs.map((v: Any) => v.hint)).toEqual(["pc", "program", "acc", "counter", "trace"]);
      // the original calls the portal
      const caller = graphs.find((g: Any) => g.iterBlocks().some((b: Any) => b.operations.some((op: Any) => op.opname === "direct_call" && op.args[0].value.graph === portal)));
      expect(caller).toBeDefined();
      expect(hasMergePoint(caller)).toBe(false);
    });
  }

  it("leaves the program without the JIT as it was", async () => {
    const graphs = await graphsOf("plain");
    expect(graphs.some((g: Any) => g.name.endsWith("__portal"))).toBe(false);
    expect(graphs.filter(hasMergePoint).length).toBe(1);
  });

  it("runs as the unsplit program does, optimised and not", () => {
    for (const argv of [[target], [target, "a", "b"]]) {
      const expected = run("plain", argv);
      expect(expected.status).toBe(0);
      expect(expected.stdout).toMatch(/\+\+\+\[--\+!\] \d+\n$/);
      expect(run("jit", argv)).toEqual(expected);
      expect(run("jit0", argv)).toEqual(expected);
    }
  });
});
