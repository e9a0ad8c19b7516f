/**
 * Parallel moves: the values a link passes to its target's inputargs, or a call's arguments to
 * the argument registers, all move "at once". Moves are emitted in an order where no
 * destination is still needed as a source; a cycle (a swap) is broken through the class's scratch
 * register of the target's RegisterFile (never allocated, so never a source). Constants are
 * loaded last: they read no location.
 *
 * Target-independent: the target emits each move and each constant load (MoveEmitter).
 */

import type { Location, RegisterFile } from "./location.js";

export interface Move<C> {
  src: Location | C;
  dst: Location;
  float: boolean;
}

/** What the target emits for a parallel move. */
export interface MoveEmitter<C> {
  /** One location to another (either may be a slot; the target uses its own second scratch for slot to slot). */
  move(src: Location, dst: Location, float: boolean): void;
  load(constant: C, dst: Location, float: boolean): void;
}

export function parallelMove<C>(registers: RegisterFile, moves: Move<C>[], emit: MoveEmitter<C>): void {
  const pending: { src: Location; dst: Location; float: boolean }[] = [];
  const constants: { src: C; dst: Location; float: boolean }[] = [];
  const seenDst = new Set<Location>();
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
    const temp = m.float ? registers.float.scratch : registers.general.scratch;
    emit.move(m.dst, temp, m.float);
    for (const other of pending) if (other.src === m.dst) other.src = temp;
  }
  for (const c of constants) emit.load(c.src, c.dst, c.float);
}
