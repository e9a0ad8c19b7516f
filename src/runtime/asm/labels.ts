/**
 * What the assemblers of every target share (src/runtime/x86, src/runtime/aarch64): the error of
 * a misused assembler and the label a jump or a fixup names. RTS: run-time code, used by the JIT.
 */

/** A misuse of the assembler: a wrong operand, an immediate out of range, an unbound label. */
export class AsmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AsmError";
  }
}

/**
 * A position in the code of one Assembler (made by its newLabel()). `position` is -1 until the
 * label is bound; `pending` heads the chain of the assembler's fixups still waiting for it.
 */
export class Label {
  position: number;
  pending: number;

  constructor() {
    this.position = -1;
    this.pending = -1;
  }
}
