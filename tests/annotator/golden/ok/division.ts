// `/` always gives a float; Math.floor, Math.trunc, Math.round and `| 0` give ints back.

function average(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function intDivide(a: number, b: number): number {
  return Math.floor(a / b);
}

function truncated(a: number, b: number): number {
  return Math.trunc(a / b);
}

function toInt32(x: number): number {
  return (x / 3) | 0;
}

export function main(argv: string[]): number {
  const avg = average([1, 2, 3, 4]);
  const q = intDivide(17, 5) + truncated(-17, 5) + toInt32(100) + Math.round(avg);
  return q + Math.ceil(avg) + argv.length;
}
/* ==== annotate
division.ts:3 average(values: int[]) -> float
division.ts:9 intDivide(a: int, b: int) -> int
division.ts:13 truncated(a: int, b: int) -> int
division.ts:17 toInt32(x: int) -> int
division.ts:21 main(argv: string[]) -> int
*/
