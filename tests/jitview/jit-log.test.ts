// rts jitview's reading of a JIT log (src/jitview/jit-log.ts, trace-text.ts): on a real log of
// examples/bf (a loop and a bridge), a real log with aborts, and a hand-written one for the
// sections the runtime does not write yet (jit-backend-counts, jit-backend).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JitLogError, machineCodeBytes, readJitLog, type JitLog, type JitTrace } from "../../src/jitview/jit-log.ts";
import { parsePypylog } from "../../src/jitview/pypylog.ts";
import { parseTraceLine, unquote } from "../../src/jitview/trace-text.ts";

const FIXTURES = new URL("../fixtures/jitview/", import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), "utf8");
const read = (text: string): JitLog => readJitLog(parsePypylog(text));
const ops = (trace: JitTrace) => trace.groups.flatMap((g) => g.ops);

describe("a trace's lines", () => {
  it("takes an operation apart: result, name, descriptor, a guard's number (PyPy's <Guard0x..>)", () => {
    expect(parseTraceLine("guard_true(i26, descr=<Guard0xb>) [i13, i25, p1]")).toEqual({
      text: "guard_true(i26, descr=<Guard0xb>) [i13, i25, p1]",
      offset: null,
      name: "guard_true",
      descr: "<Guard0xb>",
      guard: 11,
      location: null,
    });
    expect(parseTraceLine("guard_no_overflow(descr=<Guard0x1a2>) [i0]").guard).toBe(0x1a2);
    expect(parseTraceLine("i7 = getfield_gc_i(p5, descr=FieldDescr list_LoxValue.length)")).toMatchObject({ name: "getfield_gc_i", descr: "FieldDescr list_LoxValue.length", guard: null });
    expect(parseTraceLine("jump(i41, p1, descr=loop0-peeled)")).toMatchObject({ name: "jump", descr: "loop0-peeled" });
    expect(parseTraceLine("i2 = int_add(i0, 1)")).toMatchObject({ name: "int_add", descr: null });
  });

  it("reads a backend's offsets and PyPy's end marker", () => {
    expect(parseTraceLine("+16: guard_true(i2, descr=<Guard0x1>) [i1]")).toMatchObject({ offset: 16, text: "guard_true(i2, descr=<Guard0x1>) [i1]", guard: 1 });
    expect(parseTraceLine("+30: --end of the loop--")).toMatchObject({ offset: 30, name: "--end of the loop--" });
  });

  it("reads a debug_merge_point's location, which may hold commas, quotes and backslashes", () => {
    expect(parseTraceLine("debug_merge_point(0, 0, 'pc=19, program=20672')").location).toBe("pc=19, program=20672");
    expect(parseTraceLine("debug_merge_point(0, 0, '<b>\"x\" & \\'y\\' \\\\ z</b>')").location).toBe("<b>\"x\" & 'y' \\ z</b>");
    expect(unquote("'a\\nb'")).toBe("a\nb");
    expect(unquote("no quotes")).toBeNull();
  });

  it("leaves a line that is not an operation unnamed", () => {
    expect(parseTraceLine("something else")).toMatchObject({ name: "", guard: null, location: null });
  });
});

