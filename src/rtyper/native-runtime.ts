/**
 * The native runtime's LL graphs: what a translated program runs besides the program itself.
 * The backend's `_start` only does `rdi = argc; rsi = &argv[0]; call entry; exit_group(eax)`;
 * everything else is here, as LL graphs the backend compiles like any other:
 *
 * - entry(argc, argv): builds main's argv from the C strings, calls main, reports an uncaught
 *   exception, flushes the output and gives the exit status;
 * - fatal, fatalIndex, fatalNotInteger: what the backend calls when a safety check fails;
 * - stackOverflow: what stack_check calls when the stack is nearly full (stackcheck.ts).
 *
 * Most of it is RTS (src/runtime/native.ts); this file builds by hand only what RTS cannot
 * say: reading the C strings (raw_load), calling main and catching what it raises, reading the
 * hidden `where` and `trace` fields of the uncaught error, taking a fatal error's stack trace
 * (stack_trace, before the helper that prints it), and clearing the error site before the RangeError.
 *
 * Wiring (what the driver does, src/translator/lower.ts lowerForNative, in this order):
 *
 *     const annotator = new Annotator(program); annotator.annotateMain();
 *     prepareNativeRuntime(annotator);          // before the RTyper numbers the classes
 *     const rtyper = new RTyper(annotator);
 *     const main = rtyper.specializeFrom(mainDesc);
 *     const rt = buildNativeRuntime(rtyper, main);
 *     const roots = [rt.entry, rt.fatal, rt.fatalIndex, rt.fatalNotInteger, rt.stackOverflow, ...rt.gc];
 *     runPasses(passesFor("native", optimize), roots, { rtyper, stackOverflow: rt.stackOverflow });
 *                                               // the LL passes, src/translator/passes.ts: the graphs
 *                                               // returned here need them, as main does
 */

import type { Annotator } from "../annotator/annotator.js";
import type { Some } from "../annotator/bookkeeper.js";
import { EMPTY_UNDEFINED, someFloat, someInteger, someString, someTypedArray } from "../annotator/model.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { NATIVE_ROOT_STACK_BYTES } from "../runtime/gc/layout.js";
import { LLBlock, LLConstant, LLGraph, LLLink, LLOperation, LLVariable, LL_CATCH, LL_LAST_EXCEPTION, VOID, functionConstant, type LLValue } from "../llir/llgraph.js";
import { Address, ArrayType, Bool, Float, Ptr, PtrType, STR, Signed, StructType, Uint8, Void, type LLType } from "../llir/lltype.js";
import { OBJECT } from "./rclass.js";
import { ERROR_SITE, ERROR_SITE_PREBUILT, EXCEPTION_TYPE, WHERE_FIELD, errorRepr } from "./rexception.js";
import type { RTyper, RuntimeHelperName } from "./rtyper.js";
import { CAPTURED_SITES, TRACE_FIELD } from "./stack-trace.js";

export interface NativeRuntime {
  /**
   * (argc: Signed, argv: Address) -> Signed, what `_start` calls. main receives
   * [argv0, ...C strings argv[1..argc-1] decoded as UTF-8]: argv0 is the target's path as
   * `rts run` gives it (main sees the same argv translated or not). An exception escaping main
   * is cleared, stdout flushed, the error printed as formatUncaughtError prints it, and the
   * result is 1; otherwise stdout is flushed and the result is main's status (0 for void).
   */
  entry: LLGraph;
  /** (message: Ptr(STR), where: Ptr(STR)) -> Void, never returns: "fatal error: ..." then the stack trace (or "    at where" without one, unless null) on stderr, exit 70. */
  fatal: LLGraph;
  /** (index: Signed, length: Signed, where: Ptr(STR)) -> Void: fatal "index I out of bounds (length N)". */
  fatalIndex: LLGraph;
  /** (x: Float, where: Ptr(STR)) -> Void: fatal "the number X is not an integer the program can hold". */
  fatalNotInteger: LLGraph;
  /** () -> Void: raises RangeError("Maximum call stack size exceeded"), as Node would. */
  stackOverflow: LLGraph;
  /** The collector's entry points the machine code calls (through stubs; entry calls gcInit first). */
  gc: { allocSlow: LLGraph; writeBarrier: LLGraph; writeBarrierArray: LLGraph; identityHash: LLGraph };
}

const nullableString = () => someString({ empty: EMPTY_UNDEFINED });

