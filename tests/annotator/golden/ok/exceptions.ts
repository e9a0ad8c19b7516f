// Exceptions of several classes raised in callees meet at the catch: the caught value is
// their common base, and Error's message is a string.

class InterpreterError extends Error {}

class StackUnderflow extends InterpreterError {
  depth: number;
  constructor(depth: number) {
    super("stack underflow");
    this.depth = depth;
  }
}

class UnknownOpcode extends InterpreterError {
  opcode: number;
  constructor(opcode: number) {
    super(`unknown opcode ${opcode}`);
    this.opcode = opcode;
  }
}

function step(opcode: number, depth: number): number {
  if (depth <= 0) throw new StackUnderflow(depth);
  if (opcode > 10) throw new UnknownOpcode(opcode);
  return depth - 1;
}

export function main(argv: string[]): number {
  try {
    return step(argv.length, 3);
  } catch (e) {
    if (e instanceof InterpreterError) {
      console.log(e.message);
      return 2;
    }
    return 3;
  }
}
/* ==== annotate
exceptions.ts:4 class InterpreterError extends Error
exceptions.ts:4 InterpreterError.constructor(message: string) -> void
exceptions.ts:6 class StackUnderflow extends InterpreterError
  depth: int
exceptions.ts:8 StackUnderflow.constructor(depth: int) -> void
exceptions.ts:14 class UnknownOpcode extends InterpreterError
  opcode: int
exceptions.ts:16 UnknownOpcode.constructor(opcode: int) -> void
exceptions.ts:22 step(opcode: int, depth: int) -> int
exceptions.ts:28 main(argv: string[]) -> int
*/
