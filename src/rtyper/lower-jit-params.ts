/**
 * `driver.setParam(name, value)` and `driver.setUserParam(text)` (the `jit_hint` operations with
 * no names; src/annotator/jit-set-param.ts checked them). setParam becomes `jit_set_param` with
 * the parameter's index in src/lib/jit-params.ts JIT_PARAMETERS and the value, enable_opts as
 * its pass mask, computed here from the constant string as RPython computes it for a constant.
 * setUserParam becomes a call of the runtime helper jitSetUserParam, which parses the text and
 * gives whether it was well formed.
 */

import { LLConstant, type LLValue } from "../llir/llgraph.js";
import { Signed, Void } from "../llir/lltype.js";
import { P_ENABLE_OPTS, enableOptsMask, jitParameterIndex } from "../lib/jit-params.js";
import { callRtsHelper, operands } from "./lower-common.js";
import { INT } from "./rmodel.js";
import type { HighLevelOp } from "./rtyper.js";

/** The operands of the hint: driver, hint name, names, then the call's arguments. */
const FIRST_ARGUMENT = 3;

/** Lowers setParam or setUserParam; gives setUserParam's result. */
export function lowerJitParamHint(hop: HighLevelOp, hint: "setParam" | "setUserParam"): LLValue | undefined {
  if (hint === "setUserParam") {
    const [text] = operands(hop, FIRST_ARGUMENT);
    const { value, repr } = callRtsHelper(hop, "jitSetUserParam", [hop.argsS[FIRST_ARGUMENT]!], [text!]);
    return hop.convertValue(value, repr, hop.resultR);
  }
  const nameS = hop.argsS[FIRST_ARGUMENT]!;
  const index = nameS.const === undefined ? -1 : jitParameterIndex(String(nameS.const.value));
  if (index < 0) throw hop.error("setParam(): the parameter's name must be a constant string naming a JIT parameter");
  let value: LLValue;
  if (index === P_ENABLE_OPTS) {
    const valueS = hop.argsS[FIRST_ARGUMENT + 1]!;
    const mask = valueS.const === undefined ? -1 : enableOptsMask(String(valueS.const.value));
    if (mask < 0) throw hop.error("setParam(): enable_opts takes a constant string of the optimizer's passes");
    value = new LLConstant(mask, Signed);
  } else {
    value = hop.input(FIRST_ARGUMENT + 1, INT);
  }
  hop.genop("jit_set_param", [new LLConstant(index, Signed), value], Void);
  return undefined;
}
