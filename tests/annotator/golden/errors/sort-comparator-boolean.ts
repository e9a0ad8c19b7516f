// A comparator returns a number: its sign decides the order.

export function main(argv: string[]): number {
  const xs = [10, 9, 1, argv.length];
  // @ts-expect-error: a boolean is not a number (TypeScript says so too)
  xs.sort((a, b) => a > b);
  return xs[0]!;
}
/* ==== error
tests/annotator/golden/errors/sort-comparator-boolean.ts:6:6: error: the comparator given to sort() must return a number (negative: a first, positive: b first, 0: keep their order), got bool
> 6 |   xs.sort((a, b) => a > b);
    |      ^
  reached from: main

1 error
*/
