/**
 * The whole JIT running untranslated (`rts run --llinterp --jit`; RPython's llgraph backend with
 * warmspot's portal runner): the program is lowered as for the LL interpreter, the portal graph
 * runs in the LL interpreter, and its merge point, rewritten into the JIT's entry
 * (src/jit/merge-point.ts; docs/architecture.md "The JIT's entry: the merge point"), calls the
 * portal's WarmRunner (src/runtime/jit/metainterp/warm-runner.ts maybeCompileAndRun) with the
 * merge point's values, on a CPU over the same LL interpreter's memory (llinterp-cpu.ts): the
 * warm state counts, hot keys are traced and the loops and bridges run by the trace interpreter,
 * guard failures and aborted traces finish in the blackhole interpreter. The outcome goes back to
 * the portal graph: go on with the same values or the JIT's (`jit_portal_arg`), or return the
 * result, raise the exception, stop with the fatal error (the same message and position) that
 * the portal reached under the JIT.
 *
 * The order of the lowering (docs/architecture.md, "The codewriter's graphs"): the codewriter
 * takes the rtyper's graphs before the LL passes, so the portal is split first (portal.ts, on
 * the rtyper's graphs: the pass `jit-portal` does the same for translation), its jitcodes made,
 * its merge point rewritten (merge-point.ts), and only then the LL interpreter's passes run
 * (optimisations, stack checks, the exception transform), changing the graphs in place for the
 * LL interpreter. The inliner keeps the portal a graph of its own (it calls the JIT's entry). Residual calls from
 * jitcodes run the transformed graphs: the exception a transformed graph leaves in exc_data is
 * turned into the LLException the CPU expects (the one-operation helper graphs of the codewriter
 * are not transformed and throw it themselves).
 *
 * A portal called again while its runner is busy (recursion through a residual call) gets
 * MCR_CONTINUE at its merge point and runs as ordinary code: the runner does one thing at a time.
 * With `RTS_JIT=off` (threshold -1) portals are not split at all: the LL interpreter runs
 * everything, as PyPy's interpreter runs without its JIT.
 *
 * Loops and bridges go through the optimizer with the parameters' enable_opts before they run
 * (src/runtime/jit/metainterp/warm-runner.ts).
 */

import { Annotator } from "../annotator/annotator.js";
import type { FunctionDesc, Some } from "../annotator/bookkeeper.js";
import { formatErrors } from "../annotator/print-annotations.js";
import type { LoadedProgram } from "../frontend/modules.js";
import type { LLGraph, LLPos, LLValue } from "../llir/llgraph.js";
import { LLException, LLFatalError, LLInterpreter, type LLRuntimeValue, type LLSite } from "../llir/llinterp.js";
import { Bool, Void, computeLayout } from "../llir/lltype.js";
import { callWithExceptions, excValueSlot, takeException } from "../rtyper/exceptions.js";
import { buildStackOverflowGraph, prepareNativeRuntime } from "../rtyper/native-runtime.js";
import { readString, type LoweredProgram } from "../rtyper/run-llinterp.js";
import { calleeOf } from "../rtyper/opt/inline.js";
import { RTyper } from "../rtyper/rtyper.js";
import { passesFor, runPasses } from "./passes.js";
import { JitParams, P_FUNCTION_THRESHOLD, P_THRESHOLD, StringParamText, parseJitParams } from "../lib/jit-params.js";
import { JitProfiler, PROF_TOTAL_COMPILED_BRIDGES, PROF_TOTAL_COMPILED_LOOPS } from "../runtime/jit/jitprof.js";
import type { JitCode, JitDriverDescr } from "../runtime/jit/jitcode.js";
import { MCR_CONTINUE, WarmRunner } from "../runtime/jit/metainterp/warm-runner.js";
import { LocationPrinter } from "../runtime/jit/metainterp/loops.js";
import { makeJitCodes, type JitCodes } from "../jit/codewriter/codewriter.js";
import { kindOf } from "../jit/codewriter/descriptors.js";
import { splitPortals } from "../jit/portal.js";
import { rewriteMergePoint } from "../jit/merge-point.js";
import { LLInterpCPU, llinterpTarget } from "../jit/llgraph/llinterp-cpu.js";

