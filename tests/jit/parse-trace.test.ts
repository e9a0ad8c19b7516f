// Trace text (src/runtime/jit/print-trace.ts, src/jit/parse-trace.ts): RPython's oparser format. Every
// printed trace parses back to an equal trace, on traces in the shape of RPython's
// optimizeopt tests; errors name the line and column and show the line.

import { describe, expect, it } from "vitest";
import { ConstInt, FailDescr, FieldDescr, TargetToken, Trace } from "../../src/runtime/jit/history.ts";
import { LLParseError } from "../../src/llir/parse-llgraph-cursor.ts";
import { parseTrace } from "../../src/jit/parse-trace.ts";
import { checkTrace } from "../../src/runtime/jit/check-trace.ts";
import { floatText, traceText } from "../../src/runtime/jit/print-trace.ts";
import { RESOPS, rop } from "../../src/runtime/jit/resoperation.ts";
import { testNamespace, traceShape } from "./trace-helpers.ts";

const ns = testNamespace();

/** Traces written as RPython's test_optimizeopt writes them (their shapes, not their text). */
const EXAMPLES: Record<string, string> = {
  "a counting loop": `
[i0]
label(i0, descr=loop)
i1 = int_add(i0, 1)
i2 = int_lt(i1, 100)
guard_true(i2) [i1]
jump(i1, descr=loop)
`,
  "a virtual node and its fields": `
[i1, p0]
label(i1, p0, descr=loop)
guard_class(p0, ConstClass(node_vtable)) [i1, p0]
i2 = getfield_gc_i(p0, descr=valuedescr)
p1 = new_with_vtable(descr=nodesize)
setfield_gc(p1, i2, descr=valuedescr)
setfield_gc(p1, p0, descr=nextdescr)
p2 = getfield_gc_r(p1, descr=nextdescr)
guard_nonnull(p2) [p2, i2]
i3 = int_sub(i2, 1)
guard_value(i3, 15) []
jump(i3, p1, descr=loop)
`,
  "floats and their constants": `
[f0, i1]
f1 = float_add(f0, 1.5)
f2 = float_mul(f1, -0.0)
f3 = float_truediv(f2, 2.5e-8)
f4 = float_sub(f3, 1e+300)
f5 = float_add(f4, nan)
f6 = float_sub(inf, -inf)
f7 = cast_int_to_float(i1)
i8 = cast_float_to_int(f7)
i9 = float_lt(f0, 3.0)
setfield_gc(ConstPtr(myptr), f1, descr=floatdescr)
finish(f6, descr=done)
`,
  "calls and exceptions": `
[p0, i1]
i2 = call_i(ConstClass(node_vtable), i1, 7, descr=plaincalldescr)
i3 = call_i(123, i2, descr=raisingcalldescr)
guard_no_exception() [p0, i3]
f4 = call_pure_f(5, i1, 2.0, descr=elidablecalldescr)
call_n(9, p0, descr=voidcalldescr)
p5 = call_may_force_r(10, p0, descr=refcalldescr)
guard_not_forced() [p5]
cond_call_n(i1, 9, p0, descr=voidcalldescr)
p6 = guard_exception(ConstClass(exc_vtable)) [i1]
guard_not_invalidated() []
finish(descr=done)
`,
  "overflow, arrays and strings": `
[p0, i1, p2]
i3 = int_add_ovf(i1, 1)
guard_no_overflow() [i1]
i4 = int_mul_ovf(i3, i3)
guard_overflow() [i4]
i5 = arraylen_gc(p0, descr=arraydescr)
i6 = getarrayitem_gc_i(p0, i1, descr=arraydescr)
setarrayitem_gc(p0, i1, i6, descr=arraydescr)
p7 = new_array_clear(i5, descr=gcarraydescr)
setarrayitem_gc(p7, 0, NULL, descr=gcarraydescr)
p8 = newstr(3, descr=strdescr)
strsetitem(p8, 0, 97, descr=strdescr)
copystrcontent(p2, p8, 0, 1, 2, descr=strdescr)
i9 = strlen(p8, descr=strdescr)
i10 = strgetitem(p8, 2, descr=strdescr)
i11 = ptr_eq(p7, NULL)
i12 = uint_lt(i10, i9)
quasiimmut_field(p0, descr=immutdescr)
debug_merge_point(0, 1, 'the \\'quoted\\' \\\\ place')
jump(i12, descr=other)
`,
};

