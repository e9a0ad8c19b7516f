// The safety checks and stack traces of AArch64 binaries (under qemu-aarch64), against what
// tests/differential proves of the x86-64 ones:
// - tests/fixtures/checked/buggy.ts: each case (an index out of bounds read or written, an
//   integer past 2^53, a modulo or division by zero, a float that is no integer, a null where a
//   value is needed, ...) prints exactly what `rts run --checked` prints and exits with the same
//   status (70 for a fatal error), as native-checked.test.ts proves of x86-64;
// - tests/fixtures/traces/traces.ts at --opt 0 and 2: each case prints what `rts run --llinterp`
//   at the same level prints, its <case>.stderr (an
//   uncaught error's frames through the x29 chain, inlining chains, at most 10 frames; fatal
//   errors; out of memory under RTS_GC_MAX through the allocation stub's frame record).

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch } from "../differential/native-harness.ts";
import { runAarch64, translateAarch64 } from "./qemu.ts";

const CHECKED = "tests/fixtures/checked/buggy.ts";
const CHECKED_CASES = [
  "ok", "read", "read-loop", "read-negative", "write-append", "write-beyond", "typed-read", "typed-write", "string-index", "char-code", "char-at",
  "overflow-mul", "overflow-add", "overflow-edge", "overflow-compound", "overflow-update", "overflow-field", "overflow-field-update", "overflow-item",
  "item-compound-read", "item-update", "modulo-zero", "division-zero", "not-integer", "negative-zero", "non-null", "length-grow", "typed-set",
  "repeat-negative", "destructure",
];
const TRACES = "tests/fixtures/traces/traces.ts";
const TRACE_CASES = [
  { name: "deep", status: 1 },
  { name: "rethrow", status: 1 },
  { name: "method", status: 1 },
  { name: "overflow", status: 1 },
  { name: "bounds", status: 70 },
];
const expectedTrace = (name: string) => readFileSync(`${repoRoot}/tests/fixtures/traces/${name}.stderr`, "utf8");

let checked: Promise<string>;
let traces: Record<"0" | "2", Promise<string>>;
beforeAll(() => {
  checked = translateAarch64(CHECKED, "checked-a64");
  traces = { "0": translateAarch64(TRACES, "traces-a64-0", "0"), "2": translateAarch64(TRACES, "traces-a64-2", "2") };
  for (const b of [checked, ...Object.values(traces)]) b.catch(() => {});
});
afterAll(removeScratch);

const native = async (binary: Promise<string>, args: string[], env: Record<string, string> = {}) =>
  outcome(await limit(async () => runAarch64(await binary, args, { cwd: repoRoot, timeoutMs: 120_000, env })));

describe.concurrent("the safety checks of an AArch64 binary stop where rts run --checked stops", () => {
  for (const name of CHECKED_CASES) {
    it(name, { timeout: 600_000 }, async () => {
      const [a64, reference] = await Promise.all([native(checked, [name]), limit(() => runRts(["run", "--checked", CHECKED, name]))]);
      expect(a64).toEqual(outcome(reference));
    });
  }

  it("the cases do stop the binary: an index out of bounds", { timeout: 600_000 }, async () => {
    expect(await native(checked, ["read"])).toEqual({ stdout: "reading\n", stderr: `fatal error: index 5 out of bounds (length 3)\n    at run (${CHECKED}:54:19)\n    at main (${CHECKED}:205:3)\n`, status: 70 });
  });
});

describe.concurrent("the stack traces of an AArch64 binary", () => {
  for (const { name, status } of TRACE_CASES) {
    for (const opt of ["0", "2"] as const) {
      it(`${name} --opt ${opt}`, { timeout: 600_000 }, async () => {
        const [a64, ll] = await Promise.all([native(traces[opt], [name]), limit(() => runRts(["run", "--llinterp", "--opt", opt, TRACES, name]))]);
        expect(a64).toEqual(outcome(ll));
        expect(a64.stderr).toBe(expectedTrace(name));
        expect(a64.status).toBe(status);
      });
    }
  }

  it("out of memory shows the allocation's calls, at --opt 0 and 2", { timeout: 600_000 }, async () => {
    for (const opt of ["0", "2"] as const) {
      expect(await native(traces[opt], ["memory"], { RTS_GC_MAX: "16MB" })).toEqual({ stdout: "", stderr: expectedTrace("memory"), status: 70 });
    }
  });
});
