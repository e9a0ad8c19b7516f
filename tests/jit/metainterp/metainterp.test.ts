// The tracing meta-interpreter (src/runtime/jit/metainterp): on the tiny interpreter's jitcodes
// (tiny-interp.ts), it runs programs concretely, records loops in oparser text with the
// recording rules (folding, guards, calls, promotion), and its traces, run by the trace
// interpreter from the same inputs, give what the jitcode execution gives.

import { describe, expect, it } from "vitest";
import { checkTrace } from "../../../src/runtime/jit/check-trace.ts";
import { JitParams, P_TRACE_LIMIT } from "../../../src/lib/jit-params.ts";
import { undecidedJitInsns } from "../../../src/runtime/jit/jitcode-insns.ts";
import { JitProfiler, PROF_ABORT_TOO_LONG, PROF_GUARDS, PROF_RECORDED_OPS, PROF_TRACING } from "../../../src/runtime/jit/jitprof.ts";
import { MergePointArgs, MetaInterp, MI_ABORTED, MI_CLOSED, MI_DONE, MI_EXCEPTION, MI_FATAL, MI_MERGE_POINT } from "../../../src/runtime/jit/metainterp/metainterp.ts";
import { interpret, METAINTERP_OPERATIONS } from "../../../src/runtime/jit/metainterp/opimpl.ts";
import type { ResumeGuardDescr } from "../../../src/runtime/jit/metainterp/snapshot.ts";
import { traceText, valueText } from "../../../src/runtime/jit/print-trace.ts";
import { interpretTrace } from "../../../src/runtime/jit/trace-interp.ts";
import { TraceValues } from "../../../src/runtime/jit/trace-cpu.ts";
import { parseTrace } from "../../../src/jit/parse-trace.ts";
import { traceShape } from "../trace-helpers.ts";
import { ELID_FN, OP, RAISING_FN, RES_FN, TinyLocations, TinyMemory, dataDescr, elidCallDescr, raisingCallDescr, resCallDescr, tinyJitCode } from "./tiny-interp.ts";

const tiny = tinyJitCode();

function newMetaInterp(mem: TinyMemory, traceLimit = 6000): MetaInterp {
  const params = new JitParams();
  params.set(P_TRACE_LIMIT, traceLimit);
  const mi = new MetaInterp(mem, params, new JitProfiler());
  mi.locations = new TinyLocations(mem);
  return mi;
}

/** Runs the program without tracing: the result, or how it stopped. */
function runPlain(pairs: [number, number][], acc: number, n: number, data: number[] = []): string {
  const mem = new TinyMemory();
  const mi = newMetaInterp(mem);
  mi.enterJitCode(tiny, [0, acc, n], [mem.program(pairs), mem.intArray(data, dataDescr)], []);
  for (;;) {
    const status = interpret(mi);
    if (status === MI_MERGE_POINT) mi.continueInterpreting();
    else if (status === MI_DONE) return `${mi.resultValue}`;
    else if (status === MI_FATAL) return `fatal ${mi.fatalSite!.file}:${mi.fatalSite!.line}:${mi.fatalSite!.column}: ${mi.fatalMessage}`;
    else if (status === MI_EXCEPTION) return `exception ${mi.exception}`;
    else throw new Error(`status ${status}`);
  }
}

/** Interprets to the first merge point after a loop header, then traces from there. */
function traceLoop(pairs: [number, number][], acc: number, n: number, data: number[] = [], traceLimit = 6000) {
  const mem = new TinyMemory();
  const mi = newMetaInterp(mem, traceLimit);
  const dataRef = mem.intArray(data, dataDescr);
  const codeRef = mem.program(pairs);
  mi.enterJitCode(tiny, [0, acc, n], [codeRef, dataRef], []);
  expect(interpret(mi)).toBe(MI_MERGE_POINT);
  const frame = mi.frames[0]!;
  const inputs = new MergePointArgs(frame, frame.pc).redValues(frame);
  mi.startLoop();
  const status = interpret(mi);
  return { mem, mi, status, inputs, dataRef, codeRef };
}

/** Runs a closed loop's trace in the trace interpreter from the inputs it was traced from. */
function runLoop(mi: MetaInterp, mem: TinyMemory, inputs: TraceValues) {
  return interpretTrace(mi.trace, mem, inputs);
}

