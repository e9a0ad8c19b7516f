// The code generator's operations, translated: each tests/fixtures/native/ops-*.ts program (one
// concept each: integer and float edge cases, strings and chars, typed arrays, calls with many
// arguments, register pressure, switches, recursion, exceptions, indirect calls and dispatch)
// is translated with the optimiser (--opt 2, what users get) and without it (--opt 0: more
// variables, more moves, no inlining, so the calls and links the optimiser removes are
// compiled too), run, and must print the same stdout and stderr and exit with the same status
// as `rts run` (untranslated). The programs are translated as one (tests/helpers/batch-driver.ts:
// a driver runs the program its first argument names), once per level, with `rts translate`: two
// translations instead of two per program, each run still a process running one program.
//
// Known failure (a code generator bug, see tests/backend-x86/allocate.test.ts): ops-spills.ts
// at --opt 2 stops the translation with "internal error: two moves into location 32", and at
// --opt 0 translates but mixedLoop prints "593874 787.4873134511056" instead of "857329
// 327.9369732959615": allocate.ts reuses a freed spill slot for a victim spilled after the
// slot's previous owner ended, though the victim was live (in a register) before that, so two
// live values share the slot. Giving victims a fresh slot makes both runs agree.

import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNKNOWN_MEMBER, withoutDriverFrames, writeBatchDriver } from "../helpers/batch-driver.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, runBinary, scratchPath, translateTarget } from "./native-harness.ts";

const folder = "tests/fixtures/native";
const programs = readdirSync(path.join(repoRoot, folder)).filter((f) => f.startsWith("ops-") && f.endsWith(".ts")).sort();
const LEVELS = ["2", "0"] as const;

const driver = scratchPath("ops.ts");
let binaries: Map<string, Promise<string>>;
beforeAll(() => {
  writeBatchDriver(driver, programs.map((name) => ({ name, file: `${folder}/${name}` })));
  binaries = new Map();
  for (const opt of LEVELS) {
    const promise = translateTarget(driver, `ops-O${opt}`, opt);
    promise.catch(() => {}); // awaited by its tests; no unobserved rejection meanwhile
    binaries.set(opt, promise);
  }
});
afterAll(removeScratch);

// Untranslated runs, once per program, shared by both levels.
const untranslated = new Map<string, ReturnType<typeof runRts>>();
const nodeRun = (program: string) => {
  let run = untranslated.get(program);
  if (!run) untranslated.set(program, (run = limit(() => runRts(["run", `${folder}/${program}`]))));
  return run;
};

describe.concurrent("translated ops programs agree with rts run", () => {
  it("there are ops programs", () => {
    expect(programs.length).toBeGreaterThanOrEqual(10);
  });
  it("the batch's driver says so when asked for a program it does not have", async () => {
    const native = await runBinary(await binaries.get("0")!, ["no-such-program.ts"], { cwd: repoRoot, timeoutMs: 60_000 });
    expect(outcome(native)).toEqual({ stdout: "", stderr: "", status: UNKNOWN_MEMBER });
  });
  for (const program of programs) {
    for (const opt of LEVELS) {
      it(`${program} --opt ${opt}`, { timeout: 600_000 }, async () => {
        const binary = await binaries.get(opt)!;
        const [node, native] = await Promise.all([nodeRun(program), limit(() => runBinary(binary, [program], { cwd: repoRoot, timeoutMs: 60_000 }))]);
        expect({ ...outcome(native), stderr: withoutDriverFrames(driver, native.stderr) }).toEqual(outcome(node));
      });
    }
  }
});
