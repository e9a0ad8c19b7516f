// A tuple (a short array of mixed types) indexed by a variable.

export function main(argv: string[]): number {
  const entry: [string, number] = ["width", 80];
  const i = argv.length % 2;
  console.log(entry[i]);
  return 0;
}
/* ==== error
tests/annotator/golden/errors/tuple-variable-index.ts:6:15: error: a tuple [string, int] is indexed by a constant from 0 to 1; to index it with a variable, make its items one type (an array) or use a class
> 6 |   console.log(entry[i]);
    |               ^
  reached from: main

1 error
*/
