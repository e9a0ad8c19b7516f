/**
 * The operations of traces ("resoperations"), as one table of data: RPython's
 * rpython/jit/metainterp/resoperation.py. The meta-interpreter records them, the optimizer
 * rewrites them, the trace interpreter and each backend execute them; nothing else keeps its own
 * list of their properties.
 *
 * Each entry gives the kinds of the arguments (`ii`; `.` any kind; `*` any number of any kinds),
 * the kind of the result (`i` an integer, `r` a reference: a GC pointer, `f` a float, `n` none), the flags below,
 * and the kind of descriptor it takes (history.ts holds the descriptors):
 *
 * - pure: no side effect and the result depends only on the arguments (RPython's always-pure
 *   operations): the optimizer folds it on constants and shares equal ones;
 * - read: no side effect, but reads memory or allocates (RPython's no-side-effect operations): it
 *   may be removed when its result is unused, never folded;
 * - effect: a side effect (a store, a call);
 * - guard: checks a condition; when it does not hold, the trace is left with the values of the
 *   guard's fail arguments. Guards have no result, except guard_exception, which gives the
 *   exception it checked;
 * - foldable: a guard the optimizer may remove when it proves it (guard_true .. guard_nonnull_class);
 * - ovf: an arithmetic operation whose overflow the next operation tests (guard_no_overflow or
 *   guard_overflow). Overflow means what it means in RTS: the result leaves the integers that
 *   JavaScript keeps exact (|x| <= 2^53), as the LL operation int_add_ovf says;
 * - raise: may leave an exception pending (calls): guard_no_exception or guard_exception follows;
 * - alloc: allocates, so the GC may run;
 * - final: ends the trace (jump, finish).
 *
 * Calls have a call kind: plain (call_*), pure (call_pure_*: an elidable function, which the
 * optimizer folds on constant arguments and removes before the backend), may_force (the callee
 * may force virtual objects of the trace's frames; guard_not_forced follows),
 * loopinvariant (the result is the same in every iteration), cond (cond_call_n: calls only when
 * the first argument is true).
 *
 * Strings. RTS strings are immutable arrays of UTF-16 code units, and the LL level has one string
 * type: so the trace IR has one family, with RPython's names for byte strings (strlen,
 * strgetitem, strsetitem, newstr, copystrcontent) meaning UTF-16 strings, and no unicode* family.
 * Unlike RPython, where the backend knows the layout of STR, they take the string type's array
 * descriptor, because here layouts come from the LL types (the codewriter gives it).
 *
 * `getinteriorfield_gc` is absent: an LL struct ends in at most one variable-sized array
 * (getinteriorfield), which is an array whose items start at another offset: an array descriptor
 * says so, and getarrayitem_gc_* reads it.
 *
 * The LL operations of the interpreters map to these as src/jit/ll-to-resop.ts says (the codewriter's contract).
 */

/** The kind of a value of a trace: RPython's `i`, `r`, `f`, and `n` for an operation without result. */
export type ValueKind = "i" | "r" | "f" | "n";

export type ResOpFlag = "pure" | "read" | "effect" | "guard" | "foldable" | "ovf" | "raise" | "alloc" | "final";

export type CallKind = "" | "plain" | "pure" | "may_force" | "loopinvariant" | "cond";

/**
 * The descriptor an operation takes: none; a field, array or size (allocation) descriptor; a
 * call descriptor; a fail descriptor (guards: optional in text, the parser then makes one);
 * a target token (label, jump); a final descriptor (finish).
 */
export type DescrKind = "none" | "field" | "array" | "size" | "call" | "fail" | "target" | "final";

export interface ResOpEntry {
  /**
   * The kinds of the arguments, one character each: `i`, `r`, `f`, or `.` for any kind (the
   * descriptor's, or for guard_value the same as the other argument's); `*` for any number of
   * arguments of any kinds (calls: the function's address, then what the call descriptor says).
   */
  readonly args: string;
  /** The number of arguments; -1 for any number. */
  readonly arity: number;
  readonly result: ValueKind;
  readonly flags: readonly ResOpFlag[];
  readonly callKind: CallKind;
  readonly descr: DescrKind;
  readonly doc: string;
}

function resop(args: string, result: ValueKind, flags: string, descr: DescrKind, doc: string, callKind: CallKind = ""): ResOpEntry {
  return {
    args,
    arity: args === "*" ? -1 : args.length,
    result,
    flags: flags.split(/\s+/).filter(Boolean) as ResOpFlag[],
    callKind,
    descr,
    doc,
  };
}

