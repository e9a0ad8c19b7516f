/**
 * The instructions of jitcodes, as one table of data (RPython's jitcode instruction set, which its
 * assembler.py collects as `insns` and blackhole.py/pyjitpl.py implement as `bhimpl_*` and
 * `opimpl_*`). A jitcode is the register bytecode the codewriter (src/jit/codewriter) makes of
 * each LL graph the JIT looks inside; the tracing meta-interpreter executes it while recording
 * resoperations (src/jit/ll-to-resop.ts says which), and the blackhole interpreter
 * (blackhole.ts) executes it without recording, after a guard failed.
 *
 * Each entry gives its operands as a string of operand codes, then `>` and the result's kind when
 * it has one (`ii>i`: two integer registers in, an integer register out). The codes:
 *
 * - `i`, `r`, `f`: a register of that kind (integer, GC reference, float). A number below the
 *   jitcode's register count of the kind is a register; from the count on, it is a constant of
 *   the kind's constant pool (count + k is constant k), as in RPython: a frame's register file
 *   holds the constants after the registers, so every operand is read the same way;
 * - `c`: a small integer, inline;
 * - `d`: a descriptor, by its index in the jitcode's `descrs` (field, array, size, call, switch,
 *   site or driver descriptor; which one the instruction's doc says);
 * - `j`: a jitcode (a callee inlined into the trace), by its index in `descrs`;
 * - `L`: a label: the pc of an instruction of the same jitcode;
 * - `I`, `R`, `F`: a list of registers of the kind: its length, then the registers;
 * - `l`: a liveness index (JitCode.liveness), only in `live`.
 *
 * A code is one element of the jitcode's code array (a number), so a jitcode has at most 2^31
 * registers, constants, descriptors and instructions: each fits the Int32Array a translated
 * binary will hold it in.
 *
 * Flags:
 * - guard: the meta-interpreter may record a guard here (or the instruction stops the program
 *   with a fatal error when its check fails); the codewriter puts a `live` just before it, and
 *   the blackhole interpreter resumes at that `live` and runs the instruction again;
 * - raise: may leave an exception (calls, `raise`); `catch_exception L` may follow, which jumps
 *   to L when it does; otherwise the exception leaves the jitcode;
 * - call: calls (residual or inline); the codewriter puts a `live` after it: where the frame
 *   resumes when its callee returns;
 * - final: control does not reach the next instruction (goto, return, raise).
 */

export type JitInsnFlag = "guard" | "raise" | "call" | "final";

export interface JitInsnEntry {
  /** The operand codes (see above), without the result. */
  readonly operands: string;
  /** `i`, `r`, `f`, or `` for none. */
  readonly result: string;
  readonly flags: string;
  readonly doc: string;
}

function insn(signature: string, flags: string, doc: string): JitInsnEntry {
  const arrow = signature.indexOf(">");
  return { operands: arrow < 0 ? signature : signature.slice(0, arrow), result: arrow < 0 ? "" : signature.slice(arrow + 1), flags, doc };
}

const BINARY_INT = "ii>i";

/** The residual and inline call instructions: one per argument kinds (r, ir, irf, as RPython's) and result kind (i, r, f, v). */
function callInsns<P extends string>(prefix: P, callee: string, doc: string) {
  const entries: Record<string, JitInsnEntry> = {};
  for (const args of ["r", "ir", "irf"] as const) {
    for (const result of ["i", "r", "f", "v"] as const) {
      const lists = args.toUpperCase();
      const sig = `${callee}${lists}${prefix === "residual_call" ? "d" : ""}${result === "v" ? "" : `>${result}`}`;
      entries[`${prefix}_${args}_${result}`] = insn(sig, "raise call", `${doc} (arguments ${args}, result ${result === "v" ? "none" : result})`);
    }
  }
  return entries as Record<`${P}_${"r" | "ir" | "irf"}_${"i" | "r" | "f" | "v"}`, JitInsnEntry>;
}

