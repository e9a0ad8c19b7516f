// The float goes through a parameter, a field and a return before it is used as an index.

class Cursor {
  at: number;
  constructor(at: number) {
    this.at = at;
  }
}

function position(cursor: Cursor): number {
  return cursor.at;
}

export function main(argv: string[]): number {
  const cursor = new Cursor(parseInt(argv.length > 1 ? argv[1]! : "0"));
  const line = "hello";
  console.log(line[position(cursor)]!);
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-chain.ts:17:15: error: an index must be an integer, got float (an integer or NaN: after a test that isNaN(x) is false, x is an integer)
> 17 |   console.log(line[position(cursor)]!);
     |               ^
  reached from: main
tests/annotator/golden/errors/provenance-chain.ts:11:10: note: position() returns float because it returns cursor.at here
tests/annotator/golden/errors/provenance-chain.ts:6:5: note: Cursor.at is float because it is assigned here from parameter 'at'
tests/annotator/golden/errors/provenance-chain.ts:15:18: note: parameter 'at' of Cursor.constructor is float because it is given parseInt(...) here, which returns float (it may be NaN)

1 error
*/
