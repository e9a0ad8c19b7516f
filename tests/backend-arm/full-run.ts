/**
 * Which differential runs of the AArch64 tests happen in `npm test` and which only on demand:
 * under qemu-aarch64 a program runs several times slower than on the host, so the long runs
 * (the bf benchmarks that take minutes: mandel.b, hanoi.b, bench.b under GC stress) are for RTS_A64_FULL=1
 * (CI sets it). Never silent: what does not run is a skipped group whose name says how to run it.
 */

import { describe, it } from "vitest";

export const FULL_VARIABLE = "RTS_A64_FULL";

export function fullRun(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[FULL_VARIABLE];
  return value !== undefined && value !== "" && value !== "0";
}

/** Declares the group when RTS_A64_FULL is set, else one skipped group that says what it would run and how. */
export function describeFull(name: string, body: () => void): void {
  if (fullRun()) {
    describe(name, body);
    return;
  }
  describe.skip(`${name}: SKIPPED, runs with ${FULL_VARIABLE}=1 (slow under qemu-aarch64)`, () => {
    it(`needs ${FULL_VARIABLE}=1`, () => {});
  });
}
