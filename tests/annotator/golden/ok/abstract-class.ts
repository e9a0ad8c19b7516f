// An abstract class and abstract methods (erased with the types): a call through the base class
// reaches the implementations in the subclasses.

abstract class Instruction {
  abstract execute(stack: number[]): void;
  abstract name(): string;
}

class Push extends Instruction {
  value: number;
  constructor(value: number) {
    super();
    this.value = value;
  }
  execute(stack: number[]): void {
    stack.push(this.value);
  }
  name(): string {
    return "push";
  }
}

class Add extends Instruction {
  execute(stack: number[]): void {
    stack.push(stack.pop()! + stack.pop()!);
  }
  name(): string {
    return "add";
  }
}

export function main(argv: string[]): number {
  const program: Instruction[] = [new Push(argv.length), new Push(2), new Add()];
  const stack: number[] = [];
  for (const instruction of program) {
    console.log(instruction.name());
    instruction.execute(stack);
  }
  return stack[0]!;
}
/* ==== annotate
abstract-class.ts:4 class Instruction
abstract-class.ts:4 Instruction.constructor() -> void
abstract-class.ts:9 class Push extends Instruction
  value: int
abstract-class.ts:11 Push.constructor(value: int) -> void
abstract-class.ts:15 Push.execute(stack: int[]) -> void
abstract-class.ts:18 Push.name() -> string
abstract-class.ts:23 class Add extends Instruction
abstract-class.ts:23 Add.constructor() -> void
abstract-class.ts:24 Add.execute(stack: int[]) -> void
abstract-class.ts:27 Add.name() -> string
abstract-class.ts:32 main(argv: string[]) -> int
*/