/**
 * The LL interpreter's CPU as the meta-interpreter allocates on it: the meta-interpreter
 * allocates arrays and strings by their total size in bytes and type id (`allocate`, then the
 * length stored), where LLInterpCPU's allocate makes the type's fixed part only (its newArray
 * takes the length). Here the items the bytes hold are allocated too, so that later allocations
 * do not overlap them.
 */
export class JitLLInterpCPU extends LLInterpCPU {
  override allocate(bytes: number, typeId: number): number {
    const type = this.interp.memory.typesById[typeId - 1];
    if (!type) throw new Error(`internal error: no LL type has the type id ${typeId}`);
    const layout = computeLayout(type);
    if (!type.varsize || layout.itemsOffset === undefined || !layout.itemSize) return this.interp.memory.allocate(type);
    return this.interp.memory.allocate(type, Math.max(0, Math.ceil((bytes - layout.itemsOffset) / layout.itemSize)));
  }
}

/** The JIT parameters of RTS_JIT's text (already checked by the start check); undefined or empty: the defaults. */
export function jitParamsOf(text: string | undefined): JitParams {
  const params = new JitParams();
  if (text !== undefined && text !== "" && parseJitParams(new StringParamText(text), params) >= 0) {
    throw new Error(`internal error: RTS_JIT=${text} passed the start check but does not parse`);
  }
  return params;
}

/** A copy of the parameters (a run's driver.setParam changes its own). */
function copyParams(params: JitParams): JitParams {
  const copy = new JitParams();
  for (let i = 0; i < params.values.length; i++) copy.set(i, params.get(i));
  return copy;
}

/** Whether the parameters turn the JIT off (RTS_JIT=off). */
export function jitIsOff(params: JitParams): boolean {
  return params.get(P_THRESHOLD) < 0 && params.get(P_FUNCTION_THRESHOLD) < 0;
}

/** One portal's JIT: its graph, its jitcodes and the runner that keeps its warm state across calls. */
export class PortalJit {
  readonly graph: LLGraph;
  readonly jitcodes: JitCodes;
  readonly runner: WarmRunner;
  /** The graph of each jitcode (for the sites of a fatal error). */
  readonly graphOf: ReadonlyMap<JitCode, LLGraph>;
  /** The codewriter's helper graphs, and the graph of each stack_trace operation the jitcodes hold, by position. */
  readonly helpers: ReadonlySet<LLGraph>;
  readonly stackTraceGraphs: Map<string, LLGraph> = new Map();
  /** The graph of the jitcodes' operations at each position (what a helper's check failing stands for), and the first call of each graph from the jitcodes' graphs (the portal's first), as made before the LL passes inline. */
  readonly graphAt: Map<string, LLGraph> = new Map();
  readonly firstCaller: Map<LLGraph, LLSite> = new Map();
  /** Calls of the portal graph made while its runner was free (their merge points may enter the JIT), and while it was busy or the JIT off (their merge points get MCR_CONTINUE). */
  calls = 0;
  plainCalls = 0;

  /** The tables come from the graphs as the codewriter had them, or from `sameCode`, the same portal's JIT in the interpreter this one is a fresh copy of (the LL passes have changed the graphs since). */
  constructor(graph: LLGraph, jitcodes: JitCodes, runner: WarmRunner, sameCode?: PortalJit) {
    this.graph = graph;
    this.jitcodes = jitcodes;
    this.runner = runner;
    if (sameCode !== undefined) {
      this.graphOf = sameCode.graphOf;
      this.helpers = sameCode.helpers;
      this.stackTraceGraphs = sameCode.stackTraceGraphs;
      this.graphAt = sameCode.graphAt;
      this.firstCaller = sameCode.firstCaller;
      return;
    }
    this.graphOf = new Map([...jitcodes.byGraph].map(([g, j]) => [j, g]));
    this.helpers = new Set(jitcodes.helpers);
    for (const g of jitcodes.byGraph.keys()) {
      for (const block of g.iterBlocks()) {
        for (const op of block.operations) {
          if (op.opname === "stack_trace" && op.pos) this.stackTraceGraphs.set(posKey(op.pos), g);
          if (op.pos && !this.graphAt.has(posKey(op.pos))) this.graphAt.set(posKey(op.pos), g);
          const callee = calleeOf(op);
          if (callee !== undefined && callee !== g && !this.firstCaller.has(callee)) this.firstCaller.set(callee, { graph: g, pos: op.pos });
        }
      }
    }
  }
}

