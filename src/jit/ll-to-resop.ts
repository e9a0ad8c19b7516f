/**
 * What each LL operation (src/llir/lloperation.ts) becomes in a trace: the contract for the
 * codewriter (issue 16, item 3), which turns the LL graphs the JIT looks inside into jitcodes
 * whose instructions the meta-interpreter records as resoperations. Data, one entry per LL
 * operation (a record over LLOpName, so an LL operation added to the table does not compile until
 * it is decided here):
 *
 * - `resops`: recorded as these resoperations (in this order when more than one; `how` says how
 *   the arguments and descriptor are found);
 * - `residual`: a call of a helper the JIT does not look inside, `call_*` or, for a function
 *   without side effects, `call_pure_*` (elidable: folded on constant arguments);
 * - `control`: handled by the codewriter or the meta-interpreter itself (jit_merge_point, promote,
 *   calls, safety checks that become guards);
 * - `refused`: never in JIT-visible code; the codewriter's policy keeps such graphs out (system
 *   code: the GC, the JIT's runtime) and says why if one reaches it.
 *
 * A safety check that stops the program (LL `fatal`) becomes a guard whose failure leaves the
 * trace: the blackhole interpreter then runs the LL operation itself and stops with the same
 * message and position as without the JIT.
 */

import type { LLOpName } from "../llir/lloperation.js";
import type { ResOpName } from "../runtime/jit/resoperation.js";

export type LLOpTranslation =
  | { readonly resops: readonly ResOpName[]; readonly how: string }
  | { readonly residual: "call" | "call_pure"; readonly how: string }
  | { readonly control: string }
  | { readonly refused: string };

const same = (resop: ResOpName, how = "the same operation"): LLOpTranslation => ({ resops: [resop], how });
const seq = (resops: readonly ResOpName[], how: string): LLOpTranslation => ({ resops, how });
const pureCall = (how: string): LLOpTranslation => ({ residual: "call_pure", how });
const call = (how: string): LLOpTranslation => ({ residual: "call", how });
const control = (how: string): LLOpTranslation => ({ control: how });
const refused = (why: string): LLOpTranslation => ({ refused: why });

const SYSTEM = "system code (the GC, the JIT runtime, the runtime helpers): the codewriter's policy does not look inside it";
const OVF = "followed by guard_no_overflow (the failure path stops the program with the LL operation's message)";

