/**
 * What the names of LL text resolve to besides what the text declares (parse-llgraph.ts): the
 * types, functions and prebuilt objects of a program. For a round trip, collected from the
 * graphs whose text is parsed.
 */

import { LLConstant, LL_LAST_EXCEPTION, type LLGraph, type LLPrebuilt, type LLValue } from "./llgraph.js";
import { ArrayType, FuncType, PtrType, StructType, typeName, type LLType } from "./lltype.js";
import { formatLLConstant } from "./print-llgraph.js";

/** What the names of a text resolve to, besides what it declares. */
export interface LLParseEnvironment {
  /** Types by their printed name (typeName): `STR`, `inst_Error`, `Ptr(Func(Signed) -> Signed)`. */
  readonly types?: ReadonlyMap<string, LLType>;
  /**
   * Functions and prebuilt objects by their printed form: `<fn parseDigit>`, `<str "end">`. One
   * form may name several (helpers specialised per type share a name, long strings are cut):
   * the first whose type fits where it stands is taken.
   */
  readonly constants?: ReadonlyMap<string, readonly LLConstant[]>;
  /** The type of the exception a graph raises (the rtyper's Ptr(object)). */
  readonly exceptionType?: LLType;
}

/**
 * The environment of a round trip: every type, function and prebuilt object that the graphs (and
 * the types and prebuilt objects they reach) name, by printed name (the first type of a name wins).
 */
export function collectLLParseEnvironment(graphs: Iterable<LLGraph>): LLParseEnvironment {
  const types = new Map<string, LLType>();
  const constants = new Map<string, LLConstant[]>();
  let exceptionType: LLType | undefined;
  const pendingTypes: LLType[] = [];
  const addType = (t: LLType) => {
    if (!types.has(typeName(t))) {
      types.set(typeName(t), t);
      pendingTypes.push(t);
    }
  };
  const seenPrebuilt = new Set<LLPrebuilt>();
  const pendingConstants: LLConstant[] = [];
  const addValue = (v: LLValue) => {
    addType(v.type);
    if (v instanceof LLConstant) pendingConstants.push(v);
  };
  for (const graph of graphs) {
    exceptionType ??= graph.exceptblock.inputargs[0]!.type;
    for (const block of graph.iterBlocks()) {
      block.inputargs.forEach(addValue);
      for (const op of block.operations) {
        op.args.forEach(addValue);
        addValue(op.result);
      }
      for (const link of block.exits) link.args.forEach(addValue);
      if (block.exitswitch !== null && block.exitswitch !== LL_LAST_EXCEPTION) addValue(block.exitswitch);
    }
  }
  for (;;) {
    const c = pendingConstants.pop();
    if (c) {
      const v = c.value;
      if (typeof v !== "object" || v === null) continue;
      if (v.kind === "function" || v.kind === "prebuilt") {
        const key = formatLLConstant(c);
        const known = constants.get(key) ?? constants.set(key, []).get(key)!;
        if (!known.some((k) => k.value === v)) known.push(c);
      }
      if (v.kind === "prebuilt") {
        addType(v.type);
        if (!seenPrebuilt.has(v)) {
          seenPrebuilt.add(v);
          for (const f of v.fields.values()) addValue(f);
          v.items.forEach(addValue);
        }
      } else if (v.kind !== "function" && v.kind !== "symbolic") {
        addType(v);
      }
      continue;
    }
    const t = pendingTypes.pop();
    if (!t) break;
    if (t instanceof PtrType) addType(t.to);
    else if (t instanceof StructType) t.fields.forEach((f) => addType(f.type));
    else if (t instanceof ArrayType) addType(t.item);
    else if (t instanceof FuncType) [...t.args, t.result].forEach(addType);
  }
  return { types, constants, exceptionType };
}
