/**
 * `rts translate --jit`: the JIT's runtime linked into the binary (issue 17, item 1). The portals'
 * jitcodes are written by the codewriter for the native target, put into one JitRuntime made at
 * translation time (src/runtime/jit/jit-native.ts `newNativeJitRuntime`, `addPortal`), and that
 * runtime becomes prebuilt data of the binary: the entry calls its start and finish, and
 * `jit_set_param` calls its setter, `jit_force_quasi_immutable` its invalidation of the loops that
 * assumed the field. Without --jit none of this runs and nothing of it is linked.
 *
 * Numbers known only in the binary (the addresses of functions and prebuilt objects, GC type ids)
 * are symbolic words in the jitcodes (src/llir/symbolic.ts), resolved when the data image is
 * written; NativeCodeWriterTarget gives them to the codewriter.
 *
 * The order, and why the program is rtyped twice. The codewriter reads the rtyper's LL graphs,
 * but the RTyper numbers every class once, when it is made (instanceof ranges), so the JIT's
 * runtime, whose classes and prebuilt data come from the jitcodes, must be annotated before the
 * RTyper that translates the program exists. So:
 *
 *   1. annotateJitRuntime: a first RTyper lowers main, its portals are split and their jitcodes
 *      written; a runtime holding them is annotated, with the entry points of jit-native.ts (and
 *      a copy whose numbers, strings and booleans all differ, so that no value of the jitcodes'
 *      data is annotated as a constant: the second writing numbers classes differently).
 *      That RTyper and its graphs are then dropped: they served to show the annotator the shape
 *      of this program's jitcodes (which descriptor classes, which kinds of field values).
 *   2. lowerForNativeWithJit: the RTyper of the translation lowers main; its portals are split
 *      and their jitcodes written again (the same code: only the symbolic words differ), into a
 *      second runtime, which is checked against the annotation (seeing it must change no
 *      annotation of any class: else an internal error naming what changed) and converted as the
 *      constant the entry passes.
 *
 * The codewriter makes instances of the toolchain's own classes (dist/runtime/jit); the prebuilt
 * data must be instances of the classes of the program as it was loaded (the runtime's modules
 * stripped and run by the loader), which the annotator maps back to their source: `convert`
 * copies them, class by class of the same name.
 */

import path from "node:path";
import type { Annotator } from "../annotator/annotator.js";
import type { FunctionDesc, Some } from "../annotator/bookkeeper.js";
import { ListDef } from "../annotator/listdef.js";
import { describe, someFloat, someInteger, someList, someString, someTypedArray } from "../annotator/model.js";
import { UserError } from "../frontend/diagnostic.js";
import { RUNTIME_INDEX, type LoadedProgram, type ModuleInfo } from "../frontend/modules.js";
import { LLConstant, functionConstant, reachableGraphs, type LLGraph, type LLOperation } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Ptr, Signed, type ArrayType, type PtrType, type StructType } from "../llir/lltype.js";
import { NULL_OBJECT, NULL_STRUCT } from "../llir/object-model.js";
import { SymbolicWords, isSymbolicWord, type SymbolicWord } from "../llir/symbolic.js";
import { CodeWriterError, makeJitCodes, type JitCodes } from "../jit/codewriter/codewriter.js";
import { DescrFactory, type CodeWriterTarget } from "../jit/codewriter/descriptors.js";
import { PortalSplitError, splitPortals } from "../jit/portal.js";
import * as historyClasses from "../runtime/jit/history.js";
import * as jitcodeClasses from "../runtime/jit/jitcode.js";
import { buildNativeRuntime, prepareNativeRuntime } from "../rtyper/native-runtime.js";
import { RTyper } from "../rtyper/rtyper.js";
import { EXC_DATA, EXC_DATA_PREBUILT } from "../rtyper/exceptions.js";
import { nativeRoots, type LoweredForNative } from "./lower.js";
import { fatalRoutine, lowerJitEntry, type JitEntryGraphs } from "./jit-entry-lowering.js";
import { opMaker, wordOf } from "./word-casts.js";
import { rewriteMergePoint } from "../jit/merge-point.js";
import { CAPTURED_SITES } from "../rtyper/stack-trace.js";
import { callDispatcherInstead, dispatchableFunctions, residualDispatchGraph, residualTargets } from "./jit-dispatch.js";

