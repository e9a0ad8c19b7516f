/**
 * The lowering of strings and of the conversions between numbers and strings: String(x) and
 * template literals (stringOf), `+` on strings, comparisons of strings, the methods of strings
 * and chars, String.fromCharCode, the number methods toString/toFixed/toPrecision/toExponential,
 * Number(s), parseInt, parseFloat, isNaN, isFinite and Number.isInteger.
 *
 * The work is done by the LL helper graphs of rstr.ts (on STR) and by the runtime helpers
 * written in RTS (src/runtime/numbers-*.ts, exact as V8 for every double), called from here.
 */

import { LL_COMPARISONS, type LLComparison, type LLOpName } from "../llir/lloperation.js";
import type { Some } from "../annotator/bookkeeper.js";
import { someFloat, someInteger, someString } from "../annotator/model.js";
import { LLConstant, LLOperation, LLVariable, type LLBlock, type LLLink, type LLValue, functionConstant } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Bool, Char, Float, FuncType, Ptr, Signed, Void, type LLType } from "../llir/lltype.js";
import { callGraph, callRtsHelper, isFloat, isInt, type BuiltinLowering, type BuiltinLowerings, type Lowering } from "./lower-common.js";
import { BOOL, CHAR, FLOAT, INT, Repr, RTyperError, VoidRepr } from "./rmodel.js";
import { ListRepr } from "./rlist.js";
import { FloatBoxRepr, NULL_WORD, NullableRepr, UNDEFINED_WORD, nullishPointer } from "./rnullable.js";
import { STR_ARRAY, STRP, StringRepr } from "./rstr.js";
import { caseGraph } from "./rstr-case.js";
import { strEqualGraph, strSwitchEqualGraph } from "./rstr-hash.js";
import type { HighLevelOp, RTyper, RuntimeHelperName } from "./rtyper.js";

const STRING: Some = someString();
const INTEGER: Some = someInteger();
const FLOATING: Some = someFloat();
const int = (n: number) => new LLConstant(n, Signed);

export function stringRepr(rtyper: RTyper): StringRepr {
  return rtyper.reprOf(STRING) as StringRepr;
}

/** Adds one LL operation (to a lowering's list or to a helper graph being built); returns its result. */
type Emit = (opname: LLOpName, args: LLValue[], type: LLType, hint?: string) => LLValue;

/** The direct_call constant of a runtime helper written in RTS that takes one argument. */
function rtsHelperFn(rtyper: RTyper, name: RuntimeHelperName, argS: Some): LLConstant {
  const desc = rtyper.rtsHelper(name, [argS]);
  const graph = desc.graph!;
  const reprOf = (v: (typeof graph.startblock.inputargs)[number]) => rtyper.reprOf(rtyper.annotation(v)).lowleveltype;
  const type = Ptr(new FuncType(graph.startblock.inputargs.map(reprOf), reprOf(graph.returnblock.inputargs[0]!)));
  return new LLConstant(rtyper.functionRef(desc), type);
}

/**
 * value, held in repr (annotated s), as a string exactly as JavaScript's String(value) gives it.
 * Emits its operations with emit, so that helper graphs (join) use it too.
 */
export function stringOfValue(rtyper: RTyper, emit: Emit, value: LLValue, repr: Repr, s: Some | undefined, logged = false): LLValue {
  const strings = stringRepr(rtyper);
  const constant = value instanceof LLConstant ? value.value : undefined;
  if (repr instanceof StringRepr) {
    if (s === undefined || s.empty === 0 || value instanceof LLConstant) return value;
    return emit("direct_call", [functionConstant(nullishStringGraph(strings)), value], STRP, "s");
  }
  if (repr === CHAR) {
    if (typeof constant === "number") return strings.convertConst(String.fromCharCode(constant));
    return emit("direct_call", [functionConstant(strings.charToStringGraph()), value], STRP, "s");
  }
  if (repr === BOOL) {
    if (typeof constant === "boolean") return strings.convertConst(String(constant));
    return emit("direct_call", [functionConstant(strings.boolToStringGraph()), value], STRP, "s");
  }
  if (isInt(repr) || isFloat(repr)) {
    if (typeof constant === "number") return strings.convertConst(logged && Object.is(constant, -0) ? "-0" : String(constant));
    const floatHelper = logged ? "formatFloatForLog" : "formatFloat";
    const helper = isInt(repr) ? rtsHelperFn(rtyper, "formatInt", INTEGER) : rtsHelperFn(rtyper, floatHelper, FLOATING);
    return emit("direct_call", [helper, value], STRP, "s");
  }
  if (repr instanceof VoidRepr && (repr.name === "undefined" || repr.name === "null")) return strings.convertConst(repr.name);
  // A value that does not exist (an item of an array that is never filled, which join() turns
  // into strings in a loop that never runs): any string is right, none is ever made.
  if (repr instanceof VoidRepr && repr.name === "impossible") return strings.convertConst("");
  if (repr instanceof NullableRepr) return emit("direct_call", [functionConstant(nullableWordGraph(rtyper, repr)), value], STRP, "s");
  if (repr instanceof FloatBoxRepr) return emit("direct_call", [functionConstant(floatBoxGraph(rtyper, repr, logged)), value], STRP, "s");
  // Raised where only the representation is known: the rtyper adds the position.
  throw new RTyperError(`String() of ${repr.name} is not supported by the rtyper yet`);
}

