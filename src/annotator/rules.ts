/**
 * Annotation rules for the flow graph operations (RPython's unaryop.py and binaryop.py): for
 * each operation, the annotation of its result from the annotations of its arguments. One
 * entry per operation of src/frontend/operations.ts (the type makes the table complete).
 *
 * Numbers follow DESIGN.md: int op int is int for + - * % and the bit operations (which are
 * 32-bit and also turn floats into ints), `/` and `**` give float, int mixed with float is float.
 * Strings concatenate with any primitive. Comparisons need two numbers or two strings.
 */

import type { Constant } from "../frontend/model.js";
import type { FlowOpName } from "../frontend/operations.js";
import { iterationOf } from "./builtins.js";
import { describe, isIntegerOrNaN, nonNull, someBool, someFloat, someInteger, someString, EMPTY_NONE, EMPTY_NULL, EMPTY_UNDEFINED } from "./model.js";
import { getattr, getitem, newarray, setattr, setitem } from "./rules-access.js";
import { callMethod, jitHint, newInstance, simpleCall, superCall, superMethod } from "./rules-calls.js";
import type { Some } from "./bookkeeper.js";
import { nonNeg, numeric, primitive, requirePresent, requirePresentNumbers, textual, type Rule } from "./rule-helpers.js";

/**
 * Arithmetic on two numbers: int with int stays int (keeping nonNeg when keepNonNeg says so);
 * + - * % of integers that may be NaN give an integer or NaN (NaN stays NaN).
 */
function arithmetic(symbol: string, keepNonNeg: (a: Some, b: Some) => boolean, alwaysFloat = false): Rule {
  return (ctx, [a, b]) => {
    requirePresentNumbers(ctx, symbol, [a!, b!]);
    if (!numeric(a!) || !numeric(b!)) return ctx.fail(`${symbol} needs two numbers, got ${describe(a!)} and ${describe(b!)}`, a!.kind === "int" || a!.kind === "float" ? b : a);
    if (alwaysFloat) return someFloat();
    if (a!.kind === "float" || b!.kind === "float") return someFloat({ integerOrNaN: isIntegerOrNaN(a!) && isIntegerOrNaN(b!) });
    return someInteger({ nonNeg: keepNonNeg(a!, b!) });
  };
}

/** The 32-bit bit operations: any numbers in, a (32-bit) int out. */
function bitwise(symbol: string, unsigned = false): Rule {
  return (ctx, [a, b]) => {
    requirePresentNumbers(ctx, symbol, [a!, b!]);
    if (!numeric(a!) || !numeric(b!)) return ctx.fail(`${symbol} needs two numbers, got ${describe(a!)} and ${describe(b!)}`);
    return someInteger({ nonNeg: unsigned });
  };
}

function comparison(symbol: string): Rule {
  return (ctx, [a, b]) => {
    for (const s of [a!, b!]) {
      if (s.empty !== 0 && ["int", "float", "char", "string", "none"].includes(s.kind)) requirePresent(ctx, s, `${symbol} on`);
    }
    const ok = (numeric(a!) && numeric(b!)) || (textual(a!) && textual(b!));
    if (!ok) return ctx.fail(`${symbol} compares two numbers or two strings, got ${describe(a!)} and ${describe(b!)}`, a, b);
    return someBool();
  };
}

const add: Rule = (ctx, [a, b]) => {
  if (textual(a!) || textual(b!)) {
    const other = textual(a!) ? b! : a!;
    if (!primitive(other)) {
      return ctx.fail(`+ joins a string with ${describe(other)}, which RTS does not turn into a string; join the fields you want to show`, other);
    }
    return someString();
  }
  return arithmetic("+", (x, y) => nonNeg(x) && nonNeg(y))(ctx, [a!, b!]);
};

const equality: Rule = (ctx, [a, b]) => {
  if (a!.kind !== "impossible" && b!.kind !== "impossible" && a!.kind !== "none" && b!.kind !== "none") {
    const compatible = (numeric(a!) && numeric(b!)) || (textual(a!) && textual(b!)) || a!.kind === b!.kind;
    if (!compatible) return ctx.fail(`=== between ${describe(a!)} and ${describe(b!)} is always false; compare values of one type`, a, b);
  }
  return someBool();
};

const looseEquality: Rule = (ctx, [, b]) => {
  if (b!.kind !== "none") return ctx.fail("== and != are only for comparing with null or undefined in RTS; use === and !==");
  return someBool();
};

