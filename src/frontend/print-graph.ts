/**
 * The text form of flow graphs, for `rts graph`, golden tests and debugging. Variables are
 * renamed per graph in order of appearance (`pc_3`), so dumps are stable from run to run;
 * each operation shows its source position as `@line:col`.
 *
 *   graph bf.run(program)  @83:1
 *   block0(program_0):
 *     code_1 = getattr(program_0, "code")  @86:16
 *     goto block1(code_1, program_0, 0, 0)
 *   block1(...):
 *     if more_5 then block2(...) else block3(...)
 */

import { ArrowFunction } from "./arrow.js";
import {
  Block,
  CATCH_CASE,
  DEFAULT_CASE,
  FunctionGraph,
  LAST_EXCEPTION,
  Link,
  Variable,
  type Value,
} from "./model.js";

/** Names for well-known global objects, so constants print as `Math` rather than an object dump. */
const GLOBAL_NAMES: ReadonlyMap<unknown, string> = new Map<unknown, string>(
  ["Math", "console", "process", "performance", "JSON", "globalThis", "Date", "Number", "String", "Array", "Object"].map(
    (name) => [(globalThis as Record<string, unknown>)[name], name],
  ),
);

/** Prints a constant compactly: literals as in source, live objects by what they are. */
export function formatConstant(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "symbol") return value.description ?? "symbol";
  if (value instanceof ArrowFunction) return String(value);
  const known = GLOBAL_NAMES.get(value);
  if (known) return known;
  if (typeof value === "function") {
    const isClass = /^class[\s{]/.test(Function.prototype.toString.call(value)) || /^[A-Z]/.test(value.name);
    return `<${isClass ? "class" : "function"} ${value.name || "anonymous"}>`;
  }
  if (Array.isArray(value)) {
    const simple = value.length <= 8 && value.every((v) => v === null || ["string", "number", "boolean"].includes(typeof v));
    return simple ? `[${value.map(formatConstant).join(", ")}]` : `<array of ${value.length}>`;
  }
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return `<${proto?.constructor?.name ?? "object"} instance>`;
}

export function printGraph(graph: FunctionGraph): string {
  return printNaming(graph, new Map());
}

/**
 * The names printGraph gives the variables of graph (`hint_n`, numbered in order of appearance),
 * for messages about a graph: a variable has no number of its own.
 */
export function variableNames(graph: FunctionGraph): ReadonlyMap<Variable, string> {
  const names = new Map<Variable, string>();
  printNaming(graph, names);
  return names;
}

/** Prints graph, naming its variables in names. */
function printNaming(graph: FunctionGraph, names: Map<Variable, string>): string {
  let counter = 0;
  const name = (v: Variable): string => {
    let n = names.get(v);
    if (!n) {
      n = `${v.hint}_${counter++}`;
      names.set(v, n);
    }
    return n;
  };
  const value = (v: Value): string => (v instanceof Variable ? name(v) : formatConstant(v.value));
  const blocks = graph.iterBlocks().filter((b) => b !== graph.returnblock && b !== graph.exceptblock);
  const blockNames = new Map<Block, string>(blocks.map((b, i) => [b, `block${i}`]));
  const target = (link: Link): string => {
    const args = link.args.map(value).join(", ");
    if (link.target === graph.returnblock) return `return ${args}`;
    if (link.target === graph.exceptblock) return `raise ${args}`;
    return `${blockNames.get(link.target)}(${args})`;
  };

  const lines = [`graph ${graph.name}(${graph.params.join(", ")})  @${graph.origin.pos.line}:${graph.origin.pos.column}`];
  for (const block of blocks) {
    lines.push(`${blockNames.get(block)}(${block.inputargs.map(name).join(", ")}):`);
    for (const op of block.operations) {
      lines.push(`  ${name(op.result)} = ${op.opname}(${op.args.map(value).join(", ")})  @${op.pos.line}:${op.pos.column}`);
    }
    lines.push(...formatExits(block, value, target));
  }
  return lines.join("\n") + "\n";
}

function formatExits(block: Block, value: (v: Value) => string, target: (l: Link) => string): string[] {
  const exits = block.exits;
  if (block.exitswitch === null) return [`  ${exits[0]!.target.isFinal ? "" : "goto "}${target(exits[0]!)}`];
  if (block.exitswitch === LAST_EXCEPTION) {
    return [
      `  ok -> ${target(exits[0]!)}`,
      ...exits.slice(1).map((l) => `  catch ${l.caught ? value(l.caught) : "?"} -> ${target(l)}`),
    ];
  }
  const sw = value(block.exitswitch);
  const whenFalse = exits.find((l) => l.exitcase === false);
  const whenTrue = exits.find((l) => l.exitcase === true);
  if (exits.length === 2 && whenTrue && whenFalse) return [`  if ${sw} then ${target(whenTrue)} else ${target(whenFalse)}`];
  return [
    `  switch ${sw}:`,
    ...exits.map((l) => `    ${l.exitcase === DEFAULT_CASE ? "default" : l.exitcase === CATCH_CASE ? "catch" : formatConstant(l.exitcase)} -> ${target(l)}`),
  ];
}

