// Math: min/max of ints is int, of any float is float; abs of an int is an int; sqrt, pow and
// random are floats.

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}

function distance(x: number, y: number): number {
  return Math.sqrt(x * x + y * y);
}

function spread(a: number, b: number): number {
  return Math.abs(a - b);
}

export function main(argv: string[]): number {
  const c = clamp(argv.length, 0, 10);
  const d = distance(3, 4) + Math.pow(2, 10) + Math.random() * 0.25; // the result does not depend on the draw
  const m = Math.max(1, 2.5);
  return c + spread(1, 7) + Math.floor(d + m);
}
/* ==== annotate
math-builtins.ts:4 clamp(x: int, lo: int, hi: int) -> int
math-builtins.ts:8 distance(x: int, y: int) -> float
math-builtins.ts:12 spread(a: int, b: int) -> int
math-builtins.ts:16 main(argv: string[]) -> int
*/