/**
 * The printable location of a merge point (debug_merge_point's text, the logs' loop names): the
 * driver's getPrintableLocation run in the LL interpreter with the greens, as RPython's warmspot
 * calls it; the greens' text (LocationPrinter's) when the driver has none or it fails.
 */
class LLLocationPrinter extends LocationPrinter {
  private readonly interp: JitLLInterpreter;

  constructor(interp: JitLLInterpreter) {
    super();
    this.interp = interp;
  }

  override location(driver: JitDriverDescr, greens: number[], kinds: string): string {
    const graph = this.interp.printableLocations.get(driver.name.replace(/^JitDriver /, ""));
    if (graph === undefined || kinds.includes("f") || graph.startblock.inputargs.length !== greens.length) return super.location(driver, greens, kinds);
    const args = graph.startblock.inputargs.map((param, i) => (param.type === Bool ? greens[i] !== 0 : greens[i]!));
    try {
      const text = callWithExceptions(this.interp, graph, args);
      if (typeof text === "number" && text !== 0) return readString(this.interp, text);
    } catch (error) {
      if (!(error instanceof LLException || error instanceof LLFatalError)) throw error;
    }
    return super.location(driver, greens, kinds);
  }
}

/** The LL interpreter whose calls of portal graphs run under the JIT. */
export class JitLLInterpreter extends LLInterpreter {
  readonly params: JitParams;
  readonly profiler: JitProfiler;
  readonly cpu: JitLLInterpCPU;
  readonly portals = new Map<LLGraph, PortalJit>();
  /** The same, by the index the merge point's operations name them by (src/jit/merge-point.ts). */
  readonly portalList: PortalJit[] = [];
  /** The graph of each driver's getPrintableLocation, by the driver's name. */
  readonly printableLocations = new Map<string, LLGraph>();
  /** The call depth the CPU's residual calls start from while a runner runs; -1 when none does. */
  private residualDepth = -1;
  /** The portal whose runner makes the residual calls from residualDepth; the numbers of the sites stack_trace recorded for its functions' frames. */
  private residualJit: PortalJit | undefined;
  private readonly jitSiteNumbers = new Map<LLSite, number>();

  /** RTS_JIT=off when made: portals run in the LL interpreter alone (fresh() hooks them for their frames only). */
  private readonly jitOff: boolean;

  constructor(params: JitParams) {
    super();
    this.params = params;
    this.jitOff = jitIsOff(params);
    this.profiler = new JitProfiler();
    this.profiler.start();
    this.cpu = new JitLLInterpCPU(this);
  }

  /** Makes the JIT of a portal graph (its jitcodes for this interpreter): before the LL passes change the graphs. */
  addPortal(graph: LLGraph): PortalJit {
    const jitcodes = makeJitCodes(graph, {
      typeId: (type) => this.numbered((interp) => interp.memory.typeId(type)),
      constantValue: (c) => this.numbered((interp) => llinterpTarget(interp).constantValue(c)),
    });
    this.numbered((interp) => interp.nullAddress);
    return this.attach(graph, jitcodes);
  }

  private attach(graph: LLGraph, jitcodes: JitCodes, sameCode?: PortalJit): PortalJit {
    const runner = new WarmRunner(this.cpu, this.params, this.profiler);
    runner.warmstate.paramsChanged();
    runner.mi.nullObject = this.nullAddress;
    runner.mi.locations = new LLLocationPrinter(this);
    const jit = new PortalJit(graph, jitcodes, runner, sameCode);
    this.portals.set(graph, jit);
    this.portalList.push(jit);
    return jit;
  }

