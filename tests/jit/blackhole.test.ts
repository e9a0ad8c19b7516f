// The blackhole interpreter (src/runtime/jit/blackhole.ts) on the codewriter's jitcodes
// (src/jit/codewriter) over the LL interpreter's memory (src/jit/llgraph/llinterp-cpu.ts): the
// portal of a small interpreter written for the tests (tests/jit/fixtures/tiny-interp.ts) run
// from its entry gives what the LL interpreter gives running the same graphs (the result, the
// exception and its fields, the fatal error and its position), and every jitcode instruction has
// a handler.

import { beforeAll, describe, expect, it } from "vitest";
import type { JitCodes } from "../../src/jit/codewriter/codewriter.ts";
import type { LLGraph } from "../../src/llir/llgraph.ts";
import type { LLInterpreter as LLInterp, LLRuntimeValue } from "../../src/llir/llinterp.ts";
import type { StructType } from "../../src/llir/lltype.ts";
import { repoRoot } from "../helpers/run-rts.ts";

// The toolchain is loaded compiled (dist/), as bin/rts runs it (the loader needs its hooks built):
// `npm run build` first. Every class comes from dist, so that instanceof agrees.
const dist = <T>(path: string): Promise<T> => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`) as Promise<T>;
const { Annotator } = await dist<typeof import("../../src/annotator/annotator.ts")>("annotator/annotator.js");
const { loadProgram } = await dist<typeof import("../../src/frontend/modules.ts")>("frontend/modules.js");
const { findPortals, makeJitCodes } = await dist<typeof import("../../src/jit/codewriter/codewriter.ts")>("jit/codewriter/codewriter.js");
const { checkJitCode } = await dist<typeof import("../../src/jit/codewriter/check-jitcode.ts")>("jit/codewriter/check-jitcode.js");
const { LLInterpCPU, llinterpTarget } = await dist<typeof import("../../src/jit/llgraph/llinterp-cpu.ts")>("jit/llgraph/llinterp-cpu.js");
const { LLException, LLFatalError, LLInterpreter } = await dist<typeof import("../../src/llir/llinterp.ts")>("llir/llinterp.js");
const { computeLayout, findNested } = await dist<typeof import("../../src/llir/lltype.ts")>("llir/lltype.js");
const { RTyper } = await dist<typeof import("../../src/rtyper/rtyper.ts")>("rtyper/rtyper.js");
const { splitPortals } = await dist<typeof import("../../src/jit/portal.ts")>("jit/portal.js");
const { BLACKHOLE_OPERATIONS, BlackholeFrame, BlackholeInterpreter, enterFrame, pushResumedFrames, runJitCode } = await dist<typeof import("../../src/runtime/jit/blackhole.ts")>("runtime/jit/blackhole.js");
const { undecidedJitInsns, jop } = await dist<typeof import("../../src/runtime/jit/jitcode-insns.ts")>("runtime/jit/jitcode-insns.js");
const { insnLength } = await dist<typeof import("../../src/runtime/jit/jitcode-print.ts")>("runtime/jit/jitcode-print.js");

type Outcome = { value: number } | { exception: string; pc: number } | { fatal: string };

interface Lowered {
  graphs: Map<string, LLGraph>;
  portal: LLGraph;
  /** The runtime's flushAll: console.log's output is buffered until it runs. */
  flush: LLGraph;
}

async function lower(fixture: string): Promise<Lowered> {
  const program = await loadProgram(`${repoRoot}/tests/jit/fixtures/${fixture}`, true, true);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  expect(annotator.errors).toEqual([]);
  const rtyper = new RTyper(annotator);
  const main = rtyper.specializeFrom(annotator.bk.functionDesc(program.main!));
  const graphs = new Map<string, LLGraph>();
  for (const [desc, graph] of rtyper.allGraphs()) graphs.set(desc.name, graph);
  const portals = findPortals([main]);
  expect(portals).toHaveLength(1);
  const flush = rtyper.specializeFrom(rtyper.rtsHelper("flushAll", []));
  return { graphs, portal: portals[0]!, flush };
}

/** The struct name of an exception object and its `pc` field (ProgramError's). */
function describeException(interp: LLInterp, address: number): { exception: string; pc: number } {
  const type = interp.memory.typeOf(address) as StructType;
  const layout = computeLayout(type);
  const offset = layout.offsets.get("f_pc") ?? findNested(layout.offsets, "f_pc");
  return { exception: type.name, pc: offset === undefined ? -1 : interp.memory.loadWord(address + offset) };
}

function llOutcome(interp: LLInterp, run: () => LLRuntimeValue): Outcome {
  try {
    return { value: run() as number };
  } catch (error) {
    if (error instanceof LLException) return describeException(interp, error.value);
    if (error instanceof LLFatalError) return { fatal: error.message };
    throw error;
  }
}

// lowered once for the file (each test makes its own jitcodes for its own LL interpreter)
const tinyInterp = await lower("tiny-interp.ts");

describe("the blackhole interpreter on the tiny interpreter's jitcodes", () => {
  let lowered: Lowered;
  // one LL interpreter for the oracle, one the jitcodes were made for and run on
  const oracle = new LLInterpreter();
  const machine = new LLInterpreter();
  const cpu = new LLInterpCPU(machine);
  let jitcodes: JitCodes;

  beforeAll(async () => {
    lowered = tinyInterp;
    jitcodes = makeJitCodes(lowered.portal, llinterpTarget(machine));
  });

  const setUp = (interp: LLInterp, which: number, n: number): [number, number] => [
    interp.call(lowered.graphs.get("makeCode")!, [which, n]) as number,
    interp.call(lowered.graphs.get("newFrame")!, []) as number,
  ];

  const viaLL = (which: number, n: number): Outcome => {
    const [code, frame] = setUp(oracle, which, n);
    return llOutcome(oracle, () => oracle.call(lowered.portal, [code, frame]));
  };

  const viaBlackhole = (which: number, n: number): Outcome => {
    const [code, frame] = setUp(machine, which, n);
    const result = runJitCode(cpu, jitcodes.portal, [], [code, frame], []);
    if (result.kind === "i") return { value: result.int };
    if (result.kind === "exception") return describeException(machine, result.ref);
    if (result.kind === "fatal") return { fatal: `${result.site!.file}:${result.site!.line}:${result.site!.column}: ${result.message}` };
    throw new Error(`unexpected end ${result.kind}`);
  };

  it("makes jitcodes the checker accepts (operands, labels, descriptors, liveness at each -live-)", () => {
    for (const jitcode of jitcodes.jitcodes) expect([jitcode.name, checkJitCode(jitcode)]).toEqual([jitcode.name, ""]);
  });

  it("makes jitcodes of the portal and of the methods it looks inside, and leaves hinted functions residual", () => {
    const names = jitcodes.jitcodes.map((j) => j.name);
    expect(names[0]).toBe("tiny-interp.interpret");
    expect(names).toEqual(expect.arrayContaining(["Frame.push", "Frame.pop"]));
    const reasons = [...jitcodes.residual.values()];
    expect(reasons).toEqual(expect.arrayContaining(["elidable: a residual call_pure", "hinted dontLookInside", "has a loop and is not hinted unrollSafe"]));
    expect(names).toEqual(expect.arrayContaining(["tiny-interp.safeCheck"]));
    expect(names.some((name) => name.includes("countBits"))).toBe(false);
    // sumTo: a loop hinted unrollSafe, looked inside (an anonymous function's jitcode)
    expect(names).toContain("tiny-interp.<anonymous>");
  });

  it("describes fields with the LL layout's offsets and mutability, and residual calls with their effects", () => {
    const descrs = [...new Set(jitcodes.jitcodes.flatMap((j) => j.descrs))];
    const field = (name: string) => descrs.find((d) => d.name === `FieldDescr ${name}`) as unknown as { offset: number; size: number; kind: string; immutable: boolean };
    const ops = field("inst_Code.f_ops");
    expect(ops).toMatchObject({ size: 8, kind: "r", immutable: true });
    const sp = field("inst_Frame.f_sp");
    expect(sp).toMatchObject({ size: 8, kind: "i", immutable: false });
    const layout = computeLayout((lowered.graphs.get("newFrame")!.resultType as unknown as { to: StructType }).to);
    expect(sp.offset).toBe(layout.offsets.get("f_sp") ?? findNested(layout.offsets, "f_sp"));
    type Call = { name: string; argKinds: string; resultKind: string; effect: { extraEffect: number; canRaise: boolean; canCollect: boolean; readsFields: unknown[] } };
    const calls = descrs.filter((d) => d.name.startsWith("CallDescr")) as unknown as Call[];
    const byName = (name: string) => calls.filter((c) => c.name === `CallDescr ${name}`);
    // square (elidable: EF_ELIDABLE_CANNOT_RAISE) and checkPositive (dontLookInside, throws: EF_CAN_RAISE), both anonymous
    expect(byName("tiny-interp.<anonymous>").map((c) => [c.argKinds, c.effect.extraEffect, c.effect.canRaise]).sort()).toEqual([
      ["i", 0, false],
      ["ii", 4, true],
    ]);
    expect(byName("tiny-interp.countBits")[0]!.effect).toMatchObject({ extraEffect: 2, canRaise: false, canCollect: false, readsFields: [] });
    expect(byName("ll_float_sqrt")[0]).toMatchObject({ argKinds: "f", resultKind: "f", effect: { extraEffect: 0 } });
  });

  it("gives the LL interpreter's results on loops, calls, field and array reads and strings", () => {
    for (const [which, n] of [[0, 0], [0, 1], [0, 7], [0, 30], [1, 0], [2, 5], [2, -4]] as const) {
      const expected = viaLL(which, n);
      expect("value" in expected, `${which} ${n}`).toBe(true);
      expect([which, n, viaBlackhole(which, n)]).toEqual([which, n, expected]);
    }
    expect(viaBlackhole(0, 10)).toEqual({ value: 285 });
  });

  it("catches exceptions inside jitcodes, and runs float helpers, unrolled and residual loops", () => {
    for (const n of [0, 3, 5, 9, 1000]) {
      const expected = viaLL(6, n);
      expect("value" in expected, String(n)).toBe(true);
      expect([n, viaBlackhole(6, n)]).toEqual([n, expected]);
    }
    // 9 - 5 = 4; floor(sqrt(9) * 10) = 30; 0 + ... + 8 = 36; 9 = 0b1001: 2 bits
    expect(viaBlackhole(6, 9)).toEqual({ value: 4 + 30 + 36 + 2 });
    // 3 - 5 < 0: checkPositive throws at pc 8, safeCheck catches it (-8)
    expect(viaBlackhole(6, 3)).toEqual({ value: -8 + 17 + 3 + 2 });
  });

  it("raises the same exceptions, thrown in the portal or in a residual call", () => {
    // CHECK throws in a dontLookInside function (a residual call), a bad opcode in the portal itself
    for (const [which, n] of [[1, 1], [1, 5], [3, 7]] as const) {
      const expected = viaLL(which, n);
      expect(expected).toMatchObject({ exception: "inst_ProgramError" });
      expect(viaBlackhole(which, n)).toEqual(expected);
    }
  });

  it("stops at the same position with the same message when a check fails", () => {
    const overflow = viaLL(2, 2 ** 30);
    expect(overflow).toMatchObject({ fatal: expect.stringContaining("integer overflow") });
    expect(viaBlackhole(2, 2 ** 30)).toEqual(overflow);
    const bounds = viaLL(4, 1);
    expect(bounds).toMatchObject({ fatal: expect.stringMatching(/tiny-interp\.ts:\d+:\d+: index 100 out of bounds \(length 4\)$/) });
    expect(viaBlackhole(4, 1)).toEqual(bounds);
  });

  it("is jitted where the LL interpreter is not (weAreJitted)", () => {
    expect(viaLL(5, 0)).toEqual({ value: 0 });
    expect(viaBlackhole(5, 0)).toEqual({ value: 1 });
  });

  it("stops at the bottom frame's merge point when resuming, with the reds and greens in the registers", () => {
    const [code, frame] = setUp(machine, 0, 3);
    const bh = new BlackholeInterpreter(cpu);
    bh.stopAtMergePoint = true;
    const entry = new BlackholeFrame(jitcodes.portal);
    entry.setArgRef(0, code);
    entry.setArgRef(1, frame);
    bh.pushFrame(entry);
    expect(bh.run().kind).toBe("merge");
    expect(bh.frames).toHaveLength(1);
    // from there, without stopping, it runs to the end
    bh.stopAtMergePoint = false;
    expect(bh.run()).toMatchObject({ kind: "i", int: 5 });
  });
});

describe("resuming from the registers a -live- names", () => {
  it("gives the same result from a frame rebuilt with only the live registers, at each merge point", () => {
    const lowered = tinyInterp;
    const machine = new LLInterpreter();
    const cpu = new LLInterpCPU(machine);
    const jitcodes = makeJitCodes(lowered.portal, llinterpTarget(machine));
    const portal = jitcodes.portal;
    for (const stops of [1, 2, 5, 9, 23]) {
      const code = machine.call(lowered.graphs.get("makeCode")!, [0, 6]) as number;
      const frame = machine.call(lowered.graphs.get("newFrame")!, []) as number;
      const bh = new BlackholeInterpreter(cpu);
      bh.stopAtMergePoint = true;
      const entry = new BlackholeFrame(portal);
      entry.setArgRef(0, code);
      entry.setArgRef(1, frame);
      bh.pushFrame(entry);
      for (let k = 1; ; k++) {
        expect(bh.run().kind).toBe("merge");
        if (k === stops) break;
        entry.pc += insnLength(portal.code, entry.pc);
      }
      // the -live- before jit_merge_point: a new frame gets those registers only (the others hold garbage)
      const livePc = entry.pc - 2;
      expect(portal.code[livePc]).toBe(jop.live);
      const live = portal.liveness[portal.code[livePc + 1]!]!;
      const resumed = new BlackholeFrame(portal);
      resumed.ints.fill(-777, 0, portal.numRegsI);
      resumed.refs.fill(0, 0, portal.numRegsR);
      for (const n of live.ints) resumed.ints[n] = entry.ints[n]!;
      for (const n of live.refs) resumed.refs[n] = entry.refs[n]!;
      resumed.pc = livePc;
      const again = new BlackholeInterpreter(cpu);
      again.pushFrame(resumed);
      // 0 + 1 + 4 + 9 + 16 + 25
      expect([stops, again.run()]).toMatchObject([stops, { kind: "i", int: 55 }]);
    }
  });
});

describe("resuming inside calls", () => {
  it("gives the same result from frames rebuilt with the live registers of each caller, stopped anywhere", () => {
    const lowered = tinyInterp;
    const machine = new LLInterpreter();
    const cpu = new LLInterpCPU(machine);
    const jitcodes = makeJitCodes(lowered.portal, llinterpTarget(machine));
    let nested = 0;
    for (let stop = 1; stop < 700; stop += 7) {
      const code = machine.call(lowered.graphs.get("makeCode")!, [6, 9]) as number;
      const frame = machine.call(lowered.graphs.get("newFrame")!, []) as number;
      const bh = new BlackholeInterpreter(cpu);
      bh.stepLimit = stop;
      bh.pushFrame(enterFrame(jitcodes.portal, [], [code, frame], []));
      const first = bh.run();
      if (first.kind !== "limit") {
        expect(first).toMatchObject({ kind: "i", int: 72 });
        break;
      }
      if (bh.frames.length > 1) nested++;
      // callers keep only what their -live- after the call names; the top frame keeps everything
      const rebuilt = bh.frames.map((f, k) => {
        const copy = new BlackholeFrame(f.jitcode);
        copy.pc = f.pc;
        const top = k === bh.frames.length - 1;
        const live = top ? undefined : f.jitcode.liveness[f.code[f.pc + 1]!]!;
        expect(top || f.code[f.pc] === jop.live).toBe(true);
        for (let n = 0; n < f.jitcode.numRegsI; n++) copy.ints[n] = top || live!.ints.includes(n) ? f.ints[n]! : -777;
        for (let n = 0; n < f.jitcode.numRegsR; n++) copy.refs[n] = top || live!.refs.includes(n) ? f.refs[n]! : 0;
        for (let n = 0; n < f.jitcode.numRegsF; n++) copy.floats[n] = top || live!.floats.includes(n) ? f.floats[n]! : NaN;
        return copy;
      });
      const again = new BlackholeInterpreter(cpu);
      pushResumedFrames(again, rebuilt);
      expect([stop, again.run()]).toMatchObject([stop, { kind: "i", int: 72 }]);
    }
    expect(nested).toBeGreaterThan(5);
  });
});

describe("the split portal (src/jit/portal.ts)", () => {
  it("makes jitcodes whose portal starts at the merge point and takes the greens and reds", async () => {
    // lowered again: the split changes the graphs in place
    const lowered = await lower("tiny-interp.ts");
    const portals = splitPortals([...lowered.graphs.values()]);
    expect(portals.map((p) => p.name)).toEqual(["interpret__portal"]);
    const machine = new LLInterpreter();
    const cpu = new LLInterpCPU(machine);
    const jitcodes = makeJitCodes(portals[0]!, llinterpTarget(machine));
    for (const jitcode of jitcodes.jitcodes) expect(checkJitCode(jitcode)).toBe("");
    expect(jitcodes.portal.argKinds).toBe("irr");
    for (const [which, n, expected] of [[0, 10, 285], [2, 5, 150], [6, 9, 72]] as const) {
      const code = machine.call(lowered.graphs.get("makeCode")!, [which, n]) as number;
      const frame = machine.call(lowered.graphs.get("newFrame")!, []) as number;
      expect(runJitCode(cpu, jitcodes.portal, [0], [code, frame], [])).toMatchObject({ kind: "i", int: expected });
    }
  });
});

describe("the blackhole interpreter's handlers", () => {
  it("handle every jitcode instruction", () => {
    expect(undecidedJitInsns(BLACKHOLE_OPERATIONS)).toEqual([]);
  });
});

describe("the blackhole interpreter on the register machine's jitcodes", () => {
  let lowered: Lowered;
  const oracle = new LLInterpreter();
  const machine = new LLInterpreter();
  const cpu = new LLInterpCPU(machine);
  let jitcodes: JitCodes;
  const outputs = new Map<LLInterp, string>([
    [oracle, ""],
    [machine, ""],
  ]);
  for (const interp of [oracle, machine]) interp.output = (fd, bytes) => outputs.set(interp, outputs.get(interp)! + `${fd}: ${Buffer.from(bytes).toString()}`);

  beforeAll(async () => {
    lowered = await lower("tiny-regs.ts");
    jitcodes = makeJitCodes(lowered.portal, llinterpTarget(machine));
  });

  /** The outcome and the output of execute(makeCode(n, d), newMachine()) in one interpreter, by the LL graphs or by the jitcodes. */
  const runOn = (interp: LLInterp, n: number, d: number, byJitCodes: boolean): [Outcome, string] => {
    outputs.set(interp, "");
    const code = interp.call(lowered.graphs.get("makeCode")!, [n, d]) as number;
    const m = interp.call(lowered.graphs.get("newMachine")!, []) as number;
    let outcome: Outcome;
    if (!byJitCodes) outcome = llOutcome(interp, () => interp.call(lowered.portal, [code, m]));
    else {
      const result = runJitCode(cpu, jitcodes.portal, [], [code, m], []);
      expect(result.kind).toBe("i");
      outcome = { value: result.int };
    }
    interp.call(lowered.flush, []);
    return [outcome, outputs.get(interp)!];
  };

  it("makes jitcodes the checker accepts", () => {
    for (const jitcode of jitcodes.jitcodes) expect([jitcode.name, checkJitCode(jitcode)]).toEqual([jitcode.name, ""]);
  });

  it("looks inside the callee that raises, and leaves the loop without unrollSafe residual", () => {
    expect(jitcodes.jitcodes.map((j) => j.name)).toEqual(["tiny-regs.execute", "Pair.constructor", "tiny-regs.divide"]);
    expect([...jitcodes.residual.keys()].map((g) => g.name)).toContain("sumKeys");
  });

  it("gives the LL interpreter's results and output: a switch, floats, objects in an array, an exception caught from an inlined callee", () => {
    for (const [n, d] of [[5, 2], [3, 0], [0, 1], [7, 3], [1, -1]] as const) {
      const expected = runOn(oracle, n, d, false);
      expect([n, d, runOn(machine, n, d, true)]).toEqual([n, d, expected]);
    }
    expect(runOn(machine, 3, 0, true)).toEqual([{ value: 4 }, "1: r3 = 3, f1 = 5.625\nr3 = -1, f0 = 1.9375\n"]);
  });
});
