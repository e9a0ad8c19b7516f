// Lox values, as a class hierarchy rooted at LoxValue: nil, booleans, numbers, strings,
// functions, closures, upvalues, classes, instances, bound methods and natives (the object kinds
// of clox's object.h). Also how values print (clox's printValue, with numbers as printf("%g")),
// equality and truthiness.

import { cpuTime, elidable, promote } from "rts";
import { Chunk } from "./chunk.ts";

/** The root of every Lox value. */
export class LoxValue {
  /** The text `print` shows for this value. */
  show(): string {
    return "<value>";
  }
}

export class LoxNil extends LoxValue {
  override show(): string {
    return "nil";
  }
}

export class LoxBool extends LoxValue {
  value: boolean;
  constructor(value: boolean) {
    super();
    this.value = value;
  }
  override show(): string {
    return this.value ? "true" : "false";
  }
}

export class LoxNumber extends LoxValue {
  value: number;
  constructor(value: number) {
    super();
    this.value = value;
  }
  override show(): string {
    return formatNumber(this.value);
  }
}

/** A string. clox interns strings so that == compares them by value; here equality compares chars. */
export class ObjString extends LoxValue {
  chars: string;
  constructor(chars: string) {
    super();
    this.chars = chars;
  }
  override show(): string {
    return this.chars;
  }
}

/** A compiled function: its code, arity and how many upvalues its closures capture. */
export class ObjFunction extends LoxValue {
  arity: number;
  upvalueCount: number;
  chunk: Chunk;
  /** null for the top-level script. */
  name: ObjString | null;
  constructor(name: ObjString | null) {
    super();
    this.arity = 0;
    this.upvalueCount = 0;
    this.chunk = new Chunk();
    this.name = name;
  }
  override show(): string {
    const name = this.name;
    if (name === null) return "<script>";
    return `<fn ${name.chars}>`;
  }
}

/**
 * A variable captured by a closure. While open it lives in the VM's value stack at `slot`;
 * when the variable goes out of scope it is closed: `slot` becomes -1 and the value moves to
 * `closed`. Open upvalues form a list sorted by slot, highest first (clox's vm.openUpvalues).
 */
export class ObjUpvalue extends LoxValue {
  slot: number;
  closed: LoxValue;
  next: ObjUpvalue | null;
  constructor(slot: number, next: ObjUpvalue | null) {
    super();
    this.slot = slot;
    this.closed = NIL;
    this.next = next;
  }
  override show(): string {
    return "upvalue";
  }
}

export class ObjClosure extends LoxValue {
  function: ObjFunction;
  upvalues: ObjUpvalue[];
  constructor(fn: ObjFunction) {
    super();
    this.function = fn;
    this.upvalues = [];
  }
  override show(): string {
    return this.function.show();
  }
}

export class ObjClass extends LoxValue {
  name: ObjString;
  methods: Map<string, ObjClosure>;
  /** The keys of methods, in insertion order (so that OP_INHERIT can copy them without iterators). */
  methodNames: string[];
  /** The map of this class's instances before they have fields. */
  emptyMap: InstanceMap;
  /** methods.get("init") ?? null, kept by setMethod: the interpreter's call of a class reads it (the JIT folds the lookup instead). */
  initializer: ObjClosure | null;
  constructor(name: ObjString) {
    super();
    this.name = name;
    this.methods = new Map();
    this.methodNames = [];
    this.emptyMap = new InstanceMap(new Map());
    this.initializer = null;
  }
  setMethod(name: string, method: ObjClosure): void {
    if (!this.methods.has(name)) this.methodNames.push(name);
    this.methods.set(name, method);
    if (name === "init") this.initializer = method;
  }
  override show(): string {
    return this.name.chars;
  }
}

/**
 * Where an instance keeps each of its fields (PyPy's maps, V8's hidden classes): instances whose
 * fields were added in the same order share one map, and keep only the values, by index. A map
 * never changes once made (its transitions only grow), so the JIT, promoting an instance's map,
 * takes a field's index as a constant (fieldIndex is elidable) and reads the field with one load;
 * without the JIT, the lookup is in the map's small table, which all those instances share.
 */
export class InstanceMap {
  /** The index of each field name. */
  readonly indexes: Map<string, number>;
  /** The map an instance of this one goes to when it adds a field of that name. */
  readonly transitions: Map<string, InstanceMap>;
  constructor(indexes: Map<string, number>) {
    this.indexes = indexes;
    this.transitions = new Map();
  }
}

/** The index of field name in map, or -1. Elidable: a map's fields never change. */
export const fieldIndex = elidable((map: InstanceMap, name: string): number => map.indexes.get(name) ?? -1);

/**
 * The map after adding field name to map (made once, then found in map's transitions).
 * Elidable: the same map and name always give the same map.
 */
export const mapWithField = elidable((map: InstanceMap, name: string): InstanceMap => {
  const known = map.transitions.get(name);
  if (known !== undefined) return known;
  const indexes = new Map(map.indexes);
  indexes.set(name, map.indexes.size);
  const made = new InstanceMap(indexes);
  map.transitions.set(name, made);
  return made;
});