  /**
   * What the codewriter asked this interpreter (type ids, prebuilt addresses, function numbers),
   * in order, with the answers its jitcodes hold: a fresh interpreter asked the same in the same
   * order answers the same, its heap being as empty as this one's was.
   */
  private readonly numbering: { ask: (interp: LLInterpreter) => number; answer: number }[] = [];

  private numbered(ask: (interp: LLInterpreter) => number): number {
    const answer = ask(this);
    this.numbering.push({ ask, answer });
    return answer;
  }

  /**
   * The same portals' JIT in a new interpreter with a fresh heap and no warm state (no counters,
   * no compiled loops): a run of the lowered program in it is a run of its own, as a new process
   * of `rts run --llinterp --jit` is, without lowering again (the jitcodes are shared: they are
   * made before the LL passes, which change the graphs in place).
   */
  fresh(params: JitParams = copyParams(this.params)): JitLLInterpreter {
    const next = new JitLLInterpreter(params);
    for (const { ask, answer } of this.numbering) {
      if (ask(next) !== answer) throw new Error("internal error: a fresh interpreter numbers the jitcodes' constants differently");
      next.numbering.push({ ask, answer });
    }
    // with the JIT off the portals stay known (their split call sites show no frame) but run in the LL interpreter
    for (const [name, graph] of this.printableLocations) next.printableLocations.set(name, graph);
    for (const [graph, jit] of this.portals) next.attach(graph, jit.jitcodes, jit);
    return next;
  }

  /**
   * jit_set_param (driver.setParam, and each item of setUserParam): the parameters are the whole
   * JIT's (RPython's set_param with driver None), shared by every portal's runner; each warm
   * state recomputes what it derived from them. With RTS_JIT=off no portal runs under the JIT,
   * so a change has nothing to act on (as RPython's JIT turned off at start).
   */
  override jitSetParam(index: number, value: number): undefined {
    this.params.set(index, value);
    for (const jit of this.portals.values()) jit.runner.warmstate.paramsChanged();
    return undefined;
  }

  /**
   * jit_force_quasi_immutable (before a write of a quasi-immutable field, wherever it runs:
   * ahead-of-time code, or the helper a jitcode or a trace calls): every portal's loops and
   * bridges that assumed the field of this object are invalidated.
   */
  override jitForceQuasiImmutable(address: number, operand: LLValue, name: LLValue, pos: LLPos | undefined): undefined {
    const { offset } = this.field(address, operand, name, pos);
    for (const jit of this.portals.values()) jit.runner.quasiImmutWritten(address, offset);
    return undefined;
  }

  /** Loops and bridges compiled by every portal's JIT. */
  get loopsCompiled(): number {
    return this.profiler.counters[PROF_TOTAL_COMPILED_LOOPS]!;
  }

  get bridgesCompiled(): number {
    return this.profiler.counters[PROF_TOTAL_COMPILED_BRIDGES]!;
  }

  override call(graph: LLGraph, args: LLRuntimeValue[]): LLRuntimeValue {
    const jit = this.portals.get(graph);
    if (jit !== undefined) {
      if (jit.runner.busy || this.jitOff) jit.plainCalls++;
      else jit.calls++;
      try {
        return super.call(graph, args);
      } catch (error) {
        if (error instanceof LLFatalError && !(error.sites instanceof PortalExitSites)) throw this.leavingPortal(error);
        throw error;
      }
    }
    if (this.residualDepth >= 0 && this.callDepth === this.residualDepth && graph.exceptionsTransformed !== undefined) {
      // a residual call from the JIT's CPU of a transformed graph: its exception as an LLException
      const result = super.call(graph, args);
      const exception = takeException(this);
      if (exception === 0) return result;
      throw new LLException(exception);
    }
    return super.call(graph, args);
  }

  /**
   * The fatal error as it leaves a portal: the split made the original graph's call of the
   * portal a call site of its own (at the merge point), which is no frame of the program's (the
   * portal is the same function): the sites added from there on leave its innermost frame out.
   */
  private leavingPortal(error: LLFatalError): LLFatalError {
    const sites = new PortalExitSites();
    sites.portals = this.portals;
    for (const site of error.sites) sites.push(site);
    sites.leaving = true;
    return new LLFatalError(error.bareMessage, error.pos, sites);
  }

