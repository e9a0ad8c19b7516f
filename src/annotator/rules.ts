/**
 * Annotation rules for the flow graph operations (RPython's unaryop.py and binaryop.py): for
 * each operation, the annotation of its result from the annotations of its arguments. One
 * entry per operation of src/frontend/operations.ts (the type makes the table complete).
 *
 * Numbers follow DESIGN.md: int op int is int for + - * % and the bit operations (which are
 * 32-bit and also turn floats into ints), `/` and `**` give float, int mixed with float is float.
 * Strings concatenate with any primitive. Comparisons need two numbers or two strings.
 */

import { Constant, type SpaceOperation } from "../frontend/model.js";
import type { FlowOpName } from "../frontend/operations.js";
import { ClassDesc, FrozenDesc, FunctionDesc, NotRtsValue, type Some } from "./bookkeeper.js";
import { BUILTINS, BUILTIN_CONSTRUCTORS, UNSUPPORTED, iterationOf, receiverName } from "./builtins.js";
import { lookupAttr, readAttr, generalizeAttr } from "./classdef.js";
import type { OpContext } from "./context.js";
import {
  EMPTY_UNDEFINED,
  describe,
  isUnionError,
  someBool,
  someBuiltin,
  someChar,
  someFloat,
  someImpossible,
  someInstance,
  someInteger,
  someList,
  someNone,
  someString,
  someTuple,
  typedArrayItem,
} from "./model.js";

type Rule = (ctx: OpContext, args: Some[]) => Some;

const numeric = (s: Some) => (s.kind === "int" || s.kind === "float") && s.empty === 0;
const textual = (s: Some) => (s.kind === "string" || s.kind === "char") && s.empty === 0;
const primitive = (s: Some) => ["int", "float", "bool", "char", "string", "none"].includes(s.kind);
const nonNeg = (s: Some) => s.kind === "int" && s.nonNeg;

/** Arithmetic on two numbers: int with int stays int (keeping nonNeg when keepNonNeg says so). */
function arithmetic(symbol: string, keepNonNeg: (a: Some, b: Some) => boolean, alwaysFloat = false): Rule {
  return (ctx, [a, b]) => {
    if (!numeric(a!) || !numeric(b!)) return ctx.fail(`${symbol} needs two numbers, got ${describe(a!)} and ${describe(b!)}`);
    if (alwaysFloat || a!.kind === "float" || b!.kind === "float") return someFloat();
    return someInteger({ nonNeg: keepNonNeg(a!, b!) });
  };
}

/** The 32-bit bit operations: any numbers in, a (32-bit) int out. */
function bitwise(symbol: string, unsigned = false): Rule {
  return (ctx, [a, b]) => {
    if (!numeric(a!) || !numeric(b!)) return ctx.fail(`${symbol} needs two numbers, got ${describe(a!)} and ${describe(b!)}`);
    return someInteger({ nonNeg: unsigned });
  };
}

function comparison(symbol: string): Rule {
  return (ctx, [a, b]) => {
    const ok = (numeric(a!) && numeric(b!)) || (textual(a!) && textual(b!));
    if (!ok) return ctx.fail(`${symbol} compares two numbers or two strings, got ${describe(a!)} and ${describe(b!)}`);
    return someBool();
  };
}

const add: Rule = (ctx, [a, b]) => {
  if (textual(a!) || textual(b!)) {
    if (!primitive(a!) || !primitive(b!)) return ctx.fail(`+ joins a string with ${describe(textual(a!) ? b! : a!)}; convert it with String() first`);
    return someString();
  }
  return arithmetic("+", (x, y) => nonNeg(x) && nonNeg(y))(ctx, [a!, b!]);
};

const equality: Rule = (ctx, [a, b]) => {
  if (a!.kind !== "impossible" && b!.kind !== "impossible" && a!.kind !== "none" && b!.kind !== "none") {
    const compatible = (numeric(a!) && numeric(b!)) || (textual(a!) && textual(b!)) || a!.kind === b!.kind;
    if (!compatible) return ctx.fail(`=== between ${describe(a!)} and ${describe(b!)} is always false; compare values of one type`);
  }
  return someBool();
};

const looseEquality: Rule = (ctx, [, b]) => {
  if (b!.kind !== "none") return ctx.fail("== and != are only for comparing with null or undefined in RTS; use === and !==");
  return someBool();
};

