// Recursion: a function's result is known from its base case before the recursive calls.

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function power(base: number, exp: number): number {
  if (exp === 0) return 1;
  const half = power(base, Math.floor(exp / 2));
  return exp % 2 === 0 ? half * half : half * half * base;
}

export function main(argv: string[]): number {
  return fib(argv.length + 10) + Math.floor(power(2, 10) + power(1.5, 3));
}
/* ==== annotate
recursion.ts:3 fib(n: int) -> int
recursion.ts:7 power(base: float, exp: int) -> float
recursion.ts:13 main(argv: string[]) -> int
*/
