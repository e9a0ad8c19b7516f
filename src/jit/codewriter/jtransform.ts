/**
 * What each LL operation becomes in a jitcode (RPython's codewriter/jtransform.py): one record
 * over the LL operation table, each entry a rewrite into jitcode instructions on symbolic
 * registers, or a refusal with the reason (the policy then keeps a graph using it out of the
 * JIT: it is called as a residual call). The instructions follow the contract of
 * src/jit/ll-to-resop.ts: what the meta-interpreter records for each.
 *
 * Requires graphs before the exception and GC transforms (their operations are refused) and
 * before backendopt (jit_we_are_jitted is still an operation: the we_are_jitted instruction here). Block exits (branches,
 * switches, exception edges, returns and raises) are flatten.ts's business; calls are the
 * context's (inline or residual, codewriter.ts).
 */

import { LLConstant, type LLOperation, type LLValue } from "../../llir/llgraph.js";
import { inlineItemStruct, type LLOpHandlers } from "../../llir/lloperation.js";
import { ArrayType, Float32, PtrType, STR, StructType, Void, fieldType, type LLType } from "../../llir/lltype.js";
import type { JitInsnName } from "../../runtime/jit/jitcode-insns.js";
import type { RegKind } from "./assembler.js";
import { kindOf, type DescrFactory } from "./descriptors.js";
import { Reg, type FlatArg, type FlatLine, type FlatValue } from "./flat.js";

/** What a rewrite needs from the codewriter. */
export interface JTransformContext {
  readonly descrs: DescrFactory;
  /** The graph's arrays (lists) whose length and items are immutable (immutable-items.ts): read through immutable descriptors. */
  readonly immutableItems: ReadonlySet<LLValue>;
  /** The register of an LL variable (one per variable). */
  reg(v: LLValue): Reg;
  /** The register or constant of an operand. */
  value(v: LLValue): FlatValue;
  temp(kind: RegKind): Reg;
  /** A direct_call: inline_call of the callee's jitcode, or a residual call (the policy decides). */
  call(op: LLOperation): FlatLine[];
  /** An indirect_call: a residual call of the function pointer. */
  indirectCall(op: LLOperation): FlatLine[];
  /** A residual call of a helper graph that runs the LL operation itself (elidable when pure). */
  helperCall(op: LLOperation, pure: boolean): FlatLine[];
}

export type Rewrite = (op: LLOperation, cx: JTransformContext) => FlatLine[];

/** An LL operation the codewriter refuses in JIT-visible code, with the reason. */
export interface JTransformRefusal {
  readonly refused: string;
}

const line = (insn: JitInsnName, args: FlatArg[], result?: Reg): FlatLine => (result ? { insn, args, result } : { insn, args });

/** The same instruction on the operands, in order. */
const same =
  (insn: JitInsnName): Rewrite =>
  (op, cx) => [line(insn, op.args.map((a) => cx.value(a)), cx.reg(op.result))];

/** The instruction on the operands, then the operation's site (a check that may stop the program). */
const checked =
  (insn: JitInsnName): Rewrite =>
  (op, cx) => [line(insn, [...op.args.map((a) => cx.value(a)), { descr: cx.descrs.site(op.pos, "") }], cx.reg(op.result))];

const int = (value: number): FlatValue => ({ const: "i", value });

/** A copy of the operand (of the result's kind) into the result. */
const copy: Rewrite = (op, cx) => {
  const kind = kindOf(op.result.type);
  if (kind === "v") return [];
  return [line(`${kind === "i" ? "int" : kind === "r" ? "ref" : "float"}_copy`, [cx.value(op.args[op.args.length - 1]!)], cx.reg(op.result))];
};

const helper: Rewrite = (op, cx) => cx.helperCall(op, false);
const pureHelper: Rewrite = (op, cx) => cx.helperCall(op, true);

function refused(why: string): JTransformRefusal {
  return { refused: why };
}

const AFTER_CODEWRITER = "added by a transform that runs after the codewriter has taken its graphs";
const SYSTEM = "system code (raw memory of the GC and the runtime): the policy keeps it out of the JIT";

