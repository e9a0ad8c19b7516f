/**
 * The builtin table: every function and method of JavaScript, Node and the rts library that RTS
 * supports, with its annotation rule (RPython's annotation/builtin.py and the method tables of
 * unaryop.py). Keys are `Namespace.name` for functions reached through a namespace (`Math.floor`,
 * `console.log`, `rts.promote`) and `receiver.name` for methods (`string.charCodeAt`,
 * `array.push`, `Map.get`). A rule checks the arguments and returns the result's annotation.
 *
 * What is not in the table is an error; UNSUPPORTED says what to use instead for the usual
 * suspects.
 */

import type { FunctionDesc, Some } from "./bookkeeper.js";
import type { OpContext } from "./context.js";
import { CALLBACK_BUILTINS, declaredParams } from "./builtins-callbacks.js";
import { containerError, integerAdvice } from "./rule-helpers.js";
import {
  EMPTY_UNDEFINED,
  describe,
  isIntegerOrNaN,
  nullable,
  someBool,
  someChar,
  someFloat,
  someImpossible,
  someInteger,
  someIterator,
  someList,
  someMap,
  someSet,
  someNone,
  someString,
  someTuple,
  someTypedArray,
  typedArrayItem,
  type TypedArrayKind,
} from "./model.js";

export interface BuiltinEntry {
  rule: (ctx: OpContext, args: Some[], self: Some | undefined) => Some;
  /** May throw an exception the program can catch. */
  raises?: boolean;
}

const INT = () => someInteger();
const NONNEG = () => someInteger({ nonNeg: true });
const FLOAT = () => someFloat();
const INT_OR_NAN = () => someFloat({ integerOrNaN: true });
const BOOL = () => someBool();
const STRING = () => someString();
const UNDEFINED = () => someNone(EMPTY_UNDEFINED);

const isNumber = (s: Some) => (s.kind === "int" || s.kind === "float") && s.empty === 0;
const isInt = (s: Some) => s.kind === "int" && s.empty === 0;
const isText = (s: Some) => (s.kind === "string" || s.kind === "char") && s.empty === 0;
const isPrimitive = (s: Some) =>
  ["int", "float", "bool", "char", "string", "none"].includes(s.kind) || s.kind === "impossible";

/** What an argument must be: a predicate, and its description for the message ("a number"). */
type ArgumentSpec = readonly [(s: Some) => boolean, string];

/** Checks the argument count and each argument against a predicate. */
function check(ctx: OpContext, name: string, args: Some[], specs: readonly ArgumentSpec[], optional = 0): void {
  const min = specs.length - optional;
  if (args.length < min || args.length > specs.length) {
    const count = optional ? (min === 0 ? `at most ${specs.length}` : `${min} to ${specs.length}`) : `${specs.length}`;
    ctx.fail(`${name}() takes ${count} argument${count === "1" || count === "at most 1" ? "" : "s"}, got ${args.length}`);
  }
  args.forEach((arg, i) => {
    const [ok, what] = specs[i]!;
    if (arg.kind !== "impossible" && !ok(arg)) return ctx.fail(`argument ${i + 1} of ${name}() must be ${what}, got ${describe(arg)}${integerAdvice(arg, what)}`, arg);
  });
}

const NUMBER = [isNumber, "a number"] as const satisfies ArgumentSpec;
const INTEGER = [isInt, "an integer"] as const satisfies ArgumentSpec;
const TEXT = [isText, "a string"] as const satisfies ArgumentSpec;
const BYTES = [(s: Some) => s.kind === "typedArray" && s.arrayKind === "Uint8Array" && s.empty === 0, "a Uint8Array"] as const satisfies ArgumentSpec;
const PRIMITIVE = [isPrimitive, "a number, string, boolean, null or undefined"] as const satisfies ArgumentSpec;

/** Math functions of numbers: float in, float out; int in gives int where the result is integral. */
function mathFloat(name: string, arity: number): BuiltinEntry {
  return {
    rule: (ctx, args) => {
      check(ctx, name, args, Array(arity).fill(NUMBER));
      return FLOAT();
    },
  };
}

