// The JIT's log sections (src/runtime/jit/jitlog.ts) on simulated memory, written to a file and
// read back with the strict PYPYLOG parser: PyPy's section names and header lines, the trace in
// oparser text (which parses back to the same trace), aborts inside jit-tracing.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { logReset } from "../../src/runtime/log.ts";
import { resetSimulatedMemory } from "../../src/lib/system.ts";
import { parseTrace } from "../../src/jit/parse-trace.ts";
import { traceText } from "../../src/runtime/jit/print-trace.ts";
import { ABORT_NAMES, ABORT_TOO_LONG, guardDescrName, logAbort, logNoopt, logOptBridge, logOptLoop, tracingStart, tracingStop } from "../../src/runtime/jit/jitlog.ts";
import { findSections, parsePypylog } from "../helpers/pypylog.ts";
import { setSimulatedEnvironment } from "../helpers/simulated-env.ts";
import { testNamespace } from "./trace-helpers.ts";

const directory = mkdtempSync(join(tmpdir(), "rts-jitlog-"));
let count = 0;
afterAll(() => {
  logReset();
  rmSync(directory, { recursive: true, force: true });
});
beforeEach(() => {
  logReset();
  resetSimulatedMemory();
});

function logTo(categories: string): string {
  count += 1;
  const path = join(directory, `jit-${count}.log`);
  setSimulatedEnvironment([`RTSLOG=${categories}:${path}`]);
  return path;
}

const LOOP = `[i0, p1]
label(i0, p1, descr=loop)
debug_merge_point(0, 0, 'count at 3')
i2 = int_add(i0, 1)
i3 = int_lt(i2, 100)
guard_true(i3, descr=g0) [i2, p1]
jump(i2, p1, descr=loop)
`;

describe("the JIT's log sections", () => {
  it("writes jit-tracing around jit-log-noopt and jit-log-opt-loop, with PyPy's header lines", () => {
    const path = logTo("jit");
    const trace = parseTrace(LOOP, testNamespace());
    tracingStart();
    logNoopt(trace);
    tracingStop();
    logOptLoop(0, "count at 3", trace);
    logOptBridge(42, trace);
    const log = parsePypylog(readFileSync(path, "utf8"));
    expect(log.map((s) => s.name)).toEqual(["jit-tracing", "jit-log-opt-loop", "jit-log-opt-bridge"]);
    const [noopt] = findSections(log, "jit-log-noopt");
    expect(noopt!.lines[0]).toBe("# Traced loop or bridge with 6 ops");
    const text = traceText(trace);
    expect(noopt!.lines.slice(1).join("\n") + "\n").toBe(text);
    const [opt] = findSections(log, "jit-log-opt-loop");
    expect(opt!.lines[0]).toBe("# Loop 0 (count at 3) : loop with 6 ops");
    // the text reads back as the same trace
    expect(traceText(parseTrace(opt!.lines.slice(1).join("\n"), testNamespace()))).toBe(text);
    expect(findSections(log, "jit-log-opt-bridge")[0]!.lines[0]).toBe("# bridge out of Guard 0x2a with 6 ops");
  });

  it("writes an abort in jit-abort and as a line of the enclosing jit-tracing", () => {
    const path = logTo("jit-tracing,jit-abort");
    tracingStart();
    logAbort(ABORT_TOO_LONG, "count at 3");
    tracingStop();
    const log = parsePypylog(readFileSync(path, "utf8"));
    expect(log[0]!.name).toBe("jit-tracing");
    expect(log[0]!.lines).toEqual(["~~~ ABORTING TRACING trace too long at count at 3"]);
    expect(findSections(log, "jit-abort")[0]!.lines).toEqual(["~~~ ABORTING TRACING trace too long at count at 3"]);
    expect(ABORT_NAMES[ABORT_TOO_LONG]).toBe("trace too long");
  });

  it("names a guard in its trace as the header of the bridge out of it does (PyPy's <Guard0x2a> and Guard 0x2a)", () => {
    for (const index of [0, 9, 10, 42, 255, 4096]) {
      const path = logTo("jit-log-opt");
      logOptBridge(index, parseTrace(LOOP, testNamespace()));
      const header = findSections(parsePypylog(readFileSync(path, "utf8")), "jit-log-opt-bridge")[0]!.lines[0]!;
      const inHeader = /^# bridge out of Guard 0x([0-9a-f]+) with/.exec(header)![1];
      expect(guardDescrName(index)).toBe(`<Guard0x${inHeader}>`);
      expect(parseInt(inHeader!, 16)).toBe(index);
      logReset();
    }
  });

  it("writes only the categories asked for", () => {
    const path = logTo("jit-log-opt");
    const trace = parseTrace(LOOP, testNamespace());
    tracingStart();
    logNoopt(trace);
    tracingStop();
    logOptLoop(3, "x", trace);
    const log = parsePypylog(readFileSync(path, "utf8"));
    expect(log.map((s) => s.name)).toEqual(["jit-log-opt-loop"]);
  });
});
