/**
 * The lowering of Math: each function of the annotator's Math table with JavaScript's exact
 * semantics. floor, ceil, trunc and round of a float give an int (the annotator's choice): the
 * conversion stops the program when the result is NaN or infinite, and -0 becomes 0. min and max
 * follow JavaScript on NaN (the result is NaN) and on zeros (min(0, -0) is -0). The elementary
 * functions are LL float operations (float_sin, float_pow, ...: libm in native code; pow keeps
 * JavaScript's cases where C's differs, see lloperation.ts). Math.random is a runtime helper
 * written in RTS (src/runtime/math-random.ts: xorshift128+, seeded from the clocks).
 */

import type { LLOpName } from "../llir/lloperation.js";
import { LLConstant, type LLGraph, type LLValue } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Bool, Float, Signed, type LLType } from "../llir/lltype.js";
import { callGraph, callRtsHelper, int32, isInt, type BuiltinLowering, type BuiltinLowerings, type Lowering } from "./lower-common.js";
import { FLOAT, INT } from "./rmodel.js";
import type { HighLevelOp, RTyper } from "./rtyper.js";

const float = (x: number) => new LLConstant(x, Float);
const int = (n: number) => new LLConstant(n, Signed);

/** A result computed as a float, held as the operation's result says (an int for floor and friends). */
function result(hop: HighLevelOp, value: LLValue): LLValue {
  if (isInt(hop.resultR)) return hop.genop("cast_float_to_int", [value], Signed);
  return hop.convertValue(value, FLOAT, hop.resultR);
}

/** floor, ceil, trunc: an int is its own result. */
function rounding(opname: LLOpName): BuiltinLowering {
  return (hop, first) => {
    if (isInt(hop.repr(first))) return hop.convertValue(hop.input(first, INT), INT, hop.resultR);
    return result(hop, hop.genop(opname, [hop.input(first, FLOAT)], Float));
  };
}

/** A helper graph with branches, built once per translation (RTyper.helperGraph). */
function helperGraph(rtyper: RTyper, name: string, args: LLType[], resultType: LLType, build: (b: LLGraphBuilder, args: LLValue[]) => void): LLGraph {
  return rtyper.helperGraph(name, () => {
    const b = new LLGraphBuilder(name, args, resultType);
    build(b, b.args);
    return b.build();
  });
}

/** Math.round: floor(x), plus one when the fraction is at least one half (so -2.5 gives -2, 0.49999999999999994 gives 0). */
function roundGraph(rtyper: RTyper): LLGraph {
  return helperGraph(rtyper, "ll_math_round", [Float], Float, (b, [x]) => {
    const floor = b.op("float_floor", [x!], Float, "floor");
    const fraction = b.op("float_sub", [x!, floor], Float, "fraction");
    b.ifThen(b.op("float_ge", [fraction, float(0.5)], Bool), () => b.returnValue(b.op("float_add", [floor, float(1)], Float)));
    b.returnValue(floor);
  });
}

/** Math.sign: 1 or -1, and x itself for 0, -0 and NaN. */
function signGraph(rtyper: RTyper): LLGraph {
  return helperGraph(rtyper, "ll_math_sign", [Float], Float, (b, [x]) => {
    b.ifThen(b.op("float_gt", [x!, float(0)], Bool), () => b.returnValue(float(1)));
    b.ifThen(b.op("float_lt", [x!, float(0)], Bool), () => b.returnValue(float(-1)));
    b.returnValue(x!);
  });
}

/** min or max of two ints. */
function intMinMaxGraph(rtyper: RTyper, max: boolean): LLGraph {
  return helperGraph(rtyper, max ? "ll_int_max" : "ll_int_min", [Signed, Signed], Signed, (b, [x, y]) => {
    b.ifThen(b.op(max ? "int_gt" : "int_lt", [x!, y!], Bool), () => b.returnValue(x!));
    b.returnValue(y!);
  });
}

/** min or max of two floats: NaN if either is, and -0 below 0. */
function floatMinMaxGraph(rtyper: RTyper, max: boolean): LLGraph {
  return helperGraph(rtyper, max ? "ll_float_max" : "ll_float_min", [Float, Float], Float, (b, [x, y]) => {
    b.ifThen(b.op("float_ne", [x!, x!], Bool), () => b.returnValue(x!));
    b.ifThen(b.op("float_ne", [y!, y!], Bool), () => b.returnValue(y!));
    b.ifThen(b.op(max ? "float_gt" : "float_lt", [x!, y!], Bool), () => b.returnValue(x!));
    b.ifThen(b.op(max ? "float_lt" : "float_gt", [x!, y!], Bool), () => b.returnValue(y!));
    // Equal: only the zeros differ, by the sign of 1 / x.
    const inverse = b.op("float_truediv", [float(1), x!], Float);
    b.ifThen(b.op(max ? "float_gt" : "float_lt", [inverse, float(0)], Bool), () => b.returnValue(x!));
    b.returnValue(y!);
  });
}