export class ObjInstance extends LoxValue {
  klass: ObjClass;
  map: InstanceMap;
  /** The fields' values, at their map's indexes. */
  values: LoxValue[];
  constructor(klass: ObjClass) {
    super();
    this.klass = klass;
    this.map = klass.emptyMap;
    this.values = [];
  }
  /** The field's value, or undefined when this instance has no such field. */
  getField(name: string): LoxValue | undefined {
    const index = fieldIndex(promote(this.map), name);
    return index < 0 ? undefined : this.values[index];
  }
  setField(name: string, value: LoxValue): void {
    const map = promote(this.map);
    const index = fieldIndex(map, name);
    if (index >= 0) {
      this.values[index] = value;
      return;
    }
    this.map = mapWithField(map, name);
    this.values.push(value);
  }
  override show(): string {
    return `${this.klass.name.chars} instance`;
  }
}

export class ObjBoundMethod extends LoxValue {
  receiver: LoxValue;
  method: ObjClosure;
  constructor(receiver: LoxValue, method: ObjClosure) {
    super();
    this.receiver = receiver;
    this.method = method;
  }
  override show(): string {
    return this.method.function.show();
  }
}

/** A function implemented by the VM; each native is a subclass overriding call. */
export class ObjNative extends LoxValue {
  /** Called with the arguments in args[start .. start + argCount). */
  call(args: LoxValue[], start: number, argCount: number): LoxValue {
    return NIL;
  }
  override show(): string {
    return "<native fn>";
  }
}

/** clock(): the processor time used so far, in seconds, as clox's `(double)clock() / CLOCKS_PER_SEC`. */
export class ClockNative extends ObjNative {
  override call(args: LoxValue[], start: number, argCount: number): LoxValue {
    return new LoxNumber(cpuTime());
  }
}

/**
 * Global variables. clox keeps them in a hash table keyed by name; here the compiler gives each
 * global name a slot once (slotFor) and the bytecode carries the slot beside the name's constant,
 * so a lookup is an array access. A slot holds null while its variable is not defined, which
 * keeps clox's late binding and its "Undefined variable" errors.
 */
export class Globals {
  slots: Map<string, number>;
  values: (LoxValue | null)[];
  constructor() {
    this.slots = new Map();
    this.values = [];
  }
  slotFor(name: string): number {
    const slot = this.slots.get(name);
    if (slot !== undefined) return slot;
    this.values.push(null);
    this.slots.set(name, this.values.length - 1);
    return this.values.length - 1;
  }
  define(name: string, value: LoxValue): void {
    this.values[this.slotFor(name)] = value;
  }
}

export const NIL = new LoxNil();
export const TRUE = new LoxBool(true);
export const FALSE = new LoxBool(false);

/** nil and false are falsey; everything else is truthy. Booleans are only ever TRUE or FALSE. */
export function isFalsey(value: LoxValue): boolean {
  return value === NIL || value === FALSE;
}

/** Lox ==: numbers and strings by value, everything else by identity. */
export function valuesEqual(a: LoxValue, b: LoxValue): boolean {
  if (a instanceof LoxNumber) {
    return b instanceof LoxNumber && a.value === b.value;
  }
  if (a instanceof ObjString) {
    return b instanceof ObjString && a.chars === b.chars;
  }
  return a === b;
}

/** Formats a number exactly as C's printf("%g") does (six significant digits). */
export function formatNumber(n: number): string {
  if (n !== n) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (n === 0) return 1 / n < 0 ? "-0" : "0";
  // The range test first: Math.floor gives an integer, which a translated program cannot hold
  // past 2^53 (an integral Lox number of 1e16 must print as 1e+16, not stop the program).
  if (n < 1e6 && n > -1e6 && Math.floor(n) === n) return String(n);
  const negative = n < 0;
  const magnitude = negative ? -n : n;
  // Six significant digits, rounded as JavaScript does (ties away from zero)...
  let rounded = magnitude.toExponential(5);
  // ...but printf rounds an exact tie to even: look at the exact digits that follow.
  const exact = magnitude.toExponential(20);
  if (exact.charAt(7) === "5" && (exact.charCodeAt(6) - 48) % 2 === 0 && zerosFrom(exact, 8, 22)) {
    rounded = exact.substring(0, 7) + exact.substring(22);
  }
  // rounded is "d.ddddde+X" or "d.ddddde-X".
  const digits = rounded.charAt(0) + rounded.substring(2, 7);
  const exponent = Math.trunc(Number(rounded.substring(8)));
  let text: string;
  if (exponent < -4 || exponent >= 6) {
    const fraction = stripZeros(digits.substring(1));
    const mantissa = fraction.length > 0 ? `${digits.charAt(0)}.${fraction}` : digits.charAt(0);
    const e = exponent < 0 ? -exponent : exponent;
    text = `${mantissa}e${exponent < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  } else if (exponent >= 0) {
    const whole = digits.substring(0, exponent + 1);
    const fraction = stripZeros(digits.substring(exponent + 1));
    text = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  } else {
    let zeros = "";
    for (let i = -1; i > exponent; i--) zeros += "0";
    text = `0.${zeros}${stripZeros(digits)}`;
  }
  return negative ? `-${text}` : text;
}

function zerosFrom(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (s.charAt(i) !== "0") return false;
  }
  return true;
}

function stripZeros(s: string): string {
  let end = s.length;
  while (end > 0 && s.charAt(end - 1) === "0") end--;
  return s.substring(0, end);
}