/**
 * Math functions whose result is an integer when it is finite: floor of a float gives int (the
 * translated program stops if it is NaN); of an integer that may be NaN, an integer or NaN,
 * which a test `isNaN(x)` turns into an int.
 */
function mathToInt(name: string): BuiltinEntry {
  return {
    rule: (ctx, args) => {
      check(ctx, name, args, [NUMBER]);
      return args[0]!.kind === "float" && args[0]!.integerOrNaN ? INT_OR_NAN() : INT();
    },
  };
}

function minMax(name: string): BuiltinEntry {
  return {
    rule: (ctx, args) => {
      if (args.length === 0) return ctx.fail(`${name}() needs at least one argument in RTS`);
      check(ctx, name, args, args.map(() => NUMBER));
      if (args.every((a) => a.kind === "int" || a.kind === "impossible")) return INT();
      return args.every((a) => isIntegerOrNaN(a) || a.kind === "impossible") ? INT_OR_NAN() : FLOAT();
    },
  };
}

/** isNaN, Number.isInteger and their kin: a number in, a boolean out (narrowing.ts reads what they prove). */
function numberTest(name: string): BuiltinEntry {
  return {
    rule: (ctx, args) => {
      check(ctx, name, args, [NUMBER]);
      return BOOL();
    },
  };
}

function printer(name: string): BuiltinEntry {
  return {
    rule: (ctx, args) => {
      check(ctx, name, args, args.map(() => PRIMITIVE));
      return UNDEFINED();
    },
  };
}