/** The pointee of a pointer operand. */
function pointee(v: LLValue): StructType | ArrayType {
  const type = v.type;
  if (!(type instanceof PtrType) || type.to.kind === "func") throw new Error(`internal error: the codewriter expected a pointer to a container, got ${String(type)}`);
  return type.to;
}

function constantName(v: LLValue): string {
  return (v as LLConstant).value as string;
}

/** The kind suffix of an instruction for a value of the type (`i`, `r`, `f`). */
function suffix(type: LLType): RegKind {
  const kind = kindOf(type);
  if (kind === "v") throw new Error("internal error: the codewriter asked for the kind of a Void value");
  return kind;
}

/**
 * Float32 storage (a Float32Array's items) is read and written by an LL helper: descriptors give
 * a float's kind, not its width, and the CPUs load and store doubles.
 */
function isFloat32(container: StructType | ArrayType, name: string | undefined): boolean {
  if (container instanceof ArrayType) return container.item === Float32;
  if (name === undefined) {
    const last = container.fields[container.fields.length - 1]!.type;
    return last instanceof ArrayType && last.item === Float32;
  }
  return fieldType(container, name) === Float32;
}

const getfield: Rewrite = (op, cx) => {
  const struct = pointee(op.args[0]!) as StructType;
  if (op.result.type === Void) return [];
  if (isFloat32(struct, constantName(op.args[1]!))) return cx.helperCall(op, false);
  const descr = cx.descrs.field(struct, constantName(op.args[1]!), struct.gc && cx.immutableItems.has(op.args[0]!));
  const kind = suffix(op.result.type);
  if (!struct.gc) {
    if (kind !== "i") throw new Error(`internal error: the codewriter does not read ${kind} fields of raw structs`);
    return [line("getfield_raw_i", [cx.value(op.args[0]!), { descr }], cx.reg(op.result))];
  }
  // an instance's class: promoted (RPython's jtransform turns getfield typeptr into guard_class),
  // so that what follows from the class (instanceof, a method's address) folds in the trace
  if (descr.fieldName === "typeptr" && kind === "i") return [line("guard_class", [cx.value(op.args[0]!)], cx.reg(op.result))];
  const read = line(`getfield_gc_${kind}`, [cx.value(op.args[0]!), { descr }], cx.reg(op.result));
  // a quasi-immutable field: the trace may take it as a constant, and then depends on it (RPython's record_quasiimmut_field)
  if (descr.quasiImmutable) return [line("record_quasiimmut_field", [cx.value(op.args[0]!), { descr }]), read];
  return [read];
};

const setfield: Rewrite = (op, cx) => {
  const struct = pointee(op.args[0]!) as StructType;
  const value = op.args[2]!;
  if (value.type === Void) return [];
  if (isFloat32(struct, constantName(op.args[1]!))) return cx.helperCall(op, false);
  const descr = cx.descrs.field(struct, constantName(op.args[1]!));
  const kind = suffix(value.type);
  if (!struct.gc) {
    if (kind !== "i") throw new Error(`internal error: the codewriter does not write ${kind} fields of raw structs`);
    return [line("setfield_raw_i", [cx.value(op.args[0]!), cx.value(value), { descr }])];
  }
  return [line(`setfield_gc_${kind}`, [cx.value(op.args[0]!), cx.value(value), { descr }])];
};

/** Item access of an array, or of the array that ends a struct (interior: the name operand is skipped); strings use the str* instructions. */
function itemAccess(interior: boolean, store: boolean): Rewrite {
  return (op, cx) => {
    const container = pointee(op.args[0]!);
    const index = op.args[interior ? 2 : 1]!;
    const value = store ? op.args[interior ? 3 : 2]! : op.result;
    if (value.type === Void) return [];
    if (isFloat32(container, undefined)) return cx.helperCall(op, false);
    const descr = cx.descrs.array(container, !store && container.gc && cx.immutableItems.has(op.args[0]!));
    const kind = suffix(value.type);
    const isStr = container === STR;
    if (!container.gc) {
      if (kind !== "i") throw new Error(`internal error: the codewriter does not access ${kind} items of raw arrays`);
      return store
        ? [line("setarrayitem_raw_i", [cx.value(op.args[0]!), cx.value(index), cx.value(value), { descr }])]
        : [line("getarrayitem_raw_i", [cx.value(op.args[0]!), cx.value(index), { descr }], cx.reg(op.result))];
    }
    if (store) return [line(isStr ? "strsetitem" : `setarrayitem_gc_${kind}`, [cx.value(op.args[0]!), cx.value(index), cx.value(value), { descr }])];
    return [line(isStr ? "strgetitem" : `getarrayitem_gc_${kind}`, [cx.value(op.args[0]!), cx.value(index), { descr }], cx.reg(op.result))];
  };
}

