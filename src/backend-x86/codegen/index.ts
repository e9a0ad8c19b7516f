/**
 * The x86-64 code generator's entry point: LL graphs (after the exception transform) in, an
 * ExecutableImage (elf.ts) out. Everything reachable from the runtime's entry graph is compiled,
 * each graph once, in the order calls and data first reach them; `_start` and the allocation
 * slow path come first in the text.
 */

import type { LLConstant, LLFunctionRef, LLGraph } from "../../llir/llgraph.js";
import { Assembler } from "../../runtime/x86/assembler.js";
import type { ElfSymbol, Relocation } from "../../backend/elf.js";
import type { FunctionListing } from "../../backend/listing.js";
import type { CodegenResult, CodegenStats, CollectorGraphs, NativeGraphs } from "../../backend/target.js";
import { Label } from "../../runtime/x86/operands.js";
import { ProgramData } from "../../backend/data-image.js";
import { FunctionCompiler, type ProgramContext } from "./function.js";
import { emitCallByKind, emitCaptureTrace, emitCollectorStub, emitStart } from "./runtime.js";
import type { CallSite } from "./trace-table.js";
import { finishProgram } from "../../backend/program-image.js";
import { ArrayType, Int32, computeLayout } from "../../llir/lltype.js";

/** The arrays stack traces are captured into (an Int32Array's: src/rtyper/stack-trace.ts); every such array has this layout. */
const TRACE_ARRAY = new ArrayType(Int32, { gc: true });
import { R11, RAX } from "../../runtime/x86/registers.js";
import { SHARED_NURSERY_FREE, SHARED_NURSERY_TOP, SHARED_SIZE } from "../../runtime/gc/layout.js";

export type { CodegenResult, CodegenStats, CollectorGraphs, NativeGraphs };

export function generateCode(graphs: NativeGraphs): CodegenResult {
  const asm = new Assembler();
  const data = new ProgramData();
  const relocations: Relocation[] = [];
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
    labelOf,
    functionLabel,
    sites,
    runtime: { ...stubs, fatal: labelOf(graphs.fatal), fatalIndex: labelOf(graphs.fatalIndex), fatalNotInteger: labelOf(graphs.fatalNotInteger) },
    ...vars,
  };
  const dataRef = (emit: () => void, dataOffset: number) => {
    emit();
    const end = asm.position();
    relocations.push({ kind: "rel32", section: "text", offset: end - 4, end, targetSection: "data", targetOffset: dataOffset });
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
  routine("_start", () => emitStart(asm, vars, labelOf(graphs.entry), dataRef));
  const stub = (name: string, label: Label, graph: LLGraph, inputs: number[]) =>
    routine(name, () => {
      asm.bind(label);
      emitCollectorStub(asm, labelOf(graph), inputs);
    });
  stub("rts.gcAllocStub", stubs.allocSlow, graphs.gc.allocSlow, [RAX, R11]);
  stub("rts.gcWriteBarrierStub", stubs.writeBarrier, graphs.gc.writeBarrier, [R11]);
  stub("rts.gcWriteBarrierArrayStub", stubs.writeBarrierArray, graphs.gc.writeBarrierArray, [R11, RAX]);
  stub("rts.gcIdentityHashStub", stubs.identityHash, graphs.gc.identityHash, [R11]);
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
