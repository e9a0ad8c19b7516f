// Arrays: push, pop, length, reading and writing items; an array literal of one type is a list.

function reversed(xs: number[]): number[] {
  const result: number[] = [];
  for (let i = xs.length - 1; i >= 0; i--) result.push(xs[i]!);
  return result;
}

function sum(xs: number[]): number {
  let total = 0;
  while (xs.length > 0) total += xs.pop()!;
  return total;
}

export function main(argv: string[]): number {
  const xs = [3, 1, 2];
  xs[0] = argv.length;
  xs.push(4, 5);
  return sum(reversed(xs));
}
/* ==== annotate
arrays.ts:3 reversed(xs: int[]) -> int[]
arrays.ts:9 sum(xs: int[]) -> int
arrays.ts:15 main(argv: string[]) -> int
*/
