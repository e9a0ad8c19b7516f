/**
 * `rts lltype target.ts [function]`: annotates the program from main, then lowers the named
 * function (default: main) and every function it calls to LL graphs, and prints them. With
 * `--after PASS`, the whole program is lowered as `rts translate` lowers it and taken through
 * the LL passes up to PASS (src/translator/lower.ts graphsAfterPass), and the function's graphs
 * are printed as they are right after that pass.
 */

import { colourError, highlightFrames } from "./style.js";
import { Annotator } from "../annotator/annotator.js";
import { formatErrors } from "../annotator/print-annotations.js";
import { UserError } from "../frontend/diagnostic.js";
import { loadProgram } from "../frontend/modules.js";
import { reachableGraphs } from "../llir/llgraph.js";
import { printLLGraph } from "../llir/print-llgraph.js";
import { RTyper } from "../rtyper/rtyper.js";
import { asUserError, graphsAfterPass } from "../translator/lower.js";

export async function lltypeCommand(target: string, name: string | undefined, options: { callees?: boolean; after?: string } = {}): Promise<number> {
  if (options.after !== undefined) {
    const dumped = await graphsAfterPass(target, { after: options.after, graphs: { function: name, callees: options.callees === true }, colour: colourError, highlight: highlightFrames() });
    if (!dumped.ok) {
      process.stderr.write(dumped.errors);
      return 2;
    }
    process.stdout.write(dumped.text);
    return 0;
  }
  const program = await loadProgram(target, true, true);
  const annotator = new Annotator(program);
  annotator.annotateMain();
  if (annotator.errors.length > 0) {
    process.stderr.write(formatErrors(annotator, colourError, highlightFrames()));
    return 2;
  }
  const sources = name === undefined ? [program.functionSource(program.main!)!] : program.findByName(name);
  if (sources.length === 0) throw new UserError(program.entry.shown, undefined, undefined, `no function, method or constructor named '${name}'`);
  const rtyper = new RTyper(annotator);
  const descs = annotator.annotatedFunctions().filter((d) => sources.some((s) => s.node === d.source.node && s.name === d.source.name));
  if (descs.length === 0) throw new UserError(program.entry.shown, undefined, undefined, `'${name}' is not reachable from main`);
  const roots = asUserError(program, () => descs.map((desc) => rtyper.specializeFrom(desc)));
  // Lowered functions first (in the order they were reached), then the helper graphs and
  // adapters they call (reached through constants, class records and prebuilt objects).
  const lowered = [...rtyper.allGraphs().values()];
  const graphs = options.callees ? [...new Set([...lowered, ...reachableGraphs(lowered)])] : roots;
  process.stdout.write(graphs.map(printLLGraph).join(""));
  return 0;
}
