/**
 * Annotation rules for reading and writing parts of values: getattr and setattr (fields of
 * instances, `length` and `size`, static members, namespace members such as Math.PI), getitem
 * and setitem (arrays, strings, typed arrays, tuples) and newarray (an array literal: a list
 * when its items have one type, else a tuple).
 *
 * A field that no code sets, a getter or a setter, a method read as a value, and any of these
 * on a value that may be null are errors that say what to write instead.
 */

import { IMMUTABLE_FIELDS, declaredMutability, isConstructionWrite } from "./fields.js";
import { Constant } from "../frontend/model.js";
import { functionUsesThis } from "../frontend/arrow.js";
import { ClassDesc, FrozenDesc, type Some } from "./bookkeeper.js";
import { BUILTINS, UNSUPPORTED, receiverName } from "./builtins.js";
import { generalizeAttr, lookupAttr, readAttr } from "./classdef.js";
import { OpFailure, type OpContext } from "./context.js";
import { unionAdvice } from "./diagnostics.js";
import {
  EMPTY_UNDEFINED,
  describe,
  isUnionError,
  someBuiltin,
  someImpossible,
  someChar,
  someInteger,
  someList,
  someNone,
  someTuple,
  somePBC,
  typedArrayItem,
} from "./model.js";
import { containerError, constName, constantOf, integerAdvice, numeric, requirePresent, type Rule } from "./rule-helpers.js";

