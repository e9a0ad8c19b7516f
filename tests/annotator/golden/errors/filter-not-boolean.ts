// The callback of filter (some, every, find, findIndex) returns a boolean in RTS.

export function main(argv: string[]): number {
  const odd = [1, 2, 3, argv.length].filter((x) => x % 2);
  return odd.length;
}
/* ==== error
tests/annotator/golden/errors/filter-not-boolean.ts:4:38: error: the function given to filter() must return a boolean in RTS, got int; compare explicitly (x !== 0, s.length > 0, v !== undefined)
> 4 |   const odd = [1, 2, 3, argv.length].filter((x) => x % 2);
    |                                      ^
  reached from: main

1 error
*/
