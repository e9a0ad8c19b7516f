/**
 * `rts graph target.ts [function]`: prints the flow graph of a function, method or constructor
 * of the target (or of all of those in the target's module), as text or as Graphviz dot.
 */

import { UserError } from "../frontend/diagnostic.js";
import type { Constant } from "../frontend/model.js";
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
    // A construct RTS does not have is an operation of the graph (so that the annotator reports
    // it with the other errors); here it is the error, as a graph that cannot be built is.
    const notRts = graph.iterBlocks().flatMap((block) => block.operations).find((op) => op.opname === "not_rts");
    if (notRts) throw new UserError(notRts.pos.file, notRts.pos.line, notRts.pos.column, String((notRts.args[0] as Constant).value));
    process.stdout.write(options.dot ? graphToDot(graph) : printGraph(graph));
  }
  return 0;
}
