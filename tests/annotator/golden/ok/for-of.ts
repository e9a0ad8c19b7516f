// for...of over arrays (of objects and of tuples), strings and Sets.

class Point {
  x: number;
  y: number;
  constructor(x: number, y: number) {
    this.x = x;
    this.y = y;
  }
}

function vowels(text: string): number {
  let n = 0;
  for (const c of text) if ("aeiou".includes(c)) n++;
  return n;
}

export function main(argv: string[]): number {
  let sum = 0;
  for (const p of [new Point(1, 2), new Point(3, 4)]) sum += p.x * p.y;
  const pairs: [string, number][] = [["a", 1], ["b", 2]];
  for (const [name, value] of pairs) sum += name.length + value;
  for (const arg of new Set(argv)) sum += vowels(arg);
  return sum;
}
/* ==== annotate
for-of.ts:3 class Point
  x: int
  y: int
for-of.ts:6 Point.constructor(x: int, y: int) -> void
for-of.ts:12 vowels(text: string) -> int
for-of.ts:18 main(argv: string[]) -> int
*/
