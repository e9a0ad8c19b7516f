/**
 * Annotation rules for calls: simple_call (a function value: functions of the program, which
 * get their arguments through the annotator, or builtins of the table), call_method (methods of
 * instances, which reach every override in the subclasses; static methods; builtin methods of
 * strings, arrays, Maps, ...), new, super(...), super.method(...), and the JIT hints.
 */

import { Constant } from "../frontend/model.js";
import { ClassDesc, FrozenDesc, FunctionDesc, type Some } from "./bookkeeper.js";
import { CALLBACK_METHODS } from "../frontend/arrow.js";
import { BUILTINS, BUILTIN_CONSTRUCTORS, UNSUPPORTED, receiverName } from "./builtins.js";
import { CALLBACK_BUILTINS, isArrow } from "./builtins-callbacks.js";
import { readAttr } from "./classdef.js";
import type { OpContext } from "./context.js";
import { EMPTY_UNDEFINED, describe, someImpossible, someInstance, someNone } from "./model.js";
import { liveAcross } from "./jit-liveness.js";
import { heldDriverCall, jitParamHint } from "./jit-set-param.js";
import type { JitDriver } from "../lib/jitdriver.js";
import { namespaceAttribute } from "./rules-access.js";
import { constName, constantOf, requirePresent, textual, type Rule } from "./rule-helpers.js";

/** A call of a function value: functions of the program, or builtins. */
function callValue(ctx: OpContext, fn: Some, args: Some[], self: Some | undefined): Some {
  requirePresent(ctx, fn, "calling");
  switch (fn.kind) {
    case "pbc": {
      if (fn.descKind === "class") return ctx.fail(`a class is called with new: new ${[...fn.descs][0]!.name}(...)`);
      if (fn.descKind !== "function") return ctx.fail(`${describe(fn)} is not callable`);
      let result: Some = someImpossible();
      for (const desc of fn.descs) {
        result = ctx.union(result, ctx.callFunction(desc as FunctionDesc, args), "the results of the functions called here");
      }
      return result;
    }
    case "builtin": {
      const entry = BUILTINS[fn.name];
      if (!entry) return ctx.fail(`${fn.name}() is not supported in RTS${UNSUPPORTED[fn.name] ? `; ${UNSUPPORTED[fn.name]}` : ""}`);
      return entry.rule(ctx, args, self ?? fn.self);
    }
    default:
      return ctx.fail(`${describe(fn)} is not a function: it cannot be called`, fn);
  }
}

export const simpleCall: Rule = (ctx, [fn, ...args]) => callValue(ctx, fn!, args, undefined);

export const callMethod: Rule = (ctx, [obj, , ...args]) => {
  const name = constName(ctx.op, 1);
  const s = obj!;
  requirePresent(ctx, s, `calling ${name}() on`);
  if (args.some(isArrow) && !(receiverName(s) === "array" && CALLBACK_BUILTINS[`array.${name}`])) {
    return ctx.fail(
      `an arrow function given to ${describe(s)}.${name}() would be a closure, which RTS does not have: RTS has arrows only as the callback of ` +
        `an array method (${CALLBACK_METHODS}); declare a module-level function and pass it, with what it uses as arguments`,
    );
  }
  switch (s.kind) {
    case "instance":
      return callInstanceMethod(ctx, s, name, args);
    case "pbc": {
      if (s.descKind === "class" && s.descs.size === 1) {
        const desc = [...s.descs][0] as ClassDesc;
        const fn = (desc.live as unknown as Record<string, unknown>)[name];
        if (typeof fn === "function") return callValue(ctx, constantOf(ctx, fn), args, undefined);
      }
      return ctx.fail(heldDriverCall(s, name) ?? `${describe(s)} has no method ${name}()`);
    }
    case "builtin":
      return callValue(ctx, namespaceAttribute(ctx, s.name, name), args, undefined);
    case "tuple":
      return ctx.fail(
        `${describe(s)} is a tuple (an array literal whose items have different types): it has no method ${name}(); ` +
          "an array that changes needs items of one type",
      );
    default: {
      const receiver = receiverName(s);
      const entry = receiver ? BUILTINS[`${receiver}.${name}`] : undefined;
      if (!entry) {
        const hint = receiver ? UNSUPPORTED[`${receiver}.${name}`] : undefined;
        return ctx.fail(`${describe(s)} has no method ${name}() in RTS${hint ? `; ${hint}` : ""}`);
      }
      return entry.rule(ctx, args, s);
    }
  }
};