/** The runtime module a --jit program loads besides the runtime's index (its entry points). */
export const JIT_NATIVE_MODULE = path.join(path.dirname(RUNTIME_INDEX), "jit", "jit-native.ts");

/** The NativeCPU's module: its nativeResidualCall is what the residual dispatcher replaces. */
const NATIVE_CPU_MODULE = path.join(path.dirname(RUNTIME_INDEX), "jit", "native-cpu.ts");

/** The modules of src/runtime/jit whose classes the codewriter instantiates, by file, with the toolchain's copy of each. */
const CODEWRITER_MODULES: readonly { file: string; classes: Record<string, unknown> }[] = [
  { file: path.join(path.dirname(RUNTIME_INDEX), "jit", "history.ts"), classes: historyClasses },
  { file: path.join(path.dirname(RUNTIME_INDEX), "jit", "jitcode.ts"), classes: jitcodeClasses },
];

/** What `rts translate --jit` asks besides linking: the test-only entry (jit-native.ts jitNativeBlackholeMain). */
export interface JitLinkOptions {
  /** Tests only (`--jit-blackhole-main`): the binary runs the first portal's jitcode in the blackhole interpreter instead of main. */
  blackholeMain?: boolean;
}

/**
 * The codewriter's target in a binary: type ids and the addresses of functions and prebuilt
 * objects as symbolic words. They are objects where the codewriter expects numbers: it only
 * stores them (a JitCode's constant pool keys them by their text, which is distinct per referent).
 */
export class NativeCodeWriterTarget implements CodeWriterTarget {
  readonly words = new SymbolicWords();

  typeId(type: StructType | ArrayType): number {
    return this.words.typeId(type) as unknown as number;
  }

  constantValue(c: LLConstant): number {
    return this.words.address(c) as unknown as number;
  }
}

/** Stage 1's result: the annotated entry points and the annotation's text, which stage 2 must leave as it is. */
export interface JitAnnotation {
  readonly runtime: Some;
  readonly start: FunctionDesc;
  readonly finish: FunctionDesc;
  readonly setParam: FunctionDesc;
  readonly quasiImmutWritten: FunctionDesc;
  readonly blackholeMain: FunctionDesc | undefined;
  /** The entry points the portals' merge points call (jit-entry-lowering.ts), by their name in jit-native.ts. */
  readonly entry: Record<EntryPoint, FunctionDesc>;
  readonly snapshot: string;
}

/** The entry points of jit-native.ts a portal's merge point calls, with the annotations of their arguments after the runtime. */
const ENTRY_POINTS = {
  jitNativeSetPortalInt: () => [someInteger(), someInteger(), someInteger()],
  jitNativeSetPortalRef: () => [someInteger(), someInteger(), someInteger()],
  jitNativeSetPortalFloat: () => [someInteger(), someInteger(), someFloat()],
  jitNativeMaybeCompileAndRun: () => [someInteger()],
  jitNativePortalArgInt: () => [someInteger(), someInteger()],
  jitNativePortalArgFloat: () => [someInteger(), someInteger()],
  jitNativePortalResultInt: () => [someInteger()],
  jitNativePortalResultFloat: () => [someInteger()],
  jitNativePortalException: () => [someInteger()],
  jitNativePortalFatal: () => [someInteger(), someTypedArray("Int32Array")],
} satisfies Record<string, () => Some[]>;

type EntryPoint = keyof typeof ENTRY_POINTS;

/** Stage 2's result, for the driver's phase lines. */
export interface JitLinkStats {
  readonly portals: string[];
  readonly jitcodes: number;
  /** The numbers of all jitcodes' code (instructions and operands). */
  readonly codeWords: number;
  readonly descrs: number;
  readonly residualTargets: number;
  readonly symbolicWords: number;
}

