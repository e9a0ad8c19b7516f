// while, do...while and for loops with break and continue.

function collatz(n: number): number {
  let steps = 0;
  while (n !== 1) {
    n = n % 2 === 0 ? n / 2 : 3 * n + 1;
    steps++;
  }
  return steps;
}

function digits(n: number): number {
  let count = 0;
  do {
    count++;
    n = Math.floor(n / 10);
  } while (n > 0);
  return count;
}

function firstOdd(xs: number[]): number {
  for (let i = 0; ; i++) {
    if (i >= xs.length) break;
    if (xs[i]! % 2 === 0) continue;
    return xs[i]!;
  }
  return -1;
}

export function main(argv: string[]): number {
  return collatz(27) + digits(12345) + firstOdd([2, 4, 5]) + argv.length;
}
/* ==== annotate
loops.ts:3 collatz(n: int) -> int
loops.ts:12 digits(n: int) -> int
loops.ts:21 firstOdd(xs: int[]) -> int
loops.ts:30 main(argv: string[]) -> int
*/
