// A float given to slice(): it was parseFloat's result stored in a field.

class Range {
  start = 0;
  constructor(text: string) {
    this.start = parseFloat(text);
  }
}

export function main(argv: string[]): number {
  const range = new Range(argv.length > 1 ? argv[1]! : "2");
  console.log("abcdef".slice(range.start));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-substring.ts:12:24: error: argument 1 of slice() must be an integer, got float (after a test that Number.isInteger(x) is true, x is an integer)
> 12 |   console.log("abcdef".slice(range.start));
     |                        ^
  reached from: main
tests/annotator/golden/errors/provenance-substring.ts:6:5: note: Range.start is float because it is assigned here from parseFloat(...), which returns float (it may be NaN)

1 error
*/