// The table. An instruction's number (its opcode in code arrays) is its place here.
const TABLE = {
  // liveness and control
  live: insn("l", "", "`-live-`: the registers live here (JitCode.liveness); no operation. A guard resumes here"),
  goto: insn("L", "final", "jumps to L"),
  goto_if_not: insn("iL", "guard", "jumps to L when the integer is 0 (guard_true or guard_false on it while tracing)"),
  goto_if_not_int_lt: insn("iiL", "guard", "jumps to L unless a < b"),
  goto_if_not_int_le: insn("iiL", "guard", "jumps to L unless a <= b"),
  goto_if_not_int_eq: insn("iiL", "guard", "jumps to L unless a == b"),
  goto_if_not_int_ne: insn("iiL", "guard", "jumps to L unless a != b"),
  goto_if_not_int_gt: insn("iiL", "guard", "jumps to L unless a > b"),
  goto_if_not_int_ge: insn("iiL", "guard", "jumps to L unless a >= b"),
  goto_if_not_ptr_nonzero: insn("rL", "guard", "jumps to L when the reference is null"),
  goto_if_not_ptr_iszero: insn("rL", "guard", "jumps to L unless the reference is null"),
  switch: insn("id", "guard", "jumps to the label the switch descriptor gives for the integer, or goes on (the default) when it has none (guard_value on it while tracing)"),
  int_return: insn("i", "final", "returns the integer from the jitcode"),
  ref_return: insn("r", "final", "returns the reference"),
  float_return: insn("f", "final", "returns the float"),
  void_return: insn("", "final", "returns without a value"),
  raise: insn("r", "raise final", "raises the exception (an instance)"),
  reraise: insn("", "raise final", "raises again the exception last caught"),
  catch_exception: insn("L", "", "after an instruction that may raise: jumps to L when it raised (the exception is then the last caught), else goes on"),
  last_exc_value: insn(">r", "", "the exception last caught"),

  // moves (the codewriter's renaming of link arguments; push and pop break cycles)
  int_copy: insn("i>i", "", "a copy of the integer"),
  we_are_jitted: insn(">i", "", "weAreJitted(): 1 in code the JIT compiled and where it goes on (tracing, the blackhole interpreter after a guard failed), 0 while the meta-interpreter only interprets (the program before its loops are hot, as ahead-of-time code runs it)"),
  ref_copy: insn("r>r", "", "a copy of the reference"),
  float_copy: insn("f>f", "", "a copy of the float"),
  int_push: insn("i", "", "keeps the integer aside (one slot per kind)"),
  ref_push: insn("r", "", "keeps the reference aside"),
  float_push: insn("f", "", "keeps the float aside"),
  int_pop: insn(">i", "", "the integer kept aside"),
  ref_pop: insn(">r", "", "the reference kept aside"),
  float_pop: insn(">f", "", "the float kept aside"),

  // integers (64-bit, exact while |x| <= 2^53: int-arith.ts)
  int_add: insn(BINARY_INT, "", "a + b"),
  int_sub: insn(BINARY_INT, "", "a - b"),
  int_mul: insn(BINARY_INT, "", "a * b"),
  int_and: insn(BINARY_INT, "", "a & b"),
  int_or: insn(BINARY_INT, "", "a | b"),
  int_xor: insn(BINARY_INT, "", "a ^ b"),
  int_lshift: insn(BINARY_INT, "", "a << b (b in 0..63)"),
  int_rshift: insn(BINARY_INT, "", "a >> b, arithmetic"),
  uint_rshift: insn(BINARY_INT, "", "a >>> b on the unsigned 64-bit value"),
  int_signext: insn(BINARY_INT, "", "the low b bytes of a (b = 1, 2 or 4), sign-extended"),
  int_lt: insn(BINARY_INT, "", "a < b as 0 or 1"),
  int_le: insn(BINARY_INT, "", "a <= b"),
  int_eq: insn(BINARY_INT, "", "a == b"),
  int_ne: insn(BINARY_INT, "", "a != b"),
  int_gt: insn(BINARY_INT, "", "a > b"),
  int_ge: insn(BINARY_INT, "", "a >= b"),
  uint_lt: insn(BINARY_INT, "", "a < b as unsigned 64-bit values"),
  int_neg: insn("i>i", "", "-a"),
  int_invert: insn("i>i", "", "~a"),
  int_is_true: insn("i>i", "", "a != 0 as 0 or 1"),
  int_is_zero: insn("i>i", "", "a == 0 as 0 or 1"),
  // checked integer operations: the site descriptor is where the program stops when the check fails
  int_add_ovf: insn("iid>i", "guard", "a + b; stops the program at the site when it leaves |x| <= 2^53 (guard_no_overflow)"),
  int_sub_ovf: insn("iid>i", "guard", "a - b, checked"),
  int_mul_ovf: insn("iid>i", "guard", "a * b, checked"),
  int_neg_ovf: insn("id>i", "guard", "-a, checked (-0 stops too)"),
  int_floordiv: insn("iid>i", "guard", "a / b truncated; b = 0 stops the program at the site"),
  int_mod: insn("iid>i", "guard", "a % b with the sign of a; b = 0 stops the program at the site"),

  // floats
  float_add: insn("ff>f", "", "a + b"),
  float_sub: insn("ff>f", "", "a - b"),
  float_mul: insn("ff>f", "", "a * b"),
  float_truediv: insn("ff>f", "", "a / b"),
  float_neg: insn("f>f", "", "-a"),
  float_abs: insn("f>f", "", "|a|"),
  float_lt: insn("ff>i", "", "a < b"),
  float_le: insn("ff>i", "", "a <= b"),
  float_eq: insn("ff>i", "", "a == b"),
  float_ne: insn("ff>i", "", "a != b"),
  float_gt: insn("ff>i", "", "a > b"),
  float_ge: insn("ff>i", "", "a >= b"),
  cast_int_to_float: insn("i>f", "", "the double nearest to a"),

  // references
  ptr_eq: insn("rr>i", "", "the same object"),
  ptr_ne: insn("rr>i", "", "not the same object"),
  ptr_nonzero: insn("r>i", "", "not null"),
  ptr_iszero: insn("r>i", "", "null"),
  cast_ptr_to_int: insn("r>i", "", "the address of the object"),
  cast_int_to_ptr: insn("i>r", "", "the object at the address"),

  // memory: descriptors from the LL layouts (history.ts)
  getfield_gc_i: insn("rd>i", "", "an integer field (field descriptor)"),
  getfield_gc_r: insn("rd>r", "", "a reference field"),
  getfield_gc_f: insn("rd>f", "", "a float field"),
  setfield_gc_i: insn("rid", "", "stores an integer field"),
  setfield_gc_r: insn("rrd", "", "stores a reference field"),
  setfield_gc_f: insn("rfd", "", "stores a float field"),
  getfield_raw_i: insn("id>i", "", "an integer field of a raw struct at the address"),
  record_quasiimmut_field: insn("rd", "guard", "before a getfield_gc of a quasi-immutable field (field descriptor): from a constant object, the trace records quasiimmut_field and guard_not_invalidated and the read becomes a constant (metainterp/quasiimmut.ts); nothing otherwise"),
  setfield_raw_i: insn("iid", "", "stores an integer field of a raw struct"),
  getarrayitem_gc_i: insn("rid>i", "", "integer item i (array descriptor; bounds are checked by check_index before)"),
  getarrayitem_gc_r: insn("rid>r", "", "reference item i"),
  getarrayitem_gc_f: insn("rid>f", "", "float item i"),
  setarrayitem_gc_i: insn("riid", "", "stores integer item i"),
  setarrayitem_gc_r: insn("rird", "", "stores reference item i"),
  setarrayitem_gc_f: insn("rifd", "", "stores float item i"),
  arraylen_gc: insn("rd>i", "", "the length of the array (array descriptor)"),
  getarrayitem_raw_i: insn("iid>i", "", "integer item i of the raw array at the address"),
  setarrayitem_raw_i: insn("iiid", "", "stores integer item i of the raw array"),
  raw_load_i: insn("iid>i", "", "the integer at address + offset (array descriptor: size and sign)"),
  raw_load_f: insn("iid>f", "", "the float at address + offset"),
  raw_store_i: insn("iiid", "", "stores the integer at address + offset"),
  raw_store_f: insn("iifd", "", "stores the float at address + offset"),
  strlen: insn("rd>i", "", "the length of the string (the string type's array descriptor)"),
  strgetitem: insn("rid>i", "", "code unit i of the string"),
  strsetitem: insn("riid", "", "stores code unit i of a string being built"),
  new: insn("d>r", "", "a new zero-filled struct (size descriptor)"),
  new_with_vtable: insn("d>r", "", "a new zero-filled instance, its class from the size descriptor"),
  new_array_clear: insn("id>r", "", "a new zero-filled array of n items (array descriptor)"),
  newstr: insn("id>r", "", "a new string of n code units (the string type's array descriptor)"),

  // safety checks: each stops the program at its site descriptor when it fails (a guard while tracing)
  check_nonnull: insn("rd", "guard", "stops the program when the reference is null (or the null object)"),
  check_defined: insn("id", "guard", "stops the program when the integer is the undefined or null word"),
  check_index: insn("iid", "guard", "stops the program unless 0 <= index < length"),
  debug_fatal: insn("d", "final", "stops the program with the site descriptor's message"),

  // calls: residual (the function's address, its arguments by kind, the call descriptor) and
  // inline (the callee's jitcode, which the meta-interpreter enters)
  ...callInsns("residual_call", "i", "calls the function at the address (a constant, or a register for an indirect call) as the call descriptor says"),
  ...callInsns("inline_call", "j", "runs the callee's jitcode in a new frame"),

  // the JIT's own
  jit_merge_point: insn("dIRFIRF", "", "the portal's loop header (driver descriptor; greens by kind, then reds by kind): where traces start and close"),
  loop_header: insn("d", "", "can_enter_jit: a backward jump of the interpreted program (driver descriptor); the next jit_merge_point may start tracing"),
  int_guard_value: insn("i", "guard", "promote: the integer becomes a constant of the trace (guard_value)"),
  ref_guard_value: insn("r", "guard", "promote a reference"),
  float_guard_value: insn("f", "guard", "promote a float"),
  guard_class: insn("r>i", "guard", "the object's class (its typeptr), promoted: while tracing, guard_class once per object and the class is a constant of the trace (RPython's jtransform of getfield typeptr)"),
} satisfies Record<string, JitInsnEntry>;

