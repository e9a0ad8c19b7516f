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
import { llOpInfo } from "./lloperation.js";
import { ArrayType, Bool, Float, FuncType, PRIMITIVES, PtrType, Signed, StructType, Void, fieldType, typeName, widened, type LLType } from "./lltype.js";

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
  const sig = llOpInfo(opname).args[i];
  const primitive = PRIMITIVES.find((p) => p.name === sig);
  if (primitive) return primitive;
  if (sig === "name" || sig === "type") return Void;
  const target = i > 0 ? typeOf(0) : undefined;
  const struct = target instanceof PtrType ? target.to : undefined;
  if (sig === undefined) return struct instanceof FuncType ? struct.args[i - 1] : undefined; // a call's arguments
  if (sig === "ptr" && (opname === "ptr_eq" || opname === "ptr_ne")) return typeOf(1 - i);
  if (sig !== "any") return undefined;
  const name = valueOf(1);
  // A field the struct does not have implies nothing (the verifier judges the rest).
  let field: LLType | undefined;
  try {
    field = struct instanceof StructType && typeof name === "string" ? fieldType(struct, name) : undefined;
  } catch {
    field = undefined;
  }
  switch (opname) {
    case "setfield":
      return field && widened(field);
    case "setarrayitem":
      return struct instanceof ArrayType ? widened(struct.item) : undefined;
    case "setinteriorfield":
      return field instanceof ArrayType ? widened(field.item) : undefined;
    case "raw_store": {
      const type = valueOf(0);
      return typeof type === "object" && type !== null && ["primitive", "struct", "array", "ptr", "func"].includes(type.kind) ? (type as LLType) : undefined;
    }
    case "same_as":
    case "jit_promote":
      return resultType;
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
  // The caught exception's type is the one of the input argument it is passed to, or the graph's
  // exception type; written only when it is another (the parser, parse-llgraph.ts, reads it back).
  const caught = (link: LLLink, v: LLVariable) => {
    const i = link.args.indexOf(v);
    const implied = i >= 0 ? link.target.inputargs[i]!.type : graph.exceptblock.inputargs[0]!.type;
    return v.type === implied ? name(v) : typed(v);
  };
  const lines = [`graph ${graph.name}(${graph.startblock.inputargs.map(typed).join(", ")}) -> ${typeName(graph.resultType)}`];
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
