/**
 * The array methods that take a function (map, filter, forEach, some, every, find, findIndex,
 * reduce, sort), entries of the builtin table (builtins.ts). The function is a function value of
 * the program: a module-level function, a static method, a method read through a prebuilt object
 * that does not use `this` (an "unbound" desc), or an arrow written at the call, whose captured
 * variables are the call's last operands (src/frontend/arrow.ts). Each rule calls the function's
 * graph as JavaScript does, with (item, index, array) — or (accumulator, item, index, array) for
 * reduce, (a, b) for sort's comparator — but only with as many of them as the function declares
 * parameters: what JavaScript passes beyond those is never seen. The rtyper then specialises the
 * method for the function (lower-list-callbacks.ts).
 *
 * Decisions where JavaScript is loose, each refused with what to write instead:
 * - filter, some, every, find and findIndex need a callback returning a boolean (JavaScript takes
 *   any value's truth); sort's comparator returns a number.
 * - reduce without an initial value starts from the first item and throws JavaScript's TypeError
 *   on an empty array (a catchable exception in the translated program too).
 * - sort() without a comparator sorts strings only (JavaScript compares every item as a string:
 *   [10, 9, 1].sort() is [1, 10, 9]).
 * - a thisArg (map(f, obj)) is not RTS; builtins (map(String)) are passed as arrows.
 */

import type { FunctionDesc, Some } from "./bookkeeper.js";
import type { OpContext } from "./context.js";
import { EMPTY_UNDEFINED, describe, equal, isImpossible, nullable, someBool, someImpossible, someInteger, someList, someNone } from "./model.js";

export interface CallbackEntry {
  rule: (ctx: OpContext, args: Some[], self: Some | undefined) => Some;
}

/** A function argument and what goes with it: the method's other arguments and an arrow's captured values. */
export interface CallbackArgs {
  fn: Some;
  rest: Some[];
  captured: Some[];
}

/** An arrow written at a call: its desc's source says which variables it captured. */
export function isArrow(s: Some): boolean {
  return s.kind === "pbc" && s.descKind === "function" && [...s.descs].some((d) => (d as FunctionDesc).source.kind === "arrow");
}

/** The captured variables an arrow function value takes first. */
export function capturedCount(fn: Some): number {
  if (fn.kind !== "pbc" || fn.descKind !== "function") return 0;
  const desc = [...fn.descs][0] as FunctionDesc;
  return desc.source.kind === "arrow" ? (desc.source.captured?.length ?? 0) : 0;
}

/** Splits operands (from the function on) into the function, the other arguments and an arrow's captured values. */
export function splitCallbackArgs(args: Some[]): CallbackArgs {
  const fn = args[0]!;
  const n = capturedCount(fn);
  return { fn, rest: args.slice(1, args.length - n), captured: args.slice(args.length - n) };
}

/** How many parameters a function declares (an arrow's captured variables not counted). */
export function declaredParams(desc: FunctionDesc): number {
  return desc.source.node?.params.length ?? 0;
}

/**
 * Calls the function value fn with the arguments JavaScript passes (as many as each function
 * declares); returns the union of the results.
 */
function callCallback(ctx: OpContext, method: string, cb: CallbackArgs, given: Some[]): Some {
  const fn = cb.fn;
  if (fn.kind === "none" || fn.empty !== 0) return ctx.fail(`${method}() needs a function, got ${describe(fn)}`);
  if (fn.kind === "builtin") {
    return ctx.fail(`${method}() takes a function of the program, not the builtin ${fn.name}; write an arrow that calls it: ${method}((x) => ${fn.name}(x))`);
  }
  if (fn.kind !== "pbc" || fn.descKind !== "function") return ctx.fail(`${method}() needs a function, got ${describe(fn)}`);
  let result: Some = someImpossible();
  for (const d of fn.descs) {
    const desc = d as FunctionDesc;
    const args = [...cb.captured, ...given.slice(0, declaredParams(desc))];
    result = ctx.union(result, ctx.callFunction(desc, args), `the results of the functions given to ${method}()`);
  }
  return result;
}

/** Checks the arguments besides the function: none, or the optional one (reduce's initial value). */
function checkArity(ctx: OpContext, method: string, cb: CallbackArgs | undefined, optional: string | undefined): void {
  if (!cb) return ctx.fail(`${method}() takes a function${optional ? ` and ${optional}` : ""}`);
  const allowed = optional ? 1 : 0;
  if (cb.rest.length <= allowed) return;
  if (!optional && method !== "sort") ctx.fail(`${method}(f, thisArg) is not RTS: give ${method}() an arrow that uses what it needs`);
  ctx.fail(`${method}() takes a function${optional ? ` and ${optional}` : ""}, got ${cb.rest.length + 1} arguments`);
}

const isBool = (s: Some) => s.kind === "bool" && s.empty === 0;
const isNumber = (s: Some) => (s.kind === "int" || s.kind === "float") && s.empty === 0;

/** The item of a list receiver, with the index and the array: what a callback of the list gets. */
function itemArgs(ctx: OpContext, self: Some & { kind: "list" }): Some[] {
  return [self.listdef.readItem(ctx.place), someInteger({ nonNeg: true }), self];
}

