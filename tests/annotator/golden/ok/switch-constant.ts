// A switch whose cases are distinct constants (literals or module constants) becomes one
// multi-way branch; cases fall through and default catches the rest.

const OP_ADD = 1;
const OP_SUB = 2;
const OP_NEG = 3;

function apply(op: number, a: number, b: number): number {
  switch (op) {
    case OP_ADD:
      return a + b;
    case OP_SUB:
      return a - b;
    case OP_NEG:
    case 4:
      return -a;
    default:
      return 0;
  }
}

function kind(c: string): string {
  switch (c) {
    case "+":
    case "-":
      return "operator";
    case "(":
      return "paren";
  }
  return "other";
}

export function main(argv: string[]): number {
  console.log(kind((argv.length > 1 ? argv[1]! : "+")));
  return apply(argv.length, 5, 3);
}
/* ==== annotate
switch-constant.ts:8 apply(op: int, a: int, b: int) -> int
switch-constant.ts:22 kind(c: string) -> string
switch-constant.ts:33 main(argv: string[]) -> int
*/
