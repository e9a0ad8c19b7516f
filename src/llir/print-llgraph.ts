/**
 * The text form of LL graphs (`rts lltype`): one operation per line with the type of its result,
 * variables renamed per graph in order of appearance so dumps are stable. A constant's type is
 * written only where its place and its form do not give it (`null: Ptr(T)`; impliedOperandType),
 * a caught exception's only where it is not the type it is passed as or the exception type.
 *
 *   graph bf.run(program_0: Ptr(inst_Program)) -> Void
 *   block0(program_0: Ptr(inst_Program)):
 *     code_1: Ptr(STR) = getfield(program_0, "code")  @92:16
 *     goto block1(program_0, code_1, 0)
 *
 * parse-llgraph.ts reads it back: every graph printed here parses to a graph that prints the same
 * and has the same types (tests/rtyper/parse-llgraph-roundtrip.test.ts).
 */

import { LLConstant, LLGraph, LLVariable, LL_CATCH, LL_DEFAULT, LL_LAST_EXCEPTION, type LLBlock, type LLConstantValue, type LLLink, type LLValue } from "./llgraph.js";
import { llOpInfo, memberType } from "./lloperation.js";
import { Bool, Float, FuncType, PRIMITIVES, Ptr, PtrType, Signed, StructType, Void, typeName, widened, type LLType } from "./lltype.js";

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
  if (v.kind === "symbolic") return String(v);
  return `<${v.name}>`;
}

/**
 * The type the text implies for a constant standing as operand i of an operation: the operand
 * type of the table, the field a setfield stores, the parameter of the called function, the type
 * of the other pointer a ptr_eq compares, the result of a copy. Undefined where nothing does.
 * typeOf and valueOf give the other operands' types and constant values (undefined if unknown).
 * The printer writes a constant's type (`null: Ptr(T)`) where this and the literal's own form
 * (an integer is Signed, a number with a fraction Float) do not give it; the parser reads both.
 */
export function impliedOperandType(
  opname: string,
  i: number,
  typeOf: (j: number) => LLType | undefined,
  valueOf: (j: number) => LLConstantValue | undefined,
  resultType: LLType,
): LLType | undefined {
  const info = llOpInfo(opname);
  const place = info.argPlaces[i];
  const target = i > 0 ? typeOf(0) : undefined;
  const pointee = target instanceof PtrType ? target.to : undefined;
  if (place === undefined) return info.tail === "args" && pointee instanceof FuncType ? pointee.args[i - info.args.length] : undefined; // a call's arguments
  switch (place.kind) {
    case "types":
      return place.names.length === 1 ? PRIMITIVES.find((p) => p.name === place.names[0]) : undefined;
    case "name":
    case "type":
      return Void;
    case "ptr":
      return opname === "ptr_eq" || opname === "ptr_ne" ? typeOf(1 - i) : undefined;
    case "field":
    case "item":
    case "itemfield": {
      const nameAt = info.argPlaces.findIndex((p) => p.kind === "name");
      const name = nameAt >= 0 ? valueOf(nameAt) : undefined;
      // A field the struct does not have implies nothing (the verifier judges the rest).
      if (pointee === undefined || (nameAt >= 0 && typeof name !== "string")) return undefined;
      const member = memberType(place.kind, pointee, name as string | undefined);
      return "type" in member ? member.type : undefined;
    }
    case "var": {
      // Fixed by a `type:T` operand, else by the result when it is T.
      const bindingAt = info.argPlaces.findIndex((p) => p.kind === "type" && p.binds === place.name);
      const bound = bindingAt >= 0 ? valueOf(bindingAt) : info.resultPlace.kind === "var" && info.resultPlace.name === place.name && !info.resultPlace.pointer ? resultType : undefined;
      if (!isType(bound)) return undefined;
      if (!place.pointer) return widened(bound);
      return bound.kind === "struct" || bound.kind === "array" || bound.kind === "func" ? Ptr(bound) : undefined;
    }
    default:
      return undefined;
  }
}