  /** stack_trace: as the LL interpreter records it, but a portal's call site (see leavingPortal) shows no frame of its own. */
  override captureTrace(address: number, operand: LLValue): undefined {
    const before = this.traceSites.length;
    super.captureTrace(address, operand);
    for (let i = before; i < this.traceSites.length; i++) {
      const site = this.traceSites[i]!;
      const named = this.helperSiteNamed(site);
      if (named !== undefined) this.traceSites[i] = named;
      else if (isPortalCallSite(this.portals, site)) this.traceSites[i] = withoutInnermostFrame(site) ?? { graph: site.graph, pos: undefined };
    }
    const jit = this.residualJit;
    if (jit !== undefined && this.residualDepth >= 0 && this.callDepth > this.residualDepth) this.insertJitFrames(jit, address, operand);
    return undefined;
  }

  /**
   * In a trace recorded under a residual call, the frames of the portal's functions around the
   * call (no frames of the LL interpreter's) after the residual call's own: from the function of
   * the outermost of them (a helper's site is already named as its function) up to the portal.
   */
  private insertJitFrames(jit: PortalJit, address: number, operand: LLValue): void {
    const array = this.arrayType(operand);
    const layout = computeLayout(array);
    const length = array.varsize ? this.memory.loadWord(address + layout.lengthOffset!) : array.fixedLength;
    const boundary = this.callDepth - this.residualDepth;
    if (boundary > length) return;
    const numbers: number[] = [];
    for (let i = 0; i < length; i++) numbers.push(this.memory.load(array.item, address + layout.itemsOffset! + i * layout.itemSize!) as number);
    const outermost = this.traceSites[numbers[boundary - 1]! - 1];
    if (outermost === undefined) return;
    const inserted = (this.runningCallChain(jit, outermost.graph) ?? jitCallChain(jit, outermost.graph)).map((site) => {
      let number = this.jitSiteNumbers.get(site);
      if (number === undefined) {
        this.traceSites.push(site);
        number = this.traceSites.length;
        this.jitSiteNumbers.set(site, number);
      }
      return number;
    });
    // the frame at boundary is the portal graph's at its merge point: the JIT's frames end with the portal's
    numbers.splice(boundary, 1, ...inserted);
    for (let i = 0; i < length; i++) this.memory.store(array.item, address + layout.itemsOffset! + i * layout.itemSize!, numbers[i]!);
  }

  /** The sites runningCallChain made, one object per graph and position (jitSiteNumbers is by identity). */
  private readonly runningSites = new Map<string, LLSite>();

  /**
   * The calls from the portal down to graph, innermost first, from the jitcode frames making the
   * residual call now (the blackhole interpreter's, `BlackholeCPU.runningBlackhole`, or the
   * meta-interpreter's while it interprets): exact where jitCallChain takes each function's first
   * call. graph is the top frame's (an error made by its stack_trace helper), or the function it
   * calls residually (then the call is its first call from the top frame's graph, the jitcodes
   * keeping no positions of residual calls). Null while compiled code runs (a trace keeps no
   * frames) or when the frames do not fit.
   */
  private runningCallChain(jit: PortalJit, graph: LLGraph): LLSite[] | null {
    const bh = this.cpu.runningBlackhole;
    const mi = jit.runner.mi;
    const frames: { jitcode: JitCode; pc: number }[] = bh !== null ? bh.frames : mi.interpreting ? mi.frames : [];
    if (frames.length === 0) return null;
    const top = jit.graphOf.get(frames[frames.length - 1]!.jitcode);
    const chain: LLSite[] = [];
    if (top !== graph) {
      const first = jit.firstCaller.get(graph);
      if (first === undefined || first.graph !== top) return null;
      chain.push(first);
    }
    for (let k = frames.length - 2; k >= 0; k--) {
      const frame = frames[k]!;
      const caller = jit.graphOf.get(frame.jitcode);
      const call = frame.jitcode.callSiteAt(frame.pc);
      if (caller === undefined || call === null) return null;
      const key = `${caller.name}@${call.file}:${call.line}:${call.column}`;
      let site = this.runningSites.get(key);
      if (site === undefined) {
        site = { graph: caller, pos: { file: call.file, line: call.line, column: call.column } };
        this.runningSites.set(key, site);
      }
      chain.push(site);
    }
    return chain;
  }