/** The RTS helpers of the native runtime with the argument annotations they are lowered for. */
const HELPERS = {
  nativeArgv: () => [someString(), someTypedArray("Uint8Array"), someInteger({ nonNeg: true })],
  nativeUncaught: () => [nullableString(), nullableString(), nullableString(), someTypedArray("Int32Array", { empty: EMPTY_UNDEFINED })],
  nativeFatal: () => [someString(), nullableString(), someInteger(), someTypedArray("Int32Array")],
  nativeFatalIndex: () => [someInteger(), someInteger(), nullableString(), someInteger(), someTypedArray("Int32Array")],
  nativeFatalNotInteger: () => [someFloat(), nullableString(), someInteger(), someTypedArray("Int32Array")],
  nativeStackOverflow: () => [],
  flushAll: () => [],
  // The collector (src/runtime/gc/collector.ts): addresses are integers.
  gcInit: () => [someInteger()],
  gcAllocSlow: () => [someInteger(), someInteger()],
  gcWriteBarrierSlow: () => [someInteger()],
  gcWriteBarrierArraySlow: () => [someInteger(), someInteger()],
  gcIdentityHash: () => [someInteger()],
} satisfies Partial<Record<RuntimeHelperName, () => Some[]>>;

/** A runtime helper the native runtime calls. */
type NativeRuntimeHelper = keyof typeof HELPERS;

/**
 * Annotates the runtime's RTS helpers. Must run after annotateMain and before the RTyper is
 * made: the stack overflow's RangeError may be a class the program never names, and the RTyper
 * numbers the classes (for instanceof) once, when it is made.
 */
export function prepareNativeRuntime(annotator: Annotator): void {
  const system = annotator.program.system;
  if (!system) throw new Error("internal error: the program was loaded without the runtime helpers");
  for (const [name, args] of Object.entries(HELPERS)) {
    const live = system.exported(name);
    if (!live.found || typeof live.value !== "function") throw new Error(`internal error: no runtime helper named ${name}`);
    const before = annotator.errors.length;
    annotator.annotateHelper(live.value, args());
    if (annotator.errors.length > before) throw new Error(`internal error: the runtime helper ${name} does not annotate: ${annotator.errors[before]!.message}`);
  }
}

/**
 * Builds the native runtime's graphs for main (lowered by rtyper, not yet exception-transformed).
 * The returned graphs are in the rtyper's form: pass them as roots to optimizeGraphs (optional),
 * insertStackChecks and transformExceptions, as main is. argv0 defaults to the entry module's path
 * as messages show it (what `rts run target.ts` passes when run from the same directory).
 */
/**
 * The JIT's runtime linked into the binary (`rts translate --jit`, src/translator/jit-link.ts):
 * the entry calls start(runtime) after gcInit (whose start check has accepted RTS_JIT) and
 * finish(runtime) when main has returned, before giving the exit status.
 */
export interface EntryJit {
  readonly start: LLGraph;
  readonly finish: LLGraph;
  /** The prebuilt JitRuntime, the argument of both. */
  readonly runtime: LLConstant;
}

export function buildNativeRuntime(rtyper: RTyper, main: LLGraph, argv0?: string, jit?: EntryJit): NativeRuntime {
  const stackOverflow = buildStackOverflowGraph(rtyper); // first: it checks that prepareNativeRuntime ran
  const where = Ptr(STR);
  const traceRepr = rtyper.reprOf(someTypedArray("Int32Array"));
  const traceType = traceRepr.lowleveltype;
  // Where a fatal error's trace is taken: one prebuilt array (the program stops after it, and
  // out of memory nothing can be allocated).
  const fatalTrace = traceRepr.convertConst(new Int32Array(CAPTURED_SITES));
  // where a check failed: its file, and line * POSITION_LINE + column (native.ts nativeFatal)
  const fatal = withTrace("rts_fatal", runtimeHelper(rtyper, "nativeFatal", [Ptr(STR), where, Signed, traceType]), fatalTrace);
  const fatalIndex = withTrace("rts_fatal_index", runtimeHelper(rtyper, "nativeFatalIndex", [Signed, Signed, where, Signed, traceType]), fatalTrace);
  const fatalNotInteger = withTrace("rts_fatal_not_integer", runtimeHelper(rtyper, "nativeFatalNotInteger", [Float, where, Signed, traceType]), fatalTrace);
  const runMain = buildRunMain(rtyper, main, runtimeHelper(rtyper, "flushAll", []), runtimeHelper(rtyper, "nativeUncaught", [Ptr(STR), Ptr(STR), Ptr(STR), traceType]));
  const argvGraph = main.argTypes.length === 0 ? undefined : rtyper.specializeFrom(rtyper.rtsHelper("nativeArgv", HELPERS.nativeArgv()));
  const first = rtyper.reprOf(someString()).convertConst(argv0 ?? rtyper.annotator.program.entry.shown);
  const gcInit = runtimeHelper(rtyper, "gcInit", [Signed]);
  const entry = buildEntry(gcInit, runMain, argvGraph, first, jit);
  const gc = {
    allocSlow: runtimeHelper(rtyper, "gcAllocSlow", [Signed, Signed]),
    writeBarrier: runtimeHelper(rtyper, "gcWriteBarrierSlow", [Signed]),
    writeBarrierArray: runtimeHelper(rtyper, "gcWriteBarrierArraySlow", [Signed, Signed]),
    identityHash: runtimeHelper(rtyper, "gcIdentityHash", [Signed]),
  };
  return { entry, fatal, fatalIndex, fatalNotInteger, stackOverflow, gc };
}