function minMax(max: boolean): BuiltinLowering {
  return (hop, first) => {
    const repr = isInt(hop.resultR) ? INT : FLOAT;
    const graph = repr === INT ? intMinMaxGraph(hop.rtyper, max) : floatMinMaxGraph(hop.rtyper, max);
    let value = hop.input(first, repr);
    for (let i = first + 1; i < hop.op.args.length; i++) value = callGraph(hop, graph, [value, hop.input(i, repr)], max ? "max" : "min");
    return hop.convertValue(value, repr, hop.resultR);
  };
}

/** A float function of the arguments: one LL operation. */
function floatOp(opname: LLOpName): BuiltinLowering {
  return (hop, first) => {
    const args: LLValue[] = [];
    for (let i = first; i < hop.op.args.length; i++) args.push(hop.input(i, FLOAT));
    return result(hop, hop.genop(opname, args, Float));
  };
}

/**
 * Math.imul: the low 32 bits of the product of the ToInt32 of both, signed. Multiplied by 16-bit
 * halves, so that every intermediate is exact (below 2^34).
 */
const imul: BuiltinLowering = (hop, first) => {
  const unsigned = (i: number) => hop.genop("int_to_uint32", [int32(hop, i)], Signed);
  const a = unsigned(first);
  const b = unsigned(first + 1);
  const low = (v: LLValue) => hop.genop("int_and", [v, int(0xffff)], Signed);
  const high = (v: LLValue) => hop.genop("uint_rshift", [v, int(16)], Signed);
  const mul = (x: LLValue, y: LLValue) => hop.genop("int_mul", [x, y], Signed);
  const add = (x: LLValue, y: LLValue) => hop.genop("int_add", [x, y], Signed);
  const cross = add(mul(high(a), low(b)), mul(low(a), high(b)));
  const shifted = hop.genop("int_lshift", [low(cross), int(16)], Signed);
  return hop.genop("int_to_int32", [add(mul(low(a), low(b)), shifted)], Signed);
};

export const MATH_LOWERINGS: BuiltinLowerings = {
  calls: {
    "Math.floor": rounding("float_floor"),
    "Math.ceil": rounding("float_ceil"),
    "Math.trunc": rounding("float_trunc"),
    "Math.round": (hop, first) => {
      if (isInt(hop.repr(first))) return hop.convertValue(hop.input(first, INT), INT, hop.resultR);
      return result(hop, callGraph(hop, roundGraph(hop.rtyper), [hop.input(first, FLOAT)], "round"));
    },
    "Math.abs": (hop, first) => {
      if (isInt(hop.repr(first)) && isInt(hop.resultR)) return hop.genop("int_abs", [hop.input(first, INT)], Signed);
      return result(hop, hop.genop("float_abs", [hop.input(first, FLOAT)], Float));
    },
    "Math.sign": (hop, first) => result(hop, callGraph(hop, signGraph(hop.rtyper), [hop.input(first, FLOAT)], "sign")),
    "Math.sqrt": floatOp("float_sqrt"),
    "Math.sin": floatOp("float_sin"),
    "Math.cos": floatOp("float_cos"),
    "Math.tan": floatOp("float_tan"),
    "Math.atan": floatOp("float_atan"),
    "Math.exp": floatOp("float_exp"),
    "Math.log": floatOp("float_log"),
    "Math.log2": floatOp("float_log2"),
    "Math.log10": floatOp("float_log10"),
    "Math.atan2": floatOp("float_atan2"),
    "Math.pow": floatOp("float_pow"),
    "Math.min": minMax(false),
    "Math.max": minMax(true),
    "Math.imul": imul,
    "Math.random": (hop) => {
      const { value, repr } = callRtsHelper(hop, "mathRandom", [], []);
      return hop.convertValue(value, repr, hop.resultR);
    },
  },
};

/** x ** y (always a float, as Math.pow). */
export const power: Lowering = (hop) => result(hop, hop.genop("float_pow", [hop.input(0, FLOAT), hop.input(1, FLOAT)], Float));