/**
 * Operand i as a string (Ptr(STR)), exactly as JavaScript's String(x) gives it; `logged`: as
 * console.log prints it instead (the same, except that a negative zero double prints "-0").
 */
export function stringOf(hop: HighLevelOp, i: number, logged = false): LLValue {
  const repr = hop.repr(i);
  return stringOfValue(hop.rtyper, (o, a, t, h) => hop.genop(o, a, t, h), hop.input(i, repr), repr, hop.argsS[i], logged);
}

/** A string that may be undefined (the null pointer) or null (NULL_OBJECT), as String() gives it. */
function nullishStringGraph(strings: StringRepr) {
  return strings.helper("ll_str_or_nullish", (b) => {
    const s = b.args[0]!;
    b.ifThen(b.op("ptr_iszero", [s], Bool), () => b.returnValue(strings.convertConst("undefined")));
    b.ifThen(b.op("ptr_eq", [s, nullishPointer(null, STRP)!], Bool), () => b.returnValue(strings.convertConst("null")));
    b.returnValue(s);
  }, [STRP], STRP);
}

/** String() of an int, bool or char that may be undefined or null (a Signed with two sentinels). */
function nullableWordGraph(rtyper: RTyper, repr: NullableRepr) {
  const strings = stringRepr(rtyper);
  return strings.helper(`ll_str_of_${repr.base.name}_or_nullish`, (b) => {
    const v = b.args[0]!;
    b.ifThen(b.op("int_eq", [v, int(UNDEFINED_WORD)], Bool), () => b.returnValue(strings.convertConst("undefined")));
    b.ifThen(b.op("int_eq", [v, int(NULL_WORD)], Bool), () => b.returnValue(strings.convertConst("null")));
    const base = repr.base === INT ? v : repr.base === BOOL ? b.op("int_ne", [v, int(0)], Bool) : b.op("cast_int_to_char", [v], Char);
    b.returnValue(stringOfValue(rtyper, (o, a, t, h) => b.op(o, a, t, h), base, repr.base, undefined));
  }, [Signed], STRP);
}

/** String() of a float that may be undefined or null (a pointer to a box). */
function floatBoxGraph(rtyper: RTyper, repr: FloatBoxRepr, logged: boolean) {
  const strings = stringRepr(rtyper);
  return strings.helper(logged ? "ll_log_of_float_or_nullish" : "ll_str_of_float_or_nullish", (b) => {
    const box = b.args[0]!;
    b.ifThen(b.op("ptr_iszero", [box], Bool), () => b.returnValue(strings.convertConst("undefined")));
    b.ifThen(b.op("ptr_eq", [box, nullishPointer(null, repr.lowleveltype)!], Bool), () => b.returnValue(strings.convertConst("null")));
    const x = b.op("getfield", [box, new LLConstant("value", Void)], Float, "x");
    b.returnValue(stringOfValue(rtyper, (o, a, t, h) => b.op(o, a, t, h), x, FLOAT, undefined, logged));
  }, [repr.lowleveltype], STRP);
}

// ---- operators

/** a + b where one of them is a string or a char: the concatenation of their String()s. */
export const concatenate: Lowering = (hop) => {
  const a = stringOf(hop, 0);
  const b = stringOf(hop, 1);
  return callGraph(hop, stringRepr(hop.rtyper).concatGraph(), [a, b], "s");
};