/** Stage 1 (see the header): after annotateMain, before the RTyper of the translation is made. */
export function annotateJitRuntime(program: LoadedProgram, annotator: Annotator, options: JitLinkOptions): JitAnnotation {
  prepareNativeRuntime(annotator);
  const first = new RTyper(annotator);
  const main = first.specializeFrom(annotator.bk.functionDesc(program.main!));
  const codes = writeJitCodes(program, main);
  const target = codes[0]!.target;
  const dispatch = dispatchWords(target, main);
  const runtime = annotator.bk.immutableValue(makeRuntime(program, codes.map((c) => c.codes), target, dispatch, false));
  // and a copy whose every number, string and boolean differs: no field or item of the jitcodes'
  // data is annotated as a constant (the second writing's class ranges, for one, are other numbers)
  annotator.bk.immutableValue(makeRuntime(program, codes.map((c) => c.codes), target, dispatch, true));
  const module = jitNativeModule(program);
  const helper = (name: string, args: Some[]) => {
    const live = module.exported(name);
    if (!live.found || typeof live.value !== "function") throw new Error(`internal error: ${JIT_NATIVE_MODULE} exports no ${name}`);
    const before = annotator.errors.length;
    const desc = annotator.annotateHelper(live.value, args);
    if (annotator.errors.length > before) {
      const messages = annotator.errors.slice(before).map((e) => `${e.pos.file}:${e.pos.line}:${e.pos.column}: ${e.message}`);
      throw new Error(`internal error: the JIT's runtime does not annotate (${name}):\n${messages.join("\n")}`);
    }
    return desc;
  };
  const start = helper("jitNativeStart", [runtime]);
  const finish = helper("jitNativeFinish", [runtime]);
  const setParam = helper("jitNativeSetParam", [runtime, someInteger(), someInteger()]);
  const quasiImmutWritten = helper("jitNativeQuasiImmutWritten", [runtime, someInteger(), someInteger()]);
  const blackholeMain = options.blackholeMain ? helper("jitNativeBlackholeMain", [runtime, someList(new ListDef(someString()))]) : undefined;
  const entry = Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, args]) => [name, helper(name, [runtime, ...args()])])) as Record<EntryPoint, FunctionDesc>;
  return { runtime, start, finish, setParam, quasiImmutWritten, blackholeMain, entry, snapshot: annotationSnapshot(annotator) };
}

/**
 * Stage 2: lowerForNative (lower.ts) with the JIT: main lowered, its portals split and their
 * jitcodes written (`codewriter` is told how long that took), the runtime checked and converted,
 * jit_set_param made a call of its setter, and the entry calling start and finish.
 */
