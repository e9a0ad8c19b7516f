// The collector as RTS: tests/fixtures/gc/collector-program.ts drives it through allocation,
// barriers, hashes and collections with its own type table and roots; it must annotate and print
// the same on Node and in the LL interpreter. (Not as a native executable: there the program's
// own frames use the real shadow stack and collector, which the fixture's manual roots and second
// gcInit would fight.)

import { describe, expect, it } from "vitest";
import { runRts } from "../helpers/run-rts.ts";

describe("translated (tests/fixtures/gc/collector-program.ts)", () => {
  const program = "tests/fixtures/gc/collector-program.ts";
  const expected = ["list sum 200010000, hash kept true", "item 600 7", "minor true, major true, in use 648232", ""].join("\n");

  it("prints the same on Node and in the LL interpreter", async () => {
    expect(await runRts(["run", program])).toMatchObject({ stdout: expected, status: 0 });
    expect(await runRts(["run", "--llinterp", program])).toMatchObject({ stdout: expected, status: 0 });
  });
});
