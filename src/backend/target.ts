/**
 * What a target (src/backend-<name>) gives the drivers, and the graphs every target starts from.
 * The translator asks a Target for code; the target uses the shared layer (register allocation,
 * parallel moves, block order and branch planning, the data image, the ELF writer) for what is
 * not its own. README.md ("The Target contract") says what each member must do.
 */

import type { LLGraph } from "../llir/llgraph.js";
import type { ElfMachine, ExecutableImage } from "./elf.js";
import type { FunctionListing, Instruction } from "./listing.js";
import type { RegisterFile } from "./location.js";

/** The graphs a native program starts from (see src/rtyper/native-runtime.ts). */
export interface NativeGraphs {
  /** (argc: Signed, argv: Address) -> Signed: what the process entry calls. */
  entry: LLGraph;
  /** (message: Ptr(STR), where: Ptr(STR)) -> Void: a failed safety check. */
  fatal: LLGraph;
  /** (index: Signed, length: Signed, where: Ptr(STR)) -> Void. */
  fatalIndex: LLGraph;
  /** (x: Float, where: Ptr(STR)) -> Void. */
  fatalNotInteger: LLGraph;
  /** () -> Void: raises RangeError (called by stack_check when the stack is nearly full). */
  stackOverflow: LLGraph;
  /** The collector's entry points the machine code calls (src/runtime/gc/collector.ts), through stubs that keep every register. */
  gc: CollectorGraphs;
}

export interface CollectorGraphs {
  /** gcAllocSlow(typeId, bytes) -> address. */
  allocSlow: LLGraph;
  /** gcWriteBarrierSlow(object). */
  writeBarrier: LLGraph;
  /** gcWriteBarrierArraySlow(array, index). */
  writeBarrierArray: LLGraph;
  /** gcIdentityHash(object) -> hash. */
  identityHash: LLGraph;
}

export interface CodegenStats {
  functions: number;
  textBytes: number;
  rodataBytes: number;
  dataBytes: number;
  bssBytes: number;
}

export interface CodegenResult {
  image: ExecutableImage;
  stats: CodegenStats;
  /** Where each function's code is in .text and where its blocks start (for `rts translate --dump-asm`). */
  listing: FunctionListing[];
}

export interface Target {
  /** As `rts translate --target` will name it: "x86-64", "aarch64". */
  readonly name: string;
  /** What the ELF header says, and the machine's own relocation kinds. */
  readonly machine: ElfMachine;
  /** The registers the shared allocator hands out and the moves break cycles through. */
  readonly registers: RegisterFile;
  /** The whole program's code and data: every graph reachable from these, compiled once. */
  generateCode(graphs: NativeGraphs): CodegenResult;
  /** The instructions of code[start, end), code[0] being at address base, as the target's objdump prints them. */
  disassemble(code: Uint8Array, start: number, end: number, base: number): Instruction[];
}