const textual = (r: Repr) => r instanceof StringRepr || r === CHAR;

/**
 * A comparison (lt, le, gt, ge, eq, ne) of two texts at least one of which is a string, or
 * undefined when the operands are something else. Strings compare by UTF-16 code units.
 */
export function compareStrings(hop: HighLevelOp, name: LLComparison): LLValue | undefined {
  const [a, b] = hop.argsR as [Repr, Repr];
  if (!textual(a) || !textual(b) || (a === CHAR && b === CHAR)) return undefined;
  const strings = stringRepr(hop.rtyper);
  if (name === "eq" || name === "ne") {
    // A char against a string: the string is that one code unit; no string is made.
    const equal =
      a === CHAR || b === CHAR
        ? callGraph(hop, strings.equalsCharGraph(), a === CHAR ? [hop.input(1, strings), hop.input(0, CHAR)] : [hop.input(0, strings), hop.input(1, CHAR)], "eq")
        : callGraph(hop, strEqualGraph(hop.rtyper), [hop.input(0, strings), hop.input(1, strings)], "eq");
    return name === "eq" ? equal : hop.genop("bool_not", [equal], Bool);
  }
  const cmp = callGraph(hop, strings.compareGraph(), [stringOf(hop, 0), stringOf(hop, 1)], "cmp");
  return hop.genop(LL_COMPARISONS.int[name], [cmp, int(0)], Bool);
}

/**
 * A switch on a string (RTyper.lowerExits): the block ends with a call of a helper that gives
 * the index of the matching case (-1 for none), and the exits switch on that index. Any other
 * exitswitch is returned as it is.
 */
export function switchOnString(rtyper: RTyper, block: LLBlock, exitswitch: LLBlock["exitswitch"], exits: LLLink[], cases: unknown[]): LLBlock["exitswitch"] {
  if (!(exitswitch instanceof LLVariable || exitswitch instanceof LLConstant) || exitswitch.type !== STRP) return exitswitch;
  const strings = stringRepr(rtyper);
  const keys = cases.filter((c): c is string => typeof c === "string");
  const graph = strings.helper(
    "ll_str_switch",
    (b) => {
      // undefined and null match no case; then a loop over the cases (a table of the keys: code
      // of one size whatever their number), each of the subject's length compared by one call
      const s = b.args[0]!;
      b.ifThen(b.op("ptr_iszero", [s], Bool, "undef"), () => b.returnValue(int(-1)));
      b.ifThen(b.op("ptr_eq", [s, nullishPointer(null, STRP)!], Bool, "isnull"), () => b.returnValue(int(-1)));
      const n = b.op("getinteriorarraysize", [s, new LLConstant("chars", Void)], Signed, "n");
      const table = new LLConstant({ kind: "prebuilt", type: STR_ARRAY, name: "ll_str_switch keys", fields: new Map(), items: keys.map((key) => strings.convertConst(key)) }, Ptr(STR_ARRAY));
      b.forRange(
        int(0),
        int(keys.length),
        (k) => {
          const key = b.op("getarrayitem", [table, k], STRP, "key");
          const m = b.op("getinteriorarraysize", [key, new LLConstant("chars", Void)], Signed, "m");
          b.ifThen(b.op("int_eq", [n, m], Bool), () => {
            const equal = b.op("direct_call", [functionConstant(strSwitchEqualGraph(rtyper)), s, key], Bool);
            b.ifThen(equal, () => b.returnValue(k));
          });
        },
        Signed,
      );
      b.returnValue(int(-1));
    },
    [STRP],
    Signed,
    JSON.stringify(keys),
  );
  const index = new LLVariable(Signed, "case");
  block.operations.push(new LLOperation("direct_call", [functionConstant(graph), exitswitch], index, undefined));
  exits.forEach((link, i) => {
    const c = cases[i];
    if (typeof c === "string") link.exitcase = keys.indexOf(c);
  });
  return index;
}

// ---- methods

/** Operand i as an int, or the given default when the call does not pass it. */
function intArg(hop: HighLevelOp, i: number, fallback: () => LLValue): LLValue {
  return i < hop.op.args.length ? hop.input(i, INT) : fallback();
}

