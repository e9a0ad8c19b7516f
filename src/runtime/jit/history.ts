/**
 * The data of traces (RPython's rpython/jit/metainterp/history.py and the value classes of
 * resoperation.py): values (input arguments, operations, constants), descriptors, and a trace.
 *
 * RTS: translated into every binary with `--jit` (issue 17), so it holds classes with fields
 * only, no closures and no plain objects. A value's kind is a one-character string: `i` an
 * integer, `r` a reference (a GC pointer, held as its address), `f` a float, `n` nothing.
 * References and addresses are integers (0 is null), as the LL interpreter's memory and machine
 * code both see them.
 *
 * As in RPython since 2015, an operation is its own result: `i2 = int_add(i0, 1)` is one
 * ResOperation of kind `i`, which later operations take as an argument.
 */

import { RESOPS } from "./resoperation.js";

// ---------------------------------------------------------------------------------------------
// values

/** What an operation takes as an argument: an input argument, the result of an operation, a constant. */
export class AbstractValue {
  /** `i`, `r`, `f`, or `n` (an operation without result). */
  readonly kind: string;
  /**
   * Its name in text (`i3`, `p3`, `f3` for 3), unique in its trace: given by the trace that
   * records it, or read by the parser; -1 for a constant.
   */
  number: number;

  constructor(kind: string, number: number) {
    this.kind = kind;
    this.number = number;
  }
}

/** An argument of the trace: a value live at its start. */
export class InputArg extends AbstractValue {}

/**
 * A value detached from the trace it was recorded in: its kind and number, no operation behind
 * it. What outlives a trace compiled to machine code (the backend's exits, the guards' resume
 * data) holds these, so that the trace's operations, which every operation reaches through its
 * arguments, are garbage.
 */
export class DetachedValue extends AbstractValue {}

/**
 * Makes each of values that is an operation or an input a DetachedValue, the same one wherever
 * the value was (`map`: one per trace, since its resume data share snapshots and boxes).
 */
export function detachValues(values: AbstractValue[], map: Map<AbstractValue, AbstractValue>): void {
  for (let k = 0; k < values.length; k++) {
    const value = values[k]!;
    if (value instanceof Const || value instanceof DetachedValue) continue;
    let detached = map.get(value);
    if (detached === undefined) {
      detached = new DetachedValue(value.kind, value.number);
      map.set(value, detached);
    }
    values[k] = detached;
  }
}

/** A constant argument: its value is in the subclass. */
export class Const extends AbstractValue {
  constructor(kind: string) {
    super(kind, -1);
  }
}

/**
 * An integer constant. A class pointer (what guard_class compares with) is an integer too, as in
 * RPython; `name`, when not empty, prints it `ConstClass(name)`.
 */
export class ConstInt extends Const {
  readonly value: number;
  readonly name: string;

  constructor(value: number, name: string) {
    super("i");
    this.value = value;
    this.name = name;
  }
}

export class ConstFloat extends Const {
  readonly value: number;

  constructor(value: number) {
    super("f");
    this.value = value;
  }
}

/** A reference constant: the object's address (0: null, printed `NULL`); `name`, when not empty, prints it `ConstPtr(name)`. */
export class ConstPtr extends Const {
  readonly value: number;
  readonly name: string;

  constructor(value: number, name: string) {
    super("r");
    this.value = value;
    this.name = name;
  }
}

/** A string, only as the printable location of debug_merge_point (it has no kind: nothing computes with it). */
export class ConstText extends Const {
  readonly text: string;

  constructor(text: string) {
    super("n");
    this.text = text;
  }
}

/** Whether two constants are the same value (floats by their bits, as guard_value compares). */
export function sameConstant(a: AbstractValue, b: AbstractValue): boolean {
  if (a instanceof ConstInt && b instanceof ConstInt) return a.value === b.value;
  if (a instanceof ConstPtr && b instanceof ConstPtr) return a.value === b.value;
  if (a instanceof ConstFloat && b instanceof ConstFloat) {
    if (a.value !== a.value) return b.value !== b.value;
    return a.value === b.value && 1 / a.value === 1 / b.value;
  }
  return false;
}

/** Whether two values are the same: one box, or constants of one value (a constant object by its address). */
export function sameValue(a: AbstractValue, b: AbstractValue): boolean {
  return a === b || sameConstant(a, b);
}

/** Every argument a constant. */
export function allConstant(args: AbstractValue[]): boolean {
  for (let k = 0; k < args.length; k++) if (!(args[k]! instanceof Const)) return false;
  return true;
}

/**
 * Whether a field or item of the kind and size is an integer narrower than a word: a store keeps
 * the value's low bytes only, so a read does not give back the value stored.
 */