/** obj.name(args) on an instance: the method its class reaches and every override below it. */
function callInstanceMethod(ctx: OpContext, s: Some & { kind: "instance" }, name: string, args: Some[]): Some {
  const desc = s.classdef.desc as ClassDesc | null;
  if (!desc) return ctx.fail(`${describe(s)} has no method ${name}()`);
  ctx.bk.registerMethodCall(desc, ctx.place);
  let result: Some = someImpossible();
  let found = false;
  const inherited = ctx.bk.findMethod(desc, name);
  if (inherited) {
    found = true;
    result = ctx.callFunction(inherited, [someInstance(s.classdef), ...args]);
  }
  for (const sub of ctx.bk.subclassesOf(desc)) {
    const override = sub.methods.get(name);
    if (!override) continue;
    found = true;
    result = ctx.union(result, ctx.callFunction(override, [someInstance(sub.classdef), ...args]), `the results of the ${name}() methods`);
  }
  if (found) return result;
  const accessor = ctx.bk.accessorOf(desc, name);
  if (accessor) return ctx.fail(`'${name}' is a ${accessor.getter ? "getter" : "setter"}, which RTS does not have; make it a method`);
  // A field holding a function value, called as a function; reading it registers this block,
  // which is reflowed if the field is set later.
  const field = readAttr(s.classdef, name, ctx.place, ctx.reflow);
  if (field.kind === "pbc" && field.descKind === "function") return callValue(ctx, field, args, undefined);
  if (field.kind === "impossible" || field.kind === "unionError") return ctx.fail(`${describe(s)} has no method ${name}()`);
  return ctx.fail(`${s.classdef.name}.${name} is a field holding ${describe(field)}, not a method: it cannot be called`);
}

export const newInstance: Rule = (ctx, [cls, ...args]) => {
  if (cls!.kind === "builtin") {
    const entry = BUILTIN_CONSTRUCTORS[cls!.name];
    const hint = UNSUPPORTED[`new ${cls!.name}`];
    if (!entry) return ctx.fail(`new ${cls!.name}() is not supported in RTS${hint ? `; ${hint}` : ""}`);
    return entry.rule(ctx, args, undefined);
  }
  if (cls!.kind !== "pbc" || cls!.descKind !== "class" || cls!.descs.size !== 1) return ctx.fail(`${describe(cls!)} is not a class`);
  const desc = [...cls!.descs][0] as ClassDesc;
  const instance = someInstance(desc.classdef);
  ctx.bk.markInstantiated(desc.classdef);
  construct(ctx, desc, instance, args);
  return instance;
};

/** Runs the constructor of desc (its own, or the builtin Error's) on instance. */
function construct(ctx: OpContext, desc: ClassDesc, instance: Some, args: Some[]): void {
  if (desc.constructorDesc) {
    ctx.callFunction(desc.constructorDesc, [instance, ...args]);
    return;
  }
  // A builtin Error: new Error(message?)
  if (args.length > 1 || (args[0] && !textual(args[0]))) {
    ctx.fail(`new ${desc.name}() takes a message string${args[0] ? `, got ${describe(args[0])}` : ""}`);
  }
}

