// === between an int and a string is always false.

export function main(argv: string[]): number {
  const n = argv.length;
  // @ts-expect-error: no overlap
  return n === "1" ? 1 : 0;
}
/* ==== error
tests/annotator/golden/errors/equality-different-types.ts:6:10: error: === between int and char is always false; compare values of one type
> 6 |   return n === "1" ? 1 : 0;
    |          ^
  reached from: main

1 error
*/
