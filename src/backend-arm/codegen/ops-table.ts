/**
 * Every LL operation (src/llir/lloperation.ts) and what the AArch64 code generator emits for it:
 * an emitter of ops.ts (values, checks), ops-memory.ts, ops-calls.ts or ops-gc.ts, or why the
 * operation never reaches this backend. Exhaustive: a new operation of the table is a type error
 * here until it is given one or the other.
 */

import { LLConstant } from "../../llir/llgraph.js";
import type { LLOpHandlers, LLOpRefusal } from "../../llir/lloperation.js";
import { CC_LO } from "../../runtime/aarch64/encoding.js";
import * as I from "../../runtime/aarch64/instructions.js";
import { EXTEND_UXTX, Label } from "../../runtime/aarch64/operands.js";
import { SP } from "../../runtime/aarch64/registers.js";
import { CALL_OPERATIONS } from "./ops-calls.js";
import { GC_OPERATIONS } from "./ops-gc.js";
import { arrayLength, getarrayitem, getfield, getinteriorfield, getitemfield, malloc, mallocVarsize, rawLoad, rawStore, setarrayitem, setfield, setinteriorfield, setitemfield } from "./ops-memory.js";
import { compare, copy, nothing, VALUE_OPERATIONS, type Emit } from "./ops.js";
import { SCRATCH } from "./locations.js";
import { stackTrace } from "./trace-table.js";

/** sp below the limit computed at start: call the stackOverflow graph (which raises RangeError). */
const stackCheck: Emit = (fc, op) => {
  const asm = fc.asm;
  const slow = new Label();
  const back = new Label();
  fc.loadWord(SCRATCH, fc.program.stackLimit);
  asm.rrii(I.CMP_rrei, SP, SCRATCH, EXTEND_UXTX, 0);
  asm.l(I.Bcc_l[CC_LO]!, slow);
  asm.bind(back);
  fc.defer(() => {
    asm.bind(slow);
    asm.l(I.BL_l, fc.program.functionLabel(op.args[0] as LLConstant));
    fc.site(op.pos);
    asm.l(I.B_l, back);
  });
};

const BY_JIT_ENTRY_LOWERING: LLOpRefusal = { refused: "with --jit, src/translator/jit-entry-lowering.ts makes it calls of the JIT's runtime before the LL optimisations" };
const BY_NATIVE_CALL: LLOpRefusal = { refused: "lowerNativeOps (native-ops.ts) turns it into a call of a runtime helper before code generation" };

/** Every operation of the table (lloperation.ts): its code, or why it never reaches this backend. */
export const OPERATIONS: LLOpHandlers<Emit> = {
  ...VALUE_OPERATIONS,
  ...CALL_OPERATIONS,
  ...GC_OPERATIONS,
  float_mod: BY_NATIVE_CALL,
  float_sin: BY_NATIVE_CALL,
  float_cos: BY_NATIVE_CALL,
  float_tan: BY_NATIVE_CALL,
  float_atan: BY_NATIVE_CALL,
  float_atan2: BY_NATIVE_CALL,
  float_exp: BY_NATIVE_CALL,
  float_log: BY_NATIVE_CALL,
  float_log2: BY_NATIVE_CALL,
  float_log10: BY_NATIVE_CALL,
  float_pow: BY_NATIVE_CALL,
  cast_bool_to_int: copy,
  cast_char_to_int: copy,
  malloc,
  malloc_varsize: mallocVarsize,
  getfield,
  setfield,
  getarrayitem,
  setarrayitem,
  getitemfield,
  setitemfield,
  getarraylength: arrayLength,
  getinteriorfield,
  setinteriorfield,
  getinteriorarraysize: arrayLength,
  cast_pointer: copy,
  raw_load: rawLoad,
  raw_store: rawStore,
  cast_ptr_to_adr: copy,
  cast_adr_to_ptr: copy,
  cast_adr_to_int: copy,
  cast_int_to_adr: copy,
  same_as: copy,
  stack_check: stackCheck,
  stack_trace: stackTrace,
  jit_promote: copy,
  jit_merge_point: nothing,
  can_enter_jit: nothing,
  // no JIT in the binary yet whose parameters it would set (issue 16 part 2)
  jit_set_param: nothing,
  // no compiled loops in the binary yet to invalidate (issue 16 part 2 checks a mutate slot here)
  jit_force_quasi_immutable: nothing,
  // the merge point as the JIT's entry (src/jit/merge-point.ts), lowered to calls of the runtime
  jit_maybe_compile_and_run: BY_JIT_ENTRY_LOWERING,
  jit_portal_arg: BY_JIT_ENTRY_LOWERING,
  jit_portal_result: BY_JIT_ENTRY_LOWERING,
  jit_portal_exception: BY_JIT_ENTRY_LOWERING,
  jit_portal_fatal: BY_JIT_ENTRY_LOWERING,
  // the comparisons (ops.ts COMPARISONS): a value here, fused into the branch when they end a block
  int_lt: compare,
  int_le: compare,
  int_eq: compare,
  int_ne: compare,
  int_gt: compare,
  int_ge: compare,
  int_between: compare,
  char_lt: compare,
  char_le: compare,
  char_eq: compare,
  char_ne: compare,
  char_gt: compare,
  char_ge: compare,
  ptr_eq: compare,
  ptr_ne: compare,
  ptr_nonzero: compare,
  ptr_iszero: compare,
  float_lt: compare,
  float_le: compare,
  float_eq: compare,
  float_ne: compare,
  float_gt: compare,
  float_ge: compare,
};
