/**
 * The operations of flow graphs, as one table of data (RPython's flowspace/operation.py).
 *
 * These are the operations of the source language, before types are known: `add` is
 * JavaScript's `+` whatever its operands turn out to be; the annotator gives each a meaning per
 * type, and the rtyper lowers it to LL operations. Each entry has its arity (-1: variadic),
 * whether it may throw an exception that a `try` in the program can catch (such an operation
 * ends its block inside a `try`, with an exception exit), whether it is pure (no side effect:
 * it may be removed when unused), and a doc string.
 */

export interface FlowOpInfo {
  arity: number;
  canRaise: boolean;
  pure: boolean;
  doc: string;
}

function op(arity: number, flags: "pure" | "raise" | "effect", doc: string): FlowOpInfo {
  return { arity, canRaise: flags === "raise", pure: flags === "pure", doc };
}

export const FLOW_OPS = {
  // unary
  neg: op(1, "pure", "-x"),
  pos: op(1, "pure", "+x: conversion to number"),
  not: op(1, "pure", "!x"),
  bitnot: op(1, "pure", "~x (32-bit)"),
  truthy: op(1, "pure", "ToBoolean(x): the condition value of x"),
  typeof: op(1, "pure", "typeof x"),
  to_string: op(1, "pure", "String(x), and each substitution of a template literal"),
  same_as: op(1, "pure", "a copy of x"),
  not_rts: op(1, "effect", "an expression or declaration RTS does not have (args[0]: the constant message); the annotator reports it and its value is impossible, so that the rest of the function is still checked"),
  non_null: op(1, "pure", "x!, or a field read that a test proved non-null: x without null and undefined (the translated program checks it and stops naming the place)"),

  // binary
  add: op(2, "pure", "x + y (numbers or strings)"),
  sub: op(2, "pure", "x - y"),
  mul: op(2, "pure", "x * y"),
  div: op(2, "pure", "x / y (always a float division)"),
  mod: op(2, "pure", "x % y"),
  pow: op(2, "pure", "x ** y"),
  bitand: op(2, "pure", "x & y (32-bit)"),
  bitor: op(2, "pure", "x | y (32-bit)"),
  bitxor: op(2, "pure", "x ^ y (32-bit)"),
  lshift: op(2, "pure", "x << y (32-bit)"),
  rshift: op(2, "pure", "x >> y (32-bit)"),
  urshift: op(2, "pure", "x >>> y (32-bit, unsigned result)"),
  lt: op(2, "pure", "x < y"),
  le: op(2, "pure", "x <= y"),
  gt: op(2, "pure", "x > y"),
  ge: op(2, "pure", "x >= y"),
  eq: op(2, "pure", "x === y"),
  ne: op(2, "pure", "x !== y"),
  loose_eq: op(2, "pure", "x == y (RTS allows it only against null or undefined)"),
  loose_ne: op(2, "pure", "x != y (RTS allows it only against null or undefined)"),
  instanceof: op(2, "pure", "x instanceof C"),

  // objects, arrays, containers
  getattr: op(2, "pure", "obj.name (name is a constant string)"),
  setattr: op(3, "effect", "obj.name = value"),
  getitem: op(2, "pure", "obj[index]"),
  setitem: op(3, "effect", "obj[index] = value"),
  newarray: op(-1, "pure", "[items...]: an array, or a tuple, as the annotator decides"),

  // calls
  simple_call: op(-1, "raise", "f(args...)"),
  call_method: op(-1, "raise", "obj.name(args...) with obj as this (args[1] is the constant name)"),
  new: op(-1, "raise", "new C(args...)"),
  super_call: op(-1, "raise", "super(args...) in a constructor (args[0] is this, args[1] the base class)"),
  super_method: op(-1, "raise", "super.name(args...) (args: this, the base class, the constant name, args...)"),
  jit_hint: op(-1, "effect", "driver.jitMergePoint/canEnterJit({...}): args are driver, the hint name, the names, the values; driver.setParam(name, value)/setUserParam(text): driver, the hint name, no names, the arguments"),

  // iteration (for...of)
  iter: op(1, "pure", "an iterator over an array, string, typed array, Map or Set"),
  iter_done: op(1, "pure", "whether the iterator has no next item"),
  iter_next: op(1, "effect", "the iterator's next item; advances it"),
} satisfies Record<string, FlowOpInfo>;

export type FlowOpName = keyof typeof FLOW_OPS;

export function flowOpInfo(name: string): FlowOpInfo {
  const info = (FLOW_OPS as Record<string, FlowOpInfo>)[name];
  if (!info) throw new Error(`internal error: unknown flow operation '${name}'`);
  return info;
}

/** JavaScript's binary operators and the operation each becomes. */
export const BINARY_OPERATORS: Record<string, FlowOpName> = {
  "+": "add",
  "-": "sub",
  "*": "mul",
  "/": "div",
  "%": "mod",
  "**": "pow",
  "&": "bitand",
  "|": "bitor",
  "^": "bitxor",
  "<<": "lshift",
  ">>": "rshift",
  ">>>": "urshift",
  "<": "lt",
  "<=": "le",
  ">": "gt",
  ">=": "ge",
  "===": "eq",
  "!==": "ne",
  "==": "loose_eq",
  "!=": "loose_ne",
  instanceof: "instanceof",
};

/** JavaScript's unary operators and the operation each becomes. */
export const UNARY_OPERATORS: Record<string, FlowOpName> = {
  "-": "neg",
  "+": "pos",
  "!": "not",
  "~": "bitnot",
  typeof: "typeof",
};