export const BUILTINS: Record<string, BuiltinEntry> = {
  // Math
  "Math.floor": mathToInt("Math.floor"),
  "Math.ceil": mathToInt("Math.ceil"),
  "Math.trunc": mathToInt("Math.trunc"),
  "Math.round": mathToInt("Math.round"),
  "Math.abs": {
    rule: (ctx, args) => {
      check(ctx, "Math.abs", args, [NUMBER]);
      return args[0]!.kind === "int" ? NONNEG() : someFloat({ integerOrNaN: isIntegerOrNaN(args[0]!) });
    },
  },
  "Math.sign": mathFloat("Math.sign", 1),
  "Math.sqrt": mathFloat("Math.sqrt", 1),
  "Math.sin": mathFloat("Math.sin", 1),
  "Math.cos": mathFloat("Math.cos", 1),
  "Math.tan": mathFloat("Math.tan", 1),
  "Math.atan": mathFloat("Math.atan", 1),
  "Math.exp": mathFloat("Math.exp", 1),
  "Math.log": mathFloat("Math.log", 1),
  "Math.log2": mathFloat("Math.log2", 1),
  "Math.log10": mathFloat("Math.log10", 1),
  "Math.atan2": mathFloat("Math.atan2", 2),
  "Math.pow": mathFloat("Math.pow", 2),
  "Math.random": mathFloat("Math.random", 0),
  "Math.min": minMax("Math.min"),
  "Math.max": minMax("Math.max"),
  "Math.imul": {
    rule: (ctx, args) => {
      check(ctx, "Math.imul", args, [NUMBER, NUMBER]);
      return INT();
    },
  },

  // output and the system
  "console.log": printer("console.log"),
  "console.error": printer("console.error"),
  "process.stdout.write": {
    rule: (ctx, args) => {
      check(ctx, "process.stdout.write", args, [TEXT]);
      return BOOL();
    },
  },
  "process.stderr.write": {
    rule: (ctx, args) => {
      check(ctx, "process.stderr.write", args, [TEXT]);
      return BOOL();
    },
  },
  "process.exit": {
    rule: (ctx, args) => {
      check(ctx, "process.exit", args, [INTEGER], 1);
      return someImpossible(); // does not return
    },
  },
  "performance.now": {
    rule: (ctx, args) => {
      check(ctx, "performance.now", args, []);
      return FLOAT();
    },
  },
  "Date.now": {
    rule: (ctx, args) => {
      check(ctx, "Date.now", args, []);
      return INT();
    },
  },
  "fs.readFileSync": {
    raises: true,
    rule: (ctx, args) => {
      check(ctx, "readFileSync", args, [TEXT, [(s) => s.const?.value === "utf8", 'the constant "utf8"']]);
      return STRING();
    },
  },

  // conversions
  String: {
    rule: (ctx, args) => {
      check(ctx, "String", args, [PRIMITIVE]);
      return STRING();
    },
  },
  Number: {
    rule: (ctx, args) => {
      check(ctx, "Number", args, [[(s) => isText(s) || isNumber(s) || s.kind === "bool", "a string, number or boolean"]]);
      return FLOAT();
    },
  },
  parseInt: {
    rule: (ctx, args) => {
      check(ctx, "parseInt", args, [TEXT, INTEGER], 1);
      return INT_OR_NAN(); // NaN when there is no number
    },
  },
  parseFloat: {
    rule: (ctx, args) => {
      check(ctx, "parseFloat", args, [TEXT]);
      return FLOAT();
    },
  },
  isNaN: numberTest("isNaN"),
  isFinite: numberTest("isFinite"),
  "Number.isNaN": numberTest("Number.isNaN"),
  "Number.isFinite": numberTest("Number.isFinite"),
  "Number.isInteger": numberTest("Number.isInteger"),
  "Number.isSafeInteger": numberTest("Number.isSafeInteger"),
  "String.fromCharCode": {
    rule: (ctx, args) => {
      check(ctx, "String.fromCharCode", args, [INTEGER]);
      return someChar();
    },
  },

  // strings (receiver "string"; chars are strings of one character)
  "string.charCodeAt": {
    rule: (ctx, args) => {
      check(ctx, "charCodeAt", args, [INTEGER], 1);
      return NONNEG();
    },
  },
  "string.codePointAt": {
    rule: (ctx, args) => {
      check(ctx, "codePointAt", args, [INTEGER]);
      return NONNEG();
    },
  },
  "string.charAt": {
    rule: (ctx, args) => {
      check(ctx, "charAt", args, [INTEGER]);
      return someChar();
    },
  },
  "string.indexOf": {
    rule: (ctx, args) => {
      check(ctx, "indexOf", args, [TEXT, INTEGER], 1);
      return INT();
    },
  },
  "string.lastIndexOf": {
    rule: (ctx, args) => {
      check(ctx, "lastIndexOf", args, [TEXT, INTEGER], 1);
      return INT();
    },
  },
  "string.includes": textPredicate("includes"),
  "string.startsWith": textPredicate("startsWith"),
  "string.endsWith": textPredicate("endsWith"),
  "string.slice": substring("slice"),
  "string.substring": substring("substring"),
  "string.toUpperCase": textToText("toUpperCase"),
  "string.toLowerCase": textToText("toLowerCase"),
  "string.trim": textToText("trim"),
  "string.trimStart": textToText("trimStart"),
  "string.trimEnd": textToText("trimEnd"),
  "string.repeat": {
    rule: (ctx, args) => {
      check(ctx, "repeat", args, [INTEGER]);
      return STRING();
    },
  },
  "string.padStart": padding("padStart"),
  "string.padEnd": padding("padEnd"),
  "string.split": {
    rule: (ctx, args) => {
      check(ctx, "split", args, [TEXT]);
      const def = ctx.bk.listAt(ctx.op);
      const error = def.generalizeItem(STRING(), ctx.reflow);
      if (error) return ctx.fail(error.message);
      return someList(def);
    },
  },
  "string.concat": {
    rule: (ctx, args) => {
      check(ctx, "concat", args, args.map(() => PRIMITIVE));
      return STRING();
    },
  },

  // numbers
  "number.toString": {
    rule: (ctx, args) => {
      check(ctx, "toString", args, [INTEGER], 1);
      return STRING();
    },
  },
  "number.toFixed": numberFormat("toFixed"),
  "number.toPrecision": numberFormat("toPrecision"),
  "number.toExponential": numberFormat("toExponential"),

  // arrays (receiver "array")
  "array.push": {
    rule: (ctx, args, self) => {
      if (self?.kind !== "list") return ctx.fail("push() needs an array");
      if (args.length === 0) return ctx.fail("push() takes at least one argument");
      for (const arg of args) {
        const before = self.listdef.item;
        const error = self.listdef.generalizeItem(arg, ctx.reflow);
        if (error) return ctx.fail(containerError(ctx, self.listdef, `this array holds ${describe(before)}`, `cannot push ${describe(arg)}`, error), arg);
      }
      self.listdef.resize();
      return NONNEG();
    },
  },
  "array.pop": {
    rule: (ctx, args, self) => {
      if (self?.kind !== "list") return ctx.fail("pop() needs an array");
      check(ctx, "pop", args, []);
      self.listdef.resize();
      return nullable(self.listdef.readItem(ctx.place), EMPTY_UNDEFINED);
    },
  },
  "array.indexOf": {
    rule: (ctx, args, self) => {
      if (self?.kind !== "list") return ctx.fail("indexOf() needs an array");
      check(ctx, "indexOf", args, [[() => true, "an item"], INTEGER], 1);
      return INT();
    },
  },
  "array.includes": {
    rule: (ctx, args, self) => {
      if (self?.kind !== "list") return ctx.fail("includes() needs an array");
      check(ctx, "includes", args, [[() => true, "an item"]]);
      return BOOL();
    },
  },
  "array.join": {
    rule: (ctx, args, self) => {
      if (self?.kind !== "list") return ctx.fail("join() needs an array");
      check(ctx, "join", args, [TEXT], 1);
      const item = self.listdef.readItem(ctx.place);
      if (!isPrimitive(item)) return ctx.fail(`join() needs an array of strings or numbers, got ${describe(self)}`);
      return STRING();
    },
  },
  // map, filter, forEach, some, every, find, findIndex, reduce, sort
  ...CALLBACK_BUILTINS,
  "array.slice": {
    rule: (ctx, args, self) => {
      if (self?.kind !== "list") return ctx.fail("slice() needs an array");
      check(ctx, "slice", args, [INTEGER, INTEGER], 2);
      const def = ctx.bk.listAt(ctx.op);
      const error = def.merge(self.listdef, ctx.reflow);
      if (error) return ctx.fail(error.message);
      return someList(def);
    },
  },

  // Map and Set
  "Map.get": {
    rule: (ctx, args, self) => {
      if (self?.kind !== "map") return ctx.fail("get() needs a Map");
      check(ctx, "get", args, [[() => true, "a key"]]);
      keyCheck(ctx, self, args[0]!);
      const value = self.dictdef.readValue(ctx.place);
      // One function that may be undefined has no representation in the rtyper (several have:
      // a function pointer that may be null); refused here so that annotate accepts only what
      // translate translates (issue 20).
      if (value.kind === "pbc" && value.descKind === "function" && value.descs.size === 1) {
        return ctx.fail(`get() of a Map whose only value is the function ${[...value.descs][0]!.name} is not supported (one function that may be undefined has no representation yet); call the function directly, or store objects with a method`);
      }
      return nullable(value, EMPTY_UNDEFINED);
    },
  },
  "Map.set": {
    rule: (ctx, args, self) => {
      if (self?.kind !== "map") return ctx.fail("set() needs a Map");
      check(ctx, "set", args, [[() => true, "a key"], [() => true, "a value"]]);
      const [key, value] = [self.dictdef.key, self.dictdef.value];
      const keyError = self.dictdef.generalizeKey(args[0]!, ctx.reflow);
      if (keyError) return ctx.fail(containerError(ctx, self.dictdef, `the keys of this Map are ${describe(key)}`, `cannot use ${describe(args[0]!)} as a key`, keyError));
      const valueError = self.dictdef.generalizeValue(args[1]!, ctx.reflow);
      if (valueError) {
        return ctx.fail(containerError(ctx, self.dictdef, `the values of this Map are ${describe(value)}`, `cannot set ${describe(args[1]!)}`, valueError), args[1]);
      }
      return self;
    },
  },
  "Map.keys": dictIterator("keys", "map", "keys"),
  "Map.values": dictIterator("values", "map", "values"),
  "Map.entries": dictIterator("entries", "map", "entries"),
  "Set.keys": dictIterator("keys", "set", "keys"),
  "Set.values": dictIterator("values", "set", "keys"),
  "array.entries": {
    rule: (ctx, args, self) => {
      if (self?.kind !== "list") return ctx.fail("entries() needs an array");
      check(ctx, "entries", args, []);
      return someIterator(self, "entries", someTuple([NONNEG(), self.listdef.readItem(ctx.place)]));
    },
  },
  "array.keys": {
    rule: (ctx, args, self) => {
      if (self?.kind !== "list") return ctx.fail("keys() needs an array");
      check(ctx, "keys", args, []);
      return someIterator(self, "keys", NONNEG());
    },
  },
  "Map.has": dictPredicate("has", "map"),
  "Map.delete": dictPredicate("delete", "map"),
  "Map.clear": {
    rule: (ctx, args) => {
      check(ctx, "clear", args, []);
      return UNDEFINED();
    },
  },
  "Set.add": {
    rule: (ctx, args, self) => {
      if (self?.kind !== "set") return ctx.fail("add() needs a Set");
      check(ctx, "add", args, [[() => true, "a key"]]);
      const key = self.dictdef.key;
      const error = self.dictdef.generalizeKey(args[0]!, ctx.reflow);
      if (error) return ctx.fail(containerError(ctx, self.dictdef, `this Set holds ${describe(key)}`, `cannot add ${describe(args[0]!)}`, error));
      return self;
    },
  },
  "Set.has": dictPredicate("has", "set"),
  "Set.delete": dictPredicate("delete", "set"),
  "Set.clear": {
    rule: (ctx, args) => {
      check(ctx, "clear", args, []);
      return UNDEFINED();
    },
  },

  // typed arrays (receiver "typedarray")
  "typedarray.fill": {
    rule: (ctx, args, self) => {
      check(ctx, "fill", args, [NUMBER, INTEGER, INTEGER], 2);
      return self!;
    },
  },
  "typedarray.set": {
    rule: (ctx, args, self) => {
      check(ctx, "set", args, [[(s) => s.kind === "typedArray" || s.kind === "list", "an array"], INTEGER], 1);
      return UNDEFINED();
    },
  },
  "typedarray.slice": typedSlice("slice"),

  // the rts library
  "rts.promote": {
    rule: (ctx, args) => {
      check(ctx, "promote", args, [[() => true, "a value"]]);
      return args[0]!;
    },
  },
  "rts.weAreJitted": {
    rule: (ctx, args) => {
      check(ctx, "weAreJitted", args, []);
      return BOOL();
    },
  },
  "rts.writeByte": {
    rule: (ctx, args) => {
      check(ctx, "writeByte", args, [INTEGER]);
      return UNDEFINED();
    },
  },
  "rts.writeBytes": {
    rule: (ctx, args) => {
      check(ctx, "writeBytes", args, [[(s) => s.kind === "typedArray" && s.arrayKind === "Uint8Array", "a Uint8Array"], INTEGER, INTEGER], 2);
      return UNDEFINED();
    },
  },
  "rts.cpuTime": {
    rule: (ctx, args) => {
      check(ctx, "cpuTime", args, []);
      return FLOAT();
    },
  },
  "rts.readByte": {
    rule: (ctx, args) => {
      check(ctx, "readByte", args, []);
      return INT();
    },
  },

  "rts.floatHighWord": systemCall([NUMBER], INT),
  "rts.floatLowWord": systemCall([NUMBER], INT),
  "rts.floatFromWords": systemCall([INTEGER, INTEGER], FLOAT),

  // the runtime's primitives ("rts/system"), used by src/runtime only
  "system.osWrite": systemCall([INTEGER, BYTES, INTEGER, INTEGER], INT),
  "system.osRead": systemCall([INTEGER, BYTES, INTEGER, INTEGER], INT),
  "system.osOpenRead": systemCall([BYTES], INT),
  "system.osClose": systemCall([INTEGER], INT),
  "system.osExit": systemCall([INTEGER], UNDEFINED),
  "system.osClock": systemCall([INTEGER], FLOAT),
  "system.loadWord": systemCall([INTEGER, INTEGER], INT),
  "system.storeWord": systemCall([INTEGER, INTEGER, INTEGER], UNDEFINED),
  "system.loadInt32": systemCall([INTEGER, INTEGER], INT),
  "system.storeInt32": systemCall([INTEGER, INTEGER, INTEGER], UNDEFINED),
  "system.loadByte": systemCall([INTEGER, INTEGER], INT),
  "system.storeByte": systemCall([INTEGER, INTEGER, INTEGER], UNDEFINED),
  "system.copyMemory": systemCall([INTEGER, INTEGER, INTEGER], UNDEFINED),
  "system.clearMemory": systemCall([INTEGER, INTEGER], UNDEFINED),
  "system.osMmap": systemCall([INTEGER], INT),
  "system.osMunmap": systemCall([INTEGER, INTEGER], INT),
  "system.osWriteRaw": systemCall([INTEGER, INTEGER, INTEGER], INT),
  "system.osCreate": systemCall([INTEGER], INT),
  "system.gcShared": systemCall([], INT),
  "system.jitSetParam": systemCall([INTEGER, INTEGER], UNDEFINED),
  "system.stackTrace": systemCall([[(s) => s.kind === "typedArray" && s.arrayKind === "Int32Array" && s.empty === 0, "an Int32Array"]], UNDEFINED),
  // machine code, for the JIT (src/lib/system.ts): calls may raise what the functions the code calls raise
  "system.osMmapCode": systemCall([INTEGER], INT),
  "system.osMprotect": systemCall([INTEGER, INTEGER, INTEGER], INT),
  "system.callMachineCode": {
    raises: true,
    rule: (ctx, args) => {
      check(ctx, "callMachineCode", args, [INTEGER, ...args.slice(1).map(() => INTEGER)]);
      return INT();
    },
  },
  "system.callMachineCodeByKind": machineCodeByKind("callMachineCodeByKind", INT),
  "system.callMachineCodeByKindFloat": machineCodeByKind("callMachineCodeByKindFloat", FLOAT),
  "system.functionAddress": {
    rule: (ctx, args) => {
      const fn = args[0];
      const one = (s: Some) => s.kind === "pbc" && s.descKind === "function" && s.descs.size === 1 && s.empty === 0;
      check(ctx, "functionAddress", args, [[one, "one function of the program (a constant, not a variable)"]]);
      if (fn === undefined || fn.kind !== "pbc" || !one(fn)) return INT();
      const desc = [...fn.descs][0] as FunctionDesc;
      if (desc.source.kind === "arrow") return ctx.fail("functionAddress() takes a function declared by name, not an arrow");
      // Machine code calls it with integers, one per declared parameter (in the integer argument registers).
      const result = ctx.callFunction(desc, Array.from({ length: declaredParams(desc) }, () => INT()));
      if (result.kind !== "int" && result.kind !== "none" && result.kind !== "impossible") {
        return ctx.fail(`functionAddress() takes a function that returns an integer or nothing (machine code reads rax), but ${desc.name} returns ${describe(result)}`);
      }
      return INT();
    },
  },
  "system.strFromUnits": systemCall([[(s) => s.kind === "typedArray" && s.arrayKind === "Uint16Array", "a Uint16Array"], INTEGER, INTEGER], STRING),
};

