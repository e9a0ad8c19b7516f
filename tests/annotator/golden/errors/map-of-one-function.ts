// A Map whose only value is one function: get() may give undefined, and one function that may
// be undefined has no representation in a translated program yet, so annotate refuses it.

function fact(n: number): number { return n <= 1 ? 1 : n * fact(n - 1); }
const table = new Map<string, (n: number) => number>([["fact", fact]]);
export function main(argv: string[]): number {
  console.log(table.get("fact")!(argv.length + 3));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/map-of-one-function.ts:7:21: error: get() of a Map whose only value is the function fact is not supported (one function that may be undefined has no representation yet); call the function directly, or store objects with a method
> 7 |   console.log(table.get("fact")!(argv.length + 3));
    |                     ^
  reached from: main

1 error
*/
