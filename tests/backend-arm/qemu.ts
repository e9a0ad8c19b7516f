/**
 * Running AArch64 executables in the tests: under qemu-aarch64 (qemu-user), with an empty
 * environment unless the test gives one (the guest sees qemu's environment). A missing qemu fails
 * the test with what to install; nothing is skipped.
 */

import { spawnSync } from "node:child_process";
import { runBinary, translateTarget, type NativeRun, type RunOptions } from "../differential/native-harness.ts";

let checked = false;

function requireQemu(): void {
  if (checked) return;
  const probe = spawnSync("qemu-aarch64", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) throw new Error("qemu-aarch64 is needed to run AArch64 executables: apt-get install -y qemu-user");
  checked = true;
}

/** Runs an AArch64 executable under qemu-aarch64 (env: {} unless options.env says otherwise). */
export function runAarch64(binary: string, args: string[], options: RunOptions = {}, encoding: BufferEncoding = "utf8"): Promise<NativeRun> {
  requireQemu();
  return runBinary("qemu-aarch64", [binary, ...args], { ...options, env: options.env ?? {} }, encoding);
}

/** `rts translate --target aarch64` of target into the scratch directory (native-harness.ts translateTarget). */
export function translateAarch64(target: string, name: string, opt: "0" | "2" = "2"): Promise<string> {
  return translateTarget(target, name, opt, ["--target", "aarch64"]);
}

/** The environment of a run under GC stress: a minor collection at every allocation, a major one often. */
export const GC_STRESS_ENV = { RTS_GC_STRESS: "1" };
