// The native runtime's own behaviour, translated: stack overflow raised as Node's catchable
// RangeError (and reported like Node's when uncaught), fatal errors as `rts run --llinterp`
// prints them (it runs the same LL graphs), and the executable itself: static (`file`, `ldd`),
// mode 755, running with an empty environment.

import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCommand, runRts } from "../helpers/run-rts.ts";
import { limit, outcome, removeScratch, runBinary, translateAll } from "./native-harness.ts";

const fixture = (name: string) => `tests/fixtures/native/${name}.ts`;
const FIXTURES = ["stack-overflow", "stack-overflow-uncaught", "fatal-index", "fatal-not-integer", "clocks", "long-strings"];

let binaries: Map<string, Promise<string>>;
beforeAll(() => {
  binaries = translateAll(FIXTURES.map((name) => ({ target: fixture(name), name: `${name}-c` })));
});
afterAll(removeScratch);

const binary = (name: string) => binaries.get(fixture(name))!;
const native = async (name: string, args: string[] = []) => outcome(await limit(async () => runBinary(await binary(name), args, { cwd: repoRoot, timeoutMs: 60_000 })));

describe.concurrent("stack overflow", () => {
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

describe.concurrent("clocks", () => {
  it("Date.now, performance.now and rts's cpuTime read their clocks, on Node, in the LL interpreter and translated", { timeout: 300_000 }, async () => {
    const [node, ll, translated] = await Promise.all([
      limit(() => runRts(["run", fixture("clocks")])),
      limit(() => runRts(["run", "--llinterp", fixture("clocks")])),
      native("clocks"),
    ]);
    expect(node.stdout).not.toContain("false");
    expect(node.stdout).toContain("busy work takes processor time true");
    expect(outcome(ll)).toEqual(outcome(node));
    expect(translated).toEqual(outcome(node));
  });
});

describe.concurrent("long strings", () => {
  it("ten million appends and a doubling to ten million code units print what Node prints (linear time: a quadratic build would not end)", { timeout: 300_000 }, async () => {
    const [node, translated] = await Promise.all([limit(() => runRts(["run", fixture("long-strings")])), native("long-strings")]);
    expect(node.stdout).toBe("10000000 10000000 2440 x y 20000000\n");
    expect(translated).toEqual(outcome(node));
  });
});

describe.concurrent("fatal errors print what rts run --llinterp prints", () => {
  for (const name of ["fatal-index", "fatal-not-integer"]) {
    it(name, { timeout: 300_000 }, async () => {
      const [ll, translated] = await Promise.all([limit(() => runRts(["run", "--llinterp", fixture(name)])), native(name)]);
      expect(translated).toEqual(outcome(ll));
      expect(ll.status).toBe(70);
      expect(ll.stderr).toMatch(new RegExp(`^fatal error: .*\\n    at main \\(${fixture(name)}:\\d+:\\d+\\)\\n$`));
    });
  }
});

describe.concurrent("the executable", () => {
  it("is static: `file` and `ldd` say so", { timeout: 300_000 }, async () => {
    const file = await binary("fatal-index");
    const described = await runCommand("file", ["-b", file]);
    expect(described.stdout).toMatch(/^ELF 64-bit LSB executable, x86-64/);
    expect(described.stdout).toContain("statically linked");
    const ldd = await runCommand("ldd", [file]);
    expect(ldd.stdout + ldd.stderr).toContain("not a dynamic executable");
  });

  it("is written with mode 755", { timeout: 300_000 }, async () => {
    expect(statSync(await binary("fatal-index")).mode & 0o777).toBe(0o755);
  });

  it("runs with an empty environment (env -i) exactly as with one", { timeout: 300_000 }, async () => {
    const file = await binary("stack-overflow");
    const [plain, empty] = await Promise.all([native("stack-overflow", ["x"]), limit(() => runCommand("env", ["-i", file, "x"]))]);
    expect(outcome(empty)).toEqual(plain);
    expect(plain.status).toBe(3);
  });
});