describe("trace text round trip", () => {
  for (const [name, text] of Object.entries(EXAMPLES)) {
    it(`${name}: parses, prints, and the printed text parses to an equal trace`, () => {
      const trace = parseTrace(text, ns);
      expect(checkTrace(trace)).toBe("");
      const printed = traceText(trace);
      const again = parseTrace(printed, ns);
      expect(traceShape(again)).toEqual(traceShape(trace));
      expect(traceText(again)).toBe(printed);
      // the text was written canonically but for the guards' descriptors, which the printer adds
      expect(printed.replace(/, descr=<Guard\d+>|descr=<Guard\d+>/g, "")).toBe(text.trimStart());
    });
  }

  it("keeps descriptors: the namespace's by identity, the parser's shared by name (a jump and its label)", () => {
    const trace = parseTrace(EXAMPLES["a counting loop"]!, ns);
    const [label, , , guard, jump] = trace.operations;
    expect(label!.descr).toBeInstanceOf(TargetToken);
    expect(jump!.descr).toBe(label!.descr);
    expect(guard!.descr).toBeInstanceOf(FailDescr);
    const node = parseTrace(EXAMPLES["a virtual node and its fields"]!, ns);
    expect(node.operations[2]!.descr).toBe(ns.valuedescr);
    expect(node.operations[2]!.descr).toBeInstanceOf(FieldDescr);
    expect(node.operations[1]!.args[1]).toEqual(new ConstInt(1000, "node_vtable"));
  });

  it("prints a trace built by hand, and that text parses to an equal trace", () => {
    const t = new Trace();
    const i0 = t.addInputArg("i");
    const p1 = t.addInputArg("r");
    const token = new TargetToken("loop");
    t.record(rop.label, [i0, p1], token);
    const i2 = t.record(rop.getfield_gc_i, [p1], ns.valuedescr as FieldDescr);
    const i3 = t.record(rop.int_add, [i0, i2], null);
    const i4 = t.record(rop.int_le, [i3, new ConstInt(-5, "")], null);
    t.recordGuard(rop.guard_false, [i4], new FailDescr("<Guard7>", 7), [i3, p1]);
    t.record(rop.jump, [i3, p1], token);
    const text = traceText(t);
    expect(text).toBe(
      [
        "[i0, p1]",
        "label(i0, p1, descr=loop)",
        "i2 = getfield_gc_i(p1, descr=valuedescr)",
        "i3 = int_add(i0, i2)",
        "i4 = int_le(i3, -5)",
        "guard_false(i4, descr=<Guard7>) [i3, p1]",
        "jump(i3, p1, descr=loop)",
        "",
      ].join("\n"),
    );
    expect(traceShape(parseTrace(text, ns))).toEqual(traceShape(t));
    expect(parseTrace(text, ns).nextNumber).toBe(t.nextNumber);
  });

  it("reads logs: comments, blank lines and +offset prefixes", () => {
    const log = "# Loop 0 (loop at 3) : loop with 3 ops\n[i0]\n+100: label(i0, descr=l)\n\n+120: i1 = int_add(i0, 2)\n# a comment\n+140: jump(i1, descr=l)\n";
    expect(traceText(parseTrace(log))).toBe("[i0]\nlabel(i0, descr=l)\ni1 = int_add(i0, 2)\njump(i1, descr=l)\n");
  });

  it("prints floats so that they read back as floats", () => {
    expect([1, -0, 0.1, 1e21, 2.5e-8, NaN, Infinity, -Infinity].map(floatText)).toEqual(["1.0", "-0.0", "0.1", "1e+21", "2.5e-8", "nan", "inf", "-inf"]);
  });
});