/** The constant name argument of getattr, setattr and call_method. */
function constName(op: SpaceOperation, index: number): string {
  return (op.args[index] as Constant).value as string;
}

const getattr: Rule = (ctx, [obj]) => {
  const name = constName(ctx.op, 1);
  const s = obj!;
  if (s.empty !== 0 && s.kind !== "none") return ctx.fail(`reading .${name} of a value that may be ${emptyWord(s)}: check it first`);
  switch (s.kind) {
    case "impossible":
      return someImpossible();
    case "instance": {
      const desc = s.classdef.desc as ClassDesc | null;
      if (desc && ctx.bk.findMethod(desc, name)) return ctx.fail(`methods are not values in RTS: call ${name}() directly`);
      const value = readAttr(s.classdef, name, ctx.place, ctx.reflow);
      if (isUnionError(value)) return ctx.fail(value.message);
      return value;
    }
    case "string":
    case "char":
    case "list":
    case "typedArray":
      if (name === "length") return someInteger({ nonNeg: true });
      break;
    case "tuple":
      if (name === "length") return someInteger({ nonNeg: true, const: s.items.length });
      break;
    case "map":
    case "set":
      if (name === "size") return someInteger({ nonNeg: true });
      break;
    case "pbc":
      return pbcAttribute(ctx, s, name);
    case "builtin":
      return namespaceAttribute(ctx, s.name, name);
    default:
      break;
  }
  return ctx.fail(`${describe(s)} has no attribute '${name}'${suggestion(s, name)}`);
};

function emptyWord(s: Some): string {
  return s.empty === 3 ? "null or undefined" : s.empty === 1 ? "null" : "undefined";
}

function suggestion(s: Some, name: string): string {
  const receiver = receiverName(s);
  const hint = receiver ? UNSUPPORTED[`${receiver}.${name}`] : undefined;
  return hint ? ` in RTS; ${hint}` : "";
}

/** An attribute of a class (static member), a frozen object or a function. */
function pbcAttribute(ctx: OpContext, s: Some & { kind: "pbc" }, name: string): Some {
  if (s.descs.size !== 1) return ctx.fail(`reading .${name} of one of several ${s.descKind}s is not RTS`);
  const desc = [...s.descs][0]!;
  const live = desc instanceof ClassDesc ? desc.live : desc instanceof FrozenDesc ? desc.live : undefined;
  if (!live || !(name in live)) return ctx.fail(`${desc.name} has no attribute '${name}'`);
  return constantOf(ctx, (live as Record<string, unknown>)[name]);
}

function namespaceAttribute(ctx: OpContext, namespace: string, name: string): Some {
  const full = `${namespace}.${name}`;
  if (BUILTINS[full] || full === "process.stdout" || full === "process.stderr") return someBuiltin(full);
  const live = NAMESPACES[namespace];
  const value = live ? (live as Record<string, unknown>)[name] : undefined;
  if (typeof value === "number" || typeof value === "string") return constantOf(ctx, value);
  return ctx.fail(`${full} is not supported in RTS${UNSUPPORTED[namespace] ? `; ${UNSUPPORTED[namespace]}` : ""}`);
}

const NAMESPACES: Record<string, unknown> = { Math, Number, String, process, console, Date };

function constantOf(ctx: OpContext, value: unknown): Some {
  try {
    return ctx.bk.immutableValue(value);
  } catch (error) {
    if (error instanceof NotRtsValue) return ctx.fail(error.message);
    throw error;
  }
}

const setattr: Rule = (ctx, [obj, , value]) => {
  const name = constName(ctx.op, 1);
  if (obj!.kind === "impossible") return someNone(EMPTY_UNDEFINED);
  if (obj!.kind !== "instance") return ctx.fail(`cannot set .${name} on ${describe(obj!)}; only objects of the program's classes have fields`);
  if (obj!.empty !== 0) return ctx.fail(`setting .${name} on a value that may be ${emptyWord(obj!)}: check it first`);
  const result = generalizeAttr(obj!.classdef, name, value!, ctx.reflow);
  if ("kind" in result) return ctx.fail(result.message);
  return someNone(EMPTY_UNDEFINED);
};