/**
 * () -> Void, raising RangeError("Maximum call stack size exceeded"): what stack_check calls.
 * On its own for the LL interpreter, which needs no other part of the native runtime.
 */
export function buildStackOverflowGraph(rtyper: RTyper): LLGraph {
  const rangeError = rtyper.annotator.bk.classDesc(RangeError).classdef;
  if (rtyper.classes.layoutOf(rangeError).max === 0) {
    throw new Error("internal error: prepareNativeRuntime(annotator) must run before the RTyper is made");
  }
  return buildStackOverflow(runtimeHelper(rtyper, "nativeStackOverflow", []));
}

/** The LL graph of a runtime helper, checked to take the LL types the native runtime passes it. */
function runtimeHelper(rtyper: RTyper, name: NativeRuntimeHelper, argTypes: LLType[]): LLGraph {
  const graph = rtyper.specializeFrom(rtyper.rtsHelper(name, HELPERS[name]()));
  const types = graph.argTypes;
  if (types.length !== argTypes.length || types.some((t, i) => t !== argTypes[i])) throw new Error(`internal error: the runtime helper ${name} was lowered with other types`);
  return graph;
}

const fieldName = (name: string) => new LLConstant(name, Void);
const int = (n: number) => new LLConstant(n, Signed);

/**
 * A fatal routine: takes the trace of the calls that failed into the prebuilt array trace (its
 * own site shows nothing; the next one is the failed check's), then calls the helper with the
 * arguments it got and the trace.
 */
function withTrace(name: string, helper: LLGraph, trace: LLConstant): LLGraph {
  const b = new LLGraphBuilder(name, helper.argTypes.slice(0, -1), Void);
  b.op("stack_trace", [trace], Void);
  b.op("direct_call", [functionConstant(helper), ...b.args, trace], helper.resultType);
  b.returnValue(VOID);
  return b.build();
}

/** The RangeError's helper, called with the error site cleared: the error is made by no builtin call of the program. */
function buildStackOverflow(raise: LLGraph): LLGraph {
  const b = new LLGraphBuilder("rts_stack_overflow", [], Void);
  b.op("setfield", [new LLConstant(ERROR_SITE_PREBUILT, Ptr(ERROR_SITE)), fieldName(WHERE_FIELD), new LLConstant(null, Ptr(STR))], Void);
  b.op("direct_call", [functionConstant(raise)], raise.resultType);
  b.returnValue(VOID);
  return b.build();
}

/**
 * rts_run_main(argv) -> Signed: calls main in a block that catches everything (the exception
 * transform makes the catch clear exc_data), then flushes and returns main's status, or reports
 * the error and returns 1.
 */
function buildRunMain(rtyper: RTyper, main: LLGraph, flushAll: LLGraph, uncaught: LLGraph): LLGraph {
  const params = main.argTypes.map((t) => new LLVariable(t, "argv"));
  const start = new LLBlock(params);
  const graph = new LLGraph("rts_run_main", start, Signed, Ptr(OBJECT), main.pos);
  const resultType = main.resultType;
  const status = new LLVariable(resultType, "status");
  start.operations.push(new LLOperation("direct_call", [functionConstant(main), ...params], status, undefined));

  // Returned: flush, and main's status as the exit status.
  const returned = resultType === Void ? [] : [new LLVariable(resultType, "status")];
  const done = new LLBlock(returned);
  done.operations.push(new LLOperation("direct_call", [functionConstant(flushAll)], new LLVariable(Void), undefined));
  let exitStatus: LLValue = int(0);
  if (resultType === Float) {
    exitStatus = new LLVariable(Signed, "status");
    // A fraction (or a number past 2^53) stops the program, naming main, as the LL interpreter's runner does.
    done.operations.push(new LLOperation("cast_float_to_int", [returned[0]!], exitStatus, main.pos));
  } else if (resultType === Signed) {
    exitStatus = returned[0]!;
  } else if (resultType !== Void) {
    throw new Error(`internal error: main returns a value of LL type ${String(resultType)}, not an exit status`);
  }
  done.closeBlock([new LLLink([exitStatus], graph.returnblock)]);

  // Raised: the error's name, message and where (Error's struct nests first in every error's).
  const caught = new LLVariable(EXCEPTION_TYPE, "exc");
  const exc = new LLVariable(EXCEPTION_TYPE, "exc");
  const report = new LLBlock([exc]);
  const errorType = errorRepr(rtyper, rtyper.annotator.bk.classDesc(Error).classdef).lowleveltype;
  const error = new LLVariable(errorType, "error");
  report.operations.push(new LLOperation("cast_pointer", [new LLConstant(errorType, Void), exc], error, undefined));
  const fields = ["f_name", "f_message", WHERE_FIELD, TRACE_FIELD].map((name, i): LLVariable => {
    const type = (errorType.to as StructType).fields.find((f) => f.name === name)?.type;
    if (!type || type !== uncaught.argTypes[i]) throw new Error(`internal error: Error's field ${name} is not what nativeUncaught takes`);
    const value = new LLVariable(type, name);
    report.operations.push(new LLOperation("getfield", [error, fieldName(name)], value, undefined));
    return value;
  });
  const code = new LLVariable(Signed, "status");
  report.operations.push(new LLOperation("direct_call", [functionConstant(uncaught), ...fields], code, undefined));
  report.closeBlock([new LLLink([code], graph.returnblock)]);

  const catchLink = new LLLink([caught], report, LL_CATCH);
  catchLink.caught = caught;
  start.closeBlock([new LLLink(resultType === Void ? [] : [status], done), catchLink], LL_LAST_EXCEPTION);
  return graph;
}