/** The type a literal's own form gives (an integer Signed, a number with a fraction Float, true Bool), or undefined (null). */
function literalType(c: LLConstant): LLType | undefined {
  const v = c.value;
  if (typeof v === "number") return Number.isInteger(v) && !Object.is(v, -0) ? Signed : Float;
  if (typeof v === "boolean") return Bool;
  if (v === null) return c.type === Void ? Void : undefined;
  return c.type; // strings, types, functions and prebuilt objects: their place or their name tells
}

/** A struct's declaration as parse-llgraph.ts reads it: `struct name gc { f: T immutable, ... }` (names quoted when not identifiers). */
export function printStructDeclaration(struct: StructType): string {
  const quoted = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));
  const fields = struct.fields.map((f) => `${quoted(f.name)}: ${typeName(f.type)}${f.mutability ? ` ${f.mutability}` : ""}`);
  return `struct ${quoted(struct.name)}${struct.gc ? " gc" : ""} { ${fields.join(", ")} }\n`;
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

/** The names the printer gives the blocks of graph (`block0` is the start), in the printer's order; the return and except blocks have none. */
export function llBlockNames(graph: LLGraph): ReadonlyMap<LLBlock, string> {
  const blocks = graph.iterBlocks().filter((b) => b !== graph.returnblock && b !== graph.exceptblock);
  return new Map(blocks.map((b, i) => [b, `block${i}`]));
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
  const blockNames = llBlockNames(graph);
  const blocks = [...blockNames.keys()];
  const target = (link: LLLink) => {
    const args = link.args.map(value).join(", ");
    if (link.target === graph.returnblock) return `return ${args}`;
    if (link.target === graph.exceptblock) return `raise ${args}`;
    return `${blockNames.get(link.target)}(${args})`;
  };
  // The caught exception's type is the one of the input argument it is passed to, or the graph's
  // exception type; written only when it is another (the parser, parse-llgraph.ts, reads it back).
  const caught = (link: LLLink, v: LLVariable) => {
    const i = link.args.indexOf(v);
    const implied = i >= 0 ? link.target.inputargs[i]!.type : graph.exceptblock.inputargs[0]!.type;
    return v.type === implied ? name(v) : typed(v);
  };
  const hints = graph.jitHints.length > 0 ? ` jit[${graph.jitHints.join(", ")}]` : "";
  const lines = [`graph ${graph.name}(${graph.startblock.inputargs.map(typed).join(", ")}) -> ${typeName(graph.resultType)}${hints}`];
  for (const block of blocks) {
    lines.push(`${blockNames.get(block)}(${block.inputargs.map(typed).join(", ")}):`);
    for (const op of block.operations) {
      const pos = op.pos ? `  @${op.pos.line}:${op.pos.column}` : "";
      const operand = (a: LLValue, i: number) => {
        if (!(a instanceof LLConstant)) return value(a);
        const implied = impliedOperandType(op.opname, i, (j) => op.args[j]?.type, (j) => (op.args[j] instanceof LLConstant ? op.args[j].value : undefined), op.result.type);
        // By name: the text tells types apart by name only (function types are made per use).
        const shown = implied ?? literalType(a);
        return shown !== undefined && typeName(shown) === typeName(a.type) ? value(a) : `${value(a)}: ${typeName(a.type)}`;
      };
      lines.push(`  ${typed(op.result)} = ${op.opname}(${op.args.map(operand).join(", ")})${pos}`);
    }
    const exits = block.exits;
    const sw = block.exitswitch;
    if (sw === null) {
      lines.push(`  ${exits[0]!.target === graph.returnblock || exits[0]!.target === graph.exceptblock ? "" : "goto "}${target(exits[0]!)}`);
    } else if (sw === LL_LAST_EXCEPTION) {
      lines.push(`  ok -> ${target(exits[0]!)}`);
      for (const link of exits.slice(1)) lines.push(`  catch ${link.caught ? caught(link, link.caught) : "?"} -> ${target(link)}`);
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
