/**
 * The end of every target's generateCode, once all code is emitted: the addresses of functions
 * stored in prebuilt data, the type table and the stack trace table hooked into the collector's
 * shared words, the data symbols, and the image with its statistics. Only text and the
 * relocations of code differ between targets; what the tables hold does not.
 */

import type { LLFunctionRef } from "../llir/llgraph.js";
import { SHARED_TRACE_TABLE, SHARED_TYPE_COUNT, SHARED_TYPE_TABLE } from "../runtime/gc/layout.js";
import type { ProgramData } from "./data-image.js";
import type { ElfSymbol, Relocation } from "./elf.js";
import type { FunctionListing } from "./listing.js";
import type { CodegenResult } from "./target.js";
import { writeTraceTable, type CallSite } from "./trace-table.js";

export interface ProgramCode {
  text: Uint8Array;
  data: ProgramData;
  /** The offset in .data of the collector's shared words. */
  shared: number;
  sites: readonly CallSite[];
  /** The relocations of the code (the data's are in data.relocations). */
  relocations: readonly Relocation[];
  /** The function symbols; the data symbols are added. */
  symbols: ElfSymbol[];
  listing: FunctionListing[];
  /** How many graphs were compiled. */
  functions: number;
  /** Where in .text a function whose address prebuilt data holds starts. */
  functionOffset(fn: LLFunctionRef): number;
}

export function finishProgram(code: ProgramCode): CodegenResult {
  const { data, shared, symbols } = code;
  const relocations = [...code.relocations];
  for (const { offset, fn } of data.functionSlots) {
    if (!fn.graph) throw new Error(`internal error: the function ${fn.name} has no graph`);
    relocations.push({ section: "data", offset, targetSection: "text", targetOffset: code.functionOffset(fn) });
  }
  // Last: every type id has been given by now.
  const types = data.typeTable();
  data.relocations.push({ section: "data", offset: shared + SHARED_TYPE_TABLE, targetSection: "rodata", targetOffset: types.offset });
  data.data.view().setBigInt64(shared + SHARED_TYPE_COUNT, BigInt(types.count), true);
  const traceTable = writeTraceTable(data, code.sites);
  data.relocations.push({ section: "data", offset: shared + SHARED_TRACE_TABLE, targetSection: "rodata", targetOffset: traceTable });
  for (const s of data.symbols) symbols.push({ name: s.name, section: "data", offset: s.offset, size: s.size, kind: "object" });

  const text = code.text;
  const rodata = data.rodata.result();
  const dataBytes = data.data.result();
  return {
    image: { text, rodata, data: dataBytes, bssSize: 0, entry: 0, relocations: [...relocations, ...data.relocations], symbols },
    stats: { functions: code.functions, textBytes: text.length, rodataBytes: rodata.length, dataBytes: dataBytes.length, bssBytes: 0 },
    listing: code.listing,
  };
}
