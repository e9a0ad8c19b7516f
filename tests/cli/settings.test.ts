// `rts run` and `rts run --llinterp` check the runtime's RTS_* settings before the program
// starts, as a translated binary does (tests/differential/native-gc.test.ts checks binaries;
// tests/runtime/settings.test.ts every form): a malformed one stops with status 2 and a
// message naming it, valid ones run the program.

import { describe, expect, it } from "vitest";
import { runRts } from "../helpers/run-rts.ts";

const TARGET = "tests/fixtures/run/args.ts";

const BAD: Record<string, string> = {
  RTS_GC_NURSERY: "bogus",
  RTS_GC_MAX: "1.5x",
  RTS_GC_MAJOR_COLLECT: "0.5",
  RTS_GC_STRESS: "yes",
  RTSLOG: "gc minor:gc.log",
  RTS_JIT: "threshold=three",
};

// --llinterp runs the same check as plain run (src/cli/runtime-settings.ts): one variable there.
describe.concurrent.each([
  ["run", Object.entries(BAD)],
  ["run --llinterp", [["RTS_GC_NURSERY", "bogus"]]],
])("rts %s", (mode, bad) => {
  const command = mode.split(" ");

  it.each(bad)("stops at %s=%s before the program starts", async (name, value) => {
    const result = await runRts([...command, TARGET, "x"], { env: { [name]: value } });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(new RegExp(`^error: invalid ${name}=${value.replace(".", "\\.")}: expected .+\\n$`));
  });

  it("runs the program with valid settings", async () => {
    const env = { RTS_GC_NURSERY: "512KB", RTS_GC_MAX: "1.5GB", RTS_GC_MAJOR_COLLECT: "2", RTS_GC_STRESS: "1", RTSLOG: "gc:-", RTS_JIT: "threshold=3" };
    const plain = await runRts([...command, TARGET, "x"], { env: Object.fromEntries(Object.keys(env).map((name) => [name, undefined])) });
    expect(plain).toMatchObject({ status: 3, stderr: "" });
    expect(await runRts([...command, TARGET, "x"], { env })).toEqual(plain);
  });
});
