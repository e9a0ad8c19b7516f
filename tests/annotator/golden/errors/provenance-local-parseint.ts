// parseInt's result used as an index without the isNaN test.

export function main(argv: string[]): number {
  const words = ["a", "b", "c"];
  const n = parseInt(argv.length > 1 ? argv[1]! : "1");
  console.log(words[n]!);
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-local-parseint.ts:6:15: error: an index must be an integer, got float (an integer or NaN: after a test that isNaN(x) is false, x is an integer)
> 6 |   console.log(words[n]!);
    |               ^
  reached from: main
tests/annotator/golden/errors/provenance-local-parseint.ts:5:13: note: this value is float because it is parseInt(...) here, which returns float (it may be NaN)

1 error
*/