const getitem: Rule = (ctx, [obj, index]) => {
  const s = obj!;
  if (s.kind === "impossible") return s;
  if (s.empty !== 0) return ctx.fail(`indexing a value that may be ${emptyWord(s)}: check it first`);
  if (s.kind === "tuple") {
    const i = index!.const?.value;
    if (typeof i !== "number" || !(i in s.items)) return ctx.fail(`a tuple ${describe(s)} is indexed by a constant from 0 to ${s.items.length - 1}`);
    return s.items[i as number]!;
  }
  if (index!.kind !== "int" && index!.kind !== "impossible") return ctx.fail(`an index must be an integer, got ${describe(index!)}`);
  switch (s.kind) {
    case "list":
      return s.listdef.readItem(ctx.place);
    case "string":
    case "char":
      return someChar();
    case "typedArray":
      return typedArrayItem(s.arrayKind);
    default:
      return ctx.fail(`${describe(s)} cannot be indexed${s.kind === "map" ? "; use get()" : ""}`);
  }
};

const setitem: Rule = (ctx, [obj, index, value]) => {
  const s = obj!;
  if (s.kind === "impossible") return someNone(EMPTY_UNDEFINED);
  if (index!.kind !== "int" && index!.kind !== "impossible") return ctx.fail(`an index must be an integer, got ${describe(index!)}`);
  if (s.kind === "list") {
    const error = s.listdef.generalizeItem(value!, ctx.reflow);
    if (error) return ctx.fail(`this array holds ${describe(s.listdef.item)}; cannot store ${describe(value!)}: ${error.message}`);
    s.listdef.mutate();
  } else if (s.kind === "typedArray") {
    if (!numeric(value!) && value!.kind !== "impossible") return ctx.fail(`a ${s.arrayKind} stores numbers, got ${describe(value!)}`);
  } else {
    ctx.fail(`cannot store items into ${describe(s)}${s.kind === "map" ? "; use set()" : ""}`);
  }
  return someNone(EMPTY_UNDEFINED);
};

const newarray: Rule = (ctx, items) => {
  const def = ctx.bk.listAt(ctx.op);
  let item: Some = def.item;
  for (const s of items) {
    const u = unionQuiet(ctx, item, s);
    if (!u) return someTuple(items); // items of different types: a tuple
    item = u;
  }
  for (const s of items) {
    const error = def.generalizeItem(s, ctx.reflow);
    if (error) return ctx.fail(error.message);
  }
  return someList(def);
};

function unionQuiet(ctx: OpContext, a: Some, b: Some): Some | undefined {
  try {
    return ctx.union(a, b, "");
  } catch {
    return undefined;
  }
}

/** A call of a function value: functions of the program, or builtins. */
function callValue(ctx: OpContext, fn: Some, args: Some[], self: Some | undefined): Some {
  switch (fn.kind) {
    case "impossible":
      return fn;
    case "pbc": {
      if (fn.descKind === "class") return ctx.fail(`a class is called with new: new ${[...fn.descs][0]!.name}(...)`);
      if (fn.descKind !== "function") return ctx.fail(`${describe(fn)} is not callable`);
      let result: Some = someImpossible();
      for (const desc of fn.descs) result = ctx.union(result, ctx.callFunction(desc as FunctionDesc, args), "the results of the functions called here");
      return result;
    }
    case "builtin": {
      const entry = BUILTINS[fn.name];
      if (!entry) return ctx.fail(`${fn.name}() is not supported in RTS`);
      return entry.rule(ctx, args, self ?? fn.self);
    }
    default:
      return ctx.fail(`${describe(fn)} is not callable`);
  }
}

const simpleCall: Rule = (ctx, [fn, ...args]) => callValue(ctx, fn!, args, undefined);