/**
 * callMachineCodeByKind(address, ints, floats) and its float variant: the arrays' items become
 * integers and floats (their item annotations generalised to them, as an array push would).
 */
function machineCodeByKind(name: string, result: () => Some): BuiltinEntry {
  const list = [(s: Some) => s.kind === "list" && s.empty === 0, "an array of numbers"] as const satisfies ArgumentSpec;
  return {
    raises: true,
    rule: (ctx, args) => {
      check(ctx, name, args, [INTEGER, list, list]);
      for (const [i, item, what] of [
        [1, INT(), "integers"],
        [2, FLOAT(), "floats"],
      ] as const) {
        const arg = args[i];
        if (arg?.kind !== "list" || arg.empty !== 0) continue;
        const error = arg.listdef.generalizeItem(item, ctx.reflow);
        const now = arg.listdef.item;
        if (error || now.kind !== item.kind || now.empty !== 0) return ctx.fail(`argument ${i + 1} of ${name}() must be an array of ${what}, got an array of ${describe(now)}`, arg);
      }
      return result();
    },
  };
}

function systemCall(specs: readonly ArgumentSpec[], result: () => Some): BuiltinEntry {
  return {
    rule: (ctx, args) => {
      check(ctx, "system primitive", args, specs);
      return result();
    },
  };
}

