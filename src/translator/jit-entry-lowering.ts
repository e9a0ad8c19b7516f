/**
 * The JIT's entry in a binary: after src/jit/merge-point.ts has made each portal's merge point a
 * jit_maybe_compile_and_run and its four outcomes (jit_portal_arg, jit_portal_result,
 * jit_portal_exception, jit_portal_fatal), this pass makes those operations calls of the entry
 * points of src/runtime/jit/jit-native.ts on the prebuilt JitRuntime (`rts translate --jit`;
 * RPython's warmspot makes the same calls from its portal runner). Target-independent: it runs
 * on the rtyper's graphs, before the LL optimisations and the transforms, so that the backends
 * never see the five operations.
 *
 *     st = jit_maybe_compile_and_run(PORTAL, v0, v1, ...)
 *  -> jitNativeSetPortalInt(jit, PORTAL, k, word(v0)); jitNativeSetPortalRef(...); ...   per value, by kind
 *     st = jitNativeMaybeCompileAndRun(jit, PORTAL)
 *     a = jit_portal_arg(PORTAL, pos)  ->  w = jitNativePortalArgInt(jit, PORTAL, pos); a = value(w)
 *     r = jit_portal_result(PORTAL)    ->  likewise with jitNativePortalResultInt (or *Float)
 *     e = jit_portal_exception(PORTAL) ->  w = jitNativePortalException(jit, PORTAL); e = the pointer at w
 *     jit_portal_fatal(PORTAL)         ->  rts_jit_portal_fatal(PORTAL): the trace taken, then jitNativePortalFatal
 *
 * A value crosses as a word: an integer as it is, a bool 0 or 1, a char its code unit, a GC
 * pointer or an address the address as an integer; a float as a float (the runtime keeps the
 * kinds apart: argKinds's order within each kind, as the jitcodes number their registers).
 */

import { LLConstant, LLOperation, LLVariable, VOID, functionConstant, type LLGraph, type LLValue } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Address, Bool, Char, Float, PtrType, Signed, Void, typeName, type LLType } from "../llir/lltype.js";
import { kindOf } from "../jit/codewriter/descriptors.js";

/** The entry points' graphs (jit-native.ts, lowered), the fatal one wrapped by fatalRoutine. */
export interface JitEntryGraphs {
  readonly setPortalInt: LLGraph;
  readonly setPortalRef: LLGraph;
  readonly setPortalFloat: LLGraph;
  readonly maybeCompileAndRun: LLGraph;
  readonly portalArgInt: LLGraph;
  readonly portalArgFloat: LLGraph;
  readonly portalResultInt: LLGraph;
  readonly portalResultFloat: LLGraph;
  readonly portalException: LLGraph;
  /** (index) -> Void, never returns: fatalRoutine's graph. */
  readonly portalFatal: LLGraph;
}

/**
 * rts_jit_portal_fatal(index): takes the trace of the calls into the prebuilt array (as the
 * native runtime's fatal routines do), then calls jitNativePortalFatal(jit, index, trace).
 */
export function fatalRoutine(helper: LLGraph, runtime: LLConstant, trace: LLConstant): LLGraph {
  const b = new LLGraphBuilder("rts_jit_portal_fatal", [Signed], Void);
  b.op("stack_trace", [trace], Void);
  b.op("direct_call", [functionConstant(helper), runtime, b.args[0]!, trace], helper.resultType);
  b.returnValue(VOID);
  return b.build();
}

