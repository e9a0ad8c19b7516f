/**
 * `rts graph target.ts [function]`: prints the flow graph of a function, method or constructor
 * of the target (or of all of those in the target's module), as text or as Graphviz dot.
 */

import { UserError } from "../frontend/diagnostic.js";
import { FlowError, buildFlowGraph } from "../frontend/build-statements.js";
import { checkGraph } from "../frontend/checkgraph.js";
import { graphToDot } from "../frontend/dot.js";
import { loadProgram } from "../frontend/modules.js";
import { printGraph } from "../frontend/print-graph.js";

export async function graphCommand(target: string, name: string | undefined, options: { dot?: boolean }): Promise<number> {
  const program = await loadProgram(target, false);
  const found = name === undefined ? program.functionsOf(program.entry) : program.findByName(name);
  if (found.length === 0 && name !== undefined) {
    throw new UserError(program.entry.shown, undefined, undefined, `no function, method or constructor named '${name}'`);
  }
  for (const source of found) {
    let graph;
    try {
      graph = buildFlowGraph(source, program);
    } catch (error) {
      if (error instanceof FlowError) throw new UserError(error.pos.file, error.pos.line, error.pos.column, error.message);
      throw error;
    }
    checkGraph(graph);
    process.stdout.write(options.dot ? graphToDot(graph) : printGraph(graph));
  }
  return 0;
}