/** The name of a jitcode instruction: a misspelled name does not compile. */
export type JitInsnName = keyof typeof TABLE;

/** One instruction, as the JIT's runtime reads it (RTS: indexed by its opcode in JITCODE_INSNS). */
export class JitInsnInfo {
  readonly opcode: number;
  readonly name: string;
  readonly operands: string;
  readonly result: string;
  readonly guard: boolean;
  readonly canRaise: boolean;
  readonly call: boolean;
  readonly final: boolean;
  readonly doc: string;

  constructor(opcode: number, name: string, entry: JitInsnEntry) {
    this.opcode = opcode;
    this.name = name;
    this.operands = entry.operands;
    this.result = entry.result;
    this.guard = entry.flags.includes("guard");
    this.canRaise = entry.flags.includes("raise");
    this.call = entry.flags.includes("call");
    this.final = entry.flags.includes("final");
    this.doc = entry.doc;
  }
}

/** The table's entries by name (toolchain side). */
export const JITCODE_INSN_TABLE: Readonly<Record<JitInsnName, JitInsnEntry>> = TABLE;

/** Every instruction by opcode. */
export const JITCODE_INSNS: readonly JitInsnInfo[] = Object.entries(TABLE).map(([name, entry], opcode) => new JitInsnInfo(opcode, name, entry));

