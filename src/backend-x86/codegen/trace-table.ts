/**
 * Stack traces in translated programs (src/rtyper/stack-trace.ts): the `stack_trace` operation
 * on x86-64. The table from return addresses to frames is the shared layer's
 * (src/backend/trace-table.ts); every call this code generator emits records its site there.
 */

import * as I from "../../runtime/x86/instructions.js";
import { R11 } from "../../runtime/x86/registers.js";
import type { Emit } from "./ops.js";

export { writeTraceTable, type CallSite } from "../../backend/trace-table.js";

/** stack_trace(array): r11 = the array, then the routine, whose own return address is this operation's site. */
export const stackTrace: Emit = (fc, op) => {
  fc.toGpr(op.args[0]!, R11);
  fc.asm.l(I.CALL_l, fc.program.runtime.captureTrace);
  fc.site(op.pos);
};
