// Every resoperation of the table goes through the optimizer: a trace holding it alone (with
// arguments of the table's kinds and a descriptor of its kind) is optimized with every pass and
// with none, and the result is a consistent trace (check-trace). An operation added to the table
// is met here before any trace of the meta-interpreter holds it.

import { describe, expect, it } from "vitest";
import { checkTrace } from "../../../src/runtime/jit/check-trace.ts";
import {
  type AbstractValue,
  ArrayDescr,
  CallDescr,
  ConstInt,
  ConstText,
  type Descr,
  FailDescr,
  FieldDescr,
  FinalDescr,
  SizeDescr,
  TargetToken,
  Trace,
} from "../../../src/runtime/jit/history.ts";
import { optimizeTrace } from "../../../src/runtime/jit/optimizeopt/optimize.ts";
import { traceText } from "../../../src/runtime/jit/print-trace.ts";
import { opnumOf, RESOPS } from "../../../src/runtime/jit/resoperation.ts";
import { ALL, optNamespace } from "./harness.ts";

const ns = optNamespace();

function traceWith(name: string): Trace {
  const info = RESOPS[opnumOf(name as never)]!;
  const t = new Trace();
  const i0 = t.addInputArg("i");
  const p1 = t.addInputArg("r");
  const f2 = t.addInputArg("f");
  const byKind = (k: string): AbstractValue => (k === "r" ? p1 : k === "f" ? f2 : i0);
  let descr: Descr | null = null;
  if (info.descr === "field") descr = ns.valuedescr as FieldDescr;
  else if (info.descr === "array") descr = ns.arraydescr as ArrayDescr;
  else if (info.descr === "size") descr = ns.nodesize as SizeDescr;
  else if (info.descr === "call") descr = ns.plaincalldescr as CallDescr;
  else if (info.descr === "fail") descr = new FailDescr("g", 0);
  let args: AbstractValue[] = [];
  if (info.args === "*") {
    if (name === "debug_merge_point") args = [new ConstInt(0, ""), new ConstInt(0, ""), new ConstText("at 1")];
    else if (name === "cond_call_n") args = [i0, new ConstInt(7001, ""), i0, i0];
    else if (name === "finish" || name === "label" || name === "jump") args = [i0];
    else args = [new ConstInt(7001, ""), i0, i0];
  } else {
    for (let k = 0; k < info.args.length; k++) {
      const want = info.args[k]!;
      if (want === ".") args.push(name === "guard_value" ? new ConstInt(5, "") : i0);
      else if (name === "guard_exception" || (name.includes("class") && k === 1)) args.push(new ConstInt(1000, "node_vtable"));
      else args.push(byKind(want));
    }
  }
  if (name === "label" || name === "jump") {
    const token = new TargetToken("loop");
    t.record(opnumOf("label"), [i0], token);
    if (name === "jump") {
      const i3 = t.record(opnumOf("int_add"), [i0, new ConstInt(1, "")], null);
      t.record(opnumOf("jump"), [i3], token);
      return t;
    }
  } else if (name !== "finish") {
    if (info.guard) t.recordGuard(info.opnum, args, descr, [i0, p1, f2]);
    else t.record(info.opnum, args, descr);
  }
  t.record(opnumOf("finish"), name === "finish" ? args : [i0, p1, f2], new FinalDescr("done", 0));
  return t;
}

describe("every resoperation through the optimizer", () => {
  it("each one alone gives a consistent trace, with every pass and with none", () => {
    const problems: string[] = [];
    for (const info of RESOPS) {
      const trace = traceWith(info.name);
      const before = checkTrace(trace);
      if (before !== "") {
        problems.push(`${info.name}: the test's own trace is inconsistent: ${before}`);
        continue;
      }
      for (const opts of [ALL, ""]) {
        const out = optimizeTrace(trace, opts).trace;
        const problem = checkTrace(out);
        if (problem !== "") problems.push(`${info.name} with '${opts}': ${problem}\n${traceText(out)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(RESOPS.length).toBeGreaterThan(100);
  });
});
