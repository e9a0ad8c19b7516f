/**
 * Parallel moves: the values a link passes to its target's inputargs, or a call's arguments to
 * the argument registers, all move "at once". Moves are emitted in an order where no
 * destination is still needed as a source; a cycle (a swap) is broken through a scratch
 * register (rax or xmm14, never allocated, so never a source). Constants are loaded last: they
 * read no location.
 */

import { SCRATCH, XSCRATCH, xmm, type Loc } from "./locations.js";

export interface Move<C> {
  src: Loc | C;
  dst: Loc;
  float: boolean;
}

export interface MoveEmitter<C> {
  move(src: Loc, dst: Loc, float: boolean): void;
  load(constant: C, dst: Loc, float: boolean): void;
}

export function parallelMove<C>(moves: Move<C>[], emit: MoveEmitter<C>): void {
  const pending: { src: Loc; dst: Loc; float: boolean }[] = [];
  const constants: { src: C; dst: Loc; float: boolean }[] = [];
  const seenDst = new Set<Loc>();
  for (const m of moves) {
    if (seenDst.has(m.dst)) throw new Error(`internal error: two moves into location ${m.dst}`);
    seenDst.add(m.dst);
    if (typeof m.src === "number") {
      if (m.src !== m.dst) pending.push({ src: m.src, dst: m.dst, float: m.float });
    } else {
      constants.push({ src: m.src, dst: m.dst, float: m.float });
    }
  }
  while (pending.length > 0) {
    let progressed = false;
    for (let i = 0; i < pending.length; i++) {
      const m = pending[i]!;
      if (pending.some((other) => other !== m && other.src === m.dst)) continue;
      emit.move(m.src, m.dst, m.float);
      pending.splice(i, 1);
      i--;
      progressed = true;
    }
    if (progressed) continue;
    // Only cycles are left: save one destination's value in scratch and read it from there.
    const m = pending[0]!;
    const temp = m.float ? xmm(XSCRATCH) : SCRATCH;
    emit.move(m.dst, temp, m.float);
    for (const other of pending) if (other.src === m.dst) other.src = temp;
  }
  for (const c of constants) emit.load(c.src, c.dst, c.float);
}