/** The receiver (operand 0, a string or a char) as a string. */
const receiver = (hop: HighLevelOp) => stringOf(hop, 0);

function strLength(hop: HighLevelOp, s: LLValue): LLValue {
  return hop.genop("getinteriorarraysize", [s, new LLConstant("chars", Void)], Signed, "length");
}

/** A method whose helper takes the receiver, a string argument and an int position (defaulting to a function of the receiver). */
function searchMethod(graph: (s: StringRepr) => ReturnType<StringRepr["helper"]>, position: (hop: HighLevelOp, s: LLValue) => LLValue): BuiltinLowering {
  return (hop, first) => {
    const s = receiver(hop);
    const sub = stringOf(hop, first);
    const at = intArg(hop, first + 1, () => position(hop, s));
    return callGraph(hop, graph(stringRepr(hop.rtyper)), [s, sub, at]);
  };
}

const atStart = () => int(0);
const atEnd = (hop: HighLevelOp, s: LLValue) => strLength(hop, s);

function rangeMethod(graph: (s: StringRepr) => ReturnType<StringRepr["helper"]>): BuiltinLowering {
  return (hop, first) => {
    const s = receiver(hop);
    const start = intArg(hop, first, () => int(0));
    const end = intArg(hop, first + 1, () => strLength(hop, s));
    return callGraph(hop, graph(stringRepr(hop.rtyper)), [s, start, end], "s");
  };
}

function unaryMethod(graph: (s: StringRepr) => ReturnType<StringRepr["helper"]>): BuiltinLowering {
  return (hop) => callGraph(hop, graph(stringRepr(hop.rtyper)), [receiver(hop)], "s");
}

/** padStart/padEnd(length, fill = " ") */
function padMethod(atStart: boolean): BuiltinLowering {
  return (hop, first) => {
    const strings = stringRepr(hop.rtyper);
    const s = receiver(hop);
    const target = hop.input(first, INT);
    const fill = first + 1 < hop.op.args.length ? stringOf(hop, first + 1) : strings.convertConst(" ");
    return callGraph(hop, padGraph(strings, atStart), [s, target, fill], "s");
  };
}

/** pad(s, length, fill): fill repeated and cut to make s length long, before or after s. */
function padGraph(strings: StringRepr, atStart: boolean) {
  return strings.helper(atStart ? "ll_pad_start" : "ll_pad_end", (b) => {
    const [s, target, fill] = b.args as [LLValue, LLValue, LLValue];
    const chars = new LLConstant("chars", Void);
    const n = b.op("getinteriorarraysize", [s, chars], Signed, "n");
    const fl = b.op("getinteriorarraysize", [fill, chars], Signed, "fl");
    b.ifThen(b.op("int_le", [target, n], Bool), () => b.returnValue(s));
    b.ifThen(b.op("int_eq", [fl, int(0)], Bool), () => b.returnValue(s));
    const missing = b.op("int_sub", [target, n], Signed, "missing");
    const times = b.op("int_add", [b.op("int_floordiv", [missing, fl], Signed), int(1)], Signed);
    const repeated = b.op("direct_call", [functionConstant(strings.repeatGraph()), fill, times], STRP);
    const padding = b.op("direct_call", [functionConstant(strings.substrGraph()), repeated, int(0), missing], STRP);
    const parts = atStart ? [padding, s] : [s, padding];
    b.returnValue(b.op("direct_call", [functionConstant(strings.concatGraph()), ...parts], STRP));
  }, [STRP, Signed, STRP], STRP);
}

/** s.split(sep) */
const split: BuiltinLowering = (hop, first) => {
  const list = hop.resultR;
  if (!(list instanceof ListRepr)) throw hop.error(`split() into ${list.name} is not supported by the rtyper yet`);
  return callGraph(hop, stringRepr(hop.rtyper).splitGraph(list), [receiver(hop), stringOf(hop, first)], "parts");
};

/** s.concat(a, b, ...): s + String(a) + String(b) ... */
const concatMethod: BuiltinLowering = (hop, first) => {
  const graph = stringRepr(hop.rtyper).concatGraph();
  let result = receiver(hop);
  for (let i = first; i < hop.op.args.length; i++) result = callGraph(hop, graph, [result, stringOf(hop, i)], "s");
  return result;
};