/** The opcode of each instruction by name, for the toolchain (`jop.int_add`). */
export const jop: Readonly<Record<JitInsnName, number>> = Object.fromEntries(JITCODE_INSNS.map((info) => [info.name, info.opcode])) as Record<JitInsnName, number>;

const OPCODES: ReadonlyMap<string, number> = new Map(JITCODE_INSNS.map((info) => [info.name, info.opcode]));

/** The opcode of an instruction (RTS). */
export function opcodeOf(name: JitInsnName): number {
  const opcode = OPCODES.get(name);
  if (opcode === undefined) throw new Error(`unknown jitcode instruction ${name}`);
  return opcode;
}

export function isJitInsnName(name: string): name is JitInsnName {
  return Object.hasOwn(TABLE, name);
}

/** An instruction a consumer does not handle, with the reason. */
export interface JitInsnRefusal {
  readonly refused: string;
}

/**
 * What a consumer of jitcodes (the blackhole interpreter, the meta-interpreter) does with every
 * instruction: a handler, or a refusal that says why. A record over JitInsnName, so that an
 * instruction added to the table does not compile until each consumer decides.
 */
export type JitCodeOpHandlers<Handler> = { readonly [K in JitInsnName]: Handler | JitInsnRefusal };

/** The instructions a consumer neither handles nor refuses (empty for a complete consumer). */
export function undecidedJitInsns(handlers: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(TABLE).filter((name) => {
    const h = handlers[name];
    return typeof h !== "function" && !(typeof h === "object" && h !== null && typeof (h as JitInsnRefusal).refused === "string" && (h as JitInsnRefusal).refused !== "");
  });
}
