// Integers: + - * % of ints stay ints; a sum of values known to be >= 0 stays >= 0 (nonNeg is
// not printed, but a negative constant makes a result that may be negative).

function sumTo(n: number): number {
  let total = 0;
  for (let i = 1; i <= n; i++) total += i;
  return total;
}

function remainder(a: number, b: number): number {
  return a % b;
}

function difference(a: number, b: number): number {
  return a * 2 - b;
}

export function main(argv: string[]): number {
  const n = argv.length + 10;
  return sumTo(n) + remainder(n, 3) + difference(n, -4);
}
/* ==== annotate
int-arithmetic.ts:4 sumTo(n: int) -> int
int-arithmetic.ts:10 remainder(a: int, b: int) -> int
int-arithmetic.ts:14 difference(a: int, b: int) -> int
int-arithmetic.ts:18 main(argv: string[]) -> int
*/