/**
 * A field of item i of an array of inline structs (getitemfield, setitemfield): an item access
 * through the field's own array descriptor (descriptors.ts itemField), so that the
 * meta-interpreter, the optimizer and the backends see ordinary array items at the right
 * addresses. A Float32 field goes through a helper, as Float32 items do.
 */
function itemFieldAccess(store: boolean): Rewrite {
  return (op, cx) => {
    const array = pointee(op.args[0]!) as ArrayType;
    const name = constantName(op.args[2]!);
    const value = store ? op.args[3]! : op.result;
    if (value.type === Void) return [];
    if ((array.item as StructType).field(name).type === Float32) return cx.helperCall(op, false);
    const descr = cx.descrs.itemField(array, name);
    const kind = suffix(value.type);
    const [target, index] = [cx.value(op.args[0]!), cx.value(op.args[1]!)];
    if (!array.gc) {
      if (kind !== "i") throw new Error(`internal error: the codewriter does not access ${kind} fields of raw arrays' items`);
      return store ? [line("setarrayitem_raw_i", [target, index, cx.value(value), { descr }])] : [line("getarrayitem_raw_i", [target, index, { descr }], cx.reg(op.result))];
    }
    if (store) return [line(`setarrayitem_gc_${kind}`, [target, index, cx.value(value), { descr }])];
    return [line(`getarrayitem_gc_${kind}`, [target, index, { descr }], cx.reg(op.result))];
  };
}

const arrayLength: Rewrite = (op, cx) => {
  const container = pointee(op.args[0]!);
  if (container instanceof ArrayType && !container.varsize) return [line("int_copy", [int(container.fixedLength)], cx.reg(op.result))];
  if (!container.gc) throw new Error("internal error: the codewriter does not read the length of raw arrays");
  // An array of inline structs has no descriptor of its own: any of its fields' has its length word.
  const item = inlineItemStruct(container);
  const descr = item ? cx.descrs.itemField(container as ArrayType, item.fields[0]!.name) : cx.descrs.array(container);
  return [line(container === STR ? "strlen" : "arraylen_gc", [cx.value(op.args[0]!), { descr }], cx.reg(op.result))];
};

/** A comparison of GC pointers (registers `r`), or of raw ones (a class record's address: registers `i`) as integers. */
function pointerComparison(gc: JitInsnName, raw: JitInsnName): Rewrite {
  return (op, cx) => same(kindOf(op.args[0]!.type) === "r" ? gc : raw)(op, cx);
}

/** A comparison or operation of integers under another name (chars and bools are integers in jitcodes). */
const as = (insn: JitInsnName): Rewrite => same(insn);

/** r = int_sub(b, a) and int_sub(c, a), then uint_lt: a <= b < c in one comparison. */
const intBetween: Rewrite = (op, cx) => {
  const [a, b, c] = op.args.map((v) => cx.value(v)) as [FlatValue, FlatValue, FlatValue];
  const t1 = cx.temp("i");
  const t2 = cx.temp("i");
  return [line("int_sub", [b, a], t1), line("int_sub", [c, a], t2), line("uint_lt", [t1, t2], cx.reg(op.result))];
};

const intAbs: Rewrite = (op, cx) => {
  const a = cx.value(op.args[0]!);
  const sign = cx.temp("i");
  const flipped = cx.temp("i");
  return [line("int_rshift", [a, int(63)], sign), line("int_xor", [a, sign], flipped), line("int_sub", [flipped, sign], cx.reg(op.result))];
};

const int32Lshift: Rewrite = (op, cx) => {
  const [a, n] = op.args.map((v) => cx.value(v)) as [FlatValue, FlatValue];
  const count = cx.temp("i");
  const shifted = cx.temp("i");
  return [line("int_and", [n, int(31)], count), line("int_lshift", [a, count], shifted), line("int_signext", [shifted, int(4)], cx.reg(op.result))];
};

