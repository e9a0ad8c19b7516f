// A small stack machine: opcodes as module constants, a switch dispatch loop, a class for the
// machine state and an exception for errors.

const PUSH = 0;
const ADD = 1;
const MUL = 2;
const PRINT = 3;
const HALT = 4;

class VMError extends Error {}

class Machine {
  stack: number[] = [];
  pc = 0;

  pop(): number {
    const value = this.stack.pop();
    if (value === undefined) throw new VMError(`stack underflow at ${this.pc}`);
    return value;
  }

  run(code: number[]): number {
    for (;;) {
      const op = code[this.pc++]!;
      switch (op) {
        case PUSH:
          this.stack.push(code[this.pc++]!);
          break;
        case ADD:
          this.stack.push(this.pop() + this.pop());
          break;
        case MUL:
          this.stack.push(this.pop() * this.pop());
          break;
        case PRINT:
          console.log(this.stack[this.stack.length - 1]!);
          break;
        case HALT:
          return this.pop();
        default:
          throw new VMError(`bad opcode ${op}`);
      }
    }
  }
}

export function main(argv: string[]): number {
  const code = [PUSH, 6, PUSH, argv.length, ADD, PUSH, 7, MUL, PRINT, HALT];
  return new Machine().run(code);
}
/* ==== annotate
stack-vm.ts:10 class VMError extends Error
stack-vm.ts:10 VMError.constructor(message: string) -> void
stack-vm.ts:12 class Machine
  pc: int
  stack: int[]
stack-vm.ts:12 Machine.constructor() -> void
stack-vm.ts:16 Machine.pop() -> int
stack-vm.ts:22 Machine.run(code: int[]) -> int
stack-vm.ts:47 main(argv: string[]) -> int
*/
