// rts/testing's metaInterp on the JIT's hints (RPython's test_ajit.py: test_promote*,
// test_elidable*, test_residual_call*, test_unroll_safe*, test_we_are_jitted, test_immutable*,
// and some of its basics): each test checks the result against the same function on Node (and,
// where cheap, against the LL interpreter without the JIT), then what the JIT made of the loop.
// The fixture is tests/jit/ajit/fixtures/hints.ts.

import { describe, expect, it } from "vitest";
import { repoRoot } from "../../helpers/run-rts.ts";

const dist = <T>(path: string): Promise<T> => import(/* @vite-ignore */ `${repoRoot}/dist/${path}`) as Promise<T>;
const { loadInterpreter, metaInterp } = await dist<typeof import("../../../src/testing/index.ts")>("testing/index.js");
const { RESOPS } = await dist<typeof import("../../../src/runtime/jit/resoperation.ts")>("runtime/jit/resoperation.js");
const m = await loadInterpreter<typeof import("./fixtures/hints.ts")>(`${repoRoot}/tests/jit/ajit/fixtures/hints.ts`);

type Run = ReturnType<typeof metaInterp>;
type Arg = number | boolean;

/** fn(...args) under the JIT: no error, and the result Node gives. */
function jit<A extends Arg[]>(fn: (...args: A) => number, args: A): Run {
  const run = metaInterp(fn, args);
  expect(run.error).toBeUndefined();
  expect(run.result).toBe(fn(...args));
  return run;
}

/** fn(...args) in the LL interpreter without the JIT: Node's result, nothing compiled. */
function withoutJit<A extends Arg[]>(fn: (...args: A) => number, args: A): void {
  const run = metaInterp(fn, args, "off");
  expect(run.result).toBe(fn(...args));
  run.checkTraceCount(0);
}

/**
 * The operations of the loops as the meta-interpreter recorded them, before the optimizer
 * (RPython's check_operations_history): `label` and `debug_merge_point` left out.
 */
