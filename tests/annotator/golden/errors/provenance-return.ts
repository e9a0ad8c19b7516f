// A function returning parseInt's result unchecked: the note points at its return.

function readCount(text: string): number {
  return parseInt(text, 10);
}

export function main(argv: string[]): number {
  const count = readCount(argv.length > 1 ? argv[1]! : "3");
  console.log("*".repeat(count));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-return.ts:9:19: error: argument 1 of repeat() must be an integer, got float (an integer or NaN: after a test that isNaN(x) is false, x is an integer)
> 9 |   console.log("*".repeat(count));
    |                   ^
  reached from: main
tests/annotator/golden/errors/provenance-return.ts:4:10: note: readCount() returns float because it returns parseInt(...) here, which returns float (it may be NaN)

1 error
*/
