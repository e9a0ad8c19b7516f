// The native runtime translated for aarch64 and run under qemu-aarch64 (an empty environment):
// stack overflow raised as Node's catchable RangeError (and reported like Node's when uncaught),
// fatal errors printed as `rts run --llinterp` prints them (it runs the same LL graphs), clocks,
// a stack trace through the x29 frame chain, and the executable itself: `file` names it a
// statically linked ARM aarch64 executable, its symbol table names functions as on x86-64.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCommand, runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, translateTarget } from "../differential/native-harness.ts";
import { runAarch64, translateAarch64 } from "./qemu.ts";

const fixture = (name: string) => `tests/fixtures/native/${name}.ts`;
const FIXTURES = ["stack-overflow", "stack-overflow-uncaught", "fatal-index", "fatal-not-integer", "clocks"];

let binaries: Map<string, Promise<string>>;
let x86Hello: Promise<string>;
beforeAll(() => {
  binaries = new Map();
  for (const name of FIXTURES) {
    const promise = translateAarch64(fixture(name), `${name}-a64`);
    promise.catch(() => {});
    binaries.set(name, promise);
  }
  x86Hello = translateTarget(fixture("fatal-index"), "fatal-index-x86", "2", ["--target", "x86-64"]);
  x86Hello.catch(() => {});
});
afterAll(removeScratch);

const binary = (name: string) => binaries.get(name)!;
const native = async (name: string, args: string[] = []) => outcome(await limit(async () => runAarch64(await binary(name), args, { cwd: repoRoot, timeoutMs: 120_000 })));

describe.concurrent("stack overflow on aarch64", () => {
  it("is a RangeError the program catches, as on Node, and the stack is usable again", { timeout: 300_000 }, async () => {
    const [node, translated] = await Promise.all([limit(() => runRts(["run", fixture("stack-overflow")])), native("stack-overflow")]);
    expect(translated).toEqual(outcome(node));
    expect(node.status).toBe(3);
  });

  it("uncaught, prints the RangeError after the output so far and exits 1", { timeout: 300_000 }, async () => {
    const translated = await native("stack-overflow-uncaught");
    expect(translated.stdout).toBe("before\n");
    expect(translated.stderr).toMatch(/^RangeError: Maximum call stack size exceeded\n/);
    expect(translated.status).toBe(1);
  });
});

describe.concurrent("clocks on aarch64", () => {
  it("Date.now, performance.now and cpuTime read their clocks as on Node", { timeout: 300_000 }, async () => {
    const [node, translated] = await Promise.all([limit(() => runRts(["run", fixture("clocks")])), native("clocks")]);
    expect(node.stdout).toContain("busy work takes processor time true");
    expect(translated).toEqual(outcome(node));
  });
});

describe.concurrent("fatal errors on aarch64 print what rts run --llinterp prints", () => {
  for (const name of ["fatal-index", "fatal-not-integer"]) {
    it(name, { timeout: 300_000 }, async () => {
      const [ll, translated] = await Promise.all([limit(() => runRts(["run", "--llinterp", fixture(name)])), native(name)]);
      expect(translated).toEqual(outcome(ll));
      expect(ll.status).toBe(70);
      expect(ll.stderr).toMatch(new RegExp(`^fatal error: .*\\n    at main \\(${fixture(name)}:\\d+:\\d+\\)\\n$`));
    });
  }
});

/** The function symbols of an executable (readelf), sorted. */
async function functionSymbols(file: string): Promise<string[]> {
  const listed = await runCommand("readelf", ["-sW", file]);
  return listed.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[3] === "FUNC")
    .map((f) => f[7]!)
    .sort();
}

describe.concurrent("the aarch64 executable", () => {
  it("is a statically linked ARM aarch64 executable (`file`)", { timeout: 300_000 }, async () => {
    const described = await runCommand("file", ["-b", await binary("fatal-index")]);
    expect(described.stdout).toMatch(/^ELF 64-bit LSB executable, ARM aarch64/);
    expect(described.stdout).toContain("statically linked");
  });

  it("names its functions as the x86-64 executable of the same program does", { timeout: 300_000 }, async () => {
    const [arm, x86] = await Promise.all([functionSymbols(await binary("fatal-index")), functionSymbols(await x86Hello)]);
    expect(arm).toContain("_start");
    expect(arm).toContain("fatal-index.main");
    expect(arm).toContain("rts.gcAllocStub");
    expect(arm).toEqual(x86);
  });
});