describe("a real log of examples/bf: a loop and the bridge out of its inner loop's exit", () => {
  const log = read(fixture("bf-bridge.log"));
  const [loop, bridge] = log.traces;

  it("lists the loop, then the bridge (no counts: loops by number, then bridges)", () => {
    expect(log.traces.map((t) => t.id)).toEqual(["loop-0", "bridge-b"]);
    expect(log.hasCounts).toBe(false);
    expect(loop!.location).toMatch(/^pc=19, program=\d+$/);
    expect(loop!.opCount).toBe(69);
    expect(loop!.labels).toEqual(["loop0", "loop0-peeled"]);
    // the summary agrees
    const total = (name: string) => log.summary!.find((l) => l.name === name)!.values;
    expect(total("Total # of loops")).toEqual(["1"]);
    expect(total("Total # of bridges")).toEqual(["1"]);
    expect(total("Tracing")).toHaveLength(2);
    // PyPy's TOTAL line leaves the count column empty
    expect(total("TOTAL")).toEqual(["", expect.stringMatching(/^\d+\.\d{6}$/)]);
    expect(total("abort: bad loop")).toEqual(["0"]);
  });

  it("groups the operations under each user-level position, in order", () => {
    // the label before the first debug_merge_point, then pc=19 .. pc=23 twice (the peeled iteration)
    const locations = loop!.groups.map((g) => g.location?.replace(/, program=\d+$/, "") ?? null);
    expect(locations).toEqual([null, "pc=19", "pc=20", "pc=21", "pc=22", "pc=23", "pc=19", "pc=20", "pc=21", "pc=22", "pc=23"]);
    expect(loop!.groups[0]!.ops.map((o) => o.name)).toEqual(["label"]);
    // every operation of the section is in exactly one group (the merge points are the groups)
    const merges = loop!.groups.filter((g) => g.location !== null).length;
    expect(ops(loop!).length + merges).toBe(loop!.opCount);
  });

  it("links the bridge to the loop holding its guard, and the guard appears in the loop's text", () => {
    expect(bridge!.number).toBe(0xb);
    expect(bridge!.parent).toBe("loop-0");
    expect(log.guardHolders.get(0xb)).toBe("loop-0");
    expect(ops(loop!).filter((o) => o.guard === 0xb)).toHaveLength(2); // the preamble's and the peeled loop's
    expect(ops(bridge!).at(-1)).toMatchObject({ name: "jump", descr: "loop0" });
    expect(bridge!.location).toMatch(/^pc=24, /);
  });

  it("has no machine code, noopt trace or abort", () => {
    expect(log.traces.every((t) => t.machineCode === null && t.noopt === null)).toBe(true);
    expect(log.aborts).toEqual([]);
    expect(log.sectionNames).toEqual(["jit-log-opt-loop", "jit-log-opt-bridge", "jit-summary"]);
  });
});

describe("a real log with aborts", () => {
  it("reads each jit-abort's reason and where tracing started", () => {
    const log = read(fixture("bf-aborts.log"));
    expect(log.aborts).toHaveLength(5);
    expect(log.aborts.every((a) => a.reason === "trace too long")).toBe(true);
    expect(log.aborts.filter((a) => a.location !== "").map((a) => a.location)).toEqual([expect.stringMatching(/^pc=11, program=\d+$/)]);
    expect(log.summary!.find((l) => l.name === "abort: trace too long")!.values).toEqual(["5"]);
  });

  it("reads the abort lines of jit-tracing when the log has no jit-abort section", () => {
    const log = read("[1] {jit-tracing\n~~~ ABORTING TRACING bad loop at x = 1\n[2] jit-tracing}\n");
    expect(log.aborts).toEqual([{ reason: "bad loop", location: "x = 1" }]);
  });
});

