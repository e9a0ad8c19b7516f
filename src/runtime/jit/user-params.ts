/**
 * driver.setUserParam(text) in translated programs (src/rtyper/lower-jit-params.ts calls it):
 * RPython's set_user_param. Gives whether the text is well formed (src/lib/jit-params.ts
 * parseUserParams: off, default, name=value items separated by commas); when it is, each
 * parameter the text sets is set as setParam sets it (`jitSetParam`, the `jit_set_param`
 * operation; RPython's set_user_param calls set_param per item). The parameters belong to the
 * whole JIT (RPython's set_param with driver None).
 *
 * Where the operation sets them: `rts run --llinterp --jit` (the JIT's LL interpreter applies
 * it to the running JIT). A translated binary has no JIT yet (issue 16 part 2 compiles traces in
 * binaries): there jit_set_param is a no-op, as it is in the LL interpreter without the JIT.
 */

import { JIT_PARAMETERS, JitParams, PARAM_NOT_SET, parseUserParams } from "../../lib/jit-params.js";
import { jitSetParam } from "rts/system";

/** Whether text is a well-formed setting of the JIT's parameters; if so, they are set. */
export function jitSetUserParam(text: string): boolean {
  const params = new JitParams();
  for (let i = 0; i < JIT_PARAMETERS.length; i++) params.set(i, PARAM_NOT_SET);
  if (!parseUserParams(text, params)) return false;
  for (let i = 0; i < JIT_PARAMETERS.length; i++) {
    const value = params.get(i);
    // the values are integers (the text's decimal integers, pass masks), annotated float: JitParams holds any number
    if (value !== PARAM_NOT_SET) jitSetParam(i, Math.floor(value));
  }
  return true;
}