  /**
   * A site in the codewriter's stack_trace helper (an error made by jitcodes) as the site of the
   * graph the jitcodes made it in, so that its frame has that function's name (insertJitFrames
   * adds the frames of the calls around it).
   */
  private helperSiteNamed(site: LLSite): LLSite | undefined {
    if (!site.pos) return undefined;
    for (const jit of this.portals.values()) {
      if (!jit.helpers.has(site.graph)) continue;
      const graph = jit.stackTraceGraphs.get(posKey(site.pos));
      if (graph) return { graph, pos: site.pos };
    }
    return undefined;
  }

  /**
   * jit_maybe_compile_and_run: the portal's merge point after a can_enter_jit, with its values
   * (the portal's arguments: references are this interpreter's addresses) passed to its runner
   * (WarmRunner.maybeCompileAndRun); the status says how the portal graph goes on. With RTS_JIT=off
   * (a fresh interpreter of a program lowered with the JIT) the JIT does nothing: MCR_CONTINUE.
   */
  override jitMaybeCompileAndRun(index: number, values: LLRuntimeValue[]): number {
    const jit = this.portalList[index]!;
    if (this.jitOff) return MCR_CONTINUE;
    const ints: number[] = [];
    const refs: number[] = [];
    const floats: number[] = [];
    jit.graph.startblock.inputargs.forEach((param, i) => {
      const kind = kindOf(param.type);
      const value = values[i];
      if (kind === "r") refs.push(value as number);
      else if (kind === "f") floats.push(value as number);
      else if (kind === "i") ints.push(typeof value === "boolean" ? (value ? 1 : 0) : (value as number));
    });
    const savedDepth = this.residualDepth;
    const savedJit = this.residualJit;
    this.residualDepth = this.callDepth;
    this.residualJit = jit;
    try {
      return jit.runner.maybeCompileAndRun(jit.jitcodes.portal, ints, refs, floats);
    } catch (error) {
      // the portal graph's own frame (at its merge point) is among the JIT's frames already
      if (error instanceof LLFatalError) throw new LLFatalError(error.bareMessage, error.pos, new PortalFrameKnown(withJitFrames(jit, error).sites));
      throw error;
    } finally {
      this.residualDepth = savedDepth;
      this.residualJit = savedJit;
    }
  }

  /** jit_portal_arg after MCR_RESTART: the argument at position (among those not Void) as the JIT left it. */
  override jitPortalArg(index: number, position: number): LLRuntimeValue {
    const jit = this.portalList[index]!;
    const values = jit.runner.restartValues;
    const kind = values.kinds[position];
    if (kind === undefined) throw new Error(`internal error: the JIT left no argument ${position} of ${jit.graph.name}`);
    if (kind === "f") return values.floats[position]!;
    if (kind === "r") return values.refs[position]!;
    const param = jit.graph.startblock.inputargs.filter((p) => p.type !== Void)[position]!;
    return param.type === Bool ? values.ints[position]! !== 0 : values.ints[position]!;
  }

  /** jit_portal_result after MCR_DONE: what the portal returned under the JIT. */
  override jitPortalResult(index: number): LLRuntimeValue {
    const jit = this.portalList[index]!;
    const mi = jit.runner.mi;
    const kind = mi.resultKind;
    if (kind === "v") return undefined;
    if (kind === "f") return mi.resultFloat;
    if (jit.graph.resultType === Bool) return mi.resultValue !== 0;
    return mi.resultValue;
  }

  /** jit_portal_exception after MCR_EXCEPTION: the exception that left the portal under the JIT. */
  override jitPortalException(index: number): number {
    return this.portalList[index]!.runner.mi.exception;
  }