const pointerConversion =
  (toInt: boolean): Rewrite =>
  (op, cx) => {
    const source = op.args[op.args.length - 1]!;
    const from = kindOf(source.type);
    const to = kindOf(op.result.type);
    if (from === to) return copy(op, cx);
    return [line(toInt ? "cast_ptr_to_int" : "cast_int_to_ptr", [cx.value(source)], cx.reg(op.result))];
  };

const rawLoad: Rewrite = (op, cx) => {
  const kind = suffix(op.result.type);
  if (kind === "r") throw new Error("internal error: the codewriter does not load GC references from raw memory");
  const type = (op.args[0] as LLConstant).value as LLType;
  return [line(`raw_load_${kind}`, [cx.value(op.args[1]!), cx.value(op.args[2]!), { descr: cx.descrs.array(new ArrayType(type, { gc: false })) }], cx.reg(op.result))];
};

const rawStore: Rewrite = (op, cx) => {
  const value = op.args[3]!;
  const kind = suffix(value.type);
  if (kind === "r") throw new Error("internal error: the codewriter does not store GC references into raw memory");
  const type = (op.args[0] as LLConstant).value as LLType;
  return [line(`raw_store_${kind}`, [cx.value(op.args[1]!), cx.value(op.args[2]!), cx.value(value), { descr: cx.descrs.array(new ArrayType(type, { gc: false })) }])];
};

const KIND_NAMES = { i: "int", r: "ref", f: "float" } as const;