const SUM: [number, number][] = [
  [OP.ADDN, 0],
  [OP.DEC, 0],
  [OP.JNZ, 0],
  [OP.HALT, 0],
];

describe("the meta-interpreter's instruction table", () => {
  it("decides every jitcode instruction", () => {
    expect(undecidedJitInsns(METAINTERP_OPERATIONS)).toEqual([]);
  });
});

describe("interpreting (nothing recorded)", () => {
  it("runs the tiny interpreter's programs", () => {
    expect(runPlain(SUM, 0, 10)).toBe("55");
    expect(runPlain([[OP.ADD, 3], [OP.SQUARE, 0], [OP.HALT, 0]], 1, 0)).toBe("17");
    expect(runPlain([[OP.RES, 5], [OP.HALT, 0]], 4, 0)).toBe("13");
    expect(runPlain([[OP.ELID, 3], [OP.HALT, 0]], 4, 0)).toBe("34");
    expect(runPlain([[OP.IDX, 0], [OP.HALT, 0]], 1, 2, [5, 6, 7])).toBe("8");
    expect(runPlain([[OP.TRY, 0], [OP.HALT, 0]], 5, 0)).toBe("6");
    expect(runPlain([[OP.TRY, 0], [OP.HALT, 0]], 500, 0)).toBe("-1");
  });

  it("stops at a failing check with its message and site", () => {
    expect(runPlain([[OP.IDX, 0], [OP.HALT, 0]], 1, 3, [5, 6, 7])).toBe("fatal tiny.ts:20:9: index 3 out of bounds (length 3)");
    expect(runPlain([[OP.SQUARE, 0], [OP.HALT, 0]], 2 ** 30, 0)).toBe("fatal tiny.ts:30:12: integer overflow: the result is beyond the integers JavaScript keeps exact (2^53)");
    expect(runPlain([[42, 0]], 0, 0)).toBe("fatal tiny.ts:10:5: bad opcode");
  });
});