/** s.codePointAt(i): the code point of a surrogate pair starting at i, else the code unit. */
const codePointAt: BuiltinLowering = (hop, first) => {
  const strings = stringRepr(hop.rtyper);
  const s = receiver(hop);
  const index = hop.input(first, INT);
  hop.genop("check_index", [index, strLength(hop, s)], Void);
  return callGraph(hop, codePointGraph(strings), [s, index], "cp");
};

function codePointGraph(strings: StringRepr) {
  return strings.helper("ll_code_point_at", (b) => {
    const [s, i] = b.args as [LLValue, LLValue];
    const chars = new LLConstant("chars", Void);
    const unit = (at: LLValue) => b.op("cast_char_to_int", [b.op("getinteriorfield", [s, chars, at], Char)], Signed);
    const hi = unit(i);
    const next = b.op("int_add", [i, int(1)], Signed);
    const isHigh = b.op("int_between", [int(0xd800), hi, int(0xdc00)], Bool);
    const hasNext = b.op("int_lt", [next, b.op("getinteriorarraysize", [s, chars], Signed)], Bool);
    b.ifThen(b.op("bool_and", [isHigh, hasNext], Bool), () => {
      const lo = unit(next);
      b.ifThen(b.op("int_between", [int(0xdc00), lo, int(0xe000)], Bool), () => {
        const high = b.op("int_mul", [b.op("int_sub", [hi, int(0xd800)], Signed), int(0x400)], Signed);
        b.returnValue(b.op("int_add", [b.op("int_add", [high, b.op("int_sub", [lo, int(0xdc00)], Signed)], Signed), int(0x10000)], Signed));
      });
    });
    b.returnValue(hi);
  }, [STRP, Signed], Signed);
}

/** array.join(sep = ","): the String() of each item (a string[] is joined in place). */
const join: BuiltinLowering = (hop, first) => {
  const list = hop.repr(0);
  if (!(list instanceof ListRepr)) throw hop.error(`join() of ${list.name} is not supported by the rtyper yet`);
  const strings = stringRepr(hop.rtyper);
  const sep = first < hop.op.args.length ? stringOf(hop, first) : strings.convertConst(",");
  const value = hop.input(0, list);
  const length = hop.genop("getfield", [value, new LLConstant("length", Void)], Signed, "length");
  if (list.item instanceof StringRepr && !mayBeNullish(hop, list)) {
    const items = hop.genop("getfield", [value, new LLConstant("items", Void)], list.itemsType, "items");
    return callGraph(hop, strings.joinGraph(list.itemsArray), [items, length, sep], "s");
  }
  const texts = callGraph(hop, itemStringsGraph(hop, list), [value], "texts");
  return callGraph(hop, strings.joinGraph(STR_ARRAY), [texts, length, sep], "s");
};

function mayBeNullish(hop: HighLevelOp, list: ListRepr): boolean {
  const s = hop.argsS[0]!;
  return s.kind === "list" && s.listdef.item.empty !== 0 && list.item instanceof StringRepr;
}

/**
 * The String() of each item of a list, in a new array of strings; for join(), where undefined
 * and null items are "" rather than "undefined" and "null".
 */
function itemStringsGraph(hop: HighLevelOp, list: ListRepr) {
  const strings = stringRepr(hop.rtyper);
  const itemS = (hop.argsS[0] as Some & { kind: "list" }).listdef.item;
  return strings.helper(`ll_item_strings_${list.name}`, (b) => {
    const value = b.args[0]!;
    const n = b.op("getfield", [value, new LLConstant("length", Void)], Signed, "n");
    const items = b.op("getfield", [value, new LLConstant("items", Void)], list.itemsType, "items");
    const texts = b.op("malloc_varsize", [new LLConstant(STR_ARRAY, Void), n], Ptr(STR_ARRAY), "texts");
    const emit: Emit = (o, a, t, h) => b.op(o, a, t, h);
    b.forRange(int(0), n, (i) => {
      const item = b.op("getarrayitem", [items, i], list.item.lowleveltype, "item");
      const text = b.local(STRP, strings.convertConst(""), "text");
      const store = () => b.set(text, stringOfValue(hop.rtyper, emit, item, list.item, itemS));
      if (itemS.empty === 0) store();
      else b.ifThen(nullishTest(b, item, list.item), () => undefined, store);
      b.op("setarrayitem", [texts, i, b.get(text)], Void);
    }, Signed);
    b.returnValue(texts);
  }, [list.lowleveltype], Ptr(STR_ARRAY));
}

