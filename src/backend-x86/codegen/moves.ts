/**
 * Parallel moves for x86-64: the shared algorithm (src/backend/moves.ts), cycles broken through
 * rax or xmm14 (locations.ts SCRATCH, XSCRATCH).
 */

import { parallelMove as parallelMoveOn, type Move, type MoveEmitter } from "../../backend/moves.js";
import { X86_REGISTERS } from "./locations.js";

export type { Move, MoveEmitter };

export function parallelMove<C>(moves: Move<C>[], emit: MoveEmitter<C>): void {
  parallelMoveOn(X86_REGISTERS, moves, emit);
}
