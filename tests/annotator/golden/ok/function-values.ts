// Functions are values: a variable holding one of several functions is called indirectly;
// their parameters and results meet.

function add(a: number, b: number): number {
  return a + b;
}

function sub(a: number, b: number): number {
  return a - b;
}

function mul(a: number, b: number): number {
  return a * b;
}

function apply(f: (a: number, b: number) => number, x: number): number {
  return f(x, 2);
}

export function main(argv: string[]): number {
  const op = argv.length > 1 ? add : argv.length > 2 ? sub : mul;
  return op(3, 4) + apply(add, 1);
}
/* ==== annotate
function-values.ts:4 add(a: int, b: int) -> int
function-values.ts:8 sub(a: int, b: int) -> int
function-values.ts:12 mul(a: int, b: int) -> int
function-values.ts:16 apply(f: function add, x: int) -> int
function-values.ts:20 main(argv: string[]) -> int
*/
