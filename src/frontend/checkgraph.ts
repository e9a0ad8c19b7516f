/**
 * The flow graph verifier: checks the invariants stated in model.ts. Run after building and
 * after every pass in tests; a failure is an internal error of the toolchain, never a user's.
 */

import { CATCH_CASE, Constant, DEFAULT_CASE, FunctionGraph, LAST_EXCEPTION, Variable } from "./model.js";
import { flowOpInfo } from "./operations.js";
import { variableNames } from "./print-graph.js";

export function checkGraph(graph: FunctionGraph): void {
  const fail = (message: string): never => {
    throw new Error(`internal error: flow graph ${graph.name}: ${message}`);
  };
  const name = (v: Variable) => variableNames(graph).get(v) ?? v.hint;
  const defined = new Set<Variable>();
  const define = (v: Variable) => {
    if (defined.has(v)) fail(`${name(v)} is defined twice`);
    defined.add(v);
  };
  if (graph.returnblock.inputargs.length !== 1 || graph.exceptblock.inputargs.length !== 1) fail("final blocks take one value");
  for (const block of graph.iterBlocks()) {
    const local = new Set<Variable>();
    for (const v of block.inputargs) {
      define(v);
      local.add(v);
    }
    const use = (value: unknown, where: string) => {
      if (value instanceof Variable && !local.has(value)) fail(`${name(value)} is used in ${where} but not defined in its block`);
      if (!(value instanceof Variable) && !(value instanceof Constant)) fail(`${where} uses something that is not a value`);
    };
    for (const op of block.operations) {
      const arity = flowOpInfo(op.opname).arity;
      if (arity >= 0 && op.args.length !== arity) fail(`${op.opname} takes ${arity} arguments, has ${op.args.length}`);
      for (const arg of op.args) use(arg, op.opname);
      define(op.result);
      local.add(op.result);
    }
    const isFinal = block === graph.returnblock || block === graph.exceptblock;
    if (isFinal !== (block.exits.length === 0)) fail(isFinal ? "a final block has exits" : "a block has no exits");
    if (block.exitswitch === null) {
      if (!isFinal && block.exits.length !== 1) fail("a block without exitswitch has several exits");
    } else if (block.exitswitch === LAST_EXCEPTION) {
      const last = block.operations[block.operations.length - 1];
      if (!last || !flowOpInfo(last.opname).canRaise) fail("LAST_EXCEPTION after an operation that cannot raise");
      if (block.exits.length < 2 || block.exits.slice(1).some((l) => l.exitcase !== CATCH_CASE || !l.caught)) {
        fail("LAST_EXCEPTION needs a normal exit and catch exits");
      }
      if (block.exits[0]!.args.some((a) => block.exits.slice(1).some((l) => l.caught === a))) fail("normal exit uses the caught value");
    } else {
      use(block.exitswitch, "exitswitch");
      const cases = block.exits.map((l) => l.exitcase);
      if (new Set(cases).size !== cases.length) fail("duplicate exit cases");
      const defaults = cases.filter((c) => c === DEFAULT_CASE).length;
      if (defaults > 1 || (defaults === 1 && cases[cases.length - 1] !== DEFAULT_CASE)) fail("default exit must be last");
    }
    for (const link of block.exits) {
      if (link.prevblock !== block) fail("link.prevblock is wrong");
      if (link.args.length !== link.target.inputargs.length) {
        fail(`a link passes ${link.args.length} values to a block taking ${link.target.inputargs.length}`);
      }
      if (link.caught) local.add(link.caught);
      for (const arg of link.args) use(arg, "a link");
      if (link.caught) local.delete(link.caught);
    }
  }
}