export function isNarrowInteger(kind: string, size: number): boolean {
  return kind === "i" && size < 8;
}

// ---------------------------------------------------------------------------------------------
// descriptors: what an operation knows of the objects, arrays and functions it touches

/** A descriptor. `name` is how text shows it (`descr=name`): a parser namespace's key, or a repr such as `<Guard0x3>`. */
export class Descr {
  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }
}

/** A field of a struct: getfield_*, setfield_*, quasiimmut_field. */
export class FieldDescr extends Descr {
  /** The struct's and the field's names, for logs. */
  readonly structName: string;
  readonly fieldName: string;
  /** Its offset from the object's address (the GC header included), and its size in bytes (1, 2, 4, 8). */
  readonly offset: number;
  readonly size: number;
  /** `i`, `r` (a GC pointer: the backend adds the write barrier) or `f`. */
  readonly kind: string;
  readonly signed: boolean;
  /** Never written after the object is built: the optimizer may read it once. */
  readonly immutable: boolean;
  /** Written rarely: traces assume its value and are invalidated when it changes. */
  readonly quasiImmutable: boolean;

  constructor(name: string, structName: string, fieldName: string, offset: number, size: number, kind: string, signed: boolean, immutable: boolean, quasiImmutable: boolean) {
    super(name);
    this.structName = structName;
    this.fieldName = fieldName;
    this.offset = offset;
    this.size = size;
    this.kind = kind;
    this.signed = signed;
    this.immutable = immutable;
    this.quasiImmutable = quasiImmutable;
  }

  isPointer(): boolean {
    return this.kind === "r";
  }
}

/**
 * An array (or a struct's variable-sized array field, or a string's code units): item i is at
 * address + baseOffset + i * itemSize, the length is a word at address + lengthOffset. For
 * raw_load and raw_store, only the item's size, kind and sign matter.
 *
 * One field of an array of inline structs (RPython's GcArray(Struct(...)), the codewriter's
 * getitemfield and setitemfield) is an array of its own: baseOffset is item 0's field, itemSize
 * the struct's size (the step from one item to the next) and fieldSize the field's, which is what
 * an access loads or stores; for any other array fieldSize is itemSize.
 */
export class ArrayDescr extends Descr {
  readonly baseOffset: number;
  readonly itemSize: number;
  /** The bytes an item access loads or stores: itemSize, or the field's for a field of inline struct items. */
  readonly fieldSize: number;
  readonly lengthOffset: number;
  readonly itemKind: string;
  readonly signed: boolean;
  readonly immutable: boolean;
  /** The GC type id an allocation's header gets (new_array, newstr). */
  readonly typeId: number;

  /** fieldSize 0: the item's own size (every array but the field of inline struct items). */
  constructor(name: string, baseOffset: number, itemSize: number, lengthOffset: number, itemKind: string, signed: boolean, immutable: boolean, typeId: number, fieldSize: number = 0) {
    super(name);
    this.typeId = typeId;
    this.baseOffset = baseOffset;
    this.itemSize = itemSize;
    this.fieldSize = fieldSize === 0 ? itemSize : fieldSize;
    this.lengthOffset = lengthOffset;
    this.itemKind = itemKind;
    this.signed = signed;
    this.immutable = immutable;
  }

  isArrayOfPointers(): boolean {
    return this.itemKind === "r";
  }

  /** The bytes of an array of n items. */
  totalSize(n: number): number {
    return this.baseOffset + n * this.itemSize;
  }
}

/** The size of a struct: new, new_with_vtable (then `vtable` is the class, else 0). */
export class SizeDescr extends Descr {
  readonly size: number;
  readonly typeId: number;
  readonly vtable: number;

  constructor(name: string, size: number, typeId: number, vtable: number) {
    super(name);
    this.size = size;
    this.typeId = typeId;
    this.vtable = vtable;
  }
}

/** What a call may do (RPython's EffectInfo): the optimizer keeps what it knows across calls that do not touch it. */
export class EffectInfo {
  /** One of the EF_* levels below. */
  readonly extraEffect: number;
  readonly canRaise: boolean;
  readonly canCollect: boolean;
  readonly readsFields: readonly FieldDescr[];
  readonly writesFields: readonly FieldDescr[];
  readonly readsArrays: readonly ArrayDescr[];
  readonly writesArrays: readonly ArrayDescr[];

