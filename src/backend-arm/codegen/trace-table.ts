/**
 * Stack traces in translated programs (src/rtyper/stack-trace.ts): the `stack_trace` operation
 * on AArch64. The table from return addresses to frames is the shared layer's
 * (src/backend/trace-table.ts); every call this code generator emits records its site there,
 * and the routine (runtime.ts emitCaptureTrace) walks the x29 frame chain.
 */

import * as I from "../../runtime/aarch64/instructions.js";
import { SCRATCH } from "./locations.js";
import type { Emit } from "./ops.js";

/** stack_trace(array): x16 = the array, then the routine, whose own return address (x30) is this operation's site. */
export const stackTrace: Emit = (fc, op) => {
  fc.toGpr(op.args[0]!, SCRATCH);
  fc.asm.l(I.BL_l, fc.program.runtime.captureTrace);
  fc.site(op.pos);
};
