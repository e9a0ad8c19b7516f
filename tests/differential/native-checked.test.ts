// `rts run --checked` against the translated binary on buggy programs: tests/fixtures/checked/
// buggy.ts is translated once, and each of its cases (an index out of bounds read or written, an
// integer past 2^53, a modulo by zero, a float that is no integer where the binary needs one, a
// null where a value is needed, ...) must print exactly what the binary prints, on stdout and
// stderr, and exit with the same status (70 for a fatal error). Plain `rts run` goes on where
// the binary stops: the last test shows that the cases do tell the two apart.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, runBinary, translateTarget } from "./native-harness.ts";
import { repoRoot, rtsBin, runCommand } from "../helpers/run-rts.ts";

const target = "tests/fixtures/checked/buggy.ts";

/** Each case with the argument that makes n (its length) 0; "ok" and "negative-zero" stop nowhere. */
const CASES = [
  "ok",
  "read",
  "read-loop",
  "read-negative",
  "write-append",
  "write-beyond",
  "typed-read",
  "typed-write",
  "string-index",
  "char-code",
  "char-at",
  "overflow-mul",
  "overflow-add",
  "overflow-edge",
  "overflow-compound",
  "overflow-update",
  "overflow-field",
  "overflow-field-update",
  "overflow-item",
  "item-compound-read",
  "item-update",
  "modulo-zero",
  "division-zero",
  "not-integer",
  "negative-zero",
  "non-null",
  "length-grow",
  "typed-set",
  "repeat-negative",
  "destructure",
];

let binary: Promise<string>;
beforeAll(() => {
  binary = translateTarget(target, "checked-buggy-c");
  binary.catch(() => {});
});
afterAll(removeScratch);

describe.concurrent("rts run --checked stops where the binary stops", () => {
  for (const name of CASES) {
    it(name, { timeout: 600_000 }, async () => {
      const file = await binary;
      const [native, checked] = await Promise.all([
        limit(() => runBinary(file, [name], { cwd: repoRoot, timeoutMs: 60_000 })),
        limit(() => runRts(["run", "--checked", target, name])),
      ]);
      expect(outcome(checked)).toEqual(outcome(native));
    });
  }

  it("writes standard output before the fatal error, as the binary does (both into one pipe)", { timeout: 600_000 }, async () => {
    const file = await binary;
    const merged = (command: string) => limit(() => runCommand("sh", ["-c", `${command} overflow-mul 2>&1`]));
    const [native, checked] = await Promise.all([merged(file), merged(`${process.execPath} ${rtsBin} run --checked ${target}`)]);
    expect(checked.stdout).toBe(native.stdout);
    expect(native.stdout).toMatch(/^4503599627370496\n9007199254740992\nfatal error: integer overflow/);
  });

  it("the cases stop the binary where plain rts run goes on", { timeout: 600_000 }, async () => {
    const file = await binary;
    const [native, plain] = await Promise.all([
      limit(() => runBinary(file, ["read"], { cwd: repoRoot, timeoutMs: 60_000 })),
      limit(() => runRts(["run", target, "read"])),
    ]);
    expect(outcome(native)).toEqual({ stdout: "reading\n", stderr: `fatal error: index 5 out of bounds (length 3)\n    at run (${target}:54:19)\n    at main (${target}:205:3)\n`, status: 70 });
    expect(outcome(plain)).toEqual({ stdout: "reading\nundefined\n", stderr: "", status: 0 });
  });
});
