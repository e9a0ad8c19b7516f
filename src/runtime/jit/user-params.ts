/**
 * driver.setUserParam(text) in translated programs (src/rtyper/lower-jit-params.ts calls it):
 * RPython's set_user_param. Gives whether the text is well formed (src/lib/jit-params.ts
 * parseUserParams: off, default, name=value items separated by commas).
 *
 * A translated binary has no JIT yet (issue 16 part 2 compiles traces in binaries), so there are
 * no parameters to set: the text is checked and nothing else happens, as setParam's
 * jit_set_param is a no-op in ahead-of-time code. When the JIT's runtime is in the binary, this
 * applies the text to its JitParams, which belong to the whole JIT (RPython's set_param with
 * driver None).
 */

import { parseUserParams } from "../../lib/jit-params.js";

/** Whether text is a well-formed setting of the JIT's parameters. */
export function jitSetUserParam(text: string): boolean {
  return parseUserParams(text, null);
}