describe("counts, machine code and the recorded trace (hand-written log)", () => {
  const text = fixture("counts-backend.log");
  const log = read(text);
  const byId = new Map(log.traces.map((t) => [t.id, t]));

  it("lists the traces hottest first: a trace's count is its hottest point's (entry, bridge or label)", () => {
    expect(log.hasCounts).toBe(true);
    expect(log.traces.map((t) => [t.id, t.hotness])).toEqual([
      ["loop-1", 1000],
      ["loop-0", 10],
      ["bridge-1", 7],
      ["bridge-20", 3],
    ]);
    expect(byId.get("loop-1")!.counts).toEqual([
      { name: "entry 1", count: 5 },
      { name: "loop1", count: 5 },
      { name: "loop1-peeled", count: 1000 },
    ]);
    // PyPy's `bridge N` names the guard in decimal
    expect(byId.get("bridge-20")!.counts).toEqual([{ name: "bridge 32", count: 3 }]);
    expect(log.unmatchedCounts).toEqual([
      { name: "entry 7", count: 2 },
      { name: "TargetToken(99)", count: 4 },
    ]);
  });

  it("without jit-backend-counts, lists loops by number then bridges in log order", () => {
    const withoutCounts = read(text.replace(/\[40\] \{jit-backend-counts\n[^]*?\[41\] jit-backend-counts\}\n/, ""));
    expect(withoutCounts.hasCounts).toBe(false);
    expect(withoutCounts.traces.map((t) => t.id)).toEqual(["loop-0", "loop-1", "bridge-1", "bridge-20"]);
    expect(withoutCounts.traces.every((t) => t.hotness === null)).toBe(true);
  });

  it("adds up the counts of several jit-backend-counts sections (runs appended to one log)", () => {
    const twice = read(`${text}[60] {jit-backend-counts\nloop1-peeled:1\n[61] jit-backend-counts}\n`);
    expect(twice.traces[0]!.hotness).toBe(1001);
  });

  it("gives each trace its machine code from jit-backend, by PyPy's address header", () => {
    const loop0 = byId.get("loop-0")!;
    expect(loop0.machineCode).toMatchObject({ start: "0x7f0000001000", stop: "0x7f0000001040" });
    expect(loop0.machineCode!.lines).toHaveLength(3);
    expect(loop0.machineCode!.lines[2]).toContain("<guard 0x1>");
    expect(byId.get("bridge-1")!.machineCode!.lines).toEqual(["0x7f0000002000: c3                    ret"]);
    expect(byId.get("loop-1")!.machineCode).toBeNull();
  });

  it("reads rts's line for a trace its backend did not compile, with the reason", () => {
    const notCompiled = read(
      text.replace(
        "bridge out of Guard 0x1 has address 0x7f0000002000 to 0x7f0000002010\n0x7f0000002000: c3                    ret\n",
        "bridge out of Guard 0x1 not compiled: call_n: calls need the runtime's calling convention\n",
      ),
    );
    const bridge = notCompiled.traces.find((t) => t.id === "bridge-1")!;
    expect(bridge.machineCode).toBeNull();
    expect(bridge.notCompiled).toBe("call_n: calls need the runtime's calling convention");
    expect(notCompiled.traces.find((t) => t.id === "loop-0")!.notCompiled).toBeNull();
  });

  it("gives a trace the jit-log-noopt before it, and reads offsets", () => {
    const loop0 = byId.get("loop-0")!;
    expect(loop0.noopt).toEqual(["[i0]", "label(i0, descr=loop0)", "debug_merge_point(0, 0, 'while i < 10')", "i1 = int_add(i0, 1)", "i2 = int_lt(i1, 10)", "jump(i1, descr=loop0)"]);
    expect(byId.get("loop-1")!.noopt).toBeNull();
    expect(ops(loop0).map((o) => o.offset)).toEqual([0, 8, 12, 16, 24, 30]);
  });

  it("links a bridge out of a bridge, and decodes the location's quotes", () => {
    expect(byId.get("bridge-20")!.parent).toBe("bridge-1");
    expect(byId.get("bridge-1")!.parent).toBe("loop-0");
    expect(byId.get("loop-1")!.location).toBe(`<b>"tag" & 'quote'</b>`);
    expect(byId.get("loop-1")!.groups.map((g) => g.location)).toEqual([null, `<b>"tag" & 'quote'</b>`, `<b>"tag" & 'quote'</b>`]);
    expect(log.aborts).toEqual([
      { reason: "trace too long", location: "while i < 10" },
      { reason: "trace too long", location: `<b>"tag" & 'quote'</b>` },
      { reason: "bad loop", location: "" },
    ]);
  });

  it("says when a bridge's guard is in no trace of the log", () => {
    const orphan = read("[1] {jit-log-opt-bridge\n# bridge out of Guard 0x99 with 1 ops\n[i0]\nfinish(i0)\n[2] jit-log-opt-bridge}\n");
    expect(orphan.traces[0]!.parent).toBeNull();
  });
});

