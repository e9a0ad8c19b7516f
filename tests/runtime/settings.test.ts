// The start check of the runtime's settings (src/runtime/settings.ts) on an envp
// block in simulated memory: every variable the runtime reads, refused with status 2 and a
// message naming it and its forms when malformed, accepted in each of its valid forms. osExit
// and standard error are mocked (the real osExit would end the test process).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

const exits = vi.hoisted(() => {
  class ProcessExit extends Error {
    status: number;
    constructor(status: number) {
      super(`exit ${status}`);
      this.status = status;
    }
  }
  return { ProcessExit, stderr: [] as string[] };
});

vi.mock("rts/system", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/lib/system.ts")>();
  return {
    ...actual,
    osExit: (status: number) => {
      throw new exits.ProcessExit(status);
    },
    osWrite: (fd: number, buf: Uint8Array, start: number, length: number) => {
      if (fd !== 2) return actual.osWrite(fd, buf, start, length);
      exits.stderr.push(Buffer.from(buf.subarray(start, start + length)).toString("utf8"));
      return length;
    },
  };
});

import { resetSimulatedMemory } from "../../src/lib/system.ts";
import { logReset } from "../../src/runtime/log.ts";
import { checkRuntimeSettings } from "../../src/runtime/settings.ts";
import { setSimulatedEnvironment } from "../helpers/simulated-env.ts";

const directory = mkdtempSync(join(tmpdir(), "rts-settings-"));
afterAll(() => {
  logReset();
  rmSync(directory, { recursive: true, force: true });
});

beforeEach(() => {
  exits.stderr.length = 0;
  logReset();
  resetSimulatedMemory();
});

/** Runs the check on the environment entries: the exit status (undefined when it returned) and standard error. */
function check(entries: string[]): { status: number | undefined; stderr: string } {
  setSimulatedEnvironment(entries);
  let status: number | undefined;
  try {
    checkRuntimeSettings();
  } catch (error) {
    if (!(error instanceof exits.ProcessExit)) throw error;
    status = error.status;
  }
  return { status, stderr: exits.stderr.join("") };
}

const JIT_FORMS = "expected off, default, or name=value items separated by commas, such as threshold=3,trace_eagerness=2; the names are threshold,";
const SIZE_FORMS = "expected a size in bytes, such as 4194304, 512KB, 4MB or 1.5GB (K, M and G are powers of 1024; the B is optional)\n";

describe("the runtime's settings at start", () => {
  it.each([
    ["RTS_GC_NURSERY", "bogus", SIZE_FORMS],
    ["RTS_GC_NURSERY", "4XB", SIZE_FORMS],
    ["RTS_GC_NURSERY", "-1", SIZE_FORMS],
    ["RTS_GC_NURSERY", "4 MB", SIZE_FORMS],
    ["RTS_GC_MAX", "lots", SIZE_FORMS],
    ["RTS_GC_MAX", "1e9", SIZE_FORMS],
    ["RTS_GC_MAJOR_COLLECT", "fast", "expected a decimal number of at least 1, such as 1.82 or 2\n"],
    ["RTS_GC_MAJOR_COLLECT", "0.5", "expected a decimal number of at least 1, such as 1.82 or 2\n"],
    ["RTS_GC_MAJOR_COLLECT", "0", "expected a decimal number of at least 1, such as 1.82 or 2\n"],
    ["RTS_GC_STRESS", "yes", "expected 0 or 1\n"],
    ["RTS_GC_STRESS", "2", "expected 0 or 1\n"],
    ["RTS_GC_STRESS", "10", "expected 0 or 1\n"],
    ["RTSLOG", "gc minor:x.log", "expected categories:path"],
    ["RTSLOG", "gc;jit:x.log", "expected categories:path"],
    ["RTS_JIT", "treshold=3", JIT_FORMS],
    ["RTS_JIT", "threshold=3,trace_eagerness=two", JIT_FORMS],
    ["RTS_JIT", "threshold=3,", JIT_FORMS],
    ["RTS_JIT", "enable_opts=intbounds:earlyforce", JIT_FORMS],
    ["RTS_JIT", "on", JIT_FORMS],
  ])("stops at %s=%s with status 2, naming the variable and its forms", (name, value, forms) => {
    const { status, stderr } = check(["HOME=/root", `${name}=${value}`]);
    expect(status).toBe(2);
    expect(stderr.startsWith(`error: invalid ${name}=${value}: ${forms}`)).toBe(true);
  });

  it("stops when the log file cannot be created", () => {
    const path = join(directory, "no-such-directory", "gc.log");
    expect(check([`RTSLOG=gc:${path}`])).toEqual({ status: 2, stderr: `error: invalid RTSLOG=gc:${path}: cannot create the log file\n` });
  });

  it("cuts a long value in the message", () => {
    const { status, stderr } = check([`RTS_GC_NURSERY=${"9".repeat(300)}`]);
    expect(status).toBe(2);
    expect(stderr).toBe(`error: invalid RTS_GC_NURSERY=${"9".repeat(200)}...: ${SIZE_FORMS}`);
  });

  it("reports the first bad one of several", () => {
    expect(check(["RTS_GC_STRESS=on", "RTS_GC_NURSERY=big"]).stderr).toMatch(/^error: invalid RTS_GC_NURSERY=big: /);
  });

  it("accepts every valid form, and empty values as unset", () => {
    const log = join(directory, "ok.log");
    const valid = [
      ["RTS_GC_NURSERY=4194304", "RTS_GC_MAX=0", "RTS_GC_MAJOR_COLLECT=1.82", "RTS_GC_STRESS=0", `RTSLOG=gc-minor,gc-major:${log}`],
      ["RTS_GC_NURSERY=512KB", "RTS_GC_MAX=1.5GB", "RTS_GC_MAJOR_COLLECT=2", "RTS_GC_STRESS=1", `RTSLOG=${log}`],
      ["RTS_GC_NURSERY=4mb", "RTS_GC_MAX=2g", "RTS_GC_MAJOR_COLLECT=1", `RTSLOG=+${log}`],
      ["RTS_GC_NURSERY=1.5M", "RTS_GC_MAX=64MB", "RTS_GC_MAJOR_COLLECT=3.", "RTSLOG=gc:-"],
      ["RTS_GC_NURSERY=", "RTS_GC_MAX=", "RTS_GC_MAJOR_COLLECT=", "RTS_GC_STRESS=", "RTSLOG="],
      ["RTSLOG=:-", "RTS_GC_NURSERY_TYPO=bogus", "RTS=x"],
      ["RTS_JIT=threshold=3,trace_eagerness=2"],
      ["RTS_JIT=off"],
      ["RTS_JIT=default"],
      ["RTS_JIT= threshold=-1 , enable_opts=intbounds:rewrite:heap"],
      ["RTS_JIT=enable_opts=all"],
      ["RTS_JIT="],
      [],
    ];
    for (const entries of valid) {
      logReset();
      resetSimulatedMemory();
      expect({ entries, ...check(entries) }).toEqual({ entries, status: undefined, stderr: "" });
    }
  });
});
