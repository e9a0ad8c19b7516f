// sort() without a comparator compares numbers as strings in JavaScript: RTS asks for one.

export function main(argv: string[]): number {
  const xs = [10, 9, 1, argv.length];
  xs.sort();
  return xs[0]!;
}
/* ==== error
tests/annotator/golden/errors/sort-numbers-default.ts:5:6: error: sort() without a comparator compares the items as strings in JavaScript ([10, 9, 1].sort() is [1, 10, 9]); RTS sorts only strings that way; pass a comparator: sort((a, b) => a - b) for numbers in ascending order
> 5 |   xs.sort();
    |      ^
  reached from: main

1 error
*/