export const JTRANSFORM: LLOpHandlers<Rewrite> = {
  int_add: same("int_add"),
  int_sub: same("int_sub"),
  int_mul: same("int_mul"),
  int_add_ovf: checked("int_add_ovf"),
  int_sub_ovf: checked("int_sub_ovf"),
  int_mul_ovf: checked("int_mul_ovf"),
  int_neg_ovf: checked("int_neg_ovf"),
  int_mod: checked("int_mod"),
  int_floordiv: checked("int_floordiv"),
  int_neg: same("int_neg"),
  int_abs: intAbs,
  int_and: same("int_and"),
  int_or: same("int_or"),
  int_xor: same("int_xor"),
  int_invert: same("int_invert"),
  int32_lshift: int32Lshift,
  int_lshift: same("int_lshift"),
  int_rshift: same("int_rshift"),
  uint_rshift: same("uint_rshift"),
  int_to_int32: (op, cx) => [line("int_signext", [cx.value(op.args[0]!), int(4)], cx.reg(op.result))],
  int_to_uint32: (op, cx) => [line("int_and", [cx.value(op.args[0]!), int(0xffffffff)], cx.reg(op.result))],
  int_lt: same("int_lt"),
  int_le: same("int_le"),
  int_eq: same("int_eq"),
  int_ne: same("int_ne"),
  int_gt: same("int_gt"),
  int_ge: same("int_ge"),
  int_between: intBetween,

  float_add: same("float_add"),
  float_sub: same("float_sub"),
  float_mul: same("float_mul"),
  float_truediv: same("float_truediv"),
  float_mod: pureHelper,
  float_neg: same("float_neg"),
  float_abs: same("float_abs"),
  float_sqrt: pureHelper,
  float_floor: pureHelper,
  float_ceil: pureHelper,
  float_trunc: pureHelper,
  float_sin: pureHelper,
  float_cos: pureHelper,
  float_tan: pureHelper,
  float_atan: pureHelper,
  float_atan2: pureHelper,
  float_exp: pureHelper,
  float_log: pureHelper,
  float_log2: pureHelper,
  float_log10: pureHelper,
  float_pow: pureHelper,
  float_lt: same("float_lt"),
  float_le: same("float_le"),
  float_eq: same("float_eq"),
  float_ne: same("float_ne"),
  float_gt: same("float_gt"),
  float_ge: same("float_ge"),

  cast_int_to_float: same("cast_int_to_float"),
  // stops the program when the float is no integer that fits: the helper does it with the operation's position
  cast_float_to_int: helper,
  float_to_int32: pureHelper,
  cast_bool_to_int: copy,
  cast_char_to_int: copy,
  cast_int_to_char: (op, cx) => [line("int_and", [cx.value(op.args[0]!), int(0xffff)], cx.reg(op.result))],
  bool_not: as("int_is_zero"),
  bool_and: as("int_and"),
  bool_or: as("int_or"),
  char_eq: as("int_eq"),
  char_ne: as("int_ne"),
  char_lt: as("int_lt"),
  char_le: as("int_le"),
  char_gt: as("int_gt"),
  char_ge: as("int_ge"),

  malloc: (op, cx) => {
    const struct = (op.args[0] as LLConstant).value as StructType;
    return [line("new", [{ descr: cx.descrs.size(struct) }], cx.reg(op.result))];
  },
  malloc_varsize: (op, cx) => {
    const container = (op.args[0] as LLConstant).value as StructType | ArrayType;
    // An array of inline structs is allocated by a residual helper: the optimizer's virtual
    // arrays key items by index alone, which would mix the fields of one item.
    if (inlineItemStruct(container)) return cx.helperCall(op, false);
    return [line(container === STR ? "newstr" : "new_array_clear", [cx.value(op.args[1]!), { descr: cx.descrs.array(container) }], cx.reg(op.result))];
  },
  getfield,
  setfield,
  getarrayitem: itemAccess(false, false),
  setarrayitem: itemAccess(false, true),
  getitemfield: itemFieldAccess(false),
  setitemfield: itemFieldAccess(true),
  getarraylength: arrayLength,
  getinteriorfield: itemAccess(true, false),
  setinteriorfield: itemAccess(true, true),
  getinteriorarraysize: arrayLength,
  ptr_nonzero: same("ptr_nonzero"),
  ptr_iszero: same("ptr_iszero"),
  ptr_eq: pointerComparison("ptr_eq", "int_eq"),
  ptr_ne: pointerComparison("ptr_ne", "int_ne"),
  cast_pointer: copy,
  identityhash: helper,

  direct_call: (op, cx) => cx.call(op),
  indirect_call: (op, cx) => cx.indirectCall(op),

  raw_load: rawLoad,
  raw_store: rawStore,
  adr_add: same("int_add"),
  adr_sub: same("int_sub"),
  cast_ptr_to_adr: pointerConversion(true),
  cast_adr_to_int: copy,
  cast_int_to_adr: copy,
  cast_adr_to_ptr: pointerConversion(false),
  raw_memcopy: helper,
  raw_memclear: helper,

  gc_shared: refused(SYSTEM),
  gc_push_roots: refused(AFTER_CODEWRITER),
  gc_pop_roots: refused(AFTER_CODEWRITER),
  gc_save_root: refused(AFTER_CODEWRITER),
  gc_restore_root: refused(AFTER_CODEWRITER),
  gc_reload_root: refused(AFTER_CODEWRITER),
  gc_write_barrier: refused(AFTER_CODEWRITER),
  gc_write_barrier_array: refused(AFTER_CODEWRITER),

  check_nonnull: (op, cx) => {
    const p = op.args[0]!;
    const site = { descr: cx.descrs.site(op.pos, "") };
    if (kindOf(p.type) === "r") return [line("check_nonnull", [cx.value(p), site])];
    // a raw pointer (an integer in jitcodes): checked as the reference at its address
    const asRef = cx.temp("r");
    return [line("cast_int_to_ptr", [cx.value(p)], asRef), line("check_nonnull", [asRef, site])];
  },
  check_defined: (op, cx) => [line("check_defined", [cx.value(op.args[0]!), { descr: cx.descrs.site(op.pos, "") }])],
  check_index: (op, cx) => [line("check_index", [cx.value(op.args[0]!), cx.value(op.args[1]!), { descr: cx.descrs.site(op.pos, "") }])],

  float_high_word: pureHelper,
  float_low_word: pureHelper,
  float_from_words: pureHelper,

  os_write: helper,
  os_read: helper,
  os_open_read: helper,
  os_close: helper,
  os_exit: helper,
  os_clock: helper,
  os_mmap: refused(SYSTEM),
  os_munmap: refused(SYSTEM),
  os_mprotect: refused(SYSTEM),
  call_machine_code: refused(SYSTEM),
  call_machine_code_by_kind: refused(SYSTEM),
  os_write_raw: refused(SYSTEM),
  os_create: refused(SYSTEM),

  same_as: copy,
  debug_fatal: (op, cx) => [line("debug_fatal", [{ descr: cx.descrs.site(op.pos, String((op.args[0] as LLConstant).value)) }])],
  // it reads the running calls, which a residual helper would not see as the program's: the
  // helper runs it where it is called (stack traces of JIT-visible code are issue 16 item 7's)
  stack_trace: helper,
  // inserted after the codewriter (stackcheck.ts); a trace has no native recursion
  stack_check: () => [],
  jit_promote: (op, cx) => {
    const kind = kindOf(op.result.type);
    if (kind === "v") return [];
    const value = cx.value(op.args[0]!);
    return [line(`${KIND_NAMES[kind]}_guard_value`, [value]), line(`${KIND_NAMES[kind]}_copy`, [value], cx.reg(op.result))];
  },
  // RPython's promote_greens: a green that is a variable (computed by the last iteration, such as
  // a jump target read from an array) is promoted first, so that while tracing every green of the
  // merge point is a constant of the trace (a guard_value when it was not; folded when it was)
  jit_merge_point: (op, cx) => [...promoteGreens(op, cx), { insn: "live", args: [{ liveHere: true }] }, line("jit_merge_point", driverOperands(op, cx))],
  can_enter_jit: (op, cx) => [line("loop_header", [driverOperands(op, cx)[0]!])],
  // made by the merge point pass (src/jit/merge-point.ts) after the codewriter has read the graphs
  jit_maybe_compile_and_run: refused(AFTER_CODEWRITER),
  jit_portal_arg: refused(AFTER_CODEWRITER),
  jit_portal_result: refused(AFTER_CODEWRITER),
  jit_portal_exception: refused(AFTER_CODEWRITER),
  jit_portal_fatal: refused(AFTER_CODEWRITER),
  jit_we_are_jitted: (op, cx) => [line("we_are_jitted", [], cx.reg(op.result))],
  // a residual call of the one-operation helper (RPython's warmspot rewrite_set_param): the JIT's
  // parameters change outside the trace, which must not fold or reorder around the call
  jit_set_param: helper,
  // a residual call of the one-operation helper (RPython's jtransform rewrites it into a call of
  // do_force_quasi_immutable): the invalidation happens outside the trace
  jit_force_quasi_immutable: helper,
};

