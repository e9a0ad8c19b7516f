// The codewriter's decisions as data (src/jit/codewriter): every LL operation is translated or
// refused with a reason, in agreement with the contract of src/jit/ll-to-resop.ts; the policy's
// reasons; register allocation and flattening on a hand-made graph.

import { describe, expect, it } from "vitest";
import { checkJitCode } from "../../src/jit/codewriter/check-jitcode.ts";
import { makeJitCodes } from "../../src/jit/codewriter/codewriter.ts";
import type { CodeWriterTarget } from "../../src/jit/codewriter/descriptors.ts";
import { JTRANSFORM, refusalOf } from "../../src/jit/codewriter/jtransform.ts";
import { JitPolicy } from "../../src/jit/codewriter/policy.ts";
import { LL_TO_RESOP } from "../../src/jit/ll-to-resop.ts";
import { LLBlock, LLConstant, LLGraph, LLLink, LLOperation, LLVariable } from "../../src/llir/llgraph.ts";
import { LL_OPS, undecidedOperations, type LLOpName } from "../../src/llir/lloperation.ts";
import { Address, Bool, Signed } from "../../src/llir/lltype.ts";
import { jop } from "../../src/runtime/jit/jitcode-insns.ts";
import { LiveVars } from "../../src/runtime/jit/jitcode.ts";
import { printJitCode } from "../../src/runtime/jit/jitcode-print.ts";

const target: CodeWriterTarget = { typeId: () => 1, constantValue: () => 1 };
const pos = { file: "made.ts", line: 1, column: 1 };

describe("the codewriter's operations (jtransform.ts)", () => {
  it("translates or refuses, with a reason, every LL operation", () => {
    expect(undecidedOperations(JTRANSFORM)).toEqual([]);
    // a handler that forgot one is found
    const { int_add: _, ...missing } = JTRANSFORM;
    expect(undecidedOperations(missing)).toEqual(["int_add"]);
  });

  it("refuses exactly what the contract with the meta-interpreter refuses", () => {
    for (const name of Object.keys(LL_OPS) as LLOpName[]) {
      const contract = LL_TO_RESOP[name];
      expect([name, refusalOf(name) !== undefined]).toEqual([name, "refused" in contract]);
    }
  });
});

/** A graph of one block: n counts down to 0 in a loop, the result is the sum of n, n - 1, ..., 1. */
function countdown(hints: LLGraph["jitHints"] = []): LLGraph {
  const n0 = new LLVariable(Signed, "n");
  const start = new LLBlock([n0]);
  const n1 = new LLVariable(Signed, "n");
  const acc1 = new LLVariable(Signed, "acc");
  const loop = new LLBlock([n1, acc1]);
  const graph = new LLGraph("countdown", start, Signed, Signed, pos);
  graph.jitHints = hints;
  start.closeBlock([new LLLink([n0, new LLConstant(0, Signed)], loop)]);
  const done = new LLVariable(Bool, "done");
  loop.operations.push(new LLOperation("int_le", [n1, new LLConstant(0, Signed)], done, pos));
  const n2 = new LLVariable(Signed, "n");
  const acc2 = new LLVariable(Signed, "acc");
  const body = new LLBlock([n2, acc2]);
  loop.closeBlock([new LLLink([n1, acc1], body, false), new LLLink([acc1], graph.returnblock, true)], done);
  const acc3 = new LLVariable(Signed, "acc");
  const n3 = new LLVariable(Signed, "n");
  body.operations.push(new LLOperation("int_add", [acc2, n2], acc3, pos));
  body.operations.push(new LLOperation("int_sub", [n2, new LLConstant(1, Signed)], n3, pos));
  body.closeBlock([new LLLink([n3, acc3], loop)]);
  return graph;
}

describe("the policy (policy.ts)", () => {
  const portal = countdown();
  const policy = new JitPolicy(portal, refusalOf);

  it("looks inside the portal, even with a loop", () => {
    expect(policy.lookInside(portal)).toEqual({ inside: true });
  });

  it("gives its reason for each graph it leaves to residual calls", () => {
    expect(policy.lookInside(countdown())).toEqual({ inside: false, reason: "has a loop and is not hinted unrollSafe" });
    expect(policy.lookInside(countdown(["unrollSafe"]))).toEqual({ inside: true });
    expect(policy.lookInside(countdown(["unrollSafe", "dontLookInside"]))).toEqual({ inside: false, reason: "hinted dontLookInside" });
    expect(policy.lookInside(countdown(["elidable"]))).toEqual({ inside: false, reason: "elidable: a residual call_pure" });
    const system = new LLBlock([]);
    const graph = new LLGraph("system", system, Address, Signed, pos);
    const shared = new LLVariable(Address, "shared");
    system.operations.push(new LLOperation("gc_shared", [], shared, pos));
    system.closeBlock([new LLLink([shared], graph.returnblock)]);
    expect(policy.lookInside(graph)).toMatchObject({ inside: false, reason: expect.stringMatching(/^uses gc_shared: system code/) });
    const helper = new LLGraph("helper", new LLBlock([]), Signed, Signed, undefined);
    expect(policy.lookInside(helper)).toEqual({ inside: false, reason: "an LL helper of the rtyper" });
    const runtime = new LLGraph("gcHelper", new LLBlock([]), Signed, Signed, { file: "/work/rts/src/runtime/gc/collect.ts", line: 1, column: 1 });
    expect(policy.lookInside(runtime)).toEqual({ inside: false, reason: "the runtime (the GC, its helpers, the JIT)" });
  });
});

describe("flattening and register allocation", () => {
  it("fuses the comparison with its branch, coalesces the loop's variables and keeps the live ones apart", () => {
    const made = makeJitCodes(countdown(), target);
    expect(printJitCode(made.portal)).toBe(
      [
        "jitcode countdown(%i0) -> i",
        "  int_copy $0 -> %i1",
        "L1:",
        "  -live- %i0, %i1",
        "  goto_if_not_int_le %i0, $0, L2",
        "  int_return %i1",
        "L2:",
        "  int_add %i1, %i0 -> %i1",
        "  int_sub %i0, $1 -> %i0",
        "  goto L1",
        "",
      ].join("\n"),
    );
  });
});

describe("the jitcode checker (check-jitcode.ts)", () => {
  it("accepts the codewriter's jitcode and finds each kind of mistake", () => {
    const fresh = () => makeJitCodes(countdown(), target).portal;
    expect(checkJitCode(fresh())).toBe("");
    // a -live- set that forgets a register read later (the accumulator)
    const forgetful = fresh();
    forgetful.liveness[0] = new LiveVars([0], [], []);
    expect(checkJitCode(forgetful)).toMatch(/^countdown at pc \d+: %i1 is read later but is not in the -live- set$/);
    // a register past the frame, a jump into the middle of an instruction, a result into a constant
    const past = fresh();
    past.code[1] = 9;
    expect(checkJitCode(past)).toMatch(/int_copy: %i9 is past the i registers and constants/);
    const jump = fresh();
    jump.code[jump.code.lastIndexOf(jop.goto) + 1] = 1;
    expect(checkJitCode(jump)).toMatch(/goto jumps to pc 1, which starts no instruction/);
    const constant = fresh();
    constant.code[2] = constant.numRegsI;
    expect(checkJitCode(constant)).toMatch(/int_copy writes %i2, which is no register/);
  });
});