/** The four operations of a call family, one per result kind. */
function calls<N extends string>(prefix: N, flags: string, callKind: CallKind, doc: string): Record<`${N}_${"i" | "r" | "f" | "n"}`, ResOpEntry> {
  const kinds: readonly ("i" | "r" | "f" | "n")[] = ["i", "r", "f", "n"];
  return Object.fromEntries(kinds.map((k) => [`${prefix}_${k}`, resop("*", k, flags, "call", `${doc} (result kind ${k})`, callKind)])) as Record<
    `${N}_${"i" | "r" | "f" | "n"}`,
    ResOpEntry
  >;
}

// The order is RPython's: final operations, label, guards, always-pure, no-side-effect, effects,
// calls, overflow. An operation's number (`opnum`) is its place in this table.
const TABLE = {
  // ends of traces and their targets
  jump: resop("*", "n", "final", "target", "jumps to the label of the target token with the arguments as its values"),
  finish: resop("*", "n", "final", "final", "leaves the trace with its arguments' values (RPython's takes at most one; any number here, which tests use)"),
  label: resop("*", "n", "", "target", "a place a jump can target; its arguments are the values live there"),

  // guards: the fail descriptor says which guard failed
  guard_true: resop("i", "n", "guard foldable", "fail", "fails unless the integer is not 0"),
  guard_false: resop("i", "n", "guard foldable", "fail", "fails unless the integer is 0"),
  guard_value: resop("..", "n", "guard foldable", "fail", "fails unless the value equals the constant (promote); floats compare by their 64 bits"),
  guard_class: resop("ri", "n", "guard foldable", "fail", "fails unless the object's class is the constant class"),
  guard_nonnull: resop("r", "n", "guard foldable", "fail", "fails when the reference is null"),
  guard_isnull: resop("r", "n", "guard foldable", "fail", "fails unless the reference is null"),
  guard_nonnull_class: resop("ri", "n", "guard foldable", "fail", "guard_nonnull and guard_class in one"),
  guard_no_exception: resop("", "n", "guard", "fail", "fails when an exception is pending"),
  guard_exception: resop("i", "r", "guard", "fail", "fails unless the pending exception is of the constant class; clears it and gives it"),
  guard_no_overflow: resop("", "n", "guard", "fail", "fails when the operation before overflowed"),
  guard_overflow: resop("", "n", "guard", "fail", "fails unless the operation before overflowed"),
  guard_not_forced: resop("", "n", "guard", "fail", "after call_may_force_*: fails when the callee forced the frame's virtuals"),
  guard_not_invalidated: resop("", "n", "guard", "fail", "fails when a quasi-immutable field this trace assumed has changed"),

  // integers (64-bit two's complement; RTS keeps |x| <= 2^53 exact, see the trace interpreter)
  int_add: resop("ii", "i", "pure", "none", "a + b, wrapping"),
  int_sub: resop("ii", "i", "pure", "none", "a - b, wrapping"),
  int_mul: resop("ii", "i", "pure", "none", "a * b, wrapping"),
  int_floordiv: resop("ii", "i", "pure", "none", "a / b truncated toward zero (b is not 0: the codewriter guards it)"),
  int_mod: resop("ii", "i", "pure", "none", "a % b with the sign of a (b is not 0)"),
  int_and: resop("ii", "i", "pure", "none", "a & b"),
  int_or: resop("ii", "i", "pure", "none", "a | b"),
  int_xor: resop("ii", "i", "pure", "none", "a ^ b"),
  int_lshift: resop("ii", "i", "pure", "none", "a << b (b in 0..63)"),
  int_rshift: resop("ii", "i", "pure", "none", "a >> b, arithmetic (b in 0..63)"),
  uint_rshift: resop("ii", "i", "pure", "none", "a >>> b on the unsigned 64-bit value (b in 0..63)"),
  int_neg: resop("i", "i", "pure", "none", "-a, wrapping"),
  int_invert: resop("i", "i", "pure", "none", "~a"),
  int_is_zero: resop("i", "i", "pure", "none", "a == 0, as 0 or 1"),
  int_is_true: resop("i", "i", "pure", "none", "a != 0, as 0 or 1"),
  int_force_ge_zero: resop("i", "i", "pure", "none", "a, or 0 when a is negative"),
  int_signext: resop("ii", "i", "pure", "none", "the low n bytes of a (n = 1, 2 or 4, a constant), sign-extended"),
  int_lt: resop("ii", "i", "pure", "none", "a < b, as 0 or 1"),
  int_le: resop("ii", "i", "pure", "none", "a <= b"),
  int_eq: resop("ii", "i", "pure", "none", "a == b"),
  int_ne: resop("ii", "i", "pure", "none", "a != b"),
  int_gt: resop("ii", "i", "pure", "none", "a > b"),
  int_ge: resop("ii", "i", "pure", "none", "a >= b"),
  uint_lt: resop("ii", "i", "pure", "none", "a < b as unsigned 64-bit values (bounds checks: 0 <= i < n in one)"),
  uint_le: resop("ii", "i", "pure", "none", "a <= b unsigned"),
  uint_gt: resop("ii", "i", "pure", "none", "a > b unsigned"),
  uint_ge: resop("ii", "i", "pure", "none", "a >= b unsigned"),

  // floats (IEEE 754 doubles)
  float_add: resop("ff", "f", "pure", "none", "a + b"),
  float_sub: resop("ff", "f", "pure", "none", "a - b"),
  float_mul: resop("ff", "f", "pure", "none", "a * b"),
  float_truediv: resop("ff", "f", "pure", "none", "a / b"),
  float_neg: resop("f", "f", "pure", "none", "-a"),
  float_abs: resop("f", "f", "pure", "none", "|a|"),
  float_lt: resop("ff", "i", "pure", "none", "a < b (0 with NaN)"),
  float_le: resop("ff", "i", "pure", "none", "a <= b"),
  float_eq: resop("ff", "i", "pure", "none", "a == b (NaN is not equal to itself)"),
  float_ne: resop("ff", "i", "pure", "none", "a != b"),
  float_gt: resop("ff", "i", "pure", "none", "a > b"),
  float_ge: resop("ff", "i", "pure", "none", "a >= b"),
  cast_float_to_int: resop("f", "i", "pure", "none", "the float truncated toward zero (it fits: the codewriter checks before)"),
  cast_int_to_float: resop("i", "f", "pure", "none", "the double nearest to a"),

  // copies, pointers
  same_as_i: resop("i", "i", "pure", "none", "a copy of the integer"),
  same_as_r: resop("r", "r", "pure", "none", "a copy of the reference"),
  same_as_f: resop("f", "f", "pure", "none", "a copy of the float"),
  cast_ptr_to_int: resop("r", "i", "pure", "none", "the address of the object"),
  cast_int_to_ptr: resop("i", "r", "pure", "none", "the object at the address"),
  ptr_eq: resop("rr", "i", "pure", "none", "the same object (or both null)"),
  ptr_ne: resop("rr", "i", "pure", "none", "not the same object"),

  // immutable memory: strings (UTF-16, see above)
  strlen: resop("r", "i", "pure", "array", "the length of the string, in code units"),
  strgetitem: resop("ri", "i", "pure", "array", "code unit i of the string"),

  // reading memory and allocating
  arraylen_gc: resop("r", "i", "read", "array", "the length of the array"),
  getfield_gc_i: resop("r", "i", "read", "field", "an integer field of the object"),
  getfield_gc_r: resop("r", "r", "read", "field", "a reference field of the object"),
  getfield_gc_f: resop("r", "f", "read", "field", "a float field of the object"),
  getfield_raw_i: resop("i", "i", "read", "field", "an integer field at a raw address"),
  getfield_raw_f: resop("i", "f", "read", "field", "a float field at a raw address"),
  getarrayitem_gc_i: resop("ri", "i", "read", "array", "integer item i of the array"),
  getarrayitem_gc_r: resop("ri", "r", "read", "array", "reference item i of the array"),
  getarrayitem_gc_f: resop("ri", "f", "read", "array", "float item i of the array"),
  getarrayitem_raw_i: resop("ii", "i", "read", "array", "integer item i of the raw array at the address"),
  getarrayitem_raw_f: resop("ii", "f", "read", "array", "float item i of the raw array at the address"),
  raw_load_i: resop("ii", "i", "read", "array", "the integer at address + offset (the descriptor gives its size and sign)"),
  raw_load_f: resop("ii", "f", "read", "array", "the float at address + offset"),
  new: resop("", "r", "read alloc", "size", "a new object of the size descriptor's type, zero-filled"),
  new_with_vtable: resop("", "r", "read alloc", "size", "a new instance, zero-filled, its class set from the size descriptor"),
  new_array: resop("i", "r", "read alloc", "array", "a new array of n items, zero-filled (RTS arrays are always cleared)"),
  new_array_clear: resop("i", "r", "read alloc", "array", "a new array of n items, zero-filled"),
  newstr: resop("i", "r", "read alloc", "array", "a new string of n code units, to be filled by strsetitem"),

  // side effects
  setfield_gc: resop("r.", "n", "effect", "field", "stores a field of the object"),
  setfield_raw: resop("i.", "n", "effect", "field", "stores a field at a raw address"),
  setarrayitem_gc: resop("ri.", "n", "effect", "array", "stores item i of the array"),
  setarrayitem_raw: resop("ii.", "n", "effect", "array", "stores item i of the raw array"),
  raw_store: resop("ii.", "n", "effect", "array", "stores a value at address + offset"),
  strsetitem: resop("rii", "n", "effect", "array", "stores code unit i of a string being built"),
  copystrcontent: resop("rriii", "n", "effect", "array", "copies n code units: source, destination, source start, destination start, n"),
  quasiimmut_field: resop("r", "n", "effect", "field", "records that the trace relies on the quasi-immutable field of the object (removed by the optimizer, which adds guard_not_invalidated)"),
  debug_merge_point: resop("*", "n", "effect", "none", "marks where an iteration of the interpreter's loop starts: driver index, call depth, printable location"),

  // calls: the descriptor gives the argument and result kinds and what the callee does
  ...calls("call", "effect raise alloc", "plain", "calls the function (first argument) with the rest"),
  cond_call_n: resop("*", "n", "effect raise alloc", "call", "calls the function (second argument) with the rest when the first is not 0", "cond"),
  ...calls("call_pure", "effect raise alloc", "pure", "calls an elidable function: folded on constant arguments, removed before the backend"),
  ...calls("call_may_force", "effect raise alloc", "may_force", "calls a function that may force the virtuals of the trace's frames"),
  ...calls("call_loopinvariant", "effect raise alloc", "loopinvariant", "calls a function whose result is the same in each iteration"),

  // arithmetic that overflows, followed by guard_no_overflow or guard_overflow
  int_add_ovf: resop("ii", "i", "ovf", "none", "a + b, which overflows past |x| <= 2^53"),
  int_sub_ovf: resop("ii", "i", "ovf", "none", "a - b, checked like int_add_ovf"),
  int_mul_ovf: resop("ii", "i", "ovf", "none", "a * b, checked like int_add_ovf"),
} satisfies Record<string, ResOpEntry>;

