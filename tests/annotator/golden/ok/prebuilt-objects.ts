// Objects built at import time are constants of the program: their fields tell the annotator
// the fields' types, and run-time code can read and update them.

class Opcode {
  name: string;
  arity: number;
  uses: number;
  constructor(name: string, arity: number) {
    this.name = name;
    this.arity = arity;
    this.uses = 0;
  }
}

const PUSH = new Opcode("push", 1);
const ADD = new Opcode("add", 0);

function use(op: Opcode): number {
  op.uses++;
  return op.arity;
}

export function main(argv: string[]): number {
  const op = argv.length > 1 ? PUSH : ADD;
  console.log(op.name);
  return use(op) + use(ADD);
}
/* ==== annotate
prebuilt-objects.ts:4 class Opcode
  arity: int
  name: string
  uses: int
prebuilt-objects.ts:18 use(op: Opcode) -> int
prebuilt-objects.ts:23 main(argv: string[]) -> int
*/