/** A `live` and a `<kind>_guard_value` for each green of the merge point that is a variable. */
function promoteGreens(op: LLOperation, cx: JTransformContext): FlatLine[] {
  const greenCount = (op.args[1] as LLConstant).value as number;
  const lines: FlatLine[] = [];
  for (const green of op.args.slice(2, 2 + greenCount)) {
    const kind = kindOf(green.type);
    if (!("hint" in green) || kind === "v") continue;
    lines.push({ insn: "live", args: [{ liveHere: true }] }, line(`${KIND_NAMES[kind]}_guard_value`, [cx.value(green)]));
  }
  return lines;
}

/** The driver descriptor, then the greens and the reds by kind (RPython's jit_merge_point/IRFIRF). */
function driverOperands(op: LLOperation, cx: JTransformContext): FlatArg[] {
  const name = String((op.args[0] as LLConstant).value);
  const greenCount = (op.args[1] as LLConstant).value as number;
  const vars = op.args.slice(2);
  const greens = vars.slice(0, greenCount);
  const reds = vars.slice(greenCount);
  const hint = (v: LLValue) => ("hint" in v ? v.hint : "const");
  const byKind = (values: LLValue[], kind: RegKind): FlatArg => ({ list: kind, items: values.filter((v) => kindOf(v.type) === kind).map((v) => cx.value(v)) });
  const descr = cx.descrs.driver(name, greens.map(hint), reds.map(hint));
  return [{ descr }, byKind(greens, "i"), byKind(greens, "r"), byKind(greens, "f"), byKind(reds, "i"), byKind(reds, "r"), byKind(reds, "f")];
}

/** Why the codewriter refuses an LL operation in JIT-visible code, or undefined when it translates it. */
export function refusalOf(opname: keyof typeof JTRANSFORM): string | undefined {
  const h = JTRANSFORM[opname];
  return typeof h === "function" ? undefined : h.refused;
}

