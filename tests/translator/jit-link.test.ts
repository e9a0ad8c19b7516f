// The JIT's runtime linked into a binary (`rts translate --jit`, src/translator/jit-link.ts),
// proved on its own before the merge point is lowered natively: with the hidden
// --jit-blackhole-main, the binary of tests/translator/fixtures/jit-blackhole-target.ts runs the
// portal's jitcode in the blackhole interpreter on the NativeCPU (src/runtime/jit/native-cpu.ts)
// instead of main. Its result must be what `rts run` computes running the portal as TypeScript:
// the jitcode allocates instances and an array (the collector's allocation, type ids that were
// symbolic words), loads and stores fields and items, tests a class record (instanceof),
// calls residual functions directly and through a class record (the generated dispatcher,
// src/translator/jit-dispatch.ts), raises and catches an exception, and sets the threshold
// (driver.setParam: jit_set_param made a call of the runtime's setter). RTS_JIT is applied at
// start (and refused when malformed, as every binary refuses it). One translation for the file.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeLayout } from "../../src/llir/lltype.ts";
import { EXC_DATA } from "../../src/rtyper/exceptions.ts";
import { runCommand, runRts } from "../helpers/run-rts.ts";

describe("what the binary's JIT assumes of the runtime's layout", () => {
  it("exc_data's exc_value is at its start: the CPU's excValueAddress is exc_data's address (jit-link.ts)", () => {
    expect(computeLayout(EXC_DATA).offsets.get("exc_value")).toBe(0);
  });
});

const program = "tests/translator/fixtures/jit-blackhole-target.ts";
const dir = mkdtempSync(path.join(tmpdir(), "rts-jit-link-"));
const binary = path.join(dir, "blackhole");

describe("rts translate --jit --jit-blackhole-main: the portal's jitcode run natively in the blackhole interpreter", () => {
  let phases = "";
  beforeAll(async () => {
    const translated = await runRts(["translate", "--jit", "--jit-blackhole-main", program, "-o", binary]);
    expect(translated.stderr).toBe("");
    expect(translated.status).toBe(0);
    phases = translated.stdout;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the JIT's phases with their times", () => {
    expect(phases).toContain("(--opt 2, --jit)");
    expect(phases).toMatch(/\n {2}jit runtime +\d+ ms {2}annotated with the portals' jitcodes: \d+ functions in all\n/);
    expect(phases).toMatch(/\n {2}codewriter +\(\d+ ms\) {2}\d+ jitcodes from run__portal: \d+ code words, \d+ descriptors, \d+ residual targets, \d+ symbolic words; part of rtyping's time\n/);
  });

  // the portal takes its green i (0 at the start) and its reds n and acc (the seed)
  for (const [n, seed] of [
    [0, 5],
    [1, 7],
    [10, 7],
    [25, 9],
    [100, 4000],
  ] as const) {
    it(`gives what rts run gives for n = ${n}, seed = ${seed}`, async () => {
      const node = await runRts(["run", program, String(n), String(seed)]);
      expect(node.status).toBe(0);
      const native = await runCommand(binary, ["0", String(n), String(seed)]);
      expect(native.stderr).toBe("");
      expect(native.status).toBe(0);
      // setParam runs at i = 2, in the portal
      expect(native.stdout).toBe(`${node.stdout}blackhole: threshold 1039 -> ${n > 2 ? 7 : 1039}\n`);
    });
  }

  it("applies RTS_JIT at start, and refuses a malformed one as every binary does", async () => {
    const three = await runCommand(binary, ["0", "1", "7"], { env: { RTS_JIT: "threshold=3" } });
    expect(three.stdout).toContain("blackhole: threshold 3 -> 3\n");
    const off = await runCommand(binary, ["0", "5", "7"], { env: { RTS_JIT: "off" } });
    expect(off.stdout).toContain("blackhole: threshold -1 -> 7\n");
    const bad = await runCommand(binary, ["0", "1", "7"], { env: { RTS_JIT: "threshold=x" } });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("invalid RTS_JIT=threshold=x");
  });

  it("says what it takes when the arguments do not fit the portal", async () => {
    const result = await runCommand(binary, ["0", "x"]);
    expect(result.stdout).toBe("blackhole: the portal jit-blackhole-target.run__portal takes 'iii'; give one integer per argument\n");
    expect(result.status).toBe(2);
  });
});