/** The name of a resoperation: a misspelled name does not compile. */
export type ResOpName = keyof typeof TABLE;

/**
 * One resoperation, as the JIT's runtime reads it (RTS: an instance of a class, indexed by its
 * number in RESOPS; the runtime never reads the table above, a plain object).
 */
export class ResOpInfo {
  readonly opnum: number;
  readonly name: string;
  /** The kinds of the arguments (see ResOpEntry.args). */
  readonly args: string;
  /** The number of arguments, -1 for any number. */
  readonly arity: number;
  /** `i`, `r`, `f` or `n` (no result). */
  readonly result: string;
  readonly descr: string;
  readonly callKind: string;
  readonly pure: boolean;
  readonly noSideEffect: boolean;
  readonly sideEffects: boolean;
  readonly guard: boolean;
  readonly foldableGuard: boolean;
  readonly ovf: boolean;
  readonly canRaise: boolean;
  readonly canAllocate: boolean;
  readonly final: boolean;
  readonly call: boolean;
  readonly doc: string;

  constructor(opnum: number, name: string, entry: ResOpEntry) {
    this.opnum = opnum;
    this.name = name;
    this.args = entry.args;
    this.arity = entry.arity;
    this.result = entry.result;
    this.descr = entry.descr;
    this.callKind = entry.callKind;
    this.pure = hasFlag(entry, "pure");
    this.noSideEffect = hasFlag(entry, "pure") || hasFlag(entry, "read");
    this.sideEffects = hasFlag(entry, "effect");
    this.guard = hasFlag(entry, "guard");
    this.foldableGuard = hasFlag(entry, "foldable");
    this.ovf = hasFlag(entry, "ovf");
    this.canRaise = hasFlag(entry, "raise");
    this.canAllocate = hasFlag(entry, "alloc");
    this.final = hasFlag(entry, "final");
    this.call = entry.callKind !== "";
    this.doc = entry.doc;
  }
}