function textPredicate(name: string): BuiltinEntry {
  return {
    rule: (ctx, args) => {
      check(ctx, name, args, [TEXT, INTEGER], 1);
      return BOOL();
    },
  };
}

function substring(name: string): BuiltinEntry {
  return {
    rule: (ctx, args) => {
      check(ctx, name, args, [INTEGER, INTEGER], 2);
      return STRING();
    },
  };
}

function textToText(name: string): BuiltinEntry {
  return {
    rule: (ctx, args) => {
      check(ctx, name, args, []);
      return STRING();
    },
  };
}

function padding(name: string): BuiltinEntry {
  return {
    rule: (ctx, args) => {
      check(ctx, name, args, [INTEGER, TEXT], 1);
      return STRING();
    },
  };
}

function numberFormat(name: string): BuiltinEntry {
  return {
    rule: (ctx, args) => {
      check(ctx, name, args, [INTEGER], 1);
      return STRING();
    },
  };
}

function dictPredicate(name: string, kind: "map" | "set"): BuiltinEntry {
  return {
    rule: (ctx, args, self) => {
      if (self?.kind !== kind) return ctx.fail(`${name}() needs a ${kind === "map" ? "Map" : "Set"}`);
      check(ctx, name, args, [[() => true, "a key"]]);
      keyCheck(ctx, self, args[0]!);
      return BOOL();
    },
  };
}

