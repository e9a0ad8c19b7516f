/**
 * `rts run --llinterp`: a whole program through the LL interpreter. The program is annotated and
 * lowered (with the runtime helpers it needs) by the driver (src/translator/driver.ts
 * lowerProgram), then run here from main([target, ...args]), exactly as
 * the translated binary will run it: output through the runtime's buffers, flushed at the end;
 * an uncaught exception printed as `rts run` prints it; a failed safety check stops the program
 * with the TypeScript position.
 */

import { writeSync } from "node:fs";
import type { LLGraph } from "../llir/llgraph.js";
import { LLException, LLFatalError, LLInterpreter, type LLRuntimeValue } from "../llir/llinterp.js";
import { LLExit } from "../llir/llinterp-system.js";
import { ArrayType, Char, PtrType, STR, Signed, StructType, computeLayout } from "../llir/lltype.js";
import { callWithExceptions } from "./exceptions.js";
import { formatUncaughtError } from "./rexception.js";
import type { RTyper } from "./rtyper.js";
import { siteFrames } from "./stack-trace.js";
import { formatTrace } from "../frontend/stack-frames.js";

/** Exit status of a program stopped by a fatal error (a failed safety check). */
export const FATAL_EXIT_STATUS = 70;

/** A program lowered for the LL interpreter (src/translator/driver.ts lowerProgram). */
export interface LoweredProgram {
  rtyper: RTyper;
  main: LLGraph;
  /** The runtime's flushAll, run when main returns. */
  flush: LLGraph;
}

/** Runs a lowered program (in interp: a fresh one, or the JIT's, src/translator/jit-llinterp.ts); returns its exit status. Output goes to this process's stdout and stderr. */
export function runLowered(
  lowered: LoweredProgram,
  argv: string[],
  describeException: (interp: LLInterpreter, address: number) => string,
  output?: (fd: number, bytes: Uint8Array) => void,
  interp: LLInterpreter = new LLInterpreter(),
): number {
  interp.output = output;
  const writeStderr = (text: string) => (output ? output(2, Buffer.from(text)) : writeSync(2, text));
  const params = lowered.main.startblock.inputargs;
  const args = params.length === 0 ? [] : [newStringList(interp, params[0]!.type, argv)];
  let status: LLRuntimeValue;
  try {
    status = callWithExceptions(interp, lowered.main, args);
  } catch (error) {
    if (error instanceof LLExit) return error.status;
    if (error instanceof LLException) {
      flush(interp, lowered);
      writeStderr(describeException(interp, error.value) + "\n");
      return 1;
    }
    if (error instanceof LLFatalError) {
      flush(interp, lowered);
      writeStderr(formatFatal(error) + "\n");
      return FATAL_EXIT_STATUS;
    }
    throw error;
  }
  flush(interp, lowered);
  if (typeof status !== "number") return 0;
  if (!Number.isInteger(status) || Math.abs(status) > 2 ** 53) {
    // main's result is a float: the status a translated program's cast_float_to_int stops on, at main.
    writeStderr(formatFatal(new LLFatalError(`the number ${status} is not an integer the program can hold`, lowered.main.pos)) + "\n");
    return FATAL_EXIT_STATUS;
  }
  return status;
}

function flush(interp: LLInterpreter, lowered: LoweredProgram): void {
  try {
    callWithExceptions(interp, lowered.flush, []);
  } catch (error) {
    if (!(error instanceof LLExit)) throw error;
  }
}

/** `fatal error: message` then the frames of the calls it stopped (stack-trace.ts), the form translated binaries print. */
export function formatFatal(error: LLFatalError): string {
  const frames = error.sites.flatMap((site) => siteFrames(site.graph, site.pos));
  if (frames.length > 0) return `fatal error: ${error.bareMessage}\n${formatTrace(frames).trimEnd()}`;
  return `fatal error: ${error.bareMessage}` + (error.pos ? `\n    at ${error.pos.file}:${error.pos.line}:${error.pos.column}` : "");
}

/** What an uncaught exception prints: `Name: message` and the frames of the calls that made it. */
export function describeLLException(interp: LLInterpreter, address: number): string {
  return formatUncaughtError(interp.memory, address, (sites) =>
    sites.flatMap((n) => {
      const site = interp.traceSites[n - 1];
      return site ? siteFrames(site.graph, site.pos) : [];
    }),
  );
}

/** A new STR in the interpreter's memory. */
export function newString(interp: LLInterpreter, s: string): number {
  const address = interp.memory.allocate(STR, s.length);
  const layout = computeLayout(STR);
  for (let i = 0; i < s.length; i++) interp.memory.store(Char, address + layout.itemsOffset! + i * layout.itemSize!, s.charCodeAt(i));
  return address;
}

/** The text of a STR in the interpreter's memory. */
export function readString(interp: LLInterpreter, address: number): string {
  const layout = computeLayout(STR);
  const length = interp.memory.load(Signed, address + layout.lengthOffset!) as number;
  const codes: number[] = [];
  for (let i = 0; i < length; i++) codes.push(interp.memory.load(Char, address + layout.itemsOffset! + i * layout.itemSize!) as number);
  return String.fromCharCode(...codes);
}

/** A new list of strings (an LL list of the given pointer type) in the interpreter's memory. */
function newStringList(interp: LLInterpreter, listType: unknown, values: string[]): number {
  if (!(listType instanceof PtrType) || !(listType.to instanceof StructType)) throw new Error("internal error: main does not take a list");
  const struct = listType.to;
  const itemsType = (struct.fields.find((f) => f.name === "items")!.type as PtrType).to as ArrayType;
  const list = interp.memory.allocate(struct);
  const items = interp.memory.allocate(itemsType, values.length);
  const listLayout = computeLayout(struct);
  const itemsLayout = computeLayout(itemsType);
  values.forEach((v, i) => interp.memory.storeWord(items + itemsLayout.itemsOffset! + i * itemsLayout.itemSize!, newString(interp, v)));
  interp.memory.store(Signed, list + listLayout.offsets.get("length")!, values.length);
  interp.memory.storeWord(list + listLayout.offsets.get("items")!, items);
  return list;
}
