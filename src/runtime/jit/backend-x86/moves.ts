/**
 * Moves between the locations of regalloc.ts (registers, XMM registers, frame slots): one move,
 * and the parallel move of a jump (every source read before any destination is written, as the
 * trace interpreter's jump does), in RTS (src/backend/moves.ts is the translator's, with
 * closures and Sets). Moves are emitted in an order where no destination is still a pending
 * source; a cycle is broken through R11 (or XMM15 for a cycle of XMM registers); a slot to slot
 * move goes through RAX. None of these is ever allocated.
 *
 * RTS.
 */

import { type Assembler, mem, MOV_mr, MOV_rm, MOV_rr, MOVAPD_xx, MOVQ_rx, MOVQ_xr, MOVSD_mx, MOVSD_xm, R11, RAX, RBP } from "./asm.js";
import { slotOffset } from "./frame.js";
import { FIRST_XMM, isSlot, isXmm, slotOf } from "./regalloc.js";

const XMM15_LOC = FIRST_XMM + 15;

/** Copies the 64 bits at location src to location dst. */
export function emitMove(asm: Assembler, src: number, dst: number): void {
  if (src === dst) return;
  if (isSlot(src)) {
    const from = mem(RBP, slotOffset(slotOf(src)));
    if (isSlot(dst)) {
      asm.rm(MOV_rm, RAX, from);
      asm.mr(MOV_mr, mem(RBP, slotOffset(slotOf(dst))), RAX);
    } else if (isXmm(dst)) {
      asm.rm(MOVSD_xm, dst - FIRST_XMM, from);
    } else {
      asm.rm(MOV_rm, dst, from);
    }
    return;
  }
  if (isSlot(dst)) {
    const to = mem(RBP, slotOffset(slotOf(dst)));
    if (isXmm(src)) asm.mr(MOVSD_mx, to, src - FIRST_XMM);
    else asm.mr(MOV_mr, to, src);
    return;
  }
  if (isXmm(src)) {
    if (isXmm(dst)) asm.rr(MOVAPD_xx, dst - FIRST_XMM, src - FIRST_XMM);
    else asm.rr(MOVQ_rx, dst, src - FIRST_XMM);
    return;
  }
  if (isXmm(dst)) asm.rr(MOVQ_xr, dst - FIRST_XMM, src);
  else asm.rr(MOV_rr, dst, src);
}

/**
 * Moves srcs[i] to dsts[i] for every i, in parallel. The destinations are distinct; a source may
 * repeat. The arrays are consumed (srcs is rewritten while cycles are broken).
 */
export function emitParallelMove(asm: Assembler, srcs: number[], dsts: number[]): void {
  const pending: boolean[] = [];
  let left = 0;
  for (let i = 0; i < srcs.length; i++) {
    const moves = srcs[i] !== dsts[i];
    pending.push(moves);
    if (moves) left++;
  }
  while (left > 0) {
    let progressed = false;
    for (let i = 0; i < srcs.length; i++) {
      if (!pending[i]) continue;
      if (isPendingSource(srcs, pending, dsts[i]!, i)) continue;
      emitMove(asm, srcs[i]!, dsts[i]!);
      pending[i] = false;
      left--;
      progressed = true;
    }
    if (progressed) continue;
    // only cycles are left: save one destination's value in a scratch register and read it there
    let first = 0;
    while (!pending[first]) first++;
    const saved = dsts[first]!;
    const temp = isXmm(saved) ? XMM15_LOC : R11;
    emitMove(asm, saved, temp);
    for (let i = 0; i < srcs.length; i++) if (pending[i] && srcs[i] === saved) srcs[i] = temp;
  }
}

function isPendingSource(srcs: number[], pending: boolean[], loc: number, except: number): boolean {
  for (let j = 0; j < srcs.length; j++) if (j !== except && pending[j] && srcs[j] === loc) return true;
  return false;
}