export function lowerForNativeWithJit(
  program: LoadedProgram,
  annotator: Annotator,
  annotated: JitAnnotation,
  options: JitLinkOptions,
): LoweredForNative & { jit: JitLinkStats; codewriterMs: number } {
  const rtyper = new RTyper(annotator);
  const main = rtyper.specializeFrom(annotator.bk.functionDesc(program.main!));
  const t0 = performance.now();
  const written = writeJitCodes(program, main);
  const codewriterMs = performance.now() - t0;
  const target = written[0]!.target;
  // the dispatcher's cases, in its order: taken once, before the JIT's runtime is in the graphs
  const dispatch = dispatchWords(target, main);
  const live = makeRuntime(program, written.map((c) => c.codes), target, dispatch, false);
  annotator.bk.immutableValue(live);
  const after = annotationSnapshot(annotator);
  if (after !== annotated.snapshot) throw new Error(`internal error: the jitcodes written for the binary do not have the shape the JIT's runtime was annotated with:\n${snapshotDiff(annotated.snapshot, after)}`);
  const runtime = rtyper.reprOf(annotated.runtime).convertConst(live);
  const start = rtyper.specializeFrom(annotated.start);
  const finish = rtyper.specializeFrom(annotated.finish);
  const setParam = rtyper.specializeFrom(annotated.setParam);
  const quasiImmutWritten = rtyper.specializeFrom(annotated.quasiImmutWritten);
  // each portal's merge point: the JIT's entry (merge-point.ts), made calls of the runtime's entry points
  const entryGraph = (name: EntryPoint) => rtyper.specializeFrom(annotated.entry[name]);
  const fatalTrace = rtyper.reprOf(someTypedArray("Int32Array")).convertConst(new Int32Array(CAPTURED_SITES));
  const entryGraphs: JitEntryGraphs = {
    setPortalInt: entryGraph("jitNativeSetPortalInt"),
    setPortalRef: entryGraph("jitNativeSetPortalRef"),
    setPortalFloat: entryGraph("jitNativeSetPortalFloat"),
    maybeCompileAndRun: entryGraph("jitNativeMaybeCompileAndRun"),
    portalArgInt: entryGraph("jitNativePortalArgInt"),
    portalArgFloat: entryGraph("jitNativePortalArgFloat"),
    portalResultInt: entryGraph("jitNativePortalResultInt"),
    portalResultFloat: entryGraph("jitNativePortalResultFloat"),
    portalException: entryGraph("jitNativePortalException"),
    portalFatal: fatalRoutine(entryGraph("jitNativePortalFatal"), runtime, fatalTrace),
  };
  const portals = written.map((c) => c.codes.portalGraph);
  portals.forEach((portal, index) => rewriteMergePoint(portal, index));
  lowerJitEntry(portals, entryGraphs, runtime);
  const entryMain = annotated.blackholeMain ? blackholeMainGraph(rtyper, annotated.blackholeMain, runtime) : main;
  const native = buildNativeRuntime(rtyper, entryMain, undefined, { start, finish, runtime });
  const roots = nativeRoots(native);
  // every graph of the binary, the jitcodes' residual targets and the codewriter's helpers included (reached through the runtime's data)
  const graphs = reachableGraphs([...roots, ...written.flatMap((c) => c.codes.helpers)]);
  lowerRuntimeCalls(graphs, runtime, setParam, quasiImmutWritten, new DescrFactory(target));
  const stub = residualCallStub(program, annotator, rtyper);
  if (stub) callDispatcherInstead(graphs, stub, residualDispatchGraph(stub, residualTargets(dispatch)));
  const codes = written.map((c) => c.codes);
  const jitcodes = codes.flatMap((c) => c.jitcodes);
  const jit: JitLinkStats = {
    portals: codes.map((c) => c.portalGraph.name),
    jitcodes: jitcodes.length,
    codeWords: jitcodes.reduce((n, j) => n + j.code.length, 0),
    descrs: jitcodes.reduce((n, j) => n + j.descrs.length, 0),
    residualTargets: codes.reduce((n, c) => n + c.residual.size + c.helpers.length, 0),
    symbolicWords: target.words.all().length,
  };
  return { rtyper, runtime: native, roots, context: { rtyper, stackOverflow: native.stackOverflow }, jit, codewriterMs };
}

/** The portals of the program (split) and the jitcodes of each, written for the native target. */
function writeJitCodes(program: LoadedProgram, main: LLGraph): { codes: JitCodes; target: NativeCodeWriterTarget }[] {
  const userError = (error: unknown): never => {
    if (error instanceof PortalSplitError || error instanceof CodeWriterError) throw new UserError(program.entry.shown, undefined, undefined, error.message);
    throw error;
  };
  let portals: LLGraph[] = [];
  try {
    portals = splitPortals([main]);
  } catch (error) {
    userError(error);
  }
  if (portals.length === 0) throw new UserError(program.entry.shown, undefined, undefined, "--jit: no function reachable from main calls jitMergePoint, so there is nothing for the JIT to compile");
  // one target for all portals: a function or type asked for twice gives the same word
  const target = new NativeCodeWriterTarget();
  return portals.map((portal) => {
    try {
      return { codes: makeJitCodes(portal, target), target };
    } catch (error) {
      return userError(error);
    }
  });
}

/** The loaded jit-native.ts (the program must have been loaded with it: JIT_NATIVE_MODULE). */
function jitNativeModule(program: LoadedProgram): ModuleInfo {
  const module = program.modules.find((m) => m.file === JIT_NATIVE_MODULE);
  if (!module) throw new Error(`internal error: the program was loaded without ${JIT_NATIVE_MODULE} (loadProgram's extraSystem)`);
  return module;
}