describe("trace text errors", () => {
  const cases: [string, string, RegExp][] = [
    ["[i0]\ni1 = int_frob(i0)", "<trace>:2:6", /unknown resoperation 'int_frob'/],
    ["[i0]\ni1 = int_add(i0, i7)", "<trace>:2:18", /'i7' is not defined before this line/],
    ["[i0]\ni1 = int_add(i0)", "<trace>:2:6", /int_add takes 2 arguments, found 1/],
    ["[i0]\np1 = int_add(i0, 1)", "<trace>:2:1", /int_add gives an integer, but 'p1' names a reference/],
    ["[i0]\nint_add(i0, 1)", "<trace>:2:1", /int_add gives an integer: write its result/],
    ["[i0]\ni1 = guard_true(i0)", "<trace>:2:1", /guard_true has no result/],
    ["[p0]\ni1 = getfield_gc_i(p0, descr=nosuch)", "<trace>:2:30", /unknown descriptor 'nosuch': getfield_gc_i takes a field descriptor \(the namespace has valuedescr/],
    ["[p0]\ni1 = getfield_gc_i(p0, descr=arraydescr)", "<trace>:2:30", /getfield_gc_i takes a field descriptor, but 'arraydescr' is a ArrayDescr/],
    ["[p0]\ni1 = getfield_gc_i(p0)", "<trace>:2:6", /getfield_gc_i needs a field descriptor: descr=name/],
    ["[i0]\ni1 = int_add(i0, 1) [i0]", "<trace>:2:21", /only a guard has fail arguments/],
    ["[i0]\ni0 = int_add(i0, 1)", "<trace>:2:1", /'i0' is defined twice/],
    ["[i0]\ni1 = int_add(i0, 'x')", "<trace>:2:18", /a string constant is only allowed in debug_merge_point/],
    ["[i0]\ndebug_merge_point(0, 0, 'open", "<trace>:2:25", /the string is not closed/],
    ["# nothing\n", "<trace>:2:1", /expected the input arguments/],
    ["[i0, x1]", "<trace>:1:6", /expected an input argument/],
    ["[i0]\ni1 = int_add(i0, 1, descr=valuedescr)", "<trace>:2:27", /int_add takes no descriptor/],
    ["[i0]\njump(i0)", "<trace>:2:1", /jump needs its target/],
    ["[p0]\np1 = same_as_r(ConstPtr(nowhere))", "<trace>:2:25", /unknown constant 'nowhere'/],
    ["[i0]\ni1 = int_add(i0, 1", "<trace>:2:19", /expected ',' or '\)', found the end of the/],
    ["[i0, p1]\ni2 = int_add(i0, p1)", "<trace>:2:18", /argument 2 of int_add must be an integer, found a reference/],
    ["[i0, p1]\nguard_true(p1) []", "<trace>:2:12", /argument 1 of guard_true must be an integer, found a reference/],
    ["[i0, f1]\nguard_value(i0, 1.5) []", "<trace>:2:17", /argument 2 of guard_value must be an integer, found a float/],
    ["[p0, f1]\nsetfield_gc(p0, f1, descr=valuedescr)", "<trace>:2:17", /argument 2 of setfield_gc must be an integer, found a float/],
    ["[p0, i1]\nsetarrayitem_gc(p0, 0, i1, descr=gcarraydescr)", "<trace>:2:24", /argument 3 of setarrayitem_gc must be a reference, found an integer/],
  ];
  for (const [text, where, message] of cases) {
    it(`${message.source.slice(0, 50)}`, () => {
      let error: unknown;
      try {
        parseTrace(text, ns);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LLParseError);
      const m = (error as LLParseError).message;
      expect(m.split(": ")[0]).toBe(where);
      expect(m).toMatch(message);
      // a frame of the line with a caret under the column
      const lineNo = Number(where.split(":")[1]);
      const column = Number(where.split(":")[2]);
      const frame = m.split("\n").slice(1);
      expect(frame[0]).toBe(`  ${lineNo} | ${text.split("\n")[lineNo - 1] ?? ""}`);
      expect(frame[1]!.indexOf("^")).toBe(`  ${lineNo} | `.length + column - 1);
    });
  }
});

describe("every resoperation in text", () => {
  it("prints and parses back each operation of the table", () => {
    const descrFor: Record<string, string> = {
      field: "descr=valuedescr",
      array: "descr=arraydescr",
      size: "descr=nodesize",
      call: "descr=plaincalldescr",
      fail: "descr=<Guard0>",
      target: "descr=tok",
      final: "descr=fin",
    };
    const letter = { i: "i", r: "p", f: "f", n: "" } as const;
    const lines = ["[i0, p1, f2]"];
    let n = 3;
    for (const info of RESOPS) {
      const names: Record<string, string> = { i: "i0", r: "p1", f: "f2", ".": "7" };
      const args = info.args === "*" ? ["i0", "p1"] : [...info.args].map((kind) => names[kind]!);
      if (info.descr !== "none") args.push(descrFor[info.descr]!);
      const result = info.result === "n" ? "" : `${letter[info.result as keyof typeof letter]}${n++} = `;
      lines.push(`${result}${info.name}(${args.join(", ")})${info.guard ? " [i0, p1]" : ""}`);
    }
    const text = `${lines.join("\n")}\n`;
    const trace = parseTrace(text, ns);
    expect(trace.operations.map((op) => op.name())).toEqual(RESOPS.map((info) => info.name));
    expect(checkTrace(trace)).toBe("");
    expect(traceText(trace)).toBe(text);
    expect(traceShape(parseTrace(traceText(trace), ns))).toEqual(traceShape(trace));
  });
});
