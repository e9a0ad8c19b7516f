// The items of an array are floats because one pushed value is: the note names the push.

export function main(argv: string[]): number {
  const sizes: number[] = [1, 2];
  sizes.push(Number(argv.length > 1 ? argv[1]! : "3"));
  const letters = "abcdef";
  console.log(letters[sizes[0]!]!);
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-array-items.ts:7:15: error: an index must be an integer, got float (after a test that Number.isInteger(x) is true, x is an integer)
> 7 |   console.log(letters[sizes[0]!]!);
    |               ^
  reached from: main
tests/annotator/golden/errors/provenance-array-items.ts:5:3: note: the items of the array made at line 4 are float because one is stored here from Number(...), which returns float (it may be NaN or have a fraction)

1 error
*/