  constructor(
    extraEffect: number,
    canRaise: boolean,
    canCollect: boolean,
    readsFields: readonly FieldDescr[],
    writesFields: readonly FieldDescr[],
    readsArrays: readonly ArrayDescr[],
    writesArrays: readonly ArrayDescr[],
  ) {
    this.extraEffect = extraEffect;
    this.canRaise = canRaise;
    this.canCollect = canCollect;
    this.readsFields = readsFields;
    this.writesFields = writesFields;
    this.readsArrays = readsArrays;
    this.writesArrays = writesArrays;
  }

  isElidable(): boolean {
    return this.extraEffect === EF_ELIDABLE_CANNOT_RAISE || this.extraEffect === EF_ELIDABLE_CAN_RAISE;
  }
}

/** RPython's extra effects, in increasing order of what the optimizer must forget. */
export const EF_ELIDABLE_CANNOT_RAISE = 0;
export const EF_LOOPINVARIANT = 1;
export const EF_CANNOT_RAISE = 2;
export const EF_ELIDABLE_CAN_RAISE = 3;
export const EF_CAN_RAISE = 4;
export const EF_FORCES_VIRTUAL_OR_VIRTUALIZABLE = 5;
export const EF_RANDOM_EFFECTS = 6;

/** A function's signature and effects: call_*, call_pure_*, call_may_force_*, cond_call_n. */
export class CallDescr extends Descr {
  /** The kinds of the arguments after the function, one character each (`iri`). */
  readonly argKinds: string;
  /** `i`, `r`, `f` or `n`. */
  readonly resultKind: string;
  readonly resultSize: number;
  readonly resultSigned: boolean;
  readonly effect: EffectInfo;

  constructor(name: string, argKinds: string, resultKind: string, resultSize: number, resultSigned: boolean, effect: EffectInfo) {
    super(name);
    this.argKinds = argKinds;
    this.resultKind = resultKind;
    this.resultSize = resultSize;
    this.resultSigned = resultSigned;
    this.effect = effect;
  }
}

/** Which guard failed (one per guard; resume data hangs here later). */
export class FailDescr extends Descr {
  readonly index: number;

  constructor(name: string, index: number) {
    super(name);
    this.index = index;
  }
}

/** What a finish operation leaves the trace with (RPython's BasicFinalDescr). */
export class FinalDescr extends Descr {
  readonly index: number;

  constructor(name: string, index: number) {
    super(name);
    this.index = index;
  }
}

/** A label's identity: a jump with the same token goes there. */
export class TargetToken extends Descr {}

// ---------------------------------------------------------------------------------------------
// operations and traces

/** One operation of a trace, and its result when it has one. */
export class ResOperation extends AbstractValue {
  /** Its number in the resoperation table (RESOPS[opnum]). */
  readonly opnum: number;
  readonly args: AbstractValue[];
  descr: Descr | null;
  /** For a guard: the values the trace leaves with when it fails (null before they are known). */
  failArgs: AbstractValue[] | null;

  constructor(opnum: number, args: AbstractValue[], descr: Descr | null, number: number) {
    super(RESOPS[opnum]!.result, number);
    this.opnum = opnum;
    this.args = args;
    this.descr = descr;
    this.failArgs = null;
  }

  name(): string {
    return RESOPS[this.opnum]!.name;
  }

  isGuard(): boolean {
    return RESOPS[this.opnum]!.guard;
  }
}

/** A trace: its input arguments and operations (a loop starts with a label and ends with a jump to it). */
export class Trace {
  readonly inputArgs: InputArg[];
  readonly operations: ResOperation[];
  /** The next unused value number. */
  nextNumber: number;

  constructor() {
    this.inputArgs = [];
    this.operations = [];
    this.nextNumber = 0;
  }

  /** A new input argument of the kind. */
  addInputArg(kind: string): InputArg {
    const arg = new InputArg(kind, this.nextNumber);
    this.nextNumber++;
    this.inputArgs.push(arg);
    return arg;
  }

  /** Records an operation at the end (numbered when it has a result). */
  record(opnum: number, args: AbstractValue[], descr: Descr | null): ResOperation {
    let number = -1;
    if (RESOPS[opnum]!.result !== "n") {
      number = this.nextNumber;
      this.nextNumber++;
    }
    const op = new ResOperation(opnum, args, descr, number);
    this.operations.push(op);
    return op;
  }

  /** Records a guard with its fail arguments. */
  recordGuard(opnum: number, args: AbstractValue[], descr: Descr | null, failArgs: AbstractValue[]): ResOperation {
    const op = this.record(opnum, args, descr);
    op.failArgs = failArgs;
    return op;
  }
}

/** The integer constant n. */
export function constInt(n: number): ConstInt {
  return new ConstInt(n, "");
}

/** The null reference. */
export function constNull(): ConstPtr {
  return new ConstPtr(0, "");
}
