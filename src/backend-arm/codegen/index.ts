/**
 * The AArch64 code generator's entry point: LL graphs (after the exception transform) in, an
 * ExecutableImage (src/backend/elf.ts) out. Everything reachable from the runtime's entry graph
 * is compiled, each graph once, in the order calls and data first reach them; `_start`, the
 * collector stubs and the trace routine come first in the text. The same walk as x86-64's
 * (src/backend-x86/codegen/index.ts), on this target's routines.
 */

import type { LLConstant, LLFunctionRef, LLGraph } from "../../llir/llgraph.js";
import { ArrayType, Int32, computeLayout } from "../../llir/lltype.js";
import { Assembler } from "../../runtime/aarch64/assembler.js";
import { Label } from "../../runtime/aarch64/operands.js";
import { SHARED_NURSERY_FREE, SHARED_NURSERY_TOP, SHARED_SIZE } from "../../runtime/gc/layout.js";
import type { ElfSymbol, Relocation } from "../../backend/elf.js";
import type { FunctionListing } from "../../backend/listing.js";
import { ProgramData } from "../../backend/data-image.js";
import type { CodegenResult, NativeGraphs } from "../../backend/target.js";
import type { CallSite } from "../../backend/trace-table.js";
import { finishProgram } from "../../backend/program-image.js";
import { FunctionCompiler, type ProgramContext } from "./function.js";
import { emitCallByKind, emitCaptureTrace, emitCollectorStub, emitStart } from "./runtime.js";

/** The arrays stack traces are captured into (an Int32Array's: src/rtyper/stack-trace.ts); every such array has this layout. */
const TRACE_ARRAY = new ArrayType(Int32, { gc: true });

export function generateCode(graphs: NativeGraphs): CodegenResult {
  const asm = new Assembler();
  const data = new ProgramData();
  const relocations: Relocation[] = [];
  const codeRelocations: ProgramContext["codeRelocations"] = [];
  const labels = new Map<LLGraph, Label>();
  const queue: LLGraph[] = [];
  const labelOf = (graph: LLGraph): Label => {
    let label = labels.get(graph);
    if (!label) {
      label = new Label();
      labels.set(graph, label);
      queue.push(graph);
    }
    return label;
  };
  const functionLabel = (c: LLConstant): Label => {
    const ref = c.value as LLFunctionRef;
    if (!ref.graph) throw new Error(`internal error: the function ${ref.name} has no graph`);
    return labelOf(ref.graph);
  };
  const shared = data.words(SHARED_SIZE / 8, "rts.gcShared");
  const vars = { shared, heapTop: shared + SHARED_NURSERY_FREE, heapLimit: shared + SHARED_NURSERY_TOP, stackLimit: data.words(1, "rts.stackLimit") };
  const stubs = { allocSlow: new Label(), writeBarrier: new Label(), writeBarrierArray: new Label(), identityHash: new Label(), captureTrace: new Label(), callByKind: new Label() };
  const sites: CallSite[] = [];
  const program: ProgramContext = {
    asm,
    data,
    relocations,
    codeRelocations,
    labelOf,
    functionLabel,
    sites,
    runtime: { ...stubs, fatal: labelOf(graphs.fatal), fatalIndex: labelOf(graphs.fatalIndex), fatalNotInteger: labelOf(graphs.fatalNotInteger) },
    ...vars,
  };

  const symbols: ElfSymbol[] = [];
  const listing: FunctionListing[] = [];
  const routine = (name: string, emit: (entry: FunctionListing) => void) => {
    const start = asm.position();
    const entry: FunctionListing = { name, offset: start, size: 0, blocks: [], data: [] };
    emit(entry);
    entry.size = asm.position() - start;
    listing.push(entry);
    symbols.push({ name, section: "text", offset: start, size: entry.size, kind: "function" });
  };
  routine("_start", () => emitStart(asm, vars, labelOf(graphs.entry), relocations));
  const stub = (name: string, label: Label, graph: LLGraph, inputs: number) =>
    routine(name, () => {
      asm.bind(label);
      emitCollectorStub(asm, labelOf(graph), inputs);
    });
  stub("rts.gcAllocStub", stubs.allocSlow, graphs.gc.allocSlow, 2);
  stub("rts.gcWriteBarrierStub", stubs.writeBarrier, graphs.gc.writeBarrier, 1);
  stub("rts.gcWriteBarrierArrayStub", stubs.writeBarrierArray, graphs.gc.writeBarrierArray, 2);
  stub("rts.gcIdentityHashStub", stubs.identityHash, graphs.gc.identityHash, 1);
  routine("rts.captureTrace", () => {
    asm.bind(stubs.captureTrace);
    const layout = computeLayout(TRACE_ARRAY);
    emitCaptureTrace(asm, layout.lengthOffset!, layout.itemsOffset!);
  });

  // Function pointers stored in prebuilt data (vtables, tables of functions) reach more graphs.
  let slotsSeen = 0;
  for (;;) {
    while (queue.length > 0) {
      const graph = queue.shift()!;
      routine(graph.symbol ?? graph.name, (entry) => new FunctionCompiler(program, graph, entry).compile());
    }
    for (; slotsSeen < data.functionSlots.length; slotsSeen++) {
      const { fn } = data.functionSlots[slotsSeen]!;
      if (fn.graph) labelOf(fn.graph);
    }
    if (queue.length === 0) break;
  }
  // Only in programs that call machine code by kind (the JIT's): a forward reference is pending.
  if (stubs.callByKind.pending >= 0) {
    routine("rts.callByKind", () => {
      asm.bind(stubs.callByKind);
      emitCallByKind(asm);
    });
  }
  for (const { relocation, label } of codeRelocations) {
    if (label.position < 0) throw new Error("internal error: the address of code never emitted");
    relocations.push({ ...relocation, targetOffset: label.position });
  }
  return finishProgram({
    text: asm.bytes(),
    data,
    shared,
    sites,
    relocations,
    symbols,
    listing,
    functions: labels.size,
    functionOffset: (fn) => labels.get(fn.graph!)!.position,
  });
}
