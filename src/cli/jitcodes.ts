/**
 * `rts jitcodes target.ts [function]`: annotates the program from main, lowers it, and prints
 * the jitcodes the codewriter makes (src/jit/codewriter) from the portal (the function holding
 * jitMergePoint) and every function the JIT looks inside from it; with a function name, only
 * that function's jitcode. Constants that are addresses (functions, prebuilt objects) are shown
 * by name: their numbers depend on where the jitcodes run.
 */

import { colourError, highlightFrames } from "./style.js";
import { Annotator } from "../annotator/annotator.js";
import { formatErrors } from "../annotator/print-annotations.js";
import { UserError } from "../frontend/diagnostic.js";
import { loadProgram } from "../frontend/modules.js";
import type { LLConstant } from "../llir/llgraph.js";
import type { ArrayType, StructType } from "../llir/lltype.js";
import { findPortals, makeJitCodes } from "../jit/codewriter/codewriter.js";
import type { CodeWriterTarget } from "../jit/codewriter/descriptors.js";
import { printJitCode } from "../runtime/jit/jitcode-print.js";
import { RTyper } from "../rtyper/rtyper.js";
import { asUserError } from "../translator/lower.js";

/** Numbers for type ids and addresses in the order they are asked for: jitcodes to be printed, not run. */
class PrintingTarget implements CodeWriterTarget {
  private readonly types = new Map<StructType | ArrayType, number>();
  private readonly constants = new Map<unknown, number>();

  typeId(type: StructType | ArrayType): number {
    let id = this.types.get(type);
    if (id === undefined) this.types.set(type, (id = this.types.size + 1));
    return id;
  }

  constantValue(c: LLConstant): number {
    let n = this.constants.get(c.value);
    if (n === undefined) this.constants.set(c.value, (n = this.constants.size + 1));
    return n;
  }
}

export async function jitcodesCommand(target: string, name: string | undefined): Promise<number> {
  const program = await loadProgram(target, true, true);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  if (annotator.errors.length > 0) {
    process.stderr.write(formatErrors(annotator, colourError, highlightFrames()));
    return 2;
  }
  const rtyper = new RTyper(annotator);
  const main = asUserError(program, () => rtyper.specializeFrom(annotator.bk.functionDesc(program.main!)));
  const portals = findPortals([main]);
  if (portals.length === 0) throw new UserError(program.entry.shown, undefined, undefined, "no function reachable from main calls jitMergePoint: there is no portal to make jitcodes from");
  if (portals.length > 1) throw new UserError(program.entry.shown, undefined, undefined, `several functions call jitMergePoint (${portals.map((p) => p.name).join(", ")}): one portal per program is supported`);
  const made = asUserError(program, () => makeJitCodes(portals[0]!, new PrintingTarget()));
  let shown = made.jitcodes;
  if (name !== undefined) {
    const sources = program.findByName(name);
    if (sources.length === 0) throw new UserError(program.entry.shown, undefined, undefined, `no function, method or constructor named '${name}'`);
    const graphs = [...rtyper.allGraphs()].filter(([desc]) => sources.some((s) => s.node === desc.source.node && s.name === desc.source.name)).map(([, graph]) => graph);
    shown = graphs.map((graph) => made.byGraph.get(graph)).filter((j) => j !== undefined);
    if (shown.length === 0) throw new UserError(program.entry.shown, undefined, undefined, `'${name}' has no jitcode: the JIT does not look inside it from the portal ${made.portalGraph.name}`);
  }
  process.stdout.write(shown.map(printJitCode).join("\n"));
  return 0;
}
