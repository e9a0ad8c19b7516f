// The table of resoperations (src/runtime/jit/resoperation.ts): every entry consistent, every consumer
// complete, and every LL operation decided for the codewriter (src/jit/ll-to-resop.ts).

import { describe, expect, it } from "vitest";
import { LL_OPS } from "../../src/llir/lloperation.ts";
import { LL_TO_RESOP } from "../../src/jit/ll-to-resop.ts";
import { BOOL_INVERSE, BOOL_REFLEX, findOpnum, isResOpName, RESOP_TABLE, RESOPS, rop, undecidedResOps, type ResOpName } from "../../src/runtime/jit/resoperation.ts";
import { TRACE_INTERP_OPERATIONS } from "../../src/runtime/jit/trace-interp.ts";

const names = Object.keys(RESOP_TABLE) as ResOpName[];

describe("the resoperation table", () => {
  it("holds RPython's core set", () => {
    for (const name of [
      "int_add", "int_sub_ovf", "guard_no_overflow", "guard_overflow", "float_truediv", "cast_float_to_int", "ptr_eq", "same_as_r",
      "getfield_gc_i", "getfield_gc_r", "getfield_gc_f", "setfield_gc", "getarrayitem_gc_r", "setarrayitem_gc", "arraylen_gc",
      "new", "new_with_vtable", "new_array", "call_i", "call_n", "call_pure_f", "call_may_force_r", "cond_call_n",
      "guard_true", "guard_false", "guard_value", "guard_class", "guard_nonnull", "guard_isnull", "guard_no_exception",
      "guard_exception", "guard_not_invalidated", "guard_not_forced", "label", "jump", "finish", "debug_merge_point",
    ]) {
      expect(isResOpName(name), name).toBe(true);
    }
    expect(names.length).toBeGreaterThan(110);
  });

  it("numbers each operation by its place, and RESOPS agrees with the table", () => {
    expect(RESOPS).toHaveLength(names.length);
    names.forEach((name, opnum) => {
      expect(rop[name]).toBe(opnum);
      expect(findOpnum(name)).toBe(opnum);
      const info = RESOPS[opnum]!;
      expect(info.name).toBe(name);
      expect(info.arity).toBe(RESOP_TABLE[name].arity);
      expect(info.result).toBe(RESOP_TABLE[name].result);
    });
    expect(findOpnum("int_frobnicate")).toBe(-1);
  });

  it("keeps every entry consistent", () => {
    for (const info of RESOPS) {
      const where = info.name;
      // argument kinds: one per argument, or any number
      if (info.args === "*") expect(info.arity, where).toBe(-1);
      else {
        expect(info.args, where).toMatch(/^[irf.]*$/);
        expect(info.args.length, where).toBe(info.arity);
      }
      // a family's operations take their own kind: int_* integers, float_* floats (comparisons too)
      if (/^u?int_/.test(info.name)) expect(info.args, where).toMatch(/^i+$|^$/);
      if (/^float_/.test(info.name)) expect(info.args, where).toMatch(/^f+$/);
      // guards: no result (but guard_exception, which gives the exception), a fail descriptor, at most 2 arguments
      if (info.guard) {
        expect(info.name.startsWith("guard_"), where).toBe(true);
        expect(info.result === "n" || info.name === "guard_exception", where).toBe(true);
        expect(info.descr, where).toBe("fail");
        expect(info.arity >= 0 && info.arity <= 2, where).toBe(true);
      } else {
        expect(info.name.startsWith("guard_"), where).toBe(false);
        expect(info.descr, where).not.toBe("fail");
      }
      if (info.foldableGuard) expect(info.guard, where).toBe(true);
      // pure operations have no side effect, take arguments and give a result
      if (info.pure) {
        expect(info.sideEffects || info.canRaise || info.canAllocate || info.guard, where).toBe(false);
        expect(info.result, where).not.toBe("n");
        expect(info.noSideEffect, where).toBe(true);
      }
      if (info.noSideEffect) expect(info.sideEffects, where).toBe(false);
      // an operation without side effect that gives nothing would be useless
      if (!info.sideEffects && !info.guard && !info.final && info.name !== "label") expect(info.result, where).not.toBe("n");
      // the suffix of a family names its result kind
      const suffix = /_(i|r|f|n)$/.exec(info.name)?.[1];
      if (suffix && (info.call || /^(getfield|getarrayitem|same_as|raw_load)/.test(info.name))) expect(info.result, where).toBe(suffix);
      // calls: any number of arguments (the function first), a call descriptor, may raise
      if (info.call) {
        expect(info.arity, where).toBe(-1);
        expect(info.descr, where).toBe("call");
        expect(info.canRaise, where).toBe(true);
      } else {
        expect(info.canRaise, where).toBe(false);
      }
      if (info.ovf) expect([info.arity, info.result], where).toEqual([2, "i"]);
      if (info.final) expect(["jump", "finish"]).toContain(info.name);
      expect(info.doc, where).not.toBe("");
    }
  });

  it("gives comparisons their inverse and reflex within the table", () => {
    for (const [a, b] of [...Object.entries(BOOL_INVERSE), ...Object.entries(BOOL_REFLEX)]) {
      expect(isResOpName(a) && isResOpName(b!)).toBe(true);
      expect(RESOP_TABLE[a as ResOpName].result).toBe("i");
    }
    expect(BOOL_INVERSE.int_lt).toBe("int_ge");
    expect(BOOL_REFLEX.int_lt).toBe("int_gt");
  });
});

