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
 * A value crosses as a word (word-casts.ts): an integer as it is, a bool 0 or 1, a char its code
 * unit, a GC pointer or an address the address as an integer; a float as a float (the runtime keeps the
 * kinds apart: argKinds's order within each kind, as the jitcodes number their registers).
 */

import { LLConstant, type LLOperation, type LLVariable, VOID, functionConstant, type LLGraph, type LLValue } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Float, Signed, Void, typeName } from "../llir/lltype.js";
import { kindOf } from "../jit/codewriter/descriptors.js";
import { hasWord, opMaker, valueOfWord, wordOf, type OpMaker } from "./word-casts.js";

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
      for (const o of block.operations) {
        const op = opMaker(out, o.pos);
        const call = (graph: LLGraph, args: LLValue[], into?: LLVariable): LLVariable => op("direct_call", [functionConstant(graph), runtime, ...args], graph.resultType, "v", into);
        const index = o.args[0]!;
        if (o.opname === "jit_maybe_compile_and_run") {
          const next = { i: 0, r: 0, f: 0 };
          for (const value of o.args.slice(1)) {
            const kind = kindOf(value.type);
            if (kind === "v") continue;
            const k = new LLConstant(next[kind]++, Signed);
            if (kind === "f") call(entry.setPortalFloat, [index, k, value]);
            else call(kind === "r" ? entry.setPortalRef : entry.setPortalInt, [index, k, word(value, op)]);
          }
          call(entry.maybeCompileAndRun, [index], o.result);
        } else if (o.opname === "jit_portal_arg" || o.opname === "jit_portal_result") {
          const arg = o.opname === "jit_portal_arg";
          const args = arg ? [index, o.args[1]!] : [index];
          if (o.result.type === Float) call(arg ? entry.portalArgFloat : entry.portalResultFloat, args, o.result);
          else fromWord(call(arg ? entry.portalArgInt : entry.portalResultInt, args), o.result, op);
        } else if (o.opname === "jit_portal_exception") {
          fromWord(call(entry.portalException, [index]), o.result, op);
        } else if (o.opname === "jit_portal_fatal") {
          op("direct_call", [functionConstant(entry.portalFatal), index], o.result.type, "stopped", o.result);
        } else {
          out.push(o);
        }
      }
      block.operations = out;
    }
  }
}

/** The value as a word, for the runtime (a value of kind `i` or `r`). */
function word(value: LLValue, op: OpMaker): LLValue {
  if (!hasWord(value.type)) throw new Error(`internal error: the JIT's entry cannot pass a ${typeName(value.type)} to the JIT`);
  return wordOf(value, op);
}

/** result := the word as a value of result's type (the last operation made defines result). */
function fromWord(w: LLVariable, result: LLVariable, op: OpMaker): void {
  if (!hasWord(result.type)) throw new Error(`internal error: the JIT's entry cannot take a ${typeName(result.type)} from the JIT`);
  valueOfWord(w, result.type, op, result.hint, result);
}