function hasFlag(entry: ResOpEntry, flag: ResOpFlag): boolean {
  return entry.flags.includes(flag);
}

/** The table's entries by name (toolchain side: tests, the codewriter). */
export const RESOP_TABLE: Readonly<Record<ResOpName, ResOpEntry>> = TABLE;

/** Every resoperation by number (its place in the table). */
export const RESOPS: readonly ResOpInfo[] = Object.entries(TABLE).map(([name, entry], opnum) => new ResOpInfo(opnum, name, entry));

/** The number of each resoperation by name, for the toolchain (`rop.int_add`); RTS code uses opnumOf. */
export const rop: Readonly<Record<ResOpName, number>> = Object.fromEntries(RESOPS.map((info) => [info.name, info.opnum])) as Record<ResOpName, number>;

/** The same, as a Map that RTS code can read. */
const OPNUMS: ReadonlyMap<string, number> = new Map(RESOPS.map((info) => [info.name, info.opnum]));

/** The number of a resoperation (RTS). */
export function opnumOf(name: ResOpName): number {
  const opnum = OPNUMS.get(name);
  if (opnum === undefined) throw new Error(`unknown resoperation ${name}`);
  return opnum;
}

/** The number of a resoperation read from text, or -1 (RTS: the parser's and the runtime's lookup). */
export function findOpnum(name: string): number {
  const opnum = OPNUMS.get(name);
  return opnum === undefined ? -1 : opnum;
}

