// An array built at import time may contain itself: a list whose items are lists of the same
// kind (the type `T[]` where T is that list itself, printed `...[]`).

type Nested = Nested[];
const NESTED: Nested = [[]];
NESTED.push(NESTED);

function depth(list: Nested, limit: number): number {
  let d = 0;
  let current = list;
  while (current.length > 0 && d < limit) {
    current = current[current.length - 1]!;
    d++;
  }
  return d;
}

export function main(argv: string[]): number {
  return depth(NESTED, argv.length + 3);
}
/* ==== annotate
prebuilt-recursive-list.ts:8 depth(list: ...[], limit: int) -> int
prebuilt-recursive-list.ts:18 main(argv: string[]) -> int
*/