describe("tracing a loop", () => {
  it("records the loop from its merge point back to it, the dispatch folded away", () => {
    const { mi, status } = traceLoop(SUM, 0, 10);
    expect(status).toBe(MI_CLOSED);
    expect(traceText(mi.trace)).toBe(
      [
        "[i0, i1, p2]",
        "label(i0, i1, p2, descr=loop0)",
        "debug_merge_point(0, 0, '0: ADDN')",
        "i3 = int_add(i0, i1)",
        "debug_merge_point(0, 0, '2: DEC')",
        "i4 = int_sub(i1, 1)",
        "debug_merge_point(0, 0, '4: JNZ')",
        "i5 = int_ne(i4, 0)",
        "guard_true(i5, descr=<Guard0x0>) [i3, i4, p2]",
        "jump(i3, i4, p2, descr=loop0)",
        "",
      ].join("\n"),
    );
    expect(checkTrace(mi.trace)).toBe("");
    expect(mi.registry.loops).toHaveLength(1);
    expect(mi.profiler.counters[PROF_RECORDED_OPS]).toBe(9);
    expect(mi.profiler.counters[PROF_GUARDS]).toBe(1);
  });

  it("gives, run by the trace interpreter from the same inputs, what the jitcode gives", () => {
    for (const n of [3, 10, 57]) {
      const { mi, mem, inputs } = traceLoop(SUM, 7, n);
      // the trace ran one iteration while recording: run it from where the recording started
      const exit = runLoop(mi, mem, inputs);
      expect(exit.guardFailed).toBe(true);
      // the guard fails at JNZ when n reaches 0: acc is the program's result
      expect(exit.values.ints[0]).toBe(Number(runPlain(SUM, 7, n)));
      expect(exit.values.ints[1]).toBe(0);
    }
  });

  it("records an inline call's operations in the caller's trace, its guards sharing the caller's snapshot", () => {
    const { mi, status, codeRef } = traceLoop([[OP.SQUARE, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 1, 3);
    expect(status).toBe(MI_CLOSED);
    expect(traceText(mi.trace)).toContain(
      [
        "debug_merge_point(0, 0, '0: SQUARE')",
        "i3 = int_mul_ovf(i0, i0)",
        "guard_no_overflow(descr=<Guard0x0>) [i0, i1, p2]",
        "i4 = int_add_ovf(i3, 1)",
        "guard_no_overflow(descr=<Guard0x1>) [i0, i1, p2, i3]",
        "debug_merge_point(0, 0, '2: DEC')",
      ].join("\n"),
    );
    const [first, second] = mi.trace.operations.filter((op) => op.name() === "guard_no_overflow").map((op) => (op.descr as ResumeGuardDescr).snapshot);
    // square's frame on top, resuming at the live before each operation, with its live register
    expect(first!.jitcode.name).toBe("square");
    expect(first!.pc).toBe(0);
    expect(first!.boxes).toEqual([mi.trace.inputArgs[0]]);
    expect(second!.pc).toBe(7);
    expect(second!.boxes).toEqual([mi.trace.operations.find((op) => op.name() === "int_mul_ovf")]);
    // below it the portal's frame, at the live after the call: one snapshot shared by both guards
    expect(first!.prev).toBe(second!.prev);
    const portal = first!.prev!;
    expect(portal.jitcode.name).toBe("tiny");
    expect(portal.prev).toBeNull();
    // pc (a constant), acc and n (the trace's), the code (a constant), the data array
    expect(portal.boxes.map(valueText)).toEqual(["2", "i0", "i1", `ConstPtr(${codeRef})`, "p2"]);
  });

  it("records a residual call, and folds an elidable one on constants (calling it at trace time)", () => {
    const { mi, mem } = traceLoop([[OP.RES, 3], [OP.ELID, 4], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 1, 5);
    const text = traceText(mi.trace);
    expect(text).toContain("i3 = call_i(ConstClass(res), i0, 3, descr=rescalldescr)\n");
    expect(text).not.toContain("elid");
    expect(text).toContain("i4 = int_add(i3, 40)\n");
    expect(mem.elidCalls).toBeGreaterThan(0);
  });

  it("records call_pure for an elidable call on a variable", () => {
    const { mi } = traceLoop([[OP.ELIDN, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 1, 5);
    expect(traceText(mi.trace)).toContain("i3 = call_pure_i(ConstClass(elid), i1, descr=elidcalldescr)\n");
  });

  it("promotes with guard_value, the value a constant afterwards", () => {
    const { mi } = traceLoop([[OP.PROM, 0], [OP.ADDN, 0], [OP.JNZ, 0], [OP.HALT, 0]], 1, 5);
    const text = traceText(mi.trace);
    expect(text).toContain("guard_value(i1, 5, descr=<Guard0x0>) [i0, i1, p2]\ni3 = int_add(i0, 5)\n");
    // ADDN after the promotion adds the constant too; JNZ on the constant records no guard
    expect(text).toContain("i4 = int_add(i3, 5)\n");
    expect(text).not.toContain("int_ne");
  });

  it("records a bounds check as uint_lt and guard_true", () => {
    const { mi } = traceLoop([[OP.IDX, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 0, 3, [1, 2, 3, 4]);
    expect(traceText(mi.trace)).toContain(
      "i3 = arraylen_gc(p2, descr=datadescr)\ni4 = uint_lt(i1, i3)\nguard_true(i4, descr=<Guard0x0>) [i0, i1, i3, p2]\ni5 = getarrayitem_gc_i(p2, i1, descr=datadescr)\n",
    );
  });

  it("records guard_no_exception after a call that can raise", () => {
    const { mi } = traceLoop([[OP.TRY, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 0, 5);
    expect(traceText(mi.trace)).toContain("i3 = call_i(ConstClass(raising), i0, descr=raisingcalldescr)\nguard_no_exception(descr=<Guard0x0>) [i3, i1, p2]\n");
  });

  it("records guard_exception when the call raises, and the exception handled inside the trace", () => {
    // acc: 10 -> 60 -> 61 (first iteration, interpreted), then 111 raises in the traced one
    const { mi: mi2, status: status2 } = traceLoop([[OP.ADD, 50], [OP.TRY, 0], [OP.JNZ, 0], [OP.HALT, 0]], 10, 5);
    expect(status2).toBe(MI_DONE);
    const text = traceText(mi2.trace);
    expect(text).toContain("i4 = call_i(ConstClass(raising), i3, descr=raisingcalldescr)\np5 = guard_exception(2000, descr=<Guard0x0>) [i3, i1, p2]\n");
    // the exception left through the portal's catch: the trace ends with the portal's result
    expect(text).toContain("finish(-1, descr=done_with_this_frame)");
    expect(mi2.resultValue).toBe(-1);
  });

  it("prints the greens as the location when the driver has no printable location", () => {
    const mem = new TinyMemory();
    const mi = new MetaInterp(mem, new JitParams(), new JitProfiler());
    const codeRef = mem.program(SUM);
    mi.enterJitCode(tiny, [0, 0, 10], [codeRef, mem.intArray([], dataDescr)], []);
    expect(interpret(mi)).toBe(MI_MERGE_POINT);
    mi.startLoop();
    expect(interpret(mi)).toBe(MI_CLOSED);
    expect(traceText(mi.trace)).toContain(`debug_merge_point(0, 0, 'pc=0, code=${codeRef}')\n`);
    expect(traceText(mi.trace)).toContain(`debug_merge_point(0, 0, 'pc=4, code=${codeRef}')\n`);
    // the tracing phase was timed and closed
    expect(mi.profiler.depth).toBe(0);
    expect(mi.profiler.broken).toBe(false);
    expect(mi.profiler.counters[PROF_TRACING]).toBe(1);
  });

  it("aborts past trace_limit, counted as too long", () => {
    const { mi, status } = traceLoop(SUM, 0, 10, [], 5);
    expect(status).toBe(MI_ABORTED);
    expect(mi.abortReason).toMatch(/trace_limit/);
    expect(mi.profiler.counters[PROF_ABORT_TOO_LONG]).toBe(1);
    expect(mi.tracing).toBe(false);
    // the frames are right: interpreting on finishes the program with its result
    mi.continueInterpreting();
    for (;;) {
      const s = interpret(mi);
      if (s === MI_DONE) break;
      expect(s).toBe(MI_MERGE_POINT);
      mi.continueInterpreting();
    }
    expect(mi.resultValue).toBe(55);
  });

  it("aborts when a check fails while tracing, stopping with the check's message", () => {
    // n: 1 (data[1], first iteration, interpreted), -1 (data[-1] while tracing)
    const { mi, status } = traceLoop([[OP.IDX, 0], [OP.DEC, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 0, 1, [1, 2, 3]);
    expect(status).toBe(MI_FATAL);
    expect(mi.fatalMessage).toBe("index -1 out of bounds (length 3)");
    expect(mi.abortReason).toMatch(/check failed/);
  });
});

describe("recorded traces in oparser text", () => {
  const namespace = {
    datadescr: dataDescr,
    rescalldescr: resCallDescr,
    elidcalldescr: elidCallDescr,
    raisingcalldescr: raisingCallDescr,
    res: RES_FN,
    elid: ELID_FN,
    raising: RAISING_FN,
  };
  const programs: [string, [number, number][], number, number, number[]][] = [
    ["sum", SUM, 0, 10, []],
    ["inline call", [[OP.SQUARE, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 1, 3, []],
    ["calls", [[OP.RES, 3], [OP.ELID, 4], [OP.ELIDN, 0], [OP.TRY, 0], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 1, 5, []],
    ["checks and promotion", [[OP.IDX, 0], [OP.PROM, 0], [OP.JEVEN, 6], [OP.DEC, 0], [OP.JNZ, 0], [OP.HALT, 0]], 0, 3, [1, 2, 3, 4]],
  ];
  for (const [name, program, acc, n, data] of programs) {
    it(`${name}: parses back to the same trace, and is consistent`, () => {
      const { mi, status } = traceLoop(program, acc, n, data);
      expect([MI_CLOSED, MI_DONE]).toContain(status);
      expect(checkTrace(mi.trace)).toBe("");
      const text = traceText(mi.trace);
      const parsed = parseTrace(text, namespace);
      expect(traceText(parsed)).toBe(text);
      expect(traceShape(parsed).slice(1).map((op) => (op as unknown[])[0])).toEqual(mi.trace.operations.map((op) => op.name()));
    });
  }
});