export function isResOpName(name: string): name is ResOpName {
  return Object.hasOwn(TABLE, name);
}

/** An operation a consumer does not handle, with the reason. */
export interface ResOpRefusal {
  readonly refused: string;
}

/**
 * What a consumer of traces (the trace interpreter, each backend, the optimizer's passes) does
 * with every resoperation: a handler, or a refusal that says why. A record over ResOpName, so
 * that an operation added to the table does not compile until each consumer decides;
 * tests/jit/resoperation.test.ts walks the tables at run time too.
 */
export type ResOpHandlers<Handler> = { readonly [K in ResOpName]: Handler | ResOpRefusal };

/** The operations a consumer neither handles nor refuses (empty for a complete consumer). */
export function undecidedResOps(handlers: Readonly<Record<string, unknown>>, table: Readonly<Record<string, unknown>> = TABLE): string[] {
  return Object.keys(table).filter((name) => {
    const h = handlers[name];
    return typeof h !== "function" && !(typeof h === "object" && h !== null && typeof (h as ResOpRefusal).refused === "string" && (h as ResOpRefusal).refused !== "");
  });
}

/** The opposite comparison (RPython's boolinverse): not (a < b) is a >= b. */
export const BOOL_INVERSE: Readonly<Partial<Record<ResOpName, ResOpName>>> = {
  int_eq: "int_ne", int_ne: "int_eq", int_lt: "int_ge", int_ge: "int_lt", int_gt: "int_le", int_le: "int_gt",
  uint_lt: "uint_ge", uint_ge: "uint_lt", uint_gt: "uint_le", uint_le: "uint_gt",
  float_eq: "float_ne", float_ne: "float_eq", float_lt: "float_ge", float_ge: "float_lt", float_gt: "float_le", float_le: "float_gt",
  ptr_eq: "ptr_ne", ptr_ne: "ptr_eq",
};

/** The comparison with its operands swapped (RPython's boolreflex): a < b is b > a. */
export const BOOL_REFLEX: Readonly<Partial<Record<ResOpName, ResOpName>>> = {
  int_eq: "int_eq", int_ne: "int_ne", int_lt: "int_gt", int_ge: "int_le", int_gt: "int_lt", int_le: "int_ge",
  uint_lt: "uint_gt", uint_ge: "uint_le", uint_gt: "uint_lt", uint_le: "uint_ge",
  float_eq: "float_eq", float_ne: "float_ne", float_lt: "float_gt", float_ge: "float_le", float_gt: "float_lt", float_le: "float_ge",
  ptr_eq: "ptr_eq", ptr_ne: "ptr_ne",
};