function receiver(ctx: OpContext, method: string, self: Some | undefined): Some & { kind: "list" } {
  if (self?.kind !== "list") return ctx.fail(`${method}() needs an array`);
  return self;
}

function callbackArgs(args: Some[]): CallbackArgs | undefined {
  return args.length === 0 ? undefined : splitCallbackArgs(args);
}

/** filter, some, every, find, findIndex: a callback that says yes or no. */
/**
 * The method's result does not wait for the callback's: on an array whose items are never known
 * (always empty) the callback is never called, and the method still returns.
 */
function predicate(ctx: OpContext, method: string, args: Some[], self: Some | undefined): { list: Some & { kind: "list" }; result: Some } {
  const list = receiver(ctx, method, self);
  const cb = callbackArgs(args);
  checkArity(ctx, method, cb, undefined);
  const result = callCallback(ctx, method, cb!, itemArgs(ctx, list));
  if (!isImpossible(result) && !isBool(result)) {
    ctx.fail(`the function given to ${method}() must return a boolean in RTS, got ${describe(result)}; compare explicitly (x !== 0, s.length > 0, v !== undefined)`);
  }
  return { list, result };
}

export const CALLBACK_BUILTINS: Record<string, CallbackEntry> = {
  "array.map": {
    rule: (ctx, args, self) => {
      const list = receiver(ctx, "map", self);
      const cb = callbackArgs(args);
      checkArity(ctx, "map", cb, undefined);
      const result = callCallback(ctx, "map", cb!, itemArgs(ctx, list));
      const def = ctx.bk.listAt(ctx.op);
      const error = def.generalizeItem(result, ctx.reflow);
      if (error) return ctx.fail(`the results of map(): ${error.message}`);
      return someList(def);
    },
  },
  "array.forEach": {
    rule: (ctx, args, self) => {
      const list = receiver(ctx, "forEach", self);
      const cb = callbackArgs(args);
      checkArity(ctx, "forEach", cb, undefined);
      callCallback(ctx, "forEach", cb!, itemArgs(ctx, list));
      return someNone(EMPTY_UNDEFINED);
    },
  },
  "array.filter": {
    rule: (ctx, args, self) => {
      const { list } = predicate(ctx, "filter", args, self);
      const def = ctx.bk.listAt(ctx.op);
      const error = def.merge(list.listdef, ctx.reflow);
      if (error) return ctx.fail(error.message);
      return someList(def);
    },
  },
  "array.some": {
    rule: (ctx, args, self) => (predicate(ctx, "some", args, self), someBool()),
  },
  "array.every": {
    rule: (ctx, args, self) => (predicate(ctx, "every", args, self), someBool()),
  },
  "array.find": {
    rule: (ctx, args, self) => {
      const { list } = predicate(ctx, "find", args, self);
      return nullable(list.listdef.readItem(ctx.place), EMPTY_UNDEFINED);
    },
  },
  "array.findIndex": {
    rule: (ctx, args, self) => (predicate(ctx, "findIndex", args, self), someInteger()),
  },
  "array.reduce": {
    rule: (ctx, args, self) => {
      const list = receiver(ctx, "reduce", self);
      const cb = callbackArgs(args);
      checkArity(ctx, "reduce", cb, "an initial value");
      const [item, index] = itemArgs(ctx, list);
      // The accumulator starts as the initial value (or the first item) and then is what the
      // function returns: passed again until it stops growing.
      const start = cb!.rest[0] ?? item!;
      if (isImpossible(start)) {
        return ctx.fail(
          "reduce() without an initial value on an array that is always empty (no item is ever put into it) always throws a TypeError; " +
            "give reduce() an initial value: reduce((acc, x) => ..., initial)",
        );
      }
      let acc: Some = start;
      for (;;) {
        const result = callCallback(ctx, "reduce", cb!, [acc, item!, index!, list]);
        const next = ctx.union(start, result, `the accumulator of reduce() (the ${cb!.rest[0] ? "initial value" : "first item"} and what the function returns)`);
        if (equal(next, acc)) return acc;
        acc = next;
      }
    },
  },
  "array.sort": {
    rule: (ctx, args, self) => {
      const list = receiver(ctx, "sort", self);
      const item = list.listdef.readItem(ctx.place);
      list.listdef.mutate();
      if (args.length === 0) {
        if (isImpossible(item) || ((item.kind === "string" || item.kind === "char") && item.empty === 0)) return list;
        return ctx.fail(
          `sort() without a comparator compares the items as strings in JavaScript ([10, 9, 1].sort() is [1, 10, 9]); RTS sorts only strings that way; ` +
            `pass a comparator: sort((a, b) => a - b) for numbers in ascending order`,
        );
      }
      const cb = callbackArgs(args)!;
      checkArity(ctx, "sort", cb, undefined);
      const result = callCallback(ctx, "sort", cb, [item, item]);
      if (!isImpossible(result) && !isNumber(result)) {
        ctx.fail(`the comparator given to sort() must return a number (negative: a first, positive: b first, 0: keep their order), got ${describe(result)}`);
      }
      return list;
    },
  },
};
