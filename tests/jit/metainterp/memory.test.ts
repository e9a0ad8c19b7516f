// Memory, allocation, checks and exceptions under the meta-interpreter: a loop whose body
// allocates, stores and loads fields and array items, reads a constant string, divides, checks
// a reference; and a callee that raises an exception the portal catches. Traced, run by the
// trace interpreter (or the warm runner), each gives what interpreting gives.

import { describe, expect, it } from "vitest";
import { assemble, type AsmLine, type AsmOperand } from "../../../src/jit/codewriter/assembler.ts";
import { checkTrace } from "../../../src/runtime/jit/check-trace.ts";
import { ArrayDescr, FieldDescr, SizeDescr } from "../../../src/runtime/jit/history.ts";
import { JitParams, P_THRESHOLD, P_TRACE_EAGERNESS } from "../../../src/lib/jit-params.ts";
import { JitCode, JitDriverDescr, LiveVars, SiteDescr } from "../../../src/runtime/jit/jitcode.ts";
import { JitProfiler } from "../../../src/runtime/jit/jitprof.ts";
import { MergePointArgs, MetaInterp, MI_CLOSED, MI_DONE, MI_MERGE_POINT } from "../../../src/runtime/jit/metainterp/metainterp.ts";
import { interpret } from "../../../src/runtime/jit/metainterp/opimpl.ts";
import { WarmRunner } from "../../../src/runtime/jit/metainterp/warm-runner.ts";
import { traceText } from "../../../src/runtime/jit/print-trace.ts";
import { interpretTrace } from "../../../src/runtime/jit/trace-interp.ts";
import { FakeMemory, testNamespace } from "../trace-helpers.ts";

const ns = testNamespace();
const valuedescr = ns.valuedescr as FieldDescr;
const nextdescr = ns.nextdescr as FieldDescr;
const nodesize = ns.nodesize as SizeDescr;
const arraydescr = ns.arraydescr as ArrayDescr;
const strdescr = ns.strdescr as ArrayDescr;
const site = new SiteDescr("site", "mem.ts", 1, 1, "");
const driver = new JitDriverDescr("JitDriver mem", [], ["n", "acc", "node"]);

const i = (n: number): AsmOperand => ({ reg: "i", n });
const r = (n: number): AsmOperand => ({ reg: "r", n });
const ci = (value: number): AsmOperand => ({ const: "i", value });
const I = (...items: AsmOperand[]): AsmOperand => ({ list: "i", items });
const R = (...items: AsmOperand[]): AsmOperand => ({ list: "r", items });
const F = (): AsmOperand => ({ list: "f", items: [] });
const live = (ints: number[], refs: number[]): AsmLine => ({ insn: "live", args: [{ live: new LiveVars(ints, refs, []) }] });
const to = (reg: "i" | "r", n: number) => ({ reg, n });

/** A string of code units in the memory (strdescr's layout); its address. */
function newString(mem: FakeMemory, text: string): number {
  const ref = mem.allocate(strdescr.totalSize(text.length), strdescr.typeId);
  mem.storeInt(ref + strdescr.lengthOffset, 8, text.length);
  for (let k = 0; k < text.length; k++) mem.storeInt(ref + strdescr.baseOffset + k * 2, 2, text.charCodeAt(k));
  return ref;
}

/** loop(n, acc, node): the body of memory operations below, while n > 0. %i0 n, %i1 acc, %r0 node. */
function memoryLoop(str: number): JitCode {
  const add = (k: number): AsmLine => ({ insn: "int_add", args: [i(1), i(k)], result: to("i", 1) });
  const lines: AsmLine[] = [
    { label: "top" },
    live([0, 1], [0]),
    { insn: "jit_merge_point", args: [{ descr: driver }, I(), R(), F(), I(i(0), i(1)), R(r(0)), F()] },
    live([0, 1], [0]),
    { insn: "goto_if_not_int_gt", args: [i(0), ci(0), { label: "end" }] },
    // a new node holding acc, read back
    { insn: "new_with_vtable", args: [{ descr: nodesize }], result: to("r", 1) },
    { insn: "setfield_gc_i", args: [r(1), i(0), { descr: valuedescr }] },
    { insn: "getfield_gc_i", args: [r(1), { descr: valuedescr }], result: to("i", 2) },
    add(2),
    // node.next = the new node; read back, tested non-null
    { insn: "setfield_gc_r", args: [r(0), r(1), { descr: nextdescr }] },
    { insn: "getfield_gc_r", args: [r(0), { descr: nextdescr }], result: to("r", 1) },
    { insn: "ptr_nonzero", args: [r(1)], result: to("i", 3) },
    add(3),
    // an array of 3, item 1 = n
    { insn: "new_array_clear", args: [ci(3), { descr: arraydescr }], result: to("r", 1) },
    { insn: "setarrayitem_gc_i", args: [r(1), ci(1), i(0), { descr: arraydescr }] },
    { insn: "getarrayitem_gc_i", args: [r(1), ci(1), { descr: arraydescr }], result: to("i", 4) },
    add(4),
    { insn: "arraylen_gc", args: [r(1), { descr: arraydescr }], result: to("i", 5) },
    add(5),
    // a constant string: its length and a code unit fold
    { insn: "strlen", args: [{ const: "r", value: str }, { descr: strdescr }], result: to("i", 6) },
    add(6),
    { insn: "strgetitem", args: [{ const: "r", value: str }, ci(1), { descr: strdescr }], result: to("i", 6) },
    add(6),
    // checks: the node is not null; a division by n (a guard that n is not 0)
    live([0, 1], [0]),
    { insn: "check_nonnull", args: [r(0), { descr: site }] },
    live([0, 1], [0]),
    { insn: "int_mod", args: [i(1), i(0), { descr: site }], result: to("i", 2) },
    add(2),
    { insn: "int_sub", args: [i(0), ci(1)], result: to("i", 0) },
    { insn: "loop_header", args: [{ descr: driver }] },
    { insn: "goto", args: [{ label: "top" }] },
    { label: "end" },
    { insn: "int_return", args: [i(1)] },
  ];
  return assemble({ name: "memory", lines, numRegs: { i: 7, r: 2, f: 0 }, argKinds: "iir", argRegs: [0, 1, 0], resultKind: "i" });
}