/** keys(), values(), entries() of a Map or Set: an iterator for for...of. */
function dictIterator(name: string, kind: "map" | "set", variant: "keys" | "values" | "entries"): BuiltinEntry {
  return {
    rule: (ctx, args, self) => {
      if (self?.kind !== kind) return ctx.fail(`${name}() needs a ${kind === "map" ? "Map" : "Set"}`);
      check(ctx, name, args, []);
      const key = self.dictdef.readKey(ctx.place);
      if (kind === "set") return someIterator(self, variant, key);
      const value = self.dictdef.readValue(ctx.place);
      return someIterator(self, variant, variant === "keys" ? key : variant === "values" ? value : someTuple([key, value]));
    },
  };
}

function keyCheck(ctx: OpContext, self: Some & { kind: "map" | "set" }, key: Some): void {
  const known = self.dictdef.readKey(ctx.place);
  if (known.kind === "impossible" || key.kind === "impossible") return;
  ctx.union(known, key, "a key of this Map or Set and the key looked up");
}

function typedSlice(name: string): BuiltinEntry {
  return {
    rule: (ctx, args, self) => {
      check(ctx, name, args, [INTEGER, INTEGER], 2);
      return someTypedArray((self as Some & { arrayKind: TypedArrayKind }).arrayKind);
    },
  };
}