const unaryNumber = (symbol: string): Rule => (ctx, [a]) => {
  requirePresentNumbers(ctx, symbol, [a!]);
  if (!numeric(a!)) return ctx.fail(`${symbol} needs a number, got ${describe(a!)}`, a);
  return a!.kind === "int" ? someInteger() : someFloat({ integerOrNaN: isIntegerOrNaN(a!) });
};

export const RULES: Record<FlowOpName, Rule> = {
  neg: unaryNumber("unary -"),
  pos: (ctx, [a]) => {
    requirePresentNumbers(ctx, "unary + (or ++/--)", [a!]);
    if (!numeric(a!)) return ctx.fail(`unary + and ++/-- need a number, got ${describe(a!)}; use Number() to convert a string`);
    return a!.kind === "int" ? someInteger({ nonNeg: a!.nonNeg }) : someFloat({ integerOrNaN: isIntegerOrNaN(a!) });
  },
  not: () => someBool(),
  non_null: (ctx, [a]) => {
    const s = a!;
    if (s.kind === "none") {
      return ctx.fail(`x! asserts that x is not null or undefined, but here it is always ${s.empty === 1 ? "null" : s.empty === 2 ? "undefined" : "null or undefined"}`);
    }
    return nonNull(s);
  },
  bitnot: (ctx, [a]) => {
    if (!numeric(a!)) return ctx.fail(`~ needs a number, got ${describe(a!)}`);
    return someInteger();
  },
  truthy: () => someBool(),
  typeof: (ctx, [a]) => {
    const answer = typeofAnswer(a!);
    if (answer === undefined) return ctx.fail(`typeof of ${describe(a!)} is not supported in RTS (its answer would depend on the run); compare with undefined or null, or use instanceof`);
    return someString({ const: answer });
  },
  to_string: (ctx, [a]) => {
    if (!primitive(a!)) return ctx.fail(`${describe(a!)} cannot be converted to a string in RTS; format the fields you want to show`);
    return someString();
  },
  same_as: (_ctx, [a]) => a!,
  not_rts: (ctx) => ctx.fail((ctx.op.args[0] as Constant).value as string),
  add,
  sub: arithmetic("-", () => false),
  mul: arithmetic("*", (a, b) => nonNeg(a) && nonNeg(b)),
  div: arithmetic("/", () => false, true),
  mod: arithmetic("%", (a) => nonNeg(a)),
  pow: arithmetic("**", () => false, true),
  bitand: (ctx, args) => {
    bitwise("&")(ctx, args);
    return someInteger({ nonNeg: nonNeg(args[0]!) || nonNeg(args[1]!) });
  },
  bitor: bitwise("|"),
  bitxor: bitwise("^"),
  lshift: bitwise("<<"),
  rshift: bitwise(">>"),
  urshift: bitwise(">>>", true),
  lt: comparison("<"),
  le: comparison("<="),
  gt: comparison(">"),
  ge: comparison(">="),
  eq: equality,
  ne: equality,
  loose_eq: looseEquality,
  loose_ne: looseEquality,
  instanceof: (ctx, [, cls]) => {
    if (cls!.kind !== "pbc" || cls!.descKind !== "class") return ctx.fail("instanceof needs a class on its right");
    return someBool();
  },
  getattr,
  setattr,
  getitem,
  setitem,
  newarray,
  simple_call: simpleCall,
  call_method: callMethod,
  new: newInstance,
  super_call: superCall,
  super_method: superMethod,
  jit_hint: jitHint,
  iter: (ctx, [a]) => iterationOf(ctx, a!),
  iter_done: () => someBool(),
  iter_next: (ctx, [it]) => (it!.kind === "iterator" ? it!.yields : ctx.fail("not an iterator")),
};

/** What typeof gives for every value of the annotation, when that is one answer (RTS knows types statically). */
function typeofAnswer(s: Some): string | undefined {
  if (s.kind === "none") return s.empty === EMPTY_UNDEFINED ? "undefined" : s.empty === EMPTY_NULL ? "object" : undefined;
  if (s.empty !== EMPTY_NONE && s.kind !== "instance" && s.kind !== "list" && s.kind !== "map" && s.kind !== "set" && s.kind !== "tuple" && s.kind !== "typedArray") return undefined;
  if (s.empty !== EMPTY_NONE && s.empty !== EMPTY_NULL) return undefined; // an object or undefined
  switch (s.kind) {
    case "int":
    case "float":
      return "number";
    case "string":
    case "char":
      return "string";
    case "bool":
      return "boolean";
    case "instance":
    case "list":
    case "map":
    case "set":
    case "tuple":
    case "typedArray":
      return "object";
    case "pbc":
      return s.descKind === "function" || s.descKind === "class" ? "function" : undefined;
    default:
      return undefined;
  }
}
