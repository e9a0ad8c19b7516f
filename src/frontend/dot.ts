/** Flow graphs as Graphviz dot: one node per block (its text), one edge per link (its exit case). */

import { CATCH_CASE, DEFAULT_CASE, FunctionGraph } from "./model.js";
import { formatConstant, printGraph } from "./print-graph.js";

export function graphToDot(graph: FunctionGraph): string {
  // Reuse the text form so that names agree between the two views: split it at block headers.
  const text = printGraph(graph).split("\n");
  const blocks = graph.iterBlocks().filter((b) => b !== graph.returnblock && b !== graph.exceptblock);
  const sections: string[][] = [];
  for (const line of text.slice(1)) {
    if (/^block\d+\(/.test(line)) sections.push([line]);
    else if (line && sections.length > 0) sections[sections.length - 1]!.push(line);
  }
  const escape = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
  const lines = [`digraph "${escape(graph.name)}" {`, "  node [shape=box, fontname=monospace, fontsize=10];"];
  blocks.forEach((block, i) => {
    const body = (sections[i] ?? []).filter((l) => !/^\s+(goto|if|switch|ok|catch|return|raise|\S+ ->)/.test(l));
    lines.push(`  b${i} [label="${body.map(escape).join("\\l")}\\l"];`);
  });
  lines.push('  return [shape=oval, label="return"];', '  raise [shape=oval, label="raise"];');
  const id = (target: unknown) =>
    target === graph.returnblock ? "return" : target === graph.exceptblock ? "raise" : `b${blocks.indexOf(target as never)}`;
  blocks.forEach((block, i) => {
    for (const link of block.exits) {
      const label =
        link.exitcase === null ? "" : link.exitcase === DEFAULT_CASE ? "default" : link.exitcase === CATCH_CASE ? "catch" : formatConstant(link.exitcase);
      lines.push(`  b${i} -> ${id(link.target)}${label ? ` [label="${escape(label)}"]` : ""};`);
    }
  });
  lines.push("}");
  return lines.join("\n") + "\n";
}