  /** jit_portal_fatal after MCR_FATAL: the failed check, with the JIT's frames where it failed (the portal's own among them). */
  override jitPortalFatal(index: number): undefined {
    const jit = this.portalList[index]!;
    const mi = jit.runner.mi;
    const site = mi.fatalSite!;
    const pos: LLPos = { file: site.file, line: site.line, column: site.column };
    throw new LLFatalError(mi.fatalMessage, pos, new PortalFrameKnown(this.fatalSites(jit, pos)));
  }

  /**
   * The sites of the meta-interpreter's frames when a check failed, innermost first: the top
   * frame's graph at the check, each frame below at its call of the one above (the site of the
   * inline call its pc is right after: JitCode.callSiteAt).
   */
  private fatalSites(jit: PortalJit, pos: LLPos): LLSite[] {
    const frames = jit.runner.mi.frames;
    const sites: LLSite[] = [];
    for (let k = frames.length - 1; k >= 0; k--) {
      const frame = frames[k]!;
      const graph = jit.graphOf.get(frame.jitcode);
      if (graph === undefined) continue;
      if (k === frames.length - 1) {
        sites.push({ graph, pos });
        continue;
      }
      const call = frame.jitcode.callSiteAt(frame.pc);
      if (call === null) throw new Error(`internal error: ${frame.jitcode.name}: pc ${frame.pc} is right after no inline call`);
      sites.push({ graph, pos: { file: call.file, line: call.line, column: call.column } });
    }
    return sites;
  }
}

/**
 * A fatal error of a residual call (a check in a helper of the codewriter, or in a function the
 * JIT does not look inside) with the frames of the portal's functions around the call, which are
 * no frames of the LL interpreter's: a helper's site named as the function whose operation it
 * runs, then the calls from the portal down to that function. Jitcodes keep no positions of
 * residual calls, so the chain is the first call of each function (the portal's first).
 */
function withJitFrames(jit: PortalJit, error: LLFatalError): LLFatalError {
  const sites = [...error.sites];
  const last = sites[sites.length - 1];
  if (last === undefined) return error;
  let graph: LLGraph | undefined;
  if (jit.helpers.has(last.graph)) {
    graph = last.pos ? jit.graphAt.get(posKey(last.pos)) : undefined;
    if (graph === undefined) return error;
    sites[sites.length - 1] = { graph, pos: last.pos };
  } else {
    graph = last.graph;
  }
  sites.push(...jitCallChain(jit, graph));
  return new LLFatalError(error.bareMessage, error.pos, sites);
}

/**
 * The calls from the portal down to a graph (a function of the jitcodes, or one they call
 * residually), innermost first: the first call of each (runningCallChain is exact where the
 * running frames are known).
 */
function jitCallChain(jit: PortalJit, from: LLGraph): LLSite[] {
  const chain: LLSite[] = [];
  const seen = new Set<LLGraph>([from]);
  let graph = from;
  while (graph !== jit.graph) {
    const caller = jit.firstCaller.get(graph);
    if (caller === undefined || seen.has(caller.graph)) break;
    chain.push(caller);
    graph = caller.graph;
    seen.add(graph);
  }
  return chain;
}

function posKey(pos: LLPos): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

/** Whether a site's innermost frame is the original graph's call of a portal (at the portal's merge point, in the portal's function). */
function isPortalCallSite(portals: ReadonlyMap<LLGraph, PortalJit>, site: LLSite): boolean {
  const pos = site.pos;
  if (pos === undefined) return false;
  const name = pos.inlined && pos.inlined.length > 0 ? pos.inlined[0]!.callee : site.graph.frameName;
  for (const portal of portals.keys()) {
    const at = portal.entryPos;
    if (at && at.file === pos.file && at.line === pos.line && at.column === pos.column && name === portal.frameName && site.graph !== portal) return true;
  }
  return false;
}

/** The site without its innermost frame (the one its operation is in); null when it has no other. */
function withoutInnermostFrame(site: LLSite): LLSite | null {
  const chain = site.pos?.inlined;
  if (!chain || chain.length === 0) return null;
  const at = chain[0]!.at;
  return { graph: site.graph, pos: at ? { file: at.file, line: at.line, column: at.column, inlined: chain.slice(1) } : undefined };
}

/**
 * The sites of a fatal error made by the JIT inside a portal graph (at its merge point's
 * operations), which already end with the portal's frame: the portal graph's own frame, the
 * next site the LL interpreter adds, is left out.
 */
