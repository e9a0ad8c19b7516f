/**
 * The LL graph verifier: the invariants stated in llgraph.ts. Run on every graph in tests; a
 * failure is an internal error of the rtyper (or of a hand-built helper), never a user's.
 */

import { LLConstant, LLGraph, LLVariable, LL_LAST_EXCEPTION, type LLValue } from "./llgraph.js";
import { llOpInfo } from "./lloperation.js";
import { typeName } from "./lltype.js";
import { llVariableNames } from "./print-llgraph.js";

export function checkLLGraph(graph: LLGraph): void {
  const fail = (message: string): never => {
    throw new Error(`internal error: LL graph ${graph.name}: ${message}`);
  };
  const name = (v: LLVariable) => llVariableNames(graph).get(v) ?? v.hint;
  const defined = new Set<LLVariable>();
  for (const block of graph.iterBlocks()) {
    const local = new Set<LLVariable>();
    const define = (v: LLVariable) => {
      if (defined.has(v)) fail(`${name(v)} is defined twice`);
      defined.add(v);
      local.add(v);
    };
    const use = (v: LLValue, where: string) => {
      if (v instanceof LLVariable && !local.has(v)) fail(`${where} uses ${name(v)}, which its block does not define`);
      if (!(v instanceof LLVariable) && !(v instanceof LLConstant)) fail(`${where} uses something that is not a value`);
    };
    block.inputargs.forEach(define);
    for (const op of block.operations) {
      const info = llOpInfo(op.opname);
      const arity = info.args.length;
      if (info.variadic ? op.args.length < arity : op.args.length !== arity) {
        fail(`${op.opname} takes ${info.variadic ? "at least " : ""}${arity} operands, has ${op.args.length}`);
      }
      op.args.forEach((a) => use(a, op.opname));
      define(op.result);
    }
    const isFinal = block === graph.returnblock || block === graph.exceptblock;
    if (isFinal !== (block.exits.length === 0)) fail(isFinal ? "a final block has exits" : "a block has no exits");
    if (block.exitswitch !== null && block.exitswitch !== LL_LAST_EXCEPTION) use(block.exitswitch, "the exitswitch");
    if (block.exitswitch === null && !isFinal && block.exits.length !== 1) fail("a block without exitswitch has several exits");
    for (const link of block.exits) {
      if (link.args.length !== link.target.inputargs.length) fail(`a link passes ${link.args.length} values to a block taking ${link.target.inputargs.length}`);
      if (link.caught) local.add(link.caught);
      link.args.forEach((a, i) => {
        use(a, "a link");
        const expected = link.target.inputargs[i]!.type;
        if (a.type !== expected) fail(`a link passes ${typeName(a.type)} where ${typeName(expected)} is expected`);
      });
      if (link.caught) local.delete(link.caught);
    }
  }
}