export const superCall: Rule = (ctx, [self, base, ...args]) => {
  if (base!.kind !== "pbc" || base!.descKind !== "class") return ctx.fail("super(...) needs a base class");
  construct(ctx, [...base!.descs][0] as ClassDesc, self!, args);
  return someNone(EMPTY_UNDEFINED);
};

export const superMethod: Rule = (ctx, [self, base, , ...args]) => {
  const name = constName(ctx.op, 2);
  const desc = [...(base as Some & { kind: "pbc" }).descs][0] as ClassDesc;
  const method = ctx.bk.findMethod(desc, name);
  if (!method) return ctx.fail(`the base class ${desc.name} has no method ${name}()`);
  return ctx.callFunction(method, [self!, ...args]);
};

/**
 * The driver's getPrintableLocation, which the JIT's logs call with the greens of each merge
 * point: annotated as called here with the greens' types, so that its graph exists and a
 * mismatch is an error at the merge point.
 */
function printableLocation(ctx: OpContext, driver: JitDriver, greens: Some[]): void {
  const fn = driver.getPrintableLocation!;
  const s = constantOf(ctx, fn);
  const which = `JitDriver ${driver.name}: getPrintableLocation`;
  if (s.kind !== "pbc" || s.descKind !== "function") ctx.fail(`${which} must be a function of the program`);
  const desc = [...(s as Some & { kind: "pbc" }).descs][0] as FunctionDesc;
  if (fn.length !== greens.length) {
    ctx.fail(`${which} (${desc.name}) takes ${fn.length} parameter${fn.length === 1 ? "" : "s"}, but the driver has ${greens.length} green${greens.length === 1 ? "" : "s"} (${driver.greens.join(", ")}), which it is called with in that order`);
  }
  const result = ctx.callFunction(desc, greens);
  if (result.kind !== "impossible" && result.kind !== "string") ctx.fail(`${which} (${desc.name}) must return a string, not ${describe(result)}`);
}

export const jitHint: Rule = (ctx, [driver, , , ...values]) => {
  const names = (ctx.op.args[2] as Constant).value as string[];
  const hint = (ctx.op.args[1] as Constant).value as string;
  if (driver!.kind !== "pbc" || driver!.descKind !== "frozen") return ctx.fail(`${hint}() must be called on a JitDriver made at import time`);
  const live = ([...driver!.descs][0] as FrozenDesc).live as JitDriver;
  if (hint === "setParam" || hint === "setUserParam") return jitParamHint(ctx, live, hint, values);
  const declared = [...live.greens, ...live.reds];
  const extra = names.find((n) => !declared.includes(n));
  const which = `JitDriver ${live.name}: ${hint}()`;
  if (extra) return ctx.fail(`${which}: '${extra}' is neither a green nor a red (greens: ${live.greens.join(", ")}; reds: ${live.reds.join(", ")})`);
  const missing = declared.find((n) => !names.includes(n));
  if (missing) return ctx.fail(`${which} must name every green and red variable; '${missing}' (a ${live.greens.includes(missing) ? "green" : "red"}) is missing`);
  if (hint === "jitMergePoint") {
    const passed = new Set(ctx.op.args);
    const stray = liveAcross(ctx.place, ctx.op).find((v) => !passed.has(v));
    if (stray) {
      const what = stray.hint === "this" ? "'this'" : stray.hint === "v" || stray.hint === "" ? "a value computed before it" : `the variable '${stray.hint}'`;
      const fix = stray.hint === "this" ? "copy it into a local before the loop (const self = this) and pass that as a red" : "pass it as a red, or compute it after the merge point";
      return ctx.fail(`${which}: ${what} is used after the merge point but is neither a green nor a red of ${live.name} (greens: ${live.greens.join(", ")}; reds: ${live.reds.join(", ")}); ${fix}`);
    }
    if (live.getPrintableLocation) printableLocation(ctx, live, live.greens.map((g) => values[names.indexOf(g)]!));
  }
  return someNone(EMPTY_UNDEFINED);
};
