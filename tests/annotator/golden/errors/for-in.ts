// for...in is not RTS.

export function main(argv: string[]): number {
  let count = 0;
  for (const i in argv) count += i.length;
  return count;
}
/* ==== error
tests/annotator/golden/errors/for-in.ts:5:3: error: for...in is not RTS; iterate over an array or a Map with for...of
> 5 |   for (const i in argv) count += i.length;
    |   ^
  reached from: main

1 error
*/
