/**
 * `driver.setParam(name, value)` and `driver.setUserParam(text)` (src/lib/jitdriver.ts), the
 * `jit_hint` operations with no names: RPython's set_param and set_user_param. The parameters
 * are the whole JIT's (RPython's set_param with driver None), so the driver only has to be one.
 *
 * setParam's name must be a constant string naming a parameter (src/lib/jit-params.ts): the
 * rtyper lowers it to `jit_set_param` with the parameter's index. Its value is an integer, or for
 * enable_opts a constant string of passes, which the rtyper turns into their mask (RPython
 * computes the same at translation time for a constant). setUserParam takes any string and
 * gives whether it was well formed.
 */

import type { OpContext } from "./context.js";
import { integerAdvice } from "./rule-helpers.js";
import type { Some } from "./bookkeeper.js";
import { EMPTY_UNDEFINED, describe, someBool, someNone } from "./model.js";
import { JIT_PARAMETERS, P_ENABLE_OPTS, enableOptsMask, jitParameterIndex } from "../lib/jit-params.js";
import { JitDriver } from "../lib/jitdriver.js";
import type { FrozenDesc } from "./bookkeeper.js";

const NAMES = () => JIT_PARAMETERS.map((p) => p.name).join(", ");

/** The constant string s holds, or undefined when s is not one. */
function constantText(s: Some): string | undefined {
  if ((s.kind !== "string" && s.kind !== "char") || s.empty !== 0 || s.const === undefined) return undefined;
  return String(s.const.value);
}

/**
 * Why a method call on s is not setParam or setUserParam of a driver, when s is a JitDriver
 * reached through a value (a field, a parameter): the frontend takes those calls as the hint
 * only on the driver itself, a module-level constant, so that a program's own methods of these
 * common names stay calls.
 */
export function heldDriverCall(s: Some, name: string): string | undefined {
  if ((name !== "setParam" && name !== "setUserParam") || s.kind !== "pbc" || s.descKind !== "frozen") return undefined;
  if (![...s.descs].every((d) => (d as FrozenDesc).live instanceof JitDriver)) return undefined;
  return `${name}() must be called on the JitDriver itself (the module-level constant made with new JitDriver), not on a value holding it: the translator reads the call there`;
}

/** The annotation of setParam or setUserParam on driver with the call's arguments. */
export function jitParamHint(ctx: OpContext, driver: JitDriver, hint: "setParam" | "setUserParam", args: Some[]): Some {
  const which = `JitDriver ${driver.name}: ${hint}()`;
  if (hint === "setUserParam") {
    const text = args[0]!;
    if ((text.kind !== "string" && text.kind !== "char") || text.empty !== 0) {
      return ctx.fail(`${which} takes a string (such as "threshold=3,trace_eagerness=2"), not ${describe(text)}`, text);
    }
    return someBool();
  }
  const [nameS, valueS] = args as [Some, Some];
  const name = constantText(nameS);
  if (name === undefined) {
    return ctx.fail(`${which}: the parameter's name must be a constant string (one of ${NAMES()}), not ${describe(nameS)}`, nameS);
  }
  const index = jitParameterIndex(name);
  if (index < 0) return ctx.fail(`${which}: "${name}" is not a JIT parameter (${NAMES()})`, nameS);
  if (index === P_ENABLE_OPTS) {
    const passes = constantText(valueS);
    if (passes === undefined || enableOptsMask(passes) < 0) {
      return ctx.fail(`${which}: enable_opts takes a constant string, "all" or the optimizer's passes separated by colons (intbounds:rewrite:virtualize:string:pure:heap:unroll), not ${passes === undefined ? describe(valueS) : JSON.stringify(passes)}`, valueS);
    }
  } else if (valueS.kind !== "int" || valueS.empty !== 0) {
    return ctx.fail(`${which}: ${name} takes an integer, not ${describe(valueS)}${integerAdvice(valueS)}`, valueS);
  }
  return someNone(EMPTY_UNDEFINED);
}