/** Makes the JIT's entry operations of the portals calls of the runtime's entry points (see the header). */
export function lowerJitEntry(portals: readonly LLGraph[], entry: JitEntryGraphs, runtime: LLConstant): void {
  for (const portal of portals) {
    for (const block of portal.iterBlocks()) {
      if (!block.operations.some((op) => op.opname.startsWith("jit_portal_") || op.opname === "jit_maybe_compile_and_run")) continue;
      const out: LLOperation[] = [];
      const op: OpMaker = (opname, args, type, hint, pos, into) => {
        const result = into ?? new LLVariable(type, hint);
        out.push(new LLOperation(opname, args, result, pos));
        return result;
      };
      const call = (graph: LLGraph, args: LLValue[], pos: LLOperation["pos"], result?: LLVariable): LLVariable => {
        const v = result ?? new LLVariable(graph.resultType, "v");
        out.push(new LLOperation("direct_call", [functionConstant(graph), runtime, ...args], v, pos));
        return v;
      };
      for (const o of block.operations) {
        const pos = o.pos;
        const index = o.args[0]!;
        if (o.opname === "jit_maybe_compile_and_run") {
          const next = { i: 0, r: 0, f: 0 };
          for (const value of o.args.slice(1)) {
            const kind = kindOf(value.type);
            if (kind === "v") continue;
            const k = new LLConstant(next[kind]++, Signed);
            if (kind === "f") call(entry.setPortalFloat, [index, k, value], pos);
            else if (kind === "r") call(entry.setPortalRef, [index, k, wordOf(value, op, pos)], pos);
            else call(entry.setPortalInt, [index, k, wordOf(value, op, pos)], pos);
          }
          call(entry.maybeCompileAndRun, [index], pos, o.result);
        } else if (o.opname === "jit_portal_arg" || o.opname === "jit_portal_result") {
          const arg = o.opname === "jit_portal_arg";
          const args = arg ? [index, o.args[1]!] : [index];
          if (o.result.type === Float) {
            call(arg ? entry.portalArgFloat : entry.portalResultFloat, args, pos, o.result);
          } else {
            const word = call(arg ? entry.portalArgInt : entry.portalResultInt, args, pos);
            valueOf(word, o.result, op, pos);
          }
        } else if (o.opname === "jit_portal_exception") {
          valueOf(call(entry.portalException, [index], pos), o.result, op, pos);
        } else if (o.opname === "jit_portal_fatal") {
          out.push(new LLOperation("direct_call", [functionConstant(entry.portalFatal), index], o.result, pos));
        } else {
          out.push(o);
        }
      }
      block.operations = out;
    }
  }
}

/** Appends an operation; its result is `into` when given, else a new variable. */
type OpMaker = (opname: LLOperation["opname"], args: LLValue[], type: LLType, hint: string, pos: LLOperation["pos"], into?: LLVariable) => LLVariable;

/** The value as an integer word (its kind is `i` or `r`). */
function wordOf(value: LLValue, op: OpMaker, pos: LLOperation["pos"]): LLValue {
  const t = value.type;
  if (t === Signed) return value;
  if (t === Bool) return op("cast_bool_to_int", [value], Signed, "word", pos);
  if (t === Char) return op("cast_char_to_int", [value], Signed, "word", pos);
  if (t === Address) return op("cast_adr_to_int", [value], Signed, "word", pos);
  if (t instanceof PtrType && t.gc) return op("cast_adr_to_int", [op("cast_ptr_to_adr", [value], Address, "adr", pos)], Signed, "word", pos);
  throw new Error(`internal error: the JIT's entry cannot pass a ${typeName(t)} to the JIT`);
}

/** result := the word as a value of result's type (the operation that computes it ends in result). */
function valueOf(word: LLVariable, result: LLVariable, op: OpMaker, pos: LLOperation["pos"]): void {
  const t = result.type;
  const last = (opname: LLOperation["opname"], args: LLValue[]): void => {
    op(opname, args, t, result.hint, pos, result);
  };
  if (t === Signed) return last("same_as", [word]);
  if (t === Bool) return last("int_ne", [word, new LLConstant(0, Signed)]);
  if (t === Char) return last("cast_int_to_char", [word]);
  if (t === Address) return last("cast_int_to_adr", [word]);
  if (t instanceof PtrType && t.gc) return last("cast_adr_to_ptr", [new LLConstant(t.to, Void), op("cast_int_to_adr", [word], Address, "adr", pos)]);
  throw new Error(`internal error: the JIT's entry cannot take a ${typeName(t)} from the JIT`);
}