/**
 * rts_entry(argc, argv) -> Signed. Starts the collector (before anything allocates), then: the C strings argv[1..argc-1] are copied, each with its NUL,
 * into one Uint8Array (first measured, then copied), which nativeArgv splits and decodes.
 */
function buildEntry(gcInit: LLGraph, runMain: LLGraph, argvGraph: LLGraph | undefined, first: LLConstant, jit: EntryJit | undefined): LLGraph {
  const b = new LLGraphBuilder("rts_entry", [Signed, Address], Signed);
  const [argc, argv] = b.args as [LLVariable, LLVariable];
  b.op("direct_call", [functionConstant(gcInit), int(NATIVE_ROOT_STACK_BYTES)], Void);
  if (jit) b.op("direct_call", [functionConstant(jit.start), jit.runtime], Void);
  const args: LLValue[] = [];
  if (argvGraph) {
    const bytesType = argvGraph.argTypes[1]!;
    if (!(bytesType instanceof PtrType) || !(bytesType.to instanceof ArrayType)) throw new Error("internal error: nativeArgv does not take a Uint8Array");
    const cString = (i: LLValue) => b.op("raw_load", [new LLConstant(Address, Void), argv, b.op("int_mul", [i, int(8)], Signed)], Address, "arg");
    const byteAt = (p: LLValue, j: LLValue) => b.op("raw_load", [new LLConstant(Uint8, Void), p, j], Signed, "byte");
    const total = b.local(Signed, int(0), "total");
    b.forRange(int(1), argc, (i) => {
      const p = cString(i);
      const n = b.local(Signed, int(0), "n");
      b.whileLoop(
        () => b.op("int_ne", [byteAt(p, b.get(n)), int(0)], Bool),
        () => b.set(n, b.op("int_add", [b.get(n), int(1)], Signed)),
      );
      b.set(total, b.op("int_add", [b.get(total), b.op("int_add", [b.get(n), int(1)], Signed)], Signed));
    }, Signed);
    const bytes = b.op("malloc_varsize", [new LLConstant(bytesType.to, Void), b.get(total)], bytesType, "bytes");
    const k = b.local(Signed, int(0), "k");
    b.forRange(int(1), argc, (i) => {
      const p = cString(i);
      const j = b.local(Signed, int(0), "j");
      const more = b.local(Bool, new LLConstant(true, Bool), "more");
      b.whileLoop(
        () => b.get(more),
        () => {
          const byte = byteAt(p, b.get(j));
          b.op("setarrayitem", [bytes, b.get(k), byte], Void);
          b.set(k, b.op("int_add", [b.get(k), int(1)], Signed));
          b.set(j, b.op("int_add", [b.get(j), int(1)], Signed));
          b.set(more, b.op("int_ne", [byte, int(0)], Bool));
        },
      );
    }, Signed);
    const list = b.op("direct_call", [functionConstant(argvGraph), first, bytes, b.get(total)], argvGraph.resultType, "argv");
    if (list.type !== runMain.argTypes[0]) throw new Error("internal error: main's argv is not a list of strings");
    args.push(list);
  }
  const status = b.op("direct_call", [functionConstant(runMain), ...args], Signed, "status");
  if (jit) b.op("direct_call", [functionConstant(jit.finish), jit.runtime], Void);
  b.returnValue(status);
  const entry = b.build();
  entry.beforeCollector = true;
  return entry;
}
