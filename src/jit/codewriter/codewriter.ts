/**
 * The codewriter (RPython's codewriter/codewriter.py and call.py): the LL graphs the JIT looks
 * inside, from the portal (the graph with jit_merge_point) through the calls the policy follows,
 * become jitcodes. For each graph: jtransform.ts rewrites the operations, flatten.ts lays the
 * blocks out, liveness.ts and regalloc.ts give the registers, jumps.ts threads the jumps the
 * dropped copies left empty, assembler.ts encodes; a call the
 * policy looks inside is an inline_call of the callee's jitcode (made next), any other a residual
 * call with its call descriptor and effects (effectinfo.ts).
 *
 * Requires the rtyper's graphs, before any LL pass (translator/passes.ts): backendopt would fold
 * jit_we_are_jitted to false and inline across the hints, and the exception and GC transforms
 * add operations jitcodes do not have (docs/architecture.md, "The codewriter's graphs").
 * The graphs are not changed. Operations some graph needs run as LL helper graphs made here
 * (one LL operation each): the target calls them like any function.
 */

import { CallDescr, EF_CANNOT_RAISE, EF_RANDOM_EFFECTS, EffectInfo } from "../../runtime/jit/history.js";
import { JitCode, LiveVars } from "../../runtime/jit/jitcode.js";
import { LLBlock, LLConstant, LLGraph, LLLink, LLOperation, LLVariable, functionConstant, reachableGraphs, type LLFunctionRef, type LLPrebuilt, type LLValue } from "../../llir/llgraph.js";
import { llOpInfo } from "../../llir/lloperation.js";
import { Void, typeName } from "../../llir/lltype.js";
import { EXCEPTION_TYPE } from "../../rtyper/rexception.js";
import { assemble, type AsmArgKinds, type AsmLine, type AsmOperand, type RegKind } from "./assembler.js";
import { DescrFactory, graphName, kindOf, type CodeWriterTarget } from "./descriptors.js";
import { EffectAnalyzer } from "./effectinfo.js";
import { Reg, type FlatArg, type FlatLine, type FlatValue } from "./flat.js";
import { flattenGraph } from "./flatten.js";
import { threadJumps } from "./jumps.js";
import { immutableItemsValues } from "./immutable-items.js";
import { refusalOf, type JTransformContext } from "./jtransform.js";
import { computeLiveness } from "./liveness.js";
import { JitPolicy } from "./policy.js";
import { allocateRegisters } from "./regalloc.js";

export interface JitCodes {
  readonly portal: JitCode;
  readonly portalGraph: LLGraph;
  /** Every jitcode made, the portal's first, in the order they were made. */
  readonly jitcodes: readonly JitCode[];
  readonly byGraph: ReadonlyMap<LLGraph, JitCode>;
  /** The graphs called residually from jitcodes, with the reason the policy gave. */
  readonly residual: ReadonlyMap<LLGraph, string>;
  readonly descrs: DescrFactory;
  /** The LL helper graphs made for operations that run as residual calls. */
  readonly helpers: readonly LLGraph[];
}

/** A program the codewriter cannot make jitcodes of: the message says why. */
export class CodeWriterError extends Error {}

/** The graphs among those reachable from roots that hold a jit_merge_point. */
export function findPortals(roots: Iterable<LLGraph>): LLGraph[] {
  return reachableGraphs(roots).filter((graph) => graph.iterBlocks().some((block) => block.operations.some((op) => op.opname === "jit_merge_point")));
}

