// The AArch64 code generator's operations, translated with `--target aarch64` and run under
// qemu-aarch64 with an empty environment: each tests/fixtures/native/ops-*.ts program (the
// programs tests/differential/native-ops.test.ts runs on x86-64: integer and float edge cases,
// strings and chars, typed arrays, calls with many arguments (stack arguments), register
// pressure (spills), switches (jump tables), recursion, exceptions, indirect calls and dispatch,
// raw memory) at --opt 2 and --opt 0, must print the same stdout and stderr and exit with the
// same status as `rts run`. One translation per level (a batch driver, tests/helpers/batch-driver.ts).

import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNKNOWN_MEMBER, withoutDriverFrames, writeBatchDriver } from "../helpers/batch-driver.ts";
import { repoRoot, runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, scratchPath } from "../differential/native-harness.ts";
import { runAarch64, translateAarch64 } from "./qemu.ts";

const folder = "tests/fixtures/native";
const programs = readdirSync(path.join(repoRoot, folder)).filter((f) => f.startsWith("ops-") && f.endsWith(".ts")).sort();
const LEVELS = ["2", "0"] as const;

const driver = scratchPath("ops-a64.ts");
let binaries: Map<string, Promise<string>>;
beforeAll(() => {
  writeBatchDriver(driver, programs.map((name) => ({ name, file: `${folder}/${name}` })));
  binaries = new Map();
  for (const opt of LEVELS) {
    const promise = translateAarch64(driver, `ops-a64-O${opt}`, opt);
    promise.catch(() => {}); // awaited by its tests; no unobserved rejection meanwhile
    binaries.set(opt, promise);
  }
});
afterAll(removeScratch);

const untranslated = new Map<string, ReturnType<typeof runRts>>();
const nodeRun = (program: string) => {
  let run = untranslated.get(program);
  if (!run) untranslated.set(program, (run = limit(() => runRts(["run", `${folder}/${program}`]))));
  return run;
};

describe.concurrent("ops programs translated for aarch64 agree with rts run", () => {
  it("there are ops programs", () => {
    expect(programs.length).toBeGreaterThanOrEqual(10);
  });
  it("the batch's driver says so when asked for a program it does not have", { timeout: 600_000 }, async () => {
    const native = await runAarch64(await binaries.get("0")!, ["no-such-program.ts"], { cwd: repoRoot, timeoutMs: 120_000 });
    expect(outcome(native)).toEqual({ stdout: "", stderr: "", status: UNKNOWN_MEMBER });
  });
  for (const program of programs) {
    for (const opt of LEVELS) {
      it(`${program} --opt ${opt}`, { timeout: 600_000 }, async () => {
        const binary = await binaries.get(opt)!;
        const [node, native] = await Promise.all([nodeRun(program), limit(() => runAarch64(binary, [program], { cwd: repoRoot, timeoutMs: 120_000 }))]);
        expect({ ...outcome(native), stderr: withoutDriverFrames(driver, native.stderr) }).toEqual(outcome(node));
      });
    }
  }
});
