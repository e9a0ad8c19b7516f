// One translation context (issue 15): every cache of helper graphs, representations, prebuilt
// objects and "already transformed" marks belongs to one translation, so translations in one
// process never see each other's graphs. Programs of the annotator's positive corpus are lowered
// and translated in this process (through dist, as src/fuzz/modes.ts does) several times and in
// several orders, and must give the same printed LL graphs, and the same executable bytes as
// `rts translate` in a fresh process.

import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runRts } from "../helpers/run-rts.ts";
import { removeScratch, scratchPath } from "../differential/native-harness.ts";

const dist = (p: string) => import(/* @vite-ignore */ path.join(repoRoot, "dist", p));
const corpus = (name: string) => path.join(repoRoot, "tests/annotator/golden/ok", name);

/** Programs whose lowering asks for many shared helpers: string equality, hashing and case tables, dicts, tuples, Math, exceptions, prebuilt objects. */
const PROGRAMS = ["string-methods.ts", "maps.ts", "tuples.ts", "prebuilt-objects.ts"];

afterAll(removeScratch);

/**
 * Every LL graph of the program as `rts run --llinterp --opt 0` lowers it (rtyped, exception
 * transform applied; not optimised, so that the shared helpers are still called, not inlined),
 * printed, and the graph objects: main's and flush's graphs and everything they reach.
 */
async function lowered(file: string): Promise<{ printed: string; graphs: Set<unknown> }> {
  const { loadProgram } = await dist("frontend/modules.js");
  const { lowerProgram } = await dist("translator/lower.js");
  const { reachableGraphs } = await dist("llir/llgraph.js");
  const { printLLGraph } = await dist("llir/print-llgraph.js");
  const lowered = lowerProgram(await loadProgram(file, true, true), (s: string) => s, false);
  expect(typeof lowered).not.toBe("string");
  const graphs = reachableGraphs([lowered.main, lowered.flush]) as unknown[];
  return { printed: graphs.map(printLLGraph).join(""), graphs: new Set(graphs) };
}

/** The executable `rts translate` writes, translated in this process. */
async function translatedBytes(file: string, name: string): Promise<Buffer> {
  const { translate } = await dist("translator/driver.js");
  const output = scratchPath(name);
  const result = await translate(file, { output });
  expect(result.ok).toBe(true);
  return readFileSync(output);
}

describe("two translations in one process", () => {
  it("lower a program to the same LL graphs, alone, again, and after other programs", async () => {
    // The first program is lowered before any other in this process: its first dump is "alone".
    const first = new Map<string, Awaited<ReturnType<typeof lowered>>>();
    for (const name of PROGRAMS) first.set(name, await lowered(corpus(name)));
    expect(first.get(PROGRAMS[0]!)!.printed).toContain("graph ll_upper(");
    for (const name of [...PROGRAMS].reverse()) {
      const again = await lowered(corpus(name));
      const before = first.get(name)!;
      expect(again.printed.length, name).toBe(before.printed.length);
      expect(again.printed === before.printed, `${name} lowered again differs`).toBe(true);
      // No graph is shared: the transforms change graphs in place, each in its own translation.
      const shared = [...again.graphs].filter((g) => before.graphs.has(g)).map((g) => (g as { name: string }).name);
      expect(shared, name).toEqual([]);
    }
  }, 120_000);

  it("translate a program, after another, to the bytes a fresh process writes", async () => {
    const [a, b] = [corpus("maps.ts"), corpus("string-methods.ts")];
    const fresh = scratchPath("fresh");
    const child = await runRts(["translate", path.relative(repoRoot, b), "-o", fresh]);
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    const alone = readFileSync(fresh);
    await translatedBytes(a, "a");
    const afterA = await translatedBytes(b, "b-after-a");
    expect(afterA.equals(alone), "b translated after a in this process differs from b alone in a fresh process").toBe(true);
  }, 180_000);
});
