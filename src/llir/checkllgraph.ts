/**
 * The LL graph verifier: the invariants stated in llgraph.ts, and every operation against its
 * signature in the operation table (lloperation.ts: operand and result types, constants where
 * the table wants them, a call's arguments against the function's type). Run on every graph in
 * tests, after every pass; a failure is an internal error of the rtyper, of a pass or of a
 * hand-built helper, never a user's.
 *
 * A message names the graph, the block and the operation as the printer writes them
 * (print-llgraph.ts), and what was expected against what is there:
 *   internal error: LL graph f: block1: v_2: Signed = int_add(x_0, 1.5): operand 2 is Float, int_add takes Signed
 */

import { LLConstant, LLGraph, LLVariable, LL_CATCH, LL_DEFAULT, LL_LAST_EXCEPTION, type LLBlock, type LLLink, type LLOperation, type LLValue } from "./llgraph.js";
import { llOpInfo, memberType, type LLOpInfo, type LLPlace } from "./lloperation.js";
import { Bool, Char, FuncType, PRIMITIVES, Ptr, PtrType, Signed, StructType, Void, typeName, widened, type LLType } from "./lltype.js";
import { formatLLConstant, llBlockNames, llVariableNames } from "./print-llgraph.js";

export function checkLLGraph(graph: LLGraph): void {
  // The printer's names, made only for a message (naming prints the graph).
  let names: { variables: ReadonlyMap<LLVariable, string>; blocks: ReadonlyMap<LLBlock, string> } | undefined;
  const named = () => (names ??= { variables: llVariableNames(graph), blocks: llBlockNames(graph) });
  const name = (v: LLVariable) => named().variables.get(v) ?? v.hint;
  const show = (v: LLValue) => (v instanceof LLVariable ? name(v) : formatLLConstant(v));
  const blockName = (b: LLBlock) => (b === graph.returnblock ? "return" : b === graph.exceptblock ? "raise" : named().blocks.get(b));
  /** Where the check is: the block, then the operation or the exit, as the printer writes them. */
  let where = (): string => "";
  const fail = (message: string): never => {
    throw new Error(`internal error: LL graph ${graph.name}: ${where()}${message}`);
  };
  const exceptionType = graph.exceptblock.inputargs[0]!.type;
  const defined = new Set<LLVariable>();
  for (const block of graph.iterBlocks()) {
    where = () => `${blockName(block)}: `;
    const local = new Set<LLVariable>();
    const define = (v: LLVariable) => {
      if (defined.has(v)) fail(`${name(v)} is defined twice`);
      defined.add(v);
      local.add(v);
    };
    const use = (v: LLValue, user: string) => {
      if (v instanceof LLVariable && !local.has(v)) fail(`${user} uses ${name(v)}, which its block does not define`);
      if (!(v instanceof LLVariable) && !(v instanceof LLConstant)) fail(`${user} uses something that is not a value`);
    };
    block.inputargs.forEach(define);
    for (const op of block.operations) {
      where = () => `${blockName(block)}: ${name(op.result)}: ${typeName(op.result.type)} = ${op.opname}(${op.args.map(show).join(", ")}): `;
      op.args.forEach((a) => use(a, op.opname));
      const problem = signatureProblem(op, llOpInfo(op.opname));
      if (problem !== undefined) fail(problem);
      define(op.result);
    }
    where = () => `${blockName(block)}: `;
    const isFinal = block === graph.returnblock || block === graph.exceptblock;
    if (isFinal !== (block.exits.length === 0)) fail(isFinal ? "a final block has exits" : "a block has no exits");
    if (block.exitswitch !== null && block.exitswitch !== LL_LAST_EXCEPTION) use(block.exitswitch, "the exitswitch");
    if (block.exitswitch === null && !isFinal && block.exits.length !== 1) fail("a block without exitswitch has several exits");
    const exitsProblem = exitswitchProblem(block, exceptionType, show);
    if (exitsProblem !== undefined) fail(exitsProblem);
    for (const link of block.exits) {
      where = () => `${blockName(block)}: the exit to ${blockName(link.target)}: `;
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

/** What is wrong with the shape of a block's exits against its exitswitch, or undefined. */
function exitswitchProblem(block: LLBlock, exceptionType: LLType, show: (v: LLValue) => string): string | undefined {
  const sw = block.exitswitch;
  const exits = block.exits;
  const caughtAt = exits.findIndex((l) => l.caught !== null || l.exitcase === LL_CATCH);
  if (sw !== LL_LAST_EXCEPTION && caughtAt >= 0) return `exit ${caughtAt + 1} catches an exception, but the block does not end with LAST_EXCEPTION`;
  if (sw === null) return undefined;
  if (sw === LL_LAST_EXCEPTION) {
    const last = block.operations[block.operations.length - 1];
    if (last === undefined || !llOpInfo(last.opname).canRaise) return `the exitswitch is LAST_EXCEPTION, but the block's last operation (${last?.opname ?? "none"}) cannot raise`;
    const normal = exits[0];
    if (normal === undefined || normal.exitcase !== null || normal.caught !== null) return "the first exit after LAST_EXCEPTION is not the normal one";
    for (const [i, link] of exits.entries()) {
      if (i === 0) continue;
      if (link.exitcase !== LL_CATCH) return `exit ${i + 1} after LAST_EXCEPTION is not a catch`;
      if (link.caught !== null && !catches(link.caught.type, exceptionType)) {
        return `the caught exception ${show(link.caught)} is ${typeName(link.caught.type)}, not the graph's exception type ${typeName(exceptionType)} or a pointer to a struct extending it`;
      }
    }
    return undefined;
  }
  const cases = exits.map((l) => l.exitcase);
  if (sw.type === Bool) {
    if (cases.length !== 2 || cases[0] !== false || cases[1] !== true) return `the exitswitch ${show(sw)} is Bool: its exits are false then true, not ${cases.map(describeCase).join(", ")}`;
    return undefined;
  }
  if (sw.type !== Signed && sw.type !== Char) return `the exitswitch ${show(sw)} is ${typeName(sw.type)}, a switch is Bool, Signed or Char`;
  const seen = new Set<number>();
  for (const [i, c] of cases.entries()) {
    if (c === LL_DEFAULT && i === cases.length - 1) continue;
    if (typeof c !== "number" || !Number.isInteger(c)) return `the exitswitch ${show(sw)} is ${typeName(sw.type)}: exit ${i + 1}'s case is ${describeCase(c)}, not an integer (or a default last)`;
    if (seen.has(c)) return `the exitswitch ${show(sw)} has the case ${c} twice`;
    seen.add(c);
  }
  return undefined;
}

/**
 * Whether a caught variable of type caught may hold an exception of the graph: the exception type
 * itself, or a pointer to a struct that nests the exception's struct first (a subclass instance:
 * the handler catches what the annotator proved is raised, Error and its subclasses).
 */
function catches(caught: LLType, exceptionType: LLType): boolean {
  if (caught === exceptionType) return true;
  if (!(caught instanceof PtrType) || !(exceptionType instanceof PtrType)) return false;
  for (let struct: LLType | undefined = caught.to; struct instanceof StructType; struct = struct.fields[0]?.type) {
    if (struct === exceptionType.to) return true;
    if (!struct.gc) return false;
  }
  return false;
}

function describeCase(c: LLLink["exitcase"]): string {
  return c === LL_DEFAULT ? "default" : c === LL_CATCH ? "catch" : String(c);
}

/** Whether two types are the same; function types are made per use, so they compare by their signature. */
function sameType(a: LLType, b: LLType): boolean {
  if (a === b) return true;
  if (a instanceof PtrType && b instanceof PtrType && a.to instanceof FuncType && b.to instanceof FuncType) {
    const f = a.to;
    const g = b.to;
    return f.args.length === g.args.length && f.args.every((t, i) => sameType(t, g.args[i]!)) && sameType(f.result, g.result);
  }
  return false;
}

function isType(value: unknown): value is LLType {
  return typeof value === "object" && value !== null && "kind" in value && ["primitive", "struct", "array", "ptr", "func"].includes((value as { kind: string }).kind);
}

function isFunctionConstant(v: LLValue): boolean {
  return v instanceof LLConstant && typeof v.value === "object" && v.value !== null && "kind" in v.value && v.value.kind === "function";
}

/** What is wrong with op against its signature in the table, or undefined. */
function signatureProblem(op: LLOperation, info: LLOpInfo): string | undefined {
  const fixed = info.args.length;
  if (info.variadic ? op.args.length < fixed : op.args.length !== fixed) {
    return `${op.opname} takes ${info.variadic ? "at least " : ""}${fixed} operands, has ${op.args.length}`;
  }
  const bound = new Map<string, LLType>();
  // The constant types come first: `type:T` fixes T wherever it stands.
  for (const [i, place] of info.argPlaces.entries()) {
    if (place.kind !== "type") continue;
    const a = op.args[i]!;
    if (!(a instanceof LLConstant) || !isType(a.value) || a.type !== Void) {
      return `operand ${i + 1} is ${describeValue(a)}, ${op.opname} takes a constant LL type`;
    }
    if (place.binds !== undefined) bound.set(place.binds, widened(a.value));
  }
  const nameAt = info.argPlaces.findIndex((p) => p.kind === "name");
  const memberName = nameAt >= 0 ? (op.args[nameAt] as LLConstant).value : undefined;
  const pointee = op.args[0]?.type instanceof PtrType ? op.args[0].type.to : undefined;
  /** The problem with value (of type) at place, which is described as what. */
  const check = (place: LLPlace, type: LLType, value: LLValue | undefined, what: string): string | undefined => {
    // The two halves of a message, built only for one.
    const is = () => `${what} is ${value === undefined ? typeName(type) : describeValue(value)}`;
    const takes = () => `${op.opname} ${value === undefined ? "gives" : "takes"}`;
    switch (place.kind) {
      case "types": {
        const ok = place.names.some((n) => PRIMITIVES.find((p) => p.name === n) === type);
        return ok ? undefined : `${is()}, ${takes()} ${place.names.join(" or ")}`;
      }
      case "any":
        return undefined;
      case "ptr":
        return type instanceof PtrType ? undefined : `${is()}, ${takes()} a pointer`;
      case "name":
        return value instanceof LLConstant && typeof value.value === "string" && value.type === Void ? undefined : `${is()}, ${takes()} a constant field name`;
      case "type":
        return undefined; // checked above
      case "fn":
        return value !== undefined && isFunctionConstant(value) && type instanceof PtrType && type.to instanceof FuncType ? undefined : `${is()}, ${takes()} a function constant`;
      case "fnptr":
        return type instanceof PtrType && type.to instanceof FuncType ? undefined : `${is()}, ${takes()} a function pointer`;
      case "var": {
        const known = bound.get(place.name);
        if (known === undefined) {
          // The first place written T fixes T.
          if (!place.pointer) bound.set(place.name, type);
          else if (type instanceof PtrType) bound.set(place.name, type.to);
          else return `${is()}, ${takes()} a pointer`;
          return undefined;
        }
        if (place.pointer && known.kind !== "struct" && known.kind !== "array" && known.kind !== "func") return `${is()}, ${takes()} a pointer to ${typeName(known)}, which is no container`;
        const expected = place.pointer ? Ptr(known as Parameters<typeof Ptr>[0]) : known;
        return sameType(type, expected) ? undefined : `${is()}, ${takes()} ${typeName(expected)} there`;
      }
      case "field":
      case "item":
      case "itemfield": {
        if (pointee === undefined) return undefined; // operand 1's own problem
        if (nameAt >= 0 && typeof memberName !== "string") return undefined; // the name operand's own problem
        const member = memberType(place.kind, pointee, memberName as string | undefined);
        if ("problem" in member) return `${is()}, but ${member.problem}`;
        const what = place.kind === "field" ? `field ${String(memberName)} of ${typeName(pointee)}` : place.kind === "item" ? `an item of ${typeName(pointee)}` : `field ${String(memberName)} of the items of ${typeName(pointee)}`;
        return sameType(type, member.type) ? undefined : `${is()}, ${what} is ${typeName(member.type)}`;
      }
      case "result": {
        if (!(pointee instanceof FuncType)) return undefined; // operand 1's own problem
        return sameType(type, pointee.result) ? undefined : `${is()}, the function returns ${typeName(pointee.result)}`;
      }
    }
  };
  for (const [i, place] of info.argPlaces.entries()) {
    const a = op.args[i]!;
    const problem = check(place, a.type, a, `operand ${i + 1}`);
    if (problem !== undefined) return problem;
  }
  if (info.tail === "args" && pointee instanceof FuncType) {
    const args = op.args.slice(fixed);
    if (args.length !== pointee.args.length) return `the function takes ${pointee.args.length} arguments, ${op.opname} passes ${args.length}`;
    for (const [j, a] of args.entries()) {
      if (!sameType(a.type, pointee.args[j]!)) return `operand ${fixed + j + 1} is ${describeValue(a)}, the function's parameter ${j + 1} is ${typeName(pointee.args[j]!)}`;
    }
  }
  return check(info.resultPlace, op.result.type, undefined, "the result");
}

function describeValue(v: LLValue): string {
  return v instanceof LLConstant && v.type === Void ? `the constant ${formatLLConstant(v)}` : typeName(v.type);
}
