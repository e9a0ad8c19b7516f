/**
 * The JIT frame of a compiled trace (RPython's llsupport/jitframe.py, reduced): a raw block of
 * 8-byte words the caller allocates and passes to the trace, which it keeps in RBP while it runs.
 *
 *     word 0                 jf_descr: the number of the exit taken (also returned in RAX)
 *     word 1                 jf_guard_exc: the exception a failing guard_no_exception or
 *                            guard_exception took out of the runtime's exc_data (0: none), since
 *                            the code must return with exc_data clear (the caller's call of the
 *                            code would raise it otherwise: RPython's jf_guard_exc)
 *     words 2 .. io          the io slots: input argument i is read from slot i at entry; a guard
 *                            that fails (or a finish) writes its k-th fail argument (argument) to
 *                            slot k before returning; a safe point passes the references live at
 *                            its label to the collector there
 *     words 2+io ..          spill slots: values the register allocator keeps in memory
 *
 * Every slot holds 64 bits: an integer or a reference as itself, a float as its IEEE 754 bits.
 * `AssembledTrace.frameWords` is the whole frame's size in words (header, io and spill slots);
 * `ioSlots` how many io slots there are (the largest of the inputs and the fail arguments).
 *
 * RTS.
 */

/** Bytes before the first slot: jf_descr and jf_guard_exc. */
export const FRAME_HEADER_BYTES = 16;
/** The offset of jf_descr. */
export const FRAME_DESCR_OFFSET = 0;
/** The offset of jf_guard_exc. */
export const FRAME_GUARD_EXC_OFFSET = 8;

/** The offset in the frame of slot k (io slots first, then spill slots). */
export function slotOffset(k: number): number {
  return FRAME_HEADER_BYTES + 8 * k;
}
