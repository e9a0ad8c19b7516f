// The number helpers are RTS: `rts annotate` accepts a program that calls every one of them, and
// infers the types their invariants need (limbs and digits stay ints, so that translated they
// are 64-bit integers; the parsers return floats).

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runRts } from "../helpers/run-rts.ts";

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-numbers-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A target in a fresh directory that imports the helpers by a relative path (as RTS modules must). */
function writeTarget(): string {
  const helpers = path.relative(directory, path.join(repoRoot, "src/runtime/numbers.ts")).split(path.sep).join("/");
  const target = path.join(directory, "target.ts");
  writeFileSync(
    target,
    `import { formatFloat, formatInt, parseFloatPrefix, parseIntRadix, stringToNumber, toExponential, toExponentialShortest, toFixed, toPrecision } from "${helpers}";

export function main(argv: string[]): number {
  const s = argv.length > 1 ? argv[1] : "1.5";
  const x = parseFloatPrefix(s) + stringToNumber(s) + parseIntRadix(s, 0);
  console.log(formatFloat(x), formatInt(argv.length), toFixed(x, 2), toPrecision(x, 3), toExponential(x, 4), toExponentialShortest(x));
  return 0;
}
`,
  );
  return target;
}

describe("the number helpers", () => {
  it("are RTS, with integer limbs and digits", async () => {
    const result = await runRts(["annotate", writeTarget()], { cwd: directory });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n").map((line) => line.replace(/^.*\.ts:\d+ /, "").trim());
    for (const expected of [
      "formatFloat(x: float) -> string",
      "formatInt(n: int) -> string",
      "toFixed(x: float, fractionDigits: int) -> string",
      "parseFloatPrefix(s: string) -> float",
      "stringToNumber(s: string) -> float",
      "parseIntRadix(s: string, radix: int) -> float",
      "class BigNat",
      "limbs: int[]",
      "bigMul(a: BigNat, b: BigNat) -> BigNat",
      "bigQuotient(num: BigNat, den: BigNat) -> int",
      "digits: int[]",
      "makeDouble(m: int, e: int) -> float",
    ]) {
      expect(lines).toContain(expected);
    }
  });
});
