// Stack traces (docs/architecture.md, "Stack traces"): each case of tests/fixtures/traces/traces.ts
// stops with an uncaught error or a fatal error a few calls deep; `rts run` (except for fatal
// errors, which Node does not have), the LL interpreter at --opt 2 and 0 (in this process, as
// `rts run --llinterp` runs it), and the binary
// translated at --opt 0 and 2 must all print <case>.stderr, with the same output and status.
// Out of memory is the binary's alone (RTS_GC_MAX). At --opt 2, item, sumTo and total are
// inlined into main: the bounds case's four frames come from the inlining chain of one site.

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, runBinary, translateTarget } from "./native-harness.ts";

const TARGET = "tests/fixtures/traces/traces.ts";
const expected = (name: string) => readFileSync(`${repoRoot}/tests/fixtures/traces/${name}.stderr`, "utf8");

/** Each case, with the exit status it ends with and whether Node runs into the same stop. */
const CASES = [
  { name: "deep", status: 1, node: true },
  { name: "rethrow", status: 1, node: true },
  { name: "method", status: 1, node: true },
  { name: "overflow", status: 1, node: true },
  { name: "bounds", status: 70, node: false },
];

const dist = (file: string) => import(/* @vite-ignore */ `${repoRoot}/dist/${file}`);

let binaries: Record<"0" | "2", Promise<string>>;
let lowered: Promise<Record<"0" | "2", unknown>>;
beforeAll(() => {
  binaries = { "0": translateTarget(TARGET, "traces-c0", "0"), "2": translateTarget(TARGET, "traces-c2", "2") };
  for (const b of Object.values(binaries)) b.catch(() => {});
  lowered = lowerBoth();
  lowered.catch(() => {});
});
afterAll(removeScratch);

/** The program lowered once per optimisation level, as `rts run --llinterp [--opt 0]` lowers it (in this process: one load for every case). */
async function lowerBoth(): Promise<Record<"0" | "2", unknown>> {
  const { loadProgram } = await dist("frontend/modules.js");
  const { lowerProgram } = await dist("translator/lower.js");
  const program = await loadProgram(`${repoRoot}/${TARGET}`, true, true);
  return { "2": lowerProgram(program, undefined, true), "0": lowerProgram(program, undefined, false) };
}

/** What `rts run --llinterp [--opt 0] TARGET name` prints, run in this process. */
async function llinterp(opt: "0" | "2", name: string) {
  const { runLowered, describeLLException } = await dist("rtyper/run-llinterp.js");
  const out: Record<number, Buffer[]> = { 1: [], 2: [] };
  const status = runLowered((await lowered)[opt], [TARGET, name], describeLLException, (fd: number, bytes: Uint8Array) => out[fd]!.push(Buffer.from(bytes)));
  return { stdout: Buffer.concat(out[1]!).toString("utf8"), stderr: Buffer.concat(out[2]!).toString("utf8"), status };
}

const native = async (opt: "0" | "2", name: string) => outcome(await limit(async () => runBinary(await binaries[opt], [name], { cwd: repoRoot, timeoutMs: 60_000 })));
const rts = async (args: string[]) => outcome(await limit(() => runRts(args, { cwd: repoRoot })));

describe.concurrent("stack traces are the same in every mode", () => {
  for (const { name, status, node } of CASES) {
    it(name, { timeout: 300_000 }, async () => {
      const runs = await Promise.all([
        llinterp("2", name),
        llinterp("0", name),
        native("0", name),
        native("2", name),
        ...(node ? [rts(["run", TARGET, name])] : []),
      ]);
      const [first] = runs;
      expect(first!.stderr).toBe(expected(name));
      expect(first!.status).toBe(status);
      for (const run of runs) expect(run).toEqual(first);
    });
  }
});

it("out of memory shows the allocation's calls, at --opt 0 and 2", { timeout: 300_000 }, async () => {
  const env = { ...process.env, RTS_GC_MAX: "16MB" };
  for (const opt of ["0", "2"] as const) {
    const run = await limit(async () => runBinary(await binaries[opt], ["memory"], { cwd: repoRoot, env, timeoutMs: 60_000 }));
    expect(outcome(run)).toEqual({ stdout: "", stderr: expected("memory"), status: 70 });
  }
});

it("a trace shows at most 10 frames, as Node's", () => {
  expect(expected("overflow").split("\n").filter((l) => l.startsWith("    at "))).toHaveLength(10);
});