const callMethod: Rule = (ctx, [obj, , ...args]) => {
  const name = constName(ctx.op, 1);
  const s = obj!;
  if (s.kind === "impossible") return s;
  if (s.empty !== 0) return ctx.fail(`calling ${name}() on a value that may be ${emptyWord(s)}: check it first`);
  switch (s.kind) {
    case "instance":
      return callInstanceMethod(ctx, s, name, args);
    case "pbc": {
      if (s.descKind === "class" && s.descs.size === 1) {
        const desc = [...s.descs][0] as ClassDesc;
        const fn = (desc.live as unknown as Record<string, unknown>)[name];
        if (typeof fn === "function") return callValue(ctx, constantOf(ctx, fn), args, undefined);
      }
      return ctx.fail(`${describe(s)} has no method ${name}()`);
    }
    case "builtin":
      return callValue(ctx, namespaceAttribute(ctx, s.name, name), args, undefined);
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
  if (!found) {
    // A field holding a function value, called as a function.
    const field = lookupAttr(s.classdef, name);
    if (field) return callValue(ctx, readAttr(s.classdef, name, ctx.place, ctx.reflow) as Some, args, undefined);
    return ctx.fail(`${describe(s)} has no method ${name}()`);
  }
  return result;
}

const newInstance: Rule = (ctx, [cls, ...args]) => {
  if (cls!.kind === "builtin") {
    const entry = BUILTIN_CONSTRUCTORS[cls!.name];
    if (!entry) return ctx.fail(`new ${cls!.name}() is not supported in RTS`);
    return entry.rule(ctx, args, undefined);
  }
  if (cls!.kind !== "pbc" || cls!.descKind !== "class" || cls!.descs.size !== 1) return ctx.fail(`${describe(cls!)} is not a class`);
  const desc = [...cls!.descs][0] as ClassDesc;
  const instance = someInstance(desc.classdef);
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
  if (args.length > 1 || (args[0] && !textual(args[0]) && args[0].kind !== "impossible")) {
    ctx.fail(`new ${desc.name}() takes a message string`);
  }
}

const superCall: Rule = (ctx, [self, base, ...args]) => {
  if (base!.kind !== "pbc" || base!.descKind !== "class") return ctx.fail("super(...) needs a base class");
  construct(ctx, [...base!.descs][0] as ClassDesc, self!, args);
  return someNone(EMPTY_UNDEFINED);
};

const superMethod: Rule = (ctx, [self, base, , ...args]) => {
  const name = constName(ctx.op, 2);
  const desc = [...(base as Some & { kind: "pbc" }).descs][0] as ClassDesc;
  const method = ctx.bk.findMethod(desc, name);
  if (!method) return ctx.fail(`the base class ${desc.name} has no method ${name}()`);
  return ctx.callFunction(method, [self!, ...args]);
};

const jitHint: Rule = (ctx, [driver]) => {
  const names = (ctx.op.args[2] as Constant).value as string[];
  const hint = (ctx.op.args[1] as Constant).value as string;
  if (driver!.kind !== "pbc" || driver!.descKind !== "frozen") return ctx.fail(`${hint}() must be called on a JitDriver made at import time`);
  const live = ([...driver!.descs][0] as FrozenDesc).live as { greens: string[]; reds: string[]; name: string };
  const declared = [...live.greens, ...live.reds];
  const extra = names.find((n) => !declared.includes(n));
  if (extra) return ctx.fail(`${live.name}.${hint}(): '${extra}' is neither a green nor a red (greens: ${live.greens.join(", ")}; reds: ${live.reds.join(", ")})`);
  const missing = declared.find((n) => !names.includes(n));
  if (missing) return ctx.fail(`${live.name}.${hint}(): missing ${live.greens.includes(missing) ? "green" : "red"} variable '${missing}'`);
  return someNone(EMPTY_UNDEFINED);
};

const unaryNumber = (symbol: string): Rule => (ctx, [a]) => {
  if (!numeric(a!)) return ctx.fail(`${symbol} needs a number, got ${describe(a!)}`);
  return a!.kind === "int" ? someInteger() : someFloat();
};

export const RULES: Record<FlowOpName, Rule> = {
  neg: unaryNumber("unary -"),
  pos: (ctx, [a]) => {
    if (!numeric(a!)) return ctx.fail(`unary + and ++/-- need a number, got ${describe(a!)}; use Number() to convert a string`);
    return a!.kind === "int" ? someInteger({ nonNeg: a!.nonNeg }) : someFloat();
  },
  not: () => someBool(),
  bitnot: bitwise("~"),
  truthy: () => someBool(),
  typeof: () => someString(),
  to_string: (ctx, [a]) => {
    if (!primitive(a!) && a!.kind !== "impossible") return ctx.fail(`${describe(a!)} cannot be converted to a string in RTS; format its fields`);
    return someString();
  },
  same_as: (_ctx, [a]) => a!,
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
  iter_next: (ctx, [it]) => (it!.kind === "iterator" ? it!.yields : it!.kind === "impossible" ? it! : ctx.fail("not an iterator")),
};
