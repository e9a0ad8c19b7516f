// A parameter given a number at one call and a string at another: the notes name both calls.

function show(value: number | string): string {
  return `[${value}]`;
}

export function main(argv: string[]): number {
  console.log(show(argv.length));
  console.log(show(argv.length > 1 ? argv[1]! : "none"));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-union-argument.ts:9:15: error: argument 'value' of show is given values of different types: int and string are different types (the int comes from line 8)
> 9 |   console.log(show(argv.length > 1 ? argv[1]! : "none"));
    |               ^
  reached from: main (tests/annotator/golden/errors/provenance-union-argument.ts:8) -> show
tests/annotator/golden/errors/provenance-union-argument.ts:8:15: note: parameter 'value' of show is int because it is given argv.length here

1 error
*/