/** Whether a value of a nullable representation is undefined or null. */
function nullishTest(b: LLGraphBuilder, value: LLValue, repr: Repr): LLValue {
  if (repr instanceof NullableRepr) {
    const isUndefined = b.op("int_eq", [value, int(UNDEFINED_WORD)], Bool);
    return b.op("bool_or", [isUndefined, b.op("int_eq", [value, int(NULL_WORD)], Bool)], Bool);
  }
  const isZero = b.op("ptr_iszero", [value], Bool);
  return b.op("bool_or", [isZero, b.op("ptr_eq", [value, nullishPointer(null, repr.lowleveltype)!], Bool)], Bool);
}

// ---- numbers and strings

/** A call of a runtime helper whose result is the operation's result. */
function helper(hop: HighLevelOp, name: RuntimeHelperName, argsS: Some[], args: { value: LLValue; repr: Repr }[]): LLValue {
  const { value, repr } = callRtsHelper(hop, name, argsS, args);
  return hop.convertValue(value, repr, hop.resultR);
}

/** Operand i as a float. */
const floatArg = (hop: HighLevelOp, i: number) => ({ value: hop.input(i, FLOAT), repr: FLOAT as Repr });
const intValue = (value: LLValue) => ({ value, repr: INT as Repr });
const stringArg = (hop: HighLevelOp, i: number) => ({ value: stringOf(hop, i), repr: stringRepr(hop.rtyper) as Repr });

/** x.toFixed(digits = 0), x.toPrecision(p) (String(x) without p), x.toExponential(digits?) */
function numberFormat(name: RuntimeHelperName, withoutArgument: RuntimeHelperName, fallback?: number): BuiltinLowering {
  return (hop, first) => {
    if (first < hop.op.args.length || fallback !== undefined) {
      const digits = intArg(hop, first, () => int(fallback!));
      return helper(hop, name, [FLOATING, INTEGER], [floatArg(hop, 0), intValue(digits)]);
    }
    return helper(hop, withoutArgument, [FLOATING], [floatArg(hop, 0)]);
  };
}

/** x.toString(radix?): radix 10 (or none) is String(x). */
const numberToString: BuiltinLowering = (hop, first) => {
  if (first >= hop.op.args.length) return stringOf(hop, 0);
  return helper(hop, "formatRadix", [FLOATING, INTEGER], [floatArg(hop, 0), intValue(hop.input(first, INT))]);
};

/** Number(x) */
const toNumber: BuiltinLowering = (hop, first) => {
  const repr = hop.repr(first);
  if (isInt(repr) || isFloat(repr)) return hop.input(first, FLOAT);
  if (repr === BOOL) return hop.genop("cast_int_to_float", [hop.genop("cast_bool_to_int", [hop.input(first, BOOL)], Signed)], Float);
  return helper(hop, "stringToNumber", [STRING], [stringArg(hop, first)]);
};

/** isNaN(x), isFinite(x), Number.isInteger(x) of an int are constants; of a float, tests. */
function numberTest(ofInt: boolean, ofFloat: (hop: HighLevelOp, x: LLValue) => LLValue): BuiltinLowering {
  return (hop, first) => (isInt(hop.repr(first)) ? new LLConstant(ofInt, Bool) : ofFloat(hop, hop.input(first, FLOAT)));
}

// x - x is 0 for finite x, NaN for NaN and the infinities; x - trunc(x) also for integers.
const finite = (hop: HighLevelOp, x: LLValue) => hop.genop("float_eq", [hop.genop("float_sub", [x, x], Float), new LLConstant(0, Float)], Bool);
const integral = (hop: HighLevelOp, x: LLValue) =>
  hop.genop("float_eq", [hop.genop("float_sub", [x, hop.genop("float_trunc", [x], Float)], Float), new LLConstant(0, Float)], Bool);

// An integral x with |x| <= 2^53 - 1 (NaN fails both tests).
const safeInteger = (hop: HighLevelOp, x: LLValue) =>
  hop.genop("bool_and", [integral(hop, x), hop.genop("float_le", [hop.genop("float_abs", [x], Float), new LLConstant(2 ** 53 - 1, Float)], Bool)], Bool);