/** The constructors of builtin classes: `new Map()`, `new Uint8Array(n)`, ... */
export const BUILTIN_CONSTRUCTORS: Record<string, BuiltinEntry> = {
  Map: {
    rule: (ctx, args) => {
      check(ctx, "new Map", args, [[() => true, "an array of [key, value] pairs"]], 1);
      const map = someMap(ctx.bk.dictAt(ctx.op, "map"));
      if (args[0]) {
        const pair = iterationOf(ctx, args[0]).yields;
        const [key, value] =
          pair.kind === "tuple" && pair.items.length === 2 ? pair.items : pair.kind === "list" ? [pair.listdef.readItem(ctx.place), pair.listdef.readItem(ctx.place)] : [];
        if (!key || !value) return ctx.fail(`new Map() takes an array of [key, value] pairs, got ${describe(args[0])}`);
        const keyError = map.dictdef.generalizeKey(key, ctx.reflow);
        if (keyError) return ctx.fail(`the keys of this Map: ${keyError.message}`);
        const valueError = map.dictdef.generalizeValue(value, ctx.reflow);
        if (valueError) return ctx.fail(`the values of this Map: ${valueError.message}`);
      }
      return map;
    },
  },
  Set: {
    rule: (ctx, args) => {
      check(ctx, "new Set", args, [[() => true, "an array, a string or another Set"]], 1);
      const set = someSet(ctx.bk.dictAt(ctx.op, "set"));
      if (args[0]) {
        const error = set.dictdef.generalizeKey(iterationOf(ctx, args[0]).yields, ctx.reflow);
        if (error) return ctx.fail(`the items of this Set: ${error.message}`);
      }
      return set;
    },
  },
  ...Object.fromEntries(
    (["Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array", "Float64Array"] as const).map(
      (kind) => [
        kind,
        {
          rule: (ctx: OpContext, args: Some[]) => {
            check(ctx, `new ${kind}`, args, [INTEGER]);
            return someTypedArray(kind);
          },
        },
      ],
    ),
  ),
};

