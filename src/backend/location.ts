/**
 * Where a value lives while a function runs, as one number the target defines: its registers
 * first (0 .. slotBase - 1, general and floating-point classes side by side), then the frame's
 * spill slots (slotBase + n, 8 bytes each). The shared register allocator and parallel moves work
 * on these numbers and on the target's `RegisterFile`, never on a machine's register names.
 *
 * x86-64 numbers rax..r15 as 0-15, xmm0..xmm15 as 16-31 and slots from 32; AArch64 would number
 * x0..x30 as 0-30, v0..v31 as 32-63 and slots from 64.
 */

export type Location = number;

/** One class of registers (general or floating-point) as the allocator and the moves see it. */
export interface RegisterClass {
  /** Registers a call may clobber, in the order the allocator tries them (free in leaf functions). */
  readonly callerSaved: readonly Location[];
  /** Registers a call preserves (the prologue saves the ones the function writes), in allocation order. */
  readonly calleeSaved: readonly Location[];
  /** Argument registers of the internal convention, in order. */
  readonly args: readonly Location[];
  /** The register that carries a function's result. */
  readonly result: Location;
  /** Never allocated: parallel moves break cycles through it, so it is never a move's source. */
  readonly scratch: Location;
}

/** A target's registers: what the allocator hands out and where slots start. */
export interface RegisterFile {
  /** The first spill slot's location: every register's number is below it. */
  readonly slotBase: number;
  readonly general: RegisterClass;
  readonly float: RegisterClass;
}

export const isSlotIn = (file: RegisterFile, loc: Location): boolean => loc >= file.slotBase;
export const slotIn = (file: RegisterFile, n: number): Location => file.slotBase + n;
/** The slot's index in the frame (0, 1, ...). */
export const slotIndexIn = (file: RegisterFile, loc: Location): number => loc - file.slotBase;