export const LL_TO_RESOP: { readonly [K in LLOpName]: LLOpTranslation } = {
  int_add: same("int_add"),
  int_sub: same("int_sub"),
  int_mul: same("int_mul"),
  int_add_ovf: seq(["int_add_ovf", "guard_no_overflow"], OVF),
  int_sub_ovf: seq(["int_sub_ovf", "guard_no_overflow"], OVF),
  int_mul_ovf: seq(["int_mul_ovf", "guard_no_overflow"], OVF),
  int_neg_ovf: seq(["int_is_true", "guard_true", "int_sub_ovf", "guard_no_overflow"], "a guard that a is not 0 (-0 stops the program), then int_sub_ovf(0, a)"),
  int_mod: seq(["int_is_true", "guard_true", "int_mod"], "a guard that b is not 0, then int_mod"),
  int_floordiv: seq(["int_is_true", "guard_true", "int_floordiv"], "a guard that b is not 0, then int_floordiv"),
  int_neg: same("int_neg"),
  int_abs: seq(["int_rshift", "int_xor", "int_sub"], "s = int_rshift(a, 63); int_sub(int_xor(a, s), s)"),
  int_and: same("int_and"),
  int_or: same("int_or"),
  int_xor: same("int_xor"),
  int_invert: same("int_invert"),
  int32_lshift: seq(["int_and", "int_lshift", "int_signext"], "int_signext(int_lshift(a, int_and(n, 31)), 4)"),
  int_lshift: same("int_lshift"),
  int_rshift: same("int_rshift"),
  uint_rshift: same("uint_rshift"),
  int_to_int32: seq(["int_signext"], "int_signext(a, 4)"),
  int_to_uint32: seq(["int_and"], "int_and(a, 0xffffffff)"),
  int_lt: same("int_lt"),
  int_le: same("int_le"),
  int_eq: same("int_eq"),
  int_ne: same("int_ne"),
  int_gt: same("int_gt"),
  int_ge: same("int_ge"),
  int_between: seq(["int_sub", "int_sub", "uint_lt"], "a <= b < c as uint_lt(int_sub(b, a), int_sub(c, a)), as RPython's codewriter does"),

  float_add: same("float_add"),
  float_sub: same("float_sub"),
  float_mul: same("float_mul"),
  float_truediv: same("float_truediv"),
  float_mod: pureCall("fmod: a helper"),
  float_neg: same("float_neg"),
  float_abs: same("float_abs"),
  float_sqrt: pureCall("Math.sqrt (a backend may emit sqrtsd for this helper, as RPython's OS_MATH_SQRT)"),
  float_floor: pureCall("Math.floor as a float"),
  float_ceil: pureCall("Math.ceil as a float"),
  float_trunc: pureCall("Math.trunc as a float"),
  float_sin: pureCall("Math.sin"),
  float_cos: pureCall("Math.cos"),
  float_tan: pureCall("Math.tan"),
  float_atan: pureCall("Math.atan"),
  float_atan2: pureCall("Math.atan2"),
  float_exp: pureCall("Math.exp"),
  float_log: pureCall("Math.log"),
  float_log2: pureCall("Math.log2"),
  float_log10: pureCall("Math.log10"),
  float_pow: pureCall("Math.pow"),
  float_lt: same("float_lt"),
  float_le: same("float_le"),
  float_eq: same("float_eq"),
  float_ne: same("float_ne"),
  float_gt: same("float_gt"),
  float_ge: same("float_ge"),

  cast_int_to_float: same("cast_int_to_float"),
  cast_float_to_int: pureCall("the checking conversion (stops the program when the float is no integer that fits); its result is then known an integer"),
  float_to_int32: pureCall("JavaScript's ToInt32 of a double"),
  cast_bool_to_int: same("same_as_i", "a Bool is already 0 or 1: same_as_i, usually removed"),
  cast_char_to_int: same("same_as_i", "a Char is already its code unit"),
  cast_int_to_char: seq(["int_and"], "int_and(a, 0xffff)"),
  bool_not: same("int_is_zero", "int_is_zero of the 0 or 1"),
  bool_and: same("int_and"),
  bool_or: same("int_or"),
  char_eq: same("int_eq"),
  char_ne: same("int_ne"),
  char_lt: same("int_lt"),
  char_le: same("int_le"),
  char_gt: same("int_gt"),
  char_ge: same("int_ge"),

  malloc: seq(["new", "new_with_vtable"], "new with the size descriptor (the jitcode's `new`); an instance's class is the setfield_gc of its typeptr the rtyper puts right after, which the optimizer may fuse into new_with_vtable"),
  malloc_varsize: seq(["new_array_clear", "newstr", "call_r"], "new_array_clear with the array descriptor; newstr for the string type; an array of inline structs: a residual call of a helper (call_r), never a virtual array"),
  getfield: seq(["getfield_gc_i", "getfield_gc_r", "getfield_gc_f", "guard_class"], "getfield_gc_<kind> with the field descriptor (an immutable field's descriptor says so); an instance's typeptr is guard_class, its class then a constant"),
  setfield: seq(["setfield_gc"], "setfield_gc with the field descriptor (the backend adds the write barrier of a reference store)"),
  getarrayitem: seq(["getarrayitem_gc_i", "getarrayitem_gc_r", "getarrayitem_gc_f", "strgetitem"], "getarrayitem_gc_<kind> with the array descriptor; strgetitem for a string's code units"),
  setarrayitem: seq(["setarrayitem_gc", "strsetitem"], "setarrayitem_gc with the array descriptor; strsetitem for a string being built"),
  getitemfield: seq(["getarrayitem_gc_i", "getarrayitem_gc_r", "getarrayitem_gc_f"], "getarrayitem_gc_<kind> with the field's own array descriptor (items from item 0's field, stepping by the struct's size, loading the field's width)"),
  setitemfield: seq(["setarrayitem_gc"], "setarrayitem_gc with the field's own array descriptor, as getitemfield"),
  getarraylength: seq(["arraylen_gc", "strlen"], "arraylen_gc with the array descriptor (an array of inline structs: one of its fields'); strlen for a string"),
  getinteriorfield: seq(["getarrayitem_gc_i", "getarrayitem_gc_r", "getarrayitem_gc_f", "strgetitem"], "the struct's variable-sized array is an array descriptor whose items start at the field's offset"),
  setinteriorfield: seq(["setarrayitem_gc", "strsetitem"], "as getinteriorfield"),
  getinteriorarraysize: seq(["arraylen_gc", "strlen"], "as getinteriorfield"),
  ptr_nonzero: seq(["ptr_ne"], "ptr_ne(p, NULL)"),
  ptr_iszero: seq(["ptr_eq"], "ptr_eq(p, NULL)"),
  ptr_eq: same("ptr_eq"),
  ptr_ne: same("ptr_ne"),
  cast_pointer: same("same_as_r", "the same object: no operation (same_as_r when the codewriter needs a new register)"),
  identityhash: call("the GC's identity hash (it may allocate the hash field)"),

  direct_call: control(
    "a call the policy looks inside is inlined into the trace; otherwise call_* (call_pure_* for an elidable callee, call_may_force_* for one that may force virtuals, call_loopinvariant_*), then guard_no_exception when it can raise",
  ),
  indirect_call: control("the function pointer is promoted (guard_value) and the call is then a direct_call; or call_* of the pointer when the policy does not look inside its targets"),

  raw_load: seq(["raw_load_i", "raw_load_f"], "raw_load_<kind>(address, offset) with an array descriptor giving the size and sign"),
  raw_store: seq(["raw_store"], "raw_store(address, offset, value)"),
  adr_add: same("int_add", "addresses are integers in traces"),
  adr_sub: same("int_sub"),
  cast_ptr_to_adr: same("cast_ptr_to_int"),
  cast_adr_to_int: same("same_as_i"),
  cast_int_to_adr: same("same_as_i"),
  cast_adr_to_ptr: same("cast_int_to_ptr"),
  raw_memcopy: call("memcpy"),
  raw_memclear: call("memset to 0"),

  gc_shared: refused(`${SYSTEM}; the GC's contract with machine code is the backend's business`),
  gc_push_roots: refused("added by the GC transform after the codewriter has read the graphs: jitcodes are made from graphs before it"),
  gc_pop_roots: refused("added by the GC transform, after the codewriter"),
  gc_save_root: refused("added by the GC transform, after the codewriter"),
  gc_restore_root: refused("added by the GC transform, after the codewriter"),
  gc_reload_root: refused("added by the GC transform, after the codewriter"),
  gc_write_barrier: refused("added by the GC transform, after the codewriter; a backend adds the barriers of setfield_gc and setarrayitem_gc itself"),
  gc_write_barrier_array: refused("added by the GC transform, after the codewriter"),

  check_nonnull: seq(["guard_nonnull"], "guard_nonnull; its failure stops the program with the check's message"),
  check_defined: control("a guard that the int is neither the undefined nor the null word (int_ne + guard_true, twice)"),
  check_index: seq(["uint_lt", "guard_true"], "guard_true(uint_lt(index, length)): 0 <= index < length in one comparison"),

  // RPython has convert_float_bytes_to_longlong for these; a double's 64 bits are mostly beyond the
  // integers RTS keeps exact (2^53), so here they are elidable helpers that give 32-bit words
  float_high_word: pureCall("rts.floatHighWord"),
  float_low_word: pureCall("rts.floatLowWord"),
  float_from_words: pureCall("rts.floatFromWords"),

  os_write: call("the system call's helper"),
  os_read: call("the system call's helper"),
  os_open_read: call("the system call's helper"),
  os_close: call("the system call's helper"),
  os_exit: call("the system call's helper (the trace ends there)"),
  os_clock: call("the system call's helper"),
  os_mmap: refused(SYSTEM),
  os_munmap: refused(SYSTEM),
  os_mprotect: refused(SYSTEM),
  call_machine_code: refused(SYSTEM),
  call_machine_code_by_kind: refused(SYSTEM),
  os_write_raw: refused(SYSTEM),
  os_create: refused(SYSTEM),

  same_as: seq(["same_as_i", "same_as_r", "same_as_f"], "same_as_<kind>, usually removed"),
  debug_fatal: control("ends the trace: the blackhole interpreter runs the fatal error itself"),
  stack_trace: call("the stack trace's helper (it reads the calls of the frames the trace stands for, after resume)"),
  stack_check: control("no operation in traces (a trace has no native recursion); a residual call checks the stack itself"),
  jit_promote: seq(["guard_value"], "guard_value(x, the value seen while tracing): x is then that constant"),
  jit_merge_point: control("closes or starts the trace at the loop header (debug_merge_point marks each iteration, with the greens' printable location)"),
  can_enter_jit: control("counts at the loop's back edge (warm state), where tracing may start"),
  jit_set_param: call("a residual call of its one-operation helper, which sets the JIT's parameter (RPython's warmspot rewrites set_param into a call of the warm state's setter)"),
  jit_force_quasi_immutable: call("a residual call of its one-operation helper, which invalidates the compiled loops that assumed the field (RPython's do_force_quasi_immutable)"),
  jit_maybe_compile_and_run: refused("made by the merge point pass (src/jit/merge-point.ts) after the codewriter: the portal's ordinary code calling the JIT, never traced"),
  jit_portal_arg: refused("made by the merge point pass after the codewriter"),
  jit_portal_result: refused("made by the merge point pass after the codewriter"),
  jit_portal_exception: refused("made by the merge point pass after the codewriter"),
  jit_portal_fatal: refused("made by the merge point pass after the codewriter"),
  jit_we_are_jitted: control("the constant true in jitcodes (the codewriter folds it, as RPython's jtransform does)"),
};
