// Array.from (and Array.of, new Array) at run time: RTS builds arrays with literals and push.

export function main(argv: string[]): number {
  const copy = Array.from(argv);
  return copy.length;
}
/* ==== error
tests/annotator/golden/errors/unsupported-array-from.ts:4:22: error: Array.from is not supported in RTS; copy an array with slice(), or build one with a for loop and push
> 4 |   const copy = Array.from(argv);
    |                      ^
  reached from: main

1 error
*/
