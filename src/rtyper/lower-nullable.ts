/**
 * Comparisons with undefined and null, the truth of values that may be undefined or null, and
 * non-null assertions (rnullable.ts says how such values are held).
 */

import type { Some } from "../annotator/bookkeeper.js";
import { LLConstant, type LLGraph, type LLValue } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Bool, PtrType, Signed, Void, type LLType } from "../llir/lltype.js";
import { callGraph, type Lowering } from "./lower-common.js";
import { INT, type Repr } from "./rmodel.js";
import { FloatBoxRepr, NULL_OBJECT, NULL_WORD, NullableRepr, UNDEFINED_WORD } from "./rnullable.js";
import { StringRepr } from "./rstr.js";
import type { HighLevelOp, RTyper } from "./rtyper.js";

const NULL = 1;
const UNDEFINED = 2;

/** Whether value (held in repr) is the nullish value kind (NULL or UNDEFINED). */
function isNullish(hop: HighLevelOp, value: LLValue, repr: Repr, kind: number): LLValue {
  if (repr instanceof NullableRepr) return hop.genop("int_eq", [value, new LLConstant(kind === NULL ? NULL_WORD : UNDEFINED_WORD, Signed)], Bool, "isnull");
  if (kind === UNDEFINED) return hop.genop("ptr_iszero", [value], Bool, "isundef");
  return hop.genop("ptr_eq", [value, new LLConstant(NULL_OBJECT, value.type)], Bool, "isnull");
}

/**
 * `x === undefined`, `x !== null`, `x == null` ...: undefined when neither operand is a constant
 * undefined or null (then the comparison is of two values).
 */
export function compareWithNullish(hop: HighLevelOp, opname: string): LLValue | undefined {
  const [sa, sb] = hop.argsS as [Some, Some];
  const side = sb.kind === "none" ? 0 : sa.kind === "none" ? 1 : -1;
  if (side < 0) return undefined;
  const none = side === 0 ? sb : sa;
  const valueS = hop.argsS[side]!;
  const loose = opname.startsWith("loose_");
  const negate = opname.endsWith("ne");
  const wanted = loose ? NULL | UNDEFINED : none.empty;
  let result: LLValue;
  if (valueS.kind === "none") {
    result = new LLConstant(loose || (valueS.empty & wanted) !== 0, Bool);
  } else {
    // Only the nullish values the value may hold need a test.
    const tests: LLValue[] = [];
    const repr = hop.argsR[side]!;
    const value = hop.input(side, repr);
    for (const kind of [UNDEFINED, NULL]) if (wanted & kind & valueS.empty) tests.push(isNullish(hop, value, repr, kind));
    result = tests.length === 0 ? new LLConstant(false, Bool) : tests.length === 1 ? tests[0]! : hop.genop("bool_or", [tests[0]!, tests[1]!], Bool, "nullish");
  }
  if (!negate) return result;
  if (result instanceof LLConstant) return new LLConstant(!result.value, Bool);
  return hop.genop("bool_not", [result], Bool);
}

/** `a === b` where one is an int, bool or char that may be undefined or null: compared as words. */
export function compareNullableWords(hop: HighLevelOp, opname: string): LLValue | undefined {
  const [a, b] = hop.argsR as [Repr, Repr];
  const nullable = a instanceof NullableRepr ? a : b instanceof NullableRepr ? b : undefined;
  if (!nullable || !(opname === "eq" || opname === "ne")) return undefined;
  return hop.genop(opname === "eq" ? "int_eq" : "int_ne", [hop.input(0, nullable), hop.input(1, nullable)], Bool);
}

/** ToBoolean of a value that may be undefined or null; undefined if the operand is not one. */
export function nullableTruth(hop: HighLevelOp, i: number): LLValue | undefined {
  const s = hop.argsS[i]!;
  const repr = hop.argsR[i]!;
  if (repr instanceof NullableRepr) {
    const value = hop.input(i, repr);
    if (repr.base === INT) {
      // Neither 0 nor a sentinel: the sentinels lie outside ±2^53.
      const inRange = hop.genop("int_between", [new LLConstant(-(2 ** 53), Signed), value, new LLConstant(2 ** 53 + 1, Signed)], Bool);
      const nonZero = hop.genop("int_ne", [value, new LLConstant(0, Signed)], Bool);
      return hop.genop("bool_and", [inRange, nonZero], Bool, "truth");
    }
    if (repr.name === "bool?") return hop.genop("int_eq", [value, new LLConstant(1, Signed)], Bool, "truth");
    return hop.genop("int_between", [new LLConstant(0, Signed), value, new LLConstant(0x10000, Signed)], Bool, "truth");
  }
  if (s.empty === 0) return undefined;
  if (repr instanceof StringRepr) {
    // Not nullish and not empty: the length may only be read once the pointer is known good.
    return callGraph(hop, nullableStringTruth(hop.rtyper, repr.lowleveltype), [hop.input(i, repr)], "truth");
  }
  if (repr instanceof FloatBoxRepr) throw hop.error("the truth of a number that may be undefined or null is not supported by the rtyper yet; compare with undefined first");
  if (!(repr.lowleveltype instanceof PtrType)) return undefined;
  const value = hop.input(i, repr);
  const nonZero = hop.genop("ptr_nonzero", [value], Bool, "truth");
  if (!(s.empty & NULL)) return nonZero;
  const notNull = hop.genop("ptr_ne", [value, new LLConstant(NULL_OBJECT, value.type)], Bool);
  return hop.genop("bool_and", [nonZero, notNull], Bool, "truth");
}

function nullableStringTruth(rtyper: RTyper, type: LLType): LLGraph {
  return rtyper.helperGraph("ll_str_truth", () => {
    const b = new LLGraphBuilder("ll_str_truth", [type], Bool);
    const s = b.args[0]!;
    const result = b.local(Bool, new LLConstant(false, Bool), "truth");
    const present = b.op("bool_and", [b.op("ptr_nonzero", [s], Bool), b.op("ptr_ne", [s, new LLConstant(NULL_OBJECT, type)], Bool)], Bool);
    b.ifThen(present, () => {
      const length = b.op("getinteriorarraysize", [s, new LLConstant("chars", Void)], Signed, "length");
      b.set(result, b.op("int_ne", [length, new LLConstant(0, Signed)], Bool));
    });
    b.returnValue(b.get(result));
    return b.build();
  });
}

/** `x!`: stops the program when x is undefined or null (JavaScript would go on with undefined). */
export const nonNull: Lowering = (hop) => {
  const repr = hop.argsR[0]!;
  const value = hop.input(0, repr);
  if (repr instanceof NullableRepr) hop.genop("check_defined", [value], Void);
  else if (repr.lowleveltype instanceof PtrType && hop.argsS[0]!.empty !== 0) hop.genop("check_nonnull", [value], Void);
  return hop.convertValue(value, repr, hop.resultR);
};