describe("the consumers of the resoperation table", () => {
  it("the trace interpreter handles every operation (or refuses it with a reason)", () => {
    expect(undecidedResOps(TRACE_INTERP_OPERATIONS)).toEqual([]);
    expect(Object.keys(TRACE_INTERP_OPERATIONS).filter((name) => !isResOpName(name))).toEqual([]);
    const refusedOps = Object.keys(TRACE_INTERP_OPERATIONS).filter((name) => typeof (TRACE_INTERP_OPERATIONS as Record<string, unknown>)[name] !== "function");
    expect(refusedOps).toEqual([]);
  });

  it("fails on an operation added to the table that a consumer neither handles nor refuses", () => {
    const grown = { ...RESOP_TABLE, int_frobnicate: RESOP_TABLE.int_add };
    expect(undecidedResOps(TRACE_INTERP_OPERATIONS, grown)).toEqual(["int_frobnicate"]);
    expect(undecidedResOps({ ...TRACE_INTERP_OPERATIONS, int_add: { refused: "" } })).toEqual(["int_add"]);
  });
});

describe("LL operations in traces (ll-to-resop.ts, for the codewriter)", () => {
  it("decides every LL operation: resoperations of the table, a residual call, the codewriter's own, or a refusal with a reason", () => {
    expect(Object.keys(LL_TO_RESOP).sort()).toEqual(Object.keys(LL_OPS).sort());
    for (const [name, t] of Object.entries(LL_TO_RESOP)) {
      if ("resops" in t) {
        expect(t.resops.length, name).toBeGreaterThan(0);
        for (const r of t.resops) expect(isResOpName(r), `${name} -> ${r}`).toBe(true);
        expect(t.how, name).not.toBe("");
      } else if ("residual" in t) expect(t.how, name).not.toBe("");
      else if ("control" in t) expect(t.control, name).not.toBe("");
      else expect(t.refused, name).not.toBe("");
    }
  });

  it("keeps LL purity: a pure LL operation becomes pure resoperations or an elidable call", () => {
    for (const [name, t] of Object.entries(LL_TO_RESOP)) {
      const ll = LL_OPS[name as keyof typeof LL_OPS];
      if (!ll.pure || name === "jit_promote" || name === "identityhash") continue;
      if ("resops" in t) for (const r of t.resops) expect(RESOP_TABLE[r].flags, `${name} -> ${r}`).toContain("pure");
      else if ("residual" in t) expect(t.residual, name).toBe("call_pure");
      else if ("refused" in t) continue;
      else throw new Error(`pure LL operation ${name} is neither resops nor a call`);
    }
  });
});