class PortalFrameKnown extends Array<LLSite> {
  private known = true;

  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  constructor(sites: readonly LLSite[]) {
    super();
    for (const site of sites) super.push(site);
  }

  override push(...sites: LLSite[]): number {
    for (const site of sites) {
      if (this.known) {
        this.known = false;
        continue;
      }
      super.push(site);
    }
    return this.length;
  }
}

/** The sites of a fatal error that left a portal: the first site added after (the portal's call) without its innermost frame. */
class PortalExitSites extends Array<LLSite> {
  portals: ReadonlyMap<LLGraph, PortalJit> = new Map();
  leaving = false;

  override push(...sites: LLSite[]): number {
    for (const site of sites) {
      if (this.leaving) {
        this.leaving = false;
        if (isPortalCallSite(this.portals, site)) {
          const outer = withoutInnermostFrame(site);
          if (outer !== null) super.push(outer);
          continue;
        }
      }
      super.push(site);
    }
    return this.length;
  }
}

/** A program lowered for the LL interpreter with the JIT: the interpreter it must run in, whose portals are hooked. */
export interface JitLoweredProgram extends LoweredProgram {
  interp: JitLLInterpreter;
}

/**
 * lowerProgram (src/translator/lower.ts) with the JIT: the program annotated (errors returned as
 * text, as lowerProgram returns them), rtyped, its portals split and their jitcodes made (unless
 * the JIT is off), then the LL interpreter's passes.
 */
export function lowerProgramForJit(
  program: LoadedProgram,
  params: JitParams,
  colour: (s: string) => string = (s) => s,
  optimize = true,
  highlight = false,
  verify = false,
): JitLoweredProgram | string {
  const annotator = new Annotator(program);
  annotator.annotateMain();
  if (annotator.errors.length > 0) return formatErrors(annotator, colour, highlight);
  return lowerAnnotatedForJit(annotator, annotator.bk.functionDesc(program.main!), params, optimize, verify);
}

/**
 * The same from another entry than main (rts/testing's metaInterp): the function annotated as
 * called with arguments of the given annotations; the lowered program's `main` is its graph. Its
 * portals are hooked with the default parameters: a run takes `interp.fresh(params)`.
 */
export function lowerEntryForJit(program: LoadedProgram, fn: Function, args: Some[], colour: (s: string) => string = (s) => s): JitLoweredProgram | string {
  const annotator = new Annotator(program);
  const desc = annotator.annotateEntry(fn, args);
  if (annotator.errors.length > 0 || desc === undefined) return formatErrors(annotator, colour, false);
  return lowerAnnotatedForJit(annotator, desc, new JitParams(), true, false);
}

function lowerAnnotatedForJit(annotator: Annotator, entry: FunctionDesc, params: JitParams, optimize: boolean, verify: boolean): JitLoweredProgram {
  prepareNativeRuntime(annotator);
  const rtyper = new RTyper(annotator);
  const main = rtyper.specializeFrom(entry);
  const flush = rtyper.specializeFrom(rtyper.rtsHelper("flushAll", []));
  const stackOverflow = buildStackOverflowGraph(rtyper);
  const interp = new JitLLInterpreter(params);
  // each driver's getPrintableLocation (the annotator annotated it as the logs call it)
  const locations: LLGraph[] = [];
  for (const [name, driver] of rtyper.jitDrivers) {
    if (driver.getPrintableLocation === undefined) continue;
    const graph = rtyper.specializeFrom(annotator.bk.functionDesc(driver.getPrintableLocation));
    interp.printableLocations.set(name, graph);
    locations.push(graph);
  }
  if (!jitIsOff(params)) {
    // the codewriter reads each portal as split, then its merge point becomes the JIT's entry
    splitPortals([main]).forEach((portal, index) => {
      interp.addPortal(portal);
      rewriteMergePoint(portal, index);
    });
  }
  runPasses(passesFor("llinterp", optimize), [main, flush, stackOverflow, ...locations], { rtyper, stackOverflow }, { verify });
  return { rtyper, main, flush, interp };
}
