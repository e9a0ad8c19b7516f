// A float parameter used as an index: the note names the call that gave it.

function pick(items: string[], at: number): string {
  return items[at]!;
}

export function main(argv: string[]): number {
  console.log(pick(["x", "y"], parseFloat("1")));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-parameter.ts:4:10: error: an index must be an integer, got float (after a test that Number.isInteger(x) is true, x is an integer)
> 4 |   return items[at]!;
    |          ^
  reached from: main (tests/annotator/golden/errors/provenance-parameter.ts:8) -> pick
tests/annotator/golden/errors/provenance-parameter.ts:8:15: note: parameter 'at' of pick is float because it is given parseFloat(...) here, which returns float (it may be NaN)

1 error
*/