/** What to write instead of common JavaScript that RTS does not support. */
export const UNSUPPORTED: Record<string, string> = {
  "array.splice": "build a new array with slice and push",
  "array.shift": "keep an index of the first item instead",
  "array.unshift": "push to the end, or keep the array reversed",
  "string.match": "scan the string with charCodeAt or indexOf",
  "string.replace": "build the result with slice and +",
  "string.replaceAll": "build the result with split and join",
  "string.localeCompare": "compare with < and >",
  "string.size": "a string's length is .length",
  "array.size": "an array's length is .length",
  "typedarray.size": "a typed array's length is .length",
  // A view shares its array's memory at an offset; RTS typed arrays are plain GC arrays (fast to index).
  "typedarray.subarray": "copy the range with slice(start, end), or pass the array with start and end indices",
  "Map.length": "a Map's size is .size",
  "Set.length": "a Set's size is .size",
  "Map.forEach": "write a for...of loop over the Map (callbacks would be closures)",
  "Set.forEach": "write a for...of loop over the Set (callbacks would be closures)",
  "array.concat": "push the items of one array onto a copy (slice()) of the other",
  "array.reverse": "write the loop that reverses the array",
  "array.fill": "write a for loop, or use a typed array",
  "array.flat": "write a for loop that pushes the items of each inner array",
  "string.at": "index the string with s[i] (or s[s.length - 1] for the last character)",
  "array.at": "index the array with a[i] (or a[a.length - 1] for the last item)",
  "Array.from": "copy an array with slice(), or build one with a for loop and push",
  "Array.of": "write an array literal [a, b, c]",
  "Array.isArray": "RTS knows the type of every value; there is nothing to test",
  "new Array": "write [] and push the items, or use a typed array (new Int32Array(n)) for a fixed size",
  Array: "write [] and push the items",
  "new Object": "declare a class and use new",
  "new Date": "use Date.now() or performance.now() for the time",
};

/** A receiver's name in builtin keys. */
export function receiverName(s: Some): string | undefined {
  switch (s.kind) {
    case "string":
    case "char":
      return "string";
    case "int":
    case "float":
      return "number";
    case "list":
      return "array";
    case "typedArray":
      return "typedarray";
    case "map":
      return "Map";
    case "set":
      return "Set";
    default:
      return undefined;
  }
}

/** What iterating over a value yields (for...of). */
export function iterationOf(ctx: OpContext, s: Some): Some & { kind: "iterator" } {
  if (s.kind !== "none" && s.empty !== 0) {
    ctx.fail(`for...of over a value that may be ${s.empty === 1 ? "null" : s.empty === 2 ? "undefined" : "null or undefined"} (${describe(s)}): test it first`);
  }
  switch (s.kind) {
    case "iterator":
      return s;
    case "list":
      return someIterator(s, "values", s.listdef.readItem(ctx.place));
    case "string":
    case "char":
      return someIterator(s, "values", someChar());
    case "typedArray":
      return someIterator(s, "values", typedArrayItem(s.arrayKind));
    case "map":
      return someIterator(s, "entries", someTuple([s.dictdef.readKey(ctx.place), s.dictdef.readValue(ctx.place)]));
    case "set":
      return someIterator(s, "keys", s.dictdef.readKey(ctx.place));
    default:
      return ctx.fail(`for...of needs an array, string, typed array, Map or Set, got ${describe(s)}`);
  }
}