function history(run: Run): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const loop of run.loops) {
    for (const op of loop.trace.operations) {
      const name = RESOPS[op.opnum]!.name;
      if (name !== "label" && name !== "debug_merge_point") counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  return counts;
}

/** The arguments of the label the loop's jump goes to (the peeled loop's). */
function peeledLabelArity(run: Run): number {
  const ops = run.loops[0]!.optimized!.operations;
  const jump = ops[ops.length - 1]!;
  const label = ops.find((op) => RESOPS[op.opnum]!.name === "label" && op.descr === jump.descr);
  return label!.args.length;
}

/** The counter loop's own operations (n -= 1, n > 0): added to each simple loop below. */
const COUNTDOWN = { int_sub_ovf: 1, int_gt: 1, guard_true: 1, jump: 1 };

describe("promote", () => {
  it("a promoted red becomes a guard_value in the preamble, and its arithmetic folds", () => {
    const run = jit(m.promoteSize, [20, 5]);
    expect(run.result).toBe(700);
    expect(jit(m.promoteSize, [20, 6]).result).toBe(840);
    withoutJit(m.promoteSize, [20, 5]);
    run.checkTraceCount(1);
    // s * 3 + (s << 2) is the constant 35: res += 35, and nothing computes it
    run.checkSimpleLoop({ int_add_ovf: 1, guard_no_overflow: 2, ...COUNTDOWN });
    run.checkResops({ guard_value: 1, int_add_ovf: 2, guard_no_overflow: 4, int_sub_ovf: 2, int_gt: 2, guard_true: 2, jump: 1 });
  });

  it("the peeled loop neither passes the promoted constant through its label nor checks it again", () => {
    // the meta-interpreter passes a promoted value to the jump as its constant: the loop knows it
    const run = jit(m.promoteSize, [12, 3]);
    expect(peeledLabelArity(run)).toBe(2);
    run.checkSimpleLoop({ guard_value: 0, same_as_i: 0 }, { exact: false });
  });

  it("a promoted mode decides the branch: no comparison of it in the trace, one guard_value", () => {
    for (const mode of [1, 2, 3]) {
      const run = jit(m.promoteBranch, [20, mode]);
      run.checkTraceCount(1);
      run.checkResops({ guard_value: 1, int_eq: 0 }, { exact: false });
      if (mode === 1) run.checkSimpleLoop({ int_add_ovf: 1, guard_no_overflow: 2, ...COUNTDOWN });
      if (mode === 2) run.checkSimpleLoop({ int_sub_ovf: 2, guard_no_overflow: 2, int_gt: 1, guard_true: 1, jump: 1 });
      if (mode === 3) run.checkSimpleLoop({ int_add_ovf: 1, guard_no_overflow: 2, ...COUNTDOWN });
    }
    withoutJit(m.promoteBranch, [20, 2]);
  });

  it("a promoted value that changes each iteration fails its guard and gets a bridge for the other value", () => {
    const run = jit(m.promoteVarying, [30]);
    expect(run.result).toBe(180);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    // n & 1 is 0 or 1: its guard_value(.., 1) is a guard_true in the loop (RPython's rewrite does the same)
    run.checkSimpleLoop({ guard_value: 0, guard_true: 2, int_mul_ovf: 0 }, { exact: false });
    const bridge = run.bridges[0]!.optimized!.operations.map((op) => RESOPS[op.opnum]!.name);
    expect(bridge.filter((name) => name === "guard_value")).toHaveLength(1);
    expect(bridge).not.toContain("int_mul_ovf");
    expect(bridge[bridge.length - 1]).toBe("jump");
  });

  it("a promoted object of one of three classes is a guard_value; its method is still called indirectly", () => {
    const promoted = jit(m.promoteClass, [20, 1, true]);
    expect(promoted.result).toBe(m.promoteClass(20, 1, false));
    withoutJit(m.promoteClass, [20, 2, true]);
    promoted.checkResops({ guard_value: 1, guard_class: 0 }, { exact: false });
    // An object's class and a vtable's methods never change: on the constant object, its typeptr
    // and the method's address fold. What RPython does better: it guard_values an indirect call's
    // function and enters its jitcode; here the method is a residual call of unknown effects.
    promoted.checkSimpleLoop({ getfield_gc_i: 0, getfield_raw_i: 0, call_i: 1, guard_no_exception: 1, guard_value: 0 }, { exact: false });
    const plain = jit(m.promoteClass, [20, 2, false]);
    plain.checkResops({ guard_value: 0 }, { exact: false });
    // not promoted, the object's class is (guard_class, in the preamble): the method's address folds
    plain.checkResops({ guard_class: 1 }, { exact: false });
    plain.checkSimpleLoop({ getfield_gc_i: 0, getfield_raw_i: 0, call_i: 1 }, { exact: false });
  });

  it("a promoted float is a guard_value on the float, its arithmetic folded", () => {
    const run = jit(m.floatPromote, [20, 1.5]);
    expect(run.result).toBe(65.5);
    run.checkResops({ guard_value: 1, float_mul: 0 }, { exact: false });
    run.checkSimpleLoop({ float_add: 1, int_sub_ovf: 1, guard_no_overflow: 1, int_gt: 1, guard_true: 1, jump: 1 });
  });

  it("a promoted boolean that flips: a loop for one value, a bridge guarding the other", () => {
    const run = jit(m.boolPromote, [20, true]);
    expect(run.result).toBe(36);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
    run.checkResops({ guard_value: 2 }, { exact: false });
  });

  it("promoting a green costs nothing: no guard_value", () => {
    const run = jit(m.vm, [3, 20]);
    expect(run.result).toBe(60);
    run.checkTraceCount(1);
    // '+': acc += 1, 'p': acc += 2 (its pc), 'd', 'j0'
    run.checkSimpleLoop({ int_add_ovf: 2, guard_no_overflow: 3, ...COUNTDOWN });
    run.checkResops({ guard_value: 0 }, { exact: false });
  });
});

describe("elidable", () => {
  it("a call on a green argument is computed while tracing: no call in the trace at all", () => {
    const run = jit(m.vm, [1, 20]);
    expect(run.result).toBe(340);
    withoutJit(m.vm, [1, 20]);
    expect(history(run)).not.toHaveProperty("call_pure_i");
    // '+', 'c' (cost of 'd': 5), 'd', 'c' (cost of 'j': 11), 'j0'
    run.checkSimpleLoop({ int_add_ovf: 3, guard_no_overflow: 4, ...COUNTDOWN });
  });

  it("a call on a red is a call_pure_i when recorded, a plain call in the optimized loop (RPython's OptPure)", () => {
    const run = jit(m.elidableRed, [20]);
    expect(history(run)).toMatchObject({ call_pure_i: 1 });
    run.checkSimpleLoop({ call_i: 1, call_pure_i: 0 }, { exact: false });
    // it cannot raise: no guard_no_exception
    run.checkResops({ guard_no_exception: 0 }, { exact: false });
  });

  it("two calls with the same red argument are one (CSE)", () => {
    const run = jit(m.vm, [4, 20]);
    expect(history(run)).toMatchObject({ call_pure_i: 2 });
    run.checkSimpleLoop({ call_i: 1, call_pure_i: 0 }, { exact: false });
  });

  it("a call on a promoted argument folds: the guard_value stays, the call goes", () => {
    const run = jit(m.elidablePromoted, [20, 5]);
    expect(run.result).toBe(430);
    run.checkResops({ call_i: 0, call_pure_i: 0, guard_value: 1 }, { exact: false });
    run.checkSimpleLoop({ int_add_ovf: 2, guard_no_overflow: 3, ...COUNTDOWN });
  });

  it("a call with a string result: folded on a promoted argument, a call_r on a red", () => {
    const run = jit(m.refElidable, [20, 2]);
    expect(run.result).toBe(135);
    expect(history(run)).toMatchObject({ call_pure_r: 1 });
    // nameOf(2).length is the constant 3; nameOf(n) is called and its length read
    run.checkSimpleLoop({ call_r: 1, strlen: 1, int_add_ovf: 2, guard_no_overflow: 3, ...COUNTDOWN });
  });

  it("a call on a loop-invariant red is made once, in the preamble", () => {
    const run = jit(m.elidableInvariant, [20, 5]);
    expect(run.result).toBe(430);
    run.checkResops({ call_i: 1 }, { exact: false });
    run.checkSimpleLoop({ call_i: 0, int_add_ovf: 2, guard_no_overflow: 3, ...COUNTDOWN });
  });

  it("an elidable method (elidable(Table.prototype.lookup)) on a red argument: called once for two calls", () => {
    const run = jit(m.elidableMethod, [20, 6, false]);
    withoutJit(m.elidableMethod, [20, 6, false]);
    expect(history(run)).toMatchObject({ call_pure_i: 2 });
    run.checkSimpleLoop({ call_i: 1, call_pure_i: 0, getfield_gc_i: 0 }, { exact: false });
  });

  it("an elidable method on a promoted object and argument folds", () => {
    const run = jit(m.elidableMethod, [20, 6, true]);
    expect(run.result).toBe(650);
    expect(history(run)).not.toHaveProperty("call_pure_i");
    run.checkResops({ guard_value: 2, call_i: 0 }, { exact: false });
    run.checkSimpleLoop({ int_add_ovf: 2, guard_no_overflow: 3, ...COUNTDOWN });
  });
});

describe("elidable functions that raise", () => {
  it("a call that raised while tracing is a plain call made in each iteration, its exception caught in the loop", () => {
    // regressions: recording its guard_exception needs the exception's class, which crashed the
    // meta-interpreter (LLInterpCPU had no classOf); then the call (on the promoted constants
    // 1000, 0) was shared with the preamble's, so the peeled loop's guard_exception found no
    // exception, and its bridge went on as if the call had returned (-12 instead of -20)
    const run = jit(m.elidableRaise, [20, 0]);
    expect(run.result).toBe(-20);
    withoutJit(m.elidableRaise, [20, 0]);
    expect(history(run)).not.toHaveProperty("call_pure_i");
    run.checkSimpleLoop({ call_i: 1, guard_exception: 1 }, { exact: false });
    run.checkBridgeCount(0);
    // the same divisor that does not raise: folded away
    const folded = jit(m.elidableRaise, [20, 7]);
    folded.checkResops({ call_i: 0, guard_exception: 0 }, { exact: false });
  });

  it("a call on a red that raises in every fourth iteration leaves the compiled loop each time", () => {
    const run = jit(m.elidableRaiseRed, [30]);
    expect(run.result).toBe(14324);
    run.checkLoopCount(1);
    run.checkSimpleLoop({ call_i: 1, guard_no_exception: 1 }, { exact: false });
    // What RPython does better: it traces a bridge from a guard_no_exception that failed with the
    // exception pending; here each failure resumes in the blackhole interpreter
    run.checkBridgeCount(0);
    expect(run.abortReasons).toContain("a bridge from a guard that failed with an exception pending");
    expect(run.blackholeResumes).toBe(run.guardFailures);
  });
});

describe("dontLookInside", () => {
  it("the hinted function is a residual call_i: its multiplication is not in the trace", () => {
    const run = jit(m.residual, [20, true]);
    expect(run.result).toBe(1110);
    run.checkSimpleLoop({ call_i: 1, int_add_ovf: 1, guard_no_overflow: 2, ...COUNTDOWN });
  });

  it("the same function without the hint is inlined: its operations instead of the call", () => {
    const run = jit(m.residual, [20, false]);
    expect(run.result).toBe(1110);
    run.checkSimpleLoop({ int_mul_ovf: 1, int_add_ovf: 2, guard_no_overflow: 4, ...COUNTDOWN });
  });

  it("a hinted function without a result is a call_n, and the object it updates escapes", () => {
    const run = jit(m.residualVoid, [20]);
    expect(run.result).toBe(210);
    withoutJit(m.residualVoid, [20]);
    run.checkSimpleLoop({ call_n: 1, int_sub_ovf: 1, guard_no_overflow: 1, int_gt: 1, guard_true: 1, jump: 1 });
  });

  it("a hinted function that can raise is followed by guard_no_exception; raising inside the loop leaves it", () => {
    const raising = jit(m.residualRaise, [30, 15]);
    expect(raising.result).toBe(-120);
    withoutJit(m.residualRaise, [30, 15]);
    raising.checkLoopCount(1);
    raising.checkSimpleLoop({ call_i: 1, guard_no_exception: 1 }, { exact: false });
    expect(raising.guardFailures).toBeGreaterThanOrEqual(1);
    const normal = jit(m.residualRaise, [30, 100]);
    expect(normal.result).toBe(435);
    normal.checkBridgeCount(0);
  });
});

describe("unrollSafe", () => {
  it("a function with a loop of four, hinted, is traced through: its additions unrolled, no call", () => {
    const run = jit(m.unroll, [20, true]);
    expect(run.result).toBe(960);
    // x+1, x+2, x+3 and the four sums (the first is x + 0 + 0: x), then res += s
    run.checkSimpleLoop({ int_add_ovf: 7, guard_no_overflow: 8, ...COUNTDOWN });
    run.checkResops({ call_i: 0, int_lt: 0 }, { exact: false });
  });

  it("the same function without the hint is a residual call (the policy does not look inside loops)", () => {
    const run = jit(m.unroll, [20, false]);
    expect(run.result).toBe(960);
    withoutJit(m.unroll, [20, false]);
    run.checkSimpleLoop({ call_i: 1, int_add_ovf: 1, guard_no_overflow: 2, ...COUNTDOWN });
  });

  it("a hinted loop over an array is unrolled for the array's length at trace time, guarded", () => {
    const run = jit(m.unrollArray, [20]);
    expect(run.result).toBe(48);
    run.checkLoopCount(1);
    // four items read and compared; the length checked before each and after the last
    run.checkSimpleLoop({ call_i: 0, getarrayitem_gc_i: 4, int_gt: 5, int_lt: 5, arraylen_gc: 0 }, { exact: false });
    // the items compare differently against other n & 7: bridges
    expect(run.bridges.length).toBeGreaterThanOrEqual(1);
  });
});

describe("weAreJitted", () => {
  it("the jitted branch is in the trace, the other is not; the result is the same", () => {
    const run = jit(m.jitted, [20]);
    expect(run.result).toBe(630);
    run.checkSimpleLoop({ int_mul_ovf: 1, int_add_ovf: 1, guard_no_overflow: 3, ...COUNTDOWN });
    run.checkResops({ int_neg: 0 }, { exact: false });
  });

  it("is false in the LL interpreter without the JIT, as on Node", () => {
    withoutJit(m.jittedCount, [20]);
    withoutJit(m.jitted, [20]);
    expect(m.jittedCount(20)).toBe(0);
  });

  // Before the loop is hot the meta-interpreter only interprets the portal's jitcode, as the
  // ahead-of-time code runs it: weAreJitted() is false there (the we_are_jitted instruction); in the
  // trace and in the blackhole interpreter it is true. RPython's meta_interp runs the portal graph
  // until the loop is hot, the same.
  it("is false in the iterations before the loop is hot, and in all of them when it never gets hot", () => {
    const run = metaInterp(m.jittedCount, [20]);
    expect(run.result).toBeLessThan(20);
    expect(run.result).toBeGreaterThan(10);
    run.checkLoopCount(1);
    const cold = metaInterp(m.jittedCount, [20], { threshold: 1000 });
    expect(cold.result).toBe(0);
    cold.checkTraceCount(0);
  });
});

describe("quasi-immutable fields", () => {
  it("a read of one on a prebuilt object is a constant guarded by guard_not_invalidated", () => {
    const run = jit(m.quasiStep, [40, -1]);
    expect(run.result).toBe(40);
    withoutJit(m.quasiStep, [40, -1]);
    // the step is a constant: no getfield of it, one guard_not_invalidated per iteration
    run.checkSimpleLoop({ getfield_gc_i: 0, guard_not_invalidated: 1, int_add_ovf: 1 }, { exact: false });
    run.checkLoopCount(1);
  });

  it("a write of it from the loop invalidates the loop, which is traced again with the new value", () => {
    const run = jit(m.quasiStep, [60, 30]);
    expect(run.result).toBe(31 + 2 * 29);
    withoutJit(m.quasiStep, [60, 30]);
    // the loop assuming step 1, then the loop assuming step 2
    run.checkLoopCount(2);
    expect(run.loops[0]!.optimized).not.toBe(run.loops[1]!.optimized);
  });
});

describe("immutable fields", () => {
  it("fields set only in the constructor fold on a prebuilt object; a field written elsewhere is read", () => {
    const run = jit(m.prebuiltFields, [20, 2]);
    expect(run.result).toBe(280);
    expect(jit(m.prebuiltFields, [20, 7]).result).toBe(380);
    withoutJit(m.prebuiltFields, [20, 2]);
    // width * height is 12; color is read in the preamble, and comes into the loop as a label
    // argument (the short preamble: the loop does not write it)
    run.checkSimpleLoop({ getfield_gc_i: 0, int_add_ovf: 2, guard_no_overflow: 3, ...COUNTDOWN });
    run.checkResops({ getfield_gc_i: 1 }, { exact: false });
    run.checkResops({ int_mul_ovf: 0 }, { exact: false });
  });

  it("a field declared in static immutableFields folds; the counter beside it is read and written", () => {
    const run = jit(m.declaredFields, [20]);
    expect(run.result).toBe(610);
    // base * 2 is 20; uses is read in the preamble only (the loop gets the value it stored last
    // from its label: the short preamble) and stored in each iteration
    run.checkSimpleLoop({ getfield_gc_i: 0, setfield_gc: 1, int_add_ovf: 3, guard_no_overflow: 4, ...COUNTDOWN });
  });

  it("a promoted object's immutable fields fold; its mutable field is read", () => {
    const run = jit(m.promotedObject, [20, 4]);
    expect(run.result).toBe(460);
    run.checkResops({ guard_value: 1, int_mul_ovf: 0, getfield_gc_i: 1 }, { exact: false });
    // color is read in the preamble only (the short preamble)
    run.checkSimpleLoop({ getfield_gc_i: 0, int_add_ovf: 2, guard_no_overflow: 3, ...COUNTDOWN });
  });

  it("without promote, the immutable fields of the loop-invariant object are read once, in the preamble", () => {
    const run = jit(m.unpromotedObject, [20, 4]);
    expect(run.result).toBe(460);
    // width, height and their product are loop-invariant (the heap keeps immutable fields of an
    // object the loop gets unchanged, pure keeps the product); color too is read in the
    // preamble only, and comes into the loop as a label argument (the short preamble)
    run.checkResops({ getfield_gc_i: 3, int_mul_ovf: 1, guard_value: 0 }, { exact: false });
    run.checkSimpleLoop({ getfield_gc_i: 0, int_add_ovf: 2, guard_no_overflow: 3, ...COUNTDOWN });
  });

  it("a green object's immutable field folds to its array; the array's items and a mutable field are read", () => {
    const run = jit(m.greenObject, [0, 20]);
    expect(run.result).toBe(101);
    withoutJit(m.greenObject, [0, 20]);
    // ops (immutable) is a constant: no getfield of it; its three items (Int32Array items are
    // mutable) and calls (mutable) are read in the preamble, and come into the loop as label
    // arguments (the short preamble: the loop writes none of them)
    run.checkSimpleLoop({ getfield_gc_r: 0, getarrayitem_gc_i: 0, getfield_gc_i: 0 }, { exact: false });
    run.checkResops({ getfield_gc_r: 0, getarrayitem_gc_i: 3, getfield_gc_i: 1 }, { exact: false });
  });
});

describe("immutable items (`[*]`, RPython's lst[*])", () => {
  it("the items of a green object's `ops[*]` list fold: no loads of the list, its length or items, and no guard_value on an op", () => {
    const run = jit(m.greenListCode, [0, 20]);
    expect(run.result).toBe(300);
    withoutJit(m.greenListCode, [0, 20]);
    // (2 + 3) * 3 per iteration: the list's fields, items and the Int32Array's item are all constants
    run.checkResops({ getfield_gc_r: 0, getfield_gc_i: 0, getarrayitem_gc_i: 0, guard_value: 0 }, { exact: false });
  });
});

describe("basics", () => {
  it("two loops of one program at two green keys are two loops", () => {
    const run = jit(m.vm, [2, 20]);
    expect(run.result).toBe(60);
    withoutJit(m.vm, [2, 20]);
    run.checkLoopCount(2);
    run.checkBridgeCount(0);
    run.checkResops({ int_add_ovf: 6, guard_no_overflow: 10, int_sub_ovf: 4, int_gt: 4, guard_true: 4, jump: 2 });
  });

  it("one loop per program run: another program, another single loop", () => {
    const run = jit(m.vm, [0, 20]);
    expect(run.result).toBe(20);
    run.checkLoopCount(1);
    run.checkSimpleLoop({ int_add_ovf: 1, guard_no_overflow: 2, ...COUNTDOWN });
  });

  it("a float counter: float operations only, the same double as Node", () => {
    const run = jit(m.floatCounter, [20.5]);
    withoutJit(m.floatCounter, [20.5]);
    run.checkTraceCount(1);
    run.checkSimpleLoop({ float_mul: 1, float_add: 1, float_sub: 1, float_gt: 1, guard_true: 1, jump: 1 });
  });

  it("a boolean red that flips each iteration: a loop for one value, a bridge for the other", () => {
    const run = jit(m.boolRed, [20, true]);
    expect(run.result).toBe(120);
    expect(jit(m.boolRed, [21, false]).result).toBe(m.boolRed(21, false));
    withoutJit(m.boolRed, [20, true]);
    run.checkLoopCount(1);
    run.checkBridgeCount(1);
  });
});