/** The jitcodes of the portal and of every graph the policy looks inside from it. */
export function makeJitCodes(portal: LLGraph, target: CodeWriterTarget): JitCodes {
  const descrs = new DescrFactory(target);
  const effects = new EffectAnalyzer(descrs);
  const policy = new JitPolicy(portal, (opname) => refusalOf(opname));
  const byGraph = new Map<LLGraph, JitCode>();
  const jitcodes: JitCode[] = [];
  const queue: LLGraph[] = [];
  const residual = new Map<LLGraph, string>();
  const helpers = new Map<string, LLGraph>();

  const jitcodeOf = (graph: LLGraph): JitCode => {
    let jitcode = byGraph.get(graph);
    if (!jitcode) {
      jitcode = new JitCode(graphName(graph));
      jitcode.frameName = graph.frameName ?? "";
      byGraph.set(graph, jitcode);
      jitcodes.push(jitcode);
      queue.push(graph);
    }
    return jitcode;
  };

  const constantOf = (c: LLConstant, kind: RegKind): FlatValue => {
    const v = c.value;
    if (kind === "f") return { const: "f", value: Number(v) };
    if (v === null) return { const: kind, value: 0 };
    if (typeof v === "number") return { const: kind, value: v };
    if (typeof v === "boolean") return { const: kind, value: v ? 1 : 0 };
    if (typeof v === "object" && "kind" in v && (v.kind === "function" || v.kind === "prebuilt")) {
      const name = v.kind === "function" ? (v.graph ? graphName(v.graph) : v.name) : (v as LLPrebuilt).name;
      return { const: kind, value: target.constantValue(c), name };
    }
    throw new Error(`internal error: the codewriter cannot make a constant of ${String(v)} (${typeName(c.type)})`);
  };

  /** A residual call: the function, its arguments by kind, the call descriptor. */
  const residualCall = (fn: FlatValue, args: readonly LLValue[], descr: CallDescr, result: LLVariable, cx: JTransformContext): FlatLine[] => {
    const lists = argLists(args, cx);
    const resultKind = kindOf(result.type);
    const insn = `residual_call_${lists.variant}_${resultKind}` as const;
    const operands: FlatArg[] = [fn, ...lists.operands, { descr }];
    return [resultKind === "v" ? { insn, args: operands } : { insn, args: operands, result: cx.reg(result) }];
  };

  /**
   * The LL helper graph that runs one LL operation (its Void operands, names and types, built in).
   * An operation whose position is part of what it does has a helper per site: those that may
   * stop the program (the message's position), and stack_trace, which records its own operation
   * as the innermost site of the error being made (the LL interpreter's active operation, a
   * native program's return address). A helper per site, not the site as an operand of one
   * helper: stack_trace finds its site from where it runs, in every backend; a site operand
   * would need an operation of its own in the LL interpreter and each backend.
   */
  const helperOf = (op: LLOperation, owner: LLGraph): LLGraph => {
    const info = llOpInfo(op.opname);
    const where = (info.canFail || op.opname === "stack_trace") && op.pos ? `@${op.pos.file}:${op.pos.line}:${op.pos.column}` : "";
    const key = `${op.opname}(${op.args.map((a) => (a.type === Void ? `=${String((a as LLConstant).value)}` : typeName(a.type))).join(",")})->${typeName(op.result.type)}${where}`;
    let graph = helpers.get(key);
    if (!graph) {
      const params = op.args.filter((a) => a.type !== Void).map((a) => new LLVariable(a.type, "a"));
      const block = new LLBlock(params);
      let k = 0;
      const result = new LLVariable(op.result.type, "r");
      block.operations.push(new LLOperation(op.opname, op.args.map((a) => (a.type === Void ? a : params[k++]!)), result, op.pos));
      graph = new LLGraph(`ll_${op.opname}`, block, op.result.type, EXCEPTION_TYPE, op.pos);
      // a helper of a site stands for the function the site is in: a stack trace through it names that function
      if (where !== "") graph.frameName = owner.frameName;
      block.closeBlock([new LLLink([result], graph.returnblock)]);
      helpers.set(key, graph);
    }
    return graph;
  };

  const transformGraph = (graph: LLGraph, jitcode: JitCode) => {
    const regs = new Map<LLVariable, Reg>();
    let nextId = 0;
    const cx: JTransformContext = {
      descrs,
      immutableItems: immutableItemsValues(graph),
      reg(v) {
        if (!(v instanceof LLVariable)) throw new Error("internal error: the codewriter asked for the register of a constant");
        let r = regs.get(v);
        if (!r) {
          const kind = kindOf(v.type);
          if (kind === "v") throw new Error(`internal error: ${graph.name}: a Void variable ${v.hint} has no register`);
          r = new Reg(kind, nextId++, v.hint);
          regs.set(v, r);
        }
        return r;
      },
      value(v) {
        if (v instanceof LLVariable) return cx.reg(v);
        const kind = kindOf(v.type);
        if (kind === "v") throw new Error(`internal error: ${graph.name}: a Void constant is no register operand`);
        return constantOf(v, kind);
      },
      temp(kind) {
        return new Reg(kind, nextId++, "tmp");
      },
      call(op) {
        const ref = (op.args[0] as LLConstant).value as LLFunctionRef;
        const args = op.args.slice(1);
        const callee = ref.graph;
        if (!callee) {
          const descr = descrs.call(ref.name, args.map((a) => a.type), op.result.type, effects.random());
          return residualCall(constantOf(op.args[0] as LLConstant, "i"), args, descr, op.result, cx);
        }
        const decision = policy.lookInside(callee);
        if (decision.inside) {
          const lists = argLists(args, cx);
          const resultKind = kindOf(op.result.type);
          const insn = `inline_call_${lists.variant}_${resultKind}` as const;
          const operands: FlatArg[] = [{ descr: jitcodeOf(callee) }, ...lists.operands];
          const site = descrs.site(op.pos, "");
          return [resultKind === "v" ? { insn, args: operands, site } : { insn, args: operands, result: cx.reg(op.result), site }];
        }
        residual.set(callee, decision.reason);
        const descr = descrs.call(graphName(callee), callee.argTypes, callee.resultType, effects.effectOf(callee));
        return residualCall(constantOf(op.args[0] as LLConstant, "i"), args, descr, op.result, cx);
      },
      indirectCall(op) {
        const args = op.args.slice(1);
        const descr = descrs.call("indirect", args.map((a) => a.type), op.result.type, effects.random());
        return residualCall(cx.value(op.args[0]!), args, descr, op.result, cx);
      },
      helperCall(op, pure) {
        const helper = helperOf(op, graph);
        const info = llOpInfo(op.opname);
        const effect = pure ? effects.pure() : new EffectInfo(info.sideEffects ? EF_RANDOM_EFFECTS : EF_CANNOT_RAISE, false, info.canAllocate, [], [], [], []);
        const descr = descrs.call(helper.name, helper.argTypes, helper.resultType, effect);
        const fn = constantOf(functionConstant(helper), "i");
        return residualCall(fn, op.args.filter((a) => a.type !== Void), descr, op.result, cx);
      },
    };
    const params = graph.startblock.inputargs.filter((v) => kindOf(v.type) !== "v");
    const paramRegs = params.map((v) => cx.reg(v));
    const lines = flattenGraph(graph, cx);
    const liveness = computeLiveness(lines);
    const allocation = allocateRegisters(liveness, paramRegs);
    const colorOf = (r: Reg) => allocation.color.get(r) ?? 0;
    const asmValue = (v: FlatValue): AsmOperand => (v instanceof Reg ? { reg: v.kind, n: colorOf(v) } : v);
    const asm: AsmLine[] = [];
    let k = 0;
    for (const line of lines) {
      if ("label" in line) {
        asm.push(line);
        continue;
      }
      const liveOut = liveness.liveOut[k++]!;
      // a copy into its own register (coalesced) is no instruction
      if (line.insn.endsWith("_copy") && line.result && line.args[0] instanceof Reg && colorOf(line.args[0]) === colorOf(line.result)) continue;
      const args: AsmOperand[] = line.args.map((arg) => {
        if (arg instanceof Reg) return asmValue(arg);
        if ("liveHere" in arg) return { live: liveVars(liveOut, colorOf) };
        if ("list" in arg) return { list: arg.list, items: arg.items.map(asmValue) };
        return arg;
      });
      const site = line.site ? { site: line.site } : {};
      asm.push(line.result ? { insn: line.insn, args, result: { reg: line.result.kind, n: colorOf(line.result) }, ...site } : { insn: line.insn, args, ...site });
    }
    const resultKind = kindOf(graph.resultType);
    assemble(
      {
        name: jitcode.name,
        lines: threadJumps(asm),
        numRegs: allocation.counts,
        argKinds: params.map((v) => kindOf(v.type)).join(""),
        argRegs: paramRegs.map(colorOf),
        resultKind,
      },
      jitcode,
    );
  };

  jitcodeOf(portal);
  while (queue.length > 0) {
    const graph = queue.shift()!;
    transformGraph(graph, byGraph.get(graph)!);
  }
  return { portal: byGraph.get(portal)!, portalGraph: portal, jitcodes, byGraph, residual, descrs, helpers: [...helpers.values()] };
}