/** A JitRuntime of the program's classes with the portals' jitcodes (converted), its CPU's null object a symbolic word. */
function makeRuntime(program: LoadedProgram, codes: readonly JitCodes[], target: NativeCodeWriterTarget, dispatch: readonly SymbolicWord[], perturb: boolean): object {
  const make = jitNativeModule(program).exported("newNativeJitRuntime");
  if (!make.found || typeof make.value !== "function") throw new Error("internal error: jit-native.ts exports no newNativeJitRuntime");
  const runtime = (make.value as () => { cpu: { nullAddress: unknown; excValueAddress: unknown; residualAddresses: unknown[] }; addPortal(jitcode: unknown): number })();
  runtime.cpu.nullAddress = target.words.address(new LLConstant(NULL_OBJECT, Ptr(NULL_STRUCT)));
  // exc_data's one field, exc_value, is at its start (checked by tests/translator/jit-link.test.ts)
  runtime.cpu.excValueAddress = target.words.address(new LLConstant(EXC_DATA_PREBUILT, Ptr(EXC_DATA)));
  // the residual dispatcher's cases, in its order (jit-dispatch.ts)
  runtime.cpu.residualAddresses = [...dispatch];
  const classes = programClasses(program);
  const converted = new Map<object, object>();
  for (const c of codes) runtime.addPortal(convert(c.portal, classes, converted, perturb));
  return runtime;
}

/**
 * The symbolic addresses of the residual dispatcher's targets, in its order: the functions the
 * jitcodes name (in the order the codewriter asked for them), then those prebuilt data holds
 * (what an indirect call may load). Taken once per writing, before the graphs hold the JIT's
 * runtime (whose data would add functions and change the walk's order).
 */
function dispatchWords(target: NativeCodeWriterTarget, main: LLGraph): SymbolicWord[] {
  const named = target.words.all().flatMap((word) => (word.referent.what === "address" && word.addressOf()?.kind === "function" ? [word.referent.constant] : []));
  return dispatchableFunctions(named, [main]).map((c) => target.words.address(c));
}

/** The graph of native-cpu.ts nativeResidualCall, if the program calls it (a blackhole or meta-interpreter is linked). */
function residualCallStub(program: LoadedProgram, annotator: Annotator, rtyper: RTyper): LLGraph | undefined {
  const module = program.modules.find((m) => m.file === NATIVE_CPU_MODULE);
  const live = module?.exported("nativeResidualCall");
  if (!live?.found || typeof live.value !== "function") throw new Error(`internal error: ${NATIVE_CPU_MODULE} exports no nativeResidualCall`);
  const desc = annotator.bk.functionDesc(live.value);
  for (const [d, graph] of rtyper.allGraphs()) if (d === desc) return graph;
  return undefined;
}

/** The program's class of each toolchain class the codewriter makes, by module and name. */
function programClasses(program: LoadedProgram): Map<Function, Function> {
  const map = new Map<Function, Function>();
  for (const { file, classes } of CODEWRITER_MODULES) {
    const module = program.modules.find((m) => m.file === file);
    if (!module) throw new Error(`internal error: the JIT's runtime module ${file} is not loaded`);
    for (const [name, value] of Object.entries(classes)) {
      if (typeof value !== "function" || !/^class\b/.test(Function.prototype.toString.call(value))) continue;
      const loaded = module.exported(name);
      if (!loaded.found || typeof loaded.value !== "function") throw new Error(`internal error: the loaded ${file} has no class ${name}`);
      map.set(value, loaded.value);
    }
  }
  return map;
}

/**
 * A copy of a value the codewriter made, its objects instances of the program's classes (each
 * object copied once: jitcodes refer to each other and share descriptors). Numbers, strings,
 * booleans, null and symbolic words are kept; arrays copied item by item. With perturb, every
 * number, string and boolean is changed (an integer stays an integer, a fraction a fraction), for
 * an annotation that holds no constant.
 */