/** The code unit at index (bounds checked: JavaScript's NaN or "" past the end are not supported). */
function unitAt(hop: HighLevelOp, index: LLValue): LLValue {
  const s = hop.input(0, stringRepr(hop.rtyper));
  hop.genop("check_index", [index, strLength(hop, s)], Void);
  return hop.genop("getinteriorfield", [s, new LLConstant("chars", Void), index], Char, "c");
}

const STRING_METHODS: Record<string, BuiltinLowering> = {
  charCodeAt: (hop, first) => hop.genop("cast_char_to_int", [unitAt(hop, intArg(hop, first, () => int(0)))], Signed),
  charAt: (hop, first) => unitAt(hop, hop.input(first, INT)),
  indexOf: searchMethod((s) => s.indexOfGraph(), atStart),
  lastIndexOf: searchMethod((s) => s.lastIndexOfGraph(), atEnd),
  includes: (hop, first) => hop.genop("int_ge", [searchMethod((s) => s.indexOfGraph(), atStart)(hop, first)!, int(0)], Bool),
  startsWith: searchMethod((s) => s.startsWithGraph(), atStart),
  endsWith: searchMethod((s) => s.endsWithGraph(), atEnd),
  slice: rangeMethod((s) => s.sliceGraph()),
  substring: rangeMethod((s) => s.substringGraph()),
  toUpperCase: unaryMethod((s) => caseGraph(s, true)),
  toLowerCase: unaryMethod((s) => caseGraph(s, false)),
  trim: unaryMethod((s) => s.trimGraph(true, true)),
  trimStart: unaryMethod((s) => s.trimGraph(true, false)),
  trimEnd: unaryMethod((s) => s.trimGraph(false, true)),
  repeat: (hop, first) => callGraph(hop, stringRepr(hop.rtyper).repeatGraph(), [receiver(hop), hop.input(first, INT)], "s"),
  padStart: padMethod(true),
  padEnd: padMethod(false),
  split,
  concat: concatMethod,
  codePointAt,
};

/** A char receiver: charCodeAt and charAt read the code unit itself; the rest as of a string. */
const CHAR_METHODS: Record<string, BuiltinLowering> = {
  ...STRING_METHODS,
  charCodeAt: (hop, first) => {
    if (first < hop.op.args.length) hop.genop("check_index", [hop.input(first, INT), int(1)], Void);
    return hop.genop("cast_char_to_int", [hop.input(0, CHAR)], Signed);
  },
  charAt: (hop, first) => {
    hop.genop("check_index", [hop.input(first, INT), int(1)], Void);
    return hop.input(0, CHAR);
  },
};

export const STRING_LOWERINGS: BuiltinLowerings = {
  calls: {
    String: (hop, first) => stringOf(hop, first),
    "String.fromCharCode": (hop, first) => hop.genop("cast_int_to_char", [hop.input(first, INT)], Char),
    Number: toNumber,
    parseFloat: (hop, first) => helper(hop, "parseFloatPrefix", [STRING], [stringArg(hop, first)]),
    parseInt: (hop, first) => helper(hop, "parseIntRadix", [STRING, INTEGER], [stringArg(hop, first), intValue(intArg(hop, first + 1, () => int(0)))]),
    isNaN: numberTest(false, (hop, x) => hop.genop("float_ne", [x, x], Bool)),
    isFinite: numberTest(true, finite),
    "Number.isInteger": numberTest(true, integral),
    "Number.isNaN": numberTest(false, (hop, x) => hop.genop("float_ne", [x, x], Bool)),
    "Number.isFinite": numberTest(true, finite),
    "Number.isSafeInteger": numberTest(true, safeInteger),
  },
  methods: {
    ...Object.fromEntries(Object.entries(STRING_METHODS).map(([name, lower]) => [`string.${name}`, lower])),
    ...Object.fromEntries(Object.entries(CHAR_METHODS).map(([name, lower]) => [`char.${name}`, lower])),
    "array.join": join,
    "number.toString": numberToString,
    "number.toFixed": numberFormat("toFixed", "toFixed", 0),
    "number.toPrecision": numberFormat("toPrecision", "formatFloat"),
    "number.toExponential": numberFormat("toExponential", "toExponentialShortest"),
  },
  attrs: {
    "char.length": () => int(1),
  },
};