function setup() {
  const mem = new FakeMemory();
  const str = newString(mem, "hello");
  const node = mem.allocate(nodesize.size, nodesize.typeId);
  return { mem, jitcode: memoryLoop(str), node };
}

describe("memory operations in a traced loop", () => {
  it("records allocations, stores and loads, folds the constant string, and runs to the same result", () => {
    const a = setup();
    const expectedMi = new MetaInterp(a.mem, new JitParams(), new JitProfiler());
    expectedMi.enterJitCode(a.jitcode, [30, 1], [a.node], []);
    while (interpret(expectedMi) === MI_MERGE_POINT) expectedMi.continueInterpreting();
    expect(expectedMi.status).toBe(MI_DONE);

    const b = setup();
    const mi = new MetaInterp(b.mem, new JitParams(), new JitProfiler());
    mi.enterJitCode(b.jitcode, [30, 1], [b.node], []);
    expect(interpret(mi)).toBe(MI_MERGE_POINT);
    const frame = mi.frames[0]!;
    const inputs = new MergePointArgs(frame, frame.pc).redValues(frame);
    mi.startLoop();
    expect(interpret(mi)).toBe(MI_CLOSED);
    expect(checkTrace(mi.trace)).toBe("");
    const names = mi.trace.operations.map((op) => op.name());
    for (const name of ["new_with_vtable", "setfield_gc", "new_array_clear", "setarrayitem_gc", "arraylen_gc", "guard_nonnull", "int_is_true", "int_mod"]) {
      expect(names, name).toContain(name);
    }
    // the loop reads back what it stored: the reads are the stored boxes (heapcache.ts), not recorded
    for (const name of ["getfield_gc_i", "getfield_gc_r", "getarrayitem_gc_i"]) expect(names, name).not.toContain(name);
    expect(names).not.toContain("strlen");
    expect(names).not.toContain("strgetitem");
    // 'hello': 5 and 'e' (101) are constants of the trace
    expect(traceText(mi.trace)).toMatch(/int_add\(i\d+, 5\)\n.*int_add\(i\d+, 101\)\n/);
    const exit = interpretTrace(mi.trace, b.mem, inputs);
    expect(exit.guardFailed).toBe(true);
    // the loop's exit guard: n is 0, acc is the program's result
    expect(exit.values.ints[0]).toBe(0);
    expect(exit.values.ints[1]).toBe(expectedMi.resultValue);
  });
});

/** thrower(x): raises a node holding x when x > 1000, else returns 2x + 1. */
function thrower(): JitCode {
  return assemble({
    name: "thrower",
    numRegs: { i: 2, r: 1, f: 0 },
    argKinds: "i",
    argRegs: [0],
    resultKind: "i",
    lines: [
      live([0], []),
      { insn: "goto_if_not_int_gt", args: [i(0), ci(1000), { label: "ok" }] },
      { insn: "new_with_vtable", args: [{ descr: nodesize }], result: to("r", 0) },
      { insn: "setfield_gc_i", args: [r(0), i(0), { descr: valuedescr }] },
      { insn: "raise", args: [r(0)] },
      { label: "ok" },
      { insn: "int_add", args: [i(0), i(0)], result: to("i", 1) },
      { insn: "int_add", args: [i(1), ci(1)], result: to("i", 1) },
      { insn: "int_return", args: [i(1)] },
    ],
  });
}