describe("a log in PyPy's own shape", () => {
  it("reads its headers, addresses as guard numbers, TargetToken labels and their counts", () => {
    const log = read(`[1a2b] {jit-log-opt-loop
# Loop 1 (<code object f. file 'x.py'. line 2> #9 FOR_ITER) : loop with 5 ops
[p0, i1]
+110: label(p0, i1, descr=TargetToken(140523081127184))
debug_merge_point(0, 0, '<code object f. file 'x.py'. line 2> #9 FOR_ITER')
+130: i3 = int_lt(i1, 1000)
+140: guard_true(i3, descr=<Guard0x7fcdf2b3c0a0>) [p0, i1]
+150: i5 = int_add(i1, 1)
+160: jump(p0, i5, descr=TargetToken(140523081127184))
+170: --end of the loop--
[1a2c] jit-log-opt-loop}
[1a2d] {jit-log-opt-bridge
# bridge out of Guard 0x7fcdf2b3c0a0 with 1 ops
[p0, i1]
+37: finish(p0, descr=<DoneWithThisFrameDescrRef object at 0x7fcdf2b3c1e8>)
+40: --end of the loop--
[1a2e] jit-log-opt-bridge}
[1a2f] {jit-backend-counts
entry 1:1
TargetToken(140523081127184):1000
bridge 140522516889760:1
[1a30] jit-backend-counts}
`);
    const [loop, bridge] = log.traces;
    expect(loop).toMatchObject({ id: "loop-1", location: "<code object f. file 'x.py'. line 2> #9 FOR_ITER", hotness: 1000, labels: ["TargetToken(140523081127184)"] });
    expect(bridge).toMatchObject({ id: "bridge-7fcdf2b3c0a0", number: 0x7fcdf2b3c0a0, parent: "loop-1", hotness: 1 });
    expect(log.unmatchedCounts).toEqual([]);
  });
});

describe("jit-backend-dump: the bytes of machine code, and the patches of its jumps", () => {
  const text = `[1] {jit-backend-dump
BACKEND x86_64
CODE_DUMP @7f0000001000 +0  554889E5E9000000005DC3
[2] jit-backend-dump}
[3] {jit-backend-dump
BACKEND x86_64
CODE_DUMP @7f0000001005 +0  10203040
[4] jit-backend-dump}
`;
  it("reads each dump's address and bytes, in the order written", () => {
    const log = read(text);
    expect(log.codeDumps.map((d) => [d.address.toString(16), [...d.bytes]])).toEqual([
      ["7f0000001000", [0x55, 0x48, 0x89, 0xe5, 0xe9, 0, 0, 0, 0, 0x5d, 0xc3]],
      ["7f0000001005", [0x10, 0x20, 0x30, 0x40]],
    ]);
    expect(log.sectionNames).toContain("jit-backend-dump");
  });

  it("gives a trace's bytes with the later dumps over the earlier (a patched jump), or null when not all are dumped", () => {
    const log = read(text);
    const start = 0x7f0000001000;
    expect([...machineCodeBytes(log.codeDumps, start, start + 11)!]).toEqual([0x55, 0x48, 0x89, 0xe5, 0xe9, 0x10, 0x20, 0x30, 0x40, 0x5d, 0xc3]);
    expect(machineCodeBytes(log.codeDumps, start, start + 12)).toBeNull();
    expect(machineCodeBytes(log.codeDumps, start - 1, start + 4)).toBeNull();
  });
});

describe("sections that are not what their name says", () => {
  const bad: [string, string, number][] = [
    ["[1] {jit-log-opt-loop\n# Loop x : loop\n[2] jit-log-opt-loop}\n", "jit-log-opt-loop starts with", 2],
    ["[1] {jit-log-opt-bridge\n# bridge out of 12\n[2] jit-log-opt-bridge}\n", "# bridge out of Guard 0x.. with N ops", 2],
    ["[1] {jit-log-noopt\n[i0]\n[2] jit-log-noopt}\n", "# Traced loop or bridge with N ops", 2],
    ["[1] {jit-backend-counts\nentry 0:1\nentry 1\n[2] jit-backend-counts}\n", "is not NAME:COUNT", 3],
    ["[1] {jit-backend\n0x1000: ret\n[2] jit-backend}\n", "a line before the first", 2],
    ["[1] {jit-backend-dump\nBACKEND x86_64\nCODE_DUMP @1000 +0  ABC\n[2] jit-backend-dump}\n", "is not CODE_DUMP @ADDRESS +OFFSET  HEXBYTES", 3],
  ];
  it.each(bad)("refuses %j", (text, message, line) => {
    expect(() => read(text)).toThrow(JitLogError);
    expect(() => read(text)).toThrow(message);
    try {
      read(text);
    } catch (error) {
      expect((error as JitLogError).line).toBe(line);
    }
  });

  it("reads a log in PyPy's profiling mode (stamps, no text) as one with no trace", () => {
    const log = read("[1] {jit-log-opt-loop\n[2] jit-log-opt-loop}\n");
    expect(log.traces).toEqual([]);
    expect(log.sectionNames).toEqual(["jit-log-opt-loop"]);
  });
});
