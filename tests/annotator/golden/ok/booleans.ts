// Booleans: comparisons, !, and && / || between booleans give booleans.

function inRange(x: number, lo: number, hi: number): boolean {
  return x >= lo && x < hi;
}

function xor(a: boolean, b: boolean): boolean {
  return (a || b) && !(a && b);
}

export function main(argv: string[]): number {
  let flags = 0;
  const many = argv.length > 3;
  if (xor(many, inRange(argv.length, 1, 5))) flags |= 1;
  const done: boolean = !many;
  return done ? flags : 0;
}
/* ==== annotate
booleans.ts:3 inRange(x: int, lo: int, hi: int) -> bool
booleans.ts:7 xor(a: bool, b: bool) -> bool
booleans.ts:11 main(argv: string[]) -> int
*/