/** portal(n, acc, node): acc = thrower(acc) until it raises; then return the exception's value field + n. */
function catcher(): JitCode {
  const callee = thrower();
  const lines: AsmLine[] = [
    { label: "top" },
    live([0, 1], [0]),
    { insn: "jit_merge_point", args: [{ descr: driver }, I(), R(), F(), I(i(0), i(1)), R(r(0)), F()] },
    { insn: "inline_call_ir_i", args: [{ descr: callee }, I(i(1)), R()], result: to("i", 1) },
    live([0, 1], [0]),
    { insn: "catch_exception", args: [{ label: "caught" }] },
    { insn: "int_add", args: [i(0), ci(1)], result: to("i", 0) },
    { insn: "loop_header", args: [{ descr: driver }] },
    { insn: "goto", args: [{ label: "top" }] },
    { label: "caught" },
    { insn: "last_exc_value", args: [], result: to("r", 1) },
    { insn: "getfield_gc_i", args: [r(1), { descr: valuedescr }], result: to("i", 2) },
    { insn: "int_add", args: [i(2), i(0)], result: to("i", 2) },
    { insn: "int_return", args: [i(2)] },
  ];
  return assemble({ name: "catcher", lines, numRegs: { i: 3, r: 2, f: 0 }, argKinds: "iir", argRegs: [0, 1, 0], resultKind: "i" });
}

describe("exceptions raised and caught inside traces", () => {
  it("records the raise inside the inlined callee and its catch in the portal, ending the trace with the portal's result", () => {
    const mem = new FakeMemory();
    const mi = new MetaInterp(mem, new JitParams(), new JitProfiler());
    // acc: 600 -> 1201 (the first iteration, interpreted); 1201 raises in the traced one, n = 1
    mi.enterJitCode(catcher(), [0, 600], [0], []);
    expect(interpret(mi)).toBe(MI_MERGE_POINT);
    mi.startLoop();
    expect(interpret(mi)).toBe(MI_DONE);
    expect(mi.resultValue).toBe(1201 + 1);
    const text = traceText(mi.trace);
    expect(text).toContain("int_gt(");
    expect(text).toMatch(/p(\d+) = new_with_vtable\(descr=nodesize\)\nsetfield_gc\(p\1, i\d+, descr=valuedescr\)\n/);
    // last_exc_value is the allocated box itself: its field is the value stored in it (heapcache.ts)
    expect(text).toMatch(/setfield_gc\(p\d+, (i\d+), descr=valuedescr\)\ni\d+ = int_add\(\1, i\d+\)\nfinish\(i\d+, descr=done_with_this_frame\)\n$/);
    expect(checkTrace(mi.trace)).toBe("");
  });

  it("gives the same result under the warm runner as interpreting", () => {
    const run = (jit: boolean) => {
      const mem = new FakeMemory();
      const params = new JitParams();
      params.set(P_THRESHOLD, jit ? 3 : 1000000);
      params.set(P_TRACE_EAGERNESS, 2);
      const runner = new WarmRunner(mem, params, new JitProfiler());
      runner.warmstate.paramsChanged();
      runner.run(catcher(), [0, 0], [0], []);
      return { result: runner.mi.resultValue, loops: runner.mi.registry.loops.length };
    };
    const plain = run(false);
    const jitted = run(true);
    expect(plain.loops).toBe(0);
    expect(jitted.loops).toBeGreaterThan(0);
    expect(jitted.result).toBe(plain.result);
  });
});

describe("promoting a reference", () => {
  it("records guard_value on it, and an immutable field of the constant folds", () => {
    const immutdescr = ns.immutdescr as FieldDescr;
    const lines: AsmLine[] = [
      { label: "top" },
      live([0, 1], [0]),
      { insn: "jit_merge_point", args: [{ descr: driver }, I(), R(), F(), I(i(0), i(1)), R(r(0)), F()] },
      live([0, 1], [0]),
      { insn: "goto_if_not_int_gt", args: [i(0), ci(0), { label: "end" }] },
      live([0, 1], [0]),
      { insn: "ref_guard_value", args: [r(0)] },
      { insn: "getfield_gc_i", args: [r(0), { descr: immutdescr }], result: to("i", 2) },
      { insn: "int_add", args: [i(1), i(2)], result: to("i", 1) },
      { insn: "int_sub", args: [i(0), ci(1)], result: to("i", 0) },
      { insn: "loop_header", args: [{ descr: driver }] },
      { insn: "goto", args: [{ label: "top" }] },
      { label: "end" },
      { insn: "int_return", args: [i(1)] },
    ];
    const jitcode = assemble({ name: "promote_ref", lines, numRegs: { i: 3, r: 1, f: 0 }, argKinds: "iir", argRegs: [0, 1, 0], resultKind: "i" });
    const mem = new FakeMemory();
    const node = mem.allocate(nodesize.size, nodesize.typeId);
    mem.storeInt(node + immutdescr.offset, 8, 7);
    const mi = new MetaInterp(mem, new JitParams(), new JitProfiler());
    mi.enterJitCode(jitcode, [10, 0], [node], []);
    expect(interpret(mi)).toBe(MI_MERGE_POINT);
    mi.startLoop();
    expect(interpret(mi)).toBe(MI_CLOSED);
    const text = traceText(mi.trace);
    expect(text).toContain(`guard_value(p2, ConstPtr(${node}), descr=<Guard0x1>) [i0, i1, p2]\ni4 = int_add(i1, 7)\n`);
    expect(text).not.toContain("getfield");
    // the jump passes the promoted constant
    expect(text).toContain(`jump(i5, i4, ConstPtr(${node}), descr=loop0)`);
  });
});
