/**
 * The text form of LL graphs (`rts lltype`): one operation per line with the types of its result
 * and operands, variables renamed per graph in order of appearance so dumps are stable.
 *
 *   graph bf.run(program_0: Ptr(inst_Program)) -> Void
 *   block0(program_0: Ptr(inst_Program)):
 *     code_1: Ptr(STR) = getfield(program_0, "code")  @92:16
 *     goto block1(program_0, code_1, 0)
 */

import { LLConstant, LLGraph, LLVariable, LL_CATCH, LL_DEFAULT, LL_LAST_EXCEPTION, type LLBlock, type LLLink, type LLValue } from "./llgraph.js";
import { typeName, type LLType } from "./lltype.js";

function isType(value: unknown): value is LLType {
  return typeof value === "object" && value !== null && "kind" in value && ["primitive", "struct", "array", "ptr", "func"].includes((value as { kind: string }).kind);
}

export function formatLLConstant(c: LLConstant): string {
  const v = c.value;
  if (v === null) return c.type.kind === "ptr" ? "null" : "void";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") {
    if (Object.is(v, -0)) return "-0.0";
    if (c.type.toString() === "Float") return Number.isInteger(v) && Math.abs(v) < 1e21 ? `${v}.0` : String(v);
    // Integers print exactly (the sentinels 2^60 and -2^60 are beyond what String() spells out).
    return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  }
  if (typeof v === "boolean") return String(v);
  if (isType(v)) return typeName(v);
  if (v.kind === "function") return `<fn ${v.name}>`;
  return `<${v.name}>`;
}

export function printLLGraph(graph: LLGraph): string {
  return printNaming(graph, new Map());
}

/**
 * The names printLLGraph gives the variables of graph (`hint_n`, numbered in order of appearance),
 * for messages about a graph: a variable has no number of its own.
 */
export function llVariableNames(graph: LLGraph): ReadonlyMap<LLVariable, string> {
  const names = new Map<LLVariable, string>();
  printNaming(graph, names);
  return names;
}

/** Prints graph, naming its variables in names. */
function printNaming(graph: LLGraph, names: Map<LLVariable, string>): string {
  let counter = 0;
  const name = (v: LLVariable) => {
    let n = names.get(v);
    if (!n) {
      n = `${v.hint}_${counter++}`;
      names.set(v, n);
    }
    return n;
  };
  const value = (v: LLValue) => (v instanceof LLVariable ? name(v) : formatLLConstant(v));
  const typed = (v: LLVariable) => `${name(v)}: ${typeName(v.type)}`;
  const blocks = graph.iterBlocks().filter((b) => b !== graph.returnblock && b !== graph.exceptblock);
  const blockNames = new Map<LLBlock, string>(blocks.map((b, i) => [b, `block${i}`]));
  const target = (link: LLLink) => {
    const args = link.args.map(value).join(", ");
    if (link.target === graph.returnblock) return `return ${args}`;
    if (link.target === graph.exceptblock) return `raise ${args}`;
    return `${blockNames.get(link.target)}(${args})`;
  };
  const lines = [`graph ${graph.name}(${graph.startblock.inputargs.map(typed).join(", ")}) -> ${typeName(graph.resultType)}`];
  for (const block of blocks) {
    lines.push(`${blockNames.get(block)}(${block.inputargs.map(typed).join(", ")}):`);
    for (const op of block.operations) {
      const pos = op.pos ? `  @${op.pos.line}:${op.pos.column}` : "";
      lines.push(`  ${typed(op.result)} = ${op.opname}(${op.args.map(value).join(", ")})${pos}`);
    }
    const exits = block.exits;
    const sw = block.exitswitch;
    if (sw === null) {
      lines.push(`  ${exits[0]!.target === graph.returnblock || exits[0]!.target === graph.exceptblock ? "" : "goto "}${target(exits[0]!)}`);
    } else if (sw === LL_LAST_EXCEPTION) {
      lines.push(`  ok -> ${target(exits[0]!)}`);
      for (const link of exits.slice(1)) lines.push(`  catch ${link.caught ? name(link.caught) : "?"} -> ${target(link)}`);
    } else if (exits.length === 2 && exits[0]!.exitcase === false && exits[1]!.exitcase === true) {
      lines.push(`  if ${value(sw)} then ${target(exits[1]!)} else ${target(exits[0]!)}`);
    } else {
      lines.push(`  switch ${value(sw)}:`);
      for (const link of exits) {
        const c = link.exitcase === LL_DEFAULT ? "default" : link.exitcase === LL_CATCH ? "catch" : String(link.exitcase);
        lines.push(`    ${c} -> ${target(link)}`);
      }
    }
  }
  return lines.join("\n") + "\n";
}