function convert<T>(value: T, classes: Map<Function, Function>, done: Map<object, object>, perturb: boolean): T {
  if (perturb) {
    if (typeof value === "number") return (value + 1) as T;
    if (typeof value === "string") return `${value}~` as T;
    if (typeof value === "boolean") return !value as T;
  }
  if (value === null || typeof value !== "object" || isSymbolicWord(value)) return value;
  const known = done.get(value);
  if (known) return known as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    done.set(value, copy);
    for (const item of value) copy.push(convert(item, classes, done, perturb));
    return copy as T;
  }
  const cls = (Object.getPrototypeOf(value) as { constructor?: Function } | null)?.constructor;
  const target = cls && classes.get(cls);
  if (!target) throw new Error(`internal error: the jitcodes hold a ${cls?.name ?? "plain object"}, which is no class of the JIT's runtime (jit-link.ts CODEWRITER_MODULES)`);
  const copy = Object.create(target.prototype as object) as Record<string, unknown>;
  done.set(value, copy);
  for (const [key, field] of Object.entries(value)) copy[key] = convert(field, classes, done, perturb);
  return copy as T;
}

/** The annotation of every field of every class, as text: what stage 2 must not change. */
function annotationSnapshot(annotator: Annotator): string {
  const lines: string[] = [];
  for (const desc of annotator.bk.allClasses()) {
    for (const [name, attr] of desc.classdef.attrs) lines.push(`${desc.name}.${name}: ${describe(attr.value)}`);
  }
  return lines.sort().join("\n");
}

function snapshotDiff(before: string, after: string): string {
  const old = new Set(before.split("\n"));
  return after
    .split("\n")
    .filter((line) => !old.has(line))
    .slice(0, 10)
    .join("\n");
}

/**
 * The operations the binary's JIT answers, made calls of its setters, in the program's code and in
 * the helpers jitcodes call (ahead of time without --jit they are nothing):
 *     jit_set_param(index, value)         -> jitNativeSetParam(runtime, index, value)
 *     jit_force_quasi_immutable(p, field) -> jitNativeQuasiImmutWritten(runtime, address of p, the
 *                                            field's offset): the loops that assumed it invalidated
 */
function lowerRuntimeCalls(graphs: readonly LLGraph[], runtime: LLConstant, setParam: LLGraph, quasiImmutWritten: LLGraph, descrs: DescrFactory): void {
  for (const graph of graphs) {
    if (graph === setParam || graph === quasiImmutWritten) continue;
    for (const block of graph.iterBlocks()) {
      if (!block.operations.some((o) => o.opname === "jit_set_param" || o.opname === "jit_force_quasi_immutable")) continue;
      const out: LLOperation[] = [];
      for (const o of block.operations) {
        const op = opMaker(out, o.pos);
        if (o.opname === "jit_set_param") {
          op("direct_call", [functionConstant(setParam), runtime, ...o.args], o.result.type, "v", o.result);
        } else if (o.opname === "jit_force_quasi_immutable") {
          const pointer = o.args[0]!;
          const struct = (pointer.type as PtrType).to as StructType;
          const offset = descrs.field(struct, (o.args[1] as LLConstant).value as string).offset;
          op("direct_call", [functionConstant(quasiImmutWritten), runtime, wordOf(pointer, op), new LLConstant(offset, Signed)], o.result.type, "v", o.result);
        } else {
          out.push(o);
        }
      }
      block.operations = out;
    }
  }
}

/** Tests only: main(argv) -> jitNativeBlackholeMain(runtime, argv), what the entry runs instead of the program's main. */
function blackholeMainGraph(rtyper: RTyper, desc: FunctionDesc, runtime: LLConstant): LLGraph {
  const helper = rtyper.specializeFrom(desc);
  const b = new LLGraphBuilder("rts_jit_blackhole_main", [helper.argTypes[1]!], helper.resultType);
  b.returnValue(b.op("direct_call", [functionConstant(helper), runtime, b.args[0]!], helper.resultType, "status"));
  return b.build();
}
