// How the differential runner compares outcomes and names a difference's kind (what the reducer
// keeps), and the reproducer files' expected block, written and read back.

import { describe, expect, it } from "vitest";
import { differenceKind, differences, type Mode, type Outcome } from "../../src/fuzz/modes.ts";
import { formatExpected, parseReproducer } from "../../src/fuzz/reproducer.ts";

const ok: Outcome = { stdout: "ck0 1\n", stderr: "", status: 0 };

describe("comparing the modes", () => {
  it("finds each mode that differs from rts run, and in which streams", () => {
    const results = new Map<Mode, Outcome>([
      ["node", ok],
      ["ll0", ok],
      ["ll2", { ...ok, stdout: "ck0 2\n" }],
      ["bin2", { stdout: "", stderr: "fatal error: index out of range\n", status: 70 }],
    ]);
    const found = differences(results);
    expect(found).toEqual([
      { mode: "ll2", streams: ["stdout"] },
      { mode: "bin2", streams: ["stdout", "stderr", "status"] },
    ]);
    expect(differenceKind(found[0]!, results.get("ll2")!)).toBe("ll2:stdout:output");
    expect(differenceKind(found[1]!, results.get("bin2")!)).toBe("bin2:stdout+stderr+status:fatal");
    expect(differenceKind({ mode: "bin0", streams: ["status"] }, { ...ok, status: "timeout" })).toBe("bin0:status:timeout");
    const failed: Outcome = { stdout: "", stderr: "user error: p12.ts:31:7: 'v3' is undefined, not an integer 64\n", status: "toolchain error" };
    expect(differenceKind({ mode: "ll2", streams: ["status"] }, failed)).toBe("ll2:status:toolchain:user error: '_' is undefined, not an integer N");
  });

  it("finds nothing when every mode agrees", () => {
    expect(differences(new Map<Mode, Outcome>([["node", ok], ["ll0", ok], ["bin2-stress", ok]]))).toEqual([]);
  });
});

describe("reproducer files", () => {
  it("read back the expectation they were written with", () => {
    const outcome: Outcome = { stdout: "a\nb\n", stderr: "Error: x\n    at p.ts:1:2\n", status: 1 };
    const text = "export function main(): number { return 0; }\n" + formatExpected(outcome);
    expect(parseReproducer(text)).toEqual({ program: "export function main(): number { return 0; }\n", expected: outcome });
  });
});
