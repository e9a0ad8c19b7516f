/**
 * The LL interpreter's elementary float functions (lloperation.ts's float_sin ... float_pow),
 * done with the host's Math, whose results the translated program must reproduce.
 */

import type { LLOpHandlers } from "./lloperation.js";
import type { SourcePos } from "./llgraph.js";
import type { LLValue } from "./llgraph.js";
import type { LLInterpreter, LLRuntimeValue } from "./llinterp.js";

type OpImpl = (interp: LLInterpreter, args: LLRuntimeValue[], operands: readonly LLValue[], pos: SourcePos | undefined) => LLRuntimeValue;

const unary = (f: (x: number) => number): OpImpl => (_, [a]) => f(a as number);
const binary = (f: (x: number, y: number) => number): OpImpl => (_, [a, b]) => f(a as number, b as number);

export const MATH_OPS = {
  float_sin: unary(Math.sin),
  float_cos: unary(Math.cos),
  float_tan: unary(Math.tan),
  float_atan: unary(Math.atan),
  float_atan2: binary(Math.atan2),
  float_exp: unary(Math.exp),
  float_log: unary(Math.log),
  float_log2: unary(Math.log2),
  float_log10: unary(Math.log10),
  float_pow: binary(Math.pow),
} satisfies Partial<LLOpHandlers<OpImpl>>;