/** The arguments of a call as the lists of its instruction: the variant (r, ir, irf: the kinds it needs) and the lists. */
function argLists(args: readonly LLValue[], cx: JTransformContext): { variant: AsmArgKinds; operands: FlatArg[] } {
  const byKind: Record<RegKind, FlatValue[]> = { i: [], r: [], f: [] };
  for (const a of args) {
    const kind = kindOf(a.type);
    if (kind !== "v") byKind[kind].push(cx.value(a));
  }
  const variant: AsmArgKinds = byKind.f.length > 0 ? "irf" : byKind.i.length > 0 ? "ir" : "r";
  const operands: FlatArg[] = [];
  if (variant !== "r") operands.push({ list: "i", items: byKind.i });
  operands.push({ list: "r", items: byKind.r });
  if (variant === "irf") operands.push({ list: "f", items: byKind.f });
  return { variant, operands };
}

/** The live registers at a `live`, as numbers per kind (sorted, each once). */
function liveVars(live: ReadonlySet<Reg>, colorOf: (r: Reg) => number): LiveVars {
  const sets: Record<RegKind, Set<number>> = { i: new Set(), r: new Set(), f: new Set() };
  for (const r of live) sets[r.kind].add(colorOf(r));
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return new LiveVars(sorted(sets.i), sorted(sets.r), sorted(sets.f));
}