export const getattr: Rule = (ctx, [obj]) => {
  const name = constName(ctx.op, 1);
  const s = obj!;
  requirePresent(ctx, s, `reading .${name} of`);
  switch (s.kind) {
    case "instance": {
      const receiver = ctx.op.args[0];
      return instanceField(ctx, s, name, receiver instanceof Constant ? (receiver.value as object) : undefined);
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
  return ctx.fail(`${describe(s)} has no attribute '${name}'${suggestion(s, name)}`, s);
};

/**
 * A field read on an instance; a field that nothing has set yet fails (for now: see
 * diagnostics.ts). `prebuilt` is the instance when it is a constant (made at import time).
 */
function instanceField(ctx: OpContext, s: Some & { kind: "instance" }, name: string, prebuilt: object | undefined): Some {
  const desc = s.classdef.desc as ClassDesc | null;
  if (desc) {
    const accessor = ctx.bk.accessorOf(desc, name);
    if (accessor) return ctx.fail(accessorMessage(name, accessor.getter ? "get" : "set"));
    if (ctx.bk.findMethod(desc, name)) return methodAsValue(ctx, name, prebuilt);
  }
  const value = readAttr(s.classdef, name, ctx.place, ctx.reflow);
  if (isUnionError(value)) return ctx.fail(value.message);
  if (value.kind === "impossible") {
    // No object of the class exists (yet): the read cannot run, as after `x instanceof C` for a
    // C the program never makes (code that handles every kind of a family of classes, of which
    // a program uses some). It is reflowed when one is made, and fails then if still unset.
    if (!ctx.bk.hasInstances(s.classdef)) {
      ctx.bk.waitForInstances(s.classdef, ctx.place);
      return someImpossible();
    }
    return ctx.fail(`${s.classdef.name} has no field '${name}': no code of the program sets it`);
  }
  return value;
}

/**
 * A method read as a value. JavaScript calls such a reference without its object (`this` is
 * undefined), so it is RTS only when the method does not use `this`, and only through a
 * prebuilt object, whose class (and so the method) is known: then it is a plain function.
 */
function methodAsValue(ctx: OpContext, name: string, prebuilt: object | undefined): Some {
  const shown = receiverText(ctx);
  const arrow = `(x) => ${shown}.${name}(x)`;
  if (!prebuilt) {
    return ctx.fail(`methods are not values in RTS: call ${name}() directly, or give an array method an arrow that calls it: ${arrow}`);
  }
  const live = (prebuilt as Record<string, unknown>)[name];
  const method = typeof live === "function" ? ctx.bk.functionDesc(live) : undefined;
  if (!method?.source.node) return ctx.fail(`methods are not values in RTS: call ${name}() directly`);
  if (functionUsesThis(method.source.node)) {
    return ctx.fail(
      `${method.name} uses \`this\`, which JavaScript leaves undefined when the method is passed as a value (${shown}.${name}); ` +
        `pass an arrow that calls it on its object instead: ${arrow}`,
    );
  }
  return somePBC([ctx.bk.unboundMethodDesc(method)]);
}

/** How the receiver of the operation was written (`helper` in helper.scale), for advice. */
function receiverText(ctx: OpContext): string {
  const pos = ctx.op.pos;
  const line = ctx.bk.program.modules.find((m) => m.shown === pos.file)?.code.split("\n")[pos.line - 1];
  const match = line ? /^(?:this|[A-Za-z_$][\w$]*)/.exec(line.slice(pos.column - 1)) : null;
  return match ? match[0] : "obj";
}

/** What to write instead of a getter or setter. */
export function accessorMessage(name: string, kind: "get" | "set"): string {
  if (kind === "get") return `'${name}' is a getter, which RTS does not have; make it a method, ${name}(), and call it`;
  const setter = `set${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  return `'${name}' is a setter, which RTS does not have; make it a method, ${setter}(value), and call it`;
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

/** `Math.floor`, `Math.PI`, `process.stdout`: a builtin of the table or a constant. */
export function namespaceAttribute(ctx: OpContext, namespace: string, name: string): Some {
  const full = `${namespace}.${name}`;
  if (BUILTINS[full] || full === "process.stdout" || full === "process.stderr") return someBuiltin(full);
  const live = NAMESPACES[namespace];
  const value = live ? (live as Record<string, unknown>)[name] : undefined;
  if (typeof value === "number" || typeof value === "string") return constantOf(ctx, value);
  const hint = UNSUPPORTED[full] ?? UNSUPPORTED[namespace];
  return ctx.fail(`${full} is not supported in RTS${hint ? `; ${hint}` : ""}`);
}

const NAMESPACES: Record<string, unknown> = { Math, Number, String, process, console, Date };

export const setattr: Rule = (ctx, [obj, , value]) => {
  const name = constName(ctx.op, 1);
  const s = obj!;
  requirePresent(ctx, s, `setting .${name} on`);
  if (s.kind === "list" && name === "length") {
    if (value!.kind !== "int" || value!.empty !== 0) return ctx.fail(`the length of an array is set to an integer, got ${describe(value!)}`);
    s.listdef.resize();
    return someNone(EMPTY_UNDEFINED);
  }
  if (s.kind === "pbc" && s.descKind === "class") {
    return ctx.fail(
      `cannot set ${[...s.descs][0]!.name}.${name}: static fields are constants after import time; keep state that changes in a field of an object`,
    );
  }
  if (s.kind !== "instance") return ctx.fail(`cannot set .${name} on ${describe(s)}; only objects of the program's classes have fields`, s);
  const desc = s.classdef.desc as ClassDesc | null;
  const accessor = desc ? ctx.bk.accessorOf(desc, name) : undefined;
  if (accessor) return ctx.fail(accessorMessage(name, accessor.setter ? "set" : "get"));
  const found = lookupAttr(s.classdef, name);
  const before = found?.attr;
  const result = generalizeAttr(s.classdef, name, value!, ctx.reflow);
  if ("kind" in result) {
    const old = before ? describe(before.value) : "";
    const message = unionAdvice(result.message, old, ctx.bk.fieldOrigin(before), ctx.op.pos);
    const cell = found && { cell: found.attr, value: found.attr.value, subject: `${found.owner.name}.${name}`, event: "it is assigned", plural: false };
    throw new OpFailure(message, [value], false, cell ? [cell] : []);
  }
  ctx.bk.noteFieldOrigin(result, ctx.op.pos);
  const owner = lookupAttr(s.classdef, name);
  if (owner && !isConstructionWrite(ctx.op, ctx.desc, owner.owner)) {
    const fixed = (m: string | undefined) => m === "immutable" || m === "immutable-items";
    if (fixed(declaredMutability(s.classdef, name)) || fixed(declaredMutability(owner.owner, name))) {
      return ctx.fail(`${owner.owner.name}.${name} is declared immutable (static ${IMMUTABLE_FIELDS}): it may be set only on this in a constructor; declare it "${name}?" (quasi-immutable) if it changes rarely`);
    }
    owner.attr.writtenAfterConstruction ??= ctx.op.memberPos ?? ctx.op.pos;
  }
  return someNone(EMPTY_UNDEFINED);
};

export const getitem: Rule = (ctx, [obj, index]) => {
  const s = obj!;
  requirePresent(ctx, s, "indexing");
  if (s.kind === "tuple") {
    const i = index!.const?.value;
    if (typeof i !== "number" || !(i in s.items)) {
      return ctx.fail(
        `a tuple ${describe(s)} is indexed by a constant from 0 to ${s.items.length - 1}; ` +
          "to index it with a variable, make its items one type (an array) or use a class",
      );
    }
    return s.items[i]!;
  }
  if (index!.kind !== "int" || index!.empty !== 0) return ctx.fail(`an index must be an integer, got ${describe(index!)}${integerAdvice(index!)}`, index);
  switch (s.kind) {
    case "list":
      return s.listdef.readItem(ctx.place);
    case "string":
    case "char":
      return someChar();
    case "typedArray":
      return typedArrayItem(s.arrayKind);
    default:
      return ctx.fail(`${describe(s)} cannot be indexed${s.kind === "map" ? "; use get()" : ""}`, s);
  }
};

export const setitem: Rule = (ctx, [obj, index, value]) => {
  const s = obj!;
  requirePresent(ctx, s, "storing an item into");
  if (index!.kind !== "int" || index!.empty !== 0) return ctx.fail(`an index must be an integer, got ${describe(index!)}${integerAdvice(index!)}`, index);
  if (s.kind === "list") {
    const before = s.listdef.item;
    const error = s.listdef.generalizeItem(value!, ctx.reflow);
    if (error) return ctx.fail(containerError(ctx, s.listdef, `this array holds ${describe(before)}`, `cannot store ${describe(value!)} into it`, error), value);
    s.listdef.mutate();
  } else if (s.kind === "typedArray") {
    if (!numeric(value!)) return ctx.fail(`a ${s.arrayKind} stores numbers, got ${describe(value!)}`);
  } else if (s.kind === "tuple") {
    return ctx.fail(`cannot store items into a tuple ${describe(s)} (an array literal whose items have different types); use a class`);
  } else {
    return ctx.fail(`cannot store items into ${describe(s)}${s.kind === "map" ? "; use set()" : ""}`);
  }
  return someNone(EMPTY_UNDEFINED);
};

export const newarray: Rule = (ctx, items) => {
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

